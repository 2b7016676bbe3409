/* Unit tests of net/rx_copy.c: frames copied intact, UDP checksums judged as lwIP's udp_input would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "net/rx_copy.h"

#define FRAME_MAX 1600

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1071 in network byte order, written out plainly: the reference the code is checked against. */
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

/*
 * Builds Ethernet + IPv4 (@ihl words, @opts option bytes of 0x01) + UDP with @payload bytes of
 * a fixed pattern and a correct UDP checksum; @pad bytes of Ethernet padding after the IP packet.
 * Returns the frame length.
 */
static size_t build(uint8_t *f, unsigned int ihl, size_t payload, size_t pad)
{
	size_t hlen = ihl * 4, ulen = 8 + payload, total = hlen + ulen, i;
	uint8_t *ip = f + 14, *udp = ip + hlen;
	uint32_t sum;

	memset(f, 0, 14 + total + pad);
	memset(f, 0x02, 12);
	put16(f + 12, 0x0800);
	ip[0] = (uint8_t)(0x40 | ihl);
	put16(ip + 2, (uint16_t)total);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\x0a\x00\x02\x02\x0a\x00\x02\x0f", 8); /* 10.0.2.2 -> 10.0.2.15 */
	memset(ip + 20, 0x01, hlen - 20);
	put16(ip + 10, fold_not(sum_be(ip, hlen, 0)));
	put16(udp, 50000);
	put16(udp + 2, 49152);
	put16(udp + 4, (uint16_t)ulen);
	for (i = 0; i < payload; i++)
		udp[8 + i] = (uint8_t)(i * 7 + 3);
	sum = sum_be(ip + 12, 8, 17 + (uint32_t)ulen);
	put16(udp + 6, fold_not(sum_be(udp, ulen, sum)));
	if (!udp[6] && !udp[7])
		put16(udp + 6, 0xffff); /* a computed 0 is sent as all ones */
	memset(udp + ulen, 0xee, pad);
	return 14 + total + pad;
}

/* Copies @f through net_rx_copy at every source and destination alignment; the verdict must not vary. */
static enum net_rx_csum judge(const uint8_t *f, size_t len)
{
	static uint8_t src[FRAME_MAX + 4], dst[FRAME_MAX + 4];
	enum net_rx_csum first = NET_RX_CSUM_NONE, got;
	unsigned int so, doff;

	for (so = 0; so < 4; so++) {
		for (doff = 0; doff < 4; doff++) {
			memcpy(src + so, f, len);
			memset(dst, 0xa5, sizeof(dst));
			got = net_rx_copy(dst + doff, src + so, len);
			assert_memory_equal(dst + doff, f, len);
			assert_int_equal(dst[doff + len], 0xa5); /* not a byte more */
			if (so == 0 && doff == 0)
				first = got;
			assert_int_equal(got, first);
		}
	}
	return first;
}

static void test_good_datagrams(void **state)
{
	static const size_t payloads[] = { 0, 1, 3, 4, 511, 512, 1428, 1468, 1471, 1472 };
	uint8_t f[FRAME_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++)
		assert_int_equal(judge(f, build(f, 5, payloads[i], 0)), NET_RX_CSUM_GOOD);
	assert_int_equal(judge(f, build(f, 15, 1000, 0)),
			 NET_RX_CSUM_GOOD); /* 40 bytes of options */
	assert_int_equal(judge(f, build(f, 5, 4, 14)), NET_RX_CSUM_GOOD); /* padded to 60 bytes */
	assert_int_equal(judge(f, build(f, 5, 5, 13)), NET_RX_CSUM_GOOD); /* odd, padded */
}

static void test_bad_datagrams(void **state)
{
	uint8_t f[FRAME_MAX];
	size_t n;

	(void)state;
	n = build(f, 5, 1428, 0);
	f[n - 1] ^= 0x40; /* a data bit */
	assert_int_equal(judge(f, n), NET_RX_CSUM_BAD);
	n = build(f, 5, 1428, 0);
	f[14 + 12] ^= 1; /* the source address: in the pseudo-header only */
	assert_int_equal(judge(f, n), NET_RX_CSUM_BAD);
	n = build(f, 5, 1428, 0);
	f[14 + 20 + 4] ^= 1; /* the UDP length field */
	assert_int_equal(judge(f, n), NET_RX_CSUM_BAD);
	n = build(f, 6, 100, 0);
	f[14 + 20 + 4 + 8 + 99] ^= 0xff; /* the last byte, behind an IP option */
	assert_int_equal(judge(f, n), NET_RX_CSUM_BAD);
}

/* Padding after the IP packet is not the datagram's: changing it changes nothing. */
static void test_padding_is_not_summed(void **state)
{
	uint8_t f[FRAME_MAX];
	size_t n = build(f, 5, 6, 12);

	(void)state;
	f[n - 1] = 0x55;
	assert_int_equal(judge(f, n), NET_RX_CSUM_GOOD);
}

/* What lwIP's UDP input never checks: no verdict (lwIP drops it earlier, or there is no checksum). */
static void test_not_judged(void **state)
{
	uint8_t f[FRAME_MAX];
	size_t n;

	(void)state;
	n = build(f, 5, 100, 0);
	put16(f + 14 + 20 + 6, 0); /* no checksum sent */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	f[14 + 6] = 0x20; /* more fragments */
	f[n - 1] ^= 1;
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	put16(f + 14 + 6, 10); /* a later fragment */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	assert_int_equal(judge(f, n - 1), NET_RX_CSUM_NONE); /* total length past the frame */
	n = build(f, 5, 100, 0);
	f[14 + 9] = 6; /* TCP */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	f[14] = 0x44; /* header shorter than 20 bytes */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	f[14] = 0x65; /* IPv6 version nibble */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	put16(f + 14 + 2, 20 + 7); /* no room for a UDP header */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	n = build(f, 5, 100, 0);
	put16(f + 12, 0x0806); /* ARP */
	assert_int_equal(judge(f, n), NET_RX_CSUM_NONE);
	assert_int_equal(judge(f, 20), NET_RX_CSUM_NONE); /* shorter than the IP header */
	assert_int_equal(judge(f, 0), NET_RX_CSUM_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_datagrams),
		cmocka_unit_test(test_bad_datagrams),
		cmocka_unit_test(test_padding_is_not_summed),
		cmocka_unit_test(test_not_judged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
