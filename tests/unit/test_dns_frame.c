/* Unit tests of net/dns_frame.c: the RCODE of a name server's response, read from a frame. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "net/dns_frame.h"

#define SERVER 0xc0000201u /* 192.0.2.1 */
#define CLIENT 0xc000020fu /* 192.0.2.15 */
#define NAME "www.pix.test"
#define ETH_HLEN 14
#define IP_HLEN 20
#define UDP_HLEN 8
#define FRAME_MAX 600

/* What a test frame holds; mk() builds it with good lengths and checksums unless told otherwise. */
struct spec {
	uint32_t src;
	uint16_t sport;
	uint8_t flags1, flags2; /* DNS flags: QR..RD, RA..RCODE */
	uint16_t qdcount;
	const char *qname; /* written label by label */
	uint16_t qtype;
	bool answer; /* an A record after the question */
	bool no_csum; /* UDP checksum 0 (none sent) */
};

static uint8_t frame[FRAME_MAX];

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

static struct spec response(uint8_t rcode)
{
	return (struct spec){ SERVER, 53, 0x81, (uint8_t)(0x80 | rcode), 1, NAME, 1, false, false };
}

/* The UDP checksum of the datagram at @udp (@len bytes) with the frame's addresses. */
static uint16_t udp_csum(const uint8_t *ip, const uint8_t *udp, size_t len)
{
	uint32_t sum = 17 + (uint32_t)len;
	size_t i;

	for (i = 12; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(udp[i] << 8 | udp[i + 1]);
	if (len & 1)
		sum += (uint32_t)udp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum ? (uint16_t)~sum : 0xffff;
}

/* Builds the frame of @s; returns its length. */
static size_t mk(const struct spec *s)
{
	uint8_t *ip = frame + ETH_HLEN, *udp = ip + IP_HLEN, *dns = udp + UDP_HLEN, *p;
	const char *label = s->qname, *dot;
	size_t n, dlen, total;

	memset(frame, 0, sizeof(frame));
	put16(frame + 12, 0x0800);
	p = dns + 12;
	for (;;) {
		dot = strchr(label, '.');
		n = dot ? (size_t)(dot - label) : strlen(label);
		*p++ = (uint8_t)n;
		memcpy(p, label, n);
		p += n;
		if (!dot)
			break;
		label = dot + 1;
	}
	*p++ = 0;
	put16(p, s->qtype);
	put16(p + 2, 1);
	p += 4;
	if (s->answer) {
		put16(p, 0xc00c);
		put16(p + 2, 1);
		put16(p + 4, 1);
		put32(p + 6, 60);
		put16(p + 10, 4);
		put32(p + 12, SERVER);
		p += 16;
	}
	put16(dns, 0x1234);
	dns[2] = s->flags1;
	dns[3] = s->flags2;
	put16(dns + 4, s->qdcount);
	put16(dns + 6, s->answer);
	dlen = (size_t)(p - dns);
	total = IP_HLEN + UDP_HLEN + dlen;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)total);
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, s->src);
	put32(ip + 16, CLIENT);
	put16(udp, s->sport);
	put16(udp + 2, 49152);
	put16(udp + 4, (uint16_t)(UDP_HLEN + dlen));
	if (!s->no_csum)
		put16(udp + 6, udp_csum(ip, udp, UDP_HLEN + dlen));
	return ETH_HLEN + total;
}

static int rcode_of(const struct spec *s)
{
	size_t len = mk(s);

	return dns_frame_rcode(frame, len, SERVER, NAME);
}

static void test_rcodes(void **state)
{
	struct spec s = response(3);

	(void)state;
	assert_int_equal(rcode_of(&s), DNS_FRAME_RCODE_NXDOMAIN);
	s = response(0);
	s.answer = true;
	assert_int_equal(rcode_of(&s), DNS_FRAME_RCODE_NOERROR);
	s = response(0);
	assert_int_equal(rcode_of(&s), 0); /* no record: still NOERROR */
	s = response(2);
	assert_int_equal(rcode_of(&s), 2);
	s = response(5);
	s.flags2 = 0x05; /* RA clear */
	assert_int_equal(rcode_of(&s), 5);
	s = response(15);
	assert_int_equal(rcode_of(&s), 15);
	s = response(3);
	s.no_csum = true;
	assert_int_equal(rcode_of(&s), 3);
}

/* The question must be the name asked for, in any case, an A record, and the only one. */
static void test_the_question(void **state)
{
	static const char *const others[] = { "www.pix.tes", "ww.pix.test", "www.pix.test.x",
					      "www.pix", "wwwpix.test" };
	uint8_t *udp = frame + ETH_HLEN + IP_HLEN;
	struct spec s = response(3);
	size_t i, len;

	(void)state;
	s.qname = "WWW.Pix.TEST";
	assert_int_equal(rcode_of(&s), 3);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		s.qname = others[i];
		if (rcode_of(&s) != -1)
			fail_msg("the question '%s' was taken for '%s'", others[i], NAME);
	}
	s = response(3);
	s.qtype = 28; /* AAAA */
	assert_int_equal(rcode_of(&s), -1);
	s = response(3);
	s.qdcount = 2;
	assert_int_equal(rcode_of(&s), -1);
	s = response(3);
	s.flags1 = 0x01; /* a query */
	assert_int_equal(rcode_of(&s), -1);
	/* a compression pointer in place of the question's name */
	s = response(3);
	len = mk(&s);
	udp[UDP_HLEN + 12] = 0xc0;
	udp[UDP_HLEN + 13] = 0x0c;
	put16(udp + 6, 0);
	put16(udp + 6, udp_csum(frame + ETH_HLEN, udp, len - ETH_HLEN - IP_HLEN));
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
}

/* Only the server's port 53, over IPv4 and UDP, whole, its checksum good. */
static void test_the_sender_and_the_packet(void **state)
{
	struct spec s = response(3);
	uint8_t *ip = frame + ETH_HLEN, *udp = ip + IP_HLEN;
	size_t len;

	(void)state;
	s.src = SERVER + 1;
	assert_int_equal(rcode_of(&s), -1);
	s = response(3);
	s.sport = 5353;
	assert_int_equal(rcode_of(&s), -1);
	s = response(3);
	len = mk(&s);
	udp[len - ETH_HLEN - IP_HLEN - 1] ^= 1; /* the checksum no longer holds */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	put16(frame + 12, 0x86dd);
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	ip[9] = 6; /* TCP */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	ip[6] = 0x20; /* more fragments */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	ip[0] = 0x44; /* a header shorter than 20 bytes */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	put16(ip + 2, (uint16_t)(len - ETH_HLEN + 1)); /* longer than the frame */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	put16(udp + 4, (uint16_t)(len - ETH_HLEN - IP_HLEN + 1)); /* longer than its packet */
	assert_int_equal(dns_frame_rcode(frame, len, SERVER, NAME), -1);
	len = mk(&s);
	assert_int_equal(dns_frame_rcode(frame, len + 6, SERVER, NAME), 3); /* padding is fine */
}

/* A frame cut anywhere is never read past its end and never taken for a response. */
static void test_truncated(void **state)
{
	struct spec s = response(3);
	size_t len = mk(&s), n;
	uint8_t copy[FRAME_MAX];

	(void)state;
	for (n = 0; n < len; n++) {
		memcpy(copy, frame, n);
		assert_int_equal(dns_frame_rcode(copy, n, SERVER, NAME), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rcodes),
		cmocka_unit_test(test_the_question),
		cmocka_unit_test(test_the_sender_and_the_packet),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
