"""The monitor's commands: good input, every kind of bad input, prefixes, help (ui-spec, issue 2).

Bad input must print exactly one line and change nothing: each bad case is followed by a query of the
setting. Loops over many inputs collect every mismatch and report them together.
"""

import pytest

from pixconsole import FIRMWARES, HELP_LINES


@pytest.fixture(params=FIRMWARES)
def firmware(request):
    return request.param


# Malformed IPv4 texts (exactly four decimal parts 0..255, 1..3 digits, no leading zeros, no sign,
# nothing after).
BAD_IPS = [
    "1.2.3", "1.2.3.4.5", "1", "256.1.1.1", "1.2.3.256", "1.2.3.999", "1.2.3.1000", "1.2.3.04",
    "01.2.3.4", "1.02.3.4", "1.2.00.4", "+1.2.3.4", "-1.2.3.4", "1.-2.3.4", "1..2.3", "1.2.3.",
    ".1.2.3", "1.2.3.4.", "1.2.3.4x", "1.2.3.4/24", "a.b.c.d", "0x1.2.3.4", "1.2.3.0x4", "1,2,3,4",
    "1.2.3.4:69", "...", "1.2.3.4a", "0001.2.3.4",
]

# Well formed but not a unicast host address.
NOT_UNICAST = [
    "0.0.0.0", "0.1.2.3", "0.255.255.255", "127.0.0.1", "127.255.255.255", "224.0.0.1",
    "239.255.255.255", "240.0.0.1", "250.1.2.3", "255.255.255.255",
]

GOOD_IPS = ["192.168.1.1", "1.0.0.1", "10.0.0.10", "126.255.255.254", "128.0.0.1", "172.16.0.1",
            "223.255.255.254", "9.99.199.255"]


def check_all(con, cases):
    """cases: (line, reply lines...) tuples; fails listing every mismatch."""
    errors = [e for e in (con.check(*case) for case in cases) if e]
    assert not errors, "%d of %d mismatches:\n" % (len(errors), len(cases)) + "\n".join(errors)


# ---------------------------------------------------------------------------------------------- help

def test_help(mon):
    mon.cmd("help", *HELP_LINES)


def test_question_mark(mon):
    mon.cmd("?", *HELP_LINES)


def help_line(name):
    """The help line of command name."""
    return next(line for line in HELP_LINES if line.startswith(name + " "))


def test_help_command(mon):
    check_all(mon, [
        ("help address", help_line("address")),
        ("help add", help_line("address")),
        ("help timeout", help_line("timeout")),
        ("help tr", help_line("trace")),
        ("help HELP", help_line("help")),
        ("help reload", help_line("reload")),
        ("help ch", help_line("checksum")),
    ])


def test_help_bad(mon):
    check_all(mon, [
        ("help foo", "help: Unknown command 'foo'"),
        ("help address server", "help: too many arguments"),
    ])


def test_help_case_insensitive(mon):
    mon.cmd("HELP", *HELP_LINES)
    mon.cmd("Help", *HELP_LINES)


# ------------------------------------------------------------------------------ dispatch and prefixes

def test_unknown_command(mon):
    check_all(mon, [
        ("foo", "Unknown command 'foo'. Use ? for help."),
        ("foo bar", "Unknown command 'foo'. Use ? for help."),
        ("addressx 1.2.3.4", "Unknown command 'addressx'. Use ? for help."),
        ("x", "Unknown command 'x'. Use ? for help."),
    ])
    mon.cmd("address", "address 0.0.0.0")


def test_ambiguous_prefix(mon):
    check_all(mon, [
        ("t", "Ambiguous command 't': tftp timeout trace"),
        ("t 5", "Ambiguous command 't': tftp timeout trace"),
        ("T", "Ambiguous command 'T': tftp timeout trace"),
    ])
    mon.cmd("timeout", "timeout 4")
    mon.cmd("trace", "trace on")  # was off: the ambiguous lines ran nothing


def test_prefixes(mon):
    check_all(mon, [
        ("add 10.0.0.1", "address 10.0.0.1"),
        ("a", "address 10.0.0.1"),
        ("serv 10.0.0.2", "server 10.0.0.2"),
        ("s", "server 10.0.0.2"),
        ("g 10.0.0.254", "gateway 10.0.0.254"),
        ("f pix.bin", "file pix.bin"),
        ("i 0", "interface 0", mon.using_line(iface=0)),
        ("ti 7", "timeout 7"),
        ("tim", "timeout 7"),
        ("tr", "trace on"),
        ("tra off", "trace off"),
    ])


