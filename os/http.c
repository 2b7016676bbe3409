/* `copy http[s]://...` and `configure http[s]://...`: the URL, the GET with its redirects, and
 * what the user is told. */
/*
 * http[s]://[user:password@]location[:port]/pathname (the chapter's form). The location is a
 * dotted address, a name from the name table or a host name the name servers know (dns.c); the
 * name, not its address, goes out as Host and is what TLS checks. One GET at a time goes out
 * through the platform (os_http_ops) over the interface that reaches the server; a 301, 302, 303,
 * 307 or 308 answer is followed to its Location, at most OS_HTTP_REDIRECTS times, never from https
 * to http, and the user and password go only to the host and port they were given for. Any other
 * answer than 2xx fails with the server's status line. '!' marks progress as TFTP's do (one per
 * 32 KiB); Esc or BREAK aborts at once. The password is never printed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net/http.h"
#include "os.h"

#define OS_HTTP_REDIRECTS 5
#define OS_HTTP_MARK_BYTES 32768 /* one '!' per 32 KiB stored, as copy tftp */
#define OS_HTTP_KEY_POLL_MS 10 /* how often a transfer looks for Esc */
#define OS_HTTP_REQ_MAX 1024 /* a request with the longest user, password, host and path */

/**
 * os_http_shown() - The URL as shown: the scheme, the user without the password, the location,
 * the port when it is not the scheme's, the path.
 * @t: the URL
 * @out: receives the text
 * @size: its capacity
 */
void os_http_shown(const struct http_target *t, char *out, size_t size)
{
	bool dflt = t->port == (t->https ? HTTPS_PORT : HTTP_PORT);
	char port[8] = "";

	if (!dflt)
		snprintf(port, sizeof(port), ":%u", (unsigned int)t->port);
	snprintf(out, size, "%s://%s%s%s%s%s", t->https ? "https" : "http", t->user,
		 t->user[0] ? "@" : "", t->host, port, t->path);
}

/* Says why a GET failed (a transport or protocol failure, not a status). */
static void os_http_report(const struct os *os, const struct os_http_result *r, const char *shown)
{
	const struct mon_console *con = os->con;

	switch (r->err) {
	case -ECONNREFUSED:
		mon_printf(con, "ERROR: %s: connection refused by the server\n", shown);
		break;
	case -ECONNRESET:
		mon_printf(con, "ERROR: %s: connection reset by the server\n", shown);
		break;
	case -ETIMEDOUT:
		mon_printf(con, "ERROR: %s: %s\n", shown,
			   r->connected ? "the server stopped sending" :
					  "no answer from the server");
		break;
	case -ECANCELED:
		mon_printf(con, "ERROR: %s: transfer aborted\n", shown);
		break;
	case -EFBIG:
		if (r->length != OS_HTTP_LENGTH_UNKNOWN)
			mon_printf(con,
				   "ERROR: %s is %llu bytes, more than the %llu bytes of RAM for "
				   "downloads\n",
				   shown, (unsigned long long)r->length,
				   (unsigned long long)r->limit);
		else
			mon_printf(con,
				   "ERROR: %s is more than the %llu bytes of RAM for downloads\n",
				   shown, (unsigned long long)r->limit);
		break;
	case -ECONNABORTED: /* with TLS, a failed handshake: why says how */
		mon_printf(con, "ERROR: %s: %s\n", shown,
			   r->why && r->why[0] ? r->why : "connection aborted");
		break;
	case -EACCES: /* TLS: the server's certificate refused */
		mon_printf(con, "ERROR: %s: %s; nothing was sent to it\n", shown, r->why);
		break;
	case -ENOKEY:
		mon_printf(con,
			   "ERROR: %s: no trust anchor in flash to check the server with; add the "
			   "CA certificate that signed its certificate (pix-flash trust FILE --add "
			   "CERT.pem)\n",
			   shown);
		break;
	case -ENXIO:
		mon_printf(con,
			   "ERROR: %s: https needs a hardware random number generator (RDRAND) and "
			   "this unit has none\n",
			   shown);
		break;
	case -ENOMEM:
		mon_printf(con, "ERROR: %s: no memory for the connection\n", shown);
		break;
	default:
		if (r->protocol)
			mon_printf(con, "ERROR: %s: bad answer from the server: %s\n", shown,
				   r->why);
		else if (r->why && r->why[0])
			mon_printf(con, "ERROR: %s: transfer error: %s\n", shown, r->why);
		else
			mon_printf(con, "ERROR: %s: transfer error (%d)\n", shown, r->err);
	}
}

/* What to add to a refusal by status: how to log in, or that the login was refused. */
static const char *os_http_hint(int status, const struct http_target *t)
{
	if (status != 401)
		return "";
	if (t->user[0] || t->pass[0])
		return " (the user or password was refused)";
	return " (give a user and password: http[s]://user:password@location/pathname)";
}

