/* frame_joint: the explorer's joint view (`view joint`) in the frame grid.
 *
 * For the session's joint table it shows, from the top: a header (size,
 * base, the selected cell, the rows and columns on screen), three maps of
 * the cells side by side with the marginal P(x) as bars between the first
 * two (the joint table P(x,y), the product P(x)P(y), each cell's signed
 * term p·log(p/(p(x)p(y)))), P(y) as a row of bars under the joint map,
 * the selected cell's values, the totals with the identities checked
 * (joint_totals' lines) and the status line.
 *
 * Maps are heat maps: each cell is two columns whose glyph density says
 * its size (4 levels, the joint table and the product on one scale so they
 * compare; an exact 0 has a glyph of its own), coloured by role. A term's
 * sign is its first glyph ('+' or a minus), so every map reads under
 * NO_COLOR and --ascii. Tables larger than the screen scroll; the
 * selected cell (view.h: jrow, jcol) is always shown. No curses. */
#ifndef KLX_FRAME_JOINT_H
#define KLX_FRAME_JOINT_H

#include "frame.h"
#include "session.h"
#include "view.h"

/* Smaller screens get a message instead. */
#define FRAME_JOINT_MIN_COLS 40
#define FRAME_JOINT_MIN_ROWS 10

/* Builds the whole joint view into f (already reset to its size), fixing
 * up the selection and scroll position in v, with `caption` rows left
 * blank under the header (a tour lesson's caption goes there). The table
 * must not be empty. */
void frame_joint_build(struct frame *f, struct view *v,
                       const struct session *s, const struct tour *tour,
                       int caption);

#endif
