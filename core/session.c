#include "session.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "dist.h"
#include "i18n.h"
#include "renyi.h"

/* Names each state a recompute leads to, in every session of the
 * process, so that a struct derived filled for one state of one session
 * is never taken for another's (a tour's session is made again at the
 * same address). */
static unsigned long next_version;

static void recompute(struct session *s, struct derived *d)
{
    s->version = ++next_version;
    derived_compute(d, s->table.p, s->table.q, s->table.n, s->version,
                    &s->div);
}

void session_derive(const struct session *s, struct derived *d)
{
    derived_update(d, s->table.p, s->table.q, s->table.n, s->version);
}

const struct divergence *session_measures(const struct session *s,
                                          const struct derived *d,
                                          struct divergence *scratch)
{
    if (derived_has_measures(d, s->version))
        return &d->measures;
    divergence_compute(s->table.p, s->table.q, s->table.n, scratch);
    return scratch;
}

static double renyi_now(const struct session *s, double alpha, bool forward)
{
    const struct table *t = &s->table;
    return forward ? renyi_divergence(t->p, t->q, t->n, alpha,
                                      s->div.pq.total)
                   : renyi_divergence(t->q, t->p, t->n, alpha,
                                      s->div.qp.total);
}

double session_renyi(const struct session *s, const struct derived *d,
                     bool forward)
{
    if (derived_has_renyi(d, s->version))
        return d->renyi[forward ? 0 : 1];
    return renyi_now(s, derived_alpha(d), forward);
}

