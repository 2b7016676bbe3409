/* Unit tests of the flash layout on the real driver and model: records, install, power cuts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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

_Static_assert(AT29_MODEL_MAX_CHIPS *AT29_PSTATE_SIZE <= LAYOUT_PSTATE_SIZE, "model state fits");

#define CHIPS 16u
#define SERIAL 12345678u
#define OTHER_SERIAL 87654321u

/* DESIGN.md vectors for serial 12345678. */
static const struct lic_key key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };
static const struct lic_key key_no3des = { { 0xf127d01b, 0x78c0c4b7, 0x4e576280, 0x49ba8482 } };
static const struct lic_key key_small = { { 0x167f137f, 0x7653ee5b, 0xa1591a7d, 0xf8a49356 } };

struct fixture {
	unsigned int chips;
	uint32_t size;
	uint8_t *array; /* the flash file: array, model state in its last 4 KiB */
	struct at29_sim sim; /* clock, bus with power-cut hook, model, driver */
	uint32_t arm_sector; /* progress hook: arm a power cut here when the image is written */
	uint32_t arm_bytes;
	size_t last_progress;
};

/* Powers the bank up (again) over the same file and probes it; no power cut is armed. */
static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_start(&fx->sim, fx->chips, fx->array,
					fx->array + LAYOUT_PSTATE_OFF(fx->chips),
					AT29_MODEL_TIMING_FAST),
			 0);
}

static struct fixture *fixture_new(unsigned int chips, uint8_t fill)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	fx->chips = chips;
	fx->size = chips * AT29_CHIP_SIZE;
	fx->array = malloc(fx->size);
	memset(fx->array, fill, fx->size);
	/* runs of reads take the model's fast path (test_at29.c drives the byte path) */
	at29_sim_init(&fx->sim, true);
	fx->sim.ns = 1000000;
	power_up(fx);
	return fx;
}

/* A 16-chip bank fresh from the factory (erased), formatted for SERIAL with the full key. */
static int setup_formatted(void **state)
{
	struct fixture *fx = fixture_new(CHIPS, 0xFF);

	assert_int_equal(layout_format(&fx->sim.f, SERIAL, &key_all), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->array);
	free(fx);
	return 0;
}

static struct at29_pstate *ps(struct fixture *fx, unsigned int c)
{
	return (struct at29_pstate *)(fx->array + LAYOUT_PSTATE_OFF(fx->chips) +
				      c * AT29_PSTATE_SIZE);
}

/* A PIX OS image of @payload_len pseudo-random bytes; *len gets its size. */
static uint8_t *make_image(uint32_t payload_len, const char *version, uint32_t seed, size_t *len)
{
	struct img_info info;
	uint8_t *img = malloc(IMG_HDR_SIZE + payload_len);
	uint32_t i;

	memset(&info, 0, sizeof(info));
	for (i = 0; i < payload_len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		img[IMG_HDR_SIZE + i] = (uint8_t)seed;
	}
	info.kind = IMG_KIND_OS;
	assert_int_equal(img_version_parse(version, &info.version), 0);
	info.payload_size = payload_len;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	strcpy(info.build, "test build");
	assert_int_equal(img_make_header(img, &info, img + IMG_HDR_SIZE), 0);
	*len = IMG_HDR_SIZE + payload_len;
	return img;
}

static void geometry(struct fixture *fx, struct layout_geometry *g)
{
	assert_int_equal(layout_geometry(fx->chips, g), 0);
}

/* Where byte @off of slot @slot is in the array (the slots are striped over the chips). */
static uint8_t *slot_byte(struct fixture *fx, const struct layout_geometry *g, unsigned int slot,
			  uint32_t off)
{
	return fx->array + at29_stripe_addr(&g->slot[slot], off);
}

/* Copies @len bytes to the start of slot @slot straight into the array, behind the driver. */
static void slot_put(struct fixture *fx, const struct layout_geometry *g, unsigned int slot,
		     const uint8_t *data, size_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		*slot_byte(fx, g, slot, i) = data[i];
}

/* Asserts that slot @slot starts with the @len bytes at @data. */
static void slot_equal(struct fixture *fx, const struct layout_geometry *g, unsigned int slot,
		       const uint8_t *data, size_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (*slot_byte(fx, g, slot, i) != data[i])
			fail_msg("slot %u byte 0x%x differs", slot, i);
}

/* Absolute sector number (chip * 2048 + sector) of sector @k of slot @slot. */
static uint32_t slot_sector(const struct layout_geometry *g, unsigned int slot, uint32_t k)
{
	return at29_stripe_addr(&g->slot[slot], k * AT29_SECTOR_SIZE) / AT29_SECTOR_SIZE;
}

/* Installs @img and checks it is now the boot image, in slot @slot with sequence @seq. */
static void install_ok(struct fixture *fx, const uint8_t *img, size_t len, unsigned int slot,
		       uint32_t seq)
{
	struct layout_geometry g;
	struct layout_image bi;
	unsigned int got = 99;

	geometry(fx, &g);
	assert_int_equal(layout_install_image(&fx->sim.f, img, len, NULL, NULL, &got), 0);
	assert_int_equal(got, slot);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, slot);
	assert_int_equal(bi.seq, seq);
	assert_int_equal(bi.hdr_off, at29_stripe_addr(&g.slot[slot], 0));
	assert_memory_equal(&bi.area, &g.slot[slot], sizeof(bi.area));
	assert_int_equal(bi.image_len, len);
	slot_equal(fx, &g, slot, img, len);
}

