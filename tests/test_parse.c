/* Unit tests for core/parse: number lists and word splitting. */
#include "test_util.h"

#include "core/parse.h"

struct fixture {
    struct numlist nums;
    struct words words;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    numlist_init(&f->nums);
    words_init(&f->words);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    numlist_free(&f->nums);
    words_free(&f->words);
    free(f);
    return 0;
}

static void expect_list(struct fixture *f, const char *text,
                        const double *want, size_t n)
{
    f->err.msg[0] = '\0';
    if (!parse_numbers(text, 1, &f->nums, &f->err))
        fail_msg("\"%s\" was rejected: %s", text, f->err.msg);
    if (f->nums.n != n)
        fail_msg("\"%s\" gave %zu numbers, expected %zu", text, f->nums.n,
                 n);
    for (size_t i = 0; i < n; i++)
        assert_same_double(f->nums.v[i], want[i]);
}

static void expect_error(struct fixture *f, const char *text, int col0,
                         const char *msg)
{
    f->err.msg[0] = '\0';
    if (parse_numbers(text, col0, &f->nums, &f->err))
        fail_msg("\"%s\" was accepted (%zu numbers)", text, f->nums.n);
    if (strcmp(f->err.msg, msg) != 0 &&
        strncmp(f->err.msg, msg, strlen(msg)) != 0)
        fail_msg("\"%s\": message\n  \"%s\"\ndoes not start with\n  \"%s\"",
                 text, f->err.msg, msg);
}

static void test_numbers_spaces(void **state)
{
    struct fixture *f = *state;
    const double want[] = {0.1, 0.2, 0.7};
    expect_list(f, "0.1 0.2 0.7", want, 3);
    expect_list(f, "  0.1\t0.2   0.7  ", want, 3);
    expect_list(f, "0.1\n0.2\r\n0.7", want, 3);
    const double one[] = {5};
    expect_list(f, "5", one, 1);
    expect_list(f, " 5 ", one, 1);
}

static void test_numbers_commas(void **state)
{
    struct fixture *f = *state;
    const double want[] = {1, 2, 7};
    expect_list(f, "1,2,7", want, 3);
    expect_list(f, "1, 2, 7", want, 3);
    expect_list(f, "1,  2,\t7", want, 3);
    expect_list(f, "1 , 2 , 7", want, 3);
    const double dec[] = {0.1, 0.25, 1e-3};
    expect_list(f, "0.1,0.25,1e-3", dec, 3);
    expect_list(f, "0.1, 0.25, 1e-3", dec, 3);
}

static void test_numbers_reused_list(void **state)
{
    struct fixture *f = *state;
    const double a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                        16, 17, 18, 19, 20};
    expect_list(f, "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", a,
                20);
    const double b[] = {3};
    expect_list(f, "3", b, 1);   /* reset first, not appended */
}

static void test_numbers_decimal_comma(void **state)
{
    struct fixture *f = *state;
    expect_error(f, "0,5 0,5", 1,
                 "column 2: this list mixes commas (column 2) and spaces "
                 "(column 4), which looks like decimal commas (hint: use '.'");
    /* col0 shifts every column */
    expect_error(f, "0,5 0,5", 3,
                 "column 4: this list mixes commas (column 4) and spaces "
                 "(column 6)");
    expect_error(f, "0.1 0,2", 1, "column 6: this list mixes commas");
    expect_error(f, "1,5 2", 1, "column 2: this list mixes commas");
    assert_contains(f->err.msg, "decimal comma");
    assert_contains(f->err.msg, "hint");
    /* "1,2" alone is a list of two numbers, not one decimal */
    const double two[] = {1, 2};
    expect_list(f, "1,2", two, 2);
}

static void test_numbers_errors(void **state)
{
    struct fixture *f = *state;
    expect_error(f, "", 1, "column 1: expected a list of numbers");
    expect_error(f, "   ", 1, "column 4: expected a list of numbers");
    expect_error(f, "1,2,", 1, "column 4: trailing comma");
    expect_error(f, "1, 2,  ", 1, "column 5: trailing comma");
    expect_error(f, ",1", 1, "column 1: empty value");
    expect_error(f, "1,,2", 1, "column 3: empty value");
    expect_error(f, "0.1 abc 0.3", 1, "column 5: 'abc' is not a number");
    expect_error(f, "0.1 nan", 1, "column 5: 'nan' is not allowed");
    expect_error(f, "0.1 0.2 1e400", 1, "column 9: '1e400' is too large");
    expect_error(f, "0.1 0x10", 10, "column 14: '0x10': hexadecimal");
    expect_error(f, "-", 1, "column 1: '-' is not a number");
}

