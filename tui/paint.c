#include "paint.h"

#include <string.h>

#include <curses.h>

#include "theme.h"

/* The look of each role. With colours, a theme (theme.h: dark or light,
 * everyday or high contrast for projectors) gives each role its colour
 * and attributes. Monochrome (NO_COLOR, or a terminal without colours):
 * attributes only, theme_mono_attrs's; the frame has different glyphs for
 * positive and negative terms, so nothing depends on colour. */
static attr_t attrs[ROLE_COUNT];
static short pairs[ROLE_COUNT];

static attr_t theme_attrs(unsigned a)
{
    return (a & THEME_BOLD ? A_BOLD : 0) |
           (a & THEME_REVERSE ? A_REVERSE : 0) |
           (a & THEME_UNDERLINE ? A_UNDERLINE : 0) |
           (a & THEME_DIM ? A_DIM : 0);
}

/* The colour pair of role r under theme t; 0 when the terminal's own
 * colours are right. */
static short role_pair(const struct theme *t, int r, bool wide)
{
    const struct theme_style *st = &t->role[r];
    bool light = t->bg != 16;
    short fg = wide ? st->fg : st->fg8;
    short bg = -1;
    if (t->paints_bg) {
        bg = wide ? t->bg : light ? COLOR_WHITE : COLOR_BLACK;
        if (fg < 0)
            fg = wide ? t->text : light ? COLOR_BLACK : COLOR_WHITE;
    }
    if (fg < 0 && bg < 0)
        return 0;
    return init_pair((short)(r + 1), fg, bg) == OK ? (short)(r + 1) : 0;
}

void paint_init(bool colors, enum theme_id id)
{
    const struct theme *t = theme_get(id);
    bool wide = colors && COLORS >= 256;
    for (int r = 0; r < ROLE_COUNT; r++) {
        pairs[r] = colors ? role_pair(t, r, wide) : 0;
        attrs[r] = theme_attrs(colors ? t->role[r].attrs
                                      : theme_mono_attrs(id, (enum role)r));
    }
    if (colors && t->paints_bg && pairs[ROLE_TEXT])
        bkgd((chtype)COLOR_PAIR(pairs[ROLE_TEXT]) | ' ');
}

void paint_role(enum role r)
{
    attr_set(attrs[r], pairs[r], NULL);
}

/* The cells of one row from x on that share a role, as one string. */
static int run_of(const struct frame *f, int y, int x, char *out,
                  size_t size)
{
    const struct frame_cell *row = &f->cells[(size_t)y * (size_t)f->cols];
    unsigned char role = row[x].role;
    size_t len = 0;
    int end = x;
    for (; end < f->cols && row[end].role == role; end++) {
        size_t g = strlen(row[end].glyph);
        if (len + g + 1 > size)
            break;
        memcpy(out + len, row[end].glyph, g);
        len += g;
    }
    out[len] = '\0';
    return end;
}

void paint_frame(struct frame *f, struct view *v, const struct session *s,
                 const struct tour *tour)
{
    frame_build(f, COLS, LINES, v, s, tour);
    erase();
    char text[4096];
    for (int y = 0; y < f->rows; y++) {
        for (int x = 0; x < f->cols;) {
            int end = run_of(f, y, x, text, sizeof text);
            enum role r = (enum role)f->cells[(size_t)y * (size_t)f->cols +
                                              (size_t)x].role;
            /* erase() left blanks of plain text already */
            if (r != ROLE_TEXT || text[strspn(text, " ")] != '\0') {
                paint_role(r);
                mvaddstr(y, x, text);
            }
            x = end > x ? end : x + 1;
        }
    }
    paint_role(ROLE_TEXT);
}

void paint_lines_above(int bottom, const char *text, int n)
{
    paint_role(ROLE_STATUS);
    for (int y = bottom - n; y < bottom && *text; y++) {
        size_t len = strcspn(text, "\n");
        if (y >= 0) {
            move(y, 0);
            clrtoeol();
            mvaddnstr(y, 0, text, (int)len);
        }
        text += len + (text[len] == '\n');
    }
    paint_role(ROLE_TEXT);
}

void paint_show(void)
{
    curs_set(0);
    refresh();
}

void paint_repaint(void)
{
    clearok(curscr, TRUE);
}

void paint_progress(size_t done, size_t total)
{
    int pct = total ? (int)((double)done * 100.0 / (double)total) : 100;
    mvprintw(LINES - 1, 0, " loading: %d%%", pct);
    clrtoeol();
    refresh();
}
