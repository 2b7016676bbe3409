"""tftp and checksum against QEMU's built-in TFTP server (slirp, 10.0.2.2) on interface 1.

QEMU's server caps blksize at 1428, honours tsize, ignores timeout and windowsize, and sends the
next block on every ACK it gets: a client that re-acknowledged a duplicate would lose a block,
which the SHA-256 comparison would show.
"""
import hashlib
import os
import re

import pytest

from pixconsole import ESC, NOT_PIX, PROMPT, TIMEOUT, checksum_timeout

SLIRP_BLKSIZE = 1428
FILES = {  # name: size
    "zero.bin": 0,
    "one.bin": 1,
    "block.bin": SLIRP_BLKSIZE,  # exactly one block: a second, empty DATA ends it
    "block1.bin": SLIRP_BLKSIZE + 1,
    "m8.bin": 8 * 1024 * 1024,
}


@pytest.fixture
def served(tmp_path):
    """The TFTP folder of the machine, with FILES of random bytes; returns {name: sha256 hex}."""
    d = tmp_path / "tftpboot"
    d.mkdir(exist_ok=True)
    sums = {}
    for name, size in FILES.items():
        data = os.urandom(size)
        (d / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


@pytest.fixture
def net(boot, served):
    """A machine at the monitor with address and server set for QEMU's user network."""
    con = boot(bootdelay=1)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    return con


def fetch(con, name, timeout=60):
    """file NAME, tftp: checks the reply up to "Received N bytes" and, the unit having flash, the refusal
    to install a file that is not a PIX image; returns the dots printed."""
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    con.expect_next("tftp\r\ntftp %s@10.0.2.2" % name)
    before, m = con.expect_re(r"\r\nReceived (\d+) bytes\r\n" + re.escape(NOT_PIX % name + PROMPT), timeout)
    assert int(m.group(1)) == FILES[name]
    return before


def checksum(con, name, sums):
    con.cmd("checksum", "%d bytes, SHA-256 %s" % (FILES[name], sums[name]),
            timeout=checksum_timeout(FILES[name]))


@pytest.mark.parametrize("name", sorted(FILES))
def test_tftp_sizes_arrive_intact(net, served, name):
    dots = fetch(net, name)
    assert set(dots) <= {"."}, "only progress dots without trace: %r" % dots
    assert len(dots) == FILES[name] // 32768
    checksum(net, name, served)


def test_tftp_one_after_another(net, served):
    """Downloads in a row on the NIC that stays open, each replacing the last."""
    for name in ("m8.bin", "one.bin", "block1.bin"):
        fetch(net, name)
        checksum(net, name, served)


@pytest.mark.parametrize("nic", ["i82559er", "e1000-82545em"])
def test_tftp_both_nic_families(boot, served, nic):
    con = boot(nic=nic, bootdelay=1)
    con.banner(flash=True, bootdelay=1)
    con.interrupt(nic)
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    fetch(con, "m8.bin")
    checksum(con, "m8.bin", served)


def test_tftp_file_not_found(net):
    net.cmd("file nothere.bin", "file nothere.bin")
    net.cmd("tftp", "tftp nothere.bin@10.0.2.2",
            "tftp: nothere.bin: file not found on 10.0.2.2 (File not found)")
    net.cmd("checksum", "checksum: nothing downloaded yet (use: tftp)")


def test_tftp_trace_shows_arp_and_not_found_code(net):
    net.cmd("trace", "trace on")
    net.cmd("file nothere.bin", "file nothere.bin")
    net.cmd("tftp", "tftp nothere.bin@10.0.2.2A<-10>",
            "tftp: nothere.bin: file not found on 10.0.2.2 (File not found)")


def test_tftp_needs_settings(boot, served):
    con = boot(bootdelay=1)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    con.cmd("tftp", "tftp: file not set (use: file <name>)")
    con.cmd("file one.bin", "file one.bin")
    con.cmd("tftp", "tftp: server not set (use: server <ip>)")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    con.cmd("tftp", "tftp: address not set (use: address <ip>)")


def test_tftp_larger_than_ram_refused_before_fetching(boot, served, tmp_path):
    """32 MiB of RAM leaves 28 MiB for downloads (from 4 MiB up): a 30 MiB file is refused from
    its tsize, before any data, and the previous download is still there."""
    big = os.urandom(30 * 1024 * 1024)
    (tmp_path / "tftpboot" / "big.bin").write_bytes(big)
    con = boot(bootdelay=1, memory=32)
    con.banner(flash=True, bootdelay=1)
    con.interrupt()
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    con.cmd("file big.bin", "file big.bin")
    out = con.run("tftp")
    m = re.fullmatch(r"tftp\r\ntftp big\.bin@10\.0\.2\.2\r\ntftp: big\.bin is 31457280 bytes, more than "
                     r"the (\d+) bytes of RAM for downloads\r\n" + re.escape(PROMPT), out)
    assert m, out
    ram_for_downloads = int(m.group(1))
    assert 27 * 1024 * 1024 <= ram_for_downloads <= 28 * 1024 * 1024, ram_for_downloads
    con.cmd("checksum", "checksum: nothing downloaded yet (use: tftp)")


def test_tftp_esc_aborts_when_nobody_answers(net):
    """A server address nobody answers: no reply to the RRQ; Esc stops it at once."""
    net.cmd("server 10.0.2.99", "server 10.0.2.99")
    net.cmd("file one.bin", "file one.bin")
    net.send("tftp\r")
    net.expect_next("tftp\r\ntftp one.bin@10.0.2.99")
    net.send(ESC)
    net.expect_next("\r\ntftp: aborted\r\n" + PROMPT, timeout=TIMEOUT)
    net.cmd("address", "address 10.0.2.15")
