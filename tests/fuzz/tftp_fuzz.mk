# libFuzzer harness of the TFTP client core: random packets into a running download.
FUZZERS += fuzz_tftp
fuzz_tftp_SRCS := tests/fuzz/fuzz_tftp.c net/tftp.c
