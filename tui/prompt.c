#include "prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "complete.h"
#include "history.h"
#include "layout.h"
#include "paint.h"
#include "term.h"

static enum prompt_state state = PROMPT_CLOSED;
static char *finished;
static int pending = -1;      /* the byte readline reads next */
static FILE *devnull;
static char hint[1024];       /* completion candidates, shown above */

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

    if (hint[0] && y > 0) {
        paint_role(ROLE_STATUS);
        move(y - 1, 0);
        clrtoeol();
        int used;
        size_t b = layout_text_fit(hint, COLS, &used);
        mvaddnstr(y - 1, 0, hint, (int)b);
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
    size_t len = 0;
    hint[0] = '\0';
    for (int i = 1; i <= num && len + 3 < sizeof hint; i++) {
        int r = snprintf(hint + len, sizeof hint - len, "%s%s",
                         i > 1 ? "  " : " ", matches[i]);
        if (r < 0)
            break;
        len += (size_t)r;
        if (len >= sizeof hint)
            len = sizeof hint - 1;
    }
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
    warnings(warn, size, history_open);
}

void prompt_finish(char *warn, size_t size)
{
    if (state == PROMPT_EDITING)
        prompt_cancel();
    free(finished);
    finished = NULL;
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
    hint[0] = '\0';
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
    hint[0] = '\0';
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
    hint[0] = '\0';
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
