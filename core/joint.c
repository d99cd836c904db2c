#include "joint.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "divergence.h"
#include "fields.h"
#include "file.h"
#include "i18n.h"
#include "label.h"
#include "json.h"
#include "num.h"
#include "table.h"
#include "utf8.h"

/* ---- lifecycle ---- */

void joint_init(struct joint *j)
{
    memset(j, 0, sizeof *j);
    j->sum = 1.0;
}

static void free_labels(char **labels, size_t n)
{
    if (!labels)
        return;
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
}

void joint_free(struct joint *j)
{
    free_labels(j->x_labels, j->rows);
    free_labels(j->y_labels, j->cols);
    free(j->p);
    joint_init(j);
}

static char **copy_labels(char *const *src, size_t n)
{
    char **v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = xstrdup(src[i]);
    return v;
}

void joint_copy(struct joint *dst, const struct joint *src)
{
    joint_free(dst);
    if (src->rows == 0)
        return;
    size_t n = src->rows * src->cols;
    *dst = *src;
    dst->x_labels = copy_labels(src->x_labels, src->rows);
    dst->y_labels = copy_labels(src->y_labels, src->cols);
    dst->p = xmalloc(n * sizeof *dst->p);
    memcpy(dst->p, src->p, n * sizeof *dst->p);
}

size_t joint_bytes(const struct joint *j)
{
    size_t b = j->rows * j->cols * sizeof(double) +
               (j->rows + j->cols) * sizeof(char *);
    for (size_t i = 0; i < j->rows; i++)
        b += strlen(j->x_labels[i]) + 1;
    for (size_t i = 0; i < j->cols; i++)
        b += strlen(j->y_labels[i]) + 1;
    return b;
}

/* ---- building ---- */

bool joint_check_size(size_t rows, size_t cols, struct error *err)
{
    if (rows == 0 || cols == 0)
        return error_set(err, _("a joint table needs at least 1 row and 1 "
                            "column"));
    if (rows > JOINT_MAX_CELLS || cols > JOINT_MAX_CELLS / rows)
        return error_set(err, _("%zu x %zu cells is too large: a joint table "
                            "holds at most %zu cells (e.g. 1000 x 1000)"),
                         rows, cols, JOINT_MAX_CELLS);
    return true;
}

static char **number_labels(char prefix, size_t n)
{
    char **v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        char b[32];
        snprintf(b, sizeof b, "%c%zu", prefix, i + 1);
        v[i] = xstrdup(b);
    }
    return v;
}

/* Takes ownership of labels and v (raw values), normalizing v; on error
 * frees them and leaves *j untouched. */
static bool adopt(struct joint *j, size_t rows, size_t cols, char **xl,
                  char **yl, double *v, struct error *err)
{
    double sum;
    struct dist_lost lost;
    if (!dist_normalize_lost(v, rows * cols, _("the joint table"), &sum,
                             &lost, err)) {
        free_labels(xl, rows);
        free_labels(yl, cols);
        free(v);
        return false;
    }
    for (size_t k = 0; k < rows * cols; k++)
        if (v[k] == 0)
            v[k] = 0.0;     /* "-0" is a zero: saved and shown as 0 */
    joint_free(j);
    *j = (struct joint){.rows = rows, .cols = cols, .x_labels = xl,
                        .y_labels = yl, .p = v, .sum = sum, .lost = lost};
    return true;
}

bool joint_from_values(struct joint *j, size_t rows, size_t cols,
                       const double *v, struct error *err)
{
    if (!joint_check_size(rows, cols, err))
        return false;
    size_t n = rows * cols;
    for (size_t k = 0; k < n; k++)
        if (!dist_check_value(v[k], err)) {
            error_prefix(err, _("cell (x%zu, y%zu)"), k / cols + 1,
                         k % cols + 1);
            return false;
        }
    double *c = xmalloc(n * sizeof *c);
    memcpy(c, v, n * sizeof *c);
    return adopt(j, rows, cols, number_labels('x', rows),
                 number_labels('y', cols), c, err);
}

/* Row and column sums with Neumaier's compensation (columns in one pass
 * over the rows, so the walk stays in memory order). */
