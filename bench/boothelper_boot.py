#!/usr/bin/python3
"""Power-on to `pixboothelper>` (issue 12): the Boothelper diskette booted by the PIX ROM and by SeaBIOS.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/boothelper_boot.py [--runs N] [--json FILE]

Each run starts a fresh QEMU (TCG, the launcher's machine: two i82558b NICs, an 8 MiB flash file made
by pix-flash, build/boothelper.img copied into drive A) and times, on the serial console (wall clock,
a pty), from QEMU's start to the program's prompt `pixboothelper> `:
  PIX ROM   -bios build/pix.rom with the boot delay at 0 (fw_cfg opt/pix/bootdelay): the ROM's
            bring-up, its diskette probe and read through its own 82077AA driver (ISA DMA), the
            SHA-256 check, then the program's own bring-up;
  SeaBIOS   no -bios, `-boot order=a`: SeaBIOS's POST, its INT 13h read of the diskette through the
            boot sector (one track per call), protected mode, then the same program.
Also, for each, the time from QEMU's start to the program's banner line, so the program's own
bring-up (banner -> prompt: PCI, NICs, flash) shows apart from what comes before it.
Runs are interleaved across the two cases; medians and [min-max]. QEMU's start-up is in both.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import cpu_model, loadavg, qemu_version, raw_output  # noqa: E402

try:
    import pexpect
except ImportError:
    sys.exit("boothelper_boot.py: needs pexpect; run it with /usr/bin/python3 (Debian's python3-pexpect)")

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402

ROM = os.path.join(TOP, "build", "pix.rom")
DISK = os.path.join(TOP, "build", "boothelper.img")
PIX_FLASH = os.path.join(TOP, "build", "host", "pix-flash")
TIMEOUT = 60.0
BANNER = b"Cisco Secure PIX Firewall Boothelper"
PROMPT = b"pixboothelper> "
CASES = (("PIX ROM", ROM), ("SeaBIOS", None))


def one_run(rom, workdir):
    """(seconds to the banner, seconds to the prompt) from QEMU's start, for one power-on."""
    flash = os.path.join(workdir, "flash.bin")
    floppy = os.path.join(workdir, "boothelper.img")
    if os.path.exists(flash):
        os.unlink(flash)
    subprocess.run([PIX_FLASH, "create", flash, "--serial", "12345678"], check=True, stdout=subprocess.DEVNULL)
    shutil.copy(DISK, floppy)
    argv = pixqemu.qemu_argv(rom=rom, tftp=os.path.join(workdir, "tftp"), flash=flash, floppy=floppy,
                             bootdelay=0 if rom else None)
    t0 = time.monotonic()
    child = pexpect.spawn(argv[0], argv[1:], timeout=TIMEOUT, preexec_fn=raw_output)
    try:
        child.expect_exact(BANNER)
        banner = time.monotonic() - t0
        child.expect_exact(PROMPT)
        prompt = time.monotonic() - t0
    finally:
        child.terminate(force=True)
    return banner, prompt


def show(values):
    return "%.3f [%.3f-%.3f]" % (statistics.median(values), min(values), max(values))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", help="write the figures there too")
    opts = p.parse_args()
    for path in (ROM, DISK, PIX_FLASH):
        if not os.path.exists(path):
            sys.exit("boothelper_boot.py: %s is missing: run make first" % path)
    results = {name: {"banner": [], "prompt": []} for name, _ in CASES}
    load_before = loadavg()
    with tempfile.TemporaryDirectory(prefix="pixbhbench") as workdir:
        for _ in range(opts.runs):
            for name, rom in CASES:
                banner, prompt = one_run(rom, workdir)
                results[name]["banner"].append(banner)
                results[name]["prompt"].append(prompt)
    print("Boothelper power-on, %d runs each, interleaved; %s; %s; load %.1f -> %.1f" %
          (opts.runs, qemu_version(), cpu_model(), load_before, loadavg()))
    print("%-8s  %-26s  %-26s  %s" % ("BIOS", "start -> banner s", "start -> pixboothelper> s",
                                        "banner -> prompt s"))
    for name, _ in CASES:
        r = results[name]
        bring_up = [b - a for a, b in zip(r["banner"], r["prompt"])]
        print("%-8s  %-26s  %-26s  %s" % (name, show(r["banner"]), show(r["prompt"]), show(bring_up)))
    rom_s = statistics.median(results["PIX ROM"]["prompt"])
    sea_s = statistics.median(results["SeaBIOS"]["prompt"])
    print("PIX ROM / SeaBIOS to the prompt: %.2f" % (rom_s / sea_s))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