void session_update_renyi(const struct session *s, struct derived *d)
{
    if (derived_has_renyi(d, s->version))
        return;
    session_derive(s, d);
    d->renyi[0] = renyi_now(s, d->alpha, true);
    d->renyi[1] = renyi_now(s, d->alpha, false);
    d->renyi_ok = true;
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

/* Exchanges P and Q with their raw sums: `swap`, and its own inverse when
 * undone or redone. */
static void swap_pq(struct table *t)
{
    double *v = t->p;
    t->p = t->q;
    t->q = v;
    double sum = t->p_sum;
    t->p_sum = t->q_sum;
    t->q_sum = sum;
    struct dist_lost lost = t->p_lost;
    t->p_lost = t->q_lost;
    t->q_lost = lost;
}

/* ---- history ---- */

/* What a table holds: its arrays and all of its label storage (replaced
 * labels not yet compacted away included), so that the undo budget
 * counts every byte a step keeps. */
static size_t table_bytes(const struct table *t)
{
    return t->n * (2 * sizeof(double) + sizeof(char *)) +
           table_label_storage(t);
}

static void snapshot_free(struct snapshot *sn)
{
    if (sn->kind == SNAP_TABLE)
        table_free(&sn->table);
    joint_free(&sn->joint);
    free(sn->v);
    free(sn->what);
}

static void history_clear(struct history *h)
{
    for (size_t i = 0; i < h->n; i++)
        snapshot_free(&h->v[i]);
    h->n = 0;
    h->bytes = 0;
}

static void history_free(struct history *h)
{
    history_clear(h);
    free(h->v);
    h->v = NULL;
    h->cap = 0;
}

static void history_drop_oldest(struct history *h);

/* The id of the state the session is in now (session.h). */
static unsigned long current_id(const struct session *s)
{
    return s->undo.n ? s->undo.v[s->undo.n - 1].id : s->bottom_id;
}

/* A fingerprint of what a save writes and a user sees: the labels, P and
 * Q (to about 12 significant digits, so that l then h, which leaves one
 * last bit off, is no change), the base and the joint table. FNV-1a. */
static bool fingerprint(const struct session *s, unsigned long long *out)
{
    const struct table *t = &s->table;
    const struct joint *j = &s->joint;
    if (t->n > SESSION_CLEAN_COMPARE ||
        j->rows * j->cols > SESSION_CLEAN_COMPARE)
        return false;
    unsigned long long h = 14695981039346656037ull;
#define MIX(byte) (h = (h ^ (unsigned char)(byte)) * 1099511628211ull)
    uint64_t words[3] = {t->n, (uint64_t)s->base, j->rows * 65536 + j->cols};
    for (size_t k = 0; k < 3; k++)
        for (int b = 0; b < 8; b++)
            MIX(words[k] >> (8 * b));
    for (size_t i = 0; i < 2 * t->n + j->rows * j->cols; i++) {
        double v = i < t->n       ? t->p[i]
                   : i < 2 * t->n ? t->q[i - t->n]
                                  : j->p[i - 2 * t->n];
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        bits = (bits + 0x800) & ~(uint64_t)0xFFF;
        for (int b = 0; b < 8; b++)
            MIX(bits >> (8 * b));
    }
    for (size_t i = 0; i < t->n; i++)
        for (const char *c = t->labels[i];; c++) {
            MIX(*c);
            if (!*c)
                break;
        }
    for (size_t i = 0; i < j->rows + j->cols; i++)
        for (const char *c = i < j->rows ? j->x_labels[i]
                                         : j->y_labels[i - j->rows];; c++) {
            MIX(*c);
            if (!*c)
                break;
        }
#undef MIX
    *out = h;
    return true;
}

/* What is on screen now is what was loaded or saved. */
static void mark_clean(struct session *s)
{
    s->clean_id = current_id(s);
    s->clean_print_ok = fingerprint(s, &s->clean_print);
    s->dirty = false;
}

/* Whether the session differs from its clean state now. */
static void update_dirty(struct session *s)
{
    unsigned long long now;
    s->dirty = current_id(s) != s->clean_id &&
               !(s->clean_print_ok && fingerprint(s, &now) &&
                 now == s->clean_print);
}

/* Forgets the oldest step of h; when it is an undo step, the state it led
 * to is now the bottom of the undo history. */
static void history_forget(struct session *s, struct history *h)
{
    if (h == &s->undo)
        s->bottom_id = h->v[0].id;
    history_drop_oldest(h);
}

static void history_drop_oldest(struct history *h)
{
    h->bytes -= h->v[0].bytes;
    snapshot_free(&h->v[0]);
    memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
    h->n--;
}

/* Appends sn (moved in) and keeps within the limits: at most
 * SESSION_UNDO_LIMIT steps; undo and redo together within
 * SESSION_UNDO_BYTES, forgetting the oldest undo steps first, then the
 * oldest redo steps, but never the step just pushed. */
/* Forgets the oldest undo steps, then the oldest redo steps, while undo
 * and redo with `extra` bytes more would hold more than the budget; never
 * the step on top of `keep` (NULL: none). */
static void history_fit(struct session *s, struct history *keep,
                        size_t extra)
{
    while (s->undo.bytes + s->redo.bytes + extra > s->memory.budget) {
        if (s->undo.n > (keep == &s->undo))
            history_forget(s, &s->undo);
        else if (s->redo.n > (keep == &s->redo))
            history_forget(s, &s->redo);
        else
            break;
    }
}

static void history_push(struct session *s, struct history *h,
                         struct snapshot *sn)
{
    if (h->n == SESSION_UNDO_LIMIT)
        history_forget(s, h);
    history_fit(s, NULL, sn->bytes);
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        h->v = xrealloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = *sn;
    h->bytes += sn->bytes;
}

static struct snapshot snapshot_new(struct session *s,
                                    enum snapshot_kind kind,
                                    const char *what)
{
    struct snapshot sn;
    memset(&sn, 0, sizeof sn);
    sn.kind = kind;
    sn.id = ++s->next_id;
    sn.base = s->base;
    sn.what = xstrdup(what);
    sn.bytes = sizeof sn + strlen(sn.what) + 1;
    table_init(&sn.table);
    joint_init(&sn.joint);
    return sn;
}

static double **dist_slot(struct session *s, enum which w)
{
    return w == WHICH_P ? &s->table.p : &s->table.q;
}

static double *sum_slot(struct session *s, enum which w)
{
    return w == WHICH_P ? &s->table.p_sum : &s->table.q_sum;
}

static struct dist_lost *lost_slot(struct session *s, enum which w)
{
    return w == WHICH_P ? &s->table.p_lost : &s->table.q_lost;
}

/* Restores sn into s and turns sn into the snapshot that undoes that
 * (moving arrays, copying nothing). */
static void snapshot_exchange(struct session *s, struct snapshot *sn)
{
    enum log_base b = s->base;
    s->base = sn->base;
    sn->base = b;
    switch (sn->kind) {
    case SNAP_TABLE: {
        struct table t = s->table;
        s->table_version++;
        s->table = sn->table;
        sn->table = t;
        sn->bytes += table_bytes(&sn->table) - table_bytes(&s->table);
        break;
    }
    case SNAP_DIST: {
        double **slot = dist_slot(s, sn->which);
        double *v = *slot;
        *slot = sn->v;
        sn->v = v;
        double *sum = sum_slot(s, sn->which);
        double t = *sum;
        *sum = sn->sum;
        sn->sum = t;
        struct dist_lost *lost = lost_slot(s, sn->which), l = *lost;
        *lost = sn->lost;
        sn->lost = l;
        break;
    }
    case SNAP_SWAP:
        swap_pq(&s->table);
        break;
    case SNAP_BASE:
        break;
    case SNAP_JOINT: {
        struct joint j = s->joint;
        s->joint = sn->joint;
        sn->joint = j;
        sn->bytes += joint_bytes(&sn->joint) - joint_bytes(&s->joint);
        break;
    }
    }
}

/* Restores the top of `from` into s, saving s's state on `to`. */
static bool history_step(struct session *s, struct derived *d,
                         struct history *from, struct history *to)
{
    if (from->n == 0)
        return false;
    struct snapshot sn = from->v[--from->n];
    from->bytes -= sn.bytes;
    snapshot_exchange(s, &sn);
    history_push(s, to, &sn);
    recompute(s, d);
    update_dirty(s);
    return true;
}

void session_name_steps(struct session *s, unsigned long after,
                        const char *what)
{
    struct history *h = &s->undo;
    for (size_t i = h->n; i-- > 0 && h->v[i].id > after;) {
        struct snapshot *sn = &h->v[i];
        size_t was = strlen(sn->what), now = strlen(what);
        free(sn->what);
        sn->what = xstrdup(what);
        sn->bytes = sn->bytes - was + now;
        h->bytes = h->bytes - was + now;
    }
    history_fit(s, h, 0);
}

bool session_undo(struct session *s, struct derived *d, struct error *err)
{
    if (!history_step(s, d, &s->undo, &s->redo))
        return error_set(err, _("nothing to undo"));
    return true;
}

bool session_redo(struct session *s, struct derived *d, struct error *err)
{
    if (!history_step(s, d, &s->redo, &s->undo))
        return error_set(err, _("nothing to redo"));
    return true;
}

/* Every mutation calls one of these after validating and before changing.
 * begin() keeps a copy of the whole table. */
static void begin(struct session *s, const char *what)
{
    history_clear(&s->redo);
    struct snapshot sn = snapshot_new(s, SNAP_TABLE, what);
    s->table_version++;
    table_copy(&sn.table, &s->table);
    sn.bytes += table_bytes(&sn.table);
    history_push(s, &s->undo, &sn);
}

void session_set_undo_budget(struct session *s, size_t bytes)
{
    s->memory.budget = bytes;
    history_fit(s, &s->undo, 0);
}

/* Keeps a spare array of n doubles with every page touched (session.h). */
void session_warm(struct session *s)
{
    size_t n = s->table.n;
    if (s->memory.spare && s->memory.spare_n >= n)
        return;
    free(s->memory.spare);
    s->memory.spare = xmalloc((n ? n : 1) * sizeof *s->memory.spare);
    /* Write every page. (A plain memset of zeros right after malloc is
     * turned into calloc by the compiler, which touches nothing.) */
    volatile double *touch = s->memory.spare;
    for (size_t i = 0; i < n; i += 512)
        touch[i] = 0.0;
    s->memory.spare_n = n;
}

/* An array for the new values of an edit: the warm spare when it is big
 * enough, else fresh memory. */
static double *take_array(struct session *s, size_t n)
{
    if (s->memory.spare && s->memory.spare_n >= n) {
        double *v = s->memory.spare;
        s->memory.spare = NULL;
        s->memory.spare_n = 0;
        return v;
    }
    double *v = xmalloc((n ? n : 1) * sizeof *v);
    return v;
}

/* A failed edit hands its array back for the next one. */
static void return_array(struct session *s, double *v, size_t n)
{
    if (!s->memory.spare) {
        s->memory.spare = v;
        s->memory.spare_n = n;
    } else {
        free(v);
    }
}

/* For a change to one distribution only: `fresh` (malloc'ed, n values)
 * becomes the distribution and the old array goes to the undo step. */
static void begin_dist(struct session *s, const char *what, enum which w,
                       double *fresh)
{
    history_clear(&s->redo);
    struct snapshot sn = snapshot_new(s, SNAP_DIST, what);
    sn.which = w;
    double **slot = dist_slot(s, w);
    sn.v = *slot;
    sn.sum = *sum_slot(s, w);
    sn.lost = *lost_slot(s, w);
    sn.bytes += s->table.n * sizeof(double);
    *slot = fresh;
    history_push(s, &s->undo, &sn);
}

/* For changes that keep the table's arrays (swap, base). */
static void begin_note(struct session *s, const char *what,
                       enum snapshot_kind kind)
{
    history_clear(&s->redo);
    struct snapshot sn = snapshot_new(s, kind, what);
    history_push(s, &s->undo, &sn);
}

static void done(struct session *s, struct derived *d)
{
    recompute(s, d);
    update_dirty(s);
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
        table_set_label(&s->table, i, labels[i]);
    }
    s->table.auto_labels = false;
    s->base = BASE_E;
    s->memory.budget = SESSION_UNDO_BYTES;
    joint_init(&s->joint);
    recompute(s, NULL);
    mark_clean(s);
}

