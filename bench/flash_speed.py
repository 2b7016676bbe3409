#!/usr/bin/python3
"""Flash benchmark: install throughput of a 2 MiB image (fast and datasheet flash timing), flash-boot time
from SPACE to the image's first line, and the ROM size.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/flash_speed.py [--runs N] [--quick] [--rom PATH] [--json FILE] [--no-uboot]

Set-up, once per invocation (with the host tools in build/host): a 2 MiB image made with pix-mkimage from
build/test.bin's own payload padded with random bytes (it still boots and prints the test image's first
line), and a licensed unit of 16 chips (serial 12345678, the DESIGN.md key) with build/test.bin installed.

Install: each run starts QEMU (qemu/pixqemu.py's machine, TCG) on a fresh copy of that unit, stops the
countdown, tftp's the 2 MiB image from QEMU's built-in TFTP server and answers y. The clock
(time.monotonic()) runs from reading "Installing to flash" to reading "Image installed"; the time of every
progress dot (one per 64 KiB programmed) is kept too, so the programming part (up to the last dot) is
separate from the read-back, verification and slot record that follow it. Runs in fast and in datasheet
timing (fw_cfg opt/pix/flashtiming: the AT29C040A's 10 ms program cycle per 256-byte sector). After each
run the host tool checks that the unit would boot the new image. The time from reading the tftp's
"Received" line to the question "Install to flash?" is kept as well: the checks before the question (the
new image's hashes, the unit's identity and key, the installed image). The same install, fast timing, of
the 2 MiB image signed, on the unit that trusts its key (below) with the signed small image installed,
adds the signature checks to both spans.

Flash boot: the unit with the small test image, and the unit with the 2 MiB image installed on top of it
(with pix-flash, so it is the current one), are booted; at the countdown line the script sends SPACE and
times SPACE -> "Serial Number:" (the ROM has checked identity, key and image) -> "PIX test image 6.3(5)"
(the image's first line: read into RAM, verified, jumped to). The same 2 MiB image signed (pix-mkimage
--sign, a P-256 key made by openssl for the run) on a unit made with that key (pix-flash create --trust)
is booted the same way: its checks include the ECDSA verification, so the difference of the medians is
what the signature costs a flash boot (issue 14). U-Boot (Debian's qemu-x86 build) does the
nearest thing it can from its own flash (QEMU's CFI pflash, memory-mapped): a legacy uImage holding the
same payload, checked (CRC-32) and copied to the load address by `imxtract`, started by `go`; timed from
the Enter key to the same first line. (Its x86 `bootm` takes only Linux kernels with a setup.bin.)

Nothing here knows where the layout puts the slots: the images go in with the firmware's install
dialogue and with pix-flash, and the checks read what the host tool and the test image say. Runs are
interleaved (run 1 of every case, then run 2, ...); tables show median [min-max]. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import (Failed, cpu_model, kill, loadavg, qemu_version, rom_used, spawn,  # noqa: E402
                       summary, tail, wait)

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402  (the launcher `make run` and the tests use)

QEMU = pixqemu.QEMU
DEFAULT_ROM = os.path.join(TOP, "build", "pix.rom")
HOST = os.path.join(TOP, "build", "host")
TEST_BIN = os.path.join(TOP, "build", "test.bin")
UBOOT_ROM = "/usr/lib/u-boot/qemu-x86/u-boot.rom"  # Debian package u-boot-qemu

SERIAL = "12345678"
KEY = "0x77d91d9f 0xd1f6436e 0x33f0d23a 0x9aa23511"  # DESIGN.md vector, all features, serial 12345678
BIG_LEN = 2 * 1024 * 1024  # the image, header included
BIG_VERSION = "6.3(6)"
SEED = 0x50495846  # the big image's padding: the same bytes on every invocation
FIRST_LINE = b"PIX test image 6.3(5)"  # what the test image prints first, whatever its header says
DOT_BYTES = 64 * 1024  # monitor/install.c: one progress dot per 64 KiB
MIB = 1024.0 * 1024.0

# The physical limit in datasheet timing: all 16 chips programming a 256-byte sector at once, 10 ms a cycle.
CHIPS, SECTOR, CYCLE_S = 16, 256, 0.010
LIMIT_BPS = CHIPS * SECTOR / CYCLE_S  # 409600 B/s = 400 KiB/s = 0.390625 MiB/s
GOAL = 0.80

GUEST_IP, SERVER_IP = "10.0.2.15", "10.0.2.2"
BOOTDELAY = 5          # seconds of countdown: SPACE or Esc goes in long before it runs out
BOOT_TIMEOUT = 20.0    # spawn to the countdown line, and SPACE to the image's first line
REPLY_TIMEOUT = 20.0   # short commands
TFTP_TIMEOUT = 60.0    # the 2 MiB download
DOT_TIMEOUT = 60.0     # between two progress dots (64 KiB; about 3 s in datasheet timing, one chip at a time)
VERIFY_TIMEOUT = 120.0  # from the last dot to "Image installed" (read-back, hashes, slot record)

PROMPT = rb"monitor> "
UBOOT_PROMPT = rb"=> "


def command(child, line, patterns, timeout):
    """Types line, waits for its echo, sends CR, waits for patterns; returns (index, seconds from the CR)."""
    child.send(line)
    wait(child, [re.escape(line.encode())], REPLY_TIMEOUT, "echo of %r" % line)
    t0 = time.monotonic()
    child.send("\r")
    i = wait(child, patterns, timeout, line)
    return i, time.monotonic() - t0


def tool(*args):
    r = subprocess.run([os.path.join(HOST, args[0])] + list(args[1:]), capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        raise Failed("%s: exit %d: %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


def would_boot(flash):
    """(version, slot) that pix-flash check says a flash boot of this unit starts."""
    out = tool("pix-flash", "check", flash)
    m = re.search(r"would boot slot (\d+), version (\S+),", out)
    if not m:
        raise Failed("pix-flash check says %r" % out)
    return m.group(2), int(m.group(1))


def where(flash):
    """Where the image a flash boot would start lies, in pix-flash show's own words: "slot N: <its
    Image: line>" (the layout may change; this only quotes the host tool)."""
    slot = would_boot(flash)[1]
    block, inside = [], False
    for line in tool("pix-flash", "show", flash).splitlines():
        if re.match(r"Slot %d:" % slot, line):
            inside = True
        elif inside and not line.startswith(" "):
            break
        elif inside:
            block.append(line.strip())
    image = [b for b in block if b.startswith("Image:")]
    return "slot %d: %s" % (slot, re.sub(r"\s+", " ", image[0]) if image else "(no Image: line)")


