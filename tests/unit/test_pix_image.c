/* Unit tests of flash/pix_image.c: header parsing, every broken field, hashes, versions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "flash/pix_image.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define OFF(field) offsetof(struct img_header, field)
#define PAYLOAD_SIZE 300
#define LOAD 0x00400000u
#define IMAGE_SIZE (IMG_HDR_SIZE + PAYLOAD_SIZE)

/* A valid image: header and payload, with one spare byte in front for misalignment. */
struct fixture {
	uint8_t raw[1 + IMAGE_SIZE + 16];
	uint8_t *img; /* raw + 1: deliberately not aligned */
	struct img_info info;
};

static struct fixture fx;

static int setup(void **state)
{
	size_t i;

	memset(&fx, 0, sizeof(fx));
	fx.img = fx.raw + 1;
	for (i = 0; i < PAYLOAD_SIZE; i++)
		fx.img[IMG_HDR_SIZE + i] = (uint8_t)(i * 7 + 3);
	fx.info.kind = IMG_KIND_OS;
	fx.info.version = (struct img_version){ 6, 3, 5 };
	fx.info.payload_size = PAYLOAD_SIZE;
	fx.info.load_addr = LOAD;
	fx.info.entry_addr = LOAD + 0x10;
	strcpy(fx.info.build, "Compiled on Fri 02-Jul-04 09:02 by morlee");
	assert_int_equal(img_make_header(fx.img, &fx.info, fx.img + IMG_HDR_SIZE), 0);
	*state = &fx;
	return 0;
}

/* Parses the fixture as it stands, with the whole image available. */
static int parse(struct img_info *out)
{
	return img_parse_header(fx.img, IMAGE_SIZE, out);
}

static void test_valid_image(void **state)
{
	struct img_info info;

	(void)state;
	assert_memory_equal(fx.img, "PIXIMAGE", 8);
	assert_int_equal(img_le32_get(fx.img + OFF(hdr_version)), 1);
	assert_int_equal(img_le32_get(fx.img + OFF(hdr_size)), 512);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.kind, IMG_KIND_OS);
	assert_int_equal(info.version.major, 6);
	assert_int_equal(info.version.minor, 3);
	assert_int_equal(info.version.maint, 5);
	assert_int_equal(info.payload_size, PAYLOAD_SIZE);
	assert_int_equal(info.load_addr, LOAD);
	assert_int_equal(info.entry_addr, LOAD + 0x10);
	assert_string_equal(info.build, fx.info.build);
	assert_true(img_header_hash_ok(fx.img));
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE), 0);
	/* more bytes than the payload (a flash slot, a padded download) are fine */
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE + 16, NULL), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE + 16), 0);
}

static void test_valid_pdm(void **state)
{
	struct img_info info;

	(void)state;
	fx.info.kind = IMG_KIND_PDM;
	fx.info.load_addr = 0;
	fx.info.entry_addr = 0;
	fx.info.build[0] = '\0';
	assert_int_equal(img_make_header(fx.img, &fx.info, fx.img + IMG_HDR_SIZE), 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.kind, IMG_KIND_PDM);
	assert_string_equal(info.build, "");
}

static void test_truncated_header(void **state)
{
	struct img_info info;
	size_t len;

	(void)state;
	memset(&info, 0xa5, sizeof(info));
	for (len = 0; len < IMG_HDR_SIZE; len++)
		assert_int_equal(img_parse_header(fx.img, len, &info), -IMG_ESHORT);
	/* nothing written on failure */
	assert_int_equal(info.kind, 0xa5a5a5a5);
}

static void test_truncated_payload(void **state)
{
	size_t len;

	(void)state;
	for (len = IMG_HDR_SIZE; len < IMAGE_SIZE; len++)
		assert_int_equal(img_parse_header(fx.img, len, NULL), -IMG_ETRUNC);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), 0);
}

