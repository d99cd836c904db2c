/* command_table: the shape of one row of the command table, shared by the
 * files that define commands (command.c, command_view.c) and the one that
 * completes them (command_complete.c). Private to core: front ends see
 * commands only through command.h. */
#ifndef KLX_COMMAND_TABLE_H
#define KLX_COMMAND_TABLE_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"

/* A handler gets the words after the command name in c->words and the raw
 * text after the name, starting at column rest_col (for number lists). It
 * returns false with err set when the command fails; it must not change
 * the session in that case. The command files declare their handlers with
 * this type (command_handler command_show_kl, ...;). */
typedef bool command_handler(struct command *c, const char *rest,
                             int rest_col, struct buf *out,
                             struct error *err);
typedef command_handler *handler;

#if defined(__GNUC__)
#define COMMAND_MAYBE_UNUSED __attribute__((unused))
#else
#define COMMAND_MAYBE_UNUSED
#endif

/* A handler's parameters, as command_handler names them, in its
 * definition: bool command_show_kl(COMMAND_PARAMS). Most handlers read
 * only some of them, so none is reported unused. */
#define COMMAND_PARAMS                                                     \
    struct command *c COMMAND_MAYBE_UNUSED,                                \
    const char *rest COMMAND_MAYBE_UNUSED,                                 \
    int rest_col COMMAND_MAYBE_UNUSED,                                     \
    struct buf *out COMMAND_MAYBE_UNUSED,                                  \
    struct error *err COMMAND_MAYBE_UNUSED

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
