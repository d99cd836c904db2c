#include "report.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "alpha.h"
#include "bar.h"
#include "i18n.h"
#include "json.h"
#include "num.h"
#include "overview.h"
#include "utf8.h"

/* ---- small helpers ---- */

/* A label cut to `width` columns, ending in '~' when it was cut. */
static void put_label(struct buf *b, const char *label, int width)
{
    if (utf8_width(label) <= width) {
        buf_pad(b, label, width, false);
        return;
    }
    size_t n = utf8_prefix_fitting(label, width - 1);
    size_t start = b->len;
    buf_append_n(b, label, n);
    buf_putc(b, '~');
    buf_repeat(b, " ", width - utf8_width(b->s + start));
}

static const char *value(const struct session *s, char *buf, size_t size,
                         double nats)
{
    return num_short(buf, size, session_scaled(s, nats));
}

/* "entries 3 (c), 4 (d)" for the entries that make a direction infinite. */
static void list_inf(const struct session *s, const struct direction *d,
                     struct buf *out)
{
    size_t shown = d->n_inf < DIVERGENCE_INF_LIST ? d->n_inf
                                                  : DIVERGENCE_INF_LIST;
    buf_append(out, ngettext("entry ", "entries ", d->n_inf));
    for (size_t k = 0; k < shown && k < 5; k++) {
        size_t i = d->inf_idx[k];
        if (k)
            buf_append(out, ", ");
        if (s->table.auto_labels)
            buf_printf(out, "%zu", i + 1);
        else
            buf_printf(out, "%zu (%s)", i + 1, s->table.labels[i]);
    }
    if (d->n_inf > 5)
        buf_printf(out, _(" and %zu more"), d->n_inf - 5);
}

static void kl_line(const struct session *s, const char *name,
                    const struct direction *d, const char *zero,
                    const char *pos, struct buf *out)
{
    char v[NUM_BUF];
    buf_printf(out, "%s = %s %s", name, value(s, v, sizeof v, d->total),
               session_unit(s));
    if (d->n_inf) {
        buf_printf(out, _("  (infinite: %s = 0 where %s > 0 at "), zero,
                   pos);
        list_inf(s, d, out);
        buf_putc(out, ')');
    }
    buf_putc(out, '\n');
}

/* ---- public ---- */

void report_kl(const struct session *s, struct buf *out)
{
    const struct divergence *d = &s->div;
    char v[NUM_BUF];
    kl_line(s, "KL(P||Q)", &d->pq, "q", "p", out);
    kl_line(s, "KL(Q||P)", &d->qp, "p", "q", out);
    double a = d->pq.total, b = d->qp.total;
    buf_append(out, _("asymmetry: "));
    if (isinf(a) && isinf(b)) {
        buf_append(out, _("both directions are infinite\n"));
    } else if (isinf(a) || isinf(b)) {
        /* At most 77 columns, so it fits the default 80-column report. */
        buf_printf(out, _("%s is infinite, %s is finite: as asymmetric as "
                          "KL gets\n"), isinf(a) ? "KL(P||Q)" : "KL(Q||P)",
                   isinf(a) ? "KL(Q||P)" : "KL(P||Q)");
    } else {
        double diff = a - b;
        buf_printf(out, "KL(P||Q) - KL(Q||P) = %s %s",
                   value(s, v, sizeof v, diff), session_unit(s));
        /* Each total is accurate to a few ulps; a difference below that
         * is rounding, not asymmetry. */
        if (fabs(diff) <= 16 * DBL_EPSILON * fmax(a, b))
            buf_append(out, _(" (equal for this pair)\n"));
        else
            buf_printf(out, _(" (%s is larger)\n"),
                       diff > 0 ? "KL(P||Q)" : "KL(Q||P)");
    }
}

static void nonneg_line(const struct session *s, const char *name,
                        const struct direction *d, struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF];
    buf_printf(out, _("  %s: negative terms %s + positive terms %s = %s "
                      "%s\n"), name, value(s, a, sizeof a, d->neg),
               value(s, b, sizeof b, d->pos),
               value(s, c, sizeof c, d->total),
               d->total > 0 ? "> 0" : "= 0");
}

