/* Unit tests of os/config.c: defaults, the written text and its checksum, applying a text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_os_platform.h"
#include "mbedtls/sha256.h"

#define HINT "Type help or '?' for a list of available commands.\n"
#define EMPTY_PW "8Ry2YjIyt7RRXU24" /* PIX's hash of "" */
#define CISCO_PW "2KFQnbNIdI.2KYOU" /* of "cisco" */

/* What `write terminal` shows on a unit with two NICs and nothing configured. */
static const char default_text[] = ": Saved\n"
				   ":\n"
				   "PIX Version 6.3(5)\n"
				   "interface ethernet0 auto\n"
				   "interface ethernet1 auto\n"
				   "nameif ethernet0 outside security0\n"
				   "nameif ethernet1 inside security100\n"
				   "enable password " EMPTY_PW " encrypted\n"
				   "passwd " CISCO_PW " encrypted\n"
				   "hostname pixfirewall\n"
				   "names\n"
				   "no ip address outside\n"
				   "no ip address inside\n"
				   /* hashlib.sha256(body).hexdigest()[:32], computed apart */
				   "Cryptochecksum:3d36bf7220f58cf1ee0cd6a83927a057\n"
				   ": end\n";

/* Every setting the image writes, on a unit with four NICs. */
static const char *const full_lines[] = {
	"hostname fw-a",
	"enable password s3cret",
	"passwd t3lnet",
	"interface ethernet0 100full",
	"interface ethernet1 auto shutdown",
	"interface ethernet2 10baset",
	"interface ethernet3 10full shutdown",
	"nameif ethernet0 out security5",
	"nameif ethernet2 dmz security50",
	"ip address out 192.168.7.1 255.255.255.0",
	"ip address inside 10.0.2.15",
	"ip address dmz 172.16.1.1 255.255.255.252",
	"name 10.0.2.2 tftphost",
	"name 192.168.7.254 gw",
	"route out 0 0 gw 2",
	"route inside 172.16.0.0 255.240.0.0 10.0.2.2",
	"tftp-server inside tftphost /pix/image.bin",
	"dns name-server inside 10.0.2.53",
	"dns name-server out gw",
};

/* The text of the above, up to its checksum line (hashes computed apart with Python's md5). */
static const char full_body[] = ": Saved\n"
				":\n"
				"PIX Version 6.3(5)\n"
				"interface ethernet0 100full\n"
				"interface ethernet1 auto shutdown\n"
				"interface ethernet2 10baset\n"
				"interface ethernet3 10full shutdown\n"
				"nameif ethernet0 out security5\n"
				"nameif ethernet1 inside security100\n"
				"nameif ethernet2 dmz security50\n"
				"nameif ethernet3 intf3 security6\n"
				"enable password /OaZutGBTC4fRjmd encrypted\n"
				"passwd YLOcDojAZ83uojQq encrypted\n"
				"hostname fw-a\n"
				"names\n"
				"name 10.0.2.2 tftphost\n"
				"name 192.168.7.254 gw\n"
				"ip address out 192.168.7.1 255.255.255.0\n"
				"ip address inside 10.0.2.15 255.0.0.0\n"
				"ip address dmz 172.16.1.1 255.255.255.252\n"
				"no ip address intf3\n"
				"route out 0.0.0.0 0.0.0.0 192.168.7.254 2\n"
				"route inside 172.16.0.0 255.240.0.0 10.0.2.2 1\n"
				"tftp-server inside 10.0.2.2 /pix/image.bin\n"
				"dns name-server inside 10.0.2.53\n"
				"dns name-server out 192.168.7.254\n";

static char text[OS_CONFIG_TEXT_MAX + 1];

static int setup2(void **state)
{
	struct fake_os *o = fake_os_new(2);

	fake_os_start(o);
	*state = o;
	return 0;
}

