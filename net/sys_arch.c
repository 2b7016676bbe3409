/* lwIP's system hooks for NO_SYS: time (sys_now), random numbers, assertions, TCP's ISNs. */
#include <stdbool.h>
#include <stdint.h>

#include "lwip/arch.h"
#include "lwip/sys.h"
#include "netstack.h"
#if LWIP_TCP
#include "lwip/priv/tcp_priv.h" /* tcp_ticks */
#include "lwip_hooks.h"
#include "tcp_isn.h"
#endif

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

#if LWIP_TCP
/* The hardware's random source, set by the platform, and the ISN secret drawn from it once. */
static int (*net_sys_random)(void *ctx, void *buf, size_t len);
static void *net_sys_random_ctx;
static uint8_t net_sys_isn_key[NET_TCP_ISN_KEY_LEN];
static bool net_sys_isn_keyed;

/* net_sys_set_random - the source of the TCP ISNs' secret: 0 when it filled @buf. */
void net_sys_set_random(int (*random)(void *ctx, void *buf, size_t len), void *ctx)
{
	net_sys_random = random;
	net_sys_random_ctx = ctx;
}

/**
 * net_lwip_tcp_isn() - LWIP_HOOK_TCP_ISN: a new connection's ISN (RFC 6528, net/tcp_isn.c),
 * keyed with a secret from the random source drawn at the first connection.
 * @local_ip: the connection's local address
 * @local_port: its local port, host order
 * @remote_ip: the peer's address
 * @remote_port: the peer's port, host order
 *
 * Return: the ISN. With no random source (a processor without RDRAND, where the running image
 * already refuses https), lwIP's own ISN, which is predictable (the last one plus the ticks
 * since): TFTP and plain HTTP authenticate nothing either, and no fixed or time-only secret
 * would be less predictable.
 */
u32_t net_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
		       u16_t remote_port)
{
	static u32_t lwip_iss = 6510; /* tcp.c's tcp_next_iss() without the hook */
	struct net_tcp_isn_tuple t;
	uint64_t now = net_sys_clock ? net_sys_clock->now_ms(net_sys_clock->ctx) : 0;

	if (!net_sys_isn_keyed && net_sys_random &&
	    !net_sys_random(net_sys_random_ctx, net_sys_isn_key, sizeof(net_sys_isn_key)))
		net_sys_isn_keyed = true;
	if (!net_sys_isn_keyed) {
		lwip_iss += tcp_ticks;
		return lwip_iss;
	}
	t = (struct net_tcp_isn_tuple){
		.local_ip = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(local_ip))),
		.remote_ip = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(remote_ip))),
		.local_port = local_port,
		.remote_port = remote_port,
	};
	return net_tcp_isn(net_sys_isn_key, &t, now);
}
#endif /* LWIP_TCP */

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
