/* command: klx's command language, the one way to change a session.
 *
 * The REPL feeds it lines a person types or a script pipes in; the TUI turns
 * every key and mouse action into one of these lines. So every action has
 * exactly one implementation, and everything the TUI does can be typed.
 *
 * command_run() never prints and never exits: it appends what a person
 * should see to `out` and returns a status. A command that fails leaves the
 * session exactly as it was and explains itself in `err`.
 *
 * Indices are 1-based; an entry can also be named by its label. */
#ifndef KLX_COMMAND_H
#define KLX_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "command_view.h"
#include "error.h"
#include "parse.h"
#include "pin.h"
#include "session.h"
#include "tour.h"

enum cmd_status {
    CMD_OK,       /* done; `out` may hold text to show */
    CMD_ERROR,    /* nothing changed; `err` says why */
    CMD_QUIT,     /* the user asked to leave */
};

struct family_memory;

struct command {
    struct session *session;   /* not owned */
    /* What the front end wants computed beyond KL (derived.h): passed to
     * every change, whichever session (the user's, a tour's) it is of. */
    struct derived derived;
    int width;                 /* columns for `show` (report width) */
    bool unicode;              /* Unicode block bars in `show` */
    bool utf8_text;            /* prose may say "Rényi": not under LANG=C
                                * or --ascii (command_prose) */
    struct tour tour;          /* the guided tour, when one is running */
    struct words words;        /* scratch, reused between lines */
    /* Asked during long computations (fit); true abandons the command,
     * which fails with "... cancelled" and changes nothing. NULL: never.
     * The REPL and the explorer answer with whether Ctrl-C was pressed. */
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
    struct numlist nums;
    /* When set, `load -` fails saying standard input is this (the script
     * being run, the explorer's terminal): the caller already uses it. */
    const char *stdin_taken;
    /* Told how far a long `load` got, and asked whether to cancel it
     * (NULL: none); set by the front end around the lines it runs. */
    const struct table_progress *progress;
    /* The explorer, when one runs: it carries out the view commands
     * (command_view.h). NULL in the REPL. */
    command_view_hook view_hook;
    void *view_ctx;
    /* The families P and Q were generated from (command_family.h). */
    struct family_memory *families;
    /* P, Q and both KL as `pin` kept them (pin.h), to compare with. */
    struct pin pin;
};

void command_init(struct command *c, struct session *s);
void command_free(struct command *c);

/* Runs one line. Blank lines and lines starting with '#' do nothing. */
enum cmd_status command_run(struct command *c, const char *line,
                            struct buf *out, struct error *err);

/* After a change, the line with KL(P||Q) and KL(Q||P). */
void command_totals(const struct command *c, struct buf *out);

/* `help` text: the list of commands, or one command's details, in the
 * language of messages (i18n.h). Returns false for an unknown name. */
bool command_help(const char *name, struct buf *out);

/* Names of all commands, NULL-terminated, for completion and the help
 * screen. */
const char *const *command_names(void);

/* Command i of the language (from 0) for generated documentation, its
 * summary and help as written (English); false past the end. `view`
 * marks the explorer's view commands. */
struct command_doc {
    const char *name, *usage, *summary, *help;
    bool view;
};
bool command_doc(size_t i, struct command_doc *doc);

/* Tab completion. `line` is the whole input line, `start` the byte offset
 * where the word being completed begins, `prefix` that word so far.
 * Fills `out` with the candidates. Returns COMPLETE_FILES when the
 * caller should complete file names instead (after load/save). */
enum complete_kind { COMPLETE_WORDS, COMPLETE_FILES };
enum complete_kind command_complete(const char *line, size_t start,
                                    const char *prefix, struct words *out);

/* The same, and where a command expects an entry (`set p|q I`, `del I`,
 * `find TEXT`) the labels of c's table that start with prefix: none for
 * automatic labels (they are the indices), for more than
 * COMMAND_COMPLETE_MAX matches, or for labels that would need quotes. */
#define COMMAND_COMPLETE_MAX 1000
enum complete_kind command_complete_for(const struct command *c,
                                        const char *line, size_t start,
                                        const char *prefix,
                                        struct words *out);

#endif
