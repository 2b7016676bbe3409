/* Unit tests of the HTTPS trust anchor store (flash/layout_trust.c) on the real driver and chip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "flash/at29.h"
#include "flash/at29_model.h"
#include "flash/at29_sim.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "mbedtls/sha256.h"

#define SERIAL 12345678u
#define COPY_OFF(i) (LAYOUT_TRUST_OFF + (i)*LAYOUT_TRUST_COPY_SIZE)
#define DER_OFF(i) (COPY_OFF(i) + AT29_SECTOR_SIZE)
#define TRUST_END (LAYOUT_TRUST_OFF + LAYOUT_TRUST_COPIES * LAYOUT_TRUST_COPY_SIZE)

/* DESIGN.md vector for serial 12345678. */
static const struct lic_key key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };

struct fixture {
	unsigned int chips;
	uint32_t size;
	uint8_t *array; /* the flash file: array, model state in its last 4 KiB */
	struct at29_sim sim; /* clock, bus with power-cut hook, model, driver */
	struct layout_geometry g;
	struct layout_trust t; /* what layout_trust_read() returned last */
	uint32_t arm_sector; /* on_write: arm a cut in this sector at the first DER byte */
	uint32_t arm_bytes;
	uint32_t arm_der; /* bank offset of the target copy's DER */
	bool armed;
};

/* An expected list of anchors. */
struct list {
	unsigned int n;
	const uint8_t *d[LAYOUT_TRUST_MAX + 1];
	size_t l[LAYOUT_TRUST_MAX + 1];
};

/* Powers the bank up (again) over the same file and probes it; no power cut is armed. */
static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_start(&fx->sim, fx->chips, fx->array,
					fx->array + LAYOUT_PSTATE_OFF(fx->chips),
					AT29_MODEL_TIMING_FAST),
			 0);
}

/* A bank of @chips erased chips, formatted for SERIAL with the full key unless @fill is 0. */
static struct fixture *fixture_new(unsigned int chips, uint8_t fill)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->chips = chips;
	fx->size = chips * AT29_CHIP_SIZE;
	fx->array = malloc(fx->size);
	assert_non_null(fx->array);
	memset(fx->array, fill, fx->size);
	memset(fx->array + LAYOUT_PSTATE_OFF(chips), 0, LAYOUT_PSTATE_SIZE);
	assert_int_equal(layout_geometry(chips, &fx->g), 0);
	at29_sim_init(&fx->sim, true);
	fx->sim.ns = 1000000;
	power_up(fx);
	if (fill)
		assert_int_equal(layout_format(&fx->sim.f, SERIAL, &key_all), 0);
	return fx;
}

static int setup1(void **state)
{
	*state = fixture_new(1, 0xFF);
	return 0;
}

static int setup16(void **state)
{
	*state = fixture_new(16, 0xFF);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx) {
		free(fx->array);
		free(fx);
	}
	return 0;
}

/* @len pseudo-random bytes that start like a DER SEQUENCE (the layout does not look). */
static uint8_t *make_der(size_t len, uint32_t seed)
{
	uint8_t *d = malloc(len ? len : 1);
	size_t i;

	assert_non_null(d);
	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		d[i] = (uint8_t)seed;
	}
	if (len)
		d[0] = 0x30;
	return d;
}

/* Appends an anchor to an expected list. */
static void list_add(struct list *l, const uint8_t *d, size_t len)
{
	l->d[l->n] = d;
	l->l[l->n++] = len;
}

/* Whether fx->t (just read) holds exactly the anchors of @want, in order. */
static bool read_is(const struct fixture *fx, const struct list *want)
{
	uint32_t off = 0;
	unsigned int i;

	if (fx->t.count != want->n)
		return false;
	for (i = 0; i < want->n; i++) {
		if (fx->t.len[i] != want->l[i] || fx->t.off[i] != off ||
		    memcmp(fx->t.der + off, want->d[i], want->l[i]))
			return false;
		off += fx->t.len[i];
	}
	return fx->t.total == off;
}

/* Asserts that the flash holds exactly the list @want. */
static void list_is(struct fixture *fx, const struct list *want)
{
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_true(read_is(fx, want));
}

/* Adds anchor @d to the flash and to @l. */
static void add_ok(struct fixture *fx, struct list *l, const uint8_t *d, size_t len)
{
	assert_int_equal(layout_trust_add(&fx->sim.f, d, len), 0);
	list_add(l, d, len);
	list_is(fx, l);
}

