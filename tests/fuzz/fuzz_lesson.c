/* fuzz_lesson: libFuzzer harness for the lesson file parser.
 *
 * The input is a lesson file's text. lesson_parse must either fail with a
 * clean message naming the file (and every recorded problem is one line
 * "fuzz.md:LINE..." of printable UTF-8) or produce a lesson with a title
 * and at least one step, each step with a heading, its strings valid
 * UTF-8 without control characters other than the caption's newlines,
 * command line numbers inside the file and after their step's heading,
 * and a question whose numbers are usable (a finite target, a tolerance
 * of 0 or more, the right choice among the choices). Parsing the same
 * text twice gives the same result.
 *
 * Build: see tests/fuzz/meson.build; run: tests/fuzz/run-fuzz lesson. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lesson.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "fuzz_lesson: invariant failed: %s (%s:%d)\n",  \
                    #cond, __FILE__, __LINE__);                             \
            abort();                                                        \
        }                                                                   \
    } while (0)

#include "fuzz_check.h"

/* Valid UTF-8; no control characters but '\n' where newlines may be. */
static void check_text(const char *s, bool newlines)
{
    CHECK(s != NULL);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_scan(s + i, len - i, &cp);
        CHECK(k > 0);
        CHECK(!utf8_is_control(cp) || (newlines && cp == '\n'));
        i += k;
    }
}

/* Every recorded problem is a line "fuzz.md:..." of printable text. */
static void check_problems(const struct lesson *l)
{
    const char *p = l->problems.s ? l->problems.s : "";
    size_t lines = 0;
    while (*p) {
        const char *end = strchr(p, '\n');
        CHECK(end != NULL);
        CHECK(strncmp(p, "fuzz.md:", 8) == 0);
        for (const char *c = p; c < end; c++)
            CHECK((unsigned char)*c >= 0x20 && *c != 0x7F);
        lines++;
        p = end + 1;
    }
    CHECK(lines == l->n_problems);
}

static void check_step(const struct lesson_step *s, size_t size)
{
    check_text(s->heading, false);
    check_text(s->caption, true);
    check_text(s->reveal, true);
    check_text(s->shown, true);
    check_text(s->answered_caption, true);
    CHECK(s->line >= 1 && s->line <= size + 1);
    for (size_t i = 0; i < s->n_commands; i++) {
        check_text(s->commands[i], false);
        CHECK(s->command_lines[i] > s->line &&
              s->command_lines[i] <= size + 1);
    }
    const struct lesson_question *q = &s->question;
    if (q->kind == LESSON_Q_TARGET) {
        CHECK(isfinite(q->target) && isfinite(q->tol) && q->tol >= 0);
        CHECK(q->only == 0 || q->only == 'p' || q->only == 'q');
    } else if (q->kind == LESSON_Q_CHOICE) {
        CHECK(q->n_choices >= 1 && q->answer < q->n_choices);
        for (size_t i = 0; i < q->n_choices; i++)
            check_text(q->choices[i], false);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct lesson l;
    struct error err;
    lesson_init(&l);
    bool ok = lesson_parse(&l, "fuzz.md", text, size, &err);
    check_problems(&l);
    if (ok) {
        CHECK(l.n_problems == 0);
        check_text(l.title, false);
        CHECK(l.n >= 1);
        for (size_t i = 0; i < l.n; i++)
            check_step(&l.steps[i], size);
    } else {
        check_message(&err);
        CHECK(strncmp(err.msg, "fuzz.md:", 8) == 0);
        CHECK(l.n_problems >= 1);
    }
    /* The same text, the same verdict and problems. */
    struct lesson again;
    struct error err2;
    lesson_init(&again);
    CHECK(lesson_parse(&again, "fuzz.md", text, size, &err2) == ok);
    CHECK(again.n_problems == l.n_problems && again.n == l.n);
    lesson_free(&again);
    lesson_free(&l);
    lesson_free(&l);   /* the header promises a second call is safe */
    return 0;
}
