/* Unit tests for core/file: what an atomic save writes to (symbolic links,
 * devices, pipes), what it keeps (mode, owner, hard links), long names, and
 * the temporaries a killed save leaves behind. */
#define _DEFAULT_SOURCE   /* flock(), to play a save that is still running */
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/sysmacros.h>

#include "core/file.h"

struct fixture {
    char *dir;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->dir = scratch_dir();
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    scratch_remove(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static bool save(struct fixture *f, const char *path, const char *text,
                 unsigned flags)
{
    f->err.msg[0] = '\0';
    return file_write_atomic(path, text, strlen(text), flags, NULL, &f->err);
}

static void assert_file_is(const char *path, const char *text)
{
    char *s = read_file(path, NULL);
    assert_non_null(s);
    assert_string_equal(s, text);
    free(s);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode;
}

/* A save through a symbolic link replaces the file it points to, in that
 * file's directory; the link stays a link. */
static void test_symlink_followed(void **state)
{
    struct fixture *f = *state;
    char *sub = scratch_path(f->dir, "real");
    char *real = scratch_path(f->dir, "real/data.csv");
    char *link = scratch_path(f->dir, "link.csv");
    assert_int_equal(mkdir(sub, 0777), 0);
    assert_true(write_file(real, "old\n", 4));
    assert_int_equal(symlink("real/data.csv", link), 0);

    assert_true(save(f, link, "new\n", 0));
    assert_true(S_ISLNK(mode_of(link)));
    assert_file_is(real, "new\n");
    assert_int_equal(dir_count(f->dir), 2);   /* real/ and the link */
    assert_int_equal(dir_count(sub), 1);      /* no temporary left */

    /* a dangling link: the save creates the file it names */
    assert_int_equal(unlink(real), 0);
    assert_true(save(f, link, "created\n", 0));
    assert_true(S_ISLNK(mode_of(link)));
    assert_file_is(real, "created\n");

    /* a loop of links is an error, not a hang */
    char *a = scratch_path(f->dir, "loop-a");
    char *b = scratch_path(f->dir, "loop-b");
    assert_int_equal(symlink("loop-b", a), 0);
    assert_int_equal(symlink("loop-a", b), 0);
    assert_false(save(f, a, "x\n", 0));
    assert_contains(f->err.msg, "cannot save");
    assert_true(S_ISLNK(mode_of(a)));

    unlink(real);
    rmdir(sub);
    free(a);
    free(b);
    free(sub);
    free(real);
    free(link);
}

/* Devices and pipes are written as they are, never replaced by a file.
 * The devices are private copies of /dev/null and /dev/full (made where
 * mknod is allowed), so that a broken save cannot replace the system's. */
static void test_devices_written_directly(void **state)
{
    struct fixture *f = *state;
    char *null = scratch_path(f->dir, "null");
    char *full = scratch_path(f->dir, "full");
    if (mknod(null, S_IFCHR | 0666, makedev(1, 3)) == 0 &&
        mknod(full, S_IFCHR | 0666, makedev(1, 7)) == 0) {
        assert_true(save(f, null, "data\n", 0));
        assert_true(S_ISCHR(mode_of(null)));
        assert_false(save(f, full, "data\n", 0));
        char want[4300];
        snprintf(want, sizeof want, "%s: cannot save: No space left on "
                 "device", full);
        assert_string_equal(f->err.msg, want);
        assert_true(S_ISCHR(mode_of(full)));
        assert_int_equal(dir_count(f->dir), 2);
    }
    unlink(null);
    unlink(full);
    free(null);
    free(full);

    char *fifo = scratch_path(f->dir, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* nobody reading: refused at once, no hang */
    assert_false(save(f, fifo, "data\n", 0));
    assert_contains(f->err.msg, "nothing is reading from this pipe");
    /* with a reader, the data goes through the pipe */
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    assert_true(save(f, fifo, "through\n", 0));
    char got[16] = {0};
    assert_int_equal(read(rd, got, sizeof got - 1), 8);
    assert_string_equal(got, "through\n");
    close(rd);
    assert_true(S_ISFIFO(mode_of(fifo)));
    assert_int_equal(dir_count(f->dir), 1);
    free(fifo);
}

/* The new file has the old one's mode; a new file follows the umask, or is
 * private when asked. */
static void test_mode_kept(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "private.csv");
    assert_true(write_file(path, "old\n", 4));
    assert_int_equal(chmod(path, 0600), 0);
    assert_true(save(f, path, "new\n", 0));
    assert_int_equal(mode_of(path) & 07777, 0600);
    assert_int_equal(chmod(path, 0640), 0);
    assert_true(save(f, path, "newer\n", 0));
    assert_int_equal(mode_of(path) & 07777, 0640);
    assert_file_is(path, "newer\n");

    mode_t mask = umask(022);
    char *fresh = scratch_path(f->dir, "fresh.csv");
    assert_true(save(f, fresh, "x\n", 0));
    assert_int_equal(mode_of(fresh) & 07777, 0644);
    char *hist = scratch_path(f->dir, "history");
    assert_true(save(f, hist, "x\n", FILE_PRIVATE));
    assert_int_equal(mode_of(hist) & 07777, 0600);
    umask(mask);
    free(hist);
    free(fresh);
    free(path);
}

/* Root's save gives the file back to its owner and group. */
static void test_owner_kept(void **state)
{
    struct fixture *f = *state;
    if (geteuid() != 0) {
        skip();
        return;
    }
    char *path = scratch_path(f->dir, "theirs.csv");
    assert_true(write_file(path, "old\n", 4));
    assert_int_equal(chown(path, 65534, 65534), 0);
    assert_int_equal(chmod(path, 0640), 0);
    assert_true(save(f, path, "new\n", 0));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_uid, 65534);
    assert_int_equal(st.st_gid, 65534);
    assert_int_equal(st.st_mode & 07777, 0640);
    free(path);
}

/* A read-only file is refused and left alone unless forced; forced, it
 * stays read-only. */
static void test_read_only_refused(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "ro.csv");
    assert_true(write_file(path, "old\n", 4));
    assert_int_equal(chmod(path, 0444), 0);
    assert_false(save(f, path, "new\n", 0));
    assert_starts_with(f->err.msg, path);
    assert_contains(f->err.msg, ": cannot save: the file is read-only "
                    "(hint: save! ");
    assert_file_is(path, "old\n");
    assert_int_equal(dir_count(f->dir), 1);
    assert_true(save(f, path, "new\n", FILE_FORCE));
    assert_file_is(path, "new\n");
    assert_int_equal(mode_of(path) & 07777, 0444);
    free(path);
}

