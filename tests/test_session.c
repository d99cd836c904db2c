/* Unit tests for core/session: every mutation is all-or-nothing and one
 * undo step; undo/redo restore exact values; load/save and dirty flags. */
#include "test_util.h"

#include <fcntl.h>

#include "core/dist.h"
#include "core/session.h"

/* A writable string (the session API takes char *const *). */
#define S(lit) ((char[]){lit})

struct fixture {
    struct session s;
    struct error err;
    char *dir;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    f->dir = scratch_dir();
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    session_free(&f->s);
    scratch_remove(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* A frozen copy of everything a mutation may change. */
struct frozen {
    struct table t;
    enum log_base base;
    size_t undo, redo;
    bool dirty;
    struct divergence div;
};

static void freeze(const struct session *s, struct frozen *z)
{
    table_init(&z->t);
    table_copy(&z->t, &s->table);
    z->base = s->base;
    z->undo = s->undo.n;
    z->redo = s->redo.n;
    z->dirty = s->dirty;
    z->div = s->div;
}

static void assert_table_equal(const struct table *a, const struct table *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->p, b->p, a->n * sizeof *a->p);
    assert_memory_equal(a->q, b->q, a->n * sizeof *a->q);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->labels[i], b->labels[i]);
    assert_int_equal(a->auto_labels, b->auto_labels);
}

/* The session is exactly as frozen (and frees the copy). */
static void assert_unchanged(const struct session *s, struct frozen *z)
{
    assert_table_equal(&s->table, &z->t);
    assert_int_equal(s->base, z->base);
    assert_int_equal(s->undo.n, z->undo);
    assert_int_equal(s->redo.n, z->redo);
    assert_int_equal(s->dirty, z->dirty);
    assert_memory_equal(&s->div, &z->div, sizeof s->div);
    table_free(&z->t);
}

/* The cached divergences always match the table. */
static void assert_current(const struct session *s)
{
    struct divergence d, k, scratch;
    divergence_compute(s->table.p, s->table.q, s->table.n, &d);
    /* div holds KL only (divergence_kl's bits); session_measures gives
     * everything (test_derived.c: with a derived that keeps them) */
    divergence_kl(s->table.p, s->table.q, s->table.n, &k);
    assert_memory_equal(&k, &s->div, sizeof d);
    assert_memory_equal(&d, session_measures(s, NULL, &scratch), sizeof d);
    assert_close(dist_sum(s->table.p, s->table.n), 1.0, 0, 1e-15);
    assert_close(dist_sum(s->table.q, s->table.n), 1.0, 0, 1e-15);
}

static void test_init_example(void **state)
{
    struct fixture *f = *state;
    const struct table *t = &f->s.table;
    assert_int_equal(t->n, 4);
    const double p[] = {0.1, 0.2, 0.3, 0.4}, q[] = {0.2, 0.3, 0.3, 0.2};
    const char *const l[] = {"a", "b", "c", "d"};
    for (size_t i = 0; i < 4; i++) {
        assert_same_double(t->p[i], p[i]);
        assert_same_double(t->q[i], q[i]);
        assert_string_equal(t->labels[i], l[i]);
    }
    assert_false(t->auto_labels);
    assert_int_equal(f->s.base, BASE_E);
    assert_false(f->s.dirty);
    assert_null(f->s.path);
    assert_int_equal(f->s.undo.n, 0);
    assert_int_equal(f->s.redo.n, 0);
    assert_close(f->s.div.pq.total, 0.12685113254635071643, 1e-14, 0);
    assert_current(&f->s);
    assert_string_equal(session_unit(&f->s), "nats");
    assert_same_double(session_scaled(&f->s, 2.0), 2.0);
    assert_string_equal(which_name(WHICH_P), "P");
    assert_string_equal(which_name(WHICH_Q), "Q");
}

static void test_set_dist_same_length(void **state)
{
    struct fixture *f = *state;
    const double v[] = {1, 1, 1, 1};
    bool resized = true;
    assert_true(session_set_dist(&f->s, NULL, WHICH_P, v, 4, &resized, &f->err));
    assert_false(resized);
    for (size_t i = 0; i < 4; i++)
        assert_same_double(f->s.table.p[i], 0.25);
    assert_same_double(f->s.table.p_sum, 4.0);
    assert_same_double(f->s.table.q[0], 0.2);   /* Q untouched */
    assert_string_equal(f->s.table.labels[0], "a");
    assert_int_equal(f->s.undo.n, 1);
    assert_true(f->s.dirty);
    assert_current(&f->s);
    const double w[] = {0, 0, 0, 2};
    assert_true(session_set_dist(&f->s, NULL, WHICH_Q, w, 4, NULL, &f->err));
    assert_same_double(f->s.table.q[3], 1.0);
    assert_same_double(f->s.table.q_sum, 2.0);
    assert_true(isinf(f->s.div.pq.total));
    assert_int_equal(f->s.div.pq.n_inf, 3);
    assert_current(&f->s);
}

