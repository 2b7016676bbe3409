/* Unit tests of the AT29C040A bank model against the datasheet's rules, on a hand-driven clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flash/at29_model.h"

#define CHIPS 4u
#define CHIP(c) ((uint32_t)(c)*AT29_CHIP_SIZE)
#define SECTOR(s) ((uint32_t)(s)*AT29_SECTOR_SIZE)

struct fixture {
	uint64_t now; /* the fake clock, in microseconds */
	struct flash_clock clk;
	uint8_t *array;
	uint8_t pstate[CHIPS * AT29_PSTATE_SIZE];
	struct at29_model m;
};

static uint64_t fake_now(void *ctx)
{
	return ((struct fixture *)ctx)->now;
}

static void fake_delay(void *ctx, uint32_t us)
{
	((struct fixture *)ctx)->now += us;
}

static void power_up(struct fixture *fx, enum at29_model_timing timing)
{
	struct at29_model_config cfg = { CHIPS, fx->array, fx->pstate, &fx->clk, timing };

	assert_int_equal(at29_model_init(&fx->m, &cfg), 0);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	fx->array = malloc(CHIPS * AT29_CHIP_SIZE);
	memset(fx->array, 0xFF, CHIPS * AT29_CHIP_SIZE);
	fx->now = 1000;
	fx->clk = (struct flash_clock){ fake_now, fake_delay, fx };
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
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

static void w(struct fixture *fx, uint32_t off, uint8_t v)
{
	at29_model_write8(&fx->m, off, v);
}

static uint8_t r(struct fixture *fx, uint32_t off)
{
	return at29_model_read8(&fx->m, off);
}

static void wait(struct fixture *fx, uint64_t us)
{
	fx->now += us;
}

static void cmd3(struct fixture *fx, unsigned int c, uint8_t code)
{
	w(fx, CHIP(c) + 0x5555, 0xAA);
	w(fx, CHIP(c) + 0x2AAA, 0x55);
	w(fx, CHIP(c) + 0x5555, code);
}

static void cmd6(struct fixture *fx, unsigned int c, uint8_t code)
{
	cmd3(fx, c, 0x80);
	cmd3(fx, c, code);
}

/* Loads n bytes v, v+1, ... at off, 1 us apart. */
static void load(struct fixture *fx, uint32_t off, unsigned int n, uint8_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		w(fx, off + i, (uint8_t)(v + i));
		wait(fx, 1);
	}
}

/* Waits out the load window and the datasheet program cycle. */
static void settle(struct fixture *fx)
{
	wait(fx, AT29_TBLC_US + AT29_TWC_MAX_US);
}

static struct at29_pstate *ps(struct fixture *fx, unsigned int c)
{
	return (struct at29_pstate *)(fx->pstate + c * AT29_PSTATE_SIZE);
}

/* A new (zero-filled) persistent area becomes a factory-fresh chip: SDP off, nothing locked. */
static void test_fresh_pstate(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(ps(fx, 0)->magic, AT29_PSTATE_MAGIC);
	assert_int_equal(ps(fx, 0)->version, AT29_PSTATE_VERSION);
	assert_int_equal(ps(fx, 3)->sdp, 0);
	assert_int_equal(ps(fx, 3)->lock_lo, 0);
	assert_int_equal(r(fx, 0x1234), 0xFF);
}

/* SDP off: a plain sector load programs; the sector is erased first, unloaded bytes read FF. */
static void test_plain_load_erases_sector(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = CHIP(1) + SECTOR(7);
	unsigned int i;

	memset(fx->array + s, 0x00, AT29_SECTOR_SIZE);
	load(fx, s + 16, 4, 0x10);
	assert_true(at29_model_busy(&fx->m, 1));
	settle(fx);
	assert_false(at29_model_busy(&fx->m, 1));
	for (i = 0; i < AT29_SECTOR_SIZE; i++)
		assert_int_equal(r(fx, s + i), i >= 16 && i < 20 ? 0x10 + i - 16 : 0xFF);
	assert_int_equal(fx->m.stats.programmed, 1);
}

