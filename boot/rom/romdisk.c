/*
 * ROM diskette boot (issue 12): when the countdown ends with a boot, drive A comes first. A
 * Boothelper diskette (boot/common/bhdisk.h) is read with the 82077AA driver, its image checked
 * like any PIX image (header, kind, length, load range, payload SHA-256 at its load address) and
 * entered as a flash image is. Anything else prints one line, "Diskette boot: <why>.", and the
 * flash boot follows: nothing unverified runs, and nothing is written anywhere but RAM at and
 * above RAM_LOAD_BASE.
 *
 * Timing. rom_disk_start() runs as the countdown starts: CMOS says whether drive A exists (no
 * drive: no port is touched, no time spent); with a drive, the controller is reset and the motor
 * switched on, so its 500 ms spin-up runs during the countdown. At boot an empty drive is found
 * by DSKCHG after two short seeks (fdc_media_check()), with no read and no fixed wait; only a
 * diskette that is in waits for what is left of the spin-up before the first read.
 *
 * What QEMU 7.2 (-M pc) shows, checked: its floppy controller is always there; CMOS 0x10 is 0x00
 * with no drive, 0x50 for an empty drive (its 2.88 MB fallback type) and 0x40 with a 1.44 MB
 * diskette; DSKCHG stays set in an empty drive and clears on the first step with a diskette in.
 * Any type other than "none" counts as a drive: a 2.88 MB drive reads 1.44 MB media.
 *
 * The lines. An empty drive has its line too ("no diskette in the drive"), as has no drive:
 * the one line is what tells an operator who meant to boot a Boothelper diskette why the unit
 * went on to its flash (a diskette not pushed home reads as an empty drive), and issue 12 asks for
 * a line whenever the ROM goes on.
 */
#include "romdisk.h"

#include <string.h>

#include "boot/common/bhdisk.h"
#include "cmos_regs.h"
#include "fdc_regs.h"
#include "layout.h"

#define ROM_DISK_DRIVE 0 /* drive A */

/**
 * rom_disk_start() - Looks for drive A and, when CMOS lists one, resets the controller and starts
 * the motor (see the top of this file). Errors are kept for rom_disk_boot() to report.
 * @d: the drive
 * @clock: the calibrated clock
 * @bounce: FDC_BOUNCE_SIZE bytes ISA DMA can reach (fdc_init())
 */
void rom_disk_start(struct rom_disk *d, const struct clock *clock, uint8_t *bounce)
{
	memset(d, 0, sizeof(*d));
	if (fdc_cmos_drive_type(ROM_DISK_DRIVE) == CMOS_FLOPPY_NONE) {
		d->err = -FDC_ENODRIVE;
		return;
	}
	d->err = fdc_init(&d->fdc, FDC_PRIMARY_BASE, ROM_DISK_DRIVE, clock, bounce);
}

/* The one line that says why the diskette is not booted. */
static void rom_disk_say(const struct mon_console *con, const char *why)
{
	mon_printf(con, "Diskette boot: %s.\n", why);
}

/*
 * Reads the image's payload (from the sector after its header) to its load address. The last
 * sector goes through @tail, so nothing past the payload is written.
 */
static int rom_disk_read_payload(struct rom_disk *d, const struct bhdisk_desc *desc,
				 const struct img_info *info, uint8_t tail[BHDISK_SECTOR])
{
	uint8_t *load = (uint8_t *)(uintptr_t)info->load_addr;
	uint32_t lba = desc->image_lba + IMG_HDR_SIZE / BHDISK_SECTOR;
	uint32_t full = info->payload_size / BHDISK_SECTOR;
	uint32_t rest = info->payload_size % BHDISK_SECTOR;
	int err;

	err = fdc_read(&d->fdc, lba, full, load);
	if (err || !rest)
		return err;
	err = fdc_read(&d->fdc, lba + full, 1, tail);
	if (!err)
		memcpy(load + (size_t)full * BHDISK_SECTOR, tail, rest);
	return err;
}

/*
 * Reads and checks everything up to the jump; returns 0 with @info filled, or an error of fdc_*()
 * or bhdisk_*() (told apart by rom_disk_strerror()).
 */
static int rom_disk_load(struct rom_disk *d, uint64_t ram_size, struct img_info *info)
{
	uint8_t sector[BHDISK_SECTOR];
	struct bhdisk_desc desc;
	int err;

	err = fdc_media_check(&d->fdc);
	if (!err)
		err = fdc_read(&d->fdc, 0, 1, sector);
	if (!err)
		err = bhdisk_parse_boot(sector, sizeof(sector), &desc);
	if (!err)
		err = fdc_read(&d->fdc, desc.image_lba, 1, sector);
	if (!err)
		err = bhdisk_check_image(&desc, sector, sizeof(sector), RAM_LOAD_BASE, ram_size,
					 info);
	if (!err)
		err = rom_disk_read_payload(d, &desc, info, sector);
	if (!err &&
	    img_verify_payload(info, (const void *)(uintptr_t)info->load_addr, info->payload_size))
		err = -BHDISK_ESUM;
	return err;
}

/* The text of an error of either layer (their ranges do not overlap). */
static const char *rom_disk_strerror(int err)
{
	if (-err >= BHDISK_EBLANK && -err <= BHDISK_ENOIMAGE)
		return bhdisk_strerror(err);
	return fdc_strerror(err);
}

/**
 * rom_disk_boot() - Boots a Boothelper diskette in drive A; returns (after its one line) when
 * there is none to boot, with the motor off.
 * @d: the drive, after rom_disk_start()
 * @rf: the attached flash (its quiesce hook, its serial number and key for the program)
 * @con: the console for the line
 * @ram_size: top of RAM: the payload must end below it
 */
void rom_disk_boot(struct rom_disk *d, struct rom_flash *rf, const struct mon_console *con,
		   uint64_t ram_size)
{
	struct img_info info;
	int err = d->err;

	if (!err)
		err = rom_disk_load(d, ram_size, &info);
	rom_disk_stop(d);
	if (err) {
		rom_disk_say(con, rom_disk_strerror(err));
		return;
	}
	rom_flash_enter(rf, info.entry_addr, ram_size);
}

/**
 * rom_disk_stop() - Motor off and DMA masked (before the monitor, or once the diskette is read).
 * @d: the drive, after rom_disk_start()
 */
void rom_disk_stop(struct rom_disk *d)
{
	if (!d->err && d->fdc.motor)
		fdc_stop(&d->fdc);
}
