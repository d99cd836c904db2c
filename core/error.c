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
