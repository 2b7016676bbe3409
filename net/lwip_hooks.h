/* lwIP's hooks in the running image (LWIP_HOOK_FILENAME, net/lwipopts.h): the TCP ISN. */
#ifndef NET_LWIP_HOOKS_H
#define NET_LWIP_HOOKS_H

#include "lwip/ip_addr.h"

u32_t net_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
		       u16_t remote_port);
#define LWIP_HOOK_TCP_ISN net_lwip_tcp_isn

#endif /* NET_LWIP_HOOKS_H */
