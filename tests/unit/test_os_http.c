/* Unit tests of os/http.c and the http branches of os/copy.c: copy and configure http://... */
/*
 * The platform's HTTP GETs are faked (struct fake_http): each start() records what was asked
 * (server, port, TLS, host and the request, which the fake reads back as a server would) and
 * plays the next scripted reply: a status with its Location and body, or a transport failure,
 * the body arriving over several poll() calls so that the progress marks show. The body of the
 * last complete 2xx reply is the download (mon_net.download), as on the unit.
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
#include <strings.h>

#include "fake_os_platform.h"
#include "flash/layout.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define USAGE                                                                  \
	"Usage: copy tftp[:[[//location][/pathname]]] flash[:[image | pdm]]\n" \
	"       copy http[s]://[user:password@]location[:port]/pathname flash[:[image | pdm]]\n"
#define CONF_USAGE                                                           \
	"Usage: configure terminal | memory | net [[location]:[pathname]]\n" \
	"       configure http[s]://[user:password@]location[:port]/pathname\n"
#define SERVER 0x0a000202u /* 10.0.2.2 */
#define MARK_BYTES 32768 /* one '!' per 32 KiB */
#define LIMIT_BYTES (16u << 20) /* the fake download area */
#define POLL_MS 4 /* how far the clock moves at each poll of a GET */
#define POLLS_MAX 100000u /* polls of one GET before the test fails (a transfer never ending) */
#define KEY_ESC 0x1b
#define REPLIES_MAX 16
#define REQ_FIELDS_MAX 12

/* One scripted reply of the fake server to a GET. */
struct reply {
	int start_err; /* start() fails with this (the result then says err too) */
	int err; /* the result's err: 0 a whole response was read */
	const char *why; /* NULL: "" */
	bool connected;
	int status;
	const char *reason; /* NULL: "" */
	const char *location; /* NULL: "" */
	const uint8_t *body; /* stored body (only a 2xx one is stored) */
	size_t len;
	bool no_length; /* no Content-Length */
	uint64_t length; /* the Content-Length when not @len (0: @len) */
	size_t step; /* body bytes per poll (0: all at the first poll) */
	bool hang; /* never ends by itself: only abort() ends it */
};

/* What one start() was given. */
struct got {
	uint32_t server;
	uint16_t port;
	bool tls;
	char host[HTTP_HOST_MAX + 1];
	char req[1100];
	unsigned int iface; /* the interface up when it started */
};

/* The fake platform network and HTTP client. */
struct fake_http {
	struct os_http_ops ops;
	struct mon_net net;
	struct fake *f; /* the clock, moved by each poll, and the console, to count marks */
	struct reply replies[REPLIES_MAX];
	unsigned int nreplies;
	struct got gets[REPLIES_MAX];
	unsigned int starts, polls, aborts, results, downloads;
	unsigned int ups, up_iface;
	uint32_t up_addr, up_mask, up_gw;
	const struct reply *cur;
	uint64_t bytes; /* of the GET in course */
	bool aborted, ended;
	unsigned int marks_seen; /* '!' on the console at the last poll */
	uint64_t bytes_at_abort;
	unsigned int polls_after_abort;
	bool have_download;
	const uint8_t *dl_data;
	size_t dl_len;
};

static struct fake_http fh;
/* The fake download area: a 2xx body is copied here, writable as the unit's RAM is. */
static uint8_t fh_area[LIMIT_BYTES];

static int fh_up(void *ctx, unsigned int iface, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct fake_http *h = ctx;

	h->ups++;
	h->up_iface = iface;
	h->up_addr = addr;
	h->up_mask = mask;
	h->up_gw = gw;
	return 0;
}

static void fh_net_poll(void *ctx)
{
	(void)ctx;
}

static int fh_download(void *ctx, const uint8_t **data, uint64_t *len)
{
	struct fake_http *h = ctx;

	h->downloads++;
	if (!h->have_download)
		return -ENOENT;
	*data = h->dl_data;
	*len = h->dl_len;
	return 0;
}

static int fh_start(void *ctx, const struct os_http_get *get)
{
	struct fake_http *h = ctx;
	struct got *g;

	if (h->starts >= h->nreplies)
		fail_msg("GET %u of %s, none scripted", h->starts + 1, get->host);
	assert_true(h->ups > 0); /* the interface is up before the GET */
	g = &h->gets[h->starts];
	g->server = get->server;
	g->port = get->port;
	g->tls = get->tls;
	g->iface = h->up_iface;
	snprintf(g->host, sizeof(g->host), "%s", get->host);
	assert_true(get->req_len < sizeof(g->req));
	assert_int_equal(strlen(get->req), get->req_len);
	memcpy(g->req, get->req, get->req_len + 1);
	h->cur = &h->replies[h->starts++];
	h->bytes = 0;
	h->aborted = false;
	h->ended = false;
	h->have_download = false; /* the area is being overwritten */
	return h->cur->start_err;
}

/* Counts the progress marks printed so far. */
static unsigned int fh_marks(const struct fake_http *h)
{
	const char *s;
	unsigned int n = 0;

	for (s = h->f->out; *s; s++)
		n += *s == '!';
	return n;
}

/* The body arrives @step bytes a poll; the GET ends once it is whole (or aborted). */
static bool fh_poll(void *ctx)
{
	struct fake_http *h = ctx;
	const struct reply *r = h->cur;
	size_t body = r->status >= 200 && r->status <= 299 ? r->len : 0;
	size_t step = r->step ? r->step : body;

	assert_false(h->ended);
	h->polls++;
	h->f->now_ms += POLL_MS;
	h->marks_seen = fh_marks(h);
	if (h->polls > POLLS_MAX)
		fail_msg("polled %u times: the transfer does not end", POLLS_MAX);
	if (h->aborted) {
		h->polls_after_abort++;
		h->ended = true;
		return true;
	}
	h->bytes = body - h->bytes < step ? body : h->bytes + step;
	h->ended = !r->hang && h->bytes == body;
	return h->ended;
}

static uint64_t fh_bytes(void *ctx)
{
	struct fake_http *h = ctx;

	return h->bytes;
}

static void fh_abort(void *ctx)
{
	struct fake_http *h = ctx;

	h->aborts++;
	if (!h->aborted)
		h->bytes_at_abort = h->bytes;
	h->aborted = true;
}

