# Host unit tests of the running image's core (os/). The pure files link alone; whatever runs a
# command line links the whole core (the command table names every handler) on the fake
# platform of fake_os_platform.c: its console, clock and NICs are fake_mon_platform's, its flash
# the real layout code over the real driver and AT29C040A model on the simulated bus.
OS_MBEDTLS := build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/aes.c \
	build/deps/mbedtls/library/md5.c build/deps/mbedtls/library/platform_util.c \
	build/deps/mbedtls/library/md.c build/deps/mbedtls/library/constant_time.c \
	build/deps/mbedtls/library/bignum.c # constant_time.c's MPI functions (BIGNUM_C, pix_sig.c)
OS_CORE_SRCS := $(wildcard os/*.c) net/http.c net/fo_frame.c cli/cli.c monitor/parse.c monitor/output.c monitor/lineedit.c \
	$(LAYOUT_SRCS) $(MBEDTLS_SIG_SRCS) flash/at29.c flash/at29_model.c flash/at29_sim.c flash/pix_image.c \
	license/lic.c $(OS_MBEDTLS)
OS_FAKE := tests/unit/fake_os_platform.c tests/unit/fake_mon_platform.c

UNIT_TESTS += test_os_config
test_os_config_SRCS := tests/unit/test_os_config.c $(OS_FAKE) $(OS_CORE_SRCS)
UNIT_TESTS += test_os_confcmds
test_os_confcmds_SRCS := tests/unit/test_os_confcmds.c $(OS_FAKE) $(OS_CORE_SRCS)
UNIT_TESTS += test_os_licence
test_os_licence_SRCS := tests/unit/test_os_licence.c $(OS_FAKE) $(OS_CORE_SRCS)
UNIT_TESTS += test_os_copy
test_os_copy_SRCS := tests/unit/test_os_copy.c $(OS_FAKE) $(OS_CORE_SRCS)
UNIT_TESTS += test_os_time
test_os_time_SRCS := tests/unit/test_os_time.c os/time.c
UNIT_TESTS += test_os_pwhash
test_os_pwhash_SRCS := tests/unit/test_os_pwhash.c os/pwhash.c build/deps/mbedtls/library/md5.c \
	build/deps/mbedtls/library/platform_util.c
UNIT_TESTS += test_os_features
test_os_features_SRCS := tests/unit/test_os_features.c os/features.c monitor/output.c \
	tests/unit/fake_mon_platform.c
# The tests of the texts again with the firmware's own snprintf (lib/fmt.c) in place of glibc's.
UNIT_TESTS += test_os_config_fwfmt test_os_licence_fwfmt test_os_copy_fwfmt
test_os_config_fwfmt_SRCS := $(test_os_config_SRCS) lib/fmt.c
test_os_config_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
test_os_licence_fwfmt_SRCS := $(test_os_licence_SRCS) lib/fmt.c
test_os_licence_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
test_os_copy_fwfmt_SRCS := $(test_os_copy_SRCS) lib/fmt.c
test_os_copy_fwfmt_CFLAGS := -Dvsnprintf=fw_vsnprintf -Dsnprintf=fw_snprintf
UNIT_TESTS += test_os_session
test_os_session_SRCS := tests/unit/test_os_session.c $(OS_FAKE) $(OS_CORE_SRCS)
UNIT_TESTS += test_os_failover
test_os_failover_SRCS := tests/unit/test_os_failover.c $(OS_FAKE) $(OS_CORE_SRCS)
