/*
 * Unit tests of monitor/netcmds.c: ping and tftp on a fake network (scripted replies, fake
 * clock), and what follows a download on a unit with a (fake) flash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "fake_mon_platform.h"

#define PING_HEAD "Sending 5, 100-byte 0x"
#define PING_TAIL " ICMP Echoes to 192.168.1.2, timeout is 4 seconds:\n"

/* The fake network: whether each echo gets a reply, and what the monitor asked for. */
struct fake_net {
	struct fake *f;
	int up_err;
	bool reply[8]; /* by sequence number */
	uint64_t reply_ms; /* delay of each reply after its echo */
	uint64_t sent_at_ms; /* when the echo in flight was sent */
	int seq; /* of the echo in flight, -1 none */
	unsigned int ups, polls, sends, opens, closes;
	unsigned int iface;
	uint32_t addr, mask, gw, dst;
	size_t ip_len;
	/* TFTP: the events the download reports, one per poll, then its result */
	const int *events; /* trace codes; MON_TFTP_PROTO is followed by its arg */
	size_t n_events, next_event;
	struct mon_tftp_result result;
	void (*trace)(void *tctx, int code, unsigned int arg);
	void *tctx;
	char file[128];
	uint32_t server;
	unsigned int timeout_s, aborts, results;
	bool codes;
	const uint8_t *data;
	uint64_t data_len;
};

static int fnet_up(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct fake_net *n = ctx;

	n->ups++;
	n->iface = iface;
	n->addr = addr;
	n->mask = mask;
	n->gw = gw;
	return n->up_err;
}

static void fnet_poll(void *ctx)
{
	struct fake_net *n = ctx;

	n->polls++;
	n->f->now_ms++; /* the network takes time: waits end by the clock */
}

static int fnet_open(void *ctx, uint32_t dst, uint16_t id)
{
	struct fake_net *n = ctx;

	(void)id;
	n->opens++;
	n->dst = dst;
	return 0;
}

static int fnet_send(void *ctx, uint16_t seq, size_t ip_len)
{
	struct fake_net *n = ctx;

	n->sends++;
	n->seq = seq;
	n->ip_len = ip_len;
	n->sent_at_ms = n->f->now_ms;
	return 0;
}

static bool fnet_replied(void *ctx)
{
	struct fake_net *n = ctx;

	return n->seq >= 0 && n->reply[n->seq] && n->f->now_ms >= n->sent_at_ms + n->reply_ms;
}

static void fnet_close(void *ctx)
{
	struct fake_net *n = ctx;

	n->closes++;
}

static int fnet_tftp_start(void *ctx, uint32_t server, const char *file, unsigned int timeout_s,
			   bool codes, void (*trace)(void *tctx, int code, unsigned int arg),
			   void *tctx)
{
	struct fake_net *n = ctx;

	n->codes = codes;
	n->server = server;
	snprintf(n->file, sizeof(n->file), "%s", file);
	n->timeout_s = timeout_s;
	n->trace = trace;
	n->tctx = tctx;
	n->next_event = 0;
	return 0;
}

static int fnet_tftp_poll(void *ctx)
{
	struct fake_net *n = ctx;
	int code;

	n->f->now_ms++;
	if (n->aborts) {
		n->result.err = -ECANCELED;
		n->result.code = 0;
		return 1;
	}
	if (n->next_event >= n->n_events)
		return n->result.err != -EINPROGRESS;
	code = n->events[n->next_event++];
	if (code == MON_TFTP_PROTO)
		n->trace(n->tctx, code, (unsigned int)n->events[n->next_event++]);
	else
		n->trace(n->tctx, code, 0);
	return 0;
}

static void fnet_tftp_abort(void *ctx)
{
	struct fake_net *n = ctx;

	n->aborts++;
}

static void fnet_tftp_result(void *ctx, struct mon_tftp_result *r)
{
	struct fake_net *n = ctx;

	n->results++;
	*r = n->result;
}

static int fnet_download(void *ctx, const uint8_t **data, uint64_t *len)
{
	struct fake_net *n = ctx;

	if (!n->data)
		return -ENOENT;
	*data = n->data;
	*len = n->data_len;
	return 0;
}

/*
 * What the fake flash's inspect reports here: every image is refused, so the dialogue ends
 * without asking anything (test_install.c covers the dialogue).
 */
#define FF_REFUSAL "Checksum verification on flash image failed"

struct ctx {
	struct fake f;
	struct fake_net n;
	struct mon_net net;
	struct mon m;
};

