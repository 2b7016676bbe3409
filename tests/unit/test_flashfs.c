/* Unit tests of the flash file system's forms: boot choice, conversions, installs, power cuts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "mbedtls/sha256.h"

/*
 * On the real driver and chip model (flash/at29_sim.h), as test_layout.c. Banks of one chip
 * keep the power-cut sweeps fast: each cut restores the whole array from a snapshot, and a sweep
 * cuts after every bus write of a conversion or install, thousands of them.
 */

#define SERIAL 12345678u
#define PAYLOAD 2000u /* image payload bytes: 10 sectors with the header */

/* DESIGN.md vector for serial 12345678, every feature. */
static const struct lic_key key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };

struct image {
	uint8_t *b;
	size_t len;
};

struct fixture {
	unsigned int chips;
	uint32_t size;
	uint8_t *array; /* the flash file: array, model state in its last 4 KiB */
	struct at29_sim sim;
	struct layout_geometry g;
	struct image v635, v634, v512, v503, v441, v431;
};

/* Powers the bank up (again) over the same file and probes it; no power cut is armed. */
static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_start(&fx->sim, fx->chips, fx->array,
					fx->array + LAYOUT_PSTATE_OFF(fx->chips),
					AT29_MODEL_TIMING_FAST),
			 0);
}

/* A PIX OS image of pseudo-random bytes for @version. */
static struct image make_image(const char *version, uint32_t seed)
{
	struct img_info info;
	struct image im;
	uint32_t i;

	im.len = IMG_HDR_SIZE + PAYLOAD;
	im.b = malloc(im.len);
	memset(&info, 0, sizeof(info));
	for (i = 0; i < PAYLOAD; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		im.b[IMG_HDR_SIZE + i] = (uint8_t)seed;
	}
	info.kind = IMG_KIND_OS;
	assert_int_equal(img_version_parse(version, &info.version), 0);
	info.payload_size = PAYLOAD;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	strcpy(info.build, "test build");
	assert_int_equal(img_make_header(im.b, &info, im.b + IMG_HDR_SIZE), 0);
	return im;
}

/* A one-chip bank, erased, formatted for SERIAL with a key. */
static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	fx->chips = 1;
	fx->size = AT29_CHIP_SIZE;
	fx->array = malloc(fx->size);
	memset(fx->array, 0xFF, fx->size);
	at29_sim_init(&fx->sim, true);
	fx->sim.ns = 1000000;
	power_up(fx);
	assert_int_equal(layout_format(&fx->sim.f, SERIAL, &key_all), 0);
	assert_int_equal(layout_geometry(fx->chips, &fx->g), 0);
	fx->v635 = make_image("6.3(5)", 1);
	fx->v634 = make_image("6.3(4)", 2);
	fx->v512 = make_image("5.1(2)", 3);
	fx->v503 = make_image("5.0(3)", 4);
	fx->v441 = make_image("4.4(1)", 5);
	fx->v431 = make_image("4.3(1)", 6);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->v635.b);
	free(fx->v634.b);
	free(fx->v512.b);
	free(fx->v503.b);
	free(fx->v441.b);
	free(fx->v431.b);
	free(fx->array);
	free(fx);
	return 0;
}

/* Installs @im; it must go to @slot. */
static void install(struct fixture *fx, const struct image *im, unsigned int slot)
{
	unsigned int got = 99;

	assert_int_equal(layout_install_image(&fx->sim.f, im->b, im->len, NULL, NULL, &got), 0);
	assert_int_equal(got, slot);
}

/* Converts the flash to form @to. */
static void downgrade(struct fixture *fx, enum layout_form to)
{
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, to, NULL, NULL), 0);
}

/* The boot choice must be @im, in slot @slot, in form @form. */
static void boots(struct fixture *fx, const struct image *im, unsigned int slot,
		  enum layout_form form)
{
	struct layout_boot_status st;
	uint8_t hash[IMG_SHA256_LEN];
	uint32_t i;

	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.image.form, form);
	assert_int_equal(st.image.slot, slot);
	assert_int_equal(st.image.image_len, im->len);
	assert_int_equal(layout_read_image(&fx->sim.f, &st.image, IMG_HDR_HASHED_LEN, hash,
					   sizeof(hash)),
			 0);
	assert_memory_equal(hash, im->b + IMG_HDR_HASHED_LEN, sizeof(hash));
	for (i = 0; i < im->len; i++)
		if (fx->array[at29_stripe_addr(&fx->g.slot[slot], i)] != im->b[i])
			fail_msg("slot %u byte 0x%x differs", slot, i);
}

/* Whether the record sector at @off is erased. */
static bool erased(const struct fixture *fx, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < AT29_SECTOR_SIZE; i++)
		if (fx->array[off + i] != 0xFF)
			return false;
	return true;
}

static uint32_t slotrec(unsigned int i)
{
	return LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE;
}

/* Reads slot @i's record; returns the parser's result. */
static int slot_rec(const struct fixture *fx, unsigned int i, struct layout_slot_rec *rec)
{
	return layout_parse_slot_record(fx->array + slotrec(i), AT29_SECTOR_SIZE, rec);
}

