#include "keymap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "alpha.h"
#include "command.h"
#include "family.h"
#include "i18n.h"
#include "layout.h"
#include "num.h"
#include "utf8.h"

/* The binding table: every key of the explorer, once. Each row is one
 * line of the help screen, the README's key table and the man page; it
 * holds one action or a pair (Left/Right), the keys of each, the command
 * line each runs (a template: see expand()), and the status bar's labels
 * with their priority (lower goes in first). */
enum {
    BIND_PROMPT = 1,      /* opens a prompt; the typed text makes the line */
    BIND_VIEW = 2,        /* a view command, not an edit of the session */
    BIND_TOUR = 4,        /* needs a running tour; status only in one */
    BIND_QUIET = 8,       /* without a tour: does nothing, says nothing */
    BIND_NOT_TOURING = 16,   /* status only outside a tour */
    BIND_TWO = 32,        /* needs two entries or more */
    BIND_JOINT = 64,      /* the joint view's: status only there */
    BIND_JOINT_TOO = 128, /* status in the joint view too */
    BIND_BY_LESSON = 256, /* status[0] in the tour, status[1] in a lesson */
};

struct binding {
    const char *keys;
    enum action act[2];
    int codes[2][5];        /* 0-terminated */
    const char *line[2];
    const char *help;       /* one line of the help screen */
    const char *more;       /* README and man page: what else to know */
    const char *status[2];
    int prio;
    unsigned flags;
};

