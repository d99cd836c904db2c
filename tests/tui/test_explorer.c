/* Unit tests for tui/explorer.c: the explorer's state machine driven by
 * keys, prompt lines, mouse events and signals, with no terminal. What
 * only the tmux tests covered before: every key's effect on the session
 * and the view, the prompts, the search, the quit question, the tour. */
#include "../test_util.h"

#include <math.h>

#include "explorer_fixture.h"
#include "keymap.h"

#define fixture explorer_fixture

/* What the painter would store for an 80x24 screen: the layout the mouse
 * and paging use. */
static void frame(struct fixture *f)
{
    layout_compute_ex(&f->e.view.layout, 80, 24, f->c.session->table.n, 5,
                      NULL);
    f->e.view.screen_rows = 24;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    explorer_fixture_start(f, false);
    frame(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    explorer_fixture_stop(*state);
    free(*state);
    return 0;
}

/* Presses each key of a 0-terminated list; returns the last effects. */
static unsigned keys(struct fixture *f, const int *k)
{
    unsigned fx = 0;
    for (; *k; k++) {
        fx = explorer_key(&f->e, *k, NULL);
        frame(f);
    }
    return fx;
}
#define KEYS(f, ...) keys(f, (const int[]){__VA_ARGS__, 0})

static const struct table *tab(struct fixture *f)
{
    return &f->c.session->table;
}

static void says(struct fixture *f, const char *text)
{
    if (!strstr(f->e.view.message, text))
        fail_msg("message \"%s\" does not say \"%s\"", f->e.view.message,
                 text);
}

static void test_arrows_edit_the_selected_entry(void **state)
{
    struct fixture *f = *state;
    unsigned long gen = f->e.view.gen;
    KEYS(f, KM_RIGHT);
    assert_close(tab(f)->p[0], 0.11, 1e-12, 0);
    assert_true(f->e.view.gen != gen);   /* the session changed */
    says(f, "KL(P||Q) = ");
    KEYS(f, KM_DOWN, 'h');
    assert_int_equal(f->e.view.sel, 1);
    /* b was rescaled with the others when a went up */
    assert_close(tab(f)->p[1], 0.2 * 0.89 / 0.9 - 0.01, 1e-9, 0);
    KEYS(f, '\t', 'l');
    says(f, "KL(P||Q)");
    assert_int_equal(f->e.view.which, WHICH_Q);
    assert_close(tab(f)->q[1], 0.31, 1e-12, 0);
    KEYS(f, 'u', 'u', 'u');
    assert_close(tab(f)->p[0], 0.1, 1e-12, 0);
    assert_close(tab(f)->q[1], 0.3, 1e-12, 0);
    KEYS(f, KM_CTRL('r'));
    assert_close(tab(f)->p[0], 0.11, 1e-12, 0);
}

static void test_view_keys_change_only_the_view(void **state)
{
    struct fixture *f = *state;
    unsigned long gen = f->e.view.gen;
    KEYS(f, 'j', 'j');
    assert_int_equal(f->e.view.sel, 2);
    KEYS(f, 'G');
    assert_int_equal(f->e.view.sel, 3);
    KEYS(f, KM_HOME);
    assert_int_equal(f->e.view.sel, 0);
    KEYS(f, ' ');
    assert_int_equal(f->e.view.sel, 3);   /* a page, clamped */
    KEYS(f, KM_PGUP);
    assert_int_equal(f->e.view.sel, 0);
    KEYS(f, '+');
    assert_close(f->e.view.step, 0.05, 0, 0);
    says(f, "step 0.05");
    KEYS(f, '-', '-', '-');
    assert_close(f->e.view.step, 0.001, 0, 0);
    KEYS(f, '\t');
    says(f, "editing Q");
    KEYS(f, 'm');
    assert_true(f->e.view.measures);
    KEYS(f, 'm');
    assert_false(f->e.view.measures);
    KEYS(f, 'D');
    assert_int_equal(f->e.view.grad, GRAD_FORWARD);
    says(f, "gradient of KL(P||Q)");
    KEYS(f, 'D', 'D');
    assert_int_equal(f->e.view.grad, GRAD_OFF);
    KEYS(f, 'v');
    assert_int_equal(f->e.view.overview, LAYOUT_OV_ON);
    /* none of these touched the session: nothing to recompute */
    assert_true(f->e.view.gen == gen);
    assert_int_equal(f->s.undo.n, 0);
}

static void test_sorted_view(void **state)
{
    struct fixture *f = *state;
    /* |p ln(p/q)|: d .277 first, then b .081, a .069, c 0 */
    KEYS(f, 'o');
    says(f, "sorted by |p*log(p/q)|");
    assert_int_equal(f->e.view.sorted, SORTED_FORWARD);
    KEYS(f, KM_HOME);
    assert_int_equal(f->e.view.sel, 3);
    KEYS(f, 'j');
    assert_int_equal(f->e.view.sel, 1);
    KEYS(f, 'j');
    assert_int_equal(f->e.view.sel, 0);
    KEYS(f, 'o', 'o');
    assert_int_equal(f->e.view.sorted, SORTED_OFF);
    says(f, "sorted view off");
}

static void test_prompts(void **state)
{
    struct fixture *f = *state;
    /* '=' asks for the selected entry's value, mouse off meanwhile */
    unsigned fx = KEYS(f, 'j', '=');
    assert_true(fx & EXPLORER_PROMPT_OPEN);
    assert_true(fx & EXPLORER_MOUSE);
    assert_false(f->e.view.mouse);
    assert_string_equal(f->e.prompt_text, "set p #2 ");
    fx = explorer_prompt_done(&f->e, "0.25");
    assert_true(fx & EXPLORER_HISTORY);
    assert_string_equal(f->e.history, "set p #2 0.25");
    assert_true(f->e.view.mouse);
    assert_close(tab(f)->p[1], 0.25, 1e-12, 0);
    /* ':' runs any command; long output opens the pager */
    KEYS(f, ':');
    assert_string_equal(f->e.prompt_text, ":");
    explorer_prompt_done(&f->e, "base 2");
    assert_int_equal(f->s.base, BASE_2);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "show");
    assert_non_null(f->e.view.pager_text);
    KEYS(f, KM_ESC);
    assert_null(f->e.view.pager_text);
    /* a failing command is an error on the status line */
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "set p 9 0.5");
    assert_true(f->e.view.message_error);
    says(f, "no entry 9");
    KEYS(f, KM_DOWN);
    assert_string_equal(f->e.view.message, "");
    /* a cancelled prompt runs nothing */
    KEYS(f, ':');
    explorer_prompt_done(&f->e, NULL);
    assert_int_equal(f->e.prompt, EXPLORER_PROMPT_NONE);
    assert_int_equal(f->s.base, BASE_2);
}

