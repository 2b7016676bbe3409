#!/usr/bin/python3
"""Running-image benchmark (issue 8): boot time from SPACE at the countdown to `pixfirewall>`, `copy tftp
flash` of a 2 MiB image end to end beside the monitor's `tftp` and install of the same file in the same run,
and the running image's size and RAM use.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/pixos_speed.py [--runs N] [--quick] [--json FILE]

Set-up, once per invocation (host tools in build/host): a licensed unit (serial 12345678, the DESIGN.md key)
with build/pixos.bin installed and a stored configuration giving `inside` the address 10.0.2.15/24; a 2 MiB
image made with pix-mkimage from build/pixos.bin's own payload padded with random bytes (load and entry
unchanged), served by QEMU's built-in TFTP server.

Boot: at the countdown line the script sends SPACE and times SPACE -> "Cisco PIX Firewall Version" (the ROM
has checked and started the image) -> "pixfirewall> " (the image has brought the board up, loaded and
applied its configuration).

Install, in fast and datasheet flash timing: the running image, `enable`, then `copy
tftp://10.0.2.2/big.bin flash`, timed from Enter to "Received" (download), to "Writing image to flash" (the
image checks) and to "Image installed" (programming, read-back, records). The monitor on the same unit:
address, server, file, then `tftp`, timed from Enter to the admin loader's "Install to flash? [yn]"
(download and checks), and from the `y` to "Image installed". The monitor's total leaves out the time the
question waits for its answer. After each install the host tool checks that the unit would boot the new
image.

Runs are interleaved (run 1 of every case, then run 2, ...); tables show median [min-max] and the ratio of
the two totals. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import Failed, cpu_model, kill, loadavg, qemu_version, spawn, summary, tail, wait  # noqa: E402
from flash_speed import KEY, SERIAL, command, tool, would_boot  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402

ROM = os.path.join(TOP, "build", "pix.rom")
PIXOS_BIN = os.path.join(TOP, "build", "pixos.bin")
PIXOS_ELF = os.path.join(TOP, "build", "pixos", "pixos.elf")
BIG_LEN = 2 * 1024 * 1024
BIG_VERSION = "6.3(6)"
SEED = 0x5049584F
BOOTDELAY = 5
BOOT_TIMEOUT = 30.0
REPLY_TIMEOUT = 20.0
INSTALL_TIMEOUT = 180.0  # datasheet timing: a 2 MiB install takes several seconds, more on a loaded host
USER, ENABLE = rb"pixfirewall> ", rb"pixfirewall# "
MONITOR = rb"monitor> "
NET_CONFIG = "ip address inside 10.0.2.15 255.255.255.0\n"


class Setup:
    """Private copies of the ROM and image, the 2 MiB image, the pristine unit, under tmp."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.rom = os.path.join(tmp, "pix.rom")
        shutil.copyfile(ROM, self.rom)
        self.pixos = os.path.join(tmp, "pixos.bin")
        shutil.copyfile(PIXOS_BIN, self.pixos)
        self.tftp = os.path.join(tmp, "tftpboot")
        os.makedirs(self.tftp)
        shown = tool("pix-mkimage", "--show", self.pixos)
        load = re.search(r"^Load address:\s+(0x[0-9a-f]+)$", shown, re.M).group(1)
        entry = re.search(r"^Entry address:\s+(0x[0-9a-f]+)$", shown, re.M).group(1)
        with open(self.pixos, "rb") as f:
            code = f.read()[512:]
        payload = os.path.join(tmp, "payload.bin")
        with open(payload, "wb") as f:
            f.write(code + random.Random(SEED).randbytes(BIG_LEN - 512 - len(code)))
        self.big = os.path.join(self.tftp, "big.bin")
        tool("pix-mkimage", "-o", self.big, "--version", BIG_VERSION, "--load", load, "--entry", entry,
             "--build", "pixos_speed.py 2 MiB image", payload)
        self.unit = os.path.join(tmp, "unit.bin")
        tool("pix-flash", "create", self.unit, "--serial", SERIAL, "--key", KEY)
        tool("pix-flash", "install", self.unit, self.pixos)
        cfg = os.path.join(tmp, "unit.cfg")
        with open(cfg, "w") as f:
            f.write(NET_CONFIG)
        tool("pix-flash", "config", self.unit, "--version", "6.3(5)", cfg)
        self.run_flash = os.path.join(tmp, "run.bin")


def start(st, timing=None):
    shutil.copyfile(st.unit, st.run_flash)
    argv = pixqemu.qemu_argv(rom=st.rom, tftp=st.tftp, flash=st.run_flash, bootdelay=BOOTDELAY,
                             make_dirs=False, flashtiming=timing)
    return spawn(argv, raw=True)


def boot_run(st):
    """SPACE at the countdown -> the image's banner -> its first prompt, in seconds."""
    child = None
    try:
        child = start(st)
        wait(child, [rb"Flash boot in \d+ seconds\."], BOOT_TIMEOUT, "countdown line")
        t0 = time.monotonic()
        child.send(" ")
        wait(child, [rb"Cisco PIX Firewall Version 6\.3\(5\)\r\n"], BOOT_TIMEOUT, "the image's banner")
        banner = time.monotonic() - t0
        wait(child, [USER], BOOT_TIMEOUT, "the first prompt")
        prompt = time.monotonic() - t0
    finally:
        kill(child)
    return {"banner": banner, "prompt": prompt}


