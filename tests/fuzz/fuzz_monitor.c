/*
 * libFuzzer harness for the monitor's command line: every input byte goes
 * through the line editor, the parser and the command handlers, as if typed.
 * Checked after each byte: the line editor's invariant and sane settings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mon.h"

#define FUZZ_BREAK_BYTE 0xff /* stands for a BREAK on the line */

struct fuzz_ctx {
	uint64_t now_ms;
	unsigned int reloads;
};

static int fuzz_getc(void *ctx)
{
	(void)ctx;
	return MON_CON_NONE;
}

static void fuzz_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

static uint64_t fuzz_now_ms(void *ctx)
{
	return ++((struct fuzz_ctx *)ctx)->now_ms;
}

static void fuzz_reload(void *ctx)
{
	((struct fuzz_ctx *)ctx)->reloads++;
}

static void fuzz_check(const struct mon *m, unsigned int nic_count)
{
	if (m->line.len > MON_LINE_MAX || m->line.buf[m->line.len] != '\0')
		abort();
	if (strlen(m->set.file) > MON_FILE_MAX)
		abort();
	if (nic_count && m->set.interface >= nic_count)
		abort();
	if (m->set.timeout_s < MON_TIMEOUT_MIN_S || m->set.timeout_s > MON_TIMEOUT_MAX_S)
		abort();
	if ((m->set.address && !mon_ipv4_is_unicast(m->set.address)) ||
	    (m->set.server && !mon_ipv4_is_unicast(m->set.server)) ||
	    (m->set.gateway && !mon_ipv4_is_unicast(m->set.gateway)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mon_nic nics[2] = {
		{ .name = "i8255X", .bus = 0, .dev = 13, .irq = 11 },
		{ .name = "i8255X", .bus = 0, .dev = 14, .irq = 10 },
	};
	struct fuzz_ctx ctx = { 0 };
	struct mon_console con = { fuzz_getc, fuzz_write, &ctx };
	struct mon_platform plat = {
		.con = &con,
		.now_ms = fuzz_now_ms,
		.reload = fuzz_reload,
		.nics = nics,
		.nic_count = 2,
		.ctx = &ctx,
	};
	struct mon m;
	size_t i;

	mon_init(&m, &plat);
	for (i = 0; i < size; i++) {
		mon_feed(&m, data[i] == FUZZ_BREAK_BYTE ? MON_CON_BREAK : data[i]);
		fuzz_check(&m, plat.nic_count);
	}
	return 0;
}
