#include "command_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "command_table.h"
#include "i18n.h"
#include "num.h"

/* Hands a checked request to the explorer, or says where it applies. */
static bool apply(struct command *c, const char *name,
                  const struct view_request *r, struct buf *out,
                  struct error *err)
{
    if (!c->view_hook) {
        buf_printf(out, _("%s: changes the explorer's view, which the "
                          "REPL does not have (klx --tui); nothing "
                          "changed\n"), name);
        return true;
    }
    return c->view_hook(c->view_ctx, r, out, err);
}

static bool is(const char *w, const char *a, const char *b)
{
    return strcmp(w, a) == 0 || (b && strcmp(w, b) == 0);
}

/* on|off|toggle, toggle when absent. */
static bool parse_switch(struct command *c, size_t at, enum view_how *how,
                         struct error *err)
{
    const char *w = c->words.n > at ? c->words.v[at] : "toggle";
    if (is(w, "on", NULL))
        *how = VIEW_ON;
    else if (is(w, "off", NULL))
        *how = VIEW_OFF;
    else if (is(w, "toggle", NULL))
        *how = VIEW_TOGGLE;
    else
        return error_set(err, _("'%s' is not on, off or toggle"), w);
    return true;
}

/* off|forward|reverse|next, next when absent. */
static bool parse_cycle(struct command *c, size_t at, enum view_how *how,
                        struct error *err)
{
    const char *w = c->words.n > at ? c->words.v[at] : "next";
    if (is(w, "off", NULL))
        *how = VIEW_OFF;
    else if (is(w, "forward", "pq"))
        *how = VIEW_FORWARD;
    else if (is(w, "reverse", "qp"))
        *how = VIEW_REVERSE;
    else if (is(w, "next", NULL))
        *how = VIEW_TOGGLE;
    else
        return error_set(err, _("'%s' is not off, forward, reverse or next"),
                         w);
    return true;
}

static bool cmd_select(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    struct view_request r = {.verb = VIEW_SELECT, .how = VIEW_ROWS};
    if (is(w, "up", NULL)) {
        r.delta = -1;
    } else if (is(w, "down", NULL)) {
        r.delta = 1;
    } else if (is(w, "pageup", NULL)) {
        r.how = VIEW_PAGES;
        r.delta = -1;
    } else if (is(w, "pagedown", NULL)) {
        r.how = VIEW_PAGES;
        r.delta = 1;
    } else if (is(w, "first", NULL)) {
        r.how = VIEW_FIRST;
    } else if (is(w, "last", NULL)) {
        r.how = VIEW_LAST;
    } else {
        r.how = VIEW_ENTRY;
        if (!table_find(&c->session->table, w, &r.index, err))
            return error_set(err, _("'%s' is not up, down, pageup, pagedown, "
                                    "first, last or an entry"), w);
    }
    return apply(c, "select", &r, out, err);
}

static bool cmd_edit(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    struct view_request r = {.verb = VIEW_EDIT};
    if (is(w, "p", "P"))
        r.how = VIEW_P;
    else if (is(w, "q", "Q"))
        r.how = VIEW_Q;
    else if (is(w, "other", NULL))
        r.how = VIEW_TOGGLE;
    else
        return error_set(err, _("'%s' is not p, q or other"), w);
    return apply(c, "edit", &r, out, err);
}

static bool cmd_step(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    struct view_request r = {.verb = VIEW_STEP, .how = VIEW_ROWS};
    if (is(w, "+", NULL)) {
        r.delta = 1;
    } else if (is(w, "-", NULL)) {
        r.delta = -1;
    } else {
        r.how = VIEW_VALUE;
        if (!num_parse(w, strlen(w), &r.value, err))
            return false;
        if (!(r.value > 0 && r.value <= 1))
            return error_set(err, _("the step must be > 0 and at most 1 "
                                    "(e.g. 0.01), or + or -, not %s"), w);
    }
    return apply(c, "step", &r, out, err);
}

