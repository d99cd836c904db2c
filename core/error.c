#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "c_locale.h"

void error_sanitize(char *msg)
{
    unsigned char *s = (unsigned char *)msg;
    while (*s) {
        unsigned c = *s;
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4
                   : 0;
        bool ok = len > 0;
        for (size_t i = 1; ok && i < len; i++)
            ok = (s[i] & 0xC0) == 0x80;
        /* Overlong forms, surrogates and code points past U+10FFFF. */
        if (ok && len == 3)
            ok = !(c == 0xE0 && s[1] < 0xA0) && !(c == 0xED && s[1] >= 0xA0);
        if (ok && len == 4)
            ok = !(c == 0xF0 && s[1] < 0x90) && !(c == 0xF4 && s[1] >= 0x90);
        /* C1 controls (U+0080..U+009F) act like escapes on some terminals. */
        if (ok && len == 2 && c == 0xC2 && s[1] < 0xA0)
            ok = false;
        if (!ok || c < 0x20 || c == 0x7F) {
            *s++ = '?';
            continue;
        }
        s += len;
    }
}

bool error_set(struct error *err, const char *fmt, ...)
{
    if (!err)
        return false;
    locale_t old = uselocale(c_locale_get());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    uselocale(old);
    error_sanitize(err->msg);
    return false;
}

void error_prefix(struct error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char prefix[ERROR_MAX];
    char joined[2 * ERROR_MAX + 2];
    locale_t old = uselocale(c_locale_get());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    uselocale(old);
    snprintf(joined, sizeof joined, "%s: %s", prefix, err->msg);
    memcpy(err->msg, joined, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
    error_sanitize(err->msg);
}

void error_clear(struct error *err)
{
    if (err)
        err->msg[0] = '\0';
}
