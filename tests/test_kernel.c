/* Unit tests for the fast path of core/divergence: divergence_compute,
 * divergence_kl and divergence_terms against the scalar reference
 * divergence_compute_scalar / divergence_term, on every instruction set the
 * CPU has, over random and adversarial inputs (tiny and huge ratios, zeros,
 * subnormals, nearly equal entries, sizes around the block length).
 *
 * The bound: DIVERGENCE_FAST_REL (1e-14) relative for every sum of
 * nonnegative quantities; for the signed sums (neg, pos) relative to their
 * own size; counts, inf lists and `identical` exactly; and every
 * instruction set gives the same bits. renyi_divergence likewise against
 * renyi_divergence_scalar (the bound is explained at check_renyi). */
#include "core/halves.h"
#include "core/kernel.h"
#include "core/renyi.h"
#include "test_util.h"

#include <float.h>

#include "core/dist.h"
#include "core/divergence.h"

static const enum kernel_isa isas[] = {
    KERNEL_ISA_PORTABLE, KERNEL_ISA_AVX2, KERNEL_ISA_AVX512,
};
#define N_ISAS (sizeof isas / sizeof isas[0])

static double worst_rel;

static void close_or_fail(double fast, double ref, double scale,
                          const char *what, size_t n, int iter)
{
    if (fast == ref)
        return;
    if (isnan(fast) || isnan(ref) || isinf(fast) || isinf(ref))
        fail_msg("%s (n=%zu, iteration %d): fast %.17g, scalar %.17g", what,
                 n, iter, fast, ref);
    double rel = fabs(fast - ref) / fmax(scale, DBL_MIN);
    worst_rel = fmax(worst_rel, rel);
    if (rel > DIVERGENCE_FAST_REL)
        fail_msg("%s (n=%zu, iteration %d): fast %.17g, scalar %.17g, "
                 "relative %.3g", what, n, iter, fast, ref, rel);
}

static void same_direction(const struct direction *f,
                           const struct direction *s, const char *what,
                           size_t n, int iter)
{
    assert_int_equal(f->n_inf, s->n_inf);
    assert_int_equal(f->n_neg, s->n_neg);
    size_t shown = f->n_inf < DIVERGENCE_INF_LIST ? f->n_inf
                                                  : DIVERGENCE_INF_LIST;
    for (size_t k = 0; k < shown; k++)
        assert_int_equal(f->inf_idx[k], s->inf_idx[k]);
    assert_true(f->total >= 0);
    close_or_fail(f->total, s->total, fabs(s->total), what, n, iter);
    double mag = fabs(s->neg) + (isinf(s->pos) ? 0 : s->pos);
    close_or_fail(f->neg, s->neg, mag, what, n, iter);
    if (isinf(s->pos))
        assert_true(isinf(f->pos));
    else
        close_or_fail(f->pos, s->pos, mag, what, n, iter);
}

/* Jensen-Shannon in long double. The scalar path's JS goes through the
 * rounded midpoint m = (p+q)/2 and loses up to ~1% on nearly equal pairs;
 * the fast path's series in u = (p-q)/(p+q) does not, so JS is checked
 * against this instead. */
static double ref_js(const double *p, const double *q, size_t n)
{
    long double sum = 0;
    for (size_t i = 0; i < n; i++) {
        long double P = p[i], Q = q[i];
        if (P == 0 && Q == 0)
            continue;
        if (P == 0 || Q == 0) {
            sum += (P + Q) / 2 * logl(2.0L);
            continue;
        }
        long double u = (P - Q) / (P + Q);
        if (fabsl(u) <= 1.0L / 3) {
            long double w = u * u, t = w, f = 0;
            for (int k = 1; k < 40; k++) {
                f += t / (k * (2.0L * k - 1));
                t *= w;
            }
            sum += (P + Q) / 4 * f;
        } else {
            sum += (P * logl(2 * P / (P + Q)) + Q * logl(2 * Q / (P + Q))) /
                   2;
        }
    }
    return (double)sum;
}

/* A pass that gives per-term values and the maxima: the terms tf, tr
 * and the maxima mm, mt bit for bit, and with `pass` (else
 * divergence_terms_max) the struct `want`. Outputs are poisoned first. */
typedef void terms_pass(const double *, const double *, size_t,
                        struct divergence *, double *, double *, double *,
                        double *);

