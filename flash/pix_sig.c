/*
 * Signed images: verification of a header's ECDSA P-256 signature against the unit's trust
 * anchors, with mbedTLS's ecdsa, ecp and bignum. Portable C: the firmware (i386), the UEFI
 * application (x86-64) and the host tools and tests build it alike.
 */
#include <string.h>

#include "pix_sig.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/ecp.h"
#include "mbedtls/sha256.h"

/*
 * The DER SubjectPublicKeyInfo of a P-256 key up to its point (RFC 5480): SEQUENCE (89 bytes) {
 * SEQUENCE { OID id-ecPublicKey 1.2.840.10045.2.1, OID prime256v1 1.2.840.10045.3.1.7 },
 * BIT STRING (66 bytes, no unused bits) }, then the 65-byte point.
 */
static const uint8_t sig_spki_prefix[SIG_SPKI_LEN - SIG_POINT_LEN] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
};

/**
 * sig_spki() - the DER SubjectPublicKeyInfo of a P-256 public key
 * @point: the key, uncompressed (04 || X || Y); not checked
 * @spki: the 91 bytes `openssl ec -pubout -outform DER` writes for it
 */
void sig_spki(const uint8_t point[SIG_POINT_LEN], uint8_t spki[SIG_SPKI_LEN])
{
	memcpy(spki, sig_spki_prefix, sizeof(sig_spki_prefix));
	memcpy(spki + sizeof(sig_spki_prefix), point, SIG_POINT_LEN);
}

/**
 * sig_key_id() - the id of a P-256 public key: SHA-256 of its DER SubjectPublicKeyInfo
 * @point: the key, uncompressed (04 || X || Y); not checked
 * @id: its 32-byte id, as a signature block names it
 */
void sig_key_id(const uint8_t point[SIG_POINT_LEN], uint8_t id[IMG_SIG_KEYID_LEN])
{
	uint8_t spki[SIG_SPKI_LEN];

	sig_spki(point, spki);
	mbedtls_sha256_ret(spki, sizeof(spki), id, 0);
}

/**
 * sig_digest() - the SHA-256 an image signature signs
 * @hdr: 512 bytes of header, any alignment
 * @digest: SHA-256 of header bytes 0x000-0x1df with r and s (0x1a0-0x1df) taken as zero
 */
void sig_digest(const void *hdr, uint8_t digest[SIG_DIGEST_LEN])
{
	static const uint8_t zero_rs[IMG_SIG_RS_LEN];
	mbedtls_sha256_context ctx;

	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	mbedtls_sha256_update_ret(&ctx, hdr, IMG_SIG_RS_OFF);
	mbedtls_sha256_update_ret(&ctx, zero_rs, sizeof(zero_rs));
	mbedtls_sha256_finish_ret(&ctx, digest);
	mbedtls_sha256_free(&ctx);
}

/* The index of the anchor whose key id is @id, or -SIG_EUNKNOWNKEY. */
static int sig_find_anchor(const struct sig_anchor *anchors, size_t count,
			   const uint8_t id[IMG_SIG_KEYID_LEN])
{
	uint8_t aid[IMG_SIG_KEYID_LEN];
	size_t i;

	for (i = 0; i < count && i < SIG_ANCHORS_MAX; i++) {
		sig_key_id(anchors[i].point, aid);
		if (!memcmp(aid, id, IMG_SIG_KEYID_LEN))
			return (int)i;
	}
	return -SIG_EUNKNOWNKEY;
}

/*
 * Maps an mbedTLS error to enum sig_error: -SIG_EINTERNAL when it ran out of memory, else
 * @otherwise (what the step's failure means: the anchor is no key, the signature does not hold).
 */
static int sig_mbedtls_err(int ret, int otherwise)
{
	if (ret == MBEDTLS_ERR_MPI_ALLOC_FAILED || ret == MBEDTLS_ERR_ECP_ALLOC_FAILED)
		return -SIG_EINTERNAL;
	return otherwise;
}

/*
 * Checks the signature (@sig's r and s) of @digest under the P-256 key @point; returns 0,
 * -SIG_EANCHOR, -SIG_EBADSIG or -SIG_EINTERNAL.
 */
static int sig_ecdsa_check(const uint8_t point[SIG_POINT_LEN], const uint8_t *digest,
			   const struct img_sig *sig)
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi r, s;
	int ret, err;

	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	ret = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	if (ret) {
		err = -SIG_EINTERNAL; /* the curve's constants: only memory can fail */
		goto out;
	}
	if (point[0] != 0x04) {
		err = -SIG_EANCHOR;
		goto out;
	}
	ret = mbedtls_ecp_point_read_binary(&grp, &q, point, SIG_POINT_LEN);
	if (!ret)
		ret = mbedtls_ecp_check_pubkey(&grp, &q);
	if (ret) {
		err = sig_mbedtls_err(ret, -SIG_EANCHOR); /* both allocate: memory can fail too */
		goto out;
	}
	ret = mbedtls_mpi_read_binary(&r, sig->r, IMG_SIG_SCALAR_LEN);
	if (!ret)
		ret = mbedtls_mpi_read_binary(&s, sig->s, IMG_SIG_SCALAR_LEN);
	if (!ret)
		ret = mbedtls_ecdsa_verify(&grp, digest, SIG_DIGEST_LEN, &q, &r, &s);
	err = ret ? sig_mbedtls_err(ret, -SIG_EBADSIG) : 0;