/* AA 55 A0 then a sector: programmed, and SDP is on afterwards (non-volatile bit set). */
static void test_protected_load_enables_sdp(void **state)
{
	struct fixture *fx = *state;

	cmd3(fx, 0, 0xA0);
	load(fx, SECTOR(100), AT29_SECTOR_SIZE, 0);
	assert_int_equal(ps(fx, 0)->sdp, 0); /* takes effect at the end of the cycle */
	settle(fx);
	r(fx, 0);
	assert_int_equal(ps(fx, 0)->sdp, 1);
	assert_int_equal(r(fx, SECTOR(100) + 200), 200);
}

/* With SDP on, a load without the prefix leaves the array alone (a dummy cycle). */
static void test_sdp_blocks_plain_write(void **state)
{
	struct fixture *fx = *state;

	ps(fx, 2)->sdp = 1;
	load(fx, CHIP(2) + SECTOR(3), 8, 0x42);
	assert_true(at29_model_busy(&fx->m, 2));
	settle(fx);
	assert_int_equal(r(fx, CHIP(2) + SECTOR(3)), 0xFF);
	assert_int_equal(fx->m.stats.dummy, 1);
	assert_int_equal(fx->m.stats.programmed, 0);
}

/* AA 55 80 AA 55 20 disables SDP at the end of its window, even with no data loaded. */
static void test_sdp_disable(void **state)
{
	struct fixture *fx = *state;

	ps(fx, 0)->sdp = 1;
	cmd6(fx, 0, 0x20);
	wait(fx, AT29_TBLC_US - 1);
	r(fx, 0);
	assert_int_equal(ps(fx, 0)->sdp, 1);
	wait(fx, 1);
	r(fx, 0);
	assert_int_equal(ps(fx, 0)->sdp, 0);
	load(fx, SECTOR(9), 1, 0x5A);
	settle(fx);
	assert_int_equal(r(fx, SECTOR(9)), 0x5A);
}

/* A0 with no data still enables SDP when its window closes. */
static void test_sdp_enable_without_data(void **state)
{
	struct fixture *fx = *state;

	cmd3(fx, 1, 0xA0);
	wait(fx, AT29_TBLC_US);
	assert_false(at29_model_busy(&fx->m, 1));
	assert_int_equal(ps(fx, 1)->sdp, 1);
}

/* Commands decode A14-A0 only: 5555/2AAA match with any A18-A15; other addresses do not. */
static void test_a14_a0_decoding(void **state)
{
	struct fixture *fx = *state;

	w(fx, CHIP(1) + 0x7D555, 0xAA);
	w(fx, CHIP(1) + 0x42AAA, 0x55);
	w(fx, CHIP(1) + 0x0D555, 0x90);
	assert_int_equal(r(fx, CHIP(1) + 0), 0x1F);
	cmd3(fx, 1, 0xF0);
	assert_int_equal(r(fx, CHIP(1) + 0), 0xFF);
	/* 5554 is not 5555: the sequence breaks and the bytes are data */
	w(fx, CHIP(1) + 0x5554, 0xAA);
	settle(fx);
	w(fx, CHIP(1) + 0x2AAA, 0x55);
	settle(fx);
	w(fx, CHIP(1) + 0x5555, 0x90);
	settle(fx);
	assert_int_equal(r(fx, CHIP(1) + 0x5555), 0x90);
	assert_int_equal(r(fx, CHIP(1) + 0x2AAA), 0x55);
	assert_int_equal(r(fx, CHIP(1) + 0), 0xFF);
}

/* Each byte within tBLC of the previous one keeps the window open; a gap of tBLC closes it. */
static void test_byte_load_window(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = SECTOR(20);

	cmd3(fx, 0, 0xA0);
	w(fx, s + 0, 0x01);
	wait(fx, AT29_TBLC_US - 1);
	w(fx, s + 1, 0x02); /* 149 us later: latched */
	wait(fx, AT29_TBLC_US - 1);
	w(fx, s + 2, 0x03);
	wait(fx, AT29_TBLC_US); /* the window closes, the cycle starts */
	w(fx, s + 3, 0x04); /* falls into the cycle: dropped */
	assert_true(at29_model_busy(&fx->m, 0));
	wait(fx, AT29_TWC_MAX_US);
	assert_int_equal(r(fx, s + 0), 0x01);
	assert_int_equal(r(fx, s + 1), 0x02);
	assert_int_equal(r(fx, s + 2), 0x03);
	assert_int_equal(r(fx, s + 3), 0xFF);
	assert_int_equal(fx->m.stats.ignored, 1);
}

