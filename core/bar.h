/* bar: text bars for the report and the TUI.
 *
 * Bars are strings of exactly `width` display cells. ASCII bars use '#' for
 * mass and '+' / '-' for positive / negative contributions, so the sign is
 * readable without color. Unicode bars grow right with eighth blocks
 * (▏▎▍▌▋▊▉█); negative bars grow left from the axis and use a different
 * glyph (▒), because Unicode has no left-growing eighth blocks. */
#ifndef KLX_BAR_H
#define KLX_BAR_H

#include <stdbool.h>

#include "buf.h"

/* Number of eighth-cells (0 .. 8*width) a value v in [0, max] fills; a
 * nonzero value always gets at least one eighth so it stays visible. */
int bar_eighths(double v, double max, int width);

/* Whole cells for `eighths` eighth-cells, rounded to nearest, but a
 * nonzero bar never vanishes (ASCII bars, negative bars). */
int bar_cells(int eighths);

/* Appends a right-growing bar of `eighths` (Unicode: eighth blocks; ASCII:
 * whole cells of `ascii`) and returns how many cells it used. The report,
 * the explorer's frame and the exports draw their bars with this. */
int bar_grow(struct buf *b, int eighths, bool unicode, const char *ascii);

/* The scale (the value of a full bar of `width` whole cells) for values
 * up to max such that one cell stands for a round amount (1, 2, 2.5 or 5
 * times a power of ten), the smallest at least max / width. With it ASCII
 * bars, which have only whole cells, stay proportional: 0.1, 0.2, 0.3 and
 * 0.4 get 1, 2, 3 and 4 cells, not 2, 3, 5 and 6. */
double bar_cell_scale(double max, int width);

/* A bar of `width` cells for v in [0, max], padded with spaces. */
void bar_mass(struct buf *b, double v, double max, int width, bool unicode);

/* A signed bar: `half` cells for negatives, an axis '|', `half` cells for
 * positives; v is scaled by max_abs. Infinite v fills its side and ends in
 * '>' (ASCII) or '▶' to say "off the scale". */
void bar_signed(struct buf *b, double v, double max_abs, int half,
                bool unicode);

#endif
