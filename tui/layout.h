/* layout: where everything goes on the explorer's screen, as plain
 * arithmetic with no curses, so it can be unit tested.
 *
 * The screen, top to bottom:
 *
 *     header              klx, n, base, edited distribution, step, marks
 *     caption             the tour's lesson, while a tour runs
 *     column titles
 *     entry rows          scrolled so that the selection stays visible
 *     note                a short multi-line command output (smooth)
 *     separator
 *     totals panel        KL both ways (large digits when there is room),
 *                         negative/positive sums, the >= 0 check; or the
 *                         measures panel; or the compact panel
 *     status bar          keys, messages, errors, prompts
 *
 * The compact panel says the same in one or two lines (both totals, the
 * larger marked, each as negative + positive terms >= 0). In auto it
 * replaces the full panel when that would hide entries which the compact
 * one shows (a table longer than the screen keeps the full panel); then,
 * while the table still does not fit whole, it folds further, one step at a time: one line instead of two,
 * no separator, the panel on the status row (the key help gives way; a
 * message or prompt covers it until the next key), the tour's caption
 * down to its title line, the title line in place of the header.
 *
 * An entry row, left to right:
 *
 *     mark flag label  P-bar P  Q-bar Q  [neg|pos] p·log(p/q)  [neg|pos] q·log(q/p)  [grad arrow]
 *
 * The caption, note, measures panel and gradient column are extras: they
 * take the room they ask for only while the table keeps its minimum, and
 * shrink or disappear on a small screen; they never raise the minimum
 * size. 
 * The promise: layout_compute() either fills a layout whose every field
 * lies inside cols x rows, or says the terminal is too small and how big it
 * must be. The bar helpers turn values into cells and back (for the
 * mouse). */
#ifndef KLX_LAYOUT_H
#define KLX_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_PVAL_W 8      /* "0.100000" */
#define LAYOUT_TVAL_W 9      /* "-0.069315" */
#define LAYOUT_LABEL_MIN 3
#define LAYOUT_LABEL_MAX 24
#define LAYOUT_LABEL_USABLE 8  /* what the overview leaves a label */
#define LAYOUT_MASS_MIN 4    /* smallest mass bar, in cells */
#define LAYOUT_HALF_MIN 2    /* smallest half of a signed bar */
#define LAYOUT_TABLE_MIN 3   /* entry rows below which we give up */
#define LAYOUT_PANEL_SMALL 6
#define LAYOUT_PANEL_BIG 9   /* with three-row digits */
#define LAYOUT_BIG_GLYPHS 9  /* room for "0.126851" plus a spare glyph */
#define LAYOUT_BIG_GLYPH_W 4 /* three cells and a gap */
#define LAYOUT_PANEL_MEASURES 8 /* KL line and seven lines of measures */
#define LAYOUT_PANEL_COMPACT 2  /* one line per direction */
#define LAYOUT_TABLE_ROOM 20    /* rows of a long table before big digits */
#define LAYOUT_GRAD_W 12     /* gap, "-1.250000", gap, arrow */
#define LAYOUT_OVERVIEW_W 15 /* gap, marker, P 3, gap, Q 3, gap, term 5 */

/* The binned overview column: off, shown when there is room for it and
 * the whole label (auto), or shown when there is room for it and a usable
 * label, LAYOUT_LABEL_USABLE cells or the whole label if shorter (on):
 * the overview gives way before labels become alike. */
enum layout_overview { LAYOUT_OV_OFF, LAYOUT_OV_AUTO, LAYOUT_OV_ON };

/* The totals panel: the compact one when the full one would hide rows
 * (auto, the default), always (on) or never (off). */
enum layout_compact { LAYOUT_COMPACT_AUTO, LAYOUT_COMPACT_ON,
                      LAYOUT_COMPACT_OFF };

/* What the screen shows besides the table and the totals. */
struct layout_extras {
    int caption_rows;   /* rows the tour's caption asks for; 0: none */
    int note_rows;      /* rows of a short command output; 0: none */
    int region_rows;    /* the parameter line and the live sampling run
                           (frame_family.h, frame_live.h); 0: neither.
                           Taken before the panel's form is chosen, so
                           it costs the digits before it costs rows */
    bool measures;      /* the measures panel replaces the totals panel */
    bool grad;          /* a gradient column after the terms */
    enum layout_overview overview;   /* the overview column at the right */
    enum layout_compact compact;     /* the totals panel's form */
};

struct layout {
    int cols, rows;
    bool fits;
    int min_cols, min_rows;    /* what "fits" needs, for the message */

