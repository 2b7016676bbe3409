/*
 * UEFI network wiring: the NICs the firmware offers through its Simple Network Protocol
 * (efisnp.c), listed as the ROM lists its own (family, slot, interrupt line, chip name), and the
 * ROM's network wiring over them (romnet.c: lwIP, ping, tftp, trace) with a download area taken
 * from the firmware's memory.
 */
#include "efinet.h"

#include "efifw.h"

#define EFINET_MIB (1024ull * 1024)
#define EFINET_LOAD_MAX_ADDR 0xffffffffull /* the download area below 4 GiB */

/**
 * efinet_find_nics() - Lists the NICs the firmware offers through SNP, in slot order, each one
 * the PIX lists claimed from the firmware (its own network stack lets go) and named as the ROM's
 * driver would name it; opens the interface the monitor will pick, so QEMU's e1000 hold of
 * received frames (a second after receive is enabled) runs during the countdown, as in the ROM.
 * @en: storage for the NICs
 * @b: the board (its NIC list and network wiring)
 */
void efinet_find_nics(struct efinet *en, struct board *b)
{
	unsigned int i, n = efisnp_scan(en->snp, ROM_NIC_MAX);

	b->nic_count = 0;
	for (i = 0; i < n; i++) {
		struct efisnp *s = &en->snp[i];

		if (!rom_net_family(&s->pci))
			continue;
		s->nic.model = rom_net_model(&s->pci);
		board_add_nic(b, &s->pci, efisnp_claim(s, &b->clock) ? NULL : &s->nic);
	}
	rom_net_open_early(&b->net, b->nic_count >= 2 ? 1 : 0); /* as mon_init() picks */
}

/*
 * The download area: the largest of a few sizes the firmware can give below 4 GiB, leaving it the
 * rest (with the launcher's 256 MiB, 128 MiB). Its size is stored in *@size (0: none).
 */
static uint8_t *efinet_load_area(uint64_t *size)
{
	static const uint16_t mib[] = { 128, 96, 64, 48, 40, 32, 16, 8 };
	unsigned int i;
	uint8_t *area;

	for (i = 0; i < sizeof(mib) / sizeof(mib[0]); i++) {
		area = efifw_alloc(mib[i] * EFINET_MIB, EFINET_LOAD_MAX_ADDR);
		if (area) {
			*size = mib[i] * EFINET_MIB;
			return area;
		}
	}
	*size = 0;
	return NULL;
}

/**
 * efinet_start() - The network under the monitor: the listed NICs' stack, downloads to the
 * firmware's memory.
 * @b: the board, its NICs listed (efinet_find_nics)
 *
 * Return: the monitor's network operations.
 */
const struct mon_net *efinet_start(struct board *b)
{
	uint64_t size;
	uint8_t *load = efinet_load_area(&size);

	rom_net_probe(&b->net, &b->clock, b->nics, load, size);
	return &b->net.ops;
}
