/* fuzz_table: libFuzzer harness for klx's table and number parsers.
 *
 * The input is a table file's text. table_parse must either fail with a
 * clean message (file:line, printable UTF-8) or produce a valid table: n in
 * 1..DIST_MAX_ENTRIES, every p and q finite and >= 0, each column summing
 * to 1, labels valid and unique. A parsed table must survive table_write ->
 * table_parse unchanged (what `save` then `load` does; a -0 comes back as
 * 0), and its divergences must be >= 0 or +inf, never NaN. The same bytes
 * also go through num_parse, parse_numbers and parse_words, and through
 * joint_parse: a clean message, or a joint table within its limits whose
 * joint_write reads back exactly and whose I(X;Y) is >= 0 with the
 * identities holding.
 *
 * Build: see tests/fuzz/meson.build; run: tests/fuzz/run-fuzz. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "divergence.h"
#include "dist.h"
#include "error.h"
#include "joint.h"
#include "num.h"
#include "parse.h"
#include "report.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz_table: invariant failed: %s (%s:%d)\n",   \
                    #cond, __FILE__, __LINE__);                             \
            abort();                                                        \
        }                                                                   \
    } while (0)

#include "fuzz_check.h"

/* Bit for bit, except for a zero's sign: `save` writes a zero as 0. */
static bool same_value(double saved, double back)
{
    if (saved == 0)
        return back == 0 && !signbit(back);
    return memcmp(&saved, &back, sizeof saved) == 0;
}

/* What `save` writes, `load` must read back exactly. */
static void check_roundtrip(const struct table *t,
                            const struct table_meta *meta)
{
    struct buf text;
    buf_init(&text);
    table_write(t, meta, &text);
    struct table back;
    struct table_meta meta2 = {0};
    struct error err;
    table_init(&back);
    if (!table_parse(text.s, text.len, "roundtrip", &back, &meta2, &err)) {
        fprintf(stderr, "fuzz_table: written table does not parse: %s\n"
                "---\n%s---\n", err.msg, text.s);
        abort();
    }
    CHECK(back.n == t->n);
    for (size_t i = 0; i < t->n; i++) {
        CHECK(strcmp(back.labels[i], t->labels[i]) == 0);
        CHECK(same_value(t->p[i], back.p[i]));
        CHECK(same_value(t->q[i], back.q[i]));
    }
    CHECK(meta2.has_base == meta->has_base);
    CHECK(!meta->has_base || meta2.base == meta->base);
    table_free(&back);
    buf_free(&text);
}

static void check_joint(const char *text, size_t size)
{
    struct joint j, back;
    struct error err;
    joint_init(&j);
    if (!joint_parse(text, size, "joint.csv", &j, &err)) {
        check_message(&err);
        CHECK(strncmp(err.msg, "joint.csv", 9) == 0);
        CHECK(j.rows == 0 && j.p == NULL);    /* untouched on error */
        return;
    }
    size_t n = j.rows * j.cols;
    CHECK(j.rows >= 1 && j.cols >= 1 && n <= JOINT_MAX_CELLS);
    check_dist(j.p, n);
    struct joint_stats st;
    joint_compute(&j, &st);
    CHECK(st.mi >= 0 && !isnan(st.mi));
    CHECK(st.reverse >= 0 && !isnan(st.reverse));
    if (isfinite(st.mi)) {
        double tol = 1e-9 * (1 + st.hxy);
        CHECK(fabs(st.hx + st.hy - st.hxy - st.mi) <= tol);
        CHECK(fabs(st.hx - st.hx_y - st.mi) <= tol);
    }
    joint_stats_free(&st);
    struct buf w;
    buf_init(&w);
    joint_write(&j, &w);
    joint_init(&back);
    if (!joint_parse(w.s, w.len, "roundtrip", &back, &err)) {
        fprintf(stderr, "fuzz_table: written joint table does not parse: "
                "%s\n---\n%s---\n", err.msg, w.s);
        abort();
    }
    CHECK(back.rows == j.rows && back.cols == j.cols);
    for (size_t i = 0; i < j.rows; i++)
        CHECK(strcmp(back.x_labels[i], j.x_labels[i]) == 0);
    for (size_t k = 0; k < j.cols; k++)
        CHECK(strcmp(back.y_labels[k], j.y_labels[k]) == 0);
    for (size_t k = 0; k < n; k++)
        CHECK(same_value(j.p[k], back.p[k]));
    buf_free(&w);
    joint_free(&back);
    joint_free(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct error err;

    /* The table parser, on the bytes as they are (not NUL-terminated). */
    struct table t;
    struct table_meta meta = {0};
    table_init(&t);
    if (table_parse(text, size, "fuzz.csv", &t, &meta, &err)) {
        check_table(&t);
        struct divergence d;
        divergence_compute(t.p, t.q, t.n, &d);
        check_divergence(&d);
        check_roundtrip(&t, &meta);
        table_free(&t);
    } else {
        check_message(&err);
        CHECK(strncmp(err.msg, "fuzz.csv:", 9) == 0);
        CHECK(t.n == 0 && t.p == NULL);    /* untouched on error */
    }

    check_joint(text, size);

    /* One number. */
    double v;
    if (num_parse(text, size, &v, &err))
        CHECK(!isnan(v) && !isinf(v));
    else
        check_message(&err);

    /* Lists and words take C strings: a NUL-terminated copy. */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct numlist nl;
    numlist_init(&nl);
    if (parse_numbers(s, 1, &nl, &err)) {
        CHECK(nl.n >= 1);
        for (size_t i = 0; i < nl.n; i++)
            CHECK(isfinite(nl.v[i]));
    } else {
        check_message(&err);
    }
    numlist_free(&nl);
    struct words w;
    words_init(&w);
    if (parse_words(s, &w, &err)) {
        for (size_t i = 0; i < w.n; i++)
            CHECK(w.v[i] != NULL && w.col[i] >= 1 &&
                  (size_t)w.col[i] <= size);
    } else {
        check_message(&err);
    }
    words_free(&w);
    free(s);
    return 0;
}
