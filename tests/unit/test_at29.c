/* Unit tests of the AT29C040A driver on the real bank model, with faults injected, on a fake clock. */
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

#define MAX_CHIPS 16u
#define CHIP(c) ((uint32_t)(c)*AT29_CHIP_SIZE)
#define SECTOR(s) ((uint32_t)(s)*AT29_SECTOR_SIZE)

struct fixture {
	unsigned int chips;
	enum at29_model_timing timing;
	uint8_t *array;
	uint8_t pstate[MAX_CHIPS * AT29_PSTATE_SIZE];
	struct at29_sim sim; /* clock, bus with stall hook, model, driver */
};

/* Powers the bank up (again) over the same memory. */
static void power_up(struct fixture *fx)
{
	assert_int_equal(at29_sim_power_up(&fx->sim, fx->chips, fx->array, fx->pstate, fx->timing),
			 0);
}

static int probe(struct fixture *fx, unsigned int chips)
{
	return at29_probe(&fx->sim.f, &fx->sim.bus, &fx->sim.clk, chips);
}

static struct fixture *fixture_new(unsigned int chips, enum at29_model_timing timing)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	fx->chips = chips;
	fx->timing = timing;
	fx->array = malloc((size_t)chips * AT29_CHIP_SIZE);
	memset(fx->array, 0xFF, (size_t)chips * AT29_CHIP_SIZE);
	/* no run read: the driver's byte path (test_layout.c drives the run path) */
	at29_sim_init(&fx->sim, false);
	fx->sim.ns = 1000000;
	power_up(fx);
	return fx;
}

static int setup_fast(void **state)
{
	struct fixture *fx = fixture_new(MAX_CHIPS, AT29_MODEL_TIMING_FAST);

	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	*state = fx;
	return 0;
}

static int setup_datasheet(void **state)
{
	struct fixture *fx = fixture_new(MAX_CHIPS, AT29_MODEL_TIMING_DATASHEET);

	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->array);
	free(fx);
	return 0;
}

static uint8_t *pattern(size_t len, uint32_t seed)
{
	uint8_t *p = malloc(len);
	size_t i;

	for (i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		p[i] = (uint8_t)seed;
	}
	return p;
}

static uint64_t elapsed_us(const struct fixture *fx, uint64_t t0_ns)
{
	return (fx->sim.ns - t0_ns) / 1000;
}

static struct at29_pstate *ps(struct fixture *fx, unsigned int c)
{
	return (struct at29_pstate *)(fx->pstate + c * AT29_PSTATE_SIZE);
}

/* Probe: all chips answer Atmel/AT29C040A and are left in read mode. */
static void test_probe(void **state)
{
	struct fixture *fx = *state;
	uint8_t b[2];

	fx->array[CHIP(5)] = 0x5A;
	fx->array[CHIP(5) + 1] = 0x33;
	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	assert_int_equal(fx->sim.f.present, 0xFFFF);
	assert_int_equal(fx->sim.f.id[15][0], AT29_MFR_ATMEL);
	assert_int_equal(fx->sim.f.id[15][1], AT29_DEV_AT29C040A);
	assert_int_equal(fx->sim.f.lock_lo | fx->sim.f.lock_hi, 0);
	assert_int_equal(at29_read(&fx->sim.f, CHIP(5), b, 2), 0);
	assert_int_equal(b[0], 0x5A);
	assert_int_equal(b[1], 0x33);
	assert_int_equal(at29_size(&fx->sim.f), MAX_CHIPS * AT29_CHIP_SIZE);
}

/* Probe reports chips that do not answer, and writes to them fail. */
static void test_probe_missing_chip(void **state)
{
	struct fixture *fx = fixture_new(4, AT29_MODEL_TIMING_FAST);
	uint8_t b = 0;

	(void)state;
	assert_int_equal(probe(fx, 5), -ENODEV);
	assert_int_equal(fx->sim.f.present, 0xF);
	assert_int_equal(fx->sim.f.id[4][0], 0xFF);
	assert_int_equal(at29_write(&fx->sim.f, CHIP(4), &b, 1, NULL, NULL), -ENODEV);
	assert_int_equal(at29_write(&fx->sim.f, CHIP(3), &b, 1, NULL, NULL), 0);
	assert_int_equal(at29_probe(&fx->sim.f, &fx->sim.bus, &fx->sim.clk, 0), -EINVAL);
	free(fx->array);
	free(fx);
}

