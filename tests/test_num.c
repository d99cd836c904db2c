/* Unit tests for core/num: the number grammar, range errors, the output
 * formats, and independence from the process locale. */
#include "test_util.h"

#include <float.h>
#include <locale.h>

#include "core/buf.h"
#include "core/c_locale.h"
#include "core/error.h"
#include "core/num.h"

static bool parse(const char *s, double *v, struct error *err)
{
    return num_parse(s, strlen(s), v, err);
}

static void test_accepts_grammar(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double v;
    } cases[] = {
        {"0.5", 0.5},      {".5", 0.5},       {"5.", 5.0},
        {"1e-3", 1e-3},    {"+1", 1.0},       {"-2", -2.0},
        {"1E3", 1000.0},   {"1e+3", 1000.0},  {"0", 0.0},
        {"00012", 12.0},   {"0.1", 0.1},      {"2.5e-1", 0.25},
        {"123456789012345678901234567890", 123456789012345678901234567890.0},
        {"1.7976931348623157e308", DBL_MAX},
        {"2.2250738585072014e-308", DBL_MIN},
        {"0e999", 0.0},    {"0.000", 0.0},    {"7", 7.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -12345;
        struct error err = {""};
        if (!parse(cases[i].s, &v, &err))
            fail_msg("'%s' was rejected: %s", cases[i].s, err.msg);
        assert_same_double(v, cases[i].v);
    }
}

static void test_negative_zero_and_length(void **state)
{
    (void)state;
    double v = 1;
    assert_true(parse("-0", &v, NULL));
    assert_true(v == 0.0);
    /* Only the first len bytes are the token. */
    assert_true(num_parse("0.25xyz", 4, &v, NULL));
    assert_same_double(v, 0.25);
    assert_true(num_parse("12345", 2, &v, NULL));
    assert_same_double(v, 12.0);
}

static void test_long_token(void **state)
{
    (void)state;
    /* Longer than the parser's small stack copy. */
    char s[200];
    memset(s, '0', sizeof s);
    s[1] = '.';
    s[150] = '5';
    s[151] = '\0';
    double v = 0;
    assert_true(parse(s, &v, NULL));
    assert_close(v, 5e-149, 1e-15, 0);
    /* a long bad token is shown cut, and the message fits */
    s[160] = 'x';
    s[151] = '0';
    s[170] = '\0';
    struct error err;
    assert_false(parse(s, &v, &err));
    assert_contains(err.msg, "...' is not a number: unexpected 'x'");
    assert_true(strlen(err.msg) < ERROR_MAX);
}

static void test_rejects_with_reason(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        const char *why;
    } cases[] = {
        {"nan", "not allowed"},
        {"NaN", "not allowed"},
        {"-nan", "not allowed"},
        {"inf", "not allowed"},
        {"-inf", "not allowed"},
        {"Infinity", "not allowed"},
        {"0x10", "hexadecimal"},
        {"0x1p3", "hexadecimal"},
        {"0X1P-2", "hexadecimal"},
        {"1,5", "decimal comma"},
        {"12abc", "unexpected 'a' after '12'"},
        {"", "empty value"},
        {"1e", "unexpected 'e' after '1'"},
        {"1e+", "unexpected 'e' after '1'"},
        {"1e-", "unexpected 'e' after '1'"},
        {"--1", "'--1' is not a number"},
        {"+-1", "is not a number"},
        {"+", "'+' is not a number"},
        {"-", "'-' is not a number"},
        {".", "'.' is not a number"},
        {"-.", "is not a number"},
        {"e5", "'e5' is not a number"},
        {"1_000", "digit separator"},
        {"1'000", "digit separator"},
        {" 1", "is not a number"},
        {"1 ", "unexpected ' '"},
        {"1.2.3", "unexpected '.' after '1.2'"},
        {"1e5.5", "unexpected '.'"},
        {"abc", "'abc' is not a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 42.0;
        struct error err = {""};
        if (parse(cases[i].s, &v, &err))
            fail_msg("'%s' was accepted as %.17g", cases[i].s, v);
        if (!strstr(err.msg, cases[i].why))
            fail_msg("'%s': message \"%s\" lacks \"%s\"", cases[i].s,
                     err.msg, cases[i].why);
        /* failure leaves the output alone */
        assert_same_double(v, 42.0);
    }
}