static int setup4(void **state)
{
	struct fake_os *o = fake_os_new(4);

	fake_os_start(o);
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* The running configuration as text. */
static const char *running(struct fake_os *o)
{
	int n = os_config_write(&o->os, &o->os.run, text, sizeof(text));

	assert_true(n > 0);
	assert_int_equal((size_t)n, strlen(text));
	return text;
}

/* Applies @s (strlen) as a stored configuration; returns how many lines failed. */
static int apply(struct fake_os *o, const char *s)
{
	fake_os_clear(o);
	return os_config_apply(&o->os, s, strlen(s), "config");
}

/* "Cryptochecksum:" and 32 hex digits of SHA-256 over @body from "PIX Version" on. */
static void checksum_line(const char *body, char *out)
{
	const char *from = strstr(body, "PIX Version");
	uint8_t sha[32];
	int i;

	assert_non_null(from);
	mbedtls_sha256_ret((const unsigned char *)from, strlen(from), sha, 0);
	strcpy(out, "Cryptochecksum:");
	for (i = 0; i < 16; i++)
		sprintf(out + strlen(out), "%02x", sha[i]);
	strcat(out, "\n");
}

/* Asserts that two running configurations hold the same settings (routes and names in order). */
static void assert_same_config(const struct os_config *a, const struct os_config *b)
{
	unsigned int i, j, k;

	assert_string_equal(a->hostname, b->hostname);
	assert_string_equal(a->enable_pw, b->enable_pw);
	assert_string_equal(a->passwd, b->passwd);
	assert_int_equal(a->if_count, b->if_count);
	for (i = 0; i < a->if_count; i++) {
		assert_string_equal(a->ifs[i].name, b->ifs[i].name);
		assert_int_equal(a->ifs[i].security, b->ifs[i].security);
		assert_int_equal(a->ifs[i].speed, b->ifs[i].speed);
		assert_int_equal(a->ifs[i].shutdown, b->ifs[i].shutdown);
		assert_int_equal(a->ifs[i].addr, b->ifs[i].addr);
		assert_int_equal(a->ifs[i].mask, a->ifs[i].addr ? b->ifs[i].mask : a->ifs[i].mask);
	}
	for (i = j = 0;; i++, j++) {
		while (i < OS_ROUTE_MAX && !a->routes[i].used)
			i++;
		while (j < OS_ROUTE_MAX && !b->routes[j].used)
			j++;
		assert_int_equal(i < OS_ROUTE_MAX, j < OS_ROUTE_MAX);
		if (i == OS_ROUTE_MAX)
			break;
		assert_int_equal(a->routes[i].iface, b->routes[j].iface);
		assert_int_equal(a->routes[i].net, b->routes[j].net);
		assert_int_equal(a->routes[i].mask, b->routes[j].mask);
		assert_int_equal(a->routes[i].gw, b->routes[j].gw);
		assert_int_equal(a->routes[i].metric, b->routes[j].metric);
	}
	for (i = k = 0;; i++, k++) {
		while (i < OS_NAMES_MAX && !a->names[i].used)
			i++;
		while (k < OS_NAMES_MAX && !b->names[k].used)
			k++;
		assert_int_equal(i < OS_NAMES_MAX, k < OS_NAMES_MAX);
		if (i == OS_NAMES_MAX)
			break;
		assert_int_equal(a->names[i].addr, b->names[k].addr);
		assert_string_equal(a->names[i].name, b->names[k].name);
	}
	assert_int_equal(a->tftp_set, b->tftp_set);
	if (a->tftp_set) {
		assert_int_equal(a->tftp_iface, b->tftp_iface);
		assert_int_equal(a->tftp_server, b->tftp_server);
		assert_string_equal(a->tftp_path, b->tftp_path);
	}
	for (i = 0; i < OS_DNS_SERVERS_MAX; i++) { /* in order: the order they are asked in */
		assert_int_equal(a->dns[i].used, b->dns[i].used);
		assert_int_equal(a->dns[i].iface, b->dns[i].iface);
		assert_int_equal(a->dns[i].addr, b->dns[i].addr);
	}
}

static void configure_full(struct fake_os *o)
{
	size_t i;

	fake_os_to_config(o);
	for (i = 0; i < sizeof(full_lines) / sizeof(full_lines[0]); i++) {
		assert_int_equal(fake_os_exec(o, full_lines[i]), 0);
		assert_string_equal(fake_os_out(o), "");
	}
}

static void test_defaults(void **state)
{
	struct os_config c;
	char pw[OS_PW_HASH_LEN + 1];
	unsigned int i;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	os_config_defaults(&c, 4);
	assert_string_equal(c.hostname, "pixfirewall");
	os_pw_hash("", pw);
	assert_string_equal(c.enable_pw, pw);
	assert_string_equal(c.enable_pw, EMPTY_PW);
	assert_string_equal(c.passwd, CISCO_PW);
	assert_int_equal(c.if_count, 4);
	assert_string_equal(c.ifs[0].name, "outside");
	assert_int_equal(c.ifs[0].security, 0);
	assert_string_equal(c.ifs[1].name, "inside");
	assert_int_equal(c.ifs[1].security, 100);
	assert_string_equal(c.ifs[2].name, "intf2");
	assert_int_equal(c.ifs[2].security, 4);
	assert_string_equal(c.ifs[3].name, "intf3");
	assert_int_equal(c.ifs[3].security, 6);
	for (i = 0; i < 4; i++) {
		assert_int_equal(c.ifs[i].speed, OS_SPEED_AUTO);
		assert_false(c.ifs[i].shutdown);
		assert_int_equal(c.ifs[i].addr, 0);
	}
	for (i = 0; i < OS_ROUTE_MAX; i++)
		assert_false(c.routes[i].used);
	for (i = 0; i < OS_NAMES_MAX; i++)
		assert_false(c.names[i].used);
	assert_false(c.tftp_set);
	for (i = 0; i < OS_DNS_SERVERS_MAX; i++)
		assert_false(c.dns[i].used);
	/* more NICs than interfaces the image handles */
	os_config_defaults(&c, OS_IF_MAX + 2);
	assert_int_equal(c.if_count, OS_IF_MAX);
	assert_string_equal(c.ifs[OS_IF_MAX - 1].name, "intf7");
	assert_int_equal(c.ifs[OS_IF_MAX - 1].security, 14);
	os_config_defaults(&c, 0);
	assert_int_equal(c.if_count, 0);
}

static void test_write_defaults(void **state)
{
	struct fake_os *o = *state;

	assert_string_equal(running(o), default_text);
}

static void test_write_full_configuration(void **state)
{
	struct fake_os *o = *state;
	char want[sizeof(full_body) + 64];

	configure_full(o);
	strcpy(want, full_body);
	checksum_line(full_body, want + strlen(want));
	strcat(want, ": end\n");
	assert_string_equal(running(o), want);
}

static void test_write_takes_the_version_from_the_header(void **state)
{
	struct fake_os *o = *state;

	o->os.id.version = (struct img_version){ 6, 3, 4 };
	assert_non_null(strstr(running(o), "\nPIX Version 6.3(4)\n"));
}

/* Every buffer shorter than the text and its NUL: -E2BIG, and nothing written past it. */
static void test_write_short_buffer(void **state)
{
	struct fake_os *o = *state;
	static char buf[OS_CONFIG_TEXT_MAX + 1];
	size_t len, size;

	configure_full(o);
	len = strlen(running(o));
	for (size = 0; size <= len; size++) {
		memset(buf, '#', sizeof(buf));
		assert_int_equal(os_config_write(&o->os, &o->os.run, buf, size), -E2BIG);
		assert_int_equal(buf[size], '#');
		if (size)
			assert_true(strlen(buf) < size);
	}
	assert_int_equal(os_config_write(&o->os, &o->os.run, buf, len + 1), (int)len);
	assert_string_equal(buf, text);
}

static void test_checksum_line(void **state)
{
	struct fake_os *o = *state;
	uint8_t sum[16], want[16];
	const char *p;
	char bad[128];

	configure_full(o);
	running(o);
	assert_int_equal(os_config_checksum_line(text, strlen(text), sum), 0);
	p = strstr(text, "PIX Version");
	os_config_checksum(p, (size_t)(strstr(text, "Cryptochecksum:") - p), want);
	assert_memory_equal(sum, want, 16);
	/* the defaults' stated value, read back */
	assert_int_equal(os_config_checksum_line(default_text, strlen(default_text), sum), 0);
	assert_int_equal(sum[0], 0x3d);
	assert_int_equal(sum[15], 0x57);
	/* CRLF lines */
	strcpy(bad, "hostname a\r\nCryptochecksum:3d36bf7220f58cf1ee0cd6a83927a057\r\n: end\r\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), 0);
	assert_int_equal(sum[1], 0x36);
	/* the last line need not end in '\n' */
	strcpy(bad, "Cryptochecksum:3d36bf7220f58cf1ee0cd6a83927a057");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), 0);
	/* not one */
	assert_int_equal(os_config_checksum_line("hostname a\n", 11, sum), -ENOENT);
	assert_int_equal(os_config_checksum_line("", 0, sum), -ENOENT);
	strcpy(bad, "Cryptochecksum:3D36BF7220F58CF1EE0CD6A83927A057\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), -ENOENT);
	strcpy(bad, "Cryptochecksum:3d36bf7220f58cf1ee0cd6a83927a05\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), -ENOENT);
	strcpy(bad, "Cryptochecksum:3d36bf7220f58cf1ee0cd6a83927a0577\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), -ENOENT);
	strcpy(bad, "Cryptochecksum:3d36bf7220f58cf1ee0cd6a83927a05g\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), -ENOENT);
	strcpy(bad, "Cryptochecksum:\n");
	assert_int_equal(os_config_checksum_line(bad, strlen(bad), sum), -ENOENT);
	/* only as much as @len is read */
	assert_int_equal(os_config_checksum_line(default_text, 40, sum), -ENOENT);
}

static void test_checksum_changes_with_the_configuration(void **state)
{
	struct fake_os *o = *state;
	uint8_t a[16], b[16];

	running(o);
	assert_int_equal(os_config_checksum_line(text, strlen(text), a), 0);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "hostname fw"), 0);
	running(o);
	assert_int_equal(os_config_checksum_line(text, strlen(text), b), 0);
	assert_memory_not_equal(a, b, 16);
}

static void test_apply_full_text(void **state)
{
	struct fake_os *o = *state;
	struct fake_os *p = fake_os_new(4);
	char want[OS_CONFIG_TEXT_MAX + 1];

	configure_full(o);
	strcpy(want, running(o));
	fake_os_start(p);
	assert_int_equal(apply(p, want), 0);
	assert_string_equal(fake_os_out(p), "");
	assert_int_equal(p->os.mode, OS_MODE_USER);
	assert_ptr_equal(p->os.con, &p->f.con);
	assert_string_equal(running(p), want);
	assert_true(p->os.modified);
	fake_os_free(p);
}

/* write -> apply -> write gives the same text: for the defaults and a full configuration. */
static void test_round_trip(void **state)
{
	struct fake_os *o = *state;
	char first[OS_CONFIG_TEXT_MAX + 1];
	int round;

	for (round = 0; round < 2; round++) {
		struct fake_os *p = fake_os_new(4);

		if (round)
			configure_full(o);
		strcpy(first, running(o));
		fake_os_start(p);
		assert_int_equal(apply(p, first), 0);
		assert_string_equal(running(p), first);
		assert_same_config(&p->os.run, &o->os.run);
		fake_os_free(p);
	}
}

/*
 * The longest values every command takes still write lines that apply again: the longest
 * interface name on the TFTP interface, the longest tftp-server path, name, route and name server.
 */
static void test_round_trip_longest_values(void **state)
{
	struct fake_os *o = *state, *p = fake_os_new(4);
	char line[MON_LINE_MAX + 2], name[OS_NAME_MAX + 1];
	size_t n;

	fake_os_to_config(o);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(line, sizeof(line), "name 223.255.255.252 %s", name);
	assert_int_equal(fake_os_exec(o, line), 0);
	/* the longest path tftp-server takes, on a line of at most 128 characters */
	for (n = MON_LINE_MAX - strlen("tftp-server 1.1.1.1 "); n > 0; n--) {
		snprintf(line, sizeof(line), "tftp-server 223.255.255.254 %0*d", (int)n, 7);
		if (strlen(line) <= MON_LINE_MAX && !fake_os_exec(o, line))
			break;
	}
	assert_true(n > 0);
	name[OS_IFNAME_MAX] = '\0';
	snprintf(line, sizeof(line), "nameif ethernet1 %s security100", name);
	assert_int_equal(fake_os_exec(o, line), 0);
	snprintf(line, sizeof(line), "ip address %s 223.255.255.253 255.255.255.254", name);
	assert_int_equal(fake_os_exec(o, line), 0);
	snprintf(line, sizeof(line), "route %s 223.255.255.255 255.255.255.255 223.255.255.254 16",
		 name);
	assert_int_equal(fake_os_exec(o, line), 0);
	snprintf(line, sizeof(line), "dns name-server %s 223.255.255.254", name);
	assert_int_equal(fake_os_exec(o, line), 0);
	running(o);
	fake_os_start(p);
	assert_int_equal(apply(p, text), 0);
	assert_string_equal(fake_os_out(p), "");
	assert_same_config(&p->os.run, &o->os.run);
	fake_os_free(p);
}

/* Interfaces whose names were swapped (through a third name) keep them across a write and load. */
static void test_round_trip_swapped_names(void **state)
{
	struct fake_os *o = *state, *p = fake_os_new(4);

	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "nameif ethernet0 tmp security0"), 0);
	assert_int_equal(fake_os_exec(o, "nameif ethernet1 outside security0"), 0);
	assert_int_equal(fake_os_exec(o, "nameif ethernet0 inside security100"), 0);
	assert_int_equal(fake_os_exec(o, "nameif ethernet2 tmp2 security4"), 0);
	assert_int_equal(fake_os_exec(o, "nameif ethernet3 intf2 security6"), 0);
	assert_int_equal(fake_os_exec(o, "nameif ethernet2 intf3 security4"), 0);
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	running(o);
	fake_os_start(p);
	assert_int_equal(apply(p, text), 0);
	assert_string_equal(fake_os_out(p), "");
	assert_same_config(&p->os.run, &o->os.run);
	assert_string_equal(p->os.run.ifs[0].name, "inside");
	assert_int_equal(p->os.run.ifs[0].addr, 0x0a00020f);
	/* one such line alone swaps the two names: they stay unique */
	assert_int_equal(apply(p, "nameif ethernet1 inside security100\n"), 0);
	assert_string_equal(p->os.run.ifs[0].name, "outside");
	assert_string_equal(p->os.run.ifs[1].name, "inside");
	assert_int_equal(p->os.run.ifs[0].security, 100);
	fake_os_free(p);
}

