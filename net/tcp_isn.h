/* TCP initial sequence numbers as RFC 6528 has them: a clock plus a keyed hash of the connection. */
#ifndef NET_TCP_ISN_H
#define NET_TCP_ISN_H

#include <stdint.h>

#define NET_TCP_ISN_KEY_LEN 32 /* the secret, from the hardware's random source, once per boot */
#define NET_TCP_ISN_TICKS_PER_MS 250 /* RFC 6528's M: a timer of 4 microsecond ticks */

/* A connection's four numbers, host order. */
struct net_tcp_isn_tuple {
	uint32_t local_ip;
	uint32_t remote_ip;
	uint16_t local_port;
	uint16_t remote_port;
};

uint32_t net_tcp_isn(const uint8_t key[NET_TCP_ISN_KEY_LEN], const struct net_tcp_isn_tuple *t,
		     uint64_t now_ms);

#endif /* NET_TCP_ISN_H */
