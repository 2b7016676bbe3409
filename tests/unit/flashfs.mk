# Unit tests of the flash file system's forms (flash/layout*.c): the boot choice's three rules,
# conversions, installs of older images, and power cuts after every bus write and in every
# sector load, on the real AT29C040A driver and bank model.
UNIT_TESTS += test_flashfs
test_flashfs_SRCS := tests/unit/test_flashfs.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c
