/*
 * Unit tests of drivers/fdc.c on a fake 82077AA with a 1.44 MB diskette, a fake 8237A channel 2
 * and a fake clock that advances on every look, so every bounded wait ends. The fake follows the
 * datasheet's command/result protocol (RQM, DIO, CB), the polling interrupts after a reset,
 * DSKCHG cleared by a step with a diskette in, and READ DATA through DMA; knobs inject faults:
 * no controller, a controller that never answers, no diskette (a read that never ends), reads
 * that fail with missing address marks or CRC errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/clock.h"
#include "drivers/cmos.h"
#include "drivers/cmos_regs.h"
#include "drivers/fdc.h"
#include "drivers/fdc_regs.h"
#include "drivers/isadma_regs.h"

#define BUS_ADDR 0x00120000u /* where the fake says the bounce buffer is, for DMA */
#define DISK_BYTES (FDC_SECTORS * FDC_SECTOR_SIZE)
#define US_PER_LOOK 10 /* the fake clock's step on every read of it */

/* The fake controller, its DMA channel and the diskette. */
struct fake {
	bool absent; /* MSR reads 0xff: nothing decodes the ports */
	bool hang; /* RQM never comes */
	bool media; /* a diskette is in */
	bool dskchg;
	bool executing; /* a READ DATA that never ends (no diskette: no index pulses) */
	uint8_t dor;
	int pcn; /* cylinder under the head */
	int resets; /* DOR reset pulses seen */
	int reset_senses; /* polling interrupts left to acknowledge after a reset */
	bool seek_int; /* a seek or recalibrate interrupt is pending */
	uint8_t seek_st0;
	uint8_t cmd[9];
	size_t cmd_len;
	uint8_t res[7];
	size_t res_len, res_pos;
	int reads; /* READ DATA commands */
	int fail_ma, fail_de; /* the next reads that fail, and how */
	uint32_t dma_addr, dma_count;
	uint8_t dma_page, dma_mode;
	bool dma_masked, dma_ff;
	uint8_t *bounce; /* what BUS_ADDR is */
	uint8_t disk[DISK_BYTES];
};

static struct fake fk;
static uint64_t now_us;
static struct clock clk;
static uint8_t bounce[FDC_BOUNCE_SIZE];
static uint8_t cmos_types = CMOS_FLOPPY_144 << 4;

/* The fake clock: every look moves it on, so a poll loop always reaches its deadline. */
uint64_t clock_us(const struct clock *c)
{
	(void)c;
	now_us += US_PER_LOOK;
	return now_us;
}

uint64_t clock_ms(const struct clock *c)
{
	return clock_us(c) / 1000;
}

void clock_udelay(const struct clock *c, uint32_t us)
{
	(void)c;
	now_us += us;
}

uint8_t cmos_read(uint8_t index)
{
	return index == CMOS_FLOPPY_TYPES ? cmos_types : 0;
}

uint32_t io_bus_addr(const volatile void *p)
{
	return p == fk.bounce ? BUS_ADDR : (uint32_t)(uintptr_t)p;
}

/* Sets the result bytes of the command just executed. */
static void fake_result(const uint8_t *res, size_t len)
{
	memcpy(fk.res, res, len);
	fk.res_len = len;
	fk.res_pos = 0;
}

