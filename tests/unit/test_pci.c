/*
 * Unit tests of drivers/pci.c: enumeration and BAR assignment on a fake
 * configuration space (this file provides the pci_cfg_* accessors that
 * drivers/pci_cfg.c provides in the firmware).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/pci.h"
#include "drivers/pci_regs.h"

/* One fake function: identity, header type, interrupt pin and BARs with their sizes. */
struct fake_fn {
	uint16_t vendor, device;
	uint32_t class_rev;
	uint8_t header;
	uint8_t pin;
	uint16_t command;
	uint8_t line;
	uint32_t bar_flags[6]; /* low bits a BAR reports: I/O bit, 64-bit type */
	uint64_t bar_size[6]; /* 0 = not implemented; for a 64-bit BAR, set in the low slot */
	uint64_t bar_val[6];
};

static struct fake_fn fake[32][8];

static struct fake_fn *fake_at(uint8_t bus, uint8_t dev, uint8_t fn)
{
	return bus == 0 && dev < 32 && fn < 8 && fake[dev][fn].vendor ? &fake[dev][fn] : NULL;
}

/* Value of BAR register @i, as hardware shows it (size mask applied to what was written). */
static uint32_t fake_bar_read(struct fake_fn *f, int i)
{
	bool upper = i > 0 && (f->bar_flags[i - 1] & PCI_BAR_MEM_TYPE_64) && f->bar_size[i - 1];
	int lo = upper ? i - 1 : i;
	uint64_t v = f->bar_val[lo] & ~(f->bar_size[lo] - 1);

	if (!f->bar_size[lo])
		return 0;
	return upper ? (uint32_t)(v >> 32) : ((uint32_t)v | f->bar_flags[lo]);
}

static void fake_bar_write(struct fake_fn *f, int i, uint32_t v)
{
	bool upper = i > 0 && (f->bar_flags[i - 1] & PCI_BAR_MEM_TYPE_64) && f->bar_size[i - 1];
	int lo = upper ? i - 1 : i;

	if (upper)
		f->bar_val[lo] = (f->bar_val[lo] & 0xffffffffu) | (uint64_t)v << 32;
	else
		f->bar_val[lo] = (f->bar_val[lo] & ~0xffffffffULL) | (v & ~0xfu);
}

uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	struct fake_fn *f = fake_at(bus, dev, fn);

	if (!f)
		return 0xffffffffu;
	switch (off) {
	case PCI_VENDOR_ID:
		return f->vendor | (uint32_t)f->device << 16;
	case PCI_CLASS_REVISION:
		return f->class_rev;
	case 0x0c:
		return (uint32_t)f->header << 16;
	case 0x3c:
		return f->line | (uint32_t)f->pin << 8;
	default:
		if (off >= PCI_BAR0 && off < PCI_BAR0 + 24)
			return fake_bar_read(f, (off - PCI_BAR0) / 4);
		return 0;
	}
}

uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	struct fake_fn *f = fake_at(bus, dev, fn);

	if (f && off == PCI_COMMAND)
		return f->command;
	return (uint16_t)(pci_cfg_read32(bus, dev, fn, off & ~3) >> (8 * (off & 2)));
}

uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	return (uint8_t)(pci_cfg_read32(bus, dev, fn, off & ~3) >> (8 * (off & 3)));
}

void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
	struct fake_fn *f = fake_at(bus, dev, fn);

	if (f && off >= PCI_BAR0 && off < PCI_BAR0 + 24)
		fake_bar_write(f, (off - PCI_BAR0) / 4, v);
}

void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v)
{
	struct fake_fn *f = fake_at(bus, dev, fn);

	if (f && off == PCI_COMMAND)
		f->command = v;
}

void pci_cfg_write8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint8_t v)
{
	struct fake_fn *f = fake_at(bus, dev, fn);

	if (f && off == PCI_INTERRUPT_LINE)
		f->line = v;
}

