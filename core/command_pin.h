/* command_pin: `pin` and `unpin`, the commands of the snapshot to compare
 * with (pin.h). */
#ifndef KLX_COMMAND_PIN_H
#define KLX_COMMAND_PIN_H

#include "command_table.h"

/* Handlers of the command table (see command.c for their help). */
command_handler command_pin_take, command_pin_drop;

#endif
