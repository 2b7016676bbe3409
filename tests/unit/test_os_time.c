/* Unit tests of os/time.c: calendar arithmetic, PIX time and uptime formats, day of the week. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "os/os.h"

#define MS_PER_DAY (24ull * 60 * 60 * 1000)

static struct os_tm tm(unsigned int y, unsigned int mo, unsigned int d, unsigned int h,
		       unsigned int mi, unsigned int s, unsigned int ms)
{
	return (struct os_tm){ (uint16_t)y, (uint8_t)mo, (uint8_t)d,  (uint8_t)h,
			       (uint8_t)mi, (uint8_t)s,	 (uint16_t)ms };
}

/* Adds @ms to @from and asserts the result is @want. */
static void add(struct os_tm from, uint64_t ms, struct os_tm want)
{
	os_tm_add_ms(&from, ms);
	assert_int_equal(from.year, want.year);
	assert_int_equal(from.mon, want.mon);
	assert_int_equal(from.day, want.day);
	assert_int_equal(from.hour, want.hour);
	assert_int_equal(from.min, want.min);
	assert_int_equal(from.sec, want.sec);
	assert_int_equal(from.ms, want.ms);
}

static void test_add_within_a_day(void **state)
{
	(void)state;
	add(tm(2026, 3, 14, 9, 26, 53, 589), 0, tm(2026, 3, 14, 9, 26, 53, 589));
	add(tm(2026, 3, 14, 9, 26, 53, 589), 411, tm(2026, 3, 14, 9, 26, 54, 0));
	add(tm(2026, 3, 14, 9, 59, 59, 999), 1, tm(2026, 3, 14, 10, 0, 0, 0));
	add(tm(2026, 3, 14, 0, 0, 0, 0), MS_PER_DAY - 1, tm(2026, 3, 14, 23, 59, 59, 999));
}

static void test_add_across_months_and_years(void **state)
{
	(void)state;
	add(tm(2026, 12, 31, 23, 59, 59, 999), 1, tm(2027, 1, 1, 0, 0, 0, 0));
	add(tm(2026, 1, 31, 12, 0, 0, 0), MS_PER_DAY, tm(2026, 2, 1, 12, 0, 0, 0));
	add(tm(2026, 4, 30, 23, 0, 0, 0), 3600000, tm(2026, 5, 1, 0, 0, 0, 0));
	add(tm(2026, 6, 30, 23, 0, 0, 0), 3600000, tm(2026, 7, 1, 0, 0, 0, 0));
	add(tm(2026, 7, 31, 23, 0, 0, 0), 3600000, tm(2026, 8, 1, 0, 0, 0, 0));
	add(tm(2026, 11, 30, 23, 0, 0, 0), 3600000, tm(2026, 12, 1, 0, 0, 0, 0));
	add(tm(2026, 1, 1, 0, 0, 0, 0), 365 * MS_PER_DAY, tm(2027, 1, 1, 0, 0, 0, 0));
	/* checked with Python's datetime */
	add(tm(2026, 3, 14, 9, 26, 53, 589), 1000 * MS_PER_DAY + 123,
	    tm(2028, 12, 8, 9, 26, 53, 712));
	add(tm(2026, 3, 14, 9, 26, 53, 589), 1ull << 40, tm(2061, 1, 15, 5, 20, 41, 365));
}

static void test_add_across_leap_days(void **state)
{
	(void)state;
	add(tm(2024, 2, 28, 12, 0, 0, 0), MS_PER_DAY, tm(2024, 2, 29, 12, 0, 0, 0));
	add(tm(2024, 2, 29, 12, 0, 0, 0), MS_PER_DAY, tm(2024, 3, 1, 12, 0, 0, 0));
	add(tm(2026, 2, 28, 12, 0, 0, 0), MS_PER_DAY, tm(2026, 3, 1, 12, 0, 0, 0));
	add(tm(2100, 2, 28, 0, 0, 0, 0), MS_PER_DAY, tm(2100, 3, 1, 0, 0, 0, 0)); /* not leap */
	add(tm(2000, 2, 28, 0, 0, 0, 0), MS_PER_DAY, tm(2000, 2, 29, 0, 0, 0, 0)); /* leap */
	add(tm(2024, 1, 1, 0, 0, 0, 0), 366 * MS_PER_DAY, tm(2025, 1, 1, 0, 0, 0, 0));
	add(tm(2024, 1, 1, 0, 0, 0, 0), 365 * MS_PER_DAY, tm(2024, 12, 31, 0, 0, 0, 0));
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(os_weekday(2003, 7, 4), 5); /* Fri, the reference's show clock */
	assert_int_equal(os_weekday(2000, 1, 1), 6);
	assert_int_equal(os_weekday(1970, 1, 1), 4);
	assert_int_equal(os_weekday(2024, 2, 29), 4);
	assert_int_equal(os_weekday(2026, 3, 14), 6);
	assert_int_equal(os_weekday(2100, 3, 1), 1);
}

