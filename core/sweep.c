#include "sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "num.h"

size_t sweep_argmin(const double *y, size_t m)
{
    size_t best = m;
    for (size_t i = 0; i < m; i++)
        if (isfinite(y[i]) && (best == m || y[i] < y[best]))
            best = i;
    if (best == m)
        return m;
    /* Minima that are equal in exact arithmetic (a symmetric P, say)
     * differ in their last bits by rounding, and which one is smallest
     * then says nothing: the first of them is the answer, the same on
     * every machine and build. */
    double close = y[best] + SWEEP_TIE * fabs(y[best]);
    for (size_t i = 0; i < best; i++)
        if (isfinite(y[i]) && y[i] <= close)
            return i;
    return best;
}

/* The column of x in a plot area `cols` wide. */
static int column(double x, double lo, double hi, bool log_x, int cols)
{
    double f = log_x ? (log(x) - log(lo)) / (log(hi) - log(lo))
                     : (x - lo) / (hi - lo);
    if (!(f >= 0))
        f = 0;
    if (f > 1)
        f = 1;
    return (int)lround(f * (cols - 1));
}

static void plot(char *grid, int cols, int rows, int c, double y,
                 double ymax, char glyph)
{
    int r;
    if (isinf(y)) {
        r = 0;
        glyph = '^';
    } else if (!isfinite(y)) {
        return;
    } else {
        double f = ymax > 0 ? y / ymax : 0;
        r = rows - 1 - (int)lround(f * (rows - 1));
        if (r < 0)
            r = 0;
    }
    char *cell = &grid[r * cols + c];
    if (*cell == ' ' || *cell == glyph)
        *cell = glyph;
    else if (*cell != '^')
        *cell = glyph == '^' ? '^' : '#';
}

void sweep_chart(const double *x, const double *y1, const double *y2,
                 size_t m, bool log_x, int width, int height,
                 struct buf *out)
{
    enum { LEFT = 11 };             /* "  1.234567 |" */
    int cols = width - LEFT - 1, rows = height - 3;
    double ymax = 0;
    for (size_t i = 0; i < m; i++) {
        if (isfinite(y1[i]))
            ymax = fmax(ymax, y1[i]);
        if (isfinite(y2[i]))
            ymax = fmax(ymax, y2[i]);
    }
    char *grid = xmalloc((size_t)rows * (size_t)cols);
    memset(grid, ' ', (size_t)rows * (size_t)cols);
    double lo = x[0], hi = x[m - 1];
    /* Between points the curves are joined by the points in between, one
     * per column, so a coarse sweep still reads as lines. */
    for (int c = 0; c < cols; c++) {
        double f = (double)c / (cols - 1);
        double xc = log_x ? exp(log(lo) + f * (log(hi) - log(lo)))
                          : lo + f * (hi - lo);
        size_t k = 0;
        while (k + 2 < m && x[k + 1] < xc)
            k++;
        double t = log_x ? (log(xc) - log(x[k])) / (log(x[k + 1]) - log(x[k]))
                         : (xc - x[k]) / (x[k + 1] - x[k]);
        t = fmin(fmax(t, 0), 1);
        const double *ys[2] = {y1, y2};
        const char glyph[2] = {'*', 'o'};
        for (int s = 0; s < 2; s++) {
            double a = ys[s][k], b = ys[s][k + 1];
            double y = isinf(a) || isinf(b) ? (t < 0.5 ? a : b)
                                            : a + t * (b - a);
            plot(grid, cols, rows, c, y, ymax, glyph[s]);
        }
    }
    char num[NUM_BUF];
    for (int r = 0; r < rows; r++) {
        double yv = ymax * (rows - 1 - r) / (rows - 1);
        if (r == 0 || r == rows - 1 || r == (rows - 1) / 2)
            buf_printf(out, "%10s |", num_short(num, sizeof num, yv));
        else
            buf_printf(out, "%10s |", "");
        buf_append_n(out, grid + (size_t)r * (size_t)cols, (size_t)cols);
        buf_putc(out, '\n');
    }
    buf_printf(out, "%10s +", "");
    buf_repeat(out, "-", cols);
    buf_putc(out, '\n');
    /* The minima under the axis. */
    char *marks = xmalloc((size_t)cols + 1);
    memset(marks, ' ', (size_t)cols);
    marks[cols] = '\0';
    size_t i1 = sweep_argmin(y1, m), i2 = sweep_argmin(y2, m);
    if (i2 < m)
        marks[column(x[i2], lo, hi, log_x, cols)] = 'm';
    if (i1 < m) {
        int c = column(x[i1], lo, hi, log_x, cols);
        marks[c] = marks[c] == 'm' ? 'B' : 'M';
    }
    buf_printf(out, "%10s  %s\n", "", marks);
    /* Ticks: the ends and the middle. */
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF];
    double mid = log_x ? sqrt(lo * hi) : (lo + hi) / 2;
    num_short(a, sizeof a, lo);
    num_short(b, sizeof b, mid);
    num_short(c, sizeof c, hi);
    int la = (int)strlen(a), lb = (int)strlen(b), lc = (int)strlen(c);
    int pos_b = cols / 2 - lb / 2, pos_c = cols - lc;
    buf_printf(out, "%10s  %s", "", a);
    if (pos_b > la + 1 && pos_b + lb + 1 < pos_c) {
        buf_repeat(out, " ", pos_b - la);
        buf_append(out, b);
        buf_repeat(out, " ", pos_c - pos_b - lb);
    } else {
        buf_repeat(out, " ", pos_c > la ? pos_c - la : 1);
    }
    buf_printf(out, "%s%s\n", c, log_x ? _("  (log scale)") : "");
    free(grid);
    free(marks);
}

