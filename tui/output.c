#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* errno of the first failed write; 0 while every write succeeded. */
static int failed;

static bool check(bool ok)
{
    if (!ok && !failed) {
        /* A write outside this module failed first (readline writes its
         * prompt to stdout): write again to learn why. */
        if (!errno) {
            clearerr(stdout);
            fflush(stdout);
        }
        failed = errno ? errno : EIO;
    }
    return ok;
}

bool output_write(const char *s)
{
    if (failed)
        return false;
    errno = 0;
    return check(fputs(s, stdout) != EOF && !ferror(stdout));
}

bool output_flush(void)
{
    if (failed)
        return false;
    errno = 0;
    return check(fflush(stdout) == 0 && !ferror(stdout));
}

int output_fail(const char *where)
{
    /* A reader that stops reading (`klx --json | head -1`) normally ends
     * klx by SIGPIPE, silently, and the shell sees status 141 (128 +
     * SIGPIPE). When SIGPIPE is ignored, the write fails with EPIPE
     * instead; klx then ends the same way as far as its caller can tell:
     * no message (the reader chose to stop; a message would be noise, as
     * it is from other tools) and status 141, which is not success (the
     * output is incomplete, so `set -o pipefail` still notices) and
     * follows the 128 + signal convention klx uses for SIGTERM (143). */
    if (failed == EPIPE)
        return 141;
    fprintf(stderr, _("klx: %scannot write output: %s\n"), where,
            strerror(failed ? failed : EIO));
    return 1;
}