static void check_terms_pass(const double *p, const double *q, size_t n,
                             terms_pass *pass, const struct divergence *want,
                             const double *tf, const double *tr, double mm,
                             double mt)
{
    double *tf2 = malloc(n * sizeof *tf2), *tr2 = malloc(n * sizeof *tr2);
    assert_non_null(tf2);
    assert_non_null(tr2);
    memset(tf2, 0x5A, n * sizeof *tf2);
    memset(tr2, 0x5A, n * sizeof *tr2);
    double m1 = -1, t1 = -1;
    if (pass) {
        struct divergence got;
        memset(&got, 0xA5, sizeof got);
        pass(p, q, n, &got, tf2, tr2, &m1, &t1);
        assert_memory_equal(&got, want, sizeof got);
    } else {
        divergence_terms_max(p, q, n, tf2, tr2, &m1, &t1);
    }
    assert_memory_equal(tf2, tf, n * sizeof *tf);
    assert_memory_equal(tr2, tr, n * sizeof *tr);
    assert_true(m1 == mm);
    assert_true(t1 == mt);
    free(tf2);
    free(tr2);
}

/* Fast against scalar for one pair, on every instruction set; all
 * instruction sets must agree bit for bit. */
static void check_pair(const double *p, const double *q, size_t n, int iter)
{
    struct divergence s, first;
    divergence_compute_scalar(p, q, n, &s);
    double *tf = malloc(n * sizeof *tf), *tr = malloc(n * sizeof *tr);
    assert_non_null(tf);
    assert_non_null(tr);
    bool have_first = false;
    for (size_t k = 0; k < N_ISAS; k++) {
        if (!kernel_set_isa(isas[k]))
            continue;
        struct divergence f, kl;
        memset(&f, 0x5A, sizeof f);
        divergence_compute(p, q, n, &f);
        same_direction(&f.pq, &s.pq, "KL(P||Q)", n, iter);
        same_direction(&f.qp, &s.qp, "KL(Q||P)", n, iter);
        assert_int_equal(f.identical, s.identical);
        close_or_fail(f.h_p, s.h_p, s.h_p, "H(P)", n, iter);
        close_or_fail(f.h_q, s.h_q, s.h_q, "H(Q)", n, iter);
        close_or_fail(f.h_pq, s.h_pq, s.h_pq, "H(P,Q)", n, iter);
        close_or_fail(f.h_qp, s.h_qp, s.h_qp, "H(Q,P)", n, iter);
        double js = ref_js(p, q, n);
        close_or_fail(f.js, js, js, "JS", n, iter);
        close_or_fail(f.tv, s.tv, s.tv, "TV", n, iter);
        close_or_fail(f.hellinger, s.hellinger, s.hellinger, "Hellinger", n,
                      iter);
        close_or_fail(f.chi2_pq, s.chi2_pq, s.chi2_pq, "chi2(P,Q)", n, iter);
        close_or_fail(f.chi2_qp, s.chi2_qp, s.chi2_qp, "chi2(Q,P)", n, iter);

        /* the KL-only kernel gives the same directions, bit for bit */
        divergence_kl(p, q, n, &kl);
        assert_memory_equal(&kl.pq, &f.pq, sizeof kl.pq);
        assert_memory_equal(&kl.qp, &f.qp, sizeof kl.qp);
        assert_int_equal(kl.identical, f.identical);

        /* per-term values */
        divergence_terms(p, q, n, tf, tr);
        for (size_t i = 0; i < n; i++) {
            double rf = divergence_term(p[i], q[i]);
            double rr = divergence_term(q[i], p[i]);
            close_or_fail(tf[i], rf, fabs(rf), "term p log(p/q)", n, iter);
            close_or_fail(tr[i], rr, fabs(rr), "term q log(q/p)", n, iter);
        }

        /* the maxima of divergence_terms_max and the fused
         * divergence_compute_terms: the same terms and sums, bit for bit,
         * and the maxima a plain scan finds */
        double mm = 0, mt = 0;
        for (size_t i = 0; i < n; i++) {
            mm = fmax(mm, fmax(p[i], q[i]));
            if (isfinite(tf[i]))
                mt = fmax(mt, fabs(tf[i]));
            if (isfinite(tr[i]))
                mt = fmax(mt, fabs(tr[i]));
        }
        check_terms_pass(p, q, n, NULL, NULL, tf, tr, mm, mt);
        check_terms_pass(p, q, n, divergence_compute_terms, &f, tf, tr, mm,
                         mt);
        /* ... and the KL-only pass: divergence_kl's struct */
        check_terms_pass(p, q, n, divergence_kl_terms, &kl, tf, tr, mm, mt);

        if (!have_first) {
            first = f;
            have_first = true;
        } else {
            assert_memory_equal(&f, &first, sizeof f);
        }
    }
    free(tf);
    free(tr);
    kernel_set_isa(KERNEL_ISA_AUTO);
}

