/* 82077AA floppy disk controller: polled commands, ISA DMA channel 2, 1.44 MB diskettes by LBA. */
#ifndef FDC_H
#define FDC_H

#include <stdbool.h>
#include <stdint.h>

#include "fdc_regs.h"

struct clock;

/* The one medium the driver reads: a 3.5-inch 1.44 MB diskette, 80 cylinders of 2 x 18 sectors. */
#define FDC_SECTOR_SIZE 512
#define FDC_CYLINDERS 80
#define FDC_HEADS 2
#define FDC_SECTORS_PER_TRACK 18
#define FDC_SECTORS (FDC_CYLINDERS * FDC_HEADS * FDC_SECTORS_PER_TRACK)

/*
 * The DMA bounce buffer the caller provides: one track, below 16 MiB and inside one 64 KiB page
 * (aligning it to FDC_BOUNCE_ALIGN guarantees the second).
 */
#define FDC_BOUNCE_SIZE (FDC_SECTORS_PER_TRACK * FDC_SECTOR_SIZE)
#define FDC_BOUNCE_ALIGN 0x4000

/* Waits, each bounded (82077AA datasheet; 3.5-inch drive figures where the drive sets the pace). */
#define FDC_RESET_HOLD_US 10 /* nRESET held low: far above the datasheet's minimum pulse */
#define FDC_RQM_TIMEOUT_US 10000 /* one command or result byte: the controller takes microseconds */
#define FDC_RESET_TIMEOUT_MS 50 /* RQM after a reset (the datasheet's power-up/reset recovery) */
#define FDC_SEEK_TIMEOUT_MS 1000 /* 79 steps at 6 ms and the head settle, with margin */
#define FDC_SEEK_POLL_US 200 /* between SENSE INTERRUPT STATUS polls while a seek runs */
#define FDC_READ_TIMEOUT_MS 1000 /* a track: 200 ms a turn at 300 rpm, head load, margin */
#define FDC_MOTOR_SPINUP_MS 500 /* a 3.5-inch drive reaches speed within 500 ms of MOTOR ON */
#define FDC_READ_RETRIES 3 /* attempts per track, with a recalibrate between (as PC BIOSes do) */

/*
 * Errors, returned negated (besides -ETIMEDOUT for a controller that stops answering, -EINVAL and
 * -ERANGE for bad arguments). fdc_strerror() words them.
 */
enum fdc_error {
	FDC_ENODRIVE = 1280, /* CMOS lists no drive */
	FDC_ENOCTRL, /* no controller answers at the port */
	FDC_ENOMEDIA, /* the drive holds no diskette */
	FDC_ESEEK, /* seek or recalibrate failed (equipment check, wrong cylinder) */
	FDC_EREAD, /* READ DATA ended abnormally: CRC, missing mark, sector not found, overrun */
	FDC_EPROTO, /* the controller broke the command/result protocol */
};

/*
 * One controller and the drive it reads. No globals: the instance holds its port, its clock, its
 * DMA buffer and what it knows of the drive (cylinder under the head, when the motor started).
 */
struct fdc {
	uint16_t base; /* FDC_PRIMARY_BASE */
	uint8_t drive; /* 0: drive A */
	uint8_t dor; /* the DOR as last written */
	int cyl; /* cylinder under the head, -1 when unknown (recalibrate first) */
	bool motor; /* the drive's motor is on */
	uint64_t motor_on_ms; /* when it was switched on */
	const struct clock *clock;
	uint8_t *bounce; /* FDC_BOUNCE_SIZE bytes that ISA DMA can reach */
	uint8_t st[FDC_READ_RESULT_LEN]; /* the last READ DATA result (ST0-ST2, C, H, R, N), for diagnostics */
};

unsigned int fdc_cmos_drive_type(unsigned int drive);
int fdc_init(struct fdc *f, uint16_t base, unsigned int drive, const struct clock *clock,
	     uint8_t *bounce);
int fdc_media_check(struct fdc *f);
int fdc_read(struct fdc *f, uint32_t lba, uint32_t count, void *dst);
void fdc_stop(struct fdc *f);
const char *fdc_strerror(int err);

#endif /* FDC_H */
