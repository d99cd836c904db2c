/* Unit tests for tui/frame.c: the frame model rendered as text. A key
 * sequence goes into the explorer, the frame comes out as lines, and the
 * lines are compared: what only the tmux tests could see before. */
#include "../test_util.h"

#include <locale.h>
#include <math.h>

#include "explorer_fixture.h"
#include "frame.h"
#include "i18n.h"
#include "keymap.h"
#include "preset.h"
#include "tour.h"
#include "utf8.h"

/* The README's picture of the explorer on its built-in example. */
static const char readme_frame[] =
    " klx  n=4  base e (nats)  editing P  step 0.01  mouse\n"
    "  entry  P  bar 0..0.5   Q  bar 0..0.5    P||Q p·ln(p/q)      Q||P q·ln(q/p)\n"
    "> a     █▎     0.100000 ██▍    0.200000    ▒│     -0.069315     │█▏   +0.138629\n"
    "  b     ██▍    0.200000 ███▋   0.300000    ▒│     -0.081093     │█    +0.121640\n"
    "  c     ███▋   0.300000 ███▋   0.300000     │             0     │             0\n"
    "  d     ████▊  0.400000 ██▍    0.200000     │██▎  +0.277259    ▒│     -0.138629\n"
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

/* The explorer in a locale that is not UTF-8 (ASCII glyphs, no UTF-8
 * text), on labels that are not ASCII. */
static int setup_c_locale(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    explorer_fixture_start(&f->x, false);
    f->x.e.view.utf8 = false;
    struct buf out;
    buf_init(&out);
    struct error err;
    bool ok = command_run(&f->x.c, "labels 猫 犬 aé b", &out, &err) == CMD_OK;
    buf_free(&out);
    buf_init(&f->text);
    *state = f;
    return ok ? 0 : -1;
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
    line_is(f, 2, "> a     #      0.100000 ##     0.200000    -|     "
                  "-0.069315     |+    +0.138629");
    line_is(f, 5, "  d     #####  0.400000 ##     0.200000     |++   "
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
    /* 0.11 of a 0.5 scale in 6 cells is 1.32 cells: one '#' */
    line_is(f, 2, "> a     #      0.110000 ##     0.200000    -|     "
                  "-0.065762     |+    +0.119567");
    shows(f, "[modified]");
    KEYS(f, KM_DOWN, '\t', '+');
    line_is(f, 0, " klx  n=4  base e (nats)  editing Q  step 0.05  "
                  "[modified]  mouse");
    line_is(f, 23, " step 0.05");   /* the message until the next key */
    line_is(f, 3, "> b     ##     0.197778 ####   0.300000    -|     "
                  "-0.082402     |+    +0.124992");
    KEYS(f, 'u', 'm');
    shows(f, "H(P) = ");
    shows(f, "Jensen-Shannon");
    KEYS(f, 'm', 'D');
    shows(f, "d(P||Q)/dq");
    shows(f, "gradient of KL(P||Q) for the edited distribution");
    KEYS(f, 'D', 'D', 'o');
    line_is(f, 2, "  d     #####  0.400000 ##     0.200000     |++   "
                  "+0.277259    -|     -0.138629");
    KEYS(f, 'o', 'o', '?');
    line_is(f, 0, " klx help  (Esc or q closes)");
    shows(f, "  Tab                switch between editing P and Q  "
             ":edit other");
    KEYS(f, 'q', 't');
    shows(f, "Lesson 1/9: KL is asymmetric");
    shows(f, "> next  < back  Esc end tour");
}

/* The glyphs of `w` cells of row y from column x, joined. */
static void cells(const struct frame *fr, int y, int x, int w, char *out,
                  size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < w && x + i < fr->cols; i++) {
        const struct frame_cell *c = &fr->cells[(size_t)y * fr->cols + x + i];
        strncat(out, c->cont ? "" : c->glyph[0] ? c->glyph : " ",
                size - strlen(out) - 1);
    }
}

/* P and Q share one scale: wherever p_i = q_j, row i's P bar and row j's
 * Q bar are the same cells. */
static void same_bars(struct fixture *f, int cols, int rows)
{
    draw(f, cols, rows);
    const struct layout *l = &f->x.e.view.layout;
    const struct table *t = &f->x.s.table;
    assert_int_equal(l->pbar_w, l->qbar_w);
    int w = l->pbar_w + 1;   /* and the cell after the bar */
    for (size_t i = 0; i < t->n && (int)i < l->table_h; i++)
        for (size_t j = 0; j < t->n && (int)j < l->table_h; j++) {
            if (t->p[i] != t->q[j])
                continue;
            char pb[256], qb[256];
            cells(&f->f, l->table_y + (int)i, l->pbar_x, w, pb, sizeof pb);
            cells(&f->f, l->table_y + (int)j, l->qbar_x, w, qb, sizeof qb);
            if (strcmp(pb, qb) != 0)
                fail_msg("%dx%d: p[%zu] = q[%zu] = %g drawn as \"%s\" and "
                         "\"%s\"", cols, rows, i, j, t->p[i], pb, qb);
        }
}

static void run(struct fixture *f, const char *line)
{
    struct buf out;
    buf_init(&out);
    struct error err;
    assert_int_equal(command_run(&f->x.c, line, &out, &err), CMD_OK);
    buf_free(&out);
}

/* ---- the joint view ---- */

/* A 4 x 4 table of counts (sum 22): 4 on the diagonal, 1 off it in the
 * first three rows and columns, 0 elsewhere. By hand, with the joint
 * table and the product on one scale (the largest cell, 4/22):
 * diagonal cells are the 4th density, 1/22 the 1st, 0 its own glyph;
 * the product 36/484 and 24/484 are 1.6 and 1.1 quarters of the scale
 * (2nd density), 16/484 0.7 (1st). The largest term is x4's,
 * (4/22) ln 5.5 = 0.310; x1's diagonal term (4/22) ln(22/9) = 0.163 is
 * 2.1 quarters of it (3rd), the off-diagonal (1/22) ln(11/18) = -0.022
 * 0.3 (1st). P(x) bars are
 * 6 cells of 0.05 each: 6/22 fills 5.45 of them, 4/22 3.6. */
#define JOINT_4X4 "joint 4 4 4 1 1 0 1 4 1 0 1 1 4 0 0 0 0 4"
static const double joint_counts[16] = {4, 1, 1, 0, 1, 4, 1, 0,
                                        1, 1, 4, 0, 0, 0, 0, 4};

/* I(X;Y) of joint_counts, summed here directly, in nats. */
static double joint_mi(const double *c, size_t n)
{
    double sum = 0, px[4] = {0}, py[4] = {0};
    for (size_t i = 0; i < n * n; i++)
        sum += c[i];
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            px[i] += c[i * n + k] / sum;
            py[k] += c[i * n + k] / sum;
        }
    double mi = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            double p = c[i * n + k] / sum;
            if (p > 0)
                mi += p * log(p / (px[i] * py[k]));
        }
    return mi;
}

static void shows_mi(struct fixture *f, double mi)
{
    char want[128];
    snprintf(want, sizeof want, "I(X;Y) = KL(P_XY||P_X P_Y) = %.6f nats",
             mi);
    shows(f, want);
}

