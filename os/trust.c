/* The HTTPS trust anchors from the console: `ca trust-anchor add` (a PEM certificate pasted),
 * `show ca trust-anchors`, `no ca trust-anchor N`. */
/*
 * The anchors live in flash (flash/layout_trust.c, power-cut safe), the same list pix-flash trust
 * manages from the host; https takes them at its next connection. A pasted certificate is decoded
 * (os/pem.c), described by the platform's X.509 parser (subject, issuer, validity, whether it is a
 * CA) and added only when the user accepts it. The texts follow IOS's `crypto pki authenticate`
 * where it has one ("Enter the base 64 encoded CA certificate.", "End with a blank line or the word
 * "quit" on a line by itself", "% Do you accept this certificate? [yes/no]:"); the rest are this
 * project's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mbedtls/sha256.h"
#include "os.h"
#include "pem.h"

#define OS_TRUST_FP_LEN (3 * 32) /* "AB:CD:..." with a NUL */

/* The SHA-256 fingerprint of @der as openssl prints it. */
static void os_trust_fingerprint(const uint8_t *der, size_t len, char out[OS_TRUST_FP_LEN])
{
	uint8_t h[32];
	size_t i;

	mbedtls_sha256_ret(der, len, h, 0);
	for (i = 0; i < sizeof(h); i++)
		snprintf(out + 3 * i, 4, "%02X%s", h[i], i + 1 < sizeof(h) ? ":" : "");
}

/* Prints what a certificate is (its lines indented by @indent); 0, or -EINVAL (not said). */
static int os_trust_describe(struct os *os, const uint8_t *der, size_t len, const char *indent)
{
	const struct os_platform *p = os->plat;
	struct os_cert_info ci;
	char fp[OS_TRUST_FP_LEN];

	if (!p->cert_describe || p->cert_describe(p->ctx, der, len, &ci))
		return -EINVAL;
	os_trust_fingerprint(der, len, fp);
	mon_printf(os->con, "%sSubject: %s\n%sIssuer:  %s\n%sValid:   %s to %s\n%sSHA-256: %s\n",
		   indent, ci.subject, indent, ci.issuer, indent, ci.not_before, ci.not_after,
		   indent, fp);
	if (!ci.ca)
		mon_printf(os->con, "%s(not a CA certificate: it vouches for itself only)\n",
			   indent);
	return 0;
}

/* Reads the pasted lines into os->text until a blank line or "quit"; their length, or -errno. */
static int os_trust_paste(struct os *os, size_t *len)
{
	char line[MON_LINE_MAX + 1];
	size_t n;

	*len = 0;
	for (;;) {
		if (os_ask(os, "", line, false))
			return -ECANCELED;
		if (!line[0] || cli_word_is(line, "quit"))
			return 0;
		n = strlen(line);
		if (*len + n + 1 >= sizeof(os->text))
			return -E2BIG;
		memcpy(os->text + *len, line, n);
		os->text[*len + n] = '\n';
		*len += n + 1;
	}
}

/* True when @der is one of the anchors in flash already. */
static bool os_trust_known(struct os *os, const uint8_t *der, size_t len)
{
	struct layout_trust *t = &os->trust;
	unsigned int i;

	if (layout_trust_read(os->plat->flash.f, t))
		return false; /* layout_trust_add() reads again and says */
	for (i = 0; i < t->count; i++)
		if (t->len[i] == len && !memcmp(t->der + t->off[i], der, len))
			return true;
	return false;
}

/* Says why the flash refused an anchor. */
static void os_trust_add_error(const struct os *os, int err)
{
	if (err == -EEXIST)
		mon_puts(os->con, "ERROR: that certificate is already a trust anchor\n");
	else if (err == -ENOSPC)
		mon_printf(os->con,
			   "ERROR: no room for it in flash (at most %d trust anchors, %d bytes in "
			   "all)\n",
			   LAYOUT_TRUST_MAX, LAYOUT_TRUST_BYTES);
	else
		mon_printf(os->con, "ERROR: writing the trust anchors failed: %s\n",
			   layout_strerror(err));
}

