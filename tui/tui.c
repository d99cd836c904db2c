#include "tui.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "buf.h"
#include "complete.h"
#include "keymap.h"
#include "overview.h"
#include "panels.h"
#include "layout.h"
#include "prompt.h"
#include "report.h"
#include "term.h"
#include "theme.h"
#include "view.h"

/* How often the loop wakes up without input, to notice signals even when
 * a read was not interrupted. */
#define IDLE_MS 250
/* After Esc, how long to wait for the rest of an escape sequence before
 * taking it as a lone Esc. */
#define ESC_MS 30

enum prompt_kind { PK_NONE, PK_COMMAND, PK_VALUE, PK_SEARCH };

struct tui {
    struct command *cmd;
    const struct options *opts;
    struct view view;
    struct buf out;
    struct error err;
    bool quit;
    int status;
    bool confirming;          /* asked "quit anyway?" */
    enum prompt_kind prompt;
    size_t value_sel;         /* the entry the '=' prompt sets */
    enum which value_which;
    bool mouse_before_prompt;
    bool dragging;
    enum hit_kind drag_kind;
    size_t drag_index;
    double drag_scale;
    bool drag_applied;
    bool redraw;
};

static struct session *sess(struct tui *t)
{
    return t->cmd->session;
}

static void request_quit(struct tui *t)
{
    const struct session *s = sess(t);
    if (!t->opts->no_confirm && s->path && s->dirty) {
        t->confirming = true;
        view_message(&t->view, true,
                     "%s has unsaved changes. Quit anyway? (y/n)  "
                     "(':save' saves them)",
                     s->path);
        return;
    }
    t->quit = true;
}

/* Runs one command line; everything that changes the session comes
 * through here. `pager` shows long output full screen and a few lines
 * (smooth's before and after) in a note; otherwise the first line goes to
 * the status bar. A command that moves the tour shows its lesson in the
 * caption panel, so only its first line is shown. `quiet` shows nothing
 * at all, not even errors. */
/* A long `load` reports how far it got on the status line (the frame is
 * redrawn whole when the load is done). */
static void load_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    int pct = total ? (int)((double)done * 100.0 / (double)total) : 100;
    mvprintw(LINES - 1, 0, " loading: %d%%", pct);
    clrtoeol();
    refresh();
}

/* Ctrl-C (or SIGTERM, SIGHUP) stops a load that waits for input. */
static bool load_cancelled(void *ctx)
{
    (void)ctx;
    return term_interrupt_pending();
}

static enum cmd_status run(struct tui *t, const char *line, bool pager,
                           bool quiet)
{
    struct session *s = sess(t);
    size_t n_before = s->table.n;
    bool touring = t->cmd->tour.active;
    size_t lesson = t->cmd->tour.step;
    buf_reset(&t->out);
    error_clear(&t->err);
    t->cmd->width = COLS;
    struct table_progress progress = {load_progress, t, load_cancelled};
    s->progress = &progress;
    enum cmd_status st = command_run(t->cmd, line, &t->out, &t->err);
    s->progress = NULL;
    /* A Ctrl-C during a command was meant for the command, not to quit. */
    term_clear_interrupt();
    if (st == CMD_OK)
        t->view.gen++;   /* values computed from the session are stale */
    if (st == CMD_ERROR) {
        if (!quiet)
            view_message(&t->view, true, "%s", t->err.msg);
        return st;
    }
    if (st == CMD_QUIT) {
        request_quit(t);
        return st;
    }
    s = sess(t);   /* the tour swaps sessions */
    if (s->table.n == n_before + 1 && touring == t->cmd->tour.active)
        t->view.sel = s->table.n - 1;   /* show what was added */
    else if (s->table.n != n_before && t->view.sel >= s->table.n)
        t->view.sel = 0;                /* a new table: start at its top */
    if (touring != t->cmd->tour.active || lesson != t->cmd->tour.step)
        pager = false;
    if (quiet)
        return st;
    const char *o = t->out.s;
    const char *nl = strchr(o, '\n');
    bool multi = nl && nl[1] != '\0';
    if (pager && multi && view_note_fits(o, COLS)) {
        view_note(&t->view, o);
    } else if (pager && multi) {
        view_pager(&t->view, line, buf_take(&t->out));
    } else if (o[0]) {
        view_message(&t->view, false, " %s", o);
    } else {
        view_message(&t->view, false, " %s", line);
    }
    return st;
}

