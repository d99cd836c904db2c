/* Invariants both fuzz harnesses check: a message, a distribution, a
 * table and its divergences. Include after defining CHECK(cond), which
 * reports and aborts in the harness's own words. */
#ifndef KLX_FUZZ_CHECK_H
#define KLX_FUZZ_CHECK_H

#include <math.h>
#include <string.h>

#include "divergence.h"
#include "dist.h"
#include "error.h"
#include "table.h"

/* Every message is one line of printable UTF-8 (error.c sanitizes). */
static inline void check_message(const struct error *err)
{
    size_t n = strlen(err->msg);
    CHECK(n > 0 && n < ERROR_MAX);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)err->msg[i];
        CHECK(c >= 0x20 && c != 0x7F);
    }
}

static inline void check_dist(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(isfinite(v[i]) && v[i] >= 0);
        sum += v[i];
    }
    CHECK(fabs(sum - 1.0) <= 1e-9);
}

/* A table's values and labels (its divergences: check_divergence). */
static inline void check_table(const struct table *t)
{
    CHECK(t->n >= 1 && t->n <= DIST_MAX_ENTRIES);
    check_dist(t->p, t->n);
    check_dist(t->q, t->n);
    for (size_t i = 0; i < t->n; i++) {
        CHECK(t->labels[i] != NULL);
        CHECK(table_check_label(t->labels[i], NULL));
    }
}

static inline void check_divergence(const struct divergence *d)
{
    CHECK(d->pq.total >= 0 && !isnan(d->pq.total));
    CHECK(d->qp.total >= 0 && !isnan(d->qp.total));
    CHECK(!isnan(d->h_p) && !isnan(d->h_q) && !isnan(d->h_pq) &&
          !isnan(d->h_qp));
    CHECK(d->js >= 0 && d->js <= log(2.0) * (1 + 1e-12));
    CHECK(d->tv >= 0 && d->tv <= 1 + 1e-12);
}

#endif
