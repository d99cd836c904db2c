/* Unit tests for tui/layout.c: screen arithmetic, scrolling, hit testing,
 * bar scaling, display widths and the large digits. */
#include <locale.h>

#include "../test_util.h"

#include "bar.h"
#include "layout.h"
#include "lesson.h"

/* Every field of a layout that fits lies on the screen, in order. */
static void check_inside(const struct layout *l)
{
    assert_true(l->fits);
    assert_true(l->table_h >= LAYOUT_TABLE_MIN);
    assert_int_equal(l->status_y, l->rows - 1);
    assert_int_equal(l->panel_y + l->panel_h, l->status_y);
    assert_int_equal(l->sep_y + 1, l->panel_y);
    assert_int_equal(l->table_y + l->table_h, l->sep_y);
    assert_true(l->label_x + l->label_w < l->pbar_x);
    assert_true(l->pbar_x + l->pbar_w < l->pval_x);
    assert_true(l->pval_x + LAYOUT_PVAL_W < l->qbar_x);
    assert_true(l->qbar_x + l->qbar_w < l->qval_x);
    assert_true(l->qval_x + LAYOUT_PVAL_W < l->fwd_x);
    assert_true(l->fwd_x + 2 * l->fwd_half + 1 < l->fval_x);
    assert_true(l->fval_x + LAYOUT_TVAL_W < l->rev_x);
    assert_true(l->rev_x + 2 * l->rev_half + 1 < l->rval_x);
    assert_true(l->rval_x + LAYOUT_TVAL_W <= l->cols);
    assert_true(l->pbar_w >= LAYOUT_MASS_MIN);
    assert_true(l->qbar_w >= LAYOUT_MASS_MIN);
    assert_true(l->fwd_half >= LAYOUT_HALF_MIN);
    if (l->grad_w) {
        assert_true(l->rval_x + LAYOUT_TVAL_W < l->grad_x);
        assert_true(l->grad_x + LAYOUT_GRAD_W - 1 <= l->cols);
    }
}

/* The same with the extras: caption above the titles, note between the
 * table and the separator, nothing off the screen. */
static void check_compact(const struct layout *l)
{
    assert_true(l->fits);
    assert_false(l->measures);
    assert_false(l->big_digits);
    assert_true(l->table_h >= LAYOUT_TABLE_MIN);
    assert_true(l->caption_h >= 0 && l->note_h >= 0);
    assert_true(l->header_y == 0 || l->header_y == -1);
    assert_int_equal(l->caption_y, l->header_y + 1);
    assert_int_equal(l->titles_y, l->caption_y + l->caption_h);
    assert_int_equal(l->table_y, l->titles_y + 1);
    assert_int_equal(l->note_y, l->table_y + l->table_h);
    assert_int_equal(l->status_y, l->rows - 1);
    int below = l->note_y + l->note_h;
    if (l->sep_y >= 0) {
        assert_int_equal(l->sep_y, below);
        below++;
    }
    assert_int_equal(l->panel_y, below);
    if (l->panel_on_status) {
        assert_int_equal(l->panel_y, l->status_y);
        assert_int_equal(l->panel_h, 1);
    } else {
        assert_in_range(l->panel_h, 1, LAYOUT_PANEL_COMPACT);
        assert_int_equal(l->panel_y + l->panel_h, l->status_y);
    }
    assert_true(l->rval_x + LAYOUT_TVAL_W <= l->cols);
}

