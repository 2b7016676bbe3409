/* Unit tests of the PDM archive store (flash/layout_pdm.c) on the real driver and chip model. */
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

#define SERIAL 12345678u

/* DESIGN.md vectors for serial 12345678. */
static const struct lic_key key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };
static const struct lic_key key_small = { { 0x167f137f, 0x7653ee5b, 0xa1591a7d, 0xf8a49356 } };

#define PDM_REC_SECTOR (LAYOUT_PDMREC_OFF / AT29_SECTOR_SIZE)

struct fixture {
	unsigned int chips;
	uint32_t size;
	uint8_t *array; /* the flash file: array, model state in its last 4 KiB */
	struct at29_sim sim; /* clock, bus with power-cut hook, model, driver */
	struct layout_geometry g;
	size_t last_progress; /* progress hook: highest count seen */
	size_t arm_at; /* progress hook: arm a cut on the record when this count is reached */
	uint32_t arm_bytes;
};

/* Powers the bank up (again) over the same file and probes it; no power cut is armed. */
static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_start(&fx->sim, fx->chips, fx->array,
					fx->array + LAYOUT_PSTATE_OFF(fx->chips),
					AT29_MODEL_TIMING_FAST),
			 0);
}

/* A bank of @chips erased chips, formatted for SERIAL with the full key unless @fill is 0. */
static struct fixture *fixture_new(unsigned int chips, uint8_t fill)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->chips = chips;
	fx->size = chips * AT29_CHIP_SIZE;
	fx->array = malloc(fx->size);
	assert_non_null(fx->array);
	memset(fx->array, fill, fx->size);
	assert_int_equal(layout_geometry(chips, &fx->g), 0);
	at29_sim_init(&fx->sim, true);
	fx->sim.ns = 1000000;
	power_up(fx);
	if (fill)
		assert_int_equal(layout_format(&fx->sim.f, SERIAL, &key_all), 0);
	return fx;
}

static int setup16(void **state)
{
	*state = fixture_new(16, 0xFF);
	return 0;
}

static int setup4(void **state)
{
	*state = fixture_new(4, 0xFF);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx) {
		free(fx->array);
		free(fx);
	}
	return 0;
}

/* A PIX image of @kind with @payload_len pseudo-random bytes; *len gets its size. */
static uint8_t *make_kind(uint32_t kind, uint32_t payload_len, const char *version, uint32_t seed,
			  size_t *len)
{
	struct img_info info;
	uint8_t *img = malloc(IMG_HDR_SIZE + payload_len + 1);
	uint32_t i;

	assert_non_null(img);
	memset(&info, 0, sizeof(info));
	for (i = 0; i < payload_len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		img[IMG_HDR_SIZE + i] = (uint8_t)seed;
	}
	info.kind = kind;
	assert_int_equal(img_version_parse(version, &info.version), 0);
	info.payload_size = payload_len;
	if (kind == IMG_KIND_OS)
		info.load_addr = info.entry_addr = 0x400000;
	strcpy(info.build, kind == IMG_KIND_OS ? "os build" : "pdm build");
	assert_int_equal(img_make_header(img, &info, img + IMG_HDR_SIZE), 0);
	*len = IMG_HDR_SIZE + payload_len;
	return img;
}

static uint8_t *make_pdm(uint32_t payload_len, const char *version, uint32_t seed, size_t *len)
{
	return make_kind(IMG_KIND_PDM, payload_len, version, seed, len);
}

/* Where byte @off of the PDM area is in the array. */
static uint8_t *pdm_byte(struct fixture *fx, uint32_t off)
{
	return fx->array + at29_stripe_addr(&fx->g.pdm, off);
}

/* Whether the PDM area starts with the @len bytes at @data (read behind the driver's back). */
static bool pdm_holds(struct fixture *fx, const uint8_t *data, size_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (*pdm_byte(fx, i) != data[i])
			return false;
	return true;
}

