/* keymap: the explorer's one binding table: what each key means, the
 * command line it runs, its help text and its place on the status bar.
 *
 * No curses here: the caller translates curses key codes into the KM_*
 * codes below (plain characters stay themselves), so the whole mapping
 * can be unit tested. Every key runs a line of the command language
 * (command.h; the view's keys run the view commands of command_view.h),
 * except the three that open a prompt, whose typed text makes the line.
 * The help screen, the status bar, the README's key table and the man
 * page are all made from this table. */
#ifndef KLX_KEYMAP_H
#define KLX_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "divergence.h"
#include "session.h"

/* Special keys, above every Unicode code point. */
enum keymap_key {
    KM_UP = 0x110001,
    KM_DOWN,
    KM_LEFT,
    KM_RIGHT,
    KM_HOME,
    KM_END,
    KM_PGUP,
    KM_PGDN,
    KM_ENTER,
    KM_F1,
    KM_BACKSPACE,
    KM_DELETE,
    KM_SLEFT,           /* Shift-Left */
    KM_SRIGHT,          /* Shift-Right */
};

#define KM_CTRL(c) ((c) & 0x1f)
#define KM_ESC 27

enum action {
    ACT_NONE,
    ACT_UP,
    ACT_DOWN,
    ACT_HOME,
    ACT_END,
    ACT_PGUP,
    ACT_PGDN,
    ACT_DEC,            /* value - step */
    ACT_INC,            /* value + step */
    ACT_DIV,            /* value / 1.1 */
    ACT_MUL,            /* value * 1.1 */
    ACT_STEP_DOWN,
    ACT_STEP_UP,
    ACT_VALUE_PROMPT,   /* exact value for the selected entry */
    ACT_COMMAND_PROMPT, /* ':' */
    ACT_TOGGLE_WHICH,   /* Tab: edit P or Q (a view setting) */
    ACT_SWAP,
    ACT_ADD,
    ACT_DELETE,
    ACT_UNIFORM,
    ACT_NORMALIZE,
    ACT_BASE,
    ACT_UNDO,
    ACT_REDO,
    ACT_HELP,
    ACT_MOUSE,          /* toggle mouse reporting */
    ACT_REDRAW,
    ACT_QUIT,
    /* Teaching. */
    ACT_TOUR,           /* 't': start the tour (or show the lesson again) */
    ACT_TOUR_NEXT,      /* '>' */
    ACT_TOUR_BACK,      /* '<' */
    ACT_TOUR_END,       /* Esc: leave the tour, the user's data comes back */
    ACT_MEASURES,       /* 'm': the measures panel on/off (a view setting) */
    ACT_ALPHA_DOWN,     /* ',': the Renyi order one step down */
    ACT_ALPHA_UP,       /* '.': one step up, through 1/2, 1, 2, inf */
    ACT_GRAD,           /* 'D': gradient off -> forward -> reverse -> off */
    ACT_FIT,            /* 'F': `fit gauss both` */
    /* Large tables. */
    ACT_SORTED,         /* 'o': rows by |term|: off -> KL(P||Q) -> KL(Q||P) */
    ACT_OVERVIEW,       /* 'v': the binned overview column on/off */
    ACT_COMPACT,        /* 'c': the compact totals panel on/off */
    ACT_SEARCH,         /* '/': search labels, jump to the first match */
    ACT_SEARCH_NEXT,    /* n or Ctrl-N: the next match */
    ACT_SEARCH_PREV,    /* Ctrl-P: the previous match */
    /* The joint view (frame_joint.h). The explorer turns the arrow and
     * value keys into the CELL actions while it shows the joint view. */
    ACT_JOINT_VIEW,     /* 'J': the joint view on/off */
    ACT_KL_MODE,        /* 'K': P = the cells, Q = P(x)P(y), back to P/Q */
    ACT_CELL_UP,
    ACT_CELL_DOWN,
    ACT_CELL_LEFT,
    ACT_CELL_RIGHT,
    ACT_CELL_FIRST,
    ACT_CELL_LAST,
    ACT_CELL_DEC,       /* the selected cell - step */
    ACT_CELL_INC,       /* + step */
    ACT_CELL_PROMPT,    /* exact value for the selected cell */
    /* Families. */
    ACT_PARAMS,         /* 'p': the parameter line on/off */
    ACT_PARAM_DEC,      /* Left/Right while the parameter line is on */
    ACT_PARAM_INC,
    ACT_PARAM_NEXT,     /* Tab while the parameter line is on */
    ACT_LIVE,           /* 'S': a live sampling run on/off */
    ACT_CODE,           /* 'C': the code column on/off */
};

enum action keymap_action(int key);

/* What action a means while the parameter line is on: Left/Right move
 * the selected parameter, Tab selects the next one; others stay. */
enum action keymap_in_params(enum action a);

/* A family's parameter `name` at v moved one key press in direction dir:
 * probabilities (theta, w) by the step, clamped to [0, 1]; whole numbers
 * (n, k) by 1; the others (lambda, mu, sigma, s) by ten steps; binary
 * rounding noise removed. */