static struct ctx the_ctx;

static int setup(void **state)
{
	struct ctx *c = &the_ctx;

	memset(c, 0, sizeof(*c));
	fake_init(&c->f, 2);
	strcpy(c->f.nics[1].model, "i82558");
	memcpy(c->f.nics[1].mac, "\x00\x90\x27\x22\xf0\xb1", 6);
	c->n.f = &c->f;
	c->n.seq = -1;
	c->n.reply_ms = 3;
	c->net = (struct mon_net){
		.up = fnet_up,
		.poll = fnet_poll,
		.echo_open = fnet_open,
		.echo_send = fnet_send,
		.echo_replied = fnet_replied,
		.echo_close = fnet_close,
		.tftp_start = fnet_tftp_start,
		.tftp_poll = fnet_tftp_poll,
		.tftp_abort = fnet_tftp_abort,
		.tftp_result = fnet_tftp_result,
		.download = fnet_download,
		.ctx = &c->n,
	};
	c->f.plat.net = &c->net;
	c->f.flash.info = (struct mon_install_info){ .err = -EINVAL, .message = FF_REFUSAL };
	mon_init(&c->m, &c->f.plat);
	*state = c;
	return 0;
}

/* setup, on a unit that has flash. */
static int setup_flash(void **state)
{
	setup(state);
	fake_attach_flash(&the_ctx.f);
	return 0;
}

/* Types @line and Enter, runs the monitor until it prompts again; returns the output. */
static const char *run(struct ctx *c, const char *line)
{
	size_t i;

	fake_clear_output(&c->f);
	for (i = 0; line[i]; i++)
		mon_feed(&c->m, (unsigned char)line[i]);
	mon_feed(&c->m, '\r');
	return c->f.out;
}

/* Asserts @out is the ping header for 192.168.1.2 followed by @rest, any identifier. */
static void assert_ping_output(const char *out, const char *marks, const char *rest)
{
	char want[256];
	const char *id = strchr(out, '\n') + 1; /* past the echo of the command */

	assert_memory_equal(id, PING_HEAD, strlen(PING_HEAD));
	id += strlen(PING_HEAD);
	assert_int_equal(strspn(id, "0123456789abcdef"), 4);
	snprintf(want, sizeof(want), "%s%s\n%s", PING_TAIL, marks, rest);
	assert_string_equal(id + 4, want);
}

static void test_ping_all_answered(void **state)
{
	struct ctx *c = *state;

	run(c, "address 192.168.1.1");
	run(c, "server 192.168.1.2");
	memset(c->n.reply, 1, sizeof(c->n.reply));
	assert_ping_output(run(c, "ping"), "!!!!!", "Success rate is 100 percent (5/5)\nmonitor> ");
	assert_int_equal(c->n.sends, 5);
	assert_int_equal(c->n.ip_len, 100);
	assert_int_equal(c->n.dst, 0xc0a80102);
	assert_int_equal(c->n.iface, 1);
	assert_int_equal(c->n.addr, 0xc0a80101);
	assert_int_equal(c->n.mask, 0xffffff00); /* class C */
	assert_int_equal(c->n.gw, 0);
	assert_int_equal(c->n.closes, 1);
	assert_true(c->m.net_up);
}

static void test_ping_timeouts_take_4_seconds_each(void **state)
{
	struct ctx *c = *state;
	uint64_t start;

	run(c, "address 192.168.1.1");
	c->n.reply[1] = c->n.reply[3] = true;
	start = c->f.now_ms;
	assert_ping_output(run(c, "ping 192.168.1.2"), ".!.!.",
			   "Success rate is 40 percent (2/5)\nmonitor> ");
	assert_true(c->f.now_ms - start >= 3 * 4000);
	assert_true(c->f.now_ms - start < 3 * 4000 + 1000);
}

static void test_ping_esc_stops(void **state)
{
	struct ctx *c = *state;

	run(c, "address 192.168.1.1");
	fake_key_at(&c->f, c->f.now_ms + 6000, 0x1b); /* during the second echo */
	assert_ping_output(run(c, "ping 192.168.1.2"), ".",
			   "Success rate is 0 percent (0/1)\nmonitor> ");
	assert_int_equal(c->n.closes, 1);
}

static void test_ping_break_stops(void **state)
{
	struct ctx *c = *state;

	run(c, "address 192.168.1.1");
	c->n.reply[0] = true;
	fake_key_at(&c->f, c->f.now_ms + 100, MON_CON_BREAK);
	assert_ping_output(run(c, "ping 192.168.1.2"), "!",
			   "Success rate is 100 percent (1/1)\nmonitor> ");
}

