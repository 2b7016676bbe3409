/* Unit tests of monitor/commands.c through the line editor: every command, good and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "fake_mon_platform.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PROMPT "monitor> "

#define HELP_TEXT                                                       \
	"?                   this help message\n"                       \
	"address [ip]        set IP address\n"                          \
	"checksum            length and SHA-256 of the last download\n" \
	"file [name]         set boot file name\n"                      \
	"gateway [ip]        set IP gateway\n"                          \
	"help [command]      this help message\n"                       \
	"interface [num]     set interface number\n"                    \
	"ping [ip]           send ICMP echo\n"                          \
	"reload              halt and reload system\n"                  \
	"server [ip]         set server IP address\n"                   \
	"tftp                fetch file via TFTP\n"                     \
	"timeout [seconds]   set TFTP timeout (1-255)\n"                \
	"trace               toggle packet tracing\n"

#define NICS_2                                   \
	"0: i8255X @ PCI(bus:0 dev:13 irq:11)\n" \
	"1: i8255X @ PCI(bus:0 dev:14 irq:10)\n"

/* A monitor on the fake platform. */
struct ctx {
	struct fake f;
	struct mon m;
};

static struct ctx the_ctx;

static int setup_nics(void **state, unsigned int nics)
{
	fake_init(&the_ctx.f, nics);
	mon_init(&the_ctx.m, &the_ctx.f.plat);
	*state = &the_ctx;
	return 0;
}

static int setup(void **state)
{
	return setup_nics(state, 2);
}

static int setup_1_nic(void **state)
{
	return setup_nics(state, 1);
}

static int setup_no_nics(void **state)
{
	return setup_nics(state, 0);
}

/* Two NICs and every setting away from its default, so a change by bad input would show. */
static int setup_busy(void **state)
{
	struct mon_settings *s = &the_ctx.m.set;

	setup_nics(state, 2);
	s->address = 0x0a010101;
	s->server = 0x0a010102;
	s->gateway = 0x0a0101fe;
	strcpy(s->file, "pix.bin");
	s->interface = 0;
	s->timeout_s = 9;
	s->trace = true;
	return 0;
}

/* Types @line and Enter; the output must be the echo, @expect, and the next prompt. */
static void check(struct ctx *c, const char *line, const char *expect)
{
	char want[8192];

	fake_clear_output(&c->f);
	fake_type(&c->f, line);
	fake_key(&c->f, '\r');
	while (c->f.in_pos < c->f.in_len)
		mon_feed(&c->m, c->f.in[c->f.in_pos++].c);
	snprintf(want, sizeof(want), "%s\n%s" PROMPT, line, expect);
	assert_string_equal(c->f.out, want);
}

static void assert_settings_equal(const struct mon_settings *a, const struct mon_settings *b)
{
	assert_int_equal(a->address, b->address);
	assert_int_equal(a->server, b->server);
	assert_int_equal(a->gateway, b->gateway);
	assert_string_equal(a->file, b->file);
	assert_int_equal(a->interface, b->interface);
	assert_int_equal(a->timeout_s, b->timeout_s);
	assert_int_equal(a->trace, b->trace);
}

/* Like check(), for bad input: one line of @expect and no setting changed. */
static void check_bad(struct ctx *c, const char *line, const char *expect)
{
	struct mon_settings before = c->m.set;
	const char *nl = strchr(expect, '\n');

	assert_non_null(nl);
	assert_null(strchr(nl + 1, '\n'));
	check(c, line, expect);
	assert_settings_equal(&c->m.set, &before);
	assert_false(c->m.quit);
}

/* check_bad() with the message built from a format. */
static void check_badf(struct ctx *c, const char *line, const char *fmt, ...)
{
	char expect[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(expect, sizeof(expect), fmt, ap);
	va_end(ap);
	check_bad(c, line, expect);
}

static void test_table_sorted_and_aligned(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(mon_cmd_count, 13);
	for (i = 0; i < mon_cmd_count; i++) {
		assert_true(strlen(mon_cmd_table[i].usage) < 20);
		if (i > 0 && strcmp(mon_cmd_table[i - 1].path, mon_cmd_table[i].path) >= 0)
			fail_msg("'%s' is out of order", mon_cmd_table[i].path);
	}
}

static void test_help_lists_every_command(void **state)
{
	struct ctx *c = *state;

	check(c, "?", HELP_TEXT);
	check(c, "help", HELP_TEXT);
	check(c, "HELP", HELP_TEXT);
	check(c, "he", HELP_TEXT);
	check(c, "  ?  ", HELP_TEXT);
}

static void test_help_one_command(void **state)
{
	struct ctx *c = *state;

	check(c, "help address", "address [ip]        set IP address\n");
	check(c, "help add", "address [ip]        set IP address\n");
	check(c, "h TIM", "timeout [seconds]   set TFTP timeout (1-255)\n");
	check(c, "help ?", "?                   this help message\n");
	check(c, "help help", "help [command]      this help message\n");
	check(c, "help tr", "trace               toggle packet tracing\n");
}

static void test_help_bad(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "help foo", "help: Unknown command 'foo'\n");
	check_bad(c, "help addresses", "help: Unknown command 'addresses'\n");
	check_bad(c, "help t", "help: Ambiguous command 't': tftp timeout trace\n");
	check_bad(c, "help a b", "help: too many arguments\n");
	check_bad(c, "? address", "?: too many arguments\n");
}

