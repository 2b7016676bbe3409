/* TFTP client protocol core: one read request, its option negotiation, and the DATA/ACK loop. */
/*
 * The core owns no socket, clock or storage: tftp_ops sends UDP payloads, reads the clock and
 * stores data; the caller feeds it every UDP payload from the server's address (tftp_input) and
 * calls tftp_poll() from its main loop. All state is in struct tftp_xfer, one per download. A
 * caller that can place a block's data itself asks tftp_next_block() whether a DATA packet is
 * the next block, stores it, and reports it with tftp_block_stored(): the same as tftp_input()
 * for that packet, without the write callback.
 *
 * State machine (x->state; while RUNNING, x->tid_known splits it in two):
 *
 *   tftp_start() --RRQ to port 69--> REQUEST (running, TID unknown)
 *   REQUEST --OACK, options acceptable--> lock TID, ACK 0 --> DATA
 *   REQUEST --OACK, options not acceptable--> ERROR 8 --> FAILED (10, -EPROTO)
 *   REQUEST --OACK, tsize > max_size--> ERROR 3 --> FAILED (10, -E2BIG), nothing stored
 *   REQUEST --DATA 1--> fall back to RFC 1350 (512 bytes, window 1), lock TID --> DATA
 *   DATA --next block in order--> store it; ACK after windowsize blocks --> DATA
 *   DATA --block shorter than blksize (possibly empty)--> store it, ACK it --> DONE
 *   DATA --block ahead, within the window--> ACK the last in-order block, once per gap (RFC 7440)
 *   DATA --duplicate or stray block--> trace 11, nothing sent
 *   REQUEST or DATA --ERROR from the server--> FAILED (-10 and -ENOENT for code 1, else 10, -EIO)
 *   REQUEST or DATA --unknown opcode--> ERROR 4 --> FAILED (9, -EPROTO)
 *   REQUEST or DATA --timeout--> resend the RRQ, or ACK the last in-order block; timeout doubles
 *   REQUEST or DATA --timeout with the retry budget spent--> FAILED (-1, -ETIMEDOUT)
 *   REQUEST or DATA --tftp_abort()--> ERROR 0 if the TID is known --> FAILED (0, -ECANCELED)
 *   DONE and FAILED are final: tftp_input(), tftp_poll() and tftp_abort() do nothing there.
 *
 * Invariants:
 *  - x->bytes is the sum of the payloads stored, the offset of block last_block + 1; writes
 *    go out contiguously from offset 0, each at most blksize bytes, and bytes <= max_size.
 *  - An ACK leaves only for: ACK 0 after an accepted OACK, a full window, the last block, a
 *    timeout, and once per gap for a block ahead of sequence within the window. Never because a
 *    duplicate arrived (Sorcerer's Apprentice; QEMU's server sends a block per ACK it gets).
 *  - Once the TID is locked, a packet from another port changes nothing but is answered with
 *    ERROR 5 (unless it is itself an ERROR) and traced as code 7.
 *  - Nothing is read past len; every string in a packet must be NUL-terminated inside it.
 *  - The retry budget and the timeout are restored only by progress (an in-order block or the
 *    accepted OACK), so junk packets cannot keep a dead transfer alive.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "tftp.h"

#define TFTP_OPCODE_BYTES 2
#define TFTP_HDR_BYTES 4 /* opcode + block number or error code */
#define TFTP_MODE "octet"
#define TFTP_ACK_BYTES 4
#define TFTP_ERROR_MAX_BYTES 64 /* our own ERROR packets: header + a short text */
#define TFTP_UINT_DIGITS_MAX 20 /* digits of UINT64_MAX */
#define TFTP_MS_PER_S 1000u
#define TFTP_AHEAD_MAX 0x8000u /* a block this far ahead or more counts as behind */

/* Options in the order the RRQ carries them. */
enum tftp_opt {
	TFTP_OPT_BLKSIZE,
	TFTP_OPT_TSIZE,
	TFTP_OPT_TIMEOUT,
	TFTP_OPT_WINDOWSIZE,
	TFTP_OPT_COUNT,
};