/* Asserts that layout_read_pdm() finds @img (@len bytes) and that the area reads back as it. */
static void pdm_is(struct fixture *fx, const uint8_t *img, size_t len)
{
	struct img_info info, want;
	uint8_t *back = malloc(len);

	assert_int_equal(img_parse_header(img, len, &want), 0);
	assert_int_equal(layout_read_pdm(&fx->sim.f, &info), 0);
	assert_int_equal(info.kind, IMG_KIND_PDM);
	assert_memory_equal(&info.version, &want.version, sizeof(info.version));
	assert_int_equal(info.payload_size, want.payload_size);
	assert_int_equal(info.payload_size, len - IMG_HDR_SIZE);
	assert_memory_equal(info.payload_sha256, want.payload_sha256, IMG_SHA256_LEN);
	assert_string_equal(info.build, want.build);
	assert_int_equal(layout_read_pdm_data(&fx->sim.f, 0, back, len), 0);
	assert_memory_equal(back, img, len);
	assert_true(pdm_holds(fx, img, len));
	free(back);
}

/* The PDM record as the array holds it, checked byte for byte against layout.h. */
static void check_record_bytes(struct fixture *fx, uint32_t state, const uint8_t *img, size_t len)
{
	const uint8_t *r = fx->array + LAYOUT_PDMREC_OFF;
	uint8_t sum[32];
	unsigned int i;

	assert_memory_equal(r, "PIXPDMAR", 8);
	assert_int_equal(img_le32_get(r + 0x08), 1);
	assert_int_equal(img_le32_get(r + 0x0c), state);
	assert_int_equal(img_le32_get(r + 0x10), len);
	for (i = 0x14; i < 0x20; i++)
		assert_int_equal(r[i], 0);
	assert_memory_equal(r + 0x20, img + IMG_HDR_HASHED_LEN, 32);
	mbedtls_sha256_ret(r, 0x40, sum, 0);
	assert_memory_equal(r + 0x40, sum, 32);
	for (i = 0x60; i < AT29_SECTOR_SIZE; i++)
		assert_int_equal(r[i], 0xFF);
}

/*
 * Asserts that nothing but the PDM record sector, the PDM area and the chips' own state
 * differs between the array and @before: identity, keys, slot records, configuration and
 * both image slots are untouched.
 */
static void only_pdm_changed(struct fixture *fx, const uint8_t *before)
{
	unsigned int c;

	assert_memory_equal(fx->array, before, LAYOUT_PDMREC_OFF);
	assert_memory_equal(fx->array + LAYOUT_PDMREC_OFF + AT29_SECTOR_SIZE,
			    before + LAYOUT_PDMREC_OFF + AT29_SECTOR_SIZE,
			    AT29_CHIP_SIZE - LAYOUT_PDMREC_OFF - AT29_SECTOR_SIZE);
	for (c = 1; c < fx->chips; c++) {
		uint32_t from = c * AT29_CHIP_SIZE + LAYOUT_PDM_PER_CHIP;
		uint32_t to = (c + 1) * AT29_CHIP_SIZE;

		if (c == fx->chips - 1)
			to = fx->g.pstate_off;
		assert_memory_equal(fx->array + from, before + from, to - from);
	}
}

static void progress(void *ctx, size_t done)
{
	struct fixture *fx = ctx;

	assert_true(done >= fx->last_progress);
	fx->last_progress = done;
	if (fx->arm_at && done == fx->arm_at)
		at29_model_fault_power_cut(&fx->sim.m, PDM_REC_SECTOR, fx->arm_bytes);
}

/* ---- no archive -------------------------------------------------------------------------------- */

