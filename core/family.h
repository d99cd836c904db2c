/* family: distributions generated from a named family and its parameters.
 *
 * A family expression is what follows `p` or `q` (or -p / -q):
 *
 *     binom N THETA          0..N
 *     poisson LAMBDA [K]     0..K; K defaults to the first K whose tail
 *                            mass beyond K is below 1e-12
 *     geom THETA [K]         theta (1-theta)^k on 0..K, K as for poisson
 *     normal MU SIGMA [GRID] the density at the points of GRID (LO:HI:STEP)
 *                            or, without GRID, at the table's labels when
 *                            they are all numbers; normalized over them
 *     zipf S N               k^-S on 1..N
 *     uniform N              1..N
 *     mix W A B              W A + (1-W) B; A and B are family expressions,
 *                            in parentheses when they are not one word
 *                            list: mix 0.5 (normal -2 1) (normal 2 1)
 *
 * Parsing is locale-independent (num.h) and every error names the 1-based
 * column of the offending word with a hint. Evaluation gives masses (pmf
 * values) at given support points; points outside a family's support get
 * 0, so masses on a truncated support sum to 1 minus the dropped tail. */
#ifndef KLX_FAMILY_H
#define KLX_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "parse.h"

/* Most support points a family may generate. */
#define FAMILY_MAX_N ((size_t)10000000)

enum family_kind {
    FAMILY_BINOM,
    FAMILY_POISSON,
    FAMILY_GEOM,
    FAMILY_NORMAL,
    FAMILY_ZIPF,
    FAMILY_UNIFORM,
    FAMILY_MIX,
};

struct family {
    enum family_kind kind;
    double par[2];          /* in the order the expression gives them */
    bool has_k;             /* poisson, geom: K given */
    double k;
    bool has_grid;          /* normal: GRID given */
    double grid[3];         /* lo, hi, step */
    struct family *a, *b;   /* mix: the two parts (owned) */
};

/* Whether `word` names a family (so `p WORD ...` is a generator, not a
 * list of values). */
bool family_is_name(const char *word);

/* Parses a whole expression. col0 is the column of text[0] in what the
 * user typed. On error *out is NULL. */
bool family_parse(const char *text, int col0, struct family **out,
                  struct error *err);
void family_free(struct family *f);
struct family *family_copy(const struct family *f);
bool family_equal(const struct family *a, const struct family *b);

/* The expression in the form family_parse reads back ("binom 10 0.3"). */
void family_format(const struct family *f, struct buf *out);

/* The parameters that `param` can move: names, NULL-terminated. A mix has
 * only w (its parts are changed by giving a new expression). */
const char *const *family_param_names(const struct family *f);
/* Parameter i (an index into family_param_names) into *v; false when it
 * is an optional one that was not given (poisson's or geom's K, then
 * chosen by the tail). */
bool family_param_value(const struct family *f, int i, double *v);
/* Sets a parameter by name, checked like the parser checks it; on error
 * f is unchanged. */
bool family_set_param(struct family *f, const char *name, double v,
                      struct error *err);

/* The points the family lives on, ascending. `labels` (may be NULL) are
 * the table's labels read as numbers, `n_labels` of them: normal without
 * a grid needs them. */
bool family_support(const struct family *f, const double *labels,
                    size_t n_labels, struct numlist *out, struct error *err);

/* The union of a's and b's supports, ascending. */
bool family_support_union(const struct family *a, const struct family *b,
                          const double *labels, size_t n_labels,
                          struct numlist *out, struct error *err);

/* Masses at the n points x (ascending, distinct). */
void family_eval(const struct family *f, const double *x, size_t n,
                 double *out);

/* KL(P||Q) in nats in closed form when both are the same family and one
 * is known: binomials with the same N, Poissons, geometrics (each on its
 * whole support: truncation is not included) and normals (the continuous
 * densities, not the discretization). Returns false otherwise. */
bool family_closed_form(const struct family *p, const struct family *q,
                        double *kl);

/* The closed form's name for messages: "N KL(Ber) with the same N",
 * "continuous", ... */
const char *family_closed_form_name(const struct family *p);

/* Label text for support point x: integers as integers, others with up
 * to 12 significant digits (so that a grid step of 0.1 gives "0.3"). */
void family_label(double x, char *buf, size_t size);

#endif
