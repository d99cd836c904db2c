/* klx-bench: how fast klx's core is, for n = 10^3, 10^5, 10^6, 10^7.
 *
 *   kernel   divergence_kl: both KL directions, compensated sums (ns/entry)
 *   all      divergence_compute: everything the measures panel shows
 *   scalar   divergence_compute_scalar: the reference path (ns/entry)
 *   renyi    renyi_divergence of order 1/2 (the explorer's default), one
 *            direction (ns/entry)
 *   veclog   ln(p/q) alone through glibc's libmvec, summed (ns/entry)
 *   ownlog   ln(p/q) alone through klx's own logarithm (the kernel's
 *            k_term without the sums), summed, one thread (ns/entry): the
 *            floor of the log the kernel uses
 *   parse    table_parse of a "p,q" CSV text with 17 digits (MB/s)
 *   parse-l  the same with a label column ("tok1,...": label storage and
 *            the duplicate check too), as `klx file.csv` reads (MB/s)
 *   edit     `set p I V` through the command language plus the recompute
 *            (KL both ways, as the REPL keeps the session), at n = 10^6
 *            only (ms)
 *   edit_view  the same `set` as the explorer keeps the session (KL with
 *            per-term values) plus the binned overview a frame draws (ms)
 *   edit_frame  key to frame: the explorer's `l` key (step the selected
 *            value: rescale, KL with per-term values) and the whole frame
 *            of 80 x 24 built (tui/frame.c; the painting to the terminal
 *            aside), at n = 10^6 and 10^7 (ms); frame_key: the key's part
 *            (the command with its recompute)
 *   memory   peak resident memory of a child that loads a p,q table file
 *            and applies one edit (one undo step), as the REPL keeps the
 *            session (bytes; mem/entry: the same per entry)
 *   memory-l   the same with a column of 8-byte labels
 *   memory_view, memory_view-l  the same as the explorer keeps the
 *            session (per-term values kept, the next edit's array warmed)
 *   fit      `fit gauss both` through the command language (both fits,
 *            forward and reverse) on a two-mode P (two Gaussian bumps on a
 *            floor, Q uniform), at n = 2*10^5, the largest fitted (or at
 *            --n N when N is no larger); median of 5 runs (3 with --quick)
 *            and their spread (ms)
 *   fit_cpu  the same runs' CPU time (ms): the figure to compare on a
 *            machine that others share
 *   joint_mi   joint_compute of a 1000 x 1000 joint table (the largest;
 *            with --n N, the largest square of at most N cells): the
 *            marginals, the product, I(X;Y), the reverse KL and the
 *            entropies; median of 9 runs (3 with --quick) (ms)
 *   joint_set  `joint set X Y V` through the command language on it (ms)
 *   joint_frame  key to frame in the explorer's joint view on a 64 x 64
 *            table (with --n N, the largest square of at most N cells):
 *            Shift-Right and Shift-Left in turn on a cell (`joint set`,
 *            the others rescaled, an undo step) and the whole frame of
 *            80 x 24 (tui/frame_joint.c: the stats, the maps, the
 *            totals); median of 21 keys (ms); joint_frame_key: the key's
 *            part
 *   param_frame  key to frame while a family's parameter moves: P =
 *            binom N 0.3 and Q = binom N 0.5 with N = 10^4 (10^4 + 1
 *            entries; with --n, N = n - 1), the parameter line on and
 *            theta selected, Right and Left in turn (each a `param p theta
 *            V`: the family evaluated, KL with per-term values) and the
 *            whole frame of 80 x 24 built; median of 21 keys (ms)
 *   sweep200 `sweep q.theta 0.05 0.95 200` on that pair through the
 *            command language: 200 evaluations of the family and of KL
 *            both ways, and the chart; median of 5 runs (3 with --quick)
 *            (ms)
 *
 * Times are medians of repeated runs. The data: p_i ~ exp(-10 u) and
 * q_i ~ exp(-10 v) (normalized), u and v from splitmix64 with seeds 1 and
 * 2 (bench_data.h; bench/compare-scipy makes the same arrays).
 *
 * Usage: klx-bench [--json] [--n N] [--isa auto|portable|avx2|avx512]
 *                  [--threads 1|2] [--quick] [--only GROUP,...]
 * --only runs only the named lines or groups: kernel, all, renyi, veclog,
 * ownlog, scalar (each alone; any of them adds `threads`, the threads
 * the kernel ran on), parse, edit (edit, edit_view, edit_frame), memory,
 * sample, fit, joint, family (param_frame, sweep200). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_data.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/command.h"
#include "core/divergence.h"
#include "core/error.h"
#include "core/fit.h"
#include "core/halves.h"
#include "core/kernel.h"
#include "core/num.h"
#include "core/overview.h"
#include "core/renyi.h"
#include "core/sample.h"
#include "core/session.h"
#include "core/table.h"
#include "explorer.h"
#include "frame.h"
#include "keymap.h"

#if defined(KLX_BENCH_MVEC) && defined(__x86_64__)
/* glibc declares the vector variants only under -ffast-math; declaring
 * them here lets `omp simd` call libmvec without -ffast-math. */