static void test_unknown_and_ambiguous(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "foo", "Unknown command 'foo'. Use ? for help.\n");
	check_bad(c, "foo bar", "Unknown command 'foo'. Use ? for help.\n");
	check_bad(c, "addressx 1.2.3.4", "Unknown command 'addressx'. Use ? for help.\n");
	check_bad(c, "?x", "Unknown command '?x'. Use ? for help.\n");
	check_bad(c, "t", "Ambiguous command 't': tftp timeout trace\n");
	check_bad(c, "T 5", "Ambiguous command 'T': tftp timeout trace\n");
	check_bad(c, "ti 0", "timeout: invalid value '0' (1-255 seconds)\n");
}

static void test_empty_and_blank_lines(void **state)
{
	struct ctx *c = *state;
	struct mon_settings before = c->m.set;

	check(c, "", "");
	check(c, "   ", "");
	assert_settings_equal(&c->m.set, &before);
}

static void test_unique_prefixes(void **state)
{
	struct ctx *c = *state;

	check(c, "a", "address 0.0.0.0\n");
	check(c, "add 192.168.1.1", "address 192.168.1.1\n");
	check(c, "serv 192.168.1.2", "server 192.168.1.2\n");
	check(c, "s", "server 192.168.1.2\n");
	check(c, "g", "gateway 0.0.0.0\n");
	check(c, "f", "file not set\n");
	check(c, "i 0", "interface 0\n");
	check(c, "ti", "timeout 4\n");
	check(c, "tr", "trace on\n");
	check(c, "tf", "tftp: file not set (use: file <name>)\n");
	check(c, "c", "checksum: nothing downloaded yet (use: tftp)\n");
	check(c, "p", "ping: no network interface\n"); /* the server is set by now */
}

static const char *const ipv4_setters[] = { "address", "server", "gateway" };

static uint32_t *ipv4_setting(struct ctx *c, const char *name)
{
	if (strcmp(name, "address") == 0)
		return &c->m.set.address;
	if (strcmp(name, "server") == 0)
		return &c->m.set.server;
	return &c->m.set.gateway;
}

static void test_ipv4_setters(void **state)
{
	struct ctx *c = *state;
	char line[64], expect[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipv4_setters); i++) {
		const char *name = ipv4_setters[i];

		snprintf(line, sizeof(line), "%s", name);
		snprintf(expect, sizeof(expect), "%s 0.0.0.0\n", name);
		check(c, line, expect);
		snprintf(line, sizeof(line), "%s 192.168.1.%zu", name, i + 1);
		snprintf(expect, sizeof(expect), "%s 192.168.1.%zu\n", name, i + 1);
		check(c, line, expect);
		assert_int_equal(*ipv4_setting(c, name), 0xc0a80101 + i);
		snprintf(line, sizeof(line), "%s", name);
		check(c, line, expect);
		snprintf(line, sizeof(line), "%.3s 223.255.255.254", name);
		snprintf(expect, sizeof(expect), "%s 223.255.255.254\n", name);
		check(c, line, expect);
		assert_int_equal(*ipv4_setting(c, name), 0xdffffffe);
	}
	check(c, "ADDRESS 1.0.0.1", "address 1.0.0.1\n");
	assert_int_equal(c->m.set.address, 0x01000001);
	assert_int_equal(c->m.set.server, 0xdffffffe);
}