static void marginals(const struct joint *j, double *px, double *py)
{
    struct ksum *cs = xcalloc(j->cols, sizeof *cs);
    for (size_t i = 0; i < j->rows; i++) {
        const double *row = j->p + i * j->cols;
        struct ksum r = {0, 0};
        for (size_t k = 0; k < j->cols; k++) {
            ksum_add(&r, row[k]);
            ksum_add(&cs[k], row[k]);
        }
        px[i] = ksum_value(&r);
    }
    for (size_t k = 0; k < j->cols; k++)
        py[k] = ksum_value(&cs[k]);
    free(cs);
}

bool joint_indep(struct joint *out, const struct joint *src,
                 struct error *err)
{
    if (src->rows == 0)
        return error_set(err, _("there is no joint table yet to take the "
                            "marginals of (hint: joint 2 2 0.4 0.1 0.1 0.4)"));
    size_t r = src->rows, c = src->cols;
    double *px = xmalloc(r * sizeof *px), *py = xmalloc(c * sizeof *py);
    marginals(src, px, py);
    double *v = xmalloc(r * c * sizeof *v);
    for (size_t i = 0; i < r; i++)
        for (size_t k = 0; k < c; k++)
            v[i * c + k] = px[i] * py[k];
    free(px);
    free(py);
    return adopt(out, r, c, copy_labels(src->x_labels, r),
                 copy_labels(src->y_labels, c), v, err);
}

bool joint_copy_n(struct joint *out, size_t n, struct error *err)
{
    if (!joint_check_size(n, n, err))
        return false;
    double *v = xcalloc(n * n, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i * n + i] = 1.0;
    if (!adopt(out, n, n, number_labels('x', n), number_labels('y', n), v,
               err))
        return false;
    out->sum = 1.0;     /* generated: no input of the user's was scaled */
    return true;
}

bool joint_noisy(struct joint *out, double eps, struct error *err)
{
    if (!(eps >= 0 && eps <= 1))
        return error_set(err, _("the crossover probability must be between 0 "
                            "and 1 (e.g. joint noisy 0.1)"));
    /* Weights, not halves: dividing by the sum 2 is exact, so the cells
     * are exactly (1 - eps)/2 and eps/2 of the rounded 1 - eps. */
    double v[4] = {1.0 - eps, eps, eps, 1.0 - eps};
    char **xl = xmalloc(2 * sizeof *xl), **yl = xmalloc(2 * sizeof *yl);
    xl[0] = xstrdup("x0");
    xl[1] = xstrdup("x1");
    yl[0] = xstrdup("y0");
    yl[1] = xstrdup("y1");
    double *c = xmalloc(sizeof v);
    memcpy(c, v, sizeof v);
    if (!adopt(out, 2, 2, xl, yl, c, err))
        return false;
    out->sum = 1.0;     /* generated: no input of the user's was scaled */
    return true;
}

bool joint_set_cell(struct joint *j, size_t i, size_t k, double v,
                    struct error *err)
{
    size_t n = j->rows * j->cols;
    double *fresh = xmalloc(n * sizeof *fresh);
    if (!dist_set_into(fresh, j->p, n, i * j->cols + k, v,
                       _("the joint table"), err)) {
        free(fresh);
        return false;
    }
    free(j->p);
    j->p = fresh;
    j->sum = 1.0;
    j->lost = (struct dist_lost){0, 0};
    return true;
}

bool joint_find(const struct joint *j, bool x, const char *word,
                size_t *idx, struct error *err)
{
    char *const *labels = x ? j->x_labels : j->y_labels;
    size_t n = x ? j->rows : j->cols;
    const char *what = x ? _("row") : _("column");
    if (label_find(labels, n, false, word, idx) == LABEL_FOUND)
        return true;
    return error_set(err, _("no %s '%s' (%ss are 1 to %zu, or a label such "
                        "as '%s')"), what, word, what, n, labels[0]);
}

/* ---- files ---- */

/* Labels seen so far on one side, with a hash index: long-form files name
 * a label once per cell, up to 10^6 times. The hash is the table's keyed
 * one, so no file can make its labels collide on purpose. */
struct label_index {
    char **v;
    size_t n, cap;
    size_t *slot;       /* index + 1, 0 = empty */
    size_t slots;       /* a power of two */
};

static void index_free(struct label_index *x)
{
    free_labels(x->v, x->n);
    free(x->slot);
    memset(x, 0, sizeof *x);
}