static void test_none(void **state)
{
	struct fixture *fx = *state;
	struct layout_pdm_info pi;
	struct img_info info;

	assert_int_equal(layout_read_pdm(&fx->sim.f, &info), -LAYOUT_ENOPDM);
	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), 0);
	assert_int_equal(pi.state, LAYOUT_PDM_EMPTY);
	assert_int_equal(pi.err, -LAYOUT_ENOPDM);
	assert_memory_equal(&pi.area, &fx->g.pdm, sizeof(pi.area));
	assert_string_equal(layout_strerror(-LAYOUT_ENOPDM), "no PDM archive in flash");
	assert_string_equal(layout_strerror(-LAYOUT_EBADPDM), "PDM archive in flash is corrupt");
	assert_string_equal(layout_strerror(-LAYOUT_ENOPDMAREA), "no PDM area in a one-chip flash");
}

/* A bank never formatted: nothing is read or written past the identity. */
static void test_unformatted(void **state)
{
	struct fixture *fx = fixture_new(16, 0x00);
	struct layout_pdm_info pi;
	size_t len;
	uint8_t *a = make_pdm(1000, "3.0(1)", 1, &len);
	uint8_t *before = malloc(fx->size);

	*state = fx;
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_pdm(&fx->sim.f, a, len, NULL, NULL), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_read_pdm(&fx->sim.f, NULL), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), -LAYOUT_ENOIDENT);
	/* the model's state block was zero: it set up its own; the array is as it was */
	assert_memory_equal(fx->array, before, fx->g.pstate_off);
	free(a);
	free(before);
}

/* ---- install and read back --------------------------------------------------------------------- */

static void test_install_read(void **state)
{
	struct fixture *fx = *state;
	struct layout_pdm_info pi;
	size_t la, lb;
	uint8_t *a = make_pdm(300000, "3.0(1)", 2, &la); /* spans all 15 chips many times */
	uint8_t *b = make_pdm(1000, "3.0(2)", 3, &lb);
	uint64_t writes;

	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, progress, fx), 0);
	assert_int_equal(fx->last_progress, la);
	pdm_is(fx, a, la);
	check_record_bytes(fx, LAYOUT_PDM_REC_VALID, a, la);
	/* archive sector k is in chip 1 + k % 15, from the start of the chip */
	assert_memory_equal(fx->array + 1 * AT29_CHIP_SIZE, a, AT29_SECTOR_SIZE);
	assert_memory_equal(fx->array + 2 * AT29_CHIP_SIZE, a + AT29_SECTOR_SIZE, AT29_SECTOR_SIZE);
	assert_memory_equal(fx->array + 1 * AT29_CHIP_SIZE + AT29_SECTOR_SIZE, a + 15 * 256, 256);
	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), 0);
	assert_int_equal(pi.state, LAYOUT_PDM_VALID);
	assert_int_equal(pi.archive_len, la);
	assert_int_equal(pi.hdr_err, 0);
	assert_int_equal(pi.payload_err, 0);
	assert_int_equal(pi.err, 0);
	assert_int_equal(pi.info.version.maint, 1);

	/* a smaller one replaces it; bytes past the archive are ignored */
	b = realloc(b, lb + 100);
	memset(b + lb, 0xEE, 100);
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb + 100, NULL, NULL), 0);
	pdm_is(fx, b, lb);
	check_record_bytes(fx, LAYOUT_PDM_REC_VALID, b, lb);
	assert_int_equal(*pdm_byte(fx, (uint32_t)lb), a[lb]); /* A's bytes past B stay */

	/* the same archive again writes nothing at all */
	writes = fx->sim.writes;
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	assert_int_equal(fx->sim.writes, writes);
	pdm_is(fx, b, lb);

	/* and everything survives a power cycle */
	power_up(fx);
	pdm_is(fx, b, lb);
	free(a);
	free(b);
}

/* An archive with an empty payload is an archive (PDM payloads need not be code). */
static void test_empty_payload(void **state)
{
	struct fixture *fx = *state;
	struct img_info info;
	size_t len;
	uint8_t *a = make_pdm(0, "3.0(1)", 4, &len);

	assert_int_equal(layout_install_pdm(&fx->sim.f, a, len, NULL, NULL), 0);
	assert_int_equal(layout_read_pdm(&fx->sim.f, &info), 0);
	assert_int_equal(info.payload_size, 0);
	check_record_bytes(fx, LAYOUT_PDM_REC_VALID, a, IMG_HDR_SIZE);
	free(a);
}

