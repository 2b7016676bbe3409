/*
 * UEFI wiring: the PIX ROM's power-on as a GNU-EFI application under OVMF. It takes the serial
 * port from the firmware's console (efifw_serial_takeover) and drives the 16550 itself, as the
 * ROM does, so the banner, countdown, BREAK/Esc and `monitor>` are the ROM's, byte for byte. The
 * flash bank is the ivshmem BAR the firmware placed (found through the PCI I/O protocol); the
 * firmware's watchdog is off from the start. The NICs are the firmware's, through its Simple
 * Network Protocol, under the ROM's network wiring (efinet.c).
 */
#include <stdio.h>
#include <string.h>

#include "boot/common/board.h"
#include "efifw.h"
#include "efinet.h"
#include "fw_cfg.h"
#include "handoff.h"
#include "layout.h"
#include "mon.h"
#include "uart16550_regs.h"

#ifndef PIX_BUILD_DATE
#define PIX_BUILD_DATE "unknown"
#endif

#define EFI_BOOTDELAY_S 10 /* when fw_cfg has no opt/pix/bootdelay */
#define EFI_BOOTDELAY_MAX_S 3600
#define PCI_VENDOR_REDHAT_QUMRANET 0x1af4
#define PCI_DEVICE_IVSHMEM 0x1110

/* Everything the application wires together; one instance in .data. */
struct efiapp {
	struct board board;
	struct mon_platform plat;
	struct mon mon;
	struct efinet net;
};

static struct efiapp app;

int efi_main(void *image, void *systab);

static void efi_reload(void *ctx)
{
	(void)ctx;
	efifw_reset();
}

/*
 * rf->enter: the board is quiesced; the firmware is left and the image entered as the ROM enters
 * it (handoff.c). When the firmware does not let go, the reason, and a reset (its boot services
 * may be half shut down, so the monitor cannot follow).
 */
static void efi_enter(void *ctx, uint32_t entry, const struct pix_bootinfo *bi)
{
	const char *why = "";

	handoff_enter(entry, bi, &why);
	board_printf(ctx, "Flash boot: %s. Resetting.\n", why);
	efifw_reset();
}

/* The ivshmem device, if any, as the one PCI function the board knows. */
static void efi_find_flash(struct board *b)
{
	b->pci.count = 0;
	if (!efifw_find_pci(PCI_VENDOR_REDHAT_QUMRANET, PCI_DEVICE_IVSHMEM, &b->pci.devs[0]))
		b->pci.count = 1;
}

/**
 * efi_main() - The application's C entry (gnu-efi's crt0 relocates, then calls it).
 * @image: the application's handle
 * @systab: the UEFI system table
 *
 * Return: never returns; `reload` and the end of the monitor reset the machine.
 */
int efi_main(void *image, void *systab)
{
	struct board *b = &app.board;
	uint64_t ram_size;
	bool booting;

	efifw_init(image, systab);
	efifw_watchdog_off();
	efifw_serial_takeover();
	board_console_init(b, UART_COM1_BASE);
	board_printf(b, "PIX BIOS (4.0) #47: %s\n", PIX_BUILD_DATE);
	board_printf(b, "Platform PIX-525\n");
	efi_find_flash(b);
	board_print_flash(b);
	board_now_ms(b); /* the clock calibrated before the NICs' waits use it */
	efinet_find_nics(&app.net, b);
	board_printf(b, "\n");

	app.plat = (struct mon_platform){
		.con = &b->con,
		.now_ms = board_now_ms,
		.reload = efi_reload,
		.nics = b->nics,
		.nic_count = b->nic_count,
		.ctx = b,
		.build_date = PIX_BUILD_DATE,
	};
	board_now_ms(b);
	booting = mon_autoboot(&app.plat, fw_cfg_read_uint("opt/pix/bootdelay", EFI_BOOTDELAY_S,
							   EFI_BOOTDELAY_MAX_S)) !=
		  MON_AUTOBOOT_INTERRUPT;
	board_flash_attach(b);
	b->flash.enter = efi_enter;
	b->flash.load_buf = handoff_load_buf;
	b->flash.qctx = b;
	ram_size = handoff_ram_size();
	if (booting)
		rom_flash_boot(&b->flash, &b->con, &app.plat, ram_size);
	app.plat.flash = rom_flash_ops(&b->flash, &b->con, &app.plat, ram_size);
	board_set_net_panic(&app.board);
	app.plat.net = efinet_start(b);
	mon_init(&app.mon, &app.plat);
	b->flash.settings = &app.mon.set;
	rom_net_open_early(&b->net, app.mon.set.interface);
	mon_banner(&app.mon);
	mon_run(&app.mon);
	efifw_reset();
}
