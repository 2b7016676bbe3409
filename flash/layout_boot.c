/* Flash layout: slot scan, the choice of the image a flash boot runs, and the boot check. */

/*
 * The current image is the bootable slot with the highest sequence: its record says VALID and
 * its image verifies (header SHA-256, the record's copy of it, payload SHA-256). A flash boot
 * and an install read the slots newest first and stop at the first image that verifies; only
 * layout_scan_slots() (`pix-flash show`) reads them all.
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
 * layout_check_slot_image - checks the image in a slot against its record
 * @f: probed driver instance
 * @rec: the slot's record (its sequence, image length and copy of the header hash)
 * @si: the slot (si->area says where); header check (img_parse_header, kind, the record's hash
 *      and length) into si->hdr_err and si->info, payload SHA-256 into si->payload_err
 *
 * Returns 0 or a driver error only.
 */
int layout_check_slot_image(struct at29 *f, const struct layout_slot_rec *rec,
			    struct layout_slot_info *si)
{
	struct layout_stored c;
	int err =
		layout_check_stored(f, &si->area, IMG_KIND_OS, rec->image_len, rec->hdr_sha256, &c);

	if (err)
		return err;
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

/*
 * layout_scan - reads the slot records, then checks the images of VALID slots newest first
 * @f: probed driver instance
 * @s: what each slot holds, the current slot and the highest sequence (struct layout_slots)
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
		err = layout_check_slot_image(f, &rec[next], si);
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
	return layout_scan(f, s, true);
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
	int err = layout_scan(f, &s, false);

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