/*
 * Copy @copy as the array holds it, checked byte for byte against layout.h: the record with
 * @seq and the lengths of @l, its hashes, FF after it; then the list's DER from the next sector.
 */
static void check_copy_bytes(struct fixture *fx, unsigned int copy, uint32_t seq,
			     const struct list *l)
{
	const uint8_t *r = fx->array + COPY_OFF(copy);
	const uint8_t *d = fx->array + DER_OFF(copy);
	uint8_t sum[32];
	uint32_t total = 0;
	unsigned int i;

	assert_memory_equal(r, "PIXTRUST", 8);
	assert_int_equal(img_le32_get(r + 0x08), 1);
	assert_int_equal(img_le32_get(r + 0x0c), seq);
	assert_int_equal(img_le32_get(r + 0x10), l->n);
	for (i = 0; i < LAYOUT_TRUST_MAX; i++) {
		assert_int_equal(img_le32_get(r + 0x18 + 4 * i), i < l->n ? l->l[i] : 0);
		if (i < l->n) {
			assert_memory_equal(d + total, l->d[i], l->l[i]);
			total += (uint32_t)l->l[i];
		}
	}
	assert_int_equal(img_le32_get(r + 0x14), total);
	mbedtls_sha256_ret(d, total, sum, 0);
	assert_memory_equal(r + 0x38, sum, 32);
	for (i = 0x58; i < 0x60; i++)
		assert_int_equal(r[i], 0);
	mbedtls_sha256_ret(r, 0x60, sum, 0);
	assert_memory_equal(r + 0x60, sum, 32);
	for (i = 0x80; i < AT29_SECTOR_SIZE; i++)
		assert_int_equal(r[i], 0xFF);
}

/* Asserts that nothing outside the two trust copies and the model's state differs from @before. */
static void only_trust_changed(struct fixture *fx, const uint8_t *before)
{
	assert_memory_equal(fx->array, before, LAYOUT_TRUST_OFF);
	assert_memory_equal(fx->array + TRUST_END, before + TRUST_END,
			    fx->g.pstate_off - TRUST_END);
}

/* ---- none, unformatted ------------------------------------------------------------------------- */

static void test_none(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.count, 0);
	assert_int_equal(fx->t.total, 0);
	assert_int_equal(fx->t.seq, 0);
	assert_int_equal(fx->t.current, -1);
	assert_int_equal(fx->t.copy[0], LAYOUT_TRUST_EMPTY);
	assert_int_equal(fx->t.copy[1], LAYOUT_TRUST_EMPTY);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), -ENOENT);
}

/* A bank never formatted: nothing is read or written past the identity. */
static void test_unformatted(void **state)
{
	struct fixture *fx = fixture_new(1, 0x00);
	uint8_t *d = make_der(500, 1);
	uint8_t *before = malloc(fx->size);

	*state = fx;
	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_trust_add(&fx->sim.f, d, 500), -LAYOUT_ENOIDENT);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), -LAYOUT_ENOIDENT);
	assert_memory_equal(fx->array, before, fx->g.pstate_off);
	free(d);
	free(before);
}

/* ---- add, remove, read back -------------------------------------------------------------------- */

/* Anchors go to A, B, A...: each change writes the copy that is not current, seq one higher. */
static void test_add_read(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 }, prev;
	static const size_t lens[3] = { 812, 1, 1500 };
	uint8_t *d[3] = { make_der(lens[0], 2), make_der(lens[1], 3), make_der(lens[2], 4) };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		prev = l;
		add_ok(fx, &l, d[i], lens[i]);
		assert_int_equal(fx->t.seq, i + 1);
		assert_int_equal(fx->t.current, (int)(i % 2));
		assert_int_equal(fx->t.copy[i % 2], LAYOUT_TRUST_VALID);
		check_copy_bytes(fx, i % 2, i + 1, &l);
		/* the other copy still holds the list before (none before the first add) */
		if (i)
			check_copy_bytes(fx, 1 - i % 2, i, &prev);
		else
			assert_int_equal(fx->t.copy[1], LAYOUT_TRUST_EMPTY);
	}
	assert_int_equal(fx->t.off[2], 813);
	assert_int_equal(fx->t.total, 2313);
	/* everything survives a power cycle */
	power_up(fx);
	list_is(fx, &l);
	for (i = 0; i < 3; i++)
		free(d[i]);
}

