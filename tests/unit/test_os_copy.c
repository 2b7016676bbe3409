/* Unit tests of os/copy.c and os/install.c: the copy and configure net arguments, copy to flash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_os_platform.h"
#include "flash/layout.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define USAGE                                                                  \
	"Usage: copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]\n" \
	"       copy http[s]://[user:password@]location[:port]/pathname flash[:[image | pdm]]\n"
#define SERVER 0x0a000202u /* 10.0.2.2 */
#define DOT_BYTES (32 * 1024) /* the client's progress dot: one per 32 KiB */

/* ---- the parsers -------------------------------------------------------------------------- */

struct url_case {
	const char *in;
	enum os_url_scheme scheme;
	bool colon;
	const char *host;
	const char *path;
};

static void test_url_accepted(void **state)
{
	static const struct url_case cases[] = {
		{ "tftp", OS_URL_TFTP, false, "", "" },
		{ "TFTP", OS_URL_TFTP, false, "", "" },
		{ "tftp:", OS_URL_TFTP, true, "", "" },
		{ "tftp:/", OS_URL_TFTP, true, "", "" },
		{ "tftp:/pix.bin", OS_URL_TFTP, true, "", "pix.bin" },
		{ "tftp:/dir/pix.bin", OS_URL_TFTP, true, "", "dir/pix.bin" },
		{ "tftp:/a:b", OS_URL_TFTP, true, "", "a:b" },
		{ "tftp://10.0.2.2", OS_URL_TFTP, true, "10.0.2.2", "" },
		{ "tftp://10.0.2.2/", OS_URL_TFTP, true, "10.0.2.2", "" },
		{ "tftp://10.0.2.2/pix.bin", OS_URL_TFTP, true, "10.0.2.2", "pix.bin" },
		{ "tftp://Server_1.site-a/d/f!~", OS_URL_TFTP, true, "Server_1.site-a", "d/f!~" },
		{ "tftp:///x", OS_URL_TFTP, true, "", "x" },
		{ "tftp://h//x", OS_URL_TFTP, true, "h", "/x" },
		{ "tftp://", OS_URL_TFTP, true, "", "" },
		{ "http", OS_URL_HTTP, false, "", "" },
		{ "http://h/p", OS_URL_HTTP, true, "h", "p" },
		{ "https:", OS_URL_HTTPS, true, "", "" },
		{ "HtTpS://h", OS_URL_HTTPS, true, "h", "" },
	};
	char in[256], want[OS_PATH_MAX + 2];
	struct os_url u;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&u, 0x5a, sizeof(u));
		if (os_url_parse(cases[i].in, &u))
			fail_msg("'%s' refused", cases[i].in);
		assert_int_equal(u.scheme, cases[i].scheme);
		assert_int_equal(u.colon, cases[i].colon);
		assert_string_equal(u.host, cases[i].host);
		assert_string_equal(u.path, cases[i].path);
	}
	/* the longest host and path */
	memset(want, 'h', OS_NAME_MAX);
	want[OS_NAME_MAX] = '\0';
	snprintf(in, sizeof(in), "tftp://%s/x", want);
	assert_int_equal(os_url_parse(in, &u), 0);
	assert_string_equal(u.host, want);
	memset(want, 'p', OS_PATH_MAX);
	want[OS_PATH_MAX] = '\0';
	snprintf(in, sizeof(in), "tftp:/%s", want);
	assert_int_equal(os_url_parse(in, &u), 0);
	assert_string_equal(u.path, want);
}

