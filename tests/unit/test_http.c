/*
 * Unit tests of net/http.c: the request and base64, the response parser (every rule, good and
 * bad, each vector fed whole, cut at every position and at every pair of positions, and a byte
 * at a time), limits, overflow, early closes in every state, URLs and redirects.
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

#include "net/http.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LIMIT (1u << 20) /* the download area of most vectors */
#define SUNK_MAX (64 * 1024)
#define PAIRS_MAX 200 /* vectors up to this long are also cut at every pair of positions */
#define CUTS_ALL 4096 /* longer vectors are cut at every position of their last CUTS_ALL bytes */
#define CUTS_STRIDE 61 /* and at every CUTS_STRIDE-th position before */
#define ZERO_LIMIT UINT64_C(0x5a5a5a5a5a5a5a5a) /* a vector's limit of 0 (0 there is LIMIT) */

#define OK200 "HTTP/1.1 200 OK\r\n"
#define LIT(s) s, sizeof(s) - 1 /* a vector's bytes and length, for those holding a NUL */
#define CHUNKED "Transfer-Encoding: chunked\r\n"

/* ---- harness ---------------------------------------------------------------------------------- */

/* Everything a run of the parser produced; two runs agree when all of it does. */
struct outcome {
	int feed; /* the last http_resp_feed() result */
	int eof; /* http_resp_eof() afterwards */
	struct http_resp r;
	size_t sunk_len;
	uint8_t sunk[SUNK_MAX];
};

static int sink_append(void *ctx, const uint8_t *data, size_t len)
{
	struct outcome *o = ctx;

	assert_true(len > 0);
	assert_true(o->sunk_len + len <= SUNK_MAX);
	assert_true(o->sunk_len + len <= o->r.limit);
	memcpy(o->sunk + o->sunk_len, data, len);
	o->sunk_len += len;
	return 0;
}

/* Feeds @in (@n bytes) cut at the @ncuts ascending positions @cuts, then closes. */
static void run(struct outcome *o, const char *in, size_t n, const size_t *cuts, size_t ncuts,
		uint64_t limit)
{
	size_t at = 0, i, end;

	o->sunk_len = 0;
	http_resp_init(&o->r, sink_append, o, limit);
	o->feed = http_resp_feed(&o->r, NULL, 0);
	for (i = 0; i <= ncuts; i++) {
		end = i < ncuts ? cuts[i] : n;
		o->feed = http_resp_feed(&o->r, (const uint8_t *)in + at, end - at);
		at = end;
	}
	o->eof = http_resp_eof(&o->r);
}

/* Fails unless two runs agree on everything the caller can see. */
static void same_outcome(const struct outcome *a, const struct outcome *b, const char *name,
			 size_t c1, size_t c2)
{
	const struct http_resp *x = &a->r, *y = &b->r;

	if (a->feed != b->feed || a->eof != b->eof || x->status != y->status ||
	    strcmp(x->reason, y->reason) || x->has_length != y->has_length ||
	    x->content_length != y->content_length || x->chunked != y->chunked ||
	    x->body != y->body || strcmp(x->location, y->location) ||
	    x->location_too_long != y->location_too_long ||
	    x->www_authenticate != y->www_authenticate || x->header_done != y->header_done ||
	    x->err != y->err || x->why != y->why || a->sunk_len != b->sunk_len ||
	    memcmp(a->sunk, b->sunk, a->sunk_len))
		fail_msg("%s: cut at %zu,%zu: feed %d/%d eof %d/%d why '%s'/'%s' sunk %zu/%zu",
			 name, c1, c2, a->feed, b->feed, a->eof, b->eof, http_resp_error(x),
			 http_resp_error(y), a->sunk_len, b->sunk_len);
}

static struct outcome whole, part;

/* A response and what it must give, fed whole. */
struct vec {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	uint64_t limit; /* 0: LIMIT; ZERO_LIMIT: 0 */
	int feed; /* the last feed's result */
	int eof; /* then http_resp_eof()'s */
	int status;
	const char *body; /* what the sink got */
	const char *why; /* the error text ("" none) */
};

/*
 * Checks @v fed whole, then that every way of cutting it gives the same outcome: at each
 * position (long vectors: at each of the last CUTS_ALL, where their bounds are, and every
 * CUTS_STRIDE-th before), at each pair of positions (short vectors), and one byte at a time.
 */
static void check_vec(const struct vec *v)
{
	size_t n = v->len ? v->len : strlen(v->in);
	uint64_t limit = v->limit == ZERO_LIMIT ? 0 : v->limit ? v->limit : LIMIT;
	size_t cuts[2], i, j, *bytes;

	run(&whole, v->in, n, NULL, 0, limit);
	if (whole.feed != v->feed || whole.eof != v->eof || whole.r.status != v->status ||
	    strcmp(http_resp_error(&whole.r), v->why) || whole.sunk_len != strlen(v->body) ||
	    memcmp(whole.sunk, v->body, whole.sunk_len))
		fail_msg("%s: feed %d eof %d status %d why '%s' sunk %zu '%.*s'", v->name,
			 whole.feed, whole.eof, whole.r.status, http_resp_error(&whole.r),
			 whole.sunk_len, (int)whole.sunk_len, (const char *)whole.sunk);
	for (i = 0; i <= n; i++) {
		if (n - i > CUTS_ALL && i % CUTS_STRIDE)
			continue;
		cuts[0] = i;
		run(&part, v->in, n, cuts, 1, limit);
		same_outcome(&whole, &part, v->name, i, i);
		for (j = i; n <= PAIRS_MAX && j <= n; j++) {
			cuts[1] = j;
			run(&part, v->in, n, cuts, 2, limit);
			same_outcome(&whole, &part, v->name, i, j);
		}
	}
	bytes = malloc((n + 1) * sizeof(*bytes));
	assert_non_null(bytes);
	for (i = 0; i < n; i++)
		bytes[i] = i + 1;
	run(&part, v->in, n, bytes, n, limit);
	same_outcome(&whole, &part, v->name, 1, 1);
	free(bytes);
}

static void check_vecs(const struct vec *v, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		check_vec(&v[i]);
}

/* Feeds @in whole (no close) into a parser for a look at its fields. */
static int parse(struct http_resp *r, const char *in, uint64_t limit)
{
	http_resp_init(r, NULL, NULL, limit);
	return http_resp_feed(r, (const uint8_t *)in, strlen(in));
}

