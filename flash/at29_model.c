/* Emulated bank of Atmel AT29C040A chips: the datasheet's command state machine behind a byte bus. */

/*
 * Chip i of the bank answers bus offsets [i * 512 KiB, (i + 1) * 512 KiB). Its
 * array and its non-volatile bits (SDP, boot block lockout) live in the
 * caller's persistent memory; the command state below is volatile.
 *
 * State machine of one chip, driven by writes on the bus. Time is evaluated
 * lazily: each access first brings the addressed chip up to "now"
 * (chip_advance), so no thread or timer is needed.
 *
 *   READ  --AA@5555--> CMD1 --55@2AAA--> CMD2
 *   CMD2  --A0@5555--> ARMED (SDP set when the cycle ends)
 *   CMD2  --90@5555--> READ in product ID mode;  --F0@5555--> READ, ID mode left
 *   CMD2  --80@5555--> CMD3 --AA@5555--> CMD4 --55@2AAA--> CMD5
 *   CMD5  --20@5555--> ARMED (SDP cleared when the cycle ends)
 *   CMD5  --40@5555--> LOCK --00@00000 | FF@7FFFF--> READ, lower | upper block locked
 *   READ  --other byte--> LOAD (SDP off: a sector load; SDP on: a dummy load)
 *   ARMED, LOAD --byte in the load's sector--> LOAD (latched; window restarts)
 *   ARMED --tBLC without a byte--> READ (SDP change applied)
 *   LOAD  --tBLC after the last byte--> BUSY (program cycle starts)
 *   BUSY  --tWC--> READ (sector erased, latched bytes programmed, SDP change applied)
 * A write that breaks a command sequence aborts it and is then taken as in
 * READ. Command addresses are decoded on A14-A0 only; the boot block choice
 * (seventh byte of the lockout command) on the full A18-A0.
 *
 * Datasheet rules (AT29C040A, "Device Operation" and following sections):
 * - "Each new byte to be programmed must have its high to low transition on
 *   WE within 150 us of the low to high transition of WE of the preceding
 *   byte. If a high to low transition is not detected within 150 us of the
 *   last low to high transition, the load period will end and the internal
 *   programming period will start." A8-A18 give the sector, A0-A7 the byte;
 *   bytes may be loaded in any order.
 * - "the device will automatically erase the sector and then program the
 *   latched data": bytes not loaded read FF afterwards.
 * - "for the duration of tWC, a read operation will effectively be a polling
 *   operation": I/O7 reads the complement of the last byte loaded, I/O6
 *   toggles; writes are not accepted.
 * - SDP: AA 55 A0 enables it and must precede every program operation while it
 *   is on; AA 55 80 AA 55 20 disables it; the change takes effect at the end
 *   of the program period, even if no data is loaded; power transitions do
 *   not change it (non-volatile). A write without the prefix while SDP is on
 *   programs nothing; the model runs a dummy cycle (busy for tWC, like the
 *   AT28C family's SDP) so the array never changes.
 * - Boot block lockout: AA 55 80 AA 55 40, then 00 to 00000H (lower 16 KiB)
 *   or FF to 7FFFFH (upper 16 KiB); permanent. In product ID mode 00002H and
 *   7FFF2H read FF when the block is locked, FE when it can be programmed.
 * - Product ID: AA 55 90 enters (00000H: 1F Atmel, 00001H: A4 AT29C040A),
 *   AA 55 F0 exits. The datasheet asks for a pause after each (flashrom uses
 *   10 ms); the model switches at once and leaves the pause to the driver.
 * Modelling choices where the datasheet is silent: a byte for another sector
 * during a load is dropped; reads do not disturb a command sequence; a load
 * into a locked boot block runs a dummy cycle; other ID addresses read FF.
 *
 * Faults (at29_model_fault_*): a stuck sector (its cycle never ends until the
 * bank is powered off; the sector is left erased), a power cut during a
 * sector's cycle (the first N bytes of the sector programmed, the rest erased
 * to FF, any other chip's running cycle leaves its sector erased, then the
 * bank is off until at29_model_init), a stall (the load window closes after N
 * bytes, as if the caller had paused), SDP that cannot be disabled, and a
 * locked boot block.
 */

#include <errno.h>
#include <string.h>

#include "at29_model.h"

static uint64_t model_now(const struct at29_model *m)
{
	return m->clk->now_us(m->clk->ctx);
}

