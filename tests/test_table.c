/* Unit tests for core/table: the table struct, the CSV/TSV/whitespace
 * parser and its file:line:col errors, the writer, exact round trips, load,
 * and atomic save. */
#define _XOPEN_SOURCE 700   /* posix_openpt, for a terminal's end of file */
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/dist.h"
#include "core/table.h"

struct fixture {
    struct table t;
    struct table_meta meta;
    struct error err;
    char *dir;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    table_init(&f->t);
    f->dir = scratch_dir();
    if (!f->dir) {
        free(f);
        return -1;
    }
#ifdef KLX_TEST_HOOKS
    table_save_fault_hook = NULL;
#endif
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
#ifdef KLX_TEST_HOOKS
    table_save_fault_hook = NULL;
    table_read_hook = NULL;
#endif
    table_free(&f->t);
    scratch_remove(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static bool parse_str(struct fixture *f, const char *text)
{
    f->err.msg[0] = '\0';
    memset(&f->meta, 0, sizeof f->meta);
    return table_parse(text, strlen(text), "f.csv", &f->t, &f->meta,
                       &f->err);
}

static void expect_ok(struct fixture *f, const char *text)
{
    if (!parse_str(f, text))
        fail_msg("rejected: %s\n---\n%s---", f->err.msg, text);
}

/* Checks the table holds these labels (NULL: automatic 1..n) and these
 * normalized values. */
static void expect_rows(const struct table *t, size_t n,
                        const char *const *labels, const double *p,
                        const double *q)
{
    assert_int_equal(t->n, n);
    for (size_t i = 0; i < n; i++) {
        if (labels) {
            assert_string_equal(t->labels[i], labels[i]);
        } else {
            char b[32];
            snprintf(b, sizeof b, "%zu", i + 1);
            assert_string_equal(t->labels[i], b);
        }
        assert_close(t->p[i], p[i], 1e-15, 0);
        assert_close(t->q[i], q[i], 1e-15, 0);
    }
    assert_true(t->auto_labels == (labels == NULL));
}

static void expect_error(struct fixture *f, const char *text,
                         const char *msg)
{
    struct table before;
    table_init(&before);
    table_copy(&before, &f->t);
    if (parse_str(f, text))
        fail_msg("accepted (%zu rows):\n---\n%s---", f->t.n, text);
    if (strncmp(f->err.msg, msg, strlen(msg)) != 0)
        fail_msg("message\n  \"%s\"\ndoes not start with\n  \"%s\"",
                 f->err.msg, msg);
    /* on error the output table is untouched */
    assert_int_equal(f->t.n, before.n);
    if (before.n) {
        assert_memory_equal(f->t.p, before.p, before.n * sizeof *before.p);
        assert_memory_equal(f->t.q, before.q, before.n * sizeof *before.q);
    }
    table_free(&before);
}

/* ---- formats ---- */

static void test_csv_header(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"heads", "tails"};
    const double p[] = {0.5, 0.5}, q[] = {0.9, 0.1};
    expect_ok(f, "label,p,q\nheads,0.5,0.9\ntails,0.5,0.1\n");
    expect_rows(&f->t, 2, l, p, q);
    assert_same_double(f->t.p_sum, 1.0);
    assert_same_double(f->t.q_sum, 1.0);
    assert_false(f->meta.has_base);
    /* columns in any order, any case, with spaces after commas */
    expect_ok(f, "Q, label, P\n0.9, heads, 0.5\n0.1, tails, 0.5");
    expect_rows(&f->t, 2, l, p, q);
    /* p,q only */
    expect_ok(f, "q,p\n0.9,0.5\n0.1,0.5\n");
    expect_rows(&f->t, 2, NULL, p, q);
    /* other names for the label column */
    expect_ok(f, "name,p,q\nheads,1,9\ntails,1,1\n");
    expect_rows(&f->t, 2, l, p, q);
    assert_same_double(f->t.p_sum, 2.0);
    assert_same_double(f->t.q_sum, 10.0);
}

static void test_no_header(void **state)
{
    struct fixture *f = *state;
    const double p[] = {0.25, 0.75}, q[] = {0.5, 0.5};
    expect_ok(f, "1,2\n3,2\n");
    expect_rows(&f->t, 2, NULL, p, q);
    assert_same_double(f->t.p_sum, 4.0);
    const char *const l[] = {"x", "y"};
    expect_ok(f, "x,1,2\ny,3,2\n");
    expect_rows(&f->t, 2, l, p, q);
    /* a single row */
    const double one[] = {1};
    expect_ok(f, "0.3,0.7");
    expect_rows(&f->t, 1, NULL, one, one);
}

static void test_tsv_and_whitespace(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a b", "c"};
    const double p[] = {0.25, 0.75}, q[] = {0.5, 0.5};
    /* TSV: labels may hold spaces */
    expect_ok(f, "label\tp\tq\na b\t0.25\t0.5\nc\t0.75\t0.5\n");
    expect_rows(&f->t, 2, l, p, q);
    /* a tab in the first line makes it TSV: commas are part of labels */
    const char *const lc[] = {"a, b", "c"};
    expect_ok(f, "a, b\t0.25\t0.5\nc\t0.75\t0.5\n");
    expect_rows(&f->t, 2, lc, p, q);
    /* whitespace: runs of spaces and tabs */
    const char *const l2[] = {"a", "c"};
    expect_ok(f, "label   p    q\n  a  0.25 \t 0.5\nc 0.75 0.5   \n");
    expect_rows(&f->t, 2, l2, p, q);
    expect_ok(f, "0.25 0.5\n0.75     0.5\n");
    expect_rows(&f->t, 2, NULL, p, q);
    /* quoted labels with spaces in a whitespace table */
    const char *const l3[] = {"a b", "c"};
    expect_ok(f, "\"a b\" 0.25 0.5\nc 0.75 0.5\n");
    expect_rows(&f->t, 2, l3, p, q);
}

static void test_comments_blank_bom_crlf(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a", "b"};
    const double p[] = {0.5, 0.5}, q[] = {0.25, 0.75};
    expect_ok(f, "\xEF\xBB\xBF# a comment\r\n\r\n  # indented comment\r\n"
                 "label,p,q\r\n\r\na,1,1\r\n   \r\n# between\r\nb,1,3\r\n");
    expect_rows(&f->t, 2, l, p, q);
    /* no final newline, trailing blank lines */
    expect_ok(f, "a,1,1\nb,1,3");
    expect_rows(&f->t, 2, l, p, q);
    expect_ok(f, "a,1,1\nb,1,3\n\n\n");
    expect_rows(&f->t, 2, l, p, q);
}

static void test_quoted_csv(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a, b", "say \"hi\"", "", "plain"};
    (void)l;
    const char *const l2[] = {"a, b", "say \"hi\"", "x\"", "plain"};
    const double p[] = {0.25, 0.25, 0.25, 0.25};
    expect_ok(f, "label,p,q\n\"a, b\",1,1\n\"say \"\"hi\"\"\",1,1\n"
                 "\"x\"\"\",1,1\nplain,1,1\n");
    expect_rows(&f->t, 4, l2, p, p);
    /* quoted numbers are fine too */
    const char *const l3[] = {"u", "v"};
    const double h[] = {0.5, 0.5};
    expect_ok(f, "\"u\",\"1\",\"2\"\n\"v\" , \"1\" ,\"2\"\n");
    expect_rows(&f->t, 2, l3, h, h);
}