__attribute__((simd("notinbranch"))) double log(double);
#endif

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, num_compare);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static bool json;
static double sink;
static const char *only_groups;   /* --only: comma-separated, or NULL */

/* Whether group g runs (every group without --only). */
static bool wanted(const char *g)
{
    if (!only_groups)
        return true;
    size_t len = strlen(g);
    for (const char *s = only_groups; *s;) {
        const char *end = strchr(s, ',');
        size_t k = end ? (size_t)(end - s) : strlen(s);
        if (k == len && strncmp(s, g, k) == 0)
            return true;
        s += k + (end != NULL);
    }
    return false;
}

static void report(const char *what, size_t n, double value,
                   const char *unit)
{
    if (json)
        printf("{\"what\": \"%s\", \"n\": %zu, \"value\": %.6g, "
               "\"unit\": \"%s\"}\n", what, n, value, unit);
    else
        printf("%-8s n=%-9zu %14.4g %s\n", what, n, value, unit);
    fflush(stdout);
}

static int reps_for(size_t n, int base)
{
    long r = (long)(2e7 / (double)n);
    if (r > base)
        r = base;
    return r < 3 ? 3 : (int)r;
}

/* ns per entry of fn(ctx), median over runs. */
static double time_ns(int reps, size_t n, void (*fn)(void *), void *ctx)
{
    double t[64];
    int r = reps > 64 ? 64 : reps;
    for (int i = 0; i < r; i++) {
        double t0 = bench_now();
        fn(ctx);
        t[i] = (bench_now() - t0) * 1e9 / (double)n;
    }
    return median(t, r);
}

struct job {
    const double *p, *q;
    size_t n;
    double *tmp;
    struct divergence d;
    void (*divergence)(const double *p, const double *q, size_t n,
                       struct divergence *out);
};

static double veclog_sum(const double *p, const double *q, size_t n,
                         double *tmp)
{
    /* the same shape as the kernel: ln(p/q) per entry into a buffer, then
     * a sum; libmvec does the log when available */
#if defined(KLX_BENCH_MVEC)
#pragma omp simd
#endif
    for (size_t i = 0; i < n; i++)
        tmp[i] = log(p[i] / q[i]);
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += tmp[i];
    return s;
}

#if defined(KLX_BENCH_MVEC) && defined(__x86_64__)
__attribute__((target("avx2"))) static double
veclog_avx2(const double *p, const double *q, size_t n, double *tmp)
{
    return veclog_sum(p, q, n, tmp);
}
__attribute__((target("avx512f,avx512dq,avx512vl"))) static double
veclog_avx512(const double *p, const double *q, size_t n, double *tmp)
{
    return veclog_sum(p, q, n, tmp);
}
#endif

static double veclog(const double *p, const double *q, size_t n,
                     double *tmp)
{
#if defined(KLX_BENCH_MVEC) && defined(__x86_64__)
    switch (kernel_isa()) {
    case KERNEL_ISA_AVX512: return veclog_avx512(p, q, n, tmp);
    case KERNEL_ISA_AVX2: return veclog_avx2(p, q, n, tmp);
    default: break;
    }
#endif
    return veclog_sum(p, q, n, tmp);
}

struct ownlog_job {
    const double *p, *q;
    size_t n;
    double *tmp, sum;
};

KINLINE void ownlog_run(struct ownlog_job *j)
{
    j->sum = bench_ownlog_sum(j->p, j->q, j->n, j->tmp);
}

