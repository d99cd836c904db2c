#include "command_family.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "code.h"
#include "command_view.h"
#include "dist.h"
#include "export.h"
#include "file.h"
#include "divergence.h"
#include "i18n.h"
#include "json.h"
#include "num.h"
#include "parse.h"
#include "renyi.h"
#include "report.h"
#include "sample.h"
#include "sweep.h"
#include "utf8.h"

/* How many generated distributions are remembered: enough for undo to
 * walk back through a lesson's worth of parameter moves. */
#define MEMO_N 64

struct memo {
    uint64_t fp;            /* fingerprint of the values and labels */
    size_t n;
    struct family *f;       /* NULL: unused slot */
};

struct family_memory {
    struct memo v[MEMO_N];
    size_t next;
};

struct family_memory *family_memory_new(void)
{
    return xcalloc(1, sizeof(struct family_memory));
}

void family_memory_free(struct family_memory *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < MEMO_N; i++)
        family_free(m->v[i].f);
    free(m);
}

/* FNV-1a over the bits of the values and the label bytes: a hand edit
 * of any value or label changes it. */
static uint64_t fingerprint(const struct table *t, enum which w)
{
    const double *v = w == WHICH_P ? t->p : t->q;
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < t->n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        h = (h ^ bits) * 1099511628211u;
        for (const char *s = t->labels[i]; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211u;
        h = (h ^ 0xff) * 1099511628211u;
    }
    return h;
}

static void remember(struct command *c, enum which w, const struct family *f)
{
    struct family_memory *m = c->families;
    uint64_t fp = fingerprint(&c->session->table, w);
    struct memo *slot = &m->v[m->next];
    m->next = (m->next + 1) % MEMO_N;
    family_free(slot->f);
    slot->fp = fp;
    slot->n = c->session->table.n;
    slot->f = family_copy(f);
}

const struct family *command_family_of(const struct command *c,
                                       enum which w)
{
    const struct family_memory *m = c->families;
    const struct table *t = &c->session->table;
    uint64_t fp = 0;
    bool have = false;
    /* Newest first, so the latest generator of equal values wins. */
    for (size_t k = 1; k <= MEMO_N; k++) {
        const struct memo *e = &m->v[(m->next + MEMO_N - k) % MEMO_N];
        if (!e->f || e->n != t->n)
            continue;
        if (!have) {
            fp = fingerprint(t, w);
            have = true;
        }
        if (e->fp == fp)
            return e->f;
    }
    return NULL;
}

/* The table's labels as numbers, or NULL when one is not a number. */
static double *numeric_labels(const struct table *t)
{
    double *x = xmalloc((t->n ? t->n : 1) * sizeof *x);
    for (size_t i = 0; i < t->n; i++) {
        if (!num_parse(t->labels[i], strlen(t->labels[i]), &x[i], NULL)) {
            free(x);
            return NULL;
        }
    }
    return x;
}

