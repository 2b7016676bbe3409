/* The messages of LAN-based failover between two units: Ethernet frames built and read whole. */
#ifndef NET_FO_FRAME_H
#define NET_FO_FRAME_H

/*
 * Wire format (the project's own; PIX LAN failover used IP protocol 105 too). All multi-byte
 * fields are big-endian.
 *
 *   Ethernet II (14 bytes)
 *     0  destination MAC (6)          given by the sender's caller
 *     6  source MAC (6)
 *    12  EtherType 0x0800
 *   IPv4 header (20 bytes, no options)
 *     0  0x45 (version 4, IHL 5)     1  TOS 0               2  total length (2)
 *     4  ID 0 (2)                    6  0x4000 (DF, no fragment offset)
 *     8  TTL 1                       9  protocol 105 (FO_IP_PROTO)
 *    10  header checksum (2)        12  source address (4)  16  destination address (4)
 *   Payload (FO_HDR_LEN = 30 bytes, then the body, then the MAC)
 *     0  magic "PXFO" (4)            4  protocol version 1 (FO_VERSION)
 *     5  type (FO_HELLO, FO_CONFIG, FO_CONFIG_ACK, FO_SWITCH)
 *     6  flags (bit 0 FO_F_KEYED: the sender has a failover lan key; the others 0)
 *     7  reserved, 0
 *     8  sender nonce (8): random per boot of the sender, never 0
 *    16  echo (8): the last nonce the sender heard from its mate, 0 if none
 *    24  seq (4): strictly increasing per boot of the sender, from 1
 *    28  body length (2)
 *    30  body (body length bytes, by type below)
 *     .  HMAC-SHA-256 (FO_MAC_LEN = 32) with the failover lan key (an empty key when the sender
 *        has none) over: source address (4), destination address (4), payload bytes 0 to the
 *        end of the body
 *   Bodies
 *     FO_HELLO (FO_HELLO_LEN = 16): 0 unit (FO_UNIT_PRIMARY, FO_UNIT_SECONDARY), 1 state
 *        (enum fo_state), 2 poll seconds, 3 flags (bit 0 FO_HELLO_F_IF_UP: my interfaces are
 *        up; the others 0), 4 software version major, 5 minor, 6 maintenance, 7 reserved 0,
 *        8 active time in seconds (4), 12 configuration generation (4: write memory count on
 *        the active)
 *     FO_CONFIG (FO_CONFIG_HLEN = 12 + data): 0 generation (4), 4 offset (4), 8 total length
 *        of the configuration text (4), 12 data: 0 to FO_CHUNK_MAX bytes; total at most
 *        FO_CONFIG_MAX, offset + data length at most total
 *     FO_CONFIG_ACK (FO_ACK_LEN = 8): 0 generation (4), 4 offset received up to (4)
 *     FO_SWITCH (FO_SWITCH_LEN = 1): 0 the state the receiver is asked to take (FO_ST_ACTIVE or
 *        FO_ST_STANDBY)
 *
 * A frame is read as this format exactly: a field or reserved bit other than the builder would
 * write makes it malformed (a new format gets a new version). Values that are numbers to judge
 * (poll seconds, versions, times, generations, nonce and seq beyond 0) are the caller's.
 * Bytes after the IP packet (Ethernet padding) are allowed and ignored.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FO_IP_PROTO 105 /* IP protocol of failover messages */
#define FO_MAGIC "PXFO" /* first 4 payload bytes */
#define FO_VERSION 1 /* protocol version this codec speaks */
#define FO_F_KEYED 0x01 /* header flag: the sender has a failover lan key */
#define FO_HELLO_F_IF_UP 0x01 /* hello flag: the sender's interfaces are up */
#define FO_CHUNK_MAX 1024 /* bytes of configuration text in one FO_CONFIG */
#define FO_CONFIG_MAX 65536 /* bytes of configuration text in all */

