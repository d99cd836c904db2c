/* derived: what a front end wants computed from a session's table beyond
 * KL, kept until the table changes.
 *
 * A session keeps the domain and KL in both directions, which every
 * command reports. The explorer also draws each entry's term, scaled by
 * the largest mass and term, and its measures panel shows entropies, JS,
 * TV, Hellinger, chi-squared and the Renyi divergence at an order. Those
 * are what one front end wants, so they live here, owned by the front end
 * (struct command holds one), and are passed in where they are computed:
 * a tour's session, which replaces the user's for a while, computes what
 * the same front end wants without being told.
 *
 * Who computes: a session mutation takes the caller's derived (or NULL)
 * and fills it in the pass over the entries that computes KL
 * (derived_compute), because the terms come from the same logarithms. At
 * 10^6 entries that pass is what an edit costs; filling the view's terms
 * after the edit would be a second pass and double it. What was not
 * wanted at the change, or was filled for another state, is computed on
 * demand (session_derive and the readers in session.h).
 *
 * The values are those of one state of one session, named by `key`
 * (session.h: version, unique in the process), so a derived filled for
 * another state or another session knows it is stale. */
#ifndef KLX_DERIVED_H
#define KLX_DERIVED_H

#include <stdbool.h>
#include <stddef.h>

#include "divergence.h"

#define DERIVED_ALPHA 0.5

struct derived {
    bool want_terms;            /* per-term values with every change */
    bool want_measures;         /* every measure with every change */
    unsigned long key;          /* the state the values are of; 0: none */
    bool terms_ok;              /* fwd, rev and the maxima are key's */
    double *fwd, *rev;          /* p ln(p/q), q ln(q/p): n each */
    size_t cap;                 /* their length */
    double max_mass;            /* the largest p_i or q_i */
    double max_term;            /* the largest finite |term| */
    bool measures_ok;           /* `measures` is key's */
    struct divergence measures; /* every measure, in nats */
    double alpha;               /* the Renyi order shown */
    bool renyi_ok;              /* renyi[] is key's at alpha */
    double renyi[2];            /* D_alpha(P||Q), D_alpha(Q||P), nats */
};

/* Wants nothing, holds nothing; alpha DERIVED_ALPHA. */
void derived_init(struct derived *d);
void derived_free(struct derived *d);

/* Whether every change also computes the per-term values (the
 * explorer's view), and every measure (while its measures panel shows:
 * most edits need only KL, and the measures cost as much again). Takes
 * effect at the next change or session_derive. */
void derived_want_terms(struct derived *d, bool want);
void derived_want_measures(struct derived *d, bool want);

/* Sets the Renyi order (> 0, inf allowed) and drops the kept values. A
 * view setting: not an undo step. */
void derived_set_alpha(struct derived *d, double alpha);

/* After a change to state `key`: KL of normalized p, q (n entries) into
 * *kl (the fields divergence_kl fills, the same bits, the others 0) and,
 * in the same pass, what d wants (d may be NULL: KL only). Drops
 * everything else d held. */
void derived_compute(struct derived *d, const double *p, const double *q,
                     size_t n, unsigned long key, struct divergence *kl);

/* Brings d to state `key`: computes, in one pass, what d wants and does
 * not hold for it; nothing when it holds all of it. */
void derived_update(struct derived *d, const double *p, const double *q,
                    size_t n, unsigned long key);

/* The Renyi order shown: d->alpha, or 1/2 (derived_init's) for NULL, so
 * that a reader given no derived shows what a fresh one would. */
double derived_alpha(const struct derived *d);

/* Whether d holds the per-term values (and maxima), every measure, the
 * Renyi divergences of state `key`. d may be NULL (false). */
bool derived_has_terms(const struct derived *d, unsigned long key);
bool derived_has_measures(const struct derived *d, unsigned long key);
bool derived_has_renyi(const struct derived *d, unsigned long key);

#endif