static void test_meta_base(void **state)
{
    struct fixture *f = *state;
    expect_ok(f, "# klx: base=2\nlabel,p,q\na,1,1\n");
    assert_true(f->meta.has_base);
    assert_int_equal(f->meta.base, BASE_2);
    expect_ok(f, "#klx base=bans other=1\n0.5,0.5\n");
    assert_true(f->meta.has_base);
    assert_int_equal(f->meta.base, BASE_10);
    expect_ok(f, "# klx: base=nats\n0.5,0.5\n");
    assert_int_equal(f->meta.base, BASE_E);
    /* unknown keys are ignored (newer files), words without '=' too;
     * blanks around '=' and any case are fine */
    const struct { const char *text; bool has; enum log_base base; } ok[] = {
        {"# klx: colour=red written by klx 9\n0.5,0.5\n", false, BASE_E},
        {"# not klx: base=2\n0.5,0.5\n", false, BASE_E},
        {"# klxfoo base=2\n0.5,0.5\n", false, BASE_E},
        {"# klx: base = 2\n0.5,0.5\n", true, BASE_2},
        {"# KLX: BASE=Bans\n0.5,0.5\n", true, BASE_10},
        {"#klx:base= 2\n0.5,0.5\n", true, BASE_2},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        expect_ok(f, ok[k].text);
        assert_true(f->meta.has_base == ok[k].has);
        if (ok[k].has)
            assert_int_equal(f->meta.base, ok[k].base);
    }
    /* but a value klx cannot take is an error where it stands */
    expect_error(f, "# klx: base=7 colour=red\n0.5,0.5\n",
                 "f.csv:1:13: unknown base '7' in a '# klx:' settings line "
                 "(hint: base=e, base=2 or base=10");
    expect_error(f, "0.5,0.5\n  # klx: BASE =\n",
                 "f.csv:2:15: 'base=' without a value");
    expect_error(f, "# klx: base=2\n# klx: base=3.0\n1,1\n",
                 "f.csv:2:13: unknown base '3.0'");
    /* meta may be NULL */
    assert_true(table_parse("1,1", 3, "x", &f->t, NULL, &f->err));
}

/* ---- errors ---- */

static void test_cr_only_line_ends(void **state)
{
    struct fixture *f = *state;
    /* one long line otherwise, and a column count that explains nothing */
    const char *hint = "seems to end its lines with CR alone (classic Mac "
                       "OS), which klx does not read (hint: convert them";
    const char *texts[] = {"label,p,q\rheads,0.5,0.9\rtails,0.5,0.1\r",
                           "# klx: base=2\rlabel,p,q\ra,1,1\r",
                           "0.5\r0.5\r"};
    const char *where[] = {"f.csv:1:10: ", "f.csv:1:14: ", "f.csv:1:4: "};
    for (size_t k = 0; k < 3; k++) {
        char msg[256];
        snprintf(msg, sizeof msg, "%sa carriage return (CR) inside a line: "
                 "this file %s", where[k], hint);
        expect_error(f, texts[k], msg);
    }
    /* CRLF is fine */
    expect_ok(f, "label,p,q\r\na,1,1\r\nb,1,3\r\n");
    assert_int_equal(f->t.n, 2);
}

static void test_errors_values(void **state)
{
    struct fixture *f = *state;
    expect_error(f, "label,p,q\na,0.5,x\n", "f.csv:2:7: q: 'x' is not a number");
    expect_error(f, "label,p,q\na,-0.5,0.5\n",
                 "f.csv:2:3: p: -0.5 is negative (hint:");
    expect_error(f, "a,inf,1\n", "f.csv:1:3: p: 'inf' is not allowed");
    expect_error(f, "a,0,nan\n", "f.csv:1:5: q: 'nan' is not allowed");
    expect_error(f, "a,1e400,1\n", "f.csv:1:3: p: '1e400' is too large");
    expect_error(f, "a,,1\n", "f.csv:1:3: empty p value");
    expect_error(f, "# c\n\na,1,1\nb,0,0,5\n",
                 "f.csv:4:7: 4 columns, expected 3 like the first line");
    expect_error(f, "label,p,q\na,0.5\n",
                 "f.csv:2:3: 2 columns, expected 3 like the first line");
    /* decimal commas: the comma splits, and the middle field is bad */
    expect_error(f, "0,5 0,5\n",
                 "f.csv:1:3: p: '5 0' is not a number: unexpected ' '");
    expect_error(f, "1\t2\t3\t4\n",
                 "f.csv:1: 4 columns; without a header klx reads 2 columns "
                 "as p,q and 3 as label,p,q (hint:");
    expect_error(f, "0,1\n0,1\n",
                 "f.csv: column p is all zeros (hint:");
    expect_error(f, "label,p,q\na,1,0\nb,2,0\n",
                 "f.csv: column q is all zeros (hint:");
}

static void test_errors_header(void **state)
{
    struct fixture *f = *state;
    expect_error(f, "label,p,r\na,1,1\n",
                 "f.csv:1:9: unknown column 'r' (hint: name the columns "
                 "label, p and q)");
    expect_error(f, "p,p,q\n", "f.csv:1:3: column 'p' appears twice");
    expect_error(f, "label,p\na,1\n",
                 "f.csv:1: the header needs columns named p and q (found 2 "
                 "columns)");
    expect_error(f, "# only a comment\n\nlabel,p,q\n",
                 "f.csv: no data rows (hint:");
    expect_error(f, "", "f.csv: no data rows");
    expect_error(f, "\n\n# x\n", "f.csv: no data rows");
}

static void test_errors_labels(void **state)
{
    struct fixture *f = *state;
    expect_error(f, "a,1,1\nb,1,1\na,1,1\n",
                 "f.csv:3: label 'a' was already used on line 1 (hint:");
    expect_error(f, "label,p,q\n# x\nz,1,1\n\nz,1,1\n",
                 "f.csv:5: label 'z' was already used on line 3");
    expect_error(f, "a\xFF,1,1\n",
                 "f.csv:1:2: label is not valid UTF-8 (byte 0xFF; hint:");
    expect_error(f, "ok,1,1\n\"x\xC3\",1,1\n",
                 "f.csv:2:3: label is not valid UTF-8 (byte 0xC3");
    /* overlong and surrogate encodings are not UTF-8 either */
    expect_error(f, "\xC0\x80,1,1\n", "f.csv:1:1: label is not valid UTF-8");
    expect_error(f, "\xED\xA0\x80,1,1\n",
                 "f.csv:1:1: label is not valid UTF-8");
    expect_error(f, "a\x01" "b,1,1\n",
                 "f.csv:1:2: label has a control character (byte 0x01)");
    expect_error(f, ",1,1\n", "f.csv:1:1: empty label");
    expect_error(f, "\"abc,1,1\n",
                 "f.csv:1:1: unterminated quoted field");
    expect_error(f, "\"ab\"c,1,1\n",
                 "f.csv:1:5: unexpected 'c' after a quoted field");
    char longl[TABLE_MAX_LABEL + 40];
    memset(longl, 'x', TABLE_MAX_LABEL + 1);
    strcpy(longl + TABLE_MAX_LABEL + 1, ",1,1\n");
    expect_error(f, longl, "f.csv:1:1: label is 257 bytes long; the limit "
                           "is 256");
    /* valid UTF-8 is kept byte for byte */
    expect_ok(f, "caf\xC3\xA9,1,1\n\xE6\x97\xA5\xE6\x9C\xAC,1,1\n"
                 "\xF0\x9F\x98\x80,1,1\n");
    assert_string_equal(f->t.labels[0], "caf\xC3\xA9");
    assert_string_equal(f->t.labels[1], "\xE6\x97\xA5\xE6\x9C\xAC");
    assert_string_equal(f->t.labels[2], "\xF0\x9F\x98\x80");
}

static void test_error_nul_byte(void **state)
{
    struct fixture *f = *state;
    static const char text[] = "a,1,1\nb,\0,1\n";
    assert_false(table_parse(text, sizeof text - 1, "bin.dat", &f->t,
                             &f->meta, &f->err));
    assert_starts_with(f->err.msg, "bin.dat:2:3: NUL byte: this looks like "
                                   "a binary file");
}

/* ---- the struct ---- */