static void fh_result(void *ctx, struct os_http_result *out)
{
	struct fake_http *h = ctx;
	const struct reply *r = h->cur;

	h->results++;
	*out = (struct os_http_result){
		.err = r->start_err ? r->start_err : r->err,
		.why = r->why ? r->why : "",
		/* the parser's errors, as boot/pixos/pixhttp.c tells them from the connection's */
		.protocol = r->err == -EPROTO || r->err == -EPIPE || r->err == -EOPNOTSUPP,
		.connected = r->connected,
		.status = r->status,
		.reason = r->reason ? r->reason : "",
		.location = r->location ? r->location : "",
		.bytes = h->bytes,
		.length = r->length ? r->length : r->len,
		.limit = LIMIT_BYTES,
	};
	if (h->aborted)
		out->err = -ECANCELED;
	if (r->no_length)
		out->length = OS_HTTP_LENGTH_UNKNOWN;
	h->have_download = !out->err && r->status >= 200 && r->status <= 299;
	h->dl_len = h->have_download ? h->bytes : 0;
	if (h->dl_len && r->body)
		memcpy(fh_area, r->body, h->dl_len);
	h->dl_data = fh_area;
}

/* Forgets the script and the GETs made so far (for a test that runs several copies). */
static void script_restart(void)
{
	memset(fh.replies, 0, sizeof(fh.replies));
	memset(fh.gets, 0, sizeof(fh.gets));
	fh.nreplies = 0;
	fh.starts = 0;
}

/* Appends a reply to the script: the server's next answer. */
static struct reply *reply(int status, const char *reason)
{
	struct reply *r;

	assert_true(fh.nreplies < REPLIES_MAX);
	r = &fh.replies[fh.nreplies++];
	memset(r, 0, sizeof(*r));
	r->status = status;
	r->reason = reason;
	r->connected = true;
	return r;
}

/* 200 OK with @len bytes at @data, a mark's worth a poll. */
static struct reply *reply_ok(const void *data, size_t len)
{
	struct reply *r = reply(200, "OK");

	r->body = data;
	r->len = len;
	r->step = MARK_BYTES;
	return r;
}

static struct reply *reply_redirect(int status, const char *location)
{
	struct reply *r = reply(status, "Moved");

	r->location = location;
	return r;
}

/* A transport or protocol failure: no status. */
static struct reply *reply_fail(int err, bool connected, const char *why)
{
	struct reply *r = reply(0, NULL);

	r->err = err;
	r->connected = connected;
	r->why = why;
	return r;
}

/* ---- the request, as the server reads it -------------------------------------------------------- */

struct parsed_req {
	char line[400];
	unsigned int n;
	char name[REQ_FIELDS_MAX][32];
	char value[REQ_FIELDS_MAX][400];
};

/* Splits a request into its request line and "name: value" fields, ended by a blank line. */
static void parse_req(const char *req, struct parsed_req *p)
{
	const char *s = req, *eol = strstr(s, "\r\n"), *colon;

	memset(p, 0, sizeof(*p));
	assert_non_null(eol);
	assert_true((size_t)(eol - s) < sizeof(p->line));
	memcpy(p->line, s, (size_t)(eol - s));
	for (s = eol + 2; (eol = strstr(s, "\r\n")) != NULL && eol != s; s = eol + 2) {
		colon = memchr(s, ':', (size_t)(eol - s));
		assert_non_null(colon);
		assert_int_equal(colon[1], ' ');
		assert_true(p->n < REQ_FIELDS_MAX);
		assert_true((size_t)(colon - s) < sizeof(p->name[0]));
		assert_true((size_t)(eol - colon - 2) < sizeof(p->value[0]));
		memcpy(p->name[p->n], s, (size_t)(colon - s));
		memcpy(p->value[p->n], colon + 2, (size_t)(eol - colon - 2));
		p->n++;
	}
	assert_non_null(eol);
	assert_string_equal(eol, "\r\n"); /* the blank line ends it, nothing follows */
}

/* The value of field @name (in any case), NULL when absent; a field sent twice fails. */
static const char *req_field(const struct parsed_req *p, const char *name)
{
	const char *v = NULL;
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		if (strcasecmp(p->name[i], name))
			continue;
		if (v)
			fail_msg("%s sent twice", name);
		v = p->value[i];
	}
	return v;
}

/*
 * Checks GET @i: "GET @path HTTP/1.1", Host @host, Authorization "Basic @auth" (NULL: none),
 * and the fields every request has.
 */
static void check_get(unsigned int i, const char *path, const char *host, const char *auth)
{
	struct parsed_req p;
	char want[400];
	const char *v;

	assert_true(i < fh.starts);
	parse_req(fh.gets[i].req, &p);
	snprintf(want, sizeof(want), "GET %s HTTP/1.1", path);
	assert_string_equal(p.line, want);
	assert_non_null(req_field(&p, "Host"));
	assert_string_equal(req_field(&p, "Host"), host);
	assert_string_equal(req_field(&p, "Connection"), "close");
	assert_non_null(req_field(&p, "User-Agent"));
	v = req_field(&p, "Authorization");
	if (!auth) {
		if (v)
			fail_msg("GET %u carries Authorization: %s", i, v);
		return;
	}
	assert_non_null(v);
	snprintf(want, sizeof(want), "Basic %s", auth);
	assert_string_equal(v, want);
}

/* ---- the unit ---------------------------------------------------------------------------------- */

