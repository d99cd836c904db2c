#include "family.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "c_locale.h"
#include "dist.h"
#include "i18n.h"
#include "num.h"

/* The tail mass below which poisson and geom stop by default. */
#define FAMILY_TAIL 1e-12

struct spec {
    const char *name;
    enum family_kind kind;
    int nreq, nopt;             /* required and optional numbers */
    const char *params[3];      /* names, NULL-terminated */
    const char *usage;
};

static const struct spec specs[] = {
    {"binom", FAMILY_BINOM, 2, 0, {"n", "theta", NULL},
     "binom N THETA, e.g. binom 10 0.3"},
    {"poisson", FAMILY_POISSON, 1, 1, {"lambda", "k", NULL},
     "poisson LAMBDA [K], e.g. poisson 3"},
    {"geom", FAMILY_GEOM, 1, 1, {"theta", "k", NULL},
     "geom THETA [K], e.g. geom 0.3"},
    {"normal", FAMILY_NORMAL, 2, 1, {"mu", "sigma", NULL},
     "normal MU SIGMA [LO:HI:STEP], e.g. normal 0 1 -5:5:0.5"},
    {"zipf", FAMILY_ZIPF, 2, 0, {"s", "n", NULL},
     "zipf S N, e.g. zipf 1.1 20"},
    {"uniform", FAMILY_UNIFORM, 1, 0, {"n", NULL, NULL},
     "uniform N, e.g. uniform 6"},
    {"mix", FAMILY_MIX, 1, 0, {"w", NULL, NULL},
     "mix W A B, e.g. mix 0.5 (normal -2 1) (normal 2 1)"},
};

enum { N_SPECS = sizeof specs / sizeof specs[0] };

static const struct spec *spec_named(const char *name, size_t len)
{
    for (size_t i = 0; i < N_SPECS; i++)
        if (strlen(specs[i].name) == len &&
            strncmp(specs[i].name, name, len) == 0)
            return &specs[i];
    return NULL;
}

static const struct spec *spec_of(enum family_kind k)
{
    for (size_t i = 0; i < N_SPECS; i++)
        if (specs[i].kind == k)
            return &specs[i];
    return &specs[0];
}

bool family_is_name(const char *word)
{
    return spec_named(word, strlen(word)) != NULL;
}

/* ---- checking parameters (shared by the parser and `param`) ---- */

static bool whole(double v, double lo, double hi)
{
    return v >= lo && v <= hi && v == floor(v);
}

/* Checks parameter i of f's kind; `shown` is the word as typed. */
static bool check_param(enum family_kind kind, int i, double v,
                        struct error *err)
{
    const struct spec *s = spec_of(kind);
    const char *name = s->params[i];
    const char *why = NULL;
    switch (kind) {
    case FAMILY_BINOM:
        if (i == 0 && !whole(v, 1, (double)FAMILY_MAX_N - 1))
            why = _("a whole number from 1 to 9999999");
        if (i == 1 && !(v >= 0 && v <= 1))
            why = _("a probability from 0 to 1");
        break;
    case FAMILY_POISSON:
        if (i == 0 && !(v > 0 && v <= 1e6))
            why = _("a rate above 0 and at most 1e6");
        if (i == 1 && !whole(v, 0, (double)FAMILY_MAX_N - 1))
            why = _("a whole number from 0 to 9999999");
        break;
    case FAMILY_GEOM:
        if (i == 0 && !(v >= 1e-6 && v <= 1))
            why = _("a probability from 1e-6 to 1");
        if (i == 1 && !whole(v, 0, (double)FAMILY_MAX_N - 1))
            why = _("a whole number from 0 to 9999999");
        break;
    case FAMILY_NORMAL:
        if (i == 0 && !(fabs(v) <= 1e12))
            why = _("a number between -1e12 and 1e12");
        if (i == 1 && !(v > 0 && v <= 1e12))
            why = _("a standard deviation above 0");
        break;
    case FAMILY_ZIPF:
        if (i == 0 && !(v > 0 && v <= 100))
            why = _("an exponent above 0 and at most 100");
        if (i == 1 && !whole(v, 1, (double)FAMILY_MAX_N))
            why = _("a whole number from 1 to 10000000");
        break;
    case FAMILY_UNIFORM:
        if (!whole(v, 1, (double)FAMILY_MAX_N))
            why = _("a whole number from 1 to 10000000");
        break;
    case FAMILY_MIX:
        if (!(v >= 0 && v <= 1))
            why = _("a weight from 0 to 1");
        break;
    }
    if (!why)
        return true;
    char shown[NUM_BUF];
    return error_set(err, _("%s's %s must be %s, not %s (hint: %s)"), s->name,
                     name, why, num_roundtrip(shown, sizeof shown, v),
                     s->usage);
}

