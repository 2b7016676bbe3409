/*
 * An HTTP GET over lwIP's altcp. The caller makes the connection's PCB (plain TCP, or TLS layered
 * on TCP) and the whole request; this file connects, sends the request once connected, feeds every
 * received byte to the response parser (http.c), which hands the body to the caller's storage, and
 * ends the exchange:
 *   IDLE -> CONNECTING -(connected: request written)-> RECEIVING -(response complete, or the
 *   server closed and the parser says the response was whole)-> DONE, err 0
 * and from any state to DONE with err set on: a refused or reset connection, a response the parser
 * rejects (err and why are the parser's), a storage error, nothing received or sent for idle_ms
 * (-ETIMEDOUT), or the user's abort (-ECANCELED); with TLS, a failed handshake (-ECONNABORTED
 * with the reason) or a server the caller's verify() refuses once the handshake is done. Once DONE the connection is closed or aborted
 * and no byte more is stored. The request asks for "Connection: close", so a complete response
 * ends the exchange: bytes that follow it are the parser's to refuse.
 */
#include "http_tcp.h"

#include <errno.h>
#include <string.h>

#include "lwip/altcp.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "mbedtls/platform_util.h"
#include "netstack.h"

/* Clears @len bytes at @p in a way the compiler keeps (a password must not stay in memory). */
static void net_http_wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;

	while (len--)
		*v++ = 0;
}

/*
 * Gives a received chain back to lwIP. Over TLS (h->io->verify set) its buffers hold decrypted
 * plaintext, which would stay in lwIP's pool until the buffers are used again: cleared first.
 */
static void net_http_free(const struct net_http *h, struct pbuf *p)
{
	struct pbuf *q;

	if (h && h->io->verify)
		for (q = p; q; q = q->next)
			mbedtls_platform_zeroize(q->payload, q->len);
	pbuf_free(p);
}

/*
 * Ends the exchange with @err (0: success) and @why; closes the connection, or aborts it (on an
 * error, or when lwIP has no memory to close). Returns true when it aborted: a callback of lwIP's
 * must then return ERR_ABRT.
 */
static bool net_http_finish(struct net_http *h, int err, const char *why)
{
	struct altcp_pcb *pcb = h->pcb;

	if (h->state == NET_HTTP_DONE)
		return false;
	h->state = NET_HTTP_DONE;
	h->err = err;
	h->why = why ? why : "";
	h->pcb = NULL;
	net_http_wipe(h->req, sizeof(h->req)); /* it may carry a password */
	h->req_len = 0;
	/* the parser's last header or chunk line (over TLS, plaintext); its results stay */
	mbedtls_platform_zeroize(h->resp.line, sizeof(h->resp.line));
	if (!pcb)
		return false;
	altcp_arg(pcb, NULL);
	altcp_recv(pcb, NULL);
	altcp_err(pcb, NULL);
	if (!err && altcp_close(pcb) == ERR_OK)
		return false;
	altcp_abort(pcb);
	return true;
}

/* The parser's sink: body bytes, in order, into the caller's storage. */
static int net_http_sink(void *ctx, const uint8_t *data, size_t len)
{
	struct net_http *h = ctx;
	int err = h->io->write(h->io->ctx, h->body, data, len);

	if (err)
		return err;
	h->body += len;
	return 0;
}

/* Feeds one received buffer chain to the parser; 1 complete, 0 more wanted, <0 error. */
static int net_http_feed(struct net_http *h, const struct pbuf *p)
{
	int r = 0;

	for (; p && r == 0; p = p->next)
		r = http_resp_feed(&h->resp, p->payload, p->len);
	return r;
}

static err_t net_http_recv(void *arg, struct altcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct net_http *h = arg;
	int r;

	if (!h || h->state != NET_HTTP_RECEIVING) {
		if (p)
			net_http_free(h, p);
		return ERR_OK;
	}
	h->last_ms = h->io->now_ms(h->io->ctx);
	if (p) {
		r = err == ERR_OK ? net_http_feed(h, p) : -EIO;
		altcp_recved(pcb, p->tot_len);
		net_http_free(h, p);
		if (r == 0)
			return ERR_OK;
	} else if (h->io->verify && h->resp.state == HTTP_RESP_BODY_CLOSE) {
		/*
		 * TLS: lwIP's TLS layer reports the close the same way whether close_notify came or
		 * not, so a body that only the close ends cannot be told from a cut one (a truncated
		 * configuration would apply): refused, whatever arrived.
		 */
		return net_http_finish(h, -EPIPE,
				       "the body had no length and ended with the connection; over "
				       "https a cut connection looks the same, so it is refused "
				       "(the server must send Content-Length or chunked)") ?
			       ERR_ABRT :
			       ERR_OK;
	} else { /* the server closed its side */
		r = http_resp_eof(&h->resp);
	}
	return net_http_finish(h, r == 1 ? 0 : r, r == 1 ? NULL : http_resp_error(&h->resp)) ?
		       ERR_ABRT :
		       ERR_OK;
}

