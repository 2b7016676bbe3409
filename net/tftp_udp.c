/*
 * A TFTP download on lwIP's raw UDP API. The PCB is bound to a random local
 * port and not connected, so replies from the server's transfer port (TID)
 * reach it; the core (tftp.c) locks onto that port. Datagrams from another
 * address, or to another than ours (broadcast, multicast), are dropped here
 * (the frame hook, with trace on, has already shown them as 3 or 6).
 * With trace codes asked for, every received frame is shown to the Table 11-2
 * classifier first, so trace output covers what lwIP drops silently. Without
 * them, and with storage that can be written directly, the next DATA block is
 * taken from the NIC's buffer straight into the storage (net_tftp_fast).
 */
#include "tftp_udp.h"

#include <errno.h>
#include <string.h>

#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "tftp_fast.h"

/*
 * Sends the core's reply while a DATA frame is being taken from the NIC (net_tftp_fast): the frame
 * built here (tftp_fast_reply) and handed to the NIC, to the next hop lwIP's ARP table names.
 * Returns false when lwIP must send it instead: no settled ARP entry, or once a second, so that
 * lwIP's own output keeps using the entry and asks again before it ages out.
 */
static bool net_tftp_send_fast(struct net_tftp *t, uint16_t dst_port, const void *pkt, size_t len,
			       int *err)
{
	uint8_t frame[NET_TFTP_REPLY_MAX];
	struct tftp_fast_link l;
	uint64_t now = t->io->now_ms(t->io->ctx);
	size_t n;

	if (now >= t->lwip_reply_ms) {
		t->lwip_reply_ms = now + NET_TFTP_LWIP_REPLY_MS;
		return false;
	}
	if (!net_stack_next_hop_mac(t->stack, t->filter.server, l.to))
		return false;
	memcpy(l.from, t->stack->netif.hwaddr, sizeof(l.from));
	l.ttl = t->pcb->ttl;
	l.ip_id = t->ip_id++;
	n = tftp_fast_reply(frame, sizeof(frame), &t->filter, &l, dst_port, pkt, len);
	if (!n)
		return false;
	*err = net_stack_send_frame(t->stack, frame, n) ? -EIO : 0;
	return true;
}

static int net_tftp_send(void *ctx, uint16_t dst_port, const void *pkt, size_t len)
{
	struct net_tftp *t = ctx;
	struct pbuf *p;
	ip_addr_t to;
	err_t err;
	int fast_err;

	if (t->taking && net_tftp_send_fast(t, dst_port, pkt, len, &fast_err))
		return fast_err;
	p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		return -ENOMEM;
	memcpy(p->payload, pkt, len);
	ip_addr_set_ip4_u32(&to, lwip_htonl(t->filter.server));
	err = udp_sendto(t->pcb, p, &to, dst_port);
	pbuf_free(p);
	return err == ERR_OK ? 0 : -EIO;
}

static int net_tftp_write(void *ctx, uint64_t offset, const void *data, size_t len)
{
	struct net_tftp *t = ctx;

	return t->io->write(t->io->ctx, offset, data, len);
}

static uint64_t net_tftp_now_ms(void *ctx)
{
	struct net_tftp *t = ctx;

	return t->io->now_ms(t->io->ctx);
}

static void net_tftp_trace(void *ctx, int code)
{
	struct net_tftp *t = ctx;

	t->io->trace(t->io->ctx, code, 0);
}

/* Every received frame, before lwIP: report what Table 11-2 has a code for. */
static void net_tftp_frame_hook(void *ctx, const uint8_t *frame, size_t len)
{
	struct net_tftp *t = ctx;
	uint16_t proto = 0;
	enum tftp_frame_kind k = tftp_frame_classify(&t->filter, frame, len, &proto);

	if (k == TFTP_FRAME_ARP)
		t->io->trace(t->io->ctx, NET_TFTP_TRACE_ARP, 0);
	else if (k == TFTP_FRAME_NON_IP)
		t->io->trace(t->io->ctx, NET_TFTP_TRACE_PROTO, proto);
	else if (k != TFTP_FRAME_OTHER)
		t->io->trace(t->io->ctx, (int)k, 0);
}

/*
 * Every received frame where the NIC stored it, when trace codes are off: the next DATA block,
 * plainly ours, goes straight into the storage (tftp_fast.c) and is taken; anything else, and a
 * block whose UDP checksum fails (which lwIP then drops, as it always did), goes through lwIP.
 */
