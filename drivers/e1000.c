/*
 * Intel 8254x driver (82540EM, 82544GC, 82545EM), polled, after the 8254x
 * Software Developer's Manual (SDM) chapters 3 (descriptors), 5 (EEPROM),
 * 13 (registers) and 14 (initialization).
 *
 * Ring ownership. Receive: the hardware owns descriptors RDH..RDT-1; rx_next is
 * the next one it completes; the descriptor at RDT is always held back (empty),
 * so RDH == RDT never means "full". Consumed descriptors are cleared at once
 * and handed back E1000_RX_RETURN_BATCH at a time: the last one consumed
 * becomes the new RDT, which hands the ones before it (and the previously held
 * one) back. So the hardware always has at least E1000_RX_DESCS -
 * E1000_RX_RETURN_BATCH buffers, and rx_unreturned counts the consumed ones
 * it does not have yet.
 * Transmit: software fills tx_next and advances TDT; the hardware sends
 * TDH..TDT-1 and sets DD on each (RS is always set); tx_clean..tx_next-1 are
 * in flight and are reclaimed once DD is seen. At most E1000_TX_DESCS - 1 are
 * in flight, since TDH == TDT means empty.
 */
#include "e1000.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "io.h"

/* What differs between the supported chips. */
struct e1000_model {
	uint16_t device;
	const char *name; /* as the PIX prints it */
	bool has_eerd; /* EERD exists; otherwise Microwire through EECD */
	uint32_t ipgt; /* TIPG.IPGT for copper */
};

static const struct e1000_model e1000_models[] = {
	{ E1000_PCI_DEVICE_82540EM, "i82540EM", true, E1000_TIPG_IPGT_COPPER },
	{ E1000_PCI_DEVICE_82544GC, "i82544GC", false, E1000_TIPG_IPGT_COPPER_82544 },
	{ E1000_PCI_DEVICE_82545EM, "i82545EM", true, E1000_TIPG_IPGT_COPPER },
};

/* SDM 13.4.27, 13.4.38: ring lengths are multiples of 128 bytes. */
_Static_assert(E1000_RX_DESCS % 8 == 0, "RX ring: a multiple of 8 descriptors");
_Static_assert(E1000_TX_DESCS % 8 == 0, "TX ring: a multiple of 8 descriptors");
_Static_assert(E1000_TX_BUF_LEN >= NIC_FRAME_MAX, "a TX buffer holds a whole frame");
_Static_assert(E1000_RX_BUF_LEN == 2048, "RCTL is programmed with BSIZE_2048");
_Static_assert(E1000_RX_RETURN_BATCH >= 1 && E1000_RX_RETURN_BATCH <= E1000_RX_DESCS / 2,
	       "the hardware keeps at least half the receive buffers");

/* e1000_rd - read the 32-bit register at offset @reg of BAR0. */
static uint32_t e1000_rd(const struct e1000 *e, uint32_t reg)
{
	return mmio_read32(e->mmio + reg);
}

/* e1000_wr - write @v to the 32-bit register at offset @reg of BAR0. */
static void e1000_wr(struct e1000 *e, uint32_t reg, uint32_t v)
{
	mmio_write32(e->mmio + reg, v);
}

/* e1000_rmb - read a descriptor's fields only after its DD bit was seen set. */
static inline void e1000_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

/* e1000_of - the instance whose nic member is @n. */
static struct e1000 *e1000_of(struct nic *n)
{
	return (struct e1000 *)((char *)n - offsetof(struct e1000, nic));
}

/* e1000_find_model - the table entry for @vendor:@device, or NULL. */
static const struct e1000_model *e1000_find_model(uint16_t vendor, uint16_t device)
{
	size_t i;

	if (vendor != E1000_PCI_VENDOR_INTEL)
		return NULL;
	for (i = 0; i < sizeof(e1000_models) / sizeof(e1000_models[0]); i++)
		if (e1000_models[i].device == device)
			return &e1000_models[i];
	return NULL;
}

