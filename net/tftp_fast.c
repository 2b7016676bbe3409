/*
 * The download's fast path: a received frame that is plainly the next DATA
 * block - an IPv4 datagram with a 20-byte header and a valid header checksum,
 * not fragmented, UDP from the server to our address and port, the UDP length
 * matching the IP length - has its data copied straight from the NIC's buffer
 * into the download area, its UDP checksum checked on the way, without a trip
 * through lwIP and a second copy. What the core must say about the block
 * (TID, sequence, size) is asked of it (tftp_next_block); a frame that is not
 * plainly such a block, or whose checksum fails, takes the ordinary path
 * through lwIP, which treats it as it always did (tftp_udp.c). The checks here
 * are those of lwIP's ip4_input and udp_input for the frames they let through;
 * nothing is read past @len and no length field is trusted. The core's answer
 * to such a block (its ACK) is built here as a whole frame (tftp_fast_reply)
 * and handed to the NIC, again without lwIP's output path.
 */
#include "tftp_fast.h"

#include "be.h"
#include "chksum.h"

#include <string.h>

#define ETH_HLEN 14
#define ETH_TYPE_IPV4 0x0800
#define IP_VER_IHL_20 0x45 /* version 4, header of 5 words: no options */
#define IP_HLEN 20
#define IP_PROTO_UDP 17
#define IP_FLAG_MF 0x2000
#define IP_FRAG_OFFSET 0x1fff
#define UDP_HLEN 8
#define TFTP_HDR 4 /* opcode and block number */
#define TFTP_OPCODE_DATA 3
#define FAST_HDRS (ETH_HLEN + IP_HLEN + UDP_HLEN + TFTP_HDR)
#define IP_FLAG_DF 0x4000

/* Stores a checksum as net_chksum() summed it: in memory order, complemented. */
static void put_csum(uint8_t *p, uint16_t sum)
{
	uint16_t c = (uint16_t)~sum;

	memcpy(p, &c, sizeof(c));
}

/* A big-endian 16-bit field as the checksum's little-endian words see it. */
static uint32_t swab16(uint16_t v)
{
	return (uint32_t)(uint16_t)(v << 8 | v >> 8);
}

static uint16_t fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/**
 * tftp_fast_parse - whether a received frame plainly carries a TFTP DATA packet for us.
 * @f: the download's addresses (ours, the server's) and our UDP port
 * @frame: the frame from the destination MAC on (no FCS)
 * @len: its length (Ethernet padding after the IP packet allowed)
 * @d: filled in when the answer is yes
 *
 * Yes for IPv4 with a 20-byte header whose checksum holds, total length within the frame, not a
 * fragment, UDP from @f->server to @f->addr and @f->local_port, the UDP length equal to the IP
 * payload, a UDP checksum sent (not 0) and the DATA opcode. The UDP checksum itself is checked
 * by tftp_fast_copy().
 *
 * Return: true with @d filled in, or false.
 */
bool tftp_fast_parse(const struct tftp_frame_filter *f, const uint8_t *frame, size_t len,
		     struct tftp_fast_data *d)
{
	const uint8_t *ip = frame + ETH_HLEN, *udp = ip + IP_HLEN;
	size_t total;

	if (len < FAST_HDRS || net_get16(frame + 12) != ETH_TYPE_IPV4 || ip[0] != IP_VER_IHL_20 ||
	    ip[9] != IP_PROTO_UDP || (net_get16(ip + 6) & (IP_FLAG_MF | IP_FRAG_OFFSET)))
		return false;
	total = net_get16(ip + 2);
	if (total < IP_HLEN + UDP_HLEN + TFTP_HDR || total > len - ETH_HLEN ||
	    net_chksum(ip, IP_HLEN) != 0xffff || net_get32(ip + 12) != f->server ||
	    net_get32(ip + 16) != f->addr || net_get16(udp + 2) != f->local_port ||
	    net_get16(udp + 4) != total - IP_HLEN || !net_get16(udp + 6) ||
	    net_get16(udp + UDP_HLEN) != TFTP_OPCODE_DATA)
		return false;
	d->sport = net_get16(udp);
	d->block = net_get16(udp + UDP_HLEN + 2);
	d->udp_len = (uint16_t)(total - IP_HLEN);
	d->n = total - IP_HLEN - UDP_HLEN - TFTP_HDR;
	return true;
}

