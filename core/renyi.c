#include "renyi.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"
#include "halves.h"
#include "kernel.h"

/* ==== Renyi divergence ====
 *
 * D_a(P||Q) = ln S / c,  S = sum p^a q^(1-a) = sum p e^(c l),  c = a - 1,
 * l = ln(p/q), over the entries where p, q > 0. Beyond the formula:
 *
 *  - Near P = Q, S = 1 + O(chi2) and ln S cancels: S rounded is off by
 *    ~1e-16, which is all of D for nearly equal distributions. As for KL
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
 * renyi_divergence_scalar() does this one entry at a time with libm; the
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

double renyi_divergence_scalar(const double *p, const double *q, size_t n,
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
    for (int a = 0; a < RS_COUNT; a++)
        K_FOLD(rp, x, a);
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
 * thread of its own from HALVES_THREAD_MIN entries on, the same bits
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
    halves_run(r_job_run, &jobs[0], &jobs[1], ra->n);

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

double renyi_divergence(const double *p, const double *q, size_t n,
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
