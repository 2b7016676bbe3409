/* Flash layout: the HTTPS trust anchors, a list of DER certificates in two copies A and B. */

/*
 * Copy i (0 = A, 1 = B) is LAYOUT_TRUST_COPY_SIZE bytes at LAYOUT_TRUST_OFF + i * that size:
 * its trust record sector (struct layout_trust_rec: seq, count, each anchor's DER length, the
 * SHA-256 of the list's DER, the SHA-256 of the record), then the anchors' DER bytes one after
 * the other from the next sector. The layout stores bytes: whether they are X.509 certificates
 * is its callers' business (pix-flash and the CLI parse them before they add them).
 *
 * A copy is valid when its record holds (magic, version, hash, fields that add up) and its DER
 * bytes match the record's list hash; the current list is the valid copy with the newer seq,
 * and an empty list when neither is valid. Seqs are compared as serial numbers (RFC 1982: a is
 * newer than b when a - b, modulo 2^32, is below 2^31): the copies are written with consecutive
 * seqs, so the count may wrap and a seq of 0xFFFFFFFF read from a flash file does not stop the
 * list from ever changing again. Equal seqs (never written so) take copy A.
 *
 * A change (add, remove) builds the new list in the copy that is not current, from the current
 * copy's bytes in flash and the new anchor in RAM, a sector at a time (no list-sized buffer),
 * in this order:
 *   1. the target's record sector erased: from here on that copy is not valid;
 *   2. the new list's DER programmed into the target;
 *   3. the target's record, seq = current seq + 1, programmed last;
 *   4. the target read back: valid, with that seq and list hash, and now the current copy.
 * The current copy is never written, so a power cut at any point leaves it current (steps 1-3;
 * a record torn in step 3 fails its hash) or the new list (once the record is whole): the old
 * list or the new one, never a mix.
 */

#include <errno.h>
#include <string.h>

#include "layout_int.h"
#include "mbedtls/sha256.h"

#define TRUST_REC_OFF(field) offsetof(struct layout_trust_rec, field)
#define TRUST_HASH_OFF TRUST_REC_OFF(sha256)

/* layout_trust_strerror() words the limits */
_Static_assert(LAYOUT_TRUST_MAX == 8 && LAYOUT_TRUST_BYTES == 16128, "limits as worded");

/* What both copies hold. */
struct trust_scan {
	enum layout_trust_state state[LAYOUT_TRUST_COPIES];
	struct layout_trust_rec rec[LAYOUT_TRUST_COPIES]; /* decoded, when the record holds */
	int cur; /* the current copy, or -1 */
};

/* A piece of a new list: bytes of the current copy in flash, or a new anchor in RAM. */
struct trust_seg {
	const uint8_t *ram; /* the bytes, or NULL: in flash at @off */
	uint32_t off; /* bank offset when in flash */
	uint32_t len;
};

/* Bank offset of copy @i's record sector. */
static uint32_t trust_rec_off(unsigned int i)
{
	return LAYOUT_TRUST_OFF + i * LAYOUT_TRUST_COPY_SIZE;
}

/* Bank offset of copy @i's first DER byte. */
static uint32_t trust_der_off(unsigned int i)
{
	return trust_rec_off(i) + AT29_SECTOR_SIZE;
}