void report_lessons(const struct session *s, struct buf *out)
{
    const struct divergence *d = &s->div;
    buf_append(out, _("never negative (Gibbs' inequality): single terms "
                      "can be negative, totals cannot\n"));
    nonneg_line(s, "KL(P||Q)", &d->pq, out);
    nonneg_line(s, "KL(Q||P)", &d->qp, out);
    if (d->identical)
        buf_append(out, _("  P = Q, so both totals are exactly 0.\n"));
    else
        buf_append(out, _("  Both are 0 only when P = Q; here P != Q.\n"));
}

void report_columns(const struct session *s, const size_t *rows, size_t n,
                    int value_w, int term_w, int decimals, bool plus,
                    struct column out[REPORT_COLS])
{
    const struct table *t = &s->table;
    double *v = xmalloc((n ? n : 1) * REPORT_COLS * sizeof *v);
    for (size_t k = 0; k < n; k++) {
        size_t i = rows ? rows[k] : k;
        v[k] = t->p[i];
        v[n + k] = t->q[i];
        v[2 * n + k] = session_scaled(s, divergence_term(t->p[i], t->q[i]));
        v[3 * n + k] = session_scaled(s, divergence_term(t->q[i], t->p[i]));
    }
    for (int c = 0; c < REPORT_COLS; c++) {
        bool term = c == REPORT_FWD || c == REPORT_REV;
        column_pick(&out[c], v + (size_t)c * n, n, term ? term_w : value_w,
                    term ? 6 : decimals, term && plus);
    }
    free(v);
}

void report_cells(const struct session *s, const struct column *col,
                  size_t i, char cell[REPORT_COLS][REPORT_CELL])
{
    const struct table *t = &s->table;
    column_put(&col[REPORT_P], cell[REPORT_P], REPORT_CELL, t->p[i]);
    column_put(&col[REPORT_Q], cell[REPORT_Q], REPORT_CELL, t->q[i]);
    column_put(&col[REPORT_FWD], cell[REPORT_FWD], REPORT_CELL,
               session_scaled(s, divergence_term(t->p[i], t->q[i])));
    column_put(&col[REPORT_REV], cell[REPORT_REV], REPORT_CELL,
               session_scaled(s, divergence_term(t->q[i], t->p[i])));
}

void report_terms(const struct session *s, struct buf *out)
{
    const struct table *t = &s->table;
    const char *head = _("entry");
    int lw = utf8_width(head) > 5 ? utf8_width(head) : 5;
    for (size_t i = 0; i < t->n; i++) {
        int w = utf8_width(t->labels[i]);
        lw = w > lw ? w : lw;
    }
    lw = lw > 24 ? 24 : lw;
    struct column col[REPORT_COLS];
    report_columns(s, NULL, t->n, 10, 12, 6, false, col);
    char cell[REPORT_COLS][REPORT_CELL];
    put_label(out, head, lw);
    buf_printf(out, "  %10s  %10s  %12s  %12s\n", "p", "q", "p*log(p/q)",
               "q*log(q/p)");
    for (size_t i = 0; i < t->n; i++) {
        put_label(out, t->labels[i], lw);
        report_cells(s, col, i, cell);
        buf_printf(out, "  %10s  %10s  %12s  %12s\n", cell[REPORT_P],
                   cell[REPORT_Q], cell[REPORT_FWD], cell[REPORT_REV]);
    }
}

void report_wrap(struct buf *out, size_t from, int width)
{
    if (from >= out->len || width < 20)
        return;
    char *text = xmalloc(out->len - from + 1);
    memcpy(text, out->s + from, out->len - from + 1);
    out->len = from;
    out->s[from] = '\0';
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        /* Continuations line up under the line's text, two further in;
         * a word longer than the line is left whole. */
        buf_append_wrapped(out, line, width, (int)strspn(line, " ") + 2,
                           true);
        if (!nl)
            break;
        buf_putc(out, '\n');
        line = nl + 1;
    }
    free(text);
}

