/* lesson: a lesson file, parsed.
 *
 * A lesson is plain UTF-8 text a teacher writes, Markdown-like:
 *
 *     # Title of the lesson
 *
 *     ## The first step's heading
 *     > preset seed
 *     Caption lines, shown as written (at most LESSON_CAPTION_LINES
 *     lines of LESSON_CAPTION_COLS columns: the explorer's caption area
 *     at 80x24).
 *     ? kl(P||Q) = 0.5 +- 0.01 only q
 *     ! Shown only once the question is answered.
 *
 * Lines starting with '>' are commands of the language, run in order when
 * the step opens; '?' is the step's question (at most one): a target for
 * kl(P||Q) or kl(Q||P), optionally `only p` or `only q` (the other
 * distribution must stay as the step left it), or `choose: *right |
 * wrong | ...` (the '*' marks the answer, given with `answer WORD`),
 * stated below the caption in a line of klx's own; '!' lines are revealed
 * once the question is answered. Blank lines separate
 * paragraphs (kept as one empty caption line). The parser checks the
 * form only: whether each command runs is command_lesson_check's. */
#ifndef KLX_LESSON_H
#define KLX_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

#define LESSON_MAX_BYTES (1024 * 1024)  /* a file this large is a mistake */
#define LESSON_LINE_MAX 1000            /* bytes in one line */
#define LESSON_CAPTION_LINES 6          /* caption, question, '!' lines */
#define LESSON_CAPTION_COLS 78          /* columns, indented 2 at 80 */

enum lesson_question_kind { LESSON_Q_NONE, LESSON_Q_TARGET, LESSON_Q_CHOICE };

struct lesson_question {
    enum lesson_question_kind kind;
    size_t line;
    bool reverse;            /* TARGET: kl(Q||P) rather than kl(P||Q) */
    double target, tol;      /* TARGET, in the session's unit */
    char only;               /* TARGET: 'p', 'q' or 0 (both may change) */
    char **choices;          /* CHOICE: the words, choices[answer] right */
    size_t n_choices, answer;
};

struct lesson_step {
    char *heading;
    size_t line;             /* of the heading */
    char *caption;           /* lines joined by '\n', no '\n' at the end */
    char *reveal;            /* '!' lines, or "" */
    char *shown;             /* the caption and the question's line (as
                                "question: make KL(P||Q) = 0.5 +- 0.01") */
    char *answered_caption;  /* that, then the '!' lines */
    char **commands;         /* '>' lines, without the '>' */
    size_t *command_lines;
    size_t n_commands;
    struct lesson_question question;
};

struct lesson {
    char *name;              /* the file name messages give */
    char *title;
    struct lesson_step *steps;
    size_t n;
    struct buf problems;     /* "name:line: message\n" for each problem */
    size_t n_problems;
};

void lesson_init(struct lesson *l);
/* Frees what l holds and leaves it empty; safe to call again. */
void lesson_free(struct lesson *l);

/* Parses text[0..len) named `name` in messages. Records every problem of
 * form it finds in l->problems (the whole text is read, so a checker can
 * list them all); returns false, with the first of them in err, when there
 * is any. */
bool lesson_parse(struct lesson *l, const char *name, const char *text,
                  size_t len, struct error *err);

/* Reads and parses a file (at most LESSON_MAX_BYTES). */
bool lesson_load(struct lesson *l, const char *path, struct error *err);

/* The directory of the lessons shipped with klx: preset_dir()/lessons. */
void lesson_dir(struct buf *out);

/* The file `lesson NAME` means: NAME itself when it names a file (it holds
 * a '/' or ends in .md), else the lesson in the messages' language,
 * lesson_dir()/LANG/NAME.md (LANG as i18n_language() says, e.g. zh_CN),
 * when there is one, else the English lesson_dir()/NAME.md. Appends it to
 * out. */
void lesson_path(const char *name, struct buf *out);

/* The lessons in lesson_dir() by name (file names without .md, control
 * characters made '?'), sorted: the caller frees each and the array. False when it cannot be read. */
bool lesson_names(char ***names, size_t *n, struct error *err);

/* Appends "  NAME  TITLE\n" for each lesson in lesson_dir(), sorted; the
 * title of the copy lesson_path() picks. */
bool lesson_list(struct buf *out, struct error *err);

/* Whether a session with these totals (in the session's unit) meets a
 * TARGET question. */
bool lesson_target_met(const struct lesson_question *q, double kl_pq,
                       double kl_qp);

#endif