static void test_from_values_find_copy(void **state)
{
    struct fixture *f = *state;
    const double p[] = {1, 3}, q[] = {2, 2};
    struct error err;
    assert_true(table_from_values(&f->t, p, q, 2, &err));
    assert_true(f->t.auto_labels);
    assert_string_equal(f->t.labels[0], "1");
    assert_same_double(f->t.p[1], 0.75);
    assert_same_double(f->t.p_sum, 4.0);
    assert_same_double(f->t.q_sum, 4.0);
    /* q NULL: uniform */
    assert_true(table_from_values(&f->t, p, NULL, 2, &err));
    assert_same_double(f->t.q[0], 0.5);
    assert_same_double(f->t.q_sum, 1.0);
    /* errors leave t alone */
    const double bad[] = {1, -1};
    assert_false(table_from_values(&f->t, bad, NULL, 2, &err));
    assert_string_equal(err.msg, "P entry 2: -1 is negative (hint: "
                                 "probabilities, weights and counts must be "
                                 ">= 0)");
    assert_false(table_from_values(&f->t, p, bad, 2, &err));
    assert_starts_with(err.msg, "Q entry 2: -1 is negative");
    assert_false(table_from_values(&f->t, p, q, 0, &err));
    assert_starts_with(err.msg, "no values");
    assert_int_equal(f->t.n, 2);
    assert_same_double(f->t.p[1], 0.75);

    /* a label equal to the word first, then an index; #N is always the
     * N-th entry */
    const double third[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    assert_true(table_from_values(&f->t, third, third, 3, &err));
    f->t.auto_labels = false;
    table_set_label(&f->t, 0, "x");
    table_set_label(&f->t, 1, "1");
    table_set_label(&f->t, 2, "z y");
    size_t idx = 99;
    assert_true(table_find(&f->t, "1", &idx, &err));
    assert_int_equal(idx, 1);   /* the entry labelled "1" */
    assert_true(table_find(&f->t, "#1", &idx, &err));
    assert_int_equal(idx, 0);   /* #1 is entry 1, even though a label is "1" */
    assert_true(table_find(&f->t, "#2", &idx, &err));
    assert_int_equal(idx, 1);
    assert_true(table_find(&f->t, "3", &idx, &err));
    assert_int_equal(idx, 2);
    assert_true(table_find(&f->t, "z y", &idx, &err));
    assert_int_equal(idx, 2);
    assert_true(table_find(&f->t, "x", &idx, &err));
    assert_int_equal(idx, 0);
    assert_false(table_find(&f->t, "4", &idx, &err));
    assert_string_equal(err.msg, "no entry 4 (entries are 1 to 3)");
    assert_false(table_find(&f->t, "0", &idx, &err));
    assert_false(table_find(&f->t, "99999999999999999999999", &idx, &err));
    assert_starts_with(err.msg, "no entry 9999");
    assert_false(table_find(&f->t, "w", &idx, &err));
    assert_starts_with(err.msg, "no entry named 'w' (hint:");
    assert_false(table_find(&f->t, "", &idx, &err));

    /* deep copy */
    struct table c;
    table_init(&c);
    table_copy(&c, &f->t);
    assert_int_equal(c.n, 3);
    assert_ptr_not_equal(c.labels[2], f->t.labels[2]);
    assert_string_equal(c.labels[2], "z y");
    assert_memory_equal(c.p, f->t.p, 3 * sizeof *c.p);
    assert_false(c.auto_labels);
    table_number_labels(&c);
    assert_string_equal(c.labels[2], "3");
    assert_true(c.auto_labels);
    assert_string_equal(f->t.labels[2], "z y");
    table_free(&c);
    assert_int_equal(c.n, 0);
    assert_null(c.labels);
}

static void test_check_label(void **state)
{
    (void)state;
    struct error err;
    assert_true(table_check_label("heads", &err));
    assert_true(table_check_label("a b, \"c\"", &err));
    assert_true(table_check_label("\xE6\x97\xA5", &err));
    assert_false(table_check_label("", &err));
    assert_string_equal(err.msg, "empty label");
    assert_false(table_check_label("a\tb", &err));
    assert_contains(err.msg, "control character (byte 0x09)");
    assert_false(table_check_label("a\x7F", &err));
    assert_contains(err.msg, "control character (byte 0x7F)");
    assert_false(table_check_label("\xE6\x97", &err));
    assert_contains(err.msg, "not valid UTF-8");
    assert_false(table_check_label("\xF4\x90\x80\x80", &err));
    char longl[TABLE_MAX_LABEL + 2];
    memset(longl, 'a', sizeof longl - 1);
    longl[sizeof longl - 1] = '\0';
    assert_false(table_check_label(longl, &err));
    assert_contains(err.msg, "limit is 256");
    longl[TABLE_MAX_LABEL] = '\0';
    assert_true(table_check_label(longl, &err));
}

/* C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) act like escapes on
 * some terminals: a label refuses them as it refuses C0 controls, in files
 * (the fast row reader and the general one) and in commands. */
static void test_label_c1_controls(void **state)
{
    struct fixture *f = *state;
    struct error err;
    assert_false(table_check_label("a\xC2\x9B" "31m", &err));
    assert_contains(err.msg, "control character (U+009B)");
    assert_contains(err.msg, "hint:");
    assert_false(table_check_label("\xC2\x80", &err));
    assert_contains(err.msg, "control character (U+0080)");
    assert_false(table_check_label("next\xC2\x85line", &err));
    assert_contains(err.msg, "(U+0085)");
    /* U+00A0 (no-break space) and U+00E9 are text */
    assert_true(table_check_label("a\xC2\xA0" "b\xC3\xA9", &err));
    /* the fast row reader leaves these rows to the general path */
    expect_error(f, "label,p,q\nok,1,1\nab\xC2\x9D" "0;x,1,1\n",
                 "f.csv:3:3: label has a control character (U+009D), "
                 "which a terminal would act on (hint:");
    expect_error(f, "b\xC2\x9F\t1\t1\n",
                 "f.csv:1:2: label has a control character (U+009F)");
    /* a quoted label is read by the general path alone */
    expect_error(f, "label,p,q\n\"ab\xC2\x9D\",1,1\n",
                 "f.csv:2:4: label has a control character (U+009D)");
}

/* ---- writer and round trips ---- */

static void assert_tables_identical(const struct table *a,
                                    const struct table *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->labels[i], b->labels[i]);
        assert_same_double(a->p[i], b->p[i]);
        assert_same_double(a->q[i], b->q[i]);
    }
}

static void roundtrip(struct fixture *f, const struct table *t,
                      const struct table_meta *meta)
{
    struct buf b;
    buf_init(&b);
    table_write(t, meta, &b);
    struct table back;
    table_init(&back);
    struct table_meta m = {0};
    if (!table_parse(b.s, b.len, "rt.csv", &back, &m, &f->err))
        fail_msg("written table does not parse: %s\n---\n%s---", f->err.msg,
                 b.s);
    assert_tables_identical(t, &back);
    assert_true(m.has_base == (meta && meta->has_base));
    if (meta && meta->has_base)
        assert_int_equal(m.base, meta->base);
    /* and reading it back is a fixed point */
    struct buf b2;
    buf_init(&b2);
    table_write(&back, meta, &b2);
    assert_string_equal(b.s, b2.s);
    buf_free(&b2);
    buf_free(&b);
    table_free(&back);
}

static void make_table(struct table *t, size_t n, const char *const *labels,
                       const double *p, const double *q)
{
    struct error err;
    assert_true(table_from_values(t, p, q, n, &err));
    t->auto_labels = false;
    for (size_t i = 0; i < n; i++)
        table_set_label(t, i, labels[i]);
}

