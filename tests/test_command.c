/* Unit tests for core/command: lines in, output or errors out; a failing
 * command changes nothing; help and completion. */
#include "test_util.h"

#include "core/command.h"
#include "core/dist.h"
#include "core/num.h"
#include "core/session.h"
#include "core/utf8.h"

struct fixture {
    struct session s;
    struct command c;
    struct buf out;
    struct error err;
    char *dir;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);
    command_init(&f->c, &f->s);
    buf_init(&f->out);
    f->dir = scratch_dir();
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    command_free(&f->c);
    session_free(&f->s);
    buf_free(&f->out);
    scratch_remove(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static enum cmd_status run(struct fixture *f, const char *line)
{
    buf_reset(&f->out);
    f->err.msg[0] = '\0';
    return command_run(&f->c, line, &f->out, &f->err);
}

static void ok(struct fixture *f, const char *line)
{
    enum cmd_status st = run(f, line);
    if (st != CMD_OK)
        fail_msg("`%s` failed (%d): %s", line, (int)st, f->err.msg);
}

/* Runs a line that must fail with this message (prefix) and must leave the
 * session exactly as it was. */
static void fails(struct fixture *f, const char *line, const char *msg)
{
    struct table before;
    table_init(&before);
    table_copy(&before, &f->s.table);
    enum log_base base = f->s.base;
    size_t undo = f->s.undo.n, redo = f->s.redo.n;
    bool dirty = f->s.dirty;
    struct divergence div = f->s.div;

    enum cmd_status st = run(f, line);
    if (st != CMD_ERROR)
        fail_msg("`%s` did not fail (status %d)", line, (int)st);
    if (strncmp(f->err.msg, msg, strlen(msg)) != 0)
        fail_msg("`%s`: message\n  \"%s\"\ndoes not start with\n  \"%s\"",
                 line, f->err.msg, msg);
    assert_int_equal(f->s.table.n, before.n);
    assert_memory_equal(f->s.table.p, before.p, before.n * sizeof *before.p);
    assert_memory_equal(f->s.table.q, before.q, before.n * sizeof *before.q);
    for (size_t i = 0; i < before.n; i++)
        assert_string_equal(f->s.table.labels[i], before.labels[i]);
    assert_int_equal(f->s.table.auto_labels, before.auto_labels);
    assert_int_equal(f->s.base, base);
    assert_int_equal(f->s.undo.n, undo);
    assert_int_equal(f->s.redo.n, redo);
    assert_int_equal(f->s.dirty, dirty);
    assert_memory_equal(&f->s.div, &div, sizeof div);
    table_free(&before);
}

/* The line every change prints, from the session's current values. */
static const char *totals(struct fixture *f)
{
    static char line[256];
    char a[NUM_BUF], b[NUM_BUF];
    snprintf(line, sizeof line, "KL(P||Q) = %s %s   KL(Q||P) = %s %s\n",
             num_short(a, sizeof a, session_scaled(&f->s, f->s.div.pq.total)),
             session_unit(&f->s),
             num_short(b, sizeof b, session_scaled(&f->s, f->s.div.qp.total)),
             session_unit(&f->s));
    return line;
}

static const char seed_totals[] =
    "KL(P||Q) = 0.126851 nats   KL(Q||P) = 0.121640 nats\n";

/* ---- the basics ---- */

static void test_blank_and_comment_lines(void **state)
{
    struct fixture *f = *state;
    const char *lines[] = {"", "   ", "\t", "# a comment", "   # indented",
                           "\n", "\r\n", "#set p 1 1"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        ok(f, lines[i]);
        assert_string_equal(f->out.s, "");
    }
    assert_int_equal(f->s.undo.n, 0);
    assert_false(f->s.dirty);
}

static void test_unknown_and_arg_counts(void **state)
{
    struct fixture *f = *state;
    fails(f, "frobnicate", "unknown command 'frobnicate' (hint: `help` "
                           "lists the commands)");
    fails(f, "P 1 2", "unknown command 'P'");
    fails(f, "averyveryveryveryverylongcommandname x",
          "unknown command 'averyveryveryveryver...' (hint:");
    /* 12 Chinese characters: 10 are shown (20 columns), none cut */
    fails(f, "\u7532\u4e59\u4e19\u4e01\u620a\u5df1\u5e9a\u8f9b\u58ec\u7678"
             "\u5b50\u4e11",
          "unknown command '\u7532\u4e59\u4e19\u4e01\u620a\u5df1\u5e9a"
          "\u8f9b\u58ec\u7678...' (hint:");
    fails(f, "set p 2", "set: missing arguments (usage: set p|q I V)");
    fails(f, "set p 2 0.3 9", "set: too many arguments (usage: set p|q I "
                              "V)");
    fails(f, "p", "p: missing arguments (usage: p V1 V2 ...)");
    fails(f, "swap now", "swap: too many arguments (usage: swap)");
    fails(f, "del", "del: missing arguments (usage: del I)");
    fails(f, "add x 0.1", "add: missing arguments (usage: add LABEL P Q)");
    fails(f, "base", "base: missing arguments");
    fails(f, "load", "load: missing arguments");
    fails(f, "save a b", "save: too many arguments");
    fails(f, "help a b", "help: too many arguments");
    fails(f, "kl x", "kl: too many arguments");
    fails(f, "labels \"open", "labels: column 8: unterminated quote");
    assert_int_equal(run(f, "quit now"), CMD_ERROR);
    assert_starts_with(f->err.msg, "quit: too many arguments");
}

static void test_quit(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(run(f, "quit"), CMD_QUIT);
    assert_string_equal(f->out.s, "");
    assert_int_equal(run(f, "  quit  "), CMD_QUIT);
    assert_int_equal(run(f, "exit"), CMD_QUIT);
    assert_int_equal(f->s.undo.n, 0);
}

/* ---- changing P and Q ---- */

static void test_set_exact_values(void **state)
{
    struct fixture *f = *state;
    double want[4] = {0.1, 0.2, 0.3, 0.4};
    assert_true(dist_set_into(want, want, 4, 1, 0.3, "P", NULL));
    ok(f, "set p 2 0.3");
    assert_memory_equal(f->s.table.p, want, sizeof want);
    assert_same_double(f->s.table.p[1], 0.3);
    assert_close(f->s.table.p[0], 0.0875, 1e-15, 0);
    assert_close(f->s.table.p[2], 0.2625, 1e-15, 0);
    assert_close(f->s.table.p[3], 0.35, 1e-15, 0);
    assert_same_double(f->s.table.q[1], 0.3);   /* Q untouched */
    char line[128];
    char a[NUM_BUF], b[NUM_BUF];
    snprintf(line, sizeof line, "KL(P||Q) = %s nats   KL(Q||P) = %s nats\n",
             num_short(a, sizeof a, f->s.div.pq.total),
             num_short(b, sizeof b, f->s.div.qp.total));
    assert_string_equal(f->out.s, line);
    assert_int_equal(f->s.undo.n, 1);
    assert_true(f->s.dirty);
    /* by label, upper-case P/Q */
    ok(f, "set Q c 0.5");
    assert_same_double(f->s.table.q[2], 0.5);
    ok(f, "set q 1 0");
    assert_same_double(f->s.table.q[0], 0.0);
    assert_true(isinf(f->s.div.pq.total));
    assert_contains(f->out.s, "KL(P||Q) = inf nats");
}

static void test_set_errors(void **state)
{
    struct fixture *f = *state;
    fails(f, "set x 1 0.5", "set: 'x' is not p or q");
    fails(f, "set p 9 0.5", "set: no entry 9 (entries are 1 to 4)");
    fails(f, "set p 0 0.5", "set: no entry 0 (entries are 1 to 4)");
    fails(f, "set p zz 0.5", "set: no entry named 'zz' (hint:");
    fails(f, "set p 1 abc", "set: 'abc' is not a number");
    fails(f, "set p 1 0,5", "set: '0,5' has a decimal comma");
    fails(f, "set p 1 1.5", "set: 1.5 must be between 0 and 1");
    fails(f, "set p 1 -0.1", "set: -0.1 must be between 0 "
                             "and 1");
    fails(f, "set p 1 nan", "set: 'nan' is not allowed");
}

static void test_p_and_q(void **state)
{
    struct fixture *f = *state;
    ok(f, "p 1 2 3 4");
    assert_string_equal(f->out.s, "P normalized: the values summed to 10\n"
                                  "KL(P||Q) = 0.126851 nats   KL(Q||P) = "
                                  "0.121640 nats\n");
    assert_same_double(f->s.table.p[3], 0.4);
    ok(f, "q 0.2, 0.3, 0.3, 0.2");
    assert_string_equal(f->out.s, seed_totals);
    ok(f, "q 2,3,3,2");
    assert_contains(f->out.s, "Q normalized: the values summed to 10\n");
    /* a different length resizes and says so */
    ok(f, "p 1 1 2");
    assert_starts_with(f->out.s, "now 3 entries: Q was reset to uniform so "
                                 "the lengths match (set it next)\n"
                                 "P normalized: the values summed to 4\n");
    assert_int_equal(f->s.table.n, 3);
    assert_same_double(f->s.table.q[0], 1.0 / 3);
    assert_string_equal(f->s.table.labels[2], "3");
    ok(f, "q 1 2");
    assert_starts_with(f->out.s, "now 2 entries: P was reset to uniform");
    /* errors point at the column in the line as typed */
    fails(f, "p 0,5 0,5", "p: column 4: this list mixes commas (column 4) "
                          "and spaces (column 6)");
    fails(f, "p   0.5 x", "p: column 9: 'x' is not a number");
    fails(f, "q 1,2,", "q: column 6: trailing comma");
    fails(f, "p -1 2", "p: P entry 1: -1 is negative");
    fails(f, "q 0 0", "q: Q is all zeros");
    fails(f, "p 1e999 1", "p: column 3: '1e999' is too large");
}

static void test_labels_add_del(void **state)
{
    struct fixture *f = *state;
    ok(f, "labels w x \"y z\" v");
    assert_string_equal(f->out.s, "");
    assert_string_equal(f->s.table.labels[2], "y z");
    ok(f, "set p \"y z\" 0.5");
    assert_same_double(f->s.table.p[2], 0.5);
    fails(f, "labels a a b c", "labels: label 'a' is given twice");
    fails(f, "labels a b", "labels: 2 labels for 4 entries");
    ok(f, "add e 0.2 0.1");
    assert_int_equal(f->s.table.n, 5);
    assert_same_double(f->s.table.p[4], 0.2);
    assert_same_double(f->s.table.q[4], 0.1);
    assert_starts_with(f->out.s, "KL(P||Q) = ");
    fails(f, "add e 0.1 0.1", "add: an entry named 'e' exists already");
    fails(f, "add f 2 0.1", "add: the new entry's p and q must be between");
    fails(f, "add f x 0.1", "add: 'x' is not a number");
    fails(f, "add \"\" 0.1 0.1", "add: empty label");
    assert_not_contains(f->err.msg, "add: add:");
    ok(f, "del e");
    assert_int_equal(f->s.table.n, 4);
    ok(f, "del 1");
    assert_int_equal(f->s.table.n, 3);
    assert_string_equal(f->s.table.labels[0], "x");
    fails(f, "del 9", "del: no entry 9 (entries are 1 to 3)");
    fails(f, "del nobody", "del: no entry named 'nobody'");
}

static void test_swap_uniform_base(void **state)
{
    struct fixture *f = *state;
    ok(f, "swap");
    assert_string_equal(f->out.s, "KL(P||Q) = 0.121640 nats   KL(Q||P) = "
                                  "0.126851 nats\n");
    ok(f, "swap");
    ok(f, "base 2");
    assert_string_equal(f->out.s, "KL(P||Q) = 0.183007 bits   KL(Q||P) = "
                                  "0.175489 bits\n");
    ok(f, "base bans");
    assert_string_equal(f->out.s, "KL(P||Q) = 0.055091 bans   KL(Q||P) = "
                                  "0.052827 bans\n");
    ok(f, "base nats");
    assert_string_equal(f->out.s, seed_totals);
    fails(f, "base 3", "base: unknown base '3' (hint: e, 2 or 10; or nats, "
                       "bits, bans)");
    ok(f, "uniform q");
    for (size_t i = 0; i < 4; i++)
        assert_same_double(f->s.table.q[i], 0.25);
    fails(f, "uniform x", "uniform: 'x' is not p or q");
    ok(f, "uniform p");
    assert_string_equal(f->out.s, "KL(P||Q) = 0 nats   KL(Q||P) = 0 nats\n");
}

/* ---- output commands ---- */

static void test_report_commands(void **state)
{
    struct fixture *f = *state;
    ok(f, "kl");
    assert_string_equal(f->out.s,
                        "KL(P||Q) = 0.126851 nats\n"
                        "KL(Q||P) = 0.121640 nats\n"
                        "asymmetry: KL(P||Q) - KL(Q||P) = 0.005212 nats "
                        "(KL(P||Q) is larger)\n");
    ok(f, "normalize");
    assert_string_equal(f->out.s,
                        "P: the input summed to 1; used as given\n"
                        "Q: the input summed to 1; used as given\n");
    ok(f, "p 1 2 3 4");
    ok(f, "normalize");
    assert_starts_with(f->out.s, "P: the input summed to 10; each value was "
                                 "divided by that sum\n");
    ok(f, "show");
    assert_starts_with(f->out.s, "klx: 4 entries, log base e (nats)\n");
    assert_contains(f->out.s, "KL(P||Q) = 0.126851 nats\n");
    for (const char *l = f->out.s; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        assert_true(len <= 80);
        l += len + (nl ? 1 : 0);
    }
    ok(f, "terms");
    assert_contains(f->out.s, "p*log(p/q)");
    assert_contains(f->out.s, "-0.069315");
    assert_contains(f->out.s, "0.277259");
    ok(f, "json");
    struct json j;
    assert_true(json_parse(f->out.s, &j));
    assert_close(json_double(json_get(&j, "kl_pq")), 0.12685113254635071643,
                 1e-15, 0);
    json_free(&j);
    ok(f, "measures");
    assert_true(f->out.len > 0);
    ok(f, "alpha 2");
    assert_true(f->out.len > 0);
    fails(f, "alpha 0", "alpha: ");
    /* output commands change nothing */
    assert_int_equal(f->s.undo.n, 1);
}

static void test_help(void **state)
{
    struct fixture *f = *state;
    ok(f, "help");
    assert_starts_with(f->out.s, "commands (indices count from 1; an entry "
                                 "can also be named by its label):\n");
    assert_contains(f->out.s, "`help COMMAND` explains one.\n");
    assert_contains(f->out.s, "  set p|q I V ");
    const char *const *names = command_names();
    /* command_help's text as is: the UTF-8 output (test_renyi_spelling
     * has the ASCII one). */
    f->c.utf8_text = true;
    for (size_t i = 0; names[i]; i++) {
        char line[64];
        snprintf(line, sizeof line, "help %s", names[i]);
        ok(f, line);
        assert_true(f->out.len > 0);
        struct buf b;
        buf_init(&b);
        assert_true(command_help(names[i], &b));
        assert_string_equal(b.s, f->out.s);
        buf_free(&b);
    }
    ok(f, "help set");
    assert_starts_with(f->out.s, "set p|q I V\nSets entry I (an index from "
                                 "1, or a label) of P or Q");
    ok(f, "help exit");
    assert_starts_with(f->out.s, "quit\n");
    fails(f, "help nope", "help: no command 'nope' (hint: `help` lists "
                          "them)");
    struct buf b;
    buf_init(&b);
    assert_false(command_help("nope", &b));
    assert_true(command_help(NULL, &b));
    buf_free(&b);
}

static void test_undo_redo_messages(void **state)
{
    struct fixture *f = *state;
    fails(f, "undo", "undo: nothing to undo");
    fails(f, "redo", "redo: nothing to redo");
    ok(f, "set p 2 0.3");
    ok(f, "  base 2");
    ok(f, "undo");
    char want[256];
    snprintf(want, sizeof want, "undid: base 2\n%s", totals(f));
    assert_string_equal(f->out.s, want);
    assert_int_equal(f->s.base, BASE_E);
    ok(f, "undo");
    assert_string_equal(f->out.s, "undid: set p 2 0.3\n"
                                  "KL(P||Q) = 0.126851 nats   KL(Q||P) = "
                                  "0.121640 nats\n");
    assert_same_double(f->s.table.p[1], 0.2);
    assert_same_double(f->s.table.p[0], 0.1);
    fails(f, "undo", "undo: nothing to undo");
    ok(f, "redo");
    assert_starts_with(f->out.s, "redid: set p 2 0.3\n");
    assert_same_double(f->s.table.p[1], 0.3);
    ok(f, "redo");
    snprintf(want, sizeof want, "redid: base 2\n%s", totals(f));
    assert_string_equal(f->out.s, want);
    assert_contains(f->out.s, " bits\n");
    fails(f, "redo", "redo: nothing to redo");
    /* a new change clears redo */
    ok(f, "undo");
    ok(f, "swap");
    fails(f, "redo", "redo: nothing to redo");
}

static void test_load_save(void **state)
{
    struct fixture *f = *state;
    fails(f, "save", "save: no file name (hint: save FILE");
    char *path = scratch_path(f->dir, "x.csv");
    char line[4200], want[4200];
    ok(f, "set p 1 0.25");
    snprintf(line, sizeof line, "save %s", path);
    ok(f, line);
    snprintf(want, sizeof want, "saved 4 entries to %s\n", path);
    assert_string_equal(f->out.s, want);
    assert_false(f->s.dirty);
    ok(f, "swap");
    ok(f, "save");   /* to the same file */
    assert_string_equal(f->out.s, want);
    double p0 = f->s.table.p[0];
    ok(f, "uniform p");
    snprintf(line, sizeof line, "load %s", path);
    ok(f, line);
    snprintf(want, sizeof want, "loaded 4 entries from %s\n", path);
    assert_starts_with(f->out.s, want);
    assert_same_double(f->s.table.p[0], p0);   /* the swapped table */
    assert_false(f->s.dirty);
    char *missing = scratch_path(f->dir, "missing.csv");
    snprintf(line, sizeof line, "load %s", missing);
    snprintf(want, sizeof want, "load: %s: cannot open: ", missing);
    fails(f, line, want);
    snprintf(line, sizeof line, "save %s/no/such/dir.csv", f->dir);
    fails(f, line, "save: ");
    assert_contains(f->err.msg, "cannot save");
    /* standard input already in use: `load -` says so, reads nothing */
    f->c.stdin_taken = "the script being run";
    fails(f, "load -", "load: -: standard input is the script being run "
          "(hint: load the table from a file)");
    assert_same_double(f->s.table.p[0], p0);
    free(missing);
    free(path);
}

/* A read-only file: save and export refuse it and change nothing; save!
 * and export! replace it. A load mentions what a killed save left. */
static void test_save_force(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "ro.csv");
    char *txt = scratch_path(f->dir, "ro.txt");
    char line[4200], want[4200];
    assert_true(write_file(path, "old\n", 4));
    assert_true(write_file(txt, "old\n", 4));
    assert_int_equal(chmod(path, 0444), 0);
    assert_int_equal(chmod(txt, 0444), 0);
    ok(f, "set p 1 0.25");
    snprintf(line, sizeof line, "save %s", path);
    snprintf(want, sizeof want, "save: %s: cannot save: the file is "
             "read-only (hint: save! ", path);
    fails(f, line, want);
    assert_null(f->s.path);
    snprintf(line, sizeof line, "save! %s", path);
    ok(f, line);
    snprintf(want, sizeof want, "saved 4 entries to %s\n", path);
    assert_string_equal(f->out.s, want);
    assert_false(f->s.dirty);
    ok(f, "set p 1 0.5");
    fails(f, "save", "save: ");
    ok(f, "save!");   /* to the same file */
    assert_false(f->s.dirty);

    snprintf(line, sizeof line, "export %s", txt);
    snprintf(want, sizeof want, "export: %s: cannot save: the file is "
             "read-only", txt);
    fails(f, line, want);
    snprintf(line, sizeof line, "export! %s", txt);
    ok(f, line);
    char *text = read_file(txt, NULL);
    assert_contains(text, "KL(P||Q) = ");
    free(text);

    char *stale = scratch_path(f->dir, "ro.csv.tmp-Ab12Cd");
    assert_true(write_file(stale, "killed\n", 7));
    snprintf(line, sizeof line, "load %s", path);
    ok(f, line);
    assert_contains(f->out.s, "ro.csv.tmp-Ab12Cd is left from an "
                    "interrupted save and may hold newer data; the next "
                    "save removes it\n");
    ok(f, "save!");
    assert_int_not_equal(access(stale, F_OK), 0);
    free(stale);
    free(txt);
    free(path);
}

