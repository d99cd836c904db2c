#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "command.h"
#include "config.h"
#include "keymap.h"
#include "options.h"

/* Text for a Markdown table cell: one line (each run of blanks and line
 * breaks one space), '|' escaped. */
static void md_cell(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') {
            buf_append(b, "\\|");
        } else if (*s == '\n' || *s == ' ') {
            buf_putc(b, ' ');
            while (s[1] == ' ' || s[1] == '\n')
                s++;
        } else {
            buf_putc(b, *s);
        }
    }
}

/* How a document writes klx's tables: text escaped its way (a line break
 * in the text is where the document may fold), the heading before the
 * view's commands, what goes around each command's usage and help, the
 * pieces of a list of items in a help text, what goes around a key's row
 * (its commands before or after its text), and how a command is marked
 * in a key's row. */
struct style {
    void (*text)(struct buf *, const char *);
    const char *view_heading;
    const char *before, *between, *after;
    const char *list_begin, *item_begin, *item_mid, *list_end, *after_list;
    const char *key_begin, *key_mid, *key_sep, *key_end;
    bool commands_first;
    const char *code_on, *code_off;
};

/* The first n bytes of s, escaped as st escapes text. */
static void text_n(struct buf *b, const struct style *st, const char *s,
                   size_t n)
{
    char *piece = xstrndup(s, n);
    st->text(b, piece);
    free(piece);
}

/* A help text is prose lines, and may hold a list: lines "  USAGE  what
 * it does" (two spaces in front, two or more after the usage), whose
 * text goes on in lines indented further. The prose folds; each item
 * stands on its own line with its usage marked as code. */
static void help_text(struct buf *b, const struct style *st,
                      const char *help)
{
    bool in_list = false;
    for (const char *line = help; *line;) {
        size_t len = strcspn(line, "\n");
        const char *next = line[len] ? line + len + 1 : line + len;
        size_t lead = strspn(line, " ");
        if (lead == 2) {
            size_t u = 2;
            while (u < len && !(line[u] == ' ' && line[u + 1] == ' '))
                u++;
            buf_append(b, in_list ? "" : st->list_begin);
            buf_append(b, st->item_begin);
            text_n(b, st, line + 2, u - 2);
            buf_append(b, st->item_mid);
            u += strspn(line + u, " ");
            text_n(b, st, line + u, len - u);
            in_list = true;
        } else if (lead > 2) {
            st->text(b, "\n");
            text_n(b, st, line + lead, len - lead);
        } else {
            if (in_list) {
                buf_append(b, st->list_end);
                buf_append(b, st->after_list);
            } else if (line != help) {
                st->text(b, "\n");
            }
            in_list = false;
            text_n(b, st, line, len);
        }
        line = next;
    }
    if (in_list)
        buf_append(b, st->list_end);
}

/* What a key does: its help line, then what else to know. */
static void key_text(const struct keymap_doc *d, const struct style *st,
                     struct buf *b)
{
    st->text(b, d->help);
    if (d->more) {
        st->text(b, "; ");
        st->text(b, d->more);
    }
}

/* The commands a key runs, each marked as code, or "any command". */
static void key_commands(const struct keymap_doc *d, const struct style *st,
                         struct buf *b)
{
    if (d->n_lines == 0)
        buf_append(b, "any command");
    for (int k = 0; k < d->n_lines; k++) {
        buf_append(b, k ? ", " : "");
        buf_append(b, st->code_on);
        st->text(b, d->lines[k]);
        buf_append(b, st->code_off);
    }
}

/* Every key's row: its keys, what it does and the commands it runs. */
static void key_rows(struct buf *b, const struct style *st)
{
    struct keymap_doc d;
    for (size_t i = 0; keymap_binding_doc(i, &d); i++) {
        buf_append(b, st->key_begin);
        st->text(b, d.keys);
        buf_append(b, st->key_mid);
        if (st->commands_first)
            key_commands(&d, st, b);
        else
            key_text(&d, st, b);
        buf_append(b, st->key_sep);
        if (st->commands_first)
            key_text(&d, st, b);
        else
            key_commands(&d, st, b);
        buf_append(b, st->key_end);
    }
}

static void command_rows(struct buf *b, const struct style *st)
{
    struct command_doc d;
    bool view = false;
    for (size_t i = 0; command_doc(i, &d); i++) {
        if (d.view && !view) {
            buf_append(b, st->view_heading);
            view = true;
        }
        buf_append(b, st->before);
        st->text(b, d.usage);
        buf_append(b, st->between);
        help_text(b, st, d.help);
        buf_append(b, st->after);
    }
}

