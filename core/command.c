#include "command.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "alpha.h"
#include "bar.h"
#include "command_family.h"
#include "command_joint.h"
#include "command_table.h"
#include "export.h"
#include "file.h"
#include "fit.h"
#include "gradient.h"
#include "num.h"
#include "overview.h"
#include "preset.h"
#include "report.h"

static const struct command_def *find_def(const char *name);

/* ---- shared pieces ---- */

static bool parse_which(const char *w, enum which *out, struct error *err)
{
    if (strcmp(w, "p") == 0 || strcmp(w, "P") == 0) {
        *out = WHICH_P;
        return true;
    }
    if (strcmp(w, "q") == 0 || strcmp(w, "Q") == 0) {
        *out = WHICH_Q;
        return true;
    }
    return error_set(err, "'%s' is not p or q", w);
}

static bool parse_value(const char *w, double *v, struct error *err)
{
    if (!num_parse(w, strlen(w), v, err))
        return false;
    return true;
}

/* After a change, the two numbers that matter. */
static void show_totals(const struct command *c, struct buf *out)
{
    const struct session *s = c->session;
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, "KL(P||Q) = %s %s   KL(Q||P) = %s %s\n",
               num_short(a, sizeof a, session_scaled(s, s->div.pq.total)),
               session_unit(s),
               num_short(b, sizeof b, session_scaled(s, s->div.qp.total)),
               session_unit(s));
}

void command_totals(const struct command *c, struct buf *out)
{
    show_totals(c, out);
}

static void note_sum(const char *name, double sum, struct buf *out)
{
    char v[NUM_BUF];
    if (sum != 1.0)
        buf_printf(out, "%s normalized: the values summed to %s\n", name,
                   num_roundtrip(v, sizeof v, sum));
}

/* ---- handlers ---- */

static bool set_dist(struct command *c, enum which w, const char *rest,
                     int rest_col, struct buf *out, struct error *err)
{
    if (!parse_numbers(rest, rest_col, &c->nums, err))
        return false;
    bool resized;
    if (!session_set_dist(c->session, w, c->nums.v, c->nums.n, &resized,
                          err))
        return false;
    const struct table *t = &c->session->table;
    if (resized)
        buf_printf(out, "now %zu entries: %s was reset to uniform so the "
                   "lengths match (set it next)\n", t->n,
                   w == WHICH_P ? "Q" : "P");
    note_sum(which_name(w), w == WHICH_P ? t->p_sum : t->q_sum, out);
    report_lost(t, w, out);
    show_totals(c, out);
    return true;
}

/* `p binom 10 0.3`: a first word naming a family selects the generator;
 * anything else is a list of values. */
static bool cmd_p(struct command *c, const char *rest, int col,
                  struct buf *out, struct error *err)
{
    if (family_is_name(c->words.v[0]))
        return command_family_generate(c, WHICH_P, rest, col, out, err);
    return set_dist(c, WHICH_P, rest, col, out, err);
}

static bool cmd_q(struct command *c, const char *rest, int col,
                  struct buf *out, struct error *err)
{
    if (family_is_name(c->words.v[0]))
        return command_family_generate(c, WHICH_Q, rest, col, out, err);
    return set_dist(c, WHICH_Q, rest, col, out, err);
}

static bool cmd_labels(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)out;
    return session_set_labels(c->session, c->words.v, c->words.n, err);
}

static bool cmd_set(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum which w = WHICH_P;   /* set by parse_which; gcc -O3 cannot see it */
    size_t i;
    double v;
    if (!parse_which(c->words.v[0], &w, err) ||
        !table_find(&c->session->table, c->words.v[1], &i, err))
        return false;
    if (!parse_value(c->words.v[2], &v, err) ||
        !session_set_entry(c->session, w, i, v, err))
        return false;
    show_totals(c, out);
    return true;
}

static bool cmd_add(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    double p, q;
    /* Checked here too: session_add's own message starts with "add: ",
     * and the command's name prefixes every message already. */
    if (!table_check_label(c->words.v[0], err))
        return false;
    if (!parse_value(c->words.v[1], &p, err) ||
        !parse_value(c->words.v[2], &q, err) ||
        !session_add(c->session, c->words.v[0], p, q, err))
        return false;
    show_totals(c, out);
    return true;
}

static bool cmd_del(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    size_t i;
    if (!table_find(&c->session->table, c->words.v[0], &i, err) ||
        !session_delete(c->session, i, err))
        return false;
    show_totals(c, out);
    return true;
}

static bool cmd_swap(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    session_swap(c->session);
    show_totals(c, out);
    return true;
}

static bool cmd_uniform(struct command *c, const char *rest, int col,
                        struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum which w = WHICH_P;   /* set by parse_which; gcc -O3 cannot see it */
    if (!parse_which(c->words.v[0], &w, err))
        return false;
    session_uniform(c->session, w);
    show_totals(c, out);
    return true;
}

static bool cmd_normalize(struct command *c, const char *rest, int col,
                          struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_normalize(c->session, out);
    return true;
}

static bool cmd_kl(struct command *c, const char *rest, int col,
                   struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_kl(c->session, out);
    return true;
}

static bool cmd_show(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_text(c->session, c->width, c->unicode, out);
    return true;
}

static bool cmd_json(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_json(c->session, out);
    return true;
}

static bool cmd_terms(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_terms(c->session, out);
    return true;
}

static bool cmd_measures(struct command *c, const char *rest, int col,
                         struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    (void)err;
    report_measures(c->session, out);
    return true;
}

/* ---- large tables: top and find ---- */

/* Parses a count for `top` and --top: a whole number >= 1. */
static bool parse_count(const char *w, size_t *out, struct error *err)
{
    char *end;
    unsigned long long v = strtoull(w, &end, 10);
    if (w[0] < '0' || w[0] > '9' || *end || v == 0 || v > (1ULL << 40))
        return error_set(err, "'%s' is not a number of entries (1 or more)",
                         w);
    *out = (size_t)v;
    return true;
}

/* The widest of the labels listed, within limits. */
static int list_label_width(const struct table *t, const size_t *idx,
                            size_t n)
{
    int w = 5;
    for (size_t k = 0; k < n; k++) {
        int lw = (int)strlen(t->labels[idx[k]]);
        w = lw > w ? lw : w;
    }
    return w > 24 ? 24 : w;
}

