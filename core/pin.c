#include "pin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "num.h"

void pin_init(struct pin *pin)
{
    memset(pin, 0, sizeof *pin);
}

void pin_free(struct pin *pin)
{
    free(pin->p);   /* q lives in the same block */
    pin_init(pin);
}

void pin_take(struct pin *pin, const struct session *s)
{
    const struct table *t = &s->table;
    pin_free(pin);
    size_t room = t->n ? t->n : 1;
    pin->p = xmalloc(2 * room * sizeof *pin->p);
    pin->q = pin->p + room;
    memcpy(pin->p, t->p, t->n * sizeof *pin->p);
    memcpy(pin->q, t->q, t->n * sizeof *pin->q);
    pin->n = t->n;
    pin->pq = s->div.pq.total;
    pin->qp = s->div.qp.total;
    pin->on = true;
}

void pin_diff(const struct pin *pin, const struct session *s,
              struct pin_diff *d)
{
    const struct table *t = &s->table;
    memset(d, 0, sizeof *d);
    d->same_n = pin->n == t->n;
    if (!d->same_n)
        return;
    double most = -1;
    for (size_t i = 0; i < t->n; i++) {
        double move = fabs(t->p[i] - pin->p[i]) + fabs(t->q[i] - pin->q[i]);
        if (move == 0)
            continue;
        d->changed++;
        if (move > most) {
            most = move;
            d->most = i;
        }
    }
}

/* "0.126851 -> 0.130851 (+0.004000)", or "0.126851 (unchanged)". */
static void compare(const struct session *s, double then, double now,
                    struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF];
    num_short(a, sizeof a, session_scaled(s, then));
    if (then == now || (isinf(then) && isinf(now))) {
        buf_printf(out, _("%s (unchanged)"), a);
        return;
    }
    double d = session_scaled(s, now) - session_scaled(s, then);
    num_short(c, sizeof c, session_scaled(s, now));
    if (!isfinite(d)) {
        buf_printf(out, "%s -> %s", a, c);
        return;
    }
    buf_printf(out, "%s -> %s (%s%s)", a, c, d > 0 ? "+" : "",
               num_short(b, sizeof b, d));
}

void pin_line(const struct pin *pin, const struct session *s,
              struct buf *out)
{
    buf_append(out, _("pinned: "));
    buf_append(out, "KL(P||Q) ");
    compare(s, pin->pq, s->div.pq.total, out);
    buf_append(out, "  KL(Q||P) ");
    compare(s, pin->qp, s->div.qp.total, out);
    buf_printf(out, " %s\n", session_unit(s));
}

void pin_entries_line(const struct pin *pin, const struct session *s,
                      struct buf *out)
{
    struct pin_diff d;
    pin_diff(pin, s, &d);
    if (!d.same_n) {
        buf_printf(out, _("pinned P and Q had %zu entries, now %zu\n"),
                   pin->n, s->table.n);
        return;
    }
    if (!d.changed) {
        buf_append(out, _("P and Q as pinned\n"));
        return;
    }
    const struct table *t = &s->table;
    size_t i = d.most;
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, _("since the pin %zu of %zu entries changed; most %s:"),
               d.changed, t->n, t->labels[i]);
    /* only the sides that moved: the line stays short */
    if (t->p[i] != pin->p[i])
        buf_printf(out, " p %s -> %s", num_short(a, sizeof a, pin->p[i]),
                   num_short(b, sizeof b, t->p[i]));
    if (t->q[i] != pin->q[i])
        buf_printf(out, " q %s -> %s", num_short(a, sizeof a, pin->q[i]),
                   num_short(b, sizeof b, t->q[i]));
    buf_putc(out, '\n');
}