ISA_RUNNER(ownlog_isa, ownlog_run, struct ownlog_job)

static void make_text(const double *p, const double *q, size_t n,
                      bool labels, struct buf *text)
{
    buf_reset(text);
    buf_append(text, labels ? "label,p,q\n" : "p,q\n");
    for (size_t i = 0; i < n; i++) {
        if (labels)
            buf_printf(text, "tok%zu,", i);
        buf_printf(text, "%.17g,%.17g\n", p[i], q[i]);
    }
}

/* One of the divergence entry points (j->divergence) over the table. */
static void job_divergence(void *ctx)
{
    struct job *j = ctx;
    j->divergence(j->p, j->q, j->n, &j->d);
    sink += j->d.pq.total + j->d.qp.total;
}

static double time_divergence(int reps, struct job *j,
                              void (*fn)(const double *, const double *,
                                         size_t, struct divergence *))
{
    j->divergence = fn;
    return time_ns(reps, j->n, job_divergence, j);
}

static void job_renyi(void *ctx)
{
    struct job *j = ctx;
    sink += renyi_divergence(j->p, j->q, j->n, 0.5, 0.0);
}

static void job_veclog(void *ctx)
{
    struct job *j = ctx;
    sink += veclog(j->p, j->q, j->n, j->tmp);
}

static void job_ownlog(void *ctx)
{
    struct job *j = ctx;
    struct ownlog_job o = {j->p, j->q, j->n, j->tmp, 0};
    ownlog_isa(&o);
    sink += o.sum;
}

static void bench_kernel(const double *p, const double *q, size_t n)
{
    struct job j;
    memset(&j, 0, sizeof j);
    j.p = p;
    j.q = q;
    j.n = n;
    j.tmp = malloc(n * sizeof(double));
    if (!j.tmp)
        abort();
    int reps = reps_for(n, 31);
    j.divergence = divergence_kl;
    job_divergence(&j);   /* warm the caches and the dispatch */
    if (wanted("kernel"))
        report("kernel", n, time_divergence(reps, &j, divergence_kl),
               "ns/entry");
    if (wanted("all"))
        report("all", n, time_divergence(reps, &j, divergence_compute),
               "ns/entry");
    if (wanted("renyi"))
        report("renyi", n, time_ns(reps, n, job_renyi, &j), "ns/entry");
    if (wanted("veclog"))
        report("veclog", n, time_ns(reps, n, job_veclog, &j), "ns/entry");
    if (wanted("ownlog"))
        report("ownlog", n, time_ns(reps, n, job_ownlog, &j), "ns/entry");
    int sreps = n >= 10000000 ? 1 : reps_for(n, 5);
    if (wanted("scalar"))
        report("scalar", n,
               time_divergence(sreps, &j, divergence_compute_scalar),
               "ns/entry");
    free(j.tmp);
}

static void bench_parse(const double *p, const double *q, size_t n,
                        bool labels)
{
    struct buf text;
    buf_init(&text);
    make_text(p, q, n, labels, &text);
    int reps = n >= 10000000 ? 3 : reps_for(n, 7);
    double t[16];
    for (int i = 0; i < reps && i < 16; i++) {
        struct table tb;
        struct error err;
        table_init(&tb);
        double t0 = bench_now();
        if (!table_parse(text.s, text.len, "bench", &tb, NULL, &err)) {
            fprintf(stderr, "klx-bench: %s\n", err.msg);
            exit(1);
        }
        t[i] = bench_now() - t0;
        table_free(&tb);
    }
    double s = median(t, reps < 16 ? reps : 16);
    report(labels ? "parse-l" : "parse", n, (double)text.len / s / 1e6,
           "MB/s");
    buf_free(&text);
}

/* `set p I V` through the command language, 21 times, the median. As
 * the REPL keeps the session (`edit`: KL both ways), or as the explorer
 * does (`edit_view`: KL with the per-term values, plus the binned overview
 * a frame draws, 48 rows; the drawing itself aside). The explorer warms
 * the next edit's array while the user is idle (session_warm), so the
 * edit is what a key press costs; both are measured that way. */
/* A session holding p and q (and d what it wants of them), or exit. */
static void session_of(struct session *s, struct derived *d,
                       const double *p, const double *q, size_t n)
{
    struct error err;
    session_init(s);
    if (!session_set_both(s, d, p, q, n, NULL, &err)) {
        fprintf(stderr, "klx-bench: %s\n", err.msg);
        exit(1);
    }
}