/* ---- parsing ---- */

struct lexer {
    const char *text;
    size_t pos;
    int col0;
    /* the current token */
    size_t start, len;
};

static void lex_next(struct lexer *l)
{
    const char *t = l->text;
    size_t i = l->pos;
    while (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')
        i++;
    l->start = i;
    if (t[i] == '(' || t[i] == ')') {
        i++;
    } else {
        while (t[i] && t[i] != ' ' && t[i] != '\t' && t[i] != '\n' &&
               t[i] != '\r' && t[i] != '(' && t[i] != ')')
            i++;
    }
    l->len = i - l->start;
    l->pos = i;
}

static int lex_col(const struct lexer *l)
{
    return l->col0 + (int)l->start;
}

static bool lex_is(const struct lexer *l, char c)
{
    return l->len == 1 && l->text[l->start] == c;
}

static bool lex_number(const struct lexer *l, double *v, struct error *err)
{
    if (!num_parse(l->text + l->start, l->len, v, err)) {
        error_prefix(err, _("column %d"), lex_col(l));
        return false;
    }
    return true;
}

/* Whether the current token can start an optional number argument. */
static bool lex_numberish(const struct lexer *l)
{
    if (l->len == 0 || lex_is(l, '(') || lex_is(l, ')'))
        return false;
    char c = l->text[l->start];
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
}

/* Points of the grid LO:HI:STEP, HI included when it is a whole number
 * of steps from LO up to the rounding of the three numbers as typed
 * (1000000:1000000.00001:1e-9 has 10001). */
static double grid_points(const double g[3])
{
    double slack = 1e-9 + 4 * DBL_EPSILON * fmax(fabs(g[0]), fabs(g[1])) /
                              g[2];
    return floor((g[1] - g[0]) / g[2] + slack) + 1;
}

static bool parse_grid(struct lexer *l, double g[3], struct error *err)
{
    const char *s = l->text + l->start;
    const char *c1 = memchr(s, ':', l->len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', l->len - (size_t)(c1 + 1 - s))
                        : NULL;
    if (!c1 || !c2)
        return error_set(err, _("column %d: a grid is LO:HI:STEP, not '%.*s' "
                            "(hint: -5:5:0.5)"), lex_col(l), (int)l->len, s);
    const char *end = s + l->len;
    struct error e2;
    if (!num_parse(s, (size_t)(c1 - s), &g[0], &e2) ||
        !num_parse(c1 + 1, (size_t)(c2 - c1 - 1), &g[1], &e2) ||
        !num_parse(c2 + 1, (size_t)(end - c2 - 1), &g[2], &e2))
        return error_set(err, _("column %d: grid '%.*s': %s (hint: "
                            "LO:HI:STEP, e.g. -5:5:0.5)"), lex_col(l),
                         (int)l->len, s, e2.msg);
    if (!(g[2] > 0) || !(g[1] > g[0]))
        return error_set(err, _("column %d: grid '%.*s' needs LO < HI and a "
                            "STEP above 0 (hint: -5:5:0.5)"), lex_col(l),
                         (int)l->len, s);
    double points = grid_points(g);
    if (!(points <= (double)FAMILY_MAX_N))
        return error_set(err, _("column %d: grid '%.*s' has %.0f points, "
                            "more than %zu (hint: a larger STEP)"), lex_col(l),
                         (int)l->len, s, points, FAMILY_MAX_N);
    return true;
}

static bool parse_expr(struct lexer *l, int depth, struct family **out,
                       struct error *err);

/* A part of a mix: a parenthesized expression or a bare one (parse_expr
 * reads both). */
static bool parse_part(struct lexer *l, int depth, struct family **out,
                       struct error *err)
{
    if (l->len == 0)
        return error_set(err, _("column %d: mix needs two parts (hint: "
                            "mix 0.5 (normal -2 1) (normal 2 1))"),
                         lex_col(l));
    return parse_expr(l, depth + 1, out, err);
}

static bool parse_expr(struct lexer *l, int depth, struct family **out,
                       struct error *err)
{
    *out = NULL;
    if (depth > 32)
        return error_set(err, _("column %d: mixes nested more than 32 deep"),
                         lex_col(l));
    if (lex_is(l, '(')) {
        int open_col = lex_col(l);
        lex_next(l);
        if (!parse_expr(l, depth + 1, out, err))
            return false;
        if (!lex_is(l, ')')) {
            family_free(*out);
            *out = NULL;
            return error_set(err, _("column %d: the '(' here has no ')' "
                                "(hint: close each part: mix 0.5 "
                                "(normal -2 1) (normal 2 1))"), open_col);
        }
        lex_next(l);
        return true;
    }
    const struct spec *s = spec_named(l->text + l->start, l->len);
    if (!s)
        return error_set(err, _("column %d: '%.*s' is not a family (hint: "
                            "binom, poisson, geom, normal, zipf, uniform or "
                            "mix)"), lex_col(l), (int)l->len,
                         l->text + l->start);
    int name_col = lex_col(l);
    lex_next(l);
    struct family *f = xcalloc(1, sizeof *f);
    f->kind = s->kind;
    int i = 0;
    for (; i < s->nreq + s->nopt; i++) {
        bool optional = i >= s->nreq;
        if (optional && !lex_numberish(l))
            break;
        if (l->len == 0 || lex_is(l, '(') || lex_is(l, ')')) {
            family_free(f);
            return error_set(err, ngettext("column %d: %s needs %d number "
                                           "(hint: %s)",
                                           "column %d: %s needs %d numbers "
                                           "(hint: %s)", s->nreq),
                             name_col, s->name, s->nreq, s->usage);
        }
        double v;
        if (s->kind == FAMILY_NORMAL && i == 2) {
            if (!parse_grid(l, f->grid, err)) {
                family_free(f);
                return false;
            }
            f->has_grid = true;
        } else {
            if (!lex_number(l, &v, err)) {
                family_free(f);
                return false;
            }
            if (!check_param(s->kind, i, v, err)) {
                error_prefix(err, _("column %d"), lex_col(l));
                family_free(f);
                return false;
            }
            if (i < 2 && !(optional && s->nreq == 1))
                f->par[i] = v;
            else if (i == 0)
                f->par[0] = v;
            else {
                f->has_k = true;
                f->k = v;
            }
        }
        lex_next(l);
    }
    if (s->kind == FAMILY_MIX) {
        if (!parse_part(l, depth, &f->a, err) ||
            !parse_part(l, depth, &f->b, err)) {
            family_free(f);
            return false;
        }
    }
    *out = f;
    return true;
}

bool family_parse(const char *text, int col0, struct family **out,
                  struct error *err)
{
    struct lexer l = {text, 0, col0, 0, 0};
    lex_next(&l);
    *out = NULL;
    struct family *f;
    if (!parse_expr(&l, 0, &f, err))
        return false;
    if (l.len != 0) {
        const char *usage = spec_of(f->kind)->usage;
        family_free(f);
        if (lex_is(&l, ')'))
            return error_set(err, _("column %d: a ')' without its '('"),
                             lex_col(&l));
        return error_set(err, _("column %d: unexpected '%.*s' after the "
                            "expression (hint: %s)"), lex_col(&l), (int)l.len,
                         text + l.start, usage);
    }
    *out = f;
    return true;
}

void family_free(struct family *f)
{
    if (!f)
        return;
    family_free(f->a);
    family_free(f->b);
    free(f);
}

struct family *family_copy(const struct family *f)
{
    if (!f)
        return NULL;
    struct family *c = xmalloc(sizeof *c);
    *c = *f;
    c->a = family_copy(f->a);
    c->b = family_copy(f->b);
    return c;
}

bool family_equal(const struct family *a, const struct family *b)
{
    if (!a || !b)
        return a == b;
    return a->kind == b->kind && a->par[0] == b->par[0] &&
           a->par[1] == b->par[1] && a->has_k == b->has_k &&
           (!a->has_k || a->k == b->k) && a->has_grid == b->has_grid &&
           (!a->has_grid || memcmp(a->grid, b->grid, sizeof a->grid) == 0) &&
           family_equal(a->a, b->a) && family_equal(a->b, b->b);
}

/* ---- formatting ---- */

void family_label(double x, char *buf, size_t size)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, size, "%.0f", x == 0 ? 0.0 : x);
        return;
    }
    locale_t old = uselocale(c_locale_get());
    snprintf(buf, size, "%.12g", x);
    uselocale(old);
    /* Labels must read back as the points they name, so that distinct
     * points get distinct labels. */
    double back;
    if (!num_parse(buf, strlen(buf), &back, NULL) || back != x)
        num_roundtrip(buf, size, x);
}