static void test_ipv4_setters_bad(void **state)
{
	static const char *const malformed[] = {
		"1.2.3",   "1.2.3.4.5", "256.1.1.1", "01.2.3.4",	 "1..2.3",
		"a.b.c.d", "-1.2.3.4",	"1.2.3.4x",  "4294967297.0.0.1", "1.2.3.04",
	};
	static const char *const not_unicast[] = {
		"0.0.0.0",	   "0.1.2.3",	"127.0.0.1",	   "224.0.0.1",
		"239.255.255.255", "240.0.0.1", "255.255.255.255",
	};
	struct ctx *c = *state;
	char line[128];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ipv4_setters); i++) {
		const char *name = ipv4_setters[i];

		for (j = 0; j < ARRAY_SIZE(malformed); j++) {
			snprintf(line, sizeof(line), "%s %s", name, malformed[j]);
			check_badf(c, line, "%s: invalid IP address '%s'\n", name, malformed[j]);
		}
		for (j = 0; j < ARRAY_SIZE(not_unicast); j++) {
			snprintf(line, sizeof(line), "%s %s", name, not_unicast[j]);
			check_badf(c, line, "%s: '%s' is not a unicast host address\n", name,
				   not_unicast[j]);
		}
		snprintf(line, sizeof(line), "%s 1.2.3.4 5.6.7.8", name);
		check_badf(c, line, "%s: too many arguments\n", name);
	}
	check_bad(c, "address 1.2.3", "address: invalid IP address '1.2.3'\n");
	check_bad(c, "address 224.0.0.1", "address: '224.0.0.1' is not a unicast host address\n");
}

/* Each setter changes its own setting and nothing else. */
static void test_setters_change_only_their_setting(void **state)
{
	struct ctx *c = *state;
	struct mon_settings want = c->m.set;

	check(c, "address 192.168.1.1", "address 192.168.1.1\n");
	want.address = 0xc0a80101;
	assert_settings_equal(&c->m.set, &want);
	check(c, "server 192.168.1.2", "server 192.168.1.2\n");
	want.server = 0xc0a80102;
	assert_settings_equal(&c->m.set, &want);
	check(c, "gateway 192.168.1.254", "gateway 192.168.1.254\n");
	want.gateway = 0xc0a801fe;
	assert_settings_equal(&c->m.set, &want);
	check(c, "file cdisk", "file cdisk\n");
	strcpy(want.file, "cdisk");
	assert_settings_equal(&c->m.set, &want);
	check(c, "interface 1", "interface 1\n");
	want.interface = 1;
	assert_settings_equal(&c->m.set, &want);
	check(c, "timeout 30", "timeout 30\n");
	want.timeout_s = 30;
	assert_settings_equal(&c->m.set, &want);
	check(c, "trace", "trace off\n");
	want.trace = false;
	assert_settings_equal(&c->m.set, &want);
	/* showing a setting changes nothing */
	check(c, "address", "address 192.168.1.1\n");
	check(c, "server", "server 192.168.1.2\n");
	check(c, "gateway", "gateway 192.168.1.254\n");
	check(c, "file", "file cdisk\n");
	check(c, "interface", NICS_2 "interface 1\n");
	check(c, "timeout", "timeout 30\n");
	check(c, "help", HELP_TEXT);
	assert_settings_equal(&c->m.set, &want);
}

static void test_file(void **state)
{
	struct ctx *c = *state;
	char line[MON_LINE_MAX + 1];
	char expect[MON_LINE_MAX + 8];

	check(c, "file", "file not set\n");
	check(c, "file pix601.bin", "file pix601.bin\n");
	check(c, "file", "file pix601.bin\n");
	check(c, "FI Cdisk", "file Cdisk\n");
	assert_string_equal(c->m.set.file, "Cdisk");
	/* the longest name a line can hold */
	strcpy(line, "file ");
	memset(line + 5, 'n', MON_LINE_MAX - 5);
	line[MON_LINE_MAX] = '\0';
	snprintf(expect, sizeof(expect), "%s\n", line);
	check(c, line, expect);
	assert_int_equal(strlen(c->m.set.file), MON_LINE_MAX - 5);
}

static void test_file_bad(void **state)
{
	struct ctx *c = *state;
	struct mon_settings before = c->m.set;
	char line[MON_FILE_MAX + 16];

	check_bad(c, "file a b", "file: too many arguments\n");
	/* names over 127 characters cannot come through the line editor: call the dispatcher */
	strcpy(line, "file ");
	memset(line + 5, 'n', MON_FILE_MAX + 1);
	line[5 + MON_FILE_MAX + 1] = '\0';
	fake_clear_output(&c->f);
	assert_int_equal(mon_cmd_exec(&c->m, mon_cmd_table, mon_cmd_count, line), -E2BIG);
	assert_string_equal(c->f.out, "file: name too long (max 127 characters)\n");
	assert_settings_equal(&c->m.set, &before);
	/* exactly 127 is fine (the dispatcher split the line: build it again) */
	line[4] = ' ';
	line[5 + MON_FILE_MAX] = '\0';
	fake_clear_output(&c->f);
	assert_int_equal(mon_cmd_exec(&c->m, mon_cmd_table, mon_cmd_count, line), 0);
	assert_int_equal(strlen(c->m.set.file), MON_FILE_MAX);
	assert_string_equal(c->m.set.file, line + 5);
}

