/*
 * Intel 8255x (82557/82558/82559 and their 82550/82551/ICH kin) network driver, polled.
 *
 * The CSR is reached through the I/O BAR (BAR1), not the memory BAR: port writes are not posted,
 * so the EEPROM bit-banging and the PORT reset take effect before the delay that follows them
 * without read-backs, and port I/O stays uncached whatever the platform does with MTRRs or
 * paging, which the memory BAR would depend on.
 *
 * Memory structures (SDM "Host Software Interface"), linear addressing with CU and RU base 0:
 *
 * Receive: a ring of I8255X_RFD_COUNT simplified-mode RFDs linked by link addresses. Exactly one
 * RFD carries EL: the one handed back most recently, always rfa[rx_next - 1]. The RU fills RFDs
 * in ring order from rx_next on and, should it fill the EL one, goes to "no resources". The
 * driver takes frames at rx_next and hands each RFD back at once, moving EL onto it, so the RU
 * always has every RFD but the ones holding unread frames (QEMU drops frames when it has none).
 * When rfa[rx_next] holds no frame, every RFD is free; if the RU has stopped it is restarted
 * there. It stops when it fills the RFD with EL, which the driver sees as that frame is taken;
 * besides that an empty ring reads the RU status only every I8255X_RU_CHECK_US, so polling an
 * idle NIC touches memory, not the device (under QEMU every register access takes the lock the
 * network back end needs to deliver frames).
 *
 * Transmit: a ring of I8255X_TCB_COUNT simplified-mode TCBs, each linked to the next. A new TCB
 * gets S (suspend) before the S of the one before it is cleared, so the CU never runs past
 * written blocks; then the CU is resumed if suspended, or started at the oldest pending TCB if
 * idle, after one 32-bit read of the SCB that gives both the CU status and whether the previous
 * command was taken (two register accesses per frame sent). Completed TCBs (C set) are
 * reclaimed in order from tx_tail. Should the CU suspend on a block whose S was being cleared
 * at that moment, the next transmit or poll finds it suspended with work pending and resumes it.
 *
 * IA setup and configure run one at a time from a separate block with EL, CU started at it.
 */
#include "i8255x.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "io.h"

#define I8255X_RESET_US 20 /* settle time after a PORT reset before the CSR is used again */
#define I8255X_EE_HALF_CLOCK_US 4 /* EEPROM SK high or low time (93C46: SK up to 1 MHz) */
#define I8255X_SCB_ACCEPT_TIMEOUT_US 10000 /* the device clears the SCB command byte */
#define I8255X_CB_TIMEOUT_US 100000 /* IA setup or configure completes */
#define I8255X_MDI_TIMEOUT_US 2000 /* one MDI cycle (about 30 us at 2.5 MHz MDC) */
#define I8255X_RU_ABORT_TIMEOUT_US 10000 /* RU goes idle after an abort */
#define I8255X_CU_DRAIN_TIMEOUT_US 50000 /* queued frames leave (16 full frames at 10 Mbit/s) */
#define I8255X_TX_MIN_LEN 60 /* shortest frame without CRC; shorter ones are padded */
#define I8255X_RU_CHECK_US 10000 /* an idle ring looks at the RU status this often */
#define I8255X_EE_WORDS_PER_STEP 4 /* EEPROM words per i8255x_probe_poll: under a millisecond */

static const struct nic_ops i8255x_ops;

/* i8255x_of - the driver instance of a network stack handle (nic is its first member). */
static struct i8255x *i8255x_of(struct nic *nic)
{
	return (struct i8255x *)nic;
}

/* i8255x_rmb - order a descriptor's status read before the reads of what it guards. */
static void i8255x_rmb(void)
{
	atomic_thread_fence(memory_order_acquire);
}

/* i8255x_wait_accept - wait for the device to take the last SCB command. 0 or -ETIMEDOUT. */
static int i8255x_wait_accept(struct i8255x *n)
{
	uint64_t deadline = clock_us(n->clock) + I8255X_SCB_ACCEPT_TIMEOUT_US;

	while (inb(n->io + I8255X_SCB_CMD)) {
		if (clock_us(n->clock) > deadline)
			return -ETIMEDOUT;
	}
	return 0;
}

