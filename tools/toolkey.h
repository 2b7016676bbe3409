/* Image signing keys for the host tools: P-256 keys read from PEM or DER files, header signing. */
#ifndef TOOLS_TOOLKEY_H
#define TOOLS_TOOLKEY_H

#include <stdint.h>

#include "flash/pix_sig.h"
#include "mbedtls/pk.h"

/* A key's public form, as a trust anchor holds it and a signature block names it. */
struct tool_pubkey {
	uint8_t point[SIG_POINT_LEN]; /* 04 || X || Y */
	uint8_t id[IMG_SIG_KEYID_LEN]; /* SHA-256 of the DER SubjectPublicKeyInfo */
};

int tool_key_load_private(const char *path, mbedtls_pk_context *pk);
int tool_key_load_public(const char *path, struct tool_pubkey *pub);
int tool_key_public(const mbedtls_pk_context *pk, struct tool_pubkey *pub);
int tool_key_sign_header(mbedtls_pk_context *pk, void *hdr, uint32_t sec_version);

#endif /* TOOLS_TOOLKEY_H */
