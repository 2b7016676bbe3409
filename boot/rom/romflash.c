/*
 * ROM flash wiring and flash boot. The ivshmem BAR2 (a host file, DESIGN.md)
 * is the bank's array; the chip model (flash/at29_model.c) enforces the
 * AT29C040A's rules behind a byte bus and the driver (flash/at29.c) talks to
 * it only through that bus. Flash boot asks the layout what would boot
 * (identity, newest verified image, activation key for this serial), copies
 * the payload to its load address (or to where the platform's rf->load_buf
 * says, when it cannot write there yet), checks its SHA-256 there, fills the
 * boot-information block and jumps. Anything short of that prints the reason
 * and returns, and the caller enters the monitor: nothing unverified runs.
 */
#include "romflash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "flash/pix_image.h"
#include "license/lic.h"
#include "uart16550_regs.h"

#define IVSHMEM_BAR_SHARED 2
#define ROM_CONSOLE_BAUD 9600

static uint64_t rom_flash_now_us(void *ctx)
{
	return clock_us(ctx);
}

static void rom_flash_delay_us(void *ctx, uint32_t us)
{
	clock_udelay(ctx, us);
}

/*
 * rom_flash_attach - put the model over @ivshmem's BAR2 and probe the chips.
 * @rf: the flash (rf->err says why it is unusable, 0 when it is usable)
 * @ivshmem: the ivshmem PCI function, or NULL
 * @clock: the calibrated clock (the model's time and the driver's waits)
 * @datasheet_timing: program cycles of up to 10 ms as on the real chip; else fast
 */
void rom_flash_attach(struct rom_flash *rf, const struct pci_dev *ivshmem,
		      const struct clock *clock, bool datasheet_timing)
{
	struct at29_model_config cfg;
	unsigned int chips;

	memset(rf, 0, sizeof(*rf));
	rf->err = -ENODEV;
	if (!ivshmem || !ivshmem->bar[IVSHMEM_BAR_SHARED].addr)
		return;
	rf->base = (uintptr_t)ivshmem->bar[IVSHMEM_BAR_SHARED].addr;
	rf->size = (uint32_t)ivshmem->bar[IVSHMEM_BAR_SHARED].size;
	chips = rf->size / AT29_CHIP_SIZE;
	if (chips < LAYOUT_MIN_CHIPS || chips > LAYOUT_MAX_CHIPS ||
	    chips * AT29_CHIP_SIZE != rf->size)
		return;
	rf->clock = clock;
	rf->fclock = (struct flash_clock){ rom_flash_now_us, rom_flash_delay_us, (void *)clock };
	cfg = (struct at29_model_config){
		.chips = chips,
		.array = (uint8_t *)(uintptr_t)rf->base,
		.pstate = (uint8_t *)(uintptr_t)rf->base + LAYOUT_PSTATE_OFF(chips),
		.clk = &rf->fclock,
		.timing = datasheet_timing ? AT29_MODEL_TIMING_DATASHEET : AT29_MODEL_TIMING_FAST,
	};
	rf->err = at29_model_init(&rf->model, &cfg);
	if (rf->err)
		return;
	at29_model_bus(&rf->model, &rf->bus);
	rf->err = at29_probe(&rf->drv, &rf->bus, &rf->fclock, chips);
}

/* The monitor's settings, which the image takes as its defaults (zero when none were made). */
static void rom_flash_fill_monitor(struct pix_bootinfo *bi, const struct mon_settings *set)
{
	size_t len;

	bi->mon_timeout_s = MON_TIMEOUT_DEFAULT_S;
	if (!set)
		return;
	bi->mon_address = set->address;
	bi->mon_server = set->server;
	bi->mon_gateway = set->gateway;
	bi->mon_interface = set->interface;
	bi->mon_timeout_s = set->timeout_s;
	len = strlen(set->file);
	if (len >= sizeof(bi->mon_file))
		len = sizeof(bi->mon_file) - 1;
	memcpy(bi->mon_file, set->file, len);
	bi->mon_file[len] = '\0';
	if (set->trace)
		bi->flags |= PIX_BI_TRACE;
}

/*
 * Fills the boot-information block: from @st what the flash holds and is valid (identity, key and
 * features, the image that would boot), then the console, memory and monitor settings.
 */