double keymap_param_nudge(const char *name, double v, double step, int dir);

/* The keys for the help screen and the status bar: one line each. */
struct keymap_help {
    const char *keys;
    const char *what;
};
const struct keymap_help *keymap_help_lines(size_t *n);

/* The steps a value moves by: 0.001, 0.01, 0.05, 0.1. */
#define KEYMAP_STEP_DEFAULT 0.01
/* The next larger (dir > 0) or smaller step; stays at the ends. */
double keymap_step(double step, int dir);

/* The step the arrow keys move v by: `step`, or for a value smaller than
 * it a tenth of v's order of magnitude (1e-6 moves by 1e-7), so that one
 * key never multiplies a small value many times over. */
double keymap_step_for(double v, double step);

/* v moved by dir * step, clamped to [0, 1], with the rounding noise of
 * binary fractions removed (0.1 + 0.01 gives 0.11, not 0.11000000000000001). */
double keymap_nudge(double v, double step, int dir);

/* The next log base in the cycle e -> 2 -> 10 -> e. */
enum log_base keymap_next_base(enum log_base b);

/* What the TUI needs to know to turn an action into a command line. */
struct keymap_ctx {
    const struct session *s;
    enum which which;     /* the distribution being edited */
    size_t sel;           /* selected entry, 0-based */
    double step;
    double alpha;         /* the Renyi order shown (derived.h) */
    bool touring;         /* a guided tour is running */
    size_t jrow, jcol;    /* the joint view's selected cell, 0-based */
    /* The parameter line: the selected side's family (NULL: none) and
     * its parameter the keys move. */
    const struct family *family;
    enum which param_which;
    int param;
};

/* Writes the command line action a runs into line[size]. Returns false
 * when it opens a prompt instead, or cannot run now (nudging a value that
 * is already at its limit, `next` outside a tour), with a reason in *why
 * (may be NULL; NULL too when there is nothing to say). */
bool keymap_line(enum action a, const struct keymap_ctx *c, char *line,
                 size_t size, const char **why);
/* The same for the actions that edit the session; false (why NULL) for
 * the view's actions. */
bool keymap_command(enum action a, const struct keymap_ctx *c, char *line,
                    size_t size, const char **why);
/* True for the actions that open a prompt (=, :, /). */
bool keymap_is_prompt(enum action a);

/* What runs: nothing, the built-in tour, or another lesson (whose keys
 * say "lesson" where the tour's say "tour"). */
enum keymap_tour { KEYMAP_NO_TOUR, KEYMAP_TOUR, KEYMAP_LESSON };

/* The status bar for `cols` columns: the labels of the keys that fit, by
 * priority, in the table's order (a tour's first). `arrows` is the glyph
 * for Left/Right. */
void keymap_status(enum keymap_tour tour, const char *arrows, int cols,
                   char *out, size_t size);

/* The same for the joint view: its own keys, then J, undo, : and ?. */
void keymap_status_joint(const char *arrows, int cols, char *out,
                         size_t size);

/* The line that sets cell (row, col) of the joint table (0-based) to the
 * text `value` (from the '=' prompt in the joint view). */
void keymap_cell_line(char *line, size_t size, size_t row, size_t col,
                      const char *value);

/* Row i of the binding table for documentation: the keys, the one-line
 * help, what else to know (or NULL), and the command lines the keys run,
 * with their arguments written as in the command table (p|q, I, V+STEP,
 * ...). No lines for `:`, which runs whatever is typed. */
struct keymap_doc {
    const char *keys, *help, *more;
    char lines[2][64];
    int n_lines;
};
size_t keymap_bindings(void);
/* The help screen: every key with its command, every command, and how to
 * read the screen. */
void keymap_help_screen(struct buf *b);
bool keymap_binding_doc(size_t i, struct keymap_doc *d);

/* The Renyi orders the alpha keys move through: 1/2, 1 (KL), 2
 * (log(1 + chi2)) and inf (log max p/q). Writes "alpha A" for the next
 * order above (dir > 0) or below the current one, wrapping around, so an
 * order typed at the prompt (alpha 3) moves to its neighbours. The , and
 * . keys stop at the ends: keymap_line refuses to go past 1/2 or inf. */
void keymap_alpha_line(double alpha, int dir, char *line, size_t size);

/* The line that sets the selected entry of the edited distribution to the
 * text `value` (from the '=' prompt or a mouse position). */
void keymap_set_line(char *line, size_t size, enum which w, size_t sel,
                     const char *value);

/* The line for a mouse position: value = frac * scale, rounded to 1e-6. */
void keymap_set_frac_line(char *line, size_t size, enum which w, size_t sel,
                          double frac, double scale);

/* A label not used by any entry: the next letter when all labels are
 * single letters, else the next number, else "x<k>". */
void keymap_fresh_label(const char *const *labels, size_t n, char *out,
                        size_t size);

#endif
