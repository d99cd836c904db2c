#include "grad.h"

#include <math.h>
#include <stdbool.h>

size_t grad_best(const double *g, const double *x, size_t n)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        bool can = (g[i] < 0 && x[i] < 1) || (g[i] > 0 && x[i] > 0);
        if (can && !isnan(g[i]) && (best == n || fabs(g[i]) > fabs(g[best])))
            best = i;
    }
    return best;
}
