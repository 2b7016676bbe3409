# libFuzzer harnesses of the running image's parsers (os/): the configuration a unit stores or
# fetches, and the arguments of copy and configure net. Both link the whole core (the command
# table names every handler); neither has a flash or a network.
OS_FUZZ_SRCS := $(wildcard os/*.c) net/http.c net/fo_frame.c cli/cli.c monitor/parse.c monitor/output.c monitor/lineedit.c \
	$(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/pix_image.c license/lic.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/md5.c build/deps/mbedtls/library/platform_util.c \
	build/deps/mbedtls/library/md.c build/deps/mbedtls/library/constant_time.c \
	build/deps/mbedtls/library/bignum.c # constant_time.c's MPI functions (BIGNUM_C, pix_sig.c)
FUZZERS += fuzz_os_config fuzz_os_url
fuzz_os_config_SRCS := tests/fuzz/fuzz_os_config.c $(OS_FUZZ_SRCS)
fuzz_os_url_SRCS := tests/fuzz/fuzz_os_url.c $(OS_FUZZ_SRCS)
