/* halves: work split in two halves, the second on a thread of its own
 * when that pays. For work whose results do not depend on where each half
 * ran (the divergence kernel, Renyi, the overview's bins), so the result
 * is the same, bit for bit, with one thread or two. */
#ifndef KLX_HALVES_H
#define KLX_HALVES_H

#include <stddef.h>

/* The fast paths split the entries into two halves (at a block boundary)
 * and merge their sums in a fixed order; from this many entries on, the
 * second half runs on a second thread when the machine has two cores or
 * more. Either way the result is the same, bit for bit. */
#define HALVES_THREAD_MIN ((size_t)1 << 17)

/* run(first), and run(second) on a second thread when n reaches
 * HALVES_THREAD_MIN and two threads are allowed (else after first);
 * returns when both are done. */
void halves_run(void *(*run)(void *), void *first, void *second, size_t n);
/* At most this many threads (1 or 2; 0 or less: as many as the machine
 * has cores, up to 2, the default). For tests and benchmarks. */
void halves_set_threads(int n);

#endif
