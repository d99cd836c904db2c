#include "num.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "c_locale.h"
#include "i18n.h"

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
        return error_set(err, _("'%.*s' is not allowed: values must be finite "
                            "numbers"), shown, s);
    if ((tl == 3 && strncasecmp(t, "inf", 3) == 0) ||
        (tl == 8 && strncasecmp(t, "infinity", 8) == 0))
        return error_set(err, _("'%.*s' is not allowed: values must be finite "
                            "numbers (hint: a weight of 0 elsewhere gives the "
                            "same effect)"), shown, s);
    if (tl >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
        return error_set(err, _("'%.*s%s': hexadecimal numbers are not "
                            "accepted (hint: write the value in decimal)"),
                         shown, s, dots);
    if (memchr(s, ',', len))
        return error_set(err, _("'%.*s%s' has a decimal comma (hint: use '.' "
                            "as the decimal point, e.g. 0.5)"),
                         shown, s, dots);
    if (memchr(s, '_', len) || memchr(s, '\'', len))
        return error_set(err, _("'%.*s%s' has a digit separator (hint: write "
                            "the digits without separators)"), shown, s, dots);
    if (bad == 0 || (bad == 1 && len > 0 && (s[0] == '+' || s[0] == '-')))
        return error_set(err, _("'%.*s%s' is not a number"), shown, s, dots);
    return error_set(err, _("'%.*s%s' is not a number: unexpected '%c' after "
                        "'%.*s'"), shown, s, dots, s[bad], (int)bad, s);
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

/* 10^k, exact in double for k <= 22 (5^22 < 2^53). */
static const double pow10_exact[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#if defined(__SIZEOF_INT128__)
#include "num_pow5.h"

__extension__ typedef unsigned __int128 num_u128;   /* GCC and clang */

/* Eisel and Lemire's conversion (Lemire, "Number parsing at a gigabyte
 * per second", 2021; as in fast_float): m * 10^q for m < 2^64 from a
 * 128-bit product with a truncated 5^q, which decides the correctly
 * rounded double unless the product is too close to call; then this
 * returns false (so does a subnormal or infinite result) and strtod
 * decides. Where fast_float settles exact halfway cases itself (round to
 * even), this hands them to strtod too. */
static bool eisel_lemire(uint64_t m, long q, double *out)
{
    if (q < NUM_POW5_MIN || q > NUM_POW5_MAX)
        return false;
    int lz = __builtin_clzll(m);   /* m != 0 */
    m <<= lz;
    size_t at = 2 * (size_t)(q - NUM_POW5_MIN);
    num_u128 prod = (num_u128)m * num_pow5_128[at];
    uint64_t hi = (uint64_t)(prod >> 64), lo = (uint64_t)prod;
    if ((hi & 0x1FF) == 0x1FF) {
        /* the 9 bits below the 55 kept might carry: the next 64 bits of
         * the power */
        num_u128 p2 = (num_u128)m * num_pow5_128[at + 1];
        uint64_t hi2 = (uint64_t)(p2 >> 64);
        lo += hi2;
        if (hi2 > lo)
            hi++;
        if ((hi & 0x1FF) == 0x1FF && lo == UINT64_MAX)
            return false;   /* still undecided */
    }
    int upper = (int)(hi >> 63);
    int shift = upper + 9;
    uint64_t mant = hi >> shift;
    /* floor(q * log2(10)) + 63, for |q| <= 342 (an arithmetic shift) */
    long power2 = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
    if (lo <= 1 && (mant & 3) == 1 && (mant << shift) == hi)
        return false;       /* (nearly) halfway between two doubles */
    mant += mant & 1;       /* round to nearest */
    mant >>= 1;
    if (mant >= ((uint64_t)2 << 52)) {
        mant = (uint64_t)1 << 52;
        power2++;
    }
    if (power2 <= 0 || power2 >= 0x7FF)
        return false;       /* subnormal or infinite */
    uint64_t bits = (mant & ~((uint64_t)1 << 52)) | ((uint64_t)power2 << 52);
    memcpy(out, &bits, sizeof *out);
    return true;
}
#else
static bool eisel_lemire(uint64_t m, long q, double *out)
{
    (void)m;
    (void)q;
    (void)out;
    return false;
}
#endif

#if defined(__GNUC__)
#define NUM_INLINE inline __attribute__((always_inline))
#else
#define NUM_INLINE inline
#endif

/* The 8 bytes at s as a little-endian word: s[0] in the low byte. */
static NUM_INLINE uint64_t load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The value of 8 digits, given as bytes 0..9 with the first digit in the
 * low byte: the SWAR conversion of simdjson and fast_float (Lemire), in
 * three multiplications instead of eight. */
static NUM_INLINE uint64_t eight_value(uint64_t w)
{
    w = (w * 10) + (w >> 8);     /* pairs: 2-digit values in even bytes */
    return (((w & 0x000000FF000000FFu) * (100 + (1000000ull << 32))) +
            (((w >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32)))) >>
           32;
}

static const uint64_t pow10_u64[9] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/* Reads the digits from s[i..len) into m (m*10 + d, wrapping: the caller
 * counts digits and only trusts m for at most 19 significant ones).
 * Returns the index after the last digit. Eight bytes at a time: the run
 * of digits at the start of each word is found and converted at once,
 * whatever its length, so that the usual 1 to 17 digits take one to three
 * steps with no branch per digit. */
static NUM_INLINE size_t read_digits(const char *s, size_t i, size_t len,
                                     uint64_t *m)
{
    uint64_t v = *m;
    while (len - i >= 8) {
        uint64_t w = load8(s + i) ^ 0x3030303030303030u;  /* digits: 0..9 */
        /* a byte is not a digit when its high nibble is set, or when
         * adding 6 sets it (0x0A..0x0F). A carry out of a byte only comes
         * from a non-digit, so it cannot hide the first one. */
        uint64_t bad = (w | (w + 0x0606060606060606u)) & 0xF0F0F0F0F0F0F0F0u;
        if (bad == 0) {
            v = v * 100000000u + eight_value(w);
            i += 8;
            continue;
        }
#if defined(__GNUC__)
        unsigned n = (unsigned)__builtin_ctzll(bad) >> 3;
#else
        unsigned n = 0;
        while (!(bad & ((uint64_t)0xF0 << (8 * n))))
            n++;
#endif
        if (n) {   /* the n digits moved up: the low bytes are 0, leading
                      zeros */
            v = v * pow10_u64[n] + eight_value(w << (64 - 8 * n));
            i += n;
        }
        *m = v;
        return i;
    }
    while (i < len && is_digit(s[i])) {
        v = v * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    *m = v;
    return i;
}

size_t num_scan(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    size_t int_start = i;
    /* The integer part is usually one digit ("0.84"): digit by digit, the
     * word at a time only for the fraction, where the long runs are. */
    while (i < len && is_digit(s[i]) && i - int_start < 8) {
        m = m * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    if (i - int_start == 8)
        i = read_digits(s, i, len, &m);
    size_t int_digits = i - int_start;
    size_t frac_start = i, frac_digits = 0;
    if (i < len && s[i] == '.') {
        frac_start = ++i;
        i = read_digits(s, i, len, &m);
        frac_digits = i - frac_start;
    }
    size_t digits = int_digits + frac_digits;
    if (digits == 0)
        return 0;                  /* "+", ".", "e5": not a number */
    /* k: the decimal exponent of m's last digit */
    long k = -(long)frac_digits;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        bool eneg = false;
        if (j < len && (s[j] == '+' || s[j] == '-'))
            eneg = s[j++] == '-';
        size_t e_start = j;
        long e = 0;
        while (j < len && is_digit(s[j]) && j - e_start < 6)
            e = e * 10 + (s[j++] - '0');
        if (j == e_start || (j < len && is_digit(s[j])))
            return 0;              /* "1e" (an error) or a huge exponent */
        k += eneg ? -e : e;
        i = j;
    }
    if (digits > 19) {
        /* Leading zeros ("0.000000000000000000012") are not significant;
         * more than 19 digits after them do not fit m. */
        size_t zeros = 0;
        for (size_t j = int_start; j < i && zeros < digits; j++) {
            if (s[j] == '0')
                zeros++;
            else if (s[j] != '.')
                break;
        }
        if (digits - zeros > 19)
            return 0;
    }
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return i;
    }
    double v;
    if (m <= ((uint64_t)1 << 53) && k >= -22 && k <= 22) {
        /* Clinger: both operands exact, one rounding */
        double dm = (double)m;
        v = k < 0 ? dm / pow10_exact[-k] : dm * pow10_exact[k];
    } else if (!eisel_lemire(m, k, &v)) {
        return 0;
    }
    if (!(v >= DBL_MIN) || v > DBL_MAX)
        return 0;                  /* subnormal, underflow or overflow */
    *out = neg ? -v : v;
    return i;
}

bool num_parse(const char *s, size_t len, double *out, struct error *err)
{
    if (len == 0)
        return error_set(err, _("empty value"));
    /* One pass that checks the grammar and converts, for nearly every
     * token; the rest (errors, long or extreme values) below. */
    double fast;
    if (num_scan(s, len, &fast) == len) {
        *out = fast;
        return true;
    }
    bool nonzero;
    size_t end = scan_number(s, len, &nonzero);
    if (end != len)
        return explain_bad_token(s, len, end, err);

    /* The grammar is checked; strtod (correctly rounded in glibc) converts,
     * in the C locale, from a NUL-terminated copy. */
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy)
        return error_set(err, _("out of memory"));
    memcpy(copy, s, len);
    copy[len] = '\0';
    errno = 0;
    locale_t old = uselocale(c_locale_get());
    double v = strtod(copy, NULL);
    int saved = errno;
    uselocale(old);
    if (copy != small)
        free(copy);

    int shown = len > 40 ? 40 : (int)len;
    if (saved == ERANGE && isinf(v))
        return error_set(err, _("'%.*s' is too large (the largest value is "
                            "about 1.8e308)"), shown, s);
    if (v == 0.0 && nonzero)
        return error_set(err, _("'%.*s' is too small to represent (the "
                            "smallest is about 4.9e-324; write 0 for zero)"),
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
        locale_t old = uselocale(c_locale_get());
        snprintf(buf, size, "%.17g", v);
        uselocale(old);
    }
    return buf;
}

char *num_fixed(char *buf, size_t size, double v, int decimals)
{
    locale_t old = uselocale(c_locale_get());
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
    locale_t old = uselocale(c_locale_get());
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    uselocale(old);
    return buf;
}

int num_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
