/* sweep: two curves over one parameter, and a plain-text line chart.
 *
 * The command language's `sweep` computes KL(P||Q) and KL(Q||P) (or the
 * Renyi divergences) at points of a parameter; this module finds each
 * curve's minimum and draws both curves as text: '*' for the first, 'o'
 * for the second, '#' where they meet, '^' on the top row where a value is
 * infinite, the minima marked 'M' and 'm' under the axis, ticks on both
 * axes, the x axis logarithmic when asked. */
#ifndef KLX_SWEEP_H
#define KLX_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Two curves over one parameter, as `sweep` computed them (not owned). */
struct sweep_curves {
    const char *param;             /* the x axis: "q.theta", "mix" */
    const char *a_name, *b_name;   /* "KL(P||Q)", "KL(Q||P)" */
    const char *unit;              /* "nats" */
    const double *x, *a, *b;       /* m points, x ascending */
    size_t m;                      /* >= 2 */
    bool log_x;
};

/* Values within this relative distance of the minimum count as equal to
 * it: far above rounding noise (a few ulps), far below any difference a
 * chart or six digits can show. */
#define SWEEP_TIE 1e-12

/* Index of the smallest finite y, or m when none is finite. Of values
 * equal to it within SWEEP_TIE, the first. */
size_t sweep_argmin(const double *y, size_t m);

/* Draws y1 and y2 (m >= 2 points, at x ascending) in a chart `width`
 * columns wide (>= 30) and `height` rows high (>= 5) including its
 * axes, with the y axis from 0 to the largest finite value. */
void sweep_chart(const double *x, const double *y1, const double *y2,
                 size_t m, bool log_x, int width, int height,
                 struct buf *out);

/* Each curve's minimum, a line each: "min KL(P||Q) = 0.1 nats at q.mu
 * = 0", or that it is infinite everywhere. */
void sweep_minima(const struct sweep_curves *c, struct buf *out);

/* Whether line is one of sweep_minima's, in the language in force (by
 * its words before the name): the explorer colours it by its side. */
bool sweep_is_min_line(const char *line);

/* What `sweep` prints after its first line: the chart `width` columns
 * wide, its legend, each curve's minimum, and the points (at most about
 * 40 of them, always the last). */
void sweep_report(const struct sweep_curves *c, int width, struct buf *out);

#endif
