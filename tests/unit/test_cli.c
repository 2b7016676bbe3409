/* Unit tests of cli/cli.c on a table of its own: matching, abbreviations, modes, no forms, help. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "cli/cli.h"
#include "fake_mon_platform.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define MODE_A 0 /* most commands, and their no forms */
#define MODE_B 1 /* a few, none with a no form */
#define A (1u << MODE_A)
#define B (1u << MODE_B)

/* What the last handler call saw. */
struct call {
	const char *name;
	void *ctx;
	int argc;
	char argv[CLI_WORDS_MAX][MON_LINE_MAX + 1];
	int calls;
};

static struct call last;

static int record(const char *name, void *ctx, int argc, char **argv)
{
	int i;

	last.name = name;
	last.ctx = ctx;
	last.argc = argc;
	for (i = 0; i < argc; i++)
		strcpy(last.argv[i], argv[i]);
	last.calls++;
	return 0;
}

#define HANDLER(fn, name)                               \
	static int fn(void *ctx, int argc, char **argv) \
	{                                               \
		return record(name, ctx, argc, argv);   \
	}

HANDLER(run_bet, "bet")
HANDLER(run_beta, "beta")
HANDLER(run_counters, "clear counters")
HANDLER(run_log, "clear log")
HANDLER(run_debug, "debug")
HANDLER(run_delta, "delta")
HANDLER(run_names, "names")
HANDLER(run_clock, "show clock")
HANDLER(run_config, "show config")
HANDLER(run_counts, "show counts")

static int run_fail(void *ctx, int argc, char **argv)
{
	record("fail", ctx, argc, argv);
	return -EIO;
}

/*
 * "bet" is whole and starts "beta"; "clear" and "show" are groups; "debug" is hidden; "names"
 * exists only as a no form; mode B has a few commands and no no forms.
 */
static const struct cli_cmd table[] = {
	{ "bet", "bet [x]", "exact keyword that starts beta", A, 0, 0, 1, run_bet },
	{ "beta", "beta x [y]", "the longer keyword", A | B, 0, 1, 2, run_beta },
	{ "clear", "clear counters | log", "clear things", A | B, 0, 0, 0, NULL },
	{ "clear counters", "clear counters [name]", "reset the counters", A, CLI_F_NO, 0, 1,
	  run_counters },
	{ "clear log", "clear log", "empty the log", A | B, 0, 0, 0, run_log },
	{ "debug", "debug", "not listed", A, CLI_F_HIDDEN, 0, 0, run_debug },
	{ "delta", "delta name", "set the delta", A, CLI_F_NO, 1, 1, run_delta },
	{ "fail", "fail", "always fails", A, 0, 0, 0, run_fail },
	{ "names", "names", "forget the names", A, CLI_F_NO_ONLY, 0, 0, run_names },
	{ "show", "show clock | config | counts", "show things", A | B, 0, 0, 0, NULL },
	{ "show clock", "show clock", "the time", A | B, 0, 0, 0, run_clock },
	{ "show config", "show config", "the configuration", A, 0, 0, 0, run_config },
	{ "show counts", "show counts", "the counts", B, 0, 0, 0, run_counts },
};

static const struct cli_table tab = { table, ARRAY_SIZE(table) };

static struct fake f;
static char buf[MON_LINE_MAX + 1];
static char *words[CLI_WORDS_MAX];

static int setup(void **state)
{
	(void)state;
	fake_init(&f, 0);
	memset(&last, 0, sizeof(last));
	return 0;
}

/* Splits @line and matches it in @mode; returns cli_match()'s result. */
static int match(unsigned int mode, const char *line, struct cli_match *m, unsigned int *count)
{
	int n;

	strcpy(buf, line);
	n = cli_split(buf, words, CLI_WORDS_MAX);
	assert_true(n >= 0);
	*count = (unsigned int)n;
	return cli_match(&tab, mode, words, *count, m);
}

/* Matches @line in @mode and asserts the status, the command found and the word named. */
static void expect(unsigned int mode, const char *line, enum cli_status status,
		   const struct cli_cmd *cmd, unsigned int word)
{
	struct cli_match m;
	unsigned int count;
	int r = match(mode, line, &m, &count);

	assert_int_equal(m.status, status);
	assert_ptr_equal(m.cmd, cmd);
	if (status == CLI_OK)
		assert_int_equal(r, 0);
	else
		assert_true(r < 0);
	if (status == CLI_UNKNOWN || status == CLI_AMBIGUOUS || status == CLI_INCOMPLETE)
		assert_int_equal(m.word, word);
}

