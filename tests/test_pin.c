/* Unit tests for core/pin and the `pin` / `unpin` commands: the snapshot,
 * the differences, the totals line that carries them, undo leaving the
 * snapshot alone. */
#include "test_util.h"

#include <math.h>

#include "core/command.h"
#include "core/pin.h"
#include "core/session.h"

struct fixture {
    struct session s;
    struct command c;
    struct buf out;
    struct error err;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    session_init(&f->s);   /* P = .1 .2 .3 .4, Q = .2 .3 .3 .2 */
    command_init(&f->c, &f->s);
    buf_init(&f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    command_free(&f->c);
    session_free(&f->s);
    buf_free(&f->out);
    free(f);
    return 0;
}

static void ok(struct fixture *f, const char *line)
{
    buf_reset(&f->out);
    if (command_run(&f->c, line, &f->out, &f->err) != CMD_OK)
        fail_msg("`%s` failed: %s", line, f->err.msg);
}

static void out_has(struct fixture *f, const char *text)
{
    if (!strstr(f->out.s, text))
        fail_msg("output lacks \"%s\":\n%s", text, f->out.s);
}

static void test_snapshot_and_diff(void **state)
{
    struct fixture *f = *state;
    struct pin pin;
    pin_init(&pin);
    assert_false(pin.on);
    pin_take(&pin, &f->s);
    assert_true(pin.on);
    assert_int_equal(pin.n, 4);
    assert_same_double(pin.pq, f->s.div.pq.total);
    assert_same_double(pin.qp, f->s.div.qp.total);
    struct pin_diff d;
    pin_diff(&pin, &f->s, &d);
    assert_true(d.same_n);
    assert_int_equal(d.changed, 0);
    ok(f, "set q c 0.5");   /* q: c up, the others rescaled */
    pin_diff(&pin, &f->s, &d);
    assert_int_equal(d.changed, 4);
    assert_int_equal(d.most, 2);
    struct buf b;
    buf_init(&b);
    pin_entries_line(&pin, &f->s, &b);
    assert_string_equal(b.s, "since the pin 4 of 4 entries changed; most c:"
                             " q 0.300000 -> 0.500000\n");
    buf_reset(&b);
    pin_line(&pin, &f->s, &b);
    char want[256];
    snprintf(want, sizeof want, "pinned: KL(P||Q) 0.126851 -> %.6f (%+.6f)",
             f->s.div.pq.total, f->s.div.pq.total - pin.pq);
    if (!strstr(b.s, want))
        fail_msg("\"%s\" lacks \"%s\"", b.s, want);
    ok(f, "add e 0.1 0.1");
    pin_diff(&pin, &f->s, &d);
    assert_false(d.same_n);
    buf_reset(&b);
    pin_entries_line(&pin, &f->s, &b);
    assert_string_equal(b.s, "pinned P and Q had 4 entries, now 5\n");
    buf_free(&b);
    pin_free(&pin);
    assert_false(pin.on);
}

/* `pin` keeps the snapshot, every change's totals then carry the pinned
 * values, undo leaves the snapshot, `unpin` forgets it. */
static void test_commands(void **state)
{
    struct fixture *f = *state;
    ok(f, "unpin");
    out_has(f, "nothing is pinned");
    ok(f, "pin");
    out_has(f, "pinned P and Q (4 entries) with KL(P||Q) = 0.126851 and "
               "KL(Q||P) = 0.121640 nats");
    ok(f, "set p a 0.2");
    out_has(f, "pinned: KL(P||Q) 0.126851 -> ");
    out_has(f, "KL(Q||P) 0.121640 -> ");
    ok(f, "undo");
    assert_true(f->c.pin.on);
    ok(f, "base 2");   /* the pinned values in the base shown */
    char want[160];
    snprintf(want, sizeof want, "pinned: KL(P||Q) %.6f (unchanged)  "
             "KL(Q||P) %.6f (unchanged) bits", f->s.div.pq.total / log(2),
             f->s.div.qp.total / log(2));
    out_has(f, want);
    ok(f, "unpin");
    out_has(f, "unpinned");
    assert_false(f->c.pin.on);
    ok(f, "set p a 0.2");
    assert_null(strstr(f->out.s, "pinned"));
    assert_int_equal(command_run(&f->c, "pin now", &f->out, &f->err),
                     CMD_ERROR);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_snapshot_and_diff),
        T(test_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
