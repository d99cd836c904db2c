#include "term.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "i18n.h"
#include "keymap.h"

static bool started;
static bool mouse_on;
static bool colors;

static volatile sig_atomic_t sig_int;
static volatile sig_atomic_t sig_term;     /* SIGTERM, SIGHUP or SIGQUIT */
static volatile sig_atomic_t sig_tstp;
static volatile sig_atomic_t sig_cont;
static int quit_signal;     /* the quit signal polled, 0 if none */
static bool handlers_on;

/* SIGQUIT asks to leave, as SIGTERM does: the history is saved and the
 * terminal restored before the process ends by it. */
static const int flag_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT,
                                   SIGTSTP, SIGCONT};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                    SIGABRT};
#define N_FATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction fatal_old[N_FATAL];

/* Mouse drag needs "button-event tracking" (1002), which terminfo has no
 * capability for; curses enables plain click reporting (1000) itself. */
static const char drag_on[] = "\033[?1002h";
static const char drag_off[] = "\033[?1002l";

static void on_flag_signal(int sig)
{
    switch (sig) {
    case SIGINT: sig_int = 1; break;
    case SIGTSTP: sig_tstp = 1; break;
    case SIGCONT: sig_cont = 1; break;
    default: sig_term = sig; break;
    }
}

static void on_fatal_signal(int sig)
{
    /* Not async-signal-safe in theory, but the process is dying anyway and
     * a terminal left in raw mode is worse. Then let the default (or a
     * sanitizer's) handler do its work. */
    term_done();
    for (size_t i = 0; i < N_FATAL; i++)
        if (fatal_signals[i] == sig)
            sigaction(sig, &fatal_old[i], NULL);
    raise(sig);
}

static void install(int sig, void (*fn)(int), struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a signal interrupts the wait for a key, so the main
     * loop notices it at once. */
    sa.sa_flags = 0;
    sigaction(sig, &sa, old);
}

void term_signals_install(void)
{
    if (handlers_on)
        return;
    handlers_on = true;
    for (size_t i = 0; i < sizeof flag_signals / sizeof flag_signals[0]; i++)
        install(flag_signals[i], on_flag_signal, NULL);
    for (size_t i = 0; i < N_FATAL; i++)
        install(fatal_signals[i], on_fatal_signal, &fatal_old[i]);
}

static void drag_write(const char *seq)
{
    fputs(seq, stdout);
    fflush(stdout);
}

bool term_start(bool mouse, struct error *err)
{
    if (started)
        return true;
    /* Handlers first: curses leaves alone the signals we already handle. */
    term_signals_install();

    /* Keys come from the terminal even when standard input is the table
     * (`cat x.csv | klx -`), as less and fzf do: curses reading a pipe
     * would get end of file for ever. */
    FILE *keys = stdin;
    if (!isatty(STDIN_FILENO)) {
        keys = fopen("/dev/tty", "r");
        if (!keys)
            return error_set(err, _("standard input is not a terminal and "
                                    "there is no terminal to read keys "
                                    "from (/dev/tty: %s) (hint: run klx in "
                                    "a terminal, or use --report or "
                                    "--json)"), strerror(errno));
    }
    SCREEN *screen = newterm(NULL, stdout, keys);
    if (!screen) {
        if (keys != stdin)
            fclose(keys);
        return error_set(err, _("cannot start the full-screen explorer on "
                                "this terminal (hint: try --repl, or check "
                                "TERM)"));
    }
    /* A terminal that cannot move the cursor (TERM=dumb) would show a
     * blank screen with a footer: refuse instead. */
    char cup[] = "cup";
    const char *move = tigetstr(cup);
    if (!move || move == (const char *)-1) {
        endwin();
        delscreen(screen);
        if (keys != stdin)
            fclose(keys);
        const char *term = getenv("TERM");
        return error_set(err, _("the terminal (TERM=%s) cannot move the "
                                "cursor, which the full-screen explorer "
                                "needs (hint: set TERM to your terminal's "
                                "type, such as xterm-256color, or use "
                                "--repl or --report)"),
                         term && *term ? term : _("unset"));
    }
    started = true;
    atexit(term_done);
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    const char *no_color = getenv("NO_COLOR");
    colors = has_colors() && !(no_color && no_color[0]);
    if (colors) {
        start_color();
        use_default_colors();
    }
    term_mouse(mouse);
    return true;
}

void term_done(void)
{
    if (!started)
        return;
    if (mouse_on) {
        mouse_on = false;
        mousemask(0, NULL);
        drag_write(drag_off);
    }
    if (!isendwin()) {
        curs_set(1);
        endwin();
    }
}

