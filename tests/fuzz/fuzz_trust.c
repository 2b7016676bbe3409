/*
 * libFuzzer harness for the HTTPS trust anchor store (flash/layout_trust.c) on arbitrary flash
 * contents (a flash file is untrusted input): a one-chip bank with a valid identity whose two
 * trust copies (records and DER) come from the input, read through the real driver and model.
 * With the flag bits set, records are resealed (magic, version, hash), their lengths made to add
 * up and their list hash made to match the DER, so the valid paths are reached; a byte may be
 * flipped after that. What layout_trust_read() returns must hold together: a list whose
 * lengths add up, taken byte for byte from a copy whose record parses and whose DER matches its
 * hash, the one with the newer seq (as serial numbers); no list only when no copy is valid.
 * Then an add (of the rest of the input, of a copy of an anchor, or of one that just fits or
 * is a byte too large) or a remove must do exactly what the list says it should (-EEXIST,
 * -ENOSPC, -ENOENT, -EINVAL, or the new list with seq + 1 in the other copy) and never write
 * the current copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "mbedtls/sha256.h"

#define FZ_CHIPS 1u
#define FZ_BANK (FZ_CHIPS * AT29_CHIP_SIZE)
#define FZ_RESEAL 0x01u /* reseal both records */
#define FZ_LENGTHS 0x02u /* before that: count and lengths from the input, made to add up */
#define FZ_DER_HASH 0x04u /* before that: the list hash of the copy's DER */
#define FZ_FLIP 0x08u /* then flip one byte of the trust area (position from the input) */
#define FZ_OP_ADD 0x10u /* then add the rest of the input as an anchor */
#define FZ_OP_REMOVE 0x20u /* or remove the anchor the input names */
#define FZ_DUP 0x40u /* with FZ_OP_ADD: add a copy of an anchor of the list */
#define FZ_FILL 0x80u /* with FZ_OP_ADD: an anchor that just fits, or is one byte too large */
#define FZ_DER_MAX 2048u /* DER bytes per copy taken from the input */
#define FZ_REC_LEN sizeof(struct layout_trust_rec)
#define FZ_COPY(i) (LAYOUT_TRUST_OFF + (i)*LAYOUT_TRUST_COPY_SIZE)
#define FZ_DER(i) (FZ_COPY(i) + AT29_SECTOR_SIZE)

static uint8_t bank[FZ_BANK];
static struct layout_trust before, after;

/* Takes up to @n bytes of input for a chunk; returns how many. */
static size_t take(const uint8_t **data, size_t *size, uint8_t *dst, size_t n)
{
	if (n > *size)
		n = *size;
	memcpy(dst, *data, n);
	*data += n;
	*size -= n;
	return n;
}

/* A valid identity record for this bank. */
static void make_identity(void)
{
	uint8_t *r = bank + LAYOUT_IDENT_OFF;

	memset(r, 0, sizeof(struct layout_ident_rec));
	memcpy(r, LAYOUT_IDENT_MAGIC, LAYOUT_MAGIC_LEN);
	img_le32_put(r + offsetof(struct layout_ident_rec, version), LAYOUT_REC_VERSION);
	img_le32_put(r + offsetof(struct layout_ident_rec, serial), 12345678);
	img_le32_put(r + offsetof(struct layout_ident_rec, chips), FZ_CHIPS);
	mbedtls_sha256_ret(r, offsetof(struct layout_ident_rec, sha256),
			   r + offsetof(struct layout_ident_rec, sha256), 0);
}

/* Makes the record's count and lengths add up, from what the input put there; total <= @max. */
static void fix_lengths(uint8_t *r, uint32_t max)
{
	uint32_t count = r[offsetof(struct layout_trust_rec, count)] % (LAYOUT_TRUST_MAX + 1);
	uint32_t total = 0, len;
	unsigned int i;

	for (i = 0; i < LAYOUT_TRUST_MAX; i++) {
		uint8_t *l = r + offsetof(struct layout_trust_rec, len) + 4 * i;

		len = i < count ? 1 + img_le32_get(l) % 600 : 0;
		if (total + len > max)
			len = 0;
		if (!len && i < count)
			count = i;
		img_le32_put(l, len);
		total += len;
	}
	img_le32_put(r + offsetof(struct layout_trust_rec, count), count);
	img_le32_put(r + offsetof(struct layout_trust_rec, total), total);
	memset(r + offsetof(struct layout_trust_rec, reserved), 0, 8);
}