/* A unit with flash (the running image 6.3(5) and its key), inside at 10.0.2.15/24, HTTP. */
static int setup(void **state)
{
	struct fake_os *o = fake_os_new(2);

	memset(&fh, 0, sizeof(fh));
	fh.f = &o->f;
	fh.net = (struct mon_net){
		.up = fh_up, .poll = fh_net_poll, .download = fh_download, .ctx = &fh
	};
	fh.ops = (struct os_http_ops){ .start = fh_start,
				       .poll = fh_poll,
				       .bytes = fh_bytes,
				       .abort = fh_abort,
				       .result = fh_result,
				       .ctx = &fh };
	fake_os_flash(o, 2, &fake_os_key_all);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "ip address inside 10.0.2.15 255.255.255.0"), 0);
	o->plat.net = &fh.net;
	o->plat.http = &fh.ops;
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* The header hash of the image the next flash boot runs. */
static void boot_image_hash(struct fake_os *o, uint8_t hash[IMG_SHA256_LEN])
{
	struct layout_image im;

	assert_int_equal(layout_find_boot_image(&o->sim.f, &im), 0);
	assert_int_equal(
		layout_read_image(&o->sim.f, &im, IMG_HDR_HASHED_LEN, hash, IMG_SHA256_LEN), 0);
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

/* "!" @n times, then a line end when @n is not 0. */
static const char *marks(size_t n)
{
	static char buf[LIMIT_BYTES / MARK_BYTES + 2];

	assert_true(n + 2 <= sizeof(buf));
	memset(buf, '!', n);
	buf[n] = n ? '\n' : '\0';
	buf[n + 1] = '\0';
	return buf;
}

/* Nothing was written to the flash: the image that boots is still the running one. */
static void assert_flash_unchanged(struct fake_os *o, uint64_t writes)
{
	assert_int_equal(o->sim.writes, writes);
	assert_int_equal(os_flash_image_differs(&o->os), 0);
}

/* ---- os_http_shown ----------------------------------------------------------------------------- */

static void test_shown(void **state)
{
	static const struct {
		const char *url, *shown;
	} cases[] = {
		{ "http://10.0.2.2/pix.bin", "http://10.0.2.2/pix.bin" },
		{ "http://10.0.2.2", "http://10.0.2.2/" },
		{ "http://10.0.2.2:80/a", "http://10.0.2.2/a" },
		{ "http://10.0.2.2:443/a", "http://10.0.2.2:443/a" },
		{ "http://10.0.2.2:8080/a?b=c#frag", "http://10.0.2.2:8080/a?b=c" },
		{ "https://web/a", "https://web/a" },
		{ "https://web:443/a", "https://web/a" },
		{ "https://web:80/a", "https://web:80/a" },
		{ "HTTP://Web:65535/A", "http://Web:65535/A" },
		{ "http://admin:s3cret@10.0.2.2/a", "http://admin@10.0.2.2/a" },
		{ "http://admin@10.0.2.2:81/a", "http://admin@10.0.2.2:81/a" },
		{ "http://:s3cret@10.0.2.2/a", "http://10.0.2.2/a" },
		{ "http://ad%6Din:p%40ss@10.0.2.2/a", "http://admin@10.0.2.2/a" },
	};
	char shown[OS_URL_SHOWN_MAX];
	struct http_target t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (http_url_parse(cases[i].url, &t))
			fail_msg("'%s' refused", cases[i].url);
		os_http_shown(&t, shown, sizeof(shown));
		assert_string_equal(shown, cases[i].shown);
	}
	/* the longest URL fits OS_URL_SHOWN_MAX */
	memset(&t, 0, sizeof(t));
	t.https = true;
	t.port = 65535;
	memset(t.user, 'u', HTTP_USER_MAX);
	memset(t.host, 'h', HTTP_HOST_MAX);
	memset(t.path, 'p', HTTP_PATH_MAX);
	t.path[0] = '/';
	os_http_shown(&t, shown, sizeof(shown));
	assert_int_equal(strlen(shown),
			 strlen("https://@:65535") + HTTP_USER_MAX + HTTP_HOST_MAX + HTTP_PATH_MAX);
}

/* ---- copy http://... flash ---------------------------------------------------------------------- */

static void test_copy_installs_an_image(void **state)
{
	struct fake_os *o = *state;
	uint8_t hash[IMG_SHA256_LEN];
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(4)", 100000, 7, &len);
	char want[512];

	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), 0);
	snprintf(want, sizeof(want),
		 "copying http://10.0.2.2/pix.bin to flash:image\n!!!\nReceived %zu bytes\n"
		 "Writing image to flash.\nImage installed\n",
		 len);
	assert_string_equal(fake_os_out(o), want);
	/* the marks came while the body arrived, not at its end */
	assert_int_equal(fh.polls, 4);
	assert_int_equal(fh.marks_seen, 3);
	assert_int_equal(fh.starts, 1);
	assert_int_equal(fh.results, 1);
	assert_int_equal(fh.aborts, 0);
	assert_int_equal(fh.downloads, 1);
	assert_int_equal(fh.gets[0].server, SERVER);
	assert_int_equal(fh.gets[0].port, 80);
	assert_false(fh.gets[0].tls);
	assert_string_equal(fh.gets[0].host, "10.0.2.2");
	check_get(0, "/pix.bin", "10.0.2.2", NULL);
	/* the interface that routes to the server */
	assert_int_equal(fh.ups, 1);
	assert_int_equal(fh.up_iface, 1);
	assert_int_equal(fh.up_addr, 0x0a00020f);
	assert_int_equal(fh.up_mask, 0xffffff00);
	assert_int_equal(fh.up_gw, 0);
	assert_true(o->os.net_up);
	assert_int_equal(o->os.net_iface, 1);
	boot_image_hash(o, hash);
	assert_memory_equal(hash, img + IMG_HDR_HASHED_LEN, IMG_SHA256_LEN);
	assert_int_equal(os_flash_image_differs(&o->os), 1);
	free(img);
}

/* flash:pdm writes the PDM area; the image slots are not touched. */
static void test_copy_pdm(void **state)
{
	struct fake_os *o = *state;
	struct img_info info;
	size_t len;
	uint8_t *pdm = make_pdm("3.0(4)", 70000, 15, &len);
	char want[512];

	reply_ok(pdm, len);
	assert_int_equal(layout_read_pdm(&o->sim.f, &info), -LAYOUT_ENOPDM);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pdm/pdm.bin flash:pdm"), 0);
	snprintf(want, sizeof(want),
		 "copying http://10.0.2.2/pdm/pdm.bin to flash:pdm\n!!\nReceived %zu bytes\n"
		 "Writing PDM archive to flash.\nPDM installed\n",
		 len);
	assert_string_equal(fake_os_out(o), want);
	check_get(0, "/pdm/pdm.bin", "10.0.2.2", NULL);
	assert_int_equal(layout_read_pdm(&o->sim.f, &info), 0);
	assert_int_equal(info.kind, IMG_KIND_PDM);
	assert_int_equal(info.payload_size, 70000);
	assert_int_equal(os_flash_image_differs(&o->os), 0);
	free(pdm);
}

/* The file name in the install's messages is the last part of the path (of the last URL). */
static void test_copy_install_refusals(void **state)
{
	struct fake_os *o = *state;
	static uint8_t junk[4096];
	uint64_t writes = o->sim.writes;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 3000, 12, &len);
	char want[512];

	memset(junk, 'j', sizeof(junk));
	reply_ok(junk, sizeof(junk));
	assert_true(fake_os_exec(o, "copy http://10.0.2.2/dir/junk.bin flash") < 0);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/dir/junk.bin to flash:image\n"
					    "Received 4096 bytes\n"
					    "ERROR: junk.bin is not a PIX image (no PIXIMAGE "
					    "header)\n"
					    "Image not installed\n");
	reply_redirect(302, "/images/pix.bin");
	reply_ok(img, len);
	assert_true(fake_os_exec(o, "copy http://10.0.2.2/latest flash:pdm") < 0);
	snprintf(want, sizeof(want),
		 "copying http://10.0.2.2/latest to flash:pdm\n"
		 "Redirected to http://10.0.2.2/images/pix.bin\n"
		 "Received %zu bytes\n"
		 "ERROR: pix.bin is a PIX OS image, not a PDM archive (copy it to flash:image)\n"
		 "PDM not installed\n",
		 len);
	assert_string_equal(fake_os_out(o), want);
	assert_flash_unchanged(o, writes);
	free(img);
}

