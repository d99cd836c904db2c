/* Unit tests for core/command_family: `p FAMILY`, `family`, `param`, the
 * support rule, the memory of families across edits and undo, -p/-q. */
#include "test_util.h"

#include <unistd.h>

#include <stdlib.h>

#include <stdio.h>

#include "core/command.h"
#include "core/command_family.h"
#include "core/session.h"

struct fixture {
    struct session s;
    struct command c;
    struct buf out;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    command_init(&f->c, &f->s);
    buf_init(&f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    command_free(&f->c);
    session_free(&f->s);
    buf_free(&f->out);
    free(f);
    return 0;
}

static void ok(struct fixture *f, const char *line)
{
    buf_reset(&f->out);
    if (command_run(&f->c, line, &f->out, &f->err) != CMD_OK)
        fail_msg("`%s` failed: %s", line, f->err.msg);
}

static void out_has(struct fixture *f, const char *text)
{
    if (!strstr(f->out.s, text))
        fail_msg("output lacks \"%s\":\n%s", text, f->out.s);
}

/* A failing line changes neither the table nor the families. */
static void fails(struct fixture *f, const char *line, const char *msg)
{
    struct table before;
    table_init(&before);
    table_copy(&before, &f->s.table);
    const struct family *fp = command_family_of(&f->c, WHICH_P);
    struct family *had = fp ? family_copy(fp) : NULL;
    buf_reset(&f->out);
    f->err.msg[0] = '\0';
    assert_int_equal(command_run(&f->c, line, &f->out, &f->err), CMD_ERROR);
    if (!strstr(f->err.msg, msg))
        fail_msg("`%s`: got \"%s\", want \"%s\"", line, f->err.msg, msg);
    assert_int_equal(before.n, f->s.table.n);
    for (size_t i = 0; i < before.n; i++) {
        assert_same_double(before.p[i], f->s.table.p[i]);
        assert_same_double(before.q[i], f->s.table.q[i]);
        assert_string_equal(before.labels[i], f->s.table.labels[i]);
    }
    assert_true(family_equal(had, command_family_of(&f->c, WHICH_P)));
    family_free(had);
    table_free(&before);
}

static void test_binomials(void **state)
{
    struct fixture *f = *state;
    ok(f, "p binom 10 0.3");
    assert_int_equal(f->s.table.n, 11);
    assert_string_equal(f->s.table.labels[0], "0");
    assert_string_equal(f->s.table.labels[10], "10");
    out_has(f, "Q was reset to uniform");
    ok(f, "q binom 10 0.5");
    assert_close(f->s.div.pq.total, 0.82282878505051846392, 1e-12, 0);
    assert_close(f->s.div.qp.total, 0.8717669357238887635, 1e-12, 0);
    out_has(f, "closed form");
    out_has(f, "KL(P||Q) = 0.822828785 nats");
    ok(f, "family");
    out_has(f, "P = binom 10 0.3");
    out_has(f, "Q = binom 10 0.5");
    /* param, both spellings */
    ok(f, "param q theta 0.3");
    assert_close(f->s.div.pq.total, 0, 0, 1e-15);
    ok(f, "param q.theta 0.5");
    assert_close(f->s.div.pq.total, 0.82282878505051846392, 1e-12, 0);
}

static void test_memory_follows_edits_and_undo(void **state)
{
    struct fixture *f = *state;
    ok(f, "p binom 4 0.5");
    assert_non_null(command_family_of(&f->c, WHICH_P));
    ok(f, "set p 1 0.2");
    assert_null(command_family_of(&f->c, WHICH_P));
    ok(f, "family");
    out_has(f, "P: no family");
    fails(f, "param p theta 0.4", "P has no family to move");
    ok(f, "undo");
    assert_non_null(command_family_of(&f->c, WHICH_P));
    ok(f, "param p theta 0.4");
    ok(f, "undo");
    ok(f, "family");
    out_has(f, "P = binom 4 0.5");
    ok(f, "redo");
    ok(f, "family");
    out_has(f, "P = binom 4 0.4");
}

/* The support rule: the other side follows its family onto the union, or
 * keeps its values at the same length, or becomes uniform. */
static void test_support_rule(void **state)
{
    struct fixture *f = *state;
    ok(f, "p binom 3 0.5");          /* 4 entries, as the example had */
    out_has(f, "Q kept its values");
    assert_close(f->s.table.q[0], 0.2, 1e-15, 0);
    ok(f, "q poisson 3");            /* 0..K: P (a family) goes along */
    out_has(f, "P = binom 3 0.5 was evaluated on it");
    assert_true(f->s.table.n > 4);
    assert_close(f->s.table.p[4], 0, 0, 0);
    assert_true(isinf(f->s.div.qp.total));
    ok(f, "q poisson 5");
    ok(f, "p poisson 3");
    out_has(f, "truncation changes the sum by");
    assert_close(f->s.div.pq.total, 0.4675231287020277, 1e-9, 0);
    /* normal without a grid uses the numeric labels: same support */
    ok(f, "p normal 0 1 -5:5:0.5");
    ok(f, "q normal 1 2");
    out_has(f, "discretization gap");
    out_has(f, "0.443147181");
}

/* A large support is generated in linear time (a pairwise check of the
 * labels took minutes at 10^5), and grid points closer than 12 digits
 * keep labels of their own. */
static void test_large_and_fine_supports(void **state)
{
    struct fixture *f = *state;
    ok(f, "p normal 0 1 1000000:1000000.00001:1e-9");
    assert_int_equal(f->s.table.n, 10001);
    for (size_t i = 1; i < f->s.table.n; i++)
        if (strcmp(f->s.table.labels[i - 1], f->s.table.labels[i]) == 0)
            fail_msg("labels %zu and %zu are both '%s'", i, i + 1,
                     f->s.table.labels[i]);
    ok(f, "family");
    out_has(f, "P = normal 0 1 1000000:1000000.00001:1e-09");
    ok(f, "p uniform 300000");
    assert_int_equal(f->s.table.n, 300000);
    assert_string_equal(f->s.table.labels[299999], "300000");
}

static void test_bad_families_change_nothing(void **state)
{
    struct fixture *f = *state;
    ok(f, "p binom 10 0.3");
    fails(f, "p binom -1 0.3", "column 9: binom's n must be");
    fails(f, "q binom 10 1.5", "binom's theta must be a probability");
    fails(f, "p poisson 0", "poisson's lambda must be a rate above 0");
    fails(f, "p normal 0 0", "normal's sigma must be");
    fails(f, "p zipf 0 5", "zipf's s must be an exponent above 0");
    fails(f, "p mix 0.5 (normal -2 1 (normal 2 1)", "has no ')'");
    fails(f, "p mix 0.5 (normal -2 1) normal 2 1)", "without its '('");
    fails(f, "param p lambda 3", "binom has no parameter 'lambda'");
    fails(f, "param p theta 2", "must be a probability");
    fails(f, "param x theta 0.1", "'x' is not p or q");
    fails(f, "param p theta", "param p theta 0.4");
}

static void test_start_from_options(void **state)
{
    struct fixture *f = *state;
    assert_true(command_family_wanted("binom 10 0.3", NULL));
    assert_true(command_family_wanted("0.5 0.5", " poisson 2"));
    assert_false(command_family_wanted("0.5 0.5", NULL));
    assert_false(command_family_wanted(NULL, NULL));
    assert_true(command_family_start(&f->c, "binom 10 0.3", "binom 10 0.5",
                                     &f->err));
    assert_close(f->s.div.pq.total, 0.82282878505051846392, 1e-12, 0);
    assert_int_equal(f->s.undo.n, 0);
    assert_false(command_family_start(&f->c, "binom -1 0.3", NULL,
                                      &f->err));
    assert_non_null(strstr(f->err.msg, "-p: column 7"));
    /* a value list beside a family */
    assert_true(command_family_start(&f->c, "1 1", "binom 1 0.25", &f->err));
    assert_close(f->s.table.p[0], 0.5, 0, 0);
    assert_close(f->s.table.q[1], 0.25, 1e-15, 0);
}

static void test_sample(void **state)
{
    struct fixture *f = *state;
    ok(f, "sample 1000");
    out_has(f, "1000 draws from P, seed 1");
    out_has(f, "running mean of log(p/q)");
    out_has(f, "plug-in estimate KL(P^||Q)");
    out_has(f, "(k-1)/(2N) = 0.001500 nats");
    char first[4096];
    snprintf(first, sizeof first, "%s", f->out.s);
    ok(f, "sample 1000 1");
    assert_string_equal(first, f->out.s);
    ok(f, "sample 1e3 5 json");
    out_has(f, "{\"draws\":1000,\"seed\":5,");
    out_has(f, "\"counts\":[");
    ok(f, "q 1 1 1 0");
    ok(f, "sample 100");
    out_has(f, "hit entries where q = 0");
    fails(f, "sample 0", "give a whole number of at least 1");
    fails(f, "sample 1e12", "more than one run allows (100000000");
    fails(f, "sample 2.5", "whole number");
    fails(f, "sample 10 x", "seed 'x' is not a whole number");
    fails(f, "sample 10 1 2", "usage: sample N [SEED] [json]");
}

static void test_code(void **state)
{
    struct fixture *f = *state;
    ok(f, "base nats");
    ok(f, "code");
    out_has(f, "in bits whatever the base");
    /* H(P) + KL(P||Q) in bits, REFERENCE-VALUES.md */
    out_has(f, "E_P[-log2 q] = 2.029446845 = H(P) + KL(P||Q) = "
               "1.846439345 + 0.183007500");
    out_has(f, "E_Q[-log2 p] = 2.146439345");
    out_has(f, "Huffman code for P: 1.900000 bits (0.053561 above H(P))");
    out_has(f, "d             0.400000  0.200000    2.3219  11");
    ok(f, "p 1 0 0 0");
    ok(f, "code");
    out_has(f, "Huffman code for P: unusable");
    ok(f, "p uniform 30");
    ok(f, "code");
    out_has(f, "(the first 20 of 30 entries)");
}

/* Forward and reverse fits of a normal Q to a bimodal P have their minima
 * in different places: the sweep shows it and changes nothing. */
static void test_sweep(void **state)
{
    struct fixture *f = *state;
    ok(f, "p mix 0.5 (normal -2 0.5 -6:6:0.25) (normal 2 0.5 -6:6:0.25)");
    ok(f, "q normal 0 1");
    struct table before;
    table_init(&before);
    table_copy(&before, &f->s.table);
    ok(f, "sweep q.sigma 0.3 4 75");
    out_has(f, "min KL(P||Q) = ");
    out_has(f, "min KL(Q||P) = ");
    out_has(f, "M, m: their minima");
    for (size_t i = 0; i < before.n; i++)
        assert_same_double(before.q[i], f->s.table.q[i]);
    table_free(&before);
    ok(f, "sweep q.sigma 0.3 4 75 json");
    /* forward (mass-covering) wants a wide Q, reverse a narrower one */
    const char *ma = strstr(f->out.s, "\"min_a\":{\"x\":");
    const char *mb = strstr(f->out.s, "\"min_b\":{\"x\":");
    assert_non_null(ma);
    assert_non_null(mb);
    double xa = strtod(ma + 13, NULL), xb = strtod(mb + 13, NULL);
    assert_true(xa > 1.8 && xb < xa);
    ok(f, "sweep mix 0 1 11");
    out_has(f, "min KL(P||Q) = 0 nats at mix = 1");
    ok(f, "sweep alpha 0.1 10 5");
    out_has(f, "(log scale)");
    out_has(f, "D_alpha(P||Q)");
    ok(f, "sweep smooth 1e-6 0.1 10");
    /* export: the chart to a file, the minima said; bad forms refused */
    char path[] = "/tmp/klx-sweep-XXXXXX";
    assert_non_null(mkdtemp(path));
    char svg[64], txt[64], md[64];
    snprintf(svg, sizeof svg, "%s/c.svg", path);
    snprintf(txt, sizeof txt, "%s/c.txt", path);
    snprintf(md, sizeof md, "%s/c.md", path);
    char line[128];
    snprintf(line, sizeof line, "sweep q.sigma 0.3 4 75 export %s", svg);
    ok(f, line);
    out_has(f, "min KL(Q||P) = ");
    out_has(f, "wrote the sweep chart to ");
    assert_null(strstr(f->out.s, "M, m: their minima"));
    FILE *fp = fopen(svg, "r");
    assert_non_null(fp);
    char head[64] = "";
    assert_non_null(fgets(head, sizeof head, fp));
    fclose(fp);
    assert_non_null(strstr(head, "<?xml"));
    snprintf(line, sizeof line, "sweep q.sigma 0.3 4 export %s", txt);
    ok(f, line);
    fp = fopen(txt, "r");
    assert_non_null(fp);
    assert_non_null(fgets(head, sizeof head, fp));
    fclose(fp);
    assert_string_equal(head, "KL(P||Q) and KL(Q||P) (nats) over q.sigma\n");
    snprintf(line, sizeof line, "sweep q.sigma 0.3 4 export %s", md);
    fails(f, line, "exports as .svg or .txt");
    assert_null(fopen(md, "r"));
    snprintf(line, sizeof line, "sweep q.sigma 0.3 4 json export %s", md);
    fails(f, line, "json or export, not both");
    snprintf(line, sizeof line, "sweep q.foo 0 1 export %s", md);
    fails(f, line, "exports as .svg or .txt");
    remove(svg);
    remove(txt);
    assert_int_equal(rmdir(path), 0);
    fails(f, "sweep q.foo 0 1", "normal has no parameter 'foo'");
    fails(f, "sweep bogus 0 1", "no parameter 'bogus' to sweep");
    fails(f, "sweep q.sigma 0.3 4 75 9",
          "usage: sweep PARAM FROM TO [STEPS] [json]");
    fails(f, "sweep q.sigma 1 0.5", "FROM must be below TO");
    fails(f, "sweep q.sigma 0 1", "normal's sigma must be");
    fails(f, "sweep q.sigma 0.5 1 1", "STEPS is the number of points");
    fails(f, "sweep mix 0 2", "from 0 to 1");
    fails(f, "sweep smooth 0 1", "EPS above 0");
    fails(f, "sweep mix -0.1 0.5", "from 0 to 1");
    fails(f, "sweep alpha 0 1", "order must be above 0");
    ok(f, "p 1 2 3");
    fails(f, "sweep p.theta 0.1 0.9", "P has no family to sweep");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_binomials),
        T(test_memory_follows_edits_and_undo),
        T(test_support_rule),
        T(test_large_and_fine_supports),
        T(test_bad_families_change_nothing),
        T(test_start_from_options),
        T(test_sample),
        T(test_code),
        T(test_sweep),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
