/*
 * ROM network wiring: which driver takes which PCI function, the lwIP stack
 * they feed, and the mon_net operations the monitor's ping and tftp use.
 * NICs are listed before the countdown (PCI facts only). The monitor's
 * interface is probed and opened during the countdown, a bounded step each
 * time the countdown looks for a key (rom_net_early_step); the other NICs are
 * probed - reset, MAC read - when the monitor starts. So probing never delays
 * the countdown line, and a key is seen within a step.
 */
#include "romnet.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PCI_VENDOR_INTEL 0x8086
/*
 * RFC 7440 window asked of the server: blocks per ACK. Half the smaller
 * receive ring (32 descriptors), so a whole window fits even with the NIC's
 * frames not yet taken; servers that ignore the option send one block per ACK.
 */
#define ROM_TFTP_WINDOW 16

/* Intel NIC device IDs and the family name the PIX lists them under. */
static const struct {
	uint16_t device;
	const char *family;
} rom_nic_ids[] = {
	{ 0x1229, "i8255X" }, /* 82557/82558/82559 (QEMU i82557*, i82558*, i82559[abc]) */
	{ 0x1209, "i8255X" }, /* 82559ER */
	{ 0x2449, "i8255X" }, /* 82801 ICH integrated 8255x */
	{ 0x100e, "i8254X" }, /* 82540EM (QEMU e1000) */
	{ 0x100c, "i8254X" }, /* 82544GC */
	{ 0x100f, "i8254X" }, /* 82545EM */
};

/*
 * rom_net_stop - stop every NIC the monitor opened (receive and transmit off, queued frames
 * sent or abandoned within the driver's bound), so none writes to memory once an image runs.
 * @rn: the probed NICs
 */
void rom_net_stop(struct rom_net *rn)
{
	unsigned int i;

	for (i = 0; i < rn->count; i++)
		if (rn->nic[i] && rn->nic[i]->opened)
			rn->nic[i]->ops->close(rn->nic[i]);
}

/*
 * rom_net_open_early - start interface @iface's NIC (receive and transmit on) without waiting
 * for anything, when the monitor starts: QEMU's e1000 holds received frames back for about a
 * second after receive is enabled, and a real PHY takes seconds to negotiate, which the first
 * ping or tftp would otherwise wait out. A failure is left for that command to report.
 * @rn: the probed NICs
 * @iface: the monitor's interface
 */
void rom_net_open_early(struct rom_net *rn, unsigned int iface)
{
	struct nic *n = iface < rn->count ? rn->nic[iface] : NULL;

	if (n && !n->opened && !n->ops->open(n))
		n->opened = true;
}

/* rom_net_family - the PIX family name of a PCI function, or NULL when it is not a NIC we list. */
const char *rom_net_family(const struct pci_dev *d)
{
	size_t i;

	if (d->vendor != PCI_VENDOR_INTEL || (d->class_rev >> 16) != PCI_CLASS_NETWORK_ETHERNET)
		return NULL;
	for (i = 0; i < sizeof(rom_nic_ids) / sizeof(rom_nic_ids[0]); i++)
		if (rom_nic_ids[i].device == d->device)
			return rom_nic_ids[i].family;
	return NULL;
}

/*
 * rom_net_model - the chip name the PIX prints for a NIC in the list (rom_net_family), as the
 * ROM's driver for it names it ("i82558", "i82540EM"), for NICs another driver runs.
 */
const char *rom_net_model(const struct pci_dev *d)
{
	const char *name = e1000_model_name(d->vendor, d->device);

	if (name)
		return name;
	if (i8255x_supports(d->vendor, d->device))
		return i8255x_model(d->device, (uint8_t)d->class_rev /* revision */);
	return "";
}

/* rom_net_add - remember NIC number rn->count (its driver is probed later). */
void rom_net_add(struct rom_net *rn, const struct pci_dev *d)
{
	if (rn->count < ROM_NIC_MAX)
		rn->pci[rn->count++] = d;
}

/*
 * rom_net_add_nic - remember NIC number rn->count at PCI function @d, run by a driver that is
 * already probed (@n: the UEFI firmware's SNP); rom_net_probe takes it as it is.
 */
void rom_net_add_nic(struct rom_net *rn, const struct pci_dev *d, struct nic *n)
{
	if (rn->count < ROM_NIC_MAX) {
		rn->nic[rn->count] = n;
		rn->pci[rn->count++] = d;
	}
}

/* Starts the probe of NIC @i by the driver that supports it: 0, or a negative errno (-ENODEV: none). */
static int rom_net_probe_start(struct rom_net *rn, unsigned int i)
{
	const struct pci_dev *d = rn->pci[i];
	union rom_nicdev *dev = &rn->dev[i];

	if (e1000_supports(d->vendor, d->device))
		return e1000_probe_start(&dev->e1000, d, rn->clock);
	if (i8255x_supports(d->vendor, d->device))
		return i8255x_probe_start(&dev->i8255x, d, rn->clock);
	return -ENODEV;
}

