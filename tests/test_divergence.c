/* Unit tests for core/divergence: values against the 50-digit references in
 * /work/shared/REFERENCE-VALUES.md, the conventions, identities, and the
 * accuracy promises (never negative; a few ulps), checked against an
 * independent long double computation. */
#include "test_util.h"

#include <float.h>

#include "core/dist.h"
#include "core/divergence.h"

#define LN2 0.69314718055994530942
#define LN3 1.0986122886681096914
#define LN10 2.3025850929940456840

/* 12 significant digits is the promise; doubles do much better here. */
#define REL 1e-14

static void compute(const double *p, const double *q, size_t n,
                    struct divergence *d)
{
    memset(d, 0x5A, sizeof *d);   /* every field must be written */
    divergence_compute(p, q, n, d);
}

/* ---- the seed example ---- */

static const double seed_p[] = {0.1, 0.2, 0.3, 0.4};
static const double seed_q[] = {0.2, 0.3, 0.3, 0.2};

static void test_seed_totals(void **state)
{
    (void)state;
    struct divergence d;
    compute(seed_p, seed_q, 4, &d);
    assert_close(d.pq.total, 0.12685113254635071643, REL, 0);
    assert_close(d.pq.total, 0.5 * LN2 - 0.2 * LN3, REL, 0);
    assert_close(d.qp.total, 0.12163953243244931459, REL, 0);
    assert_close(d.h_p, 1.2798542258336674672, REL, 0);
    assert_close(d.h_q, 1.3661588475692017454, REL, 0);
    assert_close(d.h_pq, 1.4067053583800181836, REL, 0);
    assert_close(d.h_qp, 1.48779838000165106, REL, 0);
    assert_close(d.js, 0.03051873390698183929, REL, 0);
    assert_close(sqrt(d.js), 0.17469611875191114071, REL, 0);
    assert_close(d.tv, 0.2, REL, 0);
    assert_false(d.identical);
    assert_int_equal(d.pq.n_inf, 0);
    assert_int_equal(d.qp.n_inf, 0);
    /* Pinsker */
    assert_close(sqrt(d.pq.total / 2), 0.25184432944415357278, REL, 0);
    assert_close(sqrt(d.qp.total / 2), 0.24661663815773796509, REL, 0);
    assert_true(d.tv <= sqrt(d.pq.total / 2));
    assert_true(d.tv <= sqrt(d.qp.total / 2));
}

static void test_seed_directions(void **state)
{
    (void)state;
    struct divergence d;
    compute(seed_p, seed_q, 4, &d);
    /* P||Q: two negative terms, one zero, one positive */
    assert_int_equal(d.pq.n_neg, 2);
    assert_close(d.pq.neg, -0.069314718055994530942 - 0.081093021621632876396,
                 REL, 0);
    assert_close(d.pq.pos, 0.27725887222397812377, REL, 0);
    assert_close(d.pq.neg + d.pq.pos, d.pq.total, 1e-15, 0);
    /* Q||P: 0.2 ln 2, 0.3 ln 1.5, 0, 0.2 ln 0.5 */
    assert_int_equal(d.qp.n_neg, 1);
    assert_close(d.qp.neg, -0.2 * LN2, REL, 0);
    assert_close(d.qp.pos, 0.2 * LN2 + 0.12163953243244931459, REL, 0);
    assert_close(d.qp.neg + d.qp.pos, d.qp.total, 1e-15, 0);
}

static void test_seed_terms(void **state)
{
    (void)state;
    const double fwd[] = {-0.069314718055994530942, -0.081093021621632876396,
                          0, 0.27725887222397812377};
    const double rev[] = {0.2 * LN2, 0.12163953243244931459, 0, -0.2 * LN2};
    for (size_t i = 0; i < 4; i++) {
        assert_close(divergence_term(seed_p[i], seed_q[i]), fwd[i], REL,
                     0);
        assert_close(divergence_term(seed_q[i], seed_p[i]), rev[i], REL,
                     0);
    }
    /* equal entries give exactly zero */
    assert_same_double(divergence_term(0.3, 0.3), 0.0);
    assert_same_double(divergence_term_nonneg(0.3, 0.3), 0.0);
}

