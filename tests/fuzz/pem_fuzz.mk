# libFuzzer harness of the PEM certificate decoder (os/pem.c): any text, series of blocks, the
# buffer bound, and decode(encode(x)) == x with white space spread through the base64.
FUZZERS += fuzz_pem
fuzz_pem_SRCS := tests/fuzz/fuzz_pem.c os/pem.c
