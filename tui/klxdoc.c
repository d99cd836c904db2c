/* klx-doc: prints the documentation made from klx's command and binding
 * tables (doc.h): `klx-doc keys`, `klx-doc commands` (the README's tables,
 * Markdown) or `klx-doc man` (klx.1). meson builds the man page with it;
 * a test compares the README's tables with what it prints. */
#include <stdio.h>
#include <string.h>

#include "doc.h"

int main(int argc, char **argv)
{
    struct buf b;
    buf_init(&b);
    if (argc == 2 && strcmp(argv[1], "keys") == 0) {
        doc_keys_markdown(&b);
    } else if (argc == 2 && strcmp(argv[1], "commands") == 0) {
        doc_commands_markdown(&b);
    } else if (argc == 2 && strcmp(argv[1], "man") == 0) {
        doc_man(&b);
    } else {
        fputs("usage: klx-doc keys|commands|man\n", stderr);
        buf_free(&b);
        return 2;
    }
    fputs(b.s, stdout);
    buf_free(&b);
    return fflush(stdout) == 0 ? 0 : 1;
}