static size_t *index_slot(struct label_index *x, const char *s)
{
    size_t m = x->slots - 1;
    for (size_t h = table_label_hash(s, strlen(s)) & m;; h = (h + 1) & m)
        if (!x->slot[h] || strcmp(x->v[x->slot[h] - 1], s) == 0)
            return &x->slot[h];
}

/* The index of label s, adding it when new (*added says so). */
static size_t index_get(struct label_index *x, const char *s, bool *added)
{
    if (2 * (x->n + 1) > x->slots) {
        size_t slots = x->slots ? 2 * x->slots : 64;
        table_label_keys_ready();
        free(x->slot);
        x->slot = xcalloc(slots, sizeof *x->slot);
        x->slots = slots;
        for (size_t i = 0; i < x->n; i++)
            *index_slot(x, x->v[i]) = i + 1;
    }
    size_t *sl = index_slot(x, s);
    *added = !*sl;
    if (*sl)
        return *sl - 1;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 16;
        x->v = xrealloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n] = xstrdup(s);
    *sl = ++x->n;
    return x->n - 1;
}

/* Hands the labels to the caller. */
static char **index_take(struct label_index *x)
{
    char **v = x->v ? x->v : xmalloc(sizeof *v);
    x->v = NULL;
    x->n = 0;
    index_free(x);
    return v;
}

struct jparser {
    const char *name;
    size_t line;
    enum table_sep sep;
    struct fields fl;       /* the current line's, each a C string */
    struct error *err;
};

static bool fail_at(struct jparser *ps, size_t col, const char *fmt, ...)
    KLX_PRINTF(3, 4);

static bool fail_at(struct jparser *ps, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vat(ps->err, ps->name, ps->line, col, fmt, ap);
    va_end(ap);
    return false;
}

/* Splits line[0..len) into ps->fl (fields.h says how). */
static bool split(struct jparser *ps, const char *line, size_t len)
{
    size_t col;
    char msg[ERROR_MAX];
    if (fields_split(&ps->fl, line, len, ps->sep, true, &col, msg,
                     sizeof msg))
        return true;
    return fail_at(ps, col, "%s", msg);
}

/* The next line of text (without its line end); false at the end. */
static bool next_line(const char **pos, const char *end, const char **line,
                      size_t *len)
{
    if (*pos >= end)
        return false;
    const char *s = *pos;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *pos = nl ? nl + 1 : end;
    *line = s;
    *len = (size_t)(e - s);
    if (*len && s[*len - 1] == '\r')
        (*len)--;
    return true;
}

static bool skip_line(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i == len || line[i] == '#';
}

/* Splits the next line that is not blank or a comment into ps's fields
 * (*len: its length): 1; 0 at the end of the text; -1 when it cannot be
 * split (err set). */
static int next_record(struct jparser *ps, const char **pos,
                       const char *end, size_t *len)
{
    const char *line;
    while (next_line(pos, end, &line, len)) {
        ps->line++;
        if (!skip_line(line, *len))
            return split(ps, line, *len) ? 1 : -1;
    }
    return 0;
}

static bool check_label(struct jparser *ps, size_t f, const char *what)
{
    const char *s = ps->fl.v[f].s;
    if (s[0] == '\0')
        return fail_at(ps, ps->fl.v[f].col, _("the %s label is empty (hint: "
                          "every row and column needs a name)"), what);
    struct error e;
    if (!table_check_label(s, &e))
        return fail_at(ps, ps->fl.v[f].col, _("%s label: %s"), what, e.msg);
    return true;
}

static bool read_cell(struct jparser *ps, size_t f, double *v)
{
    const char *s = ps->fl.v[f].s;
    struct error e;
    if (s[0] == '\0')
        return fail_at(ps, ps->fl.v[f].col, _("a cell is empty (hint: write 0 "
                          "for a cell with no mass)"));
    if (!num_parse(s, strlen(s), v, &e) || !dist_check_value(*v, &e))
        return fail_at(ps, ps->fl.v[f].col, "%s", e.msg);
    return true;
}

static bool is_long_header(const struct jparser *ps)
{
    return ps->fl.n == 3 && strcasecmp(ps->fl.v[0].s, "x") == 0 &&
           strcasecmp(ps->fl.v[1].s, "y") == 0 &&
           strcasecmp(ps->fl.v[2].s, "p") == 0;
}

