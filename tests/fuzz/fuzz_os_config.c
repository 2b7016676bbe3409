/*
 * libFuzzer harness for the running image's configuration parser (os_config_apply, os/config.c
 * and the commands of os/confcmds.c). The input is a stored configuration: raw bytes, or (flag
 * bit 7 of the first byte) lines built from templates of every configuration command whose
 * arguments the following bytes pick from pools of likely and unlikely words, so that deep
 * states are reached in seconds. Whatever the input, once applied:
 *   - the session is back in its mode and console, and no more lines failed than there are;
 *   - the running configuration writes (os_config_write) a text whose every line fits a
 *     configuration line and whose Cryptochecksum is that of its body;
 *   - that text applies without a failing line to a fresh unit, giving the same configuration
 *     and the same text again, and applying it again to the first unit changes nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "license/lic.h"
#include "os/os.h"

#define FZ_GEN 0x80u /* first byte: build lines from templates */
#define FZ_LINES_MAX 64
#define FZ_TEXT_MAX 8192

static uint64_t fz_now;

static int fz_getc(void *ctx)
{
	(void)ctx;
	return MON_CON_NONE;
}

static void fz_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

static uint64_t fz_now_ms(void *ctx)
{
	(void)ctx;
	return ++fz_now;
}

/* A stored configuration never reloads the unit. */
static void fz_reload(void *ctx)
{
	(void)ctx;
	abort();
}

static const struct mon_console fz_con = { fz_getc, fz_write, NULL };

#define FZ_NIC(n)                                                                                 \
	{                                                                                         \
		.name = "i8255X", .irq = 11, .model = "i82559", .mac = { 0, 0x90, 0x27, 0, 0, n } \
	}
static const struct mon_nic fz_nics[OS_IF_MAX] = { FZ_NIC(0), FZ_NIC(1), FZ_NIC(2), FZ_NIC(3),
						   FZ_NIC(4), FZ_NIC(5), FZ_NIC(6), FZ_NIC(7) };

/* ---- the template generator ---------------------------------------------------------------- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t fz_byte(struct fz_in *in)
{
	uint8_t b = 0;

	if (in->n) {
		b = *in->p++;
		in->n--;
	}
	return b;
}

static const char *const fz_words[] = {
	"outside",
	"inside",
	"intf2",
	"dmz",
	"OUTSIDE",
	"server",
	"gw",
	"a",
	"-x",
	"_y",
	"x.y",
	"0",
	"encrypted",
	"shutdown",
	"auto",
	"10baset",
	"100full",
	"10",
	"security50",
	"security0",
	"security100",
	"ethernet0",
	"ethernet2",
	"2KFQnbNIdI.2KYOU",
	"8Ry2YjIyt7RRXU24",
	"6.3(5)",
	"ethernet1",
	"e0",
	"eth9",
};

static const char *const fz_ips[] = {
	"0",	      "0.0.0.0",     "10.0.2.2",   "10.0.2.15",	      "10.0.2.0",
	"10.0.2.255", "192.168.7.1", "172.16.0.0", "223.255.255.254", "255.255.255.255",
	"224.0.0.1",  "10.1",	     "1.2.3.4.5",
};

static const char *const fz_masks[] = {
	"0",	       "0.0.0.0",	  "255.0.0.0",	     "255.255.255.0",
	"255.240.0.0", "255.255.255.254", "255.255.255.255", "255.0.255.0",
	"24",
};

/* Appends one word: from @pool by the next byte, or made of input bytes (a long one at times). */
static void fz_word(struct fz_in *in, char *line, size_t size, const char *const *pool,
		    size_t count)
{
	uint8_t b = fz_byte(in);
	size_t len = strlen(line), n, i;

	if (b < 200) {
		snprintf(line + len, size - len, " %s", pool[b % count]);
		return;
	}
	n = (b - 200) * 3 + 1; /* 1..166 characters */
	if (len + 2 >= size)
		return;
	if (len + 1 + n >= size)
		n = size - len - 2;
	line[len++] = ' ';
	for (i = 0; i < n; i++) {
		uint8_t c = fz_byte(in);

		line[len++] = (char)(c > ' ' && c < 0x7f ? c : 'a' + c % 26);
	}
	line[len] = '\0';
}

