/* The byte bus and time source between a parallel flash driver and whatever sits behind it. */
#ifndef FLASH_BUS_H
#define FLASH_BUS_H

#include <stdint.h>

/*
 * A byte-wide bus onto a bank of flash chips, as a CPU sees it: a load and a
 * store at an offset from the start of the bank. On the firmware the offsets
 * land in the chip model; on the host a test wraps the same model.
 */
struct flash_bus {
	uint8_t (*read8)(void *ctx, uint32_t off);
	void (*write8)(void *ctx, uint32_t off, uint8_t v);
	void *ctx;
	/*
	 * Optional (NULL: read8 at each offset): @len reads at consecutive offsets from @off,
	 * all in one chip, with exactly the result of read8 at each, only faster (an array in
	 * read mode is plain memory).
	 */
	void (*read)(void *ctx, uint32_t off, uint8_t *buf, uint32_t len);
};

/*
 * Time for flash code: a monotonic microsecond counter and a delay. Drivers
 * and the model take time only from here (never from the platform clock), so
 * a host test can run them on a clock it advances by hand.
 */
struct flash_clock {
	uint64_t (*now_us)(void *ctx);
	void (*delay_us)(void *ctx, uint32_t us);
	void *ctx;
};

#endif /* FLASH_BUS_H */
