#include "divergence.h"

#include <float.h>
#include <math.h>
#include <string.h>

const char *log_base_name(enum log_base b)
{
    switch (b) {
    case BASE_2: return "2";
    case BASE_10: return "10";
    case BASE_E: break;
    }
    return "e";
}

const char *log_base_unit(enum log_base b)
{
    switch (b) {
    case BASE_2: return "bits";
    case BASE_10: return "bans";
    case BASE_E: break;
    }
    return "nats";
}

bool log_base_parse(const char *s, enum log_base *out)
{
    static const struct {
        const char *name;
        enum log_base base;
    } names[] = {
        {"e", BASE_E},   {"nats", BASE_E},  {"nat", BASE_E},  {"ln", BASE_E},
        {"2", BASE_2},   {"bits", BASE_2},  {"bit", BASE_2},
        {"10", BASE_10}, {"bans", BASE_10}, {"ban", BASE_10},
        {"dits", BASE_10}, {"hartleys", BASE_10},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].base;
            return true;
        }
    }
    return false;
}

double log_base_scale(enum log_base b)
{
    switch (b) {
    /* log2(e) and log10(e) correctly rounded; 1.0 / M_LN10 is 1 ulp off. */
    case BASE_2: return M_LOG2E;
    case BASE_10: return M_LOG10E;
    case BASE_E: break;
    }
    return 1.0;
}

static bool within_factor_two(double p, double q)
{
    return p <= 2.0 * q && q <= 2.0 * p;
}

double divergence_log_ratio(double p, double q)
{
    if (within_factor_two(p, q))
        return log1p((p - q) / q);   /* p - q is exact here (Sterbenz) */
    double r = p / q;
    if (r >= DBL_MIN && r <= DBL_MAX)
        return log(r);               /* r rounded once: tiny absolute error */
    return log(p) - log(q);          /* far apart: no cancellation to fear */
}

double divergence_term(double p, double q)
{
    if (p == 0.0)
        return 0.0;
    if (q == 0.0)
        return INFINITY;
    return p * divergence_log_ratio(p, q);
}

/* (1+u)*atanh(u) - u = u^2 * (1 + u/3 + u^2/3 + u^3/5 + u^4/5 + ...),
 * evaluated by Horner for |u| <= 1/3 (all p, q within a factor of two),
 * where 36 terms reach full precision: the terms shrink like 3^-j / j. The
 * closed form (1+u)*atanh(u) - u cancels and loses ~4 bits near |u| = 0.1. */
static double nonneg_series(double u)
{
    double g = 0.0;
    for (int j = 36; j >= 1; j--)
        g = g * u + 1.0 / (double)(2 * ((j + 1) / 2) + 1);
    g = g * u + 1.0;
    return u * u * g;
}

double divergence_term_nonneg(double p, double q)
{
    if (p == 0.0)
        return q;
    if (q == 0.0)
        return INFINITY;
    if (within_factor_two(p, q)) {
        /* With s = (p+q)/2 and u = (p-q)/(p+q): p = s(1+u), q = s(1-u),
         * ln(p/q) = 2 atanh(u), so the bracket is 2s((1+u)atanh(u) - u). */
        double sum = p + q;
        double u = (p - q) / sum;
        return sum * nonneg_series(u);
    }
    return p * divergence_log_ratio(p, q) - (p - q);
}

static void direction_note_inf(struct direction *d, size_t i)
{
    if (d->n_inf < DIVERGENCE_INF_LIST)
        d->inf_idx[d->n_inf] = i;
    d->n_inf++;
}

static void direction_add_term(struct direction *d, struct ksum *neg,
                               struct ksum *pos, double term)
{
    if (term < 0) {
        ksum_add(neg, term);
        d->n_neg++;
    } else if (term > 0) {
        ksum_add(pos, term);
    }
}

void divergence_compute(const double *p, const double *q, size_t n,
                        struct divergence *out)
{
    memset(out, 0, sizeof *out);
    struct ksum tot_pq = {0, 0}, tot_qp = {0, 0};
    struct ksum neg_pq = {0, 0}, pos_pq = {0, 0};
    struct ksum neg_qp = {0, 0}, pos_qp = {0, 0};
    struct ksum hp = {0, 0}, hq = {0, 0}, hpq = {0, 0}, hqp = {0, 0};
    struct ksum js = {0, 0}, tv = {0, 0}, hel = {0, 0};
    struct ksum chi_pq = {0, 0}, chi_qp = {0, 0};
    bool identical = true;