/* A stored line whose path ends in a CR before its CR LF: refused, not taken and then lost. */
static void test_apply_path_with_control_characters(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(apply(o, "tftp-server 10.0.2.2 ab\r\r\n"), 1);
	assert_string_equal(fake_os_out(o), "config line 1: tftp-server 10.0.2.2 ab\r\n"
					    "ERROR: tftp-server: a path has printable characters "
					    "only\n");
	assert_false(o->os.run.tftp_set);
}

/* A unit with nothing stored starts from the monitor's settings (boot information). */
static void test_load_takes_the_monitor_settings(void **state)
{
	struct fake_os *o = *state, *p = fake_os_new(4);
	char path[OS_PATH_MAX + 1];

	o->os.id.mon_address = 0x0a00020f;
	o->os.id.mon_gateway = 0x0a000201;
	o->os.id.mon_server = 0x0a000202;
	o->os.id.mon_interface = 1;
	strcpy(o->os.id.mon_file, "pix/image.bin");
	os_config_load(&o->os);
	assert_string_equal(fake_os_out(o), "");
	assert_int_equal(o->os.run.ifs[1].addr, 0x0a00020f);
	assert_int_equal(o->os.run.ifs[1].mask, 0xff000000);
	assert_true(o->os.run.routes[0].used);
	assert_int_equal(o->os.run.routes[0].iface, 1);
	assert_int_equal(o->os.run.routes[0].gw, 0x0a000201);
	assert_true(o->os.run.tftp_set);
	assert_int_equal(o->os.run.tftp_iface, 1);
	assert_int_equal(o->os.run.tftp_server, 0x0a000202);
	assert_string_equal(o->os.run.tftp_path, "pix/image.bin");
	/* the longest file name the monitor takes: what is taken must write back and apply */
	memset(path, 'f', OS_PATH_MAX);
	path[OS_PATH_MAX] = '\0';
	os_config_defaults(&o->os.run, 4);
	strcpy(o->os.id.mon_file, path);
	os_config_load(&o->os);
	running(o);
	fake_os_start(p);
	assert_int_equal(apply(p, text), 0);
	assert_same_config(&p->os.run, &o->os.run);
	fake_os_free(p);
}

