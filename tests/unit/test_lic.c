/* Unit tests of license/lic.c: key text, the DESIGN.md vectors, validity rules and output text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "license/lic.h"
#include "mbedtls/aes.h"

#define SERIAL 12345678u

/* One DESIGN.md vector: the features and the key they give for serial 12345678. */
struct vector {
	struct lic_features f;
	const char *text;
	struct lic_key key;
};

static const struct vector vectors[] = {
	{
		.f = { .failover = true,
		       .vpn_des = true,
		       .vpn_3des = true,
		       .cut_through = true,
		       .guards = true,
		       .websense = true,
		       .max_interfaces = 6 },
		.text = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511",
		.key = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } },
	},
	{
		.f = { .failover = true,
		       .vpn_des = true,
		       .cut_through = true,
		       .guards = true,
		       .websense = true,
		       .max_interfaces = 6 },
		.text = "0xf127d01b 0x78c0c4b7 0x4e576280 0x49ba8482",
		.key = { { 0xf127d01b, 0x78c0c4b7, 0x4e576280, 0x49ba8482 } },
	},
	{
		.f = { .max_interfaces = 2, .isakmp_peers = 10, .throughput_mbps = 60 },
		.text = "0x167f137f 0x7653ee5b 0xa1591a7d 0xf8a49356",
		.key = { { 0x167f137f, 0x7653ee5b, 0xa1591a7d, 0xf8a49356 } },
	},
};

#define N_VECTORS (sizeof(vectors) / sizeof(vectors[0]))

/* Encrypts four cleartext words under the development key, bypassing lic_make()'s packing. */
static struct lic_key raw_key(uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3)
{
	const uint32_t w[4] = { w0, w1, w2, w3 };
	mbedtls_aes_context ctx;
	uint8_t in[16], out[16];
	struct lic_key k;
	int i;

	for (i = 0; i < 16; i++)
		in[i] = (uint8_t)(w[i / 4] >> (24 - 8 * (i % 4)));
	mbedtls_aes_init(&ctx);
	assert_int_equal(mbedtls_aes_setkey_enc(&ctx, LIC_DEV_VENDOR_KEY, 128), 0);
	assert_int_equal(mbedtls_aes_crypt_ecb(&ctx, MBEDTLS_AES_ENCRYPT, in, out), 0);
	mbedtls_aes_free(&ctx);
	for (i = 0; i < 4; i++)
		k.w[i] = (uint32_t)out[4 * i] << 24 | (uint32_t)out[4 * i + 1] << 16 |
			 (uint32_t)out[4 * i + 2] << 8 | out[4 * i + 3];
	return k;
}

static void assert_features_equal(const struct lic_features *a, const struct lic_features *b)
{
	assert_int_equal(a->failover, b->failover);
	assert_int_equal(a->vpn_des, b->vpn_des);
	assert_int_equal(a->vpn_3des, b->vpn_3des);
	assert_int_equal(a->cut_through, b->cut_through);
	assert_int_equal(a->guards, b->guards);
	assert_int_equal(a->websense, b->websense);
	assert_int_equal(a->max_interfaces, b->max_interfaces);
	assert_int_equal(a->isakmp_peers, b->isakmp_peers);
	assert_int_equal(a->throughput_mbps, b->throughput_mbps);
}

static void assert_no_features(const struct lic_features *f)
{
	const struct lic_features none = { 0 };

	assert_features_equal(f, &none);
}

static void test_dev_vendor_key(void **state)
{
	(void)state;
	assert_memory_equal(LIC_DEV_VENDOR_KEY, "PIX-DEV-LICENSE-", LIC_VENDOR_KEY_LEN);
	assert_int_equal(LIC_MAGIC, ('P' << 24) | ('I' << 16) | ('X' << 8) | 'K');
}