/* Goes on with NIC @i's probe: 0 with rn->nic[i] set, -EAGAIN (not done yet) or a negative errno. */
static int rom_net_probe_poll(struct rom_net *rn, unsigned int i)
{
	const struct pci_dev *d = rn->pci[i];
	union rom_nicdev *dev = &rn->dev[i];
	int err;

	if (e1000_supports(d->vendor, d->device))
		err = e1000_probe_poll(&dev->e1000);
	else
		err = i8255x_probe_poll(&dev->i8255x);
	if (!err)
		rn->nic[i] = &dev->nic;
	return err;
}

/* Gives NIC @i to the driver that supports it, unless that is done; returns its struct nic or NULL. */
static struct nic *rom_net_probe_one(struct rom_net *rn, unsigned int i)
{
	bool under_way = rn->early == ROM_NET_EARLY_PROBING && rn->early_iface == i;
	int err;

	if (rn->nic[i])
		return rn->nic[i];
	if (under_way)
		rn->early = ROM_NET_EARLY_DONE; /* finished here, not opened here */
	else if (rom_net_probe_start(rn, i))
		return NULL;
	while ((err = rom_net_probe_poll(rn, i)) == -EAGAIN) /* bounded: each driver's delays */
		;
	return err ? NULL : rn->nic[i];
}

/*
 * rom_net_early_step - one step, bounded to about a millisecond, of bringing interface @iface
 * up at power-on: the first call starts its NIC's probe (reset), later calls go on with it
 * (the e1000's reset delay, the i8255x's EEPROM a few words at a time) and open the NIC once it
 * is probed; after that, or after a failure (left for the monitor to probe again and report),
 * it does nothing. Called while the countdown waits for a key, so QEMU's 1 s e1000 receive hold
 * and a real PHY's negotiation run during the countdown, while a key is still seen within a step.
 * The hand-over to an image stops the NIC again (rom_net_stop).
 * @rn: the listed NICs (rom_net_add)
 * @clock: a calibrated clock, for the drivers' waits
 * @iface: the interface the monitor will use
 */
void rom_net_early_step(struct rom_net *rn, const struct clock *clock, unsigned int iface)
{
	int err;

	switch (rn->early) {
	case ROM_NET_EARLY_IDLE:
		rn->early = ROM_NET_EARLY_DONE;
		if (iface >= rn->count)
			return;
		rn->clock = clock;
		rn->early_iface = iface;
		if (!rom_net_probe_start(rn, iface))
			rn->early = ROM_NET_EARLY_PROBING;
		return;
	case ROM_NET_EARLY_PROBING:
		err = rom_net_probe_poll(rn, rn->early_iface);
		if (err == -EAGAIN)
			return;
		rn->early = ROM_NET_EARLY_DONE;
		if (!err)
			rom_net_open_early(rn, rn->early_iface);
		return;
	case ROM_NET_EARLY_DONE:
		return;
	}
}

static int rom_net_up(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct rom_net *rn = ctx;

	if (iface >= rn->count || !rn->nic[iface])
		return -ENODEV;
	return net_stack_up(&rn->stack, rn->nic[iface], addr, mask, gw);
}

static void rom_net_poll(void *ctx)
{
	struct rom_net *rn = ctx;

	net_stack_poll(&rn->stack);
}

static int rom_net_echo_open(void *ctx, uint32_t dst, uint16_t id)
{
	struct rom_net *rn = ctx;

	return net_ping_open(&rn->ping, dst, id);
}

static int rom_net_echo_send(void *ctx, uint16_t seq, size_t ip_len)
{
	struct rom_net *rn = ctx;

	return net_ping_send(&rn->ping, seq, ip_len);
}

static bool rom_net_echo_replied(void *ctx)
{
	struct rom_net *rn = ctx;

	return rn->ping.replied;
}

static void rom_net_echo_close(void *ctx)
{
	struct rom_net *rn = ctx;

	net_ping_close(&rn->ping);
}

static uint64_t rom_net_now_ms(void *ctx)
{
	return clock_ms(ctx);
}

_Static_assert(MON_TFTP_DOT == TFTP_TRACE_DOT && MON_TFTP_TIMEOUT == TFTP_TRACE_TIMEOUT &&
		       MON_TFTP_PROTO == NET_TFTP_TRACE_PROTO && MON_TFTP_ARP == NET_TFTP_TRACE_ARP,
	       "the monitor's trace events are the network's");
_Static_assert(MON_TFTP_CODE_NOFILE == TFTP_CODE_NOFILE &&
		       MON_TFTP_CODE_TIMEOUT == TFTP_CODE_TIMEOUT &&
		       MON_TFTP_CODE_OPCODE == TFTP_CODE_OPCODE &&
		       MON_TFTP_CODE_XFER == TFTP_CODE_XFER,
	       "the monitor's Table 11-2 codes are the network's");