static void test_payload_size_beyond_buffer(void **state)
{
	(void)state;
	img_le32_put(fx.img + OFF(payload_size), 0xffffffff);
	img_le32_put(fx.img + OFF(load_addr), 0);
	img_le32_put(fx.img + OFF(entry_addr), 0);
	img_seal_header(fx.img);
	assert_int_equal(parse(NULL), -IMG_ETRUNC);
	img_le32_put(fx.img + OFF(payload_size), PAYLOAD_SIZE + 1);
	img_le32_put(fx.img + OFF(load_addr), LOAD);
	img_le32_put(fx.img + OFF(entry_addr), LOAD);
	img_seal_header(fx.img);
	assert_int_equal(parse(NULL), -IMG_ETRUNC);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE + 1, NULL), 0);
}

/* Fields checked before the header hash: their code whether or not the header is resealed. */
static void test_fields_before_hash(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
		int err;
	} cases[] = {
		{ 0, 'p', -IMG_EMAGIC },
		{ 7, 'e', -IMG_EMAGIC },
		{ 3, 0, -IMG_EMAGIC },
		{ OFF(hdr_version), 0, -IMG_EHDRVER },
		{ OFF(hdr_version), 2, -IMG_EHDRVER },
		{ OFF(hdr_version) + 3, 1, -IMG_EHDRVER },
		{ OFF(hdr_size), 1, -IMG_EHDRSIZE },
		{ OFF(hdr_size) + 1, 0, -IMG_EHDRSIZE },
		{ OFF(hdr_size) + 2, 1, -IMG_EHDRSIZE },
	};
	uint8_t saved[IMG_HDR_SIZE];
	size_t i;

	(void)state;
	memcpy(saved, fx.img, IMG_HDR_SIZE);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fx.img[cases[i].off] = cases[i].val;
		assert_int_equal(parse(NULL), cases[i].err);
		img_seal_header(fx.img);
		assert_int_equal(parse(NULL), cases[i].err);
		memcpy(fx.img, saved, IMG_HDR_SIZE);
		assert_int_equal(parse(NULL), 0);
	}
}

/* Any change to hashed bytes, or to the hash itself, is caught by the header hash. */
static void test_header_hash_mismatch(void **state)
{
	size_t off;

	(void)state;
	for (off = OFF(kind); off < IMG_HDR_SIZE; off++) {
		fx.img[off] ^= 0x01;
		assert_int_equal(parse(NULL), -IMG_EHDRSUM);
		assert_false(img_header_hash_ok(fx.img));
		fx.img[off] ^= 0x01;
	}
	assert_int_equal(parse(NULL), 0);
}

/* Breaks 32-bit field @off to @v, reseals, and returns what the parser says. */
static int broken32(size_t off, uint32_t v)
{
	img_le32_put(fx.img + off, v);
	img_seal_header(fx.img);
	return parse(NULL);
}

/* Breaks byte @off to @v, reseals, and returns what the parser says. */
static int broken8(size_t off, uint8_t v)
{
	fx.img[off] = v;
	img_seal_header(fx.img);
	return parse(NULL);
}

static void test_kind(void **state)
{
	static const uint32_t bad[] = { 0, 4, 0x100, 0x01000001, 0xffffffff };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(broken32(OFF(kind), bad[i]), -IMG_EKIND);
}

static void test_version_pad(void **state)
{
	(void)state;
	assert_int_equal(broken8(OFF(ver_zero), 1), -IMG_EVERSION);
	assert_int_equal(broken8(OFF(ver_zero), 0xff), -IMG_EVERSION);
}

static void test_reserved(void **state)
{
	size_t off;

	(void)state;
	for (off = OFF(reserved0); off < OFF(reserved0) + 4; off++) {
		assert_int_equal(broken8(off, 0x80), -IMG_ERESERVED);
		assert_int_equal(broken8(off, 0), 0);
	}
	for (off = OFF(reserved1); off < IMG_HDR_HASHED_LEN; off++) {
		assert_int_equal(broken8(off, 1), -IMG_ERESERVED);
		assert_int_equal(broken8(off, 0), 0);
	}
}

