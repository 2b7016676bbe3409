/*
 * ICMP echo over lwIP's raw API. The caller sends one echo, then polls the
 * stack until p->replied or its own timeout; replies are matched by
 * identifier and sequence, anything else is left to lwIP.
 */
#include "ping.h"

#include <errno.h>
#include <string.h>

#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/pbuf.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"

#define NET_PING_PATTERN 0xab /* data bytes of our echoes (Cisco sends 0xabcd...) */

/* raw PCB receive callback: eats the reply we wait for, passes everything else on. */
static u8_t net_ping_recv(void *arg, struct raw_pcb *pcb, struct pbuf *q, const ip_addr_t *addr)
{
	struct net_ping *p = arg;
	struct icmp_echo_hdr echo;
	u16_t hlen;

	(void)pcb;
	if (q->tot_len < IP_HLEN || ip4_addr_get_u32(ip_2_ip4(addr)) != lwip_htonl(p->dst))
		return 0;
	hlen = (u16_t)(IPH_HL((struct ip_hdr *)q->payload) * 4);
	if (pbuf_copy_partial(q, &echo, sizeof(echo), hlen) != sizeof(echo))
		return 0;
	if (echo.type != ICMP_ER || lwip_ntohs(echo.id) != p->id ||
	    lwip_ntohs(echo.seqno) != p->seq) {
		p->ignored++;
		return 0;
	}
	p->replied = true;
	pbuf_free(q);
	return 1;
}

/*
 * net_ping_open - prepare echoes to @dst (host order) with identifier @id.
 * Returns 0, or -ENOMEM when lwIP has no raw PCB left.
 */
int net_ping_open(struct net_ping *p, uint32_t dst, uint16_t id)
{
	memset(p, 0, sizeof(*p));
	p->pcb = raw_new(IP_PROTO_ICMP);
	if (!p->pcb)
		return -ENOMEM;
	p->dst = dst;
	p->id = id;
	raw_recv(p->pcb, net_ping_recv, p);
	return 0;
}

/*
 * net_ping_send - send echo @seq as an IP datagram of @ip_len bytes.
 * Returns 0, -EINVAL for a length out of range, -ENOMEM, or -EIO when lwIP
 * could not send it (no route: ARP resolution failures show up as no reply).
 */
int net_ping_send(struct net_ping *p, uint16_t seq, size_t ip_len)
{
	size_t icmp_len = ip_len - IP_HLEN;
	struct icmp_echo_hdr *echo;
	struct pbuf *q;
	ip_addr_t to;
	err_t err;

	if (ip_len < NET_PING_IP_LEN_MIN || ip_len > NET_PING_IP_LEN_MAX)
		return -EINVAL;
	q = pbuf_alloc(PBUF_IP, (u16_t)icmp_len, PBUF_RAM);
	if (!q)
		return -ENOMEM;
	echo = q->payload;
	memset(echo, NET_PING_PATTERN, icmp_len);
	ICMPH_TYPE_SET(echo, ICMP_ECHO);
	ICMPH_CODE_SET(echo, 0);
	echo->id = lwip_htons(p->id);
	echo->seqno = lwip_htons(seq);
	echo->chksum = 0;
	echo->chksum = inet_chksum(echo, (u16_t)icmp_len);
	p->seq = seq;
	p->replied = false;
	ip_addr_set_ip4_u32(&to, lwip_htonl(p->dst));
	err = raw_sendto(p->pcb, q, &to);
	pbuf_free(q);
	return err == ERR_OK ? 0 : (err == ERR_MEM ? -ENOMEM : -EIO);
}

/* net_ping_close - release the raw PCB. */
void net_ping_close(struct net_ping *p)
{
	if (p->pcb)
		raw_remove(p->pcb);
	p->pcb = NULL;
}
