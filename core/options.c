#include "options.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

/* --help, a section a message (each is translated on its own; a blank
 * line goes between them). */
static const char *const usage_sections[] = {
    N_("usage: klx [OPTIONS] [FILE]\n"),
    N_("klx shows the Kullback-Leibler divergence of two discrete distributions\n"
       "P and Q both ways, KL(P||Q) and KL(Q||P), with the per-term contributions\n"
       "p*log(p/q), so you can see that KL is asymmetric and never negative even\n"
       "though single terms can be. Without data it starts on a built-in example:\n"
       "P = [0.1 0.2 0.3 0.4], Q = [0.2 0.3 0.3 0.2].\n"),
    N_("Input:\n"
       "  FILE                 a table: CSV, TSV or whitespace columns label,p,q\n"
       "                       (header optional; without one, 3 columns are\n"
       "                       label,p,q, 2 are p,q, 1 is P with Q uniform).\n"
       "                       - reads standard input; the explorer then takes\n"
       "                       keys from the terminal (/dev/tty), so\n"
       "                       `cat x.csv | klx -` opens it\n"
       "  -p, --p VALUES       P as a list: \"0.1 0.2 0.7\" or \"1,2,7\", or a\n"
       "                       family: \"binom 10 0.3\", \"poisson 3\", \"geom 0.3\",\n"
       "                       \"normal 0 1 -5:5:0.5\", \"zipf 1.1 20\", \"uniform 6\",\n"
       "                       \"mix 0.5 (normal -2 1 -6:6:1) (normal 2 1 -6:6:1)\"\n"
       "  -q, --q VALUES       Q likewise (either alone: the other is uniform)\n"
       "      --preset NAME    start on an example pair (seed, bimodal, coin, ...;\n"
       "                       the REPL's `presets` lists them)\n"),
    N_("Modes (default: the explorer when standard output is a terminal and\n"
       "standard input is one too or is the table (-), else --report):\n"
       "      --tui            the full-screen explorer\n"
       "      --repl           the command line; reads a script from stdin when\n"
       "                       it is not a terminal (no prompt, output only)\n"
       "      --report         print the report and exit\n"
       "      --json           print the results as JSON and exit\n"
       "      --tour           start the guided tour (explorer or REPL)\n"
       "      --lesson FILE    start a lesson file (or a name `lessons` lists)\n"
       "      --check-lesson FILE  list a lesson's problems; exit 1 on any\n"),
    N_("Options:\n"
       "  -b, --base B         log base: e (nats, default), 2 (bits), 10 (bans)\n"
       "  -w, --width N        report width in columns (default $COLUMNS or 80);\n"
       "                       prose wraps at it; table rows that cannot be\n"
       "                       that narrow are cut and end in '...' (an\n"
       "                       ellipsis with --unicode)\n"
       "      --unicode        Unicode block bars in the report (default ASCII)\n"
       "      --top K          report and JSON: list only the K entries with the\n"
       "                       largest |term|, largest first (all or 0: every\n"
       "                       entry). A report to a terminal lists the top 20\n"
       "                       when there are more than 200 entries. The\n"
       "                       explorer opens its sorted view (key o) instead\n"
       "      --keep-going     scripts: continue after a failing command\n"
       "      --ascii          explorer: ASCII bars and glyphs only\n"
       "      --no-mouse       explorer: leave the mouse to the terminal\n"
       "      --high-contrast  explorer: a projector theme on a background of\n"
       "                       its own (black, or white with --light), every\n"
       "                       colour at a contrast of 4.5:1 or more\n"
       "      --light, --dark  explorer: colours for a light or dark terminal\n"
       "                       (default: from $COLORFGBG when it is set, else\n"
       "                       dark)\n"
       "      --no-confirm     explorer: quit without asking about unsaved edits\n"
       "      --lang LANG      messages in English (en) or Simplified Chinese\n"
       "                       (zh_CN); default: the locale (LANGUAGE, LC_ALL,\n"
       "                       LC_MESSAGES, LANG). Numbers always use '.'\n"
       "  -h, --help           this text\n"
       "  -V, --version        the version\n"),
    N_("Conventions:\n"
       "  Inputs may be probabilities, weights or counts; each distribution is\n"
       "  normalized to sum 1 (klx says when that changed anything). Negative,\n"
       "  NaN or infinite values are errors. Numbers use '.' as the decimal point\n"
       "  in every locale. 0*log(0/q) = 0. p > 0 where q = 0 makes KL(P||Q)\n"
       "  infinite, and klx names the entries that do it.\n"),
    N_("Exit status: 0 success, 1 bad data or a failed command (or output that\n"
       "cannot be written), 2 bad usage; SIGTERM, SIGHUP, SIGQUIT: the terminal\n"
       "is restored, then klx ends by that signal (128 + its number in a shell).\n"
       "In the REPL, `help` lists the commands. In the explorer, ? lists every\n"
       "key with the command it runs; those commands can be typed after ':'.\n"),
};

