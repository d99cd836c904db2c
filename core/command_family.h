/* command_family: the commands that generate P or Q from a family
 * (`p binom 10 0.3`), show and move a family's parameters (`family`,
 * `param`), draw samples (`sample`) and build codes (`code`).
 *
 * A distribution remembers the family expression that generated it for as
 * long as its values and the table's labels are exactly the generated
 * ones: an edit by hand forgets it, and undo back to the generated values
 * brings it back. The memory belongs to the command interpreter (struct
 * command), not to the table file. */
#ifndef KLX_COMMAND_FAMILY_H
#define KLX_COMMAND_FAMILY_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"
#include "family.h"

struct family_memory;

struct family_memory *family_memory_new(void);
void family_memory_free(struct family_memory *m);

/* The family P or Q was generated from, if it still holds those values;
 * NULL otherwise. Owned by the memory. */
const struct family *command_family_of(const struct command *c,
                                       enum which w);

/* `p EXPR` / `q EXPR`: generates w from the family expression in `rest`
 * (col: the column of rest[0]). When the family's support differs from
 * the table's labels, the labels become the support and the other
 * distribution is re-evaluated on it if it has a family, else keeps its
 * values when the number of entries is the same, else becomes uniform;
 * `out` says which. */
bool command_family_generate(struct command *c, enum which w,
                             const char *rest, int col, struct buf *out,
                             struct error *err);

/* Whether -p or -q on the command line holds a family expression (its
 * first word names a family) rather than a list of values. */
bool command_family_wanted(const char *p_text, const char *q_text);

/* The starting table from -p and -q when command_family_wanted: P first,
 * then Q, each a family or a list of values, by the rules of
 * command_family_generate; then the session's start (no undo). Messages
 * are dropped; an error names the option. */
bool command_family_start(struct command *c, const char *p_text,
                          const char *q_text, struct error *err);

/* Handlers of the command table (see command.c for their help). */
command_handler command_family_show, command_family_param,
    command_family_sample, command_family_code, command_family_sweep;

#endif