/* A table row (out from `start` to its end, no newline yet) that is
 * wider than `width` even at its narrowest: cut, and it says so. */
static void cut_row(struct buf *out, size_t start, int width, bool unicode)
{
    if (utf8_width(out->s + start) <= width)
        return;
    const char *more = unicode ? "\u2026" : "...";
    int mw = unicode ? 1 : 3;
    out->len = start + utf8_prefix_fitting(out->s + start, width - mw);
    out->s[out->len] = '\0';
    buf_append(out, more);
}

struct layout {
    int label;      /* label column */
    int bar;        /* P and Q bars; 0: no room for bars */
    int half;       /* each side of a signed bar */
};

/* Fixed parts of a row: label + 4 value columns + gaps + 2 axes. */
enum { VALUE_W = 8, TERM_W = 9, ROW_FIXED = 2 * (2 + VALUE_W + 1) +
                                            2 * (2 + TERM_W + 1) + 2 };

static struct layout fit_layout(const struct table *t, const size_t *rows,
                                size_t n_rows, int width)
{
    struct layout l;
    int head = utf8_width(_("entry"));
    l.label = head > 5 ? head : 5;
    for (size_t r = 0; r < n_rows; r++) {
        int w = utf8_width(t->labels[rows ? rows[r] : r]);
        l.label = w > l.label ? w : l.label;
    }
    int max_label = width >= 100 ? 16 : 12;
    l.label = l.label > max_label ? max_label : l.label;
    int avail = width - l.label - ROW_FIXED;
    /* Below the smallest bars the numbers alone make a narrower table. */
    if (avail < 2 * 3 + 4 * 2) {
        l.bar = l.half = 0;
        return l;
    }
    l.bar = avail / 4 < 3 ? 3 : avail / 4;
    l.half = (avail - 2 * l.bar) / 4 < 2 ? 2 : (avail - 2 * l.bar) / 4;
    return l;
}

/* The rows of a limited listing: the `top` entries with the largest |term|
 * in either direction, largest first. Returns the count (0: list all). */
static size_t top_rows(const struct table *t, size_t top,
                       struct overview_top *out)
{
    overview_top_init(out);
    if (top == 0 || top >= t->n)
        return 0;
    struct error err;
    overview_top_either_kl(t->p, t->q, t->n, top, out, &err);
    return out->count;
}

void report_text(const struct session *s, int width, bool unicode,
                 struct buf *out)
{
    report_text_top(s, width, unicode, 0, out);
}

