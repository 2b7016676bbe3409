/*
 * Running image (PIX OS) wiring: takes the boot-information block the ROM handed over, brings
 * the board up again (console, clock, PCI, NICs, flash) with the same code as the ROM, tells the
 * portable core (os/) who it is, and runs the `pixfirewall>` session. Memory: the image runs at
 * PIXOS_LOAD (4 MiB) with its .bss and stack after it; downloads go from PIXOS_DL_BASE (8 MiB)
 * to the top of RAM.
 */
#include <stdio.h>
#include <string.h>

#include "boot/common/board.h"
#include "cpu.h"
#include "flash/layout.h"
#include "flash/pix_bootinfo.h"
#include "layout.h"
#include "lwip/stats.h"
#include "os/os.h"
#include "piix3.h"
#include "pixdns.h"
#include "pixhttp.h"
#include "pixlink.h"
#include "pixtls.h"
#include "rtc.h"
#include "uart16550_regs.h"

#ifndef PIXOS_DL_BASE
#error "PIXOS_DL_BASE (start of the download area) comes from boot/pixos/pixos.mk"
#endif

#define PIXOS_HZ_PER_MHZ 1000000u

void pixos_main(uint32_t eax, const struct pix_bootinfo *bi);

/* Everything the running image wires together; one instance in .bss. */
struct pixos {
	struct board board;
	struct pix_bootinfo bi; /* a copy: the ROM's lies in memory the image may reuse */
	struct os_identity id;
	struct os_platform plat;
	struct pixos_http http;
	struct pixos_dns dns;
	struct pixos_link link;
	char cpu[CPU_NAME_MAX];
	struct os os;
};

static struct pixos px;

static void pixos_reload(void *ctx)
{
	(void)ctx;
	piix3_reset();
}

static int pixos_rtc(void *ctx, struct os_tm *tm)
{
	struct board *b = ctx;
	struct rtc_time t;
	int err = rtc_read(&b->clock, &t);

	if (err)
		return err;
	*tm = (struct os_tm){ t.year, t.mon, t.day, t.hour, t.min, t.sec, 0 };
	return 0;
}

/* The top of RAM from the block's memory map. */
static uint64_t pixos_ram_top(const struct pix_bootinfo *bi)
{
	uint64_t top = 0;
	uint32_t i;

	for (i = 0; i < bi->mem_count && i < PIX_BI_MEM_MAX; i++)
		if (bi->mem[i].type == PIX_BI_MEM_RAM && bi->mem[i].base + bi->mem[i].length > top)
			top = bi->mem[i].base + bi->mem[i].length;
	return top;
}

/* The licence as the ROM checked it. */
static void pixos_licence(const struct pix_bootinfo *bi, struct os_identity *id)
{
	struct lic_features *f = &id->features;

	id->serial = bi->serial;
	id->key_valid = bi->flags & PIX_BI_KEY_VALID;
	memcpy(id->key.w, bi->key, sizeof(id->key.w));
	f->failover = bi->features & PIX_BI_FEAT_FAILOVER;
	f->vpn_des = bi->features & PIX_BI_FEAT_VPN_DES;
	f->vpn_3des = bi->features & PIX_BI_FEAT_VPN_3DES;
	f->cut_through = bi->features & PIX_BI_FEAT_CUT_THROUGH;
	f->guards = bi->features & PIX_BI_FEAT_GUARDS;
	f->websense = bi->features & PIX_BI_FEAT_WEBSENSE;
	f->max_interfaces = (uint8_t)bi->max_interfaces;
	f->isakmp_peers = bi->isakmp_peers;
	f->throughput_mbps = bi->throughput_mbps;
}

/*
 * The running image's own header, read from where the ROM booted it: its build text, and its
 * hash, which tells it apart from whatever is installed later.
 */
static void pixos_own_header(struct board *b, const struct pix_bootinfo *bi, struct os_identity *id)
{
	const struct at29_stripe area = {
		.chip_off = bi->flash_image_offset % AT29_CHIP_SIZE,
		.per_chip = LAYOUT_SLOT_PER_CHIP,
		.first = bi->flash_image_offset / AT29_CHIP_SIZE,
		.chips = bi->flash_image_chips,
	};
	uint8_t hdr[IMG_HDR_SIZE];
	struct img_info info;

	snprintf(id->build, sizeof(id->build), "an unknown date");
	if (b->flash.err || !area.chips ||
	    at29_read_stripe(&b->flash.drv, &area, 0, hdr, sizeof(hdr)) ||
	    img_parse_header(hdr, bi->flash_image_len, &info))
		return;
	memcpy(id->build, info.build, sizeof(id->build));
	memcpy(id->hdr_sha256, hdr + IMG_HDR_HASHED_LEN, sizeof(id->hdr_sha256));
	id->hdr_known = true;
}

