/*
 * Unit tests of os/failover.c: the failover commands, show failover, and the role state machine of
 * two units on a fake clock joined by a fake link (fake_os_link()), with a killed unit, a cut
 * cable, wrong and missing keys, replayed and malformed messages.
 */
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

#define KEY "s3cret-pair"
#define STEP_MS 100 /* the fake clock's step between polls */
#define POLL_S 3

/* Runs a line that must succeed; returns what it printed. */
static const char *ok(struct fake_os *o, const char *line)
{
	int r = fake_os_exec(o, line);

	if (r)
		fail_msg("'%s' returned %d and printed '%s'", line, r, fake_os_out(o));
	return fake_os_out(o);
}

/* Runs a line that must fail, printing exactly @msg and a newline, changing nothing. */
static void refused(struct fake_os *o, const char *line, const char *msg)
{
	static struct os_config before;
	char want[512];
	int r;

	memcpy(&before, &o->os.run, sizeof(before));
	r = fake_os_exec(o, line);
	snprintf(want, sizeof(want), "%s\n", msg);
	if (!r || strcmp(fake_os_out(o), want))
		fail_msg("'%s' returned %d and printed '%s', not '%s'", line, r, fake_os_out(o),
			 want);
	assert_memory_equal(&before, &o->os.run, sizeof(before));
}

/* A unit with three interfaces, ethernet2 named failover, in configuration mode; not started. */
static struct fake_os *unit(bool secondary, const char *key, unsigned int poll_s)
{
	struct fake_os *o = fake_os_new(3);
	char line[128];

	fake_os_link(o, NULL);
	if (secondary)
		o->id.serial = FAKE_OS_OTHER_SERIAL;
	fake_os_flash(o, 2, NULL);
	fake_os_start(o);
	fake_os_to_config(o);
	ok(o, "nameif ethernet2 failover security60");
	ok(o, "ip address inside 192.168.1.1 255.255.255.0");
	ok(o, "ip address failover 172.17.1.1 255.255.255.0");
	ok(o, "failover ip address inside 192.168.1.2");
	ok(o, "failover ip address failover 172.17.1.2");
	ok(o, secondary ? "failover lan unit secondary" : "failover lan unit primary");
	ok(o, "failover lan interface failover");
	if (key) {
		snprintf(line, sizeof(line), "failover lan key %s", key);
		ok(o, line);
	}
	snprintf(line, sizeof(line), "failover poll %u", poll_s);
	ok(o, line);
	ok(o, "failover lan enable");
	return o;
}

/* Turns failover on; it says so. */
static void start(struct fake_os *o)
{
	const char *out = ok(o, "failover");

	assert_non_null(strstr(out, o->os.run.fo.unit ? "%PIX-1-105002: (Secondary) Enabling "
							"failover.\n" :
							"%PIX-1-105002: (Primary) Enabling "
							"failover.\n"));
	assert_true(o->os.fo.running);
}

static void join(struct fake_os *a, struct fake_os *b)
{
	a->link.mate = b;
	b->link.mate = a;
}

/* Lets @ms pass on both units' clocks (either may be NULL: a dead unit), polling each step. */
static void run(struct fake_os *a, struct fake_os *b, uint64_t ms)
{
	uint64_t t;

	for (t = 0; t < ms; t += STEP_MS) {
		if (a) {
			a->f.now_ms += STEP_MS;
			os_fo_poll(&a->os, false);
		}
		if (b) {
			b->f.now_ms += STEP_MS;
			os_fo_poll(&b->os, false);
		}
	}
}

static uint8_t state(const struct fake_os *o)
{
	return o->os.fo.state;
}

/* A primary and a secondary with the same key, paired: the primary active. */
static void pair(struct fake_os **pa, struct fake_os **pb)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(true, KEY, POLL_S);

	join(a, b);
	start(a);
	start(b);
	run(a, b, 1000);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_true(a->os.fo.mate);
	assert_true(b->os.fo.mate);
	*pa = a;
	*pb = b;
}

