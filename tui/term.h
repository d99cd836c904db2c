/* term: the terminal's lifecycle. This is the only file that calls initscr
 * and endwin.
 *
 * Promises:
 *  - term_done() restores the terminal and is safe to call any number of
 *    times; term_start() registers it with atexit, so every way out of the
 *    program (return, exit, a fatal signal) leaves a sane terminal.
 *  - Signal handlers never draw: SIGINT, SIGTERM, SIGHUP and SIGQUIT only
 *    set flags (term_poll_signal); SIGTERM, SIGHUP and SIGQUIT end the
 *    program by that same signal once the terminal is restored
 *    (term_die_by); SIGTSTP is turned into a suspend that the main loop
 *    performs (term_suspend) followed by a full redraw; fatal signals
 *    restore the terminal and re-raise so the default action (core dump,
 *    sanitizer report) still happens. The REPL uses the same handlers
 *    (term_signals_install) without curses.
 *  - Keys come from term_key() with curses translated into keymap codes;
 *    mouse events are reported as TERM_MOUSE with the position. */
#ifndef KLX_TERM_H
#define KLX_TERM_H

#include <stdbool.h>

#include "error.h"

enum term_signal {
    TERM_SIG_NONE,
    TERM_SIG_INT,       /* Ctrl-C when it arrives as a signal */
    TERM_SIG_TERM,      /* SIGTERM, SIGHUP or SIGQUIT: leave now
                           (term_quit_signal says which) */
    TERM_SIG_SUSPEND,   /* Ctrl-Z */
    TERM_SIG_CONT,      /* resumed by someone else: redraw */
};

/* Sets up curses on standard output, with keys from standard input or,
 * when that is not a terminal (it holds the table), from /dev/tty.
 * Returns false with a message (and the terminal untouched) when there is
 * no usable terminal. */
bool term_start(bool mouse, struct error *err);
void term_done(void);

/* Installs the signal handlers (term_start does so too); once is enough. */
void term_signals_install(void);

/* The most urgent pending signal, cleared as it is returned. */
enum term_signal term_poll_signal(void);

/* Whether a SIGINT or a quit signal is waiting to be polled: a blocking
 * load asks this to know it should stop. */
bool term_interrupt_pending(void);

/* Whether a SIGINT is waiting to be polled. */
bool term_sigint_pending(void);

/* Forgets a pending SIGINT: the command it interrupted has answered it. */
void term_clear_interrupt(void);

/* The quit signal that term_poll_signal returned as TERM_SIG_TERM, or 0. */
int term_quit_signal(void);

/* Ends the process by `sig` with its default action, as if it had never
 * been caught (the shell sees 128 + sig), once the terminal is restored.
 * Returns only if that did not end the process. */
void term_die_by(int sig);

/* Stops the process with SIGTSTP's default action (whatever handler is
 * installed) and returns once it is resumed, with the SIGCONT of that
 * resume forgotten; the caller has given the terminal back first. */
void term_stop(void);

/* Stops the process the way Ctrl-Z does and returns after it is resumed,
 * with the screen marked for a full redraw. */
void term_suspend(void);

/* Mouse reporting on or off (off lets the terminal select text). Returns
 * whether the mouse is now on. */
bool term_mouse(bool on);
bool term_mouse_on(void);

/* Special results of term_key besides keymap keys and characters. */
#define TERM_NONE (-1)      /* timeout or signal: nothing read */
#define TERM_RESIZE (-2)
#define TERM_MOUSE (-3)

struct term_mouse_event {
    int x, y;
    bool press;        /* button 1 pressed */
    bool release;      /* button 1 released */
    bool drag;         /* moved with button 1 held */
    int wheel;         /* -1 up, +1 down, 0 none */
};

/* Waits up to timeout_ms for a key. Characters come back as Unicode code
 * points (UTF-8 is decoded by curses). */
int term_key(int timeout_ms, struct term_mouse_event *m);

/* Reads one raw byte for readline (keypad translation off), or TERM_NONE
 * after timeout_ms, or TERM_RESIZE. */
int term_raw_byte(int timeout_ms);

/* The next raw byte if one arrives within timeout_ms (it stays unread),
 * else TERM_NONE. */
int term_peek_byte(int timeout_ms);

/* Switches the key translation used by term_key (on) and term_raw_byte
 * (off). */
void term_keypad(bool on);

/* Whether the terminal can show colors and the user did not ask for none
 * (NO_COLOR). */
bool term_colors(void);

/* Whether the locale's character set is UTF-8. */
bool term_utf8(void);

#endif
