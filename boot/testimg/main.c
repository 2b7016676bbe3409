/* The test image: says who it is on COM1, then prints the boot information it was handed. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io.h"
#include "pci_regs.h"
#include "uart16550_regs.h"
#include "flash/pix_bootinfo.h"
#include "flash/pix_image.h"

#ifndef TESTIMG_VERSION
#error "TESTIMG_VERSION (the image version, e.g. \"6.3(5)\") comes from tools/image.mk"
#endif

/*
 * LSR reads before a character is dropped. The image has no calibrated clock; this only keeps a
 * missing UART from hanging it (QEMU's 16550 is always ready; real hardware at 9600 baud needs
 * about 1 ms, a few hundred I/O reads).
 */
#define TESTIMG_THRE_POLLS 100000

void testimg_main(uint32_t eax, const struct pix_bootinfo *bi);

/* Sends one byte to COM1 (set up by the ROM), "\n" as CR LF. */
static void ti_putc(char c)
{
	unsigned int i;

	if (c == '\n')
		ti_putc('\r');
	for (i = 0; i < TESTIMG_THRE_POLLS; i++)
		if (inb(UART_COM1_BASE + UART_LSR) & UART_LSR_THRE)
			break;
	outb(UART_COM1_BASE + UART_THR, (uint8_t)c);
}

static void ti_puts(const char *s)
{
	while (*s)
		ti_putc(*s++);
}

/* Prints @v in decimal. */
static void ti_putdec(uint32_t v)
{
	char buf[11];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		ti_putc(buf[--n]);
}

/* Prints the low @digits hex digits of @v. */
static void ti_puthexdigits(uint32_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	while (digits--)
		ti_putc(hex[(v >> (4 * digits)) & 0xf]);
}

/* Prints @v as 0x and @digits hex digits. */
static void ti_puthex(uint32_t v, int digits)
{
	ti_puts("0x");
	ti_puthexdigits(v, digits);
}

static void ti_puthex64(uint64_t v)
{
	ti_puthex((uint32_t)(v >> 32), 8);
	ti_puthexdigits((uint32_t)v, 8);
}

/* Prints an IPv4 address held in host order. */
static void ti_putip(uint32_t a)
{
	int i;

	for (i = 3; i >= 0; i--) {
		ti_putdec((a >> (8 * i)) & 0xff);
		if (i)
			ti_putc('.');
	}
}

/* Prints "<label><text>\n" in the PIX "show version" column style. */
static void ti_feature(const char *label, bool on)
{
	ti_puts(label);
	ti_puts(on ? "Enabled\n" : "Disabled\n");
}

/* Prints a limit that 0 makes unlimited. */
static void ti_limit(const char *label, uint32_t v, const char *unit)
{
	ti_puts(label);
	if (!v) {
		ti_puts("Unlimited\n");
		return;
	}
	ti_putdec(v);
	ti_puts(unit);
	ti_putc('\n');
}

static void ti_show_license(const struct pix_bootinfo *bi)
{
	int i;

	ti_puts("Serial Number: ");
	ti_putdec(bi->serial);
	ti_puts(" (");
	ti_puthex(bi->serial, 8);
	ti_puts(")\nRunning Activation Key:");
	for (i = 0; i < 4; i++) {
		ti_putc(' ');
		ti_puthex(bi->key[i], 8);
	}
	ti_putc('\n');
	if (!(bi->flags & PIX_BI_KEY_VALID)) {
		ti_puts("Licensed Features: none (no valid activation key)\n");
		return;
	}
	ti_puts("Licensed Features:\n");
	ti_feature("Failover:           ", bi->features & PIX_BI_FEAT_FAILOVER);
	ti_feature("VPN-DES:            ", bi->features & PIX_BI_FEAT_VPN_DES);
	ti_feature("VPN-3DES-AES:       ", bi->features & PIX_BI_FEAT_VPN_3DES);
	ti_puts("Maximum Interfaces: ");
	ti_putdec(bi->max_interfaces);
	ti_putc('\n');
	ti_feature("Cut-through Proxy:  ", bi->features & PIX_BI_FEAT_CUT_THROUGH);
	ti_feature("Guards:             ", bi->features & PIX_BI_FEAT_GUARDS);
	ti_feature("Websense:           ", bi->features & PIX_BI_FEAT_WEBSENSE);
	ti_limit("ISAKMP peers:       ", bi->isakmp_peers, "");
	ti_limit("Throughput:         ", bi->throughput_mbps, " Mbit/s");
}

static void ti_show_platform(const struct pix_bootinfo *bi)
{
	uint32_t i, n = bi->mem_count < PIX_BI_MEM_MAX ? bi->mem_count : PIX_BI_MEM_MAX;

	ti_puts("Flash: ");
	ti_puthex(bi->flash_base, 8);
	ti_puts(", ");
	ti_putdec(bi->flash_size);
	ti_puts(" bytes; image at offset ");
	ti_puthex(bi->flash_image_offset, 8);
	ti_puts(", ");
	ti_putdec(bi->flash_image_len);
	ti_puts(" bytes striped over ");
	ti_putdec(bi->flash_image_chips);
	ti_puts(" chips, version ");
	ti_putdec(bi->image_major);
	ti_putc('.');
	ti_putdec(bi->image_minor);
	ti_putc('(');
	ti_putdec(bi->image_maint);
	ti_puts(")\nConsole: port ");
	ti_puthex(bi->console_port, 4);
	ti_puts(", ");
	ti_putdec(bi->console_baud);
	ti_puts(" baud\n");
	for (i = 0; i < n; i++) {
		ti_puts("Memory: ");
		ti_puthex64(bi->mem[i].base);
		ti_puts(" length ");
		ti_puthex64(bi->mem[i].length);
		ti_puts(bi->mem[i].type == PIX_BI_MEM_RAM ? " RAM\n" : " reserved\n");
	}
}

