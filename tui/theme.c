#include "theme.h"

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

void theme_init(bool colors, bool high_contrast)
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

attr_t theme_attr(enum role r)
{
    return attrs[r];
}

short theme_pair(enum role r)
{
    return pairs[r];
}

void theme_use(WINDOW *w, enum role r)
{
    wattr_set(w, attrs[r], pairs[r], NULL);
}