/* A value of one of many kinds, most of them hard. */
static double adversarial(struct test_rng *r, double ref)
{
    switch (rng_below(r, 12)) {
    case 0: return 0.0;
    case 1: return nextafter(0, 1) * (double)(1 + rng_below(r, 1000));
    case 2: return DBL_MIN * rng_uniform(r);            /* subnormal */
    case 3: return DBL_MIN * (1 + rng_uniform(r));      /* just normal */
    case 4: return ref;                                 /* equal */
    case 5: return ref * (1 + (rng_uniform(r) - 0.5) * 1e-12);
    case 6: return ref * (1 + (rng_uniform(r) - 0.5) * 1e-3);
    case 7: return ref * (rng_below(r, 2) ? 2.0 : 0.5); /* the boundary */
    case 8: return ref * (0.5 + 1.5 * rng_uniform(r));
    case 9: return exp(-700 * rng_uniform(r));
    case 10: return rng_uniform(r);
    default: return exp((rng_uniform(r) - 0.5) * 60);
    }
}

static void fill_normalized(double *v, size_t n)
{
    double sum;
    if (dist_sum(v, n) == 0)
        v[0] = 1;
    assert_true(dist_normalize_lost(v, n, "v", &sum, NULL, NULL));
}

/* For each size, reps pairs (reps_big from 1000 entries on) of four
 * kinds in turn: plain random, nearly equal, adversarial Q, adversarial
 * both; each checked as given, swapped, and against itself. */
typedef void pair_check(const double *, const double *, size_t, int);

static void random_pairs(struct test_rng *r, const size_t *sizes,
                         size_t n_sizes, int reps, int reps_big,
                         pair_check *check)
{
    int iter = 0;
    for (size_t si = 0; si < n_sizes; si++) {
        size_t n = sizes[si];
        double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
        assert_non_null(p);
        assert_non_null(q);
        for (int rep = 0; rep < (n > 1000 ? reps_big : reps); rep++, iter++) {
            int kind = rep % 4;
            for (size_t i = 0; i < n; i++) {
                p[i] = rng_uniform(r);
                if (kind == 0)         /* plain random */
                    q[i] = rng_uniform(r);
                else if (kind == 1)    /* nearly equal */
                    q[i] = p[i] * (1 + (rng_uniform(r) - 0.5) * 1e-9);
                else                   /* everything hard, mixed */
                    q[i] = adversarial(r, p[i]);
                if (kind == 3)
                    p[i] = adversarial(r, q[i]);
            }
            fill_normalized(p, n);
            fill_normalized(q, n);
            check(p, q, n, iter);
            check(q, p, n, iter);   /* and swapped */
            check(p, p, n, iter);   /* and equal */
        }
        free(p);
        free(q);
    }
}

static void test_random_and_adversarial(void **state)
{
    (void)state;
    struct test_rng r = {31337};
    static const size_t sizes[] = {1, 2, 3, 7, 8, 9, 127, 128, 129, 255,
                                   256, 257, 1000, 4099};
    worst_rel = 0;
    random_pairs(&r, sizes, sizeof sizes / sizeof sizes[0], 60, 20,
                 check_pair);
    print_message("fast path vs scalar: worst relative difference %.3g "
                  "(%.1f ulp)\n", worst_rel, worst_rel / DBL_EPSILON);
}

