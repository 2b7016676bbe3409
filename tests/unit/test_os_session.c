/* Unit tests of os/session.c, show.c and store.c: boot, modes, enable, reload, show, the flash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_os_platform.h"
#include "flash/layout.h"

#define HINT "Type help or '?' for a list of available commands.\n"

/* The 6.3 image banner for the key with every feature (values in column 29). */
#define BANNER_ALL                                     \
	"\nCisco PIX Firewall Version 6.3(5)\n"        \
	"Licensed Features:\n"                         \
	"Failover:                    Enabled\n"       \
	"VPN-DES:                     Enabled\n"       \
	"VPN-3DES:                    Enabled\n"       \
	"Maximum Interfaces:          6\n"             \
	"Cut-through Proxy:           Enabled\n"       \
	"Guards:                      Enabled\n"       \
	"Websense:                    Enabled\n"       \
	"Throughput:                  Unlimited\n"     \
	"ISAKMP peers:                Unlimited\n"     \
	"\n"                                           \
	"This PIX has an Unrestricted (UR) license.\n" \
	"\n"

static char text[OS_CONFIG_TEXT_MAX + 1];

/* A unit with two NICs and a 2-chip flash holding the running image and its key. */
static int setup(void **state)
{
	struct fake_os *o = fake_os_new(2);

	fake_os_flash(o, 2, &fake_os_key_all);
	fake_os_install(o, "6.3(5)", 1, true);
	fake_os_start(o);
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	fake_os_free(*state);
	return 0;
}

/* Restarts the session over the same flash, as after a reload, and boots it; output kept. */
static void restart(struct fake_os *o)
{
	fake_os_clear(o);
	fake_os_start(o);
	os_boot(&o->os);
}

/* Types @s at the prompt, byte by byte, as the console would deliver it. */
static void type(struct fake_os *o, const char *s)
{
	fake_os_clear(o);
	for (; *s; s++)
		os_feed(&o->os, (unsigned char)*s);
}

static void test_boot_without_configuration(void **state)
{
	struct fake_os *o = *state;

	restart(o);
	assert_string_equal(fake_os_out(o), BANNER_ALL HINT "\npixfirewall> ");
	assert_false(o->os.modified);
	assert_int_equal(o->rtc_reads, 2);
}

static void test_boot_without_a_valid_key(void **state)
{
	struct fake_os *o = *state;
	static const char want[] = "\nCisco PIX Firewall Version 6.3(5)\n"
				   "This PIX has no valid activation key.\n\n" HINT "\n"
				   "pixfirewall> ";

	fake_os_running_key(o, &(struct lic_key){ { 1, 2, 3, 4 } });
	restart(o);
	assert_string_equal(fake_os_out(o), want);
}

/* write memory; the next start applies what it stored and says the checksum held. */
static void test_write_memory_and_boot(void **state)
{
	struct fake_os *o = *state;
	struct layout_config_info info;
	char want[1024], words[40];
	uint8_t sum[16];
	int n, i;

	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "hostname stored"), 0);
	n = os_config_write(&o->os, &o->os.run, text, sizeof(text));
	assert_int_equal(os_config_checksum_line(text, (size_t)n, sum), 0);
	for (i = 0; i < 16; i++)
		sprintf(words + 2 * i + i / 4, "%02x%s", sum[i], i % 4 == 3 && i < 15 ? " " : "");
	assert_int_equal(fake_os_exec(o, "write memory"), 0);
	snprintf(want, sizeof(want), "Building configuration...\nCryptochecksum: %s\n[OK]\n",
		 words);
	assert_string_equal(fake_os_out(o), want);
	/* what the flash holds: the text, and the version that wrote it */
	memset(o->os.text, 0, sizeof(o->os.text));
	assert_int_equal(layout_read_config(&o->sim.f, o->os.text, sizeof(o->os.text) - 1, &info),
			 0);
	assert_int_equal(info.text_len, n);
	assert_memory_equal(o->os.text, text, (size_t)n);
	assert_int_equal(info.version.major, 6);
	assert_int_equal(info.version.minor, 3);
	assert_int_equal(info.version.maint, 5);
	/* show configure prints it as stored */
	assert_int_equal(fake_os_exec(o, "show configure"), 0);
	assert_string_equal(fake_os_out(o), text);
	restart(o);
	snprintf(want, sizeof(want), BANNER_ALL "Cryptochecksum(unchanged): %s\n" HINT "\nstored> ",
		 words);
	assert_string_equal(fake_os_out(o), want);
	assert_string_equal(o->os.run.hostname, "stored");
	assert_false(o->os.modified);
}

