/* MAP_ANONYMOUS (mmap), getrandom */
#define _DEFAULT_SOURCE 1

#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "dist.h"
#include "file.h"
#include "num.h"

#ifdef KLX_TEST_HOOKS
bool (*table_save_fault_hook)(const char *tmp_path);
void (*table_read_hook)(size_t done);
bool table_fast_rows = true;
#endif

void table_init(struct table *t)
{
    memset(t, 0, sizeof *t);
    t->p_sum = t->q_sum = 1.0;
}

/* ---- label storage: strings packed into a list of big blocks ---- */

struct table_block {
    struct table_block *next;
    size_t used, cap;
    char text[];
};

#define BLOCK_MIN ((size_t)1 << 16)

static void blocks_free(struct table_block *b)
{
    while (b) {
        struct table_block *next = b->next;
        free(b);
        b = next;
    }
}

/* Room for len bytes in t's storage; a new block is at least `hint`
 * bytes (so a whole table's labels usually fit in one). */
static char *blocks_alloc(struct table *t, size_t len, size_t hint)
{
    struct table_block *b = t->label_blocks;
    if (!b || b->cap - b->used < len) {
        size_t cap = len > hint ? len : hint;
        if (cap < BLOCK_MIN && hint == 0)   /* labels one at a time */
            cap = BLOCK_MIN;
        b = xmalloc_huge(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = t->label_blocks;
        t->label_blocks = b;
    }
    char *s = b->text + b->used;
    b->used += len;
    return s;
}

static char *blocks_strdup(struct table *t, const char *s, size_t len,
                           size_t hint)
{
    char *d = blocks_alloc(t, len + 1, hint);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void table_set_label(struct table *t, size_t i, const char *text)
{
    t->labels[i] = blocks_strdup(t, text, strlen(text), 0);
}

size_t table_label_storage(const struct table *t)
{
    size_t bytes = 0;
    for (const struct table_block *b = t->label_blocks; b; b = b->next)
        bytes += sizeof *b + b->cap;
    return bytes;
}

/* Copies every label into one new block of exactly their size, wherever
 * they were (t's own storage or another table's), and frees t's old
 * blocks. */
static void labels_repack(struct table *t)
{
    size_t total = 0;
    for (size_t i = 0; i < t->n; i++)
        total += strlen(t->labels[i]) + 1;
    struct table_block *old = t->label_blocks;
    t->label_blocks = NULL;
    for (size_t i = 0; i < t->n; i++)
        t->labels[i] = blocks_strdup(t, t->labels[i], strlen(t->labels[i]),
                                     total);
    blocks_free(old);
}

void table_compact_labels(struct table *t)
{
    size_t live = 0;
    for (size_t i = 0; i < t->n; i++)
        live += strlen(t->labels[i]) + 1;
    if (table_label_storage(t) > 2 * live + 2 * BLOCK_MIN)
        labels_repack(t);
}

void table_free(struct table *t)
{
    blocks_free(t->label_blocks);
    free(t->labels);
    free(t->p);
    free(t->q);
    table_init(t);
}

void table_adopt(struct table *t, size_t n, char **labels, double *p,
                 double *q, bool auto_labels)
{
    table_free(t);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += labels[i] ? strlen(labels[i]) + 1 : 1;
    for (size_t i = 0; i < n; i++) {
        char *own = labels[i];
        labels[i] = blocks_strdup(t, own ? own : "", own ? strlen(own) : 0,
                                  total);
        free(own);
    }
    t->n = n;
    t->labels = labels;
    t->p = p;
    t->q = q;
    t->auto_labels = auto_labels;
}

void table_copy(struct table *dst, const struct table *src)
{
    size_t n = src->n;
    struct table t;
    table_init(&t);
    t.labels = xmalloc(n * sizeof *t.labels);
    t.p = xmalloc(n * sizeof *t.p);
    t.q = xmalloc(n * sizeof *t.q);
    t.n = n;
    if (n) {   /* an empty table's arrays are NULL: memcpy wants non-NULL */
        memcpy(t.labels, src->labels, n * sizeof *t.labels);
        memcpy(t.p, src->p, n * sizeof *t.p);
        memcpy(t.q, src->q, n * sizeof *t.q);
    }
    /* one block, compacted: garbage left by table_set_label stays behind */
    labels_repack(&t);
    t.auto_labels = src->auto_labels;
    t.p_sum = src->p_sum;
    t.q_sum = src->q_sum;
    t.p_lost = src->p_lost;
    t.q_lost = src->q_lost;
    table_free(dst);
    *dst = t;
}

/* Writes i in decimal at d; returns the length. */
static size_t put_index(char *d, size_t i)
{
    char tmp[24];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    for (size_t j = 0; j < k; j++)
        d[j] = tmp[k - 1 - j];
    d[k] = '\0';
    return k;
}

void table_number_labels(struct table *t)
{
    /* exactly the bytes "1".."n" need, in one block */
    size_t total = 0;
    for (size_t w = 1, lo = 1; lo <= t->n; w++, lo *= 10) {
        size_t hi = lo * 10 - 1 < t->n ? lo * 10 - 1 : t->n;
        total += (hi - lo + 1) * (w + 1);
        if (lo > SIZE_MAX / 10)
            break;
    }
    struct table_block *old = t->label_blocks;
    t->label_blocks = NULL;
    char *d = blocks_alloc(t, total ? total : 1, total);
    for (size_t i = 0; i < t->n; i++) {
        t->labels[i] = d;
        d += put_index(d, i + 1) + 1;
    }
    blocks_free(old);
    t->auto_labels = true;
}

bool table_from_values(struct table *t, const double *p, const double *q,
                       size_t n, struct error *err)
{
    if (n == 0)
        return error_set(err, "no values (hint: give at least one)");
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, "%zu entries; klx handles at most %zu", n,
                         DIST_MAX_ENTRIES);
    double *np = xmalloc(n * sizeof *np);
    double *nq = xmalloc(n * sizeof *nq);
    memcpy(np, p, n * sizeof *np);
    if (q)
        memcpy(nq, q, n * sizeof *nq);
    else
        dist_uniform(nq, n);
    double ps, qs = 1.0;
    struct dist_lost pl, ql;
    if (!dist_normalize_lost(np, n, "P", &ps, &pl, err) ||
        !dist_normalize_lost(nq, n, "Q", &qs, &ql, err)) {
        free(np);
        free(nq);
        return false;
    }
    table_free(t);
    t->n = n;
    t->labels = xmalloc(n * sizeof *t->labels);
    t->p = np;
    t->q = nq;
    t->p_sum = ps;
    t->q_sum = qs;
    t->p_lost = pl;
    t->q_lost = ql;
    table_number_labels(t);
    return true;
}

/* Reads "N" (digits only) as a 1-based entry number into *idx. False
 * when word is not all digits; *bad when it is but out of range. */
static bool entry_number(const struct table *t, const char *word,
                         size_t *idx, bool *bad)
{
    *bad = false;
    if (!(*word >= '0' && *word <= '9'))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(word, &end, 10);
    if (*end != '\0')
        return false;
    *bad = errno || v < 1 || v > t->n;
    *idx = *bad ? 0 : (size_t)v - 1;
    return true;
}

/* "#N" is the N-th entry whatever the labels say, so that a script or the
 * explorer can always name a row; a bare word is a label when one matches
 * it exactly, because a label like "10" (binomial counts) is what a person
 * sees on screen; only then is a bare number an index. Automatic labels
 * are the indices, so for them a number needs no search. */
bool table_find(const struct table *t, const char *word, size_t *idx,
                struct error *err)
{
    bool bad;
    if (word[0] == '#' && entry_number(t, word + 1, idx, &bad)) {
        if (bad)
            return error_set(err, "no entry %s (entries are #1 to #%zu)",
                             word, t->n);
        return true;
    }
    bool number = entry_number(t, word, idx, &bad);
    if (!(number && t->auto_labels)) {
        for (size_t i = 0; i < t->n; i++) {
            if (strcmp(t->labels[i], word) == 0) {
                *idx = i;
                return true;
            }
        }
    }
    if (number && bad)
        return error_set(err, "no entry %s (entries are 1 to %zu)", word,
                         t->n);
    if (number)
        return true;
    return error_set(err, "no entry named '%s' (hint: use an index 1 to %zu "
                     "or #N, or a label; `terms` lists them)", word, t->n);
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (avail < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Whether the valid UTF-8 sequence at s is a C1 control (U+0080..U+009F),
 * which some terminals act on like an escape sequence. */
static bool utf8_c1(const unsigned char *s)
{
    return s[0] == 0xC2 && s[1] < 0xA0;
}

/* Returns the byte offset of the first problem, or SIZE_MAX when fine. */
static size_t label_problem(const char *s, size_t len, struct error *err)
{
    if (len > TABLE_MAX_LABEL) {
        error_set(err, "label is %zu bytes long; the limit is %d (hint: "
                  "shorten it)", len, TABLE_MAX_LABEL);
        return 0;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            error_set(err, "label has a control character (byte 0x%02X), "
                      "which a terminal would act on (hint: labels are "
                      "printable text; remove it)", c);
            return i;
        }
        size_t k = utf8_seq((const unsigned char *)s + i, len - i);
        if (k == 0) {
            error_set(err, "label is not valid UTF-8 (byte 0x%02X; hint: "
                      "save the file as UTF-8)", c);
            return i;
        }
        if (k == 2 && utf8_c1((const unsigned char *)s + i)) {
            error_set(err, "label has a control character (U+%04X), which "
                      "a terminal would act on (hint: labels are printable "
                      "text; remove it)", (unsigned char)s[i + 1]);
            return i;
        }
        i += k;
    }
    return SIZE_MAX;
}

bool table_check_label(const char *label, struct error *err)
{
    if (label[0] == '\0')
        return error_set(err, "empty label");
    return label_problem(label, strlen(label), err) == SIZE_MAX;
}

/* ---- a small string set, to find duplicate labels in O(n) ---- */

/* A label's hash, computed while the parser has the label at hand (so
 * that finding duplicates needs no second pass over the strings): a word
 * at a time, each folded in by a 64x64->128-bit multiply with secrets
 * drawn at random once per process. A fixed hash can be inverted: 200,000
 * labels crafted to collide took 45 s to load, as every probe of the set
 * below met all the earlier ones. With secret keys no file can aim at
 * one slot. */
__extension__ typedef unsigned __int128 hash_u128;   /* GCC and clang */

static uint64_t label_key[2];
static pthread_once_t label_key_once = PTHREAD_ONCE_INIT;

static void label_key_init(void)
{
    uint64_t k[2];
    if (getrandom(k, sizeof k, 0) != (ssize_t)sizeof k) {
        /* no entropy source: the clock and where the stack is */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        k[0] = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^
               (uint64_t)ts.tv_sec;
        k[1] = (uint64_t)(uintptr_t)&ts * 0xBF58476D1CE4E5B9u ^ k[0];
    }
    /* odd, so that no word multiplies to a fixed state */
    label_key[0] = k[0] | 1;
    label_key[1] = k[1] | 1;
}

/* Draws the keys: once, before any thread hashes. */
static void label_keys_ready(void)
{
    pthread_once(&label_key_once, label_key_init);
}

static uint64_t hash_fold(uint64_t a, uint64_t b)
{
    hash_u128 m = (hash_u128)a * b;
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

static uint32_t label_hash(const char *s, size_t len)
{
    uint64_t h = label_key[0] ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, sizeof w);
        h = hash_fold(w ^ label_key[1], h ^ label_key[0]);
    }
    if (len) {
        uint64_t w = 0;
        while (len)
            w = (w << 8) | (unsigned char)s[--len];
        h = hash_fold(w ^ label_key[1], h ^ label_key[0]);
    }
    h = hash_fold(h ^ 0x9E3779B97F4A7C15u, label_key[1]);
    return (uint32_t)(h ^ (h >> 32));
}

/* Open addressing, linear probing. A slot holds index+1 in its low 24
 * bits (n <= 10^7 < 2^24) and 8 bits of the hash (23..30) above them, so
 * that a probe compares strings (a cache miss each) only when those
 * agree. The hash's top bit picks one of two sets, each on its own
 * thread (equal labels have equal hashes, so they meet in the same set). */
struct label_set {
    size_t cap;
    uint32_t *slot;     /* 0 = empty */
};

#define SLOT_INDEX 0xFFFFFFu
#define HASH_TAG(h) ((((h) >> 23) & 0xFFu) << 24)
#define HASH_PART(h) ((h) >> 31)

/* Returns the index of an earlier equal label, or SIZE_MAX after adding
 * label i (whose hash is h). */
static size_t label_set_add(struct label_set *set, char *const *labels,
                            size_t i, uint32_t h, size_t *probes)
{
    size_t mask = set->cap - 1;
    uint32_t tag = HASH_TAG(h);
    for (size_t at = h & mask;; at = (at + 1) & mask) {
        uint32_t v = set->slot[at];
        ++*probes;
        if (v == 0) {
            set->slot[at] = (uint32_t)(i + 1) | tag;
            return SIZE_MAX;
        }
        if ((v & ~SLOT_INDEX) == tag &&
            strcmp(labels[(v & SLOT_INDEX) - 1], labels[i]) == 0)
            return (v & SLOT_INDEX) - 1;
    }
}

/* One set's share of the duplicate search: the rows whose hash has top
 * bit `part` (every row when `parts` is 1). */
struct dup_job {
    char *const *labels;
    const uint32_t *hash;
    size_t n;
    unsigned part, parts;
    size_t found, prev;   /* the first row repeating an earlier label */
    size_t probes;        /* slots looked at */
};

static void *dup_job_run(void *arg)
{
    struct dup_job *j = arg;
    const uint32_t *hash = j->hash;
    size_t n = j->n;
    bool all = j->parts == 1;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += all || HASH_PART(hash[i]) == j->part;
    struct label_set set;
    set.cap = 16;
    while (set.cap < count + count / 2)   /* load at most 2/3 */
        set.cap *= 2;
    set.slot = xcalloc_huge(set.cap, sizeof *set.slot);
    /* The set is far bigger than the caches and a miss per label is most
     * of the time: prefetch the slots of the rows a little ahead. */
    enum { AHEAD = 32 };
    size_t mask = set.cap - 1;
    j->found = j->prev = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n &&
            (all || HASH_PART(hash[i + AHEAD]) == j->part))
            __builtin_prefetch(&set.slot[hash[i + AHEAD] & mask]);
        if (!all && HASH_PART(hash[i]) != j->part)
            continue;
        size_t prev = label_set_add(&set, j->labels, i, hash[i],
                                    &j->probes);
        if (prev != SIZE_MAX) {
            j->found = i;
            j->prev = prev;
            break;
        }
    }
    free(set.slot);
    return NULL;
}

