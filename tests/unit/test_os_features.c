/* Unit tests of os/features.c: the "Licensed Features:" block in both columns, the licence line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fake_mon_platform.h"
#include "os/os.h"

static struct fake f;

static int setup(void **state)
{
	(void)state;
	fake_init(&f, 0);
	return 0;
}

/* `show version`: values in column 20 (the reference's 6.x form). */
static void test_show_version_column(void **state)
{
	struct lic_features all = { true, true, true, true, true, true, 6, 0, 0 };

	(void)state;
	os_print_features(&f.con, &all, 20);
	assert_string_equal(f.out, "Licensed Features:\n"
				   "Failover:           Enabled\n"
				   "VPN-DES:            Enabled\n"
				   "VPN-3DES:           Enabled\n"
				   "Maximum Interfaces: 6\n"
				   "Cut-through Proxy:  Enabled\n"
				   "Guards:             Enabled\n"
				   "Websense:           Enabled\n"
				   "Throughput:         Unlimited\n"
				   "ISAKMP peers:       Unlimited\n");
}

/* The 6.3 image banner: values in column 29; limits as numbers. */
static void test_banner_column_and_limits(void **state)
{
	struct lic_features small = { false, false, false, false, false, false, 2, 10, 60 };

	(void)state;
	os_print_features(&f.con, &small, 29);
	assert_string_equal(f.out, "Licensed Features:\n"
				   "Failover:                    Disabled\n"
				   "VPN-DES:                     Disabled\n"
				   "VPN-3DES:                    Disabled\n"
				   "Maximum Interfaces:          2\n"
				   "Cut-through Proxy:           Disabled\n"
				   "Guards:                      Disabled\n"
				   "Websense:                    Disabled\n"
				   "Throughput:                  60 Mbps\n"
				   "ISAKMP peers:                10\n");
}

/* The largest values the key format holds. */
static void test_largest_values(void **state)
{
	struct lic_features big = { true, false, true, false, true, false, 255, 65535, 65535 };

	(void)state;
	os_print_features(&f.con, &big, 20);
	assert_string_equal(f.out, "Licensed Features:\n"
				   "Failover:           Enabled\n"
				   "VPN-DES:            Disabled\n"
				   "VPN-3DES:           Enabled\n"
				   "Maximum Interfaces: 255\n"
				   "Cut-through Proxy:  Disabled\n"
				   "Guards:             Enabled\n"
				   "Websense:           Disabled\n"
				   "Throughput:         65535 Mbps\n"
				   "ISAKMP peers:       65535\n");
}

static void test_license_kind(void **state)
{
	struct lic_features fo = { .failover = true };
	struct lic_features none = { .vpn_3des = true };

	(void)state;
	assert_string_equal(os_license_kind(&fo), "This PIX has an Unrestricted (UR) license.");
	assert_string_equal(os_license_kind(&none), "This PIX has a Restricted (R) license.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_show_version_column, setup),
		cmocka_unit_test_setup(test_banner_column_and_limits, setup),
		cmocka_unit_test_setup(test_largest_values, setup),
		cmocka_unit_test_setup(test_license_kind, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
