/* Signed images: key ids, the signed digest of a header, and verification against trust anchors. */
#ifndef FLASH_PIX_SIG_H
#define FLASH_PIX_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "pix_image.h"

/*
 * The signature block's layout and what it signs are described in pix_image.h. A trust anchor is
 * a P-256 public key as an uncompressed point (04 || X || Y, 65 bytes); a unit holds up to
 * SIG_ANCHORS_MAX of them. A key's id is the SHA-256 of its DER SubjectPublicKeyInfo, the form
 * `openssl ec -pubout -outform DER` writes.
 */
#define SIG_POINT_LEN 65 /* uncompressed P-256 point: 0x04, X, Y */
#define SIG_SPKI_LEN 91 /* DER SubjectPublicKeyInfo of a P-256 key: 26-byte prefix + point */
#define SIG_ANCHORS_MAX 4
#define SIG_DIGEST_LEN 32 /* SHA-256 */

/* A trust anchor: a P-256 public key, uncompressed (04 || X || Y). */
struct sig_anchor {
	uint8_t point[SIG_POINT_LEN];
};

_Static_assert(sizeof(struct sig_anchor) == SIG_POINT_LEN, "an anchor is its 65-byte point");

/* Errors of sig_verify(), returned negated; distinct from errno and enum img_error values. */
enum sig_error {
	SIG_EUNSIGNED = 320, /* the image carries no signature */
	SIG_EMALFORMED, /* the signature block is malformed (img_sig_parse() refused it) */
	SIG_EUNKNOWNKEY, /* signed by a key that is not among the trust anchors */
	SIG_EBADSIG, /* signed by a trusted key's id, but the signature does not hold */
	SIG_EANCHOR, /* the trust anchor with the signer's key id is not a P-256 point */
	SIG_EINTERNAL, /* the verifier could not run (out of memory) */
};

void sig_key_id(const uint8_t point[SIG_POINT_LEN], uint8_t id[IMG_SIG_KEYID_LEN]);
void sig_spki(const uint8_t point[SIG_POINT_LEN], uint8_t spki[SIG_SPKI_LEN]);
void sig_digest(const void *hdr, uint8_t digest[SIG_DIGEST_LEN]);
int sig_verify(const void *hdr, const struct sig_anchor *anchors, size_t count,
	       struct img_sig *sig);
const char *sig_strerror(int err);

#define SIG_KEYID_SHORT 17 /* a key id's first 8 bytes in hex, NUL-terminated */
void sig_key_id_short(const uint8_t id[IMG_SIG_KEYID_LEN], char out[SIG_KEYID_SHORT]);

#endif /* FLASH_PIX_SIG_H */
