/* Unit tests of boot/common/bhdisk.c: the boot sector's descriptor and the image header it names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "boot/common/bhdisk.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAYLOAD_SIZE 1000
#define LOAD 0x00400000u
#define RAM_END 0x04000000u /* 64 MiB */
#define IMAGE_LEN (IMG_HDR_SIZE + PAYLOAD_SIZE)

/* A valid boot sector and image (header, payload), each one byte off alignment. */
struct fixture {
	uint8_t raw_boot[1 + BHDISK_SECTOR];
	uint8_t raw_img[1 + IMAGE_LEN];
	uint8_t *boot; /* raw_boot + 1 */
	uint8_t *img; /* raw_img + 1 */
	struct img_info info;
};

static struct fixture fx;

/* Writes the descriptor fields into the fixture's boot sector. */
static void put_desc(uint16_t version, uint16_t lba, uint32_t len)
{
	fx.boot[BHDISK_OFF_VERSION] = (uint8_t)version;
	fx.boot[BHDISK_OFF_VERSION + 1] = (uint8_t)(version >> 8);
	fx.boot[BHDISK_OFF_IMAGE_LBA] = (uint8_t)lba;
	fx.boot[BHDISK_OFF_IMAGE_LBA + 1] = (uint8_t)(lba >> 8);
	img_le32_put(fx.boot + BHDISK_OFF_IMAGE_LEN, len);
}

/* Rebuilds the image header from fx.info (sealed, payload hash recomputed). */
static void make_header(void)
{
	assert_int_equal(img_make_header(fx.img, &fx.info, fx.img + IMG_HDR_SIZE), 0);
}

static int setup(void **state)
{
	size_t i;

	memset(&fx, 0, sizeof(fx));
	fx.boot = fx.raw_boot + 1;
	fx.img = fx.raw_img + 1;
	fx.boot[0] = 0xeb;
	fx.boot[1] = 0x3c;
	fx.boot[2] = 0x90;
	memcpy(fx.boot + BHDISK_OFF_MAGIC, BHDISK_MAGIC, BHDISK_MAGIC_LEN);
	put_desc(BHDISK_VERSION, BHDISK_IMAGE_LBA, IMAGE_LEN);
	fx.boot[BHDISK_OFF_CODE] = 0xfa; /* cli: the code does not matter to the checks */
	fx.boot[BHDISK_OFF_SIGNATURE] = 0x55;
	fx.boot[BHDISK_OFF_SIGNATURE + 1] = 0xaa;
	for (i = 0; i < PAYLOAD_SIZE; i++)
		fx.img[IMG_HDR_SIZE + i] = (uint8_t)(i * 13 + 1);
	fx.info.kind = IMG_KIND_BOOTHELPER;
	fx.info.version = (struct img_version){ 6, 3, 5 };
	fx.info.payload_size = PAYLOAD_SIZE;
	fx.info.load_addr = LOAD;
	fx.info.entry_addr = LOAD;
	strcpy(fx.info.build, "PIX Boothelper");
	make_header();
	*state = &fx;
	return 0;
}

/* Parses the fixture's boot sector. */
static int parse_boot(struct bhdisk_desc *d)
{
	return bhdisk_parse_boot(fx.boot, BHDISK_SECTOR, d);
}

/* Checks the fixture's image header under a valid descriptor of @len bytes. */
static int check_image(uint32_t len, struct img_info *out)
{
	struct bhdisk_desc d = { BHDISK_VERSION, BHDISK_IMAGE_LBA, len };

	return bhdisk_check_image(&d, fx.img, IMG_HDR_SIZE, LOAD, RAM_END, out);
}

static void test_valid_boot_sector(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	assert_int_equal(parse_boot(&d), 0);
	assert_int_equal(d.version, BHDISK_VERSION);
	assert_int_equal(d.image_lba, BHDISK_IMAGE_LBA);
	assert_int_equal(d.image_len, IMAGE_LEN);
	assert_int_equal(bhdisk_image_sectors(&d), 3); /* 1512 bytes */
}

static void test_blank(void **state)
{
	static const uint8_t fill[] = { 0x00, 0xf6, 0xff };
	struct bhdisk_desc d = { 7, 7, 7 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fill); i++) {
		memset(fx.boot, fill[i], BHDISK_SECTOR);
		assert_int_equal(parse_boot(&d), -BHDISK_EBLANK);
	}
	assert_int_equal(d.image_len, 7); /* untouched on failure */
}