static const struct style markdown = {
    md_cell,
    "| *the explorer's view* | *its keys run these; in the REPL they "
    "change nothing and say so* |\n",
    "| `", "` | ", " |\n",                       /* a command's row */
    "", "<br>`", "`: ", "", "<br>",             /* a help text's list */
    "| ", " | ", " | ", " |\n", true,           /* a key's row */
    "`", "`",
};

void doc_keys_markdown(struct buf *b)
{
    buf_append(b, "| key | command | what it does |\n| --- | --- | --- |\n");
    key_rows(b, &markdown);
}

void doc_commands_markdown(struct buf *b)
{
    buf_append(b, "| command | what it does |\n| --- | --- |\n");
    command_rows(b, &markdown);
}

/* Text for roff: backslashes, hyphens and a leading dot or quote made
 * literal. */
static void roff(struct buf *b, const char *s)
{
    bool line_start = b->len == 0 || b->s[b->len - 1] == '\n';
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\''))
            buf_append(b, "\\&");
        line_start = *s == '\n';
        if (*s == '\\')
            buf_append(b, "\\e");
        else if (*s == '-')
            buf_append(b, "\\-");
        else
            buf_putc(b, *s);
    }
}

static const struct style man = {
    roff,
    ".SS The explorer's view\nThe keys of the explorer run these; in the "
    "REPL they change nothing and say so.\n",
    ".TP\n.B ", "\n", "\n",
    "\n.RS", "\n.TP\n.B ", "\n", "\n.RE", "\n",
    ".TP\n.B ", "\n", " (", ")\n", false,
    "\\fB", "\\fR",
};

void doc_man(struct buf *b)
{
    buf_append(b, ".TH KLX 1 \"\" \"klx " KLX_VERSION "\" \"User Commands\"\n"
               ".SH NAME\nklx \\- the Kullback\\-Leibler divergence "
               "explorer\n"
               ".SH SYNOPSIS\n.B klx\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR]\n"
               ".SH DESCRIPTION\n"
               "klx shows KL(P||Q) and KL(Q||P) of two discrete "
               "distributions side by side, with bars for P, Q and every "
               "per\\-term contribution. On a terminal it opens a "
               "full\\-screen explorer; with \\fB\\-\\-repl\\fR it reads "
               "commands; otherwise it prints a report. Every key of the "
               "explorer runs a command of the language below, so anything "
               "it does can be typed after \\fB:\\fR or in a script.\n"
               ".SH OPTIONS\n.nf\n");
    roff(b, options_usage());
    buf_append(b, ".fi\n.SH COMMANDS\n"
               "Indices count from 1; wherever an index is expected, a "
               "label works too.\n");
    command_rows(b, &man);
    buf_append(b, ".SH KEYS\n");
    key_rows(b, &man);
    buf_append(b, ".SH EXIT STATUS\n0 success, 1 bad data or a failed "
               "command, 2 bad usage.\n"
               ".SH ENVIRONMENT\n"
               ".TP\n.B LANGUAGE, LC_ALL, LC_MESSAGES, LANG\n"
               "the language of the messages, as GNU gettext reads them: "
               "English or Simplified Chinese (zh_CN, in a UTF\\-8 "
               "locale); \\fB\\-\\-lang\\fR overrides them. Numbers "
               "always use '.'\n"
               ".TP\n.B COLUMNS\nthe report's width when \\fB\\-w\\fR "
               "is not given\n"
               ".TP\n.B NO_COLOR\nthe explorer without colours\n"
               ".TP\n.B COLORFGBG\nwhether the terminal's background is "
               "light or dark, for the explorer's colours\n"
               ".TP\n.B KLX_DATA\nthe directory of the presets and "
               "lessons\n"
               ".TP\n.B KLX_LOCALEDIR\nthe directory of the message "
               "catalogs\n"
               ".SH FILES\n.TP\n.I $XDG_STATE_HOME/klx/history\n"
               "the REPL's history (default ~/.local/state/klx/history)\n"
               ".TP\n.I share/locale/zh_CN/LC_MESSAGES/klx.mo\n"
               "the Chinese messages, under the installation prefix\n"
               ".SH SEE ALSO\nThe README of klx's source.\n");
}
