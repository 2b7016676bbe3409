/* PIIX3 south bridge: PCI interrupt (PIRQ) routing and system reset. */
#ifndef PIIX3_H
#define PIIX3_H

#include "pci.h"

#define PIIX3_PIRQ_COUNT 4

/* IRQ lines given to PIRQA..D; A=11 and B=10 match the PIX-525's slots 13 and 14. */
#define PIIX3_PIRQA_IRQ 11
#define PIIX3_PIRQB_IRQ 10
#define PIIX3_PIRQC_IRQ 9
#define PIIX3_PIRQD_IRQ 5

int piix3_route_irqs(struct pci_bus *pb);
void piix3_reset(void) __attribute__((noreturn));

#endif /* PIIX3_H */
