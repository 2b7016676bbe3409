/* Command dispatch of the monitor on the shared engine (cli/cli.c), in the monitor's words. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/**
 * mon_cmd_find() - Finds the command a word names: its full name or a unique prefix of it.
 * @table: the commands
 * @count: how many there are
 * @word: what the user typed, in any case
 * @out: receives the command; written only on success
 *
 * A word equal to a command's full name selects it even if it also starts another name.
 *
 * Return: 0, -ENOENT when no command starts with @word, -EINVAL when several do.
 */
int mon_cmd_find(const struct cli_cmd *table, unsigned int count, const char *word,
		 const struct cli_cmd **out)
{
	const struct cli_table t = { table, count };
	char copy[MON_LINE_MAX + 1];
	char *words[1] = { copy };
	struct cli_match m;
	size_t len = strlen(word);

	if (!len || len > MON_LINE_MAX)
		return -ENOENT;
	memcpy(copy, word, len + 1);
	cli_match(&t, MON_MODE, words, 1, &m);
	if (m.status == CLI_AMBIGUOUS)
		return -EINVAL;
	if (!m.cmd)
		return -ENOENT;
	*out = m.cmd;
	return 0;
}

/**
 * mon_cmd_print_ambiguous() - Reports a prefix that starts several commands, naming them.
 * @con: the console
 * @who: text put before the message ("" or "help: ")
 * @table: the commands, sorted by name
 * @count: how many there are
 * @word: the prefix as typed
 */
void mon_cmd_print_ambiguous(const struct mon_console *con, const char *who,
			     const struct cli_cmd *table, unsigned int count, const char *word)
{
	const char *one[1];
	unsigned int i;

	mon_printf(con, "%sAmbiguous command '%s':", who, word);
	for (i = 0; i < count; i++) {
		one[0] = table[i].path;
		if (cli_keyword(word, one, 1) == 0)
			mon_printf(con, " %s", table[i].path);
	}
	mon_puts(con, "\n");
}

/**
 * mon_cmd_print_usage() - Prints a command's help line: usage, padded to a column, and text.
 * @con: the console
 * @cmd: the command
 */
void mon_cmd_print_usage(const struct mon_console *con, const struct cli_cmd *cmd)
{
	/* the help text starts in column 20 (the firmware's vsnprintf has no '*' width) */
	mon_printf(con, "%-20s%s\n", cmd->usage, cmd->help);
}

/**
 * mon_cmd_exec() - Runs one command line.
 * @m: the monitor
 * @table: the commands, sorted by name
 * @count: how many there are
 * @line: the line; split in place, so it is changed
 *
 * Bad input prints one line and changes nothing.
 *
 * Return: 0 for a blank line or a command that succeeded; -ENOENT (unknown), -EINVAL
 * (ambiguous), -E2BIG (too many arguments), or the command's own error.
 */
int mon_cmd_exec(struct mon *m, const struct cli_cmd *table, unsigned int count, char *line)
{
	const struct mon_console *con = m->plat->con;
	const struct cli_table t = { table, count };
	char *argv[MON_ARGV_MAX];
	struct cli_match match;
	int argc;

	argc = cli_split(line, argv, MON_ARGV_MAX);
	if (argc == 0)
		return 0;
	cli_match(&t, MON_MODE, argv, argc < 0 ? 1 : (unsigned int)argc, &match);
	switch (match.status) {
	case CLI_OK:
	case CLI_TOO_FEW:
		break;
	case CLI_AMBIGUOUS:
		mon_cmd_print_ambiguous(con, "", table, count, argv[0]);
		return -EINVAL;
	case CLI_TOO_MANY:
		mon_printf(con, "%s: too many arguments\n", match.cmd->path);
		return -E2BIG;
	default:
		mon_printf(con, "Unknown command '%s'. Use ? for help.\n", argv[0]);
		return -ENOENT;
	}
	if (argc < 0) {
		mon_printf(con, "%s: too many arguments\n", match.cmd->path);
		return -E2BIG;
	}
	return match.cmd->run(m, argc, argv);
}
