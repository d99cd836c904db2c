#include "export.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "i18n.h"
#include "num.h"
#include "report.h"
#include "utf8.h"

bool export_format_of(const char *path, enum export_format *out,
                      struct error *err)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcmp(dot, ".txt") == 0) {
            *out = EXPORT_TEXT;
            return true;
        }
        if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0) {
            *out = EXPORT_MARKDOWN;
            return true;
        }
        if (strcmp(dot, ".svg") == 0) {
            *out = EXPORT_SVG;
            return true;
        }
    }
    return error_set(err, _("%s: unknown export format (hint: end the name "
                        "in .txt, .md or .svg)"), path);
}

static const char *v(const struct session *s, char *b, size_t n, double x)
{
    return num_short(b, n, session_scaled(s, x));
}

/* ---- Markdown ---- */

/* Markdown table cells show a label as it is: '|' would end the cell,
 * '<' and '&' start HTML, a backtick a code span, a backslash an escape. */
static const char *const md_escapes[128] = {
    ['|'] = "\\|", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
    ['`'] = "&#96;", ['\\'] = "&#92;",
};

static void md_cell(struct buf *out, const char *text)
{
    buf_append_escaped(out, text, md_escapes);
}

/* A code fence longer than any run of backticks in the text, so that a
 * label cannot close it. */
static void md_fence(struct buf *out, const char *text)
{
    size_t longest = 2, run = 0;
    for (const char *c = text; *c; c++) {
        run = *c == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    for (size_t i = 0; i <= longest; i++)
        buf_putc(out, '`');
    buf_putc(out, '\n');
}

/* A blank line, then text (freed) in a code block. */
static void md_code_block(struct buf *out, struct buf *text)
{
    buf_putc(out, '\n');
    md_fence(out, text->s);
    buf_append(out, text->s);
    md_fence(out, text->s);
    buf_free(text);
}

static void render_markdown(const struct session *s, int width,
                            bool unicode, struct buf *out)
{
    const struct table *t = &s->table;
    const char *u = session_unit(s);
    char a[NUM_BUF];
    buf_printf(out, _("# KL divergence: %zu entries, %s\n\n"), t->n, u);
    buf_printf(out, "- **KL(P||Q) = %s %s**\n", v(s, a, sizeof a,
                                                  s->div.pq.total), u);
    buf_printf(out, "- **KL(Q||P) = %s %s**\n\n", v(s, a, sizeof a,
                                                    s->div.qp.total), u);
    buf_printf(out, "| %s | p | q | p·log(p/q) | q·log(q/p) |\n"
               "|---|---:|---:|---:|---:|\n", _("entry"));
    size_t rows = t->n < EXPORT_MAX_ROWS ? t->n : EXPORT_MAX_ROWS;
    struct column col[REPORT_COLS];
    report_columns(s, NULL, rows, 10, 12, 6, false, col);
    char cell[REPORT_COLS][REPORT_CELL];
    for (size_t i = 0; i < rows; i++) {
        buf_append(out, "| ");
        md_cell(out, t->labels[i]);
        report_cells(s, col, i, cell);
        buf_printf(out, " | %s | %s | %s | %s |\n", cell[REPORT_P],
                   cell[REPORT_Q], cell[REPORT_FWD], cell[REPORT_REV]);
    }
    if (rows < t->n)
        buf_printf(out, _("\n(the first %zu of %zu entries)\n"), rows, t->n);
    struct buf report;
    buf_init(&report);
    report_text(s, width, unicode, &report);
    md_code_block(out, &report);
}

/* ---- SVG ---- */

/* Whether XML 1.0 allows the code point in a document at all. */
static bool xml_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD ||
           (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Text content: markup escaped, and what XML forbids (U+FFFE, U+FFFF,
 * controls) shown as U+FFFD, so that every SVG parses. */
static void xml_text(struct buf *out, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        switch (cp) {
        case '<': buf_append(out, "&lt;"); break;
        case '>': buf_append(out, "&gt;"); break;
        case '&': buf_append(out, "&amp;"); break;
        case '"': buf_append(out, "&quot;"); break;
        default:
            if (xml_char(cp) && !(cp == 0xFFFD && n == 1))
                buf_append_n(out, text + i, n);
            else
                buf_append(out, "\uFFFD");
        }
        i += n;
    }
}

enum {
    SVG_LABEL_W = 110, SVG_COL_W = 190, SVG_GAP = 20, SVG_ROW_H = 18,
    SVG_TOP = 78, SVG_LEFT = 10,
};

/* A row's label at the left edge, its baseline at y. */
static void svg_row_label(struct buf *out, double y, int size,
                          const char *label)
{
    buf_printf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"%d\">",
               SVG_LEFT, y, size);
    xml_text(out, label);
    buf_append(out, "</text>\n");
}