static void test_presets(void **state)
{
    /* Presets live in a data directory that may not exist where unit
     * tests run: listing may fail, but never changes the session. */
    struct fixture *f = *state;
    enum cmd_status st = run(f, "presets");
    assert_true(st == CMD_OK || st == CMD_ERROR);
    assert_int_equal(f->s.undo.n, 0);
    assert_false(f->s.dirty);
    fails(f, "preset no-such-preset-name", "preset: ");
    fails(f, "preset", "preset: missing arguments");
}

/* Names and descriptions from outside klx (file names, a preset's first
 * line) reach the terminal with their control characters made '?'. */
static void test_outside_text_sanitized(void **state)
{
    struct fixture *f = *state;
    char line[4200], want[4200];
    char *path = scratch_path(f->dir, "f\x1b]0;x\x07.csv");
    char *shown = scratch_path(f->dir, "f?]0;x?.csv");
    snprintf(line, sizeof line, "save %s", path);
    ok(f, line);
    snprintf(want, sizeof want, "saved 4 entries to %s\n", shown);
    assert_string_equal(f->out.s, want);
    snprintf(line, sizeof line, "load %s", path);
    ok(f, line);
    snprintf(want, sizeof want, "loaded 4 entries from %s\n", shown);
    assert_starts_with(f->out.s, want);
    ok(f, "undo");   /* it names the command line, file name and all */
    snprintf(want, sizeof want, "undid: load %s\n", shown);
    assert_starts_with(f->out.s, want);
    /* a temporary left by a killed save of that file is named too */
    char *stale = scratch_path(f->dir, "f\x1b]0;x\x07.csv.tmp-Ab12Cd");
    assert_true(write_file(stale, "killed\n", 7));
    snprintf(line, sizeof line, "load %s", path);
    ok(f, line);
    assert_contains(f->out.s, "note: ");
    assert_contains(f->out.s, "/f?]0;x?.csv.tmp-Ab12Cd is left from an "
                    "interrupted save");
    assert_not_contains(f->out.s, "\x1b");
    unlink(stale);
    free(stale);
    free(path);
    free(shown);
    path = scratch_path(f->dir, "e\xc2\x9b" "31m.txt");
    snprintf(line, sizeof line, "export %s", path);
    ok(f, line);
    assert_contains(f->out.s, "/e??31m.txt\n");
    free(path);

    char *data = scratch_path(f->dir, "d\x1b[2J");
    assert_int_equal(mkdir(data, 0700), 0);
    setenv("KLX_DATA", data, 1);
    ok(f, "presets");
    assert_contains(f->out.s, "no presets in ");
    assert_contains(f->out.s, "/d?[2J\n");
    static const char evil[] = "# evil \x1b]0;PWNED\x07 \x1b[31mred"
                               "\xc2\x85" "end\na,1,1\nb,1,2\n";
    char *file = scratch_path(data, "evil.csv");
    char *named = scratch_path(data, "x\x1b[1m.csv");
    assert_true(write_file(file, evil, sizeof evil - 1));
    assert_true(write_file(named, evil, sizeof evil - 1));
    ok(f, "presets");
    assert_contains(f->out.s,
                    "  evil       evil ?]0;PWNED? ?[31mred??end\n");
    assert_contains(f->out.s, "  x?[1m ");
    ok(f, "preset evil");
    assert_starts_with(f->out.s,
                       "evil: evil ?]0;PWNED? ?[31mred??end\n");
    unsetenv("KLX_DATA");
    unlink(file);
    unlink(named);
    rmdir(data);
    free(file);
    free(named);
    free(data);
}

