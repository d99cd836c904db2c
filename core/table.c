/* table: the table itself. Its entries, the label storage, label checks,
 * lookups by word, and the keyed hash set that finds duplicate labels.
 * Reading text is table_parse.c's, files are table_io.c's. */
/* getrandom */
#define _DEFAULT_SOURCE 1

#include "table.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "alloc.h"
#include "clock.h"
#include "dist.h"
#include "i18n.h"
#include "label.h"
#include "table_internal.h"
#include "utf8.h"

void table_init(struct table *t)
{
    memset(t, 0, sizeof *t);
    t->p_sum = t->q_sum = 1.0;
}

/* ---- label storage: strings packed into a list of big blocks ---- */

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

char *table_blocks_strdup(struct table *t, const char *s, size_t len,
                          size_t hint)
{
    char *d = blocks_alloc(t, len + 1, hint);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void table_set_label(struct table *t, size_t i, const char *text)
{
    t->labels[i] = table_blocks_strdup(t, text, strlen(text), 0);
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
        t->labels[i] = table_blocks_strdup(t, t->labels[i],
                                           strlen(t->labels[i]), total);
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
        return error_set(err, _("no values (hint: give at least one)"));
    if (n > DIST_MAX_ENTRIES)
        return error_set(err, _("%zu entries; klx handles at most %zu"), n,
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

/* Automatic labels are the indices, so for them a number needs no
 * search. */
bool table_find(const struct table *t, const char *word, size_t *idx,
                struct error *err)
{
    switch (label_find(t->labels, t->n, t->auto_labels, word, idx)) {
    case LABEL_FOUND:
        return true;
    case LABEL_BAD_HASH:
        return error_set(err, _("no entry %s (entries are #1 to #%zu)"),
                         word, t->n);
    case LABEL_BAD_NUMBER:
        return error_set(err, _("no entry %s (entries are 1 to %zu)"), word,
                         t->n);
    case LABEL_UNKNOWN:
        break;
    }
    return error_set(err, _("no entry named '%s' (hint: use an index 1 to %zu "
                        "or #N, or a label; `terms` lists them)"), word, t->n);
}

/* Returns the byte offset of the first problem, or SIZE_MAX when fine. */
size_t table_label_problem(const char *s, size_t len, struct error *err)
{
    if (len > TABLE_MAX_LABEL) {
        error_set(err, _("label is %zu bytes long; the limit is %d (hint: "
                     "shorten it)"), len, TABLE_MAX_LABEL);
        return 0;
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            error_set(err, _("label has a control character (byte 0x%02X), "
                         "which a terminal would act on (hint: labels are "
                         "printable text; remove it)"), c);
            return i;
        }
        uint32_t cp;
        size_t k = utf8_scan(s + i, len - i, &cp);
        if (k == 0) {
            error_set(err, _("label is not valid UTF-8 (byte 0x%02X; hint: "
                         "save the file as UTF-8)"), c);
            return i;
        }
        if (utf8_is_control(cp)) {
            error_set(err, _("label has a control character (U+%04X), which "
                         "a terminal would act on (hint: labels are printable "
                         "text; remove it)"), (unsigned)cp);
            return i;
        }
        i += k;
    }
    return SIZE_MAX;
}

bool table_check_label(const char *label, struct error *err)
{
    if (label[0] == '\0')
        return error_set(err, _("empty label"));
    return table_label_problem(label, strlen(label), err) == SIZE_MAX;
}

/* ---- a small string set, to find duplicate labels in O(n) ---- */

/* A label's hash, computed while the parser has the label at hand (so
 * that finding duplicates needs no second pass over the strings): a word
 * at a time, each folded in by a 64x64->128-bit multiply with secrets
 * drawn at random once per process. A fixed hash can be inverted: a file
 * of labels crafted to collide would make every probe of the set below
 * meet all the earlier ones, quadratic time (doc/performance.md). With
 * secret keys no file can aim at one slot. */
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
void table_label_keys_ready(void)
{
    pthread_once(&label_key_once, label_key_init);
}

static uint64_t hash_fold(uint64_t a, uint64_t b)
{
    hash_u128 m = (hash_u128)a * b;
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

uint32_t table_label_hash(const char *s, size_t len)
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
 * when all differ. hash[i] is labels[i]'s table_label_hash. */
void table_dup_search(char *const *labels, const uint32_t *hash,
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
    table_label_keys_ready();
    uint32_t *hash = xmalloc((n ? n : 1) * sizeof *hash);
    for (size_t i = 0; i < n; i++)
        hash[i] = table_label_hash(labels[i], strlen(labels[i]));
    table_dup_search(labels, hash, n, dup, prev);
    free(hash);
    return *dup != SIZE_MAX;
}
