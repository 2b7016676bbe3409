/*
 * The Boothelper diskette (build/boothelper.img): the contract between the program that writes it
 * (the build), the boot sector that a PC BIOS runs, and the PIX ROM that boots it itself.
 *
 * A 1.44 MB diskette: 80 cylinders, 2 heads, 18 sectors of 512 bytes (LBA = (c * 2 + h) * 18 + s - 1).
 *
 * LBA 0, the boot sector (real mode, loaded by a PC BIOS at 0000:7C00; 0x55 0xAA at 510):
 *   0x000  a short jump over the descriptor (EB xx 90)
 *   0x003  magic "PIXBHDSK" (8 bytes)
 *   0x00B  u16 descriptor version (BHDISK_VERSION)
 *   0x00D  u16 LBA of the image's first sector (BHDISK_IMAGE_LBA)
 *   0x00F  u32 length of the image in bytes (its 512-byte header and payload)
 *   0x013  the boot sector's code
 * All little-endian. From the image LBA on: a PIX image (flash/pix_image.h) of kind
 * IMG_KIND_BOOTHELPER, the same header and SHA-256 checks as any image; its payload runs at its load
 * address and is entered as the ROM enters an OS image (32-bit flat protected mode, interrupts off,
 * EAX = IMG_BOOT_EAX). EBX is the ROM's boot-information block when the PIX ROM booted the diskette,
 * 0 when a PC BIOS did (the program then brings the platform up itself). The rest of the diskette is
 * zero.
 */
#ifndef BHDISK_H
#define BHDISK_H

#define BHDISK_SECTOR 512
#define BHDISK_CYLINDERS 80
#define BHDISK_HEADS 2
#define BHDISK_SECTORS_PER_TRACK 18
#define BHDISK_SECTORS (BHDISK_CYLINDERS * BHDISK_HEADS * BHDISK_SECTORS_PER_TRACK)
#define BHDISK_SIZE (BHDISK_SECTORS * BHDISK_SECTOR) /* 1474560 */

#define BHDISK_MAGIC "PIXBHDSK"
#define BHDISK_MAGIC_LEN 8
#define BHDISK_OFF_MAGIC 0x003
#define BHDISK_OFF_VERSION 0x00b
#define BHDISK_OFF_IMAGE_LBA 0x00d
#define BHDISK_OFF_IMAGE_LEN 0x00f
#define BHDISK_OFF_CODE 0x013
#define BHDISK_OFF_SIGNATURE 0x1fe /* 0x55 0xAA */

#define BHDISK_VERSION 1
#define BHDISK_IMAGE_LBA 1
/* The most the boot sector loads: the image goes to linear 0x10000 up to 0x9F000 (below the EBDA) */
#define BHDISK_IMAGE_MAX 0x8f000

#ifndef __ASSEMBLER__ /* boot/boothelper/bootsect.S takes the numbers above */
#include <stddef.h>
#include <stdint.h>

#include "flash/pix_image.h"

/*
 * The checks a reader of the diskette makes (bhdisk.c): portable, no hardware. Errors returned
 * negated; bhdisk_strerror() words them. A check that fails changes nothing.
 */
enum bhdisk_error {
	BHDISK_EBLANK = 1024, /* every byte of the boot sector the same (zeros, fresh format) */
	BHDISK_ENOTBOOT, /* no 0x55 0xAA at 510: not a bootable diskette */
	BHDISK_EMAGIC, /* bootable, but no "PIXBHDSK": not a Boothelper diskette */
	BHDISK_EVERSION, /* a descriptor version this reader does not know */
	BHDISK_ELBA, /* the image LBA is the boot sector or past the diskette */
	BHDISK_ETRUNC, /* the image runs past the diskette, or is shorter than its header says */
	BHDISK_ELENGTH, /* the descriptor's length and the header's payload size disagree */
	BHDISK_EHEADER, /* the image header is not valid (img_parse_header()) */
	BHDISK_ESUM, /* a SHA-256 (header or payload) does not match */
	BHDISK_EKIND, /* the image is not a Boothelper program (kind 3) */
	BHDISK_ELOAD, /* the payload would not lie in the RAM given to programs */
	BHDISK_ENOIMAGE, /* no "PIXIMAGE" at the image LBA */
};

/* What the descriptor of a valid boot sector says. */
struct bhdisk_desc {
	uint16_t version; /* BHDISK_VERSION */
	uint16_t image_lba; /* the image's first sector */
	uint32_t image_len; /* header and payload, bytes */
};

int bhdisk_parse_boot(const void *sector, size_t len, struct bhdisk_desc *out);
int bhdisk_check_image(const struct bhdisk_desc *d, const void *hdr, size_t len, uint64_t load_min,
		       uint64_t load_end, struct img_info *out);
uint32_t bhdisk_image_sectors(const struct bhdisk_desc *d);
const char *bhdisk_strerror(int err);
#endif /* __ASSEMBLER__ */

#endif /* BHDISK_H */
