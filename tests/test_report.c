/* Unit tests for core/report: the KL lines, lessons, terms, the text report
 * with bars, and JSON (parsed, not just grepped). */
#include "test_util.h"

#include "core/json.h"
#include "core/report.h"
#include "core/session.h"
#include "core/utf8.h"

#define S(lit) ((char[]){lit})

struct fixture {
    struct session s;
    struct buf out;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    buf_init(&f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    session_free(&f->s);
    buf_free(&f->out);
    free(f);
    return 0;
}

/* json_get that fails the test when the key is missing (never NULL). */
static const struct json *req(const struct json *obj, const char *key)
{
    static const struct json missing = {JSON_NULL, false, 0, NULL, 0, NULL,
                                        NULL};
    const struct json *v = json_get(obj, key);
    if (!v) {
        print_error("JSON key \"%s\" missing\n", key);
        _fail(__FILE__, __LINE__);
        return &missing;
    }
    return v;
}

static void set_both(struct fixture *f, const double *p, const double *q,
                     size_t n, char *const *labels)
{
    if (!session_set_both(&f->s, NULL, p, q, n, labels, &f->err))
        fail_msg("session_set_both: %s", f->err.msg);
    buf_reset(&f->out);
}

/* ---- the KL lines ---- */

static void test_kl_seed(void **state)
{
    struct fixture *f = *state;
    report_kl(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "KL(P||Q) = 0.126851 nats\n"
                        "KL(Q||P) = 0.121640 nats\n"
                        "asymmetry: KL(P||Q) - KL(Q||P) = 0.005212 nats "
                        "(KL(P||Q) is larger)\n");
    buf_reset(&f->out);
    session_set_base(&f->s, NULL, BASE_2);
    report_kl(&f->s, &f->out);
    assert_starts_with(f->out.s, "KL(P||Q) = 0.183007 bits\n"
                                 "KL(Q||P) = 0.175489 bits\n");
    buf_reset(&f->out);
    session_swap(&f->s, NULL);
    report_kl(&f->s, &f->out);
    assert_contains(f->out.s, "(KL(Q||P) is larger)\n");
    assert_contains(f->out.s, "KL(P||Q) - KL(Q||P) = -0.007519 bits");
}

static void test_kl_tiny_never_negative(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.5, 0.5}, q[] = {0.5 + 1e-9, 0.5 - 1e-9};
    set_both(f, p, q, 2, NULL);
    report_kl(&f->s, &f->out);
    assert_starts_with(f->out.s, "KL(P||Q) = 2.0e-18 nats\n"
                                 "KL(Q||P) = 2.0e-18 nats\n");
    buf_reset(&f->out);
    report_lessons(&f->s, &f->out);
    assert_contains(f->out.s, "= 2.0e-18 > 0\n");
    assert_not_contains(f->out.s, "= -");
    /* many nearly equal pairs: a total never prints as negative */
    struct test_rng r = {3};
    for (int iter = 0; iter < 500; iter++) {
        double a[6], b[6];
        for (size_t i = 0; i < 6; i++) {
            a[i] = rng_uniform(&r);
            b[i] = a[i] * (1 + 1e-12 * (rng_uniform(&r) - 0.5));
        }
        set_both(f, a, b, 6, NULL);
        report_kl(&f->s, &f->out);
        assert_starts_with(f->out.s, "KL(P||Q) = ");
        assert_not_contains(f->out.s, "\nKL(Q||P) = -");
        assert_true(f->out.s[11] != '-');
        assert_not_contains(f->out.s, " = 0.000000 ");
    }
}

