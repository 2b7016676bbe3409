/* pix-mkdisk: writes the Boothelper diskette (boot/common/bhdisk.h), and shows what one holds. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toolutil.h"
#include "boot/common/bhdisk.h"
#include "flash/pix_image.h"

#define MKDISK_EXIT_FAIL 1 /* the operation failed, or --show found a bad diskette */
#define MKDISK_EXIT_USAGE TOOL_EXIT_USAGE /* the command line is wrong */
#define MKDISK_SIG0 0x55 /* the PC boot signature at BHDISK_OFF_SIGNATURE */
#define MKDISK_SIG1 0xaa
/* Room for the image: what the boot sector loads, and what the diskette holds after LBA 1 */
#define MKDISK_ROOM (BHDISK_SIZE - BHDISK_IMAGE_LBA * BHDISK_SECTOR)
#define MKDISK_IMAGE_MAX (BHDISK_IMAGE_MAX < MKDISK_ROOM ? BHDISK_IMAGE_MAX : MKDISK_ROOM)
#define MKDISK_READ_MAX (64u << 20) /* larger inputs are refused unread */

static const char usage_text[] =
	"usage: pix-mkdisk -o OUT --boot BOOTSECT IMAGE\n"
	"       pix-mkdisk --show DISK\n"
	"\n"
	"Writes the 1.44 MB Boothelper diskette OUT: the 512-byte boot sector BOOTSECT with its\n"
	"descriptor filled in, the Boothelper image IMAGE (a PIX image of kind boothelper) from\n"
	"sector 1, zeros after it.\n"
	"\n"
	"  -o, --output OUT    the diskette image to write (1474560 bytes)\n"
	"  -b, --boot FILE     the boot sector: 512 bytes ending 0x55 0xAA\n"
	"  -s, --show DISK     print the descriptor of DISK and check its image\n"
	"  -h, --help          this text\n"
	"\n"
	"Exit status: 0 done (--show: the diskette is valid), 1 failed or invalid, 2 usage.\n";

/* What the command line asks for. */
struct mkdisk_args {
	const char *out;
	const char *boot;
	const char *show;
	const char *image;
};

/* Stores @v little-endian at @p. */
static void mkdisk_le16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The little-endian u16 at @p. */
static uint16_t mkdisk_le16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Checks the boot sector: 512 bytes with the PC signature; returns 0 or MKDISK_EXIT_FAIL. */
static int mkdisk_check_boot(const char *path, const uint8_t *bs, size_t len)
{
	if (len != BHDISK_SECTOR) {
		tool_err("%s: a boot sector is %d bytes, not %zu", path, BHDISK_SECTOR, len);
		return MKDISK_EXIT_FAIL;
	}
	if (bs[BHDISK_OFF_SIGNATURE] != MKDISK_SIG0 ||
	    bs[BHDISK_OFF_SIGNATURE + 1] != MKDISK_SIG1) {
		tool_err("%s: no boot signature (0x55 0xAA at offset 510)", path);
		return MKDISK_EXIT_FAIL;
	}
	return 0;
}

/*
 * Checks @img as the diskette's image: a valid PIX image (both hashes) of kind boothelper, no
 * bytes after its payload, small enough for the boot sector; returns 0 or MKDISK_EXIT_FAIL.
 */
static int mkdisk_check_image(const char *path, const uint8_t *img, size_t len)
{
	struct img_info info;
	int err = img_parse_header(img, len, &info);

	if (!err)
		err = img_verify_payload(&info, img + IMG_HDR_SIZE, len - IMG_HDR_SIZE);
	if (err) {
		tool_err("%s: not a valid PIX image: %s", path, img_strerror(err));
		return MKDISK_EXIT_FAIL;
	}
	if (info.kind != IMG_KIND_BOOTHELPER) {
		tool_err("%s: a PIX image of kind %u, not a Boothelper image (kind %d)", path,
			 info.kind, IMG_KIND_BOOTHELPER);
		return MKDISK_EXIT_FAIL;
	}
	if (len != IMG_HDR_SIZE + (size_t)info.payload_size) {
		tool_err("%s: %zu bytes after the image's payload", path,
			 len - IMG_HDR_SIZE - (size_t)info.payload_size);
		return MKDISK_EXIT_FAIL;
	}
	if (len > MKDISK_IMAGE_MAX) {
		tool_err("%s: %zu bytes; the boot sector loads at most %d", path, len,
			 MKDISK_IMAGE_MAX);
		return MKDISK_EXIT_FAIL;
	}
	return 0;
}