static uint32_t abs_sector(unsigned int c, uint32_t sector)
{
	return c * AT29_SECTORS_PER_CHIP + sector;
}

static bool knob_hits(uint32_t knob, uint32_t abs)
{
	return knob == AT29_MODEL_ANY_SECTOR || knob == abs;
}

static uint8_t *sector_ptr(struct at29_model *m, unsigned int c, uint32_t sector)
{
	return m->array + (size_t)c * AT29_CHIP_SIZE + (size_t)sector * AT29_SECTOR_SIZE;
}

/* True if a sector of chip c lies in a boot block that is locked out. */
static bool sector_locked(const struct at29_model *m, unsigned int c, uint32_t sector)
{
	uint32_t a = sector * AT29_SECTOR_SIZE;
	const struct at29_pstate *ps = &m->pstate[c];

	if (ps->lock_lo && a < AT29_BOOT_LOWER + AT29_BOOT_BLOCK_SIZE)
		return true;
	return ps->lock_hi && a >= AT29_BOOT_UPPER;
}

/* Applies a pending SDP change (end of a load window or program cycle). */
static void apply_sdp(struct at29_model *m, unsigned int c)
{
	struct at29_chip *ch = &m->chip[c];

	if (ch->sdp_change == AT29_SDP_SET)
		m->pstate[c].sdp = 1;
	else if (ch->sdp_change == AT29_SDP_CLEAR && !(m->faults.sdp_forced & (1u << c)))
		m->pstate[c].sdp = 0;
	ch->sdp_change = AT29_SDP_KEEP;
}

/*
 * Loses power at time t: cycles that ended before t are committed, running
 * ones leave their sector erased, all volatile state is gone and the bus
 * floats until at29_model_init.
 */
static void power_off_at(struct at29_model *m, uint64_t t);

/* Power fails during chip c's cycle: the first n bytes are programmed, the rest erased. */
static void power_cut(struct at29_model *m, unsigned int c, uint64_t t)
{
	struct at29_chip *ch = &m->chip[c];
	uint8_t *p = sector_ptr(m, c, ch->sector);
	uint32_t n = m->faults.cut_bytes;

	m->faults.cut_sector = AT29_MODEL_NO_FAULT;
	memset(p, 0xFF, AT29_SECTOR_SIZE);
	if (ch->commit)
		memcpy(p, ch->buf, n);
	ch->state = AT29_ST_READ; /* this chip is accounted for */
	power_off_at(m, t);
}

/* The load window of chip c closed at time t: the program cycle starts. */
static void start_cycle(struct at29_model *m, unsigned int c, uint64_t t)
{
	struct at29_chip *ch = &m->chip[c];
	uint32_t abs = abs_sector(c, ch->sector);

	m->stats.cycles++;
	ch->state = AT29_ST_BUSY;
	ch->toggle = false;
	ch->t_end_us = t + m->twc_us;
	if (ch->commit && sector_locked(m, c, ch->sector))
		ch->commit = false;
	if (knob_hits(m->faults.cut_sector, abs)) {
		power_cut(m, c, t);
		return;
	}
	if (knob_hits(m->faults.stuck_sector, abs)) {
		m->faults.stuck_sector = AT29_MODEL_NO_FAULT;
		ch->t_end_us = UINT64_MAX;
		if (ch->commit)
			memset(sector_ptr(m, c, ch->sector), 0xFF, AT29_SECTOR_SIZE);
	}
}

/* The program cycle of chip c ended: erase the sector and program the latched bytes. */
static void finish_cycle(struct at29_model *m, unsigned int c)
{
	struct at29_chip *ch = &m->chip[c];

	if (ch->commit) {
		memcpy(sector_ptr(m, c, ch->sector), ch->buf, AT29_SECTOR_SIZE);
		m->stats.programmed++;
	} else {
		m->stats.dummy++;
	}
	apply_sdp(m, c);
	ch->state = AT29_ST_READ;
}

/* Brings chip c up to time now: closes an expired load window, ends a finished cycle. */
static void chip_advance(struct at29_model *m, unsigned int c, uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];

	while (m->powered) {
		switch (ch->state) {
		case AT29_ST_ARMED:
			if (now < ch->t_last_us + AT29_TBLC_US)
				return;
			apply_sdp(m, c);
			ch->state = AT29_ST_READ;
			return;
		case AT29_ST_LOAD:
			if (now < ch->t_last_us + AT29_TBLC_US)
				return;
			start_cycle(m, c, ch->t_last_us + AT29_TBLC_US);
			break;
		case AT29_ST_BUSY:
			if (now < ch->t_end_us)
				return;
			finish_cycle(m, c);
			return;
		default:
			return;
		}
	}
}

