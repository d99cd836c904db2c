/* Unit tests for tui/keymap.c: keys to actions, and actions to lines of
 * the command language. */
#include "../test_util.h"

#include "command.h"
#include "family.h"
#include "keymap.h"
#include "session.h"

static int setup(void **state)
{
    struct session *s = malloc(sizeof *s);
    if (!s)
        return -1;
    session_init(s);   /* P = .1 .2 .3 .4, Q = .2 .3 .3 .2, labels a..d */
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    session_free(*state);
    free(*state);
    return 0;
}

static void test_keys(void **state)
{
    (void)state;
    static const struct {
        int key;
        enum action a;
    } cases[] = {
        {KM_UP, ACT_UP}, {'k', ACT_UP}, {KM_DOWN, ACT_DOWN},
        {'j', ACT_DOWN}, {KM_HOME, ACT_HOME}, {KM_END, ACT_END},
        {KM_PGUP, ACT_PGUP}, {KM_PGDN, ACT_PGDN}, {KM_LEFT, ACT_DEC},
        {KM_SLEFT, ACT_DIV}, {KM_SRIGHT, ACT_MUL},
        {'h', ACT_DEC}, {KM_RIGHT, ACT_INC}, {'l', ACT_INC},
        {'+', ACT_STEP_UP}, {']', ACT_STEP_UP}, {'-', ACT_STEP_DOWN},
        {'[', ACT_STEP_DOWN}, {'=', ACT_VALUE_PROMPT},
        {KM_ENTER, ACT_VALUE_PROMPT}, {'\r', ACT_VALUE_PROMPT},
        {':', ACT_COMMAND_PROMPT}, {'\t', ACT_TOGGLE_WHICH},
        {'s', ACT_SWAP}, {'a', ACT_ADD}, {'x', ACT_DELETE},
        {KM_DELETE, ACT_DELETE}, {'U', ACT_UNIFORM}, {'B', ACT_BASE},
        {'I', ACT_NORMALIZE}, {'u', ACT_UNDO},
        {KM_CTRL('r'), ACT_REDO}, {'?', ACT_HELP}, {KM_F1, ACT_HELP},
        {'M', ACT_MOUSE}, {'q', ACT_QUIT}, {KM_CTRL('c'), ACT_QUIT},
        {KM_CTRL('l'), ACT_REDRAW}, {'Z', ACT_NONE}, {0x6570, ACT_NONE},
        {'t', ACT_TOUR}, {'>', ACT_TOUR_NEXT}, {'<', ACT_TOUR_BACK},
        {KM_ESC, ACT_TOUR_END}, {'m', ACT_MEASURES}, {',', ACT_ALPHA_DOWN},
        {'.', ACT_ALPHA_UP}, {'D', ACT_GRAD}, {'F', ACT_FIT},
        {'o', ACT_SORTED}, {'v', ACT_OVERVIEW}, {'/', ACT_SEARCH},
        {KM_CTRL('n'), ACT_SEARCH_NEXT}, {KM_CTRL('p'), ACT_SEARCH_PREV},
        /* less and vim habits: they move, never edit */
        {'n', ACT_SEARCH_NEXT}, {'N', ACT_SEARCH_PREV}, {'g', ACT_HOME},
        {'G', ACT_END}, {'b', ACT_PGUP}, {'d', ACT_NONE},
        {'p', ACT_PARAMS}, {'S', ACT_LIVE}, {'C', ACT_CODE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(keymap_action(cases[i].key), cases[i].a);
}

static void test_help_lists_every_action_key(void **state)
{
    (void)state;
    size_t n;
    const struct keymap_help *h = keymap_help_lines(&n);
    assert_true(n >= 15);
    const char *must[] = {"Tab", "u / Ctrl-R", ":", "? or F1", "q or Ctrl-C",
                          "M", "Esc", "t", "> / <", "m", ", / .", "D",
                          "F", "o", "v", "/", "n/N, Ctrl-N/Ctrl-P"};
    for (size_t m = 0; m < sizeof must / sizeof must[0]; m++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || strcmp(h[i].keys, must[m]) == 0;
        assert_true(found);
    }
}

static void test_steps(void **state)
{
    (void)state;
    assert_close(keymap_step(0.01, 1), 0.05, 0, 0);
    assert_close(keymap_step(0.05, 1), 0.1, 0, 0);
    assert_close(keymap_step(0.1, 1), 0.1, 0, 0);      /* stays at the end */
    assert_close(keymap_step(0.01, -1), 0.001, 0, 0);
    assert_close(keymap_step(0.001, -1), 0.001, 0, 0);
    assert_close(keymap_step(0.05, -1), 0.01, 0, 0);
    assert_close(KEYMAP_STEP_DEFAULT, 0.01, 0, 0);
}

static void test_nudge(void **state)
{
    (void)state;
    /* exactly the decimal, without binary noise */
    assert_true(keymap_nudge(0.1, 0.01, 1) == 0.11);
    assert_true(keymap_nudge(0.3, 0.01, 1) == 0.31);
    assert_true(keymap_nudge(0.7, 0.1, 1) == 0.8);
    assert_true(keymap_nudge(0.2, 0.05, -1) == 0.15);
    /* clamped to [0, 1] */
    assert_true(keymap_nudge(0.995, 0.01, 1) == 1.0);
    assert_true(keymap_nudge(0.004, 0.01, -1) == 0.0);
    /* off-grid values keep their digits */
    assert_close(keymap_nudge(0.285714285714, 0.01, 1), 0.295714285714,
                 0, 1e-12);
}

static void test_next_base(void **state)
{
    (void)state;
    assert_int_equal(keymap_next_base(BASE_E), BASE_2);
    assert_int_equal(keymap_next_base(BASE_2), BASE_10);
    assert_int_equal(keymap_next_base(BASE_10), BASE_E);
}

static void test_commands(void **state)
{
    struct session *s = *state;
    struct keymap_ctx c = {.s = s, .which = WHICH_P, .sel = 1, .step = 0.01};
    char line[128];
    const char *why;

    assert_true(keymap_command(ACT_INC, &c, line, sizeof line, &why));
    assert_string_equal(line, "set p #2 0.21");
    assert_true(keymap_command(ACT_DEC, &c, line, sizeof line, &why));
    assert_string_equal(line, "set p #2 0.19");
    c.which = WHICH_Q;
    c.sel = 3;
    c.step = 0.1;
    assert_true(keymap_command(ACT_INC, &c, line, sizeof line, &why));
    assert_string_equal(line, "set q #4 0.3");
    assert_true(keymap_command(ACT_UNIFORM, &c, line, sizeof line, &why));
    assert_string_equal(line, "uniform q");
    assert_true(keymap_command(ACT_DELETE, &c, line, sizeof line, &why));
    assert_string_equal(line, "del #4");
    assert_true(keymap_command(ACT_SWAP, &c, line, sizeof line, &why));
    assert_string_equal(line, "swap");
    assert_true(keymap_command(ACT_UNDO, &c, line, sizeof line, &why));
    assert_string_equal(line, "undo");
    assert_true(keymap_command(ACT_REDO, &c, line, sizeof line, &why));
    assert_string_equal(line, "redo");
    assert_true(keymap_command(ACT_BASE, &c, line, sizeof line, &why));
    assert_string_equal(line, "base 2");
    assert_true(keymap_command(ACT_ADD, &c, line, sizeof line, &why));
    assert_string_equal(line, "add e 0 0");
    assert_true(keymap_command(ACT_NORMALIZE, &c, line, sizeof line, &why));
    assert_string_equal(line, "normalize");

    /* not edits */
    assert_false(keymap_command(ACT_UP, &c, line, sizeof line, &why));
    assert_null(why);
    assert_false(keymap_command(ACT_HELP, &c, line, sizeof line, &why));
}

static void test_teaching_commands(void **state)
{
    struct session *s = *state;
    struct keymap_ctx c = {.s = s, .which = WHICH_Q, .sel = 0, .step = 0.01,
                           .alpha = 0.5};
    char line[128];
    const char *why;

    assert_true(keymap_command(ACT_TOUR, &c, line, sizeof line, &why));
    assert_string_equal(line, "tour");
    /* next, back and Esc need a running tour; a stray Esc says nothing */
    assert_false(keymap_command(ACT_TOUR_NEXT, &c, line, sizeof line, &why));
    assert_non_null(why);
    assert_false(keymap_command(ACT_TOUR_BACK, &c, line, sizeof line, &why));
    assert_non_null(why);
    assert_false(keymap_command(ACT_TOUR_END, &c, line, sizeof line, &why));
    assert_null(why);
    c.touring = true;
    assert_true(keymap_command(ACT_TOUR_NEXT, &c, line, sizeof line, &why));
    assert_string_equal(line, "next");
    assert_true(keymap_command(ACT_TOUR_BACK, &c, line, sizeof line, &why));
    assert_string_equal(line, "back");
    assert_true(keymap_command(ACT_TOUR_END, &c, line, sizeof line, &why));
    assert_string_equal(line, "tour end");

    assert_true(keymap_command(ACT_FIT, &c, line, sizeof line, &why));
    assert_string_equal(line, "fit gauss both");
    /* the Renyi order starts at 0.5 */
    assert_true(keymap_command(ACT_ALPHA_UP, &c, line, sizeof line, &why));
    assert_string_equal(line, "alpha 1");
    /* and stops at the ends instead of wrapping round to inf */
    assert_false(keymap_command(ACT_ALPHA_DOWN, &c, line, sizeof line, &why));
    assert_non_null(why);
    assert_non_null(strstr(why, "already at 1/2"));

    /* view settings are not commands */
    assert_false(keymap_command(ACT_MEASURES, &c, line, sizeof line, &why));
    assert_false(keymap_command(ACT_GRAD, &c, line, sizeof line, &why));
}

static void test_alpha_cycle(void **state)
{
    (void)state;
    static const struct {
        double from;
        int dir;
        const char *line;
    } cases[] = {
        {0.5, 1, "alpha 1"}, {1, 1, "alpha 2"}, {2, 1, "alpha inf"},
        {INFINITY, 1, "alpha 0.5"}, {0.5, -1, "alpha inf"},
        {1, -1, "alpha 0.5"}, {2, -1, "alpha 1"}, {INFINITY, -1, "alpha 2"},
        /* orders typed at the prompt move to their neighbours */
        {3, 1, "alpha inf"}, {3, -1, "alpha 2"}, {0.25, 1, "alpha 0.5"},
        {0.25, -1, "alpha inf"}, {1.5, 1, "alpha 2"}, {1.5, -1, "alpha 1"},
    };
    char line[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        keymap_alpha_line(cases[i].from, cases[i].dir, line, sizeof line);
        assert_string_equal(line, cases[i].line);
    }
}

static void test_refusals(void **state)
{
    struct session *s = *state;
    struct error err;
    double one = 1.0;
    bool resized;
    assert_true(session_set_dist(s, NULL, WHICH_P, &one, 1, &resized, &err));
    struct keymap_ctx c = {.s = s, .which = WHICH_P, .sel = 0, .step = 0.01};
    char line[128];
    const char *why;
    /* the only entry: cannot delete it, cannot go above 1 */
    assert_false(keymap_command(ACT_DELETE, &c, line, sizeof line, &why));
    assert_non_null(why);
    assert_false(keymap_command(ACT_INC, &c, line, sizeof line, &why));
    assert_non_null(why);
    assert_true(keymap_command(ACT_DEC, &c, line, sizeof line, &why));
    assert_string_equal(line, "set p #1 0.99");
    c.sel = 5;   /* out of range */
    assert_false(keymap_command(ACT_INC, &c, line, sizeof line, &why));
}

static void test_set_lines(void **state)
{
    (void)state;
    char line[128];
    keymap_set_line(line, sizeof line, WHICH_Q, 0, "0.25");
    assert_string_equal(line, "set q #1 0.25");
    keymap_set_frac_line(line, sizeof line, WHICH_P, 2, 0.5, 0.5);
    assert_string_equal(line, "set p #3 0.25");
    keymap_set_frac_line(line, sizeof line, WHICH_P, 0, 1.0 / 3, 1);
    assert_string_equal(line, "set p #1 0.333333");
    keymap_set_frac_line(line, sizeof line, WHICH_P, 0, 2, 1);
    assert_string_equal(line, "set p #1 1");
    keymap_set_frac_line(line, sizeof line, WHICH_P, 0, 0, 1);
    assert_string_equal(line, "set p #1 0");
}

static void test_fresh_label(void **state)
{
    (void)state;
    char out[32];
    const char *letters[] = {"a", "b", "c", "d"};
    keymap_fresh_label(letters, 4, out, sizeof out);
    assert_string_equal(out, "e");
    const char *gap[] = {"a", "c"};
    keymap_fresh_label(gap, 2, out, sizeof out);
    assert_string_equal(out, "b");
    const char *nums[] = {"1", "2", "3"};
    keymap_fresh_label(nums, 3, out, sizeof out);
    assert_string_equal(out, "4");
    const char *taken[] = {"x", "2", "x3"};
    keymap_fresh_label(taken, 2, out, sizeof out);   /* "3" is free */
    assert_string_equal(out, "3");
    keymap_fresh_label(taken + 1, 2, out, sizeof out); /* "3" free too */
    assert_string_equal(out, "3");
    const char *words[] = {"heads", "3"};
    keymap_fresh_label(words, 2, out, sizeof out);
    assert_string_equal(out, "x3");
    const char *cjk[] = {"\u6570"};
    keymap_fresh_label(cjk, 1, out, sizeof out);
    assert_string_equal(out, "2");
    char *all[26];
    char buf[26][2];
    for (int i = 0; i < 26; i++) {
        buf[i][0] = (char)('a' + i);
        buf[i][1] = '\0';
        all[i] = buf[i];
    }
    keymap_fresh_label((const char *const *)all, 26, out, sizeof out);
    assert_string_equal(out, "27");
}

static bool accept_view(void *ctx, const struct view_request *r,
                        struct buf *out, struct error *err)
{
    (void)r;
    (void)out;
    (void)err;
    ++*(int *)ctx;
    return true;
}

/* Every key runs a line the command language accepts: the view's keys
 * reach the explorer as a request, the others change the session. */
static void test_every_key_is_a_command(void **state)
{
    struct session *s = *state;
    struct command cmd;
    command_init(&cmd, s);
    int requests = 0;
    cmd.view_hook = accept_view;
    cmd.view_ctx = &requests;
    struct buf out;
    buf_init(&out);
    struct error err;
    int lines = 0, prompts = 0;
    /* an order with a neighbour both ways: , and . stop at the ends */
    assert_int_equal(command_run(&cmd, "alpha 1", &out, &err), CMD_OK);
    for (int a = ACT_UP; a <= ACT_PARAMS; a++) {
        /* The joint view's keys need a joint table: test_joint_keys. */
        if (a == ACT_QUIT || (a >= ACT_JOINT_VIEW && a <= ACT_CELL_PROMPT))
            continue;
        struct keymap_ctx c = {.s = cmd.session, .which = WHICH_P, .sel = 0,
                               .step = 0.01, .alpha = cmd.derived.alpha,
                               .touring = cmd.tour.active};
        char line[128];
        const char *why;
        if (keymap_is_prompt((enum action)a)) {
            assert_false(keymap_line((enum action)a, &c, line, sizeof line,
                                     &why));
            prompts++;
            continue;
        }
        if (!keymap_line((enum action)a, &c, line, sizeof line, &why)) {
            /* only the tour's keys wait for a tour */
            assert_true(a == ACT_TOUR_NEXT || a == ACT_TOUR_BACK ||
                        a == ACT_TOUR_END);
            continue;
        }
        buf_reset(&out);
        if (command_run(&cmd, line, &out, &err) != CMD_OK)
            fail_msg("key action %d: `%s` failed: %s", a, line, err.msg);
        lines++;
    }
    assert_int_equal(prompts, 3);
    assert_true(lines >= 35);
    assert_true(requests >= 15);
    command_free(&cmd);
    buf_free(&out);
}

/* The parameter line: Left/Right and Tab take its meaning while it is
 * on, and a key moves a parameter by its kind of step. */
static void test_parameter_keys(void **state)
{
    (void)state;
    assert_int_equal(keymap_in_params(ACT_DEC), ACT_PARAM_DEC);
    assert_int_equal(keymap_in_params(ACT_INC), ACT_PARAM_INC);
    assert_int_equal(keymap_in_params(ACT_TOGGLE_WHICH), ACT_PARAM_NEXT);
    assert_int_equal(keymap_in_params(ACT_UP), ACT_UP);
    assert_int_equal(keymap_in_params(ACT_UNDO), ACT_UNDO);
    assert_true(keymap_param_nudge("theta", 0.3, 0.01, 1) == 0.31);
    assert_true(keymap_param_nudge("theta", 0.995, 0.01, 1) == 1.0);
    assert_true(keymap_param_nudge("w", 0.5, 0.05, -1) == 0.45);
    assert_true(keymap_param_nudge("n", 10, 0.01, 1) == 11);
    assert_true(keymap_param_nudge("k", 10, 0.1, -1) == 9);
    assert_true(keymap_param_nudge("lambda", 3, 0.01, 1) == 3.1);
    assert_true(keymap_param_nudge("mu", 0, 0.01, -1) == -0.1);
    assert_true(keymap_param_nudge("sigma", 1, 0.1, 1) == 2);
}

/* The parameter keys' lines: `param` on the selected side, refused with a
 * reason when there is nothing to move. */
static void test_parameter_lines(void **state)
{
    struct session *s = *state;
    struct family *f;
    struct error err;
    assert_true(family_parse("binom 10 0.3", 1, &f, &err));
    struct keymap_ctx c = {.s = s, .which = WHICH_P, .step = 0.01,
                           .family = f, .param_which = WHICH_Q,
                           .param = 1};
    char line[128];
    const char *why;
    assert_true(keymap_line(ACT_PARAM_INC, &c, line, sizeof line, &why));
    assert_string_equal(line, "param q theta 0.31");
    assert_true(keymap_line(ACT_PARAM_DEC, &c, line, sizeof line, &why));
    assert_string_equal(line, "param q theta 0.29");
    c.param = 0;
    assert_true(keymap_line(ACT_PARAM_DEC, &c, line, sizeof line, &why));
    assert_string_equal(line, "param q n 9");
    assert_true(keymap_line(ACT_PARAM_NEXT, &c, line, sizeof line, &why));
    assert_string_equal(line, "view params next");
    assert_true(keymap_line(ACT_PARAMS, &c, line, sizeof line, &why));
    assert_string_equal(line, "view params toggle");
    assert_true(keymap_line(ACT_LIVE, &c, line, sizeof line, &why));
    assert_string_equal(line, "sample live toggle");
    assert_true(keymap_line(ACT_CODE, &c, line, sizeof line, &why));
    assert_string_equal(line, "view code toggle");
    family_free(f);
    assert_true(family_parse("poisson 3", 1, &f, &err));
    c.family = f;
    c.param = 1;   /* k, chosen by the tail */
    assert_false(keymap_line(ACT_PARAM_INC, &c, line, sizeof line, &why));
    assert_non_null(strstr(why, "k is chosen by the tail"));
    family_free(f);
    c.family = NULL;
    assert_false(keymap_line(ACT_PARAM_INC, &c, line, sizeof line, &why));
    assert_non_null(strstr(why, "no family to move"));
}

/* The status bar comes from the table: the README's 80-column line, and a
 * tour's keys first while one runs. */
static void test_status(void **state)
{
    (void)state;
    char line[512];
    keymap_status(KEYMAP_NO_TOUR, "<>", 80, line, sizeof line);
    assert_string_equal(line, " <> value  Tab P/Q  t tour  m measures  D grad"
                              "  : command  ? help  q quit");
    keymap_status(KEYMAP_TOUR, "<>", 80, line, sizeof line);
    assert_true(strncmp(line, " > next  < back  Esc end tour", 29) == 0);
    assert_null(strstr(line, "t tour"));
    keymap_status(KEYMAP_NO_TOUR, "<>", 400, line, sizeof line);
    const char *all[] = {"-+ step", "s swap", "a add", "x del", "U uniform",
                         "B base", "u undo", ", . alpha", "F fit",
                         "o sorted", "/ search", "v overview"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        assert_non_null(strstr(line, all[i]));
    assert_null(strstr(line, "Esc end tour"));
    keymap_status(KEYMAP_NO_TOUR, "<>", 10, line, sizeof line);
    assert_string_equal(line, " ? help");
}

/* The joint view's keys: the cell's lines, their limits, the help and
 * the status line that are the joint view's. */
static void test_joint_keys(void **state)
{
    struct session *s = *state;
    struct keymap_ctx c = {.s = s, .step = 0.01, .jrow = 0, .jcol = 1};
    char line[128];
    const char *why;
    assert_false(keymap_line(ACT_CELL_INC, &c, line, sizeof line, &why));
    assert_string_equal(why, "no joint table (hint: joint copy 3)");
    struct joint j;
    struct error err;
    joint_init(&j);
    assert_true(joint_from_values(&j, 2, 2,
                                  (const double[]){0.4, 0.1, 0.1, 0.4}, &err));
    session_set_joint(s, &j, "joint");
    assert_true(keymap_line(ACT_CELL_INC, &c, line, sizeof line, &why));
    assert_string_equal(line, "joint set #1 #2 0.11");
    assert_true(keymap_line(ACT_CELL_DEC, &c, line, sizeof line, &why));
    assert_string_equal(line, "joint set #1 #2 0.09");
    c.jcol = 0;   /* 0.4 by the step 0.01 */
    assert_true(keymap_line(ACT_CELL_INC, &c, line, sizeof line, &why));
    assert_string_equal(line, "joint set #1 #1 0.41");
    c.jcol = 1;
    assert_true(keymap_line(ACT_CELL_RIGHT, &c, line, sizeof line, &why));
    assert_string_equal(line, "cell right");
    assert_true(keymap_line(ACT_KL_MODE, &c, line, sizeof line, &why));
    assert_string_equal(line, "joint kl-mode");
    assert_true(keymap_line(ACT_JOINT_VIEW, &c, line, sizeof line, &why));
    assert_string_equal(line, "view joint toggle");
    assert_true(keymap_is_prompt(ACT_CELL_PROMPT));
    joint_init(&j);
    assert_true(joint_from_values(&j, 2, 2, (const double[]){0, 1, 0, 0},
                                  &err));
    session_set_joint(s, &j, "joint");
    assert_false(keymap_line(ACT_CELL_INC, &c, line, sizeof line, &why));
    assert_string_equal(why, "already at 1");
    c.jcol = 0;
    assert_false(keymap_line(ACT_CELL_DEC, &c, line, sizeof line, &why));
    assert_string_equal(why, "already at 0");
    keymap_cell_line(line, sizeof line, 1, 0, "0.25");
    assert_string_equal(line, "joint set #2 #1 0.25");
    assert_int_equal(keymap_action('J'), ACT_JOINT_VIEW);
    assert_int_equal(keymap_action('K'), ACT_KL_MODE);
    /* the joint view's status line has its keys, not P and Q's */
    keymap_status_joint("<>", 200, line, sizeof line);
    assert_non_null(strstr(line, "<> cell"));
    assert_non_null(strstr(line, "K kl-mode"));
    assert_null(strstr(line, "Tab P/Q"));
    keymap_status(KEYMAP_NO_TOUR, "<>", 200, line, sizeof line);
    assert_null(strstr(line, "K kl-mode"));
}

/* The help screen lists each key once, with the command it runs. */
static void test_help_screen(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    keymap_help_screen(&b);
    assert_non_null(strstr(b.s, "\n  PgUp/PgDn, b/Space scroll a page"));
    assert_non_null(strstr(b.s, "\n  u / Ctrl-R         undo / redo  "
                                ":undo, :redo\n"));
    assert_non_null(strstr(b.s, "\n  Tab                switch between "
                                "editing P and Q  :edit other\n"));
    const char *esc = strstr(b.s, "\n  Esc ");
    assert_non_null(esc);
    assert_null(strstr(esc + 1, "\n  Esc "));
    assert_non_null(strstr(b.s, ":view measures toggle"));
    assert_non_null(strstr(b.s, "\nCommands\n"));
    assert_non_null(strstr(b.s, "Reading the screen"));
    assert_non_null(strstr(b.s, "\nJoint tables\n"));
    assert_non_null(strstr(b.s, "  J                  joint view: "));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_help_lists_every_action_key),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_nudge),
        cmocka_unit_test(test_next_base),
        cmocka_unit_test_setup_teardown(test_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_teaching_commands, setup,
                                        teardown),
        cmocka_unit_test(test_alpha_cycle),
        cmocka_unit_test(test_set_lines),
        cmocka_unit_test(test_fresh_label),
        cmocka_unit_test_setup_teardown(test_every_key_is_a_command, setup,
                                        teardown),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_help_screen),
        cmocka_unit_test_setup_teardown(test_joint_keys, setup, teardown),
        cmocka_unit_test(test_parameter_keys),
        cmocka_unit_test_setup_teardown(test_parameter_lines, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
