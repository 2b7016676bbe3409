# Unit tests of lib/ (the firmware's own C library), built for the host.
UNIT_TESTS += test_fmt
# lib/fmt.c defines snprintf/vsnprintf; renamed here so the test can compare it with glibc's.
test_fmt_SRCS := tests/unit/test_fmt.c lib/fmt.c
test_fmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