def test_case_insensitive_names(mon):
    check_all(mon, [
        ("ADDRESS 10.0.0.1", "address 10.0.0.1"),
        ("Server 10.0.0.2", "server 10.0.0.2"),
        ("GATE 10.0.0.3", "gateway 10.0.0.3"),
    ])


def test_spaces_between_words(mon):
    check_all(mon, [
        ("   address    10.9.8.7   ", "address 10.9.8.7"),
        ("address", "address 10.9.8.7"),
    ])


def test_empty_and_blank_lines(mon):
    mon.cmd("")
    mon.cmd("    ")
    mon.cmd("address", "address 0.0.0.0")


TOO_MANY = [
    ("address 1.2.3.4 5", "address: too many arguments"),
    ("server 1.2.3.4 5.6.7.8", "server: too many arguments"),
    ("gateway 1.2.3.4 x", "gateway: too many arguments"),
    ("file a b", "file: too many arguments"),
    ("interface 0 1", "interface: too many arguments"),
    ("timeout 5 6", "timeout: too many arguments"),
    ("trace on off", "trace: too many arguments"),
    ("ping 1.2.3.4 5", "ping: too many arguments"),
    ("tftp x", "tftp: too many arguments"),
    ("reload now", "reload: too many arguments"),
    ("help a b", "help: too many arguments"),
    ("add 1.2.3.4 5", "address: too many arguments"),  # the full name, also after a prefix
]


def test_too_many_arguments(mon):
    check_all(mon, TOO_MANY)
    # nothing changed (and reload did not reboot: the prompt is still there)
    check_all(mon, [
        ("address", "address 0.0.0.0"),
        ("server", "server 0.0.0.0"),
        ("gateway", "gateway 0.0.0.0"),
        ("file", "file not set"),
        ("interface", *mon.nics(), "interface 1", mon.using_line(iface=1)),
        ("timeout", "timeout 4"),
        ("trace", "trace on"),
    ])


# ------------------------------------------------------------------------- address, server, gateway

@pytest.mark.parametrize("name", ["address", "server", "gateway"])
def test_ip_setting_good(mon, name):
    cases = [(name, "%s 0.0.0.0" % name)]
    for ip in GOOD_IPS:
        cases += [("%s %s" % (name, ip), "%s %s" % (name, ip)), (name, "%s %s" % (name, ip))]
    check_all(mon, cases)


@pytest.mark.parametrize("name", ["address", "server", "gateway"])
def test_ip_setting_bad(mon, name):
    mon.cmd("%s 10.20.30.40" % name, "%s 10.20.30.40" % name)
    cases = []
    for ip in BAD_IPS:
        cases += [("%s %s" % (name, ip), "%s: invalid IP address '%s'" % (name, ip)),
                  (name, "%s 10.20.30.40" % name)]
    for ip in NOT_UNICAST:
        cases += [("%s %s" % (name, ip), "%s: '%s' is not a unicast host address" % (name, ip)),
                  (name, "%s 10.20.30.40" % name)]
    check_all(mon, cases)


def test_ip_settings_independent(mon):
    check_all(mon, [
        ("address 10.0.0.1", "address 10.0.0.1"),
        ("server 10.0.0.2", "server 10.0.0.2"),
        ("gateway 10.0.0.3", "gateway 10.0.0.3"),
        ("address", "address 10.0.0.1"),
        ("server", "server 10.0.0.2"),
        ("gateway", "gateway 10.0.0.3"),
    ])


# ---------------------------------------------------------------------------------------------- file

def test_file(mon):
    name123 = "f" * 118 + ".bin"  # "file " + 122 characters + ... fits the 128-character line
    assert len("file " + name123) <= 128
    check_all(mon, [
        ("file", "file not set"),
        ("file pix601.bin", "file pix601.bin"),
        ("file", "file pix601.bin"),
        ("file /tftpboot/pix-6.3(5).bin", "file /tftpboot/pix-6.3(5).bin"),
        ("file", "file /tftpboot/pix-6.3(5).bin"),
        ("file " + name123, "file " + name123),
        ("file", "file " + name123),
        ("file a b", "file: too many arguments"),
        ("file", "file " + name123),
    ])


