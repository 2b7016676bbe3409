# libFuzzer harness of the Boothelper diskette's checks (boot/common/bhdisk.c).
FUZZERS += fuzz_bhdisk
fuzz_bhdisk_SRCS := tests/fuzz/fuzz_bhdisk.c boot/common/bhdisk.c flash/pix_image.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