/* The form layout_scan_slots finds, and its current slot. */
static enum layout_form form_of(struct fixture *fx, int *current)
{
	struct layout_slots s;

	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	if (current)
		*current = s.current;
	return s.form;
}

/* ---- versions and names ---------------------------------------------------------------------- */

static void test_form_of_version(void **state)
{
	static const struct {
		const char *v;
		enum layout_form form;
	} cases[] = {
		{ "4.3(9)", LAYOUT_FORM_NONE }, { "4.4(0)", LAYOUT_FORM_4X },
		{ "4.4(1)", LAYOUT_FORM_4X },	{ "4.9(9)", LAYOUT_FORM_4X },
		{ "5.0(0)", LAYOUT_FORM_50 },	{ "5.0(3)", LAYOUT_FORM_50 },
		{ "5.1(2)", LAYOUT_FORM_51 },	{ "5.2(1)", LAYOUT_FORM_6X },
		{ "5.3(1)", LAYOUT_FORM_6X },	{ "6.3(5)", LAYOUT_FORM_6X },
		{ "3.9(9)", LAYOUT_FORM_NONE },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct img_version v;

		assert_int_equal(img_version_parse(cases[i].v, &v), 0);
		assert_int_equal(layout_form_of_version(&v), cases[i].form);
	}
	assert_string_equal(layout_form_name(LAYOUT_FORM_6X), "6.x");
	assert_string_equal(layout_form_name(LAYOUT_FORM_51), "5.1");
	assert_string_equal(layout_form_name(LAYOUT_FORM_50), "5.0");
	assert_string_equal(layout_form_name(LAYOUT_FORM_4X), "4.x");
	assert_string_equal(layout_form_name(LAYOUT_FORM_NONE), "none");
	assert_string_equal(layout_strerror(-LAYOUT_EOLDIMAGE), "an image older than 4.4 would "
								"corrupt the flash");
	assert_string_equal(layout_strerror(-LAYOUT_EBADCONFIG), "configuration in flash is "
								 "corrupt");
}

/* ---- the file-system record ------------------------------------------------------------------ */

/* Builds a file-system record by hand, as layout.h describes it byte for byte. */
static void forge_fs(uint8_t *sec, uint32_t form, uint32_t slot, uint32_t len, const uint8_t *hh)
{
	memset(sec, 0xFF, AT29_SECTOR_SIZE);
	memset(sec, 0, sizeof(struct layout_fs_rec));
	memcpy(sec, LAYOUT_FS_MAGIC, LAYOUT_MAGIC_LEN);
	img_le32_put(sec + 0x08, LAYOUT_REC_VERSION);
	img_le32_put(sec + 0x0c, form);
	img_le32_put(sec + 0x10, slot);
	img_le32_put(sec + 0x14, len);
	memcpy(sec + 0x18, hh, LAYOUT_SHA256_LEN);
	mbedtls_sha256_ret(sec, 0x40, sec + 0x40, 0);
}

static void test_fs_record_parse(void **state)
{
	uint8_t sec[AT29_SECTOR_SIZE], hh[LAYOUT_SHA256_LEN];
	struct layout_fs_info fs;

	(void)state;
	memset(hh, 0xA5, sizeof(hh));
	forge_fs(sec, LAYOUT_FS_REC_51, 1, 4096, hh);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), &fs), 0);
	assert_int_equal(fs.form, LAYOUT_FORM_51);
	assert_int_equal(fs.slot, 1);
	assert_int_equal(fs.image_len, 4096);
	assert_memory_equal(fs.hdr_sha256, hh, sizeof(hh));
	forge_fs(sec, LAYOUT_FS_REC_50, 0, IMG_HDR_SIZE, hh);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), &fs), 0);
	assert_int_equal(fs.form, LAYOUT_FORM_50);
	/* too short for the record, erased, torn, bad fields */
	assert_int_equal(layout_parse_fs_record(sec, 0x5f, NULL), -LAYOUT_ECORRUPT);
	memset(sec, 0xFF, sizeof(sec));
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_EEMPTY);
	forge_fs(sec, LAYOUT_FS_REC_51, 1, 4096, hh);
	memset(sec + 40, 0xFF, sizeof(sec) - 40);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
	forge_fs(sec, 0x0502, 1, 4096, hh);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
	forge_fs(sec, LAYOUT_FS_REC_51, 2, 4096, hh);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
	forge_fs(sec, LAYOUT_FS_REC_51, 0, IMG_HDR_SIZE - 1, hh);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
	forge_fs(sec, LAYOUT_FS_REC_51, 0, 4096, hh);
	sec[0x3c] = 1; /* reserved */
	mbedtls_sha256_ret(sec, 0x40, sec + 0x40, 0);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
	forge_fs(sec, LAYOUT_FS_REC_51, 0, 4096, hh);
	img_le32_put(sec + 0x08, 2); /* version */
	mbedtls_sha256_ret(sec, 0x40, sec + 0x40, 0);
	assert_int_equal(layout_parse_fs_record(sec, sizeof(sec), NULL), -LAYOUT_ECORRUPT);
}

