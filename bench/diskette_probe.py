#!/usr/bin/python3
"""What the ROM's diskette probe (issue 12) costs a power-on that boots from flash.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/diskette_probe.py [--runs N] [--rom PATH] [--baseline-rom PATH] [--json FILE]

The ROM looks for drive A as its countdown starts (CMOS, then controller reset and motor on) and, when
the countdown ends with a boot, checks for a diskette before the flash boot. With the boot delay at 0,
everything between the banner's "Use SPACE to begin flash boot immediately." line and the flash boot's
first line ("Flash boot: ..." on the never-formatted flash used here) is the probe, the check and the
one "Diskette boot: ..." line, plus the flash boot's own look at the flash, which is the same in every
case. So the figure per case is that interval, as read on the serial console (wall clock, a pty,
under TCG), median and min/max over the runs, interleaved across cases:
  no drive     QEMU with no diskette drive (CMOS 0x10 = 0x00): the probe reads one CMOS byte
  empty drive  drive A with no diskette (CMOS 0x10 = 0x50): reset, motor on, two seeks, DSKCHG
  blank        a diskette of zeros: as empty, plus the spin-up wait left over and one sector read
With --baseline-rom (a build of the ROM without the probe), its interval on the machine with no
drive is measured too, and the differences are printed: that is what the probe adds.
The issue's goal: under 50 ms with no diskette.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import cpu_model, loadavg, qemu_version, raw_output, summary, tail  # noqa: E402

try:
    import pexpect
except ImportError:
    sys.exit("diskette_probe.py: needs pexpect; run it with /usr/bin/python3 (Debian's python3-pexpect)")

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402

DEFAULT_ROM = os.path.join(TOP, "build", "pix.rom")
DISK_SIZE = 1474560
TIMEOUT = 20.0
START = b"Use SPACE to begin flash boot immediately.\r\n"
END = b"Flash boot: "


def one_run(rom, floppy, workdir):
    """Seconds from the START line to the END text for one power-on; raises on a timeout."""
    flash = os.path.join(workdir, "flash.bin")
    if os.path.exists(flash):
        os.unlink(flash)
    argv = pixqemu.qemu_argv(rom=rom, tftp=os.path.join(workdir, "tftp"), flash=flash, bootdelay=0,
                             floppy=floppy)
    child = pexpect.spawn(argv[0], argv[1:], timeout=TIMEOUT, preexec_fn=raw_output)
    try:
        child.expect_exact(START)
        t0 = time.monotonic()
        child.expect_exact(END)
        return time.monotonic() - t0
    except (pexpect.TIMEOUT, pexpect.EOF):
        raise RuntimeError("no %r: %s" % (END, tail(child.before)))
    finally:
        child.terminate(force=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--rom", default=DEFAULT_ROM)
    p.add_argument("--baseline-rom", help="a ROM without the diskette probe, for the difference")
    p.add_argument("--json", help="write the figures there too")
    opts = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="pixdisk") as workdir:
        blank = os.path.join(workdir, "blank.img")
        with open(blank, "wb") as f:
            f.write(bytes(DISK_SIZE))
        cases = [("no drive", opts.rom, None), ("empty drive", opts.rom, "empty"),
                 ("blank", opts.rom, blank)]
        if opts.baseline_rom:
            cases.append(("baseline, no drive", opts.baseline_rom, None))
        samples = {name: [] for name, _, _ in cases}
        for _ in range(opts.runs):
            for name, rom, floppy in cases:
                samples[name].append(one_run(rom, floppy, workdir))
    print("Diskette probe: ms from the banner's last line to the flash boot's first, boot delay 0")
    print("%s; %s; load %.2f; %d runs" % (qemu_version(), cpu_model(), loadavg(), opts.runs))
    result = {}
    for name, _, _ in cases:
        s = summary([x * 1000 for x in samples[name]])
        result[name] = s
        print("  %-20s median %7.1f ms  [%.1f - %.1f]" % (name, s["median"], s["min"], s["max"]))
    base = result.get("baseline, no drive")
    if base:
        for name in ("no drive", "empty drive"):
            print("  added, %-13s %7.1f ms (medians)" % (name, result[name]["median"] - base["median"]))
    else:
        print("  added by an empty drive over no drive: %.1f ms (medians)" %
              (result["empty drive"]["median"] - result["no drive"]["median"]))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"ms": result, "stdev_no_drive": statistics.pstdev(samples["no drive"]) * 1000}, f,
                      indent=1)


if __name__ == "__main__":
    main()
