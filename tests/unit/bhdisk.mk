# Unit tests of the Boothelper diskette's checks (boot/common/bhdisk.c) on made-up sectors.
UNIT_TESTS += test_bhdisk
test_bhdisk_SRCS := tests/unit/test_bhdisk.c boot/common/bhdisk.c flash/pix_image.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