static void test_commands_and_their_text(void **st)
{
	struct fake_os *o = unit(false, KEY, 5);
	char text[4096];

	(void)st;
	refused(o, "failover poll 2",
		"ERROR: failover poll: '2' is not a number of seconds from 3 to 15");
	refused(o, "failover poll 16",
		"ERROR: failover poll: '16' is not a number of seconds from 3 to 15");
	refused(o, "failover poll 1x",
		"ERROR: failover poll: '1x' is not a number of seconds from 3 to 15");
	refused(o, "failover poll 99999999999999999999",
		"ERROR: failover poll: '99999999999999999999' is not a number of seconds from 3 to "
		"15");
	refused(o, "failover lan interface dmz",
		"ERROR: failover lan interface: no interface named 'dmz'");
	refused(o, "failover ip address dmz 10.0.0.1",
		"ERROR: failover ip address: no interface named 'dmz'");
	refused(o, "failover ip address inside 10.0.0",
		"ERROR: failover ip address: '10.0.0' is not a unicast host address");
	refused(o, "failover ip address inside 224.0.0.1",
		"ERROR: failover ip address: '224.0.0.1' is not a unicast host address");
	refused(o, "failover lan unit tertiary",
		"ERROR: failover lan unit: 'tertiary' is neither primary nor secondary");
	refused(o,
		"failover lan key 0123456789012345678901234567890123456789012345678901234567890123",
		"ERROR: failover lan key: the key is 1 to 63 characters");
	refused(o, "failover active",
		"ERROR: failover active: failover is not running (failover, failover lan ...)");
	refused(o, "failover reset",
		"ERROR: failover reset: failover is not running (failover, failover lan ...)");
	assert_int_equal(os_config_write(&o->os, &o->os.run, text, sizeof(text)) > 0, true);
	assert_non_null(strstr(text, "no failover\n"
				     "failover poll 5\n"
				     "failover ip address outside 0.0.0.0\n"
				     "failover ip address inside 192.168.1.2\n"
				     "failover ip address failover 172.17.1.2\n"
				     "failover lan unit primary\n"
				     "failover lan interface failover\n"
				     "failover lan key " KEY "\n"
				     "failover lan enable\n"));
	/* the text applies to a unit with nothing set and gives the same configuration */
	{
		struct fake_os *p = fake_os_new(3);

		fake_os_link(p, NULL);
		fake_os_start(p);
		assert_int_equal(os_config_apply(&p->os, text, strlen(text), "config"), 0);
		assert_memory_equal(&p->os.run.fo, &o->os.run.fo, sizeof(o->os.run.fo));
		fake_os_free(p);
	}
	fake_os_free(o);
}

static void test_defaults_write_nothing(void **st)
{
	struct fake_os *o = fake_os_new(3);
	char text[4096];

	(void)st;
	fake_os_start(o);
	assert_int_equal(os_config_write(&o->os, &o->os.run, text, sizeof(text)) > 0, true);
	assert_null(strstr(text, "failover"));
	fake_os_free(o);
}

static void test_unlicensed_unit_refuses(void **st)
{
	struct fake_os *o = fake_os_new(3);

	(void)st;
	fake_os_running_key(o, &fake_os_key_small);
	fake_os_link(o, NULL);
	fake_os_start(o);
	fake_os_to_config(o);
	refused(o, "failover",
		"ERROR: failover: failover is not licensed on this unit (activation-key)");
	ok(o, "nameif ethernet2 failover security60");
	ok(o, "failover lan interface failover");
	refused(o, "failover lan enable",
		"ERROR: failover lan enable: failover is not licensed on this unit "
		"(activation-key)");
	fake_os_free(o);
}

static void test_enable_needs_an_interface(void **st)
{
	struct fake_os *o = fake_os_new(3);

	(void)st;
	fake_os_link(o, NULL);
	fake_os_start(o);
	fake_os_to_config(o);
	refused(o, "failover lan enable",
		"ERROR: failover lan enable: set the failover lan interface first");
	fake_os_free(o);
}

