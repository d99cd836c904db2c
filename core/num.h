/* num: numbers in and out, independent of the locale.
 *
 * klx's TUI calls setlocale(LC_ALL, "") so that ncursesw handles UTF-8; from
 * then on strtod() and printf() follow LC_NUMERIC, and under de_DE strtod
 * stops at the '.' of "0.5". Everything here runs in the C locale whatever
 * the process locale is, and accepts exactly one grammar:
 *
 *     [+-]? digits [ '.' digits ] [ (e|E) [+-]? digits ]     (also ".5", "5.")
 *
 * so "nan", "inf", hex floats, "1,5" and "12abc" are errors that say why. */
#ifndef KLX_NUM_H
#define KLX_NUM_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Parses the whole of s[0..len) as one number. On failure err says what is
 * wrong with the token (without a location: the caller adds it). Values that
 * overflow are errors; values that underflow to zero from nonzero digits are
 * errors; subnormal results (1e-320) are accepted. */
bool num_parse(const char *s, size_t len, double *out, struct error *err);

/* The fast path of num_parse, for parsers that find a token's end as they
 * go (table_parse's rows): reads the longest prefix of s[0..len) that
 * matches the grammar and returns its length with the value in *out, the
 * same bits num_parse gives for that prefix. Returns 0 (and leaves *out)
 * when it cannot decide quickly: no number there, an incomplete exponent
 * ("1e"), more than 19 significant digits, extreme exponents, values
 * near a rounding midpoint, subnormals, overflow. Then num_parse, on the
 * token as the caller delimits it, decides or explains. Never reads
 * s[len] or beyond. */
size_t num_scan(const char *s, size_t len, double *out);

/* Round-trip format: 17 significant digits, "inf"/"-inf"/"nan" for the
 * non-finite values. Returns buf. */
char *num_exact(char *buf, size_t size, double v);

/* Short human format for tables and totals: "0" for zero, six decimals for
 * ordinary magnitudes (0.126851), scientific for tiny or huge ones
 * (2.0e-18), "inf" for infinity. Never prints a negative zero. */
char *num_short(char *buf, size_t size, double v);

/* Like num_short but with `decimals` digits after the point. */
char *num_fixed(char *buf, size_t size, double v, int decimals);

#define NUM_BUF 40

/* Shortest decimal (15 to 17 significant digits) that reads back as exactly
 * v: 0.1 prints as "0.1", not "0.10000000000000001". */
char *num_roundtrip(char *buf, size_t size, double v);

/* qsort's comparison of two doubles, ascending (for values without NaN). */
int num_compare(const void *a, const void *b);

#endif