static void top_direction(const struct command *c, bool forward,
                          const struct overview_top *top, struct buf *out)
{
    const struct session *s = c->session;
    const struct table *t = &s->table;
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    const char *term = forward ? "p*log(p/q)" : "q*log(q/p)";
    char a[NUM_BUF], b[NUM_BUF], e[NUM_BUF];
    buf_printf(out, "%s = %s %s: the %zu largest |%s| of %zu entries\n",
               forward ? "KL(P||Q)" : "KL(Q||P)",
               num_short(a, sizeof a, session_scaled(s, d->total)),
               session_unit(s), top->count, term, t->n);
    int lw = list_label_width(t, top->idx, top->count);
    buf_printf(out, "  %4s  %-*s  %8s  %10s  %10s  %12s  %8s\n", "rank", lw,
               "entry", "index", "p", "q", term, "share");
    for (size_t r = 0; r < top->count; r++) {
        size_t i = top->idx[r];
        double v = top->val[r];
        char share[32];
        if (v == 0)
            snprintf(share, sizeof share, "0.0%%");
        else if (isfinite(v) && isfinite(d->total) && d->total > 0)
            snprintf(share, sizeof share, "%.1f%%", 100 * v / d->total);
        else
            snprintf(share, sizeof share, "-");
        buf_printf(out, "  %4zu  %-*.*s  %8zu  %10s  %10s  %12s  %8s\n",
                   r + 1, lw, lw, t->labels[i], i + 1,
                   num_fixed(a, sizeof a, t->p[i], 6),
                   num_fixed(b, sizeof b, t->q[i], 6),
                   num_short(e, sizeof e, session_scaled(s, v)), share);
    }
}

static bool cmd_top(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    size_t k = 10;
    if (c->words.n && !parse_count(c->words.v[0], &k, err))
        return false;
    const struct table *t = &c->session->table;
    struct overview_top f, r;
    overview_top_init(&f);
    overview_top_init(&r);
    if (!overview_top_kl(t->p, t->q, t->n, k, &f, &r, err))
        return false;
    top_direction(c, true, &f, out);
    buf_putc(out, '\n');
    top_direction(c, false, &r, out);
    buf_append(out, "share: the term over the total; negative terms make "
               "the shares of the others\nadd up to more than 100%.\n");
    overview_top_free(&f);
    overview_top_free(&r);
    return true;
}

/* At most this many entries are listed by `find`. */
#define FIND_SHOWN 20

static bool cmd_find(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    const struct session *s = c->session;
    const struct table *t = &s->table;
    const char *text = c->words.v[0];
    size_t idx[FIND_SHOWN + 1];
    size_t total = overview_find(t, text, idx, FIND_SHOWN);
    size_t shown = total < FIND_SHOWN ? total : FIND_SHOWN;
    /* An index names an entry too; it comes first unless a label is
     * exactly the text; #N always names the N-th entry (as in table_find). */
    const char *num = text[0] == '#' ? text + 1 : text;
    char *end;
    unsigned long long v = strtoull(num, &end, 10);
    if (num[0] >= '0' && num[0] <= '9' && !*end && v >= 1 && v <= t->n &&
        (num != text || !(shown && strcmp(t->labels[idx[0]], text) == 0))) {
        size_t i = (size_t)v - 1, at = 0;
        while (at < shown && idx[at] != i)
            at++;
        if (at == shown) {
            total++;
            if (shown < FIND_SHOWN)
                shown++;
            else
                at = shown - 1;
        }
        memmove(idx + 1, idx, at * sizeof *idx);
        idx[0] = i;
    }
    if (total == 0)
        return error_set(err, "no label contains '%s' (labels are "
                         "case-sensitive)", text);
    buf_printf(out, "%zu %s:\n", total,
               total == 1 ? "entry matches" : "entries match");
    int lw = list_label_width(t, idx, shown);
    buf_printf(out, "  %8s  %-*s  %10s  %10s  %12s  %12s\n", "index", lw,
               "entry", "p", "q", "p*log(p/q)", "q*log(q/p)");
    char a[NUM_BUF], b[NUM_BUF], e[NUM_BUF], f[NUM_BUF];
    for (size_t k = 0; k < shown; k++) {
        size_t i = idx[k];
        buf_printf(out, "  %8zu  %-*.*s  %10s  %10s  %12s  %12s\n", i + 1,
                   lw, lw, t->labels[i], num_fixed(a, sizeof a, t->p[i], 6),
                   num_fixed(b, sizeof b, t->q[i], 6),
                   num_short(e, sizeof e, session_scaled(s,
                             divergence_term(t->p[i], t->q[i]))),
                   num_short(f, sizeof f, session_scaled(s,
                             divergence_term(t->q[i], t->p[i]))));
    }
    if (total > shown)
        buf_printf(out, "  and %zu more\n", total - shown);
    return true;
}

static bool cmd_alpha(struct command *c, const char *rest, int col,
                      struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    const char *w = c->words.v[0];
    double a;
    if (!alpha_parse(w, &a, err))
        return false;
    session_set_alpha(c->session, a);
    char v[NUM_BUF], x[NUM_BUF];
    buf_printf(out, "Renyi order %s: D(P||Q) = %s   D(Q||P) = %s %s\n", w,
               num_short(v, sizeof v, session_scaled(c->session,
                                      session_renyi(c->session, true))),
               num_short(x, sizeof x, session_scaled(c->session,
                                      session_renyi(c->session, false))),
               session_unit(c->session));
    return true;
}

static void before_after(const struct command *c, const char *name,
                         double before, double after, struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF];
    const struct session *s = c->session;
    buf_printf(out, "%s: %s -> %s %s\n", name,
               num_short(a, sizeof a, session_scaled(s, before)),
               num_short(b, sizeof b, session_scaled(s, after)),
               session_unit(s));
}

static bool cmd_smooth(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum which w = WHICH_Q;
    const char *amount = c->words.v[c->words.n - 1];
    if (c->words.n == 2 && !parse_which(c->words.v[0], &w, err))
        return false;
    double eps;
    if (!parse_value(amount, &eps, err))
        return false;
    double pq = c->session->div.pq.total, qp = c->session->div.qp.total;
    if (!session_smooth(c->session, w, eps, err))
        return false;
    buf_printf(out, "%s smoothed: every entry + %s, renormalized\n",
               which_name(w), amount);
    before_after(c, "KL(P||Q)", pq, c->session->div.pq.total, out);
    before_after(c, "KL(Q||P)", qp, c->session->div.qp.total, out);
    return true;
}