/* A string of @n copies of @c (static storage, freed by the next call). */
static char *repeat(char c, size_t n)
{
	static char *s;

	free(s);
	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- request and base64 ------------------------------------------------------------------------ */

static void test_base64_rfc4648(void **state)
{
	static const char *const vectors[][2] = {
		{ "", "" },
		{ "f", "Zg==" },
		{ "fo", "Zm8=" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	static const uint8_t bin[] = { 0x00, 0xff, 0xfe, 0x03, 0xe0 };
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		assert_int_equal(http_base64(out, sizeof(out), (const uint8_t *)vectors[i][0],
					     strlen(vectors[i][0])),
				 strlen(vectors[i][1]));
		assert_string_equal(out, vectors[i][1]);
	}
	assert_int_equal(http_base64(out, sizeof(out), bin, sizeof(bin)), 8);
	assert_string_equal(out, "AP/+A+A=");
}

static void test_base64_too_small(void **state)
{
	char out[16];
	size_t size;

	(void)state;
	for (size = 0; size < 9; size++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(http_base64(out, size, (const uint8_t *)"foobar", 6), -E2BIG);
		if (size)
			assert_int_equal(out[0], '\0');
		else
			assert_int_equal(out[0], 'x');
	}
	assert_int_equal(http_base64(out, 9, (const uint8_t *)"foobar", 6), 8);
	assert_int_equal(http_base64(out, 1, (const uint8_t *)"", 0), 0);
	assert_int_equal(http_base64(out, 4, (const uint8_t *)"f", SIZE_MAX), -E2BIG);
}

static void test_request_plain(void **state)
{
	static const char want[] = "GET /pix.bin HTTP/1.1\r\nHost: 10.0.2.2\r\n"
				   "User-Agent: PIX/6.3\r\nAccept: */*\r\nConnection: "
				   "close\r\n\r\n";
	char buf[512];

	(void)state;
	assert_int_equal(http_request_build(buf, sizeof(buf), "10.0.2.2", 80, false, "/pix.bin",
					    NULL, NULL),
			 strlen(want));
	assert_string_equal(buf, want);
	/* empty credentials are no credentials */
	assert_int_equal(http_request_build(buf, sizeof(buf), "10.0.2.2", 80, false, "/pix.bin", "",
					    ""),
			 strlen(want));
	assert_string_equal(buf, want);
}

/* The port is named in Host only when it is not the scheme's default. */
static void test_request_host_port(void **state)
{
	static const struct {
		uint16_t port;
		bool https;
		const char *host_line;
	} cases[] = {
		{ 80, false, "Host: h\r\n" },	     { 443, true, "Host: h\r\n" },
		{ 8080, false, "Host: h:8080\r\n" }, { 443, false, "Host: h:443\r\n" },
		{ 80, true, "Host: h:80\r\n" },	     { 65535, true, "Host: h:65535\r\n" },
		{ 1, false, "Host: h:1\r\n" },
	};
	char buf[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_true(http_request_build(buf, sizeof(buf), "h", cases[i].port, cases[i].https,
					       "/", NULL, NULL) > 0);
		assert_non_null(strstr(buf, cases[i].host_line));
	}
}

/* RFC 7617 section 2's example, a user without a password, a password with spaces. */
static void test_request_basic_auth(void **state)
{
	static const char want[] = "GET /f HTTP/1.1\r\nHost: h:8443\r\nUser-Agent: PIX/6.3\r\n"
				   "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
				   "Accept: */*\r\nConnection: close\r\n\r\n";
	char buf[512];

	(void)state;
	assert_int_equal(http_request_build(buf, sizeof(buf), "h", 8443, true, "/f", "Aladdin",
					    "open sesame"),
			 strlen(want));
	assert_string_equal(buf, want);
	assert_true(http_request_build(buf, sizeof(buf), "h", 80, false, "/", "u", NULL) > 0);
	assert_non_null(strstr(buf, "Authorization: Basic dTo=\r\n")); /* "u:" */
	assert_true(http_request_build(buf, sizeof(buf), "h", 80, false, "/", NULL, "p") > 0);
	assert_non_null(strstr(buf, "Authorization: Basic OnA=\r\n")); /* ":p" */
	assert_true(http_request_build(buf, sizeof(buf), "h", 80, false, "/", "\xc3\xa9", "") > 0);
	assert_non_null(strstr(buf, "Authorization: Basic w6k6\r\n")); /* UTF-8 bytes as sent */
}

/* Every buffer one byte too small, down to none, is -E2BIG; the exact size fits. */
static void test_request_too_small(void **state)
{
	char full[512], buf[512];
	int len;
	size_t size;

	(void)state;
	len = http_request_build(full, sizeof(full), "example.com", 8080, false, "/a/b?c=d", "user",
				 "secret");
	assert_true(len > 0);
	for (size = 0; size <= (size_t)len; size++) {
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(http_request_build(buf, size, "example.com", 8080, false,
						    "/a/b?c=d", "user", "secret"),
				 -E2BIG);
		if (size)
			assert_int_equal(buf[0], '\0');
	}
	assert_int_equal(http_request_build(buf, (size_t)len + 1, "example.com", 8080, false,
					    "/a/b?c=d", "user", "secret"),
			 len);
	assert_string_equal(buf, full);
}

/* Nothing that could split or end a request line or header gets in. */
static void test_request_invalid(void **state)
{
	static const char *const paths[] = { "",     "pix.bin", "/a b",	 "/a\r\nX: y", "/a\n",
					     "/a\r", "/a\t",	"/\x7f", "/\x80",      "/a\x01" };
	static const char *const hosts[] = { "",    "h/x",   "h:80", "h\r\n",
					     "h x", "[::1]", "h@g",  "h\x01" };
	static const char *const users[] = { "a:b", "a\r", "a\n", "a\x01", "\x7f" };
	static const char *const passes[] = { "p\n", "p\r\nX: y", "\x01", "\x7f" };
	char buf[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(paths); i++)
		assert_int_equal(http_request_build(buf, sizeof(buf), "h", 80, false, paths[i],
						    NULL, NULL),
				 -EINVAL);
	for (i = 0; i < ARRAY_SIZE(hosts); i++)
		assert_int_equal(http_request_build(buf, sizeof(buf), hosts[i], 80, false, "/",
						    NULL, NULL),
				 -EINVAL);
	for (i = 0; i < ARRAY_SIZE(users); i++)
		assert_int_equal(http_request_build(buf, sizeof(buf), "h", 80, false, "/", users[i],
						    "p"),
				 -EINVAL);
	for (i = 0; i < ARRAY_SIZE(passes); i++)
		assert_int_equal(http_request_build(buf, sizeof(buf), "h", 80, false, "/", "u",
						    passes[i]),
				 -EINVAL);
	assert_int_equal(http_request_build(buf, sizeof(buf), "h", 0, false, "/", NULL, NULL),
			 -EINVAL);
	assert_int_equal(http_request_build(buf, sizeof(buf), NULL, 80, false, "/", NULL, NULL),
			 -EINVAL);
	assert_int_equal(http_request_build(buf, sizeof(buf), "h", 80, false, NULL, NULL, NULL),
			 -EINVAL);
	assert_true(http_request_build(buf, sizeof(buf), "a-b_c.D9", 80, false,
				       "/~!$&'()*+,;=:@%20?q#f", "u ser", "p a:s s") > 0);
}

/* ---- the status line ---------------------------------------------------------------------------- */

static void test_status_line(void **state)
{
	static const struct vec v[] = {
		{ "cl", OK200 "Content-Length: 5\r\n\r\nhello", 0, 0, 1, 1, 200, "hello", "" },
		{ "bare lf", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", 0, 0, 1, 1, 200,
		  "hello", "" },
		{ "mixed line ends", "HTTP/1.1 200 OK\r\nContent-Length: 5\n\r\nhello", 0, 0, 1, 1,
		  200, "hello", "" },
		{ "1.0 close", "HTTP/1.0 200 OK\r\n\r\nhello world", 0, 0, 0, 1, 200, "hello world",
		  "" },
		{ "no reason", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, 0, 1, 1, 200, "",
		  "" },
		{ "empty reason", "HTTP/1.1 206 \r\nContent-Length: 1\r\n\r\nx", 0, 0, 1, 1, 206,
		  "x", "" },
		{ "reason with obs-text",
		  "HTTP/1.1 200 \303\247a va\tbien\r\nContent-Length: 0\r\n\r\n", 0, 0, 1, 1, 200,
		  "", "" },
		{ "599", "HTTP/1.1 599 X\r\n\r\n", 0, 0, 0, 1, 599, "", "" },
		{ "http/2", "HTTP/2 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "unsupported HTTP version" },
		{ "http/1.2", "HTTP/1.2 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "unsupported HTTP version" },
		{ "http/0.9", "HTTP/0.9 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "unsupported HTTP version" },
		{ "http/1.10", "HTTP/1.10 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "lower case", "http/1.1 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "icy", "ICY 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "short", "HTTP/1.1 20\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "4 digits", "HTTP/1.1 2000 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "two spaces", "HTTP/1.1  200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "not digits", "HTTP/1.1 2x0 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "099", "HTTP/1.1 099 X\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "600", "HTTP/1.1 600 X\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "tab", "HTTP/1.1\t200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "bare cr", "HTTP/1.1 200 O\rK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "cr cr lf", "HTTP/1.1 200 OK\r\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "nul", LIT("HTTP/1.1 200 O\0K\r\n\r\n"), 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "ctl", "HTTP/1.1 200 O\x1bK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "blank line first", "\r\nHTTP/1.1 200 OK\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 0, "",
		  "malformed status line" },
		{ "garbage", LIT("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n"), 0, -EPROTO,
		  -EPROTO, 0, "", "malformed status line" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* 1xx responses are skipped (their header only checked); the next status line is the one. */
static void test_interim_responses(void **state)
{
	static const struct vec v[] = {
		{ "100", "HTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 2\r\n\r\nok", 0, 0,
		  1, 1, 200, "ok", "" },
		{ "100 102 103",
		  "HTTP/1.1 100 Continue\r\nX: y\r\n\r\nHTTP/1.1 102 Processing\n\n"
		  "HTTP/1.1 103 Early Hints\r\nContent-Length: 99\r\n"
		  "Transfer-Encoding: gzip\r\nLocation: /x\r\n\r\n"
		  "HTTP/1.0 200 OK\r\n\r\nabc",
		  0, 0, 0, 1, 200, "abc", "" },
		{ "1xx then 404",
		  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\n"
		  "Content-Length: 1\r\n\r\nx",
		  0, 0, 1, 1, 404, "", "" },
		{ "1xx then garbage", "HTTP/1.1 100 Continue\r\n\r\nhello\r\n", 0, 0, -EPROTO,
		  -EPROTO, 0, "", "malformed status line" },
		{ "1xx header malformed", "HTTP/1.1 100 Continue\r\nbad\r\n\r\n", 0, 0, -EPROTO,
		  -EPROTO, 100, "", "malformed header" },
		{ "closed after 1xx", "HTTP/1.1 100 Continue\r\n\r\n", 0, 0, 0, -EPROTO, 0, "",
		  "connection closed before the end of the header" },
	};
	struct http_resp r;

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
	/* the interim response's fields are not the final one's */
	assert_int_equal(parse(&r, v[1].in, LIMIT), 0);
	assert_false(r.has_length);
	assert_false(r.chunked);
	assert_string_equal(r.location, "");
	assert_string_equal(r.reason, "OK");
}

/* The reason phrase: a copy, truncated, printable ASCII only. */
static void test_reason_phrase(void **state)
{
	char in[512];
	struct http_resp r;

	(void)state;
	assert_int_equal(parse(&r, "HTTP/1.1 404 Not Found\r\n", LIMIT), 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.reason, "Not Found");
	assert_int_equal(parse(&r, "HTTP/1.1 200 \303\247a va\tbien\r\n", LIMIT), 0);
	assert_string_equal(r.reason, "??a va?bien");
	snprintf(in, sizeof(in), "HTTP/1.1 500 %s\r\n", repeat('r', 300));
	assert_int_equal(parse(&r, in, LIMIT), 0);
	assert_int_equal(strlen(r.reason), HTTP_REASON_MAX);
	assert_int_equal(parse(&r, "HTTP/1.1 200\r\n", LIMIT), 0);
	assert_string_equal(r.reason, "");
}

/* ---- header lines --------------------------------------------------------------------------------- */

static void test_header_syntax(void **state)
{
	static const struct vec v[] = {
		{ "name case", OK200 "content-LENGTH: 3\r\n\r\nabc", 0, 0, 1, 1, 200, "abc", "" },
		{ "value trimmed", OK200 "Content-Length: \t 3 \t\r\n\r\nabc", 0, 0, 1, 1, 200,
		  "abc", "" },
		{ "no space", OK200 "Content-Length:3\r\n\r\nabc", 0, 0, 1, 1, 200, "abc", "" },
		{ "empty value", OK200 "X-Empty:\r\nY:  \r\nContent-Length: 1\r\n\r\nz", 0, 0, 1, 1,
		  200, "z", "" },
		{ "obs-text value", OK200 "X: caf\xc3\xa9\r\nContent-Length: 1\r\n\r\nz", 0, 0, 1,
		  1, 200, "z", "" },
		{ "tchars", OK200 "!#$%&'*+-.^_`|~09azAZ: v\r\nContent-Length: 0\r\n\r\n", 0, 0, 1,
		  1, 200, "", "" },
		{ "folding", OK200 "X: a\r\n b\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "obsolete line folding" },
		{ "folding tab", OK200 "X: a\r\n\tb\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "obsolete line folding" },
		{ "folding first", OK200 " X: a\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "obsolete line folding" },
		{ "no colon", OK200 "X\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "space before colon", OK200 "Content-Length : 1\r\n\r\nx", 0, 0, -EPROTO, -EPROTO,
		  200, "", "malformed header" },
		{ "empty name", OK200 ": v\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "bad name char", OK200 "X(y): v\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "ctl in value", OK200 "X: a\x01z\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "del in value", OK200 "X: a\x7fz\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "nul in value", LIT(OK200 "X: a\0z\r\n\r\n"), 0, -EPROTO, -EPROTO, 200, "",
		  "malformed header" },
		{ "bare cr in value", OK200 "X: a\rContent-Length: 1\r\n\r\nx", 0, 0, -EPROTO,
		  -EPROTO, 200, "", "malformed header" },
		{ "cr alone as blank", OK200 "Content-Length: 1\r\n\r\r\nx", 0, 0, -EPROTO, -EPROTO,
		  200, "", "malformed header" },
		{ "closed in status", "HTTP/1.1 2", 0, 0, 0, -EPROTO, 0, "",
		  "connection closed before the end of the header" },
		{ "closed after status", OK200, 0, 0, 0, -EPROTO, 200, "",
		  "connection closed before the end of the header" },
		{ "closed in header", OK200 "Content-Len", 0, 0, 0, -EPROTO, 200, "",
		  "connection closed before the end of the header" },
		{ "closed before blank", OK200 "Content-Length: 1\r\n", 0, 0, 0, -EPROTO, 200, "",
		  "connection closed before the end of the header" },
		{ "closed in blank", OK200 "Content-Length: 1\r\n\r", 0, 0, 0, -EPROTO, 200, "",
		  "connection closed before the end of the header" },
		{ "nothing", "", 0, 0, 0, -EPROTO, 0, "", "connection closed without a response" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* A 200 response built in a buffer: complete, with @body sunk. */
static void check_ok(const char *name, const char *in, const char *body)
{
	const struct vec v = { name, in, 0, 0, 1, 1, 200, body, "" };

	check_vec(&v);
}

/* A response built in a buffer: stopped with @err and @why, after @body, at @status. */
static void check_err(const char *name, const char *in, int status, const char *body, int err,
		      const char *why)
{
	const struct vec v = { name, in, 0, 0, err, err, status, body, why };

	check_vec(&v);
}

/* A line of exactly HTTP_LINE_MAX bytes (line end included) passes; one more byte fails. */
static void test_header_line_bound(void **state)
{
	static char in[4096];
	size_t fill = HTTP_LINE_MAX - strlen("X: ") - 2;

	(void)state;
	snprintf(in, sizeof(in), OK200 "X: %s\r\nContent-Length: 0\r\n\r\n", repeat('v', fill));
	check_ok("line max crlf", in, "");
	snprintf(in, sizeof(in), OK200 "X: %s\nContent-Length: 0\r\n\r\n", repeat('v', fill + 1));
	check_ok("line max lf", in, "");
	snprintf(in, sizeof(in), OK200 "X: %s\r\nContent-Length: 0\r\n\r\n", repeat('v', fill + 1));
	check_err("line max + 1", in, 200, "", -E2BIG, "header line too long");
	snprintf(in, sizeof(in), "HTTP/1.1 200 %s\r\nContent-Length: 0\r\n\r\n",
		 repeat('v', HTTP_LINE_MAX - 15));
	check_ok("status line max", in, "");
	snprintf(in, sizeof(in), "HTTP/1.1 200 %s\r\n\r\n", repeat('v', HTTP_LINE_MAX - 14));
	check_err("status line + 1", in, 0, "", -E2BIG, "status line too long");
}

/* The whole header (interim responses included) is bounded, however many lines it has. */
static void test_header_total_bound(void **state)
{
	static char in[HTTP_HEADER_MAX + 4096];
	size_t len, fill;
	char *p;

	(void)state;
	/* many short lines are fine */
	p = in + sprintf(in, OK200);
	while (p - in < 8000)
		p += sprintf(p, "A: b\r\n");
	sprintf(p, "Content-Length: 2\r\n\r\nok");
	check_ok("many lines", in, "ok");
	/* exactly HTTP_HEADER_MAX bytes from the status line to the blank line's LF */
	p = in + sprintf(in, "HTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 2\r\n");
	while (HTTP_HEADER_MAX - (size_t)(p - in) - 2 > 1000)
		p += sprintf(p, "X: %s\r\n", repeat('v', 995));
	len = (size_t)(p - in);
	fill = HTTP_HEADER_MAX - len - 2 - strlen("Y: \r\n");
	sprintf(p, "Y: %s\r\n\r\nok", repeat('v', fill));
	check_ok("header max", in, "ok");
	/* one byte more */
	sprintf(in + len, "Y: %s\r\n\r\nok", repeat('v', fill + 1));
	check_err("header max + 1", in, 200, "", -E2BIG, "header too long");
}

/* ---- framing: Content-Length -------------------------------------------------------------------- */

static void test_content_length(void **state)
{
	static const struct vec v[] = {
		{ "zero", OK200 "Content-Length: 0\r\n\r\n", 0, 0, 1, 1, 200, "", "" },
		{ "leading zeros", OK200 "Content-Length: 0003\r\n\r\nabc", 0, 0, 1, 1, 200, "abc",
		  "" },
		{ "same twice", OK200 "Content-Length: 3\r\ncontent-length: 3\r\n\r\nabc", 0, 0, 1,
		  1, 200, "abc", "" },
		{ "differ", OK200 "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabc", 0, 0,
		  -EPROTO, -EPROTO, 200, "", "conflicting Content-Length" },
		{ "letters", OK200 "Content-Length: abc\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "empty", OK200 "Content-Length:\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "plus", OK200 "Content-Length: +3\r\n\r\nabc", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "minus", OK200 "Content-Length: -1\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "hex", OK200 "Content-Length: 0x3\r\n\r\nabc", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "two numbers", OK200 "Content-Length: 3 3\r\n\r\nabc", 0, 0, -EPROTO, -EPROTO,
		  200, "", "bad Content-Length" },
		{ "list", OK200 "Content-Length: 3,3\r\n\r\nabc", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad Content-Length" },
		{ "uint64 max", OK200 "Content-Length: 18446744073709551615\r\n\r\nab", 0,
		  UINT64_MAX, 0, -EPIPE, 200, "ab",
		  "connection closed before the end of the body" },
		{ "uint64 max + 1", OK200 "Content-Length: 18446744073709551616\r\n\r\n", 0,
		  UINT64_MAX, -EPROTO, -EPROTO, 200, "", "bad Content-Length" },
		{ "20 nines", OK200 "Content-Length: 99999999999999999999\r\n\r\n", 0, UINT64_MAX,
		  -EPROTO, -EPROTO, 200, "", "bad Content-Length" },
		{ "long zeros", OK200 "Content-Length: 000000000000000000000000000000001\r\n\r\nx",
		  0, 0, 1, 1, 200, "x", "" },
		{ "longer body", OK200 "Content-Length: 2\r\n\r\nabc", 0, 0, -EPROTO, -EPROTO, 200,
		  "ab", "body longer than Content-Length" },
		{ "zero then data", OK200 "Content-Length: 0\r\n\r\n\r\n", 0, 0, -EPROTO, -EPROTO,
		  200, "", "body longer than Content-Length" },
		{ "closed early", OK200 "Content-Length: 5\r\n\r\nabc", 0, 0, 0, -EPIPE, 200, "abc",
		  "connection closed before the end of the body" },
		{ "closed at body", OK200 "Content-Length: 5\r\n\r\n", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
	};
	struct http_resp r;

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
	assert_int_equal(parse(&r, v[11].in, UINT64_MAX), 0);
	assert_true(r.has_length);
	assert_true(r.content_length == UINT64_MAX);
	assert_false(r.chunked);
	assert_true(r.header_done);
}

/* A Content-Length over the limit fails at the end of the header, before any byte is sunk. */
static void test_content_length_limit(void **state)
{
	static const struct vec v[] = {
		{ "over", OK200 "Content-Length: 6\r\n\r\nabcdef", 0, 5, -EFBIG, -EFBIG, 200, "",
		  "file larger than the download area" },
		{ "huge", OK200 "Content-Length: 18446744073709551615\r\n\r\nabcdef", 0, 5, -EFBIG,
		  -EFBIG, 200, "", "file larger than the download area" },
		{ "at", OK200 "Content-Length: 5\r\n\r\nabcde", 0, 5, 1, 1, 200, "abcde", "" },
		{ "zero limit", OK200 "Content-Length: 0\r\n\r\n", 0, ZERO_LIMIT, 1, 1, 200, "",
		  "" },
		{ "zero limit 1", OK200 "Content-Length: 1\r\n\r\nx", 0, ZERO_LIMIT, -EFBIG, -EFBIG,
		  200, "", "file larger than the download area" },
		{ "zero limit chunked", OK200 CHUNKED "\r\n1\r\nx\r\n0\r\n\r\n", 0, ZERO_LIMIT,
		  -EFBIG, -EFBIG, 200, "", "file larger than the download area" },
		{ "zero limit no body", OK200 CHUNKED "\r\n0\r\n\r\n", 0, ZERO_LIMIT, 1, 1, 200, "",
		  "" },
		{ "not for 404", "HTTP/1.1 404 Not Found\r\nContent-Length: 6\r\n\r\nabcdef", 0, 5,
		  1, 1, 404, "", "" },
		{ "chunked wins",
		  OK200 "Content-Length: 99\r\n" CHUNKED "\r\n3\r\nabc\r\n0\r\n\r\n", 0, 5, 1, 1,
		  200, "abc", "" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* ---- framing: chunked ---------------------------------------------------------------------------- */

static void test_transfer_encoding(void **state)
{
	static const struct vec v[] = {
		{ "chunked", OK200 CHUNKED "\r\n5\r\nhello\r\n0\r\n\r\n", 0, 0, 1, 1, 200, "hello",
		  "" },
		{ "case", OK200 "transfer-encoding: ChUnKeD\r\n\r\n1\r\nx\r\n0\r\n\r\n", 0, 0, 1, 1,
		  200, "x", "" },
		{ "empty list elements", OK200 "Transfer-Encoding: , chunked ,\r\n\r\n0\r\n\r\n", 0,
		  0, 1, 1, 200, "", "" },
		{ "cl then te", OK200 "Content-Length: 100\r\n" CHUNKED "\r\n2\r\nab\r\n0\r\n\r\n",
		  0, 0, 1, 1, 200, "ab", "" },
		{ "te then cl", OK200 CHUNKED "Content-Length: 1\r\n\r\n2\r\nab\r\n0\r\n\r\n", 0, 0,
		  1, 1, 200, "ab", "" },
		{ "gzip chunked", OK200 "Transfer-Encoding: gzip, chunked\r\n\r\n", 0, 0,
		  -EOPNOTSUPP, -EOPNOTSUPP, 200, "", "unsupported Transfer-Encoding" },
		{ "chunked gzip", OK200 "Transfer-Encoding: chunked, gzip\r\n\r\n", 0, 0,
		  -EOPNOTSUPP, -EOPNOTSUPP, 200, "", "unsupported Transfer-Encoding" },
		{ "identity", OK200 "Transfer-Encoding: identity\r\n\r\nabc", 0, 0, -EOPNOTSUPP,
		  -EOPNOTSUPP, 200, "", "unsupported Transfer-Encoding" },
		{ "parameter", OK200 "Transfer-Encoding: chunked;q=1\r\n\r\n", 0, 0, -EOPNOTSUPP,
		  -EOPNOTSUPP, 200, "", "unsupported Transfer-Encoding" },
		{ "chunkedx", OK200 "Transfer-Encoding: chunkedx\r\n\r\n", 0, 0, -EOPNOTSUPP,
		  -EOPNOTSUPP, 200, "", "unsupported Transfer-Encoding" },
		{ "chunked twice", OK200 "Transfer-Encoding: chunked, chunked\r\n\r\n", 0, 0,
		  -EPROTO, -EPROTO, 200, "", "malformed Transfer-Encoding" },
		{ "two headers", OK200 CHUNKED CHUNKED "\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed Transfer-Encoding" },
		{ "empty", OK200 "Transfer-Encoding:\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed Transfer-Encoding" },
		{ "commas", OK200 "Transfer-Encoding: , ,\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "malformed Transfer-Encoding" },
	};
	struct http_resp r;

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
	assert_int_equal(parse(&r, v[3].in, LIMIT), 1);
	assert_true(r.chunked);
	assert_false(r.has_length); /* Content-Length ignored */
	assert_int_equal(r.body, 2);
}

static void test_chunks(void **state)
{
	static const struct vec v[] = {
		{ "several", OK200 CHUNKED "\r\n3\r\nabc\r\nA\r\n0123456789\r\n1\r\n!\r\n0\r\n\r\n",
		  0, 0, 1, 1, 200, "abc0123456789!", "" },
		{ "hex cases", OK200 CHUNKED "\r\na\r\n0123456789\r\nB\r\nabcdefghijk\r\n0\r\n\r\n",
		  0, 0, 1, 1, 200, "0123456789abcdefghijk", "" },
		{ "leading zeros",
		  OK200 CHUNKED "\r\n00000000000000000000003\r\nabc\r\n000\r\n\r\n", 0, 0, 1, 1,
		  200, "abc", "" },
		{ "extensions", OK200 CHUNKED "\r\n3;name=val;x=\"q;r\"\r\nabc\r\n0;last\r\n\r\n",
		  0, 0, 1, 1, 200, "abc", "" },
		{ "ows before ext", OK200 CHUNKED "\r\n3 \t;x\r\nabc\r\n0 \r\n\r\n", 0, 0, 1, 1,
		  200, "abc", "" },
		{ "bare lf", OK200 CHUNKED "\n3\nabc\n0\n\n", 0, 0, 1, 1, 200, "abc", "" },
		{ "crlf in data", OK200 CHUNKED "\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n", 0, 0, 1, 1, 200,
		  "\r\n\r\n", "" },
		{ "trailer", OK200 CHUNKED "\r\n1\r\nx\r\n0\r\nX-Sum: 1\r\nY: 2\r\n\r\n", 0, 0, 1,
		  1, 200, "x", "" },
		{ "trailer names ignored", OK200 CHUNKED "\r\n0\r\nContent-Length: 9\r\n\r\n", 0, 0,
		  1, 1, 200, "", "" },
		{ "empty size", OK200 CHUNKED "\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad chunk size" },
		{ "not hex", OK200 CHUNKED "\r\ng\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad chunk size" },
		{ "leading space", OK200 CHUNKED "\r\n 3\r\nabc\r\n", 0, 0, -EPROTO, -EPROTO, 200,
		  "", "bad chunk size" },
		{ "minus", OK200 CHUNKED "\r\n-3\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad chunk size" },
		{ "0x", OK200 CHUNKED "\r\n0x3\r\nabc\r\n", 0, 0, -EPROTO, -EPROTO, 200, "",
		  "bad chunk size" },
		{ "junk after size", OK200 CHUNKED "\r\n3 x\r\nabc\r\n", 0, 0, -EPROTO, -EPROTO,
		  200, "", "bad chunk size" },
		{ "ctl in ext", OK200 CHUNKED "\r\n3;\x01\r\nabc\r\n", 0, 0, -EPROTO, -EPROTO, 200,
		  "", "bad chunk size" },
		{ "2^64", OK200 CHUNKED "\r\n10000000000000000\r\n", 0, UINT64_MAX, -EPROTO,
		  -EPROTO, 200, "", "bad chunk size" },
		{ "2^64 - 1 in 404",
		  "HTTP/1.1 404 Not Found\r\n" CHUNKED "\r\nFFFFFFFFFFFFFFFF\r\nab", 0, 0, 0,
		  -EPIPE, 404, "", "connection closed before the end of the body" },
		{ "no crlf after data", OK200 CHUNKED "\r\n3\r\nabcX\r\n0\r\n\r\n", 0, 0, -EPROTO,
		  -EPROTO, 200, "abc", "no CRLF after the chunk data" },
		{ "cr then junk", OK200 CHUNKED "\r\n3\r\nabc\rX\n0\r\n\r\n", 0, 0, -EPROTO,
		  -EPROTO, 200, "abc", "no CRLF after the chunk data" },
		{ "cr cr", OK200 CHUNKED "\r\n3\r\nabc\r\r\n0\r\n\r\n", 0, 0, -EPROTO, -EPROTO, 200,
		  "abc", "no CRLF after the chunk data" },
		{ "bad trailer", OK200 CHUNKED "\r\n0\r\nnot a header\r\n\r\n", 0, 0, -EPROTO,
		  -EPROTO, 200, "", "malformed trailer" },
		{ "folded trailer", OK200 CHUNKED "\r\n0\r\nX: a\r\n b\r\n\r\n", 0, 0, -EPROTO,
		  -EPROTO, 200, "", "obsolete line folding" },
		{ "data after end", OK200 CHUNKED "\r\n1\r\nx\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n", 0,
		  0, -EPROTO, -EPROTO, 200, "x", "data after the end of the response" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* A close anywhere in a chunked body is an early end. */
static void test_chunked_early_close(void **state)
{
	static const struct vec v[] = {
		{ "before size", OK200 CHUNKED "\r\n", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
		{ "in size", OK200 CHUNKED "\r\n3", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
		{ "in extension", OK200 CHUNKED "\r\n3;x=", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
		{ "in data", OK200 CHUNKED "\r\n3\r\nab", 0, 0, 0, -EPIPE, 200, "ab",
		  "connection closed before the end of the body" },
		{ "after data", OK200 CHUNKED "\r\n3\r\nabc", 0, 0, 0, -EPIPE, 200, "abc",
		  "connection closed before the end of the body" },
		{ "after cr", OK200 CHUNKED "\r\n3\r\nabc\r", 0, 0, 0, -EPIPE, 200, "abc",
		  "connection closed before the end of the body" },
		{ "after last size", OK200 CHUNKED "\r\n3\r\nabc\r\n0\r\n", 0, 0, 0, -EPIPE, 200,
		  "abc", "connection closed before the end of the body" },
		{ "in trailer", OK200 CHUNKED "\r\n0\r\nX: y\r\n", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
		{ "in final crlf", OK200 CHUNKED "\r\n0\r\n\r", 0, 0, 0, -EPIPE, 200, "",
		  "connection closed before the end of the body" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* A chunk that would take the body past the limit fails at its size line. */
static void test_chunked_limit(void **state)
{
	static const struct vec v[] = {
		{ "over", OK200 CHUNKED "\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 0, 5, -EFBIG,
		  -EFBIG, 200, "abc", "file larger than the download area" },
		{ "at", OK200 CHUNKED "\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n", 0, 6, 1, 1, 200,
		  "abcdef", "" },
		{ "first chunk", OK200 CHUNKED "\r\n7\r\nabcdefg\r\n0\r\n\r\n", 0, 6, -EFBIG,
		  -EFBIG, 200, "", "file larger than the download area" },
		{ "2^64 - 1", OK200 CHUNKED "\r\nffffffffffffffff\r\n", 0, UINT64_MAX - 1, -EFBIG,
		  -EFBIG, 200, "", "file larger than the download area" },
		{ "not for 500", "HTTP/1.1 500 Oops\r\n" CHUNKED "\r\n7\r\nabcdefg\r\n0\r\n\r\n", 0,
		  6, 1, 1, 500, "", "" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* Trailer lines are bounded one by one and all together; so are chunk-size lines. */
static void test_trailer_bound(void **state)
{
	static char in[2 * HTTP_HEADER_MAX + 4096];
	char *p;

	(void)state;
	snprintf(in, sizeof(in), OK200 CHUNKED "\r\n1\r\nx\r\n0\r\nX: %s\r\n\r\n",
		 repeat('t', HTTP_LINE_MAX));
	check_err("trailer line", in, 200, "x", -E2BIG, "trailer line too long");
	p = in + sprintf(in, OK200 CHUNKED "\r\n1\r\nx\r\n0\r\n");
	while (p - in < HTTP_HEADER_MAX + 1000)
		p += sprintf(p, "X: %s\r\n", repeat('t', 900));
	sprintf(p, "\r\n");
	check_err("trailer", in, 200, "x", -E2BIG, "trailer too long");
	/* the header's bound is the header's: a large header and a large trailer are fine */
	p = in + sprintf(in, OK200 CHUNKED);
	while (p - in < HTTP_HEADER_MAX - 1000)
		p += sprintf(p, "X: %s\r\n", repeat('h', 900));
	p += sprintf(p, "\r\n1\r\nx\r\n0\r\n");
	while (p - in < 2 * HTTP_HEADER_MAX - 3000)
		p += sprintf(p, "X: %s\r\n", repeat('t', 900));
	assert_true(p - in < (ptrdiff_t)sizeof(in) - 3);
	sprintf(p, "\r\n");
	check_ok("large header and trailer", in, "x");
	snprintf(in, sizeof(in), OK200 CHUNKED "\r\n1;%s\r\nx\r\n0\r\n\r\n",
		 repeat('e', HTTP_LINE_MAX));
	check_err("chunk size line", in, 200, "", -E2BIG, "chunk size line too long");
}

/* ---- framing: the close, and statuses without a body ---------------------------------------- */

static void test_close_delimited(void **state)
{
	static const struct vec v[] = {
		{ "body", "HTTP/1.1 200 OK\r\nX: y\r\n\r\nabc\r\ndef", 0, 0, 0, 1, 200,
		  "abc\r\ndef", "" },
		{ "empty body", "HTTP/1.0 200 OK\r\n\r\n", 0, 0, 0, 1, 200, "", "" },
		{ "at limit", "HTTP/1.0 200 OK\r\n\r\nabcde", 0, 5, 0, 1, 200, "abcde", "" },
		{ "over limit", "HTTP/1.0 200 OK\r\n\r\nabcdefgh", 0, 5, -EFBIG, -EFBIG, 200,
		  "abcde", "file larger than the download area" },
		{ "zero limit", "HTTP/1.0 200 OK\r\n\r\nx", 0, ZERO_LIMIT, -EFBIG, -EFBIG, 200, "",
		  "file larger than the download area" },
		{ "403 not limited", "HTTP/1.0 403 Forbidden\r\n\r\nabcdefgh", 0, 5, 0, 1, 403, "",
		  "" },
	};
	struct outcome *o = &whole;

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
	/* a close-delimited body is complete at the close, and only then */
	run(o, v[0].in, strlen(v[0].in), NULL, 0, LIMIT);
	assert_int_equal(o->r.body, 8);
	assert_false(o->r.has_length);
	assert_int_equal(http_resp_eof(&o->r), 1); /* again */
	/* the limit 0 case: a zero limit does not mean unlimited */
	http_resp_init(&o->r, sink_append, o, 0);
	assert_int_equal(http_resp_feed(&o->r, (const uint8_t *)"HTTP/1.0 200 OK\r\n\r\n", 19), 0);
	assert_int_equal(http_resp_eof(&o->r), 1);
}

static void test_no_body_statuses(void **state)
{
	static const struct vec v[] = {
		{ "204", "HTTP/1.1 204 No Content\r\n\r\n", 0, 0, 1, 1, 204, "", "" },
		{ "204 cl", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 0, 0, 1, 1, 204,
		  "", "" },
		{ "304 chunked", "HTTP/1.1 304 Not Modified\r\n" CHUNKED "\r\n", 0, 0, 1, 1, 304,
		  "", "" },
		{ "204 then data", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", 0,
		  0, -EPROTO, -EPROTO, 204, "", "data after the end of the response" },
		{ "205 has a body", "HTTP/1.1 205 Reset\r\nContent-Length: 1\r\n\r\nx", 0, 0, 1, 1,
		  205, "x", "" },
	};

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
}

/* Other statuses: framed the same way, never sunk, fields kept for redirects and auth. */
static void test_other_statuses(void **state)
{
	static const struct vec v[] = {
		{ "404", "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", 0, 0, 1, 1,
		  404, "", "" },
		{ "404 longer", "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nnot found", 0,
		  0, -EPROTO, -EPROTO, 404, "", "body longer than Content-Length" },
		{ "301",
		  "HTTP/1.1 301 Moved\r\nLocation: https://h/new\r\nContent-Length: 0\r\n\r\n", 0,
		  0, 1, 1, 301, "", "" },
		{ "302 chunked",
		  "HTTP/1.1 302 Found\r\nLocation: /x\r\n" CHUNKED "\r\n2\r\nhi\r\n0\r\n\r\n", 0, 0,
		  1, 1, 302, "", "" },
		{ "two locations", "HTTP/1.1 302 Found\r\nLocation: /x\r\nLocation: /x\r\n\r\n", 0,
		  0, -EPROTO, -EPROTO, 302, "", "more than one Location" },
		{ "401",
		  "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"pix\"\r\n"
		  "Content-Length: 0\r\n\r\n",
		  0, 0, 1, 1, 401, "", "" },
	};
	static char in[1024];
	struct http_resp r;

	(void)state;
	check_vecs(v, ARRAY_SIZE(v));
	assert_int_equal(parse(&r, v[0].in, 4), 1);
	assert_int_equal(r.body, 9);
	assert_true(r.header_done);
	assert_int_equal(parse(&r, v[2].in, LIMIT), 1);
	assert_string_equal(r.location, "https://h/new");
	assert_false(r.location_too_long);
	assert_false(r.www_authenticate);
	assert_true(http_status_is_redirect(r.status));
	assert_int_equal(parse(&r, v[5].in, LIMIT), 1);
	assert_true(r.www_authenticate);
	assert_string_equal(r.location, "");
	assert_false(http_status_is_redirect(r.status));
	/* the header is done before the body: a caller may stop there */
	assert_int_equal(parse(&r, "HTTP/1.1 302 Found\r\nLocation:  /a b \r\n\r\nmore", LIMIT), 0);
	assert_true(r.header_done);
	assert_string_equal(r.location, "/a b");
	/* Location at the bound is kept, one longer only flagged */
	snprintf(in, sizeof(in), "HTTP/1.1 302 Found\r\nLocation: /%s\r\n\r\n",
		 repeat('l', HTTP_LOCATION_MAX - 1));
	assert_int_equal(parse(&r, in, LIMIT), 0);
	assert_int_equal(strlen(r.location), HTTP_LOCATION_MAX);
	assert_false(r.location_too_long);
	snprintf(in, sizeof(in), "HTTP/1.1 302 Found\r\nLocation: /%s\r\n\r\n",
		 repeat('l', HTTP_LOCATION_MAX));
	assert_int_equal(parse(&r, in, LIMIT), 0);
	assert_string_equal(r.location, "");
	assert_true(r.location_too_long);
}

/* ---- the sink and sticky errors ----------------------------------------------------------------- */

static int sink_result;
static size_t sink_calls;

static int sink_fixed(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	sink_calls++;
	return sink_result;
}

static void test_sink_error(void **state)
{
	static const char in[] = OK200 "Content-Length: 4\r\n\r\nabcd";
	struct http_resp r;

	(void)state;
	sink_result = -ENOSPC;
	sink_calls = 0;
	http_resp_init(&r, sink_fixed, NULL, LIMIT);
	assert_int_equal(http_resp_feed(&r, (const uint8_t *)in, strlen(in) - 2), -ENOSPC);
	assert_string_equal(http_resp_error(&r), "the body could not be stored");
	assert_int_equal(http_resp_feed(&r, (const uint8_t *)"cd", 2), -ENOSPC);
	assert_int_equal(http_resp_eof(&r), -ENOSPC);
	assert_int_equal(sink_calls, 1);
	sink_result = 7; /* a positive refusal is -EIO */
	http_resp_init(&r, sink_fixed, NULL, LIMIT);
	assert_int_equal(http_resp_feed(&r, (const uint8_t *)in, strlen(in)), -EIO);
	sink_result = 0;
	http_resp_init(&r, sink_fixed, NULL, LIMIT);
	assert_int_equal(http_resp_feed(&r, (const uint8_t *)in, strlen(in)), 1);
}

/* An error stays: later bytes, even a good response, and the close give it again. */
static void test_errors_are_sticky(void **state)
{
	static const char good[] = OK200 "Content-Length: 0\r\n\r\n";
	struct http_resp r;

	(void)state;
	assert_int_equal(parse(&r, "HTTP/9.9 200 OK\r\n", LIMIT), -EPROTO);
	assert_int_equal(http_resp_feed(&r, (const uint8_t *)good, strlen(good)), -EPROTO);
	assert_int_equal(http_resp_feed(&r, NULL, 0), -EPROTO);
	assert_int_equal(http_resp_eof(&r), -EPROTO);
	assert_string_equal(http_resp_error(&r), "unsupported HTTP version");
	assert_int_equal(r.state, HTTP_RESP_FAILED);
	/* a complete response stays complete at the close; nothing set an error */
	assert_int_equal(parse(&r, good, LIMIT), 1);
	assert_int_equal(http_resp_feed(&r, NULL, 0), 1);
	assert_int_equal(http_resp_eof(&r), 1);
	assert_int_equal(http_resp_eof(&r), 1);
	assert_string_equal(http_resp_error(&r), "");
	assert_null(r.why);
}

/* ---- URLs and redirects ---------------------------------------------------------------------------- */

struct url_case {
	const char *in;
	int rc;
	bool https;
	const char *host;
	uint16_t port;
	const char *path;
	const char *user;
	const char *pass;
};

#define BAD(in, rc)                              \
	{                                        \
		in, rc, false, "", 0, "", "", "" \
	}

static void check_target(const struct url_case *c, int rc, const struct http_target *t)
{
	static const struct http_target zero;

	if (rc != c->rc)
		fail_msg("'%s': %d, not %d", c->in, rc, c->rc);
	if (rc) {
		assert_memory_equal(t, &zero, sizeof(zero));
		return;
	}
	if (t->https != c->https || strcmp(t->host, c->host) || t->port != c->port ||
	    strcmp(t->path, c->path) || strcmp(t->user, c->user) || strcmp(t->pass, c->pass))
		fail_msg("'%s': %d '%s' %u '%s' '%s' '%s'", c->in, t->https, t->host, t->port,
			 t->path, t->user, t->pass);
}

static void test_url_parse(void **state)
{
	static const struct url_case cases[] = {
		{ "http://10.0.2.2/pix.bin", 0, false, "10.0.2.2", 80, "/pix.bin", "", "" },
		{ "https://host/a/b", 0, true, "host", 443, "/a/b", "", "" },
		{ "HTTPS://Host-1.example_x:8443/a/b?c=d#frag", 0, true, "Host-1.example_x", 8443,
		  "/a/b?c=d", "", "" },
		{ "http://host", 0, false, "host", 80, "/", "", "" },
		{ "http://host/", 0, false, "host", 80, "/", "", "" },
		{ "http://host?x=1", 0, false, "host", 80, "/?x=1", "", "" },
		{ "http://host#f", 0, false, "host", 80, "/", "", "" },
		{ "http://host:1", 0, false, "host", 1, "/", "", "" },
		{ "http://host:65535/", 0, false, "host", 65535, "/", "", "" },
		{ "http://host:00080/", 0, false, "host", 80, "/", "", "" },
		{ "http://host/%41%zz", 0, false, "host", 80, "/%41%zz", "", "" },
		{ "http://user:pass@host/p", 0, false, "host", 80, "/p", "user", "pass" },
		{ "http://Aladdin:open%20sesame@h/", 0, false, "h", 80, "/", "Aladdin",
		  "open sesame" },
		{ "http://us%40er:p%3as%25s@h/", 0, false, "h", 80, "/", "us@er", "p:s%s" },
		{ "http://a@b:c:d@h:81/", 0, false, "h", 81, "/", "a@b", "c:d" },
		{ "http://user@h/", 0, false, "h", 80, "/", "user", "" },
		{ "http://:pw@h/", 0, false, "h", 80, "/", "", "pw" },
		{ "http://u:%c3%a9@h/", 0, false, "h", 80, "/", "u", "\xc3\xa9" },
		BAD("ftp://h/", -EINVAL),
		BAD("http:/h/", -EINVAL),
		BAD("http//h/", -EINVAL),
		BAD("http:h/", -EINVAL),
		BAD("httpx://h/", -EINVAL),
		BAD("http://", -EINVAL),
		BAD("http:///p", -EINVAL),
		BAD("http://h:/p", -EINVAL),
		BAD("http://h:0/", -EINVAL),
		BAD("http://h:65536/", -EINVAL),
		BAD("http://h:123456/", -EINVAL),
		BAD("http://h:8x/", -EINVAL),
		BAD("http://h:-1/", -EINVAL),
		BAD("http://h:8:9/", -EINVAL),
		BAD("http://h o/", -EINVAL),
		BAD("http://[::1]/", -EINVAL),
		BAD("http://h%41/", -EINVAL),
		BAD("http://h/p q", -EINVAL),
		BAD("http://h/p\x01", -EINVAL),
		BAD("http://h/p\x80", -EINVAL),
		BAD("http://h/#a b", -EINVAL),
		BAD("http://u:p@/", -EINVAL),
		BAD("http://us%3Aer@h/", -EINVAL),
		BAD("http://u:p%0a@h/", -EINVAL),
		BAD("http://u:p%00@h/", -EINVAL),
		BAD("http://u:p%7f@h/", -EINVAL),
		BAD("http://u:p%4@h/", -EINVAL),
		BAD("http://u:p%@h/", -EINVAL),
		BAD("http://u:p%zz@h/", -EINVAL),
		BAD("http://u p@h/", -EINVAL),
		BAD("", -EINVAL),
		BAD(" http://h/", -EINVAL),
	};
	struct http_target t;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&t, 0x5a, sizeof(t));
		check_target(&cases[i], http_url_parse(cases[i].in, &t), &t);
	}
}

/* Each part at its bound fits; one more character is -E2BIG. */
static void test_url_bounds(void **state)
{
	char url[1024];
	struct http_target t;

	(void)state;
	snprintf(url, sizeof(url), "http://%s/", repeat('h', HTTP_HOST_MAX));
	assert_int_equal(http_url_parse(url, &t), 0);
	assert_int_equal(strlen(t.host), HTTP_HOST_MAX);
	snprintf(url, sizeof(url), "http://%s/", repeat('h', HTTP_HOST_MAX + 1));
	assert_int_equal(http_url_parse(url, &t), -E2BIG);
	snprintf(url, sizeof(url), "http://h/%s", repeat('p', HTTP_PATH_MAX - 1));
	assert_int_equal(http_url_parse(url, &t), 0);
	assert_int_equal(strlen(t.path), HTTP_PATH_MAX);
	snprintf(url, sizeof(url), "http://h/%s", repeat('p', HTTP_PATH_MAX));
	assert_int_equal(http_url_parse(url, &t), -E2BIG);
	snprintf(url, sizeof(url), "http://h?%s", repeat('q', HTTP_PATH_MAX - 1));
	assert_int_equal(http_url_parse(url, &t), -E2BIG); /* the '/' put before "?" counts */
	snprintf(url, sizeof(url), "http://h/%s#%s", repeat('p', HTTP_PATH_MAX - 1), "fragment");
	assert_int_equal(http_url_parse(url, &t), 0);
	snprintf(url, sizeof(url), "http://%s:p@h/", repeat('u', HTTP_USER_MAX));
	assert_int_equal(http_url_parse(url, &t), 0);
	snprintf(url, sizeof(url), "http://%s:p@h/", repeat('u', HTTP_USER_MAX + 1));
	assert_int_equal(http_url_parse(url, &t), -E2BIG);
	snprintf(url, sizeof(url), "http://u:%s@h/", repeat('%', 1));
	assert_int_equal(http_url_parse(url, &t), -EINVAL);
	snprintf(url, sizeof(url), "http://u:%s@h/", repeat('p', HTTP_PASS_MAX));
	assert_int_equal(http_url_parse(url, &t), 0);
	snprintf(url, sizeof(url), "http://u:%s@h/", repeat('p', HTTP_PASS_MAX + 1));
	assert_int_equal(http_url_parse(url, &t), -E2BIG);
}

/* Whatever http_url_parse() accepts, http_request_build() takes. */
static void test_url_then_request(void **state)
{
	struct http_target t;
	char buf[1024];

	(void)state;
	assert_int_equal(http_url_parse("https://Aladdin:open%20sesame@h.example:8443/f?x#y", &t),
			 0);
	assert_true(http_request_build(buf, sizeof(buf), t.host, t.port, t.https, t.path, t.user,
				       t.pass) > 0);
	assert_non_null(strstr(buf, "GET /f?x HTTP/1.1\r\nHost: h.example:8443\r\n"));
	assert_non_null(strstr(buf, "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"));
}

static void test_redirect_target(void **state)
{
	static const struct url_case from_http[] = {
		{ "/new/path?q", 0, false, "cur.host", 8080, "/new/path?q", "", "" },
		{ "/", 0, false, "cur.host", 8080, "/", "", "" },
		{ "/a#frag", 0, false, "cur.host", 8080, "/a", "", "" },
		{ "http://other/x", 0, false, "other", 80, "/x", "", "" },
		{ "https://other:8443/x", 0, true, "other", 8443, "/x", "", "" },
		{ "//other:81/x", 0, false, "other", 81, "/x", "", "" },
		{ "//other", 0, false, "other", 80, "/", "", "" },
		{ "HTTP://other", 0, false, "other", 80, "/", "", "" },
		BAD("relative/path", -EINVAL),
		BAD("?q", -EINVAL),
		BAD("#f", -EINVAL),
		BAD("", -EINVAL),
		BAD("ftp://h/", -EINVAL),
		BAD("javascript:alert(1)", -EINVAL),
		BAD("http://u:p@h/", -EINVAL),
		BAD("http://u@h/", -EINVAL),
		BAD("//u@h/", -EINVAL),
		BAD("http://h:0/", -EINVAL),
		BAD("http://h:99999/", -EINVAL),
		BAD("http://h!/", -EINVAL),
		BAD("http://h/a b", -EINVAL),
		BAD("/a b", -EINVAL),
		BAD("///x", -EINVAL),
	};
	static const struct url_case from_https[] = {
		{ "/x", 0, true, "cur.host", 8080, "/x", "", "" },
		{ "//other/x", 0, true, "other", 443, "/x", "", "" },
		{ "https://other/x", 0, true, "other", 443, "/x", "", "" },
		BAD("http://other/x", -EPERM),
		BAD("HTTP://cur.host:8080/x", -EPERM),
		BAD("http://h:0/", -EINVAL), /* malformed before downgraded */
		BAD("http://u:p@h/", -EINVAL),
	};
	struct http_target t;
	char loc[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(from_http); i++) {
		memset(&t, 0x5a, sizeof(t));
		check_target(&from_http[i],
			     http_redirect_target(from_http[i].in, false, "cur.host", 8080, &t),
			     &t);
	}
	for (i = 0; i < ARRAY_SIZE(from_https); i++) {
		memset(&t, 0x5a, sizeof(t));
		check_target(&from_https[i],
			     http_redirect_target(from_https[i].in, true, "cur.host", 8080, &t),
			     &t);
	}
	/* the current server must itself be valid for a same-server redirect */
	assert_int_equal(http_redirect_target("/x", false, "bad host", 80, &t), -EINVAL);
	assert_int_equal(http_redirect_target("/x", false, "h", 0, &t), -EINVAL);
	assert_int_equal(http_redirect_target("/x", false, "", 80, &t), -EINVAL);
	assert_int_equal(http_redirect_target("/x", false, repeat('h', HTTP_HOST_MAX + 1), 80, &t),
			 -E2BIG);
	snprintf(loc, sizeof(loc), "/%s", repeat('p', HTTP_PATH_MAX));
	assert_int_equal(http_redirect_target(loc, false, "h", 80, &t), -E2BIG);
}

static void test_same_server(void **state)
{
	struct http_target a, b;

	(void)state;
	assert_int_equal(http_url_parse("https://u:p@Host.Example/a", &a), 0);
	assert_int_equal(http_url_parse("https://host.example:443/b", &b), 0);
	assert_true(http_same_server(&a, &b));
	assert_int_equal(http_url_parse("http://host.example:443/b", &b), 0);
	assert_false(http_same_server(&a, &b));
	assert_int_equal(http_url_parse("https://host.example:444/b", &b), 0);
	assert_false(http_same_server(&a, &b));
	assert_int_equal(http_url_parse("https://host.exampl/b", &b), 0);
	assert_false(http_same_server(&a, &b));
	assert_int_equal(http_url_parse("https://host.examplex/b", &b), 0);
	assert_false(http_same_server(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_rfc4648),
		cmocka_unit_test(test_base64_too_small),
		cmocka_unit_test(test_request_plain),
		cmocka_unit_test(test_request_host_port),
		cmocka_unit_test(test_request_basic_auth),
		cmocka_unit_test(test_request_too_small),
		cmocka_unit_test(test_request_invalid),
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_interim_responses),
		cmocka_unit_test(test_reason_phrase),
		cmocka_unit_test(test_header_syntax),
		cmocka_unit_test(test_header_line_bound),
		cmocka_unit_test(test_header_total_bound),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_content_length_limit),
		cmocka_unit_test(test_transfer_encoding),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_chunked_early_close),
		cmocka_unit_test(test_chunked_limit),
		cmocka_unit_test(test_trailer_bound),
		cmocka_unit_test(test_close_delimited),
		cmocka_unit_test(test_no_body_statuses),
		cmocka_unit_test(test_other_statuses),
		cmocka_unit_test(test_sink_error),
		cmocka_unit_test(test_errors_are_sticky),
		cmocka_unit_test(test_url_parse),
		cmocka_unit_test(test_url_bounds),
		cmocka_unit_test(test_url_then_request),
		cmocka_unit_test(test_redirect_target),
		cmocka_unit_test(test_same_server),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