/* One line of a template: the command, then its slots ('w' word, 'i' address, 'm' mask). */
static void fz_line(struct fz_in *in, char *line, size_t size)
{
	static const struct {
		const char *cmd;
		const char *slots;
	} tpl[] = {
		{ "hostname", "w" },
		{ "enable password", "ww" },
		{ "passwd", "ww" },
		{ "interface", "www" },
		{ "nameif", "www" },
		{ "ip address", "wim" },
		{ "route", "wimiw" },
		{ "name", "iw" },
		{ "names", "" },
		{ "tftp-server", "wiw" },
		{ "tftp-server", "iw" },
		{ "PIX Version", "w" },
		{ "interface ethernet", "w" },
		{ "nameif ethernet1", "ww" },
		{ "dns name-server", "wi" },
		{ "dns name-server", "i" },
	};
	const unsigned int count = sizeof(tpl) / sizeof(tpl[0]);
	uint8_t b = fz_byte(in);
	const char *s;
	unsigned int nargs;

	snprintf(line, size, "%s%s", b & 0x80 ? "no " : "", tpl[(b & 0x7f) % count].cmd);
	nargs = fz_byte(in) % 6;
	for (s = tpl[(b & 0x7f) % count].slots; *s && nargs; s++, nargs--) {
		if (*s == 'i')
			fz_word(in, line, size, fz_ips, sizeof(fz_ips) / sizeof(fz_ips[0]));
		else if (*s == 'm')
			fz_word(in, line, size, fz_masks, sizeof(fz_masks) / sizeof(fz_masks[0]));
		else
			fz_word(in, line, size, fz_words, sizeof(fz_words) / sizeof(fz_words[0]));
	}
}

/* Builds a configuration text of template lines; returns its length. */
static size_t fz_generate(struct fz_in *in, char *text, size_t size)
{
	char line[MON_LINE_MAX + 64];
	size_t len = 0, n;
	unsigned int i;

	for (i = 0; i < FZ_LINES_MAX && in->n; i++) {
		fz_line(in, line, sizeof(line));
		n = strlen(line);
		if (len + n + 2 > size)
			break;
		memcpy(text + len, line, n);
		len += n;
		text[len++] = '\n';
	}
	return len;
}

/* ---- the invariants ------------------------------------------------------------------------ */

static bool fz_same_config(const struct os_config *a, const struct os_config *b)
{
	unsigned int i, j;

	if (strcmp(a->hostname, b->hostname) || strcmp(a->enable_pw, b->enable_pw) ||
	    strcmp(a->passwd, b->passwd) || a->if_count != b->if_count ||
	    a->tftp_set != b->tftp_set)
		return false;
	for (i = 0; i < a->if_count; i++) {
		const struct os_iface *x = &a->ifs[i], *y = &b->ifs[i];

		if (strcmp(x->name, y->name) || x->security != y->security ||
		    x->speed != y->speed || x->shutdown != y->shutdown || x->addr != y->addr ||
		    (x->addr && x->mask != y->mask))
			return false;
	}
	for (i = j = 0;; i++, j++) {
		while (i < OS_ROUTE_MAX && !a->routes[i].used)
			i++;
		while (j < OS_ROUTE_MAX && !b->routes[j].used)
			j++;
		if (i == OS_ROUTE_MAX || j == OS_ROUTE_MAX) {
			if (i != j && (i < OS_ROUTE_MAX || j < OS_ROUTE_MAX))
				return false;
			break;
		}
		if (a->routes[i].iface != b->routes[j].iface ||
		    a->routes[i].net != b->routes[j].net ||
		    a->routes[i].mask != b->routes[j].mask || a->routes[i].gw != b->routes[j].gw ||
		    a->routes[i].metric != b->routes[j].metric)
			return false;
	}
	for (i = j = 0;; i++, j++) {
		while (i < OS_NAMES_MAX && !a->names[i].used)
			i++;
		while (j < OS_NAMES_MAX && !b->names[j].used)
			j++;
		if (i == OS_NAMES_MAX || j == OS_NAMES_MAX) {
			if (i != j && (i < OS_NAMES_MAX || j < OS_NAMES_MAX))
				return false;
			break;
		}
		if (a->names[i].addr != b->names[j].addr ||
		    strcmp(a->names[i].name, b->names[j].name))
			return false;
	}
	for (i = 0; i < OS_DNS_SERVERS_MAX; i++)
		if (a->dns[i].used != b->dns[i].used ||
		    (a->dns[i].used &&
		     (a->dns[i].iface != b->dns[i].iface || a->dns[i].addr != b->dns[i].addr)))
			return false;
	return !a->tftp_set ||
	       (a->tftp_iface == b->tftp_iface && a->tftp_server == b->tftp_server &&
		!strcmp(a->tftp_path, b->tftp_path));
}

