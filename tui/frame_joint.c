#include "frame_joint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bar.h"
#include "i18n.h"
#include "joint.h"
#include "keymap.h"
#include "layout.h"
#include "num.h"

/* The glyphs of one character set: a zero cell, four densities, the
 * signs of a term, the bars of P(y) (eight heights). */
struct jglyphs {
    const char *zero;
    const char *level[4];
    const char *plus, *minus;
    const char *rise[8];
    const char *arrows, *more;
};

static const struct jglyphs unicode_jg = {
    "\u00B7",
    {"\u2591", "\u2592", "\u2593", "\u2588"},
    "+", "\u2212",
    {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587",
     "\u2588"},
    "\u2190\u2192", "\u2026",
};

static const struct jglyphs ascii_jg = {
    ".",
    {":", "=", "*", "#"},
    "+", "-",
    {".", ".", ":", ":", "=", "=", "#", "#"},
    "<>", "~",
};

/* Where things go on the screen. */
#define MARK_W 2        /* "> " before the selected row's label */
#define LABEL_MAX 8
#define CELL_W 2
#define PX_BAR_W 6
#define PX_W (PX_BAR_W + 1 + 8)   /* bar, space, value */
#define GAP 2
#define MAP_TITLE_W 8

struct jbuild {
    struct frame *f;
    const struct jglyphs *g;
    bool unicode;
    const struct joint *j;
    const struct joint_stats *st;
    const struct session *s;
    int label_w;
    int x_p, x_px, x_prod, x_term;   /* the maps' and bars' columns */
    int map_w;                       /* a map's columns, with its title */
    size_t top_r, top_c;             /* the first row and column shown */
    int n_r, n_c;                    /* how many are shown */
    size_t sel_r, sel_c;
    int y0;                          /* the titles' row */
};

static void put(struct jbuild *b, int y, int x, int width, enum role r,
                const char *s)
{
    frame_put(b->f, y, x, width, r, s, b->g->more);
}

static void fill_row(struct jbuild *b, int y, enum role r)
{
    frame_fill(b->f, y, 0, b->f->cols, r, " ");
}

/* The density level (0..3) of v in (0, scale]. */
static int level(double v, double scale)
{
    int k = scale > 0 ? (int)ceil(4 * v / scale) - 1 : 3;
    return k < 0 ? 0 : k > 3 ? 3 : k;
}

