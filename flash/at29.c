/* Driver for a bank of Atmel AT29C040A flash chips on a byte bus: probe, read, program, protect. */

/*
 * The bank is chips of 512 KiB one after the other on a byte bus; the driver
 * sees nothing else (no model, no platform). Every program operation is a
 * protected sector write (datasheet "Software Data Protection"): AA to 5555,
 * 55 to 2AAA, A0 to 5555, then the 256 bytes of one sector back to back, far
 * inside the 150 us byte-load window; the chip starts its cycle when the
 * window closes. Completion is found by polling the status the chip shows
 * while busy (I/O6 toggling, I/O7 inverted: see poll_sector), bounded by
 * AT29_PROGRAM_TIMEOUT_US; then the
 * sector is read back. A sector that reads back wrong is loaded again up to
 * AT29_WRITE_TRIES times (a load the CPU could not finish within the window
 * programs a partial sector); one that never completes is -ETIMEDOUT. Both
 * are reported by absolute sector number in err_sector.
 *
 * Overlap: a chip programs one sector at a time, but chips are independent.
 * A write keeps one slot per chip it touches; each pass over the slots polls
 * the chips that are programming and, as soon as one is done and verified,
 * loads its next sector. With a write spanning n chips, n cycles run at once,
 * which is the bank's limit (n * 256 bytes per tWC). A contiguous write
 * (at29_write) spans only the chips its bytes lie in: 512 KiB each, so an
 * image of a few MiB keeps a few chips busy. An area striped sector by sector
 * over all chips (struct at29_stripe, at29_write_stripe) keeps every chip
 * busy from its first sector on. Sectors that already hold the data are
 * skipped; partial sectors at the ends are read, merged and written whole
 * (the chip erases the sector it programs).
 *
 * Per write: validate -> refuse changes to locked boot blocks -> overlapped
 * program/poll/verify -> on the first error stop loading, let running
 * cycles finish (so the bank is left in read mode) and return it.
 */

#include <errno.h>
#include <string.h>

#include "at29.h"

/* What one write is doing: where, the caller's data and the first error. */
struct at29_xfer {
	const struct at29_stripe *st; /* the area @off is in, or NULL: @off is a bank offset */
	uint32_t off;
	const uint8_t *data;
	size_t len;
	void (*progress)(void *ctx, size_t done);
	void *ctx;
	size_t done;
	int err;
};

static uint8_t rd(struct at29 *f, uint32_t off)
{
	return f->bus.read8(f->bus.ctx, off);
}

/* @len consecutive reads from @off, all in one chip: the bus's run read when it has one. */
static void rd_run(struct at29 *f, uint32_t off, uint8_t *buf, uint32_t len)
{
	uint32_t i;

	if (f->bus.read) {
		f->bus.read(f->bus.ctx, off, buf, len);
		return;
	}
	for (i = 0; i < len; i++)
		buf[i] = rd(f, off + i);
}

static void wr(struct at29 *f, uint32_t off, uint8_t v)
{
	f->bus.write8(f->bus.ctx, off, v);
}

static uint64_t now_us(struct at29 *f)
{
	return f->clk.now_us(f->clk.ctx);
}

static void delay_us(struct at29 *f, uint32_t us)
{
	f->clk.delay_us(f->clk.ctx, us);
}

static uint32_t chip_base(unsigned int c)
{
	return c * AT29_CHIP_SIZE;
}

/* Three-byte command to chip c: AA to 5555, 55 to 2AAA, code to 5555. */
static void cmd3(struct at29 *f, unsigned int c, uint8_t code)
{
	uint32_t base = chip_base(c);

	wr(f, base + AT29_CMD_ADDR1, AT29_UNLOCK1);
	wr(f, base + AT29_CMD_ADDR2, AT29_UNLOCK2);
	wr(f, base + AT29_CMD_ADDR1, code);
}

/* Six-byte command to chip c: AA 55 80 AA 55 code. */
static void cmd6(struct at29 *f, unsigned int c, uint8_t code)
{
	cmd3(f, c, AT29_CMD_LONG);
	cmd3(f, c, code);
}