static void test_remove(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 }, want = { 0 };
	uint8_t *d[4] = { make_der(300, 5), make_der(400, 6), make_der(500, 7), make_der(600, 8) };
	unsigned int i;

	for (i = 0; i < 4; i++)
		add_ok(fx, &l, d[i], 300 + 100 * i);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 4), -ENOENT);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0xFFFFFFFFu), -ENOENT);
	/* the middle one: the rest move up */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 1), 0);
	list_add(&want, d[0], 300);
	list_add(&want, d[2], 500);
	list_add(&want, d[3], 600);
	list_is(fx, &want);
	assert_int_equal(fx->t.seq, 5);
	check_copy_bytes(fx, (unsigned int)fx->t.current, 5, &want);
	/* the last, then the first */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 2), 0);
	want.n = 2;
	list_is(fx, &want);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	want = (struct list){ 0 };
	list_add(&want, d[2], 500);
	list_is(fx, &want);
	/* the only one: an empty list, with a valid record of its own */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	want.n = 0;
	list_is(fx, &want);
	assert_int_equal(fx->t.seq, 8);
	assert_int_equal(fx->t.copy[fx->t.current], LAYOUT_TRUST_VALID);
	check_copy_bytes(fx, (unsigned int)fx->t.current, 8, &want);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), -ENOENT);
	/* and it fills again */
	add_ok(fx, &want, d[1], 400);
	assert_int_equal(fx->t.seq, 9);
	for (i = 0; i < 4; i++)
		free(d[i]);
}

/* A refusal writes nothing. */
static void refused_add(struct fixture *fx, const uint8_t *d, size_t len, int want)
{
	uint8_t *before = malloc(fx->size);
	uint64_t writes = fx->sim.writes;

	memcpy(before, fx->array, fx->size);
	assert_int_equal(layout_trust_add(&fx->sim.f, d, len), want);
	assert_int_equal(fx->sim.writes, writes);
	assert_memory_equal(fx->array, before, fx->size);
	free(before);
}

static void test_duplicates(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 };
	uint8_t *a = make_der(700, 9), *b = make_der(700, 10), *c = malloc(700);

	add_ok(fx, &l, a, 700);
	add_ok(fx, &l, b, 700); /* same length, other bytes */
	memcpy(c, b, 700);
	refused_add(fx, c, 700, -EEXIST);
	refused_add(fx, a, 700, -EEXIST);
	c[699] ^= 1; /* the last byte differs: another anchor */
	add_ok(fx, &l, c, 700);
	add_ok(fx, &l, a, 699); /* a prefix of one is another anchor */
	refused_add(fx, c, 700, -EEXIST);
	/* a removed anchor can come back */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	assert_int_equal(layout_trust_add(&fx->sim.f, a, 700), 0);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.count, 4);
	assert_memory_equal(fx->t.der + fx->t.off[3], a, 700);
	free(a);
	free(b);
	free(c);
}

static void test_full(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 };
	uint8_t *d[LAYOUT_TRUST_MAX + 1];
	unsigned int i;

	for (i = 0; i <= LAYOUT_TRUST_MAX; i++)
		d[i] = make_der(100 + i, 20 + i);
	for (i = 0; i < LAYOUT_TRUST_MAX; i++)
		add_ok(fx, &l, d[i], 100 + i);
	refused_add(fx, d[LAYOUT_TRUST_MAX], 100 + LAYOUT_TRUST_MAX, -ENOSPC);
	refused_add(fx, d[3], 103, -EEXIST); /* a duplicate says so even when full */
	refused_add(fx, d[0], 0, -EINVAL);
	refused_add(fx, NULL, 10, -EINVAL);
	/* one out, one in */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 7), 0);
	l.n--;
	add_ok(fx, &l, d[LAYOUT_TRUST_MAX], 100 + LAYOUT_TRUST_MAX);
	for (i = 0; i <= LAYOUT_TRUST_MAX; i++)
		free(d[i]);
}

