/*
 * libFuzzer harness for net/tftp.c: a running download fed random, half-valid and valid packets
 * from the server's port, from strangers, and timeouts; some next blocks are stored by the
 * harness itself (tftp_next_block, tftp_block_stored), as the network's fast path does. Each packet sits in a heap block of its
 * exact size, so ASan catches any read past len. Invariants checked after every step:
 *  - writes are contiguous from 0, non-empty, at most blksize each, within max_size, and the
 *    bytes stored never exceed writes * blksize; tftp_bytes() agrees with them;
 *  - every ACK names the last in-order block (bytes / blksize full blocks, +1 for the last);
 *  - with a window of 1, a packet makes the client ACK only when it moved the transfer forward
 *    (never for a duplicate), and never more than once;
 *  - a tsize beyond max_size stops the transfer before anything is stored;
 *  - DONE and FAILED are final: nothing is sent or stored after them;
 *  - every packet the client sends is well formed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/tftp.h"

#define FZ_SRV_PORT 3000
#define FZ_OTHER_PORT 4000
#define FZ_START_MS 1000000u
#define FZ_PAYLOAD_MAX 2048 /* largest DATA payload the harness builds */

/* What the callbacks saw. */
struct fz {
	struct tftp_xfer x;
	uint64_t now;
	uint64_t max_size; /* UINT64_MAX when unlimited */
	uint64_t stored;
	uint64_t writes;
	uint64_t fail_write; /* 1-based write that fails with -EIO, 0 = never */
	unsigned int acks; /* ACKs sent during the current step */
	uint16_t last_ack;
	unsigned int sends; /* packets sent during the current step */
};

static int fz_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct fz *z = ctx;
	const uint8_t *b = pkt;
	uint16_t op;

	if (len < 4)
		abort();
	op = (uint16_t)(b[0] << 8 | b[1]);
	z->sends++;
	switch (op) {
	case TFTP_OP_RRQ:
		if (port != TFTP_PORT || b[len - 1] != '\0')
			abort();
		break;
	case TFTP_OP_ACK:
		if (len != 4)
			abort();
		z->acks++;
		z->last_ack = (uint16_t)(b[2] << 8 | b[3]);
		break;
	case TFTP_OP_ERROR:
		if (b[len - 1] != '\0' || strlen((const char *)b + 4) != len - 5)
			abort();
		break;
	default:
		abort();
	}
	return 0;
}

static int fz_write(void *ctx, uint64_t offset, const void *data, size_t len)
{
	struct fz *z = ctx;
	volatile uint8_t sink;

	if (offset != z->stored || len == 0 || len > tftp_blksize(&z->x) ||
	    len > z->max_size - offset || tftp_state(&z->x) != TFTP_RUNNING)
		abort();
	sink = ((const uint8_t *)data)[len - 1]; /* the whole range must be readable */
	(void)sink;
	if (z->writes + 1 == z->fail_write)
		return -EIO;
	z->stored += len;
	z->writes++;
	return 0;
}

static uint64_t fz_now(void *ctx)
{
	return ((struct fz *)ctx)->now;
}

static void fz_trace(void *ctx, int code)
{
	(void)ctx;
	if (code != TFTP_TRACE_DOT && code != TFTP_TRACE_TIMEOUT &&
	    (code < TFTP_CODE_NOFILE || code > TFTP_CODE_SEQUENCE))
		abort();
}

static const struct tftp_ops fz_ops = {
	.send = fz_send,
	.write = fz_write,
	.now_ms = fz_now,
	.trace = fz_trace,
};

/* A cursor over the fuzz input; reads past the end yield zeros. */
struct cursor {
	const uint8_t *p;
	size_t n;
};

static uint8_t take8(struct cursor *c)
{
	uint8_t v = 0;

	if (c->n) {
		v = *c->p++;
		c->n--;
	}
	return v;
}

static uint16_t take16(struct cursor *c)
{
	uint16_t hi = take8(c);

	return (uint16_t)(hi << 8 | take8(c));
}

