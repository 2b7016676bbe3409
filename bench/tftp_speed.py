#!/usr/bin/python3
"""TFTP throughput benchmark: the PIX ROM's `tftp` against U-Boot's `tftpboot` and iPXE's `imgfetch`
(iPXE's EFI build under OVMF, and its BIOS build behind SeaBIOS); and the PIX UEFI application's `tftp`
under OVMF (target pix-efi, issue 13) against iPXE's EFI build on the same machine.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/tftp_speed.py [--runs N] [--quick] [--server slirp|atftpd] [--nic MODEL] [--target T]
                                         [--uboot-windows 1,4,8,16,32] [--rom PATH] [--json FILE]

All four firmwares download the same random files (8 MiB and 32 MiB) from the same server through the
same QEMU NIC model (e1000 and i82558b), in the same QEMU binary (qemu-system-x86_64, which OVMF needs),
under TCG (-accel tcg). Two servers, each with its own table:
QEMU's built-in TFTP server on its user network (slirp, 10.0.2.2; no windowsize), and atftpd 0.8
(Debian's, RFC 7440 windowsize) in a network namespace behind a tap device (192.0.2.1, the arrangement
of tests/qemu/netns.py, which this script imports). On atftpd, U-Boot downloads once per
`tftpwindowsize` (1, 4, 8, 16, 32 by default) and its best one is the baseline, and a sniffer on the tap
records what every client asked for and what the server granted (blksize, windowsize). Without --server
only slirp runs (as in `make bench`). Each figure is the wall-clock time (time.monotonic()) from writing
the Enter key of the command, once its echo has been read, to reading the firmware's end-of-download
text on the serial console (PIX: "Received N bytes"; U-Boot: "Bytes transferred = N"; iPXE: its prompt
coming back, timed from the echo of the Enter key, see bench/README.md). Each QEMU session boots one firmware, stops it at its prompt, downloads the file once
("cold": the first download of the session) and again ("warm"; U-Boot once per settings variant),
and for iPXE also times the command that opens its NIC (`dhcp`, or `ifopen net0` on the tap), which gives
it a second cold figure, "cold, from the NIC's open" (that command + the cold imgfetch: from its first
command that uses the network to the end of its first download, as the PIX ROM's cold `tftp` is),
checks every download's size (and its content where the firmware can tell: SHA-256 on the PIX ROM,
CRC-32 on U-Boot), and is killed. Runs are interleaved (run 1 of every case, then run 2, ...); the
table shows the median and the min/max over the runs. See bench/README.md for what each figure
includes and what is not measured.
"""

import argparse
import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import (Failed, cpu_model, kill, loadavg, process_times, qemu_version, spawn,  # noqa: E402
                       summary, tail, wait)
import zlib

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402  (the launcher `make run` and the tests use)

# The network namespace, tap, atftpd and tap sniffer of the server tests (tests/qemu/netns.py). It
# reports a set-up failure through pytest.fail(), whose exception is caught here: the atftpd rows then
# show n/a with its words.
sys.path.insert(0, os.path.join(TOP, "tests", "qemu"))
try:
    import netns  # noqa: E402
    NETNS_FAILED = netns.pytest.fail.Exception
    NETNS_MISSING = None
except ImportError as e:  # netns needs pytest (python3-pytest)
    netns, NETNS_FAILED, NETNS_MISSING = None, None, "tests/qemu/netns.py cannot be imported: %s" % e

# One QEMU binary for every firmware, so the rows compare like with like: OVMF needs qemu-system-x86_64, and
# the PIX ROM, U-Boot and SeaBIOS run on its `pc` machine as they do on qemu-system-i386's.
QEMU = "qemu-system-x86_64"
DEFAULT_ROM = os.path.join(TOP, "build", "pix.rom")
EFI_APP = os.path.join(TOP, "build", "pix.efi")  # the PIX UEFI application (issue 13), under OVMF
UBOOT_ROM = "/usr/lib/u-boot/qemu-x86/u-boot.rom"                 # Debian package u-boot-qemu
UBOOT_CONFIG = "/usr/share/doc/u-boot-qemu/configs/config.qemu-x86.gz"  # the build's .config
IPXE_DIR = "/usr/lib/ipxe/qemu"                                  # Debian package ipxe-qemu
# iPXE option ROM per NIC model: what QEMU 7.2's pc-i440fx-7.2 picks by itself for that device,
# named explicitly so that the figures say which ROM ran.
IPXE_ROMS = {"e1000": "efi-e1000.rom", "i82558b": "pxe-eepro100.rom"}
# iPXE's EFI build as the NIC's option ROM under OVMF (UEFI firmware, Debian package ovmf): the EFI driver
# in efi-*.rom is what runs there (efi-e1000.rom holds both a BIOS and an EFI image).
OVMF = "/usr/share/ovmf/OVMF.fd"
IPXE_EFI_ROMS = {"e1000": "efi-e1000.rom", "i82558b": "efi-eepro100.rom"}

NICS = ("e1000", "i82558b")
SIZES_MIB = (8, 32)
SERVERS = ("slirp", "atftpd")
# What runs without --server (and so in `make bench`): slirp only. The atftpd part takes about 6-9 minutes
# with 3 runs on this 2-CPU machine (U-Boot downloads once per window), too long to add by default.
DEFAULT_SERVERS = ("slirp",)
UBOOT_WINDOWS = (1, 4, 8, 16, 32)  # U-Boot's tftpwindowsize values tried against atftpd
MEMORY_MB = 256        # every machine gets the same RAM (U-Boot needs room above its load address)
GUEST_IP, SERVER_IP = "10.0.2.15", "10.0.2.2"  # slirp's first DHCP address and its TFTP server
UBOOT_LOAD = 0x1000000  # 16 MiB: inside U-Boot's RAM, below its relocated self at the top of 256 MiB
BOOT_TIMEOUT = 20.0    # seconds from spawn to a firmware's prompt
EFI_BOOT_TIMEOUT = 60.0  # the same through OVMF (its start-up under TCG takes seconds)
REPLY_TIMEOUT = 20.0   # any short command (setenv, checksum, dhcp, ...)


def download_timeout(mib):
    """Seconds allowed for one download: slow enough for U-Boot on a busy host (~4 MiB/s idle)."""
    return 20.0 + 3.0 * mib


# U-Boot's variants on slirp, tried in every session after the cold download (which uses the build's
# defaults). Debian's build sets CONFIG_TFTP_BLOCKSIZE=1468 and CONFIG_TFTP_WINDOWSIZE=1. On atftpd the
# variants are one per window of --uboot-windows (uboot_window_variants()).
UBOOT_VARIANTS = [
    ("default", []),
    ("blksize 1468, window 8", ["setenv tftpblocksize 1468", "setenv tftpwindowsize 8"]),
    ("blksize 1468, window 32", ["setenv tftpblocksize 1468", "setenv tftpwindowsize 32"]),
]


def uboot_window_variants(windows):
    """U-Boot's variants on atftpd: the largest block that fits the 1500-byte MTU (1468: 1500 - IP 20 - UDP 8
    - TFTP 4; the build has no CONFIG_IP_DEFRAG, so no larger block can arrive), one per window."""
    return [("window %d" % n, ["setenv tftpblocksize 1468", "setenv tftpwindowsize %d" % n]) for n in windows]