static void test_set_dist_resize(void **state)
{
    struct fixture *f = *state;
    struct frozen z;
    freeze(&f->s, &z);
    const double v[] = {1, 2, 3, 4, 10};
    bool resized = false;
    assert_true(session_set_dist(&f->s, NULL, WHICH_Q, v, 5, &resized, &f->err));
    assert_true(resized);
    const struct table *t = &f->s.table;
    assert_int_equal(t->n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_same_double(t->p[i], 0.2);   /* the other one is uniform */
        assert_same_double(t->q[i], v[i] / 20);
        char b[8];
        snprintf(b, sizeof b, "%zu", i + 1);
        assert_string_equal(t->labels[i], b);
    }
    assert_true(t->auto_labels);
    assert_int_equal(f->s.undo.n, 1);
    assert_current(&f->s);
    /* one undo brings back the 4 labelled entries exactly */
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_table_equal(&f->s.table, &z.t);
    assert_current(&f->s);
    table_free(&z.t);
}

static void test_set_dist_failures_change_nothing(void **state)
{
    struct fixture *f = *state;
    const double neg[] = {0.5, -0.5, 1, 1};
    const double nan[] = {NAN, 1, 1};
    const double zero[] = {0, 0, 0, 0};
    const double inf[] = {1, INFINITY};
    /* one successful step first, so undo/redo depths are nonzero */
    assert_true(session_swap(&f->s, NULL));
    assert_true(session_undo(&f->s, NULL, &f->err));
    struct frozen z;
    struct { const double *v; size_t n; const char *msg; } bad[] = {
        {neg, 4, "P entry 2: -0.5 is negative"},
        {nan, 3, "P entry 1: a value is NaN"},
        {zero, 4, "P is all zeros"},
        {inf, 2, "P entry 2: a value is infinite"},
        {neg, 0, "no values"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        freeze(&f->s, &z);
        assert_false(session_set_dist(&f->s, NULL, WHICH_P, bad[k].v, bad[k].n,
                                      NULL, &f->err));
        assert_starts_with(f->err.msg, bad[k].msg);
        assert_unchanged(&f->s, &z);
    }
}

static void test_set_both_and_labels(void **state)
{
    struct fixture *f = *state;
    const double p[] = {1, 3}, q[] = {1, 1};
    char *labels[] = {S("heads"), S("tails")};
    assert_true(session_set_both(&f->s, NULL, p, q, 2, labels, &f->err));
    assert_int_equal(f->s.table.n, 2);
    assert_string_equal(f->s.table.labels[1], "tails");
    assert_false(f->s.table.auto_labels);
    assert_same_double(f->s.table.p[1], 0.75);
    assert_int_equal(f->s.undo.n, 1);
    assert_current(&f->s);
    assert_true(session_set_both(&f->s, NULL, p, q, 2, NULL, &f->err));
    assert_true(f->s.table.auto_labels);
    assert_string_equal(f->s.table.labels[0], "1");

    struct frozen z;
    char *dup[] = {S("x"), S("x")};
    freeze(&f->s, &z);
    assert_false(session_set_both(&f->s, NULL, p, q, 2, dup, &f->err));
    assert_contains(f->err.msg, "'x' is given twice");
    assert_unchanged(&f->s, &z);
    const double badq[] = {1, -1};
    freeze(&f->s, &z);
    assert_false(session_set_both(&f->s, NULL, p, badq, 2, NULL, &f->err));
    assert_starts_with(f->err.msg, "Q entry 2");
    assert_unchanged(&f->s, &z);

    /* labels */
    char *good[] = {S("H"), S("T")};
    assert_true(session_set_labels(&f->s, NULL, good, 2, &f->err));
    assert_string_equal(f->s.table.labels[0], "H");
    assert_false(f->s.table.auto_labels);
    char *three[] = {S("a"), S("b"), S("c")};
    char *empty[] = {S("a"), S("")};
    char *ctrl[] = {S("a"), S("b\x1b[31m")};
    char *bad_utf8[] = {S("\xFF"), S("b")};
    struct { char **l; size_t n; const char *msg; } cases[] = {
        {three, 3, "3 labels for 2 entries"},
        {dup, 2, "label 'x' is given twice"},
        {empty, 2, "label 2: empty label"},
        {ctrl, 2, "label 2: label has a control character"},
        {bad_utf8, 2, "label 1: label is not valid UTF-8"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        freeze(&f->s, &z);
        assert_false(session_set_labels(&f->s, NULL, cases[k].l, cases[k].n,
                                        &f->err));
        assert_starts_with(f->err.msg, cases[k].msg);
        assert_unchanged(&f->s, &z);
    }
}

static void test_set_entry(void **state)
{
    struct fixture *f = *state;
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 1, 0.3, &f->err));
    const double *p = f->s.table.p;
    assert_same_double(p[1], 0.3);
    assert_close(p[0], 0.1 * 0.7 / 0.8, 1e-15, 0);
    assert_close(p[2], 0.3 * 0.7 / 0.8, 1e-15, 0);
    assert_close(p[3], 0.4 * 0.7 / 0.8, 1e-15, 0);
    assert_int_equal(f->s.undo.n, 1);
    assert_current(&f->s);

    struct frozen z;
    freeze(&f->s, &z);
    assert_false(session_set_entry(&f->s, NULL, WHICH_Q, 4, 0.3, &f->err));
    assert_string_equal(f->err.msg, "Q has no entry 5 (it has 4)");
    assert_unchanged(&f->s, &z);
    freeze(&f->s, &z);
    assert_false(session_set_entry(&f->s, NULL, WHICH_Q, 0, 1.5, &f->err));
    assert_contains(f->err.msg, "between 0 and 1");
    assert_unchanged(&f->s, &z);
    freeze(&f->s, &z);
    assert_false(session_set_entry(&f->s, NULL, WHICH_Q, 0, NAN, &f->err));
    assert_unchanged(&f->s, &z);
}

