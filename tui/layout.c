/* wcwidth() is an X/Open function. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "layout.h"

#include "bar.h"

#include "overview.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Cells an entry row needs besides the label and the four bars:
 * mark + flag, then four groups of (gap, bar, gap, value), the two signed
 * bars each with an axis cell. */
#define ROW_FIXED (2 + 4 * 2 + 2 * LAYOUT_PVAL_W + 2 * LAYOUT_TVAL_W + 2)
#define BARS_MIN (2 * LAYOUT_MASS_MIN + 4 * LAYOUT_HALF_MIN)
/* header, titles, separator, status */
#define ROWS_FIXED 4

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static bool layout_rows_compact(struct layout *l, int rows, size_t n,
                                const struct layout_extras *ex);
static void layout_columns(struct layout *l, int cols, int label_width,
                           const struct layout_extras *ex);

void layout_compute_ex(struct layout *l, int cols, int rows, size_t n,
                       int label_width, const struct layout_extras *ex)
{
    static const struct layout_extras none;
    if (!ex)
        ex = &none;
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->rows = rows;
    l->min_cols = ROW_FIXED + LAYOUT_LABEL_MIN + BARS_MIN;
    l->min_rows = ROWS_FIXED + LAYOUT_TABLE_MIN + LAYOUT_PANEL_SMALL;
    if (cols < l->min_cols || rows < l->min_rows)
        return;
    l->fits = true;

    /* Rows. The caption comes first (a lesson is pointless without it)
     * but leaves the table and the small panel their minimum. Large digits
     * cost three rows; take them only when the table keeps a useful
     * height (all of a small table, or six rows). */
    int avail = rows - ROWS_FIXED;
    int want_rows = n < 6 ? (int)n : 6;
    if (want_rows < LAYOUT_TABLE_MIN)
        want_rows = LAYOUT_TABLE_MIN;
    l->caption_h = clamp_int(ex->caption_rows, 0,
                             avail - LAYOUT_TABLE_MIN - LAYOUT_PANEL_SMALL);
    avail -= l->caption_h;
    l->region_h = clamp_int(ex->region_rows, 0,
                            avail - LAYOUT_TABLE_MIN - LAYOUT_PANEL_SMALL);
    avail -= l->region_h;
    int half_w = cols / 2;
    l->half_w = half_w;
    bool big_fits_width = half_w >= 2 + LAYOUT_BIG_GLYPHS * LAYOUT_BIG_GLYPH_W;
    int all = n > (size_t)rows ? rows : (int)n;   /* the whole table */
    struct layout scratch = *l;
    if (ex->measures) {
        l->measures = true;
        l->panel_h = clamp_int(avail - LAYOUT_TABLE_MIN, LAYOUT_PANEL_SMALL,
                               LAYOUT_PANEL_MEASURES);
    } else if (ex->compact == LAYOUT_COMPACT_ON ||
               (ex->compact == LAYOUT_COMPACT_AUTO &&
                avail - LAYOUT_PANEL_SMALL < all &&
                layout_rows_compact(&scratch, rows, n, ex))) {
        layout_rows_compact(l, rows, n, ex);
        layout_columns(l, cols, label_width, ex);
        return;
    } else {
        /* Auto takes the digits only when the table stays whole, or
         * keeps LAYOUT_TABLE_ROOM rows of a longer one. */
        int need = want_rows;
        if (ex->compact == LAYOUT_COMPACT_AUTO)
            need = all < LAYOUT_TABLE_ROOM ? all : LAYOUT_TABLE_ROOM;
        if (need < want_rows)
            need = want_rows;
        l->big_digits = big_fits_width && avail - LAYOUT_PANEL_BIG >= need;
        l->panel_h = l->big_digits ? LAYOUT_PANEL_BIG : LAYOUT_PANEL_SMALL;
    }
    avail -= l->panel_h;
    l->note_h = clamp_int(ex->note_rows, 0, avail - LAYOUT_TABLE_MIN) +
                l->region_h;
    l->header_y = 0;
    l->caption_y = 1;
    l->titles_y = l->caption_y + l->caption_h;
    l->table_y = l->titles_y + 1;
    l->status_y = rows - 1;
    l->panel_y = l->status_y - l->panel_h;
    l->sep_y = l->panel_y - 1;
    l->note_y = l->sep_y - l->note_h;
    l->table_h = l->note_y - l->table_y;
    layout_columns(l, cols, label_width, ex);
}