/* Unaligned write across a chip boundary: the caller's bytes land, neighbours keep theirs. */
static void test_write_unaligned(void **state)
{
	struct fixture *fx = *state;
	uint32_t off = CHIP(1) - 300, len = 1000;
	uint8_t *data = pattern(len, 1), *old = pattern(4096, 2), *back = malloc(len);
	uint32_t lo = off & ~AT29_SECTOR_MASK;

	memcpy(fx->array + lo, old, 4096);
	assert_int_equal(at29_write(&fx->sim.f, off, data, len, NULL, NULL), 0);
	assert_memory_equal(fx->array + off, data, len);
	assert_memory_equal(fx->array + lo, old, off - lo);
	assert_memory_equal(fx->array + off + len, old + (off + len - lo),
			    AT29_SECTOR_SIZE - ((off + len) & AT29_SECTOR_MASK));
	assert_int_equal(at29_read(&fx->sim.f, off, back, len), 0);
	assert_memory_equal(back, data, len);
	assert_int_equal(fx->sim.f.stats.programmed, 5);
	free(data);
	free(old);
	free(back);
}

/* Sectors that already hold the data are not programmed again. */
static void test_skip_identical(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(4096, 3);
	uint32_t cycles;

	assert_int_equal(at29_write(&fx->sim.f, SECTOR(64), data, 4096, NULL, NULL), 0);
	assert_int_equal(fx->sim.f.stats.programmed, 16);
	cycles = fx->sim.m.stats.cycles;
	data[1000] ^= 1;
	assert_int_equal(at29_write(&fx->sim.f, SECTOR(64), data, 4096, NULL, NULL), 0);
	assert_int_equal(fx->sim.f.stats.programmed, 17);
	assert_int_equal(fx->sim.f.stats.skipped, 15);
	assert_int_equal(fx->sim.m.stats.cycles, cycles + 1);
	free(data);
}

static void count_progress(void *ctx, size_t done)
{
	size_t *last = ctx;

	assert_true(done > *last);
	*last = done;
}

/* Progress is reported per sector, increasing, ending at the length. */
static void test_progress(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(3000, 4);
	size_t last = 0;

	assert_int_equal(at29_write(&fx->sim.f, CHIP(2) - 1000, data, 3000, count_progress, &last),
			 0);
	assert_int_equal(last, 3000);
	free(data);
}

/* Range checks. */
static void test_range(void **state)
{
	struct fixture *fx = *state;
	uint8_t b[2] = { 0 };

	assert_int_equal(at29_write(&fx->sim.f, at29_size(&fx->sim.f) - 1, b, 2, NULL, NULL),
			 -EINVAL);
	assert_int_equal(at29_write(&fx->sim.f, at29_size(&fx->sim.f) + 1, b, 0, NULL, NULL),
			 -EINVAL);
	assert_int_equal(at29_write(&fx->sim.f, 0, b, 0, NULL, NULL), 0);
	assert_int_equal(at29_read(&fx->sim.f, at29_size(&fx->sim.f) - 1, b, 2), -EINVAL);
	assert_int_equal(at29_read(&fx->sim.f, at29_size(&fx->sim.f) - 2, b, 2), 0);
}

/* Datasheet timing: sectors on different chips program at the same time. */
static void test_overlap_chips(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(4), 5);
	uint64_t t0 = fx->sim.ns, us;

	/* two sectors at the end of chip 0, two at the start of chip 1 */
	assert_int_equal(at29_write(&fx->sim.f, CHIP(1) - SECTOR(2), data, SECTOR(4), NULL, NULL),
			 0);
	us = elapsed_us(fx, t0);
	assert_true(us > 2 * AT29_TWC_MAX_US);
	assert_true(us < 2 * (AT29_TWC_MAX_US + AT29_TBLC_US) + 500); /* not 4 cycles */
	assert_memory_equal(fx->array + CHIP(1) - SECTOR(2), data, SECTOR(4));
	free(data);
}