static void test_kl_infinite(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.5, 0.5, 0}, q[] = {0.25, 0.25, 0.5};
    set_both(f, p, q, 3, NULL);
    report_kl(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "KL(P||Q) = 0.693147 nats\n"
                        "KL(Q||P) = inf nats  (infinite: p = 0 where q > 0 "
                        "at entry 3)\n"
                        "asymmetry: KL(Q||P) is infinite, KL(P||Q) is "
                        "finite: as asymmetric as KL gets\n");
    /* with labels, the entries are named */
    char *labels[] = {S("x"), S("y"), S("z")};
    set_both(f, q, p, 3, labels);
    report_kl(&f->s, &f->out);
    assert_contains(f->out.s, "KL(P||Q) = inf nats  (infinite: q = 0 where "
                              "p > 0 at entry 3 (z))\n");
    assert_contains(f->out.s, "KL(P||Q) is infinite, KL(Q||P) is finite");
    /* both infinite, many entries */
    const double a[] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    const double b[] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
    set_both(f, a, b, 14, NULL);
    report_kl(&f->s, &f->out);
    assert_contains(f->out.s, "at entries 1, 3, 5, 7, 9 and 2 more)\n");
    assert_contains(f->out.s, "asymmetry: both directions are infinite\n");
}

static void test_kl_equal(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.3, 0.7};
    set_both(f, p, p, 2, NULL);
    report_kl(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "KL(P||Q) = 0 nats\nKL(Q||P) = 0 nats\n"
                        "asymmetry: KL(P||Q) - KL(Q||P) = 0 nats (equal for "
                        "this pair)\n");
    buf_reset(&f->out);
    report_lessons(&f->s, &f->out);
    assert_contains(f->out.s, "  KL(P||Q): negative terms 0 + positive "
                              "terms 0 = 0 = 0\n");
    assert_contains(f->out.s, "  P = Q, so both totals are exactly 0.\n");
    /* symmetric but different pair: equal totals */
    const double a[] = {0.2, 0.8}, b[] = {0.8, 0.2};
    set_both(f, a, b, 2, NULL);
    report_kl(&f->s, &f->out);
    assert_contains(f->out.s, "(equal for this pair)");
}

static void test_lessons_seed(void **state)
{
    struct fixture *f = *state;
    report_lessons(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "never negative (Gibbs' inequality): single terms "
                        "can be negative, totals cannot\n"
                        "  KL(P||Q): negative terms -0.150408 + positive "
                        "terms 0.277259 = 0.126851 > 0\n"
                        "  KL(Q||P): negative terms -0.138629 + positive "
                        "terms 0.260269 = 0.121640 > 0\n"
                        "  Both are 0 only when P = Q; here P != Q.\n");
}

static void test_terms_table(void **state)
{
    struct fixture *f = *state;
    report_terms(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "entry           p           q    p*log(p/q)    "
                        "q*log(q/p)\n"
                        "a        0.100000    0.200000     -0.069315      "
                        "0.138629\n"
                        "b        0.200000    0.300000     -0.081093      "
                        "0.121640\n"
                        "c        0.300000    0.300000             0     "
                        "        0\n"
                        "d        0.400000    0.200000      0.277259     "
                        "-0.138629\n");
    /* wide and long labels keep the columns aligned (by display width) */
    char *labels[] = {S("\xE6\x97\xA5\xE6\x9C\xAC"), S("caf\xC3\xA9"),
                      S("a-very-long-label-that-goes-on-and-on"),
                      S("e\xCC\x81")};
    assert_true(session_set_labels(&f->s, NULL, labels, 4, &f->err));
    buf_reset(&f->out);
    report_terms(&f->s, &f->out);
    assert_contains(f->out.s, "a-very-long-label-that-~");
    int width = -1;
    char *copy = strdup(f->out.s);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        int w = utf8_width(line);
        if (width < 0)
            width = w;
        assert_int_equal(w, width);
    }
    free(copy);
}

/* ---- the full text report ---- */