/* The rows around the table in one fold of the compact layout. */
struct fold {
    int header, caption, sep, panel;   /* panel 0: on the status row */
};

/* Fold k, 0 the roomiest: two panel lines; one; no separator; the panel
 * on the status row; then the caption a line shorter per fold down to its
 * title line; last, that line on the header's row. */
static struct fold compact_fold(int k, int caption_full)
{
    struct fold f = {1, caption_full, k < 2, k == 0 ? 2 : k < 3 ? 1 : 0};
    if (k > 3) {
        f.caption = caption_full - (k - 3);
        if (f.caption < 1) {
            f.caption = 1;
            f.header = 0;
        }
    }
    return f;
}

/* The compact panel's rows: the first fold at which n entries fit whole,
 * or the roomiest (with the separator's "k-m of n") when none does;
 * true when the table is whole. */
static bool layout_rows_compact(struct layout *l, int rows, size_t n,
                                const struct layout_extras *ex)
{
    /* header, titles, status, separator, two panel lines */
    int caption_full = clamp_int(ex->caption_rows, 0,
                                 rows - 6 - LAYOUT_TABLE_MIN);
    struct fold f = compact_fold(0, caption_full);
    bool whole = false;
    for (int k = 0; k <= 3 + caption_full && !whole; k++) {
        struct fold t = compact_fold(k, caption_full);
        int table = rows - 2 - t.header - t.caption - t.sep - t.panel -
                    l->region_h;
        whole = table >= 0 && (size_t)table >= n;
        if (whole)
            f = t;
    }
    l->compact = true;
    l->panel_on_status = f.panel == 0;
    l->caption_h = f.caption;
    l->header_y = f.header ? 0 : -1;
    l->caption_y = f.header;
    l->titles_y = l->caption_y + l->caption_h;
    l->table_y = l->titles_y + 1;
    l->status_y = rows - 1;
    l->panel_h = f.panel ? f.panel : 1;
    l->panel_y = l->status_y - f.panel;
    l->sep_y = f.sep ? l->panel_y - 1 : -1;
    int bottom = f.sep ? l->sep_y : l->panel_y;
    l->note_h = clamp_int(ex->note_rows, 0, bottom - l->table_y -
                          LAYOUT_TABLE_MIN - l->region_h) + l->region_h;
    l->note_y = bottom - l->note_h;
    l->table_h = l->note_y - l->table_y;
    return whole;
}

