/* Unit tests of net/fo_frame.c: failover messages built, read back, refused, and kept fresh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mbedtls/md.h"
#include "net/fo_frame.h"

#define IP_OFF FO_ETH_HLEN /* IP header in the frame */
#define PL_OFF (FO_ETH_HLEN + FO_IP_HLEN) /* payload in the frame */
#define BODY_OFF (PL_OFF + FO_HDR_LEN)
#define FO_MAGIC_AND_VERSION 5
#define BIG (FO_FRAME_MAX + 64) /* room for frames made too large on purpose */

static const uint8_t KEY[] = "pix-failover-key"; /* 16 bytes (sizeof - 1) */
#define KEY_LEN (sizeof(KEY) - 1)
static const uint8_t OTHER_KEY[] = "pix-failover-kez";

static const struct fo_addr A = { { 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb1 }, 0x0a000001 };
static const struct fo_addr B = { { 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb2 }, 0x0a000002 };

static uint8_t buf[BIG];
static uint8_t config_text[FO_CHUNK_MAX];

/*
 * Known answer: the frame of kat_msg() from A to B under KEY, written independently of the codec
 * by a Python 3 script at authoring time (struct.pack of each field as fo_frame.h lays them out,
 * the IP checksum by RFC 1071, and hmac.new(b"pix-failover-key", src_ip + dst_ip + payload
 * without MAC, hashlib.sha256)). The MAC was checked with
 *   openssl dgst -sha256 -hmac pix-failover-key covered.bin
 * (covered.bin: 0a000001 0a000002 and payload bytes 0-45): b5e9d8ae...5adf4adb.
 */
static const uint8_t KAT_FRAME[112] = {
	0x00, 0x90, 0x27, 0x22, 0xf0, 0xb2, 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb1, /* */
	0x08, 0x00, 0x45, 0x00, 0x00, 0x62, 0x00, 0x00, 0x40, 0x00, 0x01, 0x69, /* */
	0x65, 0x31, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x50, 0x58, /* */
	0x46, 0x4f, 0x01, 0x01, 0x01, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, /* */
	0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10, 0x00, 0x00, /* */
	0x00, 0x07, 0x00, 0x10, 0x00, 0x03, 0x0f, 0x01, 0x06, 0x03, 0x05, 0x00, /* */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x00, 0x02, 0xb5, 0xe9, 0xd8, 0xae, /* */
	0x8a, 0xc0, 0xfb, 0x81, 0x0b, 0x17, 0xbe, 0xed, 0x7c, 0xf8, 0x23, 0x57, /* */
	0x9a, 0xfb, 0xec, 0xe8, 0x5c, 0x3b, 0x8a, 0xca, 0x80, 0xf5, 0x0d, 0xc9, /* */
	0x5a, 0xdf, 0x4a, 0xdb,
};

static struct fo_msg kat_msg(void)
{
	struct fo_msg m = { .type = FO_HELLO,
			    .nonce = 0x0123456789abcdefull,
			    .echo = 0xfedcba9876543210ull,
			    .seq = 7 };

	m.u.hello = (struct fo_hello){
		FO_UNIT_PRIMARY, FO_ST_ACTIVE, 15, FO_HELLO_F_IF_UP, 6, 3, 5, 3600, 2
	};
	return m;
}

static struct fo_msg config_msg(uint32_t offset, uint16_t len, uint32_t total)
{
	struct fo_msg m = { .type = FO_CONFIG, .nonce = 0x1111222233334444ull, .seq = 42 };

	m.u.chunk = (struct fo_config_chunk){ 9, offset, total, len, config_text };
	return m;
}

static struct fo_msg ack_msg(void)
{
	struct fo_msg m = { .type = FO_CONFIG_ACK, .nonce = 5, .echo = 6, .seq = 0xfffffffe };

	m.u.ack = (struct fo_ack){ 9, 4096 };
	return m;
}

static struct fo_msg switch_msg(uint8_t to)
{
	struct fo_msg m = { .type = FO_SWITCH, .nonce = ~0ull, .echo = 1, .seq = 1 };

	m.u.switch_to = to;
	return m;
}

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

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Builds @m from A to B into buf under @key; returns the frame's length. */
static size_t build(const struct fo_msg *m, const uint8_t *key, size_t key_len)
{
	int n = fo_frame_build(buf, sizeof(buf), &A, &B, m, key, key_len);

	assert_true(n > 0);
	return (size_t)n;
}

/* fo_frame_parse() of @len bytes of buf under @key, the results thrown away. */
static int parse(size_t len, const uint8_t *key, size_t key_len)
{
	struct fo_addr src, dst;
	struct fo_msg m;

	return fo_frame_parse(buf, len, key, key_len, &src, &dst, &m);
}

