/* Unit tests for core/command_view: the explorer's view commands are
 * parsed and checked here and handed to the explorer as one request; bad
 * arguments fail and reach nobody; without an explorer they say so. */
#include "test_util.h"

#include "core/command.h"
#include "core/session.h"

struct fixture {
    struct session s;
    struct command c;
    struct buf out;
    struct error err;
    struct view_request got;   /* the last request the hook saw */
    char text[64];             /* its text, copied */
    int calls;
    bool refuse;               /* the hook fails */
};

static bool hook(void *ctx, const struct view_request *r, struct buf *out,
                 struct error *err)
{
    struct fixture *f = ctx;
    f->calls++;
    f->got = *r;
    snprintf(f->text, sizeof f->text, "%s", r->text ? r->text : "");
    f->got.text = NULL;
    if (f->refuse)
        return error_set(err, "refused");
    buf_append(out, "done\n");
    return true;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    command_init(&f->c, &f->s);
    f->c.view_hook = hook;
    f->c.view_ctx = f;
    buf_init(&f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    command_free(&f->c);
    session_free(&f->s);
    buf_free(&f->out);
    free(f);
    return 0;
}

static enum cmd_status run(struct fixture *f, const char *line)
{
    buf_reset(&f->out);
    f->err.msg[0] = '\0';
    f->calls = 0;
    memset(&f->got, 0xff, sizeof f->got);
    return command_run(&f->c, line, &f->out, &f->err);
}

/* The line reaches the explorer as exactly this request. */
static void asks(struct fixture *f, const char *line, enum view_verb verb,
                 enum view_how how)
{
    if (run(f, line) != CMD_OK)
        fail_msg("`%s` failed: %s", line, f->err.msg);
    assert_int_equal(f->calls, 1);
    assert_int_equal(f->got.verb, verb);
    assert_int_equal(f->got.how, how);
    assert_string_equal(f->out.s, "done\n");
}

/* The line fails with this message and the explorer never hears of it. */
static void refused(struct fixture *f, const char *line, const char *msg)
{
    if (run(f, line) != CMD_ERROR)
        fail_msg("`%s` did not fail", line);
    assert_int_equal(f->calls, 0);
    if (!strstr(f->err.msg, msg))
        fail_msg("`%s`: \"%s\" does not say \"%s\"", line, f->err.msg, msg);
}

static void test_select(void **state)
{
    struct fixture *f = *state;
    asks(f, "select up", VIEW_SELECT, VIEW_ROWS);
    assert_int_equal(f->got.delta, -1);
    asks(f, "select down", VIEW_SELECT, VIEW_ROWS);
    assert_int_equal(f->got.delta, 1);
    asks(f, "select pageup", VIEW_SELECT, VIEW_PAGES);
    assert_int_equal(f->got.delta, -1);
    asks(f, "select pagedown", VIEW_SELECT, VIEW_PAGES);
    assert_int_equal(f->got.delta, 1);
    asks(f, "select first", VIEW_SELECT, VIEW_FIRST);
    asks(f, "select last", VIEW_SELECT, VIEW_LAST);
    asks(f, "select 3", VIEW_SELECT, VIEW_ENTRY);
    assert_int_equal(f->got.index, 2);
    asks(f, "select d", VIEW_SELECT, VIEW_ENTRY);   /* a label */
    assert_int_equal(f->got.index, 3);
    refused(f, "select 9", "is not up, down, pageup, pagedown, first, last "
            "or an entry");
    refused(f, "select", "missing arguments");
    refused(f, "select up down", "too many arguments");
}

static void test_edit_and_step(void **state)
{
    struct fixture *f = *state;
    asks(f, "edit p", VIEW_EDIT, VIEW_P);
    asks(f, "edit Q", VIEW_EDIT, VIEW_Q);
    asks(f, "edit other", VIEW_EDIT, VIEW_TOGGLE);
    refused(f, "edit r", "'r' is not p, q or other");
    asks(f, "step +", VIEW_STEP, VIEW_ROWS);
    assert_int_equal(f->got.delta, 1);
    asks(f, "step -", VIEW_STEP, VIEW_ROWS);
    assert_int_equal(f->got.delta, -1);
    asks(f, "step 0.05", VIEW_STEP, VIEW_VALUE);
    assert_close(f->got.value, 0.05, 0, 0);
    asks(f, "step 1", VIEW_STEP, VIEW_VALUE);
    refused(f, "step 0", "the step must be > 0 and at most 1");
    refused(f, "step 2", "the step must be > 0 and at most 1");
    refused(f, "step -0.1", "the step must be > 0");
    refused(f, "step 0,5", "decimal comma");
    refused(f, "step x", "not a number");
}

/* The compact totals panel: on, off, toggle or auto, typed as its key
 * runs it. */
static void test_view_compact(void **state)
{
    struct fixture *f = *state;
    asks(f, "view compact", VIEW_COMPACT, VIEW_TOGGLE);
    asks(f, "view compact toggle", VIEW_COMPACT, VIEW_TOGGLE);
    asks(f, "view compact on", VIEW_COMPACT, VIEW_ON);
    asks(f, "view compact off", VIEW_COMPACT, VIEW_OFF);
    asks(f, "view compact auto", VIEW_COMPACT, VIEW_AUTO);
    refused(f, "view compact small", "'small' is not on, off, auto or toggle");
    refused(f, "view compact on off", "too many");
}

static void test_view(void **state)
{
    struct fixture *f = *state;
    asks(f, "view measures", VIEW_MEASURES, VIEW_ON);
    asks(f, "view measures toggle", VIEW_MEASURES, VIEW_TOGGLE);
    asks(f, "view measures off", VIEW_MEASURES, VIEW_OFF);
    asks(f, "view totals", VIEW_MEASURES, VIEW_OFF);
    asks(f, "view sorted", VIEW_SORTED, VIEW_TOGGLE);
    asks(f, "view sorted forward", VIEW_SORTED, VIEW_FORWARD);
    asks(f, "view sorted reverse", VIEW_SORTED, VIEW_REVERSE);
    asks(f, "view sorted off", VIEW_SORTED, VIEW_OFF);
    asks(f, "view grad next", VIEW_GRAD, VIEW_TOGGLE);
    asks(f, "view grad pq", VIEW_GRAD, VIEW_FORWARD);
    asks(f, "view overview", VIEW_OVERVIEW, VIEW_TOGGLE);
    asks(f, "view overview on", VIEW_OVERVIEW, VIEW_ON);
    asks(f, "view help", VIEW_HELP, f->got.how);
    asks(f, "view redraw", VIEW_REDRAW, f->got.how);
    refused(f, "view", "missing arguments");
    refused(f, "view colours", "'colours' is not measures, totals, sorted");
    refused(f, "view sorted sideways", "'sideways' is not off, forward, "
            "reverse or next");
    refused(f, "view overview maybe", "'maybe' is not on, off or toggle");
    refused(f, "view totals on", "too many arguments");
    refused(f, "view help me", "too many arguments");
}

/* The joint view and its cell: `view joint` is on by default (the name
 * the mutual-information lesson calls). */
static void test_view_joint_and_cell(void **state)
{
    struct fixture *f = *state;
    asks(f, "view joint", VIEW_JOINT, VIEW_ON);
    asks(f, "view joint off", VIEW_JOINT, VIEW_OFF);
    asks(f, "view joint toggle", VIEW_JOINT, VIEW_TOGGLE);
    refused(f, "view joint sideways", "'sideways' is not on, off or toggle");
    refused(f, "view joint on off", "too many");
    asks(f, "cell up", VIEW_CELL, VIEW_ROWS);
    assert_int_equal(f->got.delta, -1);
    asks(f, "cell down", VIEW_CELL, VIEW_ROWS);
    assert_int_equal(f->got.delta, 1);
    asks(f, "cell left", VIEW_CELL, VIEW_COLS);
    assert_int_equal(f->got.delta, -1);
    asks(f, "cell right", VIEW_CELL, VIEW_COLS);
    assert_int_equal(f->got.delta, 1);
    asks(f, "cell first", VIEW_CELL, VIEW_FIRST);
    asks(f, "cell last", VIEW_CELL, VIEW_LAST);
    refused(f, "cell", "missing arguments");
    refused(f, "cell up down", "too many arguments");
    refused(f, "cell 3", "'3' is not up, down, left, right, first or last");
}

static void test_search_and_mouse(void **state)
{
    struct fixture *f = *state;
    asks(f, "search ab", VIEW_SEARCH, VIEW_VALUE);
    assert_string_equal(f->text, "ab");
    /* the text as typed, spaces inside kept */
    asks(f, "search  two  words ", VIEW_SEARCH, VIEW_VALUE);
    assert_string_equal(f->text, "two  words");
    asks(f, "search next", VIEW_SEARCH, VIEW_ROWS);
    assert_int_equal(f->got.delta, 1);
    asks(f, "search prev", VIEW_SEARCH, VIEW_ROWS);
    assert_int_equal(f->got.delta, -1);
    /* quoted, the keywords are text */
    asks(f, "search \"next\"", VIEW_SEARCH, VIEW_VALUE);
    assert_string_equal(f->text, "next");
    refused(f, "search", "missing arguments");
    asks(f, "mouse", VIEW_MOUSE, VIEW_TOGGLE);
    asks(f, "mouse on", VIEW_MOUSE, VIEW_ON);
    asks(f, "mouse off", VIEW_MOUSE, VIEW_OFF);
    refused(f, "mouse sideways", "'sideways' is not on, off or toggle");
}

/* The explorer's refusal is the command's error. */
static void test_hook_error(void **state)
{
    struct fixture *f = *state;
    f->refuse = true;
    assert_int_equal(run(f, "search zz"), CMD_ERROR);
    assert_string_equal(f->err.msg, "search: refused");
}

/* Without an explorer (the REPL) a view command changes nothing and says
 * where it applies; a bad one is still an error. */
static void test_without_explorer(void **state)
{
    struct fixture *f = *state;
    f->c.view_hook = NULL;
    const char *lines[] = {"select 2", "edit q", "step 0.1", "view measures",
                           "search a", "mouse off"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        assert_int_equal(run(f, lines[i]), CMD_OK);
        assert_int_equal(f->calls, 0);
        assert_non_null(strstr(f->out.s, "explorer"));
        assert_non_null(strstr(f->out.s, "nothing changed"));
    }
    assert_int_equal(run(f, "edit r"), CMD_ERROR);
    assert_int_equal(f->s.undo.n, 0);
}

/* They are in `help`, with their own heading, and complete. */
static void test_help_and_completion(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    assert_true(command_help(NULL, &b));
    assert_non_null(strstr(b.s, "the explorer's view"));
    assert_non_null(strstr(b.s, "view measures|totals|sorted"));
    buf_reset(&b);
    assert_true(command_help("search", &b));
    assert_non_null(strstr(b.s, "search TEXT|next|prev"));
    buf_free(&b);

    struct words w;
    words_init(&w);
    command_complete("vi", 0, "vi", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "view");
    command_complete("view so", 5, "so", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "sorted");
    command_complete("view sorted re", 12, "re", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "reverse");
    command_complete("select pa", 7, "pa", &w);
    assert_int_equal(w.n, 2);
    words_free(&w);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_select),
        T(test_edit_and_step),
        T(test_view),
        T(test_view_compact),
        T(test_view_joint_and_cell),
        T(test_search_and_mouse),
        T(test_hook_error),
        T(test_without_explorer),
        T(test_help_and_completion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
