/* Configuration commands the running image acts on: names, passwords, interfaces, routes. */
/*
 * Each handler checks all of its arguments before it changes anything, so a bad line prints
 * one "ERROR:" line and leaves the running configuration as it was. argv[0] is the command's
 * last keyword, argv[1..] its arguments; os->no tells the "no" form.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "os.h"
#include "parse.h"

#define OS_SECURITY_WORD "security"

/**
 * os_error() - Prints "ERROR: <text>" (a configuration command's refusal).
 * @os: the session
 * @fmt: the text, printf style
 *
 * Return: -EINVAL, for the handler to pass on.
 */
int os_error(const struct os *os, const char *fmt, ...)
{
	char buf[MON_PRINTF_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mon_printf(os->con, "ERROR: %s\n", buf);
	return -EINVAL;
}

/* Records a successful change of the running configuration. */
static int os_done(struct os *os)
{
	os_changed(os);
	return 0;
}

static bool os_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* True when @s is 1..@max name characters and starts with a letter (as the messages say). */
static bool os_valid_name(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!os_name_char(s[i]))
			return false;
	return i > 0 && i <= max && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'));
}

/**
 * os_cmd_hostname() - "hostname name" / "no hostname": the name in the prompt.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_hostname(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	if (os->no) {
		snprintf(os->run.hostname, sizeof(os->run.hostname), "pixfirewall");
		return os_done(os);
	}
	if (argc < 2 || !os_valid_name(argv[1], OS_HOSTNAME_MAX) || strchr(argv[1], '.') ||
	    strchr(argv[1], '_'))
		return os_error(os,
				"hostname: '%s' is not a host name (up to %d letters, digits "
				"and hyphens, starting with a letter)",
				argc < 2 ? "" : argv[1], OS_HOSTNAME_MAX);
	snprintf(os->run.hostname, sizeof(os->run.hostname), "%s", argv[1]);
	return os_done(os);
}

/*
 * "<cmd> password [encrypted]": stores the hash in @dst; "no" restores @dflt (clear text).
 * A password given clear is hashed; with "encrypted" it must be a 16-character PIX hash.
 */
static int os_set_password(struct os *os, const char *who, char *dst, const char *dflt, int argc,
			   char **argv)
{
	if (os->no) {
		os_pw_hash(dflt, dst);
		return os_done(os);
	}
	if (argc == 3 && !cli_word_is(argv[2], "encrypted"))
		return os_error(os, "%s: '%s' is not 'encrypted'", who, argv[2]);
	if (argc == 3) {
		if (!os_pw_is_hash(argv[1]))
			return os_error(os, "%s: '%s' is not an encrypted password (16 characters)",
					who, argv[1]);
		memcpy(dst, argv[1], OS_PW_HASH_LEN + 1);
		return os_done(os);
	}
	if (strlen(argv[1]) > OS_PW_MAX)
		return os_error(os, "%s: a password has at most %d characters", who, OS_PW_MAX);
	os_pw_hash(argv[1], dst);
	return os_done(os);
}

/**
 * os_cmd_enable_password() - "enable password pw [encrypted]" / "no enable password".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_enable_password(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	return os_set_password(os, "enable password", os->run.enable_pw, "", argc, argv);
}

/**
 * os_cmd_passwd() - "passwd pw [encrypted]" / "no passwd" (back to "cisco"): the Telnet password.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_passwd(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	return os_set_password(os, "passwd", os->run.passwd, "cisco", argc, argv);
}

/* Reads "ethernetN" into *@i, or says why not. */
static int os_get_hw(struct os *os, const char *who, const char *hw, unsigned int *i)
{
	int n = os_if_by_hw(&os->run, hw);

	if (n < 0)
		return os_error(os, "%s: no interface '%s' (ethernet0-ethernet%u)", who, hw,
				os->run.if_count ? os->run.if_count - 1 : 0);
	*i = (unsigned int)n;
	return 0;
}

/**
 * os_get_ifname() - Reads an interface's nameif name, or says why it is not one.
 * @os: the session
 * @who: the command, for the message
 * @name: the name typed
 * @i: receives the interface number
 *
 * Return: 0, or -EINVAL (said).
 */
int os_get_ifname(struct os *os, const char *who, const char *name, unsigned int *i)
{
	int n = os_if_by_name(&os->run, name);

	if (n < 0)
		return os_error(os, "%s: no interface named '%s'", who, name);
	*i = (unsigned int)n;
	return 0;
}

