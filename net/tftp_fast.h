/*
 * The next TFTP DATA block found in a received frame and copied straight into the download area,
 * and the frame that answers it.
 */
#ifndef NET_TFTP_FAST_H
#define NET_TFTP_FAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tftp_frame.h"

/* A DATA packet that tftp_fast_parse() found in a frame. */
struct tftp_fast_data {
	uint16_t sport; /* its UDP source port: the server's TID, if the core agrees */
	uint16_t block; /* its block number */
	uint16_t udp_len; /* UDP header and payload, bytes */
	size_t n; /* data bytes after the 4-byte TFTP header */
};

#define TFTP_FAST_MAC_LEN 6 /* an Ethernet address, bytes */

/* Where a reply built by tftp_fast_reply() goes on the link, and its IPv4 header's variable part. */
struct tftp_fast_link {
	uint8_t from[TFTP_FAST_MAC_LEN]; /* our MAC */
	uint8_t to[TFTP_FAST_MAC_LEN]; /* the next hop's: the server, or the router before it */
	uint8_t ttl;
	uint16_t ip_id;
};

bool tftp_fast_parse(const struct tftp_frame_filter *f, const uint8_t *frame, size_t len,
		     struct tftp_fast_data *d);
bool tftp_fast_copy(void *dst, const uint8_t *frame, const struct tftp_fast_data *d);
size_t tftp_fast_reply(uint8_t *out, size_t max, const struct tftp_frame_filter *f,
		       const struct tftp_fast_link *l, uint16_t tid, const void *pkt, size_t len);

#endif /* NET_TFTP_FAST_H */
