/* Flash layout: records in the bank (identity, key, configuration, slots), power-cut-safe install. */

/*
 * Everything goes through the AT29C040A driver (struct at29): the firmware and pix-flash run
 * the same code on the same chip model, so a flash file is exactly what the firmware sees. The
 * map and the update rules are in layout.h. Invariants kept here:
 * - the current image's slot and its record are never written; a new image becomes current
 *   only through its own record, written last, after the image read back with valid hashes;
 * - a record is one sector, programmed whole; a torn one fails its SHA-256 and counts as absent;
 * - the model's state (LAYOUT_PSTATE_OFF) is never written.
 */

#include <errno.h>
#include <string.h>

#include "layout.h"
#include "mbedtls/sha256.h"

#define REC_OFF(type, field) offsetof(struct type, field)
#define LAYOUT_CHUNK AT29_SECTOR_SIZE /* bytes read at a time when hashing flash */

/* A sector as it is programmed: a record, then FF. */
struct layout_sector {
	uint8_t b[AT29_SECTOR_SIZE];
};

/* SHA-256 of @len bytes at @data into @out (mbedTLS; cannot fail for this configuration). */
static void layout_sha256(const void *data, size_t len, uint8_t out[LAYOUT_SHA256_LEN])
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

/* Whether @chips is a bank size the layout supports: a power of two, 1..16. */
static bool chips_ok(uint32_t chips)
{
	return chips >= LAYOUT_MIN_CHIPS && chips <= LAYOUT_MAX_CHIPS && !(chips & (chips - 1));
}

/*
 * layout_geometry - where the areas are in a bank
 * @chips: chips in the bank, a power of two 1..16
 * @g: filled in
 *
 * The records sit in chip 0's first 128 KiB and the model state in the bank's last 4 KiB; the
 * slots are striped over every chip and the PDM area over chips 1..N-1 (see layout.h).
 * Returns 0 or -LAYOUT_EGEOMETRY.
 */
int layout_geometry(unsigned int chips, struct layout_geometry *g)
{
	unsigned int i;

	if (!chips_ok(chips))
		return -LAYOUT_EGEOMETRY;
	g->chips = chips;
	g->size = chips * AT29_CHIP_SIZE;
	g->pstate_off = LAYOUT_PSTATE_OFF(chips);
	for (i = 0; i < LAYOUT_SLOTS; i++) {
		g->slot[i].chip_off = LAYOUT_SLOT_CHIP_OFF + i * LAYOUT_SLOT_PER_CHIP;
		g->slot[i].per_chip = LAYOUT_SLOT_PER_CHIP;
		g->slot[i].first = 0;
		g->slot[i].chips = chips;
	}
	g->slot_size = at29_stripe_size(&g->slot[0]);
	g->pdm.chip_off = 0;
	g->pdm.per_chip = LAYOUT_PDM_PER_CHIP;
	g->pdm.first = 1;
	g->pdm.chips = chips - 1;
	g->pdm_size = at29_stripe_size(&g->pdm);
	return 0;
}

/*
 * layout_parse_identity - checks and decodes an identity record
 * @buf: the bytes read from LAYOUT_IDENT_OFF
 * @len: how many (at least sizeof(struct layout_ident_rec) for a valid record)
 * @out: the serial number and chip count, written only on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY (erased) or -LAYOUT_ECORRUPT (anything else that is not a record:
 * a zero-filled bank, a torn write, reserved bytes set, an unsupported chip count).
 */