static void test_pair_elects_the_primary(void **st)
{
	struct fake_os *a, *b;
	const char *out;

	(void)st;
	pair(&a, &b);
	assert_non_null(strstr(fake_os_out(a), "%PIX-1-104001: (Primary) Switching to ACTIVE "
					       "(cause: No Active unit "
					       "found).\n"));
	assert_non_null(strstr(fake_os_out(b), "%PIX-1-104002: (Secondary) Switching to STNDBY "
					       "(cause: Other unit wants me Standby).\n"));
	out = ok(a, "show failover");
	assert_non_null(strstr(out, "Failover On\n"
				    "Cable status: N/A - LAN-based failover enabled\n"
				    "Reconnect timeout 0:00:00\n"
				    "Poll frequency 3 seconds\n"
				    "\tThis host: Primary - Active\n"
				    "\t\tActive time: 0 (sec)\n"
				    "\t\tInterface outside (0.0.0.0): Normal\n"
				    "\t\tInterface inside (192.168.1.1): Normal\n"
				    "\tOther host: Secondary - Standby\n"
				    "\t\tActive time: 0 (sec)\n"
				    "\t\tInterface outside (0.0.0.0): Normal\n"
				    "\t\tInterface inside (192.168.1.2): Normal\n"
				    "\nLAN-based Failover is Active\n"
				    "\tinterface failover (172.17.1.1): Normal, peer (172.17.1.2): "
				    "Normal\n"));
	out = ok(b, "show failover");
	assert_non_null(strstr(out, "\tThis host: Secondary - Standby\n"));
	assert_non_null(strstr(out, "\t\tInterface inside (192.168.1.2): Normal\n"));
	assert_non_null(strstr(out, "\tOther host: Primary - Active\n"));
	assert_non_null(strstr(out, "\tinterface failover (172.17.1.2): Normal, peer "
				    "(172.17.1.1)"));
	/* active time counts on the active unit and reaches the mate with the hellos */
	run(a, b, 10000);
	out = ok(b, "show failover");
	assert_non_null(strstr(out, "\tOther host: Primary - Active\n\t\tActive time: 9 (sec)\n"));
	/* the standby refuses configuration, not failover's own commands */
	refused(b, "hostname other",
		"ERROR: this unit is the failover standby; configure the active unit (the "
		"configuration comes from it)");
	refused(b, "configure memory",
		"ERROR: this unit is the failover standby; configure the active unit (the "
		"configuration comes from it)");
	refused(b, "configure net 10.0.0.1:/pix.cfg",
		"ERROR: this unit is the failover standby; configure the active unit (the "
		"configuration comes from it)");
	ok(b, "failover poll 4");
	ok(b, "configure terminal");
	ok(a, "hostname active");
	fake_os_free(a);
	fake_os_free(b);
}

static void test_standby_takes_over_when_the_active_dies(void **st)
{
	struct fake_os *a, *b, *a2;

	(void)st;
	pair(&a, &b);
	fake_os_clear(b);
	/* a is killed: b hears nothing; within 3 polls (+ one step) it is active */
	run(NULL, b, 3 * POLL_S * 1000 - 1000);
	assert_int_equal(state(b), FO_ST_STANDBY);
	run(NULL, b, 1000 + STEP_MS);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	assert_string_equal(fake_os_out(b), "%PIX-1-105005: (Secondary) Lost Failover "
					    "communications with mate on "
					    "interface failover.\n"
					    "%PIX-1-104001: (Secondary) Switching to ACTIVE "
					    "(cause: Other unit "
					    "failed).\n");
	/* the old primary comes back (a new boot, a new nonce) and stands by */
	a2 = unit(false, KEY, POLL_S);
	a2->f.now_ms = b->f.now_ms;
	fake_os_clear(b);
	join(a2, b);
	start(a2);
	run(a2, b, 1000);
	assert_int_equal(state(a2), FO_ST_STANDBY);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	assert_non_null(strstr(fake_os_out(a2), "%PIX-1-104002: (Primary) Switching to STNDBY "
						"(cause: Other unit wants me Standby).\n"));
	assert_null(strstr(fake_os_out(b), "Switching"));
	fake_os_free(a);
	fake_os_free(a2);
	fake_os_free(b);
}

