/* Intel 8255x (82557/82558/82559, "eepro100") network driver: polled, CSR through the I/O BAR. */
#ifndef I8255X_H
#define I8255X_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "i8255x_regs.h"
#include "nic.h"
#include "pci.h"

#define I8255X_RFD_COUNT 32 /* receive frame area: a ring of RFDs, EL on the newest free one */
#define I8255X_TCB_COUNT 16 /* command block list for transmit: a ring of TCBs, S on the newest */

_Static_assert(NIC_FRAME_MAX <= I8255X_FRAME_BUF_LEN, "a frame fits an RFD or TCB");

/*
 * One 8255x. The platform allocates it statically (zeroed, in RAM below 4 GiB, since the device
 * takes 32-bit bus addresses); i8255x_probe fills it. Descriptors live inside it, so it must not
 * move while open.
 */
struct i8255x {
	struct nic nic; /* first member: the network stack's handle */
	uint16_t io; /* CSR base port (BAR1) */
	const struct clock *clock; /* bounds every wait */
	uint8_t phy_addr; /* MDI address of the PHY, from the EEPROM */
	bool mii; /* an MII PHY (not the 82503 serial interface) */
	uint8_t ee_abits; /* EEPROM address width: 6 (93C46) or 8 (93C66) */
	unsigned int ee_next; /* next EEPROM word a probe reads */
	uint16_t ee_sum; /* sum of the words read so far */
	const char *model; /* chip name, from the PCI IDs; nic.model once probed */
	unsigned int rx_next; /* RFD the next frame lands in */
	bool ru_ended; /* a frame landed in the RFD with EL: the RU has no resources left */
	uint64_t ru_check_us; /* when an empty ring next looks at the RU status anyway */
	unsigned int tx_head; /* next TCB to fill */
	unsigned int tx_tail; /* oldest TCB not reclaimed */
	unsigned int tx_used; /* TCBs between tail and head */
	_Alignas(I8255X_CB_ALIGN) struct i8255x_cb setup; /* IA setup and configure */
	_Alignas(I8255X_CB_ALIGN) struct i8255x_rfd rfa[I8255X_RFD_COUNT];
	_Alignas(I8255X_CB_ALIGN) struct i8255x_tcb cbl[I8255X_TCB_COUNT];
};

bool i8255x_supports(uint16_t vendor, uint16_t device);
const char *i8255x_model(uint16_t device, uint8_t rev);
int i8255x_probe(struct i8255x *n, const struct pci_dev *d, const struct clock *clock);
int i8255x_probe_start(struct i8255x *n, const struct pci_dev *d, const struct clock *clock);
int i8255x_probe_poll(struct i8255x *n);

#endif /* I8255X_H */
