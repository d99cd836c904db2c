#include "lesson.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "i18n.h"
#include "num.h"
#include "preset.h"
#include "utf8.h"

void lesson_init(struct lesson *l)
{
    memset(l, 0, sizeof *l);
    buf_init(&l->problems);
}

static void step_free(struct lesson_step *s)
{
    free(s->heading);
    free(s->caption);
    free(s->reveal);
    free(s->shown);
    free(s->answered_caption);
    for (size_t i = 0; i < s->n_commands; i++)
        free(s->commands[i]);
    free(s->commands);
    free(s->command_lines);
    for (size_t i = 0; i < s->question.n_choices; i++)
        free(s->question.choices[i]);
    free(s->question.choices);
}

void lesson_free(struct lesson *l)
{
    for (size_t i = 0; i < l->n; i++)
        step_free(&l->steps[i]);
    free(l->steps);
    free(l->name);
    free(l->title);
    buf_free(&l->problems);
    memset(l, 0, sizeof *l);   /* empty, holding nothing: free it again */
}

/* The parser's state: the lesson it fills and the step's text so far. */
struct parse {
    struct lesson *l;
    struct buf caption, reveal;
    size_t blank;               /* blank lines waiting in the caption */
    struct error first;
};

static void problem(struct parse *p, size_t line, size_t col,
                    const char *fmt, ...) KLX_PRINTF(4, 5);

/* Records a problem at line (and column, when not 0) of the file. */
static void problem(struct parse *p, size_t line, size_t col,
                    const char *fmt, ...)
{
    struct error e;
    va_list ap;
    va_start(ap, fmt);
    error_vat(&e, p->l->name, line, col, fmt, ap);
    va_end(ap);
    if (!p->l->n_problems)
        p->first = e;
    p->l->n_problems++;
    buf_printf(&p->l->problems, "%s\n", e.msg);
}

static struct lesson_step *step(struct parse *p)
{
    return p->l->n ? &p->l->steps[p->l->n - 1] : NULL;
}

/* The step a line of `what` belongs to; NULL, said as a problem, before
 * the first step. */
static struct lesson_step *step_for(struct parse *p, const char *what,
                                    size_t line)
{
    struct lesson_step *s = step(p);
    if (!s)
        problem(p, line, 0, _("%s before the first step (hint: start a step "
                   "with a line `## Heading`)"), what);
    return s;
}

