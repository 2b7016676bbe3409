/*
 * A received frame copied out of the NIC's buffer into the stack's, with its
 * UDP checksum checked in the same pass (net_chksum_copy), as a NIC with
 * receive checksum offload would: lwIP then skips its own pass over the
 * datagram (the netif's NETIF_CHECKSUM_CHECK_UDP is off, netstack.c). The
 * datagrams checked are exactly those lwIP's udp_input() would check: IPv4,
 * header length 20 to 60, total length within the frame and room for a UDP
 * header, not a fragment (lwIP drops fragments: IP_REASSEMBLY is 0), a
 * checksum sent (not 0). The sum covers the IP payload as the total length
 * gives it, with the pseudo-header of RFC 768, as lwIP's does. Anything else
 * lwIP drops before UDP, or it carries no checksum. It reads only within @len
 * and trusts no length field.
 */
#include "rx_copy.h"

#include <stdint.h>
#include <string.h>

#include "be.h"
#include "chksum.h"

#define ETH_HLEN 14
#define ETH_TYPE_IPV4 0x0800
#define IP_HLEN_MIN 20
#define IP_PROTO_UDP 17
#define IP_FLAG_MF 0x2000
#define IP_FRAG_OFFSET 0x1fff
#define UDP_HLEN 8
#define UDP_CSUM_OFFSET 6

/* The byte-swapped value of @v: a big-endian field as the checksum's little-endian words see it. */
static uint32_t swab16(uint16_t v)
{
	return (uint32_t)(uint16_t)(v << 8 | v >> 8);
}

/* Folds @sum to 16 bits with end-around carries. */
static uint16_t fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/**
 * net_rx_copy - copy a received Ethernet frame and check its UDP checksum on the way.
 * @dst: where the frame goes (@len bytes; must not overlap @frame)
 * @frame: the frame as the NIC stored it, from the destination MAC on (no FCS)
 * @len: its length in bytes
 *
 * Return: NET_RX_CSUM_GOOD or NET_RX_CSUM_BAD for a UDP datagram lwIP would check (see the
 * top of this file), NET_RX_CSUM_NONE for any other frame. The whole frame is copied in every
 * case.
 */
enum net_rx_csum net_rx_copy(void *dst, const void *frame, size_t len)
{
	const uint8_t *f = frame, *ip = f + ETH_HLEN;
	uint8_t *d = dst;
	size_t hlen, total, off, udp_len;
	uint32_t sum;

	if (len < ETH_HLEN + IP_HLEN_MIN || net_get16(f + 12) != ETH_TYPE_IPV4 ||
	    (ip[0] >> 4) != 4 || ip[9] != IP_PROTO_UDP)
		goto plain;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = net_get16(ip + 2);
	if (hlen < IP_HLEN_MIN || total < hlen + UDP_HLEN || total > len - ETH_HLEN ||
	    (net_get16(ip + 6) & (IP_FLAG_MF | IP_FRAG_OFFSET)))
		goto plain;
	off = ETH_HLEN + hlen;
	udp_len = total - hlen;
	if (!net_get16(f + off + UDP_CSUM_OFFSET))
		goto plain; /* no checksum sent (allowed for UDP over IPv4) */
	memcpy(d, f, off);
	sum = net_chksum_copy(d + off, f + off, udp_len);
	memcpy(d + off + udp_len, f + off + udp_len, len - off - udp_len);
	sum += net_chksum(ip + 12, 8); /* pseudo-header: source and destination addresses */
	sum += swab16(IP_PROTO_UDP) + swab16((uint16_t)udp_len);
	return fold(sum) == 0xffff ? NET_RX_CSUM_GOOD : NET_RX_CSUM_BAD;

plain:
	memcpy(d, f, len);
	return NET_RX_CSUM_NONE;
}
