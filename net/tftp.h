/* TFTP client protocol core (RFC 1350, 2347, 2348, 2349, 7440): portable, driven by callbacks. */
#ifndef TFTP_H
#define TFTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_PORT 69 /* server port that receives the RRQ */

#define TFTP_BLKSIZE_DEFAULT 512 /* RFC 1350 block size, bytes (also the fallback) */
#define TFTP_BLKSIZE_MIN 8 /* RFC 2348 range, bytes */
#define TFTP_BLKSIZE_MAX 65464
#define TFTP_BLKSIZE_ETH 1468 /* fits a 1500-byte MTU: 1500 - IPv4 20 - UDP 8 - TFTP 4 */
#define TFTP_WINDOWSIZE_MAX 65535 /* RFC 7440 range is 1..65535 blocks */
#define TFTP_TIMEOUT_MIN_S 1 /* RFC 2349 range, seconds */
#define TFTP_TIMEOUT_MAX_S 255
#define TFTP_TIMEOUT_DEFAULT_S 4 /* when tftp_params.timeout_s is 0 (the monitor's default) */
#define TFTP_RETRIES_DEFAULT 5 /* retransmissions after the first send, when params say 0 */
#define TFTP_RTO_MAX_MS 16000 /* backoff doubles the timeout up to this (or timeout_s if longer) */
#define TFTP_FILE_MAX 127 /* longest file name, characters */
#define TFTP_MSG_MAX 63 /* longest server ERROR message kept, characters */
#define TFTP_TRACE_DOT_BYTES 32768 /* one TFTP_TRACE_DOT per 32 KiB stored, whatever blksize */

/*
 * Codes of Table 11-2 of the PIX reference ("TFTP Download Error Codes") that the core can see;
 * codes 3, 4, 5, 6 and 8 belong to the IP/UDP layers below it. 9, 10, -10 and -1 stop a transfer;
 * 2, 7, 9 and 11 are also reported, without stopping it, for packets the core ignores.
 */
enum tftp_code {
	TFTP_CODE_NONE = 0, /* no failure, or stopped by tftp_abort() */
	TFTP_CODE_TIMEOUT = -1, /* the retry budget ran out */
	TFTP_CODE_SHORT = 2, /* packet too short for its opcode */
	TFTP_CODE_PORTS = 7, /* packet from a port other than the server's TID */
	TFTP_CODE_OPCODE = 9, /* unexpected (ignored) or unknown (fatal) opcode */
	TFTP_CODE_XFER = 10, /* transfer error: server ERROR, bad OACK, storage, size */
	TFTP_CODE_NOFILE = -10, /* server ERROR 1, file not found */
	TFTP_CODE_SEQUENCE = 11, /* DATA block out of sequence (duplicate or ahead) */
};

/* Pseudo-codes handed to tftp_ops.trace besides enum tftp_code; outside Table 11-2's range. */
#define TFTP_TRACE_DOT 0x100 /* progress: another TFTP_TRACE_DOT_BYTES stored ('.') */
#define TFTP_TRACE_TIMEOUT 0x101 /* a timeout, the last packet sent again ('T') */

/* RFC 1350 opcodes (RFC 2347 adds OACK). */
enum tftp_opcode {
	TFTP_OP_RRQ = 1,
	TFTP_OP_WRQ = 2,
	TFTP_OP_DATA = 3,
	TFTP_OP_ACK = 4,
	TFTP_OP_ERROR = 5,
	TFTP_OP_OACK = 6,
};

/* Codes of RFC 1350 ERROR packets (RFC 2347 adds 8). */
enum tftp_err_code {
	TFTP_ERR_UNDEF = 0, /* not defined, see message */
	TFTP_ERR_NOT_FOUND = 1, /* file not found */
	TFTP_ERR_ACCESS = 2, /* access violation */
	TFTP_ERR_DISK_FULL = 3, /* disk full or allocation exceeded */
	TFTP_ERR_ILLEGAL = 4, /* illegal TFTP operation */
	TFTP_ERR_BAD_TID = 5, /* unknown transfer ID */
	TFTP_ERR_EXISTS = 6, /* file already exists */
	TFTP_ERR_NO_USER = 7, /* no such user */
	TFTP_ERR_OPTIONS = 8, /* option negotiation refused (RFC 2347) */
};

