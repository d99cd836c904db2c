/* frame_family: the parameter line's region of the frame (`view params`,
 * key p): each side's family with its parameters, the one the arrow keys
 * move marked [like=this], and the closed form of KL beside the sums
 * (for discretized normals the continuous value and the discretization
 * gap). No curses: it fills frame cells (frame.h) like the other regions. */
#ifndef KLX_FRAME_FAMILY_H
#define KLX_FRAME_FAMILY_H

#include "frame.h"
#include "session.h"
#include "view.h"

/* Rows the region asks for: 2 while the parameter line is on, else 0. */
int frame_family_rows(const struct view *v);

/* Draws the region on rows y..y+rows-1 of f (rows may be fewer than
 * asked for: the family line goes first). */
void frame_family_draw(struct frame *f, const struct view *v,
                       const struct session *s, int y, int rows);

#endif
