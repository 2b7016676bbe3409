/* Unit tests of net/tftp.c against fake servers: negotiation, sequencing, errors and timeouts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/tftp.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define T0_MS 7000000u /* the fake clock does not start at 0 */
#define SRV_PORT 3000 /* the server's transfer ID */
#define OTHER_PORT 4000 /* a stranger on the server's address */
#define SENT_LOG 64 /* packets the fake keeps in full (a ring) */
#define SENT_PKT_MAX 256 /* every packet the client sends fits */
#define TRACE_LOG 64 /* Table 11-2 codes the fake keeps */
#define ACK_LOG (1u << 18) /* ACK numbers the fake keeps */
#define NET_QUEUE_MAX 256 /* packets on the wire in the window server model */
#define DATA_MAX (TFTP_BLKSIZE_ETH + 4)
#define STEPS_MAX 2000000u /* bound on every simulation loop */

/* One packet the client sent. */
struct sent_pkt {
	uint16_t port;
	size_t len;
	uint8_t b[SENT_PKT_MAX];
};

/* The client under test, its callbacks' records, and the file the fake server serves. */
struct fake {
	struct tftp_xfer x;
	struct tftp_ops ops;
	struct tftp_params p;
	uint64_t now;
	struct sent_pkt sent[SENT_LOG];
	size_t nsent;
	int send_rc;
	uint16_t *acks;
	size_t nacks;
	size_t nerrors;
	size_t nrrqs;
	uint8_t *store;
	size_t store_cap;
	uint64_t stored;
	size_t nwrites;
	size_t write_fail_at; /* 1-based write that fails, 0 = never */
	int write_rc;
	int traces[TRACE_LOG];
	size_t ntraces;
	size_t ndots;
	size_t ntimeouts;
	uint8_t *file;
	size_t file_len;
	uint16_t bs; /* block size the fake server uses */
};

static int fake_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct fake *f = ctx;
	struct sent_pkt *s = &f->sent[f->nsent % SENT_LOG];
	const uint8_t *b = pkt;

	assert_true(len >= 4 && len <= SENT_PKT_MAX);
	s->port = port;
	s->len = len;
	memcpy(s->b, pkt, len);
	f->nsent++;
	if (b[1] == TFTP_OP_ACK) {
		assert_int_equal(len, 4);
		assert_true(f->nacks < ACK_LOG);
		f->acks[f->nacks++] = (uint16_t)(b[2] << 8 | b[3]);
	} else if (b[1] == TFTP_OP_ERROR) {
		f->nerrors++;
	} else {
		assert_int_equal(b[1], TFTP_OP_RRQ);
		f->nrrqs++;
	}
	return f->send_rc;
}

static int fake_write(void *ctx, uint64_t offset, const void *data, size_t len)
{
	struct fake *f = ctx;

	assert_int_equal(offset, f->stored);
	assert_true(len > 0 && len <= tftp_blksize(&f->x));
	assert_true(offset + len <= f->store_cap);
	f->nwrites++;
	if (f->nwrites == f->write_fail_at)
		return f->write_rc;
	memcpy(f->store + offset, data, len);
	f->stored += len;
	return 0;
}

static uint64_t fake_now(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static void fake_trace(void *ctx, int code)
{
	struct fake *f = ctx;

	if (code == TFTP_TRACE_DOT) {
		f->ndots++;
	} else if (code == TFTP_TRACE_TIMEOUT) {
		f->ntimeouts++;
	} else {
		if (f->ntraces < TRACE_LOG)
			f->traces[f->ntraces] = code;
		f->ntraces++; /* counted beyond the log */
	}
}

static uint8_t file_byte(size_t i)
{
	return (uint8_t)(i * 131u + (i >> 9) * 7u + 1u);
}

/* A fake serving a generated file of @len bytes, the client not started yet. */
static struct fake *fake_new(size_t len)
{
	struct fake *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	f->acks = calloc(ACK_LOG, sizeof(*f->acks));
	f->file = malloc(len + 1);
	f->store = calloc(1, len + 1);
	assert_non_null(f->acks);
	assert_non_null(f->file);
	assert_non_null(f->store);
	for (i = 0; i < len; i++)
		f->file[i] = file_byte(i);
	f->file_len = len;
	f->store_cap = len + 1;
	f->ops.send = fake_send;
	f->ops.write = fake_write;
	f->ops.now_ms = fake_now;
	f->ops.trace = fake_trace;
	f->now = T0_MS;
	f->bs = TFTP_BLKSIZE_DEFAULT;
	f->p.file = "pix.bin";
	return f;
}

static void fake_free(struct fake *f)
{
	free(f->acks);
	free(f->file);
	free(f->store);
	free(f);
}

static void start(struct fake *f)
{
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), 0);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
}

static const struct sent_pkt *last_sent(const struct fake *f)
{
	assert_true(f->nsent > 0);
	return &f->sent[(f->nsent - 1) % SENT_LOG];
}

/* Blocks a file of @len bytes takes with @bs-byte blocks (a short or empty one ends it). */
static uint32_t nblocks(size_t len, uint16_t bs)
{
	return (uint32_t)(len / bs + 1);
}

/* Delivers DATA number @idx (1-based, not wrapped) of the served file from @port. */
static void srv_data(struct fake *f, uint16_t port, uint32_t idx)
{
	uint8_t pkt[4 + TFTP_BLKSIZE_MAX];
	size_t off = (size_t)(idx - 1) * f->bs;
	size_t n = off >= f->file_len ? 0 : f->file_len - off;

	if (n > f->bs)
		n = f->bs;
	pkt[0] = 0;
	pkt[1] = TFTP_OP_DATA;
	pkt[2] = (uint8_t)(idx >> 8);
	pkt[3] = (uint8_t)idx;
	memcpy(pkt + 4, f->file + off, n);
	tftp_input(&f->x, port, pkt, 4 + n);
}

/* Delivers an OACK from @port made of the NUL-separated strings in @opts (@len bytes). */
static void srv_oack(struct fake *f, uint16_t port, const char *opts, size_t len)
{
	uint8_t pkt[512];

	assert_true(len + 2 <= sizeof(pkt));
	pkt[0] = 0;
	pkt[1] = TFTP_OP_OACK;
	memcpy(pkt + 2, opts, len);
	tftp_input(&f->x, port, pkt, len + 2);
}

/* Delivers an OACK from @port carrying the NULL-terminated list of names and values. */
static void srv_oackv(struct fake *f, uint16_t port, ...)
{
	char opts[256];
	size_t len = 0;
	const char *str;
	va_list ap;

	va_start(ap, port);
	while ((str = va_arg(ap, const char *))) {
		size_t n = strlen(str) + 1;

		assert_true(len + n <= sizeof(opts));
		memcpy(opts + len, str, n);
		len += n;
	}
	va_end(ap);
	srv_oack(f, port, opts, len);
}

static void srv_error(struct fake *f, uint16_t port, uint16_t code, const char *msg)
{
	uint8_t pkt[512];
	size_t n = strlen(msg) + 1;

	pkt[0] = 0;
	pkt[1] = TFTP_OP_ERROR;
	pkt[2] = (uint8_t)(code >> 8);
	pkt[3] = (uint8_t)code;
	memcpy(pkt + 4, msg, n);
	tftp_input(&f->x, port, pkt, 4 + n);
}