/* Hand-picked hard entries, each placed at every position of a block. */
static void test_hard_entries(void **state)
{
    (void)state;
    const double hard[][2] = {
        {0.5, 1e-320},          /* the ratio overflows */
        {1e-320, 0.5},
        {0.5, 0},               /* infinite forward */
        {0, 0.5},
        {0, 0},
        {DBL_MIN, 0.5},
        {0.5, DBL_MIN},
        {0.25, 0.25 * (1 + DBL_EPSILON)},
        {0.25, 0.5},            /* exactly a factor two */
        {0.5, 0.25},
        {0.25, nextafter(0.5, 1)},
        /* b ln(a/b) about the smallest subnormal: its sign decides the
         * counts of negative terms */
        {DBL_MIN, DBL_MIN * (1 + DBL_EPSILON)},
        {DBL_MIN * (1 + DBL_EPSILON), DBL_MIN},
        {DBL_MIN, DBL_MIN * (1 + 2 * DBL_EPSILON)},
    };
    enum { N = 300 };
    double p[N], q[N];
    for (size_t h = 0; h < sizeof hard / sizeof hard[0]; h++) {
        for (size_t pos = 0; pos < N; pos += 37) {
            for (size_t i = 0; i < N; i++) {
                p[i] = (double)(i % 7 + 1);
                q[i] = (double)(i % 5 + 1);
            }
            p[pos] = hard[h][0] * 1000;
            q[pos] = hard[h][1] * 1000;
            fill_normalized(p, N);
            fill_normalized(q, N);
            p[pos] = hard[h][0];    /* keep the hard values themselves */
            q[pos] = hard[h][1];
            check_pair(p, q, N, (int)h);
        }
    }
}

/* The kernel sums the negative terms as magnitudes and negates the sum:
 * with no negative term the sum is +0, as the reference's, not -0; and
 * both sums of negative terms are the reference's where every term of
 * one direction is negative. */
static void test_negative_sums_signs(void **state)
{
    (void)state;
    enum { N = 200 };
    double p[N], q[N];
    for (size_t i = 0; i < N; i++) {
        p[i] = (double)(i % 3 + 1);
        q[i] = i % 2 ? p[i] : p[i] / 3;     /* p >= q everywhere */
    }
    for (size_t k = 0; k < N_ISAS; k++) {
        if (!kernel_set_isa(isas[k]))
            continue;
        struct divergence f, s;
        divergence_kl(p, q, N, &f);
        divergence_compute_scalar(p, q, N, &s);
        assert_false(signbit(f.pq.neg));
        assert_true(f.pq.neg == 0 && s.pq.neg == 0);
        assert_false(signbit(f.qp.pos));
        assert_true(f.qp.pos == 0 && s.qp.pos == 0);
        assert_int_equal(f.pq.n_neg, 0);
        assert_int_equal(f.qp.n_neg, N / 2);
        assert_true(f.qp.neg < 0);
        double rel = fabs(f.qp.neg - s.qp.neg) / fabs(s.qp.neg);
        assert_true(rel <= DIVERGENCE_FAST_REL);
    }
    kernel_set_isa(KERNEL_ISA_AUTO);
}

/* Above HALVES_THREAD_MIN the second half runs on a thread: the same
 * bits as one thread, and still within the bound of the scalar path. */
