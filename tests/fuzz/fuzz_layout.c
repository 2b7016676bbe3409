/*
 * libFuzzer harness for what the layout reads from flash (a flash file is untrusted input):
 * the identity, key, slot, PDM and configuration record parsers on raw bytes, and the whole
 * boot decision (layout_boot_check, layout_scan_slots) and the PDM archive (layout_scan_pdm,
 * layout_read_pdm) on a two-chip bank (slots over both chips, the PDM area in chip 1), through
 * the real driver and model, whose records, slot images and archive come from the input. With
 * the flag bits set, records are resealed (magic, version, hash) and images are made valid, so
 * the checks behind the hashes are reached, up to an image that boots and an archive that
 * reads. Whatever is accepted must hold: a parsed record has sane fields; an image the layout
 * would boot parses, matches its payload hash and its slot record, and comes with a key valid
 * for the serial number; an archive it reads is a whole PDM archive that its record names.
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

#define FZ_CHIPS 2u
#define FZ_BANK (FZ_CHIPS * AT29_CHIP_SIZE)
#define FZ_RESEAL 0x01u /* reseal record chunks */
#define FZ_MAKE_IMAGES 0x02u /* slot chunks are payloads of valid images */
#define FZ_BIND 0x04u /* slot records name those images */
#define FZ_FLIP 0x08u /* then flip one byte of the bank (position from the input) */
#define FZ_MINT_KEY 0x10u /* key record A holds a genuine key for the identity's serial */
#define FZ_WRITING 0x20u /* with FZ_BIND: the records say "writing", not "valid" */
#define FZ_PDM_AS_OS 0x40u /* with FZ_MAKE_IMAGES: the PDM chunk is made a PIX OS image */
#define FZ_SIGKEYS \
	0x80u /* with FZ_RESEAL: the identity names signing keys, their record resealed */
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

/*
 * Gives a record chunk a valid frame: magic, its record version (slot records have their own),
 * hash of the bytes before @hash_off.
 */
static void reseal(uint8_t *rec, const char *magic, size_t hash_off)
{
	memcpy(rec, magic, LAYOUT_MAGIC_LEN);
	img_le32_put(rec + LAYOUT_MAGIC_LEN, strcmp(magic, LAYOUT_SLOT_MAGIC) ?
						     LAYOUT_REC_VERSION :
						     LAYOUT_SLOT_REC_VERSION);
	mbedtls_sha256_ret(rec, hash_off, rec + hash_off, 0);
}

/* The parsers alone on raw bytes: whatever they accept has sane fields. */
static void fuzz_parsers(const uint8_t *data, size_t size)
{
	struct layout_identity id;
	struct layout_slot_rec sr;
	struct layout_config_info ci;
	struct layout_pdm_rec pr;
	struct layout_sigkeys keys;
	struct lic_key k;
	uint32_t seq, v;

	if (!layout_parse_identity(data, size, &id) &&
	    (!id.chips || id.chips > LAYOUT_MAX_CHIPS || (id.chips & (id.chips - 1)) ||
	     id.sig_keys > LAYOUT_SIGKEYS_MAX))
		abort();
	if (!layout_parse_sigkeys(data, size, &keys) &&
	    (!keys.count || keys.count > LAYOUT_SIGKEYS_MAX))
		abort();
	layout_parse_secver(data, size, &seq, &v);
	layout_parse_key(data, size, &seq, &k);
	if (!layout_parse_slot_record(data, size, &sr) &&
	    ((sr.state != LAYOUT_SLOT_REC_WRITING && sr.state != LAYOUT_SLOT_REC_VALID) ||
	     sr.image_len < IMG_HDR_SIZE))
		abort();
	if (!layout_parse_config(data, size, &ci) && ci.text_len > LAYOUT_CONFIG_TEXT_MAX)
		abort();
	if (!layout_parse_pdm_record(data, size, &pr) &&
	    ((pr.state != LAYOUT_PDM_REC_WRITING && pr.state != LAYOUT_PDM_REC_VALID) ||
	     pr.archive_len < IMG_HDR_SIZE))
		abort();
}

