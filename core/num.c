#include "num.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

locale_t num_c_locale(void)
{
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return c_locale;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Says what is wrong with a token that failed the grammar, as precisely as
 * we can guess, because "not a number" alone does not help anyone. */
static bool explain_bad_token(const char *s, size_t len, size_t bad,
                              struct error *err)
{
    const char *t = s;
    size_t tl = len;
    if (tl && (*t == '+' || *t == '-')) {
        t++;
        tl--;
    }
    int shown = len > 40 ? 40 : (int)len;
    const char *dots = len > 40 ? "..." : "";
    if ((tl == 3 && strncasecmp(t, "nan", 3) == 0))
        return error_set(err, "'%.*s' is not allowed: values must be finite "
                         "numbers", shown, s);
    if ((tl == 3 && strncasecmp(t, "inf", 3) == 0) ||
        (tl == 8 && strncasecmp(t, "infinity", 8) == 0))
        return error_set(err, "'%.*s' is not allowed: values must be finite "
                         "numbers (hint: a weight of 0 elsewhere gives the "
                         "same effect)", shown, s);
    if (tl >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
        return error_set(err, "'%.*s%s': hexadecimal numbers are not "
                         "accepted (hint: write the value in decimal)",
                         shown, s, dots);
    if (memchr(s, ',', len))
        return error_set(err, "'%.*s%s' has a decimal comma (hint: use '.' "
                         "as the decimal point, e.g. 0.5)", shown, s, dots);
    if (memchr(s, '_', len) || memchr(s, '\'', len))
        return error_set(err, "'%.*s%s' has a digit separator (hint: write "
                         "the digits without separators)", shown, s, dots);
    if (bad == 0 || (bad == 1 && len > 0 && (s[0] == '+' || s[0] == '-')))
        return error_set(err, "'%.*s%s' is not a number", shown, s, dots);
    return error_set(err, "'%.*s%s' is not a number: unexpected '%c' after "
                     "'%.*s'", shown, s, dots, s[bad], (int)bad, s);
}

/* Returns the index of the first character that breaks the grammar, or len
 * when the whole token is a number. */
static size_t scan_number(const char *s, size_t len, bool *any_nonzero)
{
    size_t i = 0;
    size_t digits = 0;
    *any_nonzero = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit(s[i])) {
        *any_nonzero |= s[i] != '0';
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) {
            *any_nonzero |= s[i] != '0';
            i++;
            digits++;
        }
    }
    /* No digits at all ("+", "-", ".", "e5"): the token is wrong from its
     * start. (Returning the index after a lone sign would equal len for
     * "+" and pass it as the number 0.) */
    if (digits == 0)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= len || !is_digit(s[i]))
            return e;
        while (i < len && is_digit(s[i]))
            i++;
    }
    return i;
}

/* 10^k, exact in long double for k <= 27 (5^27 < 2^64) and in double for
 * k <= 22. */
static const long double pow10_exact[28] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};

#if LDBL_MANT_DIG == 64 && defined(__x86_64__)
#define NUM_FAST_EXT 1
#else
#define NUM_FAST_EXT 0
#endif

/* The fast path of num_parse, for a token that already matches the
 * grammar: up to 19 significant digits m and a decimal exponent k with
 * |k| small. Then v = m * 10^k is one correctly rounded operation on exact
 * operands:
 *   - Clinger's fast path: m < 2^53 and |k| <= 22, in double;
 *   - with x86's 64-bit long double: m < 2^64 and |k| <= 27, one rounding
 *     to 64 bits, then to 53; the second rounding can only differ from a
 *     direct one when the 64-bit result lies within one unit of a double's
 *     rounding midpoint (its 11 low bits 0x3FF, 0x400 or 0x401), and those
 *     rare cases, like subnormal results, go to strtod.
 * Returns false when it cannot decide; strtod does it then. */