static void test_numbers_negative_parses(void **state)
{
    /* Parsing is only the grammar: a negative number is a number here and
     * the distribution code refuses it with its own message. */
    struct fixture *f = *state;
    const double want[] = {-1, 2};
    expect_list(f, "-1 2", want, 2);
}

static void expect_words(struct fixture *f, const char *line,
                         const char *const *want, const int *cols, size_t n)
{
    f->err.msg[0] = '\0';
    if (!parse_words(line, &f->words, &f->err))
        fail_msg("\"%s\" was rejected: %s", line, f->err.msg);
    if (f->words.n != n)
        fail_msg("\"%s\" gave %zu words, expected %zu", line, f->words.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(f->words.v[i], want[i]);
        if (cols)
            assert_int_equal(f->words.col[i], cols[i]);
    }
}

static void test_words_plain(void **state)
{
    struct fixture *f = *state;
    const char *const w[] = {"set", "p", "2", "0.3"};
    const int c[] = {1, 5, 7, 9};
    expect_words(f, "set p 2 0.3", w, c, 4);
    const int c2[] = {3, 8, 10, 13};
    expect_words(f, "  set\t\tp 2  0.3  ", w, c2, 4);
    expect_words(f, "", NULL, NULL, 0);
    expect_words(f, "   \t ", NULL, NULL, 0);
}

static void test_words_quotes(void **state)
{
    struct fixture *f = *state;
    const char *const w[] = {"labels", "heads up", "tails"};
    const int c[] = {1, 8, 19};
    expect_words(f, "labels \"heads up\" tails", w, c, 3);
    /* a quote can be part of a word */
    const char *const w2[] = {"ab cd", "x"};
    expect_words(f, "a\"b c\"d x", w2, NULL, 2);
    /* escapes inside quotes */
    const char *const w3[] = {"say \"hi\"", "back\\slash"};
    expect_words(f, "\"say \\\"hi\\\"\" \"back\\\\slash\"", w3, NULL, 2);
    /* other backslashes are kept as they are */
    const char *const w4[] = {"a\\nb", "c\\d"};
    expect_words(f, "\"a\\nb\" c\\d", w4, NULL, 2);
    /* an empty quoted word is a word */
    const char *const w5[] = {"x", "", "y"};
    expect_words(f, "x \"\" y", w5, NULL, 3);
    /* UTF-8 passes through */
    const char *const w6[] = {"caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"};
    expect_words(f, "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC", w6, NULL, 2);
}

static void test_words_unterminated(void **state)
{
    struct fixture *f = *state;
    assert_false(parse_words("labels \"open ended", &f->words, &f->err));
    assert_string_equal(f->err.msg,
                        "column 8: unterminated quote (hint: close it with \")");
    assert_int_equal(f->words.n, 0);
    assert_false(parse_words("a \"b\\\"", &f->words, &f->err));
    assert_starts_with(f->err.msg, "column 3: unterminated quote");
    assert_false(parse_words("\"", &f->words, NULL));
    /* the struct is still usable afterwards */
    const char *const w[] = {"ok"};
    expect_words(f, "ok", w, NULL, 1);
}

static void test_numlist_push_grows(void **state)
{
    (void)state;
    struct numlist l;
    numlist_init(&l);
    for (int i = 0; i < 1000; i++)
        numlist_push(&l, (double)i);
    assert_int_equal(l.n, 1000);
    for (int i = 0; i < 1000; i++)
        assert_same_double(l.v[i], (double)i);
    numlist_free(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_numbers_spaces),
        T(test_numbers_commas),
        T(test_numbers_reused_list),
        T(test_numbers_decimal_comma),
        T(test_numbers_errors),
        T(test_numbers_negative_parses),
        T(test_words_plain),
        T(test_words_quotes),
        T(test_words_unterminated),
        cmocka_unit_test(test_numlist_push_grows),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
