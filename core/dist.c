#include "dist.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "divergence.h"
#include "i18n.h"
#include "num.h"

/* Neumaier sums in DIST_LANES lanes (entry j of a range into lane
 * j mod DIST_LANES), combined in a fixed order at the end. As accurate as
 * one Neumaier sum (each lane's error does not grow with n, and the lanes'
 * sums and compensations are summed compensated), but the lanes are
 * independent chains, so the loop vectorizes and runs several times
 * faster: at n = 10^6 this sum is a visible part of an edit. The order
 * does not depend on the instruction set, so neither do the bits. */
#define DIST_LANES 8

struct lanes {
    double s[DIST_LANES], c[DIST_LANES];
};

#if defined(_OPENMP) || defined(KLX_OMP_SIMD)
#define DIST_SIMD _Pragma("omp simd")
#else
#define DIST_SIMD
#endif

static void lanes_add(struct lanes *L, const double *v, size_t n)
{
    size_t j = 0;
    for (; j + DIST_LANES <= n; j += DIST_LANES) {
        DIST_SIMD
        for (size_t l = 0; l < DIST_LANES; l++) {
            double s = L->s[l], x = v[j + l], t = s + x;
            L->c[l] += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
            L->s[l] = t;
        }
    }
    for (size_t l = 0; j < n; j++, l++) {
        double s = L->s[l], x = v[j], t = s + x;
        L->c[l] += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
        L->s[l] = t;
    }
}

static double lanes_value(const struct lanes *L)
{
    struct ksum k = {0, 0};
    for (size_t l = 0; l < DIST_LANES; l++)
        ksum_add(&k, L->s[l]);
    for (size_t l = 0; l < DIST_LANES; l++)
        ksum_add(&k, L->c[l]);
    return ksum_value(&k);
}

double dist_sum(const double *v, size_t n)
{
    struct lanes L = {{0}, {0}};
    lanes_add(&L, v, n);
    return lanes_value(&L);
}

bool dist_check_value(double v, struct error *err)
{
    char b[NUM_BUF];
    if (isnan(v))
        return error_set(err, _("a value is NaN (values must be finite "
                            "numbers >= 0)"));
    if (isinf(v))
        return error_set(err, _("a value is infinite (values must be finite "
                            "numbers >= 0)"));
    if (v < 0)
        return error_set(err, _("%s is negative (hint: probabilities, "
                            "weights and counts must be >= 0)"),
                         num_roundtrip(b, sizeof b, v));
    return true;
}

/* Which positive v[i] become 0 when divided by s. Only s >= 2 can do it
 * (the smallest subnormal over s < 2 rounds back up to itself), and only
 * to values below s * DBL_MIN, so the exact test runs on few entries. */
static void find_lost(const double *v, size_t n, double s,
                      struct dist_lost *lost)
{
    lost->n = 0;
    lost->first = 0;
    if (s < 2)
        return;
    double below = s * DBL_MIN;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > 0 && v[i] < below && v[i] / s == 0) {
            if (lost->n++ == 0)
                lost->first = i;
        }
    }
}

bool dist_normalize_lost(double *v, size_t n, const char *what, double *sum,
                         struct dist_lost *lost, struct error *err)
{
    if (n == 0)
        return error_set(err, _("%s is empty (hint: give at least one value)"),
                         what);
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, _("%s has %zu entries; klx handles at most %zu"),
                         what, n, DIST_MAX_ENTRIES);
    double most = 0;
    for (size_t i = 0; i < n; i++) {
        if (!dist_check_value(v[i], err)) {
            error_prefix(err, _("%s entry %zu"), what, i + 1);
            return false;
        }
        most = v[i] > most ? v[i] : most;
    }
    double s = dist_sum(v, n);
    if (s == 0)
        return error_set(err, _("%s is all zeros (hint: at least one entry "
                            "must be positive)"), what);
    /* The values are finite and >= 0, so a NaN sum means the compensated
     * sum overflowed (inf - inf in its correction term). */
    if (!isfinite(s))
        return error_set(err, _("%s sums to more than 1.8e308 (hint: scale "
                            "the values down)"), what);
    /* A vector that sums to 1 up to rounding is a distribution already
     * (one klx normalized and saved, or typed with 17 digits). Dividing it
     * again would move values by an ulp, so a saved table would not read
     * back exactly; dividing gains no accuracy, since the quotients do not
     * sum to exactly 1 either. A value above 1 is not a probability,
     * whatever the sum (1 + 2^-52 alone would give H(P) < 0): that vector
     * is divided, which brings every value to at most 1. */
    if (fabs(s - 1.0) <= DIST_ONE_TOL && most <= 1.0 && n > 1)
        s = 1.0;
    struct dist_lost none;
    find_lost(v, n, s, lost ? lost : &none);
    if (n == 1)
        v[0] = 1.0;   /* v / v, without a rounding to doubt */
    else if (s != 1.0)
        for (size_t i = 0; i < n; i++)
            v[i] /= s;
    *sum = s;
    return true;
}

/* dst[j] = src[j] / rest * scale for j in [lo, hi): a loop of its own so
 * that it vectorizes (no test for the edited index inside). */
static void rescale(double *dst, const double *src, size_t lo, size_t hi,
                    double rest, double scale)
{
    DIST_SIMD
    for (size_t j = lo; j < hi; j++)
        dst[j] = src[j] / rest * scale;
}

bool dist_set_into(double *dst, const double *src, size_t n, size_t i,
                   double v, const char *what, struct error *err)
{
    char b[NUM_BUF];
    if (i >= n)
        return error_set(err, _("%s has no entry %zu (it has %zu)"), what,
                         i + 1, n);
    if (!(v >= 0.0 && v <= 1.0))
        return error_set(err, _("%s must be between 0 and 1 (the others are "
                            "rescaled to keep the sum 1)"),
                         num_roundtrip(b, sizeof b, v));
    if (n == 1) {
        if (v != 1.0)
            return error_set(err, _("%s has a single entry, which must be 1 "
                                "(hint: add entries first)"), what);
        dst[0] = src[0];
        return true;
    }
    if (v == 1.0 && src[i] == 1.0) {
        if (dst != src)
            memcpy(dst, src, n * sizeof *dst);
        return true;
    }
    /* Compute the others' mass directly: 1 - src[i] loses everything when
     * src[i] is close to 1 and the others are tiny. */
    struct lanes L = {{0}, {0}};
    lanes_add(&L, src, i);
    lanes_add(&L, src + i + 1, n - i - 1);
    double rest = lanes_value(&L);
    if (rest > 0) {
        /* src[j] / rest first: it is <= 1, whereas (1 - v) / rest
         * overflows to inf when the others' mass is subnormal (1e-320). */
        rescale(dst, src, 0, i, rest, 1.0 - v);
        rescale(dst, src, i + 1, n, rest, 1.0 - v);
    } else {
        double share = (1.0 - v) / (double)(n - 1);
        for (size_t j = 0; j < n; j++)
            dst[j] = share;
    }
    dst[i] = v;
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
        return error_set(err, _("the smoothing amount must be > 0 and at "
                            "most 1e6, not %s (e.g. smooth 0.001)"),
                         num_roundtrip(b, sizeof b, eps));
    double total = 1.0 + (double)n * eps;
    for (size_t i = 0; i < n; i++)
        p[i] = (p[i] + eps) / total;
    return true;
}
