#include "sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"
#include "i18n.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void sample_rng_seed(struct sample_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sample_rng_next(struct sample_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

void sample_alias_build(struct sample_alias *a, const double *p, size_t n)
{
    a->n = n;
    a->cut = xmalloc_huge(n * sizeof *a->cut);
    a->alias = xmalloc_huge(n * sizeof *a->alias);
    size_t *small = xmalloc_huge(n * sizeof *small);
    size_t *large = xmalloc_huge(n * sizeof *large);
    size_t ns = 0, nl = 0;
    for (size_t i = 0; i < n; i++) {
        a->cut[i] = p[i] * (double)n;
        a->alias[i] = i;
        if (a->cut[i] < 1)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        size_t s = small[--ns], l = large[nl - 1];
        a->alias[s] = l;
        a->cut[l] -= 1 - a->cut[s];
        if (a->cut[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    /* What is left is 1 up to rounding: those columns never switch. A
     * zero probability must stay undrawable even then. */
    size_t positive = 0;
    while (positive + 1 < n && !(p[positive] > 0))
        positive++;
    while (nl)
        a->cut[large[--nl]] = 1;
    while (ns) {
        size_t s = small[--ns];
        a->cut[s] = p[s] > 0 ? 1 : 0;
        if (!(p[s] > 0))
            a->alias[s] = positive;
    }
    free(small);
    free(large);
}

size_t sample_alias_draw(const struct sample_alias *a, struct sample_rng *r)
{
    double u = (double)(sample_rng_next(r) >> 11) * 0x1p-53 * (double)a->n;
    size_t i = (size_t)u;
    if (i >= a->n)
        i = a->n - 1;
    return u - (double)i < a->cut[i] ? i : a->alias[i];
}

void sample_alias_free(struct sample_alias *a)
{
    free(a->cut);
    free(a->alias);
    a->cut = NULL;
    a->alias = NULL;
}

void sample_result_free(struct sample_result *r)
{
    free(r->counts);
    r->counts = NULL;
}

/* 10, 20, 50, 100, 200, 500, ... below `draws`, then `draws`. */
static uint64_t next_checkpoint(uint64_t at, uint64_t draws)
{
    uint64_t next = 10;
    while (next <= at) {
        uint64_t d = next;
        uint64_t m = 1;
        while (d >= 10) {
            d /= 10;
            m *= 10;
        }
        next = d == 1 ? 2 * m : d == 2 ? 5 * m : 10 * m;
    }
    return next < draws ? next : draws;
}

bool sample_run(const double *p, const double *q, size_t n, uint64_t draws,
                uint64_t seed, bool (*cancelled)(void *ctx), void *ctx,
                struct sample_result *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    if (draws < 1 || draws > SAMPLE_MAX)
        return error_set(err, _("the number of draws must be from 1 to %llu"),
                         (unsigned long long)SAMPLE_MAX);
    double *lr = xmalloc_huge((n ? n : 1) * sizeof *lr);
    size_t support = 0;
    for (size_t i = 0; i < n; i++) {
        lr[i] = p[i] > 0 ? divergence_log_ratio(p[i], q[i]) : 0;
        support += p[i] > 0;
    }
    struct sample_alias a;
    sample_alias_build(&a, p, n);
    struct sample_rng rng;
    sample_rng_seed(&rng, seed);
    uint64_t *counts = xcalloc_huge(n ? n : 1, sizeof *counts);
    /* Welford's running mean and sum of squared deviations, over the
     * finite draws; an infinite draw makes the mean infinite for good. */
    double mean = 0, m2 = 0;
    uint64_t finite = 0, inf = 0, first_inf = 0;
    size_t first_inf_entry = 0;
    uint64_t cp_at = next_checkpoint(0, draws);
    bool ok = true;
    for (uint64_t d = 1; d <= draws; d++) {
        size_t i = sample_alias_draw(&a, &rng);
        counts[i]++;
        double x = lr[i];
        if (isinf(x)) {
            if (!inf++) {
                first_inf = d;
                first_inf_entry = i;
            }
        } else {
            finite++;
            double delta = x - mean;
            mean += delta / (double)finite;
            m2 += delta * (x - mean);
        }
        if (d == cp_at) {
            struct sample_checkpoint *c = &out->cp[out->ncp++];
            c->draws = d;
            c->mean = inf ? INFINITY : mean;
            c->se = inf    ? INFINITY
                    : d < 2 ? 0
                            : sqrt(m2 / (double)(d - 1) / (double)d);
            cp_at = next_checkpoint(d, draws);
        }
        if ((d & 0xfffff) == 0 && cancelled && cancelled(ctx)) {
            ok = error_set(err, _("cancelled after %llu draws"),
                           (unsigned long long)d);
            break;
        }
    }
    sample_alias_free(&a);
    if (!ok) {
        free(lr);
        free(counts);
        return false;
    }
    double plugin = 0;
    for (size_t i = 0; i < n; i++) {
        if (!counts[i])
            continue;
        double ph = (double)counts[i] / (double)draws;
        plugin += q[i] > 0 ? ph * log(ph / q[i]) : INFINITY;
    }
    free(lr);
    out->draws = draws;
    out->seed = seed;
    out->n = n;
    out->counts = counts;
    out->mean = inf ? INFINITY : mean;
    out->se = inf ? INFINITY
              : draws < 2 ? 0
                          : sqrt(m2 / (double)(draws - 1) / (double)draws);
    out->infinite = inf;
    out->first_infinite = first_inf;
    out->first_infinite_entry = first_inf_entry;
    out->plugin = plugin;
    out->support = support;
    out->bias = (double)(support - (support > 0)) / (2.0 * (double)draws);
    return true;
}
