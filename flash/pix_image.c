/* PIX software images: header parsing and checking, payload verification, image versions. */
#include <errno.h>
#include <string.h>

#include "pix_image.h"
#include "mbedtls/sha256.h"

#define IMG_OFF(field) offsetof(struct img_header, field)
#define IMG_RESERVED1_LEN (IMG_HDR_HASHED_LEN - IMG_OFF(reserved1))
#define IMG_VERSION_PART_MAX 255
#define IMG_ADDR_LIMIT 0x100000000ull /* 32-bit physical address space */

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
	    !img_all_zero(h + IMG_OFF(reserved1), IMG_RESERVED1_LEN))
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
 * version padding, reserved fields, build text, load and entry addresses, payload size against
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
