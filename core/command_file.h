/* command_file: the commands that read and write files: load, presets,
 * preset, save[!] and export[!]. Handlers of command.c's table (see it
 * for their help). */
#ifndef KLX_COMMAND_FILE_H
#define KLX_COMMAND_FILE_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_file_load, command_file_presets, command_file_preset,
    command_file_save, command_file_save_force, command_file_export,
    command_file_export_force;

#endif