static void test_parse_forms(void **state)
{
	static const struct {
		const char *text;
		uint32_t w[4];
	} ok[] = {
		{ "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511",
		  { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } },
		{ "77d91d9f d1f6436e 33f0d23a 9aa23511",
		  { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } },
		{ "0X77D91D9F 0XD1F6436E 0x33F0D23A 9AA23511",
		  { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } },
		{ "1 2 3 4", { 1, 2, 3, 4 } },
		{ "0 0x0 00000000 0x00000000", { 0, 0, 0, 0 } },
		{ "ffffffff 0xFFFFFFFF 0 1", { 0xffffffff, 0xffffffff, 0, 1 } },
		{ "\t 1\t\t2  3 \t4 \t", { 1, 2, 3, 4 } },
		{ "0x1 a 0xB c", { 1, 0xa, 0xb, 0xc } },
	};
	struct lic_key k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&k, 0xAA, sizeof(k));
		assert_int_equal(lic_parse(ok[i].text, &k), 0);
		assert_memory_equal(k.w, ok[i].w, sizeof(k.w));
	}
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		" ",
		"\t \t",
		"1",
		"1 2 3",
		"1 2 3 4 5",
		"1 2 3 4 0x",
		"0x 1 2 3",
		"1 0x 2 3",
		"0x",
		"0x0x1 2 3 4",
		"00x1 2 3 4",
		"x1 2 3 4",
		"123456789 2 3 4",
		"0x123456789 2 3 4",
		"000000000 2 3 4",
		"1 2 3 0x000000001",
		"0x12345678 0xabcdef01 0x2345678ab 0xcdef01234", /* the reference's own example */
		"g 2 3 4",
		"1 2 3 4g",
		"1 2 3 4 g",
		"1,2,3,4",
		"1, 2, 3, 4",
		"1 2 3 4\n",
		"1 2 3 4\r",
		"1\n2 3 4",
		"-1 2 3 4",
		"+1 2 3 4",
		"1 2 -3 4",
		"1 2 3 4 #",
		"0x1 0x2 0x3 0x4;",
		"1 2 3 4.",
		"1.0 2 3 4",
		"\"1 2 3 4\"",
		"1 2 3 4\x80",
		"\xff 2 3 4",
		"1 2 3 4 x",
		"0xg 2 3 4",
		"12345678 0xabcdef01 0x23456789 0xabcdef0123",
	};
	struct lic_key k, before;
	size_t i;

	(void)state;
	memset(&before, 0x5A, sizeof(before));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		k = before;
		if (lic_parse(bad[i], &k) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_memory_equal(&k, &before, sizeof(k));
	}
	assert_int_equal(lic_parse(NULL, &k), -EINVAL);
}

static void test_vectors_make(void **state)
{
	struct lic_key k;
	size_t i;

	(void)state;
	for (i = 0; i < N_VECTORS; i++) {
		assert_int_equal(lic_make(SERIAL, &vectors[i].f, LIC_DEV_VENDOR_KEY, &k), 0);
		assert_memory_equal(k.w, vectors[i].key.w, sizeof(k.w));
	}
}

static void test_vectors_check(void **state)
{
	struct lic_features f;
	struct lic_key k;
	uint32_t serial;
	size_t i;

	(void)state;
	for (i = 0; i < N_VECTORS; i++) {
		assert_int_equal(lic_parse(vectors[i].text, &k), 0);
		assert_true(lic_key_equal(&k, &vectors[i].key));
		memset(&f, 0xFF, sizeof(f));
		assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, &f), 0);
		assert_features_equal(&f, &vectors[i].f);
		assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), 0);
		serial = 0;
		assert_int_equal(lic_decode(&k, LIC_DEV_VENDOR_KEY, &serial, &f), 0);
		assert_int_equal(serial, SERIAL);
		assert_features_equal(&f, &vectors[i].f);
	}
}