static void test_smooth_and_grad(void **state)
{
    struct fixture *f = *state;
    char line[64];
    /* smooth: one undoable change that makes an infinite KL finite */
    ok(f, "q 0.5 0.5 0 0");
    assert_true(isinf(f->s.div.pq.total));
    size_t undo = f->s.undo.n;
    ok(f, "smooth 0.01");
    assert_true(isfinite(f->s.div.pq.total));
    assert_int_equal(f->s.undo.n, undo + 1);
    assert_true(f->out.len > 0);
    assert_true(f->s.table.q[3] > 0);
    ok(f, "undo");
    assert_same_double(f->s.table.q[3], 0.0);
    ok(f, "smooth p 0.1");
    ok(f, "undo");
    snprintf(line, sizeof line, "smooth x 0.1");
    fails(f, line, "smooth: ");
    fails(f, "smooth -1", "smooth: ");
    fails(f, "smooth abc", "smooth: ");
    fails(f, "smooth p 1 2", "smooth: too many arguments");
    /* grad only reads */
    ok(f, "uniform q");
    ok(f, "grad");
    assert_true(f->out.len > 0);
    ok(f, "grad p reverse");
    assert_true(f->out.len > 0);
    fails(f, "grad sideways", "grad: ");
}

static void test_fit(void **state)
{
    struct fixture *f = *state;
    ok(f, "p 1 2 4 8 4 2 1");
    size_t undo = f->s.undo.n;
    double q0 = f->s.table.q[0];
    ok(f, "fit gauss both");         /* shows, changes nothing */
    assert_int_equal(f->s.undo.n, undo);
    assert_same_double(f->s.table.q[0], q0);
    assert_non_null(strstr(f->out.s, "forward fit"));
    ok(f, "fit gauss forward");
    assert_int_equal(f->s.undo.n, undo + 1);
    assert_non_null(strstr(f->out.s, "center 4.00"));
    ok(f, "fit geom reverse");
    ok(f, "undo");
    ok(f, "undo");
    assert_same_double(f->s.table.q[0], q0);
    fails(f, "fit nope", "fit: unknown family 'nope'");
    fails(f, "fit gauss sideways", "fit: 'sideways' is not forward");
    ok(f, "p 0 1 1");
    fails(f, "fit gauss reverse", "fit: a reverse fit needs p > 0");
    ok(f, "p 1");
    fails(f, "fit gauss", "fit: fitting needs at least 2 entries");
}

