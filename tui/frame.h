/* frame: the frame model. What each region of the explorer's screen shows
 * (the header, the rows with their bars, the overview, the panels, the
 * caption, the note, the status bar, the pager), built from the view
 * state and a session it only reads into a grid of cells, each a glyph
 * with a role. No curses: the painter (paint.h) puts the grid on the
 * terminal, and tests render it as text (frame_text) and compare.
 *
 * frame_build() also fixes up what follows from the screen's size (the
 * layout, the scroll position, the bar scales) and stores it back into
 * the view state, where the explorer finds it for the mouse and paging. */
#ifndef KLX_FRAME_H
#define KLX_FRAME_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "session.h"
#include "tour.h"
#include "view.h"

/* What a cell is, for the painter's colors and attributes (paint.c). */
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

/* Bytes of one cell's glyph: a character and a combining mark or two. */
#define FRAME_GLYPH 16

struct frame_cell {
    char glyph[FRAME_GLYPH];  /* UTF-8; "" in the second cell of a wide
                                 character (cont) */
    unsigned char role;
    bool cont;
};

struct frame {
    int cols, rows;
    struct frame_cell *cells;   /* rows * cols, row by row */
    size_t cap;
    int cy, cx;                 /* where the next glyph goes */
    enum role role;             /* the role it gets */
};

/* Builds the whole frame for a screen of cols x rows. `tour` (may be
 * NULL) is the command's tour: while it runs, the current lesson's
 * caption stays on screen. */
void frame_build(struct frame *f, int cols, int rows, struct view *v,
                 const struct session *s, const struct tour *tour);

/* The frame as text: one line per row, trailing blanks dropped. */
void frame_text(const struct frame *f, struct buf *out);

/* The grid, for the builders (and tests): blank cells of ROLE_TEXT. */
void frame_reset(struct frame *f, int cols, int rows);
void frame_free(struct frame *f);
void frame_move(struct frame *f, int y, int x);
void frame_role(struct frame *f, enum role r);
/* Adds text at the cursor in the current role, clipped at the edge. */
void frame_add(struct frame *f, const char *s);
void frame_addn(struct frame *f, const char *s, size_t bytes);
void frame_mvadd(struct frame *f, int y, int x, const char *s);
void frame_mvaddn(struct frame *f, int y, int x, const char *s, int bytes);
/* s at (y, x) in role r, in at most `width` cells: text that does not fit
 * (trailing blanks aside) ends in `more`, the glyph set's ellipsis.
 * Returns the cells used. */
int frame_put(struct frame *f, int y, int x, int width, enum role r,
              const char *s, const char *more);
/* s right-aligned in the `width` cells from x, in the current role (from
 * x when it is wider). */
void frame_mvadd_right(struct frame *f, int y, int x, int width,
                       const char *s);
/* `width` cells from (y, x) filled with glyph in role r. */
void frame_fill(struct frame *f, int y, int x, int width, enum role r,
                const char *glyph);
/* The header's note on the data: "  [tour]" while a lesson runs (the data
 * is the lesson's, so "modified" would suggest unsaved work of the
 * user's), "  [modified]" when it differs from what was loaded or saved,
 * else "". */
const char *frame_state_word(const struct session *s,
                             const struct tour *tour);

#endif