static const struct binding bindings[] = {
    {"Up/Down, k/j", {ACT_UP, ACT_DOWN}, {{KM_UP, 'k'}, {KM_DOWN, 'j'}},
     {"select up", "select down"}, N_("select an entry"),
     "also a mouse click on its row", {NULL, NULL}, 0, BIND_VIEW},
    {"Home/End, g/G", {ACT_HOME, ACT_END}, {{KM_HOME, 'g'}, {KM_END, 'G'}},
     {"select first", "select last"}, N_("first / last entry"), NULL,
     {NULL, NULL}, 0, BIND_VIEW},
    {"PgUp/PgDn, b/Space", {ACT_PGUP, ACT_PGDN},
     {{KM_PGUP, 'b'}, {KM_PGDN, ' '}},
     {"select pageup", "select pagedown"}, N_("scroll a page"), NULL,
     {NULL, NULL}, 0, BIND_VIEW},
    {"Left/Right, h/l", {ACT_DEC, ACT_INC}, {{KM_LEFT, 'h'}, {KM_RIGHT, 'l'}},
     {"set {which} {sel} {value-}", "set {which} {sel} {value+}"},
     N_("decrease / increase the selected value by the step"),
     "a value smaller than the step moves by a tenth of its order of "
     "magnitude (1e-6 by 1e-7); a mouse click or drag on a bar sets it",
     {N_("{arrows} value"), NULL}, 1, 0},
    {"Shift-Left/Right", {ACT_DIV, ACT_MUL}, {{KM_SLEFT}, {KM_SRIGHT}},
     {"set {which} {sel} {value/}", "set {which} {sel} {value*}"},
     N_("divide / multiply the selected value by 1.1"),
     "a relative step, the same for values of any size", {NULL, NULL}, 0,
     0},
    {"- + or [ ]", {ACT_STEP_DOWN, ACT_STEP_UP}, {{'-', '['}, {'+', ']'}},
     {"step -", "step +"}, N_("smaller / larger step (0.001 0.01 0.05 0.1)"),
     NULL, {N_("-+ step"), NULL}, 4, BIND_VIEW | BIND_JOINT_TOO},
    {"= or Enter", {ACT_VALUE_PROMPT}, {{'=', KM_ENTER, '\n', '\r'}},
     {"set {which} {sel} {typed}"},
     N_("type an exact value for the selected entry"), NULL, {NULL, NULL}, 0,
     BIND_PROMPT},
    {"Tab", {ACT_TOGGLE_WHICH}, {{'\t'}}, {"edit other"},
     N_("switch between editing P and Q"), NULL, {N_("Tab P/Q"), NULL}, 1,
     BIND_VIEW},
    {"s", {ACT_SWAP}, {{'s'}}, {"swap"}, N_("swap P and Q"), NULL,
     {N_("s swap"), NULL}, 5, 0},
    {"a", {ACT_ADD}, {{'a'}}, {"add {fresh} 0 0"},
     N_("add an entry (with zero mass)"), "and select it",
     {N_("a add"), NULL}, 7, 0},
    /* Edits sit on keys no pager or editor moves with (as vim, x
     * deletes), so a less or vim habit never changes the data. */
    {"x or Delete", {ACT_DELETE}, {{'x', KM_DELETE}}, {"del {sel}"},
     N_("delete the selected entry"), NULL, {N_("x del"), NULL}, 7, BIND_TWO},
    {"U", {ACT_UNIFORM}, {{'U'}}, {"uniform {which}"},
     N_("make the edited distribution uniform"), NULL,
     {N_("U uniform"), NULL}, 8, 0},
    {"I", {ACT_NORMALIZE}, {{'I'}}, {"normalize"},
     N_("show how P and Q were normalized"), NULL, {NULL, NULL}, 0, 0},
    {"B", {ACT_BASE}, {{'B'}}, {"base {next-base}"},
     N_("cycle the log base: e (nats), 2 (bits), 10 (bans)"), NULL,
     {N_("B base"), NULL}, 6, 0},
    {"u / Ctrl-R", {ACT_UNDO, ACT_REDO}, {{'u'}, {KM_CTRL('r')}},
     {"undo", "redo"}, N_("undo / redo"), NULL, {N_("u undo"), NULL}, 3,
     BIND_JOINT_TOO},
    {"t", {ACT_TOUR}, {{'t'}}, {"tour"},
     N_("start the guided tour (9 lessons on a copy of your data)"),
     "the lesson's caption stays on screen; during the tour `t` shows "
     "the lesson's text again (in a note when a short screen left only "
     "its title)", {N_("t tour"), NULL}, 2,
     BIND_NOT_TOURING},
    {"> / <", {ACT_TOUR_NEXT, ACT_TOUR_BACK}, {{'>'}, {'<'}},
     {"next", "back"}, N_("tour or lesson: next / previous step"), NULL,
     {N_("> next"), N_("< back")}, 0, BIND_TOUR},
    {"Esc", {ACT_TOUR_END}, {{KM_ESC}}, {"tour end"},
     N_("end the tour or lesson (your own P, Q, base and undo come back); "
     "also cancels a prompt and closes help"), NULL,
     {N_("Esc end tour"), N_("Esc end lesson")}, 0,
     BIND_TOUR | BIND_QUIET | BIND_BY_LESSON},
    {"m", {ACT_MEASURES}, {{'m'}}, {"view measures toggle"},
     N_("measures panel: entropies, cross-entropy, JS, TV, Hellinger, chi2, "
     "R\u00E9nyi"),
     "instead of the totals; H(P,Q) = H(P) + KL(P||Q) checked, "
     "Jensen-Shannon <= log 2 and its distance, total variation with "
     "Pinsker's bound both ways, chi2 both ways (from 2^17 entries on, "
     "R\u00E9nyi shows `...` for one frame after a change while it is "
     "computed)",
     {N_("m measures"), NULL}, 2, BIND_VIEW},
    {", / .", {ACT_ALPHA_DOWN, ACT_ALPHA_UP}, {{','}, {'.'}},
     {"alpha {alpha-}", "alpha {alpha+}"},
     N_("R\u00E9nyi order down / up through 1/2, 1 (KL), 2, inf (stops at the "
     "ends)"),
     "1 is KL, 2 is log(1+chi2), inf is log max p/q",
     {N_(", . alpha"), NULL}, 9, 0},
    {"D", {ACT_GRAD}, {{'D'}}, {"view grad next"},
     N_("which entry matters: gradient for KL(P||Q), KL(Q||P), off"),
     "dKL/dx for the distribution being edited, with an arrow on the entry "
     "whose nudge lowers KL fastest (as `grad`); when a direction is "
     "infinite it names the entry to raise",
     {N_("D grad"), NULL}, 2, BIND_VIEW},
    {"F", {ACT_FIT}, {{'F'}}, {"fit gauss both"},
     N_("fit a Gaussian to P both ways (`fit gauss both`)"),
     "the two fits side by side", {N_("F fit"), NULL}, 3, 0},
    {"o", {ACT_SORTED}, {{'o'}}, {"view sorted next"},
     N_("sorted view: the largest |p*log(p/q)| first, then |q*log(q/p)|, off"),
     "the top 1000; edits work on the selected entry and the list is "
     "recomputed after each one",
     {N_("o sorted"), NULL}, 4, BIND_VIEW},
    {"/", {ACT_SEARCH}, {{'/'}}, {"search {typed}"},
     N_("search labels and jump to the first match"), "as `find` lists them",
     {N_("/ search"), NULL}, 3, BIND_PROMPT},
    {"n/N, Ctrl-N/Ctrl-P", {ACT_SEARCH_NEXT, ACT_SEARCH_PREV},
     {{'n', KM_CTRL('n')}, {'N', KM_CTRL('p')}},
     {"search next", "search prev"},
     N_("next / previous match of the last search"), NULL, {NULL, NULL}, 0,
     BIND_VIEW},
    {"v", {ACT_OVERVIEW}, {{'v'}}, {"view overview toggle"},
     N_("overview column: the whole table in bins, the view marked"),
     "one bin of contiguous entries per row, with the mass of P and Q and "
     "the sum of the terms per bin, a mark on the selected entry's bin and "
     "on the bins of the rows on screen; it appears by itself when the "
     "table is much longer than the screen and the labels leave room",
     {N_("v overview"), NULL}, 8, BIND_VIEW},
    {"c", {ACT_COMPACT}, {{'c'}}, {"view compact toggle"},
     N_("compact totals: both KL and the >= 0 check in one or two lines"),
     "more rows for the table; by itself (`view compact auto`, the "
     "default) when the full panel would hide rows that it shows",
     {NULL, NULL}, 0, BIND_VIEW},
    {"p", {ACT_PARAMS}, {{'p'}}, {"view params toggle"},
     N_("parameter line: move the parameters of P's and Q's families"),
     "for P or Q made by a family (`p binom 10 0.3`, -p \"binom 10 0.3\"), "
     "until an entry is edited by hand; each side's family and parameters "
     "with the closed form of KL beside the sums (for normals the "
     "continuous value and the discretization gap); while it is on, the "
     "keys below move the parameters instead of the values",
     {NULL, NULL}, 0, BIND_VIEW},
    {"Left/Right (p on)", {ACT_PARAM_DEC, ACT_PARAM_INC}, {{0}, {0}},
     {"param {pside} {pname} {pvalue-}", "param {pside} {pname} {pvalue+}"},
     N_("parameter line: decrease / increase the selected parameter"),
     "theta and w by the step, n and k by 1, lambda, mu, sigma and s by "
     "ten steps; one undo step each",
     {NULL, NULL}, 0, 0},
    {"Tab (p on)", {ACT_PARAM_NEXT}, {{0}}, {"view params next"},
     N_("parameter line: select the next parameter, P's then Q's"), NULL,
     {NULL, NULL}, 0, BIND_VIEW},
    {"S", {ACT_LIVE}, {{'S'}}, {"sample live toggle"},
     N_("live sampling: draws from P every frame, the mean of log(p/q) "
     "settling on KL(P||Q)"),
     "the running mean with its +-2 SE band on a scale centred on KL(P||Q) "
     "and each entry's count (under the table, and beside each row when "
     "the gradient and code columns are off); S again stops; a change of P or Q starts it "
     "again; `sample live SEED` picks the seed",
     {NULL, NULL}, 0, BIND_VIEW},
    {"C", {ACT_CODE}, {{'C'}}, {"view code toggle"},
     N_("code column: -log2 q and the Huffman code's lengths for Q"),
     "KL(P||Q) as the extra bits of coding P with Q's code: the column "
     "shows each entry's ideal length for Q and its word's length in a "
     "Huffman code built for Q, in place of the gradient (`code` prints "
     "the words and the sums)",
     {NULL, NULL}, 0, BIND_VIEW},
    {"M", {ACT_MOUSE}, {{'M'}}, {"mouse toggle"},
     N_("mouse on/off (off lets the terminal select text to copy)"), NULL,
     {NULL, NULL}, 0, BIND_VIEW},
    {"mouse", {ACT_NONE}, {{0}}, {NULL},
     N_("click a row to select it; click or drag on a bar to set it"),
     "a drag is one undo step", {NULL, NULL}, 0, BIND_VIEW},
    {"J", {ACT_JOINT_VIEW}, {{'J'}}, {"view joint toggle"},
     N_("joint view: a joint table's cells, marginals and mutual information"),
     "once a joint table exists (`joint`): heat maps of P(x,y), "
     "P(x)P(y) and each cell's signed term, P(x) and P(y) as bars, "
     "I(X;Y) = KL(P_XY||P_X P_Y) with H(X), H(Y), H(X,Y), H(X|Y), H(Y|X), "
     "the identities checked and the reverse KL; J again: P and Q",
     {N_("J P/Q view"), NULL}, 2, BIND_VIEW | BIND_JOINT},
    {"joint: Up/Down, k/j", {ACT_CELL_UP, ACT_CELL_DOWN}, {{0}, {0}},
     {"cell up", "cell down"}, N_("joint view: select the cell above / below"),
     NULL, {NULL, NULL}, 0, BIND_VIEW | BIND_JOINT},
    {"joint: Left/Right, h/l", {ACT_CELL_LEFT, ACT_CELL_RIGHT}, {{0}, {0}},
     {"cell left", "cell right"},
     N_("joint view: select the cell to the left / right"), NULL,
     {N_("{arrows} cell"), NULL}, 1, BIND_VIEW | BIND_JOINT},
    {"joint: Home/End, g/G", {ACT_CELL_FIRST, ACT_CELL_LAST}, {{0}, {0}},
     {"cell first", "cell last"}, N_("joint view: the first / last cell"),
     NULL, {NULL, NULL}, 0, BIND_VIEW | BIND_JOINT},
    {"joint: Shift-Left/Right", {ACT_CELL_DEC, ACT_CELL_INC}, {{0}, {0}},
     {"joint set {cell} {cvalue-}", "joint set {cell} {cvalue+}"},
     N_("joint view: decrease / increase the selected cell by the step"),
     "the other cells rescale (as `joint set`); - and + change the step",
     {N_("S-{arrows} value"), NULL}, 1, BIND_JOINT},
    {"joint: = or Enter", {ACT_CELL_PROMPT}, {{0}},
     {"joint set {cell} {typed}"},
     N_("joint view: type an exact value for the selected cell"), NULL,
     {N_("= set"), NULL}, 3, BIND_PROMPT | BIND_JOINT},
    {"K", {ACT_KL_MODE}, {{'K'}}, {"joint kl-mode"},
     N_("kl-mode: P = the joint table's cells, Q = P(x)P(y), in the P/Q view"),
     "KL(P||Q) there is I(X;Y); u goes back", {N_("K kl-mode"), NULL}, 2,
     BIND_JOINT},
    {":", {ACT_COMMAND_PROMPT}, {{':'}}, {"{typed}"},
     N_("type any command (Tab completes, Up/Down recalls history)"), NULL,
     {N_(": command"), NULL}, 1, BIND_PROMPT | BIND_JOINT_TOO},
    {"Ctrl-L", {ACT_REDRAW}, {{KM_CTRL('l')}}, {"view redraw"},
     N_("redraw the screen"), NULL, {NULL, NULL}, 0, BIND_VIEW},
    {"? or F1", {ACT_HELP}, {{'?', KM_F1}}, {"view help"}, N_("this help"),
     "every key and command", {N_("? help"), NULL}, 0,
     BIND_VIEW | BIND_JOINT_TOO},
    {"q or Ctrl-C", {ACT_QUIT}, {{'q', KM_CTRL('c')}}, {"quit"}, N_("quit"),
     "asks first when there are unsaved edits (of a file, or of data that "
     "exists nowhere else); Ctrl-C while a `load` or a `fit` runs stops "
     "only that", {N_("q quit"), NULL}, 0, BIND_JOINT_TOO},
};

