/* Unit tests for core/gradient: the entry whose nudge lowers KL fastest,
 * the one rule the `grad` command and the explorer's gradient column
 * share. */
#include "test_util.h"

#include <math.h>

#include "core/gradient.h"

static void test_largest_that_can_move(void **state)
{
    (void)state;
    double g[] = {0.5, -2.0, 3.0, -1.0};
    double x[] = {0.2, 0.3, 0.0, 0.5};
    /* entry 3 has the largest |g| but is already 0 and would go down */
    assert_int_equal(gradient_best(g, x, 4), 1);
    x[1] = 1.0;   /* entry 2 is at 1 and would go up: the next one */
    assert_int_equal(gradient_best(g, x, 4), 3);
}

static void test_none(void **state)
{
    (void)state;
    double g[] = {0.0, NAN, 0.0};
    double x[] = {0.3, 0.3, 0.4};
    assert_int_equal(gradient_best(g, x, 3), 3);
    assert_int_equal(gradient_best(g, x, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_largest_that_can_move),
        cmocka_unit_test(test_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
