/* The running image's HTTP(S) downloads: os_http_ops on net/http_tcp.c, lwIP's altcp and the
 * ROM network wiring's stack and download area. */
#ifndef PIXOS_PIXHTTP_H
#define PIXOS_PIXHTTP_H

#include "boot/rom/romnet.h"
#include "flash/layout.h"
#include "net/http_tcp.h"
#include "net/tls.h"
#include "os/os.h"

struct pixos_http {
	struct rom_net *rn;
	struct at29 *flash; /* where the trust anchors are; NULL: no usable flash */
	struct net_http get;
	struct net_http_io io; /* plain TCP */
	struct net_http_io io_tls; /* TLS: the server checked before the request goes */
	struct net_tls tls;
	char host[OS_NAME_MAX + 1]; /* the server as the URL gave it, for the TLS checks */
	struct layout_trust trust; /* the anchors as read from flash */
	struct os_http_ops ops;
};

void pixos_http_init(struct pixos_http *ph, struct rom_net *rn, struct at29 *flash);

#endif /* PIXOS_PIXHTTP_H */