static void test_joint_view_ascii_80x24(void **state)
{
    struct fixture *f = *state;
    run(f, JOINT_4X4);
    KEYS(f, 'J');
    line_is(f, 0, " klx joint 4x4  base e (nats)  editing (x1, y1)  step "
                  "0.01  [modified]");
    line_is(f, 3, "> x1   ##::::.. ###### 0.272727  ========  +*-:-: .");
    line_is(f, 6, "  x4   ......## ####   0.181818  ======::   . . .+#");
    line_is(f, 7, "  P(y) ######==");   /* 4/22 is 2/3 of 6/22 */
    shows(f, "cell (x1, y1): p(x,y) = 0.181818  p(x)p(y) = 0.074380");
    shows_mi(f, joint_mi(joint_counts, 4));
    shows(f, "H(X) + H(Y) - H(X,Y)");
    shows(f, "H(X) - H(X|Y)");
    shows(f, "reverse: KL(P_X P_Y||P_XY) = inf nats (cell (x1, y4) is 0");
    for (const char *p = f->text.s; *p; p++)
        assert_true((unsigned char)*p < 0x80);
}

static void test_joint_view_unicode_120x40(void **state)
{
    struct fixture *f = *state;
    run(f, JOINT_4X4);
    KEYS(f, 'J', KM_CTRL('l'));   /* a key: the status line again */
    draw(f, 120, 40);
    line_is(f, 3, "> x1   \u2588\u2588\u2591\u2591\u2591\u2591\u00B7\u00B7 "
                  "\u2588\u2588\u2588\u2588\u2588\u258C 0.272727  "
                  "\u2592\u2592\u2592\u2592\u2592\u2592\u2592\u2592  "
                  "+\u2593\u2212\u2591\u2212\u2591 \u00B7");
    /* the sign of a term is a glyph, not only a colour */
    shows(f, "\u2212\u2591");
    shows_mi(f, joint_mi(joint_counts, 4));
    shows(f, "H(X|Y) = ");
    shows(f, "H(Y|X) = ");
    /* the whole totals panel and its notes fit */
    shows(f, "note: the values summed to 22");
    line_is(f, 39, " -+ step  u undo  J P/Q view  \u2190\u2192 cell  "
                   "S-\u2190\u2192 value  = set  K kl-mode  : command  "
                   "? help  q quit");
}

/* An edit by key: Shift-Right raises the selected cell by the step and
 * rescales the others; I is the new table's, undo gives the old one. */
static void test_joint_view_edit_updates_i(void **state)
{
    struct fixture *f = *state;
    run(f, "joint 2 2 0.4 0.1 0.1 0.4");
    run(f, "view joint");
    KEYS(f, KM_RIGHT, KM_SRIGHT);
    shows(f, "editing (x1, y2)");
    /* y2 of x1 from 0.1 to 0.11, the others times 0.89/0.9 */
    double r = 0.89 / 0.9;
    double c[4] = {0.4 * r, 0.11, 0.1 * r, 0.4 * r};
    shows(f, "p(x,y) = 0.110000");
    shows_mi(f, joint_mi(c, 2));
    KEYS(f, 'u');
    shows_mi(f, joint_mi((const double[]){0.4, 0.1, 0.1, 0.4}, 2));
}

/* Up to 8 x 8 the whole table fits 80x24 (every row and column, and the
 * totals); a larger one scrolls and keeps the selected cell on screen. */
static void test_joint_view_fits_and_scrolls(void **state)
{
    struct fixture *f = *state;
    run(f, "joint copy 8");
    run(f, "view joint");
    draw(f, 80, 24);
    line_is(f, 2, "        1 2 3 4 5 6 7 8                   "
                  "1 2 3 4 5 6 7 8   1 2 3 4 5 6 7 8");
    line_is(f, 10, "  x8   ..............## #####  0.125000  "
                   "::::::::::::::::   . . . . . . .+#");
    shows(f, "H(Y) - H(Y|X)");
    shows(f, "reverse: KL(P_X P_Y||P_XY) = inf nats");
    assert_null(strstr(f->text.s, "rows "));   /* nothing scrolled */
    shows(f, "  P(y) ################");
    run(f, "joint copy 30");
    run(f, "cell last");
    draw(f, 80, 24);
    shows(f, "editing (x30, y30)");
    shows(f, "rows 22-30 of 30, columns 23-30 of 30");
    shows(f, "> x30");
    run(f, "cell first");
    draw(f, 120, 40);
    shows(f, "rows 1-25 of 30, columns 1-15 of 30");
    shows(f, "> x1 ");
}

/* A lesson other than the tour says so: "[lesson]" in the header, and
 * its keys end the lesson; its last step is the last step. */
static void test_lesson_says_lesson(void **state)
{
    struct fixture *f = *state;
    run(f, "lesson forward-reverse");
    draw(f, 80, 24);   /* 21 rows: the caption's line is the header */
    shows(f, "> next  < back  Esc end lesson");
    assert_null(strstr(f->text.s, "tour"));
    draw(f, 100, 30);
    shows(f, "  [lesson]");
    for (int k = 0; k < 4; k++)
        run(f, "next");
    draw(f, 100, 30);
    shows(f, "last step  < back  Esc end lesson");
    char status[512];
    line(f, 29, status, sizeof status);
    if (!strstr(status, "Esc end lesson"))
        fail_msg("status line: %s", status);
    run(f, "lesson end");
    run(f, "tour");
    draw(f, 100, 30);
    shows(f, "  [tour]");
    line(f, 29, status, sizeof status);
    if (!strstr(status, "Esc end tour"))
        fail_msg("status line: %s", status);
}

/* A long Chinese heading on a wide screen: the title shows as much as
 * fits, whole characters only. */
static void test_long_heading_whole_characters(void **state)
{
    struct fixture *f = *state;
    char path[] = "/tmp/klx-heading-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("# T\n\n## ", fp);
    for (int i = 0; i < 120; i++)
        fputs("\u4e2d", fp);
    fputs("\n> preset seed\nText.\n", fp);
    fclose(fp);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "lesson %s", path);
    run(f, cmd);
    unlink(path);
    draw(f, 300, 40);
    char row[2048];
    line(f, 1, row, sizeof row);
    size_t n = 0;
    for (const char *p = strstr(row, "\u4e2d"); p && strncmp(p, "\u4e2d", 3) == 0;
         p += 3)
        n++;
    if (n < 100 || strchr(row, '?'))
        fail_msg("%zu whole characters in: %s", n, row);
}

/* In a tour the lesson's caption stays under the header of the joint
 * view too (a lesson on mutual information runs `view joint`). */
static void test_joint_view_keeps_the_caption(void **state)
{
    struct fixture *f = *state;
    run(f, "tour");
    run(f, "joint copy 3");
    run(f, "view joint");
    draw(f, 80, 24);
    shows(f, "[tour]");
    line_is(f, 1, " Lesson 1/9: KL is asymmetric                      "
                  "> next  < back  Esc end tour");
    shows(f, "  X\\Y  P(x,y)");
    shows(f, "> x1 ");
    shows(f, "I(X;Y) = KL(P_XY||P_X P_Y) = 1.098612 nats");   /* ln 3 */
}

