/* Fake platform for the running image's unit tests: console, clock, RTC, NICs, real flash layout. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_os_platform.h"
#include "flash/layout.h"
#include "flash/pix_image.h"

const struct lic_key fake_os_key_all = { { 0x77d91d9f, 0xd1f6436e, 0x33f0d23a, 0x9aa23511 } };
const struct lic_key fake_os_key_no3des = { { 0xf127d01b, 0x78c0c4b7, 0x4e576280, 0x49ba8482 } };
const struct lic_key fake_os_key_small = { { 0x167f137f, 0x7653ee5b, 0xa1591a7d, 0xf8a49356 } };

_Static_assert(offsetof(struct fake_os, f) == 0, "callbacks find the fake_os from &f");

/* The real-time clock: what the test set, or its error. */
static int fake_os_rtc(void *ctx, struct os_tm *tm)
{
	struct fake_os *o = ctx;

	o->rtc_reads++;
	if (o->rtc_err)
		return o->rtc_err;
	*tm = o->rtc;
	return 0;
}

/**
 * fake_os_running_key() - Sets the running key of the boot information (as the ROM checked it).
 * @o: the fake
 * @key: the key; valid or not for FAKE_OS_SERIAL
 */
void fake_os_running_key(struct fake_os *o, const struct lic_key *key)
{
	o->id.key = *key;
	o->id.key_valid = !lic_check(key, o->id.serial, LIC_DEV_VENDOR_KEY, &o->id.features);
	if (!o->id.key_valid)
		memset(&o->id.features, 0, sizeof(o->id.features));
}

/**
 * fake_os_new() - A unit with @nic_count NICs (i82559, MAC 0090.2722.f0b0 up), the RTC at
 * 2026-03-14 09:26:53.589, no flash, no network; the boot information says: version 6.3(5),
 * serial FAKE_OS_SERIAL, running key fake_os_key_all, running image header not known.
 * @nic_count: NICs, up to MON_NIC_MAX + 2
 *
 * Return: the fake (fake_os_free() releases it).
 */
struct fake_os *fake_os_new(unsigned int nic_count)
{
	struct fake_os *o = calloc(1, sizeof(*o));
	unsigned int i;

	assert_non_null(o);
	fake_init(&o->f, nic_count);
	for (i = 0; i < nic_count; i++) {
		static const uint8_t mac[6] = { 0x00, 0x90, 0x27, 0x22, 0xf0, 0xb0 };

		snprintf(o->f.nics[i].model, sizeof(o->f.nics[i].model), "i82559");
		memcpy(o->f.nics[i].mac, mac, sizeof(mac));
		o->f.nics[i].mac[5] = (uint8_t)(mac[5] + i);
	}
	o->rtc = (struct os_tm){ 2026, 3, 14, 9, 26, 53, 589 };
	o->plat = (struct os_platform){
		.con = &o->f.con,
		.now_ms = o->f.plat.now_ms,
		.reload = o->f.plat.reload,
		.rtc = fake_os_rtc,
		.nics = o->f.plat.nics,
		.nic_count = nic_count,
		.vendor_key = LIC_DEV_VENDOR_KEY,
		.cpu = "QEMU Virtual CPU version 2.5+",
		.cpu_mhz = 2992,
		.ram_bytes = 128ull << 20,
		.bios_base = FAKE_OS_BIOS_BASE,
		.bios_size = FAKE_OS_BIOS_SIZE,
		.ctx = &o->f,
	};
	o->id.version = (struct img_version){ 6, 3, 5 };
	snprintf(o->id.build, sizeof(o->id.build), "%s", FAKE_OS_BUILD);
	o->id.serial = FAKE_OS_SERIAL;
	fake_os_running_key(o, &fake_os_key_all);
	return o;
}

/**
 * fake_os_free() - Releases a fake and its flash.
 * @o: the fake
 */
void fake_os_free(struct fake_os *o)
{
	free(o->array);
	free(o);
}

/**
 * fake_os_flash() - Gives the unit a factory-fresh bank formatted by layout_format() for the
 * identity's serial number.
 * @o: the fake, before fake_os_start()
 * @chips: chips in the bank (1..16)
 * @key: the flash activation key to store, or NULL for none
 */