static void layout_columns(struct layout *l, int cols, int label_width,
                           const struct layout_extras *ex)
{
    /* Columns. The label gets what it asks for (within limits) while the
     * bars keep their minimum; the bars share the rest. */
    int fixed = ROW_FIXED;
    if (ex->grad && cols - ROW_FIXED - LAYOUT_LABEL_MIN - BARS_MIN >=
                       LAYOUT_GRAD_W) {
        fixed += LAYOUT_GRAD_W;
        l->grad_w = LAYOUT_GRAD_W;
    }
    int label_w = clamp_int(label_width, LAYOUT_LABEL_MIN, LAYOUT_LABEL_MAX);
    if (ex->overview != LAYOUT_OV_OFF) {
        int keep = label_w;
        if (ex->overview == LAYOUT_OV_ON && keep > LAYOUT_LABEL_USABLE)
            keep = LAYOUT_LABEL_USABLE;
        if (cols - fixed - BARS_MIN - keep >= LAYOUT_OVERVIEW_W) {
            fixed += LAYOUT_OVERVIEW_W;
            l->ov_w = LAYOUT_OVERVIEW_W - 1;
            l->ov_x = cols - l->ov_w;
        }
    }
    int spare = cols - fixed - BARS_MIN;
    if (label_w > spare)
        label_w = spare;
    l->label_x = 2;
    l->label_w = label_w;
    int bars = cols - fixed - label_w;
    /* Mass bars get a fifth each, the four halves of the signed bars share
     * the rest; what does not divide evenly goes to the mass bars, the
     * same to each: P and Q share one scale, so equal values must get
     * equal lengths. An odd cell left over stays blank at the end. */
    int mass = bars / 5;
    if (mass < LAYOUT_MASS_MIN)
        mass = LAYOUT_MASS_MIN;
    int half = (bars - 2 * mass) / 4;
    if (half < LAYOUT_HALF_MIN) {
        half = LAYOUT_HALF_MIN;
        mass = (bars - 4 * half) / 2;
    }
    int extra = bars - 2 * mass - 4 * half;
    int pbar = mass + extra / 2;
    int qbar = pbar;

    int x = l->label_x + label_w;
    l->pbar_x = x + 1;
    l->pbar_w = pbar;
    l->pval_x = l->pbar_x + pbar + 1;
    x = l->pval_x + LAYOUT_PVAL_W;
    l->qbar_x = x + 1;
    l->qbar_w = qbar;
    l->qval_x = l->qbar_x + qbar + 1;
    x = l->qval_x + LAYOUT_PVAL_W;
    l->fwd_x = x + 1;
    l->fwd_half = half;
    l->fval_x = l->fwd_x + 2 * half + 1 + 1;
    x = l->fval_x + LAYOUT_TVAL_W;
    l->rev_x = x + 1;
    l->rev_half = half;
    l->rval_x = l->rev_x + 2 * half + 1 + 1;
    if (l->grad_w)
        l->grad_x = l->rval_x + LAYOUT_TVAL_W + 1;
}

size_t layout_scroll(size_t top, size_t sel, int visible, size_t n)
{
    if (visible <= 0 || n == 0)
        return 0;
    size_t vis = (size_t)visible;
    if (sel >= n)
        sel = n - 1;
    if (sel < top)
        top = sel;
    else if (sel >= top + vis)
        top = sel - vis + 1;
    size_t max_top = n > vis ? n - vis : 0;
    return top > max_top ? max_top : top;
}

void layout_overview_span(size_t n, size_t nb, size_t top, int visible,
                          size_t *first_bin, size_t *last_bin)
{
    *first_bin = *last_bin = 0;
    if (n == 0 || nb == 0 || visible <= 0)
        return;
    size_t last = top + (size_t)visible - 1;
    if (top >= n)
        top = n - 1;
    if (last >= n)
        last = n - 1;
    *first_bin = overview_bin_of(n, nb, top);
    *last_bin = overview_bin_of(n, nb, last);
}

size_t layout_rank_of(const size_t *order, size_t count, size_t sel)
{
    for (size_t r = 0; r < count; r++)
        if (order[r] == sel)
            return r;
    return count;
}

size_t layout_move(size_t sel, long delta, size_t n)
{
    if (n == 0)
        return 0;
    if (delta < 0) {
        size_t d = (size_t)(-(delta + 1)) + 1;
        return d > sel ? 0 : sel - d;
    }
    size_t d = (size_t)delta;
    return d >= n - 1 - (sel < n ? sel : n - 1) ? n - 1 : sel + d;
}

static double bar_frac(int x, int bar_x, int bar_w)
{
    /* Clicking cell k fills the bar through k; left of the bar is 0. */
    double f = (double)(x - bar_x + 1) / (double)bar_w;
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

void layout_hit(const struct layout *l, int x, int y, size_t top, size_t n,
                struct hit *h)
{
    h->kind = HIT_NONE;
    h->index = 0;
    h->frac = 0;
    if (!l->fits || y < l->table_y || y >= l->table_y + l->table_h ||
        x < 0 || x >= l->cols)
        return;
    size_t i = top + (size_t)(y - l->table_y);
    if (i >= n)
        return;
    h->index = i;
    h->kind = HIT_ROW;
    if (x >= l->pbar_x && x < l->pbar_x + l->pbar_w) {
        h->kind = HIT_PBAR;
        h->frac = bar_frac(x, l->pbar_x, l->pbar_w);
    } else if (x >= l->qbar_x && x < l->qbar_x + l->qbar_w) {
        h->kind = HIT_QBAR;
        h->frac = bar_frac(x, l->qbar_x, l->qbar_w);
    }
}

double layout_drag_frac(const struct layout *l, enum hit_kind kind, int x)
{
    if (kind == HIT_PBAR)
        return bar_frac(x, l->pbar_x, l->pbar_w);
    if (kind == HIT_QBAR)
        return bar_frac(x, l->qbar_x, l->qbar_w);
    return 0;
}

double layout_nice(double max)
{
    if (!(max > 0) || isinf(max))
        return 1;
    double p = pow(10.0, floor(log10(max)));
    static const double mult[] = {1, 2, 5, 10, 20};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        double v = mult[i] * p;
        /* Compare with a little slack: 0.5 is "at" 0.5 even when
         * 5 * 0.1 rounds a hair above it. */
        if (v > max * (1 + 1e-12))
            return v;
    }
    return 20 * p;
}