static void test_seed_bases(void **state)
{
    (void)state;
    struct divergence d;
    compute(seed_p, seed_q, 4, &d);
    assert_close(d.pq.total * log_base_scale(BASE_2),
                 0.18300749985576876371, REL, 0);
    assert_close(d.pq.total * log_base_scale(BASE_10),
                 0.055090746888058110148, REL, 0);
    assert_close(d.pq.total * log_base_scale(BASE_E),
                 0.12685113254635071643, REL, 0);
    assert_close(d.qp.total * log_base_scale(BASE_2),
                 0.17548875021634685444, REL, 0);
    assert_close(d.h_p * log_base_scale(BASE_2), 1.8464393446710154934, REL,
                 0);
    assert_close(d.js * log_base_scale(BASE_2), 0.044029226061812558596,
                 REL, 0);
}

static void test_log_base_names(void **state)
{
    (void)state;
    assert_string_equal(log_base_name(BASE_E), "e");
    assert_string_equal(log_base_name(BASE_2), "2");
    assert_string_equal(log_base_name(BASE_10), "10");
    assert_string_equal(log_base_unit(BASE_E), "nats");
    assert_string_equal(log_base_unit(BASE_2), "bits");
    assert_string_equal(log_base_unit(BASE_10), "bans");
    static const struct {
        const char *s;
        enum log_base b;
    } ok[] = {
        {"e", BASE_E},   {"nats", BASE_E}, {"nat", BASE_E},  {"ln", BASE_E},
        {"2", BASE_2},   {"bits", BASE_2}, {"bit", BASE_2},  {"10", BASE_10},
        {"bans", BASE_10}, {"ban", BASE_10},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        enum log_base b = (enum log_base)99;
        assert_true(log_base_parse(ok[i].s, &b));
        assert_int_equal(b, ok[i].b);
    }
    const char *bad[] = {"", "E", "3", "base2", "bits ", "1", "ee"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum log_base b = BASE_10;
        assert_false(log_base_parse(bad[i], &b));
        assert_int_equal(b, BASE_10);
    }
    assert_same_double(log_base_scale(BASE_E), 1.0);
    assert_same_double(log_base_scale(BASE_2), 1.4426950408889634074);
    assert_same_double(log_base_scale(BASE_10), 0.43429448190325182765);
}

/* ---- closed forms ---- */

static double kl_ber(double a, double b)
{
    const double p[] = {a, 1 - a}, q[] = {b, 1 - b};
    struct divergence d;
    compute(p, q, 2, &d);
    return d.pq.total;
}

static void test_bernoulli(void **state)
{
    (void)state;
    assert_close(kl_ber(0.5, 0.9), 0.51082562376599068321, REL, 0);
    assert_close(kl_ber(0.5, 0.9) * log_base_scale(BASE_2),
                 0.73696559416620616642, REL, 0);
    assert_close(kl_ber(0.9, 0.5), 0.36806420716849706991, REL, 0);
    assert_close(kl_ber(0.25, 0.5), 0.13081203594113695913, REL, 0);
    assert_close(kl_ber(0.5, 0.25), 0.14384103622589046372, REL, 0);
    assert_close(kl_ber(0.99, 0.01), 4.5032174531318981283, REL, 0);
    assert_close(kl_ber(0, 0.5), LN2, REL, 0);
    /* closed form a ln(a/b) + (1-a) ln((1-a)/(1-b)) over a grid */
    for (int i = 1; i < 20; i++) {
        for (int j = 1; j < 20; j++) {
            double a = i / 20.0, b = j / 20.0;
            long double ref = (long double)a * logl((long double)a / b) +
                              (long double)(1 - a) *
                                  logl((long double)(1 - a) / (1 - b));
            assert_close(kl_ber(a, b), (double)ref, 1e-13, 1e-17);
        }
    }
}

