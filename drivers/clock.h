/* Clock: the TSC, calibrated against the 8254 PIT, as microseconds and milliseconds since start. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

#define CLOCK_CAL_TICKS 1193 /* calibration window: 1193 PIT ticks = 1 ms */
#define CLOCK_CAL_TIMEOUT_CYCLES 4000000000ULL /* give up after ~1 s even at 4 GHz */
#define CLOCK_FALLBACK_HZ 1000000000ULL /* assumed when the PIT never answers */

/* A calibrated TSC: cycles per microsecond and the count at start. */
struct clock {
	uint64_t tsc0;
	uint64_t tsc_hz;
	uint32_t cycles_per_us;
};

int clock_init(struct clock *c);
uint64_t clock_us(const struct clock *c);
uint64_t clock_ms(const struct clock *c);
void clock_udelay(const struct clock *c, uint32_t us);

#endif /* CLOCK_H */
