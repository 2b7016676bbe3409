/* MC146818 CMOS RAM as used by PC BIOSes (IBM PC/AT technical reference, CMOS map). */
#ifndef CMOS_REGS_H
#define CMOS_REGS_H

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80 /* keep NMI masked while selecting */

/* Diskette drive types (IBM PC/AT technical reference): drive A in bits 7-4, drive B in 3-0. */
#define CMOS_FLOPPY_TYPES 0x10
#define CMOS_FLOPPY_SHIFT(drive) ((drive) ? 0 : 4)
#define CMOS_FLOPPY_MASK 0x0f
#define CMOS_FLOPPY_NONE 0x0 /* no drive */
#define CMOS_FLOPPY_144 0x4 /* 3.5-inch 1.44 MB */
#define CMOS_FLOPPY_288 0x5 /* 3.5-inch 2.88 MB (reads 1.44 MB media too) */

#define CMOS_EXT_MEM_LO 0x30 /* KiB above 1 MiB, up to 15 MiB */
#define CMOS_EXT_MEM_HI 0x31
#define CMOS_EXT_MEM2_LO 0x34 /* 64 KiB units above 16 MiB (QEMU, SeaBIOS) */
#define CMOS_EXT_MEM2_HI 0x35

/*
 * Real-time clock registers (MC146818A datasheet, "Address map"; the century byte as QEMU and
 * the ACPI FADT place it). Values are BCD unless RTC_B_BINARY, hours 24h when RTC_B_24H.
 */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0a
#define RTC_A_UIP 0x80 /* update in progress: the time registers are changing */
#define RTC_STATUS_B 0x0b
#define RTC_B_24H 0x02
#define RTC_B_BINARY 0x04
#define RTC_HOURS_PM 0x80 /* 12-hour mode: afternoon */
#define RTC_CENTURY 0x32

#endif /* CMOS_REGS_H */
