/* Command table of the monitor: entries, lookup by unique prefix, dispatch of a line. */
#ifndef MON_CMD_H
#define MON_CMD_H

#include "cli/cli.h"
#include "mon.h"

#define MON_ARGV_MAX 4 /* words a line is split into: the command and up to 3 arguments */
#define MON_MODE 0 /* the monitor's one mode (cli_cmd.modes bit) */
#define MON_MODES (1u << MON_MODE)

/*
 * The monitor's commands are entries of the shared engine's table (cli/cli.h), one keyword each,
 * sorted by name: help lists them in this order and ambiguity reports name candidates in it.
 * Handlers get the struct mon as their context.
 */
/* commands.c: the monitor's commands, sorted by name */
extern const struct cli_cmd mon_cmd_table[];
extern const unsigned int mon_cmd_count;

/* commands.c */
int mon_get_host_ipv4(const struct mon_console *con, const char *who, const char *s, uint32_t *out);

/* netcmds.c: the commands that use the network */
int mon_cmd_ping(void *ctx, int argc, char **argv);
int mon_cmd_tftp(void *ctx, int argc, char **argv);

/* install.c */
int mon_install(struct mon *m, const uint8_t *data, uint64_t len);

/* checksum.c */
int mon_cmd_checksum(void *ctx, int argc, char **argv);

/* commands.c: the table a session uses, and subsets of the monitor's for other platforms */
void mon_cmd_table_of(const struct mon *m, const struct cli_cmd **table, unsigned int *count);
unsigned int mon_cmd_select(const char *const *names, unsigned int n, struct cli_cmd *out);

/* cmd.c */
int mon_cmd_find(const struct cli_cmd *table, unsigned int count, const char *word,
		 const struct cli_cmd **out);
void mon_cmd_print_ambiguous(const struct mon_console *con, const char *who,
			     const struct cli_cmd *table, unsigned int count, const char *word);
void mon_cmd_print_usage(const struct mon_console *con, const struct cli_cmd *cmd);
int mon_cmd_exec(struct mon *m, const struct cli_cmd *table, unsigned int count, char *line);

#endif /* MON_CMD_H */