enum { N_BINDINGS = sizeof bindings / sizeof bindings[0] };

/* The row and the slot (0 or 1) of action a; NULL when no key has it. */
static const struct binding *find_action(enum action a, int *slot)
{
    for (size_t i = 0; i < N_BINDINGS; i++)
        for (int k = 0; k < 2; k++)
            if (bindings[i].act[k] == a && a != ACT_NONE &&
                bindings[i].line[k]) {
                *slot = k;
                return &bindings[i];
            }
    return NULL;
}

enum action keymap_action(int key)
{
    if (key <= 0)
        return ACT_NONE;
    for (size_t i = 0; i < N_BINDINGS; i++)
        for (int k = 0; k < 2; k++)
            for (const int *c = bindings[i].codes[k]; *c; c++)
                if (*c == key)
                    return bindings[i].act[k];
    return ACT_NONE;
}

enum action keymap_in_params(enum action a)
{
    switch (a) {
    case ACT_DEC: return ACT_PARAM_DEC;
    case ACT_INC: return ACT_PARAM_INC;
    case ACT_TOGGLE_WHICH: return ACT_PARAM_NEXT;
    default: return a;
    }
}

const struct keymap_help *keymap_help_lines(size_t *n)
{
    static struct keymap_help lines[N_BINDINGS];
    for (size_t i = 0; i < N_BINDINGS; i++) {
        lines[i].keys = bindings[i].keys;
        lines[i].what = _(bindings[i].help);
    }
    *n = N_BINDINGS;
    return lines;
}

