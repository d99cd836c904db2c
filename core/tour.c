#include "tour.h"

#include <string.h>

static const struct lesson lessons[] = {
    {"KL is asymmetric",
     "preset seed",
     "KL(P||Q) = 0.1269 but KL(Q||P) = 0.1216 nats: the order matters.\n"
     "KL(P||Q) averages log(p/q) over P, KL(Q||P) averages log(q/p) over Q,\n"
     "so each direction cares most about where its first argument has mass."},
    {"Zero exactly when P = Q",
     "preset identical",
     "P = Q: every term is 0, so both divergences are exactly 0.\n"
     "Change any value (try `set p 1 0.2`): both become positive at once.\n"
     "KL is 0 only for identical distributions."},
    {"Terms can be negative, the total cannot",
     "preset seed",
     "Terms a and b of KL(P||Q) are negative (p < q there); d's is positive,\n"
     "and the total is still > 0. Gibbs' inequality: as log x <= x - 1,\n"
     "-KL(P||Q) = sum p log(q/p) <= sum p (q/p - 1) = sum q - sum p = 0."},
    {"A zero in Q makes KL(P||Q) infinite",
     "preset zero-q",
     "Q = 0 at c, where P = 0.5: Q calls impossible what P expects, and\n"
     "KL(P||Q) is infinite. KL(Q||P) stays finite (ln 2 = 0.693): where\n"
     "Q is 0 its term is 0 * log(0/p) = 0. One direction forgives zeros."},
    {"Smoothing tames the infinity, at a price",
     "preset zero-q\nsmooth 0.01",
     "Adding 0.01 to every q (`smooth 0.01`) made KL(P||Q) finite, but its\n"
     "value depends on the amount: `undo` and try `smooth 0.0001`. A zero in\n"
     "Q is a strong claim; smoothing only decides how strong."},
    {"Cross-entropy = entropy + KL",
     "preset coin",
     "Coding outcomes of P with a code built for Q costs H(P,Q) per symbol;\n"
     "the best code costs H(P). The difference is KL(P||Q): the price of\n"
     "the wrong model. Type `measures` to see H(P,Q) = H(P) + KL(P||Q)."},
    {"Forward KL covers all the mass",
     "preset bimodal\nfit gauss forward",
     "Q is now the Gaussian closest to P in KL(P||Q). Wherever p > 0, a\n"
     "small q is punished hard, so Q spreads to cover both modes: wide,\n"
     "and wrong in the middle. This is mass-covering (maximum likelihood)."},
    {"Reverse KL seeks one mode",
     "preset bimodal\nfit gauss reverse",
     "Q now minimizes KL(Q||P): mass where P has little is punished, so Q\n"
     "settles narrowly on one mode and ignores the other (mode-seeking, as\n"
     "in variational inference). `fit gauss both` shows the two fits."},
    {"Jensen-Shannon: symmetric and bounded",
     "preset disjoint",
     "Disjoint supports: KL is infinite both ways. Jensen-Shannon compares\n"
     "each with the mixture M = (P+Q)/2, so it is symmetric, never\n"
     "infinite, and at most log 2, reached here. `measures` shows it."},
};

const struct lesson *tour_lessons(size_t *count)
{
    *count = sizeof lessons / sizeof lessons[0];
    return lessons;
}

void tour_init(struct tour *t)
{
    memset(t, 0, sizeof *t);
}

void tour_free(struct tour *t)
{
    if (t->active)
        session_free(&t->own);
    tour_init(t);
}

void tour_begin(struct tour *t, struct session **s)
{
    session_init(&t->own);
    t->user = *s;
    *s = &t->own;
    t->active = true;
    t->step = 0;
}

void tour_finish(struct tour *t, struct session **s)
{
    if (!t->active)
        return;
    *s = t->user;
    session_free(&t->own);
    memset(&t->own, 0, sizeof t->own);
    t->user = NULL;
    t->active = false;
}
