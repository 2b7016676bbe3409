/*
 * libFuzzer harness for net/http.c. The input's first byte picks the limit, whether the sink
 * refuses, and a canned start of a response (so that bodies are reached at once); its second
 * seeds the cuts; the rest is the server's response (after the canned start). It is fed
 * whole and then cut in pieces of sizes drawn from the seed; the two runs must agree on
 * everything, body bytes must reach the sink in order, from inside the input, never past the
 * limit, and only for a 2xx status. The whole input, as a string, also goes through
 * http_url_parse() and http_redirect_target(): what they accept must hold only the allowed
 * characters, fit, and make a request http_request_build() takes; and through
 * http_request_build() as a path, user and password, whose request must keep its line count.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/http.h"

#define FZ_SUNK_MAX 65536
#define FZ_WORD_MAX 1024
#define FZ_SINK_FAIL 0x08 /* first byte: the sink refuses once the body passes a few bytes */
#define FZ_FAIL_AT 5
#define FZ_PREFIX_SHIFT 4 /* first byte: bits 4 to 7 pick a canned start */

static const char *const fz_prefixes[16] = {
	"",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n",
	"HTTP/1.0 200 OK\r\n\r\n",
	"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n",
	"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n",
	"HTTP/1.1 200 OK\r\n",
	"HTTP/1.1 302 Found\r\nLocation: ",
	"HTTP/1.1 200 OK\r\nContent-Length: ",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: ",
	"HTTP/1.1 204 No Content\r\n",
	"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 3\r\n\r\n",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: ",
	"HTTP/1.1 301 Moved\r\nLocation: /a\r\nLocation: ",
	"HTTP/1.1 ",
};

static const uint64_t fz_limits[8] = { 0, 1, 7, 64, 1000, 65536, UINT64_MAX - 1, UINT64_MAX };

/* One run: the parser, and what the sink saw. */
struct fz_run {
	struct http_resp r;
	const uint8_t *base; /* the response fed */
	size_t len;
	const uint8_t *next; /* where the sink's next bytes may start at the earliest */
	bool refuse;
	size_t sunk;
	uint8_t copy[FZ_SUNK_MAX];
	int feed;
	int eof;
};

static struct fz_run fz_whole, fz_cut;

static int fz_sink(void *ctx, const uint8_t *data, size_t len)
{
	struct fz_run *o = ctx;

	if (len == 0 || data < o->next || data + len > o->base + o->len)
		abort(); /* empty, out of order, or not from the input */
	if (!o->r.chunked && o->sunk && data != o->next)
		abort(); /* a body framed by length or close is one run of bytes */
	if (o->r.status < 200 || o->r.status > 299 || o->sunk + len > o->r.limit)
		abort();
	if (o->refuse && o->sunk + len > FZ_FAIL_AT)
		return -ENOSPC;
	memcpy(o->copy + o->sunk, data, len);
	o->sunk += len;
	o->next = data + len;
	return 0;
}

/* Feeds the response whole (@seed 0) or in pieces of 1 to a seed-drawn maximum bytes. */
static void fz_feed(struct fz_run *o, const uint8_t *resp, size_t len, uint64_t limit, bool refuse,
		    unsigned int seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t at = 0, n, most = seed % 64 + 1;

	o->base = resp;
	o->len = len;
	o->next = resp;
	o->refuse = refuse;
	o->sunk = 0;
	http_resp_init(&o->r, fz_sink, o, limit);
	o->feed = http_resp_feed(&o->r, resp, 0);
	while (at < len) {
		x = x * 1103515245u + 12345u;
		n = seed ? (x >> 16) % most + 1 : len - at;
		if (n > len - at)
			n = len - at;
		o->feed = http_resp_feed(&o->r, resp + at, n);
		at += n;
	}
	o->eof = http_resp_eof(&o->r);
}

static bool fz_known_error(int rc)
{
	return rc == -EPROTO || rc == -E2BIG || rc == -EOPNOTSUPP || rc == -EFBIG || rc == -EPIPE ||
	       rc == -ENOSPC;
}