static void test_threads_same_bits(void **state)
{
    (void)state;
    struct test_rng r = {4242};
    size_t n = HALVES_THREAD_MIN * 2 + 77;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    double *f1 = malloc(n * sizeof *f1), *f2 = malloc(n * sizeof *f2);
    assert_non_null(p);
    assert_non_null(q);
    assert_non_null(f1);
    assert_non_null(f2);
    for (size_t i = 0; i < n; i++) {
        p[i] = rng_uniform(&r);
        q[i] = i % 97 == 0 ? adversarial(&r, p[i]) : rng_uniform(&r);
    }
    fill_normalized(p, n);
    fill_normalized(q, n);
    check_pair(p, q, n, 0);
    for (size_t k = 0; k < N_ISAS; k++) {
        if (!kernel_set_isa(isas[k]))
            continue;
        struct divergence one, two;
        memset(&one, 0x5A, sizeof one);
        memset(&two, 0xA5, sizeof two);
        halves_set_threads(1);
        divergence_compute(p, q, n, &one);
        divergence_terms(p, q, n, f1, NULL);
        halves_set_threads(2);
        divergence_compute(p, q, n, &two);
        divergence_terms(p, q, n, f2, NULL);
        assert_memory_equal(&one, &two, sizeof one);
        assert_memory_equal(f1, f2, n * sizeof *f1);
        halves_set_threads(1);
        divergence_kl(p, q, n, &one);
        halves_set_threads(2);
        divergence_kl(p, q, n, &two);
        assert_memory_equal(&one, &two, sizeof one);
        /* the fused compute + terms, one thread and two */
        double m1, t1, m2, t2;
        double *g1 = malloc(n * sizeof *g1), *g2 = malloc(n * sizeof *g2);
        double *h2 = malloc(n * sizeof *h2);
        assert_non_null(g1);
        assert_non_null(g2);
        assert_non_null(h2);
        halves_set_threads(1);
        divergence_compute_terms(p, q, n, &one, f1, g1, &m1, &t1);
        halves_set_threads(2);
        divergence_compute_terms(p, q, n, &two, h2, g2, &m2, &t2);
        assert_memory_equal(&one, &two, sizeof one);
        assert_memory_equal(f1, h2, n * sizeof *f1);
        assert_memory_equal(g1, g2, n * sizeof *g1);
        assert_true(m1 == m2);
        assert_true(t1 == t2);
        /* the KL-only pass with terms, one thread and two */
        halves_set_threads(1);
        divergence_kl_terms(p, q, n, &one, f1, g1, &m1, &t1);
        halves_set_threads(2);
        divergence_kl_terms(p, q, n, &two, h2, g2, &m2, &t2);
        assert_memory_equal(&one, &two, sizeof one);
        assert_memory_equal(f1, h2, n * sizeof *f1);
        assert_memory_equal(g1, g2, n * sizeof *g1);
        assert_true(m1 == m2);
        assert_true(t1 == t2);
        free(g1);
        free(g2);
        free(h2);
    }
    halves_set_threads(0);
    kernel_set_isa(KERNEL_ISA_AUTO);
    free(p);
    free(q);
    free(f1);
    free(f2);
}

/* ---- Renyi: renyi_divergence against renyi_divergence_scalar ----
 *
 * Both compute the same sums (divergence.c), so they differ by rounding
 * alone, and how much rounding moves D depends on the input: a relative
 * error of about (1 + |x|) ulps in every term w e^x of S (the error of
 * ln(p/q) times the exponent) and of an ulp in each part of every
 * bracket, carried through ln S or log1p(S - 1) and divided by |a - 1|.
 * renyi_scale() is that first-order sum in units of the roundoff (like
 * the sum of magnitudes for KL's signed sums), and the bound is
 * DIVERGENCE_FAST_REL relative to |D| + renyi_scale. For most inputs the
 * scale is at most |D|; it is larger where D itself is ill-conditioned
 * (a = 1e-10 with very different P and Q, say). Nearly equal P and Q are
 * held to much more than this by test_renyi_nearly_equal. */
static const double renyi_orders[] = {
    0, 1e-10, 0.3, 0.5, 0.999999, 1, 1.000001, 2, 10, 100, INFINITY,
};
#define N_ORDERS (sizeof renyi_orders / sizeof renyi_orders[0])

static double renyi_scale(const double *p, const double *q, size_t n,
                          double alpha)
{
    if (alpha == 1 || isinf(alpha))
        return 0;   /* KL passed through; a maximum of log ratios */
    long double c = (long double)alpha - 1;
    bool wq = alpha < 0.5;
    long double g = wq ? (long double)alpha : c;
    long double top = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (p[i] > 0 && q[i] > 0) {
            long double w = wq ? q[i] : p[i];
            long double lw = logl(w) + g * logl((long double)p[i] / q[i]);
            top = lw > top ? lw : top;
        }
    }
    if (top == -INFINITY)
        return 0;
    /* sums scaled by e^-top, so that nothing overflows */
    long double s = 0, mag = 0, lin = 0;
    for (size_t i = 0; i < n; i++) {
        long double pi = p[i], qi = q[i];
        if (pi > 0 && qi > 0) {
            long double w = wq ? qi : pi;
            long double x = g * logl(pi / qi);
            long double e = expl(logl(w) + x - top);
            s += e;
            mag += e * (1 + fabsl(x));
            if (x < 700)
                lin += fabsl(w * expm1l(x)) + fabsl(g * (pi - qi));
        } else if (pi > 0) {
            lin += (long double)alpha * pi;
        } else if (qi > 0) {
            lin += fabsl(c) * qi;
        }
    }
    return (double)((mag + lin * expl(-top)) / (fabsl(c) * s));
}