# ---- set-up ---------------------------------------------------------------------------------------

class Setup:
    """The private ROM copy, the images, the pristine units and the TFTP folder, all under tmp."""

    def __init__(self, tmp, rom):
        self.tmp = tmp
        self.rom = os.path.join(tmp, "pix.rom")
        shutil.copyfile(rom, self.rom)  # a rebuild during the run changes nothing
        self.rom_used = rom_used(rom)  # from the .map next to it, read now for the same reason
        self.tftp = os.path.join(tmp, "tftpboot")
        os.makedirs(self.tftp)
        with open(TEST_BIN, "rb") as f:
            small = f.read()  # read once: a rebuild of build/test.bin during the run changes nothing
        self.small_len = len(small)
        self.small_path = os.path.join(tmp, "test.bin")
        with open(self.small_path, "wb") as f:
            f.write(small)

        # The 2 MiB image: the test image's payload, padded with random bytes, under a new header with
        # the same load and entry addresses (as tests/qemu/test_powercut.py makes its new image).
        shown = tool("pix-mkimage", "--show", self.small_path)
        load = re.search(r"^Load address:\s+(0x[0-9a-f]+)$", shown, re.M).group(1)
        entry = re.search(r"^Entry address:\s+(0x[0-9a-f]+)$", shown, re.M).group(1)
        hdr = int(re.search(r"^Header size:\s+(\d+)$", shown, re.M).group(1))
        code = self.small_payload = small[hdr:]
        self.payload = code + random.Random(SEED).randbytes(BIG_LEN - hdr - len(code))
        self.load, self.entry = int(load, 16), int(entry, 16)
        payload_path = os.path.join(tmp, "payload.bin")
        with open(payload_path, "wb") as f:
            f.write(self.payload)
        self.big_name = "big.bin"
        self.big_path = os.path.join(self.tftp, self.big_name)
        tool("pix-mkimage", "-o", self.big_path, "--version", BIG_VERSION, "--load", load, "--entry", entry,
             "--build", "flash_speed.py 2 MiB image", payload_path)
        if os.path.getsize(self.big_path) != BIG_LEN:
            raise Failed("pix-mkimage made %d bytes, not %d" % (os.path.getsize(self.big_path), BIG_LEN))

        # The unit: 16 chips, identity and key, build/test.bin installed. And the same unit with the big
        # image installed after it (the host tool writes it where the firmware would: the other slot).
        self.unit = os.path.join(tmp, "unit-small.bin")
        tool("pix-flash", "create", self.unit, "--serial", SERIAL, "--chips", str(CHIPS), "--key", KEY)
        tool("pix-flash", "install", self.unit, self.small_path)
        self.small_version = would_boot(self.unit)[0]
        self.unit_big = os.path.join(tmp, "unit-big.bin")
        shutil.copyfile(self.unit, self.unit_big)
        tool("pix-flash", "install", self.unit_big, self.big_path)
        if would_boot(self.unit_big)[0] != BIG_VERSION:
            raise Failed("the unit with the 2 MiB image installed would boot %r" % (would_boot(self.unit_big),))
        self.small_where, self.big_where = where(self.unit), where(self.unit_big)

        # The signed case: a P-256 key, the same two images signed by it (security version 0: the
        # boot writes no security version record), a unit that trusts the key.
        key = os.path.join(tmp, "signing.pem")
        subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key],
                       check=True, capture_output=True)
        signed_small = os.path.join(tmp, "test-signed.bin")
        self.signed_path = os.path.join(tmp, "big-signed.bin")
        tool("pix-mkimage", "-o", signed_small, "--version", self.small_version, "--from", self.small_path,
             "--sign", key)
        tool("pix-mkimage", "-o", self.signed_path, "--version", BIG_VERSION, "--from", self.big_path,
             "--sign", key)
        self.unit_signed = os.path.join(tmp, "unit-signed.bin")
        tool("pix-flash", "create", self.unit_signed, "--serial", SERIAL, "--chips", str(CHIPS), "--key", KEY,
             "--trust", key)
        tool("pix-flash", "install", self.unit_signed, signed_small)
        # the signed install starts from this unit, and takes the signed 2 MiB image from the TFTP folder
        self.unit_signed_small = os.path.join(tmp, "unit-signed-small.bin")
        shutil.copyfile(self.unit_signed, self.unit_signed_small)
        self.signed_name = "big-signed.bin"
        shutil.copyfile(self.signed_path, os.path.join(self.tftp, self.signed_name))
        tool("pix-flash", "install", self.unit_signed, self.signed_path)
        if would_boot(self.unit_signed)[0] != BIG_VERSION or "signed by key 0" not in tool(
                "pix-flash", "check", self.unit_signed):
            raise Failed("the signed unit would not boot the signed 2 MiB image")
        self.signed_where = where(self.unit_signed)
        self.run_flash = os.path.join(tmp, "run-flash.bin")


