/* tour: a guided tour of KL divergence in short lessons.
 *
 * Each lesson loads a preset and maybe runs a command or two (all through
 * the command language, so the lesson is exactly what a person could type)
 * and shows a caption that says what to look at. The tour works on its
 * own session: the user's (data, base, undo, file name) is left as it is
 * and handed back when it ends. What a view wants computed is not the
 * session's (derived.h), so both sessions get it alike. */
#ifndef KLX_TOUR_H
#define KLX_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

struct lesson {
    const char *title;
    const char *setup;      /* command lines, '\n'-separated */
    const char *caption;    /* lines of at most 80 columns */
};

/* The lessons, in order. */
const struct lesson *tour_lessons(size_t *count);

struct tour {
    bool active;
    size_t step;            /* 0-based index of the current lesson */
    struct session own;     /* the tour's session while touring */
    struct session *user;   /* the user's, untouched while touring */
};

void tour_init(struct tour *t);
void tour_free(struct tour *t);

/* Starts the tour's own session and points *s at it; the user's session
 * is not touched. */
void tour_begin(struct tour *t, struct session **s);

/* Discards the tour's session and points *s back at the user's. */
void tour_finish(struct tour *t, struct session **s);

#endif
