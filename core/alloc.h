/* alloc: memory that is always there.
 *
 * klx cannot do anything useful without the memory it asks for, and
 * checking every allocation at every call site hides the logic. These
 * wrappers return non-NULL or stop the program with "klx: out of memory"
 * (abort(), so a debugger or sanitizer sees where). Limits on input sizes
 * (DIST_MAX_ENTRIES, TABLE_MAX_FILE, the undo budget) keep ordinary use far
 * from this. Zero-byte requests get a valid pointer. */
#ifndef KLX_ALLOC_H
#define KLX_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* The same, and from ALLOC_HUGE_MIN bytes on the block is advised
 * (madvise MADV_HUGEPAGE) to use transparent huge pages, so that its first
 * touch faults once per 2 MiB instead of once per 4 KiB. A hint only: the
 * memory and its contents are the same whether the kernel takes it or
 * not. Use it only where a caller asks for it: for big arrays written
 * once and not swept again on every edit (a loaded table's labels, their
 * hashes and text). Arrays that every edit reads (p and q) stay in
 * ordinary pages, where the next edit after an idle spell is faster
 * (doc/performance.md has the measurements). */
#define ALLOC_HUGE_MIN ((size_t)4 << 20)
void *xmalloc_huge(size_t n);
void *xcalloc_huge(size_t count, size_t size);

/* Stops the program with "klx: out of memory". */
_Noreturn void alloc_fail(void);

#endif
