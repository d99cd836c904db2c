/* command_session: the commands about the session rather than its data:
 * alpha, base, undo, redo, help and quit.
 * Handlers of command.c's table (see it for their help); command_run
 * returns CMD_QUIT after command_session_quit. */
#ifndef KLX_COMMAND_SESSION_H
#define KLX_COMMAND_SESSION_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_session_alpha, command_session_base,
    command_session_undo, command_session_redo, command_session_help,
    command_session_quit;

#endif
