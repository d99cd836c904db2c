#include "fit.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"
#include "i18n.h"
#include "num.h"

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
    return f == FIT_GAUSS ? _("standard deviation") : _("decay length");
}

struct problem {
    const double *p;
    const double *log_p;    /* log p_i (reverse fits: p > 0) */
    size_t n;
    enum fit_family family;
    bool forward;
    double p_sum;           /* sum of p_i: 1 up to rounding */
    double p_ent;           /* sum of p_i log p_i (forward fits) */
    double p_mean, p_var;   /* the positions' mean and variance under P */
    double *cum_p, *cum_ip; /* sums of p_i and i p_i over i < k, k = 0..n
                             * (forward geom) */
    const struct fit_cancel *cancel;
    bool cancelled;
};

/* The search asks before every evaluation: one evaluation is at most one
 * pass over the entries, so a request is answered within milliseconds. */
static bool stopped(struct problem *pr)
{
    if (!pr->cancelled && pr->cancel && pr->cancel->check &&
        pr->cancel->check(pr->cancel->ctx))
        pr->cancelled = true;
    return pr->cancelled;
}

/* The fitted parameters' domain, as (mu, log s). */
static bool in_domain(double mu, double log_s)
{
    double s = exp(log_s);
    return s > 1e-3 && s < 1e7 && isfinite(mu);
}

/* log q_i for parameters (mu, s), normalized with log-sum-exp so that even
 * very narrow shapes do not underflow to an all-zero Q. */
static void model(const struct problem *pr, double mu, double s,
                  double *log_q)
{
    double top = -INFINITY;
    for (size_t i = 0; i < pr->n; i++) {
        double x = ((double)i - mu) / s;
        double lq = pr->family == FIT_GAUSS ? -0.5 * x * x : -fabs(x);
        log_q[i] = lq;
        top = lq > top ? lq : top;
    }
    struct ksum z = {0, 0};
    for (size_t i = 0; i < pr->n; i++)
        ksum_add(&z, exp(log_q[i] - top));
    double log_z = top + log(ksum_value(&z));
    for (size_t i = 0; i < pr->n; i++)
        log_q[i] -= log_z;
}

/* log(e^a + e^b) */
static double log_add(double a, double b)
{
    double hi = a > b ? a : b, lo = a > b ? b : a;
    if (hi == -INFINITY)
        return hi;
    return hi + log1p(exp(lo - hi));
}

/* KL(P||Q) for the two-sided geometric in O(1): with prefix sums of p_i
 * and i p_i, sum p_i |i - mu| is linear between integers, and the
 * normalizer is two geometric series. */
static double forward_geom(struct problem *pr, const double x[2])
{
    if (stopped(pr) || !in_domain(x[0], x[1]))
        return INFINITY;
    double mu = x[0], s = exp(x[1]);
    double n = (double)pr->n;
    /* m entries lie at or left of mu, the rest right of it */
    double mf = floor(mu) + 1;
    size_t m = mf <= 0 ? 0 : mf >= n ? pr->n : (size_t)mf;
    double a = pr->cum_p[m], b = pr->cum_ip[m];
    double pt = pr->cum_p[pr->n], it = pr->cum_ip[pr->n];
    double dev = (mu * a - b) + ((it - b) - mu * (pt - a));
    double log_r1 = log(-expm1(-1 / s));   /* log(1 - e^(-1/s)) */
    double log_z = -INFINITY;
    if (m > 0)
        log_z = -(mu - (double)(m - 1)) / s +
                log(-expm1(-(double)m / s)) - log_r1;
    if (m < pr->n)
        log_z = log_add(log_z, -((double)m - mu) / s +
                        log(-expm1(-(double)(pr->n - m) / s)) - log_r1);
    return pr->p_ent + dev / s + pt * log_z;
}

