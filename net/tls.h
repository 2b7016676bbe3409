/* TLS for the HTTP client: one client configuration made from the trust anchors, a connection per
 * GET with the server's name set, and the checks and words for what went wrong. */
#ifndef NET_TLS_H
#define NET_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct altcp_pcb;
struct altcp_tls_config;

#define NET_TLS_ANCHORS_MAX 8
#define NET_TLS_PEM_MAX 24576 /* the anchors as PEM: 16 KiB of DER in base64, with their lines */

/* The trust anchors a configuration is made from: DER certificates. */
struct net_tls_anchors {
	unsigned int count;
	const uint8_t *der[NET_TLS_ANCHORS_MAX];
	size_t len[NET_TLS_ANCHORS_MAX];
	uint32_t id; /* changes whenever the list does (the flash record's sequence number) */
};

/* The client side: its configuration, kept while the anchors stay the same. */
struct net_tls {
	struct altcp_tls_config *conf;
	uint32_t conf_id;
	bool have_conf;
	char pem[NET_TLS_PEM_MAX]; /* the anchors handed to lwIP's TLS layer (wiped after use) */
};

int net_tls_prepare(struct net_tls *t, const struct net_tls_anchors *a);
struct altcp_pcb *net_tls_new(struct net_tls *t, const char *host);
int net_tls_verify(struct altcp_pcb *pcb, const char *host, const char **why);
const char *net_tls_failure(struct altcp_pcb *pcb);
bool net_tls_host_is_ip(const char *host, uint8_t ip[4]);

#endif /* NET_TLS_H */
