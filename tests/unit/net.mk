# Unit tests of net/ logic that needs no lwIP.
UNIT_TESTS += test_tftp_frame
test_tftp_frame_SRCS := tests/unit/test_tftp_frame.c net/tftp_frame.c

UNIT_TESTS += test_chksum
test_chksum_SRCS := tests/unit/test_chksum.c net/chksum.c

UNIT_TESTS += test_rx_copy
test_rx_copy_SRCS := tests/unit/test_rx_copy.c net/rx_copy.c net/chksum.c

UNIT_TESTS += test_tftp_fast
test_tftp_fast_SRCS := tests/unit/test_tftp_fast.c net/tftp_fast.c net/chksum.c

UNIT_TESTS += test_tcp_isn
test_tcp_isn_SRCS := tests/unit/test_tcp_isn.c net/tcp_isn.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/platform_util.c
