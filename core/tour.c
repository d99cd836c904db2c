#include "tour.h"

#include <string.h>

void tour_init(struct tour *t)
{
    memset(t, 0, sizeof *t);
    lesson_init(&t->lesson);
    table_init(&t->start);
}

void tour_free(struct tour *t)
{
    if (t->active)
        session_free(&t->own);
    lesson_free(&t->lesson);
    table_free(&t->start);
    memset(t, 0, sizeof *t);   /* holding nothing: free it again */
}

void tour_begin(struct tour *t, struct lesson *l, struct session **s)
{
    lesson_free(&t->lesson);
    t->lesson = *l;
    memset(l, 0, sizeof *l);
    session_init(&t->own);
    t->user = *s;
    *s = &t->own;
    t->active = true;
    t->step = 0;
    t->answered = false;
}

void tour_finish(struct tour *t, struct session **s)
{
    if (!t->active)
        return;
    *s = t->user;
    session_free(&t->own);
    memset(&t->own, 0, sizeof t->own);
    lesson_free(&t->lesson);
    table_free(&t->start);
    table_init(&t->start);
    t->user = NULL;
    t->active = false;
    t->builtin = false;
}

const struct lesson_step *tour_current(const struct tour *t)
{
    if (!t->active || t->step >= t->lesson.n)
        return NULL;
    return &t->lesson.steps[t->step];
}

size_t tour_count(const struct tour *t)
{
    return t->active ? t->lesson.n : 0;
}

const char *tour_caption(const struct tour *t)
{
    const struct lesson_step *s = tour_current(t);
    if (!s)
        return "";
    return t->answered ? s->answered_caption : s->shown;
}
