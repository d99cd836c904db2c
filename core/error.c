#include "error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "c_locale.h"
#include "utf8.h"

void error_sanitize(char *msg)
{
    size_t len = strlen(msg);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_scan(msg + i, len - i, &cp);
        if (k == 0 || utf8_is_control(cp))
            msg[i++] = '?';
        else
            i += k;
    }
}

/* A message cut to its buffer may end inside a character (a Chinese one
 * is three bytes): end it before that character instead, so the cut
 * shows as a shorter message rather than a '?'. */
static void cut_partial(char *s, size_t len)
{
    size_t start = len;
    while (start > 0 && len - start < 4 &&
           ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0 || ((unsigned char)s[start - 1] & 0x80) == 0)
        return;
    start--;   /* the lead byte of the last character */
    uint32_t cp;
    if (utf8_scan(s + start, len - start, &cp) == 0)
        s[start] = '\0';
}

void error_format(char *out, size_t size, const char *fmt, va_list ap)
{
    locale_t old = uselocale(c_locale_get());
    int n = vsnprintf(out, size, fmt, ap);
    uselocale(old);
    if (size > 0 && n >= 0 && (size_t)n >= size)
        cut_partial(out, size - 1);
}

bool error_set(struct error *err, const char *fmt, ...)
{
    if (!err)
        return false;
    va_list ap;
    va_start(ap, fmt);
    error_format(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    error_sanitize(err->msg);
    return false;
}

bool error_vat(struct error *err, const char *name, size_t line, size_t col,
               const char *fmt, va_list ap)
{
    char msg[ERROR_MAX];
    error_format(msg, sizeof msg, fmt, ap);
    if (col)
        return error_set(err, "%s:%zu:%zu: %s", name, line, col, msg);
    return error_set(err, "%s:%zu: %s", name, line, msg);
}

bool error_at(struct error *err, const char *name, size_t line, size_t col,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vat(err, name, line, col, fmt, ap);
    va_end(ap);
    return false;
}

void error_prefix(struct error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char prefix[ERROR_MAX];
    char joined[2 * ERROR_MAX + 2];
    va_list ap;
    va_start(ap, fmt);
    error_format(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    snprintf(joined, sizeof joined, "%s: %s", prefix, err->msg);
    memcpy(err->msg, joined, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
    if (strlen(joined) >= sizeof err->msg)
        cut_partial(err->msg, sizeof err->msg - 1);
    error_sanitize(err->msg);
}

void error_clear(struct error *err)
{
    if (err)
        err->msg[0] = '\0';
}
