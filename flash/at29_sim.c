/* The bank model on a simulated bus and clock, for host programs: unit tests, fuzzers, pix-flash. */
#include <string.h>

#include "at29_sim.h"

static uint64_t sim_now_us(void *ctx)
{
	return ((struct at29_sim *)ctx)->ns / 1000;
}

static void sim_delay_us(void *ctx, uint32_t us)
{
	((struct at29_sim *)ctx)->ns += (uint64_t)us * 1000;
}

static uint8_t sim_read8(void *ctx, uint32_t off)
{
	struct at29_sim *s = ctx;

	s->ns += AT29_SIM_ACCESS_NS;
	return at29_model_read8(&s->m, off);
}

/* A run of reads: the model's fast path, at the same cost per byte as read8. */
static void sim_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len)
{
	struct at29_sim *s = ctx;

	s->ns += (uint64_t)AT29_SIM_ACCESS_NS * len;
	at29_model_read(&s->m, off, buf, len);
}

/* A store, then the hooks armed for this write: a stall, a power cut, the test's function. */
static void sim_write8(void *ctx, uint32_t off, uint8_t v)
{
	struct at29_sim *s = ctx;

	s->ns += AT29_SIM_ACCESS_NS;
	at29_model_write8(&s->m, off, v);
	if (++s->writes == s->stall_at)
		s->ns += s->stall_ns;
	if (s->writes == s->cut_at)
		at29_model_power_off(&s->m);
	if (s->on_write)
		s->on_write(s->on_write_ctx, off, v);
}

/**
 * at29_sim_init() - sets up the simulated clock and bus (the bank is powered up separately)
 * @s: the simulation; everything in it is reset: clock at 0, no writes, no hooks armed
 * @run_read: offer the bus's run read (the driver's fast path); false leaves the driver on its
 *            byte path (read8 at each offset)
 */
void at29_sim_init(struct at29_sim *s, bool run_read)
{
	memset(s, 0, sizeof(*s));
	s->clk = (struct flash_clock){ sim_now_us, sim_delay_us, s };
	s->bus = (struct flash_bus){ sim_read8, sim_write8, s, run_read ? sim_read : NULL };
}

/**
 * at29_sim_power_up() - powers the bank model up (again) over persistent memory
 * @s: the simulation, from at29_sim_init(); its clock keeps running across power-ups
 * @chips: chips in the bank
 * @array: @chips * AT29_CHIP_SIZE bytes, the flash array
 * @pstate: @chips * AT29_PSTATE_SIZE bytes, the model's persistent state
 * @timing: AT29_MODEL_TIMING_FAST or AT29_MODEL_TIMING_DATASHEET
 *
 * A power cut armed and not yet reached is disarmed: the power came back.
 *
 * Return: 0, or at29_model_init()'s error.
 */
int at29_sim_power_up(struct at29_sim *s, unsigned int chips, uint8_t *array, void *pstate,
		      enum at29_model_timing timing)
{
	struct at29_model_config cfg = { chips, array, pstate, &s->clk, timing };

	s->cut_at = 0;
	return at29_model_init(&s->m, &cfg);
}

/**
 * at29_sim_start() - powers the bank up, as at29_sim_power_up(), and probes it with the driver
 * @s: the simulation, from at29_sim_init(); s->f is the driver instance to use afterwards
 * @chips: chips in the bank
 * @array: the flash array
 * @pstate: the model's persistent state
 * @timing: the model's timing
 *
 * Return: 0, at29_model_init()'s error, or at29_probe()'s (-ENODEV, -EINVAL).
 */
int at29_sim_start(struct at29_sim *s, unsigned int chips, uint8_t *array, void *pstate,
		   enum at29_model_timing timing)
{
	int err = at29_sim_power_up(s, chips, array, pstate, timing);

	return err ? err : at29_probe(&s->f, &s->bus, &s->clk, chips);
}
