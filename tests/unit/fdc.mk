# Unit tests of the 82077AA driver (drivers/fdc.c) on a fake controller, DMA and clock.
UNIT_TESTS += test_fdc
test_fdc_SRCS := tests/unit/test_fdc.c drivers/fdc.c
test_fdc_CFLAGS := -Idrivers -DDRIVERS_IO_H -include tests/unit/fake_fdc_io.h
