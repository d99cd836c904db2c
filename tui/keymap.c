#include "keymap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

enum action keymap_action(int key)
{
    switch (key) {
    case KM_UP: case 'k': return ACT_UP;
    case KM_DOWN: case 'j': return ACT_DOWN;
    case KM_HOME: return ACT_HOME;
    case KM_END: case 'G': return ACT_END;
    case KM_PGUP: return ACT_PGUP;
    case KM_PGDN: case ' ': return ACT_PGDN;
    case KM_LEFT: case 'h': return ACT_DEC;
    case KM_RIGHT: case 'l': return ACT_INC;
    case '-': case '[': return ACT_STEP_DOWN;
    case '+': case ']': return ACT_STEP_UP;
    case '=': case KM_ENTER: case '\n': case '\r': return ACT_VALUE_PROMPT;
    case ':': return ACT_COMMAND_PROMPT;
    case '\t': return ACT_TOGGLE_WHICH;
    case 's': return ACT_SWAP;
    case 'a': return ACT_ADD;
    case 'd': case KM_DELETE: return ACT_DELETE;
    case 'n': return ACT_UNIFORM;
    case 'N': return ACT_NORMALIZE;
    case 'b': return ACT_BASE;
    case 'u': return ACT_UNDO;
    case KM_CTRL('r'): return ACT_REDO;
    case '?': case KM_F1: return ACT_HELP;
    case 'M': return ACT_MOUSE;
    case KM_CTRL('l'): return ACT_REDRAW;
    case 'q': case KM_CTRL('c'): return ACT_QUIT;
    case 't': return ACT_TOUR;
    case '>': return ACT_TOUR_NEXT;
    case '<': return ACT_TOUR_BACK;
    case KM_ESC: return ACT_TOUR_END;
    case 'm': return ACT_MEASURES;
    case ',': return ACT_ALPHA_DOWN;
    case '.': return ACT_ALPHA_UP;
    case 'g': return ACT_GRAD;
    case 'F': return ACT_FIT;
    case 'o': return ACT_SORTED;
    case 'v': return ACT_OVERVIEW;
    case '/': return ACT_SEARCH;
    case KM_CTRL('n'): return ACT_SEARCH_NEXT;
    case KM_CTRL('p'): return ACT_SEARCH_PREV;
    default: return ACT_NONE;
    }
}

static const struct keymap_help help_lines[] = {
    {"Up/Down, k/j", "select an entry"},
    {"Home/End, G", "first / last entry"},
    {"PgUp/PgDn", "scroll a page"},
    {"Left/Right, h/l", "decrease / increase the selected value by the step"},
    {"- + or [ ]", "smaller / larger step (0.001 0.01 0.05 0.1)"},
    {"= or Enter", "type an exact value for the selected entry"},
    {"Tab", "switch between editing P and Q"},
    {"s", "swap P and Q"},
    {"a", "add an entry (with zero mass)"},
    {"d", "delete the selected entry"},
    {"n", "make the edited distribution uniform"},
    {"N", "show how P and Q were normalized"},
    {"b", "cycle the log base: e (nats), 2 (bits), 10 (bans)"},
    {"u / Ctrl-R", "undo / redo"},
    {":", "type any command (Tab completes, Up/Down recalls history)"},
    {"Esc", "cancel a prompt, close this help, or end the tour"},
    {"mouse", "click a row to select it; click or drag on a bar to set it"},
    {"t", "start the guided tour (9 lessons on a copy of your data)"},
    {"> / <", "tour: next / previous lesson"},
    {"Esc", "tour: end it; your own P, Q, base and undo come back"},
    {"m", "measures panel: entropies, cross-entropy, JS, TV, Hellinger, "
          "chi2, Renyi"},
    {", / .", "Renyi order down / up through 1/2, 1 (KL), 2, inf"},
    {"g", "which entry matters: gradient for KL(P||Q), KL(Q||P), off"},
    {"F", "fit a Gaussian to P both ways (`fit gauss both`)"},
    {"o", "sorted view: the largest |p*log(p/q)| first, then |q*log(q/p)|, "
          "off"},
    {"v", "overview column: the whole table in bins, the view marked"},
    {"/", "search labels and jump to the first match"},
    {"Ctrl-N / Ctrl-P", "next / previous match of the last search"},
    {"M", "mouse on/off (off lets the terminal select text to copy)"},
    {"Ctrl-L", "redraw the screen"},
    {"? or F1", "this help"},
    {"q or Ctrl-C", "quit"},
};