/* Hands @len bytes at @pkt to the client in a heap block of exactly that size. */
static void deliver(struct fz *z, uint16_t port, const uint8_t *pkt, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		abort();
	if (len)
		memcpy(copy, pkt, len);
	tftp_input(&z->x, port, copy, len);
	free(copy);
}

/*
 * A DATA packet: block last_block + @delta, @plen payload bytes. With @fill odd the caller stores
 * it itself when the core says it is the next block (tftp_next_block, tftp_block_stored), as the
 * fast path does; the invariants are the same either way.
 */
static void deliver_data(struct fz *z, uint16_t port, int delta, size_t plen, uint8_t fill)
{
	uint8_t pkt[4 + FZ_PAYLOAD_MAX];
	uint16_t block = (uint16_t)(z->x.last_block + 1 + delta);
	uint64_t offset;

	if (plen > FZ_PAYLOAD_MAX)
		plen = FZ_PAYLOAD_MAX;
	if ((fill & 1) && tftp_next_block(&z->x, port, block, plen, &offset)) {
		if (offset != z->stored || plen > tftp_blksize(&z->x) ||
		    plen > z->max_size - offset || tftp_state(&z->x) != TFTP_RUNNING)
			abort();
		z->stored += plen;
		if (plen)
			z->writes++;
		tftp_block_stored(&z->x, plen);
		return;
	}
	pkt[0] = 0;
	pkt[1] = TFTP_OP_DATA;
	pkt[2] = (uint8_t)(block >> 8);
	pkt[3] = (uint8_t)block;
	memset(pkt + 4, fill, plen);
	deliver(z, port, pkt, 4 + plen);
}

/* An OACK or other packet of @op whose body is the next bytes of the input. */
static void deliver_raw_body(struct fz *z, struct cursor *c, uint16_t port, uint16_t op)
{
	uint8_t pkt[2 + 255];
	size_t len = take8(c);

	if (len > c->n)
		len = c->n;
	pkt[0] = (uint8_t)(op >> 8);
	pkt[1] = (uint8_t)op;
	memcpy(pkt + 2, c->p, len);
	c->p += len;
	c->n -= len;
	deliver(z, port, pkt, 2 + len);
}

