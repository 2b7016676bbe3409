/*
 * A small allocator for mbedTLS's calloc and free: first fit over an address-ordered free list in
 * a fixed arena, neighbours merged on free.
 *
 * Invariants: the arena is a row of blocks, each a header (its size and a magic word) and then its
 * payload; sizes are multiples of HEAP_ALIGN and at least HEAP_MIN_BLOCK, so every header and every
 * payload is aligned. An allocated block's magic is HEAP_MAGIC_USED, a free block's
 * HEAP_MAGIC_FREE; the free blocks are linked in address order and no two of them touch (a free
 * merges the block with a free neighbour on either side; the header swallowed by a merge is
 * cleared). So a pointer is freed only when its header says "in use" and it overlaps no free
 * block: a double free or a foreign pointer is counted and ignored, never merged into the list.
 */
#include "lib/heap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct heap_block {
	size_t size; /* the whole block in bytes, header included */
	size_t magic; /* HEAP_MAGIC_USED or HEAP_MAGIC_FREE; 0 once merged into a neighbour */
	struct heap_block *next; /* free blocks only: the next free block, higher in the arena */
};

#define HEAP_MAGIC_USED ((size_t)0x48504955u)
#define HEAP_MAGIC_FREE ((size_t)0x48504546u)
#define HEAP_HDR offsetof(struct heap_block, next) /* what an allocated block spends on itself */
#define HEAP_ROUND(n) (((n) + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1))
#define HEAP_MIN_BLOCK HEAP_ROUND(sizeof(struct heap_block)) /* a free block holds its link */

_Static_assert(HEAP_HDR == HEAP_ALIGN, "a payload is aligned when its block is");

/* The byte after block @b. */
static uint8_t *heap_end(struct heap_block *b)
{
	return (uint8_t *)b + b->size;
}

/**
 * heap_init() - makes @buf an empty arena
 * @h: the heap
 * @buf: the arena's memory, any alignment (the start is rounded up to HEAP_ALIGN)
 * @len: its length in bytes
 *
 * Return: 0, or -EINVAL when @buf cannot hold one block.
 */
int heap_init(struct heap *h, void *buf, size_t len)
{
	uintptr_t start = HEAP_ROUND((uintptr_t)buf);

	memset(h, 0, sizeof(*h));
	if (len < start - (uintptr_t)buf + HEAP_MIN_BLOCK)
		return -EINVAL;
	h->base = (uint8_t *)start;
	h->size = (len - (start - (uintptr_t)buf)) & ~(HEAP_ALIGN - 1);
	h->free_list = (struct heap_block *)h->base;
	h->free_list->size = h->size;
	h->free_list->magic = HEAP_MAGIC_FREE;
	h->free_list->next = NULL;
	return 0;
}

/*
 * The block size that serves @nmemb * @size bytes, or 0 when no block of this arena could: the
 * product overflows or exceeds the arena (checked first, so the rounding cannot overflow).
 */
static size_t heap_need(const struct heap *h, size_t nmemb, size_t size)
{
	size_t n;

	if (size && nmemb > SIZE_MAX / size)
		return 0;
	n = nmemb * size;
	if (n > h->size)
		return 0;
	n = HEAP_ROUND(n + HEAP_HDR);
	return n < HEAP_MIN_BLOCK ? HEAP_MIN_BLOCK : n;
}

/**
 * heap_alloc() - calloc() from one arena
 * @h: the heap
 * @nmemb: number of elements
 * @size: size of each
 *
 * Takes the first free block large enough, splitting off what it does not need when the rest can
 * be a block of its own. A request for 0 bytes gets a block of its own, like any other.
 *
 * Return: @nmemb * @size zeroed bytes aligned to HEAP_ALIGN, or NULL when the product overflows
 * or no free block is large enough (counted in @h->failed).
 */
void *heap_alloc(struct heap *h, size_t nmemb, size_t size)
{
	size_t need = heap_need(h, nmemb, size);
	struct heap_block **link, *b, *rest;

	for (link = &h->free_list; need && *link; link = &(*link)->next) {
		b = *link;
		if (b->size < need)
			continue;
		if (b->size - need >= HEAP_MIN_BLOCK) {
			rest = (struct heap_block *)((uint8_t *)b + need);
			rest->size = b->size - need;
			rest->magic = HEAP_MAGIC_FREE;
			rest->next = b->next;
			b->size = need;
			*link = rest;
		} else {
			*link = b->next;
		}
		b->magic = HEAP_MAGIC_USED;
		h->in_use += b->size;
		if (h->in_use > h->peak)
			h->peak = h->in_use;
		memset((uint8_t *)b + HEAP_HDR, 0, b->size - HEAP_HDR);
		return (uint8_t *)b + HEAP_HDR;
	}
	h->failed++;
	return NULL;
}

