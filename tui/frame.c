#include "frame.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bar.h"
#include "divergence.h"
#include "frame_chart.h"
#include "frame_code.h"
#include "frame_family.h"
#include "frame_joint.h"
#include "frame_live.h"
#include "frame_pin.h"
#include "i18n.h"
#include "keymap.h"
#include "num.h"
#include "overview.h"
#include "panels.h"
#include "report.h"
#include "utf8.h"

/* Glyphs for one character set. Negative terms use a different fill from
 * positive ones so the sign reads without color. */
struct glyphs {
    const char *full;               /* a whole cell (eighths: core/bar.c) */
    const char *pos, *neg;          /* fills for positive, negative terms */
    const char *axis, *inf, *sep;   /* a term's zero line, an infinite
                                       term's marker, a rule */
    const char *larger;             /* points at the larger direction */
    const char *check, *ge, *ne, *minus, *dot;  /* in sentences */
    const char *arrows;             /* the arrow keys, in the status line */
    const char *up, *down;          /* which way the gradient's hint goes */
    const char *more;               /* ends text that was cut */
};

static const struct glyphs unicode_glyphs = {
    "\u2588",
    "\u2588", "\u2592", "\u2502", "\u25B6", "\u2500", N_("\u25C0 larger"),
    "\u2713", "\u2265", "\u2260", "\u2212", "\u00B7", "\u2190\u2192",
    "\u2191", "\u2193", "\u2026",
};

static const struct glyphs ascii_glyphs = {
    "#",
    "+", "-", "|", ">", "-", N_("<- larger"), "ok", ">=", "!=", "-", "*",
    "<>", "^", "v", "~",
};

/* What every region's builder needs: the frame being filled, the glyphs
 * of its character set, and the gradient column of this frame (NULL when
 * off) with the entry to nudge. */
struct build {
    struct frame *f;
    const struct glyphs *g;
    bool unicode;
    const double *grad;
    struct grad_hint hint;
    struct buf bar;          /* scratch for one bar (core/bar.c draws it) */
    struct column col[REPORT_COLS];   /* the visible rows' number formats */
    struct column grad_col;           /* and their gradient's */
    const struct code_book *code;     /* the code column's; NULL: off */
};

/* ---- the grid ---- */

void frame_reset(struct frame *f, int cols, int rows)
{
    cols = cols < 1 ? 1 : cols;
    rows = rows < 1 ? 1 : rows;
    size_t n = (size_t)cols * (size_t)rows;
    if (n > f->cap) {
        f->cells = xrealloc(f->cells, n * sizeof *f->cells);
        f->cap = n;
    }
    f->cols = cols;
    f->rows = rows;
    for (size_t i = 0; i < n; i++) {
        f->cells[i].glyph[0] = ' ';
        f->cells[i].glyph[1] = '\0';
        f->cells[i].role = ROLE_TEXT;
        f->cells[i].cont = false;
    }
    f->cy = f->cx = 0;
    f->role = ROLE_TEXT;
}

void frame_free(struct frame *f)
{
    free(f->cells);
    f->cells = NULL;
    f->cap = 0;
}

void frame_move(struct frame *f, int y, int x)
{
    f->cy = y;
    f->cx = x;
}

void frame_role(struct frame *f, enum role r)
{
    f->role = r;
}

void frame_addn(struct frame *f, const char *s, size_t bytes)
{
    size_t i = 0;
    while (i < bytes && s[i]) {
        /* One character: its bytes and its width in cells (ASCII, most
         * of a frame, without asking the locale). */
        uint32_t cp;
        size_t len = (unsigned char)s[i] < 0x80
                         ? 1 : utf8_decode(s + i, bytes - i, &cp);
        char ch[FRAME_GLYPH];
        size_t keep = len < sizeof ch ? len : sizeof ch - 1;
        memcpy(ch, s + i, keep);
        ch[keep] = '\0';
        i += len;
        int w = len == 1 && (unsigned char)ch[0] < 0x80
                    ? 1 : layout_text_width(ch);
        if (f->cy < 0 || f->cy >= f->rows || f->cx < 0 ||
            f->cx + (w > 0 ? w : 1) > f->cols) {
            f->cx += w;
            continue;
        }
        struct frame_cell *c = &f->cells[(size_t)f->cy * (size_t)f->cols +
                                         (size_t)f->cx];
        if (w == 0 && f->cx > 0) {
            /* a combining character joins the one before it */
            struct frame_cell *prev = c - 1;
            while (prev->cont && prev > f->cells)
                prev--;
            size_t have = strlen(prev->glyph);
            if (have + keep < sizeof prev->glyph)
                memcpy(prev->glyph + have, ch, keep + 1);
            continue;
        }
        memcpy(c->glyph, ch, keep + 1);
        c->role = (unsigned char)f->role;
        c->cont = false;
        for (int k = 1; k < w; k++) {
            c[k].glyph[0] = '\0';
            c[k].role = (unsigned char)f->role;
            c[k].cont = true;
        }
        f->cx += w;
    }
}

void frame_add(struct frame *f, const char *s)
{
    frame_addn(f, s, strlen(s));
}

void frame_mvadd(struct frame *f, int y, int x, const char *s)
{
    frame_move(f, y, x);
    frame_add(f, s);
}

void frame_mvaddn(struct frame *f, int y, int x, const char *s, int bytes)
{
    frame_move(f, y, x);
    frame_addn(f, s, bytes < 0 ? strlen(s) : (size_t)bytes);
}

void frame_text(const struct frame *f, struct buf *out)
{
    for (int y = 0; y < f->rows; y++) {
        size_t start = out->len;
        for (int x = 0; x < f->cols; x++) {
            const struct frame_cell *c =
                &f->cells[(size_t)y * (size_t)f->cols + (size_t)x];
            if (!c->cont)
                buf_append(out, c->glyph);
        }
        while (out->len > start && out->s[out->len - 1] == ' ')
            out->len--;
        out->s[out->len] = '\0';
        buf_putc(out, '\n');
    }
}

/* ---- drawing primitives ---- */

/* Draws s at (y, x) in at most `width` cells; returns the cells used. */
int frame_put(struct frame *f, int y, int x, int width, enum role r,
              const char *s, const char *more)
{
    if (width <= 0 || x >= f->cols || y >= f->rows)
        return 0;
    if (x + width > f->cols)
        width = f->cols - x;
    int used;
    size_t bytes = layout_text_fit(s, width, &used);
    frame_role(f, r);
    if (s[bytes + strspn(s + bytes, " ")] == '\0') {
        frame_mvaddn(f, y, x, s, (int)bytes);
        return used;
    }
    /* Cut text says so: it ends in an ellipsis ('~' in ASCII, as the
     * report's labels), never silently mid-word. */
    bytes = layout_text_fit(s, width - 1, &used);
    frame_mvaddn(f, y, x, s, (int)bytes);
    frame_add(f, more);
    return used + 1;
}

