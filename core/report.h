/* report: what klx prints about a session, as text or JSON.
 *
 * The text report is meant to teach: a table with bars for P and Q and
 * signed bars for each contribution, then plain sentences about the two
 * facts klx exists to show (KL is asymmetric; KL is never negative even
 * though single terms can be). All values are in the session's log base. */
#ifndef KLX_REPORT_H
#define KLX_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "column.h"
#include "halves.h"
#include "session.h"

/* The two totals with the asymmetry line, e.g.
 *   KL(P||Q) = 0.126851 nats
 *   KL(Q||P) = 0.121640 nats
 *   asymmetry: KL(P||Q) - KL(Q||P) = 0.005212 nats; KL(P||Q) is larger */
void report_kl(const struct session *s, struct buf *out);

/* The sentences about nonnegativity and infinite terms. */
void report_lessons(const struct session *s, struct buf *out);

/* The columns of a per-entry table, in the order of enum report_col. */
enum report_col { REPORT_P, REPORT_Q, REPORT_FWD, REPORT_REV, REPORT_COLS };

/* Picks one format per column (core/column.h) for the entries rows[0..n)
 * (rows NULL: entries 0..n-1): p and q in `value_w` cells, the terms
 * p*log(p/q) and q*log(q/p) in the session's base in `term_w` cells; p
 * and q prefer `decimals` decimals, the terms six (as the totals); `plus`
 * signs positive terms. */
void report_columns(const struct session *s, const size_t *rows, size_t n,
                    int value_w, int term_w, int decimals, bool plus,
                    struct column out[REPORT_COLS]);

/* Entry i's p, q and both terms (in the session's base) as the columns
 * col format them, in the order of enum report_col. */
#define REPORT_CELL 48
void report_cells(const struct session *s, const struct column *col,
                  size_t i, char cell[REPORT_COLS][REPORT_CELL]);

/* Rewraps the text appended to out from byte `from` on so that no line is
 * wider than `width` columns: a long line breaks at spaces, or between
 * Chinese characters (utf8_wrap_break: never before ，。 and the like, never
 * inside a character), and its continuations are indented two columns
 * past the line's own indent. A word wider than the line stays whole.
 * Widths below 20 are left alone. */
void report_wrap(struct buf *out, size_t from, int width);

/* The per-term table without bars: label, p, q, both terms. */
void report_terms(const struct session *s, struct buf *out);

/* The whole report: table with bars (fitted to `width` columns), totals and
 * lessons. ASCII bars unless `unicode`. */
void report_text(const struct session *s, int width, bool unicode,
                 struct buf *out);

/* The same listing only the `top` entries with the largest |term| in
 * either direction (p*log(p/q) or q*log(q/p)), largest first, and says
 * so; top = 0 (or >= n) lists every entry in order, as report_text. */
void report_text_top(const struct session *s, int width, bool unicode,
                     size_t top, struct buf *out);

/* One JSON object (see README for the keys), followed by a newline. The
 * measures and Renyi (at derived_alpha(derived)) are derived's when it
 * holds them, else computed now (derived may be NULL); so in the two
 * functions below. */
void report_json(const struct session *s, const struct derived *derived,
                 struct buf *out);
/* With top > 0, "terms" holds only the top entries by the larger |term|,
 * largest first, and "terms_shown" and "terms_total" say how many of
 * how many (also when top >= n); top = 0 is report_json. */
void report_json_top(const struct session *s, const struct derived *derived,
                     size_t top, struct buf *out);

/* The related measures: entropies and cross-entropies with the identity
 * H(P,Q) = H(P) + KL(P||Q) checked numerically, Jensen-Shannon with its
 * bound, total variation with Pinsker's bound, Hellinger, chi-squared and
 * the Renyi divergence of order derived_alpha(derived), both ways. */
void report_measures(const struct session *s, const struct derived *derived,
                     struct buf *out);

/* The same measures as the explorer's panel shows them: both totals
 * first, each identity and bound marked as holding or not, as
 * '\n'-terminated lines of at most 78 columns, at most max_rows of them
 * (up to 8): when fewer are allowed the least important lines go first,
 * the rest keep their order. `unicode` picks the glyphs (α ≤ √ χ² ✓ or
 * their ASCII spellings). */
void report_measures_panel(const struct session *s,
                           const struct derived *derived, bool unicode,
                           int max_rows, struct buf *out);

/* From this many entries report_measures_panel shows "..." for a Renyi
 * divergence `derived` does not hold yet (the explorer computes it right
 * after the frame), rather than computing it inside the frame. */
#define REPORT_RENYI_LATER HALVES_THREAD_MIN

/* How the current P and Q were normalized from what was typed or loaded. */
void report_normalize(const struct session *s, struct buf *out);

/* A warning line when a positive input of P (or Q) became 0 when divided
 * by its sum (table p_lost / q_lost), naming the first such entry and how
 * many there are; nothing when there are none. */
void report_lost(const struct table *t, enum which w, struct buf *out);

#endif