/* ---- refusals: checked before anything is written ---------------------------------------------- */

static void refused(struct fixture *fx, const uint8_t *img, size_t len, int want)
{
	uint8_t *before = malloc(fx->size);

	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_pdm(&fx->sim.f, img, len, NULL, NULL), want);
	assert_memory_equal(fx->array, before, fx->size);
	free(before);
}

static void test_refusals(void **state)
{
	struct fixture *fx = *state;
	size_t la, lb, lo;
	uint8_t *a = make_pdm(2000, "3.0(1)", 5, &la);
	uint8_t *b = make_pdm(3000, "3.0(2)", 6, &lb);
	uint8_t *os = make_kind(IMG_KIND_OS, 3000, "6.3(5)", 7, &lo);

	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	refused(fx, os, lo, -LAYOUT_EKIND);
	b[IMG_HDR_SIZE + 100] ^= 1;
	refused(fx, b, lb, -IMG_EPAYLOADSUM);
	b[IMG_HDR_SIZE + 100] ^= 1;
	b[0x50] ^= 1;
	refused(fx, b, lb, -IMG_EHDRSUM);
	b[0x50] ^= 1;
	b[0] = 'X';
	refused(fx, b, lb, -IMG_EMAGIC);
	b[0] = 'P';
	refused(fx, b, lb - 1, -IMG_ETRUNC);
	refused(fx, b, IMG_HDR_SIZE - 1, -IMG_ESHORT);
	refused(fx, b, 0, -IMG_ESHORT);
	pdm_is(fx, a, la);
	/* the good one still goes in */
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	pdm_is(fx, b, lb);
	/* and the slots refuse an archive */
	assert_int_equal(layout_install_image(&fx->sim.f, b, lb, NULL, NULL, NULL), -LAYOUT_EKIND);
	free(a);
	free(b);
	free(os);
}

/* A 2-chip bank: the PDM area is chip 1's 128 KiB; the largest archive fits, one byte more not. */
static void test_too_big(void **state)
{
	struct fixture *fx = fixture_new(2, 0xFF);
	size_t len;
	uint8_t *img;

	*state = fx;
	assert_int_equal(fx->g.pdm_size, 0x20000);
	img = make_pdm(fx->g.pdm_size - IMG_HDR_SIZE + 1, "3.0(1)", 8, &len);
	refused(fx, img, len, -LAYOUT_ETOOBIG);
	free(img);
	img = make_pdm(fx->g.pdm_size - IMG_HDR_SIZE, "3.0(1)", 8, &len);
	assert_int_equal(layout_install_pdm(&fx->sim.f, img, len, NULL, NULL), 0);
	pdm_is(fx, img, len);
	assert_memory_equal(fx->array + AT29_CHIP_SIZE, img, len);
	free(img);
}

/* A one-chip bank has no PDM area: install says so, read finds none, nothing is written. */
static void test_one_chip(void **state)
{
	struct fixture *fx = fixture_new(1, 0xFF);
	struct layout_pdm_info pi;
	uint8_t buf[16];
	size_t len;
	uint8_t *img = make_pdm(100, "3.0(1)", 9, &len);

	*state = fx;
	assert_int_equal(fx->g.pdm_size, 0);
	refused(fx, img, len, -LAYOUT_ENOPDMAREA);
	assert_int_equal(layout_read_pdm(&fx->sim.f, NULL), -LAYOUT_ENOPDM);
	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), 0);
	assert_int_equal(pi.state, LAYOUT_PDM_NOAREA);
	assert_int_equal(pi.err, -LAYOUT_ENOPDM);
	assert_int_equal(layout_read_pdm_data(&fx->sim.f, 0, buf, sizeof(buf)), -LAYOUT_ENOPDMAREA);
	/* even a record sealed by hand is not read: there is no area for it to name */
	memcpy(fx->array + LAYOUT_PDMREC_OFF, "PIXPDMAR", 8);
	assert_int_equal(layout_read_pdm(&fx->sim.f, NULL), -LAYOUT_ENOPDM);
	free(img);
}

