/* bench_data: what klx's benchmarks share. The data (p_i ~ exp(-10 u),
 * q_i ~ exp(-10 v), normalized, u and v from splitmix64 with seeds 1 and
 * 2; bench/compare-scipy makes the same arrays), the clock, and the loop
 * that times klx's own log ratio alone. Header only (static inline). */
#ifndef KLX_BENCH_DATA_H
#define KLX_BENCH_DATA_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/kernel.h"

static inline double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline uint64_t bench_splitmix(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void bench_data_fill(double *v, size_t n, uint64_t seed)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double u = (double)(bench_splitmix(seed, i) >> 11) * 0x1.0p-53;
        v[i] = exp(-10.0 * u);
        sum += v[i];
    }
    for (size_t i = 0; i < n; i++)
        v[i] /= sum;
}

/* ln(p/q) by the kernel's own logarithm (k_term's l with its sign) into
 * tmp, then a plain sum: the floor of the log the kernel uses, in the
 * same loop shape as klx-bench's libmvec line. */
KINLINE double bench_ownlog_sum(const double *p, const double *q, size_t n,
                                double *tmp)
{
    K_SIMD
    for (size_t i = 0; i < n; i++) {
        struct kterm t = k_term(p[i], q[i]);
        tmp[i] = p[i] >= q[i] ? t.l : -t.l;
    }
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += tmp[i];
    return s;
}

#endif