/* ---- striped areas ---------------------------------------------------------------------------- */

/* Sector k of an area is in chip first + k % chips, row k / chips from chip_off. */
static void test_stripe_addr(void **state)
{
	const struct at29_stripe st = { 0x1000, 0x2000, 2, 4 };

	(void)state;
	assert_int_equal(at29_stripe_size(&st), 0x8000);
	assert_int_equal(at29_stripe_addr(&st, 0), CHIP(2) + 0x1000);
	assert_int_equal(at29_stripe_addr(&st, 255), CHIP(2) + 0x10FF);
	assert_int_equal(at29_stripe_addr(&st, 256), CHIP(3) + 0x1000);
	assert_int_equal(at29_stripe_addr(&st, SECTOR(3) + 7), CHIP(5) + 0x1007);
	assert_int_equal(at29_stripe_addr(&st, SECTOR(4)), CHIP(2) + 0x1100);
	assert_int_equal(at29_stripe_addr(&st, 0x8000 - 1), CHIP(5) + 0x2FFF);
}

/* Any offset and length: the bytes land where the map says, nothing else changes. */
static void test_stripe_write_unaligned(void **state)
{
	struct fixture *fx = *state;
	const struct at29_stripe st = { 0x1000, 0x2000, 2, 4 };
	const uint32_t off = 300, len = 5000;
	uint8_t *data = pattern(len, 20), *back = malloc(len);
	uint8_t *mine = calloc(CHIP(MAX_CHIPS), 1);
	size_t last = 0;
	uint32_t i;

	assert_int_equal(at29_write_stripe(&fx->sim.f, &st, off, data, len, count_progress, &last),
			 0);
	assert_int_equal(last, len);
	assert_int_equal(at29_read_stripe(&fx->sim.f, &st, off, back, len), 0);
	assert_memory_equal(back, data, len);
	for (i = 0; i < len; i++) {
		assert_int_equal(fx->array[at29_stripe_addr(&st, off + i)], data[i]);
		mine[at29_stripe_addr(&st, off + i)] = 1;
	}
	for (i = 0; i < CHIP(MAX_CHIPS); i++)
		if (!mine[i] && fx->array[i] != 0xFF)
			fail_msg("byte 0x%x changed", i);
	/* bytes 300..5299: sectors 1..20 of the area, 20 loads (none already right) */
	assert_int_equal(fx->sim.f.stats.programmed, 20);
	free(data);
	free(back);
	free(mine);
}

/* Areas that do not fit the bank, and ranges that do not fit the area. */
static void test_stripe_range(void **state)
{
	struct fixture *fx = *state;
	const struct at29_stripe ok = { 0x1000, 0x2000, 2, 4 };
	const struct at29_stripe bad[] = {
		{ 0x1080, 0x2000, 2, 4 }, /* chip_off not sector aligned */
		{ 0x1000, 0x2080, 2, 4 }, /* share not whole sectors */
		{ 0x7F000, 0x2000, 2, 4 }, /* runs past the chip */
		{ 0x1000, 0x2000, 14, 4 }, /* runs past the bank */
		{ 0x1000, 0x2000, 17, 0 }, /* starts past the bank */
	};
	uint8_t b[2] = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(at29_write_stripe(&fx->sim.f, &bad[i], 0, b, 1, NULL, NULL),
				 -EINVAL);
		assert_int_equal(at29_read_stripe(&fx->sim.f, &bad[i], 0, b, 1), -EINVAL);
	}
	assert_int_equal(at29_write_stripe(&fx->sim.f, &ok, 0x8000 - 1, b, 2, NULL, NULL), -EINVAL);
	assert_int_equal(at29_read_stripe(&fx->sim.f, &ok, 0x8000 + 1, b, 0), -EINVAL);
	assert_int_equal(at29_read_stripe(&fx->sim.f, &ok, 0x8000 - 2, b, 2), 0);
	assert_int_equal(at29_write_stripe(&fx->sim.f, &ok, 0x8000, b, 0, NULL, NULL), 0);
	assert_int_equal(fx->sim.m.stats.cycles, 0);
}