static void test_not_bootable(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	fx.boot[BHDISK_OFF_SIGNATURE + 1] = 0;
	assert_int_equal(parse_boot(&d), -BHDISK_ENOTBOOT);
	fx.boot[BHDISK_OFF_SIGNATURE + 1] = 0xaa;
	fx.boot[BHDISK_OFF_SIGNATURE] = 0xaa; /* swapped bytes */
	fx.boot[BHDISK_OFF_SIGNATURE + 1] = 0x55;
	assert_int_equal(parse_boot(&d), -BHDISK_ENOTBOOT);
	assert_int_equal(bhdisk_parse_boot(fx.boot, BHDISK_SECTOR - 1, &d), -BHDISK_ENOTBOOT);
}

static void test_wrong_magic(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	fx.boot[BHDISK_OFF_MAGIC + 7] = 'X';
	assert_int_equal(parse_boot(&d), -BHDISK_EMAGIC);
	memcpy(fx.boot + BHDISK_OFF_MAGIC, "MSDOS5.0", 8); /* a DOS diskette's OEM name */
	assert_int_equal(parse_boot(&d), -BHDISK_EMAGIC);
}

static void test_version(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	put_desc(0, BHDISK_IMAGE_LBA, IMAGE_LEN);
	assert_int_equal(parse_boot(&d), -BHDISK_EVERSION);
	put_desc(0x0101, BHDISK_IMAGE_LBA, IMAGE_LEN);
	assert_int_equal(parse_boot(&d), -BHDISK_EVERSION);
}

static void test_lba(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	put_desc(BHDISK_VERSION, 0, IMAGE_LEN);
	assert_int_equal(parse_boot(&d), -BHDISK_ELBA);
	put_desc(BHDISK_VERSION, BHDISK_SECTORS, IMAGE_LEN);
	assert_int_equal(parse_boot(&d), -BHDISK_ELBA);
	put_desc(BHDISK_VERSION, 0xffff, IMAGE_LEN);
	assert_int_equal(parse_boot(&d), -BHDISK_ELBA);
	put_desc(BHDISK_VERSION, BHDISK_SECTORS - 1, BHDISK_SECTOR); /* the last sector: fits */
	assert_int_equal(parse_boot(&d), 0);
}

static void test_length(void **state)
{
	struct bhdisk_desc d;

	(void)state;
	put_desc(BHDISK_VERSION, 1, IMG_HDR_SIZE - 1);
	assert_int_equal(parse_boot(&d), -BHDISK_ELENGTH);
	put_desc(BHDISK_VERSION, 1, 0);
	assert_int_equal(parse_boot(&d), -BHDISK_ELENGTH);
	put_desc(BHDISK_VERSION, 1, BHDISK_SIZE - BHDISK_SECTOR); /* to the last byte: fits */
	assert_int_equal(parse_boot(&d), 0);
	put_desc(BHDISK_VERSION, 1, BHDISK_SIZE - BHDISK_SECTOR + 1);
	assert_int_equal(parse_boot(&d), -BHDISK_ETRUNC);
	put_desc(BHDISK_VERSION, 1, 0xffffffffu);
	assert_int_equal(parse_boot(&d), -BHDISK_ETRUNC);
	put_desc(BHDISK_VERSION, 100, BHDISK_SIZE - 99 * BHDISK_SECTOR);
	assert_int_equal(parse_boot(&d), -BHDISK_ETRUNC);
}

static void test_valid_image(void **state)
{
	struct img_info info;

	(void)state;
	assert_int_equal(check_image(IMAGE_LEN, &info), 0);
	assert_int_equal(info.kind, IMG_KIND_BOOTHELPER);
	assert_int_equal(info.payload_size, PAYLOAD_SIZE);
	assert_int_equal(info.load_addr, LOAD);
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE), 0);
}

static void test_no_image(void **state)
{
	struct bhdisk_desc d = { BHDISK_VERSION, 1, IMAGE_LEN };
	struct img_info info;

	(void)state;
	assert_int_equal(bhdisk_check_image(&d, fx.img, IMG_HDR_SIZE - 1, LOAD, RAM_END, &info),
			 -BHDISK_ENOIMAGE);
	memset(fx.img, 0, IMG_HDR_SIZE);
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ENOIMAGE);
}

static void test_header_checksum(void **state)
{
	struct img_info info;

	(void)state;
	fx.img[offsetof(struct img_header, build)] ^= 1;
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ESUM);
}

