/* The monitor's commands: settings for a network boot, help, reload, and the network stubs. */
/*
 * Every handler checks its argument completely before it changes a setting, so bad input prints
 * one line and leaves the settings as they were. Setters then echo the command with its value.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "parse.h"

/**
 * mon_cmd_table_of() - The commands a session offers: its platform's subset, or all of the monitor's.
 * @m: the session
 * @table: receives the table, sorted by name
 * @count: receives how many entries it has
 */
void mon_cmd_table_of(const struct mon *m, const struct cli_cmd **table, unsigned int *count)
{
	if (m->plat->cmds) {
		*table = m->plat->cmds;
		*count = m->plat->cmd_count;
	} else {
		*table = mon_cmd_table;
		*count = mon_cmd_count;
	}
}

/**
 * mon_cmd_select() - Copies the monitor's commands named in @names, in the table's order.
 * @names: full command names ("help", "?", ...)
 * @n: how many names there are
 * @out: room for @n entries; becomes a table a platform can hand over (mon_platform.cmds)
 *
 * A name the monitor does not have is left out, so the result stays sorted and usable.
 *
 * Return: how many entries were copied.
 */
unsigned int mon_cmd_select(const char *const *names, unsigned int n, struct cli_cmd *out)
{
	unsigned int i, j, used = 0;

	for (i = 0; i < mon_cmd_count && used < n; i++)
		for (j = 0; j < n; j++)
			if (!strcmp(mon_cmd_table[i].path, names[j])) {
				out[used++] = mon_cmd_table[i];
				break;
			}
	return used;
}

static int cmd_help(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;
	const struct cli_cmd *cmd, *table;
	unsigned int i, count;
	int err;

	mon_cmd_table_of(m, &table, &count);
	if (argc < 2) {
		for (i = 0; i < count; i++)
			mon_cmd_print_usage(con, &table[i]);
		return 0;
	}
	err = mon_cmd_find(table, count, argv[1], &cmd);
	if (err == -ENOENT)
		mon_printf(con, "help: Unknown command '%s'\n", argv[1]);
	else if (err)
		mon_cmd_print_ambiguous(con, "help: ", table, count, argv[1]);
	else
		mon_cmd_print_usage(con, cmd);
	return err;
}

/**
 * mon_get_host_ipv4() - Parses a host address for command @who, reporting what is wrong with it.
 * @con: where the report goes
 * @who: the command, for the message
 * @s: the text
 * @out: the address, host order
 *
 * Return: 0, or -EINVAL (malformed or not a unicast host address; the message is printed).
 */
int mon_get_host_ipv4(const struct mon_console *con, const char *who, const char *s, uint32_t *out)
{
	if (mon_parse_ipv4(s, out)) {
		mon_printf(con, "%s: invalid IP address '%s'\n", who, s);
		return -EINVAL;
	}
	if (!mon_ipv4_is_unicast(*out)) {
		mon_printf(con, "%s: '%s' is not a unicast host address\n", who, s);
		return -EINVAL;
	}
	return 0;
}

/* Shows or sets one address setting: "<name> [ip]". */
static int set_ipv4(struct mon *m, const char *name, uint32_t *setting, int argc, char **argv)
{
	const struct mon_console *con = m->plat->con;
	char text[16];
	uint32_t a;
	int err;

	if (argc > 1) {
		err = mon_get_host_ipv4(con, name, argv[1], &a);
		if (err)
			return err;
		*setting = a;
	}
	mon_format_ipv4(*setting, text);
	mon_printf(con, "%s %s\n", name, text);
	return 0;
}

static int cmd_address(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;

	return set_ipv4(m, "address", &m->set.address, argc, argv);
}

static int cmd_server(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;

	return set_ipv4(m, "server", &m->set.server, argc, argv);
}

static int cmd_gateway(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;

	return set_ipv4(m, "gateway", &m->set.gateway, argc, argv);
}