void frame_mvadd_right(struct frame *f, int y, int x, int width,
                       const char *s)
{
    int w = layout_text_width(s);
    frame_mvadd(f, y, w < width ? x + width - w : x, s);
}

void frame_fill(struct frame *f, int y, int x, int width, enum role r,
                const char *glyph)
{
    if (x + width > f->cols)
        width = f->cols - x;
    frame_role(f, r);
    frame_move(f, y, x);
    for (int i = 0; i < width; i++)
        frame_add(f, glyph);
}

const char *frame_state_word(const struct session *s,
                             const struct tour *tour)
{
    if (tour && tour->active)
        return tour->builtin ? _("  [tour]") : _("  [lesson]");
    return s->dirty ? _("  [modified]") : "";
}

static int put(struct build *bd, int y, int x, int width, enum role r,
               const char *s)
{
    return frame_put(bd->f, y, x, width, r, s, bd->g->more);
}

static void put_right(struct build *bd, int y, int x, int width, enum role r,
                      const char *s)
{
    int w = layout_text_width(s);
    put(bd, y, w < width ? x + width - w : x, width, r, s);
}

static void fill(struct build *bd, int y, int x, int width, enum role r,
                 const char *glyph)
{
    frame_fill(bd->f, y, x, width, r, glyph);
}

static void put_fmt(struct build *bd, int y, int x, int width, enum role r,
                    const char *fmt,
                    ...) __attribute__((format(printf, 6, 7)));
static void put_fmt(struct build *bd, int y, int x, int width, enum role r,
                    const char *fmt,
                    ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    put(bd, y, x, width, r, line);
}

/* ---- bars ---- */

static void draw_mass(struct build *bd, int y, int x, int width, double val,
                      double scale, enum role r)
{
    buf_reset(&bd->bar);
    bar_grow(&bd->bar, bar_eighths(val, scale, width), bd->unicode,
             bd->g->full);
    frame_role(bd->f, r);
    frame_mvadd(bd->f, y, x, bd->bar.s);
}

/* A signed bar around its axis at x + half. */
static void draw_signed(struct build *bd, int y, int x, int half, double val,
                        double scale)
{
    struct signed_cells c;
    layout_signed(val, scale, half, &c);
    fill(bd, y, x + half - c.neg, c.neg, ROLE_NEG, bd->g->neg);
    frame_role(bd->f, ROLE_DIM);
    frame_mvadd(bd->f, y, x + half, bd->g->axis);
    int px = x + half + 1;
    if (c.pos_eighths == 0)
        return;
    frame_role(bd->f, c.inf ? ROLE_INF : ROLE_POS);
    frame_move(bd->f, y, px);
    if (c.inf) {
        for (int i = 0; i < half - 1; i++)
            frame_add(bd->f, bd->g->pos);
        frame_add(bd->f, bd->g->inf);
        return;
    }
    buf_reset(&bd->bar);
    bar_grow(&bd->bar, c.pos_eighths, bd->unicode,
             bd->unicode ? bd->g->full : bd->g->pos);
    frame_add(bd->f, bd->bar.s);
}

/* ---- numbers ---- */

/* A term with its sign always shown, in the session's base. */
static char *fmt_term(char *buf, size_t size, const struct session *s,
                      double nats)
{
    double v = session_scaled(s, nats);
    char tmp[NUM_BUF - 8];   /* room for the sign */
    num_short(tmp, sizeof tmp, v);
    snprintf(buf, size, "%s%s", v > 0 ? "+" : "", tmp);
    return buf;
}

static const char *log_name(enum log_base b)
{
    switch (b) {
    case BASE_2: return "log2";
    case BASE_10: return "log10";
    default: return "ln";
    }
}

/* Room for an escaped label: more than the widest label column, so a
 * longer one is still seen to be cut. */
#define LABEL_ESCAPED 128

/* A label for a terminal outside UTF-8 locales, where curses would print
 * the bytes of a UTF-8 label as escapes of varying width (and a '?' per
 * byte made 猫 and 犬 alike): each non-ASCII character becomes its code
 * point, <U+732B>, each byte that is not UTF-8 <xNN>. Returns out. */
static const char *label_escape(const char *label, char *out, size_t size)
{
    size_t len = 0, n = strlen(label);
    for (size_t i = 0; i < n && len + 1 < size;) {
        unsigned char ch = (unsigned char)label[i];
        char e[16];
        if (ch < 0x80) {
            e[0] = (char)ch;
            e[1] = '\0';
            i++;
        } else {
            uint32_t cp;
            size_t k = utf8_scan(label + i, n - i, &cp);
            if (k)
                snprintf(e, sizeof e, "<U+%04X>", (unsigned)cp);
            else
                snprintf(e, sizeof e, "<x%02X>", ch);
            i += k ? k : 1;
        }
        size_t el = strlen(e);
        if (len + el >= size)
            break;
        memcpy(out + len, e, el);
        len += el;
    }
    out[len] = '\0';
    return out;
}

/* ---- the main screen ---- */

static void draw_header(struct build *bd, const struct view *v,
                        const struct session *s,
                        const struct tour *tour)
{
    if (v->layout.header_y < 0)
        return;   /* a folded compact layout: the lesson's title is there */
    char line[1024];
    /* In a tour the data is the lesson's, not the user's: "modified" would
     * suggest unsaved work. */
    const char *state = frame_state_word(s, tour);
    const char *file = s->path ? strrchr(s->path, '/') : NULL;
    file = file ? file + 1 : s->path;
    snprintf(line, sizeof line,
             _(" klx  n=%zu  base %s (%s)  editing %s  step %g%s%s%s%s"),
             s->table.n, log_base_name(s->base), session_unit(s),
             which_name(v->which), v->step, file ? "  " : "",
             file ? file : "", state, v->mouse ? _("  mouse") : "");
    fill(bd, 0, 0, bd->f->cols, ROLE_HEADER, " ");
    put(bd, 0, 0, bd->f->cols, ROLE_HEADER, line);
}

/* A compact exponent form of v: "5e-6" for 5e-06, "2.5e-4". */
static void scale_compact(char *buf, size_t size, double v)
{
    char e[NUM_BUF];
    snprintf(e, sizeof e, "%.2e", v);   /* d.dde[+-]dd */
    char *x = strchr(e, 'e');
    if (!x) {
        snprintf(buf, size, "%s", e);
        return;
    }
    int k = (int)strtol(x + 1, NULL, 10);
    while (x > e && x[-1] == '0')       /* the mantissa's 0s and '.' */
        x--;
    if (x > e && x[-1] == '.')
        x--;
    snprintf(buf, size, "%.*se%d", (int)(x - e), e, k);
}

