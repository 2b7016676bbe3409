/*
 * libFuzzer harness for mon_parse_ipv4: whatever it accepts must print back
 * to exactly the input (dotted quad, no leading zeros), so nothing malformed
 * slips through as a different address.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mon.h"

#define FUZZ_IPV4_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[FUZZ_IPV4_MAX + 1], out[16];
	uint32_t a;

	if (size > FUZZ_IPV4_MAX)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (mon_parse_ipv4(in, &a))
		return 0;
	mon_format_ipv4(a, out);
	if (strcmp(in, out))
		abort();
	return 0;
}
