/*
 * Unit tests of net/tftp_fast.c: which frames are plainly the download's DATA, their copy, and the
 * replies built without lwIP.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "net/tftp_fast.h"

#define ADDR 0x0a00020fu /* 10.0.2.15 */
#define SERVER 0x0a000202u /* 10.0.2.2 */
#define LPORT 49152
#define TID 50000
#define FRAME_MAX 1600

static const struct tftp_frame_filter filter = { ADDR, SERVER, LPORT };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* RFC 1071 in network byte order, written out plainly. */
static uint32_t sum_be(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold_not(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Sets the IP header checksum of the frame at @f. */
static void ip_csum(uint8_t *f)
{
	put16(f + 14 + 10, 0);
	put16(f + 14 + 10, fold_not(sum_be(f + 14, 20, 0)));
}

/* Sets the UDP checksum of the frame at @f (IHL 5) over @ulen bytes. */
static void udp_csum(uint8_t *f, size_t ulen)
{
	uint8_t *udp = f + 34;

	put16(udp + 6, 0);
	put16(udp + 6, fold_not(sum_be(udp, ulen, sum_be(f + 26, 8, 17 + (uint32_t)ulen))));
	if (!udp[6] && !udp[7])
		put16(udp + 6, 0xffff);
}

/* DATA @block with @n bytes of a pattern from SERVER:TID to ADDR:LPORT; returns the frame length. */
static size_t build(uint8_t *f, uint16_t block, size_t n, size_t pad)
{
	size_t ulen = 8 + 4 + n, total = 20 + ulen, i;
	uint8_t *ip = f + 14, *udp = ip + 20;

	memset(f, 0, 14 + total + pad);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)total);
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, SERVER);
	put32(ip + 16, ADDR);
	ip_csum(f);
	put16(udp, TID);
	put16(udp + 2, LPORT);
	put16(udp + 4, (uint16_t)ulen);
	put16(udp + 8, 3);
	put16(udp + 10, block);
	for (i = 0; i < n; i++)
		udp[12 + i] = (uint8_t)(i * 13 + block);
	udp_csum(f, ulen);
	return 14 + total + pad;
}