/* Rows at least this many look for duplicates on two threads. */
#define DUP_SPLIT_MIN ((size_t)1 << 16)

size_t table_dup_probes;

/* The first label (in order) equal to an earlier one, as a single pass
 * would find it: *dup, and *prev where it was first used; both SIZE_MAX
 * when all differ. hash[i] is labels[i]'s label_hash. */
static void find_duplicate(char *const *labels, const uint32_t *hash,
                           size_t n, size_t *dup, size_t *prev)
{
    struct dup_job job[2];
    unsigned parts = n >= DUP_SPLIT_MIN ? 2 : 1;
    for (unsigned k = 0; k < 2; k++)
        job[k] = (struct dup_job){labels, hash, n, k, parts, SIZE_MAX,
                                  SIZE_MAX, 0};
    pthread_t thread;
    bool threaded = parts == 2 &&
                    pthread_create(&thread, NULL, dup_job_run, &job[1]) == 0;
    dup_job_run(&job[0]);
    if (threaded)
        pthread_join(thread, NULL);
    else if (parts == 2)
        dup_job_run(&job[1]);
    const struct dup_job *j = &job[0];
    if (parts == 2 && job[1].found < job[0].found)
        j = &job[1];
    *dup = j->found;
    *prev = j->prev;
    table_dup_probes = job[0].probes + (parts == 2 ? job[1].probes : 0);
}

