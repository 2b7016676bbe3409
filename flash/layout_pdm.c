/* Flash layout: the PDM archive, one copy in the PDM area, installed power-cut safe. */

/*
 * The PDM area (chips 1..N-1, striped; layout.h) holds one archive: a PIX image of kind PDM,
 * header first. The PDM record (LAYOUT_PDMREC_OFF, chip 0) names it: state, length, copy of
 * the header hash. There is no room for a second copy, so an install gives the old archive up
 * first: record "writing" (the new archive's length and header hash) -> archive programmed ->
 * read back and both hashes checked -> record "valid" -> record read back. A power cut leaves:
 * - the old archive, when it came before the "writing" record was programmed;
 * - no archive: a "writing" record, or a torn or erased one (the chip erases a sector it was
 *   programming when the power fails; a torn record fails its SHA-256);
 * - the new archive, once the "valid" record is whole.
 * An archive counts only through a complete "valid" record that names its length and header
 * hash, and only while its header and payload hashes hold, so a torn archive never reads as
 * valid. An install writes the record sector and the area, nothing else.
 */

#include <string.h>

#include "layout_int.h"

/* Writes the PDM record: @state, and the length and header hash of the archive at @image. */
static int write_pdm_rec(struct at29 *f, uint32_t state, uint32_t len, const uint8_t *image)
{
	struct layout_sector s;

	layout_seal_pdm(&s, state, len, image + IMG_HDR_HASHED_LEN);
	return layout_write_sector(f, LAYOUT_PDMREC_OFF, &s);
}

/* Checks an archive before it goes to flash; sets *archive_len to header + payload. */
static int check_new_archive(const struct layout_geometry *g, const uint8_t *image, size_t len,
			     uint32_t *archive_len)
{
	struct img_info info;
	int err = img_parse_header(image, len, &info);

	if (err)
		return err;
	if (info.kind != IMG_KIND_PDM)
		return -LAYOUT_EKIND;
	err = img_verify_payload(&info, image + IMG_HDR_SIZE, len - IMG_HDR_SIZE);
	if (err)
		return err;
	if (info.payload_size > g->pdm_size - IMG_HDR_SIZE)
		return -LAYOUT_ETOOBIG;
	*archive_len = IMG_HDR_SIZE + info.payload_size;
	return 0;
}

/* Fills @pi from the record sector; the archive of a VALID record is checked by the caller. */
static int scan_record(struct at29 *f, const struct layout_geometry *g, struct layout_pdm_info *pi,
		       struct layout_pdm_rec *rec)
{
	struct layout_sector s;
	int err = layout_read_sector(f, LAYOUT_PDMREC_OFF, &s);

	if (err)
		return err;
	err = layout_parse_pdm_record(s.b, sizeof(s.b), rec);
	if (err == -LAYOUT_EEMPTY) {
		pi->state = LAYOUT_PDM_EMPTY;
	} else if (err || rec->archive_len > g->pdm_size) {
		pi->state = LAYOUT_PDM_CORRUPT;
		pi->err = -LAYOUT_EBADPDM;
	} else {
		pi->archive_len = rec->archive_len;
		pi->state = rec->state == LAYOUT_PDM_REC_VALID ? LAYOUT_PDM_VALID :
								 LAYOUT_PDM_WRITING;
	}
	return 0;
}

/*
 * layout_scan_pdm - what the PDM area holds, checked
 * @f: probed driver instance
 * @out: record state; for WRITING and VALID the archive's length; for VALID whether header and
 *       payload hashes hold (hdr_err, payload_err, info); the area; and in out->err what
 *       layout_read_pdm() would return (0, -LAYOUT_ENOPDM or -LAYOUT_EBADPDM)
 *
 * A VALID record's whole archive is read and hashed. A one-chip bank has no area and its
 * record is not read (state LAYOUT_PDM_NOAREA, err -LAYOUT_ENOPDM). Returns 0,
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_scan_pdm(struct at29 *f, struct layout_pdm_info *out)
{
	struct layout_geometry g;
	struct layout_pdm_rec rec;
	struct layout_stored c;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->area = g.pdm;
	out->state = LAYOUT_PDM_NOAREA;
	out->hdr_err = out->payload_err = out->err = -LAYOUT_ENOPDM;
	if (!g.pdm.chips)
		return 0;
	err = scan_record(f, &g, out, &rec);
	if (err || out->state != LAYOUT_PDM_VALID)
		return err;
	err = layout_check_stored(f, &g.pdm, IMG_KIND_PDM, rec.archive_len, rec.hdr_sha256, &c);
	if (err)
		return err;
	out->hdr_err = c.hdr_err;
	out->payload_err = c.payload_err;
	out->info = c.info;
	out->err = c.hdr_err || c.payload_err ? -LAYOUT_EBADPDM : 0;
	return 0;
}

/*
 * layout_read_pdm - the PDM archive in flash, checked
 * @f: probed driver instance
 * @out: the archive's decoded header (version, payload size, build text), written on success;
 *       may be NULL. The archive is IMG_HDR_SIZE + out->payload_size bytes from offset 0 of
 *       the area (layout_read_pdm_data).
 *
 * Returns 0 when a complete "valid" record names an archive whose header and payload hashes
 * hold; -LAYOUT_ENOPDM when there is none (record erased, an install that did not finish, a
 * one-chip bank); -LAYOUT_EBADPDM when the record is torn or damaged or the archive fails its
 * checks; -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_read_pdm(struct at29 *f, struct img_info *out)
{
	struct layout_pdm_info pi;
	int err = layout_scan_pdm(f, &pi);

	if (err)
		return err;
	if (!pi.err && out)
		*out = pi.info;
	return pi.err;
}

/*
 * layout_read_pdm_data - reads bytes of the PDM area
 * @f: probed driver instance
 * @off: offset in the area (0: the archive's header; IMG_HDR_SIZE: its payload)
 * @buf: destination
 * @len: bytes
 *
 * Reads what is there: whether it is a valid archive is layout_read_pdm()'s to say. Returns 0,
 * -LAYOUT_ENOPDMAREA (one-chip bank), -LAYOUT_EGEOMETRY, or a driver error (-EINVAL past the
 * area's end).
 */
