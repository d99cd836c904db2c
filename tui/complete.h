/* complete: readline tab completion for klx's command language: command
 * names, p/q, bases, and file names after load/save. The candidates come
 * from core (command_complete); this file only adapts them to readline. */
#ifndef KLX_COMPLETE_H
#define KLX_COMPLETE_H

#include "command.h"

void complete_install(void);

/* Labels complete from the table of c's session (NULL: none). */
void complete_use(const struct command *c);

#endif