static void test_ping_gateway_and_class_masks(void **state)
{
	struct ctx *c = *state;

	run(c, "address 10.0.2.15");
	run(c, "gateway 10.0.2.2");
	run(c, "ping 10.1.1.1");
	assert_int_equal(c->n.mask, 0xff000000);
	assert_int_equal(c->n.gw, 0x0a000202);
	run(c, "address 172.16.1.1");
	run(c, "ping 10.1.1.1");
	assert_int_equal(c->n.mask, 0xffff0000);
}

/* Runs @line and asserts the whole output: its echo, @reply, the next prompt. */
static void assert_reply(struct ctx *c, const char *line, const char *reply)
{
	char want[512];

	snprintf(want, sizeof(want), "%s\n%smonitor> ", line, reply);
	assert_string_equal(run(c, line), want);
}

static void test_ping_needs_address_and_driver(void **state)
{
	struct ctx *c = *state;

	assert_reply(c, "ping 192.168.1.2", "ping: address not set (use: address <ip>)\n");
	run(c, "address 192.168.1.1");
	run(c, "interface 0");
	assert_reply(c, "ping 192.168.1.2", "ping: interface 0 (i8255X) has no driver\n");
	assert_int_equal(c->n.ups, 0);
	assert_false(c->m.net_up);
}

static void test_ping_interface_fails(void **state)
{
	struct ctx *c = *state;

	run(c, "address 192.168.1.1");
	c->n.up_err = -ETIMEDOUT;
	assert_reply(c, "ping 192.168.1.2", "ping: interface 1 did not start (error -110)\n");
	assert_int_equal(c->n.sends, 0);
	assert_false(c->m.net_up);
}

#define USING_1 "Using 1: i82558 @ PCI(bus:0 dev:14 irq:10), MAC: 0090.2722.f0b1\n"

static void test_using_line(void **state)
{
	struct ctx *c = *state;

	assert_reply(c, "interface 1", "interface 1\n" USING_1);
	assert_reply(c, "interface 0", "interface 0\n"); /* no driver: no Using line */
	run(c, "interface 1");
	fake_clear_output(&c->f);
	mon_banner(&c->m);
	assert_string_equal(c->f.out, "0: i8255X @ PCI(bus:0 dev:13 irq:11)\n"
				      "1: i8255X @ PCI(bus:0 dev:14 irq:10)\n\n" USING_1 "Use ? "
				      "for "
				      "help."
				      "\nmonitor"
				      "> ");
}

static const int dots3[] = { MON_TFTP_DOT,     MON_TFTP_ARP,   MON_TFTP_DOT, 11,
			     MON_TFTP_TIMEOUT, MON_TFTP_PROTO, 0x86dd,	     MON_TFTP_DOT };

/* A monitor ready for tftp: address, server, file set. */
static void tftp_ready(struct ctx *c)
{
	run(c, "address 192.168.1.1");
	run(c, "server 192.168.1.2");
	run(c, "file pix.bin");
	c->n.events = dots3;
	c->n.n_events = sizeof(dots3) / sizeof(dots3[0]);
	c->n.result = (struct mon_tftp_result){ .bytes = 626688, .limit = 1 << 26, .message = "" };
}

static void test_tftp_received(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	assert_reply(c, "tftp", "tftp pix.bin@192.168.1.2...\nReceived 626688 bytes\n");
	assert_string_equal(c->n.file, "pix.bin");
	assert_int_equal(c->n.server, 0xc0a80102);
	assert_int_equal(c->n.timeout_s, 4);
	assert_int_equal(c->n.results, 1);
	assert_false(c->n.codes);
}

static void test_tftp_trace_codes(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	run(c, "trace");
	run(c, "timeout 9");
	assert_reply(c, "tftp",
		     "tftp pix.bin@192.168.1.2.A.<11>T(0x86dd).\nReceived 626688 bytes\n");
	assert_int_equal(c->n.timeout_s, 9);
	assert_true(c->n.codes);
}

static void test_tftp_via_gateway(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	run(c, "server 10.9.9.9");
	run(c, "gateway 192.168.1.254");
	assert_reply(c, "tftp",
		     "tftp pix.bin@10.9.9.9 via 192.168.1.254...\nReceived 626688 bytes\n");
	run(c, "server 192.168.1.2"); /* on the subnet: the gateway is not mentioned */
	assert_reply(c, "tftp", "tftp pix.bin@192.168.1.2...\nReceived 626688 bytes\n");
}