void session_free(struct session *s)
{
    table_free(&s->table);
    history_free(&s->undo);
    history_free(&s->redo);
    free(s->path);
    free(s->memory.spare);
    joint_free(&s->joint);
    memset(s, 0, sizeof *s);
}

/* ---- mutations ---- */

bool session_set_dist(struct session *s, struct derived *d, enum which w,
                      const double *v, size_t n, bool *resized,
                      struct error *err)
{
    bool same_n = n == s->table.n;
    if (resized)
        *resized = !same_n;
    if (!same_n) {
        /* A new length: the other distribution cannot keep its values, so
         * it becomes uniform, which is the neutral choice to compare with. */
        double *u = xmalloc((n ? n : 1) * sizeof *u);
        dist_uniform(u, n);
        struct table t;
        table_init(&t);
        bool ok = table_from_values(&t, w == WHICH_P ? v : u,
                                    w == WHICH_Q ? v : u, n, err);
        free(u);
        if (!ok)
            return false;
        session_replace(s, d, &t, w == WHICH_P ? "p" : "q");
        return true;
    }
    double *tmp = take_array(s, n);
    memcpy(tmp, v, n * sizeof *tmp);
    double sum;
    struct dist_lost lost;
    if (!dist_normalize_lost(tmp, n, which_name(w), &sum, &lost, err)) {
        return_array(s, tmp, n);
        return false;
    }
    begin_dist(s, w == WHICH_P ? "p" : "q", w, tmp);
    *sum_slot(s, w) = sum;
    *lost_slot(s, w) = lost;
    done(s, d);
    return true;
}