/* A stored text whose checksum does not match what it makes: "changed", and it still applies. */
static void test_boot_checksum_changed(void **state)
{
	struct fake_os *o = *state;
	static const char stored[] = "PIX Version 6.3(5)\nhostname other\n"
				     "Cryptochecksum:00000000000000000000000000000000\n: end\n";

	assert_int_equal(layout_write_config(&o->sim.f, &o->id.version, stored, strlen(stored)), 0);
	restart(o);
	assert_non_null(strstr(fake_os_out(o), "\nCryptochecksum(changed): "));
	assert_string_equal(o->os.run.hostname, "other");
	/* configure memory merges it again */
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "hostname x"), 0);
	assert_int_equal(fake_os_exec(o, "configure memory"), 0);
	assert_non_null(strstr(fake_os_out(o), "Cryptochecksum(changed): "));
	assert_string_equal(o->os.run.hostname, "other");
}

static void test_write_erase(void **state)
{
	struct fake_os *o = *state;

	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "write memory"), 0);
	fake_type(&o->f, "n\r");
	assert_int_equal(fake_os_exec(o, "write erase"), -ECANCELED);
	assert_string_equal(fake_os_out(o), "Erase PIX configuration in flash memory? [confirm] "
					    "n\n");
	fake_type(&o->f, "\r");
	assert_int_equal(fake_os_exec(o, "write erase"), 0);
	assert_string_equal(fake_os_out(o), "Erase PIX configuration in flash memory? [confirm] \n"
					    "[OK]\n");
	assert_int_equal(fake_os_exec(o, "show configure"), 0);
	assert_string_equal(fake_os_out(o), "No configuration is stored in flash.\n");
	assert_int_equal(fake_os_exec(o, "configure memory"), 0);
	assert_string_equal(fake_os_out(o), "No configuration is stored in flash.\n");
}

static void test_no_flash(void **state)
{
	struct fake_os *o = fake_os_new(2);

	(void)state;
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "write memory"), -ENODEV);
	assert_string_equal(fake_os_out(o), "Building configuration...\n"
					    "ERROR: no flash to write the configuration to\n");
	assert_int_equal(fake_os_exec(o, "write erase"), -ENODEV);
	assert_string_equal(fake_os_out(o), "ERROR: no flash\n");
	assert_int_equal(fake_os_exec(o, "show configure"), 0);
	assert_string_equal(fake_os_out(o), "No configuration is stored in flash.\n");
	fake_os_free(o);
}

static void test_write_terminal(void **state)
{
	struct fake_os *o = *state;
	char want[OS_CONFIG_TEXT_MAX + 64];

	fake_os_to_config(o);
	os_config_write(&o->os, &o->os.run, text, sizeof(text));
	assert_int_equal(fake_os_exec(o, "wr t"), 0);
	snprintf(want, sizeof(want), "Building configuration...\n%s[OK]\n", text);
	assert_string_equal(fake_os_out(o), want);
	assert_int_equal(fake_os_exec(o, "show running-config"), 0);
	assert_string_equal(fake_os_out(o), text);
}

#define SHOW_VERSION_HEAD                       \
	"\nCisco PIX Firewall Version 6.3(5)\n" \
	"\nCompiled on " FAKE_OS_BUILD "\n\n"

