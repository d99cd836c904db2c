/* klx: main parses the options, sets up the session, and picks a mode. */
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "command.h"
#include "command_family.h"
#include "config.h"
#include "options.h"
#include "output.h"
#include "parse.h"
#include "preset.h"
#include "repl.h"
#include "report.h"
#include "session.h"
#include "tui.h"

/* The progress line of a long startup load on a terminal's stderr:
 * "klx: loading FILE: 42%", rewritten in place, shown once the load has
 * taken LOAD_PROGRESS_AFTER seconds and erased when it ends. Nothing when
 * stderr is not a terminal. In a test build, KLX_TEST_PROGRESS_ALWAYS=1
 * shows it from the start, so a test need not make a load slow. */
#define LOAD_PROGRESS_AFTER 0.5

struct load_progress {
    const char *name;
    double start;
    double after;       /* seconds before the line appears */
    int shown;          /* width of the line on screen, 0 when none */
};

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void load_progress_erase(struct load_progress *lp)
{
    if (lp->shown)
        fprintf(stderr, "\r%*s\r", lp->shown, "");
    fflush(stderr);
    lp->shown = 0;
}

static void load_progress_show(void *ctx, size_t done, size_t total)
{
    struct load_progress *lp = ctx;
    if (total == 0 || (!lp->shown && monotonic() - lp->start < lp->after))
        return;
    unsigned pct = (unsigned)((double)done * 100.0 / (double)total);
    int w = fprintf(stderr, "\rklx: loading %s: %u%%", lp->name, pct) - 1;
    if (w < lp->shown)   /* never shorter, but keep the line clean */
        fprintf(stderr, "%*s", lp->shown - w, "");
    if (w > lp->shown)
        lp->shown = w;
    fflush(stderr);
    if (done >= total)
        load_progress_erase(lp);
}

/* Starting data from the command line: a FILE, or -p / -q. */
static bool load_input(struct session *s, const struct options *o,
                       struct error *err)
{
    if (o->file) {
        char *shown = xstrdup(o->file);   /* printed on the terminal */
        error_sanitize(shown);
        struct load_progress lp = {shown, monotonic(), LOAD_PROGRESS_AFTER,
                                   0};
#ifdef KLX_TEST_HOOKS
        const char *always = getenv("KLX_TEST_PROGRESS_ALWAYS");
        if (always && strcmp(always, "1") == 0)
            lp.after = 0;
#endif
        struct table_progress pr = {load_progress_show, &lp, NULL};
        if (isatty(STDERR_FILENO))
            s->progress = &pr;
        bool ok = session_load(s, o->file, err);
        s->progress = NULL;
        load_progress_erase(&lp);
        free(shown);
        if (!ok)
            return false;
    } else if (o->preset) {
        struct preset_list l;
        if (!preset_list_load(&l, err))
            return false;
        const struct preset *p = preset_find(&l, o->preset, err);
        bool ok = p && session_load_preset(s, p->path, err);
        preset_list_free(&l);
        if (!ok)
            return false;
    } else if ((o->p_text || o->q_text) &&
               !command_family_wanted(o->p_text, o->q_text)) {
        struct numlist p, q;
        numlist_init(&p);
        numlist_init(&q);
        bool ok = (!o->p_text || parse_numbers(o->p_text, 1, &p, err) ||
                   (error_prefix(err, "-p"), false)) &&
                  (!o->q_text || parse_numbers(o->q_text, 1, &q, err) ||
                   (error_prefix(err, "-q"), false));
        if (ok && o->p_text && o->q_text && p.n != q.n)
            ok = error_set(err, "-p has %zu values but -q has %zu (hint: "
                           "P and Q need one value per entry each)", p.n,
                           q.n);
        if (ok) {
            struct table t;
            table_init(&t);
            /* Either one alone: the other is uniform over the same n. */
            const double *pv = o->p_text ? p.v : NULL;
            const double *qv = o->q_text ? q.v : NULL;
            size_t n = o->p_text ? p.n : q.n;
            double *u = calloc(n, sizeof *u);
            for (size_t i = 0; u && i < n; i++)
                u[i] = 1.0;
            ok = u && table_from_values(&t, pv ? pv : u, qv ? qv : u, n,
                                        err);
            free(u);
            if (ok)
                session_replace(s, &t, "start");
            table_free(&t);
        }
        numlist_free(&p);
        numlist_free(&q);
        if (!ok)
            return false;
    }
    if (o->has_base)
        session_set_base(s, o->base);
    session_mark_start(s);
    return true;
}

