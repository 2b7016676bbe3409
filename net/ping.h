/* ICMP echo over lwIP's raw API: one outstanding echo at a time, matched by id and sequence. */
#ifndef NET_PING_H
#define NET_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_PING_IP_LEN_MIN 28 /* IP + ICMP headers, no data */
#define NET_PING_IP_LEN_MAX 1500 /* one unfragmented frame */

struct raw_pcb;

/* One echo exchange: the destination, our identifier, and the state of the current echo. */
struct net_ping {
	struct raw_pcb *pcb;
	uint32_t dst; /* host order */
	uint16_t id;
	uint16_t seq; /* of the echo in flight */
	bool replied; /* its reply arrived */
	uint32_t ignored; /* ICMP packets that were not our reply */
};

int net_ping_open(struct net_ping *p, uint32_t dst, uint16_t id);
int net_ping_send(struct net_ping *p, uint16_t seq, size_t ip_len);
void net_ping_close(struct net_ping *p);

#endif /* NET_PING_H */
