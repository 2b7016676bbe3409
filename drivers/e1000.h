/* Intel 8254x gigabit Ethernet driver (82540EM, 82544GC, 82545EM): polled, one instance per NIC. */
#ifndef E1000_H
#define E1000_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "e1000_regs.h"
#include "nic.h"
#include "pci.h"

#define E1000_RX_DESCS 32 /* receive ring: a multiple of 8 (RDLEN is in 128-byte units) */
/*
 * Consumed receive descriptors are handed back with one RDT write per this many: QEMU's e1000
 * answers every RDT write by waking its main loop, which then competes with the vCPU for the
 * global lock (8 MiB from QEMU's TFTP server: 0.102 s with a write per frame, see
 * bench/README.md). The hardware keeps at least E1000_RX_DESCS - E1000_RX_RETURN_BATCH buffers.
 */
#define E1000_RX_RETURN_BATCH 8
#define E1000_TX_DESCS 16 /* transmit ring: a multiple of 8 */
#define E1000_RX_BUF_LEN 2048 /* RCTL.BSIZE = 2048: a whole frame per descriptor */
#define E1000_TX_BUF_LEN 1536 /* NIC_FRAME_MAX rounded up to the ring alignment */

#define E1000_RESET_DELAY_US 5000 /* after CTRL.RST, before the EEPROM auto-load can be trusted */
#define E1000_RESET_TIMEOUT_US 100000 /* CTRL.RST must have cleared by then */
#define E1000_EERD_TIMEOUT_US 10000 /* one EEPROM word through EERD */
#define E1000_EE_HALF_CLOCK_US 10 /* Microwire SK half period: far slower than a 93C46 needs */
#define E1000_TX_DRAIN_TIMEOUT_US 50000 /* a full TX ring at 10 Mbit/s takes ~20 ms */
/* A frame in flight when RX/TX stop (1518 bytes, preamble and gap: 1.23 ms at 10 Mbit/s), with margin */
#define E1000_STOP_SETTLE_10M_US 2000
#define E1000_STOP_SETTLE_100M_US 200
#define E1000_STOP_SETTLE_1000M_US 20

struct e1000_model;

/*
 * One 8254x. The platform allocates it (statically, zeroed) and hands it to
 * e1000_probe; nic must stay the first member (the nic_ops get &e->nic).
 * Rings and buffers live inside, so the device only ever DMAs into this struct.
 */
struct e1000 {
	struct nic nic;
	volatile uint8_t *mmio; /* BAR0 */
	const struct clock *clock;
	const struct e1000_model *model;
	unsigned int rx_next; /* next RX descriptor the hardware completes */
	unsigned int rx_unreturned; /* consumed since the last RDT write (< E1000_RX_RETURN_BATCH) */
	bool rx_discard; /* dropping the rest of a frame that spanned descriptors */
	uint64_t reset_done_us; /* a probe's reset may be finished from this time on (clock_us) */
	unsigned int tx_next; /* next free TX descriptor (TDT) */
	unsigned int tx_clean; /* oldest TX descriptor not yet reclaimed */
	unsigned int tx_used; /* descriptors queued and not reclaimed */
	uint32_t rx_dropped; /* frames dropped for errors or length */

	_Alignas(E1000_RING_ALIGN) volatile struct e1000_rx_desc rx_ring[E1000_RX_DESCS];
	_Alignas(E1000_RING_ALIGN) volatile struct e1000_tx_desc tx_ring[E1000_TX_DESCS];
	_Alignas(E1000_RING_ALIGN) uint8_t rx_buf[E1000_RX_DESCS][E1000_RX_BUF_LEN];
	_Alignas(E1000_RING_ALIGN) uint8_t tx_buf[E1000_TX_DESCS][E1000_TX_BUF_LEN];
};

bool e1000_supports(uint16_t vendor, uint16_t device);
const char *e1000_model_name(uint16_t vendor, uint16_t device);
int e1000_probe(struct e1000 *e, const struct pci_dev *d, const struct clock *clock);
int e1000_probe_start(struct e1000 *e, const struct pci_dev *d, const struct clock *clock);
int e1000_probe_poll(struct e1000 *e);

#endif /* E1000_H */