/* Blue and orange: told apart by color-blind viewers too. */
#define SVG_P "#1f77b4"
#define SVG_Q "#ff7f0e"

static double column_x(int col)
{
    return SVG_LEFT + SVG_LABEL_W + col * (SVG_COL_W + SVG_GAP);
}

static void svg_mass_bar(struct buf *out, int col, double y, double val,
                         double max, const char *color)
{
    double w = max > 0 ? (SVG_COL_W - 50) * val / max : 0;
    buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\""
               " fill=\"%s\"/>\n", column_x(col), y + 3, w, SVG_ROW_H - 6,
               color);
}

/* A signed bar around the column's axis; infinite terms fill the side and
 * say "inf". */
static void svg_term_bar(struct buf *out, int col, double y, double val,
                         double max)
{
    double axis = column_x(col) + SVG_COL_W / 2.0;
    double half = SVG_COL_W / 2.0 - 4;
    double w = isinf(val) ? half : max > 0 ? half * fabs(val) / max : 0;
    double x = val < 0 ? axis - w : axis;
    buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\""
               " fill=\"%s\"/>\n", x, y + 3, w, SVG_ROW_H - 6,
               val < 0 ? SVG_Q : SVG_P);
    if (isinf(val))
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                   "fill=\"#fff\">inf</text>\n", axis + 4, y + 13);
}

/* The document's start: the size and a white background. */
static void svg_begin(struct buf *out, int width, int height)
{
    buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"sans-serif\">\n", width, height, width, height);
    buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
               width, height);
}

static void render_svg(const struct session *s, struct buf *out)
{
    const struct table *t = &s->table;
    size_t rows = t->n < EXPORT_MAX_ROWS ? t->n : EXPORT_MAX_ROWS;
    double k = log_base_scale(s->base);
    double max_mass = 0, max_term = 0;
    for (size_t i = 0; i < rows; i++) {
        max_mass = fmax(max_mass, fmax(t->p[i], t->q[i]));
        double f = fabs(divergence_term(t->p[i], t->q[i]) * k);
        double r = fabs(divergence_term(t->q[i], t->p[i]) * k);
        if (isfinite(f))
            max_term = fmax(max_term, f);
        if (isfinite(r))
            max_term = fmax(max_term, r);
    }
    int width = (int)column_x(4) + SVG_LEFT;
    int height = SVG_TOP + (int)rows * SVG_ROW_H + 40;
    char a[NUM_BUF], b[NUM_BUF];
    svg_begin(out, width, height);
    buf_printf(out, "<text x=\"%d\" y=\"26\" font-size=\"18\">KL(P||Q) = "
               "%s %s    KL(Q||P) = %s %s</text>\n", SVG_LEFT,
               v(s, a, sizeof a, s->div.pq.total), session_unit(s),
               v(s, b, sizeof b, s->div.qp.total), session_unit(s));
    static const char *const heads[] = {"P", "Q", "p\u00B7log(p/q)",
                                        "q\u00B7log(q/p)"};
    for (int c = 0; c < 4; c++) {
        buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" "
                   "font-weight=\"bold\">%s</text>\n", column_x(c),
                   SVG_TOP - 12, heads[c]);
        if (c >= 2)
            buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                       "y2=\"%d\" stroke=\"#444\"/>\n",
                       column_x(c) + SVG_COL_W / 2.0, SVG_TOP,
                       column_x(c) + SVG_COL_W / 2.0,
                       SVG_TOP + (int)rows * SVG_ROW_H);
    }
    for (size_t i = 0; i < rows; i++) {
        double y = SVG_TOP + (double)i * SVG_ROW_H;
        svg_row_label(out, y + 13, 12, t->labels[i]);
        svg_mass_bar(out, 0, y, t->p[i], max_mass, SVG_P);
        svg_mass_bar(out, 1, y, t->q[i], max_mass, SVG_Q);
        svg_term_bar(out, 2, y, divergence_term(t->p[i], t->q[i]) * k,
                     max_term);
        svg_term_bar(out, 3, y, divergence_term(t->q[i], t->p[i]) * k,
                     max_term);
    }
    buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
               "fill=\"#444\">%s%s</text>\n", SVG_LEFT, height - 14,
               _("Blue: P and positive terms. Orange: Q and negative "
                 "terms."),
               rows < t->n ? _(" (first rows only)") : "");
    buf_append(out, "</svg>\n");
}

