/*
 * Intel 8237A DMA controller as wired in a PC/AT (8237A datasheet, "Register Description";
 * IBM PC/AT technical reference, "DMA Controller"): the first controller (channels 0-3, byte
 * transfers) and the page registers that give address bits 16-23. A transfer cannot cross a
 * 64 KiB boundary (the page register does not count) and reaches only the first 16 MiB.
 */
#ifndef ISADMA_REGS_H
#define ISADMA_REGS_H

/* Channel 2 (the floppy controller's) */
#define ISADMA_CH2_ADDR 0x04 /* base and current address, bits 0-15, low byte then high */
#define ISADMA_CH2_COUNT 0x05 /* base and current word count: bytes - 1, low byte then high */
#define ISADMA_CH2_PAGE 0x81 /* page register: address bits 16-23 */

/* Controller 1 registers */
#define ISADMA1_STATUS 0x08 /* status (read): TC and request bits per channel */
#define ISADMA1_SINGLE_MASK 0x0a /* single mask bit (write) */
#define ISADMA1_MODE 0x0b /* mode (write) */
#define ISADMA1_CLEAR_FF 0x0c /* clear the byte pointer flip-flop (write, any value) */

/* Single mask register */
#define ISADMA_MASK_CHANNEL(ch) ((ch)&0x03) /* the channel the write applies to */
#define ISADMA_MASK_SET 0x04 /* 1: mask (disable) the channel's DREQ; 0: unmask */

/* Mode register */
#define ISADMA_MODE_CHANNEL(ch) ((ch)&0x03)
#define ISADMA_MODE_VERIFY 0x00
#define ISADMA_MODE_WRITE 0x04 /* write transfer: device to memory */
#define ISADMA_MODE_READ 0x08 /* read transfer: memory to device */
#define ISADMA_MODE_AUTOINIT 0x10
#define ISADMA_MODE_DECREMENT 0x20
#define ISADMA_MODE_DEMAND 0x00
#define ISADMA_MODE_SINGLE 0x40 /* single transfer mode: one byte per DREQ */
#define ISADMA_MODE_BLOCK 0x80

#define ISADMA_STATUS_TC(ch) (0x01 << (ch)) /* the channel reached terminal count */

#define ISADMA_LIMIT 0x1000000 /* 16 MiB: the 24 bits the address and page reach */
#define ISADMA_PAGE_SIZE 0x10000 /* 64 KiB: a transfer stays inside one page */

#endif /* ISADMA_REGS_H */
