/* Fake platform for the running image's unit tests: console, clock, RTC, NICs, real flash layout. */
#ifndef FAKE_OS_PLATFORM_H
#define FAKE_OS_PLATFORM_H

/*
 * The console, clock, reload counter and NICs are fake_mon_platform's (struct fake); the flash is
 * the real layout code (flash/layout*.c) over the real driver and AT29C040A bank model on the
 * simulated bus (flash/at29_sim.h), so what a command stores can be read back with the layout's
 * own readers. There is no network unless a test sets plat.net, and no flash until
 * fake_os_flash().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_mon_platform.h"
#include "flash/at29_sim.h"
#include "license/lic.h"
#include "os/os.h"

#define FAKE_OS_SERIAL 12345678u
#define FAKE_OS_OTHER_SERIAL 87654321u
#define FAKE_OS_BUILD "Thu 03-Dec-26 10:40 by pixbuild"
#define FAKE_OS_FLASH_BASE 0xe0000000u
#define FAKE_OS_BIOS_BASE 0xfffc0000u
#define FAKE_OS_BIOS_SIZE 0x40000u

/* DESIGN.md's key vectors for serial 12345678. */
extern const struct lic_key fake_os_key_all; /* all six features, 6 interfaces, unlimited */
extern const struct lic_key fake_os_key_no3des; /* no VPN-3DES */
extern const struct lic_key fake_os_key_small; /* none, 2 interfaces, 10 peers, 60 Mbit/s */

#define FAKE_LINK_QUEUE 32 /* frames a fake link holds for its receiver */
#define FAKE_LINK_FRAME 1518

/* Frames waiting for a fake unit on its link (os_link_ops.recv), oldest first. */
struct fake_link_queue {
	uint8_t frame[FAKE_LINK_QUEUE][FAKE_LINK_FRAME];
	size_t len[FAKE_LINK_QUEUE];
	unsigned int head, count;
	unsigned int dropped; /* arrived while full */
};

/*
 * A fake unit's raw-frame link (failover): frames it sends reach its mate's queue while both
 * ends are up; the last frames sent are kept for tests that replay them.
 */
struct fake_link {
	struct os_link_ops ops;
	struct fake_os *mate; /* NULL: the cable leads nowhere */
	struct fake_link_queue rx;
	bool down; /* this end's cable is out */
	unsigned int drop_every; /* 0, or every Nth frame sent is lost on the way */
	int open_err; /* open's result */
	bool no_random; /* the unit has no hardware random source */
	uint8_t mac[6];
	unsigned int opens, sent;
	uint8_t last[FAKE_LINK_FRAME]; /* the last frame sent */
	size_t last_len;
	const char *watch; /* NULL, or bytes to look for in every frame sent */
	unsigned int watched; /* frames sent that held them */
	unsigned int iface; /* the interface open was asked for */
};

/* The fake unit. f must stay first: the platform's callbacks get &f as their context. */
struct fake_os {
	struct fake f; /* console capture, scripted input, clock, reload counter, NICs */
	struct os_platform plat;
	struct os_tm rtc; /* what the real-time clock reads */
	int rtc_err; /* its result: 0, or a negative errno (no clock) */
	unsigned int rtc_reads;
	unsigned int chips; /* 0: no flash */
	uint8_t *array; /* the flash file: the array, the model's state in its last 4 KiB */
	struct at29_sim sim; /* clock, bus, model and driver */
	struct os_identity id; /* what os_init() is handed (boot information) */
	struct fake_link link; /* once fake_os_link() gave the unit one */
	struct os os; /* the session, once fake_os_start() ran */
};

struct fake_os *fake_os_new(unsigned int nic_count);
void fake_os_free(struct fake_os *o);
void fake_os_flash(struct fake_os *o, unsigned int chips, const struct lic_key *key);
uint8_t *fake_os_make_image(const char *version, uint32_t payload_len, uint32_t seed, size_t *len);
void fake_os_install(struct fake_os *o, const char *version, uint32_t seed, bool running);
void fake_os_running_key(struct fake_os *o, const struct lic_key *key);
void fake_os_start(struct fake_os *o);
int fake_os_exec(struct fake_os *o, const char *line);
void fake_os_to_config(struct fake_os *o);
const char *fake_os_out(struct fake_os *o);
void fake_os_clear(struct fake_os *o);
void fake_os_link(struct fake_os *o, struct fake_os *mate);
void fake_os_deliver(struct fake_os *o, const uint8_t *frame, size_t len);

#endif /* FAKE_OS_PLATFORM_H */