/*
 * i8255x_scb_cmd - issue one SCB command with its general-pointer operand, once the previous
 * command has been accepted. @cmd: I8255X_SCB_CUC_* or I8255X_SCB_RUC_*; @ptr: its operand.
 * Returns 0 or -ETIMEDOUT (the device did not take the previous or this command).
 */
static int i8255x_scb_cmd(struct i8255x *n, uint8_t cmd, uint32_t ptr)
{
	int err = i8255x_wait_accept(n);

	if (err)
		return err;
	outl(n->io + I8255X_SCB_POINTER, ptr);
	outb(n->io + I8255X_SCB_CMD, cmd);
	return i8255x_wait_accept(n);
}

/* i8255x_scb_status - the SCB status byte (CU and RU state). */
static uint8_t i8255x_scb_status(struct i8255x *n)
{
	return inb(n->io + I8255X_SCB_STATUS);
}

/*
 * i8255x_wait_status - wait until @done holds for the SCB status byte, at most @timeout_us.
 * Returns 0 or -ETIMEDOUT.
 */
static int i8255x_wait_status(struct i8255x *n, bool (*done)(uint8_t status), uint32_t timeout_us)
{
	uint64_t deadline = clock_us(n->clock) + timeout_us;

	while (!done(i8255x_scb_status(n))) {
		if (clock_us(n->clock) > deadline)
			return -ETIMEDOUT;
	}
	return 0;
}

/* i8255x_cu_quiet - the CU touches no memory: idle or suspended. */
static bool i8255x_cu_quiet(uint8_t status)
{
	return !(status & I8255X_SCB_CUS_ACTIVE);
}

/* i8255x_cu_idle - the CU is idle (after a block with EL). */
static bool i8255x_cu_idle(uint8_t status)
{
	return (status & I8255X_SCB_CUS_MASK) == I8255X_SCB_CUS_IDLE;
}

/* i8255x_ru_idle - the RU is idle (after an abort). */
static bool i8255x_ru_idle(uint8_t status)
{
	return (status & I8255X_SCB_RUS_MASK) == I8255X_SCB_RUS_IDLE;
}

/*
 * i8255x_port_reset - a PORT reset: @function is I8255X_PORT_SOFTWARE_RESET or
 * I8255X_PORT_SELECTIVE_RESET. Leaves CU and RU idle, interrupts masked and acknowledged.
 */
static void i8255x_port_reset(struct i8255x *n, uint32_t function)
{
	outl(n->io + I8255X_PORT, function);
	clock_udelay(n->clock, I8255X_RESET_US);
	outb(n->io + I8255X_SCB_INTR, I8255X_SCB_INTR_MASK_ALL);
	outb(n->io + I8255X_SCB_STATACK, I8255X_SCB_STATACK_ALL);
}

/* i8255x_ee_out - drive the EEPROM lines to @lines and hold them half a clock. */
static void i8255x_ee_out(struct i8255x *n, uint16_t lines)
{
	outw(n->io + I8255X_EEPROM_CTL, lines);
	clock_udelay(n->clock, I8255X_EE_HALF_CLOCK_US);
}

/*
 * i8255x_ee_bit - clock one bit into the selected EEPROM (@bit on DI, latched on SK rising)
 * and return DO as it stands after that edge (0 or 1).
 */
static int i8255x_ee_bit(struct i8255x *n, unsigned int bit)
{
	uint16_t di = bit ? I8255X_EE_DI : 0;

	i8255x_ee_out(n, I8255X_EE_CS | di);
	i8255x_ee_out(n, I8255X_EE_CS | di | I8255X_EE_SK);
	return (inw(n->io + I8255X_EEPROM_CTL) & I8255X_EE_DO) ? 1 : 0;
}

/* i8255x_ee_select - raise chip select and send the READ start bit and opcode. */
static void i8255x_ee_select(struct i8255x *n)
{
	int i;

	i8255x_ee_out(n, I8255X_EE_CS);
	for (i = I8255X_EE_READ_LEN - 1; i >= 0; i--)
		i8255x_ee_bit(n, (I8255X_EE_READ_BITS >> i) & 1);
}