bool table_find_duplicate(char *const *labels, size_t n, size_t *dup,
                          size_t *prev)
{
    label_keys_ready();
    uint32_t *hash = xmalloc((n ? n : 1) * sizeof *hash);
    for (size_t i = 0; i < n; i++)
        hash[i] = label_hash(labels[i], strlen(labels[i]));
    find_duplicate(labels, hash, n, dup, prev);
    free(hash);
    return *dup != SIZE_MAX;
}

/* ---- the parser ---- */

#define READ_CHUNK ((size_t)65536)   /* read_all's unit */

enum sep { SEP_COMMA, SEP_TAB, SEP_SPACE };
enum col { COL_LABEL, COL_P, COL_Q };

struct field {
    const char *s;      /* points into the line, or into `unq` when quoted */
    size_t len;
    size_t col;         /* 1-based column in the line */
    bool quoted;
};

struct parser {
    const char *name;
    size_t line_no;
    enum sep sep;
    struct field *fields;
    size_t n_fields, cap_fields;
    char *unq;          /* scratch for unquoted CSV fields */
    size_t unq_cap;
    struct error *err;
    const struct table_progress *pr;   /* NULL: no progress calls */
    double pr_last;     /* time of the last call (or of the start) */
    size_t pr_done;     /* `done` of the last call */
    /* A part parsed on another thread does not know how many lines come
     * before it: its error keeps the line relative to its start, and is
     * formatted after the join (fail_defer). */
    bool defer;
    size_t fail_line, fail_col;
    char fail_msg[ERROR_MAX];
};

/* Lines between looks at the clock. */
#define PROGRESS_LINES 4096
#define PROGRESS_INTERVAL 0.05   /* seconds: about 20 calls a second */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress_tick(struct parser *ps, size_t done, size_t total)
{
    double t = now_seconds();
    if (t - ps->pr_last >= PROGRESS_INTERVAL && done > ps->pr_done) {
        ps->pr_last = t;
        ps->pr_done = done;
        ps->pr->fn(ps->pr->ctx, done, total);
    }
}

static bool fail_at(struct parser *ps, size_t col, const char *fmt, ...)
    KLX_PRINTF(3, 4);

static bool fail_at(struct parser *ps, size_t col, const char *fmt, ...)
{
    char msg[ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->defer) {
        ps->fail_line = ps->line_no;
        ps->fail_col = col;
        memcpy(ps->fail_msg, msg, sizeof msg);
        return false;
    }
    if (col)
        return error_set(ps->err, "%s:%zu:%zu: %s", ps->name, ps->line_no,
                         col, msg);
    return error_set(ps->err, "%s:%zu: %s", ps->name, ps->line_no, msg);
}

/* Formats a deferred error, its line counted after `base` lines. */
static bool fail_deferred(struct parser *ps, size_t base, struct error *err)
{
    if (ps->fail_col)
        return error_set(err, "%s:%zu:%zu: %s", ps->name,
                         base + ps->fail_line, ps->fail_col, ps->fail_msg);
    return error_set(err, "%s:%zu: %s", ps->name, base + ps->fail_line,
                     ps->fail_msg);
}

static void push_field(struct parser *ps, const char *s, size_t len,
                       size_t col, bool quoted)
{
    if (ps->n_fields == ps->cap_fields) {
        ps->cap_fields = ps->cap_fields ? 2 * ps->cap_fields : 8;
        ps->fields = xrealloc(ps->fields,
                              ps->cap_fields * sizeof *ps->fields);
    }
    ps->fields[ps->n_fields++] = (struct field){s, len, col, quoted};
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits one line (without its newline) into ps->fields. */
static bool split_line(struct parser *ps, const char *line, size_t len)
{
    ps->n_fields = 0;
    size_t unq_used = 0;
    if (ps->unq_cap < len + 1) {
        free(ps->unq);
        ps->unq_cap = len + 1;
        ps->unq = xmalloc(ps->unq_cap);
    }
    size_t i = 0;
    for (;;) {
        if (ps->sep == SEP_SPACE)
            while (i < len && is_blank(line[i]))
                i++;
        else
            while (i < len && line[i] == ' ')
                i++;
        if (ps->sep == SEP_SPACE && i == len)
            break;
        size_t start = i;
        if (i < len && line[i] == '"') {
            /* RFC 4180 quoting: "" inside stands for one quote. */
            char *dst = ps->unq + unq_used;
            size_t k = 0;
            i++;
            for (;;) {
                if (i >= len)
                    return fail_at(ps, start + 1, "unterminated quoted "
                                   "field (hint: close it with \")");
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        dst[k++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                dst[k++] = line[i++];
            }
            unq_used += k;
            push_field(ps, dst, k, start + 1, true);
            /* In a whitespace table the blank after the field is the
             * separator itself; skipping it here made the next field look
             * like junk after the quote. */
            if (ps->sep != SEP_SPACE)
                while (i < len && line[i] == ' ')
                    i++;
            if (i < len && !(ps->sep == SEP_COMMA && line[i] == ',') &&
                !(ps->sep == SEP_TAB && line[i] == '\t') &&
                !(ps->sep == SEP_SPACE && is_blank(line[i])))
                return fail_at(ps, i + 1, "unexpected '%c' after a quoted "
                               "field", line[i]);
        } else {
            char stop = ps->sep == SEP_COMMA ? ',' : '\t';
            while (i < len && (ps->sep == SEP_SPACE ? !is_blank(line[i])
                                                    : line[i] != stop))
                i++;
            size_t end = i;
            while (end > start && line[end - 1] == ' ')
                end--;
            push_field(ps, line + start, end - start, start + 1, false);
        }
        if (ps->sep == SEP_SPACE)
            continue;
        if (i >= len)
            break;
        i++;   /* the separator */
    }
    return true;
}

static bool field_is_number(const struct field *f)
{
    double v;
    return num_parse(f->s, f->len, &v, NULL);
}

static bool header_name(const struct field *f, enum col *out)
{
    static const struct {
        const char *name;
        enum col col;
    } names[] = {
        {"label", COL_LABEL}, {"name", COL_LABEL}, {"key", COL_LABEL},
        {"token", COL_LABEL}, {"category", COL_LABEL}, {"x", COL_LABEL},
        {"p", COL_P}, {"q", COL_Q},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) == f->len &&
            strncasecmp(names[i].name, f->s, f->len) == 0) {
            *out = names[i].col;
            return true;
        }
    }
    return false;
}

/* "# klx: base=2" (the colon is optional; "klx", keys and values in any
 * case; blanks around '=' are fine). Unknown keys are ignored so that
 * newer files still load in older versions, but a known key with a value
 * it cannot take is an error, not a setting silently lost. `line` is the
 * whole line (for columns), `at` the offset of its '#'. With ps NULL
 * (messages re-reading lines already checked) nothing is checked. */
