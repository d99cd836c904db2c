/* Unit tests for core/dist: normalization, dist_set_into, uniform, sums. */
#include "test_util.h"

#include <float.h>

#include "core/dist.h"
#include "core/divergence.h"

static void test_normalize_weights(void **state)
{
    (void)state;
    double v[] = {1, 2, 3, 4};
    double sum = 0;
    struct error err;
    assert_true(dist_normalize_lost(v, 4, "P", &sum, NULL, &err));
    assert_same_double(sum, 10.0);
    assert_same_double(v[0], 0.1);
    assert_same_double(v[1], 0.2);
    assert_same_double(v[2], 0.3);
    assert_same_double(v[3], 0.4);
    assert_close(dist_sum(v, 4), 1.0, 0, 2 * DBL_EPSILON);
}

static void test_normalize_already_one(void **state)
{
    (void)state;
    /* a sum of exactly 1 leaves the values bit for bit */
    double v[] = {0.25, 0.25, 0.5};
    double sum = 0;
    assert_true(dist_normalize_lost(v, 3, "P", &sum, NULL, NULL));
    assert_same_double(sum, 1.0);
    assert_same_double(v[0], 0.25);
    assert_same_double(v[2], 0.5);
}

static void test_normalize_idempotent(void **state)
{
    (void)state;
    /* Values that are a distribution up to rounding are kept bit for bit
     * (sum reported as 1), so normalizing twice changes nothing. */
    double third[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    double sum = 0;
    assert_true(dist_normalize_lost(third, 3, "P", &sum, NULL, NULL));
    assert_same_double(sum, 1.0);
    assert_same_double(third[0], 1.0 / 3);
    double below[] = {0.5, nextafter(0.5, 0)};
    assert_true(dist_normalize_lost(below, 2, "P", &sum, NULL, NULL));
    assert_same_double(sum, 1.0);
    assert_same_double(below[1], nextafter(0.5, 0));
    /* but a sum that is off by more than rounding is divided */
    double off[] = {0.5, 0.5 + 1e-12};
    assert_true(dist_normalize_lost(off, 2, "P", &sum, NULL, NULL));
    assert_same_double(sum, 1.0 + 1e-12);
    assert_true(off[0] < 0.5);
    struct test_rng r = {77};
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = 1 + rng_below(&r, 40);
        double v[40], w[40];
        for (size_t i = 0; i < n; i++)
            v[i] = rng_uniform(&r) * 100;
        assert_true(dist_normalize_lost(v, n, "P", &sum, NULL, NULL));
        memcpy(w, v, n * sizeof *v);
        assert_true(dist_normalize_lost(w, n, "P", &sum, NULL, NULL));
        assert_same_double(sum, 1.0);
        assert_memory_equal(v, w, n * sizeof *v);
    }
}

static void test_normalize_near_one(void **state)
{
    (void)state;
    /* A value above 1 is never kept, even when the sum is 1 up to a few
     * ulps: 1 + 2^-52 alone gave H(P) = -2.2e-16. */
    double sum;
    double one[] = {1.0000000000000002};
    assert_true(dist_normalize_lost(one, 1, "P", &sum, NULL, NULL));
    assert_same_double(one[0], 1.0);
    double below[] = {nextafter(1.0, 0)};
    assert_true(dist_normalize_lost(below, 1, "P", &sum, NULL, NULL));
    assert_same_double(below[0], 1.0);
    double two[] = {1.0000000000000002, 0};
    assert_true(dist_normalize_lost(two, 2, "P", &sum, NULL, NULL));
    assert_same_double(two[0], 1.0);
    assert_same_double(two[1], 0.0);
    double tiny[] = {1.0000000000000002, 1e-300};
    assert_true(dist_normalize_lost(tiny, 2, "P", &sum, NULL, NULL));
    assert_true(tiny[0] <= 1.0);
    /* every normalized vector: values <= 1, sum within DIST_ONE_TOL */
    struct test_rng r = {4242};
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = 1 + rng_below(&r, 1000);
        double v[1000];
        for (size_t i = 0; i < n; i++)
            v[i] = rng_uniform(&r) * (iter % 2 ? 1e-3 : 1e3);
        assert_true(dist_normalize_lost(v, n, "P", &sum, NULL, NULL));
        for (size_t i = 0; i < n; i++)
            assert_true(v[i] <= 1.0);
        assert_true(fabs(dist_sum(v, n) - 1.0) <= DIST_ONE_TOL);
        if (n == 1)
            assert_same_double(v[0], 1.0);
        double w[1000];
        memcpy(w, v, n * sizeof *v);
        assert_true(dist_normalize_lost(w, n, "P", &sum, NULL, NULL));
        assert_memory_equal(v, w, n * sizeof *v);
        /* an edit's sum is 1 up to rounding too: a saved table reads
         * back bit for bit */
        if (n > 1) {
            assert_true(dist_set_into(v, v, n, rng_below(&r, n),
                                      rng_uniform(&r), "P", NULL));
            memcpy(w, v, n * sizeof *v);
            assert_true(dist_normalize_lost(w, n, "P", &sum, NULL, NULL));
            assert_memory_equal(v, w, n * sizeof *v);
        }
    }
}