/* A file with other names is refused unless forced: a rename would give
 * only this name the new data. */
static void test_hard_links_refused(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "a.csv");
    char *other = scratch_path(f->dir, "b.csv");
    assert_true(write_file(path, "old\n", 4));
    assert_int_equal(link(path, other), 0);
    assert_false(save(f, path, "new\n", 0));
    assert_contains(f->err.msg, "cannot save: the file has 2 hard links");
    assert_file_is(path, "old\n");
    assert_true(save(f, path, "new\n", FILE_FORCE));
    assert_file_is(path, "new\n");
    assert_file_is(other, "old\n");
    free(other);
    free(path);
}

static char hook_tmp[4200];

static bool remember_tmp(const char *tmp)
{
    snprintf(hook_tmp, sizeof hook_tmp, "%s", tmp);
    return true;
}

/* Names up to the file system's 255 bytes can be saved: the temporary
 * file's name is cut to fit (at a UTF-8 boundary). */
static void test_long_names(void **state)
{
    struct fixture *f = *state;
    for (size_t len = 240; len <= 255; len += 5) {
        char name[256];
        memset(name, 'n', len);
        name[len] = '\0';
        char *path = scratch_path(f->dir, name);
        hook_tmp[0] = '\0';
        assert_true(file_write_atomic(path, "x\n", 2, 0, remember_tmp,
                                      &f->err));
        assert_file_is(path, "x\n");
        const char *base = strrchr(hook_tmp, '/') + 1;
        assert_true(strlen(base) <= 255);
        assert_int_equal(strncmp(base, name, strlen(base) - 11), 0);
        unlink(path);
        free(path);
    }
    /* 84 three-byte characters (252 bytes): the cut keeps whole ones */
    char name[256] = "";
    for (int i = 0; i < 84; i++)
        strcat(name, "\xe2\x82\xac");
    char *path = scratch_path(f->dir, name);
    assert_true(file_write_atomic(path, "x\n", 2, 0, remember_tmp,
                                  &f->err));
    const char *base = strrchr(hook_tmp, '/') + 1;
    assert_int_equal(strlen(base), 81 * 3 + 11);
    assert_int_equal(strncmp(base, name, 81 * 3), 0);
    assert_int_equal(dir_count(f->dir), 1);
    free(path);
}

