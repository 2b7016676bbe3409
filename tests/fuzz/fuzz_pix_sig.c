/*
 * libFuzzer harness for the image signature block: the input's first 112 bytes are the block at
 * 0x170, the rest fills the header from 0x000. img_sig_parse() must say "unsigned" exactly for an
 * all-zero block, accept only the magic, version 1, algorithm 1 and r, s in [1, n - 1] (checked
 * here with mbedTLS's numbers against the group order, not the parser's table), and decode what
 * img_sig_store() writes back byte for byte. img_parse_header() of an otherwise valid header
 * accepts the block exactly when img_sig_parse() does. sig_verify() agrees with the parser, and
 * with the block's key id pointed at the harness's trust anchor reaches ECDSA (some inputs),
 * which must never accept: nobody holds the anchor's private key (its public point was kept, the
 * key thrown away).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flash/pix_image.h"
#include "flash/pix_sig.h"
#include "mbedtls/bignum.h"
#include "mbedtls/ecp.h"

#define FUZZ_PAYLOAD_LEN 16
#define FUZZ_ECDSA_TAG 0xa5 /* inputs whose s ends in this byte reach ECDSA */

/* A P-256 public key made once with openssl; its private key no longer exists. */
static const struct sig_anchor fuzz_anchor[1] = { { {
	0x04, 0xfc, 0x0a, 0x8f, 0xde, 0xe6, 0x25, 0x77, 0xa3, 0x6d, 0x93, 0x92, 0x44,
	0x2f, 0x56, 0xcc, 0x2f, 0x9f, 0xb2, 0x84, 0xbd, 0x54, 0x75, 0x1d, 0x68, 0x81,
	0xf0, 0x1b, 0x5a, 0xde, 0x7c, 0x59, 0x5f, 0x5f, 0xdb, 0xbb, 0x08, 0x01, 0xc0,
	0x83, 0x28, 0xb8, 0x0d, 0x39, 0xf9, 0x2a, 0x64, 0x4b, 0x6e, 0x28, 0x59, 0x33,
	0xaf, 0x95, 0x82, 0xff, 0xe8, 0x3e, 0x13, 0x5c, 0x4d, 0x14, 0x0f, 0xb8, 0xc5,
} } };

/* Whether the big-endian @v is in [1, n - 1], by mbedTLS's numbers. */
static int fuzz_scalar_ok(const uint8_t *v)
{
	static mbedtls_ecp_group grp;
	static int loaded;
	mbedtls_mpi x;
	int ok;

	if (!loaded) {
		mbedtls_ecp_group_init(&grp);
		if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1))
			abort();
		loaded = 1;
	}
	mbedtls_mpi_init(&x);
	if (mbedtls_mpi_read_binary(&x, v, IMG_SIG_SCALAR_LEN))
		abort();
	ok = mbedtls_mpi_cmp_int(&x, 0) > 0 && mbedtls_mpi_cmp_mpi(&x, &grp.N) < 0;
	mbedtls_mpi_free(&x);
	return ok;
}

/* What the parser should say of the block @b, worked out independently. */
static int fuzz_expected(const uint8_t *b)
{
	static const uint8_t zero[IMG_SIG_LEN];

	if (!memcmp(b, zero, IMG_SIG_LEN))
		return IMG_SIG_NONE;
	if (memcmp(b, "PSIG", 4) || img_le32_get(b + 4) != 1 || img_le32_get(b + 8) != 1 ||
	    !fuzz_scalar_ok(b + 0x30) || !fuzz_scalar_ok(b + 0x50))
		return -IMG_ESIG;
	return IMG_SIG_PRESENT;
}

/* Checks a well-formed block: decoding, the store round trip, and the verifier's refusals. */
static void fuzz_check_present(uint8_t *hdr, const struct img_sig *sig)
{
	uint8_t back[IMG_HDR_SIZE];
	struct img_sig copy = *sig;
	int ret;

	memset(back, 0, sizeof(back));
	img_sig_store(back, sig);
	if (memcmp(back + IMG_SIG_OFF, hdr + IMG_SIG_OFF, IMG_SIG_LEN))
		abort();
	ret = sig_verify(hdr, fuzz_anchor, 1, &copy);
	if (memcmp(&copy, sig, sizeof(copy)))
		abort();
	sig_key_id(fuzz_anchor[0].point, copy.key_id);
	if (ret !=
	    (memcmp(copy.key_id, sig->key_id, IMG_SIG_KEYID_LEN) ? -SIG_EUNKNOWNKEY : -SIG_EBADSIG))
		abort();
	if (sig_verify(hdr, fuzz_anchor, 0, NULL) != -SIG_EUNKNOWNKEY)
		abort();
	/*
	 * The anchor's key id: the signature itself is checked, and must fail. An ECDSA check
	 * costs about 100 ms under the sanitizers: only an input whose s ends in FUZZ_ECDSA_TAG takes
	 * it (not a zero-padded short one), so the parser keeps being fuzzed at speed.
	 */
	if (sig->s[IMG_SIG_SCALAR_LEN - 1] != FUZZ_ECDSA_TAG)
		return;
	img_sig_store(hdr, &copy);
	if (sig_verify(hdr, fuzz_anchor, 1, NULL) != -SIG_EBADSIG)
		abort();
}

/* The block in an otherwise valid header: accepted exactly when the parser accepts it. */
static void fuzz_check_in_header(const uint8_t *block, int parsed)
{
	static const uint8_t payload[FUZZ_PAYLOAD_LEN] = { 0x90 };
	uint8_t img[IMG_HDR_SIZE + FUZZ_PAYLOAD_LEN];
	struct img_info info;

	memset(&info, 0, sizeof(info));
	info.kind = IMG_KIND_OS;
	info.payload_size = FUZZ_PAYLOAD_LEN;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	if (img_make_header(img, &info, payload))
		abort();
	memcpy(img + IMG_HDR_SIZE, payload, FUZZ_PAYLOAD_LEN);
	memcpy(img + IMG_SIG_OFF, block, IMG_SIG_LEN);
	img_seal_header(img);
	if ((img_parse_header(img, sizeof(img), NULL) == 0) != (parsed >= 0))
		abort();
	if (parsed < 0 && img_parse_header(img, sizeof(img), NULL) != -IMG_ERESERVED)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[IMG_HDR_SIZE];
	struct img_sig sig;
	size_t n = size < IMG_SIG_LEN ? size : IMG_SIG_LEN;
	int ret, want;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr + IMG_SIG_OFF, data, n);
	if (size - n > IMG_SIG_OFF)
		return 0;
	memcpy(hdr, data + n, size - n);
	ret = img_sig_parse(hdr, &sig);
	want = fuzz_expected(hdr + IMG_SIG_OFF);
	if (ret != want)
		abort();
	fuzz_check_in_header(hdr + IMG_SIG_OFF, ret);
	if (ret == IMG_SIG_NONE && sig_verify(hdr, fuzz_anchor, 1, NULL) != -SIG_EUNSIGNED)
		abort();
	if (ret < 0 && sig_verify(hdr, fuzz_anchor, 1, NULL) != -SIG_EMALFORMED)
		abort();
	if (ret == IMG_SIG_PRESENT)
		fuzz_check_present(hdr, &sig);
	return 0;
}
