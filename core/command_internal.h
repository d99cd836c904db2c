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

/* Makes what was appended to out from byte `from` on, klx's own prose,
 * fit the output: its accented letters as plain ones when c->utf8_text is
 * off (utf8_ascii_letters), so "Rényi" reads "Renyi" under LANG=C. */
void command_prose(const struct command *c, struct buf *out, size_t from);

/* "NAME normalized: the values summed to SUM" when sum is not 1. */
void command_note_sum(const char *name, double sum, struct buf *out);

#endif
