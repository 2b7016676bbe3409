"""The UEFI application's network (build/pix.efi under OVMF): its NICs through the firmware's Simple
Network Protocol (iPXE's UEFI drivers for QEMU's e1000 and i8255x), under the ROM's stack and commands.

Interface 1 (slot 14) is QEMU's user network with its TFTP server at 10.0.2.2. OVMF prints its own
output (escape sequences, BdsDxe lines) before the application's banner: the harness takes them off
(pixconsole.Console.banner), and nothing else may come before it. The interrupt line of each NIC is
the one the firmware programmed (OVMF routes PIIX PIRQs to IRQs 10 and 11, not as the ROM does), so it
is checked to be one of those, not the ROM's number.
"""
import hashlib
import os
import re
import time

import pytest

from pixconsole import CHIP, ESC, FAMILY, INTERRUPTED, NOT_PIX, PROMPT, TIMEOUT, checksum_timeout
from test_net import ping
from test_tftp import FILES, served  # noqa: F401 (the ROM's files and TFTP folder, the same checks)

EFI_BOOTDELAY = 3
NICS = ["e1000", "i82558b"]
ALL_NICS = ["i82557b", "i82558b", "i82559er", "e1000", "e1000-82544gc", "e1000-82545em"]
PCI_IRQS = (10, 11)  # the lines the firmware may give a slot (PIIX PIRQ routing)


@pytest.fixture
def firmware():
    """The shared boot fixture starts the UEFI application (conftest.py)."""
    return "efi"


@pytest.fixture
def efi_boot(boot):
    """Factory: efi_boot(nic) starts the UEFI application with two NICs of model nic and flash, and
    returns its Console once the countdown has started (the banner checked, OVMF's output before it
    taken off by the harness)."""
    def start(nic):
        con = boot(nic=nic, bootdelay=EFI_BOOTDELAY, nics=2)
        con.banner(flash=True, bootdelay=EFI_BOOTDELAY)
        return con
    return start


def interrupt(con, nic):
    """Esc at the countdown: the NIC list in slot order, the Using line of interface 1, the prompt."""
    con.send(ESC)
    con.expect_next(INTERRUPTED)
    family, chip = re.escape(FAMILY[nic]), re.escape(CHIP[nic])
    before, m = con.expect_re(r"0: %s @ PCI\(bus:0 dev:13 irq:(\d+)\)\r\n"
                         r"1: %s @ PCI\(bus:0 dev:14 irq:(\d+)\)\r\n"
                         r"\r\n"
                         r"Using 1: %s @ PCI\(bus:0 dev:14 irq:(\d+)\), MAC: 0090\.2722\.f0b1\r\n"
                         r"Use \? for help\.\r\n" % (family, family, chip) + re.escape(PROMPT))
    assert before == "", "output before the NIC list: %r" % before
    irq0, irq1, using_irq = (int(g) for g in m.groups())
    assert irq0 in PCI_IRQS and irq1 in PCI_IRQS, m.group(0)
    assert using_irq == irq1
    return irq0, irq1


@pytest.fixture(params=NICS)
def net(request, efi_boot, served):
    """The application at the monitor on a NIC model, address and server set for QEMU's user network."""
    con = efi_boot(request.param)
    interrupt(con, request.param)
    con.cmd("address 10.0.2.15", "address 10.0.2.15")
    con.cmd("server 10.0.2.2", "server 10.0.2.2")
    return con


def fetch(con, name, size=None, timeout=120):
    """file NAME, tftp: the reply up to "Received N bytes" with N the file's size, and the refusal to
    install a file that is not a PIX image (progress dots allowed before the count); returns the seconds from the command to the byte count."""
    con.cmd("file " + name, "file " + name)
    con.send("tftp\r")
    start = time.monotonic()
    con.expect_next("tftp\r\ntftp %s@10.0.2.2" % name)
    before, m = con.expect_re(r"\r\nReceived (\d+) bytes\r\n", timeout)
    elapsed = time.monotonic() - start
    assert re.fullmatch(r"\.*", before), before  # progress dots
    assert int(m.group(1)) == (FILES[name] if size is None else size)
    con.expect_next(NOT_PIX % name + PROMPT)
    return elapsed


def checksum(con, name, sums, size=None):
    size = FILES[name] if size is None else size
    con.cmd("checksum", "%d bytes, SHA-256 %s" % (size, sums[name]), timeout=checksum_timeout(size))