static void test_add_and_delete(void **state)
{
    struct fixture *f = *state;
    assert_true(session_add(&f->s, NULL, "e", 0.2, 0.5, &f->err));
    const struct table *t = &f->s.table;
    assert_int_equal(t->n, 5);
    assert_string_equal(t->labels[4], "e");
    assert_same_double(t->p[4], 0.2);
    assert_same_double(t->q[4], 0.5);
    assert_close(t->p[0], 0.08, 1e-15, 0);
    assert_close(t->q[0], 0.1, 1e-15, 0);
    assert_int_equal(f->s.undo.n, 1);
    assert_current(&f->s);

    struct frozen z;
    const struct { const char *l; double p, q; const char *msg; } bad[] = {
        {"e", 0.1, 0.1, "an entry named 'e' exists already"},
        {"", 0.1, 0.1, "add: empty label"},
        {"x\ty", 0.1, 0.1, "add: label has a control character"},
        {"f", 1.5, 0.1, "the new entry's p and q must be between 0 and 1"},
        {"f", 0.1, -0.1, "the new entry's p and q must be between 0 and 1"},
        {"f", NAN, 0.1, "the new entry's p and q must be between 0 and 1"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        freeze(&f->s, &z);
        assert_false(session_add(&f->s, NULL, bad[k].l, bad[k].p, bad[k].q,
                                 &f->err));
        assert_starts_with(f->err.msg, bad[k].msg);
        assert_unchanged(&f->s, &z);
    }

    /* delete renormalizes what is left */
    assert_true(session_delete(&f->s, NULL, 4, &f->err));
    assert_int_equal(t->n, 4);
    assert_close(t->p[0], 0.1, 1e-15, 0);
    assert_close(t->q[3], 0.2, 1e-15, 0);
    assert_true(session_delete(&f->s, NULL, 0, &f->err));
    assert_int_equal(t->n, 3);
    assert_string_equal(t->labels[0], "b");
    assert_close(t->p[0], 0.2 / 0.9, 1e-15, 0);
    assert_close(t->p[2], 0.4 / 0.9, 1e-15, 0);
    assert_close(t->q[0], 0.3 / 0.8, 1e-15, 0);
    assert_current(&f->s);
    assert_int_equal(f->s.undo.n, 3);

    freeze(&f->s, &z);
    assert_false(session_delete(&f->s, NULL, 3, &f->err));
    assert_string_equal(f->err.msg, "no entry 4 (entries are 1 to 3)");
    assert_unchanged(&f->s, &z);

    /* deleting the entry that holds all of P's mass is refused */
    const double pm[] = {0, 1, 0};
    assert_true(session_set_dist(&f->s, NULL, WHICH_P, pm, 3, NULL, &f->err));
    freeze(&f->s, &z);
    assert_false(session_delete(&f->s, NULL, 1, &f->err));
    assert_starts_with(f->err.msg, "deleting entry 2 would leave P with no "
                                   "mass");
    assert_unchanged(&f->s, &z);

    /* automatic labels are renumbered after a delete */
    const double u[] = {1, 1, 1};
    assert_true(session_set_both(&f->s, NULL, u, u, 3, NULL, &f->err));
    assert_true(session_delete(&f->s, NULL, 0, &f->err));
    assert_string_equal(t->labels[0], "1");
    assert_string_equal(t->labels[1], "2");
    assert_true(session_delete(&f->s, NULL, 0, &f->err));
    freeze(&f->s, &z);
    assert_false(session_delete(&f->s, NULL, 0, &f->err));
    assert_string_equal(f->err.msg, "cannot delete the only entry");
    assert_unchanged(&f->s, &z);
}

static void test_swap_uniform_base(void **state)
{
    struct fixture *f = *state;
    double kl_pq = f->s.div.pq.total, kl_qp = f->s.div.qp.total;
    assert_true(session_swap(&f->s, NULL));
    assert_same_double(f->s.div.pq.total, kl_qp);
    assert_same_double(f->s.div.qp.total, kl_pq);
    assert_same_double(f->s.table.p[0], 0.2);
    assert_true(session_uniform(&f->s, NULL, WHICH_Q));
    for (size_t i = 0; i < 4; i++)
        assert_same_double(f->s.table.q[i], 0.25);
    assert_same_double(f->s.table.q_sum, 1.0);
    assert_true(session_set_base(&f->s, NULL, BASE_2));
    assert_int_equal(f->s.base, BASE_2);
    assert_string_equal(session_unit(&f->s), "bits");
    assert_close(session_scaled(&f->s, 0.12685113254635071643),
                 0.18300749985576876371, 1e-15, 0);
    assert_int_equal(f->s.undo.n, 3);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.base, BASE_E);
    assert_current(&f->s);
}

