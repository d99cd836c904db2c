/* Unit tests for core/bar: eighths, mass bars and signed bars, ASCII and
 * Unicode, always exactly the promised number of cells. */
#include "test_util.h"

#include "core/bar.h"
#include "core/utf8.h"

static void test_eighths(void **state)
{
    (void)state;
    assert_int_equal(bar_eighths(0, 1, 10), 0);
    assert_int_equal(bar_eighths(1, 1, 10), 80);
    assert_int_equal(bar_eighths(0.5, 1, 10), 40);
    assert_int_equal(bar_eighths(0.25, 1, 1), 2);
    assert_int_equal(bar_eighths(1.0 / 16, 1, 10), 5);
    assert_int_equal(bar_eighths(0.3, 0.4, 10), 60);
    /* a nonzero value is always visible */
    assert_int_equal(bar_eighths(1e-300, 1, 10), 1);
    assert_int_equal(bar_eighths(1e-320, 1, 10), 1);
    assert_int_equal(bar_eighths(1, INFINITY, 10), 1);
    /* clamped, and nonsense gives nothing */
    assert_int_equal(bar_eighths(2, 1, 10), 80);
    assert_int_equal(bar_eighths(INFINITY, 1, 10), 80);
    assert_int_equal(bar_eighths(NAN, 1, 10), 0);
    assert_int_equal(bar_eighths(-0.5, 1, 10), 0);
    assert_int_equal(bar_eighths(0.5, 0, 10), 0);
    assert_int_equal(bar_eighths(0.5, NAN, 10), 0);
    assert_int_equal(bar_eighths(0.5, 1, 0), 0);
    assert_int_equal(bar_eighths(0.5, 1, -3), 0);
    /* monotone in v */
    int last = 0;
    for (int i = 0; i <= 1000; i++) {
        int e = bar_eighths(i / 1000.0, 1, 7);
        assert_true(e >= last && e <= 56);
        last = e;
    }
}

static char *mass(double v, double max, int width, bool unicode)
{
    struct buf b;
    buf_init(&b);
    bar_mass(&b, v, max, width, unicode);
    char *s = buf_take(&b);
    buf_free(&b);
    return s;
}

static char *signed_bar(double v, double max, int half, bool unicode)
{
    struct buf b;
    buf_init(&b);
    bar_signed(&b, v, max, half, unicode);
    char *s = buf_take(&b);
    buf_free(&b);
    return s;
}

static void expect(char *got, const char *want)
{
    assert_string_equal(got, want);
    free(got);
}

static void test_mass_ascii(void **state)
{
    (void)state;
    expect(mass(0.5, 1, 10, false), "#####     ");
    expect(mass(1, 1, 10, false), "##########");
    expect(mass(0, 1, 10, false), "          ");
    expect(mass(1e-9, 1, 10, false), "#         ");   /* visible */
    expect(mass(0.04, 1, 10, false), "#         ");
    expect(mass(0.16, 1, 10, false), "##        ");
    expect(mass(0.3, 0.4, 4, false), "### ");
}

/* One cell is a round amount, so whole-cell bars stay in proportion. */
static void test_cell_scale(void **state)
{
    (void)state;
    assert_true(fabs(bar_cell_scale(0.4, 6) - 0.6) < 1e-12);
    assert_true(fabs(bar_cell_scale(0.4, 4) - 0.4) < 1e-12);
    assert_true(fabs(bar_cell_scale(0.9, 4) - 1.0) < 1e-12);
    assert_true(fabs(bar_cell_scale(0.5, 20) - 0.5) < 1e-12);
    assert_true(fabs(bar_cell_scale(0.3, 7) - 0.35) < 1e-12);
    /* never below max, at most twice it */
    for (int w = 1; w < 40; w++)
        for (double m = 1e-7; m < 10; m *= 1.37) {
            double s = bar_cell_scale(m, w);
            assert_true(s >= m * (1 - 1e-12) && s <= 2 * m * (1 + 1e-12));
        }
    assert_true(bar_cell_scale(0, 5) == 0);
}

static void test_mass_unicode(void **state)
{
    (void)state;
    expect(mass(0.5, 1, 10, true),
           "\u2588\u2588\u2588\u2588\u2588     ");
    expect(mass(1.0 / 16, 1, 10, true), "\u258B         ");   /* 5/8 */
    expect(mass(1e-9, 1, 4, true), "\u258F   ");             /* 1/8 */
    expect(mass(0.5 + 1.0 / 80, 1, 10, true),
           "\u2588\u2588\u2588\u2588\u2588\u258F    ");
    expect(mass(1, 1, 3, true), "\u2588\u2588\u2588");
    expect(mass(0, 1, 3, true), "   ");
}

static void test_signed_ascii(void **state)
{
    (void)state;
    expect(signed_bar(0.5, 1, 4, false), "    |++  ");
    expect(signed_bar(-0.5, 1, 4, false), "  --|    ");
    expect(signed_bar(1, 1, 4, false), "    |++++");
    expect(signed_bar(-1, 1, 4, false), "----|    ");
    expect(signed_bar(0, 1, 4, false), "    |    ");
    expect(signed_bar(1e-12, 1, 4, false), "    |+   ");
    expect(signed_bar(-1e-12, 1, 4, false), "   -|    ");
    expect(signed_bar(INFINITY, 1, 4, false), "    |+++>");
    expect(signed_bar(-INFINITY, 1, 4, false), "----|    ");
    expect(signed_bar(2, 1, 3, false), "   |+++");
}

static void test_signed_unicode(void **state)
{
    (void)state;
    expect(signed_bar(0.5, 1, 4, true), "    \u2502\u2588\u2588  ");
    expect(signed_bar(-0.5, 1, 4, true), "  \u2592\u2592\u2502    ");
    expect(signed_bar(INFINITY, 1, 3, true),
           "   \u2502\u2588\u2588\u25B6");
    expect(signed_bar(1.0 / 32, 1, 4, true), "    \u2502\u258F   ");
}

static void test_widths_random(void **state)
{
    (void)state;
    struct test_rng r = {12};
    for (int i = 0; i < 20000; i++) {
        int width = 1 + (int)rng_below(&r, 30);
        double max = rng_uniform(&r) * 10;
        double v = (rng_uniform(&r) - 0.5) * 3 * max;
        if (i % 50 == 0)
            v = i % 100 ? INFINITY : -INFINITY;
        bool uni = rng_below(&r, 2);
        char *m = mass(v, max, width, uni);
        assert_int_equal(utf8_width(m), width);
        free(m);
        char *s = signed_bar(v, max, width, uni);
        assert_int_equal(utf8_width(s), 2 * width + 1);
        /* the sign is readable without color: ASCII glyphs differ */
        if (!uni && v < 0)
            assert_null(strchr(s, '+'));
        if (!uni && v > 0)
            assert_null(strchr(s, '-'));
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eighths),
        cmocka_unit_test(test_mass_ascii),
        cmocka_unit_test(test_cell_scale),
        cmocka_unit_test(test_mass_unicode),
        cmocka_unit_test(test_signed_ascii),
        cmocka_unit_test(test_signed_unicode),
        cmocka_unit_test(test_widths_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