static bool parse_meta(struct parser *ps, const char *line, size_t at,
                       size_t len, struct table_meta *meta)
{
    const char *end = line + len;
    const char *s = line + at + 1;
    while (s < end && is_blank(*s))
        s++;
    if (end - s < 3 || strncasecmp(s, "klx", 3) != 0)
        return true;
    s += 3;
    if (s < end && *s == ':')
        s++;
    else if (s < end && !is_blank(*s))
        return true;    /* "#klxfoo": not a settings line */
    while (s < end) {
        while (s < end && is_blank(*s))
            s++;
        const char *key = s;
        while (s < end && !is_blank(*s) && *s != '=')
            s++;
        size_t key_len = (size_t)(s - key);
        while (s < end && is_blank(*s))
            s++;
        if (s == end || *s != '=')
            continue;   /* a word without a value: prose, not a setting */
        const char *eq = s++;
        while (s < end && is_blank(*s))
            s++;
        const char *v = s;
        while (s < end && !is_blank(*s))
            s++;
        size_t n = (size_t)(s - v);
        if (key_len != 4 || strncasecmp(key, "base", 4) != 0)
            continue;
        char val[16];
        enum log_base b;
        bool known = n > 0 && n < sizeof val;
        for (size_t k = 0; known && k < n; k++)
            val[k] = (char)((v[k] >= 'A' && v[k] <= 'Z') ? v[k] - 'A' + 'a'
                                                         : v[k]);
        if (known) {
            val[n] = '\0';
            known = log_base_parse(val, &b);
        }
        if (!known) {
            if (!ps)
                return true;
            const char *where = n ? v : eq;
            if (!n)
                return fail_at(ps, (size_t)(where - line) + 1,
                               "'base=' without a value in a '# klx:' "
                               "settings line (hint: base=e, base=2 or "
                               "base=10)");
            return fail_at(ps, (size_t)(where - line) + 1,
                           "unknown base '%.*s' in a '# klx:' settings line "
                           "(hint: base=e, base=2 or base=10; also nats, "
                           "bits, bans)", (int)(n < 40 ? n : 40), v);
        }
        if (meta) {
            meta->has_base = true;
            meta->base = b;
        }
    }
    return true;
}

struct columns {
    int label, p, q;     /* field index of each, -1 when absent */
    size_t count;
};

static bool columns_from_header(struct parser *ps, struct columns *c)
{
    c->label = c->p = c->q = -1;
    c->count = ps->n_fields;
    for (size_t i = 0; i < ps->n_fields; i++) {
        enum col col;
        struct field *f = &ps->fields[i];
        struct error e;
        size_t bad = label_problem(f->s, f->len, &e);
        if (bad != SIZE_MAX && f->len <= TABLE_MAX_LABEL)
            return fail_at(ps, f->col + (f->quoted ? 1 : 0) + bad,
                           "byte 0x%02X is not text: this looks like a "
                           "binary file, or text not in UTF-8 (hint: klx "
                           "reads CSV, TSV or plain text in UTF-8)",
                           (unsigned char)f->s[bad]);
        if (!header_name(f, &col))
            return fail_at(ps, f->col, "unknown column '%.*s' (hint: %s)",
                           (int)(f->len > 40 ? 40 : f->len), f->s,
                           memchr(f->s, ';', f->len)
                               ? "separate the columns with ',' or tabs, "
                                 "not ';'"
                               : "name the columns label, p and q");
        int *slot = col == COL_LABEL ? &c->label : col == COL_P ? &c->p
                                                                : &c->q;
        if (*slot >= 0)
            return fail_at(ps, f->col, "column '%.*s' appears twice",
                           (int)f->len, f->s);
        *slot = (int)i;
    }
    if (c->p < 0 || c->q < 0)
        return fail_at(ps, 0, "the header needs columns named p and q "
                       "(found %zu column%s)", ps->n_fields,
                       ps->n_fields == 1 ? "" : "s");
    return true;
}

static bool columns_by_position(struct parser *ps, struct columns *c)
{
    c->count = ps->n_fields;
    if (ps->n_fields == 1) {   /* one number per line: P, and Q uniform */
        c->label = -1; c->p = 0; c->q = -1;
        return true;
    }
    if (ps->n_fields == 2) {
        c->label = -1; c->p = 0; c->q = 1;
        return true;
    }
    if (ps->n_fields == 3) {
        c->label = 0; c->p = 1; c->q = 2;
        return true;
    }
    return fail_at(ps, 0, "%zu columns; without a header klx reads 2 "
                   "columns as p,q and 3 as label,p,q (hint: add a header "
                   "line naming the columns label, p and q; a single "
                   "column is p, with Q uniform)", ps->n_fields);
}

/* The rows of one part of the file, in arrays sized beforehand (every
 * row's line takes at least 2 bytes), so that nothing is reallocated. */
struct rows {
    char **labels;      /* NULL without a label column */
    double *p, *q;
    uint32_t *hash;     /* label_hash of each label (NULL without labels):
                           the line of a row is found again from the text
                           when a message needs it (row_line) */
    size_t n, cap;
    struct table store; /* only its label storage is used */
    size_t block_hint;  /* label block size */
};

static bool read_value(struct parser *ps, const struct field *f,
                       const char *colname, double *out)
{
    if (f->len == 0)
        return fail_at(ps, f->col, "empty %s value (hint: write 0 for "
                       "zero)", colname);
    struct error e;
    if (!num_parse(f->s, f->len, out, &e) || !dist_check_value(*out, &e)) {
        /* Spreadsheets in many locales write "a;0,5;0,3": semicolons
         * between columns and decimal commas, which reads as garbage
         * split at the commas. Say so instead. */
        if (ps->sep == SEP_COMMA && memchr(f->s, ';', f->len))
            return fail_at(ps, f->col, "%s: %s (hint: this looks like "
                           "semicolons between columns and decimal commas; "
                           "klx wants ',' or tabs between columns and '.' "
                           "as the decimal point)", colname, e.msg);
        return fail_at(ps, f->col, "%s: %s", colname, e.msg);
    }
    return true;
}

static bool read_row(struct parser *ps, const struct columns *c,
                     struct rows *r)
{
    if (ps->n_fields != c->count) {
        size_t col = ps->n_fields ? ps->fields[ps->n_fields - 1].col : 0;
        return fail_at(ps, col, "%zu column%s, expected %zu like the first "
                       "line (hint: check for a missing or extra "
                       "separator)", ps->n_fields,
                       ps->n_fields == 1 ? "" : "s", c->count);
    }
    if (r->n >= r->cap)
        abort();   /* cannot happen: cap counts the lines there can be */
    double p, q;
    q = 1.0;   /* without a q column, Q is uniform */
    if (!read_value(ps, &ps->fields[c->p], "p", &p) ||
        (c->q >= 0 && !read_value(ps, &ps->fields[c->q], "q", &q)))
        return false;
    if (c->label >= 0) {
        const struct field *f = &ps->fields[c->label];
        struct error e;
        size_t bad = label_problem(f->s, f->len, &e);
        if (bad != SIZE_MAX)
            return fail_at(ps, f->col + (f->quoted ? 1 : 0) + bad, "%s",
                           e.msg);
        if (f->len == 0)
            return fail_at(ps, f->col, "empty label (hint: give every row "
                           "a name, or drop the label column)");
        r->labels[r->n] = blocks_strdup(&r->store, f->s, f->len,
                                        r->block_hint);
        r->hash[r->n] = label_hash(f->s, f->len);
    }
    r->p[r->n] = p;
    r->q[r->n] = q;
    r->n++;
    if (r->n > DIST_MAX_ENTRIES)
        return fail_at(ps, 0, "more than %zu rows; klx handles at most "
                       "that many", DIST_MAX_ENTRIES);
    return true;
}

