#!/usr/bin/python3
"""Boot-time benchmark: the PIX ROM against U-Boot, iPXE behind SeaBIOS, and QEMU's own start-up.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/boot_time.py [--runs N] [--rom PATH] [--json FILE]
or `make bench`, which builds build/pix.rom first.

Every figure is wall-clock time from time.monotonic() taken right before QEMU is spawned to the moment
the event's text is read from QEMU's serial console (COM1 on stdio, through a pty). Everything runs
under TCG (-accel tcg). The runs are interleaved (run 1 of every target, then run 2, ...) so that a
busy spell on the host spreads over all targets instead of landing on one. Each event reports the
median and the min/max over the runs. See bench/README.md for what each event is and how to read them.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import ROM_BASE, cpu_model, loadavg, qemu_version, rom_used, summary  # noqa: E402

try:
    import pexpect
except ImportError:  # the python3 first on PATH may lack it
    sys.exit("boot_time.py: needs pexpect; run it with /usr/bin/python3 (Debian's python3-pexpect)")

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU = "qemu-system-i386"
DEFAULT_ROM = os.path.join(TOP, "build", "pix.rom")
UBOOT_ROM = "/usr/lib/u-boot/qemu-x86/u-boot.rom"  # Debian package u-boot-qemu
IPXE_ROM = "/usr/lib/ipxe/qemu/efi-e1000.rom"     # Debian package ipxe-qemu: QEMU's e1000 option ROM
TIMEOUT = 20.0                                      # seconds allowed for any one event

# ---- the trivial reference ROM -------------------------------------------------------------------
# 64 KiB, all 0xFF except the 16 bytes of the reset vector. QEMU maps a -bios image just below 4 GiB,
# and the CPU leaves reset in real mode at CS:IP = F000:FFF0 (CS base 0xFFFF0000), i.e. offset 0xFFF0
# of this image. The code there sends one byte to COM1 and then stops:
#   FFF0  BA F8 03   mov dx, 0x3F8    ; COM1's transmit holding register
#   FFF3  B0 21      mov al, '!'      ; the byte to send
#   FFF5  EE         out dx, al       ; QEMU's 16550 passes it to the chardev at once (no init needed)
#   FFF6  F4         hlt              ; IF is 0 after reset, so this sleeps for good...
#   FFF7  EB FD      jmp short FFF6   ; ...and if anything wakes it, halt again
#   FFF9  F4 x7      hlt padding up to the end of the image
TRIVIAL_BYTE = b"!"
TRIVIAL_VECTOR = bytes([0xBA, 0xF8, 0x03, 0xB0, TRIVIAL_BYTE[0], 0xEE, 0xF4, 0xEB, 0xFD]) + b"\xF4" * 7


def make_trivial_rom(path):
    image = bytearray(b"\xFF" * 0x10000)
    image[0xFFF0:0x10000] = TRIVIAL_VECTOR
    with open(path, "wb") as f:
        f.write(image)


# ---- the machines --------------------------------------------------------------------------------
# Each builder returns the argv for one run; `bios` replaces the target's firmware (used to run the
# trivial ROM on exactly the same machine, so QEMU's start-up cost is measured with the same devices).

def pix_argv(rom, tmp, bios=None):
    flash = os.path.join(tmp, "flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)  # a fresh (QEMU-created, zero-filled) flash bank for every run
    return [QEMU, "-M", "pc", "-accel", "tcg", "-bios", bios or rom, "-m", "64",
            "-display", "none", "-vga", "none", "-nodefaults", "-no-user-config",
            "-monitor", "none", "-serial", "stdio",
            "-device", "i82558b,netdev=n0,addr=0x0d", "-netdev", "user,id=n0,restrict=on",
            "-device", "i82558b,netdev=n1,addr=0x0e", "-netdev", "user,id=n1",
            "-object", "memory-backend-file,id=flash,size=8M,mem-path=%s,share=on" % flash,
            "-device", "ivshmem-plain,memdev=flash",
            "-fw_cfg", "name=opt/pix/bootdelay,string=5"]


def uboot_argv(rom, tmp, bios=None):
    # U-Boot's qemu-x86 build needs nothing more than COM1: no VGA, no NIC (it says "No ethernet found").
    return [QEMU, "-M", "pc", "-accel", "tcg", "-bios", bios or UBOOT_ROM, "-m", "64",
            "-display", "none", "-nodefaults", "-no-user-config", "-serial", "stdio", "-monitor", "none"]


def ipxe_argv(rom, tmp, bios=None):
    # QEMU's default BIOS (SeaBIOS) with an e1000 whose option ROM is iPXE, booting from the network.
    # graphics=off makes QEMU hand SeaBIOS the fw_cfg file etc/sercon-port (0x3f8): SeaBIOS's serial
    # console then mirrors its own text output and the option ROM's INT 10h output onto COM1. Without
    # it (and with no VGA card) nothing at all reaches the serial port.
    argv = [QEMU, "-M", "pc,graphics=off", "-accel", "tcg"]
    if bios:
        argv += ["-bios", bios]
    return argv + ["-m", "64", "-display", "none", "-nodefaults", "-no-user-config",
                   "-serial", "stdio", "-monitor", "none",
                   "-device", "e1000,netdev=n0,romfile=%s" % IPXE_ROM,
                   "-netdev", "user,id=n0,restrict=on", "-boot", "n"]


# Steps: ("expect", event name or None, regex) waits for the text and records the time under the name;
# an optional 4th element is a regex that, seen first, makes the run fail at once (the event will not come);
# ("send", bytes) writes to the console. A target's events are the named expects, in order.
PIX_STEPS = [
    ("expect", "first line", rb"PIX BIOS \(4\.0\)[^\n]*\n"),
    ("expect", "break prompt", rb"Use BREAK or ESC"),
    ("send", b"\x1b"),
    # If the ROM ever took the Esc before printing the countdown, say so instead of waiting 20 s.
    ("expect", "countdown line", rb"Flash boot in \d+ seconds\.", rb"monitor> "),
    ("expect", "monitor> after Esc", rb"monitor> "),
]
UBOOT_STEPS = [
    ("expect", "first line", rb"U-Boot \d{4}\.\d{2}[^\n]*\n"),
    ("expect", "autoboot line", rb"Hit any key to stop autoboot"),
]
IPXE_STEPS = [
    ("expect", "SeaBIOS first line", rb"SeaBIOS \(version[^\n]*\n"),
    ("expect", "iPXE ROM banner", rb"iPXE \(http://ipxe\.org\)[^\n]*\n"),
    ("expect", "iPXE prompt", rb"Press Ctrl-B for the iPXE command line"),
]
TRIVIAL_STEPS = [("expect", "byte", re.escape(TRIVIAL_BYTE))]


class Target:
    def __init__(self, key, title, argv, steps, available=True, why=""):
        self.key, self.title, self.argv, self.steps = key, title, argv, steps
        self.available, self.why = available, why
        self.events = [s[1] for s in steps if s[0] == "expect" and s[1]]
        self.samples = {e: [] for e in self.events}
        self.failures = []


def run_once(target, argv):
    """Boot once; append each event's time (seconds) to target.samples as it is seen (a run that fails
    half-way keeps the events before the failure). QEMU is killed afterwards."""
    child = None
    try:
        t0 = time.monotonic()
        child = pexpect.spawn(argv[0], argv[1:], timeout=TIMEOUT, echo=False)
        child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
        for step in target.steps:
            if step[0] == "send":
                child.send(step[1])
                continue
            name, pattern, abort = step[1], step[2], (step[3] if len(step) > 3 else None)
            try:
                which = child.expect([pattern, abort] if abort else [pattern], timeout=TIMEOUT)
                if which == 1:
                    target.failures.append("%s: %r came first" % (name, abort.decode()))
                    return
            except pexpect.TIMEOUT:
                target.failures.append("%s: no %r within %g s" % (name, pattern.decode(), TIMEOUT))
                return
            except pexpect.EOF:
                target.failures.append("%s: QEMU exited first: %r" % (name, child.before[-300:]))
                return
            target.samples[name].append(time.monotonic() - t0)
    finally:
        if child is not None:
            child.delayafterclose = 0.0
            child.delayafterterminate = 0.05
            child.close(force=True)


# ---- figures --------------------------------------------------------------------------------------


def ms(x):
    return "n/a" if x is None else "%.0f" % (x * 1000.0)


def main(argv=None):
    p = argparse.ArgumentParser(description="Boot-time benchmark of the PIX ROM against U-Boot and "
                                            "iPXE/SeaBIOS under QEMU TCG (times to serial console events).")
    p.add_argument("--runs", type=int, default=5, metavar="N", help="boots per target (default: 5)")
    p.add_argument("--rom", default=DEFAULT_ROM, metavar="PATH", help="PIX ROM (default: build/pix.rom)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    opts = p.parse_args(argv)
    if opts.runs < 1:
        p.error("--runs must be at least 1")
    if not os.path.isfile(opts.rom):
        sys.exit("boot_time.py: no ROM at %s (run make first)" % opts.rom)
    if shutil.which(QEMU) is None:
        sys.exit("boot_time.py: %s not found" % QEMU)

    tmp = tempfile.mkdtemp(prefix="pix-bench-")
    try:
        # A private copy of the ROM, so that a rebuild during the run cannot mix two ROMs.
        rom = os.path.join(tmp, "pix.rom")
        shutil.copyfile(opts.rom, rom)
        used = rom_used(opts.rom)
        trivial = os.path.join(tmp, "trivial.rom")
        make_trivial_rom(trivial)

        uboot_ok = os.path.isfile(UBOOT_ROM)
        ipxe_ok = os.path.isfile(IPXE_ROM)
        targets = [
            Target("pix", "PIX ROM", lambda b=None: pix_argv(rom, tmp, b),
                   PIX_STEPS),
            Target("uboot", "U-Boot (u-boot-qemu, qemu-x86)", lambda b=None: uboot_argv(rom, tmp, b),
                   UBOOT_STEPS, uboot_ok, "%s missing (apt-get install u-boot-qemu)" % UBOOT_ROM),
            Target("ipxe", "SeaBIOS + iPXE (e1000, -boot n)", lambda b=None: ipxe_argv(rom, tmp, b),
                   IPXE_STEPS, ipxe_ok, "%s missing (apt-get install ipxe-qemu)" % IPXE_ROM),
        ]
        # QEMU's start-up: the trivial ROM as the BIOS of each of those machines (same devices).
        baselines = {}
        for t in list(targets):
            b = Target("qemu-" + t.key, "trivial ROM, %s machine" % t.key,
                       lambda tt=t: tt.argv(trivial), TRIVIAL_STEPS, t.available, t.why)
            baselines[t.key] = b
            targets.append(b)

        print("PIX ROM: %s\nQEMU: %s, TCG; host: %s, %d CPUs, load average %.2f; %d runs each, interleaved"
              % (opts.rom, qemu_version(), cpu_model(), os.cpu_count() or 0, loadavg(), opts.runs),
              flush=True)
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        started = time.monotonic()
        for i in range(opts.runs):
            for t in targets:
                if t.available:
                    run_once(t, t.argv())
            print("  run %d/%d done (%.1f s)" % (i + 1, opts.runs, time.monotonic() - started), flush=True)

        results = report(targets, baselines, opts)
        size = os.path.getsize(rom)
        print("\nPIX ROM %s: %d bytes, %s" % (opts.rom, size,
              "%d used (_rom_used_end - 0x%08X + 256)" % (used, ROM_BASE) if used is not None
              else "used bytes unknown (no _rom_used_end in the map)"))
        results["rom"] = {"path": opts.rom, "size": size, "used": used}
        results["loadavg_at_start"] = "%.2f" % load_before
        if max(load_before, os.getloadavg()[0]) > 0.75 * (os.cpu_count() or 1):
            print("warning: the host was busy (load average %.2f at the start, %.2f at the end, %d CPUs): "
                  "the medians and the '-start' figures are noisy; the minima are the steadier view"
                  % (load_before, results["loadavg_at_end"], os.cpu_count() or 0))
        if opts.json:
            with open(opts.json, "w") as f:
                json.dump(results, f, indent=2)
                f.write("\n")
            print("JSON written to %s" % opts.json)
        # The benchmark fails only when the PIX ROM itself missed an event in every run.
        return 1 if any(not targets[0].samples[e] for e in targets[0].events) else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(targets, baselines, opts):
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "loadavg_at_end": loadavg(), "qemu": qemu_version(), "cpu": cpu_model(), "cpus": os.cpu_count(), "runs": opts.runs,
           "timeout_s": TIMEOUT, "targets": {}}
    base_med = {k: (summary(b.samples["byte"]) or {}).get("median") for k, b in baselines.items()}

    print("\nTimes in ms from QEMU spawn to the text on the serial console "
          "(median [min-max] of the runs that got there)")
    hdr = "%-34s %-22s %7s %15s %8s  %s" % ("target", "event", "median", "[min-max]", "-start", "runs ok")
    print(hdr)
    print("-" * len(hdr))
    for t in targets:
        entry = {"title": t.title, "available": t.available, "failures": t.failures, "events": {}}
        res["targets"][t.key] = entry
        start = base_med.get(t.key) if not t.key.startswith("qemu-") else None
        for i, e in enumerate(t.events):
            s = summary(t.samples[e])
            net = None if s is None or start is None else s["median"] - start
            if s is not None:
                s["minus_qemu_start"] = net
            entry["events"][e] = s
            rng = "n/a" if s is None else "[%s-%s]" % (ms(s["min"]), ms(s["max"]))
            print("%-34s %-22s %7s %15s %8s  %s" % (t.title if i == 0 else "", e,
                  ms(s and s["median"]), rng, ms(net) if net is not None else "",
                  "%d/%d" % (len(t.samples[e]), opts.runs) if t.available else "n/a: " + t.why))
    print("(-start: the median minus the trivial ROM's median on the same machine, i.e. minus QEMU's "
          "own start-up)")
    for t in targets:
        for f in sorted(set(t.failures)):
            print("  %s: %dx %s" % (t.title, t.failures.count(f), f))

    def fig(key, ev, kind):
        s = res["targets"].get(key, {}).get("events", {}).get(ev)
        return None if s is None else s[kind]

    ratios = {}
    print("\nRatios                                          of medians    of minima  medians minus QEMU start")
    for name, a, b, goal in [
            ("PIX countdown line / U-Boot autoboot line", ("pix", "countdown line"),
             ("uboot", "autoboot line"), 1.0 / 3.0),
            ("PIX first line / U-Boot first line", ("pix", "first line"), ("uboot", "first line"), None),
            ("PIX countdown line / iPXE prompt", ("pix", "countdown line"), ("ipxe", "iPXE prompt"), None)]:
        r = {}
        for kind in ("median", "min", "minus_qemu_start"):
            x, y = fig(*a, kind), fig(*b, kind)
            r[kind] = None if x is None or y is None or y <= 0 or x < 0 else x / y
        txt = ["n/a" if r[k] is None else "%.3f" % r[k] for k in ("median", "min", "minus_qemu_start")]
        print("  %-44s %10s %12s %12s" % (name, txt[0], txt[1], txt[2]))
        ratios[name] = dict(r, goal_max=goal)
        if goal is not None:
            verdict = ["n/a" if r[k] is None else ("met" if r[k] <= goal else "MISSED")
                       for k in ("median", "min", "minus_qemu_start")]
            print("  %-44s %10s %12s %12s" % ("  goal <= %.3f" % goal, verdict[0], verdict[1], verdict[2]))
            floor_x, floor_y = base_med.get(a[0]), fig(*b, "median")
            if floor_x is not None and floor_y:
                # Even a ROM that printed at once could not get below QEMU's start-up / U-Boot's time.
                floor = floor_x / floor_y
                ratios[name]["floor_median"] = floor
                print("  %-44s %10.3f" % ("  floor: QEMU start (PIX machine) / U-Boot", floor))
    res["ratios"] = ratios
    return res


if __name__ == "__main__":
    sys.exit(main())
