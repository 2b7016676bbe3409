/*
 * PIIX3 south bridge: route PIRQA..D to ISA IRQs, give every PCI function the
 * IRQ its pin reaches, and reset the system through the reset control register.
 * QEMU's pc board wires slot S, pin P (1 = INTA) to PIRQ (S - 1 + P - 1) & 3.
 */
#include "piix3.h"

#include <errno.h>

#include "io.h"
#include "pci_regs.h"
#include "piix3_regs.h"

/*
 * piix3_route_irqs - program the PIRQ route control registers, mark those IRQs
 * level-triggered, and write each function's interrupt line register.
 * Returns 0, or -ENODEV when there is no PIIX3 on bus 0 (nothing is routed).
 */
int piix3_route_irqs(struct pci_bus *pb)
{
	static const uint8_t irqs[PIIX3_PIRQ_COUNT] = { PIIX3_PIRQA_IRQ, PIIX3_PIRQB_IRQ,
							PIIX3_PIRQC_IRQ, PIIX3_PIRQD_IRQ };
	struct pci_dev *isa = pci_find(pb, PIIX3_VENDOR, PIIX3_DEVICE_ISA);
	uint16_t elcr = 0;
	unsigned int i;

	if (!isa)
		return -ENODEV;
	for (i = 0; i < PIIX3_PIRQ_COUNT; i++) {
		pci_cfg_write8(isa->bus, isa->dev, isa->fn, PIIX3_PIRQRC + i, irqs[i]);
		elcr |= 1u << irqs[i];
	}
	outb(PIIX3_ELCR1, elcr & 0xff);
	outb(PIIX3_ELCR2, elcr >> 8);
	for (i = 0; i < pb->count; i++) {
		struct pci_dev *d = &pb->devs[i];

		if (!d->irq_pin || d->irq_pin > PIIX3_PIRQ_COUNT)
			continue;
		d->irq = irqs[(d->dev - 1 + d->irq_pin - 1) & 3];
		pci_cfg_write8(d->bus, d->dev, d->fn, PCI_INTERRUPT_LINE, d->irq);
	}
	return 0;
}

/* piix3_reset - hard-reset the machine through port 0xCF9; halts if that fails. */
void piix3_reset(void)
{
	outb(PIIX3_RC, PIIX3_RC_SRST);
	outb(PIIX3_RC, PIIX3_RC_SRST | PIIX3_RC_RCPU);
	for (;;)
		__asm__ volatile("cli; hlt");
}
