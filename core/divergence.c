#include "divergence.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define KLX_KERNEL_X86 1
#else
#define KLX_KERNEL_X86 0
#endif

const char *log_base_name(enum log_base b)
{
    switch (b) {
    case BASE_2: return "2";
    case BASE_10: return "10";
    case BASE_E: break;
    }
    return "e";
}

const char *log_base_unit(enum log_base b)
{
    switch (b) {
    case BASE_2: return "bits";
    case BASE_10: return "bans";
    case BASE_E: break;
    }
    return "nats";
}

bool log_base_parse(const char *s, enum log_base *out)
{
    static const struct {
        const char *name;
        enum log_base base;
    } names[] = {
        {"e", BASE_E},   {"nats", BASE_E},  {"nat", BASE_E},  {"ln", BASE_E},
        {"2", BASE_2},   {"bits", BASE_2},  {"bit", BASE_2},
        {"10", BASE_10}, {"bans", BASE_10}, {"ban", BASE_10},
        {"dits", BASE_10}, {"hartleys", BASE_10},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].base;
            return true;
        }
    }
    return false;
}

double log_base_scale(enum log_base b)
{
    switch (b) {
    /* log2(e) and log10(e) correctly rounded; 1.0 / M_LN10 is 1 ulp off. */
    case BASE_2: return M_LOG2E;
    case BASE_10: return M_LOG10E;
    case BASE_E: break;
    }
    return 1.0;
}

static bool within_factor_two(double p, double q)
{
    return p <= 2.0 * q && q <= 2.0 * p;
}

double divergence_log_ratio(double p, double q)
{
    if (within_factor_two(p, q))
        return log1p((p - q) / q);   /* p - q is exact here (Sterbenz) */
    double r = p / q;
    if (r >= DBL_MIN && r <= DBL_MAX)
        return log(r);               /* r rounded once: tiny absolute error */
    return log(p) - log(q);          /* far apart: no cancellation to fear */
}

double divergence_term(double p, double q)
{
    if (p == 0.0)
        return 0.0;
    if (q == 0.0)
        return INFINITY;
    return p * divergence_log_ratio(p, q);
}

/* (1+u)*atanh(u) - u = u^2 * (1 + u/3 + u^2/3 + u^3/5 + u^4/5 + ...),
 * evaluated by Horner for |u| <= 1/3 (all p, q within a factor of two),
 * where 36 terms reach full precision: the terms shrink like 3^-j / j. The
 * closed form (1+u)*atanh(u) - u cancels and loses ~4 bits near |u| = 0.1. */
static double nonneg_series(double u)
{
    double g = 0.0;
    for (int j = 36; j >= 1; j--)
        g = g * u + 1.0 / (double)(2 * ((j + 1) / 2) + 1);
    g = g * u + 1.0;
    return u * u * g;
}

double divergence_term_nonneg(double p, double q)
{
    if (p == 0.0)
        return q;
    if (q == 0.0)
        return INFINITY;
    if (within_factor_two(p, q)) {
        /* With s = (p+q)/2 and u = (p-q)/(p+q): p = s(1+u), q = s(1-u),
         * ln(p/q) = 2 atanh(u), so the bracket is 2s((1+u)atanh(u) - u). */
        double sum = p + q;
        double u = (p - q) / sum;
        return sum * nonneg_series(u);
    }
    return p * divergence_log_ratio(p, q) - (p - q);
}

static void direction_note_inf(struct direction *d, size_t i)
{
    if (d->n_inf < DIVERGENCE_INF_LIST)
        d->inf_idx[d->n_inf] = i;
    d->n_inf++;
}

