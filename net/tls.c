/*
 * TLS for the HTTP client, on lwIP 2.1.3's altcp_tls_mbedtls and mbedTLS 2.28.
 *
 * lwIP's TLS layer takes one buffer of CA certificates and hard-codes "optional" verification:
 * the handshake completes whatever the server's certificate is, and the verdict is left in the
 * session. So this file makes the configuration from every trust anchor (the DER certificates
 * written out as one PEM bundle, which mbedTLS parses whole), sets the server's name on each
 * connection before its handshake (SNI, and mbedTLS's check of the DNS names in the
 * certificate), and net_tls_verify(), called when the handshake is done and before a byte of the
 * request is sent, refuses any connection whose chain did not verify: an untrusted chain, a
 * certificate expired or not yet valid by the real-time clock, a certificate for another name.
 * mbedTLS 2.28 checks no IP address in subjectAltName, so for a server given by address the
 * name is not set and the address is checked here against the certificate's iPAddress entries.
 */
#include "tls.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lwip/altcp.h"
#include "lwip/altcp_tls.h"
#include "lwip/ip_addr.h"
#include "mbedtls/base64.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

#define NET_TLS_PEM_BEGIN "-----BEGIN CERTIFICATE-----\n"
#define NET_TLS_PEM_END "\n-----END CERTIFICATE-----\n"
#define NET_TLS_SAN_IP 0x87 /* [7] iPAddress, context-specific primitive (RFC 5280 4.2.1.6) */
#define NET_TLS_ALERT_FATAL 2

/*
 * The cipher suites offered, cheapest first as counted per byte on this image's 32-bit build
 * (bench/README.md, "Where the HTTPS time goes"): ChaCha20-Poly1305, then AES-GCM (mbedTLS's table
 * AES and 4-bit GHASH cost three times as much with no AES-NI). Only ECDHE key exchanges and AEAD
 * ciphers, as the configuration builds (lib/mbedtls_config.h); a server that honours its own order
 * still chooses among these.
 */
static const int net_tls_suites[] = {
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	0,
};

/*
 * The curves for ECDHE, cheapest first (mbedTLS's default puts the largest first, and a server
 * that follows the client's order then takes P-384 at a third more of the handshake's work). The
 * list also bounds the curves of the server's ECDSA certificate: none weaker than P-256.
 */
static const mbedtls_ecp_group_id net_tls_curves[] = {
	MBEDTLS_ECP_DP_CURVE25519,
	MBEDTLS_ECP_DP_SECP256R1,
	MBEDTLS_ECP_DP_SECP384R1,
	MBEDTLS_ECP_DP_NONE,
};

/* The anchors as one PEM text, NUL included in *len (what mbedtls_x509_crt_parse wants). */
static int net_tls_pem(char *out, size_t size, const struct net_tls_anchors *a, size_t *len)
{
	size_t used = 0, b64;
	unsigned int i;

	for (i = 0; i < a->count; i++) {
		if (size - used < sizeof(NET_TLS_PEM_BEGIN) + sizeof(NET_TLS_PEM_END))
			return -E2BIG;
		memcpy(out + used, NET_TLS_PEM_BEGIN, sizeof(NET_TLS_PEM_BEGIN) - 1);
		used += sizeof(NET_TLS_PEM_BEGIN) - 1;
		if (mbedtls_base64_encode((unsigned char *)out + used,
					  size - used - sizeof(NET_TLS_PEM_END), &b64, a->der[i],
					  a->len[i]))
			return -E2BIG;
		used += b64;
		memcpy(out + used, NET_TLS_PEM_END, sizeof(NET_TLS_PEM_END) - 1);
		used += sizeof(NET_TLS_PEM_END) - 1;
	}
	out[used] = '\0';
	*len = used + 1;
	return 0;
}