/* The port is shown when not the scheme's; the user without the password, which is sent. */
static void test_copy_port_and_credentials(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);
	static const char want[] = "copying http://admin@10.0.2.2:8080/dir/pix.bin to flash:image\n"
				   "Received 1512 bytes\nWriting image to flash\nImage installed\n";
	int err;

	reply_ok(img, len);
	err = fake_os_exec(o, "copy http://admin:s3cret@10.0.2.2:8080/dir/pix.bin flash");
	assert_int_equal(err, 0);
	assert_string_equal(fake_os_out(o), want);
	assert_null(strstr(fake_os_out(o), "s3cret"));
	assert_int_equal(fh.gets[0].port, 8080);
	assert_string_equal(fh.gets[0].host, "10.0.2.2");
	check_get(0, "/dir/pix.bin", "10.0.2.2:8080", "YWRtaW46czNjcmV0" /* admin:s3cret */);
	/* the default port, given: not shown, not in Host */
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2:80/pix.bin flash"), 0);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	assert_int_equal(fh.gets[1].port, 80);
	check_get(1, "/pix.bin", "10.0.2.2", NULL);
	free(img);
}

/* %XX escapes in the user and password are decoded before Basic authentication. */
static void test_copy_percent_decoded_credentials(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://ad%6Din:p%40ss%3Aw@10.0.2.2/pix.bin flash"),
			 0);
	assert_string_equal(fake_os_out(o), "copying http://admin@10.0.2.2/pix.bin to flash:image\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	assert_null(strstr(fake_os_out(o), "p@ss"));
	assert_null(strstr(fake_os_out(o), "p%40ss"));
	check_get(0, "/pix.bin", "10.0.2.2", "YWRtaW46cEBzczp3" /* admin:p@ss:w */);
	free(img);
}

/* A password never reaches the console, whatever the outcome. */
static void test_copy_password_never_shown(void **state)
{
	struct fake_os *o = *state;

	reply_redirect(301, "/b");
	reply(401, "Unauthorized");
	assert_int_equal(fake_os_exec(o, "copy http://admin:s3cret@10.0.2.2/a flash"), -ENOENT);
	assert_string_equal(fake_os_out(o), "copying http://admin@10.0.2.2/a to flash:image\n"
					    "Redirected to http://admin@10.0.2.2/b\n"
					    "ERROR: http://admin@10.0.2.2/b: the server answered "
					    "401 Unauthorized (the user or password was refused)\n"
					    "Image not installed\n");
	check_get(1, "/b", "10.0.2.2", "YWRtaW46czNjcmV0");
	reply_fail(-ECONNRESET, true, NULL);
	assert_int_equal(fake_os_exec(o, "copy http://admin:s3cret@10.0.2.2/a flash"), -ECONNRESET);
	assert_null(strstr(fake_os_out(o), "s3cret"));
	assert_string_equal(fake_os_out(o), "copying http://admin@10.0.2.2/a to flash:image\n"
					    "ERROR: http://admin@10.0.2.2/a: connection reset by "
					    "the server\n"
					    "Image not installed\n");
}

/* ---- redirects ------------------------------------------------------------------------------- */

/* 301, 302, 303, 307 and 308 are followed, five of them at most, in every Location form. */
static void test_redirects_followed(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	reply_redirect(301, "http://10.0.2.2:8080/a");
	reply_redirect(302, "/b?x=1");
	reply_redirect(303, "//10.0.2.3:8080/c");
	reply_redirect(307, "HTTP://10.0.2.2/d#frag");
	reply_redirect(308, "/pix.bin");
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/start flash"), 0);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/start to flash:image\n"
					    "Redirected to http://10.0.2.2:8080/a\n"
					    "Redirected to http://10.0.2.2:8080/b?x=1\n"
					    "Redirected to http://10.0.2.3:8080/c\n"
					    "Redirected to http://10.0.2.2/d\n"
					    "Redirected to http://10.0.2.2/pix.bin\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	assert_int_equal(fh.starts, 6);
	check_get(0, "/start", "10.0.2.2", NULL);
	check_get(1, "/a", "10.0.2.2:8080", NULL);
	check_get(2, "/b?x=1", "10.0.2.2:8080", NULL);
	check_get(3, "/c", "10.0.2.3:8080", NULL);
	check_get(4, "/d", "10.0.2.2", NULL);
	check_get(5, "/pix.bin", "10.0.2.2", NULL);
	assert_int_equal(fh.gets[2].port, 8080);
	assert_int_equal(fh.gets[3].server, 0x0a000203);
	assert_int_equal(fh.gets[4].port, 80);
	free(img);
}

/* A sixth redirect is not followed. */
static void test_redirect_limit(void **state)
{
	struct fake_os *o = *state;
	uint64_t writes = o->sim.writes;

	reply_redirect(302, "/1");
	reply_redirect(302, "/2");
	reply_redirect(302, "/3");
	reply_redirect(302, "/4");
	reply_redirect(302, "/5");
	reply_redirect(302, "/6");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/0 flash"), -ELOOP);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/0 to flash:image\n"
					    "Redirected to http://10.0.2.2/1\n"
					    "Redirected to http://10.0.2.2/2\n"
					    "Redirected to http://10.0.2.2/3\n"
					    "Redirected to http://10.0.2.2/4\n"
					    "Redirected to http://10.0.2.2/5\n"
					    "ERROR: http://10.0.2.2/5: more than 5 redirects\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 6);
	assert_int_equal(fh.downloads, 0);
	assert_flash_unchanged(o, writes);
}

