#include "command_lesson.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "command_internal.h"
#include "i18n.h"
#include "num.h"

/* The commands a step may not run: they would start, move or end the
 * lesson it is part of, or leave klx. */
static bool moves_lessons(const char *line)
{
    static const char *const names[] = {"lesson", "tour", "next", "back",
                                        "answer", "quit", "exit"};
    while (*line == ' ')
        line++;
    size_t len = strcspn(line, " \t");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(line, names[i], len) == 0)
            return true;
    return false;
}

static const char *end_command(const struct command *c)
{
    return c->tour.builtin ? "tour end" : "lesson end";
}

/* The current step's title line, caption and question. */
static void show_step(const struct command *c, struct buf *out)
{
    buf_printf(out, _("lesson %zu/%zu: %s\n%s\n"), c->tour.step + 1,
               tour_count(&c->tour), tour_current(&c->tour)->heading,
               tour_caption(&c->tour));
}

/* Runs the current step's commands on the lesson's session and shows
 * it. */
static bool open_step(struct command *c, struct buf *out, struct error *err)
{
    const struct lesson_step *st = tour_current(&c->tour);
    struct buf scratch;
    buf_init(&scratch);
    c->tour.answered = true;   /* the step's own commands answer nothing */
    size_t undo_before = c->session->undo.n;
    bool ok = true;
    for (size_t i = 0; ok && i < st->n_commands; i++) {
        if (moves_lessons(st->commands[i]))
            ok = error_set(err, _("a step cannot run `%s`"),
                           st->commands[i]);
        else
            ok = command_run(c, st->commands[i], &scratch, err) == CMD_OK;
        if (!ok)
            error_prefix(err, "%s:%zu", c->tour.lesson.name,
                         st->command_lines[i]);
    }
    buf_free(&scratch);
    c->tour.answered = false;
    if (!ok) {
        /* A command failed: what the step's earlier ones did goes too. */
        while (c->session->undo.n > undo_before &&
               session_undo(c->session, &c->derived, NULL))
            ;
        return false;
    }
    /* Undo stops at the step's start: its setup is not the user's. */
    session_mark_start(c->session);
    table_free(&c->tour.start);
    table_copy(&c->tour.start, &c->session->table);
    show_step(c, out);
    command_totals(c, out);
    if (c->tour.step + 1 < tour_count(&c->tour))
        buf_printf(out, _("`next` goes on, `back` goes back, `%s` returns to "
                      "your data.\n"), end_command(c));
    else
        buf_printf(out, _("This was the last lesson: `%s` returns to your "
                      "data.\n"), end_command(c));
    return true;
}

static bool begin(struct command *c, const char *path, bool builtin,
                  struct buf *out, struct error *err)
{
    if (c->tour.active)
        return error_set(err, _("a lesson is running (hint: `%s` first)"),
                         end_command(c));
    struct lesson l;
    lesson_init(&l);
    if (!lesson_load(&l, path, err)) {
        lesson_free(&l);
        return false;
    }
    tour_begin(&c->tour, &l, &c->session);
    c->tour.builtin = builtin;
    if (!open_step(c, out, err)) {
        tour_finish(&c->tour, &c->session);
        return false;
    }
    return true;
}

bool command_lesson_start(struct command *c, const char *path,
                          struct buf *out, struct error *err)
{
    struct buf file;
    buf_init(&file);
    lesson_path(path, &file);
    bool ok = begin(c, file.s, false, out, err);
    buf_free(&file);
    return ok;
}

bool command_lesson_reopen(struct command *c, struct buf *out,
                           struct error *err)
{
    if (!c->tour.active)
        return error_set(err, _("no lesson is running"));
    return open_step(c, out, err);
}

/* `tour end` or `lesson end` (what says "no tour" or "no lesson"). */
static bool end_lesson(struct command *c, const char *what, struct buf *out,
                       struct error *err)
{
    if (!c->tour.active)
        return error_set(err, _("no %s is running (hint: `tour` or `lesson "
                            "NAME` starts one)"), what);
    bool builtin = c->tour.builtin;
    tour_finish(&c->tour, &c->session);
    buf_printf(out, _("%s ended: your own data is back\n"),
               builtin ? _("tour") : _("lesson"));
    command_totals(c, out);
    return true;
}

bool command_lesson_list(COMMAND_PARAMS)
{
    size_t from = out->len;
    if (!lesson_list(out, err))
        return false;
    if (out->len == from)
        buf_append(out, _("no lessons shipped\n"));
    buf_append(out, _("`lesson NAME` runs one; `lesson FILE` runs your "
                      "own.\n"));
    return true;
}

