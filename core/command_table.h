/* command_table: the shape of one row of the command table, shared by the
 * files that define commands (command.c, command_view.c) and the one that
 * completes them (command_complete.c). Private to core: front ends see
 * commands only through command.h. */
#ifndef KLX_COMMAND_TABLE_H
#define KLX_COMMAND_TABLE_H

#include "command.h"

/* A handler gets the words after the command name in c->words and the raw
 * text after the name (for number lists). It returns false with err set
 * when the command fails; it must not change the session in that case. */
typedef bool (*handler)(struct command *c, const char *rest, int rest_col,
                        struct buf *out, struct error *err);

struct command_def {
    const char *name;
    handler run;
    int min_args, max_args;    /* max -1 = any */
    const char *usage;
    const char *summary;
    const char *help;
};

/* Row i of the whole language: command.c's commands, then the explorer's
 * view commands; NULL past the end. */
const struct command_def *command_def_at(size_t i);

/* The explorer's view commands (command_view.c), n of them. */
const struct command_def *command_view_defs(size_t *n);

/* The words that can follow view command `cmd` as word `index` (1 = the
 * first argument; `first` is that argument when index is 2),
 * NULL-terminated, for Tab completion; NULL for none. */
const char *const *command_view_words(const char *cmd, size_t index,
                                      const char *first);

#endif