static void test_search(void **state)
{
    struct fixture *f = *state;
    const char *labels = "labels ab b abc xab";
    struct buf out;
    buf_init(&out);
    struct error err;
    assert_int_equal(command_run(&f->c, labels, &out, &err), CMD_OK);
    buf_free(&out);
    unsigned fx = KEYS(f, '/');
    assert_string_equal(f->e.prompt_text, "/");
    assert_true(fx & EXPLORER_PROMPT_OPEN);
    explorer_prompt_done(&f->e, "ab");
    says(f, "match 1 of 3: entry 1 (ab)");
    assert_int_equal(f->e.view.sel, 0);
    KEYS(f, KM_CTRL('n'));
    assert_int_equal(f->e.view.sel, 2);
    says(f, "match 2 of 3: entry 3 (abc)");
    KEYS(f, KM_CTRL('n'));
    assert_int_equal(f->e.view.sel, 3);
    KEYS(f, KM_CTRL('p'));
    assert_int_equal(f->e.view.sel, 2);
    KEYS(f, '/');
    explorer_prompt_done(&f->e, "zz");
    assert_true(f->e.view.message_error);
    says(f, "no label contains 'zz'");
    assert_int_equal(f->e.view.sel, 2);
}

static void test_quit_asks_about_unsaved_edits(void **state)
{
    struct fixture *f = *state;
    assert_true(KEYS(f, 'q') & EXPLORER_QUIT);   /* nothing to lose */

    /* edits of the built-in example exist nowhere else: ask */
    f->e.quit = false;
    KEYS(f, 'l');
    unsigned ask = KEYS(f, 'q');
    assert_false(ask & EXPLORER_QUIT);
    says(f, "Your edits are saved nowhere. Quit anyway? (y/n)");
    says(f, "':save FILE' keeps them");
    KEYS(f, 'n');
    KEYS(f, 'u');   /* undone: nothing differs, nothing to ask */
    assert_true(KEYS(f, 'q') & EXPLORER_QUIT);

    f->e.quit = false;
    f->s.path = strdup("mine.csv");
    KEYS(f, 'l');
    assert_true(f->s.dirty);
    unsigned fx = KEYS(f, 'q');
    assert_false(fx & EXPLORER_QUIT);
    says(f, "Unsaved changes. Quit anyway? (y/n)");
    says(f, "saves them to mine.csv");
    fx = KEYS(f, 'n');
    assert_false(fx & EXPLORER_QUIT);
    fx = explorer_signal(&f->e, TERM_SIG_INT);   /* Ctrl-C asks too */
    assert_false(fx & EXPLORER_QUIT);
    fx = KEYS(f, 'y');
    assert_true(fx & EXPLORER_QUIT);
    assert_int_equal(f->e.status, 0);
}

