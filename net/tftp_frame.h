/* Table 11-2 trace codes seen below TFTP: classifies every received frame during a download. */
#ifndef TFTP_FRAME_H
#define TFTP_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* What a received frame means to the download in progress: codes 2 to 8 are Table 11-2's. */
enum tftp_frame_kind {
	TFTP_FRAME_OTHER = 0, /* nothing to report (ours and well formed, or not addressed to us) */
	TFTP_FRAME_SHORT = 2, /* the frame ends before its IP header or its IP packet does */
	TFTP_FRAME_SERVER = 3, /* UDP to our port from an address other than the server */
	TFTP_FRAME_IP_HLEN = 4, /* IP header length too small or longer than the packet */
	TFTP_FRAME_NOT_UDP = 5, /* IP to us that is not UDP (ICMP excepted: ping and errors) */
	TFTP_FRAME_DEST = 6, /* UDP from the server to another address than ours */
	TFTP_FRAME_PORTS = 7, /* UDP from the server to another port than our transfer's */
	TFTP_FRAME_CSUM = 8, /* UDP from the server with a bad checksum */
	TFTP_FRAME_ARP = 0x100, /* an ARP packet: trace prints "A" (no Table 11-2 code) */
	TFTP_FRAME_NON_IP, /* another EtherType: trace prints "(proto)" (no Table 11-2 code) */
};

/* The download's addresses (host order) and our local UDP port. */
struct tftp_frame_filter {
	uint32_t addr;
	uint32_t server;
	uint16_t local_port;
};

enum tftp_frame_kind tftp_frame_classify(const struct tftp_frame_filter *f, const uint8_t *frame,
					 size_t len, uint16_t *proto);

#endif /* TFTP_FRAME_H */
