/* Flash layout: slot scan, the choice of the image a flash boot runs, and the boot check. */

/*
 * The boot choice has three rules, one per form of the flash file system (layout.h, "Forms"):
 * 1. 6.x: the VALID slot record with the highest sequence whose image verifies (header SHA-256,
 *    the record's copy of it and its length, payload SHA-256); if it does not, the other;
 * 2. 5.0/5.1: the slot the file-system record names, when its image verifies against it;
 * 3. 4.x: only when neither slot record is WRITING or VALID, the image at slot 0's start, when
 *    its header and payload hashes hold.
 * A flash boot and an install read the slots newest first and stop at the first image that
 * verifies; only layout_scan_slots() (`pix-flash show`, `show flashfs`) reads them all.
 */

#include <string.h>

#include "layout_int.h"

/*
 * layout_check_stored - checks an image or archive in a flash area against its record
 * @f: probed driver instance
 * @area: where it is (its header at offset 0)
 * @kind: the kind the area takes, IMG_KIND_OS or IMG_KIND_PDM
 * @len: header + payload bytes the record names, at least IMG_HDR_SIZE
 * @hdr_sha256: the record's copy of the header hash
 * @c: header check (img_parse_header, @kind, the record's hash and length) into c->hdr_err
 *     (-LAYOUT_EKIND, -LAYOUT_EVERIFY when it is not what the record names) and c->info,
 *     payload SHA-256 into c->payload_err (as hdr_err when the header fails)
 *
 * Returns 0 or a driver error only.
 */