static void test_equal_values_equal_bars(void **state)
{
    struct fixture *f = *state;
    static const char *const tables[][2] = {
        {NULL, NULL},   /* the built-in example */
        {"p 0.2 0.4 0.4", "q 0.2 0.4 0.4"},
        {"p 0.05 0.1 0.15 0.3 0.4", "q 0.4 0.3 0.15 0.1 0.05"},
        {"p 0.000001 0.000002 0.999997", "q 0.999997 0.000002 0.000001"},
    };
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++) {
        if (tables[k][0]) {
            run(f, tables[k][0]);
            run(f, tables[k][1]);
        }
        for (int cols = 65; cols <= 200; cols++) {
            same_bars(f, cols, 24);
            same_bars(f, cols, 45);
        }
    }
}

/* Every scale heading on the titles row is a whole number: "0..S" with S
 * the scale itself, never a cut one ("0..0." reads as zero). */
static void whole_scale(struct fixture *f, int cols, int rows)
{
    draw(f, cols, rows);
    char t[1024];
    line(f, f->x.e.view.layout.titles_y, t, sizeof t);
    double scale = f->x.e.view.mass_scale;
    for (const char *p = strstr(t, "0.."); p; p = strstr(p, "0..")) {
        p += 3;
        char *end;
        double v = strtod(p, &end);
        if (end == p || (*end && *end != ' ') ||
            fabs(v - scale) > 1e-9 * scale)
            fail_msg("%dx%d: the scale is %g but the heading says \"%s\"",
                     cols, rows, scale, t);
    }
}

static void test_scale_headings_whole(void **state)
{
    struct fixture *f = *state;
    static const char *const tables[] = {
        "p uniform 4", "p uniform 1000", "p uniform 3000",
        "p uniform 200000",
    };
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++) {
        run(f, tables[k]);
        run(f, "uniform q");
        for (int cols = 65; cols <= 200; cols++)
            whole_scale(f, cols, 24);
        /* and there is room for one at 160 columns */
        draw(f, 160, 45);
        shows(f, "bar 0..");
    }
}

/* The totals panel's counts and sums stay apart, however many digits. */
static void test_counts_and_sums_apart(void **state)
{
    struct fixture *f = *state;
    run(f, "p uniform 100000");
    run(f, "q zipf 1.1 100000");
    static const int sizes[][2] = {{80, 24}, {100, 30}, {160, 45}};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        const char *text = draw(f, sizes[k][0], sizes[k][1]);
        int seen = 0;
        for (const char *p = strstr(text, "terms ("); p;
             p = strstr(p, "terms (")) {
            p = strchr(p, ')');
            assert_non_null(p);
            p++;
            seen++;
            if (*p != ' ')
                fail_msg("%dx%d: a count runs into its sum:\n%s",
                         sizes[k][0], sizes[k][1], text);
        }
        assert_int_equal(seen, 2);
    }
}

/* Lines of the frame at cols x rows, each copied into out[y]. */
enum { MAX_LINES = 64, LINE_BYTES = 2048 };
static int lines_at(struct fixture *f, int cols, int rows,
                    char out[][LINE_BYTES])
{
    draw(f, cols, rows);
    int n = 0;
    for (; n < rows && n < MAX_LINES; n++)
        line(f, n, out[n], LINE_BYTES);
    return n;
}

/* Every line drawn at 80 columns that is not all of its text (the same
 * line at 250 columns) ends in an ellipsis after a part of it. Only lines
 * starting with `prefix` (all when "") are compared. */
static void cut_lines_say_so(struct fixture *f, int rows, const char *prefix)
{
    static char wide[MAX_LINES][LINE_BYTES], narrow[MAX_LINES][LINE_BYTES];
    int n = lines_at(f, 250, rows, wide);
    lines_at(f, 80, rows, narrow);
    int compared = 0;
    for (int y = 0; y < n; y++) {
        if (strncmp(narrow[y], prefix, strlen(prefix)) != 0)
            continue;
        compared++;
        if (strcmp(narrow[y], wide[y]) == 0)
            continue;
        size_t len = strlen(narrow[y]);
        const char *ell = "\u2026";
        if (len < 3 || strcmp(narrow[y] + len - 3, ell) != 0 ||
            strncmp(narrow[y], wide[y], len - 3) != 0) {
            fail_msg("line %d is cut without saying so:\n  \"%s\"\nof\n"
                     "  \"%s\"", y, narrow[y], wide[y]);
        }
    }
    assert_true(compared > 0);
}

static void test_cut_text_ends_in_ellipsis(void **state)
{
    struct fixture *f = *state;
    run(f, "q 0.1 0.2 0.3 0.4");
    cut_lines_say_so(f, 24, " check:");   /* the identical sentence */
    run(f, "p 0.5 0.5 0 0");
    run(f, "q 0 0 0.5 0.5");
    cut_lines_say_so(f, 24, " ! KL");    /* the infinite directions */
    KEYS(f, '?');
    cut_lines_say_so(f, 24, "  ");       /* the help, a pager */
}

/* However small the window, the message says how to leave. */
static void test_too_small_says_q(void **state)
{
    struct fixture *f = *state;
    for (int cols = 8; cols < 65; cols++)
        for (int rows = 1; rows < 24; rows++) {
            char text[4096];
            snprintf(text, sizeof text, "%s", draw(f, cols, rows));
            if (f->x.e.view.layout.fits)
                continue;
            for (char *p = text; *p; p++)   /* wrapped lines as one */
                if (*p == '\n')
                    *p = ' ';
            if (!strstr(text, "press q to quit") && !strstr(text, "q quits."))
                fail_msg("%dx%d does not say how to quit:\n%s", cols, rows,
                         text);
        }
}

/* Every lesson's caption row keeps the keys that go on; its title is
 * whole or ends in an ellipsis. */
static void test_lesson_titles_leave_the_keys(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 't');
    size_t count = tour_count(&f->x.c.tour);
    const struct lesson_step *ls = f->x.c.tour.lesson.steps;
    assert_int_equal(count, 9);
    for (size_t k = 0; k < count; k++) {
        if (k)
            KEYS(f, '>');
        char title[256];
        snprintf(title, sizeof title, "Lesson %zu/%zu: %s", k + 1, count,
                 ls[k].heading);
        for (int cols = 65; cols <= 120; cols += 5) {
            draw(f, cols, 24);
            char row[1024];
            line(f, f->x.e.view.layout.caption_y, row, sizeof row);
            if (!strstr(row, "< back  Esc end tour") ||
                (!strstr(row, title) && !strstr(row, "\u2026")))
                fail_msg("%d columns, lesson %zu: \"%s\"", cols, k + 1, row);
        }
    }
}

/* Entries whose rows the last frame shows: lines that hold an entry's
 * label after the mark and flag columns. Read from the text alone. */
static size_t rows_visible(struct fixture *f)
{
    const struct table *t = &f->x.c.session->table;
    size_t seen = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t len = strlen(t->labels[i]);
        for (const char *p = f->text.s; *p;) {
            const char *nl = strchr(p, '\n');
            size_t ll = nl ? (size_t)(nl - p) : strlen(p);
            if (ll > 2 + len && strncmp(p + 2, t->labels[i], len) == 0 &&
                p[2 + len] == ' ' && (p[0] == ' ' || p[0] == '>')) {
                seen++;
                break;
            }
            p += ll + (nl ? 1 : 0);
        }
    }
    return seen;
}