/**
 * os_cmd_ca_trust_add() - "ca trust-anchor add": takes a PEM certificate pasted on the console,
 * shows it, and on "yes" adds it to the trust anchors in flash.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when added, else a negative errno (said).
 */
int os_cmd_ca_trust_add(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	char answer[MON_LINE_MAX + 1];
	size_t len = 0, der_len = 0;
	const char *end;
	int err, perr = 0;

	(void)argc;
	(void)argv;
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: ca trust-anchor: this unit has no usable flash\n");
		return -ENODEV;
	}
	mon_puts(os->con, "Enter the base 64 encoded CA certificate.\n"
			  "End with a blank line or the word \"quit\" on a line by itself\n");
	err = os_trust_paste(os, &len);
	if (!err)
		perr = pem_decode(os->text, len, os->der, sizeof(os->der), &der_len, &end);
	memset(os->text, 0, len < sizeof(os->text) ? len : sizeof(os->text));
	if (err == -E2BIG) {
		mon_puts(os->con, "ERROR: more text than a certificate has\n");
	} else if (!err && perr) {
		mon_printf(os->con, "ERROR: not a PEM certificate: %s\n", pem_strerror(perr));
		err = -EINVAL;
	} else if (!err && os_trust_known(os, os->der, der_len)) {
		mon_puts(os->con, "ERROR: that certificate is already a trust anchor\n");
		err = -EEXIST;
	} else if (!err && os_trust_describe(os, os->der, der_len, "")) {
		mon_puts(os->con, "ERROR: the text is not an X.509 certificate this image can "
				  "use\n");
		err = -EINVAL;
	}
	if (!err && (os_ask(os, "% Do you accept this certificate? [yes/no]: ", answer, false) ||
		     !cli_word_is(answer, "yes")))
		err = -ECANCELED;
	if (!err) {
		err = layout_trust_add(os->plat->flash.f, os->der, der_len);
		if (err)
			os_trust_add_error(os, err);
	}
	if (err) {
		mon_puts(os->con, "Trust anchor not added.\n");
		return err;
	}
	mon_puts(os->con, "Trust anchor added.\n");
	return 0;
}

/**
 * os_cmd_ca_trust_remove() - "no ca trust-anchor N": removes anchor N (as show lists them).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_ca_trust_remove(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	unsigned int n;
	int err;

	if (!os->no || argc != 2 || mon_parse_uint(argv[1], LAYOUT_TRUST_MAX, &n)) {
		mon_puts(os->con, "Usage: no ca trust-anchor number (show ca trust-anchors lists "
				  "them)\n");
		return -EINVAL;
	}
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: ca trust-anchor: this unit has no usable flash\n");
		return -ENODEV;
	}
	err = layout_trust_remove(os->plat->flash.f, n);
	if (err == -ENOENT)
		mon_printf(os->con, "ERROR: there is no trust anchor %u\n", n);
	else if (err)
		mon_printf(os->con, "ERROR: writing the trust anchors failed: %s\n",
			   layout_strerror(err));
	else
		mon_printf(os->con, "Trust anchor %u removed.\n", n);
	return err;
}

/**
 * os_cmd_show_trust() - "show ca trust-anchors": the anchors in flash, numbered as `no ca
 * trust-anchor` takes them.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_show_trust(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct layout_trust *t = &os->trust;
	unsigned int i;
	int err;

	(void)argc;
	(void)argv;
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: show ca trust-anchors: this unit has no usable flash\n");
		return -ENODEV;
	}
	err = layout_trust_read(os->plat->flash.f, t);
	if (err) {
		mon_printf(os->con, "ERROR: reading the trust anchors failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	if (!t->count)
		mon_puts(os->con, "No trust anchors in flash: https is refused until one is added "
				  "(ca trust-anchor add).\n");
	for (i = 0; i < t->count; i++) {
		mon_printf(os->con, "Trust anchor %u (%u bytes)\n", i, (unsigned int)t->len[i]);
		if (os_trust_describe(os, t->der + t->off[i], t->len[i], "  "))
			mon_puts(os->con, "  (not a certificate this image can read)\n");
	}
	return 0;
}