static bool cmd_view(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    size_t n = c->words.n;
    struct view_request r = {.verb = VIEW_HELP};
    bool ok = true;
    if (n > 1 && (is(w, "totals", "help") || is(w, "redraw", NULL)))
        return error_set(err, _("too many arguments (usage: view %s)"), w);
    if (is(w, "measures", NULL)) {
        r.verb = VIEW_MEASURES;
        ok = n == 1 ? (r.how = VIEW_ON, true)
                    : parse_switch(c, 1, &r.how, err);
    } else if (is(w, "totals", NULL) && n == 1) {
        r.verb = VIEW_MEASURES;
        r.how = VIEW_OFF;
    } else if (is(w, "sorted", NULL)) {
        r.verb = VIEW_SORTED;
        ok = parse_cycle(c, 1, &r.how, err);
    } else if (is(w, "grad", NULL)) {
        r.verb = VIEW_GRAD;
        ok = parse_cycle(c, 1, &r.how, err);
    } else if (is(w, "compact", NULL)) {
        r.verb = VIEW_COMPACT;
        if (n > 1 && is(c->words.v[1], "auto", NULL))
            r.how = VIEW_AUTO;
        else if (!parse_switch(c, 1, &r.how, err))
            return error_set(err, _("'%s' is not on, off, auto or toggle"),
                             c->words.v[1]);
    } else if (is(w, "code", NULL)) {
        r.verb = VIEW_CODE;
        ok = parse_switch(c, 1, &r.how, err);
    } else if (is(w, "params", NULL)) {
        r.verb = VIEW_PARAMS;
        if (n > 1 && is(c->words.v[1], "next", "prev"))
            r.how = is(c->words.v[1], "next", NULL) ? VIEW_FORWARD
                                                    : VIEW_REVERSE;
        else if (!parse_switch(c, 1, &r.how, err))
            return error_set(err, _("'%s' is not on, off, toggle, next or "
                                    "prev"), c->words.v[1]);
    } else if (is(w, "overview", NULL)) {
        r.verb = VIEW_OVERVIEW;
        ok = parse_switch(c, 1, &r.how, err);
    } else if (is(w, "joint", NULL)) {
        r.verb = VIEW_JOINT;
        ok = n == 1 ? (r.how = VIEW_ON, true)
                    : parse_switch(c, 1, &r.how, err);
    } else if (is(w, "help", NULL) && n == 1) {
        r.verb = VIEW_HELP;
    } else if (is(w, "redraw", NULL) && n == 1) {
        r.verb = VIEW_REDRAW;
    } else {
        return error_set(err, _("'%s' is not measures, totals, sorted, grad, "
                                "overview, compact, params, code, joint, help or "
                                "redraw"), w);
    }
    if (!ok)
        return false;
    return apply(c, "view", &r, out, err);
}

static bool cmd_cell(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    struct view_request r = {.verb = VIEW_CELL, .how = VIEW_ROWS};
    if (is(w, "up", "down")) {
        r.delta = w[0] == 'u' ? -1 : 1;
    } else if (is(w, "left", "right")) {
        r.how = VIEW_COLS;
        r.delta = w[0] == 'l' ? -1 : 1;
    } else if (is(w, "first", "last")) {
        r.how = w[0] == 'f' ? VIEW_FIRST : VIEW_LAST;
    } else {
        return error_set(err, _("'%s' is not up, down, left, right, first or "
                                "last"), w);
    }
    return apply(c, "cell", &r, out, err);
}

static bool cmd_search(COMMAND_PARAMS)
{
    /* The text as typed: a search may hold spaces. One quoted word is
     * taken without its quotes, so `search "next"` looks for "next". */
    while (*rest == ' ' || *rest == '\t')
        rest++;
    size_t len = strlen(rest);
    while (len && (rest[len - 1] == ' ' || rest[len - 1] == '\t' ||
                   rest[len - 1] == '\n' || rest[len - 1] == '\r'))
        len--;
    struct view_request r = {.verb = VIEW_SEARCH, .how = VIEW_ROWS};
    if (len == 4 && strncmp(rest, "next", 4) == 0) {
        r.delta = 1;
        return apply(c, "search", &r, out, err);
    }
    if (len == 4 && strncmp(rest, "prev", 4) == 0) {
        r.delta = -1;
        return apply(c, "search", &r, out, err);
    }
    r.how = VIEW_VALUE;
    if (c->words.n == 1 && rest[0] == '"') {
        r.text = c->words.v[0];
        return apply(c, "search", &r, out, err);
    }
    char *text = xstrndup(rest, len);
    r.text = text;
    bool ok = apply(c, "search", &r, out, err);
    free(text);
    return ok;
}

static bool cmd_mouse(COMMAND_PARAMS)
{
    struct view_request r = {.verb = VIEW_MOUSE};
    if (!parse_switch(c, 0, &r.how, err))
        return false;
    return apply(c, "mouse", &r, out, err);
}

bool command_view_sample_live(struct command *c, struct buf *out,
                              struct error *err)
{
    struct view_request r = {.verb = VIEW_LIVE, .how = VIEW_TOGGLE,
                             .value = 1};
    if (c->words.n > 2)
        return error_set(err, _("too many arguments (usage: sample live "
                                "[on|off|toggle|SEED])"));
    const char *w = c->words.n > 1 ? c->words.v[1] : "toggle";
    if (is(w, "on", NULL)) {
        r.how = VIEW_ON;
    } else if (is(w, "off", NULL)) {
        r.how = VIEW_OFF;
    } else if (!is(w, "toggle", NULL)) {
        double seed;
        if (!num_parse(w, strlen(w), &seed, NULL) || !(seed >= 0) ||
            seed != floor(seed) || seed > 9007199254740992.0)
            return error_set(err, _("'%s' is not on, off, toggle or a seed "
                                    "(a whole number from 0 to 2^53)"), w);
        r.how = VIEW_ON;
        r.value = seed;
    }
    return apply(c, "sample live", &r, out, err);
}