void export_render(const struct session *s, enum export_format f, int width,
                   bool unicode, struct buf *out)
{
    switch (f) {
    case EXPORT_TEXT:
        report_text(s, width, unicode, out);
        break;
    case EXPORT_MARKDOWN:
        render_markdown(s, width, unicode, out);
        break;
    case EXPORT_SVG:
        render_svg(s, out);
        break;
    }
}

/* Writes a rendered export (freed) like `save` does. */
static bool write_out(const char *path, struct buf *out, unsigned flags,
                      struct error *err)
{
    bool ok = file_write_atomic(path, out->s, out->len, flags, NULL, err);
    buf_free(out);
    return ok;
}

bool export_write(const struct session *s, const char *path, int width,
                  bool unicode, unsigned flags, struct error *err)
{
    enum export_format f;
    if (!export_format_of(path, &f, err))
        return false;
    struct buf out;
    buf_init(&out);
    export_render(s, f, width, unicode, &out);
    return write_out(path, &out, flags, err);
}

/* ---- the joint table ---- */

static void md_grid(const struct joint *j, const struct joint_stats *st,
                    bool terms, double k, struct buf *out)
{
    size_t rows = j->rows < JOINT_SHOW_ROWS ? j->rows : JOINT_SHOW_ROWS;
    size_t cols = j->cols < JOINT_SHOW_COLS ? j->cols : JOINT_SHOW_COLS;
    char b[NUM_BUF];
    buf_append(out, "| x \\ y |");
    for (size_t c = 0; c < cols; c++) {
        buf_putc(out, ' ');
        md_cell(out, j->y_labels[c]);
        buf_append(out, " |");
    }
    buf_append(out, "\n|---|");
    for (size_t c = 0; c < cols; c++)
        buf_append(out, "---:|");
    buf_putc(out, '\n');
    for (size_t i = 0; i < rows; i++) {
        buf_append(out, "| ");
        md_cell(out, j->x_labels[i]);
        buf_append(out, " |");
        for (size_t c = 0; c < cols; c++) {
            size_t at = i * j->cols + c;
            buf_printf(out, " %s |", terms
                       ? num_short(b, sizeof b,
                                   divergence_term(j->p[at], st->prod[at]) *
                                       k)
                       : num_fixed(b, sizeof b, j->p[at], 6));
        }
        buf_putc(out, '\n');
    }
    if (rows < j->rows || cols < j->cols)
        buf_printf(out, "\n(the first %zu of %zu rows and %zu of %zu "
                   "columns)\n", rows, j->rows, cols, j->cols);
}