/* The user and password go on to the same scheme, host and port only, and never come back. */
static void test_redirect_credentials(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	assert_int_equal(fake_os_exec(o, "name 10.0.2.2 web"), 0);
	reply_redirect(302, "/b");
	reply_redirect(302, "http://WEB/c"); /* the same host, in another case */
	reply_redirect(302, "http://web:8080/d"); /* another port */
	reply_redirect(302, "http://web/e"); /* back: they are not restored */
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://admin:pw@web/a flash"), 0);
	assert_string_equal(fake_os_out(o), "copying http://admin@web/a to flash:image\n"
					    "Redirected to http://admin@web/b\n"
					    "Redirected to http://admin@WEB/c\n"
					    "Redirected to http://web:8080/d\n"
					    "Redirected to http://web/e\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	check_get(0, "/a", "web", "YWRtaW46cHc=" /* admin:pw */);
	check_get(1, "/b", "web", "YWRtaW46cHc=");
	check_get(2, "/c", "WEB", "YWRtaW46cHc=");
	check_get(3, "/d", "web:8080", NULL);
	check_get(4, "/e", "web", NULL);
	/* another host, by address: dropped */
	script_restart();
	reply_redirect(301, "http://10.0.2.3/pix.bin");
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://admin:pw@10.0.2.2/pix.bin flash"), 0);
	assert_string_equal(fake_os_out(o), "copying http://admin@10.0.2.2/pix.bin to flash:image\n"
					    "Redirected to http://10.0.2.3/pix.bin\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	check_get(0, "/pix.bin", "10.0.2.2", "YWRtaW46cHc=");
	check_get(1, "/pix.bin", "10.0.2.3", NULL);
	assert_int_equal(fh.gets[1].server, 0x0a000203);
	free(img);
}

/* A Location this image cannot use stops the copy. */
static void test_redirect_refused(void **state)
{
	static const char *const bad[] = {
		"ftp://10.0.2.2/pix.bin",
		"pix.bin",
		"../pix.bin",
		"http://u:p@10.0.2.2/x",
		"http://10.0.2.2:0/x",
		"http://10.0.2.2:99999/x",
		"http:///x",
		"//",
		"http://h s/x",
		"/a b",
	};
	struct fake_os *o = *state;
	uint64_t writes = o->sim.writes;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		script_restart();
		reply_redirect(302, bad[i]);
		if (fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash") != -EINVAL)
			fail_msg("Location '%s' not refused", bad[i]);
		assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to "
						    "flash:image\n"
						    "ERROR: http://10.0.2.2/pix.bin: redirect to a "
						    "location this image cannot use\n"
						    "Image not installed\n");
		assert_int_equal(fh.starts, 1);
	}
	/* a redirect without a Location is the answer itself */
	script_restart();
	reply(302, "Found");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENOENT);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: http://10.0.2.2/pix.bin: the server answered "
					    "302 Found\n"
					    "Image not installed\n");
	/* to https: followed, over TLS on port 443 */
	reply_redirect(301, "https://10.0.2.2/pix.bin");
	reply(404, "Not Found");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENOENT);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "Redirected to https://10.0.2.2/pix.bin\n"
					    "ERROR: https://10.0.2.2/pix.bin: the server answered "
					    "404 Not Found\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 3);
	assert_true(fh.gets[2].tls);
	assert_int_equal(fh.gets[2].port, 443);
	assert_flash_unchanged(o, writes);
}

/* From https to http is refused, after the https answer; https to https is followed. */
static void test_redirect_https_to_http(void **state)
{
	struct fake_os *o = *state;
	struct http_target t;

	assert_int_equal(http_redirect_target("/x", true, "10.0.2.2", 443, &t), 0);
	assert_true(t.https);
	reply_redirect(302, "http://10.0.2.2/pix.bin");
	assert_int_equal(fake_os_exec(o, "copy https://10.0.2.2/pix.bin flash"), -EPERM);
	assert_string_equal(fake_os_out(o), "copying https://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: https://10.0.2.2/pix.bin: redirect from https "
					    "to "
					    "http refused\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 1);
	assert_true(fh.gets[0].tls);
}

/* ---- answers and failures ----------------------------------------------------------------------- */

/* Any final status but 2xx: the server's status line; nothing fetched is installed. */
static void test_copy_status_errors(void **state)
{
	static const struct {
		int status;
		const char *reason, *said;
	} cases[] = {
		{ 404, "Not Found", "the server answered 404 Not Found" },
		{ 401, "Unauthorized",
		  "the server answered 401 Unauthorized (give a user and password: "
		  "http[s]://user:password@location/pathname)" },
		{ 403, "Forbidden", "the server answered 403 Forbidden" },
		{ 500, "Internal Server Error", "the server answered 500 Internal Server Error" },
		{ 304, "Not Modified", "the server answered 304 Not Modified" },
		{ 199, "", "the server answered 199 " },
	};
	struct fake_os *o = *state;
	uint64_t writes = o->sim.writes;
	char want[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reply(cases[i].status, cases[i].reason)->location = "/elsewhere";
		assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENOENT);
		snprintf(want, sizeof(want),
			 "copying http://10.0.2.2/pix.bin to flash:image\n"
			 "ERROR: http://10.0.2.2/pix.bin: %s\nImage not installed\n",
			 cases[i].said);
		assert_string_equal(fake_os_out(o), want);
	}
	assert_int_equal(fh.starts, ARRAY_SIZE(cases));
	assert_int_equal(fh.downloads, 0);
	assert_flash_unchanged(o, writes);
}

/* Each way a GET can fail, said exactly, after the marks of what arrived. */
static void test_copy_transport_failures(void **state)
{
	static const struct {
		int err;
		bool connected;
		const char *why;
		size_t len; /* body bytes stored before the failure */
		bool no_length;
		uint64_t length;
		const char *said;
	} cases[] = {
		{ -ECONNREFUSED, false, NULL, 0, false, 0, ": connection refused by the server" },
		{ -ECONNRESET, true, NULL, 65636, false, 0, ": connection reset by the server" },
		{ -ETIMEDOUT, false, NULL, 0, false, 0, ": no answer from the server" },
		{ -ETIMEDOUT, true, NULL, 40000, false, 0, ": the server stopped sending" },
		{ -ETIMEDOUT, true, "", 0, false, 0, ": the server stopped sending" },
		{ -ECANCELED, true, NULL, 0, false, 0, ": transfer aborted" },
		{ -EFBIG, true, "file larger than the download area", 0, false, 20000000,
		  " is 20000000 bytes, more than the 16777216 bytes of RAM for downloads" },
		{ -EFBIG, true, "file larger than the download area", LIMIT_BYTES, true, 0,
		  " is more than the 16777216 bytes of RAM for downloads" },
		{ -EPROTO, true, "malformed status line", 0, false, 0,
		  ": bad answer from the server: malformed status line" },
		{ -EPIPE, true, "connection closed before the end of the body", 1000, false, 5000,
		  ": bad answer from the server: connection closed before the end of the body" },
		{ -EOPNOTSUPP, true, "unsupported Transfer-Encoding", 0, false, 0,
		  ": bad answer from the server: unsupported Transfer-Encoding" },
	};
	static uint8_t body[LIMIT_BYTES];
	struct fake_os *o = *state;
	uint64_t writes = o->sim.writes;
	unsigned int polls;
	struct reply *r;
	char want[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		r = reply_ok(body, cases[i].len);
		r->step = 8 * MARK_BYTES;
		r->err = cases[i].err;
		r->connected = cases[i].connected;
		r->why = cases[i].why;
		r->no_length = cases[i].no_length;
		r->length = cases[i].length;
		assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"),
				 cases[i].err);
		snprintf(want, sizeof(want),
			 "copying http://10.0.2.2/pix.bin to flash:image\n%s"
			 "ERROR: http://10.0.2.2/pix.bin%s\nImage not installed\n",
			 marks(cases[i].len / MARK_BYTES), cases[i].said);
		assert_string_equal(fake_os_out(o), want);
	}
	/* the connection aborted by lwIP; an error the messages do not name, with and without words */
	reply_fail(-ECONNABORTED, true, "");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ECONNABORTED);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: http://10.0.2.2/pix.bin: connection aborted\n"
					    "Image not installed\n");
	reply_fail(-EIO, true, "the request could not be sent");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -EIO);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: http://10.0.2.2/pix.bin: transfer error: the "
					    "request could not be sent\n"
					    "Image not installed\n");
	reply_fail(-EIO, true, "");
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -EIO);
	snprintf(want, sizeof(want),
		 "copying http://10.0.2.2/pix.bin to flash:image\n"
		 "ERROR: http://10.0.2.2/pix.bin: transfer error (%d)\nImage not installed\n",
		 -EIO);
	assert_string_equal(fake_os_out(o), want);
	/* start() failing: nothing ran, the result is not read */
	reply_fail(-ENOMEM, false, "no memory for a connection")->start_err = -ENOMEM;
	polls = fh.polls;
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENOMEM);
	assert_int_equal(fh.polls, polls); /* not polled */
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: http://10.0.2.2/pix.bin: no memory for the "
					    "connection\n"
					    "Image not installed\n");
	assert_int_equal(fh.downloads, 0);
	assert_flash_unchanged(o, writes);
}

