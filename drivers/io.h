/* Port I/O and MMIO accessors: the only way drivers touch hardware. */
#ifndef DRIVERS_IO_H
#define DRIVERS_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t mmio_read32(volatile void *addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(volatile void *addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline uint16_t mmio_read16(volatile void *addr)
{
	return *(volatile uint16_t *)addr;
}

static inline void mmio_write16(volatile void *addr, uint16_t v)
{
	*(volatile uint16_t *)addr = v;
}

static inline uint8_t mmio_read8(volatile void *addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(volatile void *addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

/*
 * io_bus_addr - the address a bus-master device must use for @p. The firmware
 * runs with paging off and memory identity-mapped below 4 GiB, so it is @p itself.
 */
static inline uint32_t io_bus_addr(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/* io_wmb - order memory writes (descriptors) before a doorbell write that follows. */
static inline void io_wmb(void)
{
	__asm__ volatile("" ::: "memory");
}

/* rdtsc - the CPU's time-stamp counter. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif /* DRIVERS_IO_H */