static void test_undo_redo_exact(void **state)
{
    struct fixture *f = *state;
    struct frozen start, end;
    freeze(&f->s, &start);
    const double v[] = {3, 1, 4, 1};
    assert_true(session_set_dist(&f->s, NULL, WHICH_P, v, 4, NULL, &f->err));
    assert_true(session_set_entry(&f->s, NULL, WHICH_Q, 2, 0.123456789, &f->err));
    assert_true(session_add(&f->s, NULL, "new", 0.01, 0.3, &f->err));
    assert_true(session_delete(&f->s, NULL, 1, &f->err));
    assert_true(session_set_base(&f->s, NULL, BASE_10));
    assert_true(session_swap(&f->s, NULL));
    freeze(&f->s, &end);
    assert_int_equal(f->s.undo.n, 6);
    for (int i = 0; i < 6; i++)
        assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(session_undo(&f->s, NULL, &f->err));
    assert_string_equal(f->err.msg, "nothing to undo");
    assert_int_equal(f->s.redo.n, 6);
    start.redo = 6;
    /* undone back to the start: nothing differs from it */
    assert_unchanged(&f->s, &start);
    for (int i = 0; i < 6; i++)
        assert_true(session_redo(&f->s, NULL, &f->err));
    assert_false(session_redo(&f->s, NULL, &f->err));
    assert_string_equal(f->err.msg, "nothing to redo");
    assert_unchanged(&f->s, &end);
    assert_current(&f->s);

    /* a new change clears redo */
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.redo.n, 2);
    assert_true(session_uniform(&f->s, NULL, WHICH_P));
    assert_int_equal(f->s.redo.n, 0);
    assert_false(session_redo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.undo.n, 5);
}

/* Modified means "differs from what was loaded or saved": undo back to
 * it, edits that cancel out and a fresh load all leave it clean. */
static void test_modified_means_differs(void **state)
{
    struct fixture *f = *state;
    assert_false(f->s.dirty);
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.11, &f->err));
    assert_true(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(f->s.dirty);   /* back at the start */
    assert_true(session_redo(&f->s, NULL, &f->err));
    assert_true(f->s.dirty);
    /* l then h: up a step and down again is no change */
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.1, &f->err));
    assert_false(f->s.dirty);
    assert_true(session_set_base(&f->s, NULL, BASE_2));
    assert_true(f->s.dirty);

    /* a save is the new clean state; undo past it is a change again */
    char *path = scratch_path(f->dir, "m.csv");
    assert_true(session_save(&f->s, path, 0, &f->err));
    assert_false(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_true(f->s.dirty);
    assert_true(session_redo(&f->s, NULL, &f->err));
    assert_false(f->s.dirty);

    /* loading a preset (not the user's file) leaves nothing modified */
    assert_true(session_uniform(&f->s, NULL, WHICH_Q));
    assert_true(f->s.dirty);
    assert_true(session_load_preset(&f->s, NULL, path, &f->err));
    assert_false(f->s.dirty);
    assert_null(f->s.path);
    free(path);
}

/* Above SESSION_CLEAN_COMPARE entries edits are not compared (each stays
 * O(1) extra), but undo back to the loaded state still clears it. */
