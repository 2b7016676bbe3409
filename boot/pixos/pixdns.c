/*
 * The running image's DNS lookups (os_dns_ops): lwIP's resolver (core/dns.c) on the ROM wiring's
 * stack, one name from one server at a time (the core picks the server and brings up the
 * interface that reaches it). lwIP retries on its own (net/lwipopts.h: DNS_MAX_RETRIES) and tells
 * every failure as "no address"; whether the server said the name does not exist, or failed, or
 * never answered is read from its response as it arrives, before lwIP takes it (net/dns_frame.c).
 * lwIP cannot cancel a query: an aborted one runs on inside lwIP and its end is ignored here.
 */
#include "pixdns.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dns_frame.h"
#include "lwip/dns.h"

/* Every received frame while a lookup runs: a response of the server about the name? */
static void pixos_dns_frame(void *ctx, const uint8_t *frame, size_t len)
{
	struct pixos_dns *pd = ctx;
	int rcode = dns_frame_rcode(frame, len, pd->server, pd->name);

	if (rcode >= 0)
		pd->rcode = rcode;
}

/* lwIP's end of a lookup: @addr, or NULL when it failed (the server's RCODE then says why). */
static void pixos_dns_found(const char *name, const ip_addr_t *addr, void *arg)
{
	struct pixos_dns *pd = arg;

	if (!pd->busy || pd->done || lwip_stricmp(name, pd->name))
		return; /* a lookup abandoned earlier */
	pd->done = true;
	if (addr) {
		pd->err = 0;
		pd->addr = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(addr)));
	} else if (pd->rcode == DNS_FRAME_RCODE_NXDOMAIN) {
		pd->err = -ENOENT;
	} else if (pd->rcode == DNS_FRAME_RCODE_NOERROR) {
		pd->err = -ENODATA; /* answered, without an A record */
	} else {
		pd->err = pd->rcode > 0 ? -EREMOTEIO : -ETIMEDOUT;
	}
}

static int pixos_dns_start(void *ctx, uint32_t server, const char *name)
{
	struct pixos_dns *pd = ctx;
	ip_addr_t s, a;
	err_t e;

	pd->busy = true;
	pd->done = false;
	pd->err = 0;
	pd->rcode = -1;
	pd->server = server;
	snprintf(pd->name, sizeof(pd->name), "%s", name);
	ip4_addr_set_u32(ip_2_ip4(&s), lwip_htonl(server));
	dns_setserver(0, &s);
	net_stack_set_rx_hook(&pd->rn->stack, pixos_dns_frame, pd);
	e = dns_gethostbyname(pd->name, &a, pixos_dns_found, pd);
	if (e == ERR_OK) { /* still known from an earlier answer (its TTL runs) */
		pd->done = true;
		pd->addr = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&a)));
	} else if (e != ERR_INPROGRESS) {
		net_stack_set_rx_hook(&pd->rn->stack, NULL, NULL);
		pd->busy = false;
		return e == ERR_MEM ? -ENOMEM : -EINVAL;
	}
	return 0;
}

static bool pixos_dns_poll(void *ctx)
{
	struct pixos_dns *pd = ctx;

	net_stack_poll(&pd->rn->stack);
	return pd->done;
}

static void pixos_dns_abort(void *ctx)
{
	struct pixos_dns *pd = ctx;

	if (pd->done)
		return;
	pd->done = true;
	pd->err = -ECANCELED;
}

static void pixos_dns_result(void *ctx, struct os_dns_result *r)
{
	struct pixos_dns *pd = ctx;

	net_stack_set_rx_hook(&pd->rn->stack, NULL, NULL);
	pd->busy = false;
	*r = (struct os_dns_result){ pd->err, pd->addr, pd->rcode };
}

/*
 * pixos_dns_init - the DNS operations on @rn's stack (rom_net_probe first; lwIP's resolver is
 * started with the stack).
 */
void pixos_dns_init(struct pixos_dns *pd, struct rom_net *rn)
{
	memset(pd, 0, sizeof(*pd));
	pd->rn = rn;
	pd->ops = (struct os_dns_ops){
		.start = pixos_dns_start,
		.poll = pixos_dns_poll,
		.abort = pixos_dns_abort,
		.result = pixos_dns_result,
		.ctx = pd,
	};
}
