/* 16550 UART driver: polled transmit and receive with BREAK detection through LSR.BI. */
#include "uart16550.h"

#include "clock.h"
#include "io.h"
#include "uart16550_regs.h"

/*
 * uart_init - program 8N1 at @baud with FIFOs on and interrupts off.
 * @u: the instance to fill; @base: its I/O port base; @baud: line speed;
 * @clock: a calibrated clock that bounds transmit waits.
 */
void uart_init(struct uart16550 *u, uint16_t base, uint32_t baud, const struct clock *clock)
{
	uint16_t div = (uint16_t)(UART_CLOCK_HZ / (16 * baud));

	u->base = base;
	u->clock = clock;
	outb(base + UART_IER, 0);
	outb(base + UART_LCR, UART_LCR_DLAB);
	outb(base + UART_DLL, div & 0xff);
	outb(base + UART_DLM, div >> 8);
	outb(base + UART_LCR, UART_LCR_8N1);
	outb(base + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX);
	outb(base + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
}

/*
 * uart_putc - send one byte, waiting at most UART_TX_TIMEOUT_US for room;
 * a transmitter that stays busy loses the byte rather than hang the caller.
 */
void uart_putc(struct uart16550 *u, char c)
{
	uint64_t deadline = clock_us(u->clock) + UART_TX_TIMEOUT_US;

	while (!(inb(u->base + UART_LSR) & UART_LSR_THRE)) {
		if (clock_us(u->clock) > deadline)
			return;
	}
	outb(u->base + UART_THR, (uint8_t)c);
}

/*
 * uart_getc - one received byte, if any.
 * Returns the byte (0..255), UART_RX_NONE when nothing is waiting, or
 * UART_RX_BREAK when the line signalled BREAK (its NUL byte is discarded).
 */
int uart_getc(struct uart16550 *u)
{
	uint8_t lsr = inb(u->base + UART_LSR);

	if (lsr & UART_LSR_BI) {
		if (lsr & UART_LSR_DR)
			(void)inb(u->base + UART_RBR);
		return UART_RX_BREAK;
	}
	if (!(lsr & UART_LSR_DR))
		return UART_RX_NONE;
	return inb(u->base + UART_RBR);
}