static void open_help(struct tui *t)
{
    struct buf b;
    buf_init(&b);
    buf_append(&b, "Keys\n\n");
    size_t n;
    const struct keymap_help *h = keymap_help_lines(&n);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "  %-18s %s\n", h[i].keys, h[i].what);
    buf_append(&b,
               "\nEvery key is a command of klx's language; type any of "
               "them after ':'.\n\nCommands\n\n");
    command_help(NULL, &b);
    buf_append(&b,
               "\nReading the screen\n\n"
               "  Each row shows P and Q as bars, then the terms p*log(p/q) "
               "and q*log(q/p)\n"
               "  as signed bars: negative terms point left of their axis, "
               "positive right.\n"
               "  The totals are sums of these terms. Single terms can be "
               "negative, a total\n"
               "  never is, and it is 0 only when P = Q. KL(P||Q) and "
               "KL(Q||P) differ in general.\n"
               "  A '!' flags an entry that makes a direction infinite "
               "(p > 0 where q = 0).\n"
               "\nTeaching\n\n"
               "  t starts a guided tour: each lesson loads an example and "
               "its caption stays\n"
               "  on top; > and < move between lessons, Esc ends the tour "
               "and gives your own\n"
               "  data back exactly. Edits inside a lesson work as usual.\n"
               "  m shows the related measures: entropies, cross-entropies "
               "with H(P,Q) =\n"
               "  H(P) + KL(P||Q), Jensen-Shannon (<= log 2), total "
               "variation with Pinsker's\n"
               "  bound, Hellinger, chi-squared and Renyi; , and . move "
               "the Renyi order\n"
               "  through 1/2, 1 (= KL), 2 (= log(1+chi2)) and inf (= log "
               "max p/q).\n"
               "  g shows dKL/dx for the distribution being edited (Tab "
               "picks P or Q) and\n"
               "  marks the entry whose nudge lowers KL fastest, with an "
               "arrow: follow it\n"
               "  with the arrow keys and watch KL fall. g again: the other "
               "direction, then off.\n"
               "  F fits a Gaussian to P both ways (`fit gauss both`); "
               ":fit gauss forward or\n"
               "  reverse sets Q to a fit, :smooth 0.01 smooths Q and shows "
               "KL before and after.\n");
    view_pager(&t->view, " klx help  (Esc or q closes)", buf_take(&b));
    buf_free(&b);
}

static void start_prompt(struct tui *t, enum prompt_kind kind)
{
    char text[128];
    if (kind == PK_VALUE) {
        if (sess(t)->table.n == 0)
            return;
        t->value_sel = t->view.sel;
        t->value_which = t->view.which;
        snprintf(text, sizeof text, "set %s #%zu ",
                 t->view.which == WHICH_P ? "p" : "q", t->view.sel + 1);
    } else if (kind == PK_SEARCH) {
        snprintf(text, sizeof text, "/");
    } else {
        snprintf(text, sizeof text, ":");
    }
    /* Mouse reports would reach readline as garbage bytes. */
    t->mouse_before_prompt = term_mouse_on();
    term_mouse(false);
    t->prompt = kind;
    prompt_open(text);
}

/* Jumps to entry i found by a search; says which, and when the sorted
 * view had to go because the entry is not in it. */
static void jump_to(struct tui *t, size_t i, const char *how)
{
    const struct session *s = sess(t);
    bool unsorted = view_select(&t->view, s, i);
    view_message(&t->view, false, " %s %zu (%s)%s", how, i + 1,
                 s->table.labels[i],
                 unsorted ? "; sorted view off: it is not in the top list"
                          : "  Ctrl-N next, Ctrl-P previous");
}

