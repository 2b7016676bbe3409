/*
 * Port I/O for tests/unit/test_fdc.c: drivers/fdc.c is compiled with -DDRIVERS_IO_H (the real
 * io.h then stays out) and -include of this file, so its inb/outb reach the test's fake 82077AA
 * and 8237A, and io_bus_addr() gives the bus address the test chooses for the bounce buffer.
 */
#ifndef FAKE_FDC_IO_H
#define FAKE_FDC_IO_H

#include <stdint.h>

void outb(uint16_t port, uint8_t v);
uint8_t inb(uint16_t port);
uint32_t io_bus_addr(const volatile void *p);

#endif /* FAKE_FDC_IO_H */