static void power_off_at(struct at29_model *m, uint64_t t)
{
	unsigned int c;

	for (c = 0; c < m->chips && m->powered; c++)
		chip_advance(m, c, t);
	if (!m->powered)
		return; /* a cut fault fired on the way and did all this */
	m->powered = false;
	for (c = 0; c < m->chips; c++) {
		struct at29_chip *ch = &m->chip[c];

		if (ch->state == AT29_ST_BUSY && ch->commit)
			memset(sector_ptr(m, c, ch->sector), 0xFF, AT29_SECTOR_SIZE);
		memset(ch, 0, sizeof(*ch));
	}
}

/* Opens a sector load on chip c; commit false makes it a dummy load. */
static void begin_load(struct at29_chip *ch, uint32_t sector, bool commit)
{
	memset(ch->buf, 0xFF, sizeof(ch->buf));
	ch->sector = sector;
	ch->nloaded = 0;
	ch->commit = commit;
	ch->state = AT29_ST_LOAD;
}

/* Latches one byte of a sector load on chip c (window open). */
static void load_byte(struct at29_model *m, unsigned int c, uint32_t a, uint8_t v, uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];
	uint32_t sector = a / AT29_SECTOR_SIZE;
	struct at29_model_faults *f = &m->faults;

	if (ch->state == AT29_ST_ARMED)
		begin_load(ch, sector, true);
	else if (sector != ch->sector) {
		m->stats.ignored++;
		return;
	}
	ch->buf[a & AT29_SECTOR_MASK] = v;
	ch->last = v;
	ch->nloaded++;
	ch->t_last_us = now;
	if (f->stall_count && knob_hits(f->stall_sector, abs_sector(c, sector)) &&
	    ch->nloaded == f->stall_after) {
		if (f->stall_count != AT29_MODEL_ALWAYS && --f->stall_count == 0)
			f->stall_sector = AT29_MODEL_NO_FAULT;
		m->stats.window_closed_early++;
		start_cycle(m, c, now);
	}
}

/* A write in read mode: the start of a command, or a byte of a new sector load. */
static void read_mode_write(struct at29_model *m, unsigned int c, uint32_t a, uint8_t v,
			    uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];

	if ((a & AT29_CMD_ADDR_MASK) == AT29_CMD_ADDR1 && v == AT29_UNLOCK1) {
		ch->state = AT29_ST_CMD1;
		return;
	}
	begin_load(ch, a / AT29_SECTOR_SIZE, !m->pstate[c].sdp);
	load_byte(m, c, a, v, now);
}

/* Third byte of a command (after AA 55): true if it is one. */
static bool command3(struct at29_model *m, unsigned int c, uint8_t v, uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];

	switch (v) {
	case AT29_CMD_PROTECT:
		ch->state = AT29_ST_ARMED;
		ch->sdp_change = AT29_SDP_SET;
		ch->t_last_us = now;
		return true;
	case AT29_CMD_LONG:
		ch->state = AT29_ST_CMD3;
		return true;
	case AT29_CMD_ID_ENTRY:
		ch->id_mode = true;
		ch->state = AT29_ST_READ;
		return true;
	case AT29_CMD_ID_EXIT:
		ch->id_mode = false;
		ch->state = AT29_ST_READ;
		return true;
	default:
		return false;
	}
}

/* Sixth byte of a long command (after AA 55 80 AA 55): true if it is one. */
static bool command6(struct at29_model *m, unsigned int c, uint8_t v, uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];

	switch (v) {
	case AT29_CMD_UNPROTECT:
		ch->state = AT29_ST_ARMED;
		ch->sdp_change = AT29_SDP_CLEAR;
		ch->t_last_us = now;
		return true;
	case AT29_CMD_LOCKOUT:
		ch->state = AT29_ST_LOCK;
		return true;
	default:
		return false;
	}
}