static void test_modified_large_table(void **state)
{
    struct fixture *f = *state;
    size_t n = SESSION_CLEAN_COMPARE + 1;
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = 1;
    assert_true(session_set_dist(&f->s, NULL, WHICH_P, v, n, NULL, &f->err));
    session_mark_start(&f->s);
    assert_false(f->s.dirty);
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.5, &f->err));
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 1, 0.25, &f->err));
    assert_true(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_true(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(f->s.dirty);
    free(v);
}

/* Saving a file back keeps its own comment lines (once, however often it
 * is saved), and saving elsewhere does not copy them. */
static void test_save_keeps_comments(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "c.csv");
    FILE *w = fopen(path, "w");
    assert_non_null(w);
    fputs("# coin flips, 2024\n# source: the lab\n\nlabel,p,q\n"
          "h,0.5,0.4\nt,0.5,0.6\n", w);
    fclose(w);
    assert_true(session_load(&f->s, NULL, path, NULL, &f->err));
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.25, &f->err));
    assert_true(session_save(&f->s, path, 0, &f->err));
    assert_true(session_save(&f->s, path, 0, &f->err));
    char text[1024];
    w = fopen(path, "r");
    assert_non_null(w);
    size_t n = fread(text, 1, sizeof text - 1, w);
    fclose(w);
    text[n] = '\0';
    const char *head = "# coin flips, 2024\n# source: the lab\n# klx table:";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    /* once each: the writer's own lines are not kept as comments */
    const char *second = strstr(text + 1, "# coin flips");
    assert_null(second);
    assert_null(strstr(strstr(text, "# klx table") + 1, "# klx table"));
    assert_non_null(strstr(text, "h,0.25,"));
    free(path);
    path = scratch_path(f->dir, "other.csv");
    assert_true(session_save(&f->s, path, 0, &f->err));
    w = fopen(path, "r");
    assert_non_null(w);
    n = fread(text, 1, sizeof text - 1, w);
    fclose(w);
    text[n] = '\0';
    assert_null(strstr(text, "coin flips"));   /* another file now */
    free(path);
}

static void test_undo_descriptions(void **state)
{
    struct fixture *f = *state;
    assert_true(session_swap(&f->s, NULL));
    assert_string_equal(f->s.undo.v[0].what, "swap");
    unsigned long before = f->s.next_id;
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 1, 0.3, &f->err));
    assert_string_equal(f->s.undo.v[1].what, "set");
    session_name_steps(&f->s, before, "set p 2 0.3");
    assert_string_equal(f->s.undo.v[0].what, "swap");   /* older: kept */
    assert_string_equal(f->s.undo.v[1].what, "set p 2 0.3");
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_string_equal(f->s.redo.v[0].what, "set p 2 0.3");
}

/* Naming a step counts the name's bytes, and a longer name keeps undo
 * and redo within the budget by forgetting older steps, never the one
 * named last. */
static void test_undo_name_bytes(void **state)
{
    struct fixture *f = *state;
    assert_true(session_swap(&f->s, NULL));
    assert_true(session_swap(&f->s, NULL));
    unsigned long before = f->s.next_id;
    assert_true(session_swap(&f->s, NULL));
    size_t budget = f->s.undo.bytes + 10;
    session_set_undo_budget(&f->s, budget);
    char name[200];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    session_name_steps(&f->s, before, name);
    assert_true(f->s.undo.n >= 1 && f->s.undo.n < 3);
    assert_string_equal(f->s.undo.v[f->s.undo.n - 1].what, name);
    assert_true(f->s.undo.bytes + f->s.redo.bytes <= budget);
    size_t sum = 0;
    for (size_t i = 0; i < f->s.undo.n; i++)
        sum += f->s.undo.v[i].bytes;
    assert_int_equal(f->s.undo.bytes, sum);
}

static void test_undo_limit(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < SESSION_UNDO_LIMIT + 50; i++)
        assert_true(session_set_base(&f->s, NULL, i % 2 ? BASE_2 : BASE_10));
    assert_int_equal(f->s.undo.n, SESSION_UNDO_LIMIT);
    for (int i = 0; i < SESSION_UNDO_LIMIT; i++)
        assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(session_undo(&f->s, NULL, &f->err));
    /* the oldest 50 steps were forgotten: base is the one after step 50 */
    assert_int_equal(f->s.base, 49 % 2 ? BASE_2 : BASE_10);
    assert_int_equal(f->s.redo.n, SESSION_UNDO_LIMIT);
    for (int i = 0; i < SESSION_UNDO_LIMIT; i++)
        assert_true(session_redo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.base, (SESSION_UNDO_LIMIT + 49) % 2 ? BASE_2
                                                               : BASE_10);
}

/* A joint table is data too: making or editing one sets dirty (the
 * header's [modified], the quit question), undoing it clears it. */
