#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "num.h"

void numlist_init(struct numlist *l)
{
    l->v = NULL;
    l->n = l->cap = 0;
}

void numlist_free(struct numlist *l)
{
    free(l->v);
    numlist_init(l);
}

void numlist_push(struct numlist *l, double v)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = v;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

bool parse_numbers(const char *text, int col0, struct numlist *out,
                   struct error *err)
{
    out->n = 0;
    size_t i = 0, len = strlen(text);
    bool tight_comma = false;   /* "0,5": a comma with no space after it */
    bool bare_space = false;    /* "0.1 0.2": whitespace with no comma */
    int tight_col = 0, space_col = 0;

    while (i < len && is_space(text[i]))
        i++;
    if (i == len)
        return error_set(err, _("column %d: expected a list of numbers "
                            "(e.g. 0.1 0.2 0.7)"), col0 + (int)i);
    for (;;) {
        size_t start = i;
        while (i < len && !is_space(text[i]) && text[i] != ',')
            i++;
        if (i == start)
            return error_set(err, _("column %d: empty value (hint: two "
                                "commas in a row, or a comma at the start?)"),
                             col0 + (int)start);
        double v;
        if (!num_parse(text + start, i - start, &v, err)) {
            error_prefix(err, _("column %d"), col0 + (int)start);
            return false;
        }
        numlist_push(out, v);

        size_t sep = i;
        while (i < len && is_space(text[i]))
            i++;
        if (i == len)
            break;
        if (text[i] == ',') {
            size_t comma = i++;
            if (i < len && !is_space(text[i]) && !tight_comma) {
                tight_comma = true;
                tight_col = col0 + (int)comma;
            }
            while (i < len && is_space(text[i]))
                i++;
            if (i == len)
                return error_set(err, _("column %d: trailing comma (hint: "
                                    "remove it, or add the missing value)"),
                                 col0 + (int)comma);
        } else if (!bare_space) {
            bare_space = true;
            space_col = col0 + (int)sep;
        }
        if (tight_comma && bare_space)
            return error_set(err, _("column %d: this list mixes commas "
                                "(column %d) and spaces (column %d), which "
                                "looks like decimal commas (hint: use '.' as "
                                "the decimal point and separate values with "
                                "spaces or \", \")"), tight_col, tight_col,
                             space_col);
    }
    return true;
}

void words_init(struct words *w)
{
    w->v = NULL;
    w->col = NULL;
    w->n = w->cap = 0;
}

void words_free(struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    free(w->col);
    words_init(w);
}

static void words_push(struct words *w, char *s, int col)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 8;
        w->v = xrealloc(w->v, w->cap * sizeof *w->v);
        w->col = xrealloc(w->col, w->cap * sizeof *w->col);
    }
    w->v[w->n] = s;
    w->col[w->n] = col;
    w->n++;
}

bool parse_words(const char *line, struct words *out, struct error *err)
{
    words_free(out);
    size_t len = strlen(line), i = 0;
    char *word = xrealloc(NULL, len + 1);
    for (;;) {
        while (i < len && is_space(line[i]))
            i++;
        if (i == len)
            break;
        size_t start = i, k = 0;
        while (i < len && !is_space(line[i])) {
            if (line[i] != '"') {
                word[k++] = line[i++];
                continue;
            }
            size_t quote = i++;
            while (i < len && line[i] != '"') {
                if (line[i] == '\\' && i + 1 < len &&
                    (line[i + 1] == '"' || line[i + 1] == '\\'))
                    i++;
                word[k++] = line[i++];
            }
            if (i == len) {
                free(word);
                words_free(out);
                return error_set(err, _("column %d: unterminated quote "
                                    "(hint: close it with \")"),
                                 (int)quote + 1);
            }
            i++;
        }
        word[k] = '\0';
        char *copy = xstrdup(word);
        words_push(out, copy, (int)start + 1);
    }
    free(word);
    return true;
}