static void test_write_format(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"heads", "a,b"};
    const double p[] = {0.5, 0.5}, q[] = {0.9, 0.1};
    make_table(&f->t, 2, l, p, q);
    struct table_meta meta = {true, BASE_2, NULL};
    struct buf b;
    buf_init(&b);
    table_write(&f->t, &meta, &b);
    assert_string_equal(b.s, "# klx table: probabilities P and Q per entry\n"
                             "# klx: base=2\n"
                             "label,p,q\n"
                             "heads,0.5,0.9\n"
                             "\"a,b\",0.5,0.1\n");
    buf_reset(&b);
    table_write(&f->t, NULL, &b);
    assert_not_contains(b.s, "base=");
    buf_free(&b);
}

static void test_roundtrip_tricky_labels(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a,b", "say \"hi\"", " lead", "trail ",
                             "#hash", "\xE6\x97\xA5\xE6\x9C\xAC",
                             "\"", "1", "label", "p", "0.5", "x y"};
    enum { N = sizeof l / sizeof l[0] };
    double p[N], q[N];
    /* includes a subnormal, 0.1 and an exact zero */
    const double pv[N] = {1e-320, 0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < N; i++) {
        p[i] = pv[i];
        q[i] = 1.0 / 16;
    }
    q[0] = 1.0 / 4 + 1.0 / 16;
    make_table(&f->t, N, l, p, q);
    assert_same_double(dist_sum(f->t.p, N), 1.0);
    assert_same_double(dist_sum(f->t.q, N), 1.0);
    struct table_meta meta = {true, BASE_10, NULL};
    roundtrip(f, &f->t, &meta);
    roundtrip(f, &f->t, NULL);
}

static void test_roundtrip_random(void **state)
{
    /* Tables as a session holds them: normalized from random weights.
     * Writing and reading must give back the same bits. */
    struct fixture *f = *state;
    struct test_rng r = {31337};
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 1 + rng_below(&r, 25);
        double p[25], q[25];
        for (size_t i = 0; i < n; i++) {
            p[i] = rng_uniform(&r) * (rng_below(&r, 3) ? 1 : 1e-300);
            q[i] = rng_uniform(&r) * 1000;
        }
        struct table t;
        table_init(&t);
        assert_true(table_from_values(&t, p, q, n, NULL));
        roundtrip(f, &t, NULL);
        table_free(&t);
    }
}

/* ---- files ---- */

static void test_load(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "in.csv");
    const char *text = "# klx: base=2\nlabel,p,q\nx,1,3\ny,3,1\n";
    assert_true(write_file(path, text, strlen(text)));
    assert_true(table_load_progress(path, &f->t, &f->meta, NULL, &f->err));
    assert_int_equal(f->t.n, 2);
    assert_same_double(f->t.p[0], 0.25);
    assert_true(f->meta.has_base);
    /* errors name the path */
    const char *bad = "x,1,3\ny,3\n";
    assert_true(write_file(path, bad, strlen(bad)));
    assert_false(table_load_progress(path, &f->t, &f->meta, NULL, &f->err));
    char want[4200];
    snprintf(want, sizeof want, "%s:2:3: 2 columns", path);
    assert_starts_with(f->err.msg, want);
    /* empty file */
    assert_true(write_file(path, "", 0));
    assert_false(table_load_progress(path, &f->t, &f->meta, NULL, &f->err));
    snprintf(want, sizeof want, "%s: the file is empty", path);
    assert_starts_with(f->err.msg, want);
    /* missing file, directory */
    char *missing = scratch_path(f->dir, "nope.csv");
    assert_false(table_load_progress(missing, &f->t, NULL, NULL, &f->err));
    snprintf(want, sizeof want, "%s: cannot open: ", missing);
    assert_starts_with(f->err.msg, want);
    assert_contains(f->err.msg, strerror(ENOENT));
    assert_false(table_load_progress(f->dir, &f->t, NULL, NULL, &f->err));
    assert_contains(f->err.msg, "is a directory");
    /* the earlier good table is still there */
    assert_int_equal(f->t.n, 2);
    assert_same_double(f->t.p[0], 0.25);
    free(missing);
    free(path);
}

/* The hook's orders: once the file is mapped (or read in part), truncate
 * it or append to it. (table_read_hook exists in a test build only.) */
#ifdef KLX_TEST_HOOKS
static const char *change_path;
static enum { CHANGE_NONE, CHANGE_TRUNCATE, CHANGE_APPEND } change_kind;

static void change_midway(size_t done)
{
    (void)done;
    if (change_kind == CHANGE_TRUNCATE)
        assert_int_equal(truncate(change_path, 1000), 0);
    if (change_kind == CHANGE_APPEND) {
        FILE *a = fopen(change_path, "ab");
        assert_non_null(a);
        fputs("0.5,0.25\n", a);
        fclose(a);
    }
    change_kind = CHANGE_NONE;
}

/* A file truncated or appended to while it is read is refused (a mapped
 * file that shrank killed the process with SIGBUS: here the parser meets
 * the vanished pages; one that grew loaded in part), and the table the
 * load would replace is untouched. */
static void test_load_file_changed_while_read(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "big.csv");
    struct buf text;
    buf_init(&text);
    for (size_t i = 0; i < 500000; i++)
        buf_append(&text, "0.5,0.25\n");
    expect_ok(f, "label,p,q\nx,1,3\ny,3,1\n");
    char want[4200];
    snprintf(want, sizeof want, "%s: changed while being read", path);
    for (int kind = CHANGE_TRUNCATE; kind <= CHANGE_APPEND; kind++) {
        assert_true(write_file(path, text.s, text.len));
        change_path = path;
        change_kind = kind;
        table_read_hook = change_midway;
        bool ok = table_load_progress(path, &f->t, NULL, NULL, &f->err);
        table_read_hook = NULL;
        assert_false(ok);
        assert_starts_with(f->err.msg, want);
        assert_int_equal(f->t.n, 2);
        assert_same_double(f->t.p[0], 0.25);
    }
    /* left alone, the changed file loads whole */
    assert_true(table_load_progress(path, &f->t, NULL, NULL, &f->err));
    assert_int_equal(f->t.n, 500001);
    buf_free(&text);
    free(path);
}

#endif

/* A NUL byte at the start of a 1 GiB sparse file ends the reading in its
 * first chunk: the rest is never read (it was, whole, in 2.6 s and 1 GB of
 * page cache mapped into this process). */
static void test_load_sparse_nul_reads_first_chunk(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "sparse.bin");
    assert_true(write_file(path, "", 0));
    assert_int_equal(truncate(path, (off_t)1 << 30), 0);
    assert_false(table_load_progress(path, &f->t, NULL, NULL, &f->err));
    char want[4200];
    snprintf(want, sizeof want, "%s:1:1: NUL byte", path);
    assert_starts_with(f->err.msg, want);
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    assert_in_range(ru.ru_maxrss, 1, 512 * 1024);   /* KiB */
    free(path);
}

/* ---- loads interrupted by signals, and end of file on a terminal ---- */

/* A helper thread plays the writer of a FIFO and interrupts the loading
 * thread with SIGUSR1 (a handler without SA_RESTART, as the explorer's
 * SIGINT handler) until the load has seen each interruption. */
struct interrupter {
    pthread_t loader;
    const char *fifo;
    bool cancel;              /* what `cancelled` answers */
    atomic_int asked;         /* times the load asked `cancelled` */
};

static void on_usr1(int sig)
{
    (void)sig;
}

static bool interrupter_cancelled(void *ctx)
{
    struct interrupter *in = ctx;
    atomic_fetch_add(&in->asked, 1);
    return in->cancel;
}

/* Interrupts the loader until it has asked `cancelled` `times` times (for
 * at most 2 s: a load that never asks must fail the test, not hang it). */
