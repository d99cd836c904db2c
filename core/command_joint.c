#include "command_joint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "export.h"
#include "file.h"
#include "i18n.h"
#include "joint.h"
#include "num.h"
#include "parse.h"

const char command_joint_summary[] =
    N_("joint tables: mutual information as a KL");

const char command_joint_help[] =
    N_("A joint distribution of X (rows) and Y (columns) and its mutual\n"
    "information I(X;Y) = KL(P_XY||P_X P_Y): the KL divergence of the\n"
    "table from the product of its marginals.\n"
    "  joint                  show the table with p(x) and p(y), the\n"
    "                         product p(x)p(y), every cell's signed term\n"
    "                         p(x,y) log(p(x,y)/(p(x)p(y))), I, H(X), H(Y),\n"
    "                         H(X,Y), H(X|Y), H(Y|X) with the identities\n"
    "                         I = H(X)+H(Y)-H(X,Y) = H(X)-H(X|Y) checked,\n"
    "                         and the reverse KL(P_X P_Y||P_XY), infinite\n"
    "                         when a cell is 0 but its marginals are not\n"
    "  joint R C V11 V12 ...  R rows and C columns, row by row (counts or\n"
    "                         weights are normalized); labels x1.. y1..\n"
    "  joint load FILE        a matrix CSV (a header of column labels, then\n"
    "                         each row's label and values) or the long form\n"
    "                         (a header x,y,p, then one row per cell)\n"
    "  joint save FILE        the matrix CSV, atomically (save! replaces a\n"
    "                         read-only file)\n"
    "  joint indep            the product of the current marginals (I = 0)\n"
    "  joint copy N           X = Y uniform over N values (I = H(X))\n"
    "  joint noisy EPS        a binary symmetric channel with crossover EPS\n"
    "                         and a uniform input (I = log 2 - H_b(EPS))\n"
    "  joint set X Y V        set cell (X, Y) (index, #N or label) to V and\n"
    "                         rescale the others, as `set` does\n"
    "  joint kl               make P the cells (labels \"x,y\") and Q the\n"
    "                         product of marginals: KL(P||Q) is then I\n"
    "  joint json             everything as JSON (see the README)\n"
    "  joint export FILE      .txt, .md or .svg (export! as save!)\n"
    "At most 1000000 cells (1000 x 1000). Every change is undoable.");

const char *const command_joint_subcommands[] = {
    "copy", "export", "export!", "indep", "json", "kl", "load", "noisy",
    "save", "save!", "set", NULL};

bool command_joint_takes_file(const char *sub)
{
    return strcmp(sub, "load") == 0 || strcmp(sub, "save") == 0 ||
           strcmp(sub, "save!") == 0 || strcmp(sub, "export") == 0 ||
           strcmp(sub, "export!") == 0;
}

/* A whole number >= 1 for a size. */
static bool parse_size(const char *w, const char *what, size_t *out,
                       struct error *err)
{
    char *end;
    unsigned long long v = strtoull(w, &end, 10);
    if (w[0] < '0' || w[0] > '9' || *end || v == 0)
        return error_set(err, _("'%s' is not a number of %s (1 or more)"), w,
                         what);
    *out = v > JOINT_MAX_CELLS + 1ULL ? JOINT_MAX_CELLS + 1 : (size_t)v;
    return true;
}

static bool need_table(const struct session *s, struct error *err)
{
    if (s->joint.rows == 0)
        return error_set(err, _("there is no joint table yet (hint: joint 2 2 "
                            "0.4 0.1 0.1 0.4, joint copy 3 or joint load "
                            "FILE)"));
    return true;
}

static bool need_args(const struct command *c, size_t n, const char *usage,
                      struct error *err)
{
    if (c->words.n != n + 1)
        return error_set(err, _("%s (usage: %s)"), c->words.n < n + 1
                         ? _("missing arguments") : _("too many arguments"),
                         usage);
    return true;
}

static void show_totals(const struct session *s, struct buf *out)
{
    struct joint_stats st;
    joint_compute(&s->joint, &st);
    joint_totals(&s->joint, &st, s->base, out);
    joint_stats_free(&st);
}