/* The first problem in order: a bad label, or one given before. */
static bool check_labels(char *const *labels, size_t n, struct error *err)
{
    size_t dup, prev;
    bool twice = table_find_duplicate(labels, n, &dup, &prev);
    for (size_t i = 0; i < n && (!twice || i <= dup); i++) {
        if (!table_check_label(labels[i], err)) {
            error_prefix(err, _("label %zu"), i + 1);
            return false;
        }
    }
    if (twice)
        return error_set(err, _("label '%s' is given twice (labels name "
                            "entries and must be unique)"), labels[dup]);
    return true;
}

bool session_set_both(struct session *s, struct derived *d, const double *p,
                      const double *q, size_t n, char *const *labels,
                      struct error *err)
{
    if (labels && !check_labels(labels, n, err))
        return false;
    struct table t;
    table_init(&t);
    if (!table_from_values(&t, p, q, n, err))
        return false;
    if (labels) {
        for (size_t i = 0; i < n; i++) {
            table_set_label(&t, i, labels[i]);
        }
        t.auto_labels = false;
    }
    begin(s, "set both");
    table_free(&s->table);
    s->table = t;
    done(s, d);
    return true;
}

bool session_set_labels(struct session *s, struct derived *d,
                        char *const *labels, size_t n, struct error *err)
{
    if (n != s->table.n)
        return error_set(err, ngettext("%zu label for %zu entries (hint: "
                                       "give one label per entry)",
                                       "%zu labels for %zu entries (hint: "
                                       "give one label per entry)", n),
                         n, s->table.n);
    if (!check_labels(labels, n, err))
        return false;
    begin(s, "labels");
    for (size_t i = 0; i < n; i++) {
        table_set_label(&s->table, i, labels[i]);
    }
    table_compact_labels(&s->table);
    s->table.auto_labels = false;
    done(s, d);
    return true;
}

