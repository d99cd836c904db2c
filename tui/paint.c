#include "paint.h"

#include <string.h>

#include <curses.h>

/* The look of each role. Three schemes. Color: a palette color-blind
 * students can tell apart (blue for P and negative terms, orange for Q
 * and positive terms, after Okabe and Ito), never red against green.
 * High contrast (for projectors): the same hues, bold, never dim.
 * Monochrome (NO_COLOR, or a terminal without colors): attributes only;
 * the frame has different glyphs for positive and negative terms, so
 * nothing depends on color. */
struct style {
    short fg8, fg256;   /* -1: the terminal's default */
    attr_t color_attr;  /* with colors */
    attr_t mono_attr;   /* without */
};

/* Okabe-Ito inspired: blue #0072B2 / sky blue #56B4E9 against orange
 * #E69F00 / vermillion #D55E00. Eight-color terminals get blue, cyan,
 * yellow and red, which stay apart under the common color blindnesses
 * because they also differ in lightness. */
static const struct style styles[ROLE_COUNT] = {
    [ROLE_TEXT] = {-1, -1, A_NORMAL, A_NORMAL},
    [ROLE_DIM] = {-1, -1, A_DIM, A_DIM},
    [ROLE_HEADER] = {-1, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_TITLE] = {-1, -1, A_BOLD, A_BOLD},
    [ROLE_SELECTED] = {-1, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_P] = {COLOR_BLUE, 33, A_NORMAL, A_NORMAL},
    [ROLE_Q] = {COLOR_YELLOW, 214, A_NORMAL, A_NORMAL},
    [ROLE_NEG] = {COLOR_CYAN, 74, A_NORMAL, A_NORMAL},
    [ROLE_POS] = {COLOR_RED, 166, A_NORMAL, A_BOLD},
    [ROLE_INF] = {COLOR_RED, 202, A_BOLD, A_BOLD | A_UNDERLINE},
    [ROLE_GOOD] = {-1, -1, A_BOLD, A_BOLD},
    [ROLE_LARGER] = {COLOR_YELLOW, 214, A_BOLD, A_BOLD | A_UNDERLINE},
    [ROLE_STATUS] = {-1, -1, A_REVERSE, A_REVERSE},
    [ROLE_ERROR] = {COLOR_RED, 202, A_REVERSE | A_BOLD,
                    A_REVERSE | A_BOLD},
};

static attr_t attrs[ROLE_COUNT];
static short pairs[ROLE_COUNT];

void paint_init(bool colors, bool high_contrast)
{
    bool wide = colors && COLORS >= 256;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct style *st = &styles[r];
        attr_t a = colors ? st->color_attr : st->mono_attr;
        pairs[r] = 0;
        if (colors) {
            short fg = wide ? st->fg256 : st->fg8;
            if (fg >= 0 && init_pair((short)(r + 1), fg, -1) == OK)
                pairs[r] = (short)(r + 1);
        }
        if (high_contrast) {
            /* Projectors wash out dim text and thin colors. */
            a &= ~(attr_t)A_DIM;
            if (r != ROLE_TEXT)
                a |= A_BOLD;
        }
        attrs[r] = a;
    }
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