/* The end of a parse: the labels and the raw values (xs.n * ys.n) become
 * *out (normalized), or are freed when the parse failed or they cannot be
 * normalized. */
static bool finish(struct jparser *ps, bool ok, struct label_index *xs,
                   struct label_index *ys, double *v, struct joint *out)
{
    size_t rows = xs->n, cols = ys->n;
    if (!ok) {
        free(v);
        index_free(xs);
        index_free(ys);
        return false;
    }
    if (!adopt(out, rows, cols, index_take(xs), index_take(ys), v,
               ps->err)) {
        error_prefix(ps->err, "%s", ps->name);
        return false;
    }
    return true;
}

struct cellv {
    size_t x, y, line;
    double v;
};

static bool parse_long(struct jparser *ps, const char **pos, const char *end,
                       struct joint *out)
{
    struct label_index xs = {0}, ys = {0};
    struct cellv *cells = NULL;
    size_t n = 0, cap = 0;
    size_t len;
    bool ok = true;
    int got;
    while (ok && (got = next_record(ps, pos, end, &len)) != 0) {
        if (got < 0) {
            ok = false;
            break;
        }
        if (ps->fl.n != 3) {
            ok = fail_at(ps, ps->fl.n > 3 ? ps->fl.v[3].col : len + 1, ngettext(
                             "%zu field where the long form has 3 (hint: "
                             "x,y,p: a row label, a column label and the "
                             "cell's value)",
                             "%zu fields where the long form has 3 (hint: "
                             "x,y,p: a row label, a column label and the "
                             "cell's value)", ps->fl.n), ps->fl.n);
            break;
        }
        double v;
        if (!check_label(ps, 0, _("row")) ||
            !check_label(ps, 1, _("column")) || !read_cell(ps, 2, &v)) {
            ok = false;
            break;
        }
        bool ax, ay;
        size_t xi = index_get(&xs, ps->fl.v[0].s, &ax);
        size_t yi = index_get(&ys, ps->fl.v[1].s, &ay);
        if ((ax || ay) && (xs.n > JOINT_MAX_CELLS / ys.n)) {
            ok = fail_at(ps, ps->fl.v[ax ? 0 : 1].col, _("%zu rows x %zu columns "
                            "is too large: a joint table holds at most %zu "
                            "cells"), xs.n, ys.n, JOINT_MAX_CELLS);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            cells = xrealloc(cells, cap * sizeof *cells);
        }
        cells[n++] = (struct cellv){xi, yi, ps->line, v};
    }
    if (ok && n == 0)
        ok = fail_at(ps, 1, _("no cells after the header x,y,p (hint: one row "
                        "per cell, e.g. a,b,0.4)"));
    size_t rows = xs.n, cols = ys.n;
    double *grid = NULL;
    if (ok) {
        grid = xmalloc(rows * cols * sizeof *grid);
        for (size_t k = 0; k < rows * cols; k++)
            grid[k] = -1.0;
        for (size_t k = 0; k < n && ok; k++) {
            double *g = &grid[cells[k].x * cols + cells[k].y];
            if (*g >= 0) {
                ps->line = cells[k].line;
                ok = fail_at(ps, 1, _("cell (%s, %s) is given twice (hint: "
                                "list each cell once)"), xs.v[cells[k].x],
                             ys.v[cells[k].y]);
            }
            *g = cells[k].v;
        }
        for (size_t k = 0; k < rows * cols; k++)
            if (grid[k] < 0)
                grid[k] = 0.0;
    }
    free(cells);
    return finish(ps, ok, &xs, &ys, grid, out);
}

