# Host unit tests of host names looked up through dns name-server (os/dns.c) from copy, configure
# and ping, on the fake platform of fake_os_platform.c with a scripted fake of the platform's
# resolver, and of the DNS response reader below lwIP's resolver (net/dns_frame.c).
UNIT_TESTS += test_os_dns
test_os_dns_SRCS := tests/unit/test_os_dns.c $(OS_FAKE) $(OS_CORE_SRCS)
# The same with the firmware's own snprintf (lib/fmt.c) in place of glibc's.
UNIT_TESTS += test_os_dns_fwfmt
test_os_dns_fwfmt_SRCS := $(test_os_dns_SRCS) lib/fmt.c
test_os_dns_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
UNIT_TESTS += test_dns_frame
test_dns_frame_SRCS := tests/unit/test_dns_frame.c net/dns_frame.c