/*
 * e1000_model_name - the chip name the PIX prints for PCI function @vendor:@device ("i82540EM"),
 * or NULL when this driver does not handle it. Also for NICs another driver runs (the UEFI
 * firmware's), so they are named as this driver would.
 */
const char *e1000_model_name(uint16_t vendor, uint16_t device)
{
	const struct e1000_model *m = e1000_find_model(vendor, device);

	return m ? m->name : NULL;
}

/*
 * e1000_supports - whether this driver handles PCI function @vendor:@device.
 * Returns true for the 82540EM (8086:100E), 82544GC (8086:100C) and 82545EM (8086:100F).
 */
bool e1000_supports(uint16_t vendor, uint16_t device)
{
	return e1000_find_model(vendor, device) != NULL;
}

/*
 * e1000_wait_clear - poll register @reg until all of @mask reads 0, at most
 * @timeout_us. Returns 0, or -ETIMEDOUT.
 */
static int e1000_wait_clear(struct e1000 *e, uint32_t reg, uint32_t mask, uint32_t timeout_us)
{
	uint64_t deadline = clock_us(e->clock) + timeout_us;

	while (e1000_rd(e, reg) & mask) {
		if (clock_us(e->clock) > deadline)
			return (e1000_rd(e, reg) & mask) ? -ETIMEDOUT : 0;
	}
	return 0;
}

/* e1000_settle_us - how long a frame in flight takes at the link speed STATUS reports. */
static uint32_t e1000_settle_us(uint32_t status)
{
	switch ((status >> E1000_STATUS_SPEED_SHIFT) & E1000_STATUS_SPEED_MASK) {
	case E1000_STATUS_SPEED_10:
		return E1000_STOP_SETTLE_10M_US;
	case E1000_STATUS_SPEED_100:
		return E1000_STOP_SETTLE_100M_US;
	default:
		return E1000_STOP_SETTLE_1000M_US;
	}
}

/*
 * e1000_stop - stop receive and transmit and mask interrupts; if either was
 * running, allow the frame that may be in flight to finish, at the link's
 * speed (the 8254x has no "DMA idle" bit).
 */
static void e1000_stop(struct e1000 *e)
{
	bool running = (e1000_rd(e, E1000_RCTL) & E1000_RCTL_EN) ||
		       (e1000_rd(e, E1000_TCTL) & E1000_TCTL_EN);
	uint32_t status;

	e1000_wr(e, E1000_IMC, E1000_IMC_ALL);
	e1000_wr(e, E1000_RCTL, 0);
	e1000_wr(e, E1000_TCTL, E1000_TCTL_PSP);
	status = e1000_rd(e, E1000_STATUS); /* also flushes the posted writes */
	if (running)
		clock_udelay(e->clock, e1000_settle_us(status));
}

/*
 * e1000_reset_start - begin a global reset through CTRL.RST (SDM 13.4.1), with receive and
 * transmit quiesced first; e1000_reset_finish completes it E1000_RESET_DELAY_US later.
 */
static void e1000_reset_start(struct e1000 *e)
{
	e1000_stop(e);
	e1000_wr(e, E1000_CTRL, e1000_rd(e, E1000_CTRL) | E1000_CTRL_RST);
	e->reset_done_us = clock_us(e->clock) + E1000_RESET_DELAY_US;
}

/*
 * e1000_reset_finish - once RST has cleared, mask interrupts and discard the causes latched so
 * far. Call it no earlier than e->reset_done_us. Returns 0, or -ETIMEDOUT if RST never clears.
 */
static int e1000_reset_finish(struct e1000 *e)
{
	int rc = e1000_wait_clear(e, E1000_CTRL, E1000_CTRL_RST, E1000_RESET_TIMEOUT_US);

	if (rc)
		return rc;
	e1000_wr(e, E1000_IMC, E1000_IMC_ALL);
	(void)e1000_rd(e, E1000_ICR);
	return 0;
}

