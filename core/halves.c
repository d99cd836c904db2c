#include "halves.h"

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

static int threads_max = -1;   /* -1: not decided yet */

static int threads_resolve(void)
{
    if (threads_max < 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads_max = cpus >= 2 ? 2 : 1;
    }
    return threads_max;
}

void halves_set_threads(int n)
{
    threads_max = n <= 0 ? -1 : n >= 2 ? 2 : 1;
}

void halves_run(void *(*run)(void *), void *first, void *second, size_t n)
{
    pthread_t th;
    bool threaded = n >= HALVES_THREAD_MIN && threads_resolve() >= 2 &&
                    pthread_create(&th, NULL, run, second) == 0;
    run(first);
    if (threaded)
        pthread_join(th, NULL);
    else
        run(second);
}
