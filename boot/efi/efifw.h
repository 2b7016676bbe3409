/*
 * What the UEFI application asks of the firmware under it, in plain C: the rest of boot/efi/ and
 * the core never see GNU-EFI's headers. Everything here is a boot service and is valid only until
 * efifw_exit_boot_services().
 */
#ifndef BOOT_EFI_EFIFW_H
#define BOOT_EFI_EFIFW_H

#include <stddef.h>
#include <stdint.h>

#include "pci.h"

void efifw_init(void *image, void *systab);
void *efifw_boot_services(void);
void *efifw_image_handle(void);
void efifw_watchdog_off(void);
unsigned int efifw_serial_takeover(void);
int efifw_find_pci(uint16_t vendor, uint16_t device, struct pci_dev *out);
void *efifw_alloc(uint64_t bytes, uint64_t max_addr);
void efifw_reset(void) __attribute__((noreturn));

#endif /* BOOT_EFI_EFIFW_H */
