/*
 * libFuzzer harness for what the layout reads from flash (a flash file is untrusted input):
 * the identity, key, slot, configuration and file-system record parsers on raw bytes, and the
 * whole boot decision (layout_boot_check, layout_scan_slots, layout_flashfs_check) on a
 * one-chip bank, through the real driver and model, whose records and slot images come from
 * the input. With the flag bits set, records are resealed (magic, version, hash) and slot
 * images are made valid, so the checks behind the hashes are reached, up to an image that
 * boots. Whatever is accepted must hold: a parsed record has sane fields, and an image the
 * layout would boot parses, matches its payload hash and what chose it (a VALID slot record;
 * the file-system record; or, with no slot record WRITING or VALID, it is at slot 0's start),
 * and comes with a key valid for the serial number.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "mbedtls/sha256.h"

#define FZ_CHIPS 1u
#define FZ_BANK (FZ_CHIPS * AT29_CHIP_SIZE)
#define FZ_RESEAL 0x01u /* reseal record chunks */
#define FZ_MAKE_IMAGES 0x02u /* slot chunks are payloads of valid images */
#define FZ_BIND 0x04u /* slot records name those images */
#define FZ_FLIP 0x08u /* then flip one byte of the bank (position from the input) */
#define FZ_MINT_KEY 0x10u /* key record A holds a genuine key for the identity's serial */
#define FZ_WRITING 0x20u /* with FZ_BIND: the records say "writing", not "valid" */
#define FZ_FS_BIND 0x40u /* the file-system record names a slot image (slot from the input) */
#define FZ_IMG_MAX 2048u

static uint8_t bank[FZ_BANK];

/* Takes up to @n bytes of input for a chunk; returns how many. */
static size_t take(const uint8_t **data, size_t *size, uint8_t *dst, size_t n)
{
	if (n > *size)
		n = *size;
	memcpy(dst, *data, n);
	*data += n;
	*size -= n;
	return n;
}

/* Gives a record chunk a valid frame: magic, version 1, hash of the bytes before @hash_off. */
static void reseal(uint8_t *rec, const char *magic, size_t hash_off)
{
	memcpy(rec, magic, LAYOUT_MAGIC_LEN);
	img_le32_put(rec + LAYOUT_MAGIC_LEN, LAYOUT_REC_VERSION);
	mbedtls_sha256_ret(rec, hash_off, rec + hash_off, 0);
}

/* The parsers alone on raw bytes: whatever they accept has sane fields. */
static void fuzz_parsers(const uint8_t *data, size_t size)
{
	struct layout_identity id;
	struct layout_slot_rec sr;
	struct layout_config_info ci;
	struct layout_fs_info fs;
	struct lic_key k;
	uint32_t seq;

	if (!layout_parse_identity(data, size, &id) &&
	    (!id.chips || id.chips > LAYOUT_MAX_CHIPS || (id.chips & (id.chips - 1))))
		abort();
	layout_parse_key(data, size, &seq, &k);
	if (!layout_parse_slot_record(data, size, &sr) &&
	    ((sr.state != LAYOUT_SLOT_REC_WRITING && sr.state != LAYOUT_SLOT_REC_VALID) ||
	     sr.image_len < IMG_HDR_SIZE))
		abort();
	if (!layout_parse_config(data, size, &ci) && ci.text_len > LAYOUT_CONFIG_TEXT_MAX)
		abort();
	if (!layout_parse_fs_record(data, size, &fs) &&
	    ((fs.form != LAYOUT_FORM_50 && fs.form != LAYOUT_FORM_51) || fs.slot >= LAYOUT_SLOTS ||
	     fs.image_len < IMG_HDR_SIZE))
		abort();
}

/* Writes a valid OS image of the @n bytes at @payload to @dst; returns its length. */
static uint32_t make_image(uint8_t *dst, const uint8_t *payload, size_t n)
{
	struct img_info info;

	memset(&info, 0, sizeof(info));
	if (!n)
		return 0;
	info.kind = IMG_KIND_OS;
	info.version = (struct img_version){ 6, 3, 5 };
	info.payload_size = (uint32_t)n;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	memcpy(dst + IMG_HDR_SIZE, payload, n);
	if (img_make_header(dst, &info, dst + IMG_HDR_SIZE))
		abort();
	return IMG_HDR_SIZE + (uint32_t)n;
}

/* Copies @n bytes between a buffer and the start of striped area @st of the bank. */
static void area_copy(const struct at29_stripe *st, uint8_t *buf, uint32_t n, bool to_bank)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint8_t *b = bank + at29_stripe_addr(st, i);

		if (to_bank)
			*b = buf[i];
		else
			buf[i] = *b;
	}
}

