/* Unit tests of os/confcmds.c through os_exec(): every configuration command, good and bad. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_os_platform.h"

#define EMPTY_PW "8Ry2YjIyt7RRXU24" /* PIX's hash of "" (computed apart) */
#define CISCO_PW "2KFQnbNIdI.2KYOU" /* of "cisco" */
#define S3CRET_PW "/OaZutGBTC4fRjmd" /* of "s3cret" */
#define LONG_PW ".7nfVBEIEu4KbF/1" /* of "0123456789abcdef" */
#define HOSTNAME_RULE "(up to 16 letters, digits and hyphens, starting with a letter)"
#define NAME_RULE "(letters, digits, '-', '_', '.', starting with a letter)"
#define IFNAME_RULE "(up to 48 letters, digits, '-', '_', '.')"

static struct os_config before;

static int setup(void **state)
{
	struct fake_os *o = fake_os_new(3);

	fake_os_start(o);
	fake_os_to_config(o);
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* Runs a line that must succeed silently. */
static void good(struct fake_os *o, const char *line)
{
	int r = fake_os_exec(o, line);

	if (r || strcmp(fake_os_out(o), ""))
		fail_msg("'%s' returned %d and printed '%s'", line, r, fake_os_out(o));
}

/*
 * Runs a line that must fail with exactly @msg (lines joined with '\n', one added at the end)
 * and leave the running configuration, and whether it was modified, as they were.
 */
static void bad(struct fake_os *o, const char *line, const char *msg)
{
	bool modified = o->os.modified;
	char want[1024];
	int r;

	memcpy(&before, &o->os.run, sizeof(before));
	r = fake_os_exec(o, line);
	snprintf(want, sizeof(want), "%s\n", msg);
	if (r >= 0)
		fail_msg("'%s' returned %d", line, r);
	assert_string_equal(fake_os_out(o), want);
	if (memcmp(&before, &o->os.run, sizeof(before)))
		fail_msg("'%s' changed the running configuration", line);
	assert_int_equal(o->os.modified, modified);
	assert_int_equal(o->os.mode, OS_MODE_CONFIG);
}

static void test_hostname(void **state)
{
	struct fake_os *o = *state;

	good(o, "hostname fw-a");
	assert_string_equal(o->os.run.hostname, "fw-a");
	assert_true(o->os.modified);
	good(o, "HOSTNAME Fw16CharsLong-01");
	assert_string_equal(o->os.run.hostname, "Fw16CharsLong-01");
	good(o, "hostn a");
	assert_string_equal(o->os.run.hostname, "a");
	/* the prompt follows */
	fake_os_clear(o);
	os_prompt(&o->os);
	assert_string_equal(fake_os_out(o), "a(config)# ");
	good(o, "no hostname");
	assert_string_equal(o->os.run.hostname, "pixfirewall");
	good(o, "hostname b");
	good(o, "no hostname whatever");
	assert_string_equal(o->os.run.hostname, "pixfirewall");
}

static void test_hostname_bad(void **state)
{
	struct fake_os *o = *state;

	bad(o, "hostname", "Usage: hostname newname");
	bad(o, "hostname a b", "Usage: hostname newname");
	bad(o, "no hostname a b", "Usage: no hostname newname");
	bad(o, "hostname this-name-is-far-too-long",
	    "ERROR: hostname: 'this-name-is-far-too-long' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname Fw17CharsLong-012",
	    "ERROR: hostname: 'Fw17CharsLong-012' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname 1fw", "ERROR: hostname: '1fw' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname fw.example",
	    "ERROR: hostname: 'fw.example' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname fw!", "ERROR: hostname: 'fw!' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname fw:1", "ERROR: hostname: 'fw:1' is not a host name " HOSTNAME_RULE);
}

/* What the help line of hostname promises: a letter first, then letters, digits, hyphens. */
static void test_hostname_keeps_its_rule(void **state)
{
	struct fake_os *o = *state;

	bad(o, "hostname -fw", "ERROR: hostname: '-fw' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname _fw", "ERROR: hostname: '_fw' is not a host name " HOSTNAME_RULE);
	bad(o, "hostname fw_a", "ERROR: hostname: 'fw_a' is not a host name " HOSTNAME_RULE);
}

static void test_enable_password(void **state)
{
	struct fake_os *o = *state;

	good(o, "enable password s3cret");
	assert_string_equal(o->os.run.enable_pw, S3CRET_PW);
	good(o, "no enable password");
	assert_string_equal(o->os.run.enable_pw, EMPTY_PW);
	good(o, "enable password " S3CRET_PW " encrypted");
	assert_string_equal(o->os.run.enable_pw, S3CRET_PW);
	good(o, "no enable password anything");
	assert_string_equal(o->os.run.enable_pw, EMPTY_PW);
	good(o, "ena pass 0123456789abcdef");
	assert_string_equal(o->os.run.enable_pw, LONG_PW);
	/* the password keeps its case; "encrypted" must be whole */
	good(o, "enable password S3CRET");
	assert_string_not_equal(o->os.run.enable_pw, S3CRET_PW);
	good(o, "enable password " CISCO_PW " ENCRYPTED");
	assert_string_equal(o->os.run.enable_pw, CISCO_PW);
}

static void test_enable_password_bad(void **state)
{
	struct fake_os *o = *state;

	bad(o, "enable password", "Usage: enable password password [encrypted]");
	bad(o, "enable password a encrypted x", "Usage: enable password password [encrypted]");
	bad(o, "enable password abc enc", "ERROR: enable password: 'enc' is not 'encrypted'");
	bad(o, "enable password abc encrypted",
	    "ERROR: enable password: 'abc' is not an encrypted password (16 characters)");
	bad(o, "enable password 2KFQnbNIdI.2KYO! encrypted",
	    "ERROR: enable password: '2KFQnbNIdI.2KYO!' is not an encrypted password (16 "
	    "characters)");
	bad(o, "enable password 2KFQnbNIdI.2KYOUx encrypted",
	    "ERROR: enable password: '2KFQnbNIdI.2KYOUx' is not an encrypted password (16 "
	    "characters)");
	bad(o, "enable password 0123456789abcdefX",
	    "ERROR: enable password: a password has at most 16 characters");
	bad(o, "enable",
	    "ERROR: incomplete command\nType help or '?' for a list of available "
	    "commands.");
}

static void test_passwd(void **state)
{
	struct fake_os *o = *state;

	assert_string_equal(o->os.run.passwd, CISCO_PW);
	good(o, "passwd s3cret");
	assert_string_equal(o->os.run.passwd, S3CRET_PW);
	good(o, "no passwd");
	assert_string_equal(o->os.run.passwd, CISCO_PW);
	good(o, "passwd " EMPTY_PW " encrypted");
	assert_string_equal(o->os.run.passwd, EMPTY_PW);
	good(o, "pas 0123456789abcdef");
	assert_string_equal(o->os.run.passwd, LONG_PW);
}

static void test_passwd_bad(void **state)
{
	struct fake_os *o = *state;

	bad(o, "passwd", "Usage: passwd password [encrypted]");
	bad(o, "passwd a b c", "Usage: passwd password [encrypted]");
	bad(o, "passwd abc encrypted",
	    "ERROR: passwd: 'abc' is not an encrypted password (16 characters)");
	bad(o, "passwd abc plain", "ERROR: passwd: 'plain' is not 'encrypted'");
	bad(o, "passwd 0123456789abcdefX", "ERROR: passwd: a password has at most 16 characters");
}

static void test_interface(void **state)
{
	struct fake_os *o = *state;

	good(o, "interface ethernet0 100full");
	assert_int_equal(o->os.run.ifs[0].speed, OS_SPEED_100FULL);
	assert_false(o->os.run.ifs[0].shutdown);
	good(o, "interface e1 10baset shutdown");
	assert_int_equal(o->os.run.ifs[1].speed, OS_SPEED_10BASET);
	assert_true(o->os.run.ifs[1].shutdown);
	/* shutdown alone keeps the speed; no argument brings it up with its speed */
	good(o, "interface eth0 shutdown");
	assert_int_equal(o->os.run.ifs[0].speed, OS_SPEED_100FULL);
	assert_true(o->os.run.ifs[0].shutdown);
	good(o, "int ethernet0");
	assert_int_equal(o->os.run.ifs[0].speed, OS_SPEED_100FULL);
	assert_false(o->os.run.ifs[0].shutdown);
	good(o, "interface ETHERNET2 10f");
	assert_int_equal(o->os.run.ifs[2].speed, OS_SPEED_10FULL);
	good(o, "interface ethernet2 100b");
	assert_int_equal(o->os.run.ifs[2].speed, OS_SPEED_100BASETX);
	good(o, "interface ethernet2 auto");
	assert_int_equal(o->os.run.ifs[2].speed, OS_SPEED_AUTO);
}

static void test_interface_bad(void **state)
{
	struct fake_os *o = *state;
	static const char usage[] = "Usage: interface ethernetN [auto | 10baset | 10full | "
				    "100basetx | 100full] [shutdown]";
	static const char speeds[] = "is not a speed (auto, 10baset, 10full, 100basetx, 100full)";
	char want[256];

	good(o, "interface ethernet1 10full shutdown");
	bad(o, "interface", usage);
	bad(o, "interface ethernet0 auto shutdown now", usage);
	bad(o, "interface ethernet3 auto",
	    "ERROR: interface: no interface 'ethernet3' (ethernet0-ethernet2)");
	bad(o, "interface inside auto",
	    "ERROR: interface: no interface 'inside' (ethernet0-ethernet2)");
	snprintf(want, sizeof(want), "ERROR: interface: 'fast' %s", speeds);
	bad(o, "interface ethernet0 fast", want);
	snprintf(want, sizeof(want), "ERROR: interface: '10' %s", speeds);
	bad(o, "interface ethernet1 10", want);
	snprintf(want, sizeof(want), "ERROR: interface: 'shut' %s", speeds);
	bad(o, "interface ethernet1 shut", want);
	bad(o, "interface ethernet1 auto down", "ERROR: interface: 'down' is not 'shutdown'");
	bad(o, "interface ethernet1 shutdown auto", "ERROR: interface: unexpected 'auto'");
	bad(o, "no interface ethernet1",
	    "ERROR: no 'interface' has no such form\n"
	    "Usage: interface ethernetN [auto | 10baset | 10full | 100basetx | 100full] "
	    "[shutdown]");
}

static void test_nameif(void **state)
{
	struct fake_os *o = *state;
	char line[MON_LINE_MAX + 1], name[OS_IFNAME_MAX + 1];

	good(o, "nameif ethernet2 dmz security50");
	assert_string_equal(o->os.run.ifs[2].name, "dmz");
	assert_int_equal(o->os.run.ifs[2].security, 50);
	/* an interface keeps its own name; the level may change */
	good(o, "nameif ethernet0 outside security10");
	assert_string_equal(o->os.run.ifs[0].name, "outside");
	assert_int_equal(o->os.run.ifs[0].security, 10);
	good(o, "nameif e1 in_side.1 security100");
	assert_string_equal(o->os.run.ifs[1].name, "in_side.1");
	good(o, "nameif ethernet2 DMZ security0");
	assert_string_equal(o->os.run.ifs[2].name, "DMZ");
	/* the longest name */
	memset(name, 'n', OS_IFNAME_MAX);
	name[OS_IFNAME_MAX] = '\0';
	snprintf(line, sizeof(line), "nameif ethernet2 %s security4", name);
	good(o, line);
	assert_string_equal(o->os.run.ifs[2].name, name);
	/* the old name is gone: another interface may take it */
	good(o, "nameif ethernet1 dmz security60");
	assert_int_equal(os_if_by_name(&o->os.run, "dmz"), 1);
}

static void test_nameif_bad(void **state)
{
	struct fake_os *o = *state;
	char line[MON_LINE_MAX + 1], name[OS_IFNAME_MAX + 2], want[256];

	bad(o, "nameif ethernet1 dmz", "Usage: nameif ethernetN if_name securityN");
	bad(o, "nameif ethernet1 dmz security5 x", "Usage: nameif ethernetN if_name securityN");
	bad(o, "nameif ethernet9 dmz security50",
	    "ERROR: nameif: no interface 'ethernet9' (ethernet0-ethernet2)");
	bad(o, "nameif ethernet1 outside security50",
	    "ERROR: nameif: 'outside' already names ethernet0");
	bad(o, "nameif ethernet2 OUTSIDE security50",
	    "ERROR: nameif: 'OUTSIDE' already names ethernet0");
	bad(o, "nameif ethernet1 dmz level50",
	    "ERROR: nameif: 'level50' is not a security level (security0-security100)");
	bad(o, "nameif ethernet1 dmz security101",
	    "ERROR: nameif: 'security101' is not a security level (security0-security100)");
	bad(o, "nameif ethernet1 dmz security",
	    "ERROR: nameif: 'security' is not a security level (security0-security100)");
	bad(o, "nameif ethernet1 dmz security-1",
	    "ERROR: nameif: 'security-1' is not a security level (security0-security100)");
	bad(o, "nameif ethernet1 dmz Security5",
	    "ERROR: nameif: 'Security5' is not a security level (security0-security100)");
	bad(o, "nameif ethernet1 2dmz security5",
	    "ERROR: nameif: '2dmz' is not an interface name " IFNAME_RULE);
	bad(o, "nameif ethernet1 _dmz security5",
	    "ERROR: nameif: '_dmz' is not an interface name " IFNAME_RULE);
	bad(o, "nameif ethernet1 d/z security5",
	    "ERROR: nameif: 'd/z' is not an interface name " IFNAME_RULE);
	memset(name, 'n', OS_IFNAME_MAX + 1);
	name[OS_IFNAME_MAX + 1] = '\0';
	snprintf(line, sizeof(line), "nameif ethernet2 %s security4", name);
	snprintf(want, sizeof(want), "ERROR: nameif: '%s' is not an interface name " IFNAME_RULE,
		 name);
	bad(o, line, want);
	bad(o, "no nameif ethernet1",
	    "ERROR: no 'nameif' has no such form\nUsage: nameif ethernetN if_name securityN");
}

static void test_ip_address(void **state)
{
	struct fake_os *o = *state;

	good(o, "ip address inside 10.0.2.15");
	assert_int_equal(o->os.run.ifs[1].addr, 0x0a00020f);
	assert_int_equal(o->os.run.ifs[1].mask, 0xff000000);
	good(o, "ip address outside 192.168.7.1 255.255.255.0");
	assert_int_equal(o->os.run.ifs[0].addr, 0xc0a80701);
	assert_int_equal(o->os.run.ifs[0].mask, 0xffffff00);
	good(o, "ip add OUTSIDE 172.16.0.1");
	assert_int_equal(o->os.run.ifs[0].mask, 0xffff0000);
	good(o, "ip address intf2 192.168.9.9");
	assert_int_equal(o->os.run.ifs[2].mask, 0xffffff00);
	/* /31 and /32 have no network or broadcast address to refuse */
	good(o, "ip address intf2 10.0.0.0 255.255.255.254");
	good(o, "ip address intf2 10.0.0.255 255.255.255.255");
	assert_int_equal(o->os.run.ifs[2].addr, 0x0a0000ff);
	assert_int_equal(o->os.run.ifs[2].mask, 0xffffffff);
	good(o, "no ip address inside");
	assert_int_equal(o->os.run.ifs[1].addr, 0);
	assert_int_equal(o->os.run.ifs[1].mask, 0);
	good(o, "no ip address outside 192.168.7.1");
	assert_int_equal(o->os.run.ifs[0].addr, 0);
}

static void test_ip_address_bad(void **state)
{
	struct fake_os *o = *state;

	good(o, "ip address inside 10.0.2.15 255.255.255.0");
	bad(o, "ip address", "Usage: ip address if_name ip_address [mask]");
	bad(o, "ip address inside", "Usage: ip address if_name ip_address [mask]");
	bad(o, "ip address inside 10.0.2.15 255.255.255.0 x",
	    "Usage: ip address if_name ip_address [mask]");
	bad(o, "ip",
	    "ERROR: incomplete command\nType help or '?' for a list of available "
	    "commands.");
	bad(o, "ip address inside 10.0.2",
	    "ERROR: ip address: '10.0.2' is not a unicast host address");
	bad(o, "ip address inside 224.0.0.5",
	    "ERROR: ip address: '224.0.0.5' is not a unicast host address");
	bad(o, "ip address inside 0.0.0.0",
	    "ERROR: ip address: '0.0.0.0' is not a unicast host address");
	bad(o, "ip address inside 10.0.2.15 255.0.255.0",
	    "ERROR: ip address: '255.0.255.0' is not a netmask");
	bad(o, "ip address inside 10.0.2.15 0.0.0.0",
	    "ERROR: ip address: '0.0.0.0' is not a netmask");
	bad(o, "ip address inside 10.0.2.15 24", "ERROR: ip address: '24' is not a netmask");
	bad(o, "ip address dmz 10.0.2.15", "ERROR: ip address: no interface named 'dmz'");
	bad(o, "ip address inside 10.0.2.0 255.255.255.0",
	    "ERROR: ip address: 10.0.2.0 is the network or broadcast address of its subnet");
	bad(o, "ip address inside 10.0.2.255 255.255.255.0",
	    "ERROR: ip address: 10.0.2.255 is the network or broadcast address of its subnet");
	bad(o, "ip address inside 10.0.0.0",
	    "ERROR: ip address: 10.0.0.0 is the network or broadcast address of its subnet");
	bad(o, "no ip address", "ERROR: ip address: interface name missing");
	bad(o, "no ip address dmz", "ERROR: ip address: no interface named 'dmz'");
}

static void test_route(void **state)
{
	struct fake_os *o = *state;
	const struct os_route *r = o->os.run.routes;

	good(o, "route outside 0 0 192.168.7.254 2");
	assert_true(r[0].used);
	assert_int_equal(r[0].iface, 0);
	assert_int_equal(r[0].net, 0);
	assert_int_equal(r[0].mask, 0);
	assert_int_equal(r[0].gw, 0xc0a807fe);
	assert_int_equal(r[0].metric, 2);
	good(o, "route inside 172.16.0.0 255.240.0.0 10.0.2.2");
	assert_int_equal(r[1].iface, 1);
	assert_int_equal(r[1].net, 0xac100000);
	assert_int_equal(r[1].mask, 0xfff00000);
	assert_int_equal(r[1].metric, 1);
	/* the same destination on the same interface is replaced, not added */
	good(o, "route outside 0.0.0.0 0.0.0.0 192.168.7.253 16");
	assert_int_equal(r[0].gw, 0xc0a807fd);
	assert_int_equal(r[0].metric, 16);
	assert_false(r[2].used);
	/* a gateway by name */
	good(o, "name 10.0.2.3 gw3");
	good(o, "route inside 10.9.0.0 255.255.0.0 GW3");
	assert_int_equal(r[2].gw, 0x0a000203);
	/* no route: with or without the gateway, which must match when given */
	good(o, "no route inside 10.9.0.0 255.255.0.0 10.0.2.3");
	assert_false(r[2].used);
	good(o, "no route outside 0 0");
	assert_false(r[0].used);
	/* a freed entry is reused */
	good(o, "route outside 0 0 192.168.7.1");
	assert_true(r[0].used);
}

static void test_route_bad(void **state)
{
	struct fake_os *o = *state;
	char line[MON_LINE_MAX + 1];
	unsigned int i;

	good(o, "route inside 0 0 10.0.2.2");
	bad(o, "route inside 0 0", "Usage: route if_name ip_address netmask gateway_ip [metric]");
	bad(o, "route inside 0 0 10.0.2.2 1 x",
	    "Usage: route if_name ip_address netmask gateway_ip [metric]");
	bad(o, "route dmz 0 0 10.0.2.2", "ERROR: route: no interface named 'dmz'");
	bad(o, "route inside x 0 10.0.2.2", "ERROR: route: 'x' is not an address");
	bad(o, "route inside 10.1 255.255.0.0 10.0.2.2", "ERROR: route: '10.1' is not an address");
	bad(o, "route inside 0 255.0.255.0 10.0.2.2",
	    "ERROR: route: '255.0.255.0' is not a netmask");
	bad(o, "route inside 0 16 10.0.2.2", "ERROR: route: '16' is not a netmask");
	bad(o, "route inside 10.1.0.1 255.255.0.0 10.0.2.2",
	    "ERROR: route: 10.1.0.1 has bits outside netmask 255.255.0.0");
	bad(o, "route inside 0 0 nohost", "ERROR: route: 'nohost' is not a gateway address");
	bad(o, "route inside 0 0 0.0.0.0", "ERROR: route: '0.0.0.0' is not a gateway address");
	bad(o, "route inside 0 0 10.0.2.2 0", "ERROR: route: '0' is not a metric (1-16)");
	bad(o, "route inside 0 0 10.0.2.2 17", "ERROR: route: '17' is not a metric (1-16)");
	bad(o, "route inside 0 0 10.0.2.2 x", "ERROR: route: 'x' is not a metric (1-16)");
	bad(o, "no route inside", "ERROR: route: interface, address and netmask needed");
	bad(o, "no route outside 0 0", "ERROR: route: no such route");
	bad(o, "no route inside 0 0 10.0.2.3", "ERROR: route: no such route");
	bad(o, "no route inside 10.0.0.0 255.0.0.0", "ERROR: route: no such route");
	/* a full table */
	for (i = 1; i < OS_ROUTE_MAX; i++) {
		snprintf(line, sizeof(line), "route inside 10.%u.0.0 255.255.0.0 10.0.2.2", i);
		good(o, line);
	}
	bad(o, "route inside 10.200.0.0 255.255.0.0 10.0.2.2",
	    "ERROR: route: the table is full (16 routes)");
	/* replacing one is still possible */
	good(o, "route inside 10.1.0.0 255.255.0.0 10.0.2.9");
}

static void test_name(void **state)
{
	struct fake_os *o = *state;
	const struct os_name *n = o->os.run.names;
	char line[MON_LINE_MAX + 1], name[OS_NAME_MAX + 1];

	good(o, "name 10.0.2.2 server");
	assert_true(n[0].used);
	assert_int_equal(n[0].addr, 0x0a000202);
	assert_string_equal(n[0].name, "server");
	/* a new name for the same address replaces the old one */
	good(o, "name 10.0.2.2 tftp_host.1");
	assert_string_equal(n[0].name, "tftp_host.1");
	assert_false(n[1].used);
	good(o, "name 10.0.2.3 Server");
	assert_string_equal(n[1].name, "Server");
	/* the longest name */
	memset(name, 'n', OS_NAME_MAX);
	name[OS_NAME_MAX] = '\0';
	snprintf(line, sizeof(line), "name 10.0.2.4 %s", name);
	good(o, line);
	assert_string_equal(n[2].name, name);
	good(o, "no name 10.0.2.3 SERVER");
	assert_false(n[1].used);
	good(o, "no name 10.0.2.2");
	assert_false(n[0].used);
	good(o, "names");
	assert_true(n[2].used);
	good(o, "no names");
	assert_false(n[2].used);
}

static void test_names_changes_nothing(void **state)
{
	struct fake_os *o = *state;

	memcpy(&before, &o->os.run, sizeof(before));
	good(o, "names");
	assert_memory_equal(&before, &o->os.run, sizeof(before));
	assert_false(o->os.modified);
}

static void test_name_bad(void **state)
{
	struct fake_os *o = *state;
	char line[MON_LINE_MAX + 1], name[OS_NAME_MAX + 2], want[256];
	unsigned int i;

	good(o, "name 10.0.2.2 server");
	bad(o, "name 10.0.2.2", "Usage: name ip_address name");
	bad(o, "name 10.0.2.2 a b", "Usage: name ip_address name");
	bad(o, "name x server", "ERROR: name: 'x' is not an address");
	bad(o, "name 10.0.2.3 2fast", "ERROR: name: '2fast' is not a name " NAME_RULE);
	bad(o, "name 10.0.2.3 a/b", "ERROR: name: 'a/b' is not a name " NAME_RULE);
	bad(o, "name 10.0.2.3 -a", "ERROR: name: '-a' is not a name " NAME_RULE);
	bad(o, "name 10.0.2.3 _a", "ERROR: name: '_a' is not a name " NAME_RULE);
	bad(o, "name 10.0.2.3 .a", "ERROR: name: '.a' is not a name " NAME_RULE);
	memset(name, 'n', OS_NAME_MAX + 1);
	name[OS_NAME_MAX + 1] = '\0';
	snprintf(line, sizeof(line), "name 10.0.2.3 %s", name);
	snprintf(want, sizeof(want), "ERROR: name: '%s' is not a name " NAME_RULE, name);
	bad(o, line, want);
	bad(o, "name 10.0.2.3 SERVER", "ERROR: name: 'SERVER' already names another address");
	bad(o, "no name", "ERROR: name: '' is not an address");
	bad(o, "no name 10.0.2.9", "ERROR: name: no such name");
	bad(o, "no name 10.0.2.2 other", "ERROR: name: no such name");
	bad(o, "no names x", "Usage: no names");
	for (i = 1; i < OS_NAMES_MAX; i++) {
		snprintf(line, sizeof(line), "name 10.1.%u.%u n%u", i / 250, i % 250 + 1, i);
		good(o, line);
	}
	snprintf(want, sizeof(want), "ERROR: name: the table is full (%d names)", OS_NAMES_MAX);
	bad(o, "name 10.2.1.1 one-more", want);
	good(o, "name 10.1.0.2 renamed");
}

static void test_tftp_server(void **state)
{
	struct fake_os *o = *state;

	good(o, "tftp-server 10.0.2.2 /pix/image.bin");
	assert_true(o->os.run.tftp_set);
	assert_int_equal(o->os.run.tftp_iface, 1); /* inside */
	assert_int_equal(o->os.run.tftp_server, 0x0a000202);
	assert_string_equal(o->os.run.tftp_path, "/pix/image.bin");
	good(o, "tftp-server outside 192.168.7.9 pix.cfg");
	assert_int_equal(o->os.run.tftp_iface, 0);
	assert_int_equal(o->os.run.tftp_server, 0xc0a80709);
	assert_string_equal(o->os.run.tftp_path, "pix.cfg");
	good(o, "name 10.0.2.3 tftphost");
	good(o, "tftp inside tftphost a:b/C!d");
	assert_int_equal(o->os.run.tftp_server, 0x0a000203);
	assert_string_equal(o->os.run.tftp_path, "a:b/C!d");
	good(o, "no tftp-server");
	assert_false(o->os.run.tftp_set);
	good(o, "no tftp-server inside 10.0.2.2 x");
	assert_false(o->os.run.tftp_set);
	/* with no interface named inside, interface 0 */
	good(o, "nameif ethernet1 dmz security50");
	good(o, "tftp-server 10.0.2.2 f");
	assert_int_equal(o->os.run.tftp_iface, 0);
}

static void test_tftp_server_bad(void **state)
{
	struct fake_os *o = *state;

	good(o, "tftp-server 10.0.2.2 /pix/image.bin");
	bad(o, "tftp-server 10.0.2.2", "Usage: tftp-server [if_name] ip_address path");
	bad(o, "tftp-server inside 10.0.2.2 a b", "Usage: tftp-server [if_name] ip_address path");
	bad(o, "tftp-server dmz 10.0.2.2 /x", "ERROR: tftp-server: no interface named 'dmz'");
	bad(o, "tftp-server inside 10.0.2 /x",
	    "ERROR: tftp-server: '10.0.2' is not a host address");
	bad(o, "tftp-server 255.255.255.255 /x",
	    "ERROR: tftp-server: '255.255.255.255' is not a host address");
	bad(o, "tftp-server inside 10.0.2.2", "ERROR: tftp-server: 'inside' is not a host address");
	bad(o, "tftp-server nohost /x", "ERROR: tftp-server: 'nohost' is not a host address");
	/* a name of an address that is no host's: it would be written back as that address */
	good(o, "name 255.255.255.255 bcast");
	bad(o, "tftp-server bcast /x", "ERROR: tftp-server: 'bcast' is not a host address");
	bad(o, "route inside 0 0 bcast", "ERROR: route: 'bcast' is not a gateway address");
	/* a path is printable: a control character would not survive being written and read */
	bad(o, "tftp-server 10.0.2.2 ab\r",
	    "ERROR: tftp-server: a path has printable characters only");
	bad(o, "tftp-server 10.0.2.2 a\x01b",
	    "ERROR: tftp-server: a path has printable characters only");
	bad(o, "tftp-server 10.0.2.2 a\x7f",
	    "ERROR: tftp-server: a path has printable characters only");
	bad(o, "tftp-server 10.0.2.2 caf\xc3\xa9",
	    "ERROR: tftp-server: a path has printable characters only");
	/* 51 characters, so that the written line fits a configuration line */
	bad(o, "tftp-server 10.0.2.2 /123456789012345678901234567890123456789012345678901",
	    "ERROR: tftp-server: path longer than 51 characters");
	good(o, "tftp-server 10.0.2.2 /12345678901234567890123456789012345678901234567890");
	assert_int_equal(strlen(o->os.run.tftp_path), OS_TFTP_PATH_MAX);
}

static void test_dns_name_server(void **state)
{
	struct fake_os *o = *state;
	const struct os_dns_server *d = o->os.run.dns;

	good(o, "dns name-server inside 10.0.2.53");
	assert_true(d[0].used);
	assert_int_equal(d[0].iface, 1);
	assert_int_equal(d[0].addr, 0x0a000235);
	assert_false(d[1].used);
	assert_true(o->os.modified);
	good(o, "name 192.168.7.53 ns2");
	good(o, "DNS name outside NS2");
	assert_true(d[1].used);
	assert_int_equal(d[1].iface, 0);
	assert_int_equal(d[1].addr, 0xc0a80735);
	/* the same address again: on the interface now given, in the same place */
	good(o, "dns name-server intf2 10.0.2.53");
	assert_int_equal(d[0].iface, 2);
	assert_int_equal(d[0].addr, 0x0a000235);
	assert_int_equal(d[1].addr, 0xc0a80735);
	/* removing one moves the next up: the used ones stay first, in their order */
	good(o, "no dns name-server intf2 10.0.2.53");
	assert_int_equal(d[0].addr, 0xc0a80735);
	assert_false(d[1].used);
	good(o, "dns name-server inside 10.0.2.53");
	assert_int_equal(d[1].addr, 0x0a000235);
	good(o, "no dns name-server ns2"); /* the address alone names it */
	assert_int_equal(d[0].addr, 0x0a000235);
	assert_int_equal(d[0].iface, 1);
	assert_false(d[1].used);
	good(o, "dns name-server outside 192.168.7.53");
	good(o, "no dns name-server");
	assert_false(d[0].used);
	assert_false(d[1].used);
	good(o, "no dns name-server");
}

static void test_dns_name_server_bad(void **state)
{
	struct fake_os *o = *state;

	good(o, "dns name-server inside 10.0.2.53");
	bad(o, "dns name-server 10.0.2.54", "Usage: dns name-server if_name ip_address");
	bad(o, "dns name-server inside 10.0.2.54 x", "Usage: dns name-server if_name ip_address");
	bad(o, "dns name-server dmz 10.0.2.54", "ERROR: dns name-server: no interface named 'dmz'");
	bad(o, "dns name-server inside 10.0.2",
	    "ERROR: dns name-server: '10.0.2' is not a host address");
	bad(o, "dns name-server inside 224.0.0.1",
	    "ERROR: dns name-server: '224.0.0.1' is not a host address");
	/* a name server's address is never looked up */
	bad(o, "dns name-server inside ns.pix.test",
	    "ERROR: dns name-server: 'ns.pix.test' is not a host address");
	good(o, "dns name-server outside 192.168.7.53");
	bad(o, "dns name-server inside 10.0.2.99",
	    "ERROR: dns name-server: at most 2 name servers (no dns name-server removes one)");
	bad(o, "no dns name-server 10.0.2.99", "ERROR: dns name-server: no such name server");
	bad(o, "no dns name-server outside 10.0.2.53",
	    "ERROR: dns name-server: no such name server");
	bad(o, "no dns name-server dmz 10.0.2.53",
	    "ERROR: dns name-server: no interface named 'dmz'");
	bad(o, "no dns name-server inside 10.0.2.53 x",
	    "Usage: no dns name-server if_name ip_address");
	bad(o, "dns",
	    "ERROR: incomplete command\nType help or '?' for a list of available commands.");
}

/* In user and privileged mode the configuration commands are not offered. */
static void test_not_in_other_modes(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "exit"), 0);
	assert_int_equal(o->os.mode, OS_MODE_ENABLE);
	memcpy(&before, &o->os.run, sizeof(before));
	assert_int_equal(fake_os_exec(o, "hostname fw"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: a configuration command (use configure "
					    "terminal first)\n");
	assert_int_equal(fake_os_exec(o, "disable"), 0);
	assert_int_equal(fake_os_exec(o, "route inside 0 0 10.0.2.2"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: a configuration command (use configure "
					    "terminal first)\n");
	assert_int_equal(fake_os_exec(o, "PIX Version 6.3(5)"), -EINVAL);
	assert_string_equal(fake_os_out(o), "Type help or '?' for a list of available commands.\n");
	assert_memory_equal(&before, &o->os.run, sizeof(before));
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_hostname),
		T(test_hostname_bad),
		T(test_hostname_keeps_its_rule),
		T(test_enable_password),
		T(test_enable_password_bad),
		T(test_passwd),
		T(test_passwd_bad),
		T(test_interface),
		T(test_interface_bad),
		T(test_nameif),
		T(test_nameif_bad),
		T(test_ip_address),
		T(test_ip_address_bad),
		T(test_route),
		T(test_route_bad),
		T(test_name),
		T(test_names_changes_nothing),
		T(test_name_bad),
		T(test_tftp_server),
		T(test_tftp_server_bad),
		T(test_dns_name_server),
		T(test_dns_name_server_bad),
		T(test_not_in_other_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