/* i8255x_ee_finish - clock the 16 data bits of a READ out and deselect; returns the word. */
static uint16_t i8255x_ee_finish(struct i8255x *n)
{
	uint16_t v = 0;
	int i;

	for (i = 0; i < I8255X_EE_WORD_BITS; i++)
		v = (uint16_t)(v << 1 | i8255x_ee_bit(n, 0));
	i8255x_ee_out(n, I8255X_EE_CS);
	i8255x_ee_out(n, 0);
	return v;
}

/*
 * i8255x_ee_detect - find the EEPROM's address width: after READ, shift address zeros in until
 * the EEPROM answers with its dummy 0 on DO (SDM "EEPROM address size" procedure).
 * Returns 0 with n->ee_abits set, or -EIO when no width from 6 to 8 bits fits.
 */
static int i8255x_ee_detect(struct i8255x *n)
{
	unsigned int bits;

	i8255x_ee_select(n);
	for (bits = 1; bits <= I8255X_EE_ABITS_MAX; bits++) {
		if (!i8255x_ee_bit(n, 0))
			break;
	}
	(void)i8255x_ee_finish(n);
	if (bits < I8255X_EE_ABITS_MIN || bits > I8255X_EE_ABITS_MAX)
		return -EIO;
	n->ee_abits = (uint8_t)bits;
	return 0;
}

/* i8255x_ee_read - read EEPROM word @addr (the address width must be known). */
static uint16_t i8255x_ee_read(struct i8255x *n, unsigned int addr)
{
	int i;

	i8255x_ee_select(n);
	for (i = n->ee_abits - 1; i >= 0; i--)
		i8255x_ee_bit(n, (addr >> i) & 1);
	return i8255x_ee_finish(n);
}

/*
 * i8255x_ee_take - account for EEPROM word @addr = @v: add it to the checksum and keep the MAC
 * address and PHY record words.
 */
static void i8255x_ee_take(struct i8255x *n, unsigned int addr, uint16_t v)
{
	unsigned int mac_word = addr - I8255X_EE_MAC; /* wraps above the MAC words when below */

	n->ee_sum = (uint16_t)(n->ee_sum + v);
	if (mac_word < I8255X_EE_MAC_WORDS) {
		n->nic.mac[2 * mac_word] = (uint8_t)v;
		n->nic.mac[2 * mac_word + 1] = (uint8_t)(v >> 8);
	}
	if (addr == I8255X_EE_PHY) {
		n->phy_addr = (uint8_t)(v & I8255X_EE_PHY_ADDR_MASK);
		n->mii = ((v >> I8255X_EE_PHY_DEV_SHIFT) & I8255X_EE_PHY_DEV_MASK) !=
			 I8255X_EE_PHY_DEV_82503;
	}
}

/*
 * i8255x_ee_step - read the next I8255X_EE_WORDS_PER_STEP EEPROM words (the address width must
 * be known). Returns -EAGAIN while words are left, then 0 with the MAC address and PHY record
 * taken, or -EIO when the words do not sum to 0xBABA.
 */
static int i8255x_ee_step(struct i8255x *n)
{
	unsigned int count = 1u << n->ee_abits, i;

	for (i = 0; i < I8255X_EE_WORDS_PER_STEP && n->ee_next < count; i++, n->ee_next++)
		i8255x_ee_take(n, n->ee_next, i8255x_ee_read(n, n->ee_next));
	if (n->ee_next < count)
		return -EAGAIN;
	return n->ee_sum == I8255X_EE_CHECKSUM ? 0 : -EIO;
}

/*
 * i8255x_mdi_read - read PHY register @reg into *@val through the MDI control register.
 * Returns 0 or -ETIMEDOUT (the cycle did not complete: no PHY management interface).
 */
static int i8255x_mdi_read(struct i8255x *n, unsigned int reg, uint16_t *val)
{
	uint64_t deadline = clock_us(n->clock) + I8255X_MDI_TIMEOUT_US;
	uint32_t v;

	outl(n->io + I8255X_MDI_CTL, I8255X_MDI_OP_READ |
					     (uint32_t)n->phy_addr << I8255X_MDI_PHY_SHIFT |
					     (uint32_t)reg << I8255X_MDI_REG_SHIFT);
	while (!((v = inl(n->io + I8255X_MDI_CTL)) & I8255X_MDI_READY)) {
		if (clock_us(n->clock) > deadline)
			return -ETIMEDOUT;
	}
	*val = (uint16_t)(v & I8255X_MDI_DATA_MASK);
	return 0;
}