void report_text_top(const struct session *s, int width, bool unicode,
                     size_t top, struct buf *out)
{
    const struct table *t = &s->table;
    struct overview_top sel;
    size_t n_rows = top_rows(t, top, &sel);
    const size_t *rows = n_rows ? sel.idx : NULL;
    if (!n_rows)
        n_rows = t->n;
    struct layout l = fit_layout(t, rows, n_rows, width);
    double max_mass = 0, max_term = 0;
    for (size_t i = 0; i < t->n; i++)
        max_mass = fmax(max_mass, fmax(t->p[i], t->q[i]));
    for (size_t k = 0; k < n_rows; k++) {
        size_t i = rows ? rows[k] : k;
        double f = fabs(divergence_term(t->p[i], t->q[i]));
        double r = fabs(divergence_term(t->q[i], t->p[i]));
        if (isfinite(f))
            max_term = fmax(max_term, f);
        if (isfinite(r))
            max_term = fmax(max_term, r);
    }
    if (max_term == 0)
        max_term = 1;
    /* Whole-cell ASCII bars stay proportional on a round scale. */
    if (!unicode)
        max_mass = bar_cell_scale(max_mass, l.bar);
    struct column col[REPORT_COLS];
    report_columns(s, rows, n_rows, VALUE_W, TERM_W, 4, false, col);

    size_t prose = out->len;
    buf_printf(out, _("klx: %zu entries, log base %s (%s)\n"), t->n,
               log_base_name(s->base), session_unit(s));
    if (rows)
        buf_printf(out, _("showing the %zu entries with the largest |term| "
                          "in either direction, largest first\n(--top all "
                          "lists every entry; `top K` in the REPL lists each "
                          "direction)\n"),
                   n_rows);
    report_wrap(out, prose, width);
    buf_putc(out, '\n');
    /* Column names sit right-aligned over their numbers. */
    const char *fwd = unicode ? "p\u00B7log(p/q)" : "p*log(p/q)";
    const char *rev = unicode ? "q\u00B7log(q/p)" : "q*log(q/p)";
    size_t start = out->len;
    put_label(out, _("entry"), l.label);
    buf_printf(out, "  %*s ", VALUE_W, "p");
    buf_repeat(out, " ", l.bar);
    buf_printf(out, "  %*s ", VALUE_W, "q");
    buf_repeat(out, " ", l.bar);
    buf_append(out, "  ");
    buf_pad(out, fwd, l.bar ? TERM_W + 1 + 2 * l.half + 1 : TERM_W, !l.bar);
    buf_append(out, "  ");
    if (l.bar)
        buf_append(out, rev);
    else
        buf_pad(out, rev, TERM_W, true);
    cut_row(out, start, width, unicode);
    buf_putc(out, '\n');
    char v[NUM_BUF];
    for (size_t k = 0; k < n_rows; k++) {
        size_t i = rows ? rows[k] : k;
        double p = t->p[i], q = t->q[i];
        double f = session_scaled(s, divergence_term(p, q));
        double r = session_scaled(s, divergence_term(q, p));
        size_t row = out->len;
        put_label(out, t->labels[i], l.label);
        buf_printf(out, "  %*s ", VALUE_W,
                   column_put(&col[REPORT_P], v, sizeof v, p));
        bar_mass(out, p, max_mass, l.bar, unicode);
        buf_printf(out, "  %*s ", VALUE_W,
                   column_put(&col[REPORT_Q], v, sizeof v, q));
        bar_mass(out, q, max_mass, l.bar, unicode);
        buf_printf(out, "  %*s ", TERM_W,
                   column_put(&col[REPORT_FWD], v, sizeof v, f));
        if (l.bar)
            bar_signed(out, f, session_scaled(s, max_term), l.half, unicode);
        buf_printf(out, "  %*s ", TERM_W,
                   column_put(&col[REPORT_REV], v, sizeof v, r));
        if (l.bar)
            bar_signed(out, r, session_scaled(s, max_term), l.half, unicode);
        /* Trailing spaces help nobody reading a report. */
        while (out->len && out->s[out->len - 1] == ' ')
            out->len--;
        out->s[out->len] = '\0';
        cut_row(out, row, width, unicode);
        buf_putc(out, '\n');
    }
    prose = out->len;
    if (rows)
        buf_printf(out, _("... and %zu more entries (--top all lists "
                          "every one)\n"), t->n - n_rows);
    overview_top_free(&sel);
    buf_putc(out, '\n');
    report_kl(s, out);
    report_lessons(s, out);
    if (t->p_sum != 1.0 || t->q_sum != 1.0)
        buf_append(out, _("note: the input was normalized to sum to 1 "
                          "(`normalize` shows how)\n"));
    report_lost(t, WHICH_P, out);
    report_lost(t, WHICH_Q, out);
    report_wrap(out, prose, width);
}

/* "zeroed_p":N, and "zeroed_p_first":"label" when N > 0. */
static void json_lost(struct buf *out, const char *key,
                      const struct table *t, struct dist_lost l)
{
    bool any = l.n > 0 && l.first < t->n;
    buf_printf(out, ",\"%s\":%zu", key, any ? l.n : 0);
    if (any) {
        buf_printf(out, ",\"%s_first\":", key);
        json_string(out, t->labels[l.first]);
    }
}

static void json_inf_labels(struct buf *out, const char *key,
                            const struct session *s,
                            const struct direction *d)
{
    buf_printf(out, ",\"%s\":[", key);
    size_t shown = d->n_inf < DIVERGENCE_INF_LIST ? d->n_inf
                                                  : DIVERGENCE_INF_LIST;
    for (size_t k = 0; k < shown; k++) {
        if (k)
            buf_putc(out, ',');
        json_string(out, s->table.labels[d->inf_idx[k]]);
    }
    buf_putc(out, ']');
}