static void test_rejects_with_null_error(void **state)
{
    (void)state;
    double v;
    assert_false(parse("nan", &v, NULL));
    assert_false(parse("1e400", &v, NULL));
    assert_false(parse("", &v, NULL));
}

static void test_overflow_is_error(void **state)
{
    (void)state;
    double v = 7;
    struct error err;
    assert_false(parse("1e400", &v, &err));
    assert_contains(err.msg, "too large");
    assert_false(parse("-1e400", &v, &err));
    assert_contains(err.msg, "too large");
    assert_false(parse("1.8e308", &v, &err));
    assert_contains(err.msg, "too large");
    assert_same_double(v, 7.0);
}

static void test_underflow_is_error(void **state)
{
    (void)state;
    double v = 7;
    struct error err;
    assert_false(parse("1e-400", &v, &err));
    assert_contains(err.msg, "too small");
    assert_contains(err.msg, "write 0");
    assert_false(parse("2e-324", &v, &err));
    assert_contains(err.msg, "too small");
    assert_same_double(v, 7.0);
}

static void test_subnormal_accepted(void **state)
{
    (void)state;
    double v = 0;
    struct error err;
    assert_true(parse("1e-320", &v, &err));
    assert_true(v > 0 && v < DBL_MIN);
    assert_close(v, 1e-320, 1e-3, 0);
    assert_true(parse("4.9406564584124654e-324", &v, &err));
    assert_same_double(v, nextafter(0.0, 1.0));
    assert_true(parse("3e-324", &v, &err));
    assert_same_double(v, nextafter(0.0, 1.0));
}

static void test_exact_format(void **state)
{
    (void)state;
    char b[NUM_BUF];
    assert_string_equal(num_exact(b, sizeof b, 0.1), "0.10000000000000001");
    assert_string_equal(num_exact(b, sizeof b, 0.5), "0.5");
    assert_string_equal(num_exact(b, sizeof b, INFINITY), "inf");
    assert_string_equal(num_exact(b, sizeof b, -INFINITY), "-inf");
    assert_string_equal(num_exact(b, sizeof b, NAN), "nan");
    assert_string_equal(num_exact(b, sizeof b, -2.5), "-2.5");
    assert_string_equal(num_exact(b, sizeof b, 1e-320), "9.9998886718268301e-321");
    /* num_exact reads back bit-identically */
    struct test_rng r = {17};
    for (int i = 0; i < 2000; i++) {
        double v = rng_uniform(&r) * pow(10.0, (double)rng_below(&r, 40) - 20);
        double back;
        num_exact(b, sizeof b, v);
        assert_true(parse(b, &back, NULL));
        assert_same_double(back, v);
    }
}

static void test_short_format(void **state)
{
    (void)state;
    char b[NUM_BUF];
    assert_string_equal(num_short(b, sizeof b, 0.12685113254635071643),
                        "0.126851");
    assert_string_equal(num_short(b, sizeof b, 0.12163953243244931459),
                        "0.121640");
    assert_string_equal(num_short(b, sizeof b, 0.0), "0");
    assert_string_equal(num_short(b, sizeof b, -0.0), "0");
    assert_string_equal(num_short(b, sizeof b, 2.000000000000000004e-18),
                        "2.0e-18");
    assert_string_equal(num_short(b, sizeof b, INFINITY), "inf");
    assert_string_equal(num_short(b, sizeof b, -INFINITY), "-inf");
    assert_string_equal(num_short(b, sizeof b, NAN), "nan");
    assert_string_equal(num_short(b, sizeof b, 1.0), "1.000000");
    assert_string_equal(num_short(b, sizeof b, 736.82724089097390615),
                        "736.827241");
    assert_string_equal(num_short(b, sizeof b, -0.069314718055994530942),
                        "-0.069315");
    assert_string_equal(num_short(b, sizeof b, 1e7), "1.0e+07");
    assert_string_equal(num_short(b, sizeof b, 3e-7), "3.0e-07");
    assert_string_equal(num_short(b, sizeof b, 1e-300), "1.0e-300");
    assert_string_equal(num_short(b, sizeof b, 4e-320), "4.0e-320");
}

