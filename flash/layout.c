/* Flash layout: geometry, opening a bank, format and identity, activation key, configuration. */

/*
 * Everything goes through the AT29C040A driver (struct at29): the firmware and pix-flash run
 * the same code on the same chip model, so a flash file is exactly what the firmware sees. The
 * map and the update rules are in layout.h; the record formats are in layout_rec.c, the slot
 * scan and the boot choice in layout_boot.c, the image install in layout_install.c (and of
 * images that read older forms in layout_install_old.c), the conversions to older forms in
 * layout_flashfs.c, the PDM archive in layout_pdm.c. Invariants kept by all of them:
 * - the current image's slot is never programmed; a new image becomes current only through the
 *   record written last (its slot record, the file-system record, or the erase of the record
 *   that chose the old one), after the image read back with valid hashes;
 * - a record the boot choice relies on is erased or rewritten only while another rule already
 *   chooses the same image (layout.h, "Forms");
 * - a record is one sector, programmed whole; a torn one fails its SHA-256 and counts as absent
 *   (corrupt, never WRITING or VALID);
 * - the model's state (LAYOUT_PSTATE_OFF) is never written.
 */

#include <errno.h>
#include <string.h>

#include "layout_int.h"
#include "mbedtls/sha256.h"

#define LAYOUT_CHUNK AT29_SECTOR_SIZE /* bytes read at a time when hashing flash */

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

	if (!layout_chips_ok(chips))
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

/* layout_read_sector - reads the sector at @off into @s; returns 0 or a driver error. */
int layout_read_sector(struct at29 *f, uint32_t off, struct layout_sector *s)
{
	return at29_read(f, off, s->b, sizeof(s->b));
}

/*
 * layout_write_sector - programs the sector at @off with @s (the driver verifies it); returns 0
 * or a driver error
 */
int layout_write_sector(struct at29 *f, uint32_t off, const struct layout_sector *s)
{
	return at29_write(f, off, s->b, sizeof(s->b), NULL, NULL);
}

/*
 * layout_open - checks the bank size and reads the identity
 * @f: probed driver instance
 * @g: the bank's geometry, filled in
 * @id: the identity, written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EGEOMETRY, -LAYOUT_ENOIDENT or a driver error.
 */