/*
 * i8255x_exec - run the setup block (IA setup or configure, with EL) on an idle CU and wait
 * until it is done. Returns 0, -ETIMEDOUT (not accepted, not completed, CU not idle after it)
 * or -EIO (completed without OK).
 */
static int i8255x_exec(struct i8255x *n, uint16_t command)
{
	struct i8255x_cb *cb = &n->setup;
	uint64_t deadline;
	int err;

	cb->status = 0;
	cb->command = (uint16_t)(command | I8255X_CB_CMD_EL);
	cb->link = io_bus_addr(cb);
	io_wmb();
	err = i8255x_scb_cmd(n, I8255X_SCB_CUC_START, io_bus_addr(cb));
	if (err)
		return err;
	deadline = clock_us(n->clock) + I8255X_CB_TIMEOUT_US;
	while (!(cb->status & I8255X_CB_STATUS_C)) {
		if (clock_us(n->clock) > deadline)
			return -ETIMEDOUT;
	}
	err = i8255x_wait_status(n, i8255x_cu_idle, I8255X_CB_TIMEOUT_US);
	if (err)
		return err;
	return (cb->status & I8255X_CB_STATUS_OK) ? 0 : -EIO;
}

/* i8255x_ia_setup - give the device its individual (MAC) address. 0 or -errno (i8255x_exec). */
static int i8255x_ia_setup(struct i8255x *n)
{
	memcpy(n->setup.u.ia, n->nic.mac, NIC_MAC_LEN);
	return i8255x_exec(n, I8255X_CB_CMD_IA_SETUP);
}

/*
 * i8255x_configure - load the SDM's default configuration with: own and broadcast frames only
 * (no promiscuous, no multicast-all), no CRC in receive buffers, short frames discarded and
 * padded on transmit, source address taken from the frame, MII or 82503 from the EEPROM.
 * Returns 0 or -errno (i8255x_exec).
 */
static int i8255x_configure(struct i8255x *n)
{
	uint8_t *c = n->setup.u.config;

	memset(c, 0, I8255X_CFG_LEN);
	c[I8255X_CFG_BYTE_COUNT] = I8255X_CFG_LEN;
	c[I8255X_CFG_FIFO] = I8255X_CFG_FIFO_DEFAULT;
	c[I8255X_CFG_6] = I8255X_CFG6_RSVD1 | I8255X_CFG6_STD_TCB | I8255X_CFG6_STD_STATS;
	c[I8255X_CFG_7] = I8255X_CFG7_DISC_SHORT | I8255X_CFG7_UNDERRUN_RETRY1;
	c[I8255X_CFG_8] = n->mii ? I8255X_CFG8_MII : 0;
	c[I8255X_CFG_10] = I8255X_CFG10_RSVD | I8255X_CFG10_NSAI | I8255X_CFG10_PREAMBLE_7;
	c[I8255X_CFG_12] = I8255X_CFG12_IFS_96;
	c[I8255X_CFG_IP_HI] = I8255X_CFG_IP_HI_DEFAULT;
	c[I8255X_CFG_15] = I8255X_CFG15_RSVD;
	c[I8255X_CFG_FC_DELAY_HI] = I8255X_CFG_FC_DELAY_HI_DEFAULT;
	c[I8255X_CFG_18] = I8255X_CFG18_RSVD | I8255X_CFG18_PADDING;
	c[I8255X_CFG_19] = I8255X_CFG19_FDX_PIN;
	c[I8255X_CFG_20] = I8255X_CFG20_RSVD;
	c[I8255X_CFG_21] = I8255X_CFG21_RSVD;
	return i8255x_exec(n, I8255X_CB_CMD_CONFIGURE);
}

