/* Unit tests for the measures beside KL (Hellinger, chi-squared, Renyi, JS
 * distance), additive smoothing and the gradient, against closed forms and
 * the 50-digit values in shared/REFERENCE-VALUES.md. */
#include "gradient.h"
#include "renyi.h"
#include "test_util.h"

#include "dist.h"
#include "divergence.h"

static const double P[4] = {0.1, 0.2, 0.3, 0.4};
static const double Q[4] = {0.2, 0.3, 0.3, 0.2};

static void test_hellinger_and_chi2(void **state)
{
    (void)state;
    struct divergence d;
    divergence_compute(P, Q, 4, &d);
    assert_close(d.hellinger, 0.17546212414579300179, 1e-14, 0);
    assert_close(d.chi2_pq, 17.0 / 60.0, 1e-14, 0);
    assert_close(d.chi2_qp, 0.25, 1e-14, 0);
    assert_close(sqrt(d.js), 0.17469611875191114071, 1e-14, 0);

    /* Disjoint supports: Hellinger 1, chi2 infinite, JS ln 2. */
    const double a[4] = {0.5, 0.5, 0, 0}, b[4] = {0, 0, 0.5, 0.5};
    divergence_compute(a, b, 4, &d);
    assert_close(d.hellinger, 1.0, 1e-15, 0);
    assert_true(isinf(d.chi2_pq) && isinf(d.chi2_qp));
    assert_close(d.js, log(2.0), 1e-15, 0);

    /* Equal distributions: all zero. */
    divergence_compute(P, P, 4, &d);
    assert_true(d.hellinger == 0 && d.chi2_pq == 0 && d.chi2_qp == 0);
}

static void test_renyi(void **state)
{
    (void)state;
    struct divergence d;
    divergence_compute(P, Q, 4, &d);
    assert_close(renyi_divergence(P, Q, 4, 0.5, d.pq.total),
                 0.062541665299334220317, 1e-13, 0);
    assert_close(renyi_divergence(P, Q, 4, 2.0, d.pq.total),
                 log(77.0 / 60.0), 1e-14, 0);
    assert_close(renyi_divergence(Q, P, 4, 2.0, d.qp.total), log(1.25),
                 1e-14, 0);
    assert_close(renyi_divergence(P, Q, 4, INFINITY, d.pq.total), log(2.0),
                 1e-15, 0);
    /* Order 1 is KL, and the order is monotone: D_a <= D_b for a < b. */
    assert_true(renyi_divergence(P, Q, 4, 1.0, d.pq.total) == d.pq.total);
    double last = 0;
    const double orders[] = {0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0, INFINITY};
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        double r = renyi_divergence(P, Q, 4, orders[i], d.pq.total);
        assert_true(r >= last - 1e-15);
        last = r;
    }
    /* A zero in Q: orders > 1 are infinite, orders < 1 finite. */
    const double q0[3] = {0.5, 0.5, 0}, p0[3] = {0.25, 0.25, 0.5};
    divergence_compute(p0, q0, 3, &d);
    assert_true(isinf(renyi_divergence(p0, q0, 3, 2.0, d.pq.total)));
    assert_true(isinf(renyi_divergence(p0, q0, 3, INFINITY, d.pq.total)));
    /* D_1/2 = -2 log sum sqrt(pq) = -2 log(2 sqrt(1/8)) */
    assert_close(renyi_divergence(p0, q0, 3, 0.5, d.pq.total),
                 -2.0 * log(2.0 * sqrt(0.125)), 1e-14, 0);
}

/* renyi_divergence and the reference renyi_divergence_scalar against
 * values computed with 80-digit decimals (Python's decimal) from the exact
 * doubles, with klx's convention sum p = sum q = 1 (the sum taken as 1 +
 * sum of brackets p^a q^(1-a) - a p - (1-a) q). Both must hold
 * RENYI_REF_REL; they are within a few ulps in practice. */
#define RENYI_REF_REL 1e-14

static void renyi_both(const double *p, const double *q, size_t n,
                       double alpha, double want)
{
    double kl = NAN;   /* alpha = 1 is not asked here */
    double f = renyi_divergence(p, q, n, alpha, kl);
    double s = renyi_divergence_scalar(p, q, n, alpha, kl);
    if (isinf(want)) {
        assert_true(isinf(f) && f > 0);
        assert_true(isinf(s) && s > 0);
        return;
    }
    assert_close(f, want, RENYI_REF_REL, 0);
    assert_close(s, want, RENYI_REF_REL, 0);
}

