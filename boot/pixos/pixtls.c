/*
 * What mbedTLS asks of the running image's platform: entropy (RDRAND, the only source: with none
 * the TLS configuration cannot be made and https is refused), the time (the CMOS RTC, which keeps
 * UTC, for the certificates' validity dates) and gmtime_r. The image's configuration of mbedTLS
 * (lib/mbedtls_config.h, PIX_TLS) names these as the platform's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "altcp_tls_mbedtls_mem.h" /* lwIP's, in src/apps/altcp_tls/ */
#include "cpu.h"
#include "mbedtls/entropy.h"
#include "mbedtls/platform.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/x509_crt.h"
#include "os/os.h"
#include "pixtls.h"
#include "rtc.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf);

static const struct clock *pixos_tls_clock;

/* mbedTLS's hardware entropy source: RDRAND, 4 bytes at a time. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
	uint32_t v;
	size_t n;

	(void)data;
	*olen = 0;
	if (!cpu_has_rdrand())
		return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
	while (*olen < len) {
		if (cpu_rdrand(&v))
			return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
		n = len - *olen < sizeof(v) ? len - *olen : sizeof(v);
		memcpy(output + *olen, &v, n);
		*olen += n;
	}
	v = 0;
	return 0;
}

/* mbedTLS's time(): the RTC in seconds since 1970 (0 when it cannot be read: every certificate
 * then is "not valid yet", never valid by accident). */
static mbedtls_time_t pixos_tls_time(mbedtls_time_t *out)
{
	struct rtc_time r;
	struct os_tm tm;
	mbedtls_time_t t = 0;

	if (pixos_tls_clock && !rtc_read(pixos_tls_clock, &r)) {
		tm = (struct os_tm){ r.year, r.mon, r.day, r.hour, r.min, r.sec, 0 };
		t = os_tm_to_epoch(&tm);
	}
	if (out)
		*out = t;
	return t;
}

/* mbedTLS's gmtime_r (MBEDTLS_PLATFORM_GMTIME_R_ALT): the calendar time of @tt, UTC. */
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
	struct os_tm tm;

	if (*tt < 0)
		return NULL;
	os_epoch_to_tm(*tt, &tm);
	memset(tm_buf, 0, sizeof(*tm_buf));
	tm_buf->tm_year = tm.year - 1900;
	tm_buf->tm_mon = tm.mon - 1;
	tm_buf->tm_mday = tm.day;
	tm_buf->tm_hour = tm.hour;
	tm_buf->tm_min = tm.min;
	tm_buf->tm_sec = tm.sec;
	tm_buf->tm_wday = (int)os_weekday(tm.year, tm.mon, tm.day);
	return tm_buf;
}

/*
 * pixos_tls_init - hand mbedTLS the RTC (through @clock for its waits) and, from the start, the
 * allocator lwIP's TLS layer gives it (lwIP's heap): the X.509 parsing of ca trust-anchor add
 * may come before any TLS configuration, and every allocation must be freed by the same pair.
 * Before this call mbedTLS has the firmware's heap (lib/heap.c; lib/mbedtls_config.h says why).
 */
void pixos_tls_init(const struct clock *clock)
{
	pixos_tls_clock = clock;
	mbedtls_platform_set_time(pixos_tls_time);
	altcp_mbedtls_mem_init();
}

/* pixos_tls_entropy - true when the processor has a random number generator TLS can use. */
bool pixos_tls_entropy(void)
{
	return cpu_has_rdrand();
}

/* A certificate's validity date as "YYYY-MM-DD hh:mm:ss". */
static void pixos_tls_date(const mbedtls_x509_time *t, char *out, size_t size)
{
	snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", t->year, t->mon, t->day, t->hour,
		 t->min, t->sec);
}

/**
 * pixos_tls_describe() - os_platform.cert_describe: what mbedTLS's X.509 parser reads in a DER
 * certificate.
 * @ctx: unused
 * @der: the certificate
 * @len: its length
 * @out: receives subject, issuer, validity and whether it is a CA
 *
 * Return: 0, or -EINVAL when mbedTLS cannot parse it.
 */
int pixos_tls_describe(void *ctx, const uint8_t *der, size_t len, struct os_cert_info *out)
{
	mbedtls_x509_crt crt;
	int err = 0;

	(void)ctx;
	mbedtls_x509_crt_init(&crt);
	if (mbedtls_x509_crt_parse_der(&crt, der, len) ||
	    mbedtls_x509_dn_gets(out->subject, sizeof(out->subject), &crt.subject) < 0 ||
	    mbedtls_x509_dn_gets(out->issuer, sizeof(out->issuer), &crt.issuer) < 0) {
		err = -EINVAL;
	} else {
		pixos_tls_date(&crt.valid_from, out->not_before, sizeof(out->not_before));
		pixos_tls_date(&crt.valid_to, out->not_after, sizeof(out->not_after));
		out->ca = crt.ca_istrue != 0;
	}
	mbedtls_x509_crt_free(&crt);
	return err;
}
