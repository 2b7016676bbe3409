# Unit tests of license/ (activation keys) with mbedTLS's real AES.
UNIT_TESTS += test_lic test_lic_fwfmt
test_lic_SRCS := tests/unit/test_lic.c license/lic.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/platform_util.c
# The same tests with the firmware's own snprintf (lib/fmt.c) in place of glibc's.
test_lic_fwfmt_SRCS := $(test_lic_SRCS) lib/fmt.c
test_lic_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
