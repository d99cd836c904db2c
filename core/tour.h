/* tour: a guided tour of KL divergence in short lessons.
 *
 * Each lesson loads a preset and maybe runs a command or two (all through
 * the command language, so the lesson is exactly what a person could type)
 * and shows a caption that says what to look at. The tour works on a copy:
 * starting it puts the user's whole session aside (data, base, undo,
 * file name) and ending it puts that session back exactly. */
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
    struct session saved;   /* the user's own session while touring */
};

void tour_init(struct tour *t);
void tour_free(struct tour *t);

/* Puts the user's session aside and leaves `s` as a fresh session. */
void tour_begin(struct tour *t, struct session *s);

/* Discards the tour's session and gives the user's back. */
void tour_finish(struct tour *t, struct session *s);

#endif