/* Both totals are on screen, the larger one marked. */
static void shows_totals(struct fixture *f, const char *where)
{
    const struct session *s = f->x.c.session;
    if (!strstr(f->text.s, "KL(P||Q) = ") ||
        !strstr(f->text.s, "KL(Q||P) = "))
        fail_msg("%s: no totals:\n%s", where, f->text.s);
    if (s->div.pq.total != s->div.qp.total &&
        !strstr(f->text.s, "\u25C0 larger"))
        fail_msg("%s: the larger total is not marked:\n%s", where,
                 f->text.s);
}

/* A table of up to 21 entries (every preset but the letters and the
 * tokens) shows all its rows at 80x24 and 100x30, with both totals; a
 * longer one as many as the full panel leaves (it scrolls anyway). */
static void test_presets_show_every_row(void **state)
{
    struct fixture *f = *state;
    struct preset_list pl;
    struct error err;
    assert_true(preset_list_load(&pl, &err));
    assert_true(pl.n >= 10);
    static const int sizes[][2] = {{80, 24}, {100, 30}};
    for (size_t k = 0; k < pl.n; k++) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "preset %s", pl.v[k].name);
        run(f, cmd);
        size_t n = f->x.c.session->table.n;
        for (size_t z = 0; z < 2; z++) {
            char where[128];
            snprintf(where, sizeof where, "%s (n=%zu) at %dx%d",
                     pl.v[k].name, n, sizes[z][0], sizes[z][1]);
            draw(f, sizes[z][0], sizes[z][1]);
            size_t seen = rows_visible(f);
            print_message("%-10s n=%3zu %3dx%d: %zu rows visible\n",
                          pl.v[k].name, n, sizes[z][0], sizes[z][1], seen);
            if (n <= 21 && seen != n)
                fail_msg("%s: %zu rows of %zu:\n%s", where, seen, n,
                         f->text.s);
            if (n > 21 && seen < (size_t)sizes[z][1] - 10)
                fail_msg("%s: only %zu rows:\n%s", where, seen, f->text.s);
            shows_totals(f, where);
        }
    }
    preset_list_free(&pl);
}

/* Every lesson of the tour shows all of its table at 80x24 and 100x30
 * (lessons 7 and 8 both modes of the bimodal P), with both totals and
 * the lesson's title and keys. */
static void test_lessons_show_every_row(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 't');
    size_t count = tour_count(&f->x.c.tour);
    assert_int_equal(count, 9);
    for (size_t k = 0; k < count; k++) {
        if (k)
            KEYS(f, '>');
        size_t n = f->x.c.session->table.n;
        for (int z = 0; z < 2; z++) {
            int cols = z ? 100 : 80, rows = z ? 30 : 24;
            draw(f, cols, rows);
            char where[64];
            snprintf(where, sizeof where, "lesson %zu (n=%zu) at %dx%d",
                     k + 1, n, cols, rows);
            size_t seen = rows_visible(f);
            print_message("lesson %zu n=%2zu %3dx%d: %zu rows visible\n",
                          k + 1, n, cols, rows, seen);
            if (seen != n)
                fail_msg("%s: %zu rows of %zu:\n%s", where, seen, n,
                         f->text.s);
            shows_totals(f, where);
            char title[64];
            snprintf(title, sizeof title, "Lesson %zu/%zu", k + 1, count);
            shows(f, title);
            shows(f, "< back");
        }
    }
}

/* At 80x24 lessons 7 and 8 keep only their title line above the table;
 * `t` shows the lesson's text in a note until the next key. */
static void test_lesson_text_on_t(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 't', '>', '>', '>', '>', '>', '>');
    shows(f, "Lesson 7/9");
    assert_null(strstr(f->text.s, "Q is now the Gaussian closest"));
    KEYS(f, 't');
    shows(f, "Q is now the Gaussian closest to P in KL(P||Q).");
    shows(f, "and wrong in the middle.");
    KEYS(f, 'j');
    assert_null(strstr(f->text.s, "Q is now the Gaussian closest"));
    assert_int_equal(rows_visible(f), 21);
}

/* `c` (view compact toggle) swaps the full panel for the compact one and
 * back; `view compact auto` lets the explorer choose again. */
static void test_compact_key(void **state)
{
    struct fixture *f = *state;
    draw(f, 80, 24);
    shows(f, "negative terms (2)");
    KEYS(f, 'c');
    assert_null(strstr(f->text.s, "negative terms (2)"));
    line_is(f, 21, " KL(P||Q) = 0.126851 nats  terms -0.150408 +0.277259 = "
                   "0.126851 \u2265 0 \u2713  \u25C0 larger");
    line_is(f, 22, " KL(Q||P) = 0.121640 nats  terms -0.138629 +0.260269 = "
                   "0.121640 \u2265 0 \u2713");
    KEYS(f, 'c');
    shows(f, "negative terms (2)");
    run(f, "preset bimodal");
    run(f, "view compact off");
    draw(f, 80, 24);
    assert_true(rows_visible(f) < 21);
    run(f, "view compact auto");
    view_clear_message(&f->x.e.view);   /* as the next key does */
    draw(f, 80, 24);
    assert_int_equal(rows_visible(f), 21);
    /* on the status row, with the key to the help */
    char last[LINE_BYTES];
    line(f, 23, last, sizeof last);
    if (!strstr(last, "KL(P||Q) = 0.632504") ||
        !strstr(last, "KL(Q||P) = 1.165041") ||
        strcmp(last + strlen(last) - 6, "? help") != 0)
        fail_msg("the status row is \"%s\"", last);
    /* folded onto the status row: a message covers it until the next
     * key, which brings it back */
    KEYS(f, 'c');   /* the layout was compact: c turns it off */
    assert_true(rows_visible(f) < 21);
    KEYS(f, 'c');
    assert_int_equal(rows_visible(f), 21);
    shows(f, "totals: compact (c again: the full panel)");
    KEYS(f, 'j');
    assert_int_equal(rows_visible(f), 21);
    shows_totals(f, "compact on, after a key");
}

/* The compact panel's forms when a total is infinite or 0. */
static void test_compact_infinite_and_zero(void **state)
{
    struct fixture *f = *state;
    run(f, "view compact on");
    run(f, "preset zero-q");
    draw(f, 80, 24);
    shows(f, " KL(P||Q) = inf nats  q = 0 where p > 0  \u25C0 larger\n");
    shows(f, " KL(Q||P) = 0.693147 nats  terms 0 +0.693147 = 0.693147 "
             "\u2265 0 \u2713\n");
    run(f, "preset identical");
    draw(f, 80, 24);
    shows(f, " KL(P||Q) = 0 nats  every term is 0 \u2713\n");
    shows(f, " KL(Q||P) = 0 nats  every term is 0 \u2713\n");
}

/* The `F` pager at 80x24 says that more follows (the conclusion is
 * below the fold). */
static void test_pager_says_more(void **state)
{
    struct fixture *f = *state;
    run(f, "preset bimodal");
    KEYS(f, 'F');
    shows(f, "lines 1-22 of ");
    shows(f, "more lines");
    KEYS(f, 'G');
    assert_null(strstr(f->text.s, "more line"));
}