static double max_of(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* One cell of a map of non-negative values: two glyphs of its density. */
static void mass_cell(struct jbuild *b, int y, int x, double v, double scale,
                      enum role r, bool sel)
{
    const char *gl = v > 0 ? b->g->level[level(v, scale)] : b->g->zero;
    frame_role(b->f, sel ? ROLE_SELECTED : v > 0 ? r : ROLE_DIM);
    frame_move(b->f, y, x);
    frame_add(b->f, gl);
    frame_add(b->f, gl);
}

/* One cell of the term map: its sign, then its density. */
static void term_cell(struct jbuild *b, int y, int x, double t, double scale,
                      bool sel)
{
    frame_move(b->f, y, x);
    if (t == 0) {
        frame_role(b->f, sel ? ROLE_SELECTED : ROLE_DIM);
        frame_add(b->f, " ");
        frame_add(b->f, b->g->zero);
        return;
    }
    frame_role(b->f, sel ? ROLE_SELECTED : t > 0 ? ROLE_POS : ROLE_NEG);
    frame_add(b->f, t > 0 ? b->g->plus : b->g->minus);
    frame_add(b->f, b->g->level[level(fabs(t), scale)]);
}

static double term_of(const struct jbuild *b, size_t at)
{
    return divergence_term(b->j->p[at], b->st->prod[at]);
}

/* Columns for the maps; how many table columns fit (at least 1). */
static void place(struct jbuild *b, int cols)
{
    int width = 0;
    for (size_t i = 0; i < b->j->rows; i++) {
        int w = layout_text_width(b->j->x_labels[i]);
        if (w > width)
            width = w;
    }
    b->label_w = width < 4 ? 4 : width > LABEL_MAX ? LABEL_MAX : width;
    int x0 = MARK_W + b->label_w + 1;
    int fit = (cols - x0 - 1 - PX_W - 2 * GAP) / (3 * CELL_W);
    if (fit < 1)
        fit = 1;
    b->n_c = (size_t)fit < b->j->cols ? fit : (int)b->j->cols;
    /* A narrow map keeps the room of its title ("P(x)P(y)"). */
    b->map_w = b->n_c * CELL_W < MAP_TITLE_W ? MAP_TITLE_W : b->n_c * CELL_W;
    b->x_p = x0;
    b->x_px = b->x_p + b->map_w + 1;
    b->x_prod = b->x_px + PX_W + GAP;
    b->x_term = b->x_prod + b->map_w + GAP;
}

static void draw_header(struct jbuild *b, const struct view *v,
                        const struct tour *tour)
{
    const struct session *s = b->s;
    char line[512];
    const char *state = frame_state_word(s, tour);
    snprintf(line, sizeof line,
             _(" klx joint %zux%zu  base %s (%s)  editing (%s, %s)  step "
               "%g%s"),
             b->j->rows, b->j->cols, log_base_name(s->base), session_unit(s),
             b->j->x_labels[b->sel_r], b->j->y_labels[b->sel_c], v->step,
             state);
    fill_row(b, 0, ROLE_HEADER);
    put(b, 0, 0, b->f->cols, ROLE_HEADER, line);
}

static void draw_titles(struct jbuild *b)
{
    int map_w = b->map_w;
    put(b, b->y0, 0, b->x_p, ROLE_TITLE, "  X\\Y");
    put(b, b->y0, b->x_p, map_w + 1, ROLE_TITLE, "P(x,y)");
    put(b, b->y0, b->x_px, PX_W, ROLE_TITLE, "P(x)");
    put(b, b->y0, b->x_prod, map_w + GAP, ROLE_TITLE, "P(x)P(y)");
    put(b, b->y0, b->x_term, b->f->cols - b->x_term, ROLE_TITLE,
        b->unicode ? "p\u00B7log(p/(p(x)p(y)))" : "p*log(p/(p(x)p(y)))");
    /* The column numbers over each map: the selected one stands out.
     * Two digits fill a cell, so once they reach 10 only every fifth and
     * the selected one are written. */
    int maps[3] = {b->x_p, b->x_prod, b->x_term};
    bool sparse = b->top_c + (size_t)b->n_c >= 10;
    for (int m = 0; m < 3; m++)
        for (int c = 0; c < b->n_c; c++) {
            size_t k = b->top_c + (size_t)c;
            if (sparse && (k + 1) % 5 && k != b->sel_c)
                continue;
            char num[8];
            snprintf(num, sizeof num, "%2zu", (k + 1) % 100);
            put(b, b->y0 + 1, maps[m] + c * CELL_W, CELL_W,
                k == b->sel_c ? ROLE_SELECTED : ROLE_DIM, num);
        }
}

static void draw_rows(struct jbuild *b, double mass_scale, double px_scale,
                      double term_scale)
{
    const struct joint *j = b->j;
    char num[NUM_BUF];
    struct buf bar;
    buf_init(&bar);
    for (int r = 0; r < b->n_r; r++) {
        size_t i = b->top_r + (size_t)r;
        int y = b->y0 + 2 + r;
        bool row_sel = i == b->sel_r;
        put(b, y, 0, MARK_W, ROLE_SELECTED, row_sel ? ">" : "");
        put(b, y, MARK_W, b->label_w, row_sel ? ROLE_SELECTED : ROLE_TEXT,
            j->x_labels[i]);
        for (int c = 0; c < b->n_c; c++) {
            size_t k = b->top_c + (size_t)c;
            size_t at = i * j->cols + k;
            bool sel = row_sel && k == b->sel_c;
            int dx = c * CELL_W;
            mass_cell(b, y, b->x_p + dx, j->p[at], mass_scale, ROLE_P, sel);
            mass_cell(b, y, b->x_prod + dx, b->st->prod[at], mass_scale,
                      ROLE_Q, sel);
            term_cell(b, y, b->x_term + dx, term_of(b, at), term_scale, sel);
        }
        buf_reset(&bar);
        bar_grow(&bar, bar_eighths(b->st->px[i], px_scale, PX_BAR_W),
                 b->unicode, "#");
        put(b, y, b->x_px, PX_BAR_W, ROLE_P, bar.s);
        put(b, y, b->x_px + PX_BAR_W + 1, PX_W - PX_BAR_W - 1, ROLE_TEXT,
            num_short(num, sizeof num, b->st->px[i]));
    }
    buf_free(&bar);
}

/* P(y) under the joint map: one bar of eighths per column; then which
 * rows and columns are on screen, when not all of them. */
static void draw_py(struct jbuild *b, int y)
{
    put(b, y, MARK_W, b->label_w, ROLE_TITLE, "P(y)");
    if ((size_t)b->n_r < b->j->rows || (size_t)b->n_c < b->j->cols) {
        char part[128];
        snprintf(part, sizeof part, _("rows %zu-%zu of %zu, columns "
                                      "%zu-%zu of %zu"),
                 b->top_r + 1, b->top_r + (size_t)b->n_r, b->j->rows,
                 b->top_c + 1, b->top_c + (size_t)b->n_c, b->j->cols);
        put(b, y, b->x_px, b->f->cols - b->x_px, ROLE_DIM, part);
    }
    double scale = max_of(b->st->py, b->j->cols);
    for (int c = 0; c < b->n_c; c++) {
        size_t k = b->top_c + (size_t)c;
        double v = b->st->py[k];
        const char *gl = b->g->zero;
        if (v > 0) {
            int e = bar_eighths(v, scale, 1);
            gl = b->g->rise[e < 1 ? 0 : e > 8 ? 7 : e - 1];
        }
        frame_role(b->f, k == b->sel_c ? ROLE_SELECTED
                         : v > 0       ? ROLE_P : ROLE_DIM);
        frame_move(b->f, y, b->x_p + c * CELL_W);
        frame_add(b->f, gl);
        frame_add(b->f, gl);
    }
}

/* The selected cell's numbers, on rows y and y + 1. */
static void draw_cell(struct jbuild *b, int y)
{
    const struct joint *j = b->j;
    size_t at = b->sel_r * j->cols + b->sel_c;
    char p[NUM_BUF], px[NUM_BUF], py[NUM_BUF], pr[NUM_BUF], t[NUM_BUF];
    double term = session_scaled(b->s, term_of(b, at));
    char line[512];
    snprintf(line, sizeof line,
             _(" cell (%s, %s): p(x,y) = %s  p(x)p(y) = %s  term = %s%s "
               "%s"),
             j->x_labels[b->sel_r], j->y_labels[b->sel_c],
             num_short(p, sizeof p, j->p[at]),
             num_short(pr, sizeof pr, b->st->prod[at]),
             term > 0 ? "+" : "", num_short(t, sizeof t, term),
             session_unit(b->s));
    put(b, y, 0, b->f->cols, ROLE_TEXT, line);
    snprintf(line, sizeof line, "   p(x) = %s  p(y) = %s",
             num_short(px, sizeof px, b->st->px[b->sel_r]),
             num_short(py, sizeof py, b->st->py[b->sel_c]));
    put(b, y + 1, 0, b->f->cols, ROLE_DIM, line);
}

/* The totals and identities, as `joint` prints them, from row y; at most
 * `max` lines. The reverse KL's line is found by its formula, which no
 * translation changes. */
static void draw_totals(struct jbuild *b, const char *text, int y, int max)
{
    const char *p = text;
    char line[512];
    for (int k = 0; k < max && *p; k++) {
        view_take_line(&p, line, sizeof line);
        enum role r = k == 0                            ? ROLE_TITLE
                      : strstr(line, "KL(P_X P_Y||P_XY)") &&
                                b->st->reverse_inf      ? ROLE_INF
                      : strncmp(line, "  ", 2) == 0     ? ROLE_GOOD
                                                        : ROLE_TEXT;
        put(b, y + k, 1, b->f->cols - 1, r, line);
    }
}

static void draw_status(struct jbuild *b, const struct view *v)
{
    int y = b->f->rows - 1;
    if (v->message[0]) {
        enum role r = v->message_error ? ROLE_ERROR : ROLE_STATUS;
        fill_row(b, y, r);
        put(b, y, 0, b->f->cols, r, v->message);
        return;
    }
    char line[512];
    keymap_status_joint(b->g->arrows, b->f->cols, line, sizeof line);
    fill_row(b, y, ROLE_STATUS);
    put(b, y, 0, b->f->cols, ROLE_STATUS, line);
}

void frame_joint_build(struct frame *f, struct view *v,
                       const struct session *s, const struct tour *tour,
                       int caption)
{
    /* Keys work here at any size (the explorer asks the layout). */
    v->layout.fits = true;
    if (f->cols < FRAME_JOINT_MIN_COLS || f->rows < FRAME_JOINT_MIN_ROWS) {
        frame_role(f, ROLE_TITLE);
        frame_mvadd(f, 0, 0, _("The joint view needs a larger window"));
        frame_role(f, ROLE_TEXT);
        frame_mvadd(f, 1, 0, _("(J: P and Q, q quits)."));
        return;
    }
    const struct joint *j = &s->joint;
    struct joint_stats st;
    joint_compute(j, &st);
    struct buf totals;
    buf_init(&totals);
    joint_totals(j, &st, s->base, &totals);
    int widest;
    int n_tot = view_text_lines(totals.s, &widest);

    struct jbuild b = {.f = f, .g = v->unicode ? &unicode_jg : &ascii_jg,
                       .unicode = v->unicode, .j = j, .st = &st, .s = s};
    if (v->jrow >= j->rows)
        v->jrow = j->rows - 1;
    if (v->jcol >= j->cols)
        v->jcol = j->cols - 1;
    b.y0 = 1 + caption;
    b.sel_r = v->jrow;
    b.sel_c = v->jcol;
    place(&b, f->cols);
    /* Header, titles, column numbers, P(y), the cell (2), status: 7
     * rows; the table's rows come before the totals' last lines (the
     * notes). */
    int room = f->rows - 7 - caption;
    int want_rows = j->rows < 2 ? (int)j->rows : 2;
    if (room - n_tot < want_rows)
        n_tot = room - want_rows > 0 ? room - want_rows : 0;
    int h = room - n_tot;
    if (h < 1)
        h = 1;
    b.n_r = (size_t)h < j->rows ? h : (int)j->rows;
    v->jtop_row = layout_scroll(v->jtop_row, b.sel_r, b.n_r, j->rows);
    v->jtop_col = layout_scroll(v->jtop_col, b.sel_c, b.n_c, j->cols);
    b.top_r = v->jtop_row;
    b.top_c = v->jtop_col;

    double mass_scale = max_of(j->p, j->rows * j->cols);
    double prod_max = max_of(st.prod, j->rows * j->cols);
    if (prod_max > mass_scale)
        mass_scale = prod_max;
    double term_scale = 0;
    for (size_t at = 0; at < j->rows * j->cols; at++) {
        double t = fabs(term_of(&b, at));
        if (isfinite(t) && t > term_scale)
            term_scale = t;
    }

    draw_header(&b, v, tour);
    draw_titles(&b);
    draw_rows(&b, mass_scale, bar_cell_scale(max_of(st.px, j->rows),
                                             PX_BAR_W), term_scale);
    int y = b.y0 + 2 + b.n_r;
    draw_py(&b, y++);
    draw_cell(&b, y);
    y += 2;
    draw_totals(&b, totals.s, y, n_tot);
    draw_status(&b, v);
    buf_free(&totals);
    joint_stats_free(&st);
}