# ---- install --------------------------------------------------------------------------------------

def install_run(st, timing, signed=False):
    """One install of the 2 MiB image on a fresh copy of the unit (signed: the signed image on the unit
    that trusts its key). Returns a dict of seconds: total ("Installing to flash" -> "Image installed"),
    program (-> last dot), first_dot, dots (list), tftp, ask ("Received" -> the install question: the
    checks of the new image and of the unit before it asks)."""
    # each install goes to the other slot: start from the same unit
    shutil.copyfile(st.unit_signed_small if signed else st.unit, st.run_flash)
    argv = pixqemu.qemu_argv(rom=st.rom, tftp=st.tftp, flash=st.run_flash, bootdelay=BOOTDELAY,
                             make_dirs=False, flashtiming=None if timing == "fast" else timing)
    child = None
    try:
        child = spawn(argv, raw=True)
        wait(child, [rb"Use BREAK or ESC"], BOOT_TIMEOUT, "boot")
        child.send("\x1b")
        wait(child, [PROMPT], BOOT_TIMEOUT, "monitor prompt after Esc")
        for cmd in ("address " + GUEST_IP, "server " + SERVER_IP,
                    "file " + (st.signed_name if signed else st.big_name)):
            command(child, cmd, [PROMPT], REPLY_TIMEOUT)
        i, tftp_s = command(child, "tftp", [rb"Received (\d+) bytes", PROMPT], TFTP_TIMEOUT)
        if i == 1 or int(child.match.group(1)) != BIG_LEN:
            raise Failed("tftp: %r" % tail(child.before + child.after))
        t_received = time.monotonic()
        i = wait(child, [rb"Install to flash\? \[yn\] ", rb"Image not installed"], REPLY_TIMEOUT,
                 "install question")
        ask = time.monotonic() - t_received
        if i == 1:
            raise Failed("install refused: %r" % tail(child.before))
        child.send("y\r")
        wait(child, [rb"Installing to flash"], REPLY_TIMEOUT, "install start")
        t0 = time.monotonic()
        dots = []
        while True:
            i = wait(child, [rb"\.", rb"\r\nImage installed\r\n",
                             rb"\r\n([^\r\n]*)\r\nImage not installed"],
                     DOT_TIMEOUT, "install progress")
            now = time.monotonic() - t0
            if child.before.strip():
                raise Failed("unexpected install output %r" % tail(child.before))
            if i == 0:
                dots.append(now)
                if len(dots) == BIG_LEN // DOT_BYTES:
                    wait(child, [rb"\r\nImage installed\r\n", rb"Image not installed"], VERIFY_TIMEOUT,
                         "Image installed after the last dot")
                    if b"not" in child.after:
                        raise Failed("the install failed after programming: %r" % tail(child.before))
                    total = time.monotonic() - t0
                    break
                continue
            if i == 2:
                raise Failed("the install failed after %d of %d dots, %.1f s: %r"
                             % (len(dots), BIG_LEN // DOT_BYTES, now, child.match.group(1).decode("latin-1")))
            total = now
            break
        wait(child, [rb"Boot the new image\? \[yn\] "], REPLY_TIMEOUT, "boot question")
    finally:
        kill(child)  # QEMU off before the host tool reads the flash file
    if len(dots) != BIG_LEN // DOT_BYTES:
        raise Failed("%d progress dots, expected %d" % (len(dots), BIG_LEN // DOT_BYTES))
    version = would_boot(st.run_flash)[0]
    if version != BIG_VERSION:
        raise Failed("after the install the unit would boot version %s, not %s" % (version, BIG_VERSION))
    return {"total": total, "program": dots[-1], "first_dot": dots[0], "dots": dots, "tftp": tftp_s,
            "ask": ask, "where": where(st.run_flash)}


# ---- flash boot -----------------------------------------------------------------------------------

def boot_run(st, unit, want_len):
    """Flash boot of a unit: SPACE at the countdown; returns seconds from writing SPACE to reading
    "Serial Number:" (checks done) and to reading the image's first line."""
    shutil.copyfile(unit, st.run_flash)
    argv = pixqemu.qemu_argv(rom=st.rom, tftp=st.tftp, flash=st.run_flash, bootdelay=BOOTDELAY,
                             make_dirs=False)
    child = None
    try:
        child = spawn(argv, raw=True)
        wait(child, [rb"Flash boot in \d+ seconds\."], BOOT_TIMEOUT, "countdown line")
        t0 = time.monotonic()
        child.send(" ")
        wait(child, [rb"Serial Number: " + SERIAL.encode(), rb"Flash boot: [^\r\n]*\r\n"], BOOT_TIMEOUT,
             "flash boot")
        if child.after.startswith(b"Flash boot:"):
            raise Failed("the flash boot stopped: %r" % child.after.decode("latin-1").strip())
        checked = time.monotonic() - t0
        wait(child, [re.escape(FIRST_LINE) + rb"\r\n", rb"Flash boot: [^\r\n]*\r\n"], BOOT_TIMEOUT,
             "the image's first line")
        first = time.monotonic() - t0
        if not child.after.startswith(FIRST_LINE):
            raise Failed("the flash boot stopped: %r" % child.after.decode("latin-1").strip())
        # The test image names what it was booted from: make sure it is the image meant (no offsets).
        wait(child, [rb"image at offset 0x[0-9a-f]+, (\d+) bytes[^\r\n]*\r\n", rb"Test image halted\."],
             REPLY_TIMEOUT, "the image's boot information")
        if child.match.re.pattern.startswith(b"image") and int(child.match.group(1)) != want_len:
            raise Failed("the flash boot started an image of %s bytes, expected %d"
                         % (child.match.group(1).decode(), want_len))
    finally:
        kill(child)
    return {"checked": checked, "first_line": first}


# ---- U-Boot: the same payload from its own flash (imxtract + go) -----------------------------------

def uimage(payload, load, entry, name):
    """A U-Boot legacy multi-file image (include/image.h) with the payload as its one part: 64-byte
    big-endian header with the CRC-32 of the header and of the data; the data is the part-size table
    (the size, then 0) and the part. U-Boot's x86 bootm refuses any legacy kernel that has no Linux
    setup.bin, so the image is taken apart with imxtract (which checks both CRC-32s and copies the part
    to the load address) and started with go."""
    data = struct.pack(">II", len(payload), 0) + payload + b"\0" * (-len(payload) % 4)
    hdr = struct.pack(">IIIIIIIBBBB32s", 0x27051956, 0, 0, len(data), load, entry, zlib.crc32(data),
                      18, 3, 4, 0, name.encode()[:31])  # os RTEMS, arch i386, type multi, no compression
    return hdr[:4] + struct.pack(">I", zlib.crc32(hdr)) + hdr[8:] + data


class UBoot:
    """U-Boot qemu-x86 as pflash unit 0, its image flash (the uImage, padded to 64 KiB) as unit 1. QEMU's
    pc maps pflash units downwards from 4 GiB: unit 1 ends where unit 0 begins."""

    def __init__(self, st, which):
        self.st = st
        self.dir = os.path.join(st.tmp, "uboot-" + which)
        os.makedirs(self.dir)
        payload = st.payload if which == "big" else st.small_payload
        img = uimage(payload, st.load, st.entry, "PIX test image " + which)
        size = -(-len(img) // 65536) * 65536
        self.flash = os.path.join(self.dir, "image.flash")
        with open(self.flash, "wb") as f:
            f.write(img + b"\xff" * (size - len(img)))
        self.rom = os.path.join(self.dir, "u-boot.rom")
        shutil.copyfile(UBOOT_ROM, self.rom)
        self.addr = (1 << 32) - os.path.getsize(self.rom) - size  # where unit 1 is mapped
        self.image_len = len(img)
        # imxtract checks the uImage's header and data CRC-32 (U-Boot's "verify" is on by default) and
        # copies the data to the load address; go calls the entry point.
        self.command = "imxtract 0x%x 0 0x%x && go 0x%x" % (self.addr, st.load, st.entry)

    def argv(self):
        return [QEMU, "-M", "pc", "-accel", "tcg", "-m", "64", "-display", "none", "-vga", "none",
                "-nodefaults", "-no-user-config", "-monitor", "none", "-serial", "stdio",
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=%s" % self.rom,
                "-drive", "if=pflash,format=raw,unit=1,readonly=on,file=%s" % self.flash]


def uboot_run(ub):
    """Stops U-Boot's autoboot, then runs ub.command: seconds from its Enter key to the image's first line."""
    child = None
    try:
        child = spawn(ub.argv(), raw=True)
        wait(child, [rb"Hit any key to stop autoboot"], BOOT_TIMEOUT, "U-Boot autoboot")
        child.send(" ")
        wait(child, [UBOOT_PROMPT], BOOT_TIMEOUT, "U-Boot prompt")
        _, secs = command(child, ub.command, [re.escape(FIRST_LINE) + rb"\r\n", UBOOT_PROMPT], BOOT_TIMEOUT)
        if not child.after.startswith(FIRST_LINE):
            raise Failed("%s: %r" % (ub.command, tail(child.before + child.after)))
    finally:
        kill(child)
    return {"first_line": secs}


# ---- figures --------------------------------------------------------------------------------------

def fmt(x, spec="%.3f"):
    return "n/a" if x is None else spec % x


def mibs(nbytes, s):
    return None if not s else nbytes / MIB / s


def main(argv=None):
    p = argparse.ArgumentParser(description="Flash benchmark of the PIX ROM under QEMU TCG: install throughput "
                                            "of a 2 MiB image (fast and datasheet timing), flash-boot time from "
                                            "SPACE to the image's first line, ROM size.")
    p.add_argument("--runs", type=int, default=3, metavar="N", help="runs per case (default: 3)")
    p.add_argument("--quick", action="store_true", help="1 run per case")
    p.add_argument("--rom", default=DEFAULT_ROM, metavar="PATH", help="PIX ROM (default: build/pix.rom)")
    p.add_argument("--retries", type=int, default=2, metavar="N",
                   help="attempts more after a run fails (default: 2); failures are counted and listed")
    p.add_argument("--no-uboot", action="store_true", help="leave out the U-Boot flash-boot baseline")
    p.add_argument("--json", metavar="FILE", help="also write every sample and figure as JSON to FILE")
    opts = p.parse_args(argv)
    runs = 1 if opts.quick else opts.runs
    if runs < 1:
        p.error("--runs must be at least 1")
    if opts.retries < 0:
        p.error("--retries must be 0 or more")
    for path, what in ((opts.rom, "ROM"), (TEST_BIN, "test image"), (os.path.join(HOST, "pix-flash"), "pix-flash"),
                       (os.path.join(HOST, "pix-mkimage"), "pix-mkimage")):
        if not os.path.isfile(path):
            sys.exit("flash_speed.py: no %s at %s (run make first)" % (what, path))
    if shutil.which(QEMU) is None:
        sys.exit("flash_speed.py: %s not found" % QEMU)

    tmp = tempfile.mkdtemp(prefix="pix-flash-bench-")
    try:
        return run(opts, runs, tmp)
    except Failed as e:  # only the set-up raises it this far (the runs catch their own)
        print("flash_speed.py: set-up failed: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(opts, runs, tmp):
    load_start = loadavg()
    started = time.monotonic()
    st = Setup(tmp, opts.rom)
    uboot_why = None
    if opts.no_uboot:
        uboot_why = "left out (--no-uboot)"
    elif not os.path.isfile(UBOOT_ROM):
        uboot_why = "%s missing (apt-get install u-boot-qemu)" % UBOOT_ROM
    ubs = {} if uboot_why else {w: UBoot(st, w) for w in ("small", "big")}

    print("PIX ROM: %s\nQEMU: %s, TCG; host: %s, %d CPUs, load average %.2f; %d run(s) per case, interleaved"
          % (opts.rom, qemu_version(), cpu_model(), os.cpu_count() or 0, load_start, runs), flush=True)
    print("image: %d bytes (%s, test image payload + random padding); unit: %d chips, serial %s, key set, "
          "build/test.bin (%d bytes, %s) installed" % (BIG_LEN, BIG_VERSION, CHIPS, SERIAL, st.small_len,
                                                       st.small_version), flush=True)

    cases = [("install", "fast"), ("install", "datasheet"), ("install", "signed"), ("boot", "small"),
             ("boot", "big"), ("boot", "signed")]
    cases += [("uboot", w) for w in ubs]
    samples = {c: [] for c in cases}
    failures = {c: [] for c in cases}
    attempts = {c: 0 for c in cases}
    for r in range(runs):
        for c in cases:
            # A run that fails is tried again (up to opts.retries more times), so that the medians still
            # come from `runs` samples; every failure is listed with the figures, as it is one too.
            for _ in range(1 + opts.retries):
                attempts[c] += 1
                try:
                    if c[0] == "install":
                        samples[c].append(install_run(st, "fast" if c[1] == "signed" else c[1],
                                                      signed=c[1] == "signed"))
                    elif c[0] == "boot":
                        unit = {"small": st.unit, "big": st.unit_big, "signed": st.unit_signed}[c[1]]
                        samples[c].append(boot_run(st, unit, st.small_len if c[1] == "small" else BIG_LEN))
                    else:
                        samples[c].append(uboot_run(ubs[c[1]]))
                    break
                except Failed as e:
                    failures[c].append(str(e))
                    print("  %s %s, run %d: FAILED: %s" % (c[0], c[1], r + 1, e), flush=True)
        print("  run %d/%d done (%.0f s)" % (r + 1, runs, time.monotonic() - started), flush=True)

    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "qemu": qemu_version(), "cpu": cpu_model(), "cpus": os.cpu_count(), "runs": runs,
           "loadavg_at_start": load_start, "image_bytes": BIG_LEN, "chips": CHIPS,
           "physical_limit_Bps": LIMIT_BPS, "goal": GOAL, "install": {}, "boot": {}, "uboot": {}}

    def stat(c, key):
        return summary([s[key] for s in samples[c]])

    # -- install
    print("\nInstall of the %d-byte image: seconds from \"Installing to flash\" (median [min-max]); MiB/s = "
          "bytes / median" % BIG_LEN)
    hdr = "%-10s %-36s %8s %17s %8s %9s  %s" % ("timing", "span", "median s", "[min-max]", "MiB/s",
                                                "of limit", "ok/tries")
    print(hdr)
    print("-" * len(hdr))
    ndots = BIG_LEN // DOT_BYTES
    spans = [("total", "to \"Image installed\" (whole install)", BIG_LEN),
             ("program", "to the last dot (programming)", BIG_LEN),
             ("steady", "first to last dot (%d x 64 KiB)" % (ndots - 1), (ndots - 1) * DOT_BYTES)]
    for timing in ("fast", "datasheet"):
        c = ("install", timing)
        for s in samples[c]:
            s["steady"] = s["dots"][-1] - s["dots"][0]
        entry = {"failures": failures[c], "attempts": attempts[c], "runs": samples[c], "spans": {}}
        res["install"][timing] = entry
        for i, (key, label, nbytes) in enumerate(spans):
            sm = stat(c, key)
            rate = mibs(nbytes, sm and sm["median"])
            share = None if rate is None or timing != "datasheet" else rate * MIB / LIMIT_BPS
            entry["spans"][key] = {"summary": sm, "bytes": nbytes, "MiBps": rate, "of_limit": share}
            print("%-10s %-36s %8s %17s %8s %9s  %d/%d" % (
                timing if i == 0 else "", label, fmt(sm and sm["median"]),
                "n/a" if sm is None else "[%.3f-%.3f]" % (sm["min"], sm["max"]), fmt(rate, "%.3f"),
                "" if share is None else "%.1f %%" % (share * 100), len(samples[c]), attempts[c]))
    print("Physical limit in datasheet timing: %d chips x %d B per %g ms = %.0f KiB/s = %.6f MiB/s "
          "(%.2f s for the image); goal >= %.0f %% = %.4f MiB/s"
          % (CHIPS, SECTOR, CYCLE_S * 1000, LIMIT_BPS / 1024, LIMIT_BPS / MIB, BIG_LEN / LIMIT_BPS,
             GOAL * 100, GOAL * LIMIT_BPS / MIB))
    ds = res["install"]["datasheet"]["spans"]
    for key, label in (("total", "whole install"), ("program", "programming (to the last dot)")):
        share = ds[key]["of_limit"]
        print("  %-32s %s" % (label, "n/a" if share is None else "%.1f %% of the limit: goal %s"
                              % (share * 100, "met" if share >= GOAL else "MISSED")))
    # the signed image on the unit with its key, fast timing, beside the unsigned one
    print("\nSigned install (fast timing): seconds, median [min-max]; the checks before the question are the "
          "new image's hashes and signature and the unit's identity, key and installed image")
    row_s = "%-34s %-44s %8s %17s  %s"
    print(row_s % ("image, unit", "span", "median s", "[min-max]", "ok/tries"))
    for which, title in (("fast", "2 MiB image, unit without keys"), ("signed", "2 MiB image signed, key unit")):
        c = ("install", which)
        for i, (key, label) in enumerate((("ask", "\"Received\" to \"Install to flash?\" (checks)"),
                                          ("total", "\"Installing to flash\" to \"Image installed\""))):
            sm = stat(c, key)
            entry = res["install"].setdefault(which, {"failures": failures[c], "attempts": attempts[c],
                                                      "runs": samples[c], "spans": {}})
            entry["spans"].setdefault(key, {"summary": sm})
            print(row_s % (title if i == 0 else "", label, fmt(sm and sm["median"]),
                           "n/a" if sm is None else "[%.3f-%.3f]" % (sm["min"], sm["max"]),
                           "%d/%d" % (len(samples[c]), attempts[c])))
    tf = [s["tftp"] for c in cases if c[0] == "install" for s in samples[c]]
    if tf:
        print("(the tftp before each install, not part of the figures: median %.3f s)" % summary(tf)["median"])
    went = sorted(set(s["where"] for c in cases if c[0] == "install" for s in samples[c]))
    if went:
        print("The ROM installed the image in %s (pix-flash show)" % "; ".join(went))

    # -- flash boot
    print("\nFlash boot: seconds from writing SPACE at the countdown (median [min-max])")
    row = "%-40s %-32s %8s %17s  %s"
    hdr = row % ("firmware, image", "to", "median s", "[min-max]", "ok/tries")
    print(hdr)
    print("-" * len(hdr))

    def line(title, label, sm, c):
        print(row % (title, label, fmt(sm and sm["median"]), "n/a" if sm is None else
                     "[%.3f-%.3f]" % (sm["min"], sm["max"]), "%d/%d" % (len(samples[c]), attempts[c])))

    for c, title in ((("boot", "small"), "PIX ROM, test.bin (%d B)" % st.small_len),
                     (("boot", "big"), "PIX ROM, 2 MiB image"),
                     (("boot", "signed"), "PIX ROM, 2 MiB image signed, key unit")):
        entry = {"failures": failures[c], "attempts": attempts[c], "runs": samples[c],
                 "where": {"small": st.small_where, "big": st.big_where, "signed": st.signed_where}[c[1]]}
        res["boot"][c[1]] = entry
        for i, (key, label) in enumerate((("checked", "\"Serial Number:\" (checks done)"),
                                          ("first_line", "the image's first line"))):
            entry[key] = stat(c, key)
            line(title if i == 0 else "", label, entry[key], c)
    big, signed = res["boot"]["big"], res["boot"]["signed"]
    for key, label in (("checked", "checks"), ("first_line", "to the image's first line")):
        if big[key] and signed[key]:
            res["boot"]["signature_cost_" + key] = signed[key]["median"] - big[key]["median"]
            print("Signature cost (signed minus unsigned, medians), %s: %+.1f ms (%.2fx)"
                  % (label, 1000 * (signed[key]["median"] - big[key]["median"]),
                     signed[key]["median"] / big[key]["median"]))
    if uboot_why:
        print(row % ("U-Boot", "", "n/a", "", "n/a: " + uboot_why))
    else:
        for w, ub in ubs.items():
            c = ("uboot", w)
            sm = stat(c, "first_line")
            res["uboot"][w] = {"failures": failures[c], "attempts": attempts[c], "runs": samples[c], "first_line": sm,
                               "uimage_bytes": ub.image_len, "flash_addr": ub.addr, "command": ub.command}
            line("U-Boot, %s (uImage %d B)" % ("test.bin payload" if w == "small" else "2 MiB payload",
                                               ub.image_len), "the image's first line *", sm, c)
        print("* U-Boot 2023.01 qemu-x86: from writing the Enter key of `imxtract <uImage in pflash> 0 <load> "
              "&& go <entry>`")
    print("No same-chip baseline: U-Boot has no driver for the emulated AT29C040A bank (the chip model runs "
          "inside the\nPIX ROM, over ivshmem memory). Its rows read the same payload from QEMU's memory-mapped "
          "CFI pflash and\ncheck a CRC-32; the PIX ROM reads through its AT29C040A driver and checks SHA-256.")
    print("Images booted: test.bin from %s; the 2 MiB image from %s" % (st.small_where, st.big_where))
    if any(failures.values()):
        print("\nFailed attempts (each was tried again; ok/tries above counts them):")
    for c in cases:
        for f in failures[c]:
            print("  %s %s: %s" % (c[0], c[1], f))

    # -- ROM
    size, used = os.path.getsize(st.rom), st.rom_used
    print("\nPIX ROM %s: %d bytes, %s" % (opts.rom, size, "%d used (_rom_used_end - 0xFFFC0000 + 256), %d free"
                                          % (used, size - used) if used is not None else "used bytes unknown"))
    res["rom"] = {"path": opts.rom, "size": size, "used": used}
    load_end = loadavg()
    res["loadavg_at_end"] = load_end
    res["wall_s"] = time.monotonic() - started
    print("Total wall time %.0f s; load average %.2f at the start, %.2f at the end"
          % (res["wall_s"], load_start, load_end))
    if max(load_start, load_end) > 0.75 * (os.cpu_count() or 1):
        print("warning: the host was busy: the figures are noisy; compare the minima, or run again")
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(res, f, indent=2)
            f.write("\n")
        print("JSON written to %s" % opts.json)
    # Failure only when a PIX case got no run through at all.
    return 1 if any(not samples[c] for c in cases if c[0] != "uboot") else 0


if __name__ == "__main__":
    sys.exit(main())
