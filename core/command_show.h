/* command_show: the commands that report on the session: kl, show, json,
 * terms, normalize, measures, top, find, grad and fit (which replaces Q
 * only when asked for one direction). Handlers of command.c's table (see
 * it for their help). */
#ifndef KLX_COMMAND_SHOW_H
#define KLX_COMMAND_SHOW_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"

bool command_show_normalize(struct command *c, const char *rest, int col,
                            struct buf *out, struct error *err);
bool command_show_kl(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err);
bool command_show_report(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err);
bool command_show_json(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_show_terms(struct command *c, const char *rest, int col,
                        struct buf *out, struct error *err);
bool command_show_measures(struct command *c, const char *rest, int col,
                           struct buf *out, struct error *err);
bool command_show_top(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err);
bool command_show_find(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_show_grad(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_show_fit(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err);

#endif