static void binomial(int n, double t, double *out)
{
    for (int k = 0; k <= n; k++) {
        double c = 1;
        for (int j = 1; j <= k; j++)
            c = c * (n - k + j) / j;
        out[k] = c * pow(t, k) * pow(1 - t, n - k);
    }
}

/* Entropies are sums of -p log p >= 0: never shown below 0, even for a
 * value a last bit above 1 that reaches the kernel (H(P) was -2.2e-16). */
static void test_entropy_never_negative(void **state)
{
    (void)state;
    const double over[] = {1.0000000000000002}, one[] = {1.0};
    struct divergence d;
    divergence_compute(over, one, 1, &d);
    assert_true(d.h_p >= 0 && d.h_q >= 0 && d.h_pq >= 0 && d.h_qp >= 0);
    divergence_compute_scalar(over, one, 1, &d);
    assert_true(d.h_p >= 0 && d.h_q >= 0 && d.h_pq >= 0 && d.h_qp >= 0);
    const double near[] = {nextafter(1.0, 0), 1e-300};
    divergence_compute(near, near, 2, &d);
    assert_true(d.h_p >= 0 && d.h_pq >= 0);
}

static void test_binomials(void **state)
{
    (void)state;
    double p[11], q[11];
    binomial(10, 0.3, p);
    binomial(10, 0.5, q);
    struct divergence d;
    compute(p, q, 11, &d);
    assert_close(d.pq.total, 0.82282878505051846392, 1e-13, 0);
    assert_close(d.qp.total, 0.8717669357238887635, 1e-13, 0);
    /* KL(Bin(n,a)||Bin(n,b)) = n KL(Ber(a)||Ber(b)) */
    assert_close(d.pq.total, 10 * kl_ber(0.3, 0.5), 1e-13, 0);

    double b2[3], u3[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    binomial(2, 0.4, b2);
    compute(b2, u3, 3, &d);
    assert_close(d.pq.total, 0.085299601318370567922, 1e-13, 0);
    assert_close(d.qp.total, 0.097455006785387620521, 1e-13, 0);
}

static void test_die(void **state)
{
    (void)state;
    double u[6], l[6] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.5};
    dist_uniform(u, 6);
    struct divergence d;
    compute(u, l, 6, &d);
    assert_close(d.pq.total, 0.24258597169364062077, REL, 0);
    assert_close(d.qp.total, 0.29389333245105950409, REL, 0);
}

/* ---- conventions ---- */

static void test_zero_entry_conventions(void **state)
{
    (void)state;
    const double p[] = {0.5, 0.5, 0}, q[] = {0.25, 0.25, 0.5};
    struct divergence d;
    compute(p, q, 3, &d);
    assert_close(d.pq.total, LN2, REL, 0);
    assert_int_equal(d.pq.n_inf, 0);
    assert_true(isinf(d.qp.total) && d.qp.total > 0);
    assert_int_equal(d.qp.n_inf, 1);
    assert_int_equal(d.qp.inf_idx[0], 2);
    assert_true(isinf(d.qp.pos));
    assert_true(isfinite(d.qp.neg));
    assert_close(d.h_pq, 2 * LN2, REL, 0);   /* -sum p log q = ln 4 */
    assert_true(isinf(d.h_qp));
    assert_close(d.h_p, LN2, REL, 0);         /* the 0 entry adds nothing */
    assert_false(isnan(d.js));
    assert_close(d.tv, 0.5, REL, 0);

    /* terms: 0 log(0/q) = 0 for q > 0 and q = 0 alike */
    assert_same_double(divergence_term(0, 0.5), 0.0);
    assert_same_double(divergence_term(0, 0), 0.0);
    assert_same_double(divergence_term(0, 1e-320), 0.0);
    assert_true(isinf(divergence_term(0.5, 0)));
    assert_true(isinf(divergence_term(1e-320, 0)));
    assert_same_double(divergence_term_nonneg(0, 0.5), 0.5);
    assert_same_double(divergence_term_nonneg(0, 0), 0.0);
    assert_true(isinf(divergence_term_nonneg(0.5, 0)));
}

