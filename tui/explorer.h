/* explorer: the explorer's state machine, without curses.
 *
 * Events go in: keys and mouse events (as term_key reports them), the
 * line a prompt produced, signals. Every key either moves the pager, opens
 * a prompt, or runs a line of the command language (the binding table,
 * keymap.h), the view's own lines coming back through the command's view
 * hook (command_view.h) to change the view state (view.h). What the
 * terminal must do comes out as effect flags, in the manner of htop's
 * handler results: draw the frame, repaint the whole screen, open or
 * cancel the prompt, set the mouse, remember a line in the history,
 * suspend, quit. So a unit test can drive the whole explorer with a
 * sequence of keys. */
#ifndef KLX_EXPLORER_H
#define KLX_EXPLORER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "command.h"
#include "error.h"
#include "layout.h"
#include "term.h"
#include "view.h"

enum explorer_effect {
    EXPLORER_REDRAW = 1u << 0,        /* draw a frame */
    EXPLORER_REPAINT = 1u << 1,       /* the whole screen again */
    EXPLORER_QUIT = 1u << 2,          /* leave with `status` */
    EXPLORER_PROMPT_OPEN = 1u << 3,   /* open the prompt on prompt_text */
    EXPLORER_PROMPT_CANCEL = 1u << 4, /* close the open prompt, no line */
    EXPLORER_MOUSE = 1u << 5,         /* mouse reporting to view.mouse */
    EXPLORER_HISTORY = 1u << 6,       /* add `history` to the history */
    EXPLORER_SUSPEND = 1u << 7,       /* stop like Ctrl-Z, then repaint */
};

enum explorer_prompt {
    EXPLORER_PROMPT_NONE,
    EXPLORER_PROMPT_COMMAND,   /* ':' */
    EXPLORER_PROMPT_VALUE,     /* '=': the selected entry's value */
    EXPLORER_PROMPT_SEARCH,    /* '/' */
};

/* What of the view a lesson may change (its steps run view commands) and
 * `lesson end` gives back. */
struct explorer_view_kept {
    enum which which;
    size_t sel, top, rank, rank_top;
    double step;
    bool measures;
    enum view_grad grad;
    enum view_sorted sorted;
    enum layout_overview overview;
    enum layout_compact compact;
    bool joint;
    size_t jrow, jcol, jtop_row, jtop_col;
};

struct explorer {
    struct command *cmd;
    bool no_confirm;            /* quit without asking about unsaved edits */
    struct view view;
    int cols;                   /* the screen's width, for command output */
    const struct table_progress *progress;   /* for a `load`; may be NULL */
    void (*after_run)(void);    /* called after every command; may be NULL */

    bool quit;
    int status;                 /* the exit status once quit */
    bool confirming;            /* asked "quit anyway?" */
    enum explorer_prompt prompt;   /* the prompt open, if any */
    char prompt_text[128];
    char history[512];
    size_t value_sel;           /* the entry the '=' prompt sets (the row
                                   of a cell, when value_cell) */
    enum which value_which;
    bool value_cell;            /* it sets a cell of the joint view */
    size_t value_col;
    bool mouse_before_prompt;
    bool dragging;
    enum hit_kind drag_kind;
    size_t drag_index;
    double drag_scale;
    bool drag_applied;
    bool view_only;             /* the last command changed only the view */
    unsigned fx;                /* effects gathered for the caller */
    struct buf out;
    struct error err;
    struct explorer_view_kept before_lesson;   /* the view a lesson found */
    bool joint_chosen;          /* the last command ran `view joint` */
};

/* Starts on cmd's session (not owned) and becomes cmd's view hook.
 * unicode: block glyphs for bars; utf8: the locale shows UTF-8; mouse:
 * whether the terminal reports the mouse now. */
void explorer_init(struct explorer *e, struct command *cmd, bool unicode,
                   bool utf8, bool mouse, bool no_confirm);
void explorer_free(struct explorer *e);

/* One key (a keymap code or a character) or, with TERM_MOUSE, the mouse
 * event m (m may be NULL for a key). Returns the effects. */
unsigned explorer_key(struct explorer *e, int key,
                      const struct term_mouse_event *m);

/* Time passed without a key (the loop waits EXPLORER_TICK_MS while a
 * live sampling run is on): the run adds its next batch of draws.
 * Returns the effects (none when no run is on). */
#define EXPLORER_TICK_MS 40
unsigned explorer_tick(struct explorer *e);

/* The open prompt gave this line, or NULL when it was cancelled. */
unsigned explorer_prompt_done(struct explorer *e, const char *line);

/* A signal the terminal caught (term_poll_signal). */
unsigned explorer_signal(struct explorer *e, enum term_signal sig);

#endif
