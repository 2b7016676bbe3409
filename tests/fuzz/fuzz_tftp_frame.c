/*
 * libFuzzer harness for net/tftp_frame.c, net/tftp_fast.c and net/rx_copy.c: any bytes as a
 * received frame; ASan checks the reads and writes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "net/rx_copy.h"
#include "net/tftp_fast.h"
#include "net/tftp_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tftp_frame_filter f = { 0x0a00020f, 0x0a000202, 49152 };
	uint16_t proto = 0;
	enum tftp_frame_kind k = tftp_frame_classify(&f, data, size, &proto);
	static uint8_t copy[1 << 16];
	struct tftp_fast_data d;

	if (size <= sizeof(copy))
		(void)net_rx_copy(copy, data, size);
	if (tftp_fast_parse(&f, data, size, &d)) {
		if (d.n > sizeof(copy) || 46 + d.n > size)
			abort(); /* the data it found must lie inside the frame */
		(void)tftp_fast_copy(copy, data, &d);
	}

	switch (k) {
	case TFTP_FRAME_OTHER:
	case TFTP_FRAME_SHORT:
	case TFTP_FRAME_SERVER:
	case TFTP_FRAME_IP_HLEN:
	case TFTP_FRAME_NOT_UDP:
	case TFTP_FRAME_DEST:
	case TFTP_FRAME_PORTS:
	case TFTP_FRAME_CSUM:
	case TFTP_FRAME_ARP:
	case TFTP_FRAME_NON_IP:
		return 0;
	}
	abort(); /* not a kind the classifier may return */
}
