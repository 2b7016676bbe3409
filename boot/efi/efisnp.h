/*
 * A NIC reached through the UEFI firmware's Simple Network Protocol, offered to the core as any
 * other driver (struct nic). The firmware's own network stack is pushed off each NIC the
 * application claims (an exclusive open), so that only the application receives its frames.
 * GNU-EFI's types stay in efisnp.c: handles and interfaces are opaque here.
 */
#ifndef BOOT_EFI_EFISNP_H
#define BOOT_EFI_EFISNP_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "nic.h"
#include "pci.h"

#define EFISNP_TX_BUFS 16 /* frames handed to the firmware and not yet given back */
#define EFISNP_BUF_LEN 1536 /* one transmit buffer: a whole frame */
#define EFISNP_RX_LEN 2048 /* the receive buffer: more than any frame the firmware passes on */

/* The buffers the firmware reads frames from or writes them to (from its memory, below 4 GiB). */
struct efisnp_bufs {
	uint8_t rx[EFISNP_RX_LEN];
	uint8_t tx[EFISNP_TX_BUFS][EFISNP_BUF_LEN];
};

/* One NIC under the firmware's SNP; the nic member comes first. */
struct efisnp {
	struct nic nic;
	void *handle; /* the SNP's handle */
	void *snp; /* its EFI_SIMPLE_NETWORK_PROTOCOL, once claimed */
	struct pci_dev pci; /* the PCI function under it: IDs, location, interrupt line */
	const struct clock *clock; /* for the bounded waits */
	struct efisnp_bufs *bufs;
	uint32_t tx_busy; /* bit i: tx[i] is the firmware's until GetStatus gives it back */
	unsigned int tx_next; /* where the search for a free transmit buffer starts */
	int rx_lent; /* length of the frame in rx lent by peek, 0 when none */
};

_Static_assert(EFISNP_TX_BUFS <= 32, "tx_busy has a bit per transmit buffer");
_Static_assert(EFISNP_BUF_LEN >= NIC_FRAME_MAX, "a transmit buffer holds a whole frame");

unsigned int efisnp_scan(struct efisnp *out, unsigned int max);
int efisnp_claim(struct efisnp *s, const struct clock *clock);

#endif /* BOOT_EFI_EFISNP_H */
