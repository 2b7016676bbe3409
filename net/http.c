/*
 * HTTP/1.1 client logic for the running image's downloads, without I/O: the GET request, an
 * incremental response parser, and the URLs of `copy http[s]://...` and of redirects. The
 * caller moves the bytes (lwIP altcp, plain TCP or TLS); nothing here allocates or blocks.
 *
 * The response parser is a state machine over bytes; every byte moves it at most one step,
 * so where the input is split between calls never changes the outcome:
 *
 *   STATUS --line--> HEADER --lines--> (blank line: end of the header)
 *     1xx                  -> STATUS (interim response skipped; its header lines are only
 *                             checked for syntax, and count towards HTTP_HEADER_MAX)
 *     204, 304             -> DONE (no body, whatever the header says)
 *     Transfer-Encoding: chunked (wins over Content-Length, RFC 7230 3.3.3)
 *                          -> CHUNK_SIZE --line--> CHUNK_DATA -> CHUNK_CR [-> CHUNK_LF]
 *                             -> CHUNK_SIZE ...; a 0 size -> TRAILER --lines--> DONE
 *     Content-Length: n    -> BODY_LENGTH (n bytes) -> DONE; n = 0 -> DONE
 *     neither              -> BODY_CLOSE -> DONE when http_resp_eof() says the connection closed
 *   any error              -> FAILED (sticky: later calls return the same error)
 *
 * Lines (status, header, chunk-size, trailer) are collected in line[] up to their LF (a CR
 * before the LF is dropped; any other control character but HTAB fails the line), so each is
 * judged whole. Body bytes are handed to the sink straight from the caller's buffer.
 *
 * Choices: only a 2xx response's body reaches the sink and counts against the limit; the body
 * of any other status is framed the same way and discarded, so the connection can end cleanly
 * (a caller that only wants the status and the Location may stop once header_done is set).
 * A Content-Length above the limit fails at the end of the header; a chunk whose size would
 * take the body past it fails at its size line (before any of its bytes are sunk); a body
 * delimited by the close is sunk up to the limit and fails at the first byte beyond it. The
 * request says "Connection: close", so a byte after the end of the response is an error
 * ("body longer than Content-Length" or "data after the end of the response"); such bytes
 * never reach the sink.
 */
#include "http.h"

#include <stdio.h>
#include <string.h>

#define HTTP_USER_AGENT "PIX/6.3"

/* ---- characters --------------------------------------------------------------------------- */

