/* tour: a lesson running on a session of its own.
 *
 * A lesson (lesson.h: the built-in tour is data/lessons/tour.md) runs its
 * steps' commands through the command language, so a lesson is exactly
 * what a person could type, and shows each step's caption. It works on its
 * own session: the user's (data, base, undo, file name) is left as it is
 * and handed back when it ends. What a view wants computed is not the
 * session's (derived.h), so both sessions get it alike. */
#ifndef KLX_TOUR_H
#define KLX_TOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "session.h"

struct tour {
    bool active;
    bool builtin;           /* the built-in tour (`tour end` ends it) */
    size_t step;            /* 0-based index of the current step */
    bool answered;          /* the step's question is met */
    struct lesson lesson;   /* the lesson running */
    /* P and Q as the step left them, for a question's `only p|q`. */
    struct table start;
    struct session own;     /* the lesson's session while it runs */
    struct session *user;   /* the user's, untouched while it runs */
};

void tour_init(struct tour *t);
void tour_free(struct tour *t);

/* Takes the lesson *l (which is left empty), starts the tour's own session
 * and points *s at it; the user's session is not touched. */
void tour_begin(struct tour *t, struct lesson *l, struct session **s);

/* Discards the tour's session and lesson and points *s back at the
 * user's. */
void tour_finish(struct tour *t, struct session **s);

/* The current step, NULL when no lesson runs. */
const struct lesson_step *tour_current(const struct tour *t);

/* The number of steps of the running lesson (0: none). */
size_t tour_count(const struct tour *t);

/* The current step's caption and question line, with its revealed lines
 * once its question is answered; "" when no lesson runs. */
const char *tour_caption(const struct tour *t);

#endif
