/* Command table of the monitor: entries, lookup by unique prefix, dispatch of a line. */
#ifndef MON_CMD_H
#define MON_CMD_H

#include "mon.h"

#define MON_ARGV_MAX 4 /* words a line is split into: the command and up to 3 arguments */

/* One command: what it is called, how it is used, and what runs it. */
struct mon_cmd {
	const char *name; /* lower case; the table is sorted by name */
	const char *usage; /* "address [ip]" */
	const char *help; /* "set IP address" */
	unsigned int max_args; /* more arguments than this are refused before run() */
	/* argv[0] is the command as typed; returns 0 or a negative errno, the message printed */
	int (*run)(struct mon *m, int argc, char **argv);
};

/* commands.c: the monitor's commands, sorted by name */
extern const struct mon_cmd mon_cmd_table[];
extern const unsigned int mon_cmd_count;

/* commands.c */
int mon_get_host_ipv4(const struct mon_console *con, const char *who, const char *s, uint32_t *out);

/* netcmds.c: the commands that use the network */
int mon_cmd_ping(struct mon *m, int argc, char **argv);
int mon_cmd_tftp(struct mon *m, int argc, char **argv);

/* install.c */
int mon_install(struct mon *m, const uint8_t *data, uint64_t len);

/* checksum.c */
int mon_cmd_checksum(struct mon *m, int argc, char **argv);

/* cmd.c */
int mon_cmd_find(const struct mon_cmd *table, unsigned int count, const char *word,
		 const struct mon_cmd **out);
void mon_cmd_print_ambiguous(const struct mon_console *con, const char *who,
			     const struct mon_cmd *table, unsigned int count, const char *word);
void mon_cmd_print_usage(const struct mon_console *con, const struct mon_cmd *cmd);
int mon_cmd_exec(struct mon *m, const struct mon_cmd *table, unsigned int count, char *line);

#endif /* MON_CMD_H */