static void test_url_refused(void **state)
{
	static const char *const cases[] = {
		"",
		"t",
		"tft",
		"tftpx",
		"tftp-",
		"ftp://h/x",
		"xtftp:",
		":",
		"://h/x",
		"tftp//h/x",
		"tftp:x",
		"tftp:pix.bin",
		"tftp::",
		"tftp:h/x",
		"tftp://h:69/x",
		"tftp://h:",
		"tftp://h@s/x",
		"tftp://h s/x",
		"tftp://h\\s/x",
		"tftp://h%41/x",
		"tftp:/a b",
		"tftp:/a\tb",
		"tftp:/a\x01",
		"tftp:/a\x7f",
		"tftp:/caf\xc3\xa9",
		"tftp://h/a\r",
	};
	char in[256], part[OS_PATH_MAX + 2];
	struct os_url u;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (os_url_parse(cases[i], &u) != -EINVAL)
			fail_msg("'%s' accepted", cases[i]);
	/* a host or a path one character too long */
	memset(part, 'h', OS_NAME_MAX + 1);
	part[OS_NAME_MAX + 1] = '\0';
	snprintf(in, sizeof(in), "tftp://%s/x", part);
	assert_int_equal(os_url_parse(in, &u), -EINVAL);
	memset(part, 'p', OS_PATH_MAX + 1);
	part[OS_PATH_MAX + 1] = '\0';
	snprintf(in, sizeof(in), "tftp:/%s", part);
	assert_int_equal(os_url_parse(in, &u), -EINVAL);
}

