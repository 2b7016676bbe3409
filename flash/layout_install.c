/* Flash layout: power-cut-safe image install into the slot that is not current, and its steps. */

/*
 * An image of 5.2 or later goes in the 6.x form. On a 6.x flash: slot record "writing" (seq =
 * highest + 1) -> image programmed -> image read back and both hashes checked -> slot record
 * "valid" with the same seq, read back. The current image's slot and record are never written,
 * so a power cut at any step leaves the old image current; the new one becomes current only
 * through its complete "valid" record.
 *
 * On a flash in the 5.0/5.1 or 4.x form (layout.h, "Forms") the legacy image is the current one
 * in its slot and the new image goes to the other. No "writing" record is written there (rule
 * 3 stops at one): the other slot's record is erased instead, and after the new image's "valid"
 * record the old image gets one too, with a lower sequence, so it stays as the fallback; last
 * the file-system record goes. Images older than 5.2 go in the form they read
 * (layout_install_old.c); older than 4.4, nowhere.
 */

#include <string.h>

#include "layout_int.h"

#define LAYOUT_COPY_SECTORS 8u /* sectors copied per write when an image moves between slots */

/*
 * layout_erase_rec - erases the record sector at @off (programs it to FF; an erased one is only
 * read); returns 0 or a driver error
 */
int layout_erase_rec(struct at29 *f, uint32_t off)
{
	struct layout_sector s;

	memset(s.b, 0xFF, sizeof(s.b));
	return layout_write_sector(f, off, &s);
}

/*
 * layout_put_slot_rec - writes slot @t's record and reads it back
 * @f: probed driver instance
 * @t: the slot
 * @state: LAYOUT_SLOT_REC_WRITING or LAYOUT_SLOT_REC_VALID
 * @seq: the sequence number
 * @src: the image the record names (length and header hash)
 *
 * Returns 0, -LAYOUT_EVERIFY when the record does not read back as written, or a driver error.
 */
int layout_put_slot_rec(struct at29 *f, unsigned int t, uint32_t state, uint32_t seq,
			const struct layout_src *src)
{
	struct layout_sector s;
	struct layout_slot_rec rec;
	int err;

	layout_seal_slot(&s, state, seq, src->len, src->hdr_sha256);
	err = layout_write_sector(f, layout_slotrec_off(t), &s);
	if (!err)
		err = layout_read_sector(f, layout_slotrec_off(t), &s);
	if (err)
		return err;
	if (layout_parse_slot_record(s.b, sizeof(s.b), &rec) || rec.state != state ||
	    rec.seq != seq)
		return -LAYOUT_EVERIFY;
	return 0;
}

/* Copies the image of @src (in flash) to @dst a few sectors at a time. */
static int copy_image(struct at29 *f, const struct at29_stripe *dst, const struct layout_src *src,
		      layout_progress_fn progress, void *ctx)
{
	uint8_t buf[LAYOUT_COPY_SECTORS * AT29_SECTOR_SIZE];
	uint32_t done, n;
	int err;

	for (done = 0; done < src->len; done += n) {
		n = src->len - done < sizeof(buf) ? src->len - done : (uint32_t)sizeof(buf);
		err = at29_read_stripe(f, &src->area, done, buf, n);
		if (!err)
			err = at29_write_stripe(f, dst, done, buf, n, NULL, NULL);
		if (err)
			return err;
		if (progress)
			progress(ctx, done + n);
	}
	return 0;
}

/*
 * layout_put_image - programs @src into slot @t, reads it back and checks both hashes
 * @f: probed driver instance
 * @g: the bank's geometry
 * @t: the slot written; its record must not let any rule take it meanwhile
 * @src: the image, in RAM or in the other slot
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 *
 * Returns 0, -LAYOUT_EVERIFY or a driver error.
 */
int layout_put_image(struct at29 *f, const struct layout_geometry *g, unsigned int t,
		     const struct layout_src *src, layout_progress_fn progress, void *ctx)
{
	struct layout_slot_info si;
	int err;

	if (src->buf)
		err = at29_write_stripe(f, &g->slot[t], 0, src->buf, src->len, progress, ctx);
	else
		err = copy_image(f, &g->slot[t], src, progress, ctx);
	if (err)
		return err;
	memset(&si, 0, sizeof(si));
	si.area = g->slot[t];
	err = layout_check_slot_image(f, src->len, src->hdr_sha256, &si);
	if (err)
		return err;
	return si.hdr_err || si.payload_err ? -LAYOUT_EVERIFY : 0;
}

/*
 * layout_src_current - the current image of a scan, as the source of a copy
 * @s: a scan with a current slot
 * @src: filled in: where it is, its length, header hash and header
 */
void layout_src_current(const struct layout_slots *s, struct layout_src *src)
{
	const struct layout_slot_info *si = &s->slot[s->current];

	memset(src, 0, sizeof(*src));
	src->area = si->area;
	src->len = si->image_len;
	memcpy(src->hdr_sha256, si->hdr_sha256, LAYOUT_SHA256_LEN);
	src->info = si->info;
}

/* The 6.x install on a 6.x flash (or one with no image): "writing", image, "valid". */
static int install_ab(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		      const struct layout_src *src, layout_progress_fn progress, void *ctx,
		      unsigned int t)
{
	uint32_t seq = s->max_seq + 1;
	int err = layout_put_slot_rec(f, t, LAYOUT_SLOT_REC_WRITING, seq, src);

	if (!err)
		err = layout_put_image(f, g, t, src, progress, ctx);
	if (!err)
		err = layout_put_slot_rec(f, t, LAYOUT_SLOT_REC_VALID, seq, src);
	return err;
}