static bool parse_matrix(struct jparser *ps, const char **pos,
                         const char *end, struct joint *out)
{
    size_t cols = ps->fl.n - 1;
    struct label_index xs = {0}, ys = {0};
    double *v = NULL;
    size_t rows = 0;
    bool ok = true;
    if (cols == 0)
        ok = fail_at(ps, 1, _("the header names no columns (hint: the first "
                        "row is a corner then the column labels, e.g. "
                        "x/y,a,b)"));
    if (ok && cols > JOINT_MAX_CELLS)
        ok = fail_at(ps, ps->fl.v[1].col, _("%zu columns is too large: a joint "
                        "table holds at most %zu cells"), cols,
                     JOINT_MAX_CELLS);
    for (size_t k = 1; ok && k <= cols; k++) {
        bool added;
        if (!check_label(ps, k, _("column"))) {
            ok = false;
            break;
        }
        index_get(&ys, ps->fl.v[k].s, &added);
        if (!added)
            ok = fail_at(ps, ps->fl.v[k].col, _("column label '%s' is given "
                            "twice (hint: labels name columns and must be "
                            "unique)"), ps->fl.v[k].s);
    }
    size_t len;
    int got;
    while (ok && (got = next_record(ps, pos, end, &len)) != 0) {
        if (got < 0) {
            ok = false;
            break;
        }
        if (ps->fl.n != cols + 1) {
            size_t got_n = ps->fl.n ? ps->fl.n - 1 : 0;
            char has[128];
            snprintf(has, sizeof has, ngettext("this row has %zu value",
                                               "this row has %zu values",
                                               got_n), got_n);
            ok = fail_at(ps, ps->fl.n > cols + 1 ? ps->fl.v[cols + 1].col
                                               : len + 1,
                         ngettext("%s, the header has %zu column (hint: "
                                  "every row is its label and one value per "
                                  "column)",
                                  "%s, the header has %zu columns (hint: "
                                  "every row is its label and one value per "
                                  "column)", cols), has, cols);
            break;
        }
        if (!check_label(ps, 0, _("row"))) {
            ok = false;
            break;
        }
        bool added;
        index_get(&xs, ps->fl.v[0].s, &added);
        if (!added) {
            ok = fail_at(ps, ps->fl.v[0].col, _("row label '%s' is given twice "
                            "(hint: labels name rows and must be unique)"),
                         ps->fl.v[0].s);
            break;
        }
        if (rows + 1 > JOINT_MAX_CELLS / cols) {
            ok = fail_at(ps, 1, _("%zu rows x %zu columns is too large: a "
                            "joint table holds at most %zu cells"), rows + 1,
                         cols, JOINT_MAX_CELLS);
            break;
        }
        v = xrealloc(v, (rows + 1) * cols * sizeof *v);
        for (size_t k = 0; ok && k < cols; k++)
            ok = read_cell(ps, k + 1, &v[rows * cols + k]);
        rows++;
    }
    if (ok && rows == 0)
        ok = fail_at(ps, 1, ngettext("no rows after the header (hint: "
                                     "each row is a label and %zu value)",
                                     "no rows after the header (hint: "
                                     "each row is a label and %zu values)",
                                     cols), cols);
    return finish(ps, ok, &xs, &ys, v, out);
}

bool joint_parse(const char *text, size_t len, const char *name,
                 struct joint *out, struct error *err)
{
    struct jparser ps = {0};
    ps.name = name;
    ps.err = err;
    const char *pos = text, *end = text + len;
    const char *line;
    size_t ll;
    bool ok = false, found = false;
    if (memchr(text, '\0', len))
        return error_set(err, _("%s: holds a NUL byte (hint: is this a text "
                            "file?)"), name);
    while (next_line(&pos, end, &line, &ll)) {
        ps.line++;
        if (skip_line(line, ll))
            continue;
        found = true;
        ps.sep = table_detect_sep(line, ll);
        if (!split(&ps, line, ll))
            break;
        ok = is_long_header(&ps) ? parse_long(&ps, &pos, end, out)
                                 : parse_matrix(&ps, &pos, end, out);
        break;
    }
    if (!found)
        error_set(err, _("%s: no table in the file (hint: a header of column "
                     "labels, then one row per X: its label and the values)"),
                  name);
    fields_free(&ps.fl);
    return ok;
}

bool joint_load(const char *path, struct joint *out, struct error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, _("%s: cannot open: %s"), path, strerror(errno));
    struct buf text;
    buf_init(&text);
    char chunk[1 << 16];
    bool ok = true;
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (text.len + n > TABLE_MAX_FILE) {
            ok = error_set(err, _("%s: more than %zu MiB (hint: is this "
                              "really a table?)"), path, TABLE_MAX_FILE >> 20);
            break;
        }
        buf_append_n(&text, chunk, n);
    }
    if (ok && ferror(f))
        ok = error_set(err, _("%s: cannot read: %s"), path,
                       errno == EISDIR ? _("is a directory")
                                       : strerror(errno));
    fclose(f);
    if (ok)
        ok = joint_parse(text.s, text.len, path, out, err);
    buf_free(&text);
    return ok;
}