static void test_a_split_heals_to_the_primary(void **st)
{
	struct fake_os *a, *b;

	(void)st;
	pair(&a, &b);
	a->link.down = true; /* the cable out at a's end */
	run(a, b, 3 * POLL_S * 1000 + 1000);
	assert_non_null(strstr(fake_os_out(a), "%PIX-1-101003: (Primary) Failover cable not "
					       "connected (this unit).\n"));
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	assert_false(b->os.fo.mate);
	fake_os_clear(a);
	fake_os_clear(b);
	a->link.down = false;
	run(a, b, 2 * POLL_S * 1000);
	assert_non_null(strstr(fake_os_out(a), "%PIX-1-101001: (Primary) Failover cable OK.\n"));
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_non_null(strstr(fake_os_out(b), "Switching to STNDBY"));
	fake_os_free(a);
	fake_os_free(b);
}

static void test_failover_active_moves_the_role(void **st)
{
	struct fake_os *a, *b;

	(void)st;
	pair(&a, &b);
	ok(b, "failover active");
	run(a, b, 500);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	assert_int_equal(state(a), FO_ST_STANDBY);
	assert_non_null(strstr(fake_os_out(b), "%PIX-1-104001: (Secondary) Switching to ACTIVE "
					       "(cause: Set by the CI config cmd).\n"));
	ok(b, "no failover active");
	run(a, b, 500);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	/* stays so across many polls */
	run(a, b, 10 * POLL_S * 1000);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	ok(a, "failover reset");
	fake_os_free(a);
	fake_os_free(b);
}

static void test_no_failover_disables(void **st)
{
	struct fake_os *a, *b;
	const char *out;

	(void)st;
	pair(&a, &b);
	out = ok(a, "no failover");
	assert_string_equal(out, "%PIX-1-105001: (Primary) Disabling failover.\n");
	assert_false(a->os.fo.running);
	run(a, b, 3 * POLL_S * 1000 + 1000);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	refused(a, "failover active",
		"ERROR: failover active: failover is not running (failover, failover lan ...)");
	out = ok(a, "show failover");
	assert_string_equal(out, "Failover Off\n"
				 "Cable status: N/A - LAN-based failover enabled\n"
				 "Reconnect timeout 0:00:00\n"
				 "Poll frequency 3 seconds\n");
	fake_os_free(a);
	fake_os_free(b);
}

/* Two units that cannot pair: each complains once, neither acts on the other. */
static void not_mates(const char *ka, const char *kb, const char *say_a, const char *say_b)
{
	struct fake_os *a = unit(false, ka, POLL_S), *b = unit(true, kb, POLL_S);

	join(a, b);
	start(a);
	start(b);
	run(a, b, 3 * POLL_S * 1000 + 3000);
	assert_false(a->os.fo.mate);
	assert_false(b->os.fo.mate);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_ACTIVE);
	assert_non_null(strstr(fake_os_out(a), say_a));
	assert_non_null(strstr(fake_os_out(b), say_b));
	/* said once, though many hellos came */
	assert_null(strstr(strstr(fake_os_out(a), say_a) + 1, say_a));
	assert_true(a->os.fo.rejected > 3);
	fake_os_free(a);
	fake_os_free(b);
}

static void test_another_key_is_not_a_mate(void **st)
{
	(void)st;
	not_mates(KEY, "another",
		  "Failover: a message on interface failover failed authentication "
		  "(another failover lan key); it is not a mate\n",
		  "Failover: a message on interface failover failed authentication (another "
		  "failover lan key); it is not a mate\n");
}

static void test_no_key_on_one_side_is_not_a_mate(void **st)
{
	(void)st;
	not_mates(KEY, NULL,
		  "Failover: the unit on interface failover has no failover lan key; it is not a "
		  "mate\n",
		  "Failover: the unit on interface failover uses a failover lan key and this unit "
		  "has none; it is not a mate\n");
}

static void test_two_units_without_a_key_pair(void **st)
{
	struct fake_os *a = unit(false, NULL, POLL_S), *b = unit(true, NULL, POLL_S);

	(void)st;
	join(a, b);
	start(a);
	start(b);
	run(a, b, 1000);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	fake_os_free(a);
	fake_os_free(b);
}

