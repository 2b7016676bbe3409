/*
 * The running image's HTTP(S) downloads: each GET gets a new altcp PCB on the ROM wiring's
 * network stack (TCP, or TLS over TCP with the trust anchors read from flash) and writes its
 * body into the download area, which holds a complete download again only when a 2xx response
 * was read whole (what copy and configure then take).
 */
#include "pixhttp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lwip/altcp_tcp.h"
#include "pixtls.h"

/* How long a connection may be silent (no answer to the SYN, or no data) before it fails. */
#define PIXOS_HTTP_IDLE_MS 10000

static int pixos_http_write(void *ctx, uint64_t offset, const void *data, size_t len)
{
	struct pixos_http *ph = ctx;
	struct rom_net *rn = ph->rn;

	if (offset > rn->load_size || len > rn->load_size - offset)
		return -EFBIG;
	memcpy(rn->load + offset, data, len);
	return 0;
}

static uint64_t pixos_http_now_ms(void *ctx)
{
	struct pixos_http *ph = ctx;

	return clock_ms(ph->rn->clock);
}

static int pixos_http_verify(void *ctx, struct altcp_pcb *pcb, const char **why)
{
	struct pixos_http *ph = ctx;

	return net_tls_verify(pcb, ph->host, why);
}

static const char *pixos_http_failure(void *ctx, struct altcp_pcb *pcb)
{
	(void)ctx;
	return net_tls_failure(pcb);
}

/*
 * The TLS configuration from the anchors in flash (made again only when they changed): 0;
 * -ENXIO without a random number generator; -ENOKEY without anchors; -EIO when they cannot be read
 * or used.
 */
static int pixos_http_tls_prepare(struct pixos_http *ph)
{
	struct net_tls_anchors a = { 0 };
	unsigned int i;

	if (!pixos_tls_entropy())
		return -ENXIO;
	if (!ph->flash)
		return -ENOKEY;
	if (layout_trust_read(ph->flash, &ph->trust))
		return -EIO;
	a.count = ph->trust.count < NET_TLS_ANCHORS_MAX ? ph->trust.count : NET_TLS_ANCHORS_MAX;
	for (i = 0; i < a.count; i++) {
		a.der[i] = ph->trust.der + ph->trust.off[i];
		a.len[i] = ph->trust.len[i];
	}
	a.id = ph->trust.seq;
	return net_tls_prepare(&ph->tls, &a);
}

static int pixos_http_start(void *ctx, const struct os_http_get *g)
{
	struct pixos_http *ph = ctx;
	struct rom_net *rn = ph->rn;
	struct altcp_pcb *pcb;
	int err;

	snprintf(ph->host, sizeof(ph->host), "%s", g->host);
	if (g->tls) {
		err = pixos_http_tls_prepare(ph);
		if (err)
			return err;
		pcb = net_tls_new(&ph->tls, ph->host);
	} else {
		pcb = altcp_tcp_new_ip_type(IPADDR_TYPE_V4);
	}
	rn->load_valid = false; /* the area is being overwritten */
	rn->load_len = 0;
	return net_http_start(&ph->get, &rn->stack, pcb, g->server, g->port, g->req, g->req_len,
			      rn->load_size, PIXOS_HTTP_IDLE_MS, g->tls ? &ph->io_tls : &ph->io);
}

static bool pixos_http_poll(void *ctx)
{
	struct pixos_http *ph = ctx;

	return net_http_poll(&ph->get);
}

static uint64_t pixos_http_bytes(void *ctx)
{
	struct pixos_http *ph = ctx;

	return ph->get.body;
}

static void pixos_http_abort(void *ctx)
{
	struct pixos_http *ph = ctx;

	net_http_abort(&ph->get);
}

static void pixos_http_result(void *ctx, struct os_http_result *r)
{
	struct pixos_http *ph = ctx;
	struct rom_net *rn = ph->rn;
	const struct net_http *h = &ph->get;
	const struct http_resp *resp = &h->resp;
	int status = resp->status;

	net_http_end(&ph->get);
	*r = (struct os_http_result){
		.err = h->err,
		.why = h->why[0] ? h->why : http_resp_error(resp),
		.protocol = h->err && resp->err == h->err,
		.connected = h->connected,
		.status = status,
		.reason = resp->reason,
		.location = resp->location_too_long ? "" : resp->location,
		.location_too_long = resp->location_too_long,
		.bytes = h->body,
		.length = resp->has_length ? resp->content_length : OS_HTTP_LENGTH_UNKNOWN,
		.limit = rn->load_size,
	};
	rn->load_valid = !h->err && status >= 200 && status <= 299;
	rn->load_len = rn->load_valid ? h->body : 0;
}

/*
 * pixos_http_init - the HTTP operations on @rn's stack and download area (rom_net_probe first),
 * with the trust anchors of @flash (NULL: none, https refused).
 */
void pixos_http_init(struct pixos_http *ph, struct rom_net *rn, struct at29 *flash)
{
	ph->rn = rn;
	ph->flash = flash;
	ph->io = (struct net_http_io){ pixos_http_write, pixos_http_now_ms, NULL, NULL, ph };
	ph->io_tls = (struct net_http_io){ pixos_http_write, pixos_http_now_ms, pixos_http_verify,
					   pixos_http_failure, ph };
	ph->ops = (struct os_http_ops){
		.start = pixos_http_start,
		.poll = pixos_http_poll,
		.bytes = pixos_http_bytes,
		.abort = pixos_http_abort,
		.result = pixos_http_result,
		.ctx = ph,
	};
}