void joint_write(const struct joint *j, struct buf *out)
{
    char b[NUM_BUF];
    buf_append(out, "# klx joint table: rows are X, columns are Y\nx/y");
    for (size_t k = 0; k < j->cols; k++) {
        buf_putc(out, ',');
        label_write(out, j->y_labels[k]);
    }
    buf_putc(out, '\n');
    for (size_t i = 0; i < j->rows; i++) {
        label_write(out, j->x_labels[i]);
        for (size_t k = 0; k < j->cols; k++) {
            buf_putc(out, ',');
            buf_append(out, num_roundtrip(b, sizeof b,
                                          j->p[i * j->cols + k]));
        }
        buf_putc(out, '\n');
    }
}

bool joint_save(const char *path, const struct joint *j, unsigned flags,
                struct error *err)
{
    if (j->rows == 0)
        return error_set(err, _("there is no joint table to save (hint: "
                            "joint 2 2 0.4 0.1 0.1 0.4)"));
    struct buf text;
    buf_init(&text);
    joint_write(j, &text);
    bool ok = file_write_atomic(path, text.s, text.len, flags, NULL, err);
    buf_free(&text);
    return ok;
}

/* ---- the numbers ---- */

static double entropy(const double *v, size_t n)
{
    struct ksum k = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (v[i] > 0)
            ksum_add(&k, -v[i] * log(v[i]));
    return ksum_value(&k);
}

void joint_compute(const struct joint *j, struct joint_stats *st)
{
    size_t r = j->rows, c = j->cols, n = r * c;
    memset(st, 0, sizeof *st);
    st->px = xmalloc(r * sizeof *st->px);
    st->py = xmalloc(c * sizeof *st->py);
    st->prod = xmalloc(n * sizeof *st->prod);
    marginals(j, st->px, st->py);
    for (size_t i = 0; i < r; i++)
        for (size_t k = 0; k < c; k++)
            st->prod[i * c + k] = st->px[i] * st->py[k];
    struct divergence d;
    divergence_compute(j->p, st->prod, n, &d);
    st->mi = d.pq.total;
    st->reverse = d.qp.total;
    st->reverse_inf = d.qp.n_inf;
    st->reverse_cell = d.qp.n_inf ? d.qp.inf_idx[0] : 0;
    st->hxy = d.h_p;
    st->hx = entropy(st->px, r);
    st->hy = entropy(st->py, c);
    /* H(X|Y) = sum p(x,y) log(p(y)/p(x,y)) and H(Y|X) likewise, each
     * term >= 0 (a cell is at most its marginal), so the sums have no
     * cancellation and the identities test something. */
    struct ksum ax = {0, 0}, ay = {0, 0};
    for (size_t i = 0; i < r; i++)
        for (size_t k = 0; k < c; k++) {
            double p = j->p[i * c + k];
            if (p > 0) {
                ksum_add(&ax, p * divergence_log_ratio(st->py[k], p));
                ksum_add(&ay, p * divergence_log_ratio(st->px[i], p));
            }
        }
    st->hx_y = ksum_value(&ax);
    st->hy_x = ksum_value(&ay);
}

void joint_stats_free(struct joint_stats *st)
{
    free(st->px);
    free(st->py);
    free(st->prod);
    memset(st, 0, sizeof *st);
}

/* ---- views ---- */

enum { CELL_W = 10 };

static int label_width(char *const *labels, size_t n, size_t shown)
{
    int w = 6;
    for (size_t i = 0; i < n && i < shown; i++) {
        int lw = utf8_width(labels[i]);
        w = lw > w ? lw : w;
    }
    return w > 16 ? 16 : w;
}

/* A label in exactly w columns: cut with '~' when longer. */
static void put_label(struct buf *out, const char *s, int w, bool right)
{
    int lw = utf8_width(s);
    if (lw > w) {
        char cut[TABLE_MAX_LABEL + 1];
        size_t len = utf8_prefix_fitting(s, w - 1);
        memcpy(cut, s, len);
        cut[len] = '\0';
        int pad = w - 1 - utf8_width(cut);
        if (right)
            buf_repeat(out, " ", pad);
        buf_append(out, cut);
        buf_putc(out, '~');
        if (!right)
            buf_repeat(out, " ", pad);
        return;
    }
    if (right)
        buf_repeat(out, " ", w - lw);
    buf_append(out, s);
    if (!right)
        buf_repeat(out, " ", w - lw);
}