static void test_two_primaries_are_not_mates(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(false, KEY, POLL_S);

	(void)st;
	join(a, b);
	start(a);
	start(b);
	run(a, b, 3 * POLL_S * 1000 + 1000);
	assert_non_null(strstr(fake_os_out(a), "Failover: the unit on interface failover is also "
					       "the Primary unit; it is not a mate (failover lan "
					       "unit)\n"));
	assert_false(a->os.fo.mate);
	fake_os_free(a);
	fake_os_free(b);
}

static void test_replayed_messages_are_dropped(void **st)
{
	struct fake_os *a, *b, *b2;
	uint8_t old[FAKE_LINK_FRAME];
	size_t old_len;

	(void)st;
	pair(&a, &b);
	/* a hello of b's, sent again in the same boot */
	memcpy(old, b->link.last, b->link.last_len);
	old_len = b->link.last_len;
	run(a, b, POLL_S * 1000);
	fake_os_clear(a);
	fake_os_deliver(a, old, old_len);
	run(a, b, STEP_MS);
	assert_int_equal(a->os.fo.replayed, 1);
	assert_string_equal(fake_os_out(a), "Failover: a replayed message on interface failover "
					    "was dropped\n");
	/* b dies; its recorded hello, played to a, does not bring the mate back */
	b->link.mate = NULL;
	run(a, NULL, 3 * POLL_S * 1000 + 1000);
	assert_false(a->os.fo.mate);
	fake_os_deliver(a, old, old_len);
	run(a, NULL, 2000);
	assert_false(a->os.fo.mate);
	/* a new boot of b pairs again (its hello echoes a's nonce after a answered it) */
	b2 = unit(true, KEY, POLL_S);
	b2->f.now_ms = a->f.now_ms;
	join(a, b2);
	start(b2);
	run(a, b2, 1000);
	assert_true(a->os.fo.mate);
	assert_int_equal(state(b2), FO_ST_STANDBY);
	fake_os_free(a);
	fake_os_free(b);
	fake_os_free(b2);
}

static void test_malformed_frames_are_counted(void **st)
{
	struct fake_os *a, *b;
	uint8_t f[FAKE_LINK_FRAME];
	size_t len, i;
	uint32_t before;

	(void)st;
	pair(&a, &b);
	memcpy(f, b->link.last, b->link.last_len);
	len = b->link.last_len;
	before = a->os.fo.malformed + a->os.fo.rejected;
	for (i = 0; i < len; i += 7) {
		f[i] ^= 0x41;
		fake_os_deliver(a, f, len);
		f[i] ^= 0x41;
		run(a, b, STEP_MS);
	}
	fake_os_deliver(a, f, 20); /* truncated */
	run(a, b, STEP_MS);
	assert_true(a->os.fo.malformed + a->os.fo.rejected > before);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_true(a->os.fo.mate);
	fake_os_free(a);
	fake_os_free(b);
}

static void test_versions_differ(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(true, KEY, POLL_S);

	(void)st;
	b->os.id.version = (struct img_version){ 6, 3, 4 };
	join(a, b);
	start(a);
	start(b);
	run(a, b, 1000);
	assert_non_null(strstr(fake_os_out(a), "Mate version 6.3(4) is not identical with ours "
					       "6.3(5)\n"));
	assert_non_null(strstr(fake_os_out(b), "Mate version 6.3(5) is not identical with ours "
					       "6.3(4)\n"));
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	fake_os_free(a);
	fake_os_free(b);
}

static void test_no_random_source(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S);

	(void)st;
	a->link.no_random = true;
	assert_int_equal(fake_os_exec(a, "failover"), 0);
	assert_string_equal(fake_os_out(a), "ERROR: failover: no hardware random source (RDRAND); "
					    "failover "
					    "messages cannot be protected against replay\n");
	assert_false(a->os.fo.running);
	run(a, NULL, 1000);
	assert_int_equal(a->link.sent, 0);
	fake_os_free(a);
}

static void test_link_that_does_not_open(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S);

	(void)st;
	a->link.open_err = -EIO;
	assert_int_equal(fake_os_exec(a, "failover"), 0);
	assert_string_equal(fake_os_out(a), "ERROR: failover: interface failover did not start "
					    "(error -5)\n");
	assert_false(a->os.fo.running);
	run(a, NULL, 1000);
	assert_int_equal(a->link.opens, 1); /* not tried again until a failover command */
	a->link.open_err = 0;
	ok(a, "failover poll 3");
	assert_true(a->os.fo.running);
	fake_os_free(a);
}