/* ---- geometry --------------------------------------------------------------------------------- */

static void test_geometry_16(void **state)
{
	struct layout_geometry g;

	(void)state;
	assert_int_equal(layout_geometry(16, &g), 0);
	assert_int_equal(g.size, 0x800000);
	/* slots: 184 KiB of every chip each, at 0x20000 and 0x4E000 inside the chip */
	assert_int_equal(at29_stripe_addr(&g.slot[0], 0), 0x020000);
	assert_int_equal(at29_stripe_addr(&g.slot[0], 255), 0x0200FF);
	assert_int_equal(at29_stripe_addr(&g.slot[0], 256), 0x0A0000);
	assert_int_equal(at29_stripe_addr(&g.slot[0], 15 * 256 + 1), 0x7A0001);
	assert_int_equal(at29_stripe_addr(&g.slot[0], 16 * 256), 0x020100);
	assert_int_equal(at29_stripe_addr(&g.slot[1], 0), 0x04E000);
	assert_int_equal(at29_stripe_addr(&g.slot[1], g.slot_size - 1), 0x7FBFFF);
	assert_int_equal(g.slot_size, 0x2E0000);
	assert_true(g.slot_size >= 2 * 1024 * 1024 + IMG_HDR_SIZE);
	/* PDM: the first 128 KiB of chips 1..15 */
	assert_int_equal(g.pdm.first, 1);
	assert_int_equal(g.pdm.chips, 15);
	assert_int_equal(at29_stripe_addr(&g.pdm, 0), 0x080000);
	assert_int_equal(g.pdm_size, 15 * 0x20000);
	assert_int_equal(g.pstate_off, 0x7FF000);
	assert_int_equal(LAYOUT_PSTATE_OFF(16), 0x7FF000);
	/* the model state sits in chip 15's upper boot block */
	assert_true(g.pstate_off >= 15 * AT29_CHIP_SIZE + AT29_BOOT_UPPER);
}

/*
 * Every byte of the bank belongs to at most one of: records (chip 0's first 128 KiB), slot 0,
 * slot 1, PDM, model state; slots and PDM are inside the bank and out of chip 0's records and
 * of every upper boot block.
 */
static void check_areas_disjoint(const struct layout_geometry *g)
{
	uint8_t *owner = calloc(g->size, 1);
	const struct at29_stripe *areas[] = { &g->slot[0], &g->slot[1], &g->pdm };
	uint32_t i, a;
	unsigned int n;

	assert_non_null(owner);
	memset(owner, 1, LAYOUT_META_SIZE);
	memset(owner + g->pstate_off, 2, LAYOUT_PSTATE_SIZE);
	for (n = 0; n < 3; n++) {
		for (i = 0; i < at29_stripe_size(areas[n]); i += AT29_SECTOR_SIZE) {
			a = at29_stripe_addr(areas[n], i);
			assert_true(a < g->size);
			assert_true((a & AT29_CHIP_MASK) < AT29_BOOT_UPPER);
			assert_int_equal(owner[a], 0);
			owner[a] = (uint8_t)(3 + n);
		}
	}
	free(owner);
}

static void test_geometry_all_sizes(void **state)
{
	unsigned int chips;

	(void)state;
	for (chips = 0; chips <= 17; chips++) {
		struct layout_geometry g;
		int err = layout_geometry(chips, &g);
		bool pow2 = chips && !(chips & (chips - 1)) && chips <= 16;

		assert_int_equal(err, pow2 ? 0 : -LAYOUT_EGEOMETRY);
		if (err)
			continue;
		check_areas_disjoint(&g);
		assert_int_equal(g.pstate_off + LAYOUT_PSTATE_SIZE, g.size);
		assert_int_equal(g.slot_size, chips * LAYOUT_SLOT_PER_CHIP);
		assert_int_equal(g.pdm_size, (chips - 1) * LAYOUT_PDM_PER_CHIP);
		assert_true(g.slot_size >= 128 * 1024);
	}
}

/* ---- never formatted, format, identity ------------------------------------------------------- */

static void check_unformatted(struct fixture *fx)
{
	struct layout_identity id;
	struct layout_image bi;
	struct layout_boot_status st;
	struct lic_key k;
	struct layout_config_info ci;
	size_t len;
	uint8_t *img = make_image(1000, "6.3(5)", 1, &len);

	assert_int_equal(layout_read_identity(&fx->sim.f, &id), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_write_key(&fx->sim.f, &key_all), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_install_image(&fx->sim.f, img, len, NULL, NULL, NULL),
			 -LAYOUT_ENOIDENT);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_ENOIDENT);
	assert_int_equal(st.ident_err, -LAYOUT_ENOIDENT);
	assert_int_equal(st.image_err, -LAYOUT_ENOIDENT);
	assert_string_equal(layout_strerror(-LAYOUT_ENOIDENT), "flash not formatted (no identity "
							       "record)");
	free(img);
}