/* What one run gives must make sense on its own. */
static void fz_check_run(const struct fz_run *o)
{
	const struct http_resp *r = &o->r;
	size_t i;

	if ((o->feed != 0 && o->feed != 1 && !fz_known_error(o->feed)) || o->feed == -EPIPE)
		abort();
	if (o->eof != 1 && !fz_known_error(o->eof))
		abort();
	if ((o->feed < 0 && o->eof != o->feed) || (o->feed == 1 && o->eof != 1))
		abort(); /* errors stick; a complete response stays complete */
	if ((r->err != 0) != (r->why != NULL) || (r->err && r->err != o->eof) ||
	    strcmp(http_resp_error(r), r->why ? r->why : ""))
		abort();
	if (http_status_is_redirect(r->status) && r->status / 100 != 3)
		abort();
	if (r->status != 0 && (r->status < 100 || r->status > 599))
		abort();
	for (i = 0; r->reason[i]; i++)
		if (r->reason[i] < ' ' || r->reason[i] > '~' || i >= HTTP_REASON_MAX)
			abort();
	if (strlen(r->location) > HTTP_LOCATION_MAX || (r->location_too_long && r->location[0]))
		abort();
	if (r->has_length && r->chunked)
		abort();
	if (o->sunk > r->limit || o->sunk > r->body)
		abort();
	if (!o->refuse && r->status >= 200 && r->status <= 299 && o->sunk != r->body)
		abort(); /* a 2xx body is all sunk */
	if (o->eof == 1 && r->has_length && r->status >= 200 && r->status != 204 &&
	    r->status != 304 && r->body != r->content_length)
		abort();
}

/* Both runs saw the same response. */
static void fz_check_same(const struct fz_run *a, const struct fz_run *b)
{
	const struct http_resp *x = &a->r, *y = &b->r;

	if (a->feed != b->feed || a->eof != b->eof || x->why != y->why)
		abort();
	if (a->refuse)
		return; /* where a refusing sink stops depends on the pieces it is handed */
	if (x->status != y->status || strcmp(x->reason, y->reason) ||
	    x->has_length != y->has_length || x->content_length != y->content_length ||
	    x->chunked != y->chunked || x->body != y->body || strcmp(x->location, y->location) ||
	    x->location_too_long != y->location_too_long ||
	    x->www_authenticate != y->www_authenticate || x->header_done != y->header_done ||
	    a->sunk != b->sunk || memcmp(a->copy, b->copy, a->sunk))
		abort();
}

static bool fz_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

/* Lines ("\r\n") in a request; any other CR or LF aborts. */
static unsigned int fz_lines(const char *req, int len)
{
	unsigned int lines = 0;
	int i;

	for (i = 0; i < len; i++) {
		if (req[i] == '\r' && req[i + 1] == '\n') {
			lines++;
			i++;
		} else if (req[i] == '\r' || req[i] == '\n' || req[i] == '\0') {
			abort();
		}
	}
	return lines;
}

/* A request built from accepted parts has its fixed lines (one more with credentials). */
static void fz_check_request(const char *host, uint16_t port, bool https, const char *path,
			     const char *user, const char *pass)
{
	static char req[4 * FZ_WORD_MAX];
	int len = http_request_build(req, sizeof(req), host, port, https, path, user, pass);
	bool auth = (user && user[0]) || (pass && pass[0]);

	if (len == -EINVAL)
		return;
	if (len < 0 || (size_t)len != strlen(req) || fz_lines(req, len) != 6u + auth)
		abort();
}

/* A target that http_url_parse() or http_redirect_target() accepted. */
static void fz_check_target(const struct http_target *t)
{
	static char req[4 * FZ_WORD_MAX];
	size_t i;

	if (!t->host[0] || strlen(t->host) > HTTP_HOST_MAX || t->port == 0 || t->path[0] != '/' ||
	    strlen(t->path) > HTTP_PATH_MAX || strlen(t->user) > HTTP_USER_MAX ||
	    strlen(t->pass) > HTTP_PASS_MAX)
		abort();
	for (i = 0; t->host[i]; i++)
		if (!fz_host_char(t->host[i]))
			abort();
	for (i = 0; t->path[i]; i++)
		if (t->path[i] <= ' ' || t->path[i] > '~' || t->path[i] == '#')
			abort();
	for (i = 0; t->user[i]; i++)
		if ((uint8_t)t->user[i] < ' ' || t->user[i] == 0x7f || t->user[i] == ':')
			abort();
	for (i = 0; t->pass[i]; i++)
		if ((uint8_t)t->pass[i] < ' ' || t->pass[i] == 0x7f)
			abort();
	if (http_request_build(req, sizeof(req), t->host, t->port, t->https, t->path, t->user,
			       t->pass) < 0)
		abort();
}