/**
 * net_tls_prepare() - Makes the client configuration from @a, unless the one there was made from
 * the same list.
 * @t: the client side
 * @a: the trust anchors
 *
 * Return: 0; -ENOKEY with no anchor; -E2BIG when they do not fit; -EIO when lwIP's TLS layer
 * could not make the configuration (no memory, an anchor mbedTLS cannot parse, or no entropy for
 * its random generator).
 */
int net_tls_prepare(struct net_tls *t, const struct net_tls_anchors *a)
{
	size_t len;
	int err;

	if (!a->count)
		return -ENOKEY;
	if (t->have_conf && t->conf_id == a->id)
		return 0;
	if (t->have_conf) {
		altcp_tls_free_config(t->conf);
		t->have_conf = false;
	}
	err = net_tls_pem(t->pem, sizeof(t->pem), a, &len);
	if (!err) {
		t->conf = altcp_tls_create_config_client((const u8_t *)t->pem, len);
		err = t->conf ? 0 : -EIO;
	}
	mbedtls_platform_zeroize(t->pem, sizeof(t->pem));
	if (err)
		return err;
	t->have_conf = true;
	t->conf_id = a->id;
	return 0;
}

/**
 * net_tls_host_is_ip() - Whether a host is a dotted IPv4 address (then no name is sent).
 * @host: the host as given
 * @ip: receives the address's bytes, in order
 *
 * Return: true for an address.
 */
bool net_tls_host_is_ip(const char *host, uint8_t ip[4])
{
	ip4_addr_t a;

	if (!ip4addr_aton(host, &a))
		return false;
	memcpy(ip, &a.addr, 4);
	return true;
}

/*
 * Sets the suites and curves of lwIP's client configuration, which lwIP keeps to itself: a session
 * points at it as const, but it is lwIP's own writable mbedtls_ssl_config, and the ClientHello
 * (written when the TCP connection is up) reads the lists from it. Setting them again for every
 * connection changes nothing after the first.
 */
static void net_tls_order(mbedtls_ssl_config *conf)
{
	mbedtls_ssl_conf_ciphersuites(conf, net_tls_suites);
	mbedtls_ssl_conf_curves(conf, net_tls_curves);
}

/**
 * net_tls_new() - A TLS connection (over a new TCP one) to @host with the configuration of
 * net_tls_prepare().
 * @t: the client side (prepared)
 * @host: the server's name, sent and checked; an address is neither (net_tls_verify() checks it)
 *
 * Return: the PCB, or NULL (no memory, or a name mbedTLS refuses).
 */
struct altcp_pcb *net_tls_new(struct net_tls *t, const char *host)
{
	struct altcp_pcb *pcb;
	mbedtls_ssl_context *ssl;
	uint8_t ip[4];

	if (!t->have_conf)
		return NULL;
	pcb = altcp_tls_new(t->conf, IPADDR_TYPE_V4);
	if (!pcb)
		return NULL;
	ssl = altcp_tls_context(pcb);
	if (!ssl || (!net_tls_host_is_ip(host, ip) && mbedtls_ssl_set_hostname(ssl, host))) {
		altcp_abort(pcb);
		return NULL;
	}
	net_tls_order((mbedtls_ssl_config *)ssl->conf);
	return pcb;
}

/* True when the certificate names @ip among its subjectAltName iPAddress entries. */
static bool net_tls_cert_has_ip(const mbedtls_x509_crt *crt, const uint8_t ip[4])
{
	const mbedtls_x509_sequence *san;

	for (san = &crt->subject_alt_names; san && san->buf.p; san = san->next)
		if (san->buf.tag == NET_TLS_SAN_IP && san->buf.len == 4 &&
		    !memcmp(san->buf.p, ip, 4))
			return true;
	return false;
}