/* Day after day from 1970 to 2400, the week and the calendar agree. */
static void test_weekday_follows_the_calendar(void **state)
{
	struct os_tm t = tm(1970, 1, 1, 0, 0, 0, 0);
	unsigned int want = 4, days = 0;

	(void)state;
	while (t.year < 2400) {
		assert_int_equal(os_weekday(t.year, t.mon, t.day), want);
		os_tm_add_ms(&t, MS_PER_DAY);
		want = (want + 1) % 7;
		days++;
	}
	assert_int_equal(days, 157054); /* (date(2400,1,1) - date(1970,1,1)).days */
	assert_int_equal(t.mon, 1);
	assert_int_equal(t.day, 1);
}

static void format(struct os_tm t, const char *want)
{
	char buf[48];

	assert_int_equal(os_tm_format(&t, buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_format(void **state)
{
	struct os_tm bad[] = {
		tm(2026, 0, 1, 0, 0, 0, 0),  tm(2026, 13, 1, 0, 0, 0, 0),
		tm(2026, 1, 0, 0, 0, 0, 0),  tm(2026, 2, 29, 0, 0, 0, 0),
		tm(2026, 4, 31, 0, 0, 0, 0), tm(2026, 1, 32, 0, 0, 0, 0),
		tm(0, 0, 0, 0, 0, 0, 0),
	};
	char buf[48];
	size_t i;

	(void)state;
	format(tm(2003, 7, 4, 12, 54, 16, 272), "12:54:16.272 UTC Fri Jul 4 2003");
	format(tm(2000, 1, 1, 0, 0, 0, 0), "00:00:00.000 UTC Sat Jan 1 2000");
	format(tm(2024, 2, 29, 23, 59, 59, 999), "23:59:59.999 UTC Thu Feb 29 2024");
	format(tm(2026, 12, 31, 1, 2, 3, 4), "01:02:03.004 UTC Thu Dec 31 2026");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(os_tm_format(&bad[i], buf, sizeof(buf)), -1);
}

static void uptime(uint64_t ms, const char *want)
{
	char buf[48];

	assert_int_equal(os_uptime_format(ms, buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_uptime(void **state)
{
	(void)state;
	uptime(0, "0 secs");
	uptime(999, "0 secs");
	uptime(1000, "1 sec");
	uptime(7999, "7 secs");
	uptime(60000, "1 min 0 secs");
	uptime(61000, "1 min 1 sec");
	uptime(3 * 60000 + 12000, "3 mins 12 secs");
	uptime(3600000, "1 hour 0 mins");
	uptime(3600000 + 60000, "1 hour 1 min");
	uptime(3600000 + 25 * 60000 + 59000, "1 hour 25 mins");
	uptime(2 * 3600000 + 60000, "2 hours 1 min");
	uptime(MS_PER_DAY, "1 day 0 hours");
	uptime(MS_PER_DAY + 3600000, "1 day 1 hour");
	uptime(40 * MS_PER_DAY + 23 * 3600000 + 59 * 60000, "40 days 23 hours");
	uptime(10000 * MS_PER_DAY, "10000 days 0 hours");
}

static void assert_tm_equal(const struct os_tm *a, const struct os_tm *b)
{
	assert_int_equal(a->year, b->year);
	assert_int_equal(a->mon, b->mon);
	assert_int_equal(a->day, b->day);
	assert_int_equal(a->hour, b->hour);
	assert_int_equal(a->min, b->min);
	assert_int_equal(a->sec, b->sec);
	assert_int_equal(a->ms, b->ms);
}

/* Seconds since 1970 against known instants, and every day from 1970 to 2200 both ways. */
static void test_epoch(void **state)
{
	static const struct {
		struct os_tm tm;
		int64_t t;
	} known[] = {
		{ { 1970, 1, 1, 0, 0, 0, 0 }, 0 },
		{ { 2000, 2, 29, 12, 0, 0, 0 }, 951825600 },
		{ { 2026, 12, 3, 14, 30, 5, 0 }, 1796308205 },
		{ { 2038, 1, 19, 3, 14, 8, 0 }, 2147483648LL },
		{ { 2100, 3, 1, 0, 0, 0, 0 }, 4107542400LL },
	};
	struct os_tm tm, back;
	int64_t t, day;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		assert_int_equal(os_tm_to_epoch(&known[i].tm), known[i].t);
		os_epoch_to_tm(known[i].t, &tm);
		assert_tm_equal(&tm, &known[i].tm);
	}
	tm = (struct os_tm){ 1970, 1, 1, 23, 59, 59, 0 };
	for (day = 0; tm.year < 2200; day++) {
		t = os_tm_to_epoch(&tm);
		assert_int_equal(t, day * 86400 + 86399);
		os_epoch_to_tm(t, &back);
		assert_tm_equal(&back, &tm);
		os_tm_add_ms(&tm, 86400000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_within_a_day),
		cmocka_unit_test(test_add_across_months_and_years),
		cmocka_unit_test(test_add_across_leap_days),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_weekday_follows_the_calendar),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_uptime),
		cmocka_unit_test(test_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
