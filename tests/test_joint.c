/* Unit tests for core/joint: mutual information and its identities to the
 * accuracy joint.h promises, the generators, cell edits, the file formats
 * and their errors, the views. */
#include "test_util.h"

#include "core/joint.h"
#include "core/num.h"

static double h_b(double e)
{
    return (e > 0 ? -e * log(e) : 0) + (e < 1 ? -(1 - e) * log1p(-e) : 0);
}

static void make(struct joint *j, size_t r, size_t c, const double *v)
{
    struct error err;
    joint_init(j);
    if (!joint_from_values(j, r, c, v, &err))
        fail_msg("joint_from_values: %s", err.msg);
}

static void check_identities(const struct joint_stats *st)
{
    assert_close(st->hx + st->hy - st->hxy, st->mi, 0, 1e-13);
    assert_close(st->hx - st->hx_y, st->mi, 0, 1e-13);
    assert_close(st->hy - st->hy_x, st->mi, 0, 1e-13);
}

static void test_reference_value(void **state)
{
    (void)state;
    static const double v[] = {0.4, 0.1, 0.1, 0.4};
    struct joint j;
    struct joint_stats st;
    make(&j, 2, 2, v);
    joint_compute(&j, &st);
    /* REFERENCE-VALUES: 0.1927448 nats, 0.2780719 bits. */
    assert_close(st.mi, 0.1927448, 0, 5e-8);
    assert_close(st.mi / log(2), 0.2780719, 0, 5e-8);
    /* Exactly: 0.8 ln 1.6 + 0.2 ln 0.4. */
    assert_close(st.mi, 0.8 * log(1.6) + 0.2 * log(0.4), 1e-15, 0);
    assert_close(st.reverse, 0.5 * log(0.25 / 0.4 * 0.25 / 0.1) , 1e-14, 0);
    check_identities(&st);
    joint_stats_free(&st);
    joint_free(&j);
}

/* Products of dyadic marginals are exact, so p(x,y) = p(x)p(y) in every
 * cell bit for bit and I is 0 exactly, not -1e-17. */
static void test_independence_exactly_zero(void **state)
{
    (void)state;
    static const double a[] = {0.5, 0.25, 0.125, 0.125};
    static const double b[] = {0.75, 0.1875, 0.0625};
    double v[12];
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 3; k++)
            v[i * 3 + k] = a[i] * b[k];
    struct joint j;
    struct joint_stats st;
    make(&j, 4, 3, v);
    joint_compute(&j, &st);
    assert_true(st.mi == 0.0 && !signbit(st.mi));
    assert_true(st.reverse == 0.0 && !signbit(st.reverse));
    for (size_t k = 0; k < 12; k++)
        assert_true(st.prod[k] == j.p[k]);
    check_identities(&st);
    joint_stats_free(&st);
    /* Counts of an independent table too (the normalization divides by
     * 64, exactly). */
    double c[12];
    for (size_t k = 0; k < 12; k++)
        c[k] = v[k] * 64;
    joint_free(&j);
    make(&j, 4, 3, c);
    assert_true(j.sum == 64.0);
    joint_compute(&j, &st);
    assert_true(st.mi == 0.0);
    joint_stats_free(&st);
    joint_free(&j);
}

/* joint_indep of any table: never negative, and 0 to within rounding. */
static void test_indep_of_random_tables(void **state)
{
    (void)state;
    srand(16);
    for (int trial = 0; trial < 50; trial++) {
        size_t r = 1 + (size_t)rand() % 9, c = 1 + (size_t)rand() % 9;
        double v[81];
        for (size_t k = 0; k < r * c; k++)
            v[k] = rand() % 4 ? (double)rand() / RAND_MAX : 0.0;
        v[0] += 1;
        struct joint j, ind;
        struct joint_stats st;
        struct error err;
        make(&j, r, c, v);
        joint_init(&ind);
        assert_true(joint_indep(&ind, &j, &err));
        joint_compute(&ind, &st);
        assert_true(st.mi >= 0 && st.mi < 1e-30);
        assert_true(!signbit(st.mi));
        joint_stats_free(&st);
        joint_free(&ind);
        joint_free(&j);
    }
}

