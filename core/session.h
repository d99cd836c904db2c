/* session: what a person is exploring, with undo and redo.
 *
 * A session holds the domain: the table (labels, P, Q), the log base, the
 * joint table, undo and redo, the file, whether it differs from it, and
 * KL in both directions, which is always current: every mutation below
 * recomputes it before it returns. Each mutation either applies whole or
 * fails with an error and changes nothing, and each successful one is one
 * step of undo. What a front end wants computed beyond KL (per-term
 * values, every measure, Renyi) is its own struct derived (derived.h),
 * passed to each mutation that recomputes so that KL and those come from
 * one pass over the entries (NULL: KL only). Front ends never change a
 * session directly; they go through the command language (command.h),
 * which calls these. */
#ifndef KLX_SESSION_H
#define KLX_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "derived.h"
#include "divergence.h"
#include "error.h"
#include "joint.h"
#include "table.h"

enum which { WHICH_P, WHICH_Q };

/* One step of history: what undo (or redo) needs to bring a state back.
 * A change to one distribution keeps only that distribution's old array;
 * swap and base changes keep nothing but a note; everything else keeps the
 * whole table. Stepping back and forth moves arrays, it copies nothing. */
enum snapshot_kind {
    SNAP_TABLE,             /* the whole table */
    SNAP_DIST,              /* one distribution: `which`, `v`, `sum` */
    SNAP_SWAP,              /* P and Q swapped: its own inverse */
    SNAP_BASE,              /* only the log base changed */
    SNAP_JOINT,             /* the joint table */
};

struct snapshot {
    enum snapshot_kind kind;
    struct table table;     /* SNAP_TABLE */
    enum which which;       /* SNAP_DIST: which distribution */
    double *v;              /* SNAP_DIST: the n values (owned) */
    double sum;             /* SNAP_DIST: their raw sum (p_sum / q_sum) */
    struct dist_lost lost;  /* SNAP_DIST: and p_lost / q_lost */
    enum log_base base;
    struct joint joint;     /* SNAP_JOINT */
    char *what;             /* what the change was, e.g. "set p 2 0.3" */
    unsigned long id;       /* names the state the change led to */
    size_t bytes;           /* memory held, for the undo budget */
};

struct history {
    struct snapshot *v;
    size_t n;
    size_t cap;
    size_t bytes;           /* sum of v[i].bytes */
};

/* Undo keeps at most this many steps, and undo and redo together hold at
 * most SESSION_UNDO_BYTES of snapshots (unless session_set_undo_budget
 * says otherwise; the oldest steps are forgotten first; the latest step
 * is always kept). At 10^6 entries an edit of one distribution costs
 * 8 MB, so the budget allows 64 such steps; at 10^7, 6. */
#define SESSION_UNDO_LIMIT 200
#define SESSION_UNDO_BYTES ((size_t)512 << 20)

/* The memory that undo costs: the budget undo and redo share, and the
 * array the next edit of one distribution writes into. Such an edit moves
 * the old array into its undo step, so it needs a new one each time; at
 * 10^6 entries touching fresh memory costs far more than the edit itself,
 * so session_warm prepares the next array while the user is idle, and an
 * edit that fails hands its array back. */
struct undo_memory {
    size_t budget;              /* bytes undo + redo may hold: starts as
                                   SESSION_UNDO_BYTES */
    double *spare;              /* n doubles, every page touched, or NULL */
    size_t spare_n;             /* its length in doubles */
};

struct session {
    struct table table;
    enum log_base base;
    struct divergence div;      /* KL in nats (the fields divergence_kl
                                   fills); always matches the table */
    unsigned long version;      /* names the state div is of: every
                                   recompute takes a new one, never used
                                   before in the process (the key of a
                                   struct derived) */
    struct history undo;
    struct history redo;
    char *path;                 /* the file loaded or saved last, or NULL */
    bool dirty;                 /* differs from what was loaded or saved
                                   last (or the start): undoing back to it,
                                   or edits that cancel out on a table of
                                   up to SESSION_CLEAN_COMPARE entries,
                                   clear it */
    /* The clean state: its id (the undo top's, or bottom_id under an
     * empty undo) and, for small tables, a fingerprint of its content. */
    unsigned long next_id, bottom_id, clean_id;
    unsigned long long clean_print;
    bool clean_print_ok;
    /* Counts the changes that may rewrite labels or entries in place:
     * every whole-table change, and its undo and redo. What a view keys
     * its label measurements on (a `labels` command keeps the array). */
    unsigned long table_version;
    struct undo_memory memory;
    struct joint joint;         /* the joint table (`joint`), 0 x 0 until
                                   one is made; its own undo steps in the
                                   same history */
};

/* Up to this many entries, `dirty` also compares the content with the
 * clean state's (so `l` then `h` is not a change); above it only undo and
 * redo back to that state clear it, keeping every edit O(1) extra. */
#define SESSION_CLEAN_COMPARE 4096

/* Starts on the built-in example: P = [0.1 0.2 0.3 0.4],
 * Q = [0.2 0.3 0.3 0.2], labels a b c d, natural log. */
