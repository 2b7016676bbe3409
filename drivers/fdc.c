/*
 * 82077AA floppy disk controller driver: reads a 1.44 MB diskette by LBA through ISA DMA channel
 * 2, without interrupts.
 *
 * The firmware runs with interrupts off, so where the datasheet has the host wait for INT (after
 * a reset, a SEEK or a RECALIBRATE) the driver polls SENSE INTERRUPT STATUS, which answers
 * "invalid command" (ST0 = 0x80) while no interrupt is pending; READ DATA ends when MSR shows the
 * result phase (RQM and DIO). Every wait is bounded by one of the FDC_*_TIMEOUT_* constants of
 * fdc.h against the calibrated clock.
 *
 * A command is: wait for RQM with DIO clear before each command byte, then (for READ DATA) the
 * execution phase with DMA, then the result bytes while RQM and DIO are set. A controller that
 * times out in the middle is reset, so the next command starts from a known state.
 *
 * The motor: fdc_init() switches it on and notes the time; fdc_read() waits only for what is left
 * of FDC_MOTOR_SPINUP_MS before its first READ DATA. The ROM calls fdc_init() when its boot
 * countdown starts, so the spin-up runs during the countdown and a boot from the diskette waits
 * for nothing. fdc_media_check() needs no spin-up (it steps the head and reads DSKCHG), so an
 * empty drive costs two short seeks and no fixed wait.
 */
#include "fdc.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "clock.h"
#include "cmos.h"
#include "cmos_regs.h"
#include "fdc_regs.h"
#include "io.h"
#include "isadma_regs.h"

/* SPECIFY: step rate 6 ms (SRT = 16 - 6 at 500 kbit/s), head unload 240 ms, head load 2 ms, DMA. */
#define FDC_SPECIFY_SRT_HUT 0xaf
#define FDC_SPECIFY_HLT_ND 0x02

/**
 * fdc_cmos_drive_type() - The drive type CMOS register 0x10 gives for @drive (CMOS_FLOPPY_*).
 * @drive: 0 for drive A, 1 for drive B
 *
 * Return: the type; CMOS_FLOPPY_NONE when there is no drive.
 */
unsigned int fdc_cmos_drive_type(unsigned int drive)
{
	return (cmos_read(CMOS_FLOPPY_TYPES) >> CMOS_FLOPPY_SHIFT(drive)) & CMOS_FLOPPY_MASK;
}

/* Waits until MSR shows RQM with DIO as @dio wants; returns 0, -FDC_EPROTO or -ETIMEDOUT. */
static int fdc_wait_rqm(struct fdc *f, uint8_t dio, uint32_t timeout_us)
{
	uint64_t deadline = clock_us(f->clock) + timeout_us;
	uint8_t msr;

	for (;;) {
		msr = inb(f->base + FDC_MSR);
		if (msr & FDC_MSR_RQM)
			return (msr & FDC_MSR_DIO) == dio ? 0 : -FDC_EPROTO;
		if (clock_us(f->clock) > deadline)
			return -ETIMEDOUT;
	}
}

/* Sends the @len bytes of a command; returns 0 or the wait's error. */
static int fdc_command(struct fdc *f, const uint8_t *cmd, size_t len)
{
	size_t i;
	int err;

	for (i = 0; i < len; i++) {
		err = fdc_wait_rqm(f, 0, FDC_RQM_TIMEOUT_US);
		if (err)
			return err;
		outb(f->base + FDC_FIFO, cmd[i]);
	}
	return 0;
}

/*
 * Reads result bytes until the controller has no more or @len are read, the first waiting up to
 * @first_us (the execution phase); returns how many were read or -ETIMEDOUT.
 */
static int fdc_result(struct fdc *f, uint8_t *res, size_t len, uint32_t first_us)
{
	size_t n = 0;
	int err;

	while (n < len) {
		err = fdc_wait_rqm(f, FDC_MSR_DIO, n ? FDC_RQM_TIMEOUT_US : first_us);
		if (err == -FDC_EPROTO)
			break; /* RQM without DIO: the result phase is over */
		if (err)
			return err;
		res[n++] = inb(f->base + FDC_FIFO);
	}
	return (int)n;
}