/* The value of base64 character @c, or -1. */
static int fz_b64_value(char c)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz"
				       "0123456789+/";
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

/* http_base64() of the input, into a buffer of an input-drawn size: decoded, it is the input. */
static void fz_base64(const uint8_t *data, size_t size)
{
	static char out[4 * FZ_WORD_MAX];
	static uint8_t back[FZ_WORD_MAX];
	size_t cap = size ? (size_t)data[0] * 8 : 0, want, i, n = 0;
	uint32_t acc = 0;
	int rc, bits = 0, v;

	if (size > FZ_WORD_MAX)
		size = FZ_WORD_MAX;
	want = (size + 2) / 3 * 4;
	rc = http_base64(out, cap, data, size);
	if (rc == -E2BIG && cap <= want)
		return;
	if (rc < 0 || (size_t)rc != want || strlen(out) != want)
		abort();
	for (i = 0; i < want && out[i] != '='; i++) {
		v = fz_b64_value(out[i]);
		if (v < 0)
			abort();
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			back[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (n != size || memcmp(back, data, size) || want - i > 2)
		abort();
}

/* A redirect to @word from a request over http or https: no credentials, no downgrade. */
static void fz_redirect(const char *word, bool https)
{
	struct http_target t;
	int rc = http_redirect_target(word, https, "cur.host", 8080, &t);

	if (rc == 0) {
		fz_check_target(&t);
		if (t.user[0] || t.pass[0] || (https && !t.https) || !http_same_server(&t, &t))
			abort();
	} else if (rc != -EINVAL && rc != -E2BIG && rc != -EPERM) {
		abort();
	}
}

static void fz_urls(const uint8_t *data, size_t size)
{
	static const struct http_target zero;
	char word[FZ_WORD_MAX];
	struct http_target t;
	bool https = size && (data[0] & 1);
	int rc;

	if (size >= sizeof(word))
		size = sizeof(word) - 1;
	memcpy(word, data, size);
	word[size] = '\0';
	rc = http_url_parse(word, &t);
	if (rc == 0)
		fz_check_target(&t);
	else if ((rc != -EINVAL && rc != -E2BIG) || memcmp(&t, &zero, sizeof(t)))
		abort();
	fz_redirect(word, false);
	fz_redirect(word, true);
	fz_check_request("h", 8080, https, word, NULL, NULL);
	fz_check_request("h", 80, https, "/", word, "p");
	fz_check_request("h", 443, https, "/", NULL, word);
	fz_check_request(word, 443, https, "/", NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t resp[FZ_SUNK_MAX];
	const char *prefix;
	size_t len;
	uint64_t limit;
	bool refuse;

	fz_urls(data, size);
	fz_base64(data, size);
	if (size < 2)
		return 0;
	prefix = fz_prefixes[data[0] >> FZ_PREFIX_SHIFT];
	len = strlen(prefix);
	if (size - 2 > sizeof(resp) - len)
		return 0;
	memcpy(resp, prefix, len);
	memcpy(resp + len, data + 2, size - 2);
	len += size - 2;
	limit = fz_limits[data[0] & 7];
	refuse = data[0] & FZ_SINK_FAIL;
	fz_feed(&fz_whole, resp, len, limit, refuse, 0);
	fz_check_run(&fz_whole);
	fz_feed(&fz_cut, resp, len, limit, refuse, data[1] + 1u);
	fz_check_run(&fz_cut);
	fz_check_same(&fz_whole, &fz_cut);
	return 0;
}