static void render_joint_markdown(const struct joint *j,
                                  const struct joint_stats *st,
                                  enum log_base base, struct buf *out)
{
    double k = log_base_scale(base);
    const char *u = log_base_unit(base);
    char a[NUM_BUF];
    buf_printf(out, "# Mutual information: %zu x %zu joint table, %s\n\n",
               j->rows, j->cols, u);
    buf_printf(out, "- **I(X;Y) = KL(P_XY||P_X P_Y) = %s %s**\n",
               num_short(a, sizeof a, st->mi * k), u);
    buf_printf(out, "- KL(P_X P_Y||P_XY) = %s %s\n\n",
               num_short(a, sizeof a, st->reverse * k), u);
    buf_append(out, "## p(x,y)\n\n");
    md_grid(j, st, false, k, out);
    buf_printf(out, "\n## p(x,y)·log(p(x,y)/(p(x)p(y))) in %s\n\n", u);
    md_grid(j, st, true, k, out);
    struct buf text;
    buf_init(&text);
    joint_text(j, st, base, &text);
    md_code_block(out, &text);
}

enum { SVG_CELL = 24, SVG_JLABEL_W = 90 };

static void render_joint_svg(const struct joint *j,
                             const struct joint_stats *st,
                             enum log_base base, struct buf *out)
{
    size_t rows = j->rows < EXPORT_MAX_ROWS ? j->rows : EXPORT_MAX_ROWS;
    size_t cols = j->cols < EXPORT_MAX_ROWS ? j->cols : EXPORT_MAX_ROWS;
    double k = log_base_scale(base);
    double max_term = 0;
    for (size_t i = 0; i < rows; i++)
        for (size_t c = 0; c < cols; c++) {
            size_t at = i * j->cols + c;
            double t = fabs(divergence_term(j->p[at], st->prod[at]));
            if (isfinite(t))
                max_term = fmax(max_term, t);
        }
    int left = SVG_LEFT + SVG_JLABEL_W, top = SVG_TOP + SVG_JLABEL_W;
    int width = left + (int)cols * SVG_CELL + 2 * SVG_LEFT;
    int height = top + (int)rows * SVG_CELL + 40;
    if (width < 520)
        width = 520;
    char a[NUM_BUF], b[NUM_BUF];
    svg_begin(out, width, height);
    buf_printf(out, "<text x=\"%d\" y=\"26\" font-size=\"18\">I(X;Y) = "
               "%s %s    KL(P_X P_Y||P_XY) = %s %s</text>\n", SVG_LEFT,
               num_short(a, sizeof a, st->mi * k), log_base_unit(base),
               num_short(b, sizeof b, st->reverse * k),
               log_base_unit(base));
    for (size_t c = 0; c < cols; c++) {
        double x = left + (double)c * SVG_CELL + SVG_CELL / 2.0 + 4;
        buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                   "transform=\"rotate(-60 %.1f %d)\">", x, top - 4, x,
                   top - 4);
        xml_text(out, j->y_labels[c]);
        buf_append(out, "</text>\n");
    }
    for (size_t i = 0; i < rows; i++) {
        double y = top + (double)i * SVG_CELL;
        svg_row_label(out, y + 16, 11, j->x_labels[i]);
        for (size_t c = 0; c < cols; c++) {
            size_t at = i * j->cols + c;
            double t = divergence_term(j->p[at], st->prod[at]);
            double shade = isinf(t) ? 1.0
                           : max_term > 0 ? fabs(t) / max_term : 0.0;
            buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
                       "height=\"%d\" fill=\"%s\" fill-opacity=\"%.3f\" "
                       "stroke=\"#ddd\"><title>%s</title></rect>\n",
                       left + (double)c * SVG_CELL, y, SVG_CELL, SVG_CELL,
                       t < 0 ? SVG_Q : SVG_P, shade,
                       num_short(a, sizeof a, t * k));
        }
    }
    buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
               "fill=\"#444\">%s%s</text>\n", SVG_LEFT, height - 14,
               _("Cells: p(x,y)\u00B7log(p(x,y)/(p(x)p(y))); blue positive, "
                 "orange negative, darker larger."),
               rows < j->rows || cols < j->cols
                   ? _(" (first rows and columns only)") : "");
    buf_append(out, "</svg>\n");
}

