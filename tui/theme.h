/* theme: what each part of the screen looks like, as roles.
 *
 * Three schemes. Color: a palette color-blind students can tell apart
 * (blue for P and negative terms, orange for Q and positive terms, after
 * Okabe and Ito), never red against green. High contrast (for projectors):
 * the same hues, bold, never dim. Monochrome (NO_COLOR, or a terminal
 * without colors): attributes only; the view draws different glyphs for
 * positive and negative terms, so nothing depends on color. */
#ifndef KLX_THEME_H
#define KLX_THEME_H

#include <stdbool.h>

#include <curses.h>

enum role {
    ROLE_TEXT,
    ROLE_DIM,        /* secondary text and axes */
    ROLE_HEADER,     /* the top line */
    ROLE_TITLE,      /* column and panel titles */
    ROLE_SELECTED,   /* the selected entry's label */
    ROLE_P,
    ROLE_Q,
    ROLE_NEG,        /* negative terms */
    ROLE_POS,        /* positive terms */
    ROLE_INF,        /* entries that make a direction infinite */
    ROLE_GOOD,       /* the >= 0 check */
    ROLE_LARGER,     /* the larger KL */
    ROLE_STATUS,     /* the key help line */
    ROLE_ERROR,
    ROLE_COUNT
};

/* Call after curses has started. `colors` is term_colors(). */
void theme_init(bool colors, bool high_contrast);

attr_t theme_attr(enum role r);
short theme_pair(enum role r);

/* Sets a window's attributes for role r. */
void theme_use(WINDOW *w, enum role r);

#endif
