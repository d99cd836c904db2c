/* error: errors as values.
 *
 * Library code never prints and never exits: a function that can fail takes a
 * `struct error *` and, on failure, fills it with one human sentence saying
 * what went wrong, where (file:line:column when there is a file), and a hint.
 * Callers decide whether to show it, prefix it, or ignore it. */
#ifndef KLX_ERROR_H
#define KLX_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ERROR_MAX 512

struct error {
    char msg[ERROR_MAX];
};

#if defined(__GNUC__)
#define KLX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KLX_PRINTF(a, b)
#endif

/* Formats the message (in the C locale). Always returns false, so that a
 * failing function can end with `return error_set(err, ...);`. `err` may be
 * NULL, in which case nothing is written. */
bool error_set(struct error *err, const char *fmt, ...) KLX_PRINTF(2, 3);

/* Sets "name:line:col: message", or "name:line: message" when col is 0:
 * the one form of a problem's place in a file. Returns false. */
bool error_at(struct error *err, const char *name, size_t line, size_t col,
              const char *fmt, ...) KLX_PRINTF(5, 6);
bool error_vat(struct error *err, const char *name, size_t line, size_t col,
               const char *fmt, va_list ap) KLX_PRINTF(5, 0);

/* Formats into out[0..size) in the C locale, as error_set does, for a
 * message that is kept before it becomes an error. */
void error_format(char *out, size_t size, const char *fmt, va_list ap)
    KLX_PRINTF(3, 0);

/* Puts `prefix: ` in front of an existing message (used to add a file name
 * or a command name once the inner code has said what went wrong). */
void error_prefix(struct error *err, const char *fmt, ...) KLX_PRINTF(2, 3);

void error_clear(struct error *err);

/* Makes text that came from outside klx safe to print: every control
 * character (an escape sequence could recolor or retitle the terminal;
 * C1 controls U+0080..U+009F act like escapes on some terminals), newlines
 * included, and every byte that is not valid UTF-8 becomes '?', in place.
 * Messages quote what the user gave (a token, a label, a header), so
 * error_set and error_prefix apply it to every message; file names,
 * preset descriptions and the like get it before they are printed. */
void error_sanitize(char *text);

#endif