/* SENSE INTERRUPT STATUS: ST0 and PCN; returns 0 (ST0 may say "invalid": nothing pending). */
static int fdc_sense_interrupt(struct fdc *f, uint8_t *st0, uint8_t *pcn)
{
	static const uint8_t cmd[] = { FDC_CMD_SENSE_INTERRUPT_STATUS };
	uint8_t res[FDC_SENSEI_RESULT_LEN] = { 0, 0 };
	int n;

	n = fdc_command(f, cmd, sizeof(cmd));
	if (n)
		return n;
	n = fdc_result(f, res, sizeof(res), FDC_RQM_TIMEOUT_US);
	if (n < 0)
		return n;
	if (n < 1)
		return -FDC_EPROTO;
	*st0 = res[0];
	*pcn = res[1];
	return 0;
}

/* Writes the DOR: out of reset, DMA and INT enabled, the drive selected, its motor as f->motor. */
static void fdc_write_dor(struct fdc *f)
{
	f->dor = FDC_DOR_NRESET | FDC_DOR_NDMAGATE | (f->drive & FDC_DOR_DRIVE_SEL_MASK) |
		 (f->motor ? FDC_DOR_MOTEN(f->drive) : 0);
	outb(f->base + FDC_DOR, f->dor);
}

/*
 * Resets the controller through the DOR, acknowledges the polling interrupts that follow, and
 * programs the data rate and SPECIFY. Returns 0, -FDC_ENOCTRL when nothing answers, or an error.
 */
static int fdc_reset(struct fdc *f)
{
	static const uint8_t specify[] = { FDC_CMD_SPECIFY, FDC_SPECIFY_SRT_HUT,
					   FDC_SPECIFY_HLT_ND };
	uint8_t st0, pcn;
	unsigned int i;
	int err;

	outb(f->base + FDC_DOR, 0);
	clock_udelay(f->clock, FDC_RESET_HOLD_US);
	fdc_write_dor(f);
	err = fdc_wait_rqm(f, 0, FDC_RESET_TIMEOUT_MS * 1000);
	if (err)
		return err == -ETIMEDOUT ? -FDC_ENOCTRL : err;
	/* after a reset with polling enabled: one interrupt to acknowledge per drive */
	for (i = 0; i < FDC_RESET_SENSEI_COUNT; i++) {
		err = fdc_sense_interrupt(f, &st0, &pcn);
		if (err)
			return err;
		if ((st0 & FDC_ST0_IC_MASK) == FDC_ST0_IC_INVALID)
			break;
	}
	outb(f->base + FDC_CCR, FDC_CCR_500KBPS);
	f->cyl = -1;
	return fdc_command(f, specify, sizeof(specify));
}

/* VERSION: 0 for an 82077AA-compatible controller, -FDC_ENOCTRL otherwise. */
static int fdc_check_version(struct fdc *f)
{
	static const uint8_t cmd[] = { FDC_CMD_VERSION };
	uint8_t v = 0;
	int n;

	n = fdc_command(f, cmd, sizeof(cmd));
	if (!n)
		n = fdc_result(f, &v, 1, FDC_RQM_TIMEOUT_US);
	if (n < 0)
		return n == -ETIMEDOUT ? -FDC_ENOCTRL : n;
	return n == 1 && v == FDC_VERSION_82077AA ? 0 : -FDC_ENOCTRL;
}

/**
 * fdc_init() - Resets the controller, checks it is an 82077AA, and switches @drive's motor on.
 * @f: the instance to fill
 * @base: the controller's I/O base (FDC_PRIMARY_BASE)
 * @drive: 0 for drive A
 * @clock: the calibrated clock that bounds every wait
 * @bounce: FDC_BOUNCE_SIZE bytes below 16 MiB that do not cross a 64 KiB boundary
 *
 * The motor stays on (spinning up) until fdc_stop(); a failed init leaves it off.
 *
 * Return: 0, -EINVAL for a bounce buffer ISA DMA cannot use, -FDC_ENOCTRL, or another error.
 */
