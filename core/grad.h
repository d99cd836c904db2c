/* grad: which entry matters, from the gradient of KL.
 *
 * The `grad` command and the explorer's gradient column mark the same
 * entry: the one whose nudge lowers the divergence fastest. */
#ifndef KLX_GRAD_H
#define KLX_GRAD_H

#include <stddef.h>

/* The entry with the largest |g_i| that can actually move the way the
 * gradient says (up when g_i < 0 and x_i < 1, down when g_i > 0 and
 * x_i > 0), NaN skipped; n when none can (the divergence is already 0). */
size_t grad_best(const double *g, const double *x, size_t n);

#endif
