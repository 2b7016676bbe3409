"""What the benchmarks share: sample summaries and the facts of the machine a run was made on."""
import os
import platform
import re
import statistics
import subprocess

QEMU = "qemu-system-i386"


def summary(samples):
    """Median, min, max and count of a list of figures, or None when there are none."""
    if not samples:
        return None
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "n": len(samples), "samples": samples}


def qemu_version(qemu=QEMU):
    """The first line of `qemu --version`, or "unknown"."""
    try:
        out = subprocess.run([qemu, "--version"], capture_output=True, text=True, timeout=10).stdout
        return out.splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def cpu_model():
    """The host CPU's model name."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def loadavg():
    """The 1-minute load average (0.0 when unknown): these machines are shared, figures are noisy."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


ROM_BASE = 0xFFFC0000  # where the 256 KiB PIX ROM sits (top of 4 GiB)


def rom_used(rom, rom_base=ROM_BASE):
    """Bytes of the ROM in use, as tools/check-rom.sh counts them: _rom_used_end from the .map file next
    to the ROM, minus the ROM's base, plus the 256-byte reset page at the top. None when unknown."""
    path = os.path.splitext(rom)[0] + ".map"
    try:
        with open(path, errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    hit = re.search(r"^\s*0x([0-9a-fA-F]+)\s+_rom_used_end\b", text, re.M)
    if not hit:
        return None
    return int(hit.group(1), 16) - rom_base + 256
