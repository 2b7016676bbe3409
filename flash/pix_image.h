/* PIX software images: the 512-byte header, its parser and checks, and image versions. */
#ifndef FLASH_PIX_IMAGE_H
#define FLASH_PIX_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * An image is a 512-byte little-endian header followed by the payload (DESIGN.md, "Software
 * images"). The header carries the SHA-256 of the payload and, in its last 32 bytes, the SHA-256
 * of everything before them, so a header is checked before any of its fields is trusted.
 */
#define IMG_MAGIC "PIXIMAGE"
#define IMG_MAGIC_LEN 8
#define IMG_HDR_VERSION 1
#define IMG_HDR_SIZE 512
#define IMG_HDR_HASHED_LEN 0x1e0 /* the header hash covers bytes 0x000-0x1df */
#define IMG_SHA256_LEN 32
#define IMG_BUILD_LEN 64 /* build text, NUL padded: at most 63 characters */

#define IMG_KIND_OS 1 /* PIX OS image: loaded at its load address and entered */
#define IMG_KIND_PDM 2 /* PDM archive: data only, load and entry are zero */
#define IMG_KIND_BOOTHELPER 3 /* Boothelper program: on a diskette only, entered as an OS image */

/* An image is entered with EAX = 'PIXB' and EBX = the address of a struct pix_bootinfo. */
#define IMG_BOOT_EAX 0x50495842

/*
 * The signature block (issue 14): the last 112 bytes of the reserved area, 0x170-0x1df. An unsigned
 * image has them zero, like the rest of the reserved area (0x088-0x16f, always zero). A signed one
 * carries an ECDSA signature on curve P-256 (secp256r1, prime256v1) over SHA-256:
 *
 *   0x170  magic "PSIG" (4 bytes)
 *   0x174  u32 block version (1)
 *   0x178  u32 algorithm (1 = ECDSA P-256 over SHA-256)
 *   0x17c  u32 security version (rollback counter; 0 when not used)
 *   0x180  key id (32 bytes): SHA-256 of the signer's public key as DER SubjectPublicKeyInfo
 *          (what `openssl ec -pubout -outform DER` writes: a fixed 26-byte prefix, then the
 *          65-byte uncompressed point 04 || X || Y), so `... | sha256sum` gives the same id
 *   0x1a0  r (32 bytes, big-endian), 1 <= r < n (the order of P-256's base point)
 *   0x1c0  s (32 bytes, big-endian), 1 <= s < n
 *
 * Signed message: header bytes 0x000-0x1df with r and s (0x1a0-0x1df) zeroed, so the signature
 * covers every header field but itself: magic, sizes, kind, version, addresses, the payload
 * through its SHA-256 at 0x028, build text, reserved area, and the block's own magic, version,
 * algorithm, security version and key id. ECDSA signs the SHA-256 of those 480 bytes.
 *
 * The header SHA-256 at 0x1e0 still covers all of 0x000-0x1df, the signature included: it is
 * the integrity check of the header as stored (a damaged signature byte reads as a bad header,
 * caught by the same first check as any other damaged byte, before any field is trusted), and it
 * needs no key. It is not signed and need not be: it is a function of the bytes the signature
 * already covers plus the signature, and a signature cannot cover a hash of itself. So a signer
 * writes the block with r and s zero, signs, stores r and s, and seals the header last.
 */
#define IMG_SIG_OFF 0x170 /* the signature block: 0x170-0x1df */
#define IMG_SIG_LEN 0x70
#define IMG_SIG_MAGIC "PSIG"
#define IMG_SIG_MAGIC_LEN 4
#define IMG_SIG_VERSION 1
#define IMG_SIG_ALG_P256_SHA256 1 /* ECDSA, curve P-256, SHA-256 */
#define IMG_SIG_KEYID_LEN 32
#define IMG_SIG_SCALAR_LEN 32 /* r and s: big-endian, as long as P-256's order */
#define IMG_SIG_RS_OFF 0x1a0 /* r then s: the bytes zeroed in the signed message */
#define IMG_SIG_RS_LEN (2 * IMG_SIG_SCALAR_LEN)

