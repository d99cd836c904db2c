/* Unit tests for tui/panels.c: the measures panel's lines and the gradient
 * hint, on the seed example (P = .1 .2 .3 .4, Q = .2 .3 .3 .2). */
#include "../test_util.h"

#include "command.h"
#include "alpha.h"
#include "panels.h"
#include "session.h"

/* The session first, so that *state is the session too; the command
 * keeps what the explorer's would (the Renyi order, derived.h). */
struct fixture {
    struct session s;
    struct command c;
};

static int setup(void **state)
{
    struct fixture *f = malloc(sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    command_init(&f->c, &f->s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    command_free(&f->c);
    session_free(&f->s);
    free(f);
    return 0;
}

static struct command *cmd_of(struct session *s)
{
    return &((struct fixture *)(void *)s)->c;
}

static struct derived *der(struct session *s)
{
    return &cmd_of(s)->derived;
}

/* Runs command lines on s (as the TUI does) and fails on an error. */
static void run(struct session *s, const char *line)
{
    struct buf out;
    buf_init(&out);
    struct error err;
    assert_int_equal(command_run(cmd_of(s), line, &out, &err), CMD_OK);
    buf_free(&out);
}

static bool has(const char *text, const char *want)
{
    if (strstr(text, want))
        return true;
    print_error("missing \"%s\" in:\n%s\n", want, text);
    return false;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_measures_seed(void **state)
{
    struct session *s = *state;
    struct buf b;
    buf_init(&b);
    panels_measures(s, der(s), false, 8, &b);
    assert_int_equal(lines(b.s), 8);
    /* reference values computed independently (python, closed forms) */
    assert_true(has(b.s, "KL(P||Q) = 0.126851   KL(Q||P) = 0.121640 nats"));
    assert_true(has(b.s, "H(P) = 1.279854"));
    assert_true(has(b.s, "H(P,Q) = 1.406705 = H(P) + KL(P||Q) = 1.279854 + "
                         "0.126851 ok"));
    assert_true(has(b.s, "JS = 0.030519 <= log 2 = 0.693147 ok  distance "
                         "0.174696"));
    assert_true(has(b.s, "TV = 0.200000 <= sqrt(KL/2) = 0.251844 ok (P||Q), "
                         "0.246617 ok (Q||P)"));
    assert_true(has(b.s, "Hellinger 0.175462"));
    assert_true(has(b.s, "chi2(P||Q) = 0.283333   chi2(Q||P) = 0.250000"));
    assert_true(has(b.s, "Renyi alpha = 1/2: D(P||Q) = 0.062542   "
                         "D(Q||P) = 0.062542 nats"));
    /* every line fits 80 columns with the panel's one-cell margin */
    for (const char *p = b.s; *p;) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        assert_true(nl - p <= 78);
        p = nl + 1;
    }
    buf_free(&b);
}

static void test_measures_alpha_and_base(void **state)
{
    struct session *s = *state;
    struct buf b;
    buf_init(&b);
    run(s, "alpha 2");   /* log(1 + chi2) */
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "alpha = 2 = log(1+chi2): D(P||Q) = 0.249461   "
                         "D(Q||P) = 0.223144"));
    buf_reset(&b);
    run(s, "alpha inf");  /* log max p/q = log 2 both ways */
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "alpha = inf = log max p/q: D(P||Q) = 0.693147   "
                         "D(Q||P) = 0.693147"));
    buf_reset(&b);
    run(s, "alpha 1");
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "alpha = 1 = KL: D(P||Q) = 0.126851"));
    buf_reset(&b);
    run(s, "base 2");     /* log 2 is one bit */
    panels_measures(s, der(s), true, 8, &b);
    assert_true(has(b.s, "log 2 = 1.000000 \u2713"));
    assert_true(has(b.s, "bits"));
    buf_free(&b);
}

/* A large table: the Renyi line says "..." until the session keeps the
 * values (the explorer computes them right after the frame), then shows
 * them; any change drops them again. */
static void test_measures_renyi_later(void **state)
{
    struct session *s = *state;
    size_t n = PANELS_RENYI_LATER + 5;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    assert_non_null(p);
    assert_non_null(q);
    for (size_t i = 0; i < n; i++) {
        p[i] = 1.0 + (double)(i % 7);
        q[i] = 1.0 + (double)(i % 5);
    }
    struct error err;
    assert_true(session_set_both(s, NULL, p, q, n, NULL, &err));
    struct buf b;
    buf_init(&b);
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "D(P||Q) = ...   D(Q||P) = ... nats"));
    session_update_renyi(s, der(s));
    buf_reset(&b);
    panels_measures(s, der(s), false, 8, &b);
    assert_false(has(b.s, "= ..."));
    char want[64];
    snprintf(want, sizeof want, "D(P||Q) = %.6f",
             session_renyi(s, der(s), true));
    assert_true(has(b.s, want));
    run(s, "set p 1 0.001");
    buf_reset(&b);
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "D(P||Q) = ..."));
    buf_free(&b);
    free(p);
    free(q);
}

static void test_measures_short_panel(void **state)
{
    struct session *s = *state;
    struct buf b;
    buf_init(&b);
    panels_measures(s, der(s), false, 6, &b);
    assert_int_equal(lines(b.s), 6);
    assert_true(has(b.s, "KL(P||Q) = "));
    assert_true(has(b.s, "H(P,Q) = "));
    assert_true(has(b.s, "Renyi"));
    assert_null(strstr(b.s, "Hellinger"));
    assert_null(strstr(b.s, "entropies"));
    buf_free(&b);
}

