/*
 * libFuzzer harness for the PEM certificate decoder (os/pem.c), whose input is text a user
 * pasted or a file: any bytes. The first input byte chooses:
 * - decode: the rest is the text, decoded into a buffer of exactly the size the second byte
 *   names (ASan sees any store past it), then as a series of blocks until none is left; what
 *   a decode accepts or refuses must agree with a decode into a large buffer (-PEM_ETOOBIG
 *   exactly when the data is longer than the small buffer), and *end stays inside the text;
 * - round trip: the rest is DER bytes, encoded, white space from the input spread between the
 *   lines' characters, then decoded: the bytes come back, and a buffer one byte short is
 *   refused with -PEM_ETOOBIG without a store past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/pem.h"

#define FZ_BIG 65536u /* larger than anything the input can decode to */

/* The text in a heap block of its own size, so that a read past it is caught. */
static char *fz_copy(const uint8_t *data, size_t size)
{
	char *t = malloc(size ? size : 1);

	if (!t)
		abort();
	memcpy(t, data, size);
	return t;
}

/* Decodes the first block with a small buffer and a large one: both must tell the same story. */
static void fz_decode_once(const char *text, size_t len, size_t small)
{
	static uint8_t big[FZ_BIG];
	uint8_t *buf = malloc(small ? small : 1);
	size_t n_small = 0, n_big = 0;
	const char *e_small = NULL, *e_big = NULL;
	int err_small, err_big;

	if (!buf)
		abort();
	err_small = pem_decode(text, len, small ? buf : NULL, small, &n_small, &e_small);
	err_big = pem_decode(text, len, big, sizeof(big), &n_big, &e_big);
	if (!e_small || e_small < text || e_small > text + len || !e_big || e_big < text ||
	    e_big > text + len)
		abort();
	if (err_big > 0 || (err_big && (-err_big < PEM_ENOBEGIN || -err_big > PEM_ELAST)) ||
	    err_big == -PEM_ETOOBIG)
		abort();
	if (!err_big) {
		/* the data ended, was whole, and ends the text's block */
		if (!n_big || e_big <= text || (e_big[-1] != '\n' && e_big != text + len))
			abort();
		if (n_big <= small ? err_small || n_small != n_big || memcmp(buf, big, n_big) ||
					     e_small != e_big :
				     err_small != -PEM_ETOOBIG)
			abort();
	} else if (err_small != err_big && err_small != -PEM_ETOOBIG) {
		abort();
	}
	free(buf);
}

/* Decodes every block of the text, one after the other: each call moves on, and ends. */
static void fz_decode_series(const char *text, size_t len)
{
	static uint8_t der[FZ_BIG];
	const char *p = text, *end;
	size_t n;

	while (!pem_decode(p, (size_t)(text + len - p), der, sizeof(der), &n, &end)) {
		if (end <= p || end > text + len)
			abort();
		p = end;
	}
}

/* Encodes the DER, spreads blanks from @ws through its base64, decodes it back. */
static void fz_round_trip(const uint8_t *der, size_t n, const uint8_t *ws, size_t nws)
{
	static const char blanks[] = { ' ', '\t', '\r', '\n' };
	size_t need = pem_encoded_len(n), tlen, i, k = 0, out_len;
	char *text = malloc(need + 1), *spread = malloc(2 * need + 1), *exact;
	uint8_t *back = malloc(n + 1);
	const char *body, *end_line;

	if (!text || !spread || !back)
		abort();
	if (pem_encode(der, n, text, need + 1, &tlen) || tlen != need || text[need])
		abort();
	/* between the boundary lines, a blank before a character when the input says so */
	body = strchr(text, '\n') + 1;
	end_line = strstr(text, PEM_CERT_END);
	memcpy(spread, text, (size_t)(body - text));
	tlen = (size_t)(body - text);
	for (i = (size_t)(body - text); i < need; i++) {
		if (text + i < end_line && k < nws && (ws[k] & 0x80))
			spread[tlen++] = blanks[ws[k] & 3];
		if (k < nws)
			k++;
		spread[tlen++] = text[i];
	}
	exact = fz_copy((const uint8_t *)spread, tlen);
	if (pem_decode(exact, tlen, back, n, &out_len, NULL) || out_len != n ||
	    memcmp(back, der, n))
		abort();
	/* one byte short: refused, and back[n - 1] never written */
	back[n - 1] = (uint8_t)~der[n - 1];
	if (pem_decode(exact, tlen, back, n - 1, &out_len, NULL) != -PEM_ETOOBIG ||
	    back[n - 1] != (uint8_t)~der[n - 1])
		abort();
	free(exact);
	free(text);
	free(spread);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	size_t half;

	if (size < 2)
		return 0;
	if (!(data[0] & 1)) {
		text = fz_copy(data + 2, size - 2);
		fz_decode_once(text, size - 2, (size_t)data[1] * 4);
		fz_decode_series(text, size - 2);
		free(text);
		return 0;
	}
	/* round trip: the first half is DER, the second says where blanks go */
	half = (size - 1) / 2;
	if (half)
		fz_round_trip(data + 1, half, data + 1 + half, size - 1 - half);
	return 0;
}
