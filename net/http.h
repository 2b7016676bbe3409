/* HTTP/1.1 client logic for downloads: the request, the response parser, URLs and redirects. */
#ifndef HTTP_H
#define HTTP_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_PORT 80 /* the http scheme's default port */
#define HTTPS_PORT 443 /* the https scheme's default port */

/* Bounds on what a server may send (untrusted input): beyond them the response fails. */
#define HTTP_LINE_MAX 1024 /* bytes of a status, header, chunk-size or trailer line, with its end */
#define HTTP_HEADER_MAX 16384 /* bytes of all status and header lines (1xx too); and of a trailer */
#define HTTP_REASON_MAX 63 /* characters of the reason phrase kept (the rest is dropped) */
#define HTTP_LOCATION_MAX 255 /* characters of a Location kept; longer sets location_too_long */

/* Bounds of a URL's parts (struct http_target), NUL excluded. */
#define HTTP_HOST_MAX 63
#define HTTP_PATH_MAX 255
#define HTTP_USER_MAX 63
#define HTTP_PASS_MAX 63

/*
 * Where a request goes: from http_url_parse() or http_redirect_target(). The host holds only
 * letters, digits, '-', '.' and '_'; the path starts with '/' and holds only printable ASCII
 * other than space (query included, fragment dropped); user and password are percent-decoded
 * and hold no control character, the user no ':'. Empty user and password: no credentials.
 */
struct http_target {
	bool https;
	char host[HTTP_HOST_MAX + 1];
	uint16_t port;
	char path[HTTP_PATH_MAX + 1];
	char user[HTTP_USER_MAX + 1];
	char pass[HTTP_PASS_MAX + 1];
};

/*
 * Receives body bytes in order (only those of a 2xx response). A nonzero return stops the
 * response with that error (a positive value becomes -EIO).
 */
typedef int (*http_sink)(void *ctx, const uint8_t *data, size_t len);

/* Where the response parser is (net/http.c describes the machine). */
enum http_resp_state {
	HTTP_RESP_STATUS, /* in a status line (the first one, or the one after a 1xx response) */
	HTTP_RESP_HEADER, /* in the header lines */
	HTTP_RESP_BODY_LENGTH, /* in a body of Content-Length bytes */
	HTTP_RESP_BODY_CLOSE, /* in a body that the close of the connection ends */
	HTTP_RESP_CHUNK_SIZE, /* in a chunk-size line */
	HTTP_RESP_CHUNK_DATA, /* in a chunk's data */
	HTTP_RESP_CHUNK_CR, /* after a chunk's data: CRLF (or LF) expected */
	HTTP_RESP_CHUNK_LF, /* after a chunk's data and a CR: LF expected */
	HTTP_RESP_TRAILER, /* in the trailer, after the last chunk */
	HTTP_RESP_DONE, /* the response is complete */
	HTTP_RESP_FAILED, /* stopped by an error (err, why) */
};

/*
 * One response being received: fixed size (about 1.4 KiB), nothing allocated, no pointer into
 * the caller's memory but the sink and its context. The fields before the parser's own are
 * the results; read them, do not write them.
 */
struct http_resp {
	int status; /* the final status code (100 to 599); 0 until its status line */
	char reason[HTTP_REASON_MAX + 1]; /* its reason phrase: printable ASCII, others as '?' */
	bool has_length; /* a Content-Length frames the body (never with chunked) */
	uint64_t content_length; /* valid when has_length */
	bool chunked; /* Transfer-Encoding: chunked frames the body */
	uint64_t body; /* body bytes received so far (de-chunked), sunk or not */
	char location[HTTP_LOCATION_MAX + 1]; /* the Location header's value; "" when none */
	bool location_too_long; /* a Location longer than HTTP_LOCATION_MAX was sent */
	bool www_authenticate; /* a WWW-Authenticate header was sent */
	bool header_done; /* the final response's header is complete */
	int err; /* 0, or the negative errno that stopped the response */
	const char *why; /* what err means, in a few words; NULL while err is 0 */

	/* the parser's own state */
	http_sink sink;
	void *ctx;
	uint64_t limit; /* most body bytes a 2xx response may have */
	enum http_resp_state state;
	uint64_t left; /* bytes left of the Content-Length body or of the current chunk */
	uint32_t section; /* bytes of the header (or of the trailer) so far */
	uint32_t line_len; /* bytes in line[] */
	bool location_seen;
	char line[HTTP_LINE_MAX]; /* the line being received, its LF not stored */
};

int http_base64(char *out, size_t size, const uint8_t *in, size_t len);
int http_request_build(char *buf, size_t size, const char *host, uint16_t port, bool https,
		       const char *path, const char *user, const char *pass);

void http_resp_init(struct http_resp *r, http_sink sink, void *ctx, uint64_t limit);
int http_resp_feed(struct http_resp *r, const uint8_t *data, size_t len);
int http_resp_eof(struct http_resp *r);
const char *http_resp_error(const struct http_resp *r);
bool http_status_is_redirect(int status);

int http_url_parse(const char *url, struct http_target *out);
int http_redirect_target(const char *location, bool cur_https, const char *cur_host,
			 uint16_t cur_port, struct http_target *out);
bool http_same_server(const struct http_target *a, const struct http_target *b);

#endif /* HTTP_H */
