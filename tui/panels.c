#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alpha.h"
#include "divergence.h"
#include "gradient.h"
#include "num.h"
#include "report.h"

#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif

struct marks {
    const char *le, *sqrt, *chi2, *alpha, *check, *ne, *inf, *half, *renyi;
    const char *sqrt_js;
};

static const struct marks unicode_marks = {
    "\u2264", "\u221A", "\u03C7\u00B2", "\u03B1", "\u2713", "\u2260",
    "\u221E", "1/2", "R\u00E9nyi", "\u221AJS = ",
};
static const struct marks ascii_marks = {
    "<=", "sqrt", "chi2", "alpha", "ok", "!=", "inf", "1/2", "Renyi",
    "",
};

/* A value in nats, shown in the session's base. */
static char *val(const struct session *s, char *buf, size_t size, double x)
{
    return num_short(buf, size, session_scaled(s, x));
}

/* The identity holds to rounding (or both sides are infinite). */
static bool same(double a, double b)
{
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a));
}

void panels_measures(const struct session *s, bool unicode, int max_rows,
                     struct buf *out)
{
    const struct marks *m = unicode ? &unicode_marks : &ascii_marks;
    struct divergence scratch;
    const struct divergence *d = session_measures(s, &scratch);
    const char *u = session_unit(s);
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF], e[NUM_BUF];
    char line[8][256];

    snprintf(line[0], sizeof line[0], "KL(P||Q) = %s   KL(Q||P) = %s %s",
             val(s, a, sizeof a, d->pq.total),
             val(s, b, sizeof b, d->qp.total), u);
    snprintf(line[1], sizeof line[1], "H(P) = %s   H(Q) = %s   entropies",
             val(s, a, sizeof a, d->h_p), val(s, b, sizeof b, d->h_q));
    for (int k = 0; k < 2; k++) {
        bool fw = k == 0;
        double h = fw ? d->h_p : d->h_q, x = fw ? d->h_pq : d->h_qp;
        double kl = fw ? d->pq.total : d->qp.total;
        snprintf(line[2 + k], sizeof line[2 + k],
                 "%s = %s = %s + %s = %s + %s %s%s", fw ? "H(P,Q)" : "H(Q,P)",
                 val(s, a, sizeof a, x), fw ? "H(P)" : "H(Q)",
                 fw ? "KL(P||Q)" : "KL(Q||P)", val(s, b, sizeof b, h),
                 val(s, c, sizeof c, kl),
                 same(x, h + kl) ? m->check : m->ne,
                 fw ? " cross-entropy" : "");
    }
    snprintf(line[4], sizeof line[4],
             "Jensen-Shannon JS = %s %s log 2 = %s %s  distance %s%s",
             val(s, a, sizeof a, d->js), m->le,
             val(s, b, sizeof b, M_LN2),
             d->js <= M_LN2 * (1 + 1e-12) ? m->check : m->ne, m->sqrt_js,
             num_short(c, sizeof c, sqrt(session_scaled(s, d->js))));
    double bf = sqrt(d->pq.total / 2), br = sqrt(d->qp.total / 2);
    snprintf(line[5], sizeof line[5],
             "TV = %s %s %s(KL/2) = %s %s (P||Q), %s %s (Q||P) Pinsker",
             num_short(a, sizeof a, d->tv), m->le, m->sqrt,
             num_short(b, sizeof b, bf),
             d->tv <= bf * (1 + 1e-12) ? m->check : m->ne,
             num_short(c, sizeof c, br),
             d->tv <= br * (1 + 1e-12) ? m->check : m->ne);
    snprintf(line[6], sizeof line[6],
             "Hellinger %s   %s(P||Q) = %s   %s(Q||P) = %s",
             num_short(a, sizeof a, d->hellinger), m->chi2,
             num_short(b, sizeof b, d->chi2_pq), m->chi2,
             num_short(c, sizeof c, d->chi2_qp));
    char al[64];
    alpha_name(s->alpha, unicode, al, sizeof al);
    /* Not kept yet for a large table: the explorer computes it after this
     * frame (session_update_renyi) and draws it in the next. */
    bool later = !s->renyi_ok && s->table.n >= PANELS_RENYI_LATER;
    snprintf(line[7], sizeof line[7], "%s %s = %s: D(P||Q) = %s   D(Q||P) = %s %s",
             m->renyi, m->alpha, al,
             later ? "..." : val(s, b, sizeof b, session_renyi(s, true)),
             later ? "..." : val(s, e, sizeof e, session_renyi(s, false)),
             u);

    /* What goes first when the panel is short: the entropies (they are in
     * the cross-entropy lines too), then chi-squared and Hellinger, then
     * the second cross-entropy line. */
    static const int prio[8] = {0, 7, 1, 5, 3, 4, 6, 2};
    for (int k = 0; k < 8; k++)
        if (prio[k] < max_rows)
            buf_printf(out, "%s\n", line[k]);
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
        snprintf(out, size, "%s cannot fall by changing %s: it is already 0",
                 dn, w == WHICH_P ? "P" : "Q");
        return;
    }
    const char *lab = t->labels[h->best];
    if (h->infinite) {
        if (h->dir > 0)
            snprintf(out, size, "%s is infinite: raise %s at %s to make it "
                     "finite", dn, x, lab);
        else
            snprintf(out, size, "%s is infinite: lower %s at %s to 0, or "
                     "Tab and raise %s there", dn, x, lab, y);
        return;
    }
    snprintf(out, size, "%s falls fastest when %s at %s goes %s: select %s, "
             "press %s", dn, x, lab, h->dir > 0 ? "up" : "down", lab,
             h->dir > 0 ? "Right" : "Left");
}