/* ---- what a damaged flash reads as --------------------------------------------------------------- */

/* Writes a well-formed PDM record straight into the array (what a buggy writer might leave). */
static void forge_rec(struct fixture *fx, uint32_t version, uint32_t state, uint32_t len,
		      const uint8_t *hdr_sha)
{
	uint8_t *r = fx->array + LAYOUT_PDMREC_OFF;

	memset(r, 0xFF, AT29_SECTOR_SIZE);
	memset(r, 0, 0x60);
	memcpy(r, "PIXPDMAR", 8);
	img_le32_put(r + 0x08, version);
	img_le32_put(r + 0x0c, state);
	img_le32_put(r + 0x10, len);
	memcpy(r + 0x20, hdr_sha, 32);
	mbedtls_sha256_ret(r, 0x40, r + 0x40, 0);
}

/* Scans and asserts the state and what layout_read_pdm() returns. */
static void scan_is(struct fixture *fx, enum layout_pdm_state st, int err, int hdr_err,
		    int payload_err)
{
	struct layout_pdm_info pi;

	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), 0);
	assert_int_equal(pi.state, st);
	assert_int_equal(pi.err, err);
	assert_int_equal(pi.hdr_err, hdr_err);
	assert_int_equal(pi.payload_err, payload_err);
	assert_int_equal(layout_read_pdm(&fx->sim.f, NULL), err);
}

static void test_damaged(void **state)
{
	struct fixture *fx = *state;
	size_t la, lo;
	uint8_t *a = make_pdm(5000, "3.0(1)", 10, &la);
	uint8_t *os = make_kind(IMG_KIND_OS, 5000, "6.3(5)", 11, &lo);
	const uint8_t *ha = a + IMG_HDR_HASHED_LEN;
	uint8_t rec[AT29_SECTOR_SIZE];
	unsigned int n;

	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	memcpy(rec, fx->array + LAYOUT_PDMREC_OFF, sizeof(rec));
	/* a payload byte, a header byte */
	*pdm_byte(fx, IMG_HDR_SIZE + 4000) ^= 0x40;
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, 0, -IMG_EPAYLOADSUM);
	*pdm_byte(fx, IMG_HDR_SIZE + 4000) ^= 0x40;
	*pdm_byte(fx, 0x49) ^= 1;
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, -IMG_EHDRSUM, -IMG_EHDRSUM);
	*pdm_byte(fx, 0x49) ^= 1;
	scan_is(fx, LAYOUT_PDM_VALID, 0, 0, 0);

	/* the record torn after every byte count: none, corrupt, or (whole) the archive */
	for (n = 0; n <= AT29_SECTOR_SIZE; n++) {
		memcpy(fx->array + LAYOUT_PDMREC_OFF, rec, n);
		memset(fx->array + LAYOUT_PDMREC_OFF + n, 0xFF, AT29_SECTOR_SIZE - n);
		if (n == 0)
			scan_is(fx, LAYOUT_PDM_EMPTY, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM,
				-LAYOUT_ENOPDM);
		else if (n < sizeof(struct layout_pdm_rec))
			scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM,
				-LAYOUT_ENOPDM);
		else
			scan_is(fx, LAYOUT_PDM_VALID, 0, 0, 0);
	}

	/* forged records: each field must name this archive */
	forge_rec(fx, 1, LAYOUT_PDM_REC_WRITING, (uint32_t)la, ha);
	scan_is(fx, LAYOUT_PDM_WRITING, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);
	forge_rec(fx, 1, 3, (uint32_t)la, ha);
	scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);
	forge_rec(fx, 2, LAYOUT_PDM_REC_VALID, (uint32_t)la, ha);
	scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, (uint32_t)la + 256, ha);
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, -LAYOUT_EVERIFY, -LAYOUT_EVERIFY);
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, (uint32_t)la - 1, ha);
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, -IMG_ETRUNC, -IMG_ETRUNC);
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, IMG_HDR_SIZE - 1, ha);
	scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, fx->g.pdm_size + 1, ha);
	scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, (uint32_t)la, os + IMG_HDR_HASHED_LEN);
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, -LAYOUT_EVERIFY, -LAYOUT_EVERIFY);
	fx->array[LAYOUT_PDMREC_OFF + 0x14] = 1; /* a reserved byte, the hash left as it was */
	scan_is(fx, LAYOUT_PDM_CORRUPT, -LAYOUT_EBADPDM, -LAYOUT_ENOPDM, -LAYOUT_ENOPDM);

	/* an OS image in the area with a record naming it is not an archive */
	for (n = 0; n < lo; n++)
		*pdm_byte(fx, n) = os[n];
	forge_rec(fx, 1, LAYOUT_PDM_REC_VALID, (uint32_t)lo, os + IMG_HDR_HASHED_LEN);
	scan_is(fx, LAYOUT_PDM_VALID, -LAYOUT_EBADPDM, -LAYOUT_EKIND, -LAYOUT_EKIND);

	/* after all that, an install puts things right */
	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	pdm_is(fx, a, la);
	free(a);
	free(os);
}

