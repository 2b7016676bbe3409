/* A TFTP download on lwIP's raw UDP API: the protocol core (tftp.c) wired to a UDP PCB. */
#ifndef NET_TFTP_UDP_H
#define NET_TFTP_UDP_H

#include <stdbool.h>
#include <stdint.h>

#include "netstack.h"
#include "tftp.h"
#include "tftp_frame.h"

/* What the download needs from its user: storage, time, and where trace codes go. */
struct net_tftp_io {
	int (*write)(void *ctx, uint64_t offset, const void *data, size_t len);
	/*
	 * optional (may be NULL): where @len bytes at @offset of the file may be written directly,
	 * or NULL; bytes written there count only once the core has taken the block (tftp_fast.c)
	 */
	void *(*map)(void *ctx, uint64_t offset, size_t len);
	uint64_t (*now_ms)(void *ctx);
	/* a Table 11-2 code (enum tftp_code or enum tftp_frame_kind), 'A', TFTP_TRACE_DOT,
	 * TFTP_TRACE_TIMEOUT, or NET_TFTP_TRACE_PROTO with the EtherType in @arg */
	void (*trace)(void *ctx, int code, unsigned int arg);
	void *ctx;
};

#define NET_TFTP_TRACE_ARP 'A'
#define NET_TFTP_REPLY_MAX 128 /* longest frame the fast path builds; longer replies take lwIP */
#define NET_TFTP_LWIP_REPLY_MS 1000 /* one reply a second through lwIP (its ARP refresh) */
#define NET_TFTP_TRACE_PROTO 0x102

/* One download: the core's transfer, its UDP PCB, and the frame filter for trace codes. */
struct net_tftp {
	struct tftp_xfer xfer;
	struct tftp_ops ops;
	const struct net_tftp_io *io;
	struct net_stack *stack;
	struct udp_pcb *pcb;
	struct tftp_frame_filter filter;
	uint8_t bounce[TFTP_BLKSIZE_ETH + 4]; /* a DATA packet that arrived in a pbuf chain */
	bool taking; /* a DATA block is being taken from the NIC (the fast path) */
	uint16_t ip_id; /* of the replies the fast path builds */
	uint64_t lwip_reply_ms; /* from then on, the next reply goes through lwIP */
};

int net_tftp_start(struct net_tftp *t, struct net_stack *s, uint32_t server,
		   const struct tftp_params *p, const struct net_tftp_io *io, bool frame_codes);
enum tftp_state net_tftp_poll(struct net_tftp *t);
void net_tftp_abort(struct net_tftp *t);
void net_tftp_end(struct net_tftp *t);

#endif /* NET_TFTP_UDP_H */