/* Reads the ID and lockout status of every chip (one ID-mode pause for all). */
static void read_ids(struct at29 *f)
{
	unsigned int c;

	for (c = 0; c < f->chips; c++)
		cmd3(f, c, AT29_CMD_ID_ENTRY);
	delay_us(f, AT29_TID_US);
	f->present = 0;
	f->lock_lo = 0;
	f->lock_hi = 0;
	for (c = 0; c < f->chips; c++) {
		uint32_t base = chip_base(c);

		f->id[c][0] = rd(f, base + AT29_ID_MFR_ADDR);
		f->id[c][1] = rd(f, base + AT29_ID_DEV_ADDR);
		if (f->id[c][0] != AT29_MFR_ATMEL || f->id[c][1] != AT29_DEV_AT29C040A)
			continue;
		f->present |= 1u << c;
		if (rd(f, base + AT29_ID_LOCK_LOWER_ADDR) == AT29_LOCK_STATUS_LOCKED)
			f->lock_lo |= 1u << c;
		if (rd(f, base + AT29_ID_LOCK_UPPER_ADDR) == AT29_LOCK_STATUS_LOCKED)
			f->lock_hi |= 1u << c;
	}
	for (c = 0; c < f->chips; c++)
		cmd3(f, c, AT29_CMD_ID_EXIT);
	delay_us(f, AT29_TID_US);
}

/*
 * at29_probe - identify the chips of a bank and leave them in read mode
 * @f: driver instance (filled in)
 * @bus: the byte bus onto the bank (copied)
 * @clk: time source (copied)
 * @chips: chips expected on the bus, 1..AT29_MAX_CHIPS
 *
 * Reads each chip's manufacturer and device code and its boot block lockout
 * status in product ID mode. f->present has a bit per chip that answered
 * 1F/A4; f->id holds what each chip answered. Returns 0 if all answered,
 * -ENODEV if some did not, -EINVAL for a bad chip count.
 */
int at29_probe(struct at29 *f, const struct flash_bus *bus, const struct flash_clock *clk,
	       unsigned int chips)
{
	if (!chips || chips > AT29_MAX_CHIPS)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->bus = *bus;
	f->clk = *clk;
	f->chips = chips;
	f->err_sector = AT29_NO_SECTOR;
	read_ids(f);
	if (f->present != (1u << chips) - 1)
		return -ENODEV;
	return 0;
}

/*
 * at29_size - bytes in the bank
 * @f: probed driver instance
 */
uint32_t at29_size(const struct at29 *f)
{
	return f->chips * AT29_CHIP_SIZE;
}

/* Checks that [off, off + len) is inside the bank and on chips that answered. */
static int check_range(const struct at29 *f, uint32_t off, size_t len)
{
	unsigned int c;

	if (off > at29_size(f) || len > at29_size(f) - off)
		return -EINVAL;
	if (!len)
		return 0;
	for (c = off / AT29_CHIP_SIZE; c <= (off + len - 1) / AT29_CHIP_SIZE; c++)
		if (!(f->present & (1u << c)))
			return -ENODEV;
	return 0;
}

/*
 * at29_read - read bytes from the bank
 * @f: probed driver instance
 * @off: offset in the bank
 * @buf: destination
 * @len: bytes
 *
 * Returns 0, -EINVAL past the end, -ENODEV on a chip that did not answer.
 */
int at29_read(struct at29 *f, uint32_t off, void *buf, size_t len)
{
	uint8_t *p = buf;
	int err = check_range(f, off, len);

	while (!err && len) {
		uint32_t n = AT29_CHIP_SIZE - (off & AT29_CHIP_MASK);

		if (n > len)
			n = (uint32_t)len;
		rd_run(f, off, p, n);
		p += n;
		off += n;
		len -= n;
	}
	return err;
}

/* Records the first error of a write. */
static void fail(struct at29 *f, struct at29_xfer *x, uint32_t sector, int err, enum at29_err cause)
{
	if (x->err)
		return;
	x->err = err;
	f->err_sector = sector;
	f->err_cause = cause;
}

/* Counts bytes of the caller's data as written and reports them. */
static void account(struct at29_xfer *x, size_t bytes)
{
	x->done += bytes;
	if (x->progress)
		x->progress(x->ctx, x->done);
}

