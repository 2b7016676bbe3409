/* Unit tests of os/dns.c: host names looked up through dns name-server by copy, configure, ping. */
/*
 * The platform's resolver is faked (struct fake_dns): each start() records the server, the name and
 * the interface up at that moment, and plays the next scripted answer (an address, a failure with
 * the server's RCODE, lwIP's own timeout, or one that never ends by itself), after a few polls that
 * move the clock. Behind it the network, the HTTP GETs (a 200 with a configuration line), the TFTP
 * start and the ICMP echoes are fakes that record what they were asked for, so a test can tell
 * which address the name became and that the name itself went on as HTTP's host.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_os_platform.h"

#define NS1 0x0a000235u /* 10.0.2.53, on inside */
#define NS2 0xc0a80735u /* 192.168.7.53, on outside */
#define WEB 0x0a000202u /* 10.0.2.2 */
#define FAR 0xac100909u /* 172.16.9.9, behind outside's gateway */
#define POLL_MS 10 /* how far the clock moves at each poll of a lookup */
#define POLLS_MAX 100000u /* polls of one lookup before the test fails */
#define TIMEOUT_MS 5000 /* os/dns.c's bound on one server */
#define KEY_ESC 0x1b
#define SCRIPT_MAX 12
#define HINT " (no name server to ask: dns name-server if_name ip_address)"
#define BODY "hostname viadns\n"

/* One scripted answer of the fake resolver. */
struct answer {
	int start_err; /* start() fails with this */
	int err; /* the result's err */
	uint32_t addr;
	int rcode; /* the server's RCODE (-1: no answer came) */
	unsigned int polls; /* polls before it ends */
	bool hang; /* never ends by itself: only abort() ends it */
};

/* What one start() was asked. */
struct asked {
	uint32_t server;
	char name[OS_NAME_MAX + 1];
	unsigned int iface; /* the interface up then */
};

/* The fake resolver, network, HTTP client, TFTP start and ICMP echo. */
struct fake_dns {
	struct os_dns_ops ops;
	struct mon_net net;
	struct os_http_ops http;
	struct fake *f;
	struct answer script[SCRIPT_MAX];
	unsigned int nscript;
	struct asked asked[SCRIPT_MAX];
	unsigned int starts, polls, aborts, results;
	const struct answer *cur;
	unsigned int cur_polls;
	bool aborted, ended;
	unsigned int ups, up_iface; /* network */
	unsigned int gets; /* HTTP */
	const char *redirect; /* the next GET is answered 302 to this Location */
	bool redirected;
	char location[128];
	uint32_t get_server;
	bool get_tls;
	char get_host[HTTP_HOST_MAX + 1];
	unsigned int tftp_starts; /* TFTP */
	uint32_t tftp_server;
	uint32_t echo_dst; /* ICMP echo */
};

static struct fake_dns fd;

static int fd_up(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct fake_dns *d = ctx;

	(void)addr;
	(void)mask;
	(void)gw;
	d->ups++;
	d->up_iface = iface;
	return 0;
}

static void fd_net_poll(void *ctx)
{
	(void)ctx;
}

/* The download: a copy of BODY in writable memory, as the unit's download area is (configure
 * https:// clears it once merged). */
static int fd_download(void *ctx, const uint8_t **data, uint64_t *len)
{
	static uint8_t area[sizeof(BODY)];

	(void)ctx;
	memcpy(area, BODY, sizeof(BODY) - 1);
	*data = area;
	*len = sizeof(BODY) - 1;
	return 0;
}

static int fd_tftp_start(void *ctx, uint32_t server, const char *file, unsigned int timeout_s,
			 bool codes, void (*trace)(void *tctx, int code, unsigned int arg),
			 void *tctx)
{
	struct fake_dns *d = ctx;

	(void)file;
	(void)timeout_s;
	(void)codes;
	(void)trace;
	(void)tctx;
	d->tftp_starts++;
	d->tftp_server = server;
	return -EIO;
}

