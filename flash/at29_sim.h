/* The bank model on a simulated bus and clock, for host programs: unit tests, fuzzers, pix-flash. */
#ifndef FLASH_AT29_SIM_H
#define FLASH_AT29_SIM_H

/*
 * What the firmware gets from ivshmem and the TSC, a host program gets from here: a flash_bus
 * whose every access lands in the chip model (at29_model.c) and costs AT29_SIM_ACCESS_NS on a
 * simulated clock, and a flash_clock that only that clock moves (a delay advances it), so the
 * model's timing rules (byte-load window, write cycle) hold exactly and a test's time is
 * repeatable. Hooks for tests, counted in bus writes: a CPU stall after the n-th write, and a
 * power cut right after the n-th write; and a function called after every write, which sees
 * the commands the driver sends (to arm a model fault at the k-th sector load, say). Host only:
 * the firmware never links it.
 */

#include <stdbool.h>
#include <stdint.h>

#include "at29.h"
#include "at29_model.h"
#include "flash_bus.h"

#define AT29_SIM_ACCESS_NS 100u /* simulated cost of one bus access (read or write) */

struct at29_sim {
	uint64_t ns; /* the simulated clock; only bus accesses, delays and stalls move it */
	uint64_t writes; /* bus writes so far */
	uint64_t stall_at; /* right after this bus write, the CPU pauses stall_ns (0: never) */
	uint64_t stall_ns;
	uint64_t cut_at; /* the power fails right after this bus write (0: never) */
	void (*on_write)(void *ctx, uint32_t off, uint8_t v); /* after each bus write, or NULL */
	void *on_write_ctx;
	struct flash_clock clk;
	struct flash_bus bus;
	struct at29_model m;
	struct at29 f;
};

void at29_sim_init(struct at29_sim *s, bool run_read);
int at29_sim_power_up(struct at29_sim *s, unsigned int chips, uint8_t *array, void *pstate,
		      enum at29_model_timing timing);
int at29_sim_start(struct at29_sim *s, unsigned int chips, uint8_t *array, void *pstate,
		   enum at29_model_timing timing);

#endif /* FLASH_AT29_SIM_H */