/* The fit's conclusion comes before its chart, so at 80x24 the `F` pager
 * shows it on the first page of a 21-entry table. */
static void test_fit_pager_conclusion_first(void **state)
{
    struct fixture *f = *state;
    run(f, "preset bimodal");
    KEYS(f, 'F');
    shows(f, "lines 1-22 of ");
    shows(f, "P has 2 modes.");
    shows(f, "sits on the mode at x5.");
    shows(f, "sets Q.");
}

/* Outside UTF-8 locales labels stay distinct: each character as its code
 * point, never a '?' per byte (which made 猫 and 犬 alike). */
static void test_labels_escaped_outside_utf8(void **state)
{
    struct fixture *f = *state;
    for (int cols = 80; cols <= 120; cols += 40) {
        draw(f, cols, 24);
        shows(f, "> <U+732B> ");
        shows(f, "  <U+72AC> ");
        shows(f, "  a<U+00E9> ");
        assert_null(strstr(f->text.s, "???"));
        for (const char *p = f->text.s; *p; p++)
            assert_true((unsigned char)*p < 0x80);
    }
}

/* `labels` rewrites the labels in place (same array, same count): the
 * label column is measured again, so a longer label is not cut. */
static void test_labels_command_widens_the_column(void **state)
{
    struct fixture *f = *state;
    draw(f, 100, 30);
    shows(f, "> a ");
    run(f, "labels alpha_long_name bb cc dd");
    draw(f, 100, 30);
    shows(f, "> alpha_long_name ");
    run(f, "undo");
    draw(f, 100, 30);
    shows(f, "> a ");
    run(f, "redo");
    draw(f, 100, 30);
    shows(f, "> alpha_long_name ");
}

static void test_too_small(void **state)
{
    struct fixture *f = *state;
    draw(f, 30, 8);
    shows(f, "klx needs a terminal of at\nleast 65x13 (this one is\n30x8)");
    assert_false(f->x.e.view.layout.fits);
}

/* The quit question keeps its question whatever the file's path: what
 * does not fit is the path, and the line says it was cut. */
