/* Command-line engine: commands as a table of keyword paths, matched by unique abbreviation. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

/*
 * One engine serves the monitor (`monitor>`, one keyword per command), the Boothelper and the
 * running image (`pixfirewall>`, IOS-style multi-word commands in modes). A command is one table
 * entry: its keyword path ("show version", "ip address"), a usage line, a help line, the modes
 * it is offered in and its handler. The same entry drives matching, abbreviation, `?` help and
 * argument counts, so a command cannot be listed one way and parsed another (FRRouting's model,
 * without the graph: a path of keywords followed by arguments the handler checks).
 *
 * Matching, one keyword level at a time: the word must be a keyword of a candidate at this level,
 * whole or a prefix of exactly one distinct keyword (a whole keyword wins over longer ones it
 * starts: "bet" selects "bet" even beside "beta"). A word that matches no keyword ends the path
 * if a candidate's path ends here, and becomes its first argument; otherwise the line is unknown
 * (first word) or invalid at that word. A line can start with "no" in a mode whose table has
 * commands with a no form.
 *
 * Entries whose handler is NULL are groups: they give a keyword its help text ("show") and are
 * never run. Everything here is pure: no console, no state between calls.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mon.h"

#define CLI_WORDS_MAX 24 /* words a line may have */
#define CLI_TABLE_MAX 128 /* entries a table may have */
#define CLI_HELP_COLUMN 22 /* help text column of a `?` listing */

/* cli_cmd.flags */
#define CLI_F_NO 0x01 /* has a "no" form */
#define CLI_F_NO_ONLY 0x02 /* exists only as a "no" form ("no names"), implies CLI_F_NO */
#define CLI_F_HIDDEN 0x04 /* matched but not listed by help */

/* One command, or a group of commands when @run is NULL. */
struct cli_cmd {
	const char *path; /* keywords, lower case, one blank apart: "show version" */
	const char *usage; /* "show version" or "ip address if_name ip_address [mask]" */
	const char *help; /* one line: "display the software version" */
	uint8_t modes; /* bit (1 << mode) for every mode the command is offered in */
	uint8_t flags; /* CLI_F_* */
	uint8_t min_args; /* words after the path */
	uint8_t max_args;
	/*
	 * argv[0] is the last keyword as typed, argv[1..argc-1] the arguments; a "no" in front is
	 * not among them (the caller knows it from cli_match.no). Returns 0 or a negative errno.
	 */
	int (*run)(void *ctx, int argc, char **argv);
};

/* A command table. */
struct cli_table {
	const struct cli_cmd *cmds;
	unsigned int count;
};

/* What cli_match() found. */
enum cli_status {
	CLI_OK, /* @cmd with its arguments from word @arg */
	CLI_EMPTY, /* no words */
	CLI_UNKNOWN, /* word @word starts no command here (@word 0: no command at all) */
	CLI_AMBIGUOUS, /* word @word starts several keywords */
	CLI_INCOMPLETE, /* the line ends inside a keyword path */
	CLI_TOO_MANY, /* @cmd, but more arguments than it takes */
	CLI_TOO_FEW, /* @cmd, but fewer arguments than it needs */
	CLI_NO_FORM, /* @cmd has no "no" form (or exists only as one) */
};

struct cli_match {
	enum cli_status status;
	const struct cli_cmd *cmd; /* CLI_OK, CLI_TOO_MANY, CLI_TOO_FEW, CLI_NO_FORM */
	bool no; /* the line started with "no" */
	unsigned int word; /* the word the status is about (CLI_UNKNOWN, CLI_AMBIGUOUS) */
	unsigned int first; /* CLI_OK: index of the last keyword (argv[0] of the handler) */
};

bool cli_word_is(const char *word, const char *keyword);
int cli_keyword(const char *word, const char *const *keywords, unsigned int count);
int cli_split(char *line, char **words, unsigned int max);
int cli_match(const struct cli_table *t, unsigned int mode, char **words, unsigned int count,
	      struct cli_match *m);
int cli_run(const struct cli_table *t, const struct cli_match *m, void *ctx, char **words,
	    unsigned int count);
void cli_help(const struct cli_table *t, unsigned int mode, const char *line,
	      const struct mon_console *con);
unsigned int cli_path_len(const char *path);

#endif /* CLI_CLI_H */