/* Writes a valid image of @kind of the @n bytes at @payload to @dst; returns its length. */
static uint32_t make_image(uint8_t *dst, uint32_t kind, const uint8_t *payload, size_t n)
{
	struct img_info info;

	memset(&info, 0, sizeof(info));
	if (!n)
		return 0;
	info.kind = kind;
	info.version = (struct img_version){ 6, 3, 5 };
	info.payload_size = (uint32_t)n;
	if (kind == IMG_KIND_OS)
		info.load_addr = info.entry_addr = 0x400000;
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

/* Makes record @r name the image of @len bytes at @img: @state, length, header hash; resealed. */
static void bind(uint8_t *r, const char *magic, uint32_t state, uint32_t len, const uint8_t *img)
{
	bool slot = !strcmp(magic, LAYOUT_SLOT_MAGIC);

	img_le32_put(r + (slot ? offsetof(struct layout_slot_rec, state) :
				 offsetof(struct layout_pdm_rec, state)),
		     state);
	img_le32_put(r + (slot ? offsetof(struct layout_slot_rec, image_len) :
				 offsetof(struct layout_pdm_rec, archive_len)),
		     len);
	if (slot)
		memset(r + offsetof(struct layout_slot_rec, reserved), 0, 8);
	else
		memset(r + offsetof(struct layout_pdm_rec, reserved), 0, 12);
	memcpy(r + (slot ? offsetof(struct layout_slot_rec, hdr_sha256) :
			   offsetof(struct layout_pdm_rec, hdr_sha256)),
	       img + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	reseal(r, magic, 0x40);
}

/*
 * Lays the input out over a formatted-looking bank: records, configuration, slot images, PDM
 * archive.
 */
static void build_bank(const uint8_t *data, size_t size, uint8_t flags,
		       const struct layout_geometry *g)
{
	static const uint32_t offs[] = {
		LAYOUT_IDENT_OFF,
		LAYOUT_KEY_OFF,
		LAYOUT_KEY_OFF + AT29_SECTOR_SIZE,
		LAYOUT_SLOTREC_OFF,
		LAYOUT_SLOTREC_OFF + AT29_SECTOR_SIZE,
		LAYOUT_CONFIG_OFF,
		LAYOUT_PDMREC_OFF,
	};
	static const char *const magics[] = {
		LAYOUT_IDENT_MAGIC, LAYOUT_KEY_MAGIC,	 LAYOUT_KEY_MAGIC, LAYOUT_SLOT_MAGIC,
		LAYOUT_SLOT_MAGIC,  LAYOUT_CONFIG_MAGIC, LAYOUT_PDM_MAGIC,
	};
	static const size_t hash_offs[] = { 0x20, 0x20, 0x20, 0x40, 0x40, 0x40, 0x40 };
	uint8_t payload[FZ_IMG_MAX], img[IMG_HDR_SIZE + FZ_IMG_MAX];
	uint32_t len;
	unsigned int i;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		take(&data, &size, bank + offs[i], hash_offs[i] + LAYOUT_SHA256_LEN);
		if (i == 0 && (flags & FZ_RESEAL)) {
			/* an identity for this bank, serial from the input */
			img_le32_put(bank + offsetof(struct layout_ident_rec, chips), FZ_CHIPS);
			img_le32_put(bank + offsetof(struct layout_ident_rec, sig_keys),
				     flags & FZ_SIGKEYS ? 1u + bank[0x14] % LAYOUT_SIGKEYS_MAX : 0);
			memset(bank + offsetof(struct layout_ident_rec, reserved), 0, 8);
		}
		if (i == 1 && (flags & FZ_MINT_KEY))
			mint_key(bank + offs[i]);
		if (flags & FZ_RESEAL)
			reseal(bank + offs[i], magics[i], hash_offs[i]);
	}
	/* the signing keys (any points: none can have made a signature the input holds) and the
	 * security version records */
	take(&data, &size, bank + LAYOUT_SIGKEYS_OFF, sizeof(struct layout_sigkeys_rec));
	if (flags & FZ_SIGKEYS) {
		uint8_t *r = bank + LAYOUT_SIGKEYS_OFF;
		uint32_t n = img_le32_get(bank + offsetof(struct layout_ident_rec, sig_keys));

		if (n > LAYOUT_SIGKEYS_MAX) /* an identity not resealed: any count will do */
			n = 1;

		img_le32_put(r + offsetof(struct layout_sigkeys_rec, count), n);
		memset(r + offsetof(struct layout_sigkeys_rec, point) + n * SIG_POINT_LEN, 0,
		       sizeof(struct layout_sigkeys_rec) -
			       offsetof(struct layout_sigkeys_rec, point) - n * SIG_POINT_LEN);
		reseal(r, LAYOUT_SIGKEYS_MAGIC, offsetof(struct layout_sigkeys_rec, sha256));
	}
	for (i = 0; i < LAYOUT_SECVER_COPIES; i++) {
		uint8_t *r = bank + LAYOUT_SECVER_OFF + i * AT29_SECTOR_SIZE;

		take(&data, &size, r, sizeof(struct layout_secver_rec));
		if (flags & FZ_RESEAL)
			reseal(r, LAYOUT_SECVER_MAGIC, offsetof(struct layout_secver_rec, sha256));
	}
	take(&data, &size, bank + LAYOUT_CONFIG_TEXT_OFF, 64);
	/* slot 0, slot 1, then the PDM area: a third of what is left each, at most FZ_IMG_MAX */
	for (i = 0; i <= LAYOUT_SLOTS; i++) {
		bool pdm = i == LAYOUT_SLOTS;
		const struct at29_stripe *area = pdm ? &g->pdm : &g->slot[i];
		uint32_t kind = pdm && !(flags & FZ_PDM_AS_OS) ? IMG_KIND_PDM : IMG_KIND_OS;
		size_t n = take(&data, &size, payload,
				size / (LAYOUT_SLOTS + 1 - i) < FZ_IMG_MAX ?
					size / (LAYOUT_SLOTS + 1 - i) :
					FZ_IMG_MAX);

		len = 0;
		if (flags & FZ_MAKE_IMAGES) {
			len = make_image(img, kind, payload, n);
			area_copy(area, img, len, true);
		} else {
			area_copy(area, payload, (uint32_t)n, true);
		}
		if (!(flags & FZ_BIND) || !len)
			continue;
		if (pdm)
			bind(bank + LAYOUT_PDMREC_OFF, LAYOUT_PDM_MAGIC,
			     flags & FZ_WRITING ? LAYOUT_PDM_REC_WRITING : LAYOUT_PDM_REC_VALID,
			     len, img);
		else
			bind(bank + LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE, LAYOUT_SLOT_MAGIC,
			     flags & FZ_WRITING ? LAYOUT_SLOT_REC_WRITING : LAYOUT_SLOT_REC_VALID,
			     len, img);
	}
}

/* What layout_boot_check accepted must be a whole, matching, licensed image. */
static void check_boot(struct at29_sim *z, const uint8_t *vendor)
{
	struct layout_boot_status st;
	struct layout_slots s;
	struct layout_slot_rec rec;
	struct img_info info;
	static uint8_t h[LAYOUT_MAX_CHIPS * LAYOUT_SLOT_PER_CHIP];
	int err = layout_boot_check(&z->f, vendor, &st);

	if (!layout_scan_slots(&z->f, &s) && s.current >= 0 && !s.slot[s.current].bootable)
		abort();
	if (err)
		return;
	if (st.image.image_len > sizeof(h) ||
	    st.image.hdr_off != at29_stripe_addr(&st.image.area, 0))
		abort();
	area_copy(&st.image.area, h, st.image.image_len, false);
	if (img_parse_header(h, st.image.image_len, &info) || info.kind != IMG_KIND_OS ||
	    img_verify_payload(&info, h + IMG_HDR_SIZE, info.payload_size))
		abort();
	/* the 6.x form's rule: a VALID slot record names it (fuzz_flashfs checks the older forms) */
	if (st.image.form == LAYOUT_FORM_6X &&
	    (layout_parse_slot_record(bank + LAYOUT_SLOTREC_OFF + st.image.slot * AT29_SECTOR_SIZE,
				      AT29_SECTOR_SIZE, &rec) ||
	     rec.state != LAYOUT_SLOT_REC_VALID || rec.image_len != st.image.image_len ||
	     memcmp(rec.hdr_sha256, h + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN)))
		abort();
	if (st.image.form != LAYOUT_FORM_6X && st.image.form != LAYOUT_FORM_50 &&
	    st.image.form != LAYOUT_FORM_51 && st.image.form != LAYOUT_FORM_4X)
		abort();
	if (lic_check(&st.key, st.ident.serial, vendor, NULL))
		abort();
	/* a unit with signing keys boots nothing the input could sign: no key's private half here */
	if (st.ident.sig_keys || st.sig.keys || st.sig.key >= 0)
		abort();
}

/* What layout_read_pdm accepted must be a whole PDM archive that its record names. */
static void check_pdm(struct at29_sim *z)
{
	static uint8_t h[LAYOUT_MAX_CHIPS * LAYOUT_PDM_PER_CHIP], d[sizeof(h)];
	struct layout_pdm_info pi;
	struct layout_pdm_rec rec;
	struct img_info info, got;
	int err = layout_read_pdm(&z->f, &info), scan_err = layout_scan_pdm(&z->f, &pi);

	if (scan_err) {
		if (scan_err != err) /* no identity, or the bank does not answer: both say so */
			abort();
		return;
	}
	if (pi.err != err || (err && err != -LAYOUT_ENOPDM && err != -LAYOUT_EBADPDM) ||
	    (!err && pi.state != LAYOUT_PDM_VALID))
		abort();
	if (err)
		return;
	if (pi.archive_len > sizeof(h) || pi.archive_len != IMG_HDR_SIZE + info.payload_size)
		abort();
	area_copy(&pi.area, h, pi.archive_len, false);
	if (layout_read_pdm_data(&z->f, 0, d, pi.archive_len) || memcmp(d, h, pi.archive_len) ||
	    img_parse_header(h, pi.archive_len, &got) || got.kind != IMG_KIND_PDM ||
	    got.payload_size != info.payload_size ||
	    img_verify_payload(&got, h + IMG_HDR_SIZE, got.payload_size))
		abort();
	if (layout_parse_pdm_record(bank + LAYOUT_PDMREC_OFF, AT29_SECTOR_SIZE, &rec) ||
	    rec.state != LAYOUT_PDM_REC_VALID || rec.archive_len != pi.archive_len ||
	    memcmp(rec.hdr_sha256, h + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN))
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
	check_pdm(&z);
	return 0;
}
