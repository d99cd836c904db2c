#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

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
}

void error_clear(struct error *err)
{
    if (err)
        err->msg[0] = '\0';
}