enum grid_kind { GRID_P, GRID_PROD, GRID_TERM };

static void grid(const struct joint *j, const struct joint_stats *st,
                 enum grid_kind kind, double scale, struct buf *out)
{
    size_t rows = j->rows < JOINT_SHOW_ROWS ? j->rows : JOINT_SHOW_ROWS;
    size_t cols = j->cols < JOINT_SHOW_COLS ? j->cols : JOINT_SHOW_COLS;
    int lw = label_width(j->x_labels, j->rows, rows);
    char b[NUM_BUF];
    buf_repeat(out, " ", lw);
    for (size_t k = 0; k < cols; k++) {
        buf_putc(out, ' ');
        put_label(out, j->y_labels[k], CELL_W, true);
    }
    if (kind == GRID_P)
        buf_printf(out, " %*s", CELL_W, "p(x)");
    buf_putc(out, '\n');
    for (size_t i = 0; i < rows; i++) {
        put_label(out, j->x_labels[i], lw, false);
        for (size_t k = 0; k < cols; k++) {
            size_t at = i * j->cols + k;
            const char *s =
                kind == GRID_P ? num_fixed(b, sizeof b, j->p[at], 6)
                : kind == GRID_PROD
                    ? num_fixed(b, sizeof b, st->prod[at], 6)
                    : num_short(b, sizeof b,
                                divergence_term(j->p[at], st->prod[at]) *
                                    scale);
            buf_printf(out, " %*s", CELL_W, s);
        }
        if (kind == GRID_P)
            buf_printf(out, " %*s", CELL_W,
                       num_fixed(b, sizeof b, st->px[i], 6));
        buf_putc(out, '\n');
    }
    if (kind == GRID_P) {
        put_label(out, "p(y)", lw, false);
        for (size_t k = 0; k < cols; k++)
            buf_printf(out, " %*s", CELL_W,
                       num_fixed(b, sizeof b, st->py[k], 6));
        buf_putc(out, '\n');
    }
    if (rows < j->rows || cols < j->cols)
        buf_printf(out, _("(the first %zu of %zu rows and %zu of %zu "
                          "columns; `joint json` and `joint save` hold every "
                          "cell)\n"), rows,
                   j->rows, cols, j->cols);
}

static void check_line(struct buf *out, const char *what, double value,
                       double mi, double scale, const char *unit)
{
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, _("  %-22s = %s %s   (differs from I by %s)\n"), what,
               num_short(a, sizeof a, value * scale), unit,
               num_short(b, sizeof b, fabs(value - mi) * scale));
}

void joint_totals(const struct joint *j, const struct joint_stats *st,
                  enum log_base base, struct buf *out)
{
    double k = log_base_scale(base);
    const char *u = log_base_unit(base);
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF];
    buf_printf(out, "I(X;Y) = KL(P_XY||P_X P_Y) = %s %s\n",
               num_short(a, sizeof a, st->mi * k), u);
    buf_printf(out, "H(X) = %s   H(Y) = %s   H(X,Y) = %s %s\n",
               num_short(a, sizeof a, st->hx * k),
               num_short(b, sizeof b, st->hy * k),
               num_short(c, sizeof c, st->hxy * k), u);
    buf_printf(out, "H(X|Y) = %s   H(Y|X) = %s %s\n",
               num_short(a, sizeof a, st->hx_y * k),
               num_short(b, sizeof b, st->hy_x * k), u);
    buf_append(out, _("identities (each equals I):\n"));
    check_line(out, "H(X) + H(Y) - H(X,Y)", st->hx + st->hy - st->hxy,
               st->mi, k, u);
    check_line(out, "H(X) - H(X|Y)", st->hx - st->hx_y, st->mi, k, u);
    check_line(out, "H(Y) - H(Y|X)", st->hy - st->hy_x, st->mi, k, u);
    buf_printf(out, _("reverse: KL(P_X P_Y||P_XY) = %s %s"),
               num_short(a, sizeof a, st->reverse * k), u);
    if (st->reverse_inf) {
        size_t at = st->reverse_cell;
        const char *x = j->x_labels[at / j->cols];
        const char *y = j->y_labels[at % j->cols];
        if (st->reverse_inf > 1)
            buf_printf(out, _(" (cell (%s, %s) is 0 while p(x)p(y) is not; "
                              "%zu such cells)"), x, y, st->reverse_inf);
        else
            buf_printf(out, _(" (cell (%s, %s) is 0 while p(x)p(y) is "
                              "not)"), x, y);
    }
    buf_append(out, "\n");
    if (j->sum != 1.0)
        buf_printf(out, _("note: the values summed to %s and were "
                          "normalized to sum 1\n"),
                   num_roundtrip(a, sizeof a, j->sum));
    if (j->lost.n)
        buf_printf(out, ngettext("note: %zu positive value became 0 when "
                                 "normalized\n",
                                 "note: %zu positive values became 0 when "
                                 "normalized\n", j->lost.n), j->lost.n);
}

