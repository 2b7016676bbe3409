/* The "Licensed Features:" block of the image banner and `show version`, and the licence kind. */
#include <stdio.h>

#include "os.h"

static const char *os_onoff(bool on)
{
	return on ? "Enabled" : "Disabled";
}

/* Prints "<label><pad><value>" with the value starting at @column. */
static void os_feature(const struct mon_console *con, unsigned int column, const char *label,
		       const char *value)
{
	char pad[40];
	unsigned int len = 0, n = 0;

	while (label[len])
		len++;
	while (len + n < column && n < sizeof(pad) - 1)
		pad[n++] = ' ';
	pad[n] = '\0';
	mon_printf(con, "%s%s%s\n", label, pad, value);
}

static void os_limit(char *buf, size_t size, unsigned int v, const char *unit)
{
	if (v)
		snprintf(buf, size, "%u%s", v, unit);
	else
		snprintf(buf, size, "Unlimited");
}

/**
 * os_print_features() - Prints the "Licensed Features:" block of a key, values in one column.
 * @con: the console
 * @f: the features
 * @column: where the values start: 20 for `show version` (the 6.x form), 29 for the 6.3
 *          image banner
 */
void os_print_features(const struct mon_console *con, const struct lic_features *f,
		       unsigned int column)
{
	char ifaces[8], mbps[16], peers[16];

	snprintf(ifaces, sizeof(ifaces), "%u", (unsigned int)f->max_interfaces);
	os_limit(mbps, sizeof(mbps), f->throughput_mbps, " Mbps");
	os_limit(peers, sizeof(peers), f->isakmp_peers, "");
	mon_puts(con, "Licensed Features:\n");
	os_feature(con, column, "Failover:", os_onoff(f->failover));
	os_feature(con, column, "VPN-DES:", os_onoff(f->vpn_des));
	os_feature(con, column, "VPN-3DES:", os_onoff(f->vpn_3des));
	os_feature(con, column, "Maximum Interfaces:", ifaces);
	os_feature(con, column, "Cut-through Proxy:", os_onoff(f->cut_through));
	os_feature(con, column, "Guards:", os_onoff(f->guards));
	os_feature(con, column, "Websense:", os_onoff(f->websense));
	os_feature(con, column, "Throughput:", mbps);
	os_feature(con, column, "ISAKMP peers:", peers);
}

/**
 * os_license_kind() - The licence summary line that follows the features.
 * @f: the running key's features
 *
 * PIX 6.3 prints "This PIX has a Failover Only (FO) license." on units with that licence; the
 * key format (DESIGN.md) has no failover-only bit, so a key with Failover is Unrestricted and
 * one without is Restricted (the project's wording for those two, after PIX's licence names).
 *
 * Return: the line, without its newline.
 */
const char *os_license_kind(const struct lic_features *f)
{
	return f->failover ? "This PIX has an Unrestricted (UR) license." :
			     "This PIX has a Restricted (R) license.";
}
