# libFuzzer harness of the image signature block (flash/pix_image.c img_sig_parse) and the verifier
# behind it (flash/pix_sig.c, mbedTLS's ecdsa, ecp and bignum under the firmware's configuration).
FUZZERS += fuzz_pix_sig
fuzz_pix_sig_SRCS := tests/fuzz/fuzz_pix_sig.c flash/pix_sig.c flash/pix_image.c \
	$(addprefix build/deps/mbedtls/library/, sha256.c platform_util.c ecdsa.c ecp.c ecp_curves.c \
	bignum.c asn1parse.c asn1write.c constant_time.c)
