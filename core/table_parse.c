/* table_parse: reading text into a table (rows, numbers, `# klx:`
 * settings, errors at file:line:column), on two threads for a big input. */
#define _DEFAULT_SOURCE 1

#include "table.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "clock.h"
#include "c_locale.h"
#include "dist.h"
#include "fields.h"
#include "i18n.h"
#include "num.h"
#include "table_internal.h"
#include "utf8.h"

#ifdef KLX_TEST_HOOKS
bool table_fast_rows = true;
#endif

enum col { COL_LABEL, COL_P, COL_Q };

struct parser {
    const char *name;
    size_t line_no;
    enum table_sep sep;
    struct fields fl;   /* the current line's fields */
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

static void progress_tick(struct parser *ps, size_t done, size_t total)
{
    double t = clock_seconds();
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
    error_format(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->defer) {
        ps->fail_line = ps->line_no;
        ps->fail_col = col;
        memcpy(ps->fail_msg, msg, sizeof msg);
        return false;
    }
    return error_at(ps->err, ps->name, ps->line_no, col, "%s", msg);
}

/* Formats a deferred error, its line counted after `base` lines. */
static bool fail_deferred(struct parser *ps, size_t base, struct error *err)
{
    return error_at(err, ps->name, base + ps->fail_line, ps->fail_col, "%s",
                    ps->fail_msg);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits one line (without its newline) into ps->fl. */
static bool split_line(struct parser *ps, const char *line, size_t len)
{
    size_t col;
    char msg[ERROR_MAX];
    if (fields_split(&ps->fl, line, len, ps->sep, false, &col, msg,
                     sizeof msg))
        return true;
    return fail_at(ps, col, "%s", msg);
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
                               _("'base=' without a value in a '# klx:' "
                                  "settings line (hint: base=e, base=2 or "
                                  "base=10)"));
            return fail_at(ps, (size_t)(where - line) + 1,
                           _("unknown base '%.*s' in a '# klx:' settings line "
                              "(hint: base=e, base=2 or base=10; also nats, "
                              "bits, bans)"), (int)(n < 40 ? n : 40), v);
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
    c->count = ps->fl.n;
    for (size_t i = 0; i < ps->fl.n; i++) {
        enum col col;
        struct field *f = &ps->fl.v[i];
        struct error e;
        size_t bad = table_label_problem(f->s, f->len, &e);
        if (bad != SIZE_MAX && f->len <= TABLE_MAX_LABEL)
            return fail_at(ps, f->col + (f->quoted ? 1 : 0) + bad,
                           _("byte 0x%02X is not text: this looks like a "
                              "binary file, or text not in UTF-8 (hint: klx "
                              "reads CSV, TSV or plain text in UTF-8)"),
                           (unsigned char)f->s[bad]);
        if (!header_name(f, &col))
            return fail_at(ps, f->col, _("unknown column '%.*s' (hint: %s)"),
                           (int)(f->len > 40 ? 40 : f->len), f->s,
                           memchr(f->s, ';', f->len)
                               ? _("separate the columns with ',' or tabs, "
                                   "not ';'")
                               : _("name the columns label, p and q"));
        int *slot = col == COL_LABEL ? &c->label : col == COL_P ? &c->p
                                                                : &c->q;
        if (*slot >= 0)
            return fail_at(ps, f->col, _("column '%.*s' appears twice"),
                           (int)f->len, f->s);
        *slot = (int)i;
    }
    if (c->p < 0 || c->q < 0)
        return fail_at(ps, 0, ngettext("the header needs columns named p "
                                       "and q (found %zu column)",
                                       "the header needs columns named p "
                                       "and q (found %zu columns)",
                                       ps->fl.n), ps->fl.n);
    return true;
}

static bool columns_by_position(struct parser *ps, struct columns *c)
{
    c->count = ps->fl.n;
    if (ps->fl.n == 1) {   /* one number per line: P, and Q uniform */
        c->label = -1; c->p = 0; c->q = -1;
        return true;
    }
    if (ps->fl.n == 2) {
        c->label = -1; c->p = 0; c->q = 1;
        return true;
    }
    if (ps->fl.n == 3) {
        c->label = 0; c->p = 1; c->q = 2;
        return true;
    }
    return fail_at(ps, 0, _("%zu columns; without a header klx reads 2 "
                      "columns as p,q and 3 as label,p,q (hint: add a header "
                      "line naming the columns label, p and q; a single "
                      "column is p, with Q uniform)"), ps->fl.n);
}

/* The rows of one part of the file, in arrays sized beforehand (every
 * row's line takes at least 2 bytes), so that nothing is reallocated. */
struct rows {
    char **labels;      /* NULL without a label column */
    double *p, *q;
    uint32_t *hash;     /* table_label_hash of each label (NULL without
                           labels): the line of a row is found again from the text
                           when a message needs it (row_line) */
    size_t n, cap;
    struct table store; /* only its label storage is used */
    size_t block_hint;  /* label block size */
};

static bool read_value(struct parser *ps, const struct field *f,
                       const char *colname, double *out)
{
    if (f->len == 0)
        return fail_at(ps, f->col, _("empty %s value (hint: write 0 for "
                          "zero)"), colname);
    struct error e;
    if (!num_parse(f->s, f->len, out, &e) || !dist_check_value(*out, &e)) {
        /* Spreadsheets in many locales write "a;0,5;0,3": semicolons
         * between columns and decimal commas, which reads as garbage
         * split at the commas. Say so instead. */
        if (ps->sep == TABLE_SEP_COMMA && memchr(f->s, ';', f->len))
            return fail_at(ps, f->col, _("%s: %s (hint: this looks like "
                              "semicolons between columns and decimal commas; "
                              "klx wants ',' or tabs between columns and '.' "
                              "as the decimal point)"), colname, e.msg);
        return fail_at(ps, f->col, _("%s: %s"), colname, e.msg);
    }
    return true;
}

static bool read_row(struct parser *ps, const struct columns *c,
                     struct rows *r)
{
    if (ps->fl.n != c->count) {
        size_t col = ps->fl.n ? ps->fl.v[ps->fl.n - 1].col : 0;
        return fail_at(ps, col, ngettext("%zu column, expected %zu like the "
                                         "first line (hint: check for a "
                                         "missing or extra separator)",
                                         "%zu columns, expected %zu like the "
                                         "first line (hint: check for a "
                                         "missing or extra separator)",
                                         ps->fl.n), ps->fl.n,
                       c->count);
    }
    if (r->n >= r->cap)
        abort();   /* cannot happen: cap counts the lines there can be */
    double p, q;
    q = 1.0;   /* without a q column, Q is uniform */
    if (!read_value(ps, &ps->fl.v[c->p], "p", &p) ||
        (c->q >= 0 && !read_value(ps, &ps->fl.v[c->q], "q", &q)))
        return false;
    if (c->label >= 0) {
        const struct field *f = &ps->fl.v[c->label];
        struct error e;
        size_t bad = table_label_problem(f->s, f->len, &e);
        if (bad != SIZE_MAX)
            return fail_at(ps, f->col + (f->quoted ? 1 : 0) + bad, "%s",
                           e.msg);
        if (f->len == 0)
            return fail_at(ps, f->col, _("empty label (hint: give every row "
                              "a name, or drop the label column)"));
        r->labels[r->n] = table_blocks_strdup(&r->store, f->s, f->len,
                                              r->block_hint);
        r->hash[r->n] = table_label_hash(f->s, f->len);
    }
    r->p[r->n] = p;
    r->q[r->n] = q;
    r->n++;
    if (r->n > DIST_MAX_ENTRIES)
        return fail_at(ps, 0, _("more than %zu rows; klx handles at most "
                          "that many"), DIST_MAX_ENTRIES);
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
    table_dup_search(r->labels, r->hash, r->n, &dup, &prev);
    if (dup == SIZE_MAX)
        return true;
    ps->line_no = row_line(d, dup);
    return fail_at(ps, 0, _("label '%s' was already used on line %zu (hint: "
                      "labels name entries and must be unique)"),
                   r->labels[dup], row_line(d, prev));
}

enum table_sep table_detect_sep(const char *line, size_t len)
{
    if (memchr(line, '\t', len))
        return TABLE_SEP_TAB;
    if (memchr(line, ',', len))
        return TABLE_SEP_COMMA;
    return TABLE_SEP_BLANKS;
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
    size_t released;        /* mapped text before this was given back */
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
            size_t cut = ((size_t)(z - pt->text) / TABLE_READ_CHUNK + 1) *
                         TABLE_READ_CHUNK;
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
        return fail_at(ps, 0, _("line is %zu bytes long; the limit is %zu"),
                       ll, TABLE_MAX_LINE);
    const char *z = memchr(line, '\0', ll);
    if (z)
        return fail_at(ps, (size_t)(z - line) + 1,
                       _("NUL byte: this looks like a binary file, not a "
                          "table (hint: klx reads CSV, TSV or plain text)"));
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
                           _("a carriage return (CR) inside a line: this file "
                              "seems to end its lines with CR alone (classic "
                              "Mac OS), which klx does not read (hint: "
                              "convert them to newlines, e.g. tr '\\r' "
                              "'\\n' < FILE > NEW.csv)"));
        int skip = skip_line(ps, line, ll, &pt->meta);
        if (skip < 0)
            return false;
        if (skip)
            continue;
        ps->sep = table_detect_sep(line, ll);
        if (!split_line(ps, line, ll))
            return false;
        bool any_number = false;
        for (size_t i = 0; i < ps->fl.n; i++)
            any_number |= field_is_number(&ps->fl.v[i]);
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
    const char sep = ps->sep == TABLE_SEP_COMMA ? ',' : '\t';
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
                    uint32_t cp;
                    size_t k = utf8_scan(s, (size_t)(e - s), &cp);
                    if (k == 0 || utf8_is_control(cp))
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
        r->labels[r->n] = table_blocks_strdup(&r->store, label, label_len,
                                              r->block_hint);
        r->hash[r->n] = table_label_hash(label, label_len);
    }
    r->p[r->n] = v[COL_P];
    r->q[r->n] = v[COL_Q];
    r->n++;
    pt->pos = (size_t)(s - pt->text);
    return true;
}