static void test_alone_it_becomes_active(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S);

	(void)st;
	start(a);
	run(a, NULL, 3 * POLL_S * 1000 - 1000);
	assert_int_equal(state(a), FO_ST_NEGOTIATING);
	run(a, NULL, 1000 + STEP_MS);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	/* hellos at the poll interval: at the start, 3 s and 6 s, and on becoming active */
	assert_int_equal(a->link.sent, 1 + 2 + 1);
	refused(a, "failover lan interface inside",
		"ERROR: failover lan interface: cannot change while failover runs (no failover "
		"first)");
	refused(a, "failover lan unit secondary",
		"ERROR: failover lan unit: cannot change while failover runs (no failover first)");
	fake_os_free(a);
}

/* The configuration stored in a unit's flash. */
static const char *stored(struct fake_os *o)
{
	static char text[OS_CONFIG_TEXT_MAX + 1];
	struct layout_config_info info;
	assert_int_equal(layout_read_config(o->plat.flash.f, text, sizeof(text) - 1, &info), 0);
	text[info.text_len] = '\0';
	return text;
}

static void test_replication_on_pairing_and_write_memory(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(true, KEY, POLL_S);

	(void)st;
	ok(a, "hostname alpha");
	ok(b, "hostname beta");
	ok(b, "route inside 10.9.0.0 255.255.0.0 192.168.1.254 1");
	join(a, b);
	start(a);
	start(b);
	run(a, b, 1000);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_non_null(strstr(fake_os_out(a), "Beginning configuration replication: Sending to "
					       "mate.\nEnd Configuration Replication to mate\n"));
	assert_non_null(strstr(fake_os_out(b), "Beginning configuration replication from mate.\n"
					       "End configuration replication from mate.\n"));
	/* the active's configuration in place of the standby's, its own failover lan settings kept */
	assert_string_equal(b->os.run.hostname, "alpha");
	assert_false(b->os.run.routes[0].used);
	assert_int_equal(b->os.run.fo.unit, FO_UNIT_SECONDARY);
	assert_non_null(strstr(stored(b), "hostname alpha\n"));
	assert_non_null(strstr(stored(b), "failover lan unit secondary\n"));
	/* write memory on the active reaches the standby; nothing again until then */
	fake_os_clear(b);
	ok(a, "name 10.1.1.1 server1");
	run(a, b, 3 * POLL_S * 1000);
	assert_null(strstr(fake_os_out(b), "replication"));
	assert_false(b->os.run.names[0].used);
	a->link.drop_every = 3; /* and a lossy link */
	ok(a, "write memory");
	run(a, b, 2000);
	assert_non_null(strstr(fake_os_out(b), "End configuration replication from mate.\n"));
	assert_true(b->os.run.names[0].used);
	assert_non_null(strstr(stored(b), "name 10.1.1.1 server1\n"));
	assert_int_equal(b->os.fo.generation, a->os.fo.generation);
	fake_os_free(a);
	fake_os_free(b);
}

/* The replicated text crosses the link in clear: the key that authenticates the link stays off it. */
static void test_replication_leaves_the_key_out(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(true, KEY, POLL_S);

	(void)st;
	ok(a, "hostname alpha");
	a->link.watch = KEY;
	join(a, b);
	start(a);
	start(b);
	run(a, b, 1000);
	assert_non_null(strstr(fake_os_out(b), "End configuration replication from mate.\n"));
	ok(a, "write memory");
	run(a, b, 1000);
	assert_int_equal(b->os.fo.generation, a->os.fo.generation);
	assert_int_equal(a->link.watched, 0);
	/* both keep their key: the active's is back after each text, the standby never took one */
	assert_string_equal(a->os.run.fo.key, KEY);
	assert_string_equal(b->os.run.fo.key, KEY);
	assert_string_equal(b->os.run.hostname, "alpha");
	assert_non_null(strstr(stored(a), "failover lan key " KEY "\n"));
	assert_non_null(strstr(stored(b), "failover lan key " KEY "\n"));
	fake_os_free(a);
	fake_os_free(b);
}

