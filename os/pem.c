/* PEM certificates (RFC 7468): decode one block to DER, encode DER as a block. */

/*
 * The decoder is a scan over the text with a little state: the base64 group being gathered
 * (up to four 6-bit values), how many '=' ended the data, and whether only white space came
 * since the last line feed (a boundary line must start a line). Every output byte is checked
 * against the caller's buffer before it is stored.
 */

#include <stdbool.h>
#include <string.h>

#include "pem.h"

#define PEM_BAD 0xFFu /* b64_value(): not in the alphabet */

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+"
				   "/";

/* The 6-bit value of base64 character @c, or PEM_BAD. */
static uint8_t b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (uint8_t)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (uint8_t)(c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (uint8_t)(c - '0' + 52);
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return PEM_BAD;
}

/* White space that may stand between base64 characters and around boundary lines. */
static bool pem_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether the text from @p to @lim starts with string @s. */
static bool pem_starts(const char *p, const char *lim, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(lim - p) >= n && !memcmp(p, s, n);
}

/*
 * Skips blanks other than LF after a boundary; consumes the LF that ends its line. Returns
 * where the next line starts (or @lim), or NULL when other text follows on the line.
 */
static const char *pem_line_end(const char *p, const char *lim)
{
	while (p < lim && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p == lim)
		return p;
	return *p == '\n' ? p + 1 : NULL;
}

/* The first character after a BEGIN line at the start of a line (blanks before it allowed). */
static const char *pem_find_begin(const char *text, const char *lim, const char **err_at, int *err)
{
	const char *p = text;

	*err = -PEM_ENOBEGIN;
	*err_at = lim;
	while (p < lim) {
		const char *q = p, *next;

		while (q < lim && (*q == ' ' || *q == '\t'))
			q++;
		if (pem_starts(q, lim, PEM_CERT_BEGIN)) {
			q += strlen(PEM_CERT_BEGIN);
			next = pem_line_end(q, lim);
			if (next)
				return next;
			*err = -PEM_ECHAR;
			*err_at = q;
			return NULL;
		}
		next = memchr(p, '\n', (size_t)(lim - p));
		p = next ? next + 1 : lim;
	}
	return NULL;
}

/* What the decoder has gathered of the data. */
struct pem_state {
	uint8_t quad[4]; /* 6-bit values of the group being gathered */
	unsigned int n; /* characters of the group so far, '=' included */
	unsigned int pad; /* '=' seen: the data has ended */
	bool done; /* a padded group was stored: nothing but the END line may follow */
	uint8_t *out;
	size_t size, len; /* the buffer's size, bytes stored */
};

/* Stores a complete group (4 characters, @st->pad of them '='); returns 0 or -PEM_E*. */
static int pem_flush(struct pem_state *st)
{
	uint8_t b[3];
	unsigned int i, bytes = 3 - st->pad;

	/* the bits of the last character that no byte takes must be zero (RFC 4648 3.5) */
	if ((st->pad == 1 && (st->quad[2] & 0x03)) || (st->pad == 2 && (st->quad[1] & 0x0F)))
		return -PEM_EPAD;
	b[0] = (uint8_t)(st->quad[0] << 2 | st->quad[1] >> 4);
	b[1] = (uint8_t)(st->quad[1] << 4 | st->quad[2] >> 2);
	b[2] = (uint8_t)(st->quad[2] << 6 | st->quad[3]);
	if (st->size - st->len < bytes)
		return -PEM_ETOOBIG;
	for (i = 0; i < bytes; i++)
		st->out[st->len++] = b[i];
	st->n = 0;
	st->done = st->pad != 0;
	return 0;
}

/* Takes one base64 character or '=' of the data; returns 0 or -PEM_E*. */
static int pem_take(struct pem_state *st, char c)
{
	uint8_t v = b64_value(c);

	if (c == '=') {
		if (st->done || st->n < 2)
			return -PEM_EPAD;
		st->pad++;
		st->quad[st->n++] = 0;
	} else if (v == PEM_BAD) {
		return -PEM_ECHAR;
	} else {
		if (st->done || st->pad)
			return -PEM_EPAD;
		st->quad[st->n++] = v;
	}
	return st->n == 4 ? pem_flush(st) : 0;
}

/* The data ended at the END line: checks it was whole; returns 0 or -PEM_E*. */
static int pem_finish(const struct pem_state *st)
{
	if (st->n)
		return st->pad ? -PEM_EPAD : -PEM_ELENGTH;
	return st->len ? 0 : -PEM_EEMPTY;
}

/*
 * Decodes the body from @p to the END line. Returns 0 with *@end after the END line, or
 * -PEM_E* with *@end at the character that is wrong (@lim when the END line is missing).
 */
static int pem_body(struct pem_state *st, const char *p, const char *lim, const char **end)
{
	bool bol = true; /* only blanks since the last LF */
	int err;

	for (; p < lim; p++) {
		if (pem_blank(*p)) {
			bol = bol || *p == '\n';
			continue;
		}
		if (*p == '-' && bol && pem_starts(p, lim, PEM_CERT_END)) {
			*end = p;
			err = pem_finish(st);
			if (err)
				return err;
			p += strlen(PEM_CERT_END);
			*end = pem_line_end(p, lim);
			if (!*end) {
				*end = p;
				return -PEM_ECHAR;
			}
			return 0;
		}
		*end = p;
		if (*p == '-' && bol && pem_starts(p, lim, "-----"))
			return -PEM_ENOEND; /* another boundary first */
		bol = false;
		err = pem_take(st, *p);
		if (err)
			return err;
	}
	*end = lim;
	return -PEM_ENOEND;
}

