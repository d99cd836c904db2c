/* command_edit: the commands that change P, Q and the labels: p, q,
 * labels, set, add, del, swap, uniform and smooth; each one undo step of
 * the session. Handlers of command.c's table (see it for their help). */
#ifndef KLX_COMMAND_EDIT_H
#define KLX_COMMAND_EDIT_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_edit_p, command_edit_q, command_edit_labels,
    command_edit_set, command_edit_add, command_edit_del, command_edit_swap,
    command_edit_uniform, command_edit_smooth;

#endif
