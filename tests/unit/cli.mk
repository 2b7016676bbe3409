# Unit tests of the command-line engine (cli/cli.c) on a table of their own, with the fake console.
UNIT_TESTS += test_cli
test_cli_SRCS := tests/unit/test_cli.c tests/unit/fake_mon_platform.c cli/cli.c monitor/parse.c \
	monitor/output.c
