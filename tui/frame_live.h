/* frame_live: the live sampling run's region of the frame (`sample live`,
 * key S): the draws so far with the running mean of log(p/q) and its
 * +-2 standard-error band beside KL(P||Q), the band drawn on a scale
 * centred on KL(P||Q) so it is seen to settle there, and each entry's
 * count. No curses: it fills frame cells (frame.h). */
#ifndef KLX_FRAME_LIVE_H
#define KLX_FRAME_LIVE_H

#include "frame.h"
#include "live.h"
#include "session.h"

/* Rows the region asks for: 3 while a run is on, else 0. */
int frame_live_rows(const struct live *l);

/* Draws the region on rows y..y+rows-1 (the numbers first, then the band,
 * then the counts, as rows allow). `unicode`: block glyphs and signs. */
void frame_live_draw(struct frame *f, const struct live *l,
                     const struct session *s, int y, int rows, bool unicode);

/* The count column: while a run is on and the gradient and code columns
 * are off, the column after the terms shows how often each entry was
 * drawn. Its title, and entry i's cell, right-aligned in `width` cells. */
void frame_live_title(struct frame *f, int y, int x, int width);
void frame_live_cell(struct frame *f, const struct live *l, size_t i, int y,
                     int x, int width);

#endif