static void test_both_zero_entries(void **state)
{
    (void)state;
    /* an entry with p = q = 0 is ignored everywhere */
    const double p[] = {0.5, 0, 0.5}, q[] = {0.25, 0, 0.75};
    const double p2[] = {0.5, 0.5}, q2[] = {0.25, 0.75};
    struct divergence a, b;
    compute(p, q, 3, &a);
    compute(p2, q2, 2, &b);
    assert_same_double(a.pq.total, b.pq.total);
    assert_same_double(a.qp.total, b.qp.total);
    assert_same_double(a.h_pq, b.h_pq);
    assert_same_double(a.js, b.js);
    assert_int_equal(a.pq.n_inf + a.qp.n_inf, 0);
}

static void test_inf_list(void **state)
{
    (void)state;
    /* 40 entries where q = 0 < p, at odd indices */
    enum { N = 81 };
    double p[N], q[N];
    for (size_t i = 0; i < N; i++) {
        p[i] = 1.0 / N;
        q[i] = i % 2 ? 0.0 : 1.0 / 41;
    }
    struct divergence d;
    compute(p, q, N, &d);
    assert_true(isinf(d.pq.total));
    assert_int_equal(d.pq.n_inf, 40);
    for (size_t k = 0; k < DIVERGENCE_INF_LIST; k++)
        assert_int_equal(d.pq.inf_idx[k], 2 * k + 1);
    assert_true(isfinite(d.qp.total));
    assert_int_equal(d.qp.n_inf, 0);
    assert_close(d.qp.total, log(81.0 / 41.0), 1e-14, 0);
    assert_true(isinf(d.h_pq));
    assert_false(isnan(d.pq.neg));
}

static void test_point_mass_vs_uniform(void **state)
{
    (void)state;
    double u[64], delta[64];
    for (size_t n = 1; n <= 64; n++) {
        dist_uniform(u, n);
        for (size_t k = 0; k < n; k += (n > 8 ? 7 : 1)) {
            memset(delta, 0, sizeof delta);
            delta[k] = 1;
            struct divergence d;
            compute(delta, u, n, &d);
            /* KL(delta||U_n) = ln n */
            assert_close(d.pq.total, log((double)n), 1e-15, 1e-300);
            assert_int_equal(d.pq.n_inf, 0);
            /* KL(U_n||delta) = inf, caused by every other entry */
            if (n == 1) {
                assert_same_double(d.qp.total, 0.0);
                assert_true(d.identical);
                continue;
            }
            assert_true(isinf(d.qp.total) && d.qp.total > 0);
            assert_int_equal(d.qp.n_inf, n - 1);
            size_t shown = n - 1 < DIVERGENCE_INF_LIST ? n - 1
                                                       : DIVERGENCE_INF_LIST;
            for (size_t j = 0, want = 0; j < shown; j++, want++) {
                if (want == k)
                    want++;
                assert_int_equal(d.qp.inf_idx[j], want);
            }
            assert_close(d.h_p, 0, 0, 0);
            assert_close(d.h_q, log((double)n), 1e-15, 0);
            assert_close(d.tv, 1.0 - 1.0 / (double)n, 1e-15, 0);
        }
    }
}

