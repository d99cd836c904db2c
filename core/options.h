/* options: klx's command-line options, parsed without side effects.
 *
 * Parsing is pure so it can be unit tested; main() decides what to do with
 * the result. Usage errors (exit status 2) come back as an error value. */
#ifndef KLX_OPTIONS_H
#define KLX_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "divergence.h"
#include "error.h"

enum mode {
    MODE_AUTO,     /* TUI on a terminal, else the report */
    MODE_TUI,
    MODE_REPL,
    MODE_REPORT,
    MODE_JSON,
    MODE_HELP,
    MODE_VERSION,
};

/* The terminal's background, for the explorer's colours. */
enum options_bg { OPTIONS_BG_AUTO, OPTIONS_BG_DARK, OPTIONS_BG_LIGHT };

struct options {
    enum mode mode;
    const char *p_text;       /* -p "0.1 0.2 ..." */
    const char *q_text;       /* -q "..." */
    const char *file;         /* a table file to load ("-" = stdin) */
    const char *preset;       /* --preset NAME */
    bool has_base;
    enum log_base base;
    int width;                /* 0 = $COLUMNS or 80 */
    bool unicode;             /* --unicode: block bars in the report */
    bool keep_going;          /* --keep-going: scripts continue after errors */
    bool tour;                /* --tour: start the guided tour */
    const char *lesson;       /* --lesson FILE: start that lesson */
    const char *check_lesson; /* --check-lesson FILE: check it and exit */
    bool has_top;             /* --top K given */
    size_t top;               /* --top K: list the K largest terms (0 or
                                 "all": every entry) */
    /* TUI */
    bool ascii;               /* --ascii: no Unicode glyphs */
    bool no_mouse;
    bool high_contrast;
    enum options_bg background;   /* --dark, --light; else the explorer
                                     asks $COLORFGBG */
    bool no_confirm;          /* never ask before quitting */
};

bool options_parse(int argc, char *const *argv, struct options *o,
                   struct error *err);

/* The --help text. */
const char *options_usage(void);

/* The value of --lang in argv (the last one before "--"), or NULL: main
 * needs it before options_parse, so that even a usage error comes in the
 * language asked for. */
const char *options_lang(int argc, char *const *argv);

#endif