enum term_signal term_poll_signal(void)
{
    if (sig_term) {
        quit_signal = sig_term;
        sig_term = 0;
        return TERM_SIG_TERM;
    }
    if (sig_tstp) {
        sig_tstp = 0;
        return TERM_SIG_SUSPEND;
    }
    if (sig_int) {
        sig_int = 0;
        return TERM_SIG_INT;
    }
    if (sig_cont) {
        sig_cont = 0;
        return TERM_SIG_CONT;
    }
    return TERM_SIG_NONE;
}

bool term_interrupt_pending(void)
{
    return sig_int || sig_term;
}

bool term_sigint_pending(void)
{
    return sig_int;
}

void term_clear_interrupt(void)
{
    sig_int = 0;
}

int term_quit_signal(void)
{
    return quit_signal;
}

static void set_default(int sig, struct sigaction *old)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, old);
}

void term_die_by(int sig)
{
    set_default(sig, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
}

void term_stop(void)
{
    struct sigaction mine;
    set_default(SIGTSTP, &mine);
    raise(SIGTSTP);              /* stops here until SIGCONT */
    sigaction(SIGTSTP, &mine, NULL);
    sig_cont = 0;                /* that SIGCONT was this resume's */
}

void term_suspend(void)
{
    bool had_mouse = mouse_on;
    term_mouse(false);
    endwin();
    term_stop();
    /* The terminal may have changed size or content while we were away. */
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    term_mouse(had_mouse);
}

bool term_mouse(bool on)
{
    if (!started)
        return false;
    if (on) {
        mmask_t want = BUTTON1_PRESSED | BUTTON1_RELEASED |
                       BUTTON4_PRESSED | BUTTON5_PRESSED |
                       REPORT_MOUSE_POSITION;
        mouseinterval(0);   /* no click detection delay */
        mouse_on = mousemask(want, NULL) != 0;
        if (mouse_on)
            drag_write(drag_on);
    } else {
        if (mouse_on)
            drag_write(drag_off);
        mousemask(0, NULL);
        mouse_on = false;
    }
    return mouse_on;
}

bool term_mouse_on(void)
{
    return mouse_on;
}

static int translate(int code, struct term_mouse_event *m)
{
    switch (code) {
    case KEY_UP: return KM_UP;
    case KEY_DOWN: return KM_DOWN;
    case KEY_LEFT: return KM_LEFT;
    case KEY_RIGHT: return KM_RIGHT;
    case KEY_SLEFT: return KM_SLEFT;
    case KEY_SRIGHT: return KM_SRIGHT;
    case KEY_HOME: return KM_HOME;
    case KEY_END: return KM_END;
    case KEY_PPAGE: return KM_PGUP;
    case KEY_NPAGE: return KM_PGDN;
    case KEY_ENTER: return KM_ENTER;
    case KEY_BACKSPACE: return KM_BACKSPACE;
    case KEY_DC: return KM_DELETE;
    case KEY_F(1): return KM_F1;
    case KEY_RESIZE: return TERM_RESIZE;
    case KEY_MOUSE: {
        MEVENT ev;
        if (getmouse(&ev) != OK || !m)
            return TERM_NONE;
        memset(m, 0, sizeof *m);
        m->x = ev.x;
        m->y = ev.y;
        m->press = (ev.bstate & BUTTON1_PRESSED) != 0;
        m->release = (ev.bstate & BUTTON1_RELEASED) != 0;
        m->drag = (ev.bstate & REPORT_MOUSE_POSITION) != 0;
        if (ev.bstate & BUTTON4_PRESSED)
            m->wheel = -1;
        else if (ev.bstate & BUTTON5_PRESSED)
            m->wheel = 1;
        return TERM_MOUSE;
    }
    default: return TERM_NONE;
    }
}

int term_key(int timeout_ms, struct term_mouse_event *m)
{
    wint_t ch;
    wtimeout(stdscr, timeout_ms);
    int r = wget_wch(stdscr, &ch);
    if (r == ERR)
        return TERM_NONE;
    if (r == KEY_CODE_YES)
        return translate((int)ch, m);
    return (int)ch;
}

int term_raw_byte(int timeout_ms)
{
    wtimeout(stdscr, timeout_ms);
    int c = wgetch(stdscr);
    if (c == ERR)
        return TERM_NONE;
    if (c == KEY_RESIZE)
        return TERM_RESIZE;
    if (c > 255)
        return TERM_NONE;
    return c;
}

int term_peek_byte(int timeout_ms)
{
    wtimeout(stdscr, timeout_ms);
    int c = wgetch(stdscr);
    if (c == ERR)
        return TERM_NONE;
    ungetch(c);
    return c;
}

void term_keypad(bool on)
{
    keypad(stdscr, on ? TRUE : FALSE);
}

bool term_colors(void)
{
    return colors;
}

bool term_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
