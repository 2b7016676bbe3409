/*
 * How fast QEMU's TCG runs the ciphers an HTTPS download could use, as a 32-bit x86 guest runs
 * them (issue 10's "HTTPS within 2 times of HTTP"). Built by bench/tcg_ciphers.py with -m32 and
 * run under qemu-i386 (user mode: the same TCG code generator and instruction helpers as
 * qemu-system-i386, without the system emulator's memory management, so its figures are an
 * upper bound for the firmware) and natively for reference. Each row encrypts the same 8 MiB
 * buffer in 16 KiB records, as TLS 1.2 does, and prints MiB/s:
 *
 *   mbedtls-chachapoly  mbedTLS 2.28's ChaCha20-Poly1305 with the image's configuration: what
 *                       the running image negotiates with lighttpd today
 *   mbedtls-aes128gcm   mbedTLS 2.28's AES-128-GCM (table AES, 4-bit GHASH; its AES-NI code is
 *                       x86-64 only)
 *   aesni-gcm           AES-128 in counter mode with AES-NI and GHASH with PCLMULQDQ, written
 *                       here: what a 32-bit AES-NI path would cost on a CPU model that has them
 *                       (QEMU's -cpu max does)
 *   sse2-chacha20       ChaCha20 alone, four blocks at once in SSE2 registers, written here
 *   chacha20-only       ChaCha20 alone, one block at a time in general registers, written here:
 *                       the cheapest half of ChaCha20-Poly1305, with no Poly1305 at all
 *
 * The rows written here compute the ciphers' work but are not checked against test vectors:
 * they are timing models, not implementations for use.
 */
#include <emmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wmmintrin.h>

#include "mbedtls/chachapoly.h"
#include "mbedtls/gcm.h"

#define TOTAL (8u << 20)
#define RECORD 16384u

static uint8_t buf[TOTAL];
static uint8_t out[RECORD];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double mbedtls_chachapoly_run(void)
{
	static const uint8_t key[32] = { 1, 2, 3 };
	mbedtls_chachapoly_context ctx;
	uint8_t nonce[12] = { 0 }, tag[16];
	double t = now();

	mbedtls_chachapoly_init(&ctx);
	mbedtls_chachapoly_setkey(&ctx, key);
	for (size_t i = 0; i < TOTAL; i += RECORD) {
		nonce[11] = (uint8_t)(i / RECORD);
		mbedtls_chachapoly_encrypt_and_tag(&ctx, RECORD, nonce, nonce, 12, buf + i, out,
						   tag);
	}
	mbedtls_chachapoly_free(&ctx);
	return now() - t;
}

static double mbedtls_gcm_run(void)
{
	static const uint8_t key[16] = { 1, 2, 3 };
	mbedtls_gcm_context ctx;
	uint8_t iv[12] = { 0 }, tag[16];
	double t = now();

	mbedtls_gcm_init(&ctx);
	mbedtls_gcm_setkey(&ctx, MBEDTLS_CIPHER_ID_AES, key, 128);
	for (size_t i = 0; i < TOTAL; i += RECORD) {
		iv[11] = (uint8_t)(i / RECORD);
		mbedtls_gcm_crypt_and_tag(&ctx, MBEDTLS_GCM_ENCRYPT, RECORD, iv, 12, iv, 12,
					  buf + i, out, 16, tag);
	}
	mbedtls_gcm_free(&ctx);
	return now() - t;
}

/* A GF(2^128) product with four carry-less multiplications and the shift-and-reduce of Intel's
 * GCM white paper (the operand bit order is not GCM's: a timing model). */
__attribute__((target("pclmul,sse2"))) static __m128i gf_mul(__m128i a, __m128i b)
{
	__m128i lo = _mm_clmulepi64_si128(a, b, 0x00), hi = _mm_clmulepi64_si128(a, b, 0x11);
	__m128i mid =
		_mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x10), _mm_clmulepi64_si128(a, b, 0x01));
	__m128i t;

	lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
	hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
	t = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(lo, 31), _mm_slli_epi32(lo, 30)),
			  _mm_slli_epi32(lo, 25));
	lo = _mm_xor_si128(lo, _mm_slli_si128(t, 12));
	t = _mm_xor_si128(_mm_xor_si128(_mm_srli_epi32(lo, 1), _mm_srli_epi32(lo, 2)),
			  _mm_srli_epi32(lo, 7));
	return _mm_xor_si128(hi, _mm_xor_si128(lo, t));
}