/* Where the data rows start, to find a row's line again (row_line). */
struct data_start {
    const char *text;
    size_t from, end;   /* the first data row's offset, the text's end */
    size_t line0;       /* the number of the line before it */
};

static int skip_line(struct parser *ps, const char *line, size_t ll,
                     struct table_meta *meta);

/* The line of data row `row` (0-based) of a parse that read every line
 * before it: the rows are the lines that are not blank or comments. Only
 * for messages: it reads the text again from the first row. */
static size_t row_line(const struct data_start *d, size_t row)
{
    size_t pos = d->from, line = d->line0;
    struct table_meta ignored = {0};
    while (pos < d->end) {
        const char *s = d->text + pos;
        const char *nl = memchr(s, '\n', d->end - pos);
        size_t ll = nl ? (size_t)(nl - s) : d->end - pos;
        pos += ll + (nl ? 1 : 0);
        line++;
        if (ll > 0 && s[ll - 1] == '\r')
            ll--;
        if (skip_line(NULL, s, ll, &ignored))
            continue;
        if (row-- == 0)
            break;
    }
    return line;
}

static bool check_duplicates(struct parser *ps, const struct rows *r,
                             const struct data_start *d)
{
    size_t dup, prev;
    find_duplicate(r->labels, r->hash, r->n, &dup, &prev);
    if (dup == SIZE_MAX)
        return true;
    ps->line_no = row_line(d, dup);
    return fail_at(ps, 0, "label '%s' was already used on line %zu (hint: "
                   "labels name entries and must be unique)",
                   r->labels[dup], row_line(d, prev));
}

static enum sep detect_sep(const char *line, size_t len)
{
    if (memchr(line, '\t', len))
        return SEP_TAB;
    if (memchr(line, ',', len))
        return SEP_COMMA;
    return SEP_SPACE;
}

/* Where the parse of one part stands. `text` is the whole input (offsets
 * are from its start), the part is [pos, end). */
struct part {
    struct parser ps;
    const char *text;
    size_t pos, end;
    size_t len;             /* of the whole text */
    bool from_map;          /* text is a mapped file, not what read() got */
    struct columns cols;
    struct rows r;
    struct table_meta meta;
    bool ok;
    size_t begin;           /* where its rows start */
    _Atomic size_t done;    /* bytes parsed, for progress */
    _Atomic bool finished;
    const struct part *other;   /* the part on the other thread, or NULL */
    size_t count_from;      /* the second half: where the first starts */
    size_t cap_after;       /* and its rows' room */
};

/* The next line of the part, without its newline and CR. False (with the
 * error) for a line too long or holding a NUL byte. */
static bool next_line(struct part *pt, const char **out, size_t *out_len)
{
    struct parser *ps = &pt->ps;
    const char *line = pt->text + pt->pos;
    size_t left = pt->end - pt->pos;
    /* Past the limit the line is an error: look that far for its end. */
    size_t look = left < TABLE_MAX_LINE + 2 ? left : TABLE_MAX_LINE + 2;
    const char *nl = memchr(line, '\n', look);
    if (!nl && look < left) {
        /* Reading a stream stops at the 64 KiB chunk holding the first
         * NUL byte (read_all), which may cut this line short: the same
         * here, found before the line's end is looked for, so that a
         * sparse 1 GiB file (NUL bytes from its start) is not read
         * whole. Earlier lines had none, so this is the text's first. */
        const char *z = pt->from_map ? memchr(line, '\0', left) : NULL;
        if (z) {
            size_t cut = ((size_t)(z - pt->text) / READ_CHUNK + 1) *
                         READ_CHUNK;
            if (cut < pt->pos + left)
                left = cut - pt->pos;
        }
        nl = left > look ? memchr(line + look, '\n', left - look) : NULL;
    }
    size_t ll = nl ? (size_t)(nl - line) : left;
    pt->pos += ll + (nl ? 1 : 0);
    ps->line_no++;
    if (ll > 0 && line[ll - 1] == '\r')
        ll--;
    if (ll > TABLE_MAX_LINE)
        return fail_at(ps, 0, "line is %zu bytes long; the limit is %zu",
                       ll, TABLE_MAX_LINE);
    const char *z = memchr(line, '\0', ll);
    if (z)
        return fail_at(ps, (size_t)(z - line) + 1,
                       "NUL byte: this looks like a binary file, not a "
                       "table (hint: klx reads CSV, TSV or plain text)");
    *out = line;
    *out_len = ll;
    return true;
}

/* Blank lines and comments (reading their settings): 1 to skip the line,
 * 0 for a row or header, -1 for a bad setting (the error is in ps). */
static int skip_line(struct parser *ps, const char *line, size_t ll,
                     struct table_meta *meta)
{
    size_t k = 0;
    while (k < ll && is_blank(line[k]))
        k++;
    if (k == ll)
        return 1;
    if (line[k] == '#')
        return parse_meta(ps, line, k, ll, meta) ? 1 : -1;
    return 0;
}

/* Reads the lines before the first data row: blank lines, comments, the
 * header. Sets the separator and the columns from the first line that is
 * not blank or a comment, and stops before the first data row (or at the
 * end). */
static bool parse_start(struct part *pt)
{
    struct parser *ps = &pt->ps;
    if (pt->len >= 3 && memcmp(pt->text, "\xEF\xBB\xBF", 3) == 0)
        pt->pos = 3;   /* a UTF-8 byte order mark, as Excel writes */
    while (pt->pos < pt->end) {
        size_t at = pt->pos;
        const char *line;
        size_t ll;
        if (!next_line(pt, &line, &ll))
            return false;
        /* A CR inside a line, before the first row: CR-only line ends
         * (classic Mac OS), read as one long line, would fail later with
         * a column count that explains nothing. */
        const char *cr = memchr(line, '\r', ll);
        if (cr)
            return fail_at(ps, (size_t)(cr - line) + 1,
                           "a carriage return (CR) inside a line: this file "
                           "seems to end its lines with CR alone (classic "
                           "Mac OS), which klx does not read (hint: convert "
                           "them to newlines, e.g. tr '\\r' '\\n' < FILE "
                           "> NEW.csv)");
        int skip = skip_line(ps, line, ll, &pt->meta);
        if (skip < 0)
            return false;
        if (skip)
            continue;
        ps->sep = detect_sep(line, ll);
        if (!split_line(ps, line, ll))
            return false;
        bool any_number = false;
        for (size_t i = 0; i < ps->n_fields; i++)
            any_number |= field_is_number(&ps->fields[i]);
        if (!any_number)
            return columns_from_header(ps, &pt->cols);
        if (!columns_by_position(ps, &pt->cols))
            return false;
        pt->pos = at;   /* the first data row: read it again as a row */
        ps->line_no--;
        return true;
    }
    pt->cols.count = 0;
    return true;
}

static void progress_report(struct part *pt)
{
    size_t done = pt->pos;
    if (pt->other)
        done += atomic_load_explicit(&pt->other->done, memory_order_relaxed);
    progress_tick(&pt->ps, done, pt->len);
}

/* The common row, read straight from the text in one pass: comma or tab
 * separated, no quotes, no spaces, printable labels, numbers num_scan
 * decides, no comment. Anything else, and every error, is left to the
 * general path (next_line, split_line, read_row), which reads the line
 * again from its start: so this returns false without changing anything,
 * and accepts a line only when the general path would read the same row
 * from it. */
