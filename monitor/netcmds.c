/*
 * The monitor's network commands: ping (and, with the TFTP client, tftp).
 * Each checks the settings it needs, brings the network up through the
 * platform's mon_net, then waits in a loop that polls the network, the clock
 * and the console, so every wait has a timeout and Esc or BREAK stops it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#define MON_PING_COUNT 5
#define MON_PING_IP_LEN 100 /* bytes of each echo's IP datagram, as the PIX sends */
#define MON_PING_TIMEOUT_MS 4000 /* per echo */
#define MON_KEY_ESC 0x1b
#define MON_KEY_POLL_MS 10 /* how often a long command looks for Esc */

/* True when the user asked to stop: Esc or BREAK (other keys are dropped). */
static bool mon_stop_requested(const struct mon *m)
{
	const struct mon_console *con = m->plat->con;
	int c = con->getc(con->ctx);

	return c == MON_KEY_ESC || c == MON_CON_BREAK;
}

/*
 * Brings the selected interface up with the monitor's settings, or says why not.
 * Returns 0 or a negative errno (the message is printed).
 */
static int mon_net_start(struct mon *m, const char *who)
{
	const struct mon_platform *p = m->plat;
	const struct mon_nic *nic;
	int err;

	if (!p->net || m->set.interface >= mon_nic_count(p)) {
		mon_printf(p->con, "%s: no network interface\n", who);
		return -ENODEV;
	}
	nic = &p->nics[m->set.interface];
	if (!nic->model[0]) {
		mon_printf(p->con, "%s: interface %u (%s) has no driver\n", who, m->set.interface,
			   nic->name);
		return -ENODEV;
	}
	if (!m->set.address) {
		mon_printf(p->con, "%s: address not set (use: address <ip>)\n", who);
		return -EINVAL;
	}
	err = p->net->up(p->net->ctx, m->set.interface, m->set.address,
			 mon_ipv4_classful_mask(m->set.address), m->set.gateway);
	if (err) {
		mon_printf(p->con, "%s: interface %u did not start (error %d)\n", who,
			   m->set.interface, err);
		return err;
	}
	m->net_up = true;
	return 0;
}

/* Sends echo @seq and waits for its reply: 1 replied, 0 timed out, -ECANCELED stopped. */
static int mon_ping_one(struct mon *m, uint16_t seq)
{
	const struct mon_platform *p = m->plat;
	const struct mon_net *net = p->net;
	uint64_t deadline = p->now_ms(p->ctx) + MON_PING_TIMEOUT_MS;

	if (net->echo_send(net->ctx, seq, MON_PING_IP_LEN))
		return 0;
	for (;;) {
		net->poll(net->ctx);
		if (net->echo_replied(net->ctx))
			return 1;
		if (mon_stop_requested(m))
			return -ECANCELED;
		if (p->now_ms(p->ctx) >= deadline)
			return 0;
	}
}

/**
 * mon_cmd_ping() - "ping [ip]": five 100-byte ICMP echoes to @ip (default: the server),
 * 4 seconds each, printing "!" for a reply and "." for a timeout, then the success rate.
 * Esc or BREAK stops it early.
 * @m: the session
 * @argc: words on the line
 * @argv: the words
 *
 * Return: 0 when at least one echo was answered, -ETIMEDOUT when none, or the error that
 * kept it from starting (its message printed).
 */
int mon_cmd_ping(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_platform *p = m->plat;
	uint32_t target = m->set.server;
	unsigned int sent = 0, ok = 0;
	char text[16];
	uint16_t id;
	int err = 0;

	if (argc > 1 && mon_get_host_ipv4(p->con, "ping", argv[1], &target))
		return -EINVAL;
	if (!target) {
		mon_puts(p->con, "ping: no server set (use: server <ip>, or ping <ip>)\n");
		return -EINVAL;
	}
	err = mon_net_start(m, "ping");
	if (err)
		return err;
	id = (uint16_t)(p->now_ms(p->ctx) * 2654435761u >> 16);
	err = p->net->echo_open(p->net->ctx, target, id);
	if (err) {
		mon_printf(p->con, "ping: cannot send ICMP (error %d)\n", err);
		return err;
	}
	mon_format_ipv4(target, text);
	mon_printf(p->con, "Sending %d, %d-byte 0x%04x ICMP Echoes to %s, timeout is %d seconds:\n",
		   MON_PING_COUNT, MON_PING_IP_LEN, id, text, MON_PING_TIMEOUT_MS / 1000);
	for (sent = 0; sent < MON_PING_COUNT;) {
		err = mon_ping_one(m, (uint16_t)sent);
		if (err < 0)
			break;
		sent++;
		ok += (unsigned int)err;
		mon_puts(p->con, err ? "!" : ".");
	}
	p->net->echo_close(p->net->ctx);
	mon_printf(p->con, "\nSuccess rate is %u percent (%u/%u)\n", sent ? ok * 100 / sent : 0, ok,
		   sent);
	return ok ? 0 : -ETIMEDOUT;
}

/* Prints one trace event of a download: dots always, the rest only with `trace` on. */
static void mon_tftp_trace(void *ctx, int code, unsigned int arg)
{
	const struct mon *m = ctx;
	const struct mon_console *con = m->plat->con;

	if (code == MON_TFTP_DOT)
		mon_puts(con, ".");
	else if (!m->set.trace)
		return;
	else if (code == MON_TFTP_TIMEOUT)
		mon_puts(con, "T");
	else if (code == MON_TFTP_ARP)
		mon_puts(con, "A");
	else if (code == MON_TFTP_PROTO)
		mon_printf(con, "(0x%04x)", arg);
	else
		mon_printf(con, "<%d>", code);
}