/* Matches and runs @line in mode A; returns cli_run()'s result (the line must match). */
static int run(const char *line)
{
	struct cli_match m;
	unsigned int count;

	assert_int_equal(match(MODE_A, line, &m, &count), 0);
	return cli_run(&tab, &m, &f, words, count);
}

/* What cli_help prints for @line in @mode. */
static const char *help(unsigned int mode, const char *line)
{
	fake_clear_output(&f);
	cli_help(&tab, mode, line, &f.con);
	return f.out;
}

static void test_exact_keyword_beats_a_longer_one(void **state)
{
	(void)state;
	expect(MODE_A, "bet", CLI_OK, &table[0], 0);
	expect(MODE_A, "BET", CLI_OK, &table[0], 0);
	expect(MODE_A, "bet 1", CLI_OK, &table[0], 0);
	expect(MODE_A, "beta 1", CLI_OK, &table[1], 0);
	expect(MODE_A, "betA 1 2", CLI_OK, &table[1], 0);
	/* in mode B "bet" is not offered: "bet" is then a unique prefix of beta */
	expect(MODE_B, "bet 1", CLI_OK, &table[1], 0);
}

static void test_unique_prefixes_at_every_level(void **state)
{
	(void)state;
	expect(MODE_A, "sh cl", CLI_OK, &table[10], 0);
	expect(MODE_A, "s con", CLI_OK, &table[11], 0);
	expect(MODE_A, "SHOW CLOCK", CLI_OK, &table[10], 0);
	expect(MODE_A, "cl c", CLI_OK, &table[3], 0);
	expect(MODE_A, "c l", CLI_OK, &table[4], 0);
	expect(MODE_A, "del x", CLI_OK, &table[6], 0);
	expect(MODE_A, "de x", CLI_AMBIGUOUS, NULL, 0); /* debug (hidden) and delta */
	/* mode B has show clock and show counts: "show co" is counts there */
	expect(MODE_B, "sh co", CLI_OK, &table[12], 0);
}

static void test_ambiguity_names_the_word(void **state)
{
	(void)state;
	expect(MODE_A, "be", CLI_AMBIGUOUS, NULL, 0);
	expect(MODE_A, "b 1", CLI_AMBIGUOUS, NULL, 0);
	expect(MODE_A, "show c", CLI_AMBIGUOUS, NULL, 1);
	expect(MODE_B, "show c", CLI_AMBIGUOUS, NULL, 1);
	expect(MODE_A, "no cl c", CLI_OK, &table[3], 0);
	expect(MODE_A, "no d x", CLI_AMBIGUOUS, NULL, 1);
}

static void test_unknown_first_word_and_later_word(void **state)
{
	(void)state;
	expect(MODE_A, "zeta", CLI_UNKNOWN, NULL, 0);
	expect(MODE_A, "betas 1", CLI_UNKNOWN, NULL, 0);
	expect(MODE_A, "show zeta", CLI_UNKNOWN, NULL, 1);
	expect(MODE_A, "clear logs", CLI_UNKNOWN, NULL, 1);
	expect(MODE_A, "no zeta", CLI_UNKNOWN, NULL, 1);
	expect(MODE_A, "no show zeta", CLI_UNKNOWN, NULL, 2);
}

static void test_incomplete_paths(void **state)
{
	struct cli_match m;
	unsigned int count;

	(void)state;
	expect(MODE_A, "show", CLI_INCOMPLETE, NULL, 1);
	expect(MODE_A, "cl", CLI_INCOMPLETE, NULL, 1);
	expect(MODE_A, "no", CLI_INCOMPLETE, NULL, 1);
	expect(MODE_A, "no clear", CLI_INCOMPLETE, NULL, 2);
	assert_int_equal(match(MODE_A, "no", &m, &count), -EINVAL);
	assert_true(m.no);
}

static void test_empty_line(void **state)
{
	struct cli_match m;
	unsigned int count;

	(void)state;
	assert_int_equal(match(MODE_A, "  \t ", &m, &count), -ENOENT);
	assert_int_equal(count, 0);
	assert_int_equal(m.status, CLI_EMPTY);
	assert_null(m.cmd);
}

