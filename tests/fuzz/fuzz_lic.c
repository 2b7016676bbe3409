/*
 * libFuzzer harness for the activation-key module. The input is typed text for lic_parse(); a key
 * it accepts must print back (lic_format_key) to text that parses to the same key, and lic_check()
 * must agree with lic_decode() and with lic_make() of what it decoded. The same bytes also serve
 * as a serial number and features, which lic_make() and lic_check() must carry through unchanged.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "license/lic.h"

#define FUZZ_LIC_MAX 128

/* Checks what is true of every key lic_parse() accepts. */
static void fuzz_parsed_key(const struct lic_key *k)
{
	char text[LIC_KEY_TEXT_MAX], feat[LIC_FEATURES_TEXT_MAX];
	struct lic_features f;
	struct lic_key back;
	uint32_t serial;
	int ret;

	lic_format_key(k, text);
	if (strlen(text) != 43 || lic_parse(text, &back) || !lic_key_equal(k, &back))
		abort();
	ret = lic_decode(k, LIC_DEV_VENDOR_KEY, &serial, &f);
	if (ret) {
		if (ret != -EINVAL || lic_check(k, 0, LIC_DEV_VENDOR_KEY, &f) != -EINVAL)
			abort();
		return;
	}
	if (lic_check(k, serial, LIC_DEV_VENDOR_KEY, NULL) ||
	    lic_check(k, serial ^ 1, LIC_DEV_VENDOR_KEY, NULL) != -ENODEV)
		abort();
	if (lic_make(serial, &f, LIC_DEV_VENDOR_KEY, &back) || !lic_key_equal(k, &back))
		abort();
	if (lic_format_features(&f, feat, sizeof(feat)))
		abort();
}

/* Mints a key from the first input bytes read as serial and features, and checks it back. */
static void fuzz_mint(const uint8_t *data, size_t size)
{
	char feat[LIC_FEATURES_TEXT_MAX];
	struct lic_features f, got;
	struct lic_key k;
	uint32_t serial;

	if (size < 10)
		return;
	memcpy(&serial, data, sizeof(serial));
	/* memset first: the structs are compared with memcmp, padding included */
	memset(&f, 0, sizeof(f));
	memset(&got, 0xa5, sizeof(got));
	f.failover = data[4] & 1;
	f.vpn_des = data[4] & 2;
	f.vpn_3des = data[4] & 4;
	f.cut_through = data[4] & 8;
	f.guards = data[4] & 16;
	f.websense = data[4] & 32;
	f.max_interfaces = data[5];
	f.isakmp_peers = (uint16_t)(data[6] | data[7] << 8);
	f.throughput_mbps = (uint16_t)(data[8] | data[9] << 8);
	if (lic_make(serial, &f, LIC_DEV_VENDOR_KEY, &k) ||
	    lic_check(&k, serial, LIC_DEV_VENDOR_KEY, &got) || memcmp(&f, &got, sizeof(f)))
		abort();
	if (lic_format_features(&f, feat, sizeof(feat)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[FUZZ_LIC_MAX + 1];
	struct lic_key k, before;

	if (size > FUZZ_LIC_MAX)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	memset(&before, 0xA5, sizeof(before));
	k = before;
	if (lic_parse(in, &k) == 0)
		fuzz_parsed_key(&k);
	else if (!lic_key_equal(&k, &before))
		abort();
	fuzz_mint(data, size);
	return 0;
}
