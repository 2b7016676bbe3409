/* Unit tests of boot/efi/efimem.c: a firmware's memory map made into a booted image's mem[]. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "boot/efi/efimem.h"

#define MIB (1024ULL * 1024)
#define RAM EFIFW_MEM_RAM
#define RES EFIFW_MEM_RESERVED
#define NVS EFIFW_MEM_NVS

#define COUNT(a) ((unsigned int)(sizeof(a) / sizeof((a)[0])))

static void assert_range(const struct pix_bootinfo *bi, unsigned int i, uint64_t base, uint64_t len,
			 uint32_t type)
{
	assert_true(i < bi->mem_count);
	assert_int_equal(bi->mem[i].base, base);
	assert_int_equal(bi->mem[i].length, len);
	assert_int_equal(bi->mem[i].type, type);
	assert_int_equal(bi->mem[i].reserved, 0);
}

/* Out of order, neighbours of one type merged, different types and gaps kept apart. */
static void test_sorted_and_merged(void **state)
{
	struct efifw_range map[] = {
		{ 0x900000, 16 * MIB, RAM }, { 0x100000, 0x700000, RAM },
		{ 0, 0xa0000, RAM },	     { 0x800000, 0x8000, NVS },
		{ 0x808000, 0xf8000, RAM },  { 0x1900000, 0x100000, RAM },
	};
	struct pix_bootinfo bi;

	(void)state;
	memset(&bi, 0xa5, sizeof(bi));
	efimem_fill(&bi, map, COUNT(map));
	assert_int_equal(bi.mem_count, 4);
	assert_range(&bi, 0, 0, 0xa0000, RAM);
	assert_range(&bi, 1, 0x100000, 0x700000, RAM);
	assert_range(&bi, 2, 0x800000, 0x8000, NVS);
	assert_range(&bi, 3, 0x808000, 0xf8000 + 17 * MIB, RAM);
	assert_int_equal(bi.mem[4].length, 0); /* unused entries zeroed */
}

/* Nothing at or above 4 GiB; a range across it is cut there; empty ranges go. */
static void test_cut_at_4g(void **state)
{
	struct efifw_range map[] = {
		{ 0x100000000ULL, 1024 * MIB, RAM }, { 0xe000000000ULL, 8 * MIB, RES },
		{ 0xfff00000, 2 * MIB, RES },	     { 0x100000, 0, RAM },
		{ 0x100000, 255 * MIB, RAM },
	};
	struct pix_bootinfo bi;

	(void)state;
	efimem_fill(&bi, map, COUNT(map));
	assert_int_equal(bi.mem_count, 2);
	assert_range(&bi, 0, 0x100000, 255 * MIB, RAM);
	assert_range(&bi, 1, 0xfff00000, 1 * MIB, RES);
	assert_int_equal(efimem_ram_top(map, COUNT(map)), 256 * MIB);
}

/* More ranges than the block holds: the ones that are not RAM go first, then the smallest RAM. */
static void test_shrunk_to_fit(void **state)
{
	struct efifw_range map[2 * PIX_BI_MEM_MAX + 2];
	struct pix_bootinfo bi;
	unsigned int i, n = 0;

	(void)state;
	for (i = 0; i < PIX_BI_MEM_MAX + 1; i++) {
		/* RAM of 1 MiB + i pages, each followed by a reserved page */
		map[n++] = (struct efifw_range){ i * 16 * MIB, 1 * MIB + i * 4096, RAM };
		map[n++] = (struct efifw_range){ i * 16 * MIB + 2 * MIB, 4096, RES };
	}
	efimem_fill(&bi, map, n);
	assert_int_equal(bi.mem_count, PIX_BI_MEM_MAX);
	for (i = 0; i < PIX_BI_MEM_MAX; i++) /* the smallest (the first) RAM range dropped */
		assert_range(&bi, i, (i + 1) * 16 * MIB, 1 * MIB + (i + 1) * 4096, RAM);
}

static void test_ram_top_ignores_what_is_not_ram(void **state)
{
	struct efifw_range map[] = {
		{ 0x100000, 200 * MIB, RAM },
		{ 0xff78000, 0x88000, RES },
		{ 0xfec00000, 4096, RES },
	};
	(void)state;
	assert_int_equal(efimem_ram_top(map, COUNT(map)), 0x100000 + 200 * MIB);
	assert_int_equal(efimem_ram_top(map, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_merged),
		cmocka_unit_test(test_cut_at_4g),
		cmocka_unit_test(test_shrunk_to_fit),
		cmocka_unit_test(test_ram_top_ignores_what_is_not_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
