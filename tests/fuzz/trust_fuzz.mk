# libFuzzer harness of the HTTPS trust anchor store (flash/layout_trust.c) on arbitrary flash
# contents, through the real driver and bank model: what it reads holds together, and an add or
# a remove does what the list says.
FUZZERS += fuzz_trust
fuzz_trust_SRCS := tests/fuzz/fuzz_trust.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c