/* ==== the fused, vectorized kernel ====
 *
 * divergence_compute_scalar() above is the reference: one entry at a time,
 * libm's log and log1p, Neumaier sums. The fast path below computes the
 * same quantities in blocks of KBLOCK entries:
 *
 *  1. A branch-free loop over the block (vectorized with `#pragma omp simd`
 *     and -fopenmp-simd) computes every entry's contributions into small
 *     per-quantity arrays. It uses its own logarithm, exact in its range
 *     reduction and a handful of ulps in the result, built only from +, -,
 *     *, / and bit operations, so that no -ffast-math is needed and every
 *     instruction set gives the same bits:
 *         x = 2^k m, m in [sqrt(1/2), sqrt 2), u = (m-1)/(m+1),
 *         ln x = k ln 2 + 2u A(u^2),  A(w) = 1 + w B(w),
 *         B(w) = sum_j w^j / (2j+3).
 *     For a log ratio of p and q within a factor two, u = (p-q)/(p+q)
 *     directly (p - q exact), and the nonnegative bracket
 *     p ln(p/q) - p + q = (p+q) u^2 (A + uB) has no cancellation at all.
 *     Entries the loop cannot do exactly (a zero, a subnormal, a ratio out
 *     of range) are replaced by p = q = 1, which contributes nothing, and
 *     counted.
 *  2. When the block had such entries, a scalar pass redoes them with the
 *     reference code (the conventions 0 log 0 = 0, +inf and the inf lists
 *     live there, and only there).
 *  3. Each array is summed pairwise (a fixed tree of log2(KBLOCK) levels:
 *     error <= 7 ulps of the sum of magnitudes, and for the nonnegative
 *     brackets of the total itself), and the block sums enter Neumaier sums.
 *
 * The ratio is taken as max/min and its sign applied afterwards, so that
 * swapping P and Q swaps the two directions bit for bit. The order of
 * operations does not depend on the vector width, and the code uses no
 * fused multiply-add (C17 mode contracts nothing), so every instruction set
 * gives identical results. The instruction set is chosen at run time on
 * x86-64 (AVX-512, AVX2, or the SSE2 baseline); elsewhere the portable
 * build is the only one. */

#define KBLOCK 128

enum acc {
    ACC_TOT_PQ, ACC_TOT_QP, ACC_NEG_PQ, ACC_POS_PQ, ACC_NEG_QP, ACC_POS_QP,
    ACC_KL_COUNT,                           /* the KL-only kernel stops here */
    ACC_HP = ACC_KL_COUNT, ACC_HQ, ACC_HPQ, ACC_HQP, ACC_JS, ACC_TV, ACC_HEL,
    ACC_CHI_PQ, ACC_CHI_QP,
    ACC_TERM_PQ, ACC_TERM_QP,               /* per-term values, not sums */
    ACC_NNEG_PQ, ACC_NNEG_QP, ACC_DIFF, ACC_SPECIAL,   /* 0/1 flags */
    ACC_COUNT
};
#define ACC_SUMS ACC_TERM_PQ

/* One entry by the reference formulas: every quantity, with the entry's
 * infinite and negative flags. Used by the scalar path and by the fast
 * path's fix-up of special entries. */
struct entry_flags {
    bool inf_pq, inf_qp, neg_pq, neg_qp;
};

static struct entry_flags entry_scalar(double pi, double qi, double *v)
{
    struct entry_flags f;
    f.inf_pq = pi > 0 && qi == 0;
    f.inf_qp = qi > 0 && pi == 0;
    v[ACC_TOT_PQ] = divergence_term_nonneg(pi, qi);
    v[ACC_TOT_QP] = divergence_term_nonneg(qi, pi);
    double tf = divergence_term(pi, qi), tr = divergence_term(qi, pi);
    v[ACC_TERM_PQ] = tf;
    v[ACC_TERM_QP] = tr;
    f.neg_pq = tf < 0;
    f.neg_qp = tr < 0;
    v[ACC_NEG_PQ] = tf < 0 ? tf : 0.0;
    v[ACC_POS_PQ] = tf > 0 ? tf : 0.0;
    v[ACC_NEG_QP] = tr < 0 ? tr : 0.0;
    v[ACC_POS_QP] = tr > 0 ? tr : 0.0;
    double lp = pi > 0 ? log(pi) : 0.0;
    double lq = qi > 0 ? log(qi) : 0.0;
    v[ACC_HP] = pi > 0 ? -pi * lp : 0.0;
    v[ACC_HPQ] = pi > 0 ? (qi > 0 ? -pi * lq : INFINITY) : 0.0;
    v[ACC_HQ] = qi > 0 ? -qi * lq : 0.0;
    v[ACC_HQP] = qi > 0 ? (pi > 0 ? -qi * lp : INFINITY) : 0.0;
    v[ACC_JS] = 0.0;
    if (pi == 0 || qi == 0) {
        /* m = (p+q)/2: the bracket sum is (p+q) ln 2 exactly; the general
         * form would divide by m = 0 when p + q is the smallest
         * subnormal. */
        v[ACC_JS] = 0.5 * (pi + qi) * M_LN2;
    } else {
        /* (p + q) / 2, not p/2 + q/2: half the smallest subnormal rounds
         * to 0, and m = 0 made JS infinite for p = q = 4.9e-324. */
        double m = pi + qi <= DBL_MAX ? 0.5 * (pi + qi) : 0.5 * pi + 0.5 * qi;
        v[ACC_JS] = 0.5 * (divergence_term_nonneg(pi, m) +
                           divergence_term_nonneg(qi, m));
    }
    v[ACC_TV] = 0.5 * fabs(pi - qi);
    /* (sqrt p - sqrt q)^2 rather than 1 - sum sqrt(pq): no cancellation
     * when P is close to Q. */
    double d = sqrt(pi) - sqrt(qi);
    v[ACC_HEL] = 0.5 * d * d;
    double diff2 = (pi - qi) * (pi - qi);
    v[ACC_CHI_PQ] = qi > 0 ? diff2 / qi : 0.0;
    v[ACC_CHI_QP] = pi > 0 ? diff2 / pi : 0.0;
    return f;
}