/* Makes *j the session's joint table (one undo step) and shows the
 * totals; `from` names the file it came from (NULL: none). */
static bool apply(struct command *c, struct joint *j, const char *from,
                  struct buf *out)
{
    session_set_joint(c->session, j, "joint");
    const struct joint *now = &c->session->joint;
    buf_printf(out, from ? _("loaded a %zu x %zu joint table")
                         : _("a %zu x %zu joint table"), now->rows, now->cols);
    if (from) {
        buf_append(out, _(" from "));
        buf_append_sanitized(out, from);
    }
    buf_putc(out, '\n');
    show_totals(c->session, out);
    return true;
}

static bool typed(COMMAND_PARAMS)
{
    size_t rows = 0, cols = 0;   /* set by parse_size before any use */
    if (!parse_size(c->words.v[0], _("rows"), &rows, err) ||
        (c->words.n > 1 &&
         !parse_size(c->words.v[1], _("columns"), &cols, err)))
        return false;
    if (c->words.n < 2)
        return error_set(err, _("missing the number of columns (usage: joint "
                            "R C V11 V12 ..., rows then columns)"));
    if (!joint_check_size(rows, cols, err))
        return false;
    if (c->words.n < 3)
        return error_set(err, _("no values (hint: joint %zu %zu then the %zu "
                            "values, row by row)"), rows, cols, rows * cols);
    int col = c->words.col[2];
    if (!parse_numbers(rest + (col - rest_col), col, &c->nums, err))
        return false;
    if (c->nums.n != rows * cols)
        return error_set(err, ngettext("%zu value for %zu x %zu = %zu cells "
                                       "(hint: rows, then columns, then "
                                       "every cell row by row)",
                                       "%zu values for %zu x %zu = %zu cells "
                                       "(hint: rows, then columns, then "
                                       "every cell row by row)", c->nums.n),
                         c->nums.n, rows, cols, rows * cols);
    struct joint j;
    joint_init(&j);
    if (!joint_from_values(&j, rows, cols, c->nums.v, err))
        return false;
    return apply(c, &j, NULL, out);
}

static bool sub_set(struct command *c, struct buf *out, struct error *err)
{
    struct session *s = c->session;
    size_t i, k;
    double v;
    if (!need_args(c, 3, "joint set X Y V", err) || !need_table(s, err) ||
        !joint_find(&s->joint, true, c->words.v[1], &i, err) ||
        !joint_find(&s->joint, false, c->words.v[2], &k, err) ||
        !num_parse(c->words.v[3], strlen(c->words.v[3]), &v, err))
        return false;
    struct joint j;
    joint_init(&j);
    joint_copy(&j, &s->joint);
    if (!joint_set_cell(&j, i, k, v, err)) {
        joint_free(&j);
        return false;
    }
    return apply(c, &j, NULL, out);
}

/* P = the cells with labels "x,y", Q = the product of the marginals. */
static bool sub_kl(struct command *c, struct buf *out, struct error *err)
{
    struct session *s = c->session;
    if (!need_args(c, 0, "joint kl", err) || !need_table(s, err))
        return false;
    const struct joint *j = &s->joint;
    size_t n = j->rows * j->cols;
    struct joint_stats st;
    joint_compute(j, &st);
    char **labels = xmalloc(n * sizeof *labels);
    struct buf l;
    buf_init(&l);
    for (size_t i = 0; i < j->rows; i++)
        for (size_t k = 0; k < j->cols; k++) {
            buf_reset(&l);
            buf_printf(&l, "%s,%s", j->x_labels[i], j->y_labels[k]);
            labels[i * j->cols + k] = xstrdup(l.s);
        }
    buf_free(&l);
    bool ok =
        session_set_both(s, &c->derived, j->p, st.prod, n, labels, err);
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
    joint_stats_free(&st);
    if (!ok)
        return false;
    char a[NUM_BUF];
    buf_printf(out, _("P = the %zu cells of the joint table, Q = the "
                      "product of its marginals (undo goes back)\n"), n);
    buf_printf(out, "KL(P||Q) = %s %s = I(X;Y)\n",
               num_short(a, sizeof a, session_scaled(s, s->div.pq.total)),
               session_unit(s));
    return true;
}

