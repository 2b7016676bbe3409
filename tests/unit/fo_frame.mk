# Host unit tests of the failover message codec (net/fo_frame.c): round trips, a known answer,
# every malformed, unkeyed, mis-keyed and re-addressed frame, truncations, and the replay rule.
# HMAC-SHA-256 is mbedTLS's message digest layer (md.c, which also names MD5 under this
# configuration) and its constant-time compare. Built with ASan and UBSan: the truncation test
# hands the parser heap copies of exactly the length it is told.
FO_FRAME_MBEDTLS := $(addprefix build/deps/mbedtls/library/, md.c md5.c sha256.c platform_util.c \
	constant_time.c bignum.c) # bignum.c: constant_time.c's MPI functions (BIGNUM_C, pix_sig.c)
UNIT_TESTS += test_fo_frame
test_fo_frame_SRCS := tests/unit/test_fo_frame.c net/fo_frame.c $(FO_FRAME_MBEDTLS)
test_fo_frame_CFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
