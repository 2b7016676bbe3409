/* time.h of the freestanding firmware: the types mbedTLS's X.509 validity checks use (the time
 * itself comes from the platform: boot/pixos/ reads the CMOS RTC). */
#ifndef LIB_TIME_H
#define LIB_TIME_H

typedef long long time_t; /* seconds since 1970-01-01 00:00 UTC */

struct tm {
	int tm_sec; /* 0-60 */
	int tm_min; /* 0-59 */
	int tm_hour; /* 0-23 */
	int tm_mday; /* 1-31 */
	int tm_mon; /* 0-11 */
	int tm_year; /* years since 1900 */
	int tm_wday; /* 0-6, Sunday 0 */
	int tm_yday; /* 0-365 */
	int tm_isdst;
};

#endif /* LIB_TIME_H */