static void test_quit_question_keeps_y_n(void **state)
{
    struct fixture *f = *state;
    char dir[] = "/tmp/klx-frame-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512], line_text[640];
    snprintf(path, sizeof path, "%s/a-rather-long-directory-name-for-data/"
             "measurements-of-the-week.csv", dir);
    char sub[400];
    snprintf(sub, sizeof sub, "%s/a-rather-long-directory-name-for-data",
             dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(line_text, sizeof line_text, "save %s", path);
    run(f, line_text);
    KEYS(f, KM_RIGHT, 'q');
    for (int cols = 65; cols <= 120; cols += 55) {
        draw(f, cols, 24);
        char row[1024];
        line(f, 23, row, sizeof row);
        if (!strstr(row, "Quit anyway? (y/n)"))
            fail_msg("%d columns: \"%s\"", cols, row);
        size_t len = strlen(row);
        if (layout_text_width(row) >= cols &&
            strcmp(row + len - 3, "\u2026") != 0)
            fail_msg("%d columns: cut without saying so: \"%s\"", cols, row);
    }
    KEYS(f, 'n');
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}

/* The F pager's sentences wrap at the window's width: none is cut. */
static void test_fit_pager_wraps(void **state)
{
    struct fixture *f = *state;
    run(f, "preset bimodal");
    for (int cols = 65; cols <= 80; cols += 15) {
        f->x.e.cols = cols;
        KEYS(f, 'F');
        const char *t = f->x.e.view.pager_text;
        assert_non_null(t);
        assert_non_null(strstr(t, "reverse fit"));
        for (const char *l = t; *l;) {
            size_t n = strcspn(l, "\n");
            char one[1024];
            snprintf(one, sizeof one, "%.*s", (int)n, l);
            if (layout_text_width(one) > cols)
                fail_msg("%d columns: a pager line is wider: \"%s\"", cols,
                         one);
            l += n + (l[n] == '\n');
        }
        KEYS(f, KM_ESC);
    }
}

/* Each number column of the table is in one notation: the issue's
 * 0.000002 beside 4.2e-07, or 1.2e-06 as 0.000001, never again. */
static void one_notation(struct fixture *f, int cols, int rows)
{
    draw(f, cols, rows);
    const struct layout *l = &f->x.e.view.layout;
    const struct table *t = &f->x.s.table;
    const int xs[5] = {l->pval_x, l->qval_x, l->fval_x, l->rval_x,
                       l->grad_x};
    const int ws[5] = {LAYOUT_PVAL_W, LAYOUT_PVAL_W, LAYOUT_TVAL_W,
                       LAYOUT_TVAL_W, LAYOUT_TVAL_W};
    for (int k = 0; k < (l->grad_w ? 5 : 4); k++) {
        int sci = 0, fixed = 0;
        for (size_t i = 0; i < t->n && (int)i < l->table_h; i++) {
            char c[256];
            cells(&f->f, l->table_y + (int)i, xs[k], ws[k], c, sizeof c);
            if (strchr(c, 'e'))
                sci++;
            else if (strchr(c, '.'))
                fixed++;
            /* and a fixed cell keeps two significant digits */
            const char *d = c + strspn(c, " +-");
            if (!strchr(c, 'e') && strncmp(d, "0.", 2) == 0 &&
                strspn(d + 2 + strspn(d + 2, "0"), "0123456789") < 2)
                fail_msg("%dx%d column %d: \"%s\" has one digit", cols,
                         rows, k, c);
        }
        if (sci && fixed)
            fail_msg("%dx%d: column %d mixes notations:\n%s", cols, rows, k,
                     f->text.s);
    }
}

static void test_one_number_format_per_column(void **state)
{
    struct fixture *f = *state;
    run(f, "p 0.000002 0.3 0.4 0.299998");
    run(f, "q 4.2e-7 0.0000012 0.5 0.4999984");
    one_notation(f, 80, 24);
    one_notation(f, 120, 30);
    shows(f, "4.20e-07");
    shows(f, "1.20e-06");
    /* The gradient column: dKL(P||Q)/dq_b is 1.7e-06 beside 0.476192. */
    run(f, "p 0.5 0.3 0.2 0.0000012");
    run(f, "q 0.2 0.3 0.3 0.2");
    KEYS(f, '\t', 'D');
    assert_true(f->x.e.view.grad != GRAD_OFF);
    one_notation(f, 120, 30);
    assert_true(f->x.e.view.layout.grad_w > 0);
    shows(f, "d(P||Q)/dq");
}

/* KL(Bin(n,a)||Bin(n,b)) = n KL(Ber(a)||Ber(b)), in nats. */
static double binom_kl(double n, double a, double b)
{
    return n * (a * log(a / b) + (1 - a) * log((1 - a) / (1 - b)));
}

/* The parameter line: p shows the families, Tab selects theta, Right
 * moves it by `param` (so undo takes it back) and both sums and the
 * closed forms follow; p again gives the arrows back to the values, and
 * an edit by hand forgets the family. At 80x24 and at 100x30. */
static void test_parameter_line(void **state)
{
    struct fixture *f = *state;
    static const int sizes[][2] = {{80, 24}, {100, 30}};
    for (size_t z = 0; z < 2; z++) {
        int cols = sizes[z][0], rows = sizes[z][1];
        char want[160];
        if (z) {   /* a fresh explorer: the selection starts on P's n */
            teardown(state);
            *state = f = make(true);
        }
        run(f, "p binom 10 0.3");
        run(f, "q binom 10 0.5");
        KEYS(f, 'p', '\t', KM_RIGHT);
        draw(f, cols, rows);
        shows(f, " P binom n=10 [theta=0.31]   Q binom n=10 theta=0.5");
        for (int d = 0; d < 2; d++) {
            double kl = d ? binom_kl(10, 0.5, 0.31) : binom_kl(10, 0.31, 0.5);
            snprintf(want, sizeof want, "KL(%s) = %.6f nats",
                     d ? "Q||P" : "P||Q", kl);
            shows(f, want);
            snprintf(want, sizeof want, "closed form %.6f  off by", kl);
            shows(f, want);
        }
        assert_close(f->x.c.session->table.p[0], pow(0.69, 10), 1e-12, 0);
        KEYS(f, 'u');
        draw(f, cols, rows);
        shows(f, "[theta=0.3]");
        shows(f, "closed form 0.822829");   /* the issue's reference */
        /* Tab walks P's parameters, then Q's, and comes round again */
        KEYS(f, '\t', '\t');
        draw(f, cols, rows);
        shows(f, "Q binom n=10 [theta=0.5]");
        KEYS(f, KM_LEFT);
        draw(f, cols, rows);
        snprintf(want, sizeof want, "KL(P||Q) = %.6f nats",
                 binom_kl(10, 0.3, 0.49));
        shows(f, want);
        KEYS(f, '\t');
        draw(f, cols, rows);
        shows(f, "P binom [n=10] theta=0.3");
        KEYS(f, 'p', KM_RIGHT);   /* off: Right edits the value again */
        draw(f, cols, rows);
        assert_null(strstr(f->text.s, "binom n=10"));
        assert_close(f->x.c.session->table.p[0], pow(0.7, 10) + 0.01,
                     1e-9, 0);
        KEYS(f, 'p');
        draw(f, cols, rows);
        /* the selection goes to the side that still has a family */
        shows(f, " P no family   Q binom [n=10] theta=0.49");
        shows(f, "closed form: when P and Q both come from a family");
        KEYS(f, 'p');
    }
}

/* Discretized normals: the continuous closed form and the gap of the sum
 * over the grid from it. */
static void test_parameter_line_normal(void **state)
{
    struct fixture *f = *state;
    run(f, "p normal 0 1 -5:5:0.5");
    run(f, "q normal 1 2 -5:5:0.5");
    KEYS(f, 'p');
    draw(f, 80, 24);
    shows(f, " P normal [mu=0] sigma=1   Q normal mu=1 sigma=2");
    shows(f, "continuous 0.443147  gap ");   /* the issue's reference */
    char want[64];
    double gap = f->x.c.session->div.pq.total - (log(2) + 2.0 / 8 - 0.5);
    snprintf(want, sizeof want, "gap %+.2g", gap);
    shows(f, want);
    KEYS(f, KM_RIGHT);
    draw(f, 80, 24);
    shows(f, "[mu=0.1]");
    snprintf(want, sizeof want, "continuous %.6f",
             log(2) + (1 + 0.81) / 8 - 0.5);
    shows(f, want);
}

/* The role of every cell of the last frame's chart (the plot rows and
 * the minima's marks under the axis) that shows glyph g; -1 when they
 * differ, ROLE_COUNT when none does. */
static int role_of_glyph(struct fixture *f, const char *g)
{
    int role = ROLE_COUNT;
    for (int y = 1; y < f->f.rows - 1; y++) {
        const char *axis = f->f.cells[y * f->f.cols + 11].glyph;
        const char *above = f->f.cells[(y - 1) * f->f.cols + 11].glyph;
        if (strcmp(axis, "|") != 0 && strcmp(above, "+") != 0)
            continue;
        for (int x = 12; x < f->f.cols; x++) {
            const struct frame_cell *c = &f->f.cells[y * f->f.cols + x];
            if (strcmp(c->glyph, g) != 0)
                continue;
            if (role != ROLE_COUNT && role != c->role)
                return -1;
            role = c->role;
        }
    }
    return role;
}

/* A sweep of a Gaussian Q's center over a two-mode P, in the pager at
 * 80x24. */
static void open_sweep(struct fixture *f)
{
    run(f, "p mix 0.5 (normal -2 0.6 -5:5:0.25) (normal 2 0.6 -5:5:0.25)");
    run(f, "q normal 0 1 -5:5:0.25");
    KEYS(f, ':');
    explorer_prompt_done(&f->x.e, "sweep q.mu -3 3 61");
    draw(f, 80, 24);
}

/* `sweep` in the explorer: the chart in the pager at the screen's width,
 * each curve and its minimum in the colour of its side. */
static void test_sweep_chart_colours(void **state)
{
    struct fixture *f = *state;
    open_sweep(f);
    shows(f, "min KL(P||Q) = ");
    shows(f, "min KL(Q||P) = ");
    assert_true(f->x.e.view.pager_chart);
    assert_int_equal(role_of_glyph(f, "*"), ROLE_P);
    assert_int_equal(role_of_glyph(f, "o"), ROLE_Q);
    assert_int_equal(role_of_glyph(f, "M"), ROLE_P);
    assert_int_equal(role_of_glyph(f, "m"), ROLE_Q);
    /* other pagers keep their text plain */
    KEYS(f, 'q', '?');
    assert_false(f->x.e.view.pager_chart);
}

/* C: the code column, -log2 q and the Huffman code's lengths for Q, in
 * the gradient's place (D takes it back), and the identity in words. */
static void test_code_column(void **state)
{
    struct fixture *f = *state;
    run(f, "p 0.5 0.25 0.125 0.125");
    run(f, "q 0.125 0.125 0.25 0.5");
    static const int sizes[][2] = {{80, 24}, {100, 30}};
    for (size_t z = 0; z < 2; z++) {
        KEYS(f, 'C');
        draw(f, sizes[z][0], sizes[z][1]);
        shows(f, "-log2q Huf");
        /* dyadic Q: Huffman's lengths are the ideal ones */
        static const char *const cells[] = {"3.000   3", "3.000   3",
                                            "2.000   2", "1.000   1"};
        for (int i = 0; i < 4; i++) {
            char got[LINE_BYTES];
            line(f, 2 + i, got, sizeof got);
            size_t len = strlen(got);
            if (len < 9 || strcmp(got + len - 9, cells[i]) != 0)
                fail_msg("row %d ends \"%s\", not \"%s\"", i, got,
                         cells[i]);
        }
        KEYS(f, 'D');   /* the gradient takes the column back */
        draw(f, sizes[z][0], sizes[z][1]);
        assert_null(strstr(f->text.s, "-log2q Huf"));
        assert_false(f->x.e.view.code);
        KEYS(f, 'D', 'D');
    }
    KEYS(f, 'C');
    assert_int_equal(f->x.e.view.grad, GRAD_OFF);
    if (!strstr(f->x.e.view.message, "E_P[-log2 q] = H(P) + KL(P||Q) = "
                                     "1.750000 + 0.875000 bits"))
        fail_msg("message: %s", f->x.e.view.message);
    /* an edit builds the code again */
    run(f, "q 0.25 0.25 0.25 0.25");
    KEYS(f, KM_CTRL('l'));
    draw(f, 80, 24);
    shows(f, "2.000   2");
    assert_null(strstr(f->text.s, "3.000   3"));
}

/* pin: the pinned KL of each direction above its half of the panel with
 * the change since, and which entries moved; unpin takes it away. */
static void test_pin_region(void **state)
{
    struct fixture *f = *state;
    run(f, "pin");
    KEYS(f, KM_RIGHT);   /* a: 0.1 -> 0.11 */
    draw(f, 80, 24);
    char want[128];
    assert_true(fabs(f->x.c.pin.pq - 0.126851) < 5e-7);   /* the seed's */
    for (int d = 0; d < 2; d++) {
        const struct session *s = f->x.c.session;
        double now = d ? s->div.qp.total : s->div.pq.total;
        double then = d ? f->x.c.pin.qp : f->x.c.pin.pq;
        snprintf(want, sizeof want, " pinned %.6f, now %+.6f", then,
                 now - then);
        shows(f, want);
    }
    shows(f, " since the pin 4 of 4 entries changed; most a: p 0.100000 "
             "-> 0.110000");
    run(f, "unpin");
    KEYS(f, KM_CTRL('l'));
    draw(f, 80, 24);
    assert_null(strstr(f->text.s, "pinned"));
}

/* A live run: each row's count in the column after the terms, the
 * numbers, the band and the counts under the table. */
static void test_live_region(void **state)
{
    struct fixture *f = *state;
    KEYS(f, 'S');
    for (int k = 0; k < 20; k++)
        explorer_tick(&f->x.e);
    draw(f, 80, 24);
    const struct live *l = &f->x.e.view.live;
    line_is(f, 1, "  entry  P  0..0.5     Q  0..0.5    P||Q p\u00B7ln(p/q)  "
                  "Q||P q\u00B7ln(q/p)        drawn");
    char want[128], got[LINE_BYTES];
    for (int i = 0; i < 4; i++) {
        snprintf(want, sizeof want, " %llu",
                 (unsigned long long)l->counts[i]);
        line(f, 2 + i, got, sizeof got);
        size_t n = strlen(got), w = strlen(want);
        if (n < w || strcmp(got + n - w, want) != 0)
            fail_msg("row %d \"%s\" does not end in \"%s\"", i, got, want);
    }
    snprintf(want, sizeof want, " live, seed 1: %llu draws from P  mean "
             "log(p/q) %.6f \u00B1 %.6f (2 SE)",
             (unsigned long long)l->draws, live_mean(l), 2 * live_se(l));
    shows(f, want);
    shows(f, "KL(P||Q) 0.126851 within \u2713");
    snprintf(want, sizeof want, " counts:  a %llu  b %llu",
             (unsigned long long)l->counts[0],
             (unsigned long long)l->counts[1]);
    shows(f, want);
    KEYS(f, 'S');
    draw(f, 80, 24);
    assert_null(strstr(f->text.s, "drawn"));
    assert_null(strstr(f->text.s, "live, seed"));
}

/* ---- the explorer in Chinese ---- */

/* The zh_CN catalog in force (the build tree's), as LANG=zh_CN.UTF-8
 * gives it; the teardown goes back to English for the tests after. */
static int setup_chinese(void **state)
{
    struct error err;
    if (!i18n_init("zh_CN", &err) || strcmp(i18n_language(), "zh_CN") != 0)
        return -1;
    *state = make(true);
    return 0;
}

static int teardown_chinese(void **state)
{
    struct error err;
    i18n_init("en", &err);
    return teardown(state);
}

/* Every row of the last frame fits in cols columns and is whole UTF-8:
 * no character cut in two, none spilling past the edge. */
static void rows_fit(struct fixture *f, int cols)
{
    const char *p = f->text.s;
    for (int y = 0; *p; y++) {
        size_t len = strcspn(p, "\n");
        char row[2048];
        snprintf(row, sizeof row, "%.*s", (int)len, p);
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t k = utf8_scan(row + i, len - i, &cp);
            if (k == 0)
                fail_msg("row %d has broken UTF-8 at byte %zu: \"%s\"", y, i,
                         row);
            i += k;
        }
        if (utf8_width(row) > cols)
            fail_msg("row %d is %d columns wide, more than %d: \"%s\"", y,
                     utf8_width(row), cols, row);
        p += len + (p[len] == '\n');
    }
}

