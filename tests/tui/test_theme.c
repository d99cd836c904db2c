/* Unit tests for tui/theme.c: contrast ratios computed from the xterm
 * palette's RGB values, every role of every theme readable on its
 * background (WCAG AA, 4.5:1), no red-against-green pairs, the
 * attributes without colours, and the background read from COLORFGBG.
 * The figures are printed. */
#include "../test_util.h"

#include "theme.h"

static const char *const role_names[ROLE_COUNT] = {
    "text", "dim", "header", "title", "selected", "P", "Q", "negative",
    "positive", "infinite", "check", "larger", "status", "error",
};

static void test_contrast_formula(void **state)
{
    (void)state;
    /* black on white is 21:1, a colour against itself 1:1 */
    assert_close(theme_contrast(16, 231), 21.0, 1e-12, 0);
    assert_close(theme_contrast(231, 16), 21.0, 1e-12, 0);
    assert_close(theme_contrast(33, 33), 1.0, 1e-12, 0);
    /* grey #767676 (243 is #767676) on white: 4.54, the classic AA grey */
    unsigned char rgb[3];
    theme_rgb(243, rgb);
    assert_int_equal(rgb[0], 0x76);
    assert_close(theme_contrast(243, 231), 4.54, 0, 0.005);
    /* the cube: 196 is #ff0000, luminance 0.2126 */
    theme_rgb(196, rgb);
    assert_int_equal(rgb[0], 255);
    assert_int_equal(rgb[1], 0);
    assert_close(theme_luminance(196), 0.2126, 1e-12, 0);
    /* 130 (#af5f00) on white: worked out by hand, 4.71 */
    assert_close(theme_contrast(130, 231), 4.71, 0, 0.005);
}

/* Every role with a colour, in every theme, at least 4.5:1 against the
 * background; in the high-contrast themes every role has a colour. */
static void test_every_pair_is_aa(void **state)
{
    (void)state;
    for (int id = 0; id < THEME_COUNT; id++) {
        const struct theme *t = theme_get((enum theme_id)id);
        print_message("%s theme, background %d:\n", t->name, t->bg);
        int measured = 0;
        for (int r = 0; r < ROLE_COUNT; r++) {
            int fg = theme_role_fg(t, (enum role)r);
            if (fg < 0) {
                assert_false(t->paints_bg);
                print_message("  %-9s terminal default\n", role_names[r]);
                continue;
            }
            /* only the fixed palette: 0..15 vary from terminal to
             * terminal */
            assert_true(fg >= 16 && fg <= 255);
            double c = theme_contrast(fg, t->bg);
            unsigned char rgb[3];
            theme_rgb(fg, rgb);
            print_message("  %-9s %3d #%02x%02x%02x  %5.2f:1\n",
                          role_names[r], fg, rgb[0], rgb[1], rgb[2], c);
            if (c < 4.5)
                fail_msg("%s theme: %s (%d) is %.2f:1 on %d", t->name,
                         role_names[r], fg, c, t->bg);
            measured++;
        }
        assert_true(measured >= (t->paints_bg ? ROLE_COUNT : 8));
    }
}

/* No pair that must be told apart is red against green: neither colour
 * of P/Q or negative/positive is green-dominant, and the two differ in
 * their blue channel (blue against orange or red). */
static void test_no_red_green(void **state)
{
    (void)state;
    static const enum role pairs[][2] = {{ROLE_P, ROLE_Q},
                                         {ROLE_NEG, ROLE_POS}};
    for (int id = 0; id < THEME_COUNT; id++) {
        const struct theme *t = theme_get((enum theme_id)id);
        for (int k = 0; k < 2; k++) {
            unsigned char a[3], b[3];
            theme_rgb(theme_role_fg(t, pairs[k][0]), a);
            theme_rgb(theme_role_fg(t, pairs[k][1]), b);
            assert_false(a[1] > a[0] && a[1] > a[2]);
            assert_false(b[1] > b[0] && b[1] > b[2]);
            assert_true(a[2] > b[2]);   /* the blue one is P / negative */
        }
    }
}

/* Without colours, each role's attributes in full: the everyday themes'
 * with something in place of each telling colour, the high-contrast
 * ones' never dim and bold but for plain text. Infinite entries stay
 * apart from positive terms by attribute (positive and negative terms
 * by their glyphs). */
static void test_mono_attrs(void **state)
{
    (void)state;
    enum { B = THEME_BOLD, R = THEME_REVERSE, U = THEME_UNDERLINE,
           D = THEME_DIM };
    static const unsigned everyday[ROLE_COUNT] = {
        0, D, R | B, B, R | B, 0, 0, 0, B, B | U, B, B | U, R, R | B,
    };
    static const unsigned projector[ROLE_COUNT] = {
        0, B, R | B, B, R | B, B, B, B, B, B | U, B, B | U, R | B, R | B,
    };
    for (int id = 0; id < THEME_COUNT; id++) {
        bool hc = id == THEME_HC_DARK || id == THEME_HC_LIGHT;
        for (int r = 0; r < ROLE_COUNT; r++) {
            unsigned a = theme_mono_attrs((enum theme_id)id, (enum role)r);
            if (a != (hc ? projector : everyday)[r])
                fail_msg("%s theme without colours: %s has attributes %u",
                         theme_get((enum theme_id)id)->name, role_names[r],
                         a);
        }
        assert_int_not_equal(theme_mono_attrs((enum theme_id)id, ROLE_INF),
                             theme_mono_attrs((enum theme_id)id, ROLE_POS));
    }
}

static void test_pick_and_colorfgbg(void **state)
{
    (void)state;
    assert_int_equal(theme_pick(false, THEME_BG_DARK), THEME_DARK);
    assert_int_equal(theme_pick(false, THEME_BG_LIGHT), THEME_LIGHT);
    assert_int_equal(theme_pick(true, THEME_BG_DARK), THEME_HC_DARK);
    assert_int_equal(theme_pick(true, THEME_BG_LIGHT), THEME_HC_LIGHT);
    enum theme_bg bg = THEME_BG_DARK;
    assert_true(theme_bg_from_colorfgbg("0;15", &bg));
    assert_int_equal(bg, THEME_BG_LIGHT);
    assert_true(theme_bg_from_colorfgbg("15;0", &bg));
    assert_int_equal(bg, THEME_BG_DARK);
    assert_true(theme_bg_from_colorfgbg("0;default;7", &bg));
    assert_int_equal(bg, THEME_BG_LIGHT);
    assert_true(theme_bg_from_colorfgbg("7;8", &bg));
    assert_int_equal(bg, THEME_BG_DARK);
    /* nothing usable: bg stays */
    bg = THEME_BG_LIGHT;
    assert_false(theme_bg_from_colorfgbg(NULL, &bg));
    assert_false(theme_bg_from_colorfgbg("", &bg));
    assert_false(theme_bg_from_colorfgbg("default;default", &bg));
    assert_false(theme_bg_from_colorfgbg("15", &bg));
    assert_false(theme_bg_from_colorfgbg("0;16", &bg));
    assert_false(theme_bg_from_colorfgbg("0;-1", &bg));
    assert_false(theme_bg_from_colorfgbg("0;1x", &bg));
    assert_int_equal(bg, THEME_BG_LIGHT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrast_formula),
        cmocka_unit_test(test_every_pair_is_aa),
        cmocka_unit_test(test_no_red_green),
        cmocka_unit_test(test_mono_attrs),
        cmocka_unit_test(test_pick_and_colorfgbg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