int fdc_init(struct fdc *f, uint16_t base, unsigned int drive, const struct clock *clock,
	     uint8_t *bounce)
{
	uint32_t a = bounce ? io_bus_addr(bounce) : 0;
	int err;

	memset(f, 0, sizeof(*f));
	f->base = base;
	f->drive = (uint8_t)drive;
	f->clock = clock;
	f->bounce = bounce;
	f->cyl = -1;
	if (drive > FDC_DOR_DRIVE_SEL_MASK || !bounce || a > ISADMA_LIMIT - FDC_BOUNCE_SIZE ||
	    a / ISADMA_PAGE_SIZE != (a + FDC_BOUNCE_SIZE - 1) / ISADMA_PAGE_SIZE)
		return -EINVAL;
	if (inb(base + FDC_MSR) == 0xff)
		return -FDC_ENOCTRL; /* a floating bus: no controller decodes the port */
	err = fdc_reset(f);
	if (!err)
		err = fdc_check_version(f);
	if (err)
		goto err_reset;
	f->motor = true;
	f->motor_on_ms = clock_ms(clock);
	fdc_write_dor(f);
	return 0;

err_reset:
	outb(base + FDC_DOR, FDC_DOR_NRESET);
	return err;
}

/*
 * Waits for the end of a SEEK or RECALIBRATE by polling SENSE INTERRUPT STATUS; returns 0 with the
 * head on @cyl, -FDC_ESEEK, or -ETIMEDOUT.
 */
static int fdc_wait_seek(struct fdc *f, int cyl)
{
	uint64_t deadline = clock_ms(f->clock) + FDC_SEEK_TIMEOUT_MS;
	uint8_t st0, pcn;
	int err;

	for (;;) {
		err = fdc_sense_interrupt(f, &st0, &pcn);
		if (err)
			return err;
		if ((st0 & FDC_ST0_IC_MASK) != FDC_ST0_IC_INVALID)
			break;
		if (clock_ms(f->clock) > deadline)
			return -ETIMEDOUT;
		clock_udelay(f->clock, FDC_SEEK_POLL_US);
	}
	f->cyl = -1;
	if (!(st0 & FDC_ST0_SE) || (st0 & (FDC_ST0_IC_MASK | FDC_ST0_EC)) || pcn != cyl)
		return -FDC_ESEEK;
	f->cyl = cyl;
	return 0;
}

/*
 * RECALIBRATE, twice if needed: an 82077AA gives up after 79 step pulses, short of cylinder 0
 * when the head was further out. Returns 0 or the error.
 */
static int fdc_recalibrate(struct fdc *f)
{
	const uint8_t cmd[] = { FDC_CMD_RECALIBRATE, f->drive };
	int err, tries;

	for (tries = 0; tries < 2; tries++) {
		err = fdc_command(f, cmd, sizeof(cmd));
		if (!err)
			err = fdc_wait_seek(f, 0);
		if (err != -FDC_ESEEK)
			break;
	}
	return err;
}

/* SEEK to cylinder @cyl on head @head; returns 0 or the error. */
static int fdc_seek(struct fdc *f, int cyl, unsigned int head)
{
	const uint8_t cmd[] = { FDC_CMD_SEEK, (uint8_t)(head << FDC_HDS_SHIFT | f->drive),
				(uint8_t)cyl };
	int err;

	if (f->cyl == cyl)
		return 0;
	if (f->cyl < 0) {
		err = fdc_recalibrate(f);
		if (err || cyl == 0)
			return err;
	}
	err = fdc_command(f, cmd, sizeof(cmd));
	return err ? err : fdc_wait_seek(f, cyl);
}

/**
 * fdc_media_check() - Whether the drive holds a diskette. DSKCHG stays set while the drive is
 * empty and clears on a step pulse once a diskette is in, so: when it is set, step to cylinder 1
 * and back and look again. Needs no spin-up and no read, so an empty drive answers at once.
 * @f: an initialised controller
 *
 * Return: 0 when a diskette is in, -FDC_ENOMEDIA when not, or a seek's error.
 */
