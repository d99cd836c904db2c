/* column: one number format for a whole column of a table.
 *
 * A column that prints 0.000002 beside 4.2e-07 makes the reader compare two
 * notations; a column that prints 1.2e-06 as 0.000001 hides a digit. So every
 * table (the explorer, the report, `terms`, `top`, `find`, the exports) asks
 * this module once per column, from the values it shows, and prints each
 * value with the answer:
 *
 *   - fixed with k decimals when the smallest nonzero magnitude is at
 *     least 1e-5 (no more than four zeros after the point to count), keeps
 *     at least two significant digits and the widest value fits: k starts
 *     at the caller's preference and grows (as the width allows) until
 *     that holds and no two different values print alike;
 *   - otherwise scientific, d.dd...e-XX, with as many mantissa digits as fit
 *     (at most three after the point, at least one).
 *
 * Exact zero prints as "0" and infinities as "inf" in either form, so an
 * exact value stays recognizable. Negative zero prints as "0". Everything
 * runs in the C locale. */
#ifndef KLX_COLUMN_H
#define KLX_COLUMN_H

#include <stdbool.h>
#include <stddef.h>

struct column {
    bool sci;     /* scientific rather than fixed */
    int digits;   /* after the point: decimals, or mantissa digits */
    bool plus;    /* positive values carry a '+' */
};

/* Picks the format for v[0..n) in at most `width` cells (a value may be
 * wider only when even the narrowest scientific form is), preferring
 * `decimals` decimals; `plus` puts a '+' on positive values. NaN and
 * infinities do not take part in the choice. */
void column_pick(struct column *c, const double *v, size_t n, int width,
                 int decimals, bool plus);

/* v in the column's format. Returns buf. */
char *column_put(const struct column *c, char *buf, size_t size, double v);

#endif