static bool same_points(const double *a, size_t na, const double *b,
                        size_t nb)
{
    if (!a || na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

static char **labels_of(const double *x, size_t n)
{
    char **l = xmalloc((n ? n : 1) * sizeof *l);
    for (size_t i = 0; i < n; i++) {
        char b[NUM_BUF];
        family_label(x[i], b, sizeof b);
        l[i] = xstrdup(b);
    }
    return l;
}

static void free_labels(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

static void say_family(const char *name, const struct family *f,
                       struct buf *out)
{
    buf_printf(out, "%s = ", name);
    family_format(f, out);
}

/* Says how much of f's mass the support leaves out. */
static void say_dropped(const char *name, const double *mass, size_t n,
                        struct buf *out)
{
    double dropped = 1 - dist_sum(mass, n);
    char b[NUM_BUF];
    if (dropped > 1e-15)
        buf_printf(out, _("%s: the support leaves out a tail of mass %s; the "
                      "rest is renormalized\n"), name,
                   num_short(b, sizeof b, dropped));
}

/* Puts the generated masses in place: see command_family_generate. */
static bool apply(struct command *c, enum which w, const struct family *f,
                  struct buf *out, struct error *err)
{
    struct session *s = c->session;
    const struct table *t = &s->table;
    enum which o = w == WHICH_P ? WHICH_Q : WHICH_P;
    const char *wn = which_name(w), *on = which_name(o);
    struct family *other = family_copy(command_family_of(c, o));
    double *lab = numeric_labels(t);
    struct numlist sup;
    numlist_init(&sup);
    bool ok = family_support(f, lab, t->n, &sup, err);
    double *mw = NULL, *mo = NULL;
    char **labels = NULL;
    size_t n = sup.n;
    if (ok && same_points(lab, t->n, sup.v, sup.n)) {
        /* The table is already on this support: only w changes. */
        mw = xmalloc(n * sizeof *mw);
        family_eval(f, sup.v, n, mw);
        ok = session_set_dist(s, &c->derived, w, mw, n, NULL, err);
        if (ok)
            say_dropped(wn, mw, n, out);
    } else if (ok) {
        /* With a family on the other side, both go on the union of the
         * supports, so that neither loses mass. */
        if (other)
            ok = family_support_union(f, other, lab, t->n, &sup, err);
        n = sup.n;
        mw = xmalloc((n ? n : 1) * sizeof *mw);
        mo = xmalloc((n ? n : 1) * sizeof *mo);
        if (ok) {
            family_eval(f, sup.v, n, mw);
            if (other)
                family_eval(other, sup.v, n, mo);
            else if (n == t->n)
                memcpy(mo, o == WHICH_P ? t->p : t->q, n * sizeof *mo);
            else
                for (size_t i = 0; i < n; i++)
                    mo[i] = 1;
            labels = labels_of(sup.v, n);
            bool kept = !other && n == t->n;
            ok = session_set_both(s, &c->derived,
                                  w == WHICH_P ? mw : mo,
                                  w == WHICH_P ? mo : mw, n, labels, err);
            if (ok) {
                buf_printf(out,
                           _("labels are now the support (%zu entries); "),
                           n);
                if (other) {
                    say_family(on, other, out);
                    buf_append(out, _(" was evaluated on it\n"));
                } else if (kept) {
                    buf_printf(out, _("%s kept its values entry by entry\n"),
                               on);
                } else {
                    buf_printf(out, _("%s was reset to uniform over it (set "
                                  "it next)\n"), on);
                }
                say_dropped(wn, mw, n, out);
                if (other)
                    say_dropped(on, mo, n, out);
            }
        }
    }
    if (ok) {
        remember(c, w, f);
        if (other)
            remember(c, o, other);
    }
    free(lab);
    free(mw);
    free(mo);
    if (labels)
        free_labels(labels, n);
    numlist_free(&sup);
    family_free(other);
    return ok;
}

/* The closed forms beside the sums, when both sides have a family. */
static void say_closed_forms(const struct command *c, struct buf *out)
{
    const struct session *s = c->session;
    const struct family *fp = command_family_of(c, WHICH_P);
    const struct family *fq = command_family_of(c, WHICH_Q);
    double cf[2];
    if (!family_closed_form(fp, fq, &cf[0]) ||
        !family_closed_form(fq, fp, &cf[1]))
        return;
    double sum[2] = {s->div.pq.total, s->div.qp.total};
    const char *dir[2] = {"KL(P||Q)", "KL(Q||P)"};
    const char *gap_name =
        fp->kind == FAMILY_NORMAL ? _("discretization gap (sum - "
                                      "continuous):")
        : fp->kind == FAMILY_BINOM ? _("sum - closed form:")
                                   : _("truncation changes the sum by");
    buf_printf(out, _("closed form (%s):\n"), family_closed_form_name(fp));
    for (int d = 0; d < 2; d++) {
        char a[NUM_BUF], b[NUM_BUF], g[NUM_BUF];
        buf_printf(out, _("  %s = %s %s   the sum over the table: %s"), dir[d],
                   num_fixed(a, sizeof a, session_scaled(s, cf[d]), 9),
                   session_unit(s),
                   num_fixed(b, sizeof b, session_scaled(s, sum[d]), 9));
        double gap = sum[d] - cf[d];
        if (isfinite(gap))
            buf_printf(out, "   %s %s\n", gap_name,
                       num_short(g, sizeof g, session_scaled(s, gap)));
        else
            buf_putc(out, '\n');
    }
}

bool command_family_generate(struct command *c, enum which w,
                             const char *rest, int col, struct buf *out,
                             struct error *err)
{
    struct family *f;
    if (!family_parse(rest, col, &f, err))
        return false;
    bool ok = apply(c, w, f, out, err);
    family_free(f);
    if (ok) {
        say_closed_forms(c, out);
        command_totals(c, out);
    }
    return ok;
}

bool command_family_show(COMMAND_PARAMS)
{
    for (int i = 0; i < 2; i++) {
        enum which w = i ? WHICH_Q : WHICH_P;
        const struct family *f = command_family_of(c, w);
        if (f) {
            say_family(which_name(w), f, out);
            const char *const *names = family_param_names(f);
            struct buf list;
            buf_init(&list);
            for (size_t k = 0; names[k]; k++)
                buf_printf(&list, "%s%s", k ? " " : "", names[k]);
            buf_printf(out, _("   (parameters: %s)\n"), list.s);
            buf_free(&list);
        } else {
            buf_printf(out, _("%s: no family (its values were typed, loaded "
                          "or edited by hand)\n"), which_name(w));
        }
    }
    say_closed_forms(c, out);
    return true;
}

/* `param p theta 0.4` or `param p.theta 0.4`. */
bool command_family_param(COMMAND_PARAMS)
{
    const struct words *wd = &c->words;
    char side[2] = {0};
    const char *name, *value;
    if (wd->n == 3) {
        side[0] = strlen(wd->v[0]) == 1 ? wd->v[0][0] : '?';
        name = wd->v[1];
        value = wd->v[2];
    } else if (wd->n == 2 && strlen(wd->v[0]) > 2 && wd->v[0][1] == '.') {
        side[0] = wd->v[0][0];
        name = wd->v[0] + 2;
        value = wd->v[1];
    } else {
        return error_set(err, _("give the side, the parameter and its value "
                                "(hint: param p theta 0.4, or param "
                                "p.theta 0.4)"));
    }
    enum which w;
    if (side[0] == 'p' || side[0] == 'P')
        w = WHICH_P;
    else if (side[0] == 'q' || side[0] == 'Q')
        w = WHICH_Q;
    else
        return error_set(err, _("'%s' is not p or q (hint: param p theta "
                            "0.4)"), wd->v[0]);
    const struct family *now = command_family_of(c, w);
    if (!now)
        return error_set(err, _("%s has no family to move (hint: generate "
                            "it first, e.g. `%c binom 10 0.3`)"),
                         which_name(w), w == WHICH_P ? 'p' : 'q');
    double v;
    if (!num_parse(value, strlen(value), &v, err))
        return false;
    struct family *f = family_copy(now);
    bool ok = family_set_param(f, name, v, err) && apply(c, w, f, out, err);
    if (ok) {
        say_family(which_name(w), f, out);
        buf_putc(out, '\n');
        say_closed_forms(c, out);
        command_totals(c, out);
    }
    family_free(f);
    return ok;
}

static bool first_word_is_family(const char *text)
{
    if (!text)
        return false;
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strcspn(text, " \t(");
    char word[16];
    if (len == 0 || len >= sizeof word)
        return false;
    memcpy(word, text, len);
    word[len] = '\0';
    return family_is_name(word);
}

bool command_family_wanted(const char *p_text, const char *q_text)
{
    return first_word_is_family(p_text) || first_word_is_family(q_text);
}

bool command_family_start(struct command *c, const char *p_text,
                          const char *q_text, struct error *err)
{
    const char *texts[2] = {p_text, q_text};
    struct buf out, line;
    buf_init(&out);
    buf_init(&line);
    bool ok = true;
    for (int i = 0; ok && i < 2; i++) {
        if (!texts[i])
            continue;
        enum which w = i ? WHICH_Q : WHICH_P;
        if (first_word_is_family(texts[i])) {
            ok = command_family_generate(c, w, texts[i], 1, &out, err);
        } else {
            buf_reset(&line);
            buf_printf(&line, "%c %s", i ? 'q' : 'p', texts[i]);
            ok = command_run(c, line.s, &out, err) == CMD_OK;
        }
        if (!ok)
            error_prefix(err, "%s", i ? "-q" : "-p");
    }
    buf_free(&out);
    buf_free(&line);
    if (ok)
        session_mark_start(c->session);
    return ok;
}

/* ---- sample ---- */

/* The words of a command that may end in "json" (*json then): from min
 * to max of them before it (*nw), else the usage as the error. */
static bool json_words(const struct words *wd, size_t min, size_t max,
                       const char *usage, size_t *nw, bool *json,
                       struct error *err)
{
    *json = wd->n > min && strcmp(wd->v[wd->n - 1], "json") == 0;
    *nw = wd->n - *json;
    if (*nw < min || *nw > max)
        return error_set(err, _("usage: %s"), usage);
    return true;
}

/* A count of draws: a whole number (1e6 is fine) from 1 to SAMPLE_MAX. */
static bool parse_draws(const char *w, uint64_t *out, struct error *err)
{
    double v;
    if (!num_parse(w, strlen(w), &v, err))
        return false;
    if (v != floor(v) || v < 1)
        return error_set(err, _("'%s' draws: give a whole number of at least "
                            "1 (hint: sample 1000)"), w);
    if (v > (double)SAMPLE_MAX)
        return error_set(err, _("'%s' draws is more than one run allows "
                            "(%llu, about a second's work; hint: sample 1e6)"),
                         w, (unsigned long long)SAMPLE_MAX);
    *out = (uint64_t)v;
    return true;
}

static bool parse_seed(const char *w, uint64_t *out, struct error *err)
{
    uint64_t v = 0;
    if (!*w)
        return error_set(err, _("an empty seed"));
    for (const char *c = w; *c; c++) {
        if (*c < '0' || *c > '9' || v > (UINT64_MAX - 9) / 10)
            return error_set(err, _("seed '%s' is not a whole number from 0 "
                                "to 2^64-1 (hint: sample 1000 42)"), w);
        v = v * 10 + (uint64_t)(*c - '0');
    }
    *out = v;
    return true;
}

static void sample_json(const struct session *s, const struct sample_result *r,
                        struct buf *out)
{
    buf_printf(out, "{\"draws\":%llu,\"seed\":%llu,\"generator\":"
               "\"xoshiro256** seeded by splitmix64\",\"unit\":",
               (unsigned long long)r->draws, (unsigned long long)r->seed);
    json_string(out, session_unit(s));
    buf_append(out, ",\"kl_pq\":");
    json_number(out, session_scaled(s, s->div.pq.total));
    buf_append(out, ",\"mean\":");
    json_number(out, session_scaled(s, r->mean));
    buf_append(out, ",\"se\":");
    json_number(out, session_scaled(s, r->se));
    buf_append(out, ",\"checkpoints\":[");
    for (size_t i = 0; i < r->ncp; i++) {
        buf_printf(out, "%s{\"draws\":%llu,\"mean\":", i ? "," : "",
                   (unsigned long long)r->cp[i].draws);
        json_number(out, session_scaled(s, r->cp[i].mean));
        buf_append(out, ",\"se\":");
        json_number(out, session_scaled(s, r->cp[i].se));
        buf_putc(out, '}');
    }
    buf_printf(out, "],\"infinite_draws\":%llu,\"first_infinite_draw\":%llu"
               ",\"support\":%zu,\"plugin\":",
               (unsigned long long)r->infinite,
               (unsigned long long)r->first_infinite, r->support);
    json_number(out, session_scaled(s, r->plugin));
    buf_append(out, ",\"plugin_bias\":");
    json_number(out, session_scaled(s, r->bias));
    buf_append(out, ",\"counts\":[");
    for (size_t i = 0; i < r->n; i++)
        buf_printf(out, "%s%llu", i ? "," : "",
                   (unsigned long long)r->counts[i]);
    buf_append(out, "]}\n");
}

/* Entries listed in the text output of `sample` (and `code`). */
#define LIST_MAX 20

static void sample_text(const struct session *s, const struct sample_result *r,
                        struct buf *out)
{
    const struct table *t = &s->table;
    const char *u = session_unit(s);
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF];
    double kl = s->div.pq.total;
    buf_printf(out, _("%llu draws from P, seed %llu (xoshiro256** seeded by "
                  "splitmix64: the same seed repeats the run)\n"),
               (unsigned long long)r->draws, (unsigned long long)r->seed);
    buf_printf(out, _("running mean of log(p/q) over the draws; KL(P||Q) = "
                      "%s %s\n"),
               num_short(a, sizeof a, session_scaled(s, kl)), u);
    /* Headings padded by display width: translated ones line up too. */
    buf_pad(out, _("draws"), 12, true);
    buf_pad(out, _("mean"), 13, true);
    buf_pad(out, _("2 SE"), 13, true);
    buf_printf(out, "  %s\n", _("KL within mean +- 2 SE"));
    for (size_t i = 0; i < r->ncp; i++) {
        const struct sample_checkpoint *cp = &r->cp[i];
        bool in = isfinite(cp->mean) && fabs(cp->mean - kl) <= 2 * cp->se;
        buf_printf(out, "%12llu %12s %12s  %s\n",
                   (unsigned long long)cp->draws,
                   num_short(a, sizeof a, session_scaled(s, cp->mean)),
                   num_short(b, sizeof b, session_scaled(s, 2 * cp->se)),
                   !isfinite(cp->mean) ? _("infinite")
                   : in                  ? _("yes")
                                         : _("no"));
    }
    if (r->infinite)
        buf_printf(out, ngettext("%llu draw hit entries where q = 0 (the "
                                 "first: draw %llu, entry '%s'): log(p/q) is "
                                 "infinite there, so the average is "
                                 "infinite, as KL(P||Q) is\n",
                                 "%llu draws hit entries where q = 0 (the "
                                 "first: draw %llu, entry '%s'): log(p/q) is "
                                 "infinite there, so the average is "
                                 "infinite, as KL(P||Q) is\n", r->infinite),
                   (unsigned long long)r->infinite,
                   (unsigned long long)r->first_infinite,
                   t->labels[r->first_infinite_entry]);
    size_t shown = t->n < LIST_MAX ? t->n : LIST_MAX;
    buf_pad(out, _("entry"), 12, false);
    buf_printf(out, " %12s ", "p");
    buf_pad(out, _("count"), 12, true);
    buf_printf(out, " %12s\n", "count/N");
    for (size_t i = 0; i < shown; i++)
        buf_printf(out, "%-12.12s %12s %12llu %12s\n", t->labels[i],
                   num_short(a, sizeof a, t->p[i]),
                   (unsigned long long)r->counts[i],
                   num_short(b, sizeof b,
                             (double)r->counts[i] / (double)r->draws));
    if (shown < t->n)
        buf_printf(out, _("(the first %zu of %zu entries; `sample N SEED "
                          "json` gives every count)\n"), shown, t->n);
    buf_printf(out, _("plug-in estimate KL(P^||Q) from the counts = %s %s; "
                  "KL(P||Q) = %s %s\n"),
               num_short(a, sizeof a, session_scaled(s, r->plugin)), u,
               num_short(b, sizeof b, session_scaled(s, kl)), u);
    if (isfinite(r->plugin))
        buf_printf(out, _("for large N it overestimates KL(P||Q) by about "
                      "(k-1)/(2N) = %s %s on average (k = %zu entries with "
                      "p > 0):\nthe counts' entropy is biased low by that "
                      "much, their cross-entropy with Q is unbiased\n"),
                   num_short(c, sizeof c, session_scaled(s, r->bias)), u,
                   r->support);
    if (isfinite(r->plugin) && r->draws < 10 * (uint64_t)r->support)
        buf_printf(out, _("(N = %llu is not large next to k = %zu: that first-"
                      "order bias is only a rough guide here)\n"),
                   (unsigned long long)r->draws, r->support);
}

bool command_family_sample(COMMAND_PARAMS)
{
    const struct words *wd = &c->words;
    if (wd->n >= 1 && strcmp(wd->v[0], "live") == 0)
        return command_view_sample_live(c, out, err);
    size_t nw;
    bool json;
    if (!json_words(wd, 1, 2, "sample N [SEED] [json]", &nw, &json, err))
        return false;
    uint64_t draws = 0, seed = 1;
    if (!parse_draws(wd->v[0], &draws, err) ||
        (nw == 2 && !parse_seed(wd->v[1], &seed, err)))
        return false;
    const struct session *s = c->session;
    struct sample_result r;
    if (!sample_run(s->table.p, s->table.q, s->table.n, draws, seed,
                    c->cancelled, c->cancel_ctx, &r, err))
        return false;
    if (json)
        sample_json(s, &r, out);
    else
        sample_text(s, &r, out);
    sample_result_free(&r);
    return true;
}

/* ---- code ---- */

/* The expected lengths of coding data from `a` with codes built for `b`
 * and for `a`: the identity and the Huffman overheads. */
static void code_direction(const double *a, const double *b, size_t n,
                           const struct code_book *for_b,
                           const struct code_book *for_a, char an, char bn,
                           double kl_bits, struct buf *out)
{
    char x[NUM_BUF], y[NUM_BUF], z[NUM_BUF], v[NUM_BUF];
    double cross = code_cross_bits(a, b, n);
    double h = code_entropy_bits(a, n);
    double huff_b = code_expected(for_b, a), huff_a = code_expected(for_a, a);
    buf_printf(out, _("data from %c (expected bits per symbol under %c):\n"),
               an, an);
    buf_printf(out, _("  ideal code for %c:   E_%c[-log2 %c] = %s = H(%c) + "
                  "KL(%c||%c) = %s + %s\n"), bn, an, bn + ('a' - 'A'),
               num_fixed(x, sizeof x, cross, 9), an, an, bn,
               num_fixed(y, sizeof y, h, 9), num_fixed(z, sizeof z, kl_bits,
                                                       9));
    buf_printf(out, _("  ideal code for %c:   H(%c) = %s: the extra bits per "
                  "symbol are KL(%c||%c) = %s\n"), an, an,
               num_fixed(x, sizeof x, h, 9), an, bn,
               num_fixed(y, sizeof y, kl_bits, 9));
    if (!isfinite(huff_b))
        buf_printf(out, _("  Huffman code for %c: unusable: %c puts mass on "
                      "entries it has no word for (infinite)\n"), bn, an);
    else if (!isfinite(cross))
        buf_printf(out, _("  Huffman code for %c: %s bits\n"), bn,
                   num_fixed(x, sizeof x, huff_b, 6));
    else
        buf_printf(out, _("  Huffman code for %c: %s bits (%s %s that "
                      "ideal)\n"), bn, num_fixed(x, sizeof x, huff_b, 6),
                   num_fixed(y, sizeof y, fabs(huff_b - cross), 6),
                   huff_b >= cross ? _("above") : _("below"));
    buf_printf(out, _("  Huffman code for %c: %s bits (%s above H(%c))"), an,
               num_fixed(x, sizeof x, huff_a, 6),
               num_fixed(y, sizeof y, huff_a - h, 6), an);
    if (isfinite(huff_b))
        buf_printf(out, _("; the Huffman codes differ by %s bits"),
                   num_fixed(v, sizeof v, huff_b - huff_a, 6));
    buf_putc(out, '\n');
}

bool command_family_code(COMMAND_PARAMS)
{
    const struct session *s = c->session;
    const struct table *t = &s->table;
    struct code_book hq, hp;
    code_huffman(t->q, t->n, &hq);
    code_huffman(t->p, t->n, &hp);
    buf_append(out, _("codes, in bits whatever the base: the ideal length "
                  "-log2 q and Huffman codes built for Q and for P\n"));
    buf_pad(out, _("entry"), 12, false);
    buf_printf(out, " %9s %9s %9s  %-16s %-16s\n", "p", "q", "-log2 q",
               "Huffman(Q)", "Huffman(P)");
    size_t shown = t->n < LIST_MAX ? t->n : LIST_MAX;
    for (size_t i = 0; i < shown; i++) {
        char a[NUM_BUF], b[NUM_BUF], l[NUM_BUF], wq[80], wp[80];
        code_word_text(&hq, i, wq, sizeof wq);
        code_word_text(&hp, i, wp, sizeof wp);
        buf_printf(out, "%-12.12s %9s %9s %9s  %-16s %-16s\n", t->labels[i],
                   num_fixed(a, sizeof a, t->p[i], 6),
                   num_fixed(b, sizeof b, t->q[i], 6),
                   t->q[i] > 0 ? num_fixed(l, sizeof l, -log2(t->q[i]), 4)
                               : "inf",
                   wq, wp);
    }
    if (shown < t->n)
        buf_printf(out, _("(the first %zu of %zu entries)\n"), shown, t->n);
    code_direction(t->p, t->q, t->n, &hq, &hp, 'P', 'Q',
                   s->div.pq.total / M_LN2, out);
    code_direction(t->q, t->p, t->n, &hp, &hq, 'Q', 'P',
                   s->div.qp.total / M_LN2, out);
    code_book_free(&hq);
    code_book_free(&hp);
    return true;
}

/* ---- sweep ---- */

enum sweep_kind { SWEEP_FAMILY, SWEEP_MIX, SWEEP_SMOOTH, SWEEP_ALPHA };

/* Parameters a sweep may move: those that keep the support. */
static bool keeps_support(const char *name)
{
    static const char *const ok[] = {"theta", "lambda", "mu", "sigma", "s",
                                     "w", NULL};
    for (size_t i = 0; ok[i]; i++)
        if (strcmp(ok[i], name) == 0)
            return true;
    return false;
}

struct sweep_setup {
    enum sweep_kind kind;
    enum which side;            /* SWEEP_FAMILY: the moving distribution */
    struct family *f;           /* SWEEP_FAMILY: a copy to move */
    const char *name;           /* SWEEP_FAMILY: the parameter */
    double *x_labels;           /* SWEEP_FAMILY: the support */
};

static bool sweep_prepare(struct command *c, const char *param, double from,
                          double to, struct sweep_setup *su,
                          struct error *err)
{
    /* The sweeps of a whole setting, with the range each allows. */
    static const struct {
        const char *name;
        enum sweep_kind kind;
        bool from_zero;         /* from may be 0 (else it must be above) */
        double most;            /* the largest `to` */
        const char *range;      /* what is wrong outside the range */
    } settings[] = {
        {"mix", SWEEP_MIX, true, 1, N_("the mixture weight runs from 0 to "
                                       "1 (hint: sweep mix 0 1)")},
        {"smooth", SWEEP_SMOOTH, false, INFINITY,
         N_("smoothing needs EPS above 0 (hint: sweep smooth 1e-6 0.1)")},
        {"alpha", SWEEP_ALPHA, false, INFINITY,
         N_("the R\u00E9nyi order must be above 0 (hint: sweep alpha 0.1 "
            "10)")},
    };
    memset(su, 0, sizeof *su);
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        if (strcmp(param, settings[i].name) != 0)
            continue;
        su->kind = settings[i].kind;
        bool from_ok = settings[i].from_zero ? from >= 0 : from > 0;
        bool to_ok = settings[i].most == INFINITY || to <= settings[i].most;
        if (!from_ok || !to_ok) {
            error_set(err, "%s", _(settings[i].range));
            if (!c->utf8_text)
                utf8_ascii_letters(err->msg);
            return false;
        }
        return true;
    }
    if ((param[0] != 'p' && param[0] != 'q') || param[1] != '.' ||
        !param[2])
        return error_set(err, _("no parameter '%s' to sweep (hint: p.NAME or "
                            "q.NAME of a family as `family` lists them, mix, "
                            "smooth or alpha)"), param);
    su->kind = SWEEP_FAMILY;
    su->side = param[0] == 'p' ? WHICH_P : WHICH_Q;
    su->name = param + 2;
    const struct family *f = command_family_of(c, su->side);
    if (!f)
        return error_set(err, _("%s has no family to sweep (hint: generate "
                            "it first, e.g. `%c binom 10 0.3`)"),
                         which_name(su->side), param[0]);
    su->f = family_copy(f);
    if (!family_set_param(su->f, su->name, from, err) ||
        !family_set_param(su->f, su->name, to, err))
        return false;
    if (!keeps_support(su->name))
        return error_set(err, _("'%s' changes the support; a sweep moves "
                            "parameters that keep it (theta, lambda, mu, "
                            "sigma, s, w; hint: `param %c %s V` sets it)"),
                         su->name, param[0], su->name);
    su->x_labels = numeric_labels(&c->session->table);
    if (!su->x_labels)
        return error_set(err, _("the labels are not the family's support "
                            "(hint: generate it again)"));
    return true;
}

static void sweep_release(struct sweep_setup *su)
{
    family_free(su->f);
    free(su->x_labels);
}

/* The two values at x into a and b, in nats. p2 and q2 are scratch. */
static void sweep_point(const struct session *s, struct sweep_setup *su,
                        double x, double *p2, double *q2, double *a,
                        double *b)
{
    const struct table *t = &s->table;
    size_t n = t->n;
    memcpy(p2, t->p, n * sizeof *p2);
    memcpy(q2, t->q, n * sizeof *q2);
    switch (su->kind) {
    case SWEEP_FAMILY: {
        double *v = su->side == WHICH_P ? p2 : q2;
        family_set_param(su->f, su->name, x, NULL);
        family_eval(su->f, su->x_labels, n, v);
        double sum = dist_sum(v, n);
        for (size_t i = 0; i < n; i++)
            v[i] /= sum;
        break;
    }
    case SWEEP_MIX:
        for (size_t i = 0; i < n; i++)
            q2[i] = (1 - x) * t->q[i] + x * t->p[i];
        break;
    case SWEEP_SMOOTH:
        dist_smooth(q2, n, x, NULL);
        break;
    case SWEEP_ALPHA:
        *a = renyi_divergence(p2, q2, n, x, s->div.pq.total);
        *b = renyi_divergence(q2, p2, n, x, s->div.qp.total);
        return;
    }
    struct divergence d;
    divergence_kl(p2, q2, n, &d);
    *a = d.pq.total;
    *b = d.qp.total;
}

bool command_family_sweep(COMMAND_PARAMS)
{
    /* `... export FILE` at the end writes the chart instead of printing
     * it; the words before it are the sweep's. */
    struct words before = c->words;
    const struct words *wd = &before;
    const char *path = NULL;
    bool force = false;
    if (wd->n >= 5 && (strcmp(wd->v[wd->n - 2], "export") == 0 ||
                       strcmp(wd->v[wd->n - 2], "export!") == 0)) {
        path = wd->v[wd->n - 1];
        force = wd->v[wd->n - 2][6] == '!';
        before.n -= 2;
    }
    size_t nw;
    bool json;
    if (!json_words(wd, 3, 4, "sweep PARAM FROM TO [STEPS] [json] [export "
                    "FILE.svg|.txt]", &nw, &json, err))
        return false;
    if (json && path)
        return error_set(err, _("json or export, not both (hint: sweep ... "
                            "export FILE.svg)"));
    if (path && !export_sweep_format(path, err))
        return false;
    double from, to, steps = 50;
    if (!num_parse(wd->v[1], strlen(wd->v[1]), &from, err) ||
        !num_parse(wd->v[2], strlen(wd->v[2]), &to, err) ||
        (nw == 4 && !num_parse(wd->v[3], strlen(wd->v[3]), &steps, err)))
        return false;
    if (!(from < to))
        return error_set(err, _("FROM must be below TO (hint: sweep q.theta "
                            "0.05 0.95)"));
    if (!(steps >= 2 && steps <= 10000 && steps == floor(steps)))
        return error_set(err, _("STEPS is the number of points, a whole "
                            "number from 2 to 10000, not %s"), wd->v[3]);
    struct sweep_setup su;
    if (!sweep_prepare(c, wd->v[0], from, to, &su, err)) {
        sweep_release(&su);
        return false;
    }
    const struct session *s = c->session;
    size_t m = (size_t)steps, n = s->table.n;
    bool log_x = su.kind != SWEEP_FAMILY && su.kind != SWEEP_MIX &&
                 to / from >= 100;
    double *x = xmalloc(m * sizeof *x), *a = xmalloc(m * sizeof *a),
           *b = xmalloc(m * sizeof *b);
    double *p2 = xmalloc(n * sizeof *p2), *q2 = xmalloc(n * sizeof *q2);
    bool ok = true;
    for (size_t i = 0; i < m; i++) {
        double f = (double)i / (double)(m - 1);
        x[i] = log_x ? exp(log(from) + f * (log(to) - log(from)))
                     : from + f * (to - from);
        if (i == m - 1)
            x[i] = to;
        sweep_point(s, &su, x[i], p2, q2, &a[i], &b[i]);
        a[i] = session_scaled(s, a[i]);
        b[i] = session_scaled(s, b[i]);
        if (c->cancelled && (i & 15) == 15 && c->cancelled(c->cancel_ctx)) {
            ok = error_set(err, _("cancelled"));
            break;
        }
    }
    const char *an = su.kind == SWEEP_ALPHA ? "D_alpha(P||Q)" : "KL(P||Q)";
    const char *bn = su.kind == SWEEP_ALPHA ? "D_alpha(Q||P)" : "KL(Q||P)";
    size_t ia = sweep_argmin(a, m), ib = sweep_argmin(b, m);
    char v1[NUM_BUF], v2[NUM_BUF];
    struct sweep_curves curves = {wd->v[0], an, bn, session_unit(s), x, a, b,
                                  m, log_x};
    if (ok && json) {
        buf_append(out, "{\"sweep\":");
        json_string(out, wd->v[0]);
        buf_append(out, ",\"unit\":");
        json_string(out, session_unit(s));
        buf_printf(out, ",\"log_scale\":%s,\"a\":\"%s\",\"b\":\"%s\","
                   "\"points\":[", log_x ? "true" : "false", an, bn);
        for (size_t i = 0; i < m; i++) {
            buf_append(out, i ? ",{\"x\":" : "{\"x\":");
            json_number(out, x[i]);
            buf_append(out, ",\"a\":");
            json_number(out, a[i]);
            buf_append(out, ",\"b\":");
            json_number(out, b[i]);
            buf_putc(out, '}');
        }
        buf_append(out, "]");
        size_t mins[2] = {ia, ib};
        for (int k = 0; k < 2; k++) {
            buf_printf(out, ",\"min_%c\":", k ? 'b' : 'a');
            if (mins[k] == m) {
                buf_append(out, "null");
                continue;
            }
            buf_append(out, "{\"x\":");
            json_number(out, x[mins[k]]);
            buf_append(out, ",\"value\":");
            json_number(out, (k ? b : a)[mins[k]]);
            buf_putc(out, '}');
        }
        buf_append(out, "}\n");
    } else if (ok && !path) {
        buf_printf(out, _("sweep %s from %s to %s, %zu points%s\n"), wd->v[0],
                   num_short(v1, sizeof v1, from), num_short(v2, sizeof v2, to),
                   m, su.kind == SWEEP_MIX ? " (Q_t = (1-t) Q + t P)"
                      : su.kind == SWEEP_SMOOTH ? _(" (Q + EPS, renormalized)")
                                                : "");
        sweep_report(&curves, c->width < 40 ? 40 : c->width, out);
    }
    if (ok && path) {
        ok = export_sweep_write(&curves, path, c->width < 40 ? 40 : c->width,
                                force ? FILE_FORCE : 0, err);
        if (ok) {
            sweep_minima(&curves, out);
            buf_printf(out, _("wrote the sweep chart to %s\n"), path);
        }
    }
    free(x);
    free(a);
    free(b);
    free(p2);
    free(q2);
    sweep_release(&su);
    return ok;
}