int fdc_media_check(struct fdc *f)
{
	int err;

	if (!(inb(f->base + FDC_DIR) & FDC_DIR_DSKCHG))
		return 0;
	err = fdc_seek(f, 1, 0);
	if (!err)
		err = fdc_seek(f, 0, 0);
	if (err)
		return err;
	return inb(f->base + FDC_DIR) & FDC_DIR_DSKCHG ? -FDC_ENOMEDIA : 0;
}

/* Programs ISA DMA channel 2 to write @len bytes from the controller into the bounce buffer. */
static void fdc_dma_setup(struct fdc *f, uint32_t len)
{
	uint32_t a = io_bus_addr(f->bounce);
	uint32_t count = len - 1;

	outb(ISADMA1_SINGLE_MASK, ISADMA_MASK_SET | ISADMA_MASK_CHANNEL(FDC_ISA_DMA_CHANNEL));
	outb(ISADMA1_CLEAR_FF, 0);
	outb(ISADMA1_MODE,
	     ISADMA_MODE_SINGLE | ISADMA_MODE_WRITE | ISADMA_MODE_CHANNEL(FDC_ISA_DMA_CHANNEL));
	outb(ISADMA_CH2_ADDR, (uint8_t)a);
	outb(ISADMA_CH2_ADDR, (uint8_t)(a >> 8));
	outb(ISADMA_CH2_PAGE, (uint8_t)(a >> 16));
	outb(ISADMA1_CLEAR_FF, 0);
	outb(ISADMA_CH2_COUNT, (uint8_t)count);
	outb(ISADMA_CH2_COUNT, (uint8_t)(count >> 8));
	outb(ISADMA1_SINGLE_MASK, ISADMA_MASK_CHANNEL(FDC_ISA_DMA_CHANNEL));
}

/* Masks DMA channel 2 again, so nothing more lands in memory. */
static void fdc_dma_stop(void)
{
	outb(ISADMA1_SINGLE_MASK, ISADMA_MASK_SET | ISADMA_MASK_CHANNEL(FDC_ISA_DMA_CHANNEL));
}

/*
 * Whether a READ DATA result says all was read. Normal termination, or abnormal with only "end of
 * cylinder": the datasheet's ending when the last sector is EOT and TC came with it.
 */
static bool fdc_read_ok(const uint8_t *st)
{
	if ((st[0] & FDC_ST0_IC_MASK) == FDC_ST0_IC_NORMAL)
		return true;
	return (st[0] & FDC_ST0_IC_MASK) == FDC_ST0_IC_ABNORMAL && st[1] == FDC_ST1_EN && !st[2];
}

/* READ DATA of sectors @sect..@sect + @n - 1 of one track into the bounce buffer; 0 or error. */
static int fdc_read_track(struct fdc *f, int cyl, unsigned int head, unsigned int sect,
			  unsigned int n)
{
	const uint8_t cmd[] = {
		FDC_CMD_MFM | FDC_CMD_READ_DATA,
		(uint8_t)(head << FDC_HDS_SHIFT | f->drive),
		(uint8_t)cyl,
		(uint8_t)head,
		(uint8_t)sect,
		FDC_SECTOR_SIZE_CODE_512,
		(uint8_t)(sect + n - 1), /* EOT: the last sector wanted */
		FDC_GPL_144,
		FDC_DTL_UNUSED,
	};
	int err;

	err = fdc_seek(f, cyl, head);
	if (err)
		return err;
	fdc_dma_setup(f, n * FDC_SECTOR_SIZE);
	err = fdc_command(f, cmd, sizeof(cmd));
	if (!err)
		err = fdc_result(f, f->st, sizeof(f->st), FDC_READ_TIMEOUT_MS * 1000);
	fdc_dma_stop();
	if (err < 0)
		return err;
	if (err != (int)sizeof(f->st))
		return -FDC_EPROTO;
	return fdc_read_ok(f->st) ? 0 : -FDC_EREAD;
}