static void assert_acks(const struct fake *f, const uint16_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < f->nacks; i++)
		if (f->acks[i] != want[i])
			fail_msg("ACK #%zu is %u, expected %u", i, f->acks[i], want[i]);
	assert_int_equal(f->nacks, n);
}

static void assert_traces(const struct fake *f, const int *want, size_t n)
{
	size_t i;

	assert_true(n <= TRACE_LOG);
	for (i = 0; i < n && i < f->ntraces; i++)
		if (f->traces[i] != want[i])
			fail_msg("trace #%zu is %d, expected %d", i, f->traces[i], want[i]);
	assert_int_equal(f->ntraces, n);
}

static void assert_error_pkt(const struct sent_pkt *s, uint16_t port, uint16_t code,
			     const char *msg)
{
	assert_int_equal(s->port, port);
	assert_int_equal(s->len, 4 + strlen(msg) + 1);
	assert_int_equal(s->b[0], 0);
	assert_int_equal(s->b[1], TFTP_OP_ERROR);
	assert_int_equal(s->b[2] << 8 | s->b[3], code);
	assert_memory_equal(s->b + 4, msg, strlen(msg) + 1);
}

static void assert_file_complete(const struct fake *f)
{
	assert_int_equal(tftp_state(&f->x), TFTP_DONE);
	assert_int_equal(tftp_error(&f->x), 0);
	assert_int_equal(tftp_bytes(&f->x), f->file_len);
	assert_int_equal(f->stored, f->file_len);
	if (f->file_len)
		assert_memory_equal(f->store, f->file, f->file_len);
}

/* Starts; accepts "blksize <f->bs>" and @name @value (if not NULL) from SRV_PORT; checks ACK 0. */
static void start_negotiated(struct fake *f, const char *name, const char *value)
{
	char bs[8];

	start(f);
	snprintf(bs, sizeof(bs), "%u", f->bs);
	srv_oackv(f, SRV_PORT, "blksize", bs, name, value, NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_int_equal(tftp_blksize(&f->x), f->bs);
	assert_int_equal(f->nacks, 1);
	assert_int_equal(f->acks[0], 0);
	assert_int_equal(last_sent(f)->port, SRV_PORT);
}

/*
 * QEMU's server: on every ACK it receives, whatever its number, it sends its next block; it never
 * retransmits. @dup_every > 0 makes the network deliver every such DATA twice.
 */
static void run_qemu_server(struct fake *f, uint16_t port, uint32_t dup_every)
{
	size_t handled = 0;
	uint32_t next = 1;
	unsigned long steps = 0;

	if (f->nacks == 0) /* no OACK: the server answers the RRQ itself with block 1 */
		srv_data(f, port, next++);
	while (tftp_state(&f->x) == TFTP_RUNNING) {
		assert_true(f->nacks > handled); /* the client must not stall */
		assert_true(++steps < STEPS_MAX);
		handled++;
		srv_data(f, port, next);
		if (dup_every && next % dup_every == 0)
			srv_data(f, port, next);
		next++;
	}
}

/* ---- the request ---------------------------------------------------------------------------- */

static void test_rrq_defaults(void **state)
{
	static const char want[] = "\0\1pix.bin\0octet\0blksize\0"
				   "1468\0tsize\0"
				   "0\0timeout\0"
				   "4";
	struct fake *f = fake_new(0);

	(void)state;
	start(f);
	assert_int_equal(f->nsent, 1);
	assert_int_equal(f->sent[0].port, TFTP_PORT);
	assert_int_equal(f->sent[0].len, sizeof(want));
	assert_memory_equal(f->sent[0].b, want, sizeof(want));
	assert_int_equal(tftp_blksize(&f->x), 512);
	assert_int_equal(tftp_windowsize(&f->x), 1);
	assert_int_equal(tftp_bytes(&f->x), 0);
	fake_free(f);
}

static void test_rrq_all_options(void **state)
{
	static const char want[] = "\0\1images/pix635.bin\0octet\0blksize\0"
				   "1428\0tsize\0"
				   "0\0timeout\0"
				   "255\0windowsize\0"
				   "16";
	struct fake *f = fake_new(0);

	(void)state;
	f->p.file = "images/pix635.bin";
	f->p.blksize = 1428;
	f->p.windowsize = 16;
	f->p.timeout_s = 255;
	start(f);
	assert_int_equal(f->sent[0].len, sizeof(want));
	assert_memory_equal(f->sent[0].b, want, sizeof(want));
	fake_free(f);
}

static void test_rrq_blksize_512_not_asked(void **state)
{
	static const char want[] = "\0\1a\0octet\0tsize\0"
				   "0\0timeout\0"
				   "1";
	struct fake *f = fake_new(0);

	(void)state;
	f->p.file = "a";
	f->p.blksize = 512;
	f->p.timeout_s = 1;
	start(f);
	assert_int_equal(f->sent[0].len, sizeof(want));
	assert_memory_equal(f->sent[0].b, want, sizeof(want));
	/* an OACK carrying blksize was not asked for, so it is refused */
	srv_oackv(f, SRV_PORT, "blksize", "512", NULL);
	assert_int_equal(tftp_error(&f->x), -EPROTO);
	fake_free(f);
}

static void test_rrq_longest_name(void **state)
{
	char name[TFTP_FILE_MAX + 1];
	struct fake *f = fake_new(0);

	(void)state;
	memset(name, 'n', TFTP_FILE_MAX);
	name[TFTP_FILE_MAX] = '\0';
	f->p.file = name;
	f->p.blksize = TFTP_BLKSIZE_MAX;
	f->p.windowsize = TFTP_WINDOWSIZE_MAX;
	f->p.timeout_s = TFTP_TIMEOUT_MAX_S;
	start(f);
	assert_int_equal(f->sent[0].len,
			 2 + TFTP_FILE_MAX + 1 + 6 + 8 + 6 + 6 + 2 + 8 + 4 + 11 + 6);
	assert_memory_equal(f->sent[0].b + 2, name, TFTP_FILE_MAX + 1);
	fake_free(f);
}

static void test_start_rejects_bad_params(void **state)
{
	char longname[TFTP_FILE_MAX + 2];
	struct fake *f = fake_new(0);
	struct tftp_params good;
	struct tftp_ops ops;

	(void)state;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	good = f->p;
	assert_int_equal(tftp_start(NULL, &good, &f->ops, f), -EINVAL);
	assert_int_equal(tftp_start(&f->x, NULL, &f->ops, f), -EINVAL);
	assert_int_equal(tftp_start(&f->x, &good, NULL, f), -EINVAL);
	ops = f->ops;
	ops.send = NULL;
	assert_int_equal(tftp_start(&f->x, &good, &ops, f), -EINVAL);
	ops = f->ops;
	ops.write = NULL;
	assert_int_equal(tftp_start(&f->x, &good, &ops, f), -EINVAL);
	ops = f->ops;
	ops.now_ms = NULL;
	assert_int_equal(tftp_start(&f->x, &good, &ops, f), -EINVAL);

	f->p.file = NULL;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	f->p.file = "";
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	f->p.file = longname;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	f->p = good;
	f->p.blksize = TFTP_BLKSIZE_MIN - 1;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	f->p.blksize = TFTP_BLKSIZE_MAX + 1;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	f->p = good;
	f->p.timeout_s = TFTP_TIMEOUT_MAX_S + 1;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -EINVAL);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -EINVAL);
	assert_int_equal(f->nsent, 0);
	/* a failed start leaves a transfer that ignores everything */
	tftp_poll(&f->x);
	srv_data(f, SRV_PORT, 1);
	tftp_abort(&f->x);
	assert_int_equal(f->nsent, 0);
	assert_int_equal(f->nwrites, 0);
	fake_free(f);
}