static void interrupt_until(struct interrupter *in, int times)
{
    for (int i = 0; i < 200 && atomic_load(&in->asked) < times; i++) {
        pthread_kill(in->loader, SIGUSR1);
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
}

static void *interrupter_run(void *arg)
{
    struct interrupter *in = arg;
    interrupt_until(in, 1);           /* the open, waiting for a writer */
    if (in->cancel)
        return NULL;
    /* Nonblocking: a loader that gave up is no reader to wait for. */
    int fd = open(in->fifo, O_WRONLY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    fcntl(fd, F_SETFL, 0);
    const char *a = "p,q\n1,3\n", *b = "3,1\n";
    if (write(fd, a, strlen(a)) < 0)
        return NULL;
    interrupt_until(in, 2);           /* a read, waiting for more */
    if (write(fd, b, strlen(b)) < 0)
        return NULL;
    close(fd);
    return NULL;
}

static void load_interrupted(struct fixture *f, bool cancel, bool *ok)
{
    char *fifo = scratch_path(f->dir, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    struct interrupter in = {pthread_self(), fifo, cancel, 0};
    struct table_progress pr = {NULL, &in, interrupter_cancelled};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, interrupter_run, &in), 0);
    *ok = table_load_progress(fifo, &f->t, NULL, &pr, &f->err);
    pthread_join(th, NULL);
    sigaction(SIGUSR1, &old, NULL);
    free(fifo);
}

static void test_load_retries_interrupted_reads(void **state)
{
    struct fixture *f = *state;
    bool ok;
    load_interrupted(f, false, &ok);
    if (!ok)
        fail_msg("%s", f->err.msg);
    assert_int_equal(f->t.n, 2);
    assert_same_double(f->t.p[0], 0.25);
}

static void test_load_cancelled_by_a_signal(void **state)
{
    struct fixture *f = *state;
    assert_true(parse_str(f, "x,1,3\ny,3,1\n"));
    bool ok;
    load_interrupted(f, true, &ok);
    assert_false(ok);
    assert_contains(f->err.msg, "fifo: load cancelled; nothing changed");
    assert_int_equal(f->t.n, 2);   /* the table before is untouched */
    assert_string_equal(f->t.labels[0], "x");
}

/* `load -` on a terminal stops at the first Ctrl-D (a zero-length read),
 * and a later `load -` reads what the terminal sends next. */
static void test_load_stdin_terminal_one_eof(void **state)
{
    struct fixture *f = *state;
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(m >= 0);
    assert_int_equal(grantpt(m), 0);
    assert_int_equal(unlockpt(m), 0);
    int sl = open(ptsname(m), O_RDWR | O_NOCTTY);
    assert_true(sl >= 0);
    struct termios tio;
    assert_int_equal(tcgetattr(sl, &tio), 0);
    tio.c_lflag |= ICANON;
    tio.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(sl, TCSANOW, &tio);
    const char typed[] = "p,q\n1,3\n\004" "5,5\n\004\004";
    assert_int_equal(write(m, typed, sizeof typed - 1),
                     (ssize_t)(sizeof typed - 1));
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    dup2(sl, STDIN_FILENO);
    clearerr(stdin);
    bool first = table_load_progress("-", &f->t, NULL, NULL, &f->err);
    size_t n_first = f->t.n;
    struct table second;
    table_init(&second);
    /* A load that read past the first Ctrl-D left nothing to read: the
     * second would wait for ever. */
    bool again = first && n_first == 1 &&
                 table_load_progress("-", &second, NULL, NULL, &f->err);
    dup2(saved, STDIN_FILENO);
    clearerr(stdin);
    close(saved);
    close(sl);
    close(m);
    assert_true(first);
    assert_int_equal(n_first, 1);
    assert_same_double(f->t.p[0], 1.0);
    assert_true(again);
    assert_int_equal(second.n, 1);
    table_free(&second);
}

static void test_save_and_load_back(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a,b", "c"};
    const double p[] = {0.1, 0.9}, q[] = {1e-320, 1};
    make_table(&f->t, 2, l, p, q);
    char *path = scratch_path(f->dir, "out.csv");
    struct table_meta meta = {true, BASE_2, NULL};
    assert_true(table_save(path, &f->t, &meta, 0, &f->err));
    assert_int_equal(dir_count(f->dir), 1);   /* no temp file left */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
    struct table back;
    table_init(&back);
    struct table_meta m = {0};
    assert_true(table_load_progress(path, &back, &m, NULL, &f->err));
    assert_tables_identical(&f->t, &back);
    assert_true(m.has_base);
    assert_int_equal(m.base, BASE_2);
    table_free(&back);
    /* saving over an existing file replaces it */
    f->t.p[0] = 0.5;
    f->t.p[1] = 0.5;
    assert_true(table_save(path, &f->t, NULL, 0, &f->err));
    char *text = read_file(path, NULL);
    assert_contains(text, "\"a,b\",0.5,9.99988867182683e-321\n");
    assert_not_contains(text, "base=");
    free(text);
    assert_int_equal(dir_count(f->dir), 1);
    free(path);
}

/* A zero is written 0, never "-0": a probability has no sign. */
static void test_write_negative_zero(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a", "b"};
    const double p[] = {-0.0, 1}, q[] = {1, -0.0};
    make_table(&f->t, 2, l, p, q);
    struct buf out;
    buf_init(&out);
    table_write(&f->t, NULL, &out);
    assert_contains(out.s, "\na,0,1\nb,1,0\n");
    assert_not_contains(out.s, "-0");
    buf_free(&out);
}

/* The tests that set table_save_fault_hook or table_fast_rows exist in a
 * test build only (-Dtest_hooks=true); elsewhere those are constants. */
#ifdef KLX_TEST_HOOKS
static char hook_tmp[4096];
static int hook_calls;

static bool hook_fail(const char *tmp)
{
    hook_calls++;
    snprintf(hook_tmp, sizeof hook_tmp, "%s", tmp);
    /* the temporary file is complete when the hook runs */
    char *s = read_file(tmp, NULL);
    bool complete = s && strstr(s, "new,0.5,0.5\n") != NULL;
    free(s);
    assert_true(complete);
    return false;
}

static bool hook_pass(const char *tmp)
{
    hook_calls++;
    snprintf(hook_tmp, sizeof hook_tmp, "%s", tmp);
    return true;
}

static void test_save_atomic_with_fault(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "t.csv");
    const char *old = "label,p,q\nold,1,1\n";
    assert_true(write_file(path, old, strlen(old)));
    const char *const l[] = {"new", "other"};
    const double h[] = {0.5, 0.5};
    make_table(&f->t, 2, l, h, h);

    hook_calls = 0;
    table_save_fault_hook = hook_fail;
    assert_false(table_save(path, &f->t, NULL, 0, &f->err));
    table_save_fault_hook = NULL;
    assert_int_equal(hook_calls, 1);
    assert_contains(f->err.msg, path);
    assert_contains(f->err.msg, "interrupted");
    /* the temp file was in the same directory, next to the target */
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "%s.tmp-", path);
    assert_starts_with(hook_tmp, prefix);
    /* the old file is intact and no temporary file is left behind */
    char *text = read_file(path, NULL);
    assert_string_equal(text, old);
    free(text);
    assert_int_equal(dir_count(f->dir), 1);
    assert_int_not_equal(access(hook_tmp, F_OK), 0);

    /* a hook that lets it through: the new file replaces the old */
    hook_calls = 0;
    table_save_fault_hook = hook_pass;
    assert_true(table_save(path, &f->t, NULL, 0, &f->err));
    table_save_fault_hook = NULL;
    assert_int_equal(hook_calls, 1);
    text = read_file(path, NULL);
    assert_contains(text, "new,0.5,0.5\n");
    free(text);
    assert_int_equal(dir_count(f->dir), 1);
    free(path);
}
#endif

static void test_save_errors(void **state)
{
    struct fixture *f = *state;
    const char *const l[] = {"a"};
    const double one[] = {1};
    make_table(&f->t, 1, l, one, one);
    char *path = scratch_path(f->dir, "no/such/dir/t.csv");
    assert_false(table_save(path, &f->t, NULL, 0, &f->err));
    assert_starts_with(f->err.msg, path);
    assert_contains(f->err.msg, "cannot save");
    /* saving onto a directory fails and leaves nothing behind */
    char *sub = scratch_path(f->dir, "sub");
    assert_int_equal(mkdir(sub, 0777), 0);
    assert_false(table_save(sub, &f->t, NULL, 0, &f->err));
    assert_contains(f->err.msg, "cannot save");
    assert_int_equal(dir_count(f->dir), 1);
    rmdir(sub);
    free(sub);
    free(path);
}

