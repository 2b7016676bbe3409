# Unit tests of the TFTP client core (net/tftp.c) against fake servers; no network, no sleeping.
UNIT_TESTS += test_tftp
test_tftp_SRCS := tests/unit/test_tftp.c net/tftp.c