/* A well-formed OACK with values picked by the input (some acceptable, some not). */
static void deliver_oack(struct fz *z, struct cursor *c, uint16_t port)
{
	static const char *const names[] = { "blksize", "tsize", "timeout", "windowsize" };
	uint8_t pkt[256];
	size_t len = 2;
	unsigned int count = take8(c) % 5, i;

	pkt[0] = 0;
	pkt[1] = TFTP_OP_OACK;
	for (i = 0; i < count; i++) {
		uint8_t sel = take8(c);
		const char *name = names[sel % 4];
		char val[40];
		unsigned long v = take16(c);
		size_t nl = strlen(name) + 1, vl = 0;

		if (sel & 0x80) { /* a raw value: up to 31 bytes of input, NUL-terminated */
			while (vl < (sel & 0x1fu) && c->n)
				val[vl++] = (char)take8(c);
			val[vl++] = '\0';
			memcpy(pkt + len, name, nl);
			len += nl;
			memcpy(pkt + len, val, vl);
			len += vl;
			continue;
		}
		do {
			val[vl++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		for (size_t a = 0, b = vl - 1; a < b; a++, b--) {
			char t = val[a];

			val[a] = val[b];
			val[b] = t;
		}
		val[vl++] = '\0';
		memcpy(pkt + len, name, nl);
		len += nl;
		memcpy(pkt + len, val, vl);
		len += vl;
	}
	deliver(z, port, pkt, len);
}

static uint16_t pick_port(struct fz *z, uint8_t sel)
{
	switch (sel % 4) {
	case 0:
	case 1:
		return z->x.tid_known ? z->x.tid : FZ_SRV_PORT;
	case 2:
		return FZ_OTHER_PORT;
	default:
		return TFTP_PORT;
	}
}

/* One step chosen by the input. Returns true when it handed the client a packet. */
static bool step(struct fz *z, struct cursor *c)
{
	uint8_t op = take8(c);
	uint16_t port = pick_port(z, op >> 4);
	uint16_t bs = tftp_blksize(&z->x);

	switch (op % 10) {
	case 0:
		deliver_raw_body(z, c, port, take16(c));
		break;
	case 1: /* the next block, full */
	case 2:
		deliver_data(z, port, 0, bs, take8(c));
		break;
	case 3: /* a block near the expected one */
		deliver_data(z, port, (int8_t)take8(c), take16(c) % (bs + 2u), 0x5a);
		break;
	case 4: /* the next block, any length (short ends it) */
		deliver_data(z, port, 0, take16(c) % (bs + 2u), 0xa5);
		break;
	case 5:
		deliver_oack(z, c, port);
		break;
	case 6:
		deliver_raw_body(z, c, port, TFTP_OP_OACK);
		break;
	case 7:
		deliver_raw_body(z, c, port, TFTP_OP_ERROR);
		break;
	case 8:
		z->now += (uint64_t)take8(c) * 250;
		tftp_poll(&z->x);
		return false;
	default: {
		uint8_t b = take8(c);

		if (b == 0xee) {
			tftp_abort(&z->x);
		} else if (b < 0x10) { /* 0 or 1 byte */
			deliver(z, port, &b, b & 1);
			return true;
		} else {
			tftp_poll(&z->x);
		}
		return false;
	}
	}
	return true;
}

/* What the client looked like before a step. */
struct before {
	enum tftp_state state;
	uint64_t stored;
	bool tid_known;
};

static void check_after(struct fz *z, const struct before *was, bool input)
{
	enum tftp_state st = tftp_state(&z->x);
	uint16_t bs = tftp_blksize(&z->x);
	bool forward = z->stored != was->stored || st == TFTP_DONE ||
		       (!was->tid_known && z->x.tid_known);
	const char *msg;
	uint64_t tsize;
	size_t i;

	if (tftp_bytes(&z->x) != z->stored || z->stored > z->writes * bs || z->stored > z->max_size)
		abort();
	if (was->state != TFTP_RUNNING &&
	    (st != was->state || z->sends || z->stored != was->stored))
		abort();
	if (z->acks > 1)
		abort();
	if (z->acks && z->last_ack != (uint16_t)(z->stored / bs + (st == TFTP_DONE)))
		abort();
	/* window 1: a packet that did not move the transfer forward is never acknowledged */
	if (z->acks && input && tftp_windowsize(&z->x) == 1 && !forward)
		abort();
	if (tftp_tsize(&z->x, &tsize) && tsize > z->max_size && (st != TFTP_FAILED || z->writes))
		abort();
	if (st == TFTP_FAILED && tftp_error(&z->x) >= 0)
		abort();
	if (st != TFTP_FAILED && (tftp_error(&z->x) || tftp_code(&z->x)))
		abort();
	msg = tftp_server_msg(&z->x);
	for (i = 0; msg[i]; i++)
		if (i >= TFTP_MSG_MAX || msg[i] < 0x20 || msg[i] > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t blksizes[] = { 0, 8, 9, 512, 513, 1024, 1468 };
	struct cursor c = { data, size };
	struct tftp_params p = { 0 };
	struct fz *z = calloc(1, sizeof(*z));
	unsigned int steps = 0;

	if (!z)
		abort();
	p.file = "pix.bin";
	p.blksize = blksizes[take8(&c) % 7];
	p.windowsize = take8(&c) % 9;
	p.timeout_s = take8(&c) % 4;
	p.retries = take8(&c) % 4;
	p.max_size = (uint64_t)take16(&c) * 16;
	z->fail_write = take8(&c) % 16;
	z->max_size = p.max_size ? p.max_size : UINT64_MAX;
	z->now = FZ_START_MS;
	if (tftp_start(&z->x, &p, &fz_ops, z))
		abort();
	while (c.n && steps++ < 4096) {
		struct before was = { tftp_state(&z->x), z->stored, z->x.tid_known };
		bool input;

		z->acks = 0;
		z->sends = 0;
		input = step(z, &c);
		check_after(z, &was, input);
	}
	free(z);
	return 0;
}