/* One number per line: P, with Q uniform and labels 1..n. */
static void test_single_column(void **state)
{
    struct fixture *f = *state;
    expect_ok(f, "# weights\n2\n3\n\n5\n");
    assert_int_equal(f->t.n, 3);
    assert_same_double(f->t.p[0], 0.2);
    assert_same_double(f->t.p[2], 0.5);
    for (size_t i = 0; i < 3; i++)
        assert_same_double(f->t.q[i], 1.0 / 3);
    assert_true(f->t.auto_labels);
    assert_string_equal(f->t.labels[2], "3");
    assert_same_double(f->t.p_sum, 10.0);
    /* a later row with two columns is an error, as any width change */
    assert_false(parse_str(f, "0.5\n0.5,0.5\n"));
    assert_starts_with(f->err.msg, "f.csv:2:");
}

/* Labels live in a few big blocks owned by the table: automatic ones,
 * set ones (the old bytes stay until a copy compacts them), copies. */
static void test_label_storage(void **state)
{
    struct fixture *f = *state;
    enum { N = 100000 };
    double *v = malloc(N * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < N; i++)
        v[i] = 1;
    assert_true(table_from_values(&f->t, v, NULL, N, &f->err));
    free(v);
    assert_string_equal(f->t.labels[0], "1");
    assert_string_equal(f->t.labels[9], "10");
    assert_string_equal(f->t.labels[N - 1], "100000");
    /* "1".."100000" packed back to back: 588,895 bytes */
    assert_ptr_equal(f->t.labels[1], f->t.labels[0] + 2);
    assert_ptr_equal(f->t.labels[N - 1] + 7, f->t.labels[0] + 588895);
    for (size_t i = 0; i < N; i += 1000)
        table_set_label(&f->t, i, i % 2000 ? "odd thousand" : "x");
    assert_string_equal(f->t.labels[1000], "odd thousand");
    assert_string_equal(f->t.labels[2000], "x");
    assert_string_equal(f->t.labels[1001], "1002");
    struct table c;
    table_init(&c);
    table_copy(&c, &f->t);
    for (size_t i = 0; i < N; i += 997)
        assert_string_equal(c.labels[i], f->t.labels[i]);
    table_number_labels(&c);
    assert_string_equal(c.labels[1000], "1001");
    assert_string_equal(f->t.labels[1000], "odd thousand");
    table_free(&c);
}

struct progress_log {
    size_t calls;
    size_t last_done, total;
    bool increasing, bounded;
};

static void progress_record(void *ctx, size_t done, size_t total)
{
    struct progress_log *l = ctx;
    if (l->calls && done <= l->last_done)
        l->increasing = false;
    if (done > total || (l->calls && total != l->total))
        l->bounded = false;
    l->calls++;
    l->last_done = done;
    l->total = total;
}

/* Progress: increasing `done`, the last call done == total, for a big
 * input; no call at all for a small one; the same table either way. */
static void test_progress(void **state)
{
    struct fixture *f = *state;
    enum { N = 1000000 };
    struct buf text;
    buf_init(&text);
    buf_append(&text, "label,p,q\n");
    for (size_t i = 0; i < N; i++)
        buf_printf(&text, "e%zu,%zu,%zu\n", i, i % 7 + 1, i % 5);
    assert_true(text.len > TABLE_PROGRESS_MIN);
    char *path = scratch_path(f->dir, "big.csv");
    assert_true(write_file(path, text.s, text.len));

    struct progress_log l = {0, 0, 0, true, true};
    struct table_progress pr = {progress_record, &l, NULL};
    assert_true(table_load_progress(path, &f->t, NULL, &pr, &f->err));
    assert_int_equal(f->t.n, N);
    assert_true(l.calls >= 1);
    assert_true(l.increasing);
    assert_true(l.bounded);
    assert_int_equal(l.last_done, text.len);
    assert_int_equal(l.total, text.len);

    struct table plain;
    table_init(&plain);
    assert_true(table_parse(text.s, text.len, "big", &plain, NULL,
                            &f->err));
    assert_int_equal(plain.n, N);
    for (size_t i = 0; i < N; i += 9973) {
        assert_string_equal(plain.labels[i], f->t.labels[i]);
        assert_same_double(plain.p[i], f->t.p[i]);
        assert_same_double(plain.q[i], f->t.q[i]);
    }
    assert_string_equal(f->t.labels[N - 1], "e999999");
    table_free(&plain);

    /* a small input: never called */
    struct progress_log s = {0, 0, 0, true, true};
    struct table_progress spr = {progress_record, &s, NULL};
    const char *tiny = "p,q\n1,2\n3,4\n";
    assert_true(write_file(path, tiny, strlen(tiny)));
    assert_true(table_load_progress(path, &f->t, NULL, &spr, &f->err));
    assert_int_equal(s.calls, 0);
    free(path);
    buf_free(&text);
}

/* The resident pages of mapped files (RssFile in /proc/self/status), in
 * bytes; 0 where the kernel does not say. */
static size_t rss_file(void)
{
    FILE *st = fopen("/proc/self/status", "r");
    if (!st)
        return 0;
    char line[256];
    size_t kb = 0;
    while (fgets(line, sizeof line, st))
        if (sscanf(line, "RssFile: %zu kB", &kb) == 1)
            break;
    fclose(st);
    return kb * 1024;
}

static void progress_rss(void *ctx, size_t done, size_t total)
{
    if (done == total)
        *(size_t *)ctx = rss_file();
}

/* A mapped file gives back the pages of the rows already read: at the
 * end of the parse, with the file still mapped, far less of it is
 * resident than its size (a 10^7-row load held all 460 MB of its file
 * besides the table). Messages that count lines again from the start of
 * the text still name the right lines. */
static void test_mapped_pages_given_back(void **state)
{
    struct fixture *f = *state;
    enum { N = 1500000 };   /* about 40 MB */
    struct buf text;
    buf_init(&text);
    buf_append(&text, "label,p,q\n");
    for (size_t i = 0; i < N; i++)
        buf_printf(&text, "e%zu,0.%017zu,0.%017zu\n", i % (N - 1),
                   i * 7919 + 1, i * 104729 + 3);
    char *path = scratch_path(f->dir, "mapped.csv");
    assert_true(write_file(path, text.s, text.len));
    assert_true(text.len > (size_t)36 << 20);

    size_t rss_at_end = 0;
    struct table_progress pr = {progress_rss, &rss_at_end, NULL};
    /* label e0 again on the last line: a duplicate named by both lines */
    assert_false(table_load_progress(path, &f->t, NULL, &pr, &f->err));
    assert_non_null(strstr(f->err.msg, ":1500001:"));
    assert_non_null(strstr(f->err.msg, "line 2"));

    /* the same file without the duplicate loads, and its pages went */
    char *last = text.s + text.len - 1;   /* the last line's '\n' */
    while (last[-1] != '\n')
        last--;
    assert_int_equal(last[0], 'e');
    last[0] = 'x';
    assert_true(write_file(path, text.s, text.len));
    assert_true(table_load_progress(path, &f->t, NULL, &pr, &f->err));
    assert_int_equal(f->t.n, N);
    if (rss_at_end > 0)
        assert_true(rss_at_end < text.len / 2);
    free(path);
    buf_free(&text);
}

/* Big inputs are parsed in two halves on two threads: errors, settings
 * and duplicates must come out as one pass in file order gives them. */
