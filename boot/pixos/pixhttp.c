/*
 * The running image's HTTP(S) downloads: each GET gets a new altcp PCB on the ROM wiring's
 * network stack and writes its body into the download area, which holds a complete download
 * again only when a 2xx response was read whole (what copy and configure then take).
 */
#include "pixhttp.h"

#include <errno.h>
#include <string.h>

#include "lwip/altcp_tcp.h"

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

static int pixos_http_start(void *ctx, const struct os_http_get *g)
{
	struct pixos_http *ph = ctx;
	struct rom_net *rn = ph->rn;

	if (g->tls)
		return -EOPNOTSUPP;
	rn->load_valid = false; /* the area is being overwritten */
	rn->load_len = 0;
	return net_http_start(&ph->get, &rn->stack, altcp_tcp_new_ip_type(IPADDR_TYPE_V4),
			      g->server, g->port, g->req, g->req_len, rn->load_size,
			      PIXOS_HTTP_IDLE_MS, &ph->io);
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

/* pixos_http_init - the HTTP operations on @rn's stack and download area (rom_net_probe first). */
void pixos_http_init(struct pixos_http *ph, struct rom_net *rn)
{
	ph->rn = rn;
	ph->io = (struct net_http_io){ pixos_http_write, pixos_http_now_ms, ph };
	ph->ops = (struct os_http_ops){
		.start = pixos_http_start,
		.poll = pixos_http_poll,
		.bytes = pixos_http_bytes,
		.abort = pixos_http_abort,
		.result = pixos_http_result,
		.ctx = ph,
	};
}
