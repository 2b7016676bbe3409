/* The running configuration: PIX 6.3 defaults, the text `write` makes of it, and applying a text. */
/*
 * The text has the form PIX 6.3 writes (reference/pix-os-texts.md, `write terminal`):
 *
 *   : Saved
 *   :
 *   PIX Version 6.3(5)
 *   interface ethernet0 auto
 *   nameif ethernet0 outside security0
 *   enable password 8Ry2YjIyt7RRXU24 encrypted
 *   ...
 *   Cryptochecksum:<32 hex digits>
 *   : end
 *
 * Only what the image acts on is written, each setting once, in PIX's order. The Cryptochecksum
 * is the first 16 bytes of SHA-256 over the lines from "PIX Version" up to the checksum line (PIX
 * used MD5 over its own text; the value only has to change when the configuration does).
 *
 * Applying a text runs each line through the command table in OS_MODE_FILE, where only
 * configuration commands exist. Comment lines (":") and blank lines are skipped; a line that
 * fails is reported with its number, the line and what its command said, and the next line runs:
 * a bad line never stops a boot.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mbedtls/sha256.h"
#include "os.h"
#include "parse.h"

#define OS_CHECKSUM_LEN 16
#define OS_CHECKSUM_TAG "Cryptochecksum:"
#define OS_VERSION_TAG "PIX Version "

/* Every line os_config_write() makes applies again: the longest is tftp-server's. */
_Static_assert(sizeof("tftp-server ") - 1 + OS_IFNAME_MAX + sizeof(" 255.255.255.255 ") - 1 +
			       OS_TFTP_PATH_MAX <=
		       MON_LINE_MAX,
	       "a written tftp-server line fits a configuration line");
_Static_assert(sizeof("dns name-server ") - 1 + OS_IFNAME_MAX + sizeof(" 255.255.255.255") - 1 <=
		       MON_LINE_MAX,
	       "a written dns name-server line fits a configuration line");

static const char *const os_speed_names[OS_SPEED_COUNT] = { "auto", "10baset", "10full",
							    "100basetx", "100full" };

/**
 * os_config_defaults() - The configuration of a unit with nothing stored (PIX 6.3's defaults).
 * @c: the configuration
 * @if_count: interfaces the unit has
 *
 * ethernet0 is "outside" at security 0, ethernet1 "inside" at 100, ethernetN "intfN" at 2N;
 * hostname pixfirewall; no enable password; Telnet password "cisco".
 */
void os_config_defaults(struct os_config *c, unsigned int if_count)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	snprintf(c->hostname, sizeof(c->hostname), "pixfirewall");
	os_pw_hash("", c->enable_pw);
	os_pw_hash("cisco", c->passwd);
	c->if_count = if_count < OS_IF_MAX ? if_count : OS_IF_MAX;
	os_fo_defaults(&c->fo);
	for (i = 0; i < c->if_count; i++) {
		struct os_iface *f = &c->ifs[i];

		if (i == 0) {
			snprintf(f->name, sizeof(f->name), "outside");
			f->security = 0;
		} else if (i == 1) {
			snprintf(f->name, sizeof(f->name), "inside");
			f->security = OS_SEC_MAX;
		} else {
			snprintf(f->name, sizeof(f->name), "intf%u", i);
			f->security = (uint8_t)(2 * i);
		}
	}
}

