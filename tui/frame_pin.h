/* frame_pin: the pinned snapshot's region of the frame (`pin`, until
 * `unpin`): above each half of the totals panel, that direction's pinned
 * KL beside the live one with the change; then which entries of P and Q
 * changed since the pin. No curses: it fills frame cells (frame.h). */
#ifndef KLX_FRAME_PIN_H
#define KLX_FRAME_PIN_H

#include "frame.h"
#include "pin.h"
#include "session.h"

/* Rows the region asks for: 2 while something is pinned, else 0. pin may
 * be NULL (none). */
int frame_pin_rows(const struct pin *pin);

/* Draws the region on rows y..y+rows-1; `half` is where the totals
 * panel's right half starts. */
void frame_pin_draw(struct frame *f, const struct pin *pin,
                    const struct session *s, int y, int rows, int half);

#endif
