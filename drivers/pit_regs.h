/* Intel 8254 PIT and the PC's port B (8254 datasheet; IBM PC/AT technical reference). */
#ifndef PIT_REGS_H
#define PIT_REGS_H

#define PIT_HZ 1193182 /* input clock: 14.31818 MHz / 12 */

#define PIT_CH2 0x42 /* channel 2 counter (gated by port B bit 0) */
#define PIT_MODE 0x43 /* mode/command register */

/* Mode register fields. */
#define PIT_SEL_CH2 0x80 /* select channel 2 */
#define PIT_RW_LOHI 0x30 /* access low byte then high byte */
#define PIT_MODE0 0x00 /* interrupt on terminal count: OUT goes high at 0 */
#define PIT_LATCH 0x00 /* counter latch command (with a channel select) */

#define PORTB 0x61 /* system control port B */
#define PORTB_CH2_GATE 0x01 /* channel 2 gate input */
#define PORTB_SPEAKER 0x02 /* speaker data enable */
#define PORTB_CH2_OUT 0x20 /* channel 2 output (read-only) */

#endif /* PIT_REGS_H */