static void test_signals(void **state)
{
    struct fixture *f = *state;
    KEYS(f, ':');
    unsigned fx = explorer_signal(&f->e, TERM_SIG_INT);
    assert_true(fx & EXPLORER_PROMPT_CANCEL);
    assert_false(fx & EXPLORER_QUIT);
    assert_int_equal(f->e.prompt, EXPLORER_PROMPT_NONE);
    assert_true(explorer_signal(&f->e, TERM_SIG_SUSPEND) & EXPLORER_SUSPEND);
    assert_true(explorer_signal(&f->e, TERM_SIG_CONT) & EXPLORER_REPAINT);
    assert_true(KEYS(f, KM_CTRL('l')) & EXPLORER_REPAINT);
    fx = explorer_signal(&f->e, TERM_SIG_TERM);
    assert_true(fx & EXPLORER_QUIT);
    assert_int_equal(f->e.status, 143);
}

static void test_tour_keys(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'l');
    KEYS(f, KM_ESC);   /* no tour: a stray Esc does nothing */
    assert_string_equal(f->e.view.message, "");
    KEYS(f, '>');
    assert_true(f->e.view.message_error);
    says(f, "no tour is running");
    KEYS(f, 't');
    assert_true(f->c.tour.active);
    KEYS(f, '>', '>');
    assert_int_equal(f->c.tour.step, 2);
    KEYS(f, '<');
    assert_int_equal(f->c.tour.step, 1);
    KEYS(f, KM_ESC);
    assert_false(f->c.tour.active);
    assert_close(tab(f)->p[0], 0.11, 1e-12, 0);   /* the user's edit is back */
    assert_int_equal(f->s.undo.n, 1);
}

/* A lesson's steps may change the view (`view measures`, sorting, the
 * joint view, the selection): Esc gives back the view the lesson found,
 * as it gives back the data. A step's `view joint` stays open though the
 * step replaced the table; the user's joint view closes for the tour's
 * P and Q and opens again after it. */
