#include "frame_chart.h"

#include <string.h>

#include "layout.h"
#include "sweep.h"

/* Where the plot starts: "  1.234567 |" (core/sweep.c's LEFT + 1). */
#define CHART_LEFT 12

static void set_role(struct frame *f, int y, int x, enum role r)
{
    if (y < 0 || y >= f->rows || x < 0 || x >= f->cols)
        return;
    f->cells[(size_t)y * (size_t)f->cols + (size_t)x].role =
        (unsigned char)r;
}

/* The role of a glyph of the plot or of the minima's marks. */
static bool glyph_role(char c, bool marks, enum role *r)
{
    switch (c) {
    case '*': *r = ROLE_P; return !marks;
    case 'o': *r = ROLE_Q; return !marks;
    case '#': *r = ROLE_TITLE; return !marks;
    case '^': *r = ROLE_INF; return !marks;
    case 'M': *r = ROLE_P; return marks;
    case 'm': *r = ROLE_Q; return marks;
    case 'B': *r = ROLE_TITLE; return marks;
    default: return false;
    }
}

static void colour_plot(struct frame *f, int y, const char *line, bool marks)
{
    for (int x = CHART_LEFT; line[x]; x++) {
        enum role r;
        if (glyph_role(line[x], marks, &r))
            set_role(f, y, x, r);
    }
}

static void colour_run(struct frame *f, int y, int from, int len,
                       enum role r)
{
    for (int x = from; x < from + len; x++)
        set_role(f, y, x, r);
}

void frame_chart_line(struct frame *f, int y, const char *line,
                      bool *after_axis)
{
    size_t len = strlen(line);
    bool marks = *after_axis;
    *after_axis = false;
    /* A minimum's line first: translated, its words can put a '|' where
     * a plot row has its axis. */
    if (sweep_is_min_line(line)) {
        bool fwd = strstr(line, "(P||Q)") != NULL;
        colour_run(f, y, 0, layout_text_width(line), fwd ? ROLE_P : ROLE_Q);
    } else if (len > CHART_LEFT && line[CHART_LEFT - 1] == '|') {
        colour_plot(f, y, line, false);
    } else if (len > CHART_LEFT && line[CHART_LEFT - 1] == '+') {
        *after_axis = true;
    } else if (marks && len > CHART_LEFT) {
        colour_plot(f, y, line, true);
    } else if (strncmp(line, "* ", 2) == 0) {
        /* the legend: "* KL(P||Q)   o KL(Q||P)   # both ..." */
        const char *o = strstr(line, "   o ");
        colour_run(f, y, 0, o ? (int)(o - line) : 1, ROLE_P);
        if (o)
            colour_run(f, y, (int)(o - line) + 3,
                       (int)strcspn(o + 3, "#") - 3, ROLE_Q);
    }
}