/* The session with the command language over it, as a front end holds
 * them; the caller fills r->s after runner_init (the command's derived
 * says what a recompute fills). */
struct runner {
    struct session s;
    struct command c;
    struct buf out;
};

static void runner_init(struct runner *r)
{
    command_init(&r->c, &r->s);
    buf_init(&r->out);
}

/* Runs one command line, or exits saying why it failed. */
static void runner_run(struct runner *r, const char *line)
{
    struct error err;
    buf_reset(&r->out);
    if (command_run(&r->c, line, &r->out, &err) != CMD_OK) {
        fprintf(stderr, "klx-bench: %s: %s\n", line, err.msg);
        exit(1);
    }
}

static void runner_free(struct runner *r)
{
    buf_free(&r->out);
    command_free(&r->c);
    session_free(&r->s);
}

static void bench_edit(const double *p, const double *q, size_t n, bool view)
{
    struct runner r;
    runner_init(&r);
    derived_want_terms(&r.c.derived, view);
    session_of(&r.s, &r.c.derived, p, q, n);
    struct overview_bin bins[48];
    double t[21];
    for (int i = 0; i < 21; i++) {
        char line[64];
        snprintf(line, sizeof line, "set %c %zu %.3f", i % 2 ? 'q' : 'p',
                 (size_t)(i * 7919) % n + 1, 0.001 * (i + 1));
        session_warm(&r.s);
        double t0 = bench_now();
        runner_run(&r, line);
        if (view) {
            overview_bins(r.s.table.p, r.s.table.q, r.c.derived.fwd,
                          r.c.derived.rev, n, 48, bins);
            sink += bins[0].fwd;
        }
        t[i] = (bench_now() - t0) * 1e3;
    }
    report(view ? "edit_view" : "edit", n, median(t, 21), "ms");
    runner_free(&r);
}

/* Keys a and b in turn, 21 of them, each followed by the whole frame of
 * 80 x 24, as tui/tui.c's loop does (the next edit's array warmed
 * between keys, as the loop does while the user is idle); reports the
 * median key to frame as `what` and the key's part as `what_key`. */
static void key_to_frame(struct explorer *e, struct session *s, int a, int b,
                         const char *what, const char *what_key, size_t n)
{
    struct frame f;
    memset(&f, 0, sizeof f);
    frame_build(&f, 80, 24, &e->view, s, NULL);
    double t[21], tk[21];
    for (int i = 0; i < 21; i++) {
        session_warm(s);
        unsigned long id = s->next_id;
        double t0 = bench_now();
        explorer_key(e, i % 2 ? b : a, NULL);
        double t1 = bench_now();
        frame_build(&f, 80, 24, &e->view, s, NULL);
        t[i] = (bench_now() - t0) * 1e3;
        tk[i] = (t1 - t0) * 1e3;
        if (s->next_id == id) {
            fprintf(stderr, "klx-bench: the key changed nothing\n");
            exit(1);
        }
    }
    report(what, n, median(t, 21), "ms");
    report(what_key, n, median(tk, 21), "ms");
    frame_free(&f);
}

/* Key to frame in the explorer, as tui/tui.c's loop does it: the key
 * (`l` and `h` in turn: step the selected value, which rescales the
 * others, and recompute KL with the per-term values), then the whole
 * frame of 80 x 24; the next edit's array is warmed between keys, as the
 * loop does while the user is idle. The median of 21 keys. */
static void bench_frame(const double *p, const double *q, size_t n)
{
    struct runner r;
    runner_init(&r);
    derived_want_terms(&r.c.derived, true);
    session_of(&r.s, &r.c.derived, p, q, n);
    struct explorer e;
    explorer_init(&e, &r.c, true, true, false, true);
    key_to_frame(&e, &r.s, 'l', 'h', "edit_frame", "frame_key", n);
    explorer_free(&e);
    runner_free(&r);
}

/* The child of bench_memory, in a process of its own (exec'ed, so that
 * none of the parent's memory counts): loads the file, edits once (one
 * undo step), and prints its peak resident memory in bytes. view: as the
 * explorer keeps the session (per-term values, the spare array warmed
 * after the edit as the loop does after a frame). */