/**
 * tftp_fast_copy - copy the data of a DATA packet that tftp_fast_parse() found, checking the
 * datagram's UDP checksum (with the RFC 768 pseudo-header) on the way.
 * @dst: where the @d->n data bytes go (any alignment; unused when @d->n is 0)
 * @frame: the frame tftp_fast_parse() said yes to
 * @d: what it found
 *
 * Return: true when the checksum holds. On false the bytes at @dst are garbage: the caller
 * must not count them (the next block stored there overwrites them).
 */
bool tftp_fast_copy(void *dst, const uint8_t *frame, const struct tftp_fast_data *d)
{
	const uint8_t *ip = frame + ETH_HLEN;
	uint32_t sum;

	sum = net_chksum(ip + IP_HLEN, UDP_HLEN + TFTP_HDR); /* UDP and TFTP headers */
	sum += net_chksum_copy(dst, frame + FAST_HDRS, d->n);
	sum += net_chksum(ip + 12, 8); /* pseudo-header: source and destination addresses */
	sum += swab16(IP_PROTO_UDP) + swab16(d->udp_len);
	return fold(sum) == 0xffff;
}

/**
 * tftp_fast_reply - build the frame that answers the server during a download (an ACK, without a
 * trip through lwIP's UDP, IP and ARP output): what lwIP would send for the same packet, but for
 * the DF flag and the IP identification, which are the caller's.
 * @out: where the frame goes (no padding: the NIC pads it)
 * @max: room at @out
 * @f: our address and port, the server's address
 * @l: the link: our MAC, the next hop's (from lwIP's ARP table), TTL, IP identification
 * @tid: the server's port
 * @pkt: the TFTP packet
 * @len: its length
 *
 * The IPv4 header has no options and DF set (a datagram this small is never fragmented, so its
 * identification need not be unique, RFC 6864); both checksums are computed, a UDP checksum of
 * 0 sent as 0xffff (RFC 768).
 *
 * Return: the frame's length, or 0 when it does not fit @max.
 */
size_t tftp_fast_reply(uint8_t *out, size_t max, const struct tftp_frame_filter *f,
		       const struct tftp_fast_link *l, uint16_t tid, const void *pkt, size_t len)
{
	uint8_t *ip = out + ETH_HLEN, *udp = ip + IP_HLEN;
	size_t hdrs = ETH_HLEN + IP_HLEN + UDP_HLEN;
	uint16_t sum;

	if (max < hdrs || len > max - hdrs || len > 0xffff - IP_HLEN - UDP_HLEN)
		return 0;
	memcpy(out, l->to, TFTP_FAST_MAC_LEN);
	memcpy(out + TFTP_FAST_MAC_LEN, l->from, TFTP_FAST_MAC_LEN);
	net_put16(out + 12, ETH_TYPE_IPV4);
	ip[0] = IP_VER_IHL_20;
	ip[1] = 0; /* TOS */
	net_put16(ip + 2, (uint16_t)(IP_HLEN + UDP_HLEN + len));
	net_put16(ip + 4, l->ip_id);
	net_put16(ip + 6, IP_FLAG_DF);
	ip[8] = l->ttl;
	ip[9] = IP_PROTO_UDP;
	net_put16(ip + 10, 0);
	net_put32(ip + 12, f->addr);
	net_put32(ip + 16, f->server);
	put_csum(ip + 10, net_chksum(ip, IP_HLEN));
	net_put16(udp, f->local_port);
	net_put16(udp + 2, tid);
	net_put16(udp + 4, (uint16_t)(UDP_HLEN + len));
	net_put16(udp + 6, 0);
	memcpy(udp + UDP_HLEN, pkt, len);
	sum = fold(net_chksum(udp, (int)(UDP_HLEN + len)) + net_chksum(ip + 12, 8) +
		   swab16(IP_PROTO_UDP) + swab16((uint16_t)(UDP_HLEN + len)));
	put_csum(udp + 6, sum == 0xffff ? 0 : sum); /* 0 would say "no checksum" */
	return hdrs + len;
}
