#include "fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"

void fit_init(struct fit *f)
{
    memset(f, 0, sizeof *f);
}

void fit_free(struct fit *f)
{
    free(f->q);
    fit_init(f);
}

bool fit_family_parse(const char *s, enum fit_family *out)
{
    if (strcmp(s, "gauss") == 0 || strcmp(s, "gaussian") == 0 ||
        strcmp(s, "normal") == 0) {
        *out = FIT_GAUSS;
        return true;
    }
    if (strcmp(s, "geom") == 0 || strcmp(s, "geometric") == 0 ||
        strcmp(s, "exp") == 0) {
        *out = FIT_GEOM;
        return true;
    }
    return false;
}

const char *fit_family_name(enum fit_family f)
{
    return f == FIT_GAUSS ? "gauss" : "geom";
}

const char *fit_scale_name(enum fit_family f)
{
    return f == FIT_GAUSS ? "standard deviation" : "decay length";
}

struct problem {
    const double *p;
    const double *log_p;    /* log p_i, -inf where p_i = 0 */
    size_t n;
    enum fit_family family;
    bool forward;
    double *log_q;          /* scratch */
};

/* log q_i for parameters (mu, s), normalized with log-sum-exp so that even
 * very narrow shapes do not underflow to an all-zero Q. */
static void model(const struct problem *pr, double mu, double s)
{
    double top = -INFINITY;
    for (size_t i = 0; i < pr->n; i++) {
        double x = ((double)i - mu) / s;
        double lq = pr->family == FIT_GAUSS ? -0.5 * x * x : -fabs(x);
        pr->log_q[i] = lq;
        top = lq > top ? lq : top;
    }
    struct ksum z = {0, 0};
    for (size_t i = 0; i < pr->n; i++)
        ksum_add(&z, exp(pr->log_q[i] - top));
    double log_z = top + log(ksum_value(&z));
    for (size_t i = 0; i < pr->n; i++)
        pr->log_q[i] -= log_z;
}

/* The divergence being minimized, in nats, for parameters (mu, log s). */
static double objective(const struct problem *pr, const double x[2])
{
    double s = exp(x[1]);
    if (!(s > 1e-3) || !(s < 1e7) || !isfinite(x[0]))
        return INFINITY;
    model(pr, x[0], s);
    struct ksum k = {0, 0};
    for (size_t i = 0; i < pr->n; i++) {
        double lq = pr->log_q[i];
        if (pr->forward) {
            /* KL(P||Q) = sum p (log p - log q) */
            if (pr->p[i] > 0)
                ksum_add(&k, pr->p[i] * (pr->log_p[i] - lq));
        } else {
            double q = exp(lq);
            if (q > 0)
                ksum_add(&k, q * (lq - pr->log_p[i]));
        }
    }
    return ksum_value(&k);
}