static void test_tour_and_export(void **state)
{
    struct fixture *f = *state;
    ok(f, "set p 1 0.3");
    double p0 = f->s.table.p[0];
    size_t undo = f->s.undo.n;
    fails(f, "next", "next: no tour is running");
    fails(f, "back", "back: no tour is running");
    fails(f, "tour end", "tour: no tour is running");
    ok(f, "tour");
    assert_true(f->c.tour.active);
    assert_non_null(strstr(f->out.s, "lesson 1/"));
    fails(f, "back", "back: this is the first lesson");
    ok(f, "next");
    assert_non_null(strstr(f->out.s, "lesson 2/"));
    ok(f, "set p 1 0.5");
    ok(f, "tour");                      /* where am I: keeps the edit */
    assert_non_null(strstr(f->out.s, "lesson 2/"));
    /* the edit is in the tour's own session; the user's is untouched */
    assert_true(f->c.session != &f->s);
    assert_same_double(f->c.session->table.p[0], 0.5);
    assert_same_double(f->s.table.p[0], p0);
    assert_int_equal(f->s.undo.n, undo);
    fails(f, "tour nope", "tour: 'nope'");
    ok(f, "tour end");
    assert_false(f->c.tour.active);
    assert_true(f->c.session == &f->s);
    assert_same_double(f->s.table.p[0], p0);
    assert_int_equal(f->s.undo.n, undo);
    fails(f, "export out.pdf", "export: out.pdf: unknown export format");
    fails(f, "export /nonexistent-dir/x.svg", "export: /nonexistent-dir/");
}

