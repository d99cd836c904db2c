#include "repl.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/readline.h>

#include "config.h"
#include "complete.h"
#include "history.h"
#include "report.h"

/* ---- scripts ---- */

static int run_script(struct command *cmd, bool keep_going)
{
    struct buf out;
    buf_init(&out);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t line_no = 0;
    int status = 0;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        line_no++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (strlen(line) != (size_t)len) {
            fprintf(stderr, "klx: line %zu: NUL byte in the script (hint: "
                    "scripts are text, one command per line)\n", line_no);
            status = 1;
            if (!keep_going)
                break;
            continue;
        }
        struct error err;
        buf_reset(&out);
        enum cmd_status st = command_run(cmd, line, &out, &err);
        fputs(out.s, stdout);
        if (st == CMD_ERROR) {
            fflush(stdout);
            fprintf(stderr, "klx: line %zu: %s\n", line_no, err.msg);
            status = 1;
            if (!keep_going)
                break;
        }
        if (st == CMD_QUIT)
            break;
    }
    free(line);
    buf_free(&out);
    fflush(stdout);
    return status;
}

/* ---- interactive ---- */

static volatile sig_atomic_t got_sigint;
static bool quit_requested;
static struct command *repl_cmd;
static struct buf repl_out;

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

static void on_line(char *line)
{
    if (!line) {            /* Ctrl-D */
        putchar('\n');
        quit_requested = true;
        /* Removing the handler here stops readline from drawing one more
         * prompt after we are done. */
        rl_callback_handler_remove();
        return;
    }
    history_remember(line);
    struct error err;
    buf_reset(&repl_out);
    enum cmd_status st = command_run(repl_cmd, line, &repl_out, &err);
    fputs(repl_out.s, stdout);
    fflush(stdout);
    if (st == CMD_ERROR)
        fprintf(stderr, "klx: %s\n", err.msg);
    if (st == CMD_QUIT) {
        quit_requested = true;
        rl_callback_handler_remove();
    }
    free(line);
}

/* Ctrl-C abandons the line being typed, as in a shell. */
static void clear_line(void)
{
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
}

static int run_interactive(struct command *cmd)
{
    repl_cmd = cmd;
    buf_init(&repl_out);
    history_open(stderr);
    complete_install();
    complete_use(cmd);
    /* We handle SIGINT ourselves: readline's handler would re-raise it and
     * kill the program, and a REPL should only drop the line. */
    rl_catch_signals = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    printf("klx %s, the KL divergence explorer: `help` lists the commands,\n"
           "`show` prints the report, Tab completes, Ctrl-D quits.\n",
           KLX_VERSION);
    buf_reset(&repl_out);
    report_kl(cmd->session, &repl_out);
    fputs(repl_out.s, stdout);

    rl_callback_handler_install("klx> ", on_line);
    while (!quit_requested) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream ? rl_instream : stdin), &fds);
        int r = select(FD_SETSIZE, &fds, NULL, NULL, NULL);
        if (got_sigint) {
            got_sigint = 0;
            clear_line();
            continue;
        }
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        rl_callback_read_char();
    }
    if (!quit_requested)
        rl_callback_handler_remove();
    history_close(stderr);
    buf_free(&repl_out);
    return 0;
}

int repl_run(struct command *cmd, bool keep_going)
{
    if (isatty(STDIN_FILENO))
        return run_interactive(cmd);
    return run_script(cmd, keep_going);
}
