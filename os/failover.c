/* Failover pairs: PIX 6.3's LAN-based failover commands, show failover and the role election. */
/*
 * Two units are joined by one dedicated interface each (failover lan interface). Over it they
 * exchange messages authenticated with the failover lan key (net/fo_frame.h: HMAC-SHA-256, a
 * per-boot nonce and sequence numbers against replay): a hello every poll interval (failover
 * poll) carrying the unit's role, state, software version and active time.
 *
 * Election, as PIX: a unit that starts negotiates for OS_FO_MISSED poll intervals; it becomes
 * standby when its mate is active, active when its mate is standby or failed, and when both
 * negotiate the primary becomes active. A unit that hears nothing for the whole time becomes
 * active on its own. A standby that hears nothing from its mate for OS_FO_MISSED intervals takes
 * over. Once they can talk there is never more than one active unit: of two actives the
 * secondary gives way. `failover active` takes the active role (the mate is told to stand by),
 * `no failover active` hands it over.
 *
 * A unit writing an image into flash (copy ... flash) keeps talking: the write's progress polls
 * failover, since writing a large image can take longer than 3 poll intervals at the AT29C040A's
 * sector cycle and the mate would otherwise take the unit for dead. Failover does not write the
 * flash meanwhile: a standby that receives the active's configuration during the write applies
 * and stores it at the first poll after the write.
 *
 * The console messages are PIX's (%PIX-1-1010xx..1050xx, reference/pix-os-texts.md); what PIX
 * never printed (a mate with another key, a replayed message) is the project's wording, said once
 * until the situation changes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lineedit.h"
#include "mbedtls/platform_util.h"
#include "os.h"
#include "parse.h"

#define OS_FO_POLL_MIN 3
#define OS_FO_POLL_MAX 15
#define OS_FO_MISSED 3 /* poll intervals without a hello from the mate: it is gone */
#define OS_FO_REPLY_MS 500 /* at most one answer to an unproven message per this */
#define OS_FO_RX_BURST 16 /* frames read per poll */
#define OS_FO_WINDOW 8 /* configuration chunks sent ahead of the standby's acknowledgement */
#define OS_FO_RESEND_MS 300 /* chunks not acknowledged by then are sent again */
#define OS_MS_PER_S 1000u

static void os_fo_serve(struct os *os);

static const uint8_t os_fo_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Complaints about the link, said once each (os_fo.said). */
enum os_fo_said {
	OS_FO_SAID_NONE,
	OS_FO_SAID_NOKEY_MATE,
	OS_FO_SAID_NOKEY_US,
	OS_FO_SAID_BADKEY,
	OS_FO_SAID_VERSION,
	OS_FO_SAID_REPLAY,
	OS_FO_SAID_SAMEUNIT,
	OS_FO_SAID_NOREPL,
};

/**
 * os_fo_defaults() - Failover settings of a unit with nothing stored: off, primary, poll 15.
 * @c: the settings
 */
void os_fo_defaults(struct os_failover_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->lan_if = -1;
	c->unit = FO_UNIT_PRIMARY;
	c->poll_s = OS_FO_POLL_DEFAULT;
}

static const char *os_fo_unit_name(uint8_t unit)
{
	return unit == FO_UNIT_SECONDARY ? "Secondary" : "Primary";
}

static const char *os_fo_state_name(uint8_t st)
{
	switch (st) {
	case FO_ST_ACTIVE:
		return "Active";
	case FO_ST_STANDBY:
		return "Standby";
	case FO_ST_NEGOTIATING:
		return "Negotiation";
	case FO_ST_FAILED:
		return "Failed";
	default:
		return "Disabled";
	}
}

static uint64_t os_fo_now(const struct os *os)
{
	return os->plat->now_ms(os->plat->ctx);
}

static uint64_t os_fo_poll_ms(const struct os *os)
{
	return (uint64_t)os->run.fo.poll_s * OS_MS_PER_S;
}