/* ---- conversions ----------------------------------------------------------------------------- */

/* 6.x -> 5.1 -> 5.0 -> 4.x -> 5.1 with the image in slot 0: records only, the image stays. */
static void test_downgrade_slot0(void **state)
{
	struct fixture *fx = *state;
	struct layout_fs_info fs;
	struct layout_slot_rec rec;

	install(fx, &fx->v635, 0);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_6X);
	downgrade(fx, LAYOUT_FORM_51);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_51);
	assert_int_equal(
		layout_parse_fs_record(fx->array + LAYOUT_FSREC_OFF, AT29_SECTOR_SIZE, &fs), 0);
	assert_int_equal(fs.form, LAYOUT_FORM_51);
	assert_int_equal(fs.slot, 0);
	assert_int_equal(fs.image_len, fx->v635.len);
	assert_memory_equal(fs.hdr_sha256, fx->v635.b + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	downgrade(fx, LAYOUT_FORM_50);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_50);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	assert_true(erased(fx, LAYOUT_FSREC_OFF));
	/* already in the form: nothing is written */
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
	downgrade(fx, LAYOUT_FORM_51);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_51);
	assert_int_equal(slot_rec(fx, 0, &rec), -LAYOUT_EEMPTY);
}

/* An image in slot 1 goes to slot 0 for the 4.x form; the 5.x form keeps it where it is. */
static void test_downgrade_slot1(void **state)
{
	struct fixture *fx = *state;
	int cur;

	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	downgrade(fx, LAYOUT_FORM_51);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_51);
	assert_int_equal(form_of(fx, &cur), LAYOUT_FORM_51);
	assert_int_equal(cur, 1);
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	assert_true(erased(fx, LAYOUT_FSREC_OFF));
	/* from the 6.x form straight to 4.x, likewise */
	install(fx, &fx->v634, 1);
	boots(fx, &fx->v634, 1, LAYOUT_FORM_6X);
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v634, 0, LAYOUT_FORM_4X);
	assert_int_not_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_6X, NULL, NULL), 0);
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_NONE, NULL, NULL),
			 -LAYOUT_EFORM);
}

/* A conversion never writes the configuration or the activation key records. */
static void test_downgrade_keeps_config_and_key(void **state)
{
	struct fixture *fx = *state;
	static const struct img_version v = { 6, 3, 5 };
	static const char text[] = "hostname fw1\n";
	uint8_t *before = malloc(fx->size);
	uint32_t off;

	assert_int_equal(layout_write_config(&fx->sim.f, &v, text, sizeof(text) - 1), 0);
	assert_int_equal(layout_write_key(&fx->sim.f, &key_all), 0);
	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	memcpy(before, fx->array, fx->size);
	downgrade(fx, LAYOUT_FORM_51);
	downgrade(fx, LAYOUT_FORM_4X);
	downgrade(fx, LAYOUT_FORM_50);
	for (off = 0; off < LAYOUT_META_SIZE; off++)
		if ((off < LAYOUT_SLOTREC_OFF || off >= LAYOUT_FSREC_OFF + AT29_SECTOR_SIZE) &&
		    fx->array[off] != before[off])
			fail_msg("byte 0x%x outside the slot and file-system records changed", off);
	free(before);
}

/* Every refusal names its part and leaves the flash as it was. */
static void test_downgrade_refusals(void **state)
{
	struct fixture *fx = *state;
	static const struct img_version v = { 6, 3, 5 };
	struct layout_fs_check chk;
	uint8_t *before = malloc(fx->size);
	uint32_t a;

	/* no image */
	assert_int_equal(layout_flashfs_check(&fx->sim.f, &chk), -LAYOUT_ENOIMAGE);
	assert_int_equal(chk.form, LAYOUT_FORM_NONE);
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_51, NULL, NULL),
			 -LAYOUT_ENOIMAGE);
	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	assert_int_equal(layout_flashfs_check(&fx->sim.f, &chk), 0);
	assert_int_equal(chk.form, LAYOUT_FORM_6X);
	assert_int_equal(chk.current, 1);

	/* the newest image damaged: the older boots, but a downgrade is refused */
	a = at29_stripe_addr(&fx->g.slot[1], IMG_HDR_SIZE + 7);
	fx->array[a] ^= 0x10;
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_flashfs_check(&fx->sim.f, &chk), -IMG_EPAYLOADSUM);
	assert_int_equal(chk.bad_slot, 1);
	assert_int_equal(chk.current, 0);
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_4X, NULL, NULL),
			 -IMG_EPAYLOADSUM);
	assert_memory_equal(before, fx->array, fx->size);
	fx->array[a] ^= 0x10;

	/* a torn configuration record; then a text that does not match */
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "names\n", 6), 0);
	assert_int_equal(layout_check_config(&fx->sim.f), 0);
	fx->array[LAYOUT_CONFIG_OFF + 0x50] = 0xFF;
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_check_config(&fx->sim.f), -LAYOUT_EBADCONFIG);
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_51, NULL, NULL),
			 -LAYOUT_EBADCONFIG);
	assert_int_equal(layout_flashfs_check(&fx->sim.f, &chk), -LAYOUT_EBADCONFIG);
	assert_int_equal(chk.image_err, 0);
	assert_int_equal(chk.key_err, 0);
	assert_memory_equal(before, fx->array, fx->size);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "names\n", 6), 0);
	fx->array[LAYOUT_CONFIG_TEXT_OFF] ^= 1;
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_51, NULL, NULL),
			 -LAYOUT_EBADCONFIG);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "", 0), 0);

	/* no readable key record */
	fx->array[LAYOUT_KEY_OFF + 0x21] ^= 1;
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_flashfs_downgrade(&fx->sim.f, LAYOUT_FORM_50, NULL, NULL),
			 -LAYOUT_ENOKEY);
	assert_memory_equal(before, fx->array, fx->size);
	fx->array[LAYOUT_KEY_OFF + 0x21] ^= 1;
	downgrade(fx, LAYOUT_FORM_50);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_50);
	free(before);
}

