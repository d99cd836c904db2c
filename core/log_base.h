/* log_base: the units a divergence is shown in. Everything is computed in
 * nats; log_base_scale() converts. */
#ifndef KLX_LOG_BASE_H
#define KLX_LOG_BASE_H

#include <stdbool.h>

enum log_base { BASE_E, BASE_2, BASE_10 };

const char *log_base_name(enum log_base b);   /* "e", "2", "10" */
const char *log_base_unit(enum log_base b);   /* "nats", "bits", "bans" */
/* Accepts e, 2, 10, nats, bits, bans (also nat, bit, ban, ln). */
bool log_base_parse(const char *s, enum log_base *out);
/* Multiply a value in nats by this to get it in base b. */
double log_base_scale(enum log_base b);

#endif