static void test_apply_reports_failing_lines(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = "PIX Version 6.3(5)\n"
				   "hostname good\n"
				   "fixup protocol ftp 21\n"
				   "ip address inside 10.0.2.300 255.255.255.0\n"
				   ": a comment\n"
				   "\n"
				   "show version\n"
				   "route inside 0 0\n"
				   "name 10.0.2.2 server\n"
				   "ip address inside 10.0.2.15 255.255.255.0\n"
				   "show\n"
				   "ip addr\n"
				   "ip address inside 10.0.2.15 x y\n"
				   "PIX Version 6.x\n"
				   "nameif ethernet1 dmz sec\n"
				   "no interface ethernet0\n"
				   "sh ver\n"
				   "hostname bad!";

	assert_int_equal(apply(o, conf), 12);
	assert_string_equal(fake_os_out(o),
			    "config line 3: fixup protocol ftp 21\n"
			    "ERROR: 'fixup' is not a command this image knows\n"
			    "config line 4: ip "
			    "address inside "
			    "10.0.2.300 "
			    "255.255.255.0\n"
			    "ERROR: ip address: '10.0.2.300' is not a unicast host address\n"
			    "config line 7: show version\n"
			    "ERROR: not a configuration command\n"
			    "config line 8: route inside 0 0\n"
			    "Usage: route if_name ip_address netmask gateway_ip [metric]\n"
			    "config line 11: show\n"
			    "ERROR: not a configuration command\n"
			    "config line 12: ip addr\n"
			    "Usage: ip address if_name ip_address [mask]\n"
			    "config line 13: ip address inside 10.0.2.15 x y\n"
			    "Usage: ip address if_name ip_address [mask]\n"
			    "config line 14: PIX Version 6.x\n"
			    "ERROR: '6.x' is not a PIX version\n"
			    "config line 15: nameif ethernet1 dmz sec\n"
			    "ERROR: nameif: 'sec' is not a security level (security0-security100)\n"
			    "config line 16: no interface ethernet0\n"
			    "ERROR: no 'interface' has no such form\n"
			    "Usage: interface ethernetN [auto | 10baset | 10full | 100basetx | "
			    "100full] "
			    "[shutdown]\n"
			    "config line 17: sh ver\n"
			    "ERROR: not a configuration command\n"
			    "config line 18: hostname bad!\n"
			    "ERROR: hostname: 'bad!' is not a host name (up to 16 letters, digits "
			    "and "
			    "hyphens, starting with a letter)\n");
	/* the good lines applied */
	assert_string_equal(o->os.run.hostname, "good");
	assert_int_equal(o->os.run.ifs[1].addr, 0x0a00020f);
	assert_int_equal(o->os.run.ifs[1].mask, 0xffffff00);
	assert_true(o->os.run.names[0].used);
	assert_string_equal(o->os.run.names[0].name, "server");
	assert_string_equal(o->os.run.ifs[1].name, "inside");
}

