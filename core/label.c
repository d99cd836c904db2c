#include "label.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Reads "N" (digits only) as a 1-based number into *idx. False when word
 * is not all digits; *bad when it is but outside 1..n. */
static bool item_number(const char *word, size_t n, size_t *idx, bool *bad)
{
    *bad = false;
    if (!(*word >= '0' && *word <= '9'))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(word, &end, 10);
    if (*end != '\0')
        return false;
    *bad = errno || v < 1 || v > n;
    *idx = *bad ? 0 : (size_t)v - 1;
    return true;
}

enum label_found label_find(char *const *labels, size_t n, bool numbered,
                            const char *word, size_t *idx)
{
    bool bad;
    if (word[0] == '#' && item_number(word + 1, n, idx, &bad))
        return bad ? LABEL_BAD_HASH : LABEL_FOUND;
    bool number = item_number(word, n, idx, &bad);
    if (!(number && numbered)) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(labels[i], word) == 0) {
                *idx = i;
                return LABEL_FOUND;
            }
        }
    }
    if (!number)
        return LABEL_UNKNOWN;
    return bad ? LABEL_BAD_NUMBER : LABEL_FOUND;
}

static bool needs_quotes(const char *s)
{
    if (*s == '\0' || *s == '#' || *s == ' ' || *s == '"')
        return true;
    if (s[strlen(s) - 1] == ' ')
        return true;
    return strpbrk(s, ",\"\t") != NULL;
}

void label_write(struct buf *out, const char *s)
{
    if (!needs_quotes(s)) {
        buf_append(out, s);
        return;
    }
    buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(out, '"');
        buf_putc(out, *s);
    }
    buf_putc(out, '"');
}
