/* The MC146818 real-time clock in CMOS: the date and time, read consistently. */
#ifndef RTC_H
#define RTC_H

#include <stdint.h>

#define RTC_UIP_TIMEOUT_US 3000 /* an update takes under 2 ms (datasheet: 1984 us at most) */
#define RTC_READ_TRIES 4 /* reads until two agree */

struct clock;

/* A calendar time as the RTC keeps it (UTC on QEMU's default -rtc base=utc). */
struct rtc_time {
	uint16_t year;
	uint8_t mon, day, hour, min, sec;
};

int rtc_read(const struct clock *clock, struct rtc_time *t);

#endif /* RTC_H */