/* The largest anchor that fits: all LAYOUT_TRUST_BYTES alone, or what the others leave. */
static void test_largest(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 };
	uint8_t *big = make_der(LAYOUT_TRUST_BYTES + 1, 30);
	uint8_t *small = make_der(1000, 31);

	refused_add(fx, big, LAYOUT_TRUST_BYTES + 1, -ENOSPC);
	add_ok(fx, &l, big, LAYOUT_TRUST_BYTES);
	check_copy_bytes(fx, 0, 1, &l);
	refused_add(fx, small, 1, -ENOSPC);
	power_up(fx);
	list_is(fx, &l);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	l.n = 0;
	add_ok(fx, &l, small, 1000);
	refused_add(fx, big + 1, LAYOUT_TRUST_BYTES - 999, -ENOSPC);
	add_ok(fx, &l, big + 1, LAYOUT_TRUST_BYTES - 1000);
	assert_int_equal(fx->t.total, LAYOUT_TRUST_BYTES);
	check_copy_bytes(fx, (unsigned int)fx->t.current, 4, &l);
	free(big);
	free(small);
}

/* Anchors change nothing else, and the rest of the layout does not disturb them. */
static void test_only_trust_written(void **state)
{
	struct fixture *fx = *state;
	const struct img_version v = { 6, 3, 5 };
	struct layout_boot_status st;
	struct list l = { 0 };
	uint8_t *d = make_der(2000, 40), *e = make_der(3000, 41);
	uint8_t *before = malloc(fx->size);
	struct lic_key k;

	assert_int_equal(layout_write_config(&fx->sim.f, &v, "hostname pix\n", 13), 0);
	memcpy(before, fx->array, fx->size);
	add_ok(fx, &l, d, 2000);
	add_ok(fx, &l, e, 3000);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	only_trust_changed(fx, before);
	assert_int_equal(layout_read_key(&fx->sim.f, &k), 0);
	assert_true(lic_key_equal(&k, &key_all));
	assert_int_equal(layout_boot_check(&fx->sim.f, LIC_DEV_VENDOR_KEY, &st), -LAYOUT_ENOIMAGE);
	assert_int_equal(st.config_err, 0);
	assert_int_equal(st.key_err, 0);
	/* a new key and configuration leave the anchors as they are */
	assert_int_equal(layout_write_config(&fx->sim.f, &v, "hostname fw\n", 12), 0);
	assert_int_equal(layout_write_key(&fx->sim.f, &key_all), 0);
	l = (struct list){ 0 };
	list_add(&l, e, 3000);
	list_is(fx, &l);
	/* formatting the unit again clears them */
	assert_int_equal(layout_format(&fx->sim.f, SERIAL, NULL), 0);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.count, 0);
	assert_int_equal(fx->t.current, -1);
	free(d);
	free(e);
	free(before);
}

/* ---- damage: torn and corrupt copies ----------------------------------------------------------- */

/* Reseals copy @copy's record after a test changed its fields (a forged but whole record). */
static void reseal(struct fixture *fx, unsigned int copy)
{
	uint8_t *r = fx->array + COPY_OFF(copy);

	mbedtls_sha256_ret(r, 0x60, r + 0x60, 0);
}

static void test_damaged(void **state)
{
	struct fixture *fx = *state;
	struct list one = { 0 }, two;
	uint8_t *a = make_der(900, 50), *b = make_der(600, 51);
	uint8_t *snap = malloc(fx->size);
	unsigned int i;

	add_ok(fx, &one, a, 900); /* copy A, seq 1 */
	two = one;
	add_ok(fx, &two, b, 600); /* copy B, seq 2 */
	memcpy(snap, fx->array, fx->size);

	/* B's record torn (the chip programmed its first bytes and left the rest FF): A */
	for (i = 1; i < sizeof(struct layout_trust_rec); i += 13) {
		memcpy(fx->array, snap, fx->size);
		memset(fx->array + COPY_OFF(1) + i, 0xFF, AT29_SECTOR_SIZE - i);
		list_is(fx, &one);
		assert_int_equal(fx->t.current, 0);
		assert_int_equal(fx->t.copy[1], LAYOUT_TRUST_CORRUPT);
	}
	/* a byte of B's DER or record flipped: A */
	for (i = 0; i < 1500 + 128; i += 97) {
		memcpy(fx->array, snap, fx->size);
		if (i < 1500)
			fx->array[DER_OFF(1) + i] ^= 0x20;
		else
			fx->array[COPY_OFF(1) + i - 1500] ^= 0x01;
		list_is(fx, &one);
		assert_int_equal(fx->t.copy[1], LAYOUT_TRUST_CORRUPT);
	}
	/* bytes past the list's DER are not part of it */
	memcpy(fx->array, snap, fx->size);
	fx->array[DER_OFF(1) + 1500] ^= 0x20;
	list_is(fx, &two);
	/* both damaged: no anchors (and HTTPS refused), each copy says so */
	memcpy(fx->array, snap, fx->size);
	fx->array[DER_OFF(0) + 5] ^= 0x20;
	fx->array[COPY_OFF(1) + 0x0c] ^= 0x01;
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.count, 0);
	assert_int_equal(fx->t.current, -1);
	assert_int_equal(fx->t.copy[0], LAYOUT_TRUST_CORRUPT);
	assert_int_equal(fx->t.copy[1], LAYOUT_TRUST_CORRUPT);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), -ENOENT);
	/* a new list starts over in A */
	one.n = 0;
	add_ok(fx, &one, b, 600);
	assert_int_equal(fx->t.current, 0);
	assert_int_equal(fx->t.seq, 1);
	/* a damaged A that was current: B's older list */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	assert_int_equal(layout_trust_add(&fx->sim.f, b + 1, 599), 0); /* A, seq 3 */
	fx->array[DER_OFF(0) + 1000] ^= 0x80;
	list_is(fx, &two);
	assert_int_equal(fx->t.current, 1);
	/* the next change goes where the current list is not, with a seq above it */
	assert_int_equal(layout_trust_remove(&fx->sim.f, 1), 0);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.current, 0);
	assert_int_equal(fx->t.seq, 3);
	free(a);
	free(b);
	free(snap);
}

