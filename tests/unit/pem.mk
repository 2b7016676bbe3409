# The PEM certificate decoder and encoder (os/pem.c), alone; mbedTLS's SHA-256 checks a real
# certificate's fingerprint.
UNIT_TESTS += test_pem
test_pem_SRCS := tests/unit/test_pem.c os/pem.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/platform_util.c