/* Commands of the other modes are refused in a stored configuration, whatever they are. */
static void test_apply_refuses_exec_commands(void **state)
{
	struct fake_os *o = *state;
	static const char *const lines[] = {
		"write memory",
		"write erase",
		"reload",
		"copy tftp flash",
		"configure terminal",
		"configure memory",
		"activation-key 0x1 0x2 0x3 0x4",
		"show running-config",
		"ping 10.0.2.2",
		"exit",
		"disable",
		"end",
		"help",
		"write terminal",
	};
	char want[256], line[MON_LINE_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		snprintf(line, sizeof(line), "%s\n", lines[i]);
		assert_int_equal(apply(o, line), 1);
		snprintf(want, sizeof(want),
			 "config line 1: %s\nERROR: not a configuration command\n", lines[i]);
		assert_string_equal(fake_os_out(o), want);
	}
	assert_int_equal(apply(o, "enable\n"), 1);
	assert_string_equal(fake_os_out(o), "config line 1: enable\nERROR: incomplete "
					    "command\n");
	assert_string_equal(running(o), default_text);
	assert_false(o->os.modified);
	assert_int_equal(o->os.mode, OS_MODE_USER);
	assert_int_equal(o->f.reloads, 0);
}

static void test_apply_skips_comments_blanks_and_the_checksum(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = ": Saved\n"
				   ":\n"
				   "   : an indented comment\n"
				   "\t\n"
				   "    \n"
				   "Cryptochecksum:00000000000000000000000000000000\n"
				   "  Cryptochecksum:not even hex\n"
				   "Cryptochecksum:\n"
				   "hostname c1\n"
				   ": end\n";

	assert_int_equal(apply(o, conf), 0);
	assert_string_equal(fake_os_out(o), "");
	assert_string_equal(o->os.run.hostname, "c1");
	/* a line that only looks like one is run, and fails */
	assert_int_equal(apply(o, "cryptochecksum:00\n"), 1);
	assert_string_equal(fake_os_out(o), "config line 1: cryptochecksum:00\n"
					    "ERROR: 'cryptochecksum:00' is not a command this "
					    "image "
					    "knows\n");
}

