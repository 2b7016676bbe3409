/*
 * DNS responses seen below lwIP's resolver. lwIP's DNS client reports a failed lookup as "no
 * address" whatever the reason; the reason is in the server's response (RFC 1035 4.1.1: RCODE 3,
 * the name does not exist; 2, the server failed; ...). This reads it from a received Ethernet
 * frame before lwIP gets it: a UDP datagram from the server's port 53, its checksum good, that is
 * a response whose one question is an A record of the name asked for. It reads only within @len
 * and trusts no length field.
 */
#include "dns_frame.h"

#include <stdbool.h>

#include "be.h"

#define ETH_HLEN 14
#define ETH_TYPE_IPV4 0x0800
#define IP_HLEN_MIN 20
#define IP_PROTO_UDP 17
#define IP_FLAG_MF 0x2000
#define IP_FRAG_OFFSET 0x1fff
#define UDP_HLEN 8
#define DNS_HLEN 12 /* ID, flags, four counts */
#define DNS_FLAG1_QR 0x80 /* a response */
#define DNS_FLAG2_RCODE 0x0f
#define DNS_LABEL_MAX 63
#define DNS_QTYPE_A 1
#define DNS_QCLASS_IN 1

/* True when the UDP datagram @udp (@len bytes, header included) checks out (RFC 768). */
static bool udp_csum_ok(const uint8_t *ip, const uint8_t *udp, size_t len)
{
	uint32_t sum = IP_PROTO_UDP + (uint32_t)len;
	size_t i;

	if (net_get16(udp + 6) == 0) /* no checksum sent (allowed for UDP over IPv4) */
		return true;
	for (i = 12; i < 20; i += 2) /* the pseudo-header's source and destination addresses */
		sum += net_get16(ip + i);
	for (i = 0; i + 1 < len; i += 2)
		sum += net_get16(udp + i);
	if (len & 1)
		sum += (uint32_t)udp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Compares the question's name at @q (@len bytes left) with @name, in any case; returns the
 * bytes it takes, or 0 when it is another name or malformed (a compression pointer included:
 * a question's name is written whole).
 */
static size_t question_name(const uint8_t *q, size_t len, const char *name)
{
	size_t at = 0, n, i;

	for (;;) {
		if (at >= len || q[at] > DNS_LABEL_MAX)
			return 0;
		n = q[at++];
		if (!n)
			return *name ? 0 : at;
		if (n > len - at)
			return 0;
		for (i = 0; i < n; i++)
			if (!name[i] || name[i] == '.' || lower(name[i]) != lower((char)q[at + i]))
				return 0;
		name += n;
		if (*name == '.' && name[1])
			name++;
		else if (*name)
			return 0;
		at += n;
	}
}

/* The RCODE of the DNS message @m (@len bytes) when it answers @name's A record, else -1. */
static int dns_answer_rcode(const uint8_t *m, size_t len, const char *name)
{
	size_t q;

	if (len < DNS_HLEN || !(m[2] & DNS_FLAG1_QR) || net_get16(m + 4) != 1)
		return -1;
	q = question_name(m + DNS_HLEN, len - DNS_HLEN, name);
	if (!q || len - DNS_HLEN - q < 4 || net_get16(m + DNS_HLEN + q) != DNS_QTYPE_A ||
	    net_get16(m + DNS_HLEN + q + 2) != DNS_QCLASS_IN)
		return -1;
	return m[3] & DNS_FLAG2_RCODE;
}

/**
 * dns_frame_rcode - the RCODE of a name server's response to a question about @name, if @frame
 * holds one.
 * @frame: a received Ethernet frame, from the destination MAC on (no FCS)
 * @len: its length in bytes
 * @server: the name server's address, host order
 * @name: the name asked for (its A record), without a final dot
 *
 * Return: the RCODE (0 to 15; DNS_FRAME_RCODE_NXDOMAIN: the name does not exist), or -1 when the
 * frame is not such a response (another sender or port, a bad checksum, a fragment, a query,
 * another question, anything malformed).
 */
int dns_frame_rcode(const uint8_t *frame, size_t len, uint32_t server, const char *name)
{
	const uint8_t *ip = frame + ETH_HLEN, *udp;
	size_t hlen, total, ulen;

	if (len < ETH_HLEN + IP_HLEN_MIN || net_get16(frame + 12) != ETH_TYPE_IPV4 ||
	    (ip[0] >> 4) != 4)
		return -1;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	total = net_get16(ip + 2);
	if (hlen < IP_HLEN_MIN || total < hlen + UDP_HLEN || total > len - ETH_HLEN ||
	    ip[9] != IP_PROTO_UDP || (net_get16(ip + 6) & (IP_FLAG_MF | IP_FRAG_OFFSET)) ||
	    net_get32(ip + 12) != server)
		return -1;
	udp = ip + hlen;
	ulen = net_get16(udp + 4);
	if (net_get16(udp) != DNS_FRAME_PORT || ulen < UDP_HLEN || ulen > total - hlen ||
	    !udp_csum_ok(ip, udp, ulen))
		return -1;
	return dns_answer_rcode(udp + UDP_HLEN, ulen - UDP_HLEN, name);
}