void report_json(const struct session *s, const struct derived *derived,
                 struct buf *out)
{
    report_json_top(s, derived, 0, out);
}

void report_json_top(const struct session *s, const struct derived *derived,
                     size_t top, struct buf *out)
{
    const struct table *t = &s->table;
    struct divergence scratch;
    const struct divergence *d = session_measures(s, derived, &scratch);
    double k = log_base_scale(s->base);
    buf_printf(out, "{\"n\":%zu,\"base\":\"%s\",\"unit\":\"%s\","
               "\"normalized\":%s", t->n, log_base_name(s->base),
               session_unit(s),
               t->p_sum != 1.0 || t->q_sum != 1.0 ? "true" : "false");
    json_field(out, "kl_pq", d->pq.total * k);
    json_field(out, "kl_qp", d->qp.total * k);
    json_field(out, "entropy_p", d->h_p * k);
    json_field(out, "entropy_q", d->h_q * k);
    json_field(out, "cross_entropy_pq", d->h_pq * k);
    json_field(out, "cross_entropy_qp", d->h_qp * k);
    json_field(out, "js", d->js * k);
    json_field(out, "js_distance", sqrt(d->js * k));
    json_field(out, "tv", d->tv);
    json_field(out, "hellinger", d->hellinger);
    json_field(out, "chi2_pq", d->chi2_pq);
    json_field(out, "chi2_qp", d->chi2_qp);
    json_field(out, "alpha", derived_alpha(derived));
    json_field(out, "renyi", session_renyi(s, derived, true) * k);
    json_field(out, "renyi_qp", session_renyi(s, derived, false) * k);
    json_inf_labels(out, "infinite_pq", s, &d->pq);
    json_inf_labels(out, "infinite_qp", s, &d->qp);
    json_lost(out, "zeroed_p", t, t->p_lost);
    json_lost(out, "zeroed_q", t, t->q_lost);
    struct overview_top sel;
    size_t n_rows = top_rows(t, top, &sel);
    const size_t *rows = n_rows ? sel.idx : NULL;
    if (top)
        buf_printf(out, ",\"terms_shown\":%zu,\"terms_total\":%zu",
                   rows ? n_rows : t->n, t->n);
    if (!n_rows)
        n_rows = t->n;
    buf_append(out, ",\"terms\":[");
    for (size_t r = 0; r < n_rows; r++) {
        size_t i = rows ? rows[r] : r;
        buf_append(out, r ? ",{\"label\":" : "{\"label\":");
        json_string(out, t->labels[i]);
        json_field(out, "p", t->p[i]);
        json_field(out, "q", t->q[i]);
        json_field(out, "kl_pq", divergence_term(t->p[i], t->q[i]) * k);
        json_field(out, "kl_qp", divergence_term(t->q[i], t->p[i]) * k);
        buf_putc(out, '}');
    }
    overview_top_free(&sel);
    buf_append(out, "]}\n");
}



/* A measure's name in the column its formulas start after: measured by
 * display width, so a translated name keeps them aligned. */
static void measure_name(struct buf *out, const char *name)
{
    enum { NAME_W = 17 };
    int w = utf8_width(name);
    buf_pad(out, name, w < NAME_W ? NAME_W : w + 1, false);
}