static void check_lines(const char *text, int width, bool ascii_only)
{
    const char *l = text;
    while (*l) {
        const char *nl = strchr(l, '\n');
        assert_non_null(nl);   /* every line ends with a newline */
        char *line = strndup(l, (size_t)(nl - l));
        if (utf8_width(line) > width)
            fail_msg("line wider than %d: \"%s\"", width, line);
        size_t n = strlen(line);
        if (n && line[n - 1] == ' ')
            fail_msg("trailing space: \"%s\"", line);
        for (size_t i = 0; ascii_only && i < n; i++)
            if ((unsigned char)line[i] >= 0x80)
                fail_msg("non-ASCII byte in \"%s\"", line);
        free(line);
        l = nl + 1;
    }
}

static void test_text_report(void **state)
{
    struct fixture *f = *state;
    report_text(&f->s, 80, false, &f->out);
    assert_starts_with(f->out.s, "klx: 4 entries, log base e (nats)\n\n");
    assert_contains(f->out.s, "KL(P||Q) = 0.126851 nats\n");
    assert_contains(f->out.s, "KL(Q||P) = 0.121640 nats\n");
    assert_contains(f->out.s, "never negative");
    assert_contains(f->out.s, "#");
    assert_contains(f->out.s, "|");
    assert_contains(f->out.s, "-|");   /* a negative bar touches the axis */
    assert_contains(f->out.s, "|+");
    assert_not_contains(f->out.s, "note: the input was normalized");
    check_lines(f->out.s, 80, true);
    /* The table has a minimum row width (ROW_FIXED + label + bars, 67
     * columns) and the sentences below it need 80: from there up every
     * line fits. */
    for (int w = 40; w <= 200; w++) {
        for (int uni = 0; uni <= 1; uni++) {
            buf_reset(&f->out);
            report_text(&f->s, w, uni, &f->out);
            check_lines(f->out.s, w < 80 ? 1000 : w, !uni);
            if (w >= 80)
                continue;
            /* the table alone: up to the blank line after it */
            char *table = strdup(f->out.s);
            char *end = strstr(strstr(table, "\n\n") + 2, "\n\n");
            assert_non_null(end);
            end[1] = '\0';
            check_lines(table, w < 67 ? 1000 : w, !uni);
            free(table);
        }
    }
    buf_reset(&f->out);
    report_text(&f->s, 100, true, &f->out);
    assert_contains(f->out.s, "\xE2\x96\x88");   /* a full block */
    assert_contains(f->out.s, "\xE2\x94\x82");   /* the axis */
    assert_contains(f->out.s, "p\xC2\xB7log(p/q)");
}

static void test_text_report_normalized_and_inf(void **state)
{
    struct fixture *f = *state;
    const double p[] = {1, 1, 0}, q[] = {1, 1, 2};
    set_both(f, p, q, 3, NULL);
    report_text(&f->s, 80, false, &f->out);
    assert_contains(f->out.s, "note: the input was normalized to sum to 1 "
                              "(`normalize` shows how)\n");
    assert_contains(f->out.s, "inf");
    assert_contains(f->out.s, "+>");   /* an infinite bar is off the scale */
    check_lines(f->out.s, 80, true);
    buf_reset(&f->out);
    report_normalize(&f->s, &f->out);
    assert_string_equal(f->out.s,
                        "P: the input summed to 2; each value was divided "
                        "by that sum\n"
                        "Q: the input summed to 4; each value was divided "
                        "by that sum\n");
}

/* ---- JSON ---- */

