#include "divergence.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "halves.h"
#include "kernel.h"

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
 * same quantities in blocks of KBLOCK = 64 entries:
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
 *     compensations, then the special sums. For n >= HALVES_THREAD_MIN
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

/* ---- the KL kernel's own pieces (the shared ones are in kernel.h) ---- */

/* c[0] w^(n-1) + c[1] w^(n-2) + ... + c[n-1] by Horner's rule, unrolled
 * so that it is the chain of multiply-adds written out. */
KINLINE double k_horner(const double *c, size_t n, double w)
{
    double r = c[0];
#pragma GCC unroll 16
    for (size_t i = 1; i < n; i++)
        r = r * w + c[i];
    return r;
}

/* The same for w in [0, 0.03] (m in [sqrt(1/2), sqrt 2), |u| <= 0.1716):
 * degree 6, |error| <= 1.8e-16, times w <= 0.03 in A. */
KINLINE double k_poly_bm(double w)
{
    static const double b[] = {
        0.073215485701854835, 0.076647697955967251, 0.090914778004423602,
        0.11111105105105346,  0.14285714315860268,  0.19999999999943321,
        0.33333333333333348,
    };
    return k_horner(b, sizeof b / sizeof b[0], w);
}

/* C(w) = sum_j w^j / ((j+1)(2j+1)), so that for |u| <= 1/3
 * (1+u) ln(1+u) + (1-u) ln(1-u) = u^2 C(u^2): economized to degree 9 on
 * [0, 1/9], |error| <= 0.04 ulp of C. */
KINLINE double k_poly_c(double w)
{
    static const double c[] = {
        0.0084753630751015566, 0.0057068928882124713, 0.0084466207847207122,
        0.010979819213821884,  0.015151972682840336,  0.022222208427891316,
        0.035714285952400018,  0.06666666666458386,   0.16666666666667374,
        1.0,
    };
    return k_horner(c, sizeof c / sizeof c[0], w);
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

enum kmode { KMODE_KL, KMODE_ALL };

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
        /* p ln(p/q) is a l >= 0 when p >= q, else -(b l) <= 0; q ln(q/p)
         * the other way round. The negative terms are summed as b l and
         * negated once at the end (k_negate). */
        x[ACC_NEG_PQ][j] = t.pge ? 0.0 : t.bl;
        x[ACC_POS_PQ][j] = t.pge ? t.al : 0.0;
        x[ACC_NEG_QP][j] = t.pge ? t.bl : 0.0;
        x[ACC_POS_QP][j] = t.pge ? 0.0 : t.al;
        double neg = t.bl > 0 ? 1.0 : 0.0;
        cnt[KCNT_NEG_PQ][j] = t.pge ? 0.0 : neg;
        cnt[KCNT_NEG_QP][j] = t.pge ? neg : 0.0;
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
    for (int a = 0; a < n_acc; a++)
        K_FOLD(kp, x, a);
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
                e[ACC_NEG_PQ] = -e[ACC_NEG_PQ];
                e[ACC_NEG_QP] = -e[ACC_NEG_QP];
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

ISA_RUNNER(k_job_run, k_job, struct kjob)

/* -k, for the sums of negative terms, which the kernel adds up as
 * magnitudes: every rounding of a sum of -x_i is that of the sum of x_i
 * negated, so the bits are those of summing the negative values; 0 - x
 * keeps an empty sum +0. */
static void k_negate(struct ksum *k)
{
    k->s = 0.0 - k->s;
    k->c = 0.0 - k->c;
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
    halves_run(k_job_run, &jobs[0], &jobs[1], ka->n);
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
    k_negate(&t.k[ACC_NEG_PQ]);
    k_negate(&t.k[ACC_NEG_QP]);
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
