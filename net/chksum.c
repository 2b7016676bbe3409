/*
 * The Internet checksum (RFC 1071) for lwIP (LWIP_CHKSUM): every received
 * UDP datagram is summed in full before TFTP sees it, so this loop is on the
 * download's critical path. lwIP's own routines chase the carry of every
 * 32-bit addition; under QEMU's TCG a carry is a branch (which ends a
 * translated block) or a flags computation. Here each 32-bit word, loaded at
 * any alignment (x86 takes unaligned loads), is split into its two 16-bit
 * halves, which go into a 32-bit accumulator that cannot overflow within
 * NET_CHKSUM_CHUNK bytes, folded at the end: about half the time of lwIP's
 * LWIP_CHKSUM_ALGORITHM 3 per received block (bench/README.md).
 */
#include "chksum.h"

#include <stddef.h>

/* Bytes summed before the 32-bit accumulator is folded: 32768 times 0x1fffe fit 32 bits. */
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
 * summed without folding; an odd last byte is the low byte of a zero-padded word. When @d is
 * not NULL the bytes are also copied there (not overlapping @p), with each word loaded once.
 */
static uint32_t net_chksum_chunk(uint8_t *d, const uint8_t *p, size_t n)
{
	const net_word_any_t *w = (const net_word_any_t *)p;
	net_word_any_t *dw = (net_word_any_t *)d;
	uint32_t sum = 0, x;

#define NET_CHKSUM_ADD(x) (sum += ((x)&0xffff) + ((x) >> 16))
	if (dw) {
		for (; n >= 16; n -= 16, w += 4, dw += 4) {
			x = w[0], dw[0] = x, NET_CHKSUM_ADD(x);
			x = w[1], dw[1] = x, NET_CHKSUM_ADD(x);
			x = w[2], dw[2] = x, NET_CHKSUM_ADD(x);
			x = w[3], dw[3] = x, NET_CHKSUM_ADD(x);
		}
		for (; n >= 4; n -= 4, w++, dw++)
			x = *w, *dw = x, NET_CHKSUM_ADD(x);
		d = (uint8_t *)dw;
	} else {
		for (; n >= 16; n -= 16, w += 4) {
			x = w[0], NET_CHKSUM_ADD(x);
			x = w[1], NET_CHKSUM_ADD(x);
			x = w[2], NET_CHKSUM_ADD(x);
			x = w[3], NET_CHKSUM_ADD(x);
		}
		for (; n >= 4; n -= 4, w++)
			x = *w, NET_CHKSUM_ADD(x);
	}
#undef NET_CHKSUM_ADD
	p = (const uint8_t *)w;
	if (n >= 2)
		sum += (uint32_t)p[0] | (uint32_t)p[1] << 8;
	if (n & 1)
		sum += p[n - 1];
	if (d) {
		for (; n; n--)
			*d++ = *p++;
	}
	return sum;
}

/* The unfolded sum of @n bytes at @src, copied to @dst when that is not NULL. */
static uint64_t net_chksum_run(uint8_t *dst, const uint8_t *src, size_t n)
{
	uint64_t total = 0;
	size_t k;

	for (; n; n -= k, src += k) {
		k = n < NET_CHKSUM_CHUNK ? n : NET_CHKSUM_CHUNK;
		total += net_chksum_chunk(dst, src, k);
		if (dst)
			dst += k;
	}
	return total;
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
	return net_fold(net_chksum_run(NULL, data, len > 0 ? (size_t)len : 0));
}

/**
 * net_chksum_copy - copy @len bytes and sum them on the way, as net_chksum() sums them.
 * @dst: where the bytes go (any alignment; must not overlap @src)
 * @src: the bytes (any alignment)
 * @len: how many
 *
 * One pass over the bytes instead of a copy and a checksum: a received frame's UDP datagram
 * is copied out of the NIC's buffer and checked at once.
 *
 * Return: the same value as net_chksum(@src, @len).
 */
uint16_t net_chksum_copy(void *dst, const void *src, size_t len)
{
	return net_fold(net_chksum_run(dst, src, len));
}