/* A failure after a redirect names the URL it was fetching. */
static void test_copy_failure_after_redirect(void **state)
{
	struct fake_os *o = *state;

	reply_redirect(302, "http://10.0.2.2:8080/pix.bin");
	reply_fail(-ECONNREFUSED, false, NULL);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ECONNREFUSED);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "Redirected to http://10.0.2.2:8080/pix.bin\n"
					    "ERROR: http://10.0.2.2:8080/pix.bin: connection "
					    "refused by the server\n"
					    "Image not installed\n");
}

/* Runs a transfer that only ends when aborted; @key comes at @after_ms. */
static void run_aborted(struct fake_os *o, int key, uint64_t after_ms)
{
	static uint8_t body[1 << 20];
	uint64_t writes = o->sim.writes;
	char want[512];

	script_restart();
	fh.polls = fh.aborts = fh.polls_after_abort = 0;
	reply_ok(body, sizeof(body))->hang = true;
	fake_key(&o->f, 'x'); /* other keys do not stop it */
	fake_key_at(&o->f, o->f.now_ms + after_ms, key);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ECANCELED);
	assert_int_equal(fh.aborts, 1);
	assert_int_equal(fh.polls_after_abort, 1); /* it waited for the end */
	assert_true(fh.bytes_at_abort >= 2 * MARK_BYTES);
	assert_true(fh.bytes_at_abort < sizeof(body));
	snprintf(want, sizeof(want),
		 "copying http://10.0.2.2/pix.bin to flash:image\n%s"
		 "ERROR: http://10.0.2.2/pix.bin: transfer aborted\nImage not installed\n",
		 marks(fh.bytes_at_abort / MARK_BYTES));
	assert_string_equal(fake_os_out(o), want);
	assert_int_equal(o->f.in_pos, o->f.in_len); /* both keys were read */
	assert_int_equal(fh.downloads, 0);
	assert_flash_unchanged(o, writes);
}

/* Esc or BREAK during the transfer aborts it. */
static void test_copy_escape_aborts(void **state)
{
	struct fake_os *o = *state;

	run_aborted(o, KEY_ESC, 40);
	run_aborted(o, MON_CON_BREAK, 60);
}

/* https: the same GET over TLS (port 443 or as given); the platform's TLS refusals in words. */
static void test_copy_https(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(4)", 1000, 9, &len);

	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy HTTPS://admin:pw@10.0.2.2:8443/pix.bin flash"), 0);
	assert_true(fh.gets[0].tls);
	assert_int_equal(fh.gets[0].port, 8443);
	assert_string_equal(fh.gets[0].host, "10.0.2.2");
	check_get(0, "/pix.bin", "10.0.2.2:8443", "YWRtaW46cHc="); /* admin:pw */
	reply_fail(-EACCES, true, "the server's certificate is not signed by a trusted CA");
	assert_int_equal(fake_os_exec(o, "copy https://10.0.2.2/pix.bin flash"), -EACCES);
	assert_string_equal(fake_os_out(o), "copying https://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: https://10.0.2.2/pix.bin: the server's "
					    "certificate "
					    "is not signed by a trusted CA; nothing was sent to "
					    "it\n"
					    "Image not installed\n");
	reply_fail(-ECONNABORTED, false, "no cipher suite in common with the server");
	assert_int_equal(fake_os_exec(o, "copy https://10.0.2.2/pix.bin flash:pdm"), -ECONNABORTED);
	assert_string_equal(fake_os_out(o), "copying https://10.0.2.2/pix.bin to flash:pdm\n"
					    "ERROR: https://10.0.2.2/pix.bin: no cipher suite in "
					    "common "
					    "with the server\n"
					    "PDM not installed\n");
	reply_fail(-ENOKEY, false, NULL)->start_err = -ENOKEY;
	assert_int_equal(fake_os_exec(o, "copy https://10.0.2.2/pix.bin flash"), -ENOKEY);
	assert_string_equal(fake_os_out(o), "copying https://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: https://10.0.2.2/pix.bin: no trust anchor in "
					    "flash "
					    "to check the server with; add the CA certificate that "
					    "signed its certificate (pix-flash trust FILE --add "
					    "CERT.pem)\n"
					    "Image not installed\n");
	reply_fail(-ENXIO, false, NULL)->start_err = -ENXIO;
	assert_int_equal(fake_os_exec(o, "copy https://10.0.2.2/pix.bin flash"), -ENXIO);
	assert_string_equal(fake_os_out(o), "copying https://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: https://10.0.2.2/pix.bin: https needs a "
					    "hardware "
					    "random number generator (RDRAND) and this unit has "
					    "none\n"
					    "Image not installed\n");
	free(img);
}

static void test_copy_bad_arguments(void **state)
{
	static const char *const bad[] = {
		"copy http:pix.bin flash",
		"copy http:/pix.bin flash",
		"copy http:// flash",
		"copy http://10.0.2.2:0/pix.bin flash",
		"copy http://10.0.2.2:65536/pix.bin flash",
		"copy http://10.0.2.2:x/pix.bin flash",
		"copy http://a%zz@10.0.2.2/pix.bin flash",
		"copy http://a:b%0a@10.0.2.2/pix.bin flash",
		"copy http://10.0.2.2/pix.bin disk",
		"copy http://10.0.2.2/pix.bin flash:x",
		"copy httpx://10.0.2.2/pix.bin flash",
	};
	struct fake_os *o = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (fake_os_exec(o, bad[i]) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_string_equal(fake_os_out(o), USAGE);
	}
	assert_int_equal(fh.starts, 0);
}

