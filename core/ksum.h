/* ksum: Neumaier's compensated sum of doubles, one value at a time, for
 * the sums whose error must not grow with n. Header only (inline); it
 * depends on nothing else in klx. */
#ifndef KLX_KSUM_H
#define KLX_KSUM_H

struct ksum {
    double s;
    double c;
};
static inline void ksum_add(struct ksum *k, double x)
{
    double t = k->s + x;
    /* The branch picks the operand whose low bits were lost. */
    if ((k->s >= 0 ? k->s : -k->s) >= (x >= 0 ? x : -x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}
static inline double ksum_value(const struct ksum *k)
{
    /* Once the sum overflows, the compensation is inf - inf = nan; the
     * sum itself is the honest answer. */
    if (k->s - k->s != 0)
        return k->s;
    return k->s + k->c;
}

#endif
