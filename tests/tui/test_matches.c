/* Unit tests for tui/matches: completion candidates in columns, paged. */
#include "../test_util.h"

#include "matches.h"

static const char *names[] = {
    "alpha", "base", "clear", "find", "fit", "help", "json", "kl",
    "labels", "load", "measures", "normalize", "p", "presets", "q",
    "quit", "redo", "report", "save", "set", "show", "smooth", "sweep",
    "terms", "top", "tour", "undo", "uniform", "view",
};
enum { N = sizeof names / sizeof *names };

static int lines_of(const char *s, int width)
{
    int n = 0;
    for (const char *l = s; *l; n++) {
        size_t len = strcspn(l, "\n");
        if ((int)len > width)
            fail_msg("line wider than %d: \"%.*s\"", width, (int)len, l);
        l += len + (l[len] == '\n');
    }
    return n;
}

/* Every candidate appears, as a whole word, in columns. */
static void test_all_fit_in_columns(void **state)
{
    (void)state;
    struct matches m;
    matches_init(&m);
    matches_set(&m, names, N);
    struct buf b;
    buf_init(&b);
    int rows = matches_render(&m, 80, 10, &b);
    assert_int_equal(rows, lines_of(b.s, 80));
    assert_true(rows <= 10 && rows >= 3);
    for (size_t i = 0; i < N; i++) {
        char word[32];
        snprintf(word, sizeof word, "%s ", names[i]);
        char end[32];
        snprintf(end, sizeof end, "%s\n", names[i]);
        if (!strstr(b.s, word) && !strstr(b.s, end))
            fail_msg("\"%s\" is not shown:\n%s", names[i], b.s);
    }
    assert_null(strstr(b.s, "Tab shows more"));
    /* down then across: the first column starts alpha, base, clear */
    assert_true(strncmp(b.s, "alpha ", 6) == 0);
    buf_free(&b);
    matches_free(&m);
}

/* Too many for the rows: a page and a line that says so; Tab again (the
 * same list) turns the page, and the pages together show them all. */
static void test_pages(void **state)
{
    (void)state;
    struct matches m;
    matches_init(&m);
    struct buf all;
    buf_init(&all);
    for (int page = 0; page < 5; page++) {   /* 29 names, 6 a page */
        matches_set(&m, names, N);
        struct buf b;
        buf_init(&b);
        int rows = matches_render(&m, 30, 4, &b);
        assert_int_equal(rows, lines_of(b.s, 30));
        assert_true(rows <= 4);
        assert_non_null(strstr(b.s, "Tab shows more"));
        buf_append(&all, b.s);
        buf_free(&b);
    }
    for (size_t i = 0; i < N; i++)
        if (!strstr(all.s, names[i]))
            fail_msg("\"%s\" is on no page:\n%s", names[i], all.s);
    /* another list starts at its first page */
    const char *other[] = {"p", "q"};
    matches_set(&m, other, 2);
    assert_int_equal(m.page, 0);
    buf_free(&all);
    matches_free(&m);
}

/* A candidate wider than the line is cut and says so. */
static void test_narrow(void **state)
{
    (void)state;
    const char *wide[] = {"a-very-long-label-name", "b"};
    struct matches m;
    matches_init(&m);
    matches_set(&m, wide, 2);
    struct buf b;
    buf_init(&b);
    int rows = matches_render(&m, 10, 5, &b);
    assert_int_equal(rows, 2);
    assert_int_equal(lines_of(b.s, 10), 2);
    assert_non_null(strstr(b.s, "a-very-lo~\n"));
    buf_free(&b);
    matches_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_fit_in_columns),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_narrow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
