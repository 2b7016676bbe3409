/* The running image's raw frames beside the IP stack (failover's link): os_link_ops on the NICs. */
#ifndef PIXOS_PIXLINK_H
#define PIXOS_PIXLINK_H

#include "boot/rom/romnet.h"
#include "os/os.h"

struct pixos_link {
	struct rom_net *rn;
	struct os_link_ops ops;
};

void pixos_link_init(struct pixos_link *pl, struct rom_net *rn);

#endif /* PIXOS_PIXLINK_H */