void export_joint_render(const struct joint *j, enum log_base base,
                         enum export_format f, struct buf *out)
{
    struct joint_stats st;
    joint_compute(j, &st);
    switch (f) {
    case EXPORT_TEXT:
        joint_text(j, &st, base, out);
        break;
    case EXPORT_MARKDOWN:
        render_joint_markdown(j, &st, base, out);
        break;
    case EXPORT_SVG:
        render_joint_svg(j, &st, base, out);
        break;
    }
    joint_stats_free(&st);
}

bool export_joint_write(const struct joint *j, enum log_base base,
                        const char *path, unsigned flags, struct error *err)
{
    enum export_format f;
    if (!export_format_of(path, &f, err))
        return false;
    struct buf out;
    buf_init(&out);
    export_joint_render(j, base, f, &out);
    return write_out(path, &out, flags, err);
}

/* ---- a sweep's chart ---- */

enum {
    SWEEP_W = 720, SWEEP_H = 440, SWEEP_L = 80, SWEEP_R = 24, SWEEP_T = 56,
    SWEEP_B = 96, SWEEP_TICKS = 5,
};

bool export_sweep_format(const char *path, struct error *err)
{
    enum export_format f;
    if (!export_format_of(path, &f, err))
        return false;
    if (f == EXPORT_MARKDOWN)
        return error_set(err, _("%s: a sweep's chart exports as .svg or .txt "
                            "(hint: sweep ... export chart.svg)"), path);
    return true;
}

/* Where x lies across the plot, 0..1 (log scale when asked). */
static double sweep_frac(const struct sweep_curves *c, double x)
{
    double lo = c->x[0], hi = c->x[c->m - 1];
    return c->log_x ? (log(x) - log(lo)) / (log(hi) - log(lo))
                    : (x - lo) / (hi - lo);
}

static double sweep_px(const struct sweep_curves *c, double x)
{
    return SWEEP_L + sweep_frac(c, x) * (SWEEP_W - SWEEP_L - SWEEP_R);
}

static double sweep_py(double y, double ymax)
{
    return SWEEP_H - SWEEP_B - (ymax > 0 ? y / ymax : 0) *
                                   (SWEEP_H - SWEEP_B - SWEEP_T);
}

/* The axes with SWEEP_TICKS ticks each, labelled. */
static void sweep_axes(const struct sweep_curves *c, double ymax,
                       struct buf *out)
{
    int x0 = SWEEP_L, x1 = SWEEP_W - SWEEP_R;
    int y0 = SWEEP_H - SWEEP_B, y1 = SWEEP_T;
    buf_printf(out, "<path d=\"M%d %dV%dH%d\" fill=\"none\" "
               "stroke=\"#444\"/>\n", x0, y1, y0, x1);
    char num[NUM_BUF];
    double lo = c->x[0], hi = c->x[c->m - 1];
    for (int k = 0; k < SWEEP_TICKS; k++) {
        double f = (double)k / (SWEEP_TICKS - 1);
        double xv = c->log_x ? exp(log(lo) + f * (log(hi) - log(lo)))
                             : lo + f * (hi - lo);
        double px = sweep_px(c, xv), py = sweep_py(ymax * f, ymax);
        buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                   "y2=\"%d\" stroke=\"#444\"/>\n", px, y0, px, y0 + 5);
        buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                   "text-anchor=\"middle\">%s</text>\n", px, y0 + 18,
                   num_short(num, sizeof num, xv));
        buf_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                   "y2=\"%.1f\" stroke=\"#444\"/>\n", x0 - 5, py, x0, py);
        buf_printf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" "
                   "text-anchor=\"end\">%s</text>\n", x0 - 8, py + 4,
                   num_short(num, sizeof num, ymax * f));
    }
    buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
               "text-anchor=\"middle\">", (x0 + x1) / 2, y0 + 36);
    xml_text(out, c->param);
    buf_printf(out, "%s</text>\n", c->log_x ? _(" (log scale)") : "");
}