def copy_run(st, timing):
    """copy tftp flash of the 2 MiB image from the running image: download, checks, install, total."""
    child = None
    try:
        child = start(st, timing)
        wait(child, [rb"Flash boot in \d+ seconds\."], BOOT_TIMEOUT, "countdown line")
        child.send(" ")
        wait(child, [USER], BOOT_TIMEOUT, "the first prompt")
        command(child, "enable", [ENABLE], REPLY_TIMEOUT)
        _, received = command(child, "copy tftp://10.0.2.2/big.bin flash", [rb"Received \d+ bytes\r\n"],
                              INSTALL_TIMEOUT)
        t_rx = time.monotonic()
        wait(child, [rb"Writing image to flash"], REPLY_TIMEOUT, "the install's start")
        checks = time.monotonic() - t_rx
        i = wait(child, [rb"\r\nImage installed\r\n", rb"Image not installed"], INSTALL_TIMEOUT, "install")
        if i:
            raise Failed("copy tftp flash: %r" % tail(child.before))
        total = time.monotonic() - t_rx + received
    finally:
        kill(child)
    if would_boot(st.run_flash)[0] != BIG_VERSION:
        raise Failed("after copy tftp flash the unit would not boot %s" % BIG_VERSION)
    return {"download": received, "checks": checks, "install": total - received - checks, "total": total}


def monitor_run(st, timing):
    """The monitor's tftp + install of the same file on the same unit."""
    child = None
    try:
        child = start(st, timing)
        wait(child, [rb"Use BREAK or ESC"], BOOT_TIMEOUT, "banner")
        child.send("\x1b")
        wait(child, [MONITOR], BOOT_TIMEOUT, "monitor prompt")
        for line in ("address 10.0.2.15", "server 10.0.2.2", "file big.bin"):
            command(child, line, [MONITOR], REPLY_TIMEOUT)
        i, download = command(child, "tftp", [rb"Install to flash\? \[yn\] ", MONITOR], INSTALL_TIMEOUT)
        if i:
            raise Failed("monitor tftp: %r" % tail(child.before))
        child.send("y\r")
        t0 = time.monotonic()
        i = wait(child, [rb"\r\nImage installed\r\n", rb"Image not installed"], INSTALL_TIMEOUT, "install")
        if i:
            raise Failed("monitor install: %r" % tail(child.before))
        install = time.monotonic() - t0
    finally:
        kill(child)
    if would_boot(st.run_flash)[0] != BIG_VERSION:
        raise Failed("after the monitor's install the unit would not boot %s" % BIG_VERSION)
    return {"download": download, "install": install, "total": download + install}


def image_facts():
    """The running image's size and its RAM from the ELF's symbols."""
    out = subprocess.run(["nm", PIXOS_ELF], capture_output=True, text=True, check=True).stdout
    sym = {m.group(2): int(m.group(1), 16) for m in re.finditer(r"^([0-9a-f]+) \w (\w+)$", out, re.M)}
    load = sym["pixos_entry"]
    return {"image_bytes": os.path.getsize(PIXOS_BIN), "payload_bytes": sym["_payload_end"] - load,
            "bss_bytes": sym["_bss_end"] - sym["_bss_start"], "ram_bytes": sym["_end"] - load,
            "load": load}


def fmt(sm):
    if not sm:
        return "n/a"
    return "%.3f s [%.3f-%.3f]" % (sm["median"], sm["min"], sm["max"])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="one run per case")
    p.add_argument("--json", metavar="FILE")
    opts = p.parse_args(argv)
    runs = 1 if opts.quick else opts.runs
    for path in (ROM, PIXOS_BIN, PIXOS_ELF):
        if not os.path.exists(path):
            sys.exit("pixos_speed.py: %s is missing (run make)" % path)
    load0 = loadavg()
    cases = {"boot": [], "copy fast": [], "monitor fast": [], "copy datasheet": [], "monitor datasheet": []}
    with tempfile.TemporaryDirectory(prefix="pixos-bench-") as tmp:
        st = Setup(tmp)
        for _ in range(runs):
            cases["boot"].append(boot_run(st))
            for timing in ("fast", "datasheet"):
                t = None if timing == "fast" else timing
                cases["copy " + timing].append(copy_run(st, t))
                cases["monitor " + timing].append(monitor_run(st, t))
    facts = image_facts()
    print("pixos_speed.py, %s UTC, %s, %s, load %.2f -> %.2f, %d run(s) per case" % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), qemu_version(), cpu_model(), load0, loadavg(),
        runs))
    print("\nBoot, SPACE at the countdown ->")
    for key, label in (("banner", "the image's banner"), ("prompt", "pixfirewall>")):
        print("  %-28s %s" % (label, fmt(summary([r[key] for r in cases["boot"]]))))
    print("\n2 MiB image into flash (Enter -> Image installed; the monitor without its question's wait)")
    result = {"facts": facts, "cases": cases}
    for timing in ("fast", "datasheet"):
        cp = summary([r["total"] for r in cases["copy " + timing]])
        mon = summary([r["total"] for r in cases["monitor " + timing]])
        print("  %-9s copy tftp flash   %s  (download %s, checks %s, install %s)" % (
            timing, fmt(cp), fmt(summary([r["download"] for r in cases["copy " + timing]])),
            fmt(summary([r["checks"] for r in cases["copy " + timing]])),
            fmt(summary([r["install"] for r in cases["copy " + timing]]))))
        print("  %-9s monitor tftp+y    %s  (download and checks %s, install %s)" % (
            "", fmt(mon), fmt(summary([r["download"] for r in cases["monitor " + timing]])),
            fmt(summary([r["install"] for r in cases["monitor " + timing]]))))
        print("  %-9s copy / monitor    %.2f" % ("", cp["median"] / mon["median"]))
    print("\nImage: %d bytes (payload %d); RAM %d bytes from 0x%x (.bss and stack %d)" % (
        facts["image_bytes"], facts["payload_bytes"], facts["ram_bytes"], facts["load"], facts["bss_bytes"]))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as e:
        sys.exit("pixos_speed.py: %s" % e)
