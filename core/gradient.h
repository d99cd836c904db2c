/* gradient: which entry matters, the derivative of a divergence with
 * respect to each entry under the edit klx makes. */
#ifndef KLX_GRADIENT_H
#define KLX_GRADIENT_H

#include <stdbool.h>
#include <stddef.h>

/* Which entry matters: the derivative of D(A||B) (in nats) with respect to
 * each entry x_i of A (edit_first) or of B, when x_i moves and the other
 * entries are rescaled proportionally, as `set` does:
 *     dD/dx_i = (dD/dx_i - sum_j x_j dD/dx_j) / (1 - x_i).
 * Editing B:  (1 - a_i/b_i) / (1 - b_i).
 * Editing A:  (log(a_i/b_i) - D) / (1 - a_i); where a_i = 0 it is -inf
 *             if b_i > 0 and +inf if b_i = 0 (raising it makes D infinite).
 * `d` is D(A||B), which must be finite. Entries with x_i = 1 (nothing to
 * rescale) get NaN. */
void gradient_compute(const double *a, const double *b, size_t n,
                      bool edit_first, double d, double *out);

/* The entry whose nudge lowers the divergence fastest, as the `grad`
 * command and the explorer's gradient column mark it: the largest |g_i|
 * that can actually move the way the gradient says (up when g_i < 0 and
 * x_i < 1, down when g_i > 0 and x_i > 0), NaN skipped; n when none can
 * (the divergence is already 0). */
size_t gradient_best(const double *g, const double *x, size_t n);

#endif
