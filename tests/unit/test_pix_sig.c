/*
 * Unit tests of signed images: the signature block of flash/pix_image.c and the verifier of
 * flash/pix_sig.c. Keys are made and images signed here by mbedTLS, with a fixed generator that is
 * only fit for tests; the verifier sees nothing but the header and the anchors' points.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "flash/pix_image.h"
#include "flash/pix_sig.h"
#include "mbedtls/ecdsa.h"
#include "test_signer.h"
#include "mbedtls/sha256.h"

#define OFF(field) offsetof(struct img_header, field)
#define PAYLOAD_SIZE 300
#define LOAD 0x00400000u
#define IMAGE_SIZE (IMG_HDR_SIZE + PAYLOAD_SIZE)
#define NKEYS TEST_SIGNER_KEYS
#define SEC_VERSION 7u

struct fixture {
	struct test_signer t;
	struct sig_anchor *point; /* t.point */
	uint8_t (*id)[IMG_SIG_KEYID_LEN]; /* t.id */
	uint8_t raw[1 + IMAGE_SIZE];
	uint8_t *img; /* raw + 1: not aligned */
};

static struct fixture fx;

/* Signs the fixture's header with key @k (stored key id @id_of's), security version @sv. */
static void sign_as(int k, int id_of, uint32_t sv)
{
	test_signer_sign(&fx.t, fx.img, k, fx.id[id_of], sv);
}

static int setup_keys(void **state)
{
	(void)state;
	fx.point = fx.t.point;
	fx.id = fx.t.id;
	return test_signer_init(&fx.t, 0x5049585349474e31ull); /* "PIXSIGN1" */
}

static int teardown_keys(void **state)
{
	(void)state;
	test_signer_free(&fx.t);
	return 0;
}

/* Each test starts from a valid unsigned image, then signs it with key 1 (security version 7). */
static int setup(void **state)
{
	struct img_info info;
	size_t i;

	(void)state;
	fx.img = fx.raw + 1;
	for (i = 0; i < PAYLOAD_SIZE; i++)
		fx.img[IMG_HDR_SIZE + i] = (uint8_t)(i * 7 + 3);
	memset(&info, 0, sizeof(info));
	info.kind = IMG_KIND_OS;
	info.version = (struct img_version){ 6, 3, 5 };
	info.payload_size = PAYLOAD_SIZE;
	info.load_addr = LOAD;
	info.entry_addr = LOAD + 0x10;
	strcpy(info.build, "signed by the tests");
	if (img_make_header(fx.img, &info, fx.img + IMG_HDR_SIZE))
		return -1;
	return 0;
}

static int verify(size_t count, struct img_sig *sig)
{
	return sig_verify(fx.img, fx.point, count, sig);
}

static void test_good_signature(void **state)
{
	struct img_info info;
	struct img_sig sig;

	(void)state;
	sign_as(1, 1, SEC_VERSION);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, &info), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE), 0);
	memset(&sig, 0, sizeof(sig));
	assert_int_equal(verify(NKEYS, &sig), 1);
	assert_int_equal(sig.sec_version, SEC_VERSION);
	assert_memory_equal(sig.key_id, fx.id[1], IMG_SIG_KEYID_LEN);
	/* the block on the wire, field by field */
	assert_memory_equal(fx.img + 0x170, "PSIG", 4);
	assert_int_equal(img_le32_get(fx.img + 0x174), 1);
	assert_int_equal(img_le32_get(fx.img + 0x178), 1);
	assert_int_equal(img_le32_get(fx.img + 0x17c), SEC_VERSION);
	assert_memory_equal(fx.img + 0x180, fx.id[1], 32);
	assert_memory_equal(fx.img + 0x1a0, sig.r, 32);
	assert_memory_equal(fx.img + 0x1c0, sig.s, 32);
	/* the one trusted key alone, and key 0 signing */
	assert_int_equal(sig_verify(fx.img, &fx.point[1], 1, NULL), 0);
	sign_as(0, 0, 0);
	assert_int_equal(verify(NKEYS, &sig), 0);
	assert_int_equal(sig.sec_version, 0);
}