/* Nelder-Mead in two dimensions, the textbook coefficients. */
static double nelder_mead(struct problem *pr, double x[2])
{
    double v[3][2] = {{x[0], x[1]}, {x[0] + 1.0, x[1]}, {x[0], x[1] + 0.3}};
    double f[3];
    for (int i = 0; i < 3; i++)
        f[i] = forward_geom(pr, v[i]);
    for (int iter = 0; iter < 400 && !pr->cancelled; iter++) {
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
        double fr = forward_geom(pr, r);
        if (fr < f[0]) {
            for (int d = 0; d < 2; d++)
                e[d] = c[d] + 2.0 * (c[d] - v[2][d]);
            double fe = forward_geom(pr, e);
            const double *take = fe < fr ? e : r;
            memcpy(v[2], take, sizeof v[2]);
            f[2] = fe < fr ? fe : fr;
        } else if (fr < f[1]) {
            memcpy(v[2], r, sizeof v[2]);
            f[2] = fr;
        } else {
            for (int d = 0; d < 2; d++)
                k[d] = c[d] + 0.5 * (v[2][d] - c[d]);
            double fk = forward_geom(pr, k);
            if (fk < f[2]) {
                memcpy(v[2], k, sizeof v[2]);
                f[2] = fk;
            } else {
                for (int i = 1; i < 3; i++) {
                    for (int d = 0; d < 2; d++)
                        v[i][d] = v[0][d] + 0.5 * (v[i][d] - v[0][d]);
                    f[i] = forward_geom(pr, v[i]);
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

/* The divergence being minimized at (mu, t = log s) with its gradient and
 * Hessian in (mu, t), in one pass over the entries where Q is not 0.
 *
 * With phi_i the unnormalized log q_i and E, Cov under Q:
 *   forward  f = sum p log p - sum p phi + log Z
 *            df/da = E[phi_a] - sum p phi_a
 *            d2f/dadb = E[phi_ab] - sum p phi_ab + Cov(phi_a, phi_b)
 *   reverse  f = E[h] - log Z with h = phi - log p
 *            df/da = Cov(phi_a, h)
 *            d2f/dadb = K(phi_a, phi_b, h) + Cov(phi_ab, h)
 *                       + Cov(phi_a, phi_b)
 * (K the third central moment). The sums over P in the forward case are
 * closed forms in P's mean and variance (gauss only). */
struct eval {
    double f;
    double g[2];
    double h[3];    /* (mu, mu), (mu, t), (t, t) */
};

/* The pass of evaluate() over entries lo..hi: sums of w u0^a u1^b with
 * w = e^(phi - top), and (log_p given) the same times h = phi - log p -
 * shift. Inlined for each family and direction, so the loop has no
 * branches on them. */
static inline void sums(bool gauss, const double *log_p, double mu, double s,
                        double top, double shift, size_t lo, size_t hi,
                        double sw[6], double sh[6])
{
    double inv_s = 1 / s;
    /* w by its ratio from one entry to the next, anchored with exp every
     * 16 entries and where the ratio changes (geom at mu): a relative
     * error below 1e-13. Narrow shapes (s < 1) take exp. */
    bool recur = s >= 1;
    double c = gauss ? exp(-inv_s * inv_s) : 1;
    double w = 0, r = 0, prev_u0 = 2;
    for (size_t i = lo; i <= hi; i++) {
        double xi = ((double)i - mu) * inv_s;
        double u0, u1, phi;
        if (gauss) {
            u0 = xi;
            u1 = xi * xi;
            phi = -0.5 * u1;
        } else {
            u0 = xi > 0 ? 1 : xi < 0 ? -1 : 0;
            u1 = fabs(xi);
            phi = -u1;
        }
        if (!recur || ((i - lo) & 15) == 0 || (!gauss && u0 != prev_u0)) {
            w = exp(phi - top);
            r = gauss ? exp(-(xi + 0.5 * inv_s) * inv_s) : exp(-u0 * inv_s);
        }
        prev_u0 = u0;
        double m[6] = {w, w * u0, w * u1, w * u0 * u0, w * u0 * u1,
                       w * u1 * u1};
        for (int k = 0; k < 6; k++)
            sw[k] += m[k];
        if (log_p) {
            double h = phi - log_p[i] - shift;
            for (int k = 0; k < 6; k++)
                sh[k] += m[k] * h;
        }
        w *= r;
        r *= c;
    }
}

static void evaluate(struct problem *pr, const double x[2], struct eval *ev)
{
    ev->f = INFINITY;
    if (stopped(pr) || !in_domain(x[0], x[1]))
        return;
    bool gauss = pr->family == FIT_GAUSS;
    double mu = x[0], s = exp(x[1]), inv_s = 1 / s;
    double last = (double)(pr->n - 1);
    /* phi is largest at the entry nearest mu. Terms below e^-40 of it
     * move the minimum by far less than rounding: they are skipped. */
    double k0 = fmin(fmax(nearbyint(mu), 0), last);
    double d0 = fabs(k0 - mu) / s;
    double top = gauss ? -0.5 * d0 * d0 : -d0;
    double reach = (gauss ? sqrt(d0 * d0 + 80) : d0 + 40) * s;
    double lo_d = ceil(mu - reach), hi_d = floor(mu + reach);
    size_t lo = lo_d <= 0 ? 0 : (size_t)fmin(lo_d, k0);
    size_t hi = hi_d >= last ? pr->n - 1 : (size_t)fmax(hi_d, k0);
    /* h is shifted by its value at k0, which keeps the covariances below
     * free of cancellation. */
    double shift = pr->forward ? 0 : top - pr->log_p[(size_t)k0];
    /* In both families the derivatives of phi are, with u0 = x, u1 = x^2
     * (gauss) or u0 = sign x, u1 = |x| (geom):
     *   phi_mu = u0/s, phi_t = u1, phi_mumu = k2, phi_mut = k34 u0/s,
     *   phi_tt = k34 u1. */
    double k2 = gauss ? -inv_s * inv_s : 0, k34 = gauss ? -2 : -1;
    /* Sums of w u0^a u1^b (and the same times h): 1, u0, u1, u0^2, u0 u1,
     * u1^2. */
    double sw[6] = {0}, sh[6] = {0};
    const double *log_p = pr->forward ? NULL : pr->log_p;
    if (gauss && log_p)
        sums(true, log_p, mu, s, top, shift, lo, hi, sw, sh);
    else if (gauss)
        sums(true, NULL, mu, s, top, shift, lo, hi, sw, sh);
    else if (log_p)
        sums(false, log_p, mu, s, top, shift, lo, hi, sw, sh);
    else
        sums(false, NULL, mu, s, top, shift, lo, hi, sw, sh);
    double z = sw[0];
    double log_z = top + log(z);
    /* Means under Q of phi's derivatives, of their products, and of both
     * times h: e1 = E[phi_a] (5), e2 = E[phi_mu^2, phi_mu phi_t,
     * phi_t^2]. */
    double e1[5], e2[3];
    e1[0] = sw[1] / z * inv_s;
    e1[1] = sw[2] / z;
    e1[2] = k2;
    e1[3] = k34 * e1[0];
    e1[4] = k34 * e1[1];
    e2[0] = sw[3] / z * inv_s * inv_s;
    e2[1] = sw[4] / z * inv_s;
    e2[2] = sw[5] / z;
    double cov[3] = {e2[0] - e1[0] * e1[0], e2[1] - e1[0] * e1[1],
                     e2[2] - e1[1] * e1[1]};
    if (pr->forward) {
        /* gauss: sums over P of phi and its derivatives, from P's
         * moments */
        double pw = pr->p_sum;
        double px = pw * (pr->p_mean - mu) * inv_s;
        double pxx = pw * (pr->p_var + (pr->p_mean - mu) * (pr->p_mean - mu))
                     * inv_s * inv_s;
        double pd[5] = {px * inv_s, pxx, pw * k2, -2 * px * inv_s, -2 * pxx};
        ev->f = pr->p_ent + 0.5 * pxx + pw * log_z;
        ev->g[0] = pw * e1[0] - pd[0];
        ev->g[1] = pw * e1[1] - pd[1];
        for (int a = 0; a < 3; a++)
            ev->h[a] = pw * (e1[2 + a] + cov[a]) - pd[2 + a];
        return;
    }
    double eh = sh[0] / z;
    double e1h[2] = {sh[1] / z * inv_s, sh[2] / z};
    double e2h[3] = {sh[3] / z * inv_s * inv_s, sh[4] / z * inv_s,
                     sh[5] / z};
    double edh[3] = {k2 * eh, k34 * e1h[0], k34 * e1h[1]};
    ev->f = eh + shift - log_z;
    ev->g[0] = e1h[0] - e1[0] * eh;
    ev->g[1] = e1h[1] - e1[1] * eh;
    static const int ia[3] = {0, 0, 1}, ib[3] = {0, 1, 1};
    for (int k = 0; k < 3; k++) {
        int a = ia[k], b = ib[k];
        double third = e2h[k] - e1[a] * e1h[b] - e1[b] * e1h[a] - e2[k] * eh
                       + 2 * e1[a] * e1[b] * eh;
        ev->h[k] = third + (edh[k] - e1[2 + k] * eh) + cov[k];
    }
}

/* The points earlier starts passed through on their way down, each with
 * where that start ended. Newton's path from a point is fixed, so a start
 * that comes close to one of them ends where that one did. */
struct trail {
    double (*x)[2];
    size_t *end;     /* index of the start's last point */
    double *f;       /* at a last point: the divergence there */
    size_t n, cap;
};

static void trail_add(struct trail *t, const double x[2])
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->x = xrealloc(t->x, t->cap * sizeof *t->x);
        t->end = xrealloc(t->end, t->cap * sizeof *t->end);
        t->f = xrealloc(t->f, t->cap * sizeof *t->f);
    }
    t->x[t->n][0] = x[0];
    t->x[t->n][1] = x[1];
    t->end[t->n] = SIZE_MAX;   /* set when the start ends */
    t->f[t->n] = INFINITY;
    t->n++;
}

/* The end of an earlier start's path that passed within 1% of the scale
 * of x, or SIZE_MAX. */
static size_t trail_find(const struct trail *t, const double x[2])
{
    for (size_t i = 0; i < t->n; i++)
        if (t->end[i] != SIZE_MAX &&
            fabs(x[1] - t->x[i][1]) < 1e-2 &&
            fabs(x[0] - t->x[i][0]) < 1e-2 * exp(t->x[i][1]))
            return t->end[i];
    return SIZE_MAX;
}

/* log s stays inside (log 1e-3, log 1e7) */
#define LOG_S_MIN (-6.907755278982137)
#define LOG_S_MAX 16.11809565095832

/* The best log s with mu on the integer nearest it (a kink of geom's f
 * that neither side's Newton steps can cross), where the stuck search
 * leaves it if that is lower. */
static void kink_minimum(struct problem *pr, double x[2], struct eval *cur)
{
    double y[2] = {nearbyint(x[0]), x[1]};
    struct eval e, next;
    evaluate(pr, y, &e);
    for (int iter = 0; iter < 100 && isfinite(e.f); iter++) {
        double d = -e.g[1] / (e.h[2] > 0 ? e.h[2] : fmax(fabs(e.h[2]), 1));
        d = fmax(-2, fmin(2, d));
        double step = 1, t = y[1];
        bool moved = false;
        for (int k = 0; k < 40; k++) {
            double z[2] = {y[0], t + step * d};
            evaluate(pr, z, &next);
            if (pr->cancelled)
                return;
            if (next.f <= e.f + 1e-4 * step * d * e.g[1] ||
                (fabs(d) < 1e-5 && e.h[2] > 0 && isfinite(next.f))) {
                moved = true;
                break;
            }
            step *= 0.5;
        }
        if (!moved)
            break;
        y[1] = t + step * d;
        e = next;
        if (fabs(step * d) <= 1e-11)
            break;
    }
    if (e.f < cur->f) {
        x[0] = y[0];
        x[1] = y[1];
        *cur = e;
    }
}

/* Newton's method on (mu, log s) with a backtracking line search, falling
 * back to a diagonally scaled descent where the Hessian is not positive
 * definite. Returns f at the end, x moved there; the path goes into
 * trail. */
static double newton(struct problem *pr, double x[2], struct trail *trail)
{
    struct eval cur, next;
    int stall = 0, hops = 0;
    bool stuck = false;
    size_t first = trail->n;
    evaluate(pr, x, &cur);
    for (int iter = 0; iter < 200 && isfinite(cur.f); iter++) {
        double s = exp(x[1]);
        double a = cur.h[0], b = cur.h[1], c = cur.h[2];
        double det = a * c - b * b;
        double d[2];
        bool newton_step = a > 0 && c > 0 && det > 1e-12 * a * c;
        if (newton_step) {
            d[0] = -(c * cur.g[0] - b * cur.g[1]) / det;
            d[1] = -(a * cur.g[1] - b * cur.g[0]) / det;
        } else {
            d[0] = -cur.g[0] / fmax(fabs(a), 1e-3 / (s * s));
            d[1] = -cur.g[1] / fmax(fabs(c), 1e-3);
        }
        /* At most a factor e^2 in s per step. */
        double big = fabs(d[1]) / 2;
        if (big > 1) {
            d[0] /= big;
            d[1] /= big;
        }
        double slope = cur.g[0] * d[0] + cur.g[1] * d[1];
        bool small = fabs(d[0]) <= 1e-5 * s && fabs(d[1]) <= 1e-5;
        /* A step that would leave the domain goes half the way to its
         * edge. */
        double step = 1, y[2];
        if (x[1] + d[1] > LOG_S_MAX)
            step = 0.5 * (LOG_S_MAX - x[1]) / d[1];
        else if (x[1] + d[1] < LOG_S_MIN)
            step = 0.5 * (LOG_S_MIN - x[1]) / d[1];
        bool moved = false;
        for (int k = 0; k < 40; k++) {
            y[0] = x[0] + step * d[0];
            y[1] = x[1] + step * d[1];
            evaluate(pr, y, &next);
            if (pr->cancelled)
                return INFINITY;
            /* Close to the minimum f changes by less than its rounding:
             * a small Newton step is taken as it is. */
            if (next.f <= cur.f + 1e-4 * step * slope ||
                (newton_step && small && isfinite(next.f))) {
                moved = true;
                break;
            }
            step *= 0.5;
        }
        bool done = !moved;
        if (moved) {
            /* Progress below rounding, three times in a row, far from a
             * Newton minimum: a flat valley (a P the family fits equally
             * well ever wider or ever further out) that would be
             * followed for ever. */
            stall = cur.f - next.f <= 1e-14 * fabs(cur.f) && !small
                    ? stall + 1 : 0;
            x[0] = y[0];
            x[1] = y[1];
            cur = next;
            done = (fabs(step * d[0]) <= 1e-11 * s &&
                    fabs(step * d[1]) <= 1e-11) || stall == 3;
        }
        if (done && pr->family == FIT_GEOM && hops < 8) {
            /* geom's f has a kink where mu crosses an integer, which
             * steps do not cross, and a local minimum in each cell near
             * the best mu: try the mirror image of mu across each end of
             * its cell. */
            double lo = floor(x[0]), ends[2] = {lo, lo + 1};
            bool hopped = false;
            for (int e = 0; e < 2; e++) {
                y[0] = 2 * ends[e] - x[0];
                y[1] = x[1];
                evaluate(pr, y, &next);
                if (pr->cancelled)
                    return INFINITY;
                if (next.f < cur.f) {
                    x[0] = y[0];
                    cur = next;
                    hopped = true;
                }
            }
            if (hopped) {
                hops++;
                stall = 0;
                continue;
            }
        }
        if (done) {
            stuck = !moved;
            break;
        }
        size_t end = trail_find(trail, x);
        if (end != SIZE_MAX) {
            x[0] = trail->x[end][0];
            x[1] = trail->x[end][1];
            cur.f = trail->f[end];
            break;
        }
        trail_add(trail, x);
    }
    if (stuck && pr->family == FIT_GEOM)
        kink_minimum(pr, x, &cur);
    if (stuck) {
        /* This path is no guide for other starts. */
        trail->n = first;
        return cur.f;
    }
    trail_add(trail, x);
    trail->f[trail->n - 1] = cur.f;
    for (size_t i = first; i < trail->n; i++)
        trail->end[i] = trail->n - 1;
    return cur.f;
}

bool fit_run(const double *p, size_t n, enum fit_family family,
             bool forward, const struct fit_cancel *cancel, struct fit *out,
             struct error *err)
{
    if (n < 2)
        return error_set(err, _("fitting needs at least 2 entries"));
    if (n > FIT_MAX_ENTRIES)
        return error_set(err, _("fitting handles at most %zu entries"),
                         FIT_MAX_ENTRIES);
    if (!forward)
        for (size_t i = 0; i < n; i++)
            if (p[i] == 0)
                return error_set(err, _("a reverse fit needs p > 0 "
                                    "everywhere: p_%zu = 0 makes KL(Q||P) "
                                    "infinite for every member of the family "
                                    "(hint: smooth p 1e-6)"), i + 1);
    struct problem pr;
    memset(&pr, 0, sizeof pr);
    pr.p = p;
    pr.n = n;
    pr.family = family;
    pr.forward = forward;
    pr.cancel = cancel;
    double *log_p = NULL;
    struct ksum sum = {0, 0}, ent = {0, 0}, mean = {0, 0}, var = {0, 0};
    for (size_t i = 0; i < n; i++) {
        ksum_add(&sum, p[i]);
        ksum_add(&mean, p[i] * (double)i);
        if (p[i] > 0)
            ksum_add(&ent, p[i] * log(p[i]));
    }
    pr.p_sum = ksum_value(&sum);
    pr.p_ent = ksum_value(&ent);
    pr.p_mean = ksum_value(&mean) / pr.p_sum;
    for (size_t i = 0; i < n; i++)
        ksum_add(&var, p[i] * ((double)i - pr.p_mean) *
                       ((double)i - pr.p_mean));
    pr.p_var = ksum_value(&var) / pr.p_sum;
    if (!forward) {
        log_p = xmalloc(n * sizeof *log_p);
        for (size_t i = 0; i < n; i++)
            log_p[i] = log(p[i]);
        pr.log_p = log_p;
    } else if (family == FIT_GEOM) {
        pr.cum_p = xmalloc((n + 1) * sizeof *pr.cum_p);
        pr.cum_ip = xmalloc((n + 1) * sizeof *pr.cum_ip);
        struct ksum a = {0, 0}, b = {0, 0};
        for (size_t i = 0; i <= n; i++) {
            pr.cum_p[i] = ksum_value(&a);
            pr.cum_ip[i] = ksum_value(&b);
            if (i < n) {
                ksum_add(&a, p[i]);
                ksum_add(&b, p[i] * (double)i);
            }
        }
    }

    double best_f = INFINITY, best[2] = {0, 0};
    struct trail trail = {NULL, NULL, NULL, 0, 0};
    if (forward && family == FIT_GAUSS) {
        /* KL(P||Q) is convex in the Gaussian's natural parameters, so it
         * has one minimum; P's own mean and spread start next to it. */
        best[0] = pr.p_mean;
        best[1] = log(fmax(0.5, sqrt(pr.p_var)));
        best_f = newton(&pr, best, &trail);
    } else {
        /* Starts: centers spread over the positions, widths from narrow
         * to wide. A reverse fit has one local minimum per mode; some
         * start lies in each basin. */
        const int centers = 9;
        const double widths[] = {0.03, 0.12, 0.4};
        for (int c = 0; c < centers && !pr.cancelled; c++) {
            for (int w = 0; w < 3 && !pr.cancelled; w++) {
                double x[2] = {(double)(n - 1) * (c + 0.5) / centers,
                               log(fmax(0.5, widths[w] * (double)n))};
                double f = forward ? nelder_mead(&pr, x)
                                   : newton(&pr, x, &trail);
                /* Minima equal up to rounding (a symmetric P's two
                 * modes): the first start's stays. */
                if (isinf(best_f) ? f < best_f
                                  : f < best_f - 1e-12 * fabs(best_f)) {
                    best_f = f;
                    best[0] = x[0];
                    best[1] = x[1];
                }
            }
        }
    }
    free(trail.x);
    free(trail.end);
    free(trail.f);
    free(pr.cum_p);
    free(pr.cum_ip);
    if (pr.cancelled) {
        free(log_p);
        return error_set(err, _("cancelled, nothing changed"));
    }

    fit_free(out);
    out->family = family;
    out->forward = forward;
    out->mu = best[0] + 1.0;   /* positions count from 1 for people */
    out->scale = exp(best[1]);
    out->n = n;
    out->q = xmalloc(n * sizeof *out->q);
    model(&pr, best[0], out->scale, out->q);
    for (size_t i = 0; i < n; i++)
        out->q[i] = exp(out->q[i]);
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
    return true;
}

size_t fit_modes(const double *p, size_t n)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        max = fmax(max, p[i]);
    size_t modes = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;          /* the run of values equal to p[i] */
        while (j + 1 < n && p[j + 1] == p[i])
            j++;
        bool up = i == 0 || p[i - 1] < p[i];
        bool down = j + 1 == n || p[j + 1] < p[i];
        if (up && down && p[i] > 0 && p[i] >= max / 20)
            modes++;
        i = j + 1;
    }
    return modes;
}

static bool label_number(const char *s, double *v)
{
    struct error err;
    return num_parse(s, strlen(s), v, &err);
}

void fit_position(double x, char *const *labels, size_t n, struct buf *out)
{
    if (n == 0)
        return;
    double i = x - 1;
    double v;
    /* Off the table's ends: a number extrapolates, a name is a distance. */
    if (i < 0 || i > (double)(n - 1)) {
        size_t e = i < 0 ? 0 : n - 1;
        double d = i < 0 ? -i : i - (double)(n - 1);
        if (n >= 2 && label_number(labels[0], &v) &&
            label_number(labels[1], &v) && label_number(labels[n - 1], &v)) {
            double a, b;
            label_number(labels[e == 0 ? 0 : n - 2], &a);
            label_number(labels[e == 0 ? 1 : n - 1], &b);
            buf_printf(out, "%.2f", e == 0 ? a - d * (b - a)
                                          : b + d * (b - a));
        } else {
            buf_printf(out, i < 0 ? _("%.2f before %s") : _("%.2f past %s"),
                       d, labels[e]);
        }
        return;
    }
    size_t k = (size_t)i;
    if (k + 1 >= n)
        k = n >= 2 ? n - 2 : 0;
    double frac = n >= 2 ? i - (double)k : 0;
    double a, b;
    if (n >= 2 && label_number(labels[k], &a) &&
        label_number(labels[k + 1], &b)) {
        buf_printf(out, "%.2f", a + frac * (b - a));
        return;
    }
    if (n < 2 || round(frac * 100) == 0 || round(frac * 100) == 100) {
        buf_append(out, labels[frac > 0.5 ? k + 1 : k]);
        return;
    }
    buf_printf(out, _("%.2f of the way from %s to %s"), frac, labels[k],
               labels[k + 1]);
}

void fit_summary(const double *p, size_t n, char *const *labels,
                 const struct fit *fw, const struct fit *rv, struct buf *out)
{
    const char *sn = fit_scale_name(fw->family);
    double ratio = rv->scale / fw->scale;
    const char *cmp = ratio < 0.9   ? _("narrower")
                      : ratio > 1.1 ? _("wider")
                                    : _("about as wide");
    size_t modes = fit_modes(p, n);
    if (modes < 2) {
        buf_printf(out, _("The forward fit covers all of P's mass (%s %.3f); "
                          "the reverse fit is %s (%.3f).\n"),
                   sn, fw->scale, cmp, rv->scale);
    } else {
        buf_printf(out, _("P has %zu modes. The forward fit covers all of "
                          "its mass (%s %.3f); the reverse fit is %s (%.3f)"),
                   modes,
                   sn, fw->scale, cmp, rv->scale);
        /* The mode nearest the reverse fit's center, if it sits on one. */
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            bool peak = (i == 0 || p[i - 1] < p[i]) &&
                        (i + 1 == n || p[i + 1] <= p[i]);
            if (peak && (best == n || fabs((double)i + 1 - rv->mu) <
                                          fabs((double)best + 1 - rv->mu)))
                best = i;
        }
        if (ratio < 0.9 && best < n &&
            fabs((double)best + 1 - rv->mu) <= rv->scale)
            buf_printf(out, _(" and sits on the mode at %s"), labels[best]);
        buf_append(out, _(".\n"));
    }
}
