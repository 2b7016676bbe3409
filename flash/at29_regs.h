/* Atmel AT29C040A: chip geometry, command codes and timings, with their datasheet meaning. */
#ifndef AT29_REGS_H
#define AT29_REGS_H

/*
 * Source: Atmel AT29C040A datasheet (4-megabit (512K x 8) 5-volt only 256-byte
 * sector flash memory), sections "Device Operation", "Software Data
 * Protection", "Boot Block Programming Lockout", "Software Product
 * Identification" and "AC Byte Load Characteristics".
 */

/* Geometry: 524,288 x 8, 2048 sectors of 256 bytes, two 16 KiB boot blocks. */
#define AT29_CHIP_SIZE 0x80000u
#define AT29_SECTOR_SIZE 256u
#define AT29_SECTORS_PER_CHIP (AT29_CHIP_SIZE / AT29_SECTOR_SIZE)
#define AT29_CHIP_MASK (AT29_CHIP_SIZE - 1) /* A18-A0 */
#define AT29_SECTOR_MASK (AT29_SECTOR_SIZE - 1) /* A7-A0: byte within a sector */
#define AT29_BOOT_BLOCK_SIZE 0x4000u
#define AT29_BOOT_LOWER 0x00000u /* first 16 KiB of the chip */
#define AT29_BOOT_UPPER (AT29_CHIP_SIZE - AT29_BOOT_BLOCK_SIZE) /* last 16 KiB */

/* Command addresses: "Address Format: A14-A0 (Hex)" -- only A14-A0 are decoded. */
#define AT29_CMD_ADDR_MASK 0x7FFFu
#define AT29_CMD_ADDR1 0x5555u
#define AT29_CMD_ADDR2 0x2AAAu

/* Command data bytes. */
#define AT29_UNLOCK1 0xAAu /* to 5555: first unlock cycle */
#define AT29_UNLOCK2 0x55u /* to 2AAA: second unlock cycle */
#define AT29_CMD_PROTECT 0xA0u /* to 5555: SDP enable + protected sector load */
#define AT29_CMD_LONG 0x80u /* to 5555: prefix of the six-byte commands */
#define AT29_CMD_UNPROTECT 0x20u /* after AA 55 80 AA 55: SDP disable */
#define AT29_CMD_LOCKOUT 0x40u /* after AA 55 80 AA 55: boot block lockout */
#define AT29_CMD_ID_ENTRY 0x90u /* to 5555: software product identification entry */
#define AT29_CMD_ID_EXIT 0xF0u /* to 5555: software product identification exit */

/* Seventh byte of the lockout command: which boot block (full address A18-A0). */
#define AT29_LOCK_LOWER_ADDR 0x00000u
#define AT29_LOCK_LOWER_DATA 0x00u
#define AT29_LOCK_UPPER_ADDR 0x7FFFFu
#define AT29_LOCK_UPPER_DATA 0xFFu

/* Product identification mode: codes and boot block lockout detection addresses. */
#define AT29_ID_MFR_ADDR 0x00000u
#define AT29_ID_DEV_ADDR 0x00001u
#define AT29_ID_LOCK_LOWER_ADDR 0x00002u
#define AT29_ID_LOCK_UPPER_ADDR 0x7FFF2u
#define AT29_MFR_ATMEL 0x1Fu
#define AT29_DEV_AT29C040A 0xA4u
#define AT29_LOCK_STATUS_LOCKED 0xFFu /* "If the data is FF, ... cannot be programmed" */
#define AT29_LOCK_STATUS_OPEN 0xFEu /* "If the data is FE, ... can be programmed" */

/* Status bits read while a program cycle runs. */
#define AT29_DATA_POLL 0x80u /* I/O7: complement of the last byte loaded */
#define AT29_TOGGLE 0x40u /* I/O6: toggles on consecutive reads */

/* Timings. */
#define AT29_TBLC_US 150u /* byte load cycle time: max gap between two loaded bytes */
#define AT29_TWC_MAX_US 10000u /* sector write cycle time, maximum */
#define AT29_TID_US 10000u /* pause after product ID entry/exit (flashrom: 10 ms) */

#endif /* AT29_REGS_H */
