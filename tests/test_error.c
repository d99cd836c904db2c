/* Unit tests for core/error: error_sanitize keeps valid UTF-8 text and
 * turns what a terminal could take for a command into '?', by
 * utf8_decode's rule of what UTF-8 is. */
#include "test_util.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