TITLES = {"pix": "PIX ROM", "pix-efi": "OVMF + PIX EFI", "uboot": "U-Boot 2023.01", "ipxe": "SeaBIOS + iPXE",
          "ipxe-efi": "OVMF + iPXE EFI"}
TARGETS = ("pix", "pix-efi", "uboot", "ipxe", "ipxe-efi")
# The issue 9 goal on QEMU's server: the PIX ROM at least this many times as fast as iPXE's EFI build, warm.
EFI_GOAL_WARM = 1.2
EFI_DONE = 1.0  # every row, and every cold row's goal


def command(child, line, patterns, timeout, chunk=None, from_echo=False, times=None):
    """Types line, waits for its echo, then sends CR and waits for patterns. Returns (index of the pattern
    seen, seconds from writing the CR to reading that text). chunk: type at most this many characters
    before waiting for their echo (SeaBIOS's serial console drops keys beyond its 16-key buffer).
    from_echo: start the clock when the echo of the CR (its line end) is read instead of when the CR is
    written (for iPXE, which sees a key only at the next 55 ms BIOS timer tick). times: a list that gets
    QEMU's (CPU seconds, seconds waiting for a CPU) over the same span appended (None when unreadable)."""
    chunk = chunk or len(line)
    for i in range(0, len(line), chunk):
        part = line[i:i + chunk]
        child.send(part)
        wait(child, [re.escape(part.encode())], REPLY_TIMEOUT, "echo of %r" % line)
    t0 = time.monotonic()
    before = process_times(child.pid) if times is not None else None
    child.send("\r")
    if from_echo:
        wait(child, [rb"\n"], REPLY_TIMEOUT, "echo of the Enter after %r" % line)
        t0 = time.monotonic()
        before = process_times(child.pid) if times is not None else None
    i = wait(child, patterns, timeout, line)
    secs = time.monotonic() - t0
    if times is not None:
        after = process_times(child.pid)
        times.append(None if before is None or after is None else (after[0] - before[0], after[1] - before[1]))
    return i, secs


class Files:
    """The random files in the TFTP folder, with what each firmware can check them against."""

    def __init__(self, folder, sizes_mib):
        self.folder = folder
        self.name, self.size, self.sha256, self.crc32 = {}, {}, {}, {}
        for mib in sizes_mib:
            data = os.urandom(mib << 20)
            name = "rand%dm.bin" % mib
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
            self.name[mib], self.size[mib] = name, len(data)
            self.sha256[mib] = hashlib.sha256(data).hexdigest()
            self.crc32[mib] = "%08x" % zlib.crc32(data)


# ---- the two servers ------------------------------------------------------------------------------
# A network says how a firmware's NIC reaches the server: the -netdev, the addresses to configure, the MAC
# to give the NIC, and a sniffer on the link (or None) to see what was negotiated.

class Unavailable(Exception):
    """This firmware (or server) cannot run this case at all (reported as n/a with the reason)."""


class SlirpNet:
    """QEMU's user network: its DHCP gives 10.0.2.15, its TFTP server at 10.0.2.2 serves the folder."""
    name = "slirp"
    title = "QEMU's built-in TFTP server (user network, slirp, 10.0.2.2)"
    guest_ip, server_ip, netmask, mac = GUEST_IP, SERVER_IP, None, None
    pix_net = "user"

    def __init__(self, folder):
        self.folder = folder

    def netdev(self, ident):
        return "user,id=%s,tftp=%s" % (ident, self.folder)

    def sniffer(self):
        return None

    def close(self):
        return []


class AtftpdNet:
    """atftpd (Debian 12's 0.8, RFC 7440 windowsize) in a network namespace of tests/qemu/netns.py, on
    192.0.2.1, reached from QEMU through a tap device and a bridge; the firmware is 192.0.2.15/24. Every
    firmware's NIC gets the same MAC (netns.FIRMWARE_MAC, the PIX launcher's interface 1), so the
    namespace's ARP entry and the bridge's table stay right from one QEMU session to the next."""
    name = "atftpd"
    pix_net = None  # "tap:<tap>", set when up

    def __init__(self, folder, workdir):
        if netns is None:
            raise Unavailable(NETNS_MISSING)
        self.testnet = None
        self.folder = folder
        try:
            self.testnet = netns.TestNet(workdir)
            self.testnet.up()
            os.chmod(folder, 0o755)
            argv = [netns.atftpd_path(), "--daemon", "--no-fork", "--logfile", "-", "--verbose=5",
                    "--user", "root", "--group", "root", "--bind-address", netns.SERVER_IP, "--port", "69",
                    folder]
            self.testnet.start_server("atftpd", argv, netns.SERVER_IP)
        except NETNS_FAILED as e:
            self.close()
            raise Unavailable("atftpd in a network namespace: %s" % (str(e).strip() or type(e).__name__))
        self.version = atftpd_version(argv[0])
        self.title = "%s in a network namespace, on a tap (%s)" % (self.version, netns.SERVER_IP)
        self.guest_ip, self.server_ip, self.netmask = netns.CLIENT_IP, netns.SERVER_IP, "255.255.255.0"
        self.mac = netns.FIRMWARE_MAC
        self.tap = self.testnet.tap
        self.pix_net = "tap:" + self.tap

    def netdev(self, ident):
        return pixqemu.netdev_spec(self.pix_net, ident, self.folder)

    def sniffer(self):
        return netns.Sniffer(self.tap)

    def close(self):
        """Kills atftpd, removes the namespace, tap, bridge and veth pair; returns the errors."""
        if self.testnet is None:
            return []
        testnet, self.testnet = self.testnet, None
        return testnet.close()


def atftpd_version(path):
    try:
        out = subprocess.run([path, "-V"], capture_output=True, text=True, timeout=10)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "atftpd"


def watch(ctx):
    """A sniffer on the server's link for one download, or None (slirp has no link to watch)."""
    return ctx.net.sniffer()


def negotiated(sniff):
    """What a sniffer saw of one download: {"asked": RRQ options, "granted": OACK options or None} (only
    blksize and windowsize), or None when nothing was watched or no RRQ was seen."""
    if sniff is None:
        return None
    sniff.close()
    if not sniff.rrq:
        return None
    keep = ("blksize", "windowsize")
    return {"asked": {k: v for k, v in sniff.rrq[2].items() if k in keep},
            "granted": None if sniff.oack is None else {k: v for k, v in sniff.oack.items() if k in keep},
            "first_data": sniff.first_data_len}


# ---- the three firmwares ---------------------------------------------------------------------------
# Each session function boots one QEMU, records each download's seconds through record(phase, s) as soon
# as it is checked, and raises Failed (or Unavailable) when something goes wrong. QEMU is killed after it.

PIX_PROMPT = rb"monitor> "
# A second PIX session per case: Esc pressed when its countdown (PIX_COUNTDOWN_S) shows 1 second left, so 2 s
# after the ROM began opening the monitor's interface (during the countdown), then one download, timed as the
# others. It shows the first download of a user who did not press Esc at once: the e1000's 1 s receive hold
# has run out by then.
PIX_COUNTDOWN_S = 3
PIX_COUNTDOWN_PHASE = "cold, Esc 2 s into countdown"