/* The newer seq wins, whichever copy it is in; equal ones take A. */
static void test_seq(void **state)
{
	struct fixture *fx = *state;
	struct list one = { 0 }, two;
	uint8_t *a = make_der(400, 60), *b = make_der(500, 61);

	add_ok(fx, &one, a, 400);
	two = one;
	add_ok(fx, &two, b, 500);
	img_le32_put(fx->array + COPY_OFF(0) + 0x0c, 7);
	reseal(fx, 0);
	list_is(fx, &one);
	assert_int_equal(fx->t.seq, 7);
	assert_int_equal(fx->t.current, 0);
	img_le32_put(fx->array + COPY_OFF(1) + 0x0c, 7);
	reseal(fx, 1);
	list_is(fx, &one);
	assert_int_equal(layout_trust_add(&fx->sim.f, b + 1, 499), 0);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	assert_int_equal(fx->t.current, 1);
	assert_int_equal(fx->t.seq, 8);
	free(a);
	free(b);
}

/*
 * Seqs are serial numbers: the copies' seqs differ by one, so a count at 0xFFFFFFFF (four
 * billion changes, or a flash file that says so) goes on to 0, 1... and each change still
 * becomes the current list.
 */
static void test_seq_wraps(void **state)
{
	struct fixture *fx = *state;
	struct list l = { 0 }, prev;
	uint8_t *d = make_der(300, 62);
	unsigned int i;

	add_ok(fx, &l, d, 300); /* A */
	prev = l;
	add_ok(fx, &l, d + 1, 299); /* B */
	img_le32_put(fx->array + COPY_OFF(0) + 0x0c, 0xFFFFFFFEu);
	reseal(fx, 0);
	img_le32_put(fx->array + COPY_OFF(1) + 0x0c, 0xFFFFFFFFu);
	reseal(fx, 1);
	list_is(fx, &l);
	assert_int_equal(fx->t.seq, 0xFFFFFFFFu);
	for (i = 0; i < 4; i++) {
		prev = l;
		add_ok(fx, &l, d + 2 + i, 298 - i);
		assert_int_equal(fx->t.seq, i);
		assert_int_equal(fx->t.current, (int)(i % 2));
		check_copy_bytes(fx, i % 2, i, &l);
		check_copy_bytes(fx, 1 - i % 2, i - 1, &prev);
	}
	/* with the other copy torn, the one left is current whatever its seq */
	memset(fx->array + COPY_OFF(1) + 20, 0xFF, AT29_SECTOR_SIZE - 20);
	list_is(fx, &prev);
	assert_int_equal(fx->t.seq, 2);
	free(d);
}

/* Forges copy A's record: sealed with the given fields. */
static void forge(uint8_t *r, uint32_t count, uint32_t total, const uint32_t *len)
{
	unsigned int i;

	memset(r, 0xFF, AT29_SECTOR_SIZE);
	memset(r, 0, 0x80);
	memcpy(r, "PIXTRUST", 8);
	img_le32_put(r + 0x08, 1);
	img_le32_put(r + 0x0c, 1);
	img_le32_put(r + 0x10, count);
	img_le32_put(r + 0x14, total);
	for (i = 0; i < LAYOUT_TRUST_MAX; i++)
		img_le32_put(r + 0x18 + 4 * i, len[i]);
	mbedtls_sha256_ret(r, 0x60, r + 0x60, 0);
}

