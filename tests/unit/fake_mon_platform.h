/* Fake platform for the monitor's unit tests: scripted console input, captured output, clock. */
#ifndef FAKE_MON_PLATFORM_H
#define FAKE_MON_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "mon.h"

#define FAKE_IN_MAX 8192
#define FAKE_OUT_MAX 65536
#define FAKE_START_MS 5000000u /* the clock does not start at 0, so tests use differences */
#define FAKE_IDLE_POLLS_MAX 1000000u /* getc calls on an empty queue before the test fails */

/* One scripted input value and the time from which getc may deliver it. */
struct fake_key {
	int c;
	uint64_t at_ms;
};

/* The whole fake; tests reach it through plat.ctx and con.ctx. */
struct fake {
	struct fake_key in[FAKE_IN_MAX];
	size_t in_len;
	size_t in_pos;
	char out[FAKE_OUT_MAX + 1]; /* always NUL terminated */
	size_t out_len;
	uint64_t now_ms;
	uint64_t ms_per_getc; /* each getc call advances the clock by this */
	unsigned long getc_calls;
	unsigned long idle_polls;
	unsigned int reloads;
	struct mon_nic nics[MON_NIC_MAX + 2];
	struct mon_console con;
	struct mon_platform plat;
};

void fake_init(struct fake *f, unsigned int nic_count);
void fake_type(struct fake *f, const char *s);
void fake_key(struct fake *f, int c);
void fake_key_at(struct fake *f, uint64_t at_ms, int c);
void fake_clear_output(struct fake *f);

#endif /* FAKE_MON_PLATFORM_H */
