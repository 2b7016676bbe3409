/* `show version`, `show running-config` and `write terminal`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "os.h"

#define OS_MIB (1024u * 1024u)
#define OS_KIB 1024u

/* Prints a size as PIX does: "8MB", "256KB". */
static void os_print_size(const struct mon_console *con, uint64_t bytes)
{
	if (bytes >= OS_MIB && bytes % OS_MIB == 0)
		mon_printf(con, "%lluMB", (unsigned long long)(bytes / OS_MIB));
	else
		mon_printf(con, "%lluKB", (unsigned long long)(bytes / OS_KIB));
}

static void os_show_hardware(const struct os *os)
{
	const struct os_platform *p = os->plat;
	const struct mon_console *con = os->con;
	unsigned int i;

	mon_printf(con, "Hardware:   PIX-525, %llu MB RAM, CPU %s %u MHz\n",
		   (unsigned long long)(p->ram_bytes / OS_MIB), p->cpu ? p->cpu : "unknown",
		   p->cpu_mhz);
	if (p->flash.f) {
		mon_printf(con, "Flash AT29C040A @ 0x%x, ", p->flash.base);
		os_print_size(con, p->flash.size);
		mon_puts(con, "\n");
	} else {
		mon_puts(con, "Flash none\n");
	}
	mon_printf(con, "BIOS Flash AT29C020 @ 0x%x, ", p->bios_base);
	os_print_size(con, p->bios_size);
	mon_puts(con, "\n\n");
	for (i = 0; i < p->nic_count && i < os->run.if_count; i++) {
		const uint8_t *m = p->nics[i].mac;

		mon_printf(con, "%u: ethernet%u: address is %02x%02x.%02x%02x.%02x%02x, irq %u\n",
			   i, i, m[0], m[1], m[2], m[3], m[4], m[5], p->nics[i].irq);
	}
}

/* "Cisco PIX Device Manager Version 3.0(4)" when the PDM area holds a valid archive; else nothing. */
static void os_show_pdm(const struct os *os)
{
	struct img_info pdm;

	if (os->plat->flash.f && !layout_read_pdm(os->plat->flash.f, &pdm))
		mon_printf(os->con, "Cisco PIX Device Manager Version %u.%u(%u)\n",
			   pdm.version.major, pdm.version.minor, pdm.version.maint);
}

static void os_show_modified(const struct os *os)
{
	char when[48];

	if (!os->modified) {
		mon_puts(os->con, "Configuration has not been modified since last system "
				  "restart.\n");
		return;
	}
	if (os_tm_format(&os->modified_at, when, sizeof(when)) < 0)
		snprintf(when, sizeof(when), "an unknown time (no clock)");
	mon_printf(os->con, "Configuration last modified by enable_15 at %s\n", when);
}

/*
 * On a unit with image signing keys, which one signed the running image (the project's words:
 * the PIX never signed images).
 */
static void os_show_signer(const struct os *os)
{
	char id[SIG_KEYID_SHORT];

	if (!os->id.sig_keys)
		return;
	if (!os->id.sig_verified) {
		mon_puts(os->con, "Image signature: not verified by the ROM\n");
		return;
	}
	sig_key_id_short(os->id.sig_key_id, id);
	mon_printf(os->con, "Image signed by key %u (%s...), security version %u\n",
		   os->id.sig_key_index, id, os->id.sig_sec_version);
}

/**
 * os_cmd_show_version() - "show version": the 6.x form of reference/pix-os-texts.md, from what
 * the unit really is (header, PDM archive in flash, uptime, RAM, CPU, flash, NICs, running key).
 * A unit without a PDM archive has no PDM line (as a PIX without PDM).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_show_version(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const struct mon_console *con = os->con;
	const struct img_version *v = &os->id.version;
	char up[40], key[LIC_KEY_TEXT_MAX];

	(void)argc;
	(void)argv;
	os_uptime_format(os->plat->now_ms(os->plat->ctx) - os->start_ms, up, sizeof(up));
	mon_printf(con, "\nCisco PIX Firewall Version %u.%u(%u)\n", v->major, v->minor, v->maint);
	os_show_pdm(os);
	mon_printf(con, "\nCompiled on %s\n\n%s up %s\n\n", os->id.build, os->run.hostname, up);
	os_show_hardware(os);
	mon_puts(con, "\n");
	if (os->id.key_valid) {
		os_print_features(con, &os->id.features, 20);
		mon_printf(con, "\n%s\n", os_license_kind(&os->id.features));
	} else {
		mon_puts(con, "Licensed Features: none (no valid activation key)\n");
	}
	lic_format_key(&os->id.key, key);
	mon_printf(con, "\nSerial Number: %u (0x%x)\nRunning Activation Key: %s\n", os->id.serial,
		   os->id.serial, key);
	os_show_signer(os);
	os_show_modified(os);
	return 0;
}

/* Prints the running configuration from ": Saved" to ": end". */
static int os_print_running(struct os *os)
{
	int n = os_config_write(os, &os->run, os->text, sizeof(os->text));

	if (n < 0) {
		mon_puts(os->con, "ERROR: the configuration does not fit its buffer\n");
		return n;
	}
	os->con->write(os->con->ctx, os->text, (size_t)n);
	return 0;
}

/**
 * os_cmd_write_terminal() - "write terminal": "Building configuration...", the running
 * configuration, "[OK]".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_write_terminal(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	int err;

	(void)argc;
	(void)argv;
	mon_puts(os->con, "Building configuration...\n");
	err = os_print_running(os);
	if (!err)
		mon_puts(os->con, "[OK]\n");
	return err;
}

/**
 * os_cmd_show_running() - "show running-config": the running configuration.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_show_running(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return os_print_running(ctx);
}

/**
 * os_cmd_show_memory() - "show memory": RAM in all and free (the download area), and the network
 * and TLS heap: its size, what is in use and the most that ever was (a leak shows as a use that
 * grows from one copy to the next).
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0.
 */
int os_cmd_show_memory(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	struct os_memory m = { 0 };

	(void)argc;
	(void)argv;
	if (!os->plat->memory) {
		mon_printf(os->con, "%llu bytes total\n", (unsigned long long)os->plat->ram_bytes);
		return 0;
	}
	os->plat->memory(os->plat->ctx, &m);
	mon_printf(os->con,
		   "%llu bytes total, %llu bytes free\n"
		   "Network and TLS heap: %u bytes, %u in use, %u at most\n",
		   (unsigned long long)m.total, (unsigned long long)m.free, (unsigned int)m.heap,
		   (unsigned int)m.heap_used, (unsigned int)m.heap_max);
	return 0;
}
