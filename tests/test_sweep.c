/* Unit tests for core/sweep: minima and the text chart. */
#include "test_util.h"

#include "core/buf.h"
#include "core/sweep.h"

static void test_argmin(void **state)
{
    (void)state;
    const double y[5] = {INFINITY, 3, 1, 1, 2};
    assert_int_equal(sweep_argmin(y, 5), 2);
    const double inf[2] = {INFINITY, INFINITY};
    assert_int_equal(sweep_argmin(inf, 2), 2);
}

/* Minima equal but for rounding (a symmetric problem): the first, whichever
 * rounded lower; a real difference still wins. */
static void test_argmin_ties(void **state)
{
    (void)state;
    const double y[5] = {2, 0.947288, 1.5, 0.947288 * (1 - 4e-16), 3};
    assert_int_equal(sweep_argmin(y, 5), 1);
    const double z[3] = {0.947288, 1, 0.947288 * (1 - 1e-9)};
    assert_int_equal(sweep_argmin(z, 3), 2);
    const double zero[3] = {1, 0, 0};
    assert_int_equal(sweep_argmin(zero, 3), 1);
}

static void test_chart(void **state)
{
    (void)state;
    double x[21], a[21], b[21];
    for (int i = 0; i <= 20; i++) {
        x[i] = i / 20.0;
        a[i] = (x[i] - 0.25) * (x[i] - 0.25);
        b[i] = (x[i] - 0.75) * (x[i] - 0.75);
    }
    b[20] = INFINITY;
    struct buf out;
    buf_init(&out);
    sweep_chart(x, a, b, 21, false, 60, 12, &out);
    assert_non_null(strchr(out.s, '*'));
    assert_non_null(strchr(out.s, 'o'));
    assert_non_null(strchr(out.s, '^'));
    /* the minima marks: M under x = 0.25, m under x = 0.75 */
    const char *marks = strstr(out.s, "+---");
    assert_non_null(marks);
    marks = strchr(marks, '\n') + 1;
    const char *M = strchr(marks, 'M'), *m = strchr(marks, 'm');
    assert_non_null(M);
    assert_non_null(m);
    assert_true(M < m && m < strchr(marks, '\n'));
    /* 12 rows in all, none wider than 60 columns */
    int rows = 0;
    for (const char *l = out.s; *l; rows++) {
        const char *e = strchr(l, '\n');
        assert_true(e - l <= 60);
        l = e + 1;
    }
    assert_int_equal(rows, 12);
    assert_non_null(strstr(out.s, "0.500000"));
    buf_free(&out);
    buf_init(&out);
    const double lx[3] = {1e-6, 1e-3, 1};
    sweep_chart(lx, a, a, 3, true, 60, 12, &out);
    assert_non_null(strstr(out.s, "(log scale)"));
    assert_non_null(strstr(out.s, "B"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_argmin),
        cmocka_unit_test(test_argmin_ties),
        cmocka_unit_test(test_chart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