static void check_inside_ex(const struct layout *l)
{
    if (l->compact) {
        check_compact(l);
        return;
    }
    assert_true(l->fits);
    assert_true(l->table_h >= LAYOUT_TABLE_MIN);
    assert_true(l->caption_h >= 0 && l->note_h >= 0);
    assert_int_equal(l->caption_y, 1);
    assert_int_equal(l->titles_y, l->caption_y + l->caption_h);
    assert_int_equal(l->table_y, l->titles_y + 1);
    assert_int_equal(l->note_y, l->table_y + l->table_h);
    assert_int_equal(l->sep_y, l->note_y + l->note_h);
    assert_int_equal(l->sep_y + 1, l->panel_y);
    assert_int_equal(l->panel_y + l->panel_h, l->status_y);
    assert_int_equal(l->status_y, l->rows - 1);
    assert_true(l->panel_h >= LAYOUT_PANEL_SMALL);
    assert_true(l->rval_x + LAYOUT_TVAL_W <= l->cols);
    if (l->grad_w)
        assert_true(l->grad_x + LAYOUT_GRAD_W - 1 <= l->cols);
}

static void test_layout_sizes(void **state)
{
    (void)state;
    struct layout l;
    for (int cols = 40; cols <= 300; cols += 7)
        for (int rows = 5; rows <= 80; rows += 3) {
            for (int lw = 1; lw <= 40; lw += 13) {
                layout_compute_ex(&l, cols, rows, 4, lw, NULL);
                bool want = cols >= l.min_cols && rows >= l.min_rows;
                assert_int_equal(l.fits, want);
                if (l.fits)
                    check_inside(&l);
            }
        }
}

static void test_layout_extras_everywhere(void **state)
{
    (void)state;
    struct layout l, plain;
    for (int cols = 40; cols <= 200; cols += 5)
        for (int rows = 5; rows <= 60; rows++)
            for (int k = 0; k < 32; k++) {
                struct layout_extras ex = {
                    .caption_rows = (k & 1) ? 4 : 0,
                    .note_rows = (k & 2) ? 3 : 0,
                    .measures = (k & 4) != 0,
                    .grad = (k & 8) != 0,
                    .region_rows = (k & 16) ? 2 : 0,
                };
                layout_compute_ex(&l, cols, rows, 4, 5, &ex);
                layout_compute_ex(&plain, cols, rows, 4, 5, NULL);
                /* extras never raise the minimum size */
                assert_int_equal(l.fits, plain.fits);
                assert_int_equal(l.min_cols, plain.min_cols);
                assert_int_equal(l.min_rows, plain.min_rows);
                if (!l.fits)
                    continue;
                check_inside_ex(&l);
                assert_true(l.caption_h <= ex.caption_rows);
                assert_true(l.note_h <= ex.note_rows + ex.region_rows);
                assert_true(l.region_h <= ex.region_rows);
                assert_true(l.region_h <= l.note_h);
                assert_int_equal(l.measures, ex.measures);
                if (ex.measures) {
                    assert_false(l.big_digits);
                    assert_true(l.panel_h <= LAYOUT_PANEL_MEASURES);
                }
                if (!ex.grad)
                    assert_int_equal(l.grad_w, 0);
                if (k == 0)
                    assert_memory_equal(&l, &plain, sizeof l);
            }
}

static void test_layout_extras_at_80x24(void **state)
{
    (void)state;
    struct layout l;
    /* a tour lesson (title and three lines) with the measures panel and
     * the gradient column: all of it, and the whole seed table */
    struct layout_extras ex = {.caption_rows = 4, .measures = true,
                               .grad = true};
    layout_compute_ex(&l, 80, 24, 4, 5, &ex);
    check_inside_ex(&l);
    assert_int_equal(l.caption_h, 4);
    assert_int_equal(l.panel_h, LAYOUT_PANEL_MEASURES);
    assert_true(l.table_h >= 4);
    assert_int_equal(l.grad_w, LAYOUT_GRAD_W);
    /* with the totals panel the large digits still fit */
    ex.measures = false;
    layout_compute_ex(&l, 80, 24, 4, 5, &ex);
    assert_true(l.big_digits);
    assert_true(l.table_h >= 4);
    /* small screens: the caption shrinks to what is left, the gradient
     * column goes when there is no room for it */
    ex.measures = true;
    layout_compute_ex(&l, 66, 14, 4, 5, &ex);
    check_inside_ex(&l);
    assert_true(l.caption_h < 4);
    assert_int_equal(l.grad_w, 0);
    assert_int_equal(l.panel_h, LAYOUT_PANEL_SMALL);
}

