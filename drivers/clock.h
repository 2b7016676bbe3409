/* Clock: the TSC, calibrated against the 8254 PIT, as microseconds and milliseconds since start. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_CAL_MIN_TICKS 2386 /* calibration window: at least 2 ms of PIT ticks */
#define CLOCK_CAL_TIMEOUT_CYCLES 8000000000ULL /* give up after ~2 s even at 4 GHz */
#define CLOCK_PROVISIONAL_HZ 1000000000ULL /* rate assumed before calibration ends */
#define CLOCK_SAMPLE_TRIES 4 /* PIT reads per sample; the tightest TSC bracket wins */
#define CLOCK_MIN_HZ 1000001ULL /* slowest TSC the fixed-point factors can express */
#define CLOCK_MS_SHIFT 42 /* fixed point of ms_mul: 2^42 / 10^3 keeps it near 2^32 / 10^6 */

/*
 * A TSC clock. Calibration runs in the background of boot: clock_init starts a
 * PIT one-shot and samples it; clock_calibrate samples again at least
 * CLOCK_CAL_MIN_TICKS later. Pauses of the CPU in between do not matter (both
 * counters keep running); only the two samples must be tight, so each is
 * bracketed by TSC reads and retried.
 */
struct clock {
	uint64_t tsc0; /* TSC at clock_init: time zero */
	uint64_t tsc_hz; /* provisional until calibrated */
	uint32_t us_mul; /* microseconds = cycles * us_mul >> 32 */
	uint32_t ms_mul; /* milliseconds = cycles * ms_mul >> CLOCK_MS_SHIFT */
	uint64_t cal_tsc; /* TSC at the start sample */
	uint16_t cal_pit; /* PIT count at the start sample */
	bool calibrated; /* clock_calibrate has run (tsc_hz is final) */
};

void clock_init(struct clock *c);
int clock_calibrate(struct clock *c);
uint64_t clock_us(const struct clock *c);
uint64_t clock_ms(const struct clock *c);
void clock_udelay(const struct clock *c, uint32_t us);

#endif /* CLOCK_H */