void report_measures(const struct session *s, const struct derived *derived,
                     struct buf *out)
{
    struct divergence scratch;
    const struct divergence *d = session_measures(s, derived, &scratch);
    const char *u = session_unit(s);
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF], e[NUM_BUF], al[NUM_BUF];
#define V(buf, x) value(s, buf, sizeof buf, (x))
    measure_name(out, _("entropy"));
    buf_printf(out, "H(P) = %s   H(Q) = %s %s\n", V(a, d->h_p), V(b, d->h_q),
               u);
    measure_name(out, _("cross-entropy"));
    buf_printf(out, "H(P,Q) = %s = H(P) + KL(P||Q) = %s + %s\n",
               V(a, d->h_pq), V(b, d->h_p), V(c, d->pq.total));
    measure_name(out, "");
    buf_printf(out, "H(Q,P) = %s = H(Q) + KL(Q||P) = %s + %s\n",
               V(a, d->h_qp), V(b, d->h_q), V(c, d->qp.total));
    measure_name(out, _("Jensen-Shannon"));
    buf_printf(out, _("JS = %s <= log 2 = %s; distance sqrt(JS) = %s\n"),
               V(a, d->js), V(b, M_LN2),
               num_short(c, sizeof c, sqrt(session_scaled(s, d->js))));
    measure_name(out, _("total variation"));
    buf_printf(out, "TV = %s <= Pinsker sqrt(KL/2) (nats): %s, %s\n",
               num_short(a, sizeof a, d->tv),
               num_short(b, sizeof b, sqrt(d->pq.total / 2)),
               num_short(c, sizeof c, sqrt(d->qp.total / 2)));
    measure_name(out, "Hellinger");
    buf_printf(out, _("H = %s (in [0, 1])\n"),
               num_short(a, sizeof a, d->hellinger));
    measure_name(out, _("chi-squared"));
    buf_printf(out, "chi2(P||Q) = %s   chi2(Q||P) = %s\n",
               num_short(a, sizeof a, d->chi2_pq),
               num_short(b, sizeof b, d->chi2_qp));
    alpha_word(derived_alpha(derived), al, sizeof al);
    buf_printf(out, _("R\u00E9nyi order %s"), al);
    buf_printf(out, "   D(P||Q) = %s   D(Q||P) = %s %s\n",
               V(a, session_renyi(s, derived, true)),
               V(e, session_renyi(s, derived, false)), u);
#undef V
}

struct marks {
    const char *le, *sqrt, *chi2, *alpha, *check, *ne, *inf, *half, *renyi;
    const char *sqrt_js;
};

static const struct marks unicode_marks = {
    "\u2264", "\u221A", "\u03C7\u00B2", "\u03B1", "\u2713", "\u2260",
    "\u221E", "1/2", "R\u00E9nyi", "\u221AJS = ",
};
static const struct marks ascii_marks = {
    "<=", "sqrt", "chi2", "alpha", "ok", "!=", "inf", "1/2", "Renyi",
    "",
};

/* The identity holds to rounding (or both sides are infinite). */
static bool same(double a, double b)
{
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a));
}