int layout_open(struct at29 *f, struct layout_geometry *g, struct layout_identity *id)
{
	struct layout_sector s;
	struct layout_identity tmp;
	int err = layout_geometry(f->chips, g);

	if (err)
		return err;
	err = layout_read_sector(f, LAYOUT_IDENT_OFF, &s);
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

/* Reads @len bytes at @off of area @st, or of the bank when @st is NULL. */
static int area_read(struct at29 *f, const struct at29_stripe *st, uint32_t off, void *buf,
		     size_t len)
{
	return st ? at29_read_stripe(f, st, off, buf, len) : at29_read(f, off, buf, len);
}

/*
 * layout_hash_flash - hashes @len bytes at @off of area @st (NULL: of the bank) into @sum;
 * copies them to @copy unless it is NULL. Reads one sector at a time, so it needs no buffer the
 * size of an image. Returns 0 or a driver error.
 */
int layout_hash_flash(struct at29 *f, const struct at29_stripe *st, uint32_t off, uint32_t len,
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

/* Programs [@start, @end) to FF, a sector at a time (sectors already erased are only read). */
static int erase_range(struct at29 *f, uint32_t start, uint32_t end)
{
	struct layout_sector s;
	uint32_t off;
	int err;

	memset(s.b, 0xFF, sizeof(s.b));
	for (off = start; off < end; off += AT29_SECTOR_SIZE) {
		err = layout_write_sector(f, off, &s);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Writes the identity record for @serial (naming @keys' count) and the signing key record, which
 * the caller then locks with chip 0's lower boot block.
 */
static int write_identity(struct at29 *f, uint32_t serial, const struct layout_sigkeys *keys)
{
	struct layout_sector s;
	uint8_t area[LAYOUT_SIGKEYS_AREA];
	uint32_t n = keys ? keys->count : 0;
	int err;

	layout_seal_identity(&s, serial, f->chips, n);
	err = layout_write_sector(f, LAYOUT_IDENT_OFF, &s);
	if (err || !n)
		return err;
	layout_seal_sigkeys(area, keys);
	return at29_write(f, LAYOUT_SIGKEYS_OFF, area, sizeof(area), NULL, NULL);
}

/* Whether the signing keys locked in the bank are exactly @keys (NULL: none). */
static bool same_sigkeys(struct at29 *f, const struct layout_sigkeys *keys)
{
	struct layout_sigkeys held;
	unsigned int n = keys ? keys->count : 0;

	if (layout_read_sigkeys(f, &held) || held.count != n)
		return false;
	return !n || !memcmp(held.key, keys->key, n * sizeof(keys->key[0]));
}

/*
 * layout_format_signed - makes a bank a formatted unit: erased, identity and image signing keys,
 * locked boot block, activation key
 * @f: probed driver instance
 * @serial: the unit's serial number
 * @key: a flash activation key to store, or NULL for none (not checked here)
 * @keys: the public keys whose image signatures the unit will accept, or NULL (or a count of
 *        0) for a unit that checks no signatures; kept with the identity for ever
 *
 * Programs the whole bank but the model state to FF, writes the identity record and the signing
 * keys and locks chip 0's lower boot block for ever. A bank whose boot block is already locked
 * keeps its identity if it is for @serial with the same signing keys (the rest is erased again)
 * and is refused otherwise. Returns 0, -LAYOUT_EGEOMETRY, -LAYOUT_ELOCKED,
 * -LAYOUT_ETOOMANYKEYS, -LAYOUT_EVERIFY or a driver error.
 */
int layout_format_signed(struct at29 *f, uint32_t serial, const struct lic_key *key,
			 const struct layout_sigkeys *keys)
{
	struct layout_geometry g;
	struct layout_identity id;
	struct layout_sector s;
	uint32_t start = 0;
	int err = layout_geometry(f->chips, &g);

	if (err)
		return err;
	if (keys && keys->count > LAYOUT_SIGKEYS_MAX)
		return -LAYOUT_ETOOMANYKEYS;
	if (at29_boot_block_locked(f, LAYOUT_IDENT_OFF)) {
		err = layout_read_sector(f, LAYOUT_IDENT_OFF, &s);
		if (err)
			return err;
		if (layout_parse_identity(s.b, sizeof(s.b), &id) || id.serial != serial ||
		    id.chips != f->chips || !same_sigkeys(f, keys))
			return -LAYOUT_ELOCKED;
		start = AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE;
	}
	err = erase_range(f, start, g.pstate_off);
	if (!err && !start)
		err = write_identity(f, serial, keys);
	if (!err && !start)
		err = at29_lock_boot_block(f, LAYOUT_IDENT_OFF);
	if (err)
		return err;
	err = layout_open(f, &g, &id);
	if (err || id.serial != serial || !same_sigkeys(f, keys))
		return -LAYOUT_EVERIFY;
	return key ? layout_write_key(f, key) : 0;
}

/*
 * layout_format - layout_format_signed() for a unit without image signing keys (it boots any
 * image whose hashes hold, as the PIX did)
 */
int layout_format(struct at29 *f, uint32_t serial, const struct lic_key *key)
{
	return layout_format_signed(f, serial, key, NULL);
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
		int err = layout_read_sector(f, LAYOUT_KEY_OFF + i * AT29_SECTOR_SIZE, &s);

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
	unsigned int target;
	int cur, err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = key_scan(f, &cur, &cur_key, &max_seq);
	if (err)
		return err;
	if (cur >= 0 && lic_key_equal(&cur_key, k))
		return 0;
	target = cur < 0 ? 0 : 1 - (unsigned int)cur;
	layout_seal_key(&s, max_seq + 1, k);
	err = layout_write_sector(f, LAYOUT_KEY_OFF + target * AT29_SECTOR_SIZE, &s);
	if (err)
		return err;
	err = layout_read_sector(f, LAYOUT_KEY_OFF + target * AT29_SECTOR_SIZE, &s);
	if (err)
		return err;
	if (layout_parse_key(s.b, sizeof(s.b), &seq, &back) || seq != max_seq + 1 ||
	    !lic_key_equal(&back, k))
		return -LAYOUT_EVERIFY;
	return 0;
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
	err = layout_read_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (err)
		return err;
	if (layout_parse_config(s.b, sizeof(s.b), &info))
		return -LAYOUT_ENOCONFIG;
	if (buf && size < info.text_len)
		return -LAYOUT_ETOOBIG;
	err = layout_hash_flash(f, NULL, LAYOUT_CONFIG_TEXT_OFF, info.text_len, sum, buf);
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
 * layout_check_config - whether the stored configuration is readable or absent
 * @f: probed driver instance
 *
 * Returns 0 when the record is erased (no configuration) or valid with a text that matches its
 * hash; -LAYOUT_EBADCONFIG when the record is torn or damaged or the text does not match;
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_check_config(struct at29 *f)
{
	struct layout_geometry g;
	struct layout_sector s;
	int err = layout_open(f, &g, NULL);

	if (!err)
		err = layout_read_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (err)
		return err;
	if (layout_parse_config(s.b, sizeof(s.b), NULL) == -LAYOUT_EEMPTY)
		return 0;
	err = config_load(f, NULL, 0, NULL);
	return err == -LAYOUT_ENOCONFIG ? -LAYOUT_EBADCONFIG : err;
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
	err = layout_write_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (!err && len)
		err = at29_write(f, LAYOUT_CONFIG_TEXT_OFF, text, len, NULL, NULL);
	if (err)
		return err;
	layout_seal_config(&s, ver, text, (uint32_t)len);
	err = layout_write_sector(f, LAYOUT_CONFIG_OFF, &s);
	if (err)
		return err;
	err = config_load(f, NULL, 0, &back);
	if (err == -LAYOUT_ENOCONFIG)
		return -LAYOUT_EVERIFY;
	return err;
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
	[LAYOUT_ENOPDM - LAYOUT_ENOIDENT] = "no PDM archive in flash",
	[LAYOUT_EBADPDM - LAYOUT_ENOIDENT] = "PDM archive in flash is corrupt",
	[LAYOUT_ENOPDMAREA - LAYOUT_ENOIDENT] = "no PDM area in a one-chip flash",
	[LAYOUT_EOLDIMAGE - LAYOUT_ENOIDENT] = "an image older than 4.4 would corrupt the flash",
	[LAYOUT_EBADCONFIG - LAYOUT_ENOIDENT] = "configuration in flash is corrupt",
	[LAYOUT_EFORM - LAYOUT_ENOIDENT] = "not a form of the flash file system",
	[LAYOUT_ESIGKEYS - LAYOUT_ENOIDENT] = "the unit's image signing keys are damaged: "
					      "no image can be verified",
	[LAYOUT_EROLLBACK - LAYOUT_ENOIDENT] = "image's security version is lower than the "
					       "unit's (rollback refused)",
	[LAYOUT_ETOOMANYKEYS - LAYOUT_ENOIDENT] = "a unit holds at most 4 image signing keys",
};
_Static_assert(sizeof(layout_msgs) / sizeof(layout_msgs[0]) == LAYOUT_ELAST - LAYOUT_ENOIDENT + 1,
	       "a message for every layout error");

/*
 * layout_strerror - a short description of an error from this module
 * @err: a negative layout, image (enum img_error) or driver errno code
 *
 * Returns a constant string.
 */
const char *layout_strerror(int err)
{
	int e = -err;

	if (e >= LAYOUT_ENOIDENT && e <= LAYOUT_ELAST)
		return layout_msgs[e - LAYOUT_ENOIDENT];
	if (e >= IMG_ESHORT && e <= IMG_EPAYLOADSUM)
		return img_strerror(err);
	if (e >= SIG_EUNSIGNED && e <= SIG_EINTERNAL)
		return layout_sig_strerror(err);
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