static void test_copy_gives_entropy(void **state)
{
    (void)state;
    struct joint j;
    struct joint_stats st;
    struct error err;
    joint_init(&j);
    for (size_t n = 1; n <= 64; n = 2 * n + 1) {
        assert_true(joint_copy_n(&j, n, &err));
        assert_true(j.sum == 1.0);
        joint_compute(&j, &st);
        assert_close(st.mi, log((double)n), 0, 1e-14);
        assert_close(st.mi, st.hx, 0, 1e-14);
        assert_true(st.hx_y == 0 && st.hy_x == 0);
        check_identities(&st);
        joint_stats_free(&st);
    }
    /* X = Y with an uneven distribution: I = H(X). */
    static const double d[] = {0.5, 0.3, 0.15, 0.05};
    double v[16] = {0};
    for (size_t i = 0; i < 4; i++)
        v[i * 4 + i] = d[i];
    joint_free(&j);
    make(&j, 4, 4, v);
    joint_compute(&j, &st);
    double h = 0;
    for (size_t i = 0; i < 4; i++)
        h -= d[i] * log(d[i]);
    assert_close(st.mi, h, 0, 1e-14);
    assert_close(st.mi, st.hx, 0, 1e-14);
    assert_true(isinf(st.reverse) && st.reverse_inf == 12);
    assert_int_equal(st.reverse_cell, 1);   /* (x1, y2) */
    joint_stats_free(&st);
    joint_free(&j);
}

static void test_binary_symmetric_channel(void **state)
{
    (void)state;
    static const double eps[] = {0, 1e-12, 1e-6, 0.01, 0.1, 0.11, 0.25,
                                 1.0 / 3, 0.5, 0.7, 0.9, 1 - 1e-9, 1};
    struct joint j;
    struct error err;
    joint_init(&j);
    for (size_t k = 0; k < sizeof eps / sizeof eps[0]; k++) {
        struct joint_stats st;
        assert_true(joint_noisy(&j, eps[k], &err));
        joint_compute(&j, &st);
        assert_close(st.mi, log(2.0) - h_b(eps[k]), 0, 1e-14);
        check_identities(&st);
        joint_stats_free(&st);
    }
    assert_false(joint_noisy(&j, 1.5, &err));
    assert_non_null(strstr(err.msg, "between 0 and 1"));
    assert_false(joint_noisy(&j, -0.1, &err));
    assert_false(joint_noisy(&j, NAN, &err));
    joint_free(&j);
}

/* A random 100 x 100 table against a long-double sum of
 * p ln(p / (p(x) p(y))) over marginals summed in long double. */
static void test_random_table_against_long_double(void **state)
{
    (void)state;
    enum { R = 100, C = 100 };
    srand(1616);
    double *v = malloc(R * C * sizeof *v);
    for (int trial = 0; trial < 3; trial++) {
        for (size_t k = 0; k < R * C; k++) {
            double u = (double)rand() / RAND_MAX;
            /* some zeros, a wide range of magnitudes */
            v[k] = rand() % 10 == 0 ? 0.0 : pow(u, 1 + trial * 4);
        }
        struct joint j;
        struct joint_stats st;
        make(&j, R, C, v);
        joint_compute(&j, &st);
        long double px[R] = {0}, py[C] = {0};
        for (size_t i = 0; i < R; i++)
            for (size_t k = 0; k < C; k++) {
                px[i] += j.p[i * C + k];
                py[k] += j.p[i * C + k];
            }
        long double mi = 0, hx = 0, hxy = 0;
        for (size_t i = 0; i < R; i++) {
            if (px[i] > 0)
                hx -= px[i] * logl(px[i]);
            for (size_t k = 0; k < C; k++) {
                long double p = j.p[i * C + k];
                if (p > 0) {
                    mi += p * logl(p / (px[i] * py[k]));
                    hxy -= p * logl(p);
                }
            }
        }
        assert_close(st.mi, (double)mi, 1e-12, 0);
        assert_close(st.hx, (double)hx, 1e-12, 0);
        assert_close(st.hxy, (double)hxy, 1e-12, 0);
        check_identities(&st);
        joint_stats_free(&st);
        joint_free(&j);
    }
    free(v);
}

static void test_sizes_and_bad_values(void **state)
{
    (void)state;
    struct joint j;
    struct error err;
    joint_init(&j);
    assert_false(joint_check_size(10000, 10000, &err));
    assert_non_null(strstr(err.msg, "at most 1000000 cells"));
    assert_false(joint_check_size((size_t)1 << 40, (size_t)1 << 40, &err));
    assert_true(joint_check_size(1000, 1000, &err));
    assert_false(joint_check_size(0, 3, &err));
    static const double neg[] = {0.5, -0.1, 0.3, 0.3};
    static const double zero[] = {0, 0, 0, 0};
    const double nan4[] = {0.5, NAN, 0.3, 0.3};
    assert_false(joint_from_values(&j, 2, 2, neg, &err));
    assert_non_null(strstr(err.msg, "negative"));
    assert_false(joint_from_values(&j, 2, 2, zero, &err));
    assert_non_null(strstr(err.msg, "all zeros"));
    assert_false(joint_from_values(&j, 2, 2, nan4, &err));
    assert_non_null(strstr(err.msg, "NaN"));
    assert_int_equal(j.rows, 0);   /* untouched */
    assert_false(joint_indep(&j, &j, &err));
    assert_non_null(strstr(err.msg, "no joint table"));
}

