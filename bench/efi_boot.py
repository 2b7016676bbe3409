#!/usr/bin/python3
"""Power-on to the prompt under OVMF (issue 13): the PIX UEFI application against iPXE's EFI build.

Run with Debian's Python (it has pexpect):
    /usr/bin/python3 bench/efi_boot.py [--runs N] [--nic e1000|i82558b] [--json FILE]

Both run on the same machine: qemu-system-x86_64 under TCG, OVMF as the BIOS, 256 MiB, no display, two
NICs of the same model with iPXE's EFI ROMs (Debian's ipxe-qemu), the serial console on a pty. Each run
starts a fresh QEMU and times (wall clock) from QEMU's start:
  PIX EFI   build/pix.efi from a read-only FAT drive (the launcher's --efi machine, an unformatted
            flash file): to its banner line, then, Esc sent as soon as the countdown shows, to
            `monitor> ` (the NIC list printed: the NICs found through SNP);
  iPXE EFI  OVMF's network boot of iPXE's EFI driver (-boot n): to "Press Ctrl-B", then, Ctrl-B sent at
            once, to its `iPXE>` prompt.
Both include OVMF's own start-up (the larger part); the difference is what each firmware adds to it.
Runs are interleaved across the two cases; medians and [min-max].
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import Failed, cpu_model, kill, loadavg, qemu_version, spawn, wait  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "qemu"))
import pixqemu  # noqa: E402

EFI_APP = os.path.join(TOP, "build", "pix.efi")
IPXE_EFI_ROMS = {"e1000": "/usr/lib/ipxe/qemu/efi-e1000.rom", "i82558b": "/usr/lib/ipxe/qemu/efi-eepro100.rom"}
TIMEOUT = 90.0
CASES = ("PIX EFI", "iPXE EFI")


def pix_run(nic, workdir):
    """(seconds to the banner, seconds to `monitor> `) for one power-on of the UEFI application."""
    argv = pixqemu.qemu_argv(efi=EFI_APP, nic=nic, tftp=os.path.join(workdir, "tftp"),
                             flash=os.path.join(workdir, "flash.bin"), bootdelay=10)
    start = time.monotonic()
    child = spawn(argv)
    try:
        wait(child, [rb"PIX BIOS \(4\.0\) #47"], TIMEOUT, "PIX EFI banner")
        banner = time.monotonic() - start
        wait(child, [rb"Flash boot in 10 seconds"], TIMEOUT, "PIX EFI countdown")
        child.send(b"\x1b")
        wait(child, [rb"monitor> "], TIMEOUT, "PIX EFI monitor")
        return banner, time.monotonic() - start
    finally:
        kill(child)


def ipxe_run(nic, workdir):
    """(seconds to "Press Ctrl-B", seconds to `iPXE>`) for one power-on of OVMF with iPXE's EFI ROM."""
    argv = [pixqemu.QEMU_EFI, "-M", "pc", "-accel", "tcg", "-cpu", "qemu64,+rdrand", "-bios", pixqemu.OVMF,
            "-m", str(pixqemu.EFI_MIN_MEMORY_MB), "-display", "none", "-vga", "none", "-nodefaults",
            "-no-user-config", "-monitor", "none", "-serial", "stdio", "-boot", "n"]
    for i in range(2):
        argv += ["-netdev", "user,id=n%d,tftp=%s" % (i, os.path.join(workdir, "tftp")),
                 "-device", "%s,netdev=n%d,romfile=%s" % (nic, i, IPXE_EFI_ROMS[nic])]
    start = time.monotonic()
    child = spawn(argv)
    try:
        wait(child, [rb"Press Ctrl-B for the iPXE command line"], TIMEOUT, "iPXE EFI banner")
        banner = time.monotonic() - start
        child.send(b"\x02")
        wait(child, [rb"iPXE> "], TIMEOUT, "iPXE EFI prompt")
        return banner, time.monotonic() - start
    finally:
        kill(child)


def fmt(samples):
    return "%.2f s [%.2f-%.2f]" % (statistics.median(samples), min(samples), max(samples))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--nic", choices=sorted(IPXE_EFI_ROMS), default="e1000")
    p.add_argument("--json", metavar="FILE")
    opts = p.parse_args(argv)
    if not os.path.isfile(EFI_APP):
        sys.exit("efi_boot.py: %s is missing (make)" % EFI_APP)
    res = {c: {"banner": [], "prompt": []} for c in CASES}
    with tempfile.TemporaryDirectory(prefix="pixefibench") as workdir:
        os.makedirs(os.path.join(workdir, "tftp"))
        for _ in range(opts.runs):
            for case, fn in zip(CASES, (pix_run, ipxe_run)):
                try:
                    if os.path.exists(os.path.join(workdir, "flash.bin")):
                        os.unlink(os.path.join(workdir, "flash.bin"))
                    banner, prompt = fn(opts.nic, workdir)
                except Failed as e:
                    sys.exit("efi_boot.py: %s: %s" % (case, e))
                res[case]["banner"].append(banner)
                res[case]["prompt"].append(prompt)
    print("Power-on to the prompt under OVMF, %s NICs, %d runs (%s; %s; load %.2f)" % (
        opts.nic, opts.runs, qemu_version(pixqemu.QEMU_EFI), cpu_model(), loadavg()))
    print("%-10s %-26s %-26s" % ("", "to its banner", "to its prompt"))
    for case in CASES:
        print("%-10s %-26s %-26s" % (case, fmt(res[case]["banner"]), fmt(res[case]["prompt"])))
    pix, ipxe = (statistics.median(res[c]["prompt"]) for c in CASES)
    print("PIX EFI / iPXE EFI to the prompt: %.2f (below 1: the PIX application is there first)" % (pix / ipxe))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"nic": opts.nic, "runs": opts.runs, "results": res}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