bool session_set_entry(struct session *s, struct derived *d, enum which w,
                       size_t i, double v, struct error *err)
{
    size_t n = s->table.n;
    double *cur = w == WHICH_P ? s->table.p : s->table.q;
    double *tmp = take_array(s, n);
    if (!dist_set_into(tmp, cur, n, i, v, which_name(w), err)) {
        return_array(s, tmp, n);
        return false;
    }
    begin_dist(s, "set", w, tmp);
    done(s, d);
    return true;
}

bool session_add(struct session *s, struct derived *d, const char *label,
                 double p, double q, struct error *err)
{
    struct table *t = &s->table;
    if (!table_check_label(label, err)) {
        error_prefix(err, "add");
        return false;
    }
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->labels[i], label) == 0)
            return error_set(err, _("an entry named '%s' exists already "
                                "(labels must be unique)"), label);
    if (!(p >= 0 && p <= 1) || !(q >= 0 && q <= 1))
        return error_set(err, _("the new entry's p and q must be between 0 "
                            "and 1 (the others are rescaled to keep the sum "
                            "1)"));
    if (p == 1 && dist_sum(t->p, t->n) == 0)
        return error_set(err, _("internal: P has no mass"));
    size_t n = t->n + 1;
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, _("klx handles at most %zu entries"),
                         DIST_MAX_ENTRIES);
    begin(s, "add");
    t->labels = xrealloc(t->labels, n * sizeof *t->labels);
    t->p = xrealloc(t->p, n * sizeof *t->p);
    t->q = xrealloc(t->q, n * sizeof *t->q);
    /* The new entry takes mass p; the old ones keep their proportions. */
    for (size_t i = 0; i + 1 < n; i++) {
        t->p[i] *= 1.0 - p;
        t->q[i] *= 1.0 - q;
    }
    t->p[n - 1] = p;
    t->q[n - 1] = q;
    table_set_label(t, n - 1, label);
    t->n = n;
    table_compact_labels(t);
    t->auto_labels = false;
    /* What `normalize` reported was about the old input. */
    t->p_sum = t->q_sum = 1.0;
    t->p_lost = t->q_lost = (struct dist_lost){0, 0};
    done(s, d);
    return true;
}