static void test_set_cell_rescales(void **state)
{
    (void)state;
    static const double v[] = {0.4, 0.1, 0.1, 0.4};
    struct joint j;
    struct error err;
    make(&j, 2, 2, v);
    assert_true(joint_set_cell(&j, 0, 1, 0.2, &err));
    assert_close(j.p[1], 0.2, 0, 0);
    /* the other three keep their proportions 4:1:4 in the rest 0.8 */
    assert_close(j.p[0], 0.8 * 4 / 9, 1e-15, 0);
    assert_close(j.p[2], 0.8 / 9, 1e-15, 0);
    double before[4];
    memcpy(before, j.p, sizeof before);
    assert_false(joint_set_cell(&j, 0, 0, 1.5, &err));
    assert_memory_equal(before, j.p, sizeof before);
    joint_free(&j);
}

static void test_find(void **state)
{
    (void)state;
    static const double v[] = {1, 2, 3, 4, 5, 6};
    struct joint j;
    struct error err;
    size_t i;
    make(&j, 2, 3, v);
    assert_true(joint_find(&j, true, "x2", &i, &err) && i == 1);
    assert_true(joint_find(&j, false, "3", &i, &err) && i == 2);
    assert_true(joint_find(&j, false, "#1", &i, &err) && i == 0);
    assert_false(joint_find(&j, false, "4", &i, &err));
    assert_non_null(strstr(err.msg, "columns are 1 to 3"));
    assert_false(joint_find(&j, true, "#", &i, &err));
    joint_free(&j);
}

/* A row's label may start with '#' (a file quotes it): the word names it,
 * as it names a table's entry. */
static void test_find_hash_label(void **state)
{
    (void)state;
    static const double v[] = {1, 2, 3, 4};
    struct joint j;
    struct error err;
    size_t i = 9;
    make(&j, 2, 2, v);
    free(j.x_labels[1]);
    j.x_labels[1] = strdup("#b");
    assert_true(joint_find(&j, true, "#b", &i, &err));
    assert_int_equal(i, 1);
    assert_true(joint_find(&j, true, "#1", &i, &err));
    assert_int_equal(i, 0);
    joint_free(&j);
}

static bool parse(const char *text, struct joint *j, struct error *err)
{
    return joint_parse(text, strlen(text), "t.csv", j, err);
}

/* Parses text into j, failing the test with the message if it cannot. */
static void parse_ok(const char *text, struct joint *j)
{
    struct error err;
    joint_init(j);
    if (!parse(text, j, &err))
        fail_msg("%s", err.msg);
}

static void parse_fails(const char *text, const char *msg)
{
    struct joint j;
    struct error err;
    joint_init(&j);
    if (parse(text, &j, &err))
        fail_msg("parsed: %s", text);
    if (!strstr(err.msg, msg))
        fail_msg("for %s\nexpected '%s' in: %s", text, msg, err.msg);
    assert_int_equal(j.rows, 0);
}