static int cmd_file(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;
	size_t len;

	if (argc > 1) {
		len = strlen(argv[1]);
		if (len > MON_FILE_MAX) {
			mon_printf(con, "file: name too long (max %d characters)\n", MON_FILE_MAX);
			return -E2BIG;
		}
		memcpy(m->set.file, argv[1], len + 1);
	}
	if (m->set.file[0] == '\0')
		mon_puts(con, "file not set\n");
	else
		mon_printf(con, "file %s\n", m->set.file);
	return 0;
}

static int cmd_interface(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;
	unsigned int count = mon_nic_count(m->plat);
	unsigned int n;

	if (argc < 2) {
		mon_list_nics(m->plat);
	} else if (count == 0) {
		mon_puts(con, "interface: no network interfaces\n");
		return -ENODEV;
	} else if (mon_parse_uint(argv[1], count - 1, &n)) {
		mon_printf(con, "interface: no such interface '%s' (0-%u)\n", argv[1], count - 1);
		return -ENODEV;
	} else {
		m->set.interface = n;
	}
	mon_printf(con, "interface %u\n", m->set.interface);
	mon_print_using(m->plat, m->set.interface);
	return 0;
}

static int cmd_timeout(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;
	unsigned int s;

	if (argc > 1) {
		if (mon_parse_uint(argv[1], MON_TIMEOUT_MAX_S, &s) || s < MON_TIMEOUT_MIN_S) {
			mon_printf(con, "timeout: invalid value '%s' (%d-%d seconds)\n", argv[1],
				   MON_TIMEOUT_MIN_S, MON_TIMEOUT_MAX_S);
			return -EINVAL;
		}
		m->set.timeout_s = s;
	}
	mon_printf(con, "timeout %u\n", m->set.timeout_s);
	return 0;
}

static int cmd_trace(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;

	if (argc < 2) {
		m->set.trace = !m->set.trace;
	} else if (mon_streq_nocase(argv[1], "on")) {
		m->set.trace = true;
	} else if (mon_streq_nocase(argv[1], "off")) {
		m->set.trace = false;
	} else {
		mon_printf(con, "trace: invalid value '%s' (on or off)\n", argv[1]);
		return -EINVAL;
	}
	mon_printf(con, "trace %s\n", m->set.trace ? "on" : "off");
	return 0;
}

static int cmd_reload(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;

	(void)argc;
	(void)argv;
	mon_puts(m->plat->con, "Rebooting...\n");
	m->plat->reload(m->plat->ctx);
	/* only a host fake returns here */
	m->quit = true;
	return 0;
}

/* Sorted by name: help lists it in this order and ambiguity reports name candidates in it. */
const struct cli_cmd mon_cmd_table[] = {
	{ "?", "?", "this help message", MON_MODES, 0, 0, 0, cmd_help },
	{ "address", "address [ip]", "set IP address", MON_MODES, 0, 0, 1, cmd_address },
	{ "checksum", "checksum", "length and SHA-256 of the last download", MON_MODES, 0, 0, 0,
	  mon_cmd_checksum },
	{ "file", "file [name]", "set boot file name", MON_MODES, 0, 0, 1, cmd_file },
	{ "gateway", "gateway [ip]", "set IP gateway", MON_MODES, 0, 0, 1, cmd_gateway },
	{ "help", "help [command]", "this help message", MON_MODES, 0, 0, 1, cmd_help },
	{ "interface", "interface [num]", "set interface number", MON_MODES, 0, 0, 1,
	  cmd_interface },
	{ "ping", "ping [ip]", "send ICMP echo", MON_MODES, 0, 0, 1, mon_cmd_ping },
	{ "reload", "reload", "halt and reload system", MON_MODES, 0, 0, 0, cmd_reload },
	{ "server", "server [ip]", "set server IP address", MON_MODES, 0, 0, 1, cmd_server },
	{ "tftp", "tftp", "fetch file via TFTP", MON_MODES, 0, 0, 0, mon_cmd_tftp },
	{ "timeout", "timeout [seconds]", "set TFTP timeout (1-255)", MON_MODES, 0, 0, 1,
	  cmd_timeout },
	{ "trace", "trace", "toggle packet tracing", MON_MODES, 0, 0, 1, cmd_trace },
};

const unsigned int mon_cmd_count = sizeof(mon_cmd_table) / sizeof(mon_cmd_table[0]);
