/*
 * libFuzzer harness for the running image's copy arguments (os/copy.c): os_url_parse(),
 * os_copy_dest_parse() and os_net_src_parse() on one word of arbitrary bytes. Whatever they
 * accept must hold: a known scheme; a host of at most OS_NAME_MAX host characters (letters,
 * digits, '-', '.', '_'); a path of at most OS_PATH_MAX printable, non-blank characters; nothing
 * but the scheme without a colon; and the fields, written back in their canonical form, parse
 * again to the same fields.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/os.h"

#define FZ_WORD_MAX 512

static const char *const fz_schemes[OS_URL_SCHEMES] = { "tftp", "http", "https" };

/* True when @s starts with @prefix, ignoring ASCII case. */
static bool fz_starts(const char *s, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if ((s[i] | 0x20) != prefix[i])
			return false;
	return true;
}

static bool fz_host_ok(const char *h)
{
	size_t i;

	for (i = 0; h[i]; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		      (h[i] >= '0' && h[i] <= '9') || h[i] == '-' || h[i] == '.' || h[i] == '_'))
			return false;
	return i <= OS_NAME_MAX;
}

static bool fz_path_ok(const char *p)
{
	size_t i;

	for (i = 0; p[i]; i++)
		if (p[i] <= ' ' || p[i] > '~')
			return false;
	return i <= OS_PATH_MAX;
}

static bool fz_same(const struct os_url *a, const struct os_url *b)
{
	return a->scheme == b->scheme && a->colon == b->colon && !strcmp(a->host, b->host) &&
	       !strcmp(a->path, b->path);
}

/* A URL os_url_parse() accepted: its fields hold, and its canonical form parses to them. */
static void fz_check_url(const char *word, const struct os_url *u)
{
	char canon[FZ_WORD_MAX];
	struct os_url back;

	if ((unsigned int)u->scheme >= OS_URL_SCHEMES || !fz_host_ok(u->host) ||
	    !fz_path_ok(u->path))
		abort();
	if (!fz_starts(word, fz_schemes[u->scheme]))
		abort();
	if (!u->colon && (u->host[0] || u->path[0] || strchr(word, ':')))
		abort();
	snprintf(canon, sizeof(canon), "%s%s%s%s%s%s", fz_schemes[u->scheme], u->colon ? ":" : "",
		 u->host[0] || u->path[0] == '/' ? "//" : "", u->host, u->path[0] ? "/" : "",
		 u->path);
	if (os_url_parse(canon, &back) || !fz_same(u, &back))
		abort();
}

/* A configure net source os_net_src_parse() accepted. */
static void fz_check_src(const struct os_url *u)
{
	char canon[FZ_WORD_MAX];
	struct os_url back;

	if (u->scheme != OS_URL_TFTP || !u->colon || !fz_host_ok(u->host) || !fz_path_ok(u->path))
		abort();
	snprintf(canon, sizeof(canon), "%s:%s", u->host, u->path);
	if (os_net_src_parse(canon, &back) || !fz_same(u, &back))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char word[FZ_WORD_MAX];
	enum os_copy_dst d = (enum os_copy_dst) - 1;
	struct os_url u;

	if (size >= sizeof(word))
		size = sizeof(word) - 1;
	memcpy(word, data, size);
	word[size] = '\0';
	if (!os_url_parse(word, &u))
		fz_check_url(word, &u);
	if (!os_net_src_parse(word, &u))
		fz_check_src(&u);
	if (!os_copy_dest_parse(word, &d) &&
	    ((d != OS_DST_IMAGE && d != OS_DST_PDM) || !fz_starts(word, "flash")))
		abort();
	return 0;
}
