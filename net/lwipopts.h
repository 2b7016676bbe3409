/*
 * lwIP configuration of the firmware: NO_SYS (one polling loop, no threads),
 * IPv4 with ARP, ICMP, UDP and raw PCBs (ping); no DHCP or IPv6; TCP and DNS in the running
 * image only (PIX_NET_TCP).
 * Memory figures are the RAM the network stack uses (see README.md).
 */
#ifndef NET_LWIPOPTS_H
#define NET_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#ifdef PIX_NET_TCP /* the running image: TCP for HTTP(S), through altcp (TLS: mbedTLS) */
#define LWIP_TCP 1
#define LWIP_ALTCP 1
#define LWIP_ALTCP_TLS 1
#define LWIP_ALTCP_TLS_MBEDTLS 1
#else /* the ROM: ping and TFTP only */
#define LWIP_TCP 0
#endif
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#ifdef PIX_NET_TCP
/*
 * The running image looks host names up (copy, configure, ping): one name server at a time, the one
 * the configuration routes the query to (os/dns.c picks it and the interface); queries 1, 1 and
 * 2 s apart, so a silent server fails in at most 4 s. One UDP PCB, on a random port, for all.
 */
#define LWIP_DNS 1
#define DNS_TABLE_SIZE 4
#define DNS_MAX_NAME_LENGTH 64 /* OS_NAME_MAX characters and the NUL */
#define DNS_MAX_SERVERS 1
#define DNS_MAX_RETRIES 3
#define DNS_MAX_SOURCE_PORTS 1
#else
#define LWIP_DNS 0
#endif
#define IP_REASSEMBLY 0 /* TFTP blocks fit one frame */
#define IP_FRAG 0
#define LWIP_BROADCAST_PING 0
#define LWIP_MULTICAST_PING 0

#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define ARP_QUEUEING 1 /* ping's first echo waits for ARP rather than being dropped */
#define ARP_TABLE_SIZE 8
#define ETH_PAD_SIZE 0

#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_UDP 1 /* per netif: off where the frame copy checks it (netstack.c) */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define CHECKSUM_CHECK_ICMP 1
#define LWIP_CHECKSUM_ON_COPY 0
#define LWIP_CHKSUM net_chksum /* net/chksum.c */

/* Memory: a small heap for outgoing packets (ACKs, echoes), a pool of receive buffers for
 * three TFTP windows of 16 blocks. */
#define MEM_ALIGNMENT 4
#ifdef PIX_NET_TCP
/*
 * TLS's memory comes from this heap too (altcp_tls_mbedtls_mem.c): a 16 KiB incoming record
 * buffer, a 4 KiB outgoing one, the parsed trust anchors and server chain, the handshake. A fetch
 * from a server with a P-256 certificate peaks at about 30 KiB (show memory); the heap has room for
 * RSA-4096 chains and eight anchors besides. The receive window (16 segments, 23 KiB) holds a whole
 * 16 KiB record: a window of exactly 16 KiB would leave a full record waiting for its last bytes.
 */
#define MEM_SIZE (96 * 1024)
#else
#define MEM_SIZE (16 * 1024)
#endif
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_RAW_PCB 2
#define MEMP_NUM_UDP_PCB 4
#ifdef PIX_NET_TCP
#define MEMP_NUM_SYS_TIMEOUT 12 /* lwIP's own (TCP's among them) and the project's */
#define PBUF_POOL_SIZE 64
#else
#define MEMP_NUM_SYS_TIMEOUT 8
#define PBUF_POOL_SIZE 48
#endif
#define PBUF_POOL_BUFSIZE 1536

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_SINGLE_NETIF 1

#ifdef PIX_NET_TCP
/*
 * One connection at a time (a download), taken out of lwIP as it arrives (copied to the download
 * area, pbuf freed), so the receive window needs no pbufs of its own except for segments that
 * arrive out of order. The window is half the NICs' receive rings (32 frames), as TFTP's: a
 * server may send a whole window at once, and QEMU's i8255x drops what finds no free buffer.
 */
#define TCP_MSS 1460
#define TCP_WND (16 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1
#define TCP_OOSEQ_MAX_PBUFS 16
#define MEMP_NUM_TCP_PCB 4 /* one in use, the others in TIME-WAIT after earlier downloads */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG 32
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_CALLBACK_API 1
/* Initial sequence numbers from a keyed hash (RFC 6528), not lwIP's counter: net/lwip_hooks.h. */
#define LWIP_HOOK_FILENAME "lwip_hooks.h"
#endif

#ifdef PIX_NET_TCP /* the heap's use, for show memory (no other counters: they cost per packet) */
#define LWIP_STATS 1
#define MEM_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IPFRAG_STATS 0
#define ICMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#define MEMP_STATS 0
#define SYS_STATS 0
#else
#define LWIP_STATS 0
#endif
#define LWIP_DEBUG 0
#define LWIP_PERF 0

#endif /* NET_LWIPOPTS_H */