static void test_argument_counts(void **state)
{
	(void)state;
	expect(MODE_A, "beta", CLI_TOO_FEW, &table[1], 0);
	expect(MODE_A, "beta 1 2 3", CLI_TOO_MANY, &table[1], 0);
	expect(MODE_A, "bet 1 2", CLI_TOO_MANY, &table[0], 0);
	expect(MODE_A, "delta", CLI_TOO_FEW, &table[6], 0);
	expect(MODE_A, "delta x y", CLI_TOO_MANY, &table[6], 0);
	expect(MODE_A, "sh cl now", CLI_TOO_MANY, &table[10], 0);
	/* the no form is not bound by min_args, but is by max_args */
	expect(MODE_A, "no delta", CLI_OK, &table[6], 0);
	expect(MODE_A, "no delta x", CLI_OK, &table[6], 0);
	expect(MODE_A, "no delta x y", CLI_TOO_MANY, &table[6], 0);
}

static void test_no_forms(void **state)
{
	struct cli_match m;
	unsigned int count;

	(void)state;
	assert_int_equal(match(MODE_A, "NO delta x", &m, &count), 0);
	assert_true(m.no);
	assert_int_equal(m.first, 1);
	assert_int_equal(match(MODE_A, "delta x", &m, &count), 0);
	assert_false(m.no);
	assert_int_equal(m.first, 0);
	/* no form only where the entry has one */
	expect(MODE_A, "no bet", CLI_NO_FORM, &table[0], 0);
	expect(MODE_A, "no show clock", CLI_NO_FORM, &table[10], 0);
	expect(MODE_A, "names", CLI_NO_FORM, &table[8], 0);
	expect(MODE_A, "no names", CLI_OK, &table[8], 0);
	expect(MODE_A, "no na", CLI_OK, &table[8], 0);
	/* "no" must be whole; "n" is a prefix of names */
	expect(MODE_A, "n", CLI_NO_FORM, &table[8], 0);
	/* mode B offers no command with a no form: "no" is an unknown word there */
	expect(MODE_B, "no clear log", CLI_UNKNOWN, NULL, 0);
}

static void test_hidden_entries_match_and_run(void **state)
{
	(void)state;
	expect(MODE_A, "debug", CLI_OK, &table[5], 0);
	expect(MODE_A, "deb", CLI_OK, &table[5], 0);
	assert_int_equal(run("deb"), 0);
	assert_string_equal(last.name, "debug");
}

static void test_modes(void **state)
{
	(void)state;
	expect(MODE_B, "show config", CLI_UNKNOWN, NULL, 1);
	expect(MODE_B, "clear counters", CLI_UNKNOWN, NULL, 1);
	expect(MODE_B, "delta x", CLI_UNKNOWN, NULL, 0);
	expect(MODE_B, "debug", CLI_UNKNOWN, NULL, 0);
	expect(MODE_A, "show counts", CLI_UNKNOWN, NULL, 1);
	expect(MODE_B, "clear log", CLI_OK, &table[4], 0);
	/* a mode no entry is offered in */
	expect(5, "show clock", CLI_UNKNOWN, NULL, 0);
}

static void test_groups_never_run(void **state)
{
	struct cli_match m;
	unsigned int count;

	(void)state;
	/* a group's path alone is incomplete, and a word after it is not its argument */
	expect(MODE_A, "clear", CLI_INCOMPLETE, NULL, 1);
	expect(MODE_A, "clear x", CLI_UNKNOWN, NULL, 1);
	/* a match forged onto the group is refused by cli_run */
	match(MODE_A, "clear x", &m, &count);
	m.status = CLI_OK;
	m.cmd = &table[2];
	m.first = 0;
	assert_int_equal(cli_run(&tab, &m, &f, words, count), -EINVAL);
	assert_int_equal(last.calls, 0);
}

static void test_run_hands_the_last_keyword_and_arguments(void **state)
{
	struct cli_match m;
	unsigned int count;

	(void)state;
	assert_int_equal(run("sh   Cl"), 0);
	assert_string_equal(last.name, "show clock");
	assert_ptr_equal(last.ctx, &f);
	assert_int_equal(last.argc, 1);
	assert_string_equal(last.argv[0], "Cl");
	assert_int_equal(run("no cl co Eth0"), 0);
	assert_string_equal(last.name, "clear counters");
	assert_int_equal(last.argc, 2);
	assert_string_equal(last.argv[0], "co");
	assert_string_equal(last.argv[1], "Eth0");
	assert_int_equal(run("beta One\ttWo"), 0);
	assert_int_equal(last.argc, 3);
	assert_string_equal(last.argv[1], "One");
	assert_string_equal(last.argv[2], "tWo");
	assert_int_equal(run("fail"), -EIO);
	assert_string_equal(last.name, "fail");
	/* a match that is not CLI_OK is not run */
	assert_int_equal(last.calls, 4);
	assert_true(match(MODE_A, "beta", &m, &count) < 0);
	assert_int_equal(cli_run(&tab, &m, &f, words, count), -EINVAL);
	assert_int_equal(last.calls, 4);
}