/* A nonzero value never prints as all zeros, and nothing prints as "-0". */
static bool all_zero_digits(const char *s)
{
    bool any = false;
    for (; *s; s++) {
        if (*s >= '1' && *s <= '9')
            return false;
        any |= *s == '0';
    }
    return any;
}

static void test_short_never_hides_nonzero(void **state)
{
    (void)state;
    char b[NUM_BUF];
    const double around[] = {4.9e-7, 4.999999e-7, 5e-7, 5.0000001e-7,
                             nextafter(5e-7, 1), nextafter(5e-7, 0), 9.9e-7,
                             1e-6, 1.5e-6};
    for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
        for (int sign = -1; sign <= 1; sign += 2) {
            double v = sign * around[i];
            num_short(b, sizeof b, v);
            if (all_zero_digits(b))
                fail_msg("num_short(%.17g) = \"%s\" hides a nonzero value",
                         v, b);
            assert_true((v < 0) == (b[0] == '-'));
        }
    }
    for (int d = 0; d <= 8; d++) {
        double tiny = 0.5 * pow(10.0, -d);
        const double vs[] = {tiny, nextafter(tiny, 0), nextafter(tiny, 1),
                             -tiny};
        for (size_t i = 0; i < 4; i++) {
            num_fixed(b, sizeof b, vs[i], d);
            if (all_zero_digits(b))
                fail_msg("num_fixed(%.17g, %d) = \"%s\" hides a nonzero "
                         "value", vs[i], d, b);
        }
    }
}

static void test_fixed_format(void **state)
{
    (void)state;
    char b[NUM_BUF];
    assert_string_equal(num_fixed(b, sizeof b, 0.1, 4), "0.1000");
    assert_string_equal(num_fixed(b, sizeof b, 0.4, 4), "0.4000");
    assert_string_equal(num_fixed(b, sizeof b, 0.0, 4), "0");
    assert_string_equal(num_fixed(b, sizeof b, 1e-5, 4), "1.0e-05");
    assert_string_equal(num_fixed(b, sizeof b, 0.33333333333333331, 2),
                        "0.33");
    assert_string_equal(num_fixed(b, sizeof b, INFINITY, 3), "inf");
}

static void test_roundtrip_format(void **state)
{
    (void)state;
    char b[NUM_BUF];
    assert_string_equal(num_roundtrip(b, sizeof b, 0.1), "0.1");
    assert_string_equal(num_roundtrip(b, sizeof b, 0.3), "0.3");
    assert_string_equal(num_roundtrip(b, sizeof b, 0.1 + 0.2),
                        "0.30000000000000004");
    /* 15 significant digits at least, also for subnormals */
    assert_string_equal(num_roundtrip(b, sizeof b, 1e-320),
                        "9.99988867182683e-321");
    assert_string_equal(num_roundtrip(b, sizeof b, 0.0), "0");
    assert_string_equal(num_roundtrip(b, sizeof b, INFINITY), "inf");
    struct test_rng r = {99};
    for (int i = 0; i < 5000; i++) {
        uint64_t bits = rng_next(&r) & 0x7FFFFFFFFFFFFFFFULL;
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        double back = -1;
        num_roundtrip(b, sizeof b, v);
        struct error err;
        if (!parse(b, &back, &err))
            fail_msg("num_roundtrip(%a) = \"%s\" does not parse: %s", v, b,
                     err.msg);
        assert_same_double(back, v);
    }
}

static void test_c_locale_object(void **state)
{
    (void)state;
    locale_t c = c_locale_get();
    assert_non_null(c);
    assert_true(c == c_locale_get());
}

