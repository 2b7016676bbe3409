# libFuzzer harness of the image header parser (flash/pix_image.c).
FUZZERS += fuzz_image
fuzz_image_SRCS := tests/fuzz/fuzz_image.c flash/pix_image.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
