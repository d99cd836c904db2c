#include "explorer.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "command_family.h"
#include "family.h"
#include "i18n.h"
#include "keymap.h"
#include "num.h"
#include "layout.h"
#include "overview.h"
#include "utf8.h"

static struct session *sess(struct explorer *t)
{
    return t->cmd->session;
}

/* Mouse reporting on or off: the terminal follows (EXPLORER_MOUSE). */
static void set_mouse(struct explorer *t, bool on)
{
    t->view.mouse = on;
    t->fx |= EXPLORER_MOUSE;
}

/* A line for the prompt's history (EXPLORER_HISTORY). */
static void remember(struct explorer *t, const char *line)
{
    snprintf(t->history, sizeof t->history, "%s", line);
    t->fx |= EXPLORER_HISTORY;
}

static void request_quit(struct explorer *t)
{
    const struct session *s = sess(t);
    if (!t->no_confirm && s->path && s->dirty) {
        t->confirming = true;
        /* The question first: a long path is what gets cut, not y/n. */
        view_message(&t->view, true,
                     _("Unsaved changes. Quit anyway? (y/n)  (':save' saves "
                     "them to %s)"), s->path);
        return;
    }
    /* Edits of the example, a preset or -p/-q exist nowhere else. */
    if (!t->no_confirm && s->dirty && !t->cmd->tour.active) {
        t->confirming = true;
        view_message(&t->view, true,
                     _("Your edits are saved nowhere. Quit anyway? (y/n)  "
                     "(':save FILE' keeps them)"));
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
static void view_keep(const struct view *v, struct explorer_view_kept *k)
{
    *k = (struct explorer_view_kept){
        v->which, v->sel, v->top, v->rank, v->rank_top, v->step,
        v->measures, v->grad, v->sorted, v->overview, v->compact,
        v->joint, v->jrow, v->jcol, v->jtop_row, v->jtop_col};
}

static void view_give_back(struct view *v, const struct explorer_view_kept *k)
{
    v->which = k->which;
    v->sel = k->sel;
    v->top = k->top;
    v->rank = k->rank;
    v->rank_top = k->rank_top;
    v->step = k->step;
    v->measures = k->measures;
    v->grad = k->grad;
    v->sorted = k->sorted;
    v->overview = k->overview;
    v->compact = k->compact;
    v->joint = k->joint;
    v->jrow = k->jrow;
    v->jcol = k->jcol;
    v->jtop_row = k->jtop_row;
    v->jtop_col = k->jtop_col;
}

static enum cmd_status run(struct explorer *t, const char *line, bool pager,
                           bool quiet)
{
    struct session *s = sess(t);
    size_t n_before = s->table.n;
    unsigned long table_before = s->table_version;
    bool touring = t->cmd->tour.active;
    size_t lesson = t->cmd->tour.step;
    buf_reset(&t->out);
    error_clear(&t->err);
    t->cmd->width = t->cols;
    t->cmd->progress = t->progress;
    t->view_only = false;
    /* A lesson's steps may change the view: the one it found comes back
     * when it ends. */
    struct explorer_view_kept kept;
    view_keep(&t->view, &kept);
    t->joint_chosen = false;
    enum cmd_status st = command_run(t->cmd, line, &t->out, &t->err);
    if (!touring && t->cmd->tour.active)
        t->before_lesson = kept;
    else if (touring && !t->cmd->tour.active)
        view_give_back(&t->view, &t->before_lesson);
    t->cmd->progress = NULL;
    if (t->after_run)
        t->after_run();
    if (st == CMD_OK && !t->view_only)
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
    s = sess(t);   /* a tour has a session of its own */
    bool moved = touring != t->cmd->tour.active ||
                 lesson != t->cmd->tour.step;
    /* A command that replaces P and Q (`joint kl-mode`, a load, a lesson
     * that begins or moves) shows them: the joint view gives way to the
     * P/Q view, unless the command (a lesson's step) asked for it; a
     * lesson that ends gives back the view it found. */
    if (t->view.joint && !t->joint_chosen && !(touring &&
        !t->cmd->tour.active) && s->table_version != table_before)
        t->view.joint = false;
    if (s->table.n == n_before + 1 && touring == t->cmd->tour.active)
        t->view.sel = s->table.n - 1;   /* show what was added */
    else if (s->table.n + 1 == n_before && touring == t->cmd->tour.active &&
             t->view.sel >= s->table.n &&
             s->table.n > 0)
        t->view.sel = s->table.n - 1;   /* the last one went: its neighbour */
    else if (s->table.n != n_before && t->view.sel >= s->table.n)
        t->view.sel = 0;                /* a new table: start at its top */
    if (moved) {
        /* The caption's title line names the new lesson: the status row
         * keeps what it shows (the compact totals, when folded there). */
        if (t->cmd->tour.active)
            return st;
        pager = false;
    }
    if (quiet || (t->view_only && !t->out.s[0]))
        return st;
    const char *o = t->out.s;
    const char *nl = strchr(o, '\n');
    bool multi = nl && nl[1] != '\0';
    if (pager && multi && view_note_fits(o, t->cols)) {
        view_note(&t->view, o);
    } else if (pager && multi) {
        view_pager(&t->view, line, buf_take(&t->out));
        t->view.pager_chart = strncmp(line + strspn(line, " "), "sweep ",
                                      6) == 0;
    } else if (o[0]) {
        view_message(&t->view, false, " %s", o);
    } else {
        view_message(&t->view, false, " %s", line);
    }
    return st;
}

static void open_help(struct explorer *t)
{
    struct buf b;
    buf_init(&b);
    keymap_help_screen(&b);
    if (!t->view.unicode)
        b.len = utf8_ascii_letters(b.s);
    char title[128];
    snprintf(title, sizeof title, " %s", _("klx help  (Esc or q closes)"));
    view_pager(&t->view, title, buf_take(&b));
    buf_free(&b);
}

static void start_prompt(struct explorer *t, enum explorer_prompt kind)
{
    char text[128];
    if (kind == EXPLORER_PROMPT_VALUE && t->value_cell) {
        snprintf(text, sizeof text, "joint set #%zu #%zu ",
                 t->view.jrow + 1, t->view.jcol + 1);
        t->value_sel = t->view.jrow;
        t->value_col = t->view.jcol;
    } else if (kind == EXPLORER_PROMPT_VALUE) {
        if (sess(t)->table.n == 0)
            return;
        t->value_sel = t->view.sel;
        t->value_which = t->view.which;
        snprintf(text, sizeof text, "set %s #%zu ",
                 t->view.which == WHICH_P ? "p" : "q", t->view.sel + 1);
    } else if (kind == EXPLORER_PROMPT_SEARCH) {
        snprintf(text, sizeof text, "/");
    } else {
        snprintf(text, sizeof text, ":");
    }
    /* Mouse reports would reach readline as garbage bytes. */
    t->mouse_before_prompt = t->view.mouse;
    set_mouse(t, false);
    t->prompt = kind;
    snprintf(t->prompt_text, sizeof t->prompt_text, "%s", text);
    t->fx |= EXPLORER_PROMPT_OPEN;
}

/* Which match entry i is, counting in the table's order (1-based), and
 * how many there are: "match k of N" for the status bar. */
static size_t match_rank(const struct table *tb, const char *text, size_t i,
                         size_t *total)
{
    size_t k = 0;
    *total = 0;
    for (size_t j = 0; j < tb->n; j++) {
        if (!strstr(tb->labels[j], text))
            continue;
        ++*total;
        if (j <= i)
            k++;
    }
    return k;
}

/* Jumps to entry i found by a search; says which match it is, when the
 * search went past an end (`wrapped`: 1 past the bottom, -1 past the top)
 * and when the sorted view had to go because the entry is not in it. */
static void jump_to(struct explorer *t, size_t i, int wrapped,
                    struct buf *out)
{
    const struct session *s = sess(t);
    bool unsorted = view_select(&t->view, s, i);
    size_t total;
    size_t k = match_rank(&s->table, t->view.search, i, &total);
    buf_printf(out, _("match %zu of %zu: entry %zu (%s)%s%s\n"), k, total,
               i + 1, s->table.labels[i],
               wrapped > 0   ? _("; wrapped to the top")
               : wrapped < 0 ? _("; wrapped to the bottom")
                             : "",
               unsorted ? _("; sorted view off: it is not in the top list")
                        : _("  n next, N previous"));
}

static bool search(struct explorer *t, const char *text, struct buf *out,
                   struct error *err)
{
    const struct table *tb = &sess(t)->table;
    size_t first;
    size_t total = overview_find(tb, text, &first, 1);
    if (total == 0)
        return error_set(err, _("no label contains '%s' (labels are "
                         "case-sensitive)"), text);
    snprintf(t->view.search, sizeof t->view.search, "%s", text);
    jump_to(t, first, 0, out);
    return true;
}

static bool search_again(struct explorer *t, bool backwards, struct buf *out,
                         struct error *err)
{
    if (!t->view.search[0])
        return error_set(err, _("no search yet: press / to search the "
                         "labels"));
    size_t i;
    if (!overview_find_next(&sess(t)->table, t->view.search, t->view.sel,
                            backwards, &i))
        return error_set(err, _("no label contains '%s'"), t->view.search);
    size_t from = t->view.sel;
    int wrapped = !backwards && i <= from ? 1 : backwards && i >= from ? -1
                                                                     : 0;
    jump_to(t, i, wrapped, out);
    return true;
}

static void end_prompt(struct explorer *t, const char *line)
{
    enum explorer_prompt kind = t->prompt;
    t->prompt = EXPLORER_PROMPT_NONE;
    if (t->mouse_before_prompt)
        set_mouse(t, true);
    view_clear_message(&t->view);
    if (!line)
        return;
    if (kind == EXPLORER_PROMPT_SEARCH) {
        if (line[0]) {
            struct buf cmdline;
            buf_init(&cmdline);
            /* The words next and prev as text, not as keywords. */
            bool word = strcmp(line, "next") == 0 ||
                        strcmp(line, "prev") == 0;
            buf_printf(&cmdline, word ? "search \"%s\"" : "search %s",
                       line);
            run(t, cmdline.s, false, false);
            buf_free(&cmdline);
        }
        return;
    }
    if (kind == EXPLORER_PROMPT_VALUE) {
        const char *v = line;
        while (*v == ' ')
            v++;
        if (*v) {
            char cmdline[512];
            if (t->value_cell)
                keymap_cell_line(cmdline, sizeof cmdline, t->value_sel,
                                 t->value_col, v);
            else
                keymap_set_line(cmdline, sizeof cmdline, t->value_which,
                                t->value_sel, v);
            remember(t, cmdline);
            run(t, cmdline, false, false);
        }
    } else {
        remember(t, line);
        run(t, line, true, false);
    }
}

static void pager_key(struct explorer *t, int key,
                      const struct term_mouse_event *m)
{
    long page = view_pager_rows(&t->view);
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

static void set_from_mouse(struct explorer *t, double frac)
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
static void move_sel(struct explorer *t, long delta)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    size_t count;
    if (view_sorted_order(v, s, &count))
        view_sorted_select(v, s, layout_move(v->rank, delta, count));
    else
        v->sel = layout_move(v->sel, delta, s->table.n);
}

static void move_to(struct explorer *t, bool end)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    size_t count, n = s->table.n;
    if (view_sorted_order(v, s, &count))
        view_sorted_select(v, s, end && count ? count - 1 : 0);
    else
        v->sel = end && n ? n - 1 : 0;
}

/* The next of off -> forward -> reverse -> off, or the one asked for. */
static int cycle3(int now, enum view_how how)
{
    switch (how) {
    case VIEW_OFF: return 0;
    case VIEW_FORWARD: return 1;
    case VIEW_REVERSE: return 2;
    default: return (now + 1) % 3;
    }
}

static bool switch_to(bool now, enum view_how how)
{
    return how == VIEW_ON ? true : how == VIEW_OFF ? false : !now;
}

static void set_sorted(struct explorer *t, enum view_how how, struct buf *out)
{
    struct view *v = &t->view;
    const struct session *s = sess(t);
    static const enum view_sorted modes[] = {SORTED_OFF, SORTED_FORWARD,
                                             SORTED_REVERSE};
    v->sorted = modes[cycle3(v->sorted == SORTED_FORWARD   ? 1
                             : v->sorted == SORTED_REVERSE ? 2 : 0, how)];
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (order) {
        size_t r = layout_rank_of(order, count, v->sel);
        v->rank = r < count ? r : 0;
        v->rank_top = 0;
        v->sel = count ? order[v->rank] : 0;
    }
    buf_printf(out, "%s\n",
               v->sorted == SORTED_FORWARD
                   ? _("sorted by |p*log(p/q)|, largest first (o again: by "
                       "|q*log(q/p)|)")
               : v->sorted == SORTED_REVERSE
                   ? _("sorted by |q*log(q/p)|, largest first (o again: off)")
                   : _("sorted view off: entries in their order"));
}

static bool joint_view(struct explorer *t, enum view_how how,
                       struct buf *out, struct error *err)
{
    struct view *v = &t->view;
    bool on = switch_to(v->joint, how);
    if (on && sess(t)->joint.rows == 0)
        return error_set(err, _("there is no joint table yet (hint: joint 2 2 "
                         "0.4 0.1 0.1 0.4, joint copy 3 or joint load "
                         "FILE)"));
    v->joint = on;
    t->joint_chosen = true;
    buf_printf(out, "%s\n", on ? _("joint view: arrows select a cell, "
                                    "Shift-arrows set it, K kl-mode, J P "
                                    "and Q")
                              : _("the P and Q view"));
    return true;
}

/* Moves the joint view's selected cell (clamped at the edges). */
static bool move_cell(struct explorer *t, const struct view_request *r,
                      struct error *err)
{
    struct view *v = &t->view;
    const struct joint *j = &sess(t)->joint;
    if (!v->joint || j->rows == 0)
        return error_set(err, _("cell selects a cell of the joint view (J or "
                         "`view joint` shows it)"));
    if (r->how == VIEW_ROWS)
        v->jrow = layout_move(v->jrow, r->delta, j->rows);
    else if (r->how == VIEW_COLS)
        v->jcol = layout_move(v->jcol, r->delta, j->cols);
    else if (r->how == VIEW_FIRST)
        v->jrow = v->jcol = 0;
    else {
        v->jrow = j->rows - 1;
        v->jcol = j->cols - 1;
    }
    return true;
}

/* How many parameters side k (0 P, 1 Q) has on the parameter line. */
static int param_count(const struct view *v, int k)
{
    int n = 0;
    if (v->family[k])
        for (const char *const *p = family_param_names(v->family[k]); *p;
             p++)
            n++;
    return n;
}

/* Moves the parameter line's selection dir places through P's parameters
 * then Q's (dir 0: stays where it is when that is still a parameter). */
static void param_move(struct view *v, int dir)
{
    int np = param_count(v, 0), total = np + param_count(v, 1);
    if (total == 0) {
        v->param = 0;
        return;
    }
    int at = (v->param_which == WHICH_P ? 0 : np) + v->param;
    bool valid = v->param < param_count(v, v->param_which == WHICH_P ? 0
                                                                    : 1);
    if (!valid)
        at = 0;
    at = ((at + dir) % total + total) % total;
    v->param_which = at < np ? WHICH_P : WHICH_Q;
    v->param = at < np ? at : at - np;
}

/* The families the command remembers now: a command may have generated,
 * moved or forgotten one. */
static void sync_families(struct explorer *t)
{
    struct view *v = &t->view;
    v->family[0] = command_family_of(t->cmd, WHICH_P);
    v->family[1] = command_family_of(t->cmd, WHICH_Q);
    param_move(v, 0);
}

static void set_params(struct explorer *t, enum view_how how,
                       struct buf *out)
{
    struct view *v = &t->view;
    sync_families(t);
    bool was = v->params;
    if (how == VIEW_FORWARD || how == VIEW_REVERSE)
        v->params = true;
    else
        v->params = switch_to(v->params, how);
    if (!v->params) {
        buf_printf(out, _("parameter line off: the arrows move values\n"));
        return;
    }
    if (was && (how == VIEW_FORWARD || how == VIEW_REVERSE))
        param_move(v, how == VIEW_FORWARD ? 1 : -1);
    int k = v->param_which == WHICH_P ? 0 : 1;
    if (!v->family[k]) {
        buf_printf(out, _("parameter line: neither P nor Q has a family "
                   "(generate one: :p binom 10 0.3)\n"));
        return;
    }
    buf_printf(out, _("parameter %s.%s: Left/Right move it, Tab the next (p "
               "again: off)\n"), v->param_which == WHICH_P ? "p" : "q",
               family_param_names(v->family[k])[v->param]);
}

/* The code column takes the gradient's place: one of them at a time. */
static void set_code(struct explorer *t, enum view_how how, struct buf *out)
{
    struct view *v = &t->view;
    v->code = switch_to(v->code, how);
    if (!v->code) {
        buf_printf(out, _("code column off\n"));
        return;
    }
    v->grad = GRAD_OFF;   /* the code column takes its place */
    const struct table *tb = &sess(t)->table;
    char h[NUM_BUF], k[NUM_BUF];
    buf_printf(out, _("code column: E_P[-log2 q] = H(P) + KL(P||Q) = %s + %s "
               "bits\n"),
               num_short(h, sizeof h, code_entropy_bits(tb->p, tb->n)),
               num_short(k, sizeof k, sess(t)->div.pq.total / log(2)));
}

static void set_live(struct explorer *t, const struct view_request *r,
                     struct buf *out)
{
    struct live *l = &t->view.live;
    bool on = switch_to(l->on, r->how);
    if (!on) {
        live_free(l);
        buf_printf(out, _("live sampling off\n"));
        return;
    }
    /* toggle from off, or on: a fresh run with the seed asked for */
    live_start(l, sess(t), r->how == VIEW_TOGGLE ? 1 : (uint64_t)r->value);
    buf_printf(out, _("live sampling from P (seed %llu): the mean of "
               "log(p/q) settles on KL(P||Q); S again stops\n"),
               (unsigned long long)l->seed);
}

/* Carries out a view command (command_view.h): the explorer's half of
 * every key that changes only what is shown. */
static bool view_request(void *ctx, const struct view_request *r,
                         struct buf *out, struct error *err)
{
    struct explorer *t = ctx;
    struct view *v = &t->view;
    const struct session *s = sess(t);
    long page = v->layout.table_h > 1 ? v->layout.table_h - 1 : 1;
    t->view_only = true;
    switch (r->verb) {
    case VIEW_SELECT:
        if (r->how == VIEW_ROWS)
            move_sel(t, r->delta);
        else if (r->how == VIEW_PAGES)
            move_sel(t, r->delta * page);
        else if (r->how == VIEW_FIRST || r->how == VIEW_LAST)
            move_to(t, r->how == VIEW_LAST);
        else
            view_select(v, s, r->index);
        return true;
    case VIEW_EDIT:
        v->which = r->how == VIEW_P ? WHICH_P
                   : r->how == VIEW_Q ? WHICH_Q
                   : v->which == WHICH_P ? WHICH_Q : WHICH_P;
        buf_printf(out, _("editing %s\n"), which_name(v->which));
        return true;
    case VIEW_STEP:
        v->step = r->how == VIEW_VALUE ? r->value
                                       : keymap_step(v->step, (int)r->delta);
        buf_printf(out, _("step %g\n"), v->step);
        return true;
    case VIEW_MEASURES:
        v->measures = switch_to(v->measures, r->how);
        return true;
    case VIEW_SORTED:
        set_sorted(t, r->how, out);
        return true;
    case VIEW_OVERVIEW:
        v->overview = switch_to(v->layout.ov_w != 0, r->how) ? LAYOUT_OV_ON
                                                              : LAYOUT_OV_OFF;
        buf_printf(out, "%s\n", v->overview == LAYOUT_OV_ON
                   ? _("overview: the whole table in bins, rows on screen "
                     "marked (v again: off)")
                   : _("overview off"));
        return true;
    case VIEW_COMPACT:
        v->compact = r->how == VIEW_AUTO ? LAYOUT_COMPACT_AUTO
                     : switch_to(v->layout.compact, r->how) ? LAYOUT_COMPACT_ON
                                                            : LAYOUT_COMPACT_OFF;
        buf_printf(out, "%s\n", v->compact == LAYOUT_COMPACT_AUTO
                   ? _("totals: compact when the full panel would hide rows")
                   : v->compact == LAYOUT_COMPACT_ON
                   ? _("totals: compact (c again: the full panel)")
                   : _("totals: the full panel (c again: compact)"));
        return true;
    case VIEW_GRAD: {
        v->code = false;   /* the gradient takes the column back */
        static const enum view_grad modes[] = {GRAD_OFF, GRAD_FORWARD,
                                               GRAD_REVERSE};
        v->grad = modes[cycle3(v->grad == GRAD_FORWARD   ? 1
                               : v->grad == GRAD_REVERSE ? 2 : 0, r->how)];
        buf_printf(out, "%s\n",
                   v->grad == GRAD_FORWARD
                       ? _("gradient of KL(P||Q) for the edited distribution; "
                         "D again: KL(Q||P)")
                   : v->grad == GRAD_REVERSE
                       ? _("gradient of KL(Q||P) (D again: off)")
                       : _("gradient off"));
        return true;
    }
    case VIEW_PARAMS:
        set_params(t, r->how, out);
        return true;
    case VIEW_LIVE:
        set_live(t, r, out);
        return true;
    case VIEW_CODE:
        set_code(t, r->how, out);
        return true;
    case VIEW_HELP:
        open_help(t);
        return true;
    case VIEW_REDRAW:
        t->fx |= EXPLORER_REPAINT;
        return true;
    case VIEW_SEARCH:
        if (r->how == VIEW_VALUE)
            return search(t, r->text, out, err);
        return search_again(t, r->delta < 0, out, err);
    case VIEW_JOINT:
        return joint_view(t, r->how, out, err);
    case VIEW_CELL:
        return move_cell(t, r, err);
    case VIEW_MOUSE:
        set_mouse(t, switch_to(v->mouse, r->how));
        buf_printf(out, "%s\n", v->mouse ? _("mouse on")
                   : _("mouse off: the terminal can select text now"));
        return true;
    }
    return true;
}

static void mouse_event(struct explorer *t, const struct term_mouse_event *m)
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

/* In the joint view the arrows select a cell, Shift-arrows and = set
 * it: the binding table's joint rows. */
static bool joint_shown(const struct explorer *t)
{
    return t->view.joint && t->cmd->session->joint.rows > 0;
}

static enum action joint_action(const struct explorer *t, enum action a)
{
    if (!joint_shown(t))
        return a;
    switch (a) {
    case ACT_UP: return ACT_CELL_UP;
    case ACT_DOWN: return ACT_CELL_DOWN;
    case ACT_DEC: return ACT_CELL_LEFT;
    case ACT_INC: return ACT_CELL_RIGHT;
    case ACT_HOME: return ACT_CELL_FIRST;
    case ACT_END: return ACT_CELL_LAST;
    case ACT_DIV: return ACT_CELL_DEC;
    case ACT_MUL: return ACT_CELL_INC;
    case ACT_VALUE_PROMPT: return ACT_CELL_PROMPT;
    default: return a;
    }
}

static void key(struct explorer *t, int k, const struct term_mouse_event *m)
{
    struct view *v = &t->view;

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
        if (!joint_shown(t))   /* the joint view is driven by keys */
            mouse_event(t, m);
        return;
    }
    if (!v->layout.fits && k != 'q' && k != KM_CTRL('c'))
        return;
    /* The joint view takes the arrows for its cells; otherwise the
     * parameter line, when on, takes Left/Right and Tab. */
    enum action a = joint_action(t, keymap_action(k));
    if (v->params && !joint_shown(t))
        a = keymap_in_params(a);
    if (a == ACT_NONE) {
        if (k >= 0)
            view_message(v, true, " %s", _("unknown key; press ? for help"));
        return;
    }
    if (keymap_is_prompt(a)) {
        t->value_cell = a == ACT_CELL_PROMPT;
        start_prompt(t, a == ACT_VALUE_PROMPT || a == ACT_CELL_PROMPT
                            ? EXPLORER_PROMPT_VALUE
                        : a == ACT_SEARCH     ? EXPLORER_PROMPT_SEARCH
                                              : EXPLORER_PROMPT_COMMAND);
        return;
    }
    /* Every other key is a line of the command language. */
    struct keymap_ctx c = {
        .s = sess(t),
        .which = v->which,
        .sel = v->sel,
        .step = v->step,
        .alpha = t->cmd->derived.alpha,
        .touring = t->cmd->tour.active,
        .jrow = v->jrow,
        .jcol = v->jcol,
        .family = v->family[v->param_which == WHICH_P ? 0 : 1],
        .param_which = v->param_which,
        .param = v->param,
    };
    char line[256];
    const char *why;
    if (keymap_line(a, &c, line, sizeof line, &why)) {
        size_t cell = v->jrow * sess(t)->joint.cols + v->jcol;
        if (run(t, line, a == ACT_FIT || a == ACT_NORMALIZE ||
                             a == ACT_TOUR, false) == CMD_OK &&
            a == ACT_KL_MODE && cell < sess(t)->table.n)
            v->sel = cell;   /* the cell the joint view had selected */
    } else if (why) {
        view_message(v, true, " %s", why);
        if (!v->unicode)
            utf8_ascii_letters(v->message);
    }
}


