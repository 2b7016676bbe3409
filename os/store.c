/* The configuration in flash: loaded at start, `write memory`, `write erase`, `configure memory`. */
/*
 * The flash keeps one configuration (flash/layout.h: record erased -> text -> record, so a power
 * cut loses at most the write in course, never leaves a torn text that loads). Its record carries
 * the version of the image that wrote it, which the ROM compares with the image it boots
 * (Configuration Compatibility Warning).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "flash/layout.h"
#include "os.h"

#define OS_CHECKSUM_WORDS 4

/* Prints the 16-byte checksum as four words of eight hex digits. */
static void os_print_checksum_words(const struct mon_console *con, const uint8_t sum[16])
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		mon_printf(con, "%s%02x", i && i % 4 == 0 ? " " : "", sum[i]);
}

/*
 * Reads the stored configuration into os->text. Returns its length, 0 when none is stored, or a
 * negative error (said, unless @quiet).
 */
static int os_read_stored(struct os *os, bool quiet)
{
	struct layout_config_info info;
	int err;

	if (!os->plat->flash.f)
		return 0;
	err = layout_read_config(os->plat->flash.f, os->text, sizeof(os->text) - 1, &info);
	if (err == -LAYOUT_ENOCONFIG)
		return 0;
	if (err) {
		if (!quiet)
			mon_printf(os->con, "ERROR: cannot read the configuration in flash: %s\n",
				   layout_strerror(err));
		return err;
	}
	os->text[info.text_len] = '\0';
	return (int)info.text_len;
}

/*
 * Applies the stored configuration; prints "Cryptochecksum(unchanged|changed)" when the running
 * configuration then has (or not) the checksum the text states. Returns lines that failed.
 */
static int os_apply_stored(struct os *os, int len)
{
	uint8_t stated[16], now[16];
	int failed, n;

	failed = os_config_apply(os, os->text, (size_t)len, "config");
	if (os_config_checksum_line(os->text, (size_t)len, stated))
		return failed;
	n = os_config_write(os, &os->run, os->text, sizeof(os->text));
	if (n < 0 || os_config_checksum_line(os->text, (size_t)n, now))
		return failed;
	mon_printf(os->con,
		   "Cryptochecksum(%s): ", memcmp(stated, now, 16) ? "changed" : "unchanged");
	os_print_checksum_words(os->con, now);
	mon_puts(os->con, "\n");
	return failed;
}

/*
 * A unit with nothing stored starts from what the monitor was set to before the boot: the
 * monitor's interface gets its address (the class's mask), its gateway becomes the default
 * route, and its server and file the tftp-server, so the unit installed from the monitor can
 * reach the same server at once.
 */
static void os_config_from_monitor(struct os *os)
{
	const struct os_identity *id = &os->id;
	struct os_config *c = &os->run;
	unsigned int i = id->mon_interface;

	if (!id->mon_address || i >= c->if_count || !mon_ipv4_is_unicast(id->mon_address))
		return;
	c->ifs[i].addr = id->mon_address;
	c->ifs[i].mask = mon_ipv4_classful_mask(id->mon_address);
	if (id->mon_gateway && mon_ipv4_is_unicast(id->mon_gateway))
		c->routes[0] = (struct os_route){ true, (uint8_t)i, 0, 0, id->mon_gateway, 1 };
	if (id->mon_server && mon_ipv4_is_unicast(id->mon_server) && id->mon_file[0] &&
	    strlen(id->mon_file) <= OS_TFTP_PATH_MAX) {
		c->tftp_set = true;
		c->tftp_iface = (uint8_t)i;
		c->tftp_server = id->mon_server;
		snprintf(c->tftp_path, sizeof(c->tftp_path), "%s", id->mon_file);
	}
}

/**
 * os_config_load() - At start: applies the configuration stored in flash, if any, to the
 * defaults (bad lines are reported and skipped); with none stored, takes the monitor's settings.
 * @os: the session
 */
void os_config_load(struct os *os)
{
	int len = os_read_stored(os, false);

	if (len > 0)
		os_apply_stored(os, len);
	else if (len == 0)
		os_config_from_monitor(os);
}

/**
 * os_cmd_write_memory() - "write memory": stores the running configuration in flash, as PIX
 * prints it: "Building configuration...", "Cryptochecksum: w0 w1 w2 w3", "[OK]".
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_write_memory(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	const struct img_version *v = &os->id.version;
	uint8_t sum[16];
	int n, err;

	(void)argc;
	(void)argv;
	mon_puts(os->con, "Building configuration...\n");
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: no flash to write the configuration to\n");
		return -ENODEV;
	}
	n = os_config_write(os, &os->run, os->text, sizeof(os->text));
	if (n < 0 || n > OS_CONFIG_TEXT_MAX) {
		mon_printf(os->con,
			   "ERROR: the configuration is larger than the %d bytes of its "
			   "flash area\n",
			   OS_CONFIG_TEXT_MAX);
		return -E2BIG;
	}
	os_config_checksum_line(os->text, (size_t)n, sum);
	mon_puts(os->con, "Cryptochecksum: ");
	os_print_checksum_words(os->con, sum);
	mon_puts(os->con, "\n");
	err = layout_write_config(os->plat->flash.f, v, os->text, (size_t)n);
	if (err) {
		mon_printf(os->con, "ERROR: writing the configuration to flash failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	mon_puts(os->con, "[OK]\n");
	os_fo_saved(os);
	return 0;
}

/**
 * os_cmd_write_erase() - "write erase": after "[confirm]", the stored configuration is emptied
 * (the next start runs with the defaults); the running one is not touched.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, -ECANCELED, or a negative errno (said).
 */
int os_cmd_write_erase(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	int err;

	(void)argc;
	(void)argv;
	if (!os->plat->flash.f) {
		mon_puts(os->con, "ERROR: no flash\n");
		return -ENODEV;
	}
	if (!os_confirm(os, "Erase PIX configuration in flash memory? [confirm] "))
		return -ECANCELED;
	err = layout_write_config(os->plat->flash.f, &os->id.version, "", 0);
	if (err) {
		mon_printf(os->con, "ERROR: erasing the configuration failed: %s\n",
			   layout_strerror(err));
		return err;
	}
	mon_puts(os->con, "[OK]\n");
	return 0;
}

/* The stored configuration into os->text for a command: its length, 0 when none (said), or an error. */
static int os_stored(struct os *os)
{
	int len = os_read_stored(os, false);

	if (len == 0)
		mon_puts(os->con, "No configuration is stored in flash.\n");
	return len;
}

/**
 * os_cmd_show_configure() - "show configure": the configuration stored in flash, as stored.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0, or a negative errno (said).
 */
int os_cmd_show_configure(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	int len = os_stored(os);

	(void)argc;
	(void)argv;
	if (len > 0)
		os->con->write(os->con->ctx, os->text, (size_t)len);
	return len < 0 ? len : 0;
}

/**
 * os_cmd_conf_memory() - "configure memory": merges the stored configuration into the running
 * one, reporting each line it cannot apply.
 * @ctx: the session
 * @argc: words
 * @argv: the words
 *
 * Return: 0 when every line applied, else -EINVAL (the lines said).
 */
int os_cmd_conf_memory(void *ctx, int argc, char **argv)
{
	struct os *os = ctx;
	int len = os_stored(os);

	(void)argc;
	(void)argv;
	if (len <= 0)
		return len;
	return os_apply_stored(os, len) ? -EINVAL : 0;
}