out:
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return err;
}

/*
 * The last verification that held, by its exact inputs: the signed digest, the anchor's point and
 * the signature's scalars. ECDSA verification is a function of these alone, so the same inputs
 * get the same answer without the curve arithmetic (about 45 ms under QEMU's TCG): an install
 * checks the new image before it asks "Install to flash?" and again as it writes, the running
 * image's copy likewise. Only a success is kept; any other input is verified afresh.
 */
static struct {
	bool held;
	uint8_t digest[SIG_DIGEST_LEN];
	struct sig_anchor anchor;
	uint8_t r[IMG_SIG_SCALAR_LEN];
	uint8_t s[IMG_SIG_SCALAR_LEN];
} sig_last;

static bool sig_last_holds(const uint8_t *digest, const struct sig_anchor *a,
			   const struct img_sig *b)
{
	return sig_last.held && !memcmp(sig_last.digest, digest, SIG_DIGEST_LEN) &&
	       !memcmp(&sig_last.anchor, a, sizeof(*a)) &&
	       !memcmp(sig_last.r, b->r, sizeof(b->r)) && !memcmp(sig_last.s, b->s, sizeof(b->s));
}

static void sig_last_keep(const uint8_t *digest, const struct sig_anchor *a,
			  const struct img_sig *b)
{
	memcpy(sig_last.digest, digest, SIG_DIGEST_LEN);
	sig_last.anchor = *a;
	memcpy(sig_last.r, b->r, sizeof(b->r));
	memcpy(sig_last.s, b->s, sizeof(b->s));
	sig_last.held = true;
}

/**
 * sig_verify() - checks a header's signature against a unit's trust anchors
 * @hdr: 512 bytes of header, any alignment (normally one img_parse_header() accepted: its own
 *       hash and fields hold; the signature does not depend on that)
 * @anchors: the trust anchors
 * @count: how many; at most SIG_ANCHORS_MAX are looked at
 * @sig: what the signature block says, written when it is well-formed (whatever the result
 *       then); may be NULL
 *
 * The anchor is chosen by the block's key id; only that key is tried. A success with the same
 * digest, anchor and signature as the last one is answered without the arithmetic.
 *
 * Return: the index of the anchor whose key made the signature (0 to @count - 1);
 * -SIG_EUNSIGNED, -SIG_EMALFORMED, -SIG_EUNKNOWNKEY, -SIG_EBADSIG, -SIG_EANCHOR or
 * -SIG_EINTERNAL (enum sig_error).
 */
int sig_verify(const void *hdr, const struct sig_anchor *anchors, size_t count, struct img_sig *sig)
{
	uint8_t digest[SIG_DIGEST_LEN];
	struct img_sig block;
	int ret, idx;

	ret = img_sig_parse(hdr, &block);
	if (ret == IMG_SIG_NONE)
		return -SIG_EUNSIGNED;
	if (ret < 0)
		return -SIG_EMALFORMED;
	if (sig)
		*sig = block;
	idx = sig_find_anchor(anchors, count, block.key_id);
	if (idx < 0)
		return idx;
	sig_digest(hdr, digest);
	if (sig_last_holds(digest, &anchors[idx], &block))
		return idx;
	ret = sig_ecdsa_check(anchors[idx].point, digest, &block);
	if (ret)
		return ret;
	sig_last_keep(digest, &anchors[idx], &block);
	return idx;
}

/**
 * sig_strerror() - a short description of a verification result, for a caller's message
 * @err: a negative enum sig_error code
 *
 * Return: a constant string; "unknown signature error" for any other value.
 */
const char *sig_strerror(int err)
{
	switch (-err) {
	case SIG_EUNSIGNED:
		return "unsigned";
	case SIG_EMALFORMED:
		return "malformed signature";
	case SIG_EUNKNOWNKEY:
		return "unknown key";
	case SIG_EBADSIG:
		return "bad signature";
	case SIG_EANCHOR:
		return "trust anchor is not a P-256 key";
	case SIG_EINTERNAL:
		return "out of memory";
	default:
		return "unknown signature error";
	}
}

/**
 * sig_key_id_short() - a key id as consoles print it: its first 8 bytes in lower-case hex (what
 * `pix-mkimage --key-id` and `sha256sum` print first)
 * @id: the key id
 * @out: 16 hex digits and a NUL
 */
void sig_key_id_short(const uint8_t id[IMG_SIG_KEYID_LEN], char out[SIG_KEYID_SHORT])
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < (SIG_KEYID_SHORT - 1) / 2; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 15];
	}
	out[SIG_KEYID_SHORT - 1] = '\0';
}
