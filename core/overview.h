/* overview: a large table at a glance, without a row per entry.
 *
 * Two views of n entries that cost no more than a pass over them:
 *   - the top K entries by |term| (the largest contributors to a
 *     divergence, of either sign), found in O(n log K) with a heap;
 *   - B bins of contiguous entries with the sums of p, of q and of both
 *     contribution columns per bin, in O(n), for a chart that shows the
 *     whole distribution in a few rows.
 * And label search, for jumping to an entry by name among a million.
 *
 * Order of the top list: larger |term| first; +inf (and -inf) before
 * every finite value; ties by the smaller index. NaN ranks last. */
#ifndef KLX_OVERVIEW_H
#define KLX_OVERVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "table.h"

/* The top list: `count` = min(K, n) entries, best first. */
struct overview_top {
    size_t count;
    size_t *idx;     /* 0-based entry indices (owned) */
    double *val;     /* key[idx[r]], the value ranked (owned) */
};

void overview_top_init(struct overview_top *t);
void overview_top_free(struct overview_top *t);

/* Ranks the n values of `key` by |key[i]| and keeps the best k. k = 0 is
 * an error (nothing is changed). The arrays of *out are reused. */
bool overview_top(const double *key, size_t n, size_t k,
                  struct overview_top *out, struct error *err);

/* The top k of each direction: by |p_i ln(p_i/q_i)| into fwd and by
 * |q_i ln(q_i/p_i)| into rev (either may be NULL), values in nats. */
bool overview_top_kl(const double *p, const double *q, size_t n, size_t k,
                     struct overview_top *fwd, struct overview_top *rev,
                     struct error *err);

/* The top k by the larger of the two |terms| of each entry, the terms
 * made here from p and q a block at a time (the same values
 * divergence_terms gives for the whole arrays), so that no per-term arrays
 * are needed: the rows of a `--top K` report. out->val holds that larger
 * magnitude. */
bool overview_top_either_kl(const double *p, const double *q, size_t n,
                            size_t k, struct overview_top *out,
                            struct error *err);

/* One bin of the binned overview: entries [first, first + count). */
struct overview_bin {
    size_t first;
    size_t count;
    double p, q;         /* sums of p and of q (compensated) */
    double fwd, rev;     /* sums of p ln(p/q) and of q ln(q/p), nats */
    bool fwd_inf;        /* an entry of the bin makes fwd +inf */
    bool rev_inf;
};

/* How many bins B bins over n entries really are: min(B, n). */
size_t overview_bin_count(size_t n, size_t bins);
/* Bin b of nb = overview_bin_count(n, B) bins: the first entry and the
 * number of entries. Bins differ in size by at most one entry (the
 * larger ones first). */
size_t overview_bin_first(size_t n, size_t nb, size_t b);
size_t overview_bin_size(size_t n, size_t nb, size_t b);
/* The bin holding entry i (< n). */
size_t overview_bin_of(size_t n, size_t nb, size_t i);

/* Fills out[0 .. overview_bin_count(n, bins)) and returns that count (0
 * when n or bins is 0). fwd and rev are the per-term arrays, or NULL to
 * compute them here (in blocks, with divergence_terms). O(n). */
size_t overview_bins(const double *p, const double *q, const double *fwd,
                     const double *rev, size_t n, size_t bins,
                     struct overview_bin *out);

/* ---- label search ---- */

/* Entries whose label contains `text` (case-sensitive); an entry whose
 * label is exactly `text` comes first, the others in index order. At
 * most `max` indices go into idx; returns how many match in all. An
 * empty text matches nothing. */
size_t overview_find(const struct table *t, const char *text, size_t *idx,
                     size_t max);

/* The next entry after `from` (or before it, backwards), wrapping around,
 * whose label contains text; `from` itself comes last. Returns false
 * when none does. */
bool overview_find_next(const struct table *t, const char *text,
                        size_t from, bool backwards, size_t *out);

#endif