static void test_header_invalid(void **state)
{
	struct img_info info;

	(void)state;
	fx.img[offsetof(struct img_header, reserved0)] = 1;
	img_seal_header(fx.img);
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_EHEADER);
}

static void test_kind(void **state)
{
	struct img_info info;

	(void)state;
	fx.info.kind = IMG_KIND_OS;
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_EKIND);
	fx.info.kind = IMG_KIND_PDM;
	fx.info.load_addr = fx.info.entry_addr = 0;
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_EKIND);
}

static void test_length_against_header(void **state)
{
	struct img_info info;

	(void)state;
	assert_int_equal(check_image(IMAGE_LEN - 1, &info), -BHDISK_ETRUNC); /* payload cut */
	assert_int_equal(check_image(IMG_HDR_SIZE, &info), -BHDISK_ETRUNC);
	assert_int_equal(check_image(IMAGE_LEN + 1, &info), -BHDISK_ELENGTH);
}

static void test_load_range(void **state)
{
	struct bhdisk_desc d = { BHDISK_VERSION, 1, IMAGE_LEN };
	struct img_info info;

	(void)state;
	fx.info.load_addr = fx.info.entry_addr = LOAD - 1;
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ELOAD);
	fx.info.load_addr = fx.info.entry_addr = 0x7c00; /* a PC boot sector's address */
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ELOAD);
	fx.info.load_addr = fx.info.entry_addr = RAM_END - PAYLOAD_SIZE; /* ends at the top */
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), 0);
	fx.info.load_addr = fx.info.entry_addr = RAM_END - PAYLOAD_SIZE + 1;
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ELOAD);
	fx.info.load_addr = fx.info.entry_addr = 0xfffff000u;
	make_header();
	assert_int_equal(check_image(IMAGE_LEN, &info), -BHDISK_ELOAD);
	/* no memory at all for programs */
	fx.info.load_addr = fx.info.entry_addr = LOAD;
	make_header();
	assert_int_equal(bhdisk_check_image(&d, fx.img, IMG_HDR_SIZE, LOAD, LOAD, &info),
			 -BHDISK_ELOAD);
	assert_int_equal(bhdisk_check_image(&d, fx.img, IMG_HDR_SIZE, LOAD, 0, &info),
			 -BHDISK_ELOAD);
}

static void test_payload_corrupted(void **state)
{
	struct img_info info;

	(void)state;
	assert_int_equal(check_image(IMAGE_LEN, &info), 0);
	fx.img[IMG_HDR_SIZE + PAYLOAD_SIZE / 2] ^= 0x40;
	assert_int_equal(img_verify_payload(&info, fx.img + IMG_HDR_SIZE, PAYLOAD_SIZE),
			 -IMG_EPAYLOADSUM);
}

static void test_strerror(void **state)
{
	const char *seen[BHDISK_ENOIMAGE - BHDISK_EBLANK + 1];
	int e, i;

	(void)state;
	for (e = BHDISK_EBLANK; e <= BHDISK_ENOIMAGE; e++) {
		seen[e - BHDISK_EBLANK] = bhdisk_strerror(-e);
		assert_string_not_equal(seen[e - BHDISK_EBLANK], "error");
		for (i = BHDISK_EBLANK; i < e; i++)
			assert_string_not_equal(seen[i - BHDISK_EBLANK], seen[e - BHDISK_EBLANK]);
	}
	assert_string_equal(bhdisk_strerror(-BHDISK_EMAGIC), "not a Boothelper diskette");
	assert_string_equal(bhdisk_strerror(-1), "error");
	assert_string_equal(bhdisk_strerror(0), "no error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_boot_sector, setup),
		cmocka_unit_test_setup(test_blank, setup),
		cmocka_unit_test_setup(test_not_bootable, setup),
		cmocka_unit_test_setup(test_wrong_magic, setup),
		cmocka_unit_test_setup(test_version, setup),
		cmocka_unit_test_setup(test_lba, setup),
		cmocka_unit_test_setup(test_length, setup),
		cmocka_unit_test_setup(test_valid_image, setup),
		cmocka_unit_test_setup(test_no_image, setup),
		cmocka_unit_test_setup(test_header_checksum, setup),
		cmocka_unit_test_setup(test_header_invalid, setup),
		cmocka_unit_test_setup(test_kind, setup),
		cmocka_unit_test_setup(test_length_against_header, setup),
		cmocka_unit_test_setup(test_load_range, setup),
		cmocka_unit_test_setup(test_payload_corrupted, setup),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
