/* Unit tests for core/lesson (the lesson file format) and the checks of
 * core/command_lesson (what --check-lesson reports). */
#include "test_util.h"

#include "alloc.h"
#include "buf.h"
#include "command_lesson.h"
#include "lesson.h"

struct fixture {
    struct lesson l;
    struct error err;
    char *dir;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    lesson_init(&f->l);
    f->dir = scratch_dir();
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    lesson_free(&f->l);
    scratch_remove(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static bool parse(struct fixture *f, const char *text)
{
    f->err.msg[0] = '\0';
    return lesson_parse(&f->l, "t.md", text, strlen(text), &f->err);
}

/* The text must not parse, and its problems must include this one. */
static void bad(struct fixture *f, const char *text, const char *problem)
{
    if (parse(f, text))
        fail_msg("parsed:\n%s", text);
    assert_contains(f->l.problems.s, problem);
}

static void test_parse_steps(void **state)
{
    struct fixture *f = *state;
    assert_true(parse(f, "# Title here\n"
                         "\n"
                         "## First\r\n"
                         "> preset seed\n"
                         "Line one,\n"
                         "line two.\n"
                         "\n"
                         "Second paragraph.\n"
                         ">   base 2   \n"
                         "## Second\n"
                         "? kl(Q||P) = 0.25 +- 0.01 only q\n"
                         "! shown after\n"
                         "Caption\twith a tab.\n"));
    assert_string_equal(f->l.title, "Title here");
    assert_int_equal(f->l.n, 2);
    const struct lesson_step *s = &f->l.steps[0];
    assert_string_equal(s->heading, "First");
    assert_int_equal(s->line, 3);
    assert_string_equal(s->caption, "Line one,\nline two.\n\nSecond "
                                    "paragraph.");
    assert_int_equal(s->n_commands, 2);
    assert_string_equal(s->commands[0], "preset seed");
    assert_string_equal(s->commands[1], "base 2");
    assert_int_equal(s->command_lines[1], 9);
    assert_int_equal(s->question.kind, LESSON_Q_NONE);
    s = &f->l.steps[1];
    assert_string_equal(s->caption, "Caption with a tab.");
    assert_string_equal(s->reveal, "shown after");
    assert_string_equal(s->shown, "Caption with a tab.\nquestion: make "
                        "KL(Q||P) = 0.25 +- 0.01 by changing Q only");
    assert_string_equal(s->answered_caption, "Caption with a tab.\nquestion: "
                        "make KL(Q||P) = 0.25 +- 0.01 by changing Q only\n"
                        "shown after");
    assert_int_equal(s->question.kind, LESSON_Q_TARGET);
    assert_true(s->question.reverse);
    assert_int_equal(s->question.only, 'q');
    assert_close(s->question.target, 0.25, 0, 0);
    assert_close(s->question.tol, 0.01, 0, 0);
    assert_int_equal(s->question.line, 11);
    assert_true(lesson_target_met(&s->question, 9, 0.255));
    assert_false(lesson_target_met(&s->question, 0.25, 0.27));
}

/* '!' lines go to what the answer reveals, apart from the caption: a
 * blank line before one still separates the caption's paragraphs, and
 * a '!' that says nothing adds nothing. */
static void test_parse_reveal_between_paragraphs(void **state)
{
    struct fixture *f = *state;
    assert_true(parse(f, "# T\n## S\nOne.\n\n! first\n!\nTwo.\n"
                         "! second\n"));
    const struct lesson_step *s = &f->l.steps[0];
    assert_string_equal(s->caption, "One.\n\nTwo.");
    assert_string_equal(s->reveal, "first\nsecond");
    assert_string_equal(s->answered_caption, "One.\n\nTwo.\nfirst\nsecond");
}

/* A byte order mark before the title is no text before it. */
static void test_parse_bom(void **state)
{
    struct fixture *f = *state;
    assert_true(parse(f, "\xef\xbb\xbf# Title\r\n## S\r\nx\r\n"));
    assert_string_equal(f->l.title, "Title");
    assert_string_equal(f->l.steps[0].caption, "x");
}

static void test_parse_choice(void **state)
{
    struct fixture *f = *state;
    assert_true(parse(f, "# T\n## S\nWhich?\n? choose: forward | *reverse "
                         "| neither\n"));
    const struct lesson_question *q = &f->l.steps[0].question;
    assert_int_equal(q->kind, LESSON_Q_CHOICE);
    assert_int_equal(q->n_choices, 3);
    assert_string_equal(q->choices[1], "reverse");
    assert_int_equal(q->answer, 1);
    bad(f, "# T\n## S\nx\n? choose: forward | reverse\n",
        "t.md:4: mark the one right answer with '*'");
    bad(f, "# T\n## S\nx\n? choose: *forward\n",
        "t.md:4: a choice needs two answers or more");
    bad(f, "# T\n## S\nx\n? choose: *a b | c\n",
        "t.md:4: each choice is one word");
}

static void test_bad_form(void **state)
{
    struct fixture *f = *state;
    bad(f, "", "t.md:1: a lesson without steps");
    bad(f, "# Only a title\n\n", "t.md:2: a lesson without steps");
    bad(f, "## Step\nx\n", "t.md:1: no title");
    bad(f, "# T\nstray text\n## S\nx\n",
        "t.md:2: text before the first step");
    bad(f, "# T\n> preset seed\n## S\nx\n",
        "t.md:2: a command before the first step");
    bad(f, "# T\n! revealed\n## S\nx\n",
        "t.md:2: '!' before the first step");
    /* an unterminated step: a heading and nothing under it */
    bad(f, "# T\n## S\nx\n## Empty\n", "t.md:4: step 'Empty' is empty");
    bad(f, "# T\n## S\n>\n", "t.md:3: '>' without a command");
    bad(f, "# T\n## S\nx\n# Again\n", "t.md:4: a second title");
    bad(f, "# T\n##\nx\n", "t.md:2: a step without a heading");
    /* every problem is listed, the first is the error */
    bad(f, "# T\nstray\n## S\n>\n", "t.md:4: '>' without a command");
    assert_int_equal(f->l.n_problems, 3);   /* and S is empty */
    assert_starts_with(f->err.msg, "t.md:2: text before the first step");
    assert_contains(f->err.msg, "(and 2 more problems");
}

static void test_bad_questions(void **state)
{
    struct fixture *f = *state;
    bad(f, "# T\n## S\nx\n? how big is it\n",
        "t.md:4: cannot read the question 'how big is it'");
    bad(f, "# T\n## S\nx\n? kl(P||Q) = 0,5\n", "t.md:4: cannot read");
    bad(f, "# T\n## S\nx\n? kl(P||Q) = 0.5 only r\n", "t.md:4: cannot read");
    bad(f, "# T\n## S\nx\n? kl(P||Q) = -1 +- 0.5\n",
        "t.md:4: a question that can never be met: KL is never negative");
    bad(f, "# T\n## S\nx\n? kl(P||Q) = 1 +- -1\n",
        "t.md:4: the tolerance must be 0 or more");
    bad(f, "# T\n## S\nx\n? kl(P||Q) = 1\n? kl(Q||P) = 1\n",
        "t.md:5: a second question in step 'S'");
}

static void test_bad_text(void **state)
{
    struct fixture *f = *state;
    bad(f, "# T\n## S\nab\xff" "cd\n", "t.md:3:3: not UTF-8 text");
    bad(f, "# T\n## S\nab\x1b[31mred\n", "t.md:3:3: not UTF-8 text, or a "
                                         "control character");
    char line[LESSON_LINE_MAX + 20];
    memset(line, 'a', sizeof line - 1);
    line[sizeof line - 1] = '\0';
    struct buf t;
    buf_init(&t);
    buf_printf(&t, "# T\n## S\n%s\nok\n", line);
    bad(f, t.s, "t.md:3: a line of 1019 bytes, more than 1000");
    buf_reset(&t);
    buf_printf(&t, "# T\n## S\n%.79s\n", line);
    bad(f, t.s, "t.md:3: a caption line of 79 columns, more than 78");
    buf_reset(&t);
    buf_printf(&t, "# T\n## S\nx\n! %.79s\n", line);
    bad(f, t.s, "t.md:4: a revealed line of 79 columns, more than 78");
    /* wide characters count two columns */
    buf_reset(&t);
    buf_append(&t, "# T\n## S\n");
    for (int i = 0; i < 40; i++)
        buf_append(&t, "\xe6\xbc\xa2");
    buf_putc(&t, '\n');
    bad(f, t.s, "t.md:3: a caption line of 80 columns");
    buf_free(&t);
    bad(f, "# T\n## Long\n1\n2\n3\n4\n5\n! 6\n! 7\n",
        "t.md:2: step 'Long' has 7 caption lines (with its question and '!' "
        "lines), more than the 6 the explorer shows at 80x24");
    assert_true(parse(f, "# T\n## Fits\n1\n2\n3\n4\n5\n! 6\n"));
    /* the question's line counts too, and must fit the width */
    bad(f, "# T\n## Q\n1\n2\n3\n4\n? choose: *a | b\n! 6\n! 7\n",
        "t.md:2: step 'Q' has 7 caption lines");
    bad(f, "# T\n## Q\nx\n? choose: *aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | "
        "bbbbbbbbbbbbbbbbbbbbbbbbbb | cc\n",
        "t.md:4: a question line of 79 columns, more than 78");
}

/* 10 MB of text: refused by its size, quickly, with no step read. */
static void test_too_large(void **state)
{
    struct fixture *f = *state;
    size_t n = 10 * 1024 * 1024;
    char *big = xmalloc(n + 1);
    memset(big, 'x', n);
    for (size_t i = 80; i < n; i += 81)
        big[i] = '\n';
    big[n] = '\0';
    assert_false(lesson_parse(&f->l, "big.md", big, n, &f->err));
    assert_starts_with(f->err.msg, "big.md:1: 10485760 bytes: a lesson is "
                                   "at most 1048576");
    char *path = scratch_path(f->dir, "big.md");
    assert_true(write_file(path, big, n));
    assert_false(lesson_load(&f->l, path, &f->err));
    assert_contains(f->err.msg, "1048577 bytes: a lesson is at most");
    free(path);
    free(big);
}

static size_t check(struct fixture *f, const char *text, struct buf *report)
{
    char *path = scratch_path(f->dir, "c.md");
    assert_true(write_file(path, text, strlen(text)));
    buf_reset(report);
    size_t n = command_lesson_check(path, report);
    free(path);
    return n;
}

/* --check-lesson runs the steps: unknown commands, bad arguments, moving
 * commands and questions that can never be met or are met at once. */
static void test_check(void **state)
{
    struct fixture *f = *state;
    struct buf r;
    buf_init(&r);
    assert_int_equal(check(f, "# T\n## S\n> preset seed\n> set q 1 0.3\n"
                              "Try.\n? kl(P||Q) = 0.5 +- 0.01 only q\n", &r),
                     0);
    assert_string_equal(r.s, "");
    size_t n = check(f, "# T\n"                        /* 1 */
                        "## S\n"                       /* 2 */
                        "> preset seed\n"              /* 3 */
                        "> frobnicate 3\n"             /* 4 */
                        "> set p 9 0.5\n"              /* 5 */
                        "> next\n"                     /* 6 */
                        "x\n"                          /* 7 */
                        "? kl(Q||P) = 50 only q\n"     /* 8 */
                        "## Met\n"                     /* 9 */
                        "> preset identical\n"         /* 10 */
                        "? kl(P||Q) = 0 +- 0.01\n"     /* 11 */
                        "x\n", &r);
    assert_int_equal(n, 5);
    assert_contains(r.s, "c.md:4: unknown command 'frobnicate'");
    assert_contains(r.s, "c.md:5: set: ");
    assert_contains(r.s, "c.md:6: a step cannot run `next`");
    assert_contains(r.s, "c.md:8: a question that can never be met: the "
                         "edits it allows reach at most 2.302585 nats");
    assert_contains(r.s, "c.md:11: the question is met when the step "
                         "opens");
    /* parse problems are listed too, and a missing file */
    assert_int_equal(check(f, "# T\n## S\n", &r), 1);
    assert_contains(r.s, "c.md:2: step 'S' is empty");
    assert_int_equal(command_lesson_check("/dev/null", &r), 1);
    assert_contains(r.s, "lesson /dev/null is not a regular file");
    assert_int_equal(command_lesson_check(f->dir, &r), 1);
    assert_contains(r.s, "is not a regular file");
    assert_int_equal(command_lesson_check("/nonexistent/x.md", &r), 1);
    assert_contains(r.s, "cannot open lesson /nonexistent/x.md");
    buf_free(&r);
}

/* The shipped lessons parse and check clean (the tour's nine steps). */
static void test_shipped_lessons_check_clean(void **state)
{
    struct fixture *f = *state;
    struct buf list, path, r;
    buf_init(&list);
    buf_init(&path);
    buf_init(&r);
    assert_true(lesson_list(&list, &f->err));
    assert_contains(list.s, "  tour               A tour of KL divergence\n");
    size_t lessons = 0;
    for (const char *p = list.s; *p; p = strchr(p, '\n') + 1) {
        char name[64];
        assert_int_equal(sscanf(p, " %63s", name), 1);
        buf_reset(&path);
        lesson_path(name, &path);
        buf_reset(&r);
        if (command_lesson_check(path.s, &r))
            fail_msg("%s:\n%s", path.s, r.s);
        lessons++;
    }
    assert_true(lessons >= 6);   /* the tour and five more */
    lesson_path("tour", &path);
    buf_reset(&path);
    lesson_path("tour", &path);
    assert_true(lesson_load(&f->l, path.s, &f->err));
    assert_int_equal(f->l.n, 9);
    buf_free(&list);
    buf_free(&path);
    buf_free(&r);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_parse_steps),
        T(test_parse_bom),
        T(test_parse_reveal_between_paragraphs),
        T(test_parse_choice),
        T(test_bad_form),
        T(test_bad_questions),
        T(test_bad_text),
        T(test_too_large),
        T(test_check),
        T(test_shipped_lessons_check_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