/* Recomputes the IP header checksum of the frame in buf. */
static void ip_fix(void)
{
	uint8_t *ip = buf + IP_OFF;
	size_t hlen = (size_t)(ip[0] & 0x0f) * 4, i;
	uint32_t sum = 0;

	put16(ip + 10, 0);
	for (i = 0; i < hlen; i += 2)
		sum += get16(ip + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(ip + 10, (uint16_t)~sum);
}

/*
 * Makes the frame in buf pass the IP checksum and the MAC again after a test changed it: the
 * MAC (mbedTLS's one-shot mbedtls_md_hmac(), not the codec's path) over the addresses and the
 * payload up to the IP length minus 32, written there. Returns the frame's length.
 */
static size_t reseal(const uint8_t *key, size_t key_len)
{
	uint8_t *ip = buf + IP_OFF;
	size_t total = get16(ip + 2);

	ip_fix();
	assert_int_equal(mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, key_len,
					 ip + 12, 8 + total - FO_IP_HLEN - FO_MAC_LEN,
					 ip + total - FO_MAC_LEN),
			 0);
	return FO_ETH_HLEN + total;
}

/* Gives the frame in buf a body of @blen bytes (new bytes zero): body length and IP length. */
static void set_body_len(size_t blen)
{
	size_t old = get16(buf + PL_OFF + 28);

	if (blen > old)
		memset(buf + BODY_OFF + old, 0, blen - old);
	put16(buf + PL_OFF + 28, (uint16_t)blen);
	put16(buf + IP_OFF + 2, (uint16_t)(FO_IP_HLEN + FO_HDR_LEN + blen + FO_MAC_LEN));
}

static void hello_equal(const struct fo_hello *a, const struct fo_hello *b)
{
	assert_int_equal(a->unit, b->unit);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->poll_s, b->poll_s);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->ver_major, b->ver_major);
	assert_int_equal(a->ver_minor, b->ver_minor);
	assert_int_equal(a->ver_maint, b->ver_maint);
	assert_int_equal(a->active_s, b->active_s);
	assert_int_equal(a->generation, b->generation);
}

/* Builds @m, parses it back under the same key, checks every field and that it re-builds. */
static void round_trip(const struct fo_msg *m, const uint8_t *key, size_t key_len)
{
	static uint8_t again[BIG];
	struct fo_addr src, dst;
	struct fo_msg r;
	size_t len = build(m, key, key_len);

	assert_int_equal(fo_frame_parse(buf, len, key, key_len, &src, &dst, &r), 0);
	assert_memory_equal(src.mac, A.mac, 6);
	assert_int_equal(src.ip, A.ip);
	assert_memory_equal(dst.mac, B.mac, 6);
	assert_int_equal(dst.ip, B.ip);
	assert_int_equal(r.type, m->type);
	assert_int_equal(r.flags, key_len ? FO_F_KEYED : 0);
	assert_true(r.nonce == m->nonce && r.echo == m->echo);
	assert_int_equal(r.seq, m->seq);
	switch (m->type) {
	case FO_HELLO:
		hello_equal(&r.u.hello, &m->u.hello);
		break;
	case FO_CONFIG:
		assert_int_equal(r.u.chunk.generation, m->u.chunk.generation);
		assert_int_equal(r.u.chunk.offset, m->u.chunk.offset);
		assert_int_equal(r.u.chunk.total, m->u.chunk.total);
		assert_int_equal(r.u.chunk.len, m->u.chunk.len);
		assert_ptr_equal(r.u.chunk.data, buf + BODY_OFF + FO_CONFIG_HLEN);
		if (m->u.chunk.len)
			assert_memory_equal(r.u.chunk.data, m->u.chunk.data, m->u.chunk.len);
		break;
	case FO_CONFIG_ACK:
		assert_int_equal(r.u.ack.generation, m->u.ack.generation);
		assert_int_equal(r.u.ack.offset, m->u.ack.offset);
		break;
	case FO_SWITCH:
		assert_int_equal(r.u.switch_to, m->u.switch_to);
		break;
	}
	assert_int_equal(fo_frame_build(again, sizeof(again), &src, &dst, &r, key, key_len),
			 (int)len);
	assert_memory_equal(again, buf, len);
}