static void test_normalize_lost(void **state)
{
    (void)state;
    /* 5e-324 / 1e308 is 0: the entry is named, not silently zeroed */
    double v[] = {1e308, 5e-324, 3, 4.9e-324};
    double sum;
    struct dist_lost lost = {99, 99};
    assert_true(dist_normalize_lost(v, 4, "P", &sum, &lost, NULL));
    assert_int_equal(lost.n, 2);
    assert_int_equal(lost.first, 1);
    assert_same_double(v[1], 0.0);
    double fine[] = {1e-320, 1, 1};
    assert_true(dist_normalize_lost(fine, 3, "P", &sum, &lost, NULL));
    assert_int_equal(lost.n, 0);
    assert_true(fine[0] > 0);
    double zero[] = {0, 1e308};
    assert_true(dist_normalize_lost(zero, 2, "P", &sum, &lost, NULL));
    assert_int_equal(lost.n, 0);   /* a 0 in the input is not lost */
}

static void test_normalize_counts_and_zeros(void **state)
{
    (void)state;
    double v[] = {0, 3, 0, 1};
    double sum;
    assert_true(dist_normalize_lost(v, 4, "Q", &sum, NULL, NULL));
    assert_same_double(sum, 4.0);
    assert_same_double(v[0], 0.0);
    assert_same_double(v[1], 0.75);
    assert_same_double(v[3], 0.25);
    /* a single entry and a subnormal one */
    double one[] = {1e-320};
    assert_true(dist_normalize_lost(one, 1, "P", &sum, NULL, NULL));
    assert_same_double(one[0], 1.0);
    double big[] = {1e300, 3e300};
    assert_true(dist_normalize_lost(big, 2, "P", &sum, NULL, NULL));
    assert_close(big[0], 0.25, 1e-15, 0);
}

static void expect_normalize_error(double *v, size_t n, const char *msg)
{
    double copy[8];
    memcpy(copy, v, n * sizeof *v);
    double sum = -1;
    struct error err = {""};
    assert_false(dist_normalize_lost(v, n, "P", &sum, NULL, &err));
    if (strcmp(err.msg, msg) != 0 && strncmp(err.msg, msg, strlen(msg)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", err.msg, msg);
    /* refused: nothing was touched */
    assert_memory_equal(copy, v, n * sizeof *v);
    assert_same_double(sum, -1.0);
}

static void test_normalize_errors(void **state)
{
    (void)state;
    double neg[] = {0.5, -0.1, 0.6};
    expect_normalize_error(neg, 3, "P entry 2: -0.1 is "
                                   "negative (hint:");
    double nan[] = {0.5, NAN};
    expect_normalize_error(nan, 2, "P entry 2: a value is NaN");
    double inf[] = {INFINITY, 1};
    expect_normalize_error(inf, 2, "P entry 1: a value is infinite");
    double minf[] = {1, -INFINITY};
    expect_normalize_error(minf, 2, "P entry 2: a value is infinite");
    double zeros[] = {0, 0, 0};
    expect_normalize_error(zeros, 3, "P is all zeros (hint:");
    double empty[] = {0};
    expect_normalize_error(empty, 0, "P is empty (hint:");
    double huge[] = {DBL_MAX, DBL_MAX};
    expect_normalize_error(huge, 2, "P sums to more than 1.8e308");
    double mz[] = {-0.0, 1};
    double sum;
    /* -0 is 0 */
    assert_true(dist_normalize_lost(mz, 2, "P", &sum, NULL, NULL));
}

static void test_check_value(void **state)
{
    (void)state;
    struct error err;
    assert_true(dist_check_value(0, &err));
    assert_true(dist_check_value(1e-320, &err));
    assert_true(dist_check_value(1e300, &err));
    assert_false(dist_check_value(-1e-300, &err));
    assert_contains(err.msg, "negative");
    assert_false(dist_check_value(NAN, &err));
    assert_contains(err.msg, "NaN");
    assert_false(dist_check_value(INFINITY, &err));
    assert_contains(err.msg, "infinite");
}

static void test_set_rescales_proportionally(void **state)
{
    (void)state;
    double p[] = {0.1, 0.2, 0.3, 0.4};
    const double old[] = {0.1, 0.2, 0.3, 0.4};
    struct error err;
    assert_true(dist_set_into(p, p, 4, 1, 0.3, "P", &err));
    assert_same_double(p[1], 0.3);
    assert_close(dist_sum(p, 4), 1.0, 0, 1e-15);
    /* the others keep their ratios and share 0.7 */
    for (size_t j = 0; j < 4; j++) {
        if (j == 1)
            continue;
        assert_close(p[j], old[j] * 0.7 / 0.8, 1e-15, 0);
        assert_close(p[j] / p[0], old[j] / old[0], 1e-15, 0);
    }
    assert_close(p[0], 0.0875, 1e-15, 0);
    assert_close(p[2], 0.2625, 1e-15, 0);
    assert_close(p[3], 0.35, 1e-15, 0);
}

static void test_set_many_random(void **state)
{
    (void)state;
    struct test_rng r = {2024};
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = 2 + rng_below(&r, 30);
        double p[32], before[32];
        for (size_t j = 0; j < n; j++)
            p[j] = rng_uniform(&r);
        double sum;
        assert_true(dist_normalize_lost(p, n, "P", &sum, NULL, NULL));
        memcpy(before, p, n * sizeof *p);
        size_t i = rng_below(&r, n);
        double v = rng_uniform(&r);
        assert_true(dist_set_into(p, p, n, i, v, "P", NULL));
        assert_same_double(p[i], v);
        assert_close(dist_sum(p, n), 1.0, 0, 1e-15);
        size_t k = i == 0 ? 1 : 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && j != k)
                assert_close(p[j] / p[k], before[j] / before[k], 1e-14, 0);
    }
}

