/*
 * The network stack's glue: lwIP initialised once, one netif bound to the
 * selected NIC, frames moved between the NIC and lwIP by polling.
 *
 * A NIC, once opened, stays open (QEMU's e1000 holds received frames back for
 * about a second each time receive is enabled); changing the interface closes
 * the old one. Changing the address or gateway only reconfigures the netif.
 */
#include "netstack.h"

#include <errno.h>
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "rx_copy.h"

#define NET_RX_BUDGET 64 /* frames handled per poll before timers get a turn */
#define NET_LINK_LOCAL_MASK 0xffff0000u /* 169.254.0.0/16 (RFC 3927): always on the link */
#define NET_LINK_LOCAL_NET 0xa9fe0000u

/* lwIP's output path: one frame from a pbuf chain to the NIC. */
static err_t net_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct net_stack *s = netif->state;
	uint8_t *buf = s->frame;

	if (!s->nic || p->tot_len > sizeof(s->frame)) {
		s->tx_dropped++;
		return ERR_IF;
	}
	if (p->next || p->len != p->tot_len)
		pbuf_copy_partial(p, buf, p->tot_len, 0);
	else
		buf = p->payload;
	if (s->nic->ops->transmit(s->nic, buf, p->tot_len)) {
		s->tx_dropped++;
		return ERR_IF;
	}
	s->tx_frames++;
	return ERR_OK;
}

static err_t net_netif_init(struct netif *netif)
{
	struct net_stack *s = netif->state;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->mtu = 1500;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, s->nic->mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	netif->output = etharp_output;
	netif->linkoutput = net_linkoutput;
	/* UDP checksums of received datagrams are checked as the frame is copied (net_stack_rx) */
	if (s->nic->ops->peek)
		NETIF_SET_CHECKSUM_CTRL(netif,
					NETIF_CHECKSUM_ENABLE_ALL & ~NETIF_CHECKSUM_CHECK_UDP);
	return ERR_OK;
}

/*
 * net_stack_init - initialise lwIP and an idle stack.
 * @s: the stack (its storage is the caller's); @clock: time for lwIP's timers.
 */
void net_stack_init(struct net_stack *s, const struct net_clock *clock)
{
	memset(s, 0, sizeof(*s));
	net_sys_set_clock(clock);
	lwip_init();
}

/* Puts host-order @a into an lwIP address. */
static void net_ip4(ip4_addr_t *out, uint32_t a)
{
	ip4_addr_set_u32(out, lwip_htonl(a));
}

/*
 * net_stack_up - bring the netif up on @nic with the given address, mask and
 * gateway (host order; gw 0 = none). Opens @nic the first time it is used.
 * Returns 0 or the NIC's negative error from open.
 */
int net_stack_up(struct net_stack *s, struct nic *nic, uint32_t addr, uint32_t mask, uint32_t gw)
{
	ip4_addr_t a, m, g;
	int err;

	net_ip4(&a, addr);
	net_ip4(&m, mask);
	net_ip4(&g, gw);
	if (s->nic != nic) {
		if (s->nic) {
			netif_remove(&s->netif);
			s->nic->ops->close(s->nic);
			s->nic->opened = false;
			s->nic = NULL;
		}
		if (!nic->opened) {
			err = nic->ops->open(nic);
			if (err)
				return err;
			nic->opened = true;
		}
		s->nic = nic;
		netif_add(&s->netif, &a, &m, &g, s, net_netif_init, ethernet_input);
		netif_set_default(&s->netif);
		netif_set_up(&s->netif);
		netif_set_link_up(&s->netif);
	} else if (addr != s->addr || mask != s->mask || gw != s->gw) {
		netif_set_addr(&s->netif, &a, &m, &g);
	}
	s->addr = addr;
	s->mask = mask;
	s->gw = gw;
	return 0;
}

/**
 * net_stack_release() - Takes the stack off its NIC and leaves the NIC open for another user (the
 * running image's failover link); the next net_stack_up() brings it up again anywhere.
 * @s: the stack
 */
void net_stack_release(struct net_stack *s)
{
	if (!s->nic)
		return;
	netif_remove(&s->netif);
	s->nic = NULL;
}

/*
 * Copies the next received frame from the NIC into a pool pbuf: lent by the NIC (peek), offered
 * to the fast receiver if one is set (*@taken when it took the frame), else copied with its UDP
 * checksum checked on the way (net_rx_copy); from a driver that does not lend frames, copied by
 * its poll. The pbuf is kept for the next call while none waits. Returns the frame (*@bad_csum
 * set when its UDP checksum does not hold), or NULL when none waits, the fast receiver took it,
 * or on a NIC error (counted).
 */
static struct pbuf *net_stack_rx(struct net_stack *s, bool *bad_csum, bool *taken)
{
	struct pbuf *p = s->spare;
	const struct nic_ops *ops = s->nic->ops;
	const void *frame;
	int len;

