/* Intel 82371SB PIIX3 (datasheet 290550: sections 2.2 PCI-to-ISA bridge, 4.1.x reset control). */
#ifndef PIIX3_REGS_H
#define PIIX3_REGS_H

#define PIIX3_VENDOR 0x8086
#define PIIX3_DEVICE_ISA 0x7000 /* function 0: PCI-to-ISA bridge */

#define PIIX3_PIRQRC 0x60 /* PIRQ[A..D] route control, one byte each (0x60..0x63) */
#define PIIX3_PIRQRC_DISABLE 0x80 /* bit 7: routing disabled */

#define PIIX3_ELCR1 0x4d0 /* edge/level control, IRQ 0..7 (1 = level) */
#define PIIX3_ELCR2 0x4d1 /* edge/level control, IRQ 8..15 */

#define PIIX3_RC 0xcf9 /* reset control register */
#define PIIX3_RC_SRST 0x02 /* bit 1: system reset (vs. CPU-only) */
#define PIIX3_RC_RCPU 0x04 /* bit 2: reset CPU on 0->1 */

#endif /* PIIX3_REGS_H */