/* Without a network, or without HTTP, nothing is tried. */
static void test_copy_no_network(void **state)
{
	struct fake_os *o = *state;
	static const char want[] = "copying http://10.0.2.2/pix.bin to flash:image\n"
				   "ERROR: copy: this unit has no network\n"
				   "Image not installed\n";

	o->plat.http = NULL;
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENODEV);
	assert_string_equal(fake_os_out(o), want);
	o->plat.http = &fh.ops;
	o->plat.net = NULL;
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENODEV);
	assert_string_equal(fake_os_out(o), want);
	o->plat.http = NULL;
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/pix.cfg"), -ENODEV);
	assert_string_equal(fake_os_out(o), "ERROR: configure: this unit has no network\n");
	assert_int_equal(fh.starts, 0);
	assert_int_equal(fh.ups, 0);
}

/* A location is an address or a name of the name table. */
static void test_copy_host_names(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	assert_int_equal(fake_os_exec(o, "copy http://nohost/pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), "copying http://nohost/pix.bin to flash:image\n"
					    "ERROR: 'nohost' is not a host address or name (no "
					    "name server to ask: dns name-server if_name "
					    "ip_address)\n"
					    "Image not installed\n");
	assert_int_equal(fake_os_exec(o, "copy http://224.0.0.5/pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), "copying http://224.0.0.5/pix.bin to flash:image\n"
					    "ERROR: '224.0.0.5' is not a host address or name\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 0);
	assert_int_equal(fake_os_exec(o, "name 10.0.2.2 web-1"), 0);
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://Web-1:8080/pix.bin flash"), 0);
	assert_string_equal(fake_os_out(o), "copying http://Web-1:8080/pix.bin to flash:image\n"
					    "Received 1512 bytes\nWriting image to flash\n"
					    "Image installed\n");
	assert_int_equal(fh.gets[0].server, SERVER);
	assert_string_equal(fh.gets[0].host, "Web-1");
	check_get(0, "/pix.bin", "Web-1:8080", NULL);
	/* a redirect to a name the unit does not know */
	reply_redirect(302, "http://mirror/pix.bin");
	assert_int_equal(fake_os_exec(o, "copy http://web-1/pix.bin flash"), -EINVAL);
	assert_string_equal(fake_os_out(o), "copying http://web-1/pix.bin to flash:image\n"
					    "Redirected to http://mirror/pix.bin\n"
					    "ERROR: 'mirror' is not a host address or name (no "
					    "name server to ask: dns name-server if_name "
					    "ip_address)\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 2);
	free(img);
}

/* Each GET goes out over the interface that routes to its server. */
static void test_copy_routes(void **state)
{
	struct fake_os *o = *state;
	size_t len;
	uint8_t *img = fake_os_make_image("6.3(5)", 1000, 8, &len);

	assert_int_equal(fake_os_exec(o, "copy http://192.168.1.1/pix.bin flash"), -EHOSTUNREACH);
	assert_string_equal(fake_os_out(o), "copying http://192.168.1.1/pix.bin to flash:image\n"
					    "ERROR: copy: no route to the host (ip address, "
					    "route)\n"
					    "Image not installed\n");
	assert_int_equal(fake_os_exec(o, "ip address outside 192.168.7.1 255.255.255.0"), 0);
	assert_int_equal(fake_os_exec(o, "route outside 0 0 192.168.7.254"), 0);
	reply_redirect(302, "http://172.16.9.9/pix.bin");
	reply_ok(img, len);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), 0);
	assert_int_equal(fh.ups, 2);
	assert_int_equal(fh.gets[0].iface, 1);
	assert_int_equal(fh.gets[1].iface, 0);
	assert_int_equal(fh.gets[1].server, 0xac100909);
	assert_int_equal(fh.up_addr, 0xc0a80701);
	assert_int_equal(fh.up_gw, 0xc0a807fe);
	assert_int_equal(o->os.net_iface, 0);
	/* a shut interface is said and not used */
	assert_int_equal(fake_os_exec(o, "interface ethernet1 auto shutdown"), 0);
	assert_int_equal(fake_os_exec(o, "copy http://10.0.2.2/pix.bin flash"), -ENETDOWN);
	assert_string_equal(fake_os_out(o), "copying http://10.0.2.2/pix.bin to flash:image\n"
					    "ERROR: copy: interface inside is shut down\n"
					    "Image not installed\n");
	assert_int_equal(fh.starts, 2);
	free(img);
}

/* os_http_fetch() alone: the download, the URL last fetched, and the password wiped. */
static void test_fetch(void **state)
{
	struct fake_os *o = *state;
	static const uint8_t body[] = "hostname x\n";
	char shown[OS_URL_SHOWN_MAX];
	struct http_target t;
	const uint8_t *data = NULL;
	uint64_t len = 0;
	static const char zero[HTTP_PASS_MAX + 1];

	reply_redirect(307, "/x.cfg");
	reply_ok(body, sizeof(body) - 1);
	assert_int_equal(http_url_parse("http://admin:s3cret@10.0.2.2/a.cfg", &t), 0);
	assert_int_equal(os_http_fetch(&o->os, &t, "copy", &data, &len, shown, sizeof(shown)), 0);
	assert_ptr_equal(data, fh_area);
	assert_int_equal(len, sizeof(body) - 1);
	assert_memory_equal(data, body, sizeof(body) - 1);
	assert_string_equal(shown, "http://admin@10.0.2.2/x.cfg");
	assert_string_equal(t.path, "/x.cfg");
	assert_memory_equal(t.pass, zero, sizeof(t.pass));
	assert_string_equal(fake_os_out(o), "Redirected to http://admin@10.0.2.2/x.cfg\n"
					    "Received 11 bytes\n");
	/* wiped on failure too */
	reply(404, "Not Found");
	assert_int_equal(http_url_parse("http://admin:s3cret@10.0.2.2/a.cfg", &t), 0);
	fake_os_clear(o);
	assert_int_equal(os_http_fetch(&o->os, &t, "copy", &data, &len, shown, sizeof(shown)),
			 -ENOENT);
	assert_memory_equal(t.pass, zero, sizeof(t.pass));
	assert_int_equal(http_url_parse("https://admin:s3cret@10.0.2.2/a.cfg", &t), 0);
	reply_fail(-EACCES, true, "the server's certificate is for another name");
	assert_int_equal(os_http_fetch(&o->os, &t, "copy", &data, &len, shown, sizeof(shown)),
			 -EACCES);
	assert_memory_equal(t.pass, zero, sizeof(t.pass));
	o->plat.http = NULL;
	assert_int_equal(http_url_parse("http://admin:s3cret@10.0.2.2/a.cfg", &t), 0);
	assert_int_equal(os_http_fetch(&o->os, &t, "copy", &data, &len, shown, sizeof(shown)),
			 -ENODEV);
	assert_memory_equal(t.pass, zero, sizeof(t.pass));
	assert_string_equal(shown, "http://admin@10.0.2.2/a.cfg");
	assert_null(strstr(fake_os_out(o), "s3cret"));
}

/* ---- configure http://... ------------------------------------------------------------------------ */

/* The lines of a fetched configuration merge into the running one; those not applied are said. */
static void test_configure_http(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = "hostname fetched\nbogus line\nname 10.0.2.9 srv\n";
	static const char good[] = "hostname again\n";
	static const char two_bad[] = "bogus 1\nhostname third\nbogus 2\n";

	reply_ok(conf, sizeof(conf) - 1);
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/pix.cfg"), -EINVAL);
	assert_string_equal(fake_os_out(o), "Received 46 bytes\n"
					    "http line 2: bogus line\n"
					    "ERROR: 'bogus' is not a command this image knows\n"
					    "1 line of http://10.0.2.2/pix.cfg not applied\n");
	assert_string_equal(o->os.run.hostname, "fetched");
	assert_non_null(os_addr_name(&o->os.run, 0x0a000209));
	assert_int_equal(o->os.mode, OS_MODE_CONFIG);
	check_get(0, "/pix.cfg", "10.0.2.2", NULL);
	assert_int_equal(fh.up_iface, 1);
	/* every line applied */
	reply_ok(good, sizeof(good) - 1);
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/good.cfg"), 0);
	assert_string_equal(fake_os_out(o), "Received 15 bytes\n");
	assert_string_equal(o->os.run.hostname, "again");
	/* over a redirect, with credentials and a port: the URL said is the last one, no password */
	reply_redirect(302, "/cfg/two.cfg");
	reply_ok(two_bad, sizeof(two_bad) - 1);
	assert_int_equal(fake_os_exec(o, "configure http://admin:s3cret@10.0.2.2:8080/x"), -EINVAL);
	assert_string_equal(fake_os_out(o), "Redirected to http://admin@10.0.2.2:8080/cfg/two.cfg\n"
					    "Received 31 bytes\n"
					    "http line 1: bogus 1\n"
					    "ERROR: 'bogus' is not a command this image knows\n"
					    "http line 3: bogus 2\n"
					    "ERROR: 'bogus' is not a command this image knows\n"
					    "2 lines of http://admin@10.0.2.2:8080/cfg/two.cfg not "
					    "applied\n");
	check_get(2, "/x", "10.0.2.2:8080", "YWRtaW46czNjcmV0");
	check_get(3, "/cfg/two.cfg", "10.0.2.2:8080", "YWRtaW46czNjcmV0");
	assert_string_equal(o->os.run.hostname, "third");
}

/* A configuration fetched over https is wiped from the download area once merged; over http
 * (it crossed the wire in clear) it stays, as a TFTP download does. */
static void test_configure_https_wiped(void **state)
{
	struct fake_os *o = *state;
	static const char conf[] = "hostname secret\n";
	static const uint8_t zero[sizeof(conf) - 1];

	reply_ok(conf, sizeof(conf) - 1);
	assert_int_equal(fake_os_exec(o, "configure https://10.0.2.2/pix.cfg"), 0);
	assert_string_equal(fake_os_out(o), "Received 16 bytes\n");
	assert_true(fh.gets[0].tls);
	assert_string_equal(o->os.run.hostname, "secret");
	assert_memory_equal(fh_area, zero, sizeof(zero));
	reply_ok(conf, sizeof(conf) - 1);
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/pix.cfg"), 0);
	assert_memory_equal(fh_area, conf, sizeof(conf) - 1);
}

static void test_configure_http_refusals(void **state)
{
	struct fake_os *o = *state;
	static char big[OS_CONFIG_TEXT_MAX + 1];

	assert_int_equal(fake_os_exec(o, "configure"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: incomplete command\n");
	assert_int_equal(fake_os_exec(o, "configure http:/pix.cfg"), -EINVAL);
	assert_string_equal(fake_os_out(o), CONF_USAGE);
	assert_int_equal(fake_os_exec(o, "configure ftp://10.0.2.2/pix.cfg"), -EINVAL);
	assert_string_equal(fake_os_out(o), CONF_USAGE);
	reply_fail(-ENOKEY, false, NULL)->start_err = -ENOKEY;
	assert_int_equal(fake_os_exec(o, "configure https://10.0.2.2/pix.cfg"), -ENOKEY);
	assert_string_equal(fake_os_out(o), "ERROR: https://10.0.2.2/pix.cfg: no trust anchor in "
					    "flash to check the server with; add the CA "
					    "certificate "
					    "that signed its certificate (pix-flash trust FILE "
					    "--add "
					    "CERT.pem)\n");
	assert_int_equal(fh.starts, 1);
	assert_true(fh.gets[0].tls);
	reply(404, "Not Found");
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/none.cfg"), -ENOENT);
	assert_string_equal(fake_os_out(o), "ERROR: http://10.0.2.2/none.cfg: the server answered "
					    "404 Not Found\n");
	reply_fail(-ETIMEDOUT, false, NULL);
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/pix.cfg"), -ETIMEDOUT);
	assert_string_equal(fake_os_out(o), "ERROR: http://10.0.2.2/pix.cfg: no answer from the "
					    "server\n");
	memset(big, '\n', sizeof(big));
	reply_ok(big, sizeof(big));
	assert_int_equal(fake_os_exec(o, "configure http://10.0.2.2/big.cfg"), -E2BIG);
	assert_string_equal(fake_os_out(o), "!\nReceived 65281 bytes\n"
					    "ERROR: http://10.0.2.2/big.cfg is 65281 bytes, more "
					    "than a configuration's 65280\n");
	assert_string_equal(o->os.run.hostname, "pixfirewall");
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shown),
		T(test_copy_installs_an_image),
		T(test_copy_pdm),
		T(test_copy_install_refusals),
		T(test_copy_port_and_credentials),
		T(test_copy_percent_decoded_credentials),
		T(test_copy_password_never_shown),
		T(test_redirects_followed),
		T(test_redirect_limit),
		T(test_redirect_credentials),
		T(test_redirect_refused),
		T(test_redirect_https_to_http),
		T(test_copy_status_errors),
		T(test_copy_transport_failures),
		T(test_copy_failure_after_redirect),
		T(test_copy_escape_aborts),
		T(test_copy_https),
		T(test_copy_bad_arguments),
		T(test_copy_no_network),
		T(test_copy_host_names),
		T(test_copy_routes),
		T(test_fetch),
		T(test_configure_http),
		T(test_configure_https_wiped),
		T(test_configure_http_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