/* Where absolute sector s starts in the write's own terms: a bank offset, or one in the area. */
static uint32_t sector_pos(const struct at29_xfer *x, uint32_t s)
{
	const struct at29_stripe *st = x->st;
	uint32_t chip = s / AT29_SECTORS_PER_CHIP, row;

	if (!st)
		return s * AT29_SECTOR_SIZE;
	row = s % AT29_SECTORS_PER_CHIP - st->chip_off / AT29_SECTOR_SIZE;
	return (row * st->chips + (chip - st->first)) * AT29_SECTOR_SIZE;
}

/*
 * Builds in img what absolute sector s must hold: its current content with
 * the caller's bytes laid over it. Returns the caller's bytes in the sector;
 * *same is set if the sector already holds img.
 */
static size_t sector_image(struct at29 *f, const struct at29_xfer *x, uint32_t s, uint8_t *img,
			   bool *same)
{
	uint32_t base = s * AT29_SECTOR_SIZE, pos = sector_pos(x, s);
	uint32_t lo = pos > x->off ? pos : x->off;
	uint32_t end = x->off + (uint32_t)x->len;
	uint32_t hi = pos + AT29_SECTOR_SIZE < end ? pos + AT29_SECTOR_SIZE : end;

	rd_run(f, base, img, AT29_SECTOR_SIZE);
	*same = !memcmp(img + (lo - pos), x->data + (lo - x->off), hi - lo);
	memcpy(img + (lo - pos), x->data + (lo - x->off), hi - lo);
	return hi - lo;
}

/* Protected load of one sector: AA 55 A0, then its 256 bytes in a burst. */
static void load_sector(struct at29 *f, uint32_t s, const uint8_t *img)
{
	uint32_t base = s * AT29_SECTOR_SIZE;
	unsigned int i;

	cmd3(f, s / AT29_SECTORS_PER_CHIP, AT29_CMD_PROTECT);
	for (i = 0; i < AT29_SECTOR_SIZE; i++)
		wr(f, base + i, img[i]);
}

/*
 * Polls a loaded sector: 1 done, 0 still programming, -ETIMEDOUT. While the
 * chip loads or programs, I/O7 reads the complement of the last byte it
 * latched and I/O6 toggles on every read. I/O7 alone is not enough: after a
 * load cut short by the window, the last byte the chip latched is not the
 * one we sent and I/O7 would never match. So the end of the cycle is taken
 * when I/O6 stops toggling and, if the data was latched, I/O7 shows it true;
 * the read back decides whether the sector took.
 */
static int poll_sector(struct at29 *f, const struct at29_slot *sl)
{
	uint32_t last = sl->next * AT29_SECTOR_SIZE + AT29_SECTOR_SIZE - 1;
	/* time first: a stall after a busy status must not pass for a chip that never finished */
	uint64_t now = now_us(f);
	uint8_t v, w;

	/*
	 * Not before the byte-load window has surely closed: until then the chip is still
	 * loading, and the cycle starting between the two reads below can show I/O6 the same
	 * twice (the toggle starts afresh) while the chip has only just begun programming.
	 */
	if (now - sl->t_loaded_us <= AT29_TBLC_US)
		return 0;
	v = rd(f, last);
	w = rd(f, last);

	if (!((v ^ w) & AT29_TOGGLE))
		return 1;
	if (now - sl->t_loaded_us > AT29_PROGRAM_TIMEOUT_US)
		return -ETIMEDOUT;
	return 0;
}

/* Reads a programmed sector back: true if it holds the image. */
static bool verify_sector(struct at29 *f, const struct at29_slot *sl)
{
	uint8_t back[AT29_SECTOR_SIZE];

	rd_run(f, sl->next * AT29_SECTOR_SIZE, back, AT29_SECTOR_SIZE);
	return !memcmp(back, sl->img, AT29_SECTOR_SIZE);
}

/* Loads the next sector of a slot that needs programming, skipping those already right. */
static void slot_start(struct at29 *f, struct at29_xfer *x, struct at29_slot *sl)
{
	if (x->err) {
		sl->active = false;
		return;
	}
	while (!sl->tries && sl->next <= sl->end) {
		bool same;

		sl->bytes = sector_image(f, x, sl->next, sl->img, &same);
		if (!same)
			break;
		f->stats.skipped++;
		account(x, sl->bytes);
		sl->next++;
	}
	if (sl->next > sl->end) {
		sl->active = false;
		return;
	}
	load_sector(f, sl->next, sl->img);
	sl->t_loaded_us = now_us(f);
	sl->tries++;
	sl->busy = true;
}

