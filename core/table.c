#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dist.h"
#include "file.h"
#include "num.h"

bool (*table_save_fault_hook)(const char *tmp_path);

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("klx: out of memory\n", stderr);
        abort();
    }
    return p;
}

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
        if (cap < BLOCK_MIN)
            cap = BLOCK_MIN;
        b = xmalloc(sizeof *b + cap);
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
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(src->labels[i]) + 1;
    /* one block, compacted: garbage left by table_set_label stays behind */
    for (size_t i = 0; i < n; i++)
        t.labels[i] = blocks_strdup(&t, src->labels[i],
                                    strlen(src->labels[i]), total);
    if (n) {   /* an empty table's arrays are NULL: memcpy wants non-NULL */
        memcpy(t.p, src->p, n * sizeof *t.p);
        memcpy(t.q, src->q, n * sizeof *t.q);
    }
    t.n = n;
    t.auto_labels = src->auto_labels;
    t.p_sum = src->p_sum;
    t.q_sum = src->q_sum;
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
    if (!dist_normalize(np, n, "P", &ps, err) ||
        !dist_normalize(nq, n, "Q", &qs, err)) {
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
    table_number_labels(t);
    return true;
}

/* Index first: "2" is entry 2 even when some label is "2", because indices
 * are what a person counting rows means. */