/* Temporaries nobody holds are a killed save's: listed for the user and
 * removed by the next save of the same file; a running save's (locked)
 * and other files' are not touched. */
static void test_stale_temps(void **state)
{
    struct fixture *f = *state;
    char *path = scratch_path(f->dir, "t.csv");
    char *stale = scratch_path(f->dir, "t.csv.tmp-Ab12Cd");
    char *live = scratch_path(f->dir, "t.csv.tmp-Zz99zz");
    char *other = scratch_path(f->dir, "u.csv.tmp-Ab12Cd");
    char *odd = scratch_path(f->dir, "t.csv.tmp-old~01");
    assert_true(write_file(path, "old\n", 4));
    assert_true(write_file(stale, "killed\n", 7));
    assert_true(write_file(live, "running\n", 8));
    assert_true(write_file(other, "x\n", 2));
    assert_true(write_file(odd, "x\n", 2));
    int fd = open(live, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);

    struct buf names;
    buf_init(&names);
    assert_int_equal(file_stale_temps(path, &names), 1);
    char want[4300];
    snprintf(want, sizeof want, "%s\n", stale);
    assert_string_equal(names.s, want);
    buf_free(&names);

    assert_true(save(f, path, "new\n", 0));
    assert_int_not_equal(access(stale, F_OK), 0);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    assert_int_equal(access(odd, F_OK), 0);
    assert_int_equal(dir_count(f->dir), 4);
    close(fd);
    free(odd);
    free(other);
    free(live);
    free(stale);
    free(path);
}

/* What cannot be saved to says why, and nothing is left behind. */
static void test_refused_targets(void **state)
{
    struct fixture *f = *state;
    assert_false(save(f, f->dir, "x\n", 0));
    assert_contains(f->err.msg, ": cannot save: Is a directory");
    char *missing = scratch_path(f->dir, "no/such/t.csv");
    assert_false(save(f, missing, "x\n", 0));
    assert_contains(f->err.msg, "cannot save: No such file or directory");
    free(missing);
    assert_int_equal(dir_count(f->dir), 0);

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int n = snprintf(addr.sun_path, sizeof addr.sun_path, "%s/sock", f->dir);
    const char *sock_path = addr.sun_path;
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sock >= 0);
    if (n > 0 && (size_t)n < sizeof addr.sun_path &&
        bind(sock, (struct sockaddr *)&addr, sizeof addr) == 0) {
        assert_false(save(f, sock_path, "x\n", 0));
        assert_contains(f->err.msg, ": cannot save: it is a socket, not a "
                        "file");
        assert_true(S_ISSOCK(mode_of(sock_path)));
        unlink(sock_path);
    }
    close(sock);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_symlink_followed),
        T(test_devices_written_directly),
        T(test_mode_kept),
        T(test_owner_kept),
        T(test_read_only_refused),
        T(test_hard_links_refused),
        T(test_long_names),
        T(test_stale_temps),
        T(test_refused_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