/* ---- a PDM install writes nothing else; an image install does not write the PDM ---------------- */

static void test_only_pdm_written(void **state)
{
	struct fixture *fx = *state;
	const struct img_version v = { 6, 3, 5 };
	static const char cfg[] = "hostname pixfirewall\n";
	struct layout_boot_status st;
	struct layout_config_info ci;
	struct lic_key k;
	size_t l1, l2, la, lb;
	uint8_t *os1 = make_kind(IMG_KIND_OS, 50000, "6.3(4)", 12, &l1);
	uint8_t *os2 = make_kind(IMG_KIND_OS, 60000, "6.3(5)", 13, &l2);
	uint8_t *a = make_pdm(200000, "3.0(1)", 14, &la);
	uint8_t *b = make_pdm(70000, "3.0(2)", 15, &lb);
	uint8_t *before = malloc(fx->size);

	assert_int_equal(layout_install_image(&fx->sim.f, os1, l1, NULL, NULL, NULL), 0);
	assert_int_equal(layout_install_image(&fx->sim.f, os2, l2, NULL, NULL, NULL), 0);
	assert_int_equal(layout_write_key(&fx->sim.f, &key_small), 0);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, cfg, strlen(cfg)), 0);

	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	only_pdm_changed(fx, before);
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	only_pdm_changed(fx, before);
	/* identity, key, configuration and the boot image are what they were */
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), 0);
	assert_int_equal(st.ident.serial, SERIAL);
	assert_int_equal(st.image.slot, 1);
	assert_int_equal(st.image.seq, 2);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_small));
	assert_int_equal(layout_read_config_version(&fx->sim.f, &ci), 0);
	assert_int_equal(ci.text_len, strlen(cfg));

	/* the other way: an image install leaves the PDM record and area alone */
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_install_image(&fx->sim.f, os1, l1, NULL, NULL, NULL), 0);
	assert_memory_equal(fx->array + LAYOUT_PDMREC_OFF, before + LAYOUT_PDMREC_OFF,
			    AT29_SECTOR_SIZE);
	assert_true(pdm_holds(fx, b, lb));
	pdm_is(fx, b, lb);
	free(os1);
	free(os2);
	free(a);
	free(b);
	free(before);
}

/* ---- power cuts -------------------------------------------------------------------------------- */

/* Makes the bank a unit that boots: an OS image (the key is there) and a configuration. */
static void make_unit(struct fixture *fx)
{
	const struct img_version v = { 6, 3, 5 };
	size_t lo;
	uint8_t *os = make_kind(IMG_KIND_OS, 4000, "6.3(5)", 16, &lo);

	assert_int_equal(layout_install_image(&fx->sim.f, os, lo, NULL, NULL, NULL), 0);
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "x\n", 2), 0);
	free(os);
}