def pix_session(ctx, nic, mib, record):
    pix_run(ctx, nic, mib, record, ("cold", "warm"), 1, rb"Use BREAK or ESC")
    pix_run(ctx, nic, mib, record, (PIX_COUNTDOWN_PHASE,), PIX_COUNTDOWN_S, rb"Flash boot in 1 second")


def pix_efi_session(ctx, nic, mib, record):
    """The PIX UEFI application under OVMF (its NICs through iPXE's EFI drivers' SNP): cold and warm, and
    cold with Esc 2 s into the countdown, as the ROM's sessions."""
    if not os.path.isfile(ctx.efi):
        raise Unavailable("%s missing (make)" % ctx.efi)
    pix_run(ctx, nic, mib, record, ("cold", "warm"), 1, rb"Use BREAK or ESC", efi=True)
    pix_run(ctx, nic, mib, record, (PIX_COUNTDOWN_PHASE,), PIX_COUNTDOWN_S, rb"Flash boot in 1 second", efi=True)


def pix_run(ctx, nic, mib, record, phase_names, bootdelay, esc_at, efi=False):
    """One PIX ROM (efi: UEFI application) session: Esc when esc_at is read (the countdown is bootdelay
    seconds), the settings, then one timed download per phase name, each checked with `checksum`."""
    flash = os.path.join(ctx.tmp, "flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)  # a fresh (QEMU-created, zero-filled) flash bank for every session
    argv = pixqemu.qemu_argv(rom=ctx.rom, nic=nic, tftp=ctx.files.folder, flash=flash, bootdelay=bootdelay,
                             memory=MEMORY_MB, make_dirs=efi, net=ctx.net.pix_net, qemu=QEMU,
                             efi=ctx.efi if efi else None)
    child = None
    try:
        child = spawn(argv)
        wait(child, [esc_at], EFI_BOOT_TIMEOUT if efi else BOOT_TIMEOUT, "boot")
        child.send("\x1b")
        wait(child, [PIX_PROMPT], BOOT_TIMEOUT, "monitor prompt after Esc")
        for cmd in ("address " + ctx.net.guest_ip, "server " + ctx.net.server_ip, "file " + ctx.files.name[mib]):
            command(child, cmd, [PIX_PROMPT], REPLY_TIMEOUT)
            if cmd.encode() not in child.before:  # the ROM confirms the setting with the same words
                raise Failed("%s: unexpected reply %r" % (cmd, tail(child.before)))
        for phase in phase_names:
            sniff = watch(ctx)
            times = []
            try:
                i, secs = command(child, "tftp", [rb"Received (\d+) bytes", PIX_PROMPT], download_timeout(mib),
                                  times=times)
            finally:
                seen = negotiated(sniff)
            if i == 1:
                raise Failed("tftp (%s) failed: %r" % (phase, tail(child.before)))
            got = int(child.match.group(1))
            wait(child, [PIX_PROMPT], REPLY_TIMEOUT, "prompt after tftp")
            command(child, "checksum", [rb"(\d+) bytes, SHA-256 ([0-9a-f]{64})"], REPLY_TIMEOUT)
            n, digest = int(child.match.group(1)), child.match.group(2).decode()
            wait(child, [PIX_PROMPT], REPLY_TIMEOUT, "prompt after checksum")
            if got != ctx.files.size[mib] or n != got or digest != ctx.files.sha256[mib]:
                raise Failed("tftp (%s): got %d bytes (checksum: %d bytes, SHA-256 %s), expected %d, %s"
                             % (phase, got, n, digest, ctx.files.size[mib], ctx.files.sha256[mib]))
            record(phase, secs, seen, times[0])
    finally:
        kill(child)


UBOOT_PROMPT = rb"=> "


def uboot_config_says(option):
    """The value of option in the U-Boot build's .config shipped by Debian, or None."""
    try:
        with gzip.open(UBOOT_CONFIG, "rt") as f:
            for line in f:
                if line.startswith(option + "="):
                    return line.strip().split("=", 1)[1]
                if line.strip() == "# %s is not set" % option:
                    return "not set"
    except OSError:
        pass
    return None


def uboot_session(ctx, nic, mib, record):
    argv = [QEMU, "-M", "pc", "-accel", "tcg", "-bios", UBOOT_ROM, "-m", str(MEMORY_MB),
            "-display", "none", "-nodefaults", "-no-user-config", "-serial", "stdio", "-monitor", "none",
            "-netdev", ctx.net.netdev("n0"), "-device", nic_device(ctx, nic)]
    name, size = ctx.files.name[mib], ctx.files.size[mib]
    child = None
    try:
        child = spawn(argv)
        wait(child, [rb"Hit any key to stop autoboot"], BOOT_TIMEOUT, "boot")
        no_nic = b"No ethernet found" in child.before
        child.send(" ")
        wait(child, [UBOOT_PROMPT], BOOT_TIMEOUT, "prompt after stopping autoboot")
        if no_nic:
            cfg = uboot_config_says("CONFIG_EEPRO100") if nic.startswith("i8255") else None
            raise Unavailable("U-Boot says \"No ethernet found.\" with a %s%s" % (
                nic, "" if cfg is None else " (its build has CONFIG_EEPRO100 %s)" % cfg))

        def setenv(cmds):
            for cmd in cmds:
                command(child, cmd, [UBOOT_PROMPT], REPLY_TIMEOUT)

        def fetch(phase):
            sniff = watch(ctx)
            times = []
            try:
                i, secs = command(child, "tftpboot 0x%x %s" % (UBOOT_LOAD, name),
                                  [rb"Bytes transferred = (\d+) \(", UBOOT_PROMPT], download_timeout(mib),
                                  times=times)
            finally:
                seen = negotiated(sniff)
            if i == 1:
                raise Failed("tftpboot (%s) failed: %r" % (phase, tail(child.before)))
            got = int(child.match.group(1))
            wait(child, [UBOOT_PROMPT], REPLY_TIMEOUT, "prompt after tftpboot")
            # crc32 prints "crc32 for 01000000 ... 017fffff ==> 1234abcd" (mind: "==> " holds "=> ").
            command(child, "crc32 0x%x ${filesize}" % UBOOT_LOAD, [rb"==> ([0-9a-f]{8})"], REPLY_TIMEOUT)
            crc = child.match.group(1).decode()
            wait(child, [UBOOT_PROMPT], REPLY_TIMEOUT, "prompt after crc32")
            if got != size or crc != ctx.files.crc32[mib]:
                raise Failed("tftpboot (%s): %d bytes, CRC-32 %s; expected %d, %s"
                             % (phase, got, crc, size, ctx.files.crc32[mib]))
            record(phase, secs, seen, times[0])

        setenv(["setenv ipaddr " + ctx.net.guest_ip, "setenv serverip " + ctx.net.server_ip]
               + (["setenv netmask " + ctx.net.netmask] if ctx.net.netmask else []))
        fetch("cold")
        for label, cmds in ctx.uboot_variants:
            setenv(cmds)
            fetch("warm, " + label)
    finally:
        kill(child)


IPXE_PROMPT = rb"iPXE> "
# SeaBIOS's serial console holds back the last character written until the next one or the next timer
# tick, so the prompt's trailing space shows up to 55 ms late: the end of a download is "iPXE>".
IPXE_PROMPT_SEEN = rb"iPXE>"
IPXE_CHUNK = 8  # keys typed before waiting for their echo: SeaBIOS's keyboard buffer holds 15 keys
# iPXE's second cold figure: the time of the command that opens its NIC (dhcp, or ifopen net0 on a tap; its
# own row, ipxe_open_phase()) + the time of its cold imgfetch. The PIX ROM's counterpart is its "cold" row: it
# opened its NIC during the countdown, its address/server/file commands do not touch the NIC, and its first
# command that uses the network is the timed tftp. Both then run from the first command that uses the
# network to the end of the first download (what is left then of the e1000's 1 s receive hold falls in it;
# iPXE's also holds its DHCP exchange, see bench/README.md).
IPXE_COLD_OPEN_PHASE = "cold, from the NIC's open"


def ipxe_open_command(ctx):
    """The iPXE command that opens its NIC: dhcp on QEMU's server (its DHCP server gives the address), ifopen
    net0 on a tap (a static address, set before it)."""
    return "dhcp" if ctx.net.name == "slirp" else "ifopen net0"


def ipxe_open_phase(ctx):
    """The row of the time of ipxe_open_command() (one per session, the same for both sizes)."""
    return "NIC open (%s)" % ipxe_open_command(ctx)


def add_times(a, b):
    """The sum of two (CPU seconds, seconds waiting for a CPU) of command(), None when either is None."""
    return None if a is None or b is None else (a[0] + b[0], a[1] + b[1])


def ipxe_session(ctx, nic, mib, record):
    rom = os.path.join(IPXE_DIR, IPXE_ROMS[nic])
    if not os.path.isfile(rom):
        raise Unavailable("%s missing (apt-get install ipxe-qemu)" % rom)
    # graphics=off gives SeaBIOS the fw_cfg file etc/sercon-port: its serial console then mirrors the
    # INT 10h text of iPXE onto COM1 and turns serial input into key strokes (see bench/README.md).
    argv = [QEMU, "-M", "pc,graphics=off", "-accel", "tcg", "-m", str(MEMORY_MB),
            "-display", "none", "-nodefaults", "-no-user-config", "-serial", "stdio", "-monitor", "none",
            "-netdev", ctx.net.netdev("n0"), "-device", nic_device(ctx, nic, "romfile=" + rom), "-boot", "n"]
    ipxe_shell(ctx, argv, mib, record)


def ipxe_efi_session(ctx, nic, mib, record):
    """iPXE's EFI build: OVMF boots from the network (-boot n), which starts the EFI driver of the NIC's
    option ROM; its console is OVMF's, on COM1."""
    rom = os.path.join(IPXE_DIR, IPXE_EFI_ROMS[nic])
    if not os.path.isfile(rom):
        raise Unavailable("%s missing (apt-get install ipxe-qemu)" % rom)
    if not os.path.isfile(OVMF):
        raise Unavailable("%s missing (apt-get install ovmf)" % OVMF)
    argv = [QEMU, "-M", "pc", "-accel", "tcg", "-bios", OVMF, "-m", str(MEMORY_MB),
            "-display", "none", "-nodefaults", "-no-user-config", "-serial", "stdio", "-monitor", "none",
            "-netdev", ctx.net.netdev("n0"), "-device", nic_device(ctx, nic, "romfile=" + rom), "-boot", "n"]
    ipxe_shell(ctx, argv, mib, record)


def ipxe_shell(ctx, argv, mib, record):
    """Boots argv to iPXE's shell (Ctrl-B), brings net0 up with its NIC-opening command (dhcp or ifopen net0,
    timed as imgfetch is), then times imgfetch cold and warm; the cold one is also recorded with the
    NIC-opening command's time added (IPXE_COLD_OPEN_PHASE)."""
    name, size = ctx.files.name[mib], ctx.files.size[mib]
    url = "tftp://%s/%s" % (ctx.net.server_ip, name)
    child = None
    try:
        child = spawn(argv)
        wait(child, [rb"Press Ctrl-B for the iPXE command line"], BOOT_TIMEOUT, "boot")
        child.send("\x02")
        wait(child, [IPXE_PROMPT], BOOT_TIMEOUT, "iPXE shell after Ctrl-B")
        # The command that opens the NIC is timed as imgfetch is (from the echo of the Enter key to "iPXE>").
        open_cmd, open_times = ipxe_open_command(ctx), []
        if open_cmd == "dhcp":  # slirp: its DHCP server gives the address (and dhcp opens the NIC)
            _, open_secs = command(child, open_cmd, [IPXE_PROMPT_SEEN], 60.0, IPXE_CHUNK, from_echo=True,
                                   times=open_times)
            if not re.search(rb"\.\.\.* ok", child.before):
                raise Failed("dhcp: %r" % tail(child.before))
        else:  # no DHCP server on the tap: a static address (untimed), then the NIC opened
            for cmd in ("set net0/ip " + ctx.net.guest_ip, "set net0/netmask " + ctx.net.netmask, open_cmd):
                if cmd == open_cmd:
                    _, open_secs = command(child, cmd, [IPXE_PROMPT_SEEN], 60.0, IPXE_CHUNK, from_echo=True,
                                           times=open_times)
                else:
                    command(child, cmd, [IPXE_PROMPT], 60.0, IPXE_CHUNK)
                if re.search(rb"(?i)error|not found|invalid", child.before):
                    raise Failed("%s: %r" % (cmd, tail(child.before)))
        if ctx.net.guest_ip.encode() not in ipxe_show(child, "net0/ip"):
            raise Failed("net0/ip is not %s: %r" % (ctx.net.guest_ip, tail(child.before)))
        record(ipxe_open_phase(ctx), open_secs, None, open_times[0])
        for phase in ("cold", "warm"):
            command(child, "imgfree", [IPXE_PROMPT], REPLY_TIMEOUT, IPXE_CHUNK)
            sniff = watch(ctx)
            times = []
            try:
                _, secs = command(child, "imgfetch " + url, [IPXE_PROMPT_SEEN], download_timeout(mib),
                                  IPXE_CHUNK, from_echo=True, times=times)
            finally:
                seen = negotiated(sniff)
            # "tftp://.../f... ok", with progress ("53%" and backspaces) before the ok on long fetches.
            m = re.search(re.escape(url.encode()) + rb"\.\.\. ([^\r\n]*)", child.before)
            if not m or re.sub(rb"\d+%|[\x08 ]", b"", m.group(1)) != b"ok":
                raise Failed("imgfetch (%s) failed: %r" % (phase, tail(child.before)))
            command(child, "imgstat", [re.escape(name.encode()) + rb" : (\d+) bytes"], REPLY_TIMEOUT, IPXE_CHUNK)
            got = int(child.match.group(1))
            wait(child, [IPXE_PROMPT], REPLY_TIMEOUT, "prompt after imgstat")
            if got != size:
                raise Failed("imgfetch (%s): imgstat says %d bytes, expected %d" % (phase, got, size))
            record(phase, secs, seen, times[0])
            if phase == "cold":
                record(IPXE_COLD_OPEN_PHASE, open_secs + secs, None, add_times(open_times[0], times[0]))
    finally:
        kill(child)


def nic_device(ctx, nic, *more):
    """The -device value of a U-Boot or iPXE machine's one NIC (the MAC of the network, if it fixes one)."""
    opts = [nic, "netdev=n0"] + (["mac=" + ctx.net.mac] if ctx.net.mac else []) + list(more)
    return ",".join(opts)


def ipxe_show(child, setting):
    command(child, "show " + setting, [IPXE_PROMPT], REPLY_TIMEOUT, IPXE_CHUNK)
    return child.before


SESSIONS = {"pix": pix_session, "pix-efi": pix_efi_session, "uboot": uboot_session, "ipxe": ipxe_session, "ipxe-efi": ipxe_efi_session}


# ---- the run ----------------------------------------------------------------------------------------

class Context:
    """One server's part of the run: its network, its U-Boot variants and what was measured on it."""

    def __init__(self, rom, tmp, files, net, uboot_variants, targets=TARGETS):
        self.rom, self.tmp, self.files = rom, tmp, files
        self.efi = os.path.join(tmp, "pix.efi")  # the run's copy of build/pix.efi
        self.targets = targets  # the firmwares this run measures (--target)
        self.net, self.uboot_variants = net, uboot_variants
        self.samples = {}      # (target, nic, mib, phase) -> [seconds]
        self.failures = {}     # (target, nic, mib) -> [message]
        self.unavailable = {}  # (target, nic) -> reason
        self.sessions = {}     # (target, nic, mib) -> sessions started
        self.negotiated = {}   # (target, nic, mib, phase) -> [what the sniffer saw]
        self.times = {}        # (target, nic, mib, phase) -> [(QEMU CPU s, QEMU s waiting for a CPU)]


def run_case(ctx, target, nic, mib):
    if (target, nic) in ctx.unavailable:
        return
    ctx.sessions[(target, nic, mib)] = ctx.sessions.get((target, nic, mib), 0) + 1

    def record(phase, secs, seen=None, times=None):
        ctx.samples.setdefault((target, nic, mib, phase), []).append(secs)
        if seen is not None:
            ctx.negotiated.setdefault((target, nic, mib, phase), []).append(seen)
        if times is not None:
            ctx.times.setdefault((target, nic, mib, phase), []).append(times)
    try:
        SESSIONS[target](ctx, nic, mib, record)
    except Unavailable as e:
        ctx.unavailable[(target, nic)] = str(e)
    except Failed as e:
        ctx.failures.setdefault((target, nic, mib), []).append(str(e))




def mibs(mib, secs):
    return None if not secs else mib / secs


def fmt(x, spec):
    return "n/a" if x is None else spec % x








def phases(ctx, target):
    if target == "uboot":
        return ["cold"] + ["warm, " + label for label, _ in ctx.uboot_variants]
    if target == "pix":
        return ["cold", PIX_COUNTDOWN_PHASE, "warm"]
    if target == "pix-efi":
        return ["cold", PIX_COUNTDOWN_PHASE, "warm"]
    return [ipxe_open_phase(ctx), "cold", IPXE_COLD_OPEN_PHASE, "warm"]  # iPXE, both builds


def report(ctx, opts, nics, sizes):
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "qemu": qemu_version(), "cpu": cpu_model(), "cpus": os.cpu_count(), "runs": opts.runs,
           "memory_mb": MEMORY_MB, "server": ctx.net.name, "server_title": ctx.net.title,
           "rows": [], "ratios": [], "unavailable": {}, "failures": {}}
    print("\n=== Server: %s" % ctx.net.title)
    print("Seconds from the command's Enter key to the firmware's end-of-download text "
          "(median [min-max] over the runs); MiB/s = size / median")
    hdr = "%-15s %-8s %6s  %-30s %8s %17s %7s  %s" % ("target", "NIC", "size", "download", "median s",
                                                     "[min-max]", "MiB/s", "runs ok")
    print(hdr)
    print("-" * len(hdr))
    best_uboot = {}  # (nic, mib) -> (phase, median) of the fastest warm variant
    for target in ctx.targets:
        for nic in nics:
            why = ctx.unavailable.get((target, nic))
            if why and not any(ctx.samples.get((target, nic, mib, phase))
                               for mib in sizes for phase in phases(ctx, target)):
                # nothing measured at all: one row says so (the reason is listed below the table)
                print("%-15s %-8s %6s  %-30s %8s %17s %7s  %s" % (TITLES[target], nic, "-", "every download",
                                                                 "n/a", "n/a", "n/a", "n/a (see below)"))
                continue
            for mib in sizes:
                started = ctx.sessions.get((target, nic, mib), 0)
                for phase in phases(ctx, target):
                    s = summary(ctx.samples.get((target, nic, mib, phase)))
                    label = phase
                    if target == "uboot" and phase.startswith("warm") and s:
                        best = best_uboot.get((nic, mib))
                        if best is None or s["median"] < best[1]:
                            best_uboot[(nic, mib)] = (phase, s["median"])
                    rng = "n/a" if s is None else "[%.3f-%.3f]" % (s["min"], s["max"])
                    ok = ("n/a: " + why) if why and s is None else "%d/%d" % (s["n"] if s else 0, opts.runs)
                    # iPXE's NIC open downloads nothing: no MiB/s (its session's file size is in the row only
                    # because each session fetches one size)
                    no_rate = phase == ipxe_open_phase(ctx)
                    rate = None if no_rate else s and mibs(mib, s["median"])
                    print("%-15s %-8s %3d MiB  %-30s %8s %17s %7s  %s" % (
                        TITLES[target], nic, mib, label, fmt(s and s["median"], "%.3f"), rng,
                        "-" if no_rate else fmt(rate, "%.1f"), ok))
                    ts = [t for t in ctx.times.get((target, nic, mib, phase), []) if t]
                    res["rows"].append({"target": target, "nic": nic, "mib": mib, "download": phase,
                                        "summary": s, "mib_per_s": rate,
                                        "sessions": started, "qemu_cpu_s": summary([t[0] for t in ts]),
                                        "qemu_cpu_wait_s": summary([t[1] for t in ts])})
    for (target, nic), why in sorted(ctx.unavailable.items()):
        res["unavailable"]["%s/%s" % (target, nic)] = why
        print("  n/a %s, %s: %s" % (TITLES[target], nic, why))
    for (target, nic, mib), msgs in sorted(ctx.failures.items()):
        res["failures"]["%s/%s/%d" % (target, nic, mib)] = msgs
        for m in sorted(set(msgs)):
            print("  failed %s, %s, %d MiB: %dx %s" % (TITLES[target], nic, mib, msgs.count(m), m))

    def med(target, nic, mib, phase):
        s = summary(ctx.samples.get((target, nic, mib, phase)))
        return s and s["median"]

    def cpu_med(target, nic, mib, phase, which=0):
        s = summary([t[which] for t in ctx.times.get((target, nic, mib, phase), []) if t])
        return s and s["median"]

    report_efi_ratios(ctx, nics, sizes, med, cpu_med, res)
    report_pix_efi_ratios(ctx, nics, sizes, med, res)
    if ctx.net.name == "atftpd":
        report_window_ratios(ctx, nics, sizes, med, best_uboot, res)
        report_negotiated(ctx, nics, res)
    else:
        print("\nRatios: best other firmware's median time / the PIX ROM's (= PIX MiB/s over its MiB/s); "
              "goal >= 2.0 (issue 3)")
        hdr = "%-8s %6s  %-5s %8s  %-40s %8s %7s  %s" % ("NIC", "size", "", "PIX s", "best other", "its s",
                                                        "ratio", "goal")
        print(hdr)
        print("-" * len(hdr))
        for nic in nics:
            for mib in sizes:
                for kind in ("cold", "warm"):
                    ours = med("pix", nic, mib, kind)
                    others = []
                    if kind == "cold":
                        others.append(("U-Boot (cold, default)", med("uboot", nic, mib, "cold")))
                    else:
                        b = best_uboot.get((nic, mib))
                        if b:
                            others.append(("U-Boot (%s)" % b[0], b[1]))
                    others.append(("iPXE (%s)" % kind, med("ipxe", nic, mib, kind)))
                    others.append(("iPXE EFI (%s)" % kind, med("ipxe-efi", nic, mib, kind)))
                    others = [o for o in others if o[1] is not None]
                    best = min(others, key=lambda o: o[1]) if others else None
                    ratio = None if best is None or not ours else best[1] / ours
                    verdict = "n/a" if ratio is None else ("met" if ratio >= 2.0 else "MISSED")
                    print("%-8s %3d MiB  %-5s %8s  %-40s %8s %7s  %s" % (
                        nic, mib, kind, fmt(ours, "%.3f"), best[0] if best else "n/a (none measured)",
                        fmt(best and best[1], "%.3f"), fmt(ratio, "%.2f"), verdict))
                    res["ratios"].append({"nic": nic, "mib": mib, "kind": kind, "pix_s": ours,
                                          "best_other": best and best[0], "best_other_s": best and best[1],
                                          "ratio": ratio, "goal_min": 2.0})

    # A download's time is roughly a fixed part (NIC start, ARP, request, firmware's own set-up) plus
    # size / streaming rate. Two sizes give both: rate = (32 - 8) MiB / (t32 - t8), fixed = t8 - 8 / rate.
    res["streaming"] = []
    if len(sizes) < 2:
        return res
    small, large = sizes[0], sizes[-1]
    print("\nStreaming rate and fixed cost per download, from the medians of the two sizes: "
          "rate = %d MiB / (t%d - t%d), fixed = t%d - %d MiB / rate" % (large - small, large, small, small, small))
    hdr = "%-15s %-8s %-30s %12s %9s" % ("target", "NIC", "download", "rate MiB/s", "fixed s")
    print(hdr)
    print("-" * len(hdr))
    for target in ctx.targets:
        for nic in nics:
            for phase in phases(ctx, target):
                if phase == ipxe_open_phase(ctx):
                    continue  # iPXE's dhcp or ifopen: no download, the same work for both sizes
                a, b = med(target, nic, small, phase), med(target, nic, large, phase)
                if a is None or b is None:
                    if (target, nic) not in ctx.unavailable:
                        print("%-15s %-8s %-30s %12s %9s" % (TITLES[target], nic, phase, "n/a", "n/a"))
                    continue
                rate = (large - small) / (b - a) if b > a else None  # n/a: the larger file was not slower
                fixed = None if rate is None else a - small / rate
                print("%-15s %-8s %-30s %12s %9s" % (TITLES[target], nic, phase, fmt(rate, "%.1f"),
                                                      fmt(fixed, "%.3f")))
                res["streaming"].append({"target": target, "nic": nic, "download": phase,
                                         "rate_mib_per_s": rate, "fixed_s": fixed})
    print("(differences of medians: noisy, and n/a when the larger file was not slower)")
    return res