/* Bytes may come in any order; a byte for another sector during a load is dropped. */
static void test_load_any_order_same_sector(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = SECTOR(30);

	cmd3(fx, 0, 0xA0);
	w(fx, s + 255, 0xEE);
	w(fx, s + 0, 0x11);
	w(fx, s + SECTOR(1), 0x99); /* next sector: not part of this load */
	w(fx, s + 128, 0x22);
	settle(fx);
	assert_int_equal(r(fx, s + 255), 0xEE);
	assert_int_equal(r(fx, s + 0), 0x11);
	assert_int_equal(r(fx, s + 128), 0x22);
	assert_int_equal(r(fx, s + SECTOR(1)), 0xFF);
}

/* During the cycle: I/O7 is the complement of the last byte's bit 7, I/O6 toggles; then data. */
static void test_data_polling_and_toggle(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = SECTOR(40);
	uint8_t a, b;

	cmd3(fx, 0, 0xA0);
	w(fx, s + 0, 0x80);
	w(fx, s + 1, 0x35); /* last byte: bit 7 clear */
	wait(fx, AT29_TBLC_US + AT29_TWC_MAX_US - 1);
	a = r(fx, s + 1);
	b = r(fx, 12345); /* any address polls */
	assert_int_equal(a & 0x80, 0x80);
	assert_int_equal(b & 0x80, 0x80);
	assert_int_not_equal(a & 0x40, b & 0x40);
	assert_int_not_equal(r(fx, s + 1) & 0x40, r(fx, s + 1) & 0x40);
	wait(fx, 1);
	assert_int_equal(r(fx, s + 1), 0x35);
	assert_int_equal(r(fx, s + 0), 0x80);
}

/* Writes while a cycle runs are ignored, commands included. */
static void test_writes_ignored_while_busy(void **state)
{
	struct fixture *fx = *state;

	cmd3(fx, 0, 0xA0);
	w(fx, SECTOR(50), 0x01);
	wait(fx, AT29_TBLC_US + 10);
	cmd3(fx, 0, 0x90);
	cmd3(fx, 0, 0xA0);
	w(fx, SECTOR(51), 0x02);
	wait(fx, AT29_TWC_MAX_US + AT29_TBLC_US);
	assert_int_equal(r(fx, SECTOR(50)), 0x01);
	assert_int_equal(r(fx, SECTOR(51)), 0xFF);
	assert_int_equal(r(fx, 0), 0xFF); /* not in ID mode */
	assert_int_equal(fx->m.stats.ignored, 7);
}

/* Product ID: 1F at 0, A4 at 1, lockout status FE (programmable) at 2 and 7FFF2; F0 exits. */
static void test_product_id(void **state)
{
	struct fixture *fx = *state;

	fx->array[CHIP(2) + 0] = 0x12;
	cmd3(fx, 2, 0x90);
	assert_int_equal(r(fx, CHIP(2) + 0), 0x1F);
	assert_int_equal(r(fx, CHIP(2) + 1), 0xA4);
	assert_int_equal(r(fx, CHIP(2) + 2), 0xFE);
	assert_int_equal(r(fx, CHIP(2) + 0x7FFF2), 0xFE);
	assert_int_equal(r(fx, CHIP(1) + 0), 0xFF); /* other chips stay in read mode */
	cmd3(fx, 2, 0xF0);
	assert_int_equal(r(fx, CHIP(2) + 0), 0x12);
}

/* Lockout of the lower block (00 to 00000): status FF, writes there ignored for ever. */
static void test_lockout_lower(void **state)
{
	struct fixture *fx = *state;

	cmd6(fx, 1, 0x40);
	w(fx, CHIP(1) + 0x00000, 0x00);
	assert_int_equal(ps(fx, 1)->lock_lo, 1);
	assert_int_equal(ps(fx, 1)->lock_hi, 0);
	cmd3(fx, 1, 0x90);
	assert_int_equal(r(fx, CHIP(1) + 2), 0xFF);
	assert_int_equal(r(fx, CHIP(1) + 0x7FFF2), 0xFE);
	cmd3(fx, 1, 0xF0);
	cmd3(fx, 1, 0xA0);
	load(fx, CHIP(1) + 0x3F00, 4, 0x00); /* last sector of the block */
	settle(fx);
	assert_int_equal(r(fx, CHIP(1) + 0x3F00), 0xFF);
	cmd3(fx, 1, 0xA0);
	load(fx, CHIP(1) + 0x4000, 4, 0x00); /* first sector past it */
	settle(fx);
	assert_int_equal(r(fx, CHIP(1) + 0x4000), 0x00);
}

