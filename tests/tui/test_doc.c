/* Unit tests for tui/doc: a help text's list of items ("  USAGE  text")
 * stays a list in the README's command table and in the man page, rather
 * than running into the prose around it. */
#include "../test_util.h"

#include <string.h>

#include "doc.h"

/* The row of the README's command table for `usage`. */
static char *md_row(struct buf *b, const char *usage)
{
    char head[64];
    snprintf(head, sizeof head, "\n| `%s` | ", usage);
    char *row = strstr(b->s, head);
    assert_non_null(row);
    char *end = strchr(row + 1, '\n');
    assert_non_null(end);
    *end = '\0';
    return row + 1;
}

static void test_markdown_items(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    doc_commands_markdown(&b);
    const char *p = md_row(&b, "p V1 V2 ...");
    /* the prose, then each item on a line of its own, then the prose */
    assert_non_null(strstr(p, "(labels become its support):<br>"
                              "`binom N THETA`: 0..N<br>"
                              "`poisson LAMBDA [K]`: 0..K (default: "));
    assert_non_null(strstr(p, "<br>`mix W A B`: W A + (1-W) B: mix 0.5 "
                              "(normal -2 1) (normal 2 1)<br>When the "
                              "support"));
    assert_null(strstr(p, "  "));
    buf_free(&b);
    buf_init(&b);
    doc_commands_markdown(&b);
    const char *j = md_row(&b, "joint [SUBCOMMAND]");
    /* an item's text that goes on over several lines stays one item */
    assert_non_null(strstr(j, "<br>`joint`: show the table with p(x) and "
                              "p(y), the product p(x)p(y), every cell's"));
    assert_non_null(strstr(j, "<br>`joint export FILE`: .txt, .md or .svg "
                              "(export! as save!)<br>At most 1000000"));
    buf_free(&b);
}

static void test_man_items(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    doc_man(&b);
    assert_non_null(strstr(b.s, "(labels become its support):\n.RS\n.TP\n"
                                ".B binom N THETA\n0..N\n.TP\n"
                                ".B poisson LAMBDA [K]\n"));
    assert_non_null(strstr(b.s, "(normal \\-2 1) (normal 2 1)\n.RE\n"
                                "When the support"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_items),
        cmocka_unit_test(test_man_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
