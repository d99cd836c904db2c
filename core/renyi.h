/* renyi: the Renyi divergences, the family of orders alpha around KL. */
#ifndef KLX_RENYI_H
#define KLX_RENYI_H

#include <stddef.h>

/* Renyi divergence of order alpha (>= 0; INFINITY for the max order) in
 * nats: log(sum p^a q^(1-a)) / (a - 1), over the entries where p, q > 0.
 * alpha = 1 is KL (pass kl_nats, the already computed total), alpha = 2
 * is log(1 + chi2), alpha = inf is log max(p/q). +inf where q = 0 < p for
 * alpha > 1 (and inf), and for disjoint supports; never negative. Near
 * P = Q the sum is taken as 1 + sum of brackets p^a q^(1-a) - a p -
 * (1-a) q (using sum p = sum q = 1, as KL does) and the log as log1p; a
 * sum that overflows (alpha > 1, large ratios) is redone scaled, so the
 * result is finite whenever the divergence is (see renyi.c).
 *
 * This is the fast path (the kernel's blocks, lanes, halves and
 * instruction sets, its logarithm and an exponential of its own). It
 * agrees with renyi_divergence_scalar to within DIVERGENCE_FAST_REL
 * relative to |D| plus the rounding's condition scale of the sums (see
 * tests/test_kernel.c; a few ulps of D in practice), and gives the same
 * bits on every instruction set and with 1 or 2 threads. */
double renyi_divergence(const double *p, const double *q, size_t n,
                        double alpha, double kl_nats);
/* The reference: the same sums one entry at a time with libm's exp,
 * expm1, log and log1p and Neumaier sums. For tests and the benchmark. */
double renyi_divergence_scalar(const double *p, const double *q, size_t n,
                               double alpha, double kl_nats);

#endif
