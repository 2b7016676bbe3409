/*
 * Boothelper wiring: the program on the Boothelper diskette (boot/common/bhdisk.h). Booted by a PC
 * BIOS through bootsect.S or by the PIX ROM, it always brings the board up itself (console, clock,
 * PCI, NICs, flash) with the ROM's code, and runs the monitor's engine as `pixboothelper>` with
 * the chapter's commands. After a download the admin loader's dialogue installs the image; then
 * the diskette must be removed within an interval (30 s, fw_cfg opt/pix/bhinterval for tests),
 * during which `reload` reboots at once; when it runs out the machine reboots (and, with the
 * diskette still in, boots it again). An image that fails the chapter's check (older than 5.1, or
 * a hash that does not hold) prints "Checksum verification on flash image failed" and reboots.
 * Memory: the program runs at BH_LOAD (4 MiB), downloads go from BH_DL_BASE (8 MiB) to the top
 * of RAM.
 */
#include <stdio.h>
#include <string.h>

#include "boot/common/board.h"
#include "cmd.h"
#include "flash/layout.h"
#include "flash/pix_image.h"
#include "fw_cfg.h"
#include "lineedit.h"
#include "piix3.h"
#include "ram.h"
#include "uart16550_regs.h"

#ifndef BH_DL_BASE
#error "BH_DL_BASE (start of the download area) comes from boot/boothelper/boothelper.mk"
#endif
#ifndef BH_VERSION
#error "BH_VERSION comes from boot/boothelper/boothelper.mk"
#endif
#ifndef PIX_BUILD_DATE
#define PIX_BUILD_DATE "unknown"
#endif

#define BH_PROMPT "pixboothelper> "
#define BH_INTERVAL_S 30 /* to remove the diskette, as the chapter says */
#define BH_INTERVAL_MAX_S 3600 /* fw_cfg opt/pix/bhinterval is capped here */
#define BH_MS_PER_S 1000u
#define BH_KEY_CTRL_C 0x03
#define BH_KEY_ESC 0x1b
#define BH_CMD_MAX 16

void bh_main(uint32_t eax, const void *bootinfo);

/* Everything the Boothelper wires together; one instance in .bss. */
struct bh {
	struct board board;
	struct mon_platform plat;
	struct mon mon;
	const struct mon_flash *rom_flash; /* the ROM's install operations */
	struct mon_flash flash; /* the same, with the chapter's image check */
	struct cli_cmd cmds[BH_CMD_MAX]; /* the chapter's subset of the monitor's commands */
	uint64_t ram_size;
};

static struct bh bh;

/* The chapter's commands, plus reload and trace as the monitor has them. */
static const char *const bh_cmd_names[] = {
	"?",	"address", "file",   "gateway", "help",	 "interface",
	"ping", "reload",  "server", "tftp",	"trace",
};

/* `reload` and the end of the interval: a reset through port 0xCF9, as the ROM does. */
static void bh_reload(void *ctx)
{
	(void)ctx;
	piix3_reset();
}

/* Seconds of the remove-diskette interval: fw_cfg opt/pix/bhinterval (tests), else 30. */
static unsigned int bh_interval_s(void)
{
	return fw_cfg_read_uint("opt/pix/bhinterval", BH_INTERVAL_S, BH_INTERVAL_MAX_S);
}

/*
 * The install dialogue's image check, with the chapter's rule on top of the ROM's: an image
 * older than 5.1, or one whose hashes do not hold, fails as "Checksum verification on flash
 * image failed" (-LAYOUT_EBADIMAGE), and bh_after_install then reboots.
 */
static void bh_inspect(void *ctx, const uint8_t *data, uint64_t len, struct mon_install_info *out)
{
	static const struct img_version v51 = { 5, 1, 0 };
	struct img_info info;
	bool old;

	(void)ctx;
	bh.rom_flash->inspect(bh.rom_flash->ctx, data, len, out);
	old = !img_parse_header(data, (size_t)len, &info) &&
	      layout_version_newer(&v51, &info.version);
	if (old || out->err == -IMG_EHDRSUM || out->err == -IMG_EPAYLOADSUM ||
	    out->err == -LAYOUT_EBADIMAGE) {
		out->err = -LAYOUT_EBADIMAGE;
		out->message = layout_strerror(-LAYOUT_EBADIMAGE);
	}
}

/* The ROM's key store (the admin loader's "Enter Activation Key"). */
static int bh_store_key(void *ctx, const char *words, const char **message)
{
	(void)ctx;
	return bh.rom_flash->store_key(bh.rom_flash->ctx, words, message);
}

/* The ROM's power-cut-safe install. */
static int bh_install(void *ctx, const uint8_t *data, uint64_t len,
		      void (*progress)(void *pctx, uint64_t done, uint64_t total), void *pctx,
		      const char **message)
{
	(void)ctx;
	return bh.rom_flash->install(bh.rom_flash->ctx, data, len, progress, pctx, message);
}

/* The ROM's flash boot (unused: after_install replaces the boot question). */
static void bh_boot(void *ctx)
{
	(void)ctx;
	bh.rom_flash->boot(bh.rom_flash->ctx);
}

