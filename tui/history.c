#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

#include "buf.h"
#include "file.h"

#define HISTORY_LINES 1000

static char *history_file;

/* mkdir -p for the directory part of path. */
static int make_parents(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int r = mkdir(path, 0700);
        *s = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static char *default_path(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *tail = "/klx/history";
    char *p;
    if (state && state[0] == '/') {
        p = malloc(strlen(state) + strlen(tail) + 1);
        if (p)
            sprintf(p, "%s%s", state, tail);
    } else if (home && home[0]) {
        const char *mid = "/.local/state";
        p = malloc(strlen(home) + strlen(mid) + strlen(tail) + 1);
        if (p)
            sprintf(p, "%s%s%s", home, mid, tail);
    } else {
        p = NULL;
    }
    return p;
}

void history_open(FILE *warn)
{
    using_history();
    stifle_history(HISTORY_LINES);
    free(history_file);
    history_file = default_path();
    if (!history_file)
        return;
    int r = read_history(history_file);
    if (r != 0 && r != ENOENT && warn)
        fprintf(warn, "klx: warning: cannot read history %s: %s\n",
                history_file, strerror(r));
}

void history_remember(const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base +
                                                        history_length - 1)
                                          : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
}

void history_close(FILE *warn)
{
    if (!history_file)
        return;
    /* The writer `save` uses, so that a full disk or a crash never leaves
     * a truncated history behind, and a symlinked history stays one. The
     * lines are written as readline's write_history() writes them. */
    struct buf text;
    buf_init(&text);
    HIST_ENTRY **list = history_list();
    for (int i = 0; list && list[i]; i++) {
        buf_append(&text, list[i]->line);
        buf_putc(&text, '\n');
    }
    struct error err;
    bool ok = make_parents(history_file) == 0;
    if (!ok)
        error_set(&err, "%s: %s", history_file, strerror(errno));
    else
        ok = file_write_atomic(history_file, text.s, text.len, FILE_PRIVATE,
                               NULL, &err);
    if (!ok && warn)
        fprintf(warn, "klx: warning: cannot save history: %s\n", err.msg);
    buf_free(&text);
    free(history_file);
    history_file = NULL;
}
