/* frame_code: the code column of the explorer (`view code`, key C): for
 * each entry the ideal code length for Q, -log2 q, and the length of the
 * entry's word in a Huffman code built for Q (core/code.h), in the column
 * the gradient uses otherwise. The Huffman code is built once per change
 * of the session and kept in the view. No curses. */
#ifndef KLX_FRAME_CODE_H
#define KLX_FRAME_CODE_H

#include "frame.h"
#include "session.h"
#include "view.h"

/* The Huffman code for the session's Q, built when it changed. */
const struct code_book *frame_code_book(struct view *v,
                                        const struct session *s);

/* The column's title and entry i's cell, right-aligned in `width` cells
 * at (y, x). */
void frame_code_title(struct frame *f, int y, int x, int width);
void frame_code_cell(struct frame *f, const struct code_book *b,
                     const struct session *s, size_t i, int y, int x,
                     int width);

#endif