/* The point of the module: under a German LC_NUMERIC nothing changes. */
static void test_locale_independent(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
        print_message("SKIPPED: locale de_DE.UTF-8 is not installed "
                      "(generate it with: localedef -i de_DE -f UTF-8 "
                      "de_DE.UTF-8)\n");
        skip();
    }
    /* make sure the locale really uses a decimal comma */
    char probe[32];
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");

    double v = 0;
    struct error err;
    assert_true(parse("0.5", &v, &err));
    assert_same_double(v, 0.5);
    assert_true(parse("1.25e-3", &v, &err));
    assert_same_double(v, 1.25e-3);
    assert_false(parse("0,5", &v, &err));
    assert_contains(err.msg, "decimal comma");

    char b[NUM_BUF];
    assert_string_equal(num_short(b, sizeof b, 0.12685113254635071643),
                        "0.126851");
    assert_string_equal(num_short(b, sizeof b, 2e-18), "2.0e-18");
    assert_string_equal(num_exact(b, sizeof b, 0.1), "0.10000000000000001");
    assert_string_equal(num_fixed(b, sizeof b, 0.25, 4), "0.2500");
    assert_string_equal(num_roundtrip(b, sizeof b, 0.1), "0.1");
    assert_string_equal(num_roundtrip(b, sizeof b, 0.30000000000000004),
                        "0.30000000000000004");

    struct buf out;
    buf_init(&out);
    buf_printf(&out, "%.3f|%g|%.17g", 0.5, 0.25, 0.1);
    assert_string_equal(out.s, "0.500|0.25|0.10000000000000001");
    buf_free(&out);

    error_set(&err, "%.2f", 1.5);
    assert_string_equal(err.msg, "1.50");
    error_prefix(&err, "x %.1f", 2.5);
    assert_string_equal(err.msg, "x 2.5: 1.50");

    /* the process locale is left as it was */
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");
    setlocale(LC_ALL, "C");
}

static void test_buf_basics(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    assert_string_equal(b.s, "");
    buf_append(&b, "ab");
    buf_putc(&b, 'c');
    buf_append_n(&b, "defg", 2);
    buf_repeat(&b, "-", 3);
    assert_string_equal(b.s, "abcde---");
    assert_int_equal(b.len, 8);
    /* growing well past the initial capacity */
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.s));
    assert_contains(b.s, ",999,");
    buf_reset(&b);
    assert_string_equal(b.s, "");
    assert_int_equal(b.len, 0);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_printf(&b, "[%s]", big);
    assert_int_equal(b.len, 301);
    char *taken = buf_take(&b);
    assert_int_equal(strlen(taken), 301);
    assert_string_equal(b.s, "");
    free(taken);
    buf_free(&b);
}

static void test_error_helpers(void **state)
{
    (void)state;
    struct error err;
    assert_false(error_set(&err, "bad %d", 3));
    assert_string_equal(err.msg, "bad 3");
    error_prefix(&err, "file.csv:%d", 2);
    assert_string_equal(err.msg, "file.csv:2: bad 3");
    error_clear(&err);
    assert_string_equal(err.msg, "");
    assert_false(error_set(NULL, "ignored"));
    error_prefix(NULL, "ignored");
    error_clear(NULL);
    /* long messages are cut, never overflow */
    char big[2 * ERROR_MAX];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    error_set(&err, "%s", big);
    assert_int_equal(strlen(err.msg), ERROR_MAX - 1);
    error_prefix(&err, "%s", "p");
    assert_int_equal(strlen(err.msg), ERROR_MAX - 1);
    assert_starts_with(err.msg, "p: yyy");
}

/* num_parse's fast path (up to 19 digits, small exponents) must give the
 * same bits as glibc's correctly rounded strtod, also next to rounding
 * midpoints, where the extended-precision path has to hand over. */
