/* Unit tests for core/export: labels reach Markdown and SVG as text, never
 * as markup, and never as what the format forbids. */
#include "test_util.h"

#include <math.h>

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

/* How many times `needle` occurs in `hay`. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A sweep's chart as SVG: both curves in their colours (the second
 * dashed), a legend, axes with ticks, the minima circled and printed, an
 * infinite stretch left out of its line and marked, and labels as text. */
static void test_sweep_svg(void **state)
{
    struct fixture *f = *state;
    static const double x[] = {0, 0.25, 0.5, 0.75, 1};
    static const double a[] = {4, 1, 0.5, 2, 3};
    const double b[] = {INFINITY, 3, 2, 0.25, 1};
    struct sweep_curves c = {"q.<w>", "KL(P||Q)", "KL(Q||P)", "nats", x, a,
                             b, 5, false};
    buf_reset(&f->out);
    export_sweep_render(&c, EXPORT_SVG, 80, &f->out);
    const char *s = f->out.s;
    assert_non_null(strstr(s, "<svg "));
    assert_non_null(strstr(s, "</svg>\n"));
    assert_int_equal(count(s, "<polyline"), 2);   /* b: one finite stretch */
    assert_int_equal(count(s, "stroke=\"#1f77b4\" stroke-width=\"2\""
                              " points="), 1);
    assert_int_equal(count(s, "stroke-dasharray=\"6 4\" points="), 1);
    assert_int_equal(count(s, "<circle"), 2);
    assert_int_equal(count(s, ">inf</text>"), 1);
    assert_non_null(strstr(s, "KL(P||Q) (nats)</text>"));   /* legend */
    assert_non_null(strstr(s, "min KL(P||Q) = 0.500000 nats at q.&lt;w&gt; "
                              "= 0.500000</text>"));
    assert_non_null(strstr(s, "min KL(Q||P) = 0.250000 nats at q.&lt;w&gt; "
                              "= 0.750000</text>"));
    /* five x ticks, the axis title, the inf mark */
    assert_int_equal(count(s, "text-anchor=\"middle\">"), 5 + 1 + 1);
    assert_null(strstr(s, "q.<w>"));
    /* a's minimum at x = 0.5, y = 0.5 of 4: circled there */
    assert_non_null(strstr(s, "<circle cx=\"388.00\" cy=\"308.00\""));
}

/* As text: what `sweep` prints after its first line, under a title; and
 * only .svg and .txt are sweep formats. */
static void test_sweep_text_and_formats(void **state)
{
    struct fixture *f = *state;
    static const double x[] = {1, 2, 3};
    static const double a[] = {1, 0, 1}, b[] = {2, 1, 0};
    struct sweep_curves c = {"p.theta", "KL(P||Q)", "KL(Q||P)", "bits", x, a,
                             b, 3, false};
    buf_reset(&f->out);
    export_sweep_render(&c, EXPORT_TEXT, 60, &f->out);
    struct buf want;
    buf_init(&want);
    buf_append(&want, "KL(P||Q) and KL(Q||P) (bits) over p.theta\n");
    sweep_report(&c, 60, &want);
    assert_string_equal(f->out.s, want.s);
    buf_free(&want);
    assert_non_null(strstr(f->out.s, "min KL(P||Q) = 0 bits at p.theta = "
                                     "2.000000\n"));
    struct error err;
    assert_true(export_sweep_format("a.svg", &err));
    assert_true(export_sweep_format("a.txt", &err));
    assert_false(export_sweep_format("a.md", &err));
    assert_non_null(strstr(err.msg, "exports as .svg or .txt"));
    assert_false(export_sweep_format("a.png", &err));
    assert_non_null(strstr(err.msg, "unknown export format"));
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_markdown_escapes_labels),
        T(test_svg_forbidden_code_points),
        T(test_markdown_one_notation_per_column),
        T(test_sweep_svg),
        T(test_sweep_text_and_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