static void test_split_halves(void **state)
{
    struct fixture *f = *state;
    enum { N = 600000 };   /* about 9 MB: split */
    struct buf text;
    buf_init(&text);
    buf_append(&text, "# klx: base=2\nlabel,p,q\n");
    for (size_t i = 0; i < N; i++)
        buf_printf(&text, "e%zu,%zu,%zu\n", i, i % 7 + 1, i % 5 + 1);
    buf_append(&text, "# klx: base=10\n");
    assert_true(text.len > (4u << 20));
    assert_true(table_parse(text.s, text.len, "big", &f->t, &f->meta,
                            &f->err));
    assert_int_equal(f->t.n, N);
    assert_string_equal(f->t.labels[N - 1], "e599999");
    assert_true(f->meta.has_base);
    assert_int_equal(f->meta.base, BASE_10);
    double p0 = f->t.p[0];

    /* an error in the second half only: its line counts the first half */
    char *s = strstr(text.s, "\ne500000,");
    assert_non_null(s);
    s[9] = 'x';   /* "e500000,x,..." : a bad p value */
    assert_false(table_parse(text.s, text.len, "big", &f->t, NULL,
                             &f->err));
    assert_starts_with(f->err.msg, "big:500003:9: p: 'x");
    /* and one in the first half too: the first in the file wins */
    char *early = strstr(text.s, "\ne1000,");
    assert_non_null(early);
    early[7] = ';';
    assert_false(table_parse(text.s, text.len, "big", &f->t, NULL,
                             &f->err));
    assert_starts_with(f->err.msg, "big:1003:");
    assert_int_equal(f->t.n, N);   /* untouched */
    assert_same_double(f->t.p[0], p0);

    /* a label of the first half again in the second */
    buf_reset(&text);
    buf_append(&text, "label,p,q\n");
    for (size_t i = 0; i < N; i++)
        buf_printf(&text, "e%zu,1,1\n", i == N - 2 ? 17 : i);
    assert_false(table_parse(text.s, text.len, "big", &f->t, NULL,
                             &f->err));
    char want[200];
    snprintf(want, sizeof want, "big:%d: label 'e17' was already used on "
             "line 19", N);
    assert_starts_with(f->err.msg, want);
    buf_free(&text);
}

/* ---- the one-pass row reader against the general path ---- */
#ifdef KLX_TEST_HOOKS

static void random_piece(struct test_rng *r, struct buf *b, bool number)
{
    static const char *const labels[] = {
        "a", "tok17", "x y", "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
        "bad\xC3", "bad\xFF", "\xED\xA0\x80", "\"q\"", "\"a,b\"", "\"\"",
        "#c", "a#", "ctl\x01", "del\x7F", " lead", "trail ", "a\"b", "",
        "p", "name", "1", "e5", "semi;colon", "a\tb", "longlonglonglonglong",
    };
    static const char *const numbers[] = {
        "0.5", "1", "0", "-0", "+2", ".5", "5.", "1e3", "1E-3", "2.5e+2",
        "0.84018771715470952", "0.39438292681909304", "123456789012345678901",
        "0.000000000000000000000000000001", "1e400", "1e-400", "4.9e-324",
        "-1", "-0.5", "nan", "inf", "1e", "1e+", "0x10", "1,5", "1_0", " 0.5",
        "0.5 ", "", "abc", "1.2.3", "9007199254740993", "18014398509481986",
        "1e22", "1e23", "3e-5", "0;5", "7e0000001",
    };
    if (number)
        buf_append(b, numbers[rng_below(r, sizeof numbers / sizeof *numbers)]);
    else
        buf_append(b, labels[rng_below(r, sizeof labels / sizeof *labels)]);
}

/* A random table text: mostly good rows, with every kind of odd line. */
static void random_table(struct test_rng *r, struct buf *b)
{
    buf_reset(b);
    char sep = rng_below(r, 3) == 0 ? '\t' : ',';
    bool header = rng_below(r, 2);
    int ncols = 2 + (int)rng_below(r, 2);   /* p,q or label,p,q */
    int label_col = ncols == 3 ? (int)rng_below(r, 3) : -1;
    if (rng_below(r, 4) == 0)
        buf_append(b, "# klx: base=2\n");
    if (header) {
        static const char *const names[] = {"p", "q"};
        int k = 0;
        for (int c = 0; c < ncols; c++) {
            if (c)
                buf_putc(b, sep);
            buf_append(b, c == label_col ? "label" : names[k++]);
        }
        buf_append(b, rng_below(r, 4) ? "\n" : "\r\n");
    }
    size_t rows = 1 + rng_below(r, 12);
    for (size_t i = 0; i < rows; i++) {
        int odd = (int)rng_below(r, 40);
        if (odd == 0) {
            buf_append(b, rng_below(r, 2) ? "# comment, 1,2\n" : "  \n");
            continue;
        }
        int cols = ncols;
        if (odd == 1)
            cols += rng_below(r, 2) ? 1 : -1;
        for (int c = 0; c < cols; c++) {
            if (c)
                buf_putc(b, rng_below(r, 30) ? sep : (sep == ',' ? '\t' : ','));
            bool is_label = c == label_col;
            if (is_label && rng_below(r, 6) != 0) {
                buf_printf(b, "l%zu", i);
            } else if (!is_label && rng_below(r, 6) != 0) {
                buf_printf(b, "%.*g", 1 + (int)rng_below(r, 17),
                           rng_uniform(r));
            } else {
                random_piece(r, b, !is_label || rng_below(r, 8) == 0);
            }
        }
        if (i + 1 < rows || rng_below(r, 2))
            buf_append(b, rng_below(r, 5) ? "\n" : (rng_below(r, 2) ? "\r\n"
                                                                  : "\r"));
    }
}

static void test_fast_rows_match_general_path(void **state)
{
    (void)state;
    struct test_rng r = {9001};
    struct buf text;
    buf_init(&text);
    size_t accepted = 0;
    for (int i = 0; i < 20000; i++) {
        random_table(&r, &text);
        struct table a, b;
        struct table_meta ma = {0}, mb = {0};
        struct error ea = {""}, eb = {""};
        table_init(&a);
        table_init(&b);
        table_fast_rows = true;
        bool oka = table_parse(text.s, text.len, "f", &a, &ma, &ea);
        table_fast_rows = false;
        bool okb = table_parse(text.s, text.len, "f", &b, &mb, &eb);
        table_fast_rows = true;
        if (oka != okb || strcmp(ea.msg, eb.msg) != 0)
            fail_msg("fast %d \"%s\", general %d \"%s\"\n---\n%s---", oka,
                     ea.msg, okb, eb.msg, text.s);
        if (oka) {
            accepted++;
            assert_int_equal(a.n, b.n);
            assert_memory_equal(a.p, b.p, a.n * sizeof *a.p);
            assert_memory_equal(a.q, b.q, a.n * sizeof *a.q);
            for (size_t k = 0; k < a.n; k++)
                assert_string_equal(a.labels[k], b.labels[k]);
            assert_int_equal(ma.has_base, mb.has_base);
            assert_same_double(a.p_sum, b.p_sum);
            assert_same_double(a.q_sum, b.q_sum);
        }
        table_free(&a);
        table_free(&b);
    }
    /* a row that is fine but for its length: the line limit holds */
    size_t zeros = TABLE_MAX_LINE + 10;
    buf_reset(&text);
    buf_append(&text, "label,p,q\na,0.5,0.5\nb,");
    for (size_t k = 0; k < zeros; k++)
        buf_putc(&text, '0');
    buf_append(&text, "1,0.5\n");
    struct table t;
    struct error e;
    table_init(&t);
    assert_false(table_parse(text.s, text.len, "f", &t, NULL, &e));
    assert_starts_with(e.msg, "f:3: line is ");
    /* both outcomes are well represented */
    assert_true(accepted > 2000 && accepted < 18000);
    buf_free(&text);
}
#endif

/* Duplicate labels are found on two threads (one per half of the hash
 * space) from 2^16 rows: the message still names the first repeat in the
 * file and both lines, counted past blank and comment lines. */