static void test_json_seed(void **state)
{
    struct fixture *f = *state;
    report_json(&f->s, NULL, &f->out);
    assert_true(f->out.len > 0 && f->out.s[f->out.len - 1] == '\n');
    assert_null(strchr(f->out.s, '\n') + 1 == f->out.s + f->out.len
                    ? NULL : "more than one line");
    struct json j;
    if (!json_parse(f->out.s, &j))
        fail_msg("not valid JSON:\n%s", f->out.s);
    assert_int_equal(j.type, JSON_OBJ);
    const char *keys[] = {"n", "base", "normalized", "kl_pq", "kl_qp",
                          "entropy_p", "entropy_q", "cross_entropy_pq",
                          "cross_entropy_qp", "js", "tv", "terms"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!json_get(&j, keys[i]))
            fail_msg("key \"%s\" missing", keys[i]);
    assert_int_equal(req(&j, "n")->type, JSON_NUM);
    assert_same_double(req(&j, "n")->num, 4.0);
    assert_string_equal(req(&j, "base")->str, "e");
    assert_int_equal(req(&j, "normalized")->type, JSON_BOOL);
    assert_false(req(&j, "normalized")->b);
    /* 17 significant digits: the doubles come back bit for bit */
    struct divergence scratch;
    const struct divergence *d = session_measures(&f->s, NULL, &scratch);
    assert_same_double(json_double(json_get(&j, "kl_pq")), d->pq.total);
    assert_same_double(json_double(json_get(&j, "kl_qp")), d->qp.total);
    assert_same_double(json_double(json_get(&j, "entropy_p")), d->h_p);
    assert_same_double(json_double(json_get(&j, "entropy_q")), d->h_q);
    assert_same_double(json_double(json_get(&j, "cross_entropy_pq")),
                       d->h_pq);
    assert_same_double(json_double(json_get(&j, "cross_entropy_qp")),
                       d->h_qp);
    assert_same_double(json_double(json_get(&j, "js")), d->js);
    assert_same_double(json_double(json_get(&j, "tv")), d->tv);
    assert_close(json_double(json_get(&j, "kl_pq")), 0.12685113254635071643,
                 1e-14, 0);
    const struct json *terms = req(&j, "terms");
    assert_int_equal(terms->type, JSON_ARR);
    assert_int_equal(terms->n, 4);
    const double fwd[] = {-0.069314718055994530942, -0.081093021621632876396,
                          0, 0.27725887222397812377};
    for (size_t i = 0; i < 4; i++) {
        const struct json *t = &terms->items[i];
        assert_int_equal(t->type, JSON_OBJ);
        assert_string_equal(req(t, "label")->str,
                            f->s.table.labels[i]);
        assert_same_double(json_double(json_get(t, "p")), f->s.table.p[i]);
        assert_same_double(json_double(json_get(t, "q")), f->s.table.q[i]);
        assert_close(json_double(json_get(t, "kl_pq")), fwd[i], 1e-14, 0);
        assert_true(isfinite(json_double(json_get(t, "kl_qp"))));
    }
    json_free(&j);
}

static void test_json_base_inf_normalized(void **state)
{
    struct fixture *f = *state;
    const double p[] = {1, 1, 0}, q[] = {1, 1, 2};
    set_both(f, p, q, 3, NULL);
    session_set_base(&f->s, NULL, BASE_2);
    buf_reset(&f->out);
    report_json(&f->s, NULL, &f->out);
    struct json j;
    if (!json_parse(f->out.s, &j))
        fail_msg("not valid JSON:\n%s", f->out.s);
    assert_string_equal(req(&j, "base")->str, "2");
    assert_true(req(&j, "normalized")->b);
    assert_close(json_double(json_get(&j, "kl_pq")), 1.0, 1e-15, 0);
    /* infinite values are the string "inf" */
    const struct json *inf = req(&j, "kl_qp");
    assert_int_equal(inf->type, JSON_STR);
    assert_string_equal(inf->str, "inf");
    assert_int_equal(req(&j, "cross_entropy_qp")->type, JSON_STR);
    const struct json *t2 = &req(&j, "terms")->items[2];
    assert_same_double(json_double(json_get(t2, "kl_pq")), 0.0);
    assert_int_equal(req(t2, "kl_qp")->type, JSON_STR);
    assert_string_equal(req(t2, "kl_qp")->str, "inf");
    json_free(&j);
    assert_not_contains(f->out.s, "nan");
    assert_not_contains(f->out.s, ":inf");
    assert_not_contains(f->out.s, "-0,");

    session_set_base(&f->s, NULL, BASE_10);
    buf_reset(&f->out);
    report_json(&f->s, NULL, &f->out);
    assert_true(json_parse(f->out.s, &j));
    assert_string_equal(req(&j, "base")->str, "10");
    json_free(&j);
}

