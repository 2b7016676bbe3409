/* Fake platform for the monitor's unit tests: scripted console input, captured output, clock, flash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fake_mon_platform.h"

/* NICs as QEMU's pc machine shows two i82559 cards and more. */
#define FAKE_NIC(n, b, d, i)                            \
	{                                               \
		.name = n, .bus = b, .dev = d, .irq = i \
	}
static const struct mon_nic fake_nics[] = {
	FAKE_NIC("i8255X", 0, 13, 11), FAKE_NIC("i8255X", 0, 14, 10), FAKE_NIC("i8254X", 0, 15, 11),
	FAKE_NIC("i8254X", 0, 16, 10), FAKE_NIC("i8255X", 1, 1, 5),   FAKE_NIC("i8255X", 1, 2, 5),
	FAKE_NIC("i8255X", 1, 3, 5),   FAKE_NIC("i8255X", 1, 4, 5),   FAKE_NIC("i8255X", 1, 5, 5),
	FAKE_NIC("i8255X", 1, 6, 5),
};

_Static_assert(sizeof(fake_nics) == sizeof(((struct fake *)0)->nics), "one fake per NIC slot");

static int fake_getc(void *ctx)
{
	struct fake *f = ctx;
	int c = MON_CON_NONE;

	f->getc_calls++;
	if (f->in_pos < f->in_len && f->now_ms >= f->in[f->in_pos].at_ms) {
		c = f->in[f->in_pos++].c;
		f->idle_polls = 0;
	} else if (++f->idle_polls > FAKE_IDLE_POLLS_MAX) {
		fail_msg("getc polled %u times with nothing to deliver", FAKE_IDLE_POLLS_MAX);
	}
	f->now_ms += f->ms_per_getc;
	return c;
}

static void fake_write(void *ctx, const char *buf, size_t len)
{
	struct fake *f = ctx;

	assert_true(f->out_len + len <= FAKE_OUT_MAX);
	memcpy(f->out + f->out_len, buf, len);
	f->out_len += len;
	f->out[f->out_len] = '\0';
}

static uint64_t fake_now_ms(void *ctx)
{
	struct fake *f = ctx;

	return f->now_ms;
}

static void fake_reload(void *ctx)
{
	struct fake *f = ctx;

	f->reloads++;
}

static void ff_inspect(void *ctx, const uint8_t *data, uint64_t len, struct mon_install_info *out)
{
	struct fake_flash *ff = ctx;

	(void)data;
	ff->inspects++;
	ff->len = len;
	*out = ff->info;
}

static int ff_store_key(void *ctx, const char *words, const char **message)
{
	struct fake_flash *ff = ctx;

	ff->stores++;
	snprintf(ff->words, sizeof(ff->words), "%s", words);
	*message = ff->store_err ? FAKE_KEY_REFUSED : "";
	return ff->store_err;
}

/* Reports half the image, then all of it, to @progress (unless told to fail). */
static int ff_install(void *ctx, const uint8_t *data, uint64_t len,
		      void (*progress)(void *pctx, uint64_t done, uint64_t total), void *pctx,
		      const char **message)
{
	struct fake_flash *ff = ctx;

	(void)data;
	ff->installs++;
	if (ff->install_err) {
		*message = FAKE_WRITE_FAILED;
		return ff->install_err;
	}
	progress(pctx, len / 2, len);
	progress(pctx, len, len);
	*message = "";
	return 0;
}

static void ff_boot(void *ctx)
{
	struct fake_flash *ff = ctx;

	ff->boots++;
}

/*
 * Sets up @f with @nic_count NICs (up to MON_NIC_MAX + 2), empty input and output, and a fake
 * flash that reports an empty info and is not attached (the platform has no flash).
 */
void fake_init(struct fake *f, unsigned int nic_count)
{
	assert_true(nic_count <= MON_NIC_MAX + 2);
	memset(f, 0, sizeof(*f));
	memcpy(f->nics, fake_nics, sizeof(fake_nics));
	f->now_ms = FAKE_START_MS;
	f->ms_per_getc = 1;
	f->con.getc = fake_getc;
	f->con.write = fake_write;
	f->con.ctx = f;
	f->plat.con = &f->con;
	f->plat.now_ms = fake_now_ms;
	f->plat.reload = fake_reload;
	f->plat.nics = nic_count ? f->nics : NULL;
	f->plat.nic_count = nic_count;
	f->plat.ctx = f;
	f->flash.mon = (struct mon_flash){ .inspect = ff_inspect,
					   .store_key = ff_store_key,
					   .install = ff_install,
					   .boot = ff_boot,
					   .base = FAKE_FLASH_BASE,
					   .ctx = &f->flash };
}

/* Gives the platform the fake flash (f->flash); without this call it has none. */
void fake_attach_flash(struct fake *f)
{
	f->plat.flash = &f->flash.mon;
}

/* Queues one input value, deliverable at once. */
void fake_key(struct fake *f, int c)
{
	fake_key_at(f, 0, c);
}

/* Queues one input value that getc delivers only once the clock has reached @at_ms. */
void fake_key_at(struct fake *f, uint64_t at_ms, int c)
{
	assert_true(f->in_len < FAKE_IN_MAX);
	f->in[f->in_len].c = c;
	f->in[f->in_len].at_ms = at_ms;
	f->in_len++;
}

/* Queues the bytes of @s. */
void fake_type(struct fake *f, const char *s)
{
	for (; *s != '\0'; s++)
		fake_key(f, (unsigned char)*s);
}

/* Forgets the output so far. */
void fake_clear_output(struct fake *f)
{
	f->out_len = 0;
	f->out[0] = '\0';
}
