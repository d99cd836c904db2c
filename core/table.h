/* table: the entries klx compares (labels, P and Q) and their file format.
 *
 * A table owns n labels and two normalized distributions of length n. The
 * file format is what spreadsheets and pandas read and write:
 *
 *     # klx: base=2            <- optional settings, in a comment
 *     label,p,q                <- optional header; columns in any order
 *     heads,0.5,0.9
 *     tails,0.5,0.1
 *
 * Separators: comma (CSV, with "quoted, fields"), tab, or runs of spaces,
 * chosen by the first line that is not blank or a comment. Without a header,
 * one column is p (and Q is uniform), two columns are p,q and three are
 * label,p,q. `#` starts a comment line. Settings (`# klx: base = 2`) take
 * any case and blanks around '='; unknown keys are ignored, a bad value is
 * an error. CRLF line ends are read; CR-only ones are an error that says
 * so.
 * Values may be probabilities, weights or counts; each column is normalized.
 * Every error names file:line:column and gives a hint. */
#ifndef KLX_TABLE_H
#define KLX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dist.h"
#include "divergence.h"
#include "error.h"

#define TABLE_MAX_LINE ((size_t)1 << 20)   /* bytes in one line of a file */
#define TABLE_MAX_LABEL 256                /* bytes in one label */
#define TABLE_MAX_FILE ((size_t)1 << 30)   /* bytes in one file (1 GiB) */

struct table_block;     /* label storage (private to table.c) */

struct table {
    size_t n;
    char **labels;      /* n UTF-8 strings, kept in the table's label
                           storage: set them with table_set_label, never
                           free() one */
    struct table_block *label_blocks;   /* a few big blocks, not one
                                           malloc per label */
    double *p;          /* n probabilities, sum 1 */
    double *q;
    bool auto_labels;   /* labels are 1..n, renumbered when entries move */
    double p_sum;       /* the raw sums the input had before normalizing */
    double q_sum;
    struct dist_lost p_lost;   /* positive inputs normalizing made 0 */
    struct dist_lost q_lost;
};

/* Settings a file may carry in `# klx:` comment lines. */
struct table_meta {
    bool has_base;
    enum log_base base;
    /* For table_write only: comment lines (each ending in '\n') to write
     * first, or NULL; not owned. */
    const char *comments;
};

void table_init(struct table *t);
void table_free(struct table *t);
/* Deep copy; dst must be initialized (its old content is freed). */
void table_copy(struct table *dst, const struct table *src);
/* Builds a table from n raw values each (q may be NULL: uniform), with
 * automatic labels. Validates and normalizes; on error t is untouched. */
bool table_from_values(struct table *t, const double *p, const double *q,
                       size_t n, struct error *err);
/* Sets label i (< n) to a copy of text. The old string's bytes stay in
 * the label storage until the table is copied, compacted or freed. */
void table_set_label(struct table *t, size_t i, const char *text);
/* Bytes the label storage holds: the text of the labels and of labels
 * replaced or deleted since the storage was last compacted. */
size_t table_label_storage(const struct table *t);
/* Compacts the label storage when replaced and deleted labels take more
 * room than the labels themselves (plus some slack), so that storage
 * stays within about twice what the labels need. O(n). */
void table_compact_labels(struct table *t);
/* Regenerates automatic labels "1".."n" (after entries move). */
void table_number_labels(struct table *t);

/* How the lines of a table file split into fields, chosen by its first
 * line that is not blank or a comment: at tabs when it has one, else at
 * commas when it has one, else at runs of blanks. Joint table files
 * (joint.h) follow the same rule. */
enum table_sep { TABLE_SEP_COMMA, TABLE_SEP_TAB, TABLE_SEP_BLANKS };
enum table_sep table_detect_sep(const char *line, size_t len);

/* Finds an entry named by a word: "#N" is always the N-th entry (from 1);
 * otherwise a label equal to the word; otherwise a number N is the N-th
 * entry. */
bool table_find(const struct table *t, const char *word, size_t *idx,
                struct error *err);

/* Finds the first label (in order) equal to an earlier one: true, with
 * *dup its index and *prev the earlier one's; false when all differ.
 * Expected time O(n) whatever the labels: the hash is keyed with secrets
 * drawn once per process, so no input can be crafted to collide. */
