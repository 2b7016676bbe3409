/*
 * The messages of LAN-based failover (wire format in fo_frame.h): a whole Ethernet frame built
 * from a struct fo_msg, a received frame read back into one, and the freshness rule that keeps a
 * recorded message from being acted on twice. Pure: no globals, no hardware; the only outside
 * calls are mbedTLS's HMAC-SHA-256 (which allocates its context through mbedtls_calloc) and its
 * constant-time compare.
 *
 * A frame is read in a fixed order, so that each way it can fail has its own code: not failover
 * at all (-ENOMSG), a malformed IP packet or magic (-EBADMSG), another protocol version
 * (-EPROTONOSUPPORT; checked before the rest of the header, whose layout is the version's), a
 * malformed header or body (-EBADMSG), a mate keyed differently from us (-EPERM), a MAC made with
 * another key or over other bytes (-EACCES). Nothing is read past the frame's length, and no
 * length field is trusted before it is checked against it.
 */
#include "fo_frame.h"

#include <errno.h>
#include <string.h>

#include "be.h"
#include "mbedtls/constant_time.h"
#include "mbedtls/md.h"
#include "mbedtls/platform_util.h"

#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_OFF 12
/* IPv4 header: offsets and the values this format uses */
#define IP_VER_IHL 0x45 /* version 4, 5 words: no options */
#define IP_VERSION(b) ((b) >> 4)
#define IP_TOS 1
#define IP_LEN 2
#define IP_ID 4
#define IP_FRAG 6 /* flags and fragment offset */
#define IP_FLAG_DF 0x4000
#define IP_TTL 8
#define IP_TTL_FO 1 /* never past a router */
#define IP_PROTO 9
#define IP_CSUM 10
#define IP_SRC 12 /* source then destination: the 8 bytes the MAC covers first */
#define IP_DST 16
/* payload header offsets */
#define FO_OFF_VERSION 4
#define FO_OFF_TYPE 5
#define FO_OFF_FLAGS 6
#define FO_OFF_RSVD 7
#define FO_OFF_NONCE 8
#define FO_OFF_ECHO 16
#define FO_OFF_SEQ 24
#define FO_OFF_BODY_LEN 28
#define FO_VER_END 5 /* payload bytes up to the version: enough to tell another version */

_Static_assert(FO_OFF_BODY_LEN + 2 == FO_HDR_LEN, "payload header layout");
_Static_assert(FO_FRAME_MAX == 1132 && FO_FRAME_MAX <= 1514, "a full chunk fits one frame");

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)net_get32(p) << 32 | net_get32(p + 4);
}