/* A lesson file runs like the tour: its own session, steps, undo stopping
 * at a step's start; its questions are checked after every command, the
 * revealed lines come only with the answer. */
static void test_lesson_files(void **state)
{
    struct fixture *f = *state;
    static const char text[] =
        "# Test lesson\n"
        "## Reach a target\n"
        "> p 0.5 0.5\n"
        "> q 0.5 0.5\n"
        "Make KL(P||Q) = 0.5108 by changing Q.\n"
        "? kl(P||Q) = 0.5108 +- 0.001 only q\n"
        "! Revealed after.\n"
        "## Choose\n"
        "> preset seed\n"
        "Which is larger?\n"
        "? choose: *forward | reverse\n"
        "! Forward: 0.1269.\n";
    char *path = scratch_path(f->dir, "t.md");
    assert_true(write_file(path, text, sizeof text - 1));
    char line[512];
    ok(f, "lessons");
    assert_contains(f->out.s, "  tour               A tour of KL divergence\n");
    fails(f, "lesson", "lesson: no lesson is running");
    fails(f, "lesson end", "lesson: no lesson is running");
    fails(f, "answer x", "answer: no lesson is running");
    ok(f, "set p 1 0.3");
    size_t undo = f->s.undo.n;
    snprintf(line, sizeof line, "lesson %s", path);
    ok(f, line);
    assert_starts_with(f->out.s, "lesson 1/2: Reach a target\nMake KL(P||Q)"
                       " = 0.5108 by changing Q.\nquestion: make KL(P||Q) = "
                       "0.5108 +- 0.001 by changing Q only\n");
    assert_contains(f->out.s, "`lesson end` returns to your data");
    assert_null(strstr(f->out.s, "Revealed"));
    fails(f, line, "lesson: a lesson is running (hint: `lesson end` first)");
    fails(f, "undo", "undo: nothing to undo: this is the lesson's start");
    /* P may not change: the target reached with an edited P is not met */
    ok(f, "set p 1 0.6");
    ok(f, "q 0.1 0.9");
    assert_false(f->c.tour.answered);
    ok(f, "undo");
    ok(f, "undo");
    ok(f, "q 0.1 0.9");
    assert_true(f->c.tour.answered);
    assert_starts_with(f->out.s, "question answered: KL(P||Q) = 0.510826 "
                       "nats\nRevealed after.\n`next` goes on.\nKL(P||Q) = ");
    assert_string_equal(tour_caption(&f->c.tour), "Make KL(P||Q) = 0.5108 "
                        "by changing Q.\nquestion: make KL(P||Q) = 0.5108 "
                        "+- 0.001 by changing Q only\nRevealed after.");
    ok(f, "q 0.2 0.8");   /* said once */
    assert_null(strstr(f->out.s, "question answered"));
    fails(f, "answer forward", "answer: this step asks no question with "
          "choices");
    ok(f, "next");
    assert_starts_with(f->out.s, "lesson 2/2: Choose\nWhich is larger?\n"
                       "question: `answer forward|reverse`\n");
    assert_false(f->c.tour.answered);
    fails(f, "answer sideways", "answer: 'sideways' is not one of the "
          "answers (hint: `answer forward|reverse`)");
    struct words w;
    words_init(&w);
    command_complete_for(&f->c, "answer ", 7, "", &w);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.v[0], "forward");
    assert_string_equal(w.v[1], "reverse");
    words_free(&w);
    ok(f, "answer reverse");
    assert_starts_with(f->out.s, "not quite: 'reverse' is not the answer");
    assert_false(f->c.tour.answered);
    ok(f, "answer forward");
    assert_string_equal(f->out.s, "right: the answer is 'forward'\n"
                        "Forward: 0.1269.\nThat was the last question.\n");
    fails(f, "next", "next: this is the last lesson (hint: `lesson end`");
    ok(f, "lesson");
    assert_starts_with(f->out.s, "lesson 2/2: Choose\n");
    ok(f, "lesson end");
    assert_starts_with(f->out.s, "lesson ended: your own data is back\n");
    assert_true(f->c.session == &f->s);
    assert_int_equal(f->s.undo.n, undo);
    free(path);
}

/* A step whose command fails does not start the lesson: the error says
 * where, and the user's session stays in place. */
static void test_lesson_bad_step(void **state)
{
    struct fixture *f = *state;
    static const char text[] = "# T\n## S\nx\n> preset nope\n";
    char *path = scratch_path(f->dir, "bad.md");
    assert_true(write_file(path, text, sizeof text - 1));
    char line[512], msg[600];
    snprintf(line, sizeof line, "lesson %s", path);
    snprintf(msg, sizeof msg, "lesson: %s:4: preset: ", path);
    fails(f, line, msg);
    assert_false(f->c.tour.active);
    assert_true(f->c.session == &f->s);
    fails(f, "lesson /nonexistent/x.md", "lesson: cannot open lesson "
          "/nonexistent/x.md");
    static const char moves[] = "# T\n## S\nx\n> next\n";
    assert_true(write_file(path, moves, sizeof moves - 1));
    snprintf(msg, sizeof msg, "lesson: %s:4: a step cannot run `next`", path);
    fails(f, line, msg);
    /* a later step that fails half-way: `next` changes nothing */
    static const char later[] = "# T\n## S\n> p 1 1\nx\n"
                                "## Broken\n> p 1 3\n> preset nope\nx\n";
    assert_true(write_file(path, later, sizeof later - 1));
    ok(f, line);
    snprintf(msg, sizeof msg, "next: %s:7: preset: ", path);
    fails(f, "next", msg);
    assert_int_equal(f->c.tour.step, 0);
    assert_same_double(f->c.session->table.p[0], 0.5);
    ok(f, "lesson end");
    free(path);
}

/* In the tour, undo stops at the lesson's start: the lesson's own setup
 * (a preset, a command) is not an edit to take back. */
static void test_tour_undo_stops_at_lesson_start(void **state)
{
    struct fixture *f = *state;
    ok(f, "tour");
    ok(f, "next");
    double p0 = f->c.session->table.p[0];
    fails(f, "undo", "undo: nothing to undo: this is the lesson's start");
    ok(f, "set p 1 0.5");
    ok(f, "undo");
    assert_same_double(f->c.session->table.p[0], p0);
    fails(f, "undo", "undo: nothing to undo: this is the lesson's start");
    assert_false(f->c.session->dirty);
    ok(f, "tour end");
    fails(f, "undo", "undo: nothing to undo");
}