static bool cmd_grad(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum which w = WHICH_Q;
    bool forward = true;
    for (size_t k = 0; k < c->words.n; k++) {
        const char *a = c->words.v[k];
        if (strcmp(a, "forward") == 0 || strcmp(a, "pq") == 0)
            forward = true;
        else if (strcmp(a, "reverse") == 0 || strcmp(a, "qp") == 0)
            forward = false;
        else if (!parse_which(a, &w, err))
            return error_set(err, "'%s' is not p, q, forward or reverse",
                             a);
    }
    const struct session *s = c->session;
    const struct table *t = &s->table;
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    const char *dname = forward ? "KL(P||Q)" : "KL(Q||P)";
    if (d->n_inf) {
        buf_printf(out, "%s is infinite: it falls to a finite value only "
                   "when %s > 0 at entry %zu (%s)%s\n", dname,
                   forward ? "q" : "p", d->inf_idx[0] + 1,
                   t->labels[d->inf_idx[0]],
                   d->n_inf > 1 ? " and the other infinite entries" : "");
        return true;
    }
    double *g = xmalloc(t->n * sizeof *g);
    bool edit_first = (w == WHICH_P) == forward;
    gradient_compute(forward ? t->p : t->q, forward ? t->q : t->p, t->n,
                     edit_first, d->total, g);
    const double *x = w == WHICH_P ? t->p : t->q;
    size_t best = gradient_best(g, x, t->n);
    char v[NUM_BUF], xv[NUM_BUF];
    const char *wn = w == WHICH_P ? "p" : "q";
    buf_printf(out, "d%s/d%s_i, the other entries rescaled (%s):\n", dname,
               wn, session_unit(s));
    for (size_t i = 0; i < t->n && i < 1000; i++) {
        buf_printf(out, "  %-12s %s = %-10s %12s%s\n", t->labels[i], wn,
                   num_fixed(xv, sizeof xv, x[i], 6),
                   isnan(g[i]) ? "-" : num_short(v, sizeof v,
                                                 session_scaled(s, g[i])),
                   i == best ? (g[i] < 0 ? "   <- raise this one"
                                         : "   <- lower this one") : "");
    }
    if (best < t->n)
        buf_printf(out, "%s falls fastest when %s_%zu (%s) goes %s.\n",
                   dname, wn, best + 1, t->labels[best],
                   g[best] < 0 ? "up" : "down");
    else
        buf_printf(out, "%s cannot fall: it is already 0.\n", dname);
    free(g);
    return true;
}

static void fit_line(const struct command *c, const struct fit *f,
                     struct buf *out)
{
    const struct session *s = c->session;
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, "%s fit, %s (minimizes %s): center %.2f, %s %.3f\n",
               fit_family_name(f->family), f->forward ? "forward" : "reverse",
               f->forward ? "KL(P||Q)" : "KL(Q||P)", f->mu,
               fit_scale_name(f->family), f->scale);
    buf_printf(out, "  KL(P||Q) = %s   KL(Q||P) = %s %s\n",
               num_short(a, sizeof a, session_scaled(s, f->kl_pq)),
               num_short(b, sizeof b, session_scaled(s, f->kl_qp)),
               session_unit(s));
}

/* P, the forward fit and the reverse fit as bars side by side: the wide
 * mass-covering fit and the narrow mode-seeking one, at a glance. */
static void fit_both(const struct command *c, const struct fit *fw,
                     const struct fit *rv, struct buf *out)
{
    const struct table *t = &c->session->table;
    double max = 0;
    for (size_t i = 0; i < t->n; i++)
        max = fmax(max, fmax(t->p[i], fmax(fw->q[i], rv->q[i])));
    int w = (c->width - 16) / 3 - 2;
    w = w < 6 ? 6 : w > 30 ? 30 : w;
    buf_printf(out, "%-12s %-*s  %-*s  %s\n", "entry", w, "P", w,
               "forward fit", "reverse fit");
    for (size_t i = 0; i < t->n && i < 200; i++) {
        buf_printf(out, "%-12.12s ", t->labels[i]);
        bar_mass(out, t->p[i], max, w, c->unicode);
        buf_append(out, "  ");
        bar_mass(out, fw->q[i], max, w, c->unicode);
        buf_append(out, "  ");
        bar_mass(out, rv->q[i], max, w, c->unicode);
        while (out->len && out->s[out->len - 1] == ' ')
            out->len--;
        out->s[out->len] = '\0';
        buf_putc(out, '\n');
    }
    fit_line(c, fw, out);
    fit_line(c, rv, out);
    buf_printf(out, "The forward fit covers all of P's mass (%s %.3f); the "
               "reverse fit\nsits on one mode (%.3f). `fit %s forward` or "
               "`reverse` sets Q.\n", fit_scale_name(fw->family), fw->scale,
               rv->scale, fit_family_name(fw->family));
}

static bool cmd_fit(struct command *c, const char *rest, int col,
                    struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum fit_family fam;
    if (!fit_family_parse(c->words.v[0], &fam))
        return error_set(err, "unknown family '%s' (hint: gauss or geom)",
                         c->words.v[0]);
    const char *dir = c->words.n > 1 ? c->words.v[1] : "both";
    bool fwd = strcmp(dir, "forward") == 0;
    bool both = strcmp(dir, "both") == 0;
    if (!fwd && !both && strcmp(dir, "reverse") != 0)
        return error_set(err, "'%s' is not forward, reverse or both", dir);
    const struct table *t = &c->session->table;
    struct fit_cancel cancel = {c->cancelled, c->cancel_ctx};
    struct fit f, r;
    fit_init(&f);
    fit_init(&r);
    bool ok = true;
    if (fwd || both)
        ok = fit_run(t->p, t->n, fam, true, &cancel, &f, err);
    if (ok && !fwd)
        ok = fit_run(t->p, t->n, fam, false, &cancel, &r, err);
    if (ok && both) {
        fit_both(c, &f, &r, out);
    } else if (ok) {
        const struct fit *use = fwd ? &f : &r;
        ok = session_set_dist(c->session, WHICH_Q, use->q, use->n, NULL,
                              err);
        if (ok) {
            fit_line(c, use, out);
            buf_append(out, "Q is now this fit (undo goes back).\n");
        }
    }
    fit_free(&f);
    fit_free(&r);
    return ok;
}

static bool cmd_base(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    enum log_base b;
    if (!log_base_parse(c->words.v[0], &b))
        return error_set(err, "unknown base '%s' (hint: e, 2 or 10; or "
                         "nats, bits, bans)", c->words.v[0]);
    session_set_base(c->session, b);
    show_totals(c, out);
    return true;
}

