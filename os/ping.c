/* `ping [if_name] host`: three ICMP echoes, each answered or not within a second, as PIX prints. */
#include <errno.h>
#include <stdio.h>

#include "os.h"

#define OS_PING_COUNT 3
#define OS_PING_IP_LEN 100 /* bytes of each echo's IP datagram */
#define OS_PING_TIMEOUT_MS 1000 /* per echo; PIX reports "NO response received -- 1000ms" */

/* One echo: its round trip in ms, -ETIMEDOUT, or -ECANCELED when the user stopped it. */
static int os_ping_one(struct os *os, uint16_t seq)
{
	const struct os_platform *p = os->plat;
	const struct mon_net *net = p->net;
	uint64_t start = p->now_ms(p->ctx), now;

	if (net->echo_send(net->ctx, seq, OS_PING_IP_LEN))
		return -EIO;
	for (;;) {
		net->poll(net->ctx);
		now = p->now_ms(p->ctx);
		if (net->echo_replied(net->ctx))
			return (int)(now - start);
		if (os_stop_requested(os))
			return -ECANCELED;
		if (now - start >= OS_PING_TIMEOUT_MS)
			return -ETIMEDOUT;
	}
}

/**
 * os_cmd_ping() - "ping [if_name] host": three echoes, each printed as
 * "        <host> response received -- <n>ms" or "        <host> NO response received -- 1000ms".
 * Esc or BREAK stops it.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when an echo was answered, -ETIMEDOUT when none, or the error that kept it from
 * starting (said).
 */
int os_cmd_ping(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const struct mon_net *net;
	int want = -1, err, i, ok = 0;
	const char *host = argv[argc - 1];
	char text[16];
	uint32_t dst;

	if (argc == 3) {
		want = os_if_by_name(&os->run, argv[1]);
		if (want < 0) {
			mon_printf(os->con, "ERROR: ping: no interface named '%s'\n", argv[1]);
			return -EINVAL;
		}
	}
	err = os_host_resolve(os, host, "ping", &dst);
	if (err)
		return err;
	err = os_net_open(os, want, dst, "ping");
	if (err < 0)
		return err;
	net = os->plat->net;
	err = net->echo_open(net->ctx, dst, (uint16_t)(os->plat->now_ms(os->plat->ctx) * 40503u));
	if (err) {
		mon_printf(os->con, "ERROR: ping: cannot send ICMP (error %d)\n", err);
		return err;
	}
	mon_format_ipv4(dst, text);
	for (i = 0; i < OS_PING_COUNT; i++) {
		err = os_ping_one(os, (uint16_t)i);
		if (err == -ECANCELED)
			break;
		if (err >= 0) {
			ok++;
			mon_printf(os->con, "        %s response received -- %dms\n", text, err);
		} else {
			mon_printf(os->con, "        %s NO response received -- %dms\n", text,
				   OS_PING_TIMEOUT_MS);
		}
	}
	net->echo_close(net->ctx);
	return ok ? 0 : -ETIMEDOUT;
}
