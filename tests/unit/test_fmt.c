/* Unit tests of lib/fmt.c: the firmware's snprintf, checked against glibc's on the same formats. */

/*
 * The Makefile builds lib/fmt.c with snprintf/vsnprintf renamed to fw_*; that
 * rename is undone here so this file's snprintf is glibc's, the reference.
 */
#undef snprintf
#undef vsnprintf
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

int fw_snprintf(char *buf, size_t size, const char *fmt, ...);

/* Formats with both implementations and compares text and return value. */
#define SAME(fmt, ...)                                                    \
	do {                                                              \
		char want[128], got[128];                                 \
		int wn = snprintf(want, sizeof(want), fmt, __VA_ARGS__);  \
		int gn = fw_snprintf(got, sizeof(got), fmt, __VA_ARGS__); \
		assert_string_equal(got, want);                           \
		assert_int_equal(gn, wn);                                 \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	SAME("%d %d %d", 0, -1, INT_MIN);
	SAME("%i|%5d|%-5d|%05d", 42, 42, 42, -42);
	SAME("%u %u", 0u, UINT_MAX);
	SAME("%x %X %08x", 0xdeadbeefu, 0xabcu, 0x1fu);
	SAME("%lu %ld", ULONG_MAX, LONG_MIN);
	SAME("%llu %lld %llx", ULLONG_MAX, LLONG_MIN, 0x123456789abcdefULL);
	SAME("%zu", (size_t)12345);
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	SAME("[%s]", "abc");
	SAME("[%10s][%-10s]", "ab", "cd");
	SAME("[%.2s][%-20s]", "abcdef", "help [command]");
	SAME("[%c%c]", 'x', 'y');
	SAME("%%%s", "x");
	SAME("[%*d][%-*s]", 6, 7, 4, "z");
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	n = fw_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = fw_snprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '0'); /* untouched */
	n = fw_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_string_equal(buf, "");
}

static void test_null_string(void **state)
{
	char buf[16];

	(void)state;
	fw_snprintf(buf, sizeof(buf), "%s", (const char *)NULL);
	assert_string_equal(buf, "(null)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_null_string),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