static void draw_titles(struct build *bd, const struct view *v,
                        const struct session *s)
{
    const struct layout *l = &v->layout;
    int y = l->titles_y;
    put(bd, y, l->label_x, l->label_w, ROLE_TITLE, _("entry"));
    char t[128];
    for (int k = 0; k < 2; k++) {
        enum which w = k == 0 ? WHICH_P : WHICH_Q;
        int x = k == 0 ? l->pbar_x : l->qbar_x;
        int width = (k == 0 ? l->pbar_w : l->qbar_w) + 1 + LAYOUT_PVAL_W;
        enum role r = v->which == w ? ROLE_SELECTED : ROLE_TITLE;
        snprintf(t, sizeof t, " %s ", which_name(w));
        int used = put(bd, y, x, width, r, t);
        /* The scale is a round number (layout_nice). A cut one reads as
         * another scale ("0..0." as zero): the heading takes a shorter
         * form, or goes, but is never cut. */
        char sc[2][NUM_BUF];
        snprintf(sc[0], sizeof sc[0], "%.3g", v->mass_scale);
        scale_compact(sc[1], sizeof sc[1], v->mass_scale);
        for (int form = 0; form < 4; form++) {
            snprintf(t, sizeof t, " %s0..%s", form < 2 ? _("bar ") : "",
                     sc[form % 2]);
            if (layout_text_width(t) <= width - used) {
                put(bd, y, x + used, width - used, ROLE_DIM, t);
                break;
            }
        }
    }
    for (int k = 0; k < 2; k++) {
        int x = k == 0 ? l->fwd_x : l->rev_x;
        int width = 2 * l->fwd_half + 2 + LAYOUT_TVAL_W;
        const char *a = k == 0 ? "p" : "q", *b = k == 0 ? "q" : "p";
        snprintf(t, sizeof t, "%s||%s %s%s%s(%s/%s)", k == 0 ? "P" : "Q",
                 k == 0 ? "Q" : "P", a, bd->g->dot, log_name(s->base), a, b);
        if (layout_text_width(t) > width)
            snprintf(t, sizeof t, "%s%s%s(%s/%s)", a, bd->g->dot,
                     log_name(s->base), a, b);
        int w = layout_text_width(t);
        put(bd, y, x + (w < width ? (width - w) / 2 : 0), width, ROLE_TITLE,
            t);
    }
    if (l->grad_w && v->code)
        frame_code_title(bd->f, y, l->grad_x, LAYOUT_GRAD_W - 1);
    else if (l->grad_w && v->grad == GRAD_OFF && v->live.on)
        frame_live_title(bd->f, y, l->grad_x, LAYOUT_GRAD_W - 1);
    if (l->grad_w && v->grad != GRAD_OFF) {
        snprintf(t, sizeof t, "d(%s)/d%s",
                 v->grad == GRAD_FORWARD ? "P||Q" : "Q||P",
                 v->which == WHICH_P ? "p" : "q");
        put_right(bd, y, l->grad_x, LAYOUT_GRAD_W - 1, ROLE_TITLE, t);
    }
}

static void draw_grad_cell(struct build *bd, const struct view *v,
                           const struct session *s,
                           size_t i, int y)
{
    const struct layout *l = &v->layout;
    bool best = i == bd->hint.best;
    const char *arrow = bd->hint.dir > 0 ? bd->g->up : bd->g->down;
    if (!l->grad_w) {
        /* No room for the column: the arrow goes where the flag is. */
        if (best)
            put(bd, y, 1, 1, ROLE_LARGER, arrow);
        return;
    }
    char num[NUM_BUF];
    double x = bd->grad[i];
    if (isnan(x))
        snprintf(num, sizeof num, "-");
    else
        column_put(&bd->grad_col, num, sizeof num, session_scaled(s, x));
    put_right(bd, y, l->grad_x, LAYOUT_TVAL_W, best ? ROLE_LARGER : ROLE_DIM,
              num);
    if (best)
        put(bd, y, l->grad_x + LAYOUT_TVAL_W + 1, 1, ROLE_LARGER, arrow);
}

static void draw_row(struct build *bd, const struct view *v,
                     const struct session *s,
                     size_t i, int y)
{
    const struct layout *l = &v->layout;
    const struct table *t = &s->table;
    bool sel = i == v->sel;
    double p = t->p[i], q = t->q[i];
    double fwd = divergence_term(p, q), rev = divergence_term(q, p);
    char num[NUM_BUF];

    if (sel)
        put(bd, y, 0, 1, ROLE_TITLE, ">");
    if (isinf(fwd) || isinf(rev))
        put(bd, y, 1, 1, ROLE_INF, "!");
    if (sel)
        fill(bd, y, l->label_x, l->label_w, ROLE_SELECTED, " ");
    const char *label = t->labels[i];
    char safe[LABEL_ESCAPED];
    if (!v->utf8)
        label = label_escape(label, safe, sizeof safe);
    put(bd, y, l->label_x, l->label_w, sel ? ROLE_SELECTED : ROLE_TEXT, label);

    draw_mass(bd, y, l->pbar_x, l->pbar_w, p, v->mass_scale, ROLE_P);
    put_right(bd, y, l->pval_x, LAYOUT_PVAL_W,
              sel && v->which == WHICH_P ? ROLE_SELECTED : ROLE_TEXT,
              column_put(&bd->col[REPORT_P], num, sizeof num, p));
    draw_mass(bd, y, l->qbar_x, l->qbar_w, q, v->mass_scale, ROLE_Q);
    put_right(bd, y, l->qval_x, LAYOUT_PVAL_W,
              sel && v->which == WHICH_Q ? ROLE_SELECTED : ROLE_TEXT,
              column_put(&bd->col[REPORT_Q], num, sizeof num, q));

    draw_signed(bd, y, l->fwd_x, l->fwd_half, fwd, v->term_scale);
    put_right(bd, y, l->fval_x, LAYOUT_TVAL_W,
              isinf(fwd) ? ROLE_INF : fwd < 0 ? ROLE_NEG : ROLE_TEXT,
              column_put(&bd->col[REPORT_FWD], num, sizeof num,
                         session_scaled(s, fwd)));
    draw_signed(bd, y, l->rev_x, l->rev_half, rev, v->term_scale);
    put_right(bd, y, l->rval_x, LAYOUT_TVAL_W,
              isinf(rev) ? ROLE_INF : rev < 0 ? ROLE_NEG : ROLE_TEXT,
              column_put(&bd->col[REPORT_REV], num, sizeof num,
                         session_scaled(s, rev)));
    if (bd->grad)
        draw_grad_cell(bd, v, s, i, y);
    if (bd->code && l->grad_w)
        frame_code_cell(bd->f, bd->code, s, i, y, l->grad_x,
                        LAYOUT_GRAD_W - 1);
    else if (!bd->grad && v->live.on && l->grad_w)
        frame_live_cell(bd->f, &v->live, i, y, l->grad_x, LAYOUT_GRAD_W - 1);
}