static void ti_show_monitor(const struct pix_bootinfo *bi)
{
	size_t i;

	ti_puts("Monitor: address ");
	ti_putip(bi->mon_address);
	ti_puts(" server ");
	ti_putip(bi->mon_server);
	ti_puts(" gateway ");
	ti_putip(bi->mon_gateway);
	ti_puts(" interface ");
	ti_putdec(bi->mon_interface);
	ti_puts(" timeout ");
	ti_putdec(bi->mon_timeout_s);
	ti_puts(bi->flags & PIX_BI_TRACE ? " trace on\nMonitor file: \"" :
					   " trace off\n"
					   "Monitor file: \"");
	for (i = 0; i < PIX_BI_FILE_LEN && bi->mon_file[i]; i++)
		ti_putc(bi->mon_file[i] >= 0x20 && bi->mon_file[i] <= 0x7e ? bi->mon_file[i] : '?');
	ti_puts("\"\n");
}

/* PCI configuration mechanism #1: a dword of bus 0 function dev.fn at @off. */
static uint32_t ti_pci_read32(uint32_t dev, uint32_t fn, uint32_t off)
{
	outl(PCI_CFG_ADDR, PCI_CFG_ENABLE | dev << 11 | fn << 8 | off);
	return inl(PCI_CFG_DATA);
}

/* Prints one network controller and whether it may still write to memory. */
static void ti_show_nic(uint32_t dev, uint32_t fn, uint32_t id)
{
	uint32_t cmd = ti_pci_read32(dev, fn, PCI_COMMAND) & 0xFFFF;

	ti_puts("NIC 00:");
	ti_puthexdigits(dev, 2);
	ti_putc('.');
	ti_putdec(fn);
	ti_putc(' ');
	ti_puthexdigits(id & 0xFFFF, 4);
	ti_putc(':');
	ti_puthexdigits(id >> 16, 4);
	ti_puts(cmd & PCI_COMMAND_MASTER ? ": bus master ON\n" : ": bus master off\n");
}

/*
 * Every network controller on bus 0, and whether it may still write to memory: a monitor must
 * hand over with bus mastering off (flash/pix_bootinfo.h).
 */
static void ti_show_nics(void)
{
	uint32_t dev, fn;

	for (dev = 0; dev < 32; dev++) {
		bool multi = (ti_pci_read32(dev, 0, PCI_HEADER_TYPE & ~3u) >> 16) &
			     PCI_HEADER_MULTIFUNCTION;

		for (fn = 0; fn < (multi ? 8u : 1u); fn++) {
			uint32_t id = ti_pci_read32(dev, fn, PCI_VENDOR_ID);

			if ((id & 0xFFFF) == PCI_VENDOR_NONE)
				continue;
			if (ti_pci_read32(dev, fn, PCI_CLASS_REVISION) >> PCI_CLASS_BASE_SHIFT ==
			    PCI_CLASS_NETWORK)
				ti_show_nic(dev, fn, id);
		}
	}
}

/* The image's signature as the monitor checked it: which key, the security versions. */
static void ti_show_signature(const struct pix_bootinfo *bi)
{
	unsigned int i;

	ti_puts("Signing keys: ");
	ti_putdec(bi->sig_keys);
	if (bi->flags & PIX_BI_SIGNED) {
		ti_puts(", signed by key ");
		ti_putdec(bi->sig_key_index);
		ti_puts(" (");
		for (i = 0; i < 8; i++)
			ti_puthexdigits(bi->sig_key_id[i], 2);
		ti_puts("...), security version ");
		ti_putdec(bi->sig_sec_version);
	}
	ti_puts(", unit security version ");
	ti_putdec(bi->sig_floor);
	ti_putc('\n');
}

/* Whether @bi is a block this image understands; says why not when it is not. */
static bool ti_bootinfo_ok(uint32_t eax, const struct pix_bootinfo *bi)
{
	if (eax != IMG_BOOT_EAX) {
		ti_puts("No boot information: EAX=");
		ti_puthex(eax, 8);
		ti_puts(", expected 'PIXB'\n");
		return false;
	}
	if (bi->magic != PIX_BOOTINFO_MAGIC || bi->version < PIX_BOOTINFO_VERSION ||
	    bi->size < sizeof(*bi)) {
		ti_puts("Boot information not recognised: magic ");
		ti_puthex(bi->magic, 8);
		ti_puts(" version ");
		ti_putdec(bi->version);
		ti_puts(" size ");
		ti_putdec(bi->size);
		ti_putc('\n');
		return false;
	}
	return true;
}

/**
 * testimg_main() - the whole test image: banner, boot information, back to entry.S to halt
 * @eax: EAX at entry, IMG_BOOT_EAX from a PIX monitor
 * @bi: EBX at entry, the boot-information block
 */
void testimg_main(uint32_t eax, const struct pix_bootinfo *bi)
{
	ti_puts("PIX test image " TESTIMG_VERSION "\n");
	if (!ti_bootinfo_ok(eax, bi))
		goto halt;
	ti_puts("Boot information: version ");
	ti_putdec(bi->version);
	ti_puts(", ");
	ti_putdec(bi->size);
	ti_puts(" bytes at ");
	ti_puthex((uint32_t)(uintptr_t)bi, 8);
	ti_putc('\n');
	ti_show_license(bi);
	ti_show_signature(bi);
	ti_show_platform(bi);
	ti_show_monitor(bi);
	ti_show_nics();
halt:
	ti_puts("Test image halted.\n");
}
