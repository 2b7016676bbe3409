/* The firmware's network stack: lwIP (NO_SYS) with one netif over one polled NIC. */
#ifndef NET_NETSTACK_H
#define NET_NETSTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lwip/netif.h"
#include "nic.h"

struct pbuf;

/* Where the stack's time comes from. */
struct net_clock {
	uint64_t (*now_ms)(void *ctx);
	void *ctx;
};

/* Seen for every received frame before lwIP gets it (trace output, TFTP's checks). */
typedef void (*net_rx_hook)(void *ctx, const uint8_t *frame, size_t len);

/*
 * Offered every received frame where the NIC stored it, before it is copied for lwIP: true when
 * it took the frame (lwIP never sees it), false to let it go the ordinary way.
 */
typedef bool (*net_rx_fast)(void *ctx, const uint8_t *frame, size_t len);

/* The stack's one interface: which NIC, its lwIP netif, and the receive path. */
struct net_stack {
	struct netif netif;
	struct nic *nic; /* NULL while down */
	uint32_t addr, mask, gw; /* host order, as configured */
	net_rx_hook rx_hook;
	void *rx_hook_ctx;
	net_rx_fast rx_fast;
	void *rx_fast_ctx;
	uint32_t rx_frames, rx_dropped, tx_frames, tx_dropped;
	struct pbuf *spare; /* the pool buffer the next received frame goes into */
	uint8_t frame[NIC_FRAME_MAX]; /* a chained outgoing packet, gathered for the NIC */
};

void net_stack_init(struct net_stack *s, const struct net_clock *clock);
int net_stack_up(struct net_stack *s, struct nic *nic, uint32_t addr, uint32_t mask, uint32_t gw);
void net_stack_poll(struct net_stack *s);
void net_stack_release(struct net_stack *s);
void net_stack_set_rx_hook(struct net_stack *s, net_rx_hook hook, void *ctx);
void net_stack_set_rx_fast(struct net_stack *s, net_rx_fast fast, void *ctx);
bool net_stack_next_hop_mac(struct net_stack *s, uint32_t dst, uint8_t mac[NIC_MAC_LEN]);
int net_stack_send_frame(struct net_stack *s, const void *frame, size_t len);

void net_sys_set_clock(const struct net_clock *c);
void net_sys_set_panic(void (*panic)(const char *msg, const char *file, int line));
void net_sys_set_random(int (*random)(void *ctx, void *buf, size_t len), void *ctx);

#endif /* NET_NETSTACK_H */
