/* Intel 8259A programmable interrupt controllers of the PC, master and slave (8259A datasheet). */
#ifndef I8259_REGS_H
#define I8259_REGS_H

#define I8259_MASTER_DATA 0x21 /* master: OCW1, the interrupt mask register (IRQ 0-7) */
#define I8259_SLAVE_DATA 0xa1 /* slave: OCW1, the interrupt mask register (IRQ 8-15) */

#define I8259_MASK_ALL 0xff /* OCW1: every request line masked */

#endif /* I8259_REGS_H */