static void test_json_labels_escaped(void **state)
{
    struct fixture *f = *state;
    char *labels[] = {S("say \"hi\""), S("back\\slash"),
                      S("\xE6\x97\xA5\xE6\x9C\xAC"), S("/ok'")};
    assert_true(session_set_labels(&f->s, NULL, labels, 4, &f->err));
    report_json(&f->s, NULL, &f->out);
    assert_contains(f->out.s, "\"say \\\"hi\\\"\"");
    assert_contains(f->out.s, "\"back\\\\slash\"");
    assert_contains(f->out.s, "\"\xE6\x97\xA5\xE6\x9C\xAC\"");   /* kept */
    struct json j;
    if (!json_parse(f->out.s, &j))
        fail_msg("not valid JSON:\n%s", f->out.s);
    const struct json *terms = req(&j, "terms");
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(req(&terms->items[i], "label")->str,
                            labels[i]);
    json_free(&j);

    /* the escaper itself, with characters labels cannot hold */
    struct buf b;
    buf_init(&b);
    json_string(&b, "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj\x7fk\xC3\xA9");
    assert_string_equal(b.s, "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i"
                             "\\u001fj\\u007fk\xC3\xA9\"");
    assert_true(json_parse(b.s, &j));
    assert_string_equal(j.str, "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj\x7fk"
                               "\xC3\xA9");
    json_free(&j);
    buf_reset(&b);
    json_string(&b, "");
    assert_string_equal(b.s, "\"\"");
    buf_free(&b);
}

static void test_json_tiny_and_random(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.5, 0.5}, q[] = {0.5 + 1e-9, 0.5 - 1e-9};
    set_both(f, p, q, 2, NULL);
    report_json(&f->s, NULL, &f->out);
    struct json j;
    assert_true(json_parse(f->out.s, &j));
    double kl = json_double(json_get(&j, "kl_pq"));
    assert_true(kl > 0);
    assert_close(kl, 2e-18, 1e-6, 0);
    json_free(&j);
    /* random tables always give valid JSON whose numbers read back */
    struct test_rng r = {11};
    for (int iter = 0; iter < 300; iter++) {
        double a[8], b[8];
        size_t n = 1 + rng_below(&r, 8);
        for (size_t i = 0; i < n; i++) {
            a[i] = rng_below(&r, 4) ? rng_uniform(&r) : 0;
            b[i] = rng_below(&r, 4) ? rng_uniform(&r) : 0;
        }
        a[0] = b[n - 1] = 1;
        set_both(f, a, b, n, NULL);
        report_json(&f->s, NULL, &f->out);
        if (!json_parse(f->out.s, &j))
            fail_msg("not valid JSON:\n%s", f->out.s);
        double got = json_double(json_get(&j, "kl_pq"));
        assert_true(got == f->s.div.pq.total);
        json_free(&j);
    }
}

/* --top: the largest |term| in either direction, largest first. On the
 * seed the larger magnitudes are d 0.277259, a 0.138629, b 0.121640,
 * c 0. */
