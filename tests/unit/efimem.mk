# Unit tests of the UEFI application's memory map for a booted image (boot/efi/efimem.c).
UNIT_TESTS += test_efimem
test_efimem_SRCS := tests/unit/test_efimem.c boot/efi/efimem.c
test_efimem_CFLAGS := -Idrivers