static void test_keyword(void **state)
{
	static const char *const speeds[] = { "auto", "100basetx", "100full", "10baset", "10full" };

	(void)state;
	assert_int_equal(cli_keyword("auto", speeds, 5), 0);
	assert_int_equal(cli_keyword("a", speeds, 5), 0);
	assert_int_equal(cli_keyword("AUTO", speeds, 5), 0);
	assert_int_equal(cli_keyword("100b", speeds, 5), 1);
	assert_int_equal(cli_keyword("100F", speeds, 5), 2);
	assert_int_equal(cli_keyword("10b", speeds, 5), 3);
	assert_int_equal(cli_keyword("10full", speeds, 5), 4);
	assert_int_equal(cli_keyword("10", speeds, 5), -EINVAL);
	assert_int_equal(cli_keyword("100", speeds, 5), -EINVAL);
	assert_int_equal(cli_keyword("1", speeds, 5), -EINVAL);
	assert_int_equal(cli_keyword("autos", speeds, 5), -ENOENT);
	assert_int_equal(cli_keyword("x", speeds, 5), -ENOENT);
	assert_int_equal(cli_keyword("", speeds, 5), -ENOENT);
	assert_int_equal(cli_keyword("auto", speeds, 0), -ENOENT);
}

static void test_keyword_exact_beats_longer(void **state)
{
	static const char *const kws[] = { "imagex", "image", "pdm" };

	(void)state;
	assert_int_equal(cli_keyword("image", kws, 3), 1);
	assert_int_equal(cli_keyword("imag", kws, 3), -EINVAL);
	assert_int_equal(cli_keyword("imagex", kws, 3), 0);
}

static void test_word_helpers(void **state)
{
	char line[64];
	char *w[2];

	(void)state;
	assert_true(cli_word_is("No", "no"));
	assert_false(cli_word_is("n", "no"));
	assert_false(cli_word_is("non", "no"));
	assert_false(cli_word_is("", "no"));
	assert_int_equal(cli_path_len("show"), 1);
	assert_int_equal(cli_path_len("show running-config"), 2);
	assert_int_equal(cli_path_len("a b c"), 3);
	assert_int_equal(cli_path_len(""), 0);
	strcpy(line, " a\tb ");
	assert_int_equal(cli_split(line, w, 2), 2);
	assert_string_equal(w[0], "a");
	assert_string_equal(w[1], "b");
	strcpy(line, "a b c");
	assert_int_equal(cli_split(line, w, 2), -E2BIG);
}

#define NO_LINE "  no                  negate a command or set its defaults\n"

static void test_help_empty_line(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, ""), "  bet                 exact keyword that starts "
					      "beta\n"
					      "  beta                the longer keyword\n"
					      "  clear               clear things\n"
					      "  delta               set the delta\n"
					      "  fail                always fails\n"
					      "  show                show things\n" NO_LINE);
	/* mode B: its own entries, and no "no" (none has a no form) */
	assert_string_equal(help(MODE_B, "  "), "  beta                the longer keyword\n"
						"  clear               clear things\n"
						"  show                show things\n");
}

static void test_help_partial_word(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "be"), "  bet                 exact keyword that starts "
						"beta\n"
						"  beta                the longer keyword\n");
	assert_string_equal(help(MODE_A, "SH"), "  show                show things\n");
	assert_string_equal(help(MODE_A, "show c"), "  clock               the time\n"
						    "  config              the configuration\n");
	assert_string_equal(help(MODE_B, "show c"), "  clock               the time\n"
						    "  counts              the counts\n");
	/* a hidden keyword is not offered, even to its own prefix */
	assert_string_equal(help(MODE_A, "deb"), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "d"), "  delta               set the delta\n");
	/* "n" starts "no" only: "names" exists only as a no form */
	assert_string_equal(help(MODE_A, "n"), NO_LINE);
	assert_string_equal(help(MODE_B, "n"), "% Unrecognized command\n");
}