def report_pix_efi_ratios(ctx, nics, sizes, med, res):
    """The PIX UEFI application against iPXE's EFI build, both under OVMF on the same NIC (issue 13): iPXE
    EFI's median time over the application's, each row; goal: above 1 (faster) on every row. The PIX ROM's
    figure is shown beside them."""
    if "pix-efi" not in ctx.targets:
        return
    print("\nAgainst %s: its median time / %s's (> 1: the PIX application is faster; goal: every row, "
          "issue 13)" % (TITLES["ipxe-efi"], TITLES["pix-efi"]))
    hdr = "%-8s %6s  %-5s %10s %10s %10s %7s  %s" % ("NIC", "size", "", "PIX EFI s", "iPXE EFI s", "PIX ROM s",
                                                    "ratio", "goal")
    print(hdr)
    print("-" * len(hdr))
    print("(cold twice: against iPXE's cold imgfetch after its NIC was opened by dhcp, and, like for like, "
          "against \"%s\": that command + its cold imgfetch)" % IPXE_COLD_OPEN_PHASE)
    res["pix_efi_ratios"] = []
    for nic in nics:
        for mib in sizes:
            for kind, theirs_phase in (("cold", "cold"), ("cold", IPXE_COLD_OPEN_PHASE), ("warm", "warm")):
                ours, theirs, rom = (med(t, nic, mib, p) for t, p in (("pix-efi", kind), ("ipxe-efi", theirs_phase),
                                                                       ("pix", kind)))
                ratio = theirs / ours if ours and theirs else None
                verdict = "n/a" if ratio is None else ("met" if ratio > 1.0 else "MISSED")
                label = kind if theirs_phase == kind else "cold*"
                print("%-8s %3d MiB  %-5s %10s %10s %10s %7s  %s" % (
                    nic, mib, label, fmt(ours, "%.3f"), fmt(theirs, "%.3f"), fmt(rom, "%.3f"), fmt(ratio, "%.2f"),
                    verdict))
                res["pix_efi_ratios"].append({"nic": nic, "mib": mib, "kind": kind, "ipxe_download": theirs_phase,
                                              "pix_efi_s": ours, "ipxe_efi_s": theirs, "pix_rom_s": rom,
                                              "ratio": ratio})
    print("cold*: iPXE's figure from its NIC's open (%s)" % IPXE_COLD_OPEN_PHASE)


