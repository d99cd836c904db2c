#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "utf8.h"

void error_sanitize(char *msg)
{
    char *s = msg;
    size_t left = strlen(msg);
    while (*s) {
        uint32_t cp;
        size_t len = utf8_decode(s, left, &cp);
        bool valid = len > 1 || (unsigned char)*s < 0x80;
        /* Controls, and C1 controls (U+0080..U+009F), which act like
         * escapes on some terminals. */
        if (!valid || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            *s++ = '?';
            left--;
            continue;
        }
        s += len;
        left -= len;
    }
}

bool error_set(struct error *err, const char *fmt, ...)
{
    if (!err)
        return false;
    locale_t old = uselocale(num_c_locale());
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
    locale_t old = uselocale(num_c_locale());
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