@pytest.mark.parametrize("nic", ALL_NICS)
def test_efi_nic_list(efi_boot, nic):
    """Esc at the countdown lists both NICs as the ROM does, from the PCI functions under their SNPs, on
    every NIC model the ROM drives (each with iPXE's UEFI driver)."""
    con = efi_boot(nic)
    irq0, _ = interrupt(con, nic)
    out = con.run("interface 0")
    assert out.endswith("interface 0\r\nUsing 0: %s @ PCI(bus:0 dev:13 irq:%d), MAC: 0090.2722.f0b0\r\n%s"
                        % (CHIP[nic], irq0, PROMPT)), out


def test_efi_ping(net):
    """Echoes to QEMU's gateway and DNS answered; the other interface (closed, then opened) too."""
    ping(net, "10.0.2.2", "!!!!!", 5, 5)
    ping(net, "10.0.2.3", "!!!!!", 5, 5)
    net.run("interface 0")
    ping(net, "10.0.2.2", "!!!!!", 5, 5)  # interface 0: a restricted user net, its gateway answers
    net.run("interface 1")
    ping(net, "10.0.2.2", "!!!!!", 5, 5)


def test_efi_tftp_sizes_arrive_intact(net, served):
    """Files from one byte to 8 MiB arrive with the right byte count and SHA-256."""
    for name in FILES:
        elapsed = fetch(net, name)
        print("%s: %.2f s" % (name, elapsed))
        checksum(net, name, served)


def test_efi_tftp_file_not_found(net):
    net.cmd("file nothere.bin", "file nothere.bin")
    net.cmd("tftp", "tftp nothere.bin@10.0.2.2",
            "tftp: nothere.bin: file not found on 10.0.2.2 (File not found)")
    net.cmd("checksum", "checksum: nothing downloaded yet (use: tftp)")


def test_efi_tftp_esc_aborts_a_download(net, served):
    """Esc during a download (trace on: its progress dots seen) stops it; nothing counts as downloaded,
    and the next download arrives intact."""
    net.cmd("trace", "trace on")
    net.cmd("file m8.bin", "file m8.bin")
    net.send("tftp\r")
    net.expect_next("tftp\r\ntftp m8.bin@10.0.2.2")
    net.expect_re(r"\.\.\.", 30)
    net.send(ESC)
    before, _ = net.expect_re(r"\r\ntftp: aborted\r\n" + re.escape(PROMPT), TIMEOUT)
    assert re.fullmatch(r"[.A]*", before), before
    net.cmd("checksum", "checksum: nothing downloaded yet (use: tftp)")
    net.cmd("trace", "trace off")
    fetch(net, "block1.bin")
    checksum(net, "block1.bin", served)


def test_efi_tftp_esc_aborts_when_nobody_answers(net):
    """A server address nobody answers: Esc stops the wait for a reply at once."""
    net.cmd("server 10.0.2.99", "server 10.0.2.99")
    net.cmd("file one.bin", "file one.bin")
    net.send("tftp\r")
    net.expect_next("tftp\r\ntftp one.bin@10.0.2.99")
    net.send(ESC)
    net.expect_next("\r\ntftp: aborted\r\n" + PROMPT, timeout=TIMEOUT)
    net.cmd("address", "address 10.0.2.15")


def test_efi_tftp_download_area(net, tmp_path):
    """The download area is the firmware's memory, at least 40 MiB of the machine's 256 MiB: a 40 MiB
    file arrives intact; a file larger than the area is refused from its tsize, before any data."""
    big = os.urandom(40 * 1024 * 1024)
    (tmp_path / "tftpboot" / "m40.bin").write_bytes(big)
    with open(tmp_path / "tftpboot" / "huge.bin", "wb") as f:  # sparse: only its size is read
        f.truncate(1024 * 1024 * 1024)
    fetch(net, "m40.bin", len(big))
    checksum(net, "m40.bin", {"m40.bin": hashlib.sha256(big).hexdigest()}, len(big))
    net.cmd("file huge.bin", "file huge.bin")
    out = net.run("tftp")
    m = re.fullmatch(r"tftp\r\ntftp huge\.bin@10\.0\.2\.2\r\ntftp: huge\.bin is 1073741824 bytes, more than "
                     r"the (\d+) bytes of RAM for downloads\r\n" + re.escape(PROMPT), out)
    assert m, out
    assert int(m.group(1)) >= 40 * 1024 * 1024