const char *options_usage(void)
{
    static struct buf text;   /* kept: the text of the language in force */
    if (!text.s)
        buf_init(&text);
    buf_reset(&text);
    for (size_t k = 0; k < sizeof usage_sections / sizeof *usage_sections;
         k++)
        buf_printf(&text, "%s%s", k ? "\n" : "", _(usage_sections[k]));
    return text.s;
}

/* Matches "--name", "--name=value" or, for short options, "-x". On a match
 * that takes a value, *value points at it (from "=..." or the next arg). */
static bool match(const char *arg, const char *lng, char shrt,
                  bool takes_value, int argc, char *const *argv, int *i,
                  const char **value, struct error *err, bool *failed)
{
    size_t n = strlen(lng);
    bool long_hit = strncmp(arg, "--", 2) == 0 &&
                    strncmp(arg + 2, lng, n) == 0 &&
                    (arg[2 + n] == '\0' || (takes_value && arg[2 + n] == '='));
    bool short_hit = shrt && arg[0] == '-' && arg[1] == shrt && arg[2] == 0;
    if (!long_hit && !short_hit)
        return false;
    if (!takes_value)
        return true;
    if (long_hit && arg[2 + n] == '=') {
        *value = arg + 3 + n;
        return true;
    }
    if (*i + 1 >= argc) {
        *failed = true;
        error_set(err, _("option %s needs a value (see klx --help)"), arg);
        return true;
    }
    *value = argv[++*i];
    return true;
}

static bool parse_width(const char *v, int *out, struct error *err)
{
    char *end;
    long w = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || w < 40 || w > 1000)
        return error_set(err, _("--width wants a number of columns from 40 "
                            "to 1000, not '%s'"), v);
    *out = (int)w;
    return true;
}

static bool parse_top(const char *v, size_t *out, struct error *err)
{
    if (strcmp(v, "all") == 0) {
        *out = 0;
        return true;
    }
    char *end;
    unsigned long long k = strtoull(v, &end, 10);
    if (*v < '0' || *v > '9' || *end != '\0' || k > 1000000000ULL)
        return error_set(err, _("--top wants a number of entries (0 or all: "
                            "every entry), not '%s'"), v);
    *out = (size_t)k;
    return true;
}

/* The options without a value: each sets a flag, the mode or the
 * terminal's background. */
enum switch_kind { SWITCH_FLAG, SWITCH_MODE, SWITCH_BACKGROUND };

static const struct {
    const char *name;
    char shrt;
    enum switch_kind kind;
    int value;          /* the mode or the background it chooses */
    bool alone;         /* a mode that no other mode option may contradict
                           (--help and --version win over the others) */
    size_t flag;        /* SWITCH_FLAG: offsetof the bool it sets */
} switches[] = {
    {"tui", 0, SWITCH_MODE, MODE_TUI, true, 0},
    {"repl", 0, SWITCH_MODE, MODE_REPL, true, 0},
    {"report", 0, SWITCH_MODE, MODE_REPORT, true, 0},
    {"json", 0, SWITCH_MODE, MODE_JSON, true, 0},
    {"help", 'h', SWITCH_MODE, MODE_HELP, false, 0},
    {"version", 'V', SWITCH_MODE, MODE_VERSION, false, 0},
    {"light", 0, SWITCH_BACKGROUND, OPTIONS_BG_LIGHT, true, 0},
    {"dark", 0, SWITCH_BACKGROUND, OPTIONS_BG_DARK, true, 0},
#define FLAG(name, field) {name, 0, SWITCH_FLAG, 0, false,                 \
                           offsetof(struct options, field)}
    FLAG("unicode", unicode),
    FLAG("tour", tour),
    FLAG("keep-going", keep_going),
    FLAG("ascii", ascii),
    FLAG("no-mouse", no_mouse),
    FLAG("high-contrast", high_contrast),
    FLAG("no-confirm", no_confirm),