def report_efi_ratios(ctx, nics, sizes, med, cpu_med, res):
    """The PIX ROM against iPXE's EFI build under OVMF, row by row (issue 9): its median time over the PIX
    ROM's. On QEMU's server the goal is >= 1.2 warm and >= 1.0 cold, and the issue is done when every row is
    >= 1.0; on atftpd the same figures are shown for information (the PIX ROM uses a window there, iPXE
    does not). The PIX ROM's cold row is compared twice: with iPXE's cold imgfetch alone (its NIC opened
    before it, by dhcp or ifopen net0) and, like for like, with iPXE's IPXE_COLD_OPEN_PHASE (that command +
    the cold imgfetch)."""
    judged = ctx.net.name == "slirp"
    print("\nAgainst %s: its median time / the PIX ROM's (= PIX MiB/s over its MiB/s)%s" % (
        TITLES["ipxe-efi"], "; goal >= %.1f warm and >= %.1f cold, done when every row is >= %.1f"
        % (EFI_GOAL_WARM, EFI_DONE, EFI_DONE) if judged else " (no goal on this server)"))
    print("cpu: median CPU seconds of all QEMU's threads during the download, and their ratio (EFI / PIX); rq: median "
          "seconds QEMU's threads waited for a CPU (the host's load)")
    print("iPXE EFI download \"%s\": its %s time + its cold imgfetch's, like for like with the PIX ROM's cold "
          "row: from the first command that uses the network to the end of the first download (the PIX ROM's "
          "address/server/file do not touch the NIC, its NIC was opened during the countdown)"
          % (IPXE_COLD_OPEN_PHASE, ipxe_open_command(ctx)))
    hdr = "%-8s %6s  %-28s %-25s %8s %7s  %10s %7s  %7s  %-33s %7s %7s %6s %6s %6s" % (
        "NIC", "size", "PIX ROM download", "iPXE EFI download", "PIX s", "MiB/s", "iPXE EFI s", "MiB/s", "ratio",
        "verdict", "PIX cpu", "EFI cpu", "ratio", "PIX rq", "EFI rq")
    print(hdr)
    print("-" * len(hdr))
    res["efi_ratios"] = []
    # each PIX download against iPXE's of the same kind; the countdown row is the PIX ROM's cold download
    # by a user who waited 2 s at its countdown (iPXE's cold imgfetch follows its dhcp, timed apart); the
    # PIX ROM's cold row also against iPXE's dhcp + cold imgfetch (like for like, see IPXE_COLD_OPEN_PHASE)
    for nic in nics:
        for mib in sizes:
            for phase, kind in (("cold", "cold"), ("cold", IPXE_COLD_OPEN_PHASE), (PIX_COUNTDOWN_PHASE, "cold"),
                                ("warm", "warm")):
                ours, theirs = med("pix", nic, mib, phase), med("ipxe-efi", nic, mib, kind)
                ratio = theirs / ours if ours and theirs else None
                goal = EFI_GOAL_WARM if kind == "warm" else EFI_DONE
                if ratio is None:
                    verdict = "n/a"
                elif not judged:
                    verdict = "-"
                elif ratio >= goal:
                    verdict = "goal met"
                elif ratio >= EFI_DONE:
                    verdict = "done (>= %.1f), goal %.1f missed" % (EFI_DONE, goal)
                else:
                    verdict = "MISSED"
                our_cpu, their_cpu = cpu_med("pix", nic, mib, phase), cpu_med("ipxe-efi", nic, mib, kind)
                cpu_ratio = their_cpu / our_cpu if our_cpu and their_cpu else None
                print("%-8s %3d MiB  %-28s %-25s %8s %7s  %10s %7s  %7s  %-33s %7s %7s %6s %6s %6s" % (
                    nic, mib, phase, kind, fmt(ours, "%.3f"), fmt(ours and mibs(mib, ours), "%.1f"),
                    fmt(theirs, "%.3f"), fmt(theirs and mibs(mib, theirs), "%.1f"), fmt(ratio, "%.2f"), verdict,
                    fmt(our_cpu, "%.3f"), fmt(their_cpu, "%.3f"), fmt(cpu_ratio, "%.2f"),
                    fmt(cpu_med("pix", nic, mib, phase, 1), "%.3f"),
                    fmt(cpu_med("ipxe-efi", nic, mib, kind, 1), "%.3f")))
                res["efi_ratios"].append({"nic": nic, "mib": mib, "pix_download": phase, "kind": kind, "pix_s": ours,
                                          "ipxe_efi_s": theirs, "ratio": ratio,
                                          "goal_min": goal if judged else None, "pix_cpu_s": our_cpu,
                                          "ipxe_efi_cpu_s": their_cpu, "cpu_ratio": cpu_ratio})


