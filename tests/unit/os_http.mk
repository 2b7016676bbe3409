# Host unit tests of copy http[s]://... and configure http[s]://... (os/http.c, os/copy.c) on the
# fake platform of fake_os_platform.c, with a scripted fake of the platform's HTTP GETs.
UNIT_TESTS += test_os_http
test_os_http_SRCS := tests/unit/test_os_http.c $(OS_FAKE) $(OS_CORE_SRCS)
# The same with the firmware's own snprintf (lib/fmt.c) in place of glibc's.
UNIT_TESTS += test_os_http_fwfmt
test_os_http_fwfmt_SRCS := $(test_os_http_SRCS) lib/fmt.c
test_os_http_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
