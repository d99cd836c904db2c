/* live: a live sampling run in the explorer (`sample live`, key S): draws
 * from P added a batch at a time (a batch per frame while the run is on),
 * the running mean of log(p/q) over them with its standard error, and how
 * often each entry was drawn. The draws are core/sample.h's (alias method,
 * xoshiro256**), so a seed gives the same run every time. When P or Q
 * changes the run starts again on the new pair. No curses. */
#ifndef KLX_LIVE_H
#define KLX_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"
#include "session.h"

/* Draws in the first batch; each later one is an eighth of the draws so
 * far (so the band narrows at a steady pace on screen), at most
 * LIVE_BATCH_MAX. */
#define LIVE_BATCH_MIN 100
#define LIVE_BATCH_MAX 100000
/* A run stops by itself here (the mean no longer moves on screen). */
#define LIVE_DRAWS_MAX ((uint64_t)100000000)

struct live {
    bool on;
    uint64_t seed;
    unsigned long version;      /* the session state the draws are of */
    const struct session *s;
    struct sample_alias alias;
    struct sample_rng rng;
    uint64_t *counts;           /* n of them */
    size_t n;
    uint64_t draws;
    uint64_t infinite;          /* draws where q = 0 */
    double mean, m2;            /* Welford's running mean and sum of
                                   squares of log(p/q) over the finite
                                   draws, nats */
    bool restarted;             /* the last step started the run again */
};

void live_init(struct live *l);
void live_free(struct live *l);

/* Starts a run on s's P and Q with `seed` (no draws yet). */
void live_start(struct live *l, const struct session *s, uint64_t seed);
void live_stop(struct live *l);

/* Adds the next batch (or `draws` when nonzero); starts again, setting
 * `restarted`, when s is not the state the run drew from. */
void live_step(struct live *l, const struct session *s, uint64_t draws);

/* The running mean of log(p/q) in nats (inf once a draw hit q = 0) and
 * its standard error (0 below two draws). */
double live_mean(const struct live *l);
double live_se(const struct live *l);

#endif