enum outcome { GOT_OLD, GOT_NONE, GOT_NEW };

/*
 * After a cut: power up; the PDM reads as @a, none, or @b, and only the PDM changed. *st gets
 * the record's state: VALID for A and B; for none, WRITING, or EMPTY and CORRUPT when the cut
 * tore a record.
 */
static enum outcome after_cut(struct fixture *fx, const uint8_t *snap, const uint8_t *a, size_t la,
			      const uint8_t *b, size_t lb, enum layout_pdm_state *st)
{
	struct layout_pdm_info pi;
	struct layout_boot_status bs;
	struct img_info info;
	int err;

	power_up(fx);
	only_pdm_changed(fx, snap);
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &bs), 0);
	assert_int_equal(layout_scan_pdm(&fx->sim.f, &pi), 0);
	*st = pi.state;
	err = layout_read_pdm(&fx->sim.f, &info);
	assert_int_equal(err, pi.err);
	if (err) {
		assert_true(err == -LAYOUT_ENOPDM || err == -LAYOUT_EBADPDM);
		assert_int_not_equal(pi.state, LAYOUT_PDM_VALID);
		return GOT_NONE;
	}
	assert_int_equal(pi.state, LAYOUT_PDM_VALID);
	if (info.version.maint == 1) {
		pdm_is(fx, a, la);
		return GOT_OLD;
	}
	pdm_is(fx, b, lb);
	return GOT_NEW;
}

/*
 * A 4-chip bank (PDM area striped over chips 1-3) with an OS image, key and configuration,
 * and archive A installed; installing B is cut right after every single bus write it makes.
 * Every outcome is A, no archive, or B (B only without a cut: the last write of an install
 * is the "valid" record's last byte load, still in its load window); A never comes back once
 * it is gone; nothing outside the PDM record and area changes; the next install succeeds.
 */
static void test_power_cut_every_write(void **state)
{
	struct fixture *fx = *state;
	size_t la, lb;
	uint8_t *a = make_pdm(1500, "3.0(1)", 17, &la);
	uint8_t *b = make_pdm(2600, "3.0(2)", 18, &lb); /* 13 sectors over 3 chips */
	uint8_t *snap = malloc(fx->size);
	unsigned int got[3] = { 0, 0, 0 };
	uint64_t n, w0, total;
	enum outcome last = GOT_OLD;

	make_unit(fx);
	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	memcpy(snap, fx->array, fx->size);
	w0 = fx->sim.writes;
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	total = fx->sim.writes - w0;
	assert_true(total >= 15 * AT29_SECTOR_SIZE); /* two records and 13 archive sectors */

	for (n = 1; n <= total; n++) {
		enum layout_pdm_state st;
		enum outcome o;

		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->sim.cut_at = fx->sim.writes + n;
		assert_int_not_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
		o = after_cut(fx, snap, a, la, b, lb, &st);
		/* a cut right after a write never falls in a record's program cycle */
		if (o == GOT_NONE && st != LAYOUT_PDM_WRITING)
			fail_msg("cut after write %llu: record state %d", (unsigned long long)n,
				 st);
		if (o == GOT_OLD && last != GOT_OLD)
			fail_msg("cut after write %llu: the old archive came back",
				 (unsigned long long)n);
		last = o;
		got[o]++;
	}
	print_message("PDM cut after each of %llu bus writes: %u old, %u none, %u new\n",
		      (unsigned long long)total, got[GOT_OLD], got[GOT_NONE], got[GOT_NEW]);
	/* a cut in the "writing" record's load leaves A; anything later none */
	assert_true(got[GOT_OLD] >= AT29_SECTOR_SIZE);
	assert_true(got[GOT_NONE] >= 13 * AT29_SECTOR_SIZE);
	assert_int_equal(got[GOT_NEW], 0);

	/* the next install, after a cut in the middle, goes through */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	fx->sim.cut_at = fx->sim.writes + total / 2;
	assert_int_not_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	power_up(fx);
	assert_int_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
	pdm_is(fx, b, lb);
	free(a);
	free(b);
	free(snap);
}