/* A line typed during the interval: only `reload` (or a prefix of it) runs. */
static void bh_interval_line(struct mon *m, char *line)
{
	const struct cli_cmd *cmd;
	char *argv[MON_ARGV_MAX];
	int argc = cli_split(line, argv, MON_ARGV_MAX);

	if (argc == 0)
		return;
	if (argc == 1 && !mon_cmd_find(m->plat->cmds, m->plat->cmd_count, argv[0], &cmd) &&
	    !strcmp(cmd->path, "reload")) {
		cmd->run(m, argc, argv);
		return;
	}
	mon_puts(m->plat->con, "Only reload is accepted until the reboot.\n");
}

/*
 * The interval after an install: the request to remove the diskette, then a bounded wait in
 * which `reload` reboots at once and Esc, BREAK or Ctrl-C cancels the automatic reboot (back to
 * the prompt); when the time runs out, the machine reboots.
 */
static void bh_interval(struct mon *m)
{
	const struct mon_platform *p = m->plat;
	const struct mon_console *con = p->con;
	unsigned int seconds = bh_interval_s();
	uint64_t deadline = p->now_ms(p->ctx) + (uint64_t)seconds * BH_MS_PER_S;
	struct mon_line line;
	int c;

	mon_printf(con,
		   "Remove the Boothelper diskette and press the reset switch to boot the new "
		   "image.\nRebooting in %u seconds.\n",
		   seconds);
	mon_line_init(&line);
	mon_prompt(m);
	while (p->now_ms(p->ctx) < deadline) {
		c = con->getc(con->ctx);
		if (c == MON_CON_NONE)
			continue;
		if (c == BH_KEY_ESC || c == BH_KEY_CTRL_C || c == MON_CON_BREAK) {
			mon_puts(con, "\nAutomatic reboot cancelled.\n");
			return;
		}
		switch (mon_line_feed(&line, c, con)) {
		case MON_LINE_BUSY:
			continue;
		case MON_LINE_READY:
			bh_interval_line(m, line.buf);
			mon_line_clear(&line);
			break;
		default:
			break;
		}
		mon_prompt(m);
	}
	mon_puts(con, "\nRebooting...\n");
	p->reload(p->ctx);
}

/* The end of every install dialogue (mon_platform.after_install). */
static void bh_after_install(struct mon *m, const struct mon_install_info *in, int err)
{
	if (in->err == -LAYOUT_EBADIMAGE) {
		mon_puts(m->plat->con, "Rebooting...\n");
		m->plat->reload(m->plat->ctx);
		return;
	}
	if (!err)
		bh_interval(m);
}

/* The ROM's flash operations, with the Boothelper's check in front of them. */
static const struct mon_flash *bh_flash_ops(struct board *b)
{
	bh.rom_flash = rom_flash_ops(&b->flash, &b->con, &bh.plat, bh.ram_size);
	if (!bh.rom_flash)
		return NULL;
	bh.flash = (struct mon_flash){
		.inspect = bh_inspect,
		.store_key = bh_store_key,
		.install = bh_install,
		.boot = bh_boot,
		.base = bh.rom_flash->base,
		.ctx = &bh,
	};
	return &bh.flash;
}

/* The platform the monitor's engine runs on: the chapter's commands, the interval hook. */
static void bh_platform(struct board *b)
{
	bh.plat = (struct mon_platform){
		.con = &b->con,
		.now_ms = board_now_ms,
		.reload = bh_reload,
		.nics = b->nics,
		.nic_count = b->nic_count,
		.ctx = b,
		.prompt = BH_PROMPT,
		.build_date = PIX_BUILD_DATE,
		.cmds = bh.cmds,
		.cmd_count = mon_cmd_select(
			bh_cmd_names, sizeof(bh_cmd_names) / sizeof(bh_cmd_names[0]), bh.cmds),
		.after_install = bh_after_install,
	};
	bh.plat.flash = bh_flash_ops(b);
}

/**
 * bh_main() - C entry from entry.S; never returns.
 * @eax: 'PIXB' (unused: the program is the same whoever booted it)
 * @bootinfo: the PIX ROM's boot-information block, or NULL from a PC BIOS (unused)
 */
void bh_main(uint32_t eax, const void *bootinfo)
{
	struct board *b = &bh.board;

	(void)eax;
	(void)bootinfo;
	board_console_init(b, UART_COM1_BASE);
	board_printf(b, "\nCisco Secure PIX Firewall Boothelper (%s) #0: %s\n", BH_VERSION,
		     PIX_BUILD_DATE);
	board_pci_init(b);
	board_print_flash(&bh.board);
	board_printf(b, "\n");
	bh.ram_size = rom_ram_size();
	board_flash_attach(b);
	bh_platform(b);
	board_set_net_panic(&bh.board);
	rom_net_probe(&b->net, &b->clock, b->nics, (uint8_t *)(uintptr_t)BH_DL_BASE,
		      bh.ram_size > BH_DL_BASE ? bh.ram_size - BH_DL_BASE : 0);
	bh.plat.net = &b->net.ops;
	mon_init(&bh.mon, &bh.plat);
	b->flash.settings = &bh.mon.set;
	rom_net_open_early(&b->net, bh.mon.set.interface);
	mon_banner(&bh.mon);
	mon_run(&bh.mon);
	piix3_reset();
}
