/* command_session: the commands about the session rather than its data:
 * alpha, base, the tour (tour, next, back), undo, redo, help and quit.
 * Handlers of command.c's table (see it for their help); command_run
 * returns CMD_QUIT after command_session_quit. */
#ifndef KLX_COMMAND_SESSION_H
#define KLX_COMMAND_SESSION_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"

bool command_session_alpha(struct command *c, const char *rest, int col,
                           struct buf *out, struct error *err);
bool command_session_base(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_tour(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_next(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_back(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_undo(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_redo(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_help(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_session_quit(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);

#endif