/* The signature block, byte for byte (little-endian u32s; r and s big-endian). */
struct img_sig_block {
	uint8_t magic[IMG_SIG_MAGIC_LEN]; /* 0x170 "PSIG", no NUL */
	uint32_t version; /* 0x174 IMG_SIG_VERSION */
	uint32_t alg; /* 0x178 IMG_SIG_ALG_P256_SHA256 */
	uint32_t sec_version; /* 0x17c security version */
	uint8_t key_id[IMG_SIG_KEYID_LEN]; /* 0x180 SHA-256 of the public key (DER SPKI) */
	uint8_t r[IMG_SIG_SCALAR_LEN]; /* 0x1a0 */
	uint8_t s[IMG_SIG_SCALAR_LEN]; /* 0x1c0 */
};

_Static_assert(sizeof(struct img_sig_block) == IMG_SIG_LEN, "signature block is 112 bytes");

/**
 * struct img_header - the on-flash header, byte for byte (all fields little-endian)
 *
 * Read it through the img_le32_get() accessors at offsetof() of a field, never by casting a
 * buffer: a header read from flash or the network need not be aligned, and the host running
 * the tools need not be little-endian.
 */
struct img_header {
	uint8_t magic[IMG_MAGIC_LEN]; /* 0x000 "PIXIMAGE", no NUL */
	uint32_t hdr_version; /* 0x008 IMG_HDR_VERSION */
	uint32_t hdr_size; /* 0x00c IMG_HDR_SIZE */
	uint32_t kind; /* 0x010 IMG_KIND_OS, _PDM or _BOOTHELPER */
	uint8_t ver_major; /* 0x014 version 6.3(5): 6 */
	uint8_t ver_minor; /* 0x015 3 */
	uint8_t ver_maint; /* 0x016 5 */
	uint8_t ver_zero; /* 0x017 0 */
	uint32_t payload_size; /* 0x018 bytes after the header */
	uint32_t load_addr; /* 0x01c physical address the payload is copied to */
	uint32_t entry_addr; /* 0x020 physical address jumped to, inside the payload */
	uint32_t reserved0; /* 0x024 zero */
	uint8_t payload_sha256[IMG_SHA256_LEN]; /* 0x028 SHA-256 of the payload */
	char build[IMG_BUILD_LEN]; /* 0x048 printable build text, NUL padded */
	uint8_t reserved1[IMG_SIG_OFF - 0x88]; /* 0x088 zero */
	struct img_sig_block sig; /* 0x170 signature block: all zero when unsigned */
	uint8_t hdr_sha256[IMG_SHA256_LEN]; /* 0x1e0 SHA-256 of bytes 0x000-0x1df */
};

_Static_assert(sizeof(struct img_header) == IMG_HDR_SIZE, "image header is 512 bytes");
_Static_assert(offsetof(struct img_header, kind) == 0x10, "kind at 0x10");
_Static_assert(offsetof(struct img_header, ver_major) == 0x14, "version at 0x14");
_Static_assert(offsetof(struct img_header, payload_size) == 0x18, "payload size at 0x18");
_Static_assert(offsetof(struct img_header, reserved0) == 0x24, "reserved at 0x24");
_Static_assert(offsetof(struct img_header, payload_sha256) == 0x28, "payload hash at 0x28");
_Static_assert(offsetof(struct img_header, build) == 0x48, "build text at 0x48");
_Static_assert(offsetof(struct img_header, reserved1) == 0x88, "reserved area at 0x88");
_Static_assert(offsetof(struct img_header, hdr_sha256) == IMG_HDR_HASHED_LEN, "header hash");
_Static_assert(offsetof(struct img_header, sig) == IMG_SIG_OFF, "signature block at 0x170");
_Static_assert(offsetof(struct img_header, sig.r) == IMG_SIG_RS_OFF, "r at 0x1a0");
_Static_assert(IMG_SIG_OFF + IMG_SIG_LEN == IMG_HDR_HASHED_LEN, "block ends at the header hash");