static double renyi_worst_scaled, renyi_worst_rel;

/* Every order, fast against scalar on every instruction set; all
 * instruction sets give the same bits. */
static void check_renyi(const double *p, const double *q, size_t n,
                        int iter)
{
    struct divergence d;
    divergence_compute(p, q, n, &d);
    for (size_t k = 0; k < N_ORDERS; k++) {
        double alpha = renyi_orders[k];
        double ref = renyi_divergence_scalar(p, q, n, alpha, d.pq.total);
        double scale = fabs(ref) + renyi_scale(p, q, n, alpha);
        double first = 0;
        bool have_first = false;
        for (size_t i = 0; i < N_ISAS; i++) {
            if (!kernel_set_isa(isas[i]))
                continue;
            double f = renyi_divergence(p, q, n, alpha, d.pq.total);
            assert_true(f >= 0);
            if (have_first)
                assert_same_double(f, first);
            first = f;
            have_first = true;
            char what[64];
            snprintf(what, sizeof what, "Renyi order %.17g", alpha);
            close_or_fail(f, ref, scale, what, n, iter);
            if (f != ref && isfinite(ref) && scale > 0) {
                renyi_worst_scaled = fmax(renyi_worst_scaled,
                                          fabs(f - ref) / scale);
                if (ref > 0)
                    renyi_worst_rel = fmax(renyi_worst_rel,
                                           fabs(f - ref) / ref);
            }
        }
        kernel_set_isa(KERNEL_ISA_AUTO);
    }
}

static void test_renyi_random_and_adversarial(void **state)
{
    (void)state;
    struct test_rng r = {2718};
    static const size_t sizes[] = {1, 2, 3, 31, 32, 33, 63, 64, 65, 1000,
                                   4099};
    renyi_worst_scaled = renyi_worst_rel = 0;
    random_pairs(&r, sizes, sizeof sizes / sizeof sizes[0], 24, 8,
                 check_renyi);
    print_message("Renyi fast vs scalar: worst %.3g of the scale "
                  "(|D| + renyi_scale), worst %.3g relative to D\n",
                  renyi_worst_scaled, renyi_worst_rel);
}

/* Hand-picked hard entries for Renyi, each at several places of a block
 * (the kernel's list, and ratios beyond e^700 for the large orders). */
static void test_renyi_hard_entries(void **state)
{
    (void)state;
    const double hard[][2] = {
        {0.5, 1e-320}, {1e-320, 0.5}, {0.5, 0}, {0, 0.5}, {0, 0},
        {DBL_MIN, 0.5}, {0.5, DBL_MIN}, {0.25, 0.25 * (1 + DBL_EPSILON)},
        {0.25, 0.5}, {0.5, 0.25}, {0.25, nextafter(0.5, 1)},
        {0.5, 1e-300}, {1e-300, 0.5}, {0.5, 3 * DBL_MIN},
    };
    enum { N = 100 };
    double p[N], q[N];
    for (size_t h = 0; h < sizeof hard / sizeof hard[0]; h++) {
        for (size_t pos = 0; pos < N; pos += 33) {
            for (size_t i = 0; i < N; i++) {
                p[i] = (double)(i % 7 + 1);
                q[i] = (double)(i % 5 + 1);
            }
            p[pos] = hard[h][0] * 100;
            q[pos] = hard[h][1] * 100;
            fill_normalized(p, N);
            fill_normalized(q, N);
            p[pos] = hard[h][0];
            q[pos] = hard[h][1];
            check_renyi(p, q, N, (int)h);
            check_renyi(q, p, N, (int)h);
        }
    }
}

/* Nearly equal P and Q, q_i = p_i (1 + d_i) with |d_i| <= 1e-11: then
 * D_a = a chi2 / 2 to a relative O(a |d|), and chi2 (from
 * divergence_compute) has full precision. ln of the rounded sum was off
 * by up to 1e-16 / D here (all of it); the bound 1e-8 is what the
 * expansion allows, not what the paths need. */
