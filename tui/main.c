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
#include "clock.h"
#include "command.h"
#include "command_family.h"
#include "command_lesson.h"
#include "config.h"
#include "i18n.h"
#include "options.h"
#include "output.h"
#include "parse.h"
#include "preset.h"
#include "repl.h"
#include "report.h"
#include "term.h"
#include "session.h"
#include "tui.h"
#include "utf8.h"

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
    if (total == 0 || (!lp->shown && clock_seconds() - lp->start < lp->after))
        return;
    unsigned pct = (unsigned)((double)done * 100.0 / (double)total);
    char line[512];
    snprintf(line, sizeof line, _("klx: loading %s: %u%%"), lp->name, pct);
    /* Columns, not bytes: the blanks that clean the line count columns. */
    int w = utf8_width(line);
    fprintf(stderr, "\r%s", line);
    if (w < lp->shown)   /* never shorter, but keep the line clean */
        fprintf(stderr, "%*s", lp->shown - w, "");
    if (w > lp->shown)
        lp->shown = w;
    fflush(stderr);
    if (done >= total)
        load_progress_erase(lp);
}

/* Runs one start-up command. Its message leaves out the command's name:
 * the user gave an option, not the command. */
static bool startup(struct command *cmd, const char *line, struct error *err)
{
    struct buf out;
    buf_init(&out);
    bool ok = command_run(cmd, line, &out, err) == CMD_OK;
    buf_free(&out);
    size_t name = strcspn(line, " ");
    if (!ok && strncmp(err->msg, line, name) == 0 &&
        strncmp(err->msg + name, ": ", 2) == 0)
        memmove(err->msg, err->msg + name + 2,
                strlen(err->msg + name + 2) + 1);
    return ok;
}

/* `WORD "TEXT"`: TEXT as one word of the command language. */
static char *quoted(const char *word, const char *text)
{
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "%s \"", word);
    for (const char *c = text; *c; c++) {
        if (*c == '"' || *c == '\\')
            buf_putc(&b, '\\');
        buf_putc(&b, *c);
    }
    buf_putc(&b, '"');
    char *line = buf_take(&b);
    buf_free(&b);
    return line;
}

/* The values of -p or -q, checked as a list (so that a message points
 * into what was given, `-p: column N`); *n gets how many. */
static bool check_list(const char *text, const char *option, size_t *n,
                       struct error *err)
{
    struct numlist l;
    numlist_init(&l);
    bool ok = parse_numbers(text, 1, &l, err);
    if (!ok)
        error_prefix(err, "%s", option);
    *n = l.n;
    numlist_free(&l);
    return ok;
}

/* Starting data from the command line: a FILE, a preset, or -p / -q,
 * then the base: the commands a person would type (load, preset, p, q,
 * uniform, base). */
static bool load_input(struct command *cmd, const struct options *o,
                       struct error *err)
{
    struct session *s = cmd->session;
    bool ok = true;
    if (o->file) {
        char *shown = xstrdup(o->file);   /* printed on the terminal */
        error_sanitize(shown);
        struct load_progress lp = {shown, clock_seconds(),
                                   LOAD_PROGRESS_AFTER, 0};
#ifdef KLX_TEST_HOOKS
        const char *always = getenv("KLX_TEST_PROGRESS_ALWAYS");
        if (always && strcmp(always, "1") == 0)
            lp.after = 0;
#endif
        struct table_progress pr = {load_progress_show, &lp, NULL};
        if (isatty(STDERR_FILENO))
            cmd->progress = &pr;
        char *line = quoted("load", o->file);
        ok = startup(cmd, line, err);
        free(line);
        cmd->progress = NULL;
        load_progress_erase(&lp);
        free(shown);
    } else if (o->preset) {
        char *line = quoted("preset", o->preset);
        ok = startup(cmd, line, err);
        free(line);
    } else if (command_family_wanted(o->p_text, o->q_text)) {
        /* A family (`-p "binom 10 0.3"`): generated through the command
         * language, which remembers it for `family` and `param`. */
        ok = command_family_start(cmd, o->p_text, o->q_text, err);
    } else if (o->p_text || o->q_text) {
        size_t np = 0, nq = 0;
        ok = (!o->p_text || check_list(o->p_text, "-p", &np, err)) &&
             (!o->q_text || check_list(o->q_text, "-q", &nq, err));
        if (ok && o->p_text && o->q_text && np != nq)
            ok = error_set(err, _("-p has %zu values but -q has %zu (hint: "
                                  "P and Q need one value per entry each)"),
                           np, nq);
        /* A list of another length than the table's makes a new table:
         * numbered labels, the other distribution uniform. Of the same
         * length, it would keep the example's labels and other values, so
         * one entry first. */
        size_t n = o->p_text ? np : nq;
        if (ok && n == s->table.n)
            ok = startup(cmd, o->p_text ? "p 1" : "q 1", err);
        struct buf line;
        buf_init(&line);
        if (ok && o->p_text) {
            buf_printf(&line, "p %s", o->p_text);
            ok = startup(cmd, line.s, err);
        }
        if (ok && o->q_text) {
            buf_reset(&line);
            buf_printf(&line, "q %s", o->q_text);
            ok = startup(cmd, line.s, err);
        }
        buf_free(&line);
    }
    if (ok && o->has_base) {
        char line[32];
        snprintf(line, sizeof line, "base %s", log_base_name(o->base));
        ok = startup(cmd, line, err);
    }
    if (ok)
        session_mark_start(s);
    return ok;
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
        report_json_top(cmd->session, &cmd->derived, top, &out);
    else
        report_text_top(cmd->session, cmd->width, cmd->unicode, top, &out);
    bool ok = output_write(out.s) && output_flush();
    buf_free(&out);
    return ok ? 0 : output_fail("");
}

