/* Unit tests for core/family: parsing and its errors, supports, masses
 * and the closed forms against independent reference values. */
#include "test_util.h"

#include "core/buf.h"
#include "core/divergence.h"
#include "core/family.h"
#include "core/parse.h"

static struct family *parse_ok(const char *text)
{
    struct family *f = NULL;
    struct error err;
    if (!family_parse(text, 1, &f, &err))
        fail_msg("`%s`: %s", text, err.msg);
    return f;
}

static void parse_fails(const char *text, const char *msg)
{
    struct family *f = (struct family *)1;
    struct error err = {{0}};
    assert_false(family_parse(text, 1, &f, &err));
    assert_null(f);
    if (!strstr(err.msg, msg))
        fail_msg("`%s`: got \"%s\", want \"%s\"", text, err.msg, msg);
}

/* The masses of f on its own support, and the support. */
static double *masses(const struct family *f, struct numlist *sup)
{
    struct error err;
    numlist_init(sup);
    if (!family_support(f, NULL, 0, sup, &err))
        fail_msg("support: %s", err.msg);
    double *m = malloc(sup->n * sizeof *m);
    family_eval(f, sup->v, sup->n, m);
    return m;
}

/* KL(P||Q) in nats by the naive sum, both on the union support. */
static double kl_sum(const char *a, const char *b)
{
    struct family *fa = parse_ok(a), *fb = parse_ok(b);
    struct numlist sup;
    numlist_init(&sup);
    struct error err;
    assert_true(family_support_union(fa, fb, NULL, 0, &sup, &err));
    double *p = malloc(sup.n * sizeof *p), *q = malloc(sup.n * sizeof *q);
    family_eval(fa, sup.v, sup.n, p);
    family_eval(fb, sup.v, sup.n, q);
    double sp = 0, sq = 0, kl = 0;
    for (size_t i = 0; i < sup.n; i++) {
        sp += p[i];
        sq += q[i];
    }
    for (size_t i = 0; i < sup.n; i++)
        if (p[i] > 0)
            kl += p[i] / sp * log((p[i] / sp) / (q[i] / sq));
    free(p);
    free(q);
    numlist_free(&sup);
    family_free(fa);
    family_free(fb);
    return kl;
}

static double closed(const char *a, const char *b)
{
    struct family *fa = parse_ok(a), *fb = parse_ok(b);
    double kl = NAN;
    assert_true(family_closed_form(fa, fb, &kl));
    family_free(fa);
    family_free(fb);
    return kl;
}

static void test_closed_forms(void **state)
{
    (void)state;
    /* REFERENCE-VALUES.md (50-digit arithmetic) */
    assert_close(closed("binom 10 0.3", "binom 10 0.5"),
                 0.82282878505051846392, 1e-12, 0);
    assert_close(closed("binom 10 0.5", "binom 10 0.3"),
                 0.8717669357238887635, 1e-12, 0);
    /* 2 + 3 ln(3/5) and ln 2 - 1/4, in closed form by hand */
    assert_close(closed("poisson 3", "poisson 5"), 2 + 3 * log(0.6), 1e-12,
                 0);
    assert_close(closed("poisson 3", "poisson 5"), 0.4675231287020277, 1e-12,
                 0);
    assert_close(closed("normal 0 1", "normal 1 2"),
                 0.44314718055994530942, 1e-12, 0);
    /* geom 0.5 || geom 0.25: ln 2 + ln((1/2)/(3/4)) = ln(4/3) */
    assert_close(closed("geom 0.5", "geom 0.25"), log(4.0 / 3.0), 1e-12, 0);
    /* binomials with different N have none */
    struct family *a = parse_ok("binom 10 0.3"), *b = parse_ok("binom 9 0.3");
    double kl;
    assert_false(family_closed_form(a, b, &kl));
    family_free(a);
    family_free(b);
}

/* The sums over the generated supports agree with the closed forms. */
static void test_sums_match_closed_forms(void **state)
{
    (void)state;
    assert_close(kl_sum("binom 10 0.3", "binom 10 0.5"),
                 0.82282878505051846392, 1e-12, 0);
    assert_close(kl_sum("binom 10 0.5", "binom 10 0.3"),
                 0.8717669357238887635, 1e-12, 0);
    /* truncated where the tails are below 1e-12 */
    assert_close(kl_sum("poisson 3", "poisson 5"), 0.4675231287020277, 1e-9,
                 0);
    assert_close(kl_sum("geom 0.5", "geom 0.25"), log(4.0 / 3.0), 1e-9, 0);
}

/* The discretized normal against a sum written out here. */
static void test_normal_discretized(void **state)
{
    (void)state;
    double p[21], q[21], sp = 0, sq = 0, ref = 0;
    for (int i = 0; i <= 20; i++) {
        double x = -5 + 0.5 * i;
        p[i] = exp(-x * x / 2);
        q[i] = exp(-(x - 1) * (x - 1) / 8);
        sp += p[i];
        sq += q[i];
    }
    for (int i = 0; i <= 20; i++)
        ref += p[i] / sp * log((p[i] / sp) / (q[i] / sq));
    assert_close(kl_sum("normal 0 1 -5:5:0.5", "normal 1 2 -5:5:0.5"), ref,
                 1e-9, 0);
    /* the labels of the grid are the plain decimals */
    struct family *f = parse_ok("normal 0 1 0:1:0.1");
    struct numlist sup;
    double *m = masses(f, &sup);
    assert_int_equal(sup.n, 11);
    char b[40];
    family_label(sup.v[3], b, sizeof b);
    assert_string_equal(b, "0.3");
    free(m);
    numlist_free(&sup);
    family_free(f);
}

