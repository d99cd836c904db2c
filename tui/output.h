/* output: klx's results on standard output, and what happens when they
 * cannot be written.
 *
 * A report, JSON or a script's output that does not reach its file is a
 * failure: a full disk, /dev/full, a reader that went away. Everything klx
 * prints on standard output goes through here. The first failed write is
 * remembered and every later one is skipped (so a truncated result is
 * never followed by more of it); output_fail() then says so on standard
 * error, `klx: cannot write output: No space left on device`, and gives
 * the exit status. */
#ifndef KLX_OUTPUT_H
#define KLX_OUTPUT_H

#include <stdbool.h>

/* Writes s to standard output (buffered). False when this or an earlier
 * write failed. */
bool output_write(const char *s);

/* Flushes standard output. False when this or an earlier write failed. */
bool output_flush(void);

/* After a failure: prints `klx: WHEREcannot write output: REASON` (where
 * is "" or e.g. "line 3: ") and returns the exit status, 1. A closed pipe
 * (EPIPE) prints nothing and returns 141; see output.c. */
int output_fail(const char *where);

#endif
