/* Test-only image signer for the unit tests (test_signer.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "test_signer.h"

/* xorshift64*, fixed seed: only for tests. */
static int test_rng(void *ctx, unsigned char *out, size_t len)
{
	uint64_t *x = ctx;

	while (len--) {
		*x ^= *x >> 12;
		*x ^= *x << 25;
		*x ^= *x >> 27;
		*out++ = (unsigned char)((*x * 0x2545f4914f6cdd1dull) >> 56);
	}
	return 0;
}

/* Makes TEST_SIGNER_KEYS P-256 keys from @seed; returns 0 or -1. */
int test_signer_init(struct test_signer *t, uint64_t seed)
{
	size_t olen;
	int k;

	t->rng = seed;
	for (k = 0; k < TEST_SIGNER_KEYS; k++) {
		mbedtls_ecdsa_init(&t->key[k]);
		if (mbedtls_ecdsa_genkey(&t->key[k], MBEDTLS_ECP_DP_SECP256R1, test_rng, &t->rng) ||
		    mbedtls_ecp_point_write_binary(&t->key[k].grp, &t->key[k].Q,
						   MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
						   t->point[k].point, SIG_POINT_LEN) ||
		    olen != SIG_POINT_LEN)
			return -1;
		sig_key_id(t->point[k].point, t->id[k]);
	}
	return 0;
}

void test_signer_free(struct test_signer *t)
{
	int k;

	for (k = 0; k < TEST_SIGNER_KEYS; k++)
		mbedtls_ecdsa_free(&t->key[k]);
}

/*
 * Signs the header at @hdr with key @k, naming @key_id as the signer (normally t->id[k]) and
 * security version @sec_version, then seals the header hash: what pix-mkimage --sign does.
 */
void test_signer_sign(struct test_signer *t, void *hdr, int k, const uint8_t *key_id,
		      uint32_t sec_version)
{
	uint8_t digest[SIG_DIGEST_LEN];
	struct img_sig sig;
	mbedtls_mpi r, s;

	memset(&sig, 0, sizeof(sig));
	sig.sec_version = sec_version;
	memcpy(sig.key_id, key_id, IMG_SIG_KEYID_LEN);
	img_sig_store(hdr, &sig);
	sig_digest(hdr, digest);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	assert_int_equal(mbedtls_ecdsa_sign(&t->key[k].grp, &r, &s, &t->key[k].d, digest,
					    sizeof(digest), test_rng, &t->rng),
			 0);
	assert_int_equal(mbedtls_mpi_write_binary(&r, sig.r, IMG_SIG_SCALAR_LEN), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&s, sig.s, IMG_SIG_SCALAR_LEN), 0);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	img_sig_store(hdr, &sig);
	img_seal_header(hdr);
}