static void test_tftp_failures_say_why(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	c->n.n_events = 0;
	c->n.result = (struct mon_tftp_result){ .err = -ENOENT, .code = -10, .message = "nope" };
	assert_reply(c, "tftp",
		     "tftp pix.bin@192.168.1.2\n"
		     "tftp: pix.bin: file not found on 192.168.1.2 (nope)\n");
	c->n.result = (struct mon_tftp_result){ .err = -ETIMEDOUT, .code = -1, .message = "" };
	assert_reply(c, "tftp",
		     "tftp pix.bin@192.168.1.2\n"
		     "tftp: timeout: no answer from 192.168.1.2\n");
	c->n.result = (struct mon_tftp_result){ .err = -EPROTO, .code = 9, .message = "" };
	assert_reply(c, "tftp",
		     "tftp pix.bin@192.168.1.2\n"
		     "tftp: unexpected TFTP packet from 192.168.1.2; transfer stopped\n");
	c->n.result =
		(struct mon_tftp_result){ .err = -EIO, .code = 10, .message = "disk on fire" };
	assert_reply(c, "tftp", "tftp pix.bin@192.168.1.2\ntftp: transfer error: disk on fire\n");
	c->n.result = (struct mon_tftp_result){
		.err = -E2BIG, .code = 10, .size = 100000000, .limit = 62914560, .message = ""
	};
	assert_reply(c, "tftp",
		     "tftp pix.bin@192.168.1.2\ntftp: pix.bin is 100000000 bytes, "
		     "more than the 62914560 bytes of RAM for downloads\n");
}

static void test_tftp_esc_aborts(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	c->n.n_events = 0;
	c->n.result.err = -EINPROGRESS; /* never ends by itself */
	fake_key_at(&c->f, c->f.now_ms + 50, 0x1b);
	assert_reply(c, "tftp", "tftp pix.bin@192.168.1.2\ntftp: aborted\n");
	assert_int_equal(c->n.aborts, 1);
}

static void test_tftp_needs_file_and_server(void **state)
{
	struct ctx *c = *state;

	run(c, "address 192.168.1.1");
	assert_reply(c, "tftp", "tftp: file not set (use: file <name>)\n");
	run(c, "file pix.bin");
	assert_reply(c, "tftp", "tftp: server not set (use: server <ip>)\n");
	assert_int_equal(c->n.ups, 0);
}

#define RECEIVED "tftp pix.bin@192.168.1.2...\nReceived 626688 bytes\n"
#define RECEIVED_0 "tftp pix.bin@192.168.1.2\nReceived 0 bytes\n"
#define NOT_PIX(file) file " is not a PIX image (no PIXIMAGE header): not installed\n"

/*
 * Runs tftp with @len bytes of @data as what arrived, calling the command itself (not through
 * the line editor) to see what it returns; the output is in c->f.out.
 */
static int tftp_download(struct ctx *c, const void *data, uint64_t len)
{
	char *argv[] = { "tftp", NULL };

	c->n.data = data;
	c->n.data_len = len;
	fake_clear_output(&c->f);
	return mon_cmd_tftp(&c->m, 1, argv);
}

static void test_tftp_wrong_magic_not_installed(void **state)
{
	static const char *const wrong[] = { "PIXIMAGe and more", "pixiimage", "XPIXIMAGE",
					     "\0IXIMAGE" };
	struct ctx *c = *state;
	size_t i;

	tftp_ready(c);
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		assert_int_equal(tftp_download(c, wrong[i], 9), 0); /* 9 bytes of each */
		assert_string_equal(c->f.out, RECEIVED NOT_PIX("pix.bin"));
	}
	run(c, "file /tftpboot/notes.txt"); /* the message names the file as set */
	assert_int_equal(tftp_download(c, wrong[0], 9), 0);
	assert_string_equal(c->f.out, "tftp /tftpboot/notes.txt@192.168.1.2...\n"
				      "Received 626688 bytes\n" NOT_PIX("/tftpboot/notes.txt"));
	assert_int_equal(c->f.flash.inspects, 0);
	assert_reply(c, "checksum", /* the download is still there */
		     "9 bytes, SHA-256 "
		     "93774eeabc28aa826098fe18ff56e4d8775b5dc71681364fd6d9ad0ab5b6051d\n");
}

