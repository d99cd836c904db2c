/* pin: a snapshot of P, Q and both KL to compare with (`pin`, `unpin`),
 * so a lecturer can show before and after: the pinned values beside the
 * live ones and their differences. The snapshot belongs to the command
 * interpreter (struct command), not to the session: undo does not touch
 * it, and it stays through a tour. */
#ifndef KLX_PIN_H
#define KLX_PIN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "session.h"

struct pin {
    bool on;
    size_t n;
    double *p, *q;          /* n each, one block: q follows p */
    double pq, qp;          /* KL(P||Q), KL(Q||P) then, nats */
};

void pin_init(struct pin *pin);
void pin_free(struct pin *pin);   /* and off */

/* Keeps s's P, Q and both KL (replacing an earlier snapshot). */
void pin_take(struct pin *pin, const struct session *s);

/* How P and Q differ from the snapshot: the entries whose p or q moved
 * (0 when the number of entries changed: then `same_n` is false), and
 * the one that moved most (largest |dp| + |dq|). */
struct pin_diff {
    bool same_n;
    size_t changed;
    size_t most;            /* valid when changed > 0 */
};
void pin_diff(const struct pin *pin, const struct session *s,
              struct pin_diff *d);

/* One line: both pinned KL with the live ones and the change, in s's
 * base: "pinned: KL(P||Q) 0.126851 -> 0.130851 (+0.004000)  KL(Q||P)
 * 0.121640 (unchanged) nats". */
void pin_line(const struct pin *pin, const struct session *s,
              struct buf *out);

/* One line on P and Q: "P and Q as pinned", "since the pin 2 of 4
 * entries changed; most a: p 0.1 -> 0.11, q 0.2 -> 0.2", or that the
 * number of entries changed. */
void pin_entries_line(const struct pin *pin, const struct session *s,
                      struct buf *out);

#endif