/*
 * Lays out copy @i: record and DER from the input (the DER a third of what is left after the
 * record for A, half for B, the rest being the anchor to add), made valid as far as @flags say.
 */
static void build_copy(unsigned int i, const uint8_t **data, size_t *size, uint8_t flags)
{
	uint8_t *r = bank + FZ_COPY(i);
	size_t n;
	uint32_t total;

	take(data, size, r, FZ_REC_LEN);
	n = *size / (3 - i);
	n = take(data, size, bank + FZ_DER(i), n < FZ_DER_MAX ? n : FZ_DER_MAX);
	if (flags & FZ_LENGTHS)
		fix_lengths(r, (uint32_t)n);
	total = img_le32_get(r + offsetof(struct layout_trust_rec, total));
	if ((flags & FZ_DER_HASH) && total <= LAYOUT_TRUST_BYTES)
		mbedtls_sha256_ret(bank + FZ_DER(i), total,
				   r + offsetof(struct layout_trust_rec, der_sha256), 0);
	if (flags & FZ_RESEAL) {
		memcpy(r, LAYOUT_TRUST_MAGIC, LAYOUT_MAGIC_LEN);
		img_le32_put(r + offsetof(struct layout_trust_rec, version), LAYOUT_REC_VERSION);
		mbedtls_sha256_ret(r, offsetof(struct layout_trust_rec, sha256),
				   r + offsetof(struct layout_trust_rec, sha256), 0);
	}
}

/* What copy @i holds, by the record parser and a hash of the array, independently of the scan. */
static enum layout_trust_state copy_state(unsigned int i, struct layout_trust_rec *rec)
{
	uint8_t sum[LAYOUT_SHA256_LEN];
	int err = layout_parse_trust_record(bank + FZ_COPY(i), AT29_SECTOR_SIZE, rec);

	if (err == -LAYOUT_EEMPTY)
		return LAYOUT_TRUST_EMPTY;
	if (err)
		return LAYOUT_TRUST_CORRUPT;
	if (rec->count > LAYOUT_TRUST_MAX || rec->total > LAYOUT_TRUST_BYTES)
		abort();
	mbedtls_sha256_ret(bank + FZ_DER(i), rec->total, sum, 0);
	return memcmp(sum, rec->der_sha256, LAYOUT_SHA256_LEN) ? LAYOUT_TRUST_CORRUPT :
								 LAYOUT_TRUST_VALID;
}

/* Whatever layout_trust_read() returned must hold together and agree with the array. */
static void check_read(const struct layout_trust *t)
{
	struct layout_trust_rec rec[LAYOUT_TRUST_COPIES];
	uint32_t off = 0;
	unsigned int i;

	for (i = 0; i < LAYOUT_TRUST_COPIES; i++)
		if (t->copy[i] != copy_state(i, &rec[i]))
			abort();
	if (t->count > LAYOUT_TRUST_MAX || t->total > LAYOUT_TRUST_BYTES)
		abort();
	for (i = 0; i < t->count; i++) {
		if (!t->len[i] || t->off[i] != off)
			abort();
		off += t->len[i];
	}
	if (off != t->total)
		abort();
	if (t->current < 0) {
		if (t->count || t->seq || t->copy[0] == LAYOUT_TRUST_VALID ||
		    t->copy[1] == LAYOUT_TRUST_VALID)
			abort();
		return;
	}
	i = (unsigned int)t->current;
	if (i >= LAYOUT_TRUST_COPIES || t->copy[i] != LAYOUT_TRUST_VALID || rec[i].seq != t->seq ||
	    rec[i].count != t->count || rec[i].total != t->total ||
	    memcmp(rec[i].len, t->len, sizeof(t->len)) ||
	    memcmp(t->der, bank + FZ_DER(i), t->total))
		abort();
	/* the other copy, when valid, is not newer as a serial number (equal seq: A wins) */
	if (t->copy[1 - i] == LAYOUT_TRUST_VALID &&
	    ((rec[1 - i].seq != t->seq && rec[1 - i].seq - t->seq < 0x80000000u) ||
	     (rec[1 - i].seq == t->seq && i == 1)))
		abort();
}

/* Whether anchor @i of @t is the @len bytes at @der. */
static int same_anchor(const struct layout_trust *t, unsigned int i, const uint8_t *der, size_t len)
{
	return t->len[i] == len && !memcmp(t->der + t->off[i], der, len);
}

