/* tui: the full-screen explorer (ncursesw). */
#ifndef KLX_TUI_H
#define KLX_TUI_H

#include "command.h"
#include "options.h"

/* Runs the explorer until the user quits. Returns the exit status.
 * The terminal is restored on every way out. */
int tui_run(struct command *cmd, const struct options *opts);

/* Notes the time the program started, for KLX_TRACE_FRAMES's
 * first_frame_ms (call it first thing in main). */
void tui_mark_start(void);

#endif