static int fd_echo_open(void *ctx, uint32_t dst, uint16_t id)
{
	struct fake_dns *d = ctx;

	(void)id;
	d->echo_dst = dst;
	return 0;
}

static int fd_echo_send(void *ctx, uint16_t seq, size_t ip_len)
{
	(void)ctx;
	(void)seq;
	(void)ip_len;
	return 0;
}

static bool fd_echo_replied(void *ctx)
{
	(void)ctx;
	return true;
}

static void fd_echo_close(void *ctx)
{
	(void)ctx;
}

/* ---- the resolver ---------------------------------------------------------------------------- */

static int fd_start(void *ctx, uint32_t server, const char *name)
{
	struct fake_dns *d = ctx;
	struct asked *a;

	if (d->starts >= d->nscript)
		fail_msg("lookup %u of %s, none scripted", d->starts + 1, name);
	assert_true(d->ups > 0); /* the interface is up before the query */
	a = &d->asked[d->starts];
	a->server = server;
	a->iface = d->up_iface;
	assert_true(strlen(name) < sizeof(a->name));
	strcpy(a->name, name);
	d->cur = &d->script[d->starts++];
	d->cur_polls = 0;
	d->aborted = false;
	d->ended = false;
	return d->cur->start_err;
}

static bool fd_poll(void *ctx)
{
	struct fake_dns *d = ctx;

	assert_false(d->ended);
	d->polls++;
	d->f->now_ms += POLL_MS;
	if (d->polls > POLLS_MAX)
		fail_msg("polled %u times: the lookup does not end", POLLS_MAX);
	d->ended = d->aborted || (!d->cur->hang && d->cur_polls++ >= d->cur->polls);
	return d->ended;
}

static void fd_abort(void *ctx)
{
	struct fake_dns *d = ctx;

	d->aborts++;
	d->aborted = true;
}

static void fd_result(void *ctx, struct os_dns_result *r)
{
	struct fake_dns *d = ctx;

	assert_true(d->ended);
	d->results++;
	*r = (struct os_dns_result){ d->cur->err, d->cur->addr, d->cur->rcode };
	if (d->aborted)
		r->err = -ECANCELED;
}

/* Appends an answer to the script: an address, or a failure (@err) with the server's @rcode. */
static struct answer *answer(int err, uint32_t addr, int rcode)
{
	struct answer *a;

	assert_true(fd.nscript < SCRIPT_MAX);
	a = &fd.script[fd.nscript++];
	*a = (struct answer){ .err = err, .addr = addr, .rcode = rcode, .polls = 3 };
	return a;
}

/* ---- HTTP: every GET is answered 200 with BODY ----------------------------------------------- */

static int fd_http_start(void *ctx, const struct os_http_get *get)
{
	struct fake_dns *d = ctx;

	d->gets++;
	d->redirected = d->redirect != NULL;
	if (d->redirect)
		snprintf(d->location, sizeof(d->location), "%s", d->redirect);
	d->redirect = NULL;
	d->get_server = get->server;
	d->get_tls = get->tls;
	snprintf(d->get_host, sizeof(d->get_host), "%s", get->host);
	return 0;
}

static bool fd_http_poll(void *ctx)
{
	(void)ctx;
	return true;
}

static uint64_t fd_http_bytes(void *ctx)
{
	(void)ctx;
	return sizeof(BODY) - 1;
}

static void fd_http_abort(void *ctx)
{
	(void)ctx;
}

static void fd_http_result(void *ctx, struct os_http_result *r)
{
	struct fake_dns *d = ctx;

	if (d->redirected) {
		*r = (struct os_http_result){ .why = "",
					      .connected = true,
					      .status = 302,
					      .reason = "Found",
					      .location = d->location,
					      .length = 0 };
		return;
	}
	*r = (struct os_http_result){ .why = "",
				      .connected = true,
				      .status = 200,
				      .reason = "OK",
				      .location = "",
				      .bytes = sizeof(BODY) - 1,
				      .length = sizeof(BODY) - 1,
				      .limit = 1 << 20 };
}