/* Writes into key record @r, as the newest, the key for the serial of the bank's identity. */
static void mint_key(uint8_t *r)
{
	struct lic_features f = { .failover = true, .max_interfaces = 6 };
	struct lic_key k;
	unsigned int i;

	if (lic_make(img_le32_get(bank + offsetof(struct layout_ident_rec, serial)), &f,
		     LIC_DEV_VENDOR_KEY, &k))
		abort();
	for (i = 0; i < LIC_KEY_WORDS; i++)
		img_le32_put(r + offsetof(struct layout_key_rec, w) + 4 * i, k.w[i]);
	img_le32_put(r + offsetof(struct layout_key_rec, seq), UINT32_MAX); /* B cannot win */
}

/* Makes the file-system record name the image @img of @len bytes in slot @i (form from input). */
static void bind_fs(const uint8_t *img, uint32_t len, unsigned int i)
{
	uint8_t *r = bank + LAYOUT_FSREC_OFF;

	img_le32_put(r + offsetof(struct layout_fs_rec, form),
		     r[0x0c] & 1 ? LAYOUT_FS_REC_51 : LAYOUT_FS_REC_50);
	img_le32_put(r + offsetof(struct layout_fs_rec, slot), i);
	img_le32_put(r + offsetof(struct layout_fs_rec, image_len), len);
	memcpy(r + offsetof(struct layout_fs_rec, hdr_sha256), img + IMG_HDR_HASHED_LEN,
	       LAYOUT_SHA256_LEN);
	memset(r + offsetof(struct layout_fs_rec, reserved), 0, 8);
	reseal(r, LAYOUT_FS_MAGIC, 0x40);
}

/* Lays the input out over a formatted-looking bank: records, configuration, slot images. */
static void build_bank(const uint8_t *data, size_t size, uint8_t flags,
		       const struct layout_geometry *g)
{
	static const uint32_t offs[] = { LAYOUT_IDENT_OFF,
					 LAYOUT_KEY_OFF,
					 LAYOUT_KEY_OFF + AT29_SECTOR_SIZE,
					 LAYOUT_SLOTREC_OFF,
					 LAYOUT_SLOTREC_OFF + AT29_SECTOR_SIZE,
					 LAYOUT_CONFIG_OFF,
					 LAYOUT_FSREC_OFF };
	static const char *const magics[] = { LAYOUT_IDENT_MAGIC, LAYOUT_KEY_MAGIC,
					      LAYOUT_KEY_MAGIC,	  LAYOUT_SLOT_MAGIC,
					      LAYOUT_SLOT_MAGIC,  LAYOUT_CONFIG_MAGIC,
					      LAYOUT_FS_MAGIC };
	static const size_t hash_offs[] = { 0x20, 0x20, 0x20, 0x40, 0x40, 0x40, 0x40 };
	uint8_t payload[FZ_IMG_MAX], img[IMG_HDR_SIZE + FZ_IMG_MAX];
	uint32_t len[LAYOUT_SLOTS] = { 0, 0 };
	unsigned int i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		take(&data, &size, bank + offs[i], hash_offs[i] + LAYOUT_SHA256_LEN);
		if (i == 0 && (flags & FZ_RESEAL)) {
			/* an identity for this bank, serial from the input */
			img_le32_put(bank + offsetof(struct layout_ident_rec, chips), FZ_CHIPS);
			memset(bank + offsetof(struct layout_ident_rec, reserved), 0, 12);
		}
		if (i == 1 && (flags & FZ_MINT_KEY))
			mint_key(bank + offs[i]);
		if (flags & FZ_RESEAL)
			reseal(bank + offs[i], magics[i], hash_offs[i]);
	}
	take(&data, &size, bank + LAYOUT_CONFIG_TEXT_OFF, 64);
	for (i = 0; i < LAYOUT_SLOTS; i++) {
		size_t n = take(&data, &size, payload,
				size / (LAYOUT_SLOTS - i) < FZ_IMG_MAX ? size / (LAYOUT_SLOTS - i) :
									 FZ_IMG_MAX);

		if (flags & FZ_MAKE_IMAGES) {
			len[i] = make_image(img, payload, n);
			area_copy(&g->slot[i], img, len[i], true);
		} else {
			area_copy(&g->slot[i], payload, (uint32_t)n, true);
		}
		if ((flags & FZ_BIND) && len[i]) {
			uint8_t *r = bank + LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE;

			img_le32_put(r + offsetof(struct layout_slot_rec, state),
				     flags & FZ_WRITING ? LAYOUT_SLOT_REC_WRITING :
							  LAYOUT_SLOT_REC_VALID);
			memset(r + offsetof(struct layout_slot_rec, reserved), 0, 8);
			img_le32_put(r + offsetof(struct layout_slot_rec, image_len), len[i]);
			memcpy(r + offsetof(struct layout_slot_rec, hdr_sha256),
			       img + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
			reseal(r, LAYOUT_SLOT_MAGIC, 0x40);
		}
		if ((flags & FZ_FS_BIND) && len[i] && (bank[LAYOUT_FSREC_OFF + 0x10] & 1) == i)
			bind_fs(img, len[i], i);
	}
}