/* Checks file @i of @l. */
static void file_is(const struct layout_fs_list *l, unsigned int i, enum layout_file_kind kind,
		    unsigned int index, uint32_t origin, uint32_t length)
{
	assert_true(i < l->count);
	assert_int_equal(l->file[i].kind, kind);
	assert_int_equal(l->file[i].index, index);
	assert_int_equal(l->file[i].origin, origin);
	assert_int_equal(l->file[i].length, length);
}

/* show flashfs's files in every form. */
static void test_list(void **state)
{
	struct fixture *fx = *state;
	static const struct img_version v = { 6, 3, 5 };
	struct layout_fs_list l;
	uint32_t s0 = at29_stripe_addr(&fx->g.slot[0], 0), s1 = at29_stripe_addr(&fx->g.slot[1], 0);
	uint32_t n = (uint32_t)fx->v635.len;

	assert_int_equal(layout_flashfs_list(&fx->sim.f, &l), 0);
	assert_int_equal(l.form, LAYOUT_FORM_NONE);
	assert_int_equal(l.count, 5);
	file_is(&l, 0, LAYOUT_FILE_IMAGE, 0, s0, 0);
	file_is(&l, 1, LAYOUT_FILE_SLOT, 1, s1, 0);
	file_is(&l, 2, LAYOUT_FILE_CONFIG, 0, LAYOUT_CONFIG_TEXT_OFF, 0);
	file_is(&l, 3, LAYOUT_FILE_KEY, 0, LAYOUT_KEY_OFF, sizeof(struct layout_key_rec));
	file_is(&l, 4, LAYOUT_FILE_KEY, 1, LAYOUT_KEY_OFF + AT29_SECTOR_SIZE, 0);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "names\n", 6), 0);
	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	assert_int_equal(layout_flashfs_list(&fx->sim.f, &l), 0);
	assert_int_equal(l.form, LAYOUT_FORM_6X);
	file_is(&l, 0, LAYOUT_FILE_IMAGE, 1, s1, n);
	assert_int_equal(l.file[0].version.maint, 5);
	file_is(&l, 1, LAYOUT_FILE_SLOT, 0, s0, n);
	assert_int_equal(l.file[1].version.maint, 4);
	file_is(&l, 2, LAYOUT_FILE_CONFIG, 0, LAYOUT_CONFIG_TEXT_OFF, 6);
	downgrade(fx, LAYOUT_FORM_51);
	assert_int_equal(layout_flashfs_list(&fx->sim.f, &l), 0);
	assert_int_equal(l.form, LAYOUT_FORM_51);
	file_is(&l, 0, LAYOUT_FILE_IMAGE, 1, s1, n);
	file_is(&l, 1, LAYOUT_FILE_SLOT, 0, s0, 0);
	downgrade(fx, LAYOUT_FORM_4X);
	assert_int_equal(layout_flashfs_list(&fx->sim.f, &l), 0);
	assert_int_equal(l.form, LAYOUT_FORM_4X);
	file_is(&l, 0, LAYOUT_FILE_IMAGE, 0, s0, n);
	file_is(&l, 1, LAYOUT_FILE_SLOT, 1, s1, 0);
	/* a torn configuration record: no configuration file */
	fx->array[LAYOUT_CONFIG_OFF + 0x50] ^= 1;
	assert_int_equal(layout_flashfs_list(&fx->sim.f, &l), 0);
	file_is(&l, 2, LAYOUT_FILE_CONFIG, 0, LAYOUT_CONFIG_TEXT_OFF, 0);
}

/* ---- the boot choice's rules 2 and 3 --------------------------------------------------------- */

