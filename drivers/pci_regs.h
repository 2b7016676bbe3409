/* PCI configuration space (PCI Local Bus Specification 3.0, chapter 6) and mechanism #1 ports. */
#ifndef PCI_REGS_H
#define PCI_REGS_H

#define PCI_CFG_ADDR 0xcf8 /* configuration address port (mechanism #1) */
#define PCI_CFG_DATA 0xcfc /* configuration data port */
#define PCI_CFG_ENABLE 0x80000000u

/* Type 0 header offsets. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_CLASS_REVISION 0x08 /* class code in bits 31..8 */
#define PCI_CLASS_BASE_SHIFT 24 /* base class: bits 31..24 of PCI_CLASS_REVISION */
#define PCI_CLASS_NETWORK 0x02 /* base class of network controllers */
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_BAR_COUNT 6
#define PCI_VENDOR_NONE 0xffff
#define PCI_HEADER_MULTIFUNCTION 0x80
#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_TYPE_NORMAL 0x00

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004

#define PCI_BAR_IO 0x1 /* bit 0: I/O space */
#define PCI_BAR_MEM_TYPE_MASK 0x6 /* bits 2..1: memory type */
#define PCI_BAR_MEM_TYPE_64 0x4
#define PCI_BAR_IO_MASK 0xfffffffcu
#define PCI_BAR_MEM_MASK 0xfffffff0u

#endif /* PCI_REGS_H */
