/* Flash layout: the unit's image signing keys, its security version, and an image's signature check. */

/*
 * A unit made with signing keys (layout_format_signed(), `pix-flash create --trust`) installs
 * and boots only images signed by one of them (flash/pix_sig.c verifies), and none whose
 * security version is below the highest it has booted. The keys sit with the identity in the
 * locked boot block; the security version in two records A/B (layout.h). A unit without keys
 * checks nothing here: it behaves as the PIX did.
 */

#include <string.h>

#include "layout_int.h"

/*
 * layout_read_sigkeys - reads the unit's image signing keys
 * @f: probed driver instance
 * @out: the keys; a count of 0 when the identity names none
 *
 * Returns 0; -LAYOUT_ESIGKEYS when the identity names keys the signing key record does not hold
 * (erased, torn, another count): such a unit verifies nothing, it never falls back to accepting
 * any image; -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_read_sigkeys(struct at29 *f, struct layout_sigkeys *out)
{
	struct layout_geometry g;
	struct layout_identity id;
	uint8_t area[LAYOUT_SIGKEYS_AREA];
	int err = layout_open(f, &g, &id);

	memset(out, 0, sizeof(*out));
	if (err || !id.sig_keys)
		return err;
	err = at29_read(f, LAYOUT_SIGKEYS_OFF, area, sizeof(area));
	if (err)
		return err;
	if (layout_parse_sigkeys(area, sizeof(area), out) || out->count != id.sig_keys) {
		memset(out, 0, sizeof(*out));
		return -LAYOUT_ESIGKEYS;
	}
	return 0;
}

/* Reads both security version records: the floor, the copy to write next and the highest seq. */
static int secver_scan(struct at29 *f, uint32_t *floor, unsigned int *next, uint32_t *max_seq)
{
	struct layout_sector s;
	int newest = -1;
	unsigned int i;

	*floor = 0;
	*max_seq = 0;
	for (i = 0; i < LAYOUT_SECVER_COPIES; i++) {
		uint32_t seq, v;
		int err = layout_read_sector(f, LAYOUT_SECVER_OFF + i * AT29_SECTOR_SIZE, &s);

		if (err)
			return err;
		if (layout_parse_secver(s.b, sizeof(s.b), &seq, &v))
			continue;
		if (v > *floor)
			*floor = v;
		if (newest < 0 || seq > *max_seq) {
			newest = (int)i;
			*max_seq = seq;
		}
	}
	*next = newest < 0 ? 0 : 1 - (unsigned int)newest;
	return 0;
}

/*
 * layout_read_secver - reads the unit's security version: the highest of a signed image it has
 * booted (0 when no record holds)
 * @f: probed driver instance
 * @sec_version: written on success
 *
 * Returns 0, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a driver error.
 */
int layout_read_secver(struct at29 *f, uint32_t *sec_version)
{
	struct layout_geometry g;
	unsigned int next;
	uint32_t max_seq;
	int err = layout_open(f, &g, NULL);

	*sec_version = 0;
	return err ? err : secver_scan(f, sec_version, &next, &max_seq);
}

/*
 * layout_raise_secver - raises the unit's security version to @sec_version, power-cut safe
 * @f: probed driver instance
 * @sec_version: the security version of the image being booted
 *
 * Never lowers it: a value not above the current one writes nothing. Otherwise the record that
 * is not the newest gets the next sequence number and the new value, so a power cut leaves the
 * old value or the new one. Returns 0, -LAYOUT_EVERIFY, -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a
 * driver error.
 */
int layout_raise_secver(struct at29 *f, uint32_t sec_version)
{
	struct layout_geometry g;
	struct layout_sector s;
	uint32_t floor, max_seq, seq, back;
	unsigned int next;
	int err = layout_open(f, &g, NULL);

	if (!err)
		err = secver_scan(f, &floor, &next, &max_seq);
	if (err || sec_version <= floor)
		return err;
	layout_seal_secver(&s, max_seq + 1, sec_version);
	err = layout_write_sector(f, LAYOUT_SECVER_OFF + next * AT29_SECTOR_SIZE, &s);
	if (!err)
		err = layout_read_sector(f, LAYOUT_SECVER_OFF + next * AT29_SECTOR_SIZE, &s);
	if (err)
		return err;
	if (layout_parse_secver(s.b, sizeof(s.b), &seq, &back) || seq != max_seq + 1 ||
	    back != sec_version)
		return -LAYOUT_EVERIFY;
	return 0;
}

/*
 * layout_check_signature - whether this unit accepts an image header's signature
 * @f: probed driver instance
 * @hdr: the image's 512-byte header (its own hashes already checked)
 * @st: what was found, filled in whatever the result
 *
 * On a unit without signing keys nothing is checked (0; @st says whether the image carries a
 * signature block all the same). Otherwise the signature must verify with one of the unit's keys
 * and the security version must not be below the unit's. Returns 0; an enum sig_error code
 * (-SIG_EUNSIGNED, -SIG_EMALFORMED, -SIG_EUNKNOWNKEY, -SIG_EBADSIG, -SIG_EANCHOR,
 * -SIG_EINTERNAL); -LAYOUT_EROLLBACK; -LAYOUT_ESIGKEYS; -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY or a
 * driver error.
 */
int layout_check_signature(struct at29 *f, const void *hdr, struct layout_sig_status *st)
{
	struct layout_sigkeys keys;
	int err, idx;

	memset(st, 0, sizeof(*st));
	st->key = -1;
	err = layout_read_sigkeys(f, &keys);
	if (err)
		return err;
	st->keys = keys.count;
	if (!keys.count) {
		st->is_signed = img_sig_parse(hdr, &st->sig) == IMG_SIG_PRESENT;
		return 0;
	}
	err = layout_read_secver(f, &st->floor);
	if (err)
		return err;
	idx = sig_verify(hdr, keys.key, keys.count, &st->sig);
	st->is_signed = idx != -SIG_EUNSIGNED && idx != -SIG_EMALFORMED;
	if (idx < 0)
		return idx;
	st->key = idx;
	return st->sig.sec_version < st->floor ? -LAYOUT_EROLLBACK : 0;
}

/*
 * layout_sig_strerror - the words of layout_strerror() for a signature check's result
 * @err: a negative enum sig_error code
 *
 * Phrased for a refusal ("Image not installed", a flash boot that stops); sig_strerror() has
 * the short forms the host tools print.
 */
const char *layout_sig_strerror(int err)
{
	switch (-err) {
	case SIG_EUNSIGNED:
		return "image is unsigned; this unit runs only images signed by its keys";
	case SIG_EMALFORMED:
		return "image signature block is malformed";
	case SIG_EUNKNOWNKEY:
		return "image is signed by an unknown key";
	case SIG_EBADSIG:
		return "image has a bad signature";
	case SIG_EANCHOR:
		return "the unit's signing key is not a P-256 key";
	default:
		return "image signature could not be checked (out of memory)";
	}
}
