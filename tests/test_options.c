/* Unit tests for core/options: every flag, --opt=value, missing values,
 * conflicts, unknown options, FILE. */
#include "test_util.h"

#include "core/options.h"

#define MAXARGS 16

/* Parses a NULL-terminated list of arguments after "klx". */
static bool parse_args(struct options *o, struct error *err, ...)
{
    char *argv[MAXARGS + 2];
    int argc = 0;
    argv[argc++] = (char[]){"klx"};
    va_list ap;
    va_start(ap, err);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL;)
        if (argc <= MAXARGS)
            argv[argc++] = (char *)(uintptr_t)a;
    va_end(ap);
    argv[argc] = NULL;
    err->msg[0] = '\0';
    return options_parse(argc, argv, o, err);
}

static void expect_fail(const char *msg, struct options *o,
                        struct error *err, bool ok)
{
    if (ok)
        fail_msg("accepted; expected \"%s\"", msg);
    if (strncmp(err->msg, msg, strlen(msg)) != 0)
        fail_msg("message\n  \"%s\"\ndoes not start with\n  \"%s\"",
                 err->msg, msg);
    (void)o;
}

#define FAILS(msg, ...)                                                   \
    do {                                                                  \
        struct options o_;                                                \
        struct error e_;                                                  \
        bool ok_ = parse_args(&o_, &e_, __VA_ARGS__, (const char *)NULL); \
        expect_fail((msg), &o_, &e_, ok_);                                \
    } while (0)

static void test_defaults(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    memset(&o, 0x5A, sizeof o);
    assert_true(parse_args(&o, &err, (const char *)NULL));
    assert_int_equal(o.mode, MODE_AUTO);
    assert_null(o.p_text);
    assert_null(o.q_text);
    assert_null(o.file);
    assert_false(o.has_base);
    assert_int_equal(o.width, 0);
    assert_false(o.unicode || o.keep_going || o.ascii || o.no_mouse ||
                 o.high_contrast || o.no_confirm);
    assert_false(o.has_top);
    assert_int_equal(o.top, 0);
}

static void test_top(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "--report", "--top", "5",
                           (const char *)NULL));
    assert_true(o.has_top);
    assert_int_equal(o.top, 5);
    assert_true(parse_args(&o, &err, "--json", "--top=all",
                           (const char *)NULL));
    assert_true(o.has_top);
    assert_int_equal(o.top, 0);
    assert_true(parse_args(&o, &err, "--top", "0", "f.csv",
                           (const char *)NULL));
    assert_true(o.has_top);
    assert_int_equal(o.top, 0);
    assert_string_equal(o.file, "f.csv");
    FAILS("option --top needs a value", "--top");
    FAILS("--top wants a number of entries (0 or all: every entry), not "
          "'-1'", "--top", "-1");
    FAILS("--top wants a number of entries", "--top=five");
    FAILS("--top wants a number of entries", "--top=5x");
    FAILS("--top wants a number of entries", "--top=");
    FAILS("--top wants a number of entries", "--top", "99999999999");
}

static void test_values_short_long_equals(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "-p", "0.1 0.2", "-q", "1,2", "-b",
                           "2", "-w", "100", (const char *)NULL));
    assert_string_equal(o.p_text, "0.1 0.2");
    assert_string_equal(o.q_text, "1,2");
    assert_true(o.has_base);
    assert_int_equal(o.base, BASE_2);
    assert_int_equal(o.width, 100);
    assert_true(parse_args(&o, &err, "--p=0.5 0.5", "--q", "1 3",
                           "--base=bans", "--width=1000",
                           (const char *)NULL));
    assert_string_equal(o.p_text, "0.5 0.5");
    assert_string_equal(o.q_text, "1 3");
    assert_int_equal(o.base, BASE_10);
    assert_int_equal(o.width, 1000);
    assert_true(parse_args(&o, &err, "--base", "nats", "--width", "40",
                           (const char *)NULL));
    assert_int_equal(o.base, BASE_E);
    assert_int_equal(o.width, 40);
    /* a value may look like an option */
    assert_true(parse_args(&o, &err, "-p", "-1", (const char *)NULL));
    assert_string_equal(o.p_text, "-1");
    assert_true(parse_args(&o, &err, "--p=", (const char *)NULL));
    assert_string_equal(o.p_text, "");
}

static void test_flags_and_modes(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "--unicode", "--keep-going", "--ascii",
                           "--no-mouse", "--high-contrast", "--no-confirm",
                           "--tour", (const char *)NULL));
    assert_true(o.unicode && o.keep_going && o.ascii && o.no_mouse &&
                o.high_contrast && o.no_confirm && o.tour);
    assert_int_equal(o.mode, MODE_AUTO);
    static const struct {
        const char *flag;
        enum mode mode;
    } modes[] = {
        {"--tui", MODE_TUI},       {"--repl", MODE_REPL},
        {"--report", MODE_REPORT}, {"--json", MODE_JSON},
        {"--help", MODE_HELP},     {"-h", MODE_HELP},
        {"--version", MODE_VERSION}, {"-V", MODE_VERSION},
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        assert_true(parse_args(&o, &err, modes[i].flag, (const char *)NULL));
        assert_int_equal(o.mode, modes[i].mode);
    }
    /* the same mode twice is fine */
    assert_true(parse_args(&o, &err, "--json", "--json", (const char *)NULL));
    assert_int_equal(o.mode, MODE_JSON);
    /* --help wins even before a later error */
    assert_true(parse_args(&o, &err, "--help", "--bogus", (const char *)NULL));
    assert_int_equal(o.mode, MODE_HELP);
    assert_true(parse_args(&o, &err, "--repl", "-V", (const char *)NULL));
    assert_int_equal(o.mode, MODE_VERSION);
}

