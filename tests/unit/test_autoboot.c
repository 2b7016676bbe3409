/* Unit tests of monitor/autoboot.c: the countdown, its keys, and its timing by the fake clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fake_mon_platform.h"

#define HINTS                                         \
	"Use BREAK or ESC to interrupt flash boot.\n" \
	"Use SPACE to begin flash boot immediately.\n"
#define T0 FAKE_START_MS

static int setup(void **state)
{
	static struct fake f;

	fake_init(&f, 2);
	*state = &f;
	return 0;
}

static void test_timeout_counts_down_each_second(void **state)
{
	struct fake *f = *state;

	assert_int_equal(mon_autoboot(&f->plat, 3), MON_AUTOBOOT_TIMEOUT);
	assert_string_equal(f->out, HINTS "Flash boot in 3 seconds."
					  "\rFlash boot in 2 seconds. "
					  "\rFlash boot in 1 seconds. "
					  "\r\n");
	/* one getc per fake millisecond: it ended when 3 s had passed, not before */
	assert_int_equal(f->now_ms, T0 + 3000);
	assert_int_equal(f->getc_calls, 3000);
}

static void test_timeout_ten_seconds(void **state)
{
	struct fake *f = *state;

	f->ms_per_getc = 7;
	assert_int_equal(mon_autoboot(&f->plat, 10), MON_AUTOBOOT_TIMEOUT);
	assert_string_equal(f->out, HINTS "Flash boot in 10 seconds."
					  "\rFlash boot in 9 seconds. \rFlash boot in 8 seconds. "
					  "\rFlash boot in 7 seconds. \rFlash boot in 6 seconds. "
					  "\rFlash boot in 5 seconds. \rFlash boot in 4 seconds. "
					  "\rFlash boot in 3 seconds. \rFlash boot in 2 seconds. "
					  "\rFlash boot in 1 seconds. \r\n");
	assert_true(f->now_ms >= T0 + 10000 && f->now_ms < T0 + 10000 + 7);
}

static void test_slow_polling_skips_seconds(void **state)
{
	struct fake *f = *state;

	f->ms_per_getc = 2500;
	assert_int_equal(mon_autoboot(&f->plat, 5), MON_AUTOBOOT_TIMEOUT);
	assert_string_equal(f->out, HINTS "Flash boot in 5 seconds."
					  "\rFlash boot in 3 seconds. \r\n");
	assert_int_equal(f->getc_calls, 2);
}

static void test_esc_interrupts(void **state)
{
	struct fake *f = *state;

	fake_key_at(f, T0 + 1500, 0x1b);
	assert_int_equal(mon_autoboot(&f->plat, 3), MON_AUTOBOOT_INTERRUPT);
	assert_string_equal(f->out, HINTS "Flash boot in 3 seconds."
					  "\rFlash boot in 2 seconds. "
					  "\rFlash boot interrupted.  \n");
	assert_int_equal(f->now_ms, T0 + 1501);
}

static void test_esc_at_once(void **state)
{
	struct fake *f = *state;

	fake_key(f, 0x1b);
	assert_int_equal(mon_autoboot(&f->plat, 10), MON_AUTOBOOT_INTERRUPT);
	assert_string_equal(f->out, HINTS "Flash boot in 10 seconds.\rFlash boot interrupted.  \n");
	assert_int_equal(f->getc_calls, 1);
}

static void test_break_interrupts(void **state)
{
	struct fake *f = *state;

	fake_key_at(f, T0 + 2999, MON_CON_BREAK);
	assert_int_equal(mon_autoboot(&f->plat, 3), MON_AUTOBOOT_INTERRUPT);
	assert_string_equal(f->out, HINTS "Flash boot in 3 seconds."
					  "\rFlash boot in 2 seconds. "
					  "\rFlash boot in 1 seconds. "
					  "\rFlash boot interrupted.  \n");
}

static void test_space_boots_now(void **state)
{
	struct fake *f = *state;

	fake_key_at(f, T0 + 500, ' ');
	fake_key(f, 0x1b); /* too late: the SPACE decided */
	assert_int_equal(mon_autoboot(&f->plat, 3), MON_AUTOBOOT_SPACE);
	assert_string_equal(f->out, HINTS "Flash boot in 3 seconds.\r\n");
	assert_int_equal(f->in_pos, 1);
}

static void test_other_keys_ignored(void **state)
{
	struct fake *f = *state;

	fake_type(f, "a\r\n\x03[O\x7f\x08q");
	fake_key(f, 0xff);
	fake_key(f, 0x9b);
	fake_key_at(f, T0 + 1200, 'x');
	assert_int_equal(mon_autoboot(&f->plat, 2), MON_AUTOBOOT_TIMEOUT);
	assert_string_equal(f->out, HINTS "Flash boot in 2 seconds."
					  "\rFlash boot in 1 seconds. \r\n");
	assert_int_equal(f->in_pos, f->in_len);
	assert_int_equal(f->now_ms, T0 + 2000);
}

static void test_zero_seconds_checks_input_once(void **state)
{
	struct fake *f = *state;

	assert_int_equal(mon_autoboot(&f->plat, 0), MON_AUTOBOOT_TIMEOUT);
	assert_string_equal(f->out, HINTS "Flash boot in 0 seconds.\r\n");
	assert_int_equal(f->getc_calls, 1);
}

static void test_zero_seconds_esc(void **state)
{
	struct fake *f = *state;

	fake_key(f, 0x1b);
	assert_int_equal(mon_autoboot(&f->plat, 0), MON_AUTOBOOT_INTERRUPT);
	assert_string_equal(f->out, HINTS "Flash boot in 0 seconds.\rFlash boot interrupted.  \n");
}

static void test_zero_seconds_space(void **state)
{
	struct fake *f = *state;

	fake_key(f, ' ');
	assert_int_equal(mon_autoboot(&f->plat, 0), MON_AUTOBOOT_SPACE);
	assert_string_equal(f->out, HINTS "Flash boot in 0 seconds.\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_timeout_counts_down_each_second, setup),
		cmocka_unit_test_setup(test_timeout_ten_seconds, setup),
		cmocka_unit_test_setup(test_slow_polling_skips_seconds, setup),
		cmocka_unit_test_setup(test_esc_interrupts, setup),
		cmocka_unit_test_setup(test_esc_at_once, setup),
		cmocka_unit_test_setup(test_break_interrupts, setup),
		cmocka_unit_test_setup(test_space_boots_now, setup),
		cmocka_unit_test_setup(test_other_keys_ignored, setup),
		cmocka_unit_test_setup(test_zero_seconds_checks_input_once, setup),
		cmocka_unit_test_setup(test_zero_seconds_esc, setup),
		cmocka_unit_test_setup(test_zero_seconds_space, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
