/* Autoboot countdown: the power-on wait in which Esc/BREAK enters the monitor and SPACE boots. */
#include <stdio.h>

#include "mon.h"

#define MS_PER_S 1000u
#define KEY_ESC 0x1b
#define KEY_SPACE 0x20

/* Where the countdown stands. */
struct countdown {
	unsigned int left; /* whole seconds still to go */
	uint64_t next_ms; /* when the next one will have passed */
};

/*
 * Counts off the seconds that have passed by @now_ms; additions only, so the i386 build needs no
 * 64-bit division helper. Several seconds at once are counted off if polling was slow.
 */
static void count_off(struct countdown *cd, uint64_t now_ms)
{
	while (cd->left > 0 && now_ms >= cd->next_ms) {
		cd->left--;
		cd->next_ms += MS_PER_S;
	}
}

/**
 * mon_autoboot() - Counts down to a flash boot, watching the console.
 * @p: the platform: console and clock
 * @seconds: length of the countdown; 0 checks the input once
 *
 * Prints the two hint lines and "Flash boot in N seconds.", then rewrites that line in place
 * ("\rFlash boot in N seconds. ") each time a second has passed, timed by p->now_ms alone.
 * Bytes other than Esc and SPACE are ignored.
 *
 * Return: MON_AUTOBOOT_INTERRUPT on Esc or BREAK (after "\rFlash boot interrupted.  \n"),
 * MON_AUTOBOOT_SPACE on SPACE and MON_AUTOBOOT_TIMEOUT when the count runs out (after "\r\n").
 */
enum mon_autoboot mon_autoboot(const struct mon_platform *p, unsigned int seconds)
{
	const struct mon_console *con = p->con;
	struct countdown cd = { .left = seconds };
	unsigned int shown = seconds;
	int c;

	mon_puts(con, "Use BREAK or ESC to interrupt flash boot.\n");
	mon_puts(con, "Use SPACE to begin flash boot immediately.\n");
	mon_printf(con, "Flash boot in %u seconds.", seconds);
	cd.next_ms = p->now_ms(p->ctx) + MS_PER_S;
	for (;;) {
		c = con->getc(con->ctx);
		if (c == KEY_ESC || c == MON_CON_BREAK) {
			mon_puts(con, "\rFlash boot interrupted.  \n");
			return MON_AUTOBOOT_INTERRUPT;
		}
		if (c == KEY_SPACE) {
			mon_puts(con, "\r\n");
			return MON_AUTOBOOT_SPACE;
		}
		count_off(&cd, p->now_ms(p->ctx));
		if (cd.left == 0) {
			mon_puts(con, "\r\n");
			return MON_AUTOBOOT_TIMEOUT;
		}
		if (cd.left != shown) {
			shown = cd.left;
			mon_printf(con, "\rFlash boot in %u seconds. ", cd.left);
		}
	}
}