/* What the view wants computed is the command's (derived.h), not the
 * session's: the tour's session gets it with each lesson's changes, in
 * the same pass, and the user's session is handed back as it was (a
 * tour used to start on a fresh session that wanted nothing). */
static void test_tour_keeps_what_the_view_wants(void **state)
{
    struct fixture *f = *state;
    derived_want_terms(&f->c.derived, true);
    derived_want_measures(&f->c.derived, true);
    ok(f, "set p 1 0.2");
    unsigned long user = f->s.version;
    assert_true(derived_has_terms(&f->c.derived, user));
    ok(f, "tour");
    const struct session *t = f->c.session;
    assert_ptr_not_equal(t, &f->s);
    assert_true(derived_has_terms(&f->c.derived, t->version));
    assert_true(derived_has_measures(&f->c.derived, t->version));
    ok(f, "next");
    assert_true(derived_has_terms(&f->c.derived, f->c.session->version));
    assert_true(derived_has_measures(&f->c.derived,
                                     f->c.session->version));
    ok(f, "tour end");
    assert_ptr_equal(f->c.session, &f->s);
    assert_int_equal(f->s.version, user);
    assert_true(f->c.derived.want_terms && f->c.derived.want_measures);
    session_derive(&f->s, &f->c.derived);
    assert_true(derived_has_terms(&f->c.derived, user));
}

/* top and find only read; top lists the largest |term| each way with its
 * share, find matches labels (exact first) or an index. */
/* Rényi in UTF-8 output, Renyi in ASCII: help, alpha, measures, errors. */
static void test_renyi_spelling(void **state)
{
    struct fixture *f = *state;
    const char *lines[] = {"help alpha", "alpha 2", "measures"};
    for (int u = 0; u < 2; u++) {
        f->c.utf8_text = u;
        const char *want = u ? "R\u00E9nyi" : "Renyi";
        const char *not = u ? "Renyi" : "R\u00E9nyi";
        for (size_t k = 0; k < 3; k++) {
            ok(f, lines[k]);
            if (!strstr(f->out.s, want) || strstr(f->out.s, not))
                fail_msg("`%s` (utf8 %d): %s", lines[k], u, f->out.s);
        }
        assert_int_equal(run(f, "sweep alpha 0 2"), CMD_ERROR);
        assert_non_null(strstr(f->err.msg, want));
    }
}

/* `top` printed q = 1.2e-6 as 0.000001; a column is in one notation with
 * enough digits. */
static void test_top_columns_keep_their_digits(void **state)
{
    struct fixture *f = *state;
    ok(f, "p 0.5 0.3 0.2 0.0000012");
    ok(f, "q 0.25 0.25 0.25 0.25");
    ok(f, "top 3");
    assert_null(strstr(f->out.s, "0.000001 "));
    assert_non_null(strstr(f->out.s, "1.200e-06"));
    /* the p column of the reverse listing: all scientific */
    const char *rev = strstr(f->out.s, "KL(Q||P)");
    assert_non_null(rev);
    assert_non_null(strstr(rev, "5.000e-01"));
    ok(f, "find d");
    assert_non_null(strstr(f->out.s, "1.200e-06"));
    /* grad: the p column and the gradient column, one notation each */
    ok(f, "grad p reverse");
    assert_non_null(strstr(f->out.s, "p = 1.200e-06"));
    assert_non_null(strstr(f->out.s, "p = 5.000e-01"));
    assert_null(strstr(f->out.s, "0.000002"));
}

static void test_top_and_find(void **state)
{
    struct fixture *f = *state;
    ok(f, "top");
    /* the seed: forward d (0.277259, 218.6% of 0.126851), then b, a, c */
    const char *o = f->out.s;
    const char *d = strstr(o, "     1  d             4    0.400000    "
                              "0.200000      0.277259    218.6%");
    assert_non_null(d);
    assert_non_null(strstr(o, "the 4 largest |p*log(p/q)| of 4 entries"));
    assert_true(strstr(o, "  2  b ") && strstr(o, "  3  a ") &&
                strstr(o, "  4  c "));
    /* reverse: a (+0.138629) ties d (-0.138629) in magnitude; a has the
     * smaller index */
    const char *rev = strstr(o, "KL(Q||P) = 0.121640 nats: the 4 largest");
    assert_non_null(rev);
    assert_non_null(strstr(rev, "     1  a             1"));
    assert_non_null(strstr(rev, "     2  d             4"));
    ok(f, "top 1");
    assert_non_null(strstr(f->out.s, "the 1 largest"));
    assert_null(strstr(f->out.s, "  2  b "));
    fails(f, "top 0", "top: '0' is not a number of entries");
    fails(f, "top x", "top: ");
    fails(f, "top -3", "top: ");
    fails(f, "top 1 2", "top: too many arguments");
    /* an infinite term comes first, with no share */
    ok(f, "q 0.5 0.5 0 0");
    ok(f, "top 2");
    assert_non_null(strstr(f->out.s, "     1  c             3    0.300000"
                                     "           0           inf         -"));

    ok(f, "labels tok1 tok10 xtok1 tok100");
    ok(f, "find tok1");
    assert_non_null(strstr(f->out.s, "4 entries match:"));
    /* the exact label first, then index order */
    const char *a = strstr(f->out.s, "       1  tok1 ");
    const char *b = strstr(f->out.s, "       2  tok10 ");
    const char *c = strstr(f->out.s, "       4  tok100 ");
    assert_true(a && b && c && a < b && b < c);
    ok(f, "find 10");
    assert_non_null(strstr(f->out.s, "2 entries match:"));
    ok(f, "find 3");     /* an index */
    assert_non_null(strstr(f->out.s, "1 entry matches:"));
    assert_non_null(strstr(f->out.s, "       3  xtok1 "));
    fails(f, "find TOK", "find: no label contains 'TOK'");
    fails(f, "find", "find: missing arguments");

    /* more than 20 hits: the first 20, then how many more */
    char line[512] = "p";
    for (int i = 0; i < 120; i++)
        strcat(line, " 1");
    ok(f, line);
    ok(f, "find 1");   /* 1, 10-19, 21, 31, ..., 100-120: 40 labels */
    assert_non_null(strstr(f->out.s, "40 entries match:"));
    assert_non_null(strstr(f->out.s, "  and 20 more\n"));
    assert_non_null(strstr(f->out.s, "entries match:"));
}

