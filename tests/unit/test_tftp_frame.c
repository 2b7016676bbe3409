/* Unit tests of net/tftp_frame.c: every Table 11-2 code below TFTP, from hand-built frames. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "net/tftp_frame.h"

#define ADDR 0x0a00020fu /* 10.0.2.15 */
#define SERVER 0x0a000202u /* 10.0.2.2 */
#define LPORT 49152
#define TID 50000

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

static uint16_t csum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Builds Ethernet + IPv4 + UDP with a 4-byte TFTP ACK payload; returns the frame length. */
static size_t build_udp(uint8_t *f, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
	uint8_t *ip = f + 14, *udp = ip + 20;
	uint8_t pseudo[12];
	size_t ulen = 8 + 4;

	memset(f, 0, 14 + 20 + ulen);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + ulen));
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, src);
	put32(ip + 16, dst);
	put16(ip + 10, csum(ip, 20, 0));
	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)ulen);
	put16(udp + 8, 4); /* ACK */
	put16(udp + 10, 1);
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 17;
	put16(pseudo + 10, (uint16_t)ulen);
	{
		uint32_t sum = 0;
		size_t i;

		for (i = 0; i < 12; i += 2)
			sum += (uint32_t)(pseudo[i] << 8 | pseudo[i + 1]);
		put16(udp + 6, csum(udp, ulen, sum));
	}
	return 14 + 20 + ulen;
}

static enum tftp_frame_kind classify(const uint8_t *f, size_t len)
{
	uint16_t proto = 0;

	return tftp_frame_classify(&filter, f, len, &proto);
}

static void test_good_datagram_is_quiet(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT);

	(void)state;
	assert_int_equal(classify(f, n), TFTP_FRAME_OTHER);
	assert_int_equal(classify(f, n + 10), TFTP_FRAME_OTHER); /* Ethernet padding */
}

static void test_arp_and_non_ip(void **state)
{
	uint8_t f[64] = { 0 };
	uint16_t proto = 0;

	(void)state;
	put16(f + 12, 0x0806);
	assert_int_equal(classify(f, 60), TFTP_FRAME_ARP);
	put16(f + 12, 0x86dd);
	assert_int_equal(tftp_frame_classify(&filter, f, 60, &proto), TFTP_FRAME_NON_IP);
	assert_int_equal(proto, 0x86dd);
	assert_int_equal(classify(f, 13), TFTP_FRAME_OTHER);
}

static void test_wrong_server_3(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, 0x0a000209, ADDR, TID, LPORT);

	(void)state;
	assert_int_equal(classify(f, n), TFTP_FRAME_SERVER);
	n = build_udp(f, 0x0a000209, ADDR, TID, 1234); /* someone else's traffic */
	assert_int_equal(classify(f, n), TFTP_FRAME_OTHER);
}

static void test_ip_header_length_4(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT);

	(void)state;
	f[14] = 0x44; /* IHL 4 words: 16 bytes */
	assert_int_equal(classify(f, n), TFTP_FRAME_IP_HLEN);
	f[14] = 0x4f; /* 60 bytes: more than the packet */
	assert_int_equal(classify(f, n), TFTP_FRAME_IP_HLEN);
	n = build_udp(f, SERVER, ADDR, TID, LPORT);
	put16(f + 16, 12); /* total length shorter than the header */
	assert_int_equal(classify(f, n), TFTP_FRAME_IP_HLEN);
	n = build_udp(f, SERVER, ADDR, TID, LPORT);
	put16(f + 14 + 20 + 4, 200); /* UDP length past the packet */
	assert_int_equal(classify(f, n), TFTP_FRAME_IP_HLEN);
}

/*
 * Code 2: the frame the NIC delivered ends before the IP packet its header describes (total
 * length past the frame's end), or before the IP header itself. The header's own length field
 * is fine here: code 4 is for that field.
 */
static void test_short_frame_2(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT);

	(void)state;
	assert_int_equal(classify(f, n - 1), TFTP_FRAME_SHORT); /* a byte of the payload missing */
	/* cut inside the UDP header */
	assert_int_equal(classify(f, 14 + 20 + 4), TFTP_FRAME_SHORT);
	assert_int_equal(classify(f, 14 + 10), TFTP_FRAME_SHORT); /* cut inside the IP header */
	assert_int_equal(classify(f, 14), TFTP_FRAME_SHORT); /* no IP byte at all */
	put16(f + 16, 200); /* total length past the frame, whatever the frame holds */
	assert_int_equal(classify(f, n), TFTP_FRAME_SHORT);
	assert_int_equal(classify(f, n), 2); /* Table 11-2's number */
}

static void test_not_udp_5(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT);

	(void)state;
	f[14 + 9] = 6; /* TCP */
	assert_int_equal(classify(f, n), TFTP_FRAME_NOT_UDP);
	f[14 + 9] = 1; /* ICMP: ping and errors are normal */
	assert_int_equal(classify(f, n), TFTP_FRAME_OTHER);
}

static void test_wrong_destination_6(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, 0x0a000210, TID, LPORT);

	(void)state;
	assert_int_equal(classify(f, n), TFTP_FRAME_DEST);
}

static void test_wrong_port_7(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT + 1);

	(void)state;
	assert_int_equal(classify(f, n), TFTP_FRAME_PORTS);
}

static void test_bad_checksum_8(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT);

	(void)state;
	f[n - 1] ^= 0x01; /* payload changed after the checksum */
	assert_int_equal(classify(f, n), TFTP_FRAME_CSUM);
	put16(f + 14 + 20 + 6, 0); /* no checksum at all is allowed */
	assert_int_equal(classify(f, n), TFTP_FRAME_OTHER);
}

static void test_fragment_is_not_judged(void **state)
{
	uint8_t f[128];
	size_t n = build_udp(f, SERVER, ADDR, TID, LPORT + 1);

	(void)state;
	put16(f + 14 + 6, 0x2000); /* more fragments */
	assert_int_equal(classify(f, n), TFTP_FRAME_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_datagram_is_quiet),
		cmocka_unit_test(test_arp_and_non_ip),
		cmocka_unit_test(test_wrong_server_3),
		cmocka_unit_test(test_short_frame_2),
		cmocka_unit_test(test_ip_header_length_4),
		cmocka_unit_test(test_not_udp_5),
		cmocka_unit_test(test_wrong_destination_6),
		cmocka_unit_test(test_wrong_port_7),
		cmocka_unit_test(test_bad_checksum_8),
		cmocka_unit_test(test_fragment_is_not_judged),
	};

	return cmocka_run_group_tests_name("tftp_frame", tests, NULL, NULL);
}
