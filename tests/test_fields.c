/* Unit tests for core/fields: the one rule that splits a table file's
 * line into fields (the P/Q tables and the joint tables both use it). */
#include "test_util.h"

#include "core/fields.h"

/* Splits line by sep and checks the fields against want (NULL-ended). */
static void splits(const char *line, enum table_sep sep, bool terminate,
                   const char *const *want, const size_t *cols)
{
    struct fields f;
    fields_init(&f);
    size_t col = 0;
    char msg[256];
    assert_true(fields_split(&f, line, strlen(line), sep, terminate, &col,
                             msg, sizeof msg));
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(f.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f.v[i].len, strlen(want[i]));
        assert_memory_equal(f.v[i].s, want[i], f.v[i].len);
        assert_int_equal(f.v[i].col, cols[i]);
        if (terminate)
            assert_int_equal(f.v[i].s[f.v[i].len], '\0');
    }
    fields_free(&f);
}

static void test_commas_tabs_blanks(void **state)
{
    (void)state;
    for (int t = 0; t < 2; t++) {
        splits("a, b ,,c", TABLE_SEP_COMMA, t,
               (const char *const[]){"a", "b", "", "c", NULL},
               (const size_t[]){1, 4, 7, 8});
        splits("a\t b\t", TABLE_SEP_TAB, t,
               (const char *const[]){"a", "b", "", NULL},
               (const size_t[]){1, 4, 6});
        splits("  a \t b  c ", TABLE_SEP_BLANKS, t,
               (const char *const[]){"a", "b", "c", NULL},
               (const size_t[]){3, 7, 10});
        splits("", TABLE_SEP_BLANKS, t, (const char *const[]){NULL},
               (const size_t[]){0});
        splits("", TABLE_SEP_COMMA, t, (const char *const[]){"", NULL},
               (const size_t[]){1});
    }
}

static void test_quotes(void **state)
{
    (void)state;
    for (int t = 0; t < 2; t++) {
        splits("\"a,b\" , \"say \"\"hi\"\"\",x", TABLE_SEP_COMMA, t,
               (const char *const[]){"a,b", "say \"hi\"", "x", NULL},
               (const size_t[]){1, 9, 22});
        splits("\"two words\" 0.5", TABLE_SEP_BLANKS, t,
               (const char *const[]){"two words", "0.5", NULL},
               (const size_t[]){1, 13});
        splits("\"\"\t1", TABLE_SEP_TAB, t,
               (const char *const[]){"", "1", NULL}, (const size_t[]){1, 4});
    }
}

static void fails(const char *line, enum table_sep sep, size_t want_col,
                  const char *want_msg)
{
    struct fields f;
    fields_init(&f);
    size_t col = 0;
    char msg[256] = "";
    assert_false(fields_split(&f, line, strlen(line), sep, true, &col, msg,
                              sizeof msg));
    assert_int_equal(col, want_col);
    if (!strstr(msg, want_msg))
        fail_msg("\"%s\" does not say \"%s\"", msg, want_msg);
    fields_free(&f);
}

static void test_faults(void **state)
{
    (void)state;
    fails("a,\"b", TABLE_SEP_COMMA, 3, "unterminated quoted field (hint:");
    fails("\"a\"b,c", TABLE_SEP_COMMA, 4, "unexpected 'b' after a quoted");
    fails("\"a\" x", TABLE_SEP_TAB, 5, "unexpected 'x' after a quoted");
    fails("\"a\"\"", TABLE_SEP_BLANKS, 1, "unterminated quoted field");
}

/* The buffer grows with the line and is reused. */
static void test_long_then_short(void **state)
{
    (void)state;
    struct fields f;
    fields_init(&f);
    size_t col;
    char msg[64];
    char line[4001];
    for (int i = 0; i < 2000; i++) {
        line[2 * i] = 'x';
        line[2 * i + 1] = ',';
    }
    line[4000] = '\0';
    assert_true(fields_split(&f, line, 4000, TABLE_SEP_COMMA, true, &col,
                             msg, sizeof msg));
    assert_int_equal(f.n, 2001);
    assert_string_equal(f.v[1999].s, "x");
    assert_string_equal(f.v[2000].s, "");
    assert_true(fields_split(&f, "p,q", 3, TABLE_SEP_COMMA, true, &col,
                             msg, sizeof msg));
    assert_int_equal(f.n, 2);
    assert_string_equal(f.v[1].s, "q");
    fields_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commas_tabs_blanks),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_long_then_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
