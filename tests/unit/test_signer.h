/* Test-only image signer for the unit tests: P-256 keys from a fixed generator, headers signed. */
#ifndef TESTS_UNIT_TEST_SIGNER_H
#define TESTS_UNIT_TEST_SIGNER_H

#include <stdint.h>

#include "flash/pix_image.h"
#include "flash/pix_sig.h"
#include "mbedtls/ecdsa.h"

#define TEST_SIGNER_KEYS 3

/*
 * Keys made by mbedTLS with xorshift64* from a fixed seed: repeatable, and never fit for real
 * keys. point[k] is key k's public point (a trust anchor), id[k] its key id.
 */
struct test_signer {
	mbedtls_ecdsa_context key[TEST_SIGNER_KEYS];
	struct sig_anchor point[TEST_SIGNER_KEYS];
	uint8_t id[TEST_SIGNER_KEYS][IMG_SIG_KEYID_LEN];
	uint64_t rng;
};

int test_signer_init(struct test_signer *t, uint64_t seed);
void test_signer_free(struct test_signer *t);
void test_signer_sign(struct test_signer *t, void *hdr, int k, const uint8_t *key_id,
		      uint32_t sec_version);

#endif /* TESTS_UNIT_TEST_SIGNER_H */