static void test_build_text(void **state)
{
	const size_t b = OFF(build);
	size_t i;

	(void)state;
	/* no terminating NUL */
	memset(fx.img + b, 'x', IMG_BUILD_LEN);
	img_seal_header(fx.img);
	assert_int_equal(parse(NULL), -IMG_EBUILD);
	/* 63 characters and a NUL is the longest */
	assert_int_equal(broken8(b + IMG_BUILD_LEN - 1, 0), 0);
	/* not printable */
	assert_int_equal(broken8(b + 5, '\n'), -IMG_EBUILD);
	assert_int_equal(broken8(b + 5, 0x1b), -IMG_EBUILD);
	assert_int_equal(broken8(b + 5, 0x7f), -IMG_EBUILD);
	assert_int_equal(broken8(b + 5, 0xc3), -IMG_EBUILD);
	assert_int_equal(broken8(b + 5, ' '), 0);
	/* not NUL padded: something after the terminator */
	memset(fx.img + b, 0, IMG_BUILD_LEN);
	for (i = 1; i < IMG_BUILD_LEN; i++) {
		assert_int_equal(broken8(b + i, 'a'), -IMG_EBUILD);
		fx.img[b + i] = 0;
	}
	assert_int_equal(broken8(b, 'a'), 0);
}

static void test_addresses(void **state)
{
	static const struct {
		uint32_t size, load, entry;
		int err;
	} cases[] = {
		{ PAYLOAD_SIZE, LOAD, LOAD, 0 },
		{ PAYLOAD_SIZE, LOAD, LOAD + PAYLOAD_SIZE - 1, 0 },
		{ PAYLOAD_SIZE, LOAD, LOAD + PAYLOAD_SIZE, -IMG_EADDR },
		{ PAYLOAD_SIZE, LOAD, LOAD - 1, -IMG_EADDR },
		{ PAYLOAD_SIZE, LOAD, 0, -IMG_EADDR },
		{ PAYLOAD_SIZE, LOAD, 0xffffffff, -IMG_EADDR },
		{ 0, LOAD, LOAD, -IMG_EADDR },
		/* the payload must end within 4 GiB */
		{ PAYLOAD_SIZE, 0x100000000 - PAYLOAD_SIZE, 0xffffffff, 0 },
		{ PAYLOAD_SIZE, 0x100000000 - PAYLOAD_SIZE + 1, 0xffffffff, -IMG_EADDR },
		{ PAYLOAD_SIZE, 0xffffffff, 0xffffffff, -IMG_EADDR },
		/* entry - load wrapping around must not pass */
		{ PAYLOAD_SIZE, 0x10, 0x0f, -IMG_EADDR },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		img_le32_put(fx.img + OFF(payload_size), cases[i].size);
		img_le32_put(fx.img + OFF(load_addr), cases[i].load);
		img_le32_put(fx.img + OFF(entry_addr), cases[i].entry);
		img_seal_header(fx.img);
		assert_int_equal(parse(NULL), cases[i].err);
	}
}

static void test_pdm_addresses(void **state)
{
	(void)state;
	fx.info.kind = IMG_KIND_PDM;
	fx.info.load_addr = 0;
	fx.info.entry_addr = 0;
	assert_int_equal(img_make_header(fx.img, &fx.info, fx.img + IMG_HDR_SIZE), 0);
	assert_int_equal(broken32(OFF(load_addr), LOAD), -IMG_EADDR);
	assert_int_equal(broken32(OFF(load_addr), 0), 0);
	assert_int_equal(broken32(OFF(entry_addr), 1), -IMG_EADDR);
	assert_int_equal(broken32(OFF(entry_addr), 0), 0);
	/* an empty archive is allowed */
	assert_int_equal(broken32(OFF(payload_size), 0), 0);
}