static void test_set_edges(void **state)
{
    (void)state;
    struct error err;
    /* n = 1: only 1 is allowed */
    double one[] = {1};
    assert_true(dist_set_into(one, one, 1, 0, 1.0, "P", &err));
    assert_same_double(one[0], 1.0);
    assert_false(dist_set_into(one, one, 1, 0, 0.5, "P", &err));
    assert_contains(err.msg, "single entry");
    assert_same_double(one[0], 1.0);
    /* v = 1: the others become 0 */
    double p[] = {0.2, 0.3, 0.5};
    assert_true(dist_set_into(p, p, 3, 2, 1.0, "P", &err));
    assert_same_double(p[0], 0.0);
    assert_same_double(p[1], 0.0);
    assert_same_double(p[2], 1.0);
    /* ... and setting it back shares the rest equally */
    assert_true(dist_set_into(p, p, 3, 2, 0.4, "P", &err));
    assert_same_double(p[2], 0.4);
    assert_close(p[0], 0.3, 1e-15, 0);
    assert_close(p[1], 0.3, 1e-15, 0);
    /* v = 1 on an entry that already is 1 changes nothing */
    double d[] = {0, 1, 0};
    assert_true(dist_set_into(d, d, 3, 1, 1.0, "P", &err));
    assert_same_double(d[1], 1.0);
    assert_same_double(d[0], 0.0);
    /* v = 0 */
    double z[] = {0.5, 0.25, 0.25};
    assert_true(dist_set_into(z, z, 3, 0, 0.0, "Q", &err));
    assert_same_double(z[0], 0.0);
    assert_same_double(z[1], 0.5);
    assert_same_double(z[2], 0.5);
    /* tiny others keep full precision */
    double t[] = {1e-300, 1.0, 3e-300};
    assert_true(dist_set_into(t, t, 3, 1, 0.5, "P", &err));
    assert_close(t[0], 0.125, 1e-15, 0);
    assert_close(t[2], 0.375, 1e-15, 0);
}

static void test_set_errors(void **state)
{
    (void)state;
    double p[] = {0.1, 0.2, 0.3, 0.4};
    const double copy[] = {0.1, 0.2, 0.3, 0.4};
    struct error err;
    assert_false(dist_set_into(p, p, 4, 4, 0.5, "P", &err));
    assert_string_equal(err.msg, "P has no entry 5 (it has 4)");
    const double bad[] = {-0.1, 1.5, NAN, INFINITY, -INFINITY,
                          nextafter(1.0, 2.0)};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_false(dist_set_into(p, p, 4, 0, bad[k], "P", &err));
        assert_contains(err.msg, "must be between 0 and 1");
    }
    assert_memory_equal(p, copy, sizeof p);
}