static bool fast_decimal(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    uint64_t m = 0;
    int digits = 0;        /* significant digits taken into m */
    int k = 0;             /* decimal exponent of m's last digit */
    bool point = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.') {
            point = true;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        if (m == 0 && c == '0') {
            if (point)
                k--;
            continue;
        }
        if (digits == 19)
            return false;
        m = m * 10 + (uint64_t)(c - '0');
        digits++;
        if (point)
            k--;
    }
    if (i < len) {         /* an exponent: the grammar says e[+-]digits */
        i++;
        bool eneg = false;
        if (s[i] == '+' || s[i] == '-')
            eneg = s[i++] == '-';
        int e = 0;
        for (; i < len; i++) {
            if (e > 100000)
                return false;
            e = e * 10 + (s[i] - '0');
        }
        k += eneg ? -e : e;
    }
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
    double v;
    if (m <= ((uint64_t)1 << 53) && k >= -22 && k <= 22) {
        double dm = (double)m;
        v = k < 0 ? dm / (double)pow10_exact[-k] : dm * (double)pow10_exact[k];
    } else {
#if NUM_FAST_EXT
        if (k < -27 || k > 27)
            return false;
        long double lm = (long double)m;
        long double l = k < 0 ? lm / pow10_exact[-k] : lm * pow10_exact[k];
        uint64_t sig;
        memcpy(&sig, &l, sizeof sig);   /* x87 extended: the significand */
        unsigned low = (unsigned)(sig & 0x7FF);
        if (low >= 0x3FF && low <= 0x401)
            return false;
        v = (double)l;
#else
        return false;
#endif
    }
    if (!(v >= DBL_MIN) || v > DBL_MAX)
        return false;      /* subnormal, underflow or overflow: strtod */
    *out = neg ? -v : v;
    return true;
}

bool num_parse(const char *s, size_t len, double *out, struct error *err)
{
    if (len == 0)
        return error_set(err, "empty value");
    bool nonzero;
    size_t end = scan_number(s, len, &nonzero);
    if (end != len)
        return explain_bad_token(s, len, end, err);

    if (fast_decimal(s, len, out))
        return true;

    /* The grammar is checked; strtod (correctly rounded in glibc) converts,
     * in the C locale, from a NUL-terminated copy. */
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy)
        return error_set(err, "out of memory");
    memcpy(copy, s, len);
    copy[len] = '\0';
    errno = 0;
    locale_t old = uselocale(num_c_locale());
    double v = strtod(copy, NULL);
    int saved = errno;
    uselocale(old);
    if (copy != small)
        free(copy);

    int shown = len > 40 ? 40 : (int)len;
    if (saved == ERANGE && isinf(v))
        return error_set(err, "'%.*s' is too large (the largest value is "
                         "about 1.8e308)", shown, s);
    if (v == 0.0 && nonzero)
        return error_set(err, "'%.*s' is too small to represent (the "
                         "smallest is about 4.9e-324; write 0 for zero)",
                         shown, s);
    *out = v;
    return true;
}

char *num_exact(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
    else {
        locale_t old = uselocale(num_c_locale());
        snprintf(buf, size, "%.17g", v);
        uselocale(old);
    }
    return buf;
}

char *num_fixed(char *buf, size_t size, double v, int decimals)
{
    locale_t old = uselocale(num_c_locale());
    double tiny = 0.5 * pow(10.0, -decimals);
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
    else if (v == 0.0)
        snprintf(buf, size, "0");
    else if (fabs(v) < tiny || fabs(v) >= 1e7)
        snprintf(buf, size, "%.1e", v);   /* honest, never "0.000000" */
    else {
        snprintf(buf, size, "%.*f", decimals, v);
        /* At the threshold itself (|v| = 0.5e-decimals rounded to a double)
         * "%.*f" can still round to all zeros: "-0.000000" for -5e-7. */
        if (!strpbrk(buf, "123456789"))
            snprintf(buf, size, "%.1e", v);
    }
    uselocale(old);
    return buf;
}

char *num_short(char *buf, size_t size, double v)
{
    return num_fixed(buf, size, v, 6);
}

char *num_roundtrip(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        return num_exact(buf, size, v);
    locale_t old = uselocale(num_c_locale());
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    uselocale(old);
    return buf;
}
