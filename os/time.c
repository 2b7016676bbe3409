/* Calendar arithmetic for the running image: times from the RTC, uptime, PIX time formats. */
#include <stdio.h>

#include "os.h"

#define OS_MS_PER_S 1000u
#define OS_S_PER_MIN 60u
#define OS_MIN_PER_H 60u
#define OS_H_PER_DAY 24u
#define OS_MS_PER_DAY (1000ull * 60 * 60 * 24)
#define OS_S_PER_DAY 86400u

static const char *const os_day_names[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const os_mon_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static bool os_leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int os_month_days(unsigned int y, unsigned int m)
{
	static const uint8_t days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && os_leap(y) ? 29 : days[(m - 1) % 12];
}

/**
 * os_weekday() - The day of the week of a Gregorian date.
 * @y: year
 * @m: month, 1..12
 * @d: day, 1..31
 *
 * Return: 0 for Sunday .. 6 for Saturday.
 */
unsigned int os_weekday(unsigned int y, unsigned int m, unsigned int d)
{
	static const uint8_t t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[(m - 1) % 12] + d) % 7;
}

/**
 * os_tm_add_ms() - Moves a calendar time forward.
 * @tm: the time, changed in place (a valid date)
 * @ms: milliseconds to add
 */
void os_tm_add_ms(struct os_tm *tm, uint64_t ms)
{
	uint64_t in_day = (((uint64_t)tm->hour * OS_MIN_PER_H + tm->min) * OS_S_PER_MIN + tm->sec) *
				  OS_MS_PER_S +
			  tm->ms + ms;
	uint64_t days = in_day / OS_MS_PER_DAY;

	in_day %= OS_MS_PER_DAY;
	tm->ms = (uint16_t)(in_day % OS_MS_PER_S);
	in_day /= OS_MS_PER_S;
	tm->sec = (uint8_t)(in_day % OS_S_PER_MIN);
	in_day /= OS_S_PER_MIN;
	tm->min = (uint8_t)(in_day % OS_MIN_PER_H);
	tm->hour = (uint8_t)(in_day / OS_MIN_PER_H);
	while (days--) {
		if (tm->day < os_month_days(tm->year, tm->mon)) {
			tm->day++;
			continue;
		}
		tm->day = 1;
		if (++tm->mon > 12) {
			tm->mon = 1;
			tm->year++;
		}
	}
}

/**
 * os_tm_format() - Writes a time as PIX does: "12:54:16.272 UTC Fri Jul 4 2003".
 * @tm: the time (a valid date)
 * @buf: receives the text
 * @size: size of @buf (40 suffices)
 *
 * Return: the length written, or a negative value when @tm is not a valid date.
 */
int os_tm_format(const struct os_tm *tm, char *buf, size_t size)
{
	if (tm->mon < 1 || tm->mon > 12 || tm->day < 1 ||
	    tm->day > os_month_days(tm->year, tm->mon))
		return -1;
	return snprintf(buf, size, "%02u:%02u:%02u.%03u UTC %s %s %u %u", tm->hour, tm->min,
			tm->sec, tm->ms, os_day_names[os_weekday(tm->year, tm->mon, tm->day)],
			os_mon_names[tm->mon - 1], tm->day, tm->year);
}

/* Appends "<n> <unit>[s]" to @buf at @at; returns the new length. */
static int os_unit(char *buf, size_t size, int at, uint64_t n, const char *unit)
{
	int r = snprintf(buf + at, size - (size_t)at, "%s%llu %s%s", at ? " " : "",
			 (unsigned long long)n, unit, n == 1 ? "" : "s");

	return r < 0 ? at : at + r;
}

/**
 * os_uptime_format() - Writes an uptime as `show version` does: the two largest units, "40 days
 * 23 hours", "1 hour 25 mins", "3 mins 12 secs", "7 secs".
 * @ms: milliseconds since the start
 * @buf: receives the text
 * @size: size of @buf (32 suffices)
 *
 * Return: the length written.
 */
int os_uptime_format(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / OS_MS_PER_S, m = s / OS_S_PER_MIN, h = m / OS_MIN_PER_H;
	uint64_t d = h / OS_H_PER_DAY;
	int n = 0;

	buf[0] = '\0';
	if (d) {
		n = os_unit(buf, size, n, d, "day");
		return os_unit(buf, size, n, h % OS_H_PER_DAY, "hour");
	}
	if (h) {
		n = os_unit(buf, size, n, h, "hour");
		return os_unit(buf, size, n, m % OS_MIN_PER_H, "min");
	}
	if (m) {
		n = os_unit(buf, size, n, m, "min");
		return os_unit(buf, size, n, s % OS_S_PER_MIN, "sec");
	}
	return os_unit(buf, size, n, s, "sec");
}

/* Days from 1970-01-01 to @y-@m-@d (proleptic Gregorian, year >= 1970). */
static uint32_t os_days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
	uint32_t era, yoe, doy, doe;

	y -= m <= 2; /* years start in March: the leap day is the last of a year */
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468; /* 719468: days from 0000-03-01 to 1970-01-01 */
}

/**
 * os_tm_to_epoch() - Seconds since 1970-01-01 00:00 UTC of a calendar time (the RTC keeps UTC).
 * @tm: a valid date from 1970 on
 *
 * Return: the seconds (milliseconds dropped).
 */
int64_t os_tm_to_epoch(const struct os_tm *tm)
{
	return (int64_t)os_days_from_civil(tm->year, tm->mon, tm->day) * OS_S_PER_DAY +
	       ((int64_t)tm->hour * OS_MIN_PER_H + tm->min) * OS_S_PER_MIN + tm->sec;
}

/**
 * os_epoch_to_tm() - The calendar time of seconds since 1970-01-01 00:00 UTC.
 * @t: seconds, 0 or more
 * @tm: receives the time (ms 0)
 */
void os_epoch_to_tm(int64_t t, struct os_tm *tm)
{
	uint32_t days = (uint32_t)(t / OS_S_PER_DAY), secs = (uint32_t)(t % OS_S_PER_DAY);
	uint32_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	uint32_t m = mp < 10 ? mp + 3 : mp - 9;

	tm->year = (uint16_t)(yoe + era * 400 + (m <= 2));
	tm->mon = (uint8_t)m;
	tm->day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
	tm->hour = (uint8_t)(secs / (OS_S_PER_MIN * OS_MIN_PER_H));
	tm->min = (uint8_t)(secs / OS_S_PER_MIN % OS_MIN_PER_H);
	tm->sec = (uint8_t)(secs % OS_S_PER_MIN);
	tm->ms = 0;
}