/* QEMU creates a missing flash file zero-filled: that is a never-formatted unit. */
static void test_zero_filled_bank(void **state)
{
	struct fixture *fx = fixture_new(CHIPS, 0x00);

	(void)state;
	check_unformatted(fx);
	/* the model treated the zero state block as factory-fresh chips */
	assert_int_equal(ps(fx, 0)->magic, AT29_PSTATE_MAGIC);
	assert_int_equal(ps(fx, 0)->lock_lo, 0);
	*state = fx;
}

static void test_erased_bank(void **state)
{
	struct fixture *fx = fixture_new(CHIPS, 0xFF);

	check_unformatted(fx);
	*state = fx;
}

static void test_format(void **state)
{
	struct fixture *fx = *state;
	struct layout_identity id;
	struct layout_geometry g;
	struct lic_key k;
	struct layout_config_info ci;
	struct layout_image bi;
	uint32_t i;

	geometry(fx, &g);
	assert_int_equal(layout_read_identity(&fx->sim.f, &id), 0);
	assert_int_equal(id.serial, SERIAL);
	assert_int_equal(id.chips, CHIPS);
	/* identity in the first sector; the rest of the boot block erased; locked for ever */
	assert_memory_equal(fx->array, LAYOUT_IDENT_MAGIC, LAYOUT_MAGIC_LEN);
	for (i = 0x100; i < g.pstate_off; i++)
		if (i < LAYOUT_KEY_OFF || i >= LAYOUT_KEY_OFF + 2 * AT29_SECTOR_SIZE)
			assert_int_equal(fx->array[i], 0xFF);
	assert_int_equal(ps(fx, 0)->lock_lo, 1);
	assert_int_equal(ps(fx, 0)->lock_hi, 0);
	for (i = 1; i < CHIPS; i++)
		assert_int_equal(ps(fx, i)->lock_lo | ps(fx, i)->lock_hi, 0);
	assert_int_equal(fx->sim.f.lock_lo, 1);
	assert_int_equal(fx->sim.f.lock_hi, 0);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_all));
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), -LAYOUT_ENOCONFIG);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_ENOIMAGE);

	/* after a power cycle and a fresh probe, all of it is still there */
	power_up(fx);
	assert_int_equal(fx->sim.f.lock_lo, 1);
	assert_int_equal(layout_read_identity(&fx->sim.f, &id), 0);
	assert_int_equal(id.serial, SERIAL);
}

/* The identity cannot be changed: the driver refuses, a re-format for another serial too. */
static void test_identity_locked(void **state)
{
	struct fixture *fx = *state;
	struct layout_identity id;
	uint8_t junk[AT29_SECTOR_SIZE];
	struct lic_key k;

	memset(junk, 0, sizeof(junk));
	assert_int_equal(at29_write(&fx->sim.f, 0, junk, sizeof(junk), NULL, NULL), -EIO);
	assert_int_equal(fx->sim.f.err_cause, AT29_ERR_LOCKED);
	assert_int_equal(layout_format(&fx->sim.f, OTHER_SERIAL, NULL), -LAYOUT_ELOCKED);
	assert_int_equal(layout_read_identity(&fx->sim.f, &id), 0);
	assert_int_equal(id.serial, SERIAL);
	/* re-formatting for the same serial keeps the identity and erases the rest */
	assert_int_equal(layout_format(&fx->sim.f, SERIAL, NULL), 0);
	assert_int_equal(layout_read_identity(&fx->sim.f, &id), 0);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), -LAYOUT_ENOKEY);
}

/* A bank the identity was not made for (another chip count) is refused. */
static void test_identity_geometry(void **state)
{
	struct fixture *fx = *state;
	struct layout_identity id;

	/* the same file seen as an 8-chip bank: identity says 16 */
	assert_int_equal(at29_probe(&fx->sim.f, &fx->sim.bus, &fx->sim.clk, 8), 0);
	assert_int_equal(layout_read_identity(&fx->sim.f, &id), -LAYOUT_EGEOMETRY);
}

/* Every byte count of a torn identity/key/slot/config record is refused, but a whole one. */
static void test_torn_records(void **state)
{
	struct fixture *fx = *state;
	size_t len;
	uint8_t *img = make_image(600, "6.3(5)", 2, &len);
	const uint32_t offs[] = { LAYOUT_IDENT_OFF, LAYOUT_KEY_OFF, LAYOUT_SLOTREC_OFF,
				  LAYOUT_CONFIG_OFF };
	const size_t sizes[] = { sizeof(struct layout_ident_rec), sizeof(struct layout_key_rec),
				 sizeof(struct layout_slot_rec), sizeof(struct layout_config_rec) };
	const struct img_version v = { 6, 3, 5 };
	unsigned int r, n;

	assert_int_equal(layout_write_config(&fx->sim.f, &v, "x", 1), 0);
	assert_int_equal(layout_install_image(&fx->sim.f, img, len, NULL, NULL, NULL), 0);
	for (r = 0; r < 4; r++) {
		for (n = 0; n <= AT29_SECTOR_SIZE; n++) {
			uint8_t s[AT29_SECTOR_SIZE];
			int err, want;

			memcpy(s, fx->array + offs[r], sizeof(s));
			memset(s + n, 0xFF, sizeof(s) - n);
			if (r == 0)
				err = layout_parse_identity(s, sizeof(s), NULL);
			else if (r == 1)
				err = layout_parse_key(s, sizeof(s), NULL, NULL);
			else if (r == 2)
				err = layout_parse_slot_record(s, sizeof(s), NULL);
			else
				err = layout_parse_config(s, sizeof(s), NULL);
			want = n >= sizes[r] ? 0 : n == 0 ? -LAYOUT_EEMPTY : -LAYOUT_ECORRUPT;
			assert_int_equal(err, want);
		}
	}
	free(img);
}

