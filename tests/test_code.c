/* Unit tests for core/code: Huffman optimality against brute force, the
 * prefix property, and the identity E_P[-log2 q] = H(P) + KL(P||Q). */
#include "test_util.h"

#include "core/code.h"
#include "core/divergence.h"

/* The least expected length sum p_i l_i over whole lengths 1..n-1 that
 * satisfy Kraft's inequality (exactly the prefix codes' lengths). */
static double best_lengths(const double *p, int n, int i, unsigned *len)
{
    if (i == n) {
        double kraft = 0, e = 0;
        for (int k = 0; k < n; k++) {
            kraft += ldexp(1, -(int)len[k]);
            e += p[k] * len[k];
        }
        return kraft <= 1 ? e : INFINITY;
    }
    double best = INFINITY;
    for (unsigned l = 1; l < (unsigned)n; l++) {
        len[i] = l;
        best = fmin(best, best_lengths(p, n, i + 1, len));
    }
    return best;
}

static void check_prefix_free(const struct code_book *b)
{
    for (size_t i = 0; i < b->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            if (i == j || !b->len[i] || !b->len[j] || b->len[i] > b->len[j])
                continue;
            uint64_t head = b->word[j] >> (b->len[j] - b->len[i]);
            if (head == b->word[i])
                fail_msg("word %zu is a prefix of word %zu", i, j);
        }
}

static void test_huffman_optimal(void **state)
{
    (void)state;
    uint64_t x = 12345;
    for (int trial = 0; trial < 300; trial++) {
        int n = 2 + trial % 5;          /* 2..6 entries */
        double p[6], sum = 0;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            p[i] = (double)(x >> 11) * 0x1p-53 + (trial % 3 == 0 ? 0 : 0.01);
            sum += p[i];
        }
        for (int i = 0; i < n; i++)
            p[i] /= sum;
        struct code_book b;
        code_huffman(p, (size_t)n, &b);
        unsigned len[6];
        double best = best_lengths(p, n, 0, len);
        assert_close(code_expected(&b, p), best, 1e-12, 0);
        check_prefix_free(&b);
        /* within [H, H + 1) */
        double h = code_entropy_bits(p, (size_t)n);
        assert_true(code_expected(&b, p) >= h - 1e-12);
        assert_true(code_expected(&b, p) < h + 1);
        code_book_free(&b);
    }
}

static void test_huffman_edges(void **state)
{
    (void)state;
    struct code_book b;
    const double one[3] = {0, 1, 0};
    code_huffman(one, 3, &b);
    assert_int_equal(b.len[0], 0);
    assert_int_equal(b.len[1], 1);
    char w[80];
    code_word_text(&b, 0, w, sizeof w);
    assert_string_equal(w, "-");
    code_word_text(&b, 1, w, sizeof w);
    assert_string_equal(w, "0");
    const double p[2] = {0.5, 0.5};
    assert_true(isinf(code_expected(&b, p)));
    code_book_free(&b);
    /* the seed example: lengths 3 3 2 1, canonical words */
    const double seed[4] = {0.1, 0.2, 0.3, 0.4};
    code_huffman(seed, 4, &b);
    assert_close(code_expected(&b, seed), 1.9, 1e-15, 0);
    code_word_text(&b, 3, w, sizeof w);
    assert_string_equal(w, "0");
    code_word_text(&b, 0, w, sizeof w);
    assert_string_equal(w, "110");
    code_book_free(&b);
    /* Fibonacci weights make words longer than 64 bits */
    double fib[80];
    fib[0] = fib[1] = 1;
    for (int i = 2; i < 80; i++)
        fib[i] = fib[i - 1] + fib[i - 2];
    code_huffman(fib, 80, &b);
    assert_true(b.len[0] > 64);
    code_word_text(&b, 0, w, sizeof w);
    char want[40];
    snprintf(want, sizeof want, "(%u bits)", b.len[0]);
    assert_string_equal(w, want);
    assert_true(isfinite(code_expected(&b, fib)));
    code_book_free(&b);
}

/* E_P[-log2 q] = H(P) + KL(P||Q), the KL from the divergence module. */
static void test_identity(void **state)
{
    (void)state;
    const double p[4] = {0.1, 0.2, 0.3, 0.4}, q[4] = {0.2, 0.3, 0.3, 0.2};
    struct divergence d;
    divergence_compute(p, q, 4, &d);
    double kl_pq = d.pq.total / log(2), kl_qp = d.qp.total / log(2);
    assert_close(code_cross_bits(p, q, 4),
                 code_entropy_bits(p, 4) + kl_pq, 1e-12, 0);
    assert_close(code_cross_bits(q, p, 4),
                 code_entropy_bits(q, 4) + kl_qp, 1e-12, 0);
    /* REFERENCE-VALUES.md: H(P) 1.8464393446710154934 bits, KL(P||Q)
     * 0.18300749985576876371 bits */
    assert_close(code_entropy_bits(p, 4), 1.8464393446710154934, 1e-12, 0);
    assert_close(code_cross_bits(p, q, 4),
                 1.8464393446710154934 + 0.18300749985576876371, 1e-12, 0);
    const double z[4] = {0.5, 0.5, 0, 0};
    assert_true(isinf(code_cross_bits(p, z, 4)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_huffman_optimal),
        cmocka_unit_test(test_huffman_edges),
        cmocka_unit_test(test_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
