/*
 * ROM wiring: bring up clock, UART, PCI and IRQ routing, print the PIX banner,
 * count down to flash boot and hand the console to the monitor.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "fw_cfg.h"
#include "mon.h"
#include "pci.h"
#include "pci_regs.h"
#include "piix3.h"
#include "ram.h"
#include "romflash.h"
#include "romnet.h"
#include "uart16550.h"
#include "uart16550_regs.h"

#ifndef PIX_BUILD_DATE
#define PIX_BUILD_DATE "unknown"
#endif

#define ROM_BAUD 9600 /* the PIX console's speed */
#define ROM_BOOTDELAY_S 10 /* when fw_cfg has no opt/pix/bootdelay */
#define ROM_BOOTDELAY_MAX_S 3600
#define ROM_PRINTF_MAX 160

#define PCI_VENDOR_REDHAT_QUMRANET 0x1af4
#define PCI_DEVICE_IVSHMEM 0x1110
#define IVSHMEM_BAR_SHARED 2 /* BAR2: the shared memory (our flash array) */

/* Everything the ROM wires together; one instance in .bss. */
struct rom {
	struct clock clock;
	struct uart16550 uart;
	struct pci_bus pci;
	struct mon_console con;
	struct mon_console countdown_con; /* con, also bringing the network up (rom_countdown_getc) */
	struct mon_platform plat;
	struct mon_nic nics[MON_NIC_MAX];
	struct mon mon;
	uint64_t ram_size;
	struct rom_net net;
	struct rom_flash flash;
};

static struct rom rom;

static void rom_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int rom_con_getc(void *ctx)
{
	int c = uart_getc(ctx);

	if (c == UART_RX_BREAK)
		return MON_CON_BREAK;
	return c == UART_RX_NONE ? MON_CON_NONE : c;
}

/*
 * The countdown's key check: one bounded step of bringing the interface the monitor will use up
 * (rom_net_early_step: probe, then open) before each look at the UART, so the NIC starts - and
 * QEMU's 1 s e1000 receive hold runs - while the user may still press Esc. The interface is the
 * one mon_init() picks: 1 when there are two NICs or more, else 0 (a user's `interface` command
 * later opens its own NIC as before).
 */
static int rom_countdown_getc(void *ctx)
{
	rom_net_early_step(&rom.net, &rom.clock, rom.plat.nic_count >= 2 ? 1 : 0);
	return rom_con_getc(ctx);
}

static void rom_con_write(void *ctx, const char *buf, size_t len)
{
	while (len--) {
		if (*buf == '\n')
			uart_putc(ctx, '\r');
		uart_putc(ctx, *buf++);
	}
}

/*
 * The monitor's clock. Calibration finishes on first use, so the banner and the
 * countdown line go out while the PIT window is still running.
 */
static uint64_t rom_now_ms(void *ctx)
{
	struct clock *c = ctx;

	if (!c->calibrated && clock_calibrate(c))
		rom_printf("Warning: the PIT does not count; timing is approximate.\n");
	return clock_ms(c);
}

static void rom_reload(void *ctx)
{
	(void)ctx;
	piix3_reset();
}

