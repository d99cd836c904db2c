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
#include "joint.h"
#include "session.h"
#include "sweep.h"

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

/* The joint table (`joint export`): .txt what `joint` prints, .md the
 * totals and Markdown tables of the cells and their terms (the first
 * JOINT_SHOW_ROWS x JOINT_SHOW_COLS) with the text view in a code block,
 * .svg a heat map of the cells' terms (blue positive, orange negative,
 * shade by size) with the labels and the totals. j must not be empty. */
void export_joint_render(const struct joint *j, enum log_base base,
                         enum export_format f, struct buf *out);
bool export_joint_write(const struct joint *j, enum log_base base,
                        const char *path, unsigned flags, struct error *err);

/* A sweep's chart (`sweep ... export FILE`): .txt what `sweep` prints
 * after its first line (the text chart, legend, minima and points), .svg
 * both curves as lines (blue solid and orange dashed, so they differ in
 * grey too) on axes with ticks, a legend, each minimum marked and printed,
 * infinite stretches left out of the line and marked "inf" along the
 * top. Other extensions are refused by export_sweep_format. */
bool export_sweep_format(const char *path, struct error *err);
void export_sweep_render(const struct sweep_curves *c,
                         enum export_format f, int width, struct buf *out);
bool export_sweep_write(const struct sweep_curves *c, const char *path,
                        int width, unsigned flags, struct error *err);

#endif