static bool cmd_load(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    if (c->stdin_taken && strcmp(c->words.v[0], "-") == 0)
        return error_set(err, "-: standard input is %s (hint: load the "
                         "table from a file)", c->stdin_taken);
    if (!session_load(c->session, c->words.v[0], c->progress, err))
        return false;
    const struct table *t = &c->session->table;
    buf_printf(out, "loaded %zu entries from ", t->n);
    buf_append_sanitized(out, c->words.v[0]);
    buf_putc(out, '\n');
    /* A save killed before its rename leaves its data in a temporary
     * file: the user may want it back before the next save removes it. */
    struct buf stale;
    buf_init(&stale);
    if (strcmp(c->words.v[0], "-") != 0 &&
        file_stale_temps(c->words.v[0], &stale) > 0) {
        for (char *l = stale.s, *nl; (nl = strchr(l, '\n')); l = nl + 1) {
            *nl = '\0';
            buf_append(out, "note: ");
            buf_append_sanitized(out, l);
            buf_append(out, " is left from an interrupted save and may "
                       "hold newer data; the next save removes it\n");
        }
    }
    buf_free(&stale);
    note_sum("P", t->p_sum, out);
    note_sum("Q", t->q_sum, out);
    report_lost(t, WHICH_P, out);
    report_lost(t, WHICH_Q, out);
    show_totals(c, out);
    return true;
}

static bool cmd_presets(struct command *c, const char *rest, int col,
                        struct buf *out, struct error *err)
{
    (void)c;
    (void)rest;
    (void)col;
    struct preset_list l;
    if (!preset_list_load(&l, err))
        return false;
    if (l.n == 0) {
        buf_append(out, "no presets in ");
        buf_append_sanitized(out, preset_dir());
        buf_putc(out, '\n');
    }
    for (size_t i = 0; i < l.n; i++)
        buf_printf(out, "  %-10s %s\n", l.v[i].name, l.v[i].description);
    if (l.n)
        buf_append(out, "`preset NAME` loads one (undo goes back).\n");
    preset_list_free(&l);
    return true;
}

static bool cmd_preset(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    struct preset_list l;
    if (!preset_list_load(&l, err))
        return false;
    const struct preset *p = preset_find(&l, c->words.v[0], err);
    bool ok = p && session_load_preset(c->session, p->path, err);
    if (ok) {
        buf_printf(out, "%s: %s\n", p->name, p->description);
        show_totals(c, out);
    }
    preset_list_free(&l);
    return ok;
}

static bool do_save(struct command *c, unsigned flags, struct buf *out,
                    struct error *err)
{
    struct session *s = c->session;
    const char *path = c->words.n ? c->words.v[0] : s->path;
    if (!path)
        return error_set(err, "no file name (hint: save FILE, e.g. save "
                         "mine.csv)");
    if (!session_save(s, path, flags, err))
        return false;
    buf_printf(out, "saved %zu entries to ", s->table.n);
    buf_append_sanitized(out, path);
    buf_putc(out, '\n');
    return true;
}

static bool cmd_save(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return do_save(c, 0, out, err);
}

static bool cmd_save_force(struct command *c, const char *rest, int col,
                           struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return do_save(c, FILE_FORCE, out, err);
}

static bool do_export(struct command *c, unsigned flags, struct buf *out,
                      struct error *err)
{
    const char *path = c->words.v[0];
    if (!export_write(c->session, path, c->width, c->unicode, flags, err))
        return false;
    buf_append(out, "exported to ");
    buf_append_sanitized(out, path);
    buf_putc(out, '\n');
    return true;
}

static bool cmd_export(struct command *c, const char *rest, int col,
                       struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return do_export(c, 0, out, err);
}

static bool cmd_export_force(struct command *c, const char *rest, int col,
                             struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return do_export(c, FILE_FORCE, out, err);
}

/* Runs the current lesson's setup on the tour's session and shows its
 * caption. */
static bool show_lesson(struct command *c, struct buf *out,
                        struct error *err)
{
    size_t count;
    const struct lesson *l = &tour_lessons(&count)[c->tour.step];
    struct buf scratch;
    buf_init(&scratch);
    const char *line = l->setup;
    bool ok = true;
    while (ok && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "%.*s", (int)len, line);
        ok = command_run(c, cmd, &scratch, err) == CMD_OK;
        line += len + (end ? 1 : 0);
    }
    buf_free(&scratch);
    if (!ok)
        return false;
    /* Undo stops at the lesson's start: its setup is not the user's. */
    session_mark_start(c->session);
    buf_printf(out, "lesson %zu/%zu: %s\n%s\n", c->tour.step + 1, count,
               l->title, l->caption);
    show_totals(c, out);
    buf_append(out, c->tour.step + 1 < count
                        ? "`next` goes on, `back` goes back, `tour end` "
                          "returns to your data.\n"
                        : "This was the last lesson: `tour end` returns to "
                          "your data.\n");
    return true;
}

static bool cmd_tour(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    if (c->words.n == 1) {
        if (strcmp(c->words.v[0], "end") != 0)
            return error_set(err, "'%s': did you mean `tour end`?",
                             c->words.v[0]);
        if (!c->tour.active)
            return error_set(err, "no tour is running (hint: `tour` "
                             "starts one)");
        tour_finish(&c->tour, &c->session);
        buf_append(out, "tour ended: your own data is back\n");
        show_totals(c, out);
        return true;
    }
    if (c->tour.active) {
        /* Already touring: say where we are, keep the edits made here. */
        size_t count;
        const struct lesson *l = &tour_lessons(&count)[c->tour.step];
        buf_printf(out, "lesson %zu/%zu: %s\n%s\n", c->tour.step + 1,
                   count, l->title, l->caption);
        return true;
    }
    tour_begin(&c->tour, &c->session);
    if (!show_lesson(c, out, err)) {
        tour_finish(&c->tour, &c->session);
        return false;
    }
    return true;
}

static bool step_tour(struct command *c, int delta, struct buf *out,
                      struct error *err)
{
    size_t count;
    tour_lessons(&count);
    if (!c->tour.active)
        return error_set(err, "no tour is running (hint: `tour` starts "
                         "one)");
    if (delta > 0 && c->tour.step + 1 >= count)
        return error_set(err, "this is the last lesson (hint: `tour end` "
                         "returns to your data)");
    if (delta < 0 && c->tour.step == 0)
        return error_set(err, "this is the first lesson");
    size_t old = c->tour.step;
    c->tour.step = delta > 0 ? old + 1 : old - 1;
    if (!show_lesson(c, out, err)) {
        c->tour.step = old;
        return false;
    }
    return true;
}

