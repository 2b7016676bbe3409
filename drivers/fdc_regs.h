/*
 * Intel 82077AA floppy disk controller registers, commands and status bits (82077AA datasheet,
 * section 2 "Register Description" and section 8 "Command Set"), in PC/AT mode at the primary
 * address 0x3F0-0x3F7.
 */
#ifndef FDC_REGS_H
#define FDC_REGS_H

#define FDC_PRIMARY_BASE 0x3f0
#define FDC_ISA_DMA_CHANNEL 2 /* DRQ2/DACK2 on a PC */

/* Register offsets from the base port (datasheet Table 2-1). */
#define FDC_SRA 0 /* status register A (read; PS/2 modes only) */
#define FDC_SRB 1 /* status register B (read; PS/2 modes only) */
#define FDC_DOR 2 /* digital output register */
#define FDC_TDR 3 /* tape drive register */
#define FDC_MSR 4 /* main status register (read) */
#define FDC_DSR 4 /* data-rate select register (write) */
#define FDC_FIFO 5 /* data (FIFO): command, result and non-DMA data bytes */
#define FDC_DIR 7 /* digital input register (read) */
#define FDC_CCR 7 /* configuration control register (write) */

/* DOR (2.1.3) */
#define FDC_DOR_DRIVE_SEL_MASK 0x03 /* DRIVE SEL0-1: the drive addressed */
#define FDC_DOR_NRESET 0x04 /* nRESET: 0 holds the controller in reset */
#define FDC_DOR_NDMAGATE 0x08 /* nDMAGATE: in AT mode, 1 enables DRQ, nDACK, TC and INT */
#define FDC_DOR_MOTEN(drive) (0x10 << (drive)) /* MOT EN0-3: the drive's motor on */

/* MSR (2.1.5) */
#define FDC_MSR_DRV_BUSY(drive) (0x01 << (drive)) /* DRV x BUSY: seek or recalibrate under way */
#define FDC_MSR_CB 0x10 /* COMMAND BUSY: a command is in progress */
#define FDC_MSR_NON_DMA 0x20 /* NON-DMA: execution phase of a non-DMA transfer */
#define FDC_MSR_DIO 0x40 /* DIO: 1 = the FIFO holds a byte for the host (result phase) */
#define FDC_MSR_RQM 0x80 /* RQM: the FIFO is ready for the next byte */

/* DSR (2.1.5) */
#define FDC_DSR_SW_RESET 0x80 /* S/W RESET: self-clearing reset */
#define FDC_DSR_POWER_DOWN 0x40

/* DIR (2.1.7) and CCR (2.1.8) */
#define FDC_DIR_DSKCHG 0x80 /* DSKCHG: the diskette was removed (cleared by a step pulse) */
#define FDC_CCR_500KBPS 0x00 /* DRATE SEL1-0 = 00: 500 kbit/s, 1.44 MB media (MFM) */

/* Commands (section 8, Table 8-1): the first byte; MT, MFM and SK are option bits of some. */
#define FDC_CMD_MT 0x80 /* multi-track: continue on head 1 after the last sector of head 0 */
#define FDC_CMD_MFM 0x40 /* MFM (double density) rather than FM */
#define FDC_CMD_SK 0x20 /* skip sectors with a deleted data address mark */
#define FDC_CMD_READ_DATA 0x06
#define FDC_CMD_SPECIFY 0x03
#define FDC_CMD_SENSE_DRIVE_STATUS 0x04
#define FDC_CMD_RECALIBRATE 0x07
#define FDC_CMD_SENSE_INTERRUPT_STATUS 0x08
#define FDC_CMD_SEEK 0x0f
#define FDC_CMD_VERSION 0x10

/* The second byte of most commands: HDS (head) and DS1-0 (drive). */
#define FDC_HDS_SHIFT 2

#define FDC_VERSION_82077AA 0x90 /* VERSION result of an enhanced controller (82077AA) */
#define FDC_VERSION_NEC765 0x80 /* VERSION is an invalid command on an 8272A/uPD765A */

/* Sector size code N: 128 << N bytes; 2 = 512. */
#define FDC_SECTOR_SIZE_CODE_512 2
#define FDC_GPL_144 0x1b /* GPL: gap length between sectors of 1.44 MB media (500 kbit/s, N = 2) */
#define FDC_DTL_UNUSED 0xff /* DTL: ignored when N is not 0 */

/* Result bytes of READ DATA (ST0, ST1, ST2, C, H, R, N) and SENSE INTERRUPT STATUS (ST0, PCN). */
#define FDC_READ_RESULT_LEN 7
#define FDC_SENSEI_RESULT_LEN 2
#define FDC_RESET_SENSEI_COUNT 4 /* after a reset in polling mode: one sense per drive */

/* ST0 (Table 8-2) */
#define FDC_ST0_DS_MASK 0x03 /* drive select */
#define FDC_ST0_H 0x04 /* head address */
#define FDC_ST0_EC 0x10 /* equipment check: TRK0 not found after 79 steps, or a fault */
#define FDC_ST0_SE 0x20 /* seek end: a seek or recalibrate completed */
#define FDC_ST0_IC_MASK 0xc0 /* interrupt code */
#define FDC_ST0_IC_NORMAL 0x00 /* normal termination */
#define FDC_ST0_IC_ABNORMAL 0x40 /* abnormal termination */
#define FDC_ST0_IC_INVALID 0x80 /* invalid command (SENSE INTERRUPT with no interrupt pending) */
#define FDC_ST0_IC_POLLING 0xc0 /* abnormal termination caused by polling (after reset) */

/* ST1 (Table 8-2) */
#define FDC_ST1_MA 0x01 /* missing address mark */
#define FDC_ST1_NW 0x02 /* not writable */
#define FDC_ST1_ND 0x04 /* no data: sector not found */
#define FDC_ST1_OR 0x10 /* overrun/underrun: the DMA did not keep up */
#define FDC_ST1_DE 0x20 /* data error: CRC error in ID or data field */
#define FDC_ST1_EN 0x80 /* end of cylinder: the sector number reached EOT without TC */

/* ST2 (Table 8-2) */
#define FDC_ST2_MD 0x01 /* missing data address mark */
#define FDC_ST2_BC 0x02 /* bad cylinder */
#define FDC_ST2_WC 0x10 /* wrong cylinder */
#define FDC_ST2_DD 0x20 /* data error in data field */
#define FDC_ST2_CM 0x40 /* control mark: deleted data address mark met */

/* ST3 (Table 8-2): SENSE DRIVE STATUS */
#define FDC_ST3_DS_MASK 0x03
#define FDC_ST3_HD 0x04 /* head address */
#define FDC_ST3_T0 0x10 /* TRK0: the head is on track 0 */
#define FDC_ST3_WP 0x40 /* write protected */

#endif /* FDC_REGS_H */