/*
 * e1000_eerd_read - one EEPROM word through EERD (SDM 5.3.1, 13.4.4).
 * @addr: word address; @word: where the word goes. Returns 0, or -ETIMEDOUT.
 */
static int e1000_eerd_read(struct e1000 *e, uint8_t addr, uint16_t *word)
{
	uint64_t deadline = clock_us(e->clock) + E1000_EERD_TIMEOUT_US;
	uint32_t v;

	e1000_wr(e, E1000_EERD, E1000_EERD_START | ((uint32_t)addr << E1000_EERD_ADDR_SHIFT));
	for (;;) {
		v = e1000_rd(e, E1000_EERD);
		if (v & E1000_EERD_DONE)
			break;
		if (clock_us(e->clock) > deadline)
			return -ETIMEDOUT;
	}
	*word = (uint16_t)(v >> E1000_EERD_DATA_SHIFT);
	return 0;
}

/* e1000_ee_clock - one SK pulse with DI = @bit; returns DO sampled while SK is high. */
static bool e1000_ee_clock(struct e1000 *e, uint32_t eecd, bool bit)
{
	bool out;

	if (bit)
		eecd |= E1000_EECD_DI;
	e1000_wr(e, E1000_EECD, eecd);
	clock_udelay(e->clock, E1000_EE_HALF_CLOCK_US);
	e1000_wr(e, E1000_EECD, eecd | E1000_EECD_SK);
	clock_udelay(e->clock, E1000_EE_HALF_CLOCK_US);
	out = e1000_rd(e, E1000_EECD) & E1000_EECD_DO;
	e1000_wr(e, E1000_EECD, eecd);
	return out;
}

/*
 * e1000_microwire_read - one EEPROM word by driving the Microwire wires
 * through EECD (SDM 5.3.1, 13.4.3): chips without EERD (82544GC). Cannot time
 * out: the EEPROM answers on our clock edges. @addr: word address; @word: result.
 */
static void e1000_microwire_read(struct e1000 *e, uint8_t addr, uint16_t *word)
{
	uint32_t eecd = e1000_rd(e, E1000_EECD) & ~(E1000_EECD_SK | E1000_EECD_DI);
	uint32_t cmd = (E1000_EE_OPCODE_READ << E1000_EE_ADDR_BITS) | addr;
	int i;
	uint16_t v = 0;

	e1000_wr(e, E1000_EECD, eecd & ~E1000_EECD_CS); /* a fresh rising edge of CS */
	clock_udelay(e->clock, E1000_EE_HALF_CLOCK_US);
	eecd |= E1000_EECD_CS;
	for (i = E1000_EE_OPCODE_BITS + E1000_EE_ADDR_BITS - 1; i >= 0; i--)
		(void)e1000_ee_clock(e, eecd, (cmd >> i) & 1);
	for (i = 0; i < E1000_EE_WORD_BITS; i++)
		v = (uint16_t)(v << 1 | e1000_ee_clock(e, eecd, false));
	/* Deselect, then one more clock so the EEPROM returns to standby. */
	eecd &= ~E1000_EECD_CS;
	(void)e1000_ee_clock(e, eecd, false);
	*word = v;
}

/* e1000_mac_valid - an address we can answer to: unicast and not all zeros. */
static bool e1000_mac_valid(const uint8_t *mac)
{
	static const uint8_t zero[NIC_MAC_LEN];

	return !(mac[0] & 1) && memcmp(mac, zero, NIC_MAC_LEN) != 0;
}

/*
 * e1000_read_mac_eeprom - the Ethernet address from EEPROM words 0..2 into
 * @mac. Returns 0, -ETIMEDOUT (EERD did not answer) or -ENOENT (not a valid
 * unicast address).
 */
