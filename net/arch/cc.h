/* lwIP architecture port for the firmware: freestanding C, i386 or x86-64, little endian. */
#ifndef NET_ARCH_CC_H
#define NET_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define LWIP_NO_INTTYPES_H 1 /* lwIP's own printf formats */
#define LWIP_NO_UNISTD_H 1
#define LWIP_NO_CTYPE_H 1 /* lwIP's own isdigit and friends */
#define LWIP_PROVIDE_ERRNO 1

#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* No console output from inside lwIP: only monitor/ writes text for the user. */
#define LWIP_PLATFORM_DIAG(x) \
	do {                  \
	} while (0)

void net_lwip_assert(const char *msg, const char *file, int line);
#define LWIP_PLATFORM_ASSERT(x) net_lwip_assert((x), __FILE__, __LINE__)

/* Byte swaps inline: lwIP would otherwise call a function for every header field it reads. */
#define lwip_htons(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define lwip_htonl(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))

uint32_t net_lwip_rand(void);
uint16_t net_chksum(const void *data, int len); /* LWIP_CHKSUM, net/chksum.c */
#define LWIP_RAND() net_lwip_rand()

#endif /* NET_ARCH_CC_H */
