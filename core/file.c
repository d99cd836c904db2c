#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

static bool write_fully(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        s += w;
        n -= (size_t)w;
    }
    return true;
}

bool file_write_atomic(const char *path, const char *data, size_t len,
                       bool (*before_rename)(const char *tmp_path),
                       struct error *err)
{
    struct buf tmp;
    buf_init(&tmp);
    buf_printf(&tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp.s);
    if (fd < 0) {
        int e = errno;
        buf_free(&tmp);
        return error_set(err, "%s: cannot save: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; a saved file should be like any file
     * the user creates. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);

    bool ok = write_fully(fd, data, len) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && before_rename && !before_rename(tmp.s)) {
        unlink(tmp.s);   /* an abandoned save leaves nothing behind */
        buf_free(&tmp);
        return error_set(err, "%s: save interrupted (test fault hook)",
                         path);
    }
    if (ok && rename(tmp.s, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp.s);
        error_set(err, "%s: cannot save: %s", path, strerror(e));
    }
    buf_free(&tmp);
    return ok;
}
