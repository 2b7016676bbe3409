/* The MC146818 real-time clock: a consistent read of the date and time, BCD or binary. */
#include "rtc.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "clock.h"
#include "cmos.h"
#include "cmos_regs.h"

#define RTC_DEFAULT_CENTURY 20

static uint8_t rtc_bin(uint8_t v, bool binary)
{
	return binary ? v : (uint8_t)((v >> 4) * 10 + (v & 0x0f));
}

/* Waits until no update is in progress; 0 or -ETIMEDOUT. */
static int rtc_wait_update(const struct clock *clock)
{
	uint64_t start = clock_us(clock);

	while (cmos_read(RTC_STATUS_A) & RTC_A_UIP)
		if (clock_us(clock) - start > RTC_UIP_TIMEOUT_US)
			return -ETIMEDOUT;
	return 0;
}

/* One read of the time registers, decoded. */
static void rtc_read_once(struct rtc_time *t)
{
	uint8_t b = cmos_read(RTC_STATUS_B), h = cmos_read(RTC_HOURS), century;
	bool bin = b & RTC_B_BINARY;

	t->sec = rtc_bin(cmos_read(RTC_SECONDS), bin);
	t->min = rtc_bin(cmos_read(RTC_MINUTES), bin);
	t->hour = rtc_bin(h & (uint8_t)~RTC_HOURS_PM, bin);
	if (!(b & RTC_B_24H)) {
		t->hour %= 12;
		if (h & RTC_HOURS_PM)
			t->hour += 12;
	}
	t->day = rtc_bin(cmos_read(RTC_DAY_OF_MONTH), bin);
	t->mon = rtc_bin(cmos_read(RTC_MONTH), bin);
	century = rtc_bin(cmos_read(RTC_CENTURY), bin);
	if (century < 19 || century > 99)
		century = RTC_DEFAULT_CENTURY;
	t->year = (uint16_t)(century * 100 + rtc_bin(cmos_read(RTC_YEAR), bin));
}

/**
 * rtc_read() - Reads the date and time: after any update in progress, until two reads agree.
 * @clock: bounds the wait for an update
 * @t: receives the time
 *
 * Return: 0, -ETIMEDOUT when an update never ends, -EIO when reads keep changing or the date is
 * not one (no RTC).
 */
int rtc_read(const struct clock *clock, struct rtc_time *t)
{
	struct rtc_time again;
	unsigned int i;

	for (i = 0; i < RTC_READ_TRIES; i++) {
		if (rtc_wait_update(clock))
			return -ETIMEDOUT;
		rtc_read_once(t);
		if (rtc_wait_update(clock))
			return -ETIMEDOUT;
		rtc_read_once(&again);
		if (!memcmp(t, &again, sizeof(again)))
			break;
	}
	if (i == RTC_READ_TRIES)
		return -EIO;
	if (t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > 31 || t->hour > 23 || t->min > 59 ||
	    t->sec > 59)
		return -EIO;
	return 0;
}