static bool fast_row(struct part *pt)
{
    struct parser *ps = &pt->ps;
    struct rows *r = &pt->r;
    const struct columns *c = &pt->cols;
    const char *s = pt->text + pt->pos, *e = pt->text + pt->end;
    const char sep = ps->sep == SEP_COMMA ? ',' : '\t';
    const char *label = NULL;
    size_t label_len = 0;
    double v[3] = {0, 0, 1.0};   /* by enum col; q is 1 without a column */
    if (s < e && *s == '#')
        return false;             /* a comment */
    for (size_t j = 0; j < c->count; j++) {
        if ((int)j == c->label) {
            const char *f = s;
            if (s < e && *s == '"')
                return false;     /* quoted */
            while (s < e) {
                unsigned char ch = (unsigned char)*s;
                if (ch > 0x20 && ch < 0x7F) {
                    if (ch == (unsigned char)sep)
                        break;
                    s++;
                } else if (ch >= 0x80) {
                    size_t k = utf8_seq((const unsigned char *)s,
                                        (size_t)(e - s));
                    if (k == 0 ||
                        (k == 2 && utf8_c1((const unsigned char *)s)))
                        return false;     /* an error to explain */
                    s += k;
                } else {
                    break;        /* a control character, space or EOL */
                }
            }
            label = f;
            label_len = (size_t)(s - f);
            if (label_len == 0 || label_len > TABLE_MAX_LABEL)
                return false;
        } else {
            double x;
            size_t n = num_scan(s, (size_t)(e - s), &x);
            if (n == 0 || x < 0)
                return false;     /* undecided, or an error to explain */
            s += n;
            v[(int)j == c->p ? COL_P : COL_Q] = x;
        }
        if (j + 1 < c->count) {
            if (s == e || *s != sep)
                return false;
            s++;
        }
    }
    /* the end of the line: "\n", "\r\n", or the end of the part (then a
     * lone '\r' too, which next_line drops) */
    if (s < e) {
        if (*s == '\r')
            s++;
        if (s < e) {
            if (*s != '\n')
                return false;
            s++;
        }
    }
    if (r->n >= DIST_MAX_ENTRIES ||
        (size_t)(s - (pt->text + pt->pos)) > TABLE_MAX_LINE)
        return false;             /* "too many rows", "line too long" (a
                                     number with a million leading zeros) */
    ps->line_no++;
    if (label) {
        r->labels[r->n] = blocks_strdup(&r->store, label, label_len,
                                        r->block_hint);
        r->hash[r->n] = label_hash(label, label_len);
    }
    r->p[r->n] = v[COL_P];
    r->q[r->n] = v[COL_Q];
    r->n++;
    pt->pos = (size_t)(s - pt->text);
    return true;
}

/* Reads the data rows of a part (the columns are known). */
static bool parse_rows(struct part *pt)
{
    struct parser *ps = &pt->ps;
    size_t begin = pt->begin = pt->pos;
    bool fast = ps->sep != SEP_SPACE && table_fast_rows;
    while (pt->pos < pt->end) {
        if ((ps->line_no & (PROGRESS_LINES - 1)) == 0) {
            atomic_store_explicit(&pt->done, pt->pos - begin,
                                  memory_order_relaxed);
            if (ps->pr)
                progress_report(pt);
        }
        if (fast && fast_row(pt))
            continue;
        const char *line;
        size_t ll;
        if (!next_line(pt, &line, &ll))
            return false;
        int skip = skip_line(ps, line, ll, &pt->meta);
        if (skip < 0)
            return false;
        if (skip)
            continue;
        if (!split_line(ps, line, ll) || !read_row(ps, &pt->cols, &pt->r))
            return false;
    }
    return true;
}

/* The number of '\n' in s[0..n): 16 bytes a step where SSE2 is there
 * (every x86-64), since a memchr per line costs a call per 50 bytes. */
static size_t count_newlines(const char *s, size_t n)
{
    size_t count = 0, i = 0;
#if defined(__SSE2__) && defined(__x86_64__)
    const __m128i nl = _mm_set1_epi8('\n');
    while (n - i >= 16) {
        /* byte counters: at most 255 steps before adding them up */
        size_t steps = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
        __m128i acc = _mm_setzero_si128();
        for (size_t k = 0; k < steps; k++, i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
                nl));
        __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
        count += (size_t)_mm_cvtsi128_si64(sums) +
                 (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < n; i++)
        count += s[i] == '\n';
    return count;
}

static void *parse_rows_thread(void *arg)
{
    struct part *pt = arg;
    /* The first half has at most one row per line: counting its lines
     * places this half's rows right where they will end up, so that the
     * merge moves nothing (or little) and touches no new memory. */
    size_t lines = count_newlines(pt->text + pt->count_from,
                                  pt->pos - pt->count_from);
    size_t off = lines < pt->r.cap ? lines : pt->r.cap;   /* r.cap: cap_a */
    pt->r.p += off;
    pt->r.q += off;
    if (pt->r.labels) {
        pt->r.labels += off;
        pt->r.hash += off;
    }
    pt->r.cap = pt->cap_after;
    pt->ok = parse_rows(pt);
    atomic_store_explicit(&pt->finished, true, memory_order_release);
    return NULL;
}

/* Inputs at least this big are parsed in two halves on two threads. */
#define SPLIT_MIN ((size_t)4 << 20)

/* Rows that fit in n bytes of text, within the limit. */
static size_t rows_bound(size_t bytes)
{
    size_t b = bytes / 2 + 1;
    return b < DIST_MAX_ENTRIES + 1 ? b : DIST_MAX_ENTRIES + 1;
}

static void part_free(struct part *pt)
{
    free(pt->ps.fields);
    free(pt->ps.unq);
}

static void *shrink(void *v, size_t bytes)
{
    void *s = realloc(v, bytes ? bytes : 1);
    return s ? s : v;
}

/* Puts the second part's rows right after the first's (they share the
 * arrays) and its label blocks into the first's storage. */
static void merge_rows(struct rows *a, struct rows *b)
{
    size_t n = b->n;
    if (a->p + a->n != b->p) {   /* blank or comment lines: a gap */
        memmove(a->p + a->n, b->p, n * sizeof *a->p);
        memmove(a->q + a->n, b->q, n * sizeof *a->q);
        if (a->labels) {
            memmove(a->labels + a->n, b->labels, n * sizeof *a->labels);
            memmove(a->hash + a->n, b->hash, n * sizeof *a->hash);
        }
    }
    a->n += n;
    b->n = 0;
    struct table_block **tail = &b->store.label_blocks;
    while (*tail)
        tail = &(*tail)->next;
    *tail = a->store.label_blocks;
    a->store.label_blocks = b->store.label_blocks;
    b->store.label_blocks = NULL;
}

/* Parses the text into rows: the start on this thread, then the rest in
 * one part or, for a big input, two halves split at a line boundary, the
 * second on a thread of its own. The first error in file order is the one
 * reported, exactly as a single pass would. */
static bool parse_text(const char *text, size_t len, const char *name,
                       bool from_map, const struct table_progress *pr,
                       struct rows *r, struct table_meta *meta,
                       struct error *err)
{
    label_keys_ready();   /* before any thread hashes a label */
    struct part a;
    memset(&a, 0, sizeof a);
    a.ps.name = name;
    a.ps.err = err;
    if (pr && pr->fn && len >= TABLE_PROGRESS_MIN) {
        a.ps.pr = pr;
        a.ps.pr_last = now_seconds();
    }
    a.text = text;
    a.len = a.end = len;
    a.from_map = from_map;
    a.cols = (struct columns){-1, -1, -1, 0};
    bool ok = parse_start(&a);
    bool labels = a.cols.label >= 0;
    const struct data_start data = {text, a.pos, len, a.ps.line_no};

