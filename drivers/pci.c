/*
 * PCI bus 0: enumeration of every function and BAR assignment, on top of the
 * configuration accessors of pci_cfg.c (host tests link a fake instead).
 * BARs are sized by writing all ones and placed largest first (power-of-two
 * sizes, so each lands naturally aligned with no holes) from PCI_MEM_BASE and
 * PCI_IO_BASE.
 */
#include "pci.h"

#include <errno.h>
#include <stddef.h>

#include "pci_regs.h"

/* Sizes BAR @i of @d (and its upper half for 64-bit); returns the number of BAR slots used. */
static int pci_size_bar(struct pci_dev *d, int i)
{
	uint8_t off = PCI_BAR0 + 4 * i;
	uint32_t orig = pci_cfg_read32(d->bus, d->dev, d->fn, off), lo, hi = 0xffffffffu;
	struct pci_bar *b = &d->bar[i];

	pci_cfg_write32(d->bus, d->dev, d->fn, off, 0xffffffffu);
	lo = pci_cfg_read32(d->bus, d->dev, d->fn, off);
	pci_cfg_write32(d->bus, d->dev, d->fn, off, orig);
	if (!lo)
		return 1;
	b->io = orig & PCI_BAR_IO;
	if (b->io) {
		b->size = (uint16_t) ~(lo & PCI_BAR_IO_MASK) + 1u;
		return 1;
	}
	b->is64 = (orig & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;
	if (b->is64 && i + 1 < PCI_BAR_COUNT) {
		pci_cfg_write32(d->bus, d->dev, d->fn, off + 4, 0xffffffffu);
		hi = pci_cfg_read32(d->bus, d->dev, d->fn, off + 4);
		pci_cfg_write32(d->bus, d->dev, d->fn, off + 4, 0);
	}
	b->size = ~(((uint64_t)hi << 32) | (lo & PCI_BAR_MEM_MASK)) + 1;
	return b->is64 ? 2 : 1;
}

/* Reads the identity, interrupt pin and BAR sizes of one function. */
static void pci_probe_fn(struct pci_dev *d, uint8_t dev, uint8_t fn)
{
	int i;

	*d = (struct pci_dev){ .bus = 0, .dev = dev, .fn = fn, .irq = 0xff };
	d->vendor = pci_cfg_read16(0, dev, fn, PCI_VENDOR_ID);
	d->device = pci_cfg_read16(0, dev, fn, PCI_DEVICE_ID);
	d->class_rev = pci_cfg_read32(0, dev, fn, PCI_CLASS_REVISION);
	d->irq_pin = pci_cfg_read8(0, dev, fn, PCI_INTERRUPT_PIN);
	if ((pci_cfg_read8(0, dev, fn, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) !=
	    PCI_HEADER_TYPE_NORMAL)
		return;
	for (i = 0; i < PCI_BAR_COUNT; i += pci_size_bar(d, i))
		;
}

/*
 * pci_enumerate - find every function on bus 0 and size its BARs.
 * Returns 0, or -E2BIG when more functions exist than PCI_MAX_DEVICES (the rest are skipped).
 */
int pci_enumerate(struct pci_bus *pb)
{
	uint8_t dev, fn, nfn;

	pb->count = 0;
	for (dev = 0; dev < 32; dev++) {
		if (pci_cfg_read16(0, dev, 0, PCI_VENDOR_ID) == PCI_VENDOR_NONE)
			continue;
		nfn = (pci_cfg_read8(0, dev, 0, PCI_HEADER_TYPE) & PCI_HEADER_MULTIFUNCTION) ? 8 :
											       1;
		for (fn = 0; fn < nfn; fn++) {
			if (pci_cfg_read16(0, dev, fn, PCI_VENDOR_ID) == PCI_VENDOR_NONE)
				continue;
			if (pb->count == PCI_MAX_DEVICES)
				return -E2BIG;
			pci_probe_fn(&pb->devs[pb->count++], dev, fn);
		}
	}
	return 0;
}

/* Finds the largest BAR not yet placed (addr 0, size > 0); returns 0 when none is left. */
static struct pci_bar *pci_next_bar(struct pci_bus *pb, struct pci_dev **owner)
{
	struct pci_bar *best = NULL;
	unsigned int i, j;

	for (i = 0; i < pb->count; i++) {
		for (j = 0; j < PCI_BAR_COUNT; j++) {
			struct pci_bar *b = &pb->devs[i].bar[j];

			if (b->size && !b->addr && (!best || b->size > best->size)) {
				best = b;
				*owner = &pb->devs[i];
			}
		}
	}
	return best;
}

/* Writes a placed BAR back to the device. */
static void pci_write_bar(struct pci_dev *d, const struct pci_bar *b)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * (b - d->bar));

	pci_cfg_write32(d->bus, d->dev, d->fn, off, (uint32_t)b->addr);
	if (b->is64)
		pci_cfg_write32(d->bus, d->dev, d->fn, off + 4, (uint32_t)(b->addr >> 32));
}

/*
 * pci_assign_bars - place every sized BAR, largest first, and enable decoding
 * and bus mastering. Returns 0, or -ENOMEM when a BAR did not fit its window
 * (that BAR stays unassigned and its device's decoding stays off).
 */
int pci_assign_bars(struct pci_bus *pb)
{
	uint64_t mem = PCI_MEM_BASE, io = PCI_IO_BASE;
	struct pci_dev *d = NULL;
	struct pci_bar *b;
	unsigned int i;
	uint16_t cmd;
	int ret = 0;

	while ((b = pci_next_bar(pb, &d))) {
		uint64_t *next = b->io ? &io : &mem;
		uint64_t limit = b->io ? PCI_IO_LIMIT : PCI_MEM_LIMIT;
		uint64_t at = (*next + b->size - 1) & ~(b->size - 1);

		if (at + b->size > limit) {
			b->size = 0; /* give up on this one */
			d->unplaced = true;
			ret = -ENOMEM;
			continue;
		}
		b->addr = at;
		*next = at + b->size;
		pci_write_bar(d, b);
	}
	for (i = 0; i < pb->count; i++) {
		d = &pb->devs[i];
		if (d->unplaced)
			continue;
		cmd = pci_cfg_read16(d->bus, d->dev, d->fn, PCI_COMMAND);
		cmd |= PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
		pci_cfg_write16(d->bus, d->dev, d->fn, PCI_COMMAND, cmd);
	}
	return ret;
}

/* pci_find - the first function with @vendor and @device, or NULL. */
struct pci_dev *pci_find(struct pci_bus *pb, uint16_t vendor, uint16_t device)
{
	unsigned int i;

	for (i = 0; i < pb->count; i++)
		if (pb->devs[i].vendor == vendor && pb->devs[i].device == device)
			return &pb->devs[i];
	return NULL;
}