/* A text being built into a caller's buffer; overflow is remembered, not written past. */
struct os_text {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

__attribute__((format(printf, 2, 3))) static void os_text_add(struct os_text *t, const char *fmt,
							      ...)
{
	va_list ap;
	int n;

	if (t->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->size - t->len) {
		t->full = true;
		t->buf[t->len] = '\0';
		return;
	}
	t->len += (size_t)n;
}

static void os_text_ip(struct os_text *t, uint32_t a)
{
	char s[16];

	mon_format_ipv4(a, s);
	os_text_add(t, "%s", s);
}

static void os_write_interfaces(struct os_text *t, const struct os_config *c)
{
	unsigned int i;

	for (i = 0; i < c->if_count; i++)
		os_text_add(t, "interface ethernet%u %s%s\n", i, os_speed_names[c->ifs[i].speed],
			    c->ifs[i].shutdown ? " shutdown" : "");
	for (i = 0; i < c->if_count; i++)
		if (c->ifs[i].name[0])
			os_text_add(t, "nameif ethernet%u %s security%u\n", i, c->ifs[i].name,
				    c->ifs[i].security);
}

static void os_write_addresses(struct os_text *t, const struct os_config *c)
{
	unsigned int i;

	for (i = 0; i < c->if_count; i++) {
		const struct os_iface *f = &c->ifs[i];

		if (!f->name[0])
			continue;
		if (!f->addr) {
			os_text_add(t, "no ip address %s\n", f->name);
			continue;
		}
		os_text_add(t, "ip address %s ", f->name);
		os_text_ip(t, f->addr);
		os_text_add(t, " ");
		os_text_ip(t, f->mask);
		os_text_add(t, "\n");
	}
}

static void os_write_routes(struct os_text *t, const struct os_config *c)
{
	unsigned int i;

	for (i = 0; i < OS_ROUTE_MAX; i++) {
		const struct os_route *r = &c->routes[i];

		if (!r->used)
			continue;
		os_text_add(t, "route %s ", c->ifs[r->iface].name);
		os_text_ip(t, r->net);
		os_text_add(t, " ");
		os_text_ip(t, r->mask);
		os_text_add(t, " ");
		os_text_ip(t, r->gw);
		os_text_add(t, " %u\n", r->metric);
	}
}

static void os_write_body(struct os_text *t, const struct os *os, const struct os_config *c)
{
	const struct img_version *v = &os->id.version;
	char fo[1024];
	unsigned int i;

	os_text_add(t, OS_VERSION_TAG "%u.%u(%u)\n", v->major, v->minor, v->maint);
	os_write_interfaces(t, c);
	os_text_add(t, "enable password %s encrypted\n", c->enable_pw);
	os_text_add(t, "passwd %s encrypted\n", c->passwd);
	os_text_add(t, "hostname %s\n", c->hostname);
	os_text_add(t, "names\n");
	for (i = 0; i < OS_NAMES_MAX; i++) {
		if (!c->names[i].used)
			continue;
		os_text_add(t, "name ");
		os_text_ip(t, c->names[i].addr);
		os_text_add(t, " %s\n", c->names[i].name);
	}
	os_write_addresses(t, c);
	os_write_routes(t, c);
	if (c->tftp_set) {
		os_text_add(t, "tftp-server %s ", c->ifs[c->tftp_iface].name);
		os_text_ip(t, c->tftp_server);
		os_text_add(t, " %s\n", c->tftp_path);
	}
	for (i = 0; i < OS_DNS_SERVERS_MAX && c->dns[i].used; i++) {
		os_text_add(t, "dns name-server %s ", c->ifs[c->dns[i].iface].name);
		os_text_ip(t, c->dns[i].addr);
		os_text_add(t, "\n");
	}
	os_fo_write(os, c, fo, sizeof(fo));
	os_text_add(t, "%s", fo);
}

/**
 * os_config_checksum() - The Cryptochecksum of a configuration body.
 * @text: the lines from "PIX Version" up to (not including) the checksum line
 * @len: their length
 * @out: the checksum
 */
void os_config_checksum(const char *text, size_t len, uint8_t out[OS_CHECKSUM_LEN])
{
	uint8_t sha[32];

	mbedtls_sha256_ret((const unsigned char *)text, len, sha, 0);
	memcpy(out, sha, OS_CHECKSUM_LEN);
}

/**
 * os_config_write() - Writes a configuration as `write terminal` shows it and `write memory`
 * stores it, from ": Saved" to ": end", each line ending in '\n'.
 * @os: the session (the image's version goes into "PIX Version")
 * @c: the configuration
 * @buf: receives the text, NUL-terminated
 * @size: size of @buf
 *
 * Return: the text's length, or -E2BIG when it does not fit.
 */
int os_config_write(const struct os *os, const struct os_config *c, char *buf, size_t size)
{
	struct os_text t = { buf, size, 0, false };
	uint8_t sum[OS_CHECKSUM_LEN];
	size_t body;
	unsigned int i;

	if (!size)
		return -E2BIG;
	buf[0] = '\0';
	os_text_add(&t, ": Saved\n:\n");
	body = t.len;
	os_write_body(&t, os, c);
	if (t.full)
		return -E2BIG;
	os_config_checksum(buf + body, t.len - body, sum);
	os_text_add(&t, OS_CHECKSUM_TAG);
	for (i = 0; i < OS_CHECKSUM_LEN; i++)
		os_text_add(&t, "%02x", sum[i]);
	os_text_add(&t, "\n: end\n");
	return t.full ? -E2BIG : (int)t.len;
}

/* Length of the line at @p (up to '\n' or @end), without the '\n' and a CR before it. */
static size_t os_line_len(const char *p, const char *end, const char **next)
{
	const char *e = p;

	while (e < end && *e != '\n')
		e++;
	*next = e < end ? e + 1 : e;
	if (e > p && e[-1] == '\r')
		e--;
	return (size_t)(e - p);
}

/* Reads 32 hex digits into @out; returns 0 or -EINVAL. */
static int os_parse_checksum(const char *s, size_t len, uint8_t out[OS_CHECKSUM_LEN])
{
	unsigned int i, v;
	char c;

	if (len != 2 * OS_CHECKSUM_LEN)
		return -EINVAL;
	for (i = 0; i < 2 * OS_CHECKSUM_LEN; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			v = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned int)(c - 'a' + 10);
		else
			return -EINVAL;
		out[i / 2] = (uint8_t)(i % 2 ? out[i / 2] | v : v << 4);
	}
	return 0;
}

