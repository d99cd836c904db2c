#include "command_session.h"

#include <stdio.h>
#include <string.h>

#include "alpha.h"
#include "command_internal.h"
#include "num.h"

bool command_session_alpha(COMMAND_PARAMS)
{
    const char *w = c->words.v[0];
    double a;
    if (!alpha_parse(w, &a, err))
        return false;
    derived_set_alpha(&c->derived, a);
    const struct session *s = c->session;
    char v[NUM_BUF], x[NUM_BUF];
    size_t from = out->len;
    buf_printf(out, "R\u00E9nyi order %s: D(P||Q) = %s   D(Q||P) = %s %s\n",
               w,
               num_short(v, sizeof v, session_scaled(s,
                                      session_renyi(s, &c->derived, true))),
               num_short(x, sizeof x, session_scaled(s,
                                      session_renyi(s, &c->derived, false))),
               session_unit(s));
    command_prose(c, out, from);
    return true;
}

bool command_session_base(COMMAND_PARAMS)
{
    enum log_base b;
    if (!log_base_parse(c->words.v[0], &b))
        return error_set(err, "unknown base '%s' (hint: e, 2 or 10; or "
                         "nats, bits, bans)", c->words.v[0]);
    session_set_base(c->session, &c->derived, b);
    command_totals(c, out);
    return true;
}

/* Runs the current lesson's setup on the tour's session and shows its
 * caption. */
static bool show_lesson(struct command *c, struct buf *out,
                        struct error *err)
{
    size_t count;
    const struct lesson *l = &tour_lessons(&count)[c->tour.step];
    struct buf scratch;
    buf_init(&scratch);
    const char *line = l->setup;
    bool ok = true;
    while (ok && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "%.*s", (int)len, line);
        ok = command_run(c, cmd, &scratch, err) == CMD_OK;
        line += len + (end ? 1 : 0);
    }
    buf_free(&scratch);
    if (!ok)
        return false;
    /* Undo stops at the lesson's start: its setup is not the user's. */
    session_mark_start(c->session);
    buf_printf(out, "lesson %zu/%zu: %s\n%s\n", c->tour.step + 1, count,
               l->title, l->caption);
    command_totals(c, out);
    buf_append(out, c->tour.step + 1 < count
                        ? "`next` goes on, `back` goes back, `tour end` "
                          "returns to your data.\n"
                        : "This was the last lesson: `tour end` returns to "
                          "your data.\n");
    return true;
}

bool command_session_tour(COMMAND_PARAMS)
{
    if (c->words.n == 1) {
        if (strcmp(c->words.v[0], "end") != 0)
            return error_set(err, "'%s': did you mean `tour end`?",
                             c->words.v[0]);
        if (!c->tour.active)
            return error_set(err, "no tour is running (hint: `tour` "
                             "starts one)");
        tour_finish(&c->tour, &c->session);
        buf_append(out, "tour ended: your own data is back\n");
        command_totals(c, out);
        return true;
    }
    if (c->tour.active) {
        /* Already touring: say where we are, keep the edits made here. */
        size_t count;
        const struct lesson *l = &tour_lessons(&count)[c->tour.step];
        buf_printf(out, "lesson %zu/%zu: %s\n%s\n", c->tour.step + 1,
                   count, l->title, l->caption);
        return true;
    }
    tour_begin(&c->tour, &c->session);
    if (!show_lesson(c, out, err)) {
        tour_finish(&c->tour, &c->session);
        return false;
    }
    return true;
}

static bool step_tour(struct command *c, int delta, struct buf *out,
                      struct error *err)
{
    size_t count;
    tour_lessons(&count);
    if (!c->tour.active)
        return error_set(err, "no tour is running (hint: `tour` starts "
                         "one)");
    if (delta > 0 && c->tour.step + 1 >= count)
        return error_set(err, "this is the last lesson (hint: `tour end` "
                         "returns to your data)");
    if (delta < 0 && c->tour.step == 0)
        return error_set(err, "this is the first lesson");
    size_t old = c->tour.step;
    c->tour.step = delta > 0 ? old + 1 : old - 1;
    if (!show_lesson(c, out, err)) {
        c->tour.step = old;
        return false;
    }
    return true;
}

bool command_session_next(COMMAND_PARAMS)
{
    return step_tour(c, +1, out, err);
}

bool command_session_back(COMMAND_PARAMS)
{
    return step_tour(c, -1, out, err);
}

/* Undo and redo differ only in which history they take from; both say
 * what they took back (the step's command line, copied before the step is
 * consumed). */
static bool history_command(struct command *c, bool undo, struct buf *out,
                            struct error *err)
{
    const struct history *h = undo ? &c->session->undo : &c->session->redo;
    char what[256] = "";
    if (h->n)
        snprintf(what, sizeof what, "%s", h->v[h->n - 1].what);
    error_sanitize(what);   /* a command line: it may name any file */
    if (undo && !h->n && c->tour.active)
        return error_set(err, "nothing to undo: this is the lesson's start "
                         "(hint: `back` goes to the previous lesson)");
    if (!(undo ? session_undo : session_redo)(c->session, &c->derived, err))
        return false;
    buf_printf(out, "%s: %s\n", undo ? "undid" : "redid", what);
    command_totals(c, out);
    return true;
}

bool command_session_undo(COMMAND_PARAMS)
{
    return history_command(c, true, out, err);
}

bool command_session_redo(COMMAND_PARAMS)
{
    return history_command(c, false, out, err);
}

bool command_session_help(COMMAND_PARAMS)
{
    const char *name = c->words.n ? c->words.v[0] : NULL;
    size_t from = out->len;
    if (!command_help(name, out))
        return error_set(err, "no command '%s' (hint: `help` lists them)",
                         name);
    command_prose(c, out, from);
    return true;
}

bool command_session_quit(COMMAND_PARAMS)
{
    return true;
}
