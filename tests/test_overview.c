/* Unit tests for core/overview: the top-K selection and the bins against
 * brute force on random data, edge cases, and label search. */
#include "core/halves.h"
#include "test_util.h"

#include "core/divergence.h"
#include "core/overview.h"
#include "core/table.h"

static unsigned long long rng_state = 88172645463325252ULL;

static double urand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* ---- brute force ---- */

static const double *bf_key;

static double bf_mag(double v)
{
    return isnan(v) ? -1.0 : fabs(v);
}

static int bf_cmp(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double mi = bf_mag(bf_key[i]), mj = bf_mag(bf_key[j]);
    if (mi != mj)
        return mi > mj ? -1 : 1;
    return i < j ? -1 : i > j ? 1 : 0;
}

/* The whole order by brute force: sort every index. */
static size_t *bf_order(const double *key, size_t n)
{
    size_t *o = malloc((n ? n : 1) * sizeof *o);
    assert_non_null(o);
    for (size_t i = 0; i < n; i++)
        o[i] = i;
    bf_key = key;
    qsort(o, n, sizeof *o, bf_cmp);
    return o;
}

static void check_top(const double *key, size_t n, size_t k)
{
    struct overview_top t;
    overview_top_init(&t);
    struct error err;
    assert_true(overview_top(key, n, k, &t, &err));
    size_t want = k < n ? k : n;
    assert_int_equal(t.count, want);
    size_t *o = bf_order(key, n);
    for (size_t r = 0; r < want; r++) {
        if (t.idx[r] != o[r])
            fail_msg("n=%zu k=%zu rank %zu: got %zu, brute force %zu", n,
                     k, r, t.idx[r], o[r]);
        assert_true(t.val[r] == key[o[r]] ||
                    (isnan(t.val[r]) && isnan(key[o[r]])));
    }
    free(o);
    overview_top_free(&t);
}

static void test_top_random(void **state)
{
    (void)state;
    static const size_t ns[] = {1, 2, 3, 7, 100, 1000, 5000};
    static const size_t ks[] = {1, 2, 5, 10, 99, 100, 101, 4999, 100000};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
        size_t n = ns[a];
        double *key = malloc(n * sizeof *key);
        assert_non_null(key);
        for (int round = 0; round < 3; round++) {
            for (size_t i = 0; i < n; i++) {
                double u = urand() - 0.5;
                /* round 1: many ties; round 2: infinities and zeros */
                key[i] = round == 1 ? (double)(int)(u * 6) / 4
                         : round == 2 && i % 7 == 3 ? INFINITY
                         : round == 2 && i % 11 == 5 ? 0.0
                         : u * pow(10, (double)(int)(urand() * 8) - 4);
            }
            for (size_t b = 0; b < sizeof ks / sizeof ks[0]; b++)
                check_top(key, n, ks[b]);
        }
        free(key);
    }
}

static void test_top_edges(void **state)
{
    (void)state;
    struct overview_top t;
    overview_top_init(&t);
    struct error err;
    double one[] = {-0.25};
    /* K = 0 is rejected */
    assert_false(overview_top(one, 1, 0, &t, &err));
    assert_non_null(strstr(err.msg, "at least 1"));
    /* n = 1, K > n */
    assert_true(overview_top(one, 1, 10, &t, &err));
    assert_int_equal(t.count, 1);
    assert_int_equal(t.idx[0], 0);
    assert_true(t.val[0] == -0.25);
    /* n = 0 gives nothing */
    assert_true(overview_top(one, 0, 3, &t, &err));
    assert_int_equal(t.count, 0);
    /* infinities first (in index order), then the largest magnitude of
     * either sign, ties by index */
    double v[] = {0.1, -0.5, INFINITY, 0.5, INFINITY, 0, NAN, -0.1};
    assert_true(overview_top(v, 8, 8, &t, &err));
    size_t want[] = {2, 4, 1, 3, 0, 7, 5, 6};
    for (size_t r = 0; r < 8; r++)
        assert_int_equal(t.idx[r], want[r]);
    assert_true(overview_top(v, 8, 3, &t, &err));
    assert_int_equal(t.count, 3);
    assert_int_equal(t.idx[2], 1);
    overview_top_free(&t);
}

