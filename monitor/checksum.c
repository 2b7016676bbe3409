/* The checksum command: length and SHA-256 (mbedTLS) of the last download, to verify what arrived. */
#include <errno.h>
#include <stdio.h>

#include "cmd.h"
#include "mbedtls/sha256.h"

#define MON_SHA256_LEN 32
#define MON_HASH_CHUNK (64 * 1024) /* bytes hashed between looks at the console */
#define MON_KEY_ESC 0x1b

/* Hashes @len bytes at @data; returns 0, or -ECANCELED when the user pressed Esc or BREAK. */
static int mon_sha256(const struct mon *m, const uint8_t *data, uint64_t len,
		      uint8_t out[MON_SHA256_LEN])
{
	const struct mon_console *con = m->plat->con;
	mbedtls_sha256_context ctx;
	uint64_t off, n;
	int c, err = 0;

	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	for (off = 0; off < len; off += n) {
		n = len - off < MON_HASH_CHUNK ? len - off : MON_HASH_CHUNK;
		mbedtls_sha256_update_ret(&ctx, data + off, (size_t)n);
		c = con->getc(con->ctx);
		if (c == MON_KEY_ESC || c == MON_CON_BREAK) {
			err = -ECANCELED;
			goto out;
		}
	}
	mbedtls_sha256_finish_ret(&ctx, out);
out:
	mbedtls_sha256_free(&ctx);
	return err;
}

/**
 * mon_cmd_checksum() - "checksum": prints "<N> bytes, SHA-256 <hex>" for the last download.
 * @m: the session
 * @argc: words on the line (none expected)
 * @argv: the words
 *
 * Return: 0, -ENOENT when nothing was downloaded, -ECANCELED when stopped with Esc.
 */
int mon_cmd_checksum(void *ctx, int argc, char **argv)
{
	struct mon *m = ctx;
	const struct mon_platform *p = m->plat;
	uint8_t sum[MON_SHA256_LEN];
	char hex[2 * MON_SHA256_LEN + 1];
	const uint8_t *data;
	uint64_t len;
	int i, err;

	(void)argc;
	(void)argv;
	if (!p->net || p->net->download(p->net->ctx, &data, &len)) {
		mon_puts(p->con, "checksum: nothing downloaded yet (use: tftp)\n");
		return -ENOENT;
	}
	err = mon_sha256(m, data, len, sum);
	if (err) {
		mon_puts(p->con, "checksum: stopped\n");
		return err;
	}
	for (i = 0; i < MON_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	mon_printf(p->con, "%llu bytes, SHA-256 %s\n", (unsigned long long)len, hex);
	return 0;
}