/* Seventh byte of the lockout command: which boot block to lock, or none. */
static void lockout(struct at29_model *m, unsigned int c, uint32_t a, uint8_t v)
{
	m->chip[c].state = AT29_ST_READ;
	if (a == AT29_LOCK_LOWER_ADDR && v == AT29_LOCK_LOWER_DATA)
		m->pstate[c].lock_lo = 1;
	else if (a == AT29_LOCK_UPPER_ADDR && v == AT29_LOCK_UPPER_DATA)
		m->pstate[c].lock_hi = 1;
	else
		m->stats.ignored++;
}

/* A write while no load is open: steps through the command sequences. */
static void command_write(struct at29_model *m, unsigned int c, uint32_t a, uint8_t v, uint64_t now)
{
	struct at29_chip *ch = &m->chip[c];
	uint32_t ca = a & AT29_CMD_ADDR_MASK;
	bool to1 = ca == AT29_CMD_ADDR1, to2 = ca == AT29_CMD_ADDR2;

	switch (ch->state) {
	case AT29_ST_CMD1:
		if (to2 && v == AT29_UNLOCK2) {
			ch->state = AT29_ST_CMD2;
			return;
		}
		break;
	case AT29_ST_CMD2:
		if (to1 && command3(m, c, v, now))
			return;
		break;
	case AT29_ST_CMD3:
		if (to1 && v == AT29_UNLOCK1) {
			ch->state = AT29_ST_CMD4;
			return;
		}
		break;
	case AT29_ST_CMD4:
		if (to2 && v == AT29_UNLOCK2) {
			ch->state = AT29_ST_CMD5;
			return;
		}
		break;
	case AT29_ST_CMD5:
		if (to1 && command6(m, c, v, now))
			return;
		break;
	case AT29_ST_LOCK:
		lockout(m, c, a, v);
		return;
	default:
		break;
	}
	ch->state = AT29_ST_READ;
	read_mode_write(m, c, a, v, now);
}

/* What a read returns during a load or program cycle: DATA polling and toggle bit. */
static uint8_t status_read(struct at29_chip *ch)
{
	uint8_t v = (uint8_t)(~ch->last & AT29_DATA_POLL);

	if (ch->toggle)
		v |= AT29_TOGGLE;
	ch->toggle = !ch->toggle;
	return v;
}

/* A read in product identification mode. */
static uint8_t id_read(const struct at29_model *m, unsigned int c, uint32_t a)
{
	const struct at29_pstate *ps = &m->pstate[c];

	switch (a) {
	case AT29_ID_MFR_ADDR:
		return AT29_MFR_ATMEL;
	case AT29_ID_DEV_ADDR:
		return AT29_DEV_AT29C040A;
	case AT29_ID_LOCK_LOWER_ADDR:
		return ps->lock_lo ? AT29_LOCK_STATUS_LOCKED : AT29_LOCK_STATUS_OPEN;
	case AT29_ID_LOCK_UPPER_ADDR:
		return ps->lock_hi ? AT29_LOCK_STATUS_LOCKED : AT29_LOCK_STATUS_OPEN;
	default:
		return 0xFF;
	}
}

/*
 * at29_model_read8 - a byte read on the bank's bus (struct flash_bus read8)
 * @ctx: the struct at29_model
 * @off: offset from the start of the bank
 *
 * Returns the array byte, an ID code in product ID mode, a status byte while
 * the chip loads or programs, or AT29_MODEL_FLOAT off the bank or powered off.
 */
uint8_t at29_model_read8(void *ctx, uint32_t off)
{
	struct at29_model *m = ctx;
	unsigned int c = off / AT29_CHIP_SIZE;
	struct at29_chip *ch;

	if (!m->powered || c >= m->chips)
		return AT29_MODEL_FLOAT;
	chip_advance(m, c, model_now(m));
	if (!m->powered)
		return AT29_MODEL_FLOAT;
	ch = &m->chip[c];
	if (ch->state == AT29_ST_LOAD || ch->state == AT29_ST_BUSY)
		return status_read(ch);
	if (ch->id_mode)
		return id_read(m, c, off & AT29_CHIP_MASK);
	return m->array[off];
}

/*
 * at29_model_read - consecutive byte reads in one chip (struct flash_bus read)
 * @ctx: the struct at29_model
 * @off: offset from the start of the bank of the first
 * @buf: receives what each read returns
 * @len: how many; @off + @len - 1 must be in the same chip as @off
 *
 * The same bytes as at29_model_read8 at each offset in turn: a chip in read mode
 * is a copy from the array (nothing in it changes while nobody writes), any
 * other state goes byte by byte (status bytes toggle, a cycle may end midway).
 */
