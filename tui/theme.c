#include "theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The eight ANSI colours as curses numbers them (COLOR_BLACK ...), for
 * terminals without 256 colours; their RGB is the terminal's choice. */
enum { C8_BLACK, C8_RED, C8_GREEN, C8_YELLOW, C8_BLUE, C8_MAGENTA, C8_CYAN,
       C8_WHITE };

#define B THEME_BOLD
#define R THEME_REVERSE
#define U THEME_UNDERLINE

/* Okabe-Ito inspired: P and negative terms in blues, Q and positive terms
 * in oranges and reds, never red against green. The ratios against the
 * background are in tests/tui/test_theme.c's output. */
static const struct theme themes[THEME_COUNT] = {
    [THEME_DARK] = {"dark", 16, false, 231, {
        [ROLE_TEXT] = {-1, -1, 0},
        [ROLE_DIM] = {245, -1, 0},            /* #8a8a8a */
        [ROLE_HEADER] = {-1, -1, R | B},
        [ROLE_TITLE] = {-1, -1, B},
        [ROLE_SELECTED] = {-1, -1, R | B},
        [ROLE_P] = {33, C8_BLUE, 0},          /* #0087ff */
        [ROLE_Q] = {214, C8_YELLOW, 0},       /* #ffaf00 */
        [ROLE_NEG] = {74, C8_CYAN, 0},        /* #5fafd7 */
        [ROLE_POS] = {202, C8_RED, 0},        /* #ff5f00 */
        [ROLE_INF] = {196, C8_RED, B},        /* #ff0000 */
        [ROLE_GOOD] = {-1, -1, B},
        [ROLE_LARGER] = {214, C8_YELLOW, B},
        [ROLE_STATUS] = {-1, -1, R},
        [ROLE_ERROR] = {202, C8_RED, R | B},
    }},
    [THEME_LIGHT] = {"light", 231, false, 16, {
        [ROLE_TEXT] = {-1, -1, 0},
        [ROLE_DIM] = {240, -1, 0},            /* #585858 */
        [ROLE_HEADER] = {-1, -1, R | B},
        [ROLE_TITLE] = {-1, -1, B},
        [ROLE_SELECTED] = {-1, -1, R | B},
        [ROLE_P] = {25, C8_BLUE, 0},          /* #005faf */
        [ROLE_Q] = {130, C8_RED, 0},          /* #af5f00 */
        [ROLE_NEG] = {24, C8_BLUE, 0},        /* #005f87 */
        [ROLE_POS] = {160, C8_RED, 0},        /* #d70000 */
        [ROLE_INF] = {88, C8_RED, B},         /* #870000 */
        [ROLE_GOOD] = {-1, -1, B},
        [ROLE_LARGER] = {130, C8_RED, B},
        [ROLE_STATUS] = {-1, -1, R},
        [ROLE_ERROR] = {160, C8_RED, R | B},
    }},
    /* Projectors wash out thin and dim text: every role bold or in a
     * colour far from the background, on a background of its own. */
    [THEME_HC_DARK] = {"high-contrast dark", 16, true, 231, {
        [ROLE_TEXT] = {231, C8_WHITE, 0},     /* #ffffff */
        [ROLE_DIM] = {250, C8_WHITE, 0},      /* #bcbcbc */
        [ROLE_HEADER] = {231, C8_WHITE, R | B},
        [ROLE_TITLE] = {231, C8_WHITE, B},
        [ROLE_SELECTED] = {231, C8_WHITE, R | B},
        [ROLE_P] = {39, C8_CYAN, B},          /* #00afff */
        [ROLE_Q] = {220, C8_YELLOW, B},       /* #ffd700 */
        [ROLE_NEG] = {81, C8_CYAN, B},        /* #5fd7ff */
        [ROLE_POS] = {208, C8_YELLOW, B},     /* #ff8700 */
        [ROLE_INF] = {203, C8_RED, B | U},    /* #ff5f5f */
        [ROLE_GOOD] = {231, C8_WHITE, B},
        [ROLE_LARGER] = {220, C8_YELLOW, B},
        [ROLE_STATUS] = {231, C8_WHITE, R | B},
        [ROLE_ERROR] = {203, C8_RED, R | B},
    }},
    [THEME_HC_LIGHT] = {"high-contrast light", 231, true, 16, {
        [ROLE_TEXT] = {16, C8_BLACK, 0},      /* #000000 */
        [ROLE_DIM] = {238, C8_BLACK, 0},      /* #444444 */
        [ROLE_HEADER] = {16, C8_BLACK, R | B},
        [ROLE_TITLE] = {16, C8_BLACK, B},
        [ROLE_SELECTED] = {16, C8_BLACK, R | B},
        [ROLE_P] = {19, C8_BLUE, B},          /* #0000af */
        [ROLE_Q] = {94, C8_RED, B},           /* #875f00 */
        [ROLE_NEG] = {24, C8_BLUE, B},        /* #005f87 */
        [ROLE_POS] = {124, C8_RED, B},        /* #af0000 */
        [ROLE_INF] = {88, C8_RED, B | U},     /* #870000 */
        [ROLE_GOOD] = {16, C8_BLACK, B},
        [ROLE_LARGER] = {94, C8_RED, B},
        [ROLE_STATUS] = {16, C8_BLACK, R | B},
        [ROLE_ERROR] = {88, C8_RED, R | B},
    }},
};

