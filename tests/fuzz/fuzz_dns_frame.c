/*
 * libFuzzer harness for net/dns_frame.c: any bytes as a received frame, read for a name server's
 * response about one name; ASan checks the reads (a UDP checksum of 0 lets inputs reach the DNS
 * message without computing one).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "net/dns_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rcode = dns_frame_rcode(data, size, 0xc0000201, "www.pix.test");

	if (rcode < -1 || rcode > 15)
		abort(); /* an RCODE is four bits */
	return 0;
}
