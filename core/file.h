/* file: crash-safe writes.
 *
 * A save must never leave half a file: the data goes to a temporary file in
 * the same directory (so the rename cannot cross file systems), is synced
 * to disk, and only then renamed over the target, which POSIX makes atomic.
 * A crash at any moment leaves either the old file or the new one. */
#ifndef KLX_FILE_H
#define KLX_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Writes len bytes to path atomically. `before_rename`, when not NULL, is
 * called with the synced temporary file's path just before the rename;
 * returning false abandons the write as a crash would (tests use this to
 * check that the old file survives). */
bool file_write_atomic(const char *path, const char *data, size_t len,
                       bool (*before_rename)(const char *tmp_path),
                       struct error *err);

#endif
