#include "matches.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "layout.h"

void matches_init(struct matches *m)
{
    m->item = NULL;
    m->n = 0;
    m->page = 0;
}

void matches_clear(struct matches *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->item[i]);
    free(m->item);
    matches_init(m);
}

void matches_free(struct matches *m)
{
    matches_clear(m);
}

static bool same_list(const struct matches *m, const char *const *items,
                      size_t n)
{
    if (n != m->n || n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i], m->item[i]) != 0)
            return false;
    return true;
}

void matches_set(struct matches *m, const char *const *items, size_t n)
{
    if (same_list(m, items, n)) {
        m->page++;
        return;
    }
    matches_clear(m);
    m->item = xmalloc((n ? n : 1) * sizeof *m->item);
    for (size_t i = 0; i < n; i++)
        m->item[i] = xstrdup(items[i]);
    m->n = n;
}

/* Appends s in exactly `width` cells, cut with '~' when longer. */
static void put_cell(struct buf *out, const char *s, int width, bool last)
{
    int used;
    size_t b = layout_text_fit(s, width, &used);
    if (s[b] != '\0') {
        b = layout_text_fit(s, width - 1, &used);
        buf_append_n(out, s, b);
        buf_putc(out, '~');
        used++;
    } else {
        buf_append_n(out, s, b);
    }
    if (!last)
        buf_repeat(out, " ", width - used);
}

int matches_render(const struct matches *m, int width, int rows,
                   struct buf *out)
{
    if (m->n == 0 || width < 1 || rows < 1)
        return 0;
    int widest = 1;
    for (size_t i = 0; i < m->n; i++) {
        int w = layout_text_width(m->item[i]);
        widest = w > widest ? w : widest;
    }
    /* Two spaces between columns, none after the last. */
    int colw = widest + 2 > width ? width : widest + 2;
    size_t cols = (size_t)((width + 2) / colw);
    cols = cols < 1 ? 1 : cols;
    size_t start = 0, count = m->n;
    bool paged = (m->n + cols - 1) / cols > (size_t)rows;
    if (paged && rows < 2)
        rows = 2;   /* a page and the line that says there is more */
    if (paged) {
        size_t per = cols * (size_t)(rows - 1);
        size_t pages = (m->n + per - 1) / per;
        start = (m->page % pages) * per;
        count = m->n - start < per ? m->n - start : per;
    }
    size_t nr = (count + cols - 1) / cols;
    for (size_t r = 0; r < nr; r++) {
        for (size_t c = 0; c < cols; c++) {
            size_t k = c * nr + r;
            if (k >= count)
                break;
            bool last = c + 1 == cols || (c + 1) * nr + r >= count;
            put_cell(out, m->item[start + k], colw, last);
        }
        while (out->len && out->s[out->len - 1] == ' ')
            out->len--;
        out->s[out->len] = '\0';
        buf_putc(out, '\n');
    }
    if (!paged)
        return (int)nr;
    char line[128];
    snprintf(line, sizeof line, _("-- %zu-%zu of %zu; Tab shows more --"),
             start + 1, start + count, m->n);
    int used;
    buf_append_n(out, line, layout_text_fit(line, width, &used));
    buf_putc(out, '\n');
    return (int)nr + 1;
}