static void test_start_send_failure(void **state)
{
	struct fake *f = fake_new(0);

	(void)state;
	f->send_rc = -ENODEV;
	assert_int_equal(tftp_start(&f->x, &f->p, &f->ops, f), -ENODEV);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -ENODEV);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_NONE);
	fake_free(f);
}

/* ---- option negotiation --------------------------------------------------------------------- */

static void test_oack_negotiates(void **state)
{
	struct fake *f = fake_new(5000);
	uint64_t tsize = 0;

	(void)state;
	f->p.windowsize = 8;
	start(f);
	assert_false(tftp_tsize(&f->x, &tsize));
	srv_oackv(f, SRV_PORT, "blksize", "1024", "tsize", "5000", "timeout", "4", "windowsize",
		  "4", NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_int_equal(tftp_blksize(&f->x), 1024);
	assert_int_equal(tftp_windowsize(&f->x), 4);
	assert_true(tftp_tsize(&f->x, &tsize));
	assert_int_equal(tsize, 5000);
	assert_int_equal(f->nsent, 2);
	assert_int_equal(last_sent(f)->port, SRV_PORT);
	assert_memory_equal(last_sent(f)->b, "\0\4\0\0", 4);
	f->bs = 1024;
	for (uint32_t i = 1; i <= nblocks(f->file_len, f->bs); i++)
		srv_data(f, SRV_PORT, i);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 0, 4, 5 }, 3);
	fake_free(f);
}

static void test_oack_names_case_insensitive(void **state)
{
	struct fake *f = fake_new(100);

	(void)state;
	f->p.windowsize = 2;
	start(f);
	srv_oackv(f, SRV_PORT, "BlkSize", "8", "TSIZE", "100", "WindowSize", "2", "TimeOut", "4",
		  NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_int_equal(tftp_blksize(&f->x), 8);
	assert_int_equal(tftp_windowsize(&f->x), 2);
	fake_free(f);
}

static void test_oack_partial_keeps_defaults(void **state)
{
	struct fake *f = fake_new(1000);
	uint64_t tsize = 0;

	(void)state;
	f->p.windowsize = 4;
	start(f);
	srv_oackv(f, SRV_PORT, "tsize", "1000", NULL);
	assert_int_equal(tftp_blksize(&f->x), 512);
	assert_int_equal(tftp_windowsize(&f->x), 1);
	assert_true(tftp_tsize(&f->x, &tsize));
	assert_int_equal(tsize, 1000);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 0, 1, 2 }, 3);
	fake_free(f);
}

static void test_oack_empty_accepted(void **state)
{
	struct fake *f = fake_new(10);

	(void)state;
	start(f);
	srv_oack(f, SRV_PORT, "", 0);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_acks(f, (const uint16_t[]){ 0 }, 1);
	srv_data(f, SRV_PORT, 1);
	assert_file_complete(f);
	fake_free(f);
}

static void test_oack_tsize_limits(void **state)
{
	struct fake *f = fake_new(0);
	uint64_t tsize = 0;

	(void)state;
	start(f); /* no max_size: any tsize that fits 64 bits */
	srv_oackv(f, SRV_PORT, "tsize", "18446744073709551615", NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_true(tftp_tsize(&f->x, &tsize));
	assert_int_equal(tsize, UINT64_MAX);

	start(f);
	srv_oackv(f, SRV_PORT, "tsize", "18446744073709551616", NULL);
	assert_int_equal(tftp_error(&f->x), -EPROTO);
	fake_free(f);
}

/*
 * An OACK body as a literal, with its final NUL (C) or without (CN). "\000" is one NUL: its three
 * octal digits keep it apart from the digits that follow.
 */
/* clang-format off */
#define C(lit) { lit, sizeof(lit) }
#define CN(lit) { lit, sizeof(lit) - 1 }
/* clang-format on */

static void test_oack_rejected(void **state)
{
	static const struct {
		const char *opts;
		size_t len;
	} cases[] = {
		C("blksize\0001469"), /* more than asked */
		C("blksize\0007"), /* below RFC 2348's minimum */
		C("blksize\00065464"),
		C("windowsize\0004"), /* windowsize was not asked (this case runs with 0) */
		C("timeout\0005"), /* timeout must be echoed */
		C("timeout\0000"),
		C("multicast\0001"), /* never asked */
		C("blksize\000512\000blksize\000512"), /* twice */
		C("tsize\0001\000TSIZE\0001"),
		CN("blksize\000512"), /* value not NUL-terminated */
		CN("blksize"), /* name not NUL-terminated */
		C("blksize"), /* no value */
		C("\000512"), /* empty name */
		C("blksize\000"), /* empty value */
		C("blksize\00012a"),
		C("blksize\000+512"),
		C("blksize\000 512"),
		C("blksize\000-1"),
		C("blksize\00099999999999999999999999"),
		C("tsize\0001\000timeout"), /* trailing name without value */
		C("blksize\000512\000\000"), /* stray NUL after the pairs */
		C("blk size\000512"),
		C("blksize\377\000512"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fake *f = fake_new(100);

		start(f);
		srv_oack(f, SRV_PORT + 1, cases[i].opts, cases[i].len);
		if (tftp_state(&f->x) != TFTP_FAILED)
			fail_msg("case %zu accepted", i);
		assert_int_equal(tftp_error(&f->x), -EPROTO);
		assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
		assert_traces(f, (const int[]){ TFTP_CODE_XFER }, 1);
		assert_int_equal(f->nsent, 2);
		assert_error_pkt(last_sent(f), SRV_PORT + 1, TFTP_ERR_OPTIONS, "Bad option");
		assert_int_equal(f->nacks, 0);
		fake_free(f);
	}
}

static void test_oack_windowsize_limits(void **state)
{
	struct fake *f = fake_new(100);

	(void)state;
	f->p.windowsize = 4;
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "5", NULL);
	assert_int_equal(tftp_error(&f->x), -EPROTO);
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "0", NULL);
	assert_int_equal(tftp_error(&f->x), -EPROTO);
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "3", NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_int_equal(tftp_windowsize(&f->x), 3);
	fake_free(f);
}

static void test_fallback_when_data_first(void **state)
{
	struct fake *f = fake_new(700);
	uint64_t tsize;

	(void)state;
	f->p.windowsize = 8;
	start(f);
	srv_data(f, SRV_PORT, 1);
	assert_int_equal(tftp_blksize(&f->x), 512);
	assert_int_equal(tftp_windowsize(&f->x), 1);
	assert_false(tftp_tsize(&f->x, &tsize));
	assert_int_equal(last_sent(f)->port, SRV_PORT);
	srv_data(f, SRV_PORT, 2);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 1, 2 }, 2);
	assert_int_equal(f->nwrites, 2);
	fake_free(f);
}