static const double steps[] = {0.001, 0.01, 0.05, 0.1};
#define N_STEPS (sizeof steps / sizeof steps[0])

double keymap_step(double step, int dir)
{
    /* Find the nearest known step, then move along the list. */
    size_t at = 0;
    for (size_t i = 1; i < N_STEPS; i++)
        if (fabs(steps[i] - step) < fabs(steps[at] - step))
            at = i;
    if (dir > 0 && at + 1 < N_STEPS)
        at++;
    else if (dir < 0 && at > 0)
        at--;
    return steps[at];
}

/* Rounds away the binary noise of decimal steps while keeping whatever
 * precision the value had (values between grid points stay there). */
static double round_noise(double v)
{
    return nearbyint(v * 1e12) / 1e12;
}

/* A probability after a step: noise rounded away, kept in [0, 1]. */
static double tidy(double v)
{
    double r = round_noise(v);
    return r < 0 ? 0 : r > 1 ? 1 : r;
}

double keymap_param_nudge(const char *name, double v, double step, int dir)
{
    double d = dir < 0 ? -1 : 1;
    if (strcmp(name, "theta") == 0 || strcmp(name, "w") == 0)
        return keymap_nudge(v, step, dir);
    if (strcmp(name, "n") == 0 || strcmp(name, "k") == 0)
        return v + d;
    return round_noise(v + d * 10 * step);
}

