/* frame_chart: colours for a sweep's text chart (`sweep`, core/sweep.h)
 * in the explorer's pager. The chart is plain text, so it reads the same
 * in the REPL and in a file; in the pager each curve's glyphs and its
 * minimum take the roles of P and Q (blue and orange in the themes), so
 * the two curves differ in colour as well as in glyph. No curses: it sets
 * the roles of frame cells (frame.h). */
#ifndef KLX_FRAME_CHART_H
#define KLX_FRAME_CHART_H

#include <stdbool.h>

#include "frame.h"

/* Gives the cells of row y, which shows `line` of the chart's text from
 * column 0, their roles. `after_axis` carries, from one line to the
 * next, that the x axis was the line before (the minima's marks follow
 * it); start it false. */
void frame_chart_line(struct frame *f, int y, const char *line,
                      bool *after_axis);

#endif
