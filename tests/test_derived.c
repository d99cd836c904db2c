/* Unit tests for core/derived: what a front end wants computed beyond KL
 * comes with each session change in the same pass, bit for bit what a
 * separate computation gives, and is known stale for any other state or
 * session. */
#include "test_util.h"

#include "core/derived.h"
#include "core/renyi.h"
#include "core/session.h"

struct fixture {
    struct session s;
    struct derived d;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    derived_init(&f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    derived_free(&f->d);
    session_free(&f->s);
    free(f);
    return 0;
}

/* The per-term values and maxima d holds are those of s's table now. */
static void assert_terms(const struct session *s, const struct derived *d)
{
    size_t n = s->table.n;
    assert_true(derived_has_terms(d, s->version));
    double *tf = malloc(n * sizeof *tf), *tr = malloc(n * sizeof *tr);
    assert_non_null(tf);
    assert_non_null(tr);
    double mass, term;
    divergence_terms_max(s->table.p, s->table.q, n, tf, tr, &mass, &term);
    assert_memory_equal(d->fwd, tf, n * sizeof *tf);
    assert_memory_equal(d->rev, tr, n * sizeof *tr);
    assert_same_double(d->max_mass, mass);
    assert_same_double(d->max_term, term);
    free(tf);
    free(tr);
}

/* KL in div is divergence_kl's, bit for bit, whatever d wants; every
 * measure is divergence_compute's, from d or computed now. */
static void assert_div(const struct session *s, const struct derived *d)
{
    struct divergence full, kl, scratch;
    divergence_compute(s->table.p, s->table.q, s->table.n, &full);
    divergence_kl(s->table.p, s->table.q, s->table.n, &kl);
    assert_memory_equal(&s->div, &kl, sizeof kl);
    const struct divergence *m = session_measures(s, d, &scratch);
    assert_ptr_equal(m, derived_has_measures(d, s->version) ? &d->measures
                                                            : &scratch);
    assert_memory_equal(m, &full, sizeof full);
}

/* Each mutation fills what d wants in its own recompute: nothing is
 * left for session_derive, whichever of terms and measures is wanted. */
static void test_change_fills_derived(void **state)
{
    struct fixture *f = *state;
    for (int want = 0; want < 4; want++) {
        bool terms = want & 1, measures = want & 2;
        derived_want_terms(&f->d, terms);
        derived_want_measures(&f->d, measures);
        assert_true(session_set_entry(&f->s, &f->d, WHICH_P, 1, 0.35,
                                      &f->err));
        assert_int_equal(derived_has_terms(&f->d, f->s.version), terms);
        assert_int_equal(derived_has_measures(&f->d, f->s.version),
                         measures);
        if (terms)
            assert_terms(&f->s, &f->d);
        assert_div(&f->s, &f->d);
        assert_true(session_swap(&f->s, &f->d));
        if (terms)
            assert_terms(&f->s, &f->d);
        assert_div(&f->s, &f->d);
        assert_true(session_undo(&f->s, &f->d, &f->err));
        assert_true(session_undo(&f->s, &f->d, &f->err));
        if (terms)
            assert_terms(&f->s, &f->d);
        assert_div(&f->s, &f->d);
        assert_true(session_redo(&f->s, &f->d, &f->err));
        assert_int_equal(derived_has_measures(&f->d, f->s.version),
                         measures);
        assert_div(&f->s, &f->d);
    }
}

/* A change made without d (NULL) leaves d stale; session_derive brings
 * it to the new state, computing only what d wants and lacks. */
static void test_derive_after_other_change(void **state)
{
    struct fixture *f = *state;
    derived_want_terms(&f->d, true);
    session_derive(&f->s, &f->d);
    assert_terms(&f->s, &f->d);
    assert_false(derived_has_measures(&f->d, f->s.version));
    unsigned long before = f->s.version;
    assert_true(session_set_entry(&f->s, NULL, WHICH_Q, 0, 0.4, &f->err));
    assert_true(f->s.version != before);
    assert_false(derived_has_terms(&f->d, f->s.version));
    assert_div(&f->s, &f->d);
    session_derive(&f->s, &f->d);
    assert_terms(&f->s, &f->d);
    /* the measures panel opens: measures added, terms kept */
    const double *fwd = f->d.fwd;
    derived_want_measures(&f->d, true);
    session_derive(&f->s, &f->d);
    assert_true(derived_has_measures(&f->d, f->s.version));
    assert_ptr_equal(f->d.fwd, fwd);
    assert_terms(&f->s, &f->d);
    assert_div(&f->s, &f->d);
    /* with nothing wanted, a NULL derived holds nothing */
    assert_false(derived_has_terms(NULL, f->s.version));
    assert_false(derived_has_measures(NULL, f->s.version));
    assert_false(derived_has_renyi(NULL, f->s.version));
}

/* Another session, or one made again at the same address (a tour's
 * session from one tour to the next), is never taken for the state d
 * holds: versions are unique in the process. */
static void test_other_session_is_stale(void **state)
{
    struct fixture *f = *state;
    derived_want_terms(&f->d, true);
    assert_true(session_set_entry(&f->s, &f->d, WHICH_P, 0, 0.2, &f->err));
    assert_true(derived_has_terms(&f->d, f->s.version));
    struct session other;
    session_init(&other);
    assert_false(derived_has_terms(&f->d, other.version));
    session_free(&other);

    session_free(&f->s);
    session_init(&f->s);
    assert_false(derived_has_terms(&f->d, f->s.version));
    session_derive(&f->s, &f->d);
    assert_terms(&f->s, &f->d);
}

/* The Renyi divergence kept by session_update_renyi is dropped by every
 * change of the table or the order, and equals a fresh computation
 * whether kept or not. */
static void assert_renyi_fresh(const struct session *s,
                               const struct derived *d)
{
    const struct table *t = &s->table;
    double a = derived_alpha(d);
    double fw = renyi_divergence(t->p, t->q, t->n, a, s->div.pq.total);
    double rv = renyi_divergence(t->q, t->p, t->n, a, s->div.qp.total);
    assert_same_double(session_renyi(s, d, true), fw);
    assert_same_double(session_renyi(s, d, false), rv);
}

static void test_renyi_kept(void **state)
{
    struct fixture *f = *state;
    struct session *s = &f->s;
    struct derived *d = &f->d;
    assert_same_double(derived_alpha(NULL), 0.5);
    assert_renyi_fresh(s, NULL);
    for (int keep = 1; keep >= 0; keep--) {
        derived_want_measures(d, keep);
        assert_false(derived_has_renyi(d, s->version));
        assert_renyi_fresh(s, d);
        session_update_renyi(s, d);
        assert_true(derived_has_renyi(d, s->version));
        assert_renyi_fresh(s, d);
        derived_set_alpha(d, 2.0);
        assert_same_double(derived_alpha(d), 2.0);
        assert_false(derived_has_renyi(d, s->version));
        assert_renyi_fresh(s, d);
        session_update_renyi(s, d);
        assert_true(session_set_entry(s, d, WHICH_Q, 2, 0.05, &f->err));
        assert_false(derived_has_renyi(d, s->version));
        assert_renyi_fresh(s, d);
        session_update_renyi(s, d);
        assert_renyi_fresh(s, d);
        derived_set_alpha(d, INFINITY);
        session_update_renyi(s, d);
        assert_renyi_fresh(s, d);
        assert_true(session_undo(s, NULL, &f->err));
        assert_false(derived_has_renyi(d, s->version));
        session_update_renyi(s, d);
        assert_renyi_fresh(s, d);
        derived_set_alpha(d, 0.5);
        assert_renyi_fresh(s, d);
    }
}

/* The arrays grow with the table and are reused when it shrinks. */
static void test_terms_capacity(void **state)
{
    struct fixture *f = *state;
    enum { N = 3000 };
    static double p[N], q[N];
    for (size_t i = 0; i < N; i++) {
        p[i] = (double)(i % 11 + 1);
        q[i] = (double)(i % 3 + 1);
    }
    derived_want_terms(&f->d, true);
    assert_true(session_set_both(&f->s, &f->d, p, q, N, NULL, &f->err));
    assert_terms(&f->s, &f->d);
    assert_true(f->d.cap >= N);
    const double *fwd = f->d.fwd;
    assert_true(session_undo(&f->s, &f->d, &f->err));
    assert_int_equal(f->s.table.n, 4);
    assert_ptr_equal(f->d.fwd, fwd);
    assert_terms(&f->s, &f->d);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_change_fills_derived),
        T(test_derive_after_other_change),
        T(test_other_session_is_stale),
        T(test_renyi_kept),
        T(test_terms_capacity),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