static void test_top_listing(void **state)
{
    struct fixture *f = *state;
    report_text_top(&f->s, 80, false, 2, &f->out);
    const char *o = f->out.s;
    assert_non_null(strstr(o, "showing the 2 entries with the largest "
                              "|term| in either direction"));
    const char *d = strstr(o, "\nd  "), *a = strstr(o, "\na  ");
    assert_true(d && a && d < a);
    assert_null(strstr(o, "\nb  "));
    assert_non_null(strstr(o, "... and 2 more entries (--top all"));
    assert_non_null(strstr(o, "KL(P||Q) = 0.126851 nats"));
    /* 0 and top >= n list everything in order, exactly as report_text */
    struct buf full;
    buf_init(&full);
    report_text(&f->s, 80, false, &full);
    buf_reset(&f->out);
    report_text_top(&f->s, 80, false, 0, &f->out);
    assert_string_equal(f->out.s, full.s);
    buf_reset(&f->out);
    report_text_top(&f->s, 80, false, 4, &f->out);
    assert_string_equal(f->out.s, full.s);
    buf_free(&full);

    buf_reset(&f->out);
    report_json_top(&f->s, NULL, 3, &f->out);
    assert_non_null(strstr(f->out.s, "\"terms_shown\":3,\"terms_total\":4"));
    const char *jd = strstr(f->out.s, "{\"label\":\"d\"");
    const char *ja = strstr(f->out.s, "{\"label\":\"a\"");
    const char *jb = strstr(f->out.s, "{\"label\":\"b\"");
    assert_true(jd && ja && jb && jd < ja && ja < jb);
    assert_null(strstr(f->out.s, "{\"label\":\"c\""));
    buf_reset(&f->out);
    report_json_top(&f->s, NULL, 10, &f->out);
    assert_non_null(strstr(f->out.s, "\"terms_shown\":4,\"terms_total\":4"));
    buf_reset(&f->out);
    report_json_top(&f->s, NULL, 0, &f->out);
    assert_null(strstr(f->out.s, "terms_shown"));
}

/* report_wrap: lines break at spaces, continuations indented two past the
 * line's own indent; a word wider than the line stays whole. */
static void test_wrap(void **state)
{
    struct fixture *f = *state;
    buf_append(&f->out, "head\n");
    size_t from = f->out.len;
    buf_append(&f->out, "  one two three four five six seven eight nine\n"
                        "short\n"
                        "averyveryverylongwordthatcannotbreak at all\n");
    report_wrap(&f->out, from, 20);
    assert_string_equal(f->out.s,
                        "head\n"
                        "  one two three four\n"
                        "    five six seven\n"
                        "    eight nine\n"
                        "short\n"
                        "averyveryverylongwordthatcannotbreak\n"
                        "  at all\n");
}

/* report_wrap on Chinese prose, which has no spaces: lines break between
 * characters by display width (2 columns each), never before a full-width
 * comma or full stop, never inside a character. */
static void test_wrap_chinese(void **state)
{
    struct fixture *f = *state;
    size_t from = f->out.len;
    buf_append(&f->out, "  KL 散度从不为负：单个逐项贡献可以为负，总和不能。"
                        "只有当 P = Q 时两者才都为 0。\n");
    report_wrap(&f->out, from, 24);
    assert_string_equal(f->out.s,
                        "  KL 散度从不为负：单个\n"
                        "    逐项贡献可以为负，总\n"
                        "    和不能。只有当 P = Q\n"
                        "    时两者才都为 0。\n");
    for (const char *p = f->out.s; *p;) {
        char line[128];
        size_t n = strcspn(p, "\n");
        memcpy(line, p, n);
        line[n] = '\0';
        assert_true(utf8_width(line) <= 24);
        p += n + (p[n] == '\n');
    }
}

/* One notation per column in `terms`: 0.000002 beside 4.2e-07 was two. */
static void test_terms_one_notation_per_column(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.000002, 0.3, 0.4, 0.299998};
    const double q[] = {4.2e-7, 0.0000012, 0.5, 0.4999984};
    set_both(f, p, q, 4, NULL);
    report_terms(&f->s, &f->out);
    assert_null(strstr(f->out.s, "0.000002"));
    assert_non_null(strstr(f->out.s, "2.000e-06"));
    assert_non_null(strstr(f->out.s, "4.200e-07"));
    assert_non_null(strstr(f->out.s, "3.000e-01"));
}

/* The length of the first run of '#' after the n-th number of a row. */
static int hashes_after(const char *row, int n)
{
    const char *c = row;
    for (int k = 0; k <= n; k++) {
        c += strcspn(c, "0123456789");
        c += strspn(c, "0123456789.e-");
    }
    c += strspn(c, " ");
    return (int)strspn(c, "#");
}

