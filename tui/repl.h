/* repl: klx's command line. On a terminal it is an interactive GNU Readline
 * prompt (history, tab completion, Ctrl-C clears the line or cancels a load
 * waiting for input, Ctrl-D quits; Ctrl-Z and fg give the terminal back and
 * take it again with the prompt redrawn; SIGTERM, SIGHUP and SIGQUIT
 * restore the terminal, save the history, then end klx by that signal);
 * otherwise it runs standard input as a script: no prompt, no echo, only
 * the commands' output, and the first failing command stops it with
 * `klx: line N: message` and exit status 1 (unless keep_going); there
 * `load -` is an error, since standard input is the script. A line longer
 * than 16 MiB fails likewise, without being read into memory. A read error
 * on the script, or output that cannot be written, stops it even with
 * keep_going (see output.h for the status). */
#ifndef KLX_REPL_H
#define KLX_REPL_H

#include <stdbool.h>

#include "command.h"

int repl_run(struct command *cmd, bool keep_going);

#endif
