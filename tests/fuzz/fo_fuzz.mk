# libFuzzer harness of the failover message codec (net/fo_frame.c): any frame, under a key and
# under none, as received and with its checksum and HMAC made good; what parses builds again to
# the same bytes. mbedTLS's md.c (with the MD5 this configuration names), SHA-256 and
# constant-time compare for the HMAC.
FUZZERS += fuzz_fo_frame
fuzz_fo_frame_SRCS := tests/fuzz/fuzz_fo_frame.c net/fo_frame.c $(addprefix \
	build/deps/mbedtls/library/, md.c md5.c sha256.c platform_util.c constant_time.c \
	bignum.c) # bignum.c: constant_time.c's MPI functions (BIGNUM_C, pix_sig.c)