/* ASCII bars: the same value the same length, lengths in proportion
 * (0.1 was "##" and 0.2 "###"), at several widths. */
static void test_ascii_bars_proportional(void **state)
{
    struct fixture *f = *state;
    /* Below 67 columns the table has no bars, only numbers. */
    for (int width = 67; width <= 160; width += 2) {
        buf_reset(&f->out);
        report_text(&f->s, width, false, &f->out);
        int pl[4], ql[4];
        const char *names[] = {"\na ", "\nb ", "\nc ", "\nd "};
        for (int i = 0; i < 4; i++) {
            const char *row = strstr(f->out.s, names[i]);
            assert_non_null(row);
            row += 2;   /* past the label, whose letters are not digits */
            pl[i] = hashes_after(row, 0);
            ql[i] = hashes_after(row, 1);
        }
        /* the seed: P = .1 .2 .3 .4, Q = .2 .3 .3 .2; below four cells
         * (width 69) the bars cannot be in proportion, only in order */
        bool same = ql[0] == pl[1] && ql[1] == pl[2] && ql[2] == pl[2] &&
                    ql[3] == pl[1];
        bool order = pl[0] > 0 && pl[0] <= pl[1] && pl[1] <= pl[2] &&
                     pl[2] <= pl[3];
        bool prop = pl[1] == 2 * pl[0] && pl[2] == 3 * pl[0] &&
                    pl[3] == 4 * pl[0];
        if (!same || !order || (width >= 69 && !prop))
            fail_msg("width %d: P bars %d %d %d %d, Q bars %d %d %d %d\n%s",
                     width, pl[0], pl[1], pl[2], pl[3], ql[0], ql[1], ql[2],
                     ql[3], f->out.s);
    }
}

/* ---- the measures: the REPL's text and the explorer's panel ---- */

static void test_measures_both_renderings(void **state)
{
    struct fixture *f = *state;
    struct buf panel;
    buf_init(&panel);
    report_measures(&f->s, NULL, &f->out);
    report_measures_panel(&f->s, NULL, false, 8, &panel);
    /* the same numbers in both, from the reference values of the seed */
    static const char *const both[] = {
        "H(P,Q) = 1.406705 = H(P) + KL(P||Q) = 1.279854 + 0.126851",
        "H(Q,P) = 1.487798 = H(Q) + KL(Q||P) = 1.366159 + 0.121640",
        "chi2(P||Q) = 0.283333   chi2(Q||P) = 0.250000",
        "D(P||Q) = 0.062542   D(Q||P) = 0.062542 nats",
    };
    for (size_t k = 0; k < sizeof both / sizeof both[0]; k++) {
        assert_contains(f->out.s, both[k]);
        assert_contains(panel.s, both[k]);
    }
    /* the panel: both totals first; a short panel keeps its first lines */
    assert_starts_with(panel.s, "KL(P||Q) = 0.126851   KL(Q||P) = 0.121640 "
                                "nats\n");
    buf_reset(&panel);
    report_measures_panel(&f->s, NULL, false, 3, &panel);
    size_t lines = 0;
    for (const char *c = panel.s; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 3);
    assert_starts_with(panel.s, "KL(P||Q) = ");
    buf_free(&panel);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_kl_seed),
        T(test_kl_tiny_never_negative),
        T(test_kl_infinite),
        T(test_kl_equal),
        T(test_lessons_seed),
        T(test_terms_table),
        T(test_text_report),
        T(test_text_report_normalized_and_inf),
        T(test_json_seed),
        T(test_json_base_inf_normalized),
        T(test_json_labels_escaped),
        T(test_json_tiny_and_random),
        T(test_top_listing),
        T(test_measures_both_renderings),
        T(test_terms_one_notation_per_column),
        T(test_ascii_bars_proportional),
        T(test_wrap),
        T(test_wrap_chinese),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
