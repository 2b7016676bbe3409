/* Console output for the monitor: formatted text through mon_console.write. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mon.h"

/**
 * mon_printf() - Formats text and writes it to the console.
 * @con: the console
 * @fmt: a format the firmware's vsnprintf knows (%d %i %u %x %X %s %c %p %%)
 *
 * Text past MON_PRINTF_MAX - 1 bytes is cut off; monitor lines are bounded by MON_LINE_MAX, so
 * that never happens in practice.
 */
void mon_printf(const struct mon_console *con, const char *fmt, ...)
{
	char buf[MON_PRINTF_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1;
	con->write(con->ctx, buf, (size_t)n);
}

/**
 * mon_puts() - Writes a string to the console as it is (no newline added).
 * @con: the console
 * @s: the text
 */
void mon_puts(const struct mon_console *con, const char *s)
{
	con->write(con->ctx, s, strlen(s));
}
