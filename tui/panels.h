/* panels: the words and numbers of the explorer's teaching panels, with no
 * curses, so they can be unit tested.
 *
 * Everything here reads a session and formats what core computed (the
 * fields of s->div, session_renyi, gradient_compute); nothing is
 * recomputed. Values are in the session's log base, except the unitless
 * ones (total variation, Hellinger, chi-squared) and Pinsker's bound,
 * which holds for KL in nats. */
#ifndef KLX_PANELS_H
#define KLX_PANELS_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "report.h"
#include "session.h"

/* The measures panel: report_measures_panel (core/report.h), which
 * renders it beside the REPL's `measures`. */
void panels_measures(const struct session *s, const struct derived *derived,
                     bool unicode, int max_rows, struct buf *out);

/* From this many entries the measures panel shows "..." for a Renyi
 * divergence `derived` does not hold yet. */
#define PANELS_RENYI_LATER REPORT_RENYI_LATER

/* Which entry matters, for the distribution w being edited and the
 * direction KL(P||Q) (forward) or KL(Q||P). */
struct grad_hint {
    size_t best;      /* the entry to nudge; n when none can lower KL */
    int dir;          /* +1: raise it, -1: lower it */
    bool infinite;    /* the direction is infinite: best is an entry that
                         makes it so, and dir makes it finite */
};

/* Fills g[0..n) with dKL/dx_i in nats (under the proportional rescaling
 * of `set`; NaN where undefined, all NaN when the direction is infinite)
 * and the hint. The best entry follows the `grad` command's rule: the
 * largest |g| among entries that can move downhill. */
void panels_grad(const struct session *s, enum which w, bool forward,
                 double *g, struct grad_hint *h);

/* One line saying what to do, e.g.
 * "KL(P||Q) falls fastest when q at d goes up: select d, press Right". */
void panels_grad_text(const struct session *s, enum which w, bool forward,
                      const struct grad_hint *h, char *out, size_t size);

#endif