static int memory_child(const char *path, bool view)
{
    struct session s;
    struct error err;
    session_init(&s);
    struct derived d;
    derived_init(&d);
    derived_want_terms(&d, view);
    if (!session_load(&s, &d, path, NULL, &err) ||
        !session_set_entry(&s, &d, WHICH_P, 0, 0.25, &err)) {
        fprintf(stderr, "klx-bench: %s\n", err.msg);
        return 1;
    }
    if (view)
        session_warm(&s);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%ld\n", ru.ru_maxrss * 1024L);
    derived_free(&d);
    session_free(&s);
    return 0;
}

/* Peak resident memory of a child loading p, q (with 8-byte labels when
 * labels) and editing once; reported in bytes and bytes per entry. */
static void bench_memory(const double *p, const double *q, size_t n,
                         bool labels, bool view)
{
    char path[] = "/tmp/klx-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "klx-bench: mkstemp: %s\n", strerror(errno));
        return;
    }
    FILE *f = fdopen(fd, "w");
    if (!f)
        abort();
    fputs(labels ? "label,p,q\n" : "p,q\n", f);
    for (size_t i = 0; i < n; i++) {
        if (labels)
            fprintf(f, "%08zx,", i);
        fprintf(f, "%.17g,%.17g\n", p[i], q[i]);
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "/proc/%ld/exe --memory-child%s %s",
             (long)getpid(), view ? "-view" : "", path);
    fflush(stdout);
    FILE *c = popen(cmd, "r");
    long peak = -1;
    if (c) {
        if (fscanf(c, "%ld", &peak) != 1)
            peak = -1;
        pclose(c);
    }
    unlink(path);
    if (peak <= 0)
        return;
    char what[32];
    snprintf(what, sizeof what, "%s%s", view ? "memory_view" : "memory",
             labels ? "-l" : "");
    report(what, n, (double)peak, "bytes");
    snprintf(what, sizeof what, "%s%s", view ? "mem_view/entry" : "mem/entry",
             labels ? "-l" : "");
    report(what, n, (double)peak / (double)n, "bytes");
}

static int threads_opt;   /* --threads, or 0 */

/* The threads halves_run uses for n entries. */
static double threads_used(size_t n)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int max = threads_opt > 0 ? threads_opt : cpus >= 2 ? 2 : 1;
    return n >= HALVES_THREAD_MIN && max >= 2 ? 2 : 1;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void spread(const double *t, int reps, const char *unit)
{
    double lo = t[0], hi = t[0];
    for (int i = 1; i < reps; i++) {
        lo = fmin(lo, t[i]);
        hi = fmax(hi, t[i]);
    }
    if (!json)
        printf("%-8s %d runs: %.4g to %.4g %s\n", "", reps, lo, hi, unit);
}

static void bench_fit(size_t n, int reps)
{
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    if (!p || !q)
        abort();
    for (size_t i = 0; i < n; i++) {
        double x = (double)i / (double)n;
        double a = (x - 0.3) / 0.05, b = (x - 0.75) / 0.08;
        p[i] = exp(-a * a / 2) + 0.6 * exp(-b * b / 2) + 1e-4;
        q[i] = 1;
    }
    struct runner r;
    runner_init(&r);
    session_of(&r.s, NULL, p, q, n);
    double t[16], cpu[16];
    if (reps > 16)
        reps = 16;
    for (int i = 0; i < reps; i++) {
        double t0 = bench_now(), c0 = cpu_now();
        runner_run(&r, "fit gauss both");
        cpu[i] = (cpu_now() - c0) * 1e3;
        t[i] = (bench_now() - t0) * 1e3;
    }
    report("fit", n, median(t, reps), "ms");
    spread(t, reps, "ms");
    report("fit_cpu", n, median(cpu, reps), "ms");
    spread(cpu, reps, "ms");
    runner_free(&r);
    free(p);
    free(q);
}

/* A runner whose session holds a side x side joint table of the
 * benchmark's data (seed 3), or exit. */
static void joint_runner(struct runner *r, size_t side)
{
    size_t n = side * side;
    double *v = malloc(n * sizeof *v);
    if (!v)
        abort();
    bench_data_fill(v, n, 3);
    struct error err;
    session_init(&r->s);
    if (!joint_from_values(&r->s.joint, side, side, v, &err)) {
        fprintf(stderr, "klx-bench: joint: %s\n", err.msg);
        exit(1);
    }
    free(v);
    runner_init(r);
}

