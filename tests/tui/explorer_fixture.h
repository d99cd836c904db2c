/* The explorer on the built-in example (P = .1 .2 .3 .4, Q = .2 .3 .3 .2,
 * labels a..d) with no terminal: what the explorer's and the frame's unit
 * tests start from. */
#ifndef KLX_TEST_EXPLORER_FIXTURE_H
#define KLX_TEST_EXPLORER_FIXTURE_H

#include "explorer.h"

struct explorer_fixture {
    struct session s;
    struct command c;
    struct explorer e;
};

/* unicode: block glyphs for bars; the mouse starts on. */
static inline void explorer_fixture_start(struct explorer_fixture *x,
                                          bool unicode)
{
    session_init(&x->s);
    command_init(&x->c, &x->s);
    explorer_init(&x->e, &x->c, unicode, true, true, false);
    x->c.unicode = unicode;     /* as tui.c sets them */
    x->c.utf8_text = unicode;
}

static inline void explorer_fixture_stop(struct explorer_fixture *x)
{
    explorer_free(&x->e);
    command_free(&x->c);
    session_free(&x->s);
}

#endif
