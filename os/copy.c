/* `copy tftp ... flash[:image|pdm]` and `configure net`: their arguments, questions and fetches. */
/*
 * copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]
 *   "tftp" alone asks for the host and the file (IOS style, the tftp-server settings offered as
 *   defaults) and for confirmation; "tftp:" takes what is not given from the tftp-server settings
 *   and asks nothing. The image goes through the power-cut-safe install of flash/layout.c.
 * configure net [[location]:[pathname]]
 *   fetches a configuration by TFTP and merges it into the running one, line by line.
 * The parsers are pure (unit-tested and fuzzed): os_url_parse(), os_copy_dest_parse(),
 * os_net_src_parse().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mbedtls/platform_util.h"
#include "os.h"
#include "parse.h"

#define OS_COPY_USAGE                                                   \
	"copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]\n" \
	"       copy http[s]://[user:password@]location[:port]/pathname flash[:[image | pdm]]"
#define OS_CONF_URL_USAGE "configure http[s]://[user:password@]location[:port]/pathname"

static const char *const os_schemes[OS_URL_SCHEMES] = { "tftp", "http", "https" };
static const char *const os_dest_names[] = { "image", "pdm" };

static bool os_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

/* Copies @n bytes at @s into @dst (capacity @size) with a NUL; -E2BIG when they do not fit. */
static int os_copy_part(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -E2BIG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Reads "//location" at @s into u->host; returns the position after it, or NULL. */
static const char *os_url_host(const char *s, struct os_url *u)
{
	size_t n = 0;

	while (s[n] && s[n] != '/' && s[n] != ':') {
		if (!os_host_char(s[n]))
			return NULL;
		n++;
	}
	if (os_copy_part(u->host, sizeof(u->host), s, n))
		return NULL;
	return s + n;
}

/**
 * os_url_parse() - Reads the source of copy: "tftp", "tftp:", "tftp:/path", "tftp://host",
 * "tftp://host/path" (http and https in the same shapes).
 * @s: the word
 * @u: the result: what was given ("" for what was not)
 *
 * The path is what follows the "/" after the location ("tftp://h/dir/f" is "dir/f"); a location
 * is a dotted address or a name (letters, digits, '-', '.', '_'). Nothing else is accepted.
 *
 * Return: 0, or -EINVAL.
 */
int os_url_parse(const char *s, struct os_url *u)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	unsigned int i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < OS_URL_SCHEMES; i++)
		if (strlen(os_schemes[i]) == n && mon_prefix_nocase(os_schemes[i], s))
			break;
	if (i == OS_URL_SCHEMES)
		return -EINVAL;
	u->scheme = (enum os_url_scheme)i;
	if (!colon)
		return 0;
	u->colon = true;
	s = colon + 1;
	if (s[0] == '/' && s[1] == '/') {
		s = os_url_host(s + 2, u);
		if (!s)
			return -EINVAL;
	}
	if (*s == '\0')
		return 0;
	if (*s != '/')
		return -EINVAL;
	s++;
	for (i = 0; s[i]; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return -EINVAL;
	return os_copy_part(u->path, sizeof(u->path), s, i) ? -EINVAL : 0;
}

/**
 * os_copy_dest_parse() - Reads the destination of copy: "flash", "flash:", "flash:image",
 * "flash:pdm" (keywords may be abbreviated: "flash:i").
 * @s: the word
 * @d: the result
 *
 * Return: 0, or -EINVAL.
 */
int os_copy_dest_parse(const char *s, enum os_copy_dst *d)
{
	static const char flash[] = "flash";
	size_t n = strlen(flash);
	int k;

	if (!mon_prefix_nocase(flash, s) || (s[n] != '\0' && s[n] != ':'))
		return -EINVAL;
	*d = OS_DST_IMAGE;
	if (s[n] == '\0' || s[n + 1] == '\0')
		return 0;
	k = cli_keyword(s + n + 1, os_dest_names, 2);
	if (k < 0)
		return -EINVAL;
	*d = (enum os_copy_dst)k;
	return 0;
}

/**
 * os_net_src_parse() - Reads the argument of `configure net`: "location:pathname",
 * "location:", ":pathname" or ":" (what is missing comes from the tftp-server settings).
 * @s: the word
 * @u: the result (scheme tftp, colon set)
 *
 * Return: 0, or -EINVAL.
 */
