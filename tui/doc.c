#include "doc.h"

#include <string.h>

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

/* What a key does: its help line, then what else to know. */
static void key_text(const struct keymap_doc *d, void (*put)(struct buf *,
                                                             const char *),
                     struct buf *b)
{
    put(b, d->help);
    if (d->more) {
        put(b, "; ");
        put(b, d->more);
    }
}

void doc_keys_markdown(struct buf *b)
{
    buf_append(b, "| key | command | what it does |\n| --- | --- | --- |\n");
    struct keymap_doc d;
    for (size_t i = 0; keymap_binding_doc(i, &d); i++) {
        buf_append(b, "| ");
        md_cell(b, d.keys);
        buf_append(b, " | ");
        if (d.n_lines == 0)
            buf_append(b, "any command");
        for (int k = 0; k < d.n_lines; k++) {
            buf_append(b, k ? ", `" : "`");
            md_cell(b, d.lines[k]);
            buf_putc(b, '`');
        }
        buf_append(b, " | ");
        key_text(&d, md_cell, b);
        buf_append(b, " |\n");
    }
}

/* How a document writes the command table: the text escaped its way,
 * the heading before the view's commands, and what goes around each
 * command's usage and help. */
struct style {
    void (*text)(struct buf *, const char *);
    const char *view_heading;
    const char *before, *between, *after;
};

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
        st->text(b, d.help);
        buf_append(b, st->after);
    }
}

void doc_commands_markdown(struct buf *b)
{
    static const struct style md = {
        md_cell,
        "| *the explorer's view* | *its keys run these; in the REPL they "
        "change nothing and say so* |\n",
        "| `", "` | ", " |\n",
    };
    buf_append(b, "| command | what it does |\n| --- | --- |\n");
    command_rows(b, &md);
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
    static const struct style man = {
        roff,
        ".SS The explorer's view\nThe keys of the explorer run these; in "
        "the REPL they change nothing and say so.\n",
        ".TP\n.B ", "\n", "\n",
    };
    command_rows(b, &man);
    buf_append(b, ".SH KEYS\n");
    struct keymap_doc k;
    for (size_t i = 0; keymap_binding_doc(i, &k); i++) {
        buf_append(b, ".TP\n.B ");
        roff(b, k.keys);
        buf_putc(b, '\n');
        key_text(&k, roff, b);
        buf_append(b, k.n_lines ? " (" : " (any command)");
        for (int j = 0; j < k.n_lines; j++) {
            buf_append(b, j ? ", \\fB" : "\\fB");
            roff(b, k.lines[j]);
            buf_append(b, "\\fR");
        }
        buf_append(b, k.n_lines ? ")\n" : "\n");
    }
    buf_append(b, ".SH EXIT STATUS\n0 success, 1 bad data or a failed "
               "command, 2 bad usage.\n"
               ".SH FILES\n.TP\n.I $XDG_STATE_HOME/klx/history\n"
               "the REPL's history (default ~/.local/state/klx/history)\n"
               ".SH SEE ALSO\nThe README of klx's source.\n");
}