static void format_num(struct buf *out, double v)
{
    char b[NUM_BUF];
    buf_append(out, num_roundtrip(b, sizeof b, v));
}

static void format_part(const struct family *f, struct buf *out)
{
    if (f->kind == FAMILY_MIX || spec_of(f->kind)->nopt) {
        buf_putc(out, '(');
        family_format(f, out);
        buf_putc(out, ')');
    } else {
        family_format(f, out);
    }
}

void family_format(const struct family *f, struct buf *out)
{
    const struct spec *s = spec_of(f->kind);
    buf_append(out, s->name);
    for (int i = 0; i < s->nreq; i++) {
        buf_putc(out, ' ');
        format_num(out, f->par[i]);
    }
    if (f->has_k) {
        buf_putc(out, ' ');
        format_num(out, f->k);
    }
    if (f->has_grid) {
        for (int i = 0; i < 3; i++) {
            buf_putc(out, i ? ':' : ' ');
            format_num(out, f->grid[i]);
        }
    }
    if (f->kind == FAMILY_MIX) {
        buf_putc(out, ' ');
        format_part(f->a, out);
        buf_putc(out, ' ');
        format_part(f->b, out);
    }
}

const char *const *family_param_names(const struct family *f)
{
    return spec_of(f->kind)->params;
}