static void test_duplicates_first_in_file(void **state)
{
    struct fixture *f = *state;
    struct test_rng r = {77};
    struct buf text;
    buf_init(&text);
    size_t sizes[] = {50, 70000, 200000};
    for (size_t round = 0; round < 12; round++) {
        size_t n = sizes[round % 3];
        size_t *name = malloc(n * sizeof *name);
        size_t *line = malloc(n * sizeof *line);
        assert_non_null(name);
        assert_non_null(line);
        for (size_t i = 0; i < n; i++)
            name[i] = i;
        /* a few repeats; round 0 of each size has none */
        size_t repeats = round < 3 ? 0 : 1 + rng_below(&r, 4);
        for (size_t k = 0; k < repeats; k++) {
            size_t at = 1 + rng_below(&r, n - 1);
            name[at] = name[rng_below(&r, at)];
        }
        buf_reset(&text);
        buf_append(&text, "# a table\nlabel,p,q\n");
        size_t ln = 2;
        for (size_t i = 0; i < n; i++) {
            if (rng_below(&r, 50) == 0) {
                buf_append(&text, rng_below(&r, 2) ? "\n" : "# note\r\n");
                ln++;
            }
            buf_printf(&text, "lab%zu,1,2%s", name[i],
                       rng_below(&r, 9) ? "\n" : "\r\n");
            line[i] = ++ln;
        }
        /* the expected first repeat */
        size_t first = SIZE_MAX, prev = SIZE_MAX;
        size_t *seen = calloc(n, sizeof *seen);   /* name -> index+1 */
        assert_non_null(seen);
        for (size_t i = 0; i < n && first == SIZE_MAX; i++) {
            if (seen[name[i]]) {
                first = i;
                prev = seen[name[i]] - 1;
            }
            seen[name[i]] = i + 1;
        }
        bool ok = table_parse(text.s, text.len, "d.csv", &f->t, NULL,
                              &f->err);
        if (first == SIZE_MAX) {
            if (!ok)
                fail_msg("rejected: %s", f->err.msg);
            assert_int_equal(f->t.n, n);
        } else {
            char want[200];
            snprintf(want, sizeof want, "d.csv:%zu: label 'lab%zu' was "
                     "already used on line %zu", line[first], name[first],
                     line[prev]);
            assert_false(ok);
            assert_starts_with(f->err.msg, want);
        }
        free(seen);
        free(name);
        free(line);
    }
    buf_free(&text);
}

/* The label hash klx used before it was keyed: fixed, so labels could be
 * crafted to collide. */
static uint32_t old_label_hash(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, sizeof w);
        h = (h ^ w) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 32;
    }
    if (len) {
        uint64_t w = 0;
        while (len)
            w = (w << 8) | (unsigned char)s[--len];
        h = (h ^ w) * 0xBF58476D1CE4E5B9u;
    }
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
    return (uint32_t)((h ^ (h >> 31)) >> 32);
}

static bool label_byte(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != ',' && c != '"';
}

/* Labels of 16 bytes that all have one old hash: after the first word the
 * old hash's state is h1, and a second word h1 ^ C brings every label to
 * the same state; the first words are tried until that word is text. */
static void colliding_labels(size_t n, char (*out)[17])
{
    const uint64_t c = 0x4142434445464748u;
    uint64_t h0 = 0x9E3779B97F4A7C15u ^ 16, seq = 0;
    for (size_t k = 0; k < n;) {
        unsigned char w1[8];
        uint64_t x = seq++;
        for (int b = 0; b < 8; b++, x /= 62)
            w1[b] = (unsigned char)"0123456789abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[x % 62];
        uint64_t w, h;
        memcpy(&w, w1, 8);
        h = (h0 ^ w) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 32;
        uint64_t w2 = h ^ c;
        unsigned char b2[8];
        memcpy(b2, &w2, 8);
        bool text = true;
        for (int b = 0; b < 8 && text; b++)
            text = label_byte(b2[b]);
        if (!text)
            continue;
        memcpy(out[k], w1, 8);
        memcpy(out[k] + 8, b2, 8);
        out[k][16] = '\0';
        k++;
    }
}

/* 20,000 labels that all collide under the old, fixed hash: each probe of
 * the duplicate search met every earlier label (200,000 took 45 s). With
 * the keyed hash the search looks at about one slot per label, in a load
 * and in table_find_duplicate (the `labels` command). */
static void test_crafted_labels_do_not_collide(void **state)
{
    struct fixture *f = *state;
    enum { N = 20000 };
    char (*label)[17] = malloc(N * sizeof *label);
    assert_non_null(label);
    colliding_labels(N, label);
    uint32_t h = old_label_hash(label[0], 16);
    for (size_t i = 1; i < N; i++)
        assert_int_equal(old_label_hash(label[i], 16), h);
    struct buf text;
    buf_init(&text);
    buf_append(&text, "label,p,q\n");
    for (size_t i = 0; i < N; i++)
        buf_printf(&text, "%s,1,1\n", label[i]);
    table_dup_probes = 0;
    expect_ok(f, text.s);
    assert_int_equal(f->t.n, N);
    assert_in_range(table_dup_probes, N, 4 * N);
    /* a repeat is still found, where it is */
    buf_printf(&text, "%s,1,1\n", label[123]);
    expect_error(f, text.s, "f.csv:20002: label '");
    assert_contains(f->err.msg, "was already used on line 125");

    char **v = malloc(N * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < N; i++)
        v[i] = label[i];
    size_t dup, prev;
    table_dup_probes = 0;
    assert_false(table_find_duplicate(v, N, &dup, &prev));
    assert_in_range(table_dup_probes, N, 4 * N);
    v[N - 1] = label[7];
    assert_true(table_find_duplicate(v, N, &dup, &prev));
    assert_int_equal(dup, N - 1);
    assert_int_equal(prev, 7);
    free(v);
    buf_free(&text);
    free(label);
}

static void test_detect_sep(void **state)
{
    (void)state;
    assert_int_equal(table_detect_sep("a,b\tc", 5), TABLE_SEP_TAB);
    assert_int_equal(table_detect_sep("a, b c", 6), TABLE_SEP_COMMA);
    assert_int_equal(table_detect_sep("a  b c", 6), TABLE_SEP_BLANKS);
    /* only the first len bytes count */
    assert_int_equal(table_detect_sep("a b,c", 3), TABLE_SEP_BLANKS);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_csv_header),
        T(test_detect_sep),
        T(test_no_header),
        T(test_tsv_and_whitespace),
        T(test_comments_blank_bom_crlf),
        T(test_quoted_csv),
        T(test_meta_base),
        T(test_cr_only_line_ends),
        T(test_errors_values),
        T(test_errors_header),
        T(test_errors_labels),
        T(test_error_nul_byte),
        T(test_from_values_find_copy),
        T(test_check_label),
        T(test_label_c1_controls),
        T(test_write_format),
        T(test_roundtrip_tricky_labels),
        T(test_roundtrip_random),
        T(test_load),
#ifdef KLX_TEST_HOOKS
        T(test_load_file_changed_while_read),
#endif
        T(test_load_sparse_nul_reads_first_chunk),
        T(test_load_retries_interrupted_reads),
        T(test_load_cancelled_by_a_signal),
        T(test_load_stdin_terminal_one_eof),
        T(test_save_and_load_back),
        T(test_write_negative_zero),
#ifdef KLX_TEST_HOOKS
        T(test_save_atomic_with_fault),
#endif
        T(test_save_errors),
        T(test_single_column),
        T(test_label_storage),
        T(test_progress),
        T(test_split_halves),
#ifdef KLX_TEST_HOOKS
        T(test_fast_rows_match_general_path),
#endif
        T(test_duplicates_first_in_file),
        T(test_mapped_pages_given_back),
        T(test_crafted_labels_do_not_collide),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
