#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static void recompute(struct session *s)
{
    divergence_compute(s->table.p, s->table.q, s->table.n, &s->div);
}

const char *which_name(enum which w)
{
    return w == WHICH_P ? "P" : "Q";
}

double session_scaled(const struct session *s, double nats)
{
    return nats * log_base_scale(s->base);
}

const char *session_unit(const struct session *s)
{
    return log_base_unit(s->base);
}

/* ---- history ---- */

static void snapshot_free(struct snapshot *sn)
{
    table_free(&sn->table);
    free(sn->what);
}

static void history_clear(struct history *h)
{
    for (size_t i = 0; i < h->n; i++)
        snapshot_free(&h->v[i]);
    h->n = 0;
}

static void history_free(struct history *h)
{
    history_clear(h);
    free(h->v);
    h->v = NULL;
    h->cap = 0;
}

static void history_push(struct history *h, const struct session *s,
                         const char *what)
{
    if (h->n == SESSION_UNDO_LIMIT) {
        /* Forget the oldest step: unbounded history would grow without
         * limit over an hour-long class. */
        snapshot_free(&h->v[0]);
        memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
        h->n--;
    }
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
        if (!h->v)
            abort();
    }
    struct snapshot *sn = &h->v[h->n++];
    table_init(&sn->table);
    table_copy(&sn->table, &s->table);
    sn->base = s->base;
    sn->what = xstrdup(what);
}

/* Restores the top of `from` into s, saving s's state on `to`. */
static bool history_step(struct session *s, struct history *from,
                         struct history *to)
{
    if (from->n == 0)
        return false;
    struct snapshot *sn = &from->v[--from->n];
    history_push(to, s, sn->what);
    table_free(&s->table);
    s->table = sn->table;       /* move: the snapshot's arrays become ours */
    s->base = sn->base;
    free(sn->what);
    s->dirty = true;
    recompute(s);
    return true;
}

bool session_undo(struct session *s, struct error *err)
{
    if (!history_step(s, &s->undo, &s->redo))
        return error_set(err, "nothing to undo");
    return true;
}

bool session_redo(struct session *s, struct error *err)
{
    if (!history_step(s, &s->redo, &s->undo))
        return error_set(err, "nothing to redo");
    return true;
}

/* Every mutation calls this after validating and before changing. */
static void begin(struct session *s, const char *what)
{
    /* The command line that asked for the change says best what undo will
     * take back. */
    history_push(&s->undo, s, s->change ? s->change : what);
    history_clear(&s->redo);
}

static void done(struct session *s)
{
    s->dirty = true;
    recompute(s);
}

/* ---- lifecycle ---- */

void session_init(struct session *s)
{
    static const double p[] = {0.1, 0.2, 0.3, 0.4};
    static const double q[] = {0.2, 0.3, 0.3, 0.2};
    static const char *const labels[] = {"a", "b", "c", "d"};
    memset(s, 0, sizeof *s);
    table_init(&s->table);
    table_from_values(&s->table, p, q, 4, NULL);
    for (size_t i = 0; i < 4; i++) {
        free(s->table.labels[i]);
        s->table.labels[i] = xstrdup(labels[i]);
    }
    s->table.auto_labels = false;
    s->base = BASE_E;
    s->alpha = 0.5;
    recompute(s);
}

void session_free(struct session *s)
{
    table_free(&s->table);
    history_free(&s->undo);
    history_free(&s->redo);
    free(s->path);
    memset(s, 0, sizeof *s);
}

/* ---- mutations ---- */

bool session_set_dist(struct session *s, enum which w, const double *v,
                      size_t n, bool *resized, struct error *err)
{
    bool same_n = n == s->table.n;
    if (resized)
        *resized = !same_n;
    if (!same_n) {
        /* A new length: the other distribution cannot keep its values, so
         * it becomes uniform, which is the neutral choice to compare with. */
        double *u = malloc((n ? n : 1) * sizeof *u);
        if (!u)
            abort();
        dist_uniform(u, n);
        struct table t;
        table_init(&t);
        bool ok = table_from_values(&t, w == WHICH_P ? v : u,
                                    w == WHICH_Q ? v : u, n, err);
        free(u);
        if (!ok)
            return false;
        session_replace(s, &t, w == WHICH_P ? "p" : "q");
        return true;
    }
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        abort();
    memcpy(tmp, v, n * sizeof *tmp);
    double sum;
    if (!dist_normalize(tmp, n, which_name(w), &sum, err)) {
        free(tmp);
        return false;
    }
    begin(s, w == WHICH_P ? "p" : "q");
    memcpy(w == WHICH_P ? s->table.p : s->table.q, tmp, n * sizeof *tmp);
    if (w == WHICH_P)
        s->table.p_sum = sum;
    else
        s->table.q_sum = sum;
    free(tmp);
    done(s);
    return true;
}