static const char *const tftp_opt_names[TFTP_OPT_COUNT] = {
	[TFTP_OPT_BLKSIZE] = "blksize",
	[TFTP_OPT_TSIZE] = "tsize",
	[TFTP_OPT_TIMEOUT] = "timeout",
	[TFTP_OPT_WINDOWSIZE] = "windowsize",
};

/* Longest RRQ: opcode, name, mode, and every option with its longest value. */
#define TFTP_RRQ_MAX_BYTES                                                                     \
	(TFTP_OPCODE_BYTES + TFTP_FILE_MAX + 1 + sizeof(TFTP_MODE) + sizeof("blksize") +       \
	 sizeof("65464") + sizeof("tsize") + sizeof("0") + sizeof("timeout") + sizeof("255") + \
	 sizeof("windowsize") + sizeof("65535"))

/* A bounded packet being built; overflow is sticky and makes the packet unusable. */
struct tftp_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
	bool overflow;
};

/* What an OACK acknowledged, before it is accepted. */
struct tftp_oack {
	bool seen[TFTP_OPT_COUNT];
	uint64_t val[TFTP_OPT_COUNT];
};

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void put_bytes(struct tftp_buf *b, const void *src, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void put_u16(struct tftp_buf *b, uint16_t v)
{
	uint8_t be[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put_bytes(b, be, sizeof(be));
}

/* Appends @s with its NUL, as every TFTP string is carried. */
static void put_str(struct tftp_buf *b, const char *s)
{
	put_bytes(b, s, strlen(s) + 1);
}

/* Appends @v in decimal with a NUL. */
static void put_uint(struct tftp_buf *b, uint32_t v)
{
	char tmp[TFTP_UINT_DIGITS_MAX + 1];
	size_t i = sizeof(tmp) - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_bytes(b, tmp + i, sizeof(tmp) - i);
}

static void trace(struct tftp_xfer *x, int code)
{
	if (x->ops->trace)
		x->ops->trace(x->ctx, code);
}

static uint32_t base_rto_ms(const struct tftp_xfer *x)
{
	return (uint32_t)x->timeout_s * TFTP_MS_PER_S;
}

/* Restarts the retransmission timer with the current timeout. */
static void arm_timer(struct tftp_xfer *x)
{
	x->deadline_ms = x->ops->now_ms(x->ctx) + x->rto_ms;
}

/* The transfer moved forward: full retry budget and the initial timeout again. */
static void progress(struct tftp_xfer *x)
{
	x->retries_left = x->retries;
	x->rto_ms = base_rto_ms(x);
	arm_timer(x);
}

/* Send errors count as loss: the timer resends, and the retry budget bounds the damage. */
static void send_ack(struct tftp_xfer *x, uint16_t block)
{
	uint8_t pkt[TFTP_ACK_BYTES];
	struct tftp_buf b = { pkt, 0, sizeof(pkt), false };

	put_u16(&b, TFTP_OP_ACK);
	put_u16(&b, block);
	x->ops->send(x->ctx, x->tid, pkt, b.len);
}

static void send_error(struct tftp_xfer *x, uint16_t port, uint16_t code, const char *msg)
{
	uint8_t pkt[TFTP_ERROR_MAX_BYTES];
	struct tftp_buf b = { pkt, 0, sizeof(pkt), false };

	put_u16(&b, TFTP_OP_ERROR);
	put_u16(&b, code);
	put_str(&b, msg);
	if (!b.overflow)
		x->ops->send(x->ctx, port, pkt, b.len);
}

static int send_rrq(struct tftp_xfer *x)
{
	uint8_t pkt[TFTP_RRQ_MAX_BYTES];
	struct tftp_buf b = { pkt, 0, sizeof(pkt), false };

	put_u16(&b, TFTP_OP_RRQ);
	put_str(&b, x->file);
	put_str(&b, TFTP_MODE);
	if (x->want_blksize) {
		put_str(&b, tftp_opt_names[TFTP_OPT_BLKSIZE]);
		put_uint(&b, x->want_blksize);
	}
	put_str(&b, tftp_opt_names[TFTP_OPT_TSIZE]);
	put_uint(&b, 0);
	put_str(&b, tftp_opt_names[TFTP_OPT_TIMEOUT]);
	put_uint(&b, x->timeout_s);
	if (x->want_windowsize) {
		put_str(&b, tftp_opt_names[TFTP_OPT_WINDOWSIZE]);
		put_uint(&b, x->want_windowsize);
	}
	if (b.overflow)
		return -EINVAL;
	return x->ops->send(x->ctx, TFTP_PORT, pkt, b.len);
}

/* Stops the transfer and reports its Table 11-2 code (none for an abort). */
static void fail(struct tftp_xfer *x, int err, enum tftp_code code)
{
	x->state = TFTP_FAILED;
	x->err = err;
	x->code = (int8_t)code;
	if (code != TFTP_CODE_NONE)
		trace(x, code);
}

/* Stops the transfer and tells the server at @port why, with ERROR @ecode. */
static void fail_tell(struct tftp_xfer *x, uint16_t port, int err, enum tftp_code code,
		      uint16_t ecode, const char *msg)
{
	send_error(x, port, ecode, msg);
	fail(x, err, code);
}

/* Length of the NUL-terminated string at @p within @n bytes, or @n when there is no NUL. */
static size_t field_len(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		;
	return i;
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Which option @name (of @len characters) is, case-insensitively; TFTP_OPT_COUNT if none. */
static enum tftp_opt opt_lookup(const uint8_t *name, size_t len)
{
	enum tftp_opt o;
	size_t i;

	for (o = 0; o < TFTP_OPT_COUNT; o++) {
		const char *s = tftp_opt_names[o];

		if (strlen(s) != len)
			continue;
		for (i = 0; i < len && to_lower((char)name[i]) == s[i]; i++)
			;
		if (i == len)
			return o;
	}
	return TFTP_OPT_COUNT;
}

/* Parses @len decimal digits at @s (no sign, no blanks, at least one digit) without overflow. */
static int parse_uint(const uint8_t *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned int)s[i] - '0';

		if (d > 9)
			return -EINVAL;
		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Whether the server's value @v for option @o is one we can live with (RFC 2348/2349/7440). */
static bool opt_acceptable(const struct tftp_xfer *x, enum tftp_opt o, uint64_t v)
{
	switch (o) {
	case TFTP_OPT_BLKSIZE:
		return x->want_blksize && v >= TFTP_BLKSIZE_MIN && v <= x->want_blksize;
	case TFTP_OPT_TSIZE:
		return true;
	case TFTP_OPT_TIMEOUT:
		return v == x->timeout_s;
	case TFTP_OPT_WINDOWSIZE:
		return x->want_windowsize && v >= 1 && v <= x->want_windowsize;
	default:
		return false;
	}
}

/*
 * Parses the name/value pairs of an OACK (@p, @n bytes after the opcode) into @oa: each name
 * and value NUL-terminated, names known and asked for, each at most once, values decimal and
 * within what was asked. Returns 0 or -EPROTO.
 */
static int parse_oack(const struct tftp_xfer *x, const uint8_t *p, size_t n, struct tftp_oack *oa)
{
	size_t pos = 0;

	memset(oa, 0, sizeof(*oa));
	while (pos < n) {
		size_t nlen = field_len(p + pos, n - pos);
		size_t vpos = pos + nlen + 1;
		size_t vlen;
		enum tftp_opt o;
		uint64_t v;

		if (nlen == n - pos || vpos >= n)
			return -EPROTO;
		vlen = field_len(p + vpos, n - vpos);
		if (vlen == n - vpos)
			return -EPROTO;
		o = opt_lookup(p + pos, nlen);
		if (o == TFTP_OPT_COUNT || oa->seen[o] || parse_uint(p + vpos, vlen, &v) ||
		    !opt_acceptable(x, o, v))
			return -EPROTO;
		oa->seen[o] = true;
		oa->val[o] = v;
		pos = vpos + vlen + 1;
	}
	return 0;
}

/* An OACK arrived from @port: accept it, lock the TID and send ACK 0, or refuse it. */
static void input_oack(struct tftp_xfer *x, uint16_t port, const uint8_t *pkt, size_t len)
{
	struct tftp_oack oa;

	if (x->tid_known) {
		/* a repeat: our ACK 0 was lost or is late; the timer resends it, not this */
		trace(x, TFTP_CODE_OPCODE);
		return;
	}
	if (parse_oack(x, pkt + TFTP_OPCODE_BYTES, len - TFTP_OPCODE_BYTES, &oa)) {
		fail_tell(x, port, -EPROTO, TFTP_CODE_XFER, TFTP_ERR_OPTIONS, "Bad option");
		return;
	}
	x->tid = port;
	x->tid_known = true;
	if (oa.seen[TFTP_OPT_BLKSIZE])
		x->blksize = (uint16_t)oa.val[TFTP_OPT_BLKSIZE];
	if (oa.seen[TFTP_OPT_WINDOWSIZE])
		x->windowsize = (uint16_t)oa.val[TFTP_OPT_WINDOWSIZE];
	x->have_tsize = oa.seen[TFTP_OPT_TSIZE];
	x->tsize = oa.val[TFTP_OPT_TSIZE];
	if (x->have_tsize && x->tsize > x->max_size) {
		fail_tell(x, port, -E2BIG, TFTP_CODE_XFER, TFTP_ERR_DISK_FULL, "File too large");
		return;
	}
	send_ack(x, 0);
	progress(x);
}

/* One dot per TFTP_TRACE_DOT_BYTES boundary that storing @n more bytes crosses. */
static void trace_dots(struct tftp_xfer *x, size_t n)
{
	uint64_t before = x->bytes / TFTP_TRACE_DOT_BYTES;
	uint64_t after = (x->bytes + n) / TFTP_TRACE_DOT_BYTES;

	for (; before < after; before++)
		trace(x, TFTP_TRACE_DOT);
}

/* The next block in sequence, @n bytes, is stored: count it, acknowledge as the window says. */
static void block_stored(struct tftp_xfer *x, size_t n)
{
	trace_dots(x, n);
	x->bytes += n;
	x->last_block++;
	x->win_count++;
	x->gap_acked = false;
	if (n < x->blksize) {
		send_ack(x, x->last_block);
		x->state = TFTP_DONE;
		return;
	}
	if (x->win_count >= x->windowsize) {
		send_ack(x, x->last_block);
		x->win_count = 0;
	}
	progress(x);
}

/* The next block in sequence: store it, acknowledge when the window is full or it is the last. */
static void accept_block(struct tftp_xfer *x, const uint8_t *data, size_t n)
{
	int rc;

	if (n > x->blksize) {
		fail_tell(x, x->tid, -EPROTO, TFTP_CODE_XFER, TFTP_ERR_ILLEGAL, "Block too large");
		return;
	}
	if (n > x->max_size - x->bytes) {
		fail_tell(x, x->tid, -E2BIG, TFTP_CODE_XFER, TFTP_ERR_DISK_FULL, "File too large");
		return;
	}
	if (n) {
		rc = x->ops->write(x->ctx, x->bytes, data, n);
		if (rc < 0) {
			fail_tell(x, x->tid, rc, TFTP_CODE_XFER, TFTP_ERR_DISK_FULL,
				  "Storage error");
			return;
		}
	}
	block_stored(x, n);
}

/* A DATA packet from @port (the TID, or the first reply). */
static void input_data(struct tftp_xfer *x, uint16_t port, const uint8_t *pkt, size_t len)
{
	uint16_t block, ahead;

	if (len < TFTP_HDR_BYTES) {
		trace(x, TFTP_CODE_SHORT);
		return;
	}
	block = get_u16(pkt + TFTP_OPCODE_BYTES);
	if (!x->tid_known) {
		if (block != 1) {
			trace(x, TFTP_CODE_SEQUENCE);
			return;
		}
		/* RFC 2347: DATA instead of OACK means the server ignored every option */
		x->tid = port;
		x->tid_known = true;
	}
	ahead = (uint16_t)(block - (uint16_t)(x->last_block + 1));
	if (ahead == 0) {
		accept_block(x, pkt + TFTP_HDR_BYTES, len - TFTP_HDR_BYTES);
		return;
	}
	trace(x, TFTP_CODE_SEQUENCE);
	if (ahead < x->windowsize && ahead < TFTP_AHEAD_MAX && !x->gap_acked) {
		/* RFC 7440: a block of this window was lost; restart the window after it */
		x->gap_acked = true;
		x->win_count = 0;
		send_ack(x, x->last_block);
		arm_timer(x);
	}
}

/* Keeps the printable ASCII of the server's message, '?' for anything else. */
static void copy_msg(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < TFTP_MSG_MAX && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = '\0';
}

/* The server gave up: code 1 is Table 11-2's -10, anything else its 10. Never answered. */
static void input_error(struct tftp_xfer *x, const uint8_t *pkt, size_t len)
{
	if (len < TFTP_HDR_BYTES) {
		trace(x, TFTP_CODE_SHORT);
		return;
	}
	copy_msg(x->msg, pkt + TFTP_HDR_BYTES, len - TFTP_HDR_BYTES);
	if (get_u16(pkt + TFTP_OPCODE_BYTES) == TFTP_ERR_NOT_FOUND)
		fail(x, -ENOENT, TFTP_CODE_NOFILE);
	else
		fail(x, -EIO, TFTP_CODE_XFER);
}

/* RFC 1350: a packet from a port other than the TID is answered with ERROR 5, nothing else. */
static void input_stranger(struct tftp_xfer *x, uint16_t port, const uint8_t *pkt, size_t len)
{
	trace(x, TFTP_CODE_PORTS);
	if (len >= TFTP_OPCODE_BYTES && get_u16(pkt) == TFTP_OP_ERROR)
		return; /* no ERROR in answer to an ERROR: two strangers could loop */
	send_error(x, port, TFTP_ERR_BAD_TID, "Unknown transfer ID");
}

/**
 * tftp_start() - Begins a download: checks @p, sends the RRQ to port 69, arms the timer.
 * @x: the transfer; fully (re)initialised here, owned by the caller
 * @p: file name and wishes (copied; need not outlive the call)
 * @ops: callbacks; send, write and now_ms are required, trace may be NULL; must outlive @x
 * @ctx: handed to every callback
 *
 * The RRQ asks for octet mode, blksize (unless 512), tsize 0, timeout and, when wanted,
 * windowsize. On any failure @x is left FAILED with that error.
 *
 * Return: 0, -EINVAL for bad arguments, or the send callback's error for the RRQ.
 */
int tftp_start(struct tftp_xfer *x, const struct tftp_params *p, const struct tftp_ops *ops,
	       void *ctx)
{
	size_t flen;
	int rc;

	if (!x)
		return -EINVAL;
	memset(x, 0, sizeof(*x));
	x->state = TFTP_FAILED;
	x->err = -EINVAL;
	if (!p || !ops || !ops->send || !ops->write || !ops->now_ms || !p->file)
		return -EINVAL;
	flen = strlen(p->file);
	if (flen == 0 || flen > TFTP_FILE_MAX || p->timeout_s > TFTP_TIMEOUT_MAX_S ||
	    (p->blksize && (p->blksize < TFTP_BLKSIZE_MIN || p->blksize > TFTP_BLKSIZE_MAX)))
		return -EINVAL;
	memcpy(x->file, p->file, flen + 1);
	x->ops = ops;
	x->ctx = ctx;
	x->want_blksize = p->blksize ? p->blksize : TFTP_BLKSIZE_ETH;
	if (x->want_blksize == TFTP_BLKSIZE_DEFAULT)
		x->want_blksize = 0;
	x->want_windowsize = p->windowsize;
	x->timeout_s = (uint8_t)(p->timeout_s ? p->timeout_s : TFTP_TIMEOUT_DEFAULT_S);
	x->retries = p->retries ? p->retries : TFTP_RETRIES_DEFAULT;
	x->max_size = p->max_size ? p->max_size : UINT64_MAX;
	x->blksize = TFTP_BLKSIZE_DEFAULT;
	x->windowsize = 1;
	x->state = TFTP_RUNNING;
	x->err = 0;
	rc = send_rrq(x);
	if (rc < 0) {
		fail(x, rc, TFTP_CODE_NONE);
		return rc;
	}
	progress(x);
	return 0;
}

/**
 * tftp_input() - Handles one UDP payload from the server's address to our port.
 * @x: the transfer
 * @src_port: the UDP source port; the first accepted reply fixes the server's TID
 * @pkt: the payload, read only within @len bytes
 * @len: its length
 *
 * Ignored once the transfer is DONE or FAILED. Problems that do not stop the transfer are
 * reported through tftp_ops.trace only.
 */
void tftp_input(struct tftp_xfer *x, uint16_t src_port, const void *pkt, size_t len)
{
	const uint8_t *b = pkt;

	if (x->state != TFTP_RUNNING)
		return;
	if (x->tid_known && src_port != x->tid) {
		input_stranger(x, src_port, b, len);
		return;
	}
	if (len < TFTP_OPCODE_BYTES) {
		trace(x, TFTP_CODE_SHORT);
		return;
	}
	switch (get_u16(b)) {
	case TFTP_OP_DATA:
		input_data(x, src_port, b, len);
		break;
	case TFTP_OP_OACK:
		input_oack(x, src_port, b, len);
		break;
	case TFTP_OP_ERROR:
		input_error(x, b, len);
		break;
	case TFTP_OP_RRQ:
	case TFTP_OP_WRQ:
	case TFTP_OP_ACK:
		trace(x, TFTP_CODE_OPCODE); /* a TFTP packet, but not one a server sends a reader */
		break;
	default:
		fail_tell(x, src_port, -EPROTO, TFTP_CODE_OPCODE, TFTP_ERR_ILLEGAL,
			  "Illegal TFTP operation");
		break;
	}
}

/**
 * tftp_next_block() - Whether a DATA packet would be taken as the next block in sequence.
 * @x: the transfer
 * @src_port: the packet's UDP source port
 * @block: its block number
 * @n: its data bytes
 * @offset: set to where the data goes when the answer is yes
 *
 * Yes when the transfer is running, the server's TID is known and is @src_port, @block follows
 * the last block taken, and @n fits the block size in force and the storage (max_size). The
 * caller may then place the data at *@offset itself (a frame's payload copied straight into the
 * download area) and report it with tftp_block_stored(); tftp_input() handles every other
 * packet, and this one too when the caller prefers. Nothing changes here.
 *
 * Return: true with *@offset set, or false.
 */
bool tftp_next_block(const struct tftp_xfer *x, uint16_t src_port, uint16_t block, size_t n,
		     uint64_t *offset)
{
	if (x->state != TFTP_RUNNING || !x->tid_known || src_port != x->tid ||
	    block != (uint16_t)(x->last_block + 1) || n > x->blksize || n > x->max_size - x->bytes)
		return false;
	*offset = x->bytes;
	return true;
}

/**
 * tftp_block_stored() - The block tftp_next_block() said yes to has been stored by the caller.
 * @x: the transfer
 * @n: its data bytes, as asked of tftp_next_block()
 *
 * Counts it and acknowledges exactly as tftp_input() would have for that DATA packet (at the
 * window's end, at a block shorter than blksize, which ends the transfer). Does nothing unless
 * the transfer is running.
 */
void tftp_block_stored(struct tftp_xfer *x, size_t n)
{
	if (x->state != TFTP_RUNNING)
		return;
	block_stored(x, n);
}

/**
 * tftp_poll() - Runs the retransmission timer; call it often from the main loop.
 * @x: the transfer
 *
 * When the timer expires, the RRQ (TID not yet known) or an ACK of the last in-order block is
 * sent again, TFTP_TRACE_TIMEOUT is traced and the timeout doubles (up to TFTP_RTO_MAX_MS, or
 * timeout_s when that is longer). After params.retries timeouts without progress the transfer
 * fails with -ETIMEDOUT and Table 11-2 code -1, and the server, if known, gets ERROR 0.
 */
void tftp_poll(struct tftp_xfer *x)
{
	uint32_t cap_ms;

	if (x->state != TFTP_RUNNING || x->ops->now_ms(x->ctx) < x->deadline_ms)
		return;
	if (!x->retries_left) {
		if (x->tid_known)
			send_error(x, x->tid, TFTP_ERR_UNDEF, "Timeout");
		fail(x, -ETIMEDOUT, TFTP_CODE_TIMEOUT);
		return;
	}
	x->retries_left--;
	trace(x, TFTP_TRACE_TIMEOUT);
	cap_ms = base_rto_ms(x) > TFTP_RTO_MAX_MS ? base_rto_ms(x) : TFTP_RTO_MAX_MS;
	x->rto_ms = x->rto_ms > cap_ms / 2 ? cap_ms : x->rto_ms * 2;
	if (!x->tid_known) {
		send_rrq(x);
	} else {
		x->win_count = 0;
		send_ack(x, x->last_block);
	}
	arm_timer(x);
}

/**
 * tftp_abort() - Stops a running transfer at the user's request (Esc).
 * @x: the transfer
 *
 * Sends ERROR 0 "Aborted" when the server's TID is known; the state becomes FAILED with
 * -ECANCELED and code TFTP_CODE_NONE. Does nothing once the transfer has ended.
 */
void tftp_abort(struct tftp_xfer *x)
{
	if (x->state != TFTP_RUNNING)
		return;
	if (x->tid_known)
		send_error(x, x->tid, TFTP_ERR_UNDEF, "Aborted");
	fail(x, -ECANCELED, TFTP_CODE_NONE);
}

/**
 * tftp_state() - Where the transfer stands.
 * @x: the transfer
 *
 * Return: TFTP_RUNNING, TFTP_DONE or TFTP_FAILED.
 */
enum tftp_state tftp_state(const struct tftp_xfer *x)
{
	return x->state;
}

/**
 * tftp_error() - Why the transfer failed.
 * @x: the transfer
 *
 * Return: 0 unless FAILED; then -ENOENT (server: file not found), -EIO (other server ERROR),
 * -EPROTO (bad OACK, unknown opcode, oversized block), -E2BIG (larger than max_size),
 * -ETIMEDOUT, -ECANCELED (tftp_abort), -EINVAL (tftp_start arguments), or the error returned
 * by the write callback or, for the RRQ, by the send callback.
 */
int tftp_error(const struct tftp_xfer *x)
{
	return x->err;
}

/**
 * tftp_code() - The Table 11-2 code of the failure.
 * @x: the transfer
 *
 * Return: an enum tftp_code: -1, 9, 10 or -10 when FAILED for those reasons, else 0.
 */
int tftp_code(const struct tftp_xfer *x)
{
	return x->code;
}

/**
 * tftp_server_msg() - The text of the server's ERROR packet.
 * @x: the transfer
 *
 * Return: at most TFTP_MSG_MAX printable ASCII characters (others shown as '?'); "" when the
 * server sent no ERROR or an empty text.
 */
const char *tftp_server_msg(const struct tftp_xfer *x)
{
	return x->msg;
}

/**
 * tftp_bytes() - How much of the file has been stored.
 * @x: the transfer
 *
 * Return: bytes handed to the write callback and accepted; the file size once DONE.
 */
uint64_t tftp_bytes(const struct tftp_xfer *x)
{
	return x->bytes;
}

/**
 * tftp_blksize() - The block size in force.
 * @x: the transfer
 *
 * Return: the value the OACK acknowledged, else 512 (also before the first reply).
 */
uint16_t tftp_blksize(const struct tftp_xfer *x)
{
	return x->blksize;
}

/**
 * tftp_windowsize() - The window in force, in blocks per ACK.
 * @x: the transfer
 *
 * Return: the value the OACK acknowledged, else 1.
 */
uint16_t tftp_windowsize(const struct tftp_xfer *x)
{
	return x->windowsize;
}

/**
 * tftp_tsize() - The file size the server announced (RFC 2349).
 * @x: the transfer
 * @size: set to the size when known
 *
 * Return: true when the OACK carried tsize.
 */
bool tftp_tsize(const struct tftp_xfer *x, uint64_t *size)
{
	if (x->have_tsize)
		*size = x->tsize;
	return x->have_tsize;
}