static void test_round_trip_every_type(void **state)
{
	struct fo_msg m = kat_msg();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(config_text); i++)
		config_text[i] = (uint8_t)("interface ethernet0 auto\n"[i % 25]);
	round_trip(&m, KEY, KEY_LEN);
	m.u.hello = (struct fo_hello){
		FO_UNIT_SECONDARY, FO_ST_FAILED, 3, 0, 255, 0, 255, 0xffffffff, 0
	};
	round_trip(&m, KEY, KEY_LEN);
	m = config_msg(0, 100, 100);
	round_trip(&m, KEY, KEY_LEN);
	m = config_msg(FO_CONFIG_MAX - FO_CHUNK_MAX, FO_CHUNK_MAX, FO_CONFIG_MAX);
	round_trip(&m, KEY, KEY_LEN);
	assert_int_equal(build(&m, KEY, KEY_LEN), FO_FRAME_MAX);
	m = config_msg(0, 0, 0); /* an empty configuration: one chunk, no data */
	m.u.chunk.data = NULL;
	round_trip(&m, KEY, KEY_LEN);
	m = ack_msg();
	round_trip(&m, KEY, KEY_LEN);
	m = switch_msg(FO_ST_ACTIVE);
	round_trip(&m, KEY, KEY_LEN);
	m = switch_msg(FO_ST_STANDBY);
	round_trip(&m, KEY, KEY_LEN);
}

/* Neither unit has a key: frames carry an HMAC under the empty key and pair all the same. */
static void test_round_trip_no_key(void **state)
{
	struct fo_msg m = kat_msg();

	(void)state;
	round_trip(&m, NULL, 0);
	round_trip(&m, (const uint8_t *)"", 0);
	m = config_msg(10, 20, 30);
	round_trip(&m, NULL, 0);
	m = switch_msg(FO_ST_STANDBY);
	round_trip(&m, NULL, 0);
}

static void test_known_answer(void **state)
{
	struct fo_msg m = kat_msg(), r;
	struct fo_addr src, dst;

	(void)state;
	m.flags = 0; /* the builder sets FO_F_KEYED from the key */
	assert_int_equal(build(&m, KEY, KEY_LEN), sizeof(KAT_FRAME));
	assert_memory_equal(buf, KAT_FRAME, sizeof(KAT_FRAME));
	assert_int_equal(fo_frame_parse(KAT_FRAME, sizeof(KAT_FRAME), KEY, KEY_LEN, &src, &dst, &r),
			 0);
	assert_int_equal(r.flags, FO_F_KEYED);
	assert_int_equal(r.u.hello.active_s, 3600);
	assert_int_equal(src.ip, A.ip);
}

static void test_keyed_flag_differs(void **state)
{
	struct fo_msg m = kat_msg();
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	assert_int_equal(parse(len, NULL, 0), -EPERM); /* this unit has no key */
	len = build(&m, NULL, 0);
	assert_int_equal(parse(len, KEY, KEY_LEN), -EPERM); /* the mate has no key */
	/* the builder ignores a caller's flag: the key decides it */
	m.flags = FO_F_KEYED;
	len = build(&m, NULL, 0);
	assert_int_equal(parse(len, NULL, 0), 0);
	/* a keyed frame with the flag cleared and an empty-key MAC is still refused */
	build(&m, KEY, KEY_LEN);
	buf[PL_OFF + 6] = 0;
	len = reseal(NULL, 0);
	assert_int_equal(parse(len, KEY, KEY_LEN), -EPERM);
	assert_int_equal(parse(len, NULL, 0), 0); /* what an unkeyed unit would accept */
}

static void test_wrong_key(void **state)
{
	struct fo_msg m = ack_msg();
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	assert_int_equal(parse(len, OTHER_KEY, KEY_LEN), -EACCES);
	assert_int_equal(parse(len, KEY, KEY_LEN - 1), -EACCES);
	assert_int_equal(parse(len, KEY, KEY_LEN), 0);
}

/* The MAC covers both IP addresses: a frame sent to or from another address is refused. */
static void test_readdressed(void **state)
{
	struct fo_msg m = kat_msg();
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	buf[IP_OFF + 15] = 3; /* source 10.0.0.3 */
	ip_fix();
	assert_int_equal(parse(len, KEY, KEY_LEN), -EACCES);
	len = build(&m, KEY, KEY_LEN);
	buf[IP_OFF + 19] = 9; /* destination 10.0.0.9 */
	ip_fix();
	assert_int_equal(parse(len, KEY, KEY_LEN), -EACCES);
	len = build(&m, KEY, KEY_LEN); /* swapped: B's frame "from" A */
	put32(buf + IP_OFF + 12, B.ip);
	put32(buf + IP_OFF + 16, A.ip);
	ip_fix();
	assert_int_equal(parse(len, KEY, KEY_LEN), -EACCES);
	/* the Ethernet addresses are the link's business, not the MAC's */
	len = build(&m, KEY, KEY_LEN);
	buf[0] = 0xff;
	assert_int_equal(parse(len, KEY, KEY_LEN), 0);
}

