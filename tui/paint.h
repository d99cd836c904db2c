/* paint: the painter. Draws one whole frame of the explorer into stdscr
 * from the view state and a session it only reads, without refreshing.
 * Besides the terminal's owner (term.c) and the prompt (prompt.c), the
 * only code that calls curses.
 *
 * paint_frame() also fixes up what follows from the screen's size (the
 * layout, the scroll position, the bar scales) and stores it back into
 * the view state, where the explorer finds it for the mouse and paging. */
#ifndef KLX_PAINT_H
#define KLX_PAINT_H

#include "session.h"
#include "tour.h"
#include "view.h"

/* `tour` (may be NULL) is the command's tour: while it is active the
 * current lesson's caption stays on screen. */
void paint_frame(struct view *v, const struct session *s,
                 const struct tour *tour);

#endif