bool family_param_value(const struct family *f, int i, double *v)
{
    const struct spec *s = spec_of(f->kind);
    if (i < 0 || i > 2 || !s->params[i])
        return false;
    if (i == 1 && s->nreq == 1) {
        *v = f->k;
        return f->has_k;
    }
    *v = f->par[i];
    return true;
}

bool family_set_param(struct family *f, const char *name, double v,
                      struct error *err)
{
    const struct spec *s = spec_of(f->kind);
    for (int i = 0; s->params[i]; i++) {
        if (strcmp(s->params[i], name) != 0)
            continue;
        if (!check_param(f->kind, i, v, err))
            return false;
        if (i == 1 && s->nreq == 1) {
            f->has_k = true;
            f->k = v;
        } else {
            f->par[i] = v;
        }
        return true;
    }
    struct buf names;
    buf_init(&names);
    for (int i = 0; s->params[i]; i++)
        buf_printf(&names, "%s%s", i ? ", " : "", s->params[i]);
    error_set(err, _("%s has no parameter '%s' (hint: its parameters are %s)"),
              s->name, name, names.s);
    buf_free(&names);
    return false;
}

/* ---- support and masses ---- */

/* The first K >= 0 with P(X > K) < FAMILY_TAIL for Poisson(lambda). For
 * k + 2 > lambda the terms beyond k + 1 shrink at least geometrically by
 * lambda / (k + 2), which bounds the tail by pmf(k+1) / (1 - that). */
static double poisson_default_k(double lambda)
{
    double k = 0;
    for (;; k++) {
        if (k + 2 <= lambda)
            continue;
        double next = exp((k + 1) * log(lambda) - lambda - lgamma(k + 2));
        double bound = next / (1 - lambda / (k + 2));
        if (bound < FAMILY_TAIL)
            return k;
    }
}

static double geom_default_k(double theta)
{
    if (theta >= 1)
        return 0;
    /* (1-theta)^(K+1) < FAMILY_TAIL */
    double k = ceil(log(FAMILY_TAIL) / log1p(-theta)) - 1;
    while (k > 0 && pow(1 - theta, k) < FAMILY_TAIL)
        k--;
    return k < 0 ? 0 : k;
}