static void search(struct tui *t, const char *text)
{
    const struct table *tb = &sess(t)->table;
    snprintf(t->view.search, sizeof t->view.search, "%s", text);
    size_t first;
    size_t total = overview_find(tb, text, &first, 1);
    if (total == 0) {
        view_message(&t->view, true, " no label contains '%s' (labels are "
                     "case-sensitive)", text);
        return;
    }
    char how[64];
    snprintf(how, sizeof how, "%zu %s: entry", total,
             total == 1 ? "match" : "matches");
    jump_to(t, first, how);
}

static void search_again(struct tui *t, bool backwards)
{
    if (!t->view.search[0]) {
        view_message(&t->view, true, " no search yet: press / to search "
                     "the labels");
        return;
    }
    size_t i;
    if (!overview_find_next(&sess(t)->table, t->view.search, t->view.sel,
                            backwards, &i)) {
        view_message(&t->view, true, " no label contains '%s'",
                     t->view.search);
        return;
    }
    jump_to(t, i, backwards ? "previous match: entry" : "next match: entry");
}

static void end_prompt(struct tui *t)
{
    char *line = prompt_take();
    enum prompt_kind kind = t->prompt;
    t->prompt = PK_NONE;
    if (t->mouse_before_prompt)
        term_mouse(true);
    t->view.mouse = term_mouse_on();
    view_clear_message(&t->view);
    if (!line)
        return;
    if (kind == PK_SEARCH) {
        if (line[0])
            search(t, line);
        free(line);
        return;
    }
    if (kind == PK_VALUE) {
        const char *v = line;
        while (*v == ' ')
            v++;
        if (*v) {
            char cmdline[512];
            keymap_set_line(cmdline, sizeof cmdline, t->value_which,
                            t->value_sel, v);
            prompt_remember(cmdline);
            run(t, cmdline, false, false);
        }
    } else {
        prompt_remember(line);
        run(t, line, true, false);
    }
    free(line);
}

/* One byte for the open prompt. A lone Esc cancels it; Esc followed at
 * once by more bytes is an escape sequence for readline (arrow keys). */
static void prompt_key(struct tui *t)
{
    int c = term_raw_byte(IDLE_MS);
    if (c == TERM_NONE)
        return;
    if (c == TERM_RESIZE) {
        t->redraw = true;
        return;
    }
    if (c == KM_ESC && term_peek_byte(ESC_MS) == TERM_NONE) {
        prompt_cancel();
        end_prompt(t);
        t->redraw = true;
        return;
    }
    enum prompt_state st = prompt_feed(c);
    if (st != PROMPT_EDITING) {
        end_prompt(t);
        t->redraw = true;
    }
}

static void pager_key(struct tui *t, int key, const struct term_mouse_event *m)
{
    long page = view_pager_rows();
    switch (key) {
    case KM_UP: case 'k': view_pager_scroll(&t->view, -1); break;
    case KM_DOWN: case 'j': case KM_ENTER: case '\r': case '\n':
        view_pager_scroll(&t->view, 1);
        break;
    case KM_PGUP: case 'b': view_pager_scroll(&t->view, -page); break;
    case KM_PGDN: case ' ': view_pager_scroll(&t->view, page); break;
    case KM_HOME: case 'g': view_pager_scroll(&t->view, -(long)1e9); break;
    case KM_END: case 'G': view_pager_scroll(&t->view, (long)1e9); break;
    case TERM_MOUSE:
        if (m->wheel)
            view_pager_scroll(&t->view, 3L * m->wheel);
        break;
    case 'q': case KM_ESC: case '?': case KM_F1:
        view_pager(&t->view, NULL, NULL);
        break;
    default: break;
    }
}

static void set_from_mouse(struct tui *t, double frac)
{
    char line[128];
    enum which w = t->drag_kind == HIT_PBAR ? WHICH_P : WHICH_Q;
    keymap_set_frac_line(line, sizeof line, w, t->drag_index, frac,
                         t->drag_scale);
    /* A drag is one change: each new position replaces the last one, so a
     * single undo takes the whole drag back. */
    if (t->drag_applied)
        run(t, "undo", false, true);
    t->drag_applied = run(t, line, false, false) == CMD_OK;
}