static void rom_flash_fill_bootinfo(struct rom_flash *rf, const struct layout_boot_status *st,
				    uint64_t ram_size)
{
	struct pix_bootinfo *bi = &rf->bootinfo;
	const struct lic_features *f = &st->features;

	memset(bi, 0, sizeof(*bi));
	bi->magic = PIX_BOOTINFO_MAGIC;
	bi->version = PIX_BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	if (!st->ident_err)
		bi->serial = st->ident.serial;
	if (!st->ident_err && !st->key_err) {
		bi->flags = PIX_BI_KEY_VALID;
		memcpy(bi->key, st->key.w, sizeof(bi->key));
		bi->features = (f->failover ? PIX_BI_FEAT_FAILOVER : 0) |
			       (f->vpn_des ? PIX_BI_FEAT_VPN_DES : 0) |
			       (f->vpn_3des ? PIX_BI_FEAT_VPN_3DES : 0) |
			       (f->cut_through ? PIX_BI_FEAT_CUT_THROUGH : 0) |
			       (f->guards ? PIX_BI_FEAT_GUARDS : 0) |
			       (f->websense ? PIX_BI_FEAT_WEBSENSE : 0);
		bi->max_interfaces = f->max_interfaces;
		bi->isakmp_peers = f->isakmp_peers;
		bi->throughput_mbps = f->throughput_mbps;
	}
	bi->flash_base = rf->base <= UINT32_MAX ? (uint32_t)rf->base : 0;
	bi->flash_size = rf->size;
	if (!st->image_err) {
		bi->flash_image_offset = st->image.hdr_off;
		bi->flash_image_chips = (uint16_t)st->image.area.chips;
		bi->flash_image_len = st->image.image_len;
		bi->image_major = st->image.info.version.major;
		bi->image_minor = st->image.info.version.minor;
		bi->image_maint = st->image.info.version.maint;
	}
	if (!st->image_err && !st->sig_err) {
		bi->sig_keys = st->sig.keys;
		bi->sig_floor = st->sig.floor;
	}
	if (!st->image_err && !st->sig_err && st->sig.key >= 0) {
		bi->flags |= PIX_BI_SIGNED;
		bi->sig_key_index = (uint32_t)st->sig.key;
		bi->sig_sec_version = st->sig.sig.sec_version;
		memcpy(bi->sig_key_id, st->sig.sig.key_id, sizeof(bi->sig_key_id));
	}
	bi->console_port = UART_COM1_BASE;
	bi->console_baud = ROM_CONSOLE_BAUD;
	bi->mem_count = 1;
	bi->mem[0].base = 0;
	bi->mem[0].length = ram_size;
	bi->mem[0].type = PIX_BI_MEM_RAM;
	rom_flash_fill_monitor(bi, rf->settings);
}

/*
 * Enters the image: 32-bit flat, interrupts off, EAX = 'PIXB', EBX = the block. A platform that
 * does not run in that mode itself (the UEFI application, in long mode) hands the jump to its
 * own rf->enter.
 */
