/* ROM network wiring: NIC drivers for the PCI functions found, lwIP stack, monitor's mon_net. */
#ifndef ROM_ROMNET_H
#define ROM_ROMNET_H

#include "clock.h"
#include "e1000.h"
#include "i8255x.h"
#include "mon.h"
#include "netstack.h"
#include "pci.h"
#include "ping.h"
#include "tftp_udp.h"

#define ROM_NIC_MAX 4 /* NICs with driver storage (each instance holds its rings) */

/* Storage for one NIC: whichever driver claims it. */
union rom_nicdev {
	struct nic nic;
	struct e1000 e1000;
	struct i8255x i8255x;
};

/* Where bringing the monitor's interface up at power-on stands (rom_net_early_step). */
enum rom_net_early {
	ROM_NET_EARLY_IDLE, /* not started */
	ROM_NET_EARLY_PROBING, /* its probe is under way */
	ROM_NET_EARLY_DONE, /* opened, failed (left to rom_net_probe), or taken over by rom_net_probe */
};

/* Everything the network needs on the ROM. One instance, in .bss. */
struct rom_net {
	const struct clock *clock;
	struct net_clock net_clock;
	struct net_stack stack;
	struct net_ping ping;
	struct net_tftp tftp;
	struct net_tftp_io tftp_io;
	void (*tftp_trace)(void *tctx, int code, unsigned int arg); /* the monitor's */
	void *tftp_trace_ctx;
	uint8_t *load; /* download area */
	uint64_t load_size; /* its size in bytes */
	uint64_t load_len; /* bytes of the last download */
	bool load_valid; /* the area holds a complete download */
	struct mon_net ops;
	enum rom_net_early early;
	unsigned int early_iface; /* the NIC rom_net_early_step works on */
	unsigned int count;
	const struct pci_dev *pci[ROM_NIC_MAX];
	struct nic *nic[ROM_NIC_MAX]; /* NULL: no driver claimed it */
	union rom_nicdev dev[ROM_NIC_MAX];
};

const char *rom_net_family(const struct pci_dev *d);
const char *rom_net_model(const struct pci_dev *d);
void rom_net_add(struct rom_net *rn, const struct pci_dev *d);
void rom_net_add_nic(struct rom_net *rn, const struct pci_dev *d, struct nic *n);
void rom_net_stop(struct rom_net *rn);
void rom_net_open_early(struct rom_net *rn, unsigned int iface);
void rom_net_early_step(struct rom_net *rn, const struct clock *clock, unsigned int iface);
void rom_net_probe(struct rom_net *rn, const struct clock *clock, struct mon_nic *nics,
		   uint8_t *load, uint64_t load_size);

#endif /* ROM_ROMNET_H */
