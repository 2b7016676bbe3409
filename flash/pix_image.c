/* PIX software images: header parsing and checking, payload verification, image versions. */
#include <errno.h>
#include <string.h>

#include "pix_image.h"
#include "mbedtls/sha256.h"

#define IMG_OFF(field) offsetof(struct img_header, field)
#define IMG_VERSION_PART_MAX 255
#define IMG_ADDR_LIMIT 0x100000000ull /* 32-bit physical address space */
#define IMG_SIG_BOFF(field) offsetof(struct img_sig_block, field)
#define IMG_RESERVED_SIGLESS_LEN (IMG_SIG_OFF - IMG_OFF(reserved1)) /* 0x088-0x16f */

/*
 * n, the order of the base point of P-256 (FIPS 186-4 D.1.2.3, SEC 2 2.4.2), big-endian: the
 * bound r and s of a signature lie below. tests/unit/test_pix_sig.c checks it against mbedTLS.
 */
static const uint8_t img_p256_order[IMG_SIG_SCALAR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
	0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/* SHA-256 of @len bytes at @data into @out (mbedTLS; cannot fail for this configuration). */
static void img_sha256(const void *data, size_t len, uint8_t out[IMG_SHA256_LEN])
{
	mbedtls_sha256_ret(data, len, out, 0);
}

/**
 * img_header_hash_ok() - whether a header's own SHA-256 (at 0x1e0) matches bytes 0x000-0x1df
 * @hdr: 512 bytes of header, any alignment
 *
 * Return: true when the header hash holds.
 */
bool img_header_hash_ok(const void *hdr)
{
	const uint8_t *h = hdr;
	uint8_t sum[IMG_SHA256_LEN];

	img_sha256(h, IMG_HDR_HASHED_LEN, sum);
	return memcmp(sum, h + IMG_OFF(hdr_sha256), IMG_SHA256_LEN) == 0;
}

/**
 * img_seal_header() - stores the SHA-256 of header bytes 0x000-0x1df at 0x1e0
 * @hdr: 512 bytes of header, any alignment; the last 32 are overwritten
 */
void img_seal_header(void *hdr)
{
	uint8_t *h = hdr;

	img_sha256(h, IMG_HDR_HASHED_LEN, h + IMG_OFF(hdr_sha256));
}

/* Whether @n bytes at @p are all zero. */
static bool img_all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Whether the big-endian scalar @v lies in [1, n - 1], n the order of P-256. */
static bool img_sig_scalar_ok(const uint8_t *v)
{
	return !img_all_zero(v, IMG_SIG_SCALAR_LEN) &&
	       memcmp(v, img_p256_order, IMG_SIG_SCALAR_LEN) < 0;
}

/**
 * img_sig_parse() - reads the signature block of a header (0x170-0x1df)
 * @hdr: 512 bytes of header, any alignment; nothing else of it is checked (img_parse_header()
 *       does that, and calls this)
 * @out: what a well-formed block says; written only when the result is IMG_SIG_PRESENT; may be
 *       NULL
 *
 * A block is well-formed when it has the magic "PSIG", block version 1, algorithm 1 (ECDSA P-256
 * over SHA-256) and r and s both in [1, n - 1]. Whether the signature holds is pix_sig.c's part.
 *
 * Return: IMG_SIG_NONE when the block is all zero (an unsigned image), IMG_SIG_PRESENT for a
 * well-formed block, -IMG_ESIG for anything else.
 */
int img_sig_parse(const void *hdr, struct img_sig *out)
{
	const uint8_t *b = (const uint8_t *)hdr + IMG_SIG_OFF;

	if (img_all_zero(b, IMG_SIG_LEN))
		return IMG_SIG_NONE;
	if (memcmp(b, IMG_SIG_MAGIC, IMG_SIG_MAGIC_LEN) ||
	    img_le32_get(b + IMG_SIG_BOFF(version)) != IMG_SIG_VERSION ||
	    img_le32_get(b + IMG_SIG_BOFF(alg)) != IMG_SIG_ALG_P256_SHA256 ||
	    !img_sig_scalar_ok(b + IMG_SIG_BOFF(r)) || !img_sig_scalar_ok(b + IMG_SIG_BOFF(s)))
		return -IMG_ESIG;
	if (out) {
		out->sec_version = img_le32_get(b + IMG_SIG_BOFF(sec_version));
		memcpy(out->key_id, b + IMG_SIG_BOFF(key_id), IMG_SIG_KEYID_LEN);
		memcpy(out->r, b + IMG_SIG_BOFF(r), IMG_SIG_SCALAR_LEN);
		memcpy(out->s, b + IMG_SIG_BOFF(s), IMG_SIG_SCALAR_LEN);
	}
	return IMG_SIG_PRESENT;
}

/**
 * img_sig_store() - writes a signature block into a header
 * @hdr: 512 bytes of header, any alignment; only 0x170-0x1df are written, the header is not
 *       sealed (img_seal_header() comes last)
 * @sig: security version, key id, r and s (r and s zero to write the block being signed)
 */
void img_sig_store(void *hdr, const struct img_sig *sig)
{
	uint8_t *b = (uint8_t *)hdr + IMG_SIG_OFF;

	memcpy(b, IMG_SIG_MAGIC, IMG_SIG_MAGIC_LEN);
	img_le32_put(b + IMG_SIG_BOFF(version), IMG_SIG_VERSION);
	img_le32_put(b + IMG_SIG_BOFF(alg), IMG_SIG_ALG_P256_SHA256);
	img_le32_put(b + IMG_SIG_BOFF(sec_version), sig->sec_version);
	memcpy(b + IMG_SIG_BOFF(key_id), sig->key_id, IMG_SIG_KEYID_LEN);
	memcpy(b + IMG_SIG_BOFF(r), sig->r, IMG_SIG_SCALAR_LEN);
	memcpy(b + IMG_SIG_BOFF(s), sig->s, IMG_SIG_SCALAR_LEN);
}

/* Checks the build text: printable ASCII, then a NUL, then only NULs. */
static int img_check_build(const uint8_t *b)
{
	size_t i = 0;

	while (i < IMG_BUILD_LEN && b[i] >= 0x20 && b[i] <= 0x7e)
		i++;
	if (i == IMG_BUILD_LEN || b[i] != 0)
		return -IMG_EBUILD;
	return img_all_zero(b + i, IMG_BUILD_LEN - i) ? 0 : -IMG_EBUILD;
}

/* Checks load and entry addresses against the kind and payload size of @info. */
static int img_check_addr(const struct img_info *info)
{
	if (info->kind == IMG_KIND_PDM)
		return info->load_addr || info->entry_addr ? -IMG_EADDR : 0;
	if (info->payload_size == 0 ||
	    (uint64_t)info->load_addr + info->payload_size > IMG_ADDR_LIMIT)
		return -IMG_EADDR;
	if (info->entry_addr < info->load_addr ||
	    info->entry_addr - info->load_addr >= info->payload_size)
		return -IMG_EADDR;
	return 0;
}

/*
 * Decodes and checks the fields after the header hash: kind, version, reserved fields, build
 * text, addresses. @h is a whole header whose magic, version, size and hash were checked.
 */
static int img_check_fields(const uint8_t *h, struct img_info *info)
{
	int err;

	info->kind = img_le32_get(h + IMG_OFF(kind));
	if (info->kind != IMG_KIND_OS && info->kind != IMG_KIND_PDM &&
	    info->kind != IMG_KIND_BOOTHELPER)
		return -IMG_EKIND;
	if (h[IMG_OFF(ver_zero)])
		return -IMG_EVERSION;
	info->version.major = h[IMG_OFF(ver_major)];
	info->version.minor = h[IMG_OFF(ver_minor)];
	info->version.maint = h[IMG_OFF(ver_maint)];
	if (img_le32_get(h + IMG_OFF(reserved0)) ||
	    !img_all_zero(h + IMG_OFF(reserved1), IMG_RESERVED_SIGLESS_LEN) ||
	    img_sig_parse(h, NULL) < 0)
		return -IMG_ERESERVED;
	err = img_check_build(h + IMG_OFF(build));
	if (err)
		return err;
	memcpy(info->build, h + IMG_OFF(build), IMG_BUILD_LEN);
	info->payload_size = img_le32_get(h + IMG_OFF(payload_size));
	info->load_addr = img_le32_get(h + IMG_OFF(load_addr));
	info->entry_addr = img_le32_get(h + IMG_OFF(entry_addr));
	memcpy(info->payload_sha256, h + IMG_OFF(payload_sha256), IMG_SHA256_LEN);
	return img_check_addr(info);
}

/**
 * img_parse_header() - checks an image header and decodes it
 * @buf: the image, any alignment; only its first 512 bytes are read
 * @len: bytes the image may occupy, header included (a download's length, a flash slot's size)
 * @out: the decoded header, written only on success; may be NULL to check only
 *
 * Checks, in this order: length, magic, header version, header size, header SHA-256, kind,
 * version padding, reserved fields (zero, but for a well-formed signature block), build text, load and entry addresses, payload size against
 * @len. The payload itself is checked by img_verify_payload().
 *
 * Return: 0; -IMG_ESHORT, -IMG_EMAGIC, -IMG_EHDRVER, -IMG_EHDRSIZE, -IMG_EHDRSUM, -IMG_EKIND,
 * -IMG_EVERSION, -IMG_ERESERVED, -IMG_EBUILD, -IMG_EADDR or -IMG_ETRUNC (enum img_error).
 */
int img_parse_header(const void *buf, size_t len, struct img_info *out)
{
	const uint8_t *h = buf;
	struct img_info info;
	int err;

	if (len < IMG_HDR_SIZE)
		return -IMG_ESHORT;
	if (memcmp(h, IMG_MAGIC, IMG_MAGIC_LEN))
		return -IMG_EMAGIC;
	if (img_le32_get(h + IMG_OFF(hdr_version)) != IMG_HDR_VERSION)
		return -IMG_EHDRVER;
	if (img_le32_get(h + IMG_OFF(hdr_size)) != IMG_HDR_SIZE)
		return -IMG_EHDRSIZE;
	if (!img_header_hash_ok(h))
		return -IMG_EHDRSUM;
	err = img_check_fields(h, &info);
	if (err)
		return err;
	if (info.payload_size > len - IMG_HDR_SIZE)
		return -IMG_ETRUNC;
	if (out)
		*out = info;
	return 0;
}

/**
 * img_verify_payload() - checks a payload against the SHA-256 its header carries
 * @info: the header, from img_parse_header()
 * @payload: the bytes that followed the header (or their copy at the load address)
 * @len: bytes available at @payload; only the first @info->payload_size are hashed
 *
 * Return: 0, -IMG_ETRUNC when @len is short of the payload size, -IMG_EPAYLOADSUM when the
 * payload does not match its hash.
 */
int img_verify_payload(const struct img_info *info, const void *payload, size_t len)
{
	uint8_t sum[IMG_SHA256_LEN];

	if (len < info->payload_size)
		return -IMG_ETRUNC;
	img_sha256(payload, info->payload_size, sum);
	if (memcmp(sum, info->payload_sha256, IMG_SHA256_LEN))
		return -IMG_EPAYLOADSUM;
	return 0;
}

/**
 * img_make_header() - builds and seals the header of an image
 * @hdr: 512 bytes to fill, any alignment
 * @info: kind, version, payload size, load and entry addresses and build text of the image
 *        (its payload_sha256 is ignored: the hash is computed from @payload)
 * @payload: @info->payload_size bytes
 *
 * Return: 0, or the code img_parse_header() would give the result: -IMG_EKIND, -IMG_EBUILD
 * (text of 64 bytes or more, or not printable), -IMG_EADDR.
 */
int img_make_header(void *hdr, const struct img_info *info, const void *payload)
{
	uint8_t *h = hdr;
	struct img_info check;
	size_t n = 0;
	int err;

	memset(h, 0, IMG_HDR_SIZE);
	memcpy(h, IMG_MAGIC, IMG_MAGIC_LEN);
	img_le32_put(h + IMG_OFF(hdr_version), IMG_HDR_VERSION);
	img_le32_put(h + IMG_OFF(hdr_size), IMG_HDR_SIZE);
	img_le32_put(h + IMG_OFF(kind), info->kind);
	h[IMG_OFF(ver_major)] = info->version.major;
	h[IMG_OFF(ver_minor)] = info->version.minor;
	h[IMG_OFF(ver_maint)] = info->version.maint;
	img_le32_put(h + IMG_OFF(payload_size), info->payload_size);
	img_le32_put(h + IMG_OFF(load_addr), info->load_addr);
	img_le32_put(h + IMG_OFF(entry_addr), info->entry_addr);
	img_sha256(payload, info->payload_size, h + IMG_OFF(payload_sha256));
	while (n < IMG_BUILD_LEN - 1 && info->build[n])
		n++;
	if (info->build[n])
		return -IMG_EBUILD;
	memcpy(h + IMG_OFF(build), info->build, n);
	err = img_check_fields(h, &check);
	if (err)
		return err;
	img_seal_header(h);
	return 0;
}

/**
 * img_strerror() - a short description of an image error, for a caller's message
 * @err: a negative enum img_error code
 *
 * Return: a constant string; "unknown image error" for any other value.
 */
const char *img_strerror(int err)
{
	switch (-err) {
	case IMG_ESHORT:
		return "shorter than an image header";
	case IMG_EMAGIC:
		return "not a PIX image";
	case IMG_EHDRVER:
		return "unsupported header version";
	case IMG_EHDRSIZE:
		return "unsupported header size";
	case IMG_EHDRSUM:
		return "header checksum mismatch";
	case IMG_EKIND:
		return "unknown image kind";
	case IMG_EVERSION:
		return "malformed version";
	case IMG_ERESERVED:
		return "reserved field not zero";
	case IMG_EBUILD:
		return "malformed build text";
	case IMG_EADDR:
		return "load or entry address invalid";
	case IMG_ETRUNC:
		return "image truncated";
	case IMG_EPAYLOADSUM:
		return "payload checksum mismatch";
	case IMG_ESIG:
		return "malformed signature block";
	default:
		return "unknown image error";
	}
}

/* Parses a decimal 0-255 without sign or leading zero at *@s; advances *@s past it. */
static int img_version_part(const char **s, uint8_t *out)
{
	const char *p = *s;
	unsigned int v = 0;

	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return -EINVAL;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (unsigned int)(*p++ - '0');
		if (v > IMG_VERSION_PART_MAX)
			return -EINVAL;
	}
	*out = (uint8_t)v;
	*s = p;
	return 0;
}