static void test_rule2(void **state)
{
	struct fixture *fx = *state;
	struct layout_image bi;
	uint8_t sec[AT29_SECTOR_SIZE];
	uint32_t a;

	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	downgrade(fx, LAYOUT_FORM_51);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_51);
	/* a record naming the other slot takes the image there, if it matches the record */
	forge_fs(sec, LAYOUT_FS_REC_50, 0, (uint32_t)fx->v634.len, fx->v634.b + IMG_HDR_HASHED_LEN);
	memcpy(fx->array + LAYOUT_FSREC_OFF, sec, sizeof(sec));
	boots(fx, &fx->v634, 0, LAYOUT_FORM_50);
	forge_fs(sec, LAYOUT_FS_REC_50, 0, (uint32_t)fx->v634.len, fx->v635.b + IMG_HDR_HASHED_LEN);
	memcpy(fx->array + LAYOUT_FSREC_OFF, sec, sizeof(sec));
	/* rule 3 then takes the image at slot 0's start: no slot record is WRITING or VALID */
	boots(fx, &fx->v634, 0, LAYOUT_FORM_4X);
	forge_fs(sec, LAYOUT_FS_REC_51, 1, (uint32_t)fx->v635.len - 1,
		 fx->v635.b + IMG_HDR_HASHED_LEN);
	memcpy(fx->array + LAYOUT_FSREC_OFF, sec, sizeof(sec));
	boots(fx, &fx->v634, 0, LAYOUT_FORM_4X);
	/* an image that does not verify: with slot 0 damaged too, nothing boots */
	forge_fs(sec, LAYOUT_FS_REC_51, 1, (uint32_t)fx->v635.len, fx->v635.b + IMG_HDR_HASHED_LEN);
	memcpy(fx->array + LAYOUT_FSREC_OFF, sec, sizeof(sec));
	a = at29_stripe_addr(&fx->g.slot[1], fx->v635.len - 1);
	fx->array[a] ^= 1;
	boots(fx, &fx->v634, 0, LAYOUT_FORM_4X);
	fx->array[at29_stripe_addr(&fx->g.slot[0], 600)] ^= 1;
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_EBADIMAGE);
	fx->array[a] ^= 1;
	boots(fx, &fx->v635, 1, LAYOUT_FORM_51);
}

static void test_rule3(void **state)
{
	struct fixture *fx = *state;
	struct layout_image bi;
	struct {
		uint8_t b[AT29_SECTOR_SIZE];
	} valid, writing;
	struct layout_slot_rec rec;
	uint32_t a;

	/* an erased bank: no magic at slot 0, no image */
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_ENOIMAGE);
	install(fx, &fx->v634, 0);
	install(fx, &fx->v635, 1);
	memcpy(valid.b, fx->array + slotrec(1), AT29_SECTOR_SIZE);
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
	/* a VALID or WRITING record in either slot stops rule 3 */
	memcpy(writing.b, valid.b, AT29_SECTOR_SIZE);
	img_le32_put(writing.b + offsetof(struct layout_slot_rec, state), LAYOUT_SLOT_REC_WRITING);
	mbedtls_sha256_ret(writing.b, 0x40, writing.b + 0x40, 0);
	assert_int_equal(layout_parse_slot_record(writing.b, AT29_SECTOR_SIZE, &rec), 0);
	memcpy(fx->array + slotrec(1), writing.b, AT29_SECTOR_SIZE);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_ENOIMAGE);
	memcpy(fx->array + slotrec(0), writing.b, AT29_SECTOR_SIZE);
	memset(fx->array + slotrec(1), 0xFF, AT29_SECTOR_SIZE);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_ENOIMAGE);
	/* VALID in slot 1 naming the slot's old image: rule 1 takes that one */
	memcpy(fx->array + slotrec(0), valid.b, AT29_SECTOR_SIZE);
	memset(fx->array + slotrec(0), 0xFF, AT29_SECTOR_SIZE);
	memcpy(fx->array + slotrec(1), valid.b, AT29_SECTOR_SIZE);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_6X);
	/* torn records (corrupt) do not stop it */
	memcpy(fx->array + slotrec(1), valid.b, 40);
	memset(fx->array + slotrec(1) + 40, 0xFF, AT29_SECTOR_SIZE - 40);
	memcpy(fx->array + slotrec(0), writing.b, 70);
	memset(fx->array + slotrec(0) + 70, 0xFF, AT29_SECTOR_SIZE - 70);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
	/* a damaged header or payload at slot 0: a bad image, not none */
	a = at29_stripe_addr(&fx->g.slot[0], 0x30);
	fx->array[a] ^= 1;
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_EBADIMAGE);
	fx->array[a] ^= 1;
	a = at29_stripe_addr(&fx->g.slot[0], IMG_HDR_SIZE + PAYLOAD - 1);
	fx->array[a] ^= 1;
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_EBADIMAGE);
	fx->array[a] ^= 1;
	boots(fx, &fx->v635, 0, LAYOUT_FORM_4X);
}

/* ---- installs -------------------------------------------------------------------------------- */

