# Host unit tests (cmocka): each test and exactly the sources it links, relative to the repo root.
# Built by the top-level Makefile as build/host/tests/<test> with -I. -Imonitor and -lcmocka.

UNIT_TESTS += test_parse test_lineedit test_cmd test_commands test_monitor test_autoboot

# the fake console, clock and NICs every monitor test but test_parse uses
MON_UNIT_FAKE := tests/unit/fake_mon_platform.c
# mbedTLS's SHA-256 (Debian's source, fetched by tools/deps.sh) for the checksum command
MON_SHA256 := build/deps/mbedtls/library/sha256.c build/deps/mbedtls/library/platform_util.c
# the install dialogue, which tftp hands a downloaded image to
MON_INSTALL := monitor/install.c

test_parse_SRCS := tests/unit/test_parse.c monitor/parse.c

test_lineedit_SRCS := tests/unit/test_lineedit.c $(MON_UNIT_FAKE) monitor/lineedit.c

test_cmd_SRCS := tests/unit/test_cmd.c $(MON_UNIT_FAKE) monitor/cmd.c cli/cli.c monitor/parse.c \
	monitor/output.c

test_commands_SRCS := tests/unit/test_commands.c $(MON_UNIT_FAKE) monitor/commands.c monitor/netcmds.c $(MON_INSTALL) \
	monitor/checksum.c $(MON_SHA256) \
	monitor/cmd.c cli/cli.c monitor/parse.c monitor/output.c monitor/monitor.c monitor/lineedit.c

test_monitor_SRCS := tests/unit/test_monitor.c $(MON_UNIT_FAKE) monitor/monitor.c \
	monitor/commands.c monitor/netcmds.c $(MON_INSTALL) monitor/checksum.c $(MON_SHA256) monitor/cmd.c cli/cli.c \
	monitor/parse.c monitor/output.c monitor/lineedit.c

test_autoboot_SRCS := tests/unit/test_autoboot.c $(MON_UNIT_FAKE) monitor/autoboot.c \
	monitor/output.c

UNIT_TESTS += test_netcmds
test_netcmds_SRCS := tests/unit/test_netcmds.c $(MON_UNIT_FAKE) monitor/netcmds.c $(MON_INSTALL) \
	monitor/checksum.c $(MON_SHA256) monitor/commands.c monitor/cmd.c cli/cli.c monitor/parse.c monitor/output.c monitor/monitor.c \
	monitor/lineedit.c

UNIT_TESTS += test_install
test_install_SRCS := tests/unit/test_install.c $(MON_UNIT_FAKE) \
	monitor/lineedit.c monitor/output.c monitor/monitor.c monitor/commands.c monitor/netcmds.c $(MON_INSTALL) \
	monitor/checksum.c $(MON_SHA256) monitor/cmd.c cli/cli.c monitor/parse.c
