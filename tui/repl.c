#include "repl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "alloc.h"
#include "config.h"
#include "i18n.h"
#include "output.h"
#include "prompt.h"
#include "report.h"
#include "term.h"
#include "tour.h"

/* ---- scripts ---- */

/* The longest script line, without its line end. A table's lines stop at
 * TABLE_MAX_LINE (1 MiB), but a command line can be a whole list of values
 * (`p`, `q`, `labels`), and lists of a quarter of a million values (1.25
 * MB) are in use; 16 MiB takes a list of about two million short values.
 * Longer data belongs in a table file. */
#define SCRIPT_MAX_LINE (16u << 20)

enum script_read { SCRIPT_LINE, SCRIPT_END, SCRIPT_TOO_LONG, SCRIPT_ERROR };

/* Reads one line (its '\n' dropped) into *line, growing it up to
 * SCRIPT_MAX_LINE + 1 bytes and never more: an over-long line is left
 * unread after the limit. */
static enum script_read script_read_line(FILE *f, char **line, size_t *cap,
                                         size_t *len)
{
    size_t n = 0;
    int c;
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (n == SCRIPT_MAX_LINE)
            return SCRIPT_TOO_LONG;
        if (n + 1 >= *cap) {
            *cap = *cap ? 2 * *cap : 256;
            if (*cap > SCRIPT_MAX_LINE + 1)
                *cap = SCRIPT_MAX_LINE + 1;
            *line = xrealloc(*line, *cap);
        }
        (*line)[n++] = (char)c;
    }
    if (c == EOF && ferror(f))
        return SCRIPT_ERROR;
    if (c == EOF && n == 0)
        return SCRIPT_END;
    if (!*line)
        *line = xrealloc(NULL, *cap = 256);
    (*line)[n] = '\0';
    *len = n;
    return SCRIPT_LINE;
}

/* Skips the rest of an over-long line without keeping it. */
static void script_skip_line(FILE *f)
{
    int c;
    while ((c = getc_unlocked(f)) != EOF && c != '\n')
        ;
}

static int run_script(struct command *cmd, bool keep_going)
{
    struct buf out;
    buf_init(&out);
    char *line = NULL;
    size_t cap = 0, len = 0;
    size_t line_no = 0;
    int status = 0;
    enum script_read r;
    char where[48] = "";
    /* Standard output is flushed after every command (and here, after a
     * tour's first lesson), so it never trails a message on stderr. */
    if (!output_flush())
        return output_fail("");
    while ((r = script_read_line(stdin, &line, &cap, &len)) != SCRIPT_END) {
        int read_errno = errno;
        line_no++;
        snprintf(where, sizeof where, _("line %zu: "), line_no);
        if (r == SCRIPT_ERROR) {
            /* Not the end of the script: the commands after it would
             * silently never run. */
            fprintf(stderr, _("klx: %scannot read the script: %s (hint: "
                    "redirect a script file or a pipe into klx --repl)\n"),
                    where, strerror(read_errno));
            status = 1;
            break;
        }
        if (r == SCRIPT_TOO_LONG) {
            fprintf(stderr, _("klx: %sthe line is longer than %u bytes, the "
                    "limit for a script line (hint: put long lists of "
                    "values in a table file and `load` it)\n"), where,
                    SCRIPT_MAX_LINE);
            status = 1;
            if (!keep_going)
                break;
            script_skip_line(stdin);
            continue;
        }
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (strlen(line) != len) {
            fprintf(stderr, _("klx: %sNUL byte in the script (hint: "
                    "scripts are text, one command per line)\n"), where);
            status = 1;
            if (!keep_going)
                break;
            continue;
        }
        struct error err;
        buf_reset(&out);
        enum cmd_status st = command_run(cmd, line, &out, &err);
        /* Each command's output is flushed before the next runs, so a
         * write error stops the script at the command it hit. */
        if (out.len && !(output_write(out.s) && output_flush()))
            break;
        if (st == CMD_ERROR) {
            fprintf(stderr, "klx: %s%s\n", where, err.msg);
            status = 1;
            if (!keep_going)
                break;
        }
        if (st == CMD_QUIT)
            break;
    }
    free(line);
    buf_free(&out);
    if (!output_flush())
        return output_fail(where);
    return status;
}

/* ---- interactive ---- */

static bool quit_requested;
static struct command *repl_cmd;
static struct buf repl_out;

/* Ctrl-C (or a signal that ends the REPL) stops a load waiting for input. */
static bool load_cancelled(void *ctx)
{
    (void)ctx;
    return term_interrupt_pending();
}

