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

void error_format(char *out, size_t size, const char *fmt, va_list ap)
{
    locale_t old = uselocale(c_locale_get());
    vsnprintf(out, size, fmt, ap);
    uselocale(old);
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
    error_sanitize(err->msg);
}

void error_clear(struct error *err)
{
    if (err)
        err->msg[0] = '\0';
}
