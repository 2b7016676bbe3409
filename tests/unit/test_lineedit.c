/* Unit tests of monitor/lineedit.c: editing keys, line endings, escape sequences, overflow. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fake_mon_platform.h"
#include "lineedit.h"

/* The editor under test and the console it echoes to. */
struct ctx {
	struct fake f;
	struct mon_line l;
};

static int setup(void **state)
{
	static struct ctx c;

	fake_init(&c.f, 0);
	mon_line_init(&c.l);
	*state = &c;
	return 0;
}

static enum mon_line_event feed(struct ctx *c, int v)
{
	return mon_line_feed(&c->l, v, &c->f.con);
}

/* Feeds the bytes of @s; all but the last must leave the line BUSY. Returns the last event. */
static enum mon_line_event feed_str(struct ctx *c, const char *s)
{
	enum mon_line_event ev = MON_LINE_BUSY;

	for (; *s != '\0'; s++) {
		assert_int_equal(ev, MON_LINE_BUSY);
		ev = feed(c, (unsigned char)*s);
	}
	return ev;
}

static void test_printable_stored_and_echoed(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(feed_str(c, "Hello, world ~!"), MON_LINE_BUSY);
	assert_string_equal(c->l.buf, "Hello, world ~!");
	assert_int_equal(c->l.len, 15);
	assert_string_equal(c->f.out, "Hello, world ~!");
	assert_int_equal(feed(c, '\r'), MON_LINE_READY);
	assert_string_equal(c->l.buf, "Hello, world ~!");
	assert_string_equal(c->f.out, "Hello, world ~!\n");
	mon_line_clear(&c->l);
	assert_string_equal(c->l.buf, "");
	assert_int_equal(c->l.len, 0);
}

static void test_backspace_and_del(void **state)
{
	struct ctx *c = *state;

	feed_str(c, "abc");
	assert_int_equal(feed(c, 0x08), MON_LINE_BUSY);
	assert_string_equal(c->l.buf, "ab");
	assert_int_equal(feed(c, 0x7f), MON_LINE_BUSY);
	assert_string_equal(c->l.buf, "a");
	feed_str(c, "z");
	assert_string_equal(c->l.buf, "az");
	assert_string_equal(c->f.out, "abc\b \b\b \bz");
}

static void test_backspace_on_empty_line(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(feed(c, 0x08), MON_LINE_BUSY);
	assert_int_equal(feed(c, 0x7f), MON_LINE_BUSY);
	feed_str(c, "x\b\b\b");
	assert_string_equal(c->l.buf, "");
	assert_string_equal(c->f.out, "x\b \b");
}

static void test_ctrl_u(void **state)
{
	struct ctx *c = *state;

	feed_str(c, "abc\x15");
	assert_string_equal(c->l.buf, "");
	assert_string_equal(c->f.out, "abc\b \b\b \b\b \b");
	fake_clear_output(&c->f);
	feed_str(c, "\x15");
	assert_string_equal(c->f.out, "");
	feed_str(c, "d");
	assert_string_equal(c->l.buf, "d");
}

static void test_ctrl_c(void **state)
{
	struct ctx *c = *state;

	feed_str(c, "abc");
	assert_int_equal(feed(c, 0x03), MON_LINE_CANCELLED);
	assert_string_equal(c->l.buf, "");
	assert_string_equal(c->f.out, "abc^C\n");
	assert_int_equal(feed(c, 0x03), MON_LINE_CANCELLED);
	assert_string_equal(c->f.out, "abc^C\n^C\n");
}

static void test_break(void **state)
{
	struct ctx *c = *state;

	feed_str(c, "abc");
	assert_int_equal(feed(c, MON_CON_BREAK), MON_LINE_CANCELLED);
	assert_string_equal(c->l.buf, "");
	assert_string_equal(c->f.out, "abc^C\n");
}