static const struct command_def view_defs[] = {
    {"select", cmd_select, 1, 1,
     "select up|down|pageup|pagedown|first|last|I",
     N_("explorer: select an entry"),
     N_("Moves the explorer's selection: a row up or down, a page, the first\n"
        "or last row (in the sorted view, through its list), or to entry I\n"
        "(an index from 1 or a label). Edits by key act on the selection.")},
    {"edit", cmd_edit, 1, 1, "edit p|q|other",
     N_("explorer: which distribution the keys edit"),
     N_("Chooses the distribution that the arrow keys, the value prompt, the\n"
        "mouse, `U` and the gradient column work on: p, q, or the other one.")},
    {"step", cmd_step, 1, 1, "step V|+|-",
     N_("explorer: how far an arrow key moves a value"),
     N_("Sets the step of the arrow keys to V (0 < V <= 1), or moves it to\n"
        "the next larger (+) or smaller (-) of 0.001, 0.01, 0.05 and 0.1.")},
    {"view", cmd_view, 1, 2,
     "view measures|totals|sorted|grad|overview|compact|params|code|joint|"
     "help|redraw [ARG]",
     N_("explorer: what the screen shows"),
     N_("Changes what the explorer shows: `view measures [on|off|toggle]` the\n"
        "measures panel (on by default), `view totals` the totals panel;\n"
        "`view compact [on|off|auto|toggle]` the totals in one or two lines\n"
        "(auto: when the full panel would hide rows of the table);\n"
        "`view sorted [off|forward|reverse|next]` rows by |term|, largest\n"
        "first; `view grad [off|forward|reverse|next]` the gradient column;\n"
        "`view overview [on|off|toggle]` the binned overview column; `view\n"
        "params [on|off|toggle|next|prev]` the parameter line of P's and Q's\n"
        "families (Left/Right move the selected parameter, Tab or next/prev\n"
        "select another) with the closed form; `view code [on|off|toggle]`\n"
        "the code column (-log2 q and the Huffman code's lengths for Q, in\n"
        "place of the gradient); `view joint [on|off|toggle]` the joint table\n"
        "instead of P and Q (on by default); `view help` the help screen;\n"
        "`view redraw` the whole screen again.")},
    {"cell", cmd_cell, 1, 1, "cell up|down|left|right|first|last",
     N_("explorer: select a cell of the joint view"),
     N_("Moves the joint view's selected cell a row up or down, a column left\n"
        "or right, to the first or to the last cell. Edits by key (Shift-Left\n"
        "and Shift-Right, =) act on it.")},
    {"search", cmd_search, 1, -1, "search TEXT|next|prev",
     N_("explorer: jump to a label containing TEXT"),
     N_("Selects the first entry whose label contains TEXT (case-sensitive;\n"
        "\"quotes\" for the words next and prev), or the next or previous match\n"
        "of the last search. `find TEXT` lists the matches instead.")},
    {"mouse", cmd_mouse, 0, 1, "mouse [on|off|toggle]",
     N_("explorer: mouse reporting"),
     N_("Turns the explorer's mouse on (click and drag select and set values)\n"
        "or off (the terminal can then select text to copy); toggles without\n"
        "an argument.")},
};

const struct command_def *command_view_defs(size_t *n)
{
    *n = sizeof view_defs / sizeof view_defs[0];
    return view_defs;
}

const char *const *command_view_words(const char *cmd, size_t index,
                                      const char *first)
{
    static const char *const select_w[] = {"down", "first", "last",
                                           "pagedown", "pageup", "up", NULL};
    static const char *const edit_w[] = {"other", "p", "q", NULL};
    static const char *const step_w[] = {"+", "-", "0.001", "0.01", "0.05",
                                         "0.1", NULL};
    static const char *const view_w[] = {"code", "compact", "grad", "help",
                                         "joint", "measures",
                                         "overview", "params", "redraw",
                                         "sorted",
                                         "totals", NULL};
    static const char *const cycle_w[] = {"forward", "next", "off",
                                          "reverse", NULL};
    static const char *const switch_w[] = {"off", "on", "toggle", NULL};
    static const char *const compact_w[] = {"auto", "off", "on", "toggle",
                                            NULL};
    static const char *const search_w[] = {"next", "prev", NULL};
    static const char *const cell_w[] = {"down", "first", "last", "left",
                                         "right", "up", NULL};
    static const char *const params_w[] = {"next", "off", "on", "prev",
                                           "toggle", NULL};
    static const struct {
        const char *cmd;
        const char *const *words;
    } first_w[] = {
        {"select", select_w}, {"edit", edit_w}, {"step", step_w},
        {"view", view_w}, {"search", search_w}, {"mouse", switch_w},
        {"cell", cell_w},
    };
    for (size_t i = 0; index == 1 && i < sizeof first_w / sizeof *first_w;
         i++)
        if (strcmp(cmd, first_w[i].cmd) == 0)
            return first_w[i].words;
    if (index == 2 && strcmp(cmd, "view") == 0 && first) {
        if (strcmp(first, "sorted") == 0 || strcmp(first, "grad") == 0)
            return cycle_w;
        if (strcmp(first, "overview") == 0 ||
            strcmp(first, "measures") == 0 || strcmp(first, "joint") == 0 ||
            strcmp(first, "code") == 0)
            return switch_w;
        if (strcmp(first, "compact") == 0)
            return compact_w;
        if (strcmp(first, "params") == 0)
            return params_w;
    }
    return NULL;
}