static void test_renyi_reference_values(void **state)
{
    (void)state;
    static const struct {
        double alpha, want;
    } seed[] = {
        {1e-10, 1.21639532433277987542e-11},
        {0.3, 3.71655536507257758250e-02},
        {0.5, 6.25416652993342203626e-02},
        {0.999999, 1.26851004038504550087e-01},
        {1.000001, 1.26851261054192449018e-01},
        {2, 2.49460859631583153906e-01},
        {10, 5.91502664720739979032e-01},
        {100, 6.83891718621822519708e-01},
        {INFINITY, 0.69314718055994530942},
    };
    for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++)
        renyi_both(P, Q, 4, seed[i].alpha, seed[i].want);
    renyi_both(Q, P, 4, 2.0, log(1.25));

    /* Nearly equal: the sum is 1 + 1e-18, and ln of the rounded sum was
     * all noise (0 or ~1e-16 where D is ~1e-18). */
    const double h[2] = {0.5, 0.5}, hn[2] = {0.5 + 1e-9, 0.5 - 1e-9};
    static const struct {
        double alpha, want;
    } near[] = {
        {1e-10, 1.99999999789457837103e-28},
        {0.5, 9.99999998947289075056e-19},
        {0.999999, 1.99999799789458066724e-18},
        {1.000001, 2.00000199789457640336e-18},
        {2, 3.99999999578915707060e-18},
        {10, 1.99999999789457938271e-17},
        {100, 1.99999999789457654774e-16},
    };
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
        renyi_both(h, hn, 2, near[i].alpha, near[i].want);
    renyi_both(h, h, 2, 2.0, 0.0);
    renyi_both(h, h, 2, 0.5, 0.0);

    /* Large ratios with a large order: p^a q^(1-a) overflows (it was
     * +inf), the divergence does not. */
    const double big_p[2] = {0.01, 0.99}, big_q[2] = {1e-6, 1 - 1e-6};
    renyi_both(big_p, big_q, 2, 100.0, 9.16382350141064705440);
    renyi_both(big_p, big_q, 2, 50.0, 9.11635730695601687046);

    /* A point mass: D_a(delta_1 || Q) = -ln q_1 for every order; here
     * q_1 = 1e-320 is subnormal and, for a > 1, 1/q_1 overflows. */
    const double d_p[2] = {1, 0}, d_q[2] = {1e-320, 1};
    const double orders[] = {0, 0.25, 0.5, 2, 10, 100, INFINITY};
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
        renyi_both(d_p, d_q, 2, orders[i], 7.36827240890973939713e+02);

    /* Order 0: -ln Q(supp P); with a zero in P or in Q. */
    const double q0[3] = {0.5, 0.5, 0}, p0[3] = {0.25, 0.25, 0.5};
    renyi_both(p0, q0, 3, 0.0, 0.0);
    renyi_both(q0, p0, 3, 0.0, log(2.0));
    renyi_both(q0, p0, 3, 0.5, -2.0 * log(2.0 * sqrt(0.125)));
    renyi_both(p0, q0, 3, 1.5, INFINITY);
    renyi_both(p0, q0, 3, INFINITY, INFINITY);

    /* Disjoint supports: +inf for every order. */
    const double a[4] = {0.5, 0.5, 0, 0}, b[4] = {0, 0, 0.5, 0.5};
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++)
        renyi_both(a, b, 4, orders[i], INFINITY);
}

static void test_smooth(void **state)
{
    (void)state;
    double v[3] = {0.5, 0.5, 0};
    struct error err;
    assert_true(dist_smooth(v, 3, 0.01, &err));
    assert_close(v[0], 0.51 / 1.03, 1e-15, 0);
    assert_close(v[2], 0.01 / 1.03, 1e-15, 0);
    assert_close(v[0] + v[1] + v[2], 1.0, 1e-15, 0);
    double w[2] = {0.5, 0.5};
    assert_false(dist_smooth(w, 2, 0, &err));
    assert_false(dist_smooth(w, 2, -1, &err));
    assert_false(dist_smooth(w, 2, NAN, &err));
    assert_false(dist_smooth(w, 2, INFINITY, &err));
    assert_true(w[0] == 0.5 && w[1] == 0.5);   /* untouched on error */
}

/* KL(P||Q') where Q' has entry i set to v and the rest rescaled. */
static double kl_after_set(const double *a, const double *b, int i,
                           double v, bool edit_first)
{
    double x[4], y[4];
    const double *src = edit_first ? a : b;
    for (int j = 0; j < 4; j++)
        x[j] = j == i ? v : src[j] * (1 - v) / (1 - src[i]);
    for (int j = 0; j < 4; j++)
        y[j] = edit_first ? b[j] : a[j];
    struct divergence d;
    if (edit_first)
        divergence_compute(x, y, 4, &d);
    else
        divergence_compute(y, x, 4, &d);
    return d.pq.total;
}

static void test_gradient_matches_finite_differences(void **state)
{
    (void)state;
    struct divergence d;
    divergence_compute(P, Q, 4, &d);
    for (int edit_first = 0; edit_first < 2; edit_first++) {
        double g[4];
        gradient_compute(P, Q, 4, edit_first, d.pq.total, g);
        for (int i = 0; i < 4; i++) {
            const double *x = edit_first ? P : Q;
            double h = 1e-6;
            double fd = (kl_after_set(P, Q, i, x[i] + h, edit_first) -
                         kl_after_set(P, Q, i, x[i] - h, edit_first)) /
                        (2 * h);
            assert_close(g[i], fd, 1e-6, 1e-9);
        }
    }
    /* Closed form for editing Q: (1 - p_i/q_i) / (1 - q_i). */
    double g[4];
    gradient_compute(P, Q, 4, false, d.pq.total, g);
    assert_close(g[3], -1.25, 1e-15, 0);
    /* An entry holding all the mass has nothing to rescale against. */
    const double one[2] = {1, 0}, half[2] = {0.5, 0.5};
    divergence_compute(one, half, 2, &d);
    gradient_compute(one, half, 2, true, d.pq.total, g);
    assert_true(isnan(g[0]));
    assert_true(isinf(g[1]) && g[1] < 0);   /* raising p_2 from 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hellinger_and_chi2),
        cmocka_unit_test(test_renyi),
        cmocka_unit_test(test_renyi_reference_values),
        cmocka_unit_test(test_smooth),
        cmocka_unit_test(test_gradient_matches_finite_differences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
