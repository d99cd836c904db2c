/* table_io: tables and files. The writer, loads (a regular file mapped,
 * with a SIGBUS guard, anything else read), refusal of a file that
 * changes while read, and atomic saves. */
/* MAP_ANONYMOUS (mmap) */
#define _DEFAULT_SOURCE 1

#include "table.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "file.h"
#include "i18n.h"
#include "label.h"
#include "num.h"
#include "table_internal.h"

#ifdef KLX_TEST_HOOKS
bool (*table_save_fault_hook)(const char *tmp_path);
void (*table_read_hook)(size_t done);
#endif

void table_write(const struct table *t, const struct table_meta *meta,
                 struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF];
    if (meta && meta->comments)
        buf_append(out, meta->comments);
    buf_append(out, "# klx table: probabilities P and Q per entry\n");
    if (meta && meta->has_base)
        buf_printf(out, "# klx: base=%s\n", log_base_name(meta->base));
    buf_append(out, "label,p,q\n");
    for (size_t i = 0; i < t->n; i++) {
        label_write(out, t->labels[i]);
        /* A zero is written 0: "-0" reads back, but says a sign that a
         * probability does not have. */
        buf_printf(out, ",%s,%s\n",
                   num_roundtrip(a, sizeof a, t->p[i] == 0 ? 0 : t->p[i]),
                   num_roundtrip(b, sizeof b, t->q[i] == 0 ? 0 : t->q[i]));
    }
}

/* Whether a comment line is one table_write writes itself. */
static bool klx_line(const char *line)
{
    const char *s = line + 1;
    while (*s == ' ' || *s == '\t')
        s++;
    return strncasecmp(s, "klx", 3) == 0;
}

/* More than this many bytes of leading comments are not kept. */
#define COMMENTS_MAX ((size_t)64 << 10)

char *table_leading_comments(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    struct buf kept;
    buf_init(&kept);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        size_t blank = strspn(line, " \t\r\n");
        if (blank == (size_t)len)
            continue;
        if (line[0] != '#' || kept.len + (size_t)len > COMMENTS_MAX)
            break;
        if (klx_line(line))
            continue;
        buf_append(&kept, line);
        if (line[len - 1] != '\n')
            buf_putc(&kept, '\n');
    }
    free(line);
    fclose(f);
    char *text = kept.len ? buf_take(&kept) : NULL;
    buf_free(&kept);
    return text;
}

/* Bytes asked of one fread: a few chunks, so that the NUL check below
 * looks at bytes still in the cache. */
#define READ_STEP (4 * TABLE_READ_CHUNK)

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
    return error_set(err, _("%s: load cancelled; nothing changed"), path);
}

/* Reads f to its end into *text (NUL-terminated, *len bytes; the caller
 * frees it): for standard input, pipes, /dev and /proc files, and what
 * cannot be mapped. A regular file must look the same afterwards (st: its
 * fstat before the first read), or it would load in part. Reading stops
 * after the TABLE_READ_CHUNK-aligned chunk holding the first NUL byte: the
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
            stop = ((size_t)(z - s) / TABLE_READ_CHUNK + 1) * TABLE_READ_CHUNK;
        else if (stop == SIZE_MAX && n > TABLE_MAX_FILE) {
            ok = error_set(err, _("%s: more than %zu MiB; the limit is %zu "
                              "MiB (hint: is this really a table?)"), path,
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
            ok = error_set(err, _("%s: cannot read: %s"), path, strerror(e));
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
        ok = error_set(err, _("%s: changed while being read (hint: load it "
                          "again once the program writing it is done)"), path);
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
 * the kernel must zero (doc/performance.md). But pages of a mapped file that
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
    bool ok = table_parse_input(map, size, name, true, &t, &m, pr, err);
    sigaction(SIGBUS, &map_old_bus, NULL);
    map_lo = map_hi = NULL;
    struct stat after;
    if (map_vanished || fstat(fileno(f), &after) != 0 ||
        !file_unchanged(st, &after)) {
        table_free(&t);
        return error_set(err, _("%s: changed while being read (hint: load "
                            "it again once the program writing it is done)"),
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
        return error_set(err, _("%s: cannot open: %s"), path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        memset(&st, 0, sizeof st);   /* st_mode 0: read as a stream */
    if (!use_stdin && S_ISDIR(st.st_mode)) {
        fclose(f);
        return error_set(err, _("%s: is a directory (hint: name a table "
                            "file, e.g. data/seed.csv)"), path);
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
        ok = error_set(err, _("%s: the file is empty (hint: each row holds p "
                          "and q, e.g. \"0.5,0.9\")"), name);
    if (ok)
        ok = table_parse_input(text, len, name, false, out, meta, pr, err);
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