/* The record parser on buffers: everything it refuses, and what it decodes. */
static void test_parse(void **state)
{
	uint8_t r[AT29_SECTOR_SIZE];
	struct layout_trust_rec rec;
	uint32_t len[LAYOUT_TRUST_MAX] = { 10, 20, 30 };

	(void)state;
	memset(r, 0xFF, sizeof(r));
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), &rec), -LAYOUT_EEMPTY);
	assert_int_equal(layout_parse_trust_record(r, 127, &rec), -LAYOUT_ECORRUPT);
	forge(r, 3, 60, len);
	assert_int_equal(layout_parse_trust_record(r, 128, &rec), 0);
	assert_int_equal(rec.count, 3);
	assert_int_equal(rec.total, 60);
	assert_int_equal(rec.seq, 1);
	assert_int_equal(rec.len[2], 30);
	assert_int_equal(rec.len[3], 0);
	assert_int_equal(layout_parse_trust_record(r, 127, NULL), -LAYOUT_ECORRUPT);
	r[0x40] ^= 1; /* the list hash is covered */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 3, 61, len); /* lengths do not add up */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 2, 60, len); /* an unused entry not 0 */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 4, 60, len); /* an anchor of 0 bytes */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 9, 60, len); /* more than LAYOUT_TRUST_MAX */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	len[0] = LAYOUT_TRUST_BYTES - 49; /* a total past the area */
	forge(r, 3, LAYOUT_TRUST_BYTES + 1, len);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	len[0] = LAYOUT_TRUST_BYTES - 50; /* exactly full */
	forge(r, 3, LAYOUT_TRUST_BYTES, len);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), 0);
	len[1] = 0xFFFFFFF0u; /* a sum that wraps */
	len[2] = 0x10u + 50;
	forge(r, 3, LAYOUT_TRUST_BYTES, len);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	len[0] = 10;
	len[1] = 20;
	len[2] = 30;
	forge(r, 0, 0, (uint32_t[LAYOUT_TRUST_MAX]){ 0 }); /* an empty list is a list */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), &rec), 0);
	assert_int_equal(rec.count, 0);
	forge(r, 3, 60, len);
	r[0x58] = 1; /* reserved */
	mbedtls_sha256_ret(r, 0x60, r + 0x60, 0);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 3, 60, len);
	img_le32_put(r + 0x08, 2); /* version */
	mbedtls_sha256_ret(r, 0x60, r + 0x60, 0);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	forge(r, 3, 60, len);
	r[0] = 'X'; /* magic */
	mbedtls_sha256_ret(r, 0x60, r + 0x60, 0);
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
	memset(r, 0, sizeof(r)); /* a zero-filled bank */
	assert_int_equal(layout_parse_trust_record(r, sizeof(r), NULL), -LAYOUT_ECORRUPT);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(layout_trust_strerror(-EEXIST), "already a trust anchor");
	assert_string_equal(layout_trust_strerror(-ENOENT), "no such trust anchor");
	assert_string_equal(layout_trust_strerror(-ENOSPC), "no room among the trust anchors (at "
							    "most 8, 16128 bytes of DER in all)");
	assert_string_equal(layout_trust_strerror(-EINVAL), "an empty certificate");
	assert_string_equal(layout_trust_strerror(-LAYOUT_ENOIDENT),
			    layout_strerror(-LAYOUT_ENOIDENT));
	assert_string_equal(layout_trust_strerror(-EIO), "flash write failed");
}

/* ---- power cuts -------------------------------------------------------------------------------- */

/* A change to cut: add @der, or remove @index. */
struct change {
	const uint8_t *der; /* NULL: a remove */
	size_t len;
	unsigned int index;
};

static int change_run(struct fixture *fx, const struct change *c)
{
	return c->der ? layout_trust_add(&fx->sim.f, c->der, c->len) :
			layout_trust_remove(&fx->sim.f, c->index);
}

enum outcome { GOT_OLD, GOT_NEW };

