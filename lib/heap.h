/* A small first-fit allocator over a fixed arena: mbedTLS's calloc and free in the firmware. */
#ifndef LIB_HEAP_H
#define LIB_HEAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every block starts at a multiple of HEAP_ALIGN from the arena's (aligned) start, and so does
 * every pointer handed out: 8 bytes in the i386 firmware, 16 in the x86-64 UEFI application and
 * on the host, enough for any mbedTLS structure and its limbs.
 */
#define HEAP_ALIGN (2 * sizeof(void *))

/*
 * The firmware's arena (heap_calloc(), heap_free()), in .bss: RAM only, no ROM bytes. Its user is
 * image signature verification (flash/pix_sig.c: mbedTLS's bignum, ecp and ecdsa), about 8100
 * allocations per sig_verify(), at most 73 live at once. Measured on the host, blocks and headers
 * included (tests/unit/test_heap.c prints x86-64's figures; i386's are from the same verification
 * built with -m32): peak in use 3808 bytes with i386's 32-bit limbs and 8-byte blocks (3968 bytes
 * of free arena needed, fragmentation included), 5168 bytes with x86-64's 64-bit limbs and
 * 16-byte blocks (5248 needed). An arena of 2048 pointers, 8 KiB on i386 and 16 KiB on x86-64,
 * is more than twice that.
 */
#define HEAP_ARENA_BYTES (2048 * sizeof(void *))

struct heap_block;

/**
 * struct heap - one arena and what has been asked of it
 * @base: the arena's first block (aligned to HEAP_ALIGN)
 * @size: the arena's bytes from @base, a multiple of HEAP_ALIGN
 * @free_list: the free blocks, in address order, no two of them adjacent
 * @in_use: bytes of the arena in allocated blocks, headers included
 * @peak: the highest @in_use has been since heap_init()
 * @failed: allocations refused (too large, overflow, or no free block big enough)
 * @bad_frees: frees ignored: not a block of this arena, or a block already free
 */
struct heap {
	uint8_t *base;
	size_t size;
	struct heap_block *free_list;
	size_t in_use;
	size_t peak;
	unsigned int failed;
	unsigned int bad_frees;
};

int heap_init(struct heap *h, void *buf, size_t len);
void *heap_alloc(struct heap *h, size_t nmemb, size_t size);
void heap_release(struct heap *h, void *p);
int heap_check(const struct heap *h);

struct heap *heap_firmware(void);
void *heap_calloc(size_t nmemb, size_t size);
void heap_free(void *p);

#endif /* LIB_HEAP_H */