double keymap_step_for(double v, double step)
{
    if (!(v > 0) || v >= step)
        return step;
    return pow(10, floor(log10(v))) / 10;
}

double keymap_nudge(double v, double step, int dir)
{
    return tidy(v + (dir < 0 ? -step : step));
}

enum log_base keymap_next_base(enum log_base b)
{
    switch (b) {
    case BASE_E: return BASE_2;
    case BASE_2: return BASE_10;
    default: return BASE_E;
    }
}

void keymap_alpha_line(double alpha, int dir, char *line, size_t size)
{
    char word[32];
    alpha_word(alpha_step(alpha, dir), word, sizeof word);
    snprintf(line, size, "alpha %s", word);
}

static const char *which_word(enum which w)
{
    return w == WHICH_P ? "p" : "q";
}

void keymap_set_line(char *line, size_t size, enum which w, size_t sel,
                     const char *value)
{
    /* #N: the selected row, even when labels look like numbers */
    snprintf(line, size, "set %s #%zu %s", which_word(w), sel + 1, value);
}

void keymap_set_frac_line(char *line, size_t size, enum which w, size_t sel,
                          double frac, double scale)
{
    double v = nearbyint(frac * scale * 1e6) / 1e6;
    if (v < 0)
        v = 0;
    if (v > 1)
        v = 1;
    char num[NUM_BUF];
    keymap_set_line(line, size, w, sel, num_roundtrip(num, sizeof num, v));
}

/* reason is marked N_ where it is written and translated here. */
static bool fail(const char **why, const char *reason)
{
    if (why)
        *why = reason ? _(reason) : NULL;
    return false;
}

/* What each placeholder of a template means, as the documentation writes
 * it (the command line with the placeholder's place filled). */
static const struct {
    const char *name;
    const char *doc;
} placeholders[] = {
    {"which", "p|q"}, {"sel", "#I"}, {"value-", "V-STEP"},
    {"value+", "V+STEP"}, {"value/", "V/1.1"}, {"value*", "V*1.1"},
    {"fresh", "LABEL"}, {"next-base", "B"},
    {"alpha-", "A"}, {"alpha+", "A"}, {"typed", "..."},
    {"cell", "#X #Y"}, {"cvalue-", "V-STEP"}, {"cvalue+", "V+STEP"},
    {"pside", "p|q"}, {"pname", "NAME"}, {"pvalue-", "V-STEP"},
    {"pvalue+", "V+STEP"},
};

/* The value cur moved one step in direction dir, into word[size]; false
 * (with the reason) when it is already at that end. */
static bool nudged(double cur, double step, int dir, char *word,
                   size_t size, const char **why)
{
    double v = keymap_nudge(cur, keymap_step_for(cur, step), dir);
    if (v == cur || (dir > 0 && v < cur) || (dir < 0 && v > cur))
        return fail(why, dir > 0 ? N_("already at 1") : N_("already at 0"));
    num_roundtrip(word, size, v);
    return true;
}

/* The parameter line's placeholders: pside, pname, pvalue- and pvalue+. */
static bool fill_param(const char *name, const struct keymap_ctx *c,
                       char *word, size_t size, const char **why)
{
    if (strcmp(name, "pside") == 0) {
        snprintf(word, size, "%s", which_word(c->param_which));
        return true;
    }
    if (!c->family)
        return fail(why, N_("no family to move: generate P or Q from one "
                         "(e.g. :p binom 10 0.3)"));
    const char *pname = family_param_names(c->family)[c->param];
    if (strcmp(name, "pname") == 0) {
        snprintf(word, size, "%s", pname);
        return true;
    }
    double cur;
    if (!family_param_value(c->family, c->param, &cur))
        return fail(why, N_("k is chosen by the tail: `param p k K` fixes it, "
                         "then the keys move it"));
    int dir = name[6] == '+' ? 1 : -1;
    double v = keymap_param_nudge(pname, cur, c->step, dir);
    if (v == cur)
        return fail(why, dir > 0 ? N_("already at 1") : N_("already at 0"));
    snprintf(word, size, "%.12g", v);
    return true;
}

/* The text a placeholder stands for now, into word[size]; false (with a
 * reason, or none) when the action cannot run now. */