static bool sub_file(struct command *c, bool save, unsigned flags,
                     struct buf *out, struct error *err)
{
    struct session *s = c->session;
    if (!need_args(c, 1, save ? "joint save FILE" : "joint load FILE", err))
        return false;
    const char *path = c->words.v[1];
    if (save) {
        if (!joint_save(path, &s->joint, flags, err))
            return false;
        buf_printf(out, _("saved the %zu x %zu joint table to "),
                   s->joint.rows, s->joint.cols);
        buf_append_sanitized(out, path);
        buf_putc(out, '\n');
        return true;
    }
    if (strcmp(path, "-") == 0)
        return error_set(err, _("joint tables load from a file, not standard "
                            "input (hint: joint load FILE)"));
    struct joint j;
    joint_init(&j);
    if (!joint_load(path, &j, err))
        return false;
    return apply(c, &j, path, out);
}

static bool sub_export(struct command *c, unsigned flags, struct buf *out,
                       struct error *err)
{
    struct session *s = c->session;
    if (!need_args(c, 1, "joint export FILE.txt|.md|.svg", err) ||
        !need_table(s, err) ||
        !export_joint_write(&s->joint, s->base, c->words.v[1], flags, err))
        return false;
    buf_append(out, _("exported the joint table to "));
    buf_append_sanitized(out, c->words.v[1]);
    buf_putc(out, '\n');
    return true;
}

static bool sub_view(struct command *c, bool json, struct buf *out,
                     struct error *err)
{
    struct session *s = c->session;
    if ((json && !need_args(c, 0, "joint json", err)) ||
        !need_table(s, err))
        return false;
    struct joint_stats st;
    joint_compute(&s->joint, &st);
    if (json)
        joint_json(&s->joint, &st, s->base, out);
    else
        joint_text(&s->joint, &st, s->base, out);
    joint_stats_free(&st);
    return true;
}

bool command_joint(COMMAND_PARAMS)
{
    if (c->words.n == 0)
        return sub_view(c, false, out, err);
    const char *sub = c->words.v[0];
    struct session *s = c->session;
    struct joint j;
    joint_init(&j);
    if (sub[0] >= '0' && sub[0] <= '9')
        return typed(c, rest, rest_col, out, err);
    if (strcmp(sub, "json") == 0)
        return sub_view(c, true, out, err);
    if (strcmp(sub, "set") == 0)
        return sub_set(c, out, err);
    if (strcmp(sub, "kl") == 0 || strcmp(sub, "kl-mode") == 0)
        return sub_kl(c, out, err);
    if (strcmp(sub, "load") == 0)
        return sub_file(c, false, 0, out, err);
    if (strcmp(sub, "save") == 0 || strcmp(sub, "save!") == 0)
        return sub_file(c, true, sub[4] ? FILE_FORCE : 0, out, err);
    if (strcmp(sub, "export") == 0 || strcmp(sub, "export!") == 0)
        return sub_export(c, sub[6] ? FILE_FORCE : 0, out, err);
    if (strcmp(sub, "indep") == 0) {
        if (!need_args(c, 0, "joint indep", err) ||
            !joint_indep(&j, &s->joint, err))
            return false;
        return apply(c, &j, NULL, out);
    }
    if (strcmp(sub, "copy") == 0) {
        size_t n = 0;
        if (!need_args(c, 1, "joint copy N", err) ||
            !parse_size(c->words.v[1], _("values"), &n, err) ||
            !joint_copy_n(&j, n, err))
            return false;
        return apply(c, &j, NULL, out);
    }
    if (strcmp(sub, "noisy") == 0) {
        double eps;
        if (!need_args(c, 1, "joint noisy EPS", err) ||
            !num_parse(c->words.v[1], strlen(c->words.v[1]), &eps, err) ||
            !joint_noisy(&j, eps, err))
            return false;
        return apply(c, &j, NULL, out);
    }
    return error_set(err, _("unknown subcommand '%s' (hint: `help joint` "
                        "lists them)"), sub);
}
