# Unit tests of the flash layout (flash/layout*.c) on the real AT29C040A driver and bank model,
# with the image checks, the licence codec and mbedTLS's SHA-256 and AES.
UNIT_TESTS += test_layout
test_layout_SRCS := tests/unit/test_layout.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c

# The PDM archive store (flash/layout_pdm.c) on the same driver and model: install, refusals,
# damage, power cuts after every bus write.
UNIT_TESTS += test_layout_pdm
test_layout_pdm_SRCS := tests/unit/test_layout_pdm.c $(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c \
	flash/at29_sim.c flash/pix_image.c license/lic.c build/deps/mbedtls/library/sha256.c \
	build/deps/mbedtls/library/aes.c build/deps/mbedtls/library/platform_util.c

# Signed images in the layout (flash/layout_sig.c): signing keys locked with the identity, install
# and boot refusals, the security version and power cuts while it is raised.
UNIT_TESTS += test_layout_sig
test_layout_sig_SRCS := tests/unit/test_layout_sig.c tests/unit/test_signer.c $(LAYOUT_SRCS) \
	$(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c flash/at29_sim.c flash/pix_image.c \
	license/lic.c build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/platform_util.c
