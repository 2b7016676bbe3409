"""`make run-pair`, the README's failover pair, end to end: its first run makes two licensed units with
distinct serial numbers, starts both QEMUs with their consoles and monitors on telnet ports, the two
reach each other over the failover cable, and Ctrl-C stops both.

The flash files, TFTP folder and every port are the test's own (PAIR_FLASH_*, RUN_TFTP, PAIR_ARGS), so
a developer's pair and a pair another test runs are never touched.
"""
import os
import pathlib
import random
import re
import socket
import subprocess
import sys
import time

import pexpect
import pexpect.fdpexpect
import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]

MAKE_TIMEOUT = 600  # deps.sh and the build, when there is something to do
TIMEOUT = 30
SERIALS = ("480430001", "480430002")  # the Makefile's PAIR_SERIALS
MACS = ("0090.2722.f0b", "0090.2722.f1b")  # pixqemu's unit 0 and unit 1, without the interface digit
FAILOVER_IP = ("172.17.1.1", "172.17.1.2")


def raw_output():
    """In the child: no "\\r" added to the guest's "\\r\\n" on the pty (ONLCR), as in tests/qemu."""
    import termios
    a = termios.tcgetattr(0)
    a[1] &= ~termios.ONLCR
    termios.tcsetattr(0, termios.TCSANOW, a)


def free_ports(kind, count):
    socks = [socket.socket(socket.AF_INET, kind) for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def connect(port, deadline):
    """A TCP connection to 127.0.0.1:port, tried until deadline (QEMU listens once it has started)."""
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # polling for the listening socket, not for output


class Telnet:
    """A telnet port of QEMU read with pexpect (its option negotiation bytes are skipped by the patterns)."""

    def __init__(self, port, deadline):
        self.sock = connect(port, deadline)
        self.sock.settimeout(None)
        self.child = pexpect.fdpexpect.fdspawn(os.dup(self.sock.fileno()), encoding="latin-1", timeout=TIMEOUT)
        self.child.delaybeforesend = None

    def run(self, line, prompt, timeout=TIMEOUT):
        self.child.send(line + "\r")
        self.child.expect_exact(prompt, timeout=timeout)
        return self.child.before

    def close(self):
        self.child.close()
        self.sock.close()


@pytest.fixture
def spawned():
    things = []
    yield things
    for t in things:
        t.close(force=True) if isinstance(t, pexpect.spawn) else t.close()


def test_run_pair_prints_two_crossed_units():
    """pixpair.py --print: unit 0 and unit 1 MACs, both on one LAN group, failover ends crossed."""
    out = subprocess.run([sys.executable, str(TOP / "qemu" / "pixpair.py"), "--print", "--failover", "7021:7022",
                          "--lan", "mcast:239.255.9.9:7030"], capture_output=True, text=True, timeout=TIMEOUT)
    assert out.returncode == 0, out.stderr
    primary, secondary = out.stdout.splitlines()
    for line, mac, ends in ((primary, "f0", (7021, 7022)), (secondary, "f1", (7022, 7021))):
        assert "local.port=%d,remote.type=inet,remote.host=127.0.0.1,remote.port=%d" % ends in line
        assert "remote.host=239.255.9.9,remote.port=7030" in line
        assert re.findall(r"mac=00:90:27:22:(..):b(\d)", line) == [(mac, "0"), (mac, "1"), (mac, "2")]
    assert "flash-primary.bin" in primary and "flash-secondary.bin" in secondary


def test_first_run_pair_boots_both_units_and_ctrl_c_stops_them(tmp_path, spawned):
    consoles, monitors = free_ports(socket.SOCK_STREAM, 2), free_ports(socket.SOCK_STREAM, 2)
    failover = free_ports(socket.SOCK_DGRAM, 2)
    lan = "mcast:239.255.%d.%d:%d" % (random.randint(1, 254), random.randint(1, 254),
                                      free_ports(socket.SOCK_DGRAM, 1)[0])
    args = "--consoles %d:%d --monitors %d:%d --failover %d:%d --lan %s --bootdelay 1" % (
        tuple(consoles) + tuple(monitors) + tuple(failover) + (lan,))
    flashes = (tmp_path / "primary.bin", tmp_path / "secondary.bin")
    make = pexpect.spawn("make", ["--no-print-directory", "run-pair", "PAIR_FLASH_PRIMARY=%s" % flashes[0],
                                  "PAIR_FLASH_SECONDARY=%s" % flashes[1], "RUN_TFTP=%s" % (tmp_path / "tftp"),
                                  "PAIR_ARGS=%s" % args],
                         cwd=str(TOP), encoding="latin-1", timeout=TIMEOUT, preexec_fn=raw_output)
    make.delaybeforesend = None
    spawned.append(make)
    for flash, name, serial in zip(flashes, ("primary", "secondary"), SERIALS):
        make.expect_exact("%s: a new %s unit, PIX OS 6.3(5) installed, failover licensed (serial %s)" % (
            flash, name, serial), timeout=MAKE_TIMEOUT)
    for port in consoles:
        make.expect_exact("telnet 127.0.0.1 %d" % port)
    make.expect_exact("Ctrl-C here stops both units.")
    deadline = time.monotonic() + TIMEOUT
    units = [Telnet(port, deadline) for port in consoles]
    spawned.extend(units)
    for i, unit in enumerate(units):
        unit.child.expect_exact("pixfirewall> ")
        out = unit.run("show version", "pixfirewall> ")
        assert "Serial Number: %s " % SERIALS[i] in out, out
        assert "Failover:           Enabled" in out, out
        assert "2: ethernet2: address is %s2, irq 9" % MACS[i] in out, out
        unit.run("enable", "pixfirewall# ")
        unit.run("configure terminal", "pixfirewall(config)# ")
        assert unit.run("ip address intf2 %s 255.255.255.0" % FAILOVER_IP[i], "pixfirewall(config)# ") == (
            "ip address intf2 %s 255.255.255.0\r\n" % FAILOVER_IP[i])
    # both stacks come up on the failover interface at once; then the cable must carry every echo
    for i, unit in enumerate(units):
        unit.child.send("ping intf2 %s\r" % FAILOVER_IP[1 - i])
    for unit in units:
        unit.child.expect_exact("pixfirewall(config)# ")
    out = units[0].run("ping intf2 %s" % FAILOVER_IP[1], "pixfirewall(config)# ")
    assert out.count("%s response received" % FAILOVER_IP[1]) == 3, out
    # a monitor answers, and names the failover cable n2
    monitor = Telnet(monitors[1], deadline)
    spawned.append(monitor)
    monitor.child.expect_exact("(qemu) ")
    out = monitor.run("info network", "(qemu) ")
    assert re.search(r"n2: index=0,type=dgram,udp=127\.0\.0\.1:%d/127\.0\.0\.1:%d" % (failover[1], failover[0]),
                     out), out
    assert "n0: index=0,type=dgram,mcast=%s" % lan[len("mcast:"):] in out, out
    make.sendintr()
    make.expect_exact("pixpair.py: SIGINT: stopping both units")
    for unit in units + [monitor]:
        unit.child.expect(pexpect.EOF, timeout=TIMEOUT)  # QEMU is gone: its end of the connection closed
    make.expect(pexpect.EOF)