/* Text a mapped part has read gives its pages back at least this much at
 * a time: a file's pages count in the resident size while mapped, and a
 * 10^7-row file takes 46 bytes per row, more than the table itself. */
#define RELEASE_MIN ((size_t)4 << 20)

/* Gives back the pages of a mapped file that lie wholly in the part's
 * rows read so far. A page read again later (row_line's count for a
 * message) comes back from the file, unchanged: the load refuses a file
 * that changed. Text that read() got is never given back. */
static void release_text(struct part *pt)
{
    if (!pt->from_map)
        return;
    long ps = sysconf(_SC_PAGESIZE);
    size_t page = ps > 0 ? (size_t)ps : 4096;
    uintptr_t base = (uintptr_t)pt->text;
    uintptr_t lo = (base + pt->released + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t hi = (base + pt->pos) & ~(uintptr_t)(page - 1);
    if (hi <= lo || hi - lo < RELEASE_MIN)
        return;
    (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
    pt->released = hi - base;
}

/* Reads the data rows of a part (the columns are known). */
static bool parse_rows(struct part *pt)
{
    struct parser *ps = &pt->ps;
    size_t begin = pt->begin = pt->released = pt->pos;
    bool fast = ps->sep != TABLE_SEP_BLANKS && table_fast_rows;
    while (pt->pos < pt->end) {
        if ((ps->line_no & (PROGRESS_LINES - 1)) == 0) {
            atomic_store_explicit(&pt->done, pt->pos - begin,
                                  memory_order_relaxed);
            if (ps->pr)
                progress_report(pt);
            release_text(pt);
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
    fields_free(&pt->ps.fl);
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
    table_label_keys_ready();   /* before any thread hashes a label */
    struct part a;
    memset(&a, 0, sizeof a);
    a.ps.name = name;
    a.ps.err = err;
    if (pr && pr->fn && len >= TABLE_PROGRESS_MIN) {
        a.ps.pr = pr;
        a.ps.pr_last = clock_seconds();
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
        (void)c_locale_get();   /* created once, before any thread */
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
            ok = fail_at(&a.ps, 0, _("more than %zu rows; klx handles at "
                            "most that many"), DIST_MAX_ENTRIES);
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
        ok = error_set(err, _("%s: no data rows (hint: each row holds p and "
                          "q, e.g. \"0.5,0.9\")"), name);
    if (ok && labels)
        ok = check_duplicates(&a.ps, r, &data);
    if (ok && meta)
        *meta = a.meta;
    return ok;
}

bool table_parse_input(const char *text, size_t len, const char *name,
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
    if (ok &&
        (!dist_normalize_lost(r.p, r.n, _("column p"), &ps_sum, &pl, err) ||
         !dist_normalize_lost(r.q, r.n, _("column q"), &qs_sum, &ql, err))) {
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
    return table_parse_input(text, len, name, false, out, meta, NULL, err);
}