static void test_apply_crlf_and_last_line(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(apply(o, "hostname crlf\r\nname 10.0.0.1 a1\r\n\r\nname 10.0.0.2 a2"), 0);
	assert_string_equal(fake_os_out(o), "");
	assert_string_equal(o->os.run.hostname, "crlf");
	assert_string_equal(o->os.run.names[0].name, "a1");
	assert_string_equal(o->os.run.names[1].name, "a2");
	/* a CR alone is not a line end; only the one before '\n' goes */
	assert_int_equal(apply(o, "hostname x\ry\n"), 1);
	assert_string_equal(fake_os_out(o), "config line 1: hostname x\ry\n"
					    "ERROR: hostname: 'x\ry' is not a host name (up to "
					    "16 letters, digits and hyphens, starting with a "
					    "letter)\n");
	assert_string_equal(o->os.run.hostname, "crlf");
}

static void test_apply_nul_bytes(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = "hostname a\0b\nhostname n2\n\0\n";

	fake_os_clear(o);
	assert_int_equal(os_config_apply(&o->os, conf, sizeof(conf) - 1, "config"), 2);
	assert_string_equal(fake_os_out(o), "config line 1: not text; ignored\n"
					    "config line 3: not text; ignored\n");
	assert_string_equal(o->os.run.hostname, "n2");
}

