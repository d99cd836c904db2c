/* json: the few JSON encoders that klx's outputs share (the report's
 * --json, `joint json`). Numbers are written locale-independently with
 * enough digits to read back the same double. */
#ifndef KLX_JSON_H
#define KLX_JSON_H

#include "buf.h"

/* Appends s with JSON string escaping (quotes included); control bytes
 * become \uXXXX, other bytes are copied (klx's texts are UTF-8). */
void json_string(struct buf *out, const char *s);

/* A number as JSON: %.17g (a -0 is written 0), and the strings "inf",
 * "-inf", "nan" for the values JSON has no literal for (documented in the
 * README). */
void json_number(struct buf *out, double v);

/* ,"key":number, for an object being written. */
void json_field(struct buf *out, const char *key, double v);

#endif