static void test_not_failover(void **state)
{
	struct fo_msg m = kat_msg();
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	put16(buf + 12, 0x0806); /* ARP */
	assert_int_equal(parse(len, KEY, KEY_LEN), -ENOMSG);
	put16(buf + 12, 0x86dd); /* IPv6 */
	assert_int_equal(parse(len, KEY, KEY_LEN), -ENOMSG);
	put16(buf + 12, 0x8100); /* a VLAN tag */
	assert_int_equal(parse(len, KEY, KEY_LEN), -ENOMSG);
	len = build(&m, KEY, KEY_LEN);
	buf[IP_OFF] = 0x65; /* IP version 6 under EtherType IPv4 */
	ip_fix();
	assert_int_equal(parse(len, KEY, KEY_LEN), -ENOMSG);
	len = build(&m, KEY, KEY_LEN);
	buf[IP_OFF + 9] = 17; /* UDP */
	ip_fix();
	assert_int_equal(parse(len, KEY, KEY_LEN), -ENOMSG);
	assert_int_equal(parse(0, KEY, KEY_LEN), -ENOMSG);
	assert_int_equal(parse(FO_ETH_HLEN + FO_IP_HLEN - 1, KEY, KEY_LEN), -ENOMSG);
}

/* IP headers other than the one the builder writes, each with a good checksum but the first. */
static void test_bad_ip_header(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
	} bad[] = {
		{ 10, 0x00 }, /* checksum (was 0x65) */
		{ 0, 0x46 }, /* IHL 6 */
		{ 0, 0x44 }, /* IHL 4 */
		{ 6, 0x60 }, /* DF and MF: a first fragment */
		{ 7, 0x01 }, /* fragment offset 8 */
		{ 6, 0x00 }, /* DF clear */
		{ 8, 64 }, /* TTL 64: came through routers, or not built here */
		{ 1, 0x10 }, /* TOS */
		{ 5, 0x01 }, /* ID */
		{ 2, 0x01 }, /* total length past the frame */
		{ 3, 0x18 }, /* total length 24: no room for a version */
		{ 3, 0x61 }, /* total length one byte short: body and IP lengths disagree */
	};
	struct fo_msg m = kat_msg();
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = build(&m, KEY, KEY_LEN);
		buf[IP_OFF + bad[i].off] = bad[i].val;
		if (i)
			ip_fix();
		assert_int_equal(parse(len, KEY, KEY_LEN), -EBADMSG);
	}
}

/* A real option (4 bytes of NOPs) in a frame otherwise right: refused. */
static void test_ip_options(void **state)
{
	struct fo_msg m = kat_msg();
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	memmove(buf + PL_OFF + 4, buf + PL_OFF, len - PL_OFF);
	memset(buf + PL_OFF, 1, 4);
	buf[IP_OFF] = 0x46;
	put16(buf + IP_OFF + 2, (uint16_t)(get16(buf + IP_OFF + 2) + 4));
	ip_fix();
	assert_int_equal(parse(len + 4, KEY, KEY_LEN), -EBADMSG);
}

static void test_truncated(void **state)
{
	struct fo_msg m = config_msg(0, 200, 200);
	size_t len, n;
	uint8_t *copy;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	for (n = 0; n < len; n++) {
		struct fo_addr src, dst;
		struct fo_msg r;

		copy = malloc(n ? n : 1); /* exactly n bytes: a read past them is ASan's */
		assert_non_null(copy);
		memcpy(copy, buf, n);
		assert_int_equal(fo_frame_parse(copy, n, KEY, KEY_LEN, &src, &dst, &r),
				 n < FO_ETH_HLEN + FO_IP_HLEN ? -ENOMSG : -EBADMSG);
		free(copy);
	}
}

/* The IP packet (and the frame, to the byte) ends inside the payload header, body or MAC. */
static void test_short_ip_packet(void **state)
{
	struct fo_msg m = kat_msg(), r;
	struct fo_addr src, dst;
	size_t n, len;
	uint8_t *copy;

	(void)state;
	for (n = FO_MAGIC_AND_VERSION; n < FO_HDR_LEN + FO_HELLO_LEN + FO_MAC_LEN; n++) {
		build(&m, KEY, KEY_LEN);
		put16(buf + IP_OFF + 2, (uint16_t)(FO_IP_HLEN + n));
		ip_fix();
		len = PL_OFF + n;
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		assert_int_equal(fo_frame_parse(copy, len, KEY, KEY_LEN, &src, &dst, &r), -EBADMSG);
		free(copy);
	}
}

