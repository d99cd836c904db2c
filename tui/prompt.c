#include "prompt.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "buf.h"
#include "file.h"
#include "i18n.h"
#include "layout.h"
#include "matches.h"
#include "parse.h"
#include "paint.h"
#include "term.h"

/* ---- the history file ----
 *
 * Shared by the REPL and the explorer's ':' prompt, at
 * $XDG_STATE_HOME/klx/history (default ~/.local/state/klx/history). A
 * history that cannot be read or written is a warning, never fatal, and a
 * failed write never truncates the old file. */

#define HISTORY_LINES 1000

static char *history_file;

/* mkdir -p for the directory part of path. */
static int make_parents(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int r = mkdir(path, 0700);
        *s = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static char *default_path(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *tail = "/klx/history";
    char *p;
    if (state && state[0] == '/') {
        p = malloc(strlen(state) + strlen(tail) + 1);
        if (p)
            sprintf(p, "%s%s", state, tail);
    } else if (home && home[0]) {
        const char *mid = "/.local/state";
        p = malloc(strlen(home) + strlen(mid) + strlen(tail) + 1);
        if (p)
            sprintf(p, "%s%s%s", home, mid, tail);
    } else {
        p = NULL;
    }
    return p;
}

static void history_open(FILE *warn)
{
    using_history();
    stifle_history(HISTORY_LINES);
    free(history_file);
    history_file = default_path();
    if (!history_file)
        return;
    int r = read_history(history_file);
    if (r != 0 && r != ENOENT && warn)
        fprintf(warn, _("klx: warning: cannot read history %s: %s\n"),
                history_file, strerror(r));
}

static void history_remember(const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base +
                                                        history_length - 1)
                                          : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
}

static void history_close(FILE *warn)
{
    if (!history_file)
        return;
    /* The writer `save` uses, so that a full disk or a crash never leaves
     * a truncated history behind, and a symlinked history stays one. The
     * lines are written as readline's write_history() writes them. */
    struct buf text;
    buf_init(&text);
    HIST_ENTRY **list = history_list();
    for (int i = 0; list && list[i]; i++) {
        buf_append(&text, list[i]->line);
        buf_putc(&text, '\n');
    }
    struct error err;
    bool ok = make_parents(history_file) == 0;
    if (!ok)
        error_set(&err, "%s: %s", history_file, strerror(errno));
    else
        ok = file_write_atomic(history_file, text.s, text.len, FILE_PRIVATE,
                               NULL, &err);
    if (!ok && warn)
        fprintf(warn, _("klx: warning: cannot save history: %s\n"),
                err.msg);
    buf_free(&text);
    free(history_file);
    history_file = NULL;
}

/* ---- Tab completion ----
 *
 * The candidates come from core (command_complete): command names, p/q,
 * bases, labels, and file names after load/save; this only adapts them
 * to readline. */

static struct words candidates;
static size_t next_candidate;
static const struct command *labels_from;

void prompt_complete_use(const struct command *c)
{
    labels_from = c;
}

static char *generator(const char *text, int state)
{
    (void)text;
    if (state == 0)
        next_candidate = 0;
    if (next_candidate >= candidates.n)
        return NULL;
    return strdup(candidates.v[next_candidate++]);
}

static char **attempt(const char *text, int start, int end)
{
    (void)end;
    enum complete_kind kind =
        labels_from ? command_complete_for(labels_from, rl_line_buffer,
                                           (size_t)start, text, &candidates)
                    : command_complete(rl_line_buffer, (size_t)start, text,
                                       &candidates);
    if (kind == COMPLETE_FILES)
        return NULL;  /* readline's default: file names */
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, generator);
}

static void complete_install(void)
{
    rl_readline_name = "klx";
    rl_attempted_completion_function = attempt;
}

/* ---- the explorer's prompt line ---- */

static enum prompt_state state = PROMPT_CLOSED;
static char *finished;
static int pending = -1;      /* the byte readline reads next */
static FILE *devnull;
static struct matches shown;  /* completion candidates, drawn above */
static bool showing;

