/* Clock: TSC calibrated against a one-shot of PIT channel 2; time since clock_init. */
#include "clock.h"

#include <errno.h>

#include "io.h"
#include "pit_regs.h"

/* Runs PIT channel 2 for CLOCK_CAL_TICKS and returns the TSC cycles it took, 0 on timeout. */
static uint64_t clock_measure_pit_window(void)
{
	uint8_t portb = inb(PORTB) & ~(PORTB_CH2_GATE | PORTB_SPEAKER);
	uint64_t start, now;

	outb(PORTB, portb);
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE0);
	outb(PIT_CH2, CLOCK_CAL_TICKS & 0xff);
	outb(PIT_CH2, CLOCK_CAL_TICKS >> 8);
	outb(PORTB, portb | PORTB_CH2_GATE);
	start = rdtsc();
	do {
		now = rdtsc();
		if (now - start > CLOCK_CAL_TIMEOUT_CYCLES)
			return 0;
	} while (!(inb(PORTB) & PORTB_CH2_OUT));
	outb(PORTB, portb);
	return now - start;
}

/*
 * clock_init - calibrate the TSC against the PIT and start counting from now.
 * Returns 0, or -ETIMEDOUT when the PIT never finished (a default rate is used).
 */
int clock_init(struct clock *c)
{
	uint64_t cycles = clock_measure_pit_window();
	int ret = 0;

	if (cycles) {
		c->tsc_hz = cycles * PIT_HZ / CLOCK_CAL_TICKS;
	} else {
		c->tsc_hz = CLOCK_FALLBACK_HZ;
		ret = -ETIMEDOUT;
	}
	c->cycles_per_us = (uint32_t)(c->tsc_hz / 1000000);
	if (!c->cycles_per_us)
		c->cycles_per_us = 1;
	c->tsc0 = rdtsc();
	return ret;
}

/* clock_us - microseconds since clock_init. */
uint64_t clock_us(const struct clock *c)
{
	return (rdtsc() - c->tsc0) / c->cycles_per_us;
}

/* clock_ms - milliseconds since clock_init. */
uint64_t clock_ms(const struct clock *c)
{
	return clock_us(c) / 1000;
}

/* clock_udelay - wait @us microseconds. */
void clock_udelay(const struct clock *c, uint32_t us)
{
	uint64_t end = clock_us(c) + us;

	while (clock_us(c) < end)
		;
}
