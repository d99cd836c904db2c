/* command_joint: the `joint` command group (joint tables and mutual
 * information), one entry in command.c's table.
 *
 *   joint                    the table, marginals, product, every cell's
 *                            term, the totals and the identities
 *   joint R C V11 V12 ...    a table typed row by row (counts are fine)
 *   joint load FILE          a matrix CSV or a long-form x,y,p file
 *   joint save[!] FILE       the matrix CSV, atomically
 *   joint indep | copy N | noisy EPS    generated tables
 *   joint set X Y V          one cell, rescaling the others
 *   joint kl                 P = the cells, Q = the product of marginals
 *   joint json | export[!] FILE.txt|.md|.svg
 *
 * Every change is one undo step of the session; a failing subcommand
 * changes nothing. */
#ifndef KLX_COMMAND_JOINT_H
#define KLX_COMMAND_JOINT_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_joint;

/* The table entry's usage, summary and help text (the last two marked
 * for translation, here where they are written). */
#define COMMAND_JOINT_USAGE "joint [SUBCOMMAND]"
#define COMMAND_JOINT_SUMMARY command_joint_summary
extern const char command_joint_summary[];
extern const char command_joint_help[];

/* For completion: the subcommands' names (NULL-terminated), and whether
 * the word after a subcommand is a file name. */
extern const char *const command_joint_subcommands[];
bool command_joint_takes_file(const char *sub);

#endif