static void push_range(struct numlist *out, double lo, double hi)
{
    for (double x = lo; x <= hi; x++)
        numlist_push(out, x);
}

static bool support_into(const struct family *f, const double *labels,
                         size_t n_labels, struct numlist *out,
                         struct error *err)
{
    switch (f->kind) {
    case FAMILY_BINOM:
        push_range(out, 0, f->par[0]);
        return true;
    case FAMILY_POISSON:
        push_range(out, 0, f->has_k ? f->k : poisson_default_k(f->par[0]));
        return true;
    case FAMILY_GEOM:
        push_range(out, 0, f->has_k ? f->k : geom_default_k(f->par[0]));
        return true;
    case FAMILY_ZIPF:
        push_range(out, 1, f->par[1]);
        return true;
    case FAMILY_UNIFORM:
        push_range(out, 1, f->par[0]);
        return true;
    case FAMILY_NORMAL:
        if (f->has_grid) {
            double lo = f->grid[0], step = f->grid[2];
            double points = grid_points(f->grid);
            for (double i = 0; i < points; i++) {
                /* The point rounded to 12 digits (0.1 * 3 is 0.3), unless
                 * that moves it by more than a millionth of a step. */
                double raw = lo + i * step, x;
                char b[NUM_BUF];
                locale_t old = uselocale(c_locale_get());
                snprintf(b, sizeof b, "%.12g", raw);
                uselocale(old);
                if (!num_parse(b, strlen(b), &x, NULL) ||
                    !(fabs(x - raw) <= step * 1e-6))
                    x = raw;
                numlist_push(out, x);
            }
            return true;
        }
        if (!labels)
            return error_set(err, _("normal without a grid uses the table's "
                                "labels, and they are not all numbers (hint: "
                                "give a grid: normal 0 1 -5:5:0.5)"));
        for (size_t i = 0; i < n_labels; i++)
            numlist_push(out, labels[i]);
        return true;
    case FAMILY_MIX:
        return support_into(f->a, labels, n_labels, out, err) &&
               support_into(f->b, labels, n_labels, out, err);
    }
    return true;
}

/* Sorts the points and drops repeats; checks the count. */
static bool support_finish(struct numlist *out, struct error *err)
{
    qsort(out->v, out->n, sizeof *out->v, num_compare);
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++)
        if (m == 0 || out->v[i] != out->v[m - 1])
            out->v[m++] = out->v[i];
    out->n = m;
    if (m > FAMILY_MAX_N)
        return error_set(err, _("%zu support points, more than %zu (hint: "
                            "smaller parameters or a coarser grid)"), m,
                         FAMILY_MAX_N);
    if (m == 0)
        return error_set(err, _("no support points"));
    return true;
}

bool family_support(const struct family *f, const double *labels,
                    size_t n_labels, struct numlist *out, struct error *err)
{
    out->n = 0;
    return support_into(f, labels, n_labels, out, err) &&
           support_finish(out, err);
}

bool family_support_union(const struct family *a, const struct family *b,
                          const double *labels, size_t n_labels,
                          struct numlist *out, struct error *err)
{
    out->n = 0;
    return support_into(a, labels, n_labels, out, err) &&
           support_into(b, labels, n_labels, out, err) &&
           support_finish(out, err);
}

static bool integer_in(double x, double lo, double hi)
{
    return x >= lo && x <= hi && x == floor(x);
}