/* Where the running lesson is: its step again, edits kept. */
static bool where(struct command *c, struct buf *out)
{
    show_step(c, out);
    return true;
}

bool command_lesson_run(COMMAND_PARAMS)
{
    if (!c->words.n) {
        if (!c->tour.active)
            return error_set(err, _("no lesson is running (hint: `lessons` "
                                "lists them, `lesson NAME` runs one)"));
        return where(c, out);
    }
    if (strcmp(c->words.v[0], "end") == 0)
        return end_lesson(c, _("lesson"), out, err);
    return command_lesson_start(c, c->words.v[0], out, err);
}

bool command_lesson_tour(COMMAND_PARAMS)
{
    if (c->words.n == 1) {
        if (strcmp(c->words.v[0], "end") != 0)
            return error_set(err, _("'%s': did you mean `tour end`?"),
                             c->words.v[0]);
        return end_lesson(c, _("tour"), out, err);
    }
    if (c->tour.active)
        return where(c, out);
    struct buf file;
    buf_init(&file);
    lesson_path("tour", &file);
    bool ok = begin(c, file.s, true, out, err);
    buf_free(&file);
    return ok;
}

static bool step_by(struct command *c, int delta, struct buf *out,
                    struct error *err)
{
    if (!c->tour.active)
        return error_set(err, _("no tour is running (hint: `tour` starts "
                            "one)"));
    if (delta > 0 && c->tour.step + 1 >= tour_count(&c->tour))
        return error_set(err, _("this is the last lesson (hint: `%s` "
                            "returns to your data)"), end_command(c));
    if (delta < 0 && c->tour.step == 0)
        return error_set(err, _("this is the first lesson"));
    size_t old = c->tour.step;
    bool answered = c->tour.answered;
    c->tour.step = delta > 0 ? old + 1 : old - 1;
    if (!open_step(c, out, err)) {
        c->tour.step = old;
        c->tour.answered = answered;
        return false;
    }
    return true;
}

bool command_lesson_next(COMMAND_PARAMS)
{
    return step_by(c, +1, out, err);
}

bool command_lesson_back(COMMAND_PARAMS)
{
    return step_by(c, -1, out, err);
}

static void say_answered(const struct command *c, struct buf *out)
{
    const struct lesson_step *st = tour_current(&c->tour);
    if (st->reveal[0])
        buf_printf(out, "%s\n", st->reveal);
    buf_append(out, c->tour.step + 1 < tour_count(&c->tour)
                        ? _("`next` goes on.\n")
                        : _("That was the last question.\n"));
}

bool command_lesson_answer(COMMAND_PARAMS)
{
    const struct lesson_step *st = tour_current(&c->tour);
    if (!st)
        return error_set(err, _("no lesson is running (hint: `lessons` lists "
                            "them)"));
    const struct lesson_question *q = &st->question;
    if (q->kind != LESSON_Q_CHOICE)
        return error_set(err, _("this step asks no question with choices"));
    const char *w = c->words.v[0];
    size_t i = 0;
    while (i < q->n_choices && strcmp(q->choices[i], w) != 0)
        i++;
    if (i == q->n_choices) {
        struct buf all;
        buf_init(&all);
        for (size_t k = 0; k < q->n_choices; k++)
            buf_printf(&all, "%s%s", k ? "|" : "", q->choices[k]);
        error_set(err, _("'%s' is not one of the answers (hint: `answer "
                     "%s`)"), w, all.s);
        buf_free(&all);
        return false;
    }
    if (i != q->answer) {
        buf_printf(out, _("not quite: '%s' is not the answer; think again\n"),
                   w);
        return true;
    }
    c->tour.answered = true;
    buf_printf(out, _("right: the answer is '%s'\n"), w);
    say_answered(c, out);
    return true;
}

