/*
 * Image signing keys for the host tools: EC P-256 keys in the forms openssl writes (PEM or DER,
 * SEC 1 "EC PRIVATE KEY", PKCS#8, SubjectPublicKeyInfo "PUBLIC KEY") read with mbedTLS's pk
 * parser, and a header signed with deterministic ECDSA (RFC 6979), so that the same key and image
 * give the same signature. Other key types and curves are refused with a message that says so.
 */
#include "toolkey.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "toolutil.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"

#define TOOL_KEY_FILE_MAX (64 * 1024) /* far more than any P-256 key file */
#define TOOL_KEY_HOWTO "openssl ecparam -name prime256v1 -genkey -noout -out KEY.pem"

/* Reads @path NUL-terminated (mbedTLS's PEM parser needs the NUL counted in the length). */
static int tool_key_read(const char *path, uint8_t **buf, size_t *len)
{
	if (tool_read_file(path, TOOL_KEY_FILE_MAX, buf, len))
		return -EIO;
	(*buf)[(*len)++] = '\0'; /* tool_read_file leaves room for it */
	return 0;
}

/*
 * Parses the key in @buf (@len bytes, the last a NUL) into @pk: as PEM (mbedTLS wants the NUL
 * counted), else as DER (without it). @public takes a public key. Returns 0 or mbedTLS's error of
 * the first attempt, which says more about a PEM file.
 */
static int tool_key_parse(mbedtls_pk_context *pk, const uint8_t *buf, size_t len, bool public)
{
	int ret, der;

	ret = public ? mbedtls_pk_parse_public_key(pk, buf, len) :
		       mbedtls_pk_parse_key(pk, buf, len, NULL, 0);
	if (!ret || ret == MBEDTLS_ERR_PK_PASSWORD_REQUIRED ||
	    ret == MBEDTLS_ERR_PK_PASSWORD_MISMATCH)
		return ret;
	mbedtls_pk_free(pk);
	mbedtls_pk_init(pk);
	der = public ? mbedtls_pk_parse_public_key(pk, buf, len - 1) :
		       mbedtls_pk_parse_key(pk, buf, len - 1, NULL, 0);
	return der ? ret : 0;
}

/* Reports mbedTLS's reason @ret for not reading @path as a @what key; returns -EINVAL. */
static int tool_key_parse_err(const char *path, const char *what, int ret)
{
	char text[128];

	if (ret == MBEDTLS_ERR_PK_PASSWORD_REQUIRED || ret == MBEDTLS_ERR_PK_PASSWORD_MISMATCH) {
		tool_err("%s: the key is encrypted: give an unencrypted key", path);
		return -EINVAL;
	}
	mbedtls_strerror(ret, text, sizeof(text));
	tool_err("%s: not a %s key in PEM or DER form (%s)", path, what, text);
	return -EINVAL;
}

/* Refuses @pk unless it is an EC key on P-256; returns 0 or -EINVAL (reported). */
static int tool_key_check_p256(const char *path, const mbedtls_pk_context *pk)
{
	const mbedtls_ecp_curve_info *curve;
	mbedtls_ecp_group_id id;

	if (!mbedtls_pk_can_do(pk, MBEDTLS_PK_ECKEY)) {
		tool_err("%s: an %s key: image signatures need an EC key on P-256 (%s)", path,
			 mbedtls_pk_get_name(pk), TOOL_KEY_HOWTO);
		return -EINVAL;
	}
	id = mbedtls_pk_ec(*pk)->grp.id;
	if (id != MBEDTLS_ECP_DP_SECP256R1) {
		curve = mbedtls_ecp_curve_info_from_grp_id(id);
		tool_err("%s: an EC key on %s: image signatures need P-256 (prime256v1, secp256r1)",
			 path, curve ? curve->name : "an unknown curve");
		return -EINVAL;
	}
	return 0;
}

/**
 * tool_key_load_private() - reads a P-256 private key for signing
 * @path: PEM or DER file, as `openssl ecparam -name prime256v1 -genkey` (SEC 1, with or
 *        without its EC PARAMETERS block) or `openssl genpkey` (PKCS#8) writes it
 * @pk: an initialised context that receives the key
 *
 * Return: 0, or a negative errno (reported): the file cannot be read, holds no private key, an
 * encrypted one, a key that is not EC or an EC key on another curve.
 */
int tool_key_load_private(const char *path, mbedtls_pk_context *pk)
{
	uint8_t *buf;
	size_t len;
	int ret;

	if (tool_key_read(path, &buf, &len))
		return -EIO;
	ret = tool_key_parse(pk, buf, len, false);
	mbedtls_platform_zeroize(buf, len);
	free(buf);
	if (ret)
		return tool_key_parse_err(path, "private", ret);
	return tool_key_check_p256(path, pk);
}

