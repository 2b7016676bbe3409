/* Flash layout: power-cut-safe image install into the slot that is not current, and its checks. */

/*
 * Install: slot record "writing" (seq = highest + 1) -> image programmed -> image read back
 * and both hashes checked -> slot record "valid" with the same seq, read back. The current
 * image's slot and record are never written, so a power cut at any step leaves the old image
 * current; the new one becomes current only through its complete "valid" record.
 */

#include <string.h>

#include "layout_int.h"

/* Writes slot @i's record: @state, @seq, and the image's length and header hash. */
static int write_slot_rec(struct at29 *f, unsigned int i, uint32_t state, uint32_t seq,
			  uint32_t image_len, const uint8_t *hdr)
{
	struct layout_sector s;

	layout_seal_slot(&s, state, seq, image_len, hdr + IMG_HDR_HASHED_LEN);
	return layout_write_sector(f, layout_slotrec_off(i), &s);
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
	err = layout_check_slot_image(f, &rec, &si);
	if (err)
		return err;
	return si.hdr_err || si.payload_err ? -LAYOUT_EVERIFY : 0;
}

/* Reads back slot @t's record: it must be VALID with sequence @seq. */
static int check_slot_rec(struct at29 *f, unsigned int t, uint32_t seq)
{
	struct layout_sector s;
	struct layout_slot_rec rec;
	int err = layout_read_sector(f, layout_slotrec_off(t), &s);

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
		err = layout_scan(f, &s, false);
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
