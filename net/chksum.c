/*
 * The Internet checksum (RFC 1071) for lwIP (LWIP_CHKSUM): every received
 * UDP datagram is summed in full before TFTP sees it, so this loop is on the
 * download's critical path. lwIP's own routines chase the carry of every
 * 32-bit addition; under QEMU's TCG a carry is a branch (which ends a
 * translated block) or a flags computation. Here each 32-bit word, loaded at
 * any alignment (x86 takes unaligned loads), is split into its two 16-bit
 * halves, summed in two 32-bit accumulators that cannot overflow within
 * NET_CHKSUM_CHUNK bytes, and folded at the end: about half the time of
 * lwIP's LWIP_CHKSUM_ALGORITHM 3 per received block (bench/README.md).
 */
#include "chksum.h"

#include <stddef.h>

/* Bytes summed before the accumulators are folded: 4 * 65537 halves of 0xffff fit 32 bits. */
#define NET_CHKSUM_CHUNK 65536

/* A 32-bit word at any address; may alias whatever the buffer holds. */
typedef uint32_t __attribute__((aligned(1), may_alias)) net_word_any_t;

/* Folds a sum of 16-bit words to 16 bits with end-around carries (0 only when @sum is 0). */
static uint16_t net_fold(uint64_t sum)
{
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * The 16-bit little-endian words of @n bytes at @p (n <= NET_CHKSUM_CHUNK, any alignment)
 * summed without folding; an odd last byte is the low byte of a zero-padded word.
 */
static uint64_t net_chksum_chunk(const uint8_t *p, size_t n)
{
	const net_word_any_t *w = (const net_word_any_t *)p;
	uint32_t lo = 0, hi = 0;

#define NET_CHKSUM_WORD(i)         \
	do {                       \
		uint32_t x = w[i]; \
		lo += x & 0xffff;  \
		hi += x >> 16;     \
	} while (0)
	for (; n >= 16; n -= 16, w += 4) {
		NET_CHKSUM_WORD(0);
		NET_CHKSUM_WORD(1);
		NET_CHKSUM_WORD(2);
		NET_CHKSUM_WORD(3);
	}
	for (; n >= 4; n -= 4, w++)
		NET_CHKSUM_WORD(0);
#undef NET_CHKSUM_WORD
	p = (const uint8_t *)w;
	if (n >= 2)
		lo += (uint32_t)p[0] | (uint32_t)p[1] << 8;
	if (n & 1)
		lo += p[n - 1];
	return (uint64_t)lo + hi;
}

/**
 * net_chksum - the ones'-complement sum of @len bytes at @data (any alignment).
 * @data: the bytes, read as 16-bit words in memory order (host order, little endian)
 * @len: how many; an odd last byte counts as the low byte of a word padded with zero
 *
 * Return: the sum folded to 16 bits, not inverted, in the byte order the words were read in:
 * what lwIP's lwip_standard_chksum() returns (0 only for all-zero data). 0 when @len <= 0.
 */
uint16_t net_chksum(const void *data, int len)
{
	const uint8_t *p = data;
	size_t left = len > 0 ? (size_t)len : 0;
	uint64_t total = 0;

	while (left) {
		size_t n = left < NET_CHKSUM_CHUNK ? left : NET_CHKSUM_CHUNK;

		total += net_chksum_chunk(p, n);
		p += n;
		left -= n;
	}
	return net_fold(total);
}