static void test_top_kl_and_either(void **state)
{
    (void)state;
    size_t n = 3000;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    double *f = malloc(n * sizeof *f), *r = malloc(n * sizeof *r);
    double *e = malloc(n * sizeof *e);
    assert_true(p && q && f && r && e);
    double sp = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = i % 97 == 1 ? 0 : urand();
        q[i] = i % 89 == 2 ? 0 : urand() * urand();
        sp += p[i];
        sq += q[i];
    }
    for (size_t i = 0; i < n; i++) {
        p[i] /= sp;
        q[i] /= sq;
        f[i] = divergence_term(p[i], q[i]);
        r[i] = divergence_term(q[i], p[i]);
        e[i] = fmax(fabs(f[i]), fabs(r[i]));
    }
    struct overview_top tf, tr, te;
    overview_top_init(&tf);
    overview_top_init(&tr);
    overview_top_init(&te);
    struct error err;
    assert_true(overview_top_kl(p, q, n, 50, &tf, &tr, &err));
    size_t *of = bf_order(f, n), *orv = bf_order(r, n);
    assert_int_equal(tf.count, 50);
    for (size_t k = 0; k < 50; k++) {
        /* the fast terms agree to 1e-14; no two random terms are that
         * close, so the order is the same */
        assert_int_equal(tf.idx[k], of[k]);
        assert_int_equal(tr.idx[k], orv[k]);
        assert_close(tf.val[k], f[of[k]], 1e-13, 0);
        assert_close(tr.val[k], r[orv[k]], 1e-13, 0);
    }
    /* the first entries of the forward list are the infinite ones */
    assert_true(isinf(tf.val[0]) && tf.idx[0] == 2);
    assert_false(overview_top_kl(p, q, n, 0, &tf, NULL, &err));
    assert_true(overview_top_kl(p, q, n, 5, NULL, &tr, &err));
    assert_int_equal(tr.idx[0], orv[0]);

    /* the fast terms again: the same order as the reference terms' */
    assert_true(overview_top_either_kl(p, q, n, 40, &te, &err));
    size_t *oe = bf_order(e, n);
    for (size_t k = 0; k < 40; k++)
        assert_int_equal(te.idx[k], oe[k]);
    free(of);
    free(orv);
    free(oe);
    overview_top_free(&tf);
    overview_top_free(&tr);
    overview_top_free(&te);
    free(p);
    free(q);
    free(f);
    free(r);
    free(e);
}

static void test_bin_math(void **state)
{
    (void)state;
    static const size_t ns[] = {1, 2, 7, 10, 100, 1001, 65537};
    static const size_t bs[] = {1, 2, 3, 7, 10, 24, 100, 1000, 100000};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
        for (size_t c = 0; c < sizeof bs / sizeof bs[0]; c++) {
            size_t n = ns[a], nb = overview_bin_count(n, bs[c]);
            assert_true(nb == (bs[c] < n ? bs[c] : n));
            size_t next = 0, smallest = n, largest = 0;
            for (size_t b = 0; b < nb; b++) {
                size_t first = overview_bin_first(n, nb, b);
                size_t size = overview_bin_size(n, nb, b);
                assert_int_equal(first, next);
                assert_true(size >= 1);
                smallest = size < smallest ? size : smallest;
                largest = size > largest ? size : largest;
                for (size_t i = first; i < first + size; i++)
                    if (overview_bin_of(n, nb, i) != b)
                        fail_msg("n=%zu nb=%zu entry %zu: bin %zu, not %zu",
                                 n, nb, i, overview_bin_of(n, nb, i), b);
                next = first + size;
            }
            assert_int_equal(next, n);
            assert_true(largest - smallest <= 1);
        }
    }
    assert_int_equal(overview_bin_count(0, 10), 0);
    assert_int_equal(overview_bin_count(10, 0), 0);
}

