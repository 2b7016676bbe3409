/* Unit tests of monitor/cmd.c on a table of its own: prefixes, ambiguity, case, argument counts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "fake_mon_platform.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What the last handler call saw. */
struct call {
	const char *name;
	int argc;
	char argv[MON_ARGV_MAX][MON_LINE_MAX + 1];
	int calls;
};

static struct call last;

static int record(const char *name, int argc, char **argv)
{
	int i;

	last.name = name;
	last.argc = argc;
	for (i = 0; i < argc; i++)
		strcpy(last.argv[i], argv[i]);
	last.calls++;
	return 0;
}

static int run_bet(void *m, int argc, char **argv)
{
	(void)m;
	return record("bet", argc, argv);
}

static int run_beta(void *m, int argc, char **argv)
{
	(void)m;
	return record("beta", argc, argv);
}

static int run_alpha(void *m, int argc, char **argv)
{
	(void)m;
	return record("alpha", argc, argv);
}

static int run_fail(void *m, int argc, char **argv)
{
	(void)m;
	record("fail", argc, argv);
	return -EIO;
}

static const struct cli_cmd table[] = {
	{ "alpha", "alpha", "first", MON_MODES, 0, 0, 0, run_alpha },
	{ "bet", "bet [x]", "exact name that also starts beta", MON_MODES, 0, 0, 1, run_bet },
	{ "beta", "beta [x] [y]", "second", MON_MODES, 0, 0, 2, run_beta },
	{ "betamax", "betamax", "third", MON_MODES, 0, 0, 0, run_alpha },
	{ "fail", "fail", "fails", MON_MODES, 0, 0, 0, run_fail },
};

/* The monitor the dispatcher is handed, and the console it prints to. */
struct ctx {
	struct fake f;
	struct mon m;
};

static int setup(void **state)
{
	static struct ctx c;

	fake_init(&c.f, 2);
	memset(&c.m, 0, sizeof(c.m));
	c.m.plat = &c.f.plat;
	memset(&last, 0, sizeof(last));
	*state = &c;
	return 0;
}

static int exec(struct ctx *c, const char *line)
{
	char buf[512];

	strcpy(buf, line);
	return mon_cmd_exec(&c->m, table, ARRAY_SIZE(table), buf);
}

static void test_find(void **state)
{
	const struct cli_cmd *cmd = NULL;

	(void)state;
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "a", &cmd), 0);
	assert_ptr_equal(cmd, &table[0]);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "ALPHA", &cmd), 0);
	assert_ptr_equal(cmd, &table[0]);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "bet", &cmd), 0);
	assert_ptr_equal(cmd, &table[1]);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "BeTa", &cmd), 0);
	assert_ptr_equal(cmd, &table[2]);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "betam", &cmd), 0);
	assert_ptr_equal(cmd, &table[3]);
	cmd = NULL;
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "b", &cmd), -EINVAL);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "be", &cmd), -EINVAL);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "gamma", &cmd), -ENOENT);
	assert_int_equal(mon_cmd_find(table, ARRAY_SIZE(table), "alphas", &cmd), -ENOENT);
	assert_null(cmd);
}

static void test_prefix_runs_command(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "al"), 0);
	assert_string_equal(last.name, "alpha");
	assert_int_equal(last.argc, 1);
	assert_string_equal(last.argv[0], "al");
	assert_string_equal(c->f.out, "");
}

static void test_case_insensitive(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "BETA One tWo"), 0);
	assert_string_equal(last.name, "beta");
	assert_int_equal(last.argc, 3);
	assert_string_equal(last.argv[0], "BETA");
	assert_string_equal(last.argv[1], "One"); /* arguments keep their case */
	assert_string_equal(last.argv[2], "tWo");
}

static void test_blanks_and_tabs(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, " \t bet\t\t x  "), 0);
	assert_string_equal(last.name, "bet");
	assert_int_equal(last.argc, 2);
	assert_string_equal(last.argv[1], "x");
}

static void test_blank_line_does_nothing(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, ""), 0);
	assert_int_equal(exec(c, "  \t "), 0);
	assert_int_equal(last.calls, 0);
	assert_string_equal(c->f.out, "");
}

static void test_unknown(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "gamma 1"), -ENOENT);
	assert_string_equal(c->f.out, "Unknown command 'gamma'. Use ? for help.\n");
	fake_clear_output(&c->f);
	assert_int_equal(exec(c, "Alphabet"), -ENOENT);
	assert_string_equal(c->f.out, "Unknown command 'Alphabet'. Use ? for help.\n");
	assert_int_equal(last.calls, 0);
}

static void test_unknown_wins_over_too_many(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "zz 1 2 3 4 5 6"), -ENOENT);
	assert_string_equal(c->f.out, "Unknown command 'zz'. Use ? for help.\n");
}

static void test_ambiguous(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "B"), -EINVAL);
	assert_string_equal(c->f.out, "Ambiguous command 'B': bet beta betamax\n");
	assert_int_equal(last.calls, 0);
}

static void test_too_many_arguments(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "al x"), -E2BIG);
	assert_string_equal(c->f.out, "alpha: too many arguments\n");
	fake_clear_output(&c->f);
	assert_int_equal(exec(c, "beta 1 2 3"), -E2BIG);
	assert_string_equal(c->f.out, "beta: too many arguments\n");
	fake_clear_output(&c->f);
	/* more words than the dispatcher keeps */
	assert_int_equal(exec(c, "beta 1 2 3 4 5 6 7 8 9"), -E2BIG);
	assert_string_equal(c->f.out, "beta: too many arguments\n");
	assert_int_equal(last.calls, 0);
	assert_int_equal(exec(c, "beta 1 2"), 0);
	assert_int_equal(last.calls, 1);
}

static void test_handler_error_returned(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(exec(c, "f"), -EIO);
	assert_string_equal(last.name, "fail");
}

static void test_usage_line(void **state)
{
	struct ctx *c = *state;

	mon_cmd_print_usage(&c->f.con, &table[2]);
	assert_string_equal(c->f.out, "beta [x] [y]        second\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_find, setup),
		cmocka_unit_test_setup(test_prefix_runs_command, setup),
		cmocka_unit_test_setup(test_case_insensitive, setup),
		cmocka_unit_test_setup(test_blanks_and_tabs, setup),
		cmocka_unit_test_setup(test_blank_line_does_nothing, setup),
		cmocka_unit_test_setup(test_unknown, setup),
		cmocka_unit_test_setup(test_unknown_wins_over_too_many, setup),
		cmocka_unit_test_setup(test_ambiguous, setup),
		cmocka_unit_test_setup(test_too_many_arguments, setup),
		cmocka_unit_test_setup(test_handler_error_returned, setup),
		cmocka_unit_test_setup(test_usage_line, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