/* Handles a slot whose cycle completed: verify, then account, retry or fail. */
static void slot_done(struct at29 *f, struct at29_xfer *x, struct at29_slot *sl)
{
	sl->busy = false;
	if (verify_sector(f, sl)) {
		f->stats.programmed++;
		account(x, sl->bytes);
		sl->next++;
		sl->tries = 0;
	} else if (sl->tries >= AT29_WRITE_TRIES) {
		fail(f, x, sl->next, -EIO, AT29_ERR_VERIFY);
		sl->active = false;
		return;
	} else {
		f->stats.retries++;
	}
	slot_start(f, x, sl);
}

/* One step for one slot: poll it if programming, else start it. True if it moved. */
static bool slot_step(struct at29 *f, struct at29_xfer *x, struct at29_slot *sl)
{
	int r;

	if (!sl->busy) {
		slot_start(f, x, sl);
		return true;
	}
	r = poll_sector(f, sl);
	if (!r)
		return false;
	if (r < 0) {
		fail(f, x, sl->next, r, AT29_ERR_TIMEOUT);
		sl->busy = false;
		sl->active = false;
		return true;
	}
	slot_done(f, x, sl);
	return true;
}

/* Refuses a write that would change a sector of a locked boot block (after slots_init). */
static int check_locked(struct at29 *f, struct at29_xfer *x)
{
	uint8_t img[AT29_SECTOR_SIZE];
	unsigned int c;
	uint32_t s;
	bool same;

	for (c = 0; c < f->chips; c++) {
		const struct at29_slot *sl = &f->slot[c];

		for (s = sl->next; sl->active && s <= sl->end; s++) {
			if (!at29_boot_block_locked(f, s * AT29_SECTOR_SIZE))
				continue;
			sector_image(f, x, s, img, &same);
			if (!same) {
				fail(f, x, s, -EIO, AT29_ERR_LOCKED);
				return -EIO;
			}
		}
	}
	return 0;
}

/*
 * The absolute sectors [*lo, *hi] of chip c that hold the write's sectors k0..k1 (counted in
 * the write's own terms, see sector_pos). A chip holds a contiguous run of them either way:
 * a bank range cut at the chip's edges, or every chips-th sector of an area. False if none.
 */
static bool chip_range(const struct at29_xfer *x, unsigned int c, uint32_t k0, uint32_t k1,
		       uint32_t *lo, uint32_t *hi)
{
	const struct at29_stripe *st = x->st;
	uint32_t n, i, a, b, row0;

	if (!st) {
		a = c * AT29_SECTORS_PER_CHIP;
		b = a + AT29_SECTORS_PER_CHIP - 1;
		if (k1 < a || k0 > b)
			return false;
		*lo = k0 > a ? k0 : a;
		*hi = k1 < b ? k1 : b;
		return true;
	}
	if (c < st->first || c - st->first >= st->chips)
		return false;
	n = st->chips;
	i = c - st->first;
	a = k0 + (i + n - k0 % n) % n; /* first k >= k0 on this chip */
	if (a > k1)
		return false;
	b = k1 - (k1 % n + n - i) % n; /* last k <= k1 on this chip */
	row0 = c * AT29_SECTORS_PER_CHIP + st->chip_off / AT29_SECTOR_SIZE;
	*lo = row0 + a / n;
	*hi = row0 + b / n;
	return true;
}

/* Sets up one slot per chip the write touches. */
static void slots_init(struct at29 *f, const struct at29_xfer *x)
{
	uint32_t k0 = x->off / AT29_SECTOR_SIZE;
	uint32_t k1 = (x->off + (uint32_t)x->len - 1) / AT29_SECTOR_SIZE;
	unsigned int c;

	for (c = 0; c < f->chips; c++) {
		struct at29_slot *sl = &f->slot[c];

		memset(sl, 0, sizeof(*sl));
		sl->active = chip_range(x, c, k0, k1, &sl->next, &sl->end);
	}
}

/*
 * Runs a write whose range was checked: refuse locked sectors, then overlapped
 * program/poll/verify until every slot is done or, after the first error, idle.
 */