static void test_joint_edit_dirty(void **state)
{
    struct fixture *f = *state;
    assert_false(f->s.dirty);
    struct joint j;
    joint_init(&j);
    assert_true(joint_copy_n(&j, 2, &f->err));
    session_set_joint(&f->s, &j, "joint");
    assert_true(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(f->s.dirty);
    assert_true(session_redo(&f->s, NULL, &f->err));
    assert_true(f->s.dirty);
}

static void test_save_load_dirty(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "s.csv");
    assert_true(session_set_base(&f->s, NULL, BASE_2));
    assert_true(f->s.dirty);
    struct frozen z;
    freeze(&f->s, &z);
    assert_true(session_save(&f->s, path, 0, &f->err));
    assert_false(f->s.dirty);
    assert_string_equal(f->s.path, path);
    /* saving is not an undo step */
    assert_int_equal(f->s.undo.n, z.undo);
    /* saving to its own path works (s->path aliasing) */
    assert_true(session_save(&f->s, f->s.path, 0, &f->err));
    assert_string_equal(f->s.path, path);

    assert_true(session_uniform(&f->s, NULL, WHICH_P));
    assert_true(session_set_base(&f->s, NULL, BASE_E));
    assert_true(f->s.dirty);
    assert_true(session_load(&f->s, NULL, path, NULL, &f->err));
    assert_false(f->s.dirty);
    assert_int_equal(f->s.base, BASE_2);   /* from the file's meta line */
    assert_table_equal(&f->s.table, &z.t);
    assert_current(&f->s);
    assert_int_equal(f->s.undo.n, z.undo + 3);   /* load is undoable */
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_true(f->s.dirty);
    assert_int_equal(f->s.base, BASE_E);
    table_free(&z.t);

    /* failures change nothing */
    char *missing = scratch_path(f->dir, "missing.csv");
    freeze(&f->s, &z);
    assert_false(session_load(&f->s, NULL, missing, NULL, &f->err));
    assert_contains(f->err.msg, "cannot open");
    assert_unchanged(&f->s, &z);
    assert_string_equal(f->s.path, path);
    char *bad = scratch_path(f->dir, "bad.csv");
    assert_true(write_file(bad, "a,1,1\na,1,1\n", 12));
    freeze(&f->s, &z);
    assert_false(session_load(&f->s, NULL, bad, NULL, &f->err));
    assert_contains(f->err.msg, ":2: label 'a' was already used");
    assert_unchanged(&f->s, &z);
    char *nodir = scratch_path(f->dir, "no/such.csv");
    freeze(&f->s, &z);
    assert_false(session_save(&f->s, nodir, 0, &f->err));
    assert_unchanged(&f->s, &z);
    assert_string_equal(f->s.path, path);

    /* a pipe shows the table but keeps nothing: still unsaved, and the
     * session's file stays the same */
    char *fifo = scratch_path(f->dir, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    assert_true(f->s.dirty);
    assert_true(session_save(&f->s, fifo, 0, &f->err));
    char got[64] = {0};
    assert_true(read(rd, got, sizeof got - 1) > 0);
    assert_starts_with(got, "# klx table");
    close(rd);
    assert_true(f->s.dirty);
    assert_string_equal(f->s.path, path);
    unlink(fifo);
    free(fifo);
    free(nodir);
    free(bad);
    free(missing);
    free(path);
}

static void test_replace_and_mark_start(void **state)
{
    struct fixture *f = *state;
    struct table t;
    table_init(&t);
    const double p[] = {1, 1};
    assert_true(table_from_values(&t, p, NULL, 2, &f->err));
    session_replace(&f->s, NULL, &t, "cli");
    assert_int_equal(t.n, 0);   /* taken over */
    assert_int_equal(f->s.table.n, 2);
    assert_int_equal(f->s.undo.n, 1);
    assert_string_equal(f->s.undo.v[0].what, "cli");
    assert_current(&f->s);
    session_mark_start(&f->s);
    assert_int_equal(f->s.undo.n, 0);
    assert_int_equal(f->s.redo.n, 0);
    assert_false(f->s.dirty);
    assert_false(session_undo(&f->s, NULL, &f->err));
}

/* Undo holds only the old array for one-distribution edits, nothing for
 * swap and base, stays within its byte budget by forgetting the oldest
 * steps, and still restores every kept step bit for bit. */
static void test_undo_budget(void **state)
{
    struct fixture *f = *state;
    enum { N = 1000, STEPS = 40 };
    double p[N], q[N];
    for (size_t i = 0; i < N; i++) {
        p[i] = (double)(i % 7 + 1);
        q[i] = (double)(i % 5 + 1);
    }
    assert_true(session_set_both(&f->s, NULL, p, q, N, NULL, &f->err));
    session_mark_start(&f->s);

    /* a set keeps N doubles (plus a little), a swap or base keeps none */
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 3, 0.25, &f->err));
    size_t one = f->s.undo.bytes;
    assert_true(one >= N * sizeof(double) && one < N * sizeof(double) + 1024);
    assert_true(session_swap(&f->s, NULL));
    assert_true(session_set_base(&f->s, NULL, BASE_2));
    assert_true(f->s.undo.bytes - one < 1024);
    session_mark_start(&f->s);
    assert_int_equal(f->s.undo.bytes, 0);

    /* a budget of ten set steps */
    session_set_undo_budget(&f->s, 10 * one + 10);
    static double before[STEPS][N];
    for (int k = 0; k < STEPS; k++) {
        memcpy(before[k], f->s.table.p, sizeof before[k]);
        assert_true(session_set_entry(&f->s, NULL, k % 2 ? WHICH_Q : WHICH_P,
                                      (size_t)k * 13 % N, 0.001 * (k + 1),
                                      &f->err));
        assert_true(f->s.undo.bytes + f->s.redo.bytes <=
                    f->s.memory.budget);
    }
    assert_int_equal(f->s.undo.n, 10);
    for (int k = STEPS - 1; k >= STEPS - 10; k--) {
        assert_true(session_undo(&f->s, NULL, &f->err));
        assert_memory_equal(f->s.table.p, before[k], sizeof before[k]);
        assert_true(f->s.undo.bytes + f->s.redo.bytes <=
                    f->s.memory.budget);
    }
    assert_false(session_undo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.redo.n, 10);
    for (int k = 0; k < 10; k++)
        assert_true(session_redo(&f->s, NULL, &f->err));

    /* the latest step is kept even when it alone is over the budget */
    session_set_undo_budget(&f->s, 1);
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.5, &f->err));
    assert_int_equal(f->s.undo.n, 1);
    assert_true(session_undo(&f->s, NULL, &f->err));
}