static int text_lines(const char *s)
{
    if (!*s)
        return 0;
    int n = 1;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* A line the caption area shows must fit its width. */
static void check_width(struct parse *p, const char *what, const char *t,
                        size_t line)
{
    int w = utf8_width(t);
    if (w > LESSON_CAPTION_COLS)
        problem(p, line, 0, _("a %s line of %d columns, more than %d (hint: "
                   "make it shorter)"), what, w, LESSON_CAPTION_COLS);
}

/* The line that states a step's question, as the caption shows it. */
static void question_line(const struct lesson_question *q, struct buf *out)
{
    if (q->kind == LESSON_Q_TARGET) {
        buf_printf(out, _("question: make KL(%s) = %.6g +- %.6g"),
                   q->reverse ? "Q||P" : "P||Q", q->target, q->tol);
        if (q->only)
            buf_printf(out, _(" by changing %s only"), q->only == 'p' ? "P"
                                                                   : "Q");
    } else if (q->kind == LESSON_Q_CHOICE) {
        buf_append(out, _("question: "));
        buf_append(out, "`answer");
        for (size_t i = 0; i < q->n_choices; i++)
            buf_printf(out, "%s%s", i ? "|" : " ", q->choices[i]);
        buf_append(out, "`");
    }
}

/* Appends a line of text below what b holds. */
static void add_line(struct buf *b, const char *text)
{
    if (!*text)
        return;
    if (b->len)
        buf_putc(b, '\n');
    buf_append(b, text);
}

/* Ends the current step: its caption as shown before and after the
 * question is answered, and whether they fit the caption area. */
static void close_step(struct parse *p)
{
    struct lesson_step *s = step(p);
    if (!s)
        return;
    s->caption = xstrdup(p->caption.s);
    s->reveal = xstrdup(p->reveal.s);
    struct buf q;
    buf_init(&q);
    question_line(&s->question, &q);
    if (q.len)
        check_width(p, _("question"), q.s, s->question.line);
    add_line(&p->caption, q.s);
    buf_free(&q);
    s->shown = xstrdup(p->caption.s);
    add_line(&p->caption, s->reveal);
    s->answered_caption = xstrdup(p->caption.s);
    buf_reset(&p->caption);
    buf_reset(&p->reveal);
    p->blank = 0;
    if (!s->caption[0] && !s->n_commands)
        problem(p, s->line, 0, _("step '%s' is empty (hint: add caption lines "
                   "or '>' commands under its heading)"), s->heading);
    int rows = text_lines(s->answered_caption);
    if (rows > LESSON_CAPTION_LINES)
        problem(p, s->line, 0, _("step '%s' has %d caption lines (with its "
                   "question and '!' lines), more than the %d the explorer "
                   "shows at 80x24 (hint: split it into two steps)"),
                s->heading, rows, LESSON_CAPTION_LINES);
}

static void open_step(struct parse *p, const char *heading, size_t line)
{
    close_step(p);
    struct lesson *l = p->l;
    l->steps = xrealloc(l->steps, (l->n + 1) * sizeof *l->steps);
    struct lesson_step *s = &l->steps[l->n++];
    memset(s, 0, sizeof *s);
    s->heading = xstrdup(heading);
    s->line = line;
    if (!*heading)
        problem(p, line, 0, _("a step without a heading (hint: `## What this "
                   "step shows`)"));
}

/* Whether a line of prose (`what`: caption text or a '!' line) belongs to
 * a step, said as a problem when not; its width is checked against the
 * caption area, where it is shown as a `kind` line. */
static bool prose_for_step(struct parse *p, const char *what,
                           const char *kind, const char *text, size_t line)
{
    if (!step_for(p, what, line))
        return false;
    check_width(p, kind, text, line);
    return true;
}

static void add_text(struct parse *p, const char *text, size_t line)
{
    if (!prose_for_step(p, _("text"), _("caption"), text, line))
        return;
    if (p->caption.len)
        for (; p->blank; p->blank--)
            buf_putc(&p->caption, '\n');
    p->blank = 0;
    add_line(&p->caption, text);
}

static void add_command(struct parse *p, const char *text, size_t line)
{
    struct lesson_step *s = step_for(p, _("a command"), line);
    if (!s)
        return;
    while (*text == ' ')
        text++;
    if (!*text) {
        problem(p, line, 0, _("'>' without a command (hint: `> preset "
                              "seed`)"));
        return;
    }
    s->commands = xrealloc(s->commands,
                           (s->n_commands + 1) * sizeof *s->commands);
    s->command_lines = xrealloc(s->command_lines, (s->n_commands + 1) *
                                                      sizeof *s->command_lines);
    s->commands[s->n_commands] = xstrdup(text);
    s->command_lines[s->n_commands++] = line;
}

/* A number of the question, in the C locale, up to the next space. */
static bool question_number(const char **t, double *v)
{
    while (**t == ' ')
        (*t)++;
    size_t len = strcspn(*t, " ");
    struct error e;
    if (!len || !num_parse(*t, len, v, &e))
        return false;
    *t += len;
    return true;
}

static bool skip_word(const char **t, const char *word)
{
    while (**t == ' ')
        (*t)++;
    size_t n = strlen(word);
    if (strncmp(*t, word, n) != 0)
        return false;
    *t += n;
    return true;
}

#define TARGET_HINT N_("(hint: `? kl(P||Q) = 0.5 +- 0.01`, optionally " \
                       "followed by `only p` or `only q`)")

static bool parse_target(struct lesson_question *q, const char *t)
{
    if (skip_word(&t, "kl(P||Q)") || skip_word(&t, "KL(P||Q)"))
        q->reverse = false;
    else if (skip_word(&t, "kl(Q||P)") || skip_word(&t, "KL(Q||P)"))
        q->reverse = true;
    else
        return false;
    if (!skip_word(&t, "=") || !question_number(&t, &q->target))
        return false;
    q->tol = 0;
    if (skip_word(&t, "+-") && !question_number(&t, &q->tol))
        return false;
    if (skip_word(&t, "only")) {
        while (*t == ' ')
            t++;
        if ((*t != 'p' && *t != 'q') || t[1] != '\0')
            return false;
        q->only = *t;
        t++;
    }
    while (*t == ' ')
        t++;
    q->kind = LESSON_Q_TARGET;
    return *t == '\0';
}

static void add_choice(struct lesson_question *q, const char *w, size_t len)
{
    q->choices = xrealloc(q->choices, (q->n_choices + 1) * sizeof *q->choices);
    q->choices[q->n_choices++] = xstrndup(w, len);
}