/* The words for a verification verdict, the most basic fault first. */
static const char *net_tls_verdict(uint32_t flags)
{
	if (flags & MBEDTLS_X509_BADCERT_MISSING)
		return "the server sent no certificate";
	if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
		return "the server's certificate is not signed by a trusted CA";
	if (flags & MBEDTLS_X509_BADCERT_EXPIRED)
		return "the server's certificate (or its CA's) has expired";
	if (flags & MBEDTLS_X509_BADCERT_FUTURE)
		return "the server's certificate (or its CA's) is not valid yet";
	if (flags & MBEDTLS_X509_BADCERT_CN_MISMATCH)
		return "the server's certificate is for another name";
	if (flags & (MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_PK |
		     MBEDTLS_X509_BADCERT_BAD_KEY))
		return "the server's certificate uses a weak signature or key";
	return "the server's certificate was refused";
}

/**
 * net_tls_verify() - The verdict on a connection whose handshake is done: the chain verified
 * against the anchors, the validity dates, the name (or the address) of @host.
 * @pcb: the TLS connection
 * @host: the server as given
 * @why: receives the reason of a refusal
 *
 * Return: 0, or -EACCES.
 */
int net_tls_verify(struct altcp_pcb *pcb, const char *host, const char **why)
{
	mbedtls_ssl_context *ssl = altcp_tls_context(pcb);
	const mbedtls_x509_crt *peer;
	uint32_t flags;
	uint8_t ip[4];

	if (!ssl) {
		*why = "the TLS session is gone";
		return -EACCES;
	}
	flags = mbedtls_ssl_get_verify_result(ssl);
	peer = mbedtls_ssl_get_peer_cert(ssl);
	if (!peer)
		flags |= MBEDTLS_X509_BADCERT_MISSING;
	else if (net_tls_host_is_ip(host, ip) && !net_tls_cert_has_ip(peer, ip))
		flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
	if (!flags)
		return 0;
	*why = net_tls_verdict(flags);
	return -EACCES;
}

/* The words for a TLS alert (RFC 5246 7.2), sent by either side. */
static const char *net_tls_alert(uint8_t desc, bool ours)
{
	switch (desc) {
	case MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION:
		return "no TLS version in common with the server (this unit speaks TLS 1.2)";
	case MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE:
	case MBEDTLS_SSL_ALERT_MSG_INSUFFICIENT_SECURITY:
		return "no cipher suite in common with the server";
	case MBEDTLS_SSL_ALERT_MSG_UNRECOGNIZED_NAME:
		return "the server does not know the name asked for";
	case MBEDTLS_SSL_ALERT_MSG_DECODE_ERROR:
	case MBEDTLS_SSL_ALERT_MSG_ILLEGAL_PARAMETER:
	case MBEDTLS_SSL_ALERT_MSG_UNEXPECTED_MESSAGE:
		return ours ? "the server broke the TLS handshake" :
			      "the server refused this unit's TLS handshake";
	default:
		return ours ? "TLS handshake failed" : "the server ended the TLS handshake";
	}
}

/**
 * net_tls_failure() - Why a handshake failed, as far as the session shows: a plain HTTP answer,
 * the fatal alert the server sent, or the one this unit sent.
 * @pcb: the TLS connection, before lwIP frees it (its error callback)
 *
 * Return: the reason in words.
 */
const char *net_tls_failure(struct altcp_pcb *pcb)
{
	mbedtls_ssl_context *ssl = pcb ? altcp_tls_context(pcb) : NULL;

	if (!ssl)
		return "TLS handshake failed";
	if (ssl->in_hdr && !memcmp(ssl->in_hdr, "HTTP", 4)) /* a record header that is not one */
		return "the server answers plain HTTP there, not TLS";
	if (ssl->in_msgtype == MBEDTLS_SSL_MSG_ALERT && ssl->in_msg &&
	    ssl->in_msg[0] == NET_TLS_ALERT_FATAL)
		return net_tls_alert(ssl->in_msg[1], false);
	if (ssl->out_msgtype == MBEDTLS_SSL_MSG_ALERT && ssl->out_msg &&
	    ssl->out_msg[0] == NET_TLS_ALERT_FATAL)
		return net_tls_alert(ssl->out_msg[1], true);
	return "TLS handshake failed";
}