int layout_parse_identity(const void *buf, size_t len, struct layout_identity *out)
{
	const uint8_t *r = buf;
	size_t hash_off = REC_OFF(layout_ident_rec, sha256);
	int err = rec_check(r, len, LAYOUT_IDENT_MAGIC, hash_off);
	uint32_t chips;

	if (err)
		return err;
	chips = img_le32_get(r + REC_OFF(layout_ident_rec, chips));
	if (!chips_ok(chips) || !layout_all(r + REC_OFF(layout_ident_rec, reserved),
					    sizeof(((struct layout_ident_rec *)0)->reserved), 0))
		return -LAYOUT_ECORRUPT;
	if (out) {
		out->serial = img_le32_get(r + REC_OFF(layout_ident_rec, serial));
		out->chips = chips;
	}
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

/* Reads the sector at @off. */
static int read_sector(struct at29 *f, uint32_t off, struct layout_sector *s)
{
	return at29_read(f, off, s->b, sizeof(s->b));
}

/* Programs the sector at @off with @s (the driver verifies it). */
static int write_sector(struct at29 *f, uint32_t off, const struct layout_sector *s)
{
	return at29_write(f, off, s->b, sizeof(s->b), NULL, NULL);
}

/* Checks the bank size and reads the identity: 0, -LAYOUT_E* or a driver error. */
static int layout_open(struct at29 *f, struct layout_geometry *g, struct layout_identity *id)
{
	struct layout_sector s;
	struct layout_identity tmp;
	int err = layout_geometry(f->chips, g);

	if (err)
		return err;
	err = read_sector(f, LAYOUT_IDENT_OFF, &s);
	if (err)
		return err;
	if (!id)
		id = &tmp;
	if (layout_parse_identity(s.b, sizeof(s.b), id))
		return -LAYOUT_ENOIDENT;
	return id->chips == f->chips ? 0 : -LAYOUT_EGEOMETRY;
}

/*
 * layout_read_identity - reads the unit's identity from the locked boot block
 * @f: probed driver instance
 * @out: serial number and chip count, written on success
 *
 * Returns 0; -LAYOUT_ENOIDENT when there is no valid identity record (a bank never formatted);
 * -LAYOUT_EGEOMETRY when the bank is not a supported size or not the size the record names;
 * or a driver error.
 */
int layout_read_identity(struct at29 *f, struct layout_identity *out)
{
	struct layout_geometry g;

	return layout_open(f, &g, out);
}

/* Reads both key records: the current one's index (-1: none), its key, and the highest seq. */
static int key_scan(struct at29 *f, int *cur, struct lic_key *k, uint32_t *max_seq)
{
	struct layout_sector s;
	unsigned int i;

	*cur = -1;
	*max_seq = 0;
	for (i = 0; i < LAYOUT_KEY_COPIES; i++) {
		struct lic_key key;
		uint32_t seq;
		int err = read_sector(f, LAYOUT_KEY_OFF + i * AT29_SECTOR_SIZE, &s);

		if (err)
			return err;
		if (layout_parse_key(s.b, sizeof(s.b), &seq, &key))
			continue;
		if (*cur < 0 || seq > *max_seq) {
			*cur = (int)i;
			*max_seq = seq;
			if (k)
				*k = key;
		}
	}
	return 0;
}

/*
 * layout_read_key - reads the flash activation key
 * @f: probed driver instance
 * @k: the key of the current record, written on success
 *
 * Only the record is checked; whether the key is valid for this unit is lic_check's business
 * (see layout_boot_check). Returns 0, -LAYOUT_ENOKEY, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a
 * driver error.
 */
int layout_read_key(struct at29 *f, struct lic_key *k)
{
	struct layout_geometry g;
	uint32_t max_seq;
	int cur, err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = key_scan(f, &cur, k, &max_seq);
	if (err)
		return err;
	return cur < 0 ? -LAYOUT_ENOKEY : 0;
}

/*
 * layout_write_key - stores a new flash activation key, power-cut safe
 * @f: probed driver instance
 * @k: the key (not checked: a unit may be given a key to take effect later)
 *
 * Writes the record that is not current with the next sequence number; until that record is
 * complete the old key stays current. Writing the current key again changes nothing. Returns
 * 0, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY, -LAYOUT_EVERIFY or a driver error.
 */
int layout_write_key(struct at29 *f, const struct lic_key *k)
{
	struct layout_geometry g;
	struct layout_sector s;
	struct lic_key cur_key, back;
	uint32_t max_seq, seq;
	unsigned int i, target;
	int cur, err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = key_scan(f, &cur, &cur_key, &max_seq);
	if (err)
		return err;
	if (cur >= 0 && lic_key_equal(&cur_key, k))
		return 0;
	target = cur < 0 ? 0 : 1 - (unsigned int)cur;
	memset(s.b, 0xFF, sizeof(s.b));
	memset(s.b, 0, sizeof(struct layout_key_rec));
	img_le32_put(s.b + REC_OFF(layout_key_rec, seq), max_seq + 1);
	for (i = 0; i < LIC_KEY_WORDS; i++)
		img_le32_put(s.b + REC_OFF(layout_key_rec, w) + 4 * i, k->w[i]);
	rec_seal(s.b, LAYOUT_KEY_MAGIC, REC_OFF(layout_key_rec, sha256));
	err = write_sector(f, LAYOUT_KEY_OFF + target * AT29_SECTOR_SIZE, &s);
	if (err)
		return err;
	err = read_sector(f, LAYOUT_KEY_OFF + target * AT29_SECTOR_SIZE, &s);
	if (err)
		return err;
	if (layout_parse_key(s.b, sizeof(s.b), &seq, &back) || seq != max_seq + 1 ||
	    !lic_key_equal(&back, k))
		return -LAYOUT_EVERIFY;
	return 0;
}

/* Reads @len bytes at @off of area @st, or of the bank when @st is NULL. */
static int area_read(struct at29 *f, const struct at29_stripe *st, uint32_t off, void *buf,
		     size_t len)
{
	return st ? at29_read_stripe(f, st, off, buf, len) : at29_read(f, off, buf, len);
}

/*
 * Hashes @len bytes at @off of area @st (NULL: of the bank) into @sum; copies them to @copy
 * unless it is NULL. Reads one sector at a time, so it needs no buffer the size of an image.
 */
static int hash_flash(struct at29 *f, const struct at29_stripe *st, uint32_t off, uint32_t len,
		      uint8_t sum[LAYOUT_SHA256_LEN], uint8_t *copy)
{
	mbedtls_sha256_context ctx;
	uint8_t buf[LAYOUT_CHUNK];
	uint32_t done = 0;
	int err = 0;

	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	while (done < len) {
		uint32_t n = len - done < LAYOUT_CHUNK ? len - done : LAYOUT_CHUNK;

		err = area_read(f, st, off + done, buf, n);
		if (err)
			break;
		mbedtls_sha256_update_ret(&ctx, buf, n);
		if (copy)
			memcpy(copy + done, buf, n);
		done += n;
	}
	mbedtls_sha256_finish_ret(&ctx, sum);
	mbedtls_sha256_free(&ctx);
	return err;
}

/* Reads the configuration record and checks the text against it; copies the text to @buf. */
static int config_load(struct at29 *f, void *buf, size_t size, struct layout_config_info *out)
{
	struct layout_geometry g;
	struct layout_config_info info;
	struct layout_sector s;
	uint8_t sum[LAYOUT_SHA256_LEN];
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = read_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (err)
		return err;
	if (layout_parse_config(s.b, sizeof(s.b), &info))
		return -LAYOUT_ENOCONFIG;
	if (buf && size < info.text_len)
		return -LAYOUT_ETOOBIG;
	err = hash_flash(f, NULL, LAYOUT_CONFIG_TEXT_OFF, info.text_len, sum, buf);
	if (err)
		return err;
	if (memcmp(sum, info.text_sha256, LAYOUT_SHA256_LEN))
		return -LAYOUT_ENOCONFIG;
	if (out)
		*out = info;
	return 0;
}

/*
 * layout_read_config_version - which image version wrote the stored configuration
 * @f: probed driver instance
 * @out: version, text length and hash, written on success
 *
 * The text is read and checked against its hash: a configuration that does not hold is no
 * configuration. Returns 0, -LAYOUT_ENOCONFIG, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver
 * error.
 */
int layout_read_config_version(struct at29 *f, struct layout_config_info *out)
{
	return config_load(f, NULL, 0, out);
}

/*
 * layout_read_config - reads the stored configuration text
 * @f: probed driver instance
 * @buf: receives the text (not NUL-terminated)
 * @size: bytes at @buf
 * @out: version, text length and hash, written on success; may be NULL
 *
 * Returns 0, -LAYOUT_ETOOBIG when @size is short of the text, or as
 * layout_read_config_version().
 */
int layout_read_config(struct at29 *f, void *buf, size_t size, struct layout_config_info *out)
{
	return config_load(f, buf, size, out);
}

/*
 * layout_write_config - stores a configuration text and the version that wrote it
 * @f: probed driver instance
 * @ver: version of the image writing it
 * @text: the text
 * @len: its length, at most LAYOUT_CONFIG_TEXT_MAX
 *
 * Erases the record, writes the text, then writes the record: a power cut in between leaves
 * no configuration, never a wrong one. Returns 0, -LAYOUT_ETOOBIG, -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY, -LAYOUT_EVERIFY or a driver error.
 */
int layout_write_config(struct at29 *f, const struct img_version *ver, const void *text, size_t len)
{
	struct layout_geometry g;
	struct layout_config_info back;
	struct layout_sector s;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	if (len > LAYOUT_CONFIG_TEXT_MAX)
		return -LAYOUT_ETOOBIG;
	memset(s.b, 0xFF, sizeof(s.b));
	err = write_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (!err && len)
		err = at29_write(f, LAYOUT_CONFIG_TEXT_OFF, text, len, NULL, NULL);
	if (err)
		return err;
	memset(s.b, 0, sizeof(struct layout_config_rec));
	s.b[REC_OFF(layout_config_rec, ver_major)] = ver->major;
	s.b[REC_OFF(layout_config_rec, ver_minor)] = ver->minor;
	s.b[REC_OFF(layout_config_rec, ver_maint)] = ver->maint;
	img_le32_put(s.b + REC_OFF(layout_config_rec, text_len), (uint32_t)len);
	layout_sha256(text, len, s.b + REC_OFF(layout_config_rec, text_sha256));
	rec_seal(s.b, LAYOUT_CONFIG_MAGIC, REC_OFF(layout_config_rec, sha256));
	err = write_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (err)
		return err;
	err = config_load(f, NULL, 0, &back);
	if (err == -LAYOUT_ENOCONFIG)
		return -LAYOUT_EVERIFY;
	return err;
}

/* Bank offset of slot @i's record. */
static uint32_t slotrec_off(unsigned int i)
{
	return LAYOUT_SLOTREC_OFF + i * AT29_SECTOR_SIZE;
}

/* Writes slot @i's record: @state, @seq, and the image's length and header hash. */
static int write_slot_rec(struct at29 *f, unsigned int i, uint32_t state, uint32_t seq,
			  uint32_t image_len, const uint8_t *hdr)
{
	struct layout_sector s;

	memset(s.b, 0xFF, sizeof(s.b));
	memset(s.b, 0, sizeof(struct layout_slot_rec));
	img_le32_put(s.b + REC_OFF(layout_slot_rec, seq), seq);
	img_le32_put(s.b + REC_OFF(layout_slot_rec, state), state);
	img_le32_put(s.b + REC_OFF(layout_slot_rec, image_len), image_len);
	memcpy(s.b + REC_OFF(layout_slot_rec, hdr_sha256), hdr + IMG_HDR_HASHED_LEN,
	       LAYOUT_SHA256_LEN);
	rec_seal(s.b, LAYOUT_SLOT_MAGIC, REC_OFF(layout_slot_rec, sha256));
	return write_sector(f, slotrec_off(i), &s);
}

/*
 * Checks the image in a slot against its record: header (img_parse_header, kind, the record's
 * hash and length) into si->hdr_err, payload SHA-256 into si->payload_err. Returns a driver
 * error only.
 */
static int check_slot_image(struct at29 *f, const struct layout_slot_rec *rec,
			    struct layout_slot_info *si)
{
	uint8_t hdr[IMG_HDR_SIZE], sum[LAYOUT_SHA256_LEN];
	int err = at29_read_stripe(f, &si->area, 0, hdr, sizeof(hdr));

	if (err)
		return err;
	si->payload_err = si->hdr_err = img_parse_header(hdr, rec->image_len, &si->info);
	if (si->hdr_err)
		return 0;
	if (si->info.kind != IMG_KIND_OS)
		si->hdr_err = -LAYOUT_EKIND;
	else if (memcmp(hdr + IMG_HDR_HASHED_LEN, rec->hdr_sha256, LAYOUT_SHA256_LEN) ||
		 si->info.payload_size != rec->image_len - IMG_HDR_SIZE)
		si->hdr_err = -LAYOUT_EVERIFY;
	si->payload_err = si->hdr_err;
	if (si->hdr_err)
		return 0;
	err = hash_flash(f, &si->area, IMG_HDR_SIZE, si->info.payload_size, sum, NULL);
	if (err)
		return err;
	si->payload_err =
		memcmp(sum, si->info.payload_sha256, LAYOUT_SHA256_LEN) ? -IMG_EPAYLOADSUM : 0;
	return 0;
}

/* Reads and judges slot @i: record state, and for a VALID one both hashes of its image. */
/* Reads and judges slot @i's record into @si and @rec; the image is checked separately. */
static int scan_record(struct at29 *f, const struct layout_geometry *g, unsigned int i,
		       struct layout_slot_info *si, struct layout_slot_rec *rec)
{
	struct layout_sector s;
	int err = read_sector(f, slotrec_off(i), &s);

	memset(si, 0, sizeof(*si));
	si->area = g->slot[i];
	si->hdr_err = si->payload_err = -LAYOUT_ENOIMAGE;
	if (err)
		return err;
	err = layout_parse_slot_record(s.b, sizeof(s.b), rec);
	if (err == -LAYOUT_EEMPTY)
		return 0;
	if (err || rec->image_len > g->slot_size) {
		si->state = LAYOUT_SLOT_CORRUPT;
		return 0;
	}
	si->seq = rec->seq;
	si->image_len = rec->image_len;
	si->state = rec->state == LAYOUT_SLOT_REC_WRITING ? LAYOUT_SLOT_WRITING : LAYOUT_SLOT_VALID;
	return 0;
}

/*
 * Reads the slot records, then checks the images of VALID slots newest first: all of them
 * (@all), or only until one is bootable, which is then current whatever the older ones hold;
 * a slot not checked stays not bootable with hdr_err -LAYOUT_ENOIMAGE.
 */
static int scan(struct at29 *f, struct layout_slots *s, bool all)
{
	struct layout_geometry g;
	struct layout_slot_rec rec[LAYOUT_SLOTS];
	bool checked[LAYOUT_SLOTS] = { false };
	unsigned int i, n;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	s->current = -1;
	s->max_seq = 0;
	for (i = 0; i < LAYOUT_SLOTS; i++) {
		const struct layout_slot_info *si = &s->slot[i];

		err = scan_record(f, &g, i, &s->slot[i], &rec[i]);
		if (err)
			return err;
		if ((si->state == LAYOUT_SLOT_WRITING || si->state == LAYOUT_SLOT_VALID) &&
		    si->seq > s->max_seq)
			s->max_seq = si->seq;
	}
	for (n = 0; n < LAYOUT_SLOTS; n++) {
		struct layout_slot_info *si;
		int next = -1;

		for (i = 0; i < LAYOUT_SLOTS; i++)
			if (s->slot[i].state == LAYOUT_SLOT_VALID && !checked[i] &&
			    (next < 0 || s->slot[i].seq > s->slot[next].seq))
				next = (int)i;
		if (next < 0)
			break;
		checked[next] = true;
		si = &s->slot[next];
		err = check_slot_image(f, &rec[next], si);
		if (err)
			return err;
		si->bootable = !si->hdr_err && !si->payload_err;
		if (si->bootable && s->current < 0) {
			s->current = next;
			if (!all)
				break;
		}
	}
	return 0;
}

/*
 * layout_scan_slots - what each image slot holds, and which image is current
 * @f: probed driver instance
 * @s: per slot: record state, sequence, and for a VALID record whether header and payload
 *     hashes hold; the current slot (the bootable one with the highest sequence, or -1); the
 *     highest sequence of any record
 *
 * Reads every VALID slot's whole image (what `pix-flash show` lists). A flash boot and an
 * install need only the current image and read no more (layout_find_boot_image). Returns 0,
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_scan_slots(struct at29 *f, struct layout_slots *s)
{
	return scan(f, s, true);
}

/*
 * layout_find_boot_image - the image a flash boot would load
 * @f: probed driver instance
 * @out: slot, sequence, where header and payload are, and the decoded header; on success
 *
 * The image's header and payload hashes were both checked in flash; an older image is not read
 * once a newer one verifies. Returns 0;
 * -LAYOUT_ENOIMAGE when no slot holds a finished install; -LAYOUT_EBADIMAGE when some do but
 * none verifies ("Checksum verification on flash image failed"); -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_find_boot_image(struct at29 *f, struct layout_image *out)
{
	struct layout_slots s;
	const struct layout_slot_info *si;
	unsigned int i;
	int err = scan(f, &s, false);

	if (err)
		return err;
	if (s.current < 0) {
		for (i = 0; i < LAYOUT_SLOTS; i++)
			if (s.slot[i].state == LAYOUT_SLOT_VALID)
				return -LAYOUT_EBADIMAGE;
		return -LAYOUT_ENOIMAGE;
	}
	si = &s.slot[s.current];
	out->slot = (unsigned int)s.current;
	out->seq = si->seq;
	out->area = si->area;
	out->hdr_off = at29_stripe_addr(&si->area, 0);
	out->image_len = si->image_len;
	out->info = si->info;
	return 0;
}

/* Checks an image before it goes to flash; sets *image_len to header + payload. */
static int check_new_image(const struct layout_geometry *g, const uint8_t *image, size_t len,
			   uint32_t *image_len)
{
	struct img_info info;
	int err = img_parse_header(image, len, &info);

	if (err)
		return err;
	if (info.kind != IMG_KIND_OS)
		return -LAYOUT_EKIND;
	err = img_verify_payload(&info, image + IMG_HDR_SIZE, len - IMG_HDR_SIZE);
	if (err)
		return err;
	if (info.payload_size > g->slot_size - IMG_HDR_SIZE)
		return -LAYOUT_ETOOBIG;
	*image_len = IMG_HDR_SIZE + info.payload_size;
	return 0;
}

/* Reads back an image just programmed in slot @t and checks both hashes against @image's. */
static int verify_installed(struct at29 *f, const struct layout_geometry *g, unsigned int t,
			    uint32_t seq, uint32_t image_len, const uint8_t *image)
{
	struct layout_slot_rec rec;
	struct layout_slot_info si;
	int err;

	memset(&si, 0, sizeof(si));
	si.area = g->slot[t];
	rec.seq = seq;
	rec.image_len = image_len;
	memcpy(rec.hdr_sha256, image + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	err = check_slot_image(f, &rec, &si);
	if (err)
		return err;
	return si.hdr_err || si.payload_err ? -LAYOUT_EVERIFY : 0;
}

/* Reads back slot @t's record: it must be VALID with sequence @seq. */
static int check_slot_rec(struct at29 *f, unsigned int t, uint32_t seq)
{
	struct layout_sector s;
	struct layout_slot_rec rec;
	int err = read_sector(f, slotrec_off(t), &s);

	if (err)
		return err;
	if (layout_parse_slot_record(s.b, sizeof(s.b), &rec) ||
	    rec.state != LAYOUT_SLOT_REC_VALID || rec.seq != seq)
		return -LAYOUT_EVERIFY;
	return 0;
}

/*
 * layout_install_image - writes an image to the slot that is not current, power-cut safe
 * @f: probed driver instance
 * @image: a PIX OS image (header and payload)
 * @len: bytes at @image (any bytes past the payload are ignored)
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 * @slot: the slot written, set on success; may be NULL
 *
 * Checks the image (header, kind, payload SHA-256, size), marks the other slot "writing" with
 * the next sequence number, programs the image, reads it back and checks both hashes, then
 * marks the slot "valid": only then is it current. Until that last record is complete the old
 * image stays current, whatever is interrupted. Returns 0; an image error (enum img_error);
 * -LAYOUT_EKIND, -LAYOUT_ETOOBIG, -LAYOUT_EVERIFY, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY; or a
 * driver error (-EIO, -ETIMEDOUT: f->err_sector says where).
 */
int layout_install_image(struct at29 *f, const void *image, size_t len, layout_progress_fn progress,
			 void *ctx, unsigned int *slot)
{
	struct layout_geometry g;
	struct layout_slots s;
	uint32_t image_len, seq;
	unsigned int t;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = check_new_image(&g, image, len, &image_len);
	if (!err)
		err = scan(f, &s, false);
	if (err)
		return err;
	t = s.current < 0 ? 0 : 1 - (unsigned int)s.current;
	seq = s.max_seq + 1;
	err = write_slot_rec(f, t, LAYOUT_SLOT_REC_WRITING, seq, image_len, image);
	if (!err)
		err = at29_write_stripe(f, &g.slot[t], 0, image, image_len, progress, ctx);
	if (!err)
		err = verify_installed(f, &g, t, seq, image_len, image);
	if (!err)
		err = write_slot_rec(f, t, LAYOUT_SLOT_REC_VALID, seq, image_len, image);
	if (!err)
		err = check_slot_rec(f, t, seq);
	if (!err && slot)
		*slot = t;
	return err;
}

/*
 * layout_read_image - reads bytes of an image in flash
 * @f: probed driver instance
 * @im: the image, as layout_find_boot_image() found it
 * @off: offset in the image (0: its header; IMG_HDR_SIZE: its payload)
 * @buf: destination
 * @len: bytes
 *
 * Returns 0 or a driver error (-EINVAL past the slot's end).
 */
int layout_read_image(struct at29 *f, const struct layout_image *im, uint32_t off, void *buf,
		      size_t len)
{
	return at29_read_stripe(f, &im->area, off, buf, len);
}

/* Programs [@start, @end) to FF, a sector at a time (sectors already erased are only read). */
static int erase_range(struct at29 *f, uint32_t start, uint32_t end)
{
	struct layout_sector s;
	uint32_t off;
	int err;

	memset(s.b, 0xFF, sizeof(s.b));
	for (off = start; off < end; off += AT29_SECTOR_SIZE) {
		err = write_sector(f, off, &s);
		if (err)
			return err;
	}
	return 0;
}

/* Writes the identity record for @serial and locks chip 0's lower boot block over it. */
static int write_identity(struct at29 *f, uint32_t serial)
{
	struct layout_sector s;

	memset(s.b, 0xFF, sizeof(s.b));
	memset(s.b, 0, sizeof(struct layout_ident_rec));
	img_le32_put(s.b + REC_OFF(layout_ident_rec, serial), serial);
	img_le32_put(s.b + REC_OFF(layout_ident_rec, chips), f->chips);
	rec_seal(s.b, LAYOUT_IDENT_MAGIC, REC_OFF(layout_ident_rec, sha256));
	return write_sector(f, LAYOUT_IDENT_OFF, &s);
}

/*
 * layout_format - makes a bank a formatted unit: erased, identity, locked boot block, key
 * @f: probed driver instance
 * @serial: the unit's serial number
 * @key: a flash activation key to store, or NULL for none (not checked here)
 *
 * Programs the whole bank but the model state to FF, writes the identity record and locks
 * chip 0's lower boot block for ever. A bank whose boot block is already locked keeps its
 * identity if it is for @serial (the rest is erased again) and is refused otherwise. Returns
 * 0, -LAYOUT_EGEOMETRY, -LAYOUT_ELOCKED, -LAYOUT_EVERIFY or a driver error.
 */
int layout_format(struct at29 *f, uint32_t serial, const struct lic_key *key)
{
	struct layout_geometry g;
	struct layout_identity id;
	struct layout_sector s;
	uint32_t start = 0;
	int err = layout_geometry(f->chips, &g);

	if (err)
		return err;
	if (at29_boot_block_locked(f, LAYOUT_IDENT_OFF)) {
		err = read_sector(f, LAYOUT_IDENT_OFF, &s);
		if (err)
			return err;
		if (layout_parse_identity(s.b, sizeof(s.b), &id) || id.serial != serial ||
		    id.chips != f->chips)
			return -LAYOUT_ELOCKED;
		start = AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE;
	}
	err = erase_range(f, start, g.pstate_off);
	if (!err && !start)
		err = write_identity(f, serial);
	if (!err && !start)
		err = at29_lock_boot_block(f, LAYOUT_IDENT_OFF);
	if (err)
		return err;
	err = layout_open(f, &g, &id);
	if (err || id.serial != serial)
		return -LAYOUT_EVERIFY;
	return key ? layout_write_key(f, key) : 0;
}

/*
 * layout_version_newer - whether version @a is newer than @b
 * @a: a version, e.g. of the stored configuration
 * @b: another, e.g. of the image about to boot
 */
bool layout_version_newer(const struct img_version *a, const struct img_version *b)
{
	if (a->major != b->major)
		return a->major > b->major;
	if (a->minor != b->minor)
		return a->minor > b->minor;
	return a->maint > b->maint;
}

/* Fills the key part of @st: the stored key and whether it is valid for the unit. */
static void check_key(struct at29 *f, const uint8_t *vendor_key, struct layout_boot_status *st)
{
	st->key_err = layout_read_key(f, &st->key);
	if (st->key_err)
		return;
	st->lic_err = lic_check(&st->key, st->ident.serial, vendor_key, &st->features);
	if (st->lic_err)
		st->key_err = -LAYOUT_EKEY;
}

/*
 * layout_boot_check - whether a flash boot would start an image, and if not why
 * @f: probed driver instance
 * @vendor_key: the vendor's AES key for lic_check (LIC_DEV_VENDOR_KEY in development)
 * @st: everything found: identity, image, key and features, configuration version and whether
 *      it is newer than the image ("Configuration Compatibility Warning:")
 *
 * The one decision the firmware's flash boot and `pix-flash check` share. Checks, in this
 * order: identity, image (both hashes), activation key (lic_check against the serial number).
 * Returns 0 when the image would boot, else the first reason: -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY, -LAYOUT_ENOIMAGE, -LAYOUT_EBADIMAGE, -LAYOUT_ENOKEY, -LAYOUT_EKEY (the key
 * is "not valid": st->lic_err says whether it is not genuine or for another unit) or a driver
 * error. A missing configuration does not stop a boot.
 */
int layout_boot_check(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		      struct layout_boot_status *st)
{
	memset(st, 0, sizeof(*st));
	st->image_err = st->key_err = st->config_err = -LAYOUT_ENOIDENT;
	st->ident_err = layout_read_identity(f, &st->ident);
	if (st->ident_err) {
		st->image_err = st->key_err = st->config_err = st->ident_err;
		return st->ident_err;
	}
	st->image_err = layout_find_boot_image(f, &st->image);
	check_key(f, vendor_key, st);
	st->config_err = layout_read_config_version(f, &st->config);
	if (!st->config_err && !st->image_err)
		st->config_newer =
			layout_version_newer(&st->config.version, &st->image.info.version);
	return st->image_err ? st->image_err : st->key_err;
}

/* Words for the layout's own errors. */
static const char *const layout_msgs[] = {
	[LAYOUT_ENOIDENT - LAYOUT_ENOIDENT] = "flash not formatted (no identity record)",
	[LAYOUT_EGEOMETRY - LAYOUT_ENOIDENT] = "flash size does not match its identity record",
	[LAYOUT_ELOCKED - LAYOUT_ENOIDENT] = "identity is locked with another serial number",
	[LAYOUT_EEMPTY - LAYOUT_ENOIDENT] = "record erased",
	[LAYOUT_ECORRUPT - LAYOUT_ENOIDENT] = "record corrupt",
	[LAYOUT_ENOKEY - LAYOUT_ENOIDENT] = "no activation key in flash",
	[LAYOUT_EKEY - LAYOUT_ENOIDENT] = LIC_MSG_NOT_VALID,
	[LAYOUT_ENOCONFIG - LAYOUT_ENOIDENT] = "no configuration in flash",
	[LAYOUT_ENOIMAGE - LAYOUT_ENOIDENT] = "no image installed in flash",
	[LAYOUT_EBADIMAGE - LAYOUT_ENOIDENT] = "Checksum verification on flash image failed",
	[LAYOUT_EKIND - LAYOUT_ENOIDENT] = "not a PIX OS image",
	[LAYOUT_ETOOBIG - LAYOUT_ENOIDENT] = "too large for its flash area",
	[LAYOUT_EVERIFY - LAYOUT_ENOIDENT] = "flash does not read back what was written",
};

/*
 * layout_strerror - a short description of an error from this module
 * @err: a negative layout, image (enum img_error) or driver errno code
 *
 * Returns a constant string.
 */
const char *layout_strerror(int err)
{
	int e = -err;

	if (e >= LAYOUT_ENOIDENT && e <= LAYOUT_EVERIFY)
		return layout_msgs[e - LAYOUT_ENOIDENT];
	if (e >= IMG_ESHORT && e <= IMG_EPAYLOADSUM)
		return img_strerror(err);
	switch (e) {
	case 0:
		return "success";
	case EIO:
		return "flash write failed";
	case ETIMEDOUT:
		return "flash write timed out";
	case ENODEV:
		return "flash chip not responding";
	case EINVAL:
		return "outside the flash bank";
	default:
		return "unknown flash error";
	}
}