static void test_interface(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(c->m.set.interface, 1);
	check(c, "interface", NICS_2 "interface 1\n");
	check(c, "interface 0", "interface 0\n");
	assert_int_equal(c->m.set.interface, 0);
	check(c, "int", NICS_2 "interface 0\n");
	check(c, "interface 1", "interface 1\n");
	check(c, "interface 00", "interface 0\n");
}

static void test_interface_bad(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "interface 5", "interface: no such interface '5' (0-1)\n");
	check_bad(c, "interface 2", "interface: no such interface '2' (0-1)\n");
	check_bad(c, "interface x", "interface: no such interface 'x' (0-1)\n");
	check_bad(c, "interface -1", "interface: no such interface '-1' (0-1)\n");
	check_bad(c, "interface 1x", "interface: no such interface '1x' (0-1)\n");
	check_bad(c, "interface 4294967297", "interface: no such interface '4294967297' (0-1)\n");
	check_bad(c, "interface 0 1", "interface: too many arguments\n");
}

static void test_interface_one_nic(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(c->m.set.interface, 0);
	check(c, "interface", "0: i8255X @ PCI(bus:0 dev:13 irq:11)\ninterface 0\n");
	check(c, "interface 0", "interface 0\n");
	check_bad(c, "interface 1", "interface: no such interface '1' (0-0)\n");
}

static void test_interface_no_nics(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(c->m.set.interface, 0);
	check(c, "interface", "interface 0\n");
	check_bad(c, "interface 0", "interface: no network interfaces\n");
	check_bad(c, "interface x", "interface: no network interfaces\n");
}

static void test_timeout(void **state)
{
	struct ctx *c = *state;

	check(c, "timeout", "timeout 4\n");
	check(c, "timeout 10", "timeout 10\n");
	assert_int_equal(c->m.set.timeout_s, 10);
	check(c, "timeout", "timeout 10\n");
	check(c, "timeout 1", "timeout 1\n");
	check(c, "timeout 255", "timeout 255\n");
	assert_int_equal(c->m.set.timeout_s, 255);
}

static void test_timeout_bad(void **state)
{
	static const char *const bad[] = {
		"0", "256", "1000", "x", "-1", "+5", "1.5", "99999999999", "4294967297", "0x10",
	};
	struct ctx *c = *state;
	char line[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(line, sizeof(line), "timeout %s", bad[i]);
		check_badf(c, line, "timeout: invalid value '%s' (1-255 seconds)\n", bad[i]);
	}
	check_bad(c, "timeout 1 2", "timeout: too many arguments\n");
}

static void test_trace(void **state)
{
	struct ctx *c = *state;

	assert_false(c->m.set.trace);
	check(c, "trace", "trace on\n");
	assert_true(c->m.set.trace);
	check(c, "trace", "trace off\n");
	assert_false(c->m.set.trace);
	check(c, "trace on", "trace on\n");
	check(c, "trace on", "trace on\n");
	assert_true(c->m.set.trace);
	check(c, "trace off", "trace off\n");
	check(c, "trace off", "trace off\n");
	assert_false(c->m.set.trace);
	check(c, "TRACE ON", "trace on\n");
	assert_true(c->m.set.trace);
}

static void test_trace_bad(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "trace x", "trace: invalid value 'x' (on or off)\n");
	check_bad(c, "trace onn", "trace: invalid value 'onn' (on or off)\n");
	check_bad(c, "trace 1", "trace: invalid value '1' (on or off)\n");
	check_bad(c, "trace on off", "trace: too many arguments\n");
}

static void test_reload(void **state)
{
	struct ctx *c = *state;

	fake_type(&c->f, "reload\r");
	while (c->f.in_pos < c->f.in_len)
		mon_feed(&c->m, c->f.in[c->f.in_pos++].c);
	assert_string_equal(c->f.out, "reload\nRebooting...\n");
	assert_int_equal(c->f.reloads, 1);
	assert_true(c->m.quit);
}

