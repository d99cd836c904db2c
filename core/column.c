#include "column.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "num.h"

/* Beyond these a fixed column is a row of zeros and a mantissa is noise. */
enum { FIXED_MAX = 12, SCI_MAX = 3, NUM_CELL = 48 };
/* Below this, zeros after the point are counted rather than read. */
#define FIXED_SMALLEST 1e-5

char *column_put(const struct column *c, char *buf, size_t size, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "nan");
        return buf;
    }
    const char *sign = v < 0 ? "-" : c->plus && v > 0 ? "+" : "";
    if (isinf(v)) {
        snprintf(buf, size, "%sinf", sign);
        return buf;
    }
    if (v == 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    locale_t old = uselocale(c_locale_get());
    snprintf(buf, size, c->sci ? "%s%.*e" : "%s%.*f", sign, c->digits,
             fabs(v));
    uselocale(old);
    return buf;
}

/* The finite values sorted, without repeats; returns their count. */
static size_t distinct(const double *v, size_t n, double *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            out[m++] = v[i] == 0 ? 0.0 : v[i];
    qsort(out, m, sizeof *out, num_compare);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || out[i] != out[u - 1])
            out[u++] = out[i];
    return u;
}

/* Whether two of the sorted distinct values print alike. */
static bool collide(const struct column *c, const double *s, size_t m)
{
    char a[NUM_CELL], b[NUM_CELL];
    for (size_t i = 1; i < m; i++)
        if (strcmp(column_put(c, a, sizeof a, s[i - 1]),
                   column_put(c, b, sizeof b, s[i])) == 0)
            return true;
    return false;
}

static int widest(const struct column *c, const double *s, size_t m)
{
    char b[NUM_CELL];
    int w = 0;
    for (size_t i = 0; i < m; i++) {
        int len = (int)strlen(column_put(c, b, sizeof b, s[i]));
        w = len > w ? len : w;
    }
    return w;
}

/* Whether the smallest nonzero magnitude keeps two significant digits. */
static bool two_digits(const struct column *c, double lo)
{
    if (c->sci || lo == 0)
        return true;
    return lo * pow(10.0, c->digits) >= 9.5;
}

/* The fewest decimals from `decimals` on that fit, show two significant
 * digits and tell the values apart; when the width runs out first, the
 * most that fit. False when no fixed form fits with two digits. */
static bool fixed_fits(struct column *c, const double *s, size_t m,
                       double lo, int width, int decimals)
{
    c->sci = false;
    if (lo > 0 && lo < FIXED_SMALLEST)
        return false;
    int best = -1;
    for (int k = decimals; k <= FIXED_MAX; k++) {
        c->digits = k;
        if (widest(c, s, m) > width)
            break;
        if (!two_digits(c, lo))
            continue;
        best = k;
        if (!collide(c, s, m))
            break;
    }
    c->digits = best;
    return best >= 0;
}

void column_pick(struct column *c, const double *v, size_t n, int width,
                 int decimals, bool plus)
{
    c->plus = plus;
    double *s = xmalloc((n ? n : 1) * sizeof *s);
    size_t m = distinct(v, n, s);
    double lo = 0;
    for (size_t i = 0; i < m; i++)
        if (s[i] != 0 && (lo == 0 || fabs(s[i]) < lo))
            lo = fabs(s[i]);
    if (!fixed_fits(c, s, m, lo, width, decimals < 0 ? 0 : decimals)) {
        /* The most mantissa digits that fit. */
        c->sci = true;
        for (c->digits = SCI_MAX; c->digits > 1; c->digits--)
            if (widest(c, s, m) <= width)
                break;
    }
    free(s);
}