/* ---- activation key --------------------------------------------------------------------------- */

static void test_key_two_copies(void **state)
{
	struct fixture *fx = *state;
	struct lic_key k;
	uint32_t programmed;

	/* format wrote copy A (seq 1); the next goes to B, then A again */
	assert_int_equal(layout_write_key(&fx->sim.f, &key_no3des), 0);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_no3des));
	assert_int_equal(layout_write_key(&fx->sim.f, &key_small), 0);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_small));
	assert_int_equal(img_le32_get(fx->array + LAYOUT_KEY_OFF + 12), 3);
	assert_int_equal(img_le32_get(fx->array + LAYOUT_KEY_OFF + AT29_SECTOR_SIZE + 12), 2);
	/* the same key again programs nothing */
	programmed = fx->sim.f.stats.programmed;
	assert_int_equal(layout_write_key(&fx->sim.f, &key_small), 0);
	assert_int_equal(fx->sim.f.stats.programmed, programmed);
	/* a damaged current copy: the other one is current */
	fx->array[LAYOUT_KEY_OFF + 20] ^= 1;
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_no3des));
	fx->array[LAYOUT_KEY_OFF + AT29_SECTOR_SIZE + 20] ^= 1;
	assert_int_equal(layout_read_key(&fx->sim.f, &k), -LAYOUT_ENOKEY);
}

/* A power cut while a new key is written leaves the old key. */
static void test_key_power_cut(void **state)
{
	struct fixture *fx = *state;
	uint32_t sector = (LAYOUT_KEY_OFF + AT29_SECTOR_SIZE) / AT29_SECTOR_SIZE;
	unsigned int bytes;
	struct lic_key k;

	for (bytes = 0; bytes < sizeof(struct layout_key_rec); bytes += 7) {
		at29_model_fault_power_cut(&fx->sim.m, sector, bytes);
		assert_int_not_equal(layout_write_key(&fx->sim.f, &key_small), 0);
		power_up(fx);
		assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
		assert_true(lic_key_equal(&k, &key_all));
	}
	assert_int_equal(layout_write_key(&fx->sim.f, &key_small), 0);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_small));
}

/* ---- configuration ---------------------------------------------------------------------------- */

static void test_config(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "hostname pixfirewall\nnameif ethernet0 outside security0\n";
	const struct img_version v = { 6, 3, 5 };
	struct layout_config_info ci;
	char buf[256];
	uint8_t *big;

	assert_int_equal(layout_write_config(&fx->sim.f, &v, text, strlen(text)), 0);
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), 0);
	assert_int_equal(ci.version.major, 6);
	assert_int_equal(ci.version.minor, 3);
	assert_int_equal(ci.version.maint, 5);
	assert_int_equal(ci.text_len, strlen(text));
	assert_int_equal(layout_read_config(&fx->sim.f, buf, sizeof(buf), &ci), 0);
	assert_memory_equal(buf, text, strlen(text));
	assert_int_equal(layout_read_config(&fx->sim.f, buf, 4, &ci), -LAYOUT_ETOOBIG);

	/* the largest text fits; one more byte does not */
	big = malloc(LAYOUT_CONFIG_TEXT_MAX + 1);
	memset(big, 'c', LAYOUT_CONFIG_TEXT_MAX + 1);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, big, LAYOUT_CONFIG_TEXT_MAX + 1),
			 -LAYOUT_ETOOBIG);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, big, LAYOUT_CONFIG_TEXT_MAX), 0);
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), 0);
	assert_int_equal(ci.text_len, LAYOUT_CONFIG_TEXT_MAX);
	/* the text ends before the slots */
	assert_true(LAYOUT_CONFIG_TEXT_OFF + LAYOUT_CONFIG_TEXT_MAX <= LAYOUT_META_SIZE);
	free(big);

	/* an empty configuration is a configuration */
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "", 0), 0);
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), 0);
	assert_int_equal(ci.text_len, 0);

	/* a damaged text is no configuration */
	assert_int_equal(layout_write_config(&fx->sim.f, &v, text, strlen(text)), 0);
	fx->array[LAYOUT_CONFIG_TEXT_OFF + 3] ^= 0x20;
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), -LAYOUT_ENOCONFIG);
}

/* A power cut during a configuration write leaves none, never a mix. */
static void test_config_power_cut(void **state)
{
	struct fixture *fx = *state;
	const struct img_version v = { 6, 3, 5 };
	struct layout_config_info ci;
	uint32_t cuts[] = { LAYOUT_CONFIG_OFF / AT29_SECTOR_SIZE,
			    LAYOUT_CONFIG_TEXT_OFF / AT29_SECTOR_SIZE };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(layout_write_config(&fx->sim.f, &v, "old", 3), 0);
		at29_model_fault_power_cut(&fx->sim.m, cuts[i], 10);
		assert_int_not_equal(layout_write_config(&fx->sim.f, &v, "new text", 8), 0);
		power_up(fx);
		assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), -LAYOUT_ENOCONFIG);
	}
}