/* A lower budget applies at once: the oldest undo steps, then the redo
 * steps go, the latest undo step stays. */
static void test_undo_budget_set(void **state)
{
    struct fixture *f = *state;
    for (int k = 0; k < 4; k++)
        assert_true(session_swap(&f->s, NULL));
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_int_equal(f->s.undo.n, 3);
    assert_int_equal(f->s.redo.n, 1);
    unsigned long top = f->s.undo.v[2].id;
    session_set_undo_budget(&f->s, 0);
    assert_int_equal(f->s.undo.n, 1);
    assert_int_equal(f->s.redo.n, 0);
    assert_int_equal(f->s.undo.v[0].id, top);
    assert_int_equal(f->s.undo.bytes, f->s.undo.v[0].bytes);
    assert_true(f->s.dirty);
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_false(session_undo(&f->s, NULL, &f->err));
}

static size_t label_text_bytes(const struct table *t)
{
    size_t b = 0;
    for (size_t i = 0; i < t->n; i++)
        b += strlen(t->labels[i]) + 1;
    return b;
}

/* Every SNAP_TABLE step is charged at least its label storage, and the
 * history's totals are the sums of its steps. */
static void check_history_bytes(const struct session *s)
{
    const struct history *h[2] = {&s->undo, &s->redo};
    for (int k = 0; k < 2; k++) {
        size_t sum = 0;
        for (size_t i = 0; i < h[k]->n; i++) {
            const struct snapshot *sn = &h[k]->v[i];
            if (sn->kind == SNAP_TABLE)
                assert_true(sn->bytes >= table_label_storage(&sn->table));
            sum += sn->bytes;
        }
        assert_int_equal(h[k]->bytes, sum);
    }
}

/* `labels`, `add` and `del` leave replaced labels' bytes behind in the
 * label storage: they grew without bound (3000 `labels` of 1000 labels:
 * 75 MB) and the undo budget did not count them. Now the storage stays
 * within about twice the labels' text, and each step is charged all the
 * storage it keeps. */