/* I(X;Y) of a side x side joint table: joint_compute (marginals, product,
 * I, both directions, the entropies), and an edit of one cell through the
 * command language (copy, rescale, undo step, totals). */
static void bench_joint(size_t side, int reps)
{
    size_t n = side * side;
    struct runner r;
    joint_runner(&r, side);
    double t[16], e[16];
    if (reps > 16)
        reps = 16;
    for (int i = 0; i < reps; i++) {
        struct joint_stats st;
        double t0 = bench_now();
        joint_compute(&r.s.joint, &st);
        t[i] = (bench_now() - t0) * 1e3;
        sink += st.mi;
        joint_stats_free(&st);
        char line[64];
        snprintf(line, sizeof line, "joint set %zu %zu 0.%03d",
                 (size_t)i % side + 1, (size_t)(i * 7) % side + 1, i + 1);
        t0 = bench_now();
        runner_run(&r, line);
        e[i] = (bench_now() - t0) * 1e3;
    }
    report("joint_mi", n, median(t, reps), "ms");
    report("joint_set", n, median(e, reps), "ms");
    runner_free(&r);
}

/* Key to frame in the joint view, as bench_frame is for P and Q: a cell
 * raised and lowered by the step in turn (Shift-Right, Shift-Left), each
 * followed by the whole frame of 80 x 24. */
static void bench_joint_frame(size_t side)
{
    size_t n = side * side;
    struct runner r;
    joint_runner(&r, side);
    struct explorer e;
    explorer_init(&e, &r.c, true, true, false, true);
    runner_run(&r, "view joint");
    key_to_frame(&e, &r.s, KM_SRIGHT, KM_SLEFT, "joint_frame",
                 "joint_frame_key", n);
    explorer_free(&e);
    runner_free(&r);
}

/* A family's parameter moved by key, and a sweep over it (param_frame,
 * sweep200 above), on binomials of n entries. */
static void bench_family(size_t n, int reps)
{
    struct runner r;
    runner_init(&r);
    derived_want_terms(&r.c.derived, true);
    session_init(&r.s);
    char line[96];
    snprintf(line, sizeof line, "p binom %zu 0.3", n > 1 ? n - 1 : 1);
    runner_run(&r, line);
    snprintf(line, sizeof line, "q binom %zu 0.5", n > 1 ? n - 1 : 1);
    runner_run(&r, line);
    struct explorer e;
    explorer_init(&e, &r.c, true, true, false, true);
    struct frame f;
    memset(&f, 0, sizeof f);
    /* a frame first: the explorer takes keys once it knows the screen */
    frame_build(&f, 80, 24, &e.view, &r.s, NULL);
    explorer_key(&e, 'p', NULL);
    explorer_key(&e, '\t', NULL);   /* theta */
    if (!e.view.params || e.view.param != 1) {
        fprintf(stderr, "klx-bench: no parameter line on theta\n");
        exit(1);
    }
    frame_build(&f, 80, 24, &e.view, &r.s, NULL);
    double t[21];
    for (int i = 0; i < 21; i++) {
        session_warm(&r.s);
        unsigned long id = r.s.next_id;
        double t0 = bench_now();
        explorer_key(&e, i % 2 ? KM_LEFT : KM_RIGHT, NULL);
        frame_build(&f, 80, 24, &e.view, &r.s, NULL);
        t[i] = (bench_now() - t0) * 1e3;
        if (r.s.next_id == id) {
            fprintf(stderr, "klx-bench: the parameter did not move\n");
            exit(1);
        }
    }
    report("param_frame", r.s.table.n, median(t, 21), "ms");
    frame_free(&f);
    explorer_free(&e);
    double ts[5];
    for (int i = 0; i < reps; i++) {
        double t0 = bench_now();
        runner_run(&r, "sweep q.theta 0.05 0.95 200");
        ts[i] = (bench_now() - t0) * 1e3;
    }
    report("sweep200", r.s.table.n, median(ts, reps), "ms");
    spread(ts, reps, "ms");
    runner_free(&r);
}

/* `sample`'s work: 10^6 draws (the alias table built included) from an
 * n-entry P, with the running mean, counts and plug-in estimate. */