def report_window_ratios(ctx, nics, sizes, med, best_uboot, res):
    """The atftpd table: the PIX ROM against U-Boot at its best tftpwindowsize (the goal: >= 2.0), and
    against the best of U-Boot and iPXE. U-Boot re-initialises its NIC for every tftpboot, so each of
    its downloads is as cold as its first: the cold row compares with its fastest download of all
    (its cold one, at the build's window 1, or any window), the warm row with its fastest window."""
    print("\nRatios on atftpd: other firmware's median time / the PIX ROM's (= PIX MiB/s over its MiB/s); "
          "goal >= 2.0 against U-Boot at its best tftpwindowsize")
    hdr = "%-8s %6s  %-5s %7s %6s  %-17s %7s %6s %6s %-6s  %7s %6s  %-13s %6s %-6s" % (
        "NIC", "size", "", "PIX s", "MiB/s", "best U-Boot", "its s", "MiB/s", "ratio", "goal",
        "iPXE s", "MiB/s", "best of both", "ratio", "goal")
    print(hdr)
    print("-" * len(hdr))
    for nic in nics:
        for mib in sizes:
            for kind in ("cold", "warm"):
                ours = med("pix", nic, mib, kind)
                ub = best_uboot.get((nic, mib))
                if kind == "cold":
                    cold = med("uboot", nic, mib, "cold")
                    if cold is not None and (ub is None or cold <= ub[1]):
                        ub = ("cold", cold)
                ub_label = ub and ub[0].replace("warm, ", "")
                ub_s = ub and ub[1]
                ipxes = [x for x in (med("ipxe", nic, mib, kind), med("ipxe-efi", nic, mib, kind)) if x is not None]
                ipxe = min(ipxes) if ipxes else None  # the faster of its BIOS and EFI builds
                others = [o for o in (("U-Boot", ub_s), ("iPXE", ipxe)) if o[1] is not None]
                best = min(others, key=lambda o: o[1]) if others else None
                r_ub = ub_s / ours if ub_s and ours else None
                r_best = best[1] / ours if best and ours else None

                def verdict(r):
                    return "n/a" if r is None else ("met" if r >= 2.0 else "MISSED")
                print("%-8s %3d MiB  %-5s %7s %6s  %-17s %7s %6s %6s %-6s  %7s %6s  %-13s %6s %-6s" % (
                    nic, mib, kind, fmt(ours, "%.3f"), fmt(ours and mibs(mib, ours), "%.1f"),
                    ub_label or "n/a", fmt(ub_s, "%.3f"), fmt(ub_s and mibs(mib, ub_s), "%.1f"),
                    fmt(r_ub, "%.2f"), verdict(r_ub), fmt(ipxe, "%.3f"), fmt(ipxe and mibs(mib, ipxe), "%.1f"),
                    best[0] if best else "n/a", fmt(r_best, "%.2f"), verdict(r_best)))
                res["ratios"].append({"nic": nic, "mib": mib, "kind": kind, "pix_s": ours,
                                      "best_uboot": ub_label, "best_uboot_s": ub_s, "ratio_vs_uboot": r_ub,
                                      "ipxe_s": ipxe, "best_other": best and best[0],
                                      "best_other_s": best and best[1], "ratio": r_best, "goal_min": 2.0})


