/*
 * The firmware's memory map as a booted image's (flash/pix_bootinfo.h, mem[]): the ranges below
 * 4 GiB, cut there, in ascending order, neighbours of one type merged. The block holds
 * PIX_BI_MEM_MAX ranges: when the map has more, the ones that are not RAM go first (a range the
 * map does not list is not RAM either), then the smallest RAM ranges. Plain C, no firmware calls.
 */
#include "efimem.h"

#include <stdbool.h>

_Static_assert(EFIFW_MEM_RAM == PIX_BI_MEM_RAM && EFIFW_MEM_RESERVED == PIX_BI_MEM_RESERVED,
	       "the block's range types are ACPI's");

/* Cuts @r at EFIMEM_LIMIT; false when nothing of it lies below. */
static bool efimem_clip(struct efifw_range *r)
{
	if (!r->length || r->base >= EFIMEM_LIMIT)
		return false;
	if (r->length > EFIMEM_LIMIT - r->base)
		r->length = EFIMEM_LIMIT - r->base;
	return true;
}

/* Sorts @map by base (insertion sort: a firmware's map is short and nearly sorted). */
static void efimem_sort(struct efifw_range *map, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct efifw_range r = map[i];

		for (j = i; j > 0 && map[j - 1].base > r.base; j--)
			map[j] = map[j - 1];
		map[j] = r;
	}
}

/* Clips, sorts and merges @map in place; returns how many ranges remain. */
static unsigned int efimem_normalise(struct efifw_range *map, unsigned int count)
{
	unsigned int i, n = 0;

	for (i = 0; i < count; i++)
		if (efimem_clip(&map[i]))
			map[n++] = map[i];
	efimem_sort(map, n);
	count = n;
	n = 0;
	for (i = 0; i < count; i++) {
		struct efifw_range *last = n ? &map[n - 1] : NULL;

		if (last && last->type == map[i].type && last->base + last->length == map[i].base)
			last->length += map[i].length;
		else
			map[n++] = map[i];
	}
	return n;
}

/* Removes entry @i of @map's @n; returns the new count. */
static unsigned int efimem_drop(struct efifw_range *map, unsigned int n, unsigned int i)
{
	for (; i + 1 < n; i++)
		map[i] = map[i + 1];
	return n - 1;
}

/* Drops ranges until @n fits the block: the first that is not RAM, else the smallest. */
static unsigned int efimem_shrink(struct efifw_range *map, unsigned int n)
{
	while (n > PIX_BI_MEM_MAX) {
		unsigned int i, victim = 0;

		for (i = 0; i < n; i++) {
			if (map[i].type != EFIFW_MEM_RAM) {
				victim = i;
				break;
			}
			if (map[i].length < map[victim].length)
				victim = i;
		}
		n = efimem_drop(map, n, victim);
	}
	return n;
}

/**
 * efimem_ram_top() - The end of the highest RAM below 4 GiB.
 * @map: the firmware's ranges, any order
 * @count: how many
 *
 * Return: the first address above it, 0 when the map has no RAM there.
 */
uint64_t efimem_ram_top(const struct efifw_range *map, unsigned int count)
{
	uint64_t top = 0;
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct efifw_range r = map[i];

		if (r.type == EFIFW_MEM_RAM && efimem_clip(&r) && r.base + r.length > top)
			top = r.base + r.length;
	}
	return top;
}

/**
 * efimem_fill() - Writes the block's memory map (mem[], mem_count) from the firmware's.
 * @bi: the boot-information block
 * @map: the firmware's ranges, any order; clipped, sorted and merged in place
 * @count: how many
 */
void efimem_fill(struct pix_bootinfo *bi, struct efifw_range *map, unsigned int count)
{
	unsigned int i, n = efimem_shrink(map, efimem_normalise(map, count));

	for (i = 0; i < PIX_BI_MEM_MAX; i++)
		bi->mem[i] = (struct pix_bootinfo_mem){ 0 };
	for (i = 0; i < n; i++)
		bi->mem[i] = (struct pix_bootinfo_mem){ .base = map[i].base,
							.length = map[i].length,
							.type = map[i].type };
	bi->mem_count = n;
}