static bool fill(const char *name, const struct keymap_ctx *c, char *word,
                 size_t size, const char **why)
{
    const struct table *t = &c->s->table;
    if (strcmp(name, "which") == 0) {
        snprintf(word, size, "%s", which_word(c->which));
    } else if (strcmp(name, "sel") == 0) {
        if (c->sel >= t->n)
            return fail(why, N_("no entry selected"));
        /* #N: the selected row, even when labels look like numbers */
        snprintf(word, size, "#%zu", c->sel + 1);
    } else if (strcmp(name, "value-") == 0 || strcmp(name, "value+") == 0) {
        if (c->sel >= t->n)
            return fail(why, N_("no entry selected"));
        double cur = (c->which == WHICH_P ? t->p : t->q)[c->sel];
        return nudged(cur, c->step, name[5] == '+' ? 1 : -1, word, size,
                      why);
    } else if (strcmp(name, "value/") == 0 || strcmp(name, "value*") == 0) {
        if (c->sel >= t->n)
            return fail(why, N_("no entry selected"));
        double cur = (c->which == WHICH_P ? t->p : t->q)[c->sel];
        if (cur == 0)
            return fail(why, N_("0 has no relative step (hint: Right adds the "
                             "step)"));
        double v = name[5] == '*' ? cur * 1.1 : cur / 1.1;
        if (v > 1)
            v = 1;
        if (v == cur)
            return fail(why, N_("already at 1"));
        /* 12 digits: 1.1 times a short decimal stays short */
        snprintf(word, size, "%.12g", v);
    } else if (strcmp(name, "cell") == 0) {
        if (c->jrow >= c->s->joint.rows || c->jcol >= c->s->joint.cols)
            return fail(why, N_("no joint table (hint: joint copy 3)"));
        snprintf(word, size, "#%zu #%zu", c->jrow + 1, c->jcol + 1);
    } else if (strcmp(name, "cvalue-") == 0 ||
               strcmp(name, "cvalue+") == 0) {
        const struct joint *j = &c->s->joint;
        if (c->jrow >= j->rows || c->jcol >= j->cols)
            return fail(why, N_("no joint table (hint: joint copy 3)"));
        double cur = j->p[c->jrow * j->cols + c->jcol];
        return nudged(cur, c->step, name[6] == '+' ? 1 : -1, word, size,
                      why);
    } else if (strcmp(name, "fresh") == 0) {
        keymap_fresh_label((const char *const *)t->labels, t->n, word, size);
    } else if (strcmp(name, "next-base") == 0) {
        snprintf(word, size, "%s",
                 log_base_name(keymap_next_base(c->s->base)));
    } else if (strcmp(name, "alpha-") == 0 || strcmp(name, "alpha+") == 0) {
        /* The keys stop at the ends: from 1/2 down to inf would read as
         * a jump across the whole range. */
        int dir = name[5] == '+' ? 1 : -1;
        double alpha = c->alpha;
        if (dir > 0 && isinf(alpha))
            return fail(why, N_("the R\u00E9nyi order is already at inf, the "
                             "largest ( , goes down)"));
        if (dir < 0 && alpha <= 0.5)
            return fail(why, N_("the R\u00E9nyi order is already at 1/2, the "
                             "smallest ( . goes up; `alpha A` sets any "
                             "A > 0)"));
        char a[32];
        keymap_alpha_line(alpha, dir, a, sizeof a);
        snprintf(word, size, "%s", a + strlen("alpha "));
    } else if (name[0] == 'p') {
        return fill_param(name, c, word, size, why);
    } else {
        return fail(why, NULL);   /* {typed}: only a prompt fills it */
    }
    return true;
}

/* Expands the template into line[size]: each {name} filled from c, or
 * with its documentation word when c is NULL. */
static bool expand(const char *tpl, const struct keymap_ctx *c, char *line,
                   size_t size, const char **why)
{
    size_t len = 0;
    line[0] = '\0';
    for (const char *p = tpl; *p;) {
        char word[64];
        const char *w = word;
        size_t wlen;
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close) {
            char name[16];
            snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
            if (c) {
                if (!fill(name, c, word, sizeof word, why))
                    return false;
            } else {
                w = name;
                for (size_t k = 0; k < sizeof placeholders /
                                           sizeof placeholders[0]; k++)
                    if (strcmp(placeholders[k].name, name) == 0)
                        w = placeholders[k].doc;
            }
            wlen = strlen(w);
            p = close + 1;
        } else {
            w = p;
            wlen = 1;
            p++;
        }
        if (len + wlen + 1 > size)
            return fail(why, N_("command line too long"));
        memcpy(line + len, w, wlen);
        len += wlen;
        line[len] = '\0';
    }
    return true;
}

bool keymap_line(enum action a, const struct keymap_ctx *c, char *line,
                 size_t size, const char **why)
{
    if (why)
        *why = NULL;
    int k;
    const struct binding *b = find_action(a, &k);
    if (!b || (b->flags & BIND_PROMPT))
        return fail(why, NULL);
    if ((b->flags & BIND_TOUR) && !c->touring)
        return fail(why, (b->flags & BIND_QUIET)
                             ? NULL
                             : N_("no tour is running: press t to start "
                                  "one"));
    if ((b->flags & BIND_TWO) && c->s->table.n <= 1)
        return fail(why, N_("cannot delete the last entry"));
    return expand(b->line[k], c, line, size, why);
}