static void test_unsigned(void **state)
{
	struct img_sig sig;

	(void)state;
	assert_int_equal(img_sig_parse(fx.img, &sig), IMG_SIG_NONE);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), 0);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EUNSIGNED);
	assert_int_equal(verify(0, NULL), -SIG_EUNSIGNED);
	assert_string_equal(sig_strerror(-SIG_EUNSIGNED), "unsigned");
}

static void test_unknown_key(void **state)
{
	(void)state;
	sign_as(2, 2, SEC_VERSION);
	assert_int_equal(verify(2, NULL), -SIG_EUNKNOWNKEY);
	assert_int_equal(verify(0, NULL), -SIG_EUNKNOWNKEY);
	assert_int_equal(verify(NKEYS, NULL), 2);
	/* only SIG_ANCHORS_MAX anchors are looked at */
	assert_int_equal(SIG_ANCHORS_MAX, 4);
	assert_string_equal(sig_strerror(-SIG_EUNKNOWNKEY), "unknown key");
}

static void test_bad_signature(void **state)
{
	(void)state;
	/* key 2 signs, naming key 1: the trusted key's id, not its signature */
	sign_as(2, 1, SEC_VERSION);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), 0);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	/* a good signature with a bit of s flipped (still below n) */
	sign_as(1, 1, SEC_VERSION);
	fx.img[0x1df] ^= 0x01;
	img_seal_header(fx.img);
	assert_int_equal(img_sig_parse(fx.img, NULL), IMG_SIG_PRESENT);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	/* r and s swapped */
	sign_as(1, 1, SEC_VERSION);
	{
		uint8_t t[IMG_SIG_SCALAR_LEN];

		memcpy(t, fx.img + 0x1a0, 32);
		memcpy(fx.img + 0x1a0, fx.img + 0x1c0, 32);
		memcpy(fx.img + 0x1c0, t, 32);
	}
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	assert_string_equal(sig_strerror(-SIG_EBADSIG), "bad signature");
}

/*
 * Every byte the signature covers, changed after signing (and the header resealed, so only the
 * signature can tell): a bad signature, or an unknown key when the key id itself changed.
 */
static void test_header_modified(void **state)
{
	size_t off;
	int want;

	(void)state;
	for (off = 0; off < IMG_SIG_RS_OFF; off++) {
		sign_as(1, 1, SEC_VERSION);
		fx.img[off] ^= 0x20;
		img_seal_header(fx.img);
		want = off >= 0x180 && off < 0x1a0 ? -SIG_EUNKNOWNKEY : -SIG_EBADSIG;
		if (off >= IMG_SIG_OFF && off < IMG_SIG_OFF + 12)
			want = -SIG_EMALFORMED; /* magic, block version, algorithm */
		if (verify(NKEYS, NULL) != want)
			fail_msg("byte 0x%03zx changed: %d, expected %d", off, verify(NKEYS, NULL),
				 want);
		fx.img[off] ^= 0x20;
	}
	/* the header hash is not signed: a bad one is img_parse_header's to catch */
	sign_as(1, 1, SEC_VERSION);
	fx.img[0x1e0] ^= 1;
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), -IMG_EHDRSUM);
}

/* The payload is covered through its SHA-256 at 0x028. */
static void test_payload_hash_modified(void **state)
{
	struct img_info info;

	(void)state;
	sign_as(1, 1, SEC_VERSION);
	/* the payload changed: its hash no longer holds, the signature still does */
	fx.img[IMG_HDR_SIZE + 5] ^= 1;
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, &info), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE),
			 -IMG_EPAYLOADSUM);
	/* the hash made to match the new payload: now the signature fails */
	mbedtls_sha256_ret(fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE, fx.img + OFF(payload_sha256), 0);
	img_seal_header(fx.img);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, &info), 0);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE), 0);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
}