static int write_xfer(struct at29 *f, struct at29_xfer *x)
{
	bool active = true;
	int err;

	slots_init(f, x);
	err = check_locked(f, x);
	if (err)
		return err;
	while (active) {
		bool moved = false;
		unsigned int c;

		active = false;
		for (c = 0; c < f->chips; c++) {
			if (!f->slot[c].active)
				continue;
			moved |= slot_step(f, x, &f->slot[c]);
			active |= f->slot[c].active;
		}
		if (active && !moved)
			delay_us(f, AT29_POLL_US);
	}
	return x->err;
}

/*
 * at29_write - program bytes into the bank, overlapping the chips
 * @f: probed driver instance
 * @off: offset in the bank (any alignment)
 * @data: the bytes
 * @len: how many
 * @progress: called with the bytes done so far after each sector, or NULL
 * @ctx: for @progress
 *
 * Sectors are written whole by protected programming; the bytes of partial
 * sectors at the ends that are not the caller's keep their content, sectors
 * that already hold the data are not programmed. On failure f->err_sector and
 * f->err_cause tell which sector and why. Returns 0, -EINVAL (range), -ENODEV
 * (chip absent), -EIO (read back wrong, or a locked boot block would change)
 * or -ETIMEDOUT (a sector never completed).
 */
int at29_write(struct at29 *f, uint32_t off, const void *data, size_t len,
	       void (*progress)(void *ctx, size_t done), void *ctx)
{
	struct at29_xfer x = { NULL, off, data, len, progress, ctx, 0, 0 };
	int err = check_range(f, off, len);

	f->err_sector = AT29_NO_SECTOR;
	f->err_cause = AT29_ERR_NONE;
	if (err || !len)
		return err;
	return write_xfer(f, &x);
}

/*
 * at29_stripe_size - bytes in a striped area
 * @st: the area
 */
uint32_t at29_stripe_size(const struct at29_stripe *st)
{
	return st->per_chip * st->chips;
}

/*
 * at29_stripe_addr - bank offset of a byte of a striped area
 * @st: the area, not empty
 * @off: offset in the area, below at29_stripe_size()
 */
uint32_t at29_stripe_addr(const struct at29_stripe *st, uint32_t off)
{
	uint32_t k = off / AT29_SECTOR_SIZE;

	return chip_base(st->first + k % st->chips) + st->chip_off +
	       k / st->chips * AT29_SECTOR_SIZE + off % AT29_SECTOR_SIZE;
}

/* Checks that @st fits the bank, [off, off + len) fits @st, and its chips answered. */
static int check_stripe(const struct at29 *f, const struct at29_stripe *st, uint32_t off,
			size_t len)
{
	unsigned int c;

	if (st->chip_off % AT29_SECTOR_SIZE || st->per_chip % AT29_SECTOR_SIZE ||
	    st->chip_off > AT29_CHIP_SIZE || st->per_chip > AT29_CHIP_SIZE - st->chip_off ||
	    st->first > f->chips || st->chips > f->chips - st->first)
		return -EINVAL;
	if (off > at29_stripe_size(st) || len > at29_stripe_size(st) - off)
		return -EINVAL;
	for (c = st->first; len && c < st->first + st->chips; c++)
		if (!(f->present & (1u << c)))
			return -ENODEV;
	return 0;
}

/*
 * at29_read_stripe - read bytes from a striped area
 * @f: probed driver instance
 * @st: the area
 * @off: offset in the area
 * @buf: destination
 * @len: bytes
 *
 * Returns 0, -EINVAL (area not in the bank, or range not in the area) or -ENODEV (one of its
 * chips did not answer).
 */
int at29_read_stripe(struct at29 *f, const struct at29_stripe *st, uint32_t off, void *buf,
		     size_t len)
{
	uint8_t *p = buf;
	int err = check_stripe(f, st, off, len);

	while (!err && len) {
		uint32_t n = AT29_SECTOR_SIZE - off % AT29_SECTOR_SIZE;

		if (n > len)
			n = (uint32_t)len;
		rd_run(f, at29_stripe_addr(st, off), p, n);
		p += n;
		off += n;
		len -= n;
	}
	return err;
}