/* A striped write that would change a locked boot block is refused before programming. */
static void test_stripe_locked(void **state)
{
	struct fixture *fx = *state;
	const struct at29_stripe st = { 0, 0x4000, 0, 4 };
	uint8_t *data = pattern(SECTOR(8), 21);

	assert_int_equal(at29_model_fault_lock(&fx->sim.m, 3, false), 0);
	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	assert_int_equal(at29_write_stripe(&fx->sim.f, &st, 0, data, SECTOR(8), NULL, NULL), -EIO);
	assert_int_equal(fx->sim.f.err_cause, AT29_ERR_LOCKED);
	assert_int_equal(fx->sim.f.err_sector, 3 * AT29_SECTORS_PER_CHIP); /* area sector 3 */
	assert_int_equal(fx->sim.m.stats.cycles, 0);
	free(data);
}

/*
 * Datasheet timing, one sector at a time, the CPU pausing 0-10 us (in 100 ns steps) right after
 * the last byte of each load: wherever the byte-load window's end then falls in the polling loop,
 * even between the two status reads of a poll, the driver never takes the chip for done before
 * it has programmed (that would read back status bytes and cost a reload).
 */
static void test_poll_across_window_end(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(1), 23);
	unsigned int i, n = 101;

	for (i = 0; i < n; i++) {
		data[0] = (uint8_t)i; /* a different sector image each time: never skipped */
		fx->sim.stall_at =
			fx->sim.writes + 3 + AT29_SECTOR_SIZE; /* AA 55 A0, then the bytes */
		fx->sim.stall_ns = 100ull * i;
		assert_int_equal(at29_write(&fx->sim.f, SECTOR(i), data, SECTOR(1), NULL, NULL), 0);
		assert_memory_equal(fx->array + SECTOR(i), data, SECTOR(1));
	}
	assert_int_equal(fx->sim.f.stats.retries, 0);
	assert_int_equal(fx->sim.f.stats.programmed, n);
	free(data);
}

/* Byte-load timeout: the CPU pauses mid-sector, the window closes; the driver reloads. */
static void test_byte_load_pause_retried(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(1), 6);

	/* With completion taken from I/O7 alone this would time out: the chip latched byte 99 */
	fx->sim.writes = 0;
	fx->sim.stall_at = 3 + 100; /* AA 55 A0, then 100 bytes */
	fx->sim.stall_ns = 2000ull * AT29_TBLC_US;
	assert_int_equal(at29_write(&fx->sim.f, SECTOR(300), data, SECTOR(1), NULL, NULL), 0);
	assert_int_equal(fx->sim.f.stats.retries, 1);
	/* partial cycle, then the rest of the bytes (SDP now on) as a dummy cycle, then the retry */
	assert_int_equal(fx->sim.m.stats.cycles, 3);
	assert_int_equal(fx->sim.m.stats.dummy, 1);
	assert_memory_equal(fx->array + SECTOR(300), data, SECTOR(1));
	free(data);
}

/* Byte-load timeout every time: the sector is reported by number after AT29_WRITE_TRIES. */
static void test_byte_load_timeout_reported(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(8), 7);
	uint32_t bad = 2 * AT29_SECTORS_PER_CHIP + 13;

	at29_model_fault_stall(&fx->sim.m, bad, 50, AT29_MODEL_ALWAYS);
	assert_int_equal(at29_write(&fx->sim.f, SECTOR(bad - 3), data, SECTOR(8), NULL, NULL),
			 -EIO);
	assert_int_equal(fx->sim.f.err_sector, bad);
	assert_int_equal(fx->sim.f.err_cause, AT29_ERR_VERIFY);
	assert_int_equal(fx->sim.f.stats.retries, AT29_WRITE_TRIES - 1);
	assert_memory_equal(fx->array + SECTOR(bad - 3), data, SECTOR(3));
	free(data);
}