    /* Where to split: the line start nearest the middle of the rest. */
    size_t mid = len;
    if (ok && a.cols.count && len - a.pos >= SPLIT_MIN) {
        const char *nl = memchr(text + a.pos + (len - a.pos) / 2, '\n',
                                len - a.pos - (len - a.pos) / 2);
        if (nl && (size_t)(nl - text) + 1 < len)
            mid = (size_t)(nl - text) + 1;
    }
    size_t cap_a = rows_bound(mid), cap_b = mid < len ? rows_bound(len - mid)
                                                      : 0;
    size_t cap = cap_a + cap_b;
    r->p = xmalloc(cap * sizeof *r->p);
    r->q = xmalloc(cap * sizeof *r->q);
    /* Huge pages for what the load writes once; not for p and q, which
     * every edit sweeps (alloc.h). */
    r->labels = labels ? xmalloc_huge(cap * sizeof *r->labels) : NULL;
    r->hash = labels ? xmalloc_huge(cap * sizeof *r->hash) : NULL;
    r->cap = cap_a;
    r->block_hint = mid / 4 + 1;
    table_init(&r->store);

    struct part b;
    memset(&b, 0, sizeof b);
    pthread_t thread;
    bool threaded = false;
    if (ok && mid < len) {
        (void)num_c_locale();   /* created once, before any thread */
        a.end = mid;
        b.ps.name = name;
        b.ps.err = NULL;
        b.ps.defer = true;
        b.ps.sep = a.ps.sep;
        b.text = text;
        b.pos = mid;
        b.end = b.len = len;
        b.from_map = from_map;
        b.cols = a.cols;
        b.r.p = r->p;            /* moved up by the thread */
        b.r.q = r->q;
        b.r.labels = labels ? r->labels : NULL;
        b.r.hash = labels ? r->hash : NULL;
        b.r.cap = cap_a;
        b.count_from = a.pos;
        b.cap_after = cap_b;
        b.r.block_hint = (len - mid) / 4 + 1;
        table_init(&b.r.store);
        if (pthread_create(&thread, NULL, parse_rows_thread, &b) == 0) {
            threaded = true;
            a.other = &b;
        } else {
            a.end = len;   /* no thread: one part after all */
            r->cap = cap;
        }
    }
    a.r = *r;
    if (ok && a.cols.count)
        ok = parse_rows(&a);
    if (threaded) {
        /* Progress while the other half finishes. */
        while (a.ps.pr &&
               !atomic_load_explicit(&b.finished, memory_order_acquire)) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
            progress_report(&a);
        }
        pthread_join(thread, NULL);
        size_t base = a.ps.line_no;   /* the lines before mid */
        if (ok && a.r.n + b.r.n > DIST_MAX_ENTRIES) {
            /* the limit falls in the second half, before its error */
            a.ps.line_no = row_line(&data, DIST_MAX_ENTRIES);
            ok = fail_at(&a.ps, 0, "more than %zu rows; klx handles at "
                         "most that many", DIST_MAX_ENTRIES);
        } else if (ok && !b.ok) {
            ok = fail_deferred(&b.ps, base, err);
        }
        if (ok) {
            a.r.cap += b.r.cap;
            merge_rows(&a.r, &b.r);
            if (b.meta.has_base)
                a.meta = b.meta;   /* the last setting wins */
        }
        table_free(&b.r.store);
        part_free(&b);
    }
    part_free(&a);
    *r = a.r;
    if (ok && r->n == 0)
        ok = error_set(err, "%s: no data rows (hint: each row holds p and "
                       "q, e.g. \"0.5,0.9\")", name);
    if (ok && labels)
        ok = check_duplicates(&a.ps, r, &data);
    if (ok && meta)
        *meta = a.meta;
    return ok;
}

static bool parse_input(const char *text, size_t len, const char *name,
                        bool from_map, struct table *out,
                        struct table_meta *meta,
                        const struct table_progress *pr, struct error *err)
{
    struct rows r;
    memset(&r, 0, sizeof r);
    struct table_meta m = {0};
    bool ok = parse_text(text, len, name, from_map, pr, &r, &m, err);
    free(r.hash);

    double ps_sum = 0, qs_sum = 0;
    struct dist_lost pl, ql;
    if (ok && (!dist_normalize_lost(r.p, r.n, "column p", &ps_sum, &pl, err) ||
               !dist_normalize_lost(r.q, r.n, "column q", &qs_sum, &ql, err))) {
        error_prefix(err, "%s", name);
        ok = false;
    }
    if (!ok) {
        table_free(&r.store);
        free(r.labels);
        free(r.p);
        free(r.q);
        return false;
    }
    bool auto_labels = r.labels == NULL;
    table_free(out);
    out->n = r.n;
    out->p = shrink(r.p, r.n * sizeof *r.p);
    out->q = shrink(r.q, r.n * sizeof *r.q);
    out->labels = auto_labels ? xmalloc_huge(r.n * sizeof *r.labels)
                              : shrink(r.labels, r.n * sizeof *r.labels);
    out->label_blocks = r.store.label_blocks;   /* the labels' bytes */
    out->auto_labels = auto_labels;
    if (auto_labels)
        table_number_labels(out);
    out->p_sum = ps_sum;
    out->q_sum = qs_sum;
    out->p_lost = pl;
    out->q_lost = ql;
    if (meta)
        *meta = m;
    if (pr && pr->fn && len >= TABLE_PROGRESS_MIN)
        pr->fn(pr->ctx, len, len);
    return true;
}

bool table_parse(const char *text, size_t len, const char *name,
                 struct table *out, struct table_meta *meta,
                 struct error *err)
{
    return parse_input(text, len, name, false, out, meta, NULL, err);
}

bool table_parse_progress(const char *text, size_t len, const char *name,
                          struct table *out, struct table_meta *meta,
                          const struct table_progress *pr,
                          struct error *err)
{
    return parse_input(text, len, name, false, out, meta, pr, err);
}

static bool label_needs_quotes(const char *s)
{
    if (*s == '\0' || *s == '#' || *s == ' ' || *s == '"')
        return true;
    size_t n = strlen(s);
    if (s[n - 1] == ' ')
        return true;
    return strpbrk(s, ",\"\t") != NULL;
}

void table_write(const struct table *t, const struct table_meta *meta,
                 struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF];
    buf_append(out, "# klx table: probabilities P and Q per entry\n");
    if (meta && meta->has_base)
        buf_printf(out, "# klx: base=%s\n", log_base_name(meta->base));
    buf_append(out, "label,p,q\n");
    for (size_t i = 0; i < t->n; i++) {
        const char *l = t->labels[i];
        if (label_needs_quotes(l)) {
            buf_putc(out, '"');
            for (; *l; l++) {
                if (*l == '"')
                    buf_putc(out, '"');
                buf_putc(out, *l);
            }
            buf_putc(out, '"');
        } else {
            buf_append(out, l);
        }
        /* A zero is written 0: "-0" reads back, but says a sign that a
         * probability does not have. */
        buf_printf(out, ",%s,%s\n",
                   num_roundtrip(a, sizeof a, t->p[i] == 0 ? 0 : t->p[i]),
                   num_roundtrip(b, sizeof b, t->q[i] == 0 ? 0 : t->q[i]));
    }
}

/* Bytes asked of one fread: a few chunks, so that the NUL check below
 * looks at bytes still in the cache. */
#define READ_STEP (4 * READ_CHUNK)

/* Whether a file looks the same as when it was opened. A write or a
 * truncate changes the size or the modification or change time (the
 * kernel refines a time stamp that someone has looked at, so even a write
 * right after the first fstat shows). The inode cannot change under an
 * open file: a file renamed over the path is read whole, as it was. */
