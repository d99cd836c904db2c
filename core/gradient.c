#include "gradient.h"

#include <math.h>

#include "divergence.h"

void gradient_compute(const double *a, const double *b, size_t n,
                      bool edit_first, double d, double *out)
{
    for (size_t i = 0; i < n; i++) {
        double x = edit_first ? a[i] : b[i];
        if (x >= 1.0) {
            out[i] = NAN;
            continue;
        }
        double g;
        if (edit_first)
            g = a[i] == 0 ? (b[i] > 0 ? -INFINITY : INFINITY)
                          : divergence_log_ratio(a[i], b[i]) - d;
        else
            g = 1.0 - (a[i] == 0 ? 0.0 : a[i] / b[i]);
        out[i] = g / (1.0 - x);
    }
}

size_t gradient_best(const double *g, const double *x, size_t n)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        bool can = (g[i] < 0 && x[i] < 1) || (g[i] > 0 && x[i] > 0);
        if (can && !isnan(g[i]) && (best == n || fabs(g[i]) > fabs(g[best])))
            best = i;
    }
    return best;
}
