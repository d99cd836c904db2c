/* Unit tests for core/utf8: decoding, display widths (CJK and emoji are 2,
 * combining marks 0), and cutting to a width. */
#include "test_util.h"

#include "core/utf8.h"

static void expect_decode(const char *s, size_t avail, size_t len,
                          uint32_t cp)
{
    uint32_t got = 0x12345;
    size_t n = utf8_decode(s, avail, &got);
    if (n != len || got != cp)
        fail_msg("utf8_decode: got length %zu, U+%04X; expected %zu, U+%04X",
                 n, (unsigned)got, len, (unsigned)cp);
}

static void test_decode_valid(void **state)
{
    (void)state;
    expect_decode("a", 1, 1, 'a');
    expect_decode("\x7F", 1, 1, 0x7F);
    expect_decode("\xC3\xA9", 2, 2, 0xE9);
    expect_decode("\xC2\x80", 2, 2, 0x80);
    expect_decode("\xDF\xBF", 2, 2, 0x7FF);
    expect_decode("\xE0\xA0\x80", 3, 3, 0x800);
    expect_decode("\xE6\x97\xA5", 3, 3, 0x65E5);
    expect_decode("\xEF\xBF\xBD", 3, 3, 0xFFFD);
    expect_decode("\xF0\x90\x80\x80", 4, 4, 0x10000);
    expect_decode("\xF0\x9F\x98\x80", 4, 4, 0x1F600);
    expect_decode("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    expect_decode("\xFF", 1, 1, 0xFFFD);
    expect_decode("\x80", 1, 1, 0xFFFD);          /* lone continuation */
    expect_decode("\xC0\x80", 2, 1, 0xFFFD);      /* overlong NUL */
    expect_decode("\xC1\xBF", 2, 1, 0xFFFD);
    expect_decode("\xC3", 1, 1, 0xFFFD);          /* truncated */
    expect_decode("\xC3\xA9", 1, 1, 0xFFFD);      /* avail too short */
    expect_decode("\xC3" "a", 2, 1, 0xFFFD);      /* bad continuation */
    expect_decode("\xE6\x97", 2, 1, 0xFFFD);
    expect_decode("\xE0\x80\x80", 3, 1, 0xFFFD);  /* overlong */
    expect_decode("\xE0\x9F\xBF", 3, 1, 0xFFFD);  /* overlong */
    expect_decode("\xED\xA0\x80", 3, 1, 0xFFFD);  /* surrogate */
    expect_decode("\xED\xBF\xBF", 3, 1, 0xFFFD);  /* surrogate */
    expect_decode("\xF0\x80\x80\x80", 4, 1, 0xFFFD);  /* overlong */
    expect_decode("\xF4\x90\x80\x80", 4, 1, 0xFFFD);  /* > U+10FFFF */
    expect_decode("\xF5\x80\x80\x80", 4, 1, 0xFFFD);
}

/* utf8_scan says 0 exactly where utf8_decode falls back to one byte of
 * U+FFFD, and otherwise agrees with it. */
static void test_scan(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "a", "\x7F", "\xC3\xA9", "\xC2\x80", "\xEF\xBF\xBD",
        "\xF4\x8F\xBF\xBF", "\xFF", "\x80", "\xC0\x80", "\xC3",
        "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *s = cases[k];
        uint32_t cd, cs = 0x12345;
        size_t nd = utf8_decode(s, strlen(s), &cd);
        size_t ns = utf8_scan(s, strlen(s), &cs);
        assert_int_equal(cs, cd);
        if (cd == 0xFFFD && nd == 1)
            assert_int_equal(ns, 0);
        else
            assert_int_equal(ns, nd);
    }
    uint32_t cp;
    assert_int_equal(utf8_scan("\xC3\xA9", 1, &cp), 0);   /* avail short */
    assert_int_equal(cp, 0xFFFD);
}

/* C0, DEL and C1 are controls; space, U+00A0 and the rest are not. */
static void test_is_control(void **state)
{
    (void)state;
    const uint32_t yes[] = {0, 0x09, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B,
                            0x9F};
    const uint32_t no[] = {0x20, 'a', 0x7E, 0xA0, 0xE9, 0xFFFD, 0x1F600};
    for (size_t k = 0; k < sizeof yes / sizeof *yes; k++)
        assert_true(utf8_is_control(yes[k]));
    for (size_t k = 0; k < sizeof no / sizeof *no; k++)
        assert_false(utf8_is_control(no[k]));
}

