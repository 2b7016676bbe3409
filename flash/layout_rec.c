/* Flash layout records: parse and seal identity, key, slot, PDM, configuration, file-system. */

/*
 * Every record (layout.h) is one sector: the record, then FF. It starts with its magic and
 * version and ends with the SHA-256 of the bytes before the hash. A parser tells an erased
 * sector (-LAYOUT_EEMPTY) from anything else that does not hold (-LAYOUT_ECORRUPT: a torn
 * write, a zero-filled bank, a field out of range). This file works on buffers only; reading
 * and writing the sectors is the other layout files' business.
 */

#include <string.h>

#include "layout_int.h"
#include "mbedtls/sha256.h"

#define REC_OFF(type, field) offsetof(struct type, field)

/*
 * layout_sha256 - SHA-256 of @len bytes at @data into @out (mbedTLS; cannot fail for this
 * configuration)
 */
void layout_sha256(const void *data, size_t len, uint8_t out[LAYOUT_SHA256_LEN])
{
	mbedtls_sha256_ret(data, len, out, 0);
}

/* Whether @n bytes at @p are all @v. */
static bool layout_all(const uint8_t *p, size_t n, uint8_t v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* Record version of records with @magic (slot records have their own). */
static uint32_t rec_version(const char *magic)
{
	return strcmp(magic, LAYOUT_SLOT_MAGIC) ? LAYOUT_REC_VERSION : LAYOUT_SLOT_REC_VERSION;
}

/* Stores magic, version and, at @hash_off, the SHA-256 of the bytes before it. */
static void rec_seal(uint8_t *rec, const char *magic, size_t hash_off)
{
	memcpy(rec, magic, LAYOUT_MAGIC_LEN);
	img_le32_put(rec + LAYOUT_MAGIC_LEN, rec_version(magic));
	layout_sha256(rec, hash_off, rec + hash_off);
}

/*
 * Checks the frame every record shares: @len covers it, magic, version and the SHA-256 at
 * @hash_off. Returns 0, -LAYOUT_EEMPTY (erased) or -LAYOUT_ECORRUPT.
 */
static int rec_check(const uint8_t *rec, size_t len, const char *magic, size_t hash_off)
{
	uint8_t sum[LAYOUT_SHA256_LEN];

	if (len < hash_off + LAYOUT_SHA256_LEN)
		return -LAYOUT_ECORRUPT;
	if (layout_all(rec, hash_off + LAYOUT_SHA256_LEN, 0xFF))
		return -LAYOUT_EEMPTY;
	if (memcmp(rec, magic, LAYOUT_MAGIC_LEN) ||
	    img_le32_get(rec + LAYOUT_MAGIC_LEN) != rec_version(magic))
		return -LAYOUT_ECORRUPT;
	layout_sha256(rec, hash_off, sum);
	return memcmp(sum, rec + hash_off, LAYOUT_SHA256_LEN) ? -LAYOUT_ECORRUPT : 0;
}

/* Starts a sector for a record of @rec_size bytes: the record zeroed, the rest FF. */
static uint8_t *rec_start(struct layout_sector *s, size_t rec_size)
{
	memset(s->b, 0xFF, sizeof(s->b));
	memset(s->b, 0, rec_size);
	return s->b;
}

/*
 * layout_seal_identity - builds the identity record sector
 * @s: the sector to fill (record, then FF)
 * @serial: the unit's serial number
 * @chips: chips in the bank
 * @sig_keys: image signing keys in the signing key record (0..LAYOUT_SIGKEYS_MAX)
 */
void layout_seal_identity(struct layout_sector *s, uint32_t serial, uint32_t chips,
			  uint32_t sig_keys)
{
	uint8_t *r = rec_start(s, sizeof(struct layout_ident_rec));

	img_le32_put(r + REC_OFF(layout_ident_rec, serial), serial);
	img_le32_put(r + REC_OFF(layout_ident_rec, chips), chips);
	img_le32_put(r + REC_OFF(layout_ident_rec, sig_keys), sig_keys);
	rec_seal(r, LAYOUT_IDENT_MAGIC, REC_OFF(layout_ident_rec, sha256));
}

/*
 * layout_seal_sigkeys - builds the signing key record (two sectors)
 * @area: the two sectors to fill (record, then FF)
 * @keys: 1..LAYOUT_SIGKEYS_MAX public keys
 */
void layout_seal_sigkeys(uint8_t area[LAYOUT_SIGKEYS_AREA], const struct layout_sigkeys *keys)
{
	uint8_t *r = area;
	unsigned int i;

	memset(area, 0xFF, LAYOUT_SIGKEYS_AREA);
	memset(r, 0, sizeof(struct layout_sigkeys_rec));
	img_le32_put(r + REC_OFF(layout_sigkeys_rec, count), keys->count);
	for (i = 0; i < keys->count && i < LAYOUT_SIGKEYS_MAX; i++)
		memcpy(r + REC_OFF(layout_sigkeys_rec, point) + i * SIG_POINT_LEN,
		       keys->key[i].point, SIG_POINT_LEN);
	rec_seal(r, LAYOUT_SIGKEYS_MAGIC, REC_OFF(layout_sigkeys_rec, sha256));
}

/*
 * layout_seal_secver - builds a security version record sector
 * @s: the sector to fill (record, then FF)
 * @seq: its sequence number
 * @sec_version: the unit's security version
 */
void layout_seal_secver(struct layout_sector *s, uint32_t seq, uint32_t sec_version)
{
	uint8_t *r = rec_start(s, sizeof(struct layout_secver_rec));

	img_le32_put(r + REC_OFF(layout_secver_rec, seq), seq);
	img_le32_put(r + REC_OFF(layout_secver_rec, sec_version), sec_version);
	rec_seal(r, LAYOUT_SECVER_MAGIC, REC_OFF(layout_secver_rec, sha256));
}

/*
 * layout_seal_key - builds an activation key record sector
 * @s: the sector to fill (record, then FF)
 * @seq: its sequence number
 * @k: the key
 */
void layout_seal_key(struct layout_sector *s, uint32_t seq, const struct lic_key *k)
{
	uint8_t *r = rec_start(s, sizeof(struct layout_key_rec));
	unsigned int i;

	img_le32_put(r + REC_OFF(layout_key_rec, seq), seq);
	for (i = 0; i < LIC_KEY_WORDS; i++)
		img_le32_put(r + REC_OFF(layout_key_rec, w) + 4 * i, k->w[i]);
	rec_seal(r, LAYOUT_KEY_MAGIC, REC_OFF(layout_key_rec, sha256));
}

/*
 * layout_seal_slot - builds a slot record sector
 * @s: the sector to fill (record, then FF)
 * @state: LAYOUT_SLOT_REC_WRITING or LAYOUT_SLOT_REC_VALID
 * @seq: the install's sequence number
 * @image_len: header + payload bytes of the image
 * @hdr_sha256: the image's header hash (its bytes 0x1e0-0x1ff)
 */
void layout_seal_slot(struct layout_sector *s, uint32_t state, uint32_t seq, uint32_t image_len,
		      const uint8_t hdr_sha256[LAYOUT_SHA256_LEN])
{
	uint8_t *r = rec_start(s, sizeof(struct layout_slot_rec));

	img_le32_put(r + REC_OFF(layout_slot_rec, seq), seq);
	img_le32_put(r + REC_OFF(layout_slot_rec, state), state);
	img_le32_put(r + REC_OFF(layout_slot_rec, image_len), image_len);
	memcpy(r + REC_OFF(layout_slot_rec, hdr_sha256), hdr_sha256, LAYOUT_SHA256_LEN);
	rec_seal(r, LAYOUT_SLOT_MAGIC, REC_OFF(layout_slot_rec, sha256));
}

/*
 * layout_seal_config - builds the configuration record sector
 * @s: the sector to fill (record, then FF)
 * @ver: version of the image writing the configuration
 * @text: the configuration text (hashed into the record)
 * @len: its length, at most LAYOUT_CONFIG_TEXT_MAX
 */
void layout_seal_config(struct layout_sector *s, const struct img_version *ver, const void *text,
			uint32_t len)
{
	uint8_t *r = rec_start(s, sizeof(struct layout_config_rec));

	r[REC_OFF(layout_config_rec, ver_major)] = ver->major;
	r[REC_OFF(layout_config_rec, ver_minor)] = ver->minor;
	r[REC_OFF(layout_config_rec, ver_maint)] = ver->maint;
	img_le32_put(r + REC_OFF(layout_config_rec, text_len), len);
	layout_sha256(text, len, r + REC_OFF(layout_config_rec, text_sha256));
	rec_seal(r, LAYOUT_CONFIG_MAGIC, REC_OFF(layout_config_rec, sha256));
}

/* The record value of a 5.x form, or 0 for any other form. */
static uint32_t fs_form_value(enum layout_form form)
{
	return form == LAYOUT_FORM_50 ? LAYOUT_FS_REC_50 :
	       form == LAYOUT_FORM_51 ? LAYOUT_FS_REC_51 :
					0;
}

/*
 * layout_seal_fs - builds the file-system record sector of the 5.0/5.1 form
 * @s: the sector to fill (record, then FF)
 * @form: LAYOUT_FORM_50 or LAYOUT_FORM_51
 * @slot: the slot holding the image
 * @image_len: header + payload bytes of the image
 * @hdr_sha256: the image's header hash (its bytes 0x1e0-0x1ff)
 */
void layout_seal_fs(struct layout_sector *s, enum layout_form form, unsigned int slot,
		    uint32_t image_len, const uint8_t hdr_sha256[LAYOUT_SHA256_LEN])
{
	uint8_t *r = rec_start(s, sizeof(struct layout_fs_rec));

	img_le32_put(r + REC_OFF(layout_fs_rec, form), fs_form_value(form));
	img_le32_put(r + REC_OFF(layout_fs_rec, slot), slot);
	img_le32_put(r + REC_OFF(layout_fs_rec, image_len), image_len);
	memcpy(r + REC_OFF(layout_fs_rec, hdr_sha256), hdr_sha256, LAYOUT_SHA256_LEN);
	rec_seal(r, LAYOUT_FS_MAGIC, REC_OFF(layout_fs_rec, sha256));
}

/*
 * layout_seal_pdm - builds the PDM record sector
 * @s: the sector to fill (record, then FF)
 * @state: LAYOUT_PDM_REC_WRITING or LAYOUT_PDM_REC_VALID
 * @archive_len: header + payload bytes of the archive
 * @hdr_sha256: the archive's header hash (its bytes 0x1e0-0x1ff)
 */
void layout_seal_pdm(struct layout_sector *s, uint32_t state, uint32_t archive_len,
		     const uint8_t hdr_sha256[LAYOUT_SHA256_LEN])
{
	uint8_t *r = rec_start(s, sizeof(struct layout_pdm_rec));

	img_le32_put(r + REC_OFF(layout_pdm_rec, state), state);
	img_le32_put(r + REC_OFF(layout_pdm_rec, archive_len), archive_len);
	memcpy(r + REC_OFF(layout_pdm_rec, hdr_sha256), hdr_sha256, LAYOUT_SHA256_LEN);
	rec_seal(r, LAYOUT_PDM_MAGIC, REC_OFF(layout_pdm_rec, sha256));
}

/*
 * layout_parse_identity - checks and decodes an identity record
 * @buf: the bytes read from LAYOUT_IDENT_OFF
 * @len: how many (at least sizeof(struct layout_ident_rec) for a valid record)
 * @out: serial number, chip count and signing key count, written only on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY (erased) or -LAYOUT_ECORRUPT (anything else that is not a record:
 * a zero-filled bank, a torn write, reserved bytes set, an unsupported chip count, more signing
 * keys than a unit holds).
 */
int layout_parse_identity(const void *buf, size_t len, struct layout_identity *out)
{
	const uint8_t *r = buf;
	size_t hash_off = REC_OFF(layout_ident_rec, sha256);
	int err = rec_check(r, len, LAYOUT_IDENT_MAGIC, hash_off);
	uint32_t chips, sig_keys;

	if (err)
		return err;
	chips = img_le32_get(r + REC_OFF(layout_ident_rec, chips));
	sig_keys = img_le32_get(r + REC_OFF(layout_ident_rec, sig_keys));
	if (!layout_chips_ok(chips) || sig_keys > LAYOUT_SIGKEYS_MAX ||
	    !layout_all(r + REC_OFF(layout_ident_rec, reserved),
			sizeof(((struct layout_ident_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		out->serial = img_le32_get(r + REC_OFF(layout_ident_rec, serial));
		out->chips = chips;
		out->sig_keys = sig_keys;
	}
	return 0;
}

/*
 * layout_parse_sigkeys - checks and decodes the signing key record
 * @buf: the bytes read from LAYOUT_SIGKEYS_OFF
 * @len: how many (at least sizeof(struct layout_sigkeys_rec) for a valid record)
 * @out: the keys, written only on success; may be NULL
 *
 * A key is taken as stored: whether it is a point of P-256 is the verifier's check
 * (-SIG_EANCHOR). Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for a count of 0 or more
 * than LAYOUT_SIGKEYS_MAX, reserved bytes or an unused key set).
 */
int layout_parse_sigkeys(const void *buf, size_t len, struct layout_sigkeys *out)
{
	const uint8_t *r = buf;
	const uint8_t *pts = r + REC_OFF(layout_sigkeys_rec, point);
	int err = rec_check(r, len, LAYOUT_SIGKEYS_MAGIC, REC_OFF(layout_sigkeys_rec, sha256));
	uint32_t count, i;

	if (err)
		return err;
	count = img_le32_get(r + REC_OFF(layout_sigkeys_rec, count));
	if (!count || count > LAYOUT_SIGKEYS_MAX ||
	    !layout_all(pts + count * SIG_POINT_LEN, (LAYOUT_SIGKEYS_MAX - count) * SIG_POINT_LEN,
			0) ||
	    !layout_all(r + REC_OFF(layout_sigkeys_rec, reserved),
			sizeof(((struct layout_sigkeys_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->count = count;
		for (i = 0; i < count; i++)
			memcpy(out->key[i].point, pts + i * SIG_POINT_LEN, SIG_POINT_LEN);
	}
	return 0;
}

/*
 * layout_parse_secver - checks and decodes one security version record
 * @buf: the bytes read from a security version record sector
 * @len: how many
 * @seq: its sequence number, written on success; may be NULL
 * @sec_version: the security version, written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for reserved bytes set).
 */
int layout_parse_secver(const void *buf, size_t len, uint32_t *seq, uint32_t *sec_version)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_SECVER_MAGIC, REC_OFF(layout_secver_rec, sha256));

	if (err)
		return err;
	if (!layout_all(r + REC_OFF(layout_secver_rec, reserved),
			sizeof(((struct layout_secver_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (seq)
		*seq = img_le32_get(r + REC_OFF(layout_secver_rec, seq));
	if (sec_version)
		*sec_version = img_le32_get(r + REC_OFF(layout_secver_rec, sec_version));
	return 0;
}

/*
 * layout_parse_key - checks and decodes one activation key record
 * @buf: the bytes read from a key record sector
 * @len: how many
 * @seq: its sequence number, written on success; may be NULL
 * @k: the key, written on success; may be NULL
 *
 * The key itself is not checked here (that is lic_check's). Returns 0, -LAYOUT_EEMPTY or
 * -LAYOUT_ECORRUPT.
 */
int layout_parse_key(const void *buf, size_t len, uint32_t *seq, struct lic_key *k)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_KEY_MAGIC, REC_OFF(layout_key_rec, sha256));
	unsigned int i;

	if (err)
		return err;
	if (seq)
		*seq = img_le32_get(r + REC_OFF(layout_key_rec, seq));
	for (i = 0; k && i < LIC_KEY_WORDS; i++)
		k->w[i] = img_le32_get(r + REC_OFF(layout_key_rec, w) + 4 * i);
	return 0;
}

/*
 * layout_parse_slot_record - checks and decodes a slot record
 * @buf: the bytes read from a slot record sector
 * @len: how many
 * @out: the record in host byte order (magic and hashes copied), written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for an unknown state, reserved bytes set
 * or an image length shorter than an image header).
 */
int layout_parse_slot_record(const void *buf, size_t len, struct layout_slot_rec *out)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_SLOT_MAGIC, REC_OFF(layout_slot_rec, sha256));
	uint32_t state, image_len;

	if (err)
		return err;
	state = img_le32_get(r + REC_OFF(layout_slot_rec, state));
	image_len = img_le32_get(r + REC_OFF(layout_slot_rec, image_len));
	if ((state != LAYOUT_SLOT_REC_WRITING && state != LAYOUT_SLOT_REC_VALID) ||
	    image_len < IMG_HDR_SIZE ||
	    !layout_all(r + REC_OFF(layout_slot_rec, reserved),
			sizeof(((struct layout_slot_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		memcpy(out, r, sizeof(*out));
		out->version = LAYOUT_SLOT_REC_VERSION;
		out->seq = img_le32_get(r + REC_OFF(layout_slot_rec, seq));
		out->state = state;
		out->image_len = image_len;
	}
	return 0;
}

/*
 * layout_parse_config - checks and decodes the configuration record (not the text)
 * @buf: the bytes read from LAYOUT_CONFIG_OFF
 * @len: how many
 * @out: version, text length and text hash, written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for a text longer than its area).
 */
int layout_parse_config(const void *buf, size_t len, struct layout_config_info *out)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_CONFIG_MAGIC, REC_OFF(layout_config_rec, sha256));
	uint32_t text_len;

	if (err)
		return err;
	text_len = img_le32_get(r + REC_OFF(layout_config_rec, text_len));
	if (r[REC_OFF(layout_config_rec, ver_zero)] || text_len > LAYOUT_CONFIG_TEXT_MAX ||
	    !layout_all(r + REC_OFF(layout_config_rec, reserved),
			sizeof(((struct layout_config_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		out->version.major = r[REC_OFF(layout_config_rec, ver_major)];
		out->version.minor = r[REC_OFF(layout_config_rec, ver_minor)];
		out->version.maint = r[REC_OFF(layout_config_rec, ver_maint)];
		out->text_len = text_len;
		memcpy(out->text_sha256, r + REC_OFF(layout_config_rec, text_sha256),
		       LAYOUT_SHA256_LEN);
	}
	return 0;
}

/*
 * layout_parse_pdm_record - checks and decodes the PDM record
 * @buf: the bytes read from LAYOUT_PDMREC_OFF
 * @len: how many
 * @out: the record in host byte order (magic and hashes copied), written on success; may be NULL
 *
 * Whether the length fits the bank's PDM area is the caller's check (it depends on the bank).
 * Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for an unknown state, reserved bytes set
 * or an archive length shorter than an image header).
 */
int layout_parse_pdm_record(const void *buf, size_t len, struct layout_pdm_rec *out)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_PDM_MAGIC, REC_OFF(layout_pdm_rec, sha256));
	uint32_t state, archive_len;

	if (err)
		return err;
	state = img_le32_get(r + REC_OFF(layout_pdm_rec, state));
	archive_len = img_le32_get(r + REC_OFF(layout_pdm_rec, archive_len));
	if ((state != LAYOUT_PDM_REC_WRITING && state != LAYOUT_PDM_REC_VALID) ||
	    archive_len < IMG_HDR_SIZE ||
	    !layout_all(r + REC_OFF(layout_pdm_rec, reserved),
			sizeof(((struct layout_pdm_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		memcpy(out, r, sizeof(*out));
		out->version = LAYOUT_REC_VERSION;
		out->state = state;
		out->archive_len = archive_len;
	}
	return 0;
}

/*
 * layout_parse_fs_record - checks and decodes the file-system record of the 5.0/5.1 form
 * @buf: the bytes read from LAYOUT_FSREC_OFF
 * @len: how many
 * @out: form, slot, image length and header hash, written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY or -LAYOUT_ECORRUPT (also for an unknown form, a slot other than 0
 * or 1, an image length shorter than an image header, or reserved bytes set). Whether the image
 * fits its slot is the scan's business (it knows the bank).
 */
int layout_parse_fs_record(const void *buf, size_t len, struct layout_fs_info *out)
{
	const uint8_t *r = buf;
	int err = rec_check(r, len, LAYOUT_FS_MAGIC, REC_OFF(layout_fs_rec, sha256));
	uint32_t form, slot, image_len;

	if (err)
		return err;
	form = img_le32_get(r + REC_OFF(layout_fs_rec, form));
	slot = img_le32_get(r + REC_OFF(layout_fs_rec, slot));
	image_len = img_le32_get(r + REC_OFF(layout_fs_rec, image_len));
	if ((form != LAYOUT_FS_REC_50 && form != LAYOUT_FS_REC_51) || slot >= LAYOUT_SLOTS ||
	    image_len < IMG_HDR_SIZE ||
	    !layout_all(r + REC_OFF(layout_fs_rec, reserved),
			sizeof(((struct layout_fs_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		out->form = form == LAYOUT_FS_REC_50 ? LAYOUT_FORM_50 : LAYOUT_FORM_51;
		out->slot = slot;
		out->image_len = image_len;
		memcpy(out->hdr_sha256, r + REC_OFF(layout_fs_rec, hdr_sha256), LAYOUT_SHA256_LEN);
	}
	return 0;
}
