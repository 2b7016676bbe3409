/* PCI bus 0: configuration access, enumeration and BAR assignment. */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 32 /* functions remembered on bus 0 */
#define PCI_MEM_BASE 0xe0000000u /* where memory BARs are placed (DESIGN.md) */
#define PCI_MEM_LIMIT 0xfec00000u /* below the I/O APIC */
#define PCI_IO_BASE 0xc000u /* where I/O BARs are placed */
#define PCI_IO_LIMIT 0x10000u
#define PCI_CLASS_NETWORK_ETHERNET 0x0200 /* class 02h, subclass 00h */

/* One BAR as assigned: address 0 means absent or not assigned. */
struct pci_bar {
	uint64_t addr;
	uint64_t size;
	bool io;
	bool is64;
};

/* One function found on bus 0. */
struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class_rev; /* class code << 8 | revision */
	uint8_t irq_pin; /* 1..4 = INTA..INTD, 0 = none */
	uint8_t irq; /* IRQ line assigned, 0xff = none */
	bool unplaced; /* a BAR did not fit: decoding stays off */
	struct pci_bar bar[6];
};

/* What enumeration found. */
struct pci_bus {
	struct pci_dev devs[PCI_MAX_DEVICES];
	unsigned int count;
};

uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v);
void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v);
void pci_cfg_write8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint8_t v);

int pci_enumerate(struct pci_bus *pb);
int pci_assign_bars(struct pci_bus *pb);
struct pci_dev *pci_find(struct pci_bus *pb, uint16_t vendor, uint16_t device);

#endif /* PCI_H */
