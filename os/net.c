/* The running image on the network: route choice, interface bring-up, TFTP fetches to RAM. */
/*
 * The unit has one IP stack bound to one interface at a time (net/netstack.c); each command that
 * talks to a host brings up the interface the running configuration routes that host through,
 * with the interface's address and mask and the route's gateway. Every transfer is bounded by
 * the TFTP client's timeouts, and Esc or BREAK aborts it at once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "os.h"

#define OS_KEY_POLL_MS 10 /* how often a transfer looks for Esc */
#define OS_TFTP_TIMEOUT_S 4 /* RFC 2349 timeout asked of the server, as the monitor's default */

/**
 * os_route_lookup() - Where a packet to @dst goes: the interface whose subnet holds it, else the
 * route with the longest matching prefix (lowest metric among equals).
 * @c: the configuration
 * @want: the interface the user named, or -1 for any
 * @dst: the destination, host order
 * @iface: receives the interface
 * @gw: receives the next hop (0: @dst is on the interface's subnet)
 *
 * Return: 0, or -EHOSTUNREACH when nothing leads there.
 */
int os_route_lookup(const struct os_config *c, int want, uint32_t dst, unsigned int *iface,
		    uint32_t *gw)
{
	const struct os_route *best = NULL;
	unsigned int i;

	for (i = 0; i < c->if_count; i++) {
		const struct os_iface *f = &c->ifs[i];

		if ((want < 0 || (unsigned int)want == i) && f->addr &&
		    (dst & f->mask) == (f->addr & f->mask)) {
			*iface = i;
			*gw = 0;
			return 0;
		}
	}
	for (i = 0; i < OS_ROUTE_MAX; i++) {
		const struct os_route *r = &c->routes[i];

		if (!r->used || (want >= 0 && r->iface != (unsigned int)want) ||
		    (dst & r->mask) != r->net)
			continue;
		if (!best || r->mask > best->mask ||
		    (r->mask == best->mask && r->metric < best->metric))
			best = r;
	}
	if (!best)
		return -EHOSTUNREACH;
	*iface = best->iface;
	*gw = best->gw;
	return 0;
}

/**
 * os_net_open() - Brings up the interface that reaches @dst, or says why it cannot.
 * @os: the session
 * @want: the interface the user named, or -1
 * @dst: the destination, host order
 * @who: the command, for messages
 *
 * Return: the interface number, or a negative errno (said).
 */
int os_net_open(struct os *os, int want, uint32_t dst, const char *who)
{
	const struct os_platform *p = os->plat;
	const struct os_iface *f;
	unsigned int i;
	uint32_t gw, addr;
	int err;

	if (!p->net) {
		mon_printf(os->con, "ERROR: %s: this unit has no network\n", who);
		return -ENODEV;
	}
	if (os_route_lookup(&os->run, want, dst, &i, &gw)) {
		mon_printf(os->con, "ERROR: %s: no route to the host (ip address, route)\n", who);
		return -EHOSTUNREACH;
	}
	f = &os->run.ifs[i];
	if (os_fo_is_link(os, i)) {
		mon_printf(os->con, "ERROR: %s: interface %s is the failover link\n", who, f->name);
		return -EBUSY;
	}
	if (f->shutdown || i >= p->nic_count || !p->nics[i].model[0]) {
		mon_printf(os->con, "ERROR: %s: interface %s is %s\n", who, f->name,
			   f->shutdown ? "shut down" : "not usable (no driver)");
		return -ENETDOWN;
	}
	addr = os_fo_own_addr(os, i);
	if (!addr) {
		mon_printf(os->con,
			   "ERROR: %s: interface %s has no failover ip address (this unit is not "
			   "the active unit of its failover pair)\n",
			   who, f->name);
		return -EADDRNOTAVAIL;
	}
	err = p->net->up(p->net->ctx, i, addr, f->mask, gw);
	if (err) {
		mon_printf(os->con, "ERROR: %s: interface %s did not start (error %d)\n", who,
			   f->name, err);
		return err;
	}
	os->net_up = true;
	os->net_iface = (int)i;
	return (int)i;
}

/* A download's progress marks: '!' for each 32 KiB stored. */
static void os_fetch_trace(void *ctx, int code, unsigned int arg)
{
	struct os *os = ctx;

	(void)arg;
	if (code == MON_TFTP_DOT)
		mon_puts(os->con, "!");
}

/* Says why a download failed. */
static void os_fetch_report(const struct os *os, const struct mon_tftp_result *r, const char *url)
{
	const char *msg = r->message && r->message[0] ? r->message : NULL;
	const struct mon_console *con = os->con;

	if (r->code == MON_TFTP_CODE_NOFILE)
		mon_printf(con, "ERROR: %s: file not found%s%s%s\n", url, msg ? " (" : "",
			   msg ? msg : "", msg ? ")" : "");
	else if (r->code == MON_TFTP_CODE_TIMEOUT)
		mon_printf(con, "ERROR: %s: no answer from the server\n", url);
	else if (r->code == MON_TFTP_CODE_OPCODE)
		mon_printf(con, "ERROR: %s: unexpected TFTP packet; transfer stopped\n", url);
	else if (r->size > r->limit)
		mon_printf(con,
			   "ERROR: %s is %llu bytes, more than the %llu bytes of RAM for "
			   "downloads\n",
			   url, (unsigned long long)r->size, (unsigned long long)r->limit);
	else if (r->err == -ECANCELED)
		mon_printf(con, "ERROR: %s: transfer aborted\n", url);
	else if (msg)
		mon_printf(con, "ERROR: %s: transfer error: %s\n", url, msg);
	else
		mon_printf(con, "ERROR: %s: transfer error (%d)\n", url, r->err);
}

/**
 * os_fetch() - Downloads a file by TFTP into the download area, with '!' progress marks and
 * "Received N bytes"; Esc or BREAK aborts.
 * @os: the session
 * @server: the server, host order
 * @path: the file
 * @url: "tftp://host/path", for messages
 * @data: receives the download
 * @len: receives its length
 *
 * Return: 0, or a negative errno (said). The network must be up (os_net_open()).
 */
int os_fetch(struct os *os, uint32_t server, const char *path, const char *url,
	     const uint8_t **data, uint64_t *len)
{
	const struct os_platform *p = os->plat;
	const struct mon_net *net = p->net;
	struct mon_tftp_result r;
	uint64_t next_key = 0, now;
	int err;

	err = net->tftp_start(net->ctx, server, path, OS_TFTP_TIMEOUT_S, false, os_fetch_trace, os);
	if (err) {
		mon_printf(os->con, "ERROR: %s: cannot start (error %d)\n", url, err);
		return err;
	}
	while (!net->tftp_poll(net->ctx)) {
		now = p->now_ms(p->ctx);
		if (now < next_key)
			continue;
		next_key = now + OS_KEY_POLL_MS;
		if (os_stop_requested(os))
			net->tftp_abort(net->ctx);
	}
	net->tftp_result(net->ctx, &r);
	mon_puts(os->con, "\n");
	if (r.err) {
		os_fetch_report(os, &r, url);
		return r.err;
	}
	mon_printf(os->con, "Received %llu bytes\n", (unsigned long long)r.bytes);
	return net->download(net->ctx, data, len);
}