static bool check_labels(char *const *labels, size_t n, struct error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!table_check_label(labels[i], err)) {
            error_prefix(err, "label %zu", i + 1);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(labels[i], labels[j]) == 0)
                return error_set(err, "label '%s' is given twice (labels "
                                 "name entries and must be unique)",
                                 labels[i]);
    }
    return true;
}

bool session_set_both(struct session *s, const double *p, const double *q,
                      size_t n, char *const *labels, struct error *err)
{
    if (labels && !check_labels(labels, n, err))
        return false;
    struct table t;
    table_init(&t);
    if (!table_from_values(&t, p, q, n, err))
        return false;
    if (labels) {
        for (size_t i = 0; i < n; i++) {
            free(t.labels[i]);
            t.labels[i] = xstrdup(labels[i]);
        }
        t.auto_labels = false;
    }
    begin(s, "set both");
    table_free(&s->table);
    s->table = t;
    done(s);
    return true;
}

bool session_set_labels(struct session *s, char *const *labels, size_t n,
                        struct error *err)
{
    if (n != s->table.n)
        return error_set(err, "%zu label%s for %zu entries (hint: give one "
                         "label per entry)", n, n == 1 ? "" : "s",
                         s->table.n);
    if (!check_labels(labels, n, err))
        return false;
    begin(s, "labels");
    for (size_t i = 0; i < n; i++) {
        free(s->table.labels[i]);
        s->table.labels[i] = xstrdup(labels[i]);
    }
    s->table.auto_labels = false;
    done(s);
    return true;
}

bool session_set_entry(struct session *s, enum which w, size_t i, double v,
                       struct error *err)
{
    size_t n = s->table.n;
    double *cur = w == WHICH_P ? s->table.p : s->table.q;
    double *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        abort();
    memcpy(tmp, cur, n * sizeof *tmp);
    if (!dist_set(tmp, n, i, v, which_name(w), err)) {
        free(tmp);
        return false;
    }
    begin(s, "set");
    memcpy(cur, tmp, n * sizeof *tmp);
    free(tmp);
    done(s);
    return true;
}

bool session_add(struct session *s, const char *label, double p, double q,
                 struct error *err)
{
    struct table *t = &s->table;
    if (!table_check_label(label, err)) {
        error_prefix(err, "add");
        return false;
    }
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->labels[i], label) == 0)
            return error_set(err, "an entry named '%s' exists already "
                             "(labels must be unique)", label);
    if (!(p >= 0 && p <= 1) || !(q >= 0 && q <= 1))
        return error_set(err, "the new entry's p and q must be between 0 "
                         "and 1 (the others are rescaled to keep the sum "
                         "1)");
    if (p == 1 && dist_sum(t->p, t->n) == 0)
        return error_set(err, "internal: P has no mass");
    size_t n = t->n + 1;
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, "klx handles at most %zu entries",
                         DIST_MAX_ENTRIES);
    begin(s, "add");
    t->labels = realloc(t->labels, n * sizeof *t->labels);
    t->p = realloc(t->p, n * sizeof *t->p);
    t->q = realloc(t->q, n * sizeof *t->q);
    if (!t->labels || !t->p || !t->q)
        abort();
    /* The new entry takes mass p; the old ones keep their proportions. */
    for (size_t i = 0; i + 1 < n; i++) {
        t->p[i] *= 1.0 - p;
        t->q[i] *= 1.0 - q;
    }
    t->p[n - 1] = p;
    t->q[n - 1] = q;
    t->labels[n - 1] = xstrdup(label);
    t->n = n;
    t->auto_labels = false;
    /* What `normalize` reported was about the old input. */
    t->p_sum = t->q_sum = 1.0;
    done(s);
    return true;
}

