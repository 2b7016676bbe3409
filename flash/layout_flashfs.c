/* Flash layout: `flashfs downgrade`: its checks, and conversions to the 5.0/5.1 and 4.x forms. */

/*
 * A conversion rewrites records only (and, for the 4.x form of an image in slot 1, copies the
 * image to slot 0 first); the configuration and the activation key are never touched. It is
 * refused unless the image the boot choice takes and every image a VALID slot record names
 * verify, the configuration is readable or absent, and an activation key record is readable.
 * Order of the writes (layout.h, "Forms"), each step leaving the same image current:
 * to 5.0/5.1: on a flash in an older form, a "valid" slot record for the current image first
 *     (rule 1 then takes it); the file-system record naming it; the other slot's record
 *     erased; the current slot's record erased (rule 2 takes over).
 * to 4.x: an image in slot 1 is copied to slot 0 by a 6.x install; on an older form slot 0's
 *     image gets a "valid" record; then the file-system record, slot 1's record and last slot
 *     0's record are erased (rule 3 takes over).
 */

#include <string.h>

#include "layout_int.h"

/*
 * layout_adopt - gives the current image of a flash in an older form a "valid" slot record, with
 * a sequence above every other, so that rule 1 chooses it
 * @f: probed driver instance
 * @s: a scan with a current image
 *
 * Returns 0, -LAYOUT_EVERIFY or a driver error.
 */
int layout_adopt(struct at29 *f, const struct layout_slots *s)
{
	struct layout_src cur;

	layout_src_current(s, &cur);
	return layout_put_slot_rec(f, (unsigned int)s->current, LAYOUT_SLOT_REC_VALID,
				   s->max_seq + 1, &cur);
}

/*
 * layout_put_fs_rec - writes the file-system record and reads it back
 * @f: probed driver instance
 * @form: LAYOUT_FORM_50 or LAYOUT_FORM_51
 * @t: the slot it names
 * @src: the image in that slot (length and header hash)
 *
 * Returns 0, -LAYOUT_EVERIFY when it does not read back as written, or a driver error.
 */
int layout_put_fs_rec(struct at29 *f, enum layout_form form, unsigned int t,
		      const struct layout_src *src)
{
	struct layout_sector s;
	struct layout_fs_info fs;
	int err;

	layout_seal_fs(&s, form, t, src->len, src->hdr_sha256);
	err = layout_write_sector(f, LAYOUT_FSREC_OFF, &s);
	if (!err)
		err = layout_read_sector(f, LAYOUT_FSREC_OFF, &s);
	if (err)
		return err;
	if (layout_parse_fs_record(s.b, sizeof(s.b), &fs) || fs.form != form || fs.slot != t ||
	    fs.image_len != src->len)
		return -LAYOUT_EVERIFY;
	return 0;
}

/* The image part of the checks: the boot choice's image, and every image a record names. */
static void check_images(const struct layout_slots *s, struct layout_fs_check *chk)
{
	unsigned int i;

	if (s->current < 0)
		chk->image_err = s->damaged ? -LAYOUT_EBADIMAGE : -LAYOUT_ENOIMAGE;
	for (i = 0; i < LAYOUT_SLOTS; i++) {
		const struct layout_slot_info *si = &s->slot[i];

		if (si->state != LAYOUT_SLOT_VALID || si->bootable)
			continue;
		chk->image_err = si->hdr_err ? si->hdr_err : si->payload_err;
		chk->bad_slot = (int)i;
	}
}

/*
 * layout_flashfs_check - what a downgrade of the flash file system would be refused for
 * @f: probed driver instance
 * @chk: the form now, the current slot, and per part (image, configuration, activation key) 0
 *       or why it is unusable
 *
 * Reads every image a slot record names. Returns 0 when a downgrade may go ahead, else the
 * first error of @chk (image, configuration, key), or -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a
 * driver error.
 */
int layout_flashfs_check(struct at29 *f, struct layout_fs_check *chk)
{
	struct layout_slots s;
	struct lic_key k;
	int err = layout_scan(f, &s, true);

	memset(chk, 0, sizeof(*chk));
	chk->current = chk->bad_slot = -1;
	if (err)
		return err;
	chk->form = s.form;
	chk->current = s.current;
	check_images(&s, chk);
	chk->config_err = layout_check_config(f);
	if (chk->config_err && chk->config_err != -LAYOUT_EBADCONFIG)
		return chk->config_err;
	chk->key_err = layout_read_key(f, &k);
	if (chk->key_err && chk->key_err != -LAYOUT_ENOKEY)
		return chk->key_err;
	if (chk->image_err)
		return chk->image_err;
	return chk->config_err ? chk->config_err : chk->key_err;
}

/* Adds a file to @l. */
static struct layout_file *add_file(struct layout_fs_list *l, enum layout_file_kind kind,
				    unsigned int index, uint32_t origin, uint32_t length)
{
	struct layout_file *fl = &l->file[l->count++];

	fl->kind = kind;
	fl->index = index;
	fl->origin = origin;
	fl->length = length;
	return fl;
}