static void __attribute__((noreturn)) rom_flash_jump(struct rom_flash *rf, uint32_t entry)
{
	if (rf->enter)
		rf->enter(rf->qctx, entry, &rf->bootinfo);
#if defined(__i386__)
	__asm__ volatile("cli\n\tjmp *%%ecx"
			 :
			 : "c"(entry), "a"(IMG_BOOT_EAX), "b"(&rf->bootinfo)
			 : "memory");
#endif
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Prints the reason flash boot stops; returns nothing (the monitor follows). */
static void rom_flash_say(const struct mon_console *con, const char *what, const char *why)
{
	mon_printf(con, "%s%s\n", what, why);
}

/* The reference's warning when the stored configuration is newer than the image. */
static void rom_flash_config_warning(const struct mon_console *con,
				     const struct layout_boot_status *st)
{
	const struct img_version *c = &st->config.version, *i = &st->image.info.version;

	mon_printf(con,
		   "Configuration Compatibility Warning:\nThe config is from version %u.%u(%u).\n"
		   "but the image is version %u.%u(%u).\n",
		   c->major, c->minor, c->maint, i->major, i->minor, i->maint);
}

/*
 * On a unit with signing keys: names the key that signed the image and raises the unit's
 * security version to the image's (a power cut leaves the old value or the new; the image boots
 * either way). Returns 0, or -1 when the raise failed (said; the image does not boot, so a
 * rollback floor that cannot be kept is never silently skipped).
 */
static int rom_flash_signer(struct rom_flash *rf, const struct mon_console *con,
			    struct layout_boot_status *st)
{
	char id[SIG_KEYID_SHORT];
	int err;

	sig_key_id_short(st->sig.sig.key_id, id);
	mon_printf(con, "Image signed by key %d (%s...), security version %u\n", st->sig.key, id,
		   st->sig.sig.sec_version);
	err = layout_raise_secver(&rf->drv, st->sig.sig.sec_version);
	if (err) {
		rom_flash_say(con,
			      "Flash boot: security version not recorded: ", layout_strerror(err));
		return -1;
	}
	if (st->sig.sig.sec_version > st->sig.floor)
		st->sig.floor = st->sig.sig.sec_version;
	return 0;
}

/*
 * rom_flash_boot - boot the newest verified image if the flash key is valid for
 * this unit; returns (after printing why) when it cannot.
 * @rf: the attached flash
 * @con: the console for the reasons
 * @plat: the monitor's platform
 * @ram_size: top of RAM, for the image's memory map
 */
void rom_flash_boot(struct rom_flash *rf, const struct mon_console *con,
		    const struct mon_platform *plat, uint64_t ram_size)
{
	struct layout_boot_status st;
	const struct img_info *info;
	void *load;
	int err;

	(void)plat;
	if (rf->err) {
		rom_flash_say(con, "Flash boot: ",
			      rf->err == -ENODEV && !rf->base ? "no flash." :
								layout_strerror(rf->err));
		return;
	}
	err = layout_boot_check(&rf->drv, LIC_DEV_VENDOR_KEY, &st);
	if (st.ident_err || st.image_err) {
		err = st.ident_err ? st.ident_err : st.image_err;
		rom_flash_say(con, "Flash boot: ",
			      err == -LAYOUT_ENOIMAGE ? "no bootable image in flash." :
							layout_strerror(err));
		return;
	}
	if (st.sig_err) {
		rom_flash_say(con, "Flash boot: ", layout_strerror(st.sig_err));
		return;
	}
	mon_printf(con, "Serial Number: %u (0x%x)\n", st.ident.serial, st.ident.serial);
	if (st.key_err) {
		rom_flash_say(con, st.key_err == -LAYOUT_EKEY ? "" : "Flash boot: ",
			      layout_strerror(st.key_err));
		return;
	}
	if (st.sig.key >= 0 && rom_flash_signer(rf, con, &st))
		return;
	if (st.config_newer)
		rom_flash_config_warning(con, &st);
	info = &st.image.info;
	load = rf->load_buf ? rf->load_buf(rf->qctx, info->load_addr, info->payload_size) :
			      (void *)(uintptr_t)info->load_addr;
	if (!load) {
		mon_printf(con, "Flash boot: no memory for the image at 0x%x\n", info->load_addr);
		return;
	}
	err = layout_read_image(&rf->drv, &st.image, IMG_HDR_SIZE, load, info->payload_size);
	if (!err)
		err = img_verify_payload(info, load, info->payload_size);
	if (err) {
		rom_flash_say(con, "Flash boot: ", layout_strerror(err));
		return;
	}
	rom_flash_fill_bootinfo(rf, &st, ram_size);
	if (rf->quiesce)
		rf->quiesce(rf->qctx);
	rom_flash_jump(rf, info->entry_addr);
}

/**
 * rom_flash_enter() - Enters a program the caller has loaded and verified (a Boothelper
 * diskette's) as a flash image is entered: the boot-information block filled with what the flash
 * holds that is valid (serial number, key, installed image; zero where there is none), devices
 * quiesced, then the jump. Never returns.
 * @rf: the flash as attached (rf->err set when there is none)
 * @entry: the program's entry address
 * @ram_size: top of RAM, for the memory map
 */
void rom_flash_enter(struct rom_flash *rf, uint32_t entry, uint64_t ram_size)
{
	struct layout_boot_status st;

	memset(&st, 0, sizeof(st));
	st.ident_err = st.image_err = st.key_err = -ENODEV;
	if (!rf->err)
		layout_boot_check(&rf->drv, LIC_DEV_VENDOR_KEY, &st);
	rom_flash_fill_bootinfo(rf, &st, ram_size);
	if (rf->quiesce)
		rf->quiesce(rf->qctx);
	rom_flash_jump(rf, entry);
}

/* "6.3.5": a version as the admin loader prints it. */
static void rom_flash_version_text(const struct img_version *v, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u", v->major, v->minor, v->maint);
}

static void rom_flash_inspect(void *ctx, const uint8_t *data, uint64_t len,
			      struct mon_install_info *out)
{
	struct rom_flash *rf = ctx;
	struct layout_boot_status st;
	struct layout_sig_status sig;
	struct img_info info;
	int err;

	memset(out, 0, sizeof(*out));
	snprintf(out->flash_version, sizeof(out->flash_version), "none");
	err = img_parse_header(data, (size_t)len, &info);
	if (!err)
		err = img_verify_payload(&info, data + IMG_HDR_SIZE, (size_t)(len - IMG_HDR_SIZE));
	if (!err && info.kind != IMG_KIND_OS)
		err = -LAYOUT_EKIND;
	if (!err && layout_form_of_version(&info.version) == LAYOUT_FORM_NONE)
		err = -LAYOUT_EOLDIMAGE;
	if (!err && rf->err)
		err = rf->err;
	if (err) {
		out->err = err;
		/* a hash that does not hold gets the reference's own words */
		if (err == -IMG_EHDRSUM || err == -IMG_EPAYLOADSUM)
			err = -LAYOUT_EBADIMAGE;
		out->message = layout_strerror(err);
		return;
	}
	rom_flash_version_text(&info.version, out->version);
	layout_unit_status(&rf->drv, LIC_DEV_VENDOR_KEY, &st); /* the new image's signature below */
	if (st.ident_err) {
		out->err = st.ident_err;
		out->message = layout_strerror(st.ident_err);
		return;
	}
	err = layout_check_signature(&rf->drv, data, &sig);
	if (err) {
		out->err = err;
		out->message = layout_strerror(err);
		return;
	}
	out->serial = st.ident.serial;
	out->key_err = st.key_err;
	if (!st.image_err)
		rom_flash_version_text(&st.image.info.version, out->flash_version);
}

static int rom_flash_store_key(void *ctx, const char *words, const char **message)
{
	struct rom_flash *rf = ctx;
	struct layout_identity id;
	struct lic_key k;
	int err;

	err = lic_parse(words, &k);
	if (!err)
		err = layout_read_identity(&rf->drv, &id);
	if (!err)
		err = lic_check(&k, id.serial, LIC_DEV_VENDOR_KEY, NULL);
	if (err == -EINVAL || err == -ENODEV) {
		*message = LIC_MSG_NOT_VALID;
		return err;
	}
	if (!err)
		err = layout_write_key(&rf->drv, &k);
	*message = err ? layout_strerror(err) : "";
	return err;
}

static void rom_flash_progress(void *ctx, size_t done)
{
	struct rom_flash *rf = ctx;

	rf->progress(rf->pctx, done, rf->total);
}

static int rom_flash_install(void *ctx, const uint8_t *data, uint64_t len,
			     void (*progress)(void *pctx, uint64_t done, uint64_t total),
			     void *pctx, const char **message)
{
	struct rom_flash *rf = ctx;
	unsigned int slot;
	int err;

	rf->progress = progress;
	rf->pctx = pctx;
	rf->total = len;
	err = layout_install_image(&rf->drv, data, (size_t)len, rom_flash_progress, rf, &slot);
	*message = err ? layout_strerror(err) : "";
	return err;
}

static void rom_flash_boot_now(void *ctx)
{
	struct rom_flash *rf = ctx;

	rom_flash_boot(rf, rf->con, rf->plat, rf->ram_size);
}

/*
 * rom_flash_ops - the monitor's view of an attached flash, or NULL when it is
 * absent or unusable (the install dialogue is then not offered).
 */
const struct mon_flash *rom_flash_ops(struct rom_flash *rf, const struct mon_console *con,
				      const struct mon_platform *plat, uint64_t ram_size)
{
	if (!rf->base)
		return NULL;
	rf->con = con;
	rf->plat = plat;
	rf->ram_size = ram_size;
	rf->ops = (struct mon_flash){
		.inspect = rom_flash_inspect,
		.store_key = rom_flash_store_key,
		.install = rom_flash_install,
		.boot = rom_flash_boot_now,
		.base = rf->base,
		.ctx = rf,
	};
	return &rf->ops;
}