/* ---- images ----------------------------------------------------------------------------------- */

static void progress(void *ctx, size_t done)
{
	struct fixture *fx = ctx;

	assert_true(done >= fx->last_progress);
	fx->last_progress = done;
}

static void test_install_alternates(void **state)
{
	struct fixture *fx = *state;
	size_t la, lb, lc;
	uint8_t *a = make_image(5000, "6.3(5)", 3, &la);
	uint8_t *b = make_image(70000, "6.3(6)", 4, &lb);
	uint8_t *c = make_image(123, "6.4(1)", 5, &lc);
	unsigned int slot;

	install_ok(fx, a, la, 0, 1);
	install_ok(fx, b, lb, 1, 2);
	install_ok(fx, c, lc, 0, 3);
	/* B is still intact in slot 1 */
	{
		struct layout_slots s;

		assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
		assert_int_equal(s.current, 0);
		assert_int_equal(s.max_seq, 3);
		assert_true(s.slot[1].bootable);
		assert_int_equal(s.slot[1].state, LAYOUT_SLOT_VALID);
		assert_int_equal(s.slot[1].info.version.maint, 6);
	}
	/* progress counts up to the image length */
	fx->last_progress = 0;
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb, progress, fx, &slot), 0);
	assert_int_equal(slot, 1);
	assert_int_equal(fx->last_progress, lb);
	/* bytes past the image are ignored */
	a = realloc(a, la + 100);
	memset(a + la, 0xEE, 100);
	assert_int_equal(layout_install_image(&fx->sim.f, a, la + 100, NULL, NULL, &slot), 0);
	assert_int_equal(slot, 0);
	assert_int_equal(fx->array[LAYOUT_META_SIZE + la], 0xFF);
	free(a);
	free(b);
	free(c);
}

/* Images that are not right are refused and leave the flash as it was. */
static void test_install_rejects(void **state)
{
	struct fixture *fx = *state;
	size_t la, lb, lp;
	uint8_t *a = make_image(4000, "6.3(5)", 6, &la);
	uint8_t *b = make_image(4000, "6.3(6)", 7, &lb);
	uint8_t *pdm = make_image(100, "1.1(2)", 8, &lp);
	uint8_t *before = malloc(fx->size);
	struct img_info info;
	struct layout_image bi;

	install_ok(fx, a, la, 0, 1);
	memcpy(before, fx->array, fx->size);

	b[IMG_HDR_SIZE + 100] ^= 1; /* tampered payload */
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL),
			 -IMG_EPAYLOADSUM);
	b[IMG_HDR_SIZE + 100] ^= 1;
	b[0x50] ^= 1; /* tampered header */
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL), -IMG_EHDRSUM);
	b[0x50] ^= 1;
	b[0] = 'X'; /* wrong magic */
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL), -IMG_EMAGIC);
	b[0] = 'P';
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb - 1, NULL, NULL, NULL),
			 -IMG_ETRUNC);
	assert_int_equal(layout_install_image(&fx->sim.f, b, 100, NULL, NULL, NULL), -IMG_ESHORT);
	/* a PDM archive is not an OS image */
	assert_int_equal(img_parse_header(pdm, lp, &info), 0);
	info.kind = IMG_KIND_PDM;
	info.load_addr = info.entry_addr = 0;
	assert_int_equal(img_make_header(pdm, &info, pdm + IMG_HDR_SIZE), 0);
	assert_int_equal(layout_install_image(&fx->sim.f, pdm, lp, NULL, NULL, NULL),
			 -LAYOUT_EKIND);

	assert_memory_equal(fx->array, before, fx->size);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, 0);
	/* and a good one still goes in */
	install_ok(fx, b, lb, 1, 2);
	free(a);
	free(b);
	free(pdm);
	free(before);
}

/* An image bigger than a slot (1-chip bank: 176 KiB slots) is refused. */
static void test_install_too_big(void **state)
{
	struct fixture *fx = fixture_new(1, 0xFF);
	struct layout_geometry g;
	size_t len;
	uint8_t *img;

	*state = fx;
	geometry(fx, &g);
	assert_int_equal(g.slot_size, 0x2E000);
	assert_int_equal(layout_format(&fx->sim.f, SERIAL, &key_all), 0);
	img = make_image(g.slot_size - IMG_HDR_SIZE + 1, "6.3(5)", 9, &len);
	assert_int_equal(layout_install_image(&fx->sim.f, img, len, NULL, NULL, NULL),
			 -LAYOUT_ETOOBIG);
	free(img);
	img = make_image(g.slot_size - IMG_HDR_SIZE, "6.3(5)", 9, &len);
	install_ok(fx, img, len, 0, 1);
	install_ok(fx, img, len, 1, 2);
	free(img);
}

