/* Fake platform for the monitor's unit tests: scripted console input, captured output, clock, flash. */
#ifndef FAKE_MON_PLATFORM_H
#define FAKE_MON_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "mon.h"

#define FAKE_IN_MAX 8192
#define FAKE_OUT_MAX 65536
#define FAKE_START_MS 5000000u /* the clock does not start at 0, so tests use differences */
#define FAKE_IDLE_POLLS_MAX 1000000u /* getc calls on an empty queue before the test fails */
#define FAKE_FLASH_BASE 0xe0000000u /* where the fake flash says it is (the admin loader banner) */
#define FAKE_KEY_REFUSED "The activation key is not valid." /* store_key's message on failure */
#define FAKE_WRITE_FAILED "flash write failed" /* install's message on failure */

/* One scripted input value and the time from which getc may deliver it. */
struct fake_key {
	int c;
	uint64_t at_ms;
};

/*
 * The fake flash behind mon_flash: inspect reports @info whatever the image, store_key and install
 * succeed unless told to fail; each call is counted, with what it was given, so a test can
 * assert what the monitor asked of the flash (and that it asked nothing more).
 */
struct fake_flash {
	struct mon_install_info info; /* what inspect reports */
	int store_err; /* store_key's result; FAKE_KEY_REFUSED is its message when not 0 */
	int install_err; /* install's result; FAKE_WRITE_FAILED is its message when not 0 */
	char words[256]; /* the last key store_key was given */
	uint64_t len; /* of the last image inspected */
	unsigned int inspects, stores, installs, boots;
	struct mon_flash mon; /* what plat.flash points at once fake_attach_flash() is called */
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
	struct fake_flash flash;
	struct mon_console con;
	struct mon_platform plat;
};

void fake_init(struct fake *f, unsigned int nic_count);
void fake_type(struct fake *f, const char *s);
void fake_key(struct fake *f, int c);
void fake_key_at(struct fake *f, uint64_t at_ms, int c);
void fake_clear_output(struct fake *f);
void fake_attach_flash(struct fake *f);

#endif /* FAKE_MON_PLATFORM_H */