/* lwIP has freed the PCB: a reset, a refused connection, or lwIP's own give-up. */
static void net_http_err(void *arg, err_t err)
{
	struct net_http *h = arg;
	const char *why;

	if (!h)
		return;
	if (err == ERR_CLSD && h->state == NET_HTTP_CONNECTING && h->io->failure) {
		/* lwIP's TLS layer ends a failed handshake so; its session still tells why */
		why = h->io->failure(h->io->ctx, h->pcb);
		h->pcb = NULL;
		net_http_finish(h, -ECONNABORTED, why);
		return;
	}
	h->pcb = NULL;
	if (err == ERR_RST)
		net_http_finish(h, h->state == NET_HTTP_CONNECTING ? -ECONNREFUSED : -ECONNRESET,
				NULL);
	else
		net_http_finish(h, -ECONNABORTED, NULL);
}

static err_t net_http_connected(void *arg, struct altcp_pcb *pcb, err_t err)
{
	struct net_http *h = arg;
	const char *why = NULL;

	if (!h || h->state != NET_HTTP_CONNECTING)
		return ERR_OK;
	h->last_ms = h->io->now_ms(h->io->ctx);
	if (err != ERR_OK)
		return net_http_finish(h, -ECONNREFUSED, NULL) ? ERR_ABRT : ERR_OK;
	h->connected = true;
	if (h->io->verify) { /* TLS: the handshake is done; nothing is sent to a refused server */
		int verr = h->io->verify(h->io->ctx, pcb, &why);

		if (verr)
			return net_http_finish(h, verr, why) ? ERR_ABRT : ERR_OK;
	}
	if (altcp_write(pcb, h->req, (u16_t)h->req_len, TCP_WRITE_FLAG_COPY) != ERR_OK ||
	    altcp_output(pcb) != ERR_OK)
		return net_http_finish(h, -EIO, "the request could not be sent") ? ERR_ABRT :
										   ERR_OK;
	h->state = NET_HTTP_RECEIVING;
	return ERR_OK;
}

/**
 * net_http_start() - Connects @pcb to @server:@port and, once connected, sends @req.
 * @h: the exchange (its own memory: it holds the request and the parser)
 * @s: the network stack the connection runs on (polled by net_http_poll())
 * @pcb: a new altcp PCB (TCP, or TLS over TCP); the exchange owns it from here, even on failure
 * @server: the server's address, host order
 * @port: its TCP port
 * @req: the whole request (http_request_build())
 * @req_len: its length, at most NET_HTTP_REQ_MAX
 * @limit: the largest body the storage takes
 * @idle_ms: how long nothing may arrive before the exchange fails
 * @io: storage and clock
 *
 * Return: 0 (the exchange runs: poll it), or a negative errno (h->err holds it too).
 */
int net_http_start(struct net_http *h, struct net_stack *s, struct altcp_pcb *pcb, uint32_t server,
		   uint16_t port, const char *req, size_t req_len, uint64_t limit, uint32_t idle_ms,
		   const struct net_http_io *io)
{
	ip_addr_t to;

	memset(h, 0, sizeof(*h));
	h->stack = s;
	h->io = io;
	h->idle_ms = idle_ms;
	h->state = NET_HTTP_CONNECTING;
	h->pcb = pcb;
	http_resp_init(&h->resp, net_http_sink, h, limit);
	if (!pcb) {
		net_http_finish(h, -ENOMEM, "no memory for a connection");
		return h->err;
	}
	if (req_len > sizeof(h->req)) {
		net_http_finish(h, -E2BIG, "the request is too long");
		return h->err;
	}
	memcpy(h->req, req, req_len);
	h->req_len = req_len;
	h->last_ms = io->now_ms(io->ctx);
	altcp_arg(pcb, h);
	altcp_recv(pcb, net_http_recv);
	altcp_err(pcb, net_http_err);
	ip_addr_set_ip4_u32(&to, lwip_htonl(server));
	if (altcp_connect(pcb, &to, port, net_http_connected) != ERR_OK) {
		net_http_finish(h, -ENOMEM, "the connection could not be opened");
		return h->err;
	}
	return 0;
}

/**
 * net_http_poll() - Lets the network and the exchange run once.
 * @h: the exchange
 *
 * Return: true once it has ended (h->err says how).
 */
bool net_http_poll(struct net_http *h)
{
	if (h->state == NET_HTTP_DONE)
		return true;
	net_stack_poll(h->stack);
	if (h->state != NET_HTTP_DONE && h->io->now_ms(h->io->ctx) - h->last_ms > h->idle_ms)
		net_http_finish(h, -ETIMEDOUT, NULL);
	return h->state == NET_HTTP_DONE;
}

/* net_http_abort - stop at the user's request: the connection is reset, nothing more stored. */
void net_http_abort(struct net_http *h)
{
	net_http_finish(h, -ECANCELED, NULL);
}

/* net_http_end - release the connection if it is still open; the results stay readable in @h. */
void net_http_end(struct net_http *h)
{
	if (h->state != NET_HTTP_DONE)
		net_http_finish(h, -ECANCELED, NULL);
}