/* After a cut: power up; only the trust copies changed, and the list is @old or @new. */
static enum outcome after_cut(struct fixture *fx, const uint8_t *snap, const struct list *old,
			      const struct list *new)
{
	power_up(fx);
	only_trust_changed(fx, snap);
	assert_int_equal(layout_trust_read(&fx->sim.f, &fx->t), 0);
	if (read_is(fx, old))
		return GOT_OLD;
	if (read_is(fx, new))
		return GOT_NEW;
	fail_msg("a list that is neither the old one nor the new one (%u anchors)", fx->t.count);
	return GOT_OLD;
}

/*
 * Cuts change @c right after every single bus write it makes, from the flash @snap: each
 * outcome is the old list or the new one, the old never comes back after the new one was
 * seen, and the change then goes through.
 */
static void cut_every_write(struct fixture *fx, const uint8_t *snap, const struct change *c,
			    const struct list *old, const struct list *new)
{
	unsigned int got[2] = { 0, 0 };
	enum outcome o, last = GOT_OLD;
	uint64_t n, w0, total;

	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	w0 = fx->sim.writes;
	assert_int_equal(change_run(fx, c), 0);
	total = fx->sim.writes - w0;
	assert_true(total >= 2 * AT29_SECTOR_SIZE);
	for (n = 1; n <= total; n++) {
		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->sim.cut_at = fx->sim.writes + n;
		assert_int_not_equal(change_run(fx, c), 0);
		o = after_cut(fx, snap, old, new);
		if (o == GOT_OLD && last == GOT_NEW)
			fail_msg("cut after write %llu: the old list came back",
				 (unsigned long long)n);
		last = o;
		got[o]++;
	}
	print_message("%s cut after each of %llu bus writes: %u old, %u new\n",
		      c->der ? "add" : "remove", (unsigned long long)total, got[GOT_OLD],
		      got[GOT_NEW]);
	/* a cut right after a write falls in a load window, not in the record's program cycle */
	assert_int_equal(got[GOT_OLD], total);
	/* after a cut in the middle, the change goes through */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	fx->sim.cut_at = fx->sim.writes + total / 2;
	assert_int_not_equal(change_run(fx, c), 0);
	power_up(fx);
	assert_int_equal(change_run(fx, c), 0);
	list_is(fx, new);
}

/* Two anchors, then a third added: B holds [a, b] (seq 2), A the older [a]. */
static void two_anchors(struct fixture *fx, struct list *l, uint8_t *a, uint8_t *b)
{
	add_ok(fx, l, a, 700);
	add_ok(fx, l, b, 500);
}

static void test_power_cut_add(void **state)
{
	struct fixture *fx = *state;
	struct list old = { 0 }, new;
	uint8_t *a = make_der(700, 70), *b = make_der(500, 71), *c = make_der(900, 72);
	uint8_t *snap = malloc(fx->size);
	struct change ch = { c, 900, 0 };

	/* the first anchor, into an empty flash */
	memcpy(snap, fx->array, fx->size);
	new = old;
	list_add(&new, c, 900);
	cut_every_write(fx, snap, &ch, &old, &new);
	/* a third over a copy that holds an older list */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	two_anchors(fx, &old, a, b);
	memcpy(snap, fx->array, fx->size);
	new = old;
	list_add(&new, c, 900);
	cut_every_write(fx, snap, &ch, &old, &new);
	free(a);
	free(b);
	free(c);
	free(snap);
}

static void test_power_cut_remove(void **state)
{
	struct fixture *fx = *state;
	struct list old = { 0 }, new = { 0 };
	uint8_t *a = make_der(700, 73), *b = make_der(500, 74), *c = make_der(900, 75);
	uint8_t *snap = malloc(fx->size);
	struct change ch = { NULL, 0, 1 };

	two_anchors(fx, &old, a, b);
	add_ok(fx, &old, c, 900);
	memcpy(snap, fx->array, fx->size);
	list_add(&new, a, 700);
	list_add(&new, c, 900);
	cut_every_write(fx, snap, &ch, &old, &new);
	/* down to none */
	memcpy(fx->array, snap, fx->size);
	power_up(fx);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	assert_int_equal(layout_trust_remove(&fx->sim.f, 0), 0);
	old = (struct list){ 0 };
	list_add(&old, c, 900);
	list_is(fx, &old);
	memcpy(snap, fx->array, fx->size);
	new = (struct list){ 0 };
	ch.index = 0;
	cut_every_write(fx, snap, &ch, &old, &new);
	free(a);
	free(b);
	free(c);
	free(snap);
}

