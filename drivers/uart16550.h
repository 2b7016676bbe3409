/* 16550 UART driver: polled transmit and receive with BREAK detection. */
#ifndef UART16550_H
#define UART16550_H

#include <stdbool.h>
#include <stdint.h>

/* UART_RX_BREAK is returned by uart_getc when the line reported a BREAK. */
#define UART_RX_NONE (-1)
#define UART_RX_BREAK (-2)

/* Transmit wait budget: at 9600 baud one character takes ~1 ms; this is ten of them. */
#define UART_TX_TIMEOUT_US 10000

struct clock;

/* One UART: its base port and the clock that bounds its waits. */
struct uart16550 {
	uint16_t base;
	const struct clock *clock; /* bounds transmit waits */
};

void uart_init(struct uart16550 *u, uint16_t base, uint32_t baud, const struct clock *clock);
void uart_putc(struct uart16550 *u, char c);
int uart_getc(struct uart16550 *u);

#endif /* UART16550_H */