static void draw_big(struct build *bd, int y, int x, int width,
                     const char *text, enum role r)
{
    if (!layout_big_ok(text))
        return;
    for (int row = 0; row < 3; row++) {
        int cx = x;
        for (const char *c = text; *c; c++) {
            if (cx + LAYOUT_BIG_GLYPH_W > x + width)
                break;
            put(bd, y + row, cx, 3, r, layout_big_glyph(*c, row));
            cx += LAYOUT_BIG_GLYPH_W;
        }
    }
}

/* One direction's block of the totals panel. */
static void draw_direction(struct build *bd, const struct view *v,
                           const struct session *s,
                           int x, int width, bool forward, bool larger)
{
    const struct layout *l = &v->layout;
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    const char *name = forward ? "KL(P||Q)" : "KL(Q||P)";
    char num[NUM_BUF];
    int y = l->panel_y;

    num_short(num, sizeof num, session_scaled(s, d->total));
    int used = put(bd, y, x, width, ROLE_TITLE, name);
    used += put(bd, y, x + used, width - used, ROLE_TITLE, " = ");
    used += put(bd, y, x + used, width - used, ROLE_TITLE, num);
    char unit[32];
    snprintf(unit, sizeof unit, " %s", session_unit(s));
    used += put(bd, y, x + used, width - used, ROLE_TEXT, unit);
    if (larger)
        put(bd, y, x + used + 2, width - used - 2, ROLE_LARGER,
            _(bd->g->larger));
    y++;
    if (l->big_digits) {
        if (isinf(d->total))
            put(bd, y + 1, x + 2, width - 2, ROLE_INF, _("INFINITE"));
        else
            draw_big(bd, y, x + 2, width - 2, num,
                     larger ? ROLE_LARGER : ROLE_TITLE);
        y += 3;
    }

    /* Three labels with their sums right-aligned in one column, wide
     * enough that a long count or sum never runs into its label. */
    char label[3][64], val[3][NUM_BUF];
    snprintf(label[0], sizeof label[0], _("negative terms (%zu)"), d->n_neg);
    snprintf(label[1], sizeof label[1], "%s", _("positive terms"));
    snprintf(label[2], sizeof label[2], "%s", _("total"));
    fmt_term(val[0], sizeof val[0], s, d->neg);
    fmt_term(val[1], sizeof val[1], s, d->pos);
    snprintf(val[2], sizeof val[2], "%s", num);
    static const enum role val_role[3] = {ROLE_NEG, ROLE_POS, ROLE_TITLE};
    int col = 30;
    for (int k = 0; k < 3; k++) {
        int need = layout_text_width(label[k]) + 1 +
                   layout_text_width(val[k]);
        if (need > col)
            col = need;
    }
    for (int k = 0; k < 3; k++) {
        put(bd, y + k, x + 2, width - 2, ROLE_TEXT, label[k]);
        put_right(bd, y + k, x + 2, col, val_role[k], val[k]);
    }
    y += 2;
    int check_x = 2 + col + 1;
    if (width > check_x + 1) {
        if (isinf(d->total))
            put(bd, y, x + check_x, width - check_x, ROLE_INF, "= inf");
        else if (d->total == 0)
            put_fmt(bd, y, x + check_x, width - check_x, ROLE_GOOD,
                    "= 0 %s", bd->g->check);
        else
            put_fmt(bd, y, x + check_x, width - check_x, ROLE_GOOD,
                    "%s 0 %s", bd->g->ge, bd->g->check);
    }
}

/* "c, d" for the entries that make a direction infinite. */
static void inf_names(const struct session *s, const struct direction *d,
                      char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    size_t shown = d->n_inf < DIVERGENCE_INF_LIST ? d->n_inf
                                                  : DIVERGENCE_INF_LIST;
    for (size_t k = 0; k < shown && len + 1 < size; k++) {
        int r = snprintf(out + len, size - len, "%s%s", k ? ", " : "",
                         s->table.labels[d->inf_idx[k]]);
        if (r < 0)
            break;
        len += (size_t)r;
        if (len >= size)
            len = size - 1;
    }
    if (d->n_inf > shown && len + 1 < size)
        snprintf(out + len, size - len, _(" and %zu more"), d->n_inf - shown);
}

static void draw_measures(struct build *bd, const struct view *v,
                          const struct session *s)
{
    const struct layout *l = &v->layout;
    struct buf b;
    buf_init(&b);
    panels_measures(s, v->derived, v->unicode, l->panel_h, &b);
    int y = l->panel_y;
    const char *p = b.s;
    char line[512];
    for (int k = 0; *p && k < l->panel_h; k++, y++) {
        view_take_line(&p, line, sizeof line);
        int used = put(bd, y, 1, l->cols - 2, k == 0 ? ROLE_TITLE : ROLE_TEXT,
                       line);
        if (k == 0) {
            /* The keys of this panel, when there is room. */
            const char *keys = v->unicode
                ? _("m: KL panel  , . \u03B1")
                : _("m: KL panel  , . alpha");
            int kw = layout_text_width(keys);
            if (used + 4 + kw <= l->cols - 1)
                put(bd, y, l->cols - 1 - kw, kw, ROLE_DIM, keys);
        }
    }
    buf_free(&b);
}

/* ---- the compact panel ---- */

/* A line of the compact panel as pieces of one role each, measured
 * before it is drawn so that the most detailed form that fits is used. */
struct segs {
    struct {
        char text[64];
        enum role role;
    } s[24];
    int n;
};

static void seg_add(struct segs *g, enum role r, const char *text)
{
    if (g->n >= (int)(sizeof g->s / sizeof g->s[0]))
        return;
    snprintf(g->s[g->n].text, sizeof g->s[g->n].text, "%s", text);
    g->s[g->n].role = r;
    g->n++;
}

static int segs_width(const struct segs *g)
{
    int w = 0;
    for (int k = 0; k < g->n; k++)
        w += layout_text_width(g->s[k].text);
    return w;
}

static void segs_draw(struct build *bd, int y, int x, int width,
                      const struct segs *g)
{
    for (int k = 0; k < g->n && width > 0; k++) {
        int used = put(bd, y, x, width, g->s[k].role, g->s[k].text);
        x += used;
        width -= used;
    }
}

/* One direction in a line: "KL(P||Q) = 0.632504 nats  terms -0.130797
 * +0.763301 = 0.632504 ≥ 0 ✓  ◀ larger" at detail 2 (negative terms +
 * positive terms = total >= 0); without the unit and the word "terms" at
 * 1; only the total and its check at 0. */
