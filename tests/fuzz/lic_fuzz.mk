# libFuzzer harness of the activation-key parser and checker (license/), with mbedTLS's real AES.
FUZZERS += fuzz_lic
fuzz_lic_SRCS := tests/fuzz/fuzz_lic.c license/lic.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/platform_util.c