/* Bytes after the IP packet (Ethernet padding, a trailer) are no part of the message. */
static void test_padding(void **state)
{
	struct fo_msg m = switch_msg(FO_ST_ACTIVE);
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	memset(buf + len, 0xa5, 20);
	assert_int_equal(parse(len + 20, KEY, KEY_LEN), 0);
}

static void test_magic_and_version(void **state)
{
	struct fo_msg m = kat_msg();
	size_t len;

	(void)state;
	build(&m, KEY, KEY_LEN);
	len = reseal(KEY, KEY_LEN);
	assert_int_equal(parse(len, KEY, KEY_LEN), 0); /* reseal alone changes nothing */
	buf[PL_OFF + 3] = 'P';
	len = reseal(KEY, KEY_LEN);
	assert_int_equal(parse(len, KEY, KEY_LEN), -EBADMSG);
	build(&m, KEY, KEY_LEN);
	buf[PL_OFF + 4] = 2;
	len = reseal(KEY, KEY_LEN);
	assert_int_equal(parse(len, KEY, KEY_LEN), -EPROTONOSUPPORT);
	buf[PL_OFF + 4] = 0;
	len = reseal(NULL, 0);
	assert_int_equal(parse(len, KEY, KEY_LEN), -EPROTONOSUPPORT);
	/* another version's layout is its own: a shorter payload is still "another version" */
	buf[PL_OFF + 4] = 2;
	put16(buf + IP_OFF + 2, FO_IP_HLEN + 5);
	ip_fix();
	assert_int_equal(parse(FO_ETH_HLEN + FO_IP_HLEN + 5, KEY, KEY_LEN), -EPROTONOSUPPORT);
	put16(buf + IP_OFF + 2, FO_IP_HLEN + 4); /* magic only */
	ip_fix();
	assert_int_equal(parse(FO_ETH_HLEN + FO_IP_HLEN + 4, KEY, KEY_LEN), -EBADMSG);
}

/* Header fields outside the format, each in a frame with a good checksum and MAC. */
static void test_bad_header(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
	} bad[] = {
		{ 5, 0 }, /* type 0 */
		{ 5, 5 }, /* type 5 */
		{ 5, 0xff },
		{ 6, FO_F_KEYED | 0x02 }, /* a reserved flag */
		{ 6, FO_F_KEYED | 0x80 },
		{ 7, 1 }, /* reserved byte */
		{ 29, 15 }, /* body length 15, IP length for 16 */
		{ 29, 17 },
		{ 28, 1 },
	};
	struct fo_msg m = kat_msg();
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build(&m, KEY, KEY_LEN);
		buf[PL_OFF + bad[i].off] = bad[i].val;
		len = reseal(KEY, KEY_LEN);
		assert_int_equal(parse(len, KEY, KEY_LEN), -EBADMSG);
	}
	build(&m, KEY, KEY_LEN);
	memset(buf + PL_OFF + 8, 0, 8); /* nonce 0: "none", as an echo */
	assert_int_equal(parse(reseal(KEY, KEY_LEN), KEY, KEY_LEN), -EBADMSG);
	build(&m, KEY, KEY_LEN);
	memset(buf + PL_OFF + 24, 0, 4); /* seq 0: seqs start at 1 */
	assert_int_equal(parse(reseal(KEY, KEY_LEN), KEY, KEY_LEN), -EBADMSG);
}

/* Builds @m, gives it a body of @blen bytes, reseals: parse must say -EBADMSG. */
static void expect_bad_body_len(const struct fo_msg *m, size_t blen)
{
	build(m, KEY, KEY_LEN);
	set_body_len(blen);
	assert_int_equal(parse(reseal(KEY, KEY_LEN), KEY, KEY_LEN), -EBADMSG);
}

static void test_body_length_for_type(void **state)
{
	struct fo_msg m = kat_msg();

	(void)state;
	expect_bad_body_len(&m, FO_HELLO_LEN - 1);
	expect_bad_body_len(&m, FO_HELLO_LEN + 1);
	expect_bad_body_len(&m, 0);
	m = ack_msg();
	expect_bad_body_len(&m, FO_ACK_LEN - 1);
	expect_bad_body_len(&m, FO_ACK_LEN + 1);
	m = switch_msg(FO_ST_ACTIVE);
	expect_bad_body_len(&m, 0);
	expect_bad_body_len(&m, 2);
	m = config_msg(0, 0, 0);
	expect_bad_body_len(&m, FO_CONFIG_HLEN - 1);
	/* 1025 bytes of data: one more than a chunk holds (total and offset in range) */
	m = config_msg(0, 0, 2000);
	expect_bad_body_len(&m, FO_CONFIG_HLEN + FO_CHUNK_MAX + 1);
}