    for (size_t i = 0; i < n; i++) {
        double pi = p[i], qi = q[i];
        identical &= pi == qi;
        if (pi > 0 && qi == 0)
            direction_note_inf(&out->pq, i);
        if (qi > 0 && pi == 0)
            direction_note_inf(&out->qp, i);

        ksum_add(&tot_pq, divergence_term_nonneg(pi, qi));
        ksum_add(&tot_qp, divergence_term_nonneg(qi, pi));
        direction_add_term(&out->pq, &neg_pq, &pos_pq,
                           divergence_term(pi, qi));
        direction_add_term(&out->qp, &neg_qp, &pos_qp,
                           divergence_term(qi, pi));

        double lp = pi > 0 ? log(pi) : 0.0;
        double lq = qi > 0 ? log(qi) : 0.0;
        if (pi > 0) {
            ksum_add(&hp, -pi * lp);
            ksum_add(&hpq, qi > 0 ? -pi * lq : INFINITY);
        }
        if (qi > 0) {
            ksum_add(&hq, -qi * lq);
            ksum_add(&hqp, pi > 0 ? -qi * lp : INFINITY);
        }
        if (pi > 0 || qi > 0) {
            double m = 0.5 * pi + 0.5 * qi;
            ksum_add(&js, 0.5 * (divergence_term_nonneg(pi, m) +
                                 divergence_term_nonneg(qi, m)));
        }
        ksum_add(&tv, 0.5 * fabs(pi - qi));
        /* (sqrt p - sqrt q)^2 rather than 1 - sum sqrt(pq): no cancellation
         * when P is close to Q. */
        double d = sqrt(pi) - sqrt(qi);
        ksum_add(&hel, 0.5 * d * d);
        double diff2 = (pi - qi) * (pi - qi);
        if (qi > 0)
            ksum_add(&chi_pq, diff2 / qi);
        if (pi > 0)
            ksum_add(&chi_qp, diff2 / pi);
    }

    /* An infinite term poisons the compensation with inf - inf = nan;
     * the totals are then exactly +inf by convention. */
    out->pq.total = out->pq.n_inf ? INFINITY : ksum_value(&tot_pq);
    out->qp.total = out->qp.n_inf ? INFINITY : ksum_value(&tot_qp);
    out->pq.neg = ksum_value(&neg_pq);
    out->qp.neg = ksum_value(&neg_qp);
    out->pq.pos = out->pq.n_inf ? INFINITY : ksum_value(&pos_pq);
    out->qp.pos = out->qp.n_inf ? INFINITY : ksum_value(&pos_qp);
    out->h_p = ksum_value(&hp);
    out->h_q = ksum_value(&hq);
    out->h_pq = out->pq.n_inf ? INFINITY : ksum_value(&hpq);
    out->h_qp = out->qp.n_inf ? INFINITY : ksum_value(&hqp);
    out->js = ksum_value(&js);
    out->tv = ksum_value(&tv);
    out->hellinger = sqrt(ksum_value(&hel));
    out->chi2_pq = out->pq.n_inf ? INFINITY : ksum_value(&chi_pq);
    out->chi2_qp = out->qp.n_inf ? INFINITY : ksum_value(&chi_qp);
    out->identical = identical;
}

double divergence_renyi(const double *p, const double *q, size_t n,
                        double alpha, double kl_nats)
{
    if (alpha == 1.0)
        return kl_nats;
    if (isinf(alpha)) {
        double best = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == 0)
                continue;
            if (q[i] == 0)
                return INFINITY;
            double r = divergence_log_ratio(p[i], q[i]);
            best = r > best ? r : best;
        }
        return best;
    }
    struct ksum k = {0, 0};
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            continue;
        if (q[i] == 0) {
            if (alpha > 1)
                return INFINITY;
            continue;
        }
        /* p^a q^(1-a) = p * (p/q)^(a-1), with the log ratio done right. */
        ksum_add(&k, p[i] * exp((alpha - 1) * divergence_log_ratio(p[i],
                                                                  q[i])));
    }
    double s = ksum_value(&k);
    if (s <= 0)
        return INFINITY;   /* alpha < 1 and disjoint supports */
    double r = log(s) / (alpha - 1);
    return r > 0 ? r : 0.0;   /* >= 0 in exact arithmetic */
}

void divergence_gradient(const double *a, const double *b, size_t n,
                         bool edit_first, double d, double *out)
{
    for (size_t i = 0; i < n; i++) {
        double x = edit_first ? a[i] : b[i];
        if (x >= 1.0) {
            out[i] = NAN;
            continue;
        }
        double g;
        if (edit_first)
            g = a[i] == 0 ? (b[i] > 0 ? -INFINITY : INFINITY)
                          : divergence_log_ratio(a[i], b[i]) - d;
        else
            g = 1.0 - (a[i] == 0 ? 0.0 : a[i] / b[i]);
        out[i] = g / (1.0 - x);
    }
}