static void test_failing_commands_change_nothing(void **state)
{
    struct fixture *f = *state;
    ok(f, "set p 2 0.3");
    ok(f, "undo");   /* so undo and redo both have depth */
    ok(f, "swap");
    ok(f, "undo");
    const char *bad[] = {"p 1 2 x", "p 0,5 0,5", "q -1 1 1 1", "set p 5 .1",
                         "set q a 2", "add a 0.1 0.1", "add z 0.1 7",
                         "del 0", "labels a b c", "labels a b c c",
                         "uniform r", "base 16", "load /nonexistent/x.csv",
                         "save /nonexistent/dir/x.csv", "help zzz",
                         "nonsense", "set", "redo redo"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        fails(f, bad[i], "");
}

/* The joint command group: every change is one undo step, a failing
 * subcommand changes nothing, and `joint kl` shows I as KL(P||Q). */
static void test_joint(void **state)
{
    struct fixture *f = *state;
    fails(f, "joint", "joint: there is no joint table yet");
    ok(f, "joint 2 2 0.4 0.1 0.1 0.4");
    assert_non_null(strstr(f->out.s, "I(X;Y) = KL(P_XY||P_X P_Y) = "
                           "0.192745 nats"));
    struct joint_stats st;
    joint_compute(&f->s.joint, &st);
    double mi = st.mi;
    joint_stats_free(&st);
    size_t undo = f->s.undo.n;
    const char *bad[] = {"joint 10000 10000", "joint 2 2 1 2 3",
                         "joint 2 2 1 -2 3 4", "joint 2 2 0 0 0 0",
                         "joint 2 2 1 2 x 4", "joint 2", "joint set 3 1 0.5",
                         "joint set 1 1 1.5", "joint noisy 2",
                         "joint copy 0", "joint frob", "joint load "
                         "/nonexistent/j.csv", "joint kl extra",
                         "joint export j.pdf"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fails(f, bad[i], "joint: ");
        assert_int_equal(f->s.joint.rows, 2);
        assert_true(f->s.joint.p[0] == 0.4);
        assert_int_equal(f->s.undo.n, undo);
    }
    ok(f, "joint");
    assert_non_null(strstr(f->out.s, "product of the marginals"));
    ok(f, "joint set x1 y2 0.2");
    assert_true(f->s.joint.p[1] == 0.2);
    ok(f, "undo");
    assert_non_null(strstr(f->out.s, "undid: joint set x1 y2 0.2"));
    assert_true(f->s.joint.p[1] == 0.1);
    ok(f, "redo");
    assert_true(f->s.joint.p[1] == 0.2);
    ok(f, "undo");
    /* P = the cells, Q = the product: the same KL, bit for bit */
    ok(f, "joint kl");
    assert_int_equal(f->s.table.n, 4);
    assert_string_equal(f->s.table.labels[1], "x1,y2");
    assert_true(f->s.div.pq.total == mi);
    ok(f, "undo");
    assert_int_equal(f->s.table.n, 4);
    assert_string_equal(f->s.table.labels[1], "b");
    ok(f, "joint copy 3");
    assert_int_equal(f->s.joint.rows, 3);
    ok(f, "joint noisy 0.25");
    ok(f, "joint indep");
    ok(f, "joint json");
    assert_non_null(strstr(f->out.s, "\"mutual_information\":0,"));
    char path[512];
    snprintf(path, sizeof path, "joint save %s/j.csv", f->dir);
    ok(f, path);
    ok(f, "joint copy 2");
    snprintf(path, sizeof path, "joint load %s/j.csv", f->dir);
    ok(f, path);
    assert_int_equal(f->s.joint.rows, 2);
    assert_true(f->s.joint.p[0] == 0.25);
    snprintf(path, sizeof path, "joint export %s/j.md", f->dir);
    ok(f, path);
    snprintf(path, sizeof path, "joint export! %s/j.svg", f->dir);
    ok(f, path);
    snprintf(path, sizeof path, "joint save! %s/j.csv", f->dir);
    ok(f, path);
    ok(f, "help joint");
    assert_non_null(strstr(f->out.s, "joint noisy EPS"));
}

static void test_every_command_is_tested(void **state)
{
    (void)state;
    /* the commands exercised above; a new command needs a test too */
    static const char *const tested[] = {
        "p", "q", "labels", "set", "add", "del", "swap", "uniform",
        "normalize", "kl", "show", "json", "terms", "measures", "alpha",
        "base", "load", "save", "undo", "redo", "help", "quit", "presets",
        "save!", "export!",
        "preset", "smooth", "grad", "fit", "tour", "next", "back",
        "lessons", "lesson", "answer",
        "export", "top", "find", "joint",
        "family", "param", "sample", "code", "sweep",   /* test_command_family.c */
        "pin", "unpin",                                 /* test_pin.c */
        /* the explorer's view commands: test_command_view.c */
        "select", "edit", "step", "view", "search", "mouse", "cell",
        NULL};
    const char *const *names = command_names();
    size_t n = 0;
    for (size_t i = 0; names[i]; i++, n++) {
        bool found = false;
        for (size_t k = 0; tested[k]; k++)
            found |= strcmp(tested[k], names[i]) == 0;
        if (!found)
            fail_msg("command '%s' has no test in test_command.c", names[i]);
    }
    assert_true(n >= 20);
}

/* ---- completion ---- */

static bool has(const struct words *w, const char *s)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->v[i], s) == 0)
            return true;
    return false;
}

/* When the other entries all hold 0, `set` shares the rest equally (a
 * proportional split of nothing is undefined); help and README say so. */
static void test_set_others_zero(void **state)
{
    struct fixture *f = *state;
    ok(f, "p 1 0 0 0");
    ok(f, "set p 1 0.4");
    for (size_t i = 1; i < 4; i++)
        assert_close(f->s.table.p[i], 0.2, 1e-15, 0);
    ok(f, "help set");
    assert_contains(f->out.s, "when the others all hold 0, the rest\nis "
                              "shared equally among them");
}

/* Labels that look like numbers: a label equal to the word wins, #N is
 * always the N-th entry, in every command that takes an entry. */
static void test_numeric_labels(void **state)
{
    struct fixture *f = *state;
    ok(f, "labels 0 1 2 3");
    ok(f, "set p 3 0.5");
    assert_same_double(f->s.table.p[3], 0.5);   /* the entry labelled 3 */
    ok(f, "set p 0 0.25");
    assert_same_double(f->s.table.p[0], 0.25);
    ok(f, "set q #3 0.5");
    assert_same_double(f->s.table.q[2], 0.5);   /* the third entry */
    fails(f, "set q #0 0.5", "set: no entry #0 (entries are #1 to #4)");
    fails(f, "set q #5 0.5", "set: no entry #5 (entries are #1 to #4)");
    fails(f, "set q 5 0.5", "set: no entry 5 (entries are 1 to 4)");
    ok(f, "find #1");
    assert_contains(f->out.s, "1 entry matches:");
    assert_contains(f->out.s, "       1  0 ");
    ok(f, "del 1");
    assert_string_equal(f->s.table.labels[1], "2");
    ok(f, "del #1");
    assert_string_equal(f->s.table.labels[0], "2");
    assert_int_equal(f->s.table.n, 2);
    /* a label that starts with # other than #N is a label */
    ok(f, "labels #x y");
    ok(f, "set p #x 0.125");
    assert_same_double(f->s.table.p[0], 0.125);

    struct words w;
    words_init(&w);
    ok(f, "labels apple apricot");
    command_complete_for(&f->c, "set p ap", 6, "ap", &w);
    assert_int_equal(w.n, 2);
    assert_true(has(&w, "apple") && has(&w, "apricot"));
    command_complete_for(&f->c, "del apr", 4, "apr", &w);
    assert_int_equal(w.n, 1);
    command_complete_for(&f->c, "find a", 5, "a", &w);
    assert_int_equal(w.n, 2);
    command_complete_for(&f->c, "set ", 4, "", &w);
    assert_true(has(&w, "p") && !has(&w, "apple"));
    ok(f, "p 1 1 1");   /* automatic labels are the indices */
    command_complete_for(&f->c, "del ", 4, "", &w);
    assert_int_equal(w.n, 0);
    words_free(&w);
}