/* Accumulators shared by both paths. */
struct totals {
    struct ksum k[ACC_SUMS];
    size_t n_diff;
};

static void totals_finish(const struct totals *t, struct divergence *out)
{
    double v[ACC_SUMS];
    for (int a = 0; a < ACC_SUMS; a++)
        v[a] = ksum_value(&t->k[a]);
    bool ipq = out->pq.n_inf > 0, iqp = out->qp.n_inf > 0;
    /* An infinite term poisons the compensation with inf - inf = nan; the
     * totals are then exactly +inf by convention. A total is a sum of
     * nonnegative brackets, so it cannot be below 0; the max() only says
     * so to the reader. */
    out->pq.total = ipq ? INFINITY : fmax(v[ACC_TOT_PQ], 0.0);
    out->qp.total = iqp ? INFINITY : fmax(v[ACC_TOT_QP], 0.0);
    out->pq.neg = v[ACC_NEG_PQ];
    out->qp.neg = v[ACC_NEG_QP];
    out->pq.pos = ipq ? INFINITY : v[ACC_POS_PQ];
    out->qp.pos = iqp ? INFINITY : v[ACC_POS_QP];
    out->h_p = v[ACC_HP];
    out->h_q = v[ACC_HQ];
    out->h_pq = ipq ? INFINITY : v[ACC_HPQ];
    out->h_qp = iqp ? INFINITY : v[ACC_HQP];
    out->js = v[ACC_JS];
    out->tv = v[ACC_TV];
    out->hellinger = sqrt(v[ACC_HEL]);
    out->chi2_pq = ipq ? INFINITY : v[ACC_CHI_PQ];
    out->chi2_qp = iqp ? INFINITY : v[ACC_CHI_QP];
    out->identical = t->n_diff == 0;
}

static void note_entry(struct divergence *out, struct entry_flags f,
                       size_t i)
{
    if (f.inf_pq)
        direction_note_inf(&out->pq, i);
    if (f.inf_qp)
        direction_note_inf(&out->qp, i);
    out->pq.n_neg += f.neg_pq;
    out->qp.n_neg += f.neg_qp;
}

void divergence_compute_scalar(const double *p, const double *q, size_t n,
                               struct divergence *out)
{
    memset(out, 0, sizeof *out);
    struct totals t;
    memset(&t, 0, sizeof t);
    double v[ACC_COUNT];
    for (size_t i = 0; i < n; i++) {
        note_entry(out, entry_scalar(p[i], q[i], v), i);
        t.n_diff += p[i] != q[i];
        for (int a = 0; a < ACC_SUMS; a++)
            ksum_add(&t.k[a], v[a]);
    }
    totals_finish(&t, out);
}

/* ---- the vector-friendly pieces ---- */

#if defined(__GNUC__)
#define KINLINE static inline __attribute__((always_inline))
#else
#define KINLINE static inline
#endif

#define LN2_HI 6.93147180369123816490e-01   /* 32 bits: k * LN2_HI exact */
#define LN2_LO 1.90821492927058770002e-10
#define SQRT2 1.41421356237309504880

KINLINE uint64_t k_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

