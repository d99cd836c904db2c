#include "dist.h"

#include <float.h>
#include <math.h>

#include "divergence.h"
#include "num.h"

double dist_sum(const double *v, size_t n)
{
    struct ksum k = {0, 0};
    for (size_t i = 0; i < n; i++)
        ksum_add(&k, v[i]);
    return ksum_value(&k);
}

bool dist_check_value(double v, struct error *err)
{
    char b[NUM_BUF];
    if (isnan(v))
        return error_set(err, "a value is NaN (values must be finite "
                         "numbers >= 0)");
    if (isinf(v))
        return error_set(err, "a value is infinite (values must be finite "
                         "numbers >= 0)");
    if (v < 0)
        return error_set(err, "%s is negative (hint: probabilities, "
                         "weights and counts must be >= 0)",
                         num_exact(b, sizeof b, v));
    return true;
}

bool dist_normalize(double *v, size_t n, const char *what, double *sum,
                    struct error *err)
{
    if (n == 0)
        return error_set(err, "%s is empty (hint: give at least one value)",
                         what);
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, "%s has %zu entries; klx handles at most %zu",
                         what, n, DIST_MAX_ENTRIES);
    for (size_t i = 0; i < n; i++) {
        if (!dist_check_value(v[i], err)) {
            error_prefix(err, "%s entry %zu", what, i + 1);
            return false;
        }
    }
    double s = dist_sum(v, n);
    if (s == 0)
        return error_set(err, "%s is all zeros (hint: at least one entry "
                         "must be positive)", what);
    /* The values are finite and >= 0, so a NaN sum means the compensated
     * sum overflowed (inf - inf in its correction term). */
    if (!isfinite(s))
        return error_set(err, "%s sums to more than 1.8e308 (hint: scale "
                         "the values down)", what);
    /* A vector that sums to 1 up to rounding is a distribution already
     * (one klx normalized and saved, or typed with 17 digits). Dividing it
     * again would move values by an ulp, so a saved table would not read
     * back exactly; dividing gains no accuracy, since the quotients do not
     * sum to exactly 1 either. */
    if (fabs(s - 1.0) <= 8 * DBL_EPSILON)
        s = 1.0;
    if (s != 1.0)
        for (size_t i = 0; i < n; i++)
            v[i] /= s;
    *sum = s;
    return true;
}

bool dist_set(double *p, size_t n, size_t i, double v, const char *what,
              struct error *err)
{
    char b[NUM_BUF];
    if (i >= n)
        return error_set(err, "%s has no entry %zu (it has %zu)", what,
                         i + 1, n);
    if (!(v >= 0.0 && v <= 1.0))
        return error_set(err, "%s must be between 0 and 1 (the others are "
                         "rescaled to keep the sum 1)",
                         num_exact(b, sizeof b, v));
    if (n == 1) {
        if (v != 1.0)
            return error_set(err, "%s has a single entry, which must be 1 "
                             "(hint: add entries first)", what);
        return true;
    }
    if (v == 1.0 && p[i] == 1.0)
        return true;
    /* Compute the others' mass directly: 1 - p[i] loses everything when
     * p[i] is close to 1 and the others are tiny. */
    struct ksum k = {0, 0};
    for (size_t j = 0; j < n; j++)
        if (j != i)
            ksum_add(&k, p[j]);
    double rest = ksum_value(&k);
    if (rest > 0) {
        /* p[j] / rest first: it is <= 1, whereas (1 - v) / rest overflows
         * to inf when the others' mass is subnormal (1e-320). */
        for (size_t j = 0; j < n; j++)
            if (j != i)
                p[j] = p[j] / rest * (1.0 - v);
    } else {
        double share = (1.0 - v) / (double)(n - 1);
        for (size_t j = 0; j < n; j++)
            if (j != i)
                p[j] = share;
    }
    p[i] = v;
    return true;
}

void dist_uniform(double *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = 1.0 / (double)n;
}

bool dist_smooth(double *p, size_t n, double eps, struct error *err)
{
    char b[NUM_BUF];
    if (!(eps > 0) || !isfinite(eps) || eps > 1e6)
        return error_set(err, "the smoothing amount must be > 0 and at "
                         "most 1e6, not %s (e.g. smooth 0.001)",
                         num_exact(b, sizeof b, eps));
    double total = 1.0 + (double)n * eps;
    for (size_t i = 0; i < n; i++)
        p[i] = (p[i] + eps) / total;
    return true;
}