#undef B
#undef R
#undef U

const struct theme *theme_get(enum theme_id id)
{
    return &themes[id < THEME_COUNT ? id : THEME_DARK];
}

enum theme_id theme_pick(bool high_contrast, enum theme_bg bg)
{
    if (high_contrast)
        return bg == THEME_BG_LIGHT ? THEME_HC_LIGHT : THEME_HC_DARK;
    return bg == THEME_BG_LIGHT ? THEME_LIGHT : THEME_DARK;
}

bool theme_bg_from_colorfgbg(const char *value, enum theme_bg *bg)
{
    if (!value)
        return false;
    /* The background is the last field. */
    const char *last = strrchr(value, ';');
    if (!last)
        return false;
    last++;
    if (*last < '0' || *last > '9')
        return false;
    char *end;
    long c = strtol(last, &end, 10);
    if (*end != '\0' || c < 0 || c > 15)
        return false;
    *bg = c == 7 || c >= 9 ? THEME_BG_LIGHT : THEME_BG_DARK;
    return true;
}

void theme_rgb(int index, unsigned char rgb[3])
{
    /* xterm's defaults for 0..15 (terminals often change them) */
    static const unsigned char ansi[16][3] = {
        {0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0},
        {0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
        {127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0},
        {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
    };
    static const unsigned char level[6] = {0, 95, 135, 175, 215, 255};
    if (index < 0 || index > 255)
        index = 0;
    if (index < 16) {
        memcpy(rgb, ansi[index], 3);
    } else if (index < 232) {
        int i = index - 16;
        rgb[0] = level[i / 36];
        rgb[1] = level[i / 6 % 6];
        rgb[2] = level[i % 6];
    } else {
        unsigned char g = (unsigned char)(8 + 10 * (index - 232));
        rgb[0] = rgb[1] = rgb[2] = g;
    }
}

static double channel(unsigned char v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double theme_luminance(int index)
{
    unsigned char rgb[3];
    theme_rgb(index, rgb);
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) +
           0.0722 * channel(rgb[2]);
}

double theme_contrast(int a, int b)
{
    double la = theme_luminance(a), lb = theme_luminance(b);
    double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}

int theme_role_fg(const struct theme *t, enum role r)
{
    int fg = t->role[r].fg;
    if (fg < 0 && t->paints_bg)
        return t->text;
    return fg;
}

unsigned theme_mono_attrs(enum theme_id id, enum role r)
{
    /* What stands in for the colour of a role that colour told apart. */
    static const unsigned instead_of_colour[ROLE_COUNT] = {
        [ROLE_DIM] = THEME_DIM,
        [ROLE_POS] = THEME_BOLD,
        [ROLE_INF] = THEME_UNDERLINE,
        [ROLE_LARGER] = THEME_UNDERLINE,
    };
    unsigned a = theme_get(id)->role[r].attrs | instead_of_colour[r];
    if (id != THEME_HC_DARK && id != THEME_HC_LIGHT)
        return a;
    a &= ~(unsigned)THEME_DIM;
    return r == ROLE_TEXT ? a : a | THEME_BOLD;
}
