/* Unit tests for core/alpha: reading, writing, stepping and naming the
 * orders of the Renyi divergence. */
#include "test_util.h"

#include <math.h>

#include "core/alpha.h"

static void test_parse_and_word(void **state)
{
    (void)state;
    struct error err;
    double a;
    assert_true(alpha_parse("0.5", &a, &err) && a == 0.5);
    assert_true(alpha_parse("inf", &a, &err) && isinf(a));
    assert_true(alpha_parse("max", &a, &err) && isinf(a));
    assert_false(alpha_parse("0", &a, &err));
    assert_non_null(strstr(err.msg, "the order must be > 0"));
    assert_false(alpha_parse("-1", &a, &err));
    assert_false(alpha_parse("0,5", &a, &err));
    char w[32];
    alpha_word(INFINITY, w, sizeof w);
    assert_string_equal(w, "inf");
    alpha_word(0.1, w, sizeof w);
    assert_string_equal(w, "0.1");
    /* what is written reads back */
    assert_true(alpha_parse(w, &a, &err) && a == 0.1);
}

static void test_step(void **state)
{
    (void)state;
    assert_true(alpha_step(0.5, 1) == 1);
    assert_true(isinf(alpha_step(2, 1)));
    assert_true(alpha_step(INFINITY, 1) == 0.5);
    assert_true(isinf(alpha_step(0.5, -1)));
    assert_true(alpha_step(3, -1) == 2);
    assert_true(alpha_step(0.25, 1) == 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_word),
        cmocka_unit_test(test_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
