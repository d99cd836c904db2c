/* divergence: KL divergence both ways, and its relatives, computed right.
 *
 * Conventions (they are klx's, and the README and --help repeat them):
 *   - 0 * log(0/q) = 0 for every q >= 0; 0 * log 0 is never evaluated.
 *   - p > 0 with q = 0 makes the term and the total +inf; the result lists
 *     the entries that do it.
 *   - Everything is computed in nats; log_base_scale() converts.
 *
 * Accuracy. A total is not the naive sum of p*log(p/q): for nearly equal P
 * and Q that sum is rounding noise of either sign. Since sum(p) = sum(q) = 1,
 *     KL(P||Q) = sum_i [ p_i*log(p_i/q_i) - p_i + q_i ],
 * and every bracket is >= 0 (log x <= x - 1) and can be computed to full
 * relative precision (see divergence_term_nonneg). Summing nonnegative terms
 * with Neumaier compensation gives a total that is never negative and is
 * accurate to a few ulps. The per-term values a person looks at stay the
 * classic p*log(p/q), which can be negative. */
#ifndef KLX_DIVERGENCE_H
#define KLX_DIVERGENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "ksum.h"
/* Results are in nats; log_base converts them. */
#include "log_base.h"

/* ln(p/q) for p, q > 0, without overflow (p = 0.5, q = 1e-320 is fine) and
 * without cancellation when p is close to q. */
double divergence_log_ratio(double p, double q);

/* The classic term p*ln(p/q) in nats (0 when p = 0, +inf when q = 0 < p). */
double divergence_term(double p, double q);

/* p*ln(p/q) - p + q >= 0, to full relative precision (q when p = 0). */
double divergence_term_nonneg(double p, double q);

/* How many entries causing an infinite direction are remembered by index. */
#define DIVERGENCE_INF_LIST 16

struct direction {
    double total;     /* the divergence in nats; +inf when infinite */
    double neg;       /* sum of the negative classic terms (<= 0) */
    double pos;       /* sum of the positive classic terms (>= 0, maybe inf) */
    size_t n_neg;     /* how many terms are negative */
    size_t n_inf;     /* how many entries make it infinite */
    size_t inf_idx[DIVERGENCE_INF_LIST]; /* the first of them, 0-based */
};

struct divergence {
    struct direction pq;  /* KL(P||Q) */
    struct direction qp;  /* KL(Q||P) */
    double h_p, h_q;      /* entropies H(P), H(Q) */
    double h_pq, h_qp;    /* cross-entropies H(P,Q) = -sum p log q, H(Q,P) */
    double js;            /* Jensen-Shannon divergence, in [0, ln 2] */
    double tv;            /* total variation distance, in [0, 1] */
    double hellinger;     /* Hellinger distance sqrt(1/2 sum (sqrt p -
                             sqrt q)^2), in [0, 1] */
    double chi2_pq;       /* chi-squared sum (p-q)^2/q; inf if q = 0 < p */
    double chi2_qp;
    bool identical;       /* P and Q are equal entry by entry */
};

/* One pass over normalized p and q (n >= 1) fills every field, in nats.
 * This is the fast path: blocks of entries through a vectorized loop with
 * its own logarithm, pairwise sums inside a block and Neumaier sums across
 * blocks (see divergence.c). It agrees with divergence_compute_scalar to
 * within DIVERGENCE_FAST_REL relative (totals, entropies, sums of terms,
 * JS, TV, Hellinger, chi-squared; a few ulps in practice), gives exactly
 * the same counts, inf lists and `identical`, and every instruction set
 * gives the same bits. Totals are never negative. */
void divergence_compute(const double *p, const double *q, size_t n,
                        struct divergence *out);

/* divergence_compute (the same bits) and, in the same pass,
 * divergence_terms_max: the per-term values into fwd and rev (both
 * required, n each) and the two maxima. */
void divergence_compute_terms(const double *p, const double *q, size_t n,
                              struct divergence *out, double *fwd,
                              double *rev, double *max_mass,
                              double *max_term);

/* divergence_kl (the same bits: the KL fields and `identical`, the other
 * measures 0) with the per-term values and maxima of
 * divergence_compute_terms, in one pass: what an edit costs when only KL
 * is on screen. */
void divergence_kl_terms(const double *p, const double *q, size_t n,
                         struct divergence *out, double *fwd, double *rev,
                         double *max_mass, double *max_term);

/* The reference: one entry at a time with libm's log and log1p and
 * Neumaier sums. Slow; for tests and the benchmark. */
void divergence_compute_scalar(const double *p, const double *q, size_t n,
                               struct divergence *out);

/* Both KL directions only (the `pq` and `qp` fields and `identical`; the
 * other fields are 0): the kernel klx-bench times. */
void divergence_kl(const double *p, const double *q, size_t n,
                   struct divergence *out);

/* The classic per-term values p_i ln(p_i/q_i) into fwd[i] and
 * q_i ln(q_i/p_i) into rev[i] (either may be NULL), by the fast path:
 * within DIVERGENCE_FAST_REL of divergence_term. */
void divergence_terms(const double *p, const double *q, size_t n,
                      double *fwd, double *rev);
/* The same values (bit for bit), and in the same pass the largest of all
 * p_i and q_i (*max_mass) and the largest finite |term| of either
 * direction (*max_term); both 0 when there is none (n = 0). */
void divergence_terms_max(const double *p, const double *q, size_t n,
                          double *fwd, double *rev, double *max_mass,
                          double *max_term);

/* The bound the tests hold the fast path to, relative to the scalar path
 * (for sums of signed terms, relative to the sum of their magnitudes). */
#define DIVERGENCE_FAST_REL 1e-14

#endif