static void test_fallback_block_too_large(void **state)
{
	struct fake *f = fake_new(1000);

	(void)state;
	start(f);
	f->bs = 513; /* a server that ignores options but sends more than 512 */
	srv_data(f, SRV_PORT, 1);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -EPROTO);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_ILLEGAL, "Block too large");
	assert_int_equal(f->nwrites, 0);
	fake_free(f);
}

static void test_first_data_not_block_one(void **state)
{
	struct fake *f = fake_new(2000);

	(void)state;
	start(f);
	srv_data(f, OTHER_PORT, 2);
	assert_traces(f, (const int[]){ TFTP_CODE_SEQUENCE }, 1);
	assert_int_equal(f->nsent, 1);
	/* the TID was not locked on it: block 1 from another port is accepted */
	run_qemu_server(f, SRV_PORT, 0);
	assert_file_complete(f);
	fake_free(f);
}

/* ---- file sizes ------------------------------------------------------------------------------ */

static void check_size(size_t len, bool negotiated)
{
	struct fake *f = fake_new(len);
	uint32_t n = nblocks(len, 512);
	uint32_t i;

	if (negotiated) {
		f->p.blksize = 1024;
		f->bs = 512;
		start_negotiated(f, NULL, NULL);
	} else {
		start(f);
	}
	for (i = 1; i <= n; i++)
		srv_data(f, SRV_PORT, i);
	assert_file_complete(f);
	assert_int_equal(f->nacks, n + negotiated);
	for (i = 0; i < f->nacks; i++)
		assert_int_equal(f->acks[i], i + !negotiated);
	assert_int_equal(f->nwrites, len / 512 + (len % 512 != 0));
	assert_int_equal(f->ntraces, 0);
	fake_free(f);
}

static void test_sizes(void **state)
{
	static const size_t sizes[] = { 0, 1, 511, 512, 513, 1024, 1025 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		check_size(sizes[i], false);
		check_size(sizes[i], true);
	}
}

static void test_rollover(void **state)
{
	/* 70000 blocks of 8 bytes and 3 more: block numbers wrap 65535 -> 0 */
	struct fake *f = fake_new(70000u * 8 + 3);
	size_t i;

	(void)state;
	f->p.blksize = 8;
	f->bs = 8;
	start_negotiated(f, NULL, NULL);
	run_qemu_server(f, SRV_PORT, 0);
	assert_file_complete(f);
	assert_int_equal(f->nacks, 70002); /* ACK 0 and one per block */
	for (i = 0; i < f->nacks; i++)
		assert_int_equal(f->acks[i], (uint16_t)i);
	assert_int_equal(f->acks[65535], 65535);
	assert_int_equal(f->acks[65536], 0);
	assert_int_equal(f->ndots, (70000u * 8 + 3) / TFTP_TRACE_DOT_BYTES);
	fake_free(f);
}

static void test_rollover_fallback_512(void **state)
{
	/* > 32 MiB in RFC 1350 blocks: 65536 + 10 full blocks and a short one */
	struct fake *f = fake_new((65536u + 10) * 512 + 100);

	(void)state;
	start(f);
	run_qemu_server(f, SRV_PORT, 0);
	assert_file_complete(f);
	assert_int_equal(f->nacks, 65536 + 11);
	assert_int_equal(f->acks[65534], 65535);
	assert_int_equal(f->acks[65535], 0);
	assert_int_equal(f->acks[65536], 1);
	fake_free(f);
}

/* ---- the caller storing in-sequence blocks itself (tftp_next_block, tftp_block_stored) ------- */

/*
 * Delivers DATA number @idx (1-based) from @port the way a caller that stores blocks itself does:
 * when tftp_next_block() says yes, the data goes straight into the store and tftp_block_stored()
 * is told; otherwise the packet goes through tftp_input(). Returns whether it was stored directly.
 */
static bool srv_data_direct(struct fake *f, uint16_t port, uint32_t idx)
{
	size_t off = (size_t)(idx - 1) * f->bs;
	size_t n = off >= f->file_len ? 0 : f->file_len - off;
	uint64_t at;

	if (n > f->bs)
		n = f->bs;
	if (!tftp_next_block(&f->x, port, (uint16_t)idx, n, &at)) {
		srv_data(f, port, idx);
		return false;
	}
	assert_int_equal(at, f->stored);
	assert_true(at + n <= f->store_cap);
	memcpy(f->store + at, f->file + off, n);
	f->stored += n;
	tftp_block_stored(&f->x, n);
	return true;
}

static void test_next_block_says_yes_only_for_the_next(void **state)
{
	struct fake *f = fake_new(3 * 512 + 10);
	uint64_t at = 12345;

	(void)state;
	f->p.max_size = 3 * 512 + 10;
	start(f);
	assert_false(tftp_next_block(&f->x, SRV_PORT, 1, 512, &at)); /* TID not known yet */
	srv_oackv(f, SRV_PORT, "tsize", "1546", NULL);
	assert_true(tftp_next_block(&f->x, SRV_PORT, 1, 512, &at));
	assert_int_equal(at, 0);
	assert_false(tftp_next_block(&f->x, OTHER_PORT, 1, 512, &at)); /* a stranger */
	assert_false(tftp_next_block(&f->x, SRV_PORT, 2, 512, &at)); /* ahead */
	assert_false(tftp_next_block(&f->x, SRV_PORT, 0, 512, &at)); /* behind */
	assert_false(tftp_next_block(&f->x, SRV_PORT, 1, 513, &at)); /* over blksize */
	assert_true(srv_data_direct(f, SRV_PORT, 1));
	assert_true(srv_data_direct(f, SRV_PORT, 2));
	assert_true(srv_data_direct(f, SRV_PORT, 3));
	assert_false(tftp_next_block(&f->x, SRV_PORT, 4, 11, &at)); /* past max_size */
	assert_false(srv_data_direct(f, SRV_PORT, 1)); /* a duplicate: tftp_input's */
	assert_true(srv_data_direct(f, SRV_PORT, 4));
	assert_file_complete(f);
	assert_false(tftp_next_block(&f->x, SRV_PORT, 5, 0, &at)); /* done */
	tftp_block_stored(&f->x, 0); /* ignored once done */
	assert_acks(f, (const uint16_t[]){ 0, 1, 2, 3, 4 }, 5);
	assert_traces(f, (const int[]){ 11 }, 1);
	assert_int_equal(f->nwrites, 0);
	fake_free(f);
}

