#include "tui.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "command_lesson.h"
#include "explorer.h"
#include "i18n.h"
#include "keymap.h"
#include "panels.h"
#include "prompt.h"
#include "report.h"
#include "term.h"
#include "paint.h"
#include "theme.h"
#include "view.h"

/* How often the loop wakes up without input, to notice signals even when
 * a read was not interrupted. */
#define IDLE_MS 250
/* After Esc, how long to wait for the rest of an escape sequence before
 * taking it as a lone Esc. */
#define ESC_MS 30

struct tui {
    struct explorer ex;
    struct frame frame;       /* the frame on screen */
    bool redraw;
};

/* A long `load` reports how far it got on the status line (the frame is
 * redrawn whole when the load is done). */
static void load_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    paint_progress(done, total);
}

/* Ctrl-C (or SIGTERM, SIGHUP) stops the command that runs (a load that
 * waits for input, a fit), not klx: the explorer forgets the Ctrl-C once
 * the command has answered it (after_run), while SIGTERM and SIGHUP stay
 * pending and end the loop. */
static bool interrupted(void *ctx)
{
    (void)ctx;
    return term_interrupt_pending();
}

/* Does what the explorer asked of the terminal. */
static void apply(struct tui *t, unsigned fx)
{
    struct explorer *e = &t->ex;
    if (fx & EXPLORER_PROMPT_CANCEL)
        prompt_cancel();
    if (fx & EXPLORER_MOUSE)
        e->view.mouse = term_mouse(e->view.mouse);
    if (fx & EXPLORER_HISTORY)
        prompt_remember(e->history);
    if (fx & EXPLORER_PROMPT_OPEN)
        prompt_open(e->prompt_text);
    if (fx & EXPLORER_SUSPEND)
        term_suspend();
    if (fx & (EXPLORER_REPAINT | EXPLORER_SUSPEND))
        paint_repaint();
    if (fx & (EXPLORER_REDRAW | EXPLORER_REPAINT | EXPLORER_SUSPEND))
        t->redraw = true;
}

/* The line the prompt finished, or NULL: to the explorer. */
static void end_prompt(struct tui *t)
{
    char *line = prompt_take();
    apply(t, explorer_prompt_done(&t->ex, line));
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
        return;
    }
    enum prompt_state st = prompt_feed(c);
    if (st != PROMPT_EDITING)
        end_prompt(t);
}

static void draw(struct tui *t)
{
    struct explorer *e = &t->ex;
    paint_frame(&t->frame, &e->view, e->cmd->session, &e->cmd->tour);
    e->cols = t->frame.cols;
    if (e->prompt != EXPLORER_PROMPT_NONE)
        prompt_draw();   /* refreshes and shows the cursor */
    else
        paint_show();
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
    return clock_seconds() * 1e3;
}

static double start_ms;

void tui_mark_start(void)
{
    start_ms = trace_now_ms();
}

/* The background asked for, else the one COLORFGBG names (a variable,
 * never a query to the terminal, which could block), else dark. */
static enum theme_bg tui_background(const struct options *opts)
{
    if (opts->background == OPTIONS_BG_LIGHT)
        return THEME_BG_LIGHT;
    enum theme_bg bg = THEME_BG_DARK;
    if (opts->background == OPTIONS_BG_AUTO)
        theme_bg_from_colorfgbg(getenv("COLORFGBG"), &bg);
    return bg;
}