/* How long to wait for the rest of an escape sequence. */
#define SEQUENCE_MS 30

static int prompt_getc(FILE *f)
{
    (void)f;
    if (pending >= 0) {
        int c = pending;
        pending = -1;
        return c;
    }
    /* Readline wants more of a sequence than we fed it: wait for it. */
    for (;;) {
        int c = term_raw_byte(-1);
        if (c >= 0)
            return c;
    }
}

/* Readline asks this to finish escape sequences and to read typed-ahead
 * characters in one go. An Esc waiting in the input is not offered: it
 * must reach the TUI, which decides whether it cancels the prompt. */
static int prompt_available(void)
{
    if (pending >= 0)
        return 1;
    int c = term_peek_byte(SEQUENCE_MS);
    return c >= 0 && c <= 255 && c != 27;
}

static void redisplay(void)
{
    int y = LINES - 1;
    const char *pr = rl_display_prompt ? rl_display_prompt : "";
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    size_t len = strlen(line);
    size_t point = rl_point < 0 ? 0 : (size_t)rl_point;
    if (point > len)
        point = len;

    if (showing && y > 0) {
        /* Every candidate, in columns, over the frame up to its header
         * line; more than fit go on pages that Tab turns. */
        struct buf lines;
        buf_init(&lines);
        int n = matches_render(&shown, COLS, y > 2 ? y - 1 : 1, &lines);
        paint_lines_above(y, lines.s ? lines.s : "", n);
        buf_free(&lines);
    }
    paint_role(ROLE_TEXT);
    move(y, 0);
    clrtoeol();
    paint_role(ROLE_TITLE);
    int pw;
    size_t pb = layout_text_fit(pr, COLS > 10 ? COLS - 10 : COLS, &pw);
    mvaddnstr(y, 0, pr, (int)pb);
    paint_role(ROLE_TEXT);

    /* Scroll the line horizontally so the cursor stays on screen. */
    int avail = COLS - pw - 1;
    if (avail < 1)
        avail = 1;
    size_t off = 0;
    while (off < point && layout_text_width_n(line + off, point - off) > avail)
        off += layout_char_len(line + off, len - off);
    int used;
    size_t b = layout_text_fit(line + off, avail, &used);
    mvaddnstr(y, pw, line + off, (int)b);
    move(y, pw + layout_text_width_n(line + off, point - off));
    curs_set(1);
    wnoutrefresh(stdscr);
    doupdate();
}

static void on_line(char *line)
{
    rl_callback_handler_remove();
    if (line) {
        finished = line;
        state = PROMPT_DONE;
    } else {
        state = PROMPT_CANCELLED;   /* Ctrl-D on an empty line */
    }
}

static void show_matches(char **matches, int num, int max_len)
{
    (void)max_len;
    matches_set(&shown, (const char *const *)matches + 1,
                num > 0 ? (size_t)num : 0);
    showing = true;
    rl_forced_update_display();
}

static void warnings(char *warn, size_t size, void (*fn)(FILE *))
{
    if (!warn || size == 0) {
        fn(NULL);
        return;
    }
    warn[0] = '\0';
    FILE *f = fmemopen(warn, size, "w");
    fn(f);
    if (f)
        fclose(f);
    char *nl = strchr(warn, '\n');
    if (nl)
        *nl = '\0';
}

void prompt_init(char *warn, size_t size)
{
    /* Readline inside curses: it must not export LINES/COLUMNS (resize
     * would break), catch signals, or set the terminal's modes itself;
     * curses owns all of that. */
    rl_change_environment = 0;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_prep_term_function = NULL;
    rl_deprep_term_function = NULL;
    rl_getc_function = prompt_getc;
    rl_input_available_hook = prompt_available;
    rl_redisplay_function = redisplay;
    rl_completion_display_matches_hook = show_matches;
    devnull = fopen("/dev/null", "w");
    if (devnull)
        rl_outstream = devnull;
    rl_instream = stdin;
    complete_install();
    rl_initialize();
    rl_variable_bind("bell-style", "none");
    /* One Tab shows the candidates: the explorer has room to list them. */
    rl_variable_bind("show-all-if-ambiguous", "on");
    warnings(warn, size, history_open);
}