/* Moves the selection by delta rows: through the entries, or through the
 * sorted view's list while it is on. */
static void move_sel(struct tui *t, long delta)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    size_t count;
    if (view_sorted_order(v, s, &count))
        view_sorted_select(v, s, layout_move(v->rank, delta, count));
    else
        v->sel = layout_move(v->sel, delta, s->table.n);
}

static void move_to(struct tui *t, bool end)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    size_t count, n = s->table.n;
    if (view_sorted_order(v, s, &count))
        view_sorted_select(v, s, end && count ? count - 1 : 0);
    else
        v->sel = end && n ? n - 1 : 0;
}

static void toggle_sorted(struct tui *t)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    v->sorted = v->sorted == SORTED_OFF ? SORTED_FORWARD
                : v->sorted == SORTED_FORWARD ? SORTED_REVERSE : SORTED_OFF;
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (order) {
        size_t r = layout_rank_of(order, count, v->sel);
        v->rank = r < count ? r : 0;
        v->rank_top = 0;
        v->sel = count ? order[v->rank] : 0;
    }
    view_message(v, false, " %s",
                 v->sorted == SORTED_FORWARD
                     ? "sorted by |p*log(p/q)|, largest first (o again: "
                       "by |q*log(q/p)|)"
                 : v->sorted == SORTED_REVERSE
                     ? "sorted by |q*log(q/p)|, largest first (o again: off)"
                     : "sorted view off: entries in their order");
}

static void mouse_event(struct tui *t, const struct term_mouse_event *m)
{
    size_t n = sess(t)->table.n;
    if (m->wheel) {
        move_sel(t, 3L * m->wheel);
        return;
    }
    if (m->press) {
        struct hit h;
        layout_hit(&t->view.layout, m->x, m->y, 0, n, &h);
        if (h.kind == HIT_NONE)
            return;
        h.index = view_row_entry(&t->view, sess(t), (int)h.index);
        if (h.index >= n)
            return;
        t->view.sel = h.index;
        if (h.kind == HIT_ROW)
            return;
        t->view.which = h.kind == HIT_PBAR ? WHICH_P : WHICH_Q;
        t->dragging = true;
        t->drag_kind = h.kind;
        t->drag_index = h.index;
        t->drag_scale = t->view.mass_scale;
        t->drag_applied = false;
        set_from_mouse(t, h.frac);
        return;
    }
    if (m->drag && t->dragging) {
        set_from_mouse(t, layout_drag_frac(&t->view.layout, t->drag_kind,
                                           m->x));
        return;
    }
    if (m->release)
        t->dragging = false;
}

static void edit(struct tui *t, enum action a)
{
    struct keymap_ctx c = {
        .s = sess(t),
        .which = t->view.which,
        .sel = t->view.sel,
        .step = t->view.step,
        .touring = t->cmd->tour.active,
    };
    char line[256];
    const char *why;
    if (keymap_command(a, &c, line, sizeof line, &why))
        run(t, line, a == ACT_FIT, false);
    else if (why)
        view_message(&t->view, true, " %s", why);
}