/* After a change that succeeded: @after is @before changed as expected, in the other copy. */
static void check_changed(const uint8_t *der, size_t len, unsigned int index, bool add)
{
	unsigned int i, j;

	if (after.seq != before.seq + 1 ||
	    after.current != (before.current < 0 ? 0 : 1 - before.current) ||
	    after.count != (add ? before.count + 1 : before.count - 1))
		abort();
	for (i = 0, j = 0; i < before.count; i++) {
		if (!add && i == index)
			continue;
		if (!same_anchor(&after, j++, before.der + before.off[i], before.len[i]))
			abort();
	}
	if (add && !same_anchor(&after, j, der, len))
		abort();
}

/*
 * The anchor to add: the rest of the input; with FZ_DUP a copy of an anchor of the list; with
 * FZ_FILL the input repeated to exactly the room left (@index odd: one byte more).
 */
static const uint8_t *make_anchor(const uint8_t *data, size_t *len, uint8_t flags,
				  unsigned int index)
{
	static uint8_t der[LAYOUT_TRUST_BYTES + 1];
	size_t i, n;

	if ((flags & FZ_DUP) && before.count) {
		index %= before.count;
		*len = before.len[index];
		return before.der + before.off[index];
	}
	if (!(flags & FZ_FILL) || !*len)
		return data;
	n = LAYOUT_TRUST_BYTES - before.total + (index & 1);
	for (i = 0; i < n; i++)
		der[i] = data[i % *len];
	*len = n;
	return der;
}

/* The change the input asks for, checked against what the list before it says. */
static void fuzz_change(struct at29_sim *z, const uint8_t *data, size_t len, uint8_t flags,
			unsigned int index)
{
	static uint8_t cur_copy[LAYOUT_TRUST_COPY_SIZE];
	const uint8_t *der = make_anchor(data, &len, flags, index);
	unsigned int i;
	int want = 0, err;

	if (before.current >= 0)
		memcpy(cur_copy, bank + FZ_COPY(before.current), LAYOUT_TRUST_COPY_SIZE);
	if (flags & FZ_OP_ADD) {
		for (i = 0; i < before.count && !want; i++)
			if (same_anchor(&before, i, der, len))
				want = -EEXIST;
		if (!len)
			want = -EINVAL;
		else if (!want && (before.count == LAYOUT_TRUST_MAX ||
				   before.total + len > LAYOUT_TRUST_BYTES))
			want = -ENOSPC;
		err = layout_trust_add(&z->f, der, len);
	} else {
		want = index < before.count ? 0 : -ENOENT;
		err = layout_trust_remove(&z->f, index);
	}
	if (err != want)
		abort();
	if (before.current >= 0 &&
	    memcmp(cur_copy, bank + FZ_COPY(before.current), LAYOUT_TRUST_COPY_SIZE))
		abort(); /* the current copy is never written */
	if (layout_trust_read(&z->f, &after))
		abort();
	check_read(&after);
	if (!err)
		check_changed(der, len, index, flags & FZ_OP_ADD);
	else if (after.seq != before.seq || after.count != before.count ||
		 memcmp(after.der, before.der, before.total))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct at29_sim z;
	uint8_t flags;
	uint32_t flip;
	unsigned int i;

	if (size < 7)
		return 0;
	flags = data[0];
	flip = img_le32_get(data + 1) % (2 * LAYOUT_TRUST_COPY_SIZE);
	i = data[5];
	data += 6;
	size -= 6;
	memset(bank, 0xFF, sizeof(bank));
	memset(bank + LAYOUT_PSTATE_OFF(FZ_CHIPS), 0, LAYOUT_PSTATE_SIZE);
	make_identity();
	build_copy(0, &data, &size, flags);
	build_copy(1, &data, &size, flags);
	if (flags & FZ_FLIP)
		bank[LAYOUT_TRUST_OFF + flip] ^= (uint8_t)(flags | 1);
	at29_sim_init(&z, true);
	if (at29_sim_start(&z, FZ_CHIPS, bank, bank + LAYOUT_PSTATE_OFF(FZ_CHIPS),
			   AT29_MODEL_TIMING_FAST))
		abort();
	if (layout_trust_read(&z.f, &before))
		abort();
	check_read(&before);
	if (flags & (FZ_OP_ADD | FZ_OP_REMOVE))
		fuzz_change(&z, data, size, flags, i % (LAYOUT_TRUST_MAX + 2));
	return 0;
}