/* Writes the order of P-256 (from mbedTLS) plus @add into @out, big-endian. */
static void order_plus(int add, uint8_t out[IMG_SIG_SCALAR_LEN])
{
	mbedtls_ecp_group grp;
	mbedtls_mpi v;

	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&v);
	assert_int_equal(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
	assert_int_equal(mbedtls_mpi_add_int(&v, &grp.N, add), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&v, out, IMG_SIG_SCALAR_LEN), 0);
	mbedtls_mpi_free(&v);
	mbedtls_ecp_group_free(&grp);
}

/* Checks that the block at 0x170 is refused as malformed everywhere, then re-signs. */
static void expect_malformed(const char *what)
{
	img_seal_header(fx.img);
	if (img_sig_parse(fx.img, NULL) != -IMG_ESIG ||
	    img_parse_header(fx.img, IMAGE_SIZE, NULL) != -IMG_ERESERVED ||
	    verify(NKEYS, NULL) != -SIG_EMALFORMED)
		fail_msg("%s: not refused as malformed", what);
	sign_as(1, 1, SEC_VERSION);
}

static void test_malformed_block(void **state)
{
	uint8_t v[IMG_SIG_SCALAR_LEN];

	(void)state;
	sign_as(1, 1, SEC_VERSION);
	fx.img[0x170] = 'X';
	expect_malformed("magic");
	img_le32_put(fx.img + 0x174, 2);
	expect_malformed("block version 2");
	img_le32_put(fx.img + 0x174, 0);
	expect_malformed("block version 0");
	img_le32_put(fx.img + 0x178, 2);
	expect_malformed("algorithm 2");
	memset(fx.img + 0x1a0, 0, 32);
	expect_malformed("r = 0");
	memset(fx.img + 0x1c0, 0, 32);
	expect_malformed("s = 0");
	order_plus(0, v);
	memcpy(fx.img + 0x1a0, v, 32);
	expect_malformed("r = n");
	memcpy(fx.img + 0x1c0, v, 32);
	expect_malformed("s = n");
	memset(fx.img + 0x1a0, 0xff, 32);
	expect_malformed("r = 2^256 - 1");
	memset(fx.img + 0x1c0, 0xff, 32);
	expect_malformed("s = 2^256 - 1");
	/* no magic, just key id and signature: not a block */
	memset(fx.img + 0x170, 0, 16);
	expect_malformed("no header");
	/* one stray byte anywhere in the block of an unsigned image */
	setup(NULL);
	fx.img[0x1df] = 1;
	expect_malformed("stray byte");
	/* n - 1 is in range: well-formed (if not a valid signature) */
	order_plus(-1, v);
	memcpy(fx.img + 0x1a0, v, 32);
	memcpy(fx.img + 0x1c0, v, 32);
	img_seal_header(fx.img);
	assert_int_equal(img_sig_parse(fx.img, NULL), IMG_SIG_PRESENT);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), 0);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	assert_string_equal(img_strerror(-IMG_ESIG), "malformed signature block");
}

/* The rest of the reserved area stays zero in a signed image. */
static void test_reserved_with_signature(void **state)
{
	size_t off;

	(void)state;
	for (off = OFF(reserved1); off < IMG_SIG_OFF; off += 37) {
		sign_as(1, 1, SEC_VERSION);
		fx.img[off] = 0x80;
		img_seal_header(fx.img);
		assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), -IMG_ERESERVED);
	}
	sign_as(1, 1, SEC_VERSION);
	img_le32_put(fx.img + OFF(reserved0), 1);
	img_seal_header(fx.img);
	assert_int_equal(img_parse_header(fx.img, IMAGE_SIZE, NULL), -IMG_ERESERVED);
}

/* A trust anchor that is not a point of P-256 is reported as such, not as a bad signature. */
static void test_bad_anchor(void **state)
{
	struct sig_anchor bad[1];

	(void)state;
	bad[0] = fx.point[1];
	bad[0].point[SIG_POINT_LEN - 1] ^= 1; /* off the curve */
	sig_key_id(bad[0].point, fx.id[1]);
	sign_as(1, 1, SEC_VERSION);
	assert_int_equal(sig_verify(fx.img, bad, 1, NULL), -SIG_EANCHOR);
	bad[0].point[0] = 0x02; /* compressed form: not an anchor's */
	sig_key_id(bad[0].point, fx.id[1]);
	sign_as(1, 1, SEC_VERSION);
	assert_int_equal(sig_verify(fx.img, bad, 1, NULL), -SIG_EANCHOR);
	sig_key_id(fx.point[1].point, fx.id[1]);
}