/* The parameter line costs the large digits before it costs rows: a
 * binomial's 11 entries stay whole at 80x24. */
static void test_layout_region_rows(void **state)
{
    (void)state;
    struct layout l;
    layout_compute_ex(&l, 80, 24, 11, 5, NULL);
    assert_true(l.big_digits);
    struct layout_extras ex = {.region_rows = 2};
    layout_compute_ex(&l, 80, 24, 11, 5, &ex);
    check_inside_ex(&l);
    assert_int_equal(l.region_h, 2);
    assert_false(l.big_digits);
    assert_true(l.table_h >= 11);
    /* the smallest screen keeps its table minimum; the line goes */
    layout_compute_ex(&l, l.min_cols, l.min_rows, 11, 5, &ex);
    check_inside_ex(&l);
    assert_int_equal(l.region_h, 0);
    assert_true(l.table_h >= LAYOUT_TABLE_MIN);
}

static void test_layout_minimum_is_exact(void **state)
{
    (void)state;
    struct layout l;
    layout_compute_ex(&l, 200, 50, 4, 5, NULL);
    int mc = l.min_cols, mr = l.min_rows;
    layout_compute_ex(&l, mc, mr, 4, 5, NULL);
    check_inside(&l);
    layout_compute_ex(&l, mc - 1, mr, 4, 5, NULL);
    assert_false(l.fits);
    layout_compute_ex(&l, mc, mr - 1, 4, 5, NULL);
    assert_false(l.fits);
}

static void test_layout_big_digits_need_room(void **state)
{
    (void)state;
    struct layout l;
    layout_compute_ex(&l, 120, 40, 4, 5, NULL);
    assert_true(l.big_digits);
    assert_int_equal(l.panel_h, LAYOUT_PANEL_BIG);
    layout_compute_ex(&l, 120, 14, 4, 5,
                      NULL);   /* short: the table comes first */
    assert_false(l.big_digits);
    assert_int_equal(l.panel_h, LAYOUT_PANEL_SMALL);
    layout_compute_ex(&l, 66, 40, 4, 5, NULL);    /* narrow */
    assert_false(l.big_digits);
}

static void test_layout_label_width(void **state)
{
    (void)state;
    struct layout l;
    layout_compute_ex(&l, 120, 30, 4, 10, NULL);
    assert_int_equal(l.label_w, 10);
    layout_compute_ex(&l, 120, 30, 4, 100, NULL);
    assert_int_equal(l.label_w, LAYOUT_LABEL_MAX);
    layout_compute_ex(&l, 120, 30, 4, 1, NULL);
    assert_int_equal(l.label_w, LAYOUT_LABEL_MIN);
}

static void test_scroll_keeps_selection_visible(void **state)
{
    (void)state;
    size_t n = 1000;
    size_t top = 0;
    for (size_t sel = 0; sel < n; sel += 37) {
        top = layout_scroll(top, sel, 10, n);
        assert_true(sel >= top && sel < top + 10);
        assert_true(top <= n - 10);
    }
    assert_int_equal(layout_scroll(0, 999, 10, n), 990);
    assert_int_equal(layout_scroll(990, 0, 10, n), 0);
    /* moves as little as possible */
    assert_int_equal(layout_scroll(100, 105, 10, n), 100);
    assert_int_equal(layout_scroll(100, 110, 10, n), 101);
    /* short tables never scroll; a stale top is pulled back */
    assert_int_equal(layout_scroll(5, 2, 10, 4), 0);
    assert_int_equal(layout_scroll(995, 999, 10, n), 990);
    assert_int_equal(layout_scroll(3, 0, 0, n), 0);
}

static void test_move_clamps(void **state)
{
    (void)state;
    assert_int_equal(layout_move(0, -1, 4), 0);
    assert_int_equal(layout_move(3, 1, 4), 3);
    assert_int_equal(layout_move(1, 1, 4), 2);
    assert_int_equal(layout_move(2, -5, 4), 0);
    assert_int_equal(layout_move(2, 1000, 4), 3);
    assert_int_equal(layout_move(0, 0, 0), 0);
}