static int terminal_width(const struct options *o)
{
    if (o->width)
        return o->width;
    const char *cols = getenv("COLUMNS");
    if (cols && atoi(cols) >= 40 && atoi(cols) <= 1000)
        return atoi(cols);
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

static bool stdin_is_table(const struct options *o)
{
    return o->file && strcmp(o->file, "-") == 0;
}

/* Whether the explorer could read keys from the controlling terminal. */
static bool tty_for_keys(void)
{
    int fd = open("/dev/tty", O_RDONLY | O_NOCTTY);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

static enum mode pick_mode(const struct options *o)
{
    if (o->mode != MODE_AUTO)
        return o->mode;
    const char *term = getenv("TERM");
    bool dumb = !term || !*term || strcmp(term, "dumb") == 0;
    if (!isatty(STDOUT_FILENO) || dumb)
        return MODE_REPORT;
    /* `cat x.csv | klx -`: the table from the pipe, keys from /dev/tty. */
    if (isatty(STDIN_FILENO) || (stdin_is_table(o) && tty_for_keys()))
        return MODE_TUI;
    return MODE_REPORT;
}

/* Entries above which a report to a terminal lists only the largest. */
#define REPORT_TTY_MAX 200
#define REPORT_TTY_TOP 20

static int print_and_exit(struct command *cmd, const struct options *o,
                          enum mode m)
{
    struct buf out;
    buf_init(&out);
    size_t top = o->top;
    if (!o->has_top && cmd->session->table.n > REPORT_TTY_MAX &&
        isatty(STDOUT_FILENO))
        top = REPORT_TTY_TOP;
    if (m == MODE_JSON)
        report_json_top(cmd->session, top, &out);
    else
        report_text_top(cmd->session, cmd->width, cmd->unicode, top, &out);
    bool ok = output_write(out.s) && output_flush();
    buf_free(&out);
    return ok ? 0 : output_fail("");
}

#ifdef KLX_TEST_HOOKS
/* Test-build fault hook: with KLX_TEST_KILL_BEFORE_RENAME set, a save dies
 * by SIGKILL after writing and syncing its temporary file and before the
 * rename, as a power cut would; tests then check the old file is intact. */
static bool kill_before_rename(const char *tmp_path)
{
    (void)tmp_path;
    raise(SIGKILL);
    return false;
}
#endif

int main(int argc, char **argv)
{
    tui_mark_start();
#ifdef KLX_TEST_HOOKS
    if (getenv("KLX_TEST_KILL_BEFORE_RENAME"))
        table_save_fault_hook = kill_before_rename;
#endif
    /* ncursesw needs the user's locale for UTF-8; numbers stay in C. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");

    struct options o;
    struct error err;
    if (!options_parse(argc, argv, &o, &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        return 2;
    }
    if (o.mode == MODE_HELP || o.mode == MODE_VERSION) {
        bool ok = o.mode == MODE_HELP
                      ? output_write(options_usage())
                      : output_write("klx " KLX_VERSION "\n");
        return ok && output_flush() ? 0 : output_fail("");
    }

    struct session s;
    session_init(&s);
    enum mode m = pick_mode(&o);
    if (m == MODE_TUI) {
        /* What the explorer's first frame needs, computed once by the
         * load: KL with the per-term values. */
        session_want_terms(&s);
    } else if (m == MODE_JSON) {
        /* JSON reports every measure: one pass at load does them all. */
        session_keep_measures(&s, true);
    }
    if (!load_input(&s, &o, &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        session_free(&s);
        return 1;
    }
    struct command cmd;
    command_init(&cmd, &s);
    cmd.width = terminal_width(&o);
    cmd.unicode = o.unicode;
    /* -p/-q with a family: generated through the command language, which
     * remembers the family for `family` and `param`. */
    if (command_family_wanted(o.p_text, o.q_text) &&
        !command_family_start(&cmd, o.p_text, o.q_text, &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        command_free(&cmd);
        session_free(&s);
        return 1;
    }
    /* A terminal can be read again after Ctrl-D (the REPL's `load -`);
     * a pipe that held the starting table cannot. */
    if (m == MODE_TUI && isatty(STDIN_FILENO))
        cmd.stdin_taken = "the terminal the explorer reads keys from";
    else if (stdin_is_table(&o) && !isatty(STDIN_FILENO))
        cmd.stdin_taken = "used up: the starting table was read from it";

    int status;
    if (o.tour) {
        /* The REPL shows the first lesson; the explorer draws it itself. */
        struct buf out;
        buf_init(&out);
        if (command_run(&cmd, "tour", &out, &err) == CMD_ERROR)
            fprintf(stderr, "klx: %s\n", err.msg);
        else if (m != MODE_TUI)
            output_write(out.s);   /* a failure shows at the mode's end */
        buf_free(&out);
    }
    if (m == MODE_TUI)
        status = tui_run(&cmd, &o);
    else if (m == MODE_REPL)
        status = repl_run(&cmd, o.keep_going);
    else
        status = print_and_exit(&cmd, &o, m);

    command_free(&cmd);
    session_free(&s);
    return status;
}
