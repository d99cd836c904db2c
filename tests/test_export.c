/* Unit tests for core/export: labels reach Markdown and SVG as text, never
 * as markup, and never as what the format forbids. */
#include "test_util.h"

#include "core/export.h"
#include "core/session.h"

struct fixture {
    struct session s;
    struct buf out;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);   /* the seed: a, b, c, d */
    buf_init(&f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    buf_free(&f->out);
    session_free(&f->s);
    free(f);
    return 0;
}

static void render(struct fixture *f, enum export_format fmt)
{
    buf_reset(&f->out);
    export_render(&f->s, fmt, 80, false, &f->out);
}

/* Markdown: '|' would end the cell, '<' and '&' start HTML, a backtick a
 * code span, a backslash an escape; a label of backticks cannot close the
 * code block of the report. */
static void test_markdown_escapes_labels(void **state)
{
    struct fixture *f = *state;
    table_set_label(&f->s.table, 0, "<b>x</b>");
    table_set_label(&f->s.table, 1, "a&b|c");
    table_set_label(&f->s.table, 2, "`code`\\");
    table_set_label(&f->s.table, 3, "````");
    render(f, EXPORT_MARKDOWN);
    const char *o = f->out.s;
    assert_contains(o, "| &lt;b&gt;x&lt;/b&gt; | 0.100000 |");
    assert_contains(o, "| a&amp;b\\|c | 0.200000 |");
    assert_contains(o, "| &#96;code&#96;&#92; | 0.300000 |");
    assert_contains(o, "| &#96;&#96;&#96;&#96; | 0.400000 |");
    /* the report's fence is longer than the label's run of 4; inside it
     * (and only there) labels are as they are */
    const char *fence = strstr(o, "\n`````\n");
    assert_non_null(fence);
    assert_int_equal(test_count(o, "`````\n"), 2);
    assert_true(strstr(o, "<b>") > fence);
}

/* SVG: markup is escaped, and code points XML forbids (U+FFFE, U+FFFF)
 * become U+FFFD, so that every export parses. */
static void test_svg_forbidden_code_points(void **state)
{
    struct fixture *f = *state;
    table_set_label(&f->s.table, 0, "a\xef\xbf\xbf" "b");
    table_set_label(&f->s.table, 1, "\xef\xbf\xbe");
    table_set_label(&f->s.table, 2, "<&\">");
    table_set_label(&f->s.table, 3, "\xf0\x9f\x98\x80 \xe2\x82\xac");
    render(f, EXPORT_SVG);
    const char *o = f->out.s;
    assert_not_contains(o, "\xef\xbf\xbf");
    assert_not_contains(o, "\xef\xbf\xbe");
    assert_contains(o, ">a\xef\xbf\xbd" "b</text>");
    assert_contains(o, ">\xef\xbf\xbd</text>");
    assert_contains(o, ">&lt;&amp;&quot;&gt;</text>");
    /* what XML allows passes unchanged */
    assert_contains(o, ">\xf0\x9f\x98\x80 \xe2\x82\xac</text>");
}

/* The Markdown table's columns are in one notation each. */
static void test_markdown_one_notation_per_column(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.000002, 0.3, 0.4, 0.299998};
    const double q[] = {4.2e-7, 0.0000012, 0.5, 0.4999984};
    struct error err;
    assert_true(session_set_both(&f->s, NULL, p, q, 4, NULL, &err));
    render(f, EXPORT_MARKDOWN);
    assert_null(strstr(f->out.s, "| 0.000002 |"));
    assert_non_null(strstr(f->out.s, "| 2.000e-06 | 4.200e-07 |"));
    assert_non_null(strstr(f->out.s, "| 3.000e-01 | 1.200e-06 |"));
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_markdown_escapes_labels),
        T(test_svg_forbidden_code_points),
        T(test_markdown_one_notation_per_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