static void test_payload_hash_mismatch(void **state)
{
	struct img_info info;
	size_t i;

	(void)state;
	assert_int_equal(parse(&info), 0);
	for (i = 0; i < PAYLOAD_SIZE; i++) {
		fx.img[IMG_HDR_SIZE + i] ^= 0x80;
		assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE),
				 -IMG_EPAYLOADSUM);
		fx.img[IMG_HDR_SIZE + i] ^= 0x80;
	}
	/* a wrong hash in a resealed header: the header passes, the payload does not */
	assert_int_equal(broken8(OFF(payload_sha256) + 31, fx.img[OFF(payload_sha256) + 31] ^ 1),
			 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE),
			 -IMG_EPAYLOADSUM);
}

static void test_verify_short(void **state)
{
	struct img_info info;

	(void)state;
	assert_int_equal(parse(&info), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE - 1),
			 -IMG_ETRUNC);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, 0), -IMG_ETRUNC);
}

static void test_make_header_refuses(void **state)
{
	uint8_t hdr[IMG_HDR_SIZE];

	(void)state;
	fx.info.kind = 4;
	assert_int_equal(img_make_header(hdr, &fx.info, fx.img), -IMG_EKIND);
	fx.info.kind = IMG_KIND_OS;
	fx.info.entry_addr = LOAD + PAYLOAD_SIZE;
	assert_int_equal(img_make_header(hdr, &fx.info, fx.img), -IMG_EADDR);
	fx.info.entry_addr = LOAD;
	memset(fx.info.build, 'b', IMG_BUILD_LEN - 1);
	fx.info.build[IMG_BUILD_LEN - 1] = '\0';
	assert_int_equal(img_make_header(hdr, &fx.info, fx.img), 0);
	fx.info.build[IMG_BUILD_LEN - 1] = 'b';
	assert_int_equal(img_make_header(hdr, &fx.info, fx.img), -IMG_EBUILD);
	strcpy(fx.info.build, "tab\there");
	assert_int_equal(img_make_header(hdr, &fx.info, fx.img), -IMG_EBUILD);
}

/* The header a known payload gets, byte for byte where it is fixed by the format. */
static void test_layout(void **state)
{
	static const uint8_t head[0x28] = {
		'P', 'I', 'X',	'I', 'M',  'A', 'G',  'E', 1, 0, 0,    0, 0, 2,
		0,   0,	  1,	0,   0,	   0,	6,    3,   5, 0, 0x2c, 1, 0, 0,
		0,   0,	  0x40, 0,   0x10, 0,	0x40, 0,   0, 0, 0,    0,
	};

	(void)state;
	assert_memory_equal(fx.img, head, sizeof(head));
	assert_memory_equal(fx.img + 0x48, fx.info.build, strlen(fx.info.build) + 1);
}

static void test_le32(void **state)
{
	uint8_t b[8] = { 0 };

	(void)state;
	img_le32_put(b + 1, 0x12345678);
	assert_int_equal(b[0], 0);
	assert_int_equal(b[1], 0x78);
	assert_int_equal(b[4], 0x12);
	assert_int_equal(b[5], 0);
	assert_int_equal(img_le32_get(b + 1), 0x12345678);
	img_le32_put(b + 3, 0xfedcba98);
	assert_int_equal(img_le32_get(b + 3), 0xfedcba98);
}

static void test_strerror(void **state)
{
	int a, b;

	(void)state;
	assert_string_equal(img_strerror(-IMG_EMAGIC), "not a PIX image");
	assert_string_equal(img_strerror(-IMG_EPAYLOADSUM), "payload checksum mismatch");
	assert_string_equal(img_strerror(-EINVAL), "unknown image error");
	for (a = IMG_ESHORT; a <= IMG_EPAYLOADSUM; a++) {
		assert_string_not_equal(img_strerror(-a), "unknown image error");
		for (b = IMG_ESHORT; b < a; b++)
			assert_string_not_equal(img_strerror(-a), img_strerror(-b));
	}
	/* distinct from every errno the firmware knows */
	assert_true(IMG_ESHORT > ECANCELED);
}