static bool cmd_next(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return step_tour(c, +1, out, err);
}

static bool cmd_back(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return step_tour(c, -1, out, err);
}

/* Undo and redo differ only in which history they take from; both say
 * what they took back (the step's command line, copied before the step is
 * consumed). */
static bool history_command(struct command *c, bool undo, struct buf *out,
                            struct error *err)
{
    const struct history *h = undo ? &c->session->undo : &c->session->redo;
    char what[256] = "";
    if (h->n)
        snprintf(what, sizeof what, "%s", h->v[h->n - 1].what);
    error_sanitize(what);   /* a command line: it may name any file */
    if (undo && !h->n && c->tour.active)
        return error_set(err, "nothing to undo: this is the lesson's start "
                         "(hint: `back` goes to the previous lesson)");
    if (!(undo ? session_undo : session_redo)(c->session, err))
        return false;
    buf_printf(out, "%s: %s\n", undo ? "undid" : "redid", what);
    show_totals(c, out);
    return true;
}

static bool cmd_undo(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return history_command(c, true, out, err);
}

static bool cmd_redo(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    return history_command(c, false, out, err);
}

static bool cmd_help(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)rest;
    (void)col;
    const char *name = c->words.n ? c->words.v[0] : NULL;
    if (!command_help(name, out))
        return error_set(err, "no command '%s' (hint: `help` lists them)",
                         name);
    return true;
}

static bool cmd_quit(struct command *c, const char *rest, int col,
                     struct buf *out, struct error *err)
{
    (void)c;
    (void)rest;
    (void)col;
    (void)out;
    (void)err;
    return true;
}

/* ---- the table ---- */