__attribute__((target("aes,pclmul,sse2"))) static double aesni_gcm_run(void)
{
	__m128i rk[11], ctr = _mm_set_epi32(0, 0, 0, 2), one = _mm_set_epi32(0, 0, 0, 1);
	__m128i h = _mm_set_epi32(7, 5, 3, 1), x = _mm_setzero_si128();
	double t;

	for (int r = 0; r < 11; r++)
		rk[r] = _mm_set_epi32(r, 3 * r, 7 * r, 11 * r);
	t = now();
	for (size_t i = 0; i < TOTAL; i += 16) {
		__m128i s = _mm_xor_si128(ctr, rk[0]), c;

		for (int r = 1; r < 10; r++)
			s = _mm_aesenc_si128(s, rk[r]);
		s = _mm_aesenclast_si128(s, rk[10]);
		ctr = _mm_add_epi32(ctr, one);
		c = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(buf + i)), s);
		_mm_storeu_si128((__m128i *)(out + i % RECORD), c);
		x = gf_mul(_mm_xor_si128(x, c), h);
	}
	t = now() - t;
	_mm_storeu_si128((__m128i *)out, x);
	return t;
}

#define ROTV(v, n) _mm_or_si128(_mm_slli_epi32(v, n), _mm_srli_epi32(v, 32 - (n)))
#define QRV(a, b, c, d)                                                     \
	do {                                                                \
		a = _mm_add_epi32(a, b), d = ROTV(_mm_xor_si128(d, a), 16); \
		c = _mm_add_epi32(c, d), b = ROTV(_mm_xor_si128(b, c), 12); \
		a = _mm_add_epi32(a, b), d = ROTV(_mm_xor_si128(d, a), 8);  \
		c = _mm_add_epi32(c, d), b = ROTV(_mm_xor_si128(b, c), 7);  \
	} while (0)

__attribute__((target("sse2"))) static double sse2_chacha20_run(void)
{
	__m128i s[16];
	double t;

	for (int k = 0; k < 16; k++)
		s[k] = _mm_set1_epi32(k * 0x01010101);
	s[12] = _mm_set_epi32(3, 2, 1, 0);
	t = now();
	for (size_t i = 0; i < TOTAL; i += 256) {
		__m128i x[16];

		memcpy(x, s, sizeof(x));
		for (int r = 0; r < 10; r++) {
			QRV(x[0], x[4], x[8], x[12]);
			QRV(x[1], x[5], x[9], x[13]);
			QRV(x[2], x[6], x[10], x[14]);
			QRV(x[3], x[7], x[11], x[15]);
			QRV(x[0], x[5], x[10], x[15]);
			QRV(x[1], x[6], x[11], x[12]);
			QRV(x[2], x[7], x[8], x[13]);
			QRV(x[3], x[4], x[9], x[14]);
		}
		for (int k = 0; k < 16; k++) {
			const __m128i *p = (const __m128i *)(buf + i + 16 * k);

			_mm_storeu_si128((__m128i *)(out + (i + 16 * k) % RECORD),
					 _mm_xor_si128(_mm_loadu_si128(p),
						       _mm_add_epi32(x[k], s[k])));
		}
		s[12] = _mm_add_epi32(s[12], _mm_set1_epi32(4));
	}
	return now() - t;
}

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                    \
	do {                                                              \
		a += b, d = ROTL(d ^ a, 16), c += d, b = ROTL(b ^ c, 12); \
		a += b, d = ROTL(d ^ a, 8), c += d, b = ROTL(b ^ c, 7);   \
	} while (0)

static double chacha20_run(void)
{
	uint32_t s[16];
	double t;

	for (uint32_t k = 0; k < 16; k++)
		s[k] = k * 0x01010101u;
	t = now();
	for (size_t i = 0; i < TOTAL; i += 64) {
		uint32_t x[16];

		memcpy(x, s, sizeof(x));
		for (int r = 0; r < 10; r++) {
			QR(x[0], x[4], x[8], x[12]);
			QR(x[1], x[5], x[9], x[13]);
			QR(x[2], x[6], x[10], x[14]);
			QR(x[3], x[7], x[11], x[15]);
			QR(x[0], x[5], x[10], x[15]);
			QR(x[1], x[6], x[11], x[12]);
			QR(x[2], x[7], x[8], x[13]);
			QR(x[3], x[4], x[9], x[14]);
		}
		for (int k = 0; k < 16; k++) {
			uint32_t w;

			memcpy(&w, buf + i + 4 * k, 4);
			w ^= x[k] + s[k];
			memcpy(out + (i + 4 * k) % RECORD, &w, 4);
		}
		s[12]++;
	}
	return now() - t;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		double (*run)(void);
		int needs_aesni;
	} rows[] = {
		{ "mbedtls-chachapoly", mbedtls_chachapoly_run, 0 },
		{ "mbedtls-aes128gcm", mbedtls_gcm_run, 0 },
		{ "aesni-gcm", aesni_gcm_run, 1 },
		{ "sse2-chacha20", sse2_chacha20_run, 0 },
		{ "chacha20-only", chacha20_run, 0 },
	};
	int aesni = __builtin_cpu_supports("aes") && __builtin_cpu_supports("pclmul");

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < TOTAL; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (rows[r].needs_aesni && !aesni) {
			printf("%s n/a\n", rows[r].name);
			continue;
		}
		printf("%s %.1f\n", rows[r].name, (TOTAL / 1048576.0) / rows[r].run());
		fflush(stdout);
	}
	return 0;
}
