/* history: the readline history file shared by the REPL and the TUI's ':'
 * prompt, at $XDG_STATE_HOME/klx/history (default
 * ~/.local/state/klx/history). A history that cannot be read or written is
 * a warning, never fatal, and a failed write never truncates the old file. */
#ifndef KLX_HISTORY_H
#define KLX_HISTORY_H

#include <stdio.h>

/* Loads the history file into readline's history list. Warnings go to
 * `warn` (may be NULL). */
void history_open(FILE *warn);

/* Adds a line (not blank, not a repeat of the previous one). */
void history_remember(const char *line);

/* Writes the history back (atomically). */
void history_close(FILE *warn);

#endif
