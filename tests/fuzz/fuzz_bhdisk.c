/*
 * libFuzzer harness for the Boothelper diskette's checks (boot/common/bhdisk.c): the input is the
 * start of a diskette (boot sector, then the image's sectors), as a ROM would read it. The boot
 * sector is tried as it is and with a valid signature and magic forced in, and the image header
 * as it is and resealed, so the checks behind the hashes are reached. Whatever is accepted must
 * keep the contract: image on the diskette, a Boothelper program exactly as long as the
 * descriptor says, payload inside the load range.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/common/bhdisk.h"

#define FUZZ_SECTORS 8 /* boot sector and up to seven of image */
#define FUZZ_LOAD_MIN 0x00400000u
#define FUZZ_LOAD_END 0x04000000u

/* Aborts unless an accepted descriptor keeps the contract. */
static void fuzz_check_desc(const struct bhdisk_desc *d)
{
	if (d->version != BHDISK_VERSION || d->image_lba < BHDISK_IMAGE_LBA ||
	    d->image_lba >= BHDISK_SECTORS || d->image_len < IMG_HDR_SIZE ||
	    (uint64_t)d->image_lba * BHDISK_SECTOR + d->image_len > BHDISK_SIZE ||
	    bhdisk_image_sectors(d) > BHDISK_SECTORS - d->image_lba)
		abort();
}

/* Aborts unless an accepted image keeps the contract. */
static void fuzz_check_image(const struct bhdisk_desc *d, const struct img_info *info)
{
	if (info->kind != IMG_KIND_BOOTHELPER ||
	    (uint64_t)IMG_HDR_SIZE + info->payload_size != d->image_len ||
	    info->load_addr < FUZZ_LOAD_MIN ||
	    (uint64_t)info->load_addr + info->payload_size > FUZZ_LOAD_END)
		abort();
}

/* Runs the image check on @hdr (@len bytes) under @d, as it is and resealed. */
static void fuzz_image(const struct bhdisk_desc *d, uint8_t *hdr, size_t len)
{
	struct img_info info;
	int err;

	err = bhdisk_check_image(d, hdr, len, FUZZ_LOAD_MIN, FUZZ_LOAD_END, &info);
	if (!err)
		fuzz_check_image(d, &info);
	if (len < IMG_HDR_SIZE)
		return;
	img_seal_header(hdr);
	err = bhdisk_check_image(d, hdr, len, FUZZ_LOAD_MIN, FUZZ_LOAD_END, &info);
	if (!err)
		fuzz_check_image(d, &info);
	if (bhdisk_strerror(err)[0] == '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t disk[FUZZ_SECTORS * BHDISK_SECTOR];
	struct bhdisk_desc d;
	size_t lba_off;
	int err;

	if (size > sizeof(disk))
		return 0;
	memset(disk, 0, sizeof(disk));
	memcpy(disk, data, size);
	err = bhdisk_parse_boot(disk, size, &d);
	if (bhdisk_strerror(err)[0] == '\0')
		abort();
	if (!err)
		fuzz_check_desc(&d);
	/* the same bytes with signature and magic forced: reach the descriptor's fields */
	disk[BHDISK_OFF_SIGNATURE] = 0x55;
	disk[BHDISK_OFF_SIGNATURE + 1] = 0xaa;
	memcpy(disk + BHDISK_OFF_MAGIC, BHDISK_MAGIC, BHDISK_MAGIC_LEN);
	if (bhdisk_parse_boot(disk, sizeof(disk), &d))
		return 0;
	fuzz_check_desc(&d);
	/* the image header where the descriptor says, if the input reaches it; else sector 1 */
	lba_off = (size_t)d.image_lba * BHDISK_SECTOR;
	if (lba_off + IMG_HDR_SIZE > sizeof(disk))
		lba_off = BHDISK_SECTOR;
	fuzz_image(&d, disk + lba_off, sizeof(disk) - lba_off);
	return 0;
}
