/* The Internet checksum (RFC 1071) over a buffer, as lwIP's LWIP_CHKSUM hook wants it. */
#ifndef NET_CHKSUM_H
#define NET_CHKSUM_H

#include <stddef.h>
#include <stdint.h>

uint16_t net_chksum(const void *data, int len);
uint16_t net_chksum_copy(void *dst, const void *src, size_t len);

#endif /* NET_CHKSUM_H */
