/* utf8: display widths of UTF-8 text, without depending on the locale.
 *
 * wcwidth() answers only after setlocale() picks a UTF-8 locale, and the
 * report must align labels the same way in any locale. This covers what
 * labels contain in practice: ASCII, accents, combining marks (width 0),
 * and East Asian wide characters and emoji (width 2). */
#ifndef KLX_UTF8_H
#define KLX_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (at most avail bytes); returns its length, or
 * 1 with *cp = 0xFFFD for an invalid byte. */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Terminal columns of one code point: 0, 1 or 2. */
int utf8_cp_width(uint32_t cp);

/* Terminal columns of a string. */
int utf8_width(const char *s);

/* Byte length of the longest prefix of s that fits in `cols` columns. */
size_t utf8_prefix_fitting(const char *s, int cols);

#endif
