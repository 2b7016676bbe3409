/*
 * What the UEFI application asks of the firmware under it, in plain C: the rest of boot/efi/ and
 * the core never see GNU-EFI's headers. Everything here but efifw_reset() is a boot service and
 * is valid only until efifw_exit_boot_services().
 */
#ifndef BOOT_EFI_EFIFW_H
#define BOOT_EFI_EFIFW_H

#include <stddef.h>
#include <stdint.h>

#include "pci.h"

/* Address range types of the memory map, as ACPI (and e820) number them. */
#define EFIFW_MEM_RAM 1 /* usable once boot services have exited */
#define EFIFW_MEM_RESERVED 2 /* not usable: firmware runtime, MMIO, reserved */
#define EFIFW_MEM_ACPI 3 /* ACPI tables: usable once they are read */
#define EFIFW_MEM_NVS 4 /* ACPI non-volatile storage */
#define EFIFW_MEM_UNUSABLE 5 /* memory with errors */
#define EFIFW_MEM_PMEM 7 /* persistent memory */

/* One range of the firmware's memory map. */
struct efifw_range {
	uint64_t base; /* first byte */
	uint64_t length; /* bytes */
	uint32_t type; /* EFIFW_MEM_* */
};

void efifw_init(void *image, void *systab);
void *efifw_boot_services(void);
void *efifw_image_handle(void);
void efifw_watchdog_off(void);
unsigned int efifw_serial_takeover(void);
int efifw_find_pci(uint16_t vendor, uint16_t device, struct pci_dev *out);
void *efifw_alloc(uint64_t bytes, uint64_t max_addr);
void *efifw_alloc_at(uint64_t addr, uint64_t bytes);
void efifw_free(void *mem, uint64_t bytes);
int efifw_memory_map(struct efifw_range *out, unsigned int max, unsigned int *count);
int efifw_exit_boot_services(struct efifw_range *out, unsigned int max, unsigned int *count);
void efifw_reset(void) __attribute__((noreturn));

#endif /* BOOT_EFI_EFIFW_H */
