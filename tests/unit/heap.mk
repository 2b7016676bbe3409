# The firmware's allocator (lib/heap.c), alone and under the image signature verifier: mbedTLS's
# bignum, ecp and ecdsa and flash/pix_sig.c with calloc and free renamed to the firmware heap's own
# names (the firmware reaches them through lib/stdlib.c's calloc and free, which the host has from
# libc), so every allocation of a verification is served by the arena the firmware uses.
UNIT_TESTS += test_heap
test_heap_SRCS := tests/unit/test_heap.c lib/heap.c flash/pix_sig.c flash/pix_image.c \
	$(addprefix build/deps/mbedtls/library/, sha256.c platform_util.c ecdsa.c ecp.c ecp_curves.c \
	bignum.c asn1parse.c asn1write.c constant_time.c)
test_heap_CFLAGS := -Dcalloc=heap_calloc -Dfree=heap_free