/* READ DATA: checks the DMA programming, copies the sectors, gives the result. */
static void fake_read(void)
{
	unsigned int head = fk.cmd[3], r = fk.cmd[4], eot = fk.cmd[6];
	uint32_t lba = ((uint32_t)fk.cmd[2] * FDC_HEADS + head) * FDC_SECTORS_PER_TRACK + r - 1;
	uint32_t len = (eot - r + 1) * FDC_SECTOR_SIZE;
	uint8_t res[7] = { (uint8_t)(head << 2), 0, 0, fk.cmd[2], (uint8_t)head,
			   (uint8_t)(eot + 1),	 2 };

	fk.reads++;
	if (!fk.media) {
		fk.executing = true;
		return;
	}
	if (fk.fail_ma || fk.fail_de) {
		res[0] |= FDC_ST0_IC_ABNORMAL;
		res[1] = fk.fail_ma ? FDC_ST1_MA : FDC_ST1_DE;
		if (fk.fail_ma)
			fk.fail_ma--;
		else
			fk.fail_de--;
		fake_result(res, sizeof(res));
		return;
	}
	assert_int_equal(fk.cmd[2], fk.pcn); /* the driver seeks first: no implied seek */
	assert_int_equal(fk.cmd[1] & 3, 0);
	assert_false(fk.dma_masked);
	assert_int_equal(fk.dma_mode, ISADMA_MODE_SINGLE | ISADMA_MODE_WRITE | 2);
	assert_int_equal(fk.dma_addr | (uint32_t)fk.dma_page << 16, BUS_ADDR);
	assert_int_equal(fk.dma_count + 1, len);
	assert_true(eot <= FDC_SECTORS_PER_TRACK && r >= 1 && r <= eot);
	memcpy(fk.bounce, fk.disk + (size_t)lba * FDC_SECTOR_SIZE, len);
	fake_result(res, sizeof(res));
}

/* Runs the command in fk.cmd once its last byte is in. */
static void fake_execute(void)
{
	uint8_t st0;

	switch (fk.cmd[0] & 0x1f) {
	case FDC_CMD_SENSE_INTERRUPT_STATUS:
		if (fk.reset_senses) {
			st0 = (uint8_t)(FDC_ST0_IC_POLLING | (4 - fk.reset_senses--));
			fake_result((uint8_t[]){ st0, 0 }, 2);
		} else if (fk.seek_int) {
			fk.seek_int = false;
			fake_result((uint8_t[]){ fk.seek_st0, (uint8_t)fk.pcn }, 2);
		} else {
			fake_result((uint8_t[]){ FDC_ST0_IC_INVALID }, 1);
		}
		break;
	case FDC_CMD_VERSION:
		fake_result((uint8_t[]){ FDC_VERSION_82077AA }, 1);
		break;
	case FDC_CMD_RECALIBRATE:
	case FDC_CMD_SEEK: {
		int to = (fk.cmd[0] & 0x1f) == FDC_CMD_SEEK ? fk.cmd[2] : 0;

		if (to != fk.pcn && fk.media)
			fk.dskchg = false;
		fk.pcn = to;
		fk.seek_int = true;
		fk.seek_st0 = FDC_ST0_SE | (fk.cmd[1] & 3);
		break;
	}
	case FDC_CMD_READ_DATA:
		fake_read();
		break;
	default: /* SPECIFY: no result */
		break;
	}
}

/* Bytes in a command, from its first. */
static size_t fake_cmd_len(uint8_t first)
{
	switch (first & 0x1f) {
	case FDC_CMD_SPECIFY:
	case FDC_CMD_SEEK:
		return 3;
	case FDC_CMD_RECALIBRATE:
		return 2;
	case FDC_CMD_READ_DATA:
		return 9;
	default:
		return 1;
	}
}

static uint8_t fake_msr(void)
{
	if (fk.absent)
		return 0xff;
	if (fk.hang || fk.executing)
		return FDC_MSR_CB;
	if (fk.res_pos < fk.res_len)
		return FDC_MSR_RQM | FDC_MSR_DIO | FDC_MSR_CB;
	return FDC_MSR_RQM;
}

uint8_t inb(uint16_t port)
{
	switch (port) {
	case FDC_PRIMARY_BASE + FDC_MSR:
		return fake_msr();
	case FDC_PRIMARY_BASE + FDC_FIFO:
		assert_true(fk.res_pos < fk.res_len);
		return fk.res[fk.res_pos++];
	case FDC_PRIMARY_BASE + FDC_DIR:
		return fk.dskchg ? FDC_DIR_DSKCHG : 0;
	default:
		fail_msg("inb from port 0x%x", port);
		return 0xff;
	}
}