static void test_wrong_serial(void **state)
{
	static const uint32_t others[] = { 0, SERIAL - 1, SERIAL + 1, SERIAL ^ 0x80000000u,
					   0xffffffffu };
	struct lic_features f;
	uint32_t serial;
	size_t i, j;

	(void)state;
	for (i = 0; i < N_VECTORS; i++) {
		for (j = 0; j < sizeof(others) / sizeof(others[0]); j++) {
			memset(&f, 0xFF, sizeof(f));
			assert_int_equal(lic_check(&vectors[i].key, others[j], LIC_DEV_VENDOR_KEY,
						   &f),
					 -ENODEV);
			assert_no_features(&f);
		}
		/* lic_decode still tells whom the key belongs to. */
		assert_int_equal(lic_decode(&vectors[i].key, LIC_DEV_VENDOR_KEY, &serial, NULL), 0);
		assert_int_equal(serial, SERIAL);
	}
}

static void test_tampered(void **state)
{
	struct lic_features f;
	struct lic_key k;
	int word, bit;
	size_t i;

	(void)state;
	for (i = 0; i < N_VECTORS; i++) {
		for (word = 0; word < LIC_KEY_WORDS; word++) {
			for (bit = 0; bit < 32; bit++) {
				k = vectors[i].key;
				k.w[word] ^= 1u << bit;
				memset(&f, 0xFF, sizeof(f));
				assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, &f),
						 -EINVAL);
				assert_no_features(&f);
			}
		}
		/* Words swapped */
		k = vectors[i].key;
		k.w[0] = vectors[i].key.w[1];
		k.w[1] = vectors[i].key.w[0];
		assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
	}
}

static void test_other_vendor_key(void **state)
{
	static const uint8_t other[LIC_VENDOR_KEY_LEN] = "PIX-DEV-LICENSE+";
	struct lic_key k;
	size_t i;

	(void)state;
	for (i = 0; i < N_VECTORS; i++)
		assert_int_equal(lic_check(&vectors[i].key, SERIAL, other, NULL), -EINVAL);
	/* and a key minted under another vendor key is checked under that key only */
	assert_int_equal(lic_make(SERIAL, &vectors[0].f, other, &k), 0);
	assert_int_equal(lic_check(&k, SERIAL, other, NULL), 0);
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
}

static void test_reserved_and_magic(void **state)
{
	struct lic_features f;
	struct lic_key k;
	int bit;

	(void)state;
	/* a hand-made cleartext with all fields set is accepted: the layout is as documented */
	k = raw_key(SERIAL, 0x3F | 0xFF00, 0xFFFFFFFF, LIC_MAGIC);
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, &f), 0);
	assert_true(f.failover && f.vpn_des && f.vpn_3des && f.cut_through && f.guards &&
		    f.websense);
	assert_int_equal(f.max_interfaces, 255);
	assert_int_equal(f.isakmp_peers, 65535);
	assert_int_equal(f.throughput_mbps, 65535);

	/* single fields land where DESIGN.md puts them */
	k = raw_key(SERIAL, 1u << 3 | 4u << 8, 0x00320007, LIC_MAGIC);
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, &f), 0);
	assert_false(f.failover || f.vpn_des || f.vpn_3des || f.guards || f.websense);
	assert_true(f.cut_through);
	assert_int_equal(f.max_interfaces, 4);
	assert_int_equal(f.isakmp_peers, 7);
	assert_int_equal(f.throughput_mbps, 50);

	/* every reserved bit of word 1 makes the key invalid */
	for (bit = 0; bit < 32; bit++) {
		if (!(LIC_W1_RESERVED & (1u << bit)))
			continue;
		k = raw_key(SERIAL, 1u << bit, 0, LIC_MAGIC);
		memset(&f, 0xFF, sizeof(f));
		assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, &f), -EINVAL);
		assert_int_equal(lic_decode(&k, LIC_DEV_VENDOR_KEY, NULL, &f), -EINVAL);
		assert_no_features(&f);
	}
	assert_int_equal(LIC_W1_RESERVED, ~(0x3Fu | LIC_W1_IFACES_MASK));

	/* word 3 must be 'PIXK' exactly */
	k = raw_key(SERIAL, 0, 0, LIC_MAGIC ^ 1);
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
	k = raw_key(SERIAL, 0, 0, 0x4B584950); /* 'PIXK' little-endian */
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
	k = raw_key(SERIAL, 0, 0, 0);
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
	/* an all-zero key typed by mistake */
	memset(&k, 0, sizeof(k));
	assert_int_equal(lic_check(&k, SERIAL, LIC_DEV_VENDOR_KEY, NULL), -EINVAL);
}

