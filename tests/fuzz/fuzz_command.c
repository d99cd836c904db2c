/* fuzz_command: libFuzzer harness for klx's session and command language.
 *
 * The input is a script, one command per line, run against a fresh session
 * (the built-in example) exactly as `klx --repl --keep-going` would. After
 * every command the session must be valid: n >= 1, every p and q finite and
 * >= 0, each summing to 1 within 1e-9, KL totals >= 0 or +inf; and a
 * command that fails must leave the table, base, path and history exactly
 * as they were (compared against a deep copy, bit for bit), the joint
 * table included.
 *
 * load, save and export stay inside a scratch directory: the harness chdirs
 * into a fresh mkdtemp directory at start-up, rewrites every '/' in the
 * input to '_' (so no path can leave it), and empties the directory after
 * each input. seed.csv is recreated for every input so
 * `load seed.csv` always means the same thing. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "dist.h"
#include "error.h"
#include "session.h"
#include "table.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz_command: invariant failed: %s "           \
                    "(%s:%d) after line: %s\n", #cond, __FILE__, __LINE__,  \
                    current_line ? current_line : "");                      \
            abort();                                                        \
        }                                                                   \
    } while (0)

static const char *current_line;
static char scratch[64];

#include "fuzz_check.h"

static const char seed_csv[] =
    "# klx: base=2\nlabel,p,q\na,0.1,0.2\nb,0.2,0.3\n\"c, d\",0.7,0.5\n";

static void empty_scratch(void);

static void remove_scratch(void)
{
    empty_scratch();
    if (chdir("/") == 0)
        rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* tmpfs when there is one: save fsyncs, and that is free there. */
    snprintf(scratch, sizeof scratch, "%s/klx-fuzz-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(scratch) || chdir(scratch) != 0) {
        perror("fuzz_command: scratch directory");
        abort();
    }
    atexit(remove_scratch);
    return 0;
}

static void empty_scratch(void)
{
    DIR *d = opendir(".");
    if (!d)
        abort();
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlink(e->d_name);   /* the harness never makes directories */
    closedir(d);
}

static void write_seed(void)
{
    FILE *f = fopen("seed.csv", "w");
    if (!f)
        abort();
    fputs(seed_csv, f);
    fclose(f);
}

/* The table and divergences as fuzz_check.h holds them (those the
 * command's derived kept, see the derived_want_measures call, or
 * computed now when a change was made without it), and the undo
 * limits. */
static void check_session(const struct session *s, const struct derived *d)
{
    check_table(&s->table);
    struct divergence fresh;
    check_divergence(session_measures(s, d, &fresh));
    CHECK(s->undo.n <= SESSION_UNDO_LIMIT && s->redo.n <= SESSION_UNDO_LIMIT);
}

/* What a failing command must not change. */
struct saved {
    struct table table;
    enum log_base base;
    size_t undo_n, redo_n;
    char *path;
    bool dirty;
    struct joint joint;
};

static void save_state(struct saved *sv, const struct session *s)
{
    table_init(&sv->table);
    table_copy(&sv->table, &s->table);
    sv->base = s->base;
    sv->undo_n = s->undo.n;
    sv->redo_n = s->redo.n;
    sv->path = s->path ? strdup(s->path) : NULL;
    sv->dirty = s->dirty;
    joint_init(&sv->joint);
    joint_copy(&sv->joint, &s->joint);
}

static void check_unchanged(const struct saved *sv, const struct session *s)
{
    const struct table *a = &sv->table, *b = &s->table;
    CHECK(a->n == b->n);
    CHECK(memcmp(a->p, b->p, a->n * sizeof *a->p) == 0);
    CHECK(memcmp(a->q, b->q, a->n * sizeof *a->q) == 0);
    for (size_t i = 0; i < a->n; i++)
        CHECK(strcmp(a->labels[i], b->labels[i]) == 0);
    CHECK(a->auto_labels == b->auto_labels);
    CHECK(memcmp(&a->p_sum, &b->p_sum, sizeof a->p_sum) == 0);
    CHECK(memcmp(&a->q_sum, &b->q_sum, sizeof a->q_sum) == 0);
    CHECK(sv->base == s->base);
    CHECK(sv->undo_n == s->undo.n && sv->redo_n == s->redo.n);
    CHECK((sv->path == NULL) == (s->path == NULL));
    CHECK(!sv->path || strcmp(sv->path, s->path) == 0);
    CHECK(sv->dirty == s->dirty);
    const struct joint *ja = &sv->joint, *jb = &s->joint;
    CHECK(ja->rows == jb->rows && ja->cols == jb->cols);
    CHECK(ja->rows == 0 ||
          memcmp(ja->p, jb->p, ja->rows * ja->cols * sizeof *ja->p) == 0);
    for (size_t i = 0; i < ja->rows; i++)
        CHECK(strcmp(ja->x_labels[i], jb->x_labels[i]) == 0);
    for (size_t k = 0; k < ja->cols; k++)
        CHECK(strcmp(ja->y_labels[k], jb->y_labels[k]) == 0);
}

static void free_state(struct saved *sv)
{
    table_free(&sv->table);
    joint_free(&sv->joint);
    free(sv->path);
}

/* Keeps load, save, export and any later command that takes a file name
 * inside the scratch directory: no line reaches the interpreter with a '/'
 * in it, so every path is a plain name in the current directory. */
static void confine(char *line)
{
    for (char *c = line; *c; c++)
        if (*c == '/')
            *c = '_';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    write_seed();

    struct session s;
    struct command cmd;
    session_init(&s);
    command_init(&cmd, &s);
    /* Every change then fills in every measure, for check_session; the
     * commands that ask for measures still go through session_measures. */
    derived_want_measures(&cmd.derived, true);
    cmd.width = 20 + (int)(size % 181);   /* vary `show`'s width */
    cmd.unicode = size % 2 == 1;
    check_session(&s, &cmd.derived);

    struct buf out;
    buf_init(&out);
    /* One command per line, like a script; a NUL ends the script (the REPL
     * rejects lines holding one). */
    char *line = text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        confine(line);
        current_line = line;

        struct saved sv;
        /* the command's session: the tour's own while one runs */
        save_state(&sv, cmd.session);
        struct error err;
        err.msg[0] = '\0';
        buf_reset(&out);
        enum cmd_status st = command_run(&cmd, line, &out, &err);
        CHECK(strlen(out.s) == out.len);
        check_session(cmd.session, &cmd.derived);
        if (st == CMD_ERROR) {
            check_message(&err);
            check_unchanged(&sv, cmd.session);
            CHECK(out.len == 0);
        }
        free_state(&sv);
        current_line = NULL;
        if (st == CMD_QUIT)
            break;
        line = nl ? nl + 1 : NULL;
    }
    buf_free(&out);
    command_free(&cmd);
    session_free(&s);
    free(text);
    empty_scratch();
    return 0;
}