static void test_js_references(void **state)
{
    (void)state;
    const double d2[] = {1, 0}, u2[] = {0.5, 0.5};
    const double d4[] = {1, 0, 0, 0}, u4[] = {0.25, 0.25, 0.25, 0.25};
    struct divergence d;
    compute(d2, u2, 2, &d);
    assert_close(d.js, 0.21576155433883569558, REL, 0);
    compute(d4, u4, 4, &d);
    assert_close(d.js, 0.38039566584857788471, REL, 0);
    /* disjoint supports: KL inf both ways, JS ln 2, TV 1 */
    const double a[] = {0.3, 0.7, 0, 0}, b[] = {0, 0, 0.6, 0.4};
    compute(a, b, 4, &d);
    assert_true(isinf(d.pq.total) && isinf(d.qp.total));
    assert_int_equal(d.pq.n_inf, 2);
    assert_int_equal(d.qp.n_inf, 2);
    assert_int_equal(d.pq.inf_idx[0], 0);
    assert_int_equal(d.pq.inf_idx[1], 1);
    assert_int_equal(d.qp.inf_idx[0], 2);
    assert_int_equal(d.qp.inf_idx[1], 3);
    assert_close(d.js, LN2, 1e-15, 0);
    assert_close(d.tv, 1.0, 1e-15, 0);
}

static void test_single_entry(void **state)
{
    (void)state;
    const double one[] = {1};
    struct divergence d;
    compute(one, one, 1, &d);
    assert_same_double(d.pq.total, 0.0);
    assert_same_double(d.qp.total, 0.0);
    assert_same_double(d.h_p, 0.0);
    assert_same_double(d.h_pq, 0.0);
    assert_same_double(d.js, 0.0);
    assert_same_double(d.tv, 0.0);
    assert_int_equal(d.pq.n_neg, 0);
    assert_true(d.identical);
}

/* ---- hard cases for accuracy ---- */

static void test_tiny_q_no_overflow(void **state)
{
    (void)state;
    const double p[] = {1, 0}, q[] = {1e-320, 1};
    struct divergence d;
    compute(p, q, 2, &d);
    assert_close(d.pq.total, 736.82724089097390615, REL, 0);
    assert_true(isinf(d.qp.total));
    assert_int_equal(d.qp.n_inf, 1);
    assert_int_equal(d.qp.inf_idx[0], 1);
    assert_close(divergence_term(1, 1e-320), 736.82724089097390615, REL, 0);
    /* p = 0.5, q = 1e-320: p/q overflows, the term must not */
    double t = divergence_term(0.5, 1e-320);
    assert_true(isfinite(t));
    assert_close(t, 0.5 * (736.82724089097390615 - LN2), REL, 0);
    assert_close(divergence_log_ratio(0.5, 1e-320),
                 736.82724089097390615 - LN2, REL, 0);
    assert_close(divergence_log_ratio(1e-320, 0.5),
                 -(736.82724089097390615 - LN2), REL, 0);
    assert_close(divergence_log_ratio(DBL_MAX, nextafter(0, 1)),
                 (double)(logl(DBL_MAX) - logl(nextafter(0, 1))), REL, 0);
    assert_close(divergence_log_ratio(nextafter(0, 1), DBL_MAX),
                 (double)(logl(nextafter(0, 1)) - logl(DBL_MAX)), REL, 0);
}

static void test_near_equal_pair(void **state)
{
    (void)state;
    const double p[] = {0.5, 0.5}, q[] = {0.5 + 1e-9, 0.5 - 1e-9};
    struct divergence d;
    compute(p, q, 2, &d);
    assert_true(d.pq.total > 0);
    assert_true(d.qp.total > 0);
    /* the perturbation is rounded to doubles: ~1e-8 relative, not more */
    assert_close(d.pq.total, 2.000000000000000004e-18, 1e-6, 0);
    assert_close(d.qp.total, 2.000000000000000004e-18, 1e-6, 0);
    /* the classic terms are still the classic, signed ones */
    assert_true(divergence_term(p[0], q[0]) < 0);
    assert_true(divergence_term(p[1], q[1]) > 0);
    assert_close(d.pq.neg + d.pq.pos, 0, 0, 1e-15);
    assert_close(d.js, 0.5e-18, 1e-6, 0);   /* JS ~ KL/4 */
    assert_close(d.tv, 1e-9, 1e-6, 0);
}

/* Independent reference for p ln(p/q) - p + q in long double: with
 * r = (p - q)/q it is q ((1+r) ln(1+r) - r), and
 * (1+r) ln(1+r) - r = sum_{k>=2} (-1)^k r^k / (k (k-1)) for |r| < 1. */
