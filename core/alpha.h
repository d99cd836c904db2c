/* alpha: the orders of the Renyi divergence, named once.
 *
 * The `alpha` command reads an order, the report and JSON write it, the
 * explorer's , and . keys step through the named ones and its measures
 * panel describes them: all with these. */
#ifndef KLX_ALPHA_H
#define KLX_ALPHA_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* An order as typed: any number > 0, or inf (also max) for infinity. */
bool alpha_parse(const char *w, double *alpha, struct error *err);

/* The order as `alpha` reads it back: "inf", or the shortest decimal. */
void alpha_word(double alpha, char *out, size_t size);

/* The named order next above (dir > 0) or below the given one, through
 * 1/2, 1 (KL), 2 (log(1 + chi2)) and inf (log max p/q), wrapping around;
 * an order between them moves to its neighbour. */
double alpha_step(double alpha, int dir);

/* What the order is, for the measures panel: "1/2", "1 = KL",
 * "2 = log(1+chi2)", "inf = log max p/q" (with Unicode marks when
 * unicode), else its word. */
void alpha_name(double alpha, bool unicode, char *out, size_t size);

#endif