static void test_hit(void **state)
{
    (void)state;
    struct layout l;
    struct hit h;
    layout_compute_ex(&l, 100, 24, 4, 1, NULL);
    layout_hit(&l, l.label_x, l.table_y + 1, 0, 4, &h);
    assert_int_equal(h.kind, HIT_ROW);
    assert_int_equal(h.index, 1);
    layout_hit(&l, l.pbar_x + l.pbar_w - 1, l.table_y, 0, 4, &h);
    assert_int_equal(h.kind, HIT_PBAR);
    assert_close(h.frac, 1.0, 0, 1e-12);
    layout_hit(&l, l.qbar_x, l.table_y + 3, 0, 4, &h);
    assert_int_equal(h.kind, HIT_QBAR);
    assert_int_equal(h.index, 3);
    assert_close(h.frac, 1.0 / l.qbar_w, 0, 1e-12);
    /* below the last entry, on the header, on the panel: nothing */
    layout_hit(&l, l.label_x, l.table_y + 4, 0, 4, &h);
    assert_int_equal(h.kind, HIT_NONE);
    layout_hit(&l, 3, 0, 0, 4, &h);
    assert_int_equal(h.kind, HIT_NONE);
    layout_hit(&l, 3, l.panel_y, 0, 4, &h);
    assert_int_equal(h.kind, HIT_NONE);
    /* scrolled */
    layout_hit(&l, l.label_x, l.table_y + 2, 500, 1000, &h);
    assert_int_equal(h.index, 502);
    /* drags clamp to the bar */
    assert_close(layout_drag_frac(&l, HIT_PBAR, 0), 0, 0, 0);
    assert_close(layout_drag_frac(&l, HIT_PBAR, 1000), 1, 0, 0);
    assert_close(layout_drag_frac(&l, HIT_QBAR, l.qbar_x + 1),
                 2.0 / l.qbar_w, 0, 1e-12);
}

static void test_eighths(void **state)
{
    (void)state;
    assert_int_equal(bar_eighths(0, 1, 10), 0);
    assert_int_equal(bar_eighths(1, 1, 10), 80);
    assert_int_equal(bar_eighths(0.5, 1, 10), 40);
    assert_int_equal(bar_eighths(1e-9, 1, 10), 1);  /* never invisible */
    assert_int_equal(bar_eighths(2, 1, 10), 80);
    assert_int_equal(bar_eighths(INFINITY, 1, 10), 80);
    assert_int_equal(bar_eighths(NAN, 1, 10), 0);
    assert_int_equal(bar_eighths(0.3, 0, 10), 0);
}

static void test_signed(void **state)
{
    (void)state;
    struct signed_cells c;
    /* The explorer's bars round as the report's do (core/bar.c): at a tie,
     * 36.5 eighths, half away from zero, not to even. */
    double tie = 36.5 / 64;
    layout_signed(tie, 1, 8, &c);
    assert_int_equal(c.pos_eighths, 37);
    assert_int_equal(c.pos_eighths, bar_eighths(tie, 1, 8));
    layout_signed(-tie, 1, 8, &c);
    assert_int_equal(c.neg, bar_cells(37));
    layout_signed(0.25, 0.5, 8, &c);
    assert_int_equal(c.neg, 0);
    assert_int_equal(c.pos_eighths, 32);
    layout_signed(-0.25, 0.5, 8, &c);
    assert_int_equal(c.neg, 4);
    assert_int_equal(c.pos_eighths, 0);
    layout_signed(-1e-12, 0.5, 8, &c);
    assert_int_equal(c.neg, 1);
    layout_signed(0, 0.5, 8, &c);
    assert_int_equal(c.neg + c.pos_eighths, 0);
    layout_signed(INFINITY, 0.5, 8, &c);
    assert_true(c.inf);
    assert_int_equal(c.pos_eighths, 64);
    layout_signed(-7, 0.5, 8, &c);   /* off the scale: full, not more */
    assert_int_equal(c.neg, 8);
}

