/* sample: KL(P||Q) as the average of log(p/q) over draws from P.
 *
 * Draws are reproducible: the generator is xoshiro256** (Blackman and
 * Vigna, 2018) with its state filled by splitmix64 from the seed, and a
 * draw picks an entry by Walker's alias method (Vose's construction) in
 * O(1): one 64-bit number, its top 53 bits as a uniform in [0, 1) times n
 * for the column and the fraction against the column's threshold. The
 * same seed and P give the same draws on every platform. */
#ifndef KLX_SAMPLE_H
#define KLX_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Most draws in one run (about a second's work). */
#define SAMPLE_MAX ((uint64_t)100000000)
/* Checkpoints of the running mean: 10, 20, 50, 100, ... and N. */
#define SAMPLE_CHECKPOINTS 48

struct sample_rng {
    uint64_t s[4];
};

void sample_rng_seed(struct sample_rng *r, uint64_t seed);
uint64_t sample_rng_next(struct sample_rng *r);

struct sample_alias {
    size_t n;
    double *cut;        /* threshold of each column, in [0, 1] */
    size_t *alias;      /* the other entry of each column */
};

/* Builds the table for the n probabilities p (summing to 1; zeros are
 * never drawn). */
void sample_alias_build(struct sample_alias *a, const double *p, size_t n);
size_t sample_alias_draw(const struct sample_alias *a, struct sample_rng *r);
void sample_alias_free(struct sample_alias *a);

struct sample_checkpoint {
    uint64_t draws;
    double mean;        /* of log(p/q) in nats; inf once q = 0 was drawn */
    double se;          /* its standard error: sd / sqrt(draws) */
};

struct sample_result {
    uint64_t draws, seed;
    size_t n;
    uint64_t *counts;           /* n draws per entry */
    struct sample_checkpoint cp[SAMPLE_CHECKPOINTS];
    size_t ncp;
    double mean, se;            /* over all draws (mean inf: see below) */
    uint64_t infinite;          /* draws of entries where q = 0 */
    uint64_t first_infinite;    /* the first such draw (from 1), or 0 */
    size_t first_infinite_entry;
    double plugin;              /* KL(P^||Q) from the counts, nats */
    size_t support;             /* k: entries with p > 0 */
    double bias;                /* (k - 1) / (2 N): how much the plug-in
                                   estimate exceeds KL(P||Q) on average,
                                   to first order in 1/N */
};

/* Draws `draws` (1..SAMPLE_MAX) entries from p and summarizes them
 * against q. `cancelled` (may be NULL) is asked every 2^20 draws; true
 * stops with "cancelled". */
bool sample_run(const double *p, const double *q, size_t n, uint64_t draws,
                uint64_t seed, bool (*cancelled)(void *ctx), void *ctx,
                struct sample_result *out, struct error *err);
void sample_result_free(struct sample_result *r);

#endif