static int e1000_read_mac_eeprom(struct e1000 *e, uint8_t *mac)
{
	uint16_t w;
	int i, rc;

	for (i = 0; i < NIC_MAC_LEN / 2; i++) {
		uint8_t addr = (uint8_t)(E1000_EE_WORD_MAC0 + i);

		if (e->model->has_eerd) {
			rc = e1000_eerd_read(e, addr, &w);
			if (rc)
				return rc;
		} else {
			e1000_microwire_read(e, addr, &w);
		}
		mac[2 * i] = (uint8_t)w;
		mac[2 * i + 1] = (uint8_t)(w >> 8);
	}
	return e1000_mac_valid(mac) ? 0 : -ENOENT;
}

/*
 * e1000_read_mac_rar - the address the hardware loaded into RAL0/RAH0 from
 * the EEPROM at reset, into @mac. Returns 0, or -ENOENT when none is valid.
 */
static int e1000_read_mac_rar(struct e1000 *e, uint8_t *mac)
{
	uint32_t lo = e1000_rd(e, E1000_RAL(0));
	uint32_t hi = e1000_rd(e, E1000_RAH(0));
	int i;

	if (!(hi & E1000_RAH_AV))
		return -ENOENT;
	for (i = 0; i < 4; i++)
		mac[i] = (uint8_t)(lo >> (8 * i));
	mac[4] = (uint8_t)hi;
	mac[5] = (uint8_t)(hi >> 8);
	return e1000_mac_valid(mac) ? 0 : -ENOENT;
}

/* e1000_set_rar - program receive address @n with @mac and mark it valid (SDM 13.5.2). */
static void e1000_set_rar(struct e1000 *e, unsigned int n, const uint8_t *mac)
{
	uint32_t lo = (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
		      (uint32_t)mac[3] << 24;
	uint32_t hi = (uint32_t)mac[4] | (uint32_t)mac[5] << 8;

	e1000_wr(e, E1000_RAL(n), lo);
	e1000_wr(e, E1000_RAH(n), hi | E1000_RAH_AV);
}

/*
 * e1000_setup_filters - accept our address and broadcast only: RAR0 = @e's
 * MAC, the other receive addresses invalid, the multicast table empty.
 */
static void e1000_setup_filters(struct e1000 *e)
{
	unsigned int i;

	e1000_set_rar(e, 0, e->nic.mac);
	for (i = 1; i < E1000_RAR_ENTRIES; i++) {
		e1000_wr(e, E1000_RAH(i), 0);
		e1000_wr(e, E1000_RAL(i), 0);
	}
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		e1000_wr(e, E1000_MTA(i), 0);
}

/*
 * e1000_setup_rx - fill the receive ring with every buffer and program
 * RDBAL/RDBAH/RDLEN/RDH/RDT (SDM 14.4). Receive stays disabled.
 */
static void e1000_setup_rx(struct e1000 *e)
{
	unsigned int i;

	for (i = 0; i < E1000_RX_DESCS; i++) {
		e->rx_ring[i].addr = io_bus_addr(e->rx_buf[i]);
		e->rx_ring[i].length = 0;
		e->rx_ring[i].status = 0;
		e->rx_ring[i].errors = 0;
	}
	e->rx_next = 0;
	e->rx_unreturned = 0;
	e->rx_discard = false;
	io_wmb();
	e1000_wr(e, E1000_RDBAL, io_bus_addr(e->rx_ring));
	e1000_wr(e, E1000_RDBAH, 0);
	e1000_wr(e, E1000_RDLEN, sizeof(e->rx_ring));
	e1000_wr(e, E1000_RDH, 0);
	e1000_wr(e, E1000_RDT, E1000_RX_DESCS - 1);
	e1000_wr(e, E1000_RDTR, 0); /* no receive interrupt delay */
}

/*
 * e1000_setup_tx - empty transmit ring, TDBAL/TDBAH/TDLEN/TDH/TDT and the
 * inter-packet gap (SDM 14.5). Transmit stays disabled.
 */
static void e1000_setup_tx(struct e1000 *e)
{
	unsigned int i;

	for (i = 0; i < E1000_TX_DESCS; i++) {
		e->tx_ring[i].addr = io_bus_addr(e->tx_buf[i]);
		e->tx_ring[i].length = 0;
		e->tx_ring[i].cmd = 0;
		e->tx_ring[i].status = 0;
	}
	e->tx_next = 0;
	e->tx_clean = 0;
	e->tx_used = 0;
	io_wmb();
	e1000_wr(e, E1000_TDBAL, io_bus_addr(e->tx_ring));
	e1000_wr(e, E1000_TDBAH, 0);
	e1000_wr(e, E1000_TDLEN, sizeof(e->tx_ring));
	e1000_wr(e, E1000_TDH, 0);
	e1000_wr(e, E1000_TDT, 0);
	e1000_wr(e, E1000_TIPG,
		 e->model->ipgt << E1000_TIPG_IPGT_SHIFT |
			 E1000_TIPG_IPGR1_DEFAULT << E1000_TIPG_IPGR1_SHIFT |
			 E1000_TIPG_IPGR2_DEFAULT << E1000_TIPG_IPGR2_SHIFT);
}

/* e1000_link_setup - let the MAC follow the PHY's auto-negotiated link (SDM 14.3). */
static void e1000_link_setup(struct e1000 *e)
{
	uint32_t ctrl = e1000_rd(e, E1000_CTRL);

	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_ILOS | E1000_CTRL_FRCSPD | E1000_CTRL_FRCDPLX |
		  E1000_CTRL_PHY_RST);
	e1000_wr(e, E1000_CTRL, ctrl | E1000_CTRL_SLU | E1000_CTRL_ASDE);
}