static void test_bins_brute_force(void **state)
{
    (void)state;
    size_t n = 10007;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    double *f = malloc(n * sizeof *f), *r = malloc(n * sizeof *r);
    assert_true(p && q && f && r);
    double sp = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = i == 5000 ? 0 : urand();
        q[i] = i == 77 ? 0 : urand();
        sp += p[i];
        sq += q[i];
    }
    for (size_t i = 0; i < n; i++) {
        p[i] /= sp;
        q[i] /= sq;
        f[i] = divergence_term(p[i], q[i]);
        r[i] = divergence_term(q[i], p[i]);
    }
    static const size_t bs[] = {1, 3, 40, 10007, 20000};
    struct overview_bin *out = malloc(n * sizeof *out);
    assert_non_null(out);
    for (size_t c = 0; c < sizeof bs / sizeof bs[0]; c++) {
        for (int given = 0; given < 2; given++) {
            size_t nb = overview_bins(p, q, given ? f : NULL,
                                      given ? r : NULL, n, bs[c], out);
            assert_int_equal(nb, bs[c] < n ? bs[c] : n);
            double tp = 0, tq = 0;
            for (size_t b = 0; b < nb; b++) {
                long double bp = 0, bq = 0, bf = 0, br = 0;
                bool fi = false, ri = false;
                for (size_t i = out[b].first;
                     i < out[b].first + out[b].count; i++) {
                    bp += p[i];
                    bq += q[i];
                    if (isinf(f[i]))
                        fi = true;
                    else
                        bf += f[i];
                    if (isinf(r[i]))
                        ri = true;
                    else
                        br += r[i];
                }
                assert_close(out[b].p, (double)bp, 1e-14, 0);
                assert_close(out[b].q, (double)bq, 1e-14, 0);
                assert_true(out[b].fwd_inf == fi && out[b].rev_inf == ri);
                if (fi)
                    assert_true(isinf(out[b].fwd));
                else
                    assert_close(out[b].fwd, (double)bf, 1e-12, 1e-17);
                if (ri)
                    assert_true(isinf(out[b].rev));
                else
                    assert_close(out[b].rev, (double)br, 1e-12, 1e-17);
                tp += out[b].p;
                tq += out[b].q;
            }
            assert_close(tp, 1.0, 1e-12, 0);
            assert_close(tq, 1.0, 1e-12, 0);
        }
    }
    /* one entry, one bin */
    double one = 1.0;
    assert_int_equal(overview_bins(&one, &one, NULL, NULL, 1, 5, out), 1);
    assert_true(out[0].p == 1 && out[0].q == 1 && out[0].fwd == 0 &&
                out[0].count == 1 && !out[0].fwd_inf);
    free(out);
    free(p);
    free(q);
    free(f);
    free(r);
}

