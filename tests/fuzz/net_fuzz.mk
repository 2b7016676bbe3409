# libFuzzer harnesses of net/ parsers that need no lwIP.
FUZZERS += fuzz_tftp_frame
fuzz_tftp_frame_SRCS := tests/fuzz/fuzz_tftp_frame.c net/tftp_frame.c net/tftp_fast.c net/rx_copy.c \
	net/chksum.c
FUZZERS += fuzz_dns_frame
fuzz_dns_frame_SRCS := tests/fuzz/fuzz_dns_frame.c net/dns_frame.c
