/* command_view: the explorer's view as commands of the language.
 *
 * Every key of the explorer runs a command line; the keys that change only
 * what the explorer shows (the selection, the edited distribution, the
 * step, the panels, the search, the mouse) run the commands below. This
 * module parses and checks them (a bad argument is an error that changes
 * nothing, in the REPL too) and hands the explorer one request; the
 * explorer carries it out. Without an explorer (the REPL, a script) a
 * well-formed view command changes nothing and says that it applies to
 * the explorer. */
#ifndef KLX_COMMAND_VIEW_H
#define KLX_COMMAND_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

enum view_verb {
    VIEW_SELECT,     /* how: VIEW_ROWS, VIEW_PAGES (delta), VIEW_FIRST,
                        VIEW_LAST, VIEW_ENTRY (index) */
    VIEW_EDIT,       /* how: VIEW_P, VIEW_Q, VIEW_TOGGLE */
    VIEW_STEP,       /* how: VIEW_VALUE (value), VIEW_ROWS (delta +-1) */
    VIEW_MEASURES,   /* how: VIEW_ON, VIEW_OFF, VIEW_TOGGLE */
    VIEW_SORTED,     /* how: VIEW_OFF, VIEW_FORWARD, VIEW_REVERSE,
                        VIEW_TOGGLE (the next of off, forward, reverse) */
    VIEW_OVERVIEW,   /* how: VIEW_ON, VIEW_OFF, VIEW_TOGGLE */
    VIEW_GRAD,       /* how: as VIEW_SORTED */
    VIEW_HELP,       /* the help screen */
    VIEW_REDRAW,     /* the whole screen again */
    VIEW_SEARCH,     /* how: VIEW_VALUE (text), VIEW_ROWS (delta +-1:
                        the next or previous match of the last search) */
    VIEW_MOUSE,      /* how: VIEW_ON, VIEW_OFF, VIEW_TOGGLE */
    VIEW_COMPACT,    /* how: VIEW_ON, VIEW_OFF, VIEW_TOGGLE, VIEW_AUTO */
    VIEW_JOINT,      /* the joint view; how: VIEW_ON, VIEW_OFF,
                        VIEW_TOGGLE */
    VIEW_CELL,       /* the joint view's cell; how: VIEW_ROWS (delta: a
                        row), VIEW_COLS (delta: a column), VIEW_FIRST,
                        VIEW_LAST */
};

enum view_how {
    VIEW_ON,
    VIEW_OFF,
    VIEW_TOGGLE,
    VIEW_FORWARD,
    VIEW_REVERSE,
    VIEW_P,
    VIEW_Q,
    VIEW_ROWS,
    VIEW_PAGES,
    VIEW_FIRST,
    VIEW_LAST,
    VIEW_ENTRY,
    VIEW_VALUE,
    VIEW_AUTO,
    VIEW_COLS,
};

struct view_request {
    enum view_verb verb;
    enum view_how how;
    long delta;           /* VIEW_ROWS, VIEW_PAGES */
    size_t index;         /* VIEW_ENTRY: 0-based */
    double value;         /* VIEW_STEP's VIEW_VALUE */
    const char *text;     /* VIEW_SEARCH's VIEW_VALUE */
};

/* What the explorer does with a request: true when done (it may append a
 * one-line note to out), false with err set when it cannot (nothing
 * changed then). */
typedef bool (*command_view_hook)(void *ctx, const struct view_request *r,
                                  struct buf *out, struct error *err);

#endif
