/* MC146818 CMOS RAM as used by PC BIOSes (IBM PC/AT technical reference, CMOS map). */
#ifndef CMOS_REGS_H
#define CMOS_REGS_H

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80 /* keep NMI masked while selecting */

#define CMOS_EXT_MEM_LO 0x30 /* KiB above 1 MiB, up to 15 MiB */
#define CMOS_EXT_MEM_HI 0x31
#define CMOS_EXT_MEM2_LO 0x34 /* 64 KiB units above 16 MiB (QEMU, SeaBIOS) */
#define CMOS_EXT_MEM2_HI 0x35

#endif /* CMOS_REGS_H */
