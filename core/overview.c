#include "overview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"
#include "halves.h"
#include "i18n.h"

/* Entries per call of divergence_terms when terms are made on the fly. */
#define BLOCK 1024
/* Entries summed plainly before a compensated add, in the bins. */
#define RUN 16

void overview_top_init(struct overview_top *t)
{
    memset(t, 0, sizeof *t);
}

void overview_top_free(struct overview_top *t)
{
    free(t->idx);
    free(t->val);
    overview_top_init(t);
}

/* ---- a bounded heap whose root is the worst entry kept ---- */

struct heap {
    size_t k, size;
    double *mag;     /* rank key: |value|, NaN as -1 */
    size_t *idx;
    double *val;
};

static double magnitude(double v)
{
    return isnan(v) ? -1.0 : fabs(v);
}

/* a ranks before b */
static bool better(double ma, size_t ia, double mb, size_t ib)
{
    return ma > mb || (ma == mb && ia < ib);
}

static void heap_swap(struct heap *h, size_t a, size_t b)
{
    double m = h->mag[a], v = h->val[a];
    size_t i = h->idx[a];
    h->mag[a] = h->mag[b];
    h->val[a] = h->val[b];
    h->idx[a] = h->idx[b];
    h->mag[b] = m;
    h->val[b] = v;
    h->idx[b] = i;
}

/* The worst of the kept entries rises to the root. */
static void heap_down(struct heap *h, size_t at)
{
    for (;;) {
        size_t l = 2 * at + 1, r = l + 1, worst = at;
        if (l < h->size && better(h->mag[worst], h->idx[worst], h->mag[l],
                                  h->idx[l]))
            worst = l;
        if (r < h->size && better(h->mag[worst], h->idx[worst], h->mag[r],
                                  h->idx[r]))
            worst = r;
        if (worst == at)
            return;
        heap_swap(h, at, worst);
        at = worst;
    }
}

static void heap_up(struct heap *h, size_t at)
{
    while (at > 0) {
        size_t parent = (at - 1) / 2;
        if (!better(h->mag[parent], h->idx[parent], h->mag[at], h->idx[at]))
            return;
        heap_swap(h, at, parent);
        at = parent;
    }
}

static void heap_offer(struct heap *h, size_t i, double v)
{
    double m = magnitude(v);
    if (h->size < h->k) {
        h->mag[h->size] = m;
        h->idx[h->size] = i;
        h->val[h->size] = v;
        heap_up(h, h->size++);
    } else if (better(m, i, h->mag[0], h->idx[0])) {
        h->mag[0] = m;
        h->idx[0] = i;
        h->val[0] = v;
        heap_down(h, 0);
    }
}

static void heap_start(struct heap *h, size_t k, struct overview_top *out)
{
    h->k = k;
    h->size = 0;
    h->mag = xrealloc(NULL, k * sizeof *h->mag);
    out->idx = xrealloc(out->idx, k * sizeof *out->idx);
    out->val = xrealloc(out->val, k * sizeof *out->val);
    h->idx = out->idx;
    h->val = out->val;
}

/* Pops the worst to the end until the array is best first. */
static void heap_finish(struct heap *h, struct overview_top *out)
{
    out->count = h->size;
    while (h->size > 1) {
        heap_swap(h, 0, h->size - 1);
        h->size--;
        heap_down(h, 0);
    }
    free(h->mag);
    h->mag = NULL;
}

/* Every top list: k >= 1, and no more than the n entries there are. */
static bool check_k(size_t *k, size_t n, struct error *err)
{
    if (*k == 0)
        return error_set(err, _("the number of entries to list must be at "
                            "least 1"));
    if (*k > n)
        *k = n;
    return true;
}

bool overview_top(const double *key, size_t n, size_t k,
                  struct overview_top *out, struct error *err)
{
    if (!check_k(&k, n, err))
        return false;
    struct heap h;
    heap_start(&h, k, out);
    for (size_t i = 0; i < n; i++)
        heap_offer(&h, i, key[i]);
    heap_finish(&h, out);
    return true;
}

bool overview_top_kl(const double *p, const double *q, size_t n, size_t k,
                     struct overview_top *fwd, struct overview_top *rev,
                     struct error *err)
{
    if (!check_k(&k, n, err))
        return false;
    struct heap hf = {0}, hr = {0};
    if (fwd)
        heap_start(&hf, k, fwd);
    if (rev)
        heap_start(&hr, k, rev);
    double f[BLOCK], r[BLOCK];
    for (size_t at = 0; at < n; at += BLOCK) {
        size_t len = n - at < BLOCK ? n - at : BLOCK;
        divergence_terms(p + at, q + at, len, fwd ? f : NULL,
                         rev ? r : NULL);
        for (size_t j = 0; j < len; j++) {
            if (fwd)
                heap_offer(&hf, at + j, f[j]);
            if (rev)
                heap_offer(&hr, at + j, r[j]);
        }
    }
    if (fwd)
        heap_finish(&hf, fwd);
    if (rev)
        heap_finish(&hr, rev);
    return true;
}

bool overview_top_either_kl(const double *p, const double *q, size_t n,
                            size_t k, struct overview_top *out,
                            struct error *err)
{
    if (!check_k(&k, n, err))
        return false;
    struct heap h;
    heap_start(&h, k, out);
    /* The terms a block at a time: at 10^7 entries two whole arrays would
     * be 160 MB of fresh pages, and each first touch costs a fault. */
    double f[BLOCK], r[BLOCK];
    for (size_t at = 0; at < n; at += BLOCK) {
        size_t len = n - at < BLOCK ? n - at : BLOCK;
        divergence_terms(p + at, q + at, len, f, r);
        for (size_t j = 0; j < len; j++) {
            double a = magnitude(f[j]), b = magnitude(r[j]);
            heap_offer(&h, at + j, a > b ? a : b);
        }
    }
    heap_finish(&h, out);
    return true;
}