static long double ref_nonneg(double p, double q)
{
    if (p == 0)
        return q;
    long double lp = p, lq = q;
    long double r = (lp - lq) / lq;
    if (fabsl(r) < 0.25L) {
        long double s = 0, pw = r * r;
        for (int k = 2; k < 80; k++) {
            long double t = pw / ((long double)k * (k - 1));
            s += k % 2 ? -t : t;
            pw *= r;
        }
        return lq * s;
    }
    return lp * (logl(lp) - logl(lq)) - lp + lq;
}

static void test_term_nonneg_vs_long_double(void **state)
{
    (void)state;
    double worst = 0, worst_p = 0, worst_q = 0;
    struct test_rng r = {7};
    for (int i = 0; i < 200000; i++) {
        double q = exp(-40 * rng_uniform(&r));
        double ratio;
        switch (i % 4) {
        case 0:   /* near 1: 1 +- 10^-k */
            ratio = 1 + (rng_uniform(&r) - 0.5) * pow(10.0, -(double)
                                                      rng_below(&r, 16));
            break;
        case 1:   /* within a factor two, around the series boundary */
            ratio = 0.5 + 1.5 * rng_uniform(&r);
            break;
        case 2:   /* far apart */
            ratio = exp((rng_uniform(&r) - 0.5) * 100);
            break;
        default:  /* u = (p-q)/(p+q) near +-0.1 */
            ratio = (rng_below(&r, 2) ? 11.0 / 9.0 : 9.0 / 11.0) *
                    (1 + (rng_uniform(&r) - 0.5) * 1e-3);
            break;
        }
        double p = q * ratio;
        double got = divergence_term_nonneg(p, q);
        long double ref = ref_nonneg(p, q);
        assert_true(got >= 0);
        if (ref == 0) {
            assert_same_double(got, 0.0);
            continue;
        }
        double rel = (double)(fabsl((long double)got - ref) / ref);
        if (rel > worst) {
            worst = rel;
            worst_p = p;
            worst_q = q;
        }
    }
    print_message("divergence_term_nonneg: worst relative error %.3g "
                  "(%.3g ulp) at p=%a q=%a\n", worst, worst / DBL_EPSILON,
                  worst_p, worst_q);
    /* "full relative precision": a handful of ulps */
    assert_true(worst < 5 * DBL_EPSILON);
}

static void test_term_vs_long_double(void **state)
{
    (void)state;
    struct test_rng r = {8};
    for (int i = 0; i < 100000; i++) {
        double q = exp(-700 * rng_uniform(&r));
        double p = exp(-700 * rng_uniform(&r));
        if (i % 2)
            p = q * (1 + (rng_uniform(&r) - 0.5) * 1e-6);
        /* log1pl where p and q are close (p - q is then exact), since
         * logl(p) - logl(q) cancels */
        long double lr = p <= 2 * q && q <= 2 * p
                             ? log1pl(((long double)p - q) / q)
                             : logl(p) - logl(q);
        long double ref = (long double)p * lr;
        double got = divergence_term(p, q);
        /* the log ratio is accurate to a few ulps of its own size */
        double lr_got = divergence_log_ratio(p, q);
        assert_close(lr_got, (double)lr, 1e-14, 1e-300);
        assert_close(got, (double)ref, 1e-14, 1e-300);
    }
}

/* Randomized: 20,000 nearly equal pairs. Totals are never negative and
 * match the long double reference sum of the same nonnegative brackets. */