/* Blocks stored by the caller and blocks through tftp_input give the same ACKs, dots and end. */
static void test_direct_store_same_as_input(void **state)
{
	static const uint16_t windows[] = { 0, 4, 16 };
	size_t w, i;

	(void)state;
	for (w = 0; w < ARRAY_SIZE(windows); w++) {
		struct fake *a = fake_new(300 * 1428 + 99), *b = fake_new(300 * 1428 + 99);
		struct fake *both[2] = { a, b };
		char ws[8];
		uint32_t idx;

		for (i = 0; i < 2; i++) {
			both[i]->p.blksize = 1428;
			both[i]->bs = 1428;
			both[i]->p.windowsize = windows[w];
			snprintf(ws, sizeof(ws), "%u", windows[w]);
			start_negotiated(both[i], windows[w] ? "windowsize" : NULL,
					 windows[w] ? ws : NULL);
		}
		for (idx = 1; idx <= 301; idx++) {
			srv_data(a, SRV_PORT, idx);
			assert_true(srv_data_direct(b, SRV_PORT, idx));
		}
		assert_file_complete(a);
		assert_file_complete(b);
		assert_int_equal(a->nacks, b->nacks);
		assert_memory_equal(a->acks, b->acks, a->nacks * sizeof(*a->acks));
		assert_int_equal(a->ndots, b->ndots);
		assert_int_equal(b->ntraces, 0);
		fake_free(a);
		fake_free(b);
	}
}

/* ---- duplicates and windows ------------------------------------------------------------------ */

static void test_duplicates_never_acked(void **state)
{
	struct fake *f = fake_new(3 * 512 + 10);

	(void)state;
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 3);
	srv_data(f, SRV_PORT, 5); /* ahead, but the window is 1: not a gap to report */
	srv_data(f, SRV_PORT, 4);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 1, 2, 3, 4 }, 4);
	assert_traces(f, (const int[]){ 11, 11, 11, 11, 11 }, 5);
	assert_int_equal(f->nwrites, 4);
	fake_free(f);
}

static void test_qemu_server_with_duplicates(void **state)
{
	/* the network duplicates every 3rd DATA; a re-ACK would make QEMU skip a block */
	struct fake *f = fake_new(200 * 1428 + 77);

	(void)state;
	f->p.blksize = 1428;
	f->bs = 1428;
	start_negotiated(f, NULL, NULL);
	run_qemu_server(f, SRV_PORT, 3);
	assert_file_complete(f);
	assert_int_equal(f->nacks, 202);
	assert_int_equal(f->ntraces, 200 / 3);
	fake_free(f);
}

static void test_window_acks_every_w(void **state)
{
	struct fake *f = fake_new(10 * 512 + 100);
	uint32_t i;

	(void)state;
	f->p.windowsize = 4;
	f->p.blksize = 512;
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "4", NULL);
	for (i = 1; i <= 11; i++)
		srv_data(f, SRV_PORT, i);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 0, 4, 8, 11 }, 4);
	fake_free(f);
}

static void test_window_loss_recovery(void **state)
{
	struct fake *f = fake_new(20 * 512 + 1);

	(void)state;
	f->p.windowsize = 4;
	f->p.blksize = 512;
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "4", NULL);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 3);
	srv_data(f, SRV_PORT, 4); /* ACK 4 */
	srv_data(f, SRV_PORT, 5);
	srv_data(f, SRV_PORT, 6);
	/* 7 lost */
	srv_data(f, SRV_PORT, 8); /* gap: ACK 6 once */
	/* the server restarts the window at 7 after ACK 6 */
	srv_data(f, SRV_PORT, 7);
	srv_data(f, SRV_PORT, 8);
	srv_data(f, SRV_PORT, 9);
	srv_data(f, SRV_PORT, 10); /* ACK 10 */
	srv_data(f, SRV_PORT, 12); /* 11 lost: ACK 10 once */
	srv_data(f, SRV_PORT, 13); /* same gap: no ACK */
	srv_data(f, SRV_PORT, 14); /* in the window 11..14, same gap: no ACK */
	srv_data(f, SRV_PORT, 15); /* beyond the window: ignored */
	assert_acks(f, (const uint16_t[]){ 0, 4, 6, 10, 10 }, 5);
	assert_traces(f, (const int[]){ 11, 11, 11, 11, 11 }, 5);
	for (uint32_t i = 11; i <= 21; i++)
		srv_data(f, SRV_PORT, i);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 0, 4, 6, 10, 10, 14, 18, 21 }, 8);
	fake_free(f);
}

static void test_window_reorder(void **state)
{
	struct fake *f = fake_new(8 * 512);

	(void)state;
	f->p.windowsize = 4;
	f->p.blksize = 512;
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "4", NULL);
	srv_data(f, SRV_PORT, 2); /* 1 and 2 swapped: ACK 0 once (recovery) */
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 3); /* 2 expected: new gap, ACK 1 once */
	srv_data(f, SRV_PORT, 4);
	/* the server restarted at 1 after ACK 0, then at 2 after ACK 1 */
	srv_data(f, SRV_PORT, 1); /* duplicate: nothing */
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 3);
	srv_data(f, SRV_PORT, 4);
	srv_data(f, SRV_PORT, 5); /* the 4th in order since ACK 1: ACK 5 */
	assert_acks(f, (const uint16_t[]){ 0, 0, 1, 5 }, 4);
	for (uint32_t i = 6; i <= 9; i++)
		srv_data(f, SRV_PORT, i);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 0, 0, 1, 5, 9 }, 5);
	fake_free(f);
}

static void test_window_duplicates_not_acked(void **state)
{
	struct fake *f = fake_new(9 * 512);

	(void)state;
	f->p.windowsize = 4;
	f->p.blksize = 512;
	start(f);
	srv_oackv(f, SRV_PORT, "windowsize", "4", NULL);
	for (uint32_t i = 1; i <= 4; i++)
		srv_data(f, SRV_PORT, i);
	/* the server missed ACK 4 and resends the whole window: no ACK for any of it */
	for (uint32_t i = 1; i <= 4; i++)
		srv_data(f, SRV_PORT, i);
	srv_data(f, SRV_PORT, 5);
	srv_data(f, SRV_PORT, 5);
	assert_acks(f, (const uint16_t[]){ 0, 4 }, 2);
	assert_int_equal(f->ntraces, 5);
	/* our timer, not the duplicates, repeats the last in-order block */
	f->now += 4000;
	tftp_poll(&f->x);
	assert_acks(f, (const uint16_t[]){ 0, 4, 5 }, 3);
	fake_free(f);
}

