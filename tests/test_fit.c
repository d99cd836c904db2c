/* Unit tests for core/fit: forward fits cover the mass, reverse fits seek a
 * mode, and each fit is the better one in its own direction. */
#include "test_util.h"

#include "config.h"
#include "divergence.h"
#include "fit.h"
#include "table.h"

struct bimodal {
    struct table t;
};

static int setup(void **state)
{
    struct bimodal *b = calloc(1, sizeof *b);
    struct error err;
    table_init(&b->t);
    if (!table_load(KLX_SOURCE_DATADIR "/bimodal.csv", &b->t, NULL, &err)) {
        print_error("%s\n", err.msg);
        free(b);
        return -1;
    }
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    struct bimodal *b = *state;
    table_free(&b->t);
    free(b);
    return 0;
}

/* KL of p against a fit's q, computed independently of the fit. */
static double kl(const double *a, const double *b, size_t n)
{
    struct divergence d;
    divergence_compute(a, b, n, &d);
    return d.pq.total;
}

static void check_family(const struct table *t, enum fit_family fam)
{
    struct fit fw, rv;
    struct error err;
    fit_init(&fw);
    fit_init(&rv);
    assert_true(fit_run(t->p, t->n, fam, true, NULL, &fw, &err));
    assert_true(fit_run(t->p, t->n, fam, false, NULL, &rv, &err));

    /* Mass-covering vs mode-seeking: clearly wider forward fit. */
    assert_true(fw.scale > 2.5 * rv.scale);

    /* Each fit is at least as good in its own direction. */
    assert_true(fw.kl_pq <= rv.kl_pq);
    assert_true(rv.kl_qp <= fw.kl_qp);

    /* The reported divergences are those of the returned q. */
    assert_close(fw.kl_pq, kl(t->p, fw.q, t->n), 1e-12, 0);
    assert_close(rv.kl_qp, kl(rv.q, t->p, t->n), 1e-12, 0);

    /* The reverse fit sits on one of the two modes (positions 6 and 16
     * counting from 1); the forward fit near the middle (11). */
    assert_true(fabs(rv.mu - 6) < 1.0 || fabs(rv.mu - 16) < 1.0);
    if (fam == FIT_GAUSS)
        assert_true(fabs(fw.mu - 11) < 0.1);

    /* The fitted q is a distribution. */
    double s = 0;
    for (size_t i = 0; i < fw.n; i++) {
        assert_true(fw.q[i] >= 0);
        s += fw.q[i];
    }
    assert_close(s, 1.0, 1e-12, 0);
    fit_free(&fw);
    fit_free(&rv);
}

static void test_bimodal_gauss(void **state)
{
    struct bimodal *b = *state;
    check_family(&b->t, FIT_GAUSS);
}

static void test_bimodal_geom(void **state)
{
    struct bimodal *b = *state;
    check_family(&b->t, FIT_GEOM);
}

/* A P that is itself a discretized Gaussian is found again, both ways. */
static void test_recovers_a_member(void **state)
{
    (void)state;
    enum { N = 41 };
    double p[N], s = 0;
    for (int i = 0; i < N; i++) {
        double x = (i - 17.0) / 4.0;
        p[i] = exp(-0.5 * x * x);
        s += p[i];
    }
    for (int i = 0; i < N; i++)
        p[i] /= s;
    for (int dir = 0; dir < 2; dir++) {
        struct fit f;
        struct error err;
        fit_init(&f);
        assert_true(fit_run(p, N, FIT_GAUSS, dir == 0, NULL, &f, &err));
        assert_close(f.mu, 18.0, 1e-5, 0);       /* 17 counted from 1 */
        assert_close(f.scale, 4.0, 1e-5, 0);
        assert_true(f.kl_pq < 1e-10 && f.kl_qp < 1e-10);
        fit_free(&f);
    }
}

/* Fixed starts: the same input gives bit-identical results. */
static void test_deterministic(void **state)
{
    struct bimodal *b = *state;
    struct fit f1, f2;
    struct error err;
    fit_init(&f1);
    fit_init(&f2);
    assert_true(fit_run(b->t.p, b->t.n, FIT_GAUSS, false, NULL, &f1, &err));
    assert_true(fit_run(b->t.p, b->t.n, FIT_GAUSS, false, NULL, &f2, &err));
    assert_true(f1.mu == f2.mu && f1.scale == f2.scale);
    assert_memory_equal(f1.q, f2.q, f1.n * sizeof *f1.q);
    fit_free(&f1);
    fit_free(&f2);
}

static void test_errors(void **state)
{
    (void)state;
    struct fit f;
    struct error err;
    fit_init(&f);
    double one[1] = {1};
    assert_false(fit_run(one, 1, FIT_GAUSS, true, NULL, &f, &err));
    assert_non_null(strstr(err.msg, "at least 2 entries"));
    double zero[3] = {0, 0.5, 0.5};
    assert_false(fit_run(zero, 3, FIT_GEOM, false, NULL, &f, &err));
    assert_non_null(strstr(err.msg, "p_1 = 0"));
    assert_true(fit_run(zero, 3, FIT_GEOM, true, NULL, &f, &err));
    fit_free(&f);
    enum fit_family fam;
    assert_true(fit_family_parse("gauss", &fam) && fam == FIT_GAUSS);
    assert_true(fit_family_parse("geom", &fam) && fam == FIT_GEOM);
    assert_false(fit_family_parse("cauchy", &fam));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bimodal_gauss, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bimodal_geom, setup, teardown),
        cmocka_unit_test(test_recovers_a_member),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
