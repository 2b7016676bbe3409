/* Clock: TSC calibrated against a one-shot of PIT channel 2; time since clock_init. */
#include "clock.h"

#include <errno.h>

#include "io.h"
#include "pit_regs.h"

/* Starts PIT channel 2 counting down from 0xFFFF in mode 0 (OUT2 rises when it wraps). */
static void clock_pit_start(void)
{
	uint8_t portb = inb(PORTB) & ~(PORTB_CH2_GATE | PORTB_SPEAKER);

	outb(PORTB, portb);
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE0);
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
	outb(PORTB, portb | PORTB_CH2_GATE);
}

/* True once channel 2 has counted through zero since clock_pit_start. */
static bool clock_pit_wrapped(void)
{
	return inb(PORTB) & PORTB_CH2_OUT;
}

/*
 * Reads channel 2's count together with the TSC at the moment of the latch:
 * of CLOCK_SAMPLE_TRIES reads, the one with the narrowest TSC bracket, at its middle.
 */
static void clock_sample(uint64_t *tsc, uint16_t *pit)
{
	uint64_t best = ~0ULL, t1, t2;
	uint8_t lo, hi;
	int i;

	for (i = 0; i < CLOCK_SAMPLE_TRIES; i++) {
		t1 = rdtsc();
		outb(PIT_MODE, PIT_SEL_CH2 | PIT_LATCH);
		lo = inb(PIT_CH2);
		hi = inb(PIT_CH2);
		t2 = rdtsc();
		if (t2 - t1 < best) {
			best = t2 - t1;
			*tsc = t1 + (t2 - t1) / 2;
			*pit = (uint16_t)(hi << 8 | lo);
		}
	}
}

/*
 * Sets the TSC rate and the fixed-point factors that turn cycles into time. Time is read on
 * every turn of every polling loop (several times per received frame), so it is a multiply
 * and a shift: a 64-bit division is a library call of a hundred instructions on i386.
 */
static void clock_set_rate(struct clock *c, uint64_t hz)
{
	if (hz < CLOCK_MIN_HZ)
		hz = CLOCK_MIN_HZ;
	c->tsc_hz = hz;
	c->us_mul = (uint32_t)((1000000ULL << 32) / hz);
	c->ms_mul = (uint32_t)((1000ULL << CLOCK_MS_SHIFT) / hz);
}

/* (@cycles * @mul) >> 32 without losing the high bits of the 96-bit product. */
static uint64_t clock_scale(uint64_t cycles, uint32_t mul)
{
	uint64_t hi = (cycles >> 32) * mul;
	uint64_t lo = ((cycles & 0xffffffffULL) * mul) >> 32;

	return hi + lo;
}

/*
 * clock_init - start time at zero and start calibrating. Until clock_calibrate
 * the rate is CLOCK_PROVISIONAL_HZ: good enough to bound waits, not to count seconds.
 */
void clock_init(struct clock *c)
{
	c->calibrated = false;
	clock_set_rate(c, CLOCK_PROVISIONAL_HZ);
	clock_pit_start();
	clock_sample(&c->cal_tsc, &c->cal_pit);
	c->tsc0 = c->cal_tsc;
}

/*
 * clock_calibrate - finish calibration, waiting until at least
 * CLOCK_CAL_MIN_TICKS have passed since clock_init (restarting the window if
 * the PIT wrapped because more than ~55 ms went by).
 * Returns 0, or -ETIMEDOUT when the PIT does not count (the provisional rate stays).
 */
int clock_calibrate(struct clock *c)
{
	uint64_t start = rdtsc(), tsc;
	uint16_t pit, ticks;

	while (rdtsc() - start < CLOCK_CAL_TIMEOUT_CYCLES) {
		clock_sample(&tsc, &pit);
		if (clock_pit_wrapped()) {
			clock_pit_start();
			clock_sample(&c->cal_tsc, &c->cal_pit);
			continue;
		}
		ticks = (uint16_t)(c->cal_pit - pit);
		if (ticks >= CLOCK_CAL_MIN_TICKS) {
			clock_set_rate(c, (tsc - c->cal_tsc) * PIT_HZ / ticks);
			c->calibrated = true;
			return 0;
		}
	}
	c->calibrated = true; /* done trying: keep the provisional rate */
	return -ETIMEDOUT;
}

/* clock_us - microseconds since clock_init. */
uint64_t clock_us(const struct clock *c)
{
	return clock_scale(rdtsc() - c->tsc0, c->us_mul);
}

/* clock_ms - milliseconds since clock_init. */
uint64_t clock_ms(const struct clock *c)
{
	return clock_scale(rdtsc() - c->tsc0, c->ms_mul) >> (CLOCK_MS_SHIFT - 32);
}

/* clock_udelay - wait @us microseconds. */
void clock_udelay(const struct clock *c, uint32_t us)
{
	uint64_t end = clock_us(c) + us;

	while (clock_us(c) < end)
		;
}
