/* Unit tests of flash/at29_sim.c: the simulated bus and clock the host tests and pix-flash share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flash/at29_sim.h"

#define CHIPS 2u
#define MARK_OFF 0x1234u /* a byte of chip 0 the tests look at */
#define MARK 0x5Au

struct fixture {
	uint8_t array[CHIPS * AT29_CHIP_SIZE];
	uint8_t pstate[CHIPS * AT29_PSTATE_SIZE];
	struct at29_sim sim;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	memset(fx->array, 0xFF, sizeof(fx->array));
	fx->array[MARK_OFF] = MARK;
	at29_sim_init(&fx->sim, true);
	assert_int_equal(at29_sim_power_up(&fx->sim, CHIPS, fx->array, fx->pstate,
					   AT29_MODEL_TIMING_FAST),
			 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* A write the model takes and forgets: the read/reset command (F0) to chip 1. */
static void bus_write(struct fixture *fx)
{
	fx->sim.bus.write8(fx->sim.bus.ctx, AT29_CHIP_SIZE, 0xF0);
}

/* The clock starts at 0 and moves only with delays and bus accesses, 100 ns each. */
static void test_clock_and_access_cost(void **state)
{
	struct fixture *fx = *state;
	struct at29_sim *s = &fx->sim;
	uint8_t buf[4];

	assert_int_equal(s->ns, 0);
	assert_int_equal(s->clk.now_us(s->clk.ctx), 0);
	s->clk.delay_us(s->clk.ctx, 7);
	assert_int_equal(s->ns, 7000);
	assert_int_equal(s->clk.now_us(s->clk.ctx), 7);
	assert_int_equal(s->bus.read8(s->bus.ctx, MARK_OFF), MARK);
	assert_int_equal(s->ns, 7000 + AT29_SIM_ACCESS_NS);
	assert_non_null(s->bus.read);
	s->bus.read(s->bus.ctx, MARK_OFF - 1, buf, sizeof(buf));
	assert_memory_equal(buf, fx->array + MARK_OFF - 1, sizeof(buf));
	assert_int_equal(s->ns, 7000 + 5 * AT29_SIM_ACCESS_NS);
	bus_write(fx);
	assert_int_equal(s->ns, 7000 + 6 * AT29_SIM_ACCESS_NS);
	assert_int_equal(s->writes, 1);
}

/* Without the run read the driver is left on its byte path. */
static void test_no_run_read(void **state)
{
	struct fixture *fx = *state;

	at29_sim_init(&fx->sim, false);
	assert_null(fx->sim.bus.read);
	assert_non_null(fx->sim.bus.read8);
	assert_non_null(fx->sim.bus.write8);
}

/* A stall costs its time once, right after the write it is armed for. */
static void test_stall_after_nth_write(void **state)
{
	struct fixture *fx = *state;
	struct at29_sim *s = &fx->sim;
	uint64_t before;
	int i;

	s->stall_at = 3;
	s->stall_ns = 5000;
	for (i = 1; i <= 5; i++) {
		before = s->ns;
		bus_write(fx);
		assert_int_equal(s->writes, i);
		assert_int_equal(s->ns - before, AT29_SIM_ACCESS_NS + (i == 3 ? 5000 : 0));
	}
}

/* A power cut right after the n-th write: the bus floats until the next power-up. */
static void test_power_cut_after_nth_write(void **state)
{
	struct fixture *fx = *state;
	struct at29_sim *s = &fx->sim;

	s->cut_at = 2;
	bus_write(fx);
	assert_int_equal(s->bus.read8(s->bus.ctx, MARK_OFF), MARK);
	bus_write(fx);
	assert_int_equal(s->bus.read8(s->bus.ctx, MARK_OFF), AT29_MODEL_FLOAT);
	assert_int_not_equal(MARK, AT29_MODEL_FLOAT);
	assert_int_equal(at29_sim_power_up(&fx->sim, CHIPS, fx->array, fx->pstate,
					   AT29_MODEL_TIMING_FAST),
			 0);
	assert_int_equal(s->cut_at, 0);
	assert_int_equal(s->bus.read8(s->bus.ctx, MARK_OFF), MARK);
}

/* A power-up disarms a cut not reached yet; the clock and the write count run on. */
static void test_power_up_disarms_cut(void **state)
{
	struct fixture *fx = *state;
	struct at29_sim *s = &fx->sim;
	int i;

	bus_write(fx);
	s->cut_at = s->writes + 2;
	s->ns = 1000000;
	assert_int_equal(at29_sim_power_up(&fx->sim, CHIPS, fx->array, fx->pstate,
					   AT29_MODEL_TIMING_FAST),
			 0);
	assert_int_equal(s->ns, 1000000);
	for (i = 0; i < 4; i++)
		bus_write(fx);
	assert_int_equal(s->writes, 5);
	assert_int_equal(s->bus.read8(s->bus.ctx, MARK_OFF), MARK);
}

/* Start = power-up and probe: the driver instance is ready on the simulated bus. */
static void test_start_probes(void **state)
{
	struct fixture *fx = *state;
	uint8_t b = 0;

	assert_int_equal(
		at29_sim_start(&fx->sim, CHIPS, fx->array, fx->pstate, AT29_MODEL_TIMING_FAST), 0);
	assert_int_equal(fx->sim.f.present, (1u << CHIPS) - 1);
	assert_int_equal(at29_read(&fx->sim.f, MARK_OFF, &b, 1), 0);
	assert_int_equal(b, MARK);
	assert_int_not_equal(
		at29_sim_start(&fx->sim, 0, fx->array, fx->pstate, AT29_MODEL_TIMING_FAST), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clock_and_access_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_run_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stall_after_nth_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut_after_nth_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_up_disarms_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_probes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