/* i8255x_rx_init - link the RFDs into a ring, all empty, EL on the last; rx_next = 0. */
static void i8255x_rx_init(struct i8255x *n)
{
	unsigned int i;

	for (i = 0; i < I8255X_RFD_COUNT; i++) {
		struct i8255x_rfd *rfd = &n->rfa[i];

		rfd->status = 0;
		rfd->command = i == I8255X_RFD_COUNT - 1 ? I8255X_RFD_CMD_EL : 0;
		rfd->link = io_bus_addr(&n->rfa[(i + 1) % I8255X_RFD_COUNT]);
		rfd->rbd = I8255X_RFD_RBD_NONE;
		rfd->count = 0;
		rfd->size = I8255X_FRAME_BUF_LEN;
	}
	n->rx_next = 0;
	n->ru_ended = false;
	n->ru_check_us = 0;
	io_wmb();
}

/* i8255x_tx_init - link the TCBs into a ring, none in use. */
static void i8255x_tx_init(struct i8255x *n)
{
	unsigned int i;

	for (i = 0; i < I8255X_TCB_COUNT; i++) {
		struct i8255x_tcb *tcb = &n->cbl[i];

		tcb->status = 0;
		tcb->command = I8255X_CB_CMD_EL; /* a NOP that stops the CU, never reached */
		tcb->link = io_bus_addr(&n->cbl[(i + 1) % I8255X_TCB_COUNT]);
		tcb->tbd_array = I8255X_TCB_TBD_NONE;
		tcb->threshold = I8255X_TCB_THRESHOLD;
		tcb->tbd_count = 0;
	}
	n->tx_head = n->tx_tail = n->tx_used = 0;
	io_wmb();
}

/*
 * i8255x_start - on a freshly reset device: base 0 for CU and RU (linear addressing), MAC
 * address, configuration, then the RU on a full ring. Returns 0 or a negative errno.
 */
static int i8255x_start(struct i8255x *n)
{
	int err;

	err = i8255x_scb_cmd(n, I8255X_SCB_CUC_LOAD_BASE, 0);
	if (!err)
		err = i8255x_scb_cmd(n, I8255X_SCB_RUC_LOAD_BASE, 0);
	if (!err)
		err = i8255x_ia_setup(n);
	if (!err)
		err = i8255x_configure(n);
	if (err)
		return err;
	i8255x_tx_init(n);
	i8255x_rx_init(n);
	return i8255x_scb_cmd(n, I8255X_SCB_RUC_START, io_bus_addr(&n->rfa[0]));
}

/*
 * i8255x_open - reset CU and RU (selective reset) and start them as i8255x_start does.
 * Returns 0 (also when already open) or a negative errno; on error the device is left reset.
 */
static int i8255x_open(struct nic *nic)
{
	struct i8255x *n = i8255x_of(nic);
	int err;

	if (nic->opened)
		return 0;
	i8255x_port_reset(n, I8255X_PORT_SELECTIVE_RESET);
	err = i8255x_start(n);
	if (err) {
		i8255x_port_reset(n, I8255X_PORT_SELECTIVE_RESET);
		return err;
	}
	nic->opened = true;
	return 0;
}

/* i8255x_tx_reclaim - free the TCBs the CU has completed, oldest first. */
static void i8255x_tx_reclaim(struct i8255x *n)
{
	while (n->tx_used && (n->cbl[n->tx_tail].status & I8255X_CB_STATUS_C)) {
		n->tx_tail = (n->tx_tail + 1) % I8255X_TCB_COUNT;
		n->tx_used--;
	}
}

/*
 * i8255x_tx_kick - make sure the CU works on pending TCBs: resume it when suspended, start it
 * at the oldest pending TCB when idle, leave it when active. One 32-bit read of the SCB gives
 * the CU status and the command byte; when the byte shows the previous command taken, the new
 * one is issued at once (otherwise the driver waits for it and reads the status again), and
 * whether this one is taken is left to the next command to check.
 * Returns 0 or -ETIMEDOUT (the device did not take the previous command).
 */
