/* lwIP's system hooks for NO_SYS: time (sys_now), random numbers, assertions. */
#include <stdint.h>

#include "lwip/arch.h"
#include "lwip/sys.h"
#include "netstack.h"

/* The clock the stack reads and where a broken invariant is reported; set by the platform.
 * lwIP's own design (sys_now, LWIP_PLATFORM_ASSERT) needs them global. */
static const struct net_clock *net_sys_clock;
static void (*net_sys_panic)(const char *msg, const char *file, int line);

/* net_sys_set_clock - give lwIP its time source. */
void net_sys_set_clock(const struct net_clock *c)
{
	net_sys_clock = c;
}

/* sys_now - lwIP's millisecond clock (wraps after 49 days, as lwIP expects). */
u32_t sys_now(void)
{
	return net_sys_clock ? (u32_t)net_sys_clock->now_ms(net_sys_clock->ctx) : 0;
}

/* net_lwip_rand - a xorshift PRNG seeded from the clock: for local ports and IDs, not crypto. */
uint32_t net_lwip_rand(void)
{
	static uint32_t state;

	if (!state)
		state = (uint32_t)sys_now() * 2654435761u | 1;
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

/* net_sys_set_panic - where lwIP's assertion failures go (the platform reports and stops). */
void net_sys_set_panic(void (*panic)(const char *msg, const char *file, int line))
{
	net_sys_panic = panic;
}

/*
 * net_lwip_assert - lwIP found its own state broken: hand it to the platform,
 * which reports it and stops the machine rather than let it corrupt memory.
 */
void net_lwip_assert(const char *msg, const char *file, int line)
{
	if (net_sys_panic)
		net_sys_panic(msg, file, line);
	for (;;) /* no platform hook: nothing sane is left to do */
		;
}
