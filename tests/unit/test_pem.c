/* Unit tests of the PEM certificate decoder and encoder (os/pem.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mbedtls/sha256.h"
#include "os/pem.h"

#define BEGIN "-----BEGIN CERTIFICATE-----\n"
#define END "-----END CERTIFICATE-----\n"

/*
 * A real certificate, as `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1
 * -subj "/CN=PEM test CA"` wrote it: 390 bytes of DER whose SHA-256 is what `openssl x509
 * -fingerprint -sha256` printed.
 */
static const char cert_pem[] = "-----BEGIN CERTIFICATE-----\n"
			       "MIIBgjCCASegAwIBAgIUVqsK8kqz4GoyQ0PGMCMpiVe+64IwCgYIKoZIzj0EAwIw\n"
			       "FjEUMBIGA1UEAwwLUEVNIHRlc3QgQ0EwHhcNMjYxMjAzMTQzMzM2WhcNMzYxMTMw\n"
			       "MTQzMzM2WjAWMRQwEgYDVQQDDAtQRU0gdGVzdCBDQTBZMBMGByqGSM49AgEGCCqG\n"
			       "SM49AwEHA0IABPCx7oiZsgS/272jjv9kqhNwchr3ujrMFz0nY5wpxKkWIg3JtrC9\n"
			       "y5SoWq3SlHtAJd4h61JEgM8xEiry/ePUfuijUzBRMB0GA1UdDgQWBBTQEBteIXUu\n"
			       "O8cu4Sx77wxe/wdDTDAfBgNVHSMEGDAWgBTQEBteIXUuO8cu4Sx77wxe/wdDTDAP\n"
			       "BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCBdsJCs/J0SZ+UFg5U\n"
			       "2e+XfRh8rCn/hOQVBsHxJLqGVQIhAJwbc4H1UIIj0ln7LUQHVV9ebdYWoFZ0ZKih\n"
			       "rHf9rJPp\n"
			       "-----END CERTIFICATE-----\n";
static const uint8_t cert_sha256[32] = {
	0xfb, 0x9f, 0x54, 0x5a, 0x7b, 0x3d, 0x35, 0xa7, 0x45, 0x24, 0xa4,
	0x0a, 0x47, 0xd7, 0x5d, 0x6d, 0xd3, 0xbd, 0x73, 0xc4, 0x9f, 0x9d,
	0x89, 0x28, 0x88, 0x29, 0x3b, 0xbd, 0x63, 0x80, 0x7f, 0x3e,
};
#define CERT_DER_LEN 390

/* Decodes NUL-terminated @text into @der; returns the error, *len and *end as pem_decode's. */
static int decode(const char *text, uint8_t *der, size_t size, size_t *len, const char **end)
{
	return pem_decode(text, strlen(text), der, size, len, end);
}

/* Asserts that @text decodes to the @n bytes at @want, and that only blanks follow *end. */
static void decodes_to(const char *text, const void *want, size_t n)
{
	uint8_t der[512];
	size_t len = 12345;
	const char *end = NULL;

	assert_int_equal(decode(text, der, sizeof(der), &len, &end), 0);
	assert_int_equal(len, n);
	assert_memory_equal(der, want, n);
	assert_true(end > text && end <= text + strlen(text));
	assert_int_equal(strspn(end, " \t\r\n"), strlen(end));
	assert_true(end[-1] == '\n' || !*end); /* after the END line's LF */
}

/* Asserts that @text fails with @err, *end at offset @at of it (-1: its end). */
static void fails(const char *text, int err, long at)
{
	uint8_t der[512];
	size_t len = 12345;
	const char *end = NULL;

	assert_int_equal(decode(text, der, sizeof(der), &len, &end), err);
	assert_int_equal(len, 12345);
	assert_ptr_equal(end, at < 0 ? text + strlen(text) : text + at);
}

/* ---- decoding ---------------------------------------------------------------------------------- */

/* RFC 4648 section 10's vectors (the empty one is no certificate). */
static void test_rfc4648(void **state)
{
	(void)state;
	decodes_to(BEGIN "Zg==\n" END, "f", 1);
	decodes_to(BEGIN "Zm8=\n" END, "fo", 2);
	decodes_to(BEGIN "Zm9v\n" END, "foo", 3);
	decodes_to(BEGIN "Zm9vYg==\n" END, "foob", 4);
	decodes_to(BEGIN "Zm9vYmE=\n" END, "fooba", 5);
	decodes_to(BEGIN "Zm9vYmFy\n" END, "foobar", 6);
	fails(BEGIN END, -PEM_EEMPTY, (long)strlen(BEGIN));
	fails(BEGIN "\n\n" END, -PEM_EEMPTY, (long)strlen(BEGIN) + 2);
}

