/* Unit tests of net/chksum.c: the Internet checksum at every alignment and length, against RFC 1071. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "net/chksum.h"

#define BUF_MAX 2048

/* RFC 1071 section 4.1, one 16-bit word at a time, words read as the host (little endian) stores them. */
static uint16_t ref_sum(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] | p[i + 1] << 8);
	if (len & 1)
		sum += p[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* A fixed pseudo-random fill (xorshift), so a failure repeats. */
static void fill(uint8_t *p, size_t len, uint32_t seed)
{
	uint32_t x = seed | 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

/* Every start offset 0..7 and every length up to 200, then the lengths of Ethernet payloads. */
static void test_matches_rfc1071(void **state)
{
	static const size_t long_lens[] = { 1428, 1436, 1468, 1476, 1480, 1500, 1514, 2040 };
	uint8_t buf[BUF_MAX + 8];
	size_t off, len, i;

	(void)state;
	fill(buf, sizeof(buf), 0x1234567);
	for (off = 0; off < 8; off++) {
		for (len = 0; len <= 200; len++)
			assert_int_equal(net_chksum(buf + off, (int)len), ref_sum(buf + off, len));
		for (i = 0; i < sizeof(long_lens) / sizeof(long_lens[0]); i++)
			assert_int_equal(net_chksum(buf + off, (int)long_lens[i]),
					 ref_sum(buf + off, long_lens[i]));
	}
}

/* net_chksum_copy: the same sum as net_chksum, and the bytes copied exactly, at every alignment. */
static void test_copy_and_sum(void **state)
{
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 15, 16, 17, 31, 33, 1436, 1437, 2040 };
	uint8_t src[BUF_MAX + 8], dst[BUF_MAX + 16];
	size_t so, doff, i;

	(void)state;
	fill(src, sizeof(src), 99);
	for (so = 0; so < 4; so++) {
		for (doff = 0; doff < 4; doff++) {
			for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
				memset(dst, 0x5a, sizeof(dst));
				assert_int_equal(net_chksum_copy(dst + doff, src + so, lens[i]),
						 ref_sum(src + so, lens[i]));
				assert_memory_equal(dst + doff, src + so, lens[i]);
				assert_int_equal(dst[doff + lens[i]], 0x5a);
			}
		}
	}
}

/* Longer than one chunk of the accumulators (64 KiB): folded in between, no overflow. */
static void test_long_buffer(void **state)
{
	static uint8_t big[200000], big2[150000];
	size_t lens[] = { 65535, 65536, 65537, 131075, sizeof(big) - 3 };
	size_t i;

	(void)state;
	memset(big, 0xff, sizeof(big));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(net_chksum(big + 1, (int)lens[i]), ref_sum(big + 1, lens[i]));
	assert_int_equal(net_chksum_copy(big2, big + 1, sizeof(big2)),
			 ref_sum(big + 1, sizeof(big2)));
	fill(big, sizeof(big), 77);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(net_chksum(big + 3, (int)lens[i]), ref_sum(big + 3, lens[i]));
}

/* Sums that carry a lot: all 0xff bytes (the folded sum is 0xffff, never 0) and zeros (0). */
static void test_extremes(void **state)
{
	uint8_t buf[BUF_MAX];

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(net_chksum(buf, BUF_MAX), 0xffff);
	assert_int_equal(net_chksum(buf + 1, BUF_MAX - 1), ref_sum(buf + 1, BUF_MAX - 1));
	memset(buf, 0, sizeof(buf));
	assert_int_equal(net_chksum(buf, BUF_MAX), 0);
	assert_int_equal(net_chksum(buf, 0), 0);
	assert_int_equal(net_chksum(buf, -1), 0);
}

/* A datagram with its checksum in place sums to 0xffff, whatever is in it. */
static void test_valid_datagram_sums_to_ffff(void **state)
{
	uint8_t buf[1436];
	uint16_t sum;
	uint32_t seed;

	(void)state;
	for (seed = 1; seed < 64; seed++) {
		fill(buf, sizeof(buf), seed);
		buf[6] = buf[7] = 0;
		sum = (uint16_t)~net_chksum(buf, sizeof(buf));
		memcpy(buf + 6, &sum, sizeof(sum));
		assert_int_equal(net_chksum(buf, sizeof(buf)), 0xffff);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_rfc1071),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_long_buffer),
		cmocka_unit_test(test_copy_and_sum),
		cmocka_unit_test(test_valid_datagram_sums_to_ffff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
