/* A bank of emulated Atmel AT29C040A flash chips behind a byte bus, with fault injection. */
#ifndef AT29_MODEL_H
#define AT29_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at29_regs.h"
#include "flash_bus.h"

#define AT29_MODEL_MAX_CHIPS 16u
#define AT29_MODEL_DEFAULT_CHIPS 16u
#define AT29_MODEL_FAST_TWC_US 50u /* program cycle in fast timing */
#define AT29_MODEL_ANY_SECTOR 0xFFFFFFFFu /* fault knob: the next sector programmed */
#define AT29_MODEL_NO_FAULT 0xFFFFFFFEu /* fault knob: disarmed */
#define AT29_MODEL_ALWAYS 0xFFFFFFFFu /* fault knob: fire on every match */
#define AT29_MODEL_FLOAT 0xFFu /* what a read returns with the bank powered off */

/*
 * Persistent state of one chip: what the real part keeps in non-volatile
 * cells besides its array (software data protection and the two boot block
 * lockout fuses). The caller provides chips * AT29_PSTATE_SIZE bytes of
 * persistent memory, chip i at byte i * AT29_PSTATE_SIZE; little-endian:
 *   0  u32 magic    AT29_PSTATE_MAGIC once initialised ("A29P")
 *   4  u8  version  AT29_PSTATE_VERSION
 *   5  u8  sdp      1: software data protection enabled
 *   6  u8  lock_lo  1: lower boot block (0x00000-0x03FFF) locked out
 *   7  u8  lock_hi  1: upper boot block (0x7C000-0x7FFFF) locked out
 *   8  u8  rsvd[8]  zero
 * Any other magic (a zero-filled new file) is a chip fresh from the factory:
 * SDP off, no lockout; at29_model_init writes that state.
 */
#define AT29_PSTATE_MAGIC 0x50393241u
#define AT29_PSTATE_VERSION 1u
#define AT29_PSTATE_SIZE 16u

struct at29_pstate {
	uint32_t magic;
	uint8_t version;
	uint8_t sdp;
	uint8_t lock_lo;
	uint8_t lock_hi;
	uint8_t rsvd[8];
};
_Static_assert(sizeof(struct at29_pstate) == AT29_PSTATE_SIZE, "persistent chip state layout");

/* Program cycle length: the datasheet maximum (tWC = 10 ms) or a fast one for quick runs. */
enum at29_model_timing {
	AT29_MODEL_TIMING_DATASHEET,
	AT29_MODEL_TIMING_FAST,
};

/* Command state of one chip (volatile: a power cut forgets it). */
enum at29_chip_state {
	AT29_ST_READ, /* array reads; waiting for a command or (SDP off) a byte */
	AT29_ST_CMD1, /* AA to 5555 seen */
	AT29_ST_CMD2, /* AA 55 seen */
	AT29_ST_CMD3, /* AA 55 80 seen */
	AT29_ST_CMD4, /* AA 55 80 AA seen */
	AT29_ST_CMD5, /* AA 55 80 AA 55 seen */
	AT29_ST_LOCK, /* AA 55 80 AA 55 40 seen: the next write picks the boot block */
	AT29_ST_ARMED, /* A0 or 20 command: load window open, no byte yet */
	AT29_ST_LOAD, /* bytes of one sector latched, load window open */
	AT29_ST_BUSY, /* program cycle running: reads are status */
};

/* Pending change of software data protection, applied when the cycle ends. */
enum at29_sdp_change {
	AT29_SDP_KEEP,
	AT29_SDP_SET,
	AT29_SDP_CLEAR,
};

/* Volatile state of one chip. */
struct at29_chip {
	enum at29_chip_state state;
	enum at29_sdp_change sdp_change;
	bool id_mode; /* product identification mode */
	bool toggle; /* I/O6 during a cycle */
	bool commit; /* the cycle writes the array (false: dummy or locked) */
	uint32_t sector; /* sector (within the chip) of the load or cycle */
	uint32_t nloaded; /* bytes latched in this load */
	uint8_t last; /* last byte loaded: DATA polling shows its I/O7 inverted */
	uint64_t t_last_us; /* time of the last byte (or command) of the load */
	uint64_t t_end_us; /* end of the program cycle; UINT64_MAX: never */
	uint8_t buf[AT29_SECTOR_SIZE]; /* latched data; unloaded bytes are FF */
};

/* Fault knobs: each acts on an absolute sector (chip * 2048 + sector) or ANY. */
struct at29_model_faults {
	uint32_t stuck_sector; /* program cycle never ends (until power off) */
	uint32_t cut_sector; /* power fails as this sector's cycle runs */
	uint32_t cut_bytes; /* ... after this many bytes of it were programmed */
	uint32_t stall_sector; /* load window closes early (caller too slow) */
	uint32_t stall_after; /* ... after this many bytes were latched */
	uint32_t stall_count; /* ... this many times (AT29_MODEL_ALWAYS: forever) */
	uint32_t sdp_forced; /* bitmask of chips whose SDP cannot be disabled */
};

/* Counters, for tests and benchmarks. */
struct at29_model_stats {
	uint32_t cycles; /* program cycles started */
	uint32_t programmed; /* cycles that changed the array */
	uint32_t ignored; /* writes dropped (busy, wrong sector, off) */
	uint32_t dummy; /* cycles that left the array alone (SDP, lockout) */
	uint32_t window_closed_early; /* stall fault fired */
};

/* Where a bank lives: all memory is the caller's. */
struct at29_model_config {
	unsigned int chips; /* 1..AT29_MODEL_MAX_CHIPS */
	uint8_t *array; /* chips * AT29_CHIP_SIZE bytes, persistent */
	void *pstate; /* chips * AT29_PSTATE_SIZE bytes, persistent */
	const struct flash_clock *clk; /* only now_us is used */
	enum at29_model_timing timing;
};

struct at29_model {
	unsigned int chips;
	uint8_t *array;
	struct at29_pstate *pstate;
	const struct flash_clock *clk;
	uint32_t twc_us;
	bool powered;
	struct at29_model_faults faults;
	struct at29_model_stats stats;
	struct at29_chip chip[AT29_MODEL_MAX_CHIPS];
};

int at29_model_init(struct at29_model *m, const struct at29_model_config *cfg);
void at29_model_bus(struct at29_model *m, struct flash_bus *bus);
uint8_t at29_model_read8(void *ctx, uint32_t off);
void at29_model_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len);
void at29_model_write8(void *ctx, uint32_t off, uint8_t v);
void at29_model_sync(struct at29_model *m);
void at29_model_power_off(struct at29_model *m);
bool at29_model_busy(struct at29_model *m, unsigned int chip);

void at29_model_fault_clear(struct at29_model *m);
void at29_model_fault_stuck(struct at29_model *m, uint32_t abs_sector);
void at29_model_fault_power_cut(struct at29_model *m, uint32_t abs_sector, uint32_t bytes);
void at29_model_fault_stall(struct at29_model *m, uint32_t abs_sector, uint32_t after_bytes,
			    uint32_t count);
void at29_model_fault_force_sdp(struct at29_model *m, unsigned int chip);
int at29_model_fault_lock(struct at29_model *m, unsigned int chip, bool upper);

#endif /* AT29_MODEL_H */