/* One curve: a polyline per finite stretch, "inf" marks along the top
 * where it is infinite, its minimum circled. */
static void sweep_curve(const struct sweep_curves *c, const double *y,
                        double ymax, const char *color, const char *dash,
                        struct buf *out)
{
    bool open = false;
    for (size_t i = 0; i < c->m; i++) {
        if (!isfinite(y[i])) {
            if (open)
                buf_append(out, "\"/>\n");
            open = false;
            if (isinf(y[i]))
                buf_printf(out, "<text x=\"%.1f\" y=\"%d\" "
                           "font-size=\"9\" fill=\"%s\" "
                           "text-anchor=\"middle\">inf</text>\n",
                           sweep_px(c, c->x[i]), SWEEP_T - 4, color);
            continue;
        }
        if (!open)
            buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" "
                       "stroke-width=\"2\"%s points=\"", color, dash);
        buf_printf(out, "%s%.2f,%.2f", open ? " " : "",
                   sweep_px(c, c->x[i]), sweep_py(y[i], ymax));
        open = true;
    }
    if (open)
        buf_append(out, "\"/>\n");
    size_t i = sweep_argmin(y, c->m);
    if (i < c->m)
        buf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" "
                   "fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                   sweep_px(c, c->x[i]), sweep_py(y[i], ymax), color);
}

static void render_sweep_svg(const struct sweep_curves *c, struct buf *out)
{
    double ymax = 0;
    for (size_t i = 0; i < c->m; i++) {
        if (isfinite(c->a[i]))
            ymax = fmax(ymax, c->a[i]);
        if (isfinite(c->b[i]))
            ymax = fmax(ymax, c->b[i]);
    }
    svg_begin(out, SWEEP_W, SWEEP_H);
    static const char *const dash[2] = {"", " stroke-dasharray=\"6 4\""};
    static const char *const color[2] = {SVG_P, SVG_Q};
    for (int k = 0; k < 2; k++) {
        int lx = SWEEP_L + k * 220;
        buf_printf(out, "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" "
                   "stroke=\"%s\" stroke-width=\"2\"%s/>\n", lx, lx + 30,
                   color[k], dash[k]);
        buf_printf(out, "<text x=\"%d\" y=\"26\" font-size=\"13\">",
                   lx + 36);
        xml_text(out, k ? c->b_name : c->a_name);
        buf_printf(out, " (%s)</text>\n", c->unit);
    }
    sweep_axes(c, ymax, out);
    sweep_curve(c, c->a, ymax, SVG_P, dash[0], out);
    sweep_curve(c, c->b, ymax, SVG_Q, dash[1], out);
    /* The minima in words under the axis, circled on the curves. */
    struct buf mins;
    buf_init(&mins);
    sweep_minima(c, &mins);
    const char *p = mins.s;
    for (int k = 0; *p; k++) {
        size_t len = strcspn(p, "\n");
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
                   "fill=\"%s\">", SWEEP_L, SWEEP_H - 36 + 16 * k,
                   color[k & 1]);
        xml_text(out, line);
        buf_append(out, "</text>\n");
        p += len + (p[len] == '\n');
    }
    buf_free(&mins);
    buf_append(out, "</svg>\n");
}

void export_sweep_render(const struct sweep_curves *c,
                         enum export_format f, int width, struct buf *out)
{
    if (f == EXPORT_SVG) {
        render_sweep_svg(c, out);
        return;
    }
    buf_printf(out, "%s and %s (%s) over %s\n", c->a_name, c->b_name,
               c->unit, c->param);
    sweep_report(c, width, out);
}

bool export_sweep_write(const struct sweep_curves *c, const char *path,
                        int width, unsigned flags, struct error *err)
{
    enum export_format f;
    if (!export_sweep_format(path, err) ||
        !export_format_of(path, &f, err))
        return false;
    struct buf out;
    buf_init(&out);
    export_sweep_render(c, f, width, &out);
    return write_out(path, &out, flags, err);
}
