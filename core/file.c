/* flock() is outside _XOPEN_SOURCE; glibc declares it with _DEFAULT_SOURCE.
 * It marks a temporary file as belonging to a save that is still running. */
#define _DEFAULT_SOURCE
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "i18n.h"

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

#define TMP_TAG ".tmp-"
#define TMP_RAND "XXXXXX"
enum { TMP_EXTRA = sizeof TMP_TAG - 1 + sizeof TMP_RAND - 1 };

/* Links longer than this chain are a loop, as the kernel counts them. */
enum { MAX_LINK_HOPS = 40 };

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

/* The directory part of path with its trailing slash ("" for none). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* How much of a file name its temporaries keep: all of it, or as much as
 * leaves room for the suffix within NAME_MAX, cut at a UTF-8 boundary. */
static size_t temp_stem_len(const char *base)
{
    size_t n = strlen(base);
    if (n <= NAME_MAX - TMP_EXTRA)
        return n;
    n = NAME_MAX - TMP_EXTRA;
    while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Follows a chain of symbolic links whose last one dangles, so that the
 * save creates the file the link names instead of replacing the link. */
static bool follow_dangling(const char *path, char **out, struct error *err)
{
    char *cur = xstrdup(path);
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
            *out = cur;
            return true;
        }
        char link[PATH_MAX];
        ssize_t n = hops < MAX_LINK_HOPS
                        ? readlink(cur, link, sizeof link - 1)
                        : (errno = ELOOP, -1);
        if (n < 0) {
            int e = errno;
            free(cur);
            return error_set(err, _("%s: cannot save: %s"), path, strerror(e));
        }
        link[n] = '\0';
        struct buf next;
        buf_init(&next);
        if (link[0] != '/')
            buf_append_n(&next, cur, dir_len(cur));
        buf_append(&next, link);
        free(cur);
        cur = buf_take(&next);
        buf_free(&next);
    }
}

/* Where a save of path goes: *real is the file to replace or create, with
 * symbolic links followed; *exists says whether it exists, with *st. */
static bool find_target(const char *path, char **real, struct stat *st,
                        bool *exists, struct error *err)
{
    *exists = stat(path, st) == 0;
    if (!*exists) {
        if (errno != ENOENT)
            return error_set(err, _("%s: cannot save: %s"), path,
                             strerror(errno));
        return follow_dangling(path, real, err);
    }
    if (!S_ISREG(st->st_mode)) {
        *real = xstrdup(path);
        return true;
    }
    *real = realpath(path, NULL);
    if (!*real)
        return error_set(err, _("%s: cannot save: %s"), path, strerror(errno));
    return true;
}

/* Devices and pipes cannot be replaced by a rename: they are written as
 * they are. Nothing else that is not a regular file is written at all. */
static bool write_special(const char *path, const struct stat *st,
                          const char *data, size_t len, struct error *err)
{
    if (S_ISDIR(st->st_mode))
        return error_set(err, _("%s: cannot save: Is a directory (hint: name "
                            "a file in it)"), path);
    if (!S_ISCHR(st->st_mode) && !S_ISFIFO(st->st_mode))
        return error_set(err, _("%s: cannot save: it is a %s, not a file "
                            "(hint: save to a regular file)"), path,
                         S_ISBLK(st->st_mode) ? _("block device")
                         : S_ISSOCK(st->st_mode) ? _("socket")
                                                 : _("special file"));
    /* Non-blocking open: a FIFO nobody reads fails at once (ENXIO)
     * instead of hanging. The writes themselves block as usual. */
    int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENXIO && S_ISFIFO(st->st_mode))
            return error_set(err, _("%s: cannot save: nothing is reading "
                                "from this pipe"), path);
        return error_set(err, _("%s: cannot save: %s"), path, strerror(errno));
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    bool ok = write_fully(fd, data, len);
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok)
        return error_set(err, _("%s: cannot save: %s"), path, strerror(e));
    return true;
}

/* A rename replaces a file its user may not write, and gives only this
 * name the new data: both need the user to insist. */
static bool may_replace(const char *path, const char *real,
                        const struct stat *st, unsigned flags,
                        struct error *err)
{
    if (flags & FILE_FORCE)
        return true;
    /* Root may write anything, so a file with no write bit at all counts
     * as read-only too (as in vi). */
    if ((st->st_mode & 0222) == 0 ||
        (access(real, W_OK) != 0 && errno == EACCES))
        return error_set(err, _("%s: cannot save: the file is read-only "
                            "(hint: save! or export! replaces it anyway)"),
                         path);
    if (st->st_nlink > 1)
        return error_set(err, _("%s: cannot save: the file has %ju hard "
                            "links, and the others would keep the old data "
                            "(hint: save! or export! replaces this one "
                            "anyway)"),
                         path, (uintmax_t)st->st_nlink);
    return true;
}

/* The new file is like the old one: owner and group first (chown clears
 * the set-ID bits), then the mode. A user who may not give the file away
 * keeps it, with the old group where they belong to it. */
