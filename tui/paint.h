/* paint: the painter. Puts a frame (frame.h) on the terminal with the
 * colors and attributes of its roles. Besides the terminal's owner
 * (term.c) and the prompt (prompt.c), the only code that calls curses. */
#ifndef KLX_PAINT_H
#define KLX_PAINT_H

#include <stdbool.h>
#include <stddef.h>

#include "frame.h"
#include "theme.h"

/* After curses has started: `colors` is term_colors(); the theme's
 * colours when there are colours (its high-contrast themes paint their
 * own background), else attributes only (bolder for a high-contrast
 * theme). */
void paint_init(bool colors, enum theme_id theme);

/* Builds the frame for the screen's size into f and paints it (without
 * refreshing). */
void paint_frame(struct frame *f, struct view *v, const struct session *s,
                 const struct tour *tour);

/* Shows what was painted, the cursor hidden (when no prompt is open). */
void paint_show(void);

/* The whole screen again on the next refresh (Ctrl-L, after a suspend). */
void paint_repaint(void);

/* A long load's progress on the bottom line, shown at once (the frame
 * is painted whole when the load is done). */
void paint_progress(size_t done, size_t total);

/* Sets the attributes of role r for what is drawn next (the prompt). */
void paint_role(enum role r);

#endif