/**
 * img_version_parse() - parses a version written "6.3(5)"
 * @s: the text: three decimal numbers 0-255, no leading zeros, no spaces
 * @out: the version, written only on success
 *
 * Return: 0, or -EINVAL when @s is not exactly of that form.
 */
int img_version_parse(const char *s, struct img_version *out)
{
	struct img_version v;

	if (img_version_part(&s, &v.major) || *s++ != '.' || img_version_part(&s, &v.minor) ||
	    *s++ != '(' || img_version_part(&s, &v.maint) || *s++ != ')' || *s)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Writes @v in decimal at @p; returns the number of characters. */
static size_t img_put_dec(char *p, uint8_t v)
{
	size_t n = 0;

	if (v >= 100)
		p[n++] = (char)('0' + v / 100);
	if (v >= 10)
		p[n++] = (char)('0' + v / 10 % 10);
	p[n++] = (char)('0' + v % 10);
	return n;
}

/**
 * img_version_format() - writes a version as "6.3(5)"
 * @v: the version
 * @buf: where to write it, NUL-terminated
 * @size: bytes at @buf; IMG_VERSION_STRLEN is always enough
 *
 * Return: the length of the text, or -ERANGE when it does not fit (@buf is then untouched).
 */
int img_version_format(const struct img_version *v, char *buf, size_t size)
{
	char tmp[IMG_VERSION_STRLEN];
	size_t n;

	n = img_put_dec(tmp, v->major);
	tmp[n++] = '.';
	n += img_put_dec(tmp + n, v->minor);
	tmp[n++] = '(';
	n += img_put_dec(tmp + n, v->maint);
	tmp[n++] = ')';
	tmp[n] = '\0';
	if (n >= size)
		return -ERANGE;
	memcpy(buf, tmp, n + 1);
	return (int)n;
}