#define FO_ETH_HLEN 14
#define FO_IP_HLEN 20
#define FO_HDR_LEN 30 /* payload header: magic to body length */
#define FO_MAC_LEN 32 /* HMAC-SHA-256 */
#define FO_HELLO_LEN 16
#define FO_CONFIG_HLEN 12 /* before the data */
#define FO_ACK_LEN 8
#define FO_SWITCH_LEN 1
/* The largest frame: a FO_CONFIG with a full chunk (1132 bytes). */
#define FO_FRAME_MAX \
	(FO_ETH_HLEN + FO_IP_HLEN + FO_HDR_LEN + FO_CONFIG_HLEN + FO_CHUNK_MAX + FO_MAC_LEN)

/* Message types (struct fo_msg.type). */
enum fo_type {
	FO_HELLO = 1, /* the sender's unit, state and version, at every poll */
	FO_CONFIG = 2, /* a chunk of the active's configuration text */
	FO_CONFIG_ACK = 3, /* the chunks of a configuration received so far */
	FO_SWITCH = 4, /* a request that the receiver become active or standby */
};

/* Units (struct fo_hello.unit): failover lan unit primary|secondary. */
enum fo_unit {
	FO_UNIT_PRIMARY = 0,
	FO_UNIT_SECONDARY = 1,
};

/* Failover states (struct fo_hello.state, struct fo_msg.u.switch_to). */
enum fo_state {
	FO_ST_DISABLED = 0,
	FO_ST_NEGOTIATING = 1,
	FO_ST_STANDBY = 2,
	FO_ST_ACTIVE = 3,
	FO_ST_FAILED = 4,
};

/* FO_HELLO body. */
struct fo_hello {
	uint8_t unit, state, poll_s, flags;
	uint8_t ver_major, ver_minor, ver_maint;
	uint32_t active_s;
	uint32_t generation;
};

/* FO_CONFIG body; @data points into the frame on parse (valid while the frame is). */
struct fo_config_chunk {
	uint32_t generation, offset, total;
	uint16_t len;
	const uint8_t *data;
};

/* FO_CONFIG_ACK body. */
struct fo_ack {
	uint32_t generation, offset;
};

/* One message: header fields and the body of its type. */
struct fo_msg {
	uint8_t type; /* enum fo_type */
	uint8_t flags; /* FO_F_KEYED; the builder sets it from its key */
	uint64_t nonce, echo;
	uint32_t seq;
	union {
		struct fo_hello hello;
		struct fo_config_chunk chunk;
		struct fo_ack ack;
		uint8_t switch_to;
	} u;
};

/* One end of the failover link; @ip in host order. */
struct fo_addr {
	uint8_t mac[6];
	uint32_t ip;
};

#define FO_RETIRED_MAX 8 /* earlier nonces of the mate remembered */

/* What this unit knows of its mate's boot, for fo_replay_check(); zero it to start. */
struct fo_replay {
	bool known; /* a message of the mate was accepted */
	uint64_t nonce; /* the mate's nonce then */
	uint32_t seq; /* the highest seq accepted under that nonce */
	uint64_t retired[FO_RETIRED_MAX]; /* the mate's earlier nonces, 0 unused */
	unsigned int next_retired; /* the slot the next one goes to */
};

/* Whether an authenticated message may be acted on (fo_replay_check()). */
enum fo_fresh {
	FO_FRESH, /* new: act on it */
	FO_REPLAY, /* an old seq of the mate's current boot: drop it */
	FO_UNPROVEN, /* a nonce not shown to be of now: answer with a hello, do not act on it */
};

int fo_frame_build(uint8_t *frame, size_t size, const struct fo_addr *src,
		   const struct fo_addr *dst, const struct fo_msg *m, const uint8_t *key,
		   size_t key_len);
int fo_frame_parse(const uint8_t *frame, size_t len, const uint8_t *key, size_t key_len,
		   struct fo_addr *src, struct fo_addr *dst, struct fo_msg *m);
enum fo_fresh fo_replay_check(struct fo_replay *r, uint64_t our_nonce, const struct fo_msg *m);

#endif /* NET_FO_FRAME_H */
