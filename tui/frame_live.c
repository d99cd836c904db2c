#include "frame_live.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "layout.h"
#include "num.h"

#define FRAME_LIVE_ROWS 3

int frame_live_rows(const struct live *l)
{
    return l->on ? FRAME_LIVE_ROWS : 0;
}

/* Whether KL(P||Q) lies within two standard errors of the mean. */
static bool within(const struct live *l, double kl)
{
    double m = live_mean(l), se = live_se(l);
    return isfinite(m) && fabs(m - kl) <= 2 * se;
}

static void numbers_line(struct frame *f, const struct live *l,
                         const struct session *s, int y, bool unicode)
{
    char line[256], a[NUM_BUF], b[NUM_BUF];
    if (l->infinite) {
        snprintf(line, sizeof line, _(" live, seed %llu: %llu draws, %llu "
                 "where q = 0: the mean of log(p/q) is infinite, as "
                 "KL(P||Q) is"), (unsigned long long)l->seed,
                 (unsigned long long)l->draws,
                 (unsigned long long)l->infinite);
        frame_role(f, ROLE_INF);
        frame_mvadd(f, y, 0, line);
        return;
    }
    snprintf(line, sizeof line, _(" live, seed %llu: %llu draws from P  "
             "mean log(p/q) %s %s %s (2 SE)"), (unsigned long long)l->seed,
             (unsigned long long)l->draws,
             num_short(a, sizeof a, session_scaled(s, live_mean(l))),
             unicode ? "\u00B1" : "+-",
             num_short(b, sizeof b, session_scaled(s, 2 * live_se(l))));
    frame_role(f, ROLE_TEXT);
    frame_mvadd(f, y, 0, line);
}

/* The band on a scale centred on KL(P||Q): '-' the scale, '=' the mean
 * +-2 SE, '*' the mean, '|' KL(P||Q); then KL(P||Q) and whether it lies
 * within the band. */
static void band_line(struct frame *f, const struct live *l,
                      const struct session *s, int y, bool unicode)
{
    double kl = s->div.pq.total, m = live_mean(l), se = live_se(l);
    if (!isfinite(m))
        return;
    char right[128], k[NUM_BUF];
    bool in = within(l, kl);
    snprintf(right, sizeof right, "  KL(P||Q) %s %s",
             num_short(k, sizeof k, session_scaled(s, kl)),
             !in ? _("outside") : unicode ? _("within \u2713")
                                          : _("within ok"));
    int x0 = 8, rw = layout_text_width(right);
    int w = f->cols - x0 - rw - 1;
    frame_role(f, ROLE_DIM);
    frame_mvadd(f, y, 0, unicode ? " \u00B12 SE " : " +-2 SE ");
    if (w >= 10) {
        double half = fmax(fmax(3 * 2 * se, 1.25 * fabs(m - kl)), 1e-12);
        frame_fill(f, y, x0, w, ROLE_DIM, "-");
        /* the cell of value v, clamped to the scale */
#define CELL(v) (x0 + (int)lround((fmin(fmax(((v) - kl) / half, -1), 1) + \
                                   1) * (w - 1) / 2.0))
        int lo = CELL(m - 2 * se), hi = CELL(m + 2 * se);
        frame_role(f, ROLE_P);
        frame_move(f, y, lo);
        for (int x = lo; x <= hi; x++)
            frame_add(f, "=");
        frame_mvadd(f, y, CELL(m), "*");
        frame_role(f, ROLE_TITLE);
        frame_mvadd(f, y, CELL(kl), "|");
#undef CELL
        frame_move(f, y, x0 + w);
    } else {
        frame_move(f, y, x0);
    }
    frame_role(f, in ? ROLE_GOOD : ROLE_TEXT);
    frame_add(f, right);
}

static void counts_line(struct frame *f, const struct live *l,
                        const struct session *s, int y)
{
    struct buf b;
    buf_init(&b);
    buf_append(&b, _(" counts:"));
    for (size_t i = 0; i < l->n && i < s->table.n && (int)b.len < f->cols;
         i++)
        buf_printf(&b, "  %s %llu", s->table.labels[i],
                   (unsigned long long)l->counts[i]);
    frame_role(f, ROLE_P);
    frame_mvadd(f, y, 0, b.s);
    buf_free(&b);
}

void frame_live_draw(struct frame *f, const struct live *l,
                     const struct session *s, int y, int rows, bool unicode)
{
    if (rows > 0)
        numbers_line(f, l, s, y, unicode);
    if (rows > 1)
        band_line(f, l, s, y + 1, unicode);
    if (rows > 2)
        counts_line(f, l, s, y + 2);
}

void frame_live_title(struct frame *f, int y, int x, int width)
{
    frame_role(f, ROLE_TITLE);
    frame_mvadd_right(f, y, x, width, _("drawn"));
}

void frame_live_cell(struct frame *f, const struct live *l, size_t i, int y,
                     int x, int width)
{
    char cell[32];
    snprintf(cell, sizeof cell, "%llu",
             i < l->n ? (unsigned long long)l->counts[i] : 0ULL);
    frame_role(f, ROLE_P);
    frame_mvadd_right(f, y, x, width, cell);
}