static void test_lesson_gives_the_view_back(void **state)
{
    struct fixture *f = *state;
    char *dir = scratch_dir();
    char *path = scratch_path(dir, "v.md");
    static const char text[] = "# T\n## S\n> preset bimodal\n"
                               "> view measures\n> view sorted forward\n"
                               "> joint copy 3\n> view joint\nx\n";
    assert_true(write_file(path, text, sizeof text - 1));
    KEYS(f, KM_DOWN, KM_DOWN, '\t');
    size_t sel = f->e.view.sel;
    enum which which = f->e.view.which;
    assert_false(f->e.view.measures);
    char line[600];
    snprintf(line, sizeof line, "lesson %s", path);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, line);
    assert_true(f->c.tour.active);
    assert_true(f->e.view.measures);
    assert_int_not_equal(f->e.view.sorted, SORTED_OFF);
    assert_true(f->e.view.joint);
    KEYS(f, KM_DOWN, KM_DOWN, KM_DOWN);
    KEYS(f, KM_ESC);
    assert_false(f->c.tour.active);
    assert_false(f->e.view.measures);
    assert_int_equal(f->e.view.sorted, SORTED_OFF);
    assert_false(f->e.view.joint);
    assert_int_equal(f->e.view.sel, sel);
    assert_int_equal(f->e.view.which, which);
    /* the user's own joint view comes back too */
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "joint copy 2");
    KEYS(f, KM_ESC);   /* the table's text was in the pager */
    assert_null(f->e.view.pager_text);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "view joint");
    assert_true(f->e.view.joint);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "tour");
    assert_true(f->c.tour.active);
    assert_false(f->e.view.joint);   /* the tour's first step: P and Q */
    KEYS(f, KM_ESC);
    assert_true(f->e.view.joint);
    free(path);
    scratch_remove(dir);
    free(dir);
}

static void test_keys_that_add_and_delete(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'a');
    assert_int_equal(tab(f)->n, 5);
    assert_string_equal(tab(f)->labels[4], "e");
    assert_int_equal(f->e.view.sel, 4);   /* what was added is shown */
    KEYS(f, 'x');
    assert_int_equal(tab(f)->n, 4);
    KEYS(f, 'B');
    assert_int_equal(f->s.base, BASE_2);
    KEYS(f, '.');
    assert_close(f->c.derived.alpha, 1, 0, 0);
    KEYS(f, 'Z');
    assert_true(f->e.view.message_error);
    says(f, "unknown key; press ? for help");
    KEYS(f, '?');
    assert_non_null(f->e.view.pager_text);
    assert_non_null(strstr(f->e.view.pager_text, "Reading the screen"));
}

static void test_mouse(void **state)
{
    struct fixture *f = *state;
    const struct layout *l = &f->e.view.layout;
    struct term_mouse_event m = {.x = 1, .y = l->table_y + 2, .press = true};
    explorer_key(&f->e, TERM_MOUSE, &m);
    assert_int_equal(f->e.view.sel, 2);
    /* a press and a drag on Q's bar: one undo takes the drag back */
    f->e.view.mass_scale = 1;
    m.x = l->qbar_x + l->qbar_w / 2;
    m.y = l->table_y;
    explorer_key(&f->e, TERM_MOUSE, &m);
    assert_int_equal(f->e.view.which, WHICH_Q);
    double mid = tab(f)->q[0];
    assert_true(mid > 0.2);
    struct term_mouse_event d = {.x = l->qbar_x + l->qbar_w - 1,
                                 .y = l->table_y, .drag = true};
    explorer_key(&f->e, TERM_MOUSE, &d);
    assert_true(tab(f)->q[0] > mid);
    struct term_mouse_event r = {.release = true};
    explorer_key(&f->e, TERM_MOUSE, &r);
    KEYS(f, 'u');
    assert_close(tab(f)->q[0], 0.2, 1e-12, 0);
    /* the wheel moves the selection */
    struct term_mouse_event w = {.wheel = 1};
    explorer_key(&f->e, TERM_MOUSE, &w);
    assert_int_equal(f->e.view.sel, 3);
    /* M turns it off */
    unsigned fx = KEYS(f, 'M');
    assert_true(fx & EXPLORER_MOUSE);
    assert_false(f->e.view.mouse);
    says(f, "mouse off");
}

/* Runs a command line on the explorer's session, as ':' would. */
static void command_ok(struct fixture *f, const char *line)
{
    struct buf out;
    buf_init(&out);
    struct error err;
    assert_int_equal(command_run(&f->c, line, &out, &err), CMD_OK);
    buf_free(&out);
}

