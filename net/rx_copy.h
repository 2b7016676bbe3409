/* A received frame copied out of the NIC's buffer, its UDP checksum checked on the way. */
#ifndef NET_RX_COPY_H
#define NET_RX_COPY_H

#include <stddef.h>

/* What net_rx_copy() found out about the frame's UDP checksum. */
enum net_rx_csum {
	NET_RX_CSUM_NONE, /* not a datagram lwIP's UDP input would check: nothing to say */
	NET_RX_CSUM_GOOD, /* a complete, unfragmented IPv4 UDP datagram whose checksum holds */
	NET_RX_CSUM_BAD, /* the same, with a checksum that does not hold */
};

enum net_rx_csum net_rx_copy(void *dst, const void *frame, size_t len);

#endif /* NET_RX_COPY_H */