/* Runs one GET to its end, with progress marks and Esc; fills @r. 0 or -errno (not said). */
static int os_http_run(struct os *os, const struct os_http_get *get, struct os_http_result *r)
{
	const struct os_platform *p = os->plat;
	const struct os_http_ops *h = p->http;
	uint64_t next_key = 0, marks = 0, now;
	int err;

	err = h->start(h->ctx, get);
	if (err) { /* nothing ran: result() has nothing of this GET to tell */
		*r = (struct os_http_result){ .err = err,
					      .why = "",
					      .reason = "",
					      .location = "",
					      .length = OS_HTTP_LENGTH_UNKNOWN };
		return err;
	}
	while (!h->poll(h->ctx)) {
		for (; marks < h->bytes(h->ctx) / OS_HTTP_MARK_BYTES; marks++)
			mon_puts(os->con, "!");
		now = p->now_ms(p->ctx);
		if (now < next_key)
			continue;
		next_key = now + OS_HTTP_KEY_POLL_MS;
		if (os_stop_requested(os))
			h->abort(h->ctx);
	}
	h->result(h->ctx, r);
	for (; marks < r->bytes / OS_HTTP_MARK_BYTES; marks++)
		mon_puts(os->con, "!");
	if (marks)
		mon_puts(os->con, "\n");
	return r->err;
}

/*
 * Moves @t to a redirect's Location. The user and password stay only when the host and port do.
 * 0, or -errno (said).
 */
static int os_http_follow(struct os *os, struct http_target *t, const char *location,
			  const char *shown)
{
	struct http_target next;
	int err = http_redirect_target(location, t->https, t->host, t->port, &next);

	if (err == -EPERM) {
		mon_printf(os->con, "ERROR: %s: redirect from https to http refused\n", shown);
		return err;
	}
	if (err) {
		mon_printf(os->con, "ERROR: %s: redirect to a location this image cannot use\n",
			   shown);
		return err;
	}
	if (http_same_server(&next, t)) {
		memcpy(next.user, t->user, sizeof(next.user));
		memcpy(next.pass, t->pass, sizeof(next.pass));
	}
	*t = next;
	return 0;
}

/* The GET of @t's resource: connects over the interface that reaches it. 0 or -errno (said). */
static int os_http_get_once(struct os *os, const struct http_target *t, const char *shown,
			    const char *who, struct os_http_result *r)
{
	char req[OS_HTTP_REQ_MAX];
	struct os_http_get get;
	uint32_t server;
	int len, err;

	err = os_host_resolve(os, t->host, NULL, &server);
	if (err)
		return err;
	len = http_request_build(req, sizeof(req), t->host, t->port, t->https, t->path, t->user,
				 t->pass);
	if (len < 0) {
		mon_printf(os->con, "ERROR: %s: the request does not fit\n", shown);
		return len;
	}
	err = os_net_open(os, -1, server, who);
	if (err < 0)
		return err;
	get = (struct os_http_get){ server, t->port, t->https, t->host, req, (size_t)len };
	err = os_http_run(os, &get, r);
	memset(req, 0, sizeof(req)); /* it may hold the password */
	if (err)
		os_http_report(os, r, shown);
	return err;
}

/**
 * os_http_fetch() - Downloads an http[s] URL into the download area, following redirects.
 * @os: the session
 * @t: the URL (http_url_parse()); redirects move it, and it is wiped before the return
 * @who: the command, for messages ("copy", "configure")
 * @data: receives the download
 * @len: receives its length
 * @shown: receives the URL last fetched as shown to the user (os_http_shown())
 * @shown_size: its capacity
 *
 * Return: 0, or a negative errno (said).
 */
int os_http_fetch(struct os *os, struct http_target *t, const char *who, const uint8_t **data,
		  uint64_t *len, char *shown, size_t shown_size)
{
	struct os_http_result r;
	unsigned int hops;
	int err;

	os_http_shown(t, shown, shown_size);
	if (!os->plat->http || !os->plat->net) {
		mon_printf(os->con, "ERROR: %s: this unit has no network\n", who);
		err = -ENODEV;
		goto out;
	}
	for (hops = 0;; hops++) {
		err = os_http_get_once(os, t, shown, who, &r);
		if (err || !http_status_is_redirect(r.status) ||
		    (!r.location[0] && !r.location_too_long)) /* no Location: the answer itself */
			break;
		if (r.location_too_long) {
			mon_printf(os->con,
				   "ERROR: %s: redirect to a location this image cannot use\n",
				   shown);
			err = -EINVAL;
			goto out;
		}
		if (hops == OS_HTTP_REDIRECTS) {
			mon_printf(os->con, "ERROR: %s: more than %d redirects\n", shown,
				   OS_HTTP_REDIRECTS);
			err = -ELOOP;
			goto out;
		}
		err = os_http_follow(os, t, r.location, shown);
		if (err)
			goto out;
		os_http_shown(t, shown, shown_size);
		mon_printf(os->con, "Redirected to %s\n", shown);
	}
	if (err)
		goto out;
	if (r.status < 200 || r.status > 299) {
		mon_printf(os->con, "ERROR: %s: the server answered %d %s%s\n", shown, r.status,
			   r.reason, os_http_hint(r.status, t));
		err = -ENOENT;
		goto out;
	}
	mon_printf(os->con, "Received %llu bytes\n", (unsigned long long)r.bytes);
	err = os->plat->net->download(os->plat->net->ctx, data, len);
out:
	memset(t->pass, 0, sizeof(t->pass));
	return err;
}