/**
 * os_config_checksum_line() - Finds the Cryptochecksum line of a stored text and reads it.
 * @text: the text
 * @len: its length
 * @out: the checksum it states
 *
 * Return: 0, or -ENOENT when it has no valid checksum line.
 */
int os_config_checksum_line(const char *text, size_t len, uint8_t out[OS_CHECKSUM_LEN])
{
	const char *p = text, *end = text + len, *next;
	size_t n, tag = strlen(OS_CHECKSUM_TAG);

	for (; p < end; p = next) {
		n = os_line_len(p, end, &next);
		if (n > tag && !memcmp(p, OS_CHECKSUM_TAG, tag))
			return os_parse_checksum(p + tag, n - tag, out) ? -ENOENT : 0;
	}
	return -ENOENT;
}

/* Output of a line being applied goes to the capture buffer (kept for the error report). */
static void os_capture_write(void *ctx, const char *buf, size_t len)
{
	struct os_capture *cap = ctx;
	size_t room = sizeof(cap->buf) - 1 - cap->len;

	if (len > room)
		len = room;
	memcpy(cap->buf + cap->len, buf, len);
	cap->len += len;
	cap->buf[cap->len] = '\0';
}

static int os_capture_getc(void *ctx)
{
	(void)ctx;
	return MON_CON_NONE;
}