/* A PIX-525-like bus: host bridge, PIIX3 (multi-function), two NICs, ivshmem with a 64-bit BAR. */
static int setup_pix525(void **state)
{
	(void)state;
	memset(fake, 0, sizeof(fake));
	fake[0][0] =
		(struct fake_fn){ .vendor = 0x8086, .device = 0x1237, .class_rev = 0x06000002 };
	fake[1][0] = (struct fake_fn){ .vendor = 0x8086,
				       .device = 0x7000,
				       .class_rev = 0x06010000,
				       .header = PCI_HEADER_MULTIFUNCTION };
	fake[1][1] = (struct fake_fn){ .vendor = 0x8086,
				       .device = 0x7010,
				       .class_rev = 0x01018000,
				       .bar_size = { 0, 0, 0, 0, 16 },
				       .bar_flags = { 0, 0, 0, 0, 1 } };
	fake[13][0] = (struct fake_fn){ .vendor = 0x8086,
					.device = 0x1229,
					.class_rev = 0x02000000,
					.pin = 1,
					.bar_size = { 4096, 64, 1 << 20 },
					.bar_flags = { 0, PCI_BAR_IO, 0 } };
	fake[14][0] = fake[13][0];
	fake[3][0] = (struct fake_fn){ .vendor = 0x1af4,
				       .device = 0x1110,
				       .class_rev = 0x05000001,
				       .pin = 1,
				       .bar_size = { 256, 0, 8 << 20, 0 },
				       .bar_flags = { 0, 0, PCI_BAR_MEM_TYPE_64 } };
	return 0;
}

static void test_enumerate_finds_functions(void **state)
{
	struct pci_bus pb;

	(void)state;
	assert_int_equal(pci_enumerate(&pb), 0);
	assert_int_equal(pb.count, 6); /* 0:0, 1:0, 1:1, 3:0, 13:0, 14:0 */
	assert_non_null(pci_find(&pb, 0x8086, 0x7010));
	assert_int_equal(pci_find(&pb, 0x1af4, 0x1110)->bar[2].size, 8 << 20);
	assert_true(pci_find(&pb, 0x1af4, 0x1110)->bar[2].is64);
	assert_null(pci_find(&pb, 0x10ec, 0x8139));
}

static void test_bars_aligned_disjoint_in_windows(void **state)
{
	struct pci_bus pb;
	unsigned int i, j, k, l;

	(void)state;
	pci_enumerate(&pb);
	assert_int_equal(pci_assign_bars(&pb), 0);
	for (i = 0; i < pb.count; i++) {
		for (j = 0; j < 6; j++) {
			const struct pci_bar *b = &pb.devs[i].bar[j];

			if (!b->size)
				continue;
			assert_int_equal(b->addr % b->size, 0);
			if (b->io)
				assert_true(b->addr >= PCI_IO_BASE &&
					    b->addr + b->size <= PCI_IO_LIMIT);
			else
				assert_true(b->addr >= PCI_MEM_BASE &&
					    b->addr + b->size <= PCI_MEM_LIMIT);
			for (k = 0; k < pb.count; k++)
				for (l = 0; l < 6; l++) {
					const struct pci_bar *c = &pb.devs[k].bar[l];

					if (c == b || !c->size || c->io != b->io)
						continue;
					assert_true(b->addr + b->size <= c->addr ||
						    c->addr + c->size <= b->addr);
				}
		}
	}
}

static void test_bars_written_and_decoding_enabled(void **state)
{
	struct pci_bus pb;
	struct pci_dev *ivshmem;

	(void)state;
	pci_enumerate(&pb);
	pci_assign_bars(&pb);
	ivshmem = pci_find(&pb, 0x1af4, 0x1110);
	/* the 8 MiB BAR is the largest, so it is placed first at the window's base */
	assert_int_equal(ivshmem->bar[2].addr, PCI_MEM_BASE);
	assert_int_equal(fake[3][0].bar_val[2], PCI_MEM_BASE);
	assert_int_equal(fake[13][0].bar_val[1] & ~3u, pci_find(&pb, 0x8086, 0x1229)->bar[1].addr);
	assert_int_equal(fake[13][0].command & 7,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static void test_bar_too_big_leaves_decoding_off(void **state)
{
	struct pci_bus pb;

	(void)state;
	fake[14][0].bar_size[2] = 1ULL << 30; /* 1 GiB cannot fit 0xE0000000..0xFEC00000 */
	pci_enumerate(&pb);
	assert_int_equal(pci_assign_bars(&pb), -ENOMEM);
	assert_int_equal(fake[14][0].command, 0);
	assert_int_equal(fake[13][0].command & 7, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_enumerate_finds_functions, setup_pix525),
		cmocka_unit_test_setup(test_bars_aligned_disjoint_in_windows, setup_pix525),
		cmocka_unit_test_setup(test_bars_written_and_decoding_enabled, setup_pix525),
		cmocka_unit_test_setup(test_bar_too_big_leaves_decoding_off, setup_pix525),
	};

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