/*
 * A success is remembered by its exact inputs (sig_verify() answers the same inputs again without
 * the arithmetic): after a good verification, a header, r or s that differs in one bit is
 * verified afresh and refused, and the good header still verifies.
 */
static void test_success_not_reused(void **state)
{
	static const size_t flip[] = { 0x040, 0x17c, 0x1bf, 0x1df }; /* build, version, r, s */
	size_t i;

	(void)state;
	sign_as(1, 1, SEC_VERSION);
	assert_int_equal(verify(NKEYS, NULL), 1);
	assert_int_equal(verify(NKEYS, NULL), 1);
	for (i = 0; i < sizeof(flip) / sizeof(flip[0]); i++) {
		fx.img[flip[i]] ^= 0x01;
		if (verify(NKEYS, NULL) != -SIG_EBADSIG)
			fail_msg("byte 0x%03zx changed after a success: %d", flip[i],
				 verify(NKEYS, NULL));
		fx.img[flip[i]] ^= 0x01;
		assert_int_equal(verify(NKEYS, NULL), 1);
	}
	/* a failure is not remembered: key 2 signing under key 1's id, twice */
	sign_as(2, 1, SEC_VERSION);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	assert_int_equal(verify(NKEYS, NULL), -SIG_EBADSIG);
	sign_as(1, 1, SEC_VERSION);
	assert_int_equal(verify(NKEYS, NULL), 1);
}

/* The key id is the SHA-256 of the DER SubjectPublicKeyInfo (RFC 5480) of the point. */
static void test_key_id(void **state)
{
	static const uint8_t prefix[] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
					  0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
					  0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00 };
	uint8_t spki[SIG_SPKI_LEN], id[IMG_SIG_KEYID_LEN];

	(void)state;
	sig_spki(fx.point[0].point, spki);
	assert_memory_equal(spki, prefix, sizeof(prefix));
	assert_memory_equal(spki + sizeof(prefix), fx.point[0].point, SIG_POINT_LEN);
	mbedtls_sha256_ret(spki, sizeof(spki), id, 0);
	assert_memory_equal(id, fx.id[0], IMG_SIG_KEYID_LEN);
	assert_memory_not_equal(fx.id[0], fx.id[1], IMG_SIG_KEYID_LEN);
}

/* The signed digest is the SHA-256 of 0x000-0x1df with r and s zeroed, whatever r and s hold. */
static void test_digest(void **state)
{
	uint8_t copy[IMG_HDR_SIZE], want[SIG_DIGEST_LEN], got[SIG_DIGEST_LEN];

	(void)state;
	sign_as(1, 1, SEC_VERSION);
	memcpy(copy, fx.img, IMG_HDR_SIZE);
	memset(copy + 0x1a0, 0, 64);
	mbedtls_sha256_ret(copy, 0x1e0, want, 0);
	sig_digest(fx.img, got);
	assert_memory_equal(got, want, SIG_DIGEST_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good_signature, setup),
		cmocka_unit_test_setup(test_unsigned, setup),
		cmocka_unit_test_setup(test_unknown_key, setup),
		cmocka_unit_test_setup(test_bad_signature, setup),
		cmocka_unit_test_setup(test_header_modified, setup),
		cmocka_unit_test_setup(test_payload_hash_modified, setup),
		cmocka_unit_test_setup(test_malformed_block, setup),
		cmocka_unit_test_setup(test_reserved_with_signature, setup),
		cmocka_unit_test_setup(test_bad_anchor, setup),
		cmocka_unit_test_setup(test_success_not_reused, setup),
		cmocka_unit_test_setup(test_key_id, setup),
		cmocka_unit_test_setup(test_digest, setup),
	};

	return cmocka_run_group_tests(tests, setup_keys, teardown_keys);
}