static bool same_values(const double *a, const double *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Whether the distribution a question says to keep is as the step left
 * it. */
static bool kept(const struct tour *t, const struct session *s)
{
    const struct lesson_question *q = &tour_current(t)->question;
    if (!q->only)
        return true;
    if (s->table.n != t->start.n)
        return false;
    return q->only == 'q' ? same_values(s->table.p, t->start.p, t->start.n)
                          : same_values(s->table.q, t->start.q, t->start.n);
}

static bool met(const struct command *c)
{
    const struct session *s = c->session;
    return kept(&c->tour, s) &&
           lesson_target_met(&tour_current(&c->tour)->question,
                             session_scaled(s, s->div.pq.total),
                             session_scaled(s, s->div.qp.total));
}

void command_lesson_after(struct command *c, struct buf *out, size_t from)
{
    const struct lesson_step *st = tour_current(&c->tour);
    if (!st || c->tour.answered || st->question.kind != LESSON_Q_TARGET ||
        !met(c))
        return;
    c->tour.answered = true;
    char *tail = xstrdup(out->s + from);
    out->len = from;
    out->s[from] = '\0';
    char v[NUM_BUF];
    const struct session *s = c->session;
    bool rev = st->question.reverse;
    buf_printf(out, _("question answered: KL(%s) = %s %s\n"),
               rev ? "Q||P" : "P||Q",
               num_short(v, sizeof v, session_scaled(s, rev
                                                  ? s->div.qp.total
                                                  : s->div.pq.total)),
               session_unit(s));
    say_answered(c, out);
    buf_append(out, tail);
    free(tail);
}

/* ---- --check-lesson ---- */

/* The largest finite KL the allowed edits reach: moving only Q in
 * KL(Q||P) (or only P in KL(P||Q)), the most is all the mass on the entry
 * where the fixed one is smallest but positive: -log of that. Infinite
 * when the edits are free. */
static double reachable_max(const struct lesson_question *q,
                            const struct session *s)
{
    const struct table *t = &s->table;
    if (t->n < 2)
        return 0;
    bool bounded = (q->only == 'q' && q->reverse) ||
                   (q->only == 'p' && !q->reverse);
    if (!bounded)
        return INFINITY;
    const double *fixed = q->only == 'q' ? t->p : t->q;
    double least = 1;
    for (size_t i = 0; i < t->n; i++)
        if (fixed[i] > 0 && fixed[i] < least)
            least = fixed[i];
    return session_scaled(s, -log(least));
}

static void check_question(const struct command *c,
                           const struct lesson *l,
                           const struct lesson_step *st, struct buf *report,
                           size_t *n)
{
    const struct lesson_question *q = &st->question;
    if (q->kind != LESSON_Q_TARGET)
        return;
    const struct session *s = c->session;
    double most = reachable_max(q, s);
    char v[NUM_BUF];
    struct error e;
    if (q->target - q->tol > most) {
        error_at(&e, l->name, q->line, 0, _("a question that can never be "
                    "met: the edits it allows reach at most %s %s (hint: a "
                    "smaller target, or allow both distributions to change)"),
                 num_short(v, sizeof v, most), session_unit(s));
    } else if (lesson_target_met(q, session_scaled(s, s->div.pq.total),
                                 session_scaled(s, s->div.qp.total))) {
        error_at(&e, l->name, q->line, 0, _("the question is met when the "
                    "step opens, before anyone edits (hint: another target, "
                    "or other data in the step's commands)"));
    } else {
        return;
    }
    buf_printf(report, "%s\n", e.msg);
    (*n)++;
}

static void check_commands(struct command *c, const struct lesson *l,
                           const struct lesson_step *st, struct buf *report,
                           size_t *n)
{
    struct buf scratch;
    buf_init(&scratch);
    for (size_t i = 0; i < st->n_commands; i++) {
        struct error e;
        bool ok = !moves_lessons(st->commands[i]);
        if (!ok)
            error_set(&e, _("a step cannot run `%s` (hint: the reader moves "
                         "through the lesson)"), st->commands[i]);
        else
            ok = command_run(c, st->commands[i], &scratch, &e) == CMD_OK;
        buf_reset(&scratch);
        if (ok)
            continue;
        buf_printf(report, "%s:%zu: %s\n", l->name, st->command_lines[i],
                   e.msg);
        (*n)++;
    }
    buf_free(&scratch);
}

size_t command_lesson_check(const char *path, struct buf *report)
{
    struct lesson l;
    lesson_init(&l);
    struct error err;
    if (!lesson_load(&l, path, &err) && !l.n_problems) {
        buf_printf(report, "%s\n", err.msg);
        lesson_free(&l);
        return 1;
    }
    buf_append(report, l.problems.s);
    size_t n = l.n_problems;
    struct session s;
    session_init(&s);
    struct command c;
    command_init(&c, &s);
    c.stdin_taken = _("not for a lesson's commands");
    for (size_t k = 0; k < l.n; k++) {
        check_commands(&c, &l, &l.steps[k], report, &n);
        check_question(&c, &l, &l.steps[k], report, &n);
    }
    command_free(&c);
    session_free(&s);
    lesson_free(&l);
    return n;
}
