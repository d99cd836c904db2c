/* utf8: display widths of UTF-8 text, without depending on the locale.
 *
 * wcwidth() answers only after setlocale() picks a UTF-8 locale, and the
 * report must align labels the same way in any locale. This covers what
 * labels contain in practice: ASCII, accents, combining marks (width 0),
 * and East Asian wide characters and emoji (width 2). */
#ifndef KLX_UTF8_H
#define KLX_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The valid UTF-8 sequence at s (at most avail bytes): its length, with
 * its code point in *cp; or 0 (with *cp = 0xFFFD) when the bytes there are
 * not UTF-8: a stray or truncated sequence, an overlong form, a surrogate,
 * or past U+10FFFF. The one definition of valid UTF-8 in klx. */
size_t utf8_scan(const char *s, size_t avail, uint32_t *cp);

/* Decodes one code point at s (at most avail bytes); returns its length, or
 * 1 with *cp = 0xFFFD for an invalid byte. */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Whether a code point is a control character, which a terminal would act
 * on: C0 (below U+0020), DEL, or C1 (U+0080..U+009F, which some terminals
 * take like an escape). */
bool utf8_is_control(uint32_t cp);

/* Terminal columns of one code point: 0, 1 or 2. */
int utf8_cp_width(uint32_t cp);

/* Terminal columns of a string. */
int utf8_width(const char *s);

/* Byte length of the longest prefix of s that fits in `cols` columns. */
size_t utf8_prefix_fitting(const char *s, int cols);

/* Where to end a line of at most `cols` columns that starts at s (s holds
 * no newline): the byte length of the line's text, trailing spaces left
 * out; strlen(s) when s fits whole. The line breaks at the last space that
 * fits, or between two characters one of which is wide (Chinese has no
 * spaces), but never before closing punctuation (，。：；）！？、 and the
 * like, ASCII ones too) nor after opening punctuation (（「《 and the like).
 * A word with no break in `cols` columns is cut at the width, never inside
 * a character; 0 only when the first character alone is wider than cols.
 * The caller skips the spaces at the start of the rest. */
size_t utf8_wrap_break(const char *s, int cols);

/* klx's own prose in an ASCII output (LANG=C, --ascii): the accented
 * letters its texts use become their plain letters in place ("Rényi" as
 * "Renyi"), as bars and marks fall back to '#' and "<=". Returns the new
 * length. Only for klx's own texts: labels keep theirs, escaped where the
 * output cannot show them. */
size_t utf8_ascii_letters(char *s);

#endif