int layout_check_stored(struct at29 *f, const struct at29_stripe *area, uint32_t kind, uint32_t len,
			const uint8_t hdr_sha256[LAYOUT_SHA256_LEN], struct layout_stored *c)
{
	uint8_t hdr[IMG_HDR_SIZE], sum[LAYOUT_SHA256_LEN];
	int err = at29_read_stripe(f, area, 0, hdr, sizeof(hdr));

	memset(c, 0, sizeof(*c));
	if (err)
		return err;
	memcpy(c->hdr_sha256, hdr + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	c->payload_err = c->hdr_err = img_parse_header(hdr, len, &c->info);
	if (c->hdr_err)
		return 0;
	if (c->info.kind != kind)
		c->hdr_err = -LAYOUT_EKIND;
	else if (memcmp(hdr + IMG_HDR_HASHED_LEN, hdr_sha256, LAYOUT_SHA256_LEN) ||
		 c->info.payload_size != len - IMG_HDR_SIZE)
		c->hdr_err = -LAYOUT_EVERIFY;
	c->payload_err = c->hdr_err;
	if (c->hdr_err)
		return 0;
	err = layout_hash_flash(f, area, IMG_HDR_SIZE, c->info.payload_size, sum, NULL);
	if (err)
		return err;
	c->payload_err = memcmp(sum, c->info.payload_sha256, LAYOUT_SHA256_LEN) ? -IMG_EPAYLOADSUM :
										  0;
	return 0;
}

/*
 * layout_check_slot_image - checks the image in a slot against what a record says of it
 * @f: probed driver instance
 * @image_len: header + payload bytes, as the record says
 * @hdr_sha256: the record's copy of the image's header hash
 * @si: the slot (si->area says where); header check (img_parse_header, kind, the record's hash
 *      and length) into si->hdr_err and si->info, payload SHA-256 into si->payload_err
 *
 * Returns 0 or a driver error only.
 */
int layout_check_slot_image(struct at29 *f, uint32_t image_len,
			    const uint8_t hdr_sha256[LAYOUT_SHA256_LEN],
			    struct layout_slot_info *si)
{
	struct layout_stored c;
	int err = layout_check_stored(f, &si->area, IMG_KIND_OS, image_len, hdr_sha256, &c);

	if (err)
		return err;
	memcpy(si->hdr_sha256, c.hdr_sha256, LAYOUT_SHA256_LEN);
	si->hdr_err = c.hdr_err;
	si->payload_err = c.payload_err;
	si->info = c.info;
	return 0;
}

/* Reads and judges slot @i's record into @si and @rec; the image is checked separately. */
static int scan_record(struct at29 *f, const struct layout_geometry *g, unsigned int i,
		       struct layout_slot_info *si, struct layout_slot_rec *rec)
{
	struct layout_sector s;
	int err = layout_read_sector(f, layout_slotrec_off(i), &s);

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

/* Rule 1: VALID slots newest first; the first whose image verifies is current (6.x form). */
static int scan_rule1(struct at29 *f, struct layout_slots *s, const struct layout_slot_rec *rec,
		      bool all)
{
	bool checked[LAYOUT_SLOTS] = { false };
	unsigned int i, n;
	int err;

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
		err = layout_check_slot_image(f, rec[next].image_len, rec[next].hdr_sha256, si);
		if (err)
			return err;
		si->bootable = !si->hdr_err && !si->payload_err;
		s->damaged |= !si->bootable;
		if (si->bootable && s->current < 0) {
			s->current = next;
			s->form = LAYOUT_FORM_6X;
			if (!all)
				break;
		}
	}
	return 0;
}

/* Makes slot @i current in @form with the image @chk found there. */
static void take_legacy(struct layout_slots *s, unsigned int i, enum layout_form form,
			const struct layout_slot_info *chk, uint32_t image_len)
{
	struct layout_slot_info *si = &s->slot[i];

	si->hdr_err = si->payload_err = 0;
	si->info = chk->info;
	memcpy(si->hdr_sha256, chk->hdr_sha256, LAYOUT_SHA256_LEN);
	si->image_len = image_len;
	si->bootable = true;
	s->current = (int)i;
	s->form = form;
}

/* Reads the file-system record; rule 2 when rule 1 chose nothing: the slot it names. */
static int scan_rule2(struct at29 *f, const struct layout_geometry *g, struct layout_slots *s)
{
	struct layout_sector sec;
	struct layout_slot_info chk;
	int err = layout_read_sector(f, LAYOUT_FSREC_OFF, &sec);

	if (err)
		return err;
	s->fs_state = layout_parse_fs_record(sec.b, sizeof(sec.b), &s->fs);
	if (!s->fs_state && s->fs.image_len > g->slot_size)
		s->fs_state = -LAYOUT_ECORRUPT;
	if (s->fs_state || s->current >= 0)
		return 0;
	memset(&chk, 0, sizeof(chk));
	chk.area = g->slot[s->fs.slot];
	err = layout_check_slot_image(f, s->fs.image_len, s->fs.hdr_sha256, &chk);
	if (err)
		return err;
	if (chk.hdr_err || chk.payload_err)
		s->damaged = true;
	else
		take_legacy(s, s->fs.slot, s->fs.form, &chk, s->fs.image_len);
	return 0;
}

/*
 * Rule 3 when rules 1 and 2 chose nothing and no slot record is WRITING or VALID: an image at
 * slot 0's start whose own hashes hold. Erased flash there (no magic) is no image at all.
 */
static int scan_rule3(struct at29 *f, const struct layout_geometry *g, struct layout_slots *s)
{
	uint8_t hdr[IMG_HDR_SIZE], sum[LAYOUT_SHA256_LEN];
	struct layout_slot_info chk;
	unsigned int i;
	int err;

	for (i = 0; i < LAYOUT_SLOTS; i++)
		if (s->slot[i].state == LAYOUT_SLOT_WRITING ||
		    s->slot[i].state == LAYOUT_SLOT_VALID)
			return 0;
	if (s->current >= 0)
		return 0;
	err = at29_read_stripe(f, &g->slot[0], 0, hdr, sizeof(hdr));
	if (err)
		return err;
	memset(&chk, 0, sizeof(chk));
	memcpy(chk.hdr_sha256, hdr + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	err = img_parse_header(hdr, g->slot_size, &chk.info);
	if (err == -IMG_EMAGIC)
		return 0;
	if (err || chk.info.kind != IMG_KIND_OS) {
		s->damaged = true;
		return 0;
	}
	err = layout_hash_flash(f, &g->slot[0], IMG_HDR_SIZE, chk.info.payload_size, sum, NULL);
	if (err)
		return err;
	if (memcmp(sum, chk.info.payload_sha256, LAYOUT_SHA256_LEN))
		s->damaged = true;
	else
		take_legacy(s, 0, LAYOUT_FORM_4X, &chk, IMG_HDR_SIZE + chk.info.payload_size);
	return 0;
}

/*
 * layout_scan - reads the records and makes the boot choice (rules 1, 2, 3 in turn)
 * @f: probed driver instance
 * @s: what each slot holds, the file-system record, the current slot and the form that chose
 *     it, the highest sequence, and whether some record names an image that fails
 * @all: check every VALID slot's image; when false, only until one is bootable, which is then
 *       current whatever the older ones hold (a slot not checked stays not bootable with
 *       hdr_err -LAYOUT_ENOIMAGE)
 *
 * Returns 0, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_scan(struct at29 *f, struct layout_slots *s, bool all)
{
	struct layout_geometry g;
	struct layout_slot_rec rec[LAYOUT_SLOTS];
	unsigned int i;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	memset(s, 0, sizeof(*s));
	s->current = -1;
	for (i = 0; i < LAYOUT_SLOTS; i++) {
		const struct layout_slot_info *si = &s->slot[i];

		err = scan_record(f, &g, i, &s->slot[i], &rec[i]);
		if (err)
			return err;
		if ((si->state == LAYOUT_SLOT_WRITING || si->state == LAYOUT_SLOT_VALID) &&
		    si->seq > s->max_seq)
			s->max_seq = si->seq;
	}
	err = scan_rule1(f, s, rec, all);
	if (!err)
		err = scan_rule2(f, &g, s);
	if (!err)
		err = scan_rule3(f, &g, s);
	return err;
}

/*
 * layout_scan_slots - what each image slot holds, and which image is current
 * @f: probed driver instance
 * @s: per slot: record state, sequence, and for a VALID record whether header and payload
 *     hashes hold; the current slot (the boot choice, or -1) and its form; the file-system
 *     record; the highest sequence of any record
 *
 * Reads every VALID slot's whole image (what `pix-flash show` lists). A flash boot and an
 * install need only the current image and read no more (layout_find_boot_image). Returns 0,
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_scan_slots(struct at29 *f, struct layout_slots *s)
{
	return layout_scan(f, s, true);
}

/*
 * layout_find_boot_image - the image a flash boot would load
 * @f: probed driver instance
 * @out: slot, form, sequence, where header and payload are, and the decoded header; on
 *       success
 *
 * The image's header and payload hashes were both checked in flash; an older image is not read
 * once a newer one verifies. Returns 0; -LAYOUT_ENOIMAGE when no record names an image and
 * slot 0 holds none; -LAYOUT_EBADIMAGE when some record (or slot 0's header) names one but none
 * verifies ("Checksum verification on flash image failed"); -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_find_boot_image(struct at29 *f, struct layout_image *out)
{
	struct layout_slots s;
	const struct layout_slot_info *si;
	int err = layout_scan(f, &s, false);

	if (err)
		return err;
	if (s.current < 0)
		return s.damaged ? -LAYOUT_EBADIMAGE : -LAYOUT_ENOIMAGE;
	si = &s.slot[s.current];
	out->slot = (unsigned int)s.current;
	out->form = s.form;
	out->seq = s.form == LAYOUT_FORM_6X ? si->seq : 0;
	out->area = si->area;
	out->hdr_off = at29_stripe_addr(&si->area, 0);
	out->image_len = si->image_len;
	out->info = si->info;
	return 0;
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

/*
 * layout_form_of_version - the form of the flash file system software of version @v reads
 * @v: an image's version
 *
 * Returns LAYOUT_FORM_6X for 5.2 and later (the chapter: no downgrade needed for 5.2 and 5.3),
 * LAYOUT_FORM_51 and LAYOUT_FORM_50 for 5.1 and 5.0, LAYOUT_FORM_4X for 4.4 up to 5.0, and
 * LAYOUT_FORM_NONE for anything older than 4.4 (whose images would corrupt the flash).
 */
enum layout_form layout_form_of_version(const struct img_version *v)
{
	static const struct img_version v44 = { 4, 4, 0 }, v50 = { 5, 0, 0 }, v51 = { 5, 1, 0 },
					v52 = { 5, 2, 0 };

	if (layout_version_newer(&v44, v))
		return LAYOUT_FORM_NONE;
	if (layout_version_newer(&v50, v))
		return LAYOUT_FORM_4X;
	if (layout_version_newer(&v51, v))
		return LAYOUT_FORM_50;
	if (layout_version_newer(&v52, v))
		return LAYOUT_FORM_51;
	return LAYOUT_FORM_6X;
}

/*
 * layout_form_name - a form as the commands name it: "6.x", "5.1", "5.0", "4.x", or "none"
 * @form: a form
 */
const char *layout_form_name(enum layout_form form)
{
	switch (form) {
	case LAYOUT_FORM_6X:
		return "6.x";
	case LAYOUT_FORM_51:
		return "5.1";
	case LAYOUT_FORM_50:
		return "5.0";
	case LAYOUT_FORM_4X:
		return "4.x";
	default:
		return "none";
	}
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

/* The signature check of the image the boot would take (its header read again from flash). */
static int check_image_signature(struct at29 *f, struct layout_boot_status *st)
{
	uint8_t hdr[IMG_HDR_SIZE];
	int err = layout_read_image(f, &st->image, 0, hdr, sizeof(hdr));

	if (err) {
		memset(&st->sig, 0, sizeof(st->sig));
		st->sig.key = -1;
		return err;
	}
	return layout_check_signature(f, hdr, &st->sig);
}

/*
 * layout_boot_check - whether a flash boot would start an image, and if not why
 * @f: probed driver instance
 * @vendor_key: the vendor's AES key for lic_check (LIC_DEV_VENDOR_KEY in development)
 * @st: everything found: identity, image, key and features, configuration version and whether
 *      it is newer than the image ("Configuration Compatibility Warning:")
 *
 * The one decision the firmware's flash boot and `pix-flash check` share. Checks, in this
 * order: identity, image (both hashes), its signature on a unit with signing keys
 * (layout_check_signature(): st->sig_err), activation key (lic_check against the serial number).
 * Returns 0 when the image would boot, else the first reason: -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY, -LAYOUT_ENOIMAGE, -LAYOUT_EBADIMAGE, a signature error (enum sig_error,
 * -LAYOUT_EROLLBACK, -LAYOUT_ESIGKEYS), -LAYOUT_ENOKEY, -LAYOUT_EKEY (the key is "not valid":
 * st->lic_err says whether it is not genuine or for another unit) or a driver error. A missing
 * configuration does not stop a boot.
 */
static int boot_check(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		      struct layout_boot_status *st, bool signature)
{
	memset(st, 0, sizeof(*st));
	st->image_err = st->key_err = st->config_err = -LAYOUT_ENOIDENT;
	st->ident_err = layout_read_identity(f, &st->ident);
	if (st->ident_err) {
		st->image_err = st->key_err = st->config_err = st->ident_err;
		return st->ident_err;
	}
	st->image_err = layout_find_boot_image(f, &st->image);
	if (signature)
		st->sig_err = st->image_err ? st->image_err : check_image_signature(f, st);
	else
		st->sig.key = -1;
	check_key(f, vendor_key, st);
	st->config_err = layout_read_config_version(f, &st->config);
	if (!st->config_err && !st->image_err)
		st->config_newer =
			layout_version_newer(&st->config.version, &st->image.info.version);
	if (st->image_err)
		return st->image_err;
	return st->sig_err ? st->sig_err : st->key_err;
}

int layout_boot_check(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		      struct layout_boot_status *st)
{
	return boot_check(f, vendor_key, st, true);
}

/*
 * layout_unit_status - layout_boot_check() without the installed image's signature check (its
 * hashes are still checked; st->sig_err is 0 and st->sig.key -1): what a report of the unit
 * needs, the serial number, key and installed version an install shows before it asks, without
 * an ECDSA verification of an image that is not being booted (about 45 ms under QEMU's TCG).
 * Same parameters and return values as layout_boot_check() but for the signature errors.
 */
int layout_unit_status(struct at29 *f, const uint8_t vendor_key[LIC_VENDOR_KEY_LEN],
		       struct layout_boot_status *st)
{
	return boot_check(f, vendor_key, st, false);
}