/* A deterministic PRNG for the lossy network (xorshift32). */
static uint32_t prng(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Puts DATA @idx on the wire @q of @n packets; @r (0..31) decides loss, duplication, reordering. */
static void wire_put(uint32_t *q, size_t *n, uint32_t idx, uint32_t r)
{
	assert_true(*n + 2 <= NET_QUEUE_MAX);
	if (r < 2)
		return; /* lost */
	q[(*n)++] = idx;
	if (r == 2)
		q[(*n)++] = idx; /* duplicated */
	if (r == 3 && *n >= 2) { /* overtakes the one before */
		uint32_t t = q[*n - 1];

		q[*n - 1] = q[*n - 2];
		q[*n - 2] = t;
	}
}

/*
 * An RFC 7440 server behind a lossy, reordering, duplicating network: on each ACK it drops what it
 * had not sent yet (all but two packets on the wire) and sends the window after the acknowledged
 * block. It never retransmits on its own: the client's timeout does that job.
 */
static void run_window_server(struct fake *f, uint16_t w, uint32_t seed)
{
	uint32_t q[NET_QUEUE_MAX];
	uint32_t last = nblocks(f->file_len, f->bs);
	uint32_t base = 0;
	size_t n = 0, handled = 0;
	unsigned long steps = 0;

	while (tftp_state(&f->x) == TFTP_RUNNING) {
		assert_true(++steps < STEPS_MAX);
		while (handled < f->nacks) {
			uint16_t ack = f->acks[handled++];
			uint32_t i;

			/* the acknowledged block, unwrapped: the client never goes back */
			base += (uint16_t)(ack - (uint16_t)base);
			if (n > 2)
				n = 2;
			for (i = base + 1; i <= base + w && i <= last; i++)
				wire_put(q, &n, i, prng(&seed) % 32);
		}
		if (n) {
			uint32_t idx = q[0];

			memmove(q, q + 1, --n * sizeof(q[0]));
			srv_data(f, SRV_PORT, idx);
		} else {
			f->now += 500;
			tftp_poll(&f->x);
		}
	}
}

static void test_window_end_to_end_lossy(void **state)
{
	static const uint16_t windows[] = { 1, 2, 4, 7, 16 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(windows); i++) {
		struct fake *f = fake_new(3000 * 64 + 5);
		char w[8];

		f->p.windowsize = windows[i];
		f->p.blksize = 64;
		f->p.retries = 50;
		f->bs = 64;
		snprintf(w, sizeof(w), "%u", windows[i]);
		start_negotiated(f, "windowsize", w);
		assert_int_equal(tftp_windowsize(&f->x), windows[i]);
		run_window_server(f, windows[i], 0x12345u + (uint32_t)i);
		assert_file_complete(f);
		assert_true(f->ntraces > 0);
		fake_free(f);
	}
}

static void test_window_end_to_end_rollover(void **state)
{
	struct fake *f = fake_new(70000u * 8);

	(void)state;
	f->p.windowsize = 8;
	f->p.blksize = 8;
	f->p.retries = 50;
	f->bs = 8;
	start_negotiated(f, "windowsize", "8");
	run_window_server(f, 8, 777);
	assert_file_complete(f);
	fake_free(f);
}

/* ---- strangers, malformed and unexpected packets --------------------------------------------- */

static void test_wrong_tid(void **state)
{
	struct fake *f = fake_new(2 * 512 + 1);
	static const uint8_t junk[] = { 0, 9 };
	static const uint8_t err[] = { 0, TFTP_OP_ERROR, 0, 0, 'x', 0 };

	(void)state;
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, OTHER_PORT, 2); /* valid-looking, but not from the TID */
	assert_error_pkt(last_sent(f), OTHER_PORT, TFTP_ERR_BAD_TID, "Unknown transfer ID");
	tftp_input(&f->x, OTHER_PORT, junk, sizeof(junk)); /* unknown opcode: not fatal here */
	tftp_input(&f->x, OTHER_PORT, junk, 1);
	tftp_input(&f->x, OTHER_PORT, err, sizeof(err)); /* an ERROR is not answered */
	srv_error(f, OTHER_PORT, TFTP_ERR_NOT_FOUND, "nope");
	assert_int_equal(f->nerrors, 3);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_traces(f, (const int[]){ 7, 7, 7, 7, 7 }, 5);
	srv_data(f, SRV_PORT, 2);
	srv_data(f, SRV_PORT, 3);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 1, 2, 3 }, 3);
	for (size_t i = 0; i < f->nsent; i++)
		if (f->sent[i].b[1] == TFTP_OP_ACK)
			assert_int_equal(f->sent[i].port, SRV_PORT);
	fake_free(f);
}

static void test_wrong_tid_after_oack(void **state)
{
	struct fake *f = fake_new(100);

	(void)state;
	start_negotiated(f, NULL, NULL);
	/* a second server process answered our RRQ too: it is a stranger */
	srv_oackv(f, OTHER_PORT, "blksize", "512", NULL);
	assert_error_pkt(last_sent(f), OTHER_PORT, TFTP_ERR_BAD_TID, "Unknown transfer ID");
	assert_traces(f, (const int[]){ 7 }, 1);
	srv_data(f, SRV_PORT, 1);
	assert_file_complete(f);
	fake_free(f);
}

static void test_short_packets(void **state)
{
	static const uint8_t data3[] = { 0, TFTP_OP_DATA, 0 };
	static const uint8_t err3[] = { 0, TFTP_OP_ERROR, 0 };
	static const uint8_t one[] = { 0 };
	struct fake *f = fake_new(600);

	(void)state;
	start(f);
	tftp_input(&f->x, SRV_PORT, one, 0);
	tftp_input(&f->x, SRV_PORT, one, 1);
	tftp_input(&f->x, SRV_PORT, data3, sizeof(data3));
	tftp_input(&f->x, SRV_PORT, err3, sizeof(err3));
	srv_data(f, SRV_PORT, 1);
	tftp_input(&f->x, SRV_PORT, data3, sizeof(data3));
	tftp_input(&f->x, SRV_PORT, err3, sizeof(err3));
	assert_traces(f, (const int[]){ 2, 2, 2, 2, 2, 2 }, 6);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	assert_int_equal(f->nsent, 2); /* RRQ, ACK 1 */
	srv_data(f, SRV_PORT, 2);
	assert_file_complete(f);
	fake_free(f);
}

static void test_unexpected_opcodes_not_fatal(void **state)
{
	static const uint8_t rrq[] = { 0, TFTP_OP_RRQ, 'a', 0, 'o', 'c', 't', 'e', 't', 0 };
	static const uint8_t wrq[] = { 0, TFTP_OP_WRQ, 'a', 0, 'o', 'c', 't', 'e', 't', 0 };
	static const uint8_t ack[] = { 0, TFTP_OP_ACK, 0, 1 };
	struct fake *f = fake_new(100);

	(void)state;
	start_negotiated(f, NULL, NULL);
	tftp_input(&f->x, SRV_PORT, rrq, sizeof(rrq));
	tftp_input(&f->x, SRV_PORT, wrq, sizeof(wrq));
	tftp_input(&f->x, SRV_PORT, ack, sizeof(ack));
	/* a repeated OACK (our ACK 0 was lost): no ACK in answer, the timer repeats ACK 0 */
	srv_oackv(f, SRV_PORT, "blksize", "512", NULL);
	assert_traces(f, (const int[]){ 9, 9, 9, 9 }, 4);
	assert_int_equal(f->nsent, 2);
	f->now += 4000;
	tftp_poll(&f->x);
	assert_acks(f, (const uint16_t[]){ 0, 0 }, 2);
	srv_data(f, SRV_PORT, 1);
	assert_file_complete(f);
	fake_free(f);
}

static void test_unknown_opcode_fatal(void **state)
{
	static const uint16_t ops[] = { 0, 7, 8, 0x0103, 0xffff };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		uint8_t pkt[] = { (uint8_t)(ops[i] >> 8), (uint8_t)ops[i], 0, 1, 'z' };
		struct fake *f = fake_new(2000);

		start(f);
		srv_data(f, SRV_PORT, 1);
		tftp_input(&f->x, SRV_PORT, pkt, i == 0 ? 2 : sizeof(pkt));
		assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
		assert_int_equal(tftp_error(&f->x), -EPROTO);
		assert_int_equal(tftp_code(&f->x), TFTP_CODE_OPCODE);
		assert_traces(f, (const int[]){ 9 }, 1);
		assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_ILLEGAL,
				 "Illegal TFTP operation");
		fake_free(f);
	}
}