void layout_signed(double v, double max_abs, int half, struct signed_cells *c)
{
    c->neg = 0;
    c->pos_eighths = 0;
    c->inf = false;
    if (isnan(v) || v == 0 || half <= 0)
        return;
    if (isinf(v)) {
        c->inf = true;
        if (v > 0)
            c->pos_eighths = 8 * half;
        else
            c->neg = half;
        return;
    }
    if (v > 0) {
        c->pos_eighths = bar_eighths(v, max_abs, half);
        return;
    }
    c->neg = bar_cells(bar_eighths(-v, max_abs, half));
}

/* One character of s: its byte length and display width. Invalid bytes
 * and unprintable characters are shown as one cell each. */
static size_t char_step(const char *s, size_t len, mbstate_t *st, int *w)
{
    wchar_t wc;
    size_t k = mbrtowc(&wc, s, len, st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        memset(st, 0, sizeof *st);
        *w = 1;
        return 1;
    }
    int cw = wcwidth(wc);
    *w = cw < 0 ? 1 : cw;
    return k;
}

int layout_text_width(const char *s)
{
    return layout_text_width_n(s, strlen(s));
}

int layout_text_width_n(const char *s, size_t len)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int total = 0;
    for (size_t i = 0; i < len;) {
        int w;
        i += char_step(s + i, len - i, &st, &w);
        if (total > INT_MAX - w)
            return INT_MAX;
        total += w;
    }
    return total;
}

size_t layout_char_len(const char *s, size_t len)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int w;
    return char_step(s, len, &st, &w);
}

size_t layout_text_fit(const char *s, int width, int *used)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = strlen(s);
    size_t i = 0;
    int total = 0;
    while (i < len) {
        int w;
        mbstate_t save = st;
        size_t k = char_step(s + i, len - i, &st, &w);
        if (total + w > width) {
            st = save;
            break;
        }
        total += w;
        i += k;
    }
    if (used)
        *used = total;
    return i;
}

static const struct {
    char c;
    const char *row[3];
} glyphs[] = {
    {'0', {" _ ", "| |", "|_|"}}, {'1', {"   ", "  |", "  |"}},
    {'2', {" _ ", " _|", "|_ "}}, {'3', {" _ ", " _|", " _|"}},
    {'4', {"   ", "|_|", "  |"}}, {'5', {" _ ", "|_ ", " _|"}},
    {'6', {" _ ", "|_ ", "|_|"}}, {'7', {" _ ", "  |", "  |"}},
    {'8', {" _ ", "|_|", "|_|"}}, {'9', {" _ ", "|_|", " _|"}},
    {'.', {"   ", "   ", " o "}}, {'-', {"   ", " _ ", "   "}},
    {'+', {"   ", "_|_", "   "}}, {'e', {" _ ", "|_ ", "|_ "}},
};

const char *layout_big_glyph(char c, int row)
{
    if (row < 0 || row > 2)
        return NULL;
    for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++)
        if (glyphs[i].c == c)
            return glyphs[i].row[row];
    return NULL;
}

bool layout_big_ok(const char *s)
{
    if (!*s || strlen(s) > LAYOUT_BIG_GLYPHS)
        return false;
    for (; *s; s++)
        if (!layout_big_glyph(*s, 0))
            return false;
    return true;
}
