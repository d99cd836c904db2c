/* command_file: the commands that read and write files: load, presets,
 * preset, save[!] and export[!]. Handlers of command.c's table (see it
 * for their help). */
#ifndef KLX_COMMAND_FILE_H
#define KLX_COMMAND_FILE_H

#include <stdbool.h>

#include "buf.h"
#include "command.h"
#include "error.h"

bool command_file_load(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_file_presets(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err);
bool command_file_preset(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err);
bool command_file_save(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err);
bool command_file_save_force(struct command *c, const char *rest, int col,
                             struct buf *out, struct error *err);
bool command_file_export(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err);
bool command_file_export_force(struct command *c, const char *rest, int col,
                               struct buf *out, struct error *err);

#endif
