/* Unit tests for core/buf: buf_append_escaped replaces exactly the bytes
 * its table names and copies every other byte, UTF-8 included. */
#include "test_util.h"

#include "core/buf.h"

static const char *const demo[128] = {
    ['<'] = "&lt;", ['\n'] = "\\n", ['|'] = "",
};

static void escaped(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b);
    buf_append(&b, "[");
    buf_append_escaped(&b, in, demo);
    assert_string_equal(b.s + 1, want);
    assert_int_equal(b.len, strlen(b.s));
    buf_free(&b);
}

static void test_escaped(void **state)
{
    (void)state;
    escaped("", "");
    escaped("plain", "plain");
    escaped("<", "&lt;");
    escaped("a<b<<c\n", "a&lt;b&lt;&lt;c\\n");
    escaped("x|y", "xy");                   /* an empty replacement */
    escaped("caf\xc3\xa9 <\xe2\x89\xa5>", "caf\xc3\xa9 &lt;\xe2\x89\xa5>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