static void pixos_identity(struct board *b, const struct pix_bootinfo *bi, struct os_identity *id)
{
	memset(id, 0, sizeof(*id));
	id->version = (struct img_version){ bi->image_major, bi->image_minor, bi->image_maint };
	pixos_licence(bi, id);
	pixos_own_header(b, bi, id);
	id->sig_keys = bi->sig_keys;
	id->sig_verified = (bi->flags & PIX_BI_SIGNED) != 0;
	id->sig_key_index = bi->sig_key_index;
	id->sig_sec_version = bi->sig_sec_version;
	memcpy(id->sig_key_id, bi->sig_key_id, sizeof(id->sig_key_id));
	id->mon_address = bi->mon_address;
	id->mon_server = bi->mon_server;
	id->mon_gateway = bi->mon_gateway;
	id->mon_interface = bi->mon_interface;
	memcpy(id->mon_file, bi->mon_file, sizeof(id->mon_file));
	id->mon_file[sizeof(id->mon_file) - 1] = '\0';
}

/* The block the ROM handed over, if it is one this image reads; else says why and stops. */
static bool pixos_take_bootinfo(uint32_t eax, const struct pix_bootinfo *bi)
{
	if (eax == IMG_BOOT_EAX && bi->magic == PIX_BOOTINFO_MAGIC &&
	    bi->version >= PIX_BOOTINFO_VERSION && bi->size >= sizeof(*bi)) {
		memcpy(&px.bi, bi, sizeof(px.bi));
		return true;
	}
	board_console_init(&px.board, UART_COM1_BASE);
	board_printf(&px.board, "PIX OS: no boot information from a PIX ROM (EAX=0x%x); halted.\n",
		     (unsigned int)eax);
	return false;
}

/* show memory: RAM, the download area above the image, lwIP's heap (TLS's memory too). */
static void pixos_memory(void *ctx, struct os_memory *m)
{
	(void)ctx;
	m->total = pixos_ram_top(&px.bi);
	m->free = m->total > PIXOS_DL_BASE ? m->total - PIXOS_DL_BASE : 0;
	m->heap = MEM_SIZE;
	m->heap_used = (uint32_t)lwip_stats.mem.used;
	m->heap_max = (uint32_t)lwip_stats.mem.max;
}

static void pixos_platform(struct board *b)
{
	uint64_t top = pixos_ram_top(&px.bi);
	unsigned int i;

	board_now_ms(b); /* finishes the clock's calibration: the CPU's MHz */
	cpu_name(px.cpu, sizeof(px.cpu));
	board_set_net_panic(&px.board);
	rom_net_probe(&b->net, &b->clock, b->nics, (uint8_t *)(uintptr_t)PIXOS_DL_BASE,
		      top > PIXOS_DL_BASE ? top - PIXOS_DL_BASE : 0);
	/* QEMU's e1000 holds received frames back for 1 s after receive is enabled (a real PHY
	 * negotiates for seconds): open every NIC now, so the first copy does not wait for it */
	for (i = 0; i < b->net.count; i++)
		rom_net_open_early(&b->net, i);
	pixos_http_init(&px.http, &b->net, b->flash.err ? NULL : &b->flash.drv);
	pixos_tls_init(&b->clock);
	pixos_dns_init(&px.dns, &b->net);
	pixos_link_init(&px.link, &b->net);
	net_sys_set_random(px.link.ops.random, px.link.ops.ctx); /* the TCP ISNs' secret */
	px.plat = (struct os_platform){
		.con = &b->con,
		.now_ms = board_now_ms,
		.reload = pixos_reload,
		.rtc = pixos_rtc,
		.nics = b->nics,
		.nic_count = b->nic_count,
		.net = &b->net.ops,
		.http = &px.http.ops,
		.dns = &px.dns.ops,
		.link = &px.link.ops,
		.cert_describe = pixos_tls_describe,
		.memory = pixos_memory,
		.flash = { b->flash.err ? NULL : &b->flash.drv, b->flash.base, b->flash.size },
		.vendor_key = LIC_DEV_VENDOR_KEY,
		.cpu = px.cpu,
		.cpu_mhz = (unsigned int)(b->clock.tsc_hz / PIXOS_HZ_PER_MHZ),
		.ram_bytes = top,
		.bios_base = (uint32_t)ROM_BASE,
		.bios_size = ROM_SIZE,
		.ctx = b,
	};
}

/**
 * pixos_main() - C entry from entry.S; never returns.
 * @eax: 'PIXB' from a PIX ROM
 * @bi: the boot-information block
 */
void pixos_main(uint32_t eax, const struct pix_bootinfo *bi)
{
	struct board *b = &px.board;

	if (!pixos_take_bootinfo(eax, bi))
		return;
	board_console_init(b, px.bi.console_port ? px.bi.console_port : UART_COM1_BASE);
	board_pci_init(b);
	board_flash_attach(b);
	pixos_identity(b, &px.bi, &px.id);
	pixos_platform(b);
	os_init(&px.os, &px.plat, &px.id);
	os_boot(&px.os);
	os_run(&px.os);
	piix3_reset();
}