/* pix-mkdisk -o OUT --boot BS IMAGE: returns the exit status. */
static int mkdisk_write(const struct mkdisk_args *a)
{
	uint8_t *bs = NULL, *img = NULL, *disk = NULL;
	size_t bs_len, img_len;
	int err = MKDISK_EXIT_FAIL;

	if (tool_read_file(a->boot, MKDISK_READ_MAX, &bs, &bs_len) ||
	    mkdisk_check_boot(a->boot, bs, bs_len))
		goto out;
	if (tool_read_file(a->image, MKDISK_READ_MAX, &img, &img_len) ||
	    mkdisk_check_image(a->image, img, img_len))
		goto out;
	disk = calloc(1, BHDISK_SIZE);
	if (!disk) {
		tool_err("out of memory");
		goto out;
	}
	memcpy(disk, bs, BHDISK_SECTOR);
	memcpy(disk + BHDISK_OFF_MAGIC, BHDISK_MAGIC, BHDISK_MAGIC_LEN);
	mkdisk_le16_put(disk + BHDISK_OFF_VERSION, BHDISK_VERSION);
	mkdisk_le16_put(disk + BHDISK_OFF_IMAGE_LBA, BHDISK_IMAGE_LBA);
	img_le32_put(disk + BHDISK_OFF_IMAGE_LEN, (uint32_t)img_len);
	memcpy(disk + BHDISK_IMAGE_LBA * BHDISK_SECTOR, img, img_len);
	if (!tool_write_file(a->out, disk, BHDISK_SIZE, NULL, 0)) {
		printf("%s: boot sector, image of %zu bytes from sector %d, %d bytes\n", a->out,
		       img_len, BHDISK_IMAGE_LBA, BHDISK_SIZE);
		err = 0;
	}
out:
	free(disk);
	free(img);
	free(bs);
	return err;
}

/* pix-mkdisk --show DISK: prints the descriptor and checks the image; returns the exit status. */
static int mkdisk_show(const char *path)
{
	uint8_t *disk;
	size_t len;
	uint32_t lba, ilen;
	uint16_t ver;
	int err = MKDISK_EXIT_FAIL;

	if (tool_read_file(path, MKDISK_READ_MAX, &disk, &len))
		return MKDISK_EXIT_FAIL;
	if (len != BHDISK_SIZE) {
		tool_err("%s: %zu bytes, not a 1.44 MB diskette (%d bytes)", path, len,
			 BHDISK_SIZE);
		goto out;
	}
	if (mkdisk_check_boot(path, disk, BHDISK_SECTOR))
		goto out;
	if (memcmp(disk + BHDISK_OFF_MAGIC, BHDISK_MAGIC, BHDISK_MAGIC_LEN)) {
		tool_err("%s: no Boothelper descriptor (magic %s)", path, BHDISK_MAGIC);
		goto out;
	}
	ver = mkdisk_le16_get(disk + BHDISK_OFF_VERSION);
	lba = mkdisk_le16_get(disk + BHDISK_OFF_IMAGE_LBA);
	ilen = img_le32_get(disk + BHDISK_OFF_IMAGE_LEN);
	printf("Diskette:        %s (%zu bytes)\n", path, len);
	printf("Descriptor:      version %u, image at sector %u, %u bytes\n", ver, lba, ilen);
	if (ver != BHDISK_VERSION || lba < 1 || lba >= BHDISK_SECTORS ||
	    ilen > BHDISK_SIZE - lba * BHDISK_SECTOR) {
		printf("Image:           INVALID (the descriptor points outside the diskette)\n");
		goto out;
	}
	err = mkdisk_check_image(path, disk + lba * BHDISK_SECTOR, ilen);
	if (!err) {
		struct img_info info;

		img_parse_header(disk + lba * BHDISK_SECTOR, ilen, &info);
		printf("Image version:   %u.%u(%u)\n", info.version.major, info.version.minor,
		       info.version.maint);
		printf("Load address:    0x%08x\n", info.load_addr);
		printf("Entry address:   0x%08x\n", info.entry_addr);
	}
	printf("Image:           %s\n", err ? "INVALID" : "valid");
out:
	free(disk);
	return err;
}

/* Reads the command line into @a; returns 0, -1 for --help, or MKDISK_EXIT_USAGE (reported). */
static int mkdisk_parse_args(int argc, char **argv, struct mkdisk_args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "boot", required_argument, NULL, 'b' },
		{ "show", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "o:b:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->out = optarg;
			break;
		case 'b':
			a->boot = optarg;
			break;
		case 's':
			a->show = optarg;
			break;
		case 'h':
			return -1;
		default:
			return tool_usage_err("unknown option");
		}
	}
	if (a->show)
		return a->out || a->boot || optind != argc ? tool_usage_err("--show takes only "
									    "DISK") :
							     0;
	if (!a->out || !a->boot)
		return tool_usage_err("-o OUT and --boot BOOTSECT are required");
	if (optind != argc - 1)
		return tool_usage_err("expected one IMAGE");
	a->image = argv[optind];
	return 0;
}

/**
 * main() - pix-mkdisk's entry.
 * @argc: arguments
 * @argv: their text
 *
 * Return: 0 done, MKDISK_EXIT_FAIL, or MKDISK_EXIT_USAGE.
 */
int main(int argc, char **argv)
{
	struct mkdisk_args a;
	int err;

	tool_init("pix-mkdisk");
	err = mkdisk_parse_args(argc, argv, &a);
	if (err == -1) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (err)
		return err;
	return a.show ? mkdisk_show(a.show) : mkdisk_write(&a);
}