static void test_dest(void **state)
{
	static const struct {
		const char *in;
		enum os_copy_dst d;
	} good[] = {
		{ "flash", OS_DST_IMAGE },	 { "flash:", OS_DST_IMAGE },
		{ "flash:image", OS_DST_IMAGE }, { "flash:i", OS_DST_IMAGE },
		{ "Flash:Image", OS_DST_IMAGE }, { "flash:pdm", OS_DST_PDM },
		{ "flash:p", OS_DST_PDM },	 { "FLASH:PDM", OS_DST_PDM },
	};
	static const char *const bad[] = {
		"",
		"f",
		"flas",
		"flashx",
		"flash:x",
		"flash:imagex",
		"flash::",
		"flash:image:",
		"flash:pdmx",
		"flash:pdm/",
		"disk:",
		"flash :",
		"tftp",
		":image",
		"flash-image",
		"flash:imag e",
		"flash:\x01",
	};
	enum os_copy_dst d;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		d = (enum os_copy_dst)7;
		if (os_copy_dest_parse(good[i].in, &d))
			fail_msg("'%s' refused", good[i].in);
		assert_int_equal(d, good[i].d);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (os_copy_dest_parse(bad[i], &d) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
}

static void test_net_src(void **state)
{
	static const struct url_case good[] = {
		{ ":", OS_URL_TFTP, true, "", "" },
		{ "10.0.2.2:", OS_URL_TFTP, true, "10.0.2.2", "" },
		{ ":pix.cfg", OS_URL_TFTP, true, "", "pix.cfg" },
		{ "10.0.2.2:pix.cfg", OS_URL_TFTP, true, "10.0.2.2", "pix.cfg" },
		{ "server:/dir/f", OS_URL_TFTP, true, "server", "/dir/f" },
		{ "h:a:b", OS_URL_TFTP, true, "h", "a:b" },
		/* by the grammar, a host named tftp */
		{ "tftp://h/x", OS_URL_TFTP, true, "tftp", "//h/x" },
	};
	static const char *const bad[] = {
		"",	 "host",  "10.0.2.2", "pix.cfg", "h@s:x", "//h:x",
		"h/x:y", "h:a b", "h:a\x01",  "h:\x7f",	 "h s:x",
	};
	char in[256], part[OS_PATH_MAX + 2];
	struct os_url u;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		memset(&u, 0x5a, sizeof(u));
		if (os_net_src_parse(good[i].in, &u))
			fail_msg("'%s' refused", good[i].in);
		assert_int_equal(u.scheme, OS_URL_TFTP);
		assert_true(u.colon);
		assert_string_equal(u.host, good[i].host);
		assert_string_equal(u.path, good[i].path);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (os_net_src_parse(bad[i], &u) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
	memset(part, 'h', OS_NAME_MAX + 1);
	part[OS_NAME_MAX + 1] = '\0';
	snprintf(in, sizeof(in), "%s:x", part);
	assert_int_equal(os_net_src_parse(in, &u), -EINVAL);
	part[OS_NAME_MAX] = '\0';
	snprintf(in, sizeof(in), "%s:x", part);
	assert_int_equal(os_net_src_parse(in, &u), 0);
	memset(part, 'p', OS_PATH_MAX + 1);
	part[OS_PATH_MAX + 1] = '\0';
	snprintf(in, sizeof(in), "h:%s", part);
	assert_int_equal(os_net_src_parse(in, &u), -EINVAL);
	part[OS_PATH_MAX] = '\0';
	snprintf(in, sizeof(in), "h:%s", part);
	assert_int_equal(os_net_src_parse(in, &u), 0);
}

/* ---- copy and configure net, on a network that serves files from memory -------------------- */

/* One file the fake TFTP server has. */
struct served {
	const char *name;
	const uint8_t *data;
	size_t len;
};

/* The fake network: bring-ups and fetches recorded, files served whole or "not found". */
struct fake_net {
	struct mon_net net;
	struct served files[8];
	unsigned int ups, fetches;
	unsigned int up_iface;
	uint32_t up_addr, up_mask, up_gw;
	uint32_t server;
	char file[OS_PATH_MAX + 1];
	const struct served *sending;
	void (*trace)(void *tctx, int code, unsigned int arg);
	void *tctx;
};

static struct fake_net fnet;

static int fn_up(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct fake_net *n = ctx;

	n->ups++;
	n->up_iface = iface;
	n->up_addr = addr;
	n->up_mask = mask;
	n->up_gw = gw;
	return 0;
}

static void fn_poll(void *ctx)
{
	(void)ctx;
}

static int fn_tftp_start(void *ctx, uint32_t server, const char *file, unsigned int timeout_s,
			 bool codes, void (*trace)(void *tctx, int code, unsigned int arg),
			 void *tctx)
{
	struct fake_net *n = ctx;
	size_t i;

	(void)timeout_s;
	(void)codes;
	n->fetches++;
	n->server = server;
	snprintf(n->file, sizeof(n->file), "%s", file);
	n->trace = trace;
	n->tctx = tctx;
	n->sending = NULL;
	for (i = 0; i < ARRAY_SIZE(n->files); i++)
		if (n->files[i].name && !strcmp(n->files[i].name, file))
			n->sending = &n->files[i];
	return 0;
}

/* The whole file arrives at the first poll, with its progress dots. */
static int fn_tftp_poll(void *ctx)
{
	struct fake_net *n = ctx;
	size_t i;

	for (i = 0; n->sending && i < n->sending->len / DOT_BYTES; i++)
		n->trace(n->tctx, MON_TFTP_DOT, 0);
	return 1;
}

static void fn_tftp_abort(void *ctx)
{
	(void)ctx;
}

static void fn_tftp_result(void *ctx, struct mon_tftp_result *r)
{
	struct fake_net *n = ctx;

	memset(r, 0, sizeof(*r));
	r->limit = 16u << 20;
	r->message = "";
	if (!n->sending) {
		r->err = -ENOENT;
		r->code = MON_TFTP_CODE_NOFILE;
		r->message = "File not found";
		return;
	}
	r->bytes = n->sending->len;
}

static int fn_download(void *ctx, const uint8_t **data, uint64_t *len)
{
	struct fake_net *n = ctx;

	if (!n->sending)
		return -ENOENT;
	*data = n->sending->data;
	*len = n->sending->len;
	return 0;
}

/* The network alone: serving nothing yet. */
static int setup_net(void **state)
{
	(void)state;
	memset(&fnet, 0, sizeof(fnet));
	fnet.net = (struct mon_net){ .up = fn_up,
				     .poll = fn_poll,
				     .tftp_start = fn_tftp_start,
				     .tftp_poll = fn_tftp_poll,
				     .tftp_abort = fn_tftp_abort,
				     .tftp_result = fn_tftp_result,
				     .download = fn_download,
				     .ctx = &fnet };
	return 0;
}

/* A unit with flash (the running image 6.3(5) and its key), inside at 10.0.2.15/24. */
static int setup(void **state)
{
	struct fake_os *o = fake_os_new(2);

	setup_net(state);
	fake_os_flash(o, 2, &fake_os_key_all);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* Serves @data as @name. */
static void serve(const char *name, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fnet.files) && fnet.files[i].name; i++)
		;
	assert_true(i < ARRAY_SIZE(fnet.files));
	fnet.files[i] = (struct served){ name, data, len };
}

/* The header hash of the image the next flash boot runs. */
static void boot_image_hash(struct fake_os *o, uint8_t hash[IMG_SHA256_LEN])
{
	struct layout_image im;

	assert_int_equal(layout_find_boot_image(&o->sim.f, &im), 0);
	assert_int_equal(
		layout_read_image(&o->sim.f, &im, IMG_HDR_HASHED_LEN, hash, IMG_SHA256_LEN), 0);
}

static void test_copy_bad_arguments(void **state)
{
	struct fake_os *o = *state;

	o->plat.net = &fnet.net;
	assert_int_equal(fake_os_exec(o, "copy ftp flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), USAGE);
	assert_int_equal(fake_os_exec(o, "copy tftp disk"), -EINVAL);
	assert_string_equal(fake_os_out(o), USAGE);
	assert_int_equal(fake_os_exec(o, "copy tftp:pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), USAGE);
	assert_int_equal(fake_os_exec(o, "copy tftp"), -EINVAL);
	assert_string_equal(fake_os_out(o), USAGE);
	assert_int_equal(fake_os_exec(o, "copy http:pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), USAGE);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENODEV);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: copy: this unit has no network\n"
					    "Image not installed\n");
	assert_int_equal(fnet.fetches, 0);
}

static void test_copy_without_server_or_network(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "copy tftp: flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: no TFTP server or file given, and none set "
					    "(tftp-server [if_name] ip_address path)\n"
					    "Image not installed\n");
	assert_int_equal(fake_os_exec(o, "copy tftp://nohost/pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: 'nohost' is not a host address or name (no "
					    "name server to ask: dns name-server if_name "
					    "ip_address)\n"
					    "Image not installed\n");
	assert_int_equal(fake_os_exec(o, "copy tftp://10.0.2.2/pix.bin flash"), -ENODEV);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: copy: this unit has no network\n"
					    "Image not installed\n");
	o->plat.net = &fnet.net;
	assert_int_equal(fake_os_exec(o, "copy tftp://192.168.1.1/pix.bin flash"), -EHOSTUNREACH);
	assert_string_equal(fake_os_out(o), "copying tftp://192.168.1.1/pix.bin to flash:image\n"
					    "ERROR: copy: no route to the host (ip address, "
					    "route)\n"
					    "Image not installed\n");
	assert_int_equal(fake_os_exec(o, "interface ethernet1 auto shutdown"), 0);
	assert_int_equal(fake_os_exec(o, "copy tftp://10.0.2.2/pix.bin flash"), -ENETDOWN);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: copy: interface inside is shut down\n"
					    "Image not installed\n");
	assert_int_equal(fnet.fetches, 0);
}

static void test_copy_installs_an_image(void **state)
{
	struct fake_os *o = *state;
	uint8_t hash[IMG_SHA256_LEN];
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(4)", 100000, 7, &len);
	char want[512];

	o->plat.net = &fnet.net;
	serve("pix634.bin", img, len);
	assert_int_equal(os_flash_image_differs(&o->os), 0);
	assert_int_equal(fake_os_exec(o, "copy tftp://10.0.2.2/pix634.bin flash:image"), 0);
	snprintf(want, sizeof(want),
		 "copying tftp://10.0.2.2/pix634.bin to flash:image\n!!!\nReceived %zu bytes\n"
		 "Writing image to flash.\nImage installed\n",
		 len);
	assert_string_equal(fake_os_out(o), want);
	assert_int_equal(fnet.ups, 1);
	assert_int_equal(fnet.up_iface, 1);
	assert_int_equal(fnet.up_addr, 0x0a00020f);
	assert_int_equal(fnet.up_mask, 0xffffff00);
	assert_int_equal(fnet.up_gw, 0);
	assert_int_equal(fnet.server, SERVER);
	assert_string_equal(fnet.file, "pix634.bin");
	boot_image_hash(o, hash);
	assert_memory_equal(hash, img + IMG_HDR_HASHED_LEN, IMG_SHA256_LEN);
	/* the running image is now not the one in flash (Example 11-3's case) */
	assert_int_equal(os_flash_image_differs(&o->os), 1);
	free(img);
}

/* "tftp:" takes the server and file from tftp-server, over its interface's route. */
static void test_copy_from_the_tftp_server_settings(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	o->plat.net = &fnet.net;
	serve("pix/pix.bin", img, len);
	assert_int_equal(fake_os_exec(o, "ip address outside 192.168.7.1 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "route outside 0 0 192.168.7.254"), 0);
	assert_int_equal(fake_os_exec(o, "tftp-server outside 172.16.9.9 pix/pix.bin"), 0);
	assert_int_equal(fake_os_exec(o, "copy tftp: flash"), 0);
	assert_string_equal(fake_os_out(o), "copying tftp://172.16.9.9/pix/pix.bin to flash:image\n"
					    "\nReceived 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	assert_int_equal(fnet.up_iface, 0);
	assert_int_equal(fnet.up_gw, 0xc0a807fe);
	assert_int_equal(fnet.server, 0xac100909);
	free(img);
}

/* "tftp" alone asks, offering the tftp-server settings; "again" asks anew. */
static void test_copy_asks(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 9, &len);

	o->plat.net = &fnet.net;
	serve("other.bin", img, len);
	assert_int_equal(fake_os_exec(o, "tftp-server inside 10.0.2.2 pix.bin"), 0);
	fake_type(&o->f, "\r\r" /* the defaults */ "again\r"
			 "10.0.2.3\rother.bin\ry\r");
	assert_int_equal(fake_os_exec(o, "copy tftp flash"), 0);
	assert_string_equal(fake_os_out(o), "Address or name of remote host [10.0.2.2]? \n"
					    "Source file name [pix.bin]? \n"
					    "copying tftp://10.0.2.2/pix.bin to flash:image "
					    "[yes|no|again]? again\n"
					    "Address or name of remote host [10.0.2.2]? 10.0.2.3\n"
					    "Source file name [pix.bin]? other.bin\n"
					    "copying tftp://10.0.2.3/other.bin to flash:image "
					    "[yes|no|again]? y\n"
					    "\nReceived 1512 bytes\nWriting image to flash\nImage "
					    "installed\n");
	assert_int_equal(fnet.server, 0x0a000203);
	/* no, or Ctrl-C, fetches nothing */
	fake_type(&o->f, "\r\rn\r");
	assert_int_equal(fake_os_exec(o, "copy tftp flash"), -ECANCELED);
	fake_type(&o->f, "\x03");
	assert_int_equal(fake_os_exec(o, "copy tftp flash"), -ECANCELED);
	assert_int_equal(fnet.fetches, 1);
	free(img);
}

/* A PIX image of kind PDM (no load or entry address), sealed again. */
static uint8_t *make_pdm(const char *version, uint32_t payload_len, uint32_t seed, size_t *len)
{
	uint8_t *pdm = fake_os_make_image(version, payload_len, seed, len);

	img_le32_put(pdm + 0x10, IMG_KIND_PDM);
	img_le32_put(pdm + 0x1c, 0);
	img_le32_put(pdm + 0x20, 0);
	img_seal_header(pdm);
	return pdm;
}

/* What copy refuses, each with its reason and "Image not installed"; the flash is not written. */
static void test_copy_refusals(void **state)
{
	struct fake_os *o = *state;
	static uint8_t junk[4096];
	uint8_t *old, *pdm, *good;
	size_t old_len, pdm_len, good_len;
	uint64_t writes;
	char want[512];

	o->plat.net = &fnet.net;
	old = fake_os_make_image("4.3(1)", 2000, 10, &old_len);
	pdm = make_pdm("3.0(1)", 2000, 11, &pdm_len);
	good = fake_os_make_image("6.3(5)", 3000, 12, &good_len);
	memset(junk, 'j', sizeof(junk));
	serve("junk.bin", junk, sizeof(junk));
	serve("old.bin", old, old_len);
	serve("pdm.bin", pdm, pdm_len);
	serve("short.bin", good, good_len - 100);
	writes = o->sim.writes;
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/none.bin flash") < 0);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/none.bin to flash:image\n\n"
					    "ERROR: tftp://10.0.2.2/none.bin: file not found (File "
					    "not found)\nImage not installed\n");
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/junk.bin flash") < 0);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/junk.bin to flash:image\n\n"
					    "Received 4096 bytes\n"
					    "ERROR: junk.bin is not a PIX image (no PIXIMAGE "
					    "header)\n"
					    "Image not installed\n");
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/short.bin flash") < 0);
	snprintf(want, sizeof(want),
		 "copying tftp://10.0.2.2/short.bin to flash:image\n\nReceived %zu bytes\n"
		 "ERROR: short.bin is truncated (%zu bytes arrived)\nImage not installed\n",
		 good_len - 100, good_len - 100);
	assert_string_equal(fake_os_out(o), want);
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/pdm.bin flash") < 0);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/pdm.bin to flash:image\n\n"
					    "Received 2512 bytes\n"
					    "ERROR: pdm.bin is a PDM archive, not a PIX OS image "
					    "(copy "
					    "it to flash:pdm)\nImage not installed\n");
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/old.bin flash") < 0);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/old.bin to flash:image\n\n"
					    "Received 2512 bytes\n"
					    "ERROR: old.bin is version 4.3(1); an image older than "
					    "4.4 "
					    "would corrupt the flash\nImage not installed\n");
	serve("pix.bin", good, good_len);
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/pix.bin flash:pdm") < 0);
	snprintf(want, sizeof(want),
		 "copying tftp://10.0.2.2/pix.bin to flash:pdm\n\nReceived %zu bytes\n"
		 "ERROR: pix.bin is a PIX OS image, not a PDM archive (copy it to flash:image)\n"
		 "PDM not installed\n",
		 good_len);
	assert_string_equal(fake_os_out(o), want);
	assert_int_equal(o->sim.writes, writes);
	assert_int_equal(os_flash_image_differs(&o->os), 0);
	free(old);
	free(pdm);
	free(good);
}

/* flash:pdm writes the PDM area; the image slots are not touched. */
static void test_copy_pdm(void **state)
{
	struct fake_os *o = *state;
	struct img_info info;
	size_t len;
	uint8_t *pdm = make_pdm("3.0(4)", 70000, 15, &len);
	char want[512];

	o->plat.net = &fnet.net;
	serve("pdm.bin", pdm, len);
	assert_int_equal(layout_read_pdm(&o->sim.f, &info), -LAYOUT_ENOPDM);
	assert_int_equal(fake_os_exec(o, "copy tftp://10.0.2.2/pdm.bin flash:pdm"), 0);
	snprintf(want, sizeof(want),
		 "copying tftp://10.0.2.2/pdm.bin to flash:pdm\n!!\nReceived %zu bytes\n"
		 "Writing PDM archive to flash.\nPDM installed\n",
		 len);
	assert_string_equal(fake_os_out(o), want);
	assert_int_equal(layout_read_pdm(&o->sim.f, &info), 0);
	assert_int_equal(info.kind, IMG_KIND_PDM);
	assert_int_equal(info.payload_size, 70000);
	assert_int_equal(os_flash_image_differs(&o->os), 0);
	free(pdm);
}

/* An image larger than a slot: the reference's "Insufficient flash space" form. */
static void test_copy_image_too_big(void **state)
{
	struct fake_os *o = fake_os_new(2);
	struct layout_geometry g;
	size_t len;
	uint8_t *img;
	char want[512];

	(void)state;
	fake_os_flash(o, 1, &fake_os_key_all);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	o->plat.net = &fnet.net;
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	assert_int_equal(layout_geometry(1, &g), 0);
	img = fake_os_make_image("6.3(5)", g.slot_size, 13, &len);
	serve("big.bin", img, len);
	assert_true(fake_os_exec(o, "copy tftp://10.0.2.2/big.bin flash") < 0);
	snprintf(want, sizeof(want),
		 "copying tftp://10.0.2.2/big.bin to flash:image\n%.*s\nReceived %zu bytes\n"
		 "! Insufficient flash space available for this request:\n"
		 "Size info:request:%zu current:4608 delta:%zu free:%u\nImage not installed\n",
		 (int)(len / DOT_BYTES), "!!!!!!!!!!", len, len, len - 4608, g.slot_size);
	assert_string_equal(fake_os_out(o), want);
	free(img);
	fake_os_free(o);
}

/* The chapter's "Problems may occur": a flash key the new image cannot boot with is warned of. */
static void test_copy_warns_of_the_flash_key(void **state)
{
	struct fake_os *o = fake_os_new(2);
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 14, &len);

	(void)state;
	fake_os_flash(o, 2, NULL);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	o->plat.net = &fnet.net;
	serve("pix.bin", img, len);
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "copy tftp://10.0.2.2/pix.bin flash"), 0);
	assert_string_equal(fake_os_out(o), "copying tftp://10.0.2.2/pix.bin to "
					    "flash:image\n\nReceived 1512 bytes\n"
					    "Warning: the activation key in flash is not valid for "
					    "this unit; the "
					    "new image will not boot from flash until one is "
					    "entered "
					    "(activation-key, or the monitor's install).\n"
					    "Writing image to flash\nImage installed\n");
	free(img);
	fake_os_free(o);
}