static void test_supports(void **state)
{
    (void)state;
    struct numlist sup;
    struct family *f = parse_ok("binom 10 0.3");
    double *m = masses(f, &sup);
    assert_int_equal(sup.n, 11);
    assert_close(sup.v[0], 0, 0, 0);
    assert_close(sup.v[10], 10, 0, 0);
    free(m);
    numlist_free(&sup);
    family_free(f);

    /* poisson's default K: the first whose tail is below 1e-12 */
    f = parse_ok("poisson 3");
    m = masses(f, &sup);
    double tail = 0, last = m[sup.n - 1];
    for (size_t i = 0; i < sup.n; i++)
        tail += m[i];
    tail = 1 - tail;
    assert_true(tail < 1e-12);
    assert_true(tail + last >= 1e-12);
    free(m);
    numlist_free(&sup);
    family_free(f);

    f = parse_ok("poisson 3 4");
    m = masses(f, &sup);
    assert_int_equal(sup.n, 5);
    free(m);
    numlist_free(&sup);
    family_free(f);

    f = parse_ok("zipf 1 4");
    m = masses(f, &sup);
    assert_int_equal(sup.n, 4);
    assert_close(m[0], 12.0 / 25.0, 1e-15, 0);   /* 1 / (1+1/2+1/3+1/4) */
    free(m);
    numlist_free(&sup);
    family_free(f);

    f = parse_ok("mix 0.25 (uniform 2) binom 1 1");
    m = masses(f, &sup);
    assert_int_equal(sup.n, 3);                   /* 0, 1, 2 */
    assert_close(m[0], 0, 0, 0);
    assert_close(m[1], 0.125 + 0.75, 1e-15, 0);
    assert_close(m[2], 0.125, 1e-15, 0);
    free(m);
    numlist_free(&sup);
    family_free(f);

    /* normal without a grid needs numeric labels */
    f = parse_ok("normal 0 1");
    struct error err;
    numlist_init(&sup);
    assert_false(family_support(f, NULL, 0, &sup, &err));
    assert_non_null(strstr(err.msg, "grid"));
    double labels[3] = {-1, 0, 1};
    assert_true(family_support(f, labels, 3, &sup, &err));
    assert_int_equal(sup.n, 3);
    numlist_free(&sup);
    family_free(f);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails("binom -1 0.3", "column 7: binom's n must be a whole number");
    parse_fails("binom 10 1.5", "binom's theta must be a probability");
    parse_fails("poisson 0", "poisson's lambda must be a rate above 0");
    parse_fails("normal 0 0", "normal's sigma must be a standard deviation");
    parse_fails("zipf 0 5", "zipf's s must be an exponent above 0");
    parse_fails("uniform 0", "uniform's n must be a whole number");
    parse_fails("mix 0.5 (normal -2 1 (normal 2 1)",
                "column 9: the '(' here has no ')'");
    parse_fails("mix 0.5 (normal -2 1) normal 2 1)",
                "column 33: a ')' without its '('");
    parse_fails("mix 0.5 (normal -2 1)", "mix needs two parts");
    parse_fails("mix 1.5 (uniform 2) (uniform 3)", "mix's w must be");
    parse_fails("binom 10", "binom needs 2 numbers");
    parse_fails("binom 10 0.3 7", "unexpected '7'");
    parse_fails("binom 10 0,3", "column 10");
    parse_fails("normal 0 1 5:-5:1", "needs LO < HI");
    parse_fails("normal 0 1 -5:5", "a grid is LO:HI:STEP");
    parse_fails("normal 0 1 0:1:1e-9", "more than");
    parse_fails("gamma 2 2", "'gamma' is not a family");
    parse_fails("", "is not a family");
}

static void test_format_round_trip(void **state)
{
    (void)state;
    static const char *const exprs[] = {
        "binom 10 0.3", "poisson 3", "poisson 2.5 7", "geom 0.3 12",
        "normal 0 1 -5:5:0.5", "normal -1.5 2", "zipf 1.1 20", "uniform 6",
        "mix 0.5 (normal -2 1 -6:6:0.5) (normal 2 1 -6:6:0.5)",
        "mix 0.3 binom 4 0.5 (mix 0.5 uniform 2 (poisson 1))"};
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        struct family *f = parse_ok(exprs[i]);
        struct buf b;
        buf_init(&b);
        family_format(f, &b);
        struct family *g = parse_ok(b.s);
        if (!family_equal(f, g))
            fail_msg("`%s` formats as `%s`", exprs[i], b.s);
        buf_free(&b);
        family_free(f);
        family_free(g);
    }
}

static void test_set_param(void **state)
{
    (void)state;
    struct family *f = parse_ok("binom 10 0.3");
    struct error err;
    assert_true(family_set_param(f, "theta", 0.4, &err));
    assert_close(f->par[1], 0.4, 0, 0);
    assert_false(family_set_param(f, "theta", 1.5, &err));
    assert_close(f->par[1], 0.4, 0, 0);
    assert_false(family_set_param(f, "lambda", 1, &err));
    assert_non_null(strstr(err.msg, "its parameters are n, theta"));
    family_free(f);
    f = parse_ok("poisson 3");
    assert_true(family_set_param(f, "k", 9, &err));
    assert_true(f->has_k);
    family_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_sums_match_closed_forms),
        cmocka_unit_test(test_normal_discretized),
        cmocka_unit_test(test_supports),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_set_param),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
