/* command_internal: helpers shared by the files of the command language
 * (command.c and its command groups). Internal to core's command module:
 * front ends and tests use command.h. */
#ifndef KLX_COMMAND_INTERNAL_H
#define KLX_COMMAND_INTERNAL_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"
#include "session.h"

/* "p" or "P", "q" or "Q"; else an error naming the word. */
bool command_parse_which(const char *w, enum which *out, struct error *err);

/* "NAME normalized: the values summed to SUM" when sum is not 1. */
void command_note_sum(const char *name, double sum, struct buf *out);

#endif