static void key(struct tui *t, int k, const struct term_mouse_event *m)
{
    struct view *v = &t->view;
    long page = v->layout.table_h > 1 ? v->layout.table_h - 1 : 1;

    if (t->confirming) {
        t->confirming = false;
        view_clear_message(v);
        if (k == 'y' || k == 'Y')
            t->quit = true;
        return;
    }
    /* Messages and errors stay until the next key. */
    if (k != TERM_MOUSE || m->press)
        view_clear_message(v);
    if (v->pager_text) {
        pager_key(t, k, m);
        return;
    }
    if (k == TERM_MOUSE) {
        mouse_event(t, m);
        return;
    }
    if (!v->layout.fits && k != 'q' && k != KM_CTRL('c'))
        return;
    enum action a = keymap_action(k);
    switch (a) {
    case ACT_UP: move_sel(t, -1); break;
    case ACT_DOWN: move_sel(t, 1); break;
    case ACT_HOME: move_to(t, false); break;
    case ACT_END: move_to(t, true); break;
    case ACT_PGUP: move_sel(t, -page); break;
    case ACT_PGDN: move_sel(t, page); break;
    case ACT_SORTED: toggle_sorted(t); break;
    case ACT_OVERVIEW:
        v->overview = v->layout.ov_w ? LAYOUT_OV_OFF : LAYOUT_OV_ON;
        view_message(v, false, " %s", v->overview == LAYOUT_OV_ON
                     ? "overview: the whole table in bins, rows on screen "
                       "marked (v again: off)"
                     : "overview off");
        break;
    case ACT_SEARCH: start_prompt(t, PK_SEARCH); break;
    case ACT_SEARCH_NEXT: search_again(t, false); break;
    case ACT_SEARCH_PREV: search_again(t, true); break;
    case ACT_STEP_DOWN:
    case ACT_STEP_UP:
        v->step = keymap_step(v->step, a == ACT_STEP_UP ? 1 : -1);
        view_message(v, false, " step %g", v->step);
        break;
    case ACT_TOGGLE_WHICH:
        v->which = v->which == WHICH_P ? WHICH_Q : WHICH_P;
        view_message(v, false, " editing %s", which_name(v->which));
        break;
    case ACT_VALUE_PROMPT: start_prompt(t, PK_VALUE); break;
    case ACT_COMMAND_PROMPT: start_prompt(t, PK_COMMAND); break;
    case ACT_HELP: open_help(t); break;
    case ACT_MEASURES:
        v->measures = !v->measures;
        break;
    case ACT_GRAD:
        v->grad = v->grad == GRAD_OFF ? GRAD_FORWARD
                  : v->grad == GRAD_FORWARD ? GRAD_REVERSE : GRAD_OFF;
        view_message(v, false, " %s",
                     v->grad == GRAD_FORWARD
                         ? "gradient of KL(P||Q) for the edited "
                           "distribution; g again: KL(Q||P)"
                     : v->grad == GRAD_REVERSE
                         ? "gradient of KL(Q||P) (g again: off)"
                         : "gradient off");
        break;
    case ACT_MOUSE:
        v->mouse = term_mouse(!term_mouse_on());
        view_message(v, false, v->mouse ? " mouse on"
                     : " mouse off: the terminal can select text now");
        break;
    case ACT_REDRAW: clearok(curscr, TRUE); break;
    case ACT_QUIT: request_quit(t); break;
    case ACT_NONE:
        if (k >= 0)
            view_message(v, true, " unknown key; press ? for help");
        break;
    default: edit(t, a); break;
    }
}

static void on_signal(struct tui *t, enum term_signal sig)
{
    switch (sig) {
    case TERM_SIG_TERM:
        t->quit = true;
        t->status = 128 + term_quit_signal();
        break;
    case TERM_SIG_INT:
        if (t->prompt != PK_NONE) {
            prompt_cancel();
            end_prompt(t);
        } else if (t->confirming) {
            t->quit = true;    /* Ctrl-C twice means it */
        } else {
            request_quit(t);
        }
        t->redraw = true;
        break;
    case TERM_SIG_SUSPEND:
        term_suspend();
        t->redraw = true;
        break;
    case TERM_SIG_CONT:
        clearok(curscr, TRUE);
        t->redraw = true;
        break;
    default: break;
    }
}

static void draw(struct tui *t)
{
    view_draw(&t->view, sess(t), &t->cmd->tour);
    if (t->prompt != PK_NONE) {
        prompt_draw();   /* refreshes and shows the cursor */
    } else {
        curs_set(0);
        refresh();
    }
    t->redraw = false;
}

/* KLX_TRACE_FRAMES=FILE (a test build only): for every key handled by the
 * main loop, one line
 * `key_to_frame_ms=T key_ms=K draw_ms=D` appended to FILE: T from the key
 * read to after the frame's refresh(), K of it handling the key (the
 * command and its recompute), D drawing; and once `first_frame_ms=F`, from
 * the start of main (tui_mark_start) to the first frame on screen, the
 * load included (a measuring aid; nothing is written without it). */