const struct keymap_help *keymap_help_lines(size_t *n)
{
    *n = sizeof help_lines / sizeof help_lines[0];
    return help_lines;
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
static double tidy(double v)
{
    double r = nearbyint(v * 1e12) / 1e12;
    return r < 0 ? 0 : r > 1 ? 1 : r;
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

static const double alphas[] = {0.5, 1, 2, INFINITY};
static const char *const alpha_words[] = {"0.5", "1", "2", "inf"};
#define N_ALPHAS (sizeof alphas / sizeof alphas[0])

void keymap_alpha_line(double alpha, int dir, char *line, size_t size)
{
    size_t at;
    if (dir > 0) {
        for (at = 0; at < N_ALPHAS && !(alphas[at] > alpha); at++)
            ;
        if (at == N_ALPHAS)
            at = 0;
    } else {
        for (at = N_ALPHAS; at > 0 && !(alphas[at - 1] < alpha); at--)
            ;
        at = at == 0 ? N_ALPHAS - 1 : at - 1;
    }
    snprintf(line, size, "alpha %s", alpha_words[at]);
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

static bool fail(const char **why, const char *reason)
{
    if (why)
        *why = reason;
    return false;
}

bool keymap_command(enum action a, const struct keymap_ctx *c, char *line,
                    size_t size, const char **why)
{
    const struct table *t = &c->s->table;
    const char *w = which_word(c->which);
    if (why)
        *why = NULL;
    switch (a) {
    case ACT_DEC:
    case ACT_INC: {
        if (c->sel >= t->n)
            return fail(why, "no entry selected");
        double cur = (c->which == WHICH_P ? t->p : t->q)[c->sel];
        int dir = a == ACT_INC ? 1 : -1;
        double v = keymap_nudge(cur, c->step, dir);
        if (v == cur || (dir > 0 && v < cur) || (dir < 0 && v > cur))
            return fail(why, dir > 0 ? "already at 1" : "already at 0");
        char num[NUM_BUF];
        keymap_set_line(line, size, c->which, c->sel,
                        num_roundtrip(num, sizeof num, v));
        return true;
    }
    case ACT_SWAP:
        snprintf(line, size, "swap");
        return true;
    case ACT_ADD: {
        char label[32];
        keymap_fresh_label((const char *const *)t->labels, t->n, label,
                           sizeof label);
        snprintf(line, size, "add %s 0 0", label);
        return true;
    }
    case ACT_DELETE:
        if (t->n <= 1)
            return fail(why, "cannot delete the last entry");
        snprintf(line, size, "del #%zu", c->sel + 1);
        return true;
    case ACT_UNIFORM:
        snprintf(line, size, "uniform %s", w);
        return true;
    case ACT_NORMALIZE:
        snprintf(line, size, "normalize");
        return true;
    case ACT_BASE:
        snprintf(line, size, "base %s",
                 log_base_name(keymap_next_base(c->s->base)));
        return true;
    case ACT_UNDO:
        snprintf(line, size, "undo");
        return true;
    case ACT_REDO:
        snprintf(line, size, "redo");
        return true;
    case ACT_TOUR:
        snprintf(line, size, "tour");
        return true;
    case ACT_TOUR_NEXT:
    case ACT_TOUR_BACK:
        if (!c->touring)
            return fail(why, "no tour is running: press t to start one");
        snprintf(line, size, a == ACT_TOUR_NEXT ? "next" : "back");
        return true;
    case ACT_TOUR_END:
        if (!c->touring)
            return fail(why, NULL);   /* a stray Esc does nothing */
        snprintf(line, size, "tour end");
        return true;
    case ACT_ALPHA_DOWN:
    case ACT_ALPHA_UP:
        keymap_alpha_line(c->s->alpha, a == ACT_ALPHA_UP ? 1 : -1, line,
                          size);
        return true;
    case ACT_FIT:
        snprintf(line, size, "fit gauss both");
        return true;
    default:
        return fail(why, NULL);
    }
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