#define SHOW_VERSION_HARDWARE                                                           \
	"Hardware:   PIX-525, 128 MB RAM, CPU QEMU Virtual CPU version 2.5+ 2992 MHz\n" \
	"Flash AT29C040A @ 0xe0000000, 1MB\n"                                           \
	"BIOS Flash AT29C020 @ 0xfffc0000, 256KB\n\n"                                   \
	"0: ethernet0: address is 0090.2722.f0b0, irq 11\n"                             \
	"1: ethernet1: address is 0090.2722.f0b1, irq 10\n\n"                           \
	"Licensed Features:\n"                                                          \
	"Failover:           Enabled\n"                                                 \
	"VPN-DES:            Enabled\n"                                                 \
	"VPN-3DES:           Enabled\n"                                                 \
	"Maximum Interfaces: 6\n"                                                       \
	"Cut-through Proxy:  Enabled\n"                                                 \
	"Guards:             Enabled\n"                                                 \
	"Websense:           Enabled\n"                                                 \
	"Throughput:         Unlimited\n"                                               \
	"ISAKMP peers:       Unlimited\n"                                               \
	"\nThis PIX has an Unrestricted (UR) license.\n"                                \
	"\nSerial Number: 12345678 (0xbc614e)\n"                                        \
	"Running Activation Key: 0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511\n"

static void test_show_version(void **state)
{
	struct fake_os *o = *state;

	o->f.now_ms += 3723000; /* 1 hour 2 mins 3 secs */
	assert_int_equal(fake_os_exec(o, "sh ver"), 0);
	assert_string_equal(fake_os_out(o), SHOW_VERSION_HEAD "pixfirewall up 1 hour 2 "
							      "mins\n\n" SHOW_VERSION_HARDWARE
							      "Configuration has not been modified "
							      "since last "
							      "system restart.\n");
}

/* The change's time: the real-time clock at the start plus the time since. */
static void test_show_version_last_modified(void **state)
{
	struct fake_os *o = *state;
	static const char want[] = SHOW_VERSION_HEAD "fw up 40 days 23 "
						     "hours\n\n" SHOW_VERSION_HARDWARE
						     "Configuration last modified by enable_15 at "
						     "08:32:54.000 UTC Fri Apr 24 2026\n";

	o->f.now_ms += 40 * 86400000ull + 23 * 3600000ull + 6 * 60000 + 411;
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "hostname fw"), 0);
	assert_int_equal(fake_os_exec(o, "show version"), 0);
	assert_string_equal(fake_os_out(o), want);
}

static void test_show_version_without_a_clock(void **state)
{
	struct fake_os *o = fake_os_new(2);

	(void)state;
	o->rtc_err = -ENODEV;
	fake_os_start(o);
	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "hostname fw"), 0);
	assert_int_equal(fake_os_exec(o, "show version"), 0);
	assert_non_null(strstr(fake_os_out(o), "\nFlash none\n"));
	assert_non_null(strstr(fake_os_out(o), "\nConfiguration last modified by enable_15 at an "
					       "unknown time (no clock)\n"));
	fake_os_free(o);
}

static void test_modes_and_prompts(void **state)
{
	struct fake_os *o = *state;

	type(o, "enable\r");
	assert_string_equal(fake_os_out(o), "enable\npixfirewall# ");
	type(o, "conf t\r");
	assert_string_equal(fake_os_out(o), "conf t\npixfirewall(config)# ");
	type(o, "exit\r");
	assert_string_equal(fake_os_out(o), "exit\npixfirewall# ");
	type(o, "configure terminal\rend\r");
	assert_string_equal(fake_os_out(o), "configure terminal\npixfirewall(config)# end\n"
					    "pixfirewall# ");
	type(o, "conf t\rdisable\r");
	assert_string_equal(fake_os_out(o), "conf t\npixfirewall(config)# disable\npixfirewall> ");
	type(o, "exit\r");
	assert_string_equal(fake_os_out(o), "exit\n\nLogoff\n\n" HINT "pixfirewall> ");
	assert_int_equal(o->os.mode, OS_MODE_USER);
	type(o, "conf t\r");
	assert_string_equal(fake_os_out(o), "conf t\n"
					    "ERROR: a privileged command (use enable first)\n"
					    "pixfirewall> ");
}