static void test_measures_infinite(void **state)
{
    struct session *s = *state;
    struct buf b;
    buf_init(&b);
    run(s, "q 0.5 0.5 0 0");
    panels_measures(s, der(s), false, 8, &b);
    assert_true(has(b.s, "KL(P||Q) = inf"));
    /* the identity holds with both sides infinite; Pinsker too */
    assert_true(has(b.s, "H(P,Q) = inf = H(P) + KL(P||Q) = 1.279854 + inf "
                         "ok"));
    assert_true(has(b.s, "sqrt(KL/2) = inf ok (P||Q)"));
    buf_free(&b);
}

static void test_grad_seed(void **state)
{
    struct session *s = *state;
    double g[4];
    struct grad_hint h;
    char text[256];
    /* editing Q, KL(P||Q): dKL/dq_i = (1 - p_i/q_i) / (1 - q_i) */
    panels_grad(s, WHICH_Q, true, g, &h);
    assert_close(g[0], 0.5 / 0.8, 1e-12, 0);
    assert_close(g[1], (1 - 0.2 / 0.3) / 0.7, 1e-12, 0);
    assert_close(g[2], 0, 0, 1e-15);
    assert_close(g[3], -1.25, 1e-12, 0);
    assert_int_equal(h.best, 3);
    assert_int_equal(h.dir, 1);
    assert_false(h.infinite);
    panels_grad_text(s, WHICH_Q, true, &h, text, sizeof text);
    assert_string_equal(text, "KL(P||Q) falls fastest when q at d goes up: "
                              "select d, press Right");
    /* editing P, KL(P||Q): (log(p/q) - KL) / (1 - p); d goes down */
    panels_grad(s, WHICH_P, true, g, &h);
    assert_close(g[3], (log(2.0) - s->div.pq.total) / 0.6, 1e-12, 0);
    assert_int_equal(h.best, 3);
    assert_int_equal(h.dir, -1);
    /* the reverse direction, editing Q */
    panels_grad(s, WHICH_Q, false, g, &h);
    assert_true(h.best < 4);
    assert_true(h.dir == 1 || h.dir == -1);
}

static void test_grad_following_lowers_kl(void **state)
{
    struct session *s = *state;
    double g[4];
    struct grad_hint h;
    /* Follow the hint by steps of 0.01, as a student would with the
     * arrow keys: KL(P||Q) falls every time. */
    for (int k = 0; k < 28; k++) {
        double before = s->div.pq.total;
        panels_grad(s, WHICH_Q, true, g, &h);
        assert_true(h.best < 4);
        char line[64];
        double q = s->table.q[h.best] + 0.01 * h.dir;
        snprintf(line, sizeof line, "set q %zu %.17g", h.best + 1, q);
        run(s, line);
        assert_true(s->div.pq.total < before);
    }
    assert_true(s->div.pq.total < 1e-3);
}

static void test_grad_zero_and_infinite(void **state)
{
    struct session *s = *state;
    double g[4];
    struct grad_hint h;
    char text[256];
    run(s, "q 0.1 0.2 0.3 0.4");   /* P = Q */
    panels_grad(s, WHICH_Q, true, g, &h);
    assert_int_equal(h.best, 4);
    panels_grad_text(s, WHICH_Q, true, &h, text, sizeof text);
    assert_string_equal(text, "KL(P||Q) cannot fall by changing Q: it is "
                              "already 0");
    run(s, "q 0.5 0.5 0 0");       /* KL(P||Q) infinite at c and d */
    panels_grad(s, WHICH_Q, true, g, &h);
    assert_true(h.infinite);
    assert_int_equal(h.best, 2);
    assert_int_equal(h.dir, 1);
    assert_true(isnan(g[0]));
    panels_grad_text(s, WHICH_Q, true, &h, text, sizeof text);
    assert_string_equal(text, "KL(P||Q) is infinite: raise q at c to make "
                              "it finite");
    panels_grad(s, WHICH_P, true, g, &h);
    assert_int_equal(h.dir, -1);
    panels_grad_text(s, WHICH_P, true, &h, text, sizeof text);
    assert_string_equal(text, "KL(P||Q) is infinite: lower p at c to 0, or "
                              "Tab and raise q there");
    /* KL(Q||P) is finite here: the hint is a gradient again */
    panels_grad(s, WHICH_Q, false, g, &h);
    assert_false(h.infinite);
}

static void test_alpha_names(void **state)
{
    (void)state;
    char b[64];
    alpha_name(0.5, false, b, sizeof b);
    assert_string_equal(b, "1/2");
    alpha_name(1, false, b, sizeof b);
    assert_string_equal(b, "1 = KL");
    alpha_name(2, false, b, sizeof b);
    assert_string_equal(b, "2 = log(1+chi2)");
    alpha_name(INFINITY, false, b, sizeof b);
    assert_string_equal(b, "inf = log max p/q");
    alpha_name(3, false, b, sizeof b);
    assert_string_equal(b, "3");
    alpha_name(INFINITY, true, b, sizeof b);
    assert_string_equal(b, "\u221E = log max p/q");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_measures_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measures_alpha_and_base, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_measures_renyi_later, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_measures_short_panel, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_measures_infinite, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_grad_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grad_following_lowers_kl, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_grad_zero_and_infinite, setup,
                                        teardown),
        cmocka_unit_test(test_alpha_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