static bool net_tftp_fast(void *ctx, const uint8_t *frame, size_t len)
{
	struct net_tftp *t = ctx;
	struct tftp_fast_data d;
	uint64_t offset;
	void *dst = NULL;

	if (!tftp_fast_parse(&t->filter, frame, len, &d) ||
	    !tftp_next_block(&t->xfer, d.sport, d.block, d.n, &offset))
		return false;
	if (d.n) {
		dst = t->io->map(t->io->ctx, offset, d.n);
		if (!dst)
			return false;
	}
	if (!tftp_fast_copy(dst, frame, &d))
		return false;
	t->taking = true; /* the ACK the core sends now goes out the fast way too */
	tftp_block_stored(&t->xfer, d.n);
	t->taking = false;
	return true;
}

/* The PCB's receive callback: one datagram for our port. */
static void net_tftp_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
			  u16_t port)
{
	struct net_tftp *t = arg;
	const void *data = p->payload;

	(void)pcb;
	/*
	 * From the server, and to our own address: lwIP also hands a PCB bound to
	 * any address the broadcasts and multicasts for its port (traced as 6).
	 */
	if (ip4_addr_get_u32(ip_2_ip4(addr)) == lwip_htonl(t->filter.server) &&
	    ip4_addr_get_u32(ip4_current_dest_addr()) == lwip_htonl(t->filter.addr)) {
		if (p->len != p->tot_len) {
			data = t->bounce;
			if (p->tot_len > sizeof(t->bounce))
				data = NULL; /* larger than any block we asked for */
			else
				pbuf_copy_partial(p, t->bounce, p->tot_len, 0);
		}
		if (data)
			tftp_input(&t->xfer, port, data, p->tot_len);
	}
	pbuf_free(p);
}

/**
 * net_tftp_start - start fetching @p->file from @server (host order) on stack @s.
 * @t: the download's storage (the caller's; must stay put until net_tftp_end)
 * @s: a stack that is up
 * @server: the server's address
 * @p: what to fetch and how (see struct tftp_params)
 * @io: storage, clock and trace for this download
 * @frame_codes: also classify every received frame for the codes of Table
 *	11-2 that lwIP drops silently (costs a checksum per frame: for `trace`)
 *
 * Return: 0, -ENOMEM when lwIP has no UDP PCB, or the core's error for @p.
 */
int net_tftp_start(struct net_tftp *t, struct net_stack *s, uint32_t server,
		   const struct tftp_params *p, const struct net_tftp_io *io, bool frame_codes)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->io = io;
	t->stack = s;
	t->pcb = udp_new();
	if (!t->pcb)
		return -ENOMEM;
	if (udp_bind(t->pcb, IP4_ADDR_ANY, 0) != ERR_OK) {
		err = -EIO;
		goto err_bind;
	}
	udp_recv(t->pcb, net_tftp_recv, t);
	t->filter = (struct tftp_frame_filter){ s->addr, server, t->pcb->local_port };
	t->ops =
		(struct tftp_ops){ net_tftp_send, net_tftp_write, net_tftp_now_ms, net_tftp_trace };
	if (frame_codes)
		net_stack_set_rx_hook(s, net_tftp_frame_hook, t);
	else if (io->map)
		net_stack_set_rx_fast(s, net_tftp_fast, t);
	err = tftp_start(&t->xfer, p, &t->ops, t);
	if (err)
		goto err_start;
	return 0;

err_start:
	net_stack_set_rx_hook(s, NULL, NULL);
	net_stack_set_rx_fast(s, NULL, NULL);
err_bind:
	udp_remove(t->pcb);
	t->pcb = NULL;
	return err;
}

/* net_tftp_poll - let the network and the transfer run once; returns the transfer's state. */
enum tftp_state net_tftp_poll(struct net_tftp *t)
{
	net_stack_poll(t->stack);
	tftp_poll(&t->xfer);
	return tftp_state(&t->xfer);
}

/* net_tftp_abort - stop at the user's request (the server is told). */
void net_tftp_abort(struct net_tftp *t)
{
	tftp_abort(&t->xfer);
}

/* net_tftp_end - release the PCB and the frame hook; the results stay readable in t->xfer. */
void net_tftp_end(struct net_tftp *t)
{
	net_stack_set_rx_hook(t->stack, NULL, NULL);
	net_stack_set_rx_fast(t->stack, NULL, NULL);
	if (t->pcb)
		udp_remove(t->pcb);
	t->pcb = NULL;
}