/* A minimum's line: sweep_minima writes it, sweep_is_min_line knows it. */
#define MIN_LINE N_("min %s = %s %s at %s = %s\n")

bool sweep_is_min_line(const char *line)
{
    const char *fmt = _(MIN_LINE);
    size_t n = strcspn(fmt, "%");
    return n > 0 && strncmp(line, fmt, n) == 0;
}

void sweep_minima(const struct sweep_curves *c, struct buf *out)
{
    char v1[NUM_BUF], v2[NUM_BUF];
    for (int k = 0; k < 2; k++) {
        const double *y = k ? c->b : c->a;
        const char *name = k ? c->b_name : c->a_name;
        size_t i = sweep_argmin(y, c->m);
        if (i == c->m) {
            buf_printf(out, _("%s is infinite everywhere\n"), name);
            continue;
        }
        buf_printf(out, _(MIN_LINE), name,
                   num_short(v1, sizeof v1, y[i]), c->unit, c->param,
                   num_short(v2, sizeof v2, c->x[i]));
    }
}

void sweep_report(const struct sweep_curves *c, int width, struct buf *out)
{
    size_t m = c->m;
    sweep_chart(c->x, c->a, c->b, m, c->log_x, width, 18, out);
    buf_printf(out, _("* %s   o %s   # both   ^ infinite   M, m: their "
                      "minima (B: both)\n"), c->a_name, c->b_name);
    sweep_minima(c, out);
    char v1[NUM_BUF], v2[NUM_BUF], v3[NUM_BUF];
    size_t stride = (m + 39) / 40;
    buf_printf(out, "%14s %14s %14s\n", c->param, c->a_name, c->b_name);
    for (size_t i = 0;;) {
        buf_printf(out, "%14s %14s %14s\n",
                   num_short(v1, sizeof v1, c->x[i]),
                   num_short(v2, sizeof v2, c->a[i]),
                   num_short(v3, sizeof v3, c->b[i]));
        if (i == m - 1)
            break;
        i = i + stride < m ? i + stride : m - 1;   /* the last too */
    }
    if (stride > 1)
        buf_printf(out, _("(one point in %zu, and the last; `sweep ... "
                          "json` has all)\n"), stride);
}