static double trace_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double start_ms;

void tui_mark_start(void)
{
    start_ms = trace_now_ms();
}

int tui_run(struct command *cmd, const struct options *opts)
{
    struct tui t;
    memset(&t, 0, sizeof t);
    t.cmd = cmd;
    t.opts = opts;
    if (!term_start(!opts->no_mouse, &t.err)) {
        fprintf(stderr, "klx: %s\n", t.err.msg);
        return 1;
    }
    theme_init(term_colors(), opts->high_contrast);
    view_init(&t.view, !opts->ascii && term_utf8());
    t.view.mouse = term_mouse_on();
    cmd->unicode = t.view.unicode;
    buf_init(&t.out);
    char warn[512];
    prompt_init(warn, sizeof warn);
    if (warn[0])
        view_message(&t.view, true, "%s", warn);
    complete_use(cmd);
    /* Entries the start's normalization turned to 0, as `p` and `load`
     * would say (N shows it again). */
    report_lost(&sess(&t)->table, WHICH_P, &t.out);
    report_lost(&sess(&t)->table, WHICH_Q, &t.out);
    if (t.out.len)
        view_message(&t.view, true, "%s", t.out.s);
    buf_reset(&t.out);
    t.redraw = true;
#ifdef KLX_TEST_HOOKS
    const char *trace_path = getenv("KLX_TRACE_FRAMES");
    FILE *trace = trace_path && *trace_path ? fopen(trace_path, "a") : NULL;
#else
    FILE *trace = NULL;
#endif
    double key_at = -1;
    bool first_done = false;

    while (!t.quit) {
        if (t.redraw) {
            /* The measures beyond KL only while their panel shows: an
             * edit at n = 10^6 then costs half as much. */
            session_keep_measures(sess(&t), t.view.measures);
            /* The view's per-term values come with every recompute (once
             * per session: the tour has its own). */
            session_want_terms(sess(&t));
            /* The panel's Renyi line: at once for a small table; for a
             * large one after the frame (it says "..." until then). */
            if (t.view.measures && sess(&t)->table.n < PANELS_RENYI_LATER)
                session_update_renyi(sess(&t));
            double draw_at = trace ? trace_now_ms() : 0;
            draw(&t);
            if (trace && !first_done)
                fprintf(trace, "first_frame_ms=%.3f\n",
                        trace_now_ms() - start_ms);
            first_done = true;
            if (trace && key_at >= 0) {
                double end = trace_now_ms();
                fprintf(trace, "key_to_frame_ms=%.3f key_ms=%.3f "
                        "draw_ms=%.3f\n", end - key_at, draw_at - key_at,
                        end - draw_at);
                fflush(trace);
            }
            key_at = -1;
            /* The frame is on screen; prepare the next edit's array now,
             * not in the key path (see session_warm). */
            session_warm(t.cmd->session);
            /* The measures panel's Renyi line, if it said "...": now, and
             * drawn in a frame of its own. */
            if (t.view.measures && !sess(&t)->renyi_ok) {
                session_update_renyi(sess(&t));
                t.redraw = true;
                continue;
            }
        }
        enum term_signal sig = term_poll_signal();
        if (sig != TERM_SIG_NONE) {
            on_signal(&t, sig);
            continue;
        }
        if (t.prompt != PK_NONE) {
            prompt_key(&t);
            continue;
        }
        struct term_mouse_event m;
        memset(&m, 0, sizeof m);
        int k = term_key(IDLE_MS, &m);
        if (k == TERM_NONE)
            continue;
        if (trace && k != TERM_RESIZE)
            key_at = trace_now_ms();
        if (k != TERM_RESIZE)
            key(&t, k, &m);
        t.redraw = true;
    }

    if (trace)
        fclose(trace);
    prompt_finish(warn, sizeof warn);
    term_done();
    if (warn[0])
        fprintf(stderr, "%s\n", warn);
    view_free(&t.view);
    buf_free(&t.out);
    if (term_quit_signal())
        term_die_by(term_quit_signal());
    return t.status;
}