/*
 * e1000_open - bring the link up and enable receive and transmit with full
 * rings. Keep it open: QEMU's e1000 holds received frames back for about a
 * second each time RCTL is written. Returns 0 (also when already open).
 */
static int e1000_open(struct nic *n)
{
	struct e1000 *e = e1000_of(n);
	uint32_t cold = E1000_TCTL_COLD_FULL_DUPLEX;
	uint32_t status;

	if (n->opened)
		return 0;
	e1000_wr(e, E1000_IMC, E1000_IMC_ALL);
	e1000_link_setup(e);
	e1000_setup_filters(e);
	e1000_setup_rx(e);
	e1000_setup_tx(e);
	status = e1000_rd(e, E1000_STATUS);
	if ((status & E1000_STATUS_LU) && !(status & E1000_STATUS_FD))
		cold = E1000_TCTL_COLD_HALF_DUPLEX;
	e1000_wr(e, E1000_TCTL,
		 E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT_DEFAULT << E1000_TCTL_CT_SHIFT |
			 cold << E1000_TCTL_COLD_SHIFT);
	e1000_wr(e, E1000_RCTL,
		 E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC | E1000_RCTL_BSIZE_2048);
	n->opened = true;
	return 0;
}

/* e1000_tx_reclaim - free the transmit descriptors the hardware has finished. */
static void e1000_tx_reclaim(struct e1000 *e)
{
	while (e->tx_used && (e->tx_ring[e->tx_clean].status & E1000_TXD_STAT_DD)) {
		e->tx_ring[e->tx_clean].status = 0;
		e->tx_clean = (e->tx_clean + 1) % E1000_TX_DESCS;
		e->tx_used--;
	}
}

/*
 * e1000_transmit - queue one frame (copied; the hardware pads short frames
 * and appends the CRC). @frame, @len: the frame without CRC.
 * Returns 0, -EINVAL (empty or longer than NIC_FRAME_MAX), -EIO (not open)
 * or -EAGAIN (every descriptor in flight).
 */