/* Whether slot @i's record says WRITING or VALID. */
static bool slot_rec_live(unsigned int i, struct layout_slot_rec *rec)
{
	return !layout_parse_slot_record(bank + LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE,
					 AT29_SECTOR_SIZE, rec);
}

/* The boot image @h (@len bytes, in slot @slot) matches what chose it in form @form. */
static void check_chooser(enum layout_form form, unsigned int slot, const uint8_t *h, uint32_t len)
{
	struct layout_slot_rec rec;
	struct layout_fs_info fs;
	unsigned int i;

	if (form == LAYOUT_FORM_6X) {
		if (!slot_rec_live(slot, &rec) || rec.state != LAYOUT_SLOT_REC_VALID ||
		    rec.image_len != len ||
		    memcmp(rec.hdr_sha256, h + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN))
			abort();
		return;
	}
	if (form == LAYOUT_FORM_50 || form == LAYOUT_FORM_51) {
		if (layout_parse_fs_record(bank + LAYOUT_FSREC_OFF, AT29_SECTOR_SIZE, &fs) ||
		    fs.form != form || fs.slot != slot || fs.image_len != len ||
		    memcmp(fs.hdr_sha256, h + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN))
			abort();
		return;
	}
	if (form != LAYOUT_FORM_4X || slot != 0)
		abort();
	for (i = 0; i < LAYOUT_SLOTS; i++)
		if (slot_rec_live(i, &rec))
			abort();
}

/* What layout_boot_check accepted must be a whole, matching, licensed image. */
static void check_boot(struct at29_sim *z, const uint8_t *vendor)
{
	struct layout_boot_status st;
	struct layout_slots s;
	struct layout_fs_check chk;
	struct img_info info;
	static uint8_t h[LAYOUT_MAX_CHIPS * LAYOUT_SLOT_PER_CHIP];
	int err = layout_boot_check(&z->f, vendor, &st);

	if (!layout_scan_slots(&z->f, &s) && s.current >= 0 && !s.slot[s.current].bootable)
		abort();
	if (!layout_flashfs_check(&z->f, &chk) && (chk.current < 0 || chk.form == LAYOUT_FORM_NONE))
		abort();
	if (err)
		return;
	if (st.image.image_len > sizeof(h) ||
	    st.image.hdr_off != at29_stripe_addr(&st.image.area, 0))
		abort();
	area_copy(&st.image.area, h, st.image.image_len, false);
	if (img_parse_header(h, st.image.image_len, &info) || info.kind != IMG_KIND_OS ||
	    img_verify_payload(&info, h + IMG_HDR_SIZE, info.payload_size) ||
	    st.image.image_len != IMG_HDR_SIZE + info.payload_size)
		abort();
	check_chooser(st.image.form, st.image.slot, h, st.image.image_len);
	if (lic_check(&st.key, st.ident.serial, vendor, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct at29_sim z;
	struct layout_geometry g;
	uint8_t flags;
	uint32_t flip = 0;

	fuzz_parsers(data, size);
	if (size < 5)
		return 0;
	flags = data[0];
	flip = img_le32_get(data + 1) % LAYOUT_PSTATE_OFF(FZ_CHIPS);
	data += 5;
	size -= 5;
	if (layout_geometry(FZ_CHIPS, &g))
		abort();
	memset(bank, 0xFF, sizeof(bank));
	memset(bank + LAYOUT_PSTATE_OFF(FZ_CHIPS), 0, LAYOUT_PSTATE_SIZE);
	build_bank(data, size, flags, &g);
	if (flags & FZ_FLIP)
		bank[flip] ^= (uint8_t)(flags | 1);
	at29_sim_init(&z, true);
	if (at29_sim_start(&z, FZ_CHIPS, bank, bank + LAYOUT_PSTATE_OFF(FZ_CHIPS),
			   AT29_MODEL_TIMING_FAST))
		abort();
	check_boot(&z, LIC_DEV_VENDOR_KEY);
	return 0;
}