/* ---- the unit -------------------------------------------------------------------------------- */

/* A unit with inside 10.0.2.15/24, outside 192.168.7.1/24 and a default route there; no servers. */
static int setup(void **state)
{
	struct fake_os *o = fake_os_new(2);

	memset(&fd, 0, sizeof(fd));
	fd.f = &o->f;
	fd.ops = (struct os_dns_ops){ fd_start, fd_poll, fd_abort, fd_result, &fd };
	fd.net = (struct mon_net){ .up = fd_up,
				   .poll = fd_net_poll,
				   .echo_open = fd_echo_open,
				   .echo_send = fd_echo_send,
				   .echo_replied = fd_echo_replied,
				   .echo_close = fd_echo_close,
				   .tftp_start = fd_tftp_start,
				   .download = fd_download,
				   .ctx = &fd };
	fd.http = (struct os_http_ops){ fd_http_start, fd_http_poll,   fd_http_bytes,
					fd_http_abort, fd_http_result, &fd };
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "ip address outside 192.168.7.1 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "route outside 0 0 192.168.7.254"), 0);
	o->plat.net = &fd.net;
	o->plat.http = &fd.http;
	o->plat.dns = &fd.ops;
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* Runs @line, which must return @ret and print exactly @out. */
static void run(struct fake_os *o, const char *line, int ret, const char *out)
{
	int r = fake_os_exec(o, line);

	if (r != ret)
		fail_msg("'%s' returned %d, not %d; it printed:\n%s", line, r, ret, fake_os_out(o));
	assert_string_equal(fake_os_out(o), out);
}

/* ---- tests ----------------------------------------------------------------------------------- */

/* With no name server, a name is refused as before, and the message says what would look it up. */
static void test_no_name_server(void **state)
{
	struct fake_os *o = *state;

	run(o, "configure http://www.pix.test/pix.cfg", -EINVAL,
	    "ERROR: 'www.pix.test' is not a host address or name" HINT "\n");
	run(o, "ping www.pix.test", -EINVAL,
	    "ERROR: ping: 'www.pix.test' is not a host address or name" HINT "\n");
	run(o, "copy tftp://web/pix.bin flash", -EINVAL,
	    "ERROR: 'web' is not a host address or name" HINT "\nImage not installed\n");
	/* what is not a name gets no hint: a wrong address, a multicast one, a bad label */
	run(o, "ping 10.0.2.300", -EINVAL,
	    "ERROR: ping: '10.0.2.300' is not a host address or name\n");
	run(o, "ping 224.0.0.5", -EINVAL,
	    "ERROR: ping: '224.0.0.5' is not a host address or name\n");
	run(o, "ping a..b", -EINVAL, "ERROR: ping: 'a..b' is not a host address or name\n");
	assert_int_equal(fd.starts, 0);
	assert_int_equal(fd.gets, 0);
}

/* Addresses and names of the name table are never looked up; what else may be, is. */
static void test_what_is_looked_up(void **state)
{
	struct fake_os *o = *state;
	char label[70], line[MON_LINE_MAX + 1];

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	assert_int_equal(fake_os_exec(o, "name 10.0.2.2 web"), 0);
	run(o, "configure http://10.0.2.2/pix.cfg", 0, "Received 16 bytes\n");
	run(o, "configure http://WEB/pix.cfg", 0, "Received 16 bytes\n");
	assert_int_equal(fd.starts, 0);
	assert_int_equal(fd.gets, 2);
	/* not names: never sent */
	run(o, "ping 10.0.2.300", -EINVAL,
	    "ERROR: ping: '10.0.2.300' is not a host address or name\n");
	run(o, "ping .x", -EINVAL, "ERROR: ping: '.x' is not a host address or name\n");
	run(o, "ping x.", -EINVAL, "ERROR: ping: 'x.' is not a host address or name\n");
	run(o, "ping a/b", -EINVAL, "ERROR: ping: 'a/b' is not a host address or name\n");
	memset(label, 'l', 64);
	label[64] = '\0';
	snprintf(line, sizeof(line), "ping %s.x", label);
	assert_int_equal(fake_os_exec(o, line), -EINVAL);
	assert_int_equal(fd.starts, 0);
	/* names: a label of 63, digits in all but the last label, '_' and '-' */
	label[63] = '\0';
	answer(0, WEB, 0);
	run(o, "configure http://1-2_3.4.b/pix.cfg", 0, "Received 16 bytes\n");
	answer(0, WEB, 0);
	snprintf(line, sizeof(line), "ping %s", label);
	assert_int_equal(fake_os_exec(o, line), 0);
	assert_int_equal(fd.starts, 2);
	assert_string_equal(fd.asked[0].name, "1-2_3.4.b");
	assert_string_equal(fd.asked[1].name, label);
}

/*
 * The name server's answer is where the GET goes; the name goes on as HTTP's host (and TLS's:
 * https checks the certificate against it); the query goes out over the server's interface.
 */
static void test_http_by_name(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	answer(0, WEB, 0);
	run(o, "configure http://www.pix.test/pix.cfg", 0, "Received 16 bytes\n");
	assert_string_equal(o->os.run.hostname, "viadns");
	assert_int_equal(fd.starts, 1);
	assert_int_equal(fd.asked[0].server, NS1);
	assert_int_equal(fd.asked[0].iface, 1);
	assert_string_equal(fd.asked[0].name, "www.pix.test");
	assert_int_equal(fd.results, 1);
	assert_int_equal(fd.get_server, WEB);
	assert_string_equal(fd.get_host, "www.pix.test");
	assert_false(fd.get_tls);
	/* https: the name, not the address, is what TLS gets; the server behind the gateway */
	answer(0, FAR, 0);
	run(o, "configure https://Secure.Pix.Test:8443/pix.cfg", 0, "Received 16 bytes\n");
	assert_string_equal(fd.asked[1].name, "Secure.Pix.Test");
	assert_int_equal(fd.get_server, FAR);
	assert_string_equal(fd.get_host, "Secure.Pix.Test");
	assert_true(fd.get_tls);
	assert_int_equal(fd.up_iface, 0); /* the GET's interface, after the query's */
	assert_int_equal(o->os.net_iface, 0);
}

/* A redirect to a name: looked up like the first location. */
static void test_redirect_to_a_name(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	fd.redirect = "http://mirror.pix.test/b.cfg";
	answer(0, FAR, 0);
	run(o, "configure http://10.0.2.2/a.cfg", 0,
	    "Redirected to http://mirror.pix.test/b.cfg\nReceived 16 bytes\n");
	assert_int_equal(fd.gets, 2);
	assert_int_equal(fd.starts, 1);
	assert_string_equal(fd.asked[0].name, "mirror.pix.test");
	assert_int_equal(fd.get_server, FAR);
	assert_string_equal(fd.get_host, "mirror.pix.test");
	fd.redirect = "http://nohost.pix.test/b.cfg";
	answer(-ENOENT, 0, 3);
	run(o, "configure http://10.0.2.2/a.cfg", -ENOENT,
	    "Redirected to http://nohost.pix.test/b.cfg\n"
	    "ERROR: name server 10.0.2.53: 'nohost.pix.test' does not exist\n");
	assert_int_equal(fd.gets, 3);
}

/* What the server answered, in words; nothing goes to the host. */
static void test_failures(void **state)
{
	static const struct {
		int err, rcode;
		const char *msg;
	} cases[] = {
		{ -ENOENT, 3, "ERROR: name server 10.0.2.53: 'www.pix.test' does not exist\n" },
		{ -ENODATA, 0,
		  "ERROR: name server 10.0.2.53: 'www.pix.test' has no IPv4 address\n" },
		{ -EREMOTEIO, 2,
		  "ERROR: name server 10.0.2.53: cannot look up 'www.pix.test' (server "
		  "failure)\n" },
		{ -EREMOTEIO, 5,
		  "ERROR: name server 10.0.2.53: cannot look up 'www.pix.test' (refused)\n" },
		{ -EREMOTEIO, 1,
		  "ERROR: name server 10.0.2.53: cannot look up 'www.pix.test' (format error)\n" },
		{ -EREMOTEIO, 9,
		  "ERROR: name server 10.0.2.53: cannot look up 'www.pix.test' (error 9)\n" },
	};
	struct fake_os *o = *state;
	size_t i;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	assert_int_equal(fake_os_exec(o, "dns name-server outside 192.168.7.53"), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		answer(cases[i].err, 0, cases[i].rcode);
		run(o, "configure http://www.pix.test/pix.cfg", cases[i].err, cases[i].msg);
		assert_int_equal(fd.starts, i + 1); /* an answer: the second server is not asked */
	}
	answer(-ENOENT, 0, 3);
	run(o, "ping www.pix.test", -ENOENT,
	    "ERROR: name server 10.0.2.53: 'www.pix.test' does not exist\n");
	answer(0, 0x7f000001, 0);
	run(o, "ping www.pix.test", -EINVAL,
	    "ERROR: name server 10.0.2.53: 'www.pix.test' is 127.0.0.1, not a host address\n");
	answer(0, 0, 0)->start_err = -ENOMEM;
	run(o, "ping www.pix.test", -ENOMEM, "ERROR: no memory to look up 'www.pix.test'\n");
	assert_int_equal(fd.gets, 0);
	assert_int_equal(fd.echo_dst, 0);
	assert_int_equal(fd.aborts, 0);
}

/* A server that does not answer passes the name to the next; the last one's silence is said. */
static void test_silence(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	answer(-ETIMEDOUT, 0, -1);
	run(o, "ping www.pix.test", -ETIMEDOUT,
	    "ERROR: no answer from the name server 10.0.2.53 for 'www.pix.test'\n");
	assert_int_equal(fake_os_exec(o, "dns name-server outside 192.168.7.53"), 0);
	answer(-ETIMEDOUT, 0, -1);
	answer(0, WEB, 0);
	run(o, "configure http://www.pix.test/pix.cfg", 0, "Received 16 bytes\n");
	assert_int_equal(fd.asked[1].server, NS1);
	assert_int_equal(fd.asked[1].iface, 1);
	assert_int_equal(fd.asked[2].server, NS2);
	assert_int_equal(fd.asked[2].iface, 0);
	assert_int_equal(fd.get_server, WEB);
	answer(-ETIMEDOUT, 0, -1);
	answer(-ETIMEDOUT, 0, -1);
	run(o, "ping www.pix.test", -ETIMEDOUT,
	    "ERROR: no answer from the name servers 10.0.2.53 and 192.168.7.53 for "
	    "'www.pix.test'\n");
	/* the first silent, the second's answer is the one said */
	answer(-ETIMEDOUT, 0, -1);
	answer(-ENOENT, 0, 3);
	run(o, "ping www.pix.test", -ENOENT,
	    "ERROR: name server 192.168.7.53: 'www.pix.test' does not exist\n");
	assert_int_equal(fd.starts, 7);
}

/* A lookup that never ends by itself is ended after OS_DNS_TIMEOUT_MS: no answer. */
static void test_deadline(void **state)
{
	struct fake_os *o = *state;
	uint64_t start;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	answer(0, 0, -1)->hang = true;
	start = o->f.now_ms;
	run(o, "ping www.pix.test", -ETIMEDOUT,
	    "ERROR: no answer from the name server 10.0.2.53 for 'www.pix.test'\n");
	assert_int_equal(fd.aborts, 1);
	assert_true(o->f.now_ms - start >= TIMEOUT_MS);
	assert_true(o->f.now_ms - start < TIMEOUT_MS + 100);
	assert_int_equal(fd.results, 1);
	assert_int_equal(fd.echo_dst, 0);
}

/* Esc or BREAK ends a lookup at once; the next server is not asked. */
static void test_escape(void **state)
{
	static const int keys[] = { KEY_ESC, MON_CON_BREAK };
	struct fake_os *o = *state;
	size_t i;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	assert_int_equal(fake_os_exec(o, "dns name-server outside 192.168.7.53"), 0);
	for (i = 0; i < 2; i++) {
		answer(0, 0, -1)->hang = true;
		fake_key(&o->f, 'x'); /* other keys do not stop it */
		fake_key_at(&o->f, o->f.now_ms + 300, keys[i]);
		run(o, "configure http://www.pix.test/pix.cfg", -ECANCELED,
		    "ERROR: lookup of 'www.pix.test' aborted\n");
		assert_int_equal(fd.aborts, i + 1);
		assert_int_equal(fd.starts, i + 1);
		assert_int_equal(o->f.in_pos, o->f.in_len);
	}
	assert_int_equal(fd.gets, 0);
}

/* A server that cannot be reached is said and passed over. */
static void test_unreachable_server(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	assert_int_equal(fake_os_exec(o, "dns name-server inside 172.16.1.53"), 0);
	answer(0, WEB, 0);
	run(o, "ping www.pix.test", 0,
	    "        10.0.2.2 response received -- 0ms\n"
	    "        10.0.2.2 response received -- 0ms\n"
	    "        10.0.2.2 response received -- 0ms\n");
	assert_int_equal(fd.echo_dst, WEB);
	assert_int_equal(fake_os_exec(o, "interface ethernet1 auto shutdown"), 0);
	run(o, "ping www.pix.test", -EHOSTUNREACH,
	    "ERROR: name server 10.0.2.53: interface inside is shut down\n"
	    "ERROR: name server 172.16.1.53: no route to the host (ip address, route)\n");
	assert_int_equal(fd.starts, 1);
	/* one silent, one unreachable: the silent one is said */
	assert_int_equal(fake_os_exec(o, "interface ethernet1 auto"), 0);
	answer(-ETIMEDOUT, 0, -1);
	assert_int_equal(fake_os_exec(o, "ip address inside 172.16.2.1 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "no dns name-server"), 0);
	assert_int_equal(fake_os_exec(o, "dns name-server outside 192.168.7.53"), 0);
	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	run(o, "ping www.pix.test", -ETIMEDOUT,
	    "ERROR: name server 10.0.2.53: no route to the host (ip address, route)\n"
	    "ERROR: no answer from the name server 192.168.7.53 for 'www.pix.test'\n");
}

/* copy tftp:// takes a name too (the file is asked of the address it names). */
static void test_tftp_by_name(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	answer(0, WEB, 0);
	run(o, "copy tftp://tftp.pix.test/pix.bin flash", -EIO,
	    "copying tftp://tftp.pix.test/pix.bin to flash:image\n"
	    "ERROR: tftp://tftp.pix.test/pix.bin: cannot start (error -5)\n"
	    "Image not installed\n");
	assert_int_equal(fd.tftp_server, WEB);
	assert_string_equal(fd.asked[0].name, "tftp.pix.test");
}

/* Without a resolver or a network, a configured server cannot be asked. */
static void test_no_resolver(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "dns name-server inside 10.0.2.53"), 0);
	o->plat.dns = NULL;
	run(o, "ping www.pix.test", -ENODEV,
	    "ERROR: cannot look up 'www.pix.test': this unit has no network\n");
	o->plat.dns = &fd.ops;
	o->plat.net = NULL;
	run(o, "ping www.pix.test", -ENODEV,
	    "ERROR: cannot look up 'www.pix.test': this unit has no network\n");
	assert_int_equal(fd.starts, 0);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_no_name_server),	    T(test_what_is_looked_up),
		T(test_http_by_name),	    T(test_redirect_to_a_name),
		T(test_failures),	    T(test_silence),
		T(test_deadline),	    T(test_escape),
		T(test_unreachable_server), T(test_tftp_by_name),
		T(test_no_resolver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
