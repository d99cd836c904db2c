/* prompt: one line of input on the bottom row, edited with GNU Readline.
 *
 * Readline runs through its callback interface with its input, output and
 * redisplay routed through curses, so it never writes to the terminal
 * behind curses' back: it gets raw bytes from curses (keypad translation is
 * off while a prompt is open, so arrow keys arrive as the escape sequences
 * readline knows), it draws through prompt_draw(), its own output goes to
 * /dev/null, and it neither touches the terminal modes nor catches signals
 * nor exports LINES/COLUMNS. The prompt shares the REPL's history file and
 * tab completion. */
#ifndef KLX_PROMPT_H
#define KLX_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

enum prompt_state {
    PROMPT_CLOSED,
    PROMPT_EDITING,
    PROMPT_DONE,        /* a line is ready: prompt_take() */
    PROMPT_CANCELLED,
};

/* Once per TUI run, after curses has started. History warnings go to the
 * message buffer `warn` (size bytes; empty when all is well). */
void prompt_init(char *warn, size_t size);
/* Removes readline's handler and saves the history; warnings go to
 * warn[size] as for prompt_init. */
void prompt_finish(char *warn, size_t size);

/* Opens a prompt showing `text` (e.g. ":" or "set p 2 "). */
void prompt_open(const char *text);
enum prompt_state prompt_state(void);

/* Feeds one raw byte typed by the user. */
enum prompt_state prompt_feed(int byte);

/* Closes the prompt without a line (Esc, Ctrl-C). */
void prompt_cancel(void);

/* The finished line (owned by the caller, who frees it); closes the
 * prompt. NULL unless the state is PROMPT_DONE. */
char *prompt_take(void);

/* Draws the prompt line (and completion candidates above it) and places
 * the cursor; call after the view has drawn the frame. */
void prompt_draw(void);

/* Adds a line to the shared history. */
void prompt_remember(const char *line);

#endif