void report_measures_panel(const struct session *s,
                           const struct derived *derived, bool unicode,
                           int max_rows, struct buf *out)
{
    const struct marks *m = unicode ? &unicode_marks : &ascii_marks;
    struct divergence scratch;
    const struct divergence *d = session_measures(s, derived, &scratch);
    const char *u = session_unit(s);
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF], e[NUM_BUF];
    char line[8][256];

    snprintf(line[0], sizeof line[0], "KL(P||Q) = %s   KL(Q||P) = %s %s",
             value(s, a, sizeof a, d->pq.total),
             value(s, b, sizeof b, d->qp.total), u);
    snprintf(line[1], sizeof line[1], _("H(P) = %s   H(Q) = %s   entropies"),
             value(s, a, sizeof a, d->h_p), value(s, b, sizeof b, d->h_q));
    for (int k = 0; k < 2; k++) {
        bool fw = k == 0;
        double h = fw ? d->h_p : d->h_q, x = fw ? d->h_pq : d->h_qp;
        double kl = fw ? d->pq.total : d->qp.total;
        snprintf(line[2 + k], sizeof line[2 + k],
                 "%s = %s = %s + %s = %s + %s %s%s", fw ? "H(P,Q)" : "H(Q,P)",
                 value(s, a, sizeof a, x), fw ? "H(P)" : "H(Q)",
                 fw ? "KL(P||Q)" : "KL(Q||P)", value(s, b, sizeof b, h),
                 value(s, c, sizeof c, kl),
                 same(x, h + kl) ? m->check : m->ne,
                 fw ? _(" cross-entropy") : "");
    }
    snprintf(line[4], sizeof line[4],
             _("Jensen-Shannon JS = %s %s log 2 = %s %s  distance %s%s"),
             value(s, a, sizeof a, d->js), m->le,
             value(s, b, sizeof b, M_LN2),
             d->js <= M_LN2 * (1 + 1e-12) ? m->check : m->ne, m->sqrt_js,
             num_short(c, sizeof c, sqrt(session_scaled(s, d->js))));
    double bf = sqrt(d->pq.total / 2), br = sqrt(d->qp.total / 2);
    snprintf(line[5], sizeof line[5],
             _("TV = %s %s %s(KL/2) = %s %s (P||Q), %s %s (Q||P) Pinsker"),
             num_short(a, sizeof a, d->tv), m->le, m->sqrt,
             num_short(b, sizeof b, bf),
             d->tv <= bf * (1 + 1e-12) ? m->check : m->ne,
             num_short(c, sizeof c, br),
             d->tv <= br * (1 + 1e-12) ? m->check : m->ne);
    snprintf(line[6], sizeof line[6],
             _("Hellinger %s   %s(P||Q) = %s   %s(Q||P) = %s"),
             num_short(a, sizeof a, d->hellinger), m->chi2,
             num_short(b, sizeof b, d->chi2_pq), m->chi2,
             num_short(c, sizeof c, d->chi2_qp));
    char al[64];
    alpha_name(derived_alpha(derived), unicode, al, sizeof al);
    /* Not kept yet for a large table: the explorer computes it after this
     * frame (session_update_renyi) and draws it in the next. */
    bool later = !derived_has_renyi(derived, s->version) &&
                 s->table.n >= REPORT_RENYI_LATER;
    snprintf(line[7], sizeof line[7], "%s %s = %s: D(P||Q) = %s   D(Q||P) = %s %s",
             m->renyi, m->alpha, al,
             later ? "..."
                   : value(s, b, sizeof b, session_renyi(s, derived, true)),
             later ? "..."
                   : value(s, e, sizeof e, session_renyi(s, derived, false)),
             u);

    /* What goes first when the panel is short: the entropies (they are in
     * the cross-entropy lines too), then chi-squared and Hellinger, then
     * the second cross-entropy line. */
    static const int prio[8] = {0, 7, 1, 5, 3, 4, 6, 2};
    for (int k = 0; k < 8; k++)
        if (prio[k] < max_rows)
            buf_printf(out, "%s\n", line[k]);
}

static void normalize_line(const char *name, double sum, struct buf *out)
{
    char v[NUM_BUF];
    if (sum == 1.0)
        buf_printf(out, _("%s: the input summed to 1; used as given\n"),
                   name);
    else
        buf_printf(out, _("%s: the input summed to %s; each value was "
                          "divided by that sum\n"),
                   name, num_roundtrip(v, sizeof v, sum));
}

void report_normalize(const struct session *s, struct buf *out)
{
    normalize_line("P", s->table.p_sum, out);
    normalize_line("Q", s->table.q_sum, out);
    report_lost(&s->table, WHICH_P, out);
    report_lost(&s->table, WHICH_Q, out);
}

void report_lost(const struct table *t, enum which w, struct buf *out)
{
    char v[NUM_BUF];
    struct dist_lost l = w == WHICH_P ? t->p_lost : t->q_lost;
    const char *name = which_name(w), *other = which_name(!w);
    if (l.n == 0 || l.first >= t->n)
        return;
    buf_printf(out, _("warning: %s entry %zu ('%s') was positive but "
                      "became 0 when divided by the sum %s"),
               name, l.first + 1,
               t->labels[l.first],
               num_roundtrip(v, sizeof v, w == WHICH_P ? t->p_sum
                                                       : t->q_sum));
    if (l.n > 1)
        buf_printf(out, ngettext(", and %zu more entry",
                                 ", and %zu more entries", l.n - 1),
                   l.n - 1);
    buf_printf(out, _("; a 0 in %s makes KL(%s||%s) infinite where %s > 0 "
                      "(hint: scale the values, or `smooth %s EPS`)\n"), name,
               other, name, other, w == WHICH_P ? "p" : "q");
}