/**
 * tool_key_public() - the public point and key id of a P-256 key
 * @pk: a key tool_key_load_private() or tool_key_load_public() accepted
 * @pub: its point (04 || X || Y) and id (SHA-256 of the DER SubjectPublicKeyInfo)
 *
 * Return: 0, or -EINVAL when the point cannot be written (not a P-256 key).
 */
int tool_key_public(const mbedtls_pk_context *pk, struct tool_pubkey *pub)
{
	const mbedtls_ecp_keypair *ec = mbedtls_pk_ec(*pk);
	size_t olen;

	if (mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
					   pub->point, SIG_POINT_LEN) ||
	    olen != SIG_POINT_LEN)
		return -EINVAL;
	sig_key_id(pub->point, pub->id);
	return 0;
}

/**
 * tool_key_load_public() - reads the public form of a P-256 key: what a trust anchor holds
 * @path: a public key (`openssl ec -pubout`, PEM or DER) or a private key as for
 *        tool_key_load_private()
 * @pub: its point and key id
 *
 * Return: 0, or a negative errno (reported).
 */
int tool_key_load_public(const char *path, struct tool_pubkey *pub)
{
	mbedtls_pk_context pk;
	uint8_t *buf;
	size_t len;
	int ret;

	if (tool_key_read(path, &buf, &len))
		return -EIO;
	mbedtls_pk_init(&pk);
	ret = tool_key_parse(&pk, buf, len, true);
	if (ret) {
		mbedtls_pk_free(&pk);
		mbedtls_pk_init(&pk);
		ret = tool_key_parse(&pk, buf, len, false);
	}
	mbedtls_platform_zeroize(buf, len);
	free(buf);
	if (ret)
		ret = tool_key_parse_err(path, "public or private", ret);
	else
		ret = tool_key_check_p256(path, &pk);
	if (!ret && tool_key_public(&pk, pub)) {
		tool_err("%s: cannot write the key's point", path);
		ret = -EINVAL;
	}
	mbedtls_pk_free(&pk);
	return ret;
}

/* Deterministic ECDSA of @digest under @ec into @r, @s; a CTR-DRBG on the host's entropy blinds. */
static int tool_key_ecdsa(mbedtls_ecp_keypair *ec, const uint8_t *digest, mbedtls_mpi *r,
			  mbedtls_mpi *s)
{
	static const char pers[] = "pix-mkimage blinding";
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	int ret;

	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
				    (const unsigned char *)pers, sizeof(pers) - 1);
	if (!ret)
		ret = mbedtls_ecdsa_sign_det_ext(&ec->grp, r, s, &ec->d, digest, SIG_DIGEST_LEN,
						 MBEDTLS_MD_SHA256, mbedtls_ctr_drbg_random, &drbg);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	return ret;
}

/**
 * tool_key_sign_header() - signs an image header and seals it
 * @pk: a P-256 private key (tool_key_load_private())
 * @hdr: a header img_make_header() made (512 bytes); its signature block is written: security
 *       version, the key's id, r and s; then its header hash
 * @sec_version: the security version the signature carries
 *
 * The signature is checked against the key's public point before it is kept.
 *
 * Return: 0, or -EIO (reported) when mbedTLS fails.
 */
int tool_key_sign_header(mbedtls_pk_context *pk, void *hdr, uint32_t sec_version)
{
	uint8_t digest[SIG_DIGEST_LEN];
	struct tool_pubkey pub;
	struct sig_anchor self;
	struct img_sig sig;
	mbedtls_mpi r, s;
	int ret;

	if (tool_key_public(pk, &pub))
		return -EINVAL;
	memset(&sig, 0, sizeof(sig));
	sig.sec_version = sec_version;
	memcpy(sig.key_id, pub.id, IMG_SIG_KEYID_LEN);
	img_sig_store(hdr, &sig); /* r and s zero: the bytes being signed */
	sig_digest(hdr, digest);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	ret = tool_key_ecdsa(mbedtls_pk_ec(*pk), digest, &r, &s);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&r, sig.r, IMG_SIG_SCALAR_LEN);
	if (!ret)
		ret = mbedtls_mpi_write_binary(&s, sig.s, IMG_SIG_SCALAR_LEN);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	if (ret) {
		tool_err("signing failed (mbedTLS error -0x%04x)", (unsigned int)-ret);
		return -EIO;
	}
	img_sig_store(hdr, &sig);
	img_seal_header(hdr);
	memcpy(self.point, pub.point, SIG_POINT_LEN);
	if (sig_verify(hdr, &self, 1, NULL) != 0) {
		tool_err("the signature just made does not verify");
		return -EIO;
	}
	return 0;
}