/* Prints why a download failed, naming the file and server where it helps. */
static void mon_tftp_report(const struct mon *m, const struct mon_tftp_result *r,
			    const char *server)
{
	const struct mon_console *con = m->plat->con;
	const char *msg = r->message && r->message[0] ? r->message : NULL;

	switch (r->code) {
	case MON_TFTP_CODE_NOFILE:
		mon_printf(con, "tftp: %s: file not found on %s%s%s%s\n", m->set.file, server,
			   msg ? " (" : "", msg ? msg : "", msg ? ")" : "");
		break;
	case MON_TFTP_CODE_TIMEOUT:
		mon_printf(con, "tftp: timeout: no answer from %s\n", server);
		break;
	case MON_TFTP_CODE_OPCODE:
		mon_printf(con, "tftp: unexpected TFTP packet from %s; transfer stopped\n", server);
		break;
	default:
		if (r->size > r->limit)
			mon_printf(con,
				   "tftp: %s is %llu bytes, more than the %llu bytes of RAM for "
				   "downloads\n",
				   m->set.file, (unsigned long long)r->size,
				   (unsigned long long)r->limit);
		else if (r->err == -ECANCELED)
			mon_puts(con, "tftp: aborted\n");
		else if (msg)
			mon_printf(con, "tftp: transfer error: %s\n", msg);
		else
			mon_printf(con, "tftp: transfer error (%d)\n", r->err);
	}
}

/* Checks what a download needs: a file name and a server. Returns 0 or -EINVAL (printed). */
static int mon_tftp_check(const struct mon *m)
{
	const struct mon_console *con = m->plat->con;

	if (!m->set.file[0]) {
		mon_puts(con, "tftp: file not set (use: file <name>)\n");
		return -EINVAL;
	}
	if (!m->set.server) {
		mon_puts(con, "tftp: server not set (use: server <ip>)\n");
		return -EINVAL;
	}
	return 0;
}

/* Prints "tftp <file>@<server>", with " via <gateway>" when the server is off the subnet. */
static void mon_tftp_banner(const struct mon *m, const char *server)
{
	uint32_t mask = mon_ipv4_classful_mask(m->set.address);
	char gw[16];

	mon_printf(m->plat->con, "tftp %s@%s", m->set.file, server);
	if (m->set.gateway && (m->set.server & mask) != (m->set.address & mask)) {
		mon_format_ipv4(m->set.gateway, gw);
		mon_printf(m->plat->con, " via %s", gw);
	}
}

/*
 * Runs the download until it ends, aborting it when the user asks. The console
 * is looked at every MON_KEY_POLL_MS, not on every turn: under emulation each
 * UART access is an exit that competes with the NIC's own emulation.
 */
static void mon_tftp_wait(struct mon *m)
{
	const struct mon_platform *p = m->plat;
	const struct mon_net *net = p->net;
	uint64_t next_key = 0, now;

	while (!net->tftp_poll(net->ctx)) {
		now = p->now_ms(p->ctx);
		if (now < next_key)
			continue;
		next_key = now + MON_KEY_POLL_MS;
		if (mon_stop_requested(m))
			net->tftp_abort(net->ctx);
	}
}

/*
 * After a download on a unit with flash: a PIX image (by its magic) goes to the install
 * dialogue; anything else is refused in one line and the flash is left as it was. The
 * download itself worked (checksum still reports it), so a refusal returns 0.
 */
static int mon_tftp_offer_install(struct mon *m)
{
	static const char magic[] = "PIXIMAGE";
	const struct mon_platform *p = m->plat;
	const uint8_t *data;
	uint64_t len;

	if (!p->flash || p->net->download(p->net->ctx, &data, &len))
		return 0;
	if (len < sizeof(magic) - 1 || memcmp(data, magic, sizeof(magic) - 1)) {
		mon_printf(p->con, "%s is not a PIX image (no %s header): not installed\n",
			   m->set.file, magic);
		return 0;
	}
	return mon_install(m, data, len);
}

/**
 * mon_cmd_tftp() - "tftp": fetch the file set with `file` from the server into RAM, printing
 * "tftp <file>@<server>", a dot per 32 KiB, and "Received N bytes"; with `trace` on, the
 * Table 11-2 codes as they happen. Esc or BREAK aborts at once. On a unit with flash, a PIX
 * image then goes to the install dialogue and any other file is refused for install.
 * @m: the session
 * @argc: words on the line (none expected)
 * @argv: the words
 *
 * Return: 0 when the file arrived (and, when it went to the install dialogue, was installed),
 * or a negative errno (its message printed), that of the install dialogue included.
 */
int mon_cmd_tftp(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_platform *p = m->plat;
	struct mon_tftp_result r;
	char server[16];
	int err;

	(void)argc;
	(void)argv;
	err = mon_tftp_check(m);
	if (!err)
		err = mon_net_start(m, "tftp");
	if (err)
		return err;
	mon_format_ipv4(m->set.server, server);
	mon_tftp_banner(m, server);
	err = p->net->tftp_start(p->net->ctx, m->set.server, m->set.file, m->set.timeout_s,
				 m->set.trace, mon_tftp_trace, m);
	if (err) {
		mon_printf(p->con, "\ntftp: cannot start (error %d)\n", err);
		return err;
	}
	mon_tftp_wait(m);
	mon_puts(p->con, "\n");
	p->net->tftp_result(p->net->ctx, &r);
	if (r.err) {
		mon_tftp_report(m, &r, server);
		return r.err;
	}
	mon_printf(p->con, "Received %llu bytes\n", (unsigned long long)r.bytes);
	return mon_tftp_offer_install(m);
}
