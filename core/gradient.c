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