static void test_no_replication_between_versions(void **st)
{
	struct fake_os *a = unit(false, KEY, POLL_S), *b = unit(true, KEY, POLL_S);

	(void)st;
	b->os.id.version = (struct img_version){ 6, 3, 4 };
	ok(a, "hostname alpha");
	ok(b, "hostname beta");
	join(a, b);
	start(a);
	start(b);
	run(a, b, 2 * POLL_S * 1000);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_non_null(strstr(fake_os_out(a), "Failover: configuration replication refused: mate "
					       "version 6.3(4) is not identical with ours "
					       "6.3(5)\n"));
	assert_null(strstr(fake_os_out(b), "replication"));
	assert_string_equal(b->os.run.hostname, "beta");
	ok(a, "write memory");
	run(a, b, 1000);
	assert_string_equal(b->os.run.hostname, "beta");
	fake_os_free(a);
	fake_os_free(b);
}

static void test_replication_to_a_silent_standby_gives_up(void **st)
{
	struct fake_os *a, *b;

	(void)st;
	pair(&a, &b);
	fake_os_clear(a);
	b->link.down = true;
	ok(a, "write memory");
	run(a, b, 3 * POLL_S * 1000 + 1000);
	assert_non_null(strstr(fake_os_out(a), "Beginning configuration replication: Sending to "
					       "mate.\n"));
	assert_non_null(strstr(fake_os_out(a), "%PIX-1-105005"));
	assert_false(a->os.fo.tx_busy);
	fake_os_free(a);
	fake_os_free(b);
}

/*
 * A flash write that outlasts the mate's patience: every WRITE_STEP bus writes of the writing unit's
 * flash, both units' clocks move one step and the mate polls, as if it ran beside the write. At
 * the AT29C040A's 10 ms sector cycle a full image slot takes longer to write than 3 poll intervals
 * of 3 s.
 */
#define WRITE_STEP 1024
#define BIG_IMAGE_BYTES (200 * 1024) /* about 200 steps of STEP_MS: 20 s on the fake clocks */

struct slow_write {
	struct fake_os *writer, *mate;
	uint64_t writes;
	void (*at_step)(struct slow_write *w, unsigned int step); /* or NULL */
	unsigned int steps;
};

static void slow_write_tick(void *ctx, uint32_t off, uint8_t v)
{
	struct slow_write *w = ctx;

	(void)off;
	(void)v;
	if (++w->writes % WRITE_STEP)
		return;
	w->writer->f.now_ms += STEP_MS;
	w->mate->f.now_ms += STEP_MS;
	os_fo_poll(&w->mate->os, false);
	if (w->at_step)
		w->at_step(w, w->steps);
	w->steps++;
}

/* @w->writer installs a large image as copy does, with @w's clock on its flash; returns the
 * milliseconds the write took on its clock. */
static uint64_t slow_install(struct slow_write *w)
{
	struct fake_os *o = w->writer;
	uint64_t t0 = o->f.now_ms;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(6)", BIG_IMAGE_BYTES, 7, &len);
	struct layout_image im;

	o->sim.on_write = slow_write_tick;
	o->sim.on_write_ctx = w;
	assert_int_equal(os_install(&o->os, img, len, OS_DST_IMAGE, "big.bin"), 0);
	o->sim.on_write = NULL;
	free(img);
	assert_int_equal(layout_find_boot_image(o->plat.flash.f, &im), 0);
	assert_int_equal(im.info.version.maint, 6);
	return o->f.now_ms - t0;
}

/* The active writes an image for longer than the standby waits for hellos: it keeps talking. */
static void test_an_image_write_keeps_the_mate(void **st)
{
	struct fake_os *a, *b;
	struct slow_write w;

	(void)st;
	pair(&a, &b);
	fake_os_clear(b);
	w = (struct slow_write){ a, b, 0, NULL, 0 };
	assert_true(slow_install(&w) > 3 * POLL_S * 1000 + 2000);
	assert_null(strstr(fake_os_out(b), "%PIX-1-105005"));
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	run(a, b, 3 * POLL_S * 1000);
	assert_null(strstr(fake_os_out(a), "%PIX-1-105005"));
	assert_int_equal(state(b), FO_ST_STANDBY);
	fake_os_free(a);
	fake_os_free(b);
}