static void parse_choice(struct parse *p, struct lesson_question *q,
                         const char *t, size_t line)
{
    q->kind = LESSON_Q_CHOICE;
    size_t marked = 0;
    while (*t) {
        size_t len = strcspn(t, "|");
        const char *w = t;
        t += len + (t[len] == '|');
        while (len && *w == ' ')
            w++, len--;
        while (len && w[len - 1] == ' ')
            len--;
        if (len && *w == '*') {
            q->answer = q->n_choices;
            marked++;
            w++, len--;
        }
        if (!len || memchr(w, ' ', len)) {
            problem(p, line, 0, _("each choice is one word (hint: `? choose: "
                       "*forward | reverse`)"));
            return;
        }
        add_choice(q, w, len);
    }
    if (q->n_choices < 2)
        problem(p, line, 0, _("a choice needs two answers or more (hint: `? "
                   "choose: *forward | reverse`)"));
    else if (marked != 1)
        problem(p, line, 0, _("mark the one right answer with '*' (hint: `? "
                   "choose: *forward | reverse`)"));
}

static void add_question(struct parse *p, const char *t, size_t line)
{
    struct lesson_step *s = step_for(p, _("a question"), line);
    if (!s)
        return;
    struct lesson_question *q = &s->question;
    if (q->kind != LESSON_Q_NONE) {
        problem(p, line, 0, _("a second question in step '%s' (hint: one "
                   "question a step)"), s->heading);
        return;
    }
    q->line = line;
    const char *c = t;
    if (skip_word(&c, "choose:")) {
        parse_choice(p, q, c, line);
        return;
    }
    if (!parse_target(q, t)) {
        q->kind = LESSON_Q_NONE;
        problem(p, line, 0, _("cannot read the question '%s' %s"), t,
                _(TARGET_HINT));
        return;
    }
    q->line = line;
    if (q->tol < 0 || !isfinite(q->target) || !isfinite(q->tol))
        problem(p, line, 0, _("the tolerance must be 0 or more and the target "
                                "finite %s"), _(TARGET_HINT));
    else if (q->target + q->tol < 0)
        problem(p, line, 0, _("a question that can never be met: KL is never "
                   "negative (hint: a target of 0 or more)"));
}

static void add_reveal(struct parse *p, const char *t, size_t line)
{
    if (prose_for_step(p, "'!'", _("revealed"), t, line))
        add_line(&p->reveal, t);
}

/* One line, without its end of line, as valid UTF-8 without controls. */
static void parse_line(struct parse *p, char *t, size_t line)
{
    if (t[0] == '#' && t[1] == '#' && (t[2] == ' ' || !t[2])) {
        open_step(p, t + 2 + (t[2] == ' '), line);
    } else if (t[0] == '#' && (t[1] == ' ' || !t[1])) {
        if (p->l->title || p->l->n)
            problem(p, line, 0, _("a second title (hint: one `# Title` "
                                  "line at the top; steps start with "
                                  "`##`)"));
        else
            p->l->title = xstrdup(t + 1 + (t[1] == ' '));
    } else if (t[0] == '>') {
        add_command(p, t + 1, line);
    } else if (t[0] == '?') {
        add_question(p, t + 1 + (t[1] == ' '), line);
    } else if (t[0] == '!') {
        add_reveal(p, t + 1 + (t[1] == ' '), line);
    } else if (!t[0]) {
        p->blank++;
    } else {
        add_text(p, t, line);
    }
}

/* Valid UTF-8, no control characters but tab (made a space): else the
 * column of the first bad byte, from 1. */
static size_t bad_column(char *t, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_scan(t + i, len - i, &cp);
        if (!k || (cp != '\t' && utf8_is_control(cp)))
            return i + 1;
        if (cp == '\t')
            t[i] = ' ';
        i += k;
    }
    return 0;
}