static void test_apply_overlong_lines(void **state)
{
	struct fake_os *o = *state;
	char conf[3 * MON_LINE_MAX];

	/* 128 characters (trailing blanks count) are a line */
	memset(conf, ' ', sizeof(conf));
	memcpy(conf, "hostname long", 13);
	strcpy(conf + MON_LINE_MAX, "\n");
	assert_int_equal(apply(o, conf), 0);
	assert_string_equal(o->os.run.hostname, "long");
	/* 129 are not; the next line still runs */
	memcpy(conf, "hostname over", 13);
	conf[MON_LINE_MAX] = ' ';
	strcpy(conf + MON_LINE_MAX + 1, "\nx\nhostname next\n");
	assert_int_equal(apply(o, conf), 2);
	assert_string_equal(fake_os_out(o), "config line 1: longer than 128 characters; ignored\n"
					    "config line 2: x\n"
					    "ERROR: 'x' is not a command this image knows\n");
	assert_string_equal(o->os.run.hostname, "next");
}

static void test_apply_names_its_lines_with_what(void **state)
{
	struct fake_os *o = *state;

	fake_os_clear(o);
	assert_int_equal(os_config_apply(&o->os, "\nbogus\n", 7, "net"), 1);
	assert_string_equal(fake_os_out(o), "net line 2: bogus\n"
					    "ERROR: 'bogus' is not a command this image knows\n");
	/* an empty text applies nothing */
	assert_int_equal(os_config_apply(&o->os, "", 0, "net"), 0);
}

/* Applying a text leaves the session's mode and console as they were. */
static void test_apply_keeps_mode_and_console(void **state)
{
	struct fake_os *o = *state;

	fake_os_to_config(o);
	assert_int_equal(apply(o, "hostname m1\nbogus\n"), 1);
	assert_int_equal(o->os.mode, OS_MODE_CONFIG);
	assert_ptr_equal(o->os.con, &o->f.con);
	assert_int_equal(fake_os_exec(o, "hostname m2"), 0);
	assert_string_equal(o->os.run.hostname, "m2");
}

static void test_if_by_name(void **state)
{
	struct fake_os *o = *state;
	const struct os_config *c = &o->os.run;

	assert_int_equal(os_if_by_name(c, "outside"), 0);
	assert_int_equal(os_if_by_name(c, "INSIDE"), 1);
	assert_int_equal(os_if_by_name(c, "Inside"), 1);
	assert_int_equal(os_if_by_name(c, "intf2"), 2);
	assert_int_equal(os_if_by_name(c, "intf3"), 3);
	assert_int_equal(os_if_by_name(c, "intf4"), -ENOENT);
	assert_int_equal(os_if_by_name(c, "inside "), -ENOENT);
	assert_int_equal(os_if_by_name(c, "insid"), -ENOENT);
	assert_int_equal(os_if_by_name(c, "dmz"), -ENOENT);
	assert_int_equal(os_if_by_name(c, ""), -ENOENT);
	assert_int_equal(os_if_by_name(c, "ethernet0"), -ENOENT);
}

static void test_if_by_hw(void **state)
{
	struct fake_os *o = *state;
	const struct os_config *c = &o->os.run;
	static const char *const bad[] = {
		"",
		"1",
		"e",
		"eth",
		"ethernet",
		"ethernet4",
		"e4",
		"e9",
		"x1",
		"ethernets1",
		"etherneta1",
		"ethernet-1",
		"ethernet1x",
		"ethernet 1",
		"eth1.0",
		"ethernet+1",
		"thernet1",
		"en1",
		"ethernet99999999999",
		"ethernet1 ",
		"ethernett1",
		"inside",
	};
	size_t i;

	assert_int_equal(os_if_by_hw(c, "e1"), 1);
	assert_int_equal(os_if_by_hw(c, "eth1"), 1);
	assert_int_equal(os_if_by_hw(c, "ethernet1"), 1);
	assert_int_equal(os_if_by_hw(c, "ETHERNET0"), 0);
	assert_int_equal(os_if_by_hw(c, "Ethernet3"), 3);
	assert_int_equal(os_if_by_hw(c, "e3"), 3);
	assert_int_equal(os_if_by_hw(c, "ethern2"), 2);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (os_if_by_hw(c, bad[i]) != -ENOENT)
			fail_msg("'%s' named an interface", bad[i]);
}

