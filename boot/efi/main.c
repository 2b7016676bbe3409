/*
 * UEFI wiring: the PIX ROM's power-on as a GNU-EFI application under OVMF. It takes the serial
 * port from the firmware's console (efifw_serial_takeover) and drives the 16550 itself, as the
 * ROM does, so the banner, countdown, BREAK/Esc and `monitor>` are the ROM's, byte for byte. The
 * flash bank is the ivshmem BAR the firmware placed (found through the PCI I/O protocol); the
 * firmware's watchdog is off from the start. The NICs are the firmware's, through its Simple
 * Network Protocol (efisnp.c), under the ROM's network wiring (romnet.c: lwIP, ping, tftp).
 */
#include <stdio.h>
#include <string.h>

#include "boot/common/board.h"
#include "efifw.h"
#include "efisnp.h"
#include "fw_cfg.h"
#include "layout.h"
#include "mon.h"
#include "uart16550_regs.h"

#ifndef PIX_BUILD_DATE
#define PIX_BUILD_DATE "unknown"
#endif

#define EFI_BOOTDELAY_S 10 /* when fw_cfg has no opt/pix/bootdelay */
#define EFI_BOOTDELAY_MAX_S 3600
#define IVSHMEM_BAR_SHARED 2 /* BAR2: the shared memory (our flash array) */
#define PCI_VENDOR_REDHAT_QUMRANET 0x1af4
#define PCI_DEVICE_IVSHMEM 0x1110
#define EFI_RAM_SIZE_32 0x100000000ULL /* what an image's memory map can describe */
#define EFI_MIB (1024ull * 1024)

/* Everything the application wires together; one instance in .data. */
struct efiapp {
	struct board board;
	struct mon_platform plat;
	struct mon mon;
	struct efisnp snp[ROM_NIC_MAX]; /* the NICs, in slot order */
};

static struct efiapp app;

int efi_main(void *image, void *systab);

static void efi_reload(void *ctx)
{
	(void)ctx;
	efifw_reset();
}

/* Prints the Flash= banner line from the ivshmem device that carries the flash array. */
static void efi_print_flash(void)
{
	struct pci_dev *d = board_ivshmem(&app.board);

	if (d && d->bar[IVSHMEM_BAR_SHARED].addr)
		board_printf(&app.board, "Flash=AT29C040A @ 0x%llx\n",
			     (unsigned long long)d->bar[IVSHMEM_BAR_SHARED].addr);
	else
		board_printf(&app.board, "Flash=none\n");
}

/* lwIP's assertion failures: say where, then stop (the final halt). */
static void efi_net_panic(const char *msg, const char *file, int line)
{
	board_printf(&app.board,
		     "\nNetwork stack failure: %s (%s:%d). System halted; power cycle to "
		     "restart.\n",
		     msg, file, line);
	for (;;)
		__asm__ volatile("hlt");
}

/* Until the hand-over to a 32-bit image exists: say so, and the monitor follows after a reset. */
static void efi_enter(void *ctx, uint32_t entry, const struct pix_bootinfo *bi)
{
	(void)bi;
	board_printf(ctx,
		     "Flash boot: starting a 32-bit image (entry 0x%x) from the UEFI application "
		     "is "
		     "not implemented yet.\n",
		     entry);
	efifw_reset();
}

/* The ivshmem device, if any, as the one PCI function the board knows. */
static void efi_find_flash(struct board *b)
{
	b->pci.count = 0;
	if (!efifw_find_pci(PCI_VENDOR_REDHAT_QUMRANET, PCI_DEVICE_IVSHMEM, &b->pci.devs[0]))
		b->pci.count = 1;
}

/*
 * The NICs the firmware offers through SNP, in slot order, each the PIX lists claimed from the
 * firmware (its own network stack lets go) and named as the ROM's driver would name it.
 */
static void efi_find_nics(struct board *b)
{
	unsigned int i, n = efisnp_scan(app.snp, ROM_NIC_MAX);

	b->nic_count = 0;
	for (i = 0; i < n; i++) {
		struct efisnp *s = &app.snp[i];

		if (!rom_net_family(&s->pci))
			continue;
		s->nic.model = rom_net_model(&s->pci);
		board_add_nic(b, &s->pci, efisnp_claim(s, &b->clock) ? NULL : &s->nic);
	}
	/*
	 * The interface mon_init() will pick, opened now: QEMU's e1000 holds received frames back
	 * for a second after receive is enabled, which the countdown then absorbs (as in the ROM).
	 */
	rom_net_open_early(&b->net, b->nic_count >= 2 ? 1 : 0);
}

/*
 * The download area: the largest of a few sizes the firmware can give below 4 GiB, leaving it the
 * rest (with the launcher's 256 MiB, 128 MiB). Its size is stored in *@size (0: none).
 */
static uint8_t *efi_load_area(uint64_t *size)
{
	static const uint16_t mib[] = { 128, 96, 64, 48, 40, 32, 16, 8 };
	unsigned int i;
	uint8_t *area;

	for (i = 0; i < sizeof(mib) / sizeof(mib[0]); i++) {
		area = efifw_alloc(mib[i] * EFI_MIB, EFI_RAM_SIZE_32 - 1);
		if (area) {
			*size = mib[i] * EFI_MIB;
			return area;
		}
	}
	*size = 0;
	return NULL;
}

/* The network under the monitor: the listed NICs' stack, downloads to the firmware's memory. */
static void efi_net_start(struct board *b)
{
	uint64_t size;
	uint8_t *load = efi_load_area(&size);

	rom_net_probe(&b->net, &b->clock, b->nics, load, size);
	app.plat.net = &b->net.ops;
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
	bool booting;

	efifw_init(image, systab);
	efifw_watchdog_off();
	efifw_serial_takeover();
	board_console_init(b, UART_COM1_BASE);
	board_printf(b, "PIX BIOS (4.0) #47: %s\n", PIX_BUILD_DATE);
	board_printf(b, "Platform PIX-525\n");
	efi_find_flash(b);
	efi_print_flash();
	board_now_ms(b); /* the clock calibrated before the NICs' waits use it */
	efi_find_nics(b);
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
	b->flash.qctx = b;
	if (booting)
		rom_flash_boot(&b->flash, &b->con, &app.plat, EFI_RAM_SIZE_32);
	app.plat.flash = rom_flash_ops(&b->flash, &b->con, &app.plat, EFI_RAM_SIZE_32);
	net_sys_set_panic(efi_net_panic);
	efi_net_start(b);
	mon_init(&app.mon, &app.plat);
	b->flash.settings = &app.mon.set;
	rom_net_open_early(&b->net, app.mon.set.interface);
	mon_banner(&app.mon);
	mon_run(&app.mon);
	efifw_reset();
}