static void test_nice(void **state)
{
    (void)state;
    assert_close(layout_nice(0.4), 0.5, 1e-12, 0);
    assert_close(layout_nice(0.5), 1, 1e-12, 0);
    assert_close(layout_nice(0.1), 0.2, 1e-12, 0);
    assert_close(layout_nice(0.3), 0.5, 1e-12, 0);
    assert_close(layout_nice(0.0012), 0.002, 1e-12, 0);
    assert_close(layout_nice(736.8), 1000, 1e-12, 0);
    assert_close(layout_nice(0), 1, 0, 0);
    assert_close(layout_nice(INFINITY), 1, 0, 0);
    for (double m = 1e-6; m < 1e6; m *= 1.37)
        assert_true(layout_nice(m) > m && layout_nice(m) <= 2.5 * m);
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(layout_text_width("abc"), 3);
    assert_int_equal(layout_text_width(""), 0);
    assert_int_equal(layout_text_width("\u00e9t\u00e9"), 3);     /* été */
    assert_int_equal(layout_text_width("\u6570\u5b66"), 4);     /* 数学 */
    assert_int_equal(layout_text_width("a\u6570b"), 4);
    int used;
    /* a wide character never gets split */
    assert_int_equal(layout_text_fit("\u6570\u5b66", 3, &used), 3);
    assert_int_equal(used, 2);
    assert_int_equal(layout_text_fit("abcdef", 4, &used), 4);
    assert_int_equal(used, 4);
    assert_int_equal(layout_text_fit("ab", 10, &used), 2);
    assert_int_equal(layout_text_fit("\xff\xfe", 10, &used), 2);
    assert_int_equal(used, 2);
}

static void test_big_glyphs(void **state)
{
    (void)state;
    assert_true(layout_big_ok("0.126851"));
    assert_true(layout_big_ok("2.0e-18"));
    assert_false(layout_big_ok("inf"));
    assert_false(layout_big_ok(""));
    assert_false(layout_big_ok("1234567890.5"));  /* too long */
    for (const char *c = "0123456789.-+e"; *c; c++)
        for (int row = 0; row < 3; row++) {
            const char *gl = layout_big_glyph(*c, row);
            assert_non_null(gl);
            assert_int_equal(strlen(gl), 3);
        }
    assert_null(layout_big_glyph('x', 0));
    assert_null(layout_big_glyph('1', 3));
    /* 8 and 0 differ only in the middle */
    assert_string_equal(layout_big_glyph('8', 1), "|_|");
    assert_string_equal(layout_big_glyph('0', 1), "| |");
}

/* The overview column sits right of everything else, when it fits: auto
 * only with the whole label, on with a usable part of it. */
