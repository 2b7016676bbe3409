/* Flash layout: installs of images that read the older forms (5.0/5.1, and 4.4 up to 5.0). */

/*
 * An image older than 5.2 would not read the 6.x form, so it is installed in the form it reads
 * (layout.h, "Forms"). Each step leaves a flash whose boot choice is the old image or the new:
 * 5.0/5.1: the slot that is not current has its record erased, the image is programmed there
 *     and read back, then the file-system record names it (the switch on a 5.x or 4.x flash;
 *     torn, rule 3 takes slot 0, which holds the old image or the new one), then the old
 *     image's slot record is erased (the switch on a 6.x flash).
 * 4.x: slot 0 is made free: the current image, if it is there, is copied to slot 1 by a 6.x
 *     install, so that rule 1 chooses slot 1; slot 0's record and the file-system record are
 *     erased, the image is programmed raw into slot 0 and read back, and erasing slot 1's record
 *     is the switch (torn, it is corrupt, which rule 3 accepts).
 */

#include <string.h>

#include "layout_int.h"

/*
 * layout_install_5x - installs @src (5.0 or 5.1) into the slot that is not current, in its form
 * @f: probed driver instance
 * @g: the bank's geometry
 * @s: a scan of the flash as it is now
 * @src: the image, in RAM
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 * @slot: the slot written, set on success; may be NULL
 *
 * Returns 0, -LAYOUT_EVERIFY or a driver error.
 */
int layout_install_5x(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		      const struct layout_src *src, layout_progress_fn progress, void *ctx,
		      unsigned int *slot)
{
	unsigned int t = s->current < 0 ? 0 : 1 - (unsigned int)s->current;
	int err = layout_erase_rec(f, layout_slotrec_off(t));

	/* only on a 6.x flash does the old image's record keep it current until the end */
	if (!err && s->form != LAYOUT_FORM_6X)
		err = layout_erase_rec(f, layout_slotrec_off(1 - t));
	if (!err)
		err = layout_put_image(f, g, t, src, progress, ctx);
	if (!err)
		err = layout_put_fs_rec(f, layout_form_of_version(&src->info.version), t, src);
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(1 - t));
	if (!err && slot)
		*slot = t;
	return err;
}

/* Makes rule 1 choose the current image in slot 1: copied there, or given a "valid" record. */
static int free_slot0(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s)
{
	struct layout_src cur;

	if (s->current == 0) {
		layout_src_current(s, &cur);
		return layout_install_other(f, g, s, &cur, NULL, NULL, NULL);
	}
	return s->form == LAYOUT_FORM_6X ? 0 : layout_adopt(f, s);
}

/*
 * layout_install_4x - installs @src (4.4 up to 5.0) raw at the start of slot 0, in the 4.x form
 * @f: probed driver instance
 * @g: the bank's geometry
 * @s: a scan of the flash as it is now
 * @src: the image, in RAM
 * @progress: called with the image bytes programmed so far, or NULL
 * @ctx: for @progress
 *
 * The old image, copied to slot 1 if it was in slot 0, stays there with no record. Returns 0,
 * -LAYOUT_EVERIFY or a driver error.
 */
int layout_install_4x(struct at29 *f, const struct layout_geometry *g, const struct layout_slots *s,
		      const struct layout_src *src, layout_progress_fn progress, void *ctx)
{
	int err = s->current < 0 ? layout_erase_rec(f, layout_slotrec_off(1)) : free_slot0(f, g, s);

	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(0));
	if (!err)
		err = layout_erase_rec(f, LAYOUT_FSREC_OFF);
	if (!err)
		err = layout_put_image(f, g, 0, src, progress, ctx);
	if (!err)
		err = layout_erase_rec(f, layout_slotrec_off(1));
	return err;
}