/* A sector that never completes: -ETIMEDOUT with its number; other chips finish cleanly. */
static void test_stuck_sector(void **state)
{
	struct fixture *fx = *state;
	uint32_t bad = 3 * AT29_SECTORS_PER_CHIP + AT29_SECTORS_PER_CHIP - 2;
	uint32_t off = SECTOR(bad - 2), len = SECTOR(8);
	uint8_t *data = pattern(len, 8);
	uint64_t t0 = fx->sim.ns;

	at29_model_fault_stuck(&fx->sim.m, bad);
	assert_int_equal(at29_write(&fx->sim.f, off, data, len, NULL, NULL), -ETIMEDOUT);
	assert_int_equal(fx->sim.f.err_sector, bad);
	assert_int_equal(fx->sim.f.err_cause, AT29_ERR_TIMEOUT);
	assert_true(elapsed_us(fx, t0) < 4 * AT29_PROGRAM_TIMEOUT_US);
	assert_true(at29_model_busy(&fx->sim.m, 3));
	assert_false(at29_model_busy(&fx->sim.m, 4)); /* chip 4 was not left mid-cycle */
	assert_memory_equal(fx->array + off, data, SECTOR(2));
	free(data);
}

/* Protection left on (even forced on) does not stop the driver; enable/disable reach every chip. */
static void test_protection(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(2), 9);
	unsigned int c;

	assert_int_equal(at29_enable_protection(&fx->sim.f), 0);
	at29_model_sync(&fx->sim.m);
	for (c = 0; c < MAX_CHIPS; c++)
		assert_int_equal(ps(fx, c)->sdp, 1);
	assert_int_equal(at29_write(&fx->sim.f, CHIP(7) + 512, data, SECTOR(2), NULL, NULL), 0);
	assert_int_equal(at29_disable_protection(&fx->sim.f), 0);
	at29_model_sync(&fx->sim.m);
	for (c = 0; c < MAX_CHIPS; c++)
		assert_int_equal(ps(fx, c)->sdp, 0);
	at29_model_fault_force_sdp(&fx->sim.m, 7);
	assert_int_equal(at29_disable_protection(&fx->sim.f), 0);
	at29_model_sync(&fx->sim.m);
	assert_int_equal(ps(fx, 7)->sdp, 1);
	data[0] ^= 0xFF;
	assert_int_equal(at29_write(&fx->sim.f, CHIP(7) + 512, data, SECTOR(2), NULL, NULL), 0);
	assert_memory_equal(fx->array + CHIP(7) + 512, data, SECTOR(2));
	free(data);
}

/* A locked boot block seen at probe: changes refused up front, identical data accepted. */
static void test_locked_boot_block(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(2), 10);
	uint32_t cycles = fx->sim.m.stats.cycles;

	assert_int_equal(at29_model_fault_lock(&fx->sim.m, 1, false), 0);
	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	assert_int_equal(fx->sim.f.lock_lo, 1u << 1);
	assert_true(at29_boot_block_locked(&fx->sim.f, CHIP(1) + 0x3FFF));
	assert_false(at29_boot_block_locked(&fx->sim.f, CHIP(1) + 0x4000));
	assert_int_equal(at29_write(&fx->sim.f, CHIP(1) + 0x3F00, data, SECTOR(2), NULL, NULL),
			 -EIO);
	assert_int_equal(fx->sim.f.err_cause, AT29_ERR_LOCKED);
	assert_int_equal(fx->sim.f.err_sector, AT29_SECTORS_PER_CHIP + 0x3F);
	assert_int_equal(fx->sim.m.stats.cycles, cycles);
	memset(data, 0xFF, SECTOR(1)); /* what the locked sector holds */
	assert_int_equal(at29_write(&fx->sim.f, CHIP(1) + 0x3F00, data, SECTOR(2), NULL, NULL), 0);
	assert_memory_equal(fx->array + CHIP(1) + 0x4000, data + SECTOR(1), SECTOR(1));
	free(data);
}

