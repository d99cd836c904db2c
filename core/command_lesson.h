/* command_lesson: the commands that run lessons (lesson.h): lessons,
 * lesson, tour (the built-in lesson, data/lessons/tour.md), next, back and
 * answer; and the checks a lesson needs after every command and before it
 * is given to a class. Handlers of command.c's table (see it for their
 * help). */
#ifndef KLX_COMMAND_LESSON_H
#define KLX_COMMAND_LESSON_H

#include <stdbool.h>

#include "buf.h"
#include "command_table.h"
#include "error.h"

command_handler command_lesson_list, command_lesson_run, command_lesson_tour,
    command_lesson_next, command_lesson_back, command_lesson_answer;

/* Starts the lesson in file `path` (or a shipped one's name), as
 * `lesson FILE` does (for --lesson, whose file name needs no quoting). */
bool command_lesson_start(struct command *c, const char *path,
                          struct buf *out, struct error *err);

/* Opens the current step again from its start: for a front end that
 * could not carry out the step's view commands when the lesson started
 * (the explorer, after `klx --lesson`). False with err when no lesson
 * runs or a command fails. */
bool command_lesson_reopen(struct command *c, struct buf *out,
                           struct error *err);

/* After a command that succeeded (its output from byte `from` of out):
 * when the running step's question is met for the first time, says so
 * before that output, with the revealed lines. */
void command_lesson_after(struct command *c, struct buf *out, size_t from);

/* `klx --check-lesson FILE`: parses the file and runs every step in a
 * scratch session, and appends each problem as "FILE:LINE: message\n" to
 * report (commands that fail, questions that can never be met or are met
 * before anyone edits, captions too long for 80x24). Returns how many. */
size_t command_lesson_check(const char *path, struct buf *report);

#endif
