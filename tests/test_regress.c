/* test_regress: one test per defect found by hardening (issue 6): the bad-
 * input matrix, the fuzzers and the limits review. Each test names what
 * went wrong, so that a failure here says which old bug came back. */
#include "test_util.h"

#include <fcntl.h>

#include "dist.h"
#include "error.h"
#include "session.h"
#include "command.h"
#include "table.h"

static bool all_finite_sum1(const double *p, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(p[i]) || p[i] < 0)
            return false;
        s += p[i];
    }
    return fabs(s - 1.0) <= 1e-12;
}

/* `p 1 1e-320` then `set p 1 0`: the others' mass is subnormal, and
 * (1 - v) / rest overflowed to inf, so P became [0, inf] and KL NaN. */
static void test_set_with_subnormal_rest(void **state)
{
    (void)state;
    double p[2] = {1.0, 1e-320};
    struct error err;
    assert_true(dist_set_into(p, p, 2, 0, 0.0, "P", &err));
    assert_true(all_finite_sum1(p, 2));
    assert_close(p[1], 1.0, 0, 0);

    double q[3] = {1.0, 4e-323, 1e-323};
    assert_true(dist_set_into(q, q, 3, 0, 0.5, "Q", &err));
    assert_true(all_finite_sum1(q, 3));
    assert_close(q[1], 0.4, 1e-15, 0);
}

/* Error messages quote user input; a file with an escape sequence in a
 * number or header printed that sequence to the terminal. */
static void test_error_messages_are_clean(void **state)
{
    (void)state;
    struct error err;
    error_set(&err, "bad '%s'", "\x1b[31mred\x07 \xff\xc0\xaf ok \xc3\xa9");
    assert_string_equal(err.msg, "bad '?[31mred? ??? ok \xc3\xa9'");
    error_prefix(&err, "file\x1b]0;x");
    assert_string_equal(err.msg,
                        "file?]0;x: bad '?[31mred? ??? ok \xc3\xa9'");
    /* C1 controls (U+009B is CSI) and a sequence cut by truncation. */
    error_set(&err, "%s", "a\xc2\x9b" "b\xe2\x82");
    assert_string_equal(err.msg, "a??b??");
}

/* `klx /dev/zero` read forever (until out of memory) before parsing. */
static void test_load_stops_at_binary(void **state)
{
    (void)state;
    struct table t;
    struct error err;
    table_init(&t);
    if (access("/dev/zero", R_OK) != 0)
        skip();
    assert_false(table_load_progress("/dev/zero", &t, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "/dev/zero:1:1: NUL byte"));
    assert_int_equal(t.n, 0);
}

/* A PNG's first line was read as a header and its bytes echoed raw in
 * "unknown column '\x89PNG'". */
static void test_binary_header_says_binary(void **state)
{
    (void)state;
    static const char png[] = "\x89PNG\r\n\x1a\n";
    struct table t;
    struct error err;
    table_init(&t);
    assert_false(table_parse(png, sizeof png - 1, "x.png", &t, NULL, &err));
    assert_non_null(strstr(err.msg, "x.png:1:1: byte 0x89 is not text"));
    assert_non_null(strstr(err.msg, "binary"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_with_subnormal_rest),
        cmocka_unit_test(test_error_messages_are_clean),
        cmocka_unit_test(test_load_stops_at_binary),
        cmocka_unit_test(test_binary_header_says_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
