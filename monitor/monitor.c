/* The monitor session: settings defaults, banner, prompt, and the input loop. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lineedit.h"

/**
 * mon_init() - Starts a monitor session with default settings.
 * @m: the session
 * @p: the platform it runs on; must outlive @m
 *
 * Addresses start unset (0.0.0.0), the file name empty, the TFTP timeout at
 * MON_TIMEOUT_DEFAULT_S, tracing off, and the interface at 1 when there are two or more NICs
 * (the inside interface of the PIX), else 0.
 */
void mon_init(struct mon *m, const struct mon_platform *p)
{
	memset(m, 0, sizeof(*m));
	m->plat = p;
	m->set.timeout_s = MON_TIMEOUT_DEFAULT_S;
	m->set.interface = mon_nic_count(p) >= 2 ? 1 : 0;
	mon_line_init(&m->line);
}

/**
 * mon_nic_count() - How many NICs the monitor lists and lets the user choose.
 * @p: the platform
 *
 * Return: the platform's NIC count, at most MON_NIC_MAX.
 */
unsigned int mon_nic_count(const struct mon_platform *p)
{
	if (p->nics == NULL)
		return 0;
	return p->nic_count < MON_NIC_MAX ? p->nic_count : MON_NIC_MAX;
}

/**
 * mon_list_nics() - Prints one line per NIC: "0: i8255X @ PCI(bus:0 dev:13 irq:11)".
 * @p: the platform
 */
void mon_list_nics(const struct mon_platform *p)
{
	unsigned int count = mon_nic_count(p);
	const struct mon_nic *nic;
	unsigned int i;

	for (i = 0; i < count; i++) {
		nic = &p->nics[i];
		mon_printf(p->con, "%u: %s @ PCI(bus:%u dev:%u irq:%u)\n", i, nic->name,
			   (unsigned int)nic->bus, (unsigned int)nic->dev, (unsigned int)nic->irq);
	}
}

/**
 * mon_print_using() - Prints the interface the network commands use, as the PIX does:
 * "Using 1: i82558 @ PCI(bus:0 dev:14 irq:10), MAC: 0090.2722.f0b1". Nothing when
 * the interface has no driver.
 * @p: the platform
 * @iface: the interface number
 */
void mon_print_using(const struct mon_platform *p, unsigned int iface)
{
	const struct mon_nic *nic;

	if (iface >= mon_nic_count(p) || !p->nics[iface].model[0])
		return;
	nic = &p->nics[iface];
	mon_printf(p->con,
		   "Using %u: %s @ PCI(bus:%u dev:%u irq:%u), MAC: %02x%02x.%02x%02x.%02x%02x\n",
		   iface, nic->model, (unsigned int)nic->bus, (unsigned int)nic->dev,
		   (unsigned int)nic->irq, nic->mac[0], nic->mac[1], nic->mac[2], nic->mac[3],
		   nic->mac[4], nic->mac[5]);
}

/**
 * mon_prompt() - Prints the prompt: the platform's, or "monitor> ".
 * @m: the session
 */
void mon_prompt(const struct mon *m)
{
	const char *prompt = m->plat->prompt ? m->plat->prompt : MON_PROMPT_DEFAULT;

	mon_puts(m->plat->con, prompt);
}

/**
 * mon_banner() - Greets the user on entering the monitor: NIC list, blank line, the
 * interface in use (when it has a driver), hint, prompt.
 * @m: the session
 */
void mon_banner(struct mon *m)
{
	mon_list_nics(m->plat);
	mon_puts(m->plat->con, "\n");
	mon_print_using(m->plat, m->set.interface);
	mon_puts(m->plat->con, "Use ? for help.\n");
	mon_prompt(m);
}

/* Runs the line the editor completed; the copy is split in place by the dispatcher. */
static void run_line(struct mon *m)
{
	char line[MON_LINE_MAX + 1];
	const struct cli_cmd *table;
	unsigned int count;

	memcpy(line, m->line.buf, m->line.len + 1);
	mon_line_clear(&m->line);
	mon_cmd_table_of(m, &table, &count);
	mon_cmd_exec(m, table, count, line);
}

/**
 * mon_feed() - Hands one input value to the monitor.
 * @m: the session
 * @c: a byte 0..255, MON_CON_BREAK, or MON_CON_NONE (ignored)
 *
 * When the value ends a line, runs it (or reports why not) and prints the next prompt, unless
 * the line was a reload that returned (then m->quit is set and no prompt follows).
 */
void mon_feed(struct mon *m, int c)
{
	switch (mon_line_feed(&m->line, c, m->plat->con)) {
	case MON_LINE_BUSY:
		return;
	case MON_LINE_READY:
		run_line(m);
		break;
	case MON_LINE_OVERLONG:
		mon_printf(m->plat->con, "Line too long (max %d characters); ignored.\n",
			   MON_LINE_MAX);
		break;
	case MON_LINE_CANCELLED:
	case MON_LINE_HELP: /* the monitor does not set help_key: '?' is its help command */
		break;
	}
	if (!m->quit)
		mon_prompt(m);
}

/**
 * mon_run() - Reads the console and runs commands until m->quit is set.
 * @m: the session, after mon_init() and mon_banner()
 *
 * On the firmware this never returns: reload resets the machine. Only a host fake whose reload
 * returns ends the loop.
 */
void mon_run(struct mon *m)
{
	const struct mon_console *con = m->plat->con;
	int c;

	while (!m->quit) {
		c = con->getc(con->ctx);
		if (c != MON_CON_NONE)
			mon_feed(m, c);
		else if (m->net_up)
			m->plat->net->poll(m->plat->net->ctx); /* answer ARP while idle */
	}
}
