/* The running image's HTTP(S) downloads: os_http_ops on net/http_tcp.c, lwIP's altcp and the
 * ROM network wiring's stack and download area. */
#ifndef PIXOS_PIXHTTP_H
#define PIXOS_PIXHTTP_H

#include "boot/rom/romnet.h"
#include "net/http_tcp.h"
#include "os/os.h"

struct pixos_http {
	struct rom_net *rn;
	struct net_http get;
	struct net_http_io io;
	struct os_http_ops ops;
};

void pixos_http_init(struct pixos_http *ph, struct rom_net *rn);

#endif /* PIXOS_PIXHTTP_H */
