/* ROM and RAM layout shared by linker.ld, the entry assembly and the build checks. */
#ifndef ROM_LAYOUT_H
#define ROM_LAYOUT_H

#define ROM_SIZE 0x40000 /* 256 KiB budget */
#define ROM_BASE (0x100000000 - ROM_SIZE) /* QEMU maps -bios at 4 GiB minus its size */
#define ROM_RESET_VECTOR 0xfffffff0
#define ROM_ENTRY16 0xffffff00 /* real-mode code must sit in the last 64 KiB */

#define RAM_FW_BASE 0x00100000 /* firmware .data, .bss and stack: 1 MiB .. 4 MiB */
#define RAM_FW_SIZE 0x00300000
#define RAM_LOAD_BASE 0x00400000 /* downloads go from here to the top of RAM */
#define RAM_STACK_SIZE 0x4000

#define GDT_CODE32 0x08 /* flat 4 GiB code, 32-bit */
#define GDT_DATA32 0x10 /* flat 4 GiB data */

#define PORT_FAST_A20 0x92 /* system control port A */
#define FAST_A20_ENABLE 0x02

#endif /* ROM_LAYOUT_H */
