/*
 * ROM wiring: bring up clock, UART, PCI and IRQ routing, print the PIX banner,
 * count down to flash boot and hand the console to the monitor.
 */
#include <stdio.h>
#include <string.h>

#include "boot/common/board.h"
#include "fw_cfg.h"
#include "layout.h"
#include "mon.h"
#include "piix3.h"
#include "ram.h"
#include "romdisk.h"
#include "uart16550_regs.h"

#ifndef PIX_BUILD_DATE
#define PIX_BUILD_DATE "unknown"
#endif

#define ROM_BOOTDELAY_S 10 /* when fw_cfg has no opt/pix/bootdelay */
#define ROM_BOOTDELAY_MAX_S 3600

/* Everything the ROM wires together; one instance in .bss. */
struct rom {
	struct board board;
	struct mon_console countdown_con; /* the console that also brings the network up */
	struct mon_platform plat;
	struct mon mon;
	struct rom_disk disk;
	uint64_t ram_size;
};

static struct rom rom;

/* The diskette's DMA buffer: in .bss (below 4 MiB), aligned so that it stays in one 64 KiB page. */
static uint8_t rom_disk_bounce[FDC_BOUNCE_SIZE] __attribute__((aligned(FDC_BOUNCE_ALIGN)));

/*
 * The countdown's key check: one bounded step of bringing the interface the monitor will use up
 * (rom_net_early_step: probe, then open) before each look at the UART, so the NIC starts - and
 * QEMU's 1 s e1000 receive hold runs - while the user may still press Esc. The interface is the
 * one mon_init() picks: 1 when there are two NICs or more, else 0 (a user's `interface` command
 * later opens its own NIC as before).
 */
static int rom_countdown_getc(void *ctx)
{
	rom_net_early_step(&rom.board.net, &rom.board.clock, rom.plat.nic_count >= 2 ? 1 : 0);
	return rom.board.con.getc(ctx);
}

static void rom_reload(void *ctx)
{
	(void)ctx;
	piix3_reset();
}

/* The boot delay from fw_cfg opt/pix/bootdelay (decimal seconds), else the default. */
static unsigned int rom_bootdelay(void)
{
	return fw_cfg_read_uint("opt/pix/bootdelay", ROM_BOOTDELAY_S, ROM_BOOTDELAY_MAX_S);
}

/* rom_main - C entry from entry32.S; never returns. */
void rom_main(void);
void rom_main(void)
{
	struct board *b = &rom.board;
	bool booting;

	board_console_init(b, UART_COM1_BASE);
	board_printf(b, "PIX BIOS (4.0) #47: %s\n", PIX_BUILD_DATE);
	board_printf(b, "Platform PIX-525\n");

	board_pci_init(b);
	board_print_flash(b);
	board_printf(b, "\n");
	rom.ram_size = rom_ram_size();

	rom.plat = (struct mon_platform){
		.con = &b->con,
		.now_ms = board_now_ms,
		.reload = rom_reload,
		.nics = b->nics,
		.nic_count = b->nic_count,
		.ctx = b,
		.build_date = PIX_BUILD_DATE,
	};
	rom.countdown_con = (struct mon_console){ rom_countdown_getc, b->con.write, b->con.ctx };
	rom.plat.con = &rom.countdown_con;
	board_now_ms(b); /* the clock calibrated before the diskette's waits use it */
	rom_disk_start(&rom.disk, &b->clock, rom_disk_bounce);
	booting = mon_autoboot(&rom.plat, rom_bootdelay()) != MON_AUTOBOOT_INTERRUPT;
	rom.plat.con = &b->con;
	board_flash_attach(b);
	if (booting)
		rom_disk_boot(&rom.disk, &b->flash, &b->con, rom.ram_size);
	rom_disk_stop(&rom.disk);
	if (booting)
		rom_flash_boot(&b->flash, &b->con, &rom.plat, rom.ram_size);
	rom.plat.flash = rom_flash_ops(&b->flash, &b->con, &rom.plat, rom.ram_size);
	board_set_net_panic(&rom.board);
	rom_net_probe(&b->net, &b->clock, b->nics, (uint8_t *)(uintptr_t)RAM_LOAD_BASE,
		      rom.ram_size > RAM_LOAD_BASE ? rom.ram_size - RAM_LOAD_BASE : 0);
	rom.plat.net = &b->net.ops;
	mon_init(&rom.mon, &rom.plat);
	b->flash.settings = &rom.mon.set;
	rom_net_open_early(&b->net, rom.mon.set.interface);
	mon_banner(&rom.mon);
	mon_run(&rom.mon);
	piix3_reset();
}