static void test_cr_lf_crlf(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(feed_str(c, "a\r"), MON_LINE_READY);
	mon_line_clear(&c->l);
	assert_int_equal(feed(c, '\n'), MON_LINE_BUSY); /* the LF of CRLF */
	assert_int_equal(feed_str(c, "b\n"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "b");
	mon_line_clear(&c->l);
	assert_int_equal(feed(c, '\n'), MON_LINE_READY); /* LF LF: two lines */
	assert_string_equal(c->l.buf, "");
	assert_int_equal(feed(c, '\r'), MON_LINE_READY); /* LF CR: two lines */
	assert_int_equal(feed(c, '\r'), MON_LINE_READY); /* CR CR: two lines */
	assert_string_equal(c->f.out, "a\nb\n\n\n\n");
}

static void test_lf_after_cr_only_right_after(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(feed(c, '\r'), MON_LINE_READY);
	assert_int_equal(feed(c, MON_CON_NONE), MON_LINE_BUSY); /* nothing came in */
	assert_int_equal(feed(c, '\n'), MON_LINE_BUSY);
	assert_int_equal(feed(c, '\r'), MON_LINE_READY);
	assert_int_equal(feed(c, 'x'), MON_LINE_BUSY);
	assert_int_equal(feed(c, '\n'), MON_LINE_READY);
	assert_string_equal(c->l.buf, "x");
}

static void test_escape_sequences_ignored(void **state)
{
	struct ctx *c = *state;

	feed_str(c, "a\x1b[Ab\x1b[Dc\x1bOBd\x1b[1;5Ce\x1b[3~f\x1b[200~g");
	assert_string_equal(c->l.buf, "abcdefg");
	assert_string_equal(c->f.out, "abcdefg");
}

static void test_escape_then_other_byte(void **state)
{
	struct ctx *c = *state;

	/* Esc alone is dropped; what follows it, if not '[' or 'O', is ordinary input */
	feed_str(c, "\x1bx\x1b\x1by");
	assert_string_equal(c->l.buf, "xy");
	assert_int_equal(feed_str(c, "\x1b\r"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "xy");
	mon_line_clear(&c->l);
	assert_int_equal(feed_str(c, "z\x1b[\x03"), MON_LINE_CANCELLED);
	assert_int_equal(feed_str(c, "\x1b[1\r"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "");
	mon_line_clear(&c->l);
	assert_int_equal(feed_str(c, "q\x1b[1"), MON_LINE_BUSY);
	assert_int_equal(feed(c, MON_CON_BREAK), MON_LINE_CANCELLED);
	feed_str(c, "\x1b[\x08r");
	assert_string_equal(c->l.buf, "r");
	assert_string_equal(c->f.out, "xy\nz^C\n\nq^C\nr");
}

static void test_other_control_bytes_ignored(void **state)
{
	struct ctx *c = *state;
	int v;

	for (v = 0; v < 0x20; v++) {
		if (v == 0x03 || v == 0x08 || v == 0x0a || v == 0x0d || v == 0x15 || v == 0x1b)
			continue;
		feed(c, 'a');
		assert_int_equal(feed(c, v), MON_LINE_BUSY);
	}
	for (v = 0x80; v <= 0xff; v++)
		assert_int_equal(feed(c, v), MON_LINE_BUSY);
	assert_int_equal(c->l.len, 26);
	assert_int_equal(c->f.out_len, 26);
}

/* Ctrl-V stores the next printable byte as it is: '?' with help_key set is typed, not help. */
static void test_ctrl_v_quotes_question_mark(void **state)
{
	struct ctx *c = *state;

	c->l.help_key = true;
	assert_int_equal(feed_str(c, "a?"), MON_LINE_HELP);
	assert_string_equal(c->l.buf, "a");
	assert_int_equal(feed(c, 0x16), MON_LINE_BUSY);
	assert_int_equal(feed(c, '?'), MON_LINE_BUSY);
	assert_int_equal(feed_str(c, "b=1"), MON_LINE_BUSY);
	assert_string_equal(c->l.buf, "a?b=1");
	/* the quote lasts one value: the next '?' asks for help again */
	assert_int_equal(feed(c, '?'), MON_LINE_HELP);
	assert_string_equal(c->l.buf, "a?b=1");
	/* Ctrl-V then a control value: that value alone (Ctrl-C still discards the line) */
	assert_int_equal(feed(c, 0x16), MON_LINE_BUSY);
	assert_int_equal(feed(c, 0x03), MON_LINE_CANCELLED);
	assert_string_equal(c->l.buf, "");
	assert_int_equal(feed(c, 0x16), MON_LINE_BUSY);
	assert_int_equal(feed(c, '\r'), MON_LINE_READY);
	assert_string_equal(c->l.buf, "");
	mon_line_clear(&c->l);
	assert_int_equal(feed(c, '?'), MON_LINE_HELP);
}

static void test_full_line_accepted(void **state)
{
	struct ctx *c = *state;
	char line[MON_LINE_MAX + 2];

	memset(line, 'x', MON_LINE_MAX);
	line[MON_LINE_MAX] = '\r';
	line[MON_LINE_MAX + 1] = '\0';
	assert_int_equal(feed_str(c, line), MON_LINE_READY);
	assert_int_equal(c->l.len, MON_LINE_MAX);
	assert_int_equal(strlen(c->l.buf), MON_LINE_MAX);
	assert_false(c->l.overlong);
}

static void test_overlong_refused(void **state)
{
	struct ctx *c = *state;
	char line[MON_LINE_MAX + 1];

	memset(line, 'x', MON_LINE_MAX);
	line[MON_LINE_MAX] = '\0';
	feed_str(c, line);
	fake_clear_output(&c->f);
	feed_str(c, "yz");
	assert_string_equal(c->f.out, "\a\a");
	assert_int_equal(c->l.len, MON_LINE_MAX);
	assert_string_equal(c->l.buf, line);
	/* erasing some characters does not make the line whole again */
	feed_str(c, "\b\b");
	assert_int_equal(c->l.len, MON_LINE_MAX - 2);
	assert_int_equal(feed(c, '\r'), MON_LINE_OVERLONG);
	assert_string_equal(c->f.out, "\a\a\b \b\b \b\n");
	assert_string_equal(c->l.buf, "");
	assert_false(c->l.overlong);
	assert_int_equal(feed_str(c, "ok\r"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "ok");
}

static void test_overlong_cleared_by_ctrl_u_and_ctrl_c(void **state)
{
	struct ctx *c = *state;
	char line[MON_LINE_MAX + 2];

	memset(line, 'x', MON_LINE_MAX + 1);
	line[MON_LINE_MAX + 1] = '\0';
	feed_str(c, line);
	assert_true(c->l.overlong);
	feed(c, 0x15);
	assert_false(c->l.overlong);
	assert_int_equal(feed_str(c, "a\r"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "a");
	mon_line_clear(&c->l);
	feed_str(c, line);
	assert_int_equal(feed(c, 0x03), MON_LINE_CANCELLED);
	assert_int_equal(feed_str(c, "b\r"), MON_LINE_READY);
	assert_string_equal(c->l.buf, "b");
}

static void test_empty_line(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(feed(c, '\r'), MON_LINE_READY);
	assert_string_equal(c->l.buf, "");
	assert_string_equal(c->f.out, "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_printable_stored_and_echoed, setup),
		cmocka_unit_test_setup(test_backspace_and_del, setup),
		cmocka_unit_test_setup(test_backspace_on_empty_line, setup),
		cmocka_unit_test_setup(test_ctrl_u, setup),
		cmocka_unit_test_setup(test_ctrl_c, setup),
		cmocka_unit_test_setup(test_break, setup),
		cmocka_unit_test_setup(test_cr_lf_crlf, setup),
		cmocka_unit_test_setup(test_lf_after_cr_only_right_after, setup),
		cmocka_unit_test_setup(test_escape_sequences_ignored, setup),
		cmocka_unit_test_setup(test_escape_then_other_byte, setup),
		cmocka_unit_test_setup(test_other_control_bytes_ignored, setup),
		cmocka_unit_test_setup(test_ctrl_v_quotes_question_mark, setup),
		cmocka_unit_test_setup(test_full_line_accepted, setup),
		cmocka_unit_test_setup(test_overlong_refused, setup),
		cmocka_unit_test_setup(test_overlong_cleared_by_ctrl_u_and_ctrl_c, setup),
		cmocka_unit_test_setup(test_empty_line, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