/* A less or vim user's keys after a search move through the matches and
 * the table; none of them changes the data. */
static void test_pager_habits_never_edit(void **state)
{
    struct fixture *f = *state;
    command_ok(f, "labels ab b abc xab");
    size_t undo = f->s.undo.n;
    double p0 = tab(f)->p[0];
    enum log_base base = f->s.base;
    bool dirty = f->s.dirty;
    KEYS(f, '/');
    explorer_prompt_done(&f->e, "ab");
    KEYS(f, 'n');
    assert_int_equal(f->e.view.sel, 2);
    KEYS(f, 'n');
    assert_int_equal(f->e.view.sel, 3);
    KEYS(f, 'N');
    assert_int_equal(f->e.view.sel, 2);
    KEYS(f, 'G');
    assert_int_equal(f->e.view.sel, 3);
    KEYS(f, 'g');
    assert_int_equal(f->e.view.sel, 0);
    KEYS(f, 'G', 'b');
    assert_int_equal(f->e.view.sel, 0);   /* b: a page back */
    KEYS(f, 'd');
    says(f, "unknown key");
    assert_int_equal(tab(f)->n, 4);
    assert_int_equal(f->s.undo.n, undo);
    assert_true(tab(f)->p[0] == p0);
    assert_int_equal(f->s.base, base);
    assert_true(f->s.dirty == dirty);
}

/* Search says which match of how many, and when it went past an end. */
static void test_search_counts_and_wraps(void **state)
{
    struct fixture *f = *state;
    command_ok(f, "labels ab b abc xab");
    KEYS(f, '/');
    explorer_prompt_done(&f->e, "ab");
    says(f, "match 1 of 3: entry 1 (ab)");
    assert_null(strstr(f->e.view.message, "wrapped"));
    KEYS(f, 'n', 'n');
    says(f, "match 3 of 3: entry 4 (xab)");
    assert_null(strstr(f->e.view.message, "wrapped"));
    KEYS(f, 'n');
    assert_int_equal(f->e.view.sel, 0);
    says(f, "match 1 of 3: entry 1 (ab); wrapped to the top");
    KEYS(f, 'N');
    assert_int_equal(f->e.view.sel, 3);
    says(f, "match 3 of 3: entry 4 (xab); wrapped to the bottom");
}

/* Deleting the last entry selects the row that is last now. */
static void test_delete_last_selects_new_last(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'G', 'x');
    assert_int_equal(tab(f)->n, 3);
    assert_int_equal(f->e.view.sel, 2);
    KEYS(f, 'g', 'x');   /* elsewhere the selection stays on its row */
    assert_int_equal(tab(f)->n, 2);
    assert_int_equal(f->e.view.sel, 0);
}

/* The view draws the per-term values the edit's own recompute filled
 * into the command's derived (one pass over the entries per edit), also
 * on a tour's session, and the same values a separate pass gives. */
static void assert_view_uses_derived(struct fixture *f)
{
    const struct session *s = f->c.session;
    struct view_cache *c = view_cache_sync(&f->e.view, s);
    assert_true(derived_has_terms(&f->c.derived, s->version));
    assert_ptr_equal(c->fwd, f->c.derived.fwd);
    assert_ptr_equal(c->rev, f->c.derived.rev);
    double fwd[64], rev[64];
    assert_true(s->table.n <= 64);
    divergence_terms(s->table.p, s->table.q, s->table.n, fwd, rev);
    assert_memory_equal(c->fwd, fwd, s->table.n * sizeof *fwd);
    assert_memory_equal(c->rev, rev, s->table.n * sizeof *rev);
}

static void test_edit_fills_the_views_terms(void **state)
{
    struct fixture *f = *state;
    derived_want_terms(&f->c.derived, true);   /* as tui_run does */
    KEYS(f, 'l');
    assert_view_uses_derived(f);
    KEYS(f, 't', 'l');
    assert_true(f->c.tour.active);
    assert_view_uses_derived(f);
    KEYS(f, '>', 'l');
    assert_view_uses_derived(f);
    KEYS(f, KM_ESC, 'h');
    assert_false(f->c.tour.active);
    assert_view_uses_derived(f);
}

