#include "alpha.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "num.h"

bool alpha_parse(const char *w, double *alpha, struct error *err)
{
    double a;
    if (strcmp(w, "inf") == 0 || strcmp(w, "max") == 0)
        a = INFINITY;
    else if (!num_parse(w, strlen(w), &a, err))
        return false;
    if (!(a > 0))
        return error_set(err, _("the order must be > 0 (e.g. 0.5, 1, 2 or "
                            "inf), not %s"), w);
    *alpha = a;
    return true;
}

void alpha_word(double alpha, char *out, size_t size)
{
    if (isinf(alpha))
        snprintf(out, size, "inf");
    else
        num_roundtrip(out, size, alpha);
}

static const double named[] = {0.5, 1, 2, INFINITY};
#define N_NAMED (sizeof named / sizeof named[0])

double alpha_step(double alpha, int dir)
{
    size_t at;
    if (dir > 0) {
        for (at = 0; at < N_NAMED && !(named[at] > alpha); at++)
            ;
        if (at == N_NAMED)
            at = 0;
    } else {
        for (at = N_NAMED; at > 0 && !(named[at - 1] < alpha); at--)
            ;
        at = at == 0 ? N_NAMED - 1 : at - 1;
    }
    return named[at];
}

void alpha_name(double alpha, bool unicode, char *out, size_t size)
{
    if (isinf(alpha))
        snprintf(out, size, "%s = log max p/q", unicode ? "\u221E" : "inf");
    else if (alpha == 0.5)
        snprintf(out, size, "1/2");
    else if (alpha == 1)
        snprintf(out, size, "1 = KL");
    else if (alpha == 2)
        snprintf(out, size, "2 = log(1+%s)", unicode ? "\u03C7\u00B2" : "chi2");
    else
        alpha_word(alpha, out, size);
}