static int i8255x_tx_kick(struct i8255x *n)
{
	uint32_t scb;
	uint8_t cus;
	int err;

	i8255x_tx_reclaim(n);
	if (!n->tx_used)
		return 0;
	scb = inl(n->io + I8255X_SCB_STATUS);
	if ((uint8_t)(scb >> I8255X_SCB_DWORD_CMD_SHIFT)) {
		/* the previous command is still pending: the CU status may change once it is taken */
		err = i8255x_wait_accept(n);
		if (err)
			return err;
		scb = i8255x_scb_status(n);
	}
	cus = scb & I8255X_SCB_CUS_MASK;
	if (cus != I8255X_SCB_CUS_SUSPENDED && cus != I8255X_SCB_CUS_IDLE)
		return 0;
	if (cus == I8255X_SCB_CUS_IDLE)
		outl(n->io + I8255X_SCB_POINTER, io_bus_addr(&n->cbl[n->tx_tail]));
	outb(n->io + I8255X_SCB_CMD,
	     cus == I8255X_SCB_CUS_IDLE ? I8255X_SCB_CUC_START : I8255X_SCB_CUC_RESUME);
	return 0;
}

/*
 * i8255x_transmit - queue one frame: copy it into the next TCB (padded to 60 bytes; the device
 * appends the CRC), chain it after the last and get the CU going.
 * Returns 0, -EINVAL (empty or longer than NIC_FRAME_MAX), -EIO (not open), -EAGAIN (every TCB
 * in flight) or -ETIMEDOUT (the SCB did not take the CU command; the frame stays queued).
 */
static int i8255x_transmit(struct nic *nic, const void *frame, size_t len)
{
	struct i8255x *n = i8255x_of(nic);
	struct i8255x_tcb *tcb, *prev;
	size_t wire = len < I8255X_TX_MIN_LEN ? I8255X_TX_MIN_LEN : len;

	if (!len || len > NIC_FRAME_MAX)
		return -EINVAL;
	if (!nic->opened)
		return -EIO;
	i8255x_tx_reclaim(n);
	if (n->tx_used == I8255X_TCB_COUNT) {
		(void)i8255x_tx_kick(n);
		return -EAGAIN;
	}
	tcb = &n->cbl[n->tx_head];
	prev = &n->cbl[(n->tx_head + I8255X_TCB_COUNT - 1) % I8255X_TCB_COUNT];
	memcpy(tcb->data, frame, len);
	memset(tcb->data + len, 0, wire - len);
	tcb->count = (uint16_t)(wire | I8255X_TCB_COUNT_EOF);
	tcb->status = 0;
	tcb->command = I8255X_CB_CMD_TRANSMIT | I8255X_CB_CMD_S;
	io_wmb();
	prev->command = (uint16_t)(prev->command & ~I8255X_CB_CMD_S);
	io_wmb();
	n->tx_head = (n->tx_head + 1) % I8255X_TCB_COUNT;
	n->tx_used++;
	return i8255x_tx_kick(n);
}

/*
 * i8255x_rx_recycle - hand rfa[rx_next] back empty as the new end of the list: EL on it first,
 * then off the one before, so the RU never finds the ring open-ended. Advances rx_next.
 */
static void i8255x_rx_recycle(struct i8255x *n)
{
	struct i8255x_rfd *rfd = &n->rfa[n->rx_next];
	struct i8255x_rfd *prev = &n->rfa[(n->rx_next + I8255X_RFD_COUNT - 1) % I8255X_RFD_COUNT];

	rfd->count = 0;
	rfd->status = 0;
	rfd->command = I8255X_RFD_CMD_EL;
	io_wmb();
	prev->command = 0;
	io_wmb();
	n->rx_next = (n->rx_next + 1) % I8255X_RFD_COUNT;
}

/*
 * i8255x_rx_restart - with the ring empty (rfa[rx_next] holds no frame, so every RFD is free),
 * restart an RU that ran out of resources or went idle, at rfa[rx_next]. The status is read
 * only when a frame landed in the RFD with EL since the last look, or every
 * I8255X_RU_CHECK_US otherwise. Returns 0 or -ETIMEDOUT.
 */