static void test_uniform(void **state)
{
    (void)state;
    double p[7];
    dist_uniform(p, 7);
    for (size_t i = 0; i < 7; i++)
        assert_same_double(p[i], 1.0 / 7.0);
    double one[1] = {0.3};
    dist_uniform(one, 1);
    assert_same_double(one[0], 1.0);
}

static void test_sum_compensated(void **state)
{
    (void)state;
    /* 1 + 1e-16 * 1e4 would stay 1 in a naive loop */
    static double v[10001];
    v[0] = 1.0;
    for (size_t i = 1; i < 10001; i++)
        v[i] = 1e-16;
    assert_close(dist_sum(v, 10001), 1.0 + 1e-12, 1e-15, 0);
    /* cancellation: big, small, -big */
    const double c[] = {1e100, 1.0, -1e100};
    assert_same_double(dist_sum(c, 3), 1.0);
    const double d[] = {1.0, 1e100, 1.0, -1e100};
    assert_same_double(dist_sum(d, 4), 2.0);
    assert_same_double(dist_sum(c, 0), 0.0);
}

/* The lane sum across lane counts and tails: cancellation spread over
 * lanes, and agreement with one plain Neumaier sum on random positive
 * values of every length up to a few lanes' worth (within 2 ulps: both
 * are within about an ulp of the exact sum). */
static void test_sum_lanes(void **state)
{
    (void)state;
    /* +-2^60 multiples (their sums are exact) in different lanes around
     * 16 ones that each vanish next to them: exactly 16 */
    double c[70] = {0};
    for (size_t j = 0; j < 32; j++) {
        c[j] = j % 2 ? 1.0 : 0x1p60 * (double)(j + 1);
        if (j % 2 == 0)
            c[j + 35] = -c[j];
    }
    assert_same_double(dist_sum(c, 70), 16.0);
    struct test_rng r = {4242};
    for (size_t n = 0; n < 70; n++) {
        double v[70];
        for (size_t j = 0; j < n; j++)
            v[j] = rng_uniform(&r) * exp((rng_uniform(&r) - 0.5) * 40);
        struct ksum k = {0, 0};
        for (size_t j = 0; j < n; j++)
            ksum_add(&k, v[j]);
        double ref = ksum_value(&k), got = dist_sum(v, n);
        assert_close(got, ref, 0, 2 * DBL_EPSILON);
    }
}

/* dist_set_into gives the same bits in place (dst == src) as into
 * another array, leaves src alone, and writes nothing when it fails. */
static void test_set_into(void **state)
{
    (void)state;
    struct test_rng r = {99};
    for (int iter = 0; iter < 300; iter++) {
        size_t n = 1 + rng_below(&r, 100);
        double src[100], keep[100], in_place[100], dst[100];
        for (size_t j = 0; j < n; j++)
            src[j] = rng_below(&r, 5) == 0 ? 0.0 : rng_uniform(&r);
        double sum;
        if (!dist_normalize_lost(src, n, "P", &sum, NULL, NULL))
            continue;
        memcpy(keep, src, n * sizeof *src);
        memcpy(in_place, src, n * sizeof *src);
        size_t i = rng_below(&r, n);
        double v = n == 1 ? 1.0 : rng_below(&r, 4) == 0 ? 1.0
                                                         : rng_uniform(&r);
        assert_true(dist_set_into(in_place, in_place, n, i, v, "P", NULL));
        memset(dst, 0x5A, sizeof dst);
        assert_true(dist_set_into(dst, src, n, i, v, "P", NULL));
        assert_memory_equal(dst, in_place, n * sizeof *dst);
        assert_memory_equal(src, keep, n * sizeof *src);
    }
    double src[] = {0.1, 0.2, 0.3, 0.4}, dst[4];
    const double untouched[4] = {7, 7, 7, 7};
    memcpy(dst, untouched, sizeof dst);
    struct error err;
    assert_false(dist_set_into(dst, src, 4, 4, 0.5, "P", &err));
    assert_false(dist_set_into(dst, src, 4, 0, 1.5, "P", &err));
    assert_memory_equal(dst, untouched, sizeof dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_weights),
        cmocka_unit_test(test_normalize_already_one),
        cmocka_unit_test(test_normalize_idempotent),
        cmocka_unit_test(test_normalize_near_one),
        cmocka_unit_test(test_normalize_lost),
        cmocka_unit_test(test_normalize_counts_and_zeros),
        cmocka_unit_test(test_normalize_errors),
        cmocka_unit_test(test_check_value),
        cmocka_unit_test(test_set_rescales_proportionally),
        cmocka_unit_test(test_set_many_random),
        cmocka_unit_test(test_set_edges),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_sum_compensated),
        cmocka_unit_test(test_sum_lanes),
        cmocka_unit_test(test_set_into),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