/* Prints one console message of failover on its own line. */
__attribute__((format(printf, 2, 3))) static void os_fo_say(struct os *os, const char *fmt, ...)
{
	char buf[MON_PRINTF_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (os->fo.at_prompt)
		mon_puts(os->plat->con, "\n");
	mon_printf(os->plat->con, "%s\n", buf);
	if (os->fo.at_prompt) {
		os_prompt(os);
		mon_line_redraw(&os->line, os->plat->con);
	}
}

/* Says a complaint about the link once, until another one (or none) replaces it. */
__attribute__((format(printf, 3, 4))) static void os_fo_complain(struct os *os, int what,
								 const char *fmt, ...)
{
	char buf[MON_PRINTF_MAX];
	va_list ap;

	if (os->fo.said == what)
		return;
	os->fo.said = what;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	os_fo_say(os, "%s", buf);
}

static const char *os_fo_me(const struct os *os)
{
	return os_fo_unit_name(os->run.fo.unit);
}

static const char *os_fo_link_name(const struct os *os)
{
	return os->run.ifs[os->fo.link_if].name;
}

/* This unit's and the mate's addresses on the link: the primary has ip address, the secondary
 * failover ip address. */
static uint32_t os_fo_link_ip(const struct os *os, uint8_t unit)
{
	unsigned int i = os->fo.link_if;

	return unit == FO_UNIT_PRIMARY ? os->run.ifs[i].addr : os->run.fo.addr[i];
}

static size_t os_fo_key_len(const struct os *os)
{
	return strlen(os->run.fo.key);
}

/* Sends one message to the mate (broadcast until its address is known). */
static void os_fo_send(struct os *os, struct fo_msg *m)
{
	const struct os_link_ops *l = os->plat->link;
	struct os_fo *fo = &os->fo;
	struct fo_addr src, dst;
	uint8_t other = os->run.fo.unit == FO_UNIT_PRIMARY ? FO_UNIT_SECONDARY : FO_UNIT_PRIMARY;
	int n;

	memcpy(src.mac, fo->mac, sizeof(src.mac));
	src.ip = os_fo_link_ip(os, os->run.fo.unit);
	memcpy(dst.mac, fo->mate ? fo->mate_mac : os_fo_broadcast, sizeof(dst.mac));
	dst.ip = os_fo_link_ip(os, other);
	m->flags = os_fo_key_len(os) ? FO_F_KEYED : 0;
	m->nonce = fo->nonce;
	m->echo = fo->heard;
	m->seq = ++fo->seq;
	n = fo_frame_build(fo->frame, sizeof(fo->frame), &src, &dst, m,
			   (const uint8_t *)os->run.fo.key, os_fo_key_len(os));
	if (n > 0 && !l->send(l->ctx, fo->link_if, fo->frame, (size_t)n))
		fo->sent++;
}

static uint32_t os_fo_active_s(const struct os *os, uint64_t now)
{
	const struct os_fo *fo = &os->fo;
	uint64_t ms = fo->active_ms;

	if (fo->state == FO_ST_ACTIVE)
		ms += now - fo->active_since_ms;
	return (uint32_t)(ms / OS_MS_PER_S);
}

static void os_fo_hello(struct os *os, uint64_t now)
{
	const struct img_version *v = &os->id.version;
	struct fo_msg m;

	memset(&m, 0, sizeof(m));
	m.type = FO_HELLO;
	m.u.hello.unit = os->run.fo.unit;
	m.u.hello.state = os->fo.state;
	m.u.hello.poll_s = os->run.fo.poll_s;
	m.u.hello.ver_major = (uint8_t)v->major;
	m.u.hello.ver_minor = (uint8_t)v->minor;
	m.u.hello.ver_maint = (uint8_t)v->maint;
	m.u.hello.active_s = os_fo_active_s(os, now);
	m.u.hello.generation = os->fo.generation;
	os_fo_send(os, &m);
	os->fo.next_hello_ms = now + os_fo_poll_ms(os);
}

/* Takes a role; says so when it is active or standby, and tells the mate at once. */
static void os_fo_become(struct os *os, uint8_t st, const char *cause, uint64_t now)
{
	struct os_fo *fo = &os->fo;

	if (fo->state == st)
		return;
	if (fo->state == FO_ST_ACTIVE)
		fo->active_ms += now - fo->active_since_ms;
	if (st == FO_ST_ACTIVE) {
		fo->active_since_ms = now;
		if (!fo->generation)
			fo->generation = 1; /* what the standby has not applied yet */
	}
	if (st != FO_ST_ACTIVE)
		fo->tx_busy = false;
	if ((st == FO_ST_ACTIVE || st == FO_ST_STANDBY) &&
	    (fo->state == FO_ST_ACTIVE || fo->state == FO_ST_STANDBY))
		fo->last_switch_ms = now;
	fo->state = st;
	if (st == FO_ST_ACTIVE)
		os_fo_say(os, "%%PIX-1-104001: (%s) Switching to ACTIVE (cause: %s).", os_fo_me(os),
			  cause);
	else if (st == FO_ST_STANDBY)
		os_fo_say(os, "%%PIX-1-104002: (%s) Switching to STNDBY (cause: %s).", os_fo_me(os),
			  cause);
	if (fo->running)
		os_fo_hello(os, now);
}

/* Why failover cannot run now, or NULL when it can. */
static const char *os_fo_blocker(const struct os *os)
{
	const struct os_failover_cfg *c = &os->run.fo;

	if (!os->plat->link)
		return "this unit cannot send frames of its own";
	if (!os->id.features.failover)
		return "failover is not licensed (activation-key)";
	if (c->lan_if < 0)
		return "no failover lan interface";
	if ((unsigned int)c->lan_if >= os->plat->nic_count || !os->plat->nics[c->lan_if].model[0])
		return "the failover lan interface has no usable NIC";
	if (os->run.ifs[c->lan_if].shutdown)
		return "the failover lan interface is shut down";
	return NULL;
}

static bool os_fo_wanted(const struct os *os)
{
	const struct os_failover_cfg *c = &os->run.fo;

	return c->on && c->lan_enable && !os->fo.blocked && !os_fo_blocker(os);
}

/* Starts failover on its link: a new nonce, negotiation. */
static void os_fo_start(struct os *os, uint64_t now)
{
	const struct os_link_ops *l = os->plat->link;
	struct os_fo *fo = &os->fo;
	unsigned int i = (unsigned int)os->run.fo.lan_if;
	int err;

	fo->link_if = i;
	err = l->open(l->ctx, i, fo->mac);
	if (err) {
		os_fo_say(os, "ERROR: failover: interface %s did not start (error %d)",
			  os->run.ifs[i].name, err);
		fo->blocked = true;
		return;
	}
	if (l->random(l->ctx, &fo->nonce, sizeof(fo->nonce)) || !fo->nonce) {
		os_fo_say(os, "ERROR: failover: no hardware random source (RDRAND); failover "
			      "messages cannot be protected against replay");
		fo->blocked = true;
		return;
	}
	if (os->net_iface == (int)i) { /* the IP stack was on it: the link has it now */
		os->net_up = false;
		os->net_iface = -1;
	}
	fo->running = true;
	fo->seq = 0;
	fo->heard = 0;
	memset(&fo->replay, 0, sizeof(fo->replay));
	fo->mate = false;
	fo->said = OS_FO_SAID_NONE;
	fo->version_said = false;
	fo->apply_due = false;
	fo->state = FO_ST_NEGOTIATING;
	fo->negotiate_end_ms = now + OS_FO_MISSED * os_fo_poll_ms(os);
	fo->link_up = l->link_up(l->ctx, i);
	os_fo_say(os, "%%PIX-1-105002: (%s) Enabling failover.", os_fo_me(os));
	os_fo_hello(os, now);
}

static void os_fo_stop(struct os *os, uint64_t now)
{
	struct os_fo *fo = &os->fo;

	if (fo->state == FO_ST_ACTIVE)
		fo->active_ms += now - fo->active_since_ms;
	fo->running = false;
	fo->mate = false;
	fo->state = FO_ST_DISABLED;
	os_fo_say(os, "%%PIX-1-105001: (%s) Disabling failover.", os_fo_me(os));
}

static bool os_fo_same_version(const struct os *os)
{
	const struct img_version *v = &os->id.version;
	const struct fo_hello *h = &os->fo.mh;

	return h->ver_major == v->major && h->ver_minor == v->minor && h->ver_maint == v->maint;
}

/* Sends the chunks of the replication in course that the window allows. */
static void os_fo_tx_pump(struct os *os, uint64_t now)
{
	struct os_fo *fo = &os->fo;
	struct fo_msg m;
	uint32_t n;

	while (fo->tx_next < fo->tx_len &&
	       fo->tx_next < fo->tx_acked + OS_FO_WINDOW * FO_CHUNK_MAX) {
		n = fo->tx_len - fo->tx_next;
		if (n > FO_CHUNK_MAX)
			n = FO_CHUNK_MAX;
		memset(&m, 0, sizeof(m));
		m.type = FO_CONFIG;
		m.u.chunk.generation = fo->tx_gen;
		m.u.chunk.offset = fo->tx_next;
		m.u.chunk.total = fo->tx_len;
		m.u.chunk.len = (uint16_t)n;
		m.u.chunk.data = (const uint8_t *)fo->tx + fo->tx_next;
		os_fo_send(os, &m);
		fo->tx_next += n;
	}
	fo->tx_sent_ms = now;
}

/*
 * Writes the configuration text the active sends into fo->tx: its running configuration without
 * the failover lan key. The text crosses the link in clear, and the key that authenticates the
 * link must never travel over it; the standby keeps its own key anyway (os_fo_strip_own()).
 * Return: the text's length, or -E2BIG (os_config_write()).
 */
static int os_fo_tx_text(struct os *os)
{
	char key[sizeof(os->run.fo.key)];
	int n;

	memcpy(key, os->run.fo.key, sizeof(key));
	memset(os->run.fo.key, 0, sizeof(os->run.fo.key));
	n = os_config_write(os, &os->run, os->fo.tx, sizeof(os->fo.tx));
	memcpy(os->run.fo.key, key, sizeof(key));
	mbedtls_platform_zeroize(key, sizeof(key));
	return n;
}

/*
 * The active sends its running configuration to a standby that has not applied this generation
 * of it; never to a mate on another software version.
 */
static void os_fo_replicate(struct os *os, uint64_t now)
{
	struct os_fo *fo = &os->fo;
	const struct img_version *v = &os->id.version;
	int n;

	if (fo->tx_busy || !fo->mate || fo->state != FO_ST_ACTIVE ||
	    fo->mh.state != FO_ST_STANDBY ||
	    (!fo->repl_due && fo->mh.generation == fo->generation) || now < fo->tx_retry_ms)
		return;
	if (!os_fo_same_version(os)) {
		os_fo_complain(os, OS_FO_SAID_NOREPL,
			       "Failover: configuration replication refused: mate version "
			       "%u.%u(%u) is not identical with ours %u.%u(%u)",
			       fo->mh.ver_major, fo->mh.ver_minor, fo->mh.ver_maint, v->major,
			       v->minor, v->maint);
		return;
	}
	n = os_fo_tx_text(os);
	if (n <= 0 || n > OS_CONFIG_TEXT_MAX)
		return;
	if (fo->mh.generation == fo->generation)
		fo->generation++; /* a new pairing: the standby applies it even if it had this one */
	fo->tx_busy = true;
	fo->tx_gen = fo->generation;
	fo->tx_len = (uint32_t)n;
	fo->tx_acked = fo->tx_next = 0;
	fo->tx_progress_ms = now;
	os_fo_say(os, "Beginning configuration replication: Sending to mate.");
	os_fo_tx_pump(os, now);
}

/* The standby acknowledged chunks of the replication in course. */
static void os_fo_on_ack(struct os *os, const struct fo_ack *a, uint64_t now)
{
	struct os_fo *fo = &os->fo;

	if (!fo->tx_busy || a->generation != fo->tx_gen || a->offset <= fo->tx_acked ||
	    a->offset > fo->tx_len)
		return;
	fo->tx_acked = a->offset;
	fo->tx_progress_ms = now;
	if (fo->tx_next < fo->tx_acked)
		fo->tx_next = fo->tx_acked;
	if (fo->tx_acked < fo->tx_len) {
		os_fo_tx_pump(os, now);
		return;
	}
	fo->tx_busy = false;
	fo->repl_due = false;
	fo->mh.generation = fo->tx_gen; /* its next hello says so too */
	os_fo_say(os, "End Configuration Replication to mate");
}

/* Lost chunks are sent again; a standby that stops answering ends the replication. */
static void os_fo_tx_tick(struct os *os, uint64_t now)
{
	struct os_fo *fo = &os->fo;

	if (!fo->tx_busy)
		return;
	if (!fo->mate || now - fo->tx_progress_ms >= OS_FO_MISSED * os_fo_poll_ms(os)) {
		fo->tx_busy = false;
		fo->tx_retry_ms = now + os_fo_poll_ms(os);
		os_fo_say(os, "Failover: configuration replication to mate failed (no answer)");
		return;
	}
	if (now - fo->tx_sent_ms >= OS_FO_RESEND_MS) {
		fo->tx_next = fo->tx_acked;
		os_fo_tx_pump(os, now);
	}
}

/* Keeps only the lines a standby takes from its active: not its own failover lan settings. */
static size_t os_fo_strip_own(char *text, size_t len)
{
	size_t in = 0, out = 0, n;
	const char *nl;

	while (in < len) {
		nl = memchr(text + in, '\n', len - in);
		n = nl ? (size_t)(nl - (text + in)) + 1 : len - in;
		if (!(n >= 13 && !memcmp(text + in, "failover lan ", 13)) &&
		    !(n >= 9 && !memcmp(text + in, "failover\n", 9)) &&
		    !(n >= 12 && !memcmp(text + in, "no failover\n", 12))) {
			memmove(text + out, text + in, n);
			out += n;
		}
		in += n;
	}
	return out;
}

/*
 * The standby applies the active's configuration in place of its own, keeping its own failover
 * lan settings, and stores it in flash (with them) so that it starts with it.
 */
static void os_fo_apply(struct os *os)
{
	struct os_fo *fo = &os->fo;
	struct os_failover_cfg keep = os->run.fo, got;
	unsigned int ifs = os->run.if_count;
	size_t len = os_fo_strip_own(fo->rx, fo->rx_total);
	int n;

	fo->applying = true;
	os_config_defaults(&os->run, ifs);
	os->run.fo = keep;
	os_config_apply(os, fo->rx, len, "replicated");
	got = os->run.fo;
	os->run.fo = keep;
	os->run.fo.poll_s = got.poll_s;
	memcpy(os->run.fo.addr, got.addr, sizeof(got.addr));
	fo->applying = false;
	os_changed(os);
	if (!os->plat->flash.f)
		return;
	n = os_config_write(os, &os->run, fo->rx, sizeof(fo->rx));
	if (n > 0 && n <= OS_CONFIG_TEXT_MAX &&
	    layout_write_config(os->plat->flash.f, &os->id.version, fo->rx, (size_t)n))
		os_fo_say(os, "ERROR: failover: writing the replicated configuration to flash "
			      "failed");
}

/* Applies a configuration received whole, unless an image write has the flash. */
static void os_fo_apply_due(struct os *os)
{
	struct os_fo *fo = &os->fo;

	if (!fo->apply_due || fo->flash_busy)
		return;
	fo->apply_due = false;
	os_fo_apply(os);
	os_fo_say(os, "End configuration replication from mate.");
}

/**
 * os_fo_flash_write() - An image write into flash begins (@busy) or ends. Meanwhile its progress
 * calls os_fo_poll(), and failover defers its own flash writes to the first poll after it.
 * @os: the session
 * @busy: the write begins
 */
void os_fo_flash_write(struct os *os, bool busy)
{
	os->fo.flash_busy = busy;
}

/* A chunk of the active's configuration: in order only; each answered with what arrived. */
static void os_fo_on_chunk(struct os *os, const struct fo_config_chunk *c, uint64_t now)
{
	struct os_fo *fo = &os->fo;
	struct fo_msg m;

	(void)now;
	if (fo->state != FO_ST_STANDBY || !os_fo_same_version(os) || c->total > OS_CONFIG_TEXT_MAX)
		return;
	if (c->generation != fo->rx_gen) {
		if (c->offset != 0)
			return; /* the middle of one we did not see begin */
		fo->rx_gen = c->generation;
		fo->rx_total = c->total;
		fo->rx_len = 0;
		fo->rx_done = false;
		fo->apply_due = false; /* a newer one replaces one still waiting */
		os_fo_say(os, "Beginning configuration replication from mate.");
	}
	if (!fo->rx_done && c->total == fo->rx_total && c->offset == fo->rx_len) {
		memcpy(fo->rx + fo->rx_len, c->data, c->len);
		fo->rx_len += c->len;
		if (fo->rx_len == fo->rx_total) {
			fo->rx_done = true;
			fo->generation = fo->rx_gen;
			fo->apply_due = true;
			os_fo_apply_due(os);
		}
	}
	memset(&m, 0, sizeof(m));
	m.type = FO_CONFIG_ACK;
	m.u.ack.generation = fo->rx_gen;
	m.u.ack.offset = fo->rx_len;
	os_fo_send(os, &m);
}

/**
 * os_fo_saved() - write memory stored the configuration: the active sends it to its standby.
 * @os: the session
 */
void os_fo_saved(struct os *os)
{
	struct os_fo *fo = &os->fo;

	if (!fo->running || fo->state != FO_ST_ACTIVE)
		return;
	fo->generation++;
	fo->tx_busy = false;
	fo->tx_retry_ms = 0;
	os_fo_replicate(os, os_fo_now(os));
}

/*
 * Asks the mate to take @st (failover active and its no form); for one poll interval its hellos
 * saying otherwise were sent before it heard, and are answered with the request again.
 */
static void os_fo_switch_mate(struct os *os, uint8_t st, uint64_t now)
{
	struct fo_msg m;

	memset(&m, 0, sizeof(m));
	m.type = FO_SWITCH;
	m.u.switch_to = st;
	if (!os->fo.switch_until_ms)
		os->fo.switch_until_ms = now + os_fo_poll_ms(os);
	os->fo.switch_mate = st;
	os_fo_send(os, &m);
}

/* The mate's hello, proven fresh: pairing, versions, election. */
static void os_fo_on_hello(struct os *os, const struct fo_msg *m, const struct fo_addr *src,
			   uint64_t now)
{
	struct os_fo *fo = &os->fo;
	const struct fo_hello *h = &m->u.hello;
	const struct img_version *v = &os->id.version;
	bool primary = os->run.fo.unit == FO_UNIT_PRIMARY;

	if (h->unit == os->run.fo.unit) {
		os_fo_complain(os, OS_FO_SAID_SAMEUNIT,
			       "Failover: the unit on interface %s is also the %s unit; it is not "
			       "a mate (failover lan unit)",
			       os_fo_link_name(os), os_fo_me(os));
		return;
	}
	if (h->state == FO_ST_DISABLED) {
		fo->mate = false;
		return;
	}
	if (!fo->mate) {
		fo->version_said = false;
		if (fo->said != OS_FO_SAID_VERSION)
			fo->said = OS_FO_SAID_NONE;
	}
	fo->mate = true;
	fo->mate_ms = now;
	fo->mh = *h;
	memcpy(fo->mate_mac, src->mac, sizeof(fo->mate_mac));
	if (!fo->version_said &&
	    (h->ver_major != v->major || h->ver_minor != v->minor || h->ver_maint != v->maint)) {
		fo->version_said = true;
		os_fo_say(os, "Mate version %u.%u(%u) is not identical with ours %u.%u(%u)",
			  h->ver_major, h->ver_minor, h->ver_maint, v->major, v->minor, v->maint);
	}
	if (fo->switch_until_ms) {
		if (h->state == fo->switch_mate || now >= fo->switch_until_ms) {
			fo->switch_until_ms = 0; /* done, or it never will: elect as usual */
		} else {
			os_fo_switch_mate(os, fo->switch_mate, now); /* it has not heard yet */
			return;
		}
	}
	switch (fo->state) {
	case FO_ST_NEGOTIATING:
		if (h->state == FO_ST_ACTIVE)
			os_fo_become(os, FO_ST_STANDBY, "Other unit wants me Standby", now);
		else if (h->state == FO_ST_STANDBY || h->state == FO_ST_FAILED)
			os_fo_become(os, FO_ST_ACTIVE, "Other unit wants me Active", now);
		else if (primary)
			os_fo_become(os, FO_ST_ACTIVE, "No Active unit found", now);
		break;
	case FO_ST_ACTIVE:
		if (h->state == FO_ST_ACTIVE && !primary)
			os_fo_become(os, FO_ST_STANDBY, "Other unit wants me Standby", now);
		else if (h->state == FO_ST_ACTIVE)
			os_fo_hello(os, now); /* the secondary gives way once it hears us */
		break;
	case FO_ST_STANDBY:
		if ((h->state == FO_ST_STANDBY && primary) || h->state == FO_ST_FAILED)
			os_fo_become(os, FO_ST_ACTIVE, "No Active unit found", now);
		break;
	default:
		break;
	}
}

static void os_fo_on_switch(struct os *os, const struct fo_msg *m, uint64_t now)
{
	if (m->u.switch_to == FO_ST_ACTIVE)
		os_fo_become(os, FO_ST_ACTIVE, "Other unit wants me Active", now);
	else if (m->u.switch_to == FO_ST_STANDBY)
		os_fo_become(os, FO_ST_STANDBY, "Other unit wants me Standby", now);
}

/* One frame from the link. */
static void os_fo_receive(struct os *os, const uint8_t *frame, size_t len, uint64_t now)
{
	struct os_fo *fo = &os->fo;
	struct fo_addr src, dst;
	struct fo_msg m;
	int err;

	err = fo_frame_parse(frame, len, (const uint8_t *)os->run.fo.key, os_fo_key_len(os), &src,
			     &dst, &m);
	switch (err) {
	case 0:
		break;
	case -ENOMSG:
		return; /* not failover's (the link carries nothing else) */
	case -EPERM:
		fo->rejected++;
		if (os_fo_key_len(os))
			os_fo_complain(os, OS_FO_SAID_NOKEY_MATE,
				       "Failover: the unit on interface %s has no failover lan "
				       "key; it is not a mate",
				       os_fo_link_name(os));
		else
			os_fo_complain(os, OS_FO_SAID_NOKEY_US,
				       "Failover: the unit on interface %s uses a failover lan "
				       "key and this unit has none; it is not a mate",
				       os_fo_link_name(os));
		return;
	case -EACCES:
		fo->rejected++;
		os_fo_complain(os, OS_FO_SAID_BADKEY,
			       "Failover: a message on interface %s failed authentication "
			       "(another failover lan key); it is not a mate",
			       os_fo_link_name(os));
		return;
	default: /* -EBADMSG, -EPROTONOSUPPORT */
		fo->malformed++;
		return;
	}
	if (!memcmp(src.mac, fo->mac, sizeof(src.mac)))
		return; /* our own, looped back */
	switch (fo_replay_check(&fo->replay, fo->nonce, &m)) {
	case FO_REPLAY:
		fo->replayed++;
		os_fo_complain(os, OS_FO_SAID_REPLAY,
			       "Failover: a replayed message on interface %s was dropped",
			       os_fo_link_name(os));
		return;
	case FO_UNPROVEN:
		/* a new boot of the mate, or a recording: answer with its nonce, act on nothing */
		if (!fo->mate && now >= fo->reply_ms) {
			fo->heard = m.nonce;
			fo->reply_ms = now + OS_FO_REPLY_MS;
			os_fo_hello(os, now);
		}
		return;
	case FO_FRESH:
		break;
	}
	fo->received++;
	if (fo->heard != m.nonce) {
		fo->heard = m.nonce; /* a mate we did not know: tell it we heard it */
		fo->mate = false;
		if (m.type != FO_HELLO)
			os_fo_hello(os, now);
	}
	if (fo->said == OS_FO_SAID_BADKEY || fo->said == OS_FO_SAID_NOKEY_MATE ||
	    fo->said == OS_FO_SAID_NOKEY_US || fo->said == OS_FO_SAID_REPLAY)
		fo->said = OS_FO_SAID_NONE;
	if (m.type == FO_HELLO) {
		bool was = fo->mate;

		os_fo_on_hello(os, &m, &src, now);
		if (!was && fo->mate) {
			os_fo_hello(os, now); /* the mate learns at once that we heard it */
			fo->repl_due = true; /* paired: the active sends its configuration */
		}
	} else if (m.type == FO_SWITCH && fo->mate) {
		os_fo_on_switch(os, &m, now);
	} else if (m.type == FO_CONFIG && fo->mate) {
		os_fo_on_chunk(os, &m.u.chunk, now);
	} else if (m.type == FO_CONFIG_ACK && fo->mate) {
		os_fo_on_ack(os, &m.u.ack, now);
	}
}

/* The mate went quiet: say so, and take over when standing by. */
static void os_fo_mate_lost(struct os *os, uint64_t now)
{
	struct os_fo *fo = &os->fo;

	fo->mate = false;
	fo->switch_until_ms = 0;
	os_fo_say(os,
		  "%%PIX-1-105005: (%s) Lost Failover communications with mate on interface %s.",
		  os_fo_me(os), os_fo_link_name(os));
	if (fo->state == FO_ST_STANDBY || fo->state == FO_ST_NEGOTIATING)
		os_fo_become(os, FO_ST_ACTIVE, "Other unit failed", now);
}

/**
 * os_fo_poll() - Lets failover run: starts or stops it as the configuration says, reads the link,
 * sends hellos, notices a silent mate. Called while the session idles and while transfers run.
 * @os: the session
 * @at_prompt: the session waits at its prompt (a message then redraws the prompt and line)
 */
void os_fo_poll(struct os *os, bool at_prompt)
{
	const struct os_link_ops *l = os->plat->link;
	struct os_fo *fo = &os->fo;
	uint64_t now;
	bool up;
	int n, i;

	if (!l || (!fo->running && !os->run.fo.on))
		return;
	os->fo.at_prompt = at_prompt;
	now = os_fo_now(os);
	if (fo->running && !os_fo_wanted(os))
		os_fo_stop(os, now);
	else if (!fo->running && os_fo_wanted(os))
		os_fo_start(os, now);
	if (!fo->running) {
		os->fo.at_prompt = false;
		return;
	}
	up = l->link_up(l->ctx, fo->link_if);
	if (up != fo->link_up) {
		fo->link_up = up;
		if (!up)
			os_fo_say(os,
				  "%%PIX-1-101003: (%s) Failover cable not connected (this unit).",
				  os_fo_me(os));
		else
			os_fo_say(os, "%%PIX-1-101001: (%s) Failover cable OK.", os_fo_me(os));
	}
	for (i = 0; i < OS_FO_RX_BURST; i++) {
		n = l->recv(l->ctx, fo->link_if, fo->in, sizeof(fo->in));
		if (n <= 0)
			break;
		os_fo_receive(os, fo->in, (size_t)n, now);
		if (!fo->running)
			break;
	}
	if (fo->mate && now - fo->mate_ms >= OS_FO_MISSED * os_fo_poll_ms(os))
		os_fo_mate_lost(os, now);
	if (fo->state == FO_ST_NEGOTIATING && now >= fo->negotiate_end_ms)
		os_fo_become(os, FO_ST_ACTIVE, "No Active unit found", now);
	if (now >= fo->next_hello_ms)
		os_fo_hello(os, now);
	os_fo_apply_due(os);
	os_fo_tx_tick(os, now);
	os_fo_replicate(os, now);
	if (at_prompt && fo->state != FO_ST_NEGOTIATING)
		os_fo_serve(os);
	os->fo.at_prompt = false;
}

/**
 * os_fo_is_link() - True when @iface carries failover (the IP stack leaves it alone).
 * @os: the session
 * @iface: interface number
 */
bool os_fo_is_link(const struct os *os, unsigned int iface)
{
	return os->fo.running && os->fo.link_if == iface;
}

/**
 * os_fo_own_addr() - The address this unit holds on an interface: the configuration's (ip address)
 * unless failover runs and this unit is not active; then the standby's (failover ip address).
 * @os: the session
 * @iface: interface number
 *
 * Return: the address (host order), 0 when the unit has none there.
 */
uint32_t os_fo_own_addr(const struct os *os, unsigned int iface)
{
	if (os->fo.running && os->fo.state != FO_ST_ACTIVE)
		return os->run.fo.addr[iface];
	return os->run.ifs[iface].addr;
}

/* The interface the IP stack serves while the session idles with failover on: the first named,
 * addressed one that is not shut down and not the failover link; -1 none. */
static int os_fo_served_if(const struct os *os)
{
	unsigned int i;

	for (i = 0; i < os->run.if_count && i < os->plat->nic_count; i++)
		if (os->run.ifs[i].name[0] && os->run.ifs[i].addr && !os->run.ifs[i].shutdown &&
		    i != os->fo.link_if && os->plat->nics[i].model[0])
			return (int)i;
	return -1;
}

/*
 * Keeps the IP stack on the served interface with the role's address, so that the active answers
 * on the pair's address and the standby on its own; lwIP announces a new address with a
 * gratuitous ARP. Only while the session idles: a transfer keeps the interface it chose.
 */
static void os_fo_serve(struct os *os)
{
	const struct mon_net *net = os->plat->net;
	int i = os_fo_served_if(os);
	uint32_t addr, gw = 0;
	unsigned int r;

	if (!net || i < 0)
		return;
	addr = os_fo_own_addr(os, (unsigned int)i);
	if (!addr || (os->net_up && os->net_iface == i && os->fo.served == addr))
		return;
	for (r = 0; r < OS_ROUTE_MAX; r++)
		if (os->run.routes[r].used && os->run.routes[r].iface == (unsigned int)i &&
		    !os->run.routes[r].mask)
			gw = os->run.routes[r].gw;
	if (net->up(net->ctx, (unsigned int)i, addr, os->run.ifs[i].mask, gw))
		return;
	os->net_up = true;
	os->net_iface = i;
	os->fo.served = addr;
}

/**
 * os_fo_standby() - True while this unit is the standby of a pair (it refuses configuration).
 * @os: the session
 */
bool os_fo_standby(const struct os *os)
{
	return os->fo.running && os->fo.state == FO_ST_STANDBY;
}

/**
 * os_fo_write() - The failover lines of a configuration text (none while all is as by default).
 * @os: the session
 * @c: the configuration
 * @buf: receives the lines, NUL-terminated
 * @size: its size
 */
void os_fo_write(const struct os *os, const struct os_config *c, char *buf, size_t size)
{
	const struct os_failover_cfg *f = &c->fo;
	size_t len = 0;
	unsigned int i;
	char a[16];

	(void)os;
	buf[0] = '\0';
#define OS_FO_ADD(...)                                                               \
	do {                                                                         \
		if (len < size)                                                      \
			len += (size_t)snprintf(buf + len, size - len, __VA_ARGS__); \
	} while (0)
	if (!f->on && !f->lan_enable && f->lan_if < 0 && !f->key[0] && f->unit == FO_UNIT_PRIMARY &&
	    f->poll_s == OS_FO_POLL_DEFAULT) {
		for (i = 0; i < c->if_count && !f->addr[i]; i++)
			;
		if (i == c->if_count)
			return;
	}
	OS_FO_ADD("%sfailover\n", f->on ? "" : "no ");
	OS_FO_ADD("failover poll %u\n", f->poll_s);
	for (i = 0; i < c->if_count; i++) {
		if (!c->ifs[i].name[0])
			continue;
		mon_format_ipv4(f->addr[i], a);
		OS_FO_ADD("failover ip address %s %s\n", c->ifs[i].name, a);
	}
	OS_FO_ADD("failover lan unit %s\n", f->unit == FO_UNIT_SECONDARY ? "secondary" : "primary");
	if (f->lan_if >= 0)
		OS_FO_ADD("failover lan interface %s\n", c->ifs[f->lan_if].name);
	if (f->key[0])
		OS_FO_ADD("failover lan key %s\n", f->key);
	if (f->lan_enable)
		OS_FO_ADD("failover lan enable\n");
#undef OS_FO_ADD
	if (len >= size)
		buf[0] = '\0';
}

/* A failover setting changed: records it, lets a blocked start try again, applies it now. */
static int os_fo_changed(struct os *os)
{
	if (os->fo.applying)
		return 0; /* a replicated configuration: the standby's own settings stay */
	os->fo.blocked = false;
	os_changed(os);
	os_fo_poll(os, false);
	return 0;
}

/* The failover command's check that a unit may run failover; says why not. */
static int os_fo_licensed(struct os *os, const char *who)
{
	if (!os->id.features.failover)
		return os_error(os, "%s: failover is not licensed on this unit (activation-key)",
				who);
	return 0;
}

/**
 * os_cmd_failover() - "failover" / "no failover": turns failover on or off.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	if (!os->no && os_fo_licensed(os, "failover"))
		return -EINVAL;
	os->run.fo.on = !os->no;
	if (!os->no && os->run.fo.lan_enable && os_fo_blocker(os))
		mon_printf(os->con, "WARNING: failover: %s\n", os_fo_blocker(os));
	return os_fo_changed(os);
}

static int os_fo_need_running(struct os *os, const char *who)
{
	if (!os->fo.running)
		return os_error(os, "%s: failover is not running (failover, failover lan ...)",
				who);
	return 0;
}

/**
 * os_cmd_failover_active() - "failover active" takes the active role and tells the mate to stand
 * by; "no failover active" hands the role to the mate.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_active(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	uint64_t now = os_fo_now(os);

	(void)argc;
	(void)argv;
	if (os_fo_need_running(os, "failover active"))
		return -EINVAL;
	os->fo.at_prompt = false;
	if (os->no && !os->fo.mate)
		return os_error(os, "failover active: no mate to hand the active role to");
	os->fo.switch_until_ms = 0;
	if (os->fo.mate)
		os_fo_switch_mate(os, os->no ? FO_ST_ACTIVE : FO_ST_STANDBY, now);
	os_fo_become(os, os->no ? FO_ST_STANDBY : FO_ST_ACTIVE, "Set by the CI config cmd", now);
	return 0;
}

/**
 * os_cmd_failover_reset() - "failover reset": a failed unit negotiates again; the replay state
 * and the messages said are forgotten.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_reset(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct os_fo *fo = &os->fo;
	uint64_t now = os_fo_now(os);

	(void)argc;
	(void)argv;
	if (os_fo_need_running(os, "failover reset"))
		return -EINVAL;
	fo->said = OS_FO_SAID_NONE;
	fo->version_said = false;
	if (fo->state == FO_ST_FAILED) {
		fo->state = FO_ST_NEGOTIATING;
		fo->negotiate_end_ms = now + OS_FO_MISSED * os_fo_poll_ms(os);
	}
	os_fo_hello(os, now);
	return 0;
}

/**
 * os_cmd_failover_poll() - "failover poll seconds": the hello interval, 3..15 (15 by default).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_poll(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int s = 0;
	const char *p = argv[argc - 1];

	if (os->no) {
		os->run.fo.poll_s = OS_FO_POLL_DEFAULT;
		return os_fo_changed(os);
	}
	for (; *p >= '0' && *p <= '9' && s <= OS_FO_POLL_MAX; p++)
		s = s * 10 + (unsigned int)(*p - '0');
	if (*p || argv[argc - 1][0] == '\0' || s < OS_FO_POLL_MIN || s > OS_FO_POLL_MAX)
		return os_error(os, "failover poll: '%s' is not a number of seconds from %d to %d",
				argv[argc - 1], OS_FO_POLL_MIN, OS_FO_POLL_MAX);
	os->run.fo.poll_s = (uint8_t)s;
	if (os->fo.running && os->fo.next_hello_ms > os_fo_now(os) + os_fo_poll_ms(os))
		os->fo.next_hello_ms = os_fo_now(os) + os_fo_poll_ms(os);
	return os_fo_changed(os);
}

/**
 * os_cmd_failover_ip() - "failover ip address if_name ip_address": the standby's address on an
 * interface ("no ..." or 0.0.0.0 removes it).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_ip(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int i = 0;
	uint32_t a;

	if (argc < 2)
		return os_error(os, "failover ip address: interface name missing");
	if (os_get_ifname(os, "failover ip address", argv[1], &i))
		return -EINVAL;
	if (os->no) {
		os->run.fo.addr[i] = 0;
		return os_fo_changed(os);
	}
	if (argc < 3)
		return os_error(os, "failover ip address: address missing");
	if (mon_parse_ipv4(argv[2], &a) || (a && !mon_ipv4_is_unicast(a)))
		return os_error(os, "failover ip address: '%s' is not a unicast host address",
				argv[2]);
	os->run.fo.addr[i] = a;
	return os_fo_changed(os);
}

/**
 * os_cmd_failover_unit() - "failover lan unit primary | secondary".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_unit(void *ctx, int argc, char **argv)
{
	static const char *const units[] = { "primary", "secondary" };
	struct os *os = ctx;
	int u;

	if (os->no) {
		os->run.fo.unit = FO_UNIT_PRIMARY;
		return os_fo_changed(os);
	}
	u = cli_keyword(argv[argc - 1], units, 2);
	if (u < 0)
		return os_error(os, "failover lan unit: '%s' is neither primary nor secondary",
				argv[argc - 1]);
	if (os->fo.running && (uint8_t)u != os->run.fo.unit)
		return os_error(os, "failover lan unit: cannot change while failover runs (no "
				    "failover first)");
	os->run.fo.unit = (uint8_t)u;
	return os_fo_changed(os);
}

/**
 * os_cmd_failover_lan_if() - "failover lan interface if_name": the interface the units talk
 * over; it must be one of the unit's named interfaces.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_lan_if(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int i = 0;

	if (os->no) {
		os->run.fo.lan_if = -1;
		return os_fo_changed(os);
	}
	if (os_get_ifname(os, "failover lan interface", argv[argc - 1], &i))
		return -EINVAL;
	if (os->fo.running && (int)i != os->run.fo.lan_if)
		return os_error(os, "failover lan interface: cannot change while failover runs "
				    "(no failover first)");
	os->run.fo.lan_if = (int8_t)i;
	return os_fo_changed(os);
}

/**
 * os_cmd_failover_key() - "failover lan key secret": the key that authenticates the units'
 * messages (1..63 printable characters); "no failover lan key" removes it.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_key(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const char *k = argv[argc - 1];
	size_t n;

	if (os->no) {
		memset(os->run.fo.key, 0, sizeof(os->run.fo.key));
		return os_fo_changed(os);
	}
	n = strlen(k);
	if (n < 1 || n > OS_FO_KEY_MAX)
		return os_error(os, "failover lan key: the key is 1 to %d characters",
				OS_FO_KEY_MAX);
	memset(os->run.fo.key, 0, sizeof(os->run.fo.key));
	memcpy(os->run.fo.key, k, n);
	return os_fo_changed(os);
}

/**
 * os_cmd_failover_enable() - "failover lan enable" / "no failover lan enable".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 or -EINVAL (said).
 */
int os_cmd_failover_enable(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;

	(void)argc;
	(void)argv;
	if (!os->no && os_fo_licensed(os, "failover lan enable"))
		return -EINVAL;
	if (!os->no && os->run.fo.lan_if < 0)
		return os_error(os, "failover lan enable: set the failover lan interface first");
	os->run.fo.lan_enable = !os->no;
	if (!os->no && os->run.fo.on && os_fo_blocker(os))
		mon_printf(os->con, "WARNING: failover: %s\n", os_fo_blocker(os));
	return os_fo_changed(os);
}

/* One "Interface name (address): state" line of show failover. */
static void os_fo_show_if(const struct os *os, unsigned int i, uint32_t addr, bool mine)
{
	const struct os_fo *fo = &os->fo;
	const char *st;
	char a[16];

	mon_format_ipv4(addr, a);
	if (i >= os->plat->nic_count || !os->plat->nics[i].model[0])
		st = "No Link";
	else if (os->run.ifs[i].shutdown)
		st = "Link Down";
	else if (!fo->running)
		st = "Unknown";
	else if (!fo->mate)
		st = mine ? "Normal (Waiting)" : "Unknown";
	else
		st = "Normal";
	mon_printf(os->con, "\t\tInterface %s (%s): %s\n", os->run.ifs[i].name, a, st);
}

/* The addresses a unit in @state has: the configuration's when active, else failover ip's. */
static uint32_t os_fo_addr_of(const struct os *os, unsigned int i, uint8_t state)
{
	return state == FO_ST_ACTIVE ? os->run.ifs[i].addr : os->run.fo.addr[i];
}

/**
 * os_cmd_show_failover() - "show failover" in PIX 6.3's form: the state, the cable, the poll
 * frequency, this host and the other with their interfaces, and the LAN link.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_show_failover(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const struct os_fo *fo = &os->fo;
	const struct os_failover_cfg *c = &os->run.fo;
	uint8_t other = c->unit == FO_UNIT_PRIMARY ? FO_UNIT_SECONDARY : FO_UNIT_PRIMARY;
	uint8_t mine = fo->running ? fo->state : FO_ST_ACTIVE;
	uint64_t now = os_fo_now(os);
	char a[16], b[16];
	unsigned int i;

	(void)argc;
	(void)argv;
	mon_printf(os->con, "Failover %s\n", c->on ? "On" : "Off");
	if (c->lan_enable)
		mon_printf(os->con, "Cable status: N/A - LAN-based failover enabled\n");
	else
		mon_printf(os->con, "Cable status: My side not connected\n");
	mon_printf(os->con, "Reconnect timeout 0:00:00\n");
	mon_printf(os->con, "Poll frequency %u seconds\n", c->poll_s);
	if (fo->last_switch_ms && os->start_tm.year) {
		struct os_tm tm = os->start_tm;
		char at[40];

		os_tm_add_ms(&tm, fo->last_switch_ms - os->start_ms);
		if (os_tm_format(&tm, at, sizeof(at)) > 12) /* "21:33:09.000 UTC ..." */
			mon_printf(os->con, "Last Failover at: %.8s%s\n", at, at + 12);
	}
	if (!c->on)
		return 0;
	mon_printf(os->con, "\tThis host: %s - %s\n", os_fo_unit_name(c->unit),
		   os_fo_state_name(fo->running ? fo->state : FO_ST_DISABLED));
	mon_printf(os->con, "\t\tActive time: %u (sec)\n", (unsigned int)os_fo_active_s(os, now));
	for (i = 0; i < os->run.if_count; i++)
		if (os->run.ifs[i].name[0] && !(fo->running && i == fo->link_if))
			os_fo_show_if(os, i, os_fo_addr_of(os, i, mine), true);
	mon_printf(os->con, "\tOther host: %s - %s\n", os_fo_unit_name(other),
		   fo->mate ? os_fo_state_name(fo->mh.state) : "Failed");
	mon_printf(os->con, "\t\tActive time: %u (sec)\n", fo->mate ? fo->mh.active_s : 0u);
	for (i = 0; i < os->run.if_count; i++)
		if (os->run.ifs[i].name[0] && !(fo->running && i == fo->link_if))
			os_fo_show_if(os, i,
				      os_fo_addr_of(os, i,
						    mine == FO_ST_ACTIVE ? FO_ST_STANDBY :
									   FO_ST_ACTIVE),
				      false);
	if (!fo->running)
		return 0;
	mon_printf(os->con, "\nLAN-based Failover is %s\n", fo->mate ? "Active" : "Not Active");
	mon_format_ipv4(os_fo_link_ip(os, c->unit), a);
	mon_format_ipv4(os_fo_link_ip(os, other), b);
	mon_printf(os->con, "\tinterface %s (%s): %s, peer (%s): %s\n", os_fo_link_name(os), a,
		   fo->link_up ? "Normal" : "Link Down", b, fo->mate ? "Normal" : "Unknown");
	mon_printf(os->con,
		   "\tmessages: %u sent, %u received, %u malformed, %u rejected, %u replayed\n",
		   (unsigned int)fo->sent, (unsigned int)fo->received, (unsigned int)fo->malformed,
		   (unsigned int)fo->rejected, (unsigned int)fo->replayed);
	return 0;
}