/* Where a transfer stands, as the caller sees it. */
enum tftp_state {
	TFTP_RUNNING, /* RRQ sent or data flowing: keep calling tftp_input() and tftp_poll() */
	TFTP_DONE, /* last block stored and acknowledged */
	TFTP_FAILED, /* stopped: see tftp_error() and tftp_code() */
};

/* What to fetch and how; zero fields take the defaults named below. */
struct tftp_params {
	const char *file; /* 1..TFTP_FILE_MAX characters; copied by tftp_start() */
	uint16_t blksize; /* wanted block size, 8..65464; 0 = TFTP_BLKSIZE_ETH; 512 = not asked */
	uint16_t windowsize; /* wanted window, blocks; 0 = not asked (one block per ACK) */
	uint16_t timeout_s; /* 1..255 s, asked of the server and used for our own timer; 0 = 4 */
	uint8_t retries; /* resends without progress before giving up; 0 = 5 */
	uint64_t max_size; /* bytes the storage can take; 0 = no limit */
};

/* How the core reaches the network, the storage, the clock and the trace output. */
struct tftp_ops {
	/* one UDP payload to the server's address, port @dst_port; returns 0 or a negative code */
	int (*send)(void *ctx, uint16_t dst_port, const void *pkt, size_t len);
	/* store @len bytes of the file at @offset (always contiguous); a negative return aborts */
	int (*write)(void *ctx, uint64_t offset, const void *data, size_t len);
	/* monotonic milliseconds */
	uint64_t (*now_ms)(void *ctx);
	/* optional (may be NULL): an enum tftp_code, TFTP_TRACE_DOT or TFTP_TRACE_TIMEOUT */
	void (*trace)(void *ctx, int code);
};

/*
 * One download. Opaque to callers (use the accessors); a plain struct so it can live on the
 * stack or in the caller's state without allocation: 280 bytes on x86-64, 268 on i386.
 */
struct tftp_xfer {
	const struct tftp_ops *ops;
	void *ctx;
	uint64_t bytes; /* stored so far = offset of the next block */
	uint64_t tsize; /* size from the OACK, when have_tsize */
	uint64_t max_size; /* UINT64_MAX when unlimited */
	uint64_t deadline_ms; /* when the last packet is sent again */
	uint32_t rto_ms; /* current retransmission timeout (backs off) */
	int err; /* 0 or a negative errno once failed */
	enum tftp_state state;
	int8_t code; /* enum tftp_code of the failure */
	uint8_t timeout_s;
	uint8_t retries; /* resends allowed without progress */
	uint8_t retries_left; /* restored to retries by progress */
	uint16_t tid; /* server's transfer port, when tid_known */
	uint16_t last_block; /* block number of the last in-order DATA (0 before the first) */
	uint16_t win_count; /* in-order blocks since the last ACK */
	uint16_t blksize; /* in force: negotiated, or 512 */
	uint16_t windowsize; /* in force: negotiated, or 1 */
	uint16_t want_blksize; /* asked in the RRQ; 0 = not asked */
	uint16_t want_windowsize;
	bool tid_known; /* the first reply has been accepted */
	bool have_tsize;
	bool gap_acked; /* the recovery ACK for the current gap has been sent */
	char file[TFTP_FILE_MAX + 1];
	char msg[TFTP_MSG_MAX + 1]; /* server's ERROR text, printable ASCII, "" if none */
};

int tftp_start(struct tftp_xfer *x, const struct tftp_params *p, const struct tftp_ops *ops,
	       void *ctx);
void tftp_input(struct tftp_xfer *x, uint16_t src_port, const void *pkt, size_t len);
bool tftp_next_block(const struct tftp_xfer *x, uint16_t src_port, uint16_t block, size_t n,
		     uint64_t *offset);
void tftp_block_stored(struct tftp_xfer *x, size_t n);
void tftp_poll(struct tftp_xfer *x);
void tftp_abort(struct tftp_xfer *x);

enum tftp_state tftp_state(const struct tftp_xfer *x);
int tftp_error(const struct tftp_xfer *x);
int tftp_code(const struct tftp_xfer *x);
const char *tftp_server_msg(const struct tftp_xfer *x);
uint64_t tftp_bytes(const struct tftp_xfer *x);
uint16_t tftp_blksize(const struct tftp_xfer *x);
uint16_t tftp_windowsize(const struct tftp_xfer *x);
bool tftp_tsize(const struct tftp_xfer *x, uint64_t *size);

#endif /* TFTP_H */