/* Lockout of the upper block (FF to 7FFFF); a wrong seventh byte locks nothing. */
static void test_lockout_upper(void **state)
{
	struct fixture *fx = *state;

	cmd6(fx, 0, 0x40);
	w(fx, 0x7FFFF, 0x00); /* wrong data for the upper block */
	assert_int_equal(ps(fx, 0)->lock_hi, 0);
	cmd6(fx, 0, 0x40);
	w(fx, 0x7FFFF, 0xFF);
	assert_int_equal(ps(fx, 0)->lock_hi, 1);
	assert_int_equal(ps(fx, 0)->lock_lo, 0);
	cmd3(fx, 0, 0x90);
	assert_int_equal(r(fx, 0x7FFF2), 0xFF);
	assert_int_equal(r(fx, 2), 0xFE);
	cmd3(fx, 0, 0xF0);
	cmd3(fx, 0, 0xA0);
	load(fx, 0x7C000, 4, 0x00);
	settle(fx);
	assert_int_equal(r(fx, 0x7C000), 0xFF);
}

/* SDP and lockout survive a power cycle; ID mode and command state do not. */
static void test_power_cycle_persistence(void **state)
{
	struct fixture *fx = *state;

	cmd3(fx, 3, 0xA0);
	wait(fx, AT29_TBLC_US);
	cmd6(fx, 3, 0x40);
	w(fx, CHIP(3), 0x00);
	cmd3(fx, 3, 0x90);
	w(fx, CHIP(3) + 0x5555, 0xAA); /* half a command */
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	assert_int_equal(r(fx, CHIP(3)), 0xFF); /* ID mode forgotten */
	w(fx, CHIP(3) + 0x2AAA, 0x55); /* not a continuation any more */
	settle(fx);
	assert_int_equal(r(fx, CHIP(3) + 0x2AAA), 0xFF); /* and SDP still on */
	load(fx, CHIP(3) + SECTOR(200), 2, 0x10);
	settle(fx);
	assert_int_equal(r(fx, CHIP(3) + SECTOR(200)), 0xFF);
	cmd3(fx, 3, 0x90);
	assert_int_equal(r(fx, CHIP(3) + 2), 0xFF);
}

/* Losing power during a cycle leaves the sector erased; the bus floats until power returns. */
static void test_power_off_mid_cycle(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = CHIP(1) + SECTOR(60);

	memset(fx->array + s, 0x00, AT29_SECTOR_SIZE);
	cmd3(fx, 1, 0xA0);
	load(fx, s, AT29_SECTOR_SIZE, 0x40);
	wait(fx, AT29_TBLC_US + 100);
	at29_model_power_off(&fx->m);
	assert_int_equal(r(fx, 0), AT29_MODEL_FLOAT);
	w(fx, SECTOR(1), 0x00);
	assert_int_equal(fx->array[SECTOR(1)], 0xFF);
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	assert_int_equal(r(fx, s), 0xFF);
	assert_int_equal(r(fx, s + 255), 0xFF);
}

/* Chip i answers [i * 512K, (i + 1) * 512K); commands reach only that chip; past the end floats. */
static void test_bank_mapping(void **state)
{
	struct fixture *fx = *state;

	cmd3(fx, 3, 0xA0);
	load(fx, CHIP(3) + 0x10, 1, 0x77);
	settle(fx);
	assert_int_equal(fx->array[CHIP(3) + 0x10], 0xFF); /* time is evaluated lazily ... */
	at29_model_sync(&fx->m); /* ... until an access or a sync */
	assert_int_equal(fx->array[CHIP(3) + 0x10], 0x77);
	assert_int_equal(fx->array[CHIP(2) + 0x10], 0xFF);
	assert_int_equal(ps(fx, 3)->sdp, 1);
	assert_int_equal(ps(fx, 2)->sdp, 0);
	assert_int_equal(r(fx, CHIP(CHIPS)), AT29_MODEL_FLOAT);
	w(fx, CHIP(CHIPS), 0);
}

