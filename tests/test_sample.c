/* Unit tests for core/sample: the generator, the alias table, and the
 * estimators' statistics over many fixed seeds. */
#include "test_util.h"

#include "core/sample.h"

static const double P[4] = {0.1, 0.2, 0.3, 0.4};
static const double Q[4] = {0.2, 0.3, 0.3, 0.2};
#define KL_PQ 0.12685113254635071643   /* REFERENCE-VALUES.md */

static void test_rng(void **state)
{
    (void)state;
    struct sample_rng a, b;
    /* splitmix64's first output from state 0 (Vigna's reference code) */
    sample_rng_seed(&a, 0);
    assert_true(a.s[0] == 0xe220a8397b1dcdafu);
    sample_rng_seed(&a, 42);
    sample_rng_seed(&b, 42);
    for (int i = 0; i < 1000; i++)
        assert_true(sample_rng_next(&a) == sample_rng_next(&b));
    sample_rng_seed(&b, 43);
    assert_true(sample_rng_next(&a) != sample_rng_next(&b));
}

/* Frequencies of 10^6 draws match p by a chi-squared test; zeros are
 * never drawn. */
static void test_alias(void **state)
{
    (void)state;
    const double p[6] = {0.5, 0, 0.25, 0.125, 0, 0.125};
    struct sample_alias a;
    sample_alias_build(&a, p, 6);
    struct sample_rng r;
    sample_rng_seed(&r, 7);
    unsigned long counts[6] = {0};
    const unsigned long n = 1000000;
    for (unsigned long i = 0; i < n; i++)
        counts[sample_alias_draw(&a, &r)]++;
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[4], 0);
    double chi2 = 0;
    for (int i = 0; i < 6; i++)
        if (p[i] > 0) {
            double e = p[i] * (double)n;
            chi2 += ((double)counts[i] - e) * ((double)counts[i] - e) / e;
        }
    /* 3 degrees of freedom: P(chi2 > 16.27) = 0.001 */
    assert_true(chi2 < 16.27);
    sample_alias_free(&a);

    const double one[3] = {0, 1, 0};
    sample_alias_build(&a, one, 3);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(sample_alias_draw(&a, &r), 1);
    sample_alias_free(&a);
}

/* The running mean is within 2 standard errors of KL(P||Q) for about 95%
 * of seeds. Tolerance: over 200 fixed seeds at least 180 (the expected
 * 190 less 3.3 binomial standard deviations), and the mean z-score within
 * 0.3 of 0 (about 4 of its standard errors). */
static void test_mean_converges(void **state)
{
    (void)state;
    int within = 0;
    double zsum = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        struct sample_result r;
        struct error err;
        assert_true(sample_run(P, Q, 4, 2000, seed, NULL, NULL, &r, &err));
        double z = (r.mean - KL_PQ) / r.se;
        within += fabs(z) <= 2;
        zsum += z;
        assert_int_equal(r.cp[r.ncp - 1].draws, 2000);
        assert_close(r.cp[r.ncp - 1].mean, r.mean, 0, 0);
        sample_result_free(&r);
    }
    assert_true(within >= 180);
    assert_true(fabs(zsum / 200) < 0.3);
}

/* The plug-in estimate exceeds KL by about (k-1)/(2N) on average: over
 * 400 fixed seeds at N = 200 (bias 0.0075, the mean's standard error
 * about 0.0018), within 0.0045 of it. */
static void test_plugin_bias(void **state)
{
    (void)state;
    double sum = 0, bias = 0;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        struct sample_result r;
        struct error err;
        assert_true(sample_run(P, Q, 4, 200, seed, NULL, NULL, &r, &err));
        sum += r.plugin;
        bias = r.bias;
        assert_int_equal(r.support, 4);
        sample_result_free(&r);
    }
    assert_close(bias, 3.0 / 400.0, 1e-15, 0);
    assert_true(fabs(sum / 400 - KL_PQ - bias) < 0.0045);
}

static void test_infinite_and_limits(void **state)
{
    (void)state;
    const double p[2] = {0.5, 0.5}, q[2] = {1, 0};
    struct sample_result r;
    struct error err;
    assert_true(sample_run(p, q, 2, 100, 3, NULL, NULL, &r, &err));
    assert_true(r.infinite > 0);
    assert_int_equal(r.first_infinite_entry, 1);
    assert_true(isinf(r.mean) && isinf(r.plugin));
    assert_int_equal(r.counts[0] + r.counts[1], 100);
    sample_result_free(&r);
    assert_false(sample_run(p, q, 2, 0, 3, NULL, NULL, &r, &err));
    assert_false(sample_run(p, q, 2, SAMPLE_MAX + 1, 3, NULL, NULL, &r,
                            &err));
    /* the same seed, the same counts */
    struct sample_result a, b;
    assert_true(sample_run(P, Q, 4, 5000, 9, NULL, NULL, &a, &err));
    assert_true(sample_run(P, Q, 4, 5000, 9, NULL, NULL, &b, &err));
    assert_memory_equal(a.counts, b.counts, 4 * sizeof *a.counts);
    sample_result_free(&a);
    sample_result_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng),
        cmocka_unit_test(test_alias),
        cmocka_unit_test(test_mean_converges),
        cmocka_unit_test(test_plugin_bias),
        cmocka_unit_test(test_infinite_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