    int header_y;              /* -1: the caption's title line is there */
    int caption_y, caption_h;  /* 0 rows without a tour */
    int titles_y;
    int table_y, table_h;      /* entry rows */
    int note_y, note_h;        /* 0 rows without a note */
    int region_h;              /* those regions: the note's last
                                  region_h rows */
    int sep_y;                 /* -1: no separator (compact, folded) */
    int panel_y, panel_h;
    bool big_digits;
    bool measures;             /* the panel is the measures panel */
    bool compact;              /* the panel is the compact one */
    bool panel_on_status;      /* compact on the status row, which shows
                                  it when no message or prompt is there */
    int status_y;

    int label_x, label_w;
    int pbar_x, pbar_w, pval_x;    /* pbar_w == qbar_w: one scale, */
    int qbar_x, qbar_w, qval_x;    /* so equal values, equal bars */
    int fwd_x, fwd_half, fval_x;   /* axis at fwd_x + fwd_half */
    int rev_x, rev_half, rval_x;
    int grad_x, grad_w;            /* value at grad_x; 0 wide: no column */
    int ov_x, ov_w;                /* overview column (marker at ov_x),
                                      beside the entry rows; 0 wide: none */
    int half_w;                    /* width of each half of the panel */
};

/* Lays out a cols x rows screen for n entries whose widest label is
 * label_width cells, with the extras x asks for (x may be NULL: none). */
void layout_compute_ex(struct layout *l, int cols, int rows, size_t n,
                       int label_width, const struct layout_extras *x);

/* The first entry row to show so that sel is visible, moving as little as
 * possible from top and never scrolling past the end. */
size_t layout_scroll(size_t top, size_t sel, int visible, size_t n);

/* The bins of the overview (nb bins over n entries, as core's overview
 * module cuts them) that entries [top, top + visible) touch. */
void layout_overview_span(size_t n, size_t nb, size_t top, int visible,
                          size_t *first_bin, size_t *last_bin);

/* Where entry sel sits in a list of `count` entries (the sorted view's
 * order); count when it is not there. */
size_t layout_rank_of(const size_t *order, size_t count, size_t sel);

/* Moves a selection by delta rows (negative is up), clamped to [0, n). */
size_t layout_move(size_t sel, long delta, size_t n);

/* Where a mouse event at (x, y) lands. */
enum hit_kind { HIT_NONE, HIT_ROW, HIT_PBAR, HIT_QBAR };
struct hit {
    enum hit_kind kind;
    size_t index;       /* entry, 0-based (HIT_ROW and the bars) */
    double frac;        /* position along a bar in [0, 1] */
};
void layout_hit(const struct layout *l, int x, int y, size_t top, size_t n,
                struct hit *h);

/* The same as layout_hit for a drag: x is clamped into the bar of `kind`
 * and y is ignored, so dragging off the bar still moves the value. */
double layout_drag_frac(const struct layout *l, enum hit_kind kind, int x);

/* A signed bar of `half` cells each side, for v scaled by max_abs.
 * Negative values fill `neg` whole cells growing left from the axis;
 * positive ones fill `pos_eighths` eighth-cells growing right. Infinite
 * values fill their side and set `inf`. A nonzero value is never
 * invisible. */
struct signed_cells {
    int neg;
    int pos_eighths;
    bool inf;
};
void layout_signed(double v, double max_abs, int half, struct signed_cells *c);

/* The full scale of a bar for values up to max: the smallest of 1, 2, 5
 * times a power of ten strictly above max (1 for max <= 0), so the largest
 * bar never fills its column and a mouse click can always go higher. */
double layout_nice(double max);


/* Display width of a UTF-8 string in the current LC_CTYPE (wide CJK
 * characters count 2; invalid bytes and control characters count 1). */
int layout_text_width(const char *s);
/* The same for the first len bytes of s. */
int layout_text_width_n(const char *s, size_t len);
/* Byte length of the character at s (1 for an invalid byte). */
size_t layout_char_len(const char *s, size_t len);

/* How many bytes of s fit in `width` cells without splitting a character;
 * *used gets the cells they take. */
size_t layout_text_fit(const char *s, int width, int *used);

/* Three rows of a seven-segment style glyph for c (digits, '.', '-', '+',
 * 'e'), each exactly three ASCII characters; NULL for other characters. */
const char *layout_big_glyph(char c, int row);

/* True when every character of s has a big glyph. */
bool layout_big_ok(const char *s);

#endif
