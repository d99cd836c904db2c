/* label: the rules that labels follow wherever klx keeps a list of them
 * (a table's entries, a joint table's rows and columns), so that a word
 * names the same item, and a label is written the same way, everywhere.
 *
 * Promises:
 *  - label_find: "#N" is always the N-th item, whatever the labels say,
 *    so that a script can always name one; a bare word is a label when
 *    one matches it exactly, because a label like "10" (binomial counts)
 *    is what a person sees on screen; only then is a bare number N
 *    (digits only) the N-th item.
 *  - label_write: writes a label as a CSV field that the table and joint
 *    readers give back exactly: quoted (with "" for a quote) when it is
 *    empty, starts with '#', a quote or a space, ends with a space, or
 *    holds a comma, a quote or a tab; as it is otherwise. */
#ifndef KLX_LABEL_H
#define KLX_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum label_found {
    LABEL_FOUND,
    LABEL_BAD_HASH,     /* "#N" with N outside 1..n */
    LABEL_BAD_NUMBER,   /* a bare number outside 1..n, and no such label */
    LABEL_UNKNOWN,      /* neither a label nor a number */
};

/* Looks word up among labels[0..n) by the rule above and sets *idx
 * (0-based) when found. `numbered` says the labels are "1".."n" (then a
 * number needs no search). */
enum label_found label_find(char *const *labels, size_t n, bool numbered,
                            const char *word, size_t *idx);

/* Appends s to out as a CSV field. */
void label_write(struct buf *out, const char *s);

#endif