/* What a record torn after @n bytes reads as: erased, corrupt, or the whole record's @whole. */
static enum layout_pdm_state torn(uint32_t n, enum layout_pdm_state whole)
{
	if (!n)
		return LAYOUT_PDM_EMPTY;
	return n < sizeof(struct layout_pdm_rec) ? LAYOUT_PDM_CORRUPT : whole;
}

/*
 * Power fails while a sector is being programmed (the model's cut: the first n bytes
 * programmed, the rest erased): in the "writing" record (no archive, never A), in archive
 * sectors on each chip (no archive), and in the "valid" record (B only when it is whole).
 */
static void test_power_cut_mid_sector(void **state)
{
	struct fixture *fx = *state;
	size_t la, lb;
	uint8_t *a = make_pdm(1500, "3.0(1)", 19, &la);
	uint8_t *b = make_pdm(2600, "3.0(2)", 20, &lb);
	uint8_t *snap = malloc(fx->size);
	const uint32_t rec_bytes[] = {
		0, 1, 8, 12, 16, 19, 20, 32, 63, 64, 65, 95, 96, 97, 200, 256
	};
	const uint32_t sectors[] = { 0, 1, 2, 3, 7, 12 };
	enum layout_pdm_state st;
	unsigned int i;

	make_unit(fx);
	assert_int_equal(layout_install_pdm(&fx->sim.f, a, la, NULL, NULL), 0);
	memcpy(snap, fx->array, fx->size);
	for (i = 0; i < sizeof(rec_bytes) / sizeof(rec_bytes[0]); i++) {
		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		at29_model_fault_power_cut(&fx->sim.m, PDM_REC_SECTOR, rec_bytes[i]);
		assert_int_not_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
		assert_int_equal(after_cut(fx, snap, a, la, b, lb, &st), GOT_NONE);
		assert_int_equal(st, torn(rec_bytes[i], LAYOUT_PDM_WRITING));
	}
	for (i = 0; i < sizeof(sectors) / sizeof(sectors[0]); i++) {
		uint32_t abs = at29_stripe_addr(&fx->g.pdm, sectors[i] * AT29_SECTOR_SIZE) /
			       AT29_SECTOR_SIZE;

		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		at29_model_fault_power_cut(&fx->sim.m, abs, 100);
		assert_int_not_equal(layout_install_pdm(&fx->sim.f, b, lb, NULL, NULL), 0);
		assert_int_equal(after_cut(fx, snap, a, la, b, lb, &st), GOT_NONE);
		assert_int_equal(st, LAYOUT_PDM_WRITING);
	}
	for (i = 0; i < sizeof(rec_bytes) / sizeof(rec_bytes[0]); i++) {
		enum outcome want = rec_bytes[i] >= sizeof(struct layout_pdm_rec) ? GOT_NEW :
										    GOT_NONE;

		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->last_progress = 0;
		fx->arm_at = lb;
		fx->arm_bytes = rec_bytes[i];
		assert_int_not_equal(layout_install_pdm(&fx->sim.f, b, lb, progress, fx), 0);
		fx->arm_at = 0;
		assert_int_equal(after_cut(fx, snap, a, la, b, lb, &st), want);
		assert_int_equal(st, torn(rec_bytes[i], LAYOUT_PDM_VALID));
	}
	free(a);
	free(b);
	free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none, setup16, teardown),
		cmocka_unit_test_teardown(test_unformatted, teardown),
		cmocka_unit_test_setup_teardown(test_install_read, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_empty_payload, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup16, teardown),
		cmocka_unit_test_teardown(test_too_big, teardown),
		cmocka_unit_test_teardown(test_one_chip, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_only_pdm_written, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_every_write, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_mid_sector, setup4, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