static int i8255x_rx_restart(struct i8255x *n)
{
	uint64_t now = clock_us(n->clock);
	uint8_t rus;

	if (!n->ru_ended && now < n->ru_check_us)
		return 0;
	n->ru_check_us = now + I8255X_RU_CHECK_US;
	rus = i8255x_scb_status(n) & I8255X_SCB_RUS_MASK;
	if (rus != I8255X_SCB_RUS_NO_RESOURCES && rus != I8255X_SCB_RUS_IDLE)
		return 0; /* still ready: after the EL frame it is about to stop, look again */
	if (i8255x_scb_cmd(n, I8255X_SCB_RUC_START, io_bus_addr(&n->rfa[n->rx_next])))
		return -ETIMEDOUT;
	n->ru_ended = false;
	return 0;
}

/*
 * i8255x_peek - lend the next received frame in its RFD (*@frame) until i8255x_release.
 * Frames received with errors are skipped. Also reclaims and restarts transmit.
 * Returns the frame's length, 0 when none waits, or -EIO (not open, or the SCB did not take a
 * restart).
 */
static int i8255x_peek(struct nic *nic, const void **frame)
{
	struct i8255x *n = i8255x_of(nic);
	struct i8255x_rfd *rfd;
	unsigned int tries;
	size_t len;
	uint16_t status;

	if (!nic->opened)
		return -EIO;
	if (n->tx_used)
		(void)i8255x_tx_kick(n);
	for (tries = 0; tries < I8255X_RFD_COUNT; tries++) {
		rfd = &n->rfa[n->rx_next];
		status = rfd->status;
		if (!(status & I8255X_RFD_STATUS_C))
			return i8255x_rx_restart(n) ? -EIO : 0;
		/*
		 * A register read before trusting the RFD: QEMU's model stores the status
		 * (C) before the count and the data, from another thread; the read waits
		 * until that store is complete. One read per frame on real hardware.
		 */
		(void)i8255x_scb_status(n);
		i8255x_rmb();
		status = rfd->status;
		len = rfd->count & I8255X_RFD_COUNT_MASK;
		if (rfd->command & I8255X_RFD_CMD_EL)
			n->ru_ended = true;
		if (!(status & I8255X_RFD_STATUS_OK) || !len) {
			i8255x_rx_recycle(n);
			continue;
		}
		*frame = rfd->data;
		return (int)len;
	}
	return 0;
}

/* i8255x_release - give the RFD of the frame lent by i8255x_peek back to the RU. */
static void i8255x_release(struct nic *nic)
{
	i8255x_rx_recycle(i8255x_of(nic));
}

/*
 * i8255x_poll - copy the next received frame into @buf (@max bytes) and give its RFD back.
 * Returns the frame's length, 0 when none waits, -EIO (as i8255x_peek) or -E2BIG (the frame
 * was longer than @max; it is dropped).
 */
static int i8255x_poll(struct nic *nic, void *buf, size_t max)
{
	const void *frame;
	int len = i8255x_peek(nic, &frame);

	if (len <= 0)
		return len;
	if ((size_t)len <= max)
		memcpy(buf, frame, (size_t)len);
	i8255x_release(nic);
	return (size_t)len <= max ? len : -E2BIG;
}

/*
 * i8255x_link_up - link status from the PHY's BMSR, read twice (the bit latches low). Reports
 * true when there is no MII (82503 serial interface) or the PHY does not answer within
 * I8255X_MDI_TIMEOUT_US: an unknown link must not stop the network stack from trying.
 */
static bool i8255x_link_up(struct nic *nic)
{
	struct i8255x *n = i8255x_of(nic);
	uint16_t bmsr;

	if (!n->mii)
		return true;
	if (i8255x_mdi_read(n, I8255X_MII_BMSR, &bmsr) ||
	    i8255x_mdi_read(n, I8255X_MII_BMSR, &bmsr))
		return true;
	return bmsr & I8255X_MII_BMSR_LINK;
}

/*
 * i8255x_close - stop receive and transmit: abort the RU, let the CU finish what is queued
 * (bounded), then a selective reset leaves both units idle so the device no longer touches
 * memory, whatever the waits found.
 */
static void i8255x_close(struct nic *nic)
{
	struct i8255x *n = i8255x_of(nic);

	if (!i8255x_scb_cmd(n, I8255X_SCB_RUC_ABORT, 0))
		(void)i8255x_wait_status(n, i8255x_ru_idle, I8255X_RU_ABORT_TIMEOUT_US);
	(void)i8255x_wait_status(n, i8255x_cu_quiet, I8255X_CU_DRAIN_TIMEOUT_US);
	i8255x_port_reset(n, I8255X_PORT_SELECTIVE_RESET);
	n->tx_used = 0;
	nic->opened = false;
}

