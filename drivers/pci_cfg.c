/* PCI configuration mechanism #1: config space reads and writes through ports 0xCF8/0xCFC. */
#include "io.h"
#include "pci.h"
#include "pci_regs.h"

static void pci_select(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	outl(PCI_CFG_ADDR, PCI_CFG_ENABLE | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
				   (uint32_t)fn << 8 | (off & 0xfc));
}

/* pci_cfg_read32 - read a configuration dword (@off is dword aligned). */
uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	pci_select(bus, dev, fn, off);
	return inl(PCI_CFG_DATA);
}

/* pci_cfg_read16 - read a configuration word. */
uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	pci_select(bus, dev, fn, off);
	return inw(PCI_CFG_DATA + (off & 2));
}

/* pci_cfg_read8 - read a configuration byte. */
uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	pci_select(bus, dev, fn, off);
	return inb(PCI_CFG_DATA + (off & 3));
}

/* pci_cfg_write32 - write a configuration dword. */
void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
	pci_select(bus, dev, fn, off);
	outl(PCI_CFG_DATA, v);
}

/* pci_cfg_write16 - write a configuration word. */
void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v)
{
	pci_select(bus, dev, fn, off);
	outw(PCI_CFG_DATA + (off & 2), v);
}

/* pci_cfg_write8 - write a configuration byte. */
void pci_cfg_write8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint8_t v)
{
	pci_select(bus, dev, fn, off);
	outb(PCI_CFG_DATA + (off & 3), v);
}