	*bad_csum = false;
	*taken = false;
	if (!p) {
		p = pbuf_alloc(PBUF_RAW, NIC_FRAME_MAX, PBUF_POOL);
		if (!p || p->len != p->tot_len) { /* no buffer, or a pool too small for a frame */
			if (p)
				pbuf_free(p);
			s->rx_dropped++;
			return NULL;
		}
		s->spare = p;
	}
	if (ops->peek) {
		len = ops->peek(s->nic, &frame);
		if (len > 0 && s->rx_fast && s->rx_fast(s->rx_fast_ctx, frame, (size_t)len)) {
			ops->release(s->nic);
			*taken = true;
			return NULL;
		}
		if (len > NIC_FRAME_MAX) {
			ops->release(s->nic);
			len = -E2BIG;
		} else if (len > 0) {
			*bad_csum = net_rx_copy(p->payload, frame, (size_t)len) == NET_RX_CSUM_BAD;
			ops->release(s->nic);
		}
	} else {
		len = ops->poll(s->nic, p->payload, NIC_FRAME_MAX);
	}
	if (len <= 0) {
		if (len < 0)
			s->rx_dropped++;
		return NULL;
	}
	s->spare = NULL;
	pbuf_realloc(p, (u16_t)len);
	return p;
}

/*
 * net_stack_poll - move up to NET_RX_BUDGET received frames into lwIP and run
 * its timers. A datagram whose UDP checksum does not hold is shown to the frame
 * hook and dropped, as lwIP would drop it. Call it often from every loop that
 * waits on the network.
 */
void net_stack_poll(struct net_stack *s)
{
	struct pbuf *p;
	bool bad_csum, taken;
	int i;

	for (i = 0; s->nic && i < NET_RX_BUDGET; i++) {
		p = net_stack_rx(s, &bad_csum, &taken);
		if (taken) {
			s->rx_frames++;
			continue;
		}
		if (!p)
			break;
		s->rx_frames++;
		if (s->rx_hook)
			s->rx_hook(s->rx_hook_ctx, p->payload, p->len);
		if (bad_csum || s->netif.input(p, &s->netif) != ERR_OK) {
			pbuf_free(p);
			s->rx_dropped++;
		}
	}
	sys_check_timeouts();
}

/**
 * net_stack_next_hop_mac() - The MAC address lwIP's output would send a datagram for @dst to:
 * @dst's own when it is on the interface's subnet or link-local, else the gateway's.
 * @s: the stack
 * @dst: the datagram's destination (host order)
 * @mac: where the address goes
 *
 * Return: false when the stack is down, or ARP has no settled entry for the next hop (only lwIP's
 * own output, which asks for one, can send there then).
 */
bool net_stack_next_hop_mac(struct net_stack *s, uint32_t dst, uint8_t mac[NIC_MAC_LEN])
{
	ip4_addr_t hop;
	struct eth_addr *eth;
	const ip4_addr_t *ip;
	bool direct = (dst & s->mask) == (s->addr & s->mask) ||
		      (dst & NET_LINK_LOCAL_MASK) == NET_LINK_LOCAL_NET;

	if (!s->nic)
		return false;
	net_ip4(&hop, direct ? dst : s->gw);
	if (etharp_find_addr(&s->netif, &hop, &eth, &ip) < 0)
		return false;
	memcpy(mac, eth->addr, NIC_MAC_LEN);
	return true;
}

/**
 * net_stack_send_frame() - Hands a complete Ethernet frame built outside lwIP (a fast path's
 * reply) to the NIC, counted with lwIP's own.
 * @s: the stack
 * @frame: the frame from the destination MAC on (the NIC pads it)
 * @len: its length, at most NIC_FRAME_MAX
 *
 * Return: 0, -ENETDOWN, or the NIC's error.
 */
int net_stack_send_frame(struct net_stack *s, const void *frame, size_t len)
{
	int err;

	if (!s->nic)
		return -ENETDOWN;
	err = s->nic->ops->transmit(s->nic, frame, len);
	if (err)
		s->tx_dropped++;
	else
		s->tx_frames++;
	return err;
}

/*
 * net_stack_set_rx_fast - offer every received frame to @fast first, where the NIC stored it
 * (NULL to stop); a frame it takes never reaches lwIP or the rx hook. Only drivers that lend
 * frames (nic_ops.peek) offer them.
 */
void net_stack_set_rx_fast(struct net_stack *s, net_rx_fast fast, void *ctx)
{
	s->rx_fast = fast;
	s->rx_fast_ctx = ctx;
}

/* net_stack_set_rx_hook - see every received frame (NULL to stop). */
void net_stack_set_rx_hook(struct net_stack *s, net_rx_hook hook, void *ctx)
{
	s->rx_hook = hook;
	s->rx_hook_ctx = ctx;
}