static void test_cp_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_cp_width('a'), 1);
    assert_int_equal(utf8_cp_width(0xE9), 1);
    assert_int_equal(utf8_cp_width(0x0301), 0);   /* combining acute */
    assert_int_equal(utf8_cp_width(0x200B), 0);   /* zero width space */
    assert_int_equal(utf8_cp_width(0xFE0F), 0);   /* variation selector */
    assert_int_equal(utf8_cp_width(0), 0);
    assert_int_equal(utf8_cp_width(0x4E00), 2);   /* CJK */
    assert_int_equal(utf8_cp_width(0x65E5), 2);
    assert_int_equal(utf8_cp_width(0x3042), 2);   /* hiragana */
    assert_int_equal(utf8_cp_width(0xAC00), 2);   /* hangul */
    assert_int_equal(utf8_cp_width(0xFF21), 2);   /* fullwidth A */
    assert_int_equal(utf8_cp_width(0x1F600), 2);  /* emoji */
    assert_int_equal(utf8_cp_width(0x20000), 2);  /* CJK ext B */
    assert_int_equal(utf8_cp_width(0x2588), 1);   /* block */
    assert_int_equal(utf8_cp_width(0xFFFD), 1);
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_width(""), 0);
    assert_int_equal(utf8_width("abc"), 3);
    assert_int_equal(utf8_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4);
    assert_int_equal(utf8_width("caf\xC3\xA9"), 4);
    assert_int_equal(utf8_width("cafe\xCC\x81"), 4);
    assert_int_equal(utf8_width("\xF0\x9F\x98\x80!"), 3);
    assert_int_equal(utf8_width("\xE2\x96\x88\xE2\x96\x8F"), 2);
    assert_int_equal(utf8_width("a\xFF" "b"), 3);   /* invalid: 1 column */
    assert_int_equal(utf8_width("\xE0\x80\x80"), 3);
}

static void test_prefix_fitting(void **state)
{
    (void)state;
    const char *jp = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";   /* 3 wide */
    assert_int_equal(utf8_prefix_fitting(jp, 0), 0);
    assert_int_equal(utf8_prefix_fitting(jp, 1), 0);
    assert_int_equal(utf8_prefix_fitting(jp, 2), 3);
    assert_int_equal(utf8_prefix_fitting(jp, 3), 3);
    assert_int_equal(utf8_prefix_fitting(jp, 5), 6);
    assert_int_equal(utf8_prefix_fitting(jp, 6), 9);
    assert_int_equal(utf8_prefix_fitting(jp, 100), 9);
    assert_int_equal(utf8_prefix_fitting("abc", 2), 2);
    assert_int_equal(utf8_prefix_fitting("", 5), 0);
    /* a combining mark stays with its base */
    assert_int_equal(utf8_prefix_fitting("e\xCC\x81x", 1), 3);
    /* never cuts inside a character */
    assert_int_equal(utf8_prefix_fitting("a\xC3\xA9z", 2), 3);
    struct test_rng r = {1};
    const char *pieces[] = {"a", "\xC3\xA9", "\xE6\x97\xA5", "\xCC\x81",
                            "\xF0\x9F\x98\x80", " "};
    for (int iter = 0; iter < 2000; iter++) {
        char s[128] = "";
        for (int k = 0; k < 20; k++)
            strcat(s, pieces[rng_below(&r, 6)]);
        int cols = (int)rng_below(&r, 45);
        size_t n = utf8_prefix_fitting(s, cols);
        char cut[128];
        memcpy(cut, s, n);
        cut[n] = '\0';
        assert_true(utf8_width(cut) <= cols);
        /* maximal: the next character would not fit */
        if (n < strlen(s)) {
            uint32_t cp;
            utf8_decode(s + n, strlen(s) - n, &cp);
            assert_true(utf8_width(cut) + utf8_cp_width(cp) > cols);
        }
        /* a whole number of characters */
        assert_true(n == strlen(s) || ((unsigned char)s[n] & 0xC0) != 0x80);
    }
}