static bool http_is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool http_is_alpha(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A character of a host name or dotted address as this client accepts them. */
static bool http_is_host_char(uint8_t c)
{
	return http_is_alpha(c) || http_is_digit(c) || c == '-' || c == '.' || c == '_';
}

/* A character of a header name (RFC 7230 3.2.6 tchar). */
static bool http_is_tchar(uint8_t c)
{
	return http_is_alpha(c) || http_is_digit(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A control character (HTAB included); obs-text (0x80 and up) is not one. */
static bool http_is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

/* Printable ASCII other than space: what a request target may hold. */
static bool http_is_path_char(uint8_t c)
{
	return c > ' ' && c < 0x7f;
}

static bool http_is_ows(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static uint8_t http_lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* The value of hex digit @c, or -1. */
static int http_hex(uint8_t c)
{
	if (http_is_digit(c))
		return c - '0';
	c = http_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* True when the @n bytes at @s are @word (lower case), ignoring ASCII case. */
static bool http_word_is(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return false;
	for (i = 0; i < n; i++)
		if (http_lower((uint8_t)s[i]) != (uint8_t)word[i])
			return false;
	return true;
}

static bool http_host_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!http_is_host_char((uint8_t)s[i]))
			return false;
	return i > 0;
}

static bool http_path_ok(const char *s)
{
	size_t i;

	if (s[0] != '/')
		return false;
	for (i = 1; s[i]; i++)
		if (!http_is_path_char((uint8_t)s[i]))
			return false;
	return true;
}

/* A user (@user) or password for Basic authentication: no control character, no ':' in a user. */
static bool http_cred_ok(const char *s, bool user)
{
	for (; *s; s++)
		if (http_is_ctl((uint8_t)*s) || (user && *s == ':'))
			return false;
	return true;
}

/* ---- the request ---------------------------------------------------------------------------- */

/* Output cursor: what does not fit (with its NUL) sets over and is dropped. */
struct http_out {
	char *buf;
	size_t size;
	size_t len;
	bool over;
};

static void http_putc(struct http_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
	else
		o->over = true;
}

static void http_puts(struct http_out *o, const char *s)
{
	while (*s)
		http_putc(o, *s++);
}

/* Ends the output with a NUL: its length, or -E2BIG (and "" when there is room for that). */
static int http_out_end(struct http_out *o)
{
	if (o->over || o->size == 0 || o->len > INT32_MAX) {
		if (o->size)
			o->buf[0] = '\0';
		return -E2BIG;
	}
	o->buf[o->len] = '\0';
	return (int)o->len;
}

/* Base64 (RFC 4648 section 4) of a stream of bytes, three at a time. */
struct http_b64 {
	uint32_t acc;
	unsigned int n;
};

static const char http_b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"abcdefghijklmnopqrstuvwxyz"
					"0123456789+/";

/* Writes the first @chars characters of the group in e->acc, '=' for the rest of four. */
static void http_b64_group(struct http_b64 *e, struct http_out *o, unsigned int chars)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		http_putc(o, i < chars ? http_b64_alphabet[(e->acc >> (18 - 6 * i)) & 0x3f] : '=');
	e->acc = 0;
	e->n = 0;
}

static void http_b64_add(struct http_b64 *e, struct http_out *o, const uint8_t *in, size_t len)
{
	for (; len; len--, in++) {
		e->acc |= (uint32_t)*in << (16 - 8 * e->n);
		if (++e->n == 3)
			http_b64_group(e, o, 4);
	}
}

static void http_b64_end(struct http_b64 *e, struct http_out *o)
{
	if (e->n)
		http_b64_group(e, o, e->n + 1);
}

/**
 * http_base64 - base64 (RFC 4648, with padding) of @len bytes.
 * @out: receives the text and a NUL
 * @size: its capacity
 * @in: the bytes
 * @len: how many
 *
 * Return: the text's length, or -E2BIG when it and its NUL do not fit (@out is then "" if
 * @size allows).
 */
int http_base64(char *out, size_t size, const uint8_t *in, size_t len)
{
	struct http_out o = { out, size, 0, false };
	struct http_b64 e = { 0, 0 };

	if (size == 0 || len / 3 + (len % 3 != 0) > (size - 1) / 4) {
		o.over = true;
		return http_out_end(&o);
	}
	http_b64_add(&e, &o, in, len);
	http_b64_end(&e, &o);
	return http_out_end(&o);
}

/* Writes "Authorization: Basic base64(user:pass)" and its CRLF (RFC 7617). */
static void http_put_auth(struct http_out *o, const char *user, const char *pass)
{
	struct http_b64 e = { 0, 0 };

	http_puts(o, "Authorization: Basic ");
	http_b64_add(&e, o, (const uint8_t *)user, strlen(user));
	http_b64_add(&e, o, (const uint8_t *)":", 1);
	http_b64_add(&e, o, (const uint8_t *)pass, strlen(pass));
	http_b64_end(&e, o);
	http_puts(o, "\r\n");
}

/**
 * http_request_build - the GET request for @path on @host.
 * @buf: receives the request and a NUL
 * @size: its capacity
 * @host: the server's name or dotted address (letters, digits, '-', '.', '_')
 * @port: its port (1 to 65535); named in Host only when not the scheme's default
 * @https: the scheme is https (default port 443, else 80)
 * @path: the request target: '/' and printable ASCII without spaces
 * @user: a user for Basic authentication (no control character or ':'), or NULL or ""
 * @pass: its password (no control character), or NULL or ""
 *
 * An Authorization header is sent when @user or @pass is not empty. The request asks the
 * server to close the connection after the response ("Connection: close").
 *
 * Return: the request's length, -E2BIG when it does not fit, -EINVAL for a bad argument.
 */
int http_request_build(char *buf, size_t size, const char *host, uint16_t port, bool https,
		       const char *path, const char *user, const char *pass)
{
	struct http_out o = { buf, size, 0, false };
	char port_text[8];

	if (!user)
		user = "";
	if (!pass)
		pass = "";
	if (!host || !path || !http_host_ok(host) || !http_path_ok(path) || port == 0 ||
	    !http_cred_ok(user, true) || !http_cred_ok(pass, false))
		return -EINVAL;
	http_puts(&o, "GET ");
	http_puts(&o, path);
	http_puts(&o, " HTTP/1.1\r\nHost: ");
	http_puts(&o, host);
	if (port != (https ? HTTPS_PORT : HTTP_PORT)) {
		snprintf(port_text, sizeof(port_text), ":%u", (unsigned int)port);
		http_puts(&o, port_text);
	}
	http_puts(&o, "\r\nUser-Agent: " HTTP_USER_AGENT "\r\n");
	if (user[0] || pass[0])
		http_put_auth(&o, user, pass);
	http_puts(&o, "Accept: */*\r\nConnection: close\r\n\r\n");
	return http_out_end(&o);
}

/* ---- the response: states, errors, fields --------------------------------------------------- */

/* What an over-long or malformed line is called, by the state that collects it. */
static const char *const http_line_too_long[] = {
	[HTTP_RESP_STATUS] = "status line too long",
	[HTTP_RESP_HEADER] = "header line too long",
	[HTTP_RESP_CHUNK_SIZE] = "chunk size line too long",
	[HTTP_RESP_TRAILER] = "trailer line too long",
};

static const char *const http_section_too_long[] = {
	[HTTP_RESP_STATUS] = "header too long",
	[HTTP_RESP_HEADER] = "header too long",
	[HTTP_RESP_TRAILER] = "trailer too long",
};

static const char *const http_line_malformed[] = {
	[HTTP_RESP_STATUS] = "malformed status line",
	[HTTP_RESP_HEADER] = "malformed header",
	[HTTP_RESP_CHUNK_SIZE] = "bad chunk size",
	[HTTP_RESP_TRAILER] = "malformed trailer",
};

/* Stops the response with @err; returns @err. */
static int http_fail(struct http_resp *r, int err, const char *why)
{
	r->err = err;
	r->why = why;
	r->state = HTTP_RESP_FAILED;
	return err;
}

/* True when the body of the final response goes to the sink (and counts against the limit). */
static bool http_sinking(const struct http_resp *r)
{
	return r->status >= 200 && r->status <= 299;
}

/* True when the final response has a body at all (RFC 7230 3.3.3: not 1xx, 204, 304). */
static bool http_has_body(const struct http_resp *r)
{
	return r->status >= 200 && r->status != 204 && r->status != 304;
}

/* Forgets the status and header of a 1xx response, for the response that follows it. */
static void http_resp_next(struct http_resp *r)
{
	r->status = 0;
	r->reason[0] = '\0';
	r->state = HTTP_RESP_STATUS;
}

/**
 * http_resp_init - prepares @r for one response.
 * @r: the parser
 * @sink: receives a 2xx response's body bytes in order; NULL drops them
 * @ctx: for @sink
 * @limit: most body bytes a 2xx response may have; more fails with -EFBIG
 */
void http_resp_init(struct http_resp *r, http_sink sink, void *ctx, uint64_t limit)
{
	memset(r, 0, sizeof(*r));
	r->sink = sink;
	r->ctx = ctx;
	r->limit = limit;
	r->state = HTTP_RESP_STATUS;
}

/* ---- the response: status line and header ---------------------------------------------------- */

/* "HTTP/1.x SP 3DIGIT [SP reason]": sets status and reason. */
static int http_status_line(struct http_resp *r, const char *s, size_t n)
{
	size_t i, out = 0;
	int code = 0;

	if (n < 12 || memcmp(s, "HTTP/", 5) != 0)
		return http_fail(r, -EPROTO, "malformed status line");
	if (memcmp(s + 5, "1.", 2) != 0 || (s[7] != '0' && s[7] != '1'))
		return http_fail(r, -EPROTO, "unsupported HTTP version");
	if (s[8] != ' ')
		return http_fail(r, -EPROTO, "malformed status line");
	for (i = 9; i < 12; i++) {
		if (!http_is_digit((uint8_t)s[i]))
			return http_fail(r, -EPROTO, "malformed status line");
		code = code * 10 + (s[i] - '0');
	}
	if (code < 100 || code > 599 || (n > 12 && s[12] != ' '))
		return http_fail(r, -EPROTO, "malformed status line");
	for (i = 13; i < n && out < HTTP_REASON_MAX; i++)
		r->reason[out++] = s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?';
	r->reason[out] = '\0';
	r->status = code;
	r->state = HTTP_RESP_HEADER;
	return 0;
}

/* Content-Length: digits only, within uint64_t; a repeat must say the same. */
static int http_content_length(struct http_resp *r, const char *v, size_t n)
{
	uint64_t len = 0;
	size_t i;

	if (n == 0)
		return http_fail(r, -EPROTO, "bad Content-Length");
	for (i = 0; i < n; i++) {
		unsigned int d = (uint8_t)v[i] - '0';

		if (d > 9 || len > UINT64_MAX / 10 ||
		    (len == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return http_fail(r, -EPROTO, "bad Content-Length");
		len = len * 10 + d;
	}
	if (r->has_length && len != r->content_length)
		return http_fail(r, -EPROTO, "conflicting Content-Length");
	r->has_length = true;
	r->content_length = len;
	return 0;
}

/* Transfer-Encoding: a list of codings of which only a single "chunked" is supported. */
static int http_transfer_encoding(struct http_resp *r, const char *v, size_t n)
{
	bool any = false;
	size_t i = 0, start, end;

	while (i < n) {
		while (i < n && (http_is_ows((uint8_t)v[i]) || v[i] == ','))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (http_is_ows((uint8_t)v[end - 1]))
			end--;
		if (!http_word_is(v + start, end - start, "chunked"))
			return http_fail(r, -EOPNOTSUPP, "unsupported Transfer-Encoding");
		if (r->chunked)
			return http_fail(r, -EPROTO, "malformed Transfer-Encoding");
		r->chunked = true;
		any = true;
	}
	if (!any)
		return http_fail(r, -EPROTO, "malformed Transfer-Encoding");
	return 0;
}

/* Location: kept when it fits, else only flagged; one per response. */
static int http_location(struct http_resp *r, const char *v, size_t n)
{
	if (r->location_seen)
		return http_fail(r, -EPROTO, "more than one Location");
	r->location_seen = true;
	if (n > HTTP_LOCATION_MAX) {
		r->location_too_long = true;
		return 0;
	}
	memcpy(r->location, v, n);
	r->location[n] = '\0';
	return 0;
}

/* "name: value" (no folding, no space before the colon); the fields a download needs are kept. */
static int http_header_line(struct http_resp *r, const char *s, size_t n)
{
	size_t name = 0, v, end = n;

	if (http_is_ows((uint8_t)s[0]))
		return http_fail(r, -EPROTO, "obsolete line folding");
	while (name < n && http_is_tchar((uint8_t)s[name]))
		name++;
	if (name == 0 || name == n || s[name] != ':')
		return http_fail(r, -EPROTO, http_line_malformed[r->state]);
	for (v = name + 1; v < n && http_is_ows((uint8_t)s[v]);)
		v++;
	while (end > v && http_is_ows((uint8_t)s[end - 1]))
		end--;
	if (r->state != HTTP_RESP_HEADER || r->status < 200)
		return 0; /* a trailer or an interim response's header: syntax only */
	if (http_word_is(s, name, "content-length"))
		return http_content_length(r, s + v, end - v);
	if (http_word_is(s, name, "transfer-encoding"))
		return http_transfer_encoding(r, s + v, end - v);
	if (http_word_is(s, name, "location"))
		return http_location(r, s + v, end - v);
	if (http_word_is(s, name, "www-authenticate"))
		r->www_authenticate = true;
	return 0;
}

/* The blank line after the header: how the body is framed, or the next response after a 1xx. */
static int http_header_end(struct http_resp *r)
{
	if (r->status < 200) {
		http_resp_next(r);
		return 0;
	}
	r->header_done = true;
	if (r->chunked) {
		r->has_length = false; /* RFC 7230 3.3.3: chunked wins */
		r->content_length = 0;
	}
	if (!http_has_body(r))
		r->state = HTTP_RESP_DONE;
	else if (r->chunked)
		r->state = HTTP_RESP_CHUNK_SIZE;
	else if (!r->has_length)
		r->state = HTTP_RESP_BODY_CLOSE;
	else if (http_sinking(r) && r->content_length > r->limit)
		return http_fail(r, -EFBIG, "file larger than the download area");
	else if (r->content_length == 0)
		r->state = HTTP_RESP_DONE;
	else {
		r->left = r->content_length;
		r->state = HTTP_RESP_BODY_LENGTH;
	}
	return 0;
}

/* ---- the response: chunks -------------------------------------------------------------------- */

/* "hex-size [OWS] [; extensions]": the next chunk, or the trailer after a 0 size. */
static int http_chunk_size_line(struct http_resp *r, const char *s, size_t n)
{
	uint64_t size = 0;
	size_t i;
	int d;

	for (i = 0; i < n && (d = http_hex((uint8_t)s[i])) >= 0; i++) {
		if (size >> 60)
			return http_fail(r, -EPROTO, "bad chunk size");
		size = size << 4 | (uint64_t)d;
	}
	if (i == 0)
		return http_fail(r, -EPROTO, "bad chunk size");
	while (i < n && http_is_ows((uint8_t)s[i]))
		i++;
	if (i < n && s[i] != ';')
		return http_fail(r, -EPROTO, "bad chunk size");
	if (size == 0) {
		r->section = 0;
		r->state = HTTP_RESP_TRAILER;
		return 0;
	}
	if (http_sinking(r) && size > r->limit - r->body)
		return http_fail(r, -EFBIG, "file larger than the download area");
	r->left = size;
	r->state = HTTP_RESP_CHUNK_DATA;
	return 0;
}

/* A trailer line: checked and skipped; the blank line ends the response. */
static int http_trailer_line(struct http_resp *r, const char *s, size_t n)
{
	if (n == 0) {
		r->state = HTTP_RESP_DONE;
		return 0;
	}
	return http_header_line(r, s, n);
}

/* The CRLF (or LF) that must follow a chunk's data. */
static int http_chunk_end(struct http_resp *r, uint8_t c)
{
	if (c == '\r' && r->state == HTTP_RESP_CHUNK_CR) {
		r->state = HTTP_RESP_CHUNK_LF;
		return 0;
	}
	if (c != '\n')
		return http_fail(r, -EPROTO, "no CRLF after the chunk data");
	r->state = HTTP_RESP_CHUNK_SIZE;
	return 0;
}

/* ---- the response: bytes --------------------------------------------------------------------- */

/* A complete line of @n bytes in line[] (its line end removed), for the state that collected it. */
static int http_line(struct http_resp *r, size_t n)
{
	const char *s = r->line;
	size_t i;

	for (i = 0; i < n; i++)
		if (http_is_ctl((uint8_t)s[i]) && s[i] != '\t')
			return http_fail(r, -EPROTO, http_line_malformed[r->state]);
	switch (r->state) {
	case HTTP_RESP_STATUS:
		return http_status_line(r, s, n);
	case HTTP_RESP_HEADER:
		return n ? http_header_line(r, s, n) : http_header_end(r);
	case HTTP_RESP_CHUNK_SIZE:
		return http_chunk_size_line(r, s, n);
	default:
		return http_trailer_line(r, s, n);
	}
}

/* One byte of a line (status, header, chunk size, trailer). */
static int http_line_byte(struct http_resp *r, uint8_t c)
{
	size_t n;

	if (r->state != HTTP_RESP_CHUNK_SIZE && ++r->section > HTTP_HEADER_MAX)
		return http_fail(r, -E2BIG, http_section_too_long[r->state]);
	if (c != '\n') {
		if (r->line_len >= HTTP_LINE_MAX - 1)
			return http_fail(r, -E2BIG, http_line_too_long[r->state]);
		r->line[r->line_len++] = (char)c;
		return 0;
	}
	n = r->line_len;
	r->line_len = 0;
	if (n && r->line[n - 1] == '\r')
		n--;
	return http_line(r, n);
}

/* Up to @len body bytes at @data (Content-Length, chunk or close-delimited): how many were used. */
static size_t http_body(struct http_resp *r, const uint8_t *data, size_t len)
{
	size_t take = len;
	int rc;

	if (r->state != HTTP_RESP_BODY_CLOSE && r->left < take)
		take = (size_t)r->left;
	else if (r->state == HTTP_RESP_BODY_CLOSE && http_sinking(r) && take > r->limit - r->body)
		take = (size_t)(r->limit - r->body); /* what fits; the next byte fails */
	if (take && http_sinking(r) && r->sink) {
		rc = r->sink(r->ctx, data, take);
		if (rc) {
			http_fail(r, rc < 0 ? rc : -EIO, "the body could not be stored");
			return len;
		}
	}
	r->body += take;
	if (r->state == HTTP_RESP_BODY_CLOSE) {
		if (take < len)
			http_fail(r, -EFBIG, "file larger than the download area");
		return len;
	}
	r->left -= take;
	if (r->left == 0)
		r->state = r->state == HTTP_RESP_CHUNK_DATA ? HTTP_RESP_CHUNK_CR : HTTP_RESP_DONE;
	return take;
}

/* A byte after the end of the response (the request asked for the close). */
static void http_excess(struct http_resp *r)
{
	if (http_has_body(r) && r->has_length)
		http_fail(r, -EPROTO, "body longer than Content-Length");
	else
		http_fail(r, -EPROTO, "data after the end of the response");
}

/* The state's result: 1 complete, 0 more wanted, or the error. */
static int http_result(const struct http_resp *r)
{
	if (r->err)
		return r->err;
	return r->state == HTTP_RESP_DONE;
}

/**
 * http_resp_feed - the next @len bytes the server sent.
 * @r: the parser (http_resp_init())
 * @data: the bytes
 * @len: how many (0 only asks for the state)
 *
 * The outcome does not depend on how the bytes are split between calls.
 *
 * Return: 0 more is wanted; 1 the response is complete (its body fully received per
 * Content-Length or the chunked terminator; a body delimited by the close completes at
 * http_resp_eof()); or a negative errno, sticky, with why set: -EPROTO a malformed response or
 * bytes after its end, -E2BIG a line or the header too long, -EOPNOTSUPP a transfer-coding
 * other than chunked, -EFBIG a 2xx body over the limit, or the sink's error.
 */
int http_resp_feed(struct http_resp *r, const uint8_t *data, size_t len)
{
	size_t used;

	while (len && !r->err) {
		used = 1;
		switch (r->state) {
		case HTTP_RESP_BODY_LENGTH:
		case HTTP_RESP_BODY_CLOSE:
		case HTTP_RESP_CHUNK_DATA:
			used = http_body(r, data, len);
			break;
		case HTTP_RESP_CHUNK_CR:
		case HTTP_RESP_CHUNK_LF:
			http_chunk_end(r, *data);
			break;
		case HTTP_RESP_DONE:
			http_excess(r);
			break;
		default:
			http_line_byte(r, *data);
			break;
		}
		data += used;
		len -= used;
	}
	return http_result(r);
}

/**
 * http_resp_eof - the server closed the connection.
 * @r: the parser
 *
 * Return: 1 when the response is complete (a body delimited by the close is complete now), or
 * a negative errno, sticky: -EPROTO when no complete header arrived, -EPIPE when the body
 * ended early, or the error that stopped the response before.
 */
int http_resp_eof(struct http_resp *r)
{
	switch (r->state) {
	case HTTP_RESP_FAILED:
		return r->err;
	case HTTP_RESP_DONE:
		return 1;
	case HTTP_RESP_BODY_CLOSE:
		r->state = HTTP_RESP_DONE;
		return 1;
	case HTTP_RESP_STATUS:
	case HTTP_RESP_HEADER:
		return http_fail(r, -EPROTO,
				 r->section ? "connection closed before the end of the header" :
					      "connection closed without a response");
	default:
		return http_fail(r, -EPIPE, "connection closed before the end of the body");
	}
}

/**
 * http_resp_error - what stopped the response, in a few words ("" while nothing did).
 * @r: the parser
 */
const char *http_resp_error(const struct http_resp *r)
{
	return r->why ? r->why : "";
}

/**
 * http_status_is_redirect - true for the statuses that send the client to their Location
 * (301, 302, 303, 307, 308).
 * @status: a status code
 */
bool http_status_is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* ---- URLs -------------------------------------------------------------------------------------- */

/* Copies @n bytes at @s with a NUL into @dst (capacity @size); -E2BIG when they do not fit. */
static int http_copy(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -E2BIG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Percent-decodes the @n bytes of userinfo at @s into @dst (capacity @size). */
static int http_userinfo_part(char *dst, size_t size, const char *s, size_t n, bool user)
{
	size_t i, out = 0;
	int hi, lo;
	uint8_t c;

	for (i = 0; i < n; i++) {
		c = (uint8_t)s[i];
		if (!http_is_path_char(c))
			return -EINVAL;
		if (c == '%') {
			hi = n - i < 3 ? -1 : http_hex((uint8_t)s[i + 1]);
			lo = n - i < 3 ? -1 : http_hex((uint8_t)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -EINVAL;
			c = (uint8_t)(hi << 4 | lo);
			i += 2;
		}
		if (http_is_ctl(c) || (user && c == ':'))
			return -EINVAL;
		if (out + 1 >= size)
			return -E2BIG;
		dst[out++] = (char)c;
	}
	dst[out] = '\0';
	return 0;
}

/* "user[:password]" (@n bytes at @s) into t->user and t->pass. */
static int http_userinfo(const char *s, size_t n, struct http_target *t)
{
	const char *colon = memchr(s, ':', n);
	size_t un = colon ? (size_t)(colon - s) : n;
	int rc;

	rc = http_userinfo_part(t->user, sizeof(t->user), s, un, true);
	if (rc || !colon)
		return rc;
	return http_userinfo_part(t->pass, sizeof(t->pass), colon + 1, n - un - 1, false);
}

/* "host[:port]" (@n bytes at @s) into t->host and t->port (the scheme's default when absent). */
static int http_host_port(const char *s, size_t n, struct http_target *t)
{
	size_t h = 0, i;
	uint32_t port = 0;

	while (h < n && http_is_host_char((uint8_t)s[h]))
		h++;
	if (h == 0 || (h < n && s[h] != ':'))
		return -EINVAL;
	if (http_copy(t->host, sizeof(t->host), s, h))
		return -E2BIG;
	t->port = t->https ? HTTPS_PORT : HTTP_PORT;
	if (h == n)
		return 0;
	if (n - h - 1 < 1 || n - h - 1 > 5)
		return -EINVAL;
	for (i = h + 1; i < n; i++) {
		if (!http_is_digit((uint8_t)s[i]))
			return -EINVAL;
		port = port * 10 + (uint32_t)(s[i] - '0');
	}
	if (port == 0 || port > 65535)
		return -EINVAL;
	t->port = (uint16_t)port;
	return 0;
}

/* "[userinfo@]host[:port]" (@n bytes at @s); userinfo only when @userinfo allows it. */
static int http_authority(const char *s, size_t n, bool userinfo, struct http_target *t)
{
	size_t at = n;
	int rc;

	while (at > 0 && s[at - 1] != '@')
		at--;
	if (at == 0)
		return http_host_port(s, n, t);
	if (!userinfo)
		return -EINVAL;
	rc = http_userinfo(s, at - 1, t);
	return rc ? rc : http_host_port(s + at, n - at, t);
}

/*
 * What follows the authority (or an absolute path): "", "/path", "?query" or "#fragment" (the
 * caller has seen to that), all printable without spaces. The path keeps its query; the
 * fragment is dropped; none is "/".
 */
static int http_path(const char *s, struct http_target *t)
{
	size_t n = 0, end;
	size_t lead = s[0] == '/' ? 0 : 1;

	for (end = 0; s[end]; end++)
		if (!http_is_path_char((uint8_t)s[end]))
			return -EINVAL;
	while (n < end && s[n] != '#')
		n++;
	if (lead + n >= sizeof(t->path))
		return -E2BIG;
	t->path[0] = '/';
	memcpy(t->path + lead, s, n);
	t->path[lead + n] = '\0';
	return 0;
}

/* "http:" or "https:" at @s, in any case: sets t->https; returns what follows, or NULL. */
static const char *http_scheme(const char *s, struct http_target *t)
{
	if (http_word_is(s, 5, "http:")) {
		t->https = false;
		return s + 5;
	}
	if (http_word_is(s, 6, "https:")) {
		t->https = true;
		return s + 6;
	}
	return NULL;
}

/* "//authority[path]" at @s into @t (t->https already set). */
static int http_net_path(const char *s, bool userinfo, struct http_target *t)
{
	size_t n = 0;
	int rc;

	if (s[0] != '/' || s[1] != '/')
		return -EINVAL;
	s += 2;
	while (s[n] && s[n] != '/' && s[n] != '?' && s[n] != '#')
		n++;
	rc = http_authority(s, n, userinfo, t);
	return rc ? rc : http_path(s + n, t);
}

/**
 * http_url_parse - reads "http[s]://[user[:password]@]host[:port][/path]".
 * @url: the URL
 * @out: the result (all zero on failure)
 *
 * The scheme is http or https in any case; user and password may hold %XX escapes (decoded;
 * no control character may result, nor a ':' in the user); the host holds letters, digits,
 * '-', '.' and '_'; the port is 1 to 65535 (default 80 or 443); the path is kept as given with
 * its query (its fragment dropped), "/" when absent.
 *
 * Return: 0, -EINVAL for a malformed URL, -E2BIG for a part longer than struct http_target holds.
 */
int http_url_parse(const char *url, struct http_target *out)
{
	struct http_target t;
	const char *s;
	int rc = -EINVAL;

	memset(&t, 0, sizeof(t));
	s = http_scheme(url, &t);
	if (s)
		rc = http_net_path(s, true, &t);
	memset(out, 0, sizeof(*out));
	if (rc == 0)
		*out = t;
	return rc;
}

/**
 * http_redirect_target - where a redirect's Location sends the next request.
 * @location: the Location value: "http[s]://host[:port][/path]", "//host[:port][/path]" (same
 *            scheme) or "/path" (same server)
 * @cur_https: the request that was redirected used https
 * @cur_host: its host
 * @cur_port: its port
 * @out: the result (all zero on failure); user and password are always empty: the caller
 *       decides whether credentials follow (http_same_server())
 *
 * Return: 0; -EPERM for a redirect from https to http; -EINVAL for anything malformed
 * (relative references, other schemes, userinfo, bad hosts or ports); -E2BIG for a part
 * longer than struct http_target holds.
 */
int http_redirect_target(const char *location, bool cur_https, const char *cur_host,
			 uint16_t cur_port, struct http_target *out)
{
	struct http_target t;
	const char *s;
	int rc;

	memset(&t, 0, sizeof(t));
	t.https = cur_https;
	if (location[0] == '/' && location[1] != '/') {
		rc = http_host_ok(cur_host) && cur_port ? 0 : -EINVAL;
		if (!rc)
			rc = http_copy(t.host, sizeof(t.host), cur_host, strlen(cur_host));
		t.port = cur_port;
		if (!rc)
			rc = http_path(location, &t);
	} else {
		s = location[0] == '/' ? location : http_scheme(location, &t);
		rc = s ? http_net_path(s, false, &t) : -EINVAL;
	}
	if (!rc && cur_https && !t.https)
		rc = -EPERM;
	memset(out, 0, sizeof(*out));
	if (rc == 0)
		*out = t;
	return rc;
}

/**
 * http_same_server - true when @a and @b name the same scheme, host (in any case) and port.
 * @a: a target
 * @b: another
 */
bool http_same_server(const struct http_target *a, const struct http_target *b)
{
	const char *x = a->host, *y = b->host;

	while (*x && http_lower((uint8_t)*x) == http_lower((uint8_t)*y)) {
		x++;
		y++;
	}
	return a->https == b->https && a->port == b->port && *x == '\0' && *y == '\0';
}