static void test_parse_matrix_and_long(void **state)
{
    (void)state;
    struct joint j;
    struct error err;
    joint_init(&j);
    assert_true(parse("# weather and umbrellas\r\n"
                      "x\\y, \"rain, heavy\",dry\r\n"
                      "umbrella,30,10\r\n\r\n"
                      "none,10,50\r\n", &j, &err));
    assert_int_equal(j.rows, 2);
    assert_int_equal(j.cols, 2);
    assert_string_equal(j.y_labels[0], "rain, heavy");
    assert_string_equal(j.x_labels[1], "none");
    assert_true(j.sum == 100.0);
    assert_close(j.p[3], 0.5, 0, 0);
    /* long form, labels in the order seen, missing cells 0 */
    assert_true(parse("x,y,p\na,u,1\nb,v,2\na,v,1\n", &j, &err));
    assert_int_equal(j.rows, 2);
    assert_int_equal(j.cols, 2);
    assert_string_equal(j.x_labels[1], "b");
    assert_string_equal(j.y_labels[1], "v");
    assert_true(j.p[2] == 0.0);
    assert_close(j.p[3], 0.5, 0, 0);
    /* blank- and tab-separated */
    assert_true(parse("c\ty1\ty2\nr\t1\t3\n", &j, &err));
    assert_close(j.p[1], 0.75, 0, 0);
    assert_true(parse("c y1 y2\nr 1 3\ns 0 4\n", &j, &err));
    assert_int_equal(j.rows, 2);
    joint_free(&j);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails("c,a,b\nr,1,2\ns,1\n", "t.csv:3:4: this row has 1 value");
    parse_fails("c,a,b\nr,1,2,3\n", "t.csv:2:7: this row has 3 values");
    parse_fails("c,a,a\nr,1,2\n", "t.csv:1:5: column label 'a' is given "
                "twice");
    parse_fails("c,a,b\nr,1,2\nr,3,4\n", "t.csv:3:1: row label 'r' is given "
                "twice");
    parse_fails("c,a,b\nr,1,-2\n", "t.csv:2:5: -2 is negative");
    parse_fails("c,a,b\nr,1,nan\n", "t.csv:2:5:");
    parse_fails("c,a,b\nr,1,0,5\n", "this row has 3 values");
    parse_fails("c,a,b\nr,0,0\n", "t.csv: the joint table is all zeros");
    parse_fails("c,a,b\n", "t.csv:1:1: no rows after the header");
    parse_fails("# only a comment\n", "no table in the file");
    parse_fails("c,a,b\nr,1,\n", "t.csv:2:5: a cell is empty");
    /* fields.h's rule, as for the P/Q tables */
    parse_fails("c,\"a,b\nr,1\n", "t.csv:1:3: unterminated quoted field");
    parse_fails("c,\"a\"b,x\nr,1,2\n", "t.csv:1:6: unexpected 'b' after a "
                "quoted field");
    parse_fails("x,y,p\na,b,1\na,b,2\n", "t.csv:3:1: cell (a, b) is given "
                "twice");
    parse_fails("x,y,p\na,b\n", "t.csv:2:4: 2 fields where the long form "
                "has 3");
    parse_fails("x,y,p\na,,1\n", "t.csv:2:3: the column label is empty");
    parse_fails("x,y,p\n", "no cells after the header");
}

static void test_parse_too_large(void **state)
{
    (void)state;
    /* 1001 columns x 1000 rows: one row too many, named by line. */
    struct buf t;
    buf_init(&t);
    buf_append(&t, "c");
    for (int k = 0; k < 1001; k++)
        buf_printf(&t, ",y%d", k);
    buf_putc(&t, '\n');
    for (int i = 0; i < 1000; i++) {
        buf_printf(&t, "x%d", i);
        for (int k = 0; k < 1001; k++)
            buf_append(&t, ",1");
        buf_putc(&t, '\n');
    }
    struct joint j;
    struct error err;
    joint_init(&j);
    assert_false(joint_parse(t.s, t.len, "big.csv", &j, &err));
    assert_non_null(strstr(err.msg, "big.csv:1001:1: 1000 rows x 1001 "
                           "columns is too large"));
    buf_free(&t);
    /* long form: the label that makes it too large */
    buf_init(&t);
    buf_append(&t, "x,y,p\n");
    for (int i = 0; i < 1001; i++)
        buf_printf(&t, "a%d,b%d,1\n", i, i);
    assert_false(joint_parse(t.s, t.len, "long.csv", &j, &err));
    assert_non_null(strstr(err.msg, "long.csv:1002:1: 1001 rows x 1001 "
                           "columns is too large"));
    buf_free(&t);
    assert_int_equal(j.rows, 0);
}

/* A tab-separated file whose labels hold commas splits at the tabs, as a
 * table's does (table_detect_sep). */
static void test_parse_tabs_before_commas(void **state)
{
    (void)state;
    struct joint j;
    parse_ok("x\\y\train, heavy\tdry\nwet, cold\t3\t1\n", &j);
    assert_string_equal(j.y_labels[0], "rain, heavy");
    assert_string_equal(j.x_labels[0], "wet, cold");
    assert_close(j.p[0], 0.75, 1e-15, 0);
    joint_free(&j);
}