void fake_os_flash(struct fake_os *o, unsigned int chips, const struct lic_key *key)
{
	uint32_t size = chips * AT29_CHIP_SIZE;

	o->chips = chips;
	o->array = malloc(size);
	assert_non_null(o->array);
	memset(o->array, 0xff, size);
	memset(o->array + LAYOUT_PSTATE_OFF(chips), 0, LAYOUT_PSTATE_SIZE);
	at29_sim_init(&o->sim, true);
	assert_int_equal(at29_sim_start(&o->sim, chips, o->array,
					o->array + LAYOUT_PSTATE_OFF(chips),
					AT29_MODEL_TIMING_FAST),
			 0);
	assert_int_equal(layout_format(&o->sim.f, o->id.serial, key), 0);
	o->plat.flash = (struct os_flash){ &o->sim.f, FAKE_OS_FLASH_BASE, size };
}

/**
 * fake_os_make_image() - A PIX OS image of pseudo-random payload, build text FAKE_OS_BUILD.
 * @version: "6.3(5)"
 * @payload_len: payload bytes
 * @seed: makes the payload (and so the header hash) differ between images
 * @len: receives the image's length
 *
 * Return: the image (the caller frees it).
 */
uint8_t *fake_os_make_image(const char *version, uint32_t payload_len, uint32_t seed, size_t *len)
{
	uint8_t *img = malloc(IMG_HDR_SIZE + payload_len);
	struct img_info info;
	uint32_t i;

	assert_non_null(img);
	memset(&info, 0, sizeof(info));
	for (i = 0; i < payload_len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		img[IMG_HDR_SIZE + i] = (uint8_t)seed;
	}
	info.kind = IMG_KIND_OS;
	assert_int_equal(img_version_parse(version, &info.version), 0);
	info.payload_size = payload_len;
	info.load_addr = 0x400000;
	info.entry_addr = 0x400000;
	snprintf(info.build, sizeof(info.build), "%s", FAKE_OS_BUILD);
	assert_int_equal(img_make_header(img, &info, img + IMG_HDR_SIZE), 0);
	*len = IMG_HDR_SIZE + payload_len;
	return img;
}

/**
 * fake_os_install() - Installs an image in flash with layout_install_image(), as copy or the
 * monitor would.
 * @o: the fake, with flash
 * @version: the image's version
 * @seed: its payload (see fake_os_make_image())
 * @running: it is also the running image: the boot information gets its header hash
 */
void fake_os_install(struct fake_os *o, const char *version, uint32_t seed, bool running)
{
	size_t len;
	uint8_t *img = fake_os_make_image(version, 4096, seed, &len);

	assert_non_null(o->plat.flash.f);
	assert_int_equal(layout_install_image(o->plat.flash.f, img, len, NULL, NULL, NULL), 0);
	if (running) {
		o->id.hdr_known = true;
		memcpy(o->id.hdr_sha256, img + IMG_HDR_HASHED_LEN, IMG_SHA256_LEN);
		assert_int_equal(img_version_parse(version, &o->id.version), 0);
	}
	free(img);
}

/**
 * fake_os_start() - Starts the session (os_init()) on the fake, in user mode; the stored
 * configuration is not loaded (os_boot() does that).
 * @o: the fake
 */
void fake_os_start(struct fake_os *o)
{
	os_init(&o->os, &o->plat, &o->id);
}

/**
 * fake_os_exec() - Forgets the output so far, then runs one line in the session's mode.
 * @o: the fake, started
 * @line: the line
 *
 * Return: os_exec()'s result.
 */
int fake_os_exec(struct fake_os *o, const char *line)
{
	char buf[MON_LINE_MAX + 1];

	assert_true(strlen(line) <= MON_LINE_MAX);
	strcpy(buf, line);
	fake_clear_output(&o->f);
	return os_exec(&o->os, buf);
}

/**
 * fake_os_to_config() - enable (no enable password set), configure terminal; output forgotten.
 * @o: the fake, started, in user mode
 */
void fake_os_to_config(struct fake_os *o)
{
	assert_int_equal(fake_os_exec(o, "enable"), 0);
	assert_int_equal(fake_os_exec(o, "configure terminal"), 0);
	assert_int_equal(o->os.mode, OS_MODE_CONFIG);
	fake_clear_output(&o->f);
}

/* What the console got since the last clear. */
const char *fake_os_out(struct fake_os *o)
{
	return o->f.out;
}