static void test_random_near_equal_pairs(void **state)
{
    (void)state;
    struct test_rng r = {20000};
    double worst = 0;
    int naive_negative = 0;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 2 + rng_below(&r, 30);
        double p[32], q[32], sum;
        double eps = pow(10.0, -(double)(3 + rng_below(&r, 13)));
        for (size_t i = 0; i < n; i++) {
            p[i] = rng_uniform(&r);
            q[i] = p[i] * (1 + eps * (rng_uniform(&r) - 0.5));
        }
        assert_true(dist_normalize_lost(p, n, "P", &sum, NULL, NULL));
        assert_true(dist_normalize_lost(q, n, "Q", &sum, NULL, NULL));
        struct divergence d;
        compute(p, q, n, &d);
        if (!(d.pq.total >= 0) || !(d.qp.total >= 0))
            fail_msg("negative total at iteration %d: %.17g %.17g", iter,
                     d.pq.total, d.qp.total);
        assert_true(d.js >= 0 && d.js <= LN2);
        long double rpq = 0, rqp = 0;
        double naive = 0;
        for (size_t i = 0; i < n; i++) {
            rpq += ref_nonneg(p[i], q[i]);
            rqp += ref_nonneg(q[i], p[i]);
            naive += p[i] * log(p[i] / q[i]);
        }
        naive_negative += naive < 0;
        double e1 = rpq != 0 ? (double)(fabsl(d.pq.total - rpq) / rpq)
                        : fabs(d.pq.total);
        double e2 = rqp != 0 ? (double)(fabsl(d.qp.total - rqp) / rqp)
                        : fabs(d.qp.total);
        worst = fmax(worst, fmax(e1, e2));
        if (e1 > 8 * DBL_EPSILON || e2 > 8 * DBL_EPSILON)
            fail_msg("iteration %d (n=%zu, eps=%g): totals %.17g %.17g vs "
                     "reference %.17Lg %.17Lg", iter, n, eps, d.pq.total,
                     d.qp.total, rpq, rqp);
    }
    print_message("near-equal pairs: worst relative error %.3g ulp; the "
                  "naive sum was negative in %d of 20000\n",
                  worst / DBL_EPSILON, naive_negative);
}

/* Randomized identities over pairs with zeros and varied sizes. */
static void test_random_identities(void **state)
{
    (void)state;
    struct test_rng r = {4242};
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = 1 + rng_below(&r, 20);
        double p[20], q[20], sum;
        for (size_t i = 0; i < n; i++) {
            p[i] = rng_below(&r, 5) ? rng_uniform(&r) : 0;
            q[i] = rng_below(&r, 5) ? rng_uniform(&r) : 0;
        }
        p[rng_below(&r, n)] = 1;
        q[rng_below(&r, n)] = 1;
        assert_true(dist_normalize_lost(p, n, "P", &sum, NULL, NULL));
        assert_true(dist_normalize_lost(q, n, "Q", &sum, NULL, NULL));
        struct divergence d, s, pp;
        compute(p, q, n, &d);
        compute(q, p, n, &s);
        compute(p, p, n, &pp);
        /* KL(P||P) = 0 exactly, both ways */
        assert_same_double(pp.pq.total, 0.0);
        assert_same_double(pp.qp.total, 0.0);
        assert_true(pp.identical);
        assert_same_double(pp.js, 0.0);
        assert_same_double(pp.tv, 0.0);
        /* swapping P and Q swaps the directions exactly */
        assert_same_double(s.pq.total, d.qp.total);
        assert_same_double(s.qp.total, d.pq.total);
        assert_same_double(s.h_pq, d.h_qp);
        assert_close(s.js, d.js, 1e-15, 1e-300);
        assert_close(s.tv, d.tv, 1e-15, 0);
        /* nonnegative; JS and TV bounded */
        assert_true(d.pq.total >= 0 && d.qp.total >= 0);
        assert_true(d.js >= 0 && d.js <= LN2 * (1 + 1e-15));
        assert_true(d.tv >= 0 && d.tv <= 1 + 1e-15);
        /* H(P,Q) = H(P) + KL(P||Q), and the same the other way */
        if (isinf(d.pq.total))
            assert_true(isinf(d.h_pq));
        else
            assert_close(d.h_pq, d.h_p + d.pq.total, 1e-13, 1e-15);
        if (isinf(d.qp.total))
            assert_true(isinf(d.h_qp));
        else
            assert_close(d.h_qp, d.h_q + d.qp.total, 1e-13, 1e-15);
        /* Pinsker, both ways */
        assert_true(d.tv <= sqrt(d.pq.total / 2) * (1 + 1e-12) + 1e-15);
        assert_true(d.tv <= sqrt(d.qp.total / 2) * (1 + 1e-12) + 1e-15);
        /* JS <= min(KL)/4... in fact JS <= KL(P||M)/2 + KL(Q||M)/2 is
         * its definition; check JS <= ln 2 * TV (a known bound) */
        assert_true(d.js <= LN2 * d.tv * (1 + 1e-12) + 1e-15);
        /* the infinite lists name exactly the entries with q = 0 < p */
        size_t want = 0;
        for (size_t i = 0; i < n; i++) {
            if (p[i] > 0 && q[i] == 0) {
                assert_true(want < d.pq.n_inf);
                assert_int_equal(d.pq.inf_idx[want], i);
                want++;
            }
        }
        assert_int_equal(d.pq.n_inf, want);
        /* neg + pos agrees with the total when finite */
        if (isfinite(d.pq.total))
            assert_close(d.pq.neg + d.pq.pos, d.pq.total, 1e-12, 1e-14);
        assert_true(d.pq.neg <= 0 && d.pq.pos >= 0);
    }
}