bool session_delete(struct session *s, size_t i, struct error *err)
{
    struct table *t = &s->table;
    if (t->n == 1)
        return error_set(err, "cannot delete the only entry");
    if (i >= t->n)
        return error_set(err, "no entry %zu (entries are 1 to %zu)", i + 1,
                         t->n);
    double pr = 1.0 - t->p[i], qr = 1.0 - t->q[i];
    struct ksum kp = {0, 0}, kq = {0, 0};
    for (size_t j = 0; j < t->n; j++) {
        if (j != i) {
            ksum_add(&kp, t->p[j]);
            ksum_add(&kq, t->q[j]);
        }
    }
    pr = ksum_value(&kp);
    qr = ksum_value(&kq);
    if (pr == 0 || qr == 0)
        return error_set(err, "deleting entry %zu would leave %s with no "
                         "mass (hint: move some mass to another entry "
                         "first)", i + 1, pr == 0 ? "P" : "Q");
    begin(s, "del");
    free(t->labels[i]);
    for (size_t j = i; j + 1 < t->n; j++) {
        t->labels[j] = t->labels[j + 1];
        t->p[j] = t->p[j + 1];
        t->q[j] = t->q[j + 1];
    }
    t->n--;
    for (size_t j = 0; j < t->n; j++) {
        t->p[j] /= pr;
        t->q[j] /= qr;
    }
    if (t->auto_labels)
        table_number_labels(t);
    t->p_sum = t->q_sum = 1.0;
    done(s);
    return true;
}

bool session_swap(struct session *s)
{
    begin(s, "swap");
    double *tmp = s->table.p;
    s->table.p = s->table.q;
    s->table.q = tmp;
    double sum = s->table.p_sum;
    s->table.p_sum = s->table.q_sum;
    s->table.q_sum = sum;
    done(s);
    return true;
}

bool session_uniform(struct session *s, enum which w)
{
    begin(s, "uniform");
    dist_uniform(w == WHICH_P ? s->table.p : s->table.q, s->table.n);
    if (w == WHICH_P)
        s->table.p_sum = 1.0;
    else
        s->table.q_sum = 1.0;
    done(s);
    return true;
}

bool session_smooth(struct session *s, enum which w, double eps,
                    struct error *err)
{
    size_t n = s->table.n;
    double *cur = w == WHICH_P ? s->table.p : s->table.q;
    double *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        abort();
    memcpy(tmp, cur, n * sizeof *tmp);
    if (!dist_smooth(tmp, n, eps, err)) {
        free(tmp);
        return false;
    }
    begin(s, "smooth");
    memcpy(cur, tmp, n * sizeof *tmp);
    free(tmp);
    done(s);
    return true;
}

bool session_set_base(struct session *s, enum log_base b)
{
    begin(s, "base");
    s->base = b;
    done(s);
    return true;
}

void session_replace(struct session *s, struct table *t, const char *what)
{
    begin(s, what);
    table_free(&s->table);
    s->table = *t;
    table_init(t);
    done(s);
}

static bool load(struct session *s, const char *path, bool remember,
                 struct error *err)
{
    struct table t;
    struct table_meta meta = {0};
    table_init(&t);
    if (!table_load(path, &t, &meta, err))
        return false;
    begin(s, "load");
    table_free(&s->table);
    s->table = t;
    if (meta.has_base)
        s->base = meta.base;
    free(s->path);
    s->path = remember ? xstrdup(path) : NULL;
    recompute(s);
    s->dirty = !remember;
    return true;
}

bool session_load(struct session *s, const char *path, struct error *err)
{
    return load(s, path, true, err);
}

bool session_load_preset(struct session *s, const char *path,
                         struct error *err)
{
    return load(s, path, false, err);
}

void session_mark_start(struct session *s)
{
    history_clear(&s->undo);
    history_clear(&s->redo);
    s->dirty = false;
}

bool session_save(struct session *s, const char *path, struct error *err)
{
    struct table_meta meta = {true, s->base};
    if (!table_save(path, &s->table, &meta, err))
        return false;
    if (s->path != path) {
        free(s->path);
        s->path = xstrdup(path);
    }
    s->dirty = false;
    return true;
}