def report_negotiated(ctx, nics, res):
    """What each client asked for in its RRQ and what atftpd granted in its OACK, as the tap saw it."""
    print("\nNegotiated, as seen on the tap (RRQ options asked -> OACK options granted; downloads seen)")
    hdr = "%-15s %-8s %-30s %-34s %s" % ("target", "NIC", "download", "asked", "granted")
    print(hdr)
    print("-" * len(hdr))
    res["negotiated"] = []

    def opts(d):
        if d is None:
            return "no OACK"
        return " ".join("%s %s" % (k, d[k]) for k in ("blksize", "windowsize") if k in d) or "-"
    for target in ctx.targets:
        for nic in nics:
            for phase in phases(ctx, target):
                seen = [x for (t, n, _, p), xs in sorted(ctx.negotiated.items())
                        if (t, n, p) == (target, nic, phase) for x in xs]
                if not seen:
                    continue
                combos = {}
                for x in seen:
                    key = (opts(x["asked"]), opts(x["granted"]))
                    combos[key] = combos.get(key, 0) + 1
                for (asked, granted), n in sorted(combos.items()):
                    print("%-15s %-8s %-30s %-34s %s (%d/%d)" % (TITLES[target], nic, phase, asked, granted,
                                                                n, len(seen)))
                    res["negotiated"].append({"target": target, "nic": nic, "download": phase,
                                              "asked": asked, "granted": granted, "downloads": n})


