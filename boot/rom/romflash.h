/* ROM flash wiring: the AT29C040A bank model over the ivshmem BAR, its driver, and flash boot. */
#ifndef ROM_ROMFLASH_H
#define ROM_ROMFLASH_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/pix_bootinfo.h"
#include "mon.h"
#include "pci.h"

/* The flash as the ROM sees it: model and driver over BAR2, or absent. */
struct rom_flash {
	const struct clock *clock;
	struct flash_clock fclock;
	struct at29_model model;
	struct flash_bus bus;
	struct at29 drv;
	uintptr_t base; /* BAR2 address (above 4 GiB where a 64-bit firmware placed it) */
	uint32_t size; /* bytes */
	int err; /* why the flash is unusable (0: usable) */
	struct pix_bootinfo bootinfo;
	struct mon_flash ops; /* what the monitor's install dialogue uses */
	const struct mon_console *con;
	const struct mon_platform *plat;
	const struct mon_settings *settings; /* the monitor's, handed to the image; NULL: none */
	uint64_t ram_size;
	/* Called last before the jump: stop every device that could still write to memory. */
	void (*quiesce)(void *qctx);
	/*
	 * NULL on a platform in 32-bit protected mode (the jump is made here); else it makes the
	 * jump to @entry with @bi as the image contract says, and does not return.
	 */
	void (*enter)(void *qctx, uint32_t entry, const struct pix_bootinfo *bi);
	/*
	 * NULL on a platform that owns all of RAM (flash boot reads the payload to its load
	 * address); else the buffer of @len bytes the payload that runs at @load_addr is read into
	 * (the platform's rf->enter moves it there when it is elsewhere), or NULL when it has none.
	 */
	void *(*load_buf)(void *qctx, uint32_t load_addr, uint32_t len);
	void *qctx;
	void (*progress)(void *pctx, uint64_t done, uint64_t total);
	void *pctx;
	uint64_t total;
};

void rom_flash_attach(struct rom_flash *rf, const struct pci_dev *ivshmem,
		      const struct clock *clock, bool datasheet_timing);
void rom_flash_boot(struct rom_flash *rf, const struct mon_console *con,
		    const struct mon_platform *plat, uint64_t ram_size);
void rom_flash_enter(struct rom_flash *rf, uint32_t entry, uint64_t ram_size)
	__attribute__((noreturn));
const struct mon_flash *rom_flash_ops(struct rom_flash *rf, const struct mon_console *con,
				      const struct mon_platform *plat, uint64_t ram_size);

#endif /* ROM_ROMFLASH_H */
