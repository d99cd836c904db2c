/* madvise and MADV_HUGEPAGE are not in POSIX. */
#define _DEFAULT_SOURCE 1

#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "i18n.h"

void alloc_fail(void)
{
    fputs(_("klx: out of memory\n"), stderr);
    abort();
}

/* Advises the whole pages inside [p, p + n) to use transparent huge
 * pages (alloc.h). A hint only: nothing changes where the kernel refuses
 * it. */
static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    if (n < ALLOC_HUGE_MIN)
        return;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return;
    uintptr_t a = (uintptr_t)p, start = (a + (uintptr_t)page - 1) &
                                        ~((uintptr_t)page - 1);
    uintptr_t end = (a + n) & ~((uintptr_t)page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        alloc_fail();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        alloc_fail();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        alloc_fail();
    return q;
}

void *xmalloc_huge(size_t n)
{
    void *p = xmalloc(n);
    advise_huge(p, n);
    return p;
}

void *xcalloc_huge(size_t count, size_t size)
{
    void *p = xcalloc(count, size);
    advise_huge(p, count * size);   /* calloc checked the product */
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}
