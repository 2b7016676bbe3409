/* What the host tools share: error reporting with the tool's name, number parsing, whole-file I/O. */
#include "toolutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *tool_name = "pix-tool";

/* tool_init - the name errors start with ("pix-flash"). */
void tool_init(const char *name)
{
	tool_name = name;
}

static void tool_verr(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", tool_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* tool_err - print "<tool>: <message>" on stderr. */
void tool_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_verr(fmt, ap);
	va_end(ap);
}

/* tool_usage_err - report a command-line mistake and where help is; returns TOOL_EXIT_USAGE. */
int tool_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tool_verr(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help'.\n", tool_name);
	return TOOL_EXIT_USAGE;
}

/* tool_parse_u32 - a 32-bit number, decimal or 0x hex, and nothing else; returns 0 or -EINVAL. */
int tool_parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > 0xffffffffull)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/*
 * tool_read_file - read all of @path, at most @max bytes, into a new buffer (*@buf, *@len).
 * The buffer has at least one byte. Returns 0 or a negative errno (reported).
 */
int tool_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;
	int err = errno; /* of fopen */

	if (!f) {
		tool_err("%s: %s", path, strerror(err));
		return -err;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		tool_err("%s: cannot tell its size", path);
		goto err_read;
	}
	if ((size_t)n > max) {
		tool_err("%s: %ld bytes, too large", path, n);
		goto err_read;
	}
	p = malloc((size_t)n + 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		tool_err("%s: read error", path);
		goto err_read;
	}
	fclose(f);
	*buf = p;
	*len = (size_t)n;
	return 0;

err_read:
	free(p);
	fclose(f);
	return -EIO;
}

/*
 * tool_write_file - write @a then @b (either may be empty) to @path through a temporary file
 * renamed into place, so a failure never leaves a half-written @path. Returns 0 or -EIO (reported).
 */
int tool_write_file(const char *path, const void *a, size_t alen, const void *b, size_t blen)
{
	size_t tlen = strlen(path) + sizeof(".tmp");
	char *tmp = malloc(tlen);
	FILE *f;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, tlen, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		tool_err("%s: %s", tmp, strerror(errno));
		goto err_open;
	}
	if (fwrite(a, 1, alen, f) != alen || fwrite(b, 1, blen, f) != blen) {
		tool_err("%s: write error", tmp);
		fclose(f);
		goto err_write;
	}
	if (fclose(f) || rename(tmp, path)) {
		tool_err("%s: %s", path, strerror(errno));
		goto err_write;
	}
	free(tmp);
	return 0;

err_write:
	remove(tmp);
err_open:
	free(tmp);
	return -EIO;
}