/* Body values outside their ranges, each in a frame with a good checksum and MAC. */
static void test_bad_body_values(void **state)
{
	static const struct {
		uint8_t type;
		size_t off;
		uint8_t val;
	} bad[] = {
		{ FO_HELLO, 0, 2 }, /* unit */
		{ FO_HELLO, 1, FO_ST_FAILED + 1 }, /* state */
		{ FO_HELLO, 3, FO_HELLO_F_IF_UP | 0x02 }, /* a reserved hello flag */
		{ FO_HELLO, 7, 1 }, /* hello reserved byte */
		{ FO_SWITCH, 0, FO_ST_DISABLED },
		{ FO_SWITCH, 0, FO_ST_NEGOTIATING },
		{ FO_SWITCH, 0, FO_ST_FAILED },
		{ FO_SWITCH, 0, 0xff },
	};
	struct fo_msg m;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = bad[i].type == FO_HELLO ? kat_msg() : switch_msg(FO_ST_ACTIVE);
		build(&m, KEY, KEY_LEN);
		buf[BODY_OFF + bad[i].off] = bad[i].val;
		len = reseal(KEY, KEY_LEN);
		assert_int_equal(parse(len, KEY, KEY_LEN), -EBADMSG);
	}
}

/* Sets a chunk's offset and total in the frame in buf and reseals; parse's answer. */
static int chunk_with(uint32_t offset, uint32_t total)
{
	put32(buf + BODY_OFF + 4, offset);
	put32(buf + BODY_OFF + 8, total);
	return parse(reseal(KEY, KEY_LEN), KEY, KEY_LEN);
}

static void test_chunk_out_of_range(void **state)
{
	struct fo_msg m = config_msg(0, 100, 100);

	(void)state;
	build(&m, KEY, KEY_LEN);
	assert_int_equal(chunk_with(900, 1000), 0);
	assert_int_equal(chunk_with(901, 1000), -EBADMSG); /* past the end */
	assert_int_equal(chunk_with(0, 99), -EBADMSG);
	assert_int_equal(chunk_with(0, FO_CONFIG_MAX + 1), -EBADMSG); /* too large in all */
	assert_int_equal(chunk_with(FO_CONFIG_MAX - 100, FO_CONFIG_MAX), 0);
	assert_int_equal(chunk_with(0xffffffff, FO_CONFIG_MAX), -EBADMSG); /* would wrap */
	assert_int_equal(chunk_with(0xffffff9c, 0xffffffff), -EBADMSG);
	m = config_msg(0, 0, 10);
	build(&m, KEY, KEY_LEN);
	assert_int_equal(chunk_with(10, 10), 0); /* an empty chunk at the end */
	assert_int_equal(chunk_with(11, 10), -EBADMSG); /* offset past the end */
}

/* Returns the codes parse may give when the bit @bit of byte @i of the KAT frame is flipped. */
static bool flip_ok(size_t i, unsigned bit, int ret)
{
	if (i < 12) /* Ethernet addresses */
		return ret == 0;
	if (i < 14 || i == IP_OFF + 9 || (i == IP_OFF && bit >= 4)) /* type, proto, version */
		return ret == -ENOMSG;
	if (i < PL_OFF + 4 || i == PL_OFF + 5 || i == PL_OFF + 7 || i == PL_OFF + 28 ||
	    i == PL_OFF + 29) /* IP header, magic, type, reserved, body length */
		return ret == -EBADMSG;
	if (i == PL_OFF + 4)
		return ret == -EPROTONOSUPPORT;
	if (i == PL_OFF + 6)
		return ret == (bit ? -EBADMSG : -EPERM);
	if (i < BODY_OFF || i >= BODY_OFF + FO_HELLO_LEN) /* nonce, echo, seq; the MAC */
		return ret == -EACCES;
	return ret == -EACCES || ret == -EBADMSG; /* a body value still in range, or not */
}

/* Every bit of a good frame flipped: refused with the code for where it is, never accepted. */
static void test_every_bit_flipped(void **state)
{
	size_t i;
	unsigned bit;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(KAT_FRAME); i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(buf, KAT_FRAME, sizeof(KAT_FRAME));
			buf[i] ^= (uint8_t)(1u << bit);
			ret = parse(sizeof(KAT_FRAME), KEY, KEY_LEN);
			if (!flip_ok(i, bit, ret))
				fail_msg("byte %zu bit %u: %d", i, bit, ret);
		}
	}
}

