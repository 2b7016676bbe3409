/* The running image's DNS lookups: os_dns_ops on lwIP's resolver and the ROM wiring's stack. */
#ifndef PIXOS_PIXDNS_H
#define PIXOS_PIXDNS_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/rom/romnet.h"
#include "os/os.h"

struct pixos_dns {
	struct rom_net *rn;
	bool busy; /* a lookup was started and its result not yet read */
	bool done; /* it ended: err, addr */
	int err;
	uint32_t addr; /* host order */
	int rcode; /* of the server's last response about the name, -1 none */
	uint32_t server; /* host order */
	char name[OS_NAME_MAX + 1];
	struct os_dns_ops ops;
};

void pixos_dns_init(struct pixos_dns *pd, struct rom_net *rn);

#endif /* PIXOS_PIXDNS_H */