/* The active's write memory, once the standby's image write is under way. */
static void write_memory_on_mate(struct slow_write *w, unsigned int step)
{
	if (step == 10)
		ok(w->mate, "write memory");
}

/*
 * The standby writes an image while the active replicates: it takes the configuration, and
 * applies and stores it once its own flash write is over (the flash does one thing at a time).
 */
static void test_a_replication_during_an_image_write_waits_for_it(void **st)
{
	struct fake_os *a, *b;
	struct slow_write w;

	(void)st;
	pair(&a, &b);
	ok(a, "name 10.1.1.1 server1");
	fake_os_clear(a);
	fake_os_clear(b);
	w = (struct slow_write){ b, a, 0, write_memory_on_mate, 0 };
	assert_true(slow_install(&w) > 3 * POLL_S * 1000 + 2000);
	assert_int_equal(state(a), FO_ST_ACTIVE);
	assert_int_equal(state(b), FO_ST_STANDBY);
	assert_null(strstr(fake_os_out(a), "%PIX-1-105005"));
	/* the whole text arrived, once; nothing is applied or stored yet */
	assert_non_null(strstr(fake_os_out(a), "End Configuration Replication to mate\n"));
	assert_ptr_equal(strstr(fake_os_out(a), "Beginning configuration replication"),
			 strstr(fake_os_out(a), "Beginning configuration replication: Sending to "
						"mate.\nEnd Configuration"));
	assert_non_null(strstr(fake_os_out(b), "Beginning configuration replication from mate.\n"));
	assert_null(strstr(fake_os_out(b), "End configuration replication from mate.\n"));
	assert_false(b->os.run.names[0].used);
	assert_null(strstr(stored(b), "name 10.1.1.1 server1\n"));
	/* the write over, the next poll applies and stores it */
	run(a, b, STEP_MS);
	assert_non_null(strstr(fake_os_out(b), "End configuration replication from mate.\n"));
	assert_true(b->os.run.names[0].used);
	assert_non_null(strstr(stored(b), "name 10.1.1.1 server1\n"));
	/* and the active has nothing more to send */
	fake_os_clear(a);
	run(a, b, 2 * POLL_S * 1000);
	assert_null(strstr(fake_os_out(a), "replication"));
	fake_os_free(a);
	fake_os_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_and_their_text),
		cmocka_unit_test(test_defaults_write_nothing),
		cmocka_unit_test(test_unlicensed_unit_refuses),
		cmocka_unit_test(test_enable_needs_an_interface),
		cmocka_unit_test(test_pair_elects_the_primary),
		cmocka_unit_test(test_standby_takes_over_when_the_active_dies),
		cmocka_unit_test(test_a_split_heals_to_the_primary),
		cmocka_unit_test(test_failover_active_moves_the_role),
		cmocka_unit_test(test_no_failover_disables),
		cmocka_unit_test(test_another_key_is_not_a_mate),
		cmocka_unit_test(test_no_key_on_one_side_is_not_a_mate),
		cmocka_unit_test(test_two_units_without_a_key_pair),
		cmocka_unit_test(test_two_primaries_are_not_mates),
		cmocka_unit_test(test_replayed_messages_are_dropped),
		cmocka_unit_test(test_malformed_frames_are_counted),
		cmocka_unit_test(test_versions_differ),
		cmocka_unit_test(test_no_random_source),
		cmocka_unit_test(test_link_that_does_not_open),
		cmocka_unit_test(test_alone_it_becomes_active),
		cmocka_unit_test(test_replication_on_pairing_and_write_memory),
		cmocka_unit_test(test_replication_leaves_the_key_out),
		cmocka_unit_test(test_no_replication_between_versions),
		cmocka_unit_test(test_replication_to_a_silent_standby_gives_up),
		cmocka_unit_test(test_an_image_write_keeps_the_mate),
		cmocka_unit_test(test_a_replication_during_an_image_write_waits_for_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