/*
 * The 6.x install on a flash in an older form: the other slot's record erased, image, "valid"
 * (the switch), then a "valid" record with a lower sequence for the old image (the fallback).
 */
static int install_over_legacy(struct at29 *f, const struct layout_geometry *g,
			       const struct layout_slots *s, const struct layout_src *src,
			       layout_progress_fn progress, void *ctx, unsigned int t)
{
	struct layout_src old;
	int err = layout_erase_rec(f, layout_slotrec_off(t));

	if (!err)
		err = layout_put_image(f, g, t, src, progress, ctx);
	if (!err)
		err = layout_put_slot_rec(f, t, LAYOUT_SLOT_REC_VALID, s->max_seq + 2, src);
	if (err)
		return err;
	layout_src_current(s, &old);
	return layout_put_slot_rec(f, 1 - t, LAYOUT_SLOT_REC_VALID, s->max_seq + 1, &old);
}

/*
 * layout_install_other - installs @src in the 6.x form into the slot that is not current
 * @f: probed driver instance
 * @g: the bank's geometry
 * @s: a scan of the flash as it is now
 * @src: the image (in RAM, or the current image itself for a copy)
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 * @slot: the slot written, set on success; may be NULL
 *
 * Whatever the flash's form, the new image becomes current only through its complete "valid"
 * record; a file-system record left from the 5.x form is erased after it. Returns 0,
 * -LAYOUT_EVERIFY or a driver error.
 */
int layout_install_other(struct at29 *f, const struct layout_geometry *g,
			 const struct layout_slots *s, const struct layout_src *src,
			 layout_progress_fn progress, void *ctx, unsigned int *slot)
{
	unsigned int t = s->current < 0 ? 0 : 1 - (unsigned int)s->current;
	int err;

	if (s->current < 0 || s->form == LAYOUT_FORM_6X)
		err = install_ab(f, g, s, src, progress, ctx, t);
	else
		err = install_over_legacy(f, g, s, src, progress, ctx, t);
	if (!err && s->fs_state != -LAYOUT_EEMPTY)
		err = layout_erase_rec(f, LAYOUT_FSREC_OFF);
	if (!err && slot)
		*slot = t;
	return err;
}

/* Checks an image before it goes to flash and describes it in @src. */
static int check_new_image(const struct layout_geometry *g, const uint8_t *image, size_t len,
			   struct layout_src *src)
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
	if (layout_form_of_version(&info.version) == LAYOUT_FORM_NONE)
		return -LAYOUT_EOLDIMAGE;
	if (info.payload_size > g->slot_size - IMG_HDR_SIZE)
		return -LAYOUT_ETOOBIG;
	memset(src, 0, sizeof(*src));
	src->buf = image;
	src->len = IMG_HDR_SIZE + info.payload_size;
	memcpy(src->hdr_sha256, image + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN);
	src->info = info;
	return 0;
}

/* The install of layout_install_image(), with or without the unit's signature check. */
static int install_image(struct at29 *f, const void *image, size_t len, bool check_sig,
			 layout_progress_fn progress, void *ctx, unsigned int *slot)
{
	struct layout_geometry g;
	struct layout_slots s;
	struct layout_src src;
	struct layout_sig_status sig;
	enum layout_form form;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	err = check_new_image(&g, image, len, &src);
	if (!err && check_sig)
		err = layout_check_signature(f, image, &sig);
	if (!err)
		err = layout_scan(f, &s, false);
	if (err)
		return err;
	form = layout_form_of_version(&src.info.version);
	if (form == LAYOUT_FORM_6X)
		return layout_install_other(f, &g, &s, &src, progress, ctx, slot);
	if (form == LAYOUT_FORM_4X) {
		err = layout_install_4x(f, &g, &s, &src, progress, ctx);
		if (!err && slot)
			*slot = 0;
		return err;
	}
	return layout_install_5x(f, &g, &s, &src, progress, ctx, slot);
}

/*
 * layout_install_image - writes an image to flash in the form its version reads, power-cut safe
 * @f: probed driver instance
 * @image: a PIX OS image (header and payload)
 * @len: bytes at @image (any bytes past the payload are ignored)
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 * @slot: the slot written, set on success; may be NULL
 *
 * Checks the image (header, kind, payload SHA-256, version 4.4 or later, size) and, on a unit
 * with image signing keys, its signature and security version (layout_check_signature()). An
 * image of 5.2 or later goes in the 6.x form into the slot that is not current (the old image
 * stays as the fallback); 5.0 and 5.1 in their form, 4.4 up to 5.0 in the 4.x form
 * (layout_install_old.c). Until the step that makes the new image current is complete, the old
 * image stays current, whatever is interrupted. Nothing is written when a check fails. Returns 0;
 * an image error (enum img_error); a signature error (enum sig_error, -LAYOUT_EROLLBACK,
 * -LAYOUT_ESIGKEYS); -LAYOUT_EKIND, -LAYOUT_EOLDIMAGE, -LAYOUT_ETOOBIG, -LAYOUT_EVERIFY,
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY; or a driver error (-EIO, -ETIMEDOUT: f->err_sector says
 * where).
 */
int layout_install_image(struct at29 *f, const void *image, size_t len, layout_progress_fn progress,
			 void *ctx, unsigned int *slot)
{
	return install_image(f, image, len, true, progress, ctx, slot);
}

/*
 * layout_install_image_unchecked - layout_install_image() without the signature check: what a
 * flash programmer can do to a unit. For pix-flash's test units only (`install
 * --no-signature-check`), so that the flash boot's own check can be tried; no firmware calls it.
 */
int layout_install_image_unchecked(struct at29 *f, const void *image, size_t len,
				   layout_progress_fn progress, void *ctx, unsigned int *slot)
{
	return install_image(f, image, len, false, progress, ctx, slot);
}