/* Fast timing: the cycle is AT29_MODEL_FAST_TWC_US; the load window is still tBLC. */
static void test_fast_timing(void **state)
{
	struct fixture *fx = *state;

	power_up(fx, AT29_MODEL_TIMING_FAST);
	cmd3(fx, 0, 0xA0);
	w(fx, 0, 0x00);
	wait(fx, AT29_TBLC_US + AT29_MODEL_FAST_TWC_US - 1);
	assert_true(at29_model_busy(&fx->m, 0));
	wait(fx, 1);
	assert_int_equal(r(fx, 0), 0x00);
}

/* Fault: a stuck sector polls busy for ever (writes dropped) until a power cycle. */
static void test_fault_stuck(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = CHIP(2) + SECTOR(5);

	at29_model_fault_stuck(&fx->m, 2 * AT29_SECTORS_PER_CHIP + 5);
	cmd3(fx, 2, 0xA0);
	load(fx, s, 1, 0x00);
	wait(fx, 1000000);
	assert_int_equal(r(fx, s) & 0x80, 0x80);
	assert_true(at29_model_busy(&fx->m, 2));
	assert_false(at29_model_busy(&fx->m, 1));
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	assert_int_equal(r(fx, s), 0xFF);
	cmd3(fx, 2, 0xA0);
	load(fx, s, 1, 0x00);
	settle(fx);
	assert_int_equal(r(fx, s), 0x00);
}

/* Fault: power cut in a sector's cycle: N bytes programmed, the rest erased, bank off. */
static void test_fault_power_cut(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = CHIP(1) + SECTOR(9), other = CHIP(0) + SECTOR(9);
	unsigned int i;

	memset(fx->array + s, 0x00, AT29_SECTOR_SIZE);
	memset(fx->array + other, 0x00, AT29_SECTOR_SIZE);
	at29_model_fault_power_cut(&fx->m, AT29_MODEL_ANY_SECTOR, 100);
	cmd3(fx, 0, 0xA0);
	load(fx, other, AT29_SECTOR_SIZE, 0x10); /* chip 0 ... */
	wait(fx, AT29_TBLC_US);
	r(fx, other); /* ... starts its cycle: power fails there */
	assert_int_equal(r(fx, s), AT29_MODEL_FLOAT);
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	for (i = 0; i < AT29_SECTOR_SIZE; i++)
		assert_int_equal(r(fx, other + i), i < 100 ? (uint8_t)(0x10 + i) : 0xFF);
	assert_int_equal(r(fx, s), 0x00);
}

/* Fault: a cut while another chip programs leaves that chip's sector erased too. */
static void test_fault_power_cut_two_chips(void **state)
{
	struct fixture *fx = *state;
	uint32_t a = CHIP(0) + SECTOR(1), b = CHIP(1) + SECTOR(1);

	memset(fx->array + a, 0x00, AT29_SECTOR_SIZE);
	at29_model_fault_power_cut(&fx->m, AT29_SECTORS_PER_CHIP + 1, 0);
	cmd3(fx, 0, 0xA0);
	load(fx, a, 4, 0x30);
	cmd3(fx, 1, 0xA0);
	load(fx, b, 4, 0x30);
	wait(fx, AT29_TBLC_US + 100);
	r(fx, a); /* chip 0 is programming */
	r(fx, b); /* chip 1 starts: the cut */
	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	assert_int_equal(r(fx, a), 0xFF);
	assert_int_equal(r(fx, a + 200), 0xFF);
	assert_int_equal(r(fx, b), 0xFF);
}

/* Fault: the window closes after N bytes, as if the caller paused; the rest is dropped. */
static void test_fault_stall(void **state)
{
	struct fixture *fx = *state;
	uint32_t s = SECTOR(70);

	at29_model_fault_stall(&fx->m, 70, 10, 1);
	cmd3(fx, 0, 0xA0);
	load(fx, s, AT29_SECTOR_SIZE, 0);
	settle(fx);
	assert_int_equal(r(fx, s + 9), 9);
	assert_int_equal(r(fx, s + 10), 0xFF);
	assert_int_equal(fx->m.stats.window_closed_early, 1);
	cmd3(fx, 0, 0xA0); /* one shot: the next load is whole */
	load(fx, s, AT29_SECTOR_SIZE, 0);
	settle(fx);
	assert_int_equal(r(fx, s + 200), 200);
}