/* klx's own prose in ASCII output: "Rényi" as "Renyi", the rest as is. */
static void test_ascii_letters(void **state)
{
    (void)state;
    char s[] = "R\u00E9nyi order, d\u00E9j\u00E0 \u2264 caf\u00E9";
    size_t n = utf8_ascii_letters(s);
    assert_int_equal(n, strlen(s));
    assert_string_equal(s, "Renyi order, dej\u00E0 \u2264 cafe");
    char plain[] = "Renyi";
    assert_int_equal(utf8_ascii_letters(plain), 5);
    assert_string_equal(plain, "Renyi");
}

/* The first line of s wrapped at cols, as a string. */
static const char *first_line(const char *s, int cols)
{
    static char line[256];
    size_t n = utf8_wrap_break(s, cols);
    memcpy(line, s, n);
    line[n] = '\0';
    return line;
}

static void test_wrap_break_words(void **state)
{
    (void)state;
    assert_string_equal(first_line("the quick brown fox", 12), "the quick");
    assert_string_equal(first_line("the quick brown fox", 9), "the quick");
    assert_string_equal(first_line("the quick brown fox", 8), "the");
    assert_string_equal(first_line("the quick brown fox", 40),
                        "the quick brown fox");
    assert_string_equal(first_line("the   quick", 7), "the");
    /* a word longer than the line is cut at the width */
    assert_string_equal(first_line("abcdefghij klm", 4), "abcd");
    assert_string_equal(first_line("  indented text", 10), "  indented");
    assert_int_equal(utf8_wrap_break("", 10), 0);
}

static void test_wrap_break_cjk(void **state)
{
    (void)state;
    /* Chinese breaks between any two characters */
    assert_string_equal(first_line("分布的熵", 5),
                        "分布");
    /* never before a closing mark: "，" goes down with the character
     * before it */
    assert_string_equal(first_line("分布，熵", 4),
                        "分");
    assert_string_equal(first_line("分布。", 5), "分");
    assert_string_equal(first_line("熵（分布）", 5),
                        "熵");
    /* never after an opening mark */
    assert_string_equal(first_line("熵熵（分", 6),
                        "熵熵");
    /* Latin inside Chinese: a break between them, none inside the word */
    assert_string_equal(first_line("按 KL 散度", 5),
                        "按 KL");
    assert_string_equal(first_line("按KLX散", 4), "按");
    /* no break at all: cut at the width, on a character boundary */
    assert_string_equal(first_line("分布", 3), "分");
    assert_int_equal(utf8_wrap_break("分", 1), 0);
}

/* Any text wrapped line by line: every line fits, none ends inside a
 * character, and the lines with the spaces between them give back the
 * text. */
static void test_wrap_break_random(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "a", "word", " ", "  ", "分", "布", "，", "。",
        "（", "）", "é", "KL", "(", ")", ",", "'",
    };
    struct test_rng r = {7};
    for (int round = 0; round < 3000; round++) {
        char s[200] = "";
        int n = (int)rng_below(&r, 30);
        for (int k = 0; k < n; k++)
            strcat(s, parts[rng_below(&r, sizeof parts / sizeof *parts)]);
        int cols = 2 + (int)rng_below(&r, 20);
        char back[200] = "";
        const char *p = s;
        p += strspn(p, " ");
        strncat(back, s, (size_t)(p - s));
        for (int lines = 0; *p; lines++) {
            assert_true(lines < 200);
            size_t b = utf8_wrap_break(p, cols);
            assert_true(b > 0);
            char line[200];
            memcpy(line, p, b);
            line[b] = '\0';
            assert_true(utf8_width(line) <= cols);
            assert_true(p[b] == '\0' || ((unsigned char)p[b] & 0xC0) != 0x80);
            strcat(back, line);
            p += b;
            size_t sp = strspn(p, " ");
            strncat(back, p, sp);
            p += sp;
        }
        assert_string_equal(back, s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_letters),
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_is_control),
        cmocka_unit_test(test_cp_width),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_prefix_fitting),
        cmocka_unit_test(test_wrap_break_words),
        cmocka_unit_test(test_wrap_break_cjk),
        cmocka_unit_test(test_wrap_break_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
