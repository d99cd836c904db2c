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

/* The same, asking the kernel for transparent huge pages from
 * ALLOC_HUGE_MIN bytes on: first touch then faults once per 2 MiB instead
 * of once per 4 KiB, which makes a 10^7-row load ~0.5 s faster on the VMs
 * klx is measured on. Only for big arrays that are written once and not
 * swept again on every edit (a table's labels, hashes, label text):
 * measured there, huge-page arrays that an edit reads after the user was
 * idle cost far more than they save (key to frame at 10^6: 11.5 ms with
 * p and q in ordinary pages, ~20 ms in huge pages), most likely because
 * the kernel's memory monitor (DAMON, which samples accesses by clearing
 * accessed bits) and the hypervisor's shadow paging make a huge page cost
 * many faults again after each idle spell. */
#define ALLOC_HUGE_MIN ((size_t)4 << 20)
void *xmalloc_huge(size_t n);
void *xcalloc_huge(size_t count, size_t size);

/* Stops the program with "klx: out of memory". */
_Noreturn void alloc_fail(void);

#endif