static void compact_direction(struct build *bd, const struct session *s,
                              bool forward, bool larger, int detail,
                              struct segs *g)
{
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    char num[NUM_BUF], t[64];
    num_short(num, sizeof num, session_scaled(s, d->total));
    seg_add(g, ROLE_TITLE, forward ? "KL(P||Q) = " : "KL(Q||P) = ");
    seg_add(g, larger ? ROLE_LARGER : ROLE_TITLE, num);
    if (detail >= 2) {
        snprintf(t, sizeof t, " %s", session_unit(s));
        seg_add(g, ROLE_TEXT, t);
    }
    if (isinf(d->total)) {
        seg_add(g, ROLE_INF, forward ? _("  q = 0 where p > 0")
                                     : _("  p = 0 where q > 0"));
    } else if (d->total == 0) {
        snprintf(t, sizeof t, "%s %s", detail ? _("  every term is 0") : "",
                 bd->g->check);
        seg_add(g, ROLE_GOOD, t);
    } else if (detail == 0) {
        snprintf(t, sizeof t, " %s 0 %s", bd->g->ge, bd->g->check);
        seg_add(g, ROLE_GOOD, t);
    } else {
        seg_add(g, ROLE_TEXT, detail >= 2 ? _("  terms ") : "  ");
        seg_add(g, ROLE_NEG, fmt_term(t, sizeof t, s, d->neg));
        seg_add(g, ROLE_TEXT, " ");
        seg_add(g, ROLE_POS, fmt_term(t, sizeof t, s, d->pos));
        snprintf(t, sizeof t, " = %s", num);
        seg_add(g, ROLE_TEXT, t);
        snprintf(t, sizeof t, " %s 0 %s", bd->g->ge, bd->g->check);
        seg_add(g, ROLE_GOOD, t);
    }
    if (larger) {
        seg_add(g, ROLE_TEXT, "  ");
        seg_add(g, ROLE_LARGER, _(bd->g->larger));
    }
}

/* The compact panel: a line per direction, or both in one line. */
static void draw_compact(struct build *bd, const struct view *v,
                         const struct session *s)
{
    const struct layout *l = &v->layout;
    const struct direction *pq = &s->div.pq, *qp = &s->div.qp;
    bool fwd_larger = pq->total > qp->total;
    bool rev_larger = qp->total > pq->total;
    int width = l->cols - 2;
    struct segs g;
    if (l->panel_h >= 2) {
        /* One detail for both lines, so that they read alike. */
        struct segs lines[2];
        for (int detail = 2; detail >= 0; detail--) {
            bool fit = true;
            for (int k = 0; k < 2; k++) {
                lines[k].n = 0;
                compact_direction(bd, s, k == 0, k == 0 ? fwd_larger
                                                        : rev_larger,
                                  detail, &lines[k]);
                fit = fit && segs_width(&lines[k]) <= width;
            }
            if (fit)
                break;
        }
        for (int k = 0; k < 2; k++)
            segs_draw(bd, l->panel_y + k, 1, width, &lines[k]);
        return;
    }
    for (int detail = 2; detail >= 0; detail--) {
        g.n = 0;
        compact_direction(bd, s, true, fwd_larger, detail, &g);
        seg_add(&g, ROLE_TEXT, detail >= 1 ? "  |  " : "   ");
        compact_direction(bd, s, false, rev_larger, detail, &g);
        if (detail == 0 || segs_width(&g) <= width)
            break;
    }
    if (l->panel_on_status)
        fill(bd, l->panel_y, 0, l->cols, ROLE_TEXT, " ");
    segs_draw(bd, l->panel_y, 1, width, &g);
    /* On the status row the key help gave way: the key to all of it
     * stays when there is room. */
    const char *help = _("? help");
    int hw = layout_text_width(help);
    if (l->panel_on_status && 1 + segs_width(&g) + 3 + hw <= l->cols - 1)
        put(bd, l->panel_y, l->cols - 1 - hw, hw, ROLE_DIM, help);
}

static void draw_panel(struct build *bd, const struct view *v,
                       const struct session *s)
{
    const struct layout *l = &v->layout;
    if (l->measures) {
        draw_measures(bd, v, s);
        return;
    }
    if (l->compact) {
        draw_compact(bd, v, s);
        return;
    }
    const struct direction *pq = &s->div.pq, *qp = &s->div.qp;
    bool fwd_larger = pq->total > qp->total;
    bool rev_larger = qp->total > pq->total;
    int hw = l->half_w;
    draw_direction(bd, v, s, 1, hw - 2, true, fwd_larger);
    draw_direction(bd, v, s, hw + 1, l->cols - hw - 2, false, rev_larger);

    char num[NUM_BUF], line[1024];
    int y = l->panel_y + l->panel_h - 2;
    if (isinf(pq->total) || isinf(qp->total)) {
        put_fmt(bd, y, 1, l->cols - 2, ROLE_TEXT,
                _("asymmetry: KL(P||Q) %s KL(Q||P) is not a number here "
                  "(a direction is infinite)"), bd->g->minus);
    } else {
        num_short(num, sizeof num, session_scaled(s, pq->total - qp->total));
        snprintf(line, sizeof line,
                 _("asymmetry: KL(P||Q) %s KL(Q||P) = %s %s%s"),
                 bd->g->minus, num, session_unit(s),
                 pq->total == qp->total ? ""
                                        : _("  (KL is not symmetric)"));
        put(bd, y, 1, l->cols - 2, ROLE_TEXT, line);
    }
    y++;
    if (pq->n_inf || qp->n_inf) {
        char names[512];
        int x = 1;
        if (pq->n_inf) {
            inf_names(s, pq, names, sizeof names);
            snprintf(line, sizeof line,
                     _("! KL(P||Q) = inf: q = 0 where p > 0 at %s.  "),
                     names);
            x += put(bd, y, x, l->cols - 1 - x, ROLE_INF, line);
        }
        if (qp->n_inf) {
            inf_names(s, qp, names, sizeof names);
            snprintf(line, sizeof line,
                     _("! KL(Q||P) = inf: p = 0 where q > 0 at %s."), names);
            put(bd, y, x, l->cols - 1 - x, ROLE_INF, line);
        }
    } else if (s->div.identical) {
        put_fmt(bd, y, 1, l->cols - 2, ROLE_GOOD,
                _("check: P = Q, so every term is 0 and both KL are exactly "
                  "0 %s (the only way to get 0)"), bd->g->check);
    } else if (l->cols >= 96) {
        put_fmt(bd, y, 1, l->cols - 2, ROLE_GOOD,
                _("check: P %s Q, so both KL are > 0 %s: the negative terms "
                  "never outweigh the positive ones"), bd->g->ne,
                bd->g->check);
    } else {
        /* The same sentence, short enough for 80 columns. */
        put_fmt(bd, y, 1, l->cols - 2, ROLE_GOOD,
                _("check: P %s Q, so both KL are > 0 %s (negative terms "
                  "never win)"), bd->g->ne, bd->g->check);
    }
}

