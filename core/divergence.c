#include "divergence.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"

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
 * same quantities in blocks of KBLOCK = 32 entries:
 *
 *  1. A branch-free loop over the block (vectorized with `#pragma omp simd`
 *     and -fopenmp-simd) computes every entry's contributions. It uses its
 *     own logarithm, exact in its range reduction and a few ulps in the
 *     result, built only from +, -, *, / and bit operations, so that no
 *     -ffast-math is needed and every instruction set gives the same bits.
 *     Both directions come from ONE log ratio, formed without the ratio:
 *         a = max(p,q) = 2^ea ma, b = min = 2^eb mb, ma, mb in [1, 2),
 *         ln(a/b) = k ln 2 + 2u A(u^2),  A(w) = 1 + w B(w),
 *     with k = 0, u = (a-b)/(a+b) within a factor two (a - b exact), else
 *     k = ea - eb, u = (ma-mb)/(ma+mb) (ma - mb exact): one division, |u|
 *     <= 1/3, B a degree-9 polynomial (the series sum_j w^j/(2j+3)
 *     economized by Chebyshev). Within a factor two the nonnegative
 *     bracket p ln(p/q) - p + q = (p+q) u^2 (A +- uB) has no cancellation.
 *     Entries the loop cannot do exactly (a zero or a subnormal) are
 *     replaced by p = q = 1, which contributes nothing, and counted.
 *  2. The block's values go into KLANES = 8 lanes (entry j into lane
 *     j mod 8), summed per lane, and each lane keeps a Neumaier sum of its
 *     block sums (branch-free, vectorized).
 *  3. When the block had special entries, a scalar pass does them with the
 *     reference code (the conventions 0 log 0 = 0, +inf and the inf lists
 *     live there, and only there) into Neumaier sums of their own, in
 *     index order.
 *  4. The blocks are split into two halves, each with its own lanes; the
 *     result merges, in a fixed order, both halves' lane sums, then their
 *     compensations, then the special sums. For n >= DIVERGENCE_THREAD_MIN
 *     the second half runs on a second thread: the same bits either way.
 *
 * The ratio is taken as max/min and its sign applied afterwards, so that
 * swapping P and Q swaps the two directions bit for bit. The order of
 * operations does not depend on the vector width, and the code uses no
 * fused multiply-add (C17 mode contracts nothing), so every instruction set
 * gives identical results. The instruction set is chosen at run time on
 * x86-64 (AVX-512, AVX2, or the SSE2 baseline); elsewhere the portable
 * build is the only one. */