/* The older image must be in slot @slot with a VALID record of a lower sequence than @newer's. */
static void fallback(struct fixture *fx, const struct image *old, unsigned int slot)
{
	struct layout_slot_rec r0, r1;

	assert_int_equal(slot_rec(fx, slot, &r0), 0);
	assert_int_equal(slot_rec(fx, 1 - slot, &r1), 0);
	assert_int_equal(r0.state, LAYOUT_SLOT_REC_VALID);
	assert_int_equal(r1.state, LAYOUT_SLOT_REC_VALID);
	assert_true(r0.seq < r1.seq);
	assert_memory_equal(r0.hdr_sha256, old->b + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	assert_true(erased(fx, LAYOUT_FSREC_OFF));
	/* the new image damaged: the old one boots by rule 1 */
	fx->array[at29_stripe_addr(&fx->g.slot[1 - slot], IMG_HDR_SIZE)] ^= 1;
	boots(fx, old, slot, LAYOUT_FORM_6X);
	fx->array[at29_stripe_addr(&fx->g.slot[1 - slot], IMG_HDR_SIZE)] ^= 1;
}

/* A 6.x image onto a downgraded flash: back to the 6.x form, the old image as the fallback. */
static void test_install_6x_over_older(void **state)
{
	struct fixture *fx = *state;

	install(fx, &fx->v634, 0);
	downgrade(fx, LAYOUT_FORM_51);
	install(fx, &fx->v635, 1);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_6X);
	fallback(fx, &fx->v634, 0);
	downgrade(fx, LAYOUT_FORM_50);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_50);
	install(fx, &fx->v634, 0);
	boots(fx, &fx->v634, 0, LAYOUT_FORM_6X);
	fallback(fx, &fx->v635, 1);
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v634, 0, LAYOUT_FORM_4X);
	install(fx, &fx->v635, 1);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_6X);
	fallback(fx, &fx->v634, 0);
}

/* 5.0/5.1 images go in their form, into the slot that is not current. */
static void test_install_5x(void **state)
{
	struct fixture *fx = *state;
	struct layout_fs_info fs;

	install(fx, &fx->v635, 0);
	install(fx, &fx->v512, 1);
	boots(fx, &fx->v512, 1, LAYOUT_FORM_51);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	assert_int_equal(
		layout_parse_fs_record(fx->array + LAYOUT_FSREC_OFF, AT29_SECTOR_SIZE, &fs), 0);
	assert_int_equal(fs.slot, 1);
	install(fx, &fx->v503, 0);
	boots(fx, &fx->v503, 0, LAYOUT_FORM_50);
	install(fx, &fx->v512, 1);
	boots(fx, &fx->v512, 1, LAYOUT_FORM_51);
	downgrade(fx, LAYOUT_FORM_4X);
	boots(fx, &fx->v512, 0, LAYOUT_FORM_4X);
	install(fx, &fx->v503, 1);
	boots(fx, &fx->v503, 1, LAYOUT_FORM_50);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	install(fx, &fx->v635, 0);
	boots(fx, &fx->v635, 0, LAYOUT_FORM_6X);
	fallback(fx, &fx->v503, 1);
}

/* 4.4 and later 4.x images go raw to slot 0, the current image moved out of the way first. */
static void test_install_4x(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry *g = &fx->g;
	uint32_t i;

	/* on an empty flash */
	install(fx, &fx->v441, 0);
	boots(fx, &fx->v441, 0, LAYOUT_FORM_4X);
	/* over a 4.x image in slot 0: it is copied to slot 1 first */
	install(fx, &fx->v635, 1);
	install(fx, &fx->v634, 0);
	boots(fx, &fx->v634, 0, LAYOUT_FORM_6X);
	install(fx, &fx->v441, 0);
	boots(fx, &fx->v441, 0, LAYOUT_FORM_4X);
	for (i = 0; i < fx->v634.len; i++)
		assert_int_equal(fx->array[at29_stripe_addr(&g->slot[1], i)], fx->v634.b[i]);
	install(fx, &fx->v441, 0);
	boots(fx, &fx->v441, 0, LAYOUT_FORM_4X);
	/* over a 5.1 image in slot 1 */
	install(fx, &fx->v512, 1);
	boots(fx, &fx->v512, 1, LAYOUT_FORM_51);
	install(fx, &fx->v441, 0);
	boots(fx, &fx->v441, 0, LAYOUT_FORM_4X);
	assert_true(erased(fx, slotrec(0)) && erased(fx, slotrec(1)));
	assert_true(erased(fx, LAYOUT_FSREC_OFF));
}

/* Older than 4.4: refused before anything is written. */
static void test_install_too_old(void **state)
{
	struct fixture *fx = *state;
	uint8_t *before = malloc(fx->size);

	install(fx, &fx->v635, 0);
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_image(&fx->sim.f, fx->v431.b, fx->v431.len, NULL, NULL,
					      NULL),
			 -LAYOUT_EOLDIMAGE);
	assert_memory_equal(before, fx->array, fx->size);
	free(before);
}

/* ---- power cuts: after every bus write ------------------------------------------------------- */

enum op_kind { OP_DOWNGRADE, OP_INSTALL };

struct sweep {
	const char *name;
	enum op_kind kind;
	enum layout_form to; /* OP_DOWNGRADE */
	const struct image *image; /* OP_INSTALL */
	const struct image *old; /* current before */
	enum layout_form end_form; /* the form when the operation completes */
};

static int run_op(struct fixture *fx, const struct sweep *sw)
{
	if (sw->kind == OP_DOWNGRADE)
		return layout_flashfs_downgrade(&fx->sim.f, sw->to, NULL, NULL);
	return layout_install_image(&fx->sim.f, sw->image->b, sw->image->len, NULL, NULL, NULL);
}