/* --check-lesson FILE: the problems on stderr, a summary on stdout. */
static int check_lesson(const char *path)
{
    struct buf report;
    buf_init(&report);
    size_t n = command_lesson_check(path, &report);
    fputs(report.s, stderr);
    buf_free(&report);
    if (n) {
        fprintf(stderr, ngettext("klx: %zu problem in %s\n",
                                 "klx: %zu problems in %s\n", n), n, path);
        return 1;
    }
    bool ok = output_write(path) && output_write(_(": no problems\n"));
    return ok && output_flush() ? 0 : output_fail("");
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
    if (!i18n_init(options_lang(argc, argv), &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        return 2;
    }
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

    if (o.check_lesson)
        return check_lesson(o.check_lesson);

    struct session s;
    session_init(&s);
    enum mode m = pick_mode(&o);
    struct command cmd;
    command_init(&cmd, &s);
    if (m == MODE_TUI) {
        /* What the explorer's first frame needs, computed once by the
         * load: KL with the per-term values. */
        derived_want_terms(&cmd.derived, true);
    } else if (m == MODE_JSON) {
        /* JSON reports every measure: one pass at load does them all. */
        derived_want_measures(&cmd.derived, true);
    }
    if (!load_input(&cmd, &o, &err)) {
        fprintf(stderr, "klx: %s\n", err.msg);
        command_free(&cmd);
        session_free(&s);
        return 1;
    }
    cmd.width = terminal_width(&o);
    cmd.unicode = o.unicode;
    cmd.utf8_text = !o.ascii && term_utf8();
    /* A terminal can be read again after Ctrl-D (the REPL's `load -`);
     * a pipe that held the starting table cannot. */
    if (m == MODE_TUI && isatty(STDIN_FILENO))
        cmd.stdin_taken = _("the terminal the explorer reads keys from");
    else if (stdin_is_table(&o) && !isatty(STDIN_FILENO))
        cmd.stdin_taken = _("used up: the starting table was read from "
                            "it");

    int status;
    if (o.tour || o.lesson) {
        /* A script shows the first lesson here; the interactive REPL after
         * its banner; the explorer draws it itself. */
        struct buf out;
        buf_init(&out);
        bool ok = o.lesson ? command_lesson_start(&cmd, o.lesson, &out, &err)
                           : command_run(&cmd, "tour", &out, &err) == CMD_OK;
        if (!ok)
            fprintf(stderr, "klx: %s\n", err.msg);
        else if (m != MODE_TUI &&
                 !(m == MODE_REPL && isatty(STDIN_FILENO)))
            output_write(out.s);   /* a failure shows at the mode's end */
        buf_free(&out);
        if (!ok && o.lesson) {
            /* The lesson asked for cannot run: no session without it. */
            command_free(&cmd);
            session_free(&s);
            return 1;
        }
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