static void copy_owner_and_mode(int fd, const struct stat *old, bool exists,
                                unsigned flags)
{
    if (!exists) {
        /* mkstemp makes the file 0600; a saved file should be like any
         * file the user creates. */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, ((flags & FILE_PRIVATE) ? 0600 : 0666) & ~mask);
        return;
    }
    struct stat now;
    if (fstat(fd, &now) == 0 &&
        (now.st_uid != old->st_uid || now.st_gid != old->st_gid) &&
        fchown(fd, old->st_uid, old->st_gid) != 0 &&
        fchown(fd, (uid_t)-1, old->st_gid) != 0) {
        /* not permitted: the file stays the user's */
    }
    fchmod(fd, old->st_mode & 07777);
}

/* Makes the rename itself durable. Best effort: some file systems cannot
 * sync a directory, and the data is safe either way. */
static void sync_dir(const char *real)
{
    size_t d = dir_len(real);
    char *dir = d ? xstrndup(real, d) : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* The temporaries of saves of `real` that were killed: regular files of
 * this user named like them that nobody holds locked. Removes them, or
 * appends their paths to names. */
static size_t stale_scan(const char *real, bool remove, struct buf *names)
{
    size_t d = dir_len(real);
    const char *base = real + d;
    size_t stem = temp_stem_len(base);
    char *dir = d ? xstrndup(real, d) : xstrdup(".");
    DIR *dp = opendir(dir);
    free(dir);
    if (!dp)
        return 0;
    size_t count = 0;
    struct buf full;
    buf_init(&full);
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        const char *n = e->d_name;
        if (strlen(n) != stem + TMP_EXTRA || strncmp(n, base, stem) != 0 ||
            strncmp(n + stem, TMP_TAG, sizeof TMP_TAG - 1) != 0)
            continue;
        const char *r = n + stem + sizeof TMP_TAG - 1;
        bool random = true;
        for (; *r; r++)
            random = random && ((*r >= 'a' && *r <= 'z') ||
                                (*r >= 'A' && *r <= 'Z') ||
                                (*r >= '0' && *r <= '9'));
        if (!random)
            continue;
        buf_reset(&full);
        buf_append_n(&full, real, d);
        buf_append(&full, n);
        int fd = open(full.s, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid() && flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (!remove) {
                buf_printf(names, "%s\n", full.s);
                count++;
            } else if (unlink(full.s) == 0) {
                count++;
            }
        }
        close(fd);
    }
    closedir(dp);
    buf_free(&full);
    return count;
}

size_t file_stale_temps(const char *path, struct buf *names)
{
    char *real = realpath(path, NULL);
    if (!real)
        return 0;
    size_t n = stale_scan(real, false, names);
    free(real);
    return n;
}

bool file_write_atomic(const char *path, const char *data, size_t len,
                       unsigned flags,
                       bool (*before_rename)(const char *tmp_path),
                       struct error *err)
{
    char *real = NULL;
    struct stat st;
    bool exists;
    if (!find_target(path, &real, &st, &exists, err))
        return false;
    if (exists && !S_ISREG(st.st_mode)) {
        bool ok = write_special(path, &st, data, len, err);
        free(real);
        return ok;
    }
    if (exists && !may_replace(path, real, &st, flags, err)) {
        free(real);
        return false;
    }
    size_t d = dir_len(real);
    struct buf tmp;
    buf_init(&tmp);
    buf_append_n(&tmp, real, d + temp_stem_len(real + d));
    buf_append(&tmp, TMP_TAG TMP_RAND);
    int fd = mkstemp(tmp.s);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            error_set(err, _("%s: cannot save: %s"), path, strerror(e));
        else
            error_set(err, _("%s: cannot save: cannot create a temporary file "
                         "in %.*s: %s (hint: a save writes a new file next to "
                         "the old one, so the directory must be writable)"),
                      path, d > 1 ? (int)d - 1 : 1, d ? real : ".",
                      strerror(e));
        buf_free(&tmp);
        free(real);
        return false;
    }
    /* Held until the rename: a temporary nobody holds is a killed save's. */
    flock(fd, LOCK_EX);
    copy_owner_and_mode(fd, &st, exists, flags);

    bool ok = write_fully(fd, data, len) && fsync(fd) == 0;
    int e = errno;
    if (ok && before_rename && !before_rename(tmp.s)) {
        unlink(tmp.s);   /* an abandoned save leaves nothing behind */
        close(fd);
        buf_free(&tmp);
        free(real);
        return error_set(err, _("%s: save interrupted (test fault hook)"),
                         path);
    }
    if (ok && rename(tmp.s, real) != 0) {
        ok = false;
        e = errno;
    }
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok) {
        sync_dir(real);
        stale_scan(real, true, NULL);
    } else {
        unlink(tmp.s);
        error_set(err, _("%s: cannot save: %s"), path, strerror(e));
    }
    buf_free(&tmp);
    free(real);
    return ok;
}