/* Images damaged in flash: the other slot boots; none left, EBADIMAGE; never a broken one. */
static void test_damaged_in_flash(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	struct layout_image bi;
	struct layout_slots s;
	size_t la, lb;
	uint8_t *a = make_image(3000, "6.3(5)", 10, &la);
	uint8_t *b = make_image(3000, "6.3(6)", 11, &lb);

	geometry(fx, &g);
	install_ok(fx, a, la, 0, 1);
	install_ok(fx, b, lb, 1, 2);
	*slot_byte(fx, &g, 1, IMG_HDR_SIZE + 7) ^= 0x80; /* payload of B */
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].hdr_err, 0);
	assert_int_equal(s.slot[1].payload_err, -IMG_EPAYLOADSUM);
	assert_false(s.slot[1].bootable);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, 0);
	/* the next install replaces the broken one, not the one that boots */
	install_ok(fx, b, lb, 1, 3);
	*slot_byte(fx, &g, 1, 0x48) ^= 1; /* header of B */
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].hdr_err, -IMG_EHDRSUM);
	*slot_byte(fx, &g, 0, IMG_HDR_SIZE) ^= 1; /* and A */
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), -LAYOUT_EBADIMAGE);
	assert_string_equal(layout_strerror(-LAYOUT_EBADIMAGE), "Checksum verification on flash "
								"image failed");
	free(a);
	free(b);
}

/* Writes a well-formed slot record straight into the array (what a buggy writer might leave). */
static void forge_slot_rec(struct fixture *fx, unsigned int slot, uint32_t state, uint32_t seq,
			   uint32_t image_len, const uint8_t *hdr_sha)
{
	uint8_t *r = fx->array + LAYOUT_SLOTREC_OFF + slot * AT29_SECTOR_SIZE;

	memset(r, 0xFF, AT29_SECTOR_SIZE);
	memset(r, 0, sizeof(struct layout_slot_rec));
	memcpy(r, LAYOUT_SLOT_MAGIC, LAYOUT_MAGIC_LEN);
	img_le32_put(r + 8, LAYOUT_SLOT_REC_VERSION);
	img_le32_put(r + 12, seq);
	img_le32_put(r + 16, state);
	img_le32_put(r + 20, image_len);
	memcpy(r + 24, hdr_sha, 32);
	mbedtls_sha256_ret(r, 0x40, r + 0x40, 0);
}

/* Only the image a record names, whole and verified, boots: forged records cannot do it. */
static void test_record_binds_image(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	struct layout_image bi;
	struct layout_slots s;
	size_t la, lb;
	uint8_t *a = make_image(3000, "6.3(5)", 12, &la);
	uint8_t *b = make_image(3000, "6.3(6)", 13, &lb);

	geometry(fx, &g);
	install_ok(fx, a, la, 0, 1);
	/* a "valid" record of higher seq over a slot holding half of B */
	slot_put(fx, &g, 1, b, lb / 2);
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_VALID, 9, (uint32_t)lb, b + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, 0);
	/* B whole, but the record names another header */
	slot_put(fx, &g, 1, b, lb);
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_VALID, 9, (uint32_t)lb, a + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].hdr_err, -LAYOUT_EVERIFY);
	assert_int_equal(s.current, 0);
	/* a record whose length is not the image's */
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_VALID, 9, (uint32_t)lb + 256, b + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].hdr_err, -LAYOUT_EVERIFY);
	/* a length beyond the slot */
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_VALID, 9, g.slot_size + 1, b + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].state, LAYOUT_SLOT_CORRUPT);
	/* "writing" never boots, even with a whole image */
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_WRITING, 9, (uint32_t)lb, b + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	assert_int_equal(s.slot[1].state, LAYOUT_SLOT_WRITING);
	assert_int_equal(s.current, 0);
	assert_int_equal(s.max_seq, 9);
	/* the right record makes it current */
	forge_slot_rec(fx, 1, LAYOUT_SLOT_REC_VALID, 9, (uint32_t)lb, b + IMG_HDR_HASHED_LEN);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, 1);
	/* the next install takes seq 10 and slot 0 */
	install_ok(fx, a, la, 0, 10);
	free(a);
	free(b);
}

/* ---- the flash boot decision ------------------------------------------------------------------ */

static void test_boot_check(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	struct layout_boot_status st;
	struct lic_features feat = { .max_interfaces = 4 };
	struct lic_key other;
	const struct img_version newer = { 7, 0, 1 }, older = { 6, 3, 4 };
	size_t len;
	uint8_t *img = make_image(2000, "6.3(5)", 14, &len);

	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_ENOIMAGE);
	assert_int_equal(st.ident_err, 0);
	assert_int_equal(st.ident.serial, SERIAL);
	assert_int_equal(st.key_err, 0);
	assert_true(st.features.failover && st.features.vpn_3des && st.features.websense);
	assert_int_equal(st.config_err, -LAYOUT_ENOCONFIG);

	install_ok(fx, img, len, 0, 1);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.image.slot, 0);
	assert_false(st.config_newer);

	/* configuration newer than the image: boots, with the warning flag */
	assert_int_equal(layout_write_config(&fx->sim.f, &newer, "x", 1), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_true(st.config_newer);
	assert_int_equal(layout_write_config(&fx->sim.f, &older, "x", 1), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_false(st.config_newer);

	/* a genuine key for another unit */
	assert_int_equal(lic_make(OTHER_SERIAL, &feat, LIC_DEV_VENDOR_KEY, &other), 0);
	assert_int_equal(layout_write_key(&fx->sim.f, &other), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_EKEY);
	assert_int_equal(st.lic_err, -ENODEV);
	assert_string_equal(layout_strerror(-LAYOUT_EKEY), LIC_MSG_NOT_VALID);
	/* not a key at all */
	other.w[2] ^= 1;
	assert_int_equal(layout_write_key(&fx->sim.f, &other), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_EKEY);
	assert_int_equal(st.lic_err, -EINVAL);
	/* the right key under another vendor key */
	assert_int_equal(layout_write_key(&fx->sim.f, &key_small), 0);
	assert_int_equal(layout_boot_check(&fx->sim.f, (const uint8_t *)"0123456789abcdef", &st),
			 -LAYOUT_EKEY);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.features.max_interfaces, 2);
	assert_int_equal(st.features.throughput_mbps, 60);

	/* no key at all: erase both copies */
	memset(fx->array + LAYOUT_KEY_OFF, 0xFF, 2 * AT29_SECTOR_SIZE);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_ENOKEY);
	/* an image problem is reported before a key problem */
	geometry(fx, &g);
	*slot_byte(fx, &g, 0, IMG_HDR_SIZE) ^= 1;
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_EBADIMAGE);
	free(img);
}