static void test_real_certificate(void **state)
{
	uint8_t der[CERT_DER_LEN], sum[32];
	size_t len;
	const char *end;

	(void)state;
	assert_int_equal(decode(cert_pem, der, sizeof(der), &len, &end), 0);
	assert_int_equal(len, CERT_DER_LEN);
	assert_ptr_equal(end, cert_pem + strlen(cert_pem));
	/* a SEQUENCE with a two-byte length that covers the rest */
	assert_int_equal(der[0], 0x30);
	assert_int_equal(der[1], 0x82);
	assert_int_equal((der[2] << 8 | der[3]) + 4, CERT_DER_LEN);
	mbedtls_sha256_ret(der, len, sum, 0);
	assert_memory_equal(sum, cert_sha256, 32);
	/* exactly the room it needs, and one byte less */
	assert_int_equal(decode(cert_pem, der, CERT_DER_LEN, NULL, NULL), 0);
	assert_int_equal(decode(cert_pem, der, CERT_DER_LEN - 1, NULL, NULL), -PEM_ETOOBIG);
	assert_int_equal(decode(cert_pem, NULL, 0, NULL, NULL), -PEM_ETOOBIG);
}

/* Replaces every LF of @in by @eol in @out. */
static void with_eol(const char *in, const char *eol, char *out)
{
	for (; *in; in++) {
		if (*in == '\n') {
			strcpy(out, eol);
			out += strlen(eol);
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
}

/* Rewraps the base64 lines of cert_pem at @cols characters, with @eol, into @out. */
static void rewrap(int cols, const char *eol, char *out)
{
	const char *p = cert_pem + strlen(BEGIN);
	const char *stop = strstr(cert_pem, "-----END");
	int col = 0;

	out += sprintf(out, "-----BEGIN CERTIFICATE-----%s", eol);
	for (; p < stop; p++) {
		if (*p == '\n')
			continue;
		*out++ = *p;
		if (++col == cols) {
			out += sprintf(out, "%s", eol);
			col = 0;
		}
	}
	sprintf(out, "%s-----END CERTIFICATE-----%s", col ? eol : "", eol);
}

/* White space anywhere between the lines; CRLF; lines of any width. */
static void test_white_space(void **state)
{
	static const int widths[] = { 1, 3, 4, 63, 64, 65, 76, 1000 };
	static const char *const eols[] = { "\n", "\r\n", "\n\n", " \t\r\n" };
	static char text[8192]; /* 520 characters of base64, each on a line of its own */
	uint8_t want[CERT_DER_LEN];
	unsigned int w, e;

	(void)state;
	assert_int_equal(decode(cert_pem, want, sizeof(want), NULL, NULL), 0);
	for (w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
		for (e = 0; e < sizeof(eols) / sizeof(eols[0]); e++) {
			rewrap(widths[w], eols[e], text);
			decodes_to(text, want, sizeof(want));
		}
	with_eol(cert_pem, "\r\n", text);
	decodes_to(text, want, sizeof(want));
	decodes_to(BEGIN " Z m\t9 v\r\n\r\n Y g = =  \n" END, "foob", 4);
	/* blanks before and after the boundaries, no LF after the END line */
	decodes_to("  -----BEGIN CERTIFICATE-----  \r\nZm9v\n\t-----END CERTIFICATE----- \t", "foo",
		   3);
	decodes_to(BEGIN "Zm9v\n-----END CERTIFICATE-----", "foo", 3);
}

/* Text before the block is skipped; the text after it is not read. */
static void test_around(void **state)
{
	static const char text[] = "Certificate:\n    Data: ...\n-----BEGIN CERTIFICATE-----\n"
				   "Zm9v\n" END "trailing text";
	uint8_t der[8];
	size_t len;
	const char *end;

	(void)state;
	assert_int_equal(decode(text, der, sizeof(der), &len, &end), 0);
	assert_int_equal(len, 3);
	assert_string_equal(end, "trailing text");
	/* other labels, and a BEGIN that does not start its line, are not the block */
	decodes_to("-----BEGIN CERTIFICATE REQUEST-----\nZm8=\n-----END CERTIFICATE REQUEST-----\n"
		   "x-----BEGIN CERTIFICATE-----\n" BEGIN "Zg==\n" END,
		   "f", 1);
	fails("-----BEGIN TRUSTED CERTIFICATE-----\nZm9v\n-----END TRUSTED CERTIFICATE-----\n",
	      -PEM_ENOBEGIN, -1);
	fails("-----BEGIN X509 CERTIFICATE-----\nZm9v\n-----END X509 CERTIFICATE-----\n",
	      -PEM_ENOBEGIN, -1);
	fails("-----BEGIN PRIVATE KEY-----\nZm9v\n-----END PRIVATE KEY-----\n", -PEM_ENOBEGIN, -1);
	fails("", -PEM_ENOBEGIN, -1);
	fails("-----BEGIN CERTIFICATE----", -PEM_ENOBEGIN, -1);
}

/* A file of several certificates: one call per block, at *end, until -PEM_ENOBEGIN. */
static void test_series(void **state)
{
	static const char text[] = "first\n" BEGIN "Zg==\n" END "\nsecond\n" BEGIN "Zm9v\n" END
				   "\n\n";
	const char *p = text, *lim = text + strlen(text);
	uint8_t der[8];
	size_t len;

	(void)state;
	assert_int_equal(pem_decode(p, (size_t)(lim - p), der, sizeof(der), &len, &p), 0);
	assert_int_equal(len, 1);
	assert_int_equal(der[0], 'f');
	assert_int_equal(pem_decode(p, (size_t)(lim - p), der, sizeof(der), &len, &p), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(der, "foo", 3);
	assert_int_equal(pem_decode(p, (size_t)(lim - p), der, sizeof(der), &len, &p),
			 -PEM_ENOBEGIN);
	assert_ptr_equal(p, lim);
}

/* What the strict base64 refuses, and where it says the fault is. */
static void test_refused(void **state)
{
	const long b = (long)strlen(BEGIN);

	(void)state;
	fails(BEGIN "Zm9v!\n" END, -PEM_ECHAR, b + 4);
	fails(BEGIN "Zm9v_-__\n" END, -PEM_ECHAR, b + 4); /* the URL alphabet is not PEM's */
	fails(BEGIN "Zm-9v\n" END, -PEM_ECHAR, b + 2);
	fails(BEGIN "Zg=\n" END, -PEM_EPAD, b + 4);
	fails(BEGIN "Zg\n" END, -PEM_ELENGTH, b + 3);
	fails(BEGIN "Zm9vY\n" END, -PEM_ELENGTH, b + 6);
	fails(BEGIN "Z===\n" END, -PEM_EPAD, b + 1);
	fails(BEGIN "====\n" END, -PEM_EPAD, b);
	fails(BEGIN "Zg=v\n" END, -PEM_EPAD, b + 3);
	fails(BEGIN "Zg==Zm9v\n" END, -PEM_EPAD, b + 4); /* data after the padding */
	fails(BEGIN "Zg==\n=\n" END, -PEM_EPAD, b + 5);
	fails(BEGIN "Zh==\n" END, -PEM_EPAD, b + 3); /* unused bits set: not canonical */
	fails(BEGIN "Zm9=\n" END, -PEM_EPAD, b + 3);
	fails(BEGIN "Zm9vYmE\n" END, -PEM_ELENGTH, b + 8);
	/* the boundary lines */
	fails("-----BEGIN CERTIFICATE-----Zm9v\n" END, -PEM_ECHAR, 27);
	fails(BEGIN "Zm9v\n-----END CERTIFICATE-----x\n", -PEM_ECHAR, b + 30);
	fails(BEGIN "Zm9v-----END CERTIFICATE-----\n", -PEM_ECHAR, b + 4);
	fails(BEGIN "Zm9v\n", -PEM_ENOEND, -1);
	fails(BEGIN, -PEM_ENOEND, -1);
	fails("-----BEGIN CERTIFICATE-----", -PEM_ENOEND, -1);
	fails(BEGIN "Zm9v\n-----END CERTIFICATE REQUEST-----\n", -PEM_ENOEND, b + 5);
	fails(BEGIN "Zm9v\n" BEGIN "Zm9v\n" END, -PEM_ENOEND, b + 5);
}

/* The text's length is the limit: no NUL needed, nothing read past it. */
static void test_length_bound(void **state)
{
	char *text = malloc(sizeof(cert_pem) - 1);
	size_t n = sizeof(cert_pem) - 1, len;
	uint8_t der[CERT_DER_LEN];
	const char *end;

	(void)state;
	memcpy(text, cert_pem, n); /* no NUL: ASan sees a read past it */
	assert_int_equal(pem_decode(text, n, der, sizeof(der), &len, &end), 0);
	assert_ptr_equal(end, text + n);
	assert_int_equal(pem_decode(text, n - 1, der, sizeof(der), &len, &end), 0);
	/* the END line's last dash cut off: another boundary, where the END line starts */
	assert_int_equal(pem_decode(text, n - 2, der, sizeof(der), &len, &end), -PEM_ENOEND);
	assert_ptr_equal(end, text + n - 1 - strlen(PEM_CERT_END));
	assert_int_equal(pem_decode(text, 10, der, sizeof(der), &len, &end), -PEM_ENOBEGIN);
	/* a NUL inside the block is a bad character */
	text[40] = '\0';
	assert_int_equal(pem_decode(text, n, der, sizeof(der), &len, &end), -PEM_ECHAR);
	assert_ptr_equal(end, text + 40);
	free(text);
}

/* ETOOBIG never writes past the buffer, whatever its size. */
static void test_never_past_buffer(void **state)
{
	uint8_t buf[CERT_DER_LEN + 16];
	size_t size;

	(void)state;
	for (size = 0; size <= CERT_DER_LEN; size++) {
		memset(buf, 0xA5, sizeof(buf));
		assert_int_equal(decode(cert_pem, buf, size, NULL, NULL),
				 size < CERT_DER_LEN ? -PEM_ETOOBIG : 0);
		for (unsigned int i = (unsigned int)size; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xA5);
	}
}

/* ---- encoding ---------------------------------------------------------------------------------- */

static void test_encode(void **state)
{
	char text[2048];
	uint8_t der[CERT_DER_LEN];
	size_t len;

	(void)state;
	assert_int_equal(pem_encoded_len(1), 28 + 5 + 26);
	assert_int_equal(pem_encoded_len(48), 28 + 65 + 26);
	assert_int_equal(pem_encoded_len(49), 28 + 65 + 5 + 26);
	assert_int_equal(pem_encode((const uint8_t *)"foob", 4, text, sizeof(text), &len), 0);
	assert_string_equal(text, BEGIN "Zm9vYg==\n" END);
	assert_int_equal(len, strlen(text));
	assert_int_equal(pem_encode((const uint8_t *)"fooba", 5, text, sizeof(text), NULL), 0);
	assert_string_equal(text, BEGIN "Zm9vYmE=\n" END);
	/* the real certificate comes back as openssl wrote it: 64 columns */
	assert_int_equal(decode(cert_pem, der, sizeof(der), NULL, NULL), 0);
	assert_int_equal(pem_encode(der, sizeof(der), text, sizeof(text), &len), 0);
	assert_string_equal(text, cert_pem);
	assert_int_equal(len, pem_encoded_len(sizeof(der)));
	/* room for the text and its NUL, not one byte less */
	memset(text, 'x', sizeof(text));
	assert_int_equal(pem_encode(der, sizeof(der), text, len, NULL), -PEM_ETOOBIG);
	assert_int_equal(text[0], 'x');
	assert_int_equal(pem_encode(der, sizeof(der), text, len + 1, NULL), 0);
	assert_int_equal(text[len], '\0');
	assert_int_equal(pem_encode(der, 0, text, sizeof(text), NULL), -PEM_EEMPTY);
}

/* decode(encode(x)) == x for every length up to a few lines, and lines are 64 wide. */
static void test_round_trip(void **state)
{
	static uint8_t in[700], out[700];
	static char text[2048];
	uint32_t seed = 1;
	size_t n, len, i;

	(void)state;
	for (n = 1; n <= sizeof(in); n++) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (uint8_t)(seed >> 16);
		}
		assert_int_equal(pem_encode(in, n, text, sizeof(text), &len), 0);
		assert_int_equal(len, pem_encoded_len(n));
		assert_int_equal(pem_decode(text, len, out, n, &len, NULL), 0);
		assert_int_equal(len, n);
		assert_memory_equal(in, out, n);
		for (char *line = strchr(text, '\n') + 1; *line; line = strchr(line, '\n') + 1)
			assert_true(strchr(line, '\n') - line <= PEM_LINE_CHARS);
	}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(pem_strerror(-PEM_ENOBEGIN), "no -----BEGIN CERTIFICATE----- line");
	assert_string_equal(pem_strerror(-PEM_EPAD), "bad base64 padding");
	assert_string_equal(pem_strerror(-PEM_ETOOBIG), "certificate too large");
	assert_string_equal(pem_strerror(0), "success");
	assert_string_equal(pem_strerror(-1), "unknown PEM error");
	assert_string_equal(pem_strerror(-PEM_ELAST - 1), "unknown PEM error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648),	     cmocka_unit_test(test_real_certificate),
		cmocka_unit_test(test_white_space),  cmocka_unit_test(test_around),
		cmocka_unit_test(test_series),	     cmocka_unit_test(test_refused),
		cmocka_unit_test(test_length_bound), cmocka_unit_test(test_never_past_buffer),
		cmocka_unit_test(test_encode),	     cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
