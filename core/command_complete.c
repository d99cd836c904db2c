#include "command.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "command_joint.h"
#include "command_table.h"
#include "lesson.h"
#include "preset.h"

static void add_if_prefix(struct words *out, const char *cand,
                          const char *prefix)
{
    if (strncmp(cand, prefix, strlen(prefix)) != 0)
        return;
    size_t n = out->n;
    out->v = xrealloc(out->v, (n + 1) * sizeof *out->v);
    out->col = xrealloc(out->col, (n + 1) * sizeof *out->col);
    out->v[n] = xstrdup(cand);
    out->col[n] = 0;
    out->n = n + 1;
    out->cap = n + 1;
}

/* Labels a word can complete to as typed: no quoting needed. */
static bool plain_label(const char *label)
{
    return label[0] != '#' && !strpbrk(label, " \t\"'\\");
}

static void add_labels(const struct table *t, const char *prefix,
                       struct words *out)
{
    if (t->auto_labels || prefix[0] == '#')
        return;
    size_t len = strlen(prefix), n = 0;
    for (size_t i = 0; i < t->n && n <= COMMAND_COMPLETE_MAX; i++)
        n += strncmp(t->labels[i], prefix, len) == 0 &&
             plain_label(t->labels[i]);
    if (n > COMMAND_COMPLETE_MAX)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (plain_label(t->labels[i]))
            add_if_prefix(out, t->labels[i], prefix);
}

static enum complete_kind complete(const struct table *t,
                                   const struct lesson_question *q,
                                   const char *line, size_t start,
                                   const char *prefix, struct words *out);

enum complete_kind command_complete(const char *line, size_t start,
                                    const char *prefix, struct words *out)
{
    return complete(NULL, NULL, line, start, prefix, out);
}

enum complete_kind command_complete_for(const struct command *c,
                                        const char *line, size_t start,
                                        const char *prefix,
                                        struct words *out)
{
    const struct lesson_step *st = tour_current(&c->tour);
    return complete(&c->session->table, st ? &st->question : NULL, line,
                    start, prefix, out);
}

/* `lesson WORD`: a path is a file's; else `end` or a shipped lesson. */
static enum complete_kind complete_lesson(const char *prefix,
                                          struct words *out)
{
    if (strchr(prefix, '/') || prefix[0] == '.' || prefix[0] == '~')
        return COMPLETE_FILES;
    add_if_prefix(out, "end", prefix);
    char **names;
    size_t n;
    if (lesson_names(&names, &n, NULL)) {
        for (size_t i = 0; i < n; i++) {
            add_if_prefix(out, names[i], prefix);
            free(names[i]);
        }
        free(names);
    }
    return COMPLETE_WORDS;
}

static enum complete_kind complete(const struct table *t,
                                   const struct lesson_question *q,
                                   const char *line, size_t start,
                                   const char *prefix, struct words *out)
{
    words_free(out);
    /* Which word is being completed, and what the first word is. */
    struct words before;
    words_init(&before);
    char *head = xstrndup(line, start);
    struct error err;
    bool ok = parse_words(head, &before, &err);
    free(head);
    size_t index = ok ? before.n : 0;
    const char *cmd = ok && before.n ? before.v[0] : NULL;

    enum complete_kind kind = COMPLETE_WORDS;
    const struct command_def *d;
    if (index == 0) {
        for (size_t i = 0; (d = command_def_at(i)); i++)
            add_if_prefix(out, d->name, prefix);
    } else if (cmd && (strcmp(cmd, "load") == 0 ||
                       strcmp(cmd, "save") == 0 ||
                       strcmp(cmd, "save!") == 0 ||
                       strcmp(cmd, "export") == 0 ||
                       strcmp(cmd, "export!") == 0)) {
        kind = COMPLETE_FILES;
    } else if (cmd && index == 1 && (strcmp(cmd, "set") == 0 ||
                                     strcmp(cmd, "uniform") == 0)) {
        add_if_prefix(out, "p", prefix);
        add_if_prefix(out, "q", prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "base") == 0) {
        static const char *const bases[] = {"10", "2", "bans", "bits", "e",
                                            "nats"};
        for (size_t i = 0; i < 6; i++)
            add_if_prefix(out, bases[i], prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "fit") == 0) {
        add_if_prefix(out, "gauss", prefix);
        add_if_prefix(out, "geom", prefix);
    } else if (cmd && index == 2 && strcmp(cmd, "fit") == 0) {
        add_if_prefix(out, "both", prefix);
        add_if_prefix(out, "forward", prefix);
        add_if_prefix(out, "reverse", prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "preset") == 0) {
        struct preset_list l;
        if (preset_list_load(&l, NULL)) {
            for (size_t i = 0; i < l.n; i++)
                add_if_prefix(out, l.v[i].name, prefix);
            preset_list_free(&l);
        }
    } else if (cmd && index == 1 && strcmp(cmd, "lesson") == 0) {
        kind = complete_lesson(prefix, out);
    } else if (q && cmd && index == 1 && strcmp(cmd, "answer") == 0) {
        for (size_t i = 0; i < q->n_choices; i++)
            add_if_prefix(out, q->choices[i], prefix);
    } else if (cmd && index == 1 && strcmp(cmd, "joint") == 0) {
        for (size_t i = 0; command_joint_subcommands[i]; i++)
            add_if_prefix(out, command_joint_subcommands[i], prefix);
    } else if (cmd && index == 2 && strcmp(cmd, "joint") == 0 &&
               command_joint_takes_file(before.v[1])) {
        kind = COMPLETE_FILES;
    } else if (cmd && index == 1 && strcmp(cmd, "help") == 0) {
        for (size_t i = 0; (d = command_def_at(i)); i++)
            add_if_prefix(out, d->name, prefix);
    } else if (t && cmd && ((index == 2 && strcmp(cmd, "set") == 0) ||
                            (index == 1 && (strcmp(cmd, "del") == 0 ||
                                            strcmp(cmd, "find") == 0)))) {
        add_labels(t, prefix, out);
    } else if (cmd) {
        const char *const *w = command_view_words(
            cmd, index, index == 2 ? before.v[1] : NULL);
        for (size_t i = 0; w && w[i]; i++)
            add_if_prefix(out, w[i], prefix);
    }
    words_free(&before);
    return kind;
}