static void test_tftp_shorter_than_magic_not_installed(void **state)
{
	struct ctx *c = *state;
	size_t len;

	tftp_ready(c);
	for (len = 1; len < 8; len++) { /* every prefix of the magic itself */
		assert_int_equal(tftp_download(c, "PIXIMAGE", len), 0);
		assert_string_equal(c->f.out, RECEIVED NOT_PIX("pix.bin"));
	}
	assert_int_equal(c->f.flash.inspects, 0);
}

static void test_tftp_empty_file_not_installed(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	c->n.result.bytes = 0;
	c->n.n_events = 0;
	assert_int_equal(tftp_download(c, "", 0), 0);
	assert_string_equal(c->f.out, RECEIVED_0 NOT_PIX("pix.bin"));
	assert_int_equal(c->f.flash.inspects, 0);
	assert_reply(c, "checksum",
		     "0 bytes, SHA-256 "
		     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
}

static void test_tftp_without_flash_says_nothing_more(void **state)
{
	struct ctx *c = *state;

	tftp_ready(c);
	assert_int_equal(tftp_download(c, "PIXIMAGe", 8), 0);
	assert_string_equal(c->f.out, RECEIVED);
	assert_int_equal(tftp_download(c, "", 0), 0);
	assert_string_equal(c->f.out, RECEIVED);
	assert_int_equal(tftp_download(c, "PIXIMAGE", 8), 0); /* nowhere to install it */
	assert_string_equal(c->f.out, RECEIVED);
	assert_int_equal(c->f.flash.inspects, 0);
}

static void test_tftp_pix_image_goes_to_install(void **state)
{
	static const char image[] = "PIXIMAGE\x01\0\0\0";
	struct ctx *c = *state;

	tftp_ready(c);
	assert_int_equal(tftp_download(c, image, sizeof(image)), -EINVAL);
	assert_string_equal(c->f.out, RECEIVED "\nPIX admin loader (3.0) #0: \n"
					       "Flash=AT29C040A @ 0xe0000000\n" FF_REFUSAL "\n"
					       "Image not installed\n");
	assert_int_equal(c->f.flash.inspects, 1);
	assert_int_equal(c->f.flash.len, sizeof(image));
	assert_int_equal(tftp_download(c, "PIXIMAGE", 8), -EINVAL); /* the magic alone */
	assert_int_equal(c->f.flash.inspects, 2);
	assert_int_equal(c->f.flash.len, 8);
	/* refused at inspect: nothing else was asked of the flash */
	assert_int_equal(c->f.flash.stores + c->f.flash.installs + c->f.flash.boots, 0);
}

static void test_checksum(void **state)
{
	struct ctx *c = *state;

	assert_reply(c, "checksum", "checksum: nothing downloaded yet (use: tftp)\n");
	c->n.data = (const uint8_t *)"abc";
	c->n.data_len = 3;
	assert_reply(c, "checksum",
		     "3 bytes, SHA-256 "
		     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
	c->n.data_len = 0;
	assert_reply(c, "checksum",
		     "0 bytes, SHA-256 "
		     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ping_all_answered, setup),
		cmocka_unit_test_setup(test_ping_timeouts_take_4_seconds_each, setup),
		cmocka_unit_test_setup(test_ping_esc_stops, setup),
		cmocka_unit_test_setup(test_ping_break_stops, setup),
		cmocka_unit_test_setup(test_ping_gateway_and_class_masks, setup),
		cmocka_unit_test_setup(test_ping_needs_address_and_driver, setup),
		cmocka_unit_test_setup(test_ping_interface_fails, setup),
		cmocka_unit_test_setup(test_using_line, setup),
		cmocka_unit_test_setup(test_tftp_received, setup),
		cmocka_unit_test_setup(test_tftp_trace_codes, setup),
		cmocka_unit_test_setup(test_tftp_via_gateway, setup),
		cmocka_unit_test_setup(test_tftp_failures_say_why, setup),
		cmocka_unit_test_setup(test_tftp_esc_aborts, setup),
		cmocka_unit_test_setup(test_tftp_needs_file_and_server, setup),
		cmocka_unit_test_setup(test_tftp_wrong_magic_not_installed, setup_flash),
		cmocka_unit_test_setup(test_tftp_shorter_than_magic_not_installed, setup_flash),
		cmocka_unit_test_setup(test_tftp_empty_file_not_installed, setup_flash),
		cmocka_unit_test_setup(test_tftp_without_flash_says_nothing_more, setup),
		cmocka_unit_test_setup(test_tftp_pix_image_goes_to_install, setup_flash),
		cmocka_unit_test_setup(test_checksum, setup),
	};

	return cmocka_run_group_tests_name("netcmds", tests, NULL, NULL);
}
