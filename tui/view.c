#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "divergence.h"
#include "error.h"
#include "overview.h"
#include "panels.h"

static void cache_free(struct view_cache *c);

void view_init(struct view *v, bool unicode, bool utf8)
{
    memset(v, 0, sizeof *v);
    v->which = WHICH_P;
    v->step = 0.01;
    v->unicode = unicode;
    v->utf8 = utf8;
    v->screen_rows = 24;
    v->overview = LAYOUT_OV_AUTO;
    live_init(&v->live);
}

void view_free(struct view *v)
{
    free(v->pager_text);
    v->pager_text = NULL;
    cache_free(v->cache);
    v->cache = NULL;
    live_free(&v->live);
    code_book_free(&v->code_q);
}

void view_message(struct view *v, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_format(v->message, sizeof v->message, fmt, ap);   /* whole chars */
    va_end(ap);
    /* One line only: the status bar has no room for more. */
    char *nl = strchr(v->message, '\n');
    if (nl)
        *nl = '\0';
    v->message_error = error;
}

void view_clear_message(struct view *v)
{
    v->message[0] = '\0';
    v->message_error = false;
    v->note[0] = '\0';
}

void view_take_line(const char **p, char *line, size_t size)
{
    const char *nl = strchr(*p, '\n');
    size_t len = nl ? (size_t)(nl - *p) : strlen(*p);
    size_t keep = len < size ? len : size - 1;
    memcpy(line, *p, keep);
    line[keep] = '\0';
    *p = nl ? nl + 1 : *p + len;
}

int view_text_lines(const char *text, int *widest)
{
    int n = 0;
    *widest = 0;
    char line[VIEW_MESSAGE_MAX];
    for (const char *p = text; *p;) {
        view_take_line(&p, line, sizeof line);
        int w = layout_text_width(line);
        if (w > *widest)
            *widest = w;
        n++;
    }
    return n;
}

bool view_note_fits(const char *text, int cols)
{
    if (strlen(text) >= VIEW_MESSAGE_MAX)
        return false;
    int widest;
    int n = view_text_lines(text, &widest);
    return n >= 2 && n <= VIEW_NOTE_LINES && widest + 2 <= cols;
}

void view_note(struct view *v, const char *text)
{
    snprintf(v->note, sizeof v->note, "%s", text);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (*s == '\n')
            n++;
    return s[-1] == '\n' ? n : n + 1;
}

void view_pager(struct view *v, const char *title, char *text)
{
    free(v->pager_text);
    v->pager_text = text;
    v->pager_top = 0;
    v->pager_chart = false;   /* the caller says when it is one */
    v->pager_lines = text && *text ? count_lines(text) : 0;
    snprintf(v->pager_title, sizeof v->pager_title, "%s", title ? title : "");
}

int view_pager_rows(const struct view *v)
{
    return v->screen_rows > 2 ? v->screen_rows - 2 : 1;
}

void view_pager_scroll(struct view *v, long delta)
{
    size_t rows = (size_t)view_pager_rows(v);
    size_t max_top = v->pager_lines > rows ? v->pager_lines - rows : 0;
    if (delta < 0) {
        size_t d = (size_t)(-(delta + 1)) + 1;
        v->pager_top = d > v->pager_top ? 0 : v->pager_top - d;
    } else {
        v->pager_top += (size_t)delta;
    }
    if (v->pager_top > max_top)
        v->pager_top = max_top;
}


static void cache_free(struct view_cache *c)
{
    if (!c)
        return;
    free(c->own_fwd);
    free(c->own_rev);
    overview_top_free(&c->top);
    free(c->bins);
    free(c->grad);
    free(c);
}

/* Brings the per-term values up to date: O(n) once per change, nothing
 * while only the view moves. */
