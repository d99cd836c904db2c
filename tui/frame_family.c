#include "frame_family.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "family.h"
#include "i18n.h"
#include "num.h"

#define FRAME_FAMILY_ROWS 2

int frame_family_rows(const struct view *v)
{
    return v->params ? FRAME_FAMILY_ROWS : 0;
}

/* "P binom n=10 [theta=0.3]": the family's name (the first word of its
 * expression) and each parameter, the selected one in brackets. */
static void side_text(const struct view *v, int k, struct buf *b,
                      size_t *sel_from, size_t *sel_to)
{
    const struct family *f = v->family[k];
    buf_append(b, k == 0 ? "P " : "Q ");
    if (!f) {
        buf_append(b, _("no family"));
        return;
    }
    struct buf expr;
    buf_init(&expr);
    family_format(f, &expr);
    size_t name = strcspn(expr.s, " ");
    buf_printf(b, "%.*s", (int)name, expr.s);
    buf_free(&expr);
    const char *const *names = family_param_names(f);
    bool this_side = v->param_which == (k == 0 ? WHICH_P : WHICH_Q);
    for (int i = 0; names[i]; i++) {
        bool sel = this_side && i == v->param;
        double x;
        char num[NUM_BUF];
        if (family_param_value(f, i, &x))
            snprintf(num, sizeof num, "%.10g", x);
        else
            snprintf(num, sizeof num, "auto");
        buf_putc(b, ' ');
        if (sel)
            *sel_from = b->len;
        buf_printf(b, "%s%s=%s%s", sel ? "[" : "", names[i], num,
                   sel ? "]" : "");
        if (sel)
            *sel_to = b->len;
    }
}

static void family_line(struct frame *f, const struct view *v, int y)
{
    struct buf b;
    buf_init(&b);
    size_t from = 0, to = 0;
    buf_putc(&b, ' ');
    for (int k = 0; k < 2; k++) {
        if (k)
            buf_append(&b, "   ");
        side_text(v, k, &b, &from, &to);
    }
    frame_role(f, ROLE_TITLE);
    frame_mvaddn(f, y, 0, b.s, (int)from);
    frame_role(f, ROLE_SELECTED);
    frame_addn(f, b.s + from, to - from);
    frame_role(f, ROLE_TITLE);
    frame_add(f, b.s + to);
    buf_free(&b);
}

/* The closed forms of both directions beside the sums, each above its
 * half of the totals panel: the value, then how far the sum over the
 * table is from it (for normals the discretization gap; else rounding,
 * or the truncation of a Poisson's or geometric's tail). Or why there is
 * none. */
static void closed_line(struct frame *f, const struct view *v,
                        const struct session *s, int y)
{
    const struct family *fp = v->family[0], *fq = v->family[1];
    double cf[2];
    frame_role(f, ROLE_DIM);
    if (!fp || !fq) {
        frame_mvadd(f, y, 0, _(" closed form: when P and Q both come from "
                               "a family (e.g. :q binom 10 0.5)"));
        return;
    }
    if (!family_closed_form(fp, fq, &cf[0]) ||
        !family_closed_form(fq, fp, &cf[1])) {
        frame_mvadd(f, y, 0, _(" no closed form for this pair: the sums "
                               "are the values"));
        return;
    }
    bool normal = fp->kind == FAMILY_NORMAL;
    double sum[2] = {s->div.pq.total, s->div.qp.total};
    int half = v->layout.half_w > 0 ? v->layout.half_w : f->cols / 2;
    for (int d = 0; d < 2; d++) {
        char val[NUM_BUF], gap[NUM_BUF], head[64], tail[64];
        double g = session_scaled(s, sum[d] - cf[d]);
        if (isfinite(g))   /* how far off, not another value: 2 digits */
            snprintf(gap, sizeof gap, "%+.2g", g);
        else
            snprintf(gap, sizeof gap, "inf");
        snprintf(head, sizeof head, " %s %s",
                 normal ? _("continuous") : _("closed form"),
                 num_short(val, sizeof val, session_scaled(s, cf[d])));
        snprintf(tail, sizeof tail, "  %s %s",
                 normal ? _("gap") : _("off by"), gap);
        frame_role(f, ROLE_TEXT);
        frame_mvadd(f, y, d * half, head);
        /* A narrow screen keeps the value and drops what follows it. */
        if (layout_text_width(head) + layout_text_width(tail) <= half)
            frame_add(f, tail);
    }
}

void frame_family_draw(struct frame *f, const struct view *v,
                       const struct session *s, int y, int rows)
{
    if (rows > 0)
        family_line(f, v, y);
    if (rows > 1)
        closed_line(f, v, s, y + 1);
}
