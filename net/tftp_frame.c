/*
 * Table 11-2 trace codes seen below TFTP. lwIP drops a bad IP header, a bad
 * UDP checksum or a datagram for another port without a word; the PIX's trace
 * shows them. This classifier looks at each raw Ethernet frame during a
 * download (before lwIP gets it) and says which code, if any, it earns.
 * It reads only within @len and trusts no length field.
 */
#include "tftp_frame.h"

#include <stdbool.h>

#include "be.h"

#define ETH_HLEN 14
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define IP_HLEN_MIN 20
#define IP_PROTO_ICMP 1
#define IP_PROTO_UDP 17
#define IP_FLAG_MF 0x2000
#define IP_FRAG_OFFSET 0x1fff
#define UDP_HLEN 8

/* Adds @len bytes at @p to a ones'-complement sum (RFC 1071). */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += net_get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/* True when the UDP datagram @udp (@len bytes, header included) checks out against its pseudo-header. */
static bool udp_csum_ok(const uint8_t *ip, const uint8_t *udp, size_t len)
{
	uint32_t sum;

	if (net_get16(udp + 6) == 0) /* no checksum sent (allowed for UDP over IPv4) */
		return true;
	sum = csum_add(0, ip + 12, 8); /* source and destination addresses */
	sum += IP_PROTO_UDP + (uint32_t)len;
	sum = csum_add(sum, udp, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* Classifies the UDP part of an IPv4 packet from @src to @dst. */
static enum tftp_frame_kind classify_udp(const struct tftp_frame_filter *f, const uint8_t *ip,
					 const uint8_t *udp, size_t len, uint32_t src, uint32_t dst)
{
	uint16_t dport;

	if (len < UDP_HLEN || net_get16(udp + 4) < UDP_HLEN || net_get16(udp + 4) > len)
		return TFTP_FRAME_IP_HLEN; /* a UDP header that does not fit its packet */
	dport = net_get16(udp + 2);
	if (src != f->server)
		return dport == f->local_port ? TFTP_FRAME_SERVER : TFTP_FRAME_OTHER;
	if (dst != f->addr)
		return TFTP_FRAME_DEST;
	if (dport != f->local_port)
		return TFTP_FRAME_PORTS;
	if (!udp_csum_ok(ip, udp, net_get16(udp + 4)))
		return TFTP_FRAME_CSUM;
	return TFTP_FRAME_OTHER;
}

/* Classifies an IPv4 packet of @len bytes (what the frame holds after the Ethernet header). */
static enum tftp_frame_kind classify_ipv4(const struct tftp_frame_filter *f, const uint8_t *ip,
					  size_t len)
{
	size_t hlen, total;
	uint32_t src, dst;

	if (len < IP_HLEN_MIN)
		return TFTP_FRAME_SHORT; /* the frame ends inside the IP header */
	if ((ip[0] >> 4) != 4)
		return TFTP_FRAME_IP_HLEN;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = net_get16(ip + 2);
	if (hlen < IP_HLEN_MIN || total < hlen)
		return TFTP_FRAME_IP_HLEN;
	if (total > len)
		return TFTP_FRAME_SHORT; /* the NIC delivered less than the IP total length says */
	src = net_get32(ip + 12);
	dst = net_get32(ip + 16);
	if (ip[9] != IP_PROTO_UDP) {
		if (dst == f->addr && ip[9] != IP_PROTO_ICMP)
			return TFTP_FRAME_NOT_UDP;
		return TFTP_FRAME_OTHER;
	}
	if (net_get16(ip + 6) & (IP_FLAG_MF | IP_FRAG_OFFSET))
		return TFTP_FRAME_OTHER; /* a fragment: its UDP header may be elsewhere */
	return classify_udp(f, ip, ip + hlen, total - hlen, src, dst);
}

/**
 * tftp_frame_classify - the Table 11-2 meaning of one received Ethernet frame.
 * @f: the download's addresses and port
 * @frame: the frame from the destination MAC on (no FCS)
 * @len: its length in bytes
 * @proto: set to the EtherType for TFTP_FRAME_NON_IP
 *
 * Return: a code of enum tftp_frame_kind; TFTP_FRAME_OTHER when there is nothing to report.
 * Frames shorter than an Ethernet header are TFTP_FRAME_OTHER (the NIC does not deliver them).
 */
enum tftp_frame_kind tftp_frame_classify(const struct tftp_frame_filter *f, const uint8_t *frame,
					 size_t len, uint16_t *proto)
{
	uint16_t type;

	if (len < ETH_HLEN)
		return TFTP_FRAME_OTHER;
	type = net_get16(frame + 12);
	if (type == ETH_TYPE_ARP)
		return TFTP_FRAME_ARP;
	if (type != ETH_TYPE_IPV4) {
		*proto = type;
		return TFTP_FRAME_NON_IP;
	}
	return classify_ipv4(f, frame + ETH_HLEN, len - ETH_HLEN);
}