static void test_complete(void **state)
{
    (void)state;
    struct words w;
    words_init(&w);
    assert_int_equal(command_complete("", 0, "", &w), COMPLETE_WORDS);
    size_t n_names = 0;
    for (const char *const *p = command_names(); *p; p++)
        n_names++;
    assert_int_equal(w.n, n_names);
    assert_false(has(&w, "exit"));

    command_complete("s", 0, "s", &w);
    size_t n_s = 0;
    for (const char *const *p = command_names(); *p; p++)
        n_s += (*p)[0] == 's';
    assert_int_equal(w.n, n_s);
    assert_true(has(&w, "set") && has(&w, "swap") && has(&w, "show") &&
                has(&w, "save"));
    command_complete("  un", 2, "un", &w);
    assert_int_equal(w.n, 3);
    assert_true(has(&w, "uniform") && has(&w, "undo") && has(&w, "unpin"));
    command_complete("set ", 4, "", &w);
    assert_int_equal(w.n, 2);
    assert_true(has(&w, "p") && has(&w, "q"));
    command_complete("uniform q", 8, "q", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "q");
    command_complete("joint s", 6, "s", &w);
    assert_int_equal(w.n, 3);
    assert_true(has(&w, "save") && has(&w, "save!") && has(&w, "set"));
    assert_int_equal(command_complete("joint load d", 11, "d", &w),
                     COMPLETE_FILES);
    assert_int_equal(command_complete("joint export! d", 14, "d", &w),
                     COMPLETE_FILES);
    assert_int_equal(command_complete("joint set 1", 10, "1", &w),
                     COMPLETE_WORDS);
    command_complete("lesson f", 7, "f", &w);
    assert_int_equal(w.n, 2);
    assert_true(has(&w, "families") && has(&w, "forward-reverse"));
    command_complete("lesson e", 7, "e", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "end");
    assert_int_equal(command_complete("lesson ./my", 7, "./my", &w),
                     COMPLETE_FILES);
    command_complete("base b", 5, "b", &w);
    assert_int_equal(w.n, 2);
    assert_true(has(&w, "bits") && has(&w, "bans"));
    command_complete("help sh", 5, "sh", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "show");
    assert_int_equal(command_complete("load da", 5, "da", &w),
                     COMPLETE_FILES);
    assert_int_equal(command_complete("save ", 5, "", &w), COMPLETE_FILES);
    assert_int_equal(command_complete("save! ", 6, "", &w), COMPLETE_FILES);
    assert_int_equal(command_complete("export! v", 8, "v", &w),
                     COMPLETE_FILES);
    assert_int_equal(command_complete("set p ", 6, "", &w), COMPLETE_WORDS);
    assert_int_equal(w.n, 0);
    command_complete("kl ", 3, "", &w);
    assert_int_equal(w.n, 0);
    command_complete("zz", 0, "zz", &w);
    assert_int_equal(w.n, 0);
    /* an unterminated quote before the word does not crash */
    command_complete("labels \"a b", 10, "b", &w);
    words_free(&w);
}

/* Lines from..to of text (each ended by '\n') as valid UTF-8 of one
 * display width: a column table whose labels are Chinese. */
static void assert_lines_aligned(const char *text, const char *from,
                                 size_t n_lines)
{
    const char *l = strstr(text, from);
    if (!l)
        fail_msg("no \"%s\" in:\n%s", from, text);
    int width = -1;
    for (size_t k = 0; k < n_lines; k++) {
        const char *nl = strchr(l, '\n');
        assert_non_null(nl);
        char line[512];
        size_t len = (size_t)(nl - l);
        assert_true(len < sizeof line);
        memcpy(line, l, len);
        line[len] = '\0';
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t step = utf8_scan(line + i, len - i, &cp);
            if (!step)
                fail_msg("cut inside a character at byte %zu: %s", i, line);
            i += step;
        }
        if (width < 0)
            width = utf8_width(line);
        else if (utf8_width(line) != width)
            fail_msg("line %zu is %d columns, the first %d:\n%s", k,
                     utf8_width(line), width, text);
        l = nl + 1;
    }
}

/* Labels in Chinese (3 bytes, 2 columns a character): top and find pad
 * and cut them by display width, never inside a character, so their
 * columns line up as ASCII labels do; grad and fit pad them too. */
static void test_wide_labels_line_up(void **state)
{
    struct fixture *f = *state;
    ok(f, "p 0.1 0.2 0.3 0.4");
    ok(f, "labels \"a\u957f\u6807\u7b7e\u7532\u4e59\u4e19\u4e01\u620a"
          "\u5df1\u5e9a\u8f9b\u58ec\" \u77ed b cc");
    ok(f, "find 1");
    assert_lines_aligned(f->out.s, "     index", 2);
    ok(f, "find c");
    assert_lines_aligned(f->out.s, "     index", 2);
    ok(f, "top 4");
    assert_lines_aligned(f->out.s, "  rank", 5);
    ok(f, "grad");
    assert_lines_aligned(f->out.s, "  \u77ed ", 2);   /* a wider label
                                                      stays whole */
    ok(f, "fit gauss");
    const char *bars = strstr(f->out.s, "\na\u957f");
    assert_non_null(bars);
    assert_lines_aligned(bars + 1, "a", 1);   /* valid UTF-8 */
    assert_non_null(strstr(bars, "\na\u957f\u6807\u7b7e\u7532\u4e59 "));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_blank_and_comment_lines),
        T(test_unknown_and_arg_counts),
        T(test_quit),
        T(test_set_exact_values),
        T(test_set_errors),
        T(test_p_and_q),
        T(test_labels_add_del),
        T(test_swap_uniform_base),
        T(test_report_commands),
        T(test_help),
        T(test_undo_redo_messages),
        T(test_load_save),
        T(test_save_force),
        T(test_presets),
        T(test_outside_text_sanitized),
        T(test_smooth_and_grad),
        T(test_failing_commands_change_nothing),
        T(test_fit),
        T(test_tour_and_export),
        T(test_tour_undo_stops_at_lesson_start),
        T(test_lesson_files),
        T(test_lesson_bad_step),
        T(test_top_and_find),
        T(test_numeric_labels),
        T(test_set_others_zero),
        T(test_joint),
        T(test_tour_keeps_what_the_view_wants),
        cmocka_unit_test(test_every_command_is_tested),
        cmocka_unit_test(test_complete),
        T(test_top_columns_keep_their_digits),
        T(test_renyi_spelling),
        T(test_wide_labels_line_up),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