void family_eval(const struct family *f, const double *x, size_t n,
                 double *out)
{
    double a = f->par[0], b = f->par[1];
    switch (f->kind) {
    case FAMILY_BINOM: {
        double lc = lgamma(a + 1);
        for (size_t i = 0; i < n; i++) {
            double k = x[i];
            if (!integer_in(k, 0, a)) {
                out[i] = 0;
            } else if (b == 0 || b == 1) {
                out[i] = k == (b == 0 ? 0 : a);
            } else {
                out[i] = exp(lc - lgamma(k + 1) - lgamma(a - k + 1) +
                             k * log(b) + (a - k) * log1p(-b));
            }
        }
        return;
    }
    case FAMILY_POISSON: {
        double hi = f->has_k ? f->k : INFINITY;
        for (size_t i = 0; i < n; i++)
            out[i] = integer_in(x[i], 0, hi)
                         ? exp(x[i] * log(a) - a - lgamma(x[i] + 1))
                         : 0;
        return;
    }
    case FAMILY_GEOM: {
        double hi = f->has_k ? f->k : INFINITY;
        for (size_t i = 0; i < n; i++)
            out[i] = !integer_in(x[i], 0, hi) ? 0
                     : a >= 1                 ? (x[i] == 0)
                                  : a * exp(x[i] * log1p(-a));
        return;
    }
    case FAMILY_ZIPF: {
        double z = 0;
        for (double k = b; k >= 1; k--)   /* small terms first */
            z += pow(k, -a);
        for (size_t i = 0; i < n; i++)
            out[i] = integer_in(x[i], 1, b) ? pow(x[i], -a) / z : 0;
        return;
    }
    case FAMILY_UNIFORM:
        for (size_t i = 0; i < n; i++)
            out[i] = integer_in(x[i], 1, a) ? 1 / a : 0;
        return;
    case FAMILY_NORMAL: {
        /* Density at the points, normalized over them: relative to the
         * largest, so that far-out grids do not underflow to all zeros. */
        double zmin = INFINITY;
        for (size_t i = 0; i < n; i++) {
            double z = (x[i] - a) / b;
            zmin = fmin(zmin, z * z);
        }
        for (size_t i = 0; i < n; i++) {
            double z = (x[i] - a) / b;
            out[i] = exp(-0.5 * (z * z - zmin));
        }
        double sum = dist_sum(out, n);   /* compensated: sums to 1 */
        for (size_t i = 0; i < n; i++)
            out[i] /= sum;
        return;
    }
    case FAMILY_MIX: {
        double *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
        family_eval(f->a, x, n, out);
        family_eval(f->b, x, n, tmp);
        for (size_t i = 0; i < n; i++)
            out[i] = a * out[i] + (1 - a) * tmp[i];
        free(tmp);
        return;
    }
    }
}

/* ---- closed forms ---- */

/* KL(Ber(a)||Ber(b)) in nats, with 0 log 0 = 0. */
static double bernoulli_kl(double a, double b)
{
    double t1 = a == 0 ? 0 : b == 0 ? INFINITY : a * log(a / b);
    double t0 = a == 1 ? 0 : b == 1 ? INFINITY : (1 - a) * log((1 - a) /
                                                             (1 - b));
    return t1 + t0;
}

bool family_closed_form(const struct family *p, const struct family *q,
                        double *kl)
{
    if (!p || !q || p->kind != q->kind)
        return false;
    double a1 = p->par[0], b1 = p->par[1], a2 = q->par[0], b2 = q->par[1];
    switch (p->kind) {
    case FAMILY_BINOM:
        if (a1 != a2)
            return false;
        *kl = a1 * bernoulli_kl(b1, b2);
        return true;
    case FAMILY_POISSON:
        *kl = a1 * log(a1 / a2) - a1 + a2;
        return true;
    case FAMILY_GEOM:
        /* E_P[k] = (1-t1)/t1 failures before the first success. */
        if (a1 >= 1)
            *kl = -log(a2);
        else if (a2 >= 1)
            *kl = INFINITY;
        else
            *kl = log(a1 / a2) + (1 - a1) / a1 * log((1 - a1) / (1 - a2));
        return true;
    case FAMILY_NORMAL:
        *kl = log(b2 / b1) +
              (b1 * b1 + (a1 - a2) * (a1 - a2)) / (2 * b2 * b2) - 0.5;
        return true;
    default:
        return false;
    }
}

const char *family_closed_form_name(const struct family *p)
{
    switch (p->kind) {
    case FAMILY_BINOM:
        return "N KL(Ber(theta1)||Ber(theta2))";
    case FAMILY_POISSON:
        return "l1 log(l1/l2) - l1 + l2";
    case FAMILY_GEOM:
        return "log(t1/t2) + (1-t1)/t1 log((1-t1)/(1-t2))";
    case FAMILY_NORMAL:
        return "continuous: log(s2/s1) + (s1^2 + (m1-m2)^2)/(2 s2^2) - 1/2";
    default:
        return "";
    }
}