void at29_model_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len)
{
	struct at29_model *m = ctx;
	unsigned int c = off / AT29_CHIP_SIZE;
	uint32_t i;

	if (m->powered && c < m->chips && len) {
		chip_advance(m, c, model_now(m));
		if (m->powered && m->chip[c].state == AT29_ST_READ && !m->chip[c].id_mode &&
		    (off + len - 1) / AT29_CHIP_SIZE == c) {
			memcpy(buf, m->array + off, len);
			return;
		}
	}
	for (i = 0; i < len; i++)
		buf[i] = at29_model_read8(ctx, off + i);
}

/*
 * at29_model_write8 - a byte write on the bank's bus (struct flash_bus write8)
 * @ctx: the struct at29_model
 * @off: offset from the start of the bank
 * @v: the byte
 *
 * Feeds the addressed chip's state machine. Writes during a program cycle,
 * off the bank or with the bank powered off are dropped.
 */
void at29_model_write8(void *ctx, uint32_t off, uint8_t v)
{
	struct at29_model *m = ctx;
	unsigned int c = off / AT29_CHIP_SIZE;
	uint64_t now;

	if (!m->powered || c >= m->chips) {
		m->stats.ignored++;
		return;
	}
	now = model_now(m);
	chip_advance(m, c, now);
	if (!m->powered) {
		m->stats.ignored++;
		return;
	}
	switch (m->chip[c].state) {
	case AT29_ST_BUSY:
		m->stats.ignored++;
		return;
	case AT29_ST_ARMED:
	case AT29_ST_LOAD:
		load_byte(m, c, off & AT29_CHIP_MASK, v, now);
		return;
	default:
		command_write(m, c, off & AT29_CHIP_MASK, v, now);
		return;
	}
}

/* Disarms every fault knob. */
static void faults_reset(struct at29_model_faults *f)
{
	f->stuck_sector = AT29_MODEL_NO_FAULT;
	f->cut_sector = AT29_MODEL_NO_FAULT;
	f->cut_bytes = 0;
	f->stall_sector = AT29_MODEL_NO_FAULT;
	f->stall_after = 0;
	f->stall_count = 0;
	f->sdp_forced = 0;
}

/*
 * at29_model_init - power a bank of chips up over the caller's memory
 * @m: the model (volatile state; any memory)
 * @cfg: chips, array and persistent state memory, clock, timing
 *
 * The array and persistent state are kept as found (that is the point); a
 * chip whose persistent state has no valid magic starts as shipped: SDP off,
 * no boot block locked. Calling it again over the same memory is a power
 * cycle. Fault knobs are disarmed. Returns 0, or -EINVAL for a bad config.
 */
int at29_model_init(struct at29_model *m, const struct at29_model_config *cfg)
{
	unsigned int c;

	if (!cfg->chips || cfg->chips > AT29_MODEL_MAX_CHIPS || !cfg->array || !cfg->pstate ||
	    !cfg->clk || !cfg->clk->now_us)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->chips = cfg->chips;
	m->array = cfg->array;
	m->pstate = cfg->pstate;
	m->clk = cfg->clk;
	m->twc_us = cfg->timing == AT29_MODEL_TIMING_FAST ? AT29_MODEL_FAST_TWC_US :
							    AT29_TWC_MAX_US;
	for (c = 0; c < m->chips; c++) {
		struct at29_pstate *ps = &m->pstate[c];

		if (ps->magic == AT29_PSTATE_MAGIC && ps->version == AT29_PSTATE_VERSION)
			continue;
		memset(ps, 0, sizeof(*ps));
		ps->magic = AT29_PSTATE_MAGIC;
		ps->version = AT29_PSTATE_VERSION;
	}
	faults_reset(&m->faults);
	m->powered = true;
	return 0;
}

/*
 * at29_model_bus - describe the bank as a flash bus
 * @m: the model
 * @bus: filled with the model's read8/write8 and @m as context
 */
void at29_model_bus(struct at29_model *m, struct flash_bus *bus)
{
	bus->read8 = at29_model_read8;
	bus->write8 = at29_model_write8;
	bus->ctx = m;
	bus->read = at29_model_read;
}

