/* Command dispatch: splits a line into words, finds the command by unique prefix, runs it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "parse.h"

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
int mon_cmd_find(const struct mon_cmd *table, unsigned int count, const char *word,
		 const struct mon_cmd **out)
{
	const struct mon_cmd *found = NULL;
	unsigned int matches = 0;
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (mon_streq_nocase(word, table[i].name)) {
			*out = &table[i];
			return 0;
		}
		if (mon_prefix_nocase(word, table[i].name)) {
			found = &table[i];
			matches++;
		}
	}
	if (matches == 0)
		return -ENOENT;
	if (matches > 1)
		return -EINVAL;
	*out = found;
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
			     const struct mon_cmd *table, unsigned int count, const char *word)
{
	unsigned int i;

	mon_printf(con, "%sAmbiguous command '%s':", who, word);
	for (i = 0; i < count; i++) {
		if (mon_prefix_nocase(word, table[i].name))
			mon_printf(con, " %s", table[i].name);
	}
	mon_puts(con, "\n");
}

/**
 * mon_cmd_print_usage() - Prints a command's help line: usage, padded to a column, and text.
 * @con: the console
 * @cmd: the command
 */
void mon_cmd_print_usage(const struct mon_console *con, const struct mon_cmd *cmd)
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
int mon_cmd_exec(struct mon *m, const struct mon_cmd *table, unsigned int count, char *line)
{
	const struct mon_console *con = m->plat->con;
	const struct mon_cmd *cmd;
	char *argv[MON_ARGV_MAX];
	int argc;
	int err;

	argc = mon_split_words(line, argv, MON_ARGV_MAX);
	if (argc == 0)
		return 0;
	err = mon_cmd_find(table, count, argv[0], &cmd);
	if (err == -ENOENT) {
		mon_printf(con, "Unknown command '%s'. Use ? for help.\n", argv[0]);
		return err;
	}
	if (err) {
		mon_cmd_print_ambiguous(con, "", table, count, argv[0]);
		return err;
	}
	if (argc < 0 || (unsigned int)argc - 1 > cmd->max_args) {
		mon_printf(con, "%s: too many arguments\n", cmd->name);
		return -E2BIG;
	}
	return cmd->run(m, argc, argv);
}
