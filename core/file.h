/* file: crash-safe writes.
 *
 * A save must never leave half a file: the data goes to a temporary file in
 * the same directory (so the rename cannot cross file systems), is synced
 * to disk, and only then renamed over the target, which POSIX makes atomic.
 * A crash at any moment leaves either the old file or the new one.
 *
 * What a save writes to:
 * - a symbolic link is followed: the file it points to is replaced (in its
 *   own directory), and the link stays a link;
 * - an existing file keeps its mode, and its owner and group where the
 *   system permits; a read-only file, or one with other hard links (which
 *   a rename would leave holding the old data), is refused unless forced;
 * - a character device or a pipe (/dev/null, /dev/stdout, a FIFO) is
 *   written directly, as it cannot be replaced; a directory, block device
 *   or socket is refused.
 * The temporary file is named FILE.tmp-XXXXXX, with FILE shortened if
 * needed so that the name fits the file system's 255 bytes. It is locked
 * while its save runs, so that a temporary left by a killed save can be
 * told apart: the next save of the same file removes those. */
#ifndef KLX_FILE_H
#define KLX_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

enum file_flags {
    /* Replace a read-only file, or one with other hard links. */
    FILE_FORCE = 1,
    /* A new file gets mode 0600 (before the umask) instead of 0666. */
    FILE_PRIVATE = 2,
};

/* Writes len bytes to path atomically (flags: enum file_flags).
 * `before_rename`, when not NULL, is called with the synced temporary
 * file's path just before the rename; returning false abandons the write as
 * a crash would (tests use this to check that the old file survives). */
bool file_write_atomic(const char *path, const char *data, size_t len,
                       unsigned flags,
                       bool (*before_rename)(const char *tmp_path),
                       struct error *err);

/* The temporary files that saves of path killed before their rename left
 * behind (none while their save is still running): appends each one's
 * path and a newline to `names` and returns how many. */
size_t file_stale_temps(const char *path, struct buf *names);

#endif
