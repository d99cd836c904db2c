/* Unit tests for tui/frame.c: the frame model rendered as text. A key
 * sequence goes into the explorer, the frame comes out as lines, and the
 * lines are compared: what only the tmux tests could see before. */
#include "../test_util.h"

#include <locale.h>

#include "explorer_fixture.h"
#include "frame.h"
#include "keymap.h"

/* The README's picture of the explorer on its built-in example. */
static const char readme_frame[] =
    " klx  n=4  base e (nats)  editing P  step 0.01  mouse\n"
    "  entry  P  bar 0..0.5    Q  bar 0..0.5    P||Q p·ln(p/q)      Q||P q·ln(q/p)\n"
    "> a     █▍      0.100000 ██▍    0.200000    ▒│     -0.069315     │█▏   +0.138629\n"
    "  b     ██▊     0.200000 ███▋   0.300000    ▒│     -0.081093     │█    +0.121640\n"
    "  c     ████▎   0.300000 ███▋   0.300000     │             0     │             0\n"
    "  d     █████▋  0.400000 ██▍    0.200000     │██▎  +0.277259    ▒│     -0.138629\n"
    "\n"
    "────────────────────────────────────────────────────────────────────────────────\n"
    " KL(P||Q) = 0.126851 nats  ◀ larger      KL(Q||P) = 0.121640 nats\n"
    "    _           _   _   _   _               _           _       _       _\n"
    "   | |       |  _| |_  |_| |_    |         | |       |  _|   | |_  |_| | |\n"
    "   |_|  o    | |_  |_| |_|  _|   |         |_|  o    | |_    | |_|   | |_|\n"
    "   negative terms (2)   -0.150408          negative terms (1)   -0.138629\n"
    "   positive terms       +0.277259          positive terms       +0.260269\n"
    "   total                 0.126851 ≥ 0 ✓    total                 0.121640 ≥ 0 ✓\n"
    " asymmetry: KL(P||Q) − KL(Q||P) = 0.005212 nats  (KL is not symmetric)\n"
    " check: P ≠ Q, so both KL are > 0 ✓ (negative terms never win)\n"
    " ←→ value  Tab P/Q  t tour  m measures  D grad  : command  ? help  q quit\n";

struct fixture {
    struct explorer_fixture x;
    struct frame f;
    struct buf text;
};

static const char *draw(struct fixture *f, int cols, int rows);

/* Expected values are worked out by hand: after Right, a = 0.11 and the
 * others are rescaled by 0.89/0.9, so b = 0.197778; a's terms are
 * 0.11 ln(0.11/0.2) = -0.065762 and 0.2 ln(0.2/0.11) = 0.119567, b's
 * -0.082402 and 0.124992. */
static struct fixture *make(bool unicode)
{
    struct fixture *f = calloc(1, sizeof *f);
    explorer_fixture_start(&f->x, unicode);
    buf_init(&f->text);
    draw(f, 80, 24);   /* the loop draws before it reads a key */
    return f;
}

static int setup_ascii(void **state)
{
    *state = make(false);
    return 0;
}

static int setup_unicode(void **state)
{
    *state = make(true);
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    explorer_fixture_stop(&f->x);
    frame_free(&f->f);
    buf_free(&f->text);
    free(f);
    return 0;
}

/* The frame for cols x rows as text. */
static const char *draw(struct fixture *f, int cols, int rows)
{
    frame_build(&f->f, cols, rows, &f->x.e.view, f->x.c.session, &f->x.c.tour);
    buf_reset(&f->text);
    frame_text(&f->f, &f->text);
    return f->text.s;
}

/* Keys, each followed by a frame of 80 x 24 as the loop draws one. */
static void keys(struct fixture *f, const int *k)
{
    for (; *k; k++) {
        explorer_key(&f->x.e, *k, NULL);
        draw(f, 80, 24);
    }
}
#define KEYS(f, ...) keys(f, (const int[]){__VA_ARGS__, 0})

/* Line y of the last frame. */
static const char *line(struct fixture *f, int y, char *out, size_t size)
{
    const char *p = f->text.s;
    for (int i = 0; i < y && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return "";
    size_t len = strcspn(p, "\n");
    snprintf(out, size, "%.*s", (int)len, p);
    return out;
}

static void shows(struct fixture *f, const char *text)
{
    if (!strstr(f->text.s, text))
        fail_msg("the frame does not show \"%s\":\n%s", text, f->text.s);
}

static void line_is(struct fixture *f, int y, const char *want)
{
    char got[1024];
    line(f, y, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("line %d is\n  \"%s\"\nnot\n  \"%s\"", y, got, want);
}

static void test_the_readme_picture(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(draw(f, 80, 18), readme_frame);
}

static void test_ascii_frame(void **state)
{
    struct fixture *f = *state;
    draw(f, 80, 18);
    line_is(f, 2, "> a     #       0.100000 ##     0.200000    -|     "
                  "-0.069315     |+    +0.138629");
    line_is(f, 5, "  d     ######  0.400000 ##     0.200000     |++   "
                  "+0.277259    -|     -0.138629");
    line_is(f, 17, " <> value  Tab P/Q  t tour  m measures  D grad  "
                   ": command  ? help  q quit");
    /* nothing but ASCII */
    for (const char *p = f->text.s; *p; p++)
        assert_true((unsigned char)*p < 0x80);
}

static void test_keys_to_frame(void **state)
{
    struct fixture *f = *state;
    KEYS(f, KM_RIGHT);
    /* 0.11 of a 0.5 scale in 7 cells is 1.54 cells: two '#' */
    line_is(f, 2, "> a     ##      0.110000 ##     0.200000    -|     "
                  "-0.065762     |+    +0.119567");
    shows(f, "[modified]");
    KEYS(f, KM_DOWN, '\t', '+');
    line_is(f, 0, " klx  n=4  base e (nats)  editing Q  step 0.05  "
                  "[modified]  mouse");
    line_is(f, 23, " step 0.05");   /* the message until the next key */
    line_is(f, 3, "> b     ###     0.197778 ####   0.300000    -|     "
                  "-0.082402     |+    +0.124992");
    KEYS(f, 'u', 'm');
    shows(f, "H(P) = ");
    shows(f, "Jensen-Shannon");
    KEYS(f, 'm', 'D');
    shows(f, "d(P||Q)/dq");
    shows(f, "gradient of KL(P||Q) for the edited distribution");
    KEYS(f, 'D', 'D', 'o');
    line_is(f, 2, "  d     ######  0.400000 ##     0.200000     |++   "
                  "+0.277259    -|     -0.138629");
    KEYS(f, 'o', 'o', '?');
    line_is(f, 0, " klx help  (Esc or q closes)");
    shows(f, "  Tab                switch between editing P and Q  "
             ":edit other");
    KEYS(f, 'q', 't');
    shows(f, "Lesson 1/9: KL is asymmetric");
    shows(f, "> next  < back  Esc end tour");
}

static void test_too_small(void **state)
{
    struct fixture *f = *state;
    draw(f, 30, 8);
    shows(f, "klx needs a terminal of at\nleast 65x13 (this one is\n30x8)");
    assert_false(f->x.e.view.layout.fits);
}

int main(void)
{
    /* Glyph widths come from the locale, as on a terminal. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_readme_picture,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_ascii_frame, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_keys_to_frame, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_too_small, setup_ascii,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
