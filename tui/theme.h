/* theme: the explorer's colours as data, with no curses, so that what a
 * projector shows can be measured in a unit test.
 *
 * Four themes: the everyday colours for dark and for light terminals, and
 * the high-contrast (projector) theme for each, which paints its own
 * background (black or white) and sets every role's colour, so that
 * nothing depends on the terminal's palette. Colours are indices into the
 * xterm 256-colour palette from 16 on (16..231 the 6x6x6 cube, 232..255
 * the greys), whose RGB values are fixed; 0..15 are left alone because
 * terminals redefine them.
 *
 * The promise: in every theme, every role with a colour of its own has a
 * WCAG 2 contrast ratio of at least 4.5:1 (AA for normal text) against
 * the theme's background; in the high-contrast themes every role has one.
 * P and Q, and negative and positive terms, never differ by red against
 * green alone: their colours are blue against orange or red, and the
 * frame also sets them apart by position and glyph. */
#ifndef KLX_THEME_H
#define KLX_THEME_H

#include <stdbool.h>

#include "frame.h"

/* The attributes a role may add; the painter turns them into curses'. */
enum {
    THEME_BOLD = 1,
    THEME_REVERSE = 2,
    THEME_UNDERLINE = 4,
    THEME_DIM = 8,
};

enum theme_bg { THEME_BG_DARK, THEME_BG_LIGHT };

enum theme_id { THEME_DARK, THEME_LIGHT, THEME_HC_DARK, THEME_HC_LIGHT,
                THEME_COUNT };

struct theme_style {
    short fg;          /* xterm-256 index; -1: the terminal's default */
    short fg8;         /* for 8-colour terminals (COLOR_* values); -1 */
    unsigned attrs;    /* THEME_* */
};

struct theme {
    const char *name;
    short bg;          /* the background the colours are chosen for */
    bool paints_bg;    /* true: the theme sets bg (and text) itself;
                          false: bg is what the terminal is assumed to
                          have and default-coloured roles are its own */
    short text;        /* the text colour when the theme paints bg */
    struct theme_style role[ROLE_COUNT];
};

const struct theme *theme_get(enum theme_id id);

/* The theme for a background, with or without high contrast. */
enum theme_id theme_pick(bool high_contrast, enum theme_bg bg);

/* The background that COLORFGBG ("fg;bg" or "fg;x;bg", set by rxvt,
 * Konsole and others) says the terminal has: colours 0-6 and 8 are dark,
 * 7 and 9-15 light. False when value is NULL or says nothing usable (then
 * *bg is left alone). */
bool theme_bg_from_colorfgbg(const char *value, enum theme_bg *bg);

/* RGB of xterm-256 colour index (0..255). */
void theme_rgb(int index, unsigned char rgb[3]);

/* WCAG 2 relative luminance of colour index, in [0, 1]. */
double theme_luminance(int index);

/* WCAG 2 contrast ratio of two colour indices, in [1, 21]. */
double theme_contrast(int a, int b);

/* The colour role r is drawn in under theme t (the text colour for a
 * default-coloured role of a theme that paints its background); -1 when
 * it is the terminal's own default. */
int theme_role_fg(const struct theme *t, enum role r);

/* The attributes (THEME_*) of role r under theme id on a terminal
 * without colours (NO_COLOR, or none to use): the theme's own, plus one
 * in place of the colour where the colour set the role apart (dim
 * secondary text, bold positive terms against negative ones, underlined
 * infinite entries and larger KL). P and Q need none: the frame sets them
 * apart by position. A high-contrast theme's are never dim and bold but
 * for plain text, as projectors wash out thin text. */
unsigned theme_mono_attrs(enum theme_id id, enum role r);

#endif