static int e1000_transmit(struct nic *n, const void *frame, size_t len)
{
	struct e1000 *e = e1000_of(n);
	volatile struct e1000_tx_desc *d;
	unsigned int i;

	if (!len || len > NIC_FRAME_MAX)
		return -EINVAL;
	if (!n->opened)
		return -EIO;
	e1000_tx_reclaim(e);
	if (e->tx_used == E1000_TX_DESCS - 1)
		return -EAGAIN;
	i = e->tx_next;
	memcpy(e->tx_buf[i], frame, len);
	d = &e->tx_ring[i];
	d->length = (uint16_t)len;
	d->status = 0;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS;
	e->tx_next = (i + 1) % E1000_TX_DESCS;
	e->tx_used++;
	io_wmb();
	e1000_wr(e, E1000_TDT, e->tx_next);
	return 0;
}

/*
 * e1000_rx_recycle - clear the descriptor at rx_next and advance; every
 * E1000_RX_RETURN_BATCH descriptors, make it the new tail, which hands it and
 * the ones consumed before it back to the hardware.
 */
static void e1000_rx_recycle(struct e1000 *e)
{
	volatile struct e1000_rx_desc *d = &e->rx_ring[e->rx_next];

	d->status = 0;
	d->errors = 0;
	d->length = 0;
	if (++e->rx_unreturned >= E1000_RX_RETURN_BATCH) {
		io_wmb();
		e1000_wr(e, E1000_RDT, e->rx_next);
		e->rx_unreturned = 0;
	}
	e->rx_next = (e->rx_next + 1) % E1000_RX_DESCS;
}

/*
 * e1000_peek - lend the next received frame in its buffer (*@frame) until e1000_release.
 * Frames with errors, or spread over several descriptors, are dropped and the next one is
 * tried. Returns the frame's length without CRC (QEMU pads short frames to 60), or 0 when none
 * is waiting.
 */
static int e1000_peek(struct nic *n, const void **frame)
{
	struct e1000 *e = e1000_of(n);
	unsigned int tries;

	if (!n->opened)
		return 0;
	for (tries = 0; tries < E1000_RX_DESCS; tries++) {
		volatile struct e1000_rx_desc *d = &e->rx_ring[e->rx_next];
		uint8_t status = d->status;
		size_t len;
		bool drop;

		if (!(status & E1000_RXD_STAT_DD))
			return 0;
		e1000_rmb();
		len = d->length;
		drop = e->rx_discard || !(status & E1000_RXD_STAT_EOP) ||
		       (d->errors & E1000_RXD_ERR_FRAME) || len == 0 || len > E1000_RX_BUF_LEN;
		e->rx_discard = !(status & E1000_RXD_STAT_EOP);
		if (drop) {
			e->rx_dropped++;
			e1000_rx_recycle(e);
			continue;
		}
		*frame = e->rx_buf[e->rx_next];
		return (int)len;
	}
	return 0;
}

/* e1000_release - give the descriptor of the frame lent by e1000_peek back. */
static void e1000_release(struct nic *n)
{
	e1000_rx_recycle(e1000_of(n));
}

/*
 * e1000_poll - copy the next received frame into @buf (at most @max bytes).
 * Returns the frame's length without CRC, 0 when none is waiting, or -E2BIG when the frame
 * was longer than @max (it is dropped).
 */
static int e1000_poll(struct nic *n, void *buf, size_t max)
{
	const void *frame;
	int len = e1000_peek(n, &frame);

	if (len <= 0)
		return len;
	if ((size_t)len > max) {
		e1000_of(n)->rx_dropped++;
		e1000_release(n);
		return -E2BIG;
	}
	memcpy(buf, frame, (size_t)len);
	e1000_release(n);
	return len;
}

/* e1000_link_up - STATUS.LU: the PHY has a link. */
static bool e1000_link_up(struct nic *n)
{
	return e1000_rd(e1000_of(n), E1000_STATUS) & E1000_STATUS_LU;
}

