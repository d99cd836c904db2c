#include "frame_pin.h"

#include <math.h>
#include <stdio.h>

#include "buf.h"
#include "i18n.h"
#include "num.h"

#define FRAME_PIN_ROWS 2

int frame_pin_rows(const struct pin *pin)
{
    return pin && pin->on ? FRAME_PIN_ROWS : 0;
}

/* " pinned 0.126851, now +0.004000" for one direction. */
static void direction(struct frame *f, const struct session *s, double then,
                      double now, int y, int x)
{
    char line[96], a[NUM_BUF], d[NUM_BUF];
    num_short(a, sizeof a, session_scaled(s, then));
    double diff = session_scaled(s, now) - session_scaled(s, then);
    if (then == now || (isinf(then) && isinf(now)))
        snprintf(d, sizeof d, "%s", _("unchanged"));
    else if (isfinite(diff))
        snprintf(d, sizeof d, _("now %s%s"), diff > 0 ? "+" : "",
                 num_short(line, sizeof line, diff));
    else
        snprintf(d, sizeof d, _("now %s"), isinf(now) ? "inf" : _("finite"));
    snprintf(line, sizeof line, _(" pinned %s, %s"), a, d);
    frame_role(f, ROLE_TITLE);
    frame_mvadd(f, y, x, line);
}

void frame_pin_draw(struct frame *f, const struct pin *pin,
                    const struct session *s, int y, int rows, int half)
{
    if (rows > 0) {
        direction(f, s, pin->pq, s->div.pq.total, y, 0);
        direction(f, s, pin->qp, s->div.qp.total, y, half);
    }
    if (rows > 1) {
        struct buf b;
        buf_init(&b);
        buf_putc(&b, ' ');
        pin_entries_line(pin, s, &b);
        if (b.len && b.s[b.len - 1] == '\n')
            b.s[--b.len] = '\0';
        frame_role(f, ROLE_DIM);
        frame_mvadd(f, y + 1, 0, b.s);
        buf_free(&b);
    }
}