int tui_run(struct command *cmd, const struct options *opts)
{
    struct tui t;
    memset(&t, 0, sizeof t);
    struct error err;
    if (!term_start(!opts->no_mouse, &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        return 1;
    }
    paint_init(term_colors(), theme_pick(opts->high_contrast,
                                         tui_background(opts)));
    struct explorer *e = &t.ex;
    explorer_init(e, cmd, !opts->ascii && term_utf8(), term_utf8(),
                  term_mouse_on(), opts->no_confirm);
    struct table_progress progress = {load_progress, NULL, interrupted};
    e->progress = &progress;
    /* A Ctrl-C during a command was meant for the command, not to quit. */
    e->after_run = term_clear_interrupt;
    cmd->unicode = e->view.unicode;
    cmd->utf8_text = e->view.unicode;
    cmd->cancelled = interrupted;
    /* The view's per-term values come with every change, whichever
     * session (the user's, a tour's) it is of. */
    derived_want_terms(&cmd->derived, true);
    char warn[512];
    prompt_init(warn, sizeof warn);
    if (warn[0])
        view_message(&e->view, true, "%s", warn);
    prompt_complete_use(cmd);
    /* --lesson, --tour: the step began before there was a view to carry
     * out its view commands. */
    if (cmd->tour.active) {
        struct buf out;
        buf_init(&out);
        if (!command_lesson_reopen(cmd, &out, &err))
            view_message(&e->view, true, "%s", err.msg);
        buf_free(&out);
    }
    /* --top K: the report's top K are the first K rows of the sorted
     * view, so the explorer opens on it. */
    if (opts->has_top) {
        struct buf o;
        buf_init(&o);
        if (command_run(cmd, "view sorted forward", &o, &err) == CMD_OK &&
            command_run(cmd, "select first", &o, &err) == CMD_OK) {
            char k[32] = "";
            if (opts->top > 0)
                snprintf(k, sizeof k, " %zu", opts->top);
            view_message(&e->view, false,
                         _(" --top%s: sorted by |p*log(p/q)|, largest first "
                           "(o: by |q*log(q/p)|, then off)"), k);
        }
        buf_free(&o);
    }
    /* Entries the start's normalization turned to 0, as `p` and `load`
     * would say (I shows it again). */
    struct buf lost;
    buf_init(&lost);
    report_lost(&cmd->session->table, WHICH_P, &lost);
    report_lost(&cmd->session->table, WHICH_Q, &lost);
    if (lost.len)
        view_message(&e->view, true, "%s", lost.s);
    buf_free(&lost);
    t.redraw = true;
#ifdef KLX_TEST_HOOKS
#ifdef KLX_TEST_HOOKS
    const char *trace_path = getenv("KLX_TRACE_FRAMES");
    FILE *trace = trace_path && *trace_path ? fopen(trace_path, "a") : NULL;
#else
    FILE *trace = NULL;
#endif
#else
    FILE *trace = NULL;
#endif
    double key_at = -1;
    bool first_done = false;

    while (!e->quit) {
        struct session *s = cmd->session;   /* a tour has its own */
        struct derived *d = &cmd->derived;
        if (t.redraw) {
            /* The measures beyond KL only while their panel shows: an
             * edit at n = 10^6 then costs half as much. What the last
             * change did not compute (the panel just opened, a tour's
             * new session) is computed here, in one pass. */
            derived_want_measures(d, e->view.measures);
            session_derive(s, d);
            /* The panel's Renyi line: at once for a small table; for a
             * large one after the frame (it says "..." until then). */
            if (e->view.measures && s->table.n < PANELS_RENYI_LATER)
                session_update_renyi(s, d);
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
            session_warm(s);
            /* The measures panel's Renyi line, if it said "...": now, and
             * drawn in a frame of its own. */
            if (e->view.measures && !derived_has_renyi(d, s->version)) {
                session_update_renyi(s, d);
                t.redraw = true;
                continue;
            }
        }
        enum term_signal sig = term_poll_signal();
        if (sig != TERM_SIG_NONE) {
            apply(&t, explorer_signal(e, sig));
            if (sig == TERM_SIG_TERM)
                e->status = 128 + term_quit_signal();
            continue;
        }
        if (e->prompt != EXPLORER_PROMPT_NONE) {
            prompt_key(&t);
            continue;
        }
        struct term_mouse_event m;
        memset(&m, 0, sizeof m);
        bool live = e->view.live.on;
        int k = term_key(live ? EXPLORER_TICK_MS : IDLE_MS, &m);
        if (k == TERM_NONE) {
            if (live) {
                apply(&t, explorer_tick(e));
                t.redraw = true;
            }
            continue;
        }
        if (trace && k != TERM_RESIZE)
            key_at = trace_now_ms();
        if (k != TERM_RESIZE)
            apply(&t, explorer_key(e, k, &m));
        t.redraw = true;
    }

    if (trace)
        fclose(trace);
    prompt_finish(warn, sizeof warn);
    term_done();
    if (warn[0])
        fprintf(stderr, "%s\n", warn);
    int status = e->status;
    explorer_free(e);
    frame_free(&t.frame);
    if (term_quit_signal())
        term_die_by(term_quit_signal());
    return status;
}
