/*
 * The Boothelper diskette's checks (bhdisk.h): the boot sector's descriptor, then the image header
 * it points to, against the contract and the memory the reader can give the program. Portable,
 * no hardware: the ROM feeds it sectors it read, the unit tests and the fuzzer feed it anything.
 * Every field is read byte by byte (little-endian, any alignment) and checked before it is used.
 */
#include "bhdisk.h"

#include <stdbool.h>
#include <string.h>

/* Little-endian 16-bit value at any alignment. */
static uint16_t bhdisk_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* True when every one of the @len bytes at @p equals the first. */
static bool bhdisk_uniform(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++)
		if (p[i] != p[0])
			return false;
	return true;
}

/**
 * bhdisk_parse_boot() - Checks a diskette's boot sector and decodes its descriptor.
 * @sector: the first sector, any alignment
 * @len: bytes at @sector (BHDISK_SECTOR; fewer is refused)
 * @out: the descriptor, written only on success
 *
 * Checks in this order: blank (every byte the same), the 0x55 0xAA signature, the magic, the
 * version, the image LBA (after the boot sector, on the diskette), the image length (a header at
 * least, and inside the diskette).
 *
 * Return: 0, -BHDISK_EBLANK, -BHDISK_ENOTBOOT, -BHDISK_EMAGIC, -BHDISK_EVERSION, -BHDISK_ELBA,
 * -BHDISK_ELENGTH (shorter than a header) or -BHDISK_ETRUNC (runs past the diskette).
 */
int bhdisk_parse_boot(const void *sector, size_t len, struct bhdisk_desc *out)
{
	const uint8_t *s = sector;
	struct bhdisk_desc d;

	if (len < BHDISK_SECTOR)
		return -BHDISK_ENOTBOOT;
	if (bhdisk_uniform(s, BHDISK_SECTOR))
		return -BHDISK_EBLANK;
	if (s[BHDISK_OFF_SIGNATURE] != 0x55 || s[BHDISK_OFF_SIGNATURE + 1] != 0xaa)
		return -BHDISK_ENOTBOOT;
	if (memcmp(s + BHDISK_OFF_MAGIC, BHDISK_MAGIC, BHDISK_MAGIC_LEN))
		return -BHDISK_EMAGIC;
	d.version = bhdisk_le16(s + BHDISK_OFF_VERSION);
	d.image_lba = bhdisk_le16(s + BHDISK_OFF_IMAGE_LBA);
	d.image_len = img_le32_get(s + BHDISK_OFF_IMAGE_LEN);
	if (d.version != BHDISK_VERSION)
		return -BHDISK_EVERSION;
	if (d.image_lba < BHDISK_IMAGE_LBA || d.image_lba >= BHDISK_SECTORS)
		return -BHDISK_ELBA;
	if (d.image_len < IMG_HDR_SIZE)
		return -BHDISK_ELENGTH;
	if (d.image_len > (uint32_t)(BHDISK_SECTORS - d.image_lba) * BHDISK_SECTOR)
		return -BHDISK_ETRUNC;
	*out = d;
	return 0;
}

/**
 * bhdisk_image_sectors() - Sectors the image of a checked descriptor occupies.
 * @d: a descriptor from bhdisk_parse_boot()
 *
 * Return: the count (the last one may be partly used).
 */
uint32_t bhdisk_image_sectors(const struct bhdisk_desc *d)
{
	return (d->image_len + BHDISK_SECTOR - 1) / BHDISK_SECTOR;
}

/* Maps an img_parse_header() error to the diskette's. */
static int bhdisk_img_err(int err)
{
	switch (-err) {
	case IMG_ESHORT:
	case IMG_EMAGIC:
		return -BHDISK_ENOIMAGE;
	case IMG_EHDRSUM:
		return -BHDISK_ESUM;
	case IMG_ETRUNC:
		return -BHDISK_ETRUNC;
	default:
		return -BHDISK_EHEADER;
	}
}

/**
 * bhdisk_check_image() - Checks the image header a descriptor points to.
 * @d: a descriptor from bhdisk_parse_boot()
 * @hdr: the image's first sector, any alignment
 * @len: bytes at @hdr (at least IMG_HDR_SIZE)
 * @load_min: lowest address the payload may occupy
 * @load_end: first address past the memory the payload may occupy
 * @out: the decoded header, written only on success
 *
 * The header must be valid and sealed (img_parse_header()), of kind IMG_KIND_BOOTHELPER, exactly
 * as long as the descriptor says (header and payload), with its payload inside
 * [@load_min, @load_end). The payload's SHA-256 is the caller's to check once it is read.
 *
 * Return: 0, -BHDISK_ENOIMAGE, -BHDISK_ESUM, -BHDISK_EHEADER, -BHDISK_ETRUNC (payload longer than
 * the descriptor's length), -BHDISK_ELENGTH (shorter), -BHDISK_EKIND or -BHDISK_ELOAD.
 */
int bhdisk_check_image(const struct bhdisk_desc *d, const void *hdr, size_t len, uint64_t load_min,
		       uint64_t load_end, struct img_info *out)
{
	struct img_info info;
	int err;

	if (len < IMG_HDR_SIZE)
		return -BHDISK_ENOIMAGE;
	err = img_parse_header(hdr, d->image_len, &info);
	if (err)
		return bhdisk_img_err(err);
	if (info.kind != IMG_KIND_BOOTHELPER)
		return -BHDISK_EKIND;
	if ((uint64_t)IMG_HDR_SIZE + info.payload_size != d->image_len)
		return -BHDISK_ELENGTH;
	if (info.load_addr < load_min || load_end < load_min ||
	    info.payload_size > load_end - load_min ||
	    info.load_addr > load_end - info.payload_size)
		return -BHDISK_ELOAD;
	*out = info;
	return 0;
}

/**
 * bhdisk_strerror() - What a diskette error means, worded for the console line.
 * @err: a negative error of bhdisk_*()
 *
 * Return: a constant text.
 */
const char *bhdisk_strerror(int err)
{
	switch (-err) {
	case BHDISK_EBLANK:
		return "blank diskette";
	case BHDISK_ENOTBOOT:
		return "not a bootable diskette";
	case BHDISK_EMAGIC:
		return "not a Boothelper diskette";
	case BHDISK_EVERSION:
		return "Boothelper diskette of an unknown format";
	case BHDISK_ELBA:
		return "Boothelper image location invalid";
	case BHDISK_ETRUNC:
		return "Boothelper image truncated";
	case BHDISK_ELENGTH:
		return "Boothelper image length does not match its header";
	case BHDISK_EHEADER:
		return "Boothelper image header invalid";
	case BHDISK_ESUM:
		return "checksum verification on Boothelper image failed";
	case BHDISK_EKIND:
		return "image is not a Boothelper program";
	case BHDISK_ELOAD:
		return "Boothelper image load address out of range";
	case BHDISK_ENOIMAGE:
		return "no Boothelper image on the diskette";
	default:
		return err ? "error" : "no error";
	}
}