/* Writes of the DMA controller's ports. */
static void fake_dma_out(uint16_t port, uint8_t v)
{
	uint32_t *reg = port == ISADMA_CH2_ADDR ? &fk.dma_addr : &fk.dma_count;

	switch (port) {
	case ISADMA_CH2_ADDR:
	case ISADMA_CH2_COUNT:
		*reg = fk.dma_ff ? (*reg & 0xff) | (uint32_t)v << 8 : v;
		fk.dma_ff = !fk.dma_ff;
		break;
	case ISADMA_CH2_PAGE:
		fk.dma_page = v;
		break;
	case ISADMA1_SINGLE_MASK:
		assert_int_equal(v & 3, 2);
		fk.dma_masked = v & ISADMA_MASK_SET;
		break;
	case ISADMA1_MODE:
		fk.dma_mode = v;
		break;
	case ISADMA1_CLEAR_FF:
		fk.dma_ff = false;
		break;
	default:
		fail_msg("outb to port 0x%x", port);
	}
}

void outb(uint16_t port, uint8_t v)
{
	switch (port) {
	case FDC_PRIMARY_BASE + FDC_DOR:
		if ((fk.dor & FDC_DOR_NRESET) && !(v & FDC_DOR_NRESET)) {
			fk.resets++;
			fk.cmd_len = fk.res_len = fk.res_pos = 0;
			fk.executing = fk.seek_int = false;
		}
		if (!(fk.dor & FDC_DOR_NRESET) && (v & FDC_DOR_NRESET))
			fk.reset_senses = FDC_RESET_SENSEI_COUNT;
		fk.dor = v;
		break;
	case FDC_PRIMARY_BASE + FDC_CCR:
		assert_int_equal(v, FDC_CCR_500KBPS);
		break;
	case FDC_PRIMARY_BASE + FDC_FIFO:
		assert_false(fk.res_pos <
			     fk.res_len); /* never a command byte in the result phase */
		fk.cmd[fk.cmd_len++] = v;
		if (fk.cmd_len == fake_cmd_len(fk.cmd[0])) {
			fk.cmd_len = 0;
			fk.res_len = fk.res_pos = 0;
			fake_execute();
		}
		break;
	default:
		fake_dma_out(port, v);
	}
}

static int setup(void **state)
{
	size_t i;

	memset(&fk, 0, sizeof(fk));
	fk.dor = FDC_DOR_NRESET;
	fk.media = true;
	fk.dskchg = true; /* as at power-on */
	fk.pcn = 7;
	fk.dma_masked = true;
	fk.bounce = bounce;
	for (i = 0; i < DISK_BYTES; i++)
		fk.disk[i] = (uint8_t)(i / FDC_SECTOR_SIZE * 7 + i % 251);
	now_us = 1000000;
	cmos_types = CMOS_FLOPPY_144 << 4;
	*state = NULL;
	return 0;
}

/* An initialised driver, its motor spun up (the countdown went by). */
static void init_spun_up(struct fdc *f)
{
	assert_int_equal(fdc_init(f, FDC_PRIMARY_BASE, 0, &clk, bounce), 0);
	now_us += 1000000;
}

static void test_cmos_drive_type(void **state)
{
	(void)state;
	assert_int_equal(fdc_cmos_drive_type(0), CMOS_FLOPPY_144);
	assert_int_equal(fdc_cmos_drive_type(1), CMOS_FLOPPY_NONE);
	cmos_types = 0x50; /* QEMU's empty drive: its 2.88 MB fallback type */
	assert_int_equal(fdc_cmos_drive_type(0), CMOS_FLOPPY_288);
}

static void test_init(void **state)
{
	struct fdc f;

	(void)state;
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, bounce), 0);
	assert_int_equal(fk.resets, 1);
	assert_int_equal(fk.reset_senses, 0); /* all four polling interrupts acknowledged */
	assert_int_equal(fk.dor, FDC_DOR_NRESET | FDC_DOR_NDMAGATE | FDC_DOR_MOTEN(0));
	assert_true(f.motor);
	fdc_stop(&f);
	assert_int_equal(fk.dor, FDC_DOR_NRESET | FDC_DOR_NDMAGATE);
	assert_true(fk.dma_masked);
	assert_false(f.motor);
}