/* ---- bins ---- */

size_t overview_bin_count(size_t n, size_t bins)
{
    return bins < n ? bins : n;
}

size_t overview_bin_first(size_t n, size_t nb, size_t b)
{
    if (nb == 0)
        return 0;
    size_t s = n / nb, extra = n % nb;
    return b * s + (b < extra ? b : extra);
}

size_t overview_bin_size(size_t n, size_t nb, size_t b)
{
    if (nb == 0 || b >= nb)
        return 0;
    return n / nb + (b < n % nb ? 1 : 0);
}

size_t overview_bin_of(size_t n, size_t nb, size_t i)
{
    if (nb == 0)
        return 0;
    size_t s = n / nb, extra = n % nb;
    size_t big = extra * (s + 1);     /* entries in the larger bins */
    size_t b = i < big ? i / (s + 1) : extra + (i - big) / s;
    return b < nb ? b : nb - 1;
}

struct bins_job {
    const double *p, *q, *fwd, *rev;
    size_t n, nb, b0, b1;
    struct overview_bin *out;
};

/* Bins [b0, b1): each bin is summed on its own, so how the bins are
 * shared between threads changes nothing. */
static void bins_range(const struct bins_job *job)
{
    const double *p = job->p, *q = job->q, *fwd = job->fwd, *rev = job->rev;
    size_t n = job->n, nb = job->nb;
    struct overview_bin *out = job->out;
    double f[BLOCK], r[BLOCK];
    for (size_t b = job->b0; b < job->b1; b++) {
        struct overview_bin *o = &out[b];
        o->first = overview_bin_first(n, nb, b);
        o->count = overview_bin_size(n, nb, b);
        o->fwd_inf = o->rev_inf = false;
        struct ksum sp = {0, 0}, sq = {0, 0}, sf = {0, 0}, sr = {0, 0};
        size_t end = o->first + o->count;
        for (size_t at = o->first; at < end; at += BLOCK) {
            size_t len = end - at < BLOCK ? end - at : BLOCK;
            const double *fv = fwd ? fwd + at : f;
            const double *rv = rev ? rev + at : r;
            if (!fwd || !rev)
                divergence_terms(p + at, q + at, len, fwd ? NULL : f,
                                 rev ? NULL : r);
            /* Short runs summed plainly (the compiler vectorizes them),
             * their sums added with compensation: blocked summation, the
             * error of a bin stays a few ulps whatever its size. */
            for (size_t j = 0; j < len; j += RUN) {
                size_t m = len - j < RUN ? len - j : RUN;
                double rp = 0, rq = 0, rf = 0, rr = 0;
                bool fi = false, ri = false;
                for (size_t u = 0; u < m; u++) {
                    double x = fv[j + u], y = rv[j + u];
                    rp += p[at + j + u];
                    rq += q[at + j + u];
                    fi |= x == INFINITY;
                    ri |= y == INFINITY;
                    rf += x == INFINITY ? 0 : x;
                    rr += y == INFINITY ? 0 : y;
                }
                ksum_add(&sp, rp);
                ksum_add(&sq, rq);
                ksum_add(&sf, rf);
                ksum_add(&sr, rr);
                o->fwd_inf |= fi;
                o->rev_inf |= ri;
            }
        }
        o->p = ksum_value(&sp);
        o->q = ksum_value(&sq);
        o->fwd = o->fwd_inf ? INFINITY : ksum_value(&sf);
        o->rev = o->rev_inf ? INFINITY : ksum_value(&sr);
    }
}

static void *bins_run(void *arg)
{
    bins_range(arg);
    return NULL;
}

size_t overview_bins(const double *p, const double *q, const double *fwd,
                     const double *rev, size_t n, size_t bins,
                     struct overview_bin *out)
{
    size_t nb = overview_bin_count(n, bins);
    size_t h = nb / 2;
    struct bins_job jobs[2] = {{p, q, fwd, rev, n, nb, 0, h, out},
                               {p, q, fwd, rev, n, nb, h, nb, out}};
    /* Large tables: the second half of the bins on a second thread, as
     * the kernel does (the bins are read on every change in the
     * explorer). */
    halves_run(bins_run, &jobs[0], &jobs[1], n);
    return nb;
}

/* ---- label search ---- */

size_t overview_find(const struct table *t, const char *text, size_t *idx,
                     size_t max)
{
    if (!text[0])
        return 0;
    size_t total = 0, kept = 0, exact = t->n;
    for (size_t i = 0; i < t->n; i++) {
        const char *l = t->labels[i];
        if (!strstr(l, text))
            continue;
        total++;
        if (exact == t->n && strcmp(l, text) == 0)
            exact = i;
        if (kept < max)
            idx[kept++] = i;
    }
    if (exact < t->n && max > 0) {
        /* The exact match goes first; if it was not kept, the last kept
         * one makes room for it. */
        size_t at = 0;
        while (at < kept && idx[at] != exact)
            at++;
        if (at == kept)
            at = kept < max ? kept++ : kept - 1;
        memmove(idx + 1, idx, at * sizeof *idx);
        idx[0] = exact;
    }
    return total;
}

bool overview_find_next(const struct table *t, const char *text,
                        size_t from, bool backwards, size_t *out)
{
    size_t n = t->n;
    if (!text[0] || n == 0)
        return false;
    if (from >= n)
        from = backwards ? 0 : n - 1;
    for (size_t k = 1; k <= n; k++) {
        size_t i = backwards ? (from + n - k % n) % n : (from + k) % n;
        if (strstr(t->labels[i], text)) {
            *out = i;
            return true;
        }
    }
    return false;
}