static void test_fast_path_correctly_rounded(void **state)
{
    (void)state;
    struct test_rng r = {2718};
    char buf[64];
    for (int i = 0; i < 400000; i++) {
        double x;
        if (i % 3 == 0) {
            x = rng_uniform(&r) * pow(10.0, (double)rng_below(&r, 40) - 30);
        } else if (i % 3 == 1) {
            /* a midpoint between two neighbours, printed with 19-20
             * digits: the hard cases */
            double a = rng_uniform(&r) * pow(10.0, (double)rng_below(&r, 20)
                                                      - 10);
            double b = nextafter(a, 2 * a + 1);
            x = a + (b - a) / 2;   /* rounds to a or b */
            snprintf(buf, sizeof buf, "%.19Lg",
                     ((long double)a + (long double)b) / 2);
            goto compare;
        } else {
            x = (double)rng_below(&r, 1000000) /
                pow(10.0, (double)rng_below(&r, 12));
        }
        switch (rng_below(&r, 8)) {
        case 0: snprintf(buf, sizeof buf, "%.17g", x); break;
        case 1: snprintf(buf, sizeof buf, "%.16g", x); break;
        case 2: snprintf(buf, sizeof buf, "%.15g", x); break;
        case 3: snprintf(buf, sizeof buf, "%.6g", x); break;
        case 4: snprintf(buf, sizeof buf, "%.19g", x); break;
        case 5: snprintf(buf, sizeof buf, "%.3e", x); break;
        case 6: snprintf(buf, sizeof buf, "%.12f", x); break;
        default: snprintf(buf, sizeof buf, "%.20g", x); break;
        }
    compare:;
        double got, want = strtod(buf, NULL);
        if (!num_parse(buf, strlen(buf), &got, NULL))
            continue;   /* e.g. underflow: covered elsewhere */
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("'%s': num_parse %a, strtod %a", buf, got, want);
    }
}

/* strtod in the C locale: the reference num_parse and num_scan must match
 * bit for bit. */
static double ref_strtod(const char *s, size_t *used)
{
    locale_t old = uselocale(c_locale_get());
    char *end;
    double v = strtod(s, &end);
    uselocale(old);
    *used = (size_t)(end - s);
    return v;
}

/* A random token of the grammar's alphabet: signs, leading zeros, up to
 * 25 digits on each side of the point, exponents near the fast path's
 * edges, and sometimes a malformed piece. */
static void random_token(struct test_rng *r, char *buf, size_t size)
{
    size_t k = 0;
    size_t room = size - 1;
#define PUT(c) do { if (k < room) buf[k++] = (char)(c); } while (0)
    switch (rng_below(r, 8)) {
    case 0: PUT('-'); break;
    case 1: PUT('+'); break;
    default: break;
    }
    size_t lead = rng_below(r, 4) == 0 ? rng_below(r, 22) : 0;
    for (size_t i = 0; i < lead; i++)
        PUT('0');
    size_t nint = rng_below(r, 3) == 0 ? rng_below(r, 26) : rng_below(r, 3);
    for (size_t i = 0; i < nint; i++)
        PUT('0' + rng_below(r, 10));
    if (rng_below(r, 4) != 0) {
        PUT('.');
        size_t fz = rng_below(r, 4) == 0 ? rng_below(r, 25) : 0;
        for (size_t i = 0; i < fz; i++)
            PUT('0');
        size_t nfrac = rng_below(r, 26);
        for (size_t i = 0; i < nfrac; i++)
            PUT(rng_below(r, 6) == 0 ? '0' : '0' + rng_below(r, 10));
    }
    if (rng_below(r, 3) == 0) {
        PUT(rng_below(r, 2) ? 'e' : 'E');
        switch (rng_below(r, 4)) {
        case 0: PUT('-'); break;
        case 1: PUT('+'); break;
        default: break;
        }
        size_t ne = rng_below(r, 10) == 0 ? rng_below(r, 9) : 1 + rng_below(r, 2);
        for (size_t i = 0; i < ne; i++)
            PUT('0' + rng_below(r, 10));
    }
    if (rng_below(r, 10) == 0) {   /* a stray character somewhere */
        static const char junk[] = ".eE+-x, \t0";
        size_t at = k ? rng_below(r, k + 1) : 0;
        if (k < room) {
            memmove(buf + at + 1, buf + at, k - at);
            buf[at] = junk[rng_below(r, sizeof junk - 1)];
            k++;
        }
    }
#undef PUT
    buf[k] = '\0';
}