/* ---- power cuts during an install ------------------------------------------------------------- */

/* After a cut: power up, and the boot image must be A or B, whole; returns its slot. */
static unsigned int boot_after_cut(struct fixture *fx, const uint8_t *a, size_t la,
				   const uint8_t *b, size_t lb)
{
	struct layout_geometry g;
	struct layout_image bi;

	geometry(fx, &g);
	power_up(fx);
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	if (bi.slot == 0)
		slot_equal(fx, &g, 0, a, la);
	else
		slot_equal(fx, &g, 1, b, lb);
	return bi.slot;
}

/* Progress hook of the sweep: when the whole image is programmed, arm a cut on @arm_sector. */
static void arm_at_end(void *ctx, size_t done)
{
	struct fixture *fx = ctx;

	if (done == fx->last_progress)
		at29_model_fault_power_cut(&fx->sim.m, fx->arm_sector, fx->arm_bytes);
}

/*
 * A current image A in slot 0; B (striped over every chip) being installed to slot 1 is cut:
 * (1) after the n-th bus write, for n spread over the whole install (records, every part of
 * the payload, verify), (2) mid-sector with the model's fault, in the "writing" record, in
 * payload sectors on both chips, and in the "valid" record with every interesting byte count.
 * Every time, A or B boots whole; B only once its record is complete; a new install succeeds.
 */
static void test_power_cut_sweep(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	size_t la, lb;
	uint8_t *a = make_image(10000, "6.3(5)", 15, &la);
	uint8_t *b = make_image(300000, "6.3(6)", 16, &lb);
	uint8_t *snap = malloc(fx->size);
	uint32_t rec_sector = (LAYOUT_SLOTREC_OFF + AT29_SECTOR_SIZE) / AT29_SECTOR_SIZE;
	uint64_t w0, total;
	unsigned int i, cuts = 0, got_a = 0, got_b = 0;
	uint32_t last;

	geometry(fx, &g);
	last = (uint32_t)((lb - 1) / AT29_SECTOR_SIZE); /* B's last sector in the slot */
	assert_true(last >= 2 * CHIPS);
	install_ok(fx, a, la, 0, 1);
	memcpy(snap, fx->array, fx->size);

	/* how many bus writes a whole install of B takes */
	w0 = fx->sim.writes;
	install_ok(fx, b, lb, 1, 2);
	total = fx->sim.writes - w0;

	/*
	 * (1) cut after bus write n: 40 points over the install (n = 1 is before anything was
	 * programmed; the 41st, past the last write, is an install that completes), then the last
	 * few writes, in the "valid" record's load
	 */
	for (i = 0; i <= 44; i++) {
		uint64_t n = i <= 40 ? 1 + total * i / 40 : total - (44 - i) * 50;
		int err;

		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->sim.cut_at = fx->sim.writes + n;
		err = layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL);
		if (n < total)
			assert_int_not_equal(err, 0);
		if (boot_after_cut(fx, a, la, b, lb))
			got_b++;
		else
			got_a++;
		cuts++;
	}
	assert_int_equal(got_a, 44);
	assert_int_equal(got_b, 1);

	/* (2a) mid-sector cuts in the "writing" record and in the payload */
	{
		const uint32_t sectors[] = { rec_sector,
					     rec_sector,
					     rec_sector,
					     slot_sector(&g, 1, 0),
					     slot_sector(&g, 1, 1),
					     slot_sector(&g, 1, CHIPS - 1),
					     slot_sector(&g, 1, CHIPS),
					     slot_sector(&g, 1, 500),
					     slot_sector(&g, 1, last - 1),
					     slot_sector(&g, 1, last) };
		const uint32_t bytes[] = { 0, 40, 256, 0, 128, 255, 9, 17, 200, 3 };

		for (i = 0; i < sizeof(sectors) / sizeof(sectors[0]); i++) {
			memcpy(fx->array, snap, fx->size);
			power_up(fx);
			at29_model_fault_power_cut(&fx->sim.m, sectors[i], bytes[i]);
			assert_int_not_equal(
				layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL), 0);
			assert_int_equal(boot_after_cut(fx, a, la, b, lb), 0);
			cuts++;
		}
	}
	/* (2b) the "valid" record torn after n bytes: B only when the record is whole */
	{
		const uint32_t bytes[] = { 0, 1, 8, 16, 40, 63, 64, 65, 95, 96, 97, 200, 256 };

		for (i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
			unsigned int slot;

			memcpy(fx->array, snap, fx->size);
			power_up(fx);
			fx->arm_sector = rec_sector;
			fx->arm_bytes = bytes[i];
			fx->last_progress = lb;
			assert_int_not_equal(
				layout_install_image(&fx->sim.f, b, lb, arm_at_end, fx, NULL), 0);
			slot = boot_after_cut(fx, a, la, b, lb);
			assert_int_equal(slot, bytes[i] >= sizeof(struct layout_slot_rec) ? 1 : 0);
			cuts++;
		}
	}
	print_message("power-cut sweep: %u cut points, %u left A, %u left B\n", cuts, got_a, got_b);
	assert_true(cuts >= 20);

	/* after all that, an install goes through */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	fx->sim.cut_at = fx->sim.writes + total / 2;
	assert_int_not_equal(layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL), 0);
	power_up(fx);
	install_ok(fx, b, lb, 1, 3);
	free(a);
	free(b);
	free(snap);
}