static void test_error_not_found(void **state)
{
	struct fake *f = fake_new(0);

	(void)state;
	start(f);
	srv_error(f, SRV_PORT, TFTP_ERR_NOT_FOUND, "File not found");
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -ENOENT);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_NOFILE);
	assert_string_equal(tftp_server_msg(&f->x), "File not found");
	assert_traces(f, (const int[]){ -10 }, 1);
	assert_int_equal(f->nsent, 1); /* an ERROR is never answered */
	fake_free(f);
}

static void test_error_other(void **state)
{
	static const uint8_t raw[] = { 0, TFTP_OP_ERROR, 0, 2, 'n', 'o', '\033', '[', '2', 'J' };
	struct fake *f = fake_new(2000);
	char longmsg[200];

	(void)state;
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_error(f, SRV_PORT, TFTP_ERR_ACCESS, "Access violation");
	assert_int_equal(tftp_error(&f->x), -EIO);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
	assert_string_equal(tftp_server_msg(&f->x), "Access violation");
	assert_traces(f, (const int[]){ 10 }, 1);
	assert_int_equal(f->nsent, 2);

	/* no NUL, control characters: kept printable */
	start(f);
	tftp_input(&f->x, SRV_PORT, raw, sizeof(raw));
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
	assert_string_equal(tftp_server_msg(&f->x), "no?[2J");

	/* long: cut, and an empty one */
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	start(f);
	srv_error(f, SRV_PORT, TFTP_ERR_UNDEF, longmsg);
	assert_int_equal(strlen(tftp_server_msg(&f->x)), TFTP_MSG_MAX);
	start(f);
	tftp_input(&f->x, SRV_PORT, raw, 4);
	assert_string_equal(tftp_server_msg(&f->x), "");
	assert_int_equal(tftp_error(&f->x), -EIO);
	fake_free(f);
}

/* ---- sizes and storage ----------------------------------------------------------------------- */

static void test_tsize_too_big_refused(void **state)
{
	struct fake *f = fake_new(1001);

	(void)state;
	f->p.max_size = 1000;
	start(f);
	srv_oackv(f, SRV_PORT, "blksize", "1024", "tsize", "1001", NULL);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -E2BIG);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_DISK_FULL, "File too large");
	assert_int_equal(f->nacks, 0);
	srv_data(f, SRV_PORT, 1);
	assert_int_equal(f->nwrites, 0);
	fake_free(f);
}

static void test_tsize_exactly_fits(void **state)
{
	struct fake *f = fake_new(1000);

	(void)state;
	f->p.max_size = 1000;
	f->p.blksize = 1024;
	f->bs = 1024;
	start_negotiated(f, "tsize", "1000");
	srv_data(f, SRV_PORT, 1);
	assert_file_complete(f);
	fake_free(f);
}

static void test_data_beyond_max_size(void **state)
{
	struct fake *f = fake_new(2000);

	(void)state;
	f->p.max_size = 1000; /* no tsize from an RFC 1350 server: found out on the way */
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -E2BIG);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_DISK_FULL, "File too large");
	assert_int_equal(f->stored, 512);
	assert_int_equal(tftp_bytes(&f->x), 512);
	fake_free(f);
}

static void test_write_failure(void **state)
{
	struct fake *f = fake_new(3000);

	(void)state;
	f->write_fail_at = 2;
	f->write_rc = -EIO;
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 2);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -EIO);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_XFER);
	assert_traces(f, (const int[]){ 10 }, 1);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_DISK_FULL, "Storage error");
	assert_acks(f, (const uint16_t[]){ 1 }, 1);
	assert_int_equal(tftp_bytes(&f->x), 512);
	fake_free(f);
}

static void test_dots(void **state)
{
	struct fake *f = fake_new(100 * 1024);

	(void)state;
	f->p.blksize = 1468;
	f->bs = 1468;
	start_negotiated(f, NULL, NULL);
	run_qemu_server(f, SRV_PORT, 0);
	assert_file_complete(f);
	assert_int_equal(f->ndots, 3); /* at 32, 64 and 96 KiB */
	fake_free(f);
}

static void test_trace_optional(void **state)
{
	struct fake *f = fake_new(1000);

	(void)state;
	f->ops.trace = NULL;
	start(f);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, SRV_PORT, 1);
	srv_data(f, OTHER_PORT, 2);
	f->now += 4000;
	tftp_poll(&f->x);
	srv_data(f, SRV_PORT, 2);
	assert_file_complete(f);
	fake_free(f);
}

/* ---- timeouts and abort ---------------------------------------------------------------------- */

static void test_rrq_timeout_backoff_and_failure(void **state)
{
	/* 4 s, then doubling to the 16 s cap: resends at +4, +12, +28, +44, +60; fails at +76 */
	static const uint64_t resend_s[] = { 4, 12, 28, 44, 60 };
	struct fake *f = fake_new(0);
	size_t i;

	(void)state;
	start(f);
	for (i = 0; i < ARRAY_SIZE(resend_s); i++) {
		f->now = T0_MS + resend_s[i] * 1000 - 1;
		tftp_poll(&f->x);
		assert_int_equal(f->nrrqs, i + 1);
		f->now++;
		tftp_poll(&f->x);
		tftp_poll(&f->x);
		assert_int_equal(f->nrrqs, i + 2);
		assert_memory_equal(last_sent(f)->b, f->sent[0].b, f->sent[0].len);
		assert_int_equal(last_sent(f)->port, TFTP_PORT);
		assert_int_equal(f->ntimeouts, i + 1);
	}
	f->now = T0_MS + 76 * 1000 - 1;
	tftp_poll(&f->x);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	f->now++;
	tftp_poll(&f->x);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -ETIMEDOUT);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_TIMEOUT);
	assert_traces(f, (const int[]){ -1 }, 1);
	assert_int_equal(f->nsent, 6); /* no ERROR: no TID to send it to */
	assert_int_equal(f->ntimeouts, 5);
	fake_free(f);
}

static void test_long_timeout_no_growth(void **state)
{
	struct fake *f = fake_new(0);

	(void)state;
	f->p.timeout_s = 20; /* above the 16 s cap: stays 20 s */
	f->p.retries = 2;
	start(f);
	f->now = T0_MS + 20000;
	tftp_poll(&f->x);
	f->now = T0_MS + 40000;
	tftp_poll(&f->x);
	assert_int_equal(f->nrrqs, 3);
	f->now = T0_MS + 60000 - 1;
	tftp_poll(&f->x);
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	f->now++;
	tftp_poll(&f->x);
	assert_int_equal(tftp_error(&f->x), -ETIMEDOUT);
	fake_free(f);
}