/* on_write: when the first byte of the target's DER goes out, arm a cut in fx->arm_sector. */
static void arm_on_der(void *ctx, uint32_t off, uint8_t v)
{
	struct fixture *fx = ctx;

	(void)v;
	if (!fx->armed && off >= fx->arm_der && off < fx->arm_der + LAYOUT_TRUST_BYTES) {
		at29_model_fault_power_cut(&fx->sim.m, fx->arm_sector, fx->arm_bytes);
		fx->armed = true;
	}
}

/* What a record sector torn after @n bytes reads as: the record is 128 bytes, FF follows. */
static enum outcome torn(uint32_t n)
{
	return n < sizeof(struct layout_trust_rec) ? GOT_OLD : GOT_NEW;
}

/* What the scan says of a copy whose record sector was torn after @n bytes. */
static enum layout_trust_state torn_state(uint32_t n)
{
	if (!n)
		return LAYOUT_TRUST_EMPTY;
	return torn(n) == GOT_OLD ? LAYOUT_TRUST_CORRUPT : LAYOUT_TRUST_VALID;
}

/*
 * Power fails while a sector is being programmed (the model's cut: the first n bytes
 * programmed, the rest erased): in the erase of the target's record (old), in its DER sectors
 * (old), and in its record written last (the new list only when the record is whole).
 */
static void test_power_cut_mid_sector(void **state)
{
	struct fixture *fx = *state;
	struct list old = { 0 }, new;
	uint8_t *a = make_der(700, 76), *b = make_der(500, 77), *c = make_der(900, 78);
	uint8_t *snap = malloc(fx->size);
	const uint32_t rec_bytes[] = { 0, 1, 8, 16, 20, 24, 56, 88, 95, 96, 127, 128, 129, 256 };
	/* the new list's sectors 0-1 are [a]'s, already in A: the driver does not program them */
	const uint32_t der_sectors[] = { 2, 3, 5, 8 };
	const uint32_t rec_sector = COPY_OFF(0) / AT29_SECTOR_SIZE; /* the target: A */
	unsigned int i;

	two_anchors(fx, &old, a, b);
	memcpy(snap, fx->array, fx->size);
	new = old;
	list_add(&new, c, 900); /* 2100 bytes: 9 sectors */
	for (i = 0; i < sizeof(rec_bytes) / sizeof(rec_bytes[0]); i++) {
		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		at29_model_fault_power_cut(&fx->sim.m, rec_sector, rec_bytes[i]); /* the erase */
		assert_int_not_equal(layout_trust_add(&fx->sim.f, c, 900), 0);
		assert_int_equal(after_cut(fx, snap, &old, &new), GOT_OLD);
	}
	for (i = 0; i < sizeof(der_sectors) / sizeof(der_sectors[0]); i++) {
		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		at29_model_fault_power_cut(&fx->sim.m, rec_sector + 1 + der_sectors[i], 100);
		assert_int_not_equal(layout_trust_add(&fx->sim.f, c, 900), 0);
		assert_int_equal(after_cut(fx, snap, &old, &new), GOT_OLD);
	}
	fx->sim.on_write = arm_on_der;
	fx->sim.on_write_ctx = fx;
	fx->arm_sector = rec_sector;
	fx->arm_der = DER_OFF(0);
	for (i = 0; i < sizeof(rec_bytes) / sizeof(rec_bytes[0]); i++) {
		memcpy(fx->array, snap, fx->size);
		power_up(fx);
		fx->armed = false;
		fx->arm_bytes = rec_bytes[i];
		assert_int_not_equal(layout_trust_add(&fx->sim.f, c, 900), 0);
		assert_true(fx->armed);
		assert_int_equal(after_cut(fx, snap, &old, &new), torn(rec_bytes[i]));
		assert_int_equal(fx->t.copy[0], torn_state(rec_bytes[i]));
	}
	fx->sim.on_write = NULL;
	free(a);
	free(b);
	free(c);
	free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none, setup16, teardown),
		cmocka_unit_test_teardown(test_unformatted, teardown),
		cmocka_unit_test_setup_teardown(test_add_read, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_full, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_largest, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_only_trust_written, setup16, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_seq, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_seq_wraps, setup1, teardown),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test_setup_teardown(test_power_cut_add, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_remove, setup1, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_mid_sector, setup1, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
