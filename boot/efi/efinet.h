/* UEFI network wiring: the firmware's NICs (SNP) on the board's list and under the ROM's stack. */
#ifndef BOOT_EFI_EFINET_H
#define BOOT_EFI_EFINET_H

#include "boot/common/board.h"
#include "efisnp.h"

/* The application's NICs; one instance, in the application's state. */
struct efinet {
	struct efisnp snp[ROM_NIC_MAX]; /* in slot order */
};

void efinet_find_nics(struct efinet *en, struct board *b);
const struct mon_net *efinet_start(struct board *b);

#endif /* BOOT_EFI_EFINET_H */
