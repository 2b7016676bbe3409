# libFuzzer harnesses (clang), one per parser of untrusted input.
FUZZERS += fuzz_monitor fuzz_ipv4
fuzz_monitor_SRCS := tests/fuzz/fuzz_monitor.c $(wildcard monitor/*.c) cli/cli.c \
	build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
fuzz_ipv4_SRCS := tests/fuzz/fuzz_ipv4.c monitor/parse.c