/* Fault: SDP forced on ignores the disable command; protected loads still program. */
static void test_fault_force_sdp(void **state)
{
	struct fixture *fx = *state;

	at29_model_fault_force_sdp(&fx->m, 0);
	cmd6(fx, 0, 0x20);
	settle(fx);
	r(fx, 0);
	assert_int_equal(ps(fx, 0)->sdp, 1);
	load(fx, SECTOR(80), 1, 0x00);
	settle(fx);
	assert_int_equal(r(fx, SECTOR(80)), 0xFF);
	cmd3(fx, 0, 0xA0);
	load(fx, SECTOR(80), 1, 0x00);
	settle(fx);
	assert_int_equal(r(fx, SECTOR(80)), 0x00);
}

/* Fault: a boot block locked by the knob reads as locked and refuses writes. */
static void test_fault_lock(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(at29_model_fault_lock(&fx->m, 2, true), 0);
	assert_int_equal(at29_model_fault_lock(&fx->m, CHIPS, true), -22);
	cmd3(fx, 2, 0x90);
	assert_int_equal(r(fx, CHIP(2) + 0x7FFF2), 0xFF);
	cmd3(fx, 2, 0xF0);
	cmd3(fx, 2, 0xA0);
	load(fx, CHIP(2) + 0x7FF00, 1, 0x00);
	settle(fx);
	assert_int_equal(r(fx, CHIP(2) + 0x7FF00), 0xFF);
}

/*
 * A run read returns what read8 at each offset would, in every state: reads (a copy), product
 * ID mode, a load in progress and a program cycle (status bytes, I/O6 toggling per read).
 */
static void check_run_read(struct fixture *fx, uint32_t off, uint32_t len)
{
	struct at29_model before = fx->m;
	uint8_t run[64], bytes[64];
	uint64_t t = fx->now;
	uint32_t i;

	assert_true(len <= sizeof(run));
	at29_model_read(&fx->m, off, run, len);
	/* the same state again (status reads toggle I/O6), byte by byte */
	fx->m = before;
	fx->now = t;
	for (i = 0; i < len; i++)
		bytes[i] = r(fx, off + i);
	assert_memory_equal(run, bytes, len);
}

static void test_run_read(void **state)
{
	struct fixture *fx = *state;
	uint8_t run[8];

	power_up(fx, AT29_MODEL_TIMING_DATASHEET);
	/* read mode: a copy of the array */
	fx->array[SECTOR(3) + 5] = 0x12;
	at29_model_read(&fx->m, SECTOR(3), run, 8);
	assert_int_equal(run[5], 0x12);
	check_run_read(fx, SECTOR(3), 8);
	/* product ID mode */
	cmd3(fx, 1, 0x90);
	wait(fx, 10000);
	check_run_read(fx, CHIP(1), 4);
	cmd3(fx, 1, 0xF0);
	wait(fx, 10000);
	/* loading, then programming: status bytes */
	cmd3(fx, 2, 0xA0);
	load(fx, CHIP(2) + SECTOR(1), 256, 0x40);
	check_run_read(fx, CHIP(2) + SECTOR(1), 15);
	at29_model_read(&fx->m, CHIP(2) + SECTOR(1) + 255, run, 2);
	assert_int_not_equal(run[0] & 0x40, run[1] & 0x40); /* I/O6 toggles */
	wait(fx, AT29_TBLC_US + 10);
	check_run_read(fx, CHIP(2) + SECTOR(1), 15);
	settle(fx);
	at29_model_read(&fx->m, CHIP(2) + SECTOR(1), run, 8);
	assert_int_equal(run[0], 0x40);
	assert_int_equal(run[7], 0x47);
	/* powered off: the bus floats */
	at29_model_power_off(&fx->m);
	at29_model_read(&fx->m, SECTOR(3), run, 8);
	assert_int_equal(run[5], AT29_MODEL_FLOAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_pstate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_load_erases_sector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protected_load_enables_sdp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sdp_blocks_plain_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sdp_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sdp_enable_without_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a14_a0_decoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_byte_load_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_any_order_same_sector, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_polling_and_toggle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_ignored_while_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_product_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_lower, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_upper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_cycle_persistence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_off_mid_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bank_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_timing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_stuck, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_power_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_power_cut_two_chips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_stall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_force_sdp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_read, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
