#include "bar.h"

#include <math.h>

int bar_eighths(double v, double max, int width)
{
    if (!(v > 0) || !(max > 0) || width <= 0)
        return 0;
    if (isinf(v) || v >= max)
        return 8 * width;
    int e = (int)lround(v / max * 8.0 * width);
    if (e < 1)
        e = 1;
    return e > 8 * width ? 8 * width : e;
}

static const char *const eighth[] = {
    "", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589",
    "\u2588",
};

int bar_cells(int eighths)
{
    int cells = (eighths + 4) / 8;
    return cells == 0 && eighths > 0 ? 1 : cells;
}

int bar_grow(struct buf *b, int eighths, bool unicode, const char *ascii)
{
    if (!unicode) {
        int cells = bar_cells(eighths);
        buf_repeat(b, ascii, cells);
        return cells;
    }
    buf_repeat(b, eighth[8], eighths / 8);
    if (eighths % 8 == 0)
        return eighths / 8;
    buf_append(b, eighth[eighths % 8]);
    return eighths / 8 + 1;
}

double bar_cell_scale(double max, int width)
{
    if (!(max > 0) || isinf(max) || width <= 0)
        return max;
    double cell = max / width;
    double p = pow(10.0, floor(log10(cell)));
    static const double mult[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        /* With a little slack: 0.1 is "at" 0.1 when 0.4 / 4 rounds a
         * hair above it. */
        if (mult[i] * p >= cell * (1 - 1e-12))
            return mult[i] * p * width;
    return 10 * p * width;
}

void bar_mass(struct buf *b, double v, double max, int width, bool unicode)
{
    int cells = bar_grow(b, bar_eighths(v, max, width), unicode, "#");
    buf_repeat(b, " ", width - cells);
}

void bar_signed(struct buf *b, double v, double max_abs, int half,
                bool unicode)
{
    int e = bar_eighths(fabs(v), max_abs, half);
    if (v < 0) {
        int cells = bar_cells(e);
        buf_repeat(b, " ", half - cells);
        buf_repeat(b, unicode ? "\u2592" : "-", cells);
        buf_append(b, unicode ? "\u2502" : "|");
        buf_repeat(b, " ", half);
        return;
    }
    buf_repeat(b, " ", half);
    buf_append(b, unicode ? "\u2502" : "|");
    if (isinf(v) && half > 0) {
        /* Off the scale: a full side ending in an arrow. */
        buf_repeat(b, unicode ? eighth[8] : "+", half - 1);
        buf_append(b, unicode ? "\u25B6" : ">");
        return;
    }
    int cells = bar_grow(b, e, unicode, "+");
    buf_repeat(b, " ", half - cells);
}
