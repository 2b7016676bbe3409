# The HTTPS trust anchor store (flash/layout_trust.c) on the real AT29C040A driver and bank model:
# add, remove, refusals, torn and corrupt copies, power cuts after every bus write and mid-sector.
UNIT_TESTS += test_layout_trust
test_layout_trust_SRCS := tests/unit/test_layout_trust.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c \
	flash/at29_model.c flash/at29_sim.c flash/pix_image.c license/lic.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/platform_util.c
