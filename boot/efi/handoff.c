/*
 * The hand-over from the UEFI application to a 32-bit PIX image, with the contract the ROM gives
 * (flash/pix_bootinfo.h): 32-bit flat protected mode, interrupts off, EAX = 'PIXB', EBX = the
 * boot-information block, no device writing to memory.
 *
 * Memory: the payload is read where it will run when the firmware lets us have those pages
 * (AllocateAddress); else into pages elsewhere below 4 GiB, and the 32-bit part copies it after
 * long mode is left. The block, the GDT, the 32-bit part and its stack live in one handoff page
 * below 4 GiB (below the load address when possible, so the image's .bss and stack after its
 * payload never cover it) that the copy does not touch.
 *
 * Order (handoff_enter): the board has been quiesced (rom_flash_boot, before this: NIC drivers
 * may still call boot services), then ExitBootServices with a fresh memory map that becomes the
 * block's, interrupts off, bus mastering off on every PCI function (the firmware's NIC drivers may
 * have left it on), the 8259s masked (OVMF leaves its LAPIC timer masked and the I/O APIC's pins
 * masked), and handoff.S, which also empties the IDT.
 */
#include "handoff.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "efifw.h"
#include "efimem.h"
#include "flash/pix_image.h"
#include "i8259_regs.h"
#include "io.h"
#include "pci.h"
#include "pci_regs.h"

#define HO_MAP_MAX 384 /* ranges of the firmware's map we read (OVMF: under 100) */
#define HO_PCI_DEVS 32
#define HO_PCI_FNS 8
#define HO_GDT_CODE32 0x00cf9a000000ffffULL /* base 0, limit 4 GiB, 32-bit, execute/read */
#define HO_GDT_DATA32 0x00cf92000000ffffULL /* base 0, limit 4 GiB, 32-bit, read/write */

_Static_assert(offsetof(struct handoff_page, gdt_limit) == HO_GDTR, "GDTR at HO_GDTR");
_Static_assert(offsetof(struct handoff_page, gdt_base) == HO_GDTR + 2, "GDTR base follows");
_Static_assert(offsetof(struct handoff_page, code32) == HO_CODE32, "code32 at HO_CODE32");
_Static_assert(offsetof(struct handoff_page, entry) == HO_ENTRY, "entry at HO_ENTRY");
_Static_assert(offsetof(struct handoff_page, bootinfo) == HO_BOOTINFO, "block at HO_BOOTINFO");
_Static_assert(offsetof(struct handoff_page, copy_src) == HO_COPY_SRC, "source at HO_COPY_SRC");
_Static_assert(offsetof(struct handoff_page, copy_dst) == HO_COPY_DST, "target at HO_COPY_DST");
_Static_assert(offsetof(struct handoff_page, copy_len) == HO_COPY_LEN, "length at HO_COPY_LEN");
_Static_assert(offsetof(struct handoff_page, stack_top) == HO_STACK, "stack at HO_STACK");
_Static_assert(offsetof(struct handoff_page, idtr) == HO_IDTR, "IDTR at HO_IDTR");
_Static_assert(offsetof(struct handoff_page, bi) % 8 == 0, "the block is 8-byte aligned");
_Static_assert(sizeof(struct handoff_page) < HO_PAGE_BYTES / 2, "half the page for the stack");
_Static_assert(HO_SEL_CODE32 == 1 * 8 && HO_SEL_DATA32 == 2 * 8, "selectors index the GDT");
_Static_assert(HO_BOOT_EAX == IMG_BOOT_EAX, "the image contract's EAX");

/* Where flash boot read the payload (handoff_load_buf), for the hand-over. */
struct handoff_load {
	void *buf; /* the pages allocated, NULL when none */
	uint32_t load_addr; /* where the payload runs */
	uint32_t len; /* bytes */
};

static struct handoff_load ho_load;
static struct efifw_range ho_map[HO_MAP_MAX];

/* Whether [a, a + alen) and [b, b + blen) share a byte. */
static bool ho_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Pages below 4 GiB outside [avoid, avoid + avoid_len): below @avoid when they fit, else any. */
static void *ho_alloc_apart(uint64_t bytes, uint32_t avoid, uint32_t avoid_len)
{
	void *p = avoid > bytes ? efifw_alloc(bytes, avoid - 1) : NULL;

	if (!p)
		p = efifw_alloc(bytes, EFIMEM_LIMIT - 1);
	if (p && ho_overlap((uintptr_t)p, bytes, avoid, avoid_len)) {
		efifw_free(p, bytes);
		p = NULL;
	}
	return p;
}

/**
 * handoff_load_buf() - rf->load_buf: where flash boot reads a payload that runs at @load_addr.
 * The pages there when the firmware gives them; else pages elsewhere below 4 GiB, from which the
 * hand-over copies it. A previous boot attempt's pages are given back first.
 * @ctx: unused (the board)
 * @load_addr: the image's load address
 * @len: the payload's bytes
 *
 * Return: the buffer, or NULL when there is no memory for it.
 */