static void test_files(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "data.csv", "--report",
                           (const char *)NULL));
    assert_string_equal(o.file, "data.csv");
    assert_int_equal(o.mode, MODE_REPORT);
    assert_true(parse_args(&o, &err, "-", (const char *)NULL));
    assert_string_equal(o.file, "-");
    assert_true(parse_args(&o, &err, "--", "--odd-name.csv",
                           (const char *)NULL));
    assert_string_equal(o.file, "--odd-name.csv");
    assert_true(parse_args(&o, &err, "--json", "--", "-p",
                           (const char *)NULL));
    assert_string_equal(o.file, "-p");
    assert_null(o.p_text);
}

/* --light and --dark choose the explorer's colours; without either the
 * explorer asks COLORFGBG. Both is a mistake. */
static void test_background(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "--tui", (const char *)NULL));
    assert_int_equal(o.background, OPTIONS_BG_AUTO);
    assert_true(parse_args(&o, &err, "--light", (const char *)NULL));
    assert_int_equal(o.background, OPTIONS_BG_LIGHT);
    assert_true(parse_args(&o, &err, "--dark", "--high-contrast",
                           (const char *)NULL));
    assert_int_equal(o.background, OPTIONS_BG_DARK);
    assert_true(o.high_contrast);
    assert_true(parse_args(&o, &err, "--light", "--light",
                           (const char *)NULL));
    FAILS("--light and --dark contradict each other", "--light", "--dark");
    FAILS("unknown option '--light=1'", "--light=1");
    assert_contains(options_usage(), "--light, --dark");
    assert_contains(options_usage(), "COLORFGBG");
    assert_contains(options_usage(), "4.5:1");
}

static void test_errors(void **state)
{
    (void)state;
    FAILS("option -p needs a value (see klx --help)", "-p");
    FAILS("option --q needs a value", "-p", "1", "--q");
    FAILS("option --base needs a value", "--base");
    FAILS("option -w needs a value", "-w");
    FAILS("--width wants a number of columns from 40 to 1000, not '30'",
          "--width=30");
    FAILS("--width wants a number of columns from 40 to 1000, not '1001'",
          "-w", "1001");
    FAILS("--width wants a number of columns from 40 to 1000, not 'abc'",
          "--width", "abc");
    FAILS("--width wants a number of columns from 40 to 1000, not '80x'",
          "-w", "80x");
    FAILS("--width wants a number of columns from 40 to 1000, not ''",
          "--width=");
    FAILS("unknown base '7' (use e, 2 or 10; or nats, bits, bans)",
          "--base=7");
    FAILS("unknown base 'E'", "-b", "E");
    FAILS("--json conflicts with an earlier mode option", "--repl",
          "--json");
    FAILS("--tui conflicts with an earlier mode option", "--report",
          "--tui");
    FAILS("unknown option '--frob' (see klx --help)", "--frob");
    FAILS("unknown option '-x'", "-x");
    FAILS("unknown option '--pfoo'", "--pfoo");
    FAILS("unknown option '-px'", "-px");
    FAILS("unknown option '--json=1'", "--json=1");
    FAILS("unknown option '---'", "---");
    FAILS("one FILE at most ('a.csv' and 'b.csv')", "a.csv", "b.csv");
    FAILS("give one of FILE, -p/-q or --preset", "a.csv", "-p", "1 2");
    FAILS("give one of FILE, -p/-q or --preset", "-q", "1 2", "a.csv");
}

/* --lesson starts a lesson in the explorer or the REPL; --check-lesson
 * goes alone. */
static void test_lesson_options(void **state)
{
    (void)state;
    struct options o;
    struct error err;
    assert_true(parse_args(&o, &err, "--lesson", "x.md", "--repl",
                           (const char *)NULL));
    assert_string_equal(o.lesson, "x.md");
    assert_true(parse_args(&o, &err, "--check-lesson=y.md",
                           (const char *)NULL));
    assert_string_equal(o.check_lesson, "y.md");
    assert_null(o.lesson);
    FAILS("--lesson goes with the explorer or --repl", "--lesson", "x",
          "--report");
    FAILS("give one of --tour and --lesson", "--lesson", "x", "--tour");
    FAILS("--check-lesson goes alone", "--check-lesson", "x", "--repl");
    FAILS("--check-lesson goes alone", "--check-lesson", "x", "--lesson",
          "y");
    FAILS("option --lesson needs a value", "--lesson");
}

static void test_usage(void **state)
{
    (void)state;
    const char *u = options_usage();
    assert_starts_with(u, "usage: klx [OPTIONS] [FILE]\n");
    const char *flags[] = {"--report", "--json", "--repl", "--base",
                           "--width", "--unicode", "--keep-going", "--help",
                           "--version", "-p", "-q", "--top", "--lesson FILE",
                           "--check-lesson FILE"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        assert_contains(u, flags[i]);
    assert_contains(u, "0*log(0/q) = 0");
    /* an 80-column terminal shows it without wrapping */
    for (const char *l = u; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len > 79)
            fail_msg("usage line longer than 79: %.*s", (int)len, l);
        l += len + (nl ? 1 : 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_top),
        cmocka_unit_test(test_values_short_long_equals),
        cmocka_unit_test(test_flags_and_modes),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_background),
        cmocka_unit_test(test_lesson_options),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