static unsigned take_fx(struct explorer *t)
{
    unsigned fx = t->fx | EXPLORER_REDRAW;
    sync_families(t);
    if (t->quit)
        fx |= EXPLORER_QUIT;
    t->fx = 0;
    return fx;
}

void explorer_init(struct explorer *t, struct command *cmd, bool unicode,
                   bool utf8, bool mouse, bool no_confirm)
{
    memset(t, 0, sizeof *t);
    t->cmd = cmd;
    t->no_confirm = no_confirm;
    t->cols = 80;
    view_init(&t->view, unicode, utf8);
    t->view.derived = &cmd->derived;
    t->view.mouse = mouse;
    view_keep(&t->view, &t->before_lesson);   /* for --lesson, --tour */
    buf_init(&t->out);
    cmd->view_hook = view_request;
    cmd->view_ctx = t;
    t->view.pin = &cmd->pin;
    sync_families(t);
}

void explorer_free(struct explorer *t)
{
    if (t->cmd->view_ctx == t) {
        t->cmd->view_hook = NULL;
        t->cmd->view_ctx = NULL;
    }
    view_free(&t->view);
    buf_free(&t->out);
}

unsigned explorer_key(struct explorer *t, int k,
                      const struct term_mouse_event *m)
{
    struct term_mouse_event none;
    if (!m) {
        memset(&none, 0, sizeof none);
        m = &none;
    }
    key(t, k, m);
    return take_fx(t);
}

unsigned explorer_tick(struct explorer *t)
{
    struct live *l = &t->view.live;
    if (!l->on)
        return 0;
    live_step(l, sess(t), 0);
    return take_fx(t);
}

unsigned explorer_prompt_done(struct explorer *t, const char *line)
{
    end_prompt(t, line);
    return take_fx(t);
}

unsigned explorer_signal(struct explorer *t, enum term_signal sig)
{
    switch (sig) {
    case TERM_SIG_TERM:
        t->quit = true;
        t->status = 128 + SIGTERM;
        break;
    case TERM_SIG_INT:
        if (t->prompt != EXPLORER_PROMPT_NONE) {
            t->fx |= EXPLORER_PROMPT_CANCEL;
            end_prompt(t, NULL);
        } else if (t->confirming) {
            t->quit = true;    /* Ctrl-C twice means it */
        } else {
            request_quit(t);
        }
        break;
    case TERM_SIG_SUSPEND:
        t->fx |= EXPLORER_SUSPEND;
        break;
    case TERM_SIG_CONT:
        t->fx |= EXPLORER_REPAINT;
        break;
    default: break;
    }
    return take_fx(t);
}