void session_init(struct session *s);
void session_free(struct session *s);

/* Sets how many bytes undo and redo may hold together (the oldest steps
 * are forgotten first, at once if needed; the latest undo step is always
 * kept). */
void session_set_undo_budget(struct session *s, size_t bytes);

/* Prepares, while the user is idle, the array the next edit of one
 * distribution will write into. An edit of n = 10^6 entries needs a fresh
 * 8 MB array (the old one goes to undo), and touching fresh memory costs
 * far more than the edit itself; done ahead, the edit stays within a
 * frame. Cheap when the spare is already there. */
void session_warm(struct session *s);

/* Brings d up to the current state: computes, in one pass, what d wants
 * (derived_want_terms, derived_want_measures) and does not hold for it. A
 * front end calls it before drawing, for what the last change did not
 * fill (a change made with another derived or none, a tour's session). */
void session_derive(const struct session *s, struct derived *d);

/* Every measure of the current table: d's when it holds them (d may be
 * NULL), else computed into *scratch (one pass, the same bits) and
 * scratch. */
const struct divergence *session_measures(const struct session *s,
                                          const struct derived *d,
                                          struct divergence *scratch);

/* The Renyi divergence of order derived_alpha(d) in nats, forward =
 * D(P||Q): the values d keeps when it holds them, else computed now. */
double session_renyi(const struct session *s, const struct derived *d,
                     bool forward);

/* Computes both directions into d and keeps them until the next change of
 * the table or the order. The explorer calls it after a frame is on
 * screen: at 10^6 entries both directions cost about as much as KL and
 * every other measure together, so the measures panel shows everything
 * else at once and Renyi a frame later. */
void session_update_renyi(const struct session *s, struct derived *d);

/* ---- mutations: each is all-or-nothing and one undo step ----
 *
 * Each takes the caller's derived (may be NULL) and fills in, in the pass
 * that recomputes KL, what it wants (derived.h). */

/* Replaces one distribution. Raw weights are normalized. When the length
 * differs from n, the other distribution becomes uniform over the new length
 * and labels are renumbered; *resized tells the caller so it can say so. */
bool session_set_dist(struct session *s, struct derived *d, enum which w,
                      const double *v, size_t n, bool *resized,
                      struct error *err);
/* Replaces both distributions (and labels, when labels is not NULL). */
bool session_set_both(struct session *s, struct derived *d, const double *p,
                      const double *q, size_t n, char *const *labels,
                      struct error *err);
bool session_set_labels(struct session *s, struct derived *d,
                        char *const *labels, size_t n, struct error *err);
bool session_set_entry(struct session *s, struct derived *d, enum which w,
                       size_t i, double v, struct error *err);
bool session_add(struct session *s, struct derived *d, const char *label,
                 double p, double q, struct error *err);
bool session_delete(struct session *s, struct derived *d, size_t i,
                    struct error *err);
bool session_swap(struct session *s, struct derived *d);
bool session_uniform(struct session *s, struct derived *d, enum which w);
bool session_set_base(struct session *s, struct derived *d, enum log_base b);
bool session_smooth(struct session *s, struct derived *d, enum which w,
                    double eps, struct error *err);
/* `progress` (may be NULL) hears how far a long load got and may cancel
 * it; it is the caller's, not the session's. */
bool session_load(struct session *s, struct derived *d, const char *path,
                  const struct table_progress *progress, struct error *err);
/* Loads a preset: like session_load, but the file is not the user's, so it
 * is not remembered as the place `save` writes to. Both leave the session
 * clean: nothing differs from what was loaded. */
bool session_load_preset(struct session *s, struct derived *d,
                         const char *path, struct error *err);
/* Replaces the table with one the caller built (e.g. from -p/-q). */
void session_replace(struct session *s, struct derived *d, struct table *t,
                     const char *what);
/* Replaces the joint table with *j (moved in; *j is left empty). */
void session_set_joint(struct session *s, struct joint *j, const char *what);

/* Forgets undo and redo and marks the session clean: for the state a
 * session starts in (the example, a file or -p/-q from the command line). */
void session_mark_start(struct session *s);

/* Saving is not an undo step; it records the path and clears dirty,
 * unless the path is a device or a pipe, which keep nothing. flags are
 * file_write_atomic's (FILE_FORCE: `save!`). */
bool session_save(struct session *s, const char *path, unsigned flags,
                  struct error *err);

/* Renames the undo steps made since the state with id `after` (steps
 * have ids above it; s->next_id before a change) to `what`: the command
 * line that asked for them says best what undo will take back. Keeps
 * within the undo budget. */
void session_name_steps(struct session *s, unsigned long after,
                        const char *what);

bool session_undo(struct session *s, struct derived *d, struct error *err);
bool session_redo(struct session *s, struct derived *d, struct error *err);

/* Display helpers: a value in nats converted to the session's base. */
double session_scaled(const struct session *s, double nats);
const char *session_unit(const struct session *s);
const char *which_name(enum which w);   /* "P" or "Q" */

#endif
