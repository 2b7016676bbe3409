"""What the benchmarks share: sample summaries and the facts of the machine a run was made on."""
import os
import platform
import re
import statistics
import subprocess
import sys

try:
    import pexpect
except ImportError:  # the python3 first on PATH may lack it
    sys.exit("%s: needs pexpect; run it with /usr/bin/python3 (Debian's python3-pexpect)"
             % os.path.basename(sys.argv[0]))

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


def process_times(pid):
    """(CPU seconds, seconds waiting for a CPU) summed over the threads of process pid so far, from the
    scheduler's /proc/<pid>/task/<tid>/schedstat (nanoseconds on a CPU, nanoseconds runnable but waiting);
    None when they cannot be read. Threads that ended before the call are not counted."""
    cpu = wait_ = 0
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                    on, waiting = f.read().split()[:2]
            except OSError:
                continue  # the thread ended meanwhile
            cpu += int(on)
            wait_ += int(waiting)
    except (OSError, ValueError):
        return None
    return cpu / 1e9, wait_ / 1e9


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


# ---- driving a firmware on QEMU's serial console (pexpect) -----------------------------------------

SPAWN_TIMEOUT = 20.0  # default pexpect timeout of a session; every wait passes its own


class Failed(Exception):
    """A run or session went wrong; the message says where."""


def tail(data, n=300):
    """The last n characters of what a pexpect child printed, for a failure message."""
    if not isinstance(data, (bytes, bytearray)):
        return ""
    return data[-n:].decode("latin-1")


def raw_output():
    """In QEMU's child: keep "\\n" as is on the pty (ONLCR would add a "\\r"), as the QEMU tests do."""
    import termios
    a = termios.tcgetattr(0)
    a[1] &= ~termios.ONLCR
    termios.tcsetattr(0, termios.TCSANOW, a)


def spawn(argv, raw=False):
    """QEMU started under pexpect, bytes mode; raw: no "\\r" added to the guest's "\\n"."""
    child = pexpect.spawn(argv[0], argv[1:], timeout=SPAWN_TIMEOUT, echo=False, maxread=65536,
                          preexec_fn=raw_output if raw else None)
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def kill(child):
    """Stops QEMU at once (None: nothing to stop)."""
    if child is not None:
        child.delayafterclose = 0.0
        child.delayafterterminate = 0.05
        child.close(force=True)


def wait(child, patterns, timeout, what):
    """child.expect(patterns) with a timeout; returns the index; raises Failed on timeout or EOF."""
    try:
        return child.expect(patterns, timeout=timeout)
    except pexpect.TIMEOUT:
        raise Failed("%s: no %s within %g s (last output %r)"
                     % (what, " or ".join(repr(p.decode()) for p in patterns), timeout, tail(child.before)))
    except pexpect.EOF:
        raise Failed("%s: QEMU exited (last output %r)" % (what, tail(child.before)))