static void draw_separator(struct build *bd, struct view *v,
                           const struct session *s)
{
    const struct layout *l = &v->layout;
    if (l->sep_y < 0)
        return;   /* folded away: the table is whole */
    fill(bd, l->sep_y, 0, l->cols, ROLE_DIM, bd->g->sep);
    size_t n = s->table.n;
    char t[160];
    t[0] = '\0';
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (order) {
        size_t last = v->rank_top + (size_t)l->table_h;
        snprintf(t, sizeof t, _(" sorted by |%s|: %zu-%zu of the top %zu "
                                "(o: %s) "),
                 v->sorted == SORTED_FORWARD ? "p*log(p/q)" : "q*log(q/p)",
                 count ? v->rank_top + 1 : 0, last > count ? count : last,
                 count, v->sorted == SORTED_FORWARD ? "KL(Q||P)" : _("off"));
    } else if (n > (size_t)l->table_h) {
        size_t last = v->top + (size_t)l->table_h;
        snprintf(t, sizeof t, _(" %zu-%zu of %zu "), v->top + 1,
                 last > n ? n : last, n);
    }
    int tw = layout_text_width(t);
    if (bd->grad) {
        char hint[512], h[520];
        panels_grad_text(s, v->which, v->grad == GRAD_FORWARD, &bd->hint,
                         hint, sizeof hint);
        snprintf(h, sizeof h, " %s %s ",
                 bd->hint.dir > 0 ? bd->g->up : bd->hint.dir < 0 ? bd->g->down
                                                                : "",
                 hint);
        put(bd, l->sep_y, 1, l->cols - 3 - tw, ROLE_LARGER, h);
    }
    if (t[0])
        put_right(bd, l->sep_y, 0, l->cols - 2, ROLE_TITLE, t);
}

static void draw_status(struct build *bd, const struct view *v,
                        const struct tour *tour)
{
    int y = bd->f->rows - 1;
    if (v->message[0]) {
        enum role r = v->message_error ? ROLE_ERROR : ROLE_STATUS;
        fill(bd, y, 0, bd->f->cols, r, " ");
        put(bd, y, 0, bd->f->cols, r, v->message);
        return;
    }
    if (v->layout.panel_on_status)
        return;   /* the compact panel is there: the rows came first */
    char line[512];
    enum keymap_tour t = !tour || !tour->active ? KEYMAP_NO_TOUR
                         : tour->builtin        ? KEYMAP_TOUR
                                                : KEYMAP_LESSON;
    keymap_status(t, bd->g->arrows, bd->f->cols, line, sizeof line);
    fill(bd, y, 0, bd->f->cols, ROLE_STATUS, " ");
    put(bd, y, 0, bd->f->cols, ROLE_STATUS, line);
}

static void draw_caption(struct build *bd, const struct view *v,
                         const struct tour *tour)
{
    const struct layout *l = &v->layout;
    if (!l->caption_h)
        return;
    size_t count = tour_count(tour);
    const struct lesson_step *les = tour_current(tour);
    if (!les)
        return;
    char t[256];
    int y = l->caption_y;
    struct buf title;   /* a heading may be long: put() cuts it, whole */
    buf_init(&title);
    buf_printf(&title, _(" Lesson %zu/%zu: %s"), tour->step + 1, count,
               les->heading);
    fill(bd, y, 0, l->cols, ROLE_STATUS, " ");
    bool more = tour->step + 1 < count;
    const char *keys =
        tour->builtin ? (more ? _("> next  < back  Esc end tour ")
                              : _("last lesson  < back  Esc end tour "))
                      : (more ? _("> next  < back  Esc end lesson ")
                              : _("last step  < back  Esc end lesson "));
    /* The keys are how to go on: a long title gives way to them (and
     * ends in an ellipsis) unless it would keep almost nothing. */
    int kw = layout_text_width(keys);
    int title_w = l->cols - kw - 2;
    if (title_w < 16)
        title_w = l->cols;
    put(bd, y, 0, title_w, ROLE_STATUS, title.s);
    buf_free(&title);
    if (title_w < l->cols)
        put(bd, y, l->cols - kw, kw, ROLE_STATUS, keys);
    const char *p = tour_caption(tour);
    for (y++; y < l->caption_y + l->caption_h && *p; y++) {
        view_take_line(&p, t, sizeof t);
        int w = layout_text_width(t);
        put(bd, y, w + 2 <= l->cols ? 2 : 0, l->cols, ROLE_TEXT, t);
    }
}

static void draw_note(struct build *bd, const struct view *v)
{
    const struct layout *l = &v->layout;
    const char *p = v->note;
    char t[VIEW_MESSAGE_MAX];
    int end = l->note_y + l->note_h - l->region_h;
    for (int y = l->note_y; y < end && *p; y++) {
        t[0] = ' ';
        view_take_line(&p, t + 1, sizeof t - 1);
        fill(bd, y, 0, l->cols, ROLE_STATUS, " ");
        put(bd, y, 0, l->cols, ROLE_STATUS, t);
    }
}

/* Rows the caption of the current lesson asks for: its title line and
 * its text. */
static int caption_rows(const struct tour *tour)
{
    if (!tour || !tour->active)
        return 0;
    if (!tour_current(tour))
        return 0;
    int widest;
    return 1 + view_text_lines(tour_caption(tour), &widest);
}

/* Text wrapped at words (or between Chinese characters) into rows y..
 * of the whole width; returns how many rows it takes (and draws them
 * when `draw`). */
static int wrap_text(struct build *bd, int y, const char *p, enum role r,
                     bool draw)
{
    int lines = 0;
    while (*p) {
        size_t b = utf8_wrap_break(p, bd->f->cols);
        if (b == 0)
            break;
        if (draw && y + lines < bd->f->rows) {
            frame_role(bd->f, r);
            frame_mvaddn(bd->f, y + lines, 0, p, (int)b);
        }
        lines++;
        p += b;
        while (*p == ' ')
            p++;
    }
    return lines;
}

