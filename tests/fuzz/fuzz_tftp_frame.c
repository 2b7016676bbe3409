/* libFuzzer harness for net/tftp_frame.c: any bytes as a received frame; ASan checks the reads. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "net/tftp_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tftp_frame_filter f = { 0x0a00020f, 0x0a000202, 49152 };
	uint16_t proto = 0;
	enum tftp_frame_kind k = tftp_frame_classify(&f, data, size, &proto);

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
