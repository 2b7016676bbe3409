/*
 * Unit tests of lib/heap.c: allocation, merging, alignment, exhaustion, overflow, bad frees, a
 * random run against a model, and image signature verification (flash/pix_sig.c with mbedTLS's
 * bignum, ecp and ecdsa) with every allocation served by the firmware's heap (tests/unit/heap.mk
 * builds this test with calloc and free renamed heap_calloc and heap_free).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "flash/pix_image.h"
#include "flash/pix_sig.h"
#include "lib/heap.h"
#include "mbedtls/bignum.h"

#define HDR HEAP_ALIGN /* what a block spends on its header */
#define MIN_BLOCK (2 * HEAP_ALIGN) /* the smallest block: a header and the free list's link */
#define ROUND(n) (((n) + HEAP_ALIGN - 1) / HEAP_ALIGN * HEAP_ALIGN) /* a block's size */

static uint8_t arena[4096] __attribute__((aligned(64)));
static struct heap h;

static int setup(void **state)
{
	(void)state;
	memset(arena, 0xa5, sizeof(arena));
	return heap_init(&h, arena, sizeof(arena));
}

/* The whole arena in one allocation: only possible when every free block has been merged. */
static void assert_all_free(struct heap *hp)
{
	void *p;

	assert_int_equal(heap_check(hp), 0);
	assert_int_equal(hp->in_use, 0);
	p = heap_alloc(hp, 1, hp->size - HDR);
	assert_non_null(p);
	assert_ptr_equal(p, hp->base + HDR);
	heap_release(hp, p);
	assert_int_equal(hp->in_use, 0);
}

static void test_init(void **state)
{
	struct heap tiny;

	(void)state;
	assert_ptr_equal(h.base, arena);
	assert_int_equal(h.size, sizeof(arena));
	assert_int_equal(h.in_use, 0);
	assert_int_equal(heap_check(&h), 0);
	/* an unaligned buffer: the arena starts at the next aligned byte and loses the tail's rest */
	assert_int_equal(heap_init(&tiny, arena + 1, 1000), 0);
	assert_ptr_equal(tiny.base, arena + HEAP_ALIGN);
	assert_int_equal(tiny.size, (1000 - (HEAP_ALIGN - 1)) & ~(HEAP_ALIGN - 1));
	assert_all_free(&tiny);
	/* too small for one block: refused, and such a heap gives nothing */
	assert_int_equal(heap_init(&tiny, arena + 1, MIN_BLOCK), -EINVAL);
	assert_null(heap_alloc(&tiny, 1, 1));
	heap_release(&tiny, arena + 64);
	assert_int_equal(tiny.bad_frees, 1);
	assert_int_equal(heap_init(&tiny, arena, MIN_BLOCK), 0);
	assert_non_null(heap_alloc(&tiny, 1, HEAP_ALIGN));
	assert_null(heap_alloc(&tiny, 1, 0));
}

static void test_alloc_zeroed_and_accounted(void **state)
{
	uint8_t *p, *q;
	size_t i;

	(void)state;
	p = heap_alloc(&h, 10, 10);
	assert_non_null(p);
	for (i = 0; i < 100; i++)
		assert_int_equal(p[i], 0); /* the arena was 0xa5 */
	assert_int_equal(h.in_use, ROUND(100 + HDR));
	memset(p, 0xff, 100);
	heap_release(&h, p);
	assert_int_equal(h.in_use, 0);
	q = heap_alloc(&h, 100, 1); /* the same block again, zeroed again */
	assert_ptr_equal(q, p);
	for (i = 0; i < 100; i++)
		assert_int_equal(q[i], 0);
	/* 0 bytes: a block of its own, the smallest */
	p = heap_alloc(&h, 0, 8);
	assert_non_null(p);
	assert_ptr_not_equal(p, q);
	q = heap_alloc(&h, 8, 0);
	assert_non_null(q);
	assert_ptr_not_equal(q, p);
	assert_int_equal(h.in_use, 2 * MIN_BLOCK + ROUND(100 + HDR));
	assert_true(h.peak >= h.in_use);
	assert_int_equal(heap_check(&h), 0);
}

