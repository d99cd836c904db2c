/* export: the current view as a file for handouts and slides.
 *
 *   FILE.txt  the text report (what `show` prints)
 *   FILE.md   a Markdown table of the terms, the totals, and the report's
 *             bars in a code block
 *   FILE.svg  a vector bar chart of P, Q and both contribution columns,
 *             with the totals, for slides
 *
 * The format follows the file name's extension. Writes are atomic. */
#ifndef KLX_EXPORT_H
#define KLX_EXPORT_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "session.h"

/* More rows than this are cut, with a note, in Markdown and SVG. */
#define EXPORT_MAX_ROWS 500

enum export_format { EXPORT_TEXT, EXPORT_MARKDOWN, EXPORT_SVG };

/* The format a path asks for; false (with a hint) for other extensions. */
bool export_format_of(const char *path, enum export_format *out,
                      struct error *err);

/* Renders the session in a format (no I/O). */
void export_render(const struct session *s, enum export_format f, int width,
                   bool unicode, struct buf *out);

/* Writes the file like `save` does; flags are file_write_atomic's
 * (FILE_FORCE: `export!`). */
bool export_write(const struct session *s, const char *path, int width,
                  bool unicode, unsigned flags, struct error *err);

#endif
