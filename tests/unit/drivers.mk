# Unit tests of drivers/ logic on faked hardware.
UNIT_TESTS += test_pci
test_pci_SRCS := tests/unit/test_pci.c drivers/pci.c