static void test_label_storage_bounded(void **state)
{
    struct fixture *f = *state;
    enum { N = 1000 };
    static double v[N];
    static char text[2][N][32];
    char *l[2][N];
    for (size_t i = 0; i < N; i++) {
        v[i] = 1;
        for (int k = 0; k < 2; k++) {
            snprintf(text[k][i], sizeof text[k][i], "%s-number-%06zu",
                     k ? "LABEL" : "label", i);
            l[k][i] = text[k][i];
        }
    }
    assert_true(session_set_both(&f->s, NULL, v, v, N, NULL, &f->err));
    for (int r = 0; r < 300; r++) {
        if (!session_set_labels(&f->s, NULL, l[r % 2], N, &f->err))
            fail_msg("%s", f->err.msg);
        assert_true(table_label_storage(&f->s.table) <=
                    2 * label_text_bytes(&f->s.table) + ((size_t)256 << 10));
        check_history_bytes(&f->s);
    }
    for (int r = 0; r < 2000; r++) {
        char name[32];
        snprintf(name, sizeof name, "extra-entry-%d", r);
        assert_true(session_add(&f->s, NULL, name, 0.001, 0.001, &f->err));
        assert_true(session_delete(&f->s, NULL, N, &f->err));
        assert_true(table_label_storage(&f->s.table) <=
                    2 * label_text_bytes(&f->s.table) + ((size_t)256 << 10));
    }
    check_history_bytes(&f->s);
    for (int r = 0; r < 50; r++)
        assert_true(session_undo(&f->s, NULL, &f->err));
    check_history_bytes(&f->s);
    assert_true(session_redo(&f->s, NULL, &f->err));   /* an add */
    assert_true(session_redo(&f->s, NULL, &f->err));   /* its del */
    check_history_bytes(&f->s);

    /* a budget of about five copies of the table with its labels */
    session_mark_start(&f->s);
    session_set_undo_budget(&f->s,
                            5 * (N * 24 + label_text_bytes(&f->s.table)) +
                                ((size_t)64 << 10));
    for (int r = 0; r < 40; r++) {
        assert_true(session_set_labels(&f->s, NULL, l[r % 2], N, &f->err));
        assert_true(f->s.undo.bytes + f->s.redo.bytes <=
                    f->s.memory.budget);
        check_history_bytes(&f->s);
    }
    assert_in_range(f->s.undo.n, 2, 6);
    assert_string_equal(f->s.table.labels[N - 1], "LABEL-number-000999");
}

/* The labels command finds a repeat among many labels with the hash set,
 * about one slot per label (it compared every pair: 10^5 labels, 9.4 s). */
static void test_labels_many_duplicate_check(void **state)
{
    struct fixture *f = *state;
    enum { N = 100000 };
    double *v = malloc(N * sizeof *v);
    char (*text)[16] = malloc(N * sizeof *text);
    char **l = malloc(N * sizeof *l);
    assert_true(v && text && l);
    for (size_t i = 0; i < N; i++) {
        v[i] = 1;
        snprintf(text[i], sizeof text[i], "t%zu", i);
        l[i] = text[i];
    }
    assert_true(session_set_both(&f->s, NULL, v, v, N, NULL, &f->err));
    table_dup_probes = 0;
    assert_true(session_set_labels(&f->s, NULL, l, N, &f->err));
    assert_in_range(table_dup_probes, N, 4 * N);
    assert_string_equal(f->s.table.labels[N - 1], "t99999");
    l[N - 1] = text[5];
    size_t undo = f->s.undo.n;
    assert_false(session_set_labels(&f->s, NULL, l, N, &f->err));
    assert_string_equal(f->err.msg, "label 't5' is given twice (labels "
                        "name entries and must be unique)");
    assert_int_equal(f->s.undo.n, undo);
    assert_string_equal(f->s.table.labels[N - 1], "t99999");
    free(v);
    free(text);
    free(l);
}

/* session_warm prepares the array the next one-distribution edit writes
 * into; the edit takes it, a failing edit gives it back, and results are
 * the same as without it. */
static void test_warm_spare(void **state)
{
    struct fixture *f = *state;
    session_warm(&f->s);
    assert_non_null(f->s.memory.spare);
    double *spare = f->s.memory.spare;
    session_warm(&f->s);                      /* idempotent */
    assert_ptr_equal(f->s.memory.spare, spare);
    assert_true(session_set_entry(&f->s, NULL, WHICH_P, 0, 0.5, &f->err));
    assert_null(f->s.memory.spare);
    assert_ptr_equal(f->s.table.p, spare);
    assert_same_double(f->s.table.p[0], 0.5);
    session_warm(&f->s);
    spare = f->s.memory.spare;
    assert_false(session_set_entry(&f->s, NULL, WHICH_Q, 0, 2.0, &f->err));
    assert_false(session_smooth(&f->s, NULL, WHICH_Q, -1.0, &f->err));
    assert_ptr_equal(f->s.memory.spare, spare);      /* given back */
    assert_true(session_undo(&f->s, NULL, &f->err));
    assert_same_double(f->s.table.p[0], 0.1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_init_example),
        T(test_set_dist_same_length),
        T(test_set_dist_resize),
        T(test_set_dist_failures_change_nothing),
        T(test_set_both_and_labels),
        T(test_set_entry),
        T(test_add_and_delete),
        T(test_swap_uniform_base),
        T(test_undo_redo_exact),
        T(test_modified_means_differs),
        T(test_modified_large_table),
        T(test_save_keeps_comments),
        T(test_undo_descriptions),
        T(test_undo_limit),
        T(test_undo_budget),
        T(test_undo_budget_set),
        T(test_undo_name_bytes),
        T(test_label_storage_bounded),
        T(test_labels_many_duplicate_check),
        T(test_warm_spare),
        T(test_save_load_dirty),
        T(test_joint_edit_dirty),
        T(test_replace_and_mark_start),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