/*
 * at29_write_stripe - program bytes into a striped area, every chip of it at once
 * @f: probed driver instance
 * @st: the area
 * @off: offset in the area (any alignment)
 * @data: the bytes
 * @len: how many
 * @progress: called with the bytes done so far after each sector, or NULL
 * @ctx: for @progress
 *
 * As at29_write, but consecutive sectors of the data go to consecutive chips, so an area of n
 * chips programs n sectors per write cycle from the start. Sectors complete out of order; the
 * count passed to @progress only grows. Returns as at29_write.
 */
int at29_write_stripe(struct at29 *f, const struct at29_stripe *st, uint32_t off, const void *data,
		      size_t len, void (*progress)(void *ctx, size_t done), void *ctx)
{
	struct at29_xfer x = { st, off, data, len, progress, ctx, 0, 0 };
	int err = check_stripe(f, st, off, len);

	f->err_sector = AT29_NO_SECTOR;
	f->err_cause = AT29_ERR_NONE;
	if (err || !len)
		return err;
	return write_xfer(f, &x);
}

/* Sends a protection command to every chip that answered and waits for it to take. */
static int set_protection(struct at29 *f, bool on)
{
	unsigned int c;

	if (!f->present)
		return -ENODEV;
	for (c = 0; c < f->chips; c++) {
		if (!(f->present & (1u << c)))
			continue;
		if (on)
			cmd3(f, c, AT29_CMD_PROTECT);
		else
			cmd6(f, c, AT29_CMD_UNPROTECT);
	}
	/* "activated/deactivated at the end of the program period, even if no data is loaded" */
	delay_us(f, AT29_TBLC_US + AT29_TWC_MAX_US);
	return 0;
}

/*
 * at29_enable_protection - turn software data protection on, on every chip
 * @f: probed driver instance
 *
 * From then on a write without the AA 55 A0 prefix programs nothing. The
 * chip cannot report its SDP state, so this is not verified. Returns 0 or
 * -ENODEV with no chip present.
 */
int at29_enable_protection(struct at29 *f)
{
	return set_protection(f, true);
}

/*
 * at29_disable_protection - turn software data protection off, on every chip
 * @f: probed driver instance
 *
 * The driver programs with the protected sequence either way; this is for
 * other software that writes without it. Not verifiable (see above).
 * Returns 0 or -ENODEV with no chip present.
 */
int at29_disable_protection(struct at29 *f)
{
	return set_protection(f, false);
}

/*
 * at29_boot_block_locked - whether a bank offset lies in a locked boot block
 * @f: probed driver instance
 * @off: offset in the bank
 *
 * Uses the lockout status read at probe time (and by at29_lock_boot_block).
 */
bool at29_boot_block_locked(const struct at29 *f, uint32_t off)
{
	unsigned int c = off / AT29_CHIP_SIZE;
	uint32_t a = off & AT29_CHIP_MASK;

	if (c >= f->chips)
		return false;
	if (a < AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE)
		return f->lock_lo & (1u << c);
	return a >= AT29_BOOT_UPPER && (f->lock_hi & (1u << c));
}

/*
 * at29_lock_boot_block - lock out, for ever, the boot block holding an offset
 * @f: probed driver instance
 * @off: an offset in the first or last 16 KiB of a chip
 *
 * Sends AA 55 80 AA 55 40 and then 00 to 00000H (lower block) or FF to
 * 7FFFFH (upper block), waits a write cycle, and reads the lockout status
 * back in product ID mode. Returns 0, -EINVAL if @off is not in a boot block,
 * -ENODEV if its chip did not answer, -EIO if the block did not lock.
 */
int at29_lock_boot_block(struct at29 *f, uint32_t off)
{
	unsigned int c = off / AT29_CHIP_SIZE;
	uint32_t a = off & AT29_CHIP_MASK;
	bool upper = a >= AT29_BOOT_UPPER;

	if (c >= f->chips || (!upper && a >= AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE))
		return -EINVAL;
	if (!(f->present & (1u << c)))
		return -ENODEV;
	cmd6(f, c, AT29_CMD_LOCKOUT);
	if (upper)
		wr(f, chip_base(c) + AT29_LOCK_UPPER_ADDR, AT29_LOCK_UPPER_DATA);
	else
		wr(f, chip_base(c) + AT29_LOCK_LOWER_ADDR, AT29_LOCK_LOWER_DATA);
	delay_us(f, AT29_TWC_MAX_US);
	read_ids(f);
	return at29_boot_block_locked(f, off) ? 0 : -EIO;
}