/* The one's complement sum (RFC 1071) of the 20-byte IP header @ip, folded to 16 bits. */
static uint16_t ip_sum(const uint8_t *ip)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < FO_IP_HLEN; i += 2)
		sum += net_get16(ip + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* True when a configuration chunk lies within its configuration and each within its limit. */
static bool fo_chunk_ok(const struct fo_config_chunk *c)
{
	return c->len <= FO_CHUNK_MAX && c->total <= FO_CONFIG_MAX && c->offset <= c->total &&
	       c->len <= c->total - c->offset;
}

/*
 * The body length of @m, or -1 when @m is not a message this format can carry: an unknown type,
 * a value out of its enumeration, a reserved bit set, a chunk out of range, nonce or seq 0.
 * The header flag FO_F_KEYED is left to the caller (the builder sets it from its key).
 */
static int fo_body_len(const struct fo_msg *m)
{
	const struct fo_hello *h = &m->u.hello;

	if ((m->flags & ~FO_F_KEYED) || !m->nonce || !m->seq)
		return -1;
	switch (m->type) {
	case FO_HELLO:
		if (h->unit > FO_UNIT_SECONDARY || h->state > FO_ST_FAILED ||
		    (h->flags & ~FO_HELLO_F_IF_UP))
			return -1;
		return FO_HELLO_LEN;
	case FO_CONFIG:
		return fo_chunk_ok(&m->u.chunk) ? FO_CONFIG_HLEN + m->u.chunk.len : -1;
	case FO_CONFIG_ACK:
		return FO_ACK_LEN;
	case FO_SWITCH:
		if (m->u.switch_to != FO_ST_ACTIVE && m->u.switch_to != FO_ST_STANDBY)
			return -1;
		return FO_SWITCH_LEN;
	default:
		return -1;
	}
}

/* Writes the body of @m (valid, fo_body_len()) at @b. */
static void fo_body_put(uint8_t *b, const struct fo_msg *m)
{
	const struct fo_hello *h = &m->u.hello;

	switch (m->type) {
	case FO_HELLO:
		b[0] = h->unit;
		b[1] = h->state;
		b[2] = h->poll_s;
		b[3] = h->flags;
		b[4] = h->ver_major;
		b[5] = h->ver_minor;
		b[6] = h->ver_maint;
		b[7] = 0;
		net_put32(b + 8, h->active_s);
		net_put32(b + 12, h->generation);
		break;
	case FO_CONFIG:
		net_put32(b, m->u.chunk.generation);
		net_put32(b + 4, m->u.chunk.offset);
		net_put32(b + 8, m->u.chunk.total);
		if (m->u.chunk.len)
			memmove(b + FO_CONFIG_HLEN, m->u.chunk.data, m->u.chunk.len);
		break;
	case FO_CONFIG_ACK:
		net_put32(b, m->u.ack.generation);
		net_put32(b + 4, m->u.ack.offset);
		break;
	case FO_SWITCH:
		b[0] = m->u.switch_to;
		break;
	}
}

/*
 * Reads the body of type @m->type at @b (@n bytes) into @m. Return: 0, or -EBADMSG when @n is
 * not the type's length, a reserved byte is set or the type is unknown.
 */
static int fo_body_get(const uint8_t *b, size_t n, struct fo_msg *m)
{
	struct fo_hello *h = &m->u.hello;

	switch (m->type) {
	case FO_HELLO:
		if (n != FO_HELLO_LEN || b[7])
			return -EBADMSG;
		h->unit = b[0];
		h->state = b[1];
		h->poll_s = b[2];
		h->flags = b[3];
		h->ver_major = b[4];
		h->ver_minor = b[5];
		h->ver_maint = b[6];
		h->active_s = net_get32(b + 8);
		h->generation = net_get32(b + 12);
		return 0;
	case FO_CONFIG:
		if (n < FO_CONFIG_HLEN || n > FO_CONFIG_HLEN + FO_CHUNK_MAX)
			return -EBADMSG;
		m->u.chunk = (struct fo_config_chunk){ net_get32(b), net_get32(b + 4),
						       net_get32(b + 8),
						       (uint16_t)(n - FO_CONFIG_HLEN),
						       b + FO_CONFIG_HLEN };
		return 0;
	case FO_CONFIG_ACK:
		if (n != FO_ACK_LEN)
			return -EBADMSG;
		m->u.ack = (struct fo_ack){ net_get32(b), net_get32(b + 4) };
		return 0;
	case FO_SWITCH:
		if (n != FO_SWITCH_LEN)
			return -EBADMSG;
		m->u.switch_to = b[0];
		return 0;
	default:
		return -EBADMSG;
	}
}

/*
 * The HMAC-SHA-256 under @key (@key_len bytes, may be 0) of the IP addresses at @addrs (8 bytes)
 * and the payload @p (@n bytes), into @mac. The context, which holds the padded key, is wiped
 * by mbedtls_md_free(). Return: 0, -ENOMEM when mbedTLS cannot allocate its context, -EIO else.
 */
static int fo_hmac(const uint8_t *key, size_t key_len, const uint8_t *addrs, const uint8_t *p,
		   size_t n, uint8_t mac[FO_MAC_LEN])
{
	mbedtls_md_context_t ctx;
	int ret;

	mbedtls_md_init(&ctx);
	ret = mbedtls_md_setup(&ctx, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
	if (!ret)
		ret = mbedtls_md_hmac_starts(&ctx, key, key_len);
	if (!ret)
		ret = mbedtls_md_hmac_update(&ctx, addrs, 8);
	if (!ret)
		ret = mbedtls_md_hmac_update(&ctx, p, n);
	if (!ret)
		ret = mbedtls_md_hmac_finish(&ctx, mac);
	mbedtls_md_free(&ctx);
	if (ret == MBEDTLS_ERR_MD_ALLOC_FAILED)
		return -ENOMEM;
	return ret ? -EIO : 0;
}

/* Writes the Ethernet and IP headers of a frame from @src to @dst whose IP packet is @total. */
static void fo_ip_put(uint8_t *frame, const struct fo_addr *src, const struct fo_addr *dst,
		      size_t total)
{
	uint8_t *ip = frame + FO_ETH_HLEN;

	memcpy(frame, dst->mac, 6);
	memcpy(frame + 6, src->mac, 6);
	net_put16(frame + ETH_TYPE_OFF, ETH_TYPE_IPV4);
	memset(ip, 0, FO_IP_HLEN);
	ip[0] = IP_VER_IHL;
	net_put16(ip + IP_LEN, (uint16_t)total);
	net_put16(ip + IP_FRAG, IP_FLAG_DF);
	ip[IP_TTL] = IP_TTL_FO;
	ip[IP_PROTO] = FO_IP_PROTO;
	net_put32(ip + IP_SRC, src->ip);
	net_put32(ip + IP_DST, dst->ip);
	net_put16(ip + IP_CSUM, (uint16_t)~ip_sum(ip));
}

/**
 * fo_frame_build() - build the whole Ethernet frame of a failover message.
 * @frame: receives the frame, from the destination MAC on (no FCS)
 * @size: room at @frame; FO_FRAME_MAX is always enough
 * @src: this unit's MAC and failover address (host order)
 * @dst: the mate's MAC and failover address (host order)
 * @m: the message; its FO_F_KEYED flag is ignored and written as @key_len > 0
 * @key: the failover lan key (may be NULL when @key_len is 0)
 * @key_len: its length in bytes; 0 when this unit has no key
 *
 * Return: the frame's length, -EINVAL when @m is not a message the format carries (unknown type,
 * a value out of range, a reserved bit, a chunk out of range, nonce or seq 0) or an argument is
 * missing, -ENOSPC when @size is too small, -ENOMEM when mbedTLS cannot allocate its HMAC context.
 */
int fo_frame_build(uint8_t *frame, size_t size, const struct fo_addr *src,
		   const struct fo_addr *dst, const struct fo_msg *m, const uint8_t *key,
		   size_t key_len)
{
	uint8_t *ip, *p;
	int blen, err;
	size_t n;

	if (!frame || !src || !dst || !m || (!key && key_len) ||
	    (m->type == FO_CONFIG && m->u.chunk.len && !m->u.chunk.data))
		return -EINVAL;
	blen = fo_body_len(m);
	if (blen < 0)
		return -EINVAL;
	n = FO_HDR_LEN + (size_t)blen; /* what the MAC covers after the addresses */
	if (size < FO_ETH_HLEN + FO_IP_HLEN + n + FO_MAC_LEN)
		return -ENOSPC;
	ip = frame + FO_ETH_HLEN;
	p = ip + FO_IP_HLEN;
	fo_body_put(p + FO_HDR_LEN, m); /* first: a chunk's data may lie in @frame */
	fo_ip_put(frame, src, dst, FO_IP_HLEN + n + FO_MAC_LEN);
	memcpy(p, FO_MAGIC, 4);
	p[FO_OFF_VERSION] = FO_VERSION;
	p[FO_OFF_TYPE] = m->type;
	p[FO_OFF_FLAGS] = key_len ? FO_F_KEYED : 0; /* fo_body_len(): no other bit */
	p[FO_OFF_RSVD] = 0;
	net_put64(p + FO_OFF_NONCE, m->nonce);
	net_put64(p + FO_OFF_ECHO, m->echo);
	net_put32(p + FO_OFF_SEQ, m->seq);
	net_put16(p + FO_OFF_BODY_LEN, (uint16_t)blen);
	err = fo_hmac(key, key_len, ip + IP_SRC, p, n, p + n);
	return err ? err : (int)(FO_ETH_HLEN + FO_IP_HLEN + n + FO_MAC_LEN);
}

/*
 * Checks the Ethernet and IP headers of @frame (@len bytes). Return: 0 and the IP packet's
 * length in @total; -ENOMSG when it is not an IPv4 packet of protocol FO_IP_PROTO (or too short
 * to hold an IP header); -EBADMSG when the IP header is not the one fo_ip_put() writes (options,
 * a fragment, a bad checksum, a length past the frame or too short to hold a version).
 */
static int fo_ip_check(const uint8_t *frame, size_t len, size_t *total)
{
	const uint8_t *ip;

	if (len < FO_ETH_HLEN + FO_IP_HLEN)
		return -ENOMSG;
	ip = frame + FO_ETH_HLEN;
	if (net_get16(frame + ETH_TYPE_OFF) != ETH_TYPE_IPV4 || IP_VERSION(ip[0]) != 4 ||
	    ip[IP_PROTO] != FO_IP_PROTO)
		return -ENOMSG;
	*total = net_get16(ip + IP_LEN);
	if (ip[0] != IP_VER_IHL || ip_sum(ip) != 0xffff || *total > len - FO_ETH_HLEN ||
	    *total < FO_IP_HLEN + FO_VER_END || net_get16(ip + IP_FRAG) != IP_FLAG_DF ||
	    ip[IP_TOS] || net_get16(ip + IP_ID) || ip[IP_TTL] != IP_TTL_FO)
		return -EBADMSG;
	return 0;
}

/*
 * Reads the payload @p (@n bytes: the IP packet after its header) into @m. Return: 0 and the
 * body length in @blen; -EBADMSG for another magic or a malformed header or body (lengths that
 * disagree, a reserved bit, a value out of its range: what fo_body_len() refuses);
 * -EPROTONOSUPPORT for another version.
 */
static int fo_payload_get(const uint8_t *p, size_t n, struct fo_msg *m, size_t *blen)
{
	int err;

	if (memcmp(p, FO_MAGIC, 4))
		return -EBADMSG;
	if (p[FO_OFF_VERSION] != FO_VERSION)
		return -EPROTONOSUPPORT;
	if (n < FO_HDR_LEN + FO_MAC_LEN || p[FO_OFF_RSVD])
		return -EBADMSG;
	*blen = net_get16(p + FO_OFF_BODY_LEN);
	if (*blen != n - FO_HDR_LEN - FO_MAC_LEN)
		return -EBADMSG;
	memset(m, 0, sizeof(*m));
	m->type = p[FO_OFF_TYPE];
	m->flags = p[FO_OFF_FLAGS];
	m->nonce = get64(p + FO_OFF_NONCE);
	m->echo = get64(p + FO_OFF_ECHO);
	m->seq = net_get32(p + FO_OFF_SEQ);
	err = fo_body_get(p + FO_HDR_LEN, *blen, m);
	if (err)
		return err;
	return fo_body_len(m) < 0 ? -EBADMSG : 0;
}

/**
 * fo_frame_parse() - read a received frame as a failover message.
 * @frame: the frame, from the destination MAC on (no FCS; padding after the IP packet is allowed)
 * @len: its length in bytes
 * @key: this unit's failover lan key (may be NULL when @key_len is 0)
 * @key_len: its length in bytes; 0 when this unit has no key
 * @src: receives the sender's MAC and IP address (host order)
 * @dst: receives the destination MAC and IP address (host order)
 * @m: receives the message; a chunk's data points into @frame
 *
 * The caller still checks that the addresses are the mate's and its own, and the freshness of
 * the message (fo_replay_check()). @src, @dst and @m are written only on success.
 *
 * Return: 0; -ENOMSG when @frame is not a failover frame at all (not IPv4 or not protocol
 * FO_IP_PROTO: the caller passes it on); -EBADMSG when it is malformed (IP header, checksum,
 * length, fragment, options, magic, body length for its type, a value out of range, truncated);
 * -EPROTONOSUPPORT for another protocol version; -EPERM when the sender's FO_F_KEYED flag differs
 * from ours (@key_len > 0); -EACCES when the MAC does not match (another key, or altered bytes or
 * addresses); -ENOMEM when mbedTLS cannot allocate its HMAC context; -EINVAL for a missing
 * argument. The checks run in this order.
 */
int fo_frame_parse(const uint8_t *frame, size_t len, const uint8_t *key, size_t key_len,
		   struct fo_addr *src, struct fo_addr *dst, struct fo_msg *m)
{
	const uint8_t *ip, *p;
	uint8_t mac[FO_MAC_LEN];
	struct fo_msg msg;
	size_t total, blen, n;
	int err;

	if (!frame || (!key && key_len) || !src || !dst || !m)
		return -EINVAL;
	err = fo_ip_check(frame, len, &total);
	if (err)
		return err;
	ip = frame + FO_ETH_HLEN;
	p = ip + FO_IP_HLEN;
	err = fo_payload_get(p, total - FO_IP_HLEN, &msg, &blen);
	if (err)
		return err;
	if (!(msg.flags & FO_F_KEYED) != !key_len)
		return -EPERM;
	n = FO_HDR_LEN + blen;
	err = fo_hmac(key, key_len, ip + IP_SRC, p, n, mac);
	if (!err && mbedtls_ct_memcmp(mac, p + n, FO_MAC_LEN))
		err = -EACCES;
	mbedtls_platform_zeroize(mac, sizeof(mac));
	if (err)
		return err;
	memcpy(src->mac, frame + 6, 6);
	src->ip = net_get32(ip + IP_SRC);
	memcpy(dst->mac, frame, 6);
	dst->ip = net_get32(ip + IP_DST);
	*m = msg;
	return 0;
}

/**
 * fo_replay_check() - whether an authenticated message of the mate is fresh.
 * @r: what this unit knows of the mate's boot; updated when the message is fresh
 * @our_nonce: this unit's nonce of this boot (never 0)
 * @m: the message, as fo_frame_parse() returned it
 *
 * A message under the mate's known nonce is fresh when its seq is above the last one accepted.
 * A message under another nonce (first contact, or the mate rebooted) is fresh only when it
 * echoes @our_nonce: the mate heard this boot of ours, so it is no recording of an earlier one.
 *
 * The mate's earlier nonces of this boot of ours (the last FO_RETIRED_MAX) are never taken again:
 * their messages echo our nonce too, and a recording of them would otherwise pass.
 *
 * Return: FO_FRESH (the mate's nonce and seq recorded), FO_REPLAY (same nonce, seq not above the
 * last, or a retired nonce: drop it), FO_UNPROVEN (a new nonce that does not echo ours: answer it with a hello that
 * echoes it, do not act on it; @r is unchanged).
 */
enum fo_fresh fo_replay_check(struct fo_replay *r, uint64_t our_nonce, const struct fo_msg *m)
{
	unsigned int i;

	if (r->known && m->nonce == r->nonce) {
		if (m->seq <= r->seq)
			return FO_REPLAY;
		r->seq = m->seq;
		return FO_FRESH;
	}
	for (i = 0; i < FO_RETIRED_MAX; i++)
		if (r->retired[i] && r->retired[i] == m->nonce)
			return FO_REPLAY; /* an earlier boot of the mate, heard while we stayed up */
	if (!our_nonce || m->echo != our_nonce)
		return FO_UNPROVEN;
	if (r->known) {
		r->retired[r->next_retired] = r->nonce;
		r->next_retired = (r->next_retired + 1) % FO_RETIRED_MAX;
	}
	r->known = true;
	r->nonce = m->nonce;
	r->seq = m->seq;
	return FO_FRESH;
}