/* A boot block locked behind the driver's back: the write fails and names the sector. */
static void test_locked_behind_driver(void **state)
{
	struct fixture *fx = *state;
	uint8_t *data = pattern(SECTOR(1), 11);
	int err;

	at29_model_fault_lock(&fx->sim.m, 0, true);
	err = at29_write(&fx->sim.f, 0x7C000, data, SECTOR(1), NULL, NULL);
	assert_true(err == -EIO || err == -ETIMEDOUT);
	assert_int_equal(fx->sim.f.err_sector, 0x7C000 / AT29_SECTOR_SIZE);
	assert_int_equal(fx->array[0x7C000], 0xFF);
	free(data);
}

/* at29_lock_boot_block: locks the block holding the offset, reads the status back. */
static void test_lock_boot_block(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(at29_lock_boot_block(&fx->sim.f, CHIP(2) + 0x10000), -EINVAL);
	assert_int_equal(at29_lock_boot_block(&fx->sim.f, CHIP(2) + 0x7C123), 0);
	assert_int_equal(ps(fx, 2)->lock_hi, 1);
	assert_int_equal(ps(fx, 2)->lock_lo, 0);
	assert_true(at29_boot_block_locked(&fx->sim.f, CHIP(2) + 0x7FFFF));
	assert_false(at29_boot_block_locked(&fx->sim.f, CHIP(2)));
	assert_int_equal(at29_lock_boot_block(&fx->sim.f, 0x100), 0);
	assert_int_equal(fx->sim.f.lock_lo, 1);
}

/* Power cut mid-sector: partial sector on the array; a fresh probe and re-write recover. */
static void test_power_cut_recovery(void **state)
{
	struct fixture *fx = *state;
	uint32_t bad = AT29_SECTORS_PER_CHIP + 3, len = SECTOR(32);
	uint8_t *data = pattern(len, 12);
	unsigned int i;
	int err;

	at29_model_fault_power_cut(&fx->sim.m, bad, 100);
	err = at29_write(&fx->sim.f, CHIP(1), data, len, NULL, NULL);
	assert_true(err == -EIO || err == -ETIMEDOUT);
	assert_int_equal(fx->sim.f.err_sector, bad);
	power_up(fx);
	for (i = 0; i < AT29_SECTOR_SIZE; i++)
		assert_int_equal(fx->array[SECTOR(bad) + i], i < 100 ? data[SECTOR(3) + i] : 0xFF);
	assert_int_equal(probe(fx, MAX_CHIPS), 0);
	assert_int_equal(at29_write(&fx->sim.f, CHIP(1), data, len, NULL, NULL), 0);
	assert_memory_equal(fx->array + CHIP(1), data, len);
	assert_int_equal(fx->sim.f.stats.skipped, 3);
	free(data);
}

/*
 * Writes len bytes at off and returns the simulated time against the physical
 * limit: one tWC per sector on the busiest chip (all chips spanned in parallel).
 */
static double measure(struct fixture *fx, uint32_t off, uint32_t len, const char *what)
{
	uint8_t *data = pattern(len, 13);
	uint32_t first = off / AT29_CHIP_SIZE, last = (off + len - 1) / AT29_CHIP_SIZE;
	uint32_t chips = last - first + 1;
	uint32_t twc = fx->timing == AT29_MODEL_TIMING_FAST ? AT29_MODEL_FAST_TWC_US :
							      AT29_TWC_MAX_US;
	double limit_us = (double)len / AT29_SECTOR_SIZE / chips * twc;
	uint64_t t0 = fx->sim.ns, us;

	assert_int_equal(at29_write(&fx->sim.f, off, data, len, NULL, NULL), 0);
	us = elapsed_us(fx, t0);
	assert_memory_equal(fx->array + off, data, len);
	print_message("%s: %u KiB on %u chip(s) in %.3f s = %.1f KiB/s; tWC limit %.3f s "
		      "(%.1f%%)\n",
		      what, len / 1024, chips, us / 1e6, len / 1024.0 / (us / 1e6), limit_us / 1e6,
		      100.0 * limit_us / us);
	free(data);
	return limit_us / us;
}

