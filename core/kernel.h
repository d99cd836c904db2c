/* kernel: the pieces of klx's vectorized fast paths (divergence.c's KL
 * kernel, renyi.c's sums), and the choice of instruction set.
 *
 * The inline functions (prefix k_) are compiled into each path's loops:
 * a logarithm of a ratio built from +, -, *, / and bit operations only,
 * blocks of KBLOCK entries in KLANES lanes, Neumaier sums per lane, and
 * the fixed order in which two halves merge. Every instruction set and
 * vector width gives the same bits (see divergence.c's kernel comment).
 * ISA_RUNNER compiles a job once per instruction set; kernel_isa() says
 * which one runs. */
#ifndef KLX_KERNEL_H
#define KLX_KERNEL_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ksum.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define KLX_KERNEL_X86 1
#else
#define KLX_KERNEL_X86 0
#endif

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
    /* Estrin's scheme: pairs, then pairs of pairs. The loop is
     * latency-bound, and Horner's rule would chain nine dependent
     * multiply-adds; this is four deep (doc/performance.md). */
    double w2 = w * w, w4 = w2 * w2, w8 = w4 * w4;
    double e0 = 0.33333333333333331 + w * 0.20000000000007456;
    double e1 = 0.14285714283514531 + w * 0.11111111362409382;
    double e2 = 0.090908945464913751 + w * 0.076927895051293119;
    double e3 = 0.066570036413351449 + w * 0.060011469977136564;
    double e4 = 0.043974333694748333 + w * 0.080879034540725481;
    return (e0 + w2 * e1) + w4 * (e2 + w2 * e3) + w8 * e4;
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
 * (a+b) u^2 (A +- uB), which has no cancellation.
 *
 * The loops around this are bound by the number of vector operations
 * (doc/performance.md), so the two cases share one subtraction, one sum
 * and one division of selected operands, and both directions' terms come
 * from al = a l and bl = b l (p ln(p/q) is al when p >= q, else -bl). */
struct kterm {
    double tf, tr;      /* p ln(p/q), q ln(q/p) */
    double nf, nr;      /* the nonnegative brackets */
    double l;           /* ln(a/b) >= 0 */
    double al, bl;      /* a l, b l (>= 0) */
    double a, b, d, s;  /* max, min, a - b, a + b */
    double sw, w;       /* (a+b) u^2, u^2 */
    bool pge;           /* p >= q */
    bool within;        /* a <= 2b */
};

KINLINE struct kterm k_term(double ps, double qs)
{
    struct kterm t;
    bool pge = ps >= qs;
    double a = pge ? ps : qs, b = pge ? qs : ps;
    struct ksplit xa = k_split(a), xb = k_split(b);
    bool within = a <= 2.0 * b;
    double kf = within ? 0.0 : xa.e - xb.e;
    double ma = xa.m, mb = xb.m;
    double na = within ? a : ma, nb = within ? b : mb;
    double d = na - nb, s = na + nb;    /* a - b, a + b when within */
    double u = d / s;
    double w = u * u;
    double bb = k_poly_b(w);
    double aa = 1.0 + w * bb;
    double l = kf * LN2_HI + (kf * LN2_LO + 2.0 * u * aa);
    double al = a * l, bl = b * l;
    t.tf = pge ? al : -bl;
    t.tr = pge ? -bl : al;
    /* a's bracket a l - (a - b) and b's -(b l) + (a - b) far apart;
     * within, s u^2 (A + uB) and s u^2 (A - uB). */
    double sw = s * w;
    double big = sw * (aa + u * bb), small = sw * (aa - u * bb);
    double dab = a - b;
    double nbig = within ? big : al - dab;
    double nsmall = within ? small : -bl + dab;
    t.nf = pge ? nbig : nsmall;
    t.nr = pge ? nsmall : nbig;
    t.l = l;
    t.al = al;
    t.bl = bl;
    t.a = a;
    t.b = b;
    t.d = dab;
    t.s = a + b;
    t.sw = sw;
    t.w = w;
    t.pge = pge;
    t.within = within;
    return t;
}

/* Entries in lanes: a block is KCHUNKS rows of KLANES entries, and lane l
 * takes entries l, l + KLANES, ... of every block. The order of operations
 * is per lane, so it does not depend on the vector width. Eight rows
 * (64 entries) leave the per-block Neumaier steps a smaller share than
 * four and give the loop more independent work (doc/performance.md). */
#define KLANES 8
#define KCHUNKS 8
#define KBLOCK (KLANES * KCHUNKS)

/* Neumaier's step, branch-free, for lane l of quantity a. */
#define K_NEU(kp, a, l, x)                                                \
    do {                                                                  \
        double s_ = (kp)->s[a][l], x_ = (x), t_ = s_ + x_;                \
        (kp)->c[a][l] += fabs(s_) >= fabs(x_) ? (s_ - t_) + x_            \
                                             : (x_ - t_) + s_;           \
        (kp)->s[a][l] = t_;                                               \
    } while (0)

/* Quantity a of a block's values x (x[a] holds KCHUNKS rows of KLANES)
 * into kp's lane sums: the rows added up per lane, then one K_NEU step
 * per lane. */
#define K_FOLD(kp, x, a)                                                  \
    do {                                                                  \
        for (size_t ch_ = 1; ch_ < KCHUNKS; ch_++) {                      \
            K_SIMD                                                        \
            for (size_t l_ = 0; l_ < KLANES; l_++)                        \
                (x)[a][l_] += (x)[a][ch_ * KLANES + l_];                  \
        }                                                                 \
        K_SIMD                                                            \
        for (size_t l_ = 0; l_ < KLANES; l_++)                            \
            K_NEU(kp, a, l_, (x)[a][l_]);                                 \
    } while (0)

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

/* The fixed order in which both fast paths merge their two halves: the
 * lane sums of both, then their compensations, then the special entries'
 * sums (ksum_value: an infinite special term leaves inf, not nan). */
static inline struct ksum k_merge(const double *s0, const double *s1,
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

/* The instruction set of the fast paths. AUTO (the default) picks the best
 * the CPU has at the first call: AVX-512 (F, DQ, VL), AVX2, or the
 * portable build (SSE2 on x86-64). All give identical results. */
enum kernel_isa {
    KERNEL_ISA_AUTO,
    KERNEL_ISA_PORTABLE,
    KERNEL_ISA_AVX2,
    KERNEL_ISA_AVX512,
};
/* Forces one (tests, benchmarks); false when the CPU lacks it. */
bool kernel_set_isa(enum kernel_isa isa);
/* The one in use (AUTO resolved). */
enum kernel_isa kernel_isa(void);
const char *kernel_isa_name(enum kernel_isa isa);

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
        switch (kernel_isa()) {                                           \
        case KERNEL_ISA_AVX512:                                           \
            run##_avx512(arg);                                             \
            break;                                                         \
        case KERNEL_ISA_AVX2:                                             \
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

#endif
