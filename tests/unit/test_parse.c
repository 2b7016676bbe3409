/* Unit tests of monitor/parse.c: IPv4 addresses, numbers, word splitting, case folding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "mon.h"
#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNTOUCHED 0xdeadbeefu

static void test_ipv4_valid(void **state)
{
	static const struct {
		const char *text;
		uint32_t addr;
	} cases[] = {
		{ "0.0.0.0", 0x00000000 },	  { "255.255.255.255", 0xffffffff },
		{ "192.168.1.1", 0xc0a80101 },	  { "10.0.0.1", 0x0a000001 },
		{ "1.2.3.4", 0x01020304 },	  { "100.20.3.0", 0x64140300 },
		{ "172.16.254.199", 0xac10fec7 }, { "9.99.199.249", 0x0963c7f9 },
	};
	uint32_t a;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		a = UNTOUCHED;
		assert_int_equal(mon_parse_ipv4(cases[i].text, &a), 0);
		assert_int_equal(a, cases[i].addr);
	}
}

static void test_ipv4_malformed(void **state)
{
	static const char *const cases[] = {
		"",
		"1.2.3",
		"1.2.3.4.5",
		"256.1.1.1",
		"1.256.1.1",
		"1.1.1.256",
		"01.2.3.4",
		"1.2.3.04",
		"1.00.3.4",
		"1..2.3",
		"1.2.3.",
		".1.2.3",
		".1.2.3.4",
		"a.b.c.d",
		"1.2.3.4 ",
		" 1.2.3.4",
		"1.2 .3.4",
		"-1.2.3.4",
		"+1.2.3.4",
		"1.2.3.4x",
		"1.2.3.4.",
		"1234.1.1.1",
		"4294967297.0.0.1",
		"1.2.3.4294967300",
		"9999999999.1.1.1",
		"0x1.2.3.4",
		"1.2.3.4/24",
		"1,2,3,4",
		"...",
		"1.2.3.4\t",
		"1.2.3.-4",
		"1000.2.3.4",
	};
	uint32_t a;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		a = UNTOUCHED;
		if (mon_parse_ipv4(cases[i], &a) != -EINVAL)
			fail_msg("'%s' was accepted", cases[i]);
		assert_int_equal(a, UNTOUCHED);
	}
}

static void test_ipv4_unicast(void **state)
{
	(void)state;
	assert_true(mon_ipv4_is_unicast(0x01000000)); /* 1.0.0.0 */
	assert_true(mon_ipv4_is_unicast(0xc0a80101)); /* 192.168.1.1 */
	assert_true(mon_ipv4_is_unicast(0x7effffff)); /* 126.255.255.255 */
	assert_true(mon_ipv4_is_unicast(0x80000000)); /* 128.0.0.0 */
	assert_true(mon_ipv4_is_unicast(0xdfffffff)); /* 223.255.255.255 */
	assert_false(mon_ipv4_is_unicast(0x00000000)); /* 0.0.0.0 */
	assert_false(mon_ipv4_is_unicast(0x00ffffff)); /* 0.255.255.255 */
	assert_false(mon_ipv4_is_unicast(0x7f000001)); /* 127.0.0.1 */
	assert_false(mon_ipv4_is_unicast(0x7fffffff)); /* 127.255.255.255 */
	assert_false(mon_ipv4_is_unicast(0xe0000000)); /* 224.0.0.0 */
	assert_false(mon_ipv4_is_unicast(0xe0000001)); /* 224.0.0.1 */
	assert_false(mon_ipv4_is_unicast(0xefffffff)); /* 239.255.255.255 */
	assert_false(mon_ipv4_is_unicast(0xf0000000)); /* 240.0.0.0 */
	assert_false(mon_ipv4_is_unicast(0xffffffff)); /* 255.255.255.255 */
}

static void test_ipv4_format(void **state)
{
	char buf[16];

	(void)state;
	mon_format_ipv4(0, buf);
	assert_string_equal(buf, "0.0.0.0");
	mon_format_ipv4(0xffffffff, buf);
	assert_string_equal(buf, "255.255.255.255");
	mon_format_ipv4(0xc0a80102, buf);
	assert_string_equal(buf, "192.168.1.2");
	mon_format_ipv4(0x0a00fe09, buf);
	assert_string_equal(buf, "10.0.254.9");
}

static void test_uint_valid(void **state)
{
	unsigned int v;

	(void)state;
	assert_int_equal(mon_parse_uint("0", 255, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mon_parse_uint("255", 255, &v), 0);
	assert_int_equal(v, 255);
	assert_int_equal(mon_parse_uint("10", 255, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(mon_parse_uint("007", 255, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(mon_parse_uint("0", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mon_parse_uint("4294967295", UINT_MAX, &v), 0);
	assert_int_equal(v, UINT_MAX);
}

static void test_uint_bad(void **state)
{
	static const char *const not_numbers[] = {
		"", "-1", "+1", " 1", "1 ", "1a", "a", "0x10", "1.0", "12345678901234567890x",
	};
	unsigned int v = UNTOUCHED;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(not_numbers); i++) {
		if (mon_parse_uint(not_numbers[i], UINT_MAX, &v) != -EINVAL)
			fail_msg("'%s' was not refused as a number", not_numbers[i]);
	}
	assert_int_equal(mon_parse_uint("256", 255, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("1000", 255, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("1", 0, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("9", 0, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("4294967296", UINT_MAX, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("4294967300", UINT_MAX, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("99999999999999999999", UINT_MAX, &v), -ERANGE);
	assert_int_equal(mon_parse_uint("4294967297", 255, &v), -ERANGE);
	assert_int_equal(v, UNTOUCHED);
}

static void test_split_words(void **state)
{
	char line[] = "  address\t 1.2.3.4  \t";
	char blank[] = " \t  ";
	char empty[] = "";
	char many[] = "a b c d e";
	char exact[] = "a b c d";
	char *argv[4];

	(void)state;
	assert_int_equal(mon_split_words(line, argv, 4), 2);
	assert_string_equal(argv[0], "address");
	assert_string_equal(argv[1], "1.2.3.4");
	assert_int_equal(mon_split_words(blank, argv, 4), 0);
	assert_int_equal(mon_split_words(empty, argv, 4), 0);
	assert_int_equal(mon_split_words(exact, argv, 4), 4);
	assert_string_equal(argv[3], "d");
	assert_int_equal(mon_split_words(many, argv, 4), -E2BIG);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[3], "d");
}

static void test_nocase(void **state)
{
	(void)state;
	assert_true(mon_streq_nocase("HeLp", "help"));
	assert_true(mon_streq_nocase("", ""));
	assert_false(mon_streq_nocase("hel", "help"));
	assert_false(mon_streq_nocase("helpx", "help"));
	assert_true(mon_prefix_nocase("ADD", "address"));
	assert_true(mon_prefix_nocase("", "address"));
	assert_true(mon_prefix_nocase("address", "address"));
	assert_false(mon_prefix_nocase("addresses", "address"));
	assert_false(mon_prefix_nocase("adx", "address"));
	assert_false(mon_prefix_nocase("@", "`")); /* not letters: no folding */
	assert_false(mon_prefix_nocase("[", "{"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_valid),   cmocka_unit_test(test_ipv4_malformed),
		cmocka_unit_test(test_ipv4_unicast), cmocka_unit_test(test_ipv4_format),
		cmocka_unit_test(test_uint_valid),   cmocka_unit_test(test_uint_bad),
		cmocka_unit_test(test_split_words),  cmocka_unit_test(test_nocase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
