#include "derived.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void derived_init(struct derived *d)
{
    memset(d, 0, sizeof *d);
    d->alpha = DERIVED_ALPHA;
}

void derived_free(struct derived *d)
{
    free(d->fwd);
    free(d->rev);
    derived_init(d);
}

void derived_want_terms(struct derived *d, bool want)
{
    d->want_terms = want;
}

void derived_want_measures(struct derived *d, bool want)
{
    d->want_measures = want;
}

void derived_set_alpha(struct derived *d, double alpha)
{
    d->alpha = alpha;
    d->renyi_ok = false;
}

/* Forgets what d held unless it is of state key. */
static void derived_move_to(struct derived *d, unsigned long key)
{
    if (d->key == key)
        return;
    d->key = key;
    d->terms_ok = d->measures_ok = d->renyi_ok = false;
}

/* One pass over the entries: KL (or, with measures, every measure) into
 * *out and, with terms, the per-term values and maxima into d. */
static void derived_pass(struct derived *d, const double *p, const double *q,
                         size_t n, bool terms, bool measures,
                         struct divergence *out)
{
    if (!terms) {
        if (measures)
            divergence_compute(p, q, n, out);
        else
            divergence_kl(p, q, n, out);
        return;
    }
    if (n > d->cap || !d->fwd) {
        size_t cap = n ? n : 1;
        d->fwd = xrealloc(d->fwd, cap * sizeof *d->fwd);
        d->rev = xrealloc(d->rev, cap * sizeof *d->rev);
        d->cap = cap;
    }
    /* KL only is about half the work of every measure. */
    if (measures)
        divergence_compute_terms(p, q, n, out, d->fwd, d->rev, &d->max_mass,
                                 &d->max_term);
    else
        divergence_kl_terms(p, q, n, out, d->fwd, d->rev, &d->max_mass,
                            &d->max_term);
    d->terms_ok = true;
}

/* The fields divergence_kl fills, from every measure (the same bits). */
static void kl_part(const struct divergence *all, struct divergence *kl)
{
    memset(kl, 0, sizeof *kl);
    kl->pq = all->pq;
    kl->qp = all->qp;
    kl->identical = all->identical;
}

void derived_compute(struct derived *d, const double *p, const double *q,
                     size_t n, unsigned long key, struct divergence *kl)
{
    if (!d) {
        divergence_kl(p, q, n, kl);
        return;
    }
    d->key = key;
    d->terms_ok = d->measures_ok = d->renyi_ok = false;
    if (!d->want_measures) {
        derived_pass(d, p, q, n, d->want_terms, false, kl);
        return;
    }
    derived_pass(d, p, q, n, d->want_terms, true, &d->measures);
    d->measures_ok = true;
    kl_part(&d->measures, kl);
}

void derived_update(struct derived *d, const double *p, const double *q,
                    size_t n, unsigned long key)
{
    derived_move_to(d, key);
    bool terms = d->want_terms && !d->terms_ok;
    bool measures = d->want_measures && !d->measures_ok;
    if (!terms && !measures)
        return;
    struct divergence kl;
    derived_pass(d, p, q, n, terms, measures,
                 measures ? &d->measures : &kl);
    if (measures)
        d->measures_ok = true;
}

double derived_alpha(const struct derived *d)
{
    return d ? d->alpha : DERIVED_ALPHA;
}

bool derived_has_terms(const struct derived *d, unsigned long key)
{
    return d && d->key == key && d->terms_ok;
}

bool derived_has_measures(const struct derived *d, unsigned long key)
{
    return d && d->key == key && d->measures_ok;
}

bool derived_has_renyi(const struct derived *d, unsigned long key)
{
    return d && d->key == key && d->renyi_ok;
}