int layout_read_pdm_data(struct at29 *f, uint32_t off, void *buf, size_t len)
{
	struct layout_geometry g;
	int err = layout_geometry(f->chips, &g);

	if (err)
		return err;
	if (!g.pdm.chips)
		return -LAYOUT_ENOPDMAREA;
	return at29_read_stripe(f, &g.pdm, off, buf, len);
}

/*
 * Whether the PDM area already holds the archive at @image, valid and whole: a valid archive
 * with the same header hash has the same header, so the same payload hash and length.
 */
static int same_archive(struct at29 *f, const uint8_t *image, bool *same)
{
	struct layout_pdm_info pi;
	uint8_t sum[LAYOUT_SHA256_LEN];
	int err = layout_scan_pdm(f, &pi);

	*same = false;
	if (err || pi.err)
		return err;
	err = layout_read_pdm_data(f, IMG_HDR_HASHED_LEN, sum, sizeof(sum));
	if (!err)
		*same = !memcmp(sum, image + IMG_HDR_HASHED_LEN, sizeof(sum));
	return err;
}

/* Reads back the archive just programmed in @area: it must be @image's, with both hashes. */
static int verify_archive(struct at29 *f, const struct at29_stripe *area, uint32_t len,
			  const uint8_t *image)
{
	struct layout_stored c;
	int err = layout_check_stored(f, area, IMG_KIND_PDM, len, image + IMG_HDR_HASHED_LEN, &c);

	if (err)
		return err;
	return c.hdr_err || c.payload_err ? -LAYOUT_EVERIFY : 0;
}

/* Reads back the record: it must be VALID and name @image's length and header hash. */
static int verify_record(struct at29 *f, uint32_t len, const uint8_t *image)
{
	struct layout_sector s;
	struct layout_pdm_rec rec;
	int err = layout_read_sector(f, LAYOUT_PDMREC_OFF, &s);

	if (err)
		return err;
	if (layout_parse_pdm_record(s.b, sizeof(s.b), &rec) || rec.state != LAYOUT_PDM_REC_VALID ||
	    rec.archive_len != len ||
	    memcmp(rec.hdr_sha256, image + IMG_HDR_HASHED_LEN, LAYOUT_SHA256_LEN))
		return -LAYOUT_EVERIFY;
	return 0;
}

/*
 * layout_install_pdm - writes a PDM archive to the PDM area, power-cut safe
 * @f: probed driver instance
 * @image: a PIX image of kind PDM (header and payload)
 * @len: bytes at @image (any bytes past the payload are ignored)
 * @progress: called with the archive bytes programmed so far, or NULL
 * @ctx: for @progress
 *
 * Checks the archive (header, kind, payload SHA-256, size) before anything is written, marks
 * the record "writing", programs the archive, reads it back and checks both hashes, then marks
 * the record "valid": only then is there an archive again. The area holds one copy, so once
 * the "writing" record is complete the old archive is gone; a power cut leaves the old one,
 * none, or the new one, never a torn archive that reads as valid. An archive identical to the
 * one installed is not written again. Nothing outside the record and the area is written.
 * Returns 0; an image error (enum img_error); -LAYOUT_EKIND (not a PDM archive: a PIX OS image
 * goes to a slot, layout_install_image); -LAYOUT_ETOOBIG; -LAYOUT_ENOPDMAREA (a one-chip bank);
 * -LAYOUT_EVERIFY; -LAYOUT_ENOIDENT; -LAYOUT_EGEOMETRY; or a driver error (-EIO, -ETIMEDOUT:
 * f->err_sector says where).
 */
int layout_install_pdm(struct at29 *f, const void *image, size_t len, layout_progress_fn progress,
		       void *ctx)
{
	struct layout_geometry g;
	uint32_t archive_len;
	bool same;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	if (!g.pdm.chips)
		return -LAYOUT_ENOPDMAREA;
	err = check_new_archive(&g, image, len, &archive_len);
	if (!err)
		err = same_archive(f, image, &same);
	if (err || same)
		return err;
	err = write_pdm_rec(f, LAYOUT_PDM_REC_WRITING, archive_len, image);
	if (!err)
		err = at29_write_stripe(f, &g.pdm, 0, image, archive_len, progress, ctx);
	if (!err)
		err = verify_archive(f, &g.pdm, archive_len, image);
	if (!err)
		err = write_pdm_rec(f, LAYOUT_PDM_REC_VALID, archive_len, image);
	if (!err)
		err = verify_record(f, archive_len, image);
	return err;
}