/* The block of payload @p when it is an allocated block of @h (aligned, in the arena, its header
 * intact), else NULL. */
static struct heap_block *heap_used_block(const struct heap *h, const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)h->base;
	struct heap_block *b;

	if (off < HEAP_HDR || off >= h->size || off % HEAP_ALIGN)
		return NULL;
	b = (struct heap_block *)(h->base + off - HEAP_HDR);
	if (b->magic != HEAP_MAGIC_USED || b->size % HEAP_ALIGN || b->size < HEAP_MIN_BLOCK ||
	    b->size > h->size - (off - HEAP_HDR))
		return NULL;
	return b;
}

/**
 * heap_release() - free() into one arena
 * @h: the heap
 * @p: a pointer heap_alloc() returned on @h, or NULL (nothing happens)
 *
 * The block goes back into the free list at its address and is merged with a free neighbour on
 * either side. A pointer that is not an allocated block of @h (a foreign pointer, or one freed
 * already) changes nothing but @h->bad_frees.
 */
void heap_release(struct heap *h, void *p)
{
	struct heap_block *b, *prev = NULL, *next;

	if (!p)
		return;
	b = heap_used_block(h, p);
	for (next = h->free_list; b && next && next < b; next = next->next)
		prev = next;
	if (!b || (prev && heap_end(prev) > (uint8_t *)b) ||
	    (next && heap_end(b) > (uint8_t *)next)) {
		h->bad_frees++;
		return;
	}
	h->in_use -= b->size;
	b->magic = HEAP_MAGIC_FREE;
	if (next && heap_end(b) == (uint8_t *)next) {
		b->size += next->size;
		next->magic = 0;
		next = next->next;
	}
	b->next = next;
	if (prev && heap_end(prev) == (uint8_t *)b) {
		prev->size += b->size;
		prev->next = b->next;
		b->magic = 0;
	} else if (prev) {
		prev->next = b;
	} else {
		h->free_list = b;
	}
}

/**
 * heap_check() - checks the invariants at the top of this file (for tests: walks the whole arena)
 * @h: the heap
 *
 * Return: 0, or -EFAULT when a block's size or magic is wrong, the free list is not every free
 * block in address order, two free blocks touch, or @h->in_use is not the allocated blocks' sum.
 */
int heap_check(const struct heap *h)
{
	const struct heap_block *f = h->free_list;
	size_t off = 0, used = 0;
	bool prev_free = false;

	while (off < h->size) {
		const struct heap_block *b = (const struct heap_block *)(h->base + off);

		if (b->size < HEAP_MIN_BLOCK || b->size % HEAP_ALIGN || b->size > h->size - off)
			return -EFAULT;
		if (b->magic == HEAP_MAGIC_FREE) {
			if (b != f || prev_free)
				return -EFAULT;
			f = f->next;
		} else if (b->magic == HEAP_MAGIC_USED) {
			used += b->size;
		} else {
			return -EFAULT;
		}
		prev_free = b->magic == HEAP_MAGIC_FREE;
		off += b->size;
	}
	return f || used != h->in_use ? -EFAULT : 0;
}

/* ---- the firmware's heap: one arena in .bss, set up on first use ---------------------------- */

static _Alignas(HEAP_ALIGN) uint8_t heap_arena[HEAP_ARENA_BYTES];
static struct heap heap_fw;

/**
 * heap_firmware() - the firmware's heap (heap_calloc() and heap_free()), for its figures
 *
 * Return: the heap over the static arena, made on the first call (.bss starts zeroed).
 */
struct heap *heap_firmware(void)
{
	if (!heap_fw.base)
		heap_init(&heap_fw, heap_arena, sizeof(heap_arena));
	return &heap_fw;
}

/**
 * heap_calloc() - calloc() from the firmware's heap
 * @nmemb: number of elements
 * @size: size of each
 *
 * Return: zeroed memory aligned to HEAP_ALIGN, or NULL (overflow, or the arena is full).
 */
void *heap_calloc(size_t nmemb, size_t size)
{
	return heap_alloc(heap_firmware(), nmemb, size);
}

/**
 * heap_free() - free() into the firmware's heap
 * @p: what heap_calloc() returned, or NULL; anything else is counted and ignored
 */
void heap_free(void *p)
{
	heap_release(heap_firmware(), p);
}