static void test_help_after_a_blank(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "show "), "  clock               the time\n"
						   "  config              the configuration\n");
	assert_string_equal(help(MODE_A, "s\t"), "  clock               the time\n"
						 "  config              the configuration\n");
	assert_string_equal(help(MODE_A, "clear "), "  counters            reset the counters\n"
						    "  log                 empty the log\n");
	assert_string_equal(help(MODE_B, "clear "), "  log                 empty the log\n");
}

static void test_help_complete_command_gives_usage(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "show clock "), "Usage: show clock\n");
	assert_string_equal(help(MODE_A, "sh cl "), "Usage: show clock\n");
	assert_string_equal(help(MODE_A, "bet "), "Usage: bet [x]\n");
	assert_string_equal(help(MODE_A, "delta "), "Usage: delta name\n");
	assert_string_equal(help(MODE_A, "no delta "), "Usage: no delta name\n");
	assert_string_equal(help(MODE_A, "debug "), "Usage: debug\n");
	/* right after a complete keyword: the keyword itself is listed */
	assert_string_equal(help(MODE_A, "show clock"), "  clock               the time\n");
}

static void test_help_inside_the_arguments(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "beta 1 "), "Usage: beta x [y]\n");
	assert_string_equal(help(MODE_A, "beta 1 2"), "Usage: beta x [y]\n");
	assert_string_equal(help(MODE_A, "bet x"), "Usage: bet [x]\n");
	assert_string_equal(help(MODE_A, "no cl co eth0 "), "Usage: no clear counters [name]\n");
}

static void test_help_unknown_word(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "zeta "), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "zeta"), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "show zeta "), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "show zeta"), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "be "), "% Unrecognized command\n"); /* ambiguous */
	assert_string_equal(help(MODE_B, "delta "), "% Unrecognized command\n");
	assert_string_equal(help(MODE_B, "no "), "% Unrecognized command\n");
}

static void test_help_too_many_words(void **state)
{
	char line[3 * CLI_WORDS_MAX + 3] = "";
	unsigned int i;

	(void)state;
	for (i = 0; i <= CLI_WORDS_MAX; i++)
		strcat(line, "x ");
	assert_string_equal(help(MODE_A, line), "% Too many words\n");
}

/* After "no", only what has a no form may come next (and the groups that lead to it). */
static void test_help_after_no(void **state)
{
	(void)state;
	assert_string_equal(help(MODE_A, "no "), "  clear               clear things\n"
						 "  delta               set the delta\n"
						 "  names               forget the names\n");
	assert_string_equal(help(MODE_A, "no clear "), "  counters            reset the "
						       "counters\n");
	assert_string_equal(help(MODE_A, "no b"), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "no bet "), "% Unrecognized command\n");
	assert_string_equal(help(MODE_A, "no n"), "  names               forget the names\n");
	/* without "no", a command that exists only as a no form is not offered */
	assert_string_equal(help(MODE_A, "names "), "% Unrecognized command\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exact_keyword_beats_a_longer_one, setup),
		cmocka_unit_test_setup(test_unique_prefixes_at_every_level, setup),
		cmocka_unit_test_setup(test_ambiguity_names_the_word, setup),
		cmocka_unit_test_setup(test_unknown_first_word_and_later_word, setup),
		cmocka_unit_test_setup(test_incomplete_paths, setup),
		cmocka_unit_test_setup(test_empty_line, setup),
		cmocka_unit_test_setup(test_argument_counts, setup),
		cmocka_unit_test_setup(test_no_forms, setup),
		cmocka_unit_test_setup(test_hidden_entries_match_and_run, setup),
		cmocka_unit_test_setup(test_modes, setup),
		cmocka_unit_test_setup(test_groups_never_run, setup),
		cmocka_unit_test_setup(test_run_hands_the_last_keyword_and_arguments, setup),
		cmocka_unit_test_setup(test_keyword, setup),
		cmocka_unit_test_setup(test_keyword_exact_beats_longer, setup),
		cmocka_unit_test_setup(test_word_helpers, setup),
		cmocka_unit_test_setup(test_help_empty_line, setup),
		cmocka_unit_test_setup(test_help_partial_word, setup),
		cmocka_unit_test_setup(test_help_after_a_blank, setup),
		cmocka_unit_test_setup(test_help_complete_command_gives_usage, setup),
		cmocka_unit_test_setup(test_help_inside_the_arguments, setup),
		cmocka_unit_test_setup(test_help_unknown_word, setup),
		cmocka_unit_test_setup(test_help_too_many_words, setup),
		cmocka_unit_test_setup(test_help_after_no, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