static void rom_printf(const char *fmt, ...)
{
	char buf[ROM_PRINTF_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rom_con_write(&rom.uart, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* The boot delay from fw_cfg opt/pix/bootdelay (decimal seconds), else the default. */
static unsigned int rom_bootdelay(void)
{
	struct fw_cfg_file f;
	char text[8];
	unsigned int v = 0;
	size_t n, i;

	if (fw_cfg_find("opt/pix/bootdelay", &f))
		return ROM_BOOTDELAY_S;
	n = fw_cfg_read(&f, text, sizeof(text));
	if (!n)
		return ROM_BOOTDELAY_S;
	for (i = 0; i < n && text[i] && text[i] != '\n'; i++) {
		if (text[i] < '0' || text[i] > '9')
			return ROM_BOOTDELAY_S;
		v = v * 10 + (unsigned int)(text[i] - '0');
	}
	return v > ROM_BOOTDELAY_MAX_S ? ROM_BOOTDELAY_MAX_S : v;
}

/* Fills rom.nics with the supported NICs in slot order; returns how many. */
static unsigned int rom_collect_nics(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < rom.pci.count && n < MON_NIC_MAX; i++) {
		const struct pci_dev *d = &rom.pci.devs[i];
		const char *family = rom_net_family(d);
		struct mon_nic *nic = &rom.nics[n];

		if (!family)
			continue;
		memcpy(nic->name, family, strlen(family) + 1);
		nic->bus = d->bus;
		nic->dev = d->dev;
		nic->irq = d->irq;
		rom_net_add(&rom.net, d);
		n++;
	}
	return n;
}

/* Prints the Flash= banner line from the ivshmem device that carries the flash array. */
static void rom_print_flash(void)
{
	struct pci_dev *d = pci_find(&rom.pci, PCI_VENDOR_REDHAT_QUMRANET, PCI_DEVICE_IVSHMEM);

	if (d && d->bar[IVSHMEM_BAR_SHARED].addr)
		rom_printf("Flash=AT29C040A @ 0x%llx\n",
			   (unsigned long long)d->bar[IVSHMEM_BAR_SHARED].addr);
	else
		rom_printf("Flash=none\n");
}

/* True when fw_cfg opt/pix/flashtiming says "datasheet" (10 ms program cycles, as the chip). */
static bool rom_flash_datasheet_timing(void)
{
	static const char want[] = "datasheet";
	struct fw_cfg_file f;
	char text[sizeof(want)];

	if (fw_cfg_find("opt/pix/flashtiming", &f) || f.size < sizeof(want) - 1)
		return false;
	return fw_cfg_read(&f, text, sizeof(want) - 1) == sizeof(want) - 1 &&
	       !memcmp(text, want, sizeof(want) - 1);
}

/*
 * Before an image runs: the NICs the monitor used stopped, and bus mastering off on every PCI
 * function, so no device writes to memory the image now owns (flash/pix_bootinfo.h).
 */
static void rom_quiesce(void *ctx)
{
	unsigned int i;

	(void)ctx;
	rom_net_stop(&rom.net);
	for (i = 0; i < rom.pci.count; i++) {
		const struct pci_dev *d = &rom.pci.devs[i];
		uint16_t cmd = pci_cfg_read16(d->bus, d->dev, d->fn, PCI_COMMAND);

		pci_cfg_write16(d->bus, d->dev, d->fn, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
	}
}

/* lwIP's assertion failures: say where, then stop (the final halt); `reload` is out of reach. */
static void rom_net_panic(const char *msg, const char *file, int line)
{
	rom_printf("\nNetwork stack failure: %s (%s:%d). System halted; power cycle to restart.\n",
		   msg, file, line);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* rom_main - C entry from entry32.S; never returns. */
void rom_main(void);
void rom_main(void)
{
	bool booting;

	clock_init(&rom.clock);
	uart_init(&rom.uart, UART_COM1_BASE, ROM_BAUD, &rom.clock);
	rom.con = (struct mon_console){ rom_con_getc, rom_con_write, &rom.uart };
	rom_printf("PIX BIOS (4.0) #47: %s\n", PIX_BUILD_DATE);
	rom_printf("Platform PIX-525\n");

	pci_enumerate(&rom.pci);
	pci_assign_bars(&rom.pci);
	piix3_route_irqs(&rom.pci);
	rom_print_flash();
	rom_printf("\n");
	rom.ram_size = rom_ram_size();

	rom.plat = (struct mon_platform){
		.con = &rom.con,
		.now_ms = rom_now_ms,
		.reload = rom_reload,
		.nics = rom.nics,
		.nic_count = rom_collect_nics(),
		.ctx = &rom.clock,
		.build_date = PIX_BUILD_DATE,
	};
	rom.countdown_con = (struct mon_console){ rom_countdown_getc, rom_con_write, &rom.uart };
	rom.plat.con = &rom.countdown_con;
	booting = mon_autoboot(&rom.plat, rom_bootdelay()) != MON_AUTOBOOT_INTERRUPT;
	rom.plat.con = &rom.con;
	rom_flash_attach(&rom.flash,
			 pci_find(&rom.pci, PCI_VENDOR_REDHAT_QUMRANET, PCI_DEVICE_IVSHMEM),
			 &rom.clock, rom_flash_datasheet_timing());
	rom.flash.quiesce = rom_quiesce;
	if (booting)
		rom_flash_boot(&rom.flash, &rom.con, &rom.plat, rom.ram_size);
	rom.plat.flash = rom_flash_ops(&rom.flash, &rom.con, &rom.plat, rom.ram_size);
	net_sys_set_panic(rom_net_panic);
	rom_net_probe(&rom.net, &rom.clock, rom.nics, rom.ram_size);
	rom.plat.net = &rom.net.ops;
	mon_init(&rom.mon, &rom.plat);
	rom_net_open_early(&rom.net, rom.mon.set.interface);
	mon_banner(&rom.mon);
	mon_run(&rom.mon);
	piix3_reset();
}