/* The role of the first cell after the margin on the row that shows
 * text; -1 when no row does. */
static int role_of_row_with(struct fixture *f, const char *text)
{
    char buf[1024];
    for (int y = 0; y < f->f.rows; y++)
        if (strstr(line(f, y, buf, sizeof buf), text))
            return (int)f->f.cells[y * f->f.cols + 1].role;
    return -1;
}

/* The sweep chart's minima keep their sides' colours in Chinese, where
 * the line no longer starts with "min". */
static void test_sweep_minima_coloured_in_chinese(void **state)
{
    struct fixture *f = *state;
    open_sweep(f);
    assert_null(strstr(f->text.s, "min KL"));
    /* 最小 KL(P||Q), 最小 KL(Q||P) */
    assert_int_equal(role_of_row_with(f, "\u6700\u5C0F KL(P||Q) = "), ROLE_P);
    assert_int_equal(role_of_row_with(f, "\u6700\u5C0F KL(Q||P) = "), ROLE_Q);
}

/* The joint view marks an infinite reverse KL in the infinite colour,
 * found by its formula, so in every language. */
static void test_joint_reverse_inf_in_chinese(void **state)
{
    struct fixture *f = *state;
    run(f, JOINT_4X4);
    KEYS(f, 'J');
    draw(f, 80, 24);
    assert_int_equal(role_of_row_with(f, "KL(P_X P_Y||P_XY) = inf"),
                     ROLE_INF);
    assert_null(strstr(f->text.s, "reverse:"));
}

static void test_chinese_main_frame(void **state)
{
    struct fixture *f = *state;
    for (int cols = 80; cols <= 120; cols += 40) {
        draw(f, cols, 24);
        rows_fit(f, cols);
        /* 底 编辑 步长 鼠标 */
        line_is(f, 0, " klx  n=4  \u5E95 e (nats)  \u7F16\u8F91 P  "
                      "\u6B65\u957F 0.01  \u9F20\u6807");
        shows(f, "  \u6761\u76EE  P ");                      /* 条目 */
        shows(f, "\u8D1F\u9879 (2)");                        /* 负项 */
        shows(f, "0.126851 \u2265 0 \u2713");  /* numbers with '.' */
        shows(f, "? \u5E2E\u52A9  q \u9000\u51FA");          /* ? 帮助 q 退出 */
        assert_null(strstr(f->text.s, "negative terms"));
    }
    /* too small: the message wraps between characters, how to quit
     * stays whole */
    for (int cols = 12; cols <= 40; cols++) {
        draw(f, cols, 8);
        rows_fit(f, cols);
        char joined[2048];
        size_t n = 0;
        for (const char *p = f->text.s; *p && n + 1 < sizeof joined; p++)
            if (*p != '\n' && *p != ' ')
                joined[n++] = *p;
        joined[n] = '\0';
        if (!strstr(joined, "q\u9000\u51FA\u3002"))      /* q退出。 */
            fail_msg("%d columns: how to quit is not whole:\n%s", cols,
                     f->text.s);
    }
    draw(f, 80, 24);   /* the keys below need a screen that fits */
    /* a message and the quit question, at 80 columns and at 65 */
    KEYS(f, KM_RIGHT, 'q');
    for (int cols = 65; cols <= 80; cols += 15) {
        draw(f, cols, 24);
        rows_fit(f, cols);
        /* 仍要退出吗？ */
        shows(f, "\u4ECD\u8981\u9000\u51FA\u5417\uFF1F(y/n)");
    }
    KEYS(f, 'n');
}

