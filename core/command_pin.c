#include "command_pin.h"

#include "i18n.h"
#include "num.h"
#include "pin.h"

bool command_pin_take(COMMAND_PARAMS)
{
    const struct session *s = c->session;
    pin_take(&c->pin, s);
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, _("pinned P and Q (%zu entries) with KL(P||Q) = %s "
                      "and KL(Q||P) = %s %s; `unpin` forgets them\n"),
               s->table.n,
               num_short(a, sizeof a, session_scaled(s, s->div.pq.total)),
               num_short(b, sizeof b, session_scaled(s, s->div.qp.total)),
               session_unit(s));
    return true;
}

bool command_pin_drop(COMMAND_PARAMS)
{
    if (!c->pin.on) {
        buf_append(out, _("nothing is pinned (pin keeps P, Q and both KL "
                          "to compare with)\n"));
        return true;
    }
    pin_free(&c->pin);
    buf_append(out, _("unpinned\n"));
    return true;
}
