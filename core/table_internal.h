/* table_internal: what table.c, table_parse.c and table_io.c share, for
 * those three files only (nothing else includes it; table.h is the API).
 *
 * table.c owns the label storage, label checks and the keyed hash that
 * finds duplicate labels; table_parse.c uses them while it reads rows;
 * table_io.c reads files and hands their text to table_parse_input. */
#ifndef KLX_TABLE_INTERNAL_H
#define KLX_TABLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "table.h"

/* A block of label storage: label strings packed one after another. */
struct table_block {
    struct table_block *next;
    size_t used, cap;
    char text[];
};

/* A stream is read in chunks of this many bytes, and reading stops after
 * the chunk holding the first NUL byte; a mapped file is cut at the same
 * place, so both read the same. */
#define TABLE_READ_CHUNK ((size_t)65536)

/* Copies len bytes of s (and a NUL) into t's label storage; hint is the
 * bytes the caller expects to add in all (0: labels one at a time). */
char *table_blocks_strdup(struct table *t, const char *s, size_t len,
                          size_t hint);

/* Checks label bytes: the offset of the first problem (with the message
 * in err), or SIZE_MAX when the label is fine. */
size_t table_label_problem(const char *s, size_t len, struct error *err);

/* The first label equal to an earlier one (*dup, and *prev the earlier
 * one), both SIZE_MAX when all differ; hash[i] is labels[i]'s
 * table_label_hash. */
void table_dup_search(char *const *labels, const uint32_t *hash, size_t n,
                      size_t *dup, size_t *prev);

/* table_parse with progress (pr may be NULL), told whether text is a mapped file (from_map: a
 * NUL byte cuts the text where reading a stream would have stopped). */
bool table_parse_input(const char *text, size_t len, const char *name,
                       bool from_map, struct table *out,
                       struct table_meta *meta,
                       const struct table_progress *pr, struct error *err);

#endif
