/* An HTTP GET over lwIP's altcp (TCP, or TLS layered on it): the request out, the response through
 * the parser of http.c, the body into the caller's storage. */
#ifndef NET_HTTP_TCP_H
#define NET_HTTP_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"

struct altcp_pcb;
struct net_stack;

/* What the download needs from its user: storage for the body and the time. */
struct net_http_io {
	/* stores @len body bytes at @offset of the file (the parser checked the limit); 0 or -errno */
	int (*write)(void *ctx, uint64_t offset, const void *data, size_t len);
	uint64_t (*now_ms)(void *ctx);
	/*
	 * TLS only (NULL for plain TCP): the verdict on the server once the handshake is done, before
	 * the request goes out (0, or a negative errno with @why); and why a handshake failed.
	 */
	int (*verify)(void *ctx, struct altcp_pcb *pcb, const char **why);
	const char *(*failure)(void *ctx, struct altcp_pcb *pcb);
	void *ctx;
};

enum net_http_state {
	NET_HTTP_IDLE,
	NET_HTTP_CONNECTING, /* SYN sent (and, with TLS, the handshake under way) */
	NET_HTTP_RECEIVING, /* request sent, the response coming */
	NET_HTTP_DONE, /* ended: err says how */
};

/* The request's longest form: the request line, Host, Authorization and the fixed headers. */
#define NET_HTTP_REQ_MAX 1024

/* One exchange: its connection, the parser, and how it ended. */
struct net_http {
	struct net_stack *stack;
	struct altcp_pcb *pcb; /* NULL once closed or freed by lwIP */
	const struct net_http_io *io;
	struct http_resp resp;
	enum net_http_state state;
	bool connected; /* the connection was made (a timeout before it: nobody answered) */
	int err; /* 0: the response was read whole; else a negative errno */
	const char *why; /* the reason in words when err is set ("" when errno says it) */
	uint64_t body; /* body bytes stored */
	uint64_t last_ms; /* the last time anything arrived or left */
	uint32_t idle_ms; /* how long nothing may happen before the exchange fails */
	size_t req_len;
	char req[NET_HTTP_REQ_MAX];
};

int net_http_start(struct net_http *h, struct net_stack *s, struct altcp_pcb *pcb, uint32_t server,
		   uint16_t port, const char *req, size_t req_len, uint64_t limit, uint32_t idle_ms,
		   const struct net_http_io *io);
bool net_http_poll(struct net_http *h);
void net_http_abort(struct net_http *h);
void net_http_end(struct net_http *h);

#endif /* NET_HTTP_TCP_H */
