/* Network-order (big-endian) fields of frames and packets, read and written a byte at a time. */
#ifndef NET_BE_H
#define NET_BE_H

#include <stdint.h>

/* The 16-bit big-endian field at @p (any alignment). */
static inline uint16_t net_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The 32-bit big-endian field at @p (any alignment). */
static inline uint32_t net_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Stores @v big-endian at @p (any alignment). */
static inline void net_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Stores @v big-endian at @p (any alignment). */
static inline void net_put32(uint8_t *p, uint32_t v)
{
	net_put16(p, (uint16_t)(v >> 16));
	net_put16(p + 2, (uint16_t)v);
}

/* Stores @v big-endian at @p (any alignment). */
static inline void net_put64(uint8_t *p, uint64_t v)
{
	net_put32(p, (uint32_t)(v >> 32));
	net_put32(p + 4, (uint32_t)v);
}

#endif /* NET_BE_H */
