#include "command_show.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bar.h"
#include "command_internal.h"
#include "divergence.h"
#include "fit.h"
#include "gradient.h"
#include "i18n.h"
#include "num.h"
#include "overview.h"
#include "report.h"
#include "utf8.h"

/* A command that prints one part of the report and changes nothing. */
#define REPORT_COMMAND(name, report)                                       \
    bool name(COMMAND_PARAMS)                                              \
    {                                                                      \
        report(c->session, out);                                           \
        return true;                                                       \
    }

REPORT_COMMAND(command_show_normalize, report_normalize)
REPORT_COMMAND(command_show_kl, report_kl)
REPORT_COMMAND(command_show_terms, report_terms)

/* These two also show what the front end's derived values hold (the
 * measures and the Rényi order). */
bool command_show_json(COMMAND_PARAMS)
{
    report_json(c->session, &c->derived, out);
    return true;
}

bool command_show_measures(COMMAND_PARAMS)
{
    size_t from = out->len;
    report_measures(c->session, &c->derived, out);
    command_prose(c, out, from);
    return true;
}

bool command_show_report(COMMAND_PARAMS)
{
    report_text(c->session, c->width, c->unicode, out);
    return true;
}

/* ---- large tables: top and find ---- */

/* Parses a count for `top` and --top: a whole number >= 1. */
static bool parse_count(const char *w, size_t *out, struct error *err)
{
    char *end;
    unsigned long long v = strtoull(w, &end, 10);
    if (w[0] < '0' || w[0] > '9' || *end || v == 0 || v > (1ULL << 40))
        return error_set(err, _("'%s' is not a number of entries (1 or more)"),
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
        int lw = utf8_width(t->labels[idx[k]]);
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
    buf_printf(out, _("%s = %s %s: the %zu largest |%s| of %zu entries\n"),
               forward ? "KL(P||Q)" : "KL(Q||P)",
               num_short(a, sizeof a, session_scaled(s, d->total)),
               session_unit(s), top->count, term, t->n);
    int lw = list_label_width(t, top->idx, top->count);
    struct column fmt[REPORT_COLS];
    report_columns(s, top->idx, top->count, 10, 12, 6, false, fmt);
    buf_append(out, "  ");
    buf_pad(out, _("rank"), 4, true);
    buf_append(out, "  ");
    buf_pad(out, _("entry"), lw, false);
    buf_append(out, "  ");
    buf_pad(out, _("index"), 8, true);
    buf_printf(out, "  %10s  %10s  %12s  ", "p", "q", term);
    buf_pad(out, _("share"), 8, true);
    buf_putc(out, '\n');
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
        buf_printf(out, "  %4zu  ", r + 1);
        buf_pad_cut(out, t->labels[i], lw);
        buf_printf(out, "  %8zu  %10s  %10s  %12s  %8s\n", i + 1,
                   column_put(&fmt[REPORT_P], a, sizeof a, t->p[i]),
                   column_put(&fmt[REPORT_Q], b, sizeof b, t->q[i]),
                   column_put(&fmt[forward ? REPORT_FWD : REPORT_REV], e,
                              sizeof e, session_scaled(s, v)), share);
    }
}

bool command_show_top(COMMAND_PARAMS)
{
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
    buf_append(out, _("share: the term over the total; negative terms make "
                      "the shares of the others\nadd up to more than "
                      "100%.\n"));
    overview_top_free(&f);
    overview_top_free(&r);
    return true;
}

/* At most this many entries are listed by `find`. */
#define FIND_SHOWN 20

bool command_show_find(COMMAND_PARAMS)
{
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
        return error_set(err, _("no label contains '%s' (labels are "
                                "case-sensitive)"), text);
    /* One English form for 1, another for the rest; Chinese has one. */
    buf_printf(out, ngettext("%zu entry matches:\n", "%zu entries match:\n",
                             total), total);
    int lw = list_label_width(t, idx, shown);
    buf_append(out, "  ");
    buf_pad(out, _("index"), 8, true);
    buf_append(out, "  ");
    buf_pad(out, _("entry"), lw, false);
    buf_printf(out, "  %10s  %10s  %12s  %12s\n", "p", "q", "p*log(p/q)",
               "q*log(q/p)");
    struct column fmt[REPORT_COLS];
    report_columns(s, idx, shown, 10, 12, 6, false, fmt);
    char cell[REPORT_COLS][REPORT_CELL];
    for (size_t k = 0; k < shown; k++) {
        size_t i = idx[k];
        report_cells(s, fmt, i, cell);
        buf_printf(out, "  %8zu  ", i + 1);
        buf_pad_cut(out, t->labels[i], lw);
        buf_printf(out, "  %10s  %10s  %12s  %12s\n", cell[REPORT_P],
                   cell[REPORT_Q], cell[REPORT_FWD], cell[REPORT_REV]);
    }
    if (total > shown)
        buf_printf(out, _("  and %zu more\n"), total - shown);
    return true;
}

