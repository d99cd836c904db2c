/* Unit tests for core/column: one number format per column, chosen from
 * the column's values. */
#include "test_util.h"

#include "core/column.h"
#include "core/num.h"

static const char *put(const struct column *c, double v)
{
    static char buf[8][NUM_BUF];
    static int k;
    k = (k + 1) % 8;
    return column_put(c, buf[k], sizeof buf[k], v);
}

static void test_ordinary_values_keep_six_decimals(void **state)
{
    (void)state;
    const double v[] = {0.126851, 0.5, 0.25, 0.123149};
    struct column c;
    column_pick(&c, v, 4, 8, 6, false);
    assert_false(c.sci);
    assert_string_equal(put(&c, 0.126851), "0.126851");
    assert_string_equal(put(&c, 0.5), "0.500000");
    assert_string_equal(put(&c, 0.0), "0");
}

/* The column: 0.000002 beside 4.2e-07 is one column in two
 * notations; 1.2e-06 as 0.000001 hides a digit. */
static void test_tiny_values_make_the_whole_column_scientific(void **state)
{
    (void)state;
    const double v[] = {2e-6, 4.2e-7, 0.3};
    struct column c;
    column_pick(&c, v, 3, 8, 6, false);
    assert_true(c.sci);
    assert_string_equal(put(&c, 2e-6), "2.00e-06");
    assert_string_equal(put(&c, 4.2e-7), "4.20e-07");
    assert_string_equal(put(&c, 0.3), "3.00e-01");
    const double top[] = {1.2e-6, 0.25};
    column_pick(&c, top, 2, 10, 6, false);
    assert_true(c.sci);
    assert_string_equal(put(&c, 1.2e-6), "1.200e-06");
}

static void test_more_decimals_when_they_fit(void **state)
{
    (void)state;
    /* 0.0005 at four decimals has one significant digit; five fit. */
    const double v[] = {0.0005, 0.4};
    struct column c;
    column_pick(&c, v, 2, 8, 4, false);
    assert_false(c.sci);
    assert_string_equal(put(&c, 0.0005), "0.00050");
    assert_string_equal(put(&c, 0.4), "0.40000");
}

static void test_values_are_told_apart(void **state)
{
    (void)state;
    const double v[] = {0.1234561, 0.1234564, 0.5};
    struct column c;
    column_pick(&c, v, 3, 10, 6, false);
    assert_false(c.sci);
    assert_string_not_equal(put(&c, v[0]), put(&c, v[1]));
    /* No room for a seventh decimal: the six that fit, not scientific. */
    column_pick(&c, v, 3, 8, 6, false);
    assert_false(c.sci);
    assert_int_equal(c.digits, 6);
}

static void test_signs_count_in_the_width(void **state)
{
    (void)state;
    const double v[] = {-0.069315, 0.081093, INFINITY};
    struct column c;
    column_pick(&c, v, 3, 9, 6, true);
    assert_false(c.sci);
    assert_string_equal(put(&c, -0.069315), "-0.069315");
    assert_string_equal(put(&c, 0.081093), "+0.081093");
    assert_string_equal(put(&c, INFINITY), "+inf");
    assert_string_equal(put(&c, -0.0), "0");
    const double big[] = {12345678.0, 0.5};
    column_pick(&c, big, 2, 9, 6, false);
    assert_true(c.sci);
    assert_true(strlen(put(&c, 12345678.0)) <= 9);
}

static void test_every_cell_fits_and_one_notation(void **state)
{
    (void)state;
    const double v[] = {1e-300, 0.5, -3e-9, 7.0, 0, NAN};
    struct column c;
    column_pick(&c, v, 6, 9, 6, false);
    assert_true(c.sci);
    for (size_t i = 0; i < 4; i++)
        assert_true(strlen(put(&c, v[i])) <= 9);
    assert_string_equal(put(&c, NAN), "nan");
}

static void test_empty_and_all_zero_columns(void **state)
{
    (void)state;
    struct column c;
    column_pick(&c, NULL, 0, 8, 6, false);
    assert_string_equal(put(&c, 0.0), "0");
    const double z[] = {0, 0};
    column_pick(&c, z, 2, 8, 6, false);
    assert_false(c.sci);
    assert_string_equal(put(&c, 0.0), "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordinary_values_keep_six_decimals),
        cmocka_unit_test(test_tiny_values_make_the_whole_column_scientific),
        cmocka_unit_test(test_more_decimals_when_they_fit),
        cmocka_unit_test(test_values_are_told_apart),
        cmocka_unit_test(test_signs_count_in_the_width),
        cmocka_unit_test(test_every_cell_fits_and_one_notation),
        cmocka_unit_test(test_empty_and_all_zero_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