bool keymap_command(enum action a, const struct keymap_ctx *c, char *line,
                    size_t size, const char **why)
{
    int k;
    const struct binding *b = find_action(a, &k);
    if (b && (b->flags & BIND_VIEW)) {
        if (why)
            *why = NULL;
        return false;
    }
    return keymap_line(a, c, line, size, why);
}

bool keymap_is_prompt(enum action a)
{
    int k;
    const struct binding *b = find_action(a, &k);
    return b && (b->flags & BIND_PROMPT);
}

/* The status bar of one screen: the P/Q view (joint false) or the joint
 * view. */
static void status_line(enum keymap_tour tour, bool joint,
                        const char *arrows, int cols, char *out, size_t size)
{
    bool touring = tour != KEYMAP_NO_TOUR;
    /* Each label in the row order, tour labels first, those that fit
     * taken by priority. */
    struct {
        char text[48];
        int prio;
        bool take;
    } items[2 * N_BINDINGS];
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < N_BINDINGS; i++) {
            const struct binding *b = &bindings[i];
            bool tour_row = b->flags & BIND_TOUR;
            if (tour_row != (pass == 0) || (tour_row && !touring) ||
                ((b->flags & BIND_NOT_TOURING) && touring))
                continue;
            if (joint ? !(b->flags & (BIND_JOINT | BIND_JOINT_TOO))
                      : (b->flags & BIND_JOINT) != 0)
                continue;
            for (int k = 0; k < 2; k++) {
                if (!b->status[k])
                    continue;
                if ((b->flags & BIND_BY_LESSON) &&
                    k != (tour == KEYMAP_LESSON))
                    continue;
                const char *label = _(b->status[k]);
                const char *at = strstr(label, "{arrows}");
                if (at)
                    snprintf(items[n].text, sizeof items[n].text, "%.*s%s%s",
                             (int)(at - label), label, arrows,
                             at + strlen("{arrows}"));
                else
                    snprintf(items[n].text, sizeof items[n].text, "%s",
                             label);
                items[n].prio = b->prio;
                items[n].take = false;
                n++;
            }
        }
    }
    int width = 0;
    for (int prio = 0; prio <= 9; prio++) {
        for (size_t k = 0; k < n; k++) {
            if (items[k].prio != prio)
                continue;
            int w = layout_text_width(items[k].text) + 2;
            if (width + w + 1 <= cols) {
                items[k].take = true;
                width += w;
            }
        }
    }
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (items[k].take && len < size) {
            int r = snprintf(out + len, size - len, "%s%s",
                             len ? "  " : " ", items[k].text);
            if (r > 0)
                len += (size_t)r;
        }
    }
}

void keymap_status(enum keymap_tour tour, const char *arrows, int cols,
                   char *out, size_t size)
{
    status_line(tour, false, arrows, cols, out, size);
}

void keymap_status_joint(const char *arrows, int cols, char *out,
                         size_t size)
{
    status_line(KEYMAP_NO_TOUR, true, arrows, cols, out, size);
}

void keymap_cell_line(char *line, size_t size, size_t row, size_t col,
                      const char *value)
{
    snprintf(line, size, "joint set #%zu #%zu %s", row + 1, col + 1, value);
}

/* The screen width a translated help text is wrapped to. */
#define HELP_WIDTH 80

/* A text of the help screen (marked N_), in the language in force. The
 * English is broken into lines by hand and goes as written; in a
 * translation a line wider than HELP_WIDTH wraps (between words, or
 * between Chinese characters), its continuations indented as the line. */
static void help_text(struct buf *b, const char *english)
{
    const char *text = _(english);
    if (text == english) {
        buf_printf(b, "%s\n", text);
        return;
    }
    while (*text) {
        size_t n = strcspn(text, "\n");
        char *line = xstrndup(text, n);
        text += n + (text[n] == '\n');
        buf_append_wrapped(b, line, HELP_WIDTH, (int)strspn(line, " "),
                           false);
        buf_putc(b, '\n');
        free(line);
    }
}

