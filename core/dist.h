/* dist: one discrete probability distribution as an array of doubles.
 *
 * These functions keep an array a valid distribution (finite, >= 0, sum 1)
 * or refuse with an error and leave it untouched. `what` names the
 * distribution in messages ("P", "Q"). Indices are 0-based here; the command
 * language is 1-based and converts. */
#ifndef KLX_DIST_H
#define KLX_DIST_H

#include <float.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Largest number of entries klx accepts, so that a typo in a generated file
 * gives a clear error rather than an out-of-memory crash. 10^7 entries with
 * automatic labels take about 0.6 GB while loading (measured), and every
 * edit keeps a copy of the table for undo. */
#define DIST_MAX_ENTRIES ((size_t)10000000)

/* A sum within this of 1 is 1 up to rounding. Dividing a vector by its
 * sum leaves a sum within about 1 eps of 1 (one rounding per quotient, one
 * in the compensated sum), and every edit (set, smooth, add, del) leaves
 * one within 2 eps (1.5 eps the worst measured over 4*10^5 random edits):
 * twice that keeps normalizing idempotent and a saved table reading back
 * bit for bit. */
#define DIST_ONE_TOL (4 * DBL_EPSILON)

/* Positive inputs that dividing by the sum made 0 (they underflowed, as
 * 5e-324 does next to 1e308): how many, and the first one (0-based).
 * Such an entry silently becomes a zero, which can make KL infinite, so
 * front ends name it. */
struct dist_lost {
    size_t n;
    size_t first;
};

/* Checks raw weights (counts, weights or probabilities): every value finite
 * and >= 0, not all zero. On success divides by the sum and stores it in
 * *sum, unless the sum is 1 up to rounding (within DIST_ONE_TOL) and no
 * value exceeds 1: then the values are kept bit for bit and *sum is 1, so
 * that normalizing is idempotent and a saved table reads back exactly. A
 * single entry always becomes exactly 1. No stored value exceeds 1.
 * *lost (lost may be NULL) says which positive inputs became 0. */
bool dist_normalize_lost(double *v, size_t n, const char *what, double *sum,
                         struct dist_lost *lost, struct error *err);

/* Checks one value without normalizing (for loaders that report where). */
bool dist_check_value(double v, struct error *err);

/* Sets entry i to probability v (0 <= v <= 1: a probability, where
 * dist_normalize_lost takes weights, so 1 + 2^-52 is refused here and
 * becomes 1 there) and rescales the others proportionally so the sum
 * stays 1. When the others hold no mass, the rest (1 - v) is shared
 * equally among them. With n = 1 only v = 1 is valid. Reads src and
 * writes dst (n entries each; dst may be src, and src is not changed when
 * they differ): one pass over the array instead of a copy and an edit.
 * On failure nothing is written. */
bool dist_set_into(double *dst, const double *src, size_t n, size_t i,
                   double v, const char *what, struct error *err);

void dist_uniform(double *p, size_t n);

/* Additive smoothing: p_i <- (p_i + eps) / (1 + n eps), eps > 0 and finite.
 * The classic cure for zeros that make KL infinite. */
bool dist_smooth(double *p, size_t n, double eps, struct error *err);

/* Neumaier's compensated sum of n values (in lanes, so it vectorizes:
 * the error does not grow with n either way). */
double dist_sum(const double *v, size_t n);

#endif