static void test_reload_bad(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "reload now", "reload: too many arguments\n");
	assert_int_equal(c->f.reloads, 0);
}

static void test_ping(void **state)
{
	struct ctx *c = *state;
	struct mon_settings before = c->m.set;

	/* the fake platform has no network: one line, nothing changes */
	check(c, "ping", "ping: no network interface\n");
	check(c, "ping 192.168.1.2", "ping: no network interface\n");
	c->m.set.server = 0;
	check(c, "ping", "ping: no server set (use: server <ip>, or ping <ip>)\n");
	c->m.set.server = before.server;
	assert_settings_equal(&c->m.set, &before);
}

static void test_ping_bad(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "ping 1.2.3", "ping: invalid IP address '1.2.3'\n");
	check_bad(c, "ping 01.2.3.4", "ping: invalid IP address '01.2.3.4'\n");
	check_bad(c, "ping 224.0.0.1", "ping: '224.0.0.1' is not a unicast host address\n");
	check_bad(c, "ping 127.0.0.1", "ping: '127.0.0.1' is not a unicast host address\n");
	check_bad(c, "ping 1.2.3.4 5", "ping: too many arguments\n");
}

static void test_tftp(void **state)
{
	struct ctx *c = *state;

	check_bad(c, "tftp", "tftp: no network interface\n");
	check_bad(c, "tftp pix.bin", "tftp: too many arguments\n");
}

/* A platform's subset (mon_cmd_select): help lists it, abbreviations follow it, the rest is unknown. */
static void test_command_subset(void **state)
{
	static const char *const names[] = { "tftp", "help", "nosuch", "timeout" };
	struct ctx *c = *state;
	struct cli_cmd sub[ARRAY_SIZE(names)];
	unsigned int n = mon_cmd_select(names, ARRAY_SIZE(names), sub);

	assert_int_equal(n, 3);
	assert_string_equal(sub[0].path, "help"); /* the monitor's order, not the names' */
	assert_string_equal(sub[1].path, "tftp");
	assert_string_equal(sub[2].path, "timeout");
	c->f.plat.cmds = sub;
	c->f.plat.cmd_count = n;
	check(c, "help",
	      "help [command]      this help message\n"
	      "tftp                fetch file via TFTP\n"
	      "timeout [seconds]   set TFTP timeout (1-255)\n");
	check(c, "t", "Ambiguous command 't': tftp timeout\n");
	check(c, "ti 9", "timeout 9\n");
	check(c, "checksum", "Unknown command 'checksum'. Use ? for help.\n");
	check(c, "?", "Unknown command '?'. Use ? for help.\n");
	check(c, "help checksum", "help: Unknown command 'checksum'\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sorted_and_aligned),
		cmocka_unit_test_setup(test_help_lists_every_command, setup),
		cmocka_unit_test_setup(test_help_one_command, setup),
		cmocka_unit_test_setup(test_help_bad, setup_busy),
		cmocka_unit_test_setup(test_unknown_and_ambiguous, setup_busy),
		cmocka_unit_test_setup(test_empty_and_blank_lines, setup_busy),
		cmocka_unit_test_setup(test_unique_prefixes, setup),
		cmocka_unit_test_setup(test_ipv4_setters, setup),
		cmocka_unit_test_setup(test_ipv4_setters_bad, setup_busy),
		cmocka_unit_test_setup(test_setters_change_only_their_setting, setup_busy),
		cmocka_unit_test_setup(test_file, setup),
		cmocka_unit_test_setup(test_file_bad, setup_busy),
		cmocka_unit_test_setup(test_interface, setup),
		cmocka_unit_test_setup(test_interface_bad, setup_busy),
		cmocka_unit_test_setup(test_interface_one_nic, setup_1_nic),
		cmocka_unit_test_setup(test_interface_no_nics, setup_no_nics),
		cmocka_unit_test_setup(test_timeout, setup),
		cmocka_unit_test_setup(test_timeout_bad, setup_busy),
		cmocka_unit_test_setup(test_trace, setup),
		cmocka_unit_test_setup(test_trace_bad, setup_busy),
		cmocka_unit_test_setup(test_reload, setup),
		cmocka_unit_test_setup(test_reload_bad, setup_busy),
		cmocka_unit_test_setup(test_ping, setup_busy),
		cmocka_unit_test_setup(test_ping_bad, setup_busy),
		cmocka_unit_test_setup(test_tftp, setup_busy),
		cmocka_unit_test_setup(test_command_subset, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
