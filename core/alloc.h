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

/* From this size on, xmalloc, xcalloc and xrealloc ask the kernel for
 * huge pages (see alloc.c: first touch of fresh memory is what makes large
 * edits and loads slow). */
#define ALLOC_HUGE_MIN ((size_t)4 << 20)

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Stops the program with "klx: out of memory". */
_Noreturn void alloc_fail(void);

#endif
