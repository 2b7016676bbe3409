/* The firmware's memory map as a booted image's: what lies below 4 GiB, merged, in a few ranges. */
#ifndef BOOT_EFI_EFIMEM_H
#define BOOT_EFI_EFIMEM_H

#include <stdint.h>

#include "efifw.h"
#include "flash/pix_bootinfo.h"

#define EFIMEM_LIMIT 0x100000000ULL /* a 32-bit image reaches memory below this */

uint64_t efimem_ram_top(const struct efifw_range *map, unsigned int count);
void efimem_fill(struct pix_bootinfo *bi, struct efifw_range *map, unsigned int count);

#endif /* BOOT_EFI_EFIMEM_H */