/* Ctrl-C during a long command (a fit) stops that command; the session
 * and the prompt stay. */
static bool take_sigint(void *ctx)
{
    (void)ctx;
    if (!term_sigint_pending())
        return false;
    term_clear_interrupt();
    return true;
}

/* The prompt says where a tour is: "klx lesson 2/9> ". */
static void update_prompt(void)
{
    char text[64] = "klx> ";
    if (repl_cmd->tour.active)
        snprintf(text, sizeof text, _("klx lesson %zu/%zu> "),
                 repl_cmd->tour.step + 1, tour_count(&repl_cmd->tour));
    prompt_repl_set(text);
}

static void on_line(char *line)
{
    if (!line) {            /* Ctrl-D */
        putchar('\n');
        quit_requested = true;
        /* Removing the prompt here stops readline from drawing one more
         * after we are done. */
        prompt_repl_remove();
        return;
    }
    prompt_remember(line);
    struct error err;
    buf_reset(&repl_out);
    struct table_progress cancel = {NULL, NULL, load_cancelled};
    repl_cmd->progress = &cancel;
    enum cmd_status st = command_run(repl_cmd, line, &repl_out, &err);
    repl_cmd->progress = NULL;
    if (term_sigint_pending()) {  /* a Ctrl-C during the command was the */
        putchar('\n');            /* command's, and the terminal echoed ^C */
        term_clear_interrupt();
    }
    /* Output that cannot be written ends the session (run_interactive
     * says why). */
    bool written = output_write(repl_out.s) && output_flush();
    if (st == CMD_ERROR)
        fprintf(stderr, "klx: %s\n", err.msg);
    if (st == CMD_QUIT || !written) {
        quit_requested = true;
        prompt_repl_remove();
    } else {
        update_prompt();
    }
    free(line);
}

/* Readline keeps the terminal in its own mode while it waits for a key;
 * the shell gets it back as it was while we are stopped, and on resume
 * readline's mode and the prompt with the line so far come back. A stop
 * we did not see (SIGSTOP) is mended the same way on SIGCONT. */
static void suspend(bool stop)
{
    prompt_repl_leave(stop);
    if (stop)
        term_stop();
    prompt_repl_resume();
}

static int run_interactive(struct command *cmd)
{
    repl_cmd = cmd;
    cmd->cancelled = take_sigint;
    buf_init(&repl_out);
    prompt_repl_start(cmd);
    /* Handlers only set flags; the loop acts on them between reads. */
    term_signals_install();

    printf(_("klx %s, the KL divergence explorer: `help` lists the "
             "commands,\n`show` prints the report, Tab completes, Ctrl-D "
             "quits.\n"), KLX_VERSION);
    buf_reset(&repl_out);
    /* `--repl --tour`: the lesson after the banner, not before it. */
    struct error err;
    if (cmd->tour.active && command_run(cmd, "tour", &repl_out, &err) ==
                                CMD_ERROR)
        fprintf(stderr, "klx: %s\n", err.msg);
    report_kl(cmd->session, &repl_out);
    fputs(repl_out.s, stdout);

    update_prompt();
    prompt_repl_install(on_line);
    enum term_signal sig = TERM_SIG_NONE;
    while (!quit_requested) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(prompt_repl_fd(), &fds);
        int r = select(FD_SETSIZE, &fds, NULL, NULL, NULL);
        sig = term_poll_signal();
        if (sig == TERM_SIG_TERM)
            break;
        if (sig == TERM_SIG_SUSPEND || sig == TERM_SIG_CONT) {
            suspend(sig == TERM_SIG_SUSPEND);
            continue;
        }
        if (sig == TERM_SIG_INT) {
            prompt_repl_clear_line();
            continue;
        }
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        prompt_repl_read();
    }
    if (!quit_requested) {
        prompt_repl_remove();   /* gives the terminal back */
        putchar('\n');
    }
    fflush(stdout);
    prompt_repl_finish();
    buf_free(&repl_out);
    if (sig != TERM_SIG_TERM)   /* one that came during the last command */
        sig = term_poll_signal();
    if (sig == TERM_SIG_TERM)
        term_die_by(term_quit_signal());
    return output_flush() ? 0 : output_fail("");
}

int repl_run(struct command *cmd, bool keep_going)
{
    if (isatty(STDIN_FILENO))
        return run_interactive(cmd);
    if (!cmd->stdin_taken)
        cmd->stdin_taken = _("the script being run");
    return run_script(cmd, keep_going);
}