static void test_renyi_nearly_equal(void **state)
{
    (void)state;
    struct test_rng r = {577};
    static const size_t sizes[] = {2, 33, 1000, 5000};
    static const double orders[] = {0, 1e-10, 0.3, 0.5, 0.999999,
                                    1.000001, 2, 10, 100};
    double worst = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
        assert_non_null(p);
        assert_non_null(q);
        for (int rep = 0; rep < 5; rep++) {
            for (size_t i = 0; i < n; i++) {
                p[i] = rng_uniform(&r);
                q[i] = p[i] * (1 + (rng_uniform(&r) - 0.5) * 2e-11);
            }
            fill_normalized(p, n);
            fill_normalized(q, n);
            struct divergence d;
            divergence_compute(p, q, n, &d);
            assert_true(d.chi2_pq > 0);
            for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
                double want = orders[k] * d.chi2_pq / 2;
                double f = renyi_divergence(p, q, n, orders[k], 0);
                double s = renyi_divergence_scalar(p, q, n, orders[k], 0);
                assert_close(f, want, 1e-8, 0);
                assert_close(s, want, 1e-8, 0);
                if (want > 0)
                    worst = fmax(worst, fmax(fabs(f - want),
                                             fabs(s - want)) / want);
            }
        }
        free(p);
        free(q);
    }
    print_message("Renyi nearly equal vs a chi2/2: worst relative %.3g\n",
                  worst);
}

/* Above HALVES_THREAD_MIN: 1 and 2 threads, every instruction set,
 * the same bits for every order. */
static void test_renyi_threads_same_bits(void **state)
{
    (void)state;
    struct test_rng r = {9001};
    size_t n = HALVES_THREAD_MIN * 2 + 77;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    assert_non_null(p);
    assert_non_null(q);
    for (size_t i = 0; i < n; i++) {
        p[i] = rng_uniform(&r);
        q[i] = i % 97 == 0 ? adversarial(&r, p[i]) : rng_uniform(&r);
    }
    p[n / 3] = 1e-3;   /* a ratio beyond e^700 at order 100: rescaled */
    q[n / 3] = 1e-310;
    fill_normalized(p, n);
    fill_normalized(q, n);
    for (size_t i = 0; i < n; i++)   /* finite for every order */
        q[i] = q[i] == 0 ? nextafter(0, 1) : q[i];
    for (size_t k = 0; k < N_ORDERS; k++) {
        double alpha = renyi_orders[k];
        double ref = renyi_divergence_scalar(p, q, n, alpha, 0.5);
        if (!isfinite(ref))
            fail_msg("order %.17g: %g", alpha, ref);
        double first = 0;
        bool have_first = false;
        for (size_t i = 0; i < N_ISAS; i++) {
            if (!kernel_set_isa(isas[i]))
                continue;
            for (int t = 1; t <= 2; t++) {
                halves_set_threads(t);
                double f = renyi_divergence(p, q, n, alpha, 0.5);
                if (have_first)
                    assert_same_double(f, first);
                first = f;
                have_first = true;
            }
        }
        close_or_fail(first, ref, fabs(ref) + renyi_scale(p, q, n, alpha),
                      "Renyi, threads", n, (int)k);
    }
    halves_set_threads(0);
    kernel_set_isa(KERNEL_ISA_AUTO);
    free(p);
    free(q);
}

static void test_isa_names(void **state)
{
    (void)state;
    assert_true(kernel_set_isa(KERNEL_ISA_PORTABLE));
    assert_int_equal(kernel_isa(), KERNEL_ISA_PORTABLE);
    assert_string_equal(kernel_isa_name(KERNEL_ISA_PORTABLE),
                        "portable");
    assert_true(kernel_set_isa(KERNEL_ISA_AUTO));
    assert_int_not_equal(kernel_isa(), KERNEL_ISA_AUTO);
    print_message("instruction set chosen: %s\n",
                  kernel_isa_name(kernel_isa()));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isa_names),
        cmocka_unit_test(test_hard_entries),
        cmocka_unit_test(test_negative_sums_signs),
        cmocka_unit_test(test_random_and_adversarial),
        cmocka_unit_test(test_threads_same_bits),
        cmocka_unit_test(test_renyi_hard_entries),
        cmocka_unit_test(test_renyi_random_and_adversarial),
        cmocka_unit_test(test_renyi_nearly_equal),
        cmocka_unit_test(test_renyi_threads_same_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
