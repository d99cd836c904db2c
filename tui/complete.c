#include "complete.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "command.h"
#include "parse.h"

static struct words candidates;
static size_t next_candidate;
static const struct command *labels_from;

void complete_use(const struct command *c)
{
    labels_from = c;
}

static char *generator(const char *text, int state)
{
    (void)text;
    if (state == 0)
        next_candidate = 0;
    if (next_candidate >= candidates.n)
        return NULL;
    return strdup(candidates.v[next_candidate++]);
}

static char **attempt(const char *text, int start, int end)
{
    (void)end;
    enum complete_kind kind =
        labels_from ? command_complete_for(labels_from, rl_line_buffer,
                                           (size_t)start, text, &candidates)
                    : command_complete(rl_line_buffer, (size_t)start, text,
                                       &candidates);
    if (kind == COMPLETE_FILES)
        return NULL;  /* readline's default: file names */
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, generator);
}

void complete_install(void)
{
    rl_readline_name = "klx";
    rl_attempted_completion_function = attempt;
}
