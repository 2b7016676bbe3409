# libFuzzer harness of what the flash layout reads from flash (flash/layout*.c): record parsers,
# the boot decision and the PDM archive, through the real driver and bank model.
FUZZERS += fuzz_layout
fuzz_layout_SRCS := tests/fuzz/fuzz_layout.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c
# The same for the file system's forms (6.x, 5.0/5.1, 4.x) on a one-chip bank: the file-system
# record parser, each form's boot choice and layout_flashfs_check.
FUZZERS += fuzz_flashfs
fuzz_flashfs_SRCS := tests/fuzz/fuzz_flashfs.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c
