/* Host names looked up through the name servers of `dns name-server`, and what the user is told. */
/*
 * A host is a dotted address, a name of the `name` table, or, when name servers are configured, a
 * host name one of them knows (an A record). The servers are asked one at a time, in the order
 * they were given, each over the interface it was given with (brought up as for any other host):
 * an answer, or the server saying the name does not exist, ends the lookup; a server that does
 * not answer (the platform's resolver retries, and OS_DNS_TIMEOUT_MS bounds each server in any
 * case) or cannot be reached passes it to the next. Esc or BREAK aborts at once. The name, not the
 * address, is what the caller keeps for HTTP's Host and TLS's checks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "os.h"

#define OS_DNS_TIMEOUT_MS 5000 /* one server, past the resolver's own retries (about 4 s) */
#define OS_DNS_KEY_POLL_MS 10 /* how often a lookup looks for Esc */
#define OS_DNS_LABEL_MAX 63 /* RFC 1035 2.3.4 */
#define OS_DNS_WHO_MAX 32 /* "name server 255.255.255.255" */

static bool os_dns_label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/*
 * True when @s is a host name a name server can be asked for: labels of 1 to 63 letters, digits,
 * '-' and '_', one dot apart, at most OS_NAME_MAX characters in all, the last label not all digits
 * (what looks like a dotted address but is none, "10.0.2.300", is never sent).
 */
static bool os_dns_name_ok(const char *s)
{
	size_t len = strlen(s), label = 0, i;
	bool digits = true;

	if (!len || len > OS_NAME_MAX)
		return false;
	for (i = 0; i <= len; i++) {
		if (s[i] == '.' || !s[i]) {
			if (!label)
				return false;
			label = 0;
			if (s[i])
				digits = true;
			continue;
		}
		if (!os_dns_label_char(s[i]) || ++label > OS_DNS_LABEL_MAX)
			return false;
		digits = digits && s[i] >= '0' && s[i] <= '9';
	}
	return !digits;
}

/* The RCODE of a failed answer in words (RFC 1035 4.1.1, RFC 6895 2.3). */
static const char *os_dns_rcode_text(int rcode)
{
	static const char *const text[] = { "no error",	    "format error",    "server failure",
					    "no such name", "not implemented", "refused" };

	if (rcode >= 0 && (size_t)rcode < sizeof(text) / sizeof(text[0]))
		return text[rcode];
	return NULL;
}

/* Says how a server's answer failed (not a timeout: the caller gathers those). */
static void os_dns_report(const struct os *os, const char *who, const char *name,
			  const struct os_dns_result *r)
{
	const char *why = os_dns_rcode_text(r->rcode);

	switch (r->err) {
	case -ENOENT:
		mon_printf(os->con, "ERROR: %s: '%s' does not exist\n", who, name);
		break;
	case -ENODATA:
		mon_printf(os->con, "ERROR: %s: '%s' has no IPv4 address\n", who, name);
		break;
	case -EREMOTEIO:
		if (why)
			mon_printf(os->con, "ERROR: %s: cannot look up '%s' (%s)\n", who, name,
				   why);
		else
			mon_printf(os->con, "ERROR: %s: cannot look up '%s' (error %d)\n", who,
				   name, r->rcode);
		break;
	case -ECANCELED:
		mon_printf(os->con, "ERROR: lookup of '%s' aborted\n", name);
		break;
	case -ENOMEM:
		mon_printf(os->con, "ERROR: no memory to look up '%s'\n", name);
		break;
	default:
		mon_printf(os->con, "ERROR: %s: cannot look up '%s' (error %d)\n", who, name,
			   r->err);
	}
}

/*
 * Asks the name server @s for @name over its interface until an answer, a failure, its timeout or
 * Esc, and fills @r. Returns 0 when it asked (@r says how that went), or the negative errno that
 * kept it from asking (said by os_net_open()).
 */