/* The Renyi order keys stop at 1/2 and inf instead of wrapping. */
static void test_alpha_keys_stop_at_the_ends(void **state)
{
    struct fixture *f = *state;
    assert_close(f->c.derived.alpha, 0.5, 0, 0);
    size_t undo = f->s.undo.n;
    KEYS(f, ',');
    assert_close(f->c.derived.alpha, 0.5, 0, 0);
    assert_true(f->e.view.message_error);
    says(f, "already at 1/2");
    assert_int_equal(f->s.undo.n, undo);   /* nothing ran */
    KEYS(f, '.', '.', '.');
    assert_true(isinf(f->c.derived.alpha));
    KEYS(f, '.');
    assert_true(isinf(f->c.derived.alpha));
    says(f, "already at inf");
    KEYS(f, ',');
    assert_close(f->c.derived.alpha, 2, 0, 0);
}

/* One spelling: Rényi where the explorer draws UTF-8, Renyi in ASCII, in
 * the help, the keys' messages and the commands' output. */
static void test_renyi_spelled_for_the_output(void **state)
{
    (void)state;
    for (int u = 0; u < 2; u++) {
        struct fixture x, *f = &x;
        explorer_fixture_start(f, u);
        frame(f);
        const char *want = u ? "R\u00E9nyi" : "Renyi";
        const char *not = u ? "Renyi" : "R\u00E9nyi";
        KEYS(f, '?');
        assert_non_null(f->e.view.pager_text);
        assert_non_null(strstr(f->e.view.pager_text, want));
        assert_null(strstr(f->e.view.pager_text, not));
        KEYS(f, 'q', ',');
        says(f, want);
        assert_null(strstr(f->e.view.message, not));
        struct buf out;
        buf_init(&out);
        struct error err;
        assert_int_equal(command_run(&f->c, "alpha 2", &out, &err), CMD_OK);
        assert_non_null(strstr(out.s, want));
        buf_free(&out);
        explorer_fixture_stop(f);
    }
}

/* The normalization key shows both lines, P's and Q's. */
static void test_normalize_key_shows_both(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'I');
    const char *shown = f->e.view.note[0] ? f->e.view.note
                        : f->e.view.pager_text ? f->e.view.pager_text
                                               : f->e.view.message;
    assert_non_null(strstr(shown, "P: "));
    assert_non_null(strstr(shown, "Q: "));
}

/* [modified] follows the data: l then h, or an undo, leave none. */
static void test_modified_follows_the_data(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'l');
    assert_true(f->s.dirty);
    KEYS(f, 'h');
    assert_false(f->s.dirty);
    KEYS(f, 'l', 'u');
    assert_false(f->s.dirty);
    KEYS(f, KM_CTRL('r'));
    assert_true(f->s.dirty);
}

/* The joint view: J shows it once a joint table exists; the arrows move
 * the cell (clamped), Shift-Right raises it by the step through
 * `joint set`, = types its value; u takes the edit back; K (kl-mode)
 * makes P the cells and Q the product and shows them, where KL(P||Q) is
 * I(X;Y). */