/* Waits for what is left of the motor's spin-up (nothing when the countdown covered it). */
static void fdc_spinup(struct fdc *f)
{
	uint64_t ready = f->motor_on_ms + FDC_MOTOR_SPINUP_MS, now = clock_ms(f->clock);

	if (now < ready)
		clock_udelay(f->clock, (uint32_t)(ready - now) * 1000);
}

/*
 * One track's worth with retries: a failed attempt recalibrates (or, after a timeout, resets the
 * controller) before the next. Missing address marks end it at once: the controller has already
 * spent two revolutions finding no sector ID, the mark of an unformatted diskette, and retrying
 * would only make an unreadable diskette cost more than a few hundred milliseconds. Returns 0 or
 * the last error.
 */
static int fdc_read_retry(struct fdc *f, int cyl, unsigned int head, unsigned int sect,
			  unsigned int n)
{
	int err = 0, tries;

	for (tries = 0; tries < FDC_READ_RETRIES; tries++) {
		if (err == -ETIMEDOUT || err == -FDC_EPROTO)
			err = fdc_reset(f);
		else if (err)
			err = fdc_recalibrate(f);
		if (!err)
			err = fdc_read_track(f, cyl, head, sect, n);
		if (!err)
			return 0;
		if (err == -FDC_EREAD && (f->st[1] & FDC_ST1_MA))
			break;
	}
	return err;
}

/**
 * fdc_read() - Reads @count sectors from @lba on into @dst, a track at a time through the bounce
 * buffer (so @dst may be anywhere).
 * @f: an initialised controller (its motor on)
 * @lba: the first sector, (cylinder * 2 + head) * 18 + sector - 1
 * @count: sectors
 * @dst: where they go, @count * FDC_SECTOR_SIZE bytes
 *
 * Return: 0, -ERANGE when the sectors run past the diskette, -FDC_EREAD, -FDC_ESEEK, -ETIMEDOUT
 * or -FDC_EPROTO; what was read before an error is in @dst.
 */
int fdc_read(struct fdc *f, uint32_t lba, uint32_t count, void *dst)
{
	uint8_t *out = dst;
	int err;

	if (lba > FDC_SECTORS || count > FDC_SECTORS - lba)
		return -ERANGE;
	if (!f->motor)
		return -EINVAL;
	fdc_spinup(f);
	while (count) {
		unsigned int track = lba / FDC_SECTORS_PER_TRACK;
		unsigned int sect = lba % FDC_SECTORS_PER_TRACK + 1;
		unsigned int n = FDC_SECTORS_PER_TRACK - sect + 1;

		if (n > count)
			n = count;
		err = fdc_read_retry(f, (int)(track / FDC_HEADS), track % FDC_HEADS, sect, n);
		if (err)
			return err;
		memcpy(out, f->bounce, n * FDC_SECTOR_SIZE);
		out += n * FDC_SECTOR_SIZE;
		lba += n;
		count -= n;
	}
	return 0;
}

/**
 * fdc_stop() - Switches the motor off and leaves DMA channel 2 masked (before the monitor or the
 * flash boot, or before another program takes the machine).
 * @f: an initialised controller
 */
void fdc_stop(struct fdc *f)
{
	fdc_dma_stop();
	f->motor = false;
	fdc_write_dor(f);
}

/**
 * fdc_strerror() - What an error of this driver means, in a few words.
 * @err: a negative error of fdc_*()
 *
 * Return: a constant text.
 */
const char *fdc_strerror(int err)
{
	switch (-err) {
	case FDC_ENODRIVE:
		return "no diskette drive";
	case FDC_ENOCTRL:
		return "no diskette controller";
	case FDC_ENOMEDIA:
		return "no diskette in the drive";
	case FDC_ESEEK:
		return "seek failed";
	case FDC_EREAD:
		return "read error";
	case FDC_EPROTO:
		return "controller not responding properly";
	case ETIMEDOUT:
		return "controller timed out";
	case ERANGE:
		return "sector beyond the diskette";
	case EINVAL:
		return "invalid request";
	default:
		return err ? "error" : "no error";
	}
}