static int os_dns_ask(struct os *os, const struct os_dns_server *s, const char *who,
		      const char *name, struct os_dns_result *r)
{
	const struct os_platform *p = os->plat;
	const struct os_dns_ops *d = p->dns;
	uint64_t start, next_key = 0, now;
	bool late = false;
	int err;

	*r = (struct os_dns_result){ .rcode = -1 };
	err = os_net_open(os, s->iface, s->addr, who);
	if (err < 0)
		return err;
	r->err = d->start(d->ctx, s->addr, name);
	if (r->err)
		return 0;
	start = p->now_ms(p->ctx);
	while (!d->poll(d->ctx)) {
		now = p->now_ms(p->ctx);
		if (now - start >= OS_DNS_TIMEOUT_MS && !late) {
			late = true;
			d->abort(d->ctx);
		}
		if (now < next_key)
			continue;
		next_key = now + OS_DNS_KEY_POLL_MS;
		if (os_stop_requested(os))
			d->abort(d->ctx);
	}
	d->result(d->ctx, r);
	if (late && r->err == -ECANCELED)
		r->err = -ETIMEDOUT;
	return 0;
}

/* Says that the servers in @silent (OS_DNS_SERVERS_MAX flags) did not answer for @name. */
static void os_dns_report_silence(const struct os *os, const bool *silent, const char *name)
{
	char list[OS_DNS_SERVERS_MAX * 24] = "", ip[16];
	unsigned int i, n = 0, done = 0;
	const char *sep;
	size_t len;

	for (i = 0; i < OS_DNS_SERVERS_MAX; i++)
		n += silent[i];
	for (i = 0; i < OS_DNS_SERVERS_MAX; i++) {
		if (!silent[i])
			continue;
		sep = !done ? "" : done + 1 == n ? " and " : ", ";
		mon_format_ipv4(os->run.dns[i].addr, ip);
		len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s", sep, ip);
		done++;
	}
	mon_printf(os->con, "ERROR: no answer from the name server%s %s for '%s'\n",
		   n > 1 ? "s" : "", list, name);
}

/* Looks @name up through the configured servers: 0 with @out, or a negative errno (said). */
static int os_dns_lookup(struct os *os, const char *name, uint32_t *out)
{
	bool silent[OS_DNS_SERVERS_MAX] = { false };
	char who[OS_DNS_WHO_MAX], ip[16];
	struct os_dns_result r;
	unsigned int i, tried = 0;
	int err = -ENOENT;

	for (i = 0; i < OS_DNS_SERVERS_MAX && os->run.dns[i].used; i++) {
		mon_format_ipv4(os->run.dns[i].addr, ip);
		snprintf(who, sizeof(who), "name server %s", ip);
		err = os_dns_ask(os, &os->run.dns[i], who, name, &r);
		if (err)
			continue; /* it could not be asked: said; the next may */
		if (r.err == -ETIMEDOUT) {
			silent[i] = true;
			tried++;
			continue;
		}
		if (r.err) {
			os_dns_report(os, who, name, &r);
			return r.err;
		}
		if (!mon_ipv4_is_unicast(r.addr)) {
			mon_format_ipv4(r.addr, ip);
			mon_printf(os->con, "ERROR: %s: '%s' is %s, not a host address\n", who,
				   name, ip);
			return -EINVAL;
		}
		*out = r.addr;
		return 0;
	}
	if (!tried)
		return err;
	os_dns_report_silence(os, silent, name);
	return -ETIMEDOUT;
}

/**
 * os_host_resolve() - Reads a host: a dotted-quad unicast address, a name from the `name` table,
 * or a host name the configured name servers know.
 * @os: the session
 * @host: the text
 * @who: the command named in front of "is not a host address or name" ("ping"), or NULL
 * @out: the address, host order
 *
 * A lookup brings up the interface of each server it asks: the caller brings up the one that
 * reaches @out afterwards.
 *
 * Return: 0, or a negative errno (said): -EINVAL for what is neither address nor name, or a name
 * no server is configured to look up; the lookup's failure otherwise.
 */
int os_host_resolve(struct os *os, const char *host, const char *who, uint32_t *out)
{
	const char *tag = who ? who : "", *colon = who ? ": " : "";
	bool name = os_dns_name_ok(host);

	if (!os_host_addr(os, host, out))
		return 0;
	if (!name || !os->run.dns[0].used) {
		mon_printf(os->con, "ERROR: %s%s'%s' is not a host address or name%s\n", tag, colon,
			   host,
			   name ? " (no name server to ask: dns name-server if_name ip_address)" :
				  "");
		return -EINVAL;
	}
	if (!os->plat->dns || !os->plat->net) {
		mon_printf(os->con, "ERROR: cannot look up '%s': this unit has no network\n", host);
		return -ENODEV;
	}
	return os_dns_lookup(os, host, out);
}
