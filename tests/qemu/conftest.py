"""Fixtures of the QEMU tests: the real ROM (build/pix.rom) under TCG, driven through its serial console.

Every test gets its own QEMU, its own flash file and TFTP directory under tmp_path, and a short boot
delay (fw_cfg opt/pix/bootdelay); QEMU is killed at teardown. The helpers are in pixconsole.py.

Fixtures:
  rom      path of build/pix.rom; fails (never skips) when it has not been built.
  firmware "rom": what `boot` starts. A module whose tests apply to the UEFI application too overrides it:
               @pytest.fixture(params=FIRMWARES)
               def firmware(request):
                   return request.param
           and each of its tests runs on the ROM and on build/pix.efi under OVMF (fails when not built).
  boot     factory: boot(nic=, bootdelay=, flash=True|False|PATH, serial="stdio"|"telnet", nics=2, net="user"|
           "dgram:LPORT:RPORT"|"tap:IFNAME", flashtiming=None|"datasheet") -> Console, right
           after QEMU starts (nothing consumed).
  mon      a Console at "monitor> " (default machine, the boot countdown interrupted with Esc).
  testnet  a network namespace and tap for tests against real servers (netns.TestNet), not yet up; list
           it before `boot`, so that QEMU is stopped before the tap and the namespace go.
"""

import io
import os
import socket
import subprocess
import tempfile
import time

import pexpect
import pexpect.fdpexpect
import pytest

from netns import TestNet
from pixconsole import (BOOT_TIMEOUT, EFI_APP, EFI_BOOT_TIMEOUT, ROM, TELNET_HELLO, TIMEOUT, Console,
                        free_port, pixqemu, qmp_command, readable, spawn_console)


@pytest.fixture(scope="session")
def rom():
    if not os.path.isfile(ROM):
        pytest.fail("%s is missing: build the ROM first (make), the QEMU tests need it" % ROM,
                    pytrace=False)
    return ROM


@pytest.fixture
def firmware():
    """The ROM; modules that run their tests on the UEFI application too override this fixture."""
    return "rom"


@pytest.fixture
def boot(rom, firmware, tmp_path):
    """Factory: start QEMU with the ROM (or the UEFI application, per `firmware`); returns a Console
    before anything is read."""
    consoles = []
    efi = None
    if firmware == "efi":
        if not os.path.isfile(EFI_APP):
            pytest.fail("%s is missing: build it first (make)" % EFI_APP, pytrace=False)
        efi = EFI_APP
    boot_timeout = EFI_BOOT_TIMEOUT if efi else BOOT_TIMEOUT

    def start(nic=pixqemu.DEFAULT_NIC, bootdelay=2, flash=True, serial="stdio", memory=64, nics=2, extra=(),
              net="user", flashtiming=None):
        n = len(consoles)
        if isinstance(flash, str):  # a flash file the test made (pix-flash)
            flash_file = flash
        else:
            flash_file = str(tmp_path / ("flash%d.bin" % n)) if flash else None
        tftp = str(tmp_path / "tftpboot")
        if serial == "stdio":
            argv = pixqemu.qemu_argv(rom=rom, nic=nic, tftp=tftp, flash=flash_file, serial="stdio",
                                     bootdelay=bootdelay, memory=memory, nics=nics, extra=extra, net=net,
                                     flashtiming=flashtiming, efi=efi)
            con = spawn_console(argv, efi=efi is not None)
            consoles.append(con)
            return con
        assert serial == "telnet"
        transcript = io.StringIO()
        port = free_port()
        # The guest starts paused (-S) and runs on QMP "cont" once the telnet client is connected: QEMU's
        # telnet chardev drops what the guest writes while its option negotiation is still going on.
        qmp_path = str(tmp_path / ("qmp%d.sock" % n))
        if len(qmp_path) > 100:  # sun_path limit
            qmp_path = os.path.join(tempfile.mkdtemp(prefix="pixqmp"), "qmp.sock")
        argv = pixqemu.qemu_argv(rom=rom, nic=nic, tftp=tftp, flash=flash_file, serial="telnet:%d" % port,
                                 bootdelay=bootdelay, memory=memory, nics=nics, net=net,
                                 flashtiming=flashtiming, efi=efi,
                                 extra=["-S", "-qmp", "unix:%s,server=on,wait=off" % qmp_path] + list(extra))
        log_path = str(tmp_path / ("qemu%d.log" % n))
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

        def give_up(what):
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            with open(log_path, "rb") as f:
                pytest.fail("QEMU: %s; its output: %s" % (what, f.read().decode("latin-1")), pytrace=False)

        # QEMU listens before it starts (wait=on); connect as soon as it does.
        deadline = time.monotonic() + boot_timeout
        sock = None
        while sock is None:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=1)
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    give_up("telnet console on port %d never came up" % port)
                time.sleep(0.05)  # polling for the listening socket, not for console output
        sock.settimeout(None)
        child = pexpect.fdpexpect.fdspawn(os.dup(sock.fileno()), encoding="latin-1", timeout=TIMEOUT)
        child.delaybeforesend = None
        child.logfile_read = transcript
        con = Console(child, transcript, proc=proc, sock=sock, efi=efi is not None)
        consoles.append(con)
        # QEMU's telnet option negotiation (WILL ECHO, WILL SGA, WILL BINARY, DO BINARY), then run.
        con.expect_exact(TELNET_HELLO, timeout=boot_timeout)
        try:
            qmp_command(qmp_path, "cont")
        except (OSError, ValueError) as e:
            give_up("QMP cont failed: %s" % e)
        return con

    yield start

    for con in consoles:
        con.close()
        text = con.transcript.getvalue()
        if text:
            print("--- serial console transcript ---")
            print(readable(text))


@pytest.fixture
def mon(boot):
    """The default machine (two i82558b NICs, flash, bootdelay 2) at the monitor prompt."""
    con = boot()
    con.banner(flash=True, bootdelay=2)
    con.interrupt()
    return con


@pytest.fixture
def testnet(tmp_path):
    """The test's namespace and tap (netns.TestNet), not yet up. Tests list it before `boot`, so QEMU is
    stopped before the tap and the namespace go."""
    net = TestNet(tmp_path)
    try:
        yield net
    finally:
        errors = net.close()
        for name, _, log_path in net.servers:
            text = net.log(log_path)
            if text:
                print("--- %s log (tail) ---" % name)
                print(text)
        assert not errors, "teardown: %s" % errors