static void test_enable_password(void **state)
{
	struct fake_os *o = *state;

	fake_os_to_config(o);
	assert_int_equal(fake_os_exec(o, "enable password s3cret"), 0);
	assert_int_equal(fake_os_exec(o, "disable"), 0);
	fake_type(&o->f, "bad\rS3CRET\rs3cre\r");
	assert_int_equal(fake_os_exec(o, "enable"), -EACCES);
	assert_string_equal(fake_os_out(o), "Password: ***\nInvalid password\n"
					    "Password: ******\nInvalid password\n"
					    "Password: *****\nInvalid password\n");
	assert_int_equal(o->os.mode, OS_MODE_USER);
	fake_type(&o->f, "x\rs3cret\r");
	assert_int_equal(fake_os_exec(o, "enable"), 0);
	assert_string_equal(fake_os_out(o), "Password: *\nInvalid password\nPassword: ******\n");
	assert_int_equal(o->os.mode, OS_MODE_ENABLE);
	/* Ctrl-C gives up */
	assert_int_equal(fake_os_exec(o, "disable"), 0);
	fake_type(&o->f, "\x03");
	assert_int_equal(fake_os_exec(o, "enable"), -ECANCELED);
	assert_int_equal(o->os.mode, OS_MODE_USER);
}

static void test_reload(void **state)
{
	struct fake_os *o = *state;

	fake_os_to_config(o);
	fake_type(&o->f, "n\r");
	assert_int_equal(fake_os_exec(o, "reload"), -ECANCELED);
	assert_string_equal(fake_os_out(o), "Proceed with reload? [confirm] n\nReload "
					    "cancelled.\n");
	assert_int_equal(o->f.reloads, 0);
	assert_false(o->os.quit);
	fake_type(&o->f, "\r");
	assert_int_equal(fake_os_exec(o, "reload"), 0);
	assert_string_equal(fake_os_out(o), "Proceed with reload? [confirm] \n\n\nRebooting...\n");
	assert_int_equal(o->f.reloads, 1);
	assert_true(o->os.quit);
	/* not offered in user mode */
	o->os.quit = false;
	assert_int_equal(fake_os_exec(o, "disable"), 0);
	assert_int_equal(fake_os_exec(o, "reload"), -EINVAL);
	assert_int_equal(o->f.reloads, 1);
}

static void test_bad_input_messages(void **state)
{
	struct fake_os *o = *state;

	assert_int_equal(fake_os_exec(o, "enable"), 0);
	assert_int_equal(fake_os_exec(o, "e"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: ambiguous command 'e'\n" HINT);
	assert_int_equal(fake_os_exec(o, "frobnicate"), -EINVAL);
	assert_string_equal(fake_os_out(o), HINT);
	assert_int_equal(fake_os_exec(o, "show bogus"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: invalid input 'bogus'\n" HINT);
	assert_int_equal(fake_os_exec(o, "show"), -EINVAL);
	assert_string_equal(fake_os_out(o), "ERROR: incomplete command\n" HINT);
	assert_int_equal(fake_os_exec(o, "show version now"), -EINVAL);
	assert_string_equal(fake_os_out(o), "Usage: show version\n");
	assert_int_equal(fake_os_exec(o, "a b c d e f g h i j k l m n o p q r s t u v w x y"),
			 -E2BIG);
	assert_string_equal(fake_os_out(o), "ERROR: more than 24 words\n");
}

/* `?` after "no" in configuration mode offers only what has a no form. */
static void test_help_after_no(void **state)
{
	struct fake_os *o = *state;

	fake_os_to_config(o);
	type(o, "no ?");
	assert_string_equal(fake_os_out(o), "no ?\n"
					    "  ca                  certificate authorities\n"
					    "  dns                 DNS settings\n"
					    "  enable              set the privileged mode "
					    "password\n"
					    "  failover            failover pairs\n"
					    "  hostname            change the host name\n"
					    "  ip                  IP settings\n"
					    "  name                give an IP address a name\n"
					    "  names               use the names given with name\n"
					    "  passwd              set the Telnet password\n"
					    "  route               add a static route\n"
					    "  tftp-server         set the TFTP server copy and "
					    "configure net use\n"
					    "pixfirewall(config)# no ");
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_boot_without_configuration),
		T(test_boot_without_a_valid_key),
		T(test_write_memory_and_boot),
		T(test_boot_checksum_changed),
		T(test_write_erase),
		cmocka_unit_test(test_no_flash),
		T(test_write_terminal),
		T(test_show_version),
		T(test_show_version_last_modified),
		cmocka_unit_test(test_show_version_without_a_clock),
		T(test_modes_and_prompts),
		T(test_enable_password),
		T(test_reload),
		T(test_bad_input_messages),
		T(test_help_after_no),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