struct view_cache *view_cache_sync(struct view *v, const struct session *s)
{
    if (!v->cache) {
        v->cache = xcalloc(1, sizeof *v->cache);
        overview_top_init(&v->cache->top);
    }
    struct view_cache *c = v->cache;
    const struct table *t = &s->table;
    if (c->valid && c->gen == v->gen && c->s == s &&
        c->version == s->version && c->n == t->n && c->p == t->p &&
        c->q == t->q)
        return c;
    c->valid = true;
    c->gen = v->gen;
    c->s = s;
    c->version = s->version;
    c->n = t->n;
    c->p = t->p;
    c->q = t->q;
    c->top_valid = c->bins_valid = c->grad_valid = false;
    const struct derived *d = v->derived;
    if (derived_has_terms(d, s->version)) {
        /* The recompute of the change filled them in its own pass. */
        c->fwd = d->fwd;
        c->rev = d->rev;
        c->max_mass = d->max_mass;
        c->max_term = d->max_term;
        return c;
    }
    if (t->n > c->cap) {
        c->own_fwd = xrealloc(c->own_fwd, t->n * sizeof *c->own_fwd);
        c->own_rev = xrealloc(c->own_rev, t->n * sizeof *c->own_rev);
        c->cap = t->n;
    }
    c->fwd = c->own_fwd;
    c->rev = c->own_rev;
    /* One threaded pass gives the terms and both maxima. */
    divergence_terms_max(t->p, t->q, t->n, c->own_fwd, c->own_rev,
                         &c->max_mass, &c->max_term);
    return c;
}

const size_t *view_sorted_order(struct view *v, const struct session *s,
                                size_t *count)
{
    *count = 0;
    if (v->sorted == SORTED_OFF || s->table.n == 0)
        return NULL;
    struct view_cache *c = view_cache_sync(v, s);
    if (!c->top_valid || c->top_dir != v->sorted) {
        struct error err;
        overview_top(v->sorted == SORTED_FORWARD ? c->fwd : c->rev, c->n,
                     VIEW_SORTED_MAX, &c->top, &err);
        c->top_valid = true;
        c->top_dir = v->sorted;
    }
    *count = c->top.count;
    return c->top.idx;
}

void view_sorted_select(struct view *v, const struct session *s,
                        size_t rank)
{
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (!order || count == 0)
        return;
    v->rank = rank < count ? rank : count - 1;
    v->sel = order[v->rank];
}

bool view_select(struct view *v, const struct session *s, size_t i)
{
    v->sel = i;
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (!order)
        return false;
    size_t r = layout_rank_of(order, count, i);
    if (r < count) {
        v->rank = r;
        return false;
    }
    v->sorted = SORTED_OFF;
    return true;
}

size_t view_row_entry(struct view *v, const struct session *s, int row)
{
    size_t n = s->table.n;
    if (row < 0)
        return n;
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (order) {
        size_t r = v->rank_top + (size_t)row;
        return r < count ? order[r] : n;
    }
    size_t i = v->top + (size_t)row;
    return i < n ? i : n;
}

const struct overview_bin *view_cache_bins(struct view *v,
                                             const struct session *s,
                                             size_t want, size_t *nb)
{
    struct view_cache *c = view_cache_sync(v, s);
    if (!c->bins_valid || c->bins_want != want) {
        if (want > c->bins_cap) {
            c->bins = xrealloc(c->bins, want * sizeof *c->bins);
            c->bins_cap = want;
        }
        c->nbins = overview_bins(s->table.p, s->table.q, c->fwd, c->rev,
                                 c->n, want, c->bins);
        c->bins_want = want;
        c->bins_valid = true;
    }
    *nb = c->nbins;
    return c->bins;
}

const double *view_cache_grad(struct view *v, const struct session *s,
                                struct grad_hint *h)
{
    struct view_cache *c = view_cache_sync(v, s);
    bool fwd = v->grad == GRAD_FORWARD;
    if (!c->grad_valid || c->grad_which != v->which ||
        c->grad_forward != fwd) {
        c->grad = xrealloc(c->grad, c->n * sizeof *c->grad);
        panels_grad(s, v->which, fwd, c->grad, &c->hint);
        c->grad_valid = true;
        c->grad_which = v->which;
        c->grad_forward = fwd;
    }
    *h = c->hint;
    return c->grad;
}