void joint_text(const struct joint *j, const struct joint_stats *st,
                enum log_base base, struct buf *out)
{
    double k = log_base_scale(base);
    buf_printf(out, _("joint table P_XY: %zu x %zu (rows X, columns Y), "
                      "with the marginals p(x) and p(y)\n"), j->rows,
               j->cols);
    grid(j, st, GRID_P, k, out);
    buf_append(out, _("product of the marginals p(x)p(y):\n"));
    grid(j, st, GRID_PROD, k, out);
    buf_printf(out, _("terms p(x,y) log(p(x,y)/(p(x)p(y))) in %s (signed; "
                      "they sum to I):\n"), log_base_unit(base));
    grid(j, st, GRID_TERM, k, out);
    joint_totals(j, st, base, out);
}

/* An array of n labels (l) or of n numbers (v, when l is NULL). */
static void json_array(struct buf *out, const char *key, char *const *l,
                       const double *v, size_t n)
{
    buf_printf(out, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(out, ',');
        if (l)
            json_string(out, l[i]);
        else
            json_number(out, v[i]);
    }
    buf_putc(out, ']');
}

void joint_json(const struct joint *j, const struct joint_stats *st,
                enum log_base base, struct buf *out)
{
    double k = log_base_scale(base);
    buf_printf(out, "{\"rows\":%zu,\"cols\":%zu,\"base\":\"%s\","
               "\"unit\":\"%s\",\"normalized\":%s", j->rows, j->cols,
               log_base_name(base), log_base_unit(base),
               j->sum != 1.0 ? "true" : "false");
    json_field(out, "mutual_information", st->mi * k);
    json_field(out, "entropy_x", st->hx * k);
    json_field(out, "entropy_y", st->hy * k);
    json_field(out, "entropy_xy", st->hxy * k);
    json_field(out, "cond_entropy_x_given_y", st->hx_y * k);
    json_field(out, "cond_entropy_y_given_x", st->hy_x * k);
    json_field(out, "reverse_kl", st->reverse * k);
    buf_append(out, ",\"reverse_kl_infinite_cell\":");
    if (st->reverse_inf) {
        buf_append(out, "{\"x\":");
        json_string(out, j->x_labels[st->reverse_cell / j->cols]);
        buf_append(out, ",\"y\":");
        json_string(out, j->y_labels[st->reverse_cell % j->cols]);
        buf_putc(out, '}');
    } else {
        buf_append(out, "null");
    }
    json_array(out, "x_labels", j->x_labels, NULL, j->rows);
    json_array(out, "y_labels", j->y_labels, NULL, j->cols);
    json_array(out, "p_x", NULL, st->px, j->rows);
    json_array(out, "p_y", NULL, st->py, j->cols);
    buf_append(out, ",\"cells\":[");
    for (size_t i = 0; i < j->rows; i++)
        for (size_t c = 0; c < j->cols; c++) {
            size_t at = i * j->cols + c;
            buf_append(out, at ? ",{\"x\":" : "{\"x\":");
            json_string(out, j->x_labels[i]);
            buf_append(out, ",\"y\":");
            json_string(out, j->y_labels[c]);
            json_field(out, "p", j->p[at]);
            json_field(out, "product", st->prod[at]);
            json_field(out, "term",
                           divergence_term(j->p[at], st->prod[at]) * k);
            buf_putc(out, '}');
        }
    buf_append(out, "]}\n");
}