static void draw_too_small(struct build *bd, const struct layout *l)
{
    char line[160];
    snprintf(line, sizeof line,
             _("klx needs a terminal of at least %dx%d (this one is "
               "%dx%d)."),
             l->min_cols, l->min_rows, l->cols, l->rows);
    /* The whole message, centred; where it does not fit, a short one,
     * so that how to leave is never cut off. */
    const char *msgs[] = {line,
                          _("Make the window larger, or press q to quit.")};
    int lines = wrap_text(bd, 0, msgs[0], ROLE_TITLE, false) +
                wrap_text(bd, 0, msgs[1], ROLE_TEXT, false);
    if (lines > l->rows) {
        msgs[0] = _("Window too small.");
        msgs[1] = _("q quits.");
        lines = wrap_text(bd, 0, msgs[0], ROLE_TITLE, false) +
                wrap_text(bd, 0, msgs[1], ROLE_TEXT, false);
    }
    if (lines > l->rows) {
        msgs[0] = "";
        lines = wrap_text(bd, 0, msgs[1], ROLE_TEXT, false);
    }
    int y = (l->rows - lines) / 2;
    if (y < 0)
        y = 0;
    y += wrap_text(bd, y, msgs[0], ROLE_TITLE, true);
    wrap_text(bd, y, msgs[1], ROLE_TEXT, true);
}

static void draw_pager(struct build *bd, const struct view *v)
{
    fill(bd, 0, 0, bd->f->cols, ROLE_HEADER, " ");
    put(bd, 0, 0, bd->f->cols, ROLE_HEADER, v->pager_title);
    int rows = view_pager_rows(v);
    const char *p = v->pager_text;
    for (size_t skip = v->pager_top; skip > 0 && *p; skip--) {
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
    }
    bool after_axis = false;
    for (int y = 1; y <= rows && *p; y++) {
        char line[1024];
        view_take_line(&p, line, sizeof line);
        put(bd, y, 0, bd->f->cols, ROLE_TEXT, line);
        if (v->pager_chart)
            frame_chart_line(bd->f, y, line, &after_axis);
    }
    char st[160];
    size_t last = v->pager_top + (size_t)rows;
    if (last > v->pager_lines)
        last = v->pager_lines;
    /* Text below the fold says so first: a conclusion there is easy to
     * miss. */
    size_t below = v->pager_lines - last;
    char more[64] = "";
    if (below)
        snprintf(more, sizeof more,
                 ngettext("  %s %zu more line", "  %s %zu more lines", below),
                 bd->g->down, below);
    snprintf(st, sizeof st,
             _(" lines %zu-%zu of %zu%s   Up/Down PgUp/PgDn scroll   Esc or "
               "q closes"),
             v->pager_lines ? v->pager_top + 1 : 0, last, v->pager_lines,
             more);
    fill(bd, bd->f->rows - 1, 0, bd->f->cols, ROLE_STATUS, " ");
    put(bd, bd->f->rows - 1, 0, bd->f->cols, ROLE_STATUS, st);
}

/* The widest label, over every entry, kept while the session's labels
 * stay the same (a `set` does not touch them; a `labels` command rewrites
 * them in place, which table_version tells). ASCII labels are measured by
 * their length, the others cell by cell, or as their escapes outside
 * UTF-8 locales (label_escape). */
static int label_width(struct view_cache *c, const struct session *s,
                       bool utf8)
{
    const struct table *t = &s->table;
    if (c->labels_s == s && c->labels_version == s->table_version &&
        c->labels == t->labels && c->labels_n == t->n && c->label_w)
        return c->label_w;
    int w = layout_text_width(_("entry"));   /* the column's heading */
    for (size_t i = 0; i < t->n; i++) {
        const unsigned char *l = (const unsigned char *)t->labels[i];
        size_t k = 0;
        bool ascii = true;
        for (; l[k]; k++)
            ascii &= l[k] < 0x80;
        char esc[LABEL_ESCAPED];
        int lw = ascii ? (k > 255 ? 255 : (int)k)
                 : utf8 ? layout_text_width(t->labels[i])
                        : (int)strlen(label_escape(t->labels[i], esc,
                                                   sizeof esc));
        if (lw > w)
            w = lw;
        if (w >= LAYOUT_LABEL_MAX)
            break;
    }
    c->labels_s = s;
    c->labels_version = s->table_version;
    c->labels = t->labels;
    c->labels_n = t->n;
    c->label_w = w;
    return w;
}

static void compute_scales(struct view *v, const struct view_cache *c)
{
    double ms = layout_nice(c->max_mass);
    v->mass_scale = ms > 1 ? 1 : ms;
    v->term_scale = layout_nice(c->max_term);
}

/* Eighth-cells of a small bar in the overview. */
static void draw_mini(struct build *bd, int y, int x, int width, double val,
                      double scale,
                      enum role r)
{
    if (val > 0)
        draw_mass(bd, y, x, width, val, scale, r);
}

/* The binned overview: each row is a bin of contiguous entries with the
 * mass of P and Q and the sum of the terms of the sorted (else forward)
 * direction; the marker column shows where the rows on screen are. */
static void draw_overview(struct build *bd, struct view *v,
                          const struct session *s,
                          const size_t *order, size_t count)
{
    const struct layout *l = &v->layout;
    size_t n = s->table.n;
    if (!l->ov_w || n == 0 || l->table_h <= 0)
        return;
    size_t nb;
    const struct overview_bin *b = view_cache_bins(v, s, (size_t)l->table_h,
                                                   &nb);
    bool fwd = v->sorted != SORTED_REVERSE;
    double mp = 0, mt = 0;
    for (size_t k = 0; k < nb; k++) {
        mp = fmax(mp, fmax(b[k].p, b[k].q));
        double tv = fwd ? b[k].fwd : b[k].rev;
        if (isfinite(tv))
            mt = fmax(mt, fabs(tv));
    }
    int x = l->ov_x;
    put(bd, l->titles_y, x, l->ov_w, ROLE_TITLE,
        fwd ? " P   Q   P||Q" : " P   Q   Q||P");
    /* Which bins the rows on screen come from. */
    size_t first = 0, last = 0;
    bool natural = order == NULL;
    if (natural)
        layout_overview_span(n, nb, v->top, l->table_h, &first, &last);
    size_t sel_bin = overview_bin_of(n, nb, v->sel < n ? v->sel : n - 1);
    for (size_t k = 0; k < nb; k++) {
        int y = l->table_y + (int)k;
        bool in_view = natural && k >= first && k <= last;
        if (!natural) {
            for (int r = 0; r < l->table_h && !in_view; r++) {
                size_t rr = v->rank_top + (size_t)r;
                if (rr >= count)
                    break;
                in_view = overview_bin_of(n, nb, order[rr]) == k;
            }
        }
        if (k == sel_bin)
            put(bd, y, x, 1, ROLE_LARGER, v->unicode ? "\u25B6" : ">");
        else if (in_view)
            put(bd, y, x, 1, ROLE_TITLE, v->unicode ? "\u2503" : "|");
        else
            put(bd, y, x, 1, ROLE_DIM, v->unicode ? "\u2502" : ":");
        draw_mini(bd, y, x + 1, 3, b[k].p, mp, ROLE_P);
        draw_mini(bd, y, x + 5, 3, b[k].q, mp, ROLE_Q);
        double tv = fwd ? b[k].fwd : b[k].rev;
        bool inf = fwd ? b[k].fwd_inf : b[k].rev_inf;
        int tw = l->ov_w - 9;
        if (inf) {
            fill(bd, y, x + 9, tw - 1, ROLE_INF, bd->g->pos);
            put(bd, y, x + 9 + tw - 1, 1, ROLE_INF, bd->g->inf);
        } else if (tv > 0) {
            draw_mini(bd, y, x + 9, tw, tv, mt, ROLE_POS);
        } else if (tv < 0) {
            fill(bd, y, x + 9, bar_cells(bar_eighths(-tv, mt, tw)), ROLE_NEG,
                 bd->g->neg);
        }
    }
}

