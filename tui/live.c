#include "live.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void live_init(struct live *l)
{
    memset(l, 0, sizeof *l);
}

void live_free(struct live *l)
{
    sample_alias_free(&l->alias);
    free(l->counts);
    live_init(l);
}

/* A fresh run on s: the alias table of its P, no draws. */
static void restart(struct live *l, const struct session *s)
{
    const struct table *t = &s->table;
    sample_alias_free(&l->alias);
    sample_alias_build(&l->alias, t->p, t->n);
    sample_rng_seed(&l->rng, l->seed);
    free(l->counts);
    l->counts = xcalloc(t->n ? t->n : 1, sizeof *l->counts);
    l->n = t->n;
    l->s = s;
    l->version = s->version;
    l->draws = l->infinite = 0;
    l->mean = l->m2 = 0;
}

void live_start(struct live *l, const struct session *s, uint64_t seed)
{
    l->seed = seed;
    l->on = true;
    l->restarted = false;
    restart(l, s);
}

void live_stop(struct live *l)
{
    l->on = false;
}

void live_step(struct live *l, const struct session *s, uint64_t draws)
{
    l->restarted = false;
    if (!l->on)
        return;
    if (s != l->s || s->version != l->version || s->table.n != l->n) {
        restart(l, s);
        l->restarted = true;
    }
    if (l->n == 0)
        return;
    if (!draws) {
        draws = l->draws / 8;
        draws = draws < LIVE_BATCH_MIN ? LIVE_BATCH_MIN
                : draws > LIVE_BATCH_MAX ? LIVE_BATCH_MAX : draws;
    }
    if (l->draws + draws > LIVE_DRAWS_MAX)
        draws = LIVE_DRAWS_MAX - l->draws;
    const double *p = s->table.p, *q = s->table.q;
    for (uint64_t k = 0; k < draws; k++) {
        size_t i = sample_alias_draw(&l->alias, &l->rng);
        l->counts[i]++;
        l->draws++;
        if (!(q[i] > 0)) {
            l->infinite++;
            continue;
        }
        double x = log(p[i] / q[i]);
        uint64_t m = l->draws - l->infinite;
        double d = x - l->mean;
        l->mean += d / (double)m;
        l->m2 += d * (x - l->mean);
    }
    if (l->draws >= LIVE_DRAWS_MAX)
        l->on = false;
}

double live_mean(const struct live *l)
{
    return l->infinite ? INFINITY : l->mean;
}

double live_se(const struct live *l)
{
    uint64_t m = l->draws - l->infinite;
    if (m < 2)
        return 0;
    return sqrt(l->m2 / (double)(m - 1) / (double)m);
}