/* ---- Neumaier sums ---- */

static void test_ksum(void **state)
{
    (void)state;
    struct ksum k = {0, 0};
    const double v[] = {1.0, 1e100, 1.0, -1e100};
    for (size_t i = 0; i < 4; i++)
        ksum_add(&k, v[i]);
    assert_same_double(ksum_value(&k), 2.0);

    /* 0.1 added ten million times: naive drifts, Neumaier does not */
    struct ksum t = {0, 0};
    double naive = 0;
    for (int i = 0; i < 10000000; i++) {
        ksum_add(&t, 0.1);
        naive += 0.1;
    }
    long double exact = 10000000.0L * (long double)0.1;
    assert_same_double(ksum_value(&t), (double)exact);
    assert_true(fabs(naive - (double)exact) > 1e-6);

    /* random signed values of wildly different sizes */
    struct test_rng r = {5};
    for (int rep = 0; rep < 200; rep++) {
        struct ksum s = {0, 0};
        long double ref = 0;
        long double abs_sum = 0;
        for (int i = 0; i < 1000; i++) {
            double x = (rng_uniform(&r) - 0.5) *
                       pow(2.0, (double)rng_below(&r, 40) - 20);
            ksum_add(&s, x);
            ref += x;
            abs_sum += fabsl((long double)x);
        }
        /* error bounded by ~ eps |sum| + n eps^2 sum|x| */
        assert_close(ksum_value(&s), (double)ref, 2 * DBL_EPSILON,
                     (double)(abs_sum * 1e-25L));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_totals),
        cmocka_unit_test(test_seed_directions),
        cmocka_unit_test(test_seed_terms),
        cmocka_unit_test(test_seed_bases),
        cmocka_unit_test(test_log_base_names),
        cmocka_unit_test(test_bernoulli),
        cmocka_unit_test(test_entropy_never_negative),
        cmocka_unit_test(test_binomials),
        cmocka_unit_test(test_die),
        cmocka_unit_test(test_zero_entry_conventions),
        cmocka_unit_test(test_both_zero_entries),
        cmocka_unit_test(test_inf_list),
        cmocka_unit_test(test_point_mass_vs_uniform),
        cmocka_unit_test(test_js_references),
        cmocka_unit_test(test_single_entry),
        cmocka_unit_test(test_tiny_q_no_overflow),
        cmocka_unit_test(test_near_equal_pair),
        cmocka_unit_test(test_term_nonneg_vs_long_double),
        cmocka_unit_test(test_term_vs_long_double),
        cmocka_unit_test(test_random_near_equal_pairs),
        cmocka_unit_test(test_random_identities),
        cmocka_unit_test(test_ksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