static void test_make_check_round_trip(void **state)
{
	static const uint8_t ifaces[] = { 0, 1, 2, 6, 10, 255 };
	static const uint16_t limits[] = { 0, 1, 10, 60, 1000, 65535 };
	static const uint32_t serials[] = { 0, 1, SERIAL, 0x80000000u, 0xffffffffu };
	struct lic_features f, got;
	struct lic_key k, again;
	unsigned int bits, n = 0;
	size_t s, i, j;

	(void)state;
	for (s = 0; s < sizeof(serials) / sizeof(serials[0]); s++) {
		for (bits = 0; bits < 64; bits++) {
			i = bits % (sizeof(ifaces) / sizeof(ifaces[0]));
			j = bits % (sizeof(limits) / sizeof(limits[0]));
			f = (struct lic_features){ .failover = bits & 1,
						   .vpn_des = bits & 2,
						   .vpn_3des = bits & 4,
						   .cut_through = bits & 8,
						   .guards = bits & 16,
						   .websense = bits & 32,
						   .max_interfaces = ifaces[i],
						   .isakmp_peers = limits[j],
						   .throughput_mbps = limits[5 - j] };
			assert_int_equal(lic_make(serials[s], &f, LIC_DEV_VENDOR_KEY, &k), 0);
			assert_int_equal(lic_check(&k, serials[s], LIC_DEV_VENDOR_KEY, &got), 0);
			assert_features_equal(&got, &f);
			assert_int_equal(lic_make(serials[s], &got, LIC_DEV_VENDOR_KEY, &again), 0);
			assert_true(lic_key_equal(&k, &again));
			n++;
		}
	}
	assert_int_equal(n, 5 * 64);
}

static void test_format_key(void **state)
{
	struct lic_key k = { { 1, 0xabcdef, 0, 0xffffffff } };
	char buf[LIC_KEY_TEXT_MAX];
	struct lic_key back;
	size_t i;

	(void)state;
	for (i = 0; i < N_VECTORS; i++) {
		memset(buf, 'x', sizeof(buf));
		lic_format_key(&vectors[i].key, buf);
		assert_string_equal(buf, vectors[i].text);
	}
	lic_format_key(&k, buf);
	assert_string_equal(buf, "0x00000001 0x00abcdef 0x00000000 0xffffffff");
	assert_int_equal(strlen(buf), 43);
	assert_int_equal(lic_parse(buf, &back), 0);
	assert_true(lic_key_equal(&k, &back));
}

static void test_key_equal(void **state)
{
	struct lic_key a = vectors[0].key, b = vectors[0].key;
	int i;

	(void)state;
	assert_true(lic_key_equal(&a, &b));
	for (i = 0; i < LIC_KEY_WORDS; i++) {
		b = a;
		b.w[i]++;
		assert_false(lic_key_equal(&a, &b));
	}
}

/* Example 11-1 of the reference, byte for byte. */
static const char example_11_1[] = "Licensed Features:\n"
				   "Failover:           Enabled\n"
				   "VPN-DES:            Enabled\n"
				   "VPN-3DES:           Enabled\n"
				   "Maximum Interfaces: 6\n"
				   "Cut-through Proxy:  Enabled\n"
				   "Guards:             Enabled\n"
				   "Websense:           Enabled\n"
				   "Throughput:         Unlimited\n"
				   "ISAKMP peers:      Unlimited\n";