KINLINE double k_double(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* B(w) = sum_{j<16} w^j/(2j+3): enough for w <= 1/9 (|u| <= 1/3), where
 * the first term left out is below 2^-56 of A. */
KINLINE double k_poly_b16(double w)
{
    double b = 1.0 / 33.0;
    b = b * w + 1.0 / 31.0;
    b = b * w + 1.0 / 29.0;
    b = b * w + 1.0 / 27.0;
    b = b * w + 1.0 / 25.0;
    b = b * w + 1.0 / 23.0;
    b = b * w + 1.0 / 21.0;
    b = b * w + 1.0 / 19.0;
    b = b * w + 1.0 / 17.0;
    b = b * w + 1.0 / 15.0;
    b = b * w + 1.0 / 13.0;
    b = b * w + 1.0 / 11.0;
    b = b * w + 1.0 / 9.0;
    b = b * w + 1.0 / 7.0;
    b = b * w + 1.0 / 5.0;
    b = b * w + 1.0 / 3.0;
    return b;
}

/* The same series to 10 terms: enough for w <= 0.0295 (m in
 * [sqrt(1/2), sqrt 2)). */
KINLINE double k_poly_b10(double w)
{
    double b = 1.0 / 21.0;
    b = b * w + 1.0 / 19.0;
    b = b * w + 1.0 / 17.0;
    b = b * w + 1.0 / 15.0;
    b = b * w + 1.0 / 13.0;
    b = b * w + 1.0 / 11.0;
    b = b * w + 1.0 / 9.0;
    b = b * w + 1.0 / 7.0;
    b = b * w + 1.0 / 5.0;
    b = b * w + 1.0 / 3.0;
    return b;
}

/* C(w) = sum_{j<15} w^j / ((j+1)(2j+1)), so that for |u| <= 1/3
 * (1+u) ln(1+u) + (1-u) ln(1-u) = u^2 C(u^2). */
KINLINE double k_poly_c15(double w)
{
    double c = 1.0 / (15.0 * 29.0);
    c = c * w + 1.0 / (14.0 * 27.0);
    c = c * w + 1.0 / (13.0 * 25.0);
    c = c * w + 1.0 / (12.0 * 23.0);
    c = c * w + 1.0 / (11.0 * 21.0);
    c = c * w + 1.0 / (10.0 * 19.0);
    c = c * w + 1.0 / (9.0 * 17.0);
    c = c * w + 1.0 / (8.0 * 15.0);
    c = c * w + 1.0 / (7.0 * 13.0);
    c = c * w + 1.0 / (6.0 * 11.0);
    c = c * w + 1.0 / (5.0 * 9.0);
    c = c * w + 1.0 / (4.0 * 7.0);
    c = c * w + 1.0 / (3.0 * 5.0);
    c = c * w + 1.0 / (2.0 * 3.0);
    c = c * w + 1.0;
    return c;
}

/* x = 2^k m with m in [sqrt(1/2), sqrt 2), for normal x > 0. */
struct kred {
    double m, k;
};

KINLINE struct kred k_reduce(double x)
{
    uint64_t bits = k_bits(x);
    uint64_t e = bits >> 52;
    double m = k_double((bits & 0x000FFFFFFFFFFFFFull) |
                        0x3FF0000000000000ull);
    bool hi = m > SQRT2;
    m = hi ? 0.5 * m : m;
    e = hi ? e + 1 : e;
    /* e as a double without an int64 conversion (AVX2 has none). */
    struct kred r;
    r.m = m;
    r.k = k_double(e | 0x4330000000000000ull) -
          (4503599627370496.0 + 1023.0);
    return r;
}

/* ln x for normal x > 0. */
KINLINE double k_log(double x)
{
    struct kred red = k_reduce(x);
    double k = red.k, m = red.m;
    double u = (m - 1.0) / (m + 1.0);
    double w = u * u;
    double a = 1.0 + w * k_poly_b10(w);
    return k * LN2_HI + (k * LN2_LO + 2.0 * u * a);
}

#if defined(_OPENMP) || defined(KLX_OMP_SIMD)
#define K_SIMD _Pragma("omp simd")
#else
#define K_SIMD
#endif

/* Is entry (p, q) one the vector loop leaves to the reference code? */
KINLINE bool k_special(double p, double q)
{
    if (!(p >= DBL_MIN) || !(q >= DBL_MIN))
        return true;
    double a = p >= q ? p : q, b = p >= q ? q : p;
    return !(a / b <= DBL_MAX);
}

enum kmode { KMODE_KL, KMODE_ALL };

/* Stage 1 over one block: every entry's contributions and flags into v. */
KINLINE void k_block(const double *restrict p, const double *restrict q,
                     size_t cnt, double (*restrict v)[KBLOCK],
                     enum kmode mode)
{
    K_SIMD
    for (size_t j = 0; j < cnt; j++) {
        double p0 = p[j], q0 = q[j];
        v[ACC_DIFF][j] = p0 != q0 ? 1.0 : 0.0;
        /* Special entries become p = q = 1, which contributes nothing. */
        double ps = p0 >= DBL_MIN ? p0 : 1.0, qs = q0 >= DBL_MIN ? q0 : 1.0;
        ps = q0 >= DBL_MIN ? ps : 1.0;
        qs = p0 >= DBL_MIN ? qs : 1.0;
        double a = ps >= qs ? ps : qs, b = ps >= qs ? qs : ps;
        double r = a / b;
        v[ACC_SPECIAL][j] = (p0 >= DBL_MIN ? 0.0 : 1.0) +
                            (q0 >= DBL_MIN ? 0.0 : 1.0) +
                            (r <= DBL_MAX ? 0.0 : 1.0);
        ps = r <= DBL_MAX ? ps : 1.0;
        qs = r <= DBL_MAX ? qs : 1.0;
        a = r <= DBL_MAX ? a : 1.0;
        b = r <= DBL_MAX ? b : 1.0;
        r = r <= DBL_MAX ? r : 1.0;
        bool pge = ps >= qs;

        /* L = ln(a/b) >= 0 */
        bool within = a <= 2.0 * b;
        double d = a - b, s = a + b;
        struct kred red = k_reduce(r);
        double k = red.k, m = red.m;
        double u = (within ? d : m - 1.0) / (within ? s : m + 1.0);
        double kf = within ? 0.0 : k;
        double w = u * u;
        double bb = k_poly_b16(w);
        double aa = 1.0 + w * bb;
        double l = kf * LN2_HI + (kf * LN2_LO + 2.0 * u * aa);
        double lr = pge ? l : -l;           /* ln(p/q) */
        double tf = ps * lr, tr = -(qs * lr);
        double sw = s * w;
        double big = sw * (aa + u * bb), small = sw * (aa - u * bb);
        double nf = within ? (pge ? big : small) : tf - (ps - qs);
        double nr = within ? (pge ? small : big) : tr - (qs - ps);
        v[ACC_TOT_PQ][j] = nf;
        v[ACC_TOT_QP][j] = nr;
        v[ACC_NEG_PQ][j] = tf < 0 ? tf : 0.0;
        v[ACC_POS_PQ][j] = tf > 0 ? tf : 0.0;
        v[ACC_NEG_QP][j] = tr < 0 ? tr : 0.0;
        v[ACC_POS_QP][j] = tr > 0 ? tr : 0.0;
        v[ACC_TERM_PQ][j] = tf;
        v[ACC_TERM_QP][j] = tr;
        v[ACC_NNEG_PQ][j] = tf < 0 ? 1.0 : 0.0;
        v[ACC_NNEG_QP][j] = tr < 0 ? 1.0 : 0.0;
        if (mode == KMODE_ALL) {
            double lp = k_log(ps), lq = k_log(qs);
            v[ACC_HP][j] = -ps * lp;
            v[ACC_HQ][j] = -qs * lq;
            v[ACC_HPQ][j] = -ps * lq;
            v[ACC_HQP][j] = -qs * lp;
            /* JS term (p+q)/4 f(u), f(u) = (1+u)ln(1+u) + (1-u)ln(1-u),
             * u = (p-q)/(p+q): the series within a factor two, else
             * f = 2 ln(1+u) - (1-u) L, i.e. the term is
             * (s ln(2a/s) - b L) / 2. */
            double js_near = 0.25 * sw * k_poly_c15(w);
            double js_far = 0.5 * (s * k_log(2.0 * a / s) - b * l);
            v[ACC_JS][j] = within ? js_near : js_far;
            v[ACC_TV][j] = 0.5 * d;
            double h = sqrt(ps) - sqrt(qs);
            v[ACC_HEL][j] = 0.5 * h * h;
            double d2 = d * d;
            v[ACC_CHI_PQ][j] = d2 / qs;
            v[ACC_CHI_QP][j] = d2 / ps;
        }
    }
}

/* One level of the tree: a[i] += a[i + h] for i < h. */
KINLINE void k_fold(double *restrict lo, const double *restrict hi,
                    size_t h)
{
    K_SIMD
    for (size_t i = 0; i < h; i++)
        lo[i] += hi[i];
}

/* Sum of a[0..KBLOCK) by a fixed pairwise tree (destroys a). */
KINLINE double k_tree(double *a)
{
    for (size_t h = KBLOCK / 2; h >= 8; h /= 2)
        k_fold(a, a + h, h);
    return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
}

struct kargs {
    const double *p, *q;
    size_t n;
    enum kmode mode;
    struct divergence *out;     /* sums and counts; NULL for terms only */
    double *term_pq, *term_qp;  /* per-term values, or NULL */
};

KINLINE void k_run(const struct kargs *ka, enum kmode mode)
{
    _Alignas(64) double v[ACC_COUNT][KBLOCK];
    struct totals t;
    memset(&t, 0, sizeof t);
    struct divergence dummy;
    struct divergence *out = ka->out ? ka->out : &dummy;
    memset(out, 0, sizeof *out);
    int n_acc = mode == KMODE_ALL ? ACC_SUMS : ACC_KL_COUNT;
    for (size_t base = 0; base < ka->n; base += KBLOCK) {
        size_t cnt = ka->n - base < KBLOCK ? ka->n - base : KBLOCK;
        const double *p = ka->p + base, *q = ka->q + base;
        k_block(p, q, cnt, v, mode);
        if (cnt < KBLOCK)
            for (int a = 0; a < ACC_COUNT; a++)
                memset(v[a] + cnt, 0, (KBLOCK - cnt) * sizeof(double));
        /* Integers below 2^53: these sums are exact. */
        double counts[4] = {k_tree(v[ACC_NNEG_PQ]), k_tree(v[ACC_NNEG_QP]),
                            k_tree(v[ACC_DIFF]), k_tree(v[ACC_SPECIAL])};
        out->pq.n_neg += (size_t)counts[0];
        out->qp.n_neg += (size_t)counts[1];
        t.n_diff += (size_t)counts[2];
        if (counts[3] > 0) {
            double e[ACC_COUNT];
            for (size_t j = 0; j < cnt; j++) {
                if (!k_special(p[j], q[j]))
                    continue;
                note_entry(out, entry_scalar(p[j], q[j], e), base + j);
                for (int a = 0; a < ACC_COUNT; a++)
                    v[a][j] = e[a];
            }
        }
        if (ka->term_pq)
            memcpy(ka->term_pq + base, v[ACC_TERM_PQ], cnt * sizeof(double));
        if (ka->term_qp)
            memcpy(ka->term_qp + base, v[ACC_TERM_QP], cnt * sizeof(double));
        if (!ka->out)
            continue;
        for (int a = 0; a < n_acc; a++)
            ksum_add(&t.k[a], k_tree(v[a]));
    }
    if (ka->out)
        totals_finish(&t, out);
}

static void k_run_portable(const struct kargs *ka)
{
    if (ka->mode == KMODE_ALL)
        k_run(ka, KMODE_ALL);
    else
        k_run(ka, KMODE_KL);
}

#if KLX_KERNEL_X86
__attribute__((target("avx2")))
static void k_run_avx2(const struct kargs *ka)
{
    if (ka->mode == KMODE_ALL)
        k_run(ka, KMODE_ALL);
    else
        k_run(ka, KMODE_KL);
}

__attribute__((target("avx512f,avx512dq,avx512vl")))
static void k_run_avx512(const struct kargs *ka)
{
    if (ka->mode == KMODE_ALL)
        k_run(ka, KMODE_ALL);
    else
        k_run(ka, KMODE_KL);
}
#endif

/* ---- choosing the instruction set ---- */

static enum divergence_isa isa_chosen = DIVERGENCE_ISA_AUTO;

static bool isa_supported(enum divergence_isa isa)
{
    switch (isa) {
    case DIVERGENCE_ISA_AUTO:
    case DIVERGENCE_ISA_PORTABLE:
        return true;
#if KLX_KERNEL_X86
    case DIVERGENCE_ISA_AVX2:
        return __builtin_cpu_supports("avx2");
    case DIVERGENCE_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
#else
    case DIVERGENCE_ISA_AVX2:
    case DIVERGENCE_ISA_AVX512:
        return false;
#endif
    }
    return false;
}

static enum divergence_isa isa_resolve(void)
{
    if (isa_chosen == DIVERGENCE_ISA_AUTO) {
        if (isa_supported(DIVERGENCE_ISA_AVX512))
            isa_chosen = DIVERGENCE_ISA_AVX512;
        else if (isa_supported(DIVERGENCE_ISA_AVX2))
            isa_chosen = DIVERGENCE_ISA_AVX2;
        else
            isa_chosen = DIVERGENCE_ISA_PORTABLE;
    }
    return isa_chosen;
}

bool divergence_set_isa(enum divergence_isa isa)
{
    if (!isa_supported(isa))
        return false;
    isa_chosen = isa;
    return true;
}

enum divergence_isa divergence_isa(void)
{
    return isa_resolve();
}

const char *divergence_isa_name(enum divergence_isa isa)
{
    switch (isa) {
    case DIVERGENCE_ISA_AUTO: return "auto";
    case DIVERGENCE_ISA_PORTABLE: return "portable";
    case DIVERGENCE_ISA_AVX2: return "avx2";
    case DIVERGENCE_ISA_AVX512: return "avx512";
    }
    return "?";
}

static void k_dispatch(const struct kargs *ka)
{
    switch (isa_resolve()) {
#if KLX_KERNEL_X86
    case DIVERGENCE_ISA_AVX512:
        k_run_avx512(ka);
        return;
    case DIVERGENCE_ISA_AVX2:
        k_run_avx2(ka);
        return;
#endif
    default:
        k_run_portable(ka);
        return;
    }
}

void divergence_compute(const double *p, const double *q, size_t n,
                        struct divergence *out)
{
    struct kargs ka = {p, q, n, KMODE_ALL, out, NULL, NULL};
    k_dispatch(&ka);
}

void divergence_kl(const double *p, const double *q, size_t n,
                   struct divergence *out)
{
    struct kargs ka = {p, q, n, KMODE_KL, out, NULL, NULL};
    k_dispatch(&ka);
}

void divergence_terms(const double *p, const double *q, size_t n,
                      double *fwd, double *rev)
{
    struct kargs ka = {p, q, n, KMODE_KL, NULL, fwd, rev};
    k_dispatch(&ka);
}

double divergence_renyi(const double *p, const double *q, size_t n,
                        double alpha, double kl_nats)
{
    if (alpha == 1.0)
        return kl_nats;
    if (isinf(alpha)) {
        double best = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == 0)
                continue;
            if (q[i] == 0)
                return INFINITY;
            double r = divergence_log_ratio(p[i], q[i]);
            best = r > best ? r : best;
        }
        return best;
    }
    struct ksum k = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            continue;
        if (q[i] == 0) {
            if (alpha > 1)
                return INFINITY;
            continue;
        }
        /* p^a q^(1-a) = p * (p/q)^(a-1), with the log ratio done right. */
        ksum_add(&k, p[i] * exp((alpha - 1) * divergence_log_ratio(p[i],
                                                                  q[i])));
    }
    double s = ksum_value(&k);
    if (s <= 0)
        return INFINITY;   /* alpha < 1 and disjoint supports */
    double r = log(s) / (alpha - 1);
    return r > 0 ? r : 0.0;   /* >= 0 in exact arithmetic */
}

void divergence_gradient(const double *a, const double *b, size_t n,
                         bool edit_first, double d, double *out)
{
    for (size_t i = 0; i < n; i++) {
        double x = edit_first ? a[i] : b[i];
        if (x >= 1.0) {
            out[i] = NAN;
            continue;
        }
        double g;
        if (edit_first)
            g = a[i] == 0 ? (b[i] > 0 ? -INFINITY : INFINITY)
                          : divergence_log_ratio(a[i], b[i]) - d;
        else
            g = 1.0 - (a[i] == 0 ? 0.0 : a[i] / b[i]);
        out[i] = g / (1.0 - x);
    }
}