/*
 * pem_decode - decodes the first PEM certificate block of a text
 * @text: the text: anything, then a "-----BEGIN CERTIFICATE-----" line, base64 lines, an
 *        "-----END CERTIFICATE-----" line, then anything (not read); need not be NUL-terminated
 * @len: its length
 * @der: receives the decoded bytes; may be NULL when @der_size is 0
 * @der_size: bytes at @der: nothing is ever stored past them
 * @der_len: the decoded length, written on success; may be NULL
 * @end: written unless NULL: on success, where the text after the END line starts (call again
 *       there for the next block); on failure, the character found wrong (the text's end when
 *       a line is missing)
 *
 * The boundary lines must start their lines (after blanks) and hold nothing else but trailing
 * blanks. Returns 0; -PEM_ENOBEGIN (no BEGIN line: none left, when decoding a series);
 * -PEM_ENOEND; -PEM_ECHAR; -PEM_EPAD; -PEM_ELENGTH; -PEM_EEMPTY; or -PEM_ETOOBIG. On failure
 * @der may hold part of the data.
 */
int pem_decode(const char *text, size_t len, uint8_t *der, size_t der_size, size_t *der_len,
	       const char **end)
{
	struct pem_state st;
	const char *lim = text + len, *p, *at;
	int err;

	p = pem_find_begin(text, lim, &at, &err);
	if (!p) {
		if (end)
			*end = at;
		return err;
	}
	memset(&st, 0, sizeof(st));
	st.out = der;
	st.size = der ? der_size : 0;
	err = pem_body(&st, p, lim, &at);
	if (end)
		*end = at;
	if (!err && der_len)
		*der_len = st.len;
	return err;
}

/*
 * pem_encoded_len - characters pem_encode() writes for @der_len bytes (the NUL not counted):
 * the BEGIN line, the base64 in lines of PEM_LINE_CHARS, the END line, each ended by LF
 */
size_t pem_encoded_len(size_t der_len)
{
	size_t chars = (der_len + 2) / 3 * 4;
	size_t lines = (chars + PEM_LINE_CHARS - 1) / PEM_LINE_CHARS;

	return strlen(PEM_CERT_BEGIN) + 1 + chars + lines + strlen(PEM_CERT_END) + 1;
}

/* Appends string @s at *@p. */
static void pem_put(char **p, const char *s)
{
	size_t n = strlen(s);

	memcpy(*p, s, n);
	*p += n;
}

/* Writes the base64 of the 1..3 bytes at @b (@n of them), padded, at *@p. */
static void pem_put_group(char **p, const uint8_t *b, size_t n)
{
	uint32_t v = (uint32_t)b[0] << 16 | (n > 1 ? (uint32_t)b[1] << 8 : 0) | (n > 2 ? b[2] : 0);
	char *q = *p;

	q[0] = b64_alphabet[v >> 18 & 0x3F];
	q[1] = b64_alphabet[v >> 12 & 0x3F];
	q[2] = n > 1 ? b64_alphabet[v >> 6 & 0x3F] : '=';
	q[3] = n > 2 ? b64_alphabet[v & 0x3F] : '=';
	*p += 4;
}

/*
 * pem_encode - writes DER bytes as a PEM certificate block
 * @der: the bytes
 * @der_len: how many, at least 1
 * @text: receives pem_encoded_len(@der_len) characters and a NUL
 * @size: bytes at @text
 * @text_len: characters written (the NUL not counted), on success; may be NULL
 *
 * Returns 0, -PEM_EEMPTY (no bytes) or -PEM_ETOOBIG (@size short; nothing written).
 */
int pem_encode(const uint8_t *der, size_t der_len, char *text, size_t size, size_t *text_len)
{
	size_t need = pem_encoded_len(der_len), i, col = 0;
	char *p = text;

	if (!der_len)
		return -PEM_EEMPTY;
	if (size <= need)
		return -PEM_ETOOBIG;
	pem_put(&p, PEM_CERT_BEGIN "\n");
	for (i = 0; i < der_len; i += 3) {
		pem_put_group(&p, der + i, der_len - i < 3 ? der_len - i : 3);
		col += 4;
		if (col == PEM_LINE_CHARS || i + 3 >= der_len) {
			*p++ = '\n';
			col = 0;
		}
	}
	pem_put(&p, PEM_CERT_END "\n");
	*p = '\0';
	if (text_len)
		*text_len = (size_t)(p - text);
	return 0;
}

/* Words for the errors, by code. */
static const char *const pem_msgs[] = {
	[PEM_ENOBEGIN - PEM_ENOBEGIN] = "no -----BEGIN CERTIFICATE----- line",
	[PEM_ENOEND - PEM_ENOBEGIN] = "no -----END CERTIFICATE----- line after the data",
	[PEM_ECHAR - PEM_ENOBEGIN] = "a character that is not base64",
	[PEM_EPAD - PEM_ENOBEGIN] = "bad base64 padding",
	[PEM_ELENGTH - PEM_ENOBEGIN] = "base64 data cut short",
	[PEM_EEMPTY - PEM_ENOBEGIN] = "no data in the certificate block",
	[PEM_ETOOBIG - PEM_ENOBEGIN] = "certificate too large",
};
_Static_assert(sizeof(pem_msgs) / sizeof(pem_msgs[0]) == PEM_ELAST - PEM_ENOBEGIN + 1, "a message "
										       "for every "
										       "PEM error");

/* pem_strerror - a short description of a pem_decode()/pem_encode() error (a constant string) */
const char *pem_strerror(int err)
{
	if (-err >= PEM_ENOBEGIN && -err <= PEM_ELAST)
		return pem_msgs[-err - PEM_ENOBEGIN];
	return err ? "unknown PEM error" : "success";
}