bool table_find_duplicate(char *const *labels, size_t n, size_t *dup,
                          size_t *prev);

/* The keyed hash behind table_find_duplicate, for other sets of labels
 * (the joint table's long-form reader): no input can make labels collide
 * on purpose. Call table_label_keys_ready once before the first hash (and
 * before any thread hashes). */
void table_label_keys_ready(void);
uint32_t table_label_hash(const char *s, size_t len);

/* Checks a label a person typed: valid UTF-8, no control characters, not too
 * long. */
bool table_check_label(const char *label, struct error *err);

/* Parses a whole file's text. `name` is used in messages. On error *out is
 * untouched. */
bool table_parse(const char *text, size_t len, const char *name,
                 struct table *out, struct table_meta *meta,
                 struct error *err);

/* Writes the table (probabilities, shortest round-trip digits) so that
 * table_parse reads back exactly the same values. */
void table_write(const struct table *t, const struct table_meta *meta,
                 struct buf *out);

/* Progress of a long load. fn is called with the bytes parsed so far and
 * the input's size, from the calling thread, at most about 20 times a
 * second, with `done` increasing; only for inputs of at least
 * TABLE_PROGRESS_MIN bytes, and then the last call of a successful load has
 * done == total. Nothing is called for smaller inputs. A caller that shows
 * progress clears it after the load returns (a failed load may stop short
 * of done == total). */
struct table_progress {
    void (*fn)(void *ctx, size_t done, size_t total);
    void *ctx;
    /* Asked when a signal interrupts the open or a read (a FIFO with no
     * writer, a pipe or terminal with no data yet): true stops the load
     * with "cancelled" and nothing loaded; false (or no function, or no
     * progress at all) retries, so a resize or job control never fails a
     * load. May be NULL. */
    bool (*cancelled)(void *ctx);
};

#define TABLE_PROGRESS_MIN ((size_t)1 << 20)

/* Reads a file (or standard input for "-") and parses it, with progress
 * (pr may be NULL). A file that changes while it is read (truncated,
 * rewritten, appended to) is refused: "FILE: changed while being read",
 * never a signal or a part of it. A NUL byte ends the reading at once
 * (the file is binary). Reading stops at the first end of file, so a
 * terminal needs one Ctrl-D. */
bool table_load_progress(const char *path, struct table *out,
                         struct table_meta *meta,
                         const struct table_progress *pr, struct error *err);

/* The comment lines ('#' first) at the top of the regular file at path,
 * before its first other line that is not blank, without the lines klx
 * writes itself ("# klx..."): what table_write should write again when
 * the file is saved back. NULL when there are none or path is not a
 * regular file that can be read; the caller frees the text. */
char *table_leading_comments(const char *path);

/* Saves atomically: a temporary file in the same directory, fsync, rename.
 * A crash at any point leaves either the old file or the new one. flags
 * are file_write_atomic's (FILE_FORCE replaces a read-only file). */
bool table_save(const char *path, const struct table *t,
                const struct table_meta *meta, unsigned flags,
                struct error *err);

/* Test hooks, variables only in a test build (-Dtest_hooks=true); in any
 * other build they are constants, so no code can change them. */
#ifdef KLX_TEST_HOOKS
/* When set, table_save calls it after writing and syncing the temporary
 * file and before the rename; returning false aborts the save (as a crash
 * would) so tests can check the old file is intact. */
extern bool (*table_save_fault_hook)(const char *tmp_path);

/* When set, table_load_progress calls it after each read of a stream with the
 * bytes read so far, and with 0 after mapping a file, before parsing it,
 * so that tests can change the file midway. */
extern void (*table_read_hook)(size_t done);

/* false makes table_parse read every row through its general path (split
 * into fields, then checked), skipping the one-pass reader of common rows,
 * so that tests can check both read the same. */
extern bool table_fast_rows;
#else
static bool (*const table_save_fault_hook)(const char *tmp_path) = NULL;
static void (*const table_read_hook)(size_t done) = NULL;
static const bool table_fast_rows = true;
#endif

/* A measure for tests (it changes nothing): the slots the last duplicate
 * search (a load's or table_find_duplicate's) looked at; about n for any
 * n labels. */
extern size_t table_dup_probes;

#endif