static void test_ack_timeout_and_progress_resets(void **state)
{
	struct fake *f = fake_new(4 * 512);

	(void)state;
	f->p.timeout_s = 1;
	f->p.retries = 2;
	start(f);
	srv_data(f, SRV_PORT, 1);
	f->now += 1000;
	tftp_poll(&f->x); /* ACK 1 again, next in 2 s */
	f->now += 2000;
	tftp_poll(&f->x); /* ACK 1 again, budget spent */
	assert_acks(f, (const uint16_t[]){ 1, 1, 1 }, 3);
	srv_data(f, SRV_PORT, 2); /* progress: budget and 1 s timeout back */
	f->now += 999;
	tftp_poll(&f->x);
	assert_int_equal(f->nacks, 4);
	f->now += 1;
	tftp_poll(&f->x);
	f->now += 2000;
	tftp_poll(&f->x);
	assert_acks(f, (const uint16_t[]){ 1, 1, 1, 2, 2, 2 }, 6);
	assert_int_equal(f->ntimeouts, 4);
	f->now += 4000;
	tftp_poll(&f->x);
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -ETIMEDOUT);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_UNDEF, "Timeout");
	assert_traces(f, (const int[]){ -1 }, 1);
	fake_free(f);
}

static void test_junk_does_not_extend_deadline(void **state)
{
	struct fake *f = fake_new(4 * 512);

	(void)state;
	f->p.retries = 1;
	start(f);
	srv_data(f, SRV_PORT, 1);
	for (int i = 0; i < 100; i++) {
		f->now += 100;
		srv_data(f, SRV_PORT, 1);
		srv_data(f, OTHER_PORT, 2);
		tftp_poll(&f->x);
	}
	/* 10 s passed: one resend at 4 s, failure at 4 + 8 s is still ahead */
	assert_acks(f, (const uint16_t[]){ 1, 1 }, 2);
	f->now += 2000;
	tftp_poll(&f->x);
	assert_int_equal(tftp_error(&f->x), -ETIMEDOUT);
	fake_free(f);
}

static void test_send_failure_is_loss(void **state)
{
	struct fake *f = fake_new(1000);

	(void)state;
	start(f);
	f->send_rc = -ENOMEM;
	srv_data(f, SRV_PORT, 1); /* ACK 1 fails to leave */
	assert_int_equal(tftp_state(&f->x), TFTP_RUNNING);
	f->send_rc = 0;
	f->now += 4000;
	tftp_poll(&f->x);
	srv_data(f, SRV_PORT, 2);
	assert_file_complete(f);
	assert_acks(f, (const uint16_t[]){ 1, 1, 2 }, 3);
	fake_free(f);
}

static void test_abort(void **state)
{
	struct fake *f = fake_new(3000);

	(void)state;
	start(f);
	tftp_abort(&f->x); /* no TID yet: nothing to tell */
	assert_int_equal(tftp_state(&f->x), TFTP_FAILED);
	assert_int_equal(tftp_error(&f->x), -ECANCELED);
	assert_int_equal(tftp_code(&f->x), TFTP_CODE_NONE);
	assert_int_equal(f->nsent, 1);

	start(f);
	srv_data(f, SRV_PORT, 1);
	tftp_abort(&f->x);
	assert_error_pkt(last_sent(f), SRV_PORT, TFTP_ERR_UNDEF, "Aborted");
	assert_int_equal(tftp_error(&f->x), -ECANCELED);
	assert_int_equal(f->ntraces, 0);
	/* after the end nothing happens any more */
	tftp_abort(&f->x);
	srv_data(f, SRV_PORT, 2);
	f->now += 100000;
	tftp_poll(&f->x);
	assert_int_equal(f->nsent, 4);
	assert_int_equal(tftp_error(&f->x), -ECANCELED);
	fake_free(f);
}

static void test_nothing_after_done(void **state)
{
	struct fake *f = fake_new(10);

	(void)state;
	start(f);
	srv_data(f, SRV_PORT, 1);
	assert_file_complete(f);
	srv_data(f, SRV_PORT, 1); /* the server missed our last ACK: we do not dally */
	srv_data(f, OTHER_PORT, 1);
	srv_error(f, SRV_PORT, 1, "late");
	tftp_abort(&f->x);
	f->now += 100000;
	tftp_poll(&f->x);
	assert_int_equal(f->nsent, 2);
	assert_int_equal(f->ntraces, 0);
	assert_file_complete(f);
	assert_string_equal(tftp_server_msg(&f->x), "");
	fake_free(f);
}

static void test_xfer_struct_small(void **state)
{
	(void)state;
	assert_true(sizeof(struct tftp_xfer) <= 320);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rrq_defaults),
		cmocka_unit_test(test_rrq_all_options),
		cmocka_unit_test(test_rrq_blksize_512_not_asked),
		cmocka_unit_test(test_rrq_longest_name),
		cmocka_unit_test(test_start_rejects_bad_params),
		cmocka_unit_test(test_start_send_failure),
		cmocka_unit_test(test_oack_negotiates),
		cmocka_unit_test(test_oack_names_case_insensitive),
		cmocka_unit_test(test_oack_partial_keeps_defaults),
		cmocka_unit_test(test_oack_empty_accepted),
		cmocka_unit_test(test_oack_tsize_limits),
		cmocka_unit_test(test_oack_rejected),
		cmocka_unit_test(test_oack_windowsize_limits),
		cmocka_unit_test(test_fallback_when_data_first),
		cmocka_unit_test(test_fallback_block_too_large),
		cmocka_unit_test(test_first_data_not_block_one),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_rollover),
		cmocka_unit_test(test_rollover_fallback_512),
		cmocka_unit_test(test_next_block_says_yes_only_for_the_next),
		cmocka_unit_test(test_direct_store_same_as_input),
		cmocka_unit_test(test_duplicates_never_acked),
		cmocka_unit_test(test_qemu_server_with_duplicates),
		cmocka_unit_test(test_window_acks_every_w),
		cmocka_unit_test(test_window_loss_recovery),
		cmocka_unit_test(test_window_reorder),
		cmocka_unit_test(test_window_duplicates_not_acked),
		cmocka_unit_test(test_window_end_to_end_lossy),
		cmocka_unit_test(test_window_end_to_end_rollover),
		cmocka_unit_test(test_wrong_tid),
		cmocka_unit_test(test_wrong_tid_after_oack),
		cmocka_unit_test(test_short_packets),
		cmocka_unit_test(test_unexpected_opcodes_not_fatal),
		cmocka_unit_test(test_unknown_opcode_fatal),
		cmocka_unit_test(test_error_not_found),
		cmocka_unit_test(test_error_other),
		cmocka_unit_test(test_tsize_too_big_refused),
		cmocka_unit_test(test_tsize_exactly_fits),
		cmocka_unit_test(test_data_beyond_max_size),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_dots),
		cmocka_unit_test(test_trace_optional),
		cmocka_unit_test(test_rrq_timeout_backoff_and_failure),
		cmocka_unit_test(test_long_timeout_no_growth),
		cmocka_unit_test(test_ack_timeout_and_progress_resets),
		cmocka_unit_test(test_junk_does_not_extend_deadline),
		cmocka_unit_test(test_send_failure_is_loss),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_nothing_after_done),
		cmocka_unit_test(test_xfer_struct_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
