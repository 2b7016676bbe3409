/*
 * lwIP configuration of the firmware: NO_SYS (one polling loop, no threads),
 * IPv4 with ARP, ICMP, UDP and raw PCBs (ping); no TCP, DHCP, DNS or IPv6.
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
#define LWIP_TCP 0
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
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
#define MEM_SIZE (16 * 1024)
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_RAW_PCB 2
#define MEMP_NUM_UDP_PCB 4
#define MEMP_NUM_SYS_TIMEOUT 8
#define PBUF_POOL_SIZE 48
#define PBUF_POOL_BUFSIZE 1536

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_SINGLE_NETIF 1

#define LWIP_STATS 0
#define LWIP_DEBUG 0
#define LWIP_PERF 0

#endif /* NET_LWIPOPTS_H */
