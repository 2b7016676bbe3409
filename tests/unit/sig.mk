# Signed images (flash/pix_sig.c, and the signature block of flash/pix_image.c): keys made and
# images signed in the test by mbedTLS with a fixed test-only random generator, verified by the
# verifier with mbedTLS's ecdsa, ecp and bignum (the firmware's configuration).
UNIT_TESTS += test_pix_sig
test_pix_sig_SRCS := tests/unit/test_pix_sig.c tests/unit/test_signer.c flash/pix_sig.c flash/pix_image.c \
	$(addprefix build/deps/mbedtls/library/, sha256.c platform_util.c ecdsa.c ecp.c ecp_curves.c \
	bignum.c asn1parse.c asn1write.c constant_time.c)