/* An image version, 6.3(5) = { 6, 3, 5 }. */
struct img_version {
	uint8_t major;
	uint8_t minor;
	uint8_t maint;
};

#define IMG_VERSION_STRLEN 16 /* "255.255(255)" and its NUL fit */

/* What a valid header says, in host byte order. */
struct img_info {
	uint32_t kind; /* IMG_KIND_* */
	struct img_version version;
	uint32_t payload_size; /* bytes following the header */
	uint32_t load_addr; /* 0 for a PDM archive */
	uint32_t entry_addr; /* 0 for a PDM archive */
	uint8_t payload_sha256[IMG_SHA256_LEN];
	char build[IMG_BUILD_LEN]; /* NUL-terminated */
};

/*
 * Errors, returned negated. Distinct from errno values so a caller can tell its user exactly
 * what is wrong; the checks run in this order, so a header that fails several reports the first.
 * How the monitor is meant to word them: -IMG_ESHORT and -IMG_EMAGIC, "not a PIX image" (or
 * nothing installed); -IMG_EHDRSUM and -IMG_EPAYLOADSUM, "Checksum verification on flash image
 * failed"; -IMG_ETRUNC, truncated image; the rest, an invalid header (img_strerror() says which
 * field).
 */
enum img_error {
	IMG_ESHORT = 256, /* fewer than 512 bytes: no complete header */
	IMG_EMAGIC, /* no "PIXIMAGE" magic: not a PIX image */
	IMG_EHDRVER, /* header version is not 1: made by an unknown tool */
	IMG_EHDRSIZE, /* header size is not 512 */
	IMG_EHDRSUM, /* header SHA-256 does not match: header corrupted */
	IMG_EKIND, /* kind is not OS (1), PDM (2) or Boothelper (3) */
	IMG_EVERSION, /* the byte after the version triple is not zero */
	IMG_ERESERVED, /* a reserved field or the reserved area is not zero */
	IMG_EBUILD, /* build text unterminated, not printable, or not NUL padded */
	IMG_EADDR, /* OS: empty payload, load + size past 4 GiB or entry outside the
		      payload; PDM: load or entry not zero */
	IMG_ETRUNC, /* payload size exceeds the bytes available: image truncated */
	IMG_EPAYLOADSUM, /* payload SHA-256 does not match: payload corrupted */
	IMG_ESIG, /* signature block malformed: no magic, unknown version or algorithm, r or s
		     zero or not below the order (img_parse_header says -IMG_ERESERVED) */
};

/* What a well-formed signature block says (img_sig_parse()). */
struct img_sig {
	uint32_t sec_version;
	uint8_t key_id[IMG_SIG_KEYID_LEN];
	uint8_t r[IMG_SIG_SCALAR_LEN]; /* big-endian */
	uint8_t s[IMG_SIG_SCALAR_LEN]; /* big-endian */
};

#define IMG_SIG_NONE 0 /* img_sig_parse(): no signature (block all zero) */
#define IMG_SIG_PRESENT 1 /* img_sig_parse(): a well-formed signature block */

/* Reads a little-endian 32-bit value at any alignment. */
static inline uint32_t img_le32_get(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Writes @v little-endian at any alignment. */
static inline void img_le32_put(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

int img_parse_header(const void *buf, size_t len, struct img_info *out);
int img_verify_payload(const struct img_info *info, const void *payload, size_t len);
bool img_header_hash_ok(const void *hdr);
void img_seal_header(void *hdr);
int img_make_header(void *hdr, const struct img_info *info, const void *payload);
const char *img_strerror(int err);

int img_sig_parse(const void *hdr, struct img_sig *out);
void img_sig_store(void *hdr, const struct img_sig *sig);

int img_version_parse(const char *s, struct img_version *out);
int img_version_format(const struct img_version *v, char *buf, size_t size);

#endif /* FLASH_PIX_IMAGE_H */