static void test_version_parse_valid(void **state)
{
	static const struct {
		const char *text;
		struct img_version v;
	} cases[] = {
		{ "6.3(5)", { 6, 3, 5 } },
		{ "0.0(0)", { 0, 0, 0 } },
		{ "255.255(255)", { 255, 255, 255 } },
		{ "10.12(100)", { 10, 12, 100 } },
		{ "7.0(1)", { 7, 0, 1 } },
	};
	struct img_version v;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&v, 0xee, sizeof(v));
		assert_int_equal(img_version_parse(cases[i].text, &v), 0);
		assert_int_equal(v.major, cases[i].v.major);
		assert_int_equal(v.minor, cases[i].v.minor);
		assert_int_equal(v.maint, cases[i].v.maint);
	}
}

static void test_version_parse_bad(void **state)
{
	static const char *const cases[] = {
		"",
		"6",
		"6.",
		"6.3",
		"6.3(",
		"6.3(5",
		"6.3(5))",
		"6.3(5) ",
		" 6.3(5)",
		"6.3 (5)",
		"6.3( 5)",
		"256.0(0)",
		"0.256(0)",
		"0.0(256)",
		"1000.0(0)",
		"06.3(5)",
		"6.03(5)",
		"6.3(05)",
		"-6.3(5)",
		"+6.3(5)",
		"6.3(-5)",
		"6..3(5)",
		"6.3(5)x",
		"6.3.5",
		"6,3(5)",
		"a.b(c)",
		"6.3()",
		".3(5)",
		"6.3[5]",
		"6.3(5)\n",
		"99999999999.0(0)",
	};
	struct img_version v = { 1, 2, 3 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(img_version_parse(cases[i], &v), -EINVAL);
		assert_int_equal(v.major, 1); /* untouched */
		assert_int_equal(v.maint, 3);
	}
}

static void test_version_format(void **state)
{
	struct img_version v = { 6, 3, 5 }, back;
	char buf[IMG_VERSION_STRLEN];
	unsigned int n;

	(void)state;
	assert_int_equal(img_version_format(&v, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "6.3(5)");
	/* exactly fits, one short */
	assert_int_equal(img_version_format(&v, buf, 7), 6);
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(img_version_format(&v, buf, 6), -ERANGE);
	assert_int_equal(buf[0], 'z');
	assert_int_equal(img_version_format(&v, buf, 0), -ERANGE);
	v = (struct img_version){ 255, 255, 255 };
	assert_int_equal(img_version_format(&v, buf, sizeof(buf)), 12);
	assert_string_equal(buf, "255.255(255)");
	/* every value round-trips */
	for (n = 0; n < 256; n++) {
		v = (struct img_version){ (uint8_t)n, (uint8_t)(255 - n), (uint8_t)(n * 37) };
		assert_true(img_version_format(&v, buf, sizeof(buf)) > 0);
		assert_int_equal(img_version_parse(buf, &back), 0);
		assert_memory_equal(&v, &back, sizeof(v));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_image, setup),
		cmocka_unit_test_setup(test_valid_pdm, setup),
		cmocka_unit_test_setup(test_truncated_header, setup),
		cmocka_unit_test_setup(test_truncated_payload, setup),
		cmocka_unit_test_setup(test_payload_size_beyond_buffer, setup),
		cmocka_unit_test_setup(test_fields_before_hash, setup),
		cmocka_unit_test_setup(test_header_hash_mismatch, setup),
		cmocka_unit_test_setup(test_kind, setup),
		cmocka_unit_test_setup(test_version_pad, setup),
		cmocka_unit_test_setup(test_reserved, setup),
		cmocka_unit_test_setup(test_build_text, setup),
		cmocka_unit_test_setup(test_addresses, setup),
		cmocka_unit_test_setup(test_pdm_addresses, setup),
		cmocka_unit_test_setup(test_payload_hash_mismatch, setup),
		cmocka_unit_test_setup(test_verify_short, setup),
		cmocka_unit_test_setup(test_make_header_refuses, setup),
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test(test_le32),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_version_parse_valid),
		cmocka_unit_test(test_version_parse_bad),
		cmocka_unit_test(test_version_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
