/* fields: one line of a table file split into its fields, by the one rule
 * every table reader of klx follows (the P/Q tables of table_parse.c, the
 * joint tables of joint.c):
 *
 *   - commas or tabs separate fields, and the blanks around a field are
 *     not part of it; or runs of blanks (spaces, tabs) do;
 *   - a field may be "quoted" (RFC 4180): separators inside are text, and
 *     "" stands for one quote; after the closing quote only blanks and the
 *     separator may follow.
 *
 * Columns are 1-based byte positions in the line, for file:line:column
 * messages. */
#ifndef KLX_FIELDS_H
#define KLX_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

struct field {
    const char *s;      /* into the line, or into the fields' own buffer */
    size_t len;
    size_t col;         /* where it starts in the line (1-based) */
    bool quoted;
};

struct fields {
    struct field *v;
    size_t n, cap;
    char *buf;          /* unquoted text, or every field with `terminate` */
    size_t buf_cap;
};

void fields_init(struct fields *f);
void fields_free(struct fields *f);

/* Splits line[0..len) (no line end in it) into f->v[0..f->n). Without
 * `terminate` an unquoted field points into the line (no copy: the big
 * tables are read this way); with it every field is a copy that ends in
 * '\0', for readers that want C strings. On a quoting fault: false, with
 * *col where it is and msg[0..msg_size) saying what, with a hint. */
bool fields_split(struct fields *f, const char *line, size_t len,
                  enum table_sep sep, bool terminate, size_t *col,
                  char *msg, size_t msg_size);

#endif