/* The regions under the table, top down as rows allow: the parameter
 * line, the live sampling run, the pinned snapshot. */
static void draw_regions(struct build *bd, const struct view *v,
                         const struct session *s)
{
    const struct layout *l = &v->layout;
    int y = l->note_y + l->note_h - l->region_h, left = l->region_h;
    int rows[3] = {frame_family_rows(v), frame_live_rows(&v->live),
                   frame_pin_rows(v->pin)};
    for (int k = 0; k < 3; k++) {
        int h = rows[k] < left ? rows[k] : left;
        if (k == 0)
            frame_family_draw(bd->f, v, s, y, h);
        else if (k == 1)
            frame_live_draw(bd->f, &v->live, s, y, h, v->unicode);
        else
            frame_pin_draw(bd->f, v->pin, s, y, h, l->half_w);
        y += h;
        left -= h;
    }
}

static void build_regions(struct build *bd, struct view *v,
                          const struct session *s, const struct tour *tour)
{
    if (v->pager_text) {
        draw_pager(bd, v);
        return;
    }
    const struct table *t = &s->table;
    struct layout *l = &v->layout;
    int widest;
    struct layout_extras ex = {
        .caption_rows = caption_rows(tour),
        .note_rows = v->note[0] ? view_text_lines(v->note, &widest) : 0,
        .region_rows = frame_family_rows(v) + frame_live_rows(&v->live) +
                       frame_pin_rows(v->pin),
        .measures = v->measures,
        .grad = v->grad != GRAD_OFF || v->code || v->live.on,
    };
    struct view_cache *c = view_cache_sync(v, s);
    ex.overview = v->overview;
    ex.compact = v->compact;
    if (ex.overview == LAYOUT_OV_AUTO && t->n <= 4 * (size_t)bd->f->rows)
        ex.overview = LAYOUT_OV_OFF;
    layout_compute_ex(l, bd->f->cols, bd->f->rows, t->n, label_width(c, s, v->utf8),
                      &ex);
    if (!l->fits) {
        draw_too_small(bd, l);
        return;
    }
    if (v->sel >= t->n)
        v->sel = t->n ? t->n - 1 : 0;
    size_t count;
    const size_t *order = view_sorted_order(v, s, &count);
    if (order && count) {
        /* The selection follows its entry through a change; an entry
         * that left the list gives its row to the one now there. */
        size_t r = layout_rank_of(order, count, v->sel);
        if (r == count)
            r = v->rank < count ? v->rank : count - 1;
        v->rank = r;
        v->sel = order[r];
        v->rank_top = layout_scroll(v->rank_top, v->rank, l->table_h, count);
    }
    v->top = layout_scroll(v->top, v->sel, l->table_h, t->n);
    compute_scales(v, c);

    if (v->grad != GRAD_OFF && t->n > 0)
        bd->grad = view_cache_grad(v, s, &bd->hint);
    if (v->code)
        bd->code = frame_code_book(v, s);

    draw_header(bd, v, s, tour);
    if (ex.caption_rows)
        draw_caption(bd, v, tour);
    draw_titles(bd, v, s);
    /* The rows on screen, first, so each column takes one number format
     * for what it shows. */
    size_t *rows = xmalloc((l->table_h > 0 ? (size_t)l->table_h : 1) *
                           sizeof *rows);
    size_t shown = 0;
    for (int r = 0; r < l->table_h; r++) {
        size_t i;
        if (order) {
            size_t rr = v->rank_top + (size_t)r;
            if (rr >= count)
                break;
            i = order[rr];
        } else {
            i = v->top + (size_t)r;
            if (i >= t->n)
                break;
        }
        rows[shown++] = i;
    }
    report_columns(s, rows, shown, LAYOUT_PVAL_W, LAYOUT_TVAL_W, 6, true,
                   bd->col);
    if (bd->grad) {
        double *g = xmalloc((shown ? shown : 1) * sizeof *g);
        for (size_t r = 0; r < shown; r++)
            g[r] = session_scaled(s, bd->grad[rows[r]]);
        column_pick(&bd->grad_col, g, shown, LAYOUT_TVAL_W, 6, false);
        free(g);
    }
    for (size_t r = 0; r < shown; r++)
        draw_row(bd, v, s, rows[r], l->table_y + (int)r);
    free(rows);
    draw_overview(bd, v, s, order, count);
    draw_note(bd, v);
    draw_regions(bd, v, s);
    draw_separator(bd, v, s);
    draw_panel(bd, v, s);
    draw_status(bd, v, tour);
}

/* The joint view (frame_joint.h), with a tour lesson's caption under
 * its header as on the P/Q screen. */
static void build_joint(struct build *bd, struct view *v,
                        const struct session *s, const struct tour *tour)
{
    int cap = caption_rows(tour);
    if (cap > bd->f->rows / 3)
        cap = bd->f->rows / 3;
    frame_joint_build(bd->f, v, s, tour, cap);
    if (!cap || bd->f->cols < FRAME_JOINT_MIN_COLS ||
        bd->f->rows < FRAME_JOINT_MIN_ROWS)
        return;
    v->layout.cols = bd->f->cols;
    v->layout.caption_y = 1;
    v->layout.caption_h = cap;
    draw_caption(bd, v, tour);
}

void frame_build(struct frame *f, int cols, int rows, struct view *v,
                 const struct session *s, const struct tour *tour)
{
    struct build bd = {f, v->unicode ? &unicode_glyphs : &ascii_glyphs,
                       v->unicode, NULL, {0}, {0}, {{0}}, {0}, NULL};
    buf_init(&bd.bar);
    frame_reset(f, cols, rows);
    v->screen_rows = rows;
    if (v->joint && s->joint.rows > 0 && !v->pager_text)
        build_joint(&bd, v, s, tour);
    else
        build_regions(&bd, v, s, tour);
    buf_free(&bd.bar);
}