static void test_host_addr(void **state)
{
	struct fake_os *o = *state;
	static const char *const bad[] = {
		"0.0.0.0",   "255.255.255.255", "224.0.0.1", "10.0.2",	  "10.0.2.300",
		"10.0.2.2.", "nothing",		"",	     "10.0.2.2 ", "server.",
	};
	uint32_t a = 0;
	size_t i;

	assert_int_equal(os_host_addr(&o->os, "10.0.2.2", &a), 0);
	assert_int_equal(a, 0x0a000202);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (os_host_addr(&o->os, bad[i], &a) != -EINVAL)
			fail_msg("'%s' was taken for a host", bad[i]);
	assert_int_equal(apply(o, "name 10.0.2.9 server\nname 192.168.1.1 gw-1.site\n"), 0);
	assert_int_equal(os_host_addr(&o->os, "server", &a), 0);
	assert_int_equal(a, 0x0a000209);
	assert_int_equal(os_host_addr(&o->os, "SERVER", &a), 0);
	assert_int_equal(a, 0x0a000209);
	assert_int_equal(os_host_addr(&o->os, "gw-1.site", &a), 0);
	assert_int_equal(a, 0xc0a80101);
	assert_int_equal(os_host_addr(&o->os, "serve", &a), -EINVAL);
	assert_string_equal(os_addr_name(&o->os.run, 0x0a000209), "server");
	assert_null(os_addr_name(&o->os.run, 0x0a000208));
	/* a name stands for a host only when its address is one */
	assert_int_equal(apply(o, "name 255.255.255.255 bcast\nname 0.0.0.0 zero\n"
				  "name 224.0.0.9 rip\n"),
			 0);
	assert_int_equal(os_host_addr(&o->os, "bcast", &a), -EINVAL);
	assert_int_equal(os_host_addr(&o->os, "zero", &a), -EINVAL);
	assert_int_equal(os_host_addr(&o->os, "rip", &a), -EINVAL);
	/* a forgotten name no longer resolves */
	assert_int_equal(apply(o, "no name 10.0.2.9\n"), 0);
	assert_int_equal(os_host_addr(&o->os, "server", &a), -EINVAL);
	assert_null(os_addr_name(&o->os.run, 0x0a000209));
}

static void test_speed_parse(void **state)
{
	(void)state;
	assert_int_equal(os_speed_parse("auto"), OS_SPEED_AUTO);
	assert_int_equal(os_speed_parse("10baset"), OS_SPEED_10BASET);
	assert_int_equal(os_speed_parse("10full"), OS_SPEED_10FULL);
	assert_int_equal(os_speed_parse("100basetx"), OS_SPEED_100BASETX);
	assert_int_equal(os_speed_parse("100FULL"), OS_SPEED_100FULL);
	assert_int_equal(os_speed_parse("100f"), OS_SPEED_100FULL);
	assert_int_equal(os_speed_parse("10b"), OS_SPEED_10BASET);
	assert_true(os_speed_parse("10") < 0);
	assert_true(os_speed_parse("1000full") < 0);
	assert_true(os_speed_parse("") < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_write_defaults, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_write_full_configuration, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_write_takes_the_version_from_the_header,
						setup2, teardown),
		cmocka_unit_test_setup_teardown(test_write_short_buffer, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_line, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_changes_with_the_configuration,
						setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_full_text, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_longest_values, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_swapped_names, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_apply_path_with_control_characters, setup2,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_takes_the_monitor_settings, setup4,
						teardown),
		cmocka_unit_test_setup_teardown(test_apply_reports_failing_lines, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_refuses_exec_commands, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_skips_comments_blanks_and_the_checksum,
						setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_crlf_and_last_line, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_nul_bytes, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_overlong_lines, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_apply_names_its_lines_with_what, setup2,
						teardown),
		cmocka_unit_test_setup_teardown(test_apply_keeps_mode_and_console, setup2,
						teardown),
		cmocka_unit_test_setup_teardown(test_if_by_name, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_if_by_hw, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_host_addr, setup2, teardown),
		cmocka_unit_test(test_speed_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
