#include "test_util.h"

#include "core/label.h"

static char l0[] = "10", l1[] = "a", l2[] = "#x", l3[] = "b c";
static char *const names[] = {l0, l1, l2, l3};
enum { N = sizeof names / sizeof names[0] };

static void finds(bool numbered, const char *word, size_t want)
{
    size_t idx = 99;
    if (label_find(names, N, numbered, word, &idx) != LABEL_FOUND)
        fail_msg("'%s' not found", word);
    if (idx != want)
        fail_msg("'%s': %zu, want %zu", word, idx, want);
}

static void misses(const char *word, enum label_found want)
{
    size_t idx;
    assert_int_equal(label_find(names, N, false, word, &idx), want);
}

static void test_find_rule(void **state)
{
    (void)state;
    finds(false, "a", 1);
    finds(false, "b c", 3);
    finds(false, "#x", 2);      /* a label starting with '#' */
    finds(false, "#1", 0);      /* #N is always the N-th */
    finds(false, "#4", 3);
    finds(false, "10", 0);      /* a label before a number */
    finds(false, "2", 1);       /* a number when no label matches */
    finds(false, "004", 3);
    misses("#0", LABEL_BAD_HASH);
    misses("#5", LABEL_BAD_HASH);
    misses("5", LABEL_BAD_NUMBER);
    misses("0", LABEL_BAD_NUMBER);
    misses("99999999999999999999999999", LABEL_BAD_NUMBER);
    misses("zz", LABEL_UNKNOWN);
    misses("-1", LABEL_UNKNOWN);
    misses("1 ", LABEL_UNKNOWN);
    misses("#", LABEL_UNKNOWN);
    misses("", LABEL_UNKNOWN);
}

/* Numbered labels ("1".."n"): a number is its index without a search. */
static void test_find_numbered(void **state)
{
    (void)state;
    char a1[] = "1", a2[] = "2", a3[] = "3";
    char *const auto_names[] = {a1, a2, a3};
    size_t idx = 99;
    assert_int_equal(label_find(auto_names, 3, true, "3", &idx),
                     LABEL_FOUND);
    assert_int_equal(idx, 2);
    assert_int_equal(label_find(auto_names, 3, true, "4", &idx),
                     LABEL_BAD_NUMBER);
}

static void writes(const char *label, const char *want)
{
    struct buf b;
    buf_init(&b);
    label_write(&b, label);
    assert_string_equal(b.s, want);
    buf_free(&b);
}

static void test_write(void **state)
{
    (void)state;
    writes("plain", "plain");
    writes("two words", "two words");
    writes("", "\"\"");
    writes("#tag", "\"#tag\"");
    writes(" lead", "\" lead\"");
    writes("trail ", "\"trail \"");
    writes("a,b", "\"a,b\"");
    writes("a\tb", "\"a\tb\"");
    writes("say \"hi\"", "\"say \"\"hi\"\"\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_rule),
        cmocka_unit_test(test_find_numbered),
        cmocka_unit_test(test_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