int os_net_src_parse(const char *s, struct os_url *u)
{
	const char *colon = strchr(s, ':');
	size_t i;

	memset(u, 0, sizeof(*u));
	u->scheme = OS_URL_TFTP;
	u->colon = true;
	if (!colon)
		return -EINVAL;
	if (os_url_host(s, u) != colon)
		return -EINVAL;
	s = colon + 1;
	for (i = 0; s[i]; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return -EINVAL;
	return os_copy_part(u->path, sizeof(u->path), s, i) ? -EINVAL : 0;
}

/* The transfer a copy or configure net will make. */
struct os_xfer {
	uint32_t server;
	int iface; /* the tftp-server interface when the server came from there, else -1 */
	char host[OS_NAME_MAX + 1];
	char path[OS_PATH_MAX + 1];
	char url[OS_NAME_MAX + OS_PATH_MAX + 16];
};

/* Asks for @what, offering @dflt; an empty answer takes it. Returns 0 or -ECANCELED. */
static int os_ask_default(struct os *os, const char *what, const char *dflt, char *out, size_t size)
{
	char q[OS_PATH_MAX + 48], answer[MON_LINE_MAX + 1];

	snprintf(q, sizeof(q), "%s [%s]? ", what, dflt);
	if (os_ask(os, q, answer, false))
		return -ECANCELED;
	if (!answer[0])
		snprintf(answer, sizeof(answer), "%s", dflt);
	if (strlen(answer) >= size) {
		mon_printf(os->con, "ERROR: longer than %u characters\n", (unsigned int)size - 1);
		return -E2BIG;
	}
	memcpy(out, answer, strlen(answer) + 1);
	return 0;
}

/* The tftp-server settings as text: "" when unset. */
static void os_tftp_defaults(const struct os *os, char host[16], const char **path)
{
	host[0] = '\0';
	*path = "";
	if (!os->run.tftp_set)
		return;
	mon_format_ipv4(os->run.tftp_server, host);
	*path = os->run.tftp_path;
}

/* Fills host and path from the URL, the settings, or the user; checks the host. 0 or -errno. */
static int os_xfer_resolve(struct os *os, const struct os_url *u, struct os_xfer *x)
{
	const char *dpath;
	char dhost[16];
	int err;

	os_tftp_defaults(os, dhost, &dpath);
	x->iface = -1;
	if (!u->colon) {
		if (os_ask_default(os, "Address or name of remote host", dhost, x->host,
				   sizeof(x->host)) ||
		    os_ask_default(os, "Source file name", dpath, x->path, sizeof(x->path)))
			return -ECANCELED;
	} else {
		snprintf(x->host, sizeof(x->host), "%s", u->host[0] ? u->host : dhost);
		snprintf(x->path, sizeof(x->path), "%s", u->path[0] ? u->path : dpath);
	}
	if (!x->host[0] || !x->path[0]) {
		mon_puts(os->con, "ERROR: no TFTP server or file given, and none set "
				  "(tftp-server [if_name] ip_address path)\n");
		return -EINVAL;
	}
	err = os_host_resolve(os, x->host, NULL, &x->server);
	if (err)
		return err;
	if (os->run.tftp_set && x->server == os->run.tftp_server)
		x->iface = os->run.tftp_iface;
	snprintf(x->url, sizeof(x->url), "tftp://%s/%s", x->host, x->path);
	return 0;
}

/* The IOS-style confirmation of an interactive copy: y goes on, again asks anew. */
static int os_copy_confirm(struct os *os, const struct os_url *u, struct os_xfer *x,
			   const char *dest)
{
	char q[sizeof(x->url) + 48], answer[MON_LINE_MAX + 1];
	int err;

	for (;;) {
		snprintf(q, sizeof(q), "copying %s to flash:%s [yes|no|again]? ", x->url, dest);
		if (os_ask(os, q, answer, false))
			return -ECANCELED;
		if (answer[0] == 'y' || answer[0] == 'Y')
			return 0;
		if (answer[0] != 'a' && answer[0] != 'A')
			return -ECANCELED;
		err = os_xfer_resolve(os, u, x);
		if (err)
			return err;
	}
}

/* Fetches @x into RAM over the interface that reaches it. */
static int os_xfer_fetch(struct os *os, const struct os_xfer *x, const char *who,
			 const uint8_t **data, uint64_t *len)
{
	int err = os_net_open(os, x->iface, x->server, who);

	if (err < 0)
		return err;
	return os_fetch(os, x->server, x->path, x->url, data, len);
}

/*
 * The file name of a URL, for the install's messages: the last part of its path, without a query;
 * the host when the path ends in '/'.
 */
static void os_http_file_name(const struct http_target *t, char *out, size_t size)
{
	const char *path = t->path, *name = path;
	size_t n;

	for (; *path && *path != '?'; path++)
		if (*path == '/')
			name = path + 1;
	n = (size_t)(path - name);
	if (n == 0)
		snprintf(out, size, "%s", t->host);
	else
		snprintf(out, size, "%.*s", (int)n, name);
}

/* copy http[s]://... flash[:image|pdm]: the same install and answers as copy tftp. */
static int os_copy_http(struct os *os, const char *url, enum os_copy_dst dst)
{
	char shown[OS_URL_SHOWN_MAX], file[HTTP_PATH_MAX + 1];
	struct http_target t;
	const uint8_t *data;
	uint64_t len;
	int err;

	if (http_url_parse(url, &t)) {
		mon_puts(os->con, "Usage: " OS_COPY_USAGE "\n");
		return -EINVAL;
	}
	os_http_shown(&t, shown, sizeof(shown));
	mon_printf(os->con, "copying %s to flash:%s\n", shown, os_dest_names[dst]);
	err = os_http_fetch(os, &t, "copy", &data, &len, shown, sizeof(shown));
	os_http_file_name(&t, file, sizeof(file));
	if (!err)
		return os_install(os, data, len, dst, file);
	mon_printf(os->con, "%s not installed\n", dst == OS_DST_PDM ? "PDM" : "Image");
	return err;
}

/**
 * os_cmd_copy() - "copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when installed, else a negative errno (said, then "Image not installed").
 */
int os_cmd_copy(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const uint8_t *data;
	enum os_copy_dst dst;
	struct os_xfer x;
	struct os_url u;
	uint64_t len;
	int err;

	(void)argc;
	if (os_copy_dest_parse(argv[2], &dst))
		goto usage;
	if (mon_prefix_nocase("http:", argv[1]) || mon_prefix_nocase("https:", argv[1]))
		return os_copy_http(os, argv[1], dst);
	if (os_url_parse(argv[1], &u) || u.scheme != OS_URL_TFTP)
		goto usage;
	err = os_xfer_resolve(os, &u, &x);
	if (!err && !u.colon)
		err = os_copy_confirm(os, &u, &x, os_dest_names[dst]);
	else if (!err)
		mon_printf(os->con, "copying %s to flash:%s\n", x.url, os_dest_names[dst]);
	if (!err)
		err = os_xfer_fetch(os, &x, "copy", &data, &len);
	if (!err)
		return os_install(os, data, len, dst, x.path);
	mon_printf(os->con, "%s not installed\n", dst == OS_DST_PDM ? "PDM" : "Image");
	return err;
usage:
	mon_puts(os->con, "Usage: " OS_COPY_USAGE "\n");
	return -EINVAL;
}

/* Merges a fetched configuration into the running one; each line not applied is reported. */
static int os_conf_merge(struct os *os, const uint8_t *data, uint64_t len, const char *url,
			 const char *what)
{
	int failed;

	if (len > OS_CONFIG_TEXT_MAX) {
		mon_printf(os->con, "ERROR: %s is %llu bytes, more than a configuration's %d\n",
			   url, (unsigned long long)len, OS_CONFIG_TEXT_MAX);
		return -E2BIG;
	}
	failed = os_config_apply(os, (const char *)data, (size_t)len, what);
	if (failed) {
		mon_printf(os->con, "%d line%s of %s not applied\n", failed, failed == 1 ? "" : "s",
			   url);
		return -EINVAL;
	}
	return 0;
}

/**
 * os_cmd_conf_net() - "configure net [[location]:[pathname]]": fetches a configuration by TFTP
 * and merges it into the running one; each line it cannot apply is reported.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when every line applied, else a negative errno (said).
 */
int os_cmd_conf_net(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const uint8_t *data;
	struct os_xfer x;
	struct os_url u;
	uint64_t len;
	int err;

	if (os_net_src_parse(argc > 1 ? argv[1] : ":", &u)) {
		mon_puts(os->con, "Usage: configure net [[location]:[pathname]]\n");
		return -EINVAL;
	}
	err = os_xfer_resolve(os, &u, &x);
	if (!err)
		err = os_xfer_fetch(os, &x, "configure net", &data, &len);
	if (err)
		return err;
	return os_conf_merge(os, data, len, x.url, "net");
}

/**
 * os_cmd_conf_url() - "configure http[s]://[user:password@]location[:port]/pathname": fetches a
 * configuration by HTTP and merges it into the running one, as configure net does.
 * @ctx: the session
 * @argc: words
 * @argv: the words ("configure" and the URL)
 *
 * Return: 0 when every line applied, else a negative errno (said).
 */
int os_cmd_conf_url(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	char shown[OS_URL_SHOWN_MAX];
	struct http_target t;
	const uint8_t *data;
	uint64_t len;
	int err;

	if (argc == 1) {
		mon_puts(os->con, "ERROR: incomplete command\n");
		return -EINVAL;
	}
	if (http_url_parse(argv[1], &t)) {
		mon_puts(os->con, "Usage: configure terminal | memory | net "
				  "[[location]:[pathname]]\n"
				  "       " OS_CONF_URL_USAGE "\n");
		return -EINVAL;
	}
	err = os_http_fetch(os, &t, "configure", &data, &len, shown, sizeof(shown));
	if (err)
		return err;
	err = os_conf_merge(os, data, len, shown, "http");
	/*
	 * Over https the text came encrypted and may hold passwords and keys: once merged it does
	 * not stay in the download area (the platform's RAM, the same the next download overwrites).
	 */
	if (t.https)
		mbedtls_platform_zeroize((uint8_t *)(uintptr_t)data, (size_t)len);
	return err;
}
