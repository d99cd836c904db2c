#include "command_edit.h"

#include <string.h>

#include "command_family.h"
#include "command_internal.h"
#include "i18n.h"
#include "num.h"
#include "report.h"

static bool parse_value(const char *w, double *v, struct error *err)
{
    if (!num_parse(w, strlen(w), v, err))
        return false;
    return true;
}

static bool set_dist(struct command *c, enum which w, const char *rest,
                     int rest_col, struct buf *out, struct error *err)
{
    if (!parse_numbers(rest, rest_col, &c->nums, err))
        return false;
    bool resized;
    if (!session_set_dist(c->session, &c->derived, w, c->nums.v, c->nums.n,
                          &resized, err))
        return false;
    const struct table *t = &c->session->table;
    if (resized)
        buf_printf(out, _("now %zu entries: %s was reset to uniform so "
                          "the lengths match (set it next)\n"), t->n,
                   w == WHICH_P ? "Q" : "P");
    command_note_sum(which_name(w), w == WHICH_P ? t->p_sum : t->q_sum, out);
    report_lost(t, w, out);
    command_totals(c, out);
    return true;
}

/* `p binom 10 0.3`: a first word naming a family selects the generator;
 * anything else is a list of values. */
bool command_edit_p(COMMAND_PARAMS)
{
    if (family_is_name(c->words.v[0]))
        return command_family_generate(c, WHICH_P, rest, rest_col, out, err);
    return set_dist(c, WHICH_P, rest, rest_col, out, err);
}

bool command_edit_q(COMMAND_PARAMS)
{
    if (family_is_name(c->words.v[0]))
        return command_family_generate(c, WHICH_Q, rest, rest_col, out, err);
    return set_dist(c, WHICH_Q, rest, rest_col, out, err);
}

bool command_edit_labels(COMMAND_PARAMS)
{
    return session_set_labels(c->session, &c->derived, c->words.v,
                              c->words.n, err);
}

bool command_edit_set(COMMAND_PARAMS)
{
    enum which w = WHICH_P;   /* set by command_parse_which; gcc -O3 cannot
                                 see it */
    size_t i;
    double v;
    if (!command_parse_which(c->words.v[0], &w, err) ||
        !table_find(&c->session->table, c->words.v[1], &i, err))
        return false;
    if (!parse_value(c->words.v[2], &v, err) ||
        !session_set_entry(c->session, &c->derived, w, i, v, err))
        return false;
    command_totals(c, out);
    return true;
}

bool command_edit_add(COMMAND_PARAMS)
{
    double p, q;
    /* Checked here too: session_add's own message starts with "add: ",
     * and the command's name prefixes every message already. */
    if (!table_check_label(c->words.v[0], err))
        return false;
    if (!parse_value(c->words.v[1], &p, err) ||
        !parse_value(c->words.v[2], &q, err) ||
        !session_add(c->session, &c->derived, c->words.v[0], p, q, err))
        return false;
    command_totals(c, out);
    return true;
}

bool command_edit_del(COMMAND_PARAMS)
{
    size_t i;
    if (!table_find(&c->session->table, c->words.v[0], &i, err) ||
        !session_delete(c->session, &c->derived, i, err))
        return false;
    command_totals(c, out);
    return true;
}

bool command_edit_swap(COMMAND_PARAMS)
{
    session_swap(c->session, &c->derived);
    command_totals(c, out);
    return true;
}

bool command_edit_uniform(COMMAND_PARAMS)
{
    enum which w = WHICH_P;   /* set by command_parse_which; gcc -O3 cannot
                                 see it */
    if (!command_parse_which(c->words.v[0], &w, err))
        return false;
    session_uniform(c->session, &c->derived, w);
    command_totals(c, out);
    return true;
}

static void before_after(const struct command *c, const char *name,
                         double before, double after, struct buf *out)
{
    char a[NUM_BUF], b[NUM_BUF];
    const struct session *s = c->session;
    buf_printf(out, "%s: %s -> %s %s\n", name,
               num_short(a, sizeof a, session_scaled(s, before)),
               num_short(b, sizeof b, session_scaled(s, after)),
               session_unit(s));
}

bool command_edit_smooth(COMMAND_PARAMS)
{
    enum which w = WHICH_Q;
    const char *amount = c->words.v[c->words.n - 1];
    if (c->words.n == 2 && !command_parse_which(c->words.v[0], &w, err))
        return false;
    double eps;
    if (!parse_value(amount, &eps, err))
        return false;
    double pq = c->session->div.pq.total, qp = c->session->div.qp.total;
    if (!session_smooth(c->session, &c->derived, w, eps, err))
        return false;
    buf_printf(out, _("%s smoothed: every entry + %s, renormalized\n"),
               which_name(w), amount);
    before_after(c, "KL(P||Q)", pq, c->session->div.pq.total, out);
    before_after(c, "KL(Q||P)", qp, c->session->div.qp.total, out);
    return true;
}