static void test_layout_overview(void **state)
{
    (void)state;
    struct layout l;
    for (int cols = 40; cols <= 240; cols += 3)
        for (int lw = 3; lw <= 30; lw += 3)
            for (int k = 0; k < 6; k++) {
                struct layout_extras ex = {
                    .overview = (enum layout_overview)(k % 3),
                    .grad = k >= 3,
                };
                layout_compute_ex(&l, cols, 30, 1000000, lw, &ex);
                if (!l.fits)
                    continue;
                check_inside_ex(&l);
                if (ex.overview == LAYOUT_OV_OFF) {
                    assert_int_equal(l.ov_w, 0);
                    continue;
                }
                if (!l.ov_w)
                    continue;
                assert_int_equal(l.ov_w, LAYOUT_OVERVIEW_W - 1);
                assert_int_equal(l.ov_x + l.ov_w, cols);
                int end = l.grad_w ? l.grad_x + LAYOUT_GRAD_W - 1
                                   : l.rval_x + LAYOUT_TVAL_W;
                assert_true(end < l.ov_x);
                if (ex.overview == LAYOUT_OV_AUTO)
                    assert_int_equal(l.label_w,
                                     lw > LAYOUT_LABEL_MAX ? LAYOUT_LABEL_MAX
                                                           : lw);
                /* the overview gives way before labels become alike */
                assert_true(l.label_w >= (lw < LAYOUT_LABEL_USABLE
                                              ? lw : LAYOUT_LABEL_USABLE));
            }
    /* 100 columns: a 9-cell label and the overview both fit */
    struct layout_extras ex = {.overview = LAYOUT_OV_AUTO};
    layout_compute_ex(&l, 100, 30, 1000000, 9, &ex);
    assert_int_equal(l.label_w, 9);
    assert_true(l.ov_w > 0);
    /* 80 columns: auto leaves it out for the label; so does on, rather
     * than cut "token12" to "tok" */
    layout_compute_ex(&l, 80, 24, 1000000, 9, &ex);
    assert_int_equal(l.label_w, 9);
    assert_int_equal(l.ov_w, 0);
    ex.overview = LAYOUT_OV_ON;
    layout_compute_ex(&l, 80, 24, 1000000, 9, &ex);
    assert_int_equal(l.ov_w, 0);
    assert_int_equal(l.label_w, 9);
    /* 90 columns: on keeps a usable label beside it; auto waits for the
     * whole label */
    layout_compute_ex(&l, 90, 24, 1000000, 20, &ex);
    assert_true(l.ov_w > 0);
    assert_in_range(l.label_w, LAYOUT_LABEL_USABLE, 19);
    ex.overview = LAYOUT_OV_AUTO;
    layout_compute_ex(&l, 90, 24, 1000000, 20, &ex);
    assert_int_equal(l.ov_w, 0);
    /* short labels stay whole with it */
    ex.overview = LAYOUT_OV_ON;
    layout_compute_ex(&l, 80, 24, 1000000, 3, &ex);
    assert_true(l.ov_w > 0);
    assert_int_equal(l.label_w, 3);
}

/* The caption area lesson.h promises: at 80x24 a step's title line and
 * LESSON_CAPTION_LINES lines of LESSON_CAPTION_COLS columns, indented. */
static void test_layout_lesson_caption_area(void **state)
{
    (void)state;
    struct layout l;
    struct layout_extras ex = {0};
    ex.caption_rows = 1 + LESSON_CAPTION_LINES;
    layout_compute_ex(&l, 80, 24, 4, 3, &ex);
    assert_true(l.fits);
    assert_int_equal(l.caption_h, 1 + LESSON_CAPTION_LINES);
    assert_true(LESSON_CAPTION_COLS + 2 <= l.cols);
}

/* The compact panel: picked by itself when the full one hides rows it
 * would show, folding until the table is whole; 21 entries fit at 80x24
 * with and without a lesson's caption. */
