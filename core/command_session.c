#include "command_session.h"

#include <stdio.h>
#include <string.h>

#include "alpha.h"
#include "command_internal.h"
#include "i18n.h"
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
    buf_printf(out, _("R\u00E9nyi order %s: D(P||Q) = %s   D(Q||P) = %s "
                      "%s\n"),
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
        return error_set(err, _("unknown base '%s' (hint: e, 2 or 10; or "
                                "nats, bits, bans)"), c->words.v[0]);
    session_set_base(c->session, &c->derived, b);
    command_totals(c, out);
    return true;
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
        return error_set(err, _("nothing to undo: this is the lesson's start "
                                "(hint: `back` goes to the previous lesson)"));
    if (!(undo ? session_undo : session_redo)(c->session, &c->derived, err))
        return false;
    buf_printf(out, undo ? _("undid: %s\n") : _("redid: %s\n"), what);
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
        return error_set(err, _("no command '%s' (hint: `help` lists them)"),
                         name);
    command_prose(c, out, from);
    return true;
}

bool command_session_quit(COMMAND_PARAMS)
{
    return true;
}
