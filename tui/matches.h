/* matches: Tab completion's candidates as the explorer's prompt shows them.
 *
 * A single line cut at the window's edge hid every name after the first
 * few (`… tiny-q  toke`). Here the candidates are laid out in columns that
 * fit the width, down then across as readline does on a plain terminal,
 * in at most the rows given; when they need more, a page holds what fits
 * and a last line says which ones are shown and that Tab shows the next
 * page. Curses-free: the prompt (tui/prompt.c) draws the lines. */
#ifndef KLX_MATCHES_H
#define KLX_MATCHES_H

#include <stddef.h>

#include "buf.h"

struct matches {
    char **item;     /* owned copies */
    size_t n;
    size_t page;     /* the page shown, 0-based */
};

void matches_init(struct matches *m);
void matches_free(struct matches *m);

/* Takes copies of items[0..n). The same list again turns to the next page
 * (after the last, the first); another list starts at the first. */
void matches_set(struct matches *m, const char *const *items, size_t n);

/* Forgets the list (a later matches_set starts at the first page). */
void matches_clear(struct matches *m);

/* The current page for a width x rows area, one line per row, each ending
 * in '\n', no line wider than `width` (a candidate wider than a line is
 * cut and ends in "~"). Returns the number of lines. */
int matches_render(const struct matches *m, int width, int rows,
                   struct buf *out);

#endif