/* Nelder-Mead in two dimensions, the textbook coefficients. */
static double nelder_mead(const struct problem *pr, double x[2])
{
    double v[3][2] = {{x[0], x[1]}, {x[0] + 1.0, x[1]}, {x[0], x[1] + 0.3}};
    double f[3];
    for (int i = 0; i < 3; i++)
        f[i] = objective(pr, v[i]);
    for (int iter = 0; iter < 400; iter++) {
        /* Order: v[0] best, v[2] worst. */
        for (int a = 0; a < 2; a++)
            for (int b = a + 1; b < 3; b++)
                if (f[b] < f[a]) {
                    double t = f[a]; f[a] = f[b]; f[b] = t;
                    for (int d = 0; d < 2; d++) {
                        t = v[a][d]; v[a][d] = v[b][d]; v[b][d] = t;
                    }
                }
        if (fabs(f[2] - f[0]) <= 1e-15 * (fabs(f[0]) + 1e-300) + 1e-300 &&
            fabs(v[2][0] - v[0][0]) + fabs(v[2][1] - v[0][1]) < 1e-10)
            break;
        double c[2], r[2], e[2], k[2];
        for (int d = 0; d < 2; d++) {
            c[d] = 0.5 * (v[0][d] + v[1][d]);
            r[d] = c[d] + (c[d] - v[2][d]);
        }
        double fr = objective(pr, r);
        if (fr < f[0]) {
            for (int d = 0; d < 2; d++)
                e[d] = c[d] + 2.0 * (c[d] - v[2][d]);
            double fe = objective(pr, e);
            const double *take = fe < fr ? e : r;
            memcpy(v[2], take, sizeof v[2]);
            f[2] = fe < fr ? fe : fr;
        } else if (fr < f[1]) {
            memcpy(v[2], r, sizeof v[2]);
            f[2] = fr;
        } else {
            for (int d = 0; d < 2; d++)
                k[d] = c[d] + 0.5 * (v[2][d] - c[d]);
            double fk = objective(pr, k);
            if (fk < f[2]) {
                memcpy(v[2], k, sizeof v[2]);
                f[2] = fk;
            } else {
                for (int i = 1; i < 3; i++) {
                    for (int d = 0; d < 2; d++)
                        v[i][d] = v[0][d] + 0.5 * (v[i][d] - v[0][d]);
                    f[i] = objective(pr, v[i]);
                }
            }
        }
    }
    int best = 0;
    for (int i = 1; i < 3; i++)
        if (f[i] < f[best])
            best = i;
    x[0] = v[best][0];
    x[1] = v[best][1];
    return f[best];
}

bool fit_run(const double *p, size_t n, enum fit_family family,
             bool forward, struct fit *out, struct error *err)
{
    if (n < 2)
        return error_set(err, "fitting needs at least 2 entries");
    if (n > FIT_MAX_ENTRIES)
        return error_set(err, "fitting handles at most %zu entries",
                         FIT_MAX_ENTRIES);
    if (!forward)
        for (size_t i = 0; i < n; i++)
            if (p[i] == 0)
                return error_set(err, "a reverse fit needs p > 0 "
                                 "everywhere: p_%zu = 0 makes KL(Q||P) "
                                 "infinite for every member of the family "
                                 "(hint: smooth p 1e-6)", i + 1);
    struct problem pr = {p, NULL, n, family, forward, NULL};
    double *log_p = xmalloc(n * sizeof *log_p);
    pr.log_q = xmalloc(n * sizeof *pr.log_q);
    for (size_t i = 0; i < n; i++)
        log_p[i] = p[i] > 0 ? log(p[i]) : -INFINITY;
    pr.log_p = log_p;

    /* Starts: centers spread over the positions, widths from narrow to
     * wide. A reverse fit has one local minimum per mode; some start lies
     * in each basin. */
    double best_f = INFINITY, best[2] = {0, 0};
    const int centers = 9;
    const double widths[] = {0.03, 0.12, 0.4};
    for (int c = 0; c < centers; c++) {
        for (int w = 0; w < 3; w++) {
            double x[2] = {(double)(n - 1) * (c + 0.5) / centers,
                           log(fmax(0.5, widths[w] * (double)n))};
            double f = nelder_mead(&pr, x);
            if (f < best_f) {
                best_f = f;
                best[0] = x[0];
                best[1] = x[1];
            }
        }
    }

    fit_free(out);
    out->family = family;
    out->forward = forward;
    out->mu = best[0] + 1.0;   /* positions count from 1 for people */
    out->scale = exp(best[1]);
    out->n = n;
    out->q = xmalloc(n * sizeof *out->q);
    model(&pr, best[0], out->scale);
    for (size_t i = 0; i < n; i++)
        out->q[i] = exp(pr.log_q[i]);
    /* Rounding: make the fitted Q sum to 1 like every other Q. */
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += out->q[i];
    for (size_t i = 0; i < n; i++)
        out->q[i] /= s;
    struct divergence d;
    divergence_compute(p, out->q, n, &d);
    out->kl_pq = d.pq.total;
    out->kl_qp = d.qp.total;
    free(log_p);
    free(pr.log_q);
    return true;
}
