#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "divergence.h"
#include "gradient.h"
#include "i18n.h"
#include "num.h"
#include "report.h"

void panels_measures(const struct session *s, const struct derived *derived,
                     bool unicode, int max_rows, struct buf *out)
{
    report_measures_panel(s, derived, unicode, max_rows, out);
}

void panels_grad(const struct session *s, enum which w, bool forward,
                 double *g, struct grad_hint *h)
{
    const struct table *t = &s->table;
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    h->best = t->n;
    h->dir = 0;
    h->infinite = false;
    if (d->n_inf) {
        for (size_t i = 0; i < t->n; i++)
            g[i] = NAN;
        /* Forward is infinite where q = 0 < p: raise that q, or take p
         * down to 0. Reverse likewise with the roles swapped. */
        h->infinite = true;
        h->best = d->inf_idx[0];
        bool denominator = (w == WHICH_Q) == forward;
        h->dir = denominator ? 1 : -1;
        return;
    }
    if (t->n == 0)
        return;
    bool edit_first = (w == WHICH_P) == forward;
    gradient_compute(forward ? t->p : t->q, forward ? t->q : t->p, t->n,
                     edit_first, d->total, g);
    const double *x = w == WHICH_P ? t->p : t->q;
    h->best = gradient_best(g, x, t->n);   /* as the `grad` command marks */
    if (h->best < t->n)
        h->dir = g[h->best] < 0 ? 1 : -1;
}

void panels_grad_text(const struct session *s, enum which w, bool forward,
                      const struct grad_hint *h, char *out, size_t size)
{
    const struct table *t = &s->table;
    const char *dn = forward ? "KL(P||Q)" : "KL(Q||P)";
    const char *x = w == WHICH_P ? "p" : "q";
    const char *y = w == WHICH_P ? "q" : "p";
    if (h->best >= t->n) {
        snprintf(out, size, _("%s cannot fall by changing %s: it is already "
                              "0"),
                 dn, w == WHICH_P ? "P" : "Q");
        return;
    }
    const char *lab = t->labels[h->best];
    if (h->infinite) {
        if (h->dir > 0)
            snprintf(out, size, _("%s is infinite: raise %s at %s to make "
                                  "it finite"), dn, x, lab);
        else
            snprintf(out, size, _("%s is infinite: lower %s at %s to 0, or "
                                  "Tab and raise %s there"), dn, x, lab, y);
        return;
    }
    snprintf(out, size,
             h->dir > 0 ? _("%s falls fastest when %s at %s goes up: select "
                            "%s, press Right")
                        : _("%s falls fastest when %s at %s goes down: "
                            "select %s, press Left"),
             dn, x, lab, lab);
}