/* Forgets the console output so far. */
void fake_os_clear(struct fake_os *o)
{
	fake_clear_output(&o->f);
}

/* The link's operations (os_link_ops); ctx is the fake_os. */
static int fake_link_open(void *ctx, unsigned int iface, uint8_t mac[6])
{
	struct fake_os *o = ctx;

	o->link.opens++;
	o->link.iface = iface;
	if (o->link.open_err)
		return o->link.open_err;
	memcpy(mac, o->link.mac, 6);
	return 0;
}

/**
 * fake_os_deliver() - Puts a frame in a unit's receive queue, as if it came over its link.
 * @o: the unit
 * @frame: the frame
 * @len: its length (at most FAKE_LINK_FRAME)
 */
void fake_os_deliver(struct fake_os *o, const uint8_t *frame, size_t len)
{
	struct fake_link_queue *q = &o->link.rx;
	unsigned int slot;

	assert_true(len <= FAKE_LINK_FRAME);
	if (q->count == FAKE_LINK_QUEUE) {
		q->dropped++;
		return;
	}
	slot = (q->head + q->count++) % FAKE_LINK_QUEUE;
	memcpy(q->frame[slot], frame, len);
	q->len[slot] = len;
}

/* True when @frame (@len bytes) holds the bytes of the string @s. */
static bool fake_link_holds(const uint8_t *frame, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; n && i + n <= len; i++)
		if (!memcmp(frame + i, s, n))
			return true;
	return false;
}

static int fake_link_send(void *ctx, unsigned int iface, const uint8_t *frame, size_t len)
{
	struct fake_os *o = ctx;

	assert_int_equal(iface, o->link.iface);
	assert_true(len <= FAKE_LINK_FRAME);
	o->link.sent++;
	if (o->link.watch && fake_link_holds(frame, len, o->link.watch))
		o->link.watched++;
	memcpy(o->link.last, frame, len);
	o->link.last_len = len;
	if (o->link.drop_every && o->link.sent % o->link.drop_every == 0)
		return 0; /* lost on the way */
	if (o->link.mate && !o->link.down && !o->link.mate->link.down)
		fake_os_deliver(o->link.mate, frame, len);
	return 0;
}

static int fake_link_recv(void *ctx, unsigned int iface, uint8_t *buf, size_t size)
{
	struct fake_os *o = ctx;
	struct fake_link_queue *q = &o->link.rx;
	size_t len;

	assert_int_equal(iface, o->link.iface);
	if (!q->count)
		return 0;
	len = q->len[q->head];
	assert_true(len <= size);
	memcpy(buf, q->frame[q->head], len);
	q->head = (q->head + 1) % FAKE_LINK_QUEUE;
	q->count--;
	return (int)len;
}

static bool fake_link_up(void *ctx, unsigned int iface)
{
	struct fake_os *o = ctx;

	(void)iface;
	return !o->link.down;
}

/* A different, never-zero value on every call (the nonces of all fake units differ). */
static int fake_link_random(void *ctx, void *buf, size_t len)
{
	static uint64_t next = 0x5eed000000000001ull;
	struct fake_os *o = ctx;
	uint8_t *p = buf;
	size_t i;

	if (o->link.no_random)
		return -ENODEV;
	next = next * 6364136223846793005ull + 1442695040888963407ull;
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(next >> (8 * (i % 8)));
	return 0;
}

/**
 * fake_os_link() - Gives a unit its raw-frame link (failover), joined to @mate's when @mate is
 * not NULL (call it for both ends; a new unit in place of a killed one is joined the same way).
 * Each unit's link has its own MAC address.
 * @o: the unit
 * @mate: the other end, or NULL
 */
void fake_os_link(struct fake_os *o, struct fake_os *mate)
{
	static uint8_t next_mac = 1;
	const uint8_t mac[6] = { 0x00, 0x90, 0x27, 0x33, 0x00, next_mac++ };

	o->link.ops = (struct os_link_ops){
		.open = fake_link_open,
		.send = fake_link_send,
		.recv = fake_link_recv,
		.link_up = fake_link_up,
		.random = fake_link_random,
		.ctx = o,
	};
	memcpy(o->link.mac, mac, sizeof(mac));
	o->link.mate = mate;
	o->plat.link = &o->link.ops;
}