void *handoff_load_buf(void *ctx, uint32_t load_addr, uint32_t len)
{
	(void)ctx;
	efifw_free(ho_load.buf, ho_load.len);
	ho_load = (struct handoff_load){ NULL, load_addr, len };
	if ((uint64_t)load_addr + len > EFIMEM_LIMIT)
		return NULL;
	ho_load.buf = efifw_alloc_at(load_addr, len);
	if (!ho_load.buf)
		ho_load.buf = ho_alloc_apart(len, load_addr, len);
	return ho_load.buf;
}

/* Fills @pg for the 32-bit part: GDT, the part itself, the copy, the block, the entry. */
static void ho_fill_page(struct handoff_page *pg, uint32_t entry, const struct pix_bootinfo *bi)
{
	size_t code_len = (size_t)(handoff_code32_end - handoff_code32);
	uint32_t at = (uint32_t)(uintptr_t)pg;

	memset(pg, 0, sizeof(*pg));
	pg->gdt[1] = HO_GDT_CODE32;
	pg->gdt[2] = HO_GDT_DATA32;
	pg->gdt_limit = sizeof(pg->gdt) - 1;
	pg->gdt_base = at + offsetof(struct handoff_page, gdt);
	memcpy(pg->code, handoff_code32, code_len);
	pg->code32 = at + offsetof(struct handoff_page, code);
	pg->entry = entry;
	pg->bi = *bi;
	pg->bootinfo = at + offsetof(struct handoff_page, bi);
	pg->stack_top = at + HO_PAGE_BYTES;
	if (ho_load.buf && (uintptr_t)ho_load.buf != ho_load.load_addr) {
		pg->copy_src = (uint32_t)(uintptr_t)ho_load.buf;
		pg->copy_dst = ho_load.load_addr;
		pg->copy_len = ho_load.len;
	}
}

/* Bus mastering off on every function of bus 0: the firmware's drivers have stopped. */
static void ho_pci_masters_off(void)
{
	unsigned int dev, fn;

	for (dev = 0; dev < HO_PCI_DEVS; dev++) {
		bool multi = pci_cfg_read8(0, (uint8_t)dev, 0, PCI_HEADER_TYPE) &
			     PCI_HEADER_MULTIFUNCTION;

		for (fn = 0; fn < (multi ? HO_PCI_FNS : 1u); fn++) {
			uint16_t cmd;

			if (pci_cfg_read16(0, (uint8_t)dev, (uint8_t)fn, PCI_VENDOR_ID) ==
			    PCI_VENDOR_NONE)
				continue;
			cmd = pci_cfg_read16(0, (uint8_t)dev, (uint8_t)fn, PCI_COMMAND);
			if (cmd & PCI_COMMAND_MASTER)
				pci_cfg_write16(0, (uint8_t)dev, (uint8_t)fn, PCI_COMMAND,
						cmd & ~PCI_COMMAND_MASTER);
		}
	}
}

/**
 * handoff_ram_size() - The top of RAM below 4 GiB in the firmware's memory map now, for the
 * monitor's flash boot (the block gets the map as it is at ExitBootServices).
 *
 * Return: the first address above it; 0 when the firmware gave no map.
 */
uint64_t handoff_ram_size(void)
{
	unsigned int n;

	if (efifw_memory_map(ho_map, HO_MAP_MAX, &n))
		return 0;
	return efimem_ram_top(ho_map, n);
}

/**
 * handoff_enter() - Enters the 32-bit image at @entry with @bi, as the ROM does; the payload is
 * where handoff_load_buf() put it. Called after the board's quiesce. Returns only when the
 * firmware did not let go (boot services may then be partly shut down: the caller resets).
 * @entry: the image's entry address
 * @bi: the boot-information block (copied; its memory map is replaced by the firmware's)
 * @why: set to the reason when it returns
 *
 * Return: a negative code, and only on failure.
 */
int handoff_enter(uint32_t entry, const struct pix_bootinfo *bi, const char **why)
{
	struct handoff_page *pg;
	unsigned int n;

	if ((size_t)(handoff_code32_end - handoff_code32) > HO_CODE_MAX) {
		*why = "the hand-over code outgrew its page";
		return -1;
	}
	pg = ho_alloc_apart(HO_PAGE_BYTES, ho_load.load_addr, ho_load.len);
	if (!pg) {
		*why = "no memory below 4 GiB for the hand-over";
		return -1;
	}
	ho_fill_page(pg, entry, bi);
	if (efifw_exit_boot_services(ho_map, HO_MAP_MAX, &n)) {
		*why = "the firmware refused ExitBootServices";
		return -1;
	}
	__asm__ volatile("cli" ::: "memory"); /* the firmware's handlers are gone */
	efimem_fill(&pg->bi, ho_map, n);
	ho_pci_masters_off();
	outb(I8259_MASTER_DATA, I8259_MASK_ALL);
	outb(I8259_SLAVE_DATA, I8259_MASK_ALL);
	handoff_leave_long_mode(pg);
}
