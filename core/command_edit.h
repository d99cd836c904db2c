/* command_edit: the commands that change P, Q and the labels: p, q,
 * labels, set, add, del, swap, uniform and smooth; each one undo step of
 * the session. Handlers of command.c's table (see it for their help). */
#ifndef KLX_COMMAND_EDIT_H
#define KLX_COMMAND_EDIT_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"

bool command_edit_p(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err);
bool command_edit_q(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err);
bool command_edit_labels(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err);
bool command_edit_set(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err);
bool command_edit_add(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err);
bool command_edit_del(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err);
bool command_edit_swap(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_edit_uniform(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_edit_smooth(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err);

#endif