/* Runs one configuration line; reports it with its number when it fails. Returns 0 or error. */
static int os_apply_line(struct os *os, const char *line, size_t len, unsigned int number,
			 const char *what)
{
	const struct mon_console *con = os->con;
	char buf[MON_LINE_MAX + 1];
	int err;

	if (len > MON_LINE_MAX) {
		mon_printf(con, "%s line %u: longer than %d characters; ignored\n", what, number,
			   MON_LINE_MAX);
		return -E2BIG;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	os->cap.len = 0;
	os->cap.buf[0] = '\0';
	os->con = &os->cap.con;
	err = os_exec(os, buf);
	os->con = con;
	if (!err)
		return 0;
	memcpy(buf, line, len);
	buf[len] = '\0';
	mon_printf(con, "%s line %u: %s\n", what, number, buf);
	if (os->cap.len)
		mon_puts(con, os->cap.buf);
	return err;
}

/**
 * os_config_apply() - Applies a configuration text line by line to the running configuration.
 * @os: the session
 * @text: the text (need not be NUL-terminated)
 * @len: its length
 * @what: how the report names its lines ("config" for the stored one, "net" for a fetched one)
 *
 * Lines starting with ':', the Cryptochecksum line and blank lines are skipped. A line that fails is reported as
 * "<what> line <n>: <line>" followed by the command's own message, and the rest still runs.
 *
 * Return: the number of lines that failed (0 when all applied).
 */
int os_config_apply(struct os *os, const char *text, size_t len, const char *what)
{
	const char *p = text, *end = text + len, *next;
	unsigned int number = 0, mode = os->mode;
	int failed = 0;
	size_t n, i;

	os->cap.con = (struct mon_console){ os_capture_getc, os_capture_write, &os->cap };
	os->mode = OS_MODE_FILE;
	for (; p < end; p = next) {
		n = os_line_len(p, end, &next);
		number++;
		for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
			;
		if (i == n || p[i] == ':' ||
		    (n - i >= sizeof(OS_CHECKSUM_TAG) - 1 &&
		     !memcmp(p + i, OS_CHECKSUM_TAG, sizeof(OS_CHECKSUM_TAG) - 1)))
			continue; /* comments; the checksum is the stored text's own */
		if (memchr(p, '\0', n)) {
			mon_printf(os->con, "%s line %u: not text; ignored\n", what, number);
			failed++;
			continue;
		}
		if (os_apply_line(os, p, n, number, what))
			failed++;
	}
	os->mode = mode;
	return failed;
}

/**
 * os_if_by_name() - Finds an interface by its nameif name (case-insensitive).
 * @c: the configuration
 * @name: the name
 *
 * Return: the interface number, or -ENOENT.
 */
int os_if_by_name(const struct os_config *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->if_count; i++)
		if (c->ifs[i].name[0] && mon_streq_nocase(name, c->ifs[i].name))
			return (int)i;
	return -ENOENT;
}

/**
 * os_if_by_hw() - Finds an interface by its hardware name: "ethernet1", or a prefix of
 * "ethernet" followed by the number ("e1", "eth1").
 * @c: the configuration
 * @hw: the name
 *
 * Return: the interface number, or -ENOENT when there is no such interface.
 */
int os_if_by_hw(const struct os_config *c, const char *hw)
{
	static const char stem[] = "ethernet";
	unsigned int n = 0, i;

	while (hw[n] && (hw[n] < '0' || hw[n] > '9'))
		n++;
	if (n == 0 || n > sizeof(stem) - 1)
		return -ENOENT;
	for (i = 0; i < n; i++)
		if ((hw[i] | 0x20) != stem[i])
			return -ENOENT;
	if (mon_parse_uint(hw + n, OS_IF_MAX, &i) || i >= c->if_count)
		return -ENOENT;
	return (int)i;
}

/**
 * os_host_addr() - Reads a host: a dotted-quad unicast address or a name from the `name` table.
 * @os: the session
 * @s: the text
 * @out: the address, host order
 *
 * Return: 0, or -EINVAL (nothing printed).
 */
int os_host_addr(const struct os *os, const char *s, uint32_t *out)
{
	unsigned int i;

	if (!mon_parse_ipv4(s, out))
		return mon_ipv4_is_unicast(*out) ? 0 : -EINVAL;
	for (i = 0; i < OS_NAMES_MAX; i++) {
		if (os->run.names[i].used && mon_streq_nocase(s, os->run.names[i].name)) {
			*out = os->run.names[i].addr;
			return mon_ipv4_is_unicast(*out) ? 0 : -EINVAL;
		}
	}
	return -EINVAL;
}

/**
 * os_addr_name() - The `name` of an address, if it has one.
 * @c: the configuration
 * @a: the address
 *
 * Return: the name, or NULL.
 */
const char *os_addr_name(const struct os_config *c, uint32_t a)
{
	unsigned int i;

	for (i = 0; i < OS_NAMES_MAX; i++)
		if (c->names[i].used && c->names[i].addr == a)
			return c->names[i].name;
	return NULL;
}

/**
 * os_speed_parse() - Reads an interface speed keyword (unique abbreviations accepted).
 * @word: the keyword
 *
 * Return: the enum os_speed value, or a negative errno.
 */
int os_speed_parse(const char *word)
{
	return cli_keyword(word, os_speed_names, OS_SPEED_COUNT);
}