static void test_write_reads_back(void **state)
{
    (void)state;
    static const double v[] = {0.1, 0.2, 0.3, 0.15, 0.05, 0.2};
    struct joint j, k;
    struct error err;
    make(&j, 2, 3, v);
    free(j.x_labels[0]);
    j.x_labels[0] = strdup("#tag, \"quoted\"");
    struct buf t;
    buf_init(&t);
    joint_write(&j, &t);
    joint_init(&k);
    assert_true(joint_parse(t.s, t.len, "w.csv", &k, &err));
    assert_int_equal(k.rows, 2);
    assert_int_equal(k.cols, 3);
    assert_string_equal(k.x_labels[0], "#tag, \"quoted\"");
    assert_memory_equal(j.p, k.p, sizeof v);
    assert_true(k.sum == 1.0);
    buf_free(&t);
    joint_free(&j);
    joint_free(&k);
}

/* "-0" is a zero: stored as +0, so that it is written as 0 and reads
 * back the same (found by fuzz_table). */
static void test_negative_zero(void **state)
{
    (void)state;
    struct joint j;
    struct error err;
    joint_init(&j);
    assert_true(parse("c,a,b\nr,-0,1\ns,1,-0.0\n", &j, &err));
    assert_true(j.p[0] == 0 && !signbit(j.p[0]));
    assert_true(j.p[3] == 0 && !signbit(j.p[3]));
    struct buf t;
    buf_init(&t);
    joint_write(&j, &t);
    assert_non_null(strstr(t.s, "\nr,0,0.5\n"));
    assert_null(strstr(t.s, "-0"));
    buf_free(&t);
    joint_free(&j);
}

static void test_views(void **state)
{
    (void)state;
    static const double v[] = {0.4, 0.1, 0.0, 0.5};
    struct joint j;
    struct joint_stats st;
    make(&j, 2, 2, v);
    joint_compute(&j, &st);
    struct buf b;
    buf_init(&b);
    joint_text(&j, &st, BASE_2, &b);
    assert_non_null(strstr(b.s, "I(X;Y) = KL(P_XY||P_X P_Y) = "));
    assert_non_null(strstr(b.s, "H(X) - H(X|Y)"));
    assert_non_null(strstr(b.s, "product of the marginals"));
    assert_non_null(strstr(b.s, "in bits (signed"));
    assert_non_null(strstr(b.s, "= inf bits (cell (x2, y1) is 0 while "
                           "p(x)p(y) is not)"));
    buf_reset(&b);
    joint_json(&j, &st, BASE_E, &b);
    assert_non_null(strstr(b.s, "\"reverse_kl\":\"inf\","
                           "\"reverse_kl_infinite_cell\":{\"x\":\"x2\","
                           "\"y\":\"y1\"}"));
    char want[128];
    snprintf(want, sizeof want, "\"mutual_information\":%.17g,", st.mi);
    assert_non_null(strstr(b.s, want));
    assert_non_null(strstr(b.s, "{\"x\":\"x2\",\"y\":\"y1\",\"p\":0,"));
    buf_free(&b);
    joint_stats_free(&st);
    joint_free(&j);
}

/* A table larger than the text view shows its first rows and columns
 * and says so; JSON holds every cell. */
static void test_large_view_is_cut(void **state)
{
    (void)state;
    struct joint j;
    struct joint_stats st;
    struct error err;
    joint_init(&j);
    assert_true(joint_copy_n(&j, 50, &err));
    joint_compute(&j, &st);
    struct buf b;
    buf_init(&b);
    joint_text(&j, &st, BASE_E, &b);
    assert_non_null(strstr(b.s, "(the first 40 of 50 rows and 10 of 50 "
                           "columns; `joint json` and `joint save` hold "
                           "every cell)"));
    assert_null(strstr(b.s, "x41 "));
    assert_null(strstr(b.s, "y11"));
    buf_reset(&b);
    joint_json(&j, &st, BASE_E, &b);
    assert_non_null(strstr(b.s, "{\"x\":\"x50\",\"y\":\"y50\",\"p\":0.02,"));
    buf_free(&b);
    joint_stats_free(&st);
    joint_free(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_value),
        cmocka_unit_test(test_independence_exactly_zero),
        cmocka_unit_test(test_indep_of_random_tables),
        cmocka_unit_test(test_copy_gives_entropy),
        cmocka_unit_test(test_binary_symmetric_channel),
        cmocka_unit_test(test_random_table_against_long_double),
        cmocka_unit_test(test_sizes_and_bad_values),
        cmocka_unit_test(test_set_cell_rescales),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_hash_label),
        cmocka_unit_test(test_parse_tabs_before_commas),
        cmocka_unit_test(test_parse_matrix_and_long),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_too_large),
        cmocka_unit_test(test_write_reads_back),
        cmocka_unit_test(test_negative_zero),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_large_view_is_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
