/* command_show: the commands that report on the session: kl, show, json,
 * terms, normalize, measures, top, find, grad and fit (which replaces Q
 * only when asked for one direction). Handlers of command.c's table (see
 * it for their help). */
#ifndef KLX_COMMAND_SHOW_H
#define KLX_COMMAND_SHOW_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_show_normalize, command_show_kl, command_show_report,
    command_show_json, command_show_terms, command_show_measures,
    command_show_top, command_show_find, command_show_grad, command_show_fit;

#endif
