/* What the host tools share: error reporting with the tool's name, number parsing, whole-file I/O. */
#ifndef TOOLS_TOOLUTIL_H
#define TOOLS_TOOLUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TOOL_EXIT_USAGE 2 /* a command-line mistake */

void tool_init(const char *name);
void tool_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tool_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tool_parse_u32(const char *s, uint32_t *out);
int tool_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
int tool_write_file(const char *path, const void *a, size_t alen, const void *b, size_t blen);

#endif /* TOOLS_TOOLUTIL_H */
