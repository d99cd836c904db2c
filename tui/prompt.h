/* prompt: the one file that uses GNU Readline: the explorer's prompt line,
 * the REPL's line, their shared history file and Tab completion.
 *
 * The explorer's prompt is one line of input on the bottom row.
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

#include "command.h"

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

/* Tab completion offers the labels of c's session (NULL: none). */
void prompt_complete_use(const struct command *c);

/* The REPL's line on a plain terminal (no curses), through readline's
 * callback interface. prompt_repl_start loads the history and sets up
 * completion for c; prompt_repl_install shows the prompt "klx> " and
 * hands each finished line (NULL at Ctrl-D; the callee frees it) to
 * got_line; prompt_repl_read feeds readline what prompt_repl_fd has to
 * read; prompt_repl_remove takes the prompt away and gives the terminal
 * back. */
void prompt_repl_start(const struct command *c);
void prompt_repl_install(void (*got_line)(char *line));
/* The prompt from the next line on (before prompt_repl_install: the
 * prompt it shows first). */
void prompt_repl_set(const char *text);
int prompt_repl_fd(void);
void prompt_repl_read(void);
void prompt_repl_remove(void);
/* Ctrl-C: abandons the line being typed, as in a shell. */
void prompt_repl_clear_line(void);
/* Before a stop (stop: Ctrl-Z, echoed as ^Z) or after a SIGCONT: the
 * terminal as the shell had it; prompt_repl_resume brings readline's mode
 * and the prompt with the line so far back. */
void prompt_repl_leave(bool stop);
void prompt_repl_resume(void);
/* Saves the history (warnings on stderr). */
void prompt_repl_finish(void);

#endif
