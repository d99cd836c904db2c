/* Unit tests for core/error: error_sanitize keeps valid UTF-8 text and
 * turns what a terminal could take for a command into '?', by
 * utf8_decode's rule of what UTF-8 is; error_at says where in a file. */
#include "test_util.h"

#include <locale.h>

#include "core/error.h"

static void sanitized(const char *in, const char *want)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", in);
    error_sanitize(buf);
    assert_string_equal(buf, want);
}

static void test_sanitize(void **state)
{
    (void)state;
    sanitized("plain text", "plain text");
    sanitized("caf\xc3\xa9 \xe6\x95\xb0 \xf0\x9f\x98\x80",
              "caf\xc3\xa9 \xe6\x95\xb0 \xf0\x9f\x98\x80");
    sanitized("a\x1b[2Jb", "a?[2Jb");          /* an escape */
    sanitized("tab\there\x7f", "tab?here?");     /* controls, DEL */
    sanitized("\xc2\x9b" "31m", "??31m");        /* C1 CSI */
    sanitized("\xff\xfe", "??");                 /* not UTF-8 */
    sanitized("\xc0\xaf", "??");                 /* overlong */
    sanitized("\xed\xa0\x80", "???");            /* a surrogate */
    sanitized("\xf4\x90\x80\x80", "????");       /* past U+10FFFF */
    sanitized("cut \xe6\x95", "cut ??");         /* cut short */
}

static void test_at(void **state)
{
    (void)state;
    struct error err;
    assert_false(error_at(&err, "t.csv", 3, 7, "bad '%s'", "x"));
    assert_string_equal(err.msg, "t.csv:3:7: bad 'x'");
    assert_false(error_at(&err, "t.csv", 12, 0, "%zu columns", (size_t)4));
    assert_string_equal(err.msg, "t.csv:12: 4 columns");
    /* the file's own text is sanitized like any message */
    assert_false(error_at(&err, "t\x1b.csv", 1, 1, "label '\x1b[2J'"));
    assert_string_equal(err.msg, "t?.csv:1:1: label '?[2J'");
    assert_false(error_at(NULL, "t.csv", 1, 1, "nothing written"));
}

static void formatted(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_format(out, size, fmt, ap);
    va_end(ap);
}

/* Numbers in messages read the same whatever the user's locale. */
static void test_format_c_locale(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
        print_message("SKIPPED: locale de_DE.UTF-8 is not installed\n");
        return;
    }
    char out[32];
    formatted(out, sizeof out, "%.2f", 0.5);
    setlocale(LC_ALL, "C");
    assert_string_equal(out, "0.50");
}

/* A message longer than its buffer ends before a character cut in two,
 * not in a '?' (a Chinese character is three bytes). */
static void test_cut_between_characters(void **state)
{
    (void)state;
    char text[700] = "";
    for (int i = 0; i < 200; i++)
        strcat(text, "\xe4\xb8\xad");   /* U+4E2D */
    struct error err;
    error_set(&err, "%s", text);
    size_t len = strlen(err.msg);
    assert_int_equal(len, 510);   /* 170 whole characters of 511 bytes */
    assert_null(strchr(err.msg, '?'));
    error_prefix(&err, "x");   /* "x: " and 169 characters of 170 */
    assert_int_equal(strlen(err.msg), 510);
    assert_null(strchr(err.msg, '?'));
    error_set(&err, "x%s", text);   /* cut after 1 + 170 characters */
    assert_int_equal(strlen(err.msg), 511);
    assert_null(strchr(err.msg, '?'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_at),
        cmocka_unit_test(test_format_c_locale),
        cmocka_unit_test(test_cut_between_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