static void test_joint_view_keys(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'J');
    says(f, "there is no joint table yet");
    assert_false(f->e.view.joint);
    command_ok(f, "joint 2 2 0.4 0.1 0.1 0.4");
    KEYS(f, 'J');
    assert_true(f->e.view.joint);
    KEYS(f, KM_RIGHT, KM_RIGHT, 'j', 'j');
    assert_int_equal(f->e.view.jcol, 1);
    assert_int_equal(f->e.view.jrow, 1);
    KEYS(f, 'g');
    assert_int_equal(f->e.view.jrow, 0);
    assert_int_equal(f->e.view.jcol, 0);
    KEYS(f, 'G', KM_UP);
    assert_int_equal(f->e.view.jrow, 0);
    assert_int_equal(f->e.view.jcol, 1);
    KEYS(f, KM_SRIGHT);   /* (x1, y2): 0.1 + 0.01 */
    assert_close(f->s.joint.p[1], 0.11, 1e-15, 0);
    assert_close(f->s.joint.p[0], 0.4 * 0.89 / 0.9, 1e-15, 0);
    assert_true(f->s.dirty);
    assert_true(f->e.view.joint);
    KEYS(f, 'u');
    assert_close(f->s.joint.p[1], 0.1, 0, 0);
    KEYS(f, KM_CTRL('r'));
    assert_close(f->s.joint.p[1], 0.11, 1e-15, 0);
    KEYS(f, 'u');
    /* P and Q stayed the example's through all of it */
    assert_int_equal(tab(f)->n, 4);
    KEYS(f, '=');
    assert_string_equal(f->e.prompt_text, "joint set #1 #2 ");
    explorer_prompt_done(&f->e, "0.2");
    assert_close(f->s.joint.p[1], 0.2, 1e-15, 0);
    KEYS(f, 'K');
    assert_false(f->e.view.joint);   /* P and Q are shown */
    assert_int_equal(tab(f)->n, 4);
    assert_string_equal(tab(f)->labels[1], "x1,y2");
    struct joint_stats st;
    joint_compute(&f->s.joint, &st);
    assert_close(f->s.div.pq.total, st.mi, 1e-15, 0);
    joint_stats_free(&st);
    assert_int_equal(f->e.view.sel, 1);   /* (x1, y2) is P's entry 2 */
    KEYS(f, 'j');   /* the arrows are P and Q's again */
    assert_int_equal(f->e.view.sel, 2);
}

/* Cells are the joint view's: without it `cell` says where to go. */
static void test_cell_needs_the_joint_view(void **state)
{
    struct fixture *f = *state;
    command_ok(f, "joint copy 3");
    assert_int_equal(command_run(&f->c, "cell down", &f->e.out, &f->e.err),
                     CMD_ERROR);
    assert_non_null(strstr(f->e.err.msg, "J or `view joint` shows it"));
    KEYS(f, 'J', KM_CTRL('l'));
    /* the mouse does not reach P and Q's bars under the joint view */
    struct term_mouse_event m = {.x = 12, .y = 2, .press = true};
    double p0 = tab(f)->p[0];
    explorer_key(&f->e, TERM_MOUSE, &m);
    assert_true(tab(f)->p[0] == p0);
    KEYS(f, 'G');   /* the last entry: the view's own keys still work */
    KEYS(f, 'J');
    assert_false(f->e.view.joint);
}

/* Steps fit the value: a small value moves by a tenth of its size, and
 * Shift-Left/Right multiply or divide by 1.1 whatever the size. */
static void test_steps_fit_the_value(void **state)
{
    struct fixture *f = *state;
    command_ok(f, "p 0.000001 0.999999");
    KEYS(f, KM_RIGHT);   /* 1e-6 by 1e-7, not by the step 0.01 */
    assert_close(tab(f)->p[0], 1.1e-6, 1e-9, 0);
    KEYS(f, KM_LEFT, KM_LEFT);
    assert_close(tab(f)->p[0], 0.9e-6, 1e-9, 0);
    KEYS(f, KM_SRIGHT);
    assert_close(tab(f)->p[0], 0.99e-6, 1e-9, 0);
    KEYS(f, KM_SLEFT);
    assert_close(tab(f)->p[0], 0.9e-6, 1e-9, 0);
    KEYS(f, KM_DOWN, KM_SRIGHT);   /* 0.999999 * 1.1 stops at 1 */
    assert_close(tab(f)->p[1], 1, 0, 1e-12);
    KEYS(f, KM_SRIGHT);
    says(f, "already at 1");
    KEYS(f, KM_UP, KM_RIGHT);   /* a value the size of the step: the step */
    assert_close(tab(f)->p[0], 0.01, 0, 1e-12);
}

/* A live sampling run: S starts it, each tick adds draws, the running
 * mean settles within two standard errors of KL(P||Q) (seed 1, fixed:
 * the draws are the same every time), an edit starts it again on the new
 * P, S stops it; `sample live SEED` chooses the seed. */