/*
 * Two images of the same size: a flash boot's check (and an install's) reads only the newest
 * one when it verifies, `pix-flash show`'s scan reads both; a newest one that fails sends the
 * check on to the older one, which then boots.
 */
static void test_boot_check_reads_newest_only(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	struct layout_image bi;
	struct layout_slots s;
	size_t la, lb;
	uint8_t *a = make_image(200000, "6.3(5)", 18, &la);
	uint8_t *b = make_image(200000, "6.3(6)", 19, &lb);
	uint64_t t0, lazy, full;

	geometry(fx, &g);
	install_ok(fx, a, la, 0, 1);
	install_ok(fx, b, lb, 1, 2);
	t0 = fx->sim.ns;
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	lazy = fx->sim.ns - t0;
	assert_int_equal(bi.slot, 1);
	t0 = fx->sim.ns;
	assert_int_equal(layout_scan_slots(&fx->sim.f, &s), 0);
	full = fx->sim.ns - t0;
	assert_true(s.slot[0].bootable && s.slot[1].bootable);
	assert_int_equal(s.current, 1);
	/* one image read instead of two: a little over half the bus time */
	assert_true(lazy * 10 < full * 6);
	assert_true(lazy * 10 > full * 4);
	/* the newest damaged: the older one is read, and boots */
	*slot_byte(fx, &g, 1, IMG_HDR_SIZE + 100) ^= 1;
	assert_int_equal(layout_find_boot_image(&fx->sim.f, &bi), 0);
	assert_int_equal(bi.slot, 0);
	free(a);
	free(b);
}

/* Installs write nothing but the slot and its record: not the PDM area, not the other slot. */
static void test_install_stays_in_slot(void **state)
{
	struct fixture *fx = *state;
	struct layout_geometry g;
	size_t la;
	uint8_t *a = make_image(200000, "6.3(5)", 17, &la);
	uint8_t *before = malloc(fx->size);
	uint8_t *mine = calloc(fx->size, 1);
	uint32_t i;

	geometry(fx, &g);
	memcpy(before, fx->array, fx->size);
	install_ok(fx, a, la, 0, 1);
	memset(mine + LAYOUT_SLOTREC_OFF, 1, AT29_SECTOR_SIZE);
	/* the chips' own state: the first protected load turns a fresh chip's SDP on */
	memset(mine + g.pstate_off, 1, LAYOUT_PSTATE_SIZE);
	for (i = 0; i < la; i++)
		mine[at29_stripe_addr(&g.slot[0], i)] = 1;
	for (i = 0; i < fx->size; i++)
		if (!mine[i] && fx->array[i] != before[i])
			fail_msg("byte 0x%x changed", i);
	free(a);
	free(before);
	free(mine);
}

static void test_strerror(void **state)
{
	int e;

	(void)state;
	for (e = LAYOUT_ENOIDENT; e <= LAYOUT_ELAST; e++)
		assert_non_null(layout_strerror(-e));
	assert_string_equal(layout_strerror(-IMG_EMAGIC), "not a PIX image");
	assert_string_equal(layout_strerror(-EIO), "flash write failed");
	assert_string_equal(layout_strerror(-9999), "unknown flash error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_16),
		cmocka_unit_test(test_geometry_all_sizes),
		cmocka_unit_test_teardown(test_zero_filled_bank, teardown),
		cmocka_unit_test_teardown(test_erased_bank, teardown),
		cmocka_unit_test_setup_teardown(test_format, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_identity_locked, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_identity_geometry, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_torn_records, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_key_two_copies, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_key_power_cut, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_config, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_config_power_cut, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_install_alternates, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_install_rejects, setup_formatted, teardown),
		cmocka_unit_test_teardown(test_install_too_big, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_in_flash, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_record_binds_image, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_boot_check, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_sweep, setup_formatted, teardown),
		cmocka_unit_test_setup_teardown(test_boot_check_reads_newest_only, setup_formatted,
						teardown),
		cmocka_unit_test_setup_teardown(test_install_stays_in_slot, setup_formatted,
						teardown),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