class DownNet:
    """A server that could not be set up: every case of it is n/a."""

    def __init__(self, name, why):
        self.name, self.title, self.why = name, "%s: n/a (%s)" % (name, why), why

    def close(self):
        return []


def windows_arg(text):
    try:
        ws = tuple(int(w) for w in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("a comma-separated list of windows, e.g. 1,4,8,16,32")
    if not ws or any(not 1 <= w <= 65535 for w in ws):
        raise argparse.ArgumentTypeError("windows are 1..65535 (RFC 7440)")
    return ws


def main(argv=None):
    p = argparse.ArgumentParser(description="TFTP throughput of the PIX ROM against U-Boot, OVMF+iPXE EFI and "
                                            "SeaBIOS+iPXE under QEMU TCG (same QEMU binary, NIC model, server "
                                            "and files).")
    p.add_argument("--runs", type=int, default=3, metavar="N", help="sessions per case (default: 3)")
    p.add_argument("--quick", action="store_true", help="1 run, 8 MiB only (a smoke test of about a minute)")
    p.add_argument("--server", action="append", choices=SERVERS,
                   help="this server (repeatable; default: slirp only). slirp: QEMU's built-in TFTP server; "
                        "atftpd: atftpd 0.8 (windowsize) in a network namespace on a tap (needs root)")
    p.add_argument("--nic", action="append", choices=NICS, help="only this NIC model (repeatable; default: both)")
    p.add_argument("--target", action="append", choices=TARGETS,
                   help="only this firmware (repeatable; default: all four; the PIX ROM always runs)")
    p.add_argument("--uboot-windows", type=windows_arg, default=UBOOT_WINDOWS, metavar="N,N,...",
                   help="U-Boot's tftpwindowsize values tried on atftpd (default: %s)"
                        % ",".join(map(str, UBOOT_WINDOWS)))
    p.add_argument("--rom", default=DEFAULT_ROM, metavar="PATH", help="PIX ROM (default: build/pix.rom)")
    p.add_argument("--json", metavar="FILE", help="also write every sample and the ratios as JSON to FILE")
    opts = p.parse_args(argv)
    if opts.quick:
        opts.runs = 1
    if opts.runs < 1:
        p.error("--runs must be at least 1")
    sizes = (8,) if opts.quick else SIZES_MIB
    nics = tuple(opts.nic) if opts.nic else NICS
    servers = tuple(dict.fromkeys(opts.server)) if opts.server else DEFAULT_SERVERS
    if not os.path.isfile(opts.rom):
        sys.exit("tftp_speed.py: no ROM at %s (run make first)" % opts.rom)
    if shutil.which(QEMU) is None:
        sys.exit("tftp_speed.py: %s not found" % QEMU)

    tmp = tempfile.mkdtemp(prefix="pix-tftp-bench-")
    ctxs = []
    try:
        # A private copy of the ROM, so that a rebuild during the run cannot mix two ROMs.
        rom = os.path.join(tmp, "pix.rom")
        shutil.copyfile(opts.rom, rom)
        if os.path.isfile(EFI_APP):
            shutil.copyfile(EFI_APP, os.path.join(tmp, "pix.efi"))
        folder = os.path.join(tmp, "tftpboot")
        os.mkdir(folder)
        files = Files(folder, sizes)  # the same files on every server
        targets = [t for t in TARGETS if t == "pix" or not opts.target or t in opts.target]
        for server in servers:
            why = None
            try:
                if server == "slirp":
                    net = SlirpNet(folder)
                else:
                    workdir = os.path.join(tmp, "netns")
                    os.mkdir(workdir)
                    net = AtftpdNet(folder, workdir)
            except Unavailable as e:
                why = str(e)
                net = DownNet(server, why)
            variants = UBOOT_VARIANTS if server == "slirp" else uboot_window_variants(opts.uboot_windows)
            ctx = Context(rom, tmp, files, net, variants, targets)
            ctxs.append(ctx)
            for nic in nics:
                for t in targets:
                    if why:
                        ctx.unavailable[(t, nic)] = why
                    elif t == "uboot" and not os.path.isfile(UBOOT_ROM):
                        ctx.unavailable[(t, nic)] = "%s missing (apt-get install u-boot-qemu)" % UBOOT_ROM

        load_before = loadavg()
        print("PIX ROM: %s\nQEMU: %s, TCG; host: %s, %d CPUs, load average %.2f; %d run(s), sizes %s MiB, "
              "NICs %s; servers: %s" % (opts.rom, qemu_version(), cpu_model(), os.cpu_count() or 0, load_before,
                                        opts.runs, "/".join(map(str, sizes)), ", ".join(nics),
                                        "; ".join(c.net.title for c in ctxs)), flush=True)
        started = time.monotonic()
        loads = [load_before]
        for i in range(opts.runs):
            for ctx in ctxs:
                for nic in nics:
                    for mib in sizes:
                        for t in targets:
                            run_case(ctx, t, nic, mib)
            loads.append(loadavg())
            print("  run %d/%d done (%.1f s, load average %.2f)" % (i + 1, opts.runs, time.monotonic() - started,
                                                                     loads[-1]), flush=True)

        results = {c.net.name: report(c, opts, nics, sizes) for c in ctxs}
        load_after = loadavg()
        # JSON: the first server's report at the top level (slirp's, as before), every server's under "servers".
        res = dict(results[ctxs[0].net.name])
        res.update(servers=results, rom={"path": opts.rom, "size": os.path.getsize(rom)},
                   wall_s=time.monotonic() - started, loadavg_at_start=load_before, loadavg_at_end=load_after,
                   loadavg_after_each_run=loads[1:])
        print("\nTotal wall time %.1f s; load average %.2f at the start, %.2f at the end (after each run: %s)"
              % (res["wall_s"], load_before, load_after, ", ".join("%.2f" % x for x in loads[1:])))
        if max(loads + [load_after]) > 0.75 * (os.cpu_count() or 1):
            print("warning: the host was busy: the medians are noisy; compare the minima and the ratios, "
                  "or run again")
        if opts.json:
            with open(opts.json, "w") as f:
                json.dump(res, f, indent=2)
                f.write("\n")
            print("JSON written to %s" % opts.json)
        # The benchmark fails only when the PIX ROM got no download through in some case it could run (a
        # server that could not be set up, e.g. atftpd without root, shows n/a instead).
        return 1 if any(not c.samples.get(("pix", n, m, "warm")) for c in ctxs for n in nics for m in sizes
                        if ("pix", n) not in c.unavailable) else 0
    finally:
        for c in ctxs:
            for err in c.net.close():
                print("teardown (%s): %s" % (c.net.name, err), file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