/*
 * e1000_tx_drain - wait until the hardware has sent everything queued
 * (TDH caught up with TDT), at most E1000_TX_DRAIN_TIMEOUT_US.
 * Returns 0, or -ETIMEDOUT.
 */
static int e1000_tx_drain(struct e1000 *e)
{
	uint64_t deadline = clock_us(e->clock) + E1000_TX_DRAIN_TIMEOUT_US;

	while (e1000_rd(e, E1000_TDH) != e1000_rd(e, E1000_TDT)) {
		if (clock_us(e->clock) > deadline)
			return -ETIMEDOUT;
	}
	return 0;
}

/*
 * e1000_close - let queued frames go out (bounded), then stop receive and
 * transmit so the device no longer touches memory. Frames not yet sent by
 * E1000_TX_DRAIN_TIMEOUT_US are abandoned.
 */
static void e1000_close(struct nic *n)
{
	struct e1000 *e = e1000_of(n);

	if (!n->opened)
		return;
	(void)e1000_tx_drain(e);
	e1000_stop(e);
	n->opened = false;
}

static const struct nic_ops e1000_ops = {
	.open = e1000_open,
	.transmit = e1000_transmit,
	.poll = e1000_poll,
	.peek = e1000_peek,
	.release = e1000_release,
	.link_up = e1000_link_up,
	.close = e1000_close,
};

/*
 * e1000_probe_start - begin taking over the 8254x at PCI function @d: receive and transmit
 * stopped and a global reset started, without waiting for it. e1000_probe_poll finishes the
 * probe; until it returns 0 the instance has no nic.ops. @clock bounds every wait.
 * Returns 0, or -ENODEV (not a supported chip, or BAR0 not a placed memory BAR).
 */
int e1000_probe_start(struct e1000 *e, const struct pci_dev *d, const struct clock *clock)
{
	const struct e1000_model *model = e1000_find_model(d->vendor, d->device);

	if (!model || d->unplaced || !d->bar[0].addr || d->bar[0].io)
		return -ENODEV;
	e->mmio = (volatile uint8_t *)(uintptr_t)d->bar[0].addr;
	e->clock = clock;
	e->model = model;
	e->nic.ops = NULL;
	e->nic.opened = false;
	e1000_reset_start(e);
	return 0;
}

/*
 * e1000_probe_poll - finish a probe begun by e1000_probe_start once the reset has had
 * E1000_RESET_DELAY_US: read the Ethernet address (EEPROM; RAL0/RAH0 if the EEPROM does not
 * answer or holds no valid address) and fill in @e->nic. Receive and transmit stay off until
 * nic.ops->open. Returns 0, -EAGAIN (call again later: the reset is still settling),
 * -ETIMEDOUT (reset did not complete) or -ENOENT (no valid MAC address).
 */
int e1000_probe_poll(struct e1000 *e)
{
	int rc;

	if (e->nic.ops)
		return 0;
	if (clock_us(e->clock) < e->reset_done_us)
		return -EAGAIN;
	rc = e1000_reset_finish(e);
	if (rc)
		return rc;
	rc = e1000_read_mac_eeprom(e, e->nic.mac);
	if (rc)
		rc = e1000_read_mac_rar(e, e->nic.mac);
	if (rc)
		return rc;
	e->nic.model = e->model->name;
	e->nic.ops = &e1000_ops;
	return 0;
}

/*
 * e1000_probe - e1000_probe_start and e1000_probe_poll in one, waiting out the reset
 * (E1000_RESET_DELAY_US). Returns what they return (never -EAGAIN).
 */
int e1000_probe(struct e1000 *e, const struct pci_dev *d, const struct clock *clock)
{
	int rc = e1000_probe_start(e, d, clock);

	if (rc)
		return rc;
	while ((rc = e1000_probe_poll(e)) == -EAGAIN)
		;
	return rc;
}
