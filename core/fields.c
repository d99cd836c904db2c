#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"

void fields_init(struct fields *f)
{
    memset(f, 0, sizeof *f);
}

void fields_free(struct fields *f)
{
    free(f->v);
    free(f->buf);
    fields_init(f);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void push(struct fields *f, const char *s, size_t len, size_t col,
                 bool quoted)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 8;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n++] = (struct field){s, len, col, quoted};
}

/* The field's text where it stays: in the line, or (terminate) copied to
 * the buffer at *used with a '\0' after it. */
static const char *keep(struct fields *f, const char *s, size_t len,
                        bool terminate, size_t *used)
{
    if (!terminate)
        return s;
    char *dst = f->buf + *used;
    memmove(dst, s, len);
    dst[len] = '\0';
    *used += len + 1;
    return dst;
}

bool fields_split(struct fields *f, const char *line, size_t len,
                  enum table_sep sep, bool terminate, size_t *col,
                  char *msg, size_t msg_size)
{
    f->n = 0;
    /* Every field and its '\0' fit in 2 len + 1 bytes (an empty field
     * takes one byte and needs a separator of its own). */
    if (f->buf_cap < 2 * len + 2) {
        free(f->buf);
        f->buf_cap = 2 * len + 2;
        f->buf = xmalloc(f->buf_cap);
    }
    size_t used = 0;
    bool blanks = sep == TABLE_SEP_BLANKS;
    size_t i = 0;
    for (;;) {
        if (blanks)
            while (i < len && is_blank(line[i]))
                i++;
        else
            while (i < len && line[i] == ' ')
                i++;
        if (blanks && i == len)
            break;
        size_t start = i;
        if (i < len && line[i] == '"') {
            char *dst = f->buf + used;
            size_t k = 0;
            i++;
            for (;;) {
                if (i >= len) {
                    *col = start + 1;
                    snprintf(msg, msg_size, "%s", _("unterminated quoted "
                             "field (hint: close it with \")"));
                    return false;
                }
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        dst[k++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                dst[k++] = line[i++];
            }
            used += k;
            if (terminate)
                f->buf[used++] = '\0';
            push(f, dst, k, start + 1, true);
            /* In a whitespace table the blank after the field is the
             * separator itself. */
            if (!blanks)
                while (i < len && line[i] == ' ')
                    i++;
            if (i < len && !(sep == TABLE_SEP_COMMA && line[i] == ',') &&
                !(sep == TABLE_SEP_TAB && line[i] == '\t') &&
                !(blanks && is_blank(line[i]))) {
                *col = i + 1;
                snprintf(msg, msg_size, _("unexpected '%c' after a quoted "
                         "field"), line[i]);
                return false;
            }
        } else {
            char stop = sep == TABLE_SEP_COMMA ? ',' : '\t';
            while (i < len && (blanks ? !is_blank(line[i]) : line[i] != stop))
                i++;
            size_t end = i;
            while (end > start && line[end - 1] == ' ')
                end--;
            push(f, keep(f, line + start, end - start, terminate, &used),
                 end - start, start + 1, false);
        }
        if (blanks)
            continue;
        if (i >= len)
            break;
        i++;   /* the separator */
    }
    return true;
}