static void test_data_found(void **state)
{
	uint8_t f[FRAME_MAX];
	struct tftp_fast_data d;
	size_t n;

	(void)state;
	n = build(f, 7, 1428, 0);
	assert_true(tftp_fast_parse(&filter, f, n, &d));
	assert_int_equal(d.sport, TID);
	assert_int_equal(d.block, 7);
	assert_int_equal(d.n, 1428);
	assert_int_equal(d.udp_len, 8 + 4 + 1428);
	n = build(f, 65535, 0, 14); /* the empty last block, padded to 60 bytes */
	assert_true(tftp_fast_parse(&filter, f, n, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(d.block, 65535);
}

/* Each thing lwIP or the download would object to sends the frame the ordinary way. */
static void test_not_plainly_ours(void **state)
{
	uint8_t f[FRAME_MAX];
	struct tftp_fast_data d;
	size_t n;

	(void)state;
#define CHECK_NO(mutate)                                          \
	do {                                                      \
		n = build(f, 1, 100, 0);                          \
		mutate;                                           \
		assert_false(tftp_fast_parse(&filter, f, n, &d)); \
	} while (0)
	CHECK_NO(put16(f + 12, 0x0806)); /* ARP */
	CHECK_NO((f[14] = 0x46, ip_csum(f))); /* IP options */
	CHECK_NO((f[14 + 9] = 6, ip_csum(f))); /* TCP */
	CHECK_NO((f[14 + 6] = 0x20, ip_csum(f))); /* more fragments */
	CHECK_NO((put16(f + 14 + 6, 3), ip_csum(f))); /* a later fragment */
	CHECK_NO(f[14 + 10] ^= 1); /* IP header checksum */
	CHECK_NO((put32(f + 14 + 12, 0x0a000203), ip_csum(f))); /* not the server */
	CHECK_NO((put32(f + 14 + 16, 0x0a000210), ip_csum(f))); /* not our address */
	CHECK_NO((put32(f + 14 + 16, 0xffffffff), ip_csum(f))); /* broadcast */
	CHECK_NO(put16(f + 34 + 2, LPORT + 1)); /* not our port */
	CHECK_NO(put16(f + 34 + 4, 8 + 4 + 99)); /* UDP length not the IP payload */
	CHECK_NO(put16(f + 34 + 6, 0)); /* no UDP checksum */
	CHECK_NO(put16(f + 34 + 8, 5)); /* ERROR, not DATA */
	CHECK_NO(n -= 1); /* total length past the frame */
	CHECK_NO((put16(f + 14 + 2, 20 + 8 + 3), ip_csum(f))); /* no room for the header */
	CHECK_NO(n = 14 + 20 + 8 + 3); /* a short frame */
#undef CHECK_NO
}

/* The copy: the data exactly, at any alignment; the verdict on the checksum. */
static void test_copy_checks_udp_checksum(void **state)
{
	static const size_t sizes[] = { 0, 1, 3, 4, 511, 512, 1427, 1428, 1468 };
	uint8_t f[FRAME_MAX], dst[FRAME_MAX + 8];
	struct tftp_fast_data d;
	size_t i, off, n;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (off = 0; off < 4; off++) {
			n = build(f, (uint16_t)(i + 1), sizes[i], sizes[i] < 6 ? 6 - sizes[i] : 0);
			assert_true(tftp_fast_parse(&filter, f, n, &d));
			memset(dst, 0x5a, sizeof(dst));
			assert_true(tftp_fast_copy(dst + off, f, &d));
			assert_memory_equal(dst + off, f + 46, sizes[i]);
			assert_int_equal(dst[off + sizes[i]], 0x5a);
		}
	}
	n = build(f, 9, 1428, 0);
	f[n - 1] ^= 0x10; /* a data bit */
	assert_true(tftp_fast_parse(&filter, f, n, &d));
	assert_false(tftp_fast_copy(dst, f, &d));
	n = build(f, 9, 1428, 0);
	f[34 + 10] ^= 1; /* the block number, covered by the checksum */
	assert_true(tftp_fast_parse(&filter, f, n, &d));
	assert_false(tftp_fast_copy(dst, f, &d));
	n = build(f, 9, 1428, 0);
	f[14 + 12 + 3] ^= 1; /* the source address: only in the pseudo-header */
	ip_csum(f);
	{
		const struct tftp_frame_filter other = { ADDR, SERVER ^ 1, LPORT };

		assert_true(tftp_fast_parse(&other, f, n, &d));
		assert_false(tftp_fast_copy(dst, f, &d));
	}
}

static const struct tftp_fast_link link = { { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
					    { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 },
					    255,
					    0x1234 };

/* The ACK of @block from ADDR:LPORT to SERVER:TID as lwIP would send it, written out field by field. */
static size_t expected_ack(uint8_t *f, uint16_t block, uint16_t ip_id)
{
	uint8_t *ip = f + 14, *udp = ip + 20;

	memset(f, 0, 14 + 20 + 8 + 4);
	memcpy(f, link.to, 6);
	memcpy(f + 6, link.from, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + 4);
	put16(ip + 4, ip_id);
	put16(ip + 6, 0x4000); /* DF */
	ip[8] = 255;
	ip[9] = 17;
	put32(ip + 12, ADDR);
	put32(ip + 16, SERVER);
	ip_csum(f);
	put16(udp, LPORT);
	put16(udp + 2, TID);
	put16(udp + 4, 8 + 4);
	put16(udp + 8, 4);
	put16(udp + 10, block);
	udp_csum(f, 8 + 4);
	return 14 + 20 + 8 + 4;
}

/* A reply is the frame lwIP would build for it: addresses, lengths, TTL, both checksums. */
static void test_reply_frame(void **state)
{
	uint8_t got[128], want[128], ack[4] = { 0, 4 };
	unsigned int block;

	(void)state;
	for (block = 0; block < 0x10000; block += 251) {
		struct tftp_fast_link l = link;

		l.ip_id = (uint16_t)(block * 7);
		put16(ack + 2, (uint16_t)block);
		memset(got, 0xee, sizeof(got));
		assert_int_equal(tftp_fast_reply(got, sizeof(got), &filter, &l, TID, ack,
						 sizeof(ack)),
				 expected_ack(want, (uint16_t)block, l.ip_id));
		assert_memory_equal(got, want, 46);
	}
}

/* The UDP checksum that comes out as 0 is sent as 0xffff (0 means none was computed). */
static void test_reply_zero_checksum(void **state)
{
	uint8_t got[128], ack[4] = { 0, 4 };
	unsigned int block, seen = 0;

	(void)state;
	for (block = 0; block < 0x10000; block++) {
		uint8_t *udp = got + 34;

		put16(ack + 2, (uint16_t)block);
		assert_int_equal(tftp_fast_reply(got, sizeof(got), &filter, &link, TID, ack, 4),
				 46);
		assert_false(udp[6] == 0 && udp[7] == 0);
		if (udp[6] == 0xff && udp[7] == 0xff) {
			/* one block number's sum is 0xffff: its checksum still verifies */
			assert_int_equal(fold_not(sum_be(udp, 12, sum_be(got + 26, 8, 17 + 12))),
					 0);
			seen++;
		}
	}
	assert_int_equal(seen, 1);
}

/* A reply of odd length (an ERROR) carries checksums that verify, its payload unchanged. */
static void test_reply_odd_length(void **state)
{
	static const uint8_t err[] = { 0, 5, 0, 0, 'A', 'b', 'o', 'r', 't', 'e', 'd', 0, 'x' };
	uint8_t got[128];
	size_t n = sizeof(err);

	(void)state;
	assert_int_equal(tftp_fast_reply(got, sizeof(got), &filter, &link, TID, err, n), 42 + n);
	assert_int_equal(fold_not(sum_be(got + 14, 20, 0)), 0);
	assert_int_equal(
		fold_not(sum_be(got + 34, 8 + n, sum_be(got + 26, 8, 17 + 8 + (uint32_t)n))), 0);
	assert_int_equal(got[14 + 2] << 8 | got[14 + 3], 20 + 8 + n);
	assert_int_equal(got[34 + 4] << 8 | got[34 + 5], 8 + n);
	assert_memory_equal(got + 42, err, n);
}

/* A reply that does not fit the buffer is not built; nothing is written past @max. */
static void test_reply_too_long(void **state)
{
	uint8_t out[64], pkt[32] = { 0, 5 };

	(void)state;
	memset(out, 0xee, sizeof(out));
	assert_int_equal(tftp_fast_reply(out, 60, &filter, &link, TID, pkt, 32), 0);
	assert_int_equal(tftp_fast_reply(out, 41, &filter, &link, TID, pkt, 0), 0);
	assert_int_equal(out[0], 0xee);
	assert_int_equal(tftp_fast_reply(out, 60, &filter, &link, TID, pkt, 18), 60);
	assert_int_equal(out[60], 0xee);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_found),
		cmocka_unit_test(test_not_plainly_ours),
		cmocka_unit_test(test_copy_checks_udp_checksum),
		cmocka_unit_test(test_reply_frame),
		cmocka_unit_test(test_reply_zero_checksum),
		cmocka_unit_test(test_reply_odd_length),
		cmocka_unit_test(test_reply_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
