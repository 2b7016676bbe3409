/* Board wiring shared by the ROM and the images that run on the same PC: console, PCI, NICs. */
#ifndef BOOT_COMMON_BOARD_H
#define BOOT_COMMON_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "mon.h"
#include "pci.h"
#include "uart16550.h"
#include "boot/rom/romflash.h"
#include "boot/rom/romnet.h"

#define BOARD_BAUD 9600 /* the PIX console's speed */

/* What every target of the PIX-525 board wires together. */
struct board {
	struct clock clock;
	struct uart16550 uart;
	struct mon_console con;
	struct pci_bus pci;
	struct mon_nic nics[MON_NIC_MAX];
	unsigned int nic_count;
	struct rom_net net;
	struct rom_flash flash;
};

void board_console_init(struct board *b, uint16_t port);
uint64_t board_now_ms(void *ctx);
void board_pci_init(struct board *b);
bool board_add_nic(struct board *b, const struct pci_dev *d, struct nic *n);
struct pci_dev *board_ivshmem(struct board *b);
bool board_flash_datasheet_timing(void);
void board_flash_attach(struct board *b);
void board_quiesce(void *ctx);
void board_print_flash(struct board *b);
void board_set_net_panic(struct board *b);
void board_printf(struct board *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* BOOT_COMMON_BOARD_H */