/**
 * os_cmd_interface() - "interface ethernetN [auto|10baset|10full|100basetx|100full] [shutdown]":
 * speed and administrative state. A shut interface is never brought up.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_interface(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	int speed = -1, a = 2;
	bool shut = false;
	unsigned int i;

	if (os_get_hw(os, "interface", argv[1], &i))
		return -EINVAL;
	if (a < argc && !cli_word_is(argv[a], "shutdown")) {
		speed = os_speed_parse(argv[a]);
		if (speed < 0)
			return os_error(os,
					"interface: '%s' is not a speed (auto, 10baset, 10full, "
					"100basetx, 100full)",
					argv[a]);
		a++;
	}
	if (a < argc) {
		if (!cli_word_is(argv[a], "shutdown"))
			return os_error(os, "interface: '%s' is not 'shutdown'", argv[a]);
		shut = true;
		a++;
	}
	if (a < argc)
		return os_error(os, "interface: unexpected '%s'", argv[a]);
	if (speed >= 0)
		os->run.ifs[i].speed = (uint8_t)speed;
	os->run.ifs[i].shutdown = shut;
	return os_done(os);
}

/**
 * os_cmd_nameif() - "nameif ethernetN name securityL": the interface's name and security level.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_nameif(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int i, level;
	const char *sec = argv[3];
	int other;

	(void)argc;
	if (os_get_hw(os, "nameif", argv[1], &i))
		return -EINVAL;
	if (!os_valid_name(argv[2], OS_IFNAME_MAX))
		return os_error(os,
				"nameif: '%s' is not an interface name (up to %d letters, "
				"digits, '-', '_', '.')",
				argv[2], OS_IFNAME_MAX);
	other = os_if_by_name(&os->run, argv[2]);
	if (other == (int)i)
		other = -1;
	if (other >= 0 && os->mode != OS_MODE_FILE)
		return os_error(os, "nameif: '%s' already names ethernet%d", argv[2], other);
	if (strncmp(sec, OS_SECURITY_WORD, strlen(OS_SECURITY_WORD)) ||
	    mon_parse_uint(sec + strlen(OS_SECURITY_WORD), OS_SEC_MAX, &level))
		return os_error(os, "nameif: '%s' is not a security level (security0-security%d)",
				sec, OS_SEC_MAX);
	/*
	 * A stored configuration names every interface in turn, from names that may be swapped
	 * against the defaults it applies to: the other interface takes this one's name until
	 * its own line comes.
	 */
	if (other >= 0)
		memcpy(os->run.ifs[other].name, os->run.ifs[i].name, sizeof(os->run.ifs[i].name));
	snprintf(os->run.ifs[i].name, sizeof(os->run.ifs[i].name), "%s", argv[2]);
	os->run.ifs[i].security = (uint8_t)level;
	return os_done(os);
}