void prompt_finish(char *warn, size_t size)
{
    if (state == PROMPT_EDITING)
        prompt_cancel();
    free(finished);
    finished = NULL;
    matches_free(&shown);
    warnings(warn, size, history_close);
    if (devnull) {
        rl_outstream = NULL;
        fclose(devnull);
        devnull = NULL;
    }
}

void prompt_open(const char *text)
{
    if (state == PROMPT_EDITING)
        prompt_cancel();
    free(finished);
    finished = NULL;
    showing = false;
    matches_clear(&shown);
    pending = -1;
    using_history();   /* Up starts from the newest entry again */
    state = PROMPT_EDITING;
    term_keypad(false);
    rl_callback_handler_install(text, on_line);
}

enum prompt_state prompt_state(void)
{
    return state;
}

enum prompt_state prompt_feed(int byte)
{
    if (state != PROMPT_EDITING)
        return state;
    /* The list goes with the next key; Tab again shows its next page. */
    showing = false;
    if (byte != '\t')
        matches_clear(&shown);
    pending = byte;
    rl_callback_read_char();
    if (state != PROMPT_EDITING) {
        curs_set(0);
        term_keypad(true);
    }
    return state;
}

void prompt_cancel(void)
{
    if (state != PROMPT_EDITING)
        return;
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    state = PROMPT_CLOSED;
    showing = false;
    matches_clear(&shown);
    curs_set(0);
    term_keypad(true);
}

char *prompt_take(void)
{
    if (state != PROMPT_DONE) {
        if (state == PROMPT_CANCELLED)
            state = PROMPT_CLOSED;
        return NULL;
    }
    char *line = finished;
    finished = NULL;
    state = PROMPT_CLOSED;
    return line;
}

void prompt_draw(void)
{
    if (state == PROMPT_EDITING)
        rl_forced_update_display();
}

void prompt_remember(const char *line)
{
    history_remember(line);
}

/* ---- the REPL's line on a plain terminal ---- */

void prompt_repl_start(const struct command *c)
{
    history_open(stderr);
    complete_install();
    prompt_complete_use(c);
    /* The REPL handles signals itself: readline's handler would re-raise
     * SIGINT and kill the program (a REPL should only drop the line), and
     * with the callback interface it only acts inside prompt_repl_read,
     * not while the REPL waits in select(). */
    rl_catch_signals = 0;
}

/* The REPL's prompt: "klx> " until prompt_repl_set changes it. */
static char repl_prompt[64] = "klx> ";

void prompt_repl_install(void (*got_line)(char *line))
{
    rl_callback_handler_install(repl_prompt, got_line);
}

void prompt_repl_set(const char *text)
{
    snprintf(repl_prompt, sizeof repl_prompt, "%s", text);
    rl_set_prompt(repl_prompt);
}

int prompt_repl_fd(void)
{
    return fileno(rl_instream ? rl_instream : stdin);
}

void prompt_repl_read(void)
{
    rl_callback_read_char();
}

void prompt_repl_remove(void)
{
    rl_callback_handler_remove();
}

void prompt_repl_clear_line(void)
{
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
}

void prompt_repl_leave(bool stop)
{
    if (stop)
        rl_echo_signal_char(SIGTSTP);
    rl_cleanup_after_signal();
    /* A fresh line for the shell's messages or for the redrawn prompt. */
    FILE *out = rl_outstream ? rl_outstream : stdout;
    fputc('\n', out);
    fflush(out);
}

void prompt_repl_resume(void)
{
    rl_reset_after_signal();
    rl_forced_update_display();
}

void prompt_repl_finish(void)
{
    history_close(stderr);
}
