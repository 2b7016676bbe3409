/* Driver for a bank of Atmel AT29C040A flash chips on a byte bus. */
#ifndef AT29_H
#define AT29_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at29_regs.h"
#include "flash_bus.h"

#define AT29_MAX_CHIPS 16u
#define AT29_POLL_US 10u /* pause between rounds of DATA polling when no chip is ready */
#define AT29_PROGRAM_TIMEOUT_US (AT29_TBLC_US + 2 * AT29_TWC_MAX_US) /* load end to done */
/*
 * Loads of one sector before it is reported bad. A load the CPU cannot finish inside the
 * 150 us byte-load window programs a partial sector and is simply loaded again; under an
 * emulator the vCPU can be descheduled for milliseconds, several times in a row.
 */
#define AT29_WRITE_TRIES 8u
#define AT29_NO_SECTOR 0xFFFFFFFFu

/* Why the last operation failed (with err_sector). */
enum at29_err {
	AT29_ERR_NONE,
	AT29_ERR_TIMEOUT, /* DATA polling never showed the data: -ETIMEDOUT */
	AT29_ERR_VERIFY, /* read back differs after AT29_WRITE_TRIES loads: -EIO */
	AT29_ERR_LOCKED, /* the sector is in a locked boot block and would change: -EIO */
};

struct at29_stats {
	uint32_t programmed; /* sectors programmed and verified */
	uint32_t skipped; /* sectors that already held the data */
	uint32_t retries; /* sector loads repeated after a failed verify */
};

/*
 * An area interleaved over chips a sector at a time (RAID 0 with 256-byte stripes): sector k of
 * the area is chip first + k % chips, at chip_off + (k / chips) * 256 inside it. A write to it
 * keeps every chip of the area programming at once; see at29_write_stripe.
 */
struct at29_stripe {
	uint32_t chip_off; /* where the area starts inside each chip, sector aligned */
	uint32_t per_chip; /* bytes of the area in each chip, whole sectors */
	unsigned int first; /* first chip */
	unsigned int chips; /* chips it spans (0: an empty area) */
};

/* One chip's share of an overlapped write. */
struct at29_slot {
	bool active; /* has sectors left or a cycle running */
	bool busy; /* a sector was loaded and is being programmed */
	uint32_t next; /* absolute sector being or to be programmed */
	uint32_t end; /* last absolute sector of the write on this chip */
	uint32_t tries; /* loads of sector next so far */
	uint32_t bytes; /* bytes of the caller's data in sector next */
	uint64_t t_loaded_us; /* when the last byte of the load went out */
	uint8_t img[AT29_SECTOR_SIZE]; /* what sector next must hold */
};

struct at29 {
	struct flash_bus bus;
	struct flash_clock clk;
	unsigned int chips; /* chips on the bus, as probed */
	uint32_t present; /* bitmask: chips that answered Atmel / AT29C040A */
	uint8_t id[AT29_MAX_CHIPS][2]; /* manufacturer and device code read per chip */
	uint32_t lock_lo; /* bitmask: lower boot block locked out */
	uint32_t lock_hi; /* bitmask: upper boot block locked out */
	uint32_t err_sector; /* absolute sector (chip * 2048 + sector) of the last failure */
	enum at29_err err_cause;
	struct at29_stats stats;
	struct at29_slot slot[AT29_MAX_CHIPS];
};

int at29_probe(struct at29 *f, const struct flash_bus *bus, const struct flash_clock *clk,
	       unsigned int chips);
uint32_t at29_size(const struct at29 *f);
int at29_read(struct at29 *f, uint32_t off, void *buf, size_t len);
int at29_write(struct at29 *f, uint32_t off, const void *data, size_t len,
	       void (*progress)(void *ctx, size_t done), void *ctx);
uint32_t at29_stripe_size(const struct at29_stripe *st);
uint32_t at29_stripe_addr(const struct at29_stripe *st, uint32_t off);
int at29_read_stripe(struct at29 *f, const struct at29_stripe *st, uint32_t off, void *buf,
		     size_t len);
int at29_write_stripe(struct at29 *f, const struct at29_stripe *st, uint32_t off, const void *data,
		      size_t len, void (*progress)(void *ctx, size_t done), void *ctx);
int at29_enable_protection(struct at29 *f);
int at29_disable_protection(struct at29 *f);
int at29_lock_boot_block(struct at29 *f, uint32_t off);
bool at29_boot_block_locked(const struct at29 *f, uint32_t off);

#endif /* AT29_H */