/* Reads an address where PIX also takes "0" for 0.0.0.0. */
static int os_parse_addr0(const char *s, uint32_t *out)
{
	if (!strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	return mon_parse_ipv4(s, out);
}

/* True when @m is a contiguous netmask (ones then zeros). */
static bool os_mask_ok(uint32_t m)
{
	return (~m & (~m + 1)) == 0;
}

/**
 * os_cmd_ip_address() - "ip address if_name ip_address [mask]" (the class's mask when none) /
 * "no ip address if_name".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_ip_address(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	uint32_t a, m;
	unsigned int i;

	if (argc < 2)
		return os_error(os, "ip address: interface name missing");
	if (os_get_ifname(os, "ip address", argv[1], &i))
		return -EINVAL;
	if (os->no) {
		os->run.ifs[i].addr = os->run.ifs[i].mask = 0;
		return os_done(os);
	}
	if (argc < 3)
		return os_error(os, "ip address: address missing");
	if (mon_parse_ipv4(argv[2], &a) || !mon_ipv4_is_unicast(a))
		return os_error(os, "ip address: '%s' is not a unicast host address", argv[2]);
	m = mon_ipv4_classful_mask(a);
	if (argc > 3 && (mon_parse_ipv4(argv[3], &m) || !os_mask_ok(m) || !m))
		return os_error(os, "ip address: '%s' is not a netmask", argv[3]);
	if (m < 0xfffffffeu && ((a & ~m) == 0 || (a & ~m) == ~m))
		return os_error(os,
				"ip address: %s is the network or broadcast address of its "
				"subnet",
				argv[2]);
	os->run.ifs[i].addr = a;
	os->run.ifs[i].mask = m;
	return os_done(os);
}

/* Parsed arguments of route. */
struct os_route_args {
	unsigned int iface;
	uint32_t net, mask, gw;
	unsigned int metric;
	bool has_gw;
};

static int os_route_parse(struct os *os, int argc, char **argv, struct os_route_args *r)
{
	if (argc < 4)
		return os_error(os, "route: interface, address and netmask needed");
	if (os_get_ifname(os, "route", argv[1], &r->iface))
		return -EINVAL;
	if (os_parse_addr0(argv[2], &r->net))
		return os_error(os, "route: '%s' is not an address", argv[2]);
	if (os_parse_addr0(argv[3], &r->mask) || !os_mask_ok(r->mask))
		return os_error(os, "route: '%s' is not a netmask", argv[3]);
	if (r->net & ~r->mask)
		return os_error(os, "route: %s has bits outside netmask %s", argv[2], argv[3]);
	r->has_gw = argc > 4;
	r->metric = 1;
	if (r->has_gw && os_host_addr(os, argv[4], &r->gw))
		return os_error(os, "route: '%s' is not a gateway address", argv[4]);
	if (argc > 5 && (mon_parse_uint(argv[5], OS_ROUTE_METRIC_MAX, &r->metric) || !r->metric))
		return os_error(os, "route: '%s' is not a metric (1-%d)", argv[5],
				OS_ROUTE_METRIC_MAX);
	if (!os->no && !r->has_gw)
		return os_error(os, "route: gateway address missing");
	return 0;
}

/* The route for the same interface and destination, or NULL. */
static struct os_route *os_route_find(struct os *os, const struct os_route_args *r)
{
	unsigned int i;

	for (i = 0; i < OS_ROUTE_MAX; i++) {
		struct os_route *e = &os->run.routes[i];

		if (e->used && e->iface == r->iface && e->net == r->net && e->mask == r->mask)
			return e;
	}
	return NULL;
}

/**
 * os_cmd_route() - "route if_name ip_address netmask gateway [metric]" ("0" stands for
 * 0.0.0.0), and "no route if_name ip_address netmask [gateway [metric]]".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_route(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct os_route_args r;
	struct os_route *e;
	unsigned int i;

	if (os_route_parse(os, argc, argv, &r))
		return -EINVAL;
	e = os_route_find(os, &r);
	if (os->no) {
		if (!e || (r.has_gw && e->gw != r.gw))
			return os_error(os, "route: no such route");
		e->used = false;
		return os_done(os);
	}
	for (i = 0; !e && i < OS_ROUTE_MAX; i++)
		if (!os->run.routes[i].used)
			e = &os->run.routes[i];
	if (!e)
		return os_error(os, "route: the table is full (%d routes)", OS_ROUTE_MAX);
	*e = (struct os_route){ true, (uint8_t)r.iface, r.net, r.mask, r.gw, (uint8_t)r.metric };
	return os_done(os);
}

/**
 * os_cmd_name() - "name ip_address name" / "no name ip_address [name]": a name that commands
 * accept in place of the address.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_name(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct os_name *slot = NULL;
	unsigned int i;
	uint32_t a;

	if (argc < 2 || mon_parse_ipv4(argv[1], &a))
		return os_error(os, "name: '%s' is not an address", argc < 2 ? "" : argv[1]);
	for (i = 0; i < OS_NAMES_MAX; i++)
		if (os->run.names[i].used && os->run.names[i].addr == a)
			slot = &os->run.names[i];
	if (os->no) {
		if (!slot || (argc > 2 && !mon_streq_nocase(argv[2], slot->name)))
			return os_error(os, "name: no such name");
		slot->used = false;
		return os_done(os);
	}
	if (argc < 3 || !os_valid_name(argv[2], OS_NAME_MAX))
		return os_error(os,
				"name: '%s' is not a name (letters, digits, '-', '_', '.', "
				"starting with a letter)",
				argc < 3 ? "" : argv[2]);
	for (i = 0; i < OS_NAMES_MAX; i++)
		if (os->run.names[i].used && &os->run.names[i] != slot &&
		    mon_streq_nocase(os->run.names[i].name, argv[2]))
			return os_error(os, "name: '%s' already names another address", argv[2]);
	for (i = 0; !slot && i < OS_NAMES_MAX; i++)
		if (!os->run.names[i].used)
			slot = &os->run.names[i];
	if (!slot)
		return os_error(os, "name: the table is full (%d names)", OS_NAMES_MAX);
	slot->used = true;
	slot->addr = a;
	snprintf(slot->name, sizeof(slot->name), "%s", argv[2]);
	return os_done(os);
}

/**
 * os_cmd_names() - "names" (names are always in use) / "no names" (forget every name).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_names(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	if (os->no) {
		memset(os->run.names, 0, sizeof(os->run.names));
		return os_done(os);
	}
	return 0;
}

/**
 * os_cmd_tftp_server() - "tftp-server [if_name] ip_address path" (if_name defaults to inside,
 * else interface 0) / "no tftp-server": the server and file `copy tftp` and `configure net`
 * use when they are not given.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_tftp_server(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int i = 0;
	const char *p;
	uint32_t ip;
	int a = 1;

	if (os->no) {
		os->run.tftp_set = false;
		return os_done(os);
	}
	if (argc == 4) {
		if (os_get_ifname(os, "tftp-server", argv[1], &i))
			return -EINVAL;
		a = 2;
	} else if (os_if_by_name(&os->run, "inside") >= 0) {
		i = (unsigned int)os_if_by_name(&os->run, "inside");
	}
	if (argc < a + 2)
		return os_error(os, "tftp-server: address and path needed");
	if (os_host_addr(os, argv[a], &ip))
		return os_error(os, "tftp-server: '%s' is not a host address", argv[a]);
	for (p = argv[a + 1]; *p; p++)
		if (*p <= ' ' || *p > '~')
			return os_error(os, "tftp-server: a path has printable characters only");
	if (strlen(argv[a + 1]) > OS_TFTP_PATH_MAX)
		return os_error(os, "tftp-server: path longer than %d characters",
				OS_TFTP_PATH_MAX);
	os->run.tftp_set = true;
	os->run.tftp_iface = (uint8_t)i;
	os->run.tftp_server = ip;
	snprintf(os->run.tftp_path, sizeof(os->run.tftp_path), "%s", argv[a + 1]);
	return os_done(os);
}

/* The dns name-server entry for @addr, or NULL. */
static struct os_dns_server *os_dns_find(struct os *os, uint32_t addr)
{
	unsigned int i;

	for (i = 0; i < OS_DNS_SERVERS_MAX; i++)
		if (os->run.dns[i].used && os->run.dns[i].addr == addr)
			return &os->run.dns[i];
	return NULL;
}

/* Removes the entry @s, the later ones moving up: the used ones stay first, in their order. */
static void os_dns_remove(struct os *os, struct os_dns_server *s)
{
	struct os_dns_server *end = os->run.dns + OS_DNS_SERVERS_MAX;

	memmove(s, s + 1, (size_t)(end - s - 1) * sizeof(*s));
	memset(end - 1, 0, sizeof(*s));
}

/**
 * os_cmd_dns_name_server() - "dns name-server if_name ip_address": a name server that looks up the
 * host names copy, configure and ping are given (asked in the order given, over if_name; the same
 * address again moves it to if_name). "no dns name-server [[if_name] ip_address]" removes that
 * one, or all of them.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_dns_name_server(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct os_dns_server *s;
	unsigned int iface = 0, i;
	uint32_t ip;

	if (os->no && argc == 1) {
		memset(os->run.dns, 0, sizeof(os->run.dns));
		return os_done(os);
	}
	if (argc == 3 && os_get_ifname(os, "dns name-server", argv[1], &iface))
		return -EINVAL;
	if (os_host_addr(os, argv[argc - 1], &ip))
		return os_error(os, "dns name-server: '%s' is not a host address", argv[argc - 1]);
	s = os_dns_find(os, ip);
	if (os->no) {
		if (!s || (argc == 3 && s->iface != iface))
			return os_error(os, "dns name-server: no such name server");
		os_dns_remove(os, s);
		return os_done(os);
	}
	for (i = 0; !s && i < OS_DNS_SERVERS_MAX; i++)
		if (!os->run.dns[i].used)
			s = &os->run.dns[i];
	if (!s)
		return os_error(os,
				"dns name-server: at most %d name servers (no dns name-server "
				"removes one)",
				OS_DNS_SERVERS_MAX);
	*s = (struct os_dns_server){ true, (uint8_t)iface, ip };
	return os_done(os);
}

/**
 * os_cmd_pix_version() - "PIX Version 6.3(5)", the first line of a stored configuration: the
 * version of the image that wrote it (the ROM has already warned when it is newer than this one).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or -EINVAL when the version is not one.
 */
int os_cmd_pix_version(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct img_version v;

	(void)argc;
	if (img_version_parse(argv[1], &v))
		return os_error(os, "'%s' is not a PIX version", argv[1]);
	return 0;
}