# ----------------------------------------------------------------------------------------- interface

def test_interface_default_and_switch(mon):
    check_all(mon, [
        ("interface", *mon.nics(), "interface 1", mon.using_line(iface=1)),
        ("interface 0", "interface 0", mon.using_line(iface=0)),
        ("interface", *mon.nics(), "interface 0", mon.using_line(iface=0)),
        ("interface 1", "interface 1", mon.using_line(iface=1)),
        ("interface", *mon.nics(), "interface 1", mon.using_line(iface=1)),
    ])


def test_interface_bad(mon):
    mon.cmd("interface 0", "interface 0", mon.using_line(iface=0))
    cases = []
    for arg in ["2", "5", "8", "99", "-1", "x", "1x", "0x1", "1.0", "99999999999999999999"]:
        cases += [("interface %s" % arg, "interface: no such interface '%s' (0-1)" % arg),
                  ("interface", *mon.nics(), "interface 0", mon.using_line(iface=0))]
    check_all(mon, cases)


# ------------------------------------------------------------------------------------------- timeout

def test_timeout(mon):
    check_all(mon, [
        ("timeout", "timeout 4"),
        ("timeout 10", "timeout 10"),
        ("timeout", "timeout 10"),
        ("timeout 1", "timeout 1"),
        ("timeout 255", "timeout 255"),
        ("timeout", "timeout 255"),
    ])


def test_timeout_bad(mon):
    mon.cmd("timeout 9", "timeout 9")
    cases = []
    for arg in ["0", "256", "1000", "-1", "x", "1.5", "10x", "0x10", "99999999999999999999",
                "4294967305"]:
        cases += [("timeout %s" % arg, "timeout: invalid value '%s' (1-255 seconds)" % arg),
                  ("timeout", "timeout 9")]
    check_all(mon, cases)


# --------------------------------------------------------------------------------------------- trace

def test_trace(mon):
    check_all(mon, [
        ("trace", "trace on"),
        ("trace", "trace off"),
        ("trace on", "trace on"),
        ("trace on", "trace on"),
        ("trace", "trace off"),
        ("trace off", "trace off"),
        ("trace off", "trace off"),
        ("trace", "trace on"),
    ])


def test_trace_bad(mon):
    mon.cmd("trace on", "trace on")
    cases = []
    for arg in ["x", "1", "0", "yes", "onn", "of"]:
        cases += [("trace %s" % arg, "trace: invalid value '%s' (on or off)" % arg),
                  ("trace", "trace off"),  # it was still on
                  ("trace on", "trace on")]
    check_all(mon, cases)


def test_trace_bad_keeps_state(mon):
    check_all(mon, [
        ("trace x", "trace: invalid value 'x' (on or off)"),
        ("trace", "trace on"),  # was off, still off before this toggle
        ("trace maybe", "trace: invalid value 'maybe' (on or off)"),
        ("trace", "trace off"),  # was on, still on before this toggle
    ])


# ---------------------------------------------------------------------------------------- ping, tftp

def test_ping_needs_settings(mon):
    """ping refuses to start without a target or an address of its own; nothing changes."""
    check_all(mon, [
        ("ping", "ping: no server set (use: server <ip>, or ping <ip>)"),
        ("ping 10.0.2.2", "ping: address not set (use: address <ip>)"),
        ("server 10.0.2.2", "server 10.0.2.2"),
        ("ping", "ping: address not set (use: address <ip>)"),
        ("address", "address 0.0.0.0"),
    ])


def test_ping_bad(mon):
    cases = []
    for ip in BAD_IPS:
        cases.append(("ping %s" % ip, "ping: invalid IP address '%s'" % ip))
    for ip in NOT_UNICAST:
        cases.append(("ping %s" % ip, "ping: '%s' is not a unicast host address" % ip))
    check_all(mon, cases)


def test_tftp(mon):
    """Bad input to tftp: one line each, nothing changes (downloads are in test_tftp.py)."""
    mon.cmd("tftp", "tftp: file not set (use: file <name>)")
    mon.cmd("tftp x", "tftp: too many arguments")
    mon.cmd("checksum x", "checksum: too many arguments")
    mon.cmd("file", "file not set")