/* fo_frame_build() of @m from A to B under KEY with all the room it may need. */
static int build_ret(const struct fo_msg *m)
{
	return fo_frame_build(buf, sizeof(buf), &A, &B, m, KEY, KEY_LEN);
}

static void test_build_refuses(void **state)
{
	struct fo_msg m = kat_msg(), bad;
	size_t need;

	(void)state;
	need = build(&m, KEY, KEY_LEN);
	assert_int_equal(fo_frame_build(buf, need - 1, &A, &B, &m, KEY, KEY_LEN), -ENOSPC);
	assert_int_equal(fo_frame_build(buf, 0, &A, &B, &m, KEY, KEY_LEN), -ENOSPC);
	assert_int_equal(fo_frame_build(buf, need, &A, &B, &m, KEY, KEY_LEN), (int)need);
	assert_int_equal(fo_frame_build(buf, need, &A, &B, &m, NULL, 4), -EINVAL);
	assert_int_equal(fo_frame_build(NULL, need, &A, &B, &m, KEY, KEY_LEN), -EINVAL);
	assert_int_equal(fo_frame_build(buf, need, NULL, &B, &m, KEY, KEY_LEN), -EINVAL);
	assert_int_equal(fo_frame_build(buf, need, &A, &B, NULL, KEY, KEY_LEN), -EINVAL);
	bad = m;
	bad.type = 0;
	assert_int_equal(build_ret(&bad), -EINVAL);
	assert_int_equal(fo_frame_build(buf, 0, &A, &B, &bad, KEY, KEY_LEN), -EINVAL); /* first */
	bad.type = 5;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.nonce = 0;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.seq = 0;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.flags = 0x02;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.u.hello.unit = 2;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.u.hello.state = FO_ST_FAILED + 1;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = m;
	bad.u.hello.flags = 0x80;
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = switch_msg(FO_ST_FAILED);
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = config_msg(0, FO_CHUNK_MAX + 1, 5000);
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = config_msg(1, 10, 10);
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = config_msg(0, 10, FO_CONFIG_MAX + 1);
	assert_int_equal(build_ret(&bad), -EINVAL);
	bad = config_msg(0, 10, 10);
	bad.u.chunk.data = NULL;
	assert_int_equal(build_ret(&bad), -EINVAL);
}

static void test_parse_arguments(void **state)
{
	struct fo_msg m = kat_msg(), r;
	struct fo_addr src, dst;
	size_t len;

	(void)state;
	len = build(&m, KEY, KEY_LEN);
	assert_int_equal(fo_frame_parse(buf, len, NULL, 3, &src, &dst, &r), -EINVAL);
	assert_int_equal(fo_frame_parse(NULL, len, KEY, KEY_LEN, &src, &dst, &r), -EINVAL);
	assert_int_equal(fo_frame_parse(buf, len, KEY, KEY_LEN, &src, &dst, NULL), -EINVAL);
	/* outputs untouched on failure */
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(fo_frame_parse(buf, len, OTHER_KEY, KEY_LEN, &src, &dst, &r), -EACCES);
	assert_int_equal(r.type, 0x5a);
}

#define OURS 0x0b0b0b0b0b0b0b0bull /* this unit's nonce, this boot */
#define MATE 0x0a0a0a0a0a0a0a0aull /* the mate's, its current boot */

static struct fo_msg from_mate(uint64_t nonce, uint64_t echo, uint32_t seq)
{
	return (struct fo_msg){ .type = FO_HELLO, .nonce = nonce, .echo = echo, .seq = seq };
}

static void test_replay_first_contact(void **state)
{
	struct fo_replay r = { 0 };
	struct fo_msg m;

	(void)state;
	m = from_mate(MATE, 0, 1); /* the mate has not heard us yet */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_UNPROVEN);
	assert_false(r.known);
	m = from_mate(MATE, OURS, 2); /* it has now */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	assert_true(r.known && r.nonce == MATE);
	assert_int_equal(r.seq, 2);
}

static void test_replay_sequence(void **state)
{
	struct fo_replay r = { .known = true, .nonce = MATE, .seq = 10 };
	struct fo_msg m;

	(void)state;
	m = from_mate(MATE, OURS, 11);
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	assert_int_equal(r.seq, 11);
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_REPLAY); /* the same again */
	m.seq = 5;
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_REPLAY);
	m.seq = 20; /* gaps are losses, not replays */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	/* under the known nonce the echo does not matter (the mate may lose and regain us) */
	m = from_mate(MATE, 0, 21);
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	assert_int_equal(r.seq, 21);
}