bool table_find(const struct table *t, const char *word, size_t *idx,
                struct error *err)
{
    const char *s = word;
    if (*s >= '0' && *s <= '9') {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (*end == '\0') {
            if (errno || v < 1 || v > t->n)
                return error_set(err, "no entry %s (entries are 1 to %zu)",
                                 word, t->n);
            *idx = (size_t)v - 1;
            return true;
        }
    }
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->labels[i], word) == 0) {
            *idx = i;
            return true;
        }
    }
    return error_set(err, "no entry named '%s' (hint: use an index 1 to %zu "
                     "or a label; `terms` lists them)", word, t->n);
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
            error_set(err, "label has a control character (byte 0x%02X)",
                      c);
            return i;
        }
        size_t k = utf8_seq((const unsigned char *)s + i, len - i);
        if (k == 0) {
            error_set(err, "label is not valid UTF-8 (byte 0x%02X; hint: "
                      "save the file as UTF-8)", c);
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

struct label_set {
    size_t cap;
    size_t *slot;       /* index+1 into labels, 0 = empty */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Returns the index of an earlier equal label, or SIZE_MAX after adding. */
static size_t label_set_add(struct label_set *set, char **labels, size_t i)
{
    size_t mask = set->cap - 1;
    for (size_t h = hash_str(labels[i]) & mask;; h = (h + 1) & mask) {
        if (set->slot[h] == 0) {
            set->slot[h] = i + 1;
            return SIZE_MAX;
        }
        if (strcmp(labels[set->slot[h] - 1], labels[i]) == 0)
            return set->slot[h] - 1;
    }
}

/* ---- the parser ---- */

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
    if (t - ps->pr_last >= PROGRESS_INTERVAL) {
        ps->pr_last = t;
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
    if (col)
        return error_set(ps->err, "%s:%zu:%zu: %s", ps->name, ps->line_no,
                         col, msg);
    return error_set(ps->err, "%s:%zu: %s", ps->name, ps->line_no, msg);
}

static void push_field(struct parser *ps, const char *s, size_t len,
                       size_t col, bool quoted)
{
    if (ps->n_fields == ps->cap_fields) {
        ps->cap_fields = ps->cap_fields ? 2 * ps->cap_fields : 8;
        ps->fields = realloc(ps->fields, ps->cap_fields * sizeof *ps->fields);
        if (!ps->fields)
            abort();
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

static void parse_meta(const char *line, size_t len, struct table_meta *meta)
{
    /* "# klx: base=2" (the colon is optional). Unknown keys are ignored so
     * that newer files still load in older versions. */
    const char *end = line + len;
    const char *s = line + 1;
    while (s < end && is_blank(*s))
        s++;
    if (end - s < 3 || strncmp(s, "klx", 3) != 0)
        return;
    s += 3;
    if (s < end && *s == ':')
        s++;
    while (s < end) {
        while (s < end && is_blank(*s))
            s++;
        const char *w = s;
        while (s < end && !is_blank(*s))
            s++;
        if (s - w > 5 && strncmp(w, "base=", 5) == 0) {
            char v[16];
            size_t n = (size_t)(s - w - 5);
            if (n < sizeof v) {
                memcpy(v, w + 5, n);
                v[n] = '\0';
                enum log_base b;
                if (meta && log_base_parse(v, &b)) {
                    meta->has_base = true;
                    meta->base = b;
                }
            }
        }
    }
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
            return fail_at(ps, f->col, "unknown column '%.*s' (hint: name "
                           "the columns label, p and q)",
                           (int)(f->len > 40 ? 40 : f->len), f->s);
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

struct rows {
    char **labels;
    double *p, *q;
    size_t n, cap;
    struct table store;     /* only its label storage is used */
    size_t text_len;        /* of the whole file: a block size hint */
    size_t lines;           /* lines in the file: the rows to expect */
};

static void rows_free(struct rows *r)
{
    table_free(&r->store);
    free(r->labels);
    free(r->p);
    free(r->q);
    memset(r, 0, sizeof *r);
}

static void rows_grow(struct rows *r, bool with_labels)
{
    if (r->n < r->cap)
        return;
    /* The first time, the number of lines: no reallocation afterwards. */
    if (r->cap == 0 && r->lines > 0)
        r->cap = r->lines;
    else
        r->cap = r->cap ? 2 * r->cap : 64;
    r->p = realloc(r->p, r->cap * sizeof *r->p);
    r->q = realloc(r->q, r->cap * sizeof *r->q);
    if (with_labels)
        r->labels = realloc(r->labels, r->cap * sizeof *r->labels);
    if (!r->p || !r->q || (with_labels && !r->labels))
        abort();
}

static bool read_value(struct parser *ps, const struct field *f,
                       const char *colname, double *out)
{
    if (f->len == 0)
        return fail_at(ps, f->col, "empty %s value (hint: write 0 for "
                       "zero)", colname);
    if (!num_parse(f->s, f->len, out, ps->err) ||
        !dist_check_value(*out, ps->err)) {
        char inner[ERROR_MAX];
        memcpy(inner, ps->err->msg, sizeof inner);
        return fail_at(ps, f->col, "%s: %s", colname, inner);
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
    rows_grow(r, c->label >= 0);
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
        /* label blocks of 1/8 of the file: a few blocks in all */
        r->labels[r->n] = blocks_strdup(&r->store, f->s, f->len,
                                        r->text_len / 4 + 1);
    }
    r->p[r->n] = p;
    r->q[r->n] = q;
    r->n++;
    if (r->n > DIST_MAX_ENTRIES)
        return fail_at(ps, 0, "more than %zu rows; klx handles at most "
                       "that many", DIST_MAX_ENTRIES);
    return true;
}

static bool check_duplicates(struct parser *ps, struct rows *r,
                             const size_t *line_of)
{
    struct label_set set;
    set.cap = 16;
    while (set.cap < 2 * r->n)
        set.cap *= 2;
    set.slot = calloc(set.cap, sizeof *set.slot);
    if (!set.slot)
        abort();
    for (size_t i = 0; i < r->n; i++) {
        size_t prev = label_set_add(&set, r->labels, i);
        if (prev != SIZE_MAX) {
            ps->line_no = line_of[i];
            free(set.slot);
            return fail_at(ps, 0, "label '%s' was already used on line %zu "
                           "(hint: labels name entries and must be unique)",
                           r->labels[i], line_of[prev]);
        }
    }
    free(set.slot);
    return true;
}

static enum sep detect_sep(const char *line, size_t len)
{
    if (memchr(line, '\t', len))
        return SEP_TAB;
    if (memchr(line, ',', len))
        return SEP_COMMA;
    return SEP_SPACE;
}

static bool parse_lines(struct parser *ps, const char *text, size_t len,
                        struct rows *r, size_t **line_of,
                        struct table_meta *meta)
{
    bool have_columns = false;
    struct columns cols = {-1, -1, -1, 0};
    size_t line_cap = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;   /* a UTF-8 byte order mark, as Excel writes */
    while (pos < len) {
        if (ps->pr && (ps->line_no & (PROGRESS_LINES - 1)) == 0 &&
            ps->line_no)
            progress_tick(ps, pos, len);
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl ? 1 : 0);
        ps->line_no++;
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (ll > TABLE_MAX_LINE)
            return fail_at(ps, 0, "line is %zu bytes long; the limit is "
                           "%zu", ll, TABLE_MAX_LINE);
        if (memchr(line, '\0', ll))
            return fail_at(ps, (size_t)((const char *)memchr(line, '\0', ll)
                                        - line) + 1,
                           "NUL byte: this looks like a binary file, not a "
                           "table (hint: klx reads CSV, TSV or plain text)");
        size_t k = 0;
        while (k < ll && is_blank(line[k]))
            k++;
        if (k == ll)
            continue;
        if (line[k] == '#') {
            parse_meta(line + k, ll - k, meta);
            continue;
        }
        if (!have_columns)
            ps->sep = detect_sep(line, ll);
        if (!split_line(ps, line, ll))
            return false;
        if (!have_columns) {
            bool any_number = false;
            for (size_t i = 0; i < ps->n_fields; i++)
                any_number |= field_is_number(&ps->fields[i]);
            have_columns = true;
            if (!any_number) {
                if (!columns_from_header(ps, &cols))
                    return false;
                continue;
            }
            if (!columns_by_position(ps, &cols))
                return false;
        }
        if (!read_row(ps, &cols, r))
            return false;
        if (cols.label >= 0) {
            if (r->n > line_cap) {
                line_cap = line_cap ? 2 * line_cap
                                    : (r->lines > 64 ? r->lines : 64);
                *line_of = realloc(*line_of, line_cap * sizeof **line_of);
                if (!*line_of)
                    abort();
            }
            (*line_of)[r->n - 1] = ps->line_no;
        }
    }
    if (r->n == 0)
        return error_set(ps->err, "%s: no data rows (hint: each row holds "
                         "p and q, e.g. \"0.5,0.9\")", ps->name);
    return cols.label < 0 || check_duplicates(ps, r, *line_of);
}

static void *shrink(void *v, size_t bytes)
{
    void *s = realloc(v, bytes ? bytes : 1);
    return s ? s : v;
}

bool table_parse(const char *text, size_t len, const char *name,
                 struct table *out, struct table_meta *meta,
                 struct error *err)
{
    return table_parse_progress(text, len, name, out, meta, NULL, err);
}

bool table_parse_progress(const char *text, size_t len, const char *name,
                          struct table *out, struct table_meta *meta,
                          const struct table_progress *pr,
                          struct error *err)
{
    struct parser ps = {0};
    ps.name = name;
    ps.err = err;
    if (pr && pr->fn && len >= TABLE_PROGRESS_MIN) {
        ps.pr = pr;
        ps.pr_last = now_seconds();
    }
    struct rows r = {0};
    table_init(&r.store);
    r.text_len = len;
    for (const char *c = text, *end = text + len;
         (c = memchr(c, '\n', (size_t)(end - c))) != NULL; c++)
        r.lines++;
    r.lines++;   /* the last line may lack its newline */
    size_t *line_of = NULL;
    struct table_meta m = {0};
    bool ok = parse_lines(&ps, text, len, &r, &line_of, &m);
    free(ps.fields);
    free(ps.unq);
    free(line_of);

    double ps_sum = 0, qs_sum = 0;
    if (ok && (!dist_normalize(r.p, r.n, "column p", &ps_sum, err) ||
               !dist_normalize(r.q, r.n, "column q", &qs_sum, err))) {
        error_prefix(err, "%s", name);
        ok = false;
    }
    if (!ok) {
        rows_free(&r);
        return false;
    }
    bool auto_labels = r.labels == NULL;
    table_free(out);
    out->n = r.n;
    out->p = shrink(r.p, r.n * sizeof *r.p);
    out->q = shrink(r.q, r.n * sizeof *r.q);
    out->labels = auto_labels ? xmalloc(r.n * sizeof *r.labels)
                              : shrink(r.labels, r.n * sizeof *r.labels);
    out->label_blocks = r.store.label_blocks;   /* the labels' bytes */
    out->auto_labels = auto_labels;
    if (auto_labels)
        table_number_labels(out);
    out->p_sum = ps_sum;
    out->q_sum = qs_sum;
    if (meta)
        *meta = m;
    if (ps.pr)
        pr->fn(pr->ctx, len, len);
    return true;
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
        buf_printf(out, ",%s,%s\n", num_roundtrip(a, sizeof a, t->p[i]),
                   num_roundtrip(b, sizeof b, t->q[i]));
    }
}

static bool read_all(FILE *f, const char *path, struct buf *out,
                     struct error *err)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->len + n > TABLE_MAX_FILE)
            return error_set(err, "%s: more than %zu MiB; the limit is %zu "
                             "MiB (hint: is this really a table?)", path,
                             TABLE_MAX_FILE >> 20, TABLE_MAX_FILE >> 20);
        buf_append_n(out, chunk, n);
        /* A NUL byte makes the parser reject the file at or before it, so
         * stop here: /dev/zero would never end. */
        if (memchr(chunk, '\0', n))
            return true;
    }
    if (ferror(f))
        return error_set(err, "%s: cannot read: %s", path, strerror(errno));
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
    if (!f)
        return error_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (!use_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return error_set(err, "%s: is a directory (hint: name a table "
                         "file, e.g. data/seed.csv)", path);
    }
    struct buf text;
    buf_init(&text);
    bool ok = read_all(f, name, &text, err);
    if (!use_stdin)
        fclose(f);
    if (ok && text.len == 0)
        ok = error_set(err, "%s: the file is empty (hint: each row holds p "
                       "and q, e.g. \"0.5,0.9\")", name);
    if (ok)
        ok = table_parse_progress(text.s, text.len, name, out, meta, pr,
                                  err);
    buf_free(&text);
    return ok;
}

bool table_save(const char *path, const struct table *t,
                const struct table_meta *meta, struct error *err)
{
    struct buf text;
    buf_init(&text);
    table_write(t, meta, &text);
    bool ok = file_write_atomic(path, text.s, text.len,
                                table_save_fault_hook, err);
    buf_free(&text);
    return ok;
}