static void test_find(void **state)
{
    (void)state;
    struct table t;
    table_init(&t);
    double v[] = {1, 1, 1, 1, 1, 1};
    struct error err;
    assert_true(table_from_values(&t, v, v, 6, &err));
    const char *names[] = {"tok10", "tok1", "a", "xtok1y", "b", "tok100"};
    for (size_t i = 0; i < 6; i++)
        table_set_label(&t, i, names[i]);
    t.auto_labels = false;
    size_t idx[10];
    /* the exact match first, then the others in order */
    assert_int_equal(overview_find(&t, "tok1", idx, 10), 4);
    size_t want[] = {1, 0, 3, 5};
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(idx[k], want[k]);
    /* only 2 kept: the exact one still comes first */
    assert_int_equal(overview_find(&t, "tok1", idx, 2), 4);
    assert_int_equal(idx[0], 1);
    assert_int_equal(idx[1], 0);
    /* the exact match beyond what is kept */
    assert_int_equal(overview_find(&t, "tok100", idx, 1), 1);
    assert_int_equal(idx[0], 5);
    assert_int_equal(overview_find(&t, "0", idx, 1), 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(overview_find(&t, "TOK", idx, 10), 0);
    assert_int_equal(overview_find(&t, "", idx, 10), 0);
    assert_int_equal(overview_find(&t, "tok", idx, 0), 4);

    size_t at;
    assert_true(overview_find_next(&t, "tok1", 1, false, &at));
    assert_int_equal(at, 3);
    assert_true(overview_find_next(&t, "tok1", 5, false, &at));
    assert_int_equal(at, 0);      /* wraps around */
    assert_true(overview_find_next(&t, "tok1", 0, true, &at));
    assert_int_equal(at, 5);      /* backwards, wrapping */
    assert_true(overview_find_next(&t, "a", 2, false, &at));
    assert_int_equal(at, 2);      /* the only match is `from` itself */
    assert_false(overview_find_next(&t, "zz", 0, false, &at));
    table_free(&t);
}

/* From HALVES_THREAD_MIN entries the bins are shared between two
 * threads: the same bins, bit for bit, as one thread. */
static void test_bins_threads(void **state)
{
    (void)state;
    size_t n = HALVES_THREAD_MIN * 2 + 33;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    assert_non_null(p);
    assert_non_null(q);
    for (size_t i = 0; i < n; i++) {
        p[i] = i == 9 ? 0 : 1.0 / (double)n * (1 + 0.5 * sin((double)i));
        q[i] = i == 70000 ? 0 : 1.0 / (double)n * (1 + 0.5 * cos((double)i));
    }
    struct overview_bin one[41], two[41];
    memset(one, 0x5A, sizeof one);
    memset(two, 0xA5, sizeof two);
    halves_set_threads(1);
    size_t n1 = overview_bins(p, q, NULL, NULL, n, 41, one);
    halves_set_threads(2);
    size_t n2 = overview_bins(p, q, NULL, NULL, n, 41, two);
    halves_set_threads(0);
    assert_int_equal(n1, 41);
    assert_int_equal(n2, 41);
    for (size_t b = 0; b < 41; b++) {
        assert_int_equal(one[b].first, two[b].first);
        assert_int_equal(one[b].count, two[b].count);
        assert_memory_equal(&one[b].p, &two[b].p, sizeof one[b].p);
        assert_memory_equal(&one[b].q, &two[b].q, sizeof one[b].q);
        assert_memory_equal(&one[b].fwd, &two[b].fwd, sizeof one[b].fwd);
        assert_memory_equal(&one[b].rev, &two[b].rev, sizeof one[b].rev);
        assert_int_equal(one[b].fwd_inf, two[b].fwd_inf);
        assert_int_equal(one[b].rev_inf, two[b].rev_inf);
    }
    free(p);
    free(q);
}

/* The report's --top rows: terms made a block at a time give exactly the
 * list the whole per-term arrays give (past the threaded size, with zeros
 * making infinite and zero terms, and ties). */
static void test_top_either_kl_blocks(void **state)
{
    (void)state;
    struct test_rng rng = {2024};
    size_t n = 300001;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    double *f = malloc(n * sizeof *f), *r = malloc(n * sizeof *r);
    assert_non_null(p);
    assert_non_null(q);
    assert_non_null(f);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        p[i] = rng_below(&rng, 50) == 0 ? 0 : rng_uniform(&rng) / (double)n;
        q[i] = rng_below(&rng, 50) == 0 ? 0 : rng_uniform(&rng) / (double)n;
        if (rng_below(&rng, 20) == 0)
            q[i] = p[i];   /* zero terms: ties */
    }
    divergence_terms(p, q, n, f, r);
    /* the reference: the whole arrays' larger |term| per entry, ranked */
    double *key = malloc(n * sizeof *key);
    assert_non_null(key);
    for (size_t i = 0; i < n; i++)
        key[i] = fmax(fabs(f[i]), fabs(r[i]));
    size_t ks[] = {1, 7, 1000, n};
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        struct overview_top a, b;
        struct error err;
        overview_top_init(&a);
        overview_top_init(&b);
        assert_true(overview_top(key, n, ks[c], &a, &err));
        assert_true(overview_top_either_kl(p, q, n, ks[c], &b, &err));
        assert_int_equal(a.count, b.count);
        assert_memory_equal(a.idx, b.idx, a.count * sizeof *a.idx);
        assert_memory_equal(a.val, b.val, a.count * sizeof *a.val);
        overview_top_free(&a);
        overview_top_free(&b);
    }
    struct overview_top t;
    struct error err;
    overview_top_init(&t);
    assert_false(overview_top_either_kl(p, q, n, 0, &t, &err));
    overview_top_free(&t);
    free(p);
    free(q);
    free(f);
    free(r);
    free(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_random),
        cmocka_unit_test(test_top_edges),
        cmocka_unit_test(test_top_kl_and_either),
        cmocka_unit_test(test_top_either_kl_blocks),
        cmocka_unit_test(test_bin_math),
        cmocka_unit_test(test_bins_brute_force),
        cmocka_unit_test(test_bins_threads),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
