/*
 * Raw Ethernet frames on one NIC beside the IP stack: failover's link (os/failover.c). The NIC is
 * opened once and stays open; the IP stack is taken off it first if it was there, so the two
 * never read the same receive ring.
 */
#include <errno.h>
#include <string.h>

#include "cpu.h"
#include "pixlink.h"

static struct nic *pixos_link_nic(struct pixos_link *pl, unsigned int iface)
{
	return iface < pl->rn->count ? pl->rn->nic[iface] : NULL;
}

static int pixos_link_open(void *ctx, unsigned int iface, uint8_t mac[6])
{
	struct pixos_link *pl = ctx;
	struct nic *n = pixos_link_nic(pl, iface);
	int err;

	if (!n)
		return -ENODEV;
	if (pl->rn->stack.nic == n)
		net_stack_release(&pl->rn->stack);
	if (!n->opened) {
		err = n->ops->open(n);
		if (err)
			return err;
		n->opened = true;
	}
	memcpy(mac, n->mac, NIC_MAC_LEN);
	return 0;
}

static int pixos_link_send(void *ctx, unsigned int iface, const uint8_t *frame, size_t len)
{
	struct nic *n = pixos_link_nic(ctx, iface);

	if (!n || !n->opened)
		return -ENETDOWN;
	return n->ops->transmit(n, frame, len);
}

static int pixos_link_recv(void *ctx, unsigned int iface, uint8_t *buf, size_t size)
{
	struct nic *n = pixos_link_nic(ctx, iface);

	if (!n || !n->opened)
		return -ENETDOWN;
	return n->ops->poll(n, buf, size);
}

static bool pixos_link_up(void *ctx, unsigned int iface)
{
	struct nic *n = pixos_link_nic(ctx, iface);

	return n && n->opened && n->ops->link_up(n);
}

/* RDRAND: the hardware's random source (no other is trusted for nonces and keys). */
static int pixos_link_random(void *ctx, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t v;
	size_t n;

	(void)ctx;
	if (!cpu_has_rdrand())
		return -ENODEV;
	while (len) {
		if (cpu_rdrand(&v))
			return -EIO;
		n = len < sizeof(v) ? len : sizeof(v);
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	v = 0;
	return 0;
}

/**
 * pixos_link_init() - Wires os_link_ops to the probed NICs.
 * @pl: the link
 * @rn: the NICs and the IP stack
 */
void pixos_link_init(struct pixos_link *pl, struct rom_net *rn)
{
	pl->rn = rn;
	pl->ops = (struct os_link_ops){
		.open = pixos_link_open,
		.send = pixos_link_send,
		.recv = pixos_link_recv,
		.link_up = pixos_link_up,
		.random = pixos_link_random,
		.ctx = pl,
	};
}
