/* fit: the member of a two-parameter family closest to P, in either KL
 * direction, to show mass-covering (forward) vs mode-seeking (reverse).
 *
 * Families, over the entry positions i = 0 .. n-1:
 *   gauss  q_i ~ exp(-(i - mu)^2 / (2 s^2))   (a discretized Gaussian)
 *   geom   q_i ~ exp(-|i - mu| / s)           (a two-sided geometric)
 * Forward fitting minimizes KL(P||Q): Q must cover every entry P uses, so
 * it spreads out. Reverse fitting minimizes KL(Q||P): Q is punished for
 * mass where P has little, so it settles on one mode.
 *
 * The search is over (mu, log s), deterministic, and each evaluation of
 * the divergence is at most one pass over the entries:
 *  - gauss forward: KL(P||Q) is convex in the Gaussian's natural
 *    parameters, so Newton's method from P's mean and spread finds its
 *    one minimum;
 *  - reverse (both families): Newton's method from a fixed grid of starts
 *    (several centers, several widths), keeping the best, robust to the
 *    local minima a bimodal P creates; a start whose path meets an
 *    earlier start's path stops there;
 *  - geom forward: Nelder-Mead from the same grid, each evaluation O(1)
 *    from prefix sums (its minimum usually sits on a kink at an integer
 *    center, where Newton's method does not apply).
 * Minima equal up to rounding (the two modes of a symmetric P) go to the
 * earliest start, the leftmost. */
#ifndef KLX_FIT_H
#define KLX_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

enum fit_family { FIT_GAUSS, FIT_GEOM };

struct fit {
    enum fit_family family;
    bool forward;       /* minimized KL(P||Q) (else KL(Q||P)) */
    double mu;          /* center, in entry positions counted from 1 */
    double scale;       /* s: standard deviation (gauss) or decay length */
    double kl_pq;       /* both divergences of the fitted Q, in nats */
    double kl_qp;
    double *q;          /* the fitted distribution, n entries (owned) */
    size_t n;
};

void fit_init(struct fit *f);
void fit_free(struct fit *f);

bool fit_family_parse(const char *s, enum fit_family *out);
const char *fit_family_name(enum fit_family f);
/* "standard deviation" or "decay length". */
const char *fit_scale_name(enum fit_family f);

/* Largest n fitted (each step of the search is one O(n) pass). */
#define FIT_MAX_ENTRIES ((size_t)200000)

/* A way to abandon a fit: check(ctx) is called between the steps of the
 * search, each at most one pass over the entries (milliseconds), and a
 * true answer stops the fit. Core installs no signal handler: the caller
 * decides what a request to stop is (a flag its SIGINT handler sets). */
struct fit_cancel {
    bool (*check)(void *ctx);
    void *ctx;
};

/* Fits p (normalized, n >= 2). Fails for a reverse fit when P has zeros
 * (every member of these families is positive everywhere, so KL(Q||P)
 * would be infinite for all of them), and with "cancelled, nothing
 * changed" when cancel (may be NULL) asks to stop; out is untouched on
 * failure. */
bool fit_run(const double *p, size_t n, enum fit_family family,
             bool forward, const struct fit_cancel *cancel, struct fit *out,
             struct error *err);

/* P's modes: its local maxima (a run of equal values counts once) of at
 * least a twentieth of its largest value, so noise is not a mode. */
size_t fit_modes(const double *p, size_t n);

/* A position x (counted from 1, as mu) in the table's own labels: when the
 * labels on both sides are numbers, the number interpolated between them
 * ("4.00"); else the nearest label ("x10") or "0.40 of the way from x10
 * to x11". */
void fit_position(double x, char *const *labels, size_t n, struct buf *out);

/* What the forward and reverse fits of p show, in sentences that follow
 * from their numbers: the modes only when P has more than one, the
 * reverse fit "on the mode at L" only when it is clearly narrower and
 * centred within one spread of that mode. */
void fit_summary(const double *p, size_t n, char *const *labels,
                 const struct fit *fw, const struct fit *rv, struct buf *out);

#endif
