/* buf: a growable, always NUL-terminated string.
 *
 * All of core's output (reports, JSON, command results) is written into a
 * buf, never to a terminal, so tests can read exactly what a user would see.
 * Formatting always happens in the C locale: a German LC_NUMERIC never turns
 * 0.5 into "0,5" in klx's output. */
#ifndef KLX_BUF_H
#define KLX_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct buf {
    char *s;      /* never NULL after buf_init; always NUL-terminated */
    size_t len;
    size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);               /* len = 0, keeps memory */
void buf_append(struct buf *b, const char *s);
void buf_append_n(struct buf *b, const char *s, size_t n);
/* Appends text that came from outside klx (a file name, a description)
 * with its control characters and invalid UTF-8 made '?' (error_sanitize),
 * so printing it cannot act on the terminal. */
void buf_append_sanitized(struct buf *b, const char *s);
/* Appends s with every ASCII byte c for which escapes[c] is not NULL
 * replaced by that string (how JSON, Markdown and the like quote text);
 * other bytes, UTF-8 included, are copied. */
void buf_append_escaped(struct buf *b, const char *s,
                        const char *const escapes[128]);
void buf_putc(struct buf *b, char c);
void buf_repeat(struct buf *b, const char *s, int times);
/* Appends s padded with spaces to `width` terminal columns, on the left
 * when `right` (right-aligned) else on the right. Columns, not bytes (as
 * printf's %*s counts): a Chinese character is 3 bytes and 2 columns, so
 * translated headings line up. Text wider than `width` is not cut. */
void buf_pad(struct buf *b, const char *s, int width, bool right);
/* Appends s in exactly `width` columns: cut to the longest prefix that
 * fits (never inside a character), padded with spaces on the right. */
void buf_pad_cut(struct buf *b, const char *s, int width);
void buf_printf(struct buf *b, const char *fmt, ...) KLX_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    KLX_PRINTF(2, 0);

/* Appends one line of text (no newline in it) wrapped at `width`
 * columns by utf8_wrap_break (at spaces, or between Chinese characters),
 * each continuation after a newline and `indent` blanks. A word longer
 * than a line is left whole with keep_words, else cut at the width
 * (never inside a character). No newline after the last piece. */
void buf_append_wrapped(struct buf *b, const char *line, int width,
                        int indent, bool keep_words);

/* Hands the string to the caller (who frees it) and leaves b empty. */
char *buf_take(struct buf *b);

#endif
