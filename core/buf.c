#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "utf8.h"

void buf_init(struct buf *b)
{
    b->cap = 64;
    b->len = 0;
    b->s = xrealloc(NULL, b->cap);
    b->s[0] = '\0';
}

void buf_free(struct buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->s[0] = '\0';
}

static void reserve(struct buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void buf_append_n(struct buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void buf_append(struct buf *b, const char *s)
{
    buf_append_n(b, s, strlen(s));
}

void buf_append_sanitized(struct buf *b, const char *s)
{
    size_t at = b->len;
    buf_append(b, s);
    error_sanitize(b->s + at);
}

void buf_append_escaped(struct buf *b, const char *s,
                        const char *const escapes[128])
{
    for (;;) {
        const char *plain = s;
        while (*s && !((unsigned char)*s < 128 && escapes[(unsigned char)*s]))
            s++;
        buf_append_n(b, plain, (size_t)(s - plain));
        if (!*s)
            return;
        buf_append(b, escapes[(unsigned char)*s++]);
    }
}

void buf_putc(struct buf *b, char c)
{
    buf_append_n(b, &c, 1);
}

void buf_repeat(struct buf *b, const char *s, int times)
{
    for (int i = 0; i < times; i++)
        buf_append(b, s);
}

void buf_pad(struct buf *b, const char *s, int width, bool right)
{
    int w = utf8_width(s);
    if (right)
        buf_repeat(b, " ", width - w);
    buf_append(b, s);
    if (!right)
        buf_repeat(b, " ", width - w);
}

void buf_pad_cut(struct buf *b, const char *s, int width)
{
    size_t start = b->len;
    buf_append_n(b, s, utf8_prefix_fitting(s, width));
    buf_repeat(b, " ", width - utf8_width(b->s + start));
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    locale_t old = uselocale(c_locale_get());
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    if (n >= 0 && (size_t)n >= b->cap - b->len) {
        reserve(b, (size_t)n);
        vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
    }
    va_end(ap2);
    uselocale(old);
    if (n > 0)
        b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_take(struct buf *b)
{
    char *s = b->s;
    buf_init(b);
    return s;
}

/* Whether utf8_wrap_break ended a line at s[cut] (cut > 0) where a line
 * may break, rather than cutting a word it found no break in: a space
 * follows, or a wide (Chinese) character is on either side. */
static bool breaks_at(const char *s, size_t cut)
{
    if (s[cut] == ' ' || s[cut] == '\0')
        return true;
    size_t before = cut - 1;
    while (before > 0 && ((unsigned char)s[before] & 0xC0) == 0x80)
        before--;
    uint32_t a, b;
    utf8_decode(s + before, cut - before, &a);
    utf8_decode(s + cut, strlen(s + cut), &b);
    return utf8_cp_width(a) == 2 || utf8_cp_width(b) == 2;
}

void buf_append_wrapped(struct buf *b, const char *line, int width,
                        int indent, bool keep_words)
{
    const char *rest = line;
    int room = width;
    while (utf8_width(rest) > room) {
        size_t cut = utf8_wrap_break(rest, room);
        if (keep_words &&
            (cut <= strspn(rest, " ") || !breaks_at(rest, cut))) {
            cut = strspn(rest, " ");
            cut += strcspn(rest + cut, " ");
            if (rest[cut + strspn(rest + cut, " ")] == '\0')
                break;
        } else if (cut == 0) {
            break;
        }
        buf_append_n(b, rest, cut);
        buf_putc(b, '\n');
        rest += cut;
        rest += strspn(rest, " ");
        buf_repeat(b, " ", indent);
        room = width - indent;
    }
    buf_append(b, rest);
}