static bool file_unchanged(const struct stat *a, const struct stat *b)
{
    return a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
           a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static bool load_cancelled(const struct table_progress *pr)
{
    return pr && pr->cancelled && pr->cancelled(pr->ctx);
}

static bool cancelled_error(const char *path, struct error *err)
{
    return error_set(err, "%s: load cancelled; nothing changed", path);
}

/* Reads f to its end into *text (NUL-terminated, *len bytes; the caller
 * frees it): for standard input, pipes, /dev and /proc files, and what
 * cannot be mapped. A regular file must look the same afterwards (st: its
 * fstat before the first read), or it would load in part. Reading stops
 * after the READ_CHUNK-aligned chunk holding the first NUL byte: the
 * parser rejects the input at or before it, so the rest (/dev/zero
 * without end) is never read. */
static bool read_all(FILE *f, const struct stat *st, const char *path,
                     const struct table_progress *pr, char **text,
                     size_t *len, struct error *err)
{
    bool regular = S_ISREG(st->st_mode);
    size_t cap = READ_STEP + 1;
    if (regular && st->st_size > 0 &&
        (uintmax_t)st->st_size <= TABLE_MAX_FILE)
        cap += (size_t)st->st_size;   /* and room to see it grew */
    char *s = xmalloc_huge(cap);
    size_t n = 0, stop = SIZE_MAX;    /* stop: the end of a NUL's chunk */
    bool ok = true;
    while (n < stop) {
        if (cap - n < READ_STEP + 1) {
            cap = 2 * cap;
            s = xrealloc(s, cap);
        }
        size_t k = fread(s + n, 1, READ_STEP, f);
        int e = errno;
        const char *z = stop == SIZE_MAX ? memchr(s + n, '\0', k) : NULL;
        n += k;
        if (z)
            stop = ((size_t)(z - s) / READ_CHUNK + 1) * READ_CHUNK;
        else if (stop == SIZE_MAX && n > TABLE_MAX_FILE) {
            ok = error_set(err, "%s: more than %zu MiB; the limit is %zu "
                           "MiB (hint: is this really a table?)", path,
                           TABLE_MAX_FILE >> 20, TABLE_MAX_FILE >> 20);
            break;
        }
        if (table_read_hook)
            table_read_hook(n);
        if (k == READ_STEP)
            continue;
        /* Stop at the first end of file: glibc reads a large request
         * straight from the descriptor, past an end of file it has seen,
         * so a terminal would otherwise need a second Ctrl-D. */
        if (feof(f))
            break;
        if (ferror(f) && e != EINTR) {
            ok = error_set(err, "%s: cannot read: %s", path, strerror(e));
            break;
        }
        if (load_cancelled(pr)) {
            ok = cancelled_error(path, err);
            break;
        }
        clearerr(f);
    }
    struct stat after;
    if (ok && regular && stop == SIZE_MAX &&
        (fstat(fileno(f), &after) != 0 || !file_unchanged(st, &after)))
        ok = error_set(err, "%s: changed while being read (hint: load it "
                       "again once the program writing it is done)", path);
    if (!ok) {
        free(s);
        return false;
    }
    if (n > stop)
        n = stop;
    s[n] = '\0';
    *text = s;
    *len = n;
    return true;
}

/* ---- a mapped file that shrinks while it is parsed ----
 *
 * A regular file is mapped, not copied: a copy costs fresh memory, which
 * the kernel must zero (a 10^7-row load took 45% longer read into a
 * buffer, most of it in clear_page). But pages of a mapped file that
 * another program truncates vanish, and touching one raises SIGBUS. While
 * a map is parsed, a SIGBUS handler puts zero pages in place of the
 * vanished part (mmap MAP_FIXED: a plain system call on Linux), so the
 * parser threads read on, meet NUL bytes and stop, and the load reports
 * the change. (sigsetjmp would have to unwind both parser threads, one
 * of them from the middle of the merge.) Any other SIGBUS gets the
 * action that was there before. */

static char *volatile map_lo, *volatile map_hi;   /* page aligned */
static volatile sig_atomic_t map_vanished;
static struct sigaction map_old_bus;
static uintptr_t map_page;

static void map_bus_handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    char *a = si->si_addr;
    if (si->si_code > 0 && a >= map_lo && a < map_hi) {
        char *from = (char *)((uintptr_t)a & ~(map_page - 1));
        if (mmap(from, (size_t)(map_hi - from), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED) {
            map_vanished = 1;
            return;
        }
    }
    sigaction(SIGBUS, &map_old_bus, NULL);
    if (si->si_code <= 0)
        raise(sig);   /* sent, not a fault: a return would not repeat it */
}

/* Parses a mapped file (f open on it, st its fstat before the map) into
 * out, only when it did not change meanwhile. */
static bool parse_map(FILE *f, const struct stat *st, char *map,
                      size_t size, const char *name, struct table *out,
                      struct table_meta *meta,
                      const struct table_progress *pr, struct error *err)
{
    long page = sysconf(_SC_PAGESIZE);
    map_page = page > 0 ? (uintptr_t)page : 4096;
    map_lo = map;
    map_hi = map + ((size + map_page - 1) & ~(map_page - 1));
    map_vanished = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = map_bus_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &map_old_bus);
    if (table_read_hook)
        table_read_hook(0);
    struct table t;
    table_init(&t);
    struct table_meta m = {0};
    bool ok = parse_input(map, size, name, true, &t, &m, pr, err);
    sigaction(SIGBUS, &map_old_bus, NULL);
    map_lo = map_hi = NULL;
    struct stat after;
    if (map_vanished || fstat(fileno(f), &after) != 0 ||
        !file_unchanged(st, &after)) {
        table_free(&t);
        return error_set(err, "%s: changed while being read (hint: load "
                         "it again once the program writing it is done)",
                         name);
    }
    if (!ok)
        return false;
    table_free(out);
    *out = t;
    if (meta)
        *meta = m;
    return true;
}

bool table_load(const char *path, struct table *out, struct table_meta *meta,
                struct error *err)
{
    return table_load_progress(path, out, meta, NULL, err);
}

bool table_load_progress(const char *path, struct table *out,
                         struct table_meta *meta,
                         const struct table_progress *pr, struct error *err)
{
    bool use_stdin = strcmp(path, "-") == 0;
    const char *name = use_stdin ? "<stdin>" : path;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    /* Opening a FIFO waits for a writer; a signal ends the wait. */
    while (!f && errno == EINTR && !load_cancelled(pr))
        f = fopen(path, "rb");
    if (!f && errno == EINTR)
        return cancelled_error(path, err);
    if (!f)
        return error_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        memset(&st, 0, sizeof st);   /* st_mode 0: read as a stream */
    if (!use_stdin && S_ISDIR(st.st_mode)) {
        fclose(f);
        return error_set(err, "%s: is a directory (hint: name a table "
                         "file, e.g. data/seed.csv)", path);
    }
    if (!use_stdin && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size <= TABLE_MAX_FILE) {
        size_t size = (size_t)st.st_size;
        void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
        if (map != MAP_FAILED) {
            bool ok = parse_map(f, &st, map, size, name, out, meta, pr,
                                err);
            munmap(map, size);
            fclose(f);
            return ok;
        }
    }
    char *text = NULL;
    size_t len = 0;
    bool ok = read_all(f, &st, name, pr, &text, &len, err);
    if (!use_stdin)
        fclose(f);
    else
        clearerr(stdin);   /* a later `load -` reads what comes next */
    if (ok && len == 0)
        ok = error_set(err, "%s: the file is empty (hint: each row holds p "
                       "and q, e.g. \"0.5,0.9\")", name);
    if (ok)
        ok = parse_input(text, len, name, false, out, meta, pr, err);
    free(text);
    return ok;
}

bool table_save(const char *path, const struct table *t,
                const struct table_meta *meta, unsigned flags,
                struct error *err)
{
    struct buf text;
    buf_init(&text);
    table_write(t, meta, &text);
    bool ok = file_write_atomic(path, text.s, text.len, flags,
                                table_save_fault_hook, err);
    buf_free(&text);
    return ok;
}