static const struct nic_ops i8255x_ops = {
	.open = i8255x_open,
	.transmit = i8255x_transmit,
	.poll = i8255x_poll,
	.peek = i8255x_peek,
	.release = i8255x_release,
	.link_up = i8255x_link_up,
	.close = i8255x_close,
};

/* i8255x_supports - whether this driver handles PCI @vendor:@device. */
bool i8255x_supports(uint16_t vendor, uint16_t device)
{
	return vendor == I8255X_PCI_VENDOR_INTEL &&
	       (device == I8255X_PCI_DEV_8255X || device == I8255X_PCI_DEV_82559ER ||
		device == I8255X_PCI_DEV_ICH);
}

/*
 * i8255x_model - the chip name the PIX prints, from the PCI device and revision IDs. The ICH's
 * integrated MAC is 82559-class and its revision IDs follow the ICH, not the 8255x table. Also
 * for NICs another driver runs (the UEFI firmware's), so they are named as this driver would.
 */
const char *i8255x_model(uint16_t device, uint8_t rev)
{
	if (device == I8255X_PCI_DEV_ICH)
		return "i82559";
	if (rev >= I8255X_REV_82551)
		return "i82551";
	if (rev >= I8255X_REV_82550)
		return "i82550";
	if (rev >= I8255X_REV_82559_A)
		return "i82559";
	if (rev >= I8255X_REV_82558_A)
		return "i82558";
	return "i82557";
}

/*
 * i8255x_probe_start - begin taking a supported 8255x at PCI function @d: software reset
 * (PORT), interrupts masked, EEPROM address width detected. i8255x_probe_poll reads the EEPROM
 * a few words per call; until it returns 0 the instance has no nic.ops. Neither CU nor RU is
 * started. @clock bounds every wait.
 * Returns 0, -ENODEV (not an 8255x, or no I/O BAR assigned) or -EIO (no EEPROM answers).
 */
int i8255x_probe_start(struct i8255x *n, const struct pci_dev *d, const struct clock *clock)
{
	const struct pci_bar *bar = &d->bar[I8255X_BAR_CSR_IO];

	if (!i8255x_supports(d->vendor, d->device))
		return -ENODEV;
	if (!bar->io || !bar->addr || bar->addr > UINT16_MAX || d->unplaced)
		return -ENODEV;
	memset(n, 0, offsetof(struct i8255x, setup)); /* the blocks and rings are set up at open */
	n->io = (uint16_t)bar->addr;
	n->clock = clock;
	n->model = i8255x_model(d->device, (uint8_t)d->class_rev /* revision */);
	i8255x_port_reset(n, I8255X_PORT_SOFTWARE_RESET);
	return i8255x_ee_detect(n);
}

/*
 * i8255x_probe_poll - go on with a probe begun by i8255x_probe_start: the next
 * I8255X_EE_WORDS_PER_STEP EEPROM words (about 0.2 ms each), then the checksum, the MAC
 * address, the PHY record and the model. Returns 0 (probed), -EAGAIN (call again) or -EIO
 * (the EEPROM words do not sum to 0xBABA).
 */
int i8255x_probe_poll(struct i8255x *n)
{
	int err;

	if (n->nic.ops)
		return 0;
	err = i8255x_ee_step(n);
	if (err)
		return err;
	n->nic.model = n->model;
	n->nic.ops = &i8255x_ops;
	return 0;
}

/*
 * i8255x_probe - i8255x_probe_start and i8255x_probe_poll in one: the whole EEPROM is read
 * (about 14 ms for a 93C46). Returns what they return (never -EAGAIN).
 */
int i8255x_probe(struct i8255x *n, const struct pci_dev *d, const struct clock *clock)
{
	int err = i8255x_probe_start(n, d, clock);

	if (err)
		return err;
	while ((err = i8255x_probe_poll(n)) == -EAGAIN)
		;
	return err;
}
