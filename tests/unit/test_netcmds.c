/* Unit tests of monitor/netcmds.c: ping on a fake network (scripted replies, fake clock). */
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
	c->net = (struct mon_net){ fnet_up,	 fnet_poll,  fnet_open, fnet_send,
				   fnet_replied, fnet_close, &c->n };
	c->f.plat.net = &c->net;
	mon_init(&c->m, &c->f.plat);
	*state = c;
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
	};

	return cmocka_run_group_tests_name("netcmds", tests, NULL, NULL);
}