/* Datasheet timing, 2 MiB from offset 0 (chips 0-3): at least 80% of what 4 chips can do. */
static void test_throughput_2mib(void **state)
{
	assert_true(measure(*state, 0, 2u << 20, "datasheet 2 MiB") >= 0.8);
}

/* Datasheet timing, the whole 8 MiB bank: at least 80% of 16 chips x 256 bytes per 10 ms. */
static void test_throughput_bank(void **state)
{
	assert_true(measure(*state, 0, MAX_CHIPS * AT29_CHIP_SIZE, "datasheet 8 MiB") >= 0.8);
}

/*
 * Datasheet timing, 2 MiB striped over all 16 chips (an image slot of flash/layout.h): at least
 * 80% of what the whole bank can do, 16 x 256 bytes per 10 ms.
 */
static void test_throughput_stripe(void **state)
{
	struct fixture *fx = *state;
	const struct at29_stripe st = { 0x20000, 0x2E000, 0, MAX_CHIPS };
	const uint32_t len = 2u << 20;
	uint8_t *data = pattern(len, 22), *back = malloc(len);
	double limit_us = (double)len / AT29_SECTOR_SIZE / MAX_CHIPS * AT29_TWC_MAX_US;
	uint64_t t0 = fx->sim.ns, us;

	assert_int_equal(at29_write_stripe(&fx->sim.f, &st, 0, data, len, NULL, NULL), 0);
	us = elapsed_us(fx, t0);
	assert_int_equal(at29_read_stripe(&fx->sim.f, &st, 0, back, len), 0);
	assert_memory_equal(back, data, len);
	print_message("datasheet 2 MiB striped: %u KiB on %u chips in %.3f s = %.1f KiB/s; tWC "
		      "limit %.3f s (%.1f%%)\n",
		      len / 1024, MAX_CHIPS, us / 1e6, len / 1024.0 / (us / 1e6), limit_us / 1e6,
		      100.0 * limit_us / us);
	assert_true(limit_us / us >= 0.8);
	free(data);
	free(back);
}

/* Fast timing: the figure for quick runs (bound by bus accesses and tBLC, not by tWC). */
static void test_throughput_fast(void **state)
{
	measure(*state, 0, 2u << 20, "fast 2 MiB");
	measure(*state, CHIP(4), 8u * AT29_CHIP_SIZE, "fast 4 MiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe, setup_fast, teardown),
		cmocka_unit_test(test_probe_missing_chip),
		cmocka_unit_test_setup_teardown(test_write_unaligned, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_skip_identical, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_range, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_chips, setup_datasheet, teardown),
		cmocka_unit_test_setup_teardown(test_byte_load_pause_retried, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_byte_load_timeout_reported, setup_fast,
						teardown),
		cmocka_unit_test_setup_teardown(test_stuck_sector, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_protection, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_locked_boot_block, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_locked_behind_driver, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_lock_boot_block, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_recovery, setup_datasheet, teardown),
		cmocka_unit_test_setup_teardown(test_throughput_2mib, setup_datasheet, teardown),
		cmocka_unit_test_setup_teardown(test_throughput_bank, setup_datasheet, teardown),
		cmocka_unit_test_setup_teardown(test_throughput_fast, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_poll_across_window_end, setup_datasheet,
						teardown),
		cmocka_unit_test(test_stripe_addr),
		cmocka_unit_test_setup_teardown(test_stripe_write_unaligned, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_stripe_range, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_stripe_locked, setup_fast, teardown),
		cmocka_unit_test_setup_teardown(test_throughput_stripe, setup_datasheet, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