static void bench_sample(const double *p, const double *q, size_t n)
{
    double t[5];
    for (int i = 0; i < 5; i++) {
        struct sample_result r;
        struct error err;
        double t0 = bench_now();
        if (!sample_run(p, q, n, 1000000, (uint64_t)i + 1, NULL, NULL, &r,
                        &err)) {
            fprintf(stderr, "klx-bench: sample: %s\n", err.msg);
            exit(1);
        }
        t[i] = (bench_now() - t0) * 1e3;
        sink += r.mean;
        sample_result_free(&r);
    }
    report("sample", n, median(t, 5), "ms per 10^6 draws");
}

int main(int argc, char **argv)
{
    size_t only = 0;
    bool quick = false;
    if (argc == 3 && strcmp(argv[1], "--memory-child") == 0)
        return memory_child(argv[2], false);
    if (argc == 3 && strcmp(argv[1], "--memory-child-view") == 0)
        return memory_child(argv[2], true);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
            char *end;
            only = (size_t)strtod(argv[++i], &end);
            if (*end || only < 1 || only > 10000000) {
                fprintf(stderr, "klx-bench: --n takes 1 to 1e7\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only_groups = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads_opt = atoi(argv[++i]);
            halves_set_threads(threads_opt);
        } else if (strcmp(argv[i], "--isa") == 0 && i + 1 < argc) {
            const char *s = argv[++i];
            enum kernel_isa isa =
                strcmp(s, "portable") == 0 ? KERNEL_ISA_PORTABLE
                : strcmp(s, "avx2") == 0   ? KERNEL_ISA_AVX2
                : strcmp(s, "avx512") == 0 ? KERNEL_ISA_AVX512
                                           : KERNEL_ISA_AUTO;
            if (!kernel_set_isa(isa)) {
                fprintf(stderr, "klx-bench: this CPU has no %s\n", s);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: klx-bench [--json] [--n N] [--isa "
                    "auto|portable|avx2|avx512] [--threads 1|2] "
                    "[--quick] [--only GROUP,...]\n");
            return 2;
        }
    }
    if (!json) {
        printf("klx-bench: kernel for %s; veclog uses %s; reproduce with: ",
               kernel_isa_name(kernel_isa()),
#if defined(KLX_BENCH_MVEC)
               "libmvec"
#else
               "scalar libm"
#endif
               );
        for (int i = 0; i < argc; i++)
            printf("%s%s", i ? " " : "", argv[i]);
        printf("\n");
    }
    static const size_t sizes[] = {1000, 100000, 1000000, 10000000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = only ? only : sizes[k];
        double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
        if (!p || !q)
            abort();
        bench_data_fill(p, n, 1);
        bench_data_fill(q, n, 2);
        if (wanted("kernel") || wanted("all") || wanted("renyi") ||
            wanted("veclog") || wanted("ownlog") || wanted("scalar")) {
            bench_kernel(p, q, n);
            report("threads", n, threads_used(n), "");
        }
        if (wanted("parse")) {
            bench_parse(p, q, n, false);
            bench_parse(p, q, n, true);
        }
        bool edit_n = n == 1000000 || (only && n <= 1000000);
        if (edit_n && wanted("edit")) {
            bench_edit(p, q, n, false);
            bench_edit(p, q, n, true);
        }
        if ((edit_n || n == 10000000) && wanted("edit"))
            bench_frame(p, q, n);
        if (edit_n && wanted("sample"))
            bench_sample(p, q, n);
        if (!quick && wanted("memory")) {
            for (int m = 0; m < 4; m++)
                bench_memory(p, q, n, m & 1, m & 2);
        }
        free(p);
        free(q);
        if (only)
            break;
    }
    if ((!only || only <= FIT_MAX_ENTRIES) && wanted("fit"))
        bench_fit(only ? only : FIT_MAX_ENTRIES, quick ? 3 : 5);
    size_t side = 1000;
    while (only && side * side > only && side > 1)
        side--;
    if (wanted("joint"))
        bench_joint(side, quick ? 3 : 9);
    side = 64;
    while (only && side * side > only && side > 1)
        side--;
    if (wanted("joint"))
        bench_joint_frame(side);
    if (wanted("family") || wanted("param_frame") || wanted("sweep200"))
        bench_family(only ? only : 10000, quick ? 3 : 5);
    if (sink == 42.0)
        puts("");
    return 0;
}