/* Every line fits a configuration line; the checksum line states the body's checksum. */
static void fz_check_text(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *body = strstr(text, "\nPIX Version ");
	const char *sum = strstr(text, "\nCryptochecksum:");
	uint8_t stated[16], want[16];

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl - p > MON_LINE_MAX)
			abort();
	}
	if (!body || !sum || sum < body || os_config_checksum_line(text, len, stated))
		abort();
	os_config_checksum(body + 1, (size_t)(sum - body), want);
	if (memcmp(stated, want, sizeof(want)))
		abort();
}

static struct os fz_a, fz_b;
static char fz_text[FZ_TEXT_MAX], fz_first[OS_CONFIG_TEXT_MAX + 1],
	fz_again[OS_CONFIG_TEXT_MAX + 1];

static void fz_start(struct os *os, const struct os_platform *plat, const struct os_identity *id,
		     unsigned int mode)
{
	os_init(os, plat, id);
	os->mode = mode;
}

/* Applies @text to @os and checks that the session is as it was around it. */
static int fz_apply(struct os *os, const char *text, size_t len)
{
	unsigned int mode = os->mode, lines = 0;
	const struct mon_console *con = os->con;
	size_t i;
	int failed = os_config_apply(os, text, len, "config");

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (failed < 0 || (unsigned int)failed > lines + 1 || os->mode != mode || os->con != con)
		abort();
	return failed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct os_platform plat = { .con = &fz_con,
				    .now_ms = fz_now_ms,
				    .reload = fz_reload,
				    .nics = fz_nics,
				    .vendor_key = LIC_DEV_VENDOR_KEY };
	struct os_identity id = { .version = { 6, 3, 5 }, .serial = 12345678 };
	struct fz_in in = { data, size };
	const char *text = (const char *)data;
	unsigned int mode;
	uint8_t flags;
	int n, m;

	if (!size)
		return 0;
	flags = fz_byte(&in);
	plat.nic_count = (flags & 7u) + 1;
	mode = flags & 0x40 ? OS_MODE_CONFIG : OS_MODE_USER;
	if (flags & FZ_GEN) {
		size = fz_generate(&in, fz_text, sizeof(fz_text));
		text = fz_text;
	} else {
		text = (const char *)in.p;
		size = in.n;
	}
	fz_start(&fz_a, &plat, &id, mode);
	fz_apply(&fz_a, text, size);
	n = os_config_write(&fz_a, &fz_a.run, fz_first, sizeof(fz_first));
	if (n <= 0 || (size_t)n != strlen(fz_first) || n > OS_CONFIG_TEXT_MAX)
		abort();
	fz_check_text(fz_first, (size_t)n);
	/* the written text makes the same configuration on a fresh unit, and the same text */
	fz_start(&fz_b, &plat, &id, OS_MODE_USER);
	if (fz_apply(&fz_b, fz_first, (size_t)n) || !fz_same_config(&fz_a.run, &fz_b.run))
		abort();
	m = os_config_write(&fz_b, &fz_b.run, fz_again, sizeof(fz_again));
	if (m != n || memcmp(fz_first, fz_again, (size_t)n))
		abort();
	/* and applying it again where it came from changes nothing */
	if (fz_apply(&fz_a, fz_first, (size_t)n))
		abort();
	m = os_config_write(&fz_a, &fz_a.run, fz_again, sizeof(fz_again));
	if (m != n || memcmp(fz_first, fz_again, (size_t)n))
		abort();
	return 0;
}