/* After a cut: the boot image is @sw->old or (an install only) the new one; returns which. */
static bool boots_old(struct fixture *fx, const struct sweep *sw, uint64_t n)
{
	struct layout_image bi;
	uint8_t hash[IMG_SHA256_LEN];
	int err = layout_find_boot_image(&fx->sim.f, &bi);

	if (err)
		fail_msg("%s: cut after write %llu: nothing boots (%s)", sw->name,
			 (unsigned long long)n, layout_strerror(err));
	assert_int_equal(layout_read_image(&fx->sim.f, &bi, IMG_HDR_HASHED_LEN, hash, sizeof(hash)),
			 0);
	if (!memcmp(hash, sw->old->b + IMG_HDR_HASHED_LEN, sizeof(hash)))
		return true;
	if (sw->kind == OP_INSTALL &&
	    !memcmp(hash, sw->image->b + IMG_HDR_HASHED_LEN, sizeof(hash)))
		return false;
	fail_msg("%s: cut after write %llu: neither the old image nor the new one boots", sw->name,
		 (unsigned long long)n);
	return false;
}

/* Tears the @at-th sector load of an operation: power fails in its cycle after @bytes bytes. */
struct tear {
	struct at29_model *m;
	uint32_t last[2]; /* the two writes before: offset << 8 | value */
	unsigned int loads; /* protected loads seen (AA to 5555, 55 to 2AAA, A0 to 5555) */
	unsigned int at;
	uint32_t bytes;
};

static void tear_hook(void *ctx, uint32_t off, uint8_t v)
{
	struct tear *t = ctx;
	uint32_t w = (off & AT29_CMD_ADDR_MASK) << 8 | v;

	if (w == (AT29_CMD_ADDR1 << 8 | AT29_CMD_PROTECT) &&
	    t->last[0] == (AT29_CMD_ADDR2 << 8 | AT29_UNLOCK2) &&
	    t->last[1] == (AT29_CMD_ADDR1 << 8 | AT29_UNLOCK1) && ++t->loads == t->at)
		at29_model_fault_power_cut(t->m, AT29_MODEL_ANY_SECTOR, t->bytes);
	t->last[1] = t->last[0];
	t->last[0] = w;
}

/*
 * Tears every sector load of @sw in turn (power fails in its program cycle after a few bytes,
 * a whole record, or all but the last byte): the boot choice is the old image or the new one.
 * Returns how many loads the operation has.
 */
static unsigned int sweep_torn(struct fixture *fx, const struct sweep *sw, const uint8_t *snap)
{
	static const uint32_t bytes[] = { 1, 40, 95, 96, 255 };
	struct tear t = { .m = &fx->sim.m };
	unsigned int k, b;

	fx->sim.on_write = tear_hook;
	fx->sim.on_write_ctx = &t;
	power_up(fx);
	assert_int_equal(run_op(fx, sw), 0);
	for (k = 1; k <= t.loads; k++) {
		for (b = 0; b < sizeof(bytes) / sizeof(bytes[0]); b++) {
			memcpy(fx->array, snap, fx->size);
			power_up(fx);
			t = (struct tear){ .m = &fx->sim.m, .at = k, .bytes = bytes[b] };
			run_op(fx, sw);
			fx->sim.on_write = NULL;
			power_up(fx);
			boots_old(fx, sw, k);
			fx->sim.on_write = tear_hook;
		}
	}
	fx->sim.on_write = NULL;
	return k - 1;
}

/*
 * Runs @sw on the flash as it is now (the snapshot), then again from the snapshot with the power
 * cut after bus write n, for every n up to the last: each time the boot choice is the old image
 * (or, for an install, the new one, and from then on only the new one). Every tenth cut, the
 * operation is then run again to the end and must succeed. Then every sector load is torn.
 */
static void sweep(struct fixture *fx, const struct sweep *sw)
{
	uint8_t *snap = malloc(fx->size);
	uint64_t w0, total, n, got_new = 0;
	bool seen_new = false;
	enum layout_form form;
	unsigned int loads;

	memcpy(snap, fx->array, fx->size);
	power_up(fx);
	w0 = fx->sim.writes;
	assert_int_equal(run_op(fx, sw), 0);
	total = fx->sim.writes - w0;
	assert_int_equal(form_of(fx, NULL), sw->end_form);
	assert_true(total > 0);
	for (n = 1; n <= total; n++) {
		bool old;

		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->sim.cut_at = fx->sim.writes + n;
		/* its result does not count: after a cut, an erase reads back the floating bus */
		run_op(fx, sw);
		power_up(fx);
		old = boots_old(fx, sw, n);
		if (old && seen_new)
			fail_msg("%s: cut after write %llu: back to the old image", sw->name,
				 (unsigned long long)n);
		seen_new |= !old;
		got_new += !old;
		if (n % 10 == 0) {
			assert_int_equal(run_op(fx, sw), 0);
			form = form_of(fx, NULL);
			assert_int_equal(form, sw->end_form);
		}
	}
	memcpy(fx->array, snap, fx->size);
	loads = sweep_torn(fx, sw, snap);
	print_message("%s: %llu cut points (%llu left the new image), %u sector loads torn\n",
		      sw->name, (unsigned long long)total, (unsigned long long)got_new, loads);
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	free(snap);
}

