#include "log_base.h"

#include <math.h>
#include <string.h>

/* Each base's name and unit; anything else reads as e. */
static const struct {
    const char *name, *unit;
} bases[] = {
    [BASE_E] = {"e", "nats"},
    [BASE_2] = {"2", "bits"},
    [BASE_10] = {"10", "bans"},
};

static unsigned base_row(enum log_base b)
{
    return (unsigned)b < sizeof bases / sizeof bases[0] ? (unsigned)b
                                                         : (unsigned)BASE_E;
}

const char *log_base_name(enum log_base b)
{
    return bases[base_row(b)].name;
}

const char *log_base_unit(enum log_base b)
{
    return bases[base_row(b)].unit;
}

bool log_base_parse(const char *s, enum log_base *out)
{
    static const struct {
        const char *name;
        enum log_base base;
    } names[] = {
        {"e", BASE_E},   {"nats", BASE_E},  {"nat", BASE_E},  {"ln", BASE_E},
        {"2", BASE_2},   {"bits", BASE_2},  {"bit", BASE_2},
        {"10", BASE_10}, {"bans", BASE_10}, {"ban", BASE_10},
        {"dits", BASE_10}, {"hartleys", BASE_10},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].base;
            return true;
        }
    }
    return false;
}

double log_base_scale(enum log_base b)
{
    switch (b) {
    /* log2(e) and log10(e) correctly rounded; 1.0 / M_LN10 is 1 ulp off. */
    case BASE_2: return M_LOG2E;
    case BASE_10: return M_LOG10E;
    case BASE_E: break;
    }
    return 1.0;
}