void keymap_help_screen(struct buf *b)
{
    buf_printf(b, "%s\n\n", _("Keys"));
    for (size_t i = 0; i < N_BINDINGS; i++) {
        struct keymap_doc d;
        keymap_binding_doc(i, &d);
        buf_printf(b, "  %-18s %s", d.keys, _(d.help));
        /* The commands last: on a narrow screen they are what is cut. */
        for (int k = 0; k < d.n_lines; k++)
            buf_printf(b, "%s:%s", k ? ", " : "  ", d.lines[k]);
        buf_putc(b, '\n');
    }
    buf_putc(b, '\n');
    help_text(b, N_("Every key is a command of klx's language (shown after "
                   "':'); type any of them\nafter ':'."));
    buf_printf(b, "\n%s\n\n", _("Commands"));
    command_help(NULL, b);
    buf_printf(b, "\n%s\n\n", _("Reading the screen"));
    help_text(b, N_("  Each row shows P and Q as bars, then the terms "
                   "p*log(p/q) and q*log(q/p)\n"
                   "  as signed bars: negative terms point left of their "
                   "axis, positive right.\n"
                   "  The totals are sums of these terms. Single terms can "
                   "be negative, a total\n"
                   "  never is, and it is 0 only when P = Q. KL(P||Q) and "
                   "KL(Q||P) differ in general.\n"
                   "  A '!' flags an entry that makes a direction infinite "
                   "(p > 0 where q = 0)."));
    buf_printf(b, "\n%s\n\n", _("Teaching"));
    help_text(b, N_("  t starts a guided tour: each lesson loads an example "
                   "and its caption stays\n"
                   "  on top; > and < move between lessons, Esc ends the "
                   "tour and gives your own\n"
                   "  data back exactly. Edits inside a lesson work as "
                   "usual."));
    help_text(b, N_("  m shows the related measures: entropies, "
                   "cross-entropies with H(P,Q) =\n"
                   "  H(P) + KL(P||Q), Jensen-Shannon (<= log 2), total "
                   "variation with Pinsker's\n"
                   "  bound, Hellinger, chi-squared and R\u00E9nyi; , and . "
                   "move the R\u00E9nyi order\n"
                   "  through 1/2, 1 (= KL), 2 (= log(1+chi2)) and inf (= "
                   "log max p/q)."));
    help_text(b, N_("  D shows dKL/dx for the distribution being edited (Tab "
                   "picks P or Q) and\n"
                   "  marks the entry whose nudge lowers KL fastest, with an "
                   "arrow: follow it\n"
                   "  with the arrow keys and watch KL fall. D again: the "
                   "other direction, then off."));
    help_text(b, N_("  F fits a Gaussian to P both ways (`fit gauss both`); "
                   ":fit gauss forward or\n"
                   "  reverse sets Q to a fit, :smooth 0.01 smooths Q and "
                   "shows KL before and after."));
    buf_printf(b, "\n%s\n\n", _("Joint tables"));
    help_text(b, N_("  After :joint (e.g. :joint copy 3), J shows the joint "
                   "table P(x,y), the\n"
                   "  product P(x)P(y) and each cell's term "
                   "p*log(p/(p(x)p(y))) as heat maps\n"
                   "  (a denser glyph, a larger value; a term starts with "
                   "its sign), P(x) and\n"
                   "  P(y) as bars, and I(X;Y) = KL(P_XY||P_X P_Y) with the "
                   "entropies. The arrows\n"
                   "  pick a cell, Shift-arrows change it; K shows the same "
                   "I as KL(P||Q)."));
}

size_t keymap_bindings(void)
{
    return N_BINDINGS;
}

bool keymap_binding_doc(size_t i, struct keymap_doc *d)
{
    if (i >= N_BINDINGS)
        return false;
    const struct binding *b = &bindings[i];
    d->keys = b->keys;
    d->help = b->help;
    d->more = b->more;
    d->n_lines = 0;
    for (int k = 0; k < 2; k++) {
        if (!b->line[k])
            continue;
        expand(b->line[k], NULL, d->lines[k], sizeof d->lines[k], NULL);
        d->n_lines++;
    }
    if (strcmp(b->keys, "mouse") == 0) {
        snprintf(d->lines[0], sizeof d->lines[0], "select I");
        snprintf(d->lines[1], sizeof d->lines[1], "set p|q I V");
        d->n_lines = 2;
    } else if (b->act[0] == ACT_COMMAND_PROMPT) {
        d->n_lines = 0;   /* any command */
    }
    return true;
}

static bool used(const char *const *labels, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i], s) == 0)
            return true;
    return false;
}

void keymap_fresh_label(const char *const *labels, size_t n, char *out,
                        size_t size)
{
    bool letters = n > 0;
    for (size_t i = 0; i < n && letters; i++)
        letters = labels[i][0] >= 'a' && labels[i][0] <= 'z' &&
                  labels[i][1] == '\0';
    if (letters) {
        for (char c = 'a'; c <= 'z'; c++) {
            char s[2] = {c, '\0'};
            if (!used(labels, n, s)) {
                snprintf(out, size, "%s", s);
                return;
            }
        }
    }
    snprintf(out, size, "%zu", n + 1);
    if (!used(labels, n, out))
        return;
    for (size_t k = n + 1;; k++) {
        snprintf(out, size, "x%zu", k);
        if (!used(labels, n, out))
            return;
    }
}