/* configure net: the lines of a fetched configuration merge into the running one. */
static void test_configure_net(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = "hostname fetched\nbogus line\nname 10.0.2.9 srv\n";

	o->plat.net = &fnet.net;
	serve("pix.cfg", (const uint8_t *)conf, sizeof(conf) - 1);
	assert_int_equal(fake_os_exec(o, "configure net x"), -EINVAL);
	assert_string_equal(fake_os_out(o), "Usage: configure net [[location]:[pathname]]\n");
	assert_int_equal(fake_os_exec(o, "configure net"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: no TFTP server or file given, and none set "
					    "(tftp-server [if_name] ip_address path)\n");
	assert_int_equal(fake_os_exec(o, "configure net 10.0.2.2:pix.cfg"), -EINVAL);
	assert_string_equal(fake_os_out(o), "\nReceived 46 bytes\n"
					    "net line 2: bogus line\n"
					    "ERROR: 'bogus' is not a command this image knows\n"
					    "1 line of tftp://10.0.2.2/pix.cfg not applied\n");
	assert_string_equal(o->os.run.hostname, "fetched");
	assert_int_equal(os_addr_name(&o->os.run, 0x0a000209) != NULL, 1);
	assert_int_equal(o->os.mode, OS_MODE_CONFIG);
	/* from the tftp-server settings */
	assert_int_equal(fake_os_exec(o, "tftp-server 10.0.2.2 pix.cfg"), 0);
	assert_int_equal(fake_os_exec(o, "hostname before"), 0);
	assert_int_equal(fake_os_exec(o, "conf net :"), -EINVAL);
	assert_string_equal(o->os.run.hostname, "fetched");
	assert_string_equal(fnet.file, "pix.cfg");
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_accepted),
		cmocka_unit_test(test_url_refused),
		cmocka_unit_test(test_dest),
		cmocka_unit_test(test_net_src),
		T(test_copy_bad_arguments),
		T(test_copy_without_server_or_network),
		T(test_copy_installs_an_image),
		T(test_copy_from_the_tftp_server_settings),
		T(test_copy_asks),
		T(test_copy_refusals),
		T(test_copy_pdm),
		cmocka_unit_test_setup(test_copy_image_too_big, setup_net),
		cmocka_unit_test_setup(test_copy_warns_of_the_flash_key, setup_net),
		T(test_configure_net),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