/* The status line at any width: whole items, by priority, never wider
 * than the screen (a Chinese item is two columns a character). */
static void test_chinese_status_line(void **state)
{
    (void)state;
    char out[512];
    for (int cols = 20; cols <= 140; cols++) {
        keymap_status(KEYMAP_NO_TOUR, "\u2190\u2192", cols, out, sizeof out);
        if (utf8_width(out) > cols)
            fail_msg("%d columns: \"%s\" is wider", cols, out);
        /* the first items, by priority, are always there */
        assert_non_null(strstr(out, "? \u5E2E\u52A9"));
        assert_non_null(strstr(out, "q \u9000\u51FA"));
        assert_null(strstr(out, "\u2026"));
        keymap_status(KEYMAP_TOUR, "\u2190\u2192", cols, out, sizeof out);
        assert_true(utf8_width(out) <= cols);
        if (cols >= 60)
            assert_non_null(strstr(out, "Esc \u7ED3\u675F\u5BFC\u89C8"));
        keymap_status_joint("\u2190\u2192", cols, out, sizeof out);
        assert_true(utf8_width(out) <= cols);
    }
    keymap_status(KEYMAP_NO_TOUR, "\u2190\u2192", 80, out, sizeof out);
    assert_string_equal(out, " \u2190\u2192 \u503C  Tab P/Q  B \u5E95  "
                        "u \u64A4\u9500  t \u5BFC\u89C8  m \u5EA6\u91CF  "
                        "D \u68AF\u5EA6  : \u547D\u4EE4  ? \u5E2E\u52A9  "
                        "q \u9000\u51FA");
}

/* A punctuation mark a Chinese line may not start with. */
static bool closing_mark(const char *s)
{
    static const char *const marks[] = {
        "\uFF0C", "\u3002", "\uFF1A", "\uFF1B", "\uFF09", "\uFF01",
        "\uFF1F", "\u3001",
    };
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strncmp(s, marks[i], strlen(marks[i])) == 0)
            return true;
    return false;
}

/* The help screen in Chinese: its paragraphs wrapped at 80 columns
 * between characters, no line starting with a closing mark or ending
 * with an opening one; on screen every row fits. */
static void test_chinese_help_screen(void **state)
{
    struct fixture *f = *state;
    KEYS(f, '?');
    line_is(f, 0, " klx \u5E2E\u52A9  (Esc \u6216 q \u5173\u95ED)");
    shows(f, "\u6309\u952E");                               /* 按键 */
    shows(f, "  Tab                \u5728\u7F16\u8F91 P \u548C Q "
             "\u4E4B\u95F4\u5207\u6362  :edit other");
    for (int cols = 80; cols <= 120; cols += 40) {
        draw(f, cols, 24);
        rows_fit(f, cols);
    }
    struct buf b;
    buf_init(&b);
    keymap_help_screen(&b);
    /* 如何看屏幕 */
    const char *prose = strstr(b.s, "\u5982\u4F55\u770B\u5C4F\u5E55");
    assert_non_null(prose);
    int lines = 0;
    for (const char *p = prose; *p; lines++) {
        size_t len = strcspn(p, "\n");
        char row[1024];
        snprintf(row, sizeof row, "%.*s", (int)len, p);
        if (utf8_width(row) > 80)
            fail_msg("help line wider than 80: \"%s\"", row);
        const char *text = row + strspn(row, " ");
        if (closing_mark(text))
            fail_msg("help line starts with a closing mark: \"%s\"", row);
        if (len >= 3 && strcmp(row + len - 3, "\uFF08") == 0)
            fail_msg("help line ends with an opening mark: \"%s\"", row);
        p += len + (p[len] == '\n');
    }
    assert_true(lines > 10);
    buf_free(&b);
}

/* Back in English after Chinese: the same frame as ever. */
static void test_english_after_chinese(void **state)
{
    struct fixture *f = *state;
    struct error err;
    assert_true(i18n_init("zh_CN", &err));
    draw(f, 80, 18);
    assert_null(strstr(f->text.s, "negative terms"));
    assert_true(i18n_init("en", &err));
    assert_string_equal(draw(f, 80, 18), readme_frame);
    KEYS(f, '?');
    line_is(f, 0, " klx help  (Esc or q closes)");
}

int main(void)
{
    /* Glyph widths come from the locale, as on a terminal. */
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_readme_picture,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_chinese_main_frame,
                                        setup_chinese, teardown_chinese),
        cmocka_unit_test_setup_teardown(test_sweep_minima_coloured_in_chinese,
                                        setup_chinese, teardown_chinese),
        cmocka_unit_test_setup_teardown(test_joint_reverse_inf_in_chinese,
                                        setup_chinese, teardown_chinese),
        cmocka_unit_test_setup_teardown(test_chinese_status_line,
                                        setup_chinese, teardown_chinese),
        cmocka_unit_test_setup_teardown(test_chinese_help_screen,
                                        setup_chinese, teardown_chinese),
        cmocka_unit_test_setup_teardown(test_english_after_chinese,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_ascii_frame, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_keys_to_frame, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_too_small, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_equal_values_equal_bars,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_equal_values_equal_bars,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_scale_headings_whole,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_counts_and_sums_apart,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_cut_text_ends_in_ellipsis,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_too_small_says_q,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_lesson_titles_leave_the_keys,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_presets_show_every_row,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_lessons_show_every_row,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_compact_key, setup_unicode,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_compact_infinite_and_zero,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_lesson_text_on_t,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_pager_says_more, setup_unicode,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fit_pager_conclusion_first,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_labels_escaped_outside_utf8,
                                        setup_c_locale, teardown),
        cmocka_unit_test_setup_teardown(test_labels_command_widens_the_column,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_one_number_format_per_column,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_quit_question_keeps_y_n,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_joint_view_ascii_80x24,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_joint_view_unicode_120x40,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_joint_view_edit_updates_i,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_joint_view_fits_and_scrolls,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_long_heading_whole_characters,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_lesson_says_lesson, setup_ascii,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_joint_view_keeps_the_caption,
                                        setup_ascii, teardown),
        cmocka_unit_test_setup_teardown(test_fit_pager_wraps,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_parameter_line, setup_unicode,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_parameter_line_normal,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_chart_colours,
                                        setup_unicode, teardown),
        cmocka_unit_test_setup_teardown(test_code_column, setup_unicode,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pin_region, setup_unicode,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_live_region, setup_unicode,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