static const struct command_def commands[] = {
    {"p", cmd_p, 1, -1, "p V1 V2 ...",
     "set P (probabilities, weights or counts, or a family)",
     "Sets the whole of P. Values are separated by spaces or by commas\n"
     "(\"0.1 0.2 0.7\", \"1,2,7\" or \"1, 2, 7\") and normalized to sum 1.\n"
     "A different number of values than entries resizes: Q becomes\n"
     "uniform over the new entries, so set it next.\n"
     "Or generate P from a family (labels become its support):\n"
     "  binom N THETA        0..N\n"
     "  poisson LAMBDA [K]   0..K (default: tail beyond K below 1e-12)\n"
     "  geom THETA [K]       theta (1-theta)^k on 0..K (K as for poisson)\n"
     "  normal MU SIGMA [LO:HI:STEP]  on the grid, or on the labels\n"
     "  zipf S N             k^-S on 1..N\n"
     "  uniform N            1..N\n"
     "  mix W A B            W A + (1-W) B: mix 0.5 (normal -2 1) (normal 2 1)\n"
     "When the support differs from the labels, Q is evaluated on the\n"
     "union of both supports if it has a family too, else it keeps its\n"
     "values if the number of entries is unchanged, else it becomes\n"
     "uniform. With both in the same family the closed form is shown\n"
     "beside the sum (see `family`)."},
    {"q", cmd_q, 1, -1, "q V1 V2 ...", "set Q",
     "Sets the whole of Q, like `p` does for P (values or a family)."},
    {"labels", cmd_labels, 1, -1, "labels L1 L2 ...", "name the entries",
     "Gives every entry a label (one per entry, unique). Use \"double\n"
     "quotes\" for a label with spaces. Entries can then be named by label\n"
     "wherever an index is expected."},
    {"set", cmd_set, 3, 3, "set p|q I V",
     "set one entry, rescaling the others",
     "Sets entry I (an index from 1, or a label) of P or Q to probability V\n"
     "(0 <= V <= 1) and rescales the other entries proportionally so the\n"
     "distribution still sums to 1; when the others all hold 0, the rest\n"
     "is shared equally among them. A label equal to I wins over the\n"
     "index; #N is always the N-th entry (`set p #3 0.5`)."},
    {"add", cmd_add, 3, 3, "add LABEL P Q", "add an entry",
     "Adds an entry with probability P in P and Q in Q; the old entries\n"
     "keep their proportions and share the rest."},
    {"del", cmd_del, 1, 1, "del I", "delete an entry",
     "Deletes entry I (index, #N or label) and renormalizes what is left."},
    {"swap", cmd_swap, 0, 0, "swap", "exchange P and Q",
     "Exchanges P and Q: KL(P||Q) and KL(Q||P) trade places."},
    {"uniform", cmd_uniform, 1, 1, "uniform p|q",
     "make P or Q uniform", "Makes P or Q uniform: 1/n for every entry."},
    {"normalize", cmd_normalize, 0, 0, "normalize",
     "show how the input was normalized",
     "Shows what P and Q summed to as given, and that each value was\n"
     "divided by that sum."},
    {"kl", cmd_kl, 0, 0, "kl", "print KL(P||Q) and KL(Q||P)",
     "Prints both directions and how much they differ."},
    {"show", cmd_show, 0, 0, "show", "print the full report",
     "Prints every entry with bars for P and Q and signed bars for each\n"
     "term, then the totals and why they are never negative."},
    {"json", cmd_json, 0, 0, "json", "print everything as JSON",
     "Prints one JSON object: n, base, unit, normalized, kl_pq, kl_qp,\n"
     "entropy_p, entropy_q, cross_entropy_pq, cross_entropy_qp, js, tv,\n"
     "infinite_pq, infinite_qp and terms (label, p, q, kl_pq, kl_qp).\n"
     "Infinite values are the string \"inf\"."},
    {"terms", cmd_terms, 0, 0, "terms", "print the per-term table",
     "Prints label, p, q, p*log(p/q) and q*log(q/p) for every entry."},
    {"top", cmd_top, 0, 1, "top [K]",
     "the K largest contributors each way (default 10)",
     "Lists the K entries (default 10) with the largest |p*log(p/q)|, then\n"
     "those with the largest |q*log(q/p)|: rank, label, index, p, q, the\n"
     "term and its share of the total. For tables too large to read row by\n"
     "row; infinite terms come first."},
    {"find", cmd_find, 1, 1, "find TEXT",
     "entries whose label contains TEXT",
     "Lists the entries whose label contains TEXT (case-sensitive), the\n"
     "one whose label is exactly TEXT first, with index, p, q and both\n"
     "terms: up to 20, then how many more. An index (from 1) names its\n"
     "entry too. Use \"double quotes\" for text with spaces."},
    {"measures", cmd_measures, 0, 0, "measures",
     "entropies, JS, TV, Hellinger, chi2, Renyi",
     "Prints the measures related to KL, in the current base: H(P), H(Q),\n"
     "the cross-entropies with H(P,Q) = H(P) + KL(P||Q) checked, Jensen-\n"
     "Shannon (<= log 2) and its distance, total variation with Pinsker's\n"
     "bound, Hellinger, chi-squared both ways, and the Renyi divergence of\n"
     "the order set by `alpha`."},
    {"alpha", cmd_alpha, 1, 1, "alpha A", "set the Renyi order (default 0.5)",
     "Sets the order of the Renyi divergence in `measures` and JSON:\n"
     "0.5, 1 (= KL), 2 (= log(1 + chi2)), inf (= log max p/q), or any\n"
     "A > 0."},
    {"smooth", cmd_smooth, 1, 2, "smooth [p|q] EPS",
     "add EPS to every entry (default Q)",
     "Additive smoothing: adds EPS to every entry of Q (or P) and\n"
     "renormalizes, then shows both KL values before and after. It tames\n"
     "an infinite KL(P||Q) caused by zeros in Q; try several EPS to see how\n"
     "much the answer depends on it. Undoable."},
    {"grad", cmd_grad, 0, 2, "grad [p|q] [forward|reverse]",
     "which entry matters: the gradient of KL",
     "Shows how fast KL(P||Q) (forward, the default) or KL(Q||P) changes\n"
     "when one entry of Q (default) or P is nudged and the others are\n"
     "rescaled like `set` does, and marks the entry whose nudge lowers the\n"
     "divergence fastest: follow it with `set` and watch KL fall to 0."},
    {"fit", cmd_fit, 1, 2, "fit gauss|geom [forward|reverse|both]",
     "fit Q to P: mass-covering vs mode-seeking",
     "Finds the member of a family closest to P: gauss (a discretized\n"
     "Gaussian over the entry positions: center, standard deviation) or\n"
     "geom (a two-sided geometric: center, decay length). forward\n"
     "minimizes KL(P||Q) and covers all of P's mass; reverse minimizes\n"
     "KL(Q||P) and settles on one mode. Both replace Q (undoable); both\n"
     "(the default) shows the two fits side by side and changes nothing.\n"
     "Ctrl-C stops a running fit and changes nothing. Try it on\n"
     "`preset bimodal`."},
    {"joint", command_joint, 0, -1, COMMAND_JOINT_USAGE,
     COMMAND_JOINT_SUMMARY, command_joint_help},
    {"family", command_family_show, 0, 0, "family",
     "the families P and Q were generated from",
     "Shows the family expression of P and of Q (`p binom 10 0.3`) with\n"
     "the parameters `param` can move, and, when both are in the same\n"
     "family, the closed form of KL beside the sum over the table:\n"
     "binomials with the same N (N times the Bernoulli KL), Poissons (with\n"
     "what truncation changes), geometrics, and normals (the continuous\n"
     "value; the difference is the discretization gap). A distribution\n"
     "forgets its family when an entry is edited by hand; undo brings it\n"
     "back."},
    {"param", command_family_param, 2, 3, "param p|q NAME V",
     "move one parameter of a family",
     "Sets parameter NAME of P's (or Q's) family to V and regenerates it,\n"
     "e.g. `param q theta 0.4` or `param q.theta 0.4`. The names are\n"
     "those `family` lists (binom: n theta; poisson: lambda k; geom:\n"
     "theta k; normal: mu sigma; zipf: s n; uniform: n; mix: w). One undo\n"
     "step."},
    {"sample", command_family_sample, 1, 3, "sample N [SEED] [json]",
     "KL as the average of log(p/q) over N draws from P",
     "Draws N values from P (1 to 100000000; 1e6 is fine) with a seeded\n"
     "generator (xoshiro256** seeded by splitmix64; SEED defaults to 1,\n"
     "and the same seed repeats the run) and prints the running mean of\n"
     "log(p/q) at 10, 20, 50, 100, ... draws with 2 standard errors, and\n"
     "whether KL(P||Q) lies within them; the count of each entry next to\n"
     "P; and the plug-in estimate KL(P^||Q) from the counts, which for\n"
     "large N overestimates KL by about (k-1)/(2N) (k: entries with\n"
     "p > 0). Draws where q = 0 are named: the average is then infinite.\n"
     "`json` prints the run as one JSON object with every count. Ctrl-C\n"
     "stops a run."},
    {"code", command_family_code, 0, 0, "code",
     "KL as extra bits: ideal and Huffman codes",
     "In bits whatever the base: each entry's ideal code length -log2 q\n"
     "and its words in Huffman codes built for Q and for P (the first 20\n"
     "entries), then the expected length under P of each code: the ideal\n"
     "code for Q takes E_P[-log2 q] = H(P) + KL(P||Q) bits, so KL(P||Q) is\n"
     "the extra bits per symbol; the Huffman codes' overheads above their\n"
     "ideals are stated apart. Then the same with the roles swapped, for\n"
     "KL(Q||P). An entry with q = 0 has no word in Q's code: coding P\n"
     "with it is impossible (infinite), as KL(P||Q) is."},
    {"sweep", command_family_sweep, 3, 5, "sweep PARAM FROM TO [STEPS]",
     "KL both ways as curves over a parameter",
     "Computes KL(P||Q) and KL(Q||P) at STEPS points (default 50, up to\n"
     "10000) from FROM to TO of PARAM and draws both as a text chart\n"
     "('*' and 'o'; '^' infinite) with each minimum marked (M, m) and\n"
     "printed, then the numbers. PARAM is a family's parameter that keeps\n"
     "its support (p.theta, q.lambda, q.mu, q.sigma, p.s, q.w ...: see\n"
     "`family`), mix (Q_t = (1-t) Q + t P, t in 0..1), smooth (EPS added\n"
     "to Q) or alpha (the Renyi divergences of that order instead of KL).\n"
     "smooth and alpha use a log scale when TO/FROM >= 100. Changes\n"
     "nothing. `json` at the end prints the points as JSON. Try\n"
     "`sweep q.mu -3 3` on two normals, forward vs reverse."},
    {"base", cmd_base, 1, 1, "base e|2|10",
     "choose the log base (nats, bits, bans)",
     "Chooses the logarithm: e (nats, the default), 2 (bits) or 10 (bans).\n"
     "The names nats, bits and bans work too."},
    {"load", cmd_load, 1, 1, "load FILE", "load a table file",
     "Loads labels, P and Q from a CSV, TSV or whitespace table with an\n"
     "optional header naming the columns label, p and q."},
    {"presets", cmd_presets, 0, 0, "presets", "list the example pairs",
     "Lists the preset pairs shipped with klx, with what each shows."},
    {"preset", cmd_preset, 1, 1, "preset NAME", "load an example pair",
     "Loads a preset (see `presets`), e.g. `preset bimodal`. Undoable."},
    {"save", cmd_save, 0, 1, "save [FILE]", "save to a table file",
     "Saves labels, P, Q and the log base as CSV that `load` reads back\n"
     "exactly. The write is atomic: a crash never leaves half a file.\n"
     "Without FILE, saves to the file last loaded or saved, keeping its\n"
     "leading comment lines. A symbolic\n"
     "link is followed; the file keeps its mode and owner; a device such\n"
     "as /dev/null is written directly. A read-only file, or one with\n"
     "other hard links, is refused: `save!` replaces it anyway."},
    {"save!", cmd_save_force, 0, 1, "save! [FILE]",
     "save, even over a read-only file",
     "Like `save`, but also replaces a read-only file, or a file with\n"
     "other hard links (which keep the old data)."},
    {"export", cmd_export, 1, 1, "export FILE.txt|.md|.svg",
     "write the view for handouts or slides",
     "Writes the current view: .txt the text report, .md a Markdown table\n"
     "with the bars in a code block, .svg a bar chart of P, Q and both\n"
     "contribution columns with the totals. Atomic, like save; `export!`\n"
     "replaces a read-only file."},
    {"export!", cmd_export_force, 1, 1, "export! FILE.txt|.md|.svg",
     "export, even over a read-only file",
     "Like `export`, but also replaces a read-only file, or a file with\n"
     "other hard links (which keep the old data)."},
    {"tour", cmd_tour, 0, 1, "tour [end]", "a guided tour of KL in lessons",
     "Starts a guided tour (or shows the current lesson): each lesson loads\n"
     "an example and says what to look at. `next` and `back` move between\n"
     "lessons, `tour end` leaves. The tour works on a copy: leaving it\n"
     "restores your own data, log base and undo history exactly."},
    {"next", cmd_next, 0, 0, "next", "the next lesson of the tour",
     "Goes to the next lesson of the tour."},
    {"back", cmd_back, 0, 0, "back", "the previous lesson of the tour",
     "Goes back to the previous lesson of the tour."},
    {"undo", cmd_undo, 0, 0, "undo", "undo the last change",
     "Undoes the last change (up to 200 steps)."},
    {"redo", cmd_redo, 0, 0, "redo", "redo what was undone",
     "Redoes the last change that was undone."},
    {"help", cmd_help, 0, 1, "help [COMMAND]", "list commands or explain one",
     "Lists the commands, or explains one."},
    {"quit", cmd_quit, 0, 0, "quit", "leave klx", "Leaves klx (also: exit)."},
};

enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* Row i of the whole language: this file's commands, then the explorer's
 * view commands (command_view.c); NULL past the end. */
static const struct command_def *def_at(size_t i)
{
    if (i < N_COMMANDS)
        return &commands[i];
    size_t n_view;
    const struct command_def *v = command_view_defs(&n_view);
    return i - N_COMMANDS < n_view ? &v[i - N_COMMANDS] : NULL;
}

static const struct command_def *find_def(const char *name)
{
    if (strcmp(name, "exit") == 0)
        name = "quit";
    const struct command_def *d;
    for (size_t i = 0; (d = def_at(i)); i++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

const char *const *command_names(void)
{
    static const char *names[64];
    if (!names[0])
        for (size_t i = 0; def_at(i) && i + 1 < 64; i++)
            names[i] = def_at(i)->name;
    return names;
}

bool command_doc(size_t i, struct command_doc *doc)
{
    const struct command_def *d = def_at(i);
    if (!d)
        return false;
    doc->name = d->name;
    doc->usage = d->usage;
    doc->summary = d->summary;
    doc->help = d->help;
    doc->view = i >= N_COMMANDS;
    return true;
}

bool command_help(const char *name, struct buf *out)
{
    if (!name) {
        buf_append(out, "commands (indices count from 1; an entry can also "
                   "be named by its label):\n"
                   "(a label equal to the word wins over an index; #N is "
                   "always the N-th entry)\n");
        const struct command_def *d;
        for (size_t i = 0; (d = def_at(i)); i++) {
            if (i == N_COMMANDS)
                buf_append(out, "the explorer's view (its keys run these; "
                           "elsewhere they change nothing):\n");
            buf_printf(out, "  %-18s %s\n", d->usage, d->summary);
        }
        buf_append(out, "`help COMMAND` explains one.\n");
        return true;
    }
    const struct command_def *d = find_def(name);
    if (!d)
        return false;
    buf_printf(out, "%s\n%s\n", d->usage, d->help);
    return true;
}

void command_init(struct command *c, struct session *s)
{
    c->session = s;
    c->cancelled = NULL;
    c->cancel_ctx = NULL;
    tour_init(&c->tour);
    c->width = 80;
    c->unicode = false;
    c->stdin_taken = NULL;
    c->view_hook = NULL;
    c->view_ctx = NULL;
    c->progress = NULL;
    words_init(&c->words);
    numlist_init(&c->nums);
    c->families = family_memory_new();
}

void command_free(struct command *c)
{
    /* Leaving in the middle of a tour points c->session back at the
     * user's, which the caller owns. */
    tour_finish(&c->tour, &c->session);
    tour_free(&c->tour);
    words_free(&c->words);
    numlist_free(&c->nums);
    family_memory_free(c->families);
    c->families = NULL;
}

enum cmd_status command_run(struct command *c, const char *line,
                            struct buf *out, struct error *err)
{
    size_t i = 0;
    while (line[i] == ' ' || line[i] == '\t')
        i++;
    if (line[i] == '\0' || line[i] == '#' || line[i] == '\n' ||
        line[i] == '\r')
        return CMD_OK;
    size_t name_start = i;
    while (line[i] && line[i] != ' ' && line[i] != '\t' && line[i] != '\n' &&
           line[i] != '\r')
        i++;
    char name[32];
    size_t name_len = i - name_start;
    if (name_len >= sizeof name) {
        error_set(err, "unknown command '%.20s...' (hint: `help` lists "
                  "the commands)", line + name_start);
        return CMD_ERROR;
    }
    memcpy(name, line + name_start, name_len);
    name[name_len] = '\0';
    const struct command_def *d = find_def(name);
    if (!d) {
        error_set(err, "unknown command '%s' (hint: `help` lists the "
                  "commands)", name);
        return CMD_ERROR;
    }
    const char *rest = line + i;
    /* Split the whole line, so that columns (in words.col and in an
     * unterminated-quote error) count from the start of what was typed,
     * then drop the command name, which has no quotes since it was found. */
    if (!parse_words(line, &c->words, err)) {
        error_prefix(err, "%s", d->name);
        return CMD_ERROR;
    }
    free(c->words.v[0]);
    memmove(c->words.v, c->words.v + 1, (c->words.n - 1) * sizeof *c->words.v);
    memmove(c->words.col, c->words.col + 1,
            (c->words.n - 1) * sizeof *c->words.col);
    c->words.n--;
    size_t n = c->words.n;
    if ((int)n < d->min_args || (d->max_args >= 0 && (int)n > d->max_args)) {
        error_set(err, "%s: %s (usage: %s)", d->name,
                  (int)n < d->min_args ? "missing arguments"
                                       : "too many arguments", d->usage);
        return CMD_ERROR;
    }
    c->session->change = line + name_start;
    bool ok = d->run(c, rest, (int)i + 1, out, err);
    c->session->change = NULL;
    if (!ok) {
        error_prefix(err, "%s", d->name);
        return CMD_ERROR;
    }
    return d->run == cmd_quit ? CMD_QUIT : CMD_OK;
}

/* ---- completion ---- */

static void add_if_prefix(struct words *out, const char *cand,
                          const char *prefix)
{
    if (strncmp(cand, prefix, strlen(prefix)) != 0)
        return;
    size_t n = out->n;
    out->v = xrealloc(out->v, (n + 1) * sizeof *out->v);
    out->col = xrealloc(out->col, (n + 1) * sizeof *out->col);
    out->v[n] = xstrdup(cand);
    out->col[n] = 0;
    out->n = n + 1;
    out->cap = n + 1;
}

/* Labels a word can complete to as typed: no quoting needed. */
static bool plain_label(const char *label)
{
    return label[0] != '#' && !strpbrk(label, " \t\"'\\");
}

static void add_labels(const struct table *t, const char *prefix,
                       struct words *out)
{
    if (t->auto_labels || prefix[0] == '#')
        return;
    size_t len = strlen(prefix), n = 0;
    for (size_t i = 0; i < t->n && n <= COMMAND_COMPLETE_MAX; i++)
        n += strncmp(t->labels[i], prefix, len) == 0 &&
             plain_label(t->labels[i]);
    if (n > COMMAND_COMPLETE_MAX)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (plain_label(t->labels[i]))
            add_if_prefix(out, t->labels[i], prefix);
}

static enum complete_kind complete(const struct table *t, const char *line,
                                   size_t start, const char *prefix,
                                   struct words *out);

enum complete_kind command_complete(const char *line, size_t start,
                                    const char *prefix, struct words *out)
{
    return complete(NULL, line, start, prefix, out);
}

enum complete_kind command_complete_for(const struct command *c,
                                        const char *line, size_t start,
                                        const char *prefix,
                                        struct words *out)
{
    return complete(&c->session->table, line, start, prefix, out);
}

static enum complete_kind complete(const struct table *t, const char *line,
                                   size_t start, const char *prefix,
                                   struct words *out)
{
    words_free(out);
    /* Which word is being completed, and what the first word is. */
    struct words before;
    words_init(&before);
    char *head = xstrndup(line, start);
    struct error err;
    bool ok = parse_words(head, &before, &err);
    free(head);
    size_t index = ok ? before.n : 0;
    const char *cmd = ok && before.n ? before.v[0] : NULL;

    enum complete_kind kind = COMPLETE_WORDS;
    const struct command_def *d;
    if (index == 0) {
        for (size_t i = 0; (d = def_at(i)); i++)
            add_if_prefix(out, d->name, prefix);
    } else if (cmd && (strcmp(cmd, "load") == 0 ||
                       strcmp(cmd, "save") == 0 ||
                       strcmp(cmd, "save!") == 0 ||
                       strcmp(cmd, "export") == 0 ||
                       strcmp(cmd, "export!") == 0)) {
        kind = COMPLETE_FILES;
    } else if (cmd && index == 1 && (strcmp(cmd, "set") == 0 ||
                                     strcmp(cmd, "uniform") == 0)) {
        add_if_prefix(out, "p", prefix);
        add_if_prefix(out, "q", prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "base") == 0) {
        static const char *const bases[] = {"10", "2", "bans", "bits", "e",
                                            "nats"};
        for (size_t i = 0; i < 6; i++)
            add_if_prefix(out, bases[i], prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "fit") == 0) {
        add_if_prefix(out, "gauss", prefix);
        add_if_prefix(out, "geom", prefix);
    } else if (cmd && index == 2 && strcmp(cmd, "fit") == 0) {
        add_if_prefix(out, "both", prefix);
        add_if_prefix(out, "forward", prefix);
        add_if_prefix(out, "reverse", prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "preset") == 0) {
        struct preset_list l;
        if (preset_list_load(&l, NULL)) {
            for (size_t i = 0; i < l.n; i++)
                add_if_prefix(out, l.v[i].name, prefix);
            preset_list_free(&l);
        }
    } else if (cmd && index == 1 && strcmp(cmd, "joint") == 0) {
        for (size_t i = 0; command_joint_subcommands[i]; i++)
            add_if_prefix(out, command_joint_subcommands[i], prefix);
    } else if (cmd && index == 2 && strcmp(cmd, "joint") == 0 &&
               command_joint_takes_file(before.v[1])) {
        kind = COMPLETE_FILES;
    } else if (cmd && index == 1 && strcmp(cmd, "help") == 0) {
        for (size_t i = 0; (d = def_at(i)); i++)
            add_if_prefix(out, d->name, prefix);
    } else if (t && cmd && ((index == 2 && strcmp(cmd, "set") == 0) ||
                            (index == 1 && (strcmp(cmd, "del") == 0 ||
                                            strcmp(cmd, "find") == 0)))) {
        add_labels(t, prefix, out);
    } else if (cmd) {
        const char *const *w = command_view_words(
            cmd, index, index == 2 ? before.v[1] : NULL);
        for (size_t i = 0; w && w[i]; i++)
            add_if_prefix(out, w[i], prefix);
    }
    words_free(&before);
    return kind;
}
