/* complete: readline tab completion for klx's command language: command
 * names, p/q, bases, and file names after load/save. The candidates come
 * from core (command_complete); this file only adapts them to readline. */
#ifndef KLX_COMPLETE_H
#define KLX_COMPLETE_H

void complete_install(void);

#endif
