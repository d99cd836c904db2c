/* Unit tests for core/buf: buf_append_escaped replaces exactly the bytes
 * its table names and copies every other byte, UTF-8 included; buf_pad
 * pads to terminal columns, not bytes. */
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

static void padded(const char *in, int width, bool right, const char *want)
{
    struct buf b;
    buf_init(&b);
    buf_pad(&b, in, width, right);
    buf_append(&b, "|");
    assert_string_equal(b.s, want);
    buf_free(&b);
}

static void test_pad(void **state)
{
    (void)state;
    padded("entry", 8, false, "entry   |");
    padded("entry", 8, true, "   entry|");
    /* 条目: 6 bytes, 4 columns: padded as 4, where %-8s would give 2. */
    padded("\xe6\x9d\xa1\xe7\x9b\xae", 8, false,
           "\xe6\x9d\xa1\xe7\x9b\xae    |");
    padded("\xe6\x9d\xa1\xe7\x9b\xae", 8, true,
           "    \xe6\x9d\xa1\xe7\x9b\xae|");
    padded("caf\xc3\xa9", 6, true, "  caf\xc3\xa9|");
    padded("too wide", 3, false, "too wide|");   /* never cut */
    padded("", 2, false, "  |");
}

/* Exactly `width` columns: cut between characters, then padded. */
static void test_pad_cut(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    buf_pad_cut(&b, "abcdef", 4);
    buf_putc(&b, '|');
    buf_pad_cut(&b, "ab", 4);
    buf_putc(&b, '|');
    /* 条目条: 6 columns; 5 leave two characters and one blank */
    buf_pad_cut(&b, "\xe6\x9d\xa1\xe7\x9b\xae\xe6\x9d\xa1", 5);
    buf_putc(&b, '|');
    assert_string_equal(b.s, "abcd|ab  |\xe6\x9d\xa1\xe7\x9b\xae |");
    buf_free(&b);
}

/* One line wrapped: at spaces, between Chinese characters, continuations
 * indented; a long word kept whole or cut, as asked. */
static void test_wrapped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    buf_append_wrapped(&b, "  one two three four", 12, 4, true);
    assert_string_equal(b.s, "  one two\n    three\n    four");
    buf_reset(&b);
    /* 一二三四五六 at 6 columns: three characters a line */
    buf_append_wrapped(&b, "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d", 6, 0,
                       false);
    assert_string_equal(b.s, "\u4e00\u4e8c\u4e09\n\u56db\u4e94\u516d");
    buf_reset(&b);
    buf_append_wrapped(&b, "abcdefghij xy", 6, 0, true);
    assert_string_equal(b.s, "abcdefghij\nxy");
    buf_reset(&b);
    buf_append_wrapped(&b, "abcdefghij xy", 6, 0, false);
    assert_string_equal(b.s, "abcdef\nghij\nxy");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_pad),
        cmocka_unit_test(test_pad_cut),
        cmocka_unit_test(test_wrapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
