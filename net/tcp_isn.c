/*
 * TCP initial sequence numbers (RFC 6528 section 3): ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey), M a 4 microsecond timer, F the first 32 bits of SHA-256 over the four
 * numbers and the secret. Without the secret an observer of one connection's ISN learns nothing
 * of another's; the timer keeps the ISNs of one four-tuple increasing, as RFC 793 wants of
 * successive incarnations. Kept apart from lwIP (its hook is in sys_arch.c) so that host tests
 * can check it.
 */
#include "tcp_isn.h"

#include <string.h>

#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"

/* @v into @p, most significant byte first (the wire's order, and the hash's input). */
static uint8_t *net_tcp_isn_put(uint8_t *p, uint32_t v, unsigned int bytes)
{
	while (bytes--)
		*p++ = (uint8_t)(v >> (8 * bytes));
	return p;
}

/**
 * net_tcp_isn() - The initial sequence number of a new connection.
 * @key: the secret (NET_TCP_ISN_KEY_LEN random bytes, the same for every connection of a boot)
 * @t: the connection's addresses and ports
 * @now_ms: the time, in milliseconds from any fixed point
 *
 * Return: the ISN.
 */
uint32_t net_tcp_isn(const uint8_t key[NET_TCP_ISN_KEY_LEN], const struct net_tcp_isn_tuple *t,
		     uint64_t now_ms)
{
	uint8_t in[12 + NET_TCP_ISN_KEY_LEN], out[32], *p = in;
	uint32_t f;

	p = net_tcp_isn_put(p, t->local_ip, 4);
	p = net_tcp_isn_put(p, t->local_port, 2);
	p = net_tcp_isn_put(p, t->remote_ip, 4);
	p = net_tcp_isn_put(p, t->remote_port, 2);
	memcpy(p, key, NET_TCP_ISN_KEY_LEN);
	mbedtls_sha256_ret(in, sizeof(in), out, 0);
	f = (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 | (uint32_t)out[2] << 8 | out[3];
	mbedtls_platform_zeroize(in, sizeof(in));
	mbedtls_platform_zeroize(out, sizeof(out));
	return f + (uint32_t)(now_ms * NET_TCP_ISN_TICKS_PER_MS);
}