static void test_live_sampling(void **state)
{
    struct fixture *f = *state;
    const struct live *l = &f->e.view.live;
    assert_int_equal(explorer_tick(&f->e), 0);   /* nothing running */
    KEYS(f, 'S');
    assert_true(l->on);
    says(f, "live sampling from P (seed 1)");
    unsigned long gen = f->e.view.gen;
    uint64_t last = 0;
    for (int k = 0; k < 100; k++) {
        assert_true(explorer_tick(&f->e) & EXPLORER_REDRAW);
        assert_true(l->draws > last);
        last = l->draws;
    }
    assert_true(l->draws >= 1000000);
    assert_true(f->e.view.gen == gen);   /* the session is untouched */
    double kl = f->s.div.pq.total, m = live_mean(l), se = live_se(l);
    assert_true(fabs(m - kl) <= 2 * se);
    assert_true(se < 0.002);
    uint64_t total = 0;
    for (size_t i = 0; i < l->n; i++)
        total += l->counts[i];
    assert_true(total == l->draws);
    /* d has p = 0.4: its share of the draws is within 5 SE of it */
    double share = (double)l->counts[3] / (double)l->draws;
    assert_close(share, 0.4, 0, 5 * sqrt(0.4 * 0.6 / (double)l->draws));
    KEYS(f, 'l');   /* a = 0.11: a new P, a new run */
    explorer_tick(&f->e);
    assert_true(l->restarted);
    assert_true(l->draws < 1000);
    KEYS(f, 'S');
    assert_false(l->on);
    assert_int_equal(explorer_tick(&f->e), 0);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "sample live 42");
    assert_true(l->on);
    assert_true(l->seed == 42);
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "sample live many");
    says(f, "'many' is not on, off, toggle or a seed");
    assert_true(l->on);   /* the error changed nothing */
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "sample live off");
    assert_false(l->on);
}

/* q = 0 where p > 0: the draws that hit it make the mean infinite, said
 * as such. */
static void test_live_sampling_infinite(void **state)
{
    struct fixture *f = *state;
    KEYS(f, ':');
    explorer_prompt_done(&f->e, "q 0 0.5 0.25 0.25");
    KEYS(f, 'S');
    explorer_tick(&f->e);
    assert_true(f->e.view.live.infinite > 0);
    assert_true(isinf(live_mean(&f->e.view.live)));
}

/* A status message longer than its buffer ends after a whole character
 * (a Chinese one is three bytes), never in part of one. */
static void test_long_message_whole_characters(void **state)
{
    struct fixture *f = *state;
    char text[900] = "";
    for (int i = 0; i < 250; i++)
        strcat(text, "\xe4\xb8\xad");   /* U+4E2D */
    view_message(&f->e.view, false, "%s", text);
    size_t len = strlen(f->e.view.message);
    assert_int_equal(len % 3, 0);
    assert_int_equal(len, (VIEW_MESSAGE_MAX - 1) / 3 * 3);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_long_message_whole_characters),
        T(test_arrows_edit_the_selected_entry),
        cmocka_unit_test(test_renyi_spelled_for_the_output),
        T(test_view_keys_change_only_the_view),
        T(test_sorted_view),
        T(test_prompts),
        T(test_search),
        T(test_quit_asks_about_unsaved_edits),
        T(test_signals),
        T(test_tour_keys),
        T(test_lesson_gives_the_view_back),
        T(test_keys_that_add_and_delete),
        T(test_mouse),
        T(test_pager_habits_never_edit),
        T(test_search_counts_and_wraps),
        T(test_delete_last_selects_new_last),
        T(test_alpha_keys_stop_at_the_ends),
        T(test_edit_fills_the_views_terms),
        T(test_normalize_key_shows_both),
        T(test_modified_follows_the_data),
        T(test_steps_fit_the_value),
        T(test_joint_view_keys),
        T(test_cell_needs_the_joint_view),
        T(test_live_sampling),
        T(test_live_sampling_infinite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
