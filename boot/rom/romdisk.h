/* ROM diskette boot: a Boothelper diskette in drive A, booted before the flash. */
#ifndef ROM_ROMDISK_H
#define ROM_ROMDISK_H

#include <stdint.h>

#include "clock.h"
#include "fdc.h"
#include "mon.h"
#include "romflash.h"

/* Drive A as the ROM sees it: the controller, or why there is none to read. */
struct rom_disk {
	struct fdc fdc;
	int err; /* 0: controller ready and the motor on; else why the drive cannot be read */
};

void rom_disk_start(struct rom_disk *d, const struct clock *clock, uint8_t *bounce);
void rom_disk_boot(struct rom_disk *d, struct rom_flash *rf, const struct mon_console *con,
		   uint64_t ram_size);
void rom_disk_stop(struct rom_disk *d);

#endif /* ROM_ROMDISK_H */