bool command_show_grad(COMMAND_PARAMS)
{
    enum which w = WHICH_Q;
    bool forward = true;
    for (size_t k = 0; k < c->words.n; k++) {
        const char *a = c->words.v[k];
        if (strcmp(a, "forward") == 0 || strcmp(a, "pq") == 0)
            forward = true;
        else if (strcmp(a, "reverse") == 0 || strcmp(a, "qp") == 0)
            forward = false;
        else if (!command_parse_which(a, &w, err))
            return error_set(err, _("'%s' is not p, q, forward or reverse"),
                             a);
    }
    const struct session *s = c->session;
    const struct table *t = &s->table;
    const struct direction *d = forward ? &s->div.pq : &s->div.qp;
    const char *dname = forward ? "KL(P||Q)" : "KL(Q||P)";
    if (d->n_inf) {
        buf_printf(out, d->n_inf > 1
                            ? _("%s is infinite: it falls to a finite value "
                                "only when %s > 0 at entry %zu (%s) and the "
                                "other infinite entries\n")
                            : _("%s is infinite: it falls to a finite value "
                                "only when %s > 0 at entry %zu (%s)\n"),
                   dname, forward ? "q" : "p", d->inf_idx[0] + 1,
                   t->labels[d->inf_idx[0]]);
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
    buf_printf(out, _("d%s/d%s_i, the other entries rescaled (%s):\n"),
               dname, wn, session_unit(s));
    size_t shown = t->n < 1000 ? t->n : 1000;
    double *gs = xmalloc((shown ? shown : 1) * sizeof *gs);
    for (size_t i = 0; i < shown; i++)
        gs[i] = session_scaled(s, g[i]);
    struct column xc, gc;
    column_pick(&xc, x, shown, 10, 6, false);
    column_pick(&gc, gs, shown, 12, 6, false);
    for (size_t i = 0; i < shown; i++) {
        buf_append(out, "  ");
        buf_pad(out, t->labels[i], 12, false);
        buf_printf(out, " %s = %-10s %12s%s\n", wn,
                   column_put(&xc, xv, sizeof xv, x[i]),
                   isnan(g[i]) ? "-" : column_put(&gc, v, sizeof v, gs[i]),
                   i == best ? (g[i] < 0 ? _("   <- raise this one")
                                         : _("   <- lower this one")) : "");
    }
    free(gs);
    if (best < t->n)
        buf_printf(out, g[best] < 0
                            ? _("%s falls fastest when %s_%zu (%s) goes up.\n")
                            : _("%s falls fastest when %s_%zu (%s) goes "
                                "down.\n"),
                   dname, wn, best + 1, t->labels[best]);
    else
        buf_printf(out, _("%s cannot fall: it is already 0.\n"), dname);
    free(g);
    return true;
}

static void fit_line(const struct command *c, const struct fit *f,
                     struct buf *out)
{
    const struct session *s = c->session;
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, f->forward ? _("%s fit, forward (minimizes %s): center ")
                               : _("%s fit, reverse (minimizes %s): center "),
               fit_family_name(f->family),
               f->forward ? "KL(P||Q)" : "KL(Q||P)");
    fit_position(f->mu, s->table.labels, s->table.n, out);
    buf_printf(out, _(", %s %.3f\n"), fit_scale_name(f->family), f->scale);
    buf_printf(out, "  KL(P||Q) = %s   KL(Q||P) = %s %s\n",
               num_short(a, sizeof a, session_scaled(s, f->kl_pq)),
               num_short(b, sizeof b, session_scaled(s, f->kl_qp)),
               session_unit(s));
}

/* The conclusion, then P, the forward fit and the reverse fit as bars
 * side by side: the wide mass-covering fit and the narrow mode-seeking
 * one, at a glance. The conclusion comes first so that a screen or pager
 * shows it without scrolling past a long table. */
static void fit_both(const struct command *c, const struct fit *fw,
                     const struct fit *rv, struct buf *out)
{
    const struct table *t = &c->session->table;
    size_t prose = out->len;
    fit_line(c, fw, out);
    fit_line(c, rv, out);
    fit_summary(t->p, t->n, t->labels, fw, rv, out);
    buf_printf(out, _("`fit %s forward` or `reverse` sets Q.\n"),
               fit_family_name(fw->family));
    report_wrap(out, prose, c->width);
    buf_putc(out, '\n');
    double max = 0;
    for (size_t i = 0; i < t->n; i++)
        max = fmax(max, fmax(t->p[i], fmax(fw->q[i], rv->q[i])));
    int w = (c->width - 16) / 3 - 2;
    w = w < 6 ? 6 : w > 30 ? 30 : w;
    buf_pad(out, _("entry"), 12, false);
    buf_putc(out, ' ');
    buf_pad(out, "P", w, false);
    buf_append(out, "  ");
    buf_pad(out, _("forward fit"), w, false);
    buf_printf(out, "  %s\n", _("reverse fit"));
    for (size_t i = 0; i < t->n && i < 200; i++) {
        buf_pad_cut(out, t->labels[i], 12);
        buf_putc(out, ' ');
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
}

bool command_show_fit(COMMAND_PARAMS)
{
    enum fit_family fam;
    if (!fit_family_parse(c->words.v[0], &fam))
        return error_set(err, _("unknown family '%s' (hint: gauss or geom)"),
                         c->words.v[0]);
    const char *dir = c->words.n > 1 ? c->words.v[1] : "both";
    bool fwd = strcmp(dir, "forward") == 0;
    bool both = strcmp(dir, "both") == 0;
    if (!fwd && !both && strcmp(dir, "reverse") != 0)
        return error_set(err, _("'%s' is not forward, reverse or both"), dir);
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
        ok = session_set_dist(c->session, &c->derived, WHICH_Q, use->q,
                              use->n, NULL, err);
        if (ok) {
            fit_line(c, use, out);
            buf_append(out, _("Q is now this fit (undo goes back).\n"));
        }
    }
    fit_free(&f);
    fit_free(&r);
    return ok;
}