/* The image files: the boot choice's (file 0), then the other slot's (its fallback, if any). */
static void list_images(const struct layout_slots *s, struct layout_fs_list *l)
{
	unsigned int i, first = s->current < 0 ? 0 : (unsigned int)s->current;

	for (i = 0; i < LAYOUT_SLOTS; i++) {
		unsigned int n = (first + i) % LAYOUT_SLOTS;
		const struct layout_slot_info *si = &s->slot[n];
		bool img = si->bootable && (s->form == LAYOUT_FORM_6X || (int)n == s->current);
		struct layout_file *fl = add_file(l, i ? LAYOUT_FILE_SLOT : LAYOUT_FILE_IMAGE, n,
						  at29_stripe_addr(&si->area, 0),
						  img ? si->image_len : 0);

		fl->version = si->info.version;
	}
}

/* The PDM archive as the last file: its length and version when it reads, 0 when none. */
static int list_pdm(struct at29 *f, struct layout_fs_list *l)
{
	struct layout_pdm_info pi;
	int err = layout_scan_pdm(f, &pi);

	if (err)
		return err;
	if (pi.state == LAYOUT_PDM_NOAREA)
		return 0;
	add_file(l, LAYOUT_FILE_PDM, 0, at29_stripe_addr(&pi.area, 0), pi.err ? 0 : pi.archive_len);
	if (!pi.err)
		l->file[l->count - 1].version = pi.info.version;
	return 0;
}

/*
 * layout_flashfs_list - the files of the flash file system, for `show flashfs`
 * @f: probed driver instance
 * @l: the form and the files: the firewall image (the boot choice; slot 0 with length 0 when
 *     none), the other image slot (its image's length when a rule could take it: the 6.x
 *     form's fallback), the configuration text, the two activation key records, the PDM
 *     archive (length 0 when none; not listed in a one-chip bank)
 *
 * Reads every image a slot record names. Returns 0, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a
 * driver error.
 */
int layout_flashfs_list(struct at29 *f, struct layout_fs_list *l)
{
	struct layout_config_info ci;
	struct layout_sector sec;
	struct layout_slots s;
	unsigned int i;
	int err = layout_scan(f, &s, true);

	memset(l, 0, sizeof(*l));
	if (err)
		return err;
	l->form = s.form;
	list_images(&s, l);
	err = layout_read_config_version(f, &ci);
	if (err && err != -LAYOUT_ENOCONFIG)
		return err;
	add_file(l, LAYOUT_FILE_CONFIG, 0, LAYOUT_CONFIG_TEXT_OFF, err ? 0 : ci.text_len);
	for (i = 0; i < LAYOUT_KEY_COPIES; i++) {
		uint32_t off = LAYOUT_KEY_OFF + i * AT29_SECTOR_SIZE;

		err = layout_read_sector(f, off, &sec);
		if (err)
			return err;
		add_file(l, LAYOUT_FILE_KEY, i, off,
			 layout_parse_key(sec.b, sizeof(sec.b), NULL, NULL) ?
				 0 :
				 (uint32_t)sizeof(struct layout_key_rec));
	}
	return list_pdm(f, l);
}

/* To the 5.0/5.1 form: the current image named by the file-system record alone. */
static int to_5x(struct at29 *f, const struct layout_slots *s, enum layout_form to)
{
	unsigned int c = (unsigned int)s->current;
	struct layout_src cur;
	int err = s->form == LAYOUT_FORM_6X ? 0 : layout_adopt(f, s);

	layout_src_current(s, &cur);
	if (!err)
		err = layout_put_fs_rec(f, to, c, &cur);
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(1 - c));
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(c));
	return err;
}

/* To the 4.x form: the current image at slot 0's start, and no records. */
static int to_4x(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		 layout_progress_fn progress, void *ctx)
{
	struct layout_src cur;
	int err = 0;

	if (s->current == 1) {
		layout_src_current(s, &cur);
		err = layout_install_other(f, g, s, &cur, progress, ctx, NULL);
	} else if (s->form != LAYOUT_FORM_6X) {
		err = layout_adopt(f, s);
	}
	if (!err)
		err = layout_erase_rec(f, LAYOUT_FSREC_OFF);
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(1));
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(0));
	return err;
}

/*
 * layout_flashfs_downgrade - rewrites the flash file system in an older form, power-cut safe
 * @f: probed driver instance
 * @to: LAYOUT_FORM_51, LAYOUT_FORM_50 or LAYOUT_FORM_4X
 * @progress: called with the bytes copied so far when the image moves to slot 0, or NULL
 * @ctx: for @progress
 *
 * Refused as layout_flashfs_check() says; a flash already in form @to is left as it is. A
 * power cut at any moment leaves the same image current, in the old form or the new. Returns
 * 0; -LAYOUT_EFORM for any other @to; layout_flashfs_check()'s errors; -LAYOUT_EVERIFY or a
 * driver error.
 */
int layout_flashfs_downgrade(struct at29 *f, enum layout_form to, layout_progress_fn progress,
			     void *ctx)
{
	struct layout_geometry g;
	struct layout_fs_check chk;
	struct layout_slots s;
	int err;

	if (to != LAYOUT_FORM_51 && to != LAYOUT_FORM_50 && to != LAYOUT_FORM_4X)
		return -LAYOUT_EFORM;
	err = layout_open(f, &g, NULL);
	if (!err)
		err = layout_flashfs_check(f, &chk);
	if (err || chk.form == to)
		return err;
	err = layout_scan(f, &s, false);
	if (err)
		return err;
	return to == LAYOUT_FORM_4X ? to_4x(f, &g, &s, progress, ctx) : to_5x(f, &s, to);
}