/* Checks num_parse on the whole token and num_scan on it with a tail. */
static void check_token(const char *tok)
{
    size_t len = strlen(tok), used;
    double want = ref_strtod(tok, &used), got = -7, scanned = -7;
    if (num_parse(tok, len, &got, NULL)) {
        if (used != len)
            fail_msg("'%s': accepted, but strtod stops at %zu", tok, used);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("'%s': num_parse %a, strtod %a", tok, got, want);
    }
    char with_tail[96];
    snprintf(with_tail, sizeof with_tail, "%s,0.5\n", tok);
    size_t n = num_scan(with_tail, strlen(with_tail), &scanned);
    if (n == 0)
        return;
    /* a nonzero length is a whole token of the grammar, and its value */
    char prefix[96];
    memcpy(prefix, with_tail, n);
    prefix[n] = '\0';
    double pv = -9;
    want = ref_strtod(prefix, &used);
    if (used != n)
        fail_msg("'%s': num_scan read %zu bytes, strtod %zu", tok, n, used);
    if (!num_parse(prefix, n, &pv, NULL))
        fail_msg("'%s': num_scan read '%s', which num_parse rejects", tok,
                 prefix);
    if (memcmp(&scanned, &want, sizeof scanned) != 0 ||
        memcmp(&pv, &want, sizeof pv) != 0)
        fail_msg("'%s': num_scan %a, num_parse %a, strtod %a", prefix,
                 scanned, pv, want);
    /* and it stops exactly where the token does */
    double again;
    if (num_scan(with_tail, n, &again) != n)
        fail_msg("'%s': num_scan of the token alone differs", prefix);
}

static void test_scan_agrees_with_strtod(void **state)
{
    (void)state;
    struct test_rng r = {31337};
    char buf[80];
    for (int i = 0; i < 300000; i++) {
        random_token(&r, buf, sizeof buf);
        check_token(buf);
    }
}

/* Decimal strings at and next to the midpoints between neighbouring
 * doubles, cut to 15..20 significant digits: where a double rounding
 * (to 64 bits, then to 53) would go wrong. */
static void test_scan_near_midpoints(void **state)
{
    (void)state;
    struct test_rng r = {4242};
    char exact[128], tok[96];
    for (int i = 0; i < 200000; i++) {
        double a;
        if (i % 4 == 0)   /* integers 2^53..2^63: exact 17-19 digit midpoints */
            a = ldexp(1.0 + rng_uniform(&r), 53 + (int)rng_below(&r, 10));
        else if (i % 4 == 1)   /* the whole range of normal doubles */
            a = ldexp(1.0 + rng_uniform(&r), (int)rng_below(&r, 2040) - 1020);
        else
            a = rng_uniform(&r) * pow(10.0, (double)rng_below(&r, 50) - 25);
        double b = nextafter(a, INFINITY);
        long double mid = ((long double)a + (long double)b) / 2;   /* exact */
        snprintf(exact, sizeof exact, "%.45Le", mid);
        /* d.ddd...e±x: cut the significand to `keep` digits */
        const char *e = strchr(exact, 'e');
        size_t keep = 15 + rng_below(&r, 6);
        char digits[64];
        size_t nd = 0;
        for (const char *c = exact; c < e && nd < sizeof digits - 1; c++)
            if (*c >= '0' && *c <= '9')
                digits[nd++] = *c;
        if (keep > nd)
            keep = nd;
        int exp10 = atoi(e + 1) - (int)(keep - 1);
        int delta = (int)rng_below(&r, 3) - 1;   /* -1, 0 or +1 ulp */
        /* apply delta to the kept digits, as a decimal integer */
        char kept[64];
        memcpy(kept, digits, keep);
        kept[keep] = '\0';
        if (delta > 0) {
            size_t j = keep;
            while (j > 0 && kept[j - 1] == '9')
                kept[--j] = '0';
            if (j == 0)
                continue;
            kept[j - 1]++;
        } else if (delta < 0) {
            size_t j = keep;
            while (j > 0 && kept[j - 1] == '0')
                kept[--j] = '9';
            if (j == 0 || (j == 1 && kept[0] == '1'))
                continue;
            kept[j - 1]--;
        }
        if (rng_below(&r, 2))
            snprintf(tok, sizeof tok, "%se%d", kept, exp10);
        else if (exp10 < 0 && -exp10 < (int)keep) {
            /* the same with a decimal point */
            size_t ip = keep - (size_t)(-exp10);
            snprintf(tok, sizeof tok, "%.*s.%s", (int)ip, kept, kept + ip);
        } else
            snprintf(tok, sizeof tok, "%se%d", kept, exp10);
        check_token(tok);
    }
}

