/* view: the explorer's view state, without curses: which distribution is
 * edited, the selection, the step, the panels shown, the message line,
 * the note, the pager, and the values computed from the session that are
 * kept from one change to the next (the per-term values, the sorted list,
 * the overview's bins, the gradient). The painter (paint.h) draws it; the
 * explorer (explorer.h) changes it. */
#ifndef KLX_VIEW_H
#define KLX_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "overview.h"
#include "panels.h"
#include "session.h"
#include "tour.h"

#define VIEW_MESSAGE_MAX 600
/* Command output of at most this many lines is shown in a note above the
 * totals instead of the pager, so the table stays in view (smooth). */
#define VIEW_NOTE_LINES 4

enum view_grad { GRAD_OFF, GRAD_FORWARD, GRAD_REVERSE };
/* The sorted view: rows by |term| of one direction, largest first. */
enum view_sorted { SORTED_OFF, SORTED_FORWARD, SORTED_REVERSE };
/* The sorted view lists at most this many entries (the rest are small). */
#define VIEW_SORTED_MAX 1000

/* Values computed from the session, kept until it changes (gen). */
struct view_cache {
    bool valid;
    unsigned long gen;
    const struct session *s;
    unsigned long version;       /* the session's state (session.h) */
    size_t n;
    const double *p, *q;
    const double *fwd, *rev;     /* per-term values, nats: the view's
                                    derived's when it holds them, else
                                    own_* */
    double *own_fwd, *own_rev;
    size_t cap;
    double max_mass, max_term;   /* over all entries; finite terms */
    bool top_valid;
    enum view_sorted top_dir;
    struct overview_top top;
    bool bins_valid;
    size_t bins_want, nbins;
    struct overview_bin *bins;
    size_t bins_cap;
    bool grad_valid;
    enum which grad_which;
    bool grad_forward;
    double *grad;
    struct grad_hint hint;
    /* the label width, kept while the session's labels stay the same
     * (session table_version) */
    const struct session *labels_s;
    unsigned long labels_version;
    char **labels;
    size_t labels_n;
    int label_w;
};


struct view {
    enum which which;
    size_t sel;
    size_t top;
    double step;
    bool unicode;            /* block glyphs for bars */
    bool utf8;               /* the locale can show UTF-8 labels */
    bool mouse;
    bool measures;           /* the measures panel instead of the totals */
    enum view_grad grad;     /* the gradient column, for which direction */
    enum view_sorted sorted;
    size_t rank;             /* sorted view: the selected row */
    size_t rank_top;         /* sorted view: the first row shown */
    enum layout_overview overview;   /* the overview column: auto (shown
                                        when n is much larger than the
                                        rows), on or off */
    enum layout_compact compact;   /* the totals panel: compact when the
                                      full one would hide rows (auto),
                                      always or never */
    char search[256];        /* the last text searched with '/' */
    /* The caller bumps this after every command that may have changed
     * the session: values computed from it (per-term values, scales, the
     * sorted list, the bins, the label width) are kept until it moves, so
     * scrolling a million entries recomputes nothing. */
    unsigned long gen;
    struct view_cache *cache;   /* owned */
    /* The per-term values the command computes with every change (the
     * explorer's command's, derived.h), used when they are the session's
     * current ones; NULL: the view computes its own. Not owned. */
    const struct derived *derived;

    /* The status line shows this instead of the key help until the next
     * key; errors are drawn as errors. */
    char message[VIEW_MESSAGE_MAX];
    bool message_error;
    /* A few lines of command output, shown until the next key. */
    char note[VIEW_MESSAGE_MAX];

    /* A full-screen pager (help, long command output) when text != NULL. */
    char *pager_text;              /* owned */
    char pager_title[128];
    size_t pager_top;

    /* Derived by the painter for the frame on screen. */
    int screen_rows;
    struct layout layout;
    double mass_scale;
    double term_scale;
    size_t pager_lines;

    /* The joint view (`view joint`, frame_joint.h): the joint table
     * instead of P and Q, its selected cell and the first row and column
     * on screen. */
    bool joint;
    size_t jrow, jcol, jtop_row, jtop_col;
};

/* unicode: block glyphs for bars; utf8: the locale shows UTF-8 text. */
void view_init(struct view *v, bool unicode, bool utf8);
void view_free(struct view *v);

void view_message(struct view *v, bool error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void view_clear_message(struct view *v);   /* and the note */
/* Shows text (up to VIEW_NOTE_LINES lines) as a note. */
void view_note(struct view *v, const char *text);
/* True when text has 2..VIEW_NOTE_LINES lines that fit `cols` columns. */
bool view_note_fits(const char *text, int cols);

/* Opens the pager on text (taking ownership) or closes it (NULL). */
void view_pager(struct view *v, const char *title, char *text);
/* Scrolls the pager by delta lines (clamped). */
void view_pager_scroll(struct view *v, long delta);
/* Rows the pager shows at once. */
int view_pager_rows(const struct view *v);

/* Copies the line at *p (up to a newline or the end, cut to fit in
 * size bytes) into line, and moves *p past it and its newline. */
void view_take_line(const char **p, char *line, size_t size);
/* Lines of text (a final newline ends the last line, it does not start
 * another), and the widest of them in cells. */
int view_text_lines(const char *text, int *widest);

/* The per-term values and maxima for the session as it is now: O(n) once
 * per change, nothing while only the view moves. */
struct view_cache *view_cache_sync(struct view *v, const struct session *s);
/* The overview's bins for `want` rows (*nb of them), from those values. */
const struct overview_bin *view_cache_bins(struct view *v,
                                           const struct session *s,
                                           size_t want, size_t *nb);
/* The gradient column's values, once per change and setting; *h gets the
 * entry to nudge. */
const double *view_cache_grad(struct view *v, const struct session *s,
                              struct grad_hint *h);

/* The sorted view's entries for the session as it is now (computed once
 * per change): *count of them, best first. NULL when the view is off. */
const size_t *view_sorted_order(struct view *v, const struct session *s,
                                size_t *count);
/* After the sorted view's rank moved: the selection follows it. */
void view_sorted_select(struct view *v, const struct session *s,
                        size_t rank);
/* Selects entry i, in the sorted view too when i is listed there; when
 * it is not, the sorted view is turned off (returns true then). */
bool view_select(struct view *v, const struct session *s, size_t i);
/* The entry shown on table row `row` (0 = first row) or n for none. */
size_t view_row_entry(struct view *v, const struct session *s, int row);


#endif