static void test_alignment(void **state)
{
	void *p[64];
	size_t n;

	(void)state;
	for (n = 0; n < 64; n++) {
		p[n] = heap_alloc(&h, 1, n);
		assert_non_null(p[n]);
		assert_int_equal((uintptr_t)p[n] % HEAP_ALIGN, 0);
	}
	for (n = 0; n < 64; n += 2)
		heap_release(&h, p[n]);
	for (n = 0; n < 64; n += 2) {
		p[n] = heap_alloc(&h, 3, n);
		assert_int_equal((uintptr_t)p[n] % HEAP_ALIGN, 0);
	}
	assert_int_equal(heap_check(&h), 0);
	for (n = 0; n < 64; n++)
		heap_release(&h, p[n]);
	assert_all_free(&h);
}

/* Three neighbours freed in each of the six orders: always one free block at the end. */
static void test_merge_neighbours(void **state)
{
	static const int order[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
					 { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	uint8_t *p[3], *big;
	int o, i;

	(void)state;
	for (o = 0; o < 6; o++) {
		for (i = 0; i < 3; i++)
			p[i] = heap_alloc(&h, 1, 200);
		assert_ptr_equal(p[1], p[0] + ROUND(200 + HDR));
		for (i = 0; i < 3; i++) {
			heap_release(&h, p[order[o][i]]);
			assert_int_equal(heap_check(&h), 0);
		}
		assert_all_free(&h);
	}
	/* a freed hole between two used blocks is reused first, and merged on both sides */
	for (i = 0; i < 3; i++)
		p[i] = heap_alloc(&h, 1, 64);
	heap_release(&h, p[1]);
	assert_ptr_equal(heap_alloc(&h, 1, 64), p[1]);
	heap_release(&h, p[0]);
	heap_release(&h, p[2]);
	assert_int_equal(heap_check(&h), 0);
	heap_release(&h, p[1]);
	/* p[0] .. the end is one free block: an allocation of all of it fits at p[0] */
	big = heap_alloc(&h, 1, h.size - HDR);
	assert_ptr_equal(big, p[0]);
	heap_release(&h, big);
	assert_all_free(&h);
}

static void test_exhaustion(void **state)
{
	void *p[4096 / MIN_BLOCK];
	size_t n = 0, i;

	(void)state;
	while ((p[n] = heap_alloc(&h, 1, 40)) != NULL)
		n++;
	assert_int_equal(h.failed, 1);
	assert_true(n >= sizeof(arena) / (40 + HDR + HEAP_ALIGN) && n < sizeof(arena) / 40);
	assert_true(h.size - h.in_use < 40 + HDR);
	assert_int_equal(h.peak, h.in_use);
	/* freeing one block makes room for one again */
	heap_release(&h, p[n / 2]);
	p[n / 2] = heap_alloc(&h, 1, 40);
	assert_non_null(p[n / 2]);
	/* larger than the arena, or than what is free */
	assert_null(heap_alloc(&h, 1, sizeof(arena) + 1));
	assert_null(heap_alloc(&h, 1, 100));
	for (i = 0; i < n; i++)
		heap_release(&h, p[i]);
	assert_null(heap_alloc(&h, 1, h.size)); /* the header does not fit beside it */
	assert_all_free(&h);
	assert_int_equal(h.bad_frees, 0);
}

static void test_overflow(void **state)
{
	(void)state;
	assert_null(heap_alloc(&h, SIZE_MAX, SIZE_MAX));
	assert_null(heap_alloc(&h, SIZE_MAX / 2 + 1, 2));
	assert_null(heap_alloc(&h, 2, SIZE_MAX / 2 + 1));
	assert_null(heap_alloc(&h, (SIZE_MAX >> (4 * sizeof(size_t))) + 2,
			       (SIZE_MAX >> (4 * sizeof(size_t))) + 2));
	/* the product fits, the header beside it would wrap */
	assert_null(heap_alloc(&h, 1, SIZE_MAX));
	assert_null(heap_alloc(&h, 1, SIZE_MAX - HDR + 1));
	assert_int_equal(h.failed, 6);
	assert_int_equal(h.in_use, 0);
	assert_all_free(&h);
}

static void test_bad_frees(void **state)
{
	uint8_t *a, *b, *c, *other;
	uint8_t outside[64];
	size_t in_use;
	struct heap h2;
	uint8_t arena2[256] __attribute__((aligned(16)));

	(void)state;
	heap_release(&h, NULL); /* a no-op, not a bad free */
	assert_int_equal(h.bad_frees, 0);
	a = heap_alloc(&h, 1, 64);
	b = heap_alloc(&h, 1, 64);
	c = heap_alloc(&h, 1, 64);
	in_use = h.in_use;
	/* pointers that were never handed out */
	heap_release(&h, outside + 16);
	heap_release(&h, a + 1);
	heap_release(&h, a + HEAP_ALIGN); /* aligned, inside a block: no header there */
	heap_release(&h, arena); /* the arena's first header itself */
	heap_release(&h, arena + sizeof(arena));
	assert_int_equal(heap_init(&h2, arena2, sizeof(arena2)), 0);
	other = heap_alloc(&h2, 1, 16);
	heap_release(&h, other); /* another heap's block */
	assert_int_equal(h.bad_frees, 6);
	assert_int_equal(h.in_use, in_use);
	assert_int_equal(heap_check(&h), 0);
	/* a double free */
	heap_release(&h, b);
	heap_release(&h, b);
	assert_int_equal(h.bad_frees, 7);
	/* a double free of a block merged into its free neighbour (its header cleared) */
	heap_release(&h, a);
	assert_int_equal(heap_check(&h), 0);
	heap_release(&h, b);
	heap_release(&h, a);
	assert_int_equal(h.bad_frees, 9);
	/* and when the stale header is restored by a caller's old copy: it lies inside a free
	 * block, which a free never overlaps */
	memcpy(b - HDR, c - HDR, HDR); /* "in use" magic, a plausible size */
	heap_release(&h, b);
	assert_int_equal(h.bad_frees, 10);
	assert_int_equal(heap_check(&h), 0);
	heap_release(&h, c);
	assert_all_free(&h);
	assert_int_equal(heap_check(&h2), 0);
}

/* ---- a random run against a model ----------------------------------------------------------- */

#define STRESS_STEPS 200000
#define STRESS_SLOTS 48

struct live {
	uint8_t *p;
	size_t len;
	uint8_t fill;
};

/* xorshift32: reproducible */
static uint32_t stress_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* @p..@len is zero (fresh), inside the arena, and overlaps no live allocation but @self. */
static void stress_check_new(const struct live *slot, int self, const uint8_t *p, size_t len)
{
	size_t i;
	int k;

	assert_int_equal((uintptr_t)p % HEAP_ALIGN, 0);
	assert_true(p >= h.base + HDR && p + len <= h.base + h.size);
	for (i = 0; i < len; i++)
		assert_int_equal(p[i], 0);
	for (k = 0; k < STRESS_SLOTS; k++)
		if (k != self && slot[k].p)
			assert_true(p + len <= slot[k].p - HDR ||
				    slot[k].p + slot[k].len <= p - HDR);
}

static void stress_release(struct live *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		assert_int_equal(l->p[i], l->fill); /* nobody wrote into it */
	heap_release(&h, l->p);
	l->p = NULL;
}

static void test_random_against_model(void **state)
{
	struct live slot[STRESS_SLOTS];
	uint32_t x = 0x48454150; /* "HEAP" */
	unsigned int refused = 0;
	int step, k;

	(void)state;
	memset(slot, 0, sizeof(slot));
	for (step = 0; step < STRESS_STEPS; step++) {
		k = (int)(stress_rand(&x) % STRESS_SLOTS);
		if (slot[k].p) {
			stress_release(&slot[k]);
		} else {
			/* mostly small, sometimes large: the arena fills and fragments */
			size_t len = stress_rand(&x) % (stress_rand(&x) % 8 ? 96 : 700);

			slot[k].p = heap_alloc(&h, 1, len);
			if (!slot[k].p) {
				refused++;
				continue;
			}
			slot[k].len = len;
			slot[k].fill = (uint8_t)(step | 1);
			stress_check_new(slot, k, slot[k].p, len);
			memset(slot[k].p, slot[k].fill, len);
		}
		if (step % 64 == 0)
			assert_int_equal(heap_check(&h), 0);
	}
	assert_true(refused > 0); /* the run did reach exhaustion */
	assert_int_equal(h.failed, refused);
	for (k = 0; k < STRESS_SLOTS; k++)
		if (slot[k].p)
			stress_release(&slot[k]);
	assert_int_equal(h.bad_frees, 0);
	assert_all_free(&h);
}

/* ---- signature verification on the firmware's heap ------------------------------------------ */

#define SIG_PAYLOAD 200

/*
 * A P-256 key and its signature of the image sig_image() makes, made with openssl (ecparam
 * -genkey, pkeyutl -sign of the digest sig_digest() gives): a known answer, no signing here, so
 * every allocation this test sees is the verifier's.
 */
static const struct sig_anchor sig_key = { {
	0x04, 0x5c, 0x3f, 0xc3, 0x24, 0x4f, 0x0f, 0xae, 0x62, 0x8b, 0xb1, 0x1b, 0x79,
	0x02, 0xcf, 0x16, 0x6d, 0x29, 0x22, 0x0c, 0xbc, 0x8f, 0x8f, 0x5f, 0x87, 0xea,
	0x4a, 0xeb, 0xab, 0xd7, 0xdf, 0x0a, 0x65, 0xe7, 0xb5, 0x0f, 0x73, 0x5f, 0x5f,
	0xe8, 0x47, 0x25, 0xc5, 0x18, 0x4a, 0x2f, 0x6e, 0x93, 0x51, 0x21, 0xd0, 0xc6,
	0x58, 0x4c, 0x09, 0x1c, 0x2c, 0x60, 0xb7, 0xd8, 0xb2, 0xdc, 0x85, 0x2c, 0xd5,
} };
static const uint8_t sig_r[IMG_SIG_SCALAR_LEN] = {
	0xa1, 0x97, 0x04, 0xcf, 0x61, 0x46, 0x5d, 0x50, 0x59, 0x73, 0xed,
	0x60, 0x1c, 0x5e, 0x94, 0x74, 0x4c, 0x77, 0xf4, 0x6e, 0xd0, 0xf0,
	0xa4, 0x2e, 0x3a, 0x86, 0x38, 0x48, 0x43, 0x27, 0x12, 0xba,
};
static const uint8_t sig_s[IMG_SIG_SCALAR_LEN] = {
	0xa1, 0x81, 0xce, 0x8a, 0xa7, 0xc5, 0x71, 0xc8, 0xac, 0x6d, 0x2e,
	0xb1, 0x0d, 0x79, 0xec, 0x42, 0xa5, 0x88, 0x6d, 0xd0, 0xb0, 0x15,
	0x85, 0xed, 0x8f, 0x93, 0xe7, 0xe4, 0xca, 0x24, 0xab, 0x7c,
};

/* A 6.3(5) OS image with a 200-byte payload, signed by sig_key (security version 1). */
static void sig_image(uint8_t img[IMG_HDR_SIZE + SIG_PAYLOAD])
{
	struct img_info info;
	struct img_sig sig;
	size_t i;

	memset(&info, 0, sizeof(info));
	info.kind = IMG_KIND_OS;
	info.version = (struct img_version){ 6, 3, 5 };
	info.payload_size = SIG_PAYLOAD;
	info.load_addr = 0x00400000;
	info.entry_addr = 0x00400010;
	strcpy(info.build, "signed for test_heap");
	for (i = 0; i < SIG_PAYLOAD; i++)
		img[IMG_HDR_SIZE + i] = (uint8_t)(i * 7 + 3);
	assert_int_equal(img_make_header(img, &info, img + IMG_HDR_SIZE), 0);
	memset(&sig, 0, sizeof(sig));
	sig.sec_version = 1;
	sig_key_id(sig_key.point, sig.key_id);
	memcpy(sig.r, sig_r, sizeof(sig.r));
	memcpy(sig.s, sig_s, sizeof(sig.s));
	img_sig_store(img, &sig);
	img_seal_header(img);
}

static void test_sig_verify_on_heap(void **state)
{
	static uint8_t img[IMG_HDR_SIZE + SIG_PAYLOAD];
	struct heap *fw = heap_firmware();

	(void)state;
	sig_image(img);
	assert_int_equal(img_parse_header(img, sizeof(img), NULL), 0);
	assert_int_equal(fw->in_use, 0);
	fw->peak = 0;
	assert_int_equal(sig_verify(img, &sig_key, 1, NULL), 0);
	/* mbedTLS's numbers were on this heap, all freed again */
	assert_true(fw->peak > 0);
	assert_int_equal(fw->in_use, 0);
	assert_int_equal(fw->bad_frees, 0);
	assert_int_equal(heap_check(fw), 0);
	/* the margin the arena's size promises (lib/heap.h) */
	assert_true(fw->peak <= HEAP_ARENA_BYTES / 2);
	print_message("sig_verify() peak heap: %zu bytes (%zu-byte alignment, %zu-bit limbs)\n",
		      fw->peak, (size_t)HEAP_ALIGN, 8 * sizeof(mbedtls_mpi_uint));
	/* a signature that does not hold frees as much */
	img[IMG_SIG_RS_OFF + IMG_SIG_RS_LEN - 1] ^= 0x01;
	img_seal_header(img);
	assert_int_equal(sig_verify(img, &sig_key, 1, NULL), -SIG_EBADSIG);
	assert_int_equal(fw->in_use, 0);
	assert_int_equal(heap_check(fw), 0);
}

/*
 * With less free memory than a verification needs: -SIG_EINTERNAL at whichever allocation fails
 * (reading the anchor's point, checking it, or verifying), and nothing kept.
 */
static void test_sig_verify_out_of_memory(void **state)
{
	static uint8_t img[IMG_HDR_SIZE + SIG_PAYLOAD];
	struct heap *fw = heap_firmware();
	size_t need, leave, enough = 0;
	void *hog;
	int ret;

	(void)state;
	sig_image(img);
	fw->peak = 0;
	assert_int_equal(sig_verify(img, &sig_key, 1, NULL), 0);
	need = fw->peak;
	for (leave = 0; leave <= need + need / 4; leave += HEAP_ALIGN) {
		/* one block leaves @leave bytes free at the arena's end (all of it below a block) */
		hog = heap_calloc(1, fw->size - leave - HDR);
		assert_non_null(hog);
		ret = sig_verify(img, &sig_key, 1, NULL);
		if (leave < need)
			assert_int_equal(ret, -SIG_EINTERNAL);
		else if (ret == 0 && !enough)
			enough = leave;
		else if (enough)
			assert_int_equal(ret, 0); /* more room never hurts */
		assert_int_equal(fw->in_use, fw->size - (leave >= MIN_BLOCK ? leave : 0));
		assert_int_equal(heap_check(fw), 0);
		heap_free(hog);
	}
	/* what fragmentation adds to the peak, in one free block from the start */
	assert_true(enough >= need && enough <= need + need / 8);
	print_message("sig_verify() needs %zu bytes of free arena (peak in use %zu)\n", enough,
		      need);
	assert_int_equal(fw->in_use, 0);
	assert_int_equal(fw->bad_frees, 0);
	assert_string_equal(sig_strerror(-SIG_EINTERNAL), "out of memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_alloc_zeroed_and_accounted, setup),
		cmocka_unit_test_setup(test_alignment, setup),
		cmocka_unit_test_setup(test_merge_neighbours, setup),
		cmocka_unit_test_setup(test_exhaustion, setup),
		cmocka_unit_test_setup(test_overflow, setup),
		cmocka_unit_test_setup(test_bad_frees, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
		cmocka_unit_test(test_sig_verify_on_heap),
		cmocka_unit_test(test_sig_verify_out_of_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