/* Stores a downloaded block in the download area (the core has checked it fits max_size). */
static int rom_net_store(void *ctx, uint64_t offset, const void *data, size_t len)
{
	struct rom_net *rn = ctx;

	if (offset + len > rn->load_size)
		return -E2BIG;
	memcpy(rn->load + offset, data, len);
	return 0;
}

/* Where a block may be written directly: the download area itself (NULL past its end). */
static void *rom_net_map(void *ctx, uint64_t offset, size_t len)
{
	struct rom_net *rn = ctx;

	if (offset > rn->load_size || len > rn->load_size - offset)
		return NULL;
	return rn->load + offset;
}

static uint64_t rom_net_tftp_now_ms(void *ctx)
{
	struct rom_net *rn = ctx;

	return clock_ms(rn->clock);
}

static void rom_net_tftp_trace(void *ctx, int code, unsigned int arg)
{
	struct rom_net *rn = ctx;

	rn->tftp_trace(rn->tftp_trace_ctx, code, arg);
}

static int rom_net_tftp_start(void *ctx, uint32_t server, const char *file, unsigned int timeout_s,
			      bool codes, void (*trace)(void *tctx, int code, unsigned int arg),
			      void *tctx)
{
	struct rom_net *rn = ctx;
	struct tftp_params p = {
		.file = file,
		.timeout_s = (uint16_t)timeout_s,
		.windowsize = ROM_TFTP_WINDOW,
		.max_size = rn->load_size,
	};

	rn->tftp_trace = trace;
	rn->tftp_trace_ctx = tctx;
	rn->load_valid = false; /* the area is being overwritten */
	rn->load_len = 0;
	rn->tftp_io = (struct net_tftp_io){ rom_net_store, rom_net_map, rom_net_tftp_now_ms,
					    rom_net_tftp_trace, rn };
	return net_tftp_start(&rn->tftp, &rn->stack, server, &p, &rn->tftp_io, codes);
}

static int rom_net_tftp_poll(void *ctx)
{
	struct rom_net *rn = ctx;

	return net_tftp_poll(&rn->tftp) != TFTP_RUNNING;
}

static void rom_net_tftp_abort(void *ctx)
{
	struct rom_net *rn = ctx;

	net_tftp_abort(&rn->tftp);
}

static void rom_net_tftp_result(void *ctx, struct mon_tftp_result *r)
{
	struct rom_net *rn = ctx;
	const struct tftp_xfer *x = &rn->tftp.xfer;
	uint64_t size = 0;

	net_tftp_end(&rn->tftp);
	tftp_tsize(x, &size);
	*r = (struct mon_tftp_result){
		.bytes = tftp_bytes(x),
		.size = size,
		.limit = rn->load_size,
		.err = tftp_error(x),
		.code = tftp_code(x),
		.message = tftp_server_msg(x),
	};
	rn->load_valid = !r->err;
	rn->load_len = r->err ? 0 : r->bytes;
}

static int rom_net_download(void *ctx, const uint8_t **data, uint64_t *len)
{
	struct rom_net *rn = ctx;

	if (!rn->load_valid)
		return -ENOENT;
	*data = rn->load;
	*len = rn->load_len;
	return 0;
}

/*
 * rom_net_probe - probe every listed NIC's driver (a NIC that rom_net_early_step probed, or
 * began to, is finished, not probed again: it may be open), fill in the monitor's model and MAC
 * for each, and start the network stack. @nics has rn->count entries; downloads go to the
 * @load_size bytes of RAM at @load.
 */
void rom_net_probe(struct rom_net *rn, const struct clock *clock, struct mon_nic *nics,
		   uint8_t *load, uint64_t load_size)
{
	unsigned int i;

	rn->clock = clock;
	rn->load = load;
	rn->load_size = load_size;
	for (i = 0; i < rn->count; i++) {
		rn->nic[i] = rom_net_probe_one(rn, i);
		if (!rn->nic[i])
			continue;
		snprintf(nics[i].model, sizeof(nics[i].model), "%s", rn->nic[i]->model);
		memcpy(nics[i].mac, rn->nic[i]->mac, sizeof(nics[i].mac));
	}
	rn->net_clock = (struct net_clock){ rom_net_now_ms, (void *)clock };
	net_stack_init(&rn->stack, &rn->net_clock);
	rn->ops = (struct mon_net){
		.up = rom_net_up,
		.poll = rom_net_poll,
		.echo_open = rom_net_echo_open,
		.echo_send = rom_net_echo_send,
		.echo_replied = rom_net_echo_replied,
		.echo_close = rom_net_echo_close,
		.tftp_start = rom_net_tftp_start,
		.tftp_poll = rom_net_tftp_poll,
		.tftp_abort = rom_net_tftp_abort,
		.tftp_result = rom_net_tftp_result,
		.download = rom_net_download,
		.ctx = rn,
	};
}