static void test_format_features(void **state)
{
	char buf[LIC_FEATURES_TEXT_MAX];

	(void)state;
	assert_int_equal(lic_format_features(&vectors[0].f, buf, sizeof(buf)), 0);
	assert_string_equal(buf, example_11_1);
	assert_int_equal(lic_format_features(&vectors[2].f, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Licensed Features:\n"
				 "Failover:           Disabled\n"
				 "VPN-DES:            Disabled\n"
				 "VPN-3DES:           Disabled\n"
				 "Maximum Interfaces: 2\n"
				 "Cut-through Proxy:  Disabled\n"
				 "Guards:             Disabled\n"
				 "Websense:           Disabled\n"
				 "Throughput:         60 Mbps\n"
				 "ISAKMP peers:      10\n");
	assert_int_equal(lic_format_features(&vectors[1].f, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "\nVPN-3DES:           Disabled\n"));
	assert_non_null(strstr(buf, "\nVPN-DES:            Enabled\n"));
}

static void test_format_features_sizes(void **state)
{
	const struct lic_features widest = { .max_interfaces = 255,
					     .isakmp_peers = 65535,
					     .throughput_mbps = 65535 };
	const size_t len = sizeof(example_11_1) - 1;
	char buf[LIC_FEATURES_TEXT_MAX];

	(void)state;
	assert_int_equal(lic_format_features(&widest, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "Maximum Interfaces: 255\n"));
	assert_non_null(strstr(buf, "Throughput:         65535 Mbps\n"));
	assert_non_null(strstr(buf, "ISAKMP peers:      65535\n"));
	assert_true(strlen(buf) < LIC_FEATURES_TEXT_MAX);

	/* just enough, one short, and nothing at all */
	assert_int_equal(lic_format_features(&vectors[0].f, buf, len + 1), 0);
	assert_string_equal(buf, example_11_1);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lic_format_features(&vectors[0].f, buf, len), -E2BIG);
	assert_int_equal(strlen(buf), len - 1);
	assert_memory_equal(buf, example_11_1, len - 1);
	buf[0] = 'x';
	assert_int_equal(lic_format_features(&vectors[0].f, buf, 0), -E2BIG);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(lic_format_features(&vectors[0].f, buf, 1), -E2BIG);
	assert_int_equal(buf[0], '\0');
}

static void test_messages(void **state)
{
	(void)state;
	/* Table 11-1 */
	assert_string_equal(LIC_MSG_SAME_AS_RUNNING, "The activation key you entered is the same "
						     "as the Running key.");
	assert_string_equal(LIC_MSG_IMAGE_DIFFERS, "The Flash image and the Running image differ.");
	assert_string_equal(LIC_MSG_NOT_VALID, "The activation key is not valid.");
	/* Examples 11-1 to 11-3 and the activation-key command */
	assert_string_equal(LIC_MSG_FLASH_SAME, "The flash activation key is the SAME as the "
						"running key.");
	assert_string_equal(LIC_MSG_FLASH_DIFFERENT, "The flash activation key is DIFFERENT than "
						     "the running key.");
	assert_string_equal(LIC_MSG_IMAGES_MUST_MATCH, "The two images must be the same in order "
						       "to examine the flash activation key.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_vendor_key),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_vectors_make),
		cmocka_unit_test(test_vectors_check),
		cmocka_unit_test(test_wrong_serial),
		cmocka_unit_test(test_tampered),
		cmocka_unit_test(test_other_vendor_key),
		cmocka_unit_test(test_reserved_and_magic),
		cmocka_unit_test(test_make_check_round_trip),
		cmocka_unit_test(test_format_key),
		cmocka_unit_test(test_key_equal),
		cmocka_unit_test(test_format_features),
		cmocka_unit_test(test_format_features_sizes),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