bool session_delete(struct session *s, struct derived *d, size_t i,
                    struct error *err)
{
    struct table *t = &s->table;
    if (t->n == 1)
        return error_set(err, _("cannot delete the only entry"));
    if (i >= t->n)
        return error_set(err, _("no entry %zu (entries are 1 to %zu)"), i + 1,
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
        return error_set(err, _("deleting entry %zu would leave %s with no "
                            "mass (hint: move some mass to another entry "
                            "first)"), i + 1, pr == 0 ? "P" : "Q");
    begin(s, "del");
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
    else
        table_compact_labels(t);
    t->p_sum = t->q_sum = 1.0;
    t->p_lost = t->q_lost = (struct dist_lost){0, 0};
    done(s, d);
    return true;
}

bool session_swap(struct session *s, struct derived *d)
{
    begin_note(s, "swap", SNAP_SWAP);
    swap_pq(&s->table);
    done(s, d);
    return true;
}

bool session_uniform(struct session *s, struct derived *d, enum which w)
{
    double *u = take_array(s, s->table.n);
    dist_uniform(u, s->table.n);
    begin_dist(s, "uniform", w, u);
    *sum_slot(s, w) = 1.0;
    *lost_slot(s, w) = (struct dist_lost){0, 0};
    done(s, d);
    return true;
}

bool session_smooth(struct session *s, struct derived *d, enum which w,
                    double eps, struct error *err)
{
    size_t n = s->table.n;
    double *cur = w == WHICH_P ? s->table.p : s->table.q;
    double *tmp = take_array(s, n);
    memcpy(tmp, cur, n * sizeof *tmp);
    if (!dist_smooth(tmp, n, eps, err)) {
        return_array(s, tmp, n);
        return false;
    }
    begin_dist(s, "smooth", w, tmp);
    done(s, d);
    return true;
}

bool session_set_base(struct session *s, struct derived *d, enum log_base b)
{
    begin_note(s, "base", SNAP_BASE);
    s->base = b;
    done(s, d);
    return true;
}

void session_replace(struct session *s, struct derived *d, struct table *t,
                     const char *what)
{
    begin(s, what);
    table_free(&s->table);
    s->table = *t;
    table_init(t);
    done(s, d);
}

void session_set_joint(struct session *s, struct joint *j, const char *what)
{
    history_clear(&s->redo);
    struct snapshot sn = snapshot_new(s, SNAP_JOINT, what);
    sn.joint = s->joint;
    sn.bytes += joint_bytes(&sn.joint);
    history_push(s, &s->undo, &sn);
    s->joint = *j;
    joint_init(j);
    update_dirty(s);
}

static bool load(struct session *s, struct derived *d, const char *path,
                 bool remember, const struct table_progress *progress,
                 struct error *err)
{
    struct table t;
    struct table_meta meta = {0};
    table_init(&t);
    if (!table_load_progress(path, &t, &meta, progress, err))
        return false;
    begin(s, "load");
    table_free(&s->table);
    s->table = t;
    if (meta.has_base)
        s->base = meta.base;
    free(s->path);
    s->path = remember ? xstrdup(path) : NULL;
    recompute(s, d);
    mark_clean(s);
    return true;
}

bool session_load(struct session *s, struct derived *d, const char *path,
                  const struct table_progress *progress, struct error *err)
{
    return load(s, d, path, true, progress, err);
}

bool session_load_preset(struct session *s, struct derived *d,
                         const char *path, struct error *err)
{
    return load(s, d, path, false, NULL, err);
}

void session_mark_start(struct session *s)
{
    history_clear(&s->undo);
    history_clear(&s->redo);
    s->bottom_id = ++s->next_id;
    mark_clean(s);
}

bool session_save(struct session *s, const char *path, unsigned flags,
                  struct error *err)
{
    struct table_meta meta = {true, s->base, NULL};
    /* Saving a file back keeps its own comment lines. */
    char *comments = s->path && strcmp(s->path, path) == 0
                         ? table_leading_comments(path)
                         : NULL;
    meta.comments = comments;
    bool saved = table_save(path, &s->table, &meta, flags, err);
    free(comments);
    if (!saved)
        return false;
    /* A device or a pipe (/dev/null, /proc/self/fd/1) shows the table but
     * does not keep it: the edits stay unsaved, `save` keeps its file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return true;
    if (s->path != path) {
        free(s->path);
        s->path = xstrdup(path);
    }
    mark_clean(s);
    return true;
}