/*
 * at29_model_sync - bring every chip up to the current time
 * @m: the model
 *
 * Finishes cycles that are due, so the persistent array is current without a
 * bus access (before the firmware hands the memory over, say).
 */
void at29_model_sync(struct at29_model *m)
{
	uint64_t now = model_now(m);
	unsigned int c;

	for (c = 0; c < m->chips && m->powered; c++)
		chip_advance(m, c, now);
}

/*
 * at29_model_power_off - cut the bank's power now
 * @m: the model
 *
 * Running program cycles leave their sectors erased; volatile state is lost;
 * the bus floats until at29_model_init powers the bank up again.
 */
void at29_model_power_off(struct at29_model *m)
{
	if (m->powered)
		power_off_at(m, model_now(m));
}

/*
 * at29_model_busy - whether a chip is loading or programming
 * @m: the model
 * @chip: chip number
 *
 * Returns true while the chip's load window is open or its cycle runs.
 */
bool at29_model_busy(struct at29_model *m, unsigned int chip)
{
	if (!m->powered || chip >= m->chips)
		return false;
	chip_advance(m, chip, model_now(m));
	return m->chip[chip].state == AT29_ST_LOAD || m->chip[chip].state == AT29_ST_BUSY;
}

/*
 * at29_model_fault_clear - disarm all fault knobs
 * @m: the model
 *
 * Locked boot blocks stay locked: that is persistent, as on the real part.
 */
void at29_model_fault_clear(struct at29_model *m)
{
	faults_reset(&m->faults);
}

/*
 * at29_model_fault_stuck - make a sector's next program cycle never end
 * @m: the model
 * @abs_sector: chip * 2048 + sector, or AT29_MODEL_ANY_SECTOR
 *
 * The chip then polls busy until the bank is powered off; the sector is left
 * erased. One shot.
 */
void at29_model_fault_stuck(struct at29_model *m, uint32_t abs_sector)
{
	m->faults.stuck_sector = abs_sector;
}

/*
 * at29_model_fault_power_cut - cut the power during a sector's next cycle
 * @m: the model
 * @abs_sector: chip * 2048 + sector, or AT29_MODEL_ANY_SECTOR
 * @bytes: bytes 0..bytes-1 of the sector get their new data, the rest read FF
 *
 * Other chips' running cycles leave their sectors erased; the bank is then
 * off until at29_model_init. One shot.
 */
void at29_model_fault_power_cut(struct at29_model *m, uint32_t abs_sector, uint32_t bytes)
{
	m->faults.cut_sector = abs_sector;
	m->faults.cut_bytes = bytes > AT29_SECTOR_SIZE ? AT29_SECTOR_SIZE : bytes;
}

/*
 * at29_model_fault_stall - close a load window early, as if the caller paused
 * @m: the model
 * @abs_sector: chip * 2048 + sector, or AT29_MODEL_ANY_SECTOR
 * @after_bytes: bytes latched when the window closes (the cycle starts then)
 * @count: how many loads to hit, or AT29_MODEL_ALWAYS
 *
 * The bytes that follow fall into the program cycle and are dropped.
 */
void at29_model_fault_stall(struct at29_model *m, uint32_t abs_sector, uint32_t after_bytes,
			    uint32_t count)
{
	m->faults.stall_sector = abs_sector;
	m->faults.stall_after = after_bytes;
	m->faults.stall_count = count;
}

/*
 * at29_model_fault_force_sdp - turn a chip's SDP on for good
 * @m: the model
 * @chip: chip number
 *
 * The disable command no longer takes effect on that chip.
 */
void at29_model_fault_force_sdp(struct at29_model *m, unsigned int chip)
{
	if (chip >= m->chips)
		return;
	m->faults.sdp_forced |= 1u << chip;
	m->pstate[chip].sdp = 1;
}

/*
 * at29_model_fault_lock - lock a boot block out as if the command had been given
 * @m: the model
 * @chip: chip number
 * @upper: the upper (0x7C000) block, else the lower (0x00000) one
 *
 * Persistent, like the real fuse. Returns 0 or -EINVAL for a bad chip.
 */
int at29_model_fault_lock(struct at29_model *m, unsigned int chip, bool upper)
{
	if (chip >= m->chips)
		return -EINVAL;
	if (upper)
		m->pstate[chip].lock_hi = 1;
	else
		m->pstate[chip].lock_lo = 1;
	return 0;
}
