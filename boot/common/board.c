/*
 * Board wiring shared by the ROM and the images that run after it (the running image, the
 * Boothelper): the console on a 16550, the calibrated clock, PCI bus 0 with its BARs and IRQ
 * routing, the NICs the firmware drives, the flash bank on the ivshmem BAR, and the quiesce that
 * stops every device before control passes on. Each target calls these in its own order.
 */
#include "board.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fw_cfg.h"
#include "netstack.h"
#include "pci_regs.h"
#include "piix3.h"

#define BOARD_PRINTF_MAX 160
#define IVSHMEM_BAR_SHARED 2 /* BAR2: the shared memory (our flash array) */
#define PCI_VENDOR_REDHAT_QUMRANET 0x1af4
#define PCI_DEVICE_IVSHMEM 0x1110

static int board_con_getc(void *ctx)
{
	int c = uart_getc(ctx);

	if (c == UART_RX_BREAK)
		return MON_CON_BREAK;
	return c == UART_RX_NONE ? MON_CON_NONE : c;
}

static void board_con_write(void *ctx, const char *buf, size_t len)
{
	while (len--) {
		if (*buf == '\n')
			uart_putc(ctx, '\r');
		uart_putc(ctx, *buf++);
	}
}

/**
 * board_console_init() - Starts the clock (calibration runs in the background) and the console
 * UART at BOARD_BAUD.
 * @b: the board
 * @port: the UART's I/O port (COM1, 0x3f8)
 */
void board_console_init(struct board *b, uint16_t port)
{
	clock_init(&b->clock);
	uart_init(&b->uart, port, BOARD_BAUD, &b->clock);
	b->con = (struct mon_console){ board_con_getc, board_con_write, &b->uart };
}

/**
 * board_printf() - Formats a line onto the console.
 * @b: the board
 * @fmt: the format
 */
void board_printf(struct board *b, const char *fmt, ...)
{
	char buf[BOARD_PRINTF_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	board_con_write(&b->uart, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/**
 * board_now_ms() - Milliseconds since board_console_init(); calibration finishes on first use.
 * @ctx: the board
 *
 * Return: the time.
 */
uint64_t board_now_ms(void *ctx)
{
	struct board *b = ctx;

	if (!b->clock.calibrated && clock_calibrate(&b->clock))
		board_printf(b, "Warning: the PIT does not count; timing is approximate.\n");
	return clock_ms(&b->clock);
}

/**
 * board_add_nic() - Lists PCI function @d as the next NIC, for the NIC list and the network
 * wiring, when it is one the PIX lists (rom_net_family).
 * @b: the board
 * @d: the function (kept: it must outlive the board's use of it)
 * @n: its driver when one already runs it (the UEFI firmware's), or NULL: probed by the ROM's
 *
 * Return: true when listed.
 */
bool board_add_nic(struct board *b, const struct pci_dev *d, struct nic *n)
{
	const char *family = rom_net_family(d);
	struct mon_nic *nic;

	if (!family || b->nic_count >= MON_NIC_MAX)
		return false;
	nic = &b->nics[b->nic_count];
	memset(nic, 0, sizeof(*nic));
	memcpy(nic->name, family, strlen(family) + 1);
	nic->bus = d->bus;
	nic->dev = d->dev;
	nic->irq = d->irq;
	if (n)
		rom_net_add_nic(&b->net, d, n);
	else
		rom_net_add(&b->net, d);
	b->nic_count++;
	return true;
}

/* Lists the supported NICs in slot order for the NIC list and the network wiring. */
static void board_collect_nics(struct board *b)
{
	unsigned int i;

	b->nic_count = 0;
	for (i = 0; i < b->pci.count; i++)
		board_add_nic(b, &b->pci.devs[i], NULL);
}

/**
 * board_pci_init() - Enumerates PCI bus 0, places the BARs, routes the PIRQs and lists the NICs.
 * The placement is deterministic, so an image that runs it again finds every BAR where the ROM
 * put it.
 * @b: the board
 */
void board_pci_init(struct board *b)
{
	pci_enumerate(&b->pci);
	pci_assign_bars(&b->pci);
	piix3_route_irqs(&b->pci);
	board_collect_nics(b);
}

/**
 * board_ivshmem() - The ivshmem device whose BAR2 is the flash array.
 * @b: the board
 *
 * Return: the device, or NULL when there is none.
 */
struct pci_dev *board_ivshmem(struct board *b)
{
	return pci_find(&b->pci, PCI_VENDOR_REDHAT_QUMRANET, PCI_DEVICE_IVSHMEM);
}

/**
 * board_flash_datasheet_timing() - True when fw_cfg opt/pix/flashtiming says "datasheet" (10 ms
 * program cycles, as the chip).
 *
 * Return: the setting.
 */
bool board_flash_datasheet_timing(void)
{
	static const char want[] = "datasheet";
	struct fw_cfg_file f;
	char text[sizeof(want)];

	if (fw_cfg_find("opt/pix/flashtiming", &f) || f.size < sizeof(want) - 1)
		return false;
	return fw_cfg_read(&f, text, sizeof(want) - 1) == sizeof(want) - 1 &&
	       !memcmp(text, want, sizeof(want) - 1);
}

/**
 * board_flash_attach() - Puts the chip model and driver over the ivshmem BAR (b->flash.err says
 * why the flash is unusable, 0 when usable).
 * @b: the board
 */
void board_flash_attach(struct board *b)
{
	rom_flash_attach(&b->flash, board_ivshmem(b), &b->clock, board_flash_datasheet_timing());
	b->flash.quiesce = board_quiesce;
	b->flash.qctx = b;
}

/**
 * board_quiesce() - Before another image runs: the NICs stopped, and bus mastering off on every
 * PCI function, so no device writes to memory the image now owns (flash/pix_bootinfo.h).
 * @ctx: the board
 */
void board_quiesce(void *ctx)
{
	struct board *b = ctx;
	unsigned int i;

	rom_net_stop(&b->net);
	for (i = 0; i < b->pci.count; i++) {
		const struct pci_dev *d = &b->pci.devs[i];
		uint16_t cmd = pci_cfg_read16(d->bus, d->dev, d->fn, PCI_COMMAND);

		pci_cfg_write16(d->bus, d->dev, d->fn, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
	}
}

/**
 * board_print_flash() - The banner's Flash= line, from the ivshmem device whose BAR2 is the flash
 * array ("Flash=none" without one).
 * @b: the board
 */
void board_print_flash(struct board *b)
{
	struct pci_dev *d = board_ivshmem(b);

	if (d && d->bar[IVSHMEM_BAR_SHARED].addr)
		board_printf(b, "Flash=AT29C040A @ 0x%llx\n",
			     (unsigned long long)d->bar[IVSHMEM_BAR_SHARED].addr);
	else
		board_printf(b, "Flash=none\n");
}

/* The board whose console board_net_panic() writes to (lwIP's panic hook has no context). */
static struct board *board_panic_board;

/* lwIP's assertion failures: say where, then stop for good (`reload` is out of reach). */
static void board_net_panic(const char *msg, const char *file, int line)
{
	board_printf(board_panic_board,
		     "\nNetwork stack failure: %s (%s:%d). System halted; power cycle to "
		     "restart.\n",
		     msg, file, line);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/**
 * board_set_net_panic() - Makes lwIP's assertion failures print on @b's console and halt.
 * @b: the board
 */
void board_set_net_panic(struct board *b)
{
	board_panic_board = b;
	net_sys_set_panic(board_net_panic);
}