bool lesson_parse(struct lesson *l, const char *name, const char *text,
                  size_t len, struct error *err)
{
    lesson_free(l);
    buf_init(&l->problems);
    l->name = xstrdup(name);
    error_sanitize(l->name);
    struct parse p = {.l = l};
    buf_init(&p.caption);
    buf_init(&p.reveal);
    if (len > LESSON_MAX_BYTES) {
        problem(&p, 1, 0, _("%zu bytes: a lesson is at most %d (hint: "
                            "split it into several files)"),
                len, LESSON_MAX_BYTES);
        len = 0;
    }
    char *line = xmalloc(LESSON_LINE_MAX + 1);
    size_t no = 0;
    /* Editors on some systems begin UTF-8 files with a byte order mark. */
    size_t bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    for (size_t at = bom; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        no++;
        size_t keep = n && text[at + n - 1] == '\r' ? n - 1 : n;
        at += n + (nl != NULL);
        if (keep > LESSON_LINE_MAX) {
            problem(&p, no, 0, _("a line of %zu bytes, more than %d (hint: "
                                 "break it into shorter lines)"),
                    keep, LESSON_LINE_MAX);
            continue;
        }
        memcpy(line, text + at - n - (nl != NULL), keep);
        line[keep] = '\0';
        size_t col = bad_column(line, keep);
        if (col) {
            problem(&p, no, col, _("not UTF-8 text, or a control "
                       "character (hint: save the file as UTF-8)"));
            continue;
        }
        while (keep && line[keep - 1] == ' ')
            line[--keep] = '\0';
        parse_line(&p, line, no);
    }
    free(line);
    close_step(&p);
    if (!l->title && len)
        problem(&p, 1, 0, _("no title (hint: begin with a line `# Title`)"));
    if (!l->n)
        problem(&p, no ? no : 1, 0, _("a lesson without steps (hint: each "
                                      "step begins with a line `## "
                                      "Heading`)"));
    buf_free(&p.caption);
    buf_free(&p.reveal);
    if (!l->title)
        l->title = xstrdup("");
    if (!l->n_problems)
        return true;
    *err = p.first;
    if (l->n_problems > 1)
        error_set(err, _("%s (and %zu more problems: klx --check-lesson "
                     "lists them)"), p.first.msg, l->n_problems - 1);
    return false;
}

bool lesson_load(struct lesson *l, const char *path, struct error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, _("cannot open lesson %s: %s"), path,
                         strerror(errno));
    /* A terminal or a pipe could keep the read waiting for ever. */
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return error_set(err, _("lesson %s is not a regular file (hint: a "
                            "lesson is a text file)"), path);
    }
    char *text = xmalloc(LESSON_MAX_BYTES + 1);
    size_t len = fread(text, 1, LESSON_MAX_BYTES + 1, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        return error_set(err, _("cannot read lesson %s"), path);
    }
    bool ok = lesson_parse(l, path, text, len, err);
    free(text);
    return ok;
}

void lesson_dir(struct buf *out)
{
    buf_printf(out, "%s/lessons", preset_dir());
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

void lesson_path(const char *name, struct buf *out)
{
    if (strchr(name, '/') || ends_with(name, ".md")) {
        buf_append(out, name);
        return;
    }
    size_t start = out->len;
    const char *lang = i18n_language();
    if (strcmp(lang, "en") != 0) {
        lesson_dir(out);
        buf_printf(out, "/%s/%s.md", lang, name);
        if (access(out->s + start, R_OK) == 0)
            return;
        out->len = start;   /* no copy in the language: the English one */
        out->s[start] = '\0';
    }
    lesson_dir(out);
    buf_printf(out, "/%s.md", name);
}

bool lesson_names(char ***names, size_t *n, struct error *err)
{
    struct buf dir;
    buf_init(&dir);
    lesson_dir(&dir);
    bool ok = preset_dir_names(dir.s, ".md", names, n);
    if (!ok)
        error_set(err, _("no lessons: cannot open %s (hint: set KLX_DATA to "
                     "klx's data directory)"), dir.s);
    buf_free(&dir);
    for (size_t i = 0; ok && i < *n; i++)
        error_sanitize((*names)[i]);   /* printed and completed */
    return ok;
}

bool lesson_list(struct buf *out, struct error *err)
{
    char **names;
    size_t n;
    if (!lesson_names(&names, &n, err))
        return false;
    struct buf path;
    buf_init(&path);
    for (size_t i = 0; i < n; i++) {
        buf_reset(&path);
        lesson_path(names[i], &path);
        char *title = preset_first_comment(path.s);
        buf_printf(out, "  %-18s %s\n", names[i], title);
        free(title);
        free(names[i]);
    }
    buf_free(&path);
    free(names);
    return true;
}

bool lesson_target_met(const struct lesson_question *q, double kl_pq,
                       double kl_qp)
{
    double v = q->reverse ? kl_qp : kl_pq;
    return isfinite(v) && fabs(v - q->target) <= q->tol;
}
