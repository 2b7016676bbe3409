/* 16550 UART registers (TI PC16550D datasheet, section 8.6 "Register Descriptions"). */
#ifndef UART16550_REGS_H
#define UART16550_REGS_H

#define UART_COM1_BASE 0x3f8
#define UART_CLOCK_HZ 1843200 /* 1.8432 MHz crystal: divisor = clock / (16 * baud) */

/* Register offsets from the base port. */
#define UART_RBR 0 /* receiver buffer (read, DLAB=0) */
#define UART_THR 0 /* transmitter holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch LSB (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch MSB (DLAB=1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define UART_FCR_ENABLE 0x01 /* enable both FIFOs */
#define UART_FCR_CLEAR_RX 0x02 /* reset receiver FIFO */
#define UART_FCR_CLEAR_TX 0x04 /* reset transmitter FIFO */

#define UART_LCR_8N1 0x03 /* 8 data bits, no parity, 1 stop bit */
#define UART_LCR_DLAB 0x80 /* divisor latch access */

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02

#define UART_LSR_DR 0x01 /* data ready */
#define UART_LSR_BI 0x10 /* break interrupt: line held low for a character time */
#define UART_LSR_THRE 0x20 /* transmitter holding register empty */

#endif /* UART16550_REGS_H */