static void test_init_no_controller(void **state)
{
	struct fdc f;
	uint64_t t0;

	(void)state;
	fk.absent = true;
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, bounce), -FDC_ENOCTRL);
	fk.absent = false;
	fk.hang = true;
	t0 = now_us;
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, bounce), -FDC_ENOCTRL);
	assert_true(now_us - t0 <= FDC_RESET_TIMEOUT_MS * 1000 + 1000); /* bounded */
	assert_false(fk.dor & FDC_DOR_MOTEN(0)); /* motor left off */
}

static void test_init_bad_bounce(void **state)
{
	static uint8_t other[FDC_BOUNCE_SIZE];
	struct fdc f;

	(void)state;
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, NULL), -EINVAL);
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 4, &clk, bounce), -EINVAL);
	/* a host address: above 16 MiB or across a 64 KiB page, either way refused */
	if ((uintptr_t)other > ISADMA_LIMIT - FDC_BOUNCE_SIZE ||
	    (uintptr_t)other / ISADMA_PAGE_SIZE !=
		    ((uintptr_t)other + FDC_BOUNCE_SIZE - 1) / ISADMA_PAGE_SIZE)
		assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, other), -EINVAL);
	assert_int_equal(fk.resets, 0); /* nothing touched */
}

static void test_media_check(void **state)
{
	struct fdc f;

	(void)state;
	init_spun_up(&f);
	assert_int_equal(fdc_media_check(&f), 0);
	assert_false(fk.dskchg);
	assert_int_equal(fk.pcn, 0);
	assert_int_equal(fdc_media_check(&f), 0); /* DSKCHG clear: no seek at all */
}

static void test_media_check_empty(void **state)
{
	struct fdc f;
	uint64_t t0;

	(void)state;
	fk.media = false;
	init_spun_up(&f);
	t0 = now_us;
	assert_int_equal(fdc_media_check(&f), -FDC_ENOMEDIA);
	assert_true(now_us - t0 < 10000); /* no fixed wait: under 10 ms of fake time */
	assert_int_equal(fk.reads, 0);
}

static void test_read_sectors(void **state)
{
	static uint8_t out[40 * FDC_SECTOR_SIZE];
	struct fdc f;

	(void)state;
	init_spun_up(&f);
	assert_int_equal(fdc_read(&f, 0, 1, out), 0);
	assert_memory_equal(out, fk.disk, FDC_SECTOR_SIZE);
	/* LBA 30..69: the end of head 0's track, head 1's whole track, and into cylinder 1 */
	fk.reads = 0;
	assert_int_equal(fdc_read(&f, 30, 40, out), 0);
	assert_memory_equal(out, fk.disk + 30 * FDC_SECTOR_SIZE, sizeof(out));
	assert_int_equal(fk.reads, 3); /* a READ DATA per track: 30-35, 36-53, 54-69 */
	assert_int_equal(fk.pcn, 1);
	assert_true(fk.dma_masked);
	assert_int_equal(fdc_read(&f, FDC_SECTORS - 1, 1, out), 0);
	assert_memory_equal(out, fk.disk + (FDC_SECTORS - 1) * FDC_SECTOR_SIZE, FDC_SECTOR_SIZE);
	assert_int_equal(fk.pcn, FDC_CYLINDERS - 1);
}

static void test_read_range(void **state)
{
	uint8_t out[FDC_SECTOR_SIZE];
	struct fdc f;

	(void)state;
	init_spun_up(&f);
	assert_int_equal(fdc_read(&f, FDC_SECTORS, 1, out), -ERANGE);
	assert_int_equal(fdc_read(&f, FDC_SECTORS - 1, 2, out), -ERANGE);
	assert_int_equal(fdc_read(&f, 5, 0xffffffffu, out), -ERANGE);
	assert_int_equal(fdc_read(&f, FDC_SECTORS, 0, out), 0);
	assert_int_equal(fk.reads, 0);
	fdc_stop(&f);
	assert_int_equal(fdc_read(&f, 0, 1, out), -EINVAL); /* motor off */
}