#undef FLAG
};
enum { N_SWITCHES = sizeof switches / sizeof switches[0] };

/* The row of `switches` that arg names, or N_SWITCHES. */
static size_t switch_find(const char *arg)
{
    for (size_t k = 0; k < N_SWITCHES; k++)
        if (match(arg, switches[k].name, switches[k].shrt, false, 0, NULL,
                  NULL, NULL, NULL, NULL))
            return k;
    return N_SWITCHES;
}

/* Applies switch k, which arg named. */
static bool set_switch(struct options *o, size_t k, const char *arg,
                       struct error *err)
{
    int v = switches[k].value;
    switch (switches[k].kind) {
    case SWITCH_FLAG:
        *(bool *)((char *)o + switches[k].flag) = true;
        return true;
    case SWITCH_MODE:
        if (switches[k].alone && o->mode != MODE_AUTO && (int)o->mode != v)
            return error_set(err, _("%s conflicts with an earlier mode "
                                "option"), arg);
        o->mode = (enum mode)v;
        return true;
    case SWITCH_BACKGROUND:
        if (o->background != OPTIONS_BG_AUTO && (int)o->background != v)
            return error_set(err, _("--light and --dark contradict each "
                                "other: give one"));
        o->background = (enum options_bg)v;
        return true;
    }
    return true;
}

bool options_parse(int argc, char *const *argv, struct options *o,
                   struct error *err)
{
    memset(o, 0, sizeof *o);
    o->mode = MODE_AUTO;
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        bool failed = false;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->file)
                return error_set(err, _("one FILE at most ('%s' and '%s')"),
                                 o->file, a);
            o->file = a;
            continue;
        }
#define OPT(lng, shrt, val) \
    match(a, lng, shrt, val, argc, argv, &i, &v, err, &failed)
        if (strcmp(a, "--") == 0) {
            only_files = true;
        } else if (OPT("p", 'p', true)) {
            o->p_text = v;
        } else if (OPT("q", 'q', true)) {
            o->q_text = v;
        } else if (OPT("preset", 0, true)) {
            o->preset = v;
        } else if (OPT("lesson", 0, true)) {
            o->lesson = v;
        } else if (OPT("check-lesson", 0, true)) {
            o->check_lesson = v;
        } else if (OPT("lang", 0, true)) {
            /* main chose the language before parsing (options_lang) */
        } else if (OPT("base", 'b', true)) {
            if (!failed && !log_base_parse(v, &o->base))
                return error_set(err, _("unknown base '%s' (use e, 2 or 10; "
                                    "or nats, bits, bans)"), v);
            o->has_base = true;
        } else if (OPT("width", 'w', true)) {
            if (!failed && !parse_width(v, &o->width, err))
                return false;
        } else if (OPT("top", 0, true)) {
            if (!failed && !parse_top(v, &o->top, err))
                return false;
            o->has_top = true;
        } else if (switch_find(a) == N_SWITCHES) {
            return error_set(err, _("unknown option '%s' (see klx --help)"),
                             a);
        } else if (!set_switch(o, switch_find(a), a, err)) {
            return false;
        }
#undef OPT
        if (failed)
            return false;
        if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
            return true;
    }
    if (o->tour && (o->mode == MODE_REPORT || o->mode == MODE_JSON))
        return error_set(err, _("--tour goes with the explorer or --repl"));
    if (o->lesson && (o->mode == MODE_REPORT || o->mode == MODE_JSON))
        return error_set(err, _("--lesson goes with the explorer or --repl"));
    if (o->lesson && o->tour)
        return error_set(err, _("give one of --tour and --lesson"));
    if (o->check_lesson && (o->mode != MODE_AUTO || o->lesson || o->tour))
        return error_set(err, _("--check-lesson goes alone: it checks the "
                            "file and exits"));
    int sources = (o->file != NULL) + (o->p_text || o->q_text) +
                  (o->preset != NULL);
    if (sources > 1)
        return error_set(err, _("give one of FILE, -p/-q or --preset"));
    return true;
}

const char *options_lang(int argc, char *const *argv)
{
    const char *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[++i];
    }
    return lang;
}
