/* parse: the small grammars of klx's command language.
 *
 *  - number lists, as a person types them: "0.1 0.2 0.7", "1,2,7",
 *    "0.1, 0.2, 0.7". A list that mixes tight commas with spaces
 *    ("0,5 0,5") almost certainly uses decimal commas; it is rejected with a
 *    hint instead of being read as four numbers.
 *  - words: a command line split at whitespace, with "double quotes" for
 *    words that contain spaces (and \" or \\ inside them).
 *
 * Every error names the 1-based column where the problem starts. */
#ifndef KLX_PARSE_H
#define KLX_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct numlist {
    double *v;
    size_t n;
    size_t cap;
};

void numlist_init(struct numlist *l);
void numlist_free(struct numlist *l);
void numlist_push(struct numlist *l, double v);

/* Parses the whole of `text` into `out` (which is reset first). `col0` is
 * the column of text[0] within the line the user typed, so that messages
 * point at the right place. An empty list is an error. */
bool parse_numbers(const char *text, int col0, struct numlist *out,
                   struct error *err);

struct words {
    char **v;       /* each word, unquoted, NUL-terminated */
    int *col;       /* 1-based column where the word starts */
    size_t n;
    size_t cap;
};

void words_init(struct words *w);
void words_free(struct words *w);

/* Splits `line` into words. Fails only on an unterminated quote. */
bool parse_words(const char *line, struct words *out, struct error *err);

#endif