enum acc {
    ACC_TOT_PQ, ACC_TOT_QP, ACC_NEG_PQ, ACC_POS_PQ, ACC_NEG_QP, ACC_POS_QP,
    ACC_KL_COUNT,                           /* the KL-only kernel stops here */
    ACC_HP = ACC_KL_COUNT, ACC_HQ, ACC_HPQ, ACC_HQP, ACC_JS, ACC_TV, ACC_HEL,
    ACC_CHI_PQ, ACC_CHI_QP,
    ACC_TERM_PQ, ACC_TERM_QP,               /* per-term values, not sums */
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
    /* Entropies are sums of -p log p >= 0 (p <= 1); the max() keeps a
     * log's last-bit error on p = 1 - 2^-53 from showing a -1e-16. */
    out->h_p = fmax(v[ACC_HP], 0.0);
    out->h_q = fmax(v[ACC_HQ], 0.0);
    out->h_pq = ipq ? INFINITY : fmax(v[ACC_HPQ], 0.0);
    out->h_qp = iqp ? INFINITY : fmax(v[ACC_HQP], 0.0);
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

/* B(w) = sum_j w^j/(2j+3) for w in [0, 1/9] (|u| <= 1/3): the Taylor
 * series economized to degree 9 by Chebyshev (exact rational arithmetic,
 * then rounded): |error| <= 4.4e-17, which is 0.13 ulp of A + uB. The
 * Taylor series needs 16 terms for the same. */
KINLINE double k_poly_b(double w)
{
    /* Estrin's scheme: pairs, then pairs of pairs. Horner's nine
     * dependent multiply-adds were the kernel's critical path (the loop is
     * latency-bound); this is four deep, ~15% faster per entry. */
    double w2 = w * w, w4 = w2 * w2, w8 = w4 * w4;
    double e0 = 0.33333333333333331 + w * 0.20000000000007456;
    double e1 = 0.14285714283514531 + w * 0.11111111362409382;
    double e2 = 0.090908945464913751 + w * 0.076927895051293119;
    double e3 = 0.066570036413351449 + w * 0.060011469977136564;
    double e4 = 0.043974333694748333 + w * 0.080879034540725481;
    return (e0 + w2 * e1) + w4 * (e2 + w2 * e3) + w8 * e4;
}

/* The same for w in [0, 0.03] (m in [sqrt(1/2), sqrt 2), |u| <= 0.1716):
 * degree 6, |error| <= 1.8e-16, times w <= 0.03 in A. */
KINLINE double k_poly_bm(double w)
{
    double b = 0.073215485701854835;
    b = b * w + 0.076647697955967251;
    b = b * w + 0.090914778004423602;
    b = b * w + 0.11111105105105346;
    b = b * w + 0.14285714315860268;
    b = b * w + 0.19999999999943321;
    b = b * w + 0.33333333333333348;
    return b;
}

/* C(w) = sum_j w^j / ((j+1)(2j+1)), so that for |u| <= 1/3
 * (1+u) ln(1+u) + (1-u) ln(1-u) = u^2 C(u^2): economized to degree 9 on
 * [0, 1/9], |error| <= 0.04 ulp of C. */
KINLINE double k_poly_c(double w)
{
    double c = 0.0084753630751015566;
    c = c * w + 0.0057068928882124713;
    c = c * w + 0.0084466207847207122;
    c = c * w + 0.010979819213821884;
    c = c * w + 0.015151972682840336;
    c = c * w + 0.022222208427891316;
    c = c * w + 0.035714285952400018;
    c = c * w + 0.06666666666458386;
    c = c * w + 0.16666666666667374;
    c = c * w + 1.0;
    return c;
}

/* x = 2^e m with m in [1, 2) and e as an exact double, for normal x > 0
 * (no int64 conversion: AVX2 has none). */
struct ksplit {
    double m, e;
};

KINLINE struct ksplit k_split(double x)
{
    uint64_t bits = k_bits(x);
    struct ksplit r;
    r.m = k_double((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    r.e = k_double((bits >> 52) | 0x4330000000000000ull) -
          (4503599627370496.0 + 1023.0);
    return r;
}

/* x = 2^k m with m in [sqrt(1/2), sqrt 2), for normal x in (0, 1]; inv2k
 * is 2^-k. */
struct kred {
    double m, k, inv2k;
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
    struct kred r;
    r.m = m;
    r.k = k_double(e | 0x4330000000000000ull) -
          (4503599627370496.0 + 1023.0);
    r.inv2k = k_double((2046 - e) << 52);
    return r;
}

/* ln(2^k (1+u)/(1-u)) = k ln 2 + 2u A(u^2), |u| <= 1/3. */
KINLINE double k_log_u(double k, double u)
{
    double w = u * u;
    double a = 1.0 + w * k_poly_b(w);
    return k * LN2_HI + (k * LN2_LO + 2.0 * u * a);
}

#if defined(_OPENMP) || defined(KLX_OMP_SIMD)
#define K_SIMD _Pragma("omp simd")
#else
#define K_SIMD
#endif

/* Is entry (p, q) one the vector loop leaves to the reference code? Zeros
 * and subnormals; any ratio of normal numbers is fine, since the ratio is
 * never formed. */
KINLINE bool k_special(double p, double q)
{
    return !(p >= DBL_MIN) || !(q >= DBL_MIN);
}

/* One entry's KL quantities, for normal ps, qs > 0. With a = max, b = min:
 *     ln(a/b) = k ln 2 + 2 atanh(u),
 * within a factor two k = 0 and u = (a-b)/(a+b) (a - b exact); else, with
 * a = 2^ea ma and b = 2^eb mb (m in [1, 2)), k = ea - eb >= 1 and
 * u = (ma-mb)/(ma+mb) (ma - mb exact). Either way |u| <= 1/3 and one
 * division. The nonnegative bracket within a factor two is
 * (a+b) u^2 (A +- uB), which has no cancellation. */
struct kterm {
    double tf, tr;      /* p ln(p/q), q ln(q/p) */
    double nf, nr;      /* the nonnegative brackets */
    double l;           /* ln(a/b) >= 0 */
    double a, b, d, s;  /* max, min, a - b, a + b */
    double sw, w;       /* (a+b) u^2, u^2 */
    bool within;        /* a <= 2b */
};

KINLINE struct kterm k_term(double ps, double qs)
{
    struct kterm t;
    bool pge = ps >= qs;
    double a = pge ? ps : qs, b = pge ? qs : ps;
    struct ksplit xa = k_split(a), xb = k_split(b);
    bool within = a <= 2.0 * b;
    double d = a - b, s = a + b;
    double u = (within ? d : xa.m - xb.m) / (within ? s : xa.m + xb.m);
    double kf = within ? 0.0 : xa.e - xb.e;
    double w = u * u;
    double bb = k_poly_b(w);
    double aa = 1.0 + w * bb;
    double l = kf * LN2_HI + (kf * LN2_LO + 2.0 * u * aa);
    double lr = pge ? l : -l;               /* ln(p/q) */
    t.tf = ps * lr;
    t.tr = -(qs * lr);
    double sw = s * w;
    double big = sw * (aa + u * bb), small = sw * (aa - u * bb);
    t.nf = within ? (pge ? big : small) : t.tf - (ps - qs);
    t.nr = within ? (pge ? small : big) : t.tr - (qs - ps);
    t.l = l;
    t.a = a;
    t.b = b;
    t.d = d;
    t.s = s;
    t.sw = sw;
    t.w = w;
    t.within = within;
    return t;
}

enum kmode { KMODE_KL, KMODE_ALL };

/* Entries in lanes: a block is KCHUNKS rows of KLANES entries, and lane l
 * takes entries l, l + KLANES, ... of every block. The order of operations
 * is per lane, so it does not depend on the vector width. */
#define KLANES 8
#define KCHUNKS 4
#define KBLOCK (KLANES * KCHUNKS)

enum { KCNT_NEG_PQ, KCNT_NEG_QP, KCNT_DIFF, KCNT_COUNT };

/* One part's running sums: a Neumaier sum per lane and quantity (s, c), of
 * the per-block lane sums; exact counts per lane; the special entries'
 * contributions in index order (sp); their counts and inf lists (d). */
struct kpart {
    _Alignas(64) double s[ACC_SUMS][KLANES];
    _Alignas(64) double c[ACC_SUMS][KLANES];
    _Alignas(64) double cnt[KCNT_COUNT][KLANES];
    struct ksum sp[ACC_SUMS];
    struct divergence d;
    double ext[2];   /* with terms: largest mass, largest finite |term| */
};

/* Neumaier's step, branch-free, for lane l of quantity a. */
#define K_NEU(kp, a, l, x)                                                \
    do {                                                                  \
        double s_ = (kp)->s[a][l], x_ = (x), t_ = s_ + x_;                \
        (kp)->c[a][l] += fabs(s_) >= fabs(x_) ? (s_ - t_) + x_            \
                                             : (x_ - t_) + s_;           \
        (kp)->s[a][l] = t_;                                               \
    } while (0)

/* One block of KBLOCK entries (p, q readable for all of them): every
 * lane's sums enter its Neumaier sums; returns whether the block had
 * special entries (which contributed nothing here). */
KINLINE bool k_block(const double *restrict p, const double *restrict q,
                     struct kpart *restrict kp, enum kmode mode,
                     double *restrict tfo, double *restrict tro)
{
    /* Every entry's contributions (a vectorized loop over the block), then
     * the sums per lane and quantity, x[a][l] = sum_c v[a][c KLANES + l],
     * then the lanes' Neumaier sums. */
    _Alignas(64) double x[ACC_SUMS][KBLOCK];
    _Alignas(64) double cnt[KCNT_COUNT + 1][KBLOCK];
    K_SIMD
    for (size_t j = 0; j < KBLOCK; j++) {
        double p0 = p[j], q0 = q[j];
        /* Special entries become p = q = 1, which contributes
         * nothing. */
        bool ok = (p0 >= DBL_MIN) & (q0 >= DBL_MIN);   /* no && */
        double ps = ok ? p0 : 1.0, qs = ok ? q0 : 1.0;
        cnt[KCNT_COUNT][j] = ok ? 0.0 : 1.0;
        cnt[KCNT_DIFF][j] = p0 != q0 ? 1.0 : 0.0;
        struct kterm t = k_term(ps, qs);
        x[ACC_TOT_PQ][j] = t.nf;
        x[ACC_TOT_QP][j] = t.nr;
        x[ACC_NEG_PQ][j] = t.tf < 0 ? t.tf : 0.0;
        x[ACC_POS_PQ][j] = t.tf > 0 ? t.tf : 0.0;
        x[ACC_NEG_QP][j] = t.tr < 0 ? t.tr : 0.0;
        x[ACC_POS_QP][j] = t.tr > 0 ? t.tr : 0.0;
        cnt[KCNT_NEG_PQ][j] = t.tf < 0 ? 1.0 : 0.0;
        cnt[KCNT_NEG_QP][j] = t.tr < 0 ? 1.0 : 0.0;
        if (tfo) {
            tfo[j] = t.tf;
            tro[j] = t.tr;
        }
        if (mode == KMODE_ALL) {
            /* ln p and ln q: one division for both u's. */
            struct kred rp = k_reduce(ps), rq = k_reduce(qs);
            double mp1 = rp.m + 1.0, mq1 = rq.m + 1.0;
            double inv = 1.0 / (mp1 * mq1);
            double up = (rp.m - 1.0) * mq1 * inv;
            double uq = (rq.m - 1.0) * mp1 * inv;
            double wp = up * up, wq = uq * uq;
            double lp = rp.k * LN2_HI +
                        (rp.k * LN2_LO +
                         2.0 * up * (1.0 + wp * k_poly_bm(wp)));
            double lq = rq.k * LN2_HI +
                        (rq.k * LN2_LO +
                         2.0 * uq * (1.0 + wq * k_poly_bm(wq)));
            x[ACC_HP][j] = -ps * lp;
            x[ACC_HQ][j] = -qs * lq;
            x[ACC_HPQ][j] = -ps * lq;
            x[ACC_HQP][j] = -qs * lp;
            /* JS term (p+q)/4 f(u), f(u) = (1+u)ln(1+u) +
             * (1-u)ln(1-u), u = (p-q)/(p+q): the series within a
             * factor two, else (s ln(2a/s) - b L) / 2, with ln(2a/s)
             * from the exponents and mantissas of 2a and s. */
            struct ksplit x2a = k_split(2.0 * t.a), xs = k_split(t.s);
            double l2a = k_log_u(x2a.e - xs.e,
                                 (x2a.m - xs.m) / (x2a.m + xs.m));
            double js_near = 0.25 * t.sw * k_poly_c(t.w);
            double js_far = 0.5 * (t.s * l2a - t.b * t.l);
            x[ACC_JS][j] = t.within ? js_near : js_far;
            x[ACC_TV][j] = 0.5 * t.d;
            double h = sqrt(ps) - sqrt(qs);
            x[ACC_HEL][j] = 0.5 * h * h;
            /* d^2/q = d^2 2^-kq / mq, and 1/mq = mp / (mp mq). */
            double d2 = t.d * t.d;
            double r = 1.0 / (rp.m * rq.m);
            x[ACC_CHI_PQ][j] = d2 * rq.inv2k * (rp.m * r);
            x[ACC_CHI_QP][j] = d2 * rp.inv2k * (rq.m * r);
        }
    }
    int n_acc = mode == KMODE_ALL ? ACC_SUMS : ACC_KL_COUNT;
    for (int a = 0; a < n_acc; a++) {
        for (size_t c = 1; c < KCHUNKS; c++) {
            K_SIMD
            for (size_t l = 0; l < KLANES; l++)
                x[a][l] += x[a][c * KLANES + l];
        }
        K_SIMD
        for (size_t l = 0; l < KLANES; l++)
            K_NEU(kp, a, l, x[a][l]);
    }
    for (int c = 0; c <= KCNT_COUNT; c++) {
        for (size_t k = 1; k < KCHUNKS; k++) {
            K_SIMD
            for (size_t l = 0; l < KLANES; l++)
                cnt[c][l] += cnt[c][k * KLANES + l];
        }
    }
    for (int c = 0; c < KCNT_COUNT; c++) {
        K_SIMD
        for (size_t l = 0; l < KLANES; l++)
            kp->cnt[c][l] += cnt[c][l];
    }
    double any = 0;
    for (size_t l = 0; l < KLANES; l++)
        any += cnt[KCNT_COUNT][l];
    return any > 0;
}

struct kargs {
    const double *p, *q;
    size_t n;
    enum kmode mode;
    struct divergence *out;     /* sums and counts; NULL for terms only */
    double *term_pq, *term_qp;  /* per-term values, or NULL */
    bool want_ext;              /* terms only: the maxima too */
};

/* The largest mass and finite |term| of cnt entries into ext: maxima per
 * lane (elementwise, so it vectorizes without a reduction), then across. */
KINLINE void k_ext(const double *p, const double *q, const double *tf,
                   const double *tr, size_t cnt, double *ext)
{
    _Alignas(64) double mm[KLANES], mt[KLANES];
    for (size_t l = 0; l < KLANES; l++) {
        mm[l] = ext[0];
        mt[l] = ext[1];
    }
    size_t j0 = 0;
    for (; j0 + KLANES <= cnt; j0 += KLANES) {
        for (size_t l = 0; l < KLANES; l++) {
            size_t j = j0 + l;
            double pm = p[j] > q[j] ? p[j] : q[j];
            mm[l] = pm > mm[l] ? pm : mm[l];
            double a = fabs(tf[j]), b = fabs(tr[j]);
            a = a == INFINITY ? 0.0 : a;
            b = b == INFINITY ? 0.0 : b;
            double ab = a > b ? a : b;
            mt[l] = ab > mt[l] ? ab : mt[l];
        }
    }
    for (size_t j = j0; j < cnt; j++) {
        double pm = p[j] > q[j] ? p[j] : q[j];
        mm[0] = pm > mm[0] ? pm : mm[0];
        double a = fabs(tf[j]), b = fabs(tr[j]);
        a = a == INFINITY ? 0.0 : a;
        b = b == INFINITY ? 0.0 : b;
        double ab = a > b ? a : b;
        mt[0] = ab > mt[0] ? ab : mt[0];
    }
    for (size_t l = 0; l < KLANES; l++) {
        ext[0] = mm[l] > ext[0] ? mm[l] : ext[0];
        ext[1] = mt[l] > ext[1] ? mt[l] : ext[1];
    }
}

/* The block of KBLOCK entries from `base`: *p, *q point into p0, q0, or,
 * for a short last block, to tp, tq holding its entries padded with
 * `pad`. Returns how many entries are real. */
KINLINE size_t k_block_at(const double *p0, const double *q0, size_t n,
                          size_t base, double pad, double *tp, double *tq,
                          const double **p, const double **q)
{
    size_t cnt = n - base < KBLOCK ? n - base : KBLOCK;
    *p = p0 + base;
    *q = q0 + base;
    if (cnt < KBLOCK) {
        for (size_t j = 0; j < KBLOCK; j++) {
            tp[j] = j < cnt ? p0[base + j] : pad;
            tq[j] = j < cnt ? q0[base + j] : pad;
        }
        *p = tp;
        *q = tq;
    }
    return cnt;
}

/* Blocks [b0, b1) of ka into kp (zeroed by the caller); with `terms`, the
 * per-term values into ka->term_pq/qp (both set) and the maxima. */
KINLINE void k_part(const struct kargs *ka, size_t b0, size_t b1,
                    struct kpart *kp, enum kmode mode, bool terms)
{
    int n_acc = mode == KMODE_ALL ? ACC_SUMS : ACC_KL_COUNT;
    _Alignas(64) double tp[KBLOCK], tq[KBLOCK], tf[KBLOCK], tr[KBLOCK];
    for (size_t blk = b0; blk < b1; blk++) {
        size_t base = blk * KBLOCK;
        const double *p, *q;
        /* The last block is padded with p = q = 1 (contributes nothing,
         * counts nothing). */
        size_t cnt = k_block_at(ka->p, ka->q, ka->n, base, 1.0, tp, tq, &p,
                                &q);
        /* Terms go straight to the output, except for the padded last
         * block. */
        double *to_f = tf, *to_r = tr;
        if (terms && cnt == KBLOCK) {
            to_f = ka->term_pq + base;
            to_r = ka->term_qp + base;
        }
        bool special = k_block(p, q, kp, mode, terms ? to_f : NULL,
                               terms ? to_r : NULL);
        if (special) {
            double e[ACC_COUNT];
            for (size_t j = 0; j < cnt; j++) {
                if (!k_special(p[j], q[j]))
                    continue;
                note_entry(&kp->d, entry_scalar(p[j], q[j], e), base + j);
                for (int a = 0; a < n_acc; a++)
                    ksum_add(&kp->sp[a], e[a]);
                if (terms) {
                    to_f[j] = divergence_term(p[j], q[j]);
                    to_r[j] = divergence_term(q[j], p[j]);
                }
            }
        }
        if (terms) {
            k_ext(p, q, to_f, to_r, cnt, kp->ext);
            if (to_f == tf) {
                memcpy(ka->term_pq + base, tf, cnt * sizeof(double));
                memcpy(ka->term_qp + base, tr, cnt * sizeof(double));
            }
        }
    }
}

/* Per-term values of entries [lo, hi), and (when ext) the largest mass
 * and the largest finite |term| among them into ext[0], ext[1] (maxima
 * are exact, so the split into parts does not change them). */
KINLINE void k_terms(const struct kargs *ka, size_t lo, size_t hi,
                     double *ext)
{
    enum { T = 256 };
    _Alignas(64) double tf[T], tr[T];
    if (ext)
        ext[0] = ext[1] = 0;
    for (size_t base = lo; base < hi; base += T) {
        size_t cnt = hi - base < T ? hi - base : T;
        const double *p = ka->p + base, *q = ka->q + base;
        double n_spec = 0;
        _Pragma("omp simd reduction(+:n_spec)")
        for (size_t j = 0; j < cnt; j++) {
            double p0 = p[j], q0 = q[j];
            bool ok = (p0 >= DBL_MIN) & (q0 >= DBL_MIN);   /* no && */
            n_spec += ok ? 0.0 : 1.0;
            struct kterm t = k_term(ok ? p0 : 1.0, ok ? q0 : 1.0);
            tf[j] = t.tf;
            tr[j] = t.tr;
        }
        if (n_spec > 0) {
            for (size_t j = 0; j < cnt; j++) {
                if (k_special(p[j], q[j])) {
                    tf[j] = divergence_term(p[j], q[j]);
                    tr[j] = divergence_term(q[j], p[j]);
                }
            }
        }
        if (ext)
            k_ext(p, q, tf, tr, cnt, ext);
        if (ka->term_pq)
            memcpy(ka->term_pq + base, tf, cnt * sizeof(double));
        if (ka->term_qp)
            memcpy(ka->term_qp + base, tr, cnt * sizeof(double));
    }
}

/* What one thread does: blocks [b0, b1) into kp, or, for terms only,
 * entries [b0, b1) * KBLOCK. */
struct kjob {
    const struct kargs *ka;
    size_t b0, b1;
    struct kpart *kp;
    double ext[2];   /* terms only: largest mass, largest finite |term| */
};

KINLINE void k_job(struct kjob *j)
{
    const struct kargs *ka = j->ka;
    if (!ka->out) {
        size_t hi = j->b1 * KBLOCK < ka->n ? j->b1 * KBLOCK : ka->n;
        k_terms(ka, j->b0 * KBLOCK, hi, ka->want_ext ? j->ext : NULL);
    } else if (ka->mode == KMODE_ALL && ka->term_pq) {
        k_part(ka, j->b0, j->b1, j->kp, KMODE_ALL, true);
    } else if (ka->mode == KMODE_ALL) {
        k_part(ka, j->b0, j->b1, j->kp, KMODE_ALL, false);
    } else if (ka->term_pq) {
        k_part(ka, j->b0, j->b1, j->kp, KMODE_KL, true);
    } else {
        k_part(ka, j->b0, j->b1, j->kp, KMODE_KL, false);
    }
}

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

/* ISA_RUNNER(run, job, type) defines `static void *run(void *arg)`, a
 * thread entry that calls the always-inline `job((type *)arg)` compiled
 * for the instruction set chosen at run time: one copy of the job per
 * instruction set, each compiled for its own target. */
#if KLX_KERNEL_X86
#define ISA_RUNNER(run, job, type)                                        \
    static void run##_portable(type *j) { job(j); }                       \
    __attribute__((target("avx2")))                                        \
    static void run##_avx2(type *j) { job(j); }                           \
    __attribute__((target("avx512f,avx512dq,avx512vl")))                   \
    static void run##_avx512(type *j) { job(j); }                         \
    static void *run(void *arg)                                            \
    {                                                                      \
        switch (isa_resolve()) {                                           \
        case DIVERGENCE_ISA_AVX512:                                        \
            run##_avx512(arg);                                             \
            break;                                                         \
        case DIVERGENCE_ISA_AVX2:                                          \
            run##_avx2(arg);                                               \
            break;                                                         \
        default:                                                           \
            run##_portable(arg);                                           \
            break;                                                         \
        }                                                                  \
        return NULL;                                                       \
    }
#else
#define ISA_RUNNER(run, job, type)                                        \
    static void *run(void *arg)                                            \
    {                                                                      \
        job((type *)arg);                                                  \
        return NULL;                                                       \
    }
#endif

ISA_RUNNER(k_job_run, k_job, struct kjob)

/* ---- two halves, on two threads when that pays ---- */

static int threads_max = -1;   /* -1: not decided yet */

static int threads_resolve(void)
{
    if (threads_max < 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads_max = cpus >= 2 ? 2 : 1;
    }
    return threads_max;
}

void divergence_set_threads(int n)
{
    threads_max = n <= 0 ? -1 : n >= 2 ? 2 : 1;
}

int divergence_threads(void)
{
    return threads_resolve();
}

void divergence_run_halves(void *(*run)(void *), void *first,
                           void *second, size_t n)
{
    pthread_t th;
    bool threaded = n >= DIVERGENCE_THREAD_MIN && threads_resolve() >= 2 &&
                    pthread_create(&th, NULL, run, second) == 0;
    run(first);
    if (threaded)
        pthread_join(th, NULL);
    else
        run(second);
}

/* The fixed order in which both fast paths merge their two halves: the
 * lane sums of both, then their compensations, then the special entries'
 * sums (ksum_value: an infinite special term leaves inf, not nan). */
static struct ksum k_merge(const double *s0, const double *s1,
                           const double *c0, const double *c1,
                           const struct ksum *sp0, const struct ksum *sp1)
{
    struct ksum k = {0, 0};
    for (size_t l = 0; l < KLANES; l++)
        ksum_add(&k, s0[l]);
    for (size_t l = 0; l < KLANES; l++)
        ksum_add(&k, s1[l]);
    for (size_t l = 0; l < KLANES; l++)
        ksum_add(&k, c0[l]);
    for (size_t l = 0; l < KLANES; l++)
        ksum_add(&k, c1[l]);
    ksum_add(&k, ksum_value(sp0));
    ksum_add(&k, ksum_value(sp1));
    return k;
}

/* Adds part b's specials, counts and inf lists to a's d. */
static void k_merge_notes(struct divergence *out, const struct kpart *kp)
{
    const struct direction *src[2] = {&kp->d.pq, &kp->d.qp};
    struct direction *dst[2] = {&out->pq, &out->qp};
    for (int k = 0; k < 2; k++) {
        size_t shown = src[k]->n_inf < DIVERGENCE_INF_LIST
                           ? src[k]->n_inf : DIVERGENCE_INF_LIST;
        for (size_t i = 0; i < shown; i++)
            direction_note_inf(dst[k], src[k]->inf_idx[i]);
        dst[k]->n_inf += src[k]->n_inf - shown;
        dst[k]->n_neg += src[k]->n_neg;
    }
}

/* The whole computation is defined on two halves of the blocks, [0, h)
 * and [h, nb), merged in a fixed order: the lane sums of both halves, then
 * their compensations, then the special entries' sums. Whether the second
 * half runs on a thread of its own changes nothing in the result. */
static void k_dispatch(const struct kargs *ka, double *ext)
{
    size_t nb = (ka->n + KBLOCK - 1) / KBLOCK;
    size_t h = nb / 2;
    struct kpart *parts = NULL;
    if (ka->out) {
        parts = aligned_alloc(_Alignof(struct kpart), 2 * sizeof *parts);
        if (!parts)
            alloc_fail();
        memset(parts, 0, 2 * sizeof *parts);
    }
    struct kjob jobs[2] = {{ka, 0, h, parts, {0, 0}},
                           {ka, h, nb, parts ? parts + 1 : NULL, {0, 0}}};
    divergence_run_halves(k_job_run, &jobs[0], &jobs[1], ka->n);
    if (!ka->out) {
        if (ext) {
            for (int k = 0; k < 2; k++)
                ext[k] = jobs[0].ext[k] > jobs[1].ext[k] ? jobs[0].ext[k]
                                                         : jobs[1].ext[k];
        }
        return;
    }

    struct divergence *out = ka->out;
    memset(out, 0, sizeof *out);
    int n_acc = ka->mode == KMODE_ALL ? ACC_SUMS : ACC_KL_COUNT;
    struct totals t;
    memset(&t, 0, sizeof t);
    for (int a = 0; a < n_acc; a++)
        t.k[a] = k_merge(parts[0].s[a], parts[1].s[a], parts[0].c[a],
                         parts[1].c[a], &parts[0].sp[a], &parts[1].sp[a]);
    /* Integers below 2^53: these sums are exact. */
    double cnt[KCNT_COUNT] = {0, 0, 0};
    for (int c = 0; c < KCNT_COUNT; c++)
        for (int part = 0; part < 2; part++)
            for (size_t l = 0; l < KLANES; l++)
                cnt[c] += parts[part].cnt[c][l];
    out->pq.n_neg = (size_t)cnt[KCNT_NEG_PQ];
    out->qp.n_neg = (size_t)cnt[KCNT_NEG_QP];
    t.n_diff = (size_t)cnt[KCNT_DIFF];
    k_merge_notes(out, &parts[0]);
    k_merge_notes(out, &parts[1]);
    totals_finish(&t, out);
    if (ext) {
        for (int k = 0; k < 2; k++)
            ext[k] = parts[0].ext[k] > parts[1].ext[k] ? parts[0].ext[k]
                                                       : parts[1].ext[k];
    }
    if (ka->mode == KMODE_KL) {
        /* Only the directions and `identical` were computed. */
        out->h_p = out->h_q = out->h_pq = out->h_qp = 0;
        out->js = out->tv = out->hellinger = 0;
        out->chi2_pq = out->chi2_qp = 0;
    }
    free(parts);
}

void divergence_compute(const double *p, const double *q, size_t n,
                        struct divergence *out)
{
    struct kargs ka = {p, q, n, KMODE_ALL, out, NULL, NULL, false};
    k_dispatch(&ka, NULL);
}

void divergence_compute_terms(const double *p, const double *q, size_t n,
                              struct divergence *out, double *fwd,
                              double *rev, double *max_mass,
                              double *max_term)
{
    struct kargs ka = {p, q, n, KMODE_ALL, out, fwd, rev, true};
    double ext[2] = {0, 0};
    k_dispatch(&ka, ext);
    *max_mass = ext[0];
    *max_term = ext[1];
}

void divergence_kl_terms(const double *p, const double *q, size_t n,
                         struct divergence *out, double *fwd, double *rev,
                         double *max_mass, double *max_term)
{
    struct kargs ka = {p, q, n, KMODE_KL, out, fwd, rev, true};
    double ext[2] = {0, 0};
    k_dispatch(&ka, ext);
    *max_mass = ext[0];
    *max_term = ext[1];
}

void divergence_kl(const double *p, const double *q, size_t n,
                   struct divergence *out)
{
    struct kargs ka = {p, q, n, KMODE_KL, out, NULL, NULL, false};
    k_dispatch(&ka, NULL);
}

void divergence_terms(const double *p, const double *q, size_t n,
                      double *fwd, double *rev)
{
    struct kargs ka = {p, q, n, KMODE_KL, NULL, fwd, rev, false};
    k_dispatch(&ka, NULL);
}

void divergence_terms_max(const double *p, const double *q, size_t n,
                          double *fwd, double *rev, double *max_mass,
                          double *max_term)
{
    struct kargs ka = {p, q, n, KMODE_KL, NULL, fwd, rev, true};
    double ext[2] = {0, 0};
    k_dispatch(&ka, ext);
    *max_mass = ext[0];
    *max_term = ext[1];
}

/* ==== Renyi divergence ====
 *
 * D_a(P||Q) = ln S / c,  S = sum p^a q^(1-a) = sum p e^(c l),  c = a - 1,
 * l = ln(p/q), over the entries where p, q > 0. Beyond the formula:
 *
 *  - Near P = Q, S = 1 + O(chi2) and ln S cancels: S rounded is off by
 *    ~1e-16, which was all of D for nearly equal distributions. As for KL
 *    (divergence.h), sum p = sum q = 1 gives
 *        S - 1 = sum_i b_i,   b_i = p^a q^(1-a) - a p - (1-a) q
 *                                 = p expm1(c l) - c (p - q),
 *    with b = -a p where q = 0 < p (a < 1) and b = c q where p = 0 < q.
 *    Every b_i has the sign of c (weighted AM-GM), and the sum is, like
 *    KL's brackets, insensitive to first order to the rounding of the
 *    normalization. For S in [1/2, 2], D = log1p(sum b) / c; elsewhere
 *    ln S / c (for small S, S - 1 is near -1 and log1p of it would lose
 *    S's digits).
 *  - p e^(c l) = q e^(a l), and b = q expm1(a l) - a (p - q) too. For
 *    a < 1/2 the terms are taken in that form (the skew symmetry
 *    D_a(P||Q) = a/(1-a) D_(1-a)(Q||P)), so that the exponent's factor is
 *    never above 1/2 in size below a = 1. In general a term is
 *    w e^x, x = g l, and its bracket w expm1(x) - g (p - q), with
 *    (w, g) = (q, a) for a < 1/2, else (p, c).
 *  - That bracket cancels when x is small: its two parts are ~ g (p - q)
 *    and it is ~ g l (p - q) / 2. Taking out the linear part,
 *        b = w (expm1(x) - x) + g N,  N = p l - p + q  (w = p),
 *        b = w (expm1(x) - x) - g N', N' = q ln(q/p) - q + p  (w = q),
 *    where N and N' are KL's nonnegative brackets, computed to full
 *    precision (divergence_term_nonneg, and k_term in the kernel), and
 *    expm1(x) - x = x^2 (1/2 + x/6 + ...) has no cancellation. The two
 *    parts have the same sign, or (g < 0) the first is at most |x|/2 of
 *    the second: every bracket is accurate to a few ulps, and D for
 *    nearly equal P and Q as accurate as KL is. For |x| > ln2/2 the
 *    plain form is used (no cancellation worse than a few bits there).
 *  - For a > 1 a term p e^(c l) overflows long before D does (a = 100 and
 *    p/q = 1300 suffice). When S overflows it is summed again, scaled:
 *    with L = max l (= D_inf), S = e^(cL) sum p e^(c l - cL).
 *  - The result is clamped at 0, where it is in exact arithmetic.
 *
 * divergence_renyi_scalar() does this one entry at a time with libm; the
 * fast path runs the same sums through blocks, lanes, halves and
 * instruction sets as the kernel above, with the kernel's logarithm of the
 * ratio and an exponential of its own (k_exp). */

/* How the terms are written: w e^(g l - shift), w = q if wq else p. */
struct rform {
    double g, shift;
    bool wq;
};

static struct rform renyi_form(double alpha)
{
    struct rform f = {alpha - 1, 0.0, false};
    if (alpha < 0.5) {
        f.g = alpha;
        f.wq = true;
    }
    return f;
}

#define LN2_HALF 0.34657359027997265471   /* ln(2) / 2 */

/* expm1(x) - x for |x| <= ln2/2, by its series nested as
 * x^2/2 (1 + x/3 (1 + x/4 (...))) to the term x^16/16! (the next is below
 * 1e-18 of the sum). */
static double expm1_minus_x(double x)
{
    double h = 1;
    for (int k = 16; k >= 3; k--)
        h = 1 + x * h / k;
    return 0.5 * x * x * h;
}

/* For p, q > 0: the term w e^x (*e) and the bracket b (*b),
 * x = g ln(p/q) - shift, with libm. */
static void renyi_entry(double p, double q, struct rform f, double *e,
                        double *b)
{
    double x = f.g * divergence_log_ratio(p, q) - f.shift;
    double w = f.wq ? q : p;
    if (fabs(x) <= LN2_HALF && f.shift == 0) {
        *e = w * exp(x);
        *b = f.wq ? w * expm1_minus_x(x) - f.g * divergence_term_nonneg(q, p)
                  : w * expm1_minus_x(x) + f.g * divergence_term_nonneg(p, q);
    } else if (x < 700) {
        *e = w * exp(x);
        *b = w * expm1(x) - f.g * (p - q);
    } else {
        /* w e^x can be finite where e^x is not (w subnormal). */
        *e = exp(log(w) + x);
        *b = *e - w - f.g * (p - q);
    }
}

/* D from S = sum p e^(c l - shift) and T = sum b (T is used only when
 * shift = 0). */
static double renyi_finish(double s, double t, double c, double shift)
{
    if (!(s > 0))
        return INFINITY;   /* a < 1 and disjoint supports */
    double r = shift == 0 && s >= 0.5 && s <= 2.0 ? log1p(t) / c
                                                  : (shift + log(s)) / c;
    return r > 0 ? r : 0.0;   /* >= 0 in exact arithmetic */
}

/* max ln(p/q) over p > 0 by the reference code: +inf when some q = 0 < p,
 * -inf when no p > 0. */
static double renyi_max_scalar(const double *p, const double *q, size_t n)
{
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

double divergence_renyi_scalar(const double *p, const double *q, size_t n,
                               double alpha, double kl_nats)
{
    if (alpha == 1.0)
        return kl_nats;
    if (isinf(alpha)) {
        double r = renyi_max_scalar(p, q, n);
        return r > 0 ? r : 0.0;
    }
    double c = alpha - 1;
    struct rform f = renyi_form(alpha);
    for (int pass = 0;; pass++) {
        struct ksum ks = {0, 0}, kt = {0, 0};
        for (size_t i = 0; i < n; i++) {
            if (p[i] == 0) {
                if (q[i] > 0)
                    ksum_add(&kt, c * q[i]);
                continue;
            }
            if (q[i] == 0) {
                if (alpha > 1)
                    return INFINITY;
                ksum_add(&kt, -alpha * p[i]);
                continue;
            }
            double e, b;
            renyi_entry(p[i], q[i], f, &e, &b);
            ksum_add(&ks, e);
            ksum_add(&kt, b);
        }
        double s = ksum_value(&ks);
        if (s != INFINITY || pass > 0)
            return renyi_finish(s, ksum_value(&kt), c, f.shift);
        f.shift = c * renyi_max_scalar(p, q, n);   /* S overflowed: a > 1 */
    }
}

/* ---- the fast path ---- */

#define INV_LN2 1.44269504088896338700e+00

/* e^x and e^x - 1, for any x (clamped to [-746, 710], which changes
 * neither: beyond, e^x is 0 or +inf). Exact range reduction
 * x = k ln 2 + r, |r| <= ln2/2 (Cody and Waite: k LN2_HI is exact and
 * x - k LN2_HI is exact by Sterbenz), then e^r - 1 by its Taylor series
 * to degree 13 (truncation below 0.1 ulp for |r| <= 0.347) written as
 * r + r^2 (1/2 + r P(r)), so that only the small part carries the
 * polynomial's rounding. 2^k is built from bits in two factors, so that
 * k = 1024 and subnormal results come out right (the last product rounds
 * once). e^x - 1 = 2^k (e^r - 1) + (2^k - 1), with 2^k - 1 exact for
 * |k| <= 53 (beyond, it is e^x or -1 to the last bit anyway). Measured
 * against long double over 2e7 x in [-745, 745], [-2, 2], [-0.35, 0.35]
 * and [-5e-7, 5e-7]: e^x within 0.96 ulp, e^x - 1 within 1.9 ulp (the
 * worst near x = 0.39, k = 1), e^x - 1 - x (for |x| <= ln2/2) within
 * 2.3 ulp. */
struct kexp {
    double e, m;
    double d;   /* e^x - 1 - x, without cancellation where k = 0 */
};

KINLINE struct kexp k_exp(double x)
{
    x = x > -746.0 ? x : -746.0;
    x = x < 710.0 ? x : 710.0;
    double kd = (x * INV_LN2 + 0x1.8p52) - 0x1.8p52;   /* round(x/ln 2) */
    double r = (x - kd * LN2_HI) - kd * LN2_LO;
    double h = 1.0 / 6227020800.0;                     /* 1/13! */
    h = h * r + 1.0 / 479001600.0;
    h = h * r + 1.0 / 39916800.0;
    h = h * r + 1.0 / 3628800.0;
    h = h * r + 1.0 / 362880.0;
    h = h * r + 1.0 / 40320.0;
    h = h * r + 1.0 / 5040.0;
    h = h * r + 1.0 / 720.0;
    h = h * r + 1.0 / 120.0;
    h = h * r + 1.0 / 24.0;
    h = h * r + 1.0 / 6.0;
    double r2h = (r * r) * (0.5 + r * h);
    double em1 = r + r2h;                               /* e^r - 1 */
    /* 2^k = 2^k1 2^kb, k1 = k - kb in [-1017, 1024] */
    bool pos = kd > 0;
    double k1 = pos ? kd - 1.0 : kd + 60.0;
    double s1 = k_double(k_bits(k1 + (4503599627370496.0 + 1023.0)) << 52);
    double s2 = pos ? 2.0 : 0x1p-60;
    double twok = s1 * s2;
    struct kexp v;
    v.e = ((1.0 + em1) * s1) * s2;
    v.m = kd == 0 ? em1 : (twok - 1.0) + twok * em1;
    v.d = kd == 0 ? r2h : v.m - x;   /* k = 0: r = x exactly */
    return v;
}

/* What the Renyi path sums: S and T (Neumaier per lane, the kernel's
 * K_NEU), or, in max mode, the largest ln(p/q) per lane. */
enum { RS_S, RS_T, RS_COUNT };

struct rargs {
    const double *p, *q;
    size_t n;
    double alpha, c;
    struct rform f;
    bool max;                 /* max ln(p/q) instead of the sums */
};

/* One half's state: lane sums and compensations, lane maxima, and the
 * special entries' sums (in index order) and maximum. */
struct rpart {
    _Alignas(64) double s[RS_COUNT][KLANES];
    _Alignas(64) double c[RS_COUNT][KLANES];
    _Alignas(64) double mx[KLANES];
    struct ksum sp[RS_COUNT];
    double spmax;
    bool inf;                 /* some q = 0 < p, with a > 1 or max */
};

/* Whether any of a block's entries is special (sp[j] = 1): folded into
 * lanes with vector adds, not 32 dependent scalar ones. */
KINLINE bool r_any(double *restrict sp)
{
    for (size_t ch = 1; ch < KCHUNKS; ch++) {
        K_SIMD
        for (size_t l = 0; l < KLANES; l++)
            sp[l] += sp[ch * KLANES + l];
    }
    double any = 0;
    for (size_t l = 0; l < KLANES; l++)
        any += sp[l];
    return any > 0;
}

/* The block's values x into the lanes' Neumaier sums (as k_block does),
 * and whether any entry was special (sp[j] = 1). */
KINLINE bool r_lanes(double (*restrict x)[KBLOCK], double *restrict sp,
                     struct rpart *restrict rp)
{
    for (int a = 0; a < RS_COUNT; a++) {
        for (size_t ch = 1; ch < KCHUNKS; ch++) {
            K_SIMD
            for (size_t l = 0; l < KLANES; l++)
                x[a][l] += x[a][ch * KLANES + l];
        }
        K_SIMD
        for (size_t l = 0; l < KLANES; l++)
            K_NEU(rp, a, l, x[a][l]);
    }
    return r_any(sp);
}

/* One block's S and T into the lanes; returns whether it had special
 * entries (zeros, subnormals), which contributed nothing here. */
KINLINE bool r_block(const double *restrict p, const double *restrict q,
                     double g, double shift, bool wq,
                     struct rpart *restrict rp)
{
    _Alignas(64) double x[RS_COUNT][KBLOCK];
    _Alignas(64) double sp[KBLOCK];
    K_SIMD
    for (size_t j = 0; j < KBLOCK; j++) {
        double p0 = p[j], q0 = q[j];
        bool ok = (p0 >= DBL_MIN) & (q0 >= DBL_MIN);   /* no && */
        double ps = ok ? p0 : 1.0, qs = ok ? q0 : 1.0;
        /* the kernel's ln(p/q) and KL brackets (unused parts vanish) */
        struct kterm t = k_term(ps, qs);
        double lr = ps >= qs ? t.l : -t.l;
        double xe = g * lr - shift;
        struct kexp e = k_exp(xe);
        double w = wq ? qs : ps;
        double near = wq ? w * e.d - g * t.nr : w * e.d + g * t.nf;
        double plain = w * e.m - g * (ps - qs);
        bool small = (xe <= LN2_HALF) & (xe >= -LN2_HALF) & (shift == 0);
        x[RS_S][j] = ok ? w * e.e : 0.0;
        x[RS_T][j] = ok ? (small ? near : plain) : 0.0;
        sp[j] = ok ? 0.0 : 1.0;
    }
    return r_lanes(x, sp, rp);
}

/* One block's largest ln(p/q) into the lane maxima. */
KINLINE bool r_block_max(const double *restrict p, const double *restrict q,
                         struct rpart *restrict rp)
{
    _Alignas(64) double lr[KBLOCK];
    _Alignas(64) double sp[KBLOCK];
    K_SIMD
    for (size_t j = 0; j < KBLOCK; j++) {
        double p0 = p[j], q0 = q[j];
        bool ok = (p0 >= DBL_MIN) & (q0 >= DBL_MIN);
        double ps = ok ? p0 : 1.0, qs = ok ? q0 : 1.0;
        struct kterm t = k_term(ps, qs);
        double l = ps >= qs ? t.l : -t.l;
        lr[j] = ok ? l : -INFINITY;
        sp[j] = ok ? 0.0 : 1.0;
    }
    for (size_t ch = 0; ch < KCHUNKS; ch++) {
        K_SIMD
        for (size_t l = 0; l < KLANES; l++) {
            double v = lr[ch * KLANES + l];
            rp->mx[l] = v > rp->mx[l] ? v : rp->mx[l];
        }
    }
    return r_any(sp);
}

/* A special entry by the reference code. */
static void r_special(const struct rargs *ra, double p, double q,
                      struct rpart *rp)
{
    if (ra->max) {
        if (p == 0)
            return;
        if (q == 0) {
            rp->inf = true;
            return;
        }
        double l = divergence_log_ratio(p, q);
        rp->spmax = l > rp->spmax ? l : rp->spmax;
        return;
    }
    if (p == 0) {
        if (q > 0)
            ksum_add(&rp->sp[RS_T], ra->c * q);
        return;
    }
    if (q == 0) {
        if (ra->alpha > 1)
            rp->inf = true;
        else
            ksum_add(&rp->sp[RS_T], -ra->alpha * p);
        return;
    }
    double e, b;
    renyi_entry(p, q, ra->f, &e, &b);
    ksum_add(&rp->sp[RS_S], e);
    ksum_add(&rp->sp[RS_T], b);
}

struct rjob {
    const struct rargs *ra;
    size_t b0, b1;
    struct rpart *rp;
};

KINLINE void r_job(struct rjob *j)
{
    const struct rargs *ra = j->ra;
    _Alignas(64) double tp[KBLOCK], tq[KBLOCK];
    for (size_t blk = j->b0; blk < j->b1; blk++) {
        size_t base = blk * KBLOCK;
        const double *p, *q;
        /* The last block is padded with p = q = 0: special entries the
         * fix-up below does not visit. */
        size_t cnt = k_block_at(ra->p, ra->q, ra->n, base, 0.0, tp, tq, &p,
                                &q);
        bool special;
        if (ra->max)
            special = r_block_max(p, q, j->rp);
        else if (ra->f.wq)   /* two loops: wq is not a select per entry */
            special = r_block(p, q, ra->f.g, ra->f.shift, true, j->rp);
        else
            special = r_block(p, q, ra->f.g, ra->f.shift, false, j->rp);
        if (special) {
            for (size_t i = 0; i < cnt; i++)
                if (k_special(p[i], q[i]))
                    r_special(ra, p[i], q[i], j->rp);
        }
    }
}

ISA_RUNNER(r_job_run, r_job, struct rjob)

/* The two halves of the blocks, as k_dispatch does them: the second on a
 * thread of its own from DIVERGENCE_THREAD_MIN entries on, the same bits
 * either way. Sets *inf when some q = 0 < p counts (a > 1, or max mode);
 * returns S (and T into *t), or in max mode the largest ln(p/q). */
static double r_dispatch(const struct rargs *ra, double *t, bool *inf)
{
    size_t nb = (ra->n + KBLOCK - 1) / KBLOCK;
    size_t h = nb / 2;
    struct rpart parts[2];
    memset(parts, 0, sizeof parts);
    for (int part = 0; part < 2; part++) {
        for (size_t l = 0; l < KLANES; l++)
            parts[part].mx[l] = -INFINITY;
        parts[part].spmax = -INFINITY;
    }
    struct rjob jobs[2] = {{ra, 0, h, &parts[0]}, {ra, h, nb, &parts[1]}};
    divergence_run_halves(r_job_run, &jobs[0], &jobs[1], ra->n);

    *inf = parts[0].inf || parts[1].inf;
    if (ra->max) {
        /* Maxima are exact: the order does not matter. */
        double best = -INFINITY;
        for (int part = 0; part < 2; part++) {
            for (size_t l = 0; l < KLANES; l++)
                best = parts[part].mx[l] > best ? parts[part].mx[l] : best;
            best = parts[part].spmax > best ? parts[part].spmax : best;
        }
        return best;
    }
    /* In a fixed order: both halves' lane sums, their compensations, then
     * the special entries' sums. */
    double v[RS_COUNT];
    for (int a = 0; a < RS_COUNT; a++) {
        struct ksum k = k_merge(parts[0].s[a], parts[1].s[a], parts[0].c[a],
                                parts[1].c[a], &parts[0].sp[a],
                                &parts[1].sp[a]);
        v[a] = ksum_value(&k);
    }
    /* An infinite lane sum makes its compensation inf - inf: S
     * overflowed. */
    if (v[RS_S] != v[RS_S])
        v[RS_S] = INFINITY;
    *t = v[RS_T];
    return v[RS_S];
}

double divergence_renyi(const double *p, const double *q, size_t n,
                        double alpha, double kl_nats)
{
    if (alpha == 1.0)
        return kl_nats;
    bool inf = false;
    double t = 0;
    struct rargs ra = {p, q, n, alpha, alpha - 1, renyi_form(alpha),
                       isinf(alpha)};
    if (ra.max) {
        double r = r_dispatch(&ra, &t, &inf);
        return inf ? INFINITY : r > 0 ? r : 0.0;
    }
    double s = r_dispatch(&ra, &t, &inf);
    if (inf)
        return INFINITY;
    if (s == INFINITY) {
        /* S overflowed (a > 1): again, scaled by e^(-c max l). */
        ra.max = true;
        double lmax = r_dispatch(&ra, &t, &inf);
        ra.max = false;
        ra.f.shift = ra.c * lmax;
        s = r_dispatch(&ra, &t, &inf);
    }
    return renyi_finish(s, t, ra.c, ra.f.shift);
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
