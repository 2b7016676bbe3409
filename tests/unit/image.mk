# Unit tests of the software-image format (flash/pix_image.c) with mbedTLS's SHA-256.
UNIT_TESTS += test_pix_image
test_pix_image_SRCS := tests/unit/test_pix_image.c flash/pix_image.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