static void test_sweep_downgrades(void **state)
{
	struct fixture *fx = *state;
	const struct sweep to51 = { "6.x slot 0 -> 5.1", OP_DOWNGRADE,	LAYOUT_FORM_51, NULL,
				    &fx->v635,		 LAYOUT_FORM_51 };
	const struct sweep to4x = { "6.x slot 1 -> 4.x", OP_DOWNGRADE,	LAYOUT_FORM_4X, NULL,
				    &fx->v634,		 LAYOUT_FORM_4X };
	const struct sweep s4x = { "5.1 slot 1 -> 4.x", OP_DOWNGRADE,  LAYOUT_FORM_4X, NULL,
				   &fx->v634,		LAYOUT_FORM_4X };
	const struct sweep s50 = { "5.1 slot 1 -> 5.0", OP_DOWNGRADE,  LAYOUT_FORM_50, NULL,
				   &fx->v634,		LAYOUT_FORM_50 };
	const struct sweep x50 = { "4.x -> 5.0", OP_DOWNGRADE, LAYOUT_FORM_50,
				   NULL,	 &fx->v634,    LAYOUT_FORM_50 };
	const struct sweep s0to4x = { "6.x slot 0 -> 4.x", OP_DOWNGRADE,  LAYOUT_FORM_4X, NULL,
				      &fx->v634,	   LAYOUT_FORM_4X };

	install(fx, &fx->v635, 0);
	sweep(fx, &to51);
	/* the copies to slot 0 overwrite another image there */
	install(fx, &fx->v634, 1);
	sweep(fx, &to4x);
	downgrade(fx, LAYOUT_FORM_51);
	sweep(fx, &s4x);
	sweep(fx, &s50);
	downgrade(fx, LAYOUT_FORM_4X);
	sweep(fx, &x50);
	install(fx, &fx->v635, 1);
	install(fx, &fx->v634, 0);
	boots(fx, &fx->v634, 0, LAYOUT_FORM_6X);
	sweep(fx, &s0to4x);
}

static void test_sweep_installs(void **state)
{
	struct fixture *fx = *state;
	const struct sweep i6on4 = { "6.3(4) onto 4.x", OP_INSTALL, 0,
				     &fx->v634,		&fx->v635,  LAYOUT_FORM_6X };
	const struct sweep i6on51 = {
		"6.3(4) onto 5.1 slot 1", OP_INSTALL, 0, &fx->v634, &fx->v635, LAYOUT_FORM_6X
	};
	const struct sweep i51on6 = {
		"5.1(2) onto 6.x slot 0", OP_INSTALL, 0, &fx->v512, &fx->v635, LAYOUT_FORM_51
	};
	const struct sweep i50on51 = {
		"5.0(3) onto 5.1 slot 1", OP_INSTALL, 0, &fx->v503, &fx->v635, LAYOUT_FORM_50
	};
	const struct sweep i50on51s0 = {
		"5.0(3) onto 5.1 slot 0", OP_INSTALL, 0, &fx->v503, &fx->v635, LAYOUT_FORM_50
	};
	const struct sweep i44on6s0 = {
		"4.4(1) onto 6.x slot 0", OP_INSTALL, 0, &fx->v441, &fx->v635, LAYOUT_FORM_4X
	};
	const struct sweep i44on6s1 = {
		"4.4(1) onto 6.x slot 1", OP_INSTALL, 0, &fx->v441, &fx->v635, LAYOUT_FORM_4X
	};
	const struct sweep i44on51 = {
		"4.4(1) onto 5.1 slot 1", OP_INSTALL, 0, &fx->v441, &fx->v635, LAYOUT_FORM_4X
	};
	const struct sweep i44on4x = { "4.4(1) onto 4.x", OP_INSTALL, 0,
				       &fx->v441,	  &fx->v635,  LAYOUT_FORM_4X };

	install(fx, &fx->v635, 0);
	sweep(fx, &i51on6);
	sweep(fx, &i44on6s0);
	downgrade(fx, LAYOUT_FORM_4X);
	sweep(fx, &i6on4);
	sweep(fx, &i44on4x);
	downgrade(fx, LAYOUT_FORM_51);
	sweep(fx, &i50on51s0);
	install(fx, &fx->v634, 1);
	install(fx, &fx->v635, 0);
	install(fx, &fx->v635, 1);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_6X);
	sweep(fx, &i44on6s1);
	downgrade(fx, LAYOUT_FORM_51);
	boots(fx, &fx->v635, 1, LAYOUT_FORM_51);
	sweep(fx, &i6on51);
	sweep(fx, &i50on51);
	sweep(fx, &i44on51);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_of_version),
		cmocka_unit_test(test_fs_record_parse),
		cmocka_unit_test_setup_teardown(test_downgrade_slot0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_downgrade_slot1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_downgrade_keeps_config_and_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_downgrade_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_6x_over_older, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_5x, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_4x, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_too_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep_downgrades, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep_installs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
