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

void bar_mass(struct buf *b, double v, double max, int width, bool unicode)
{
    int e = bar_eighths(v, max, width);
    int cells;
    if (unicode) {
        buf_repeat(b, eighth[8], e / 8);
        cells = e / 8;
        if (e % 8) {
            buf_append(b, eighth[e % 8]);
            cells++;
        }
    } else {
        cells = (e + 4) / 8;
        if (cells == 0 && e > 0)
            cells = 1;
        buf_repeat(b, "#", cells);
    }
    buf_repeat(b, " ", width - cells);
}

void bar_signed(struct buf *b, double v, double max_abs, int half,
                bool unicode)
{
    double mag = fabs(v);
    int e = bar_eighths(mag, max_abs, half);
    int cells = (e + 4) / 8;
    if (cells == 0 && e > 0)
        cells = 1;
    if (v < 0) {
        buf_repeat(b, " ", half - cells);
        buf_repeat(b, unicode ? "\u2592" : "-", cells);
        buf_append(b, unicode ? "\u2502" : "|");
        buf_repeat(b, " ", half);
        return;
    }
    buf_repeat(b, " ", half);
    buf_append(b, unicode ? "\u2502" : "|");
    if (isinf(v) && half > 0) {
        if (unicode) {
            buf_repeat(b, eighth[8], half - 1);
            buf_append(b, "\u25B6");
        } else {
            buf_repeat(b, "+", half - 1);
            buf_append(b, ">");
        }
        return;
    }
    if (unicode) {
        buf_repeat(b, eighth[8], e / 8);
        cells = e / 8;
        if (e % 8) {
            buf_append(b, eighth[e % 8]);
            cells++;
        }
    } else {
        buf_repeat(b, "+", cells);
    }
    buf_repeat(b, " ", half - cells);
}