static void test_replay_mate_reboots(void **state)
{
	struct fo_replay r = { .known = true, .nonce = MATE, .seq = 500 };
	struct fo_msg m;

	(void)state;
	m = from_mate(MATE + 1, 0, 1); /* its new boot has not heard us yet */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_UNPROVEN);
	assert_true(r.nonce == MATE && r.seq == 500);
	m = from_mate(MATE + 1, OURS, 2);
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	assert_true(r.nonce == MATE + 1 && r.seq == 2); /* seq starts over with the boot */
	m = from_mate(MATE + 1, OURS, 2);
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_REPLAY);
}

/*
 * Messages of an earlier boot of the mate recorded while this unit stayed up echo our nonce too:
 * after the mate rebooted they are replays, whatever their seq, and never take the mate's place.
 */
static void test_replay_mate_earlier_boot(void **state)
{
	struct fo_replay r = { 0 };
	struct fo_msg old, m;
	unsigned int i;

	(void)state;
	old = from_mate(MATE, OURS, 1);
	assert_int_equal(fo_replay_check(&r, OURS, &old), FO_FRESH);
	m = from_mate(MATE + 1, OURS, 1); /* the mate rebooted */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	old.type = FO_SWITCH;
	old.seq = 0xffffffff;
	assert_int_equal(fo_replay_check(&r, OURS, &old), FO_REPLAY);
	assert_true(r.nonce == MATE + 1 && r.seq == 1);
	/* FO_RETIRED_MAX more reboots later the first nonce is still one of the last */
	for (i = 2; i <= FO_RETIRED_MAX; i++) {
		m = from_mate(MATE + i, OURS, 1);
		assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	}
	assert_int_equal(fo_replay_check(&r, OURS, &old), FO_REPLAY);
}

/*
 * The attack the nonce echo stops: a recording of the mate's messages from an earlier boot of
 * ours (they echo our old nonce), played back after we reboot, whatever their seq, never counts;
 * nor does it disturb the real mate's state once known.
 */
static void test_replay_recorded_old_boot(void **state)
{
	const uint64_t ours_before = 0x0c0c0c0c0c0c0c0cull;
	struct fo_replay r = { 0 };
	struct fo_msg rec, m;

	(void)state;
	rec = from_mate(MATE, ours_before, 1000); /* recorded before our reboot */
	assert_int_equal(fo_replay_check(&r, OURS, &rec), FO_UNPROVEN);
	assert_false(r.known);
	rec.type = FO_SWITCH;
	rec.seq = 0xffffffff;
	assert_int_equal(fo_replay_check(&r, OURS, &rec), FO_UNPROVEN);
	m = from_mate(MATE + 7, OURS, 3); /* the real mate */
	assert_int_equal(fo_replay_check(&r, OURS, &m), FO_FRESH);
	assert_int_equal(fo_replay_check(&r, OURS, &rec), FO_UNPROVEN);
	assert_true(r.nonce == MATE + 7 && r.seq == 3);
	/* a recording of the mate's current boot from before our reboot: old seqs */
	rec = from_mate(MATE + 7, ours_before, 2);
	assert_int_equal(fo_replay_check(&r, OURS, &rec), FO_REPLAY);
}

/* An echo of 0 means "heard nothing": it never proves anything, even to a unit whose nonce is 0. */
static void test_replay_zero_echo(void **state)
{
	struct fo_replay r = { 0 };
	struct fo_msg m = from_mate(MATE, 0, 1);

	(void)state;
	assert_int_equal(fo_replay_check(&r, 0, &m), FO_UNPROVEN);
	assert_false(r.known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_round_trip_no_key),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_keyed_flag_differs),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_readdressed),
		cmocka_unit_test(test_not_failover),
		cmocka_unit_test(test_bad_ip_header),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_short_ip_packet),
		cmocka_unit_test(test_padding),
		cmocka_unit_test(test_magic_and_version),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_body_length_for_type),
		cmocka_unit_test(test_bad_body_values),
		cmocka_unit_test(test_chunk_out_of_range),
		cmocka_unit_test(test_every_bit_flipped),
		cmocka_unit_test(test_build_refuses),
		cmocka_unit_test(test_parse_arguments),
		cmocka_unit_test(test_replay_first_contact),
		cmocka_unit_test(test_replay_sequence),
		cmocka_unit_test(test_replay_mate_reboots),
		cmocka_unit_test(test_replay_mate_earlier_boot),
		cmocka_unit_test(test_replay_recorded_old_boot),
		cmocka_unit_test(test_replay_zero_echo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