static void test_layout_compact(void **state)
{
    (void)state;
    struct layout l;
    struct layout_extras ex = {0};
    layout_compute_ex(&l, 80, 24, 21, 3, &ex);
    check_compact(&l);
    assert_int_equal(l.table_h, 21);
    assert_true(l.panel_on_status);
    ex.caption_rows = 4;
    layout_compute_ex(&l, 80, 24, 21, 3, &ex);
    check_compact(&l);
    assert_int_equal(l.table_h, 21);
    assert_int_equal(l.header_y, -1);   /* the lesson's title line */
    assert_int_equal(l.caption_h, 1);
    /* 100x30: two lines with the separator and the whole caption */
    layout_compute_ex(&l, 100, 30, 21, 3, &ex);
    check_compact(&l);
    assert_int_equal(l.table_h, 21);
    assert_int_equal(l.caption_h, 4);
    ex.caption_rows = 0;
    layout_compute_ex(&l, 100, 30, 21, 3, &ex);
    assert_int_equal(l.panel_h, 2);
    assert_true(l.sep_y >= 0);
    /* forced off: the full panel, rows hidden */
    ex.compact = LAYOUT_COMPACT_OFF;
    layout_compute_ex(&l, 80, 24, 21, 3, &ex);
    check_inside_ex(&l);
    assert_false(l.compact);
    assert_true(l.table_h < 21);
    /* forced on with a short table: two lines, nothing folded */
    ex.compact = LAYOUT_COMPACT_ON;
    layout_compute_ex(&l, 80, 24, 4, 3, &ex);
    check_compact(&l);
    assert_int_equal(l.panel_h, 2);
    assert_int_equal(l.header_y, 0);
    assert_true(l.sep_y >= 0);
    /* auto: a table that fits beside the full panel keeps it, and one
     * longer than any screen too */
    ex.compact = LAYOUT_COMPACT_AUTO;
    layout_compute_ex(&l, 80, 24, 4, 3, &ex);
    assert_false(l.compact);
    assert_true(l.big_digits);
    layout_compute_ex(&l, 80, 24, 1000000, 3, &ex);
    assert_false(l.compact);
    /* the big digits only when the table stays whole: 12 entries at
     * 80x24 get the small panel and all their rows */
    layout_compute_ex(&l, 80, 24, 12, 3, &ex);
    assert_false(l.compact);
    assert_false(l.big_digits);
    assert_true(l.table_h >= 12);
    /* every size: whatever the fold, the geometry holds, and the table
     * is whole whenever a fold was needed */
    for (int rows = 13; rows <= 60; rows++)
        for (size_t n = 1; n <= 60; n += 3)
            for (int cap = 0; cap <= 4; cap += 4) {
                ex.caption_rows = cap;
                layout_compute_ex(&l, 80, rows, n, 3, &ex);
                check_inside_ex(&l);
                if (l.compact && (l.sep_y < 0 || l.panel_h < 2))
                    assert_true((size_t)l.table_h >= n);
            }
}

static void test_overview_span_and_rank(void **state)
{
    (void)state;
    size_t a, b;
    /* 1000 entries in 10 bins of 100: rows 150..179 touch bin 1 only */
    layout_overview_span(1000, 10, 150, 30, &a, &b);
    assert_true(a == 1 && b == 1);
    layout_overview_span(1000, 10, 190, 30, &a, &b);
    assert_true(a == 1 && b == 2);
    layout_overview_span(1000, 10, 990, 30, &a, &b);   /* past the end */
    assert_true(a == 9 && b == 9);
    layout_overview_span(1000000, 20, 999980, 20, &a, &b);
    assert_true(a == 19 && b == 19);
    layout_overview_span(5, 5, 0, 20, &a, &b);    /* fewer entries: 5 bins */
    assert_true(a == 0 && b == 4);
    layout_overview_span(0, 20, 0, 20, &a, &b);
    assert_true(a == 0 && b == 0);
    size_t order[] = {7, 3, 9};
    assert_int_equal(layout_rank_of(order, 3, 9), 2);
    assert_int_equal(layout_rank_of(order, 3, 7), 0);
    assert_int_equal(layout_rank_of(order, 3, 4), 3);
}

int main(void)
{
    /* Display widths follow the locale, as curses does. */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_sizes),
        cmocka_unit_test(test_layout_minimum_is_exact),
        cmocka_unit_test(test_layout_extras_everywhere),
        cmocka_unit_test(test_layout_extras_at_80x24),
        cmocka_unit_test(test_layout_region_rows),
        cmocka_unit_test(test_layout_big_digits_need_room),
        cmocka_unit_test(test_layout_compact),
        cmocka_unit_test(test_layout_lesson_caption_area),
        cmocka_unit_test(test_layout_label_width),
        cmocka_unit_test(test_scroll_keeps_selection_visible),
        cmocka_unit_test(test_move_clamps),
        cmocka_unit_test(test_hit),
        cmocka_unit_test(test_eighths),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_nice),
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_big_glyphs),
        cmocka_unit_test(test_layout_overview),
        cmocka_unit_test(test_overview_span_and_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