static void test_read_retries_crc_errors(void **state)
{
	uint8_t out[FDC_SECTOR_SIZE];
	struct fdc f;

	(void)state;
	init_spun_up(&f);
	fk.fail_de = FDC_READ_RETRIES - 1;
	assert_int_equal(fdc_read(&f, 100, 1, out), 0);
	assert_int_equal(fk.reads, FDC_READ_RETRIES);
	assert_memory_equal(out, fk.disk + 100 * FDC_SECTOR_SIZE, sizeof(out));
	fk.reads = 0;
	fk.fail_de = FDC_READ_RETRIES;
	assert_int_equal(fdc_read(&f, 100, 1, out), -FDC_EREAD);
	assert_int_equal(fk.reads, FDC_READ_RETRIES);
}

static void test_read_missing_marks_not_retried(void **state)
{
	uint8_t out[FDC_SECTOR_SIZE];
	struct fdc f;

	(void)state;
	init_spun_up(&f);
	fk.fail_ma = 5;
	assert_int_equal(fdc_read(&f, 0, 1, out), -FDC_EREAD);
	assert_int_equal(fk.reads, 1);
	assert_true(f.st[1] & FDC_ST1_MA);
}

static void test_read_never_ends(void **state)
{
	uint8_t out[FDC_SECTOR_SIZE];
	struct fdc f;
	uint64_t t0;

	(void)state;
	init_spun_up(&f);
	fk.media = false; /* no index pulses: READ DATA would run for ever */
	t0 = now_us;
	assert_int_equal(fdc_read(&f, 0, 1, out), -ETIMEDOUT);
	assert_int_equal(fk.reads, FDC_READ_RETRIES);
	assert_int_equal(fk.resets, 1 + FDC_READ_RETRIES - 1); /* reset before each retry */
	assert_true(now_us - t0 < (uint64_t)FDC_READ_RETRIES * (FDC_READ_TIMEOUT_MS + 100) * 1000);
	assert_true(fk.dma_masked);
}

static void test_spinup_wait(void **state)
{
	uint8_t out[FDC_SECTOR_SIZE];
	struct fdc f;
	uint64_t t0;

	(void)state;
	assert_int_equal(fdc_init(&f, FDC_PRIMARY_BASE, 0, &clk, bounce), 0);
	t0 = now_us;
	assert_int_equal(fdc_read(&f, 0, 1, out), 0); /* right after motor on: waits the spin-up */
	assert_true(now_us - t0 >= (FDC_MOTOR_SPINUP_MS - 5) * 1000);
	t0 = now_us;
	assert_int_equal(fdc_read(&f, 1, 1, out), 0); /* spun up: no wait */
	assert_true(now_us - t0 < 10000);
}

static void test_strerror(void **state)
{
	int e, i;

	(void)state;
	for (e = FDC_ENODRIVE; e <= FDC_EPROTO; e++) {
		assert_string_not_equal(fdc_strerror(-e), "error");
		for (i = FDC_ENODRIVE; i < e; i++)
			assert_string_not_equal(fdc_strerror(-i), fdc_strerror(-e));
	}
	assert_string_equal(fdc_strerror(-FDC_ENOMEDIA), "no diskette in the drive");
	assert_string_equal(fdc_strerror(-ETIMEDOUT), "controller timed out");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cmos_drive_type, setup),
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_init_no_controller, setup),
		cmocka_unit_test_setup(test_init_bad_bounce, setup),
		cmocka_unit_test_setup(test_media_check, setup),
		cmocka_unit_test_setup(test_media_check_empty, setup),
		cmocka_unit_test_setup(test_read_sectors, setup),
		cmocka_unit_test_setup(test_read_range, setup),
		cmocka_unit_test_setup(test_read_retries_crc_errors, setup),
		cmocka_unit_test_setup(test_read_missing_marks_not_retried, setup),
		cmocka_unit_test_setup(test_read_never_ends, setup),
		cmocka_unit_test_setup(test_spinup_wait, setup),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