/* Whether @n bytes at @p are all @v. */
static bool trust_all(const uint8_t *p, size_t n, uint8_t v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* Checks the fields of a record whose frame holds: counts, lengths, reserved bytes. */
static bool trust_fields_ok(const uint8_t *r)
{
	uint32_t count = img_le32_get(r + TRUST_REC_OFF(count));
	uint32_t total = img_le32_get(r + TRUST_REC_OFF(total));
	uint32_t sum = 0;
	unsigned int i;

	if (count > LAYOUT_TRUST_MAX || total > LAYOUT_TRUST_BYTES ||
	    !trust_all(r + TRUST_REC_OFF(reserved),
		       sizeof(((struct layout_trust_rec *)0)->reserved), 0))
		return false;
	for (i = 0; i < LAYOUT_TRUST_MAX; i++) {
		uint32_t len = img_le32_get(r + TRUST_REC_OFF(len) + 4 * i);

		if ((i < count) != (len != 0) || len > LAYOUT_TRUST_BYTES)
			return false;
		sum += len;
	}
	return sum == total;
}

/*
 * layout_parse_trust_record - checks and decodes a trust record (not the DER it describes)
 * @buf: the bytes read from a trust copy's record sector
 * @len: how many
 * @out: the record in host byte order (magic and hashes copied), written on success; may be NULL
 *
 * Returns 0, -LAYOUT_EEMPTY (erased) or -LAYOUT_ECORRUPT (bad magic, version or hash; more
 * than LAYOUT_TRUST_MAX anchors; a length of 0 for an anchor or not 0 for an unused entry;
 * lengths that do not add up to the total, or a total over LAYOUT_TRUST_BYTES; reserved bytes
 * set).
 */
int layout_parse_trust_record(const void *buf, size_t len, struct layout_trust_rec *out)
{
	const uint8_t *r = buf;
	uint8_t sum[LAYOUT_SHA256_LEN];
	unsigned int i;

	if (len < sizeof(struct layout_trust_rec))
		return -LAYOUT_ECORRUPT;
	if (trust_all(r, sizeof(struct layout_trust_rec), 0xFF))
		return -LAYOUT_EEMPTY;
	if (memcmp(r, LAYOUT_TRUST_MAGIC, LAYOUT_MAGIC_LEN) ||
	    img_le32_get(r + TRUST_REC_OFF(version)) != LAYOUT_REC_VERSION)
		return -LAYOUT_ECORRUPT;
	layout_sha256(r, TRUST_HASH_OFF, sum);
	if (memcmp(sum, r + TRUST_HASH_OFF, LAYOUT_SHA256_LEN) || !trust_fields_ok(r))
		return -LAYOUT_ECORRUPT;
	if (out) {
		memcpy(out, r, sizeof(*out));
		out->version = LAYOUT_REC_VERSION;
		out->seq = img_le32_get(r + TRUST_REC_OFF(seq));
		out->count = img_le32_get(r + TRUST_REC_OFF(count));
		out->total = img_le32_get(r + TRUST_REC_OFF(total));
		for (i = 0; i < LAYOUT_TRUST_MAX; i++)
			out->len[i] = img_le32_get(r + TRUST_REC_OFF(len) + 4 * i);
	}
	return 0;
}

/* Builds the record sector for @rec (its magic, version and record hash are set here). */
static void trust_seal(struct layout_sector *s, const struct layout_trust_rec *rec)
{
	uint8_t *r = s->b;
	unsigned int i;

	memset(s->b, 0xFF, sizeof(s->b));
	memset(r, 0, sizeof(*rec));
	memcpy(r, LAYOUT_TRUST_MAGIC, LAYOUT_MAGIC_LEN);
	img_le32_put(r + TRUST_REC_OFF(version), LAYOUT_REC_VERSION);
	img_le32_put(r + TRUST_REC_OFF(seq), rec->seq);
	img_le32_put(r + TRUST_REC_OFF(count), rec->count);
	img_le32_put(r + TRUST_REC_OFF(total), rec->total);
	for (i = 0; i < LAYOUT_TRUST_MAX; i++)
		img_le32_put(r + TRUST_REC_OFF(len) + 4 * i, rec->len[i]);
	memcpy(r + TRUST_REC_OFF(der_sha256), rec->der_sha256, LAYOUT_SHA256_LEN);
	layout_sha256(r, TRUST_HASH_OFF, r + TRUST_HASH_OFF);
}

/* Reads copy @i: its record, then its DER hashed against the record. */
static int trust_scan_copy(struct at29 *f, unsigned int i, struct trust_scan *ts)
{
	struct layout_sector s;
	uint8_t sum[LAYOUT_SHA256_LEN];
	int err = layout_read_sector(f, trust_rec_off(i), &s);

	if (err)
		return err;
	err = layout_parse_trust_record(s.b, sizeof(s.b), &ts->rec[i]);
	if (err) {
		ts->state[i] = err == -LAYOUT_EEMPTY ? LAYOUT_TRUST_EMPTY : LAYOUT_TRUST_CORRUPT;
		return 0;
	}
	err = layout_hash_flash(f, NULL, trust_der_off(i), ts->rec[i].total, sum, NULL);
	if (err)
		return err;
	ts->state[i] = memcmp(sum, ts->rec[i].der_sha256, LAYOUT_SHA256_LEN) ?
			       LAYOUT_TRUST_CORRUPT :
			       LAYOUT_TRUST_VALID;
	return 0;
}

/* Whether seq @a is newer than seq @b, as serial numbers (RFC 1982). */
static bool trust_newer(uint32_t a, uint32_t b)
{
	return a != b && a - b < 0x80000000u;
}

/* The current copy: the valid one with the newer seq (A when equal), or -1. */
static int trust_pick(const struct trust_scan *ts)
{
	bool a = ts->state[0] == LAYOUT_TRUST_VALID, b = ts->state[1] == LAYOUT_TRUST_VALID;

	if (a && b)
		return trust_newer(ts->rec[1].seq, ts->rec[0].seq) ? 1 : 0;
	return a ? 0 : b ? 1 : -1;
}

/* Opens the bank and reads both copies; ts->cur is the current one. */
static int trust_scan(struct at29 *f, struct trust_scan *ts)
{
	struct layout_geometry g;
	unsigned int i;
	int err = layout_open(f, &g, NULL);

	if (err)
		return err;
	for (i = 0; i < LAYOUT_TRUST_COPIES; i++) {
		err = trust_scan_copy(f, i, ts);
		if (err)
			return err;
	}
	ts->cur = trust_pick(ts);
	return 0;
}

/* The current list's record, or an empty list's (seq 0) when no copy is valid. */
static void trust_current(const struct trust_scan *ts, struct layout_trust_rec *rec)
{
	if (ts->cur >= 0) {
		*rec = ts->rec[ts->cur];
		return;
	}
	memset(rec, 0, sizeof(*rec));
}

/* Copies bytes [@pos, @pos + @n) of the list made of @segs to @buf. */
static int trust_seg_read(struct at29 *f, const struct trust_seg *segs, unsigned int nsegs,
			  uint32_t pos, uint8_t *buf, uint32_t n)
{
	unsigned int i;
	int err;

	for (i = 0; i < nsegs && n; i++) {
		uint32_t take;

		if (pos >= segs[i].len) {
			pos -= segs[i].len;
			continue;
		}
		take = segs[i].len - pos < n ? segs[i].len - pos : n;
		if (segs[i].ram) {
			memcpy(buf, segs[i].ram + pos, take);
		} else {
			err = at29_read(f, segs[i].off + pos, buf, take);
			if (err)
				return err;
		}
		buf += take;
		n -= take;
		pos = 0;
	}
	return 0;
}

/* Programs the list made of @segs (rec->total bytes) as copy @t's DER; sets rec->der_sha256. */
static int trust_put_der(struct at29 *f, unsigned int t, const struct trust_seg *segs,
			 unsigned int nsegs, struct layout_trust_rec *rec)
{
	mbedtls_sha256_context ctx;
	struct layout_sector s;
	uint32_t pos;
	int err = 0;

	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	for (pos = 0; !err && pos < rec->total; pos += AT29_SECTOR_SIZE) {
		uint32_t n = rec->total - pos < AT29_SECTOR_SIZE ? rec->total - pos :
								   AT29_SECTOR_SIZE;

		memset(s.b, 0xFF, sizeof(s.b));
		err = trust_seg_read(f, segs, nsegs, pos, s.b, n);
		if (err)
			break;
		mbedtls_sha256_update_ret(&ctx, s.b, n);
		err = layout_write_sector(f, trust_der_off(t) + pos, &s);
	}
	mbedtls_sha256_finish_ret(&ctx, rec->der_sha256);
	mbedtls_sha256_free(&ctx);
	return err;
}

/*
 * Makes the list of @segs, described by @rec (seq, count, lengths, total), the current one by
 * writing it into copy @t, which is not current: record erased, DER, record, read back. @ts is
 * the scan from before, updated with what copy @t reads back as.
 */
static int trust_put(struct at29 *f, struct trust_scan *ts, unsigned int t,
		     const struct trust_seg *segs, unsigned int nsegs, struct layout_trust_rec *rec)
{
	struct layout_sector s;
	int err;

	memset(s.b, 0xFF, sizeof(s.b));
	err = layout_write_sector(f, trust_rec_off(t), &s);
	if (!err)
		err = trust_put_der(f, t, segs, nsegs, rec);
	if (err)
		return err;
	trust_seal(&s, rec);
	err = layout_write_sector(f, trust_rec_off(t), &s);
	if (!err)
		err = trust_scan_copy(f, t, ts);
	if (err)
		return err;
	if (ts->state[t] != LAYOUT_TRUST_VALID || ts->rec[t].seq != rec->seq ||
	    memcmp(ts->rec[t].der_sha256, rec->der_sha256, LAYOUT_SHA256_LEN) ||
	    trust_pick(ts) != (int)t)
		return -LAYOUT_EVERIFY;
	return 0;
}

/* The copy a change writes: the one that is not current (A when none is). */
static unsigned int trust_target(const struct trust_scan *ts)
{
	return ts->cur < 0 ? 0 : 1 - (unsigned int)ts->cur;
}

/* Whether the @len bytes at flash offset @off are the @len bytes at @der. */
static int trust_same(struct at29 *f, uint32_t off, const uint8_t *der, uint32_t len, bool *same)
{
	uint8_t buf[AT29_SECTOR_SIZE];
	uint32_t done, n;
	int err;

	*same = false;
	for (done = 0; done < len; done += n) {
		n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		err = at29_read(f, off + done, buf, n);
		if (err)
			return err;
		if (memcmp(buf, der + done, n))
			return 0;
	}
	*same = true;
	return 0;
}

/* Returns -EEXIST when the current list holds the @len bytes at @der, else 0 or a driver error. */
static int trust_find(struct at29 *f, const struct trust_scan *ts,
		      const struct layout_trust_rec *rec, const uint8_t *der, size_t len)
{
	uint32_t off = 0;
	unsigned int i;
	bool same;
	int err;

	for (i = 0; i < rec->count; off += rec->len[i++]) {
		if (rec->len[i] != len)
			continue;
		err = trust_same(f, trust_der_off((unsigned int)ts->cur) + off, der, rec->len[i],
				 &same);
		if (err)
			return err;
		if (same)
			return -EEXIST;
	}
	return 0;
}

/*
 * layout_trust_read - the HTTPS trust anchors in flash
 * @f: probed driver instance
 * @out: filled in: the anchors (count, each one's offset and length in der[], the DER), the
 *       current copy and its seq, and what each copy holds
 *
 * No valid copy is an empty list (count 0, current -1); out->copy[] says whether that is
 * because both are erased or because one is damaged. Returns 0, -LAYOUT_ENOIDENT,
 * -LAYOUT_EGEOMETRY, -LAYOUT_EVERIFY (the DER does not read back as it hashed a moment before)
 * or a driver error.
 */
int layout_trust_read(struct at29 *f, struct layout_trust *out)
{
	struct trust_scan ts;
	const struct layout_trust_rec *rec;
	uint8_t sum[LAYOUT_SHA256_LEN];
	unsigned int i;
	int err = trust_scan(f, &ts);

	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->current = ts.cur;
	for (i = 0; i < LAYOUT_TRUST_COPIES; i++)
		out->copy[i] = ts.state[i];
	if (ts.cur < 0)
		return 0;
	rec = &ts.rec[ts.cur];
	err = layout_hash_flash(f, NULL, trust_der_off((unsigned int)ts.cur), rec->total, sum,
				out->der);
	if (err)
		return err;
	if (memcmp(sum, rec->der_sha256, LAYOUT_SHA256_LEN))
		return -LAYOUT_EVERIFY;
	out->seq = rec->seq;
	out->count = rec->count;
	out->total = rec->total;
	for (i = 0; i < rec->count; i++) {
		out->len[i] = rec->len[i];
		out->off[i] = i ? out->off[i - 1] + out->len[i - 1] : 0;
	}
	return 0;
}

/*
 * layout_trust_add - appends a trust anchor to the list, power-cut safe
 * @f: probed driver instance
 * @der: the anchor's bytes (a DER X.509 certificate: not checked here)
 * @len: how many, at least 1
 *
 * Writes the whole new list into the copy that is not current, its record last; until that
 * record is whole the old list stays current. Returns 0; -EINVAL (no bytes); -EEXIST (the same
 * bytes are an anchor already); -ENOSPC (LAYOUT_TRUST_MAX anchors already, or the list's DER
 * would pass LAYOUT_TRUST_BYTES); -LAYOUT_ENOIDENT; -LAYOUT_EGEOMETRY; -LAYOUT_EVERIFY; or a
 * driver error.
 */
int layout_trust_add(struct at29 *f, const uint8_t *der, size_t len)
{
	struct trust_scan ts;
	struct layout_trust_rec rec;
	struct trust_seg segs[2];
	int err;

	if (!der || !len)
		return -EINVAL;
	err = trust_scan(f, &ts);
	if (err)
		return err;
	trust_current(&ts, &rec);
	err = trust_find(f, &ts, &rec, der, len);
	if (err)
		return err;
	if (rec.count >= LAYOUT_TRUST_MAX || len > LAYOUT_TRUST_BYTES - rec.total)
		return -ENOSPC;
	segs[0] = (struct trust_seg){ NULL, ts.cur < 0 ? 0 : trust_der_off((unsigned int)ts.cur),
				      rec.total };
	segs[1] = (struct trust_seg){ der, 0, (uint32_t)len };
	rec.len[rec.count++] = (uint32_t)len;
	rec.total += (uint32_t)len;
	rec.seq++;
	return trust_put(f, &ts, trust_target(&ts), segs, 2, &rec);
}

/*
 * layout_trust_remove - takes anchor @index out of the list, power-cut safe
 * @f: probed driver instance
 * @index: its place in the list (0 first); the anchors after it move up one
 *
 * Written as layout_trust_add() writes. Returns 0, -ENOENT (no anchor @index),
 * -LAYOUT_ENOIDENT, -LAYOUT_EGEOMETRY, -LAYOUT_EVERIFY or a driver error.
 */
int layout_trust_remove(struct at29 *f, unsigned int index)
{
	struct trust_scan ts;
	struct layout_trust_rec rec;
	struct trust_seg segs[2];
	uint32_t base, off = 0, gone;
	unsigned int i;
	int err = trust_scan(f, &ts);

	if (err)
		return err;
	trust_current(&ts, &rec);
	if (index >= rec.count)
		return -ENOENT;
	base = trust_der_off((unsigned int)ts.cur);
	for (i = 0; i < index; i++)
		off += rec.len[i];
	gone = rec.len[index];
	segs[0] = (struct trust_seg){ NULL, base, off };
	segs[1] = (struct trust_seg){ NULL, base + off + gone, rec.total - off - gone };
	for (i = index; i + 1 < rec.count; i++)
		rec.len[i] = rec.len[i + 1];
	rec.len[--rec.count] = 0;
	rec.total -= gone;
	rec.seq++;
	return trust_put(f, &ts, trust_target(&ts), segs, 2, &rec);
}

/*
 * layout_trust_strerror - a short description of an error from the trust anchor functions
 * @err: what layout_trust_read/add/remove returned
 *
 * Returns a constant string: the trust anchors' own errors in their words, others as
 * layout_strerror().
 */
const char *layout_trust_strerror(int err)
{
	switch (-err) {
	case EINVAL:
		return "an empty certificate";
	case EEXIST:
		return "already a trust anchor";
	case ENOSPC:
		return "no room among the trust anchors (at most 8, 16128 bytes of DER in all)";
	case ENOENT:
		return "no such trust anchor";
	default:
		return layout_strerror(err);
	}
}