/* Significands of 1 to 19 digits with every decimal exponent the
 * 128-bit table covers, and past both its ends. */
static void test_scan_wide_exponents(void **state)
{
    (void)state;
    struct test_rng r = {1618};
    char tok[64];
    for (int i = 0; i < 300000; i++) {
        int nd = 1 + (int)rng_below(&r, 19);
        uint64_t m = 0;
        for (int d = 0; d < nd; d++)
            m = m * 10 + rng_below(&r, 10);
        int e = (int)rng_below(&r, 720) - 380;
        snprintf(tok, sizeof tok, "%llue%d", (unsigned long long)m, e);
        check_token(tok);
        /* and with all 19 digits set, the largest significands */
        snprintf(tok, sizeof tok, "%llue%d",
                 (unsigned long long)(9999999999999999999ull -
                                      rng_below(&r, 1000)), e);
        check_token(tok);
    }
}

static void test_scan_prefixes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } cases[] = {
        {"0.5,1", 3},   {"1e5x", 3},     {".5", 2},        {"5.", 2},
        {"-0", 2},      {"+7\t", 2},     {"1e", 0},        {"1e+", 0},
        {"1e-,", 0},    {"-", 0},        {".", 0},         {"", 0},
        {"e5", 0},      {"1.2.3", 3},    {"0x10", 1},      {"12345678901", 11},
        {"0.84018771715470952,0.3", 19}, {"1e999999", 0},  {"1e-400", 0},
        {"1e1234567", 0}, {"00000000000000000000000001.5", 28},
        {"12345678901234567890", 0},      /* 20 significant digits */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 0;
        size_t n = num_scan(cases[i].s, strlen(cases[i].s), &v);
        if (n != cases[i].n)
            fail_msg("num_scan('%s') = %zu, expected %zu", cases[i].s, n,
                     cases[i].n);
    }
    /* only len bytes are read: "123" of "12345" */
    double v = 0;
    assert_int_equal(num_scan("12345", 3, &v), 3);
    assert_same_double(v, 123.0);
    double z = 1;
    assert_int_equal(num_scan("-0.000e7", 8, &z), 8);
    assert_true(z == 0.0 && signbit(z));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_grammar),
        cmocka_unit_test(test_negative_zero_and_length),
        cmocka_unit_test(test_long_token),
        cmocka_unit_test(test_rejects_with_reason),
        cmocka_unit_test(test_rejects_with_null_error),
        cmocka_unit_test(test_overflow_is_error),
        cmocka_unit_test(test_underflow_is_error),
        cmocka_unit_test(test_subnormal_accepted),
        cmocka_unit_test(test_exact_format),
        cmocka_unit_test(test_short_format),
        cmocka_unit_test(test_short_never_hides_nonzero),
        cmocka_unit_test(test_fixed_format),
        cmocka_unit_test(test_roundtrip_format),
        cmocka_unit_test(test_c_locale_object),
        cmocka_unit_test(test_buf_basics),
        cmocka_unit_test(test_error_helpers),
        cmocka_unit_test(test_locale_independent),
        cmocka_unit_test(test_fast_path_correctly_rounded),
        cmocka_unit_test(test_scan_agrees_with_strtod),
        cmocka_unit_test(test_scan_near_midpoints),
        cmocka_unit_test(test_scan_wide_exponents),
        cmocka_unit_test(test_scan_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
